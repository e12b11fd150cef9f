// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

// What every trailwarden-cli command shares: exit statuses and how errors are printed.

#include "app/clihints.h"

#include "core/detection/newsince.h"
#include "core/lists/accountaliases.h"
#include "core/lists/reviewfile.h"
#include "core/report/reportdata.h"
#include "core/report/reportformat.h"
#include "core/report/reportmanifest.h"
#include "core/report/reporttext.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QString>

#include <cstdio>
#include <memory>
#include <optional>
#include <vector>

namespace tw::cli {

// Exit statuses (documented in --help and the README).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitUsage = 2;
// A file could not be written (approve, revoke, baseline --apply, --output, --manifest): read-only,
// no space, not a regular file, changed on disk, locked by another writer. Nothing was changed.
inline constexpr int kExitNotWritten = 3;

// Text for a terminal: log values (user names, paths, messages quoting them) may hold ESC, C1 controls
// such as the 8-bit CSI, newlines or invisible characters that would rewrite what the analyst reads
// (a user named "*\e[2K\e[1A\e[2K" erased the baseline line "+ *"). Shown as "[U+001B]", as in reports.
inline QByteArray terminalText(const QString& text)
{
    return ReportText::visible(text).toUtf8();
}

// Every message goes through terminalText: none of ours spans lines, so any control is from outside.
inline void printErr(const QString& text)
{
    std::fputs(terminalText(text).constData(), stderr);
    std::fputc('\n', stderr);
}

inline int usageError(const QString& message, const QString& command)
{
    printErr(QStringLiteral("trailwarden-cli: %1").arg(message));
    printErr(QStringLiteral("Try 'trailwarden-cli %1--help'.")
                 .arg(command.isEmpty() ? QString() : command + u' '));
    return kExitUsage;
}

// What approve or revoke did, as one line: on stdout when the command succeeds (the result a script
// reads), on stderr when it fails. A successful write's warnings (a hard link broken, say) are
// diagnostics and go to stderr.
inline void printOutcome(const QString& message, bool succeeded)
{
    if (message.isEmpty())
        return;
    if (!succeeded) {
        printErr(message);
        return;
    }
    static const QString kWarning = QStringLiteral("; warning: ");
    const qsizetype warning = message.indexOf(kWarning);
    std::fputs(terminalText(message.left(warning)).constData(), stdout);
    std::fputc('\n', stdout);
    if (warning >= 0)
        printErr(QStringLiteral("trailwarden-cli: warning: ") + message.mid(warning + kWarning.size()));
}

// A command's --help. QCommandLineParser names the program as it was started (often an absolute
// build or install path); the user needs the command to type: `trailwarden-cli scan`.
inline QString commandHelp(const QCommandLineParser& parser, const QString& command)
{
    QString text = parser.helpText();
    const QString started = QStringLiteral("Usage: ") + QCoreApplication::arguments().constFirst();
    if (text.startsWith(started))
        text.replace(0, started.size(), QStringLiteral("Usage: trailwarden-cli ") + command);
    return text;
}

inline void printCommandHelp(const QCommandLineParser& parser, const QString& command)
{
    std::fputs(qUtf8Printable(commandHelp(parser, command)), stdout);
}

// Parses a command's arguments. False when the command should stop: a usage error (status 2,
// printed) or --help (printed, status 0).
inline bool parseOrHelp(QCommandLineParser& p, const QStringList& args, const QString& command, int& status)
{
    if (!p.parse(args)) {
        status = usageError(parseErrorText(p), command);
        return false;
    }
    if (p.isSet(QStringLiteral("help"))) {
        printCommandHelp(p, command);
        status = kExitOk;
        return false;
    }
    return true;
}

inline QString currentUser()
{
    return qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME", QStringLiteral("unknown")));
}

// Output (clioutput.cpp). path empty or "-": standard output; else the file, atomically. Each prints
// why it failed (and the writer's warnings) and returns false when not everything was written.
bool isStdout(const QString& path);
bool writeOutput(const QString& path, QByteArrayView data);
// A findings report, streamed (writeReportFile / renderReport): the same bytes the window writes.
bool writeReportOutput(const QString& path, const ReportData& data, ReportFormat format);
// `--manifest FILE`: the manifest as the CSV report's sidecar holds it.
bool writeManifestOutput(const QString& path, const RunManifest& manifest);

// `--aliases FILE` of scan and import (clioutput.cpp): the names shown beside account ids. A file
// that cannot be used at all is an error (printed; nullopt), since the user asked for it; a row that
// cannot be used is printed as a warning unless quiet, and the rest is used.
std::optional<std::shared_ptr<const AccountAliases>> loadAliasesOption(const QString& path, bool quiet);
inline QCommandLineOption aliasesOption()
{
    return QCommandLineOption(
        QStringLiteral("aliases"),
        QStringLiteral("Account aliases CSV (columns account_id,name): names shown beside "
                       "12-digit account ids in the reports (html, md, pdf, csv, json); never used by "
                       "the detection."),
        QStringLiteral("FILE"));
}

// The review file (reviewcommands.cpp): `triage`, and what `scan --review` adds.
int runTriage(const QStringList& args);
struct ScanReview
{
    QString path;
    ReviewRecord record;
    std::vector<FindingFootprint> footprints;
    std::vector<FindingReview> marks; // parallel to the findings marked
    // Marks the findings of result (in its order) against the record.
    void mark(const EventStore& store, const DetectionResult& result);
    std::size_t newCount() const;
    // --record-review: the findings marked are recorded as reviewed. Prints why not and returns false.
    bool recordAsReviewed(const QString& by) const;
};
// Reads the review file; nullopt (the reason printed) when it cannot be used at all. A damaged
// line is printed and the rest used.
std::optional<ScanReview> loadScanReview(const QString& path);

// The list-stewardship commands (stewardshipcommands.cpp).
int runRevoke(const QStringList& args);
int runBaseline(const QStringList& args);
int runHealth(const QStringList& args);

// The engine commands (enginecommands.cpp).
int runQuery(const QStringList& args);
int runImport(const QStringList& args);

} // namespace tw::cli
