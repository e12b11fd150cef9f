// SPDX-License-Identifier: GPL-3.0-or-later

// The review window end to end, offscreen: load the bundled sample, sort, select, approve through
// the real action, undo/redo, and notice a change of the approved CSV made by someone else.

#include "core/detection/detection.h"
#include "core/detection/suppressions.h"
#include "core/lists/approvalservice.h"
#include "core/lists/identitylists.h"
#include "core/version.h"
#include "tests/support/testsupport.h"
#include "tests/support/windowsupport.h"
#include "ui/approvalcontroller.h"
#include "ui/approvedfilewatcher.h"
#include "ui/dialogs/detectionhelpdialog.h"
#include "ui/findingspage.h"
#include "ui/mainwindow.h"
#include "ui/models/eventsmodel.h"
#include "ui/models/findingsmodel.h"
#include "ui/models/findingsproxy.h"
#include "ui/models/loadproblemsmodel.h"
#include "ui/palette.h"
#include "ui/rawrecordpane.h"

#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

#include <sys/stat.h>

#include <cmath>
#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using namespace tw;

namespace {

const QString kSample = tw::test::sampleDir();

QByteArray readBytes(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// As another program would: write a new file and rename it over the old one.
void replaceExternally(const QString& path, const QByteArray& bytes)
{
    QSaveFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
    QVERIFY(file.commit());
}

using test::shownUsers;

using test::onNextModal;

// The text of a message box as a reader sees it (text and informative text).
QString boxText(QWidget* modal)
{
    auto* box = qobject_cast<QMessageBox*>(modal);
    return box ? box->text() + u'\n' + box->informativeText() : QString();
}

// Presses the button of a message box whose label contains `label`, by keyboard (focus + Space).
bool pressButton(QWidget* modal, const QString& label)
{
    for (auto* button : modal->findChildren<QPushButton*>())
        if (button->text().remove(u'&').contains(label)) {
            button->setFocus(Qt::TabFocusReason);
            QTest::keyClick(button, Qt::Key_Space);
            return true;
        }
    return false;
}

// For looking at the screens: TRAILWARDEN_GRAB_DIR=/some/dir ./tst_ui
void grab(QWidget* widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("TRAILWARDEN_GRAB_DIR");
    if (dir.isEmpty())
        return;
    QCoreApplication::processEvents(); // the layout requests posted by the last change
    widget->grab().save(dir + u'/' + name + u".png"_s);
}

} // namespace

class TestUi : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_settings;
    QTemporaryDir m_dir;
    QString m_approved;
    QString m_identities;
    QByteArray m_original;

    // A window on the sample with copies of its lookups (the test writes to the approved one).
    std::unique_ptr<MainWindow> openSample()
    {
        return test::openWindow({{kSample + u"/AWSLogs"_s}, m_approved, m_identities});
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid());
        QCoreApplication::setOrganizationName(u"TrailWardenTest"_s);
        QCoreApplication::setApplicationName(u"tst_ui"_s);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
    }

    void init()
    {
        QSettings().clear();
        m_approved = m_dir.filePath(u"aws_service_accounts.csv"_s);
        m_identities = m_dir.filePath(u"identity_lookup_expanded.csv"_s);
        QFile::remove(m_approved);
        QFile::remove(m_identities);
        QVERIFY(QFile::copy(kSample + u"/lookups/aws_service_accounts.csv"_s, m_approved));
        QVERIFY(QFile::copy(kSample + u"/lookups/identity_lookup_expanded.csv"_s, m_identities));
        QFile(m_approved).setPermissions(QFile::ReadOwner | QFile::WriteOwner);
        m_original = readBytes(m_approved);
        QVERIFY(!m_original.isEmpty());
    }

    void emptyStateWithoutData()
    {
        MainWindow window;
        window.show();
        QVERIFY(!window.reopenLastFolder());
        QVERIFY(!window.session().store());
        QVERIFY(!window.findingsPage()->findingsView()->isVisible());
    }

    void loadSortSelectApproveUndo()
    {
        const auto window = openSample();
        QVERIFY(window);
        QCOMPARE(window->findingsPage()->findingsModel()->rowCount(), 24); // resources/sample/README.md
        QVERIFY(window->findingsPage()->findingsView()->isVisible());
        QVERIFY(window->lastStatus().contains(u"6,000 events"_s) || window->lastStatus().contains(u"6000"_s));

        // Sort by count, descending, through the header as a user would.
        QTableView* view = window->findingsPage()->findingsView();
        view->sortByColumn(FindingsModel::Count, Qt::DescendingOrder);
        QCOMPARE(view->model()->index(0, FindingsModel::User).data().toString(),
                 u"AWSReservedSSO_Billing_12747dfd50eb6c4b"_s); // 596, the largest count
        QCOMPARE(view->model()->index(0, FindingsModel::Count).data(FindingsModel::SortRole).toULongLong(),
                 596u);

        // Select a finding: its events and the first raw record show.
        const QString user = u"AWSServiceRoleForBackup"_s;
        QVERIFY(window->selectUser(user));
        QCOMPARE(window->findingsPage()->eventsModel()->rowCount(), 55);
        window->findingsPage()->rawPane()->waitForRecord();
        QTRY_VERIFY(window->findingsPage()->rawPane()->text().contains(u"\"eventTime\""_s));
        QVERIFY(window->findingsPage()->rawPane()->text().contains(u"\n    \""_s)); // pretty-printed

        // Approve through the real action, with the reason injected where the dialog would ask.
        QStringList asked;
        window->setApprovalPrompt([&asked](const QStringList& identities, const ApprovalRequest& defaults) {
            asked = identities;
            return std::optional<ApprovalRequest>(
                ApprovalRequest{u"service-linked role, SEC-42"_s,
                                defaults.approver.isEmpty() ? u"tester"_s : defaults.approver});
        });
        QVERIFY(window->findingsPage()->approveAction()->isEnabled());
        const QModelIndex selected = view->currentIndex();
        const QString next = view->model()->index(selected.row() + 1, FindingsModel::User).data().toString();
        window->findingsPage()->approveAction()->trigger();
        window->session().waitForRerun(); // the re-run is on a worker
        QCOMPARE(asked, QStringList{user});
        // The next finding becomes current and selected, and the drill-down follows it.
        QTRY_COMPARE(view->currentIndex().siblingAtColumn(FindingsModel::User).data().toString(), next);
        QVERIFY(view->selectionModel()->isRowSelected(view->currentIndex().row(), {}));
        QTRY_VERIFY(window->findingsPage()->eventsModel()->rowCount() > 0);

        const QByteArray afterApprove = readBytes(m_approved);
        // One more identity; the approval columns are added after the existing ones; every earlier
        // identity is still there.
        const LookupLoad before = loadApprovedAccounts(kSample + u"/lookups/aws_service_accounts.csv"_s);
        const LookupLoad after = loadApprovedAccounts(m_approved);
        QVERIFY(after.ok());
        QCOMPARE(after.identities, before.identities + QStringList{user});
        QVERIFY(afterApprove.startsWith("identity,account_type,owner,notes,approved_by,approved_at,reason"));
        QVERIFY(afterApprove.contains("\"service-linked role, SEC-42\""));
        QCOMPARE(window->findingsPage()->findingsModel()->rowCount(), 23);
        QVERIFY(!shownUsers(*window).contains(user));
        QVERIFY(window->lastStatus().contains(user));
        QVERIFY(window->lastApproveUpdateMs() >= 0);
        // Still sorted by count after the incremental update.
        QCOMPARE(view->model()->index(0, FindingsModel::User).data().toString(),
                 u"AWSReservedSSO_Billing_12747dfd50eb6c4b"_s);
        // Our own write is not "changed by someone else".
        window->approvals()->watcher()->checkNow();
        QVERIFY(!window->lastStatus().contains(u"changed on disk"_s));

        // Undo: the file and the row come back.
        QVERIFY(window->undoStack()->canUndo());
        window->undoStack()->undo();
        window->session().waitForRerun(); // the re-run is on a worker
        QCOMPARE(readBytes(m_approved), m_original);
        QCOMPARE(window->findingsPage()->findingsModel()->rowCount(), 24);
        QVERIFY(shownUsers(*window).contains(user));

        // Redo: and go again.
        window->undoStack()->redo();
        window->session().waitForRerun(); // the re-run is on a worker
        QCOMPARE(readBytes(m_approved), afterApprove);
        QCOMPARE(window->findingsPage()->findingsModel()->rowCount(), 23);

        // The last reason is offered for the next approval, never pre-filled (issue 11).
        ApprovalRequest offered;
        window->setApprovalPrompt([&offered](const QStringList&, const ApprovalRequest& defaults) {
            offered = defaults;
            return std::optional<ApprovalRequest>();
        });
        QVERIFY(window->selectUser(u"root"_s));
        window->findingsPage()->approveAction()->trigger();
        window->session().waitForRerun(); // the re-run is on a worker
        QVERIFY(offered.reason.isEmpty());
        QCOMPARE(offered.recentReasons.value(0), u"service-linked role, SEC-42"_s);
        QCOMPARE(readBytes(m_approved), afterApprove); // cancelled: nothing written
    }

    // The re-run after a change on a worker (as with 100k users), forced here: approvals and undos
    // faster than the re-runs leave the window showing exactly what the file says, each stale
    // result dropped, and until then the previous consistent result rather than a mix.
    void rapidApproveAndUndoEndConsistent()
    {
        const auto window = openSample();
        QVERIFY(window);
        window->approvals()->setBackgroundRerunFrom(0);
        window->setApprovalPrompt([](const QStringList&, const ApprovalRequest&) {
            return std::optional<ApprovalRequest>(ApprovalRequest{u"bulk"_s, u"tester"_s});
        });
        const QStringList before = shownUsers(*window);
        QCOMPARE(before.size(), 24);
        const QStringList users = {u"AWSServiceRoleForECS"_s, u"AWSReservedSSO_Billing_12747dfd50eb6c4b"_s,
                                   u"system:serviceaccount:chat:media"_s};
        const auto listed = [this](const QString& user) {
            return readBytes(m_approved).contains(QByteArray(user.toUtf8() + ','));
        };
        for (const QString& user : users) {
            QVERIFY2(window->selectUser(user), qPrintable(user));
            window->findingsPage()->approveAction()->trigger();
            // The write is done at once; the table follows the re-run.
            QVERIFY(listed(user));
        }
        QVERIFY(window->session().rerunPending());
        QCOMPARE(window->findingsPage()->findingsModel()->rowCount(), 24); // not yet: the older result, whole
        window->undoStack()->undo();                                       // the third approval
        window->undoStack()->undo();                                       // the second
        window->undoStack()->redo();                                       // the second again
        QVERIFY(window->session().rerunPending());

        QTRY_VERIFY(!window->session().rerunPending());
        QCoreApplication::processEvents(); // the next-finding selection queued by the approvals
        QVERIFY(listed(users[0]));
        QVERIFY(listed(users[1]));
        QVERIFY(!listed(users[2]));
        QStringList shown = shownUsers(*window);
        QCOMPARE(shown.size(), 22);
        QVERIFY(!shown.contains(users[0]));
        QVERIFY(!shown.contains(users[1]));
        QVERIFY(shown.contains(users[2]));
        QVERIFY2(window->lastStatus().startsWith(u"Redone: Approve "_s) &&
                     window->lastStatus().contains(u"(22 findings)"_s),
                 qPrintable(window->lastStatus()));
        // The same as a re-run from scratch on this thread.
        window->session().rerun();
        QStringList fresh = shownUsers(*window);
        shown.sort();
        fresh.sort();
        QCOMPARE(fresh, shown);
    }

    void approveSeveralAndFilter()
    {
        const auto window = openSample();
        QVERIFY(window);
        // The filter is debounced: nothing changes at once, then it applies.
        QTest::keyClicks(window->findingsPage()->filterEdit(), u"system:serviceaccount"_s);
        QCOMPARE(window->findingsPage()->findingsProxy()->rowCount(), 24);
        QTRY_COMPARE(window->findingsPage()->findingsProxy()->rowCount(), 3);

        window->findingsPage()->findingsView()->selectAll();
        window->setApprovalPrompt([](const QStringList&, const ApprovalRequest&) {
            return std::optional<ApprovalRequest>(ApprovalRequest{u"EKS IRSA"_s, u"tester"_s});
        });
        window->findingsPage()->approveAction()->trigger();
        window->session().waitForRerun(); // the re-run is on a worker
        QCOMPARE(window->findingsPage()->findingsModel()->rowCount(), 21);
        QCOMPARE(window->findingsPage()->findingsProxy()->rowCount(), 0);
        const QByteArray bytes = readBytes(m_approved);
        QVERIFY(bytes.contains("system:serviceaccount:analytics:search,"));
        QVERIFY(bytes.contains("system:serviceaccount:chat:media,"));
        QVERIFY(bytes.contains("system:serviceaccount:crm:reporting,"));
        window->undoStack()->undo();
        window->session().waitForRerun(); // the re-run is on a worker
        QCOMPARE(readBytes(m_approved), m_original);
        QCOMPARE(window->findingsPage()->findingsProxy()->rowCount(), 3);
    }

    void approveAsksForACsvWhenNoneIsSet()
    {
        auto window = std::make_unique<MainWindow>();
        window->show();
        QSignalSpy loaded(window.get(), &MainWindow::loadCompleted);
        // A folder with no lookups next to it: no list is picked up.
        QTemporaryDir data;
        QVERIFY(QFile::copy(
            kSample + u"/AWSLogs/655199147148/CloudTrail/us-east-2/2026/10/02/"
                      u"655199147148_CloudTrail_us-east-2_20261002T1520Z_LcEKnonRAoDnMpm6.json.gz"_s,
            data.filePath(u"one.json.gz"_s)));
        window->openPaths({data.path()});
        QVERIFY(loaded.wait(30000));
        QVERIFY(window->session().approvedPath().isEmpty());
        QVERIFY(window->findingsPage()->findingsModel()->rowCount() > 0);

        const QString created = data.filePath(u"approved.csv"_s);
        window->setCsvPrompt([&created] { return created; });
        window->setApprovalPrompt([](const QStringList&, const ApprovalRequest&) {
            return std::optional<ApprovalRequest>(ApprovalRequest{u"first"_s, u"tester"_s});
        });
        const QString user = window->findingsPage()->findingsView()->model()->index(0, 0).data().toString();
        window->findingsPage()->findingsView()->selectRow(0);
        const int before = window->findingsPage()->findingsModel()->rowCount();
        QObject pending;
        onNextModal(&pending, [](QWidget* modal) { QVERIFY(pressButton(modal, u"Use as New List"_s)); });
        window->findingsPage()->approveAction()->trigger();
        window->session().waitForRerun(); // the re-run is on a worker
        QCOMPARE(window->session().approvedPath(), created);
        QVERIFY(readBytes(created).startsWith("identity,"));
        QVERIFY(readBytes(created).contains(user.toUtf8()));
        QCOMPARE(window->findingsPage()->findingsModel()->rowCount(), before - 1);
        // Remembered for that data folder.
        const QVariantMap lists = QSettings().value(u"dataFolders"_s).toMap().value(data.path()).toMap();
        QCOMPARE(lists.value(u"approved"_s).toString(), created);
        // Undoing the approval that created the file removes it again.
        window->undoStack()->undo();
        window->session().waitForRerun(); // the re-run is on a worker
        QVERIFY(!QFile::exists(created));
        QCOMPARE(window->findingsPage()->findingsModel()->rowCount(), before);
    }

    void externalChangeIsReloaded()
    {
        const auto window = openSample();
        QVERIFY(window);
        QVERIFY(shownUsers(*window).contains(u"root"_s));

        // Someone else approves root (atomic replace, as editors and Splunk do).
        const QByteArray withRoot = m_original + "root,user,secops,break-glass\n";
        replaceExternally(m_approved, withRoot);
        QTRY_VERIFY_WITH_TIMEOUT(!shownUsers(*window).contains(u"root"_s), 5000);
        QVERIFY(window->lastStatus().contains(u"changed on disk"_s));
        QCOMPARE(window->findingsPage()->findingsModel()->rowCount(), 23);

        // The path is watched again after the rename: a second change is noticed too.
        replaceExternally(m_approved, m_original);
        QTRY_VERIFY_WITH_TIMEOUT(shownUsers(*window).contains(u"root"_s), 5000);
        QCOMPARE(window->findingsPage()->findingsModel()->rowCount(), 24);

        // And an in-place edit (no rename).
        {
            QFile file(m_approved);
            QVERIFY(file.open(QIODevice::Append));
            file.write("AWSServiceRoleForSSO,role,sre,\n");
        }
        QTRY_COMPARE_WITH_TIMEOUT(window->findingsPage()->findingsModel()->rowCount(), 23, 5000);
    }

    void loadProblemsAreListed()
    {
        MainWindow window;
        window.show();
        QSignalSpy loaded(&window, &MainWindow::loadCompleted);
        window.openPaths({QStringLiteral(TRAILWARDEN_TEST_DATA "/bad/input")});
        QVERIFY(loaded.wait(30000));
        const auto store = window.session().store();
        QVERIFY(store);
        QVERIFY(store->problems.size() >= 5);
        // Every problem, with its file and reason, in the panel, which opens by itself.
        QCOMPARE(window.problemsModel()->rowCount(), int(store->problems.size()));
        bool sawNotGzip = false;
        for (int row = 0; row < window.problemsModel()->rowCount(); ++row) {
            const QString path = window.problemsModel()->index(row, 0).data().toString();
            const QString message = window.problemsModel()->index(row, 1).data().toString();
            QCOMPARE(path, store->problems[std::size_t(row)].path);
            QCOMPARE(message, store->problems[std::size_t(row)].message);
            QVERIFY(!message.isEmpty());
            sawNotGzip |= path.endsWith(u"not-gzip.json.gz"_s);
        }
        QVERIFY(sawNotGzip);
        auto* dock = window.findChild<QDockWidget*>(u"problemsDock"_s);
        QVERIFY(dock && dock->isVisible());
        QVERIFY(window.lastStatus().contains(u"Load Problems"_s));
        // The rest still loads.
        QCOMPARE(window.findingsPage()->findingsModel()->rowCount(), 2);
    }

    // ux-2026-12 problem 3: a folder holding only a log not named like one is no "0 findings".
    void nothingReadIsNoAllClear()
    {
        QObject pending;
        MainWindow window;
        window.resize(1200, 800);
        window.show();
        QTemporaryDir data;
        QVERIFY(QFile::copy(
            QStringLiteral(TRAILWARDEN_TEST_DATA "/corpus/trailscraper/events-for-smoke-test.json"),
            data.filePath(u"export.log"_s)));
        QSignalSpy loaded(&window, &MainWindow::loadCompleted);
        window.openPaths({data.path()});
        QVERIFY(loaded.wait(30000));
        QVERIFY(window.session().store());
        auto* title = window.findChild<QLabel*>(u"emptyTitle"_s);
        auto* text = window.findChild<QLabel*>(u"emptyText"_s);
        QVERIFY(title && text);
        // In place of the findings table, what was read and what to do.
        QVERIFY(!window.findingsPage()->findingsView()->isVisible());
        QVERIFY(title->isVisible());
        QCOMPARE(title->text(), u"No CloudTrail events were read"_s);
        QVERIFY2(text->text().contains(u"No CloudTrail events were read from "_s +
                                       QDir::toNativeSeparators(data.path()) +
                                       u": 1 file skipped by its name (export.log), 0 failed"_s),
                 qPrintable(text->text()));
        QVERIFY(text->text().contains(u"Open Files"_s));
        QVERIFY(!window.lastStatus().contains(u"0 findings"_s));
        // The skipped file is listed with the reason in Load Problems.
        QCOMPARE(window.problemsModel()->rowCount(), 1);
        QVERIFY(window.problemsModel()->index(0, 0).data().toString().endsWith(u"export.log"_s));
        QVERIFY(window.problemsModel()->index(0, 1).data().toString().startsWith(u"skipped by its name"_s));
        grab(&window, u"nothing-read"_s);

        // A path that does not exist: the same page, with the failure.
        window.openPaths({data.filePath(u"nope"_s)});
        QVERIFY(loaded.wait(30000));
        QVERIFY(!window.findingsPage()->findingsView()->isVisible());
        QVERIFY2(
            text->text().contains(u"no file skipped by its name, 1 failed (nope: no such file or folder)"_s),
            qPrintable(text->text()));

        // Events read: the table, and the banner that nothing is excluded (no list in use).
        QVERIFY(QFile::copy(
            QStringLiteral(TRAILWARDEN_TEST_DATA "/corpus/trailscraper/events-for-smoke-test.json"),
            data.filePath(u"events.json"_s)));
        window.openPaths({data.path()});
        QVERIFY(loaded.wait(30000));
        QVERIFY(window.findingsPage()->findingsView()->isVisible());
        auto* banner = window.findChild<QLabel*>(u"noListsBanner"_s);
        QVERIFY(banner && banner->isVisible());
        QVERIFY(banner->text().contains(u"Nothing is excluded"_s));
        grab(&window, u"no-lists-banner"_s);
        QVERIFY(window.setApprovedPath(m_approved));
        QVERIFY(!banner->isVisible());
    }

    // ux-2026-12 problem 4: an unusable list is refused, by menu, --approved or memory, and the list
    // in force stays.
    void unusableListsAreRefused()
    {
        QObject pending;
        const auto window = openSample();
        QVERIFY(window);
        const int findings = window->findingsPage()->findingsModel()->rowCount();
        const QString bad = m_dir.filePath(u"bad.csv"_s);
        {
            QFile f(bad);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("name,owner\nsvc-a,ops\n");
        }
        const QByteArray badBytes = readBytes(bad);

        // Keep the current list: nothing changes, nothing is written.
        QString seen;
        onNextModal(&pending, [&seen](QWidget* modal) {
            seen = boxText(modal);
            grab(modal, u"list-refused"_s);
            QVERIFY(pressButton(modal, u"Keep the Current List"_s));
        });
        QVERIFY(!window->setApprovedPath(bad));
        QVERIFY2(seen.contains(u"no 'identity' column"_s) && seen.contains(u"The list in force stays"_s),
                 qPrintable(seen));
        QCOMPARE(window->session().approvedPath(), QFileInfo(m_approved).absoluteFilePath());
        QCOMPARE(window->findingsPage()->findingsModel()->rowCount(), findings);
        QCOMPARE(readBytes(bad), badBytes);
        QCOMPARE(readBytes(m_approved), m_original);

        // Choose another CSV… offers the file dialog (the prompt) at once.
        const QString other = m_dir.filePath(u"other.csv"_s);
        QVERIFY(QFile::copy(m_approved, other));
        window->setCsvPrompt([&other] { return other; });
        onNextModal(&pending, [](QWidget* modal) { QVERIFY(pressButton(modal, u"Choose Another CSV"_s)); });
        QVERIFY(window->setApprovedPath(bad));
        QCOMPARE(window->session().approvedPath(), QFileInfo(other).absoluteFilePath());

        // The identity list likewise (a log picked by mistake is not CSV with an identity column).
        const QString log =
            QStringLiteral(TRAILWARDEN_TEST_DATA "/corpus/trailscraper/events-for-smoke-test.json");
        onNextModal(&pending, [&seen](QWidget* modal) {
            seen = boxText(modal);
            QVERIFY(pressButton(modal, u"Keep the Current List"_s));
        });
        QVERIFY(!window->setIdentityPath(log));
        QVERIFY2(seen.contains(u"identity list"_s), qPrintable(seen));
        QCOMPARE(window->session().identityPath(), QFileInfo(m_identities).absoluteFilePath());

        // Remembered for a folder: refused on open too, and the list in force stays.
        QTemporaryDir data;
        QVERIFY(QFile::copy(
            kSample + u"/AWSLogs/655199147148/CloudTrail/us-east-2/2026/10/02/"
                      u"655199147148_CloudTrail_us-east-2_20261002T1520Z_LcEKnonRAoDnMpm6.json.gz"_s,
            data.filePath(u"one.json.gz"_s)));
        QVariantMap all;
        all.insert(data.path(), QVariantMap{{u"approved"_s, bad}, {u"identities"_s, QString()}});
        QSettings().setValue(u"dataFolders"_s, all);
        bool refused = false;
        onNextModal(&pending, [&refused](QWidget* modal) {
            refused = boxText(modal).contains(u"bad.csv"_s);
            QTest::keyClick(modal, Qt::Key_Escape);
        });
        QSignalSpy loaded(window.get(), &MainWindow::loadCompleted);
        window->openPaths({data.path()});
        QVERIFY(loaded.wait(30000));
        QVERIFY(refused);
        QCOMPARE(window->session().approvedPath(), QFileInfo(other).absoluteFilePath());
    }

    // ux-2026-12 problem 16: the window asks before a new list is started.
    void newListIsCreatedOnlyWhenConfirmed()
    {
        QObject pending;
        const auto window = openSample();
        QVERIFY(window);
        const QString fresh = m_dir.filePath(u"fresh.csv"_s);
        QFile::remove(fresh);
        window->setCsvPrompt([&fresh] { return fresh; });
        QString asked;
        onNextModal(&pending, [&asked](QWidget* modal) {
            asked = boxText(modal);
            QTest::keyClick(modal, Qt::Key_Escape);
        });
        QAction* choose = nullptr;
        for (QAction* a : window->findChildren<QAction*>())
            if (a->text().remove(u'&').startsWith(u"Choose Approved Accounts CSV"_s))
                choose = a;
        QVERIFY(choose);
        choose->trigger();
        QVERIFY2(asked.contains(u"does not exist"_s), qPrintable(asked));
        QCOMPARE(window->session().approvedPath(), QFileInfo(m_approved).absoluteFilePath());
        onNextModal(&pending, [](QWidget* modal) { QVERIFY(pressButton(modal, u"Use as New List"_s)); });
        choose->trigger();
        QCOMPARE(window->session().approvedPath(), fresh);
        QVERIFY(!QFile::exists(fresh)); // created by the first approval, not before

        // Given as --approved (or remembered) it asks the same; declined, the list in force stays.
        const QString typo = m_dir.filePath(u"typo.csv"_s);
        asked.clear();
        onNextModal(&pending, [&asked](QWidget* modal) {
            asked = boxText(modal);
            QTest::keyClick(modal, Qt::Key_Escape);
        });
        QVERIFY(!window->setApprovedPath(typo));
        QVERIFY(asked.contains(u"typo.csv does not exist"_s));
        QCOMPARE(window->session().approvedPath(), fresh);
        QVERIFY(!QFile::exists(typo));
    }

    void reloadKeepsTheCurrentFinding()
    {
        const auto window = openSample();
        QVERIFY(window);
        QVERIFY(window->selectUser(u"helen.suzuki"_s));
        QSignalSpy loaded(window.get(), &MainWindow::loadCompleted);
        for (QAction* a : window->findChildren<QAction*>())
            if (a->text() == u"&Reload Logs")
                a->trigger();
        QVERIFY(loaded.wait(30000));
        QCOMPARE(window->findingsPage()->findingsView()->currentIndex().siblingAtColumn(0).data().toString(),
                 u"helen.suzuki"_s);
        QTRY_COMPARE(window->findingsPage()->eventsModel()->rowCount(), 280);
    }

    void explicitListsAreRememberedForTheFolder()
    {
        // The sample has its own lookups beside it; lists chosen before opening win, with no
        // "found lookups" message, and the next window on that folder takes them again.
        {
            const auto window = openSample();
            QVERIFY(window);
            QCOMPARE(window->session().approvedPath(), m_approved);
            QVERIFY(!window->lastStatus().contains(u"Using the lookups"_s));
        }
        MainWindow window;
        window.show();
        QSignalSpy loaded(&window, &MainWindow::loadCompleted);
        window.openPaths({kSample + u"/AWSLogs"_s});
        QVERIFY(loaded.wait(30000));
        QCOMPARE(window.session().approvedPath(), m_approved);
        QCOMPARE(window.session().identityPath(), m_identities);
    }

    void secondLoadReplacesFirst()
    {
        MainWindow window;
        window.show();
        QSignalSpy loaded(&window, &MainWindow::loadCompleted);
        window.openPaths({kSample + u"/AWSLogs"_s});
        window.openPaths({QStringLiteral(TRAILWARDEN_TEST_DATA "/bad/input")});
        QVERIFY(loaded.wait(30000));
        QTRY_VERIFY(!window.session().isLoading());
        QCOMPARE(window.session().store()->counts.events, 2u);
        QCOMPARE(window.findingsPage()->findingsModel()->rowCount(), 2);
    }

    void openTheSample()
    {
        // From the empty state, on first start: the sample opens with both lists, and approvals
        // go to a private copy, never to the bundled list.
        QStandardPaths::setTestModeEnabled(true);
        const QString copies =
            QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/sample"_s;
        QDir(copies).removeRecursively();
        MainWindow window;
        window.show();
        auto* button = window.findChild<QPushButton*>(u"openSampleButton"_s);
        QVERIFY(button);
        QSignalSpy loaded(&window, &MainWindow::loadCompleted);
        button->click();
        QVERIFY(loaded.wait(30000));
        QCOMPARE(window.findingsPage()->findingsModel()->rowCount(), 24);
        QCOMPARE(window.session().approvedPath(), copies + u"/aws_service_accounts.csv"_s);
        const QByteArray bundled = readBytes(kSample + u"/lookups/aws_service_accounts.csv"_s);
        QVERIFY(window.selectUser(u"AWSServiceRoleForBackup"_s));
        window.setApprovalPrompt([](const QStringList&, const ApprovalRequest&) {
            return std::optional<ApprovalRequest>(ApprovalRequest{u"trying it"_s, u"tester"_s});
        });
        window.findingsPage()->approveAction()->trigger();
        window.session().waitForRerun(); // the re-run is on a worker
        QCOMPARE(window.findingsPage()->findingsModel()->rowCount(), 23);
        QCOMPARE(readBytes(kSample + u"/lookups/aws_service_accounts.csv"_s), bundled);
        QVERIFY(readBytes(window.session().approvedPath()).contains("trying it"));
        QDir(copies).removeRecursively();
    }

    void cancelKeepsThePreviousData()
    {
        MainWindow window;
        window.show();
        QSignalSpy loaded(&window, &MainWindow::loadCompleted);
        QPushButton* cancel = nullptr;
        for (QPushButton* b : window.findChildren<QPushButton*>())
            if (b->text() == u"Cancel")
                cancel = b;
        QVERIFY(cancel);
        QVERIFY(!cancel->isVisible());

        window.openPaths({kSample + u"/AWSLogs"_s});
        QVERIFY(cancel->isVisible()); // progress and Cancel show while loading
        cancel->click();
        QVERIFY(loaded.wait(30000));
        QCOMPARE(loaded.takeFirst().at(0).toBool(), true);
        QVERIFY(!cancel->isVisible());
        QVERIFY(!window.session().store());
        QVERIFY(!window.findingsPage()->findingsView()->isVisible()); // still the empty state
        QVERIFY(window.lastStatus().contains(u"cancelled"_s));

        // A complete load, then a cancelled one: the first one's findings stay.
        window.openPaths({QStringLiteral(TRAILWARDEN_TEST_DATA "/bad/input")});
        QVERIFY(loaded.wait(30000));
        QCOMPARE(window.findingsPage()->findingsModel()->rowCount(), 2);
        loaded.clear();
        window.openPaths({kSample + u"/AWSLogs"_s});
        cancel->click();
        QVERIFY(loaded.wait(30000));
        QCOMPARE(loaded.takeFirst().at(0).toBool(), true);
        QCOMPARE(window.findingsPage()->findingsModel()->rowCount(), 2);
        QVERIFY(window.lastStatus().contains(u"previous data"_s));
    }

    void rulesAndLocalTime()
    {
        const auto window = openSample();
        QVERIFY(window);
        const int ta7 = window->findingsPage()->findingsModel()->rowCount();
        auto* legacy = window->findChildren<QAction*>().at(0);
        for (QAction* a : window->findChildren<QAction*>())
            if (a->text().contains(u"Legacy"_s))
                legacy = a;
        QVERIFY(legacy->text().contains(u"Legacy"_s));
        legacy->trigger();
        QCOMPARE(window->session().rules(), RuleSet::Legacy);
        QCOMPARE(window->findingsPage()->findingsModel()->result()->rules, RuleSet::Legacy);
        QVERIFY(window->findingsPage()->findingsModel()->rowCount() != ta7);
        QVERIFY(window->lastStatus().contains(u"rules"_s));
        // The drill-down follows the rules too.
        QVERIFY(window->selectUser(u"root"_s));
        const quint32 user =
            window->findingsPage()->findingsView()->currentIndex().data(FindingsModel::UserIdRole).toUInt();
        QCOMPARE(quint64(window->findingsPage()->eventsModel()->rowCount()),
                 quint64(eventsOfUser(*window->session().store(), RuleSet::Legacy, user).size()));

        QAction* local = nullptr;
        for (QAction* a : window->findChildren<QAction*>())
            if (a->text().contains(u"Local Time"_s))
                local = a;
        QVERIFY(local);
        local->trigger();
        QVERIFY(window->findingsPage()
                    ->findingsView()
                    ->model()
                    ->headerData(FindingsModel::FirstSeen, Qt::Horizontal)
                    .toString()
                    .contains(u"local"_s));
        const QString time =
            window->findingsPage()->eventsView()->model()->index(0, EventsModel::Time).data().toString();
        QVERIFY2(time.size() == 25, qPrintable(time));
    }

    void approveByKeyboard()
    {
        const auto window = openSample();
        QVERIFY(window);
        window->activateWindow();
        window->findingsPage()->findingsView()->setFocus();
        QVERIFY(window->selectUser(u"AWSServiceRoleForSSO"_s));
        bool asked = false;
        window->setApprovalPrompt([&asked](const QStringList&, const ApprovalRequest&) {
            asked = true;
            return std::optional<ApprovalRequest>(ApprovalRequest{u"SSO service-linked role"_s, u"tester"_s});
        });
        QTest::keyClick(window->findingsPage()->findingsView(), Qt::Key_Return, Qt::ControlModifier);
        window->session().waitForRerun(); // the re-run is on a worker
        QVERIFY(asked);
        window->session().waitForRerun(); // the re-run is on a worker
        QVERIFY(!shownUsers(*window).contains(u"AWSServiceRoleForSSO"_s));
        QTest::keyClick(window->findingsPage()->findingsView(), Qt::Key_Z, Qt::ControlModifier);
        window->session().waitForRerun(); // the re-run is on a worker
        QVERIFY(shownUsers(*window).contains(u"AWSServiceRoleForSSO"_s));
        QCOMPARE(readBytes(m_approved), m_original);
        QTest::keyClick(window->findingsPage()->findingsView(), Qt::Key_Z,
                        Qt::ControlModifier | Qt::ShiftModifier);
        window->session().waitForRerun();
        QVERIFY(!shownUsers(*window).contains(u"AWSServiceRoleForSSO"_s));
    }

    void sortAndLayoutArePersisted()
    {
        {
            const auto window = openSample();
            QVERIFY(window);
            window->findingsPage()->findingsView()->sortByColumn(FindingsModel::LastSeen,
                                                                 Qt::DescendingOrder);
            window->findingsPage()->findingsView()->horizontalHeader()->resizeSection(FindingsModel::Accounts,
                                                                                      77);
            window->close();
        }
        const auto window = openSample();
        QVERIFY(window);
        QHeaderView* header = window->findingsPage()->findingsView()->horizontalHeader();
        QCOMPARE(header->sortIndicatorSection(), int(FindingsModel::LastSeen));
        QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
        QCOMPARE(header->sectionSize(FindingsModel::Accounts), 77);
        const QAbstractItemModel* proxy = window->findingsPage()->findingsView()->model();
        QVERIFY(proxy->index(0, FindingsModel::LastSeen).data(FindingsModel::SortRole).toLongLong() >=
                proxy->index(1, FindingsModel::LastSeen).data(FindingsModel::SortRole).toLongLong());
        QCOMPARE(QSettings().value(u"recentFolders"_s).toStringList().value(0),
                 QFileInfo(kSample + u"/AWSLogs"_s).absoluteFilePath());
    }

    void darkPaletteIsReadable()
    {
        // WCAG contrast of the pairs the window draws text with, in the --dark palette.
        const auto luminance = [](const QColor& c) {
            const auto channel = [](double v) {
                return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
            };
            return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
        };
        const auto contrast = [&](const QColor& a, const QColor& b) {
            const double la = luminance(a), lb = luminance(b);
            return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
        };
        const QPalette p = darkPalette();
        const std::pair<QPalette::ColorRole, QPalette::ColorRole> pairs[] = {
            {QPalette::Text, QPalette::Base},
            {QPalette::Text, QPalette::AlternateBase},
            {QPalette::WindowText, QPalette::Window},
            {QPalette::ButtonText, QPalette::Button},
            {QPalette::HighlightedText, QPalette::Highlight},
            {QPalette::ToolTipText, QPalette::ToolTipBase},
            {QPalette::PlaceholderText, QPalette::Window}, // the lists line above the findings
            {QPalette::PlaceholderText, QPalette::Base},
        };
        for (const auto& [fg, bg] : pairs) {
            const double ratio = contrast(p.color(fg), p.color(bg));
            QVERIFY2(ratio >= 4.5, qPrintable(u"%1 on %2: %3"_s.arg(int(fg)).arg(int(bg)).arg(ratio)));
        }
        // And the window actually takes it (nothing hard-coded to the light colours).
        QApplication::setPalette(p);
        MainWindow window;
        window.show();
        QCOMPARE(window.findingsPage()->findingsView()->palette().color(QPalette::Base),
                 p.color(QPalette::Base));
        QApplication::setPalette(QApplication::style()->standardPalette());
    }

    void dialogs()
    {
        ApproveDialog dialog({u"AWSServiceRoleForBackup"_s, u"a&b<script>"_s}, u"/tmp/approved.csv"_s,
                             {QString(), u"alice"_s});
        dialog.show();
        auto* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        QVERIFY(!ok->isEnabled()); // a reason is required
        auto edits = dialog.findChildren<QLineEdit*>();
        // The expiry's date field holds a line edit of its own; the text fields are reason and approver.
        edits.removeIf([](QLineEdit* e) { return qobject_cast<QAbstractSpinBox*>(e->parentWidget()); });
        QCOMPARE(edits.size(), 2);
        QTest::keyClicks(edits[0], u"ticket SEC-1"_s);
        QVERIFY(ok->isEnabled());
        QCOMPARE(dialog.request().reason, u"ticket SEC-1"_s);
        QCOMPARE(dialog.request().approver, u"alice"_s);

        DetectionHelpDialog help;
        help.show();
        QCOMPARE(help.findChild<QTabWidget*>()->count(), 2);

        // For looking at them: TRAILWARDEN_GRAB_DIR=/some/dir ./tst_ui dialogs
        const QString grabDir = qEnvironmentVariable("TRAILWARDEN_GRAB_DIR");
        if (!grabDir.isEmpty()) {
            dialog.grab().save(grabDir + u"/approve-dialog.png"_s);
            help.grab().save(grabDir + u"/help-detection.png"_s);
            help.findChild<QTabWidget*>()->setCurrentIndex(1);
            help.grab().save(grabDir + u"/help-rules.png"_s);
            MainWindow empty;
            empty.resize(900, 560);
            empty.show();
            empty.grab().save(grabDir + u"/empty.png"_s);
        }
    }

    void rawRecordOfEveryShape()
    {
        // Every input shape, the lookup-events one with its record embedded as a JSON string: the
        // raw pane shows each event's own object, pretty-printed, as valid JSON.
        MainWindow window;
        window.show();
        QSignalSpy loaded(&window, &MainWindow::loadCompleted);
        window.openPaths({QStringLiteral(TRAILWARDEN_TEST_DATA "/spec/shapes")});
        QVERIFY(loaded.wait(30000));
        QVERIFY(window.findingsPage()->findingsModel()->rowCount() > 0);
        int checked = 0;
        for (int row = 0; row < window.findingsPage()->findingsModel()->rowCount(); ++row) {
            QVERIFY(window.selectUser(window.findingsPage()->findingsModel()->userAt(row)));
            for (int e = 0; e < window.findingsPage()->eventsModel()->rowCount(); ++e) {
                const auto event = window.findingsPage()
                                       ->eventsModel()
                                       ->index(e, 0)
                                       .data(EventsModel::EventIndexRole)
                                       .toUInt();
                window.findingsPage()->rawPane()->showRecord(window.session().store(), event);
                window.findingsPage()->rawPane()->waitForRecord();
                QJsonParseError error;
                const QJsonDocument doc =
                    QJsonDocument::fromJson(window.findingsPage()->rawPane()->text().toUtf8(), &error);
                QVERIFY2(doc.isObject(), qPrintable(error.errorString() + u": "_s +
                                                    window.findingsPage()->rawPane()->text()));
                QVERIFY(doc.object().contains(u"eventTime"_s));
                QCOMPARE(
                    doc.object().value(u"eventName"_s).toString(),
                    window.findingsPage()->eventsModel()->index(e, EventsModel::EventName).data().toString());
                ++checked;
            }
        }
        QVERIFY(checked >= 10);
    }

    void dropOpensFiles()
    {
        MainWindow window;
        window.show();
        QSignalSpy loaded(&window, &MainWindow::loadCompleted);
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(QStringLiteral(TRAILWARDEN_TEST_DATA "/spec/username-root.json"))});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&window, &drop);
        QVERIFY(loaded.wait(30000));
        QVERIFY(window.session().store());
        QCOMPARE(window.session().store()->files.size(), std::size_t(1));
        // Not a local file: refused.
        QMimeData remote;
        remote.setUrls({QUrl(u"https://example.invalid/x.json"_s)});
        QDragEnterEvent refused(QPoint(10, 10), Qt::CopyAction, &remote, Qt::LeftButton, Qt::NoModifier);
        refused.setAccepted(false);
        QCoreApplication::sendEvent(&window, &refused);
        QVERIFY(!refused.isAccepted());
    }

    // A failed write is a modal error that names the file and the reason, not a status-bar line,
    // and nothing is written: here the audit log cannot be written (a folder in its place), so
    // the approval is refused before the CSV changes. Before, the CSV was written and only the
    // status bar mentioned the audit log.
    void failedApprovalIsAModalError()
    {
        const QString audit = ApprovalService::auditPathFor(m_approved);
        QFile::remove(audit);
        QVERIFY(QDir().mkpath(audit));
        const auto window = openSample();
        QVERIFY(window);
        QVERIFY(window->selectUser(u"AWSServiceRoleForECS"_s));
        window->setApprovalPrompt([](const QStringList&, const ApprovalRequest&) {
            return std::optional<ApprovalRequest>(ApprovalRequest{u"slr"_s, u"tester"_s});
        });
        window->findingsPage()->approveAction()->trigger();
        window->session().waitForRerun(); // the re-run is on a worker
        QCOMPARE(readBytes(m_approved), m_original);
        QTRY_VERIFY(QApplication::activeModalWidget() != nullptr);
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        QVERIFY(box);
        QCOMPARE(box->objectName(), u"writeError"_s);
        QVERIFY2(box->text().contains(m_approved) && box->text().contains(u"is a folder"_s),
                 qPrintable(box->text()));
        // To look at it: TRAILWARDEN_TEST_SCREENSHOTS=<folder>.
        if (const QString shots = qEnvironmentVariable("TRAILWARDEN_TEST_SCREENSHOTS"); !shots.isEmpty())
            QVERIFY(box->grab().save(shots + u"/write-error.png"_s));
        box->accept();
        QCOMPARE(window->undoStack()->count(), 0);
        QVERIFY(QDir(audit).removeRecursively());
    }

    // The window loads `<csv>.suppressions.json` by itself: a FIFO there hung the window, a device
    // aborted it. Now it is refused with a message and the rest loads.
    void suppressionsFifoBesideTheListDoesNotHang()
    {
        const QString rules = tw::suppressionsPathFor(m_approved);
        QFile::remove(rules);
        QCOMPARE(::mkfifo(QFile::encodeName(rules).constData(), 0600), 0);
        const auto window = openSample();
        QVERIFY(window);
        QVERIFY(window->session().result());
        QTRY_COMPARE(window->session().suppressionsPath(), rules);
        QVERIFY2(window->session().suppressions().error.contains(u"not a regular file"_s),
                 qPrintable(window->session().suppressions().error));
        QFile::remove(rules);
    }

    void undoRefusesToOverwriteAnExternalChange()
    {
        const auto window = openSample();
        QVERIFY(window);
        QVERIFY(window->selectUser(u"AWSServiceRoleForECS"_s));
        window->setApprovalPrompt([](const QStringList&, const ApprovalRequest&) {
            return std::optional<ApprovalRequest>(ApprovalRequest{u"slr"_s, u"tester"_s});
        });
        window->findingsPage()->approveAction()->trigger();
        window->session().waitForRerun(); // the re-run is on a worker
        const QByteArray external = readBytes(m_approved) + "jrogers,user,hr,\n";
        // Written and undone before the watcher's debounce runs: restore() itself must refuse.
        {
            QFile file(m_approved);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(external);
        }
        window->undoStack()->undo();
        window->session().waitForRerun(); // the re-run is on a worker
        QCOMPARE(readBytes(m_approved), external);
        QVERIFY(window->lastStatus().contains(u"Cannot undo"_s));
        QTRY_COMPARE(window->undoStack()->count(), 0);
    }

    // Help ▸ About TrailWarden names the version and the licence.
    void aboutNamesTheLicence()
    {
        MainWindow window;
        window.show();
        QAction* about = nullptr;
        for (QAction* action : window.findChildren<QAction*>())
            if (action->menuRole() == QAction::AboutRole)
                about = action;
        QVERIFY(about);
        QString text;
        QTimer poll;
        int tries = 0;
        connect(&poll, &QTimer::timeout, &window, [&] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (box) {
                text = box->text();
                // For looking at it: TRAILWARDEN_GRAB_DIR=/some/dir ./tst_ui aboutNamesTheLicence
                if (const QString dir = qEnvironmentVariable("TRAILWARDEN_GRAB_DIR"); !dir.isEmpty())
                    box->grab().save(dir + u"/about.png"_s);
            }
            if (QWidget* modal = QApplication::activeModalWidget(); modal && (box || ++tries > 100))
                modal->close();
        });
        poll.start(20);
        about->trigger();
        poll.stop();
        QVERIFY2(text.contains(u"GPL-3.0-or-later"_s), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral(TRAILWARDEN_VERSION)), qPrintable(text));
    }
};

QTEST_MAIN(TestUi)
#include "tst_ui.moc"
