// SPDX-License-Identifier: GPL-3.0-or-later

// trailwarden-cli revoke | baseline | health: keeping the approved-accounts list right.

#include "app/cliutil.h"

#include "core/analysissession.h"
#include "core/detection/principalclass.h"
#include "core/detection/stewardship.h"
#include "core/engines/engineresult.h"
#include "core/lists/approvalservice.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace tw::cli {

namespace {

// Loads logs and lists for the commands that compare the list with what the logs show.
bool loadSession(AnalysisSession& session, const QString& approved, const QString& identities,
                 const QStringList& paths, bool engineResults = false)
{
    QObject::connect(&session, &AnalysisSession::lookupProblem, [](const QString& message) {
        printErr(QStringLiteral("trailwarden-cli: %1").arg(message));
    });
    if (!session.setApprovedList(approved) || !session.setIdentityList(identities))
        return false;
    if (engineResults)
        session.importResults(paths);
    else
        session.load(paths);
    session.waitForLoad();
    const auto store = session.store();
    if (!store)
        return false;
    for (const LoadProblem& problem : store->problems)
        printErr(QStringLiteral("%1: %2").arg(problem.path, problem.message));
    for (const LoadProblem& skipped : store->skippedFiles)
        printErr(QStringLiteral("%1: %2").arg(skipped.path, skipped.message));
    if (store->counts.files == store->counts.unreadable) {
        if (engineResults)
            printErr(QStringLiteral("trailwarden-cli: the engine result could not be read"));
        else
            printErr(QStringLiteral("trailwarden-cli: %1. %2")
                         .arg(describeNothingRead(*store, paths), nothingReadAdvice(*store)));
        return false;
    }
    return true;
}

std::vector<IdentityEntry> entriesOf(const LookupLoad& load)
{
    return {load.entries.begin(), load.entries.end()};
}

// `--format table|json` of health and baseline: false (and a usage error printed) for another value.
bool wantsJson(const QCommandLineParser& p, const QCommandLineOption& format, const QString& command,
               int& status)
{
    const QString value = p.value(format);
    if (value == u"json")
        return true;
    if (value != u"table")
        status = usageError(QStringLiteral("--format must be table or json, not '%1'").arg(value), command);
    return false;
}

void printJson(const QJsonObject& object)
{
    const QByteArray text = QJsonDocument(object).toJson(QJsonDocument::Indented);
    std::fwrite(text.constData(), 1, std::size_t(text.size()), stdout);
}

QString isoTime(TimeMs ms)
{
    return ms ? formatSplunkTime(ms) + u'Z' : QString();
}

} // namespace

int runRevoke(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Removes identities from the approved accounts CSV. Who, when and why are recorded in the audit log\n"
        "beside it (FILE.audit.jsonl) with the removed rows as they were, since the row that held the\n"
        "approval's provenance is removed.\n"
        "Exit status: 0 every identity revoked; 2 one is not on the list (the others are still revoked),\n"
        "or the file cannot be read or written."));
    p.addHelpOption();
    const QCommandLineOption approved(QStringLiteral("approved"), QStringLiteral("Approved accounts CSV."),
                                      QStringLiteral("FILE"));
    const QCommandLineOption reason(QStringLiteral("reason"), QStringLiteral("Why the approval ends."),
                                    QStringLiteral("TEXT"));
    const QCommandLineOption by(QStringLiteral("by"), QStringLiteral("Who revokes (default: the user name)."),
                                QStringLiteral("NAME"));
    p.addOptions({approved, reason, by});
    p.addPositionalArgument(QStringLiteral("IDENTITY"), QStringLiteral("Identities to revoke."),
                            QStringLiteral("IDENTITY..."));
    int status = kExitOk;
    if (!parseOrHelp(p, args, QStringLiteral("revoke"), status))
        return status;
    if (p.value(approved).isEmpty())
        return usageError(QStringLiteral("revoke needs --approved FILE"), QStringLiteral("revoke"));
    if (p.value(reason).trimmed().isEmpty())
        return usageError(QStringLiteral("revoke needs --reason TEXT"), QStringLiteral("revoke"));
    if (p.positionalArguments().isEmpty())
        return usageError(QStringLiteral("revoke needs at least one IDENTITY"), QStringLiteral("revoke"));
    if (const QString missing = missingFolderText(QStringLiteral("--approved"), p.value(approved));
        !missing.isEmpty())
        return usageError(missing, QStringLiteral("revoke"));

    const ApprovalService service(p.value(approved));
    const ApprovalResult r =
        service.revoke(p.positionalArguments(), p.value(reason),
                       p.value(by).isEmpty() ? currentUser() : p.value(by), QDateTime::currentDateTimeUtc());
    // A file that could not be changed is an error; so is an identity that is not on the list: a
    // script's typo must not pass for a revocation.
    const int result = r.failed ? kExitNotWritten : r.refused.isEmpty() ? kExitOk : kExitUsage;
    printOutcome(r.message, result == kExitOk);
    return result;
}

int runBaseline(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "The support search \"Create a list of approved AWS service accounts\" as a reviewed diff: the "
        "users\n"
        "with successful activity in the window (not on the identity list) against the approved list.\n"
        "Prints the diff with each user's class; writes only with --apply, which adds the service roles,\n"
        "AWS service-linked roles and workload identities (never root, people, administrators or unknown\n"
        "principals unless asked) and drops nothing unless --drop is given."));
    p.addHelpOption();
    const QCommandLineOption since(
        QStringLiteral("since"),
        QStringLiteral("Window start: 30d (default), 12h, 2w or a date YYYY-MM-DD; "
                       "days snap to midnight, like Splunk's -30d@d. The window ends "
                       "with the last loaded event."),
        QStringLiteral("SPAN"), QStringLiteral("30d"));
    const QCommandLineOption approved(QStringLiteral("approved"), QStringLiteral("Approved accounts CSV."),
                                      QStringLiteral("FILE"));
    const QCommandLineOption identities(QStringLiteral("identities"), QStringLiteral("Identity list CSV."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption apply(QStringLiteral("apply"),
                                   QStringLiteral("Write the diff to the approved CSV."));
    const QCommandLineOption drop(
        QStringLiteral("drop"), QStringLiteral("With --apply: also remove the approved entries the baseline "
                                               "would not contain."));
    const QCommandLineOption keepDrops(
        QStringLiteral("no-drop"), QStringLiteral("With --apply: add only (the default; kept for scripts)."));
    const QCommandLineOption includePeople(
        QStringLiteral("include-people"),
        QStringLiteral("With --apply: also add persons (console logins, MFA, SSO, SAML, ...)."));
    const QCommandLineOption includeUnknown(
        QStringLiteral("include-unknown"),
        QStringLiteral("With --apply: also add principals whose class is unknown."));
    const QCommandLineOption includeAdmins(
        QStringLiteral("include-admins"),
        QStringLiteral("With --apply: also add machines that look like administrator access."));
    const QCommandLineOption allowRoot(QStringLiteral("allow-root"),
                                       QStringLiteral("With --apply --include-people: also add root."));
    const QCommandLineOption reason(QStringLiteral("reason"),
                                    QStringLiteral("Reason recorded with --apply (default: the window)."),
                                    QStringLiteral("TEXT"));
    const QCommandLineOption by(QStringLiteral("by"), QStringLiteral("Who applies (default: the user name)."),
                                QStringLiteral("NAME"));
    const QCommandLineOption import(
        QStringLiteral("import"),
        QStringLiteral("Instead of logs: an engine's result of 'query --baseline' (its window is the "
                       "query's; --since does not apply). Repeat for several files."),
        QStringLiteral("RESULT"));
    const QCommandLineOption format(
        QStringLiteral("format"),
        QStringLiteral("Output: table (default) or json (the diff with each user's class, for scripts)."),
        QStringLiteral("table|json"), QStringLiteral("table"));
    const QCommandLineOption failOnChanges(
        QStringLiteral("fail-on-changes"),
        QStringLiteral("Exit with status 1 when the list differs from the baseline: users to add or "
                       "entries to drop (cron)."));
    p.addOptions({since, approved, identities, apply, drop, keepDrops, includePeople, includeUnknown,
                  includeAdmins, allowRoot, reason, by, import, format, failOnChanges});
    p.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("Log files or folders."),
                            QStringLiteral("PATH..."));
    int status = kExitOk;
    if (!parseOrHelp(p, args, QStringLiteral("baseline"), status))
        return status;
    if (p.value(approved).isEmpty())
        return usageError(QStringLiteral("baseline needs --approved FILE"), QStringLiteral("baseline"));
    const bool imported = p.isSet(import);
    if (imported && !p.positionalArguments().isEmpty())
        return usageError(QStringLiteral("baseline takes either PATHs or --import, not both"),
                          QStringLiteral("baseline"));
    if (imported && p.isSet(since))
        return usageError(QStringLiteral("--since does not apply to --import: the window is the query's"),
                          QStringLiteral("baseline"));
    if (!imported && p.positionalArguments().isEmpty())
        return usageError(QStringLiteral("baseline needs at least one PATH"), QStringLiteral("baseline"));
    if (p.isSet(drop) && p.isSet(keepDrops))
        return usageError(QStringLiteral("--drop and --no-drop contradict each other"),
                          QStringLiteral("baseline"));
    if (const QString missing = missingFolderText(QStringLiteral("--approved"), p.value(approved));
        !missing.isEmpty())
        return usageError(missing, QStringLiteral("baseline"));
    const bool json = wantsJson(p, format, QStringLiteral("baseline"), status);
    if (status != kExitOk)
        return status;

    AnalysisSession session;
    // A missing approved CSV is an empty list here: the baseline is how a first list is made.
    const QString approvedPath = p.value(approved);
    if (!loadSession(session, QFile::exists(approvedPath) ? approvedPath : QString(), p.value(identities),
                     imported ? p.values(import) : p.positionalArguments(), imported))
        return kExitUsage;
    BaselineDiff diff;
    if (imported) {
        const auto engineResult = session.imported();
        if (!engineResult)
            return kExitUsage;
        const EngineResult& result = *engineResult;
        if (result.header && !result.header->baseline)
            printErr(
                QStringLiteral("trailwarden-cli: note: %1 is a detection result; its rows over its window "
                               "are the baseline's")
                    .arg(p.values(import).join(QStringLiteral(", "))));
        const ImportedBaseline b = baselineFromResult(result, entriesOf(session.approvedList()),
                                                      IdentityMatcher(session.identityList().identities));
        if (!b.error.isEmpty()) {
            printErr(QStringLiteral("trailwarden-cli: %1: %2")
                         .arg(p.values(import).join(QStringLiteral(", ")), b.error));
            return kExitUsage;
        }
        diff = b.diff;
    } else {
        const auto store = session.store();
        const auto window = baselineWindow(*store, 30);
        const auto from = parseSince(p.value(since), window.second - 1);
        if (!from)
            return usageError(QStringLiteral("--since must look like 30d, 12h, 2w or YYYY-MM-DD, not '%1'")
                                  .arg(p.value(since)),
                              QStringLiteral("baseline"));
        diff =
            computeBaseline(*store, session.rules(), *from, window.second, entriesOf(session.approvedList()),
                            IdentityMatcher(session.identityList().identities), session.activity().get());
    }

    // What --apply adds: the proposable classes, and the others only when asked for by name.
    QStringList toAdd;
    for (qsizetype i = 0; i < diff.add.size(); ++i) {
        const PrincipalVerdict& v = diff.addClass[static_cast<std::size_t>(i)];
        const PrincipalClass cls = v.cls;
        const bool wanted = (isProposableClass(cls) && (!v.adminLike || p.isSet(includeAdmins))) ||
                            (cls == PrincipalClass::Unknown && p.isSet(includeUnknown)) ||
                            (cls == PrincipalClass::Person && p.isSet(includePeople)) ||
                            (cls == PrincipalClass::Root && p.isSet(includePeople) && p.isSet(allowRoot));
        if (wanted)
            toAdd << diff.add[i];
    }

    const int changed =
        p.isSet(failOnChanges) && (!diff.add.isEmpty() || !diff.drop.isEmpty()) ? kExitFindings : kExitOk;
    if (json) {
        QJsonArray add;
        for (qsizetype i = 0; i < diff.add.size(); ++i) {
            const PrincipalVerdict& v = diff.addClass[static_cast<std::size_t>(i)];
            QJsonObject user{{QStringLiteral("identity"), diff.add[i]},
                             {QStringLiteral("class"), principalClassName(v.cls)},
                             {QStringLiteral("evidence"), v.evidence},
                             {QStringLiteral("applied"), toAdd.contains(diff.add[i])}};
            if (v.adminLike)
                user.insert(QStringLiteral("administratorAccess"), v.adminEvidence);
            add.append(user);
        }
        printJson({{QStringLiteral("from"), isoTime(diff.from)},
                   {QStringLiteral("to"), isoTime(diff.to - 1)},
                   {QStringLiteral("add"), add},
                   {QStringLiteral("drop"), QJsonArray::fromStringList(diff.drop)},
                   {QStringLiteral("dropApplied"), p.isSet(drop)},
                   {QStringLiteral("unchanged"), QJsonArray::fromStringList(diff.keep)},
                   {QStringLiteral("notProposed"), QJsonArray::fromStringList(diff.notProposed)},
                   {QStringLiteral("written"), p.isSet(apply)}});
    }
    if (!json) {
        std::printf("Baseline window %s to %s UTC: %lld to add, %lld to drop, %lld unchanged\n",
                    qUtf8Printable(formatSplunkTime(diff.from)),
                    qUtf8Printable(formatSplunkTime(diff.to - 1)), static_cast<long long>(diff.add.size()),
                    static_cast<long long>(diff.drop.size()), static_cast<long long>(diff.keep.size()));
        for (qsizetype i = 0; i < diff.add.size(); ++i) {
            const PrincipalVerdict& v = diff.addClass[static_cast<std::size_t>(i)];
            const QString admin =
                v.adminLike ? QStringLiteral("; administrator access: ") + v.adminEvidence : QString();
            std::printf("%s %s  [%s]\n", toAdd.contains(diff.add[i]) ? "+" : "?",
                        terminalText(diff.add[i]).constData(),
                        terminalText(principalClassName(v.cls) + QStringLiteral(": ") + v.evidence + admin)
                            .constData());
        }
        for (const QString& id : diff.drop)
            std::printf("%s %s\n", p.isSet(drop) ? "-" : "=", terminalText(id).constData());
        for (const QString& id : diff.notProposed) {
            QString why;
            isLiteralApprovable(id, &why);
            std::printf("! %s\n", terminalText(QStringLiteral("not proposed: ") + why).constData());
        }
        if (diff.add.size() > toAdd.size())
            std::printf("(? = not added by --apply: root, people, administrators and unknown principals need "
                        "--include-people, --allow-root, --include-admins or --include-unknown)\n");
        if (!diff.drop.isEmpty() && !p.isSet(drop))
            std::printf("(= = not on the baseline but kept: --apply drops entries only with --drop)\n");
        if (!p.isSet(apply) && (!diff.add.isEmpty() || !diff.drop.isEmpty()))
            std::printf("(not written; review, then run again with --apply)\n");
    }
    if (!p.isSet(apply))
        return changed;

    const ApprovalService service(approvedPath);
    const QString who = p.value(by).isEmpty() ? currentUser() : p.value(by);
    const QString why = p.value(reason).isEmpty()
                            ? QStringLiteral("baseline: active %1 to %2 UTC")
                                  .arg(formatSplunkTime(diff.from), formatSplunkTime(diff.to - 1))
                            : p.value(reason);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (!toAdd.isEmpty()) {
        const ApprovalResult r = service.approve(toAdd, why, who, now);
        printErr(r.message);
        if (r.failed)
            return kExitNotWritten;
    }
    if (!diff.drop.isEmpty() && p.isSet(drop)) {
        const ApprovalResult r = service.revoke(diff.drop, why, who, now);
        printErr(r.message);
        if (r.failed)
            return kExitNotWritten;
    }
    return changed;
}

int runHealth(const QStringList& args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "How each approved entry stands against the logs: events matched, last seen, and the flags\n"
        "never-matched, stale, expired, near-miss (the real account is probably still unapproved),\n"
        "wildcard (with what it matches) and duplicate."));
    p.addHelpOption();
    const QCommandLineOption approved(QStringLiteral("approved"), QStringLiteral("Approved accounts CSV."),
                                      QStringLiteral("FILE"));
    const QCommandLineOption identities(QStringLiteral("identities"), QStringLiteral("Identity list CSV."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption staleDays(QStringLiteral("stale-days"),
                                       QStringLiteral("Not seen for this many days before the data's end: "
                                                      "stale (default 90)."),
                                       QStringLiteral("N"), QStringLiteral("90"));
    const QCommandLineOption onlyFlagged(QStringLiteral("flagged"),
                                         QStringLiteral("Only entries with a flag."));
    const QCommandLineOption format(
        QStringLiteral("format"),
        QStringLiteral("Output: table (default) or json (every entry with its flags, for scripts)."),
        QStringLiteral("table|json"), QStringLiteral("table"));
    const QCommandLineOption failOnFlagged(
        QStringLiteral("fail-on-flagged"),
        QStringLiteral("Exit with status 1 when an entry has a flag (cron)."));
    p.addOptions({approved, identities, staleDays, onlyFlagged, format, failOnFlagged});
    p.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("Log files or folders."),
                            QStringLiteral("PATH..."));
    int status = kExitOk;
    if (!parseOrHelp(p, args, QStringLiteral("health"), status))
        return status;
    if (p.value(approved).isEmpty() || p.positionalArguments().isEmpty())
        return usageError(QStringLiteral("health needs --approved FILE and at least one PATH"),
                          QStringLiteral("health"));
    if (const QString missing = missingFolderText(QStringLiteral("--approved"), p.value(approved));
        !missing.isEmpty())
        return usageError(missing, QStringLiteral("health"));
    const bool json = wantsJson(p, format, QStringLiteral("health"), status);
    if (status != kExitOk)
        return status;
    bool ok = false;
    HealthOptions options;
    options.staleDays = p.value(staleDays).toInt(&ok);
    if (!ok || options.staleDays < 1)
        return usageError(QStringLiteral("--stale-days must be a positive number"), QStringLiteral("health"));

    AnalysisSession session;
    if (!loadSession(session, p.value(approved), p.value(identities), p.positionalArguments()))
        return kExitUsage;
    const auto health =
        assessApprovedList(*session.store(), *session.activity(), entriesOf(session.approvedList()),
                           IdentityMatcher(session.identityList().identities), options);
    if (!json)
        std::printf("%-40s %10s  %-19s  %s\n", "IDENTITY", "EVENTS", "LAST SEEN (UTC)", "FLAGS");
    QJsonArray entries;
    qsizetype flagged = 0;
    for (const EntryHealth& h : health) {
        QStringList flags;
        if (h.neverMatched)
            flags << QStringLiteral("never-matched");
        if (h.stale)
            flags << QStringLiteral("stale");
        if (h.expired)
            flags << QStringLiteral("expired(%1)").arg(h.entry.expires);
        if (isAllWildcard(h.entry.identity))
            flags << QStringLiteral("MATCHES-EVERYONE");
        if (!h.nearMissOf.isEmpty())
            flags << QStringLiteral("near-miss(%1)").arg(h.nearMissOf);
        if (h.wildcard)
            flags << QStringLiteral("wildcard(%1)").arg(h.matchedUsers.join(u' '));
        if (h.duplicate)
            flags << QStringLiteral("duplicate");
        flagged += flags.isEmpty() ? 0 : 1;
        if (p.isSet(onlyFlagged) && flags.isEmpty())
            continue;
        if (json) {
            // The flags by name, their details as fields: a script tests "stale" in flags.
            QJsonArray names;
            for (const QString& flag : std::as_const(flags))
                names.append(flag.section(u'(', 0, 0).toLower());
            QJsonObject entry{{QStringLiteral("identity"), h.entry.identity},
                              {QStringLiteral("events"), double(h.matchedEvents)},
                              {QStringLiteral("lastSeen"),
                               h.lastSeen ? QJsonValue(isoTime(h.lastSeen)) : QJsonValue(QJsonValue::Null)},
                              {QStringLiteral("flags"), names}};
            if (h.expired)
                entry.insert(QStringLiteral("expires"), h.entry.expires);
            if (!h.nearMissOf.isEmpty())
                entry.insert(QStringLiteral("nearMissOf"), h.nearMissOf);
            if (h.wildcard)
                entry.insert(QStringLiteral("matchedUsers"), QJsonArray::fromStringList(h.matchedUsers));
            entries.append(entry);
            continue;
        }
        std::printf("%-40s %10llu  %-19s  %s\n", terminalText(h.entry.identity).constData(),
                    static_cast<unsigned long long>(h.matchedEvents),
                    h.lastSeen ? qUtf8Printable(formatSplunkTime(h.lastSeen)) : "-",
                    terminalText(flags.join(u' ')).constData());
    }
    if (json)
        printJson({{QStringLiteral("approved"), p.value(approved)},
                   {QStringLiteral("staleDays"), options.staleDays},
                   {QStringLiteral("count"), double(health.size())},
                   {QStringLiteral("flagged"), double(flagged)},
                   {QStringLiteral("entries"), entries}});
    return p.isSet(failOnFlagged) && flagged > 0 ? kExitFindings : kExitOk;
}

} // namespace tw::cli
