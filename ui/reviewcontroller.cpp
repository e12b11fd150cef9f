// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/reviewcontroller.h"

#include "core/analysissession.h"
#include "ui/approvalcontroller.h"
#include "ui/approvedfilewatcher.h"
#include "ui/dialogs/triagedialog.h"
#include "ui/viewhelpers.h"
#include "ui/workerpool.h"

#include <QAction>
#include <QCoreApplication>
#include <QDateTime>
#include <QUndoCommand>
#include <QUndoStack>
#include <QtConcurrent/QtConcurrentRun>

#include <utility>

using namespace Qt::StringLiterals;

namespace tw {

namespace {

// Who triages: the login name, as approvals record it.
QString loginName()
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("USERNAME");
    return user.isEmpty() ? u"unknown"_s : user;
}

// The fields of `change` as they are in `entry` now (an absent entry: New, empty), so that writing
// them back undoes the change.
TriageChange previousOf(const ReviewEntry* entry, const TriageChange& change)
{
    const ReviewEntry none;
    const ReviewEntry& e = entry ? *entry : none;
    TriageChange before;
    if (change.status)
        before.status = e.status;
    if (change.owner)
        before.owner = e.owner;
    if (change.ticket)
        before.ticket = e.ticket;
    if (change.note)
        before.note = e.note;
    return before;
}

bool sameChange(const TriageChange& a, const TriageChange& b)
{
    return a.status == b.status && a.owner == b.owner && a.ticket == b.ticket && a.note == b.note;
}

// "Escalated", "ticket SEC-1", "note", ... for the status bar and the undo text.
QString describeChange(const TriageChange& change)
{
    QStringList parts;
    if (change.status)
        parts << triageStatusName(*change.status);
    if (change.owner)
        parts
            << QObject::tr("owner %1").arg(change.owner->isEmpty() ? QObject::tr("cleared") : *change.owner);
    if (change.ticket)
        parts << QObject::tr("ticket %1")
                     .arg(change.ticket->isEmpty() ? QObject::tr("cleared") : *change.ticket);
    if (change.note)
        parts << (change.note->isEmpty() ? QObject::tr("note cleared") : QObject::tr("note"));
    return parts.join(u", "_s);
}

// One triage change as an undo step. The write has happened when it is pushed, so the first redo()
// does nothing; undo writes each user's previous fields back (grouped: one write per distinct
// previous state), redo the change again. Both go through ReviewController::write: locked, re-read,
// audit-logged, and a failure is the controller's dialog.
//
// The review file is shared: a colleague may have changed the same entries since. Like an undo of
// the approved list (ApprovalService::restore), undo and redo write only over what this step left:
// each user's fields must still be as the step wrote them (undo) or found them (redo), else that
// group is refused, with the users, fields and who changed them in the dialog, and the step leaves
// the history (obsolete), since it no longer describes the file. The other groups still go through.
class TriageCommand : public QUndoCommand
{
public:
    TriageCommand(const QString& text, ReviewController* controller, QStringList users, TriageChange change,
                  std::vector<std::pair<QStringList, TriageChange>> previous)
        : m_controller(controller)
        , m_users(std::move(users))
        , m_change(std::move(change))
        , m_previous(std::move(previous))
    {
        setText(text);
    }

    void undo() override
    {
        if (!m_controller)
            return;
        bool refused = false;
        for (const auto& [users, change] : m_previous)
            refused |= !m_controller->write(users, change, QObject::tr("Undo %1").arg(text()), &m_change);
        setObsolete(refused);
    }

    void redo() override
    {
        if (std::exchange(m_first, false) || !m_controller)
            return;
        bool refused = false;
        for (const auto& [users, before] : m_previous)
            refused |= !m_controller->write(users, m_change, QObject::tr("Redo %1").arg(text()), &before);
        setObsolete(refused);
    }

private:
    QPointer<ReviewController> m_controller;
    QStringList m_users;
    TriageChange m_change;
    std::vector<std::pair<QStringList, TriageChange>> m_previous;
    bool m_first = true;
};

} // namespace

ReviewController::ReviewController(AnalysisSession& session, QUndoStack* undo, Selection selection,
                                   QWidget* dialogParent, QObject* parent)
    : QObject(parent)
    , m_session(session)
    , m_undo(undo)
    , m_selection(std::move(selection))
    , m_dialogParent(dialogParent)
    , m_watcher(new ApprovedFileWatcher(this))
    , m_record(std::make_shared<ReviewRecord>())
{
    createActions();
    connect(m_watcher, &ApprovedFileWatcher::changedOnDisk, this, [this] {
        reload();
        status(tr("The review file %1 changed on disk; the triage shown is what it holds now.").arg(m_path));
    });
    connect(&m_session, &AnalysisSession::resultChanged, this, &ReviewController::onResultChanged);
    connect(&m_worker, &QFutureWatcher<std::shared_ptr<Footprints>>::finished, this,
            &ReviewController::onFootprints);
    updateActions();
}

ReviewController::~ReviewController()
{
    m_worker.disconnect(this);
    m_worker.waitForFinished();
}

void ReviewController::createActions()
{
    // Alt+digit: free in every tab, and no table's type-ahead search takes it.
    const int keys[] = {Qt::Key_1, Qt::Key_2, Qt::Key_3, Qt::Key_4};
    for (TriageStatus s :
         {TriageStatus::New, TriageStatus::Investigating, TriageStatus::Escalated, TriageStatus::Benign}) {
        auto* action = new QAction(tr("Mark as %1").arg(triageStatusName(s)), this);
        action->setObjectName(u"triage"_s + triageStatusName(s) + u"Action"_s);
        action->setShortcut(QKeyCombination(Qt::ALT, Qt::Key(keys[int(s)])));
        action->setToolTip(
            s == TriageStatus::Benign
                ? tr("Benign: looked at and harmless, but not approved: the finding stays")
                : tr("Set the status of the selected findings to %1").arg(triageStatusName(s)));
        connect(action, &QAction::triggered, this, [this, s] {
            if (m_selection)
                setStatus(m_selection(), s);
        });
        m_statusActions.push_back(action);
    }
    m_editAction = new QAction(tr("Edit Triage &Note…"), this);
    m_editAction->setObjectName(u"editTriageAction"_s);
    // One key, free everywhere (F2 is the Approved accounts tab's reason editor).
    m_editAction->setShortcut(Qt::Key_F4);
    m_editAction->setToolTip(tr("Status, owner, ticket and note of the selected findings (F4)"));
    connect(m_editAction, &QAction::triggered, this, &ReviewController::editSelected);

    m_markReviewedAction = new QAction(tr("Mark Load as &Reviewed"), this);
    m_markReviewedAction->setObjectName(u"markReviewedAction"_s);
    m_markReviewedAction->setToolTip(
        tr("Record every finding of this load as reviewed: what they did so far is no longer new "
           "(trailwarden-cli scan --record-review does the same)"));
    connect(m_markReviewedAction, &QAction::triggered, this, &ReviewController::markReviewed);
}

QList<QAction*> ReviewController::actions() const
{
    QList<QAction*> all(m_statusActions.begin(), m_statusActions.end());
    all << m_editAction << m_markReviewedAction;
    return all;
}

void ReviewController::updateActions()
{
    const bool haveFile = !m_path.isEmpty() && m_session.result();
    for (QAction* a : m_statusActions)
        a->setEnabled(haveFile);
    m_editAction->setEnabled(haveFile);
    m_markReviewedAction->setEnabled(haveFile && m_footprints.result == m_session.result() &&
                                     !m_footprints.footprints.empty());
}

void ReviewController::status(const QString& text)
{
    m_lastMessage = text;
    Q_EMIT statusMessage(text);
}

void ReviewController::setApprovedList(const QString& approvedCsv)
{
    const QString path = approvedCsv.isEmpty() ? QString() : reviewPathFor(approvedCsv);
    if (path == m_path)
        return;
    m_path = path;
    m_watcher->setPath(m_path);
    reload();
}

void ReviewController::reload()
{
    auto record = std::make_shared<ReviewRecord>(m_path.isEmpty() ? ReviewRecord{} : loadReview(m_path));
    if (!record->error.isEmpty())
        status(tr("The review file cannot be read: %1").arg(record->error));
    else if (!record->problems.isEmpty())
        // A damaged line costs that user only (shown as never reviewed); it is kept on the next write.
        status(tr("Review file: %1").arg(record->problems.join(u"; "_s)));
    m_record = std::move(record);
    publish();
}

void ReviewController::onResultChanged()
{
    const auto store = m_session.store();
    const auto result = m_session.result();
    // The marks are keyed by the store's string ids: another store's must go at once.
    if (store != m_footprints.store) {
        m_footprints = {};
        publish();
    }
    if (!store || !result) {
        m_worker.cancel();
        updateActions();
        return;
    }
    // An answer never taken (superseded, cancelled) is freed on a worker, not when the watcher
    // lets go of it here.
    if (m_worker.future().resultCount() > 0)
        releaseOnWindowWorker(m_worker.result());
    // One pass over the events: a worker's, so that a load or an approval at 1M events does not
    // wait for it; the marks from it too. A newer result supersedes it (onFootprints checks).
    m_worker.setFuture(QtConcurrent::run(windowWorkers(), [store, result, record = m_record, path = m_path] {
        auto out = std::make_shared<Footprints>(
            Footprints{store, result, findingFootprints(*store, result->rules, *result), record, path, {}});
        out->marks = marksFor(path, *out, *record);
        return out;
    }));
    updateActions();
}

void ReviewController::onFootprints()
{
    if (m_worker.future().isCanceled() || m_worker.future().resultCount() == 0)
        return;
    const std::shared_ptr<Footprints> done = m_worker.result();
    if (done->result != m_session.result())
        return; // superseded: the next worker's answer follows
    // The previous footprints and marks are freed on a worker once the views hold the new ones.
    Footprints previous = std::exchange(m_footprints, std::move(*done));
    std::shared_ptr<const ReviewMarks> previousMarks = m_marks;
    if (m_footprints.record == m_record && m_footprints.path == m_path) {
        m_marks = m_footprints.marks;
        Q_EMIT marksChanged(m_marks);
    } else {
        publish(); // the file was read or written while the worker ran
    }
    releaseOnWindowWorker(std::make_pair(std::move(previous), std::move(previousMarks)));
    updateActions();
}

void ReviewController::waitForMarks()
{
    m_worker.waitForFinished();
    QCoreApplication::processEvents();
}

std::shared_ptr<const ReviewMarks>
ReviewController::marksFor(const QString& path, const Footprints& footprints, const ReviewRecord& record)
{
    if (path.isEmpty() || !footprints.result)
        return nullptr;
    auto built = std::make_shared<ReviewMarks>();
    built->path = path;
    const std::vector<FindingReview> reviews = reviewFindings(footprints.footprints, record);
    const auto& findings = footprints.result->findings;
    built->byUser.reserve(qsizetype(std::min(reviews.size(), findings.size())));
    for (std::size_t i = 0; i < reviews.size() && i < findings.size(); ++i) {
        ReviewMark mark{reviews[i], {}, {}};
        if (const ReviewEntry* e = record.find(footprints.footprints[i].user)) {
            mark.changedBy = e->changedBy;
            mark.changedAt = e->changedAt;
        }
        built->newCount += reviews[i].since.isNew ? 1 : 0;
        built->byUser.insert(findings[i].user, std::move(mark));
    }
    return built;
}

void ReviewController::publish()
{
    m_marks = marksFor(m_path, m_footprints, *m_record);
    if (m_marks)
        ++m_ownerThreadMarkBuilds;
    Q_EMIT marksChanged(m_marks);
}

bool ReviewController::setStatus(const QStringList& users, TriageStatus s)
{
    TriageChange change;
    change.status = s;
    return applyChange(users, change);
}

bool ReviewController::applyChange(const QStringList& users, const TriageChange& change)
{
    if (change.empty())
        return false;
    if (users.isEmpty()) {
        status(tr("Select one or more findings to triage."));
        return false;
    }
    const QString text = tr("Triage %1: %2").arg(describeIdentities(users), describeChange(change));
    return push(users, change, text);
}

bool ReviewController::push(const QStringList& users, const TriageChange& change, const QString& text)
{
    // The previous fields as last read: the watcher keeps them current with colleagues' writes.
    std::vector<std::pair<QStringList, TriageChange>> previous;
    for (const QString& user : users) {
        const TriageChange before = previousOf(m_record->find(user), change);
        auto it = std::find_if(previous.begin(), previous.end(),
                               [&before](const auto& p) { return sameChange(p.second, before); });
        if (it == previous.end())
            previous.emplace_back(QStringList{user}, before);
        else
            it->first.append(user);
    }
    if (!write(users, change, text))
        return false;
    if (m_undo)
        m_undo->push(new TriageCommand(text, this, users, change, std::move(previous)));
    return true;
}

bool ReviewController::write(const QStringList& users, const TriageChange& change, const QString& what,
                             const TriageChange* expected)
{
    if (m_path.isEmpty()) {
        status(tr("%1: nothing written: triage needs an approved-accounts list (File ▸ Choose Approved "
                  "Accounts CSV…); the review file is kept beside it.")
                   .arg(what));
        return false;
    }
    ReviewRecord written;
    const ApprovalResult r = ReviewService(m_path).triage(
        users, change, loginName(), QDateTime::currentDateTimeUtc(), &written, expected);
    if (!r.ok && !r.refused.isEmpty()) {
        // Someone changed these entries since: show what the file holds now, not what we would write.
        m_record = std::make_shared<ReviewRecord>(std::move(written));
        publish();
    }
    if (!r.ok) {
        // Nothing changes in the table: the marks are rebuilt only from what is on disk.
        status(tr("%1: nothing written: %2").arg(what, r.message));
        showWriteFailure(m_dialogParent, tr("Triage"), r.message);
        Q_EMIT writeFailed(tr("Triage"), r.message);
        return false;
    }
    m_watcher->setKnownContents(r.after); // our own write is not a change on disk
    m_record = std::make_shared<ReviewRecord>(std::move(written));
    publish();
    status(tr("%1 (saved to %2).").arg(what, m_path));
    return true;
}

bool ReviewController::markReviewed()
{
    if (m_path.isEmpty() || m_footprints.result != m_session.result() || !m_footprints.result) {
        status(tr("Nothing recorded: no review file or no findings."));
        return false;
    }
    ReviewRecord written;
    const ApprovalResult r = ReviewService(m_path).recordReview(
        reviewedActivity(m_footprints.footprints), loginName(), QDateTime::currentDateTimeUtc(), &written);
    if (!r.ok) {
        status(tr("Mark Reviewed: nothing written: %1").arg(r.message));
        showWriteFailure(m_dialogParent, tr("Mark Reviewed"), r.message);
        Q_EMIT writeFailed(tr("Mark Reviewed"), r.message);
        return false;
    }
    const std::size_t before = m_marks ? m_marks->newCount : 0;
    m_watcher->setKnownContents(r.after);
    m_record = std::make_shared<ReviewRecord>(std::move(written));
    publish();
    status(tr("Recorded %1 as reviewed (%2 were new); saved to %3.")
               .arg(count(quint64(m_footprints.footprints.size()), tr("finding"), tr("findings")))
               .arg(before)
               .arg(m_path));
    return true;
}

void ReviewController::editSelected()
{
    const QStringList users = m_selection ? m_selection() : QStringList();
    if (users.isEmpty()) {
        status(tr("Select one or more findings to triage."));
        return;
    }
    const ReviewEntry* entry = m_record->find(users.front());
    const ReviewEntry current = entry ? *entry : ReviewEntry{};
    std::optional<TriageChange> change;
    if (m_prompt) {
        change = m_prompt(users, current);
    } else {
        TriageDialog dialog(users, current, m_dialogParent);
        if (dialog.exec() == QDialog::Accepted)
            change = dialog.change();
    }
    if (!change)
        return;
    if (change->empty()) {
        status(tr("Triage: nothing changed."));
        return;
    }
    applyChange(users, *change);
}

} // namespace tw
