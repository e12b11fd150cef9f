// SPDX-License-Identifier: GPL-3.0-or-later
// Triage in the review window (issue 14, "Triage state that persists"): the real window over three
// users and an approved list whose review file knows one of them. A status key writes the review
// file at once and the Status column shows it (and undo puts it back); the note editor's fields go
// to the file and come back into the editor; the "New (N)" chip shows only the new findings and the
// title and status bar count them; Mark Reviewed clears them; a colleague's change on disk is
// shown; a failed write is a dialog and changes nothing; the export carries the triage.

#include "core/lists/reviewfile.h"
#include "tests/support/testsupport.h"
#include "tests/support/windowsupport.h"
#include "ui/approvedfilewatcher.h"
#include "ui/findingspage.h"
#include "ui/mainwindow.h"
#include "ui/models/findingsmodel.h"
#include "ui/models/findingsproxy.h"
#include "ui/reportexport.h"
#include "ui/reviewcontroller.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QUndoStack>

using namespace tw;
using namespace Qt::StringLiterals;

namespace {

// One successful call of user at 09:00:0n on 2026-10-01, in account 111111111111.
QByteArray record(const QByteArray& user, const QByteArray& api, int n)
{
    return test::cloudTrailRecord(
               test::Record{user, "t" + QByteArray::number(n), R"(,"recipientAccountId":"111111111111")",
                            "2026-10-01T09:00:0" + QByteArray::number(n) + 'Z', api, "iam.amazonaws.com"}) +
           '\n';
}

// A cell of the findings table in the row of user, as shown.
QString cell(const MainWindow& window, const QString& user, int column)
{
    const FindingsProxy* proxy = window.findingsPage()->findingsProxy();
    for (int row = 0; row < proxy->rowCount(); ++row)
        if (proxy->index(row, FindingsModel::User).data().toString() == user)
            return proxy->index(row, column).data().toString();
    return u"<absent>"_s;
}

QStringList shownUsers(const MainWindow& window)
{
    QStringList users;
    const FindingsProxy* proxy = window.findingsPage()->findingsProxy();
    for (int row = 0; row < proxy->rowCount(); ++row)
        users << proxy->index(row, FindingsModel::User).data().toString();
    users.sort();
    return users;
}

QString loginName()
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("USERNAME");
    return user.isEmpty() ? u"unknown"_s : user;
}

} // namespace

class TestTriageWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid() && m_dir.isValid());
        QCoreApplication::setOrganizationName(u"TrailWardenTest"_s);
        QCoreApplication::setApplicationName(u"tst_triagewindow"_s);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
        m_logs = m_dir.filePath(u"logs/events.jsonl"_s);
        QVERIFY(test::writeFile(m_logs, record("alice", "ListUsers", 1) + record("bob", "GetUser", 2) +
                                            record("carol", "CreateAccessKey", 3)));
        m_approved = m_dir.filePath(u"approved.csv"_s);
        m_review = reviewPathFor(m_approved);
    }

    void init()
    {
        QSettings().clear();
        QVERIFY(test::writeFile(m_approved, "identity\nsvc-other\n"));
        QFile::remove(m_review);
        QDir(ApprovalService::auditPathFor(m_review)).removeRecursively();
        QFile::remove(ApprovalService::auditPathFor(m_review));
        // alice was reviewed with what she does in these logs: she is not new; bob and carol are.
        const ReviewedActivity alice{u"alice"_s,
                                     {u"ListUsers"_s},
                                     {u"111111111111"_s},
                                     {u"us-east-1"_s},
                                     QDateTime::fromString(u"2026-10-01T09:00:01Z"_s, Qt::ISODate)};
        QVERIFY(ReviewService(m_review).recordReview({alice}, u"olga"_s, {}).ok);
    }

    void statusKeyWritesTheFileAndTheColumn()
    {
        const auto window = open();
        QVERIFY(window);
        QCOMPARE(cell(*window, u"bob"_s, FindingsModel::Status), u"New"_s);
        QTableView* view = window->findingsPage()->findingsView();
        QVERIFY(window->selectUser(u"bob"_s));
        view->setFocus();
        QTest::keyClick(view, Qt::Key_3, Qt::AltModifier);

        const ReviewRecord onDisk = loadReview(m_review);
        QVERIFY(onDisk.find(u"bob"_s));
        QCOMPARE(onDisk.find(u"bob"_s)->status, TriageStatus::Escalated);
        QCOMPARE(onDisk.find(u"bob"_s)->changedBy, loginName());
        QVERIFY(onDisk.find(u"bob"_s)->changedAt.isValid());
        QVERIFY(onDisk.find(u"alice"_s)); // the other entries are kept
        QCOMPARE(cell(*window, u"bob"_s, FindingsModel::Status), u"Escalated"_s);
        QVERIFY(test::readFile(ApprovalService::auditPathFor(m_review)).contains("Escalated"));

        // One undo step on the window's undo stack: undo writes the previous status back.
        QUndoStack* undo = window->undoStack();
        QCOMPARE(undo->count(), 1);
        undo->undo();
        QCOMPARE(loadReview(m_review).find(u"bob"_s)->status, TriageStatus::New);
        QCOMPARE(cell(*window, u"bob"_s, FindingsModel::Status), u"New"_s);
        undo->redo();
        QCOMPARE(loadReview(m_review).find(u"bob"_s)->status, TriageStatus::Escalated);
        QCOMPARE(cell(*window, u"bob"_s, FindingsModel::Status), u"Escalated"_s);

        // Every status has its key, listed in the Triage menu (Help ▸ Keyboard Shortcuts reads it).
        QTest::keyClick(view, Qt::Key_4, Qt::AltModifier);
        QCOMPARE(cell(*window, u"bob"_s, FindingsModel::Status), u"Benign"_s);
        QTest::keyClick(view, Qt::Key_2, Qt::AltModifier);
        QCOMPARE(cell(*window, u"bob"_s, FindingsModel::Status), u"Investigating"_s);
        QTest::keyClick(view, Qt::Key_1, Qt::AltModifier);
        QCOMPARE(loadReview(m_review).find(u"bob"_s)->status, TriageStatus::New);
        // Benign is not an approval: bob is still a finding.
        QCOMPARE(shownUsers(*window), QStringList({u"alice"_s, u"bob"_s, u"carol"_s}));
    }

    // Issue 13: the marks of 100,000 findings were built on the UI thread at every load and
    // approval. A new result's marks come from the worker that reads its footprints; only a write
    // of the file builds them on the UI thread.
    void newResultsMarksAreAWorkers()
    {
        const auto window = open();
        QVERIFY(window);
        ReviewController* review = window->review();
        QCOMPARE(review->ownerThreadMarkBuilds(), 0u);
        QCOMPARE(review->marks()->byUser.size(), qsizetype(3));
        QCOMPARE(review->marks()->newCount, std::size_t(2)); // bob and carol

        // An approval: a new result, its marks from the worker.
        window->setApprovalPrompt([](const QStringList&, const ApprovalRequest&) {
            return std::optional<ApprovalRequest>(ApprovalRequest{u"test"_s, u"tester"_s});
        });
        QVERIFY(window->selectUser(u"bob"_s));
        window->approveSelected();
        window->session().waitForRerun();
        review->waitForMarks();
        QCOMPARE(shownUsers(*window), QStringList({u"alice"_s, u"carol"_s}));
        QCOMPARE(review->marks()->byUser.size(), qsizetype(2));
        QCOMPARE(review->ownerThreadMarkBuilds(), 0u);

        // A status written: the file changed, the marks are made again at once from what it holds.
        QVERIFY(review->setStatus({u"carol"_s}, TriageStatus::Escalated));
        QCOMPARE(review->ownerThreadMarkBuilds(), 1u);
        QCOMPARE(cell(*window, u"carol"_s, FindingsModel::Status), u"Escalated"_s);
    }

    void noteEditorRoundTrip()
    {
        const auto window = open();
        QVERIFY(window);
        QTableView* view = window->findingsPage()->findingsView();
        QVERIFY(window->selectUser(u"carol"_s));
        view->setFocus();
        bool shown = false;
        test::onNextModal(this, [&shown](QWidget* modal) {
            shown = modal->objectName() == u"triageDialog"_s;
            modal->findChild<QComboBox*>(u"statusCombo"_s)->setCurrentText(u"Investigating"_s);
            modal->findChild<QLineEdit*>(u"ownerEdit"_s)->setText(u"dana"_s);
            modal->findChild<QLineEdit*>(u"ticketEdit"_s)->setText(u"SEC-42"_s);
            QTest::keyClicks(modal->findChild<QPlainTextEdit*>(u"noteEdit"_s), u"new key, asked carol"_s);
            // Ctrl+Return saves from the note, where Return is a new line.
            QTest::keyClick(modal->findChild<QPlainTextEdit*>(u"noteEdit"_s), Qt::Key_Return,
                            Qt::ControlModifier);
        });
        QTest::keyClick(view, Qt::Key_F4);
        QVERIFY(shown);
        // The record is kept: find() points into it.
        const ReviewRecord saved = loadReview(m_review);
        const ReviewEntry* carol = saved.find(u"carol"_s);
        QVERIFY(carol);
        QCOMPARE(carol->status, TriageStatus::Investigating);
        QCOMPARE(carol->owner, u"dana"_s);
        QCOMPARE(carol->ticket, u"SEC-42"_s);
        QCOMPARE(carol->note, u"new key, asked carol"_s);
        QCOMPARE(carol->changedBy, loginName());
        QCOMPARE(cell(*window, u"carol"_s, FindingsModel::Owner), u"dana"_s);
        QCOMPARE(cell(*window, u"carol"_s, FindingsModel::Ticket), u"SEC-42"_s);
        QCOMPARE(cell(*window, u"carol"_s, FindingsModel::Note), u"new key, asked carol"_s);

        // Opened again, the editor shows what the file holds; changing only the ticket keeps the rest.
        QStringList seen;
        test::onNextModal(this, [&seen](QWidget* modal) {
            seen << modal->findChild<QComboBox*>(u"statusCombo"_s)->currentText()
                 << modal->findChild<QLineEdit*>(u"ownerEdit"_s)->text()
                 << modal->findChild<QLineEdit*>(u"ticketEdit"_s)->text()
                 << modal->findChild<QPlainTextEdit*>(u"noteEdit"_s)->toPlainText();
            modal->findChild<QLineEdit*>(u"ticketEdit"_s)->setText(u"SEC-43"_s);
            qobject_cast<QDialog*>(modal)->accept();
        });
        // The offscreen platform does not give the window back its activation when a dialog closes.
        window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window.get()));
        view->setFocus();
        QTest::keyClick(view, Qt::Key_F4);
        QCOMPARE(seen, QStringList({u"Investigating"_s, u"dana"_s, u"SEC-42"_s, u"new key, asked carol"_s}));
        const ReviewRecord savedAgain = loadReview(m_review);
        carol = savedAgain.find(u"carol"_s);
        QVERIFY(carol);
        QCOMPARE(carol->ticket, u"SEC-43"_s);
        QCOMPARE(carol->note, u"new key, asked carol"_s);
        QCOMPARE(carol->owner, u"dana"_s);
    }

    void newChipTitleAndMarkReviewed()
    {
        const auto window = open();
        QVERIFY(window);
        FindingsPage* page = window->findingsPage();
        QToolButton* chip = page->newChip();
        QVERIFY(chip->isVisible() && chip->isEnabled());
        QCOMPARE(chip->text(), u"New (2)"_s);
        QCOMPARE(cell(*window, u"bob"_s, FindingsModel::New), u"new"_s);
        QCOMPARE(cell(*window, u"alice"_s, FindingsModel::New), QString());
        QVERIFY(window->windowTitle().contains(u"(2 new)"_s));
        auto* label = window->findChild<QLabel*>(u"newSinceReviewLabel"_s);
        QVERIFY(label && label->isVisible());
        QCOMPARE(label->text(), u"2 new"_s);
        QVERIFY(label->toolTip().startsWith(u"2 findings new since the last review"_s));
        QCOMPARE(shownUsers(*window), QStringList({u"alice"_s, u"bob"_s, u"carol"_s}));

        QTest::mouseClick(chip, Qt::LeftButton);
        QCOMPARE(shownUsers(*window), QStringList({u"bob"_s, u"carol"_s}));
        // It combines with the filter box.
        page->setFilterText(u"carol"_s);
        QCOMPARE(shownUsers(*window), QStringList({u"carol"_s}));
        page->setFilterText({});

        // Mark Reviewed records this load: nothing is new, the chip lets go, the title says no count.
        window->review()->markReviewedAction()->trigger();
        QVERIFY(loadReview(m_review).find(u"carol"_s));
        QVERIFY(loadReview(m_review).find(u"carol"_s)->reviewedAt.isValid());
        QCOMPARE(chip->text(), u"New (0)"_s);
        QVERIFY(!chip->isChecked() && !chip->isEnabled());
        QCOMPARE(shownUsers(*window), QStringList({u"alice"_s, u"bob"_s, u"carol"_s}));
        QVERIFY2(!window->windowTitle().contains(u"new"_s), qPrintable(window->windowTitle()));
        QCOMPARE(label->text(), u"0 new"_s);
    }

    void colleaguesChangeIsShown()
    {
        const auto window = open();
        QVERIFY(window);
        QCOMPARE(cell(*window, u"carol"_s, FindingsModel::Status), u"New"_s);
        TriageChange change;
        change.status = TriageStatus::Benign;
        change.note = u"test account of the load tests"_s;
        QVERIFY(ReviewService(m_review).triage({u"carol"_s}, change, u"colleague"_s, {}).ok);
        // The watcher's debounce would do it within a moment; the test does not wait for timers.
        window->review()->watcher()->checkNow();
        QCOMPARE(cell(*window, u"carol"_s, FindingsModel::Status), u"Benign"_s);
        QCOMPARE(cell(*window, u"carol"_s, FindingsModel::Note), u"test account of the load tests"_s);
        const FindingsProxy* proxy = window->findingsPage()->findingsProxy();
        for (int row = 0; row < proxy->rowCount(); ++row)
            if (proxy->index(row, FindingsModel::User).data().toString() == u"carol"_s)
                QVERIFY(proxy->index(row, FindingsModel::Status)
                            .data(Qt::ToolTipRole)
                            .toString()
                            .contains(u"colleague"_s));
        // Our own next write keeps the colleague's note.
        QVERIFY(window->selectUser(u"carol"_s));
        window->findingsPage()->findingsView()->setFocus();
        QTest::keyClick(window->findingsPage()->findingsView(), Qt::Key_3, Qt::AltModifier);
        QCOMPARE(loadReview(m_review).find(u"carol"_s)->note, u"test account of the load tests"_s);
        QCOMPARE(loadReview(m_review).find(u"carol"_s)->status, TriageStatus::Escalated);
    }

    // Undo writes only over what the step left: a colleague's change of the same entry made since is
    // refused aloud (as an undo of the approved list is), not overwritten; a change of another field
    // or another user is not in the way.
    void undoDoesNotOverwriteAColleaguesChange()
    {
        const auto window = open();
        QVERIFY(window);
        QTableView* view = window->findingsPage()->findingsView();
        QUndoStack* undo = window->undoStack();

        // Another field of the same entry, and another user: the undo goes through, the note stays.
        QVERIFY(window->selectUser(u"carol"_s));
        view->setFocus();
        QTest::keyClick(view, Qt::Key_2, Qt::AltModifier);
        QCOMPARE(loadReview(m_review).find(u"carol"_s)->status, TriageStatus::Investigating);
        TriageChange note;
        note.note = u"load tests"_s;
        QVERIFY(ReviewService(m_review).triage({u"carol"_s, u"bob"_s}, note, u"colleague"_s, {}).ok);
        undo->undo();
        QCOMPARE(loadReview(m_review).find(u"carol"_s)->status, TriageStatus::New);
        QCOMPARE(loadReview(m_review).find(u"carol"_s)->note, u"load tests"_s);
        QCOMPARE(undo->count(), 1);
        undo->redo();
        QCOMPARE(loadReview(m_review).find(u"carol"_s)->status, TriageStatus::Investigating);

        // bob escalated here, then set Benign by a colleague: Undo refuses and says who and what.
        QVERIFY(window->selectUser(u"bob"_s));
        view->setFocus();
        QTest::keyClick(view, Qt::Key_3, Qt::AltModifier);
        QCOMPARE(undo->count(), 2);
        TriageChange benign;
        benign.status = TriageStatus::Benign;
        QVERIFY(ReviewService(m_review).triage({u"bob"_s}, benign, u"colleague"_s, {}).ok);
        const QByteArray theirs = test::readFile(m_review);
        undo->undo();
        QCOMPARE(test::readFile(m_review), theirs);
        QCOMPARE(loadReview(m_review).find(u"bob"_s)->status, TriageStatus::Benign);
        QTRY_VERIFY(QApplication::activeModalWidget() != nullptr);
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        QVERIFY(box);
        QVERIFY2(box->text().contains(u"'bob' (status, changed by colleague"_s), qPrintable(box->text()));
        test::grabIfAsked(box, u"triage-undo-refused"_s);
        box->accept();
        // The table shows what the file holds; the refused step left the history, the one before
        // it is still there.
        QCOMPARE(cell(*window, u"bob"_s, FindingsModel::Status), u"Benign"_s);
        QVERIFY2(window->review()->lastMessage().contains(u"changed on disk since"_s),
                 qPrintable(window->review()->lastMessage()));
        QCOMPARE(undo->count(), 1);
        QCOMPARE(undo->index(), 1);
        QCOMPARE(undo->undoText(), undo->command(0)->text());

        // Redo is guarded the same way: carol's step undone, then a colleague sets her status.
        undo->undo();
        QCOMPARE(loadReview(m_review).find(u"carol"_s)->status, TriageStatus::New);
        TriageChange escalated;
        escalated.status = TriageStatus::Escalated;
        QVERIFY(ReviewService(m_review).triage({u"carol"_s}, escalated, u"colleague"_s, {}).ok);
        undo->redo();
        QCOMPARE(loadReview(m_review).find(u"carol"_s)->status, TriageStatus::Escalated);
        QTRY_VERIFY(QApplication::activeModalWidget() != nullptr);
        QApplication::activeModalWidget()->close();
        QCOMPARE(undo->count(), 0);
    }

    void failedWriteIsADialogAndChangesNothing()
    {
        const auto window = open();
        QVERIFY(window);
        const QByteArray before = test::readFile(m_review);
        // The audit log cannot be written (a folder in its place): the triage is refused.
        const QString audit = ApprovalService::auditPathFor(m_review);
        QFile::remove(audit);
        QVERIFY(QDir().mkpath(audit));
        QVERIFY(window->selectUser(u"bob"_s));
        QTableView* view = window->findingsPage()->findingsView();
        view->setFocus();
        QTest::keyClick(view, Qt::Key_3, Qt::AltModifier);
        QTRY_VERIFY(QApplication::activeModalWidget() != nullptr);
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        QVERIFY(box);
        QCOMPARE(box->objectName(), u"writeError"_s);
        QVERIFY2(box->text().contains(m_review), qPrintable(box->text()));
        box->accept();
        QCOMPARE(test::readFile(m_review), before);
        QCOMPARE(cell(*window, u"bob"_s, FindingsModel::Status), u"New"_s);
        QCOMPARE(window->undoStack()->count(), 0);
        QVERIFY(window->review()->lastMessage().contains(u"nothing written"_s));
        QVERIFY(QDir(audit).removeRecursively());
    }

    void exportCarriesTheTriage()
    {
        const auto window = open();
        QVERIFY(window);
        TriageChange change;
        change.status = TriageStatus::Escalated;
        change.owner = u"olga"_s;
        change.ticket = u"SEC-9"_s;
        change.note = u"keys made at night"_s;
        QVERIFY(window->review()->applyChange({u"carol"_s}, change));
        auto* exporter = window->findChild<ReportExporter*>(u"reportExporter"_s);
        QVERIFY(exporter);
        const QString path = m_dir.filePath(u"report.json"_s);
        QSignalSpy finished(exporter, &ReportExporter::finished);
        exporter->exportTo(path, ReportFormat::Json);
        QVERIFY(finished.wait(30000));
        QVERIFY(finished.at(0).at(0).toBool());
        const QJsonArray findings =
            QJsonDocument::fromJson(test::readFile(path)).object().value(u"findings"_s).toArray();
        QCOMPARE(findings.size(), 3);
        for (const QJsonValue& v : findings) {
            const QJsonObject f = v.toObject();
            const QString user = f.value(u"user"_s).toString();
            QVERIFY2(f.contains(u"risk"_s) && f.contains(u"status"_s) && f.contains(u"new"_s),
                     qPrintable(user));
            QCOMPARE(f.value(u"new"_s).toBool(), cell(*window, user, FindingsModel::New) == u"new"_s);
            QCOMPARE(f.value(u"status"_s).toString(), cell(*window, user, FindingsModel::Status));
            if (user == u"carol"_s) {
                QCOMPARE(f.value(u"owner"_s).toString(), u"olga"_s);
                QCOMPARE(f.value(u"ticket"_s).toString(), u"SEC-9"_s);
                QCOMPARE(f.value(u"note"_s).toString(), u"keys made at night"_s);
            }
        }
    }

private:
    std::unique_ptr<MainWindow> open()
    {
        auto window = test::openWindow({{m_logs}, m_approved, {}, {}, {1400, 900}});
        if (!window)
            return nullptr;
        window->activateWindow();
        if (!QTest::qWaitForWindowActive(window.get()))
            return nullptr;
        window->review()->waitForMarks();
        if (!window->review()->marks())
            return nullptr;
        return window;
    }

    QTemporaryDir m_settings;
    QTemporaryDir m_dir;
    QString m_logs, m_approved, m_review;
};

QTEST_MAIN(TestTriageWindow)
#include "tst_triagewindow.moc"
