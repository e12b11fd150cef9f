// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "detection.h"

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
// Atomically (AtomicFile); returns an error message naming the file, empty on success.
QString writeSuppressions(const QString& path, const std::vector<SuppressionRule>& rules);

// The conventional location: `<approved csv without .csv>.suppressions.json`.
QString suppressionsPathFor(const QString& approvedCsv);

// Removes the findings the rules hide (applied last, like the macro) and counts them per rule.
void applySuppressions(const EventStore& store, const std::vector<SuppressionRule>& rules,
                       DetectionResult& result);

} // namespace tw
