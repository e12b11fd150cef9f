// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/report/reportdata.h"

#include "core/detection/risk.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

namespace tw {

namespace {

constexpr qint64 kHour = 3600LL * 1000;
constexpr qint64 kYear = 364 * 24 * kHour; // 52 weeks: whole weeks, like the smaller units

// At most this many bars a chart: readable at the width of a table row and on paper.
constexpr int kMaxBuckets = 96;

// `text` gives an id's text: EventStore::qstr, unless the ids are of another table (access keys).
std::vector<Tally> sortedTallies(const EventStore& store,
                                 const std::unordered_map<std::uint32_t, quint64>& counts,
                                 QString (EventStore::*text)(std::uint32_t) const = &EventStore::qstr)
{
    std::vector<Tally> out;
    out.reserve(counts.size());
    for (const auto& [id, n] : counts)
        if (id != 0)
            out.push_back({(store.*text)(id), n});
    std::sort(out.begin(), out.end(), [](const Tally& a, const Tally& b) {
        return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    return out;
}

QStringList names(const EventStore& store, const std::vector<std::uint32_t>& ids)
{
    QStringList out;
    out.reserve(static_cast<qsizetype>(ids.size()));
    for (auto id : ids)
        out << store.qstr(id);
    return out;
}

ReportAxis chooseAxis(const DetectionResult& result)
{
    ReportAxis axis;
    if (result.findings.empty())
        return axis;
    TimeMs lo = result.findings.front().firstTime, hi = result.findings.front().lastTime;
    for (const UserActivity& a : result.findings) {
        lo = std::min(lo, a.firstTime);
        hi = std::max(hi, a.lastTime);
    }
    // Whole units so that a bar means "that hour" or "that day" in UTC; past a century (a forged
    // time), several "years" a bar, so that the last event still has its bar.
    const auto fit = [&](qint64 size) {
        const TimeMs start = lo - (((lo % size) + size) % size);
        const qint64 n = (hi - start) / size + 1;
        axis.bucketMs = size;
        axis.start = start;
        axis.buckets = static_cast<int>(std::min<qint64>(n, kMaxBuckets));
        return n <= kMaxBuckets;
    };
    for (qint64 size : {kHour, 6 * kHour, 24 * kHour, 7 * 24 * kHour, 28 * 24 * kHour, kYear})
        if (fit(size))
            return axis;
    qint64 years = (hi - lo) / kYear / kMaxBuckets + 1;
    while (!fit(years * kYear))
        ++years;
    return axis;
}

} // namespace

QString ReportAxis::unit() const
{
    switch (bucketMs / kHour) {
    case 1:
        return QStringLiteral("hour");
    case 6:
        return QStringLiteral("6 hours");
    case 24:
        return QStringLiteral("day");
    case 24 * 7:
        return QStringLiteral("week");
    case 24 * 28:
        return QStringLiteral("4 weeks");
    default:
        return bucketMs > kYear ? QStringLiteral("%1 years").arg(bucketMs / kYear) : QStringLiteral("year");
    }
}

DetectionResult selectFindings(const DetectionResult& result, const std::vector<std::uint32_t>& users)
{
    DetectionResult out = result;
    out.findings.clear();
    out.expiredApproval.clear(); // parallel to findings: rebuilt in the selection's order
    std::unordered_map<std::uint32_t, std::size_t> byUser;
    for (std::size_t i = 0; i < result.findings.size(); ++i)
        byUser.emplace(result.findings[i].user, i);
    for (auto u : users)
        if (auto it = byUser.find(u); it != byUser.end()) {
            out.findings.push_back(result.findings[it->second]);
            out.expiredApproval.push_back(
                it->second < result.expiredApproval.size() ? result.expiredApproval[it->second] : QString());
        }
    return out;
}

ReportData buildReportData(std::shared_ptr<const EventStore> store, DetectionResult shown,
                           RunManifest manifest)
{
    ReportData data;
    data.store = std::move(store);
    data.result = std::move(shown);
    data.manifest = std::move(manifest);
    data.manifest.reported = data.result.findings.size();
    data.axis = chooseAxis(data.result);
    return data;
}

const ReportData::FindingEvents& ReportData::findingEvents() const
{
    std::call_once(m_findingEvents->once, [this] {
        FindingEvents& out = m_findingEvents->value;
        out.overview.assign(static_cast<std::size_t>(axis.buckets), 0);
        const EventStore& s = *store;
        const RuleSet rules = result.rules;
        const std::size_t n = result.findings.size();

        // user string id -> index of its finding (the first one, should a user be listed twice), so
        // that one pass over the events finds every finding's; bounded by the store's strings.
        constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
        std::vector<std::uint32_t> slot;
        if (n > 0)
            slot.assign(s.strings.size(), kNone);
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint32_t user = result.findings[i].user;
            if (user < slot.size() && slot[user] == kNone)
                slot[user] = static_cast<std::uint32_t>(i);
        }
        const auto& users = rules == RuleSet::Ta7 ? s.events.userTa7 : s.events.userLegacy;
        // A report of a time range lists only the events the findings were counted from.
        const std::optional<TimeMs> from = manifest.rangeFrom, to = manifest.rangeTo;
        const auto findingOf = [&](std::size_t e) {
            const std::uint32_t user = users[e];
            if (user >= slot.size() || !s.successful(e, rules))
                return kNone;
            if ((from && s.events.time[e] < *from) || (to && s.events.time[e] >= *to))
                return kNone;
            return slot[user];
        };

        // A counting sort of the events by finding: count, turn the counts into starts, fill.
        out.start.assign(n + 1, 0);
        if (n > 0) {
            for (std::size_t e = 0; e < s.events.size(); ++e) {
                const std::uint32_t f = findingOf(e);
                if (f == kNone)
                    continue;
                ++out.start[f + 1];
                const qint64 b = (s.events.time[e] - axis.start) / axis.bucketMs;
                if (b >= 0 && b < axis.buckets)
                    ++out.overview[static_cast<std::size_t>(b)];
            }
        }
        for (std::size_t i = 0; i < n; ++i)
            out.start[i + 1] += out.start[i];
        out.events.resize(out.start[n]);
        if (n > 0) {
            std::vector<std::size_t> next(out.start.begin(), out.start.end() - 1);
            for (std::size_t e = 0; e < s.events.size(); ++e)
                if (const std::uint32_t f = findingOf(e); f != kNone)
                    out.events[next[f]++] = static_cast<std::uint32_t>(e);
        }
    });
    return m_findingEvents->value;
}

std::vector<quint32> ReportData::activity(std::size_t i) const
{
    std::vector<quint32> out(static_cast<std::size_t>(axis.buckets), 0);
    const FindingEvents& grouped = findingEvents();
    for (std::size_t k = grouped.start[i]; k < grouped.start[i + 1]; ++k) {
        const qint64 b = (store->events.time[grouped.events[k]] - axis.start) / axis.bucketMs;
        if (b >= 0 && b < axis.buckets)
            ++out[static_cast<std::size_t>(b)];
    }
    return out;
}

ReportFinding ReportData::headline(std::size_t i) const
{
    const EventStore& s = *store;
    const UserActivity& a = result.findings[i];
    ReportFinding f;
    f.user = s.qstr(a.user);
    f.count = a.count;
    f.firstTime = a.firstTime;
    f.lastTime = a.lastTime;
    f.eventNames = names(s, a.eventNames);
    f.identityTypes = names(s, a.identityTypes);
    f.accounts = names(s, a.accounts);
    f.confusableWith = a.confusableWith;
    f.principalClass = principalClassName(a.principal.cls);
    f.classEvidence = a.principal.evidence;
    f.riskKnown = a.riskKnown;
    f.risk = a.risk;
    f.riskExplanation = a.riskExplanation;
    f.writeCalls = a.writeCount;
    f.failedCalls = a.failedCount;
    f.apis = apiNamesSensitiveFirst(s, a);
    f.sensitiveApis = static_cast<int>(a.sensitive.size());
    return f;
}

ReportFinding ReportData::finding(std::size_t i) const
{
    const EventStore& s = *store;
    Q_ASSERT_X(s.details, "ReportData::finding", "the load kept no regions, addresses or agents");
    ReportFinding f = headline(i);
    std::unordered_map<std::uint32_t, quint64> regions, ips, agents, sources, accounts, keys;
    const FindingEvents& grouped = findingEvents();
    for (std::size_t k = grouped.start[i]; k < grouped.start[i + 1]; ++k) {
        const std::uint32_t e = grouped.events[k];
        ++regions[s.events.region[e]];
        ++ips[s.events.sourceIp[e]];
        ++agents[s.events.userAgent[e]];
        ++sources[s.events.eventSource[e]];
        ++accounts[s.events.account[e]];
        ++keys[s.accessKey(e)];
        const auto flags = s.events.flags[e];
        if (!(flags & EventFlag::ReadOnlyKnown))
            ++f.readUnknown;
        else if (flags & EventFlag::ReadOnly)
            ++f.readOnly;
        else
            ++f.write;
    }
    f.regions = sortedTallies(s, regions);
    f.sourceIps = sortedTallies(s, ips);
    f.userAgents = sortedTallies(s, agents);
    f.eventSources = sortedTallies(s, sources);
    f.accountCounts = sortedTallies(s, accounts);
    f.accessKeys = sortedTallies(s, keys, &EventStore::accessKeyText);
    f.activity = activity(i);
    return f;
}

} // namespace tw
