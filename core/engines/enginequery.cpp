// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/engines/enginequery.h"
#include "core/version.h"

#include <QRegularExpression>

#include <algorithm>

namespace tw {

namespace {

constexpr TimeMs kDayMs = 86400LL * 1000;

QString isoUtc(TimeMs t)
{
    return formatSplunkTime(t) + u'Z';
}

QString sqlTimestamp(TimeMs t)
{
    return QStringLiteral("TIMESTAMP '") + formatSplunkTime(t).replace(u'T', u' ') + u'\'';
}

// The partition value of the day that holds t: "yyyy/MM/dd", as CloudTrail's S3 layout names it.
QString partitionDay(TimeMs t)
{
    return formatSplunkTime(t).left(10).replace(u'-', u'/');
}

TimeMs floorDay(TimeMs t)
{
    return t - (((t % kDayMs) + kDayMs) % kDayMs);
}

bool isPlainIdentifier(const QString& s, bool allowHyphen)
{
    if (s.isEmpty() || s.size() > 255)
        return false;
    return std::all_of(s.begin(), s.end(), [allowHyphen](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') ||
               c == u'_' || (allowHyphen && c == u'-');
    });
}

QString quotedName(const QString& database, const QString& table)
{
    const QString t = u'"' + table + u'"';
    return database.isEmpty() ? t : u'"' + database + QStringLiteral("\".") + t;
}

// CloudTrail's eventTime in every form the spec accepts (docs/detection.md "Time"), anchored at the
// start; the portable "matches" is that removing the match leaves nothing. Alternatives are
// ordered longest first because both engines take the first alternative that matches.
const char* const kTimePattern =
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ]([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)([.,][0-9]+)?"
    "([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9]|[+-]([01][0-9]|2[0-3])[0-5][0-9]|[+-]([01][0-9]|2[0-3]))?";

// Embedded lists: exact entries (compared after lower()) and LIKE patterns for entries with '*'.
struct SplitLists
{
    QStringList exact, like;
};

SplitLists splitLists(const QStringList& entries)
{
    SplitLists out;
    QStringList seenExact, seenLike;
    for (const QString& e : entries) {
        if (e.isEmpty())
            continue;
        const QString lower = e.toLower();
        if (!lower.contains(u'*')) {
            out.exact << lower;
            continue;
        }
        QString p;
        for (QChar c : lower) {
            if (c == u'\\' || c == u'%' || c == u'_')
                p += u'\\';
            p += c == u'*' ? QChar(u'%') : c;
        }
        out.like << p;
    }
    out.exact.removeDuplicates();
    out.like.removeDuplicates();
    return out;
}

QString valuesList(const QString& name, const QString& column, const QStringList& values)
{
    // A typed NULL row first keeps an empty list valid SQL; it never matches (lower(x) = NULL).
    QString s = QStringLiteral("%1 (%2) AS (VALUES (CAST(NULL AS VARCHAR))").arg(name, column);
    for (const QString& v : values)
        s += QStringLiteral(", (") + sqlLiteral(v) + u')';
    return s + u')';
}

// The parts of the query that differ between Athena (the documented CloudTrail table), CloudTrail
// Lake and Security Lake (OCSF). Each is an SQL expression over one row of the source.
struct Dialect
{
    QString from;
    QString where;         // partition and time predicates on the source, may be empty
    QString eventTimeText; // Athena: the text to parse; empty when `timeValue` is a timestamp already
    QString timeValue;
    QString eventId, eventName, readOnly, identityType, account, user, success, path;
    bool jsonFormat = false; // Lake returns every value as a string: json_format the arrays
};

QString arnName(const QString& arn)
{
    // Last '/'-segment of the last ':'-segment. [^:] and [^/] also match newlines in RE2 and Joni.
    return QStringLiteral("regexp_replace(regexp_replace(%1, '^([^:]*:)*', ''), '^([^/]*/)*', '')").arg(arn);
}

QString nz(const QString& e)
{
    return QStringLiteral("nullif(%1, '')").arg(e);
}

Dialect athenaDialect(const QueryOptions& o, QString* error)
{
    Dialect d;
    if (!isPlainIdentifier(o.table, false) ||
        (!o.database.isEmpty() && !isPlainIdentifier(o.database, false))) {
        *error = QStringLiteral("Athena needs --table (letters, digits and _; optionally --database)");
        return d;
    }
    d.from = quotedName(o.database, o.table);
    QStringList where;
    if (o.window.from)
        where << QStringLiteral("\"timestamp\" >= '%1'").arg(partitionDay(*o.window.from));
    if (o.window.to)
        where << QStringLiteral("\"timestamp\" <= '%1'")
                     .arg(partitionDay(floorDay(*o.window.to - 1) + o.window.slackDays * kDayMs));
    d.where = where.join(QStringLiteral(" AND "));
    d.eventTimeText = QStringLiteral("eventtime");
    d.eventId = QStringLiteral("eventid");
    d.eventName = QStringLiteral("eventname");
    d.readOnly = QStringLiteral("readonly");
    d.identityType = QStringLiteral("useridentity.type");
    d.account =
        QStringLiteral("coalesce(%1, %2)")
            .arg(nz(QStringLiteral("recipientaccountid")), nz(QStringLiteral("useridentity.accountid")));
    const QString rp = QStringLiteral("json_extract_scalar(requestparameters, '$.%1')");
    if (o.rules == RuleSet::Ta7) {
        // An arn key that is present (even empty) wins over requestParameters.roleArn; a JSON null
        // reads as absent in Athena (docs/detection.md "Add-on 7.x rules"; README "Logs too big for one
        // machine").
        d.user = QStringLiteral("coalesce(%1, %2, %3, %4)")
                     .arg(nz(QStringLiteral("useridentity.username")), nz(rp.arg(u"sourceIdentity")),
                          nz(QStringLiteral("useridentity.sessioncontext.sessionissuer.username")),
                          nz(arnName(QStringLiteral("CASE WHEN useridentity.arn IS NOT NULL THEN "
                                                    "useridentity.arn ELSE %1 END")
                                         .arg(rp.arg(u"roleArn")))));
        d.success = QStringLiteral(
            "lower(coalesce(nullif(errorcode, ''), CASE WHEN json_extract_scalar(responseelements, "
            "'$.ConsoleLogin') = 'Failure' THEN 'failure' END, 'success')) = 'success'");
    } else {
        d.user = QStringLiteral("coalesce(%1, %2, 'root')")
                     .arg(nz(QStringLiteral("useridentity.username")),
                          nz(QStringLiteral("useridentity.sessioncontext.sessionissuer.username")));
        d.success = QStringLiteral("lower(coalesce(nullif(errorcode, ''), 'success')) = 'success'");
    }
    d.path = QStringLiteral("\"$path\"");
    return d;
}

Dialect lakeDialect(const QueryOptions& o, QString* error)
{
    Dialect d;
    if (!isPlainIdentifier(o.eventDataStore, true)) {
        *error = QStringLiteral(
            "CloudTrail Lake needs --eds ID (the event data store ID, the last part of its ARN)");
        return d;
    }
    d.from = o.eventDataStore; // Lake wants the ID unquoted, hyphens and all
    QStringList where;
    if (o.window.from)
        where << QStringLiteral("eventtime >= %1").arg(sqlTimestamp(*o.window.from));
    if (o.window.to)
        where << QStringLiteral("eventtime < %1").arg(sqlTimestamp(*o.window.to));
    d.where = where.join(QStringLiteral(" AND "));
    d.timeValue = QStringLiteral("eventtime");
    d.eventId = QStringLiteral("eventid");
    d.eventName = QStringLiteral("eventname");
    d.readOnly = QStringLiteral("CAST(readonly AS VARCHAR)");
    d.identityType = QStringLiteral("useridentity.type");
    d.account =
        QStringLiteral("coalesce(%1, %2)")
            .arg(nz(QStringLiteral("recipientaccountid")), nz(QStringLiteral("useridentity.accountid")));
    const QString rp = QStringLiteral("element_at(requestparameters, '%1')");
    if (o.rules == RuleSet::Ta7) {
        d.user = QStringLiteral("coalesce(%1, %2, %3, %4)")
                     .arg(nz(QStringLiteral("useridentity.username")), nz(rp.arg(u"sourceIdentity")),
                          nz(QStringLiteral("useridentity.sessioncontext.sessionissuer.username")),
                          nz(arnName(QStringLiteral("CASE WHEN useridentity.arn IS NOT NULL THEN "
                                                    "useridentity.arn ELSE %1 END")
                                         .arg(rp.arg(u"roleArn")))));
        d.success =
            QStringLiteral("lower(coalesce(nullif(errorcode, ''), CASE WHEN element_at(responseelements, "
                           "'ConsoleLogin') = 'Failure' THEN 'failure' END, 'success')) = 'success'");
    } else {
        d.user = QStringLiteral("coalesce(%1, %2, 'root')")
                     .arg(nz(QStringLiteral("useridentity.username")),
                          nz(QStringLiteral("useridentity.sessioncontext.sessionissuer.username")));
        d.success = QStringLiteral("lower(coalesce(nullif(errorcode, ''), 'success')) = 'success'");
    }
    d.path = QStringLiteral("''"); // no file names in Lake: the choice among identical duplicates is free
    d.jsonFormat = true;
    return d;
}

Dialect securityLakeDialect(const QueryOptions& o, QString* error)
{
    Dialect d;
    QString db = o.database, table = o.table;
    if (table.isEmpty() && !o.region.isEmpty()) {
        QString r = o.region;
        r.replace(u'-', u'_');
        db = QStringLiteral("amazon_security_lake_glue_db_") + r;
        table = QStringLiteral("amazon_security_lake_table_%1_cloud_trail_mgmt_2_0").arg(r);
    }
    if (!isPlainIdentifier(table, false) || (!db.isEmpty() && !isPlainIdentifier(db, false))) {
        *error = QStringLiteral("Security Lake needs --table (and --database) or --region of its tables");
        return d;
    }
    d.from = quotedName(db, table);
    QStringList where;
    if (o.window.from)
        where << QStringLiteral("time_dt >= %1").arg(sqlTimestamp(*o.window.from));
    if (o.window.to)
        where << QStringLiteral("time_dt < %1").arg(sqlTimestamp(*o.window.to));
    d.where = where.join(QStringLiteral(" AND "));
    d.timeValue = QStringLiteral("time_dt");
    d.eventId = QStringLiteral("metadata.uid");
    d.eventName = QStringLiteral("api.operation");
    d.readOnly = QStringLiteral("CAST(NULL AS VARCHAR)"); // OCSF does not keep readOnly
    d.identityType = QStringLiteral("actor.user.type");
    d.account = nz(QStringLiteral("cloud.account.uid"));
    const QString rp = QStringLiteral("json_extract_scalar(api.request.data, '$.%1')");
    // OCSF keeps the session issuer's ARN, not its userName: its last segment stands in for it
    // (the role name), which differs from the 7.x rule only for issuers without a userName.
    if (o.rules == RuleSet::Ta7) {
        d.user = QStringLiteral("coalesce(%1, %2, %3, %4)")
                     .arg(nz(QStringLiteral("actor.user.name")), nz(rp.arg(u"sourceIdentity")),
                          nz(arnName(QStringLiteral("actor.session.issuer"))),
                          nz(arnName(QStringLiteral("CASE WHEN actor.user.uid IS NOT NULL THEN "
                                                    "actor.user.uid ELSE %1 END")
                                         .arg(rp.arg(u"roleArn")))));
        d.success = QStringLiteral("lower(coalesce(nullif(api.response.error, ''), CASE WHEN status = "
                                   "'Failure' THEN 'failure' END, 'success')) = 'success'");
    } else {
        d.user = QStringLiteral("coalesce(%1, %2, 'root')")
                     .arg(nz(QStringLiteral("actor.user.name")),
                          nz(arnName(QStringLiteral("actor.session.issuer"))));
        d.success = QStringLiteral("lower(coalesce(nullif(api.response.error, ''), 'success')) = 'success'");
    }
    d.path = QStringLiteral("''");
    return d;
}

QString renderSql(const QueryOptions& o, const QueryHeader& header, const SplitLists& lists, QString* error)
{
    Dialect d;
    switch (o.engine) {
    case Engine::Athena:
        d = athenaDialect(o, error);
        break;
    case Engine::Lake:
        d = lakeDialect(o, error);
        break;
    case Engine::SecurityLake:
        d = securityLakeDialect(o, error);
        break;
    case Engine::Splunk:
        break;
    }
    if (!error->isEmpty())
        return {};

    QString q;
    q += QStringLiteral("-- ") + header.toLine() + u'\n';
    if (header.baseline)
        q += QStringLiteral(
            "-- Baseline \"Create a list of approved AWS service accounts\", one row a user with "
            "successful activity.\n"
            "-- Written by TrailWarden: review the result with `trailwarden-cli baseline --import` or "
            "File > Import Engine Results, then Tools > Rebuild Baseline.\n");
    else
        q += QStringLiteral(
            "-- Detection \"AWS API activity from unapproved accounts\" (T1078.004), one row a user.\n"
            "-- Written by TrailWarden: import the result with `trailwarden-cli import` or File > "
            "Import Engine Results.\n");
    q += QStringLiteral("WITH ");
    q += valuesList(QStringLiteral("excl_exact"), QStringLiteral("v"), lists.exact) + QStringLiteral(",\n");
    q += valuesList(QStringLiteral("excl_like"), QStringLiteral("p"), lists.like) + QStringLiteral(",\n");

    // src: the fields the rules need, one row an event, bounded by partitions (or event time).
    q += QStringLiteral("src AS (\n  SELECT ");
    QStringList cols;
    if (!d.eventTimeText.isEmpty())
        cols << d.eventTimeText + QStringLiteral(" AS t");
    else
        cols << d.timeValue + QStringLiteral(" AS ts0");
    cols << d.eventId + QStringLiteral(" AS eid") << d.eventName + QStringLiteral(" AS en")
         << d.readOnly + QStringLiteral(" AS ro") << d.identityType + QStringLiteral(" AS itype")
         << d.account + QStringLiteral(" AS acct") << d.user + QStringLiteral(" AS u")
         << d.success + QStringLiteral(" AS ok") << d.path + QStringLiteral(" AS p");
    q += cols.join(QStringLiteral(",\n    "));
    q += QStringLiteral("\n  FROM ") + d.from;
    if (!d.where.isEmpty())
        q += QStringLiteral("\n  WHERE ") + d.where;
    q += QStringLiteral("\n),\n");

    // tp: the time of each event. Athena's eventtime is text: only the forms the spec accepts are
    // parsed, their offset applied; anything else is NULL and the event is dropped as malformed.
    QString frac; // milliseconds as three digits, part of the duplicate key
    if (!d.eventTimeText.isEmpty()) {
        q += QStringLiteral(
                 "tz AS (\n  SELECT src.*,\n"
                 "    CASE WHEN regexp_replace(t, '%1', '') = '' THEN TRY_CAST(substr(t, 1, 10) || ' ' || "
                 "substr(t, 12, 6) || CASE WHEN substr(t, 18, 2) = '60' THEN '59' ELSE substr(t, 18, 2) END "
                 "AS TIMESTAMP) END AS base,\n"
                 "    regexp_replace(substr(t, 20), '^([.,][0-9]+)?', '') AS zone\n  FROM src\n),\n")
                 .arg(QLatin1StringView(kTimePattern));
        q += QStringLiteral(
            "tp AS (\n  SELECT tz.*,\n"
            "    base - (CASE WHEN length(zone) >= 3 THEN (CASE WHEN substr(zone, 1, 1) = '-' THEN -1 ELSE 1 "
            "END)"
            " * (TRY_CAST(substr(zone, 2, 2) AS INTEGER) * 60 + CASE length(zone) WHEN 6 THEN "
            "TRY_CAST(substr(zone, 5, 2) AS INTEGER) WHEN 5 THEN TRY_CAST(substr(zone, 4, 2) AS INTEGER) "
            "ELSE 0 "
            "END) ELSE 0 END) * INTERVAL '1' MINUTE AS ts,\n"
            "    substr(substr(t, 21, greatest(length(t) - 20 - length(zone), 0)) || '000', 1, 3) AS ms\n"
            "  FROM tz\n  WHERE base IS NOT NULL\n),\n");
        frac = QStringLiteral("ms");
    } else {
        q += QStringLiteral(
            "tp AS (\n  SELECT src.*, ts0 AS ts, '' AS ms\n  FROM src\n  WHERE ts0 IS NOT NULL\n),\n");
        frac = QStringLiteral("ms");
    }

    // ev: the window on the parsed time, and the duplicate rank. The same (eventID, eventTime,
    // eventName) counts once; a record without eventID is never a duplicate (docs/detection.md "Duplicates").
    QStringList window;
    if (o.window.from)
        window << QStringLiteral("ts >= %1").arg(sqlTimestamp(*o.window.from));
    if (o.window.to)
        window << QStringLiteral("ts < %1").arg(sqlTimestamp(*o.window.to));
    q += QStringLiteral(
        "ev AS (\n  SELECT u, ok, ts, nullif(en, '') AS en, ro, nullif(itype, '') AS itype, acct");
    if (o.dedup)
        q += QStringLiteral(
                 ",\n    CASE WHEN nullif(eid, '') IS NULL THEN 1 ELSE row_number() OVER (PARTITION BY "
                 "eid, ts, %1, nullif(en, '') ORDER BY p) END AS rn")
                 .arg(frac);
    else
        q += QStringLiteral(",\n    1 AS rn");
    q += QStringLiteral("\n  FROM tp");
    if (!window.isEmpty())
        q += QStringLiteral("\n  WHERE ") + window.join(QStringLiteral(" AND "));
    q += QStringLiteral("\n),\n");

    // agg: the `stats ... by user` of the search, over successful events with a user.
    q += QStringLiteral(
        "agg AS (\n  SELECT u AS \"user\", count(*) AS \"count\",\n"
        "    sum(CASE WHEN lower(ro) = 'true' THEN 1 ELSE 0 END) AS readonlycount,\n"
        "    min(ts) AS t1, max(ts) AS t2,\n"
        "    array_sort(array_agg(DISTINCT en) FILTER (WHERE en IS NOT NULL)) AS names,\n"
        "    array_sort(array_agg(DISTINCT itype) FILTER (WHERE itype IS NOT NULL)) AS itypes,\n"
        "    array_sort(array_agg(DISTINCT acct) FILTER (WHERE acct IS NOT NULL)) AS accts\n"
        "  FROM ev\n  WHERE ok AND u IS NOT NULL AND rn = 1\n  GROUP BY u\n)\n");

    auto arr = [&d](const QString& a) {
        return d.jsonFormat ? QStringLiteral("json_format(CAST(%1 AS JSON))").arg(a)
                            : QStringLiteral("CAST(%1 AS JSON)").arg(a);
    };
    q += QStringLiteral(
             "SELECT a.\"user\", a.\"count\", a.readonlycount,\n"
             "  substr(CAST(a.t1 AS VARCHAR), 1, 19) AS firsttime, substr(CAST(a.t2 AS VARCHAR), 1, 19) "
             "AS lasttime,\n  %1 AS eventname, %2 AS identitytype, %3 AS account,\n  %4 AS tw_query\n")
             .arg(arr(QStringLiteral("a.names")), arr(QStringLiteral("a.itypes")),
                  arr(QStringLiteral("a.accts")), sqlLiteral(header.toLine()));
    // Whole users are excluded after aggregation: the LIKE join costs users x patterns.
    q += QStringLiteral("FROM agg a\n"
                        "LEFT JOIN excl_exact x ON lower(a.\"user\") = x.v\n"
                        "LEFT JOIN excl_like l ON lower(a.\"user\") LIKE l.p ESCAPE '\\'\n"
                        "WHERE x.v IS NULL AND l.p IS NULL\n"
                        "ORDER BY a.\"user\"\n");
    return q;
}

QString renderSpl(const QueryOptions& o, const QueryHeader& header, const QStringList& entries)
{
    QString q = QStringLiteral("``` ") + header.toLine() + QStringLiteral(" ```\n");
    q += QStringLiteral("`cloudtrail` errorCode=success");
    if (o.window.from)
        q += QStringLiteral(" earliest=%1").arg(*o.window.from / 1000);
    if (o.window.to)
        q += QStringLiteral(" latest=%1").arg(*o.window.to / 1000);
    q += u'\n';
    if (o.dedup)
        q += QStringLiteral("| dedup keepempty=true eventID eventTime eventName\n");
    q += QStringLiteral("| rename userName as identity\n");
    if (!entries.isEmpty()) {
        QStringList quoted;
        for (const QString& e : entries)
            quoted << splQuoted(e);
        q += QStringLiteral("| search NOT identity IN (") + quoted.join(QStringLiteral(", ")) +
             QStringLiteral(")\n");
    }
    q += QStringLiteral(
        "| rename identity as user\n"
        "| stats count count(eval(readOnly=\"true\")) as readonlycount min(_time) as firstTime "
        "max(_time) as lastTime values(eventName) as eventName values(userIdentity.type) as "
        "identitytype values(recipientAccountId) as account by user\n"
        "| `security_content_ctime(firstTime)` | `security_content_ctime(lastTime)`\n");
    q += QStringLiteral("| eval tw_query=") + splQuoted(header.toLine()) + u'\n';
    // The filter macro suppresses findings; the baseline support search has none (docs/detection.md,
    // Baseline), and a suppressed user is still active and belongs in the baseline.
    if (!header.baseline)
        q += QStringLiteral("| `detect_aws_api_activities_from_unapproved_accounts_filter`\n");
    return q;
}

qsizetype measure(Engine engine, const QString& text)
{
    // Athena counts bytes of the UTF-8 query string; Lake counts characters.
    return engine == Engine::Lake ? text.size() : text.toUtf8().size();
}

} // namespace

QString engineName(Engine engine)
{
    switch (engine) {
    case Engine::Athena:
        return QStringLiteral("athena");
    case Engine::Lake:
        return QStringLiteral("lake");
    case Engine::SecurityLake:
        return QStringLiteral("securitylake");
    case Engine::Splunk:
        return QStringLiteral("splunk");
    }
    return {};
}

QString engineDisplayName(Engine engine)
{
    switch (engine) {
    case Engine::Athena:
        return QStringLiteral("Amazon Athena");
    case Engine::Lake:
        return QStringLiteral("AWS CloudTrail Lake");
    case Engine::SecurityLake:
        return QStringLiteral("Amazon Security Lake");
    case Engine::Splunk:
        return QStringLiteral("Splunk");
    }
    return {};
}

std::optional<Engine> engineFromName(const QString& name)
{
    for (Engine e : {Engine::Athena, Engine::Lake, Engine::SecurityLake, Engine::Splunk})
        if (name.compare(engineName(e), Qt::CaseInsensitive) == 0)
            return e;
    return std::nullopt;
}

qsizetype engineQueryLimit(Engine engine)
{
    switch (engine) {
    case Engine::Athena:
    case Engine::SecurityLake:
        return 262144; // StartQueryExecution QueryString, bytes, not adjustable
    case Engine::Lake:
        return 10000; // StartQuery QueryStatement, characters
    case Engine::Splunk:
        return 0;
    }
    return 0;
}

QString sqlLiteral(QStringView s)
{
    QString out = QStringLiteral("'");
    for (QChar c : s) {
        if (c == u'\'')
            out += u'\'';
        out += c;
    }
    return out + u'\'';
}

QString splQuoted(QStringView s)
{
    QString out = QStringLiteral("\"");
    for (QChar c : s) {
        if (c == u'\\' || c == u'"')
            out += u'\\';
        out += c;
    }
    return out + u'"';
}

QString QueryHeader::toLine() const
{
    QStringList parts;
    parts << QStringLiteral("TrailWarden %1 engine query")
                 .arg(version.isEmpty() ? QStringLiteral(TRAILWARDEN_VERSION) : version);
    if (engine)
        parts << QStringLiteral("engine=") + engineName(*engine);
    if (rules)
        parts << QStringLiteral("rules=") + ruleSetName(*rules);
    parts << QStringLiteral("from=") + (window.from ? isoUtc(*window.from) : QStringLiteral("-"));
    parts << QStringLiteral("to=") + (window.to ? isoUtc(*window.to) : QStringLiteral("-"));
    parts << QStringLiteral("slack=%1d").arg(window.slackDays);
    parts << QStringLiteral("dedup=") + (dedup ? QStringLiteral("yes") : QStringLiteral("no"));
    if (baseline)
        parts << QStringLiteral("purpose=baseline");
    if (!listsEmbedded) {
        parts << QStringLiteral("lists=none");
    } else {
        parts << QStringLiteral("lists=embedded");
        parts << QStringLiteral("approved=sha256:%1/%2")
                     .arg(approvedSha256.isEmpty() ? QStringLiteral("-") : approvedSha256)
                     .arg(approvedEntries);
        parts << QStringLiteral("identities=sha256:%1/%2")
                     .arg(identitiesSha256.isEmpty() ? QStringLiteral("-") : identitiesSha256)
                     .arg(identityEntries);
    }
    return parts.join(QStringLiteral("; "));
}

std::optional<QueryHeader> QueryHeader::parse(QStringView line)
{
    QString s = line.trimmed().toString();
    for (const QString& marker : {QStringLiteral("--"), QStringLiteral("```")})
        if (s.startsWith(marker))
            s = s.mid(marker.size()).trimmed();
    if (s.endsWith(QStringLiteral("```")))
        s = s.chopped(3).trimmed();
    static const QRegularExpression first(QStringLiteral("^TrailWarden (\\S+) engine query$"));
    const QStringList parts = s.split(QStringLiteral("; "));
    const auto m = first.match(parts.value(0));
    if (!m.hasMatch())
        return std::nullopt;
    QueryHeader h;
    h.version = m.captured(1);
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const qsizetype eq = parts[i].indexOf(u'=');
        if (eq < 0)
            continue;
        const QString key = parts[i].left(eq), value = parts[i].mid(eq + 1);
        if (key == u"engine") {
            h.engine = engineFromName(value);
        } else if (key == u"rules") {
            if (value == u"ta7")
                h.rules = RuleSet::Ta7;
            else if (value == u"legacy")
                h.rules = RuleSet::Legacy;
        } else if (key == u"from" || key == u"to") {
            const QByteArray utf8 = value.toUtf8();
            const auto t =
                parseEventTime(std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size())));
            (key == u"from" ? h.window.from : h.window.to) = t;
        } else if (key == u"slack") {
            h.window.slackDays = value.chopped(value.endsWith(u'd') ? 1 : 0).toInt();
        } else if (key == u"dedup") {
            h.dedup = value != u"no";
        } else if (key == u"purpose") {
            h.baseline = value == u"baseline";
        } else if (key == u"lists") {
            h.listsEmbedded = value == u"embedded";
        } else if (key == u"approved" || key == u"identities") {
            QString v = value;
            if (v.startsWith(QStringLiteral("sha256:")))
                v = v.mid(7);
            const qsizetype slash = v.lastIndexOf(u'/');
            const QString sha = slash < 0 ? v : v.left(slash);
            const qsizetype n = slash < 0 ? 0 : v.mid(slash + 1).toLongLong();
            if (key == u"approved") {
                h.approvedSha256 = sha == u"-" ? QString() : sha;
                h.approvedEntries = n;
            } else {
                h.identitiesSha256 = sha == u"-" ? QString() : sha;
                h.identityEntries = n;
            }
        }
    }
    return h;
}

QString QueryHeader::windowText() const
{
    if (window.isOpen())
        return QStringLiteral("all time");
    return QStringLiteral("%1 to %2")
        .arg(window.from ? isoUtc(*window.from) : QStringLiteral("the beginning"),
             window.to ? isoUtc(*window.to) : QStringLiteral("the end"));
}

namespace {

RenderedQuery renderWith(const QueryOptions& o, const QStringList& approved, const QStringList& identities)
{
    RenderedQuery r;
    QueryHeader h;
    h.engine = o.engine;
    h.rules = o.rules;
    h.window = o.window;
    h.dedup = o.dedup;
    h.listsEmbedded = o.embedLists;
    h.baseline = o.baseline;
    h.approvedSha256 = o.approvedSha256;
    h.identitiesSha256 = o.identitiesSha256;
    h.approvedEntries = approved.size();
    h.identityEntries = identities.size();
    const QStringList all = approved + identities;
    r.listEntries = all.size();
    if (o.engine == Engine::Splunk) {
        r.text = renderSpl(o, h, all);
    } else {
        r.text = renderSql(o, h, splitLists(all), &r.error);
    }
    r.limit = engineQueryLimit(o.engine);
    r.size = measure(o.engine, r.text);
    return r;
}

} // namespace

RenderedQuery renderQuery(const QueryOptions& options)
{
    if (options.window.from && options.window.to && *options.window.from >= *options.window.to) {
        RenderedQuery r;
        r.error = QStringLiteral("the window is empty: --from must be before --to");
        return r;
    }
    if (options.baseline && options.embedLists) {
        RenderedQuery r;
        r.error = QStringLiteral("the baseline query applies the lists on import: an embedded approved list "
                                 "would hide the entries the baseline keeps");
        return r;
    }
    if (options.window.slackDays < 0) {
        RenderedQuery r;
        r.error = QStringLiteral("the partition slack cannot be negative");
        return r;
    }
    const QStringList approved = options.embedLists ? options.approved : QStringList();
    const QStringList identities = options.embedLists ? options.identities : QStringList();
    RenderedQuery r = renderWith(options, approved, identities);
    if (!r.error.isEmpty())
        return r;
    if (options.engine == Engine::Splunk && options.rules == RuleSet::Legacy)
        r.warnings << QStringLiteral(
            "Splunk derives userName with the rules of the installed Add-on for AWS; "
            "--rules cannot change them");
    if (options.engine == Engine::SecurityLake)
        r.warnings << QStringLiteral(
            "Security Lake (OCSF) keeps the session issuer's ARN, not its userName: its last "
            "segment stands in for it");
    r.entriesThatFit = r.listEntries;
    if (!r.fits()) {
        // How many entries (approved first, then identities) fit: the size grows with each entry,
        // so a binary search over the count finds the largest that fits.
        const QStringList all = approved + identities;
        qsizetype lo = 0, hi = all.size();
        while (lo < hi) {
            const qsizetype mid = (lo + hi + 1) / 2;
            const QStringList a = all.mid(0, std::min(mid, approved.size()));
            const QStringList i =
                mid > approved.size() ? identities.mid(0, mid - approved.size()) : QStringList();
            if (renderWith(options, a, i).fits())
                lo = mid;
            else
                hi = mid - 1;
        }
        r.entriesThatFit = lo;
        r.error =
            QStringLiteral("the query with the lists embedded is %1 %2, over %3's limit of %4; %5 of the %6 "
                           "list entries fit. Use --lists none (the lists are then applied on import).")
                .arg(r.size)
                .arg(options.engine == Engine::Lake ? QStringLiteral("characters") : QStringLiteral("bytes"))
                .arg(engineDisplayName(options.engine))
                .arg(r.limit)
                .arg(lo)
                .arg(all.size());
    }
    return r;
}

QString renderUserEventsQuery(const QueryOptions& options, const QString& user)
{
    if (options.engine == Engine::Splunk) {
        QString q = QStringLiteral("`cloudtrail` errorCode=success userName=") + splQuoted(user);
        if (options.window.from)
            q += QStringLiteral(" earliest=%1").arg(*options.window.from / 1000);
        if (options.window.to)
            q += QStringLiteral(" latest=%1").arg(*options.window.to / 1000);
        return q + QStringLiteral("\n| sort 0 _time\n");
    }
    QString error;
    Dialect d = options.engine == Engine::Athena ? athenaDialect(options, &error)
                : options.engine == Engine::Lake ? lakeDialect(options, &error)
                                                 : securityLakeDialect(options, &error);
    if (!error.isEmpty())
        return {};
    QString q =
        QStringLiteral("-- Successful events of one user (TrailWarden drill-down).\nSELECT *\nFROM ") +
        d.from + QStringLiteral("\nWHERE ");
    if (!d.where.isEmpty())
        q += d.where + QStringLiteral("\n  AND ");
    q += d.user + QStringLiteral(" = ") + sqlLiteral(user) + QStringLiteral("\n  AND ") + d.success;
    q += QStringLiteral("\nORDER BY ") + (d.eventTimeText.isEmpty() ? d.timeValue : d.eventTimeText) +
         QStringLiteral("\nLIMIT 10000\n");
    return q;
}

QString athenaDdl(const DdlOptions& o, QString* error)
{
    static const QRegularExpression bucketRe(
        QStringLiteral("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[A-Za-z0-9!_.*'()/-]*)?$"));
    static const QRegularExpression accountRe(QStringLiteral("^[0-9]{12}$"));
    static const QRegularExpression regionRe(QStringLiteral("^[a-z]{2}(-[a-z]+)+-[0-9]+$"));
    static const QRegularExpression orgRe(QStringLiteral("^o-[a-z0-9]{10,32}$"));
    QString bucket = o.bucket;
    if (bucket.startsWith(QStringLiteral("s3://")))
        bucket = bucket.mid(5);
    while (bucket.endsWith(u'/'))
        bucket.chop(1);
    if (!bucketRe.match(bucket).hasMatch()) {
        *error = QStringLiteral("--bucket must be an S3 bucket name, optionally with a prefix");
        return {};
    }
    if (!isPlainIdentifier(o.table, false) ||
        (!o.database.isEmpty() && !isPlainIdentifier(o.database, false))) {
        *error = QStringLiteral("--table and --database may hold letters, digits and _");
        return {};
    }
    const bool org = !o.orgId.isEmpty();
    if (org) {
        if (!orgRe.match(o.orgId).hasMatch()) {
            *error = QStringLiteral("--org-id must look like o-abc1234567");
            return {};
        }
        if (o.accounts.isEmpty() || o.regions.isEmpty()) {
            *error = QStringLiteral("an organisation trail needs --accounts and --regions (comma-separated)");
            return {};
        }
        for (const QString& a : o.accounts)
            if (!accountRe.match(a).hasMatch()) {
                *error = QStringLiteral("not an account ID: '%1'").arg(a);
                return {};
            }
        for (const QString& r : o.regions)
            if (!regionRe.match(r).hasMatch()) {
                *error = QStringLiteral("not a region: '%1'").arg(r);
                return {};
            }
    } else if (!accountRe.match(o.accountId).hasMatch() || !regionRe.match(o.region).hasMatch()) {
        *error = QStringLiteral("an account trail needs --account (12 digits) and --region");
        return {};
    }

    const QString name = o.database.isEmpty() ? QStringLiteral("`%1`").arg(o.table)
                                              : QStringLiteral("`%1`.`%2`").arg(o.database, o.table);
    QString q =
        QStringLiteral("-- CloudTrail table for TrailWarden's Athena query (partition projection: no MSCK "
                       "REPAIR, no crawler).\n");
    q += QStringLiteral("CREATE EXTERNAL TABLE %1 (\n").arg(name);
    q += QStringLiteral(
        "    eventversion STRING,\n"
        "    useridentity STRUCT<\n"
        "        type: STRING, principalid: STRING, arn: STRING, accountid: STRING, invokedby: STRING,\n"
        "        accesskeyid: STRING, username: STRING,\n"
        "        onbehalfof: STRUCT<userid: STRING, identitystorearn: STRING>,\n"
        "        sessioncontext: STRUCT<\n"
        "            attributes: STRUCT<mfaauthenticated: STRING, creationdate: STRING>,\n"
        "            sessionissuer: STRUCT<type: STRING, principalid: STRING, arn: STRING, accountid: "
        "STRING, "
        "username: STRING>,\n"
        "            ec2roledelivery: STRING,\n"
        "            webidfederationdata: STRUCT<federatedprovider: STRING, attributes: MAP<STRING, "
        "STRING>>>>,\n"
        "    eventtime STRING,\n    eventsource STRING,\n    eventname STRING,\n    awsregion STRING,\n"
        "    sourceipaddress STRING,\n    useragent STRING,\n    errorcode STRING,\n    errormessage "
        "STRING,\n"
        "    requestparameters STRING,\n    responseelements STRING,\n    additionaleventdata STRING,\n"
        "    requestid STRING,\n    eventid STRING,\n    readonly STRING,\n"
        "    resources ARRAY<STRUCT<arn: STRING, accountid: STRING, type: STRING>>,\n"
        "    eventtype STRING,\n    apiversion STRING,\n    recipientaccountid STRING,\n"
        "    serviceeventdetails STRING,\n    sharedeventid STRING,\n    vpcendpointid STRING,\n"
        "    vpcendpointaccountid STRING,\n    eventcategory STRING,\n"
        "    addendum STRUCT<reason: STRING, updatedfields: STRING, originalrequestid: STRING, "
        "originaleventid: "
        "STRING>,\n"
        "    sessioncredentialfromconsole STRING,\n    edgedevicedetails STRING,\n"
        "    tlsdetails STRUCT<tlsversion: STRING, ciphersuite: STRING, clientprovidedhostheader: "
        "STRING>\n)\n");
    if (org)
        q += QStringLiteral("PARTITIONED BY (`account` STRING, `region` STRING, `timestamp` STRING)\n");
    else
        q += QStringLiteral("PARTITIONED BY (`timestamp` STRING)\n");
    q += QStringLiteral("ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'\n"
                        "STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'\n"
                        "OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'\n");
    const QString base =
        org ? QStringLiteral("s3://%1/AWSLogs/%2").arg(bucket, o.orgId)
            : QStringLiteral("s3://%1/AWSLogs/%2/CloudTrail/%3").arg(bucket, o.accountId, o.region);
    q += QStringLiteral("LOCATION '%1'\nTBLPROPERTIES (\n").arg(base);
    q += QStringLiteral("    'projection.enabled'='true',\n");
    if (org) {
        q += QStringLiteral("    'projection.account.type'='enum',\n    'projection.account.values'='%1',\n"
                            "    'projection.region.type'='enum',\n    'projection.region.values'='%2',\n")
                 .arg(o.accounts.join(u','), o.regions.join(u','));
    }
    q += QStringLiteral("    'projection.timestamp.type'='date',\n"
                        "    'projection.timestamp.format'='yyyy/MM/dd',\n"
                        "    'projection.timestamp.interval'='1',\n"
                        "    'projection.timestamp.interval.unit'='DAYS',\n"
                        "    'projection.timestamp.range'='%1,NOW',\n")
             .arg(o.rangeStart);
    if (org)
        q += QStringLiteral(
                 "    'storage.location.template'='%1/${account}/CloudTrail/${region}/${timestamp}'\n)\n")
                 .arg(base);
    else
        q += QStringLiteral("    'storage.location.template'='%1/${timestamp}'\n)\n").arg(base);
    return q;
}

} // namespace tw
