// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/approvedlistwriter.h"

#include "ui/approvalguard.h"
#include "ui/approvecommand.h"
#include "ui/approvedfilewatcher.h"
#include "ui/mainwindow.h"

#include "core/detection/suppressions.h"
#include "core/lists/approvalservice.h"

#include <QDateTime>
#include <QFileInfo>
#include <QMessageBox>
#include <QStatusBar>
#include <QUndoStack>

using namespace Qt::StringLiterals;

namespace tw {

namespace {
constexpr int kStatusTimeoutMs = 20000;
}

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
                                  : ApprovedListWriter::tr("%1 accounts").arg(identities.size());
}

ApprovedListWriter::ApprovedListWriter(MainWindow* window)
    : QObject(window)
    , m_window(window)
{}

QString ApprovedListWriter::csvPath()
{
    const QString path = m_window->session().approvedPath();
    if (path.isEmpty())
        status(tr("No approved-accounts CSV: choose one with File ▸ Choose Approved Accounts CSV…"));
    return path;
}

void ApprovedListWriter::status(const QString& text)
{
    m_lastMessage = text;
    m_window->statusBar()->showMessage(text, kStatusTimeoutMs);
}

bool ApprovedListWriter::fail(const QString& what, const ApprovalResult& result)
{
    status(tr("%1: nothing written: %2").arg(what, result.message));
    // A refusal (not found, already approved) is in the status bar; a failed write needs attention.
    if (result.failed)
        showWriteFailure(m_window, what, result.message);
    else if (!result.invalid.isEmpty()) // a name that can never match is refused aloud
        QMessageBox::warning(m_window, what, result.message);
    return false;
}

bool ApprovedListWriter::record(const QString& undoText, const QByteArray& before, const QByteArray& after)
{
    const QString path = m_window->session().approvedPath();
    // Our own write: the watcher must not report it as someone else's change.
    m_window->approvedWatcher()->setKnownContents(after);
    m_window->session().rerun();
    if (before == after)
        return false;
    m_window->undoStack()->push(new ApproveCommand(
        undoText, path, before, after, [this](const ApprovalResult& r, bool undo) { onUndoRedo(r, undo); }));
    return true;
}

void ApprovedListWriter::onUndoRedo(const ApprovalResult& result, bool undo)
{
    if (!result.ok) {
        status((undo ? tr("Cannot undo: %1") : tr("Cannot redo: %1")).arg(result.message));
        showWriteFailure(m_window, undo ? tr("Undo") : tr("Redo"), result.message);
        // The history no longer matches the file; drop it, but not from inside the stack's own call.
        QMetaObject::invokeMethod(m_window->undoStack(), &QUndoStack::clear, Qt::QueuedConnection);
        return;
    }
    m_window->approvedWatcher()->setKnownContents(result.after);
    m_window->session().rerun();
    QUndoStack* stack = m_window->undoStack();
    status((undo ? tr("Undone: %1.") : tr("Redone: %1.")).arg(undo ? stack->undoText() : stack->redoText()));
}

bool ApprovedListWriter::approve(const QStringList& identities, const QString& reason, const QString& by)
{
    const QString path = csvPath();
    if (path.isEmpty() || identities.isEmpty())
        return false;
    const QStringList approvable = withoutWildcardNames(m_window, identities);
    if (approvable.isEmpty())
        return false;
    const ApprovalResult r =
        ApprovalService(path).approve(approvable, reason, by, QDateTime::currentDateTimeUtc());
    if (!r.ok)
        return fail(tr("Approve"), r);
    const QString names = describeIdentities(r.added);
    record(tr("Approve %1").arg(names), r.before, r.after);
    status(tr("Approved %1 in %2. Undo with Ctrl+Z.").arg(names, QFileInfo(path).fileName()));
    return true;
}

bool ApprovedListWriter::revoke(const QStringList& identities, const QString& reason, const QString& by)
{
    const QString path = csvPath();
    if (path.isEmpty() || identities.isEmpty())
        return false;
    const ApprovalResult r =
        ApprovalService(path).revoke(identities, reason, by, QDateTime::currentDateTimeUtc());
    if (!r.ok)
        return fail(tr("Revoke"), r);
    const QString names = describeIdentities(r.added);
    record(tr("Revoke %1").arg(names), r.before, r.after);
    status(
        tr("Revoked %1 from %2; findings re-run. Undo with Ctrl+Z.").arg(names, QFileInfo(path).fileName()));
    return true;
}

bool ApprovedListWriter::update(const QStringList& identities, const QString& column, const QString& value,
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
    record(what, r.before, r.after);
    status(value.isEmpty() ? tr("%1. Undo with Ctrl+Z.").arg(what)
                           : tr("%1 to “%2”. Undo with Ctrl+Z.").arg(what, value));
    return true;
}

bool ApprovedListWriter::saveSuppressions(const QByteArray& expectedCurrent,
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
        status(tr("Suppression rules: nothing written: %1").arg(r.message));
        showWriteFailure(m_window, tr("Suppression Rules"), r.message);
        return false;
    }
    if (r.before == r.after) {
        status(tr("Suppression rules unchanged."));
        return true;
    }
    const QString rulesPath = suppressionsPathFor(path);
    AnalysisSession& session = m_window->session();
    session.setSuppressionsPath(rulesPath); // re-reads the rules and re-runs the detection
    const QString what = tr("Suppression rules: %1").arg(changes);
    m_window->undoStack()->push(new SuppressionsCommand(
        what, path, rulesPath, r.before, r.after,
        [this](const ApprovalResult& result, bool undo) { onSuppressionsUndoRedo(result, undo); }));
    const auto result = session.result();
    status(tr("%1 (saved to %2; %3 findings hidden). Undo with Ctrl+Z.")
               .arg(what, QFileInfo(rulesPath).fileName())
               .arg(result ? qulonglong(result->suppressed) : 0));
    return true;
}

void ApprovedListWriter::onSuppressionsUndoRedo(const ApprovalResult& result, bool undo)
{
    if (!result.ok) {
        status((undo ? tr("Cannot undo: %1") : tr("Cannot redo: %1")).arg(result.message));
        QMetaObject::invokeMethod(m_window->undoStack(), &QUndoStack::clear, Qt::QueuedConnection);
        return;
    }
    m_window->session().rerun(); // re-reads the rules too
    QUndoStack* stack = m_window->undoStack();
    status((undo ? tr("Undone: %1.") : tr("Redone: %1.")).arg(undo ? stack->undoText() : stack->redoText()));
}

bool ApprovedListWriter::applyBaseline(const QStringList& adds, const QStringList& drops,
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
                record(tr("Baseline: %1").arg(done.join(u", "_s)), before, after);
            return fail(tr("Apply Baseline"), r);
        }
        if (!haveBefore)
            before = r.before;
        after = r.after;
        done << tr("revoked %1").arg(r.added.size());
    }
    const QString what = tr("Baseline: %1").arg(done.join(u", "_s));
    record(what, before, after);
    status(tr("%1 in %2. Undo with Ctrl+Z (one step).").arg(what, QFileInfo(path).fileName()));
    return true;
}

} // namespace tw
