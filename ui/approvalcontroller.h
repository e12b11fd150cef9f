// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/ingest/eventstore.h"
#include "core/lists/approvaloptions.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

class QUndoStack;
class QWidget;

namespace tw {

class AnalysisSession;
class ApprovedFileWatcher;
struct ApprovalResult;
struct SuppressionRule;

// The one path for every write of the approved-accounts list and its companions: approve (from
// the Findings tab and from the Approved accounts tab), revoke, update (reason, expiry), the
// baseline, the suppression rules, and undo/redo of each (ApproveCommand: ApprovalService::restore()
// over the bytes expected on disk, so an edit made by someone else meanwhile is never overwritten).
//
// After every change it tells the file watcher the new bytes (our own write is not "changed on
// disk"), re-reads the lists (refreshing the lookup problems at once) and re-runs the detection from
// memory on a worker (AnalysisSession::rerunInBackground: views refresh through resultChanged when
// the result is in force, and a newer change supersedes an older re-run), then says what happened
// in one status message. The write itself, and its failure dialog, stay on the calling thread and
// are done before the method returns: only the re-run and the views' update come later. A failed write is
// never a success message: statusMessage says "nothing written" and a window-modal dialog names the file and
// the reason (writeFailed is emitted too).
//
// Asking (which rows, the reason, root/person/admin confirmation) is the caller's; only the
// wildcard refusal is checked here, because no path may write a '*' name.
//
// UI thread only. The session must outlive the controller.
class ApprovalController : public QObject
{
    Q_OBJECT
public:
    // dialogParent: the window the failure dialogs are modal to (may be null in tests).
    ApprovalController(AnalysisSession& session, QWidget* dialogParent, QObject* parent = nullptr);
    ~ApprovalController() override;

    QUndoStack* undoStack() const { return m_undo; }
    ApprovedFileWatcher* watcher() const { return m_watcher; }

    // Put a list in force (the caller has checked that it can be used) and refresh the lookup
    // problems. Another approved file drops the undo history: it holds the previous file's bytes.
    void setApprovedList(const QString& absolutePath);
    void setIdentityList(const QString& absolutePath);

    // Called after the write succeeded and before the detection re-runs (the Findings tab moves its
    // current row out of the way there).
    using BeforeRerun = std::function<void()>;

    // Each write is one undo step; false when nothing was written (refused, failed, no list).
    // options: the expiry and the analyst's wildcard, written in the same write as the names
    // (ApprovalService::approve); the names the wildcard matches are not written one by one.
    bool approve(const QStringList& identities, const QString& reason, const QString& by,
                 const ApprovalOptions& options = {}, const BeforeRerun& beforeRerun = {});
    bool revoke(const QStringList& identities, const QString& reason, const QString& by);
    // column: "reason" or "expires" (an empty value clears it).
    bool update(const QStringList& identities, const QString& column, const QString& value,
                const QString& by);
    // The baseline diff as one undo step: approves adds, then revokes drops, with one reason.
    bool applyBaseline(const QStringList& adds, const QStringList& drops, const QString& reason,
                       const QString& by);
    // Saves the suppression rules beside the list (lock, atomic write, audit) as one undo step and
    // re-runs; expectedCurrent is the rules file as it was read for editing.
    bool saveSuppressions(const QByteArray& expectedCurrent, const std::vector<SuppressionRule>& before,
                          const std::vector<SuppressionRule>& after, const QString& by);

    // Re-reads the lists from disk, refreshes the lookup problems and re-runs the detection.
    void rerun();
    // From this many users in the data on, the re-run after a change runs on a worker; below it the
    // views follow before the write returns. 0 (the default): always on a worker. Even a few hundred
    // users can be a million events, and what follows a new result grows with those.
    void setBackgroundRerunFrom(std::size_t users) { m_backgroundFrom = users; }

    // The problems of the lookups in force (file and reason), as of the last refresh.
    const std::vector<LoadProblem>& lookupProblems() const { return m_lookupProblems; }
    // What the last status message said.
    QString lastMessage() const { return m_lastMessage; }

Q_SIGNALS:
    void statusMessage(const QString& text);
    // A write, undo or redo failed; the dialog is open. title names the operation.
    void writeFailed(const QString& title, const QString& message);
    // The approved list changed (a write, undo/redo, someone else's edit) and the detection re-ran
    // (the result is in force).
    void listChanged();
    // The lookup problems changed (emitted after every refresh, and when a problem arrives outside one).
    void lookupProblemsChanged();

private:
    QString csvPath();
    void refreshed(const std::function<void()>& change);
    void onLookupProblem(const QString& message);
    void onChangedOnDisk();
    void followSuppressions();
    using Message = std::function<QString()>;
    // Re-runs after a change; message says what happened once the result is in force (it may
    // count the findings then). A newer change's message replaces a pending one.
    void rerunThen(const Message& message);
    void onResultChanged();
    // Pushes one undo step from before to after (none when nothing changed) and re-runs.
    bool record(const QString& undoText, const QByteArray& before, const QByteArray& after,
                const Message& message, const BeforeRerun& beforeRerun = {});
    // Says why nothing was written (statusText, or "<what>: nothing written: <reason>"); a failed
    // write also gets the dialog.
    bool fail(const QString& what, const ApprovalResult& result, const QString& statusText = {});
    void onUndoRedo(const ApprovalResult& result, bool undo);
    void onSuppressionsUndoRedo(const ApprovalResult& result, bool undo);
    void status(const QString& text);
    QString findingsLeft() const;

    AnalysisSession& m_session;
    QWidget* m_dialogParent;
    QUndoStack* m_undo;
    ApprovedFileWatcher* m_watcher;
    std::vector<LoadProblem> m_lookupProblems;
    int m_refreshing = 0; // > 0 while the lists are re-read: problems are reported once, at the end
    std::size_t m_backgroundFrom = 0;
    std::optional<Message> m_afterRerun; // set while a background re-run is pending
    QString m_lastMessage;
};

// A write that failed, shown as a window-modal warning that names the file and the reason (the
// message from core says both). open(), not exec(): it can be raised from inside an undo command
// or a finished export without a nested event loop. The box is named "writeError".
void showWriteFailure(QWidget* parent, const QString& title, const QString& message);

// "a, b, c" for up to three names, "N accounts" beyond.
QString describeIdentities(const QStringList& identities);

} // namespace tw
