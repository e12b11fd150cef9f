// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/detection/detection.h"
#include "core/ingest/eventstore.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace tw {

// How a timeline splits a finding's events into stacked series.
enum class ActivitySplit {
    Total,     // one series
    ReadWrite, // read-only / write (/ unknown, when readOnly was missing)
    Api,       // the busiest APIs, one series each, and "Other APIs"
};

// Events per time bucket, split into series: what a timeline chart draws. Gui-free so that the
// bucketing is tested without a display and shared by every chart.
struct ActivitySeries
{
    TimeMs start = 0;          // the first bucket begins here, aligned to bucketMs in UTC
    qint64 bucketMs = 3600000; // an hour, 6 hours, a day or a week
    int buckets = 0;
    QStringList names;                        // one per series
    std::vector<std::vector<quint32>> counts; // [series][bucket]
    quint64 total = 0;
    quint32 peak = 0; // the largest stacked bucket
};

inline constexpr qint64 kHourMs = 3600LL * 1000;

// No series has more buckets than this, whatever the span and the bucket size asked for: a forged
// event in year 0000 beside one in 9999 would otherwise be half a million weekly bars (or millions of
// daily ones) drawn on the UI thread. Past it the bucket grows to a whole multiple of the size asked.
inline constexpr int kMaxSeriesBuckets = 1000;

// How a bucket size reads after "per": "hour", "6 hours", "day", "week", "12 weeks"...
QString bucketUnit(qint64 bucketMs);

// The bucket size for a span: hours up to 3 days, 6 hours up to 2 weeks, days up to 6 months,
// then weeks, so that a chart has at most a few hundred bars.
qint64 autoBucketMs(TimeMs first, TimeMs last);

// Buckets the given events (indices into the store). bucketMs 0 picks autoBucketMs(); the range is
// [from, to] when given (to share an axis between charts), else the events' own. At most
// kMaxSeriesBuckets buckets: a wider span gets a larger bucket (see bucketMs in the result).
ActivitySeries activitySeries(const EventStore& store, const std::vector<std::uint32_t>& events,
                              ActivitySplit split, qint64 bucketMs = 0, int maxApis = 6,
                              std::optional<TimeMs> from = {}, std::optional<TimeMs> to = {});

// The successful events of every finding's user (under the result's rules), in store order.
std::vector<std::uint32_t> eventsOfFindings(const EventStore& store, const DetectionResult& result);

// The drill-down in two steps, so that a window can show a huge finding's first events before
// the whole finding is sorted: eventsOfUser() is the store-order scan followed by the time sort.
// The successful events of user under rules, in store order; with withFailed, the user's failed
// calls too (as eventsOfUser()).
std::vector<std::uint32_t> eventsOfUserInStoreOrder(const EventStore& store, RuleSet rules,
                                                    std::uint32_t user, bool withFailed = false);
// The first n of events in eventsOfUser()'s order (time, ties in store order), in O(size log n):
// exactly the first n of sortByTime(events).
std::vector<std::uint32_t> earliestEvents(const EventStore& store, const std::vector<std::uint32_t>& events,
                                          std::size_t n);
// events (in store order) into eventsOfUser()'s order: by time, ties in store order.
void sortByTime(const EventStore& store, std::vector<std::uint32_t>& events);

} // namespace tw
