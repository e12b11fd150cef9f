// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/detection/activityseries.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace tw {

qint64 autoBucketMs(TimeMs first, TimeMs last)
{
    const qint64 span = std::max<qint64>(0, last - first);
    constexpr qint64 day = 24 * kHourMs;
    if (span <= 3 * day)
        return kHourMs;
    if (span <= 14 * day)
        return 6 * kHourMs;
    if (span <= 183 * day)
        return day;
    return 7 * day;
}

QString bucketUnit(qint64 bucketMs)
{
    constexpr qint64 day = 24 * kHourMs;
    constexpr qint64 week = 7 * day;
    if (bucketMs == kHourMs)
        return QStringLiteral("hour");
    if (bucketMs == day)
        return QStringLiteral("day");
    if (bucketMs == week)
        return QStringLiteral("week");
    if (bucketMs % week == 0)
        return QStringLiteral("%1 weeks").arg(bucketMs / week);
    if (bucketMs % day == 0)
        return QStringLiteral("%1 days").arg(bucketMs / day);
    if (bucketMs % kHourMs == 0)
        return QStringLiteral("%1 hours").arg(bucketMs / kHourMs);
    return QStringLiteral("%1 s").arg(bucketMs / 1000.0);
}

ActivitySeries activitySeries(const EventStore& store, const std::vector<std::uint32_t>& events,
                              ActivitySplit split, qint64 bucketMs, int maxApis, std::optional<TimeMs> from,
                              std::optional<TimeMs> to)
{
    ActivitySeries out;
    if (events.empty() && !(from && to))
        return out;
    const auto& time = store.events.time;
    TimeMs lo = from.value_or(0), hi = to.value_or(0);
    if (!from || !to) {
        const auto [minIt, maxIt] = std::minmax_element(
            events.begin(), events.end(), [&time](auto a, auto b) { return time[a] < time[b]; });
        lo = from.value_or(time[*minIt]);
        hi = to.value_or(time[*maxIt]);
    }
    hi = std::max(hi, lo);
    const qint64 asked = bucketMs > 0 ? bucketMs : autoBucketMs(lo, hi);
    // Buckets at the size asked, at most: the start aligned to a bucket is less than one bucket
    // before lo. Growing the bucket k-fold, with k = ceil(wanted / (max - 2)), leaves fewer than
    // max - 1 buckets wherever the start then falls, so no event falls past the last bucket.
    const qint64 wanted = (hi - lo) / asked + 2;
    constexpr qint64 room = kMaxSeriesBuckets - 2;
    out.bucketMs = wanted > kMaxSeriesBuckets ? asked * ((wanted + room - 1) / room) : asked;
    // Grown past a day or a week, round up to whole days or weeks, so that a bar reads "12 weeks", not
    // "2016 hours" (only larger: still bounded).
    constexpr qint64 day = 24 * kHourMs;
    for (const qint64 unit : {7 * day, day}) {
        if (out.bucketMs > unit && out.bucketMs != asked && unit % asked == 0) {
            out.bucketMs = (out.bucketMs + unit - 1) / unit * unit;
            break;
        }
    }
    out.start = lo - (((lo % out.bucketMs) + out.bucketMs) % out.bucketMs);
    out.buckets = static_cast<int>(std::min<qint64>((hi - out.start) / out.bucketMs + 1, kMaxSeriesBuckets));

    // Series index per event.
    std::vector<std::uint32_t> apiSeries; // string id -> series, for the API split
    std::unordered_map<std::uint32_t, std::size_t> apiIndex;
    switch (split) {
    case ActivitySplit::Total:
        out.names = {QStringLiteral("Events")};
        break;
    case ActivitySplit::ReadWrite:
        out.names = {QStringLiteral("Read-only"), QStringLiteral("Write"), QStringLiteral("Unknown")};
        break;
    case ActivitySplit::Api: {
        std::unordered_map<std::uint32_t, quint64> perApi;
        for (auto e : events)
            ++perApi[store.events.eventName[e]];
        std::vector<std::pair<std::uint32_t, quint64>> ranked(perApi.begin(), perApi.end());
        std::sort(ranked.begin(), ranked.end(), [&store](const auto& a, const auto& b) {
            return a.second != b.second ? a.second > b.second : store.str(a.first) < store.str(b.first);
        });
        // "Other" only when it stands for more than one API: a single leftover gets its own name.
        const std::size_t named = ranked.size() <= static_cast<std::size_t>(maxApis) + 1
                                      ? ranked.size()
                                      : static_cast<std::size_t>(maxApis);
        for (std::size_t i = 0; i < named; ++i) {
            apiIndex.emplace(ranked[i].first, i);
            out.names << (ranked[i].first ? store.qstr(ranked[i].first) : QStringLiteral("(no eventName)"));
        }
        if (named < ranked.size())
            out.names << QStringLiteral("Other APIs");
        break;
    }
    }
    out.counts.assign(static_cast<std::size_t>(out.names.size()),
                      std::vector<quint32>(static_cast<std::size_t>(out.buckets), 0));
    for (auto e : events) {
        const qint64 b = (time[e] - out.start) / out.bucketMs;
        if (b < 0 || b >= out.buckets)
            continue;
        std::size_t s = 0;
        if (split == ActivitySplit::ReadWrite) {
            const auto flags = store.events.flags[e];
            s = !(flags & EventFlag::ReadOnlyKnown) ? 2 : (flags & EventFlag::ReadOnly) ? 0 : 1;
        } else if (split == ActivitySplit::Api) {
            const auto it = apiIndex.find(store.events.eventName[e]);
            s = it != apiIndex.end() ? it->second : out.counts.size() - 1;
        }
        ++out.counts[s][static_cast<std::size_t>(b)];
        ++out.total;
    }
    if (split == ActivitySplit::ReadWrite &&
        std::all_of(out.counts[2].begin(), out.counts[2].end(), [](quint32 c) { return c == 0; })) {
        out.names.removeLast();
        out.counts.pop_back();
    }
    for (int b = 0; b < out.buckets; ++b) {
        quint32 sum = 0;
        for (const auto& series : out.counts)
            sum += series[static_cast<std::size_t>(b)];
        out.peak = std::max(out.peak, sum);
    }
    return out;
}

std::vector<std::uint32_t> eventsOfFindings(const EventStore& store, const DetectionResult& result)
{
    const auto& column = result.rules == RuleSet::Ta7 ? store.events.userTa7 : store.events.userLegacy;
    // An imported engine result has findings (100,000) and no events: no set of their users.
    if (column.empty())
        return {};
    std::unordered_set<std::uint32_t> users;
    for (const UserActivity& a : result.findings)
        users.insert(a.user);
    std::vector<std::uint32_t> out;
    for (std::size_t i = 0; i < column.size(); ++i)
        if (users.count(column[i]) && store.successful(i, result.rules))
            out.push_back(static_cast<std::uint32_t>(i));
    return out;
}

std::vector<std::uint32_t> eventsOfUserInStoreOrder(const EventStore& store, RuleSet rules,
                                                    std::uint32_t user, bool withFailed)
{
    std::vector<std::uint32_t> out;
    const auto& users = rules == RuleSet::Ta7 ? store.events.userTa7 : store.events.userLegacy;
    for (std::size_t i = 0; i < users.size(); ++i)
        if (users[i] == user && (withFailed || store.successful(i, rules)))
            out.push_back(static_cast<std::uint32_t>(i));
    return out;
}

std::vector<std::uint32_t> earliestEvents(const EventStore& store, const std::vector<std::uint32_t>& events,
                                          std::size_t n)
{
    // The index breaks ties: a stable sort from store order keeps equal times in index order.
    const auto& time = store.events.time;
    std::vector<std::uint32_t> out(std::min(n, events.size()));
    std::partial_sort_copy(events.begin(), events.end(), out.begin(), out.end(), [&time](auto a, auto b) {
        return time[a] != time[b] ? time[a] < time[b] : a < b;
    });
    return out;
}

void sortByTime(const EventStore& store, std::vector<std::uint32_t>& events)
{
    const auto& time = store.events.time;
    std::stable_sort(events.begin(), events.end(), [&time](auto a, auto b) { return time[a] < time[b]; });
}

} // namespace tw
