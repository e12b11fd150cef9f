// SPDX-License-Identifier: GPL-3.0-or-later

#include "reportdata.h"

#include <algorithm>
#include <unordered_map>

namespace tw {

namespace {

constexpr qint64 kHour = 3600LL * 1000;

// At most this many bars a chart: readable at the width of a table row and on paper.
constexpr int kMaxBuckets = 96;

std::vector<Tally> sortedTallies(const EventStore& store,
                                 const std::unordered_map<std::uint32_t, quint64>& counts)
{
    std::vector<Tally> out;
    out.reserve(counts.size());
    for (const auto& [id, n] : counts)
        if (id != 0)
            out.push_back({store.qstr(id), n});
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
    // Whole units so that a bar means "that hour" or "that day" in UTC.
    for (qint64 size : {kHour, 6 * kHour, 24 * kHour, 7 * 24 * kHour, 28 * 24 * kHour, 364 * 24 * kHour}) {
        axis.bucketMs = size;
        const TimeMs start = lo - (((lo % size) + size) % size);
        const qint64 n = (hi - start) / size + 1;
        axis.start = start;
        axis.buckets = static_cast<int>(std::min<qint64>(n, kMaxBuckets));
        if (n <= kMaxBuckets)
            break;
    }
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
        return QStringLiteral("year");
    }
}

DetectionResult selectFindings(const DetectionResult& result, const std::vector<std::uint32_t>& users)
{
    DetectionResult out = result;
    out.findings.clear();
    std::unordered_map<std::uint32_t, const UserActivity*> byUser;
    for (const UserActivity& a : result.findings)
        byUser.emplace(a.user, &a);
    for (auto u : users)
        if (auto it = byUser.find(u); it != byUser.end())
            out.findings.push_back(*it->second);
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
    const EventStore& s = *data.store;
    const RuleSet rules = data.result.rules;

    // user string id -> index of its finding, so one pass over the events fills every finding.
    std::unordered_map<std::uint32_t, std::size_t> index;
    for (std::size_t i = 0; i < data.result.findings.size(); ++i)
        index.emplace(data.result.findings[i].user, i);

    struct Acc
    {
        std::unordered_map<std::uint32_t, quint64> regions, ips, agents, sources;
    };
    std::vector<Acc> acc(data.result.findings.size());
    data.findings.resize(data.result.findings.size());
    for (auto& f : data.findings)
        f.activity.assign(static_cast<std::size_t>(data.axis.buckets), 0);

    const auto& users = rules == RuleSet::Ta7 ? s.events.userTa7 : s.events.userLegacy;
    if (!index.empty()) {
        for (std::size_t e = 0; e < s.events.size(); ++e) {
            const auto it = index.find(users[e]);
            if (it == index.end() || !s.successful(e, rules))
                continue;
            ReportFinding& f = data.findings[it->second];
            Acc& a = acc[it->second];
            ++a.regions[s.events.region[e]];
            ++a.ips[s.events.sourceIp[e]];
            ++a.agents[s.events.userAgent[e]];
            ++a.sources[s.events.eventSource[e]];
            const auto flags = s.events.flags[e];
            if (!(flags & EventFlag::ReadOnlyKnown))
                ++f.readUnknown;
            else if (flags & EventFlag::ReadOnly)
                ++f.readOnly;
            else
                ++f.write;
            const qint64 b = (s.events.time[e] - data.axis.start) / data.axis.bucketMs;
            if (b >= 0 && b < data.axis.buckets)
                ++f.activity[static_cast<std::size_t>(b)];
        }
    }
    for (std::size_t i = 0; i < data.findings.size(); ++i) {
        const UserActivity& a = data.result.findings[i];
        ReportFinding& f = data.findings[i];
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
        f.regions = sortedTallies(s, acc[i].regions);
        f.sourceIps = sortedTallies(s, acc[i].ips);
        f.userAgents = sortedTallies(s, acc[i].agents);
        f.eventSources = sortedTallies(s, acc[i].sources);
    }
    return data;
}

} // namespace tw
