// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

#include <vector>

class QWidget;

namespace tw {

struct ApprovalResult;
struct SuppressionRule;
class MainWindow;

// The writes of the list-stewardship features (the "Approved accounts" tab, the baseline, a
// near-miss's "Approve <observed>"), each one undo step on the window's undo stack.
//
// Every write goes through ApprovalService; afterwards the window's file watcher learns the new
// bytes (our own write is not "changed on disk"), the detection re-runs from memory (so the
// findings and the tab refresh through AnalysisSession::resultChanged) and the status bar says
// what happened. Undo/redo use ApproveCommand, i.e. ApprovalService::restore() with the bytes
// expected on disk, so an edit made by someone else in between is never overwritten.
//
// UI thread only; owned by the window.
class ApprovedListWriter : public QObject
{
    Q_OBJECT
public:
    explicit ApprovedListWriter(MainWindow* window);

    bool approve(const QStringList& identities, const QString& reason, const QString& by);
    bool revoke(const QStringList& identities, const QString& reason, const QString& by);
    // column: "reason" or "expires" (an empty value clears it).
    bool update(const QStringList& identities, const QString& column, const QString& value,
                const QString& by);
    // The baseline diff as one undo step: approves adds, then revokes drops, with one reason.
    bool applyBaseline(const QStringList& adds, const QStringList& drops, const QString& reason,
                       const QString& by);

    // Saves the suppression rules beside the list (saveSuppressions: lock, atomic write, audit) as
    // one undo step and re-runs; expectedCurrent is the rules file as it was read for editing.
    bool saveSuppressions(const QByteArray& expectedCurrent, const std::vector<SuppressionRule>& before,
                          const std::vector<SuppressionRule>& after, const QString& by);

    // What the last operation said (also shown in the status bar).
    QString lastMessage() const { return m_lastMessage; }

private:
    QString csvPath();
    // Pushes one undo step from before to after and refreshes everything; false when nothing changed.
    bool record(const QString& undoText, const QByteArray& before, const QByteArray& after);
    bool fail(const QString& what, const ApprovalResult& result);
    void onUndoRedo(const ApprovalResult& result, bool undo);
    void onSuppressionsUndoRedo(const ApprovalResult& result, bool undo);
    void status(const QString& text);

    MainWindow* m_window;
    QString m_lastMessage;
};

// A write that failed, shown as a window-modal warning that names the file and the reason (the
// message from core says both). open(), not exec(): it can be raised from inside an undo
// command or a finished export without a nested event loop. The box is named "writeError".
void showWriteFailure(QWidget* parent, const QString& title, const QString& message);

// "a, b, c" for up to three names, "N accounts" beyond.
QString describeIdentities(const QStringList& identities);

} // namespace tw
