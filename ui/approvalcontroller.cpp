// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/approvalcontroller.h"

#include "ui/approvalguard.h"
#include "ui/approvecommand.h"
#include "ui/approvedfilewatcher.h"

#include "core/analysissession.h"
#include "core/detection/suppressions.h"
#include "core/lists/approvalservice.h"

#include <QDateTime>
#include <QFileInfo>
#include <QLocale>
#include <QMessageBox>
#include <QUndoStack>

using namespace Qt::StringLiterals;

namespace tw {

void showWriteFailure(QWidget* parent, const QString& title, const QString& message)
{
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, parent);
    box->setObjectName(u"writeError"_s);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    box->open();
}

QString describeIdentities(const QStringList& identities)
{
    return identities.size() <= 3 ? identities.join(u", "_s)
                                  : ApprovalController::tr("%1 accounts").arg(identities.size());
}

ApprovalController::ApprovalController(AnalysisSession& session, QWidget* dialogParent, QObject* parent)
    : QObject(parent)
    , m_session(session)
    , m_dialogParent(dialogParent)
    , m_undo(new QUndoStack(this))
    , m_watcher(new ApprovedFileWatcher(this))
{
    connect(m_watcher, &ApprovedFileWatcher::changedOnDisk, this, &ApprovalController::onChangedOnDisk);
    connect(&m_session, &AnalysisSession::lookupProblem, this, &ApprovalController::onLookupProblem);
    connect(&m_session, &AnalysisSession::resultChanged, this, &ApprovalController::followSuppressions);
    connect(&m_session, &AnalysisSession::resultChanged, this, &ApprovalController::onResultChanged);
}

ApprovalController::~ApprovalController() = default;

void ApprovalController::refreshed(const std::function<void()>& change)
{
    m_lookupProblems.clear();
    ++m_refreshing;
    change();
    --m_refreshing;
    Q_EMIT lookupProblemsChanged();
}

void ApprovalController::onLookupProblem(const QString& message)
{
    // The lookups' messages start with the path; split it off for the problems' File column.
    LoadProblem problem{QString(), message};
    for (const QString& path : {m_session.approvedPath(), m_session.identityPath()}) {
        if (!path.isEmpty() && message.startsWith(path + u": "_s)) {
            problem = {path, message.mid(path.size() + 2)};
            break;
        }
    }
    // A new approved-accounts file that does not exist yet is not a problem: the first approval
    // creates it.
    if (problem.path == m_session.approvedPath() && !QFileInfo::exists(problem.path))
        return;
    for (const LoadProblem& p : m_lookupProblems)
        if (p.path == problem.path && p.message == problem.message)
            return;
    m_lookupProblems.push_back(problem);
    // Outside a refresh (the rules file read after a result): said at once, not at the next write.
    if (m_refreshing == 0)
        Q_EMIT lookupProblemsChanged();
}

void ApprovalController::followSuppressions()
{
    // The suppression rules live beside the approved CSV and follow it when another is chosen.
    const QString approved = m_session.approvedPath();
    const QString wanted = approved.isEmpty() ? QString() : suppressionsPathFor(approved);
    if (wanted != m_session.suppressionsPath())
        m_session.setSuppressionsPath(wanted); // re-runs: resultChanged comes again, with the rules
}

void ApprovalController::setApprovedList(const QString& absolutePath)
{
    if (absolutePath != m_session.approvedPath())
        m_undo->clear();
    refreshed([&] { m_session.setApprovedList(absolutePath); });
    m_watcher->setPath(absolutePath);
}

void ApprovalController::setIdentityList(const QString& absolutePath)
{
    refreshed([&] { m_session.setIdentityList(absolutePath); });
}

void ApprovalController::rerun()
{
    rerunThen({});
}

void ApprovalController::rerunThen(const Message& message)
{
    const auto activity = m_session.activity();
    const bool background = m_session.store() && activity && activity->users.size() >= m_backgroundFrom;
    m_afterRerun.reset();
    refreshed([&] { background ? m_session.rerunInBackground() : m_session.rerun(); });
    if (m_session.rerunPending()) {
        m_afterRerun = message;
        return;
    }
    Q_EMIT listChanged();
    if (message)
        status(message());
}

void ApprovalController::onResultChanged()
{
    if (!m_afterRerun || m_session.rerunPending())
        return;
    const Message message = *std::exchange(m_afterRerun, std::nullopt);
    Q_EMIT listChanged();
    if (message)
        status(message());
}

QString ApprovalController::csvPath()
{
    const QString path = m_session.approvedPath();
    if (path.isEmpty())
        status(tr("No approved-accounts CSV: choose one with File ▸ Choose Approved Accounts CSV…"));
    return path;
}

void ApprovalController::status(const QString& text)
{
    m_lastMessage = text;
    Q_EMIT statusMessage(text);
}

QString ApprovalController::findingsLeft() const
{
    const auto result = m_session.result();
    const quint64 n = result ? quint64(result->findings.size()) : 0;
    return n == 1 ? tr("1 finding") : tr("%1 findings").arg(QLocale().toString(qulonglong(n)));
}

bool ApprovalController::fail(const QString& what, const ApprovalResult& result, const QString& statusText)
{
    status(statusText.isEmpty() ? tr("%1: nothing written: %2").arg(what, result.message) : statusText);
    // A refusal (already approved, not found) is in the status bar; a failed write needs attention,
    // and a name that can never match is refused aloud.
    if (result.failed) {
        showWriteFailure(m_dialogParent, what, result.message);
        Q_EMIT writeFailed(what, result.message);
    } else if (!result.invalid.isEmpty()) {
        QMessageBox::warning(m_dialogParent, what, result.message);
    }
    return false;
}

bool ApprovalController::record(const QString& undoText, const QByteArray& before, const QByteArray& after,
                                const Message& message, const BeforeRerun& beforeRerun)
{
    const QString path = m_session.approvedPath();
    // Our own write: the watcher must not report it as someone else's change.
    m_watcher->setKnownContents(after);
    if (before != after)
        m_undo->push(new ApproveCommand(undoText, path, before, after,
                                        [this](const ApprovalResult& r, bool undo) { onUndoRedo(r, undo); }));
    if (beforeRerun)
        beforeRerun();
    rerunThen(message);
    return before != after;
}

void ApprovalController::onUndoRedo(const ApprovalResult& result, bool undo)
{
    if (!result.ok) {
        const QString title = undo ? tr("Undo") : tr("Redo");
        status((undo ? tr("Cannot undo: %1") : tr("Cannot redo: %1")).arg(result.message));
        showWriteFailure(m_dialogParent, title, result.message);
        Q_EMIT writeFailed(title, result.message);
        // The history no longer matches the file; drop it, but not from inside the stack's own call.
        QMetaObject::invokeMethod(m_undo, &QUndoStack::clear, Qt::QueuedConnection);
        return;
    }
    m_watcher->setKnownContents(result.after);
    // The stack moves its index after the command ran: it still names this command.
    // (Filled in one arg() call: a second one would read '%1' inside a user name as a placeholder.)
    const QString what = undo ? m_undo->undoText() : m_undo->redoText();
    rerunThen([this, what, undo]() -> QString {
        return (undo ? tr("Undone: %1 (%2).") : tr("Redone: %1 (%2).")).arg(what, findingsLeft());
    });
}

void ApprovalController::onChangedOnDisk()
{
    const bool hadHistory = m_undo->count() > 0;
    m_undo->clear();
    const QString file = QFileInfo(m_session.approvedPath()).fileName();
    rerunThen([this, file, hadHistory]() -> QString {
        QString text =
            tr("%1 changed on disk; reloaded it and re-ran the detection: %2.").arg(file, findingsLeft());
        if (hadHistory)
            text += u' ' + tr("Undo history cleared.");
        return text;
    });
}

bool ApprovalController::approve(const QStringList& identities, const QString& reason, const QString& by,
                                 const ApprovalOptions& options, const BeforeRerun& beforeRerun)
{
    const QString path = csvPath();
    if (path.isEmpty() || (identities.isEmpty() && options.pattern.isEmpty()))
        return false;
    // The wildcard refusal holds for names: a pattern comes only through options, checked by the service.
    QStringList approvable = withoutWildcardNames(m_dialogParent, identities);
    if (!options.pattern.isEmpty())
        approvable.removeIf(
            [&options](const QString& name) { return patternMatches(options.pattern, name); });
    else if (approvable.isEmpty())
        return false;
    const ApprovalResult r =
        ApprovalService(path).approve(approvable, reason, by, QDateTime::currentDateTimeUtc(), options);
    if (!r.ok)
        return fail(tr("Approve"), r, tr("Nothing approved: %1").arg(r.message));
    const QString names = describeIdentities(r.added);
    const QString file = QFileInfo(path).fileName();
    const QString refused =
        r.refused.isEmpty()
            ? QString()
            : u' ' + tr("Not added (already approved or repeated): %1.").arg(r.refused.join(u", "_s));
    const QString expiry =
        options.expires.isEmpty() ? QString() : u' ' + tr("Expires %1.").arg(options.expires);
    const auto message = [this, names, file, refused, expiry]() -> QString {
        return tr("Approved %1 in %2 (%3 left). Undo with Ctrl+Z.").arg(names, file, findingsLeft()) +
               expiry + refused;
    };
    record(tr("Approve %1").arg(names), r.before, r.after, message, beforeRerun);
    return true;
}

bool ApprovalController::revoke(const QStringList& identities, const QString& reason, const QString& by)
{
    const QString path = csvPath();
    if (path.isEmpty() || identities.isEmpty())
        return false;
    const ApprovalResult r =
        ApprovalService(path).revoke(identities, reason, by, QDateTime::currentDateTimeUtc());
    if (!r.ok)
        return fail(tr("Revoke"), r);
    const QString names = describeIdentities(r.added);
    const QString file = QFileInfo(path).fileName();
    record(tr("Revoke %1").arg(names), r.before, r.after, [this, names, file]() -> QString {
        return tr("Revoked %1 from %2; findings re-run: %3. Undo with Ctrl+Z.")
            .arg(names, file, findingsLeft());
    });
    return true;
}

bool ApprovalController::update(const QStringList& identities, const QString& column, const QString& value,
                                const QString& by)
{
    const QString path = csvPath();
    if (path.isEmpty() || identities.isEmpty())
        return false;
    const ApprovalResult r =
        ApprovalService(path).update(identities, column, value, by, QDateTime::currentDateTimeUtc());
    if (!r.ok)
        return fail(tr("Edit %1").arg(column), r);
    const QString names = describeIdentities(r.added);
    // The undo text stays short (it labels the toolbar's Undo button); the status says the value.
    const QString what =
        value.isEmpty() ? tr("Clear %1 of %2").arg(column, names) : tr("Set %1 of %2").arg(column, names);
    const QString text = value.isEmpty() ? tr("%1. Undo with Ctrl+Z.").arg(what)
                                         : tr("%1 to “%2”. Undo with Ctrl+Z.").arg(what, value);
    record(what, r.before, r.after, [text]() -> QString { return text; });
    return true;
}

bool ApprovalController::saveSuppressions(const QByteArray& expectedCurrent,
                                          const std::vector<SuppressionRule>& before,
                                          const std::vector<SuppressionRule>& after, const QString& by)
{
    const QString path = csvPath();
    if (path.isEmpty())
        return false;
    const QString changes = describeSuppressionChanges(before, after);
    const ApprovalResult r =
        tw::saveSuppressions(path, expectedCurrent, before, after, by, QDateTime::currentDateTimeUtc());
    if (!r.ok) {
        const QString title = tr("Suppression Rules");
        status(tr("Suppression rules: nothing written: %1").arg(r.message));
        showWriteFailure(m_dialogParent, title, r.message);
        Q_EMIT writeFailed(title, r.message);
        return false;
    }
    if (r.before == r.after) {
        status(tr("Suppression rules unchanged."));
        return true;
    }
    const QString rulesPath = suppressionsPathFor(path);
    // Re-reads the rules and re-runs the detection.
    refreshed([&] { m_session.setSuppressionsPath(rulesPath); });
    const QString what = tr("Suppression rules: %1").arg(changes);
    m_undo->push(new SuppressionsCommand(
        what, path, rulesPath, r.before, r.after,
        [this](const ApprovalResult& result, bool undo) { onSuppressionsUndoRedo(result, undo); }));
    const auto result = m_session.result();
    status(tr("%1 (saved to %2; %3 findings hidden). Undo with Ctrl+Z.")
               .arg(what, QFileInfo(rulesPath).fileName(),
                    QString::number(result ? qulonglong(result->suppressed) : 0)));
    return true;
}

void ApprovalController::onSuppressionsUndoRedo(const ApprovalResult& result, bool undo)
{
    if (!result.ok) {
        status((undo ? tr("Cannot undo: %1") : tr("Cannot redo: %1")).arg(result.message));
        QMetaObject::invokeMethod(m_undo, &QUndoStack::clear, Qt::QueuedConnection);
        return;
    }
    const QString what = undo ? m_undo->undoText() : m_undo->redoText();
    rerunThen([this, what, undo]() -> QString { // re-reads the rules too
        return (undo ? tr("Undone: %1 (%2).") : tr("Redone: %1 (%2).")).arg(what, findingsLeft());
    });
}

bool ApprovalController::applyBaseline(const QStringList& adds, const QStringList& drops,
                                       const QString& reason, const QString& by)
{
    const QString path = csvPath();
    if (path.isEmpty() || (adds.isEmpty() && drops.isEmpty()))
        return false;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const ApprovalService service(path);
    QByteArray before, after;
    bool haveBefore = false;
    QStringList done;
    if (!adds.isEmpty()) {
        const ApprovalResult r = service.approve(adds, reason, by, now);
        if (!r.ok)
            return fail(tr("Apply Baseline"), r);
        before = r.before;
        after = r.after;
        haveBefore = true;
        done << tr("approved %1").arg(r.added.size());
    }
    if (!drops.isEmpty()) {
        const ApprovalResult r = service.revoke(drops, reason, by, now);
        if (!r.ok) {
            // What was approved stays, as one undo step: say what is missing.
            if (haveBefore)
                record(tr("Baseline: %1").arg(done.join(u", "_s)), before, after, {});
            return fail(tr("Apply Baseline"), r);
        }
        if (!haveBefore)
            before = r.before;
        after = r.after;
        done << tr("revoked %1").arg(r.added.size());
    }
    const QString what = tr("Baseline: %1").arg(done.join(u", "_s));
    const QString text = tr("%1 in %2. Undo with Ctrl+Z (one step).").arg(what, QFileInfo(path).fileName());
    record(what, before, after, [text]() -> QString { return text; });
    return true;
}

} // namespace tw
