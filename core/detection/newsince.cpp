// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/detection/newsince.h"

#include <QSet>
#include <QTimeZone>

#include <algorithm>
#include <limits>
#include <unordered_map>

using namespace Qt::StringLiterals;

namespace tw {

namespace {

using Seen = std::unordered_map<std::uint32_t, TimeMs>;

std::vector<FootprintValue> valuesOf(const EventStore& store, const Seen& seen)
{
    std::vector<FootprintValue> out;
    out.reserve(seen.size());
    for (const auto& [id, time] : seen)
        if (!store.str(id).empty())
            out.push_back({store.qstr(id), time});
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.value < b.value; });
    return out;
}

QStringList newValues(const std::vector<FootprintValue>& values, const QStringList& known, TimeMs after)
{
    QStringList out;
    for (const FootprintValue& v : values)
        if (v.lastTime > after && !v.value.isEmpty() && !known.contains(v.value))
            out.append(v.value);
    return out;
}

} // namespace

std::vector<FindingFootprint> findingFootprints(const EventStore& store, RuleSet rules,
                                                const DetectionResult& result)
{
    Q_ASSERT_X(store.details, "findingFootprints", "the load kept no regions");
    // user string id -> finding index; -1 for users that are no finding.
    std::vector<std::int32_t> findingOf(store.strings.size(), -1);
    for (std::size_t i = 0; i < result.findings.size(); ++i)
        findingOf[result.findings[i].user] = static_cast<std::int32_t>(i);
    struct Acc
    {
        Seen apis, accounts, regions;
    };
    std::vector<Acc> acc(result.findings.size());
    const auto& users = rules == RuleSet::Ta7 ? store.events.userTa7 : store.events.userLegacy;
    const auto note = [](Seen& seen, std::uint32_t id, TimeMs t) {
        auto [it, inserted] = seen.try_emplace(id, t);
        if (!inserted && it->second < t)
            it->second = t;
    };
    for (std::size_t e = 0; e < users.size(); ++e) {
        const std::int32_t f = users[e] < findingOf.size() ? findingOf[users[e]] : -1;
        if (f < 0 || !store.successful(e, rules))
            continue;
        const TimeMs t = store.events.time[e];
        note(acc[f].apis, store.events.eventName[e], t);
        note(acc[f].accounts, store.events.account[e], t);
        note(acc[f].regions, store.events.region[e], t);
    }
    std::vector<FindingFootprint> out(result.findings.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i].user = store.qstr(result.findings[i].user);
        out[i].lastTime = result.findings[i].lastTime;
        out[i].apis = valuesOf(store, acc[i].apis);
        out[i].accounts = valuesOf(store, acc[i].accounts);
        out[i].regions = valuesOf(store, acc[i].regions);
    }
    return out;
}

QString NewSince::describe() const
{
    if (!isNew)
        return {};
    if (neverSeen)
        return u"never reviewed"_s;
    QStringList parts;
    if (!apis.isEmpty())
        parts << u"new APIs: "_s + apis.join(u", ");
    if (!accounts.isEmpty())
        parts << u"new accounts: "_s + accounts.join(u", ");
    if (!regions.isEmpty())
        parts << u"new regions: "_s + regions.join(u", ");
    return parts.join(u"; ");
}

std::vector<NewSince> newSinceReview(const std::vector<FindingFootprint>& footprints,
                                     const ReviewRecord& record)
{
    std::vector<NewSince> out(footprints.size());
    for (std::size_t i = 0; i < footprints.size(); ++i) {
        const FindingFootprint& f = footprints[i];
        NewSince& n = out[i];
        const ReviewEntry* entry = record.find(f.user);
        if (!entry) {
            n.isNew = n.neverSeen = true;
            continue;
        }
        const QDateTime mark = entry->reviewedThrough.isValid() ? entry->reviewedThrough
                               : entry->reviewedAt.isValid()    ? entry->reviewedAt
                                                                : entry->changedAt;
        // An entry with neither time (written by hand) is as good as never reviewed.
        const TimeMs after = mark.isValid() ? mark.toMSecsSinceEpoch() : std::numeric_limits<TimeMs>::min();
        n.apis = newValues(f.apis, entry->apis, after);
        n.accounts = newValues(f.accounts, entry->accounts, after);
        n.regions = newValues(f.regions, entry->regions, after);
        n.isNew = !n.apis.isEmpty() || !n.accounts.isEmpty() || !n.regions.isEmpty();
    }
    return out;
}

std::vector<FindingReview> reviewFindings(const std::vector<FindingFootprint>& footprints,
                                          const ReviewRecord& record)
{
    std::vector<NewSince> since = newSinceReview(footprints, record);
    std::vector<FindingReview> out(footprints.size());
    for (std::size_t i = 0; i < footprints.size(); ++i) {
        out[i].since = std::move(since[i]);
        if (const ReviewEntry* e = record.find(footprints[i].user)) {
            out[i].status = e->status;
            out[i].owner = e->owner;
            out[i].ticket = e->ticket;
            out[i].note = e->note;
        }
    }
    return out;
}

std::vector<ReviewedActivity> reviewedActivity(const std::vector<FindingFootprint>& footprints)
{
    std::vector<ReviewedActivity> out;
    out.reserve(footprints.size());
    const auto names = [](const std::vector<FootprintValue>& values) {
        QStringList list;
        for (const FootprintValue& v : values)
            if (!v.value.isEmpty())
                list.append(v.value);
        return list;
    };
    for (const FindingFootprint& f : footprints)
        out.push_back({f.user, names(f.apis), names(f.accounts), names(f.regions),
                       QDateTime::fromMSecsSinceEpoch(f.lastTime, QTimeZone::utc())});
    return out;
}

} // namespace tw
