// SPDX-License-Identifier: GPL-3.0-or-later
// trailwarden-cli query | import: the detection written for Athena, CloudTrail Lake, Security Lake or
// Splunk, and their answer read back into the same findings, lists and reports as a scan.

#include "app/cliutil.h"

#include "core/analysissession.h"
#include "core/engines/enginequery.h"
#include "core/engines/engineresult.h"
#include "core/lists/identitylists.h"
#include "core/report/report.h"
#include "core/report/reportpipeline.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QFileInfo>
#include <QRegularExpression>

#include <unistd.h>

#include <functional>

namespace tw::cli {

namespace {

std::optional<TimeMs> parseWhen(const QString& text)
{
    QString t = text.trimmed();
    if (t.size() == 10) // a date alone: its midnight, UTC
        t += QStringLiteral("T00:00:00Z");
    const QByteArray u = t.toUtf8();
    return parseEventTime(std::string_view(u.constData(), static_cast<std::size_t>(u.size())));
}

// "30d", "12h", "90m": a duration back from now.
std::optional<qint64> parseDuration(const QString& text)
{
    static const QRegularExpression re(QStringLiteral("^([0-9]{1,6})([dhm])$"));
    const auto m = re.match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    const qint64 n = m.captured(1).toLongLong();
    const QChar unit = m.captured(2).at(0);
    return n * (unit == u'd' ? 86400000LL : unit == u'h' ? 3600000LL : 60000LL);
}

} // namespace

int runQuery(const QStringList& args)
{
    const QString cmd = QStringLiteral("query");
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Writes the detection as a query for the engine that holds the logs; run it there and read the "
        "answer back with 'trailwarden-cli import'. By default the query carries no lists: it returns one "
        "row "
        "per user and the import applies the approved list, the identity list and the suppressions.\n"
        "Exit status: 0 written; 2 usage error, or embedded lists that do not fit the engine's limit."));
    p.addHelpOption();
    const QCommandLineOption engine(QStringLiteral("engine"),
                                    QStringLiteral("athena, lake, securitylake or splunk."),
                                    QStringLiteral("ENGINE"));
    const QCommandLineOption table(QStringLiteral("table"), QStringLiteral("Athena / Security Lake table."),
                                   QStringLiteral("NAME"));
    const QCommandLineOption database(QStringLiteral("database"),
                                      QStringLiteral("Athena / Security Lake database."),
                                      QStringLiteral("NAME"));
    const QCommandLineOption eds(
        QStringLiteral("eds"), QStringLiteral("CloudTrail Lake event data store ID."), QStringLiteral("ID"));
    const QCommandLineOption region(
        QStringLiteral("region"),
        QStringLiteral("Security Lake: the region of its tables (when no --table); "
                       "--ddl: the trail's region."),
        QStringLiteral("REGION"));
    const QCommandLineOption since(QStringLiteral("since"),
                                   QStringLiteral("Window: the last N days/hours/minutes "
                                                  "(30d, 12h, 90m) up to now."),
                                   QStringLiteral("DURATION"));
    const QCommandLineOption from(QStringLiteral("from"),
                                  QStringLiteral("Window start (UTC, ISO 8601 or a date)."),
                                  QStringLiteral("TIME"));
    const QCommandLineOption to(QStringLiteral("to"), QStringLiteral("Window end, exclusive (UTC)."),
                                QStringLiteral("TIME"));
    const QCommandLineOption allTime(QStringLiteral("all-time"),
                                     QStringLiteral("No window: the engine reads everything (costly)."));
    const QCommandLineOption slack(QStringLiteral("slack-days"),
                                   QStringLiteral("Athena: days of partitions read after the window for late "
                                                  "delivery (default 1)."),
                                   QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption rules(QStringLiteral("rules"),
                                   QStringLiteral("Field rules: ta7 (default) or legacy."),
                                   QStringLiteral("ta7|legacy"), QStringLiteral("ta7"));
    const QCommandLineOption lists(QStringLiteral("lists"),
                                   QStringLiteral("none (default: applied on import) or embed (in the query, "
                                                  "with a size check against the engine's limit)."),
                                   QStringLiteral("none|embed"), QStringLiteral("none"));
    const QCommandLineOption approved(
        QStringLiteral("approved"), QStringLiteral("Approved accounts CSV (embed)."), QStringLiteral("FILE"));
    const QCommandLineOption identities(QStringLiteral("identities"),
                                        QStringLiteral("Identity list CSV (embed)."), QStringLiteral("FILE"));
    const QCommandLineOption noDedup(QStringLiteral("no-dedup"),
                                     QStringLiteral("Skip the duplicate removal (saves a shuffle; duplicates "
                                                    "then count twice)."));
    const QCommandLineOption output(QStringLiteral("output"), QStringLiteral("Write the query to FILE."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption ddl(QStringLiteral("ddl"),
                                 QStringLiteral("Print Athena's CREATE EXTERNAL TABLE (partition projection) "
                                                "for --bucket instead of a query."));
    const QCommandLineOption bucket(QStringLiteral("bucket"),
                                    QStringLiteral("--ddl: the trail's S3 bucket[/prefix]."),
                                    QStringLiteral("BUCKET"));
    const QCommandLineOption account(QStringLiteral("account"),
                                     QStringLiteral("--ddl: the account ID (account trail)."),
                                     QStringLiteral("ID"));
    const QCommandLineOption orgId(QStringLiteral("org-id"),
                                   QStringLiteral("--ddl: the organisation ID (organisation trail)."),
                                   QStringLiteral("ID"));
    const QCommandLineOption accounts(QStringLiteral("accounts"),
                                      QStringLiteral("--ddl with --org-id: account IDs, comma-separated."),
                                      QStringLiteral("IDS"));
    const QCommandLineOption regions(QStringLiteral("regions"),
                                     QStringLiteral("--ddl with --org-id: regions, comma-separated."),
                                     QStringLiteral("REGIONS"));
    const QCommandLineOption baseline(
        QStringLiteral("baseline"),
        QStringLiteral("The support search \"Create a list of approved AWS service accounts\" instead of the "
                       "detection (lists applied on import); read its result with 'baseline --import'."));
    p.addOptions({engine,  table,  database, eds,   region,   since,      from,    to,
                  allTime, slack,  rules,    lists, approved, identities, noDedup, output,
                  ddl,     bucket, account,  orgId, accounts, regions});
    p.addOption(baseline);
    int status = kExitOk;
    if (!parseOrHelp(p, args, cmd, status))
        return status;
    if (!p.positionalArguments().isEmpty())
        return usageError(QStringLiteral("query takes no PATH: '%1'").arg(p.positionalArguments().first()),
                          cmd);

    if (p.isSet(ddl)) {
        DdlOptions d;
        if (p.isSet(table))
            d.table = p.value(table);
        d.database = p.value(database);
        d.bucket = p.value(bucket);
        d.accountId = p.value(account);
        d.region = p.value(region);
        d.orgId = p.value(orgId);
        d.accounts = p.value(accounts).split(u',', Qt::SkipEmptyParts);
        d.regions = p.value(regions).split(u',', Qt::SkipEmptyParts);
        QString error;
        const QString text = athenaDdl(d, &error);
        if (!error.isEmpty())
            return usageError(error, cmd);
        return writeOutput(p.value(output), text.toUtf8()) ? kExitOk : kExitNotWritten;
    }

    QueryOptions o;
    const auto e = engineFromName(p.value(engine));
    if (!e)
        return usageError(QStringLiteral("--engine must be athena, lake, securitylake or splunk"), cmd);
    o.engine = *e;
    o.table = p.value(table);
    o.database = p.value(database);
    o.eventDataStore = p.value(eds);
    o.region = p.value(region);
    const QString rulesName = p.value(rules);
    if (rulesName != u"ta7" && rulesName != u"legacy")
        return usageError(QStringLiteral("--rules must be ta7 or legacy, not '%1'").arg(rulesName), cmd);
    o.rules = rulesName == u"legacy" ? RuleSet::Legacy : RuleSet::Ta7;
    o.dedup = !p.isSet(noDedup);
    bool ok = false;
    o.window.slackDays = p.value(slack).toInt(&ok);
    if (!ok || o.window.slackDays < 0 || o.window.slackDays > 30)
        return usageError(QStringLiteral("--slack-days must be a number from 0 to 30"), cmd);

    if (p.isSet(since) && (p.isSet(from) || p.isSet(to)))
        return usageError(QStringLiteral("--since and --from/--to exclude each other"), cmd);
    if (p.isSet(since)) {
        const auto d = parseDuration(p.value(since));
        if (!d)
            return usageError(QStringLiteral("--since must look like 30d, 12h or 90m"), cmd);
        // Whole minutes, so that the query text (and its header) says exactly what was searched.
        const TimeMs now = QDateTime::currentMSecsSinceEpoch() / 60000 * 60000;
        o.window.to = now;
        o.window.from = now - *d;
    }
    for (const auto* opt : {&from, &to}) {
        if (!p.isSet(*opt))
            continue;
        const auto t = parseWhen(p.value(*opt));
        if (!t)
            return usageError(
                QStringLiteral("--%1: not a time: '%2'").arg(opt->names().first(), p.value(*opt)), cmd);
        (opt == &from ? o.window.from : o.window.to) = t;
    }
    if (o.window.isOpen() && !p.isSet(allTime))
        return usageError(QStringLiteral("a window is needed (--since 30d, or --from/--to; --all-time reads "
                                         "every log the engine holds, and the engine bills for every byte)"),
                          cmd);

    const QString listsMode = p.value(lists);
    if (listsMode != u"none" && listsMode != u"embed")
        return usageError(QStringLiteral("--lists must be none or embed"), cmd);
    o.embedLists = listsMode == u"embed";
    o.baseline = p.isSet(baseline);
    if (o.baseline && o.embedLists)
        return usageError(QStringLiteral("--baseline applies the lists on import ('baseline --import'): an "
                                         "embedded approved list would hide the entries the baseline keeps"),
                          cmd);
    if (!o.embedLists && (p.isSet(approved) || p.isSet(identities)))
        return usageError(
            QStringLiteral("--approved/--identities are for --lists embed; without it the lists "
                           "are given to 'import'"),
            cmd);
    if (o.embedLists) {
        if (!p.isSet(approved) && !p.isSet(identities))
            return usageError(QStringLiteral("--lists embed needs --approved and/or --identities"), cmd);
        if (p.isSet(approved)) {
            const LookupLoad a = loadApprovedAccounts(p.value(approved));
            if (!a.ok())
                return usageError(a.error, cmd);
            // Approvals past their `expires` no longer exclude (as in scan).
            const QDateTime now = QDateTime::currentDateTimeUtc();
            for (const IdentityEntry& entry : a.entries)
                if (!entry.expiresAt.isValid() || entry.expiresAt > now)
                    o.approved << entry.identity;
            o.approvedSha256 = QString::fromLatin1(sha256OfFile(p.value(approved)));
        }
        if (p.isSet(identities)) {
            const LookupLoad i = loadIdentityList(p.value(identities));
            if (!i.ok())
                return usageError(i.error, cmd);
            o.identities = i.identities;
            o.identitiesSha256 = QString::fromLatin1(sha256OfFile(p.value(identities)));
        }
    }

    const RenderedQuery q = renderQuery(o);
    for (const QString& w : q.warnings)
        printErr(QStringLiteral("trailwarden-cli: note: %1").arg(w));
    if (!q.error.isEmpty()) {
        printErr(QStringLiteral("trailwarden-cli: %1").arg(q.error));
        return kExitUsage;
    }
    return writeOutput(p.value(output), q.text.toUtf8()) ? kExitOk : kExitNotWritten;
}

int runImport(const QStringList& args)
{
    const QString cmd = QStringLiteral("import");
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Reads an engine's answer to 'trailwarden-cli query' (Athena result CSV, CloudTrail Lake "
        "get-query-results JSON, Splunk CSV export) and reports it like 'scan': the approved list, the "
        "identity list and the suppressions are applied here.\n"
        "Exit status: 0 ran; 1 with --fail-on-findings and findings; 2 usage error or a result that cannot "
        "be read."));
    p.addHelpOption();
    const QCommandLineOption engine(
        QStringLiteral("engine"),
        QStringLiteral("athena, lake, securitylake or splunk (default: recognised "
                       "from the file)."),
        QStringLiteral("ENGINE"));
    const QCommandLineOption approved(QStringLiteral("approved"), QStringLiteral("Approved accounts CSV."),
                                      QStringLiteral("FILE"));
    const QCommandLineOption identities(QStringLiteral("identities"), QStringLiteral("Identity list CSV."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption suppressions(QStringLiteral("suppressions"),
                                          QStringLiteral("Suppression rules (JSON, the _filter macro)."),
                                          QStringLiteral("FILE"));
    const QCommandLineOption format(
        QStringLiteral("format"),
        QStringLiteral("table (default), json, csv, csv-raw, html, md or pdf, as scan."),
        QStringLiteral("FORMAT"), QStringLiteral("table"));
    const QCommandLineOption output(QStringLiteral("output"),
                                    QStringLiteral("Write the output to FILE (atomically)."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption failOnFindings(QStringLiteral("fail-on-findings"),
                                            QStringLiteral("Exit with status 1 when there are findings."));
    const QCommandLineOption manifestFile(QStringLiteral("manifest"),
                                          QStringLiteral("Also write the run manifest as JSON to FILE."),
                                          QStringLiteral("FILE"));
    const QCommandLineOption noHash(QStringLiteral("no-hash"),
                                    QStringLiteral("Do not hash the result files."));
    const QCommandLineOption splunkTz(QStringLiteral("splunk-tz"),
                                      QStringLiteral("Time zone of a Splunk export's firstTime/lastTime (the "
                                                     "Splunk user's zone; default UTC)."),
                                      QStringLiteral("ZONE"), QStringLiteral("UTC"));
    const QCommandLineOption quiet(QStringLiteral("quiet"), QStringLiteral("No notes on stderr."));
    const QCommandLineOption aliasesFile = aliasesOption();
    p.addOptions({engine, approved, identities, suppressions, format, output, failOnFindings, manifestFile,
                  noHash, splunkTz, quiet, aliasesFile});
    p.addPositionalArgument(QStringLiteral("RESULT"),
                            QStringLiteral("Result files (several: pages or parts)."),
                            QStringLiteral("RESULT..."));
    int status = kExitOk;
    if (!parseOrHelp(p, args, cmd, status))
        return status;
    const QStringList paths = p.positionalArguments();
    if (paths.isEmpty())
        return usageError(QStringLiteral("import needs at least one RESULT file"), cmd);
    QString fmt = p.value(format);
    if (fmt == u"markdown")
        fmt = QStringLiteral("md");
    static const QStringList kFormats = {
        QStringLiteral("table"), QStringLiteral("json"), QStringLiteral("csv"), QStringLiteral("csv-raw"),
        QStringLiteral("html"),  QStringLiteral("md"),   QStringLiteral("pdf")};
    if (!kFormats.contains(fmt))
        return usageError(QStringLiteral("--format must be one of %1").arg(kFormats.join(u", ")), cmd);
#ifndef TRAILWARDEN_HAVE_PDF
    if (fmt == u"pdf")
        return usageError(QStringLiteral("this trailwarden-cli was built without Qt Gui: no PDF reports"),
                          cmd);
#endif
    if (fmt == u"pdf" && (p.value(output).isEmpty() || p.value(output) == u'-') && isatty(STDOUT_FILENO))
        return usageError(QStringLiteral("a PDF is not for a terminal: use --output FILE"), cmd);

    EngineImportOptions options;
    if (p.isSet(engine)) {
        options.engine = engineFromName(p.value(engine));
        if (!options.engine)
            return usageError(QStringLiteral("--engine must be athena, lake, securitylake or splunk"), cmd);
    }
    options.splunkTimeZone = QTimeZone(p.value(splunkTz).toUtf8());
    if (!options.splunkTimeZone.isValid())
        return usageError(QStringLiteral("--splunk-tz: unknown time zone '%1'").arg(p.value(splunkTz)), cmd);

    // Lists first: running without a list the user named would report every approved account.
    LookupLoad approvedList, identityList;
    if (p.isSet(approved)) {
        approvedList = loadApprovedAccounts(p.value(approved));
        if (!approvedList.ok())
            return usageError(approvedList.error, cmd);
    }
    if (p.isSet(identities)) {
        identityList = loadIdentityList(p.value(identities));
        if (!identityList.ok())
            return usageError(identityList.error, cmd);
    }
    SuppressionSet rules;
    if (p.isSet(suppressions)) {
        rules = loadSuppressions(p.value(suppressions));
        if (!rules.ok())
            return usageError(rules.error, cmd);
    }

    std::shared_ptr<const AccountAliases> aliases;
    if (p.isSet(aliasesFile)) {
        const auto loaded = loadAliasesOption(p.value(aliasesFile), p.isSet(quiet));
        if (!loaded)
            return kExitUsage;
        aliases = *loaded;
    }

    const EngineResult imported = readEngineResults(paths, options);
    if (!imported.ok()) {
        printErr(QStringLiteral("trailwarden-cli: %1").arg(imported.error));
        return kExitUsage;
    }
    if (!p.isSet(quiet))
        for (const QString& w : imported.warnings)
            printErr(QStringLiteral("trailwarden-cli: note: %1").arg(w));
    const DetectionResult result = detectImported(imported, approvedList, identityList, rules);

    // The same pipeline as scan and the window's export (core/report/reportpipeline.h).
    const std::optional<ReportFormat> reportFormat = reportFormatFromName(fmt);
    std::optional<ReportData> report;
    if (reportFormat || p.isSet(manifestFile)) {
        ReportRequest request;
        request.store = imported.store;
        request.result = std::make_shared<const DetectionResult>(result);
        request.inputs = paths;
        request.approvedPath = p.value(approved);
        request.approved = approvedList;
        request.identityPath = p.value(identities);
        request.identities = identityList;
        request.suppressionsPath = p.value(suppressions);
        request.suppressions = rules;
        request.aliases = aliases;
        request.manifestOptions.hashFiles = !p.isSet(noHash);
        describeEngineResult(request, imported);
        report = prepareReport(request);
    }
    if (p.isSet(manifestFile) && !writeManifestOutput(p.value(manifestFile), report->manifest))
        return kExitNotWritten;

    bool written = false;
    if (reportFormat) {
        written = writeReportOutput(p.value(output), *report, *reportFormat);
    } else {
        const std::string text =
            fmt == u"csv-raw" ? findingsCsv(*imported.store, result) : findingsTable(*imported.store, result);
        written = writeOutput(p.value(output), QByteArrayView(text.data(), qsizetype(text.size())));
    }
    if (!written)
        return kExitNotWritten;
    return p.isSet(failOnFindings) && !result.findings.empty() ? kExitFindings : kExitOk;
}

} // namespace tw::cli
