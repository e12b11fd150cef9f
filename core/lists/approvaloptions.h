// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <vector>

namespace tw {

// What an approval writes besides the identities' rows (ApprovalService::approve): an expiry and,
// chosen by the analyst, one wildcard entry. Both go into the same single write as the rows and into
// the same audit line, so an approval is never on disk without its expiry.
//
// The wildcard is a separate, explicit path: a user name containing '*' is still never approved
// (isLiteralApprovable), because it would become a wildcard by accident. A pattern is checked here
// against the users of the loaded data (checkPattern) and refused when it is too broad or would cover
// someone who needs a second look (docs/detection.md, Wildcard entries).

// A user of the loaded data, as a wildcard is checked against: the name, its class as shown
// ("service role"), and why it needs a second look before being approved (root, a person, or
// administrator access: "person: 3 console logins"), empty when it does not.
struct ObservedUser
{
    QString name;
    QString className;
    QString guard;
};

// The shortest prefix a wildcard entry may have: shorter ones (`svc-*`, `ci-*`) reach too far to be
// approved from one dialog.
inline constexpr qsizetype kMinPatternPrefix = 8;

// What a wildcard entry would do in the loaded data.
struct PatternCheck
{
    std::vector<ObservedUser> covered; // the observed users it matches now, in the given order
    QStringList guarded;               // of those, "name (why)" for each that needs a second look
    QString refusal;                   // why it may not be written; empty when it may
    bool ok() const { return refusal.isEmpty(); }
};

// Checks an analyst-chosen wildcard: exactly one '*', at the end, after a prefix of at least
// kMinPatternPrefix characters without invisible characters; it must cover at least two observed users
// (a wildcard for one name is that name), not every observed user, and none with a guard (they are
// listed in the refusal).
PatternCheck checkPattern(const QString& pattern, const std::vector<ObservedUser>& observed);

// The wildcard the Approve dialog offers for selected names: the longest shared prefix (compared
// without case, cut back to just after its last '-', '_', '.', '/', ':' or '@' when that leaves
// kMinPatternPrefix characters) of the most selected names, at least two, followed by '*'. Empty when
// no two names share kMinPatternPrefix characters or a name holds '*'.
QString proposePattern(const QStringList& names);

// Whether the wildcard entry pattern (as checkPattern accepts) matches name, as the detection does.
bool patternMatches(const QString& pattern, const QString& name);

// An `expires` value for an approval made at nowUtc: "30d" (days from nowUtc's date, 1 to 3650) or a
// date "YYYY-MM-DD". Empty and *error set when text is neither.
QString expiryFromText(const QString& text, const QDateTime& nowUtc, QString* error);

// Why expires cannot be written for an approval made at nowUtc ("not a date", "in the past"), or an
// empty string (also for an empty expires: no expiry). A date holds through that day in UTC
// (parseExpiry), so today is accepted.
QString expiryProblem(const QString& expires, const QDateTime& nowUtc);

struct ApprovalOptions
{
    QString expires; // written to the `expires` column of every row added; empty: no expiry
    QString pattern; // a wildcard entry to add as well (checkPattern), empty for none
    std::vector<ObservedUser> observed; // the loaded data the pattern is checked against
};

} // namespace tw
