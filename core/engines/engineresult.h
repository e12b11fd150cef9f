// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/engines/enginequery.h"

#include "core/detection/detection.h"
#include "core/detection/stewardship.h"
#include "core/detection/suppressions.h"
#include "core/ingest/eventstore.h"
#include "core/lists/identitylists.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>
#include <QTimeZone>

#include <memory>
#include <optional>

namespace tw {

struct EngineImportOptions
{
    std::optional<Engine> engine; // unset: recognised from each file
    // Splunk writes firstTime/lastTime in the searching user's time zone; Athena and Lake in UTC.
    QTimeZone splunkTimeZone = QTimeZone::utc();
    std::optional<RuleSet> rules; // unset: from the result's header, else ta7
};

// The answer of an engine turned into what a scan produces: an EventStore that holds only the
// strings (user names, eventNames, identity types, accounts) and no events, and the per-user
// activity table over it. runDetection, applySuppressions and the report writers work on these
// unchanged; what needs raw events (drill-down, regions, charts) has nothing to show.
struct EngineResult
{
    Engine engine = Engine::Athena;
    std::optional<QueryHeader> header; // from the tw_query column, when the result has one
    RuleSet rules = RuleSet::Ta7;
    std::shared_ptr<EventStore> store;
    std::shared_ptr<ActivityTable> activity;
    quint64 rows = 0;
    QStringList warnings;
    QString error; // "file:line:column: reason"; nothing was imported

    bool ok() const { return error.isEmpty(); }
    QString describe() const; // "Amazon Athena result x.csv, window ...; no event details"
};

// Which engine wrote a result file, from its first bytes: Lake's get-query-results JSON, a CSV
// whose tw_query column names the engine, Splunk's camel-case header, else Athena.
std::optional<Engine> detectResultEngine(const QByteArray& head);

// Reads one or more result files (Lake pages, or parts of one result) into one EngineResult.
// The same user in two files is merged (counts added, times widened, names united).
EngineResult readEngineResults(const QStringList& paths, const EngineImportOptions& options = {});

// The detection over an imported result, exactly as a scan decides it: approvals past their
// `expires` no longer exclude (and say so), identities and approved entries are matched with the
// same IdentityMatcher, suppressions are applied last. `now` invalid: the current time.
DetectionResult detectImported(const EngineResult& imported, const LookupLoad& approved,
                               const LookupLoad& identities, const SuppressionSet& suppressions,
                               const QDateTime& now = {});

// The baseline support search (docs/detection.md, Baseline) from an imported result: every user
// of its rows with successful activity, not on the identity list, against the approved entries,
// over the query's window (its header; else the rows' first to last time). A result made with the
// approved list embedded has no approved users in it and is refused (`error` set): its diff would
// drop every entry. A detection result with the lists applied on import has the same rows as the
// baseline query and is accepted.
struct ImportedBaseline
{
    BaselineDiff diff;
    QHash<QString, UserActivity> activity; // per baseline user, for reviewing each add
    QString error;
};
ImportedBaseline baselineFromResult(const EngineResult& imported, const std::vector<IdentityEntry>& approved,
                                    const IdentityMatcher& identities);

// Parses a cell that holds a list: JSON (`["a","b"]`), Athena's `[a, b]`, or Splunk's values
// separated by newlines. An empty or NULL cell is the empty list.
QStringList parseListCell(const QString& cell);

} // namespace tw
