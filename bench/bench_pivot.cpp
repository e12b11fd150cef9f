// SPDX-License-Identifier: GPL-3.0-or-later
// How long a pivot takes (issue 14: "a pivot over all events answers in under 200 ms"): loads a
// data set, then times eventsWithValue() and findingsWithValue() for the most frequent value of
// every pivot field (the worst case: the most hits to sort by time) and for a rare one. The
// window runs the same functions on a worker thread. The baseline, in the same run, is the first
// version of eventsWithValue() (a stable sort of the event indices whose comparison reads the time
// column): the answers must be identical, order included, and the ratio is baseline / now. Run it
// on a quiet machine, release build:
//
//   build/release/bench/bench_pivot /work/data/1m

#include "core/detection/detection.h"
#include "core/detection/pivot.h"
#include "core/ingest/loader.h"
#include "core/lists/identitylists.h"

#include <QElapsedTimer>
#include <QStringList>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <unordered_map>

using namespace tw;

// This thread's CPU time in ms: on a machine shared with builds the wall time of a query is mostly
// time spent waiting for a core, so both are printed.
static double threadCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

// The first eventsWithValue() (main at 468d483), kept as the baseline.
static std::vector<std::uint32_t> baselineEventsWithValue(const EventStore& store, PivotField field,
                                                          std::uint32_t value)
{
    std::vector<std::uint32_t> out;
    for (std::uint32_t i = 0; i < store.events.size(); ++i)
        if (pivotValue(store, field, i) == value)
            out.push_back(i);
    const auto earlier = [&store](auto a, auto b) { return store.events.time[a] < store.events.time[b]; };
    if (!std::is_sorted(out.begin(), out.end(), earlier))
        std::stable_sort(out.begin(), out.end(), earlier);
    return out;
}

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
    {
        // What the access key and session cost in memory: the credential, access key and session
        // tables (the keys and creation dates are values there, not strings of the pool).
        const EventColumns& e = store->events;
        const std::size_t tables =
            e.credentials.memoryBytes() + e.accessKeys.memoryBytes() + e.sessions.memoryBytes();
        const double n = double(std::max<std::size_t>(e.size(), 1));
        std::printf("store: columns %.1f B/event (capacity), string pool %.1f B/event; credential table %u "
                    "rows, access keys %u, sessions %u: %zu bytes together (%.2f B/event)\n",
                    double(e.memoryBytes() - tables) / n, double(store->strings.memoryBytes()) / n,
                    e.credentials.size(), e.accessKeys.size(), e.sessions.size(), tables, double(tables) / n);
    }
    const ActivityTable activity = aggregateActivity(*store, RuleSet::Ta7);
    const DetectionResult result = runDetection(*store, activity, IdentityMatcher(), IdentityMatcher());
    std::printf("%zu findings (no lists: every user)\n", result.findings.size());

    constexpr qint64 kLimitMs = 200;
    int failures = 0;
    for (PivotField field : {PivotField::EventName, PivotField::EventSource, PivotField::Region,
                             PivotField::Account, PivotField::SourceIp, PivotField::UserAgent,
                             PivotField::ErrorCode, PivotField::AccessKey, PivotField::Session}) {
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
            double cpu = threadCpuMs();
            const auto baseline = baselineEventsWithValue(*store, field, value);
            const qint64 baselineMs = t.elapsed();
            const double baselineCpu = threadCpuMs() - cpu;
            t.restart();
            cpu = threadCpuMs();
            const auto events = eventsWithValue(*store, field, value);
            const qint64 eventsMs = t.elapsed();
            const double eventsCpu = threadCpuMs() - cpu;
            t.restart();
            const auto users = findingsWithValue(*store, result, field, value);
            const qint64 findingsMs = t.elapsed();
            const bool same = events == baseline;
            const bool ok = same && eventsMs <= kLimitMs && findingsMs <= kLimitMs;
            failures += !ok;
            std::printf(
                "%-24s %-22.22s %7zu events %4lld ms wall %6.1f ms CPU (baseline %5lld ms wall %6.1f ms CPU, "
                "%4.1fx CPU%s), %3zu findings %4lld ms (limit %lld ms) %s\n",
                qPrintable(pivotFieldName(field)), qPrintable(pivotValueText(*store, field, value)),
                events.size(), static_cast<long long>(eventsMs), eventsCpu,
                static_cast<long long>(baselineMs), baselineCpu, baselineCpu / std::max(eventsCpu, 0.01),
                same ? ", same order" : ", DIFFERENT ANSWER", users.size(),
                static_cast<long long>(findingsMs), static_cast<long long>(kLimitMs), ok ? "ok" : "OVER");
        }
    }
    return failures ? 1 : 0;
}
