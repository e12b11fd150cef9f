// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/detection/newsince.h"
#include "core/lists/reviewfile.h"
#include "ui/models/reviewmarks.h"

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QAction;
class QUndoStack;
class QWidget;

namespace tw {

class AnalysisSession;
class ApprovedFileWatcher;

// The window's side of the review file (docs/detection.md, New since last review): the one path
// for every write of `<approved csv>.review.jsonl` from the window, and the marks the findings
// table shows.
//
// - Writes (a status, the note editor's fields, Mark Reviewed) go through ReviewService at once:
//   locked, re-read, atomic, audit-logged. The file is a few KB, so the write runs on the UI thread
//   like the approved list's; a failed write is a window-modal dialog naming the file and the
//   reason, and nothing changes in the table (the marks are only ever rebuilt from what is on disk).
// - A triage change is one step on the approval undo stack (Edit ▸ Undo): undo writes the previous
//   fields back the same way, so it is audit-logged too. Mark Reviewed is not undoable: it only
//   widens what was seen (ReviewService::recordReview), there is no previous state to put back.
// - The file is watched (ApprovedFileWatcher): a colleague's change on disk is read and shown.
// - The marks are rebuilt from the file and the current result: the findings' footprints (one
//   pass over the events) on a window worker, per result; "new" and the triage on the UI thread.
//
// It offers its actions (a status each, the note editor, Mark Reviewed); the window places them.
// UI thread only. The session and the undo stack must outlive it.
class ReviewController : public QObject
{
    Q_OBJECT
public:
    // The selected findings' users, as the logs have them, in table order.
    using Selection = std::function<QStringList()>;
    // Asks for the note editor's fields (the default shows TriageDialog); std::nullopt cancels.
    using TriagePrompt =
        std::function<std::optional<TriageChange>(const QStringList& users, const ReviewEntry& current)>;

    ReviewController(AnalysisSession& session, QUndoStack* undo, Selection selection, QWidget* dialogParent,
                     QObject* parent = nullptr);
    ~ReviewController() override;

    // The review file beside this approved list (reviewPathFor); empty: none, triage is off.
    void setApprovedList(const QString& approvedCsv);
    QString path() const { return m_path; }
    // The file as last read or written (never null).
    std::shared_ptr<const ReviewRecord> record() const { return m_record; }
    // What the table shows; null while there is no review file or no result.
    std::shared_ptr<const ReviewMarks> marks() const { return m_marks; }
    ApprovedFileWatcher* watcher() const { return m_watcher; }

    // One write each, one undo step each; false when nothing was written (no file, refused, failed).
    bool setStatus(const QStringList& users, TriageStatus status);
    bool applyChange(const QStringList& users, const TriageChange& change);
    // Records every finding of the current result as reviewed (scan --record-review).
    bool markReviewed();
    // The note editor over the selection (F4).
    void editSelected();
    void setTriagePrompt(TriagePrompt prompt) { m_prompt = std::move(prompt); }

    // Blocks until the current result's footprints are in and the marks published (tests).
    void waitForMarks();
    // Marks of a result built on the owner (UI) thread: only after a write or a re-read of the
    // file; a new result's are a worker's (tests).
    quint64 ownerThreadMarkBuilds() const { return m_ownerThreadMarkBuilds; }
    QString lastMessage() const { return m_lastMessage; }

    QAction* statusAction(TriageStatus status) const { return m_statusActions[std::size_t(status)]; }
    QAction* editAction() const { return m_editAction; }
    QAction* markReviewedAction() const { return m_markReviewedAction; }
    // In menu order: the statuses, the note editor, Mark Reviewed.
    QList<QAction*> actions() const;

    // Writes without an undo step (the undo command's own writes); false when nothing was written.
    // With `expected`, only if every user's entry still holds those fields (ReviewService::triage):
    // an undo never overwrites a colleague's change made since.
    bool write(const QStringList& users, const TriageChange& change, const QString& what,
               const TriageChange* expected = nullptr);

Q_SIGNALS:
    void marksChanged(std::shared_ptr<const ReviewMarks> marks);
    void statusMessage(const QString& text);
    // A write failed; the dialog is open.
    void writeFailed(const QString& title, const QString& message);

private:
    struct Footprints
    {
        std::shared_ptr<const EventStore> store;
        std::shared_ptr<const DetectionResult> result;
        std::vector<FindingFootprint> footprints;
        // The marks of these footprints under `record` (the file as read when the worker
        // started) at `path`, made on the worker too: 100,000 findings' marks were tens of ms of
        // UI thread at every load and approval. Stale when the file was read or written since.
        std::shared_ptr<const ReviewRecord> record;
        QString path;
        std::shared_ptr<const ReviewMarks> marks;
    };
    // The marks the table shows for these footprints under the file `record` at `path` (null
    // without a file or a result); pure, so a worker can make them.
    static std::shared_ptr<const ReviewMarks> marksFor(const QString& path, const Footprints& footprints,
                                                       const ReviewRecord& record);
    void createActions();
    void updateActions();
    void onResultChanged();
    void onFootprints();
    void reload();
    void publish();
    bool push(const QStringList& users, const TriageChange& change, const QString& text);
    void status(const QString& text);

    AnalysisSession& m_session;
    QPointer<QUndoStack> m_undo;
    Selection m_selection;
    QPointer<QWidget> m_dialogParent;
    TriagePrompt m_prompt;
    ApprovedFileWatcher* m_watcher = nullptr;
    QString m_path;
    std::shared_ptr<const ReviewRecord> m_record;
    Footprints m_footprints; // of the result in force once the worker is done
    // The worker's answer is shared, not copied out of the future: 100,000 footprints.
    QFutureWatcher<std::shared_ptr<Footprints>> m_worker;
    std::shared_ptr<const ReviewMarks> m_marks;
    quint64 m_ownerThreadMarkBuilds = 0;
    QString m_lastMessage;

    std::vector<QAction*> m_statusActions;
    QAction* m_editAction = nullptr;
    QAction* m_markReviewedAction = nullptr;
};

} // namespace tw
