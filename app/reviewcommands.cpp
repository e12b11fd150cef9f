// SPDX-License-Identifier: GPL-3.0-or-later

// Triage from scripts (`trailwarden-cli triage`) and the review file in `scan` (--review,
// --record-review, --fail-on-new): docs/detection.md, "New since last review".

#include "app/cliutil.h"

#include "core/detection/newsince.h"
#include "core/lists/reviewfile.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>

namespace tw::cli {

std::optional<ScanReview> loadScanReview(const QString& path)
{
    ScanReview review;
    review.path = path;
    review.record = loadReview(path);
    if (!review.record.error.isEmpty()) {
        printErr(QStringLiteral("trailwarden-cli: %1").arg(review.record.error));
        return std::nullopt;
    }
    // A damaged line costs that user only (they count as never reviewed: shown as new), the rest loads.
    for (const QString& problem : review.record.problems)
        printErr(QStringLiteral("trailwarden-cli: %1").arg(problem));
    return review;
}

void ScanReview::mark(const EventStore& store, const DetectionResult& result)
{
    footprints = findingFootprints(store, result.rules, result);
    marks = reviewFindings(footprints, record);
}

std::size_t ScanReview::newCount() const
{
    std::size_t n = 0;
    for (const FindingReview& r : marks)
        n += r.since.isNew ? 1 : 0;
    return n;
}

bool ScanReview::recordAsReviewed(const QString& by) const
{
    const ApprovalResult r =
        ReviewService(path).recordReview(reviewedActivity(footprints), by, QDateTime::currentDateTimeUtc());
    if (!r.ok) {
        printErr(QStringLiteral("trailwarden-cli: --record-review: %1").arg(r.message));
        return false;
    }
    return true;
}

int runTriage(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        QStringLiteral("Sets the triage of findings in a review file (status, owner, ticket, note; who and "
                       "when are recorded). The file is re-read under a lock and written atomically; other "
                       "users' entries are kept. Every change goes to <FILE>.audit.jsonl.\n"
                       "Exit status: 0 written; 2 usage error; 3 not written (the file is unchanged)."));
    p.addHelpOption();
    const QCommandLineOption review(QStringLiteral("review"),
                                    QStringLiteral("Review file (beside the approved list: "
                                                   "<list>.review.jsonl)."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption status(QStringLiteral("status"),
                                    QStringLiteral("New, Investigating, Escalated or Benign (not approved)."),
                                    QStringLiteral("S"));
    const QCommandLineOption note(QStringLiteral("note"), QStringLiteral("Free-text note."),
                                  QStringLiteral("TEXT"));
    const QCommandLineOption ticket(QStringLiteral("ticket"), QStringLiteral("Ticket reference."),
                                    QStringLiteral("REF"));
    const QCommandLineOption owner(QStringLiteral("owner"), QStringLiteral("Who owns the finding."),
                                   QStringLiteral("NAME"));
    const QCommandLineOption by(QStringLiteral("by"), QStringLiteral("Who triages (default: the user name)."),
                                QStringLiteral("NAME"));
    p.addOptions({review, status, note, ticket, owner, by});
    p.addPositionalArgument(QStringLiteral("USER"), QStringLiteral("Users (findings) to triage."),
                            QStringLiteral("USER..."));
    int exit = kExitOk;
    if (!parseOrHelp(p, args, QStringLiteral("triage"), exit))
        return exit;
    if (p.value(review).isEmpty())
        return usageError(QStringLiteral("triage needs --review FILE"), QStringLiteral("triage"));
    if (p.positionalArguments().isEmpty())
        return usageError(QStringLiteral("triage needs at least one USER"), QStringLiteral("triage"));
    TriageChange change;
    if (p.isSet(status)) {
        change.status = triageStatusFromName(p.value(status));
        if (!change.status)
            return usageError(QStringLiteral("--status must be one of %1, not '%2'")
                                  .arg(triageStatusNames().join(u", "), p.value(status)),
                              QStringLiteral("triage"));
    }
    if (p.isSet(note))
        change.note = p.value(note);
    if (p.isSet(ticket))
        change.ticket = p.value(ticket);
    if (p.isSet(owner))
        change.owner = p.value(owner);
    if (change.empty())
        return usageError(QStringLiteral("triage needs --status, --note, --ticket or --owner"),
                          QStringLiteral("triage"));
    const QFileInfo info(p.value(review));
    if (!info.absoluteDir().exists())
        return usageError(QStringLiteral("%1: the folder %2 does not exist")
                              .arg(p.value(review), QDir::toNativeSeparators(info.absolutePath())),
                          QStringLiteral("triage"));
    const QString who = p.value(by).isEmpty() ? currentUser() : p.value(by);
    const ApprovalResult r =
        ReviewService(p.value(review))
            .triage(p.positionalArguments(), change, who, QDateTime::currentDateTimeUtc());
    if (!r.ok) {
        printErr(QStringLiteral("trailwarden-cli: %1").arg(r.message));
        return kExitNotWritten;
    }
    for (const QString& user : p.positionalArguments())
        std::printf("triaged %s\n", terminalText(user).constData());
    return kExitOk;
}

} // namespace tw::cli
