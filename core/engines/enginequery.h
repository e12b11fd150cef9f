// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/timeutil.h"
#include "core/ingest/eventstore.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace tw {

// The engines TrailWarden writes the detection for (README "Logs too big for one machine").
enum class Engine : std::uint8_t {
    Athena,       // Amazon Athena over the documented CloudTrail table (Trino SQL)
    Lake,         // AWS CloudTrail Lake (Trino SQL over an event data store)
    SecurityLake, // Amazon Security Lake, OCSF CloudTrail management table (Athena)
    Splunk,       // Splunk SPL over the Add-on for AWS's `cloudtrail` macro
};

QString engineName(Engine engine);        // "athena", "lake", "securitylake", "splunk"
QString engineDisplayName(Engine engine); // "Amazon Athena", ...
std::optional<Engine> engineFromName(const QString& name);

// The longest query text each engine accepts, in the unit it counts (bytes for Athena, characters
// for CloudTrail Lake); 0 when no limit is documented (Splunk).
qsizetype engineQueryLimit(Engine engine);

// [from, to) in UTC; an open end is unset. The partition predicate covers [day(from),
// day(to) + slackDays] because CloudTrail files sit under the day they were written, which is
// never before their events but can be a day after them.
struct TimeWindow
{
    std::optional<TimeMs> from;
    std::optional<TimeMs> to;
    int slackDays = 1;
    bool isOpen() const { return !from && !to; }
    bool contains(TimeMs t) const { return (!from || t >= *from) && (!to || t < *to); }
};

// What the first line of a query (and the tw_query column of its result) says about the run, so
// that an import knows which rules made the user names and which window was searched.
struct QueryHeader
{
    QString version;
    std::optional<Engine> engine;
    std::optional<RuleSet> rules;
    TimeWindow window;
    bool dedup = true;
    bool listsEmbedded = false;
    // The support search "Create a list of approved AWS service accounts" (docs/detection.md,
    // Baseline) rather than the detection: its rows are read as the baseline over the window.
    bool baseline = false;
    QString approvedSha256, identitiesSha256; // embedded lists only
    qsizetype approvedEntries = 0, identityEntries = 0;

    QString toLine() const;
    // Reads a line written by toLine(), with or without the comment marker in front. nullopt when
    // the line is not a TrailWarden header.
    static std::optional<QueryHeader> parse(QStringView line);
    QString windowText() const; // "2026-10-01T00:00:00Z to 2026-11-01T00:00:00Z", "all time"
};

struct QueryOptions
{
    Engine engine = Engine::Athena;
    RuleSet rules = RuleSet::Ta7;
    TimeWindow window;
    bool dedup = true;
    QString database;       // Athena / Security Lake; empty: the query names the table alone
    QString table;          // Athena / Security Lake table; Lake: unused
    QString eventDataStore; // Lake: the event data store ID (the last part of its ARN)
    QString region;         // Security Lake: the region of its tables when no table is named
    // Embedded lists (empty: the lists are applied on import). Approvals past their `expires` must
    // already be left out: they no longer exclude.
    bool embedLists = false;
    QStringList approved;
    QStringList identities;
    QString approvedSha256, identitiesSha256;
    // The baseline support search instead of the detection (docs/detection.md, Baseline): the same
    // per-user rows over the window, marked `purpose=baseline` in the header. Its lists are always
    // applied on import, since an embedded approved list would hide the entries the diff keeps.
    bool baseline = false;
};

struct RenderedQuery
{
    QString text;
    qsizetype size = 0;        // in the engine's unit (engineQueryLimit)
    qsizetype limit = 0;       // 0: none documented
    qsizetype listEntries = 0; // embedded entries
    // Embedded lists: how many entries (approved first, then identities) fit under the limit.
    qsizetype entriesThatFit = 0;
    QString error; // not empty: the query does not fit, or an option is wrong
    QStringList warnings;
    bool fits() const { return limit == 0 || size <= limit; }
};

// Renders the detection for one engine: one row per user with count, readonlycount, first and
// last time, the sorted distinct eventNames, identity types and accounts, and the header column.
RenderedQuery renderQuery(const QueryOptions& options);

// The follow-up query that lists one user's successful events (an imported result has no raw events).
QString renderUserEventsQuery(const QueryOptions& options, const QString& user);

// Athena CREATE EXTERNAL TABLE for CloudTrail with partition projection. An account trail needs
// accountId and region; an organisation trail needs orgId and lists of accounts and regions.
struct DdlOptions
{
    QString table = QStringLiteral("cloudtrail_logs_pp");
    QString database;
    QString bucket; // with an optional prefix: "my-bucket/some/prefix"
    QString orgId;  // "o-abc123": organisation trail layout
    QString accountId;
    QString region;
    QStringList accounts, regions; // organisation trail: the enum projections
    QString rangeStart = QStringLiteral("2020/01/01");
};
QString athenaDdl(const DdlOptions& options, QString* error);

// SQL string literal: single quotes, ' doubled. Backslash is literal in Trino and DuckDB.
QString sqlLiteral(QStringView s);
// Splunk search value: double quotes, `\` and `"` escaped by `\`.
QString splQuoted(QStringView s);

} // namespace tw
