// SPDX-License-Identifier: GPL-3.0-or-later
// How long a pivot takes (issue 14: "a pivot over all events answers in under 200 ms"): loads a
// data set, then times eventsWithValue() and findingsWithValue() for the most frequent value of
// every pivot field (the worst case: the most hits to sort by time) and for a rare one. The
// window runs the same functions on a worker thread. Run it on a quiet machine:
//
//   build/dev/bench/bench_pivot /work/data/1m

#include "core/detection/detection.h"
#include "core/detection/pivot.h"
#include "core/ingest/loader.h"
#include "core/lists/identitylists.h"

#include <QElapsedTimer>
#include <QStringList>

#include <algorithm>
#include <cstdio>
#include <unordered_map>

using namespace tw;

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_pivot FOLDER...\n");
        return 2;
    }
    QStringList inputs;
    for (int i = 1; i < argc; ++i)
        inputs << QString::fromLocal8Bit(argv[i]);
    QElapsedTimer load;
    load.start();
    const auto store = loadEvents(inputs, LoadOptions{});
    std::printf("loaded %llu events in %lld ms\n", static_cast<unsigned long long>(store->events.size()),
                static_cast<long long>(load.elapsed()));
    const ActivityTable activity = aggregateActivity(*store, RuleSet::Ta7);
    const DetectionResult result = runDetection(*store, activity, IdentityMatcher(), IdentityMatcher());
    std::printf("%zu findings (no lists: every user)\n", result.findings.size());

    constexpr qint64 kLimitMs = 200;
    int failures = 0;
    for (PivotField field :
         {PivotField::EventName, PivotField::EventSource, PivotField::Region, PivotField::Account,
          PivotField::SourceIp, PivotField::UserAgent, PivotField::ErrorCode}) {
        std::unordered_map<std::uint32_t, std::size_t> counts;
        for (std::uint32_t e = 0; e < store->events.size(); ++e)
            ++counts[pivotValue(*store, field, e)];
        counts.erase(0);
        if (counts.empty())
            continue;
        const auto [common, n] = *std::max_element(counts.begin(), counts.end(),
                                                   [](auto& a, auto& b) { return a.second < b.second; });
        const auto rare = std::min_element(counts.begin(), counts.end(), [](auto& a, auto& b) {
                              return a.second < b.second;
                          })->first;
        for (const std::uint32_t value : {common, rare}) {
            QElapsedTimer t;
            t.start();
            const auto events = eventsWithValue(*store, field, value);
            const qint64 eventsMs = t.elapsed();
            t.restart();
            const auto users = findingsWithValue(*store, result, field, value);
            const qint64 findingsMs = t.elapsed();
            const bool ok = eventsMs <= kLimitMs && findingsMs <= kLimitMs;
            failures += !ok;
            std::printf("%-18s %-32.32s %8zu events %4lld ms, %6zu findings %4lld ms (limit %lld ms) %s\n",
                        qPrintable(pivotFieldName(field)), qPrintable(store->qstr(value)), events.size(),
                        static_cast<long long>(eventsMs), users.size(), static_cast<long long>(findingsMs),
                        static_cast<long long>(kLimitMs), ok ? "ok" : "OVER");
        }
    }
    return failures ? 1 : 0;
}
