// SPDX-License-Identifier: GPL-3.0-or-later

// The re-run after a change of the approved list, in the window (issue 13: a 100,000-user import
// must stay responsive while the analyst approves). The CSV is written at once, on the UI thread, as
// before; the detection then re-runs on a worker (counted, not timed), the status bar says the
// findings are updating, and the table follows when the result arrives, with the selection and the
// scroll position kept. A re-run overtaken by a newer change is dropped; a failed write is the
// dialog and nothing else.

#include "core/analysissession.h"
#include "core/lists/approvalservice.h"
#include "tests/support/testsupport.h"
#include "tests/support/windowsupport.h"
#include "ui/approvalcontroller.h"
#include "ui/findingspage.h"
#include "ui/mainwindow.h"
#include "ui/models/findingsmodel.h"

#include <QDir>
#include <QLabel>
#include <QMessageBox>
#include <QPixmap>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <memory>

using namespace tw;
using namespace Qt::StringLiterals;

namespace {

constexpr int kUsers = 300;

// An Athena result of the exported query, as bench/gen_engine_result.py makes them: user-NNN with
// counts that differ, so that the default sort (risk, then count) is not the user order.
QByteArray athenaResult()
{
    QByteArray csv = "\"user\",\"count\",\"readonlycount\",\"firsttime\",\"lasttime\",\"eventname\"\n";
    for (int i = 0; i < kUsers; ++i)
        csv += QStringLiteral("\"user-%1\",\"%2\",\"%2\",\"2026-10-03 00:00:00\",\"2026-10-04 00:00:00\","
                              "\"[\"\"GetObject\"\"]\"\n")
                   .arg(i, 3, 10, QChar(u'0'))
                   .arg(1 + (i * 37) % 101)
                   .toUtf8();
    return csv;
}

using test::shownUsers;

bool listed(const QString& csv, const QString& user)
{
    return test::readFile(csv).contains(QByteArray(user.toUtf8() + ','));
}

} // namespace

class TestRerun : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_approved;
    QString m_result;

    std::unique_ptr<MainWindow> open()
    {
        test::WindowFiles files;
        files.paths = {m_result};
        files.approved = m_approved;
        // Tall enough for the findings table to show several rows beside the import's banner and
        // the drill-down (at 1200x800 it showed two, and keeping the current row visible scrolled).
        files.size = {1400, 1000};
        auto window = test::openWindow(files);
        if (window)
            window->setApprovalPrompt([](const QStringList&, const ApprovalRequest&) {
                return std::optional<ApprovalRequest>(ApprovalRequest{u"batch job"_s, u"tester"_s});
            });
        return window;
    }

    static QLabel* indicator(const MainWindow& window)
    {
        return window.findChild<QLabel*>(u"rerunIndicator"_s);
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_approved = m_dir->filePath(u"approved.csv"_s);
        m_result = m_dir->filePath(u"athena-result.csv"_s);
        QVERIFY(test::writeFile(m_approved, "identity\nsomeone-else\n"));
        QVERIFY(test::writeFile(m_result, athenaResult()));
    }

    // Approve, undo, redo and revoke each write the file before returning and re-run the detection
    // on a worker: none on the UI thread. Meanwhile the table shows the previous result and the
    // status bar says it is updating.
    void everyChangeRerunsOnAWorker()
    {
        const auto window = open();
        QVERIFY(window);
        AnalysisSession& session = window->session();
        QLabel* updating = indicator(*window);
        QVERIFY(updating);
        QVERIFY(updating->isHidden());
        QCOMPARE(shownUsers(*window).size(), kUsers);
        const quint64 ownerThread = session.ownerThreadDetections();
        const quint64 workers = session.workerDetections();

        const QString user = u"user-150"_s;
        QVERIFY(window->selectUser(user));
        const auto step = [&](const char* what, const std::function<void()>& act, bool shownAfter) {
            act();
            QVERIFY2(session.rerunPending(), what);
            QVERIFY2(!updating->isHidden(), what);
            QVERIFY2(updating->text().contains(u"Updating"_s), qPrintable(updating->text()));
            // For looking at the screen: TRAILWARDEN_GRAB_DIR=/some/dir ./tst_rerun
            if (const QString dir = qEnvironmentVariable("TRAILWARDEN_GRAB_DIR"); !dir.isEmpty())
                window->grab().save(
                    QDir(dir).filePath(u"rerun-pending-%1.png"_s.arg(QString::fromLatin1(what))));
            // The previous result until the new one is in force.
            QVERIFY2(shownUsers(*window).contains(user) == !shownAfter, what);
            session.waitForRerun();
            QVERIFY2(!session.rerunPending(), what);
            QVERIFY2(updating->isHidden(), what);
            QVERIFY2(shownUsers(*window).contains(user) == shownAfter, what);
        };

        step(
            "approve", [&] { window->approveSelected(); }, false);
        QVERIFY(listed(m_approved, user));
        QCOMPARE(shownUsers(*window).size(), kUsers - 1);
        QVERIFY2(window->lastStatus().startsWith(u"Approved user-150 in approved.csv"_s),
                 qPrintable(window->lastStatus()));

        step(
            "undo", [&] { window->undoStack()->undo(); }, true);
        QVERIFY(!listed(m_approved, user));
        step(
            "redo", [&] { window->undoStack()->redo(); }, false);
        QVERIFY(listed(m_approved, user));
        step(
            "revoke", [&] { QVERIFY(window->approvals()->revoke({user}, u"wrong"_s, u"tester"_s)); }, true);
        QVERIFY(!listed(m_approved, user));

        QCOMPARE(session.ownerThreadDetections(), ownerThread);
        QCOMPARE(session.workerDetections(), workers + 4);
    }

    // Two approvals faster than the re-runs: the first one's result is older than the file by the
    // time it arrives, so it is never shown; the table goes straight to the second's.
    void supersededRerunIsDropped()
    {
        const auto window = open();
        QVERIFY(window);
        AnalysisSession& session = window->session();
        const quint64 workers = session.workerDetections();
        QSignalSpy results(&session, &AnalysisSession::resultChanged);
        QSignalSpy removed(window->findingsPage()->findingsModel(), &QAbstractItemModel::rowsRemoved);

        QVERIFY(window->approvals()->approve({u"user-010"_s}, u"first"_s, u"tester"_s));
        QVERIFY(window->approvals()->approve({u"user-020"_s}, u"second"_s, u"tester"_s));
        QVERIFY(session.rerunPending());

        // Both ran to the end; only the newer one was put in force.
        QTRY_COMPARE(session.workerDetections(), workers + 2);
        session.waitForRerun();
        QCoreApplication::processEvents();
        QCOMPARE(results.count(), 1);
        const QStringList shown = shownUsers(*window);
        QCOMPARE(shown.size(), kUsers - 2);
        QVERIFY(!shown.contains(u"user-010"_s));
        QVERIFY(!shown.contains(u"user-020"_s));
        QVERIFY(window->lastStatus().startsWith(u"Approved user-020"_s));
        // The rows left the table once each, from the newest result only.
        QCOMPARE(removed.count(), 2);
    }

    // The approved row leaves the table when the result arrives; the next row is current and
    // selected, and the table does not scroll.
    void selectionAndScrollKeptAfterApprove()
    {
        const auto window = open();
        QVERIFY(window);
        QTableView* view = window->findingsPage()->findingsView();
        const QAbstractItemModel* proxy = view->model();
        const int row = kUsers / 2;
        const QString user = proxy->index(row, FindingsModel::User).data().toString();
        const QString next = proxy->index(row + 1, FindingsModel::User).data().toString();
        QVERIFY(window->selectUser(user));
        view->scrollTo(view->currentIndex(), QAbstractItemView::PositionAtCenter);
        QCoreApplication::processEvents();
        const int scroll = view->verticalScrollBar()->value();
        QVERIFY(scroll > 0);

        window->approveSelected();
        QVERIFY(window->session().rerunPending());
        window->session().waitForRerun();
        QCoreApplication::processEvents(); // the selection of the next finding, queued by the approval

        QVERIFY(!shownUsers(*window).contains(user));
        QCOMPARE(view->currentIndex().siblingAtColumn(FindingsModel::User).data().toString(), next);
        QCOMPARE(view->currentIndex().row(), row);
        QVERIFY(view->selectionModel()->isRowSelected(row, {}));
        QCOMPARE(view->selectionModel()->selectedRows().size(), 1);
        QCOMPARE(view->verticalScrollBar()->value(), scroll);
    }

    // The write fails (the audit log cannot be written): the window-modal dialog names the file, and
    // nothing else happens: no re-run, no undo step, the file and the findings as they were.
    void failedWriteIsTheDialogAndNothingElse()
    {
        const auto window = open();
        QVERIFY(window);
        AnalysisSession& session = window->session();
        QVERIFY(QDir().mkpath(ApprovalService::auditPathFor(m_approved)));
        const QByteArray before = test::readFile(m_approved);
        const quint64 ownerThread = session.ownerThreadDetections();
        const quint64 workers = session.workerDetections();
        QSignalSpy results(&session, &AnalysisSession::resultChanged);

        QVERIFY(window->selectUser(u"user-150"_s));
        window->approveSelected();

        auto* box = window->findChild<QMessageBox*>(u"writeError"_s);
        QVERIFY(box);
        QVERIFY(box->isVisible());
        QCOMPARE(box->windowModality(), Qt::WindowModal);
        QVERIFY2(box->text().contains(m_approved), qPrintable(box->text()));
        QVERIFY(!session.rerunPending());
        QVERIFY(indicator(*window)->isHidden());
        QCOMPARE(test::readFile(m_approved), before);
        QCOMPARE(window->undoStack()->count(), 0);
        QVERIFY(window->lastStatus().startsWith(u"Nothing approved: "_s));
        QCoreApplication::processEvents();
        QCOMPARE(results.count(), 0);
        QCOMPARE(session.ownerThreadDetections(), ownerThread);
        QCOMPARE(session.workerDetections(), workers);
        QVERIFY(shownUsers(*window).contains(u"user-150"_s));
        box->close();
    }
};

QTEST_MAIN(TestRerun)
#include "tst_rerun.moc"
