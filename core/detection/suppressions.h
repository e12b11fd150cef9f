// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/detection/detection.h"
#include "core/lists/approvalservice.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace tw {

// A rule of the detection's `_filter` macro: it hides matching findings without approving
// anyone. A rule with several conditions hides a finding only when all of them hold.
struct SuppressionRule
{
    QString id;
    QString description;
    QString reason;           // why findings like these may be hidden; required when a rule is saved
    QString by;               // who last added or changed the rule
    QString changedAt;        // when (ISO 8601 UTC)
    QString user;             // glob on the user name, case-insensitive ('*' wildcard); empty = any
    bool allReadOnly = false; // every event of the finding has readOnly true
    QStringList eventNames;   // every API of the finding is in this list (globs); empty = any
};

struct SuppressionSet
{
    std::vector<SuppressionRule> rules;
    QString error; // the file could not be used; nothing is suppressed
    QStringList warnings;
    bool ok() const { return error.isEmpty(); }
};

// Reads the rules, stored as JSON beside the approved CSV:
//   {"version": 1, "rules": [{"id": "ci", "description": "CI runners", "user": "ci-*"},
//                            {"id": "ro", "description": "read-only only", "allReadOnly": true}]}
// A missing file is an empty set, not an error.
// Only a regular file of at most kMaxSuppressionsBytes is read; anything else is an error.
SuppressionSet loadSuppressions(const QString& path);
inline constexpr qint64 kMaxSuppressionsBytes = 16 * 1024 * 1024;
SuppressionSet parseSuppressions(const QByteArray& bytes, const QString& path);
QByteArray serializeSuppressions(const std::vector<SuppressionRule>& rules);
// Atomically (AtomicFile), but without the list's lock or audit: for tests and fixtures. The
// window saves through saveSuppressions(). Returns an error message naming the file, or empty.
QString writeSuppressions(const QString& path, const std::vector<SuppressionRule>& rules);

// Saves the rules of approvedCsv (suppressionsPathFor) the way the list itself is written
// (ApprovalService::replaceCompanion: its lock, an atomic write, only if the file is still
// expectedCurrent), stamping `by` and `at` on every rule added or changed and writing one audit
// entry per rule added, changed or removed, with the rule and its reason. Refuses a rule without
// a reason or without a condition. `before` is what expectedCurrent holds.
ApprovalResult saveSuppressions(const QString& approvedCsv, const QByteArray& expectedCurrent,
                                const std::vector<SuppressionRule>& before,
                                std::vector<SuppressionRule> after, const QString& by, const QDateTime& at);
// "1 added, 2 changed, 1 removed" between two versions of the rules (by id), or empty when equal.
QString describeSuppressionChanges(const std::vector<SuppressionRule>& before,
                                   const std::vector<SuppressionRule>& after);

// The conventional location: `<approved csv without .csv>.suppressions.json`.
QString suppressionsPathFor(const QString& approvedCsv);

// Removes the findings the rules hide (applied last, like the macro) and counts them per rule.
void applySuppressions(const EventStore& store, const std::vector<SuppressionRule>& rules,
                       DetectionResult& result);

} // namespace tw
