// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/detection/stewardship.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace tw {

namespace {

constexpr TimeMs kDayMs = 86400000;

QString squashed(const QString& s)
{
    QString out;
    for (const QChar c : s.trimmed().toCaseFolded())
        if (c != u'-' && c != u'_' && c != u'.' && !c.isSpace())
            out.append(c);
    return out;
}

// Levenshtein distance, stopping early once it exceeds `limit`.
int editDistance(QStringView a, QStringView b, int limit)
{
    if (std::abs(a.size() - b.size()) > limit)
        return limit + 1;
    std::vector<int> prev(static_cast<std::size_t>(b.size()) + 1), cur(prev.size());
    for (std::size_t j = 0; j < prev.size(); ++j)
        prev[j] = static_cast<int>(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        cur[0] = static_cast<int>(i);
        int best = cur[0];
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const auto uj = static_cast<std::size_t>(j);
            cur[uj] =
                std::min({prev[uj] + 1, cur[uj - 1] + 1, prev[uj - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
            best = std::min(best, cur[uj]);
        }
        if (best > limit)
            return limit + 1;
        std::swap(prev, cur);
    }
    return prev.back();
}

} // namespace

bool isNearMiss(const QString& entry, const QString& observed)
{
    if (entry == observed)
        return false;
    // Unicode case folding on purpose here, unlike matching (asciiFolded): a near-miss is only a flag,
    // and flagging `kafka-svc` against a KELVIN SIGN look-alike errs on the side of showing more.
    const QString a = entry.trimmed().toCaseFolded();
    const QString b = observed.trimmed().toCaseFolded();
    if (a == b || squashed(entry) == squashed(observed))
        return true;
    return editDistance(a, b, 2) <= 2;
}

std::vector<EntryHealth> assessApprovedList(const EventStore& store, const ActivityTable& activity,
                                            const std::vector<IdentityEntry>& approved,
                                            const IdentityMatcher& identities, const HealthOptions& options)
{
    const QDateTime now = options.now.isValid() ? options.now : QDateTime::currentDateTimeUtc();
    TimeMs dataEnd = 0;
    for (const UserActivity& a : activity.users)
        dataEnd = std::max(dataEnd, a.lastTime);
    const TimeMs staleBefore = dataEnd - TimeMs(options.staleDays) * kDayMs;

    QHash<QString, int> seen; // case-folded identity -> rows with it
    for (const IdentityEntry& e : approved)
        ++seen[asciiFolded(e.identity)];

    // Users still on neither list: candidates for a near-miss.
    const IdentityMatcher all([&] {
        QStringList ids;
        for (const IdentityEntry& e : approved)
            ids << e.identity;
        return ids;
    }());
    std::vector<QString> observed;
    std::vector<bool> unapproved;
    for (const UserActivity& a : activity.users) {
        observed.push_back(store.qstr(a.user));
        unapproved.push_back(!all.matches(observed.back()) && !identities.matches(observed.back()));
    }

    std::vector<EntryHealth> out;
    out.reserve(approved.size());
    for (const IdentityEntry& e : approved) {
        EntryHealth h;
        h.entry = e;
        h.wildcard = e.identity.contains(u'*');
        h.duplicate = seen.value(asciiFolded(e.identity)) > 1;
        h.expired = e.expiresAt.isValid() && e.expiresAt <= now;
        const IdentityMatcher one(QStringList{e.identity});
        for (std::size_t i = 0; i < activity.users.size(); ++i) {
            if (!one.matches(observed[i]))
                continue;
            const UserActivity& a = activity.users[i];
            h.matchedEvents += a.count;
            h.lastSeen = std::max(h.lastSeen, a.lastTime);
            h.matchedUsers << observed[i];
        }
        h.neverMatched = h.matchedUsers.isEmpty();
        h.stale = !h.neverMatched && h.lastSeen < staleBefore;
        if (h.neverMatched && !h.wildcard) {
            for (std::size_t i = 0; i < observed.size(); ++i) {
                if (unapproved[i] && isNearMiss(e.identity, observed[i])) {
                    h.nearMissOf = observed[i];
                    break;
                }
            }
        }
        out.push_back(std::move(h));
    }
    return out;
}

std::pair<TimeMs, TimeMs> baselineWindow(const EventStore& store, int days)
{
    if (store.events.size() == 0)
        return {0, 0};
    const TimeMs end = *std::max_element(store.events.time.begin(), store.events.time.end());
    TimeMs from = end - TimeMs(days) * kDayMs;
    from -= ((from % kDayMs) + kDayMs) % kDayMs; // snap to midnight, like Splunk's -30d@d
    return {from, end + 1};
}

std::optional<TimeMs> parseSince(const QString& text, TimeMs end)
{
    const QString t = text.trimmed();
    if (t.size() >= 2) {
        bool ok = false;
        const qint64 n = QStringView(t).chopped(1).toLongLong(&ok);
        const QChar unit = t.back();
        if (ok && n >= 0) {
            const TimeMs span = unit == u'd'   ? kDayMs
                                : unit == u'h' ? kDayMs / 24
                                : unit == u'w' ? 7 * kDayMs
                                               : -1;
            if (span > 0) {
                TimeMs from = end - n * span;
                if (unit != u'h')
                    from -= ((from % kDayMs) + kDayMs) % kDayMs;
                return from;
            }
        }
    }
    const QDateTime dt = parseExpiry(t);
    if (dt.isValid())
        return dt.toMSecsSinceEpoch() - (t.size() == 10 ? kDayMs : 0);
    return std::nullopt;
}

BaselineDiff computeBaseline(const EventStore& store, RuleSet rules, TimeMs from, TimeMs to,
                             const std::vector<IdentityEntry>& approved, const IdentityMatcher& identities,
                             const ActivityTable* activity)
{
    std::vector<bool> inWindow(store.strings.size(), false);
    for (std::size_t i = 0; i < store.events.size(); ++i) {
        const TimeMs t = store.events.time[i];
        if (t >= from && t < to && store.successful(i, rules))
            inWindow[store.user(i, rules)] = true;
    }
    inWindow[0] = false;

    QStringList baseline; // `stats count by identity`: one row per distinct name, byte-wise order
    std::vector<std::uint32_t> ids;
    for (std::uint32_t id = 1; id < inWindow.size(); ++id)
        if (inWindow[id])
            ids.push_back(id);
    std::sort(ids.begin(), ids.end(), [&store](auto a, auto b) { return store.str(a) < store.str(b); });
    for (auto id : ids) {
        const QString name = store.qstr(id);
        if (!identities.matches(name))
            baseline << name;
    }

    return diffBaseline(store, activity, from, to, baseline, approved);
}

BaselineDiff diffBaseline(const EventStore& store, const ActivityTable* activity, TimeMs from, TimeMs to,
                          const QStringList& baseline, const std::vector<IdentityEntry>& approved)
{
    BaselineDiff diff;
    diff.from = from;
    diff.to = to;
    QSet<QString> approvedFolded;
    for (const IdentityEntry& e : approved)
        approvedFolded.insert(asciiFolded(e.identity));
    QSet<QString> baselineFolded;
    for (const QString& name : std::as_const(baseline)) {
        baselineFolded.insert(asciiFolded(name));
        if (approvedFolded.contains(asciiFolded(name)))
            continue;
        // Writing `svc*` would approve every user the pattern fits: such a user is not proposed.
        (isLiteralApprovable(name) ? diff.add : diff.notProposed) << name;
    }
    QSet<QString> listed;
    for (const IdentityEntry& e : approved) {
        const QString folded = asciiFolded(e.identity);
        if (listed.contains(folded))
            continue;
        listed.insert(folded);
        (baselineFolded.contains(folded) ? diff.keep : diff.drop) << e.identity;
    }

    // Users in the activity table are sorted byte-wise by name, as `add` is.
    diff.addClass.reserve(static_cast<std::size_t>(diff.add.size()));
    for (const QString& name : std::as_const(diff.add)) {
        PrincipalVerdict verdict;
        if (const UserActivity* a = activity ? findActivity(store, *activity, name) : nullptr)
            verdict = a->principal;
        if (verdict.evidence.isEmpty() && isRootName(name)) {
            verdict.cls = PrincipalClass::Root;
            verdict.evidence = QStringLiteral("named root");
        }
        diff.addClass.push_back(std::move(verdict));
    }
    return diff;
}

} // namespace tw
