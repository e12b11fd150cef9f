// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/lists/approvaloptions.h"

#include "core/lists/identitylists.h"

#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace tw {

namespace {

bool isSeparator(QChar c)
{
    return c == u'-' || c == u'_' || c == u'.' || c == u'/' || c == u':' || c == u'@';
}

// The prefix a wildcard for two names would have: their common start (without case), cut back to a
// word boundary when that still leaves a usable prefix, so `etl-job-7a` and `etl-job-7b` give
// `etl-job-` rather than `etl-job-7`.
qsizetype sharedPrefix(const QString& a, const QString& b)
{
    qsizetype n = 0;
    while (n < a.size() && n < b.size() && a[n] == b[n])
        ++n;
    if (n > 0 && !isSeparator(a[n - 1])) {
        qsizetype cut = n - 1;
        while (cut > 0 && !isSeparator(a[cut - 1]))
            --cut;
        if (cut >= kMinPatternPrefix)
            n = cut;
    }
    return n;
}

} // namespace

bool patternMatches(const QString& pattern, const QString& name)
{
    return IdentityMatcher::globMatch(asciiFolded(pattern), asciiFolded(name));
}

PatternCheck checkPattern(const QString& pattern, const std::vector<ObservedUser>& observed)
{
    PatternCheck check;
    const QString prefix = pattern.chopped(pattern.endsWith(u'*') ? 1 : 0);
    if (!pattern.endsWith(u'*') || prefix.contains(u'*')) {
        check.refusal =
            u"'%1' is not a wildcard entry TrailWarden writes: exactly one '*', at the end"_s.arg(pattern);
        return check;
    }
    if (prefix.trimmed().size() < kMinPatternPrefix) {
        check.refusal = u"'%1' is too broad: the part before '*' must have at least %2 characters"_s.arg(
            pattern, QString::number(kMinPatternPrefix));
        return check;
    }
    if (const QString invisible = invisibleCharacterIn(prefix); !invisible.isEmpty()) {
        check.refusal = u"'%1' holds an invisible character (%2): it would not match the names you see"_s.arg(
            pattern, invisible);
        return check;
    }
    for (const ObservedUser& user : observed) {
        if (!patternMatches(pattern, user.name))
            continue;
        check.covered.push_back(user);
        if (!user.guard.isEmpty())
            check.guarded << u"%1 (%2)"_s.arg(user.name, user.guard);
    }
    if (!check.guarded.isEmpty()) {
        check.refusal = u"'%1' would also approve %2 a second look: %3; approve the names one by one"_s.arg(
            pattern,
            check.guarded.size() == 1 ? u"a user who needs"_s
                                      : u"%1 users who need"_s.arg(check.guarded.size()),
            check.guarded.join(u", "_s));
    } else if (check.covered.size() < 2) {
        check.refusal =
            u"'%1' covers %2 of the loaded users: a wildcard is for two or more; approve the name instead"_s
                .arg(pattern, QString::number(check.covered.size()));
    } else if (check.covered.size() == observed.size()) {
        check.refusal = u"'%1' is too broad: it matches every user in the loaded data"_s.arg(pattern);
    }
    return check;
}

QString proposePattern(const QStringList& names)
{
    if (names.size() < 2 ||
        std::any_of(names.begin(), names.end(), [](const QString& n) { return n.contains(u'*'); }))
        return {};
    // Neighbours in folded order share the longest prefixes; each pair's prefix is a candidate.
    QStringList sorted = names;
    std::sort(sorted.begin(), sorted.end(),
              [](const QString& a, const QString& b) { return asciiFolded(a) < asciiFolded(b); });
    QString best;
    qsizetype bestCount = 0;
    for (qsizetype i = 0; i + 1 < sorted.size(); ++i) {
        const qsizetype n = sharedPrefix(asciiFolded(sorted[i]), asciiFolded(sorted[i + 1]));
        if (n < kMinPatternPrefix)
            continue;
        const QString candidate = sorted[i].left(n) + u'*';
        const qsizetype count = std::count_if(names.begin(), names.end(), [&candidate](const QString& name) {
            return patternMatches(candidate, name);
        });
        // Most names first; among those the longest prefix, the narrowest wildcard.
        if (count > bestCount || (count == bestCount && candidate.size() > best.size())) {
            best = candidate;
            bestCount = count;
        }
    }
    return best;
}

QString expiryFromText(const QString& text, const QDateTime& nowUtc, QString* error)
{
    const QString t = text.trimmed();
    static const QRegularExpression days(u"^(\\d{1,4})d$"_s);
    if (const QRegularExpressionMatch m = days.match(t); m.hasMatch()) {
        const int n = m.captured(1).toInt();
        if (n >= 1 && n <= 3650)
            return nowUtc.toUTC().date().addDays(n).toString(Qt::ISODate);
    } else if (t.size() == 10 && QDate::fromString(t, Qt::ISODate).isValid()) {
        return t;
    }
    if (error)
        *error = u"'%1' is not an expiry: give a number of days (30d, 90d; 1 to 3650) or a date "
                 u"(YYYY-MM-DD)"_s.arg(text);
    return {};
}

QString expiryProblem(const QString& expires, const QDateTime& nowUtc)
{
    if (expires.trimmed().isEmpty())
        return {};
    const QDateTime end = parseExpiry(expires);
    if (!end.isValid())
        return u"the expiry '%1' is not a date (YYYY-MM-DD)"_s.arg(expires);
    if (end <= nowUtc)
        return u"the expiry %1 is in the past: the approval would never hold"_s.arg(expires.trimmed());
    return {};
}

} // namespace tw
