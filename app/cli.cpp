// SPDX-License-Identifier: GPL-3.0-or-later

// trailwarden-cli: the detection without a display, for cron jobs, pipelines and tests.

#include "app/cliutil.h"

#include "core/analysissession.h"
#include "core/detection/principalclass.h"
#include "core/ingest/discovery.h"
#include "core/lists/approvalservice.h"
#include "core/lists/identitylists.h"
#include "core/report/report.h"
#include "core/report/reportpipeline.h"
#include "core/version.h"
#ifdef TRAILWARDEN_HAVE_PDF
#include "core/report/pdf/pdfreport.h"
#endif

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>

#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <unistd.h>

namespace {

using namespace tw::cli;

// The formats of `scan --format`; the first is the default.
const QStringList kFormats = {QStringLiteral("table"),   QStringLiteral("json"), QStringLiteral("csv"),
                              QStringLiteral("csv-raw"), QStringLiteral("html"), QStringLiteral("md"),
                              QStringLiteral("pdf")};

QString formatBytes(double bytes)
{
    return QString::number(bytes / (1024.0 * 1024.0), 'f', 1) + QStringLiteral(" MB");
}

int runScan(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Runs the detection \"AWS API activity from unapproved accounts\" over CloudTrail logs.\n"
        "PATH: files (.json, .json.gz, .jsonl, .ndjson, optionally gzipped) or folders (searched "
        "recursively).\n"
        "Exit status: 0 ran; 1 with --fail-on-findings and findings, or --fail-on-new and new findings;\n"
        "2 usage error or no input readable; 3 --output, --manifest or --record-review could not be\n"
        "written (the old file is kept)."));
    p.addHelpOption();
    const QCommandLineOption approved(QStringLiteral("approved"),
                                      QStringLiteral("Approved accounts CSV (aws_service_accounts.csv)."),
                                      QStringLiteral("FILE"));
    const QCommandLineOption identities(QStringLiteral("identities"),
                                        QStringLiteral("Identity list CSV (identity_lookup_expanded)."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption rules(
        QStringLiteral("rules"),
        QStringLiteral("Field rules: ta7 (Splunk Add-on for AWS 7.x, default) or legacy (1.x)."),
        QStringLiteral("ta7|legacy"), QStringLiteral("ta7"));
    const QCommandLineOption format(
        QStringLiteral("format"),
        QStringLiteral("Output: table (default); json (the detection's output object plus the run "
                       "manifest); csv (safe to open in a spreadsheet); csv-raw (Splunk's export, values "
                       "unchanged); html, md or pdf (findings reports with details, charts and the run "
                       "manifest)."),
        kFormats.join(u'|'), QStringLiteral("table"));
    const QCommandLineOption output(
        QStringLiteral("output"), QStringLiteral("Write the output to FILE (atomically) instead of stdout."),
        QStringLiteral("FILE"));
    const QCommandLineOption failOnFindings(QStringLiteral("fail-on-findings"),
                                            QStringLiteral("Exit with status 1 when there are findings."));
    const QCommandLineOption threads(QStringLiteral("threads"),
                                     QStringLiteral("Worker threads (default: one per core)."),
                                     QStringLiteral("N"));
    const QCommandLineOption quiet(QStringLiteral("quiet"),
                                   QStringLiteral("No progress and no problem list on stderr."));
    const QCommandLineOption manifestFile(
        QStringLiteral("manifest"),
        QStringLiteral(
            "Also write the run manifest (what was read, with SHA-256 of every input) as JSON to FILE."),
        QStringLiteral("FILE"));
    const QCommandLineOption noHash(
        QStringLiteral("no-hash"),
        QStringLiteral("Do not compute the SHA-256 of the inputs for the manifest."));
    const QCommandLineOption suppressions(
        QStringLiteral("suppressions"),
        QStringLiteral("Suppression rules (JSON, the search's _filter macro): hide matching findings without "
                       "approving anyone. Default: the rules that belong to the --approved CSV "
                       "(NAME.suppressions.json beside NAME.csv), as the window applies them."),
        QStringLiteral("FILE"));
    const QCommandLineOption noSuppressions(
        QStringLiteral("no-suppressions"),
        QStringLiteral("Apply no suppression rules, not even those beside the --approved CSV."));
    const QCommandLineOption review(
        QStringLiteral("review"),
        QStringLiteral("Review file (<list>.review.jsonl beside the approved list): mark each finding new "
                       "since the last review or not, with what is new, and show its triage (status, "
                       "owner, ticket, note) in every format."),
        QStringLiteral("FILE"));
    const QCommandLineOption recordReview(
        QStringLiteral("record-review"),
        QStringLiteral("After the output is written, record this scan's findings as reviewed in the "
                       "--review file (what a nightly job does after it has reported)."));
    const QCommandLineOption failOnNew(
        QStringLiteral("fail-on-new"),
        QStringLiteral("Exit with status 1 when a finding is new since the last "
                       "review (needs --review); known findings do not fail."));
    const QCommandLineOption aliases = aliasesOption();
    p.addOptions({approved, identities, rules, format, output, failOnFindings, threads, quiet, manifestFile,
                  noHash, suppressions, noSuppressions, review, recordReview, failOnNew, aliases});
    p.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("Log files or folders."),
                            QStringLiteral("PATH..."));
    int status = kExitOk;
    if (!parseOrHelp(p, args, QStringLiteral("scan"), status))
        return status;
    const QStringList paths = p.positionalArguments();
    if (paths.isEmpty())
        return usageError(QStringLiteral("scan needs at least one PATH"), QStringLiteral("scan"));
    for (const QCommandLineOption* list : {&approved, &identities})
        if (const QString missing =
                missingFolderText(QStringLiteral("--") + list->names().constFirst(), p.value(*list));
            !missing.isEmpty())
            return usageError(missing, QStringLiteral("scan"));
    const QString rulesName = p.value(rules);
    if (rulesName != u"ta7" && rulesName != u"legacy")
        return usageError(QStringLiteral("--rules must be ta7 or legacy, not '%1'").arg(rulesName),
                          QStringLiteral("scan"));
    QString fmt = p.value(format);
    if (fmt == u"markdown")
        fmt = QStringLiteral("md");
    if (!kFormats.contains(fmt))
        return usageError(
            QStringLiteral("--format must be one of %1, not '%2'").arg(kFormats.join(u", "), fmt),
            QStringLiteral("scan"));
#ifndef TRAILWARDEN_HAVE_PDF
    if (fmt == u"pdf")
        return usageError(QStringLiteral("this trailwarden-cli was built without Qt Gui: no PDF reports"),
                          QStringLiteral("scan"));
#endif
    if (fmt == u"pdf" && (p.value(output).isEmpty() || p.value(output) == u'-') && isatty(STDOUT_FILENO))
        return usageError(QStringLiteral("a PDF is not for a terminal: use --output FILE"),
                          QStringLiteral("scan"));
    tw::LoadOptions options;
    if (p.isSet(threads)) {
        bool ok = false;
        options.threads = p.value(threads).toInt(&ok);
        if (!ok || options.threads < 1)
            return usageError(QStringLiteral("--threads must be a positive number"), QStringLiteral("scan"));
    }
    const bool beQuiet = p.isSet(quiet);
    if ((p.isSet(recordReview) || p.isSet(failOnNew)) && p.value(review).isEmpty())
        return usageError(QStringLiteral("--record-review and --fail-on-new need --review FILE"),
                          QStringLiteral("scan"));
    std::optional<ScanReview> scanReview;
    if (p.isSet(review)) {
        scanReview = loadScanReview(p.value(review));
        if (!scanReview)
            return kExitUsage;
    }
    // Reports carry the run manifest; only they (and --manifest) pay for hashing the inputs, and
    // the load hashes each file while its bytes are in memory (not a second read afterwards).
    const std::optional<tw::ReportFormat> reportFormat = tw::reportFormatFromName(fmt);
    // The CSV report has no room for the hashes; only --manifest would show them.
    options.hashFiles = ((reportFormat && *reportFormat != tw::ReportFormat::Csv) || p.isSet(manifestFile)) &&
                        !p.isSet(noHash);
    // No output of scan shows an access key or a session: they are pivots of the window. Nor does
    // scan switch rules: the other rule set's users are not kept.
    options.credentials = false;
    options.onlyRules = rulesName == u"legacy" ? tw::RuleSet::Legacy : tw::RuleSet::Ta7;
    // Regions, source addresses and user agents appear in the HTML, Markdown and PDF reports' finding
    // details and in the review file's footprints, nowhere else a scan writes: a tenth of its CPU at 1M.
    options.details = scanReview || reportFormat == tw::ReportFormat::Html ||
                      reportFormat == tw::ReportFormat::Markdown || reportFormat == tw::ReportFormat::Pdf;

    tw::AnalysisSession session;
    session.setLoadOptions(options);
    session.setRules(rulesName == u"legacy" ? tw::RuleSet::Legacy : tw::RuleSet::Ta7);
    bool listFailed = false;
    QObject::connect(&session, &tw::AnalysisSession::lookupProblem, [&](const QString& message) {
        printErr(QStringLiteral("trailwarden-cli: %1").arg(message));
    });
    if (!session.setApprovedList(p.value(approved)) || !session.setIdentityList(p.value(identities)))
        listFailed = true;
    if (listFailed) // running without a list would report every approved account as a finding
        return kExitUsage;
    if (p.isSet(suppressions) && p.isSet(noSuppressions))
        return usageError(QStringLiteral("--suppressions and --no-suppressions exclude each other"),
                          QStringLiteral("scan"));
    // The window applies the rules beside the approved CSV; so does a scan with the same list, or
    // the nightly job would report findings the analyst has suppressed (and the other way round).
    const QString rulesPath = p.isSet(suppressions) ? p.value(suppressions)
                              : p.isSet(noSuppressions) || session.approvedPath().isEmpty()
                                  ? QString()
                                  : tw::suppressionsPathFor(session.approvedPath());
    if (!rulesPath.isEmpty() && !session.setSuppressionsPath(rulesPath))
        return kExitUsage;
    if (p.isSet(aliases)) {
        const auto loaded = loadAliasesOption(p.value(aliases), beQuiet);
        if (!loaded)
            return kExitUsage;
        session.setAccountAliases(*loaded);
    }
    if (session.approvedPath().isEmpty() && session.identityPath().isEmpty())
        printErr(
            QStringLiteral("trailwarden-cli: warning: no approved list (--approved) and no identity list "
                           "(--identities): nothing is excluded, every user with successful API calls "
                           "is a finding"));

    const bool showProgress = !beQuiet && isatty(STDERR_FILENO);
    QElapsedTimer clock;
    clock.start();
    if (showProgress) {
        QObject::connect(
            &session, &tw::AnalysisSession::progressChanged,
            [&clock](quint64 filesDone, quint64 filesTotal, quint64 bytesDone, quint64, quint64 events) {
                const double secs = std::max<qint64>(1, clock.elapsed()) / 1000.0;
                std::fprintf(stderr, "\r  %llu/%llu files, %llu events, %s/s   ",
                             static_cast<unsigned long long>(filesDone),
                             static_cast<unsigned long long>(filesTotal),
                             static_cast<unsigned long long>(events),
                             qUtf8Printable(formatBytes(static_cast<double>(bytesDone) / secs)));
            });
    }
    session.load(paths);
    session.waitForLoad();
    if (showProgress)
        std::fputs("\r\x1b[K", stderr);

    const auto store = session.store();
    const auto result = session.result();
    if (!store || !result)
        return usageError(QStringLiteral("the load did not finish"), QStringLiteral("scan"));
    if (!beQuiet) {
        for (const tw::LoadProblem& problem : store->problems)
            printErr(QStringLiteral("%1: %2").arg(problem.path, problem.message));
        for (const tw::LoadProblem& skipped : store->skippedFiles)
            printErr(QStringLiteral("%1: %2").arg(skipped.path, skipped.message));
    }
    // Zero events is never "no findings": say what was skipped or failed, and fail.
    if (store->counts.events == 0) {
        printErr(QStringLiteral("trailwarden-cli: %1. %2")
                     .arg(tw::describeNothingRead(*store, paths), tw::nothingReadAdvice(*store)));
        return kExitUsage;
    }
    // The list is bounded (kMaxListedSkips) so that a folder of a million exports cannot flood the
    // terminal or memory; the count is always whole, and says when the list is not.
    if (!beQuiet && store->counts.skippedByName > 0)
        printErr(QStringLiteral("trailwarden-cli: %1 in the folders skipped by name (%2): %3")
                     .arg(store->counts.skippedByName == 1
                              ? QStringLiteral("1 file")
                              : QStringLiteral("%1 files").arg(store->counts.skippedByName),
                          store->skippedFiles.size() < store->counts.skippedByName
                              ? QStringLiteral("the first %1 listed above").arg(store->skippedFiles.size())
                              : QStringLiteral("listed above"),
                          tw::kSkippedByNameReason));

    // The window's File ▸ Export makes reports the same way (core/report/reportpipeline.h).
    std::optional<tw::ReportData> report;
    if (reportFormat || p.isSet(manifestFile)) {
        tw::ReportRequest request = session.reportRequest();
        request.inputs = paths;
        request.manifestOptions.hashFiles = options.hashFiles;
        report = tw::prepareReport(request);
    }
    if (scanReview) {
        // Marked in the order the output lists the findings (a report's own order when there is one).
        scanReview->mark(*store, report ? report->result : *result);
        if (report)
            report->review = scanReview->marks;
    }
    const std::vector<tw::FindingReview>* marks = scanReview ? &scanReview->marks : nullptr;
    if (p.isSet(manifestFile) && !writeManifestOutput(p.value(manifestFile), report->manifest))
        return kExitNotWritten;

    const QString outputPath = p.value(output);
    bool written = false;
    if (reportFormat) {
        written = writeReportOutput(outputPath, *report, *reportFormat);
    } else {
        const std::string text = fmt == u"csv-raw" ? tw::findingsCsv(*store, *result, marks)
                                                   : tw::findingsTable(*store, *result, marks);
        written = writeOutput(outputPath, QByteArrayView(text.data(), qsizetype(text.size())));
    }
    if (!written)
        return kExitNotWritten;
    // Only once the report is out: a scan whose output failed must still show as new tomorrow.
    if (p.isSet(recordReview) && !scanReview->recordAsReviewed(currentUser()))
        return kExitNotWritten;
    if (p.isSet(failOnNew) && scanReview->newCount() > 0)
        return kExitFindings;
    return p.isSet(failOnFindings) && !result->findings.empty() ? kExitFindings : kExitOk;
}

int runApprove(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Appends identities to the approved accounts CSV with "
                                               "provenance (approved_by, approved_at, reason).\n"
                                               "The file is re-read under a lock and written atomically; "
                                               "other rows and columns are kept byte for byte.\n"
                                               "Exit status: 0 written (or already approved); 2 usage "
                                               "error; 3 not written (the file is unchanged)."));
    p.addHelpOption();
    const QCommandLineOption approved(QStringLiteral("approved"),
                                      QStringLiteral("Approved accounts CSV to write."),
                                      QStringLiteral("FILE"));
    const QCommandLineOption reason(QStringLiteral("reason"),
                                    QStringLiteral("Why these identities are approved."),
                                    QStringLiteral("TEXT"));
    const QCommandLineOption by(QStringLiteral("by"),
                                QStringLiteral("Who approves (default: the user name)."),
                                QStringLiteral("NAME"));
    const QCommandLineOption allowRoot(QStringLiteral("allow-root"),
                                       QStringLiteral("Approve root too (refused otherwise: the root user is "
                                                      "no service account)."));
    const QCommandLineOption expires(
        QStringLiteral("expires"),
        QStringLiteral("When the approvals end: a number of days (30d, 90d) or a date (YYYY-MM-DD, through "
                       "that day in UTC). Written with them, in the same write. Default: no expiry."),
        QStringLiteral("WHEN"));
    p.addOptions({approved, reason, by, allowRoot, expires});
    p.addPositionalArgument(QStringLiteral("IDENTITY"), QStringLiteral("User names to approve."),
                            QStringLiteral("IDENTITY..."));
    int status = kExitOk;
    if (!parseOrHelp(p, args, QStringLiteral("approve"), status))
        return status;
    if (!p.isSet(approved) || p.value(approved).isEmpty())
        return usageError(QStringLiteral("approve needs --approved FILE"), QStringLiteral("approve"));
    if (!p.isSet(reason) || p.value(reason).trimmed().isEmpty())
        return usageError(
            QStringLiteral("approve needs --reason TEXT: an approval without a reason cannot be reviewed"),
            QStringLiteral("approve"));
    if (p.positionalArguments().isEmpty())
        return usageError(QStringLiteral("approve needs at least one IDENTITY"), QStringLiteral("approve"));
    const QString who = p.value(by).isEmpty() ? currentUser() : p.value(by);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    tw::ApprovalOptions options;
    if (p.isSet(expires)) {
        QString error;
        options.expires = tw::expiryFromText(p.value(expires), now, &error);
        if (options.expires.isEmpty())
            return usageError(error, QStringLiteral("approve"));
        // The service refuses it too; said here as a usage error, before the file is touched.
        if (const QString problem = tw::expiryProblem(options.expires, now); !problem.isEmpty())
            return usageError(problem, QStringLiteral("approve"));
    }
    // All or nothing: a script that asked for a wildcard must not half succeed.
    bool refused = false;
    for (const QString& id : p.positionalArguments()) {
        QString why;
        if (!tw::isLiteralApprovable(id, &why)) {
            printErr(QStringLiteral("trailwarden-cli: %1").arg(why));
            refused = true;
        }
    }
    if (refused) {
        printErr(QStringLiteral("trailwarden-cli: nothing approved"));
        return kExitUsage;
    }
    if (!p.isSet(allowRoot)) {
        for (const QString& id : p.positionalArguments())
            if (tw::isRootName(id))
                return usageError(
                    QStringLiteral("refusing to approve '%1': the account's root user is no service "
                                   "account and approving it hides every root call; "
                                   "--allow-root overrides")
                        .arg(id),
                    QStringLiteral("approve"));
    }

    // A typo in --approved must not quietly start a new list: the folder has to exist, and a new
    // file is announced.
    if (const QString missing = missingFolderText(QStringLiteral("--approved"), p.value(approved));
        !missing.isEmpty())
        return usageError(missing, QStringLiteral("approve"));
    const bool existed = QFileInfo::exists(p.value(approved));
    const tw::ApprovalService service(p.value(approved));
    const tw::ApprovalResult r = service.approve(p.positionalArguments(), p.value(reason), who, now, options);
    if (r.ok && !existed)
        printErr(QStringLiteral("trailwarden-cli: created %1 (it did not exist)").arg(p.value(approved)));
    // Re-approving what is already approved is not an error (scripts may repeat themselves);
    // a file that could not be read or written is, and so is an identity that can never match.
    const int result = r.failed ? kExitNotWritten : r.invalid.isEmpty() ? kExitOk : kExitUsage;
    printOutcome(r.message, result == kExitOk);
    return result;
}

#ifdef TRAILWARDEN_HAVE_PDF
// Whether the command line asks for a PDF: only then is a (headless) QGuiApplication started, so
// that every other use runs on Qt Core alone.
bool wantsPdf(int argc, char* argv[])
{
    if (argc < 2 || (std::strcmp(argv[1], "scan") != 0 && std::strcmp(argv[1], "import") != 0))
        return false;
    for (int i = 2; i < argc; ++i) {
        if (std::strcmp(argv[i], "--format=pdf") == 0)
            return true;
        if (std::strcmp(argv[i], "--format") == 0 && i + 1 < argc && std::strcmp(argv[i + 1], "pdf") == 0)
            return true;
    }
    return false;
}
#endif

} // namespace

int main(int argc, char* argv[])
{
    std::unique_ptr<QCoreApplication> application;
#ifdef TRAILWARDEN_HAVE_PDF
    if (wantsPdf(argc, argv))
        application = tw::createHeadlessGuiApplication(argc, argv);
#endif
    if (!application)
        application = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("trailwarden-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TRAILWARDEN_VERSION));

    QStringList args = QCoreApplication::arguments();
    const QString command = args.size() > 1 ? args.at(1) : QString();
    if (command == u"--version" || command == u"-v") {
        std::printf("trailwarden-cli %s\n", TRAILWARDEN_VERSION);
        return kExitOk;
    }
    if (command.isEmpty() || command == u"--help" || command == u"-h" || command == u"help") {
        std::fputs("Usage: trailwarden-cli COMMAND [options]\n\n"
                   "Commands:\n"
                   "  scan     run the detection over CloudTrail logs and print the findings\n"
                   "  triage   set the status, owner, ticket or note of findings in a review file\n"
                   "  approve  add identities to the approved accounts CSV, with a reason\n"
                   "  revoke   remove identities from it, with a reason (kept in its audit log)\n"
                   "  baseline rebuild the list from recent activity, as a reviewed diff\n"
                   "  health   how each approved entry stands against the logs\n"
                   "  query    write the detection for Athena, CloudTrail Lake, Security Lake or Splunk\n"
                   "  import   read that engine's result and report it like scan\n\n"
                   "Options:\n"
                   "  --version  print the version\n"
                   "  --help     this text; 'trailwarden-cli COMMAND --help' for a command\n",
                   command.isEmpty() ? stderr : stdout);
        return command.isEmpty() ? kExitUsage : kExitOk;
    }
    args.removeAt(1);
    if (command == u"scan")
        return runScan(args);
    if (command == u"approve")
        return runApprove(args);
    if (command == u"triage")
        return runTriage(args);
    if (command == u"revoke")
        return runRevoke(args);
    if (command == u"baseline")
        return runBaseline(args);
    if (command == u"health")
        return runHealth(args);
    if (command == u"query")
        return runQuery(args);
    if (command == u"import")
        return runImport(args);
    return usageError(unknownCommandText(command, {QStringLiteral("scan"), QStringLiteral("approve"),
                                                   QStringLiteral("revoke"), QStringLiteral("baseline"),
                                                   QStringLiteral("health"), QStringLiteral("query"),
                                                   QStringLiteral("import")}),
                      QString());
}
