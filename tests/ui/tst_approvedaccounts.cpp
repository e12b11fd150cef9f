// SPDX-License-Identifier: GPL-3.0-or-later

// The "Approved accounts" tab and the list-stewardship dialogs, offscreen, through the real window,
// actions, shortcuts and dialogs: health flags on a hand-made fixture (the data set of
// tst_stewardship), revoke + undo byte for byte, expiry making a finding come back marked, the
// baseline as a reviewed diff, suppression rules, and 50 approvals by keyboard, timed.

#include "core/common/timeutil.h"
#include "core/detection/suppressions.h"
#include "core/lists/approvalservice.h"
#include "core/lists/identitylists.h"
#include "tests/support/testsupport.h"
#include "tests/support/windowsupport.h"
#include "ui/approvalcontroller.h"
#include "ui/approvedaccountspanel.h"
#include "ui/dialogs/approvedialog.h"
#include "ui/dialogs/baselinedialog.h"
#include "ui/dialogs/expirydialog.h"
#include "ui/dialogs/reasondialog.h"
#include "ui/dialogs/suppressionsdialog.h"
#include "ui/findingspage.h"
#include "ui/mainwindow.h"
#include "ui/models/approvedaccountsmodel.h"
#include "ui/models/approvedaccountsproxy.h"
#include "ui/models/findingsmodel.h"
#include "ui/models/findingsproxy.h"
#include "ui/models/loadproblemsmodel.h"
#include "ui/workerpool.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <QUndoStack>

#include <algorithm>
#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using namespace tw;

namespace {

const QString kSample = tw::test::sampleDir();

QByteArray trailEvent(const QByteArray& user, const QByteArray& time, const QByteArray& name, bool readOnly,
                      int n)
{
    return R"({"eventVersion":"1.08","userIdentity":{"type":"IAMUser","userName":")" + user +
           R"("},"eventTime":")" + time + R"(","eventSource":"iam.amazonaws.com","eventName":")" + name +
           R"(","awsRegion":"us-east-1","readOnly":)" + (readOnly ? "true" : "false") + R"(,"eventID":"e-)" +
           QByteArray::number(n) + "\"}\n";
}

// One record of each principal class (docs/detection.md, Principal classes), all in the last 30 days.
QByteArray classDataSet()
{
    int n = 100;
    auto rec = [&n](const QByteArray& identity, const QByteArray& name,
                    const QByteArray& extra = {}) -> QByteArray {
        ++n;
        return R"({"eventVersion":"1.08","userIdentity":)" + identity + R"(,"eventTime":"2026-02-2)" +
               QByteArray::number(n % 8) + R"(T10:00:00Z","eventSource":"iam.amazonaws.com","eventName":")" +
               name + R"(","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.9","eventID":"c-)" +
               QByteArray::number(n) + "\"" + extra + "}\n";
    };
    auto role = [](const QByteArray& r, const QByteArray& session) -> QByteArray {
        return R"({"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/)" + r + "/" + session +
               R"(","sessionContext":{"sessionIssuer":{"type":"Role","userName":")" + r + "\"}}}";
    };
    QByteArray d;
    d += rec(R"({"type":"Root","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333"})",
             "ListBuckets");
    for (int i = 0; i < 3; ++i)
        d += rec(R"({"type":"IAMUser","userName":"helen.suzuki"})", "ConsoleLogin",
                 R"(,"responseElements":{"ConsoleLogin":"Success"})");
    d += rec(role("AWSServiceRoleForECS", "ecs-service-scheduler"), "DescribeTasks");
    d += rec(R"({"type":"AWSService","invokedBy":"lambda.amazonaws.com"})", "AssumeRole",
             R"(,"requestParameters":{"roleArn":"arn:aws:iam::111122223333:role/thumbnailer-role"})");
    d += rec(role("thumbnailer-role", "thumbnailer"), "PutObject");
    d += rec(
        R"({"type":"WebIdentityUser","userName":"repo:example-org/api:ref:refs/heads/main","identityProvider":"token.actions.githubusercontent.com"})",
        "AssumeRoleWithWebIdentity");
    d += rec(role("OrganizationAccountAccessRole", "break-glass"), "CreateUser");
    d += rec(R"({"type":"IAMUser","userName":"app-user"})", "GetObject");
    return d;
}

// The stewardship fixture of tst_stewardship (tests/support).
const QByteArray kApproved = tw::test::stewardshipApproved();
const QByteArray kIdentities = tw::test::stewardshipIdentities();

const QDateTime kNow(QDate(2026, 3, 2), QTime(12, 0), Qt::UTC);

QByteArray readBytes(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeBytes(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(bytes);
}

// Runs `act` on the next modal dialog as soon as it is shown (the action under test opens it with
// exec(), which does not return until `act` closes it).
// The timers of a test, deleted after it: a failed test must not act on the next test's dialogs.
std::unique_ptr<QObject> g_pending;

void onNextModal(std::function<void(QWidget*)> act)
{
    test::onNextModal(g_pending.get(), std::move(act));
}

// The offscreen platform has no window manager to give the activation back to the window when
// a modal dialog closes, as a desktop does; window shortcuts (Ctrl+Z, Ctrl+Return) need it.
void reactivate(MainWindow& window)
{
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
}

// For looking at the dialogs: TRAILWARDEN_GRAB_DIR=/some/dir ./tst_approvedaccounts
void grab(QWidget* widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("TRAILWARDEN_GRAB_DIR");
    if (dir.isEmpty())
        return;
    QCoreApplication::processEvents(); // the layout requests posted by the last change
    widget->grab().save(dir + u'/' + name + u".png"_s);
}

// The deliberate way to press Approve / Apply, never the default button in these dialogs: move the
// focus to it and press Space (the offscreen platform does not deliver mnemonics such as Alt+A).
void pressButton(QPushButton* button)
{
    QVERIFY(button->isEnabled());
    button->setFocus(Qt::TabFocusReason);
    QTest::keyClick(button, Qt::Key_Space);
}

// The tab computes the list health when it is shown.
ApprovedAccountsPanel* panelOf(const MainWindow& window)
{
    auto* panel = window.findChild<ApprovedAccountsPanel*>();
    window.tabs()->setCurrentWidget(panel);
    return panel;
}

int rowOf(const ApprovedAccountsModel* model, const QString& identity)
{
    for (int row = 0; row < model->rowCount(); ++row)
        if (model->index(row, 0).data(ApprovedAccountsModel::IdentityRole).toString() == identity)
            return row;
    return -1;
}

int flagsOf(const ApprovedAccountsModel* model, const QString& identity)
{
    const int row = rowOf(model, identity);
    return row < 0 ? -1 : model->index(row, 0).data(ApprovedAccountsModel::FlagsRole).toInt();
}

// The Expiry dialog's Set button and the note under the date that says why it is disabled.
QPushButton* okOf(QDialog* dialog)
{
    return dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
}

QString noteOf(QDialog* dialog)
{
    const auto* note = dialog->findChild<QLabel*>(u"expiryNote"_s);
    return note && note->isVisible() ? note->text() : u"<no note>"_s;
}

} // namespace

class TestApprovedAccounts : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_settings;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_logs, m_approved, m_identities;

    std::unique_ptr<MainWindow> open(const QStringList& paths, const QDateTime& now = kNow)
    {
        return test::openWindow({paths, m_approved, m_identities, now, {1400, 900}});
    }

    std::unique_ptr<MainWindow> openFixture() { return open({m_logs}); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid());
        QCoreApplication::setOrganizationName(u"TrailWardenTest"_s);
        QCoreApplication::setApplicationName(u"tst_approvedaccounts"_s);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
        qputenv("USER", "tester"); // the approver the dialogs propose
    }

    void cleanup() { g_pending.reset(); }

    void init()
    {
        g_pending = std::make_unique<QObject>();
        QSettings().clear();
        m_dir = std::make_unique<QTemporaryDir>();
        m_logs = m_dir->filePath(u"events.jsonl"_s);
        m_approved = m_dir->filePath(u"aws_service_accounts.csv"_s);
        m_identities = m_dir->filePath(u"identities.csv"_s);
        writeBytes(m_logs, tw::test::stewardshipEvents());
        writeBytes(m_approved, kApproved);
        writeBytes(m_identities, kIdentities);
    }

    // The health pass (O(entries x users)) over a large data set runs on a worker (issue 16): the
    // tab shows the previous snapshot until the new one arrives, and a superseded pass is dropped.
    void healthPassRunsOnWorker()
    {
        const auto window = openFixture();
        QVERIFY(window);
        auto* panel = window->findChild<ApprovedAccountsPanel*>();
        panel->setHealthWorkerThreshold(0);
        QSignalSpy reset(panel->model(), &QAbstractItemModel::modelReset);
        window->tabs()->setCurrentWidget(panel);
        QVERIFY(panel->healthPending());
        QCOMPARE(panel->model()->rowCount(), 0);
        QCOMPARE(reset.count(), 0);
        panel->refresh(); // supersedes the pass started by showing the tab
        panel->waitForHealth();
        QVERIFY(!panel->healthPending());
        windowWorkers()->waitForDone();
        QCoreApplication::processEvents();
        QCOMPARE(reset.count(), 1);
        const ApprovedAccountsModel* m = panel->model();
        QCOMPARE(m->rowCount(), 8);
        QCOMPARE(flagsOf(m, u"svc-deploy"_s), int(ApprovedAccountsModel::Duplicate));
        QCOMPARE(flagsOf(m, u"deploy-bot"_s),
                 ApprovedAccountsModel::NeverMatched | ApprovedAccountsModel::NearMiss);
        QVERIFY(window->tabs()->tabText(1).startsWith(u"Approved accounts (8"_s));
    }

    void modelPassesTheTester()
    {
        const auto window = openFixture();
        QVERIFY(window);
        ApprovedAccountsPanel* panel = panelOf(*window);
        QVERIFY(panel);
        QAbstractItemModelTester modelTester(panel->model(),
                                             QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(panel->proxy(),
                                             QAbstractItemModelTester::FailureReportingMode::QtTest);
        panel->view()->sortByColumn(ApprovedAccountsModel::LastSeen, Qt::DescendingOrder);
        panel->chip(ApprovedAccountsModel::NeverMatched)->setChecked(true);
        panel->staleDaysBox()->setValue(30);
        window->session().rerun();
        panel->chip(ApprovedAccountsModel::NeverMatched)->setChecked(false);
    }

    void flagsOnTheFixture()
    {
        const auto window = openFixture();
        QVERIFY(window);
        QTabWidget* tabs = window->tabs();
        QCOMPARE(tabs->currentIndex(), 0);
        // Hidden, the tab does not pay for the health pass (O(entries x users)); shown, it does.
        QCOMPARE(window->findChild<ApprovedAccountsPanel*>()->model()->rowCount(), 0);
        QCOMPARE(tabs->tabText(1), u"Approved accounts (8)"_s);
        ApprovedAccountsPanel* panel = panelOf(*window);
        QCOMPARE(tabs->count(), 3); // Findings, Approved accounts, Events with Value (the pivots)
        QCOMPARE(tabs->tabText(0), u"Findings"_s);
        QVERIFY(tabs->tabText(1).startsWith(u"Approved accounts (8"_s));

        const ApprovedAccountsModel* m = panel->model();
        QCOMPARE(m->rowCount(), 8);
        using M = ApprovedAccountsModel;
        QCOMPARE(flagsOf(m, u"svc-deploy"_s), int(M::Duplicate));
        QCOMPARE(flagsOf(m, u"svc-old"_s), int(M::Stale));
        QCOMPARE(flagsOf(m, u"svc-*"_s), int(M::Wildcard));
        QCOMPARE(flagsOf(m, u"deploy-bot"_s), M::NeverMatched | M::NearMiss);
        QCOMPARE(flagsOf(m, u"backup-agnet"_s), M::NeverMatched | M::NearMiss);
        QCOMPARE(flagsOf(m, u"SVC-DEPLOY"_s), int(M::Duplicate));
        QCOMPARE(flagsOf(m, u"expired-svc"_s), int(M::Expired));
        QCOMPARE(flagsOf(m, u"ghost"_s), int(M::NeverMatched));

        // What the cells say: provenance, counts, the near-miss and what the wildcard matches.
        const int deployBot = rowOf(m, u"deploy-bot"_s);
        QCOMPARE(m->index(deployBot, M::Matches).data().toString(), u"≈ deploy_bot"_s);
        QCOMPARE(m->index(deployBot, M::Reason).data().toString(), u"bot"_s);
        QCOMPARE(m->index(deployBot, M::ApprovedBy).data().toString(), u"erin"_s);
        QCOMPARE(m->index(deployBot, 0).data(M::NearMissRole).toString(), u"deploy_bot"_s);
        const int wildcard = rowOf(m, u"svc-*"_s);
        QCOMPARE(m->index(wildcard, M::Matches).data().toString(), u"svc-deploy, svc-old"_s);
        QVERIFY(
            m->index(wildcard, M::Matches).data(Qt::ToolTipRole).toString().contains(u"2 observed users"_s));
        QCOMPARE(m->index(wildcard, M::MatchedEvents).data(M::SortRole).toULongLong(), 3ULL);
        const int old = rowOf(m, u"svc-old"_s);
        QCOMPARE(m->index(old, M::LastSeen).data().toString(), u"2025-09-01T10:00:00"_s);
        QVERIFY(m->index(old, M::Flags).data().toString().startsWith(u"stale 18"_s)); // 181 days
        QCOMPARE(m->index(rowOf(m, u"expired-svc"_s), M::Expires).data().toString(), u"2026-01-31"_s);
        QCOMPARE(m->index(rowOf(m, u"ghost"_s), M::Line).data().toLongLong(), 9LL);

        // Chips: any checked flag; text filter on top.
        ApprovedAccountsProxy* proxy = panel->proxy();
        QVERIFY(panel->chip(M::NeverMatched)->text().endsWith(u" 3"_s));
        panel->chip(M::NeverMatched)->setChecked(true);
        QCOMPARE(proxy->rowCount(), 3);
        panel->chip(M::NearMiss)->setChecked(true);
        QCOMPARE(proxy->rowCount(), 3);
        panel->chip(M::NeverMatched)->setChecked(false);
        QCOMPARE(proxy->rowCount(), 2);
        panel->chip(M::NearMiss)->setChecked(false);
        panel->chip(M::Duplicate)->setChecked(true);
        QCOMPARE(proxy->rowCount(), 2);
        panel->chip(M::Duplicate)->setChecked(false);
        // The filter is debounced as the findings' is: nothing changes at once, then it applies.
        QTest::keyClicks(panel->filterEdit(), u"frank"_s); // the approver of SVC-DEPLOY
        QCOMPARE(proxy->rowCount(), 8);
        QTRY_COMPARE(proxy->rowCount(), 1);
        panel->filterEdit()->clear();
        QTRY_COMPARE(proxy->rowCount(), 8);

        // Stale is configurable and remembered.
        panel->staleDaysBox()->setValue(365);
        QCOMPARE(flagsOf(m, u"svc-old"_s), 0);
        QCOMPARE(QSettings().value(u"approvedAccounts/staleDays"_s).toInt(), 365);
        {
            const auto second = openFixture();
            QCOMPARE(panelOf(*second)->staleDaysBox()->value(), 365);
        }

        // Sorting by a number sorts numerically.
        panel->view()->sortByColumn(M::MatchedEvents, Qt::DescendingOrder);
        QCOMPARE(proxy->index(0, M::Identity).data().toString(), u"svc-*"_s);
    }

    void revokeAndUndoRestoreTheBytes()
    {
        const auto window = openFixture();
        QVERIFY(window);
        ApprovedAccountsPanel* panel = panelOf(*window);
        window->tabs()->setCurrentWidget(panel);
        const QByteArray original = readBytes(m_approved);
        QVERIFY(panel->selectIdentity(u"ghost"_s));
        panel->view()->selectionModel()->select(
            panel->proxy()->mapFromSource(panel->model()->index(rowOf(panel->model(), u"svc-old"_s), 0)),
            QItemSelectionModel::Select | QItemSelectionModel::Rows);
        // In view order: Identity sorts by name.
        QCOMPARE(panel->selectedIdentities(), QStringList({u"ghost"_s, u"svc-old"_s}));
        panel->view()->setFocus();

        bool asked = false;
        onNextModal([&asked](QWidget* modal) {
            asked = true;
            auto* dialog = qobject_cast<ReasonDialog*>(modal);
            QVERIFY(dialog);
            QVERIFY(dialog->windowTitle().contains(u"2"_s));
            grab(dialog, u"revoke"_s);
            QTest::keyClicks(dialog->focusWidget(), u"decommissioned, SEC-77"_s);
            QTest::keyClick(dialog->focusWidget(), Qt::Key_Return);
        });
        reactivate(*window);
        QTest::keyClick(panel->view(), Qt::Key_Delete);
        window->session().waitForRerun(); // the re-run is on a worker
        QVERIFY(asked);
        reactivate(*window);
        const QByteArray revoked = readBytes(m_approved);
        QVERIFY(!revoked.contains("ghost"));
        QVERIFY(!revoked.contains("svc-old,"));
        QCOMPARE(panel->model()->rowCount(), 6);
        const QByteArray audit = readBytes(ApprovalService::auditPathFor(m_approved));
        QVERIFY(audit.contains("decommissioned, SEC-77"));
        QCOMPARE(QSettings().value(u"approvedAccounts/lastRevokeReason"_s).toString(),
                 u"decommissioned, SEC-77"_s);
        // svc-old is still covered by svc-*: no new finding.
        QVERIFY(!test::findingUsers(*window).contains(u"svc-old"_s));

        QTest::keyClick(panel->view(), Qt::Key_Z, Qt::ControlModifier);
        window->session().waitForRerun(); // the re-run is on a worker
        QCOMPARE(readBytes(m_approved), original);
        QCOMPARE(panel->model()->rowCount(), 8);
        window->undoStack()->redo();
        window->session().waitForRerun(); // the re-run is on a worker
        QCOMPARE(readBytes(m_approved), revoked);

        // A duplicate: revoke removes every row of the identity, and the dialog says so first.
        QVERIFY(panel->selectIdentity(u"SVC-DEPLOY"_s));
        onNextModal([](QWidget* modal) {
            QStringList texts;
            for (const QLabel* label : modal->findChildren<QLabel*>())
                texts << label->text();
            QVERIFY(texts.join(u' ').contains(u"duplicates included"_s));
            qobject_cast<QDialog*>(modal)->reject();
        });
        panel->revokeAction()->trigger();
        window->session().waitForRerun(); // the re-run is on a worker
        QCOMPARE(readBytes(m_approved), revoked);

        // Revoking the wildcard brings its users back as findings.
        QVERIFY(panel->selectIdentity(u"svc-*"_s));
        onNextModal([](QWidget* modal) {
            QTest::keyClicks(modal->focusWidget(), u"too broad"_s);
            QTest::keyClick(modal->focusWidget(), Qt::Key_Return);
        });
        panel->revokeAction()->trigger();
        window->session().waitForRerun(); // the re-run is on a worker
        QVERIFY(test::findingUsers(*window).contains(u"svc-old"_s));
        QVERIFY(!test::findingUsers(*window).contains(u"svc-deploy"_s)); // its own entry remains
        window->undoStack()->undo();
        window->session().waitForRerun(); // the re-run is on a worker
        window->undoStack()->undo();
        window->session().waitForRerun(); // the re-run is on a worker
        QCOMPARE(readBytes(m_approved), original);
    }

    // A write from this tab re-reads both lists, as one from the Findings tab does: a list that
    // broke meanwhile must reach the Load Problems panel at once, and leave it once it is fixed
    // (the tab's writes used to skip that refresh; only the next Findings approval showed it).
    void approvedTabWriteRefreshesLookupProblems()
    {
        const auto window = openFixture();
        QVERIFY(window);
        ApprovedAccountsPanel* panel = panelOf(*window);
        const LoadProblemsModel* problems = window->problemsModel();
        const auto namesIdentityList = [problems] {
            for (int row = 0; row < problems->rowCount(); ++row) {
                const QString path = problems->index(row, LoadProblemsModel::Path).data().toString();
                if (path.endsWith(u"identities.csv"_s))
                    return true;
            }
            return false;
        };
        QVERIFY(!namesIdentityList());

        // Someone breaks the identity list (no `identity` column): the revoke's re-run reads it.
        writeBytes(m_identities, "email\nalice@example.com\n");
        QVERIFY(panel->selectIdentity(u"ghost"_s));
        onNextModal([](QWidget* modal) {
            QTest::keyClicks(modal->focusWidget(), u"gone"_s);
            QTest::keyClick(modal->focusWidget(), Qt::Key_Return);
        });
        panel->revokeAction()->trigger();
        window->session().waitForRerun(); // the re-run is on a worker
        QVERIFY(!readBytes(m_approved).contains("ghost"));
        QVERIFY(namesIdentityList());
        auto* dock = window->findChild<QDockWidget*>(u"problemsDock"_s);
        QVERIFY(dock && dock->isVisible());

        // Fixed, then the revoke undone: the re-run reads a good list and the problem goes.
        writeBytes(m_identities, kIdentities);
        window->undoStack()->undo();
        window->session().waitForRerun(); // the re-run is on a worker
        QVERIFY(readBytes(m_approved).contains("ghost"));
        QVERIFY(!namesIdentityList());
    }

    void editReasonKeepsTheSelection()
    {
        const auto window = openFixture();
        QVERIFY(window);
        ApprovedAccountsPanel* panel = panelOf(*window);
        window->tabs()->setCurrentWidget(panel);
        QVERIFY(panel->selectIdentity(u"deploy-bot"_s));
        panel->view()->setFocus();
        onNextModal([](QWidget* modal) {
            auto* edit = qobject_cast<QLineEdit*>(modal->focusWidget());
            QVERIFY(edit);
            QCOMPARE(edit->text(), u"bot"_s); // the current reason, selected
            QCOMPARE(edit->selectedText(), u"bot"_s);
            QTest::keyClick(edit, Qt::Key_End);
            QTest::keyClicks(edit, u" (SEC-9)"_s);
            QTest::keyClick(edit, Qt::Key_Return);
        });
        QTest::keyClick(panel->view(), Qt::Key_F2);
        window->session().waitForRerun(); // the re-run is on a worker
        QVERIFY(readBytes(m_approved).contains("deploy-bot,erin,2025-06-01T00:00:00Z,bot (SEC-9),"));
        QCOMPARE(panel->selectedIdentities(), QStringList({u"deploy-bot"_s}));
    }

    void expiryBringsTheFindingBackMarked()
    {
        const auto window = openFixture();
        QVERIFY(window);
        ApprovedAccountsPanel* panel = panelOf(*window);
        window->tabs()->setCurrentWidget(panel);

        // expired-svc's approval ended 2026-01-31: a finding, marked.
        const auto expiredMark = [&window]() -> QString {
            const FindingsModel* m = window->findingsPage()->findingsModel();
            for (int row = 0; row < m->rowCount(); ++row)
                if (m->userAt(row) == u"expired-svc")
                    return m->index(row, 0).data(FindingsModel::ExpiredApprovalRole).toString();
            return u"<no finding>"_s;
        };
        QCOMPARE(expiredMark(), u"expired-svc"_s);
        window->tabs()->setCurrentIndex(0);
        grab(window->findingsPage()->findingsView(), u"findings-expired"_s);
        window->tabs()->setCurrentWidget(panel);
        const FindingsModel* fm = window->findingsPage()->findingsModel();
        for (int row = 0; row < fm->rowCount(); ++row) {
            const QModelIndex user = fm->index(row, FindingsModel::User);
            const bool expired = fm->userAt(row) == u"expired-svc";
            QCOMPARE(!user.data(Qt::DecorationRole).isNull(), expired);
            QCOMPARE(user.data(Qt::ToolTipRole).toString().contains(u"Approval expired"_s), expired);
        }

        // Renew it for a month by keyboard: Ctrl+Shift+E, the date, Enter. A month from the real
        // today (UTC): the dialog and the write refuse a date already past.
        const QDate renewed = QDateTime::currentDateTimeUtc().date().addDays(30);
        QVERIFY(panel->selectIdentity(u"expired-svc"_s));
        panel->view()->setFocus();
        onNextModal([renewed](QWidget* modal) {
            auto* dialog = qobject_cast<ExpiryDialog*>(modal);
            QVERIFY(dialog);
            QVERIFY(!dialog->noExpiryBox()->isChecked());
            QCOMPARE(dialog->dateEdit()->date(), QDate(2026, 1, 31));
            dialog->dateEdit()->setDate(renewed);
            grab(dialog, u"expiry"_s);
            QTest::keyClick(dialog->dateEdit(), Qt::Key_Return);
        });
        QTest::keyClick(panel->view(), Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
        window->session().waitForRerun(); // the re-run is on a worker
        QVERIFY(readBytes(m_approved)
                    .contains(QByteArray("expired-svc,erin,2025-06-01T00:00:00Z,temporary," +
                                         renewed.toString(Qt::ISODate).toLatin1() + "\n")));
        QCOMPARE(expiredMark(), u"<no finding>"_s);
        QCOMPARE(flagsOf(panel->model(), u"expired-svc"_s), 0);

        // Time passes: past the new date the user comes back, marked again, and the tab says expired.
        window->session().setNow(QDateTime(renewed.addDays(1), QTime(0, 0, 1), Qt::UTC));
        window->session().rerun();
        QCOMPARE(expiredMark(), u"expired-svc"_s);
        QCOMPARE(flagsOf(panel->model(), u"expired-svc"_s), int(ApprovedAccountsModel::Expired));
        // The filter box finds lapsed approvals.
        window->findingsPage()->filterEdit()->setText(u"approval expired"_s);
        QTRY_COMPARE(window->findingsPage()->findingsProxy()->rowCount(), 1);

        // No expiry: the approval holds for good.
        QVERIFY(panel->selectIdentity(u"expired-svc"_s));
        onNextModal([](QWidget* modal) {
            auto* dialog = qobject_cast<ExpiryDialog*>(modal);
            QVERIFY(dialog);
            QTest::keyClick(dialog->noExpiryBox(), Qt::Key_Space);
            QVERIFY(dialog->noExpiryBox()->isChecked());
            QVERIFY(!dialog->dateEdit()->isEnabled());
            QTest::keyClick(dialog->noExpiryBox(), Qt::Key_Return);
        });
        panel->editExpiryAction()->trigger();
        window->session().waitForRerun(); // the re-run is on a worker
        QVERIFY(readBytes(m_approved).contains("expired-svc,erin,2025-06-01T00:00:00Z,temporary,\n"));
        QCOMPARE(expiredMark(), u"<no finding>"_s);
    }

    // Set Expiry is walked with Tab in the order it reads: the date, No expiry, By, then the buttons,
    // the date being one stop (QDateEdit took Tab to step through its year, month and day: three
    // presses to leave one field). Its sections are still reached from the keyboard as in any
    // QDateEdit (Ctrl+Left/Right, or the cursor keys), and Up/Down step the one selected.
    void expiryDialogTabLeavesTheDateInOnePress()
    {
        const auto window = openFixture();
        QVERIFY(window);
        // Active, so that Ctrl+Shift+E reaches it on a real display too.
        window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window.get()));
        ApprovedAccountsPanel* panel = panelOf(*window);
        window->tabs()->setCurrentWidget(panel);
        QVERIFY(panel->selectIdentity(u"expired-svc"_s));
        panel->view()->setFocus();
        bool seen = false;
        onNextModal([&seen](QWidget* modal) {
            auto* dialog = qobject_cast<ExpiryDialog*>(modal);
            QVERIFY(dialog);
            seen = true;
            QDateEdit* date = dialog->dateEdit();
            QCOMPARE(dialog->focusWidget(), date); // it has a date: the dialog opens on it
            date->setDate(QDate(2030, 5, 10));     // a date Set takes (a disabled button is no stop)
            auto* by = dialog->findChild<QLineEdit*>();
            const QList<QPushButton*> buttons = test::dialogButtons(dialog);
            QCOMPARE(buttons.size(), 2);
            const QList<QWidget*> order{date, dialog->noExpiryBox(), by, buttons[0], buttons[1], date};
            const QString problem = test::tabOrderProblem(dialog, order);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
            // The day, month and year are still set from the keyboard, and Ctrl+Right goes from one
            // to the next inside the date (QDateEdit's way) without leaving it.
            QCOMPARE(dialog->focusWidget(), date);
            QTest::keyClick(date, Qt::Key_Home);
            QCOMPARE(date->currentSection(), QDateTimeEdit::YearSection);
            QTest::keyClick(date, Qt::Key_Up);
            QTest::keyClick(date, Qt::Key_Right, Qt::ControlModifier);
            QTest::keyClick(date, Qt::Key_Up);
            QTest::keyClick(date, Qt::Key_Right, Qt::ControlModifier);
            QTest::keyClick(date, Qt::Key_Up);
            QCOMPARE(date->date(), QDate(2031, 6, 11));
            QCOMPARE(dialog->focusWidget(), date);
            QTest::keyClick(dialog, Qt::Key_Escape);
        });
        QTest::keyClick(panel->view(), Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(seen);
        QCOMPARE(readBytes(m_approved), kApproved);
    }

    // An existing approval's expiry may not be set to a day already past (as the Approve dialog and
    // the service refuse it for a new one): written, it would end the approval at once and bring the
    // user back as a finding, a change of the detection made by a date typo.
    void expiryInThePastIsRefused()
    {
        const auto window = openFixture();
        QVERIFY(window);
        ApprovedAccountsPanel* panel = panelOf(*window);
        const QDate today = QDateTime::currentDateTimeUtc().date();

        QVERIFY(panel->selectIdentity(u"svc-deploy"_s));
        panel->view()->setFocus();
        bool seen = false;
        onNextModal([&seen, today](QWidget* modal) {
            auto* dialog = qobject_cast<ExpiryDialog*>(modal);
            QVERIFY(dialog);
            seen = true;
            // svc-deploy has no expiry: "No expiry" is ticked; untick it and choose yesterday (UTC):
            // Set disabled, the reason in sight; Enter does nothing.
            QVERIFY(dialog->noExpiryBox()->isChecked());
            QTest::keyClick(dialog->noExpiryBox(), Qt::Key_Space);
            QVERIFY(dialog->dateEdit()->isEnabled());
            dialog->dateEdit()->setFocus();
            dialog->dateEdit()->setDate(today.addDays(-1));
            QVERIFY(!okOf(dialog)->isEnabled());
            QVERIFY2(noteOf(dialog).contains(today.addDays(-1).toString(Qt::ISODate) + u" is in the past"_s),
                     qPrintable(noteOf(dialog)));
            grab(dialog, u"expiry-past"_s);
            QTest::keyClick(dialog->dateEdit(), Qt::Key_Return);
            QVERIFY(dialog->isVisible());
            // Today holds through its end: allowed; so is No expiry.
            dialog->dateEdit()->setDate(today);
            QVERIFY(okOf(dialog)->isEnabled());
            QVERIFY(!noteOf(dialog).contains(u"in the past"_s));
            dialog->dateEdit()->setDate(today.addDays(-400));
            QVERIFY(!okOf(dialog)->isEnabled());
            QTest::keyClick(dialog->noExpiryBox(), Qt::Key_Space);
            QVERIFY(okOf(dialog)->isEnabled());
            QTest::keyClick(dialog->noExpiryBox(), Qt::Key_Space);
            QVERIFY(!okOf(dialog)->isEnabled());
            QTest::keyClick(dialog, Qt::Key_Escape);
        });
        QTest::keyClick(panel->view(), Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(seen);
        QCOMPARE(readBytes(m_approved), kApproved);

        // An approval that has already lapsed opens on its own date, refused until a later one is set.
        QVERIFY(panel->selectIdentity(u"expired-svc"_s));
        seen = false;
        onNextModal([&seen](QWidget* modal) {
            auto* dialog = qobject_cast<ExpiryDialog*>(modal);
            QVERIFY(dialog);
            seen = true;
            QCOMPARE(dialog->dateEdit()->date(), QDate(2026, 1, 31));
            QVERIFY(!okOf(dialog)->isEnabled());
            QVERIFY(noteOf(dialog).contains(u"2026-01-31 is in the past"_s));
            QTest::keyClick(dialog, Qt::Key_Escape);
        });
        panel->editExpiryAction()->trigger();
        QVERIFY(seen);

        // The write itself refuses it too (ApprovalService::update): no change, no undo step.
        const int steps = window->undoStack()->count();
        QVERIFY(!window->approvals()->update({u"svc-deploy"_s}, u"expires"_s,
                                             today.addDays(-1).toString(Qt::ISODate), u"tester"_s));
        QVERIFY(!window->approvals()->update({u"svc-deploy"_s}, u"expires"_s, u"soon"_s, u"tester"_s));
        QCOMPARE(readBytes(m_approved), kApproved);
        QCOMPARE(window->undoStack()->count(), steps);
    }

    void approveWhatANearMissMeant()
    {
        const auto window = openFixture();
        QVERIFY(window);
        ApprovedAccountsPanel* panel = panelOf(*window);
        window->tabs()->setCurrentWidget(panel);
        QVERIFY(test::findingUsers(*window).contains(u"deploy_bot"_s));
        QVERIFY(panel->selectIdentity(u"deploy-bot"_s));
        QVERIFY(panel->approveObservedAction()->isEnabled());
        QCOMPARE(panel->approveObservedAction()->text(), u"Approve deploy_bot…"_s);
        onNextModal([](QWidget* modal) {
            QVERIFY(qobject_cast<ApproveDialog*>(modal));
            QTest::keyClicks(modal->focusWidget(), u"the real bot account"_s);
            QTest::keyClick(modal->focusWidget(), Qt::Key_Return);
        });
        panel->approveObservedAction()->trigger();
        window->session().waitForRerun(); // the re-run is on a worker
        QVERIFY(readBytes(m_approved).contains("\ndeploy_bot,tester,"));
        QVERIFY(!test::findingUsers(*window).contains(u"deploy_bot"_s));
        // deploy-bot now is a near-miss of nobody unapproved: only "never matched" is left.
        QCOMPARE(flagsOf(panel->model(), u"deploy-bot"_s), int(ApprovedAccountsModel::NeverMatched));
    }

    void baselineAppliesTheTickedItems()
    {
        const auto window = openFixture();
        QVERIFY(window);
        ApprovedAccountsPanel* panel = panelOf(*window);
        const QByteArray original = readBytes(m_approved);
        QVERIFY(panel->baselineAction()->isEnabled());

        onNextModal([](QWidget* modal) {
            auto* dialog = qobject_cast<BaselineDialog*>(modal);
            QVERIFY(dialog);
            // Default window: the last 30 days of the data, from midnight.
            QCOMPARE(formatSplunkTime(dialog->diff().from), u"2026-01-30T00:00:00"_s);
            // IAM users with no sign of who they are: unknown, so none is proposed (ticked).
            QVERIFY(dialog->checkedAdds().isEmpty());
            QCOMPARE(dialog->reviewGroup()->childCount(), 4);
            QCOMPARE(dialog->diff().drop,
                     QStringList({u"svc-old"_s, u"svc-*"_s, u"deploy-bot"_s, u"backup-agnet"_s, u"ghost"_s}));
            QVERIFY(dialog->checkedDrops().isEmpty()); // dropping is a choice
            // A wider window sees svc-old too.
            QVERIFY(dialog->setSince(u"365d"_s));
            QVERIFY(!dialog->diff().drop.contains(u"svc-old"_s));
            QVERIFY(!dialog->setSince(u"soon"_s));
            QVERIFY(dialog->setSince(u"30d"_s));
            // Review: the three service accounts are ticked by hand; carol is a person; ghost goes.
            QTreeWidgetItem* adds = dialog->reviewGroup();
            QTreeWidgetItem* drops = dialog->dropsGroup();
            for (int i = 0; i < adds->childCount(); ++i)
                if (adds->child(i)->text(0) != u"carol")
                    adds->child(i)->setCheckState(0, Qt::Checked);
            QCOMPARE(dialog->checkedAdds(),
                     QStringList({u"backup-agent"_s, u"ci-runner-1"_s, u"deploy_bot"_s}));
            for (int i = 0; i < drops->childCount(); ++i)
                if (drops->child(i)->text(0) == u"ghost")
                    drops->child(i)->setCheckState(0, Qt::Checked);
            QCOMPARE(dialog->checkedDrops(), QStringList({u"ghost"_s}));
            QCOMPARE(dialog->request().reason, u"baseline 2026-01-30 to 2026-03-01"_s);
            grab(dialog, u"baseline"_s);
            dialog->accept();
        });
        panel->baselineAction()->trigger();
        window->session().waitForRerun(); // the re-run is on a worker

        const QByteArray after = readBytes(m_approved);
        for (const char* added : {"\nbackup-agent,tester,", "\nci-runner-1,tester,", "\ndeploy_bot,tester,"})
            QVERIFY2(after.contains(added), added);
        QVERIFY(!after.contains("carol"));
        QVERIFY(!after.contains("ghost"));
        QVERIFY(after.contains("\nsvc-old,")); // not ticked: kept
        QCOMPARE(test::findingUsers(*window), QStringList({u"carol"_s, u"expired-svc"_s}));
        // One undo step for the whole apply.
        QCOMPARE(window->undoStack()->count(), 1);
        window->undoStack()->undo();
        window->session().waitForRerun(); // the re-run is on a worker
        QCOMPARE(readBytes(m_approved), original);

        // Cancel writes nothing.
        onNextModal([](QWidget* modal) { qobject_cast<QDialog*>(modal)->reject(); });
        panel->baselineAction()->trigger();
        window->session().waitForRerun(); // the re-run is on a worker
        QCOMPARE(readBytes(m_approved), original);
    }

    // ux-2026-12 problem 11: a rule needs a reason, shows what it hides before it is saved, is saved
    // under the list's lock with an audit entry, and is one undo step.
    void suppressionEditorRoundTrip()
    {
        const auto window = openFixture();
        QVERIFY(window);
        ApprovedAccountsPanel* panel = panelOf(*window);
        const QString path = suppressionsPathFor(m_approved);
        const QString audit = ApprovalService::auditPathFor(m_approved);
        QCOMPARE(window->session().suppressionsPath(), path);
        QVERIFY2(test::findingUsers(*window).contains(u"ci-runner-1"_s),
                 qPrintable(test::findingUsers(*window).join(u' ')));
        const int findings = window->findingsPage()->findingsModel()->rowCount();
        auto* hiddenLabel = window->statusBar()->findChild<QLabel*>(u"suppressedLabel"_s);
        QVERIFY(hiddenLabel);
        QVERIFY(hiddenLabel->isHidden());

        QString previewBeforeSave;
        bool savableWithoutReason = true;
        onNextModal([&](QWidget* modal) {
            auto* dialog = qobject_cast<SuppressionsDialog*>(modal);
            QVERIFY(dialog);
            QCOMPARE(dialog->list()->count(), 0);
            QCOMPARE(dialog->byEdit()->text(), u"tester"_s);
            dialog->addRule();
            QTest::keyClicks(dialog->userEdit(), u"ci-*"_s);
            QTest::keyClicks(dialog->descriptionEdit(), u"CI runners"_s);
            // Nothing saved yet, and already the count it would hide.
            previewBeforeSave = dialog->previewLabel()->text();
            savableWithoutReason = dialog->saveButton()->isEnabled();
            QTest::keyClicks(dialog->reasonEdit(), u"CI fleet, SEC-7"_s);
            QVERIFY(dialog->saveButton()->isEnabled());
            dialog->addRule();
            QTest::keyClick(dialog->readOnlyBox(), Qt::Key_Space);
            QTest::keyClicks(dialog->apisEdit(), u"List*, Get*"_s);
            QTest::keyClicks(dialog->reasonEdit(), u"read-only audits"_s);
            QCOMPARE(dialog->rules().size(), std::size_t(2));
            QVERIFY(dialog->previewLabel()->text().contains(u"These rules hide 2 findings"_s));
            grab(dialog, u"suppressions"_s);
            QTest::keyClick(dialog->saveButton(), Qt::Key_Space);
        });
        panel->suppressionsAction()->trigger();
        QVERIFY2(previewBeforeSave.contains(u"This rule hides 1 finding."_s), qPrintable(previewBeforeSave));
        QVERIFY(!savableWithoutReason);

        const SuppressionSet saved = loadSuppressions(path);
        QVERIFY(saved.ok());
        QCOMPARE(saved.rules.size(), std::size_t(2));
        QCOMPARE(saved.rules[0].user, u"ci-*"_s);
        QCOMPARE(saved.rules[0].description, u"CI runners"_s);
        QCOMPARE(saved.rules[0].reason, u"CI fleet, SEC-7"_s);
        QCOMPARE(saved.rules[0].by, u"tester"_s);
        QVERIFY(!saved.rules[0].changedAt.isEmpty());
        QVERIFY(saved.rules[1].allReadOnly);
        QCOMPARE(saved.rules[1].eventNames, QStringList({u"List*"_s, u"Get*"_s}));
        // ci-runner-1 by the first rule; carol (read-only ListUsers) by the second.
        const auto result = window->session().result();
        QCOMPARE(result->suppressedByRule, std::vector<std::uint64_t>({1, 1}));
        QVERIFY(!test::findingUsers(*window).contains(u"ci-runner-1"_s));
        QVERIFY(!test::findingUsers(*window).contains(u"carol"_s));
        QVERIFY(!hiddenLabel->isHidden());
        QVERIFY(hiddenLabel->text().contains(u"2 hidden by suppressions"_s));
        // Who, when and why, in the list's audit log.
        QList<QByteArray> lines = readBytes(audit).trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        const QJsonObject added = QJsonDocument::fromJson(lines[0]).object();
        QCOMPARE(added[u"action"].toString(), u"add suppression"_s);
        QCOMPARE(added[u"by"].toString(), u"tester"_s);
        QCOMPARE(added[u"reason"].toString(), u"CI fleet, SEC-7"_s);
        QCOMPARE(added[u"rule"].toObject()[u"user"].toString(), u"ci-*"_s);
        QVERIFY(!added[u"at"].toString().isEmpty());

        // One undo step: the file goes (it did not exist), the findings come back, the log says so.
        QCOMPARE(window->undoStack()->undoText(), u"Suppression rules: 2 added"_s);
        window->undoStack()->undo();
        window->session().waitForRerun(); // the re-run is on a worker
        QVERIFY(!QFile::exists(path));
        QCOMPARE(window->findingsPage()->findingsModel()->rowCount(), findings);
        lines = readBytes(audit).trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        const QJsonObject undone = QJsonDocument::fromJson(lines[2]).object();
        QCOMPARE(undone[u"action"].toString(), u"undo"_s);
        QCOMPARE(undone[u"undone"].toString(), u"Suppression rules: 2 added"_s);
        QCOMPARE(undone[u"by"].toString(), u"tester"_s);
        window->undoStack()->redo();
        window->session().waitForRerun(); // the re-run is on a worker
        QCOMPARE(loadSuppressions(path).rules.size(), std::size_t(2));
        QCOMPARE(window->session().result()->suppressed, std::uint64_t(2));

        // Reopened: each rule says what it hides; remove the first, save.
        onNextModal([](QWidget* modal) {
            auto* dialog = qobject_cast<SuppressionsDialog*>(modal);
            QVERIFY(dialog);
            QCOMPARE(dialog->list()->count(), 2);
            QVERIFY(dialog->list()->item(0)->text().contains(u"hides 1"_s));
            QVERIFY(dialog->list()->item(0)->text().contains(u"CI runners"_s));
            dialog->list()->setCurrentRow(0);
            dialog->removeCurrent();
            dialog->accept();
        });
        panel->suppressionsAction()->trigger();
        QCOMPARE(loadSuppressions(path).rules.size(), std::size_t(1));
        // ci-runner-1 only calls List*/Get* read-only: the rule left hides it too now.
        QCOMPARE(window->session().result()->suppressedByRule, std::vector<std::uint64_t>({2}));
        QVERIFY(hiddenLabel->text().contains(u"2 hidden by suppressions"_s));
        QVERIFY(readBytes(audit).trimmed().split('\n').last().contains("\"action\":\"remove suppression\""));

        // A rule without a condition cannot be saved.
        onNextModal([](QWidget* modal) {
            auto* dialog = qobject_cast<SuppressionsDialog*>(modal);
            dialog->addRule();
            QTest::keyClicks(dialog->reasonEdit(), u"why not"_s);
            QVERIFY(!dialog->saveButton()->isEnabled());
            dialog->reject();
        });
        panel->suppressionsAction()->trigger();
        QCOMPARE(loadSuppressions(path).rules.size(), std::size_t(1));

        // The rules file changed by someone else meanwhile: the save is refused, nothing overwritten.
        onNextModal([this, path](QWidget* modal) {
            auto* dialog = qobject_cast<SuppressionsDialog*>(modal);
            writeBytes(path, R"({"version":1,"rules":[]})");
            dialog->list()->setCurrentRow(0);
            dialog->removeCurrent();
            onNextModal([](QWidget* warning) { QTest::keyClick(warning, Qt::Key_Escape); });
            dialog->accept();
        });
        panel->suppressionsAction()->trigger();
        QCOMPARE(readBytes(path), QByteArray(R"({"version":1,"rules":[]})"));
    }

    // ux-2026-12 problem 11: the window and `scan --approved` give the same findings and the same
    // suppressed count for the same folder and lists.
    void guiAndCliAgree()
    {
        writeBytes(suppressionsPathFor(m_approved),
                   R"({"version":1,"rules":[{"id":"ci","reason":"CI fleet","user":"ci-*"},)"
                   R"({"id":"ro","reason":"audits","allReadOnly":true,"eventNames":["List*"]}]})");
        const auto window = openFixture();
        QVERIFY(window);
        const auto result = window->session().result();
        QVERIFY(result && result->suppressed > 0);

        QProcess cli;
        cli.start(QStringLiteral(TRAILWARDEN_CLI), {u"scan"_s, u"--format"_s, u"json"_s, u"--approved"_s,
                                                    m_approved, u"--identities"_s, m_identities, m_logs});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 0);
        const QJsonObject doc = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
        QStringList cliUsers;
        for (const QJsonValue& f : doc[u"findings"].toArray())
            cliUsers << f.toObject()[u"user"].toString();
        QStringList guiUsers = test::findingUsers(*window);
        guiUsers.sort();
        cliUsers.sort();
        QCOMPARE(cliUsers, guiUsers);
        QCOMPARE(doc[u"summary"].toObject()[u"suppressed"].toInteger(), qint64(result->suppressed));
    }

    // ux-2026-12 problem 5: the Tools work from the start, before the Approved tab was ever shown.
    // The panel offers its actions and the window places them: Tools before Help, View ▸ Findings
    // (Ctrl+1) / Approved Accounts (Ctrl+2), as before the panel stopped patching the menus itself.
    void windowPlacesThePanelsActions()
    {
        const auto window = openFixture();
        QVERIFY(window);
        auto* panel = window->findChild<ApprovedAccountsPanel*>();
        QVERIFY(panel);
        QStringList menus;
        QMenu* tools = nullptr;
        QMenu* view = nullptr;
        for (QAction* a : window->menuBar()->actions()) {
            menus << a->text();
            if (a->text() == u"&Tools"_s)
                tools = a->menu();
            if (a->text() == u"&View"_s)
                view = a->menu();
        }
        QCOMPARE(menus,
                 QStringList({u"&File"_s, u"&Edit"_s, u"&View"_s, u"&Tools"_s, u"&Triage"_s, u"&Help"_s}));
        QVERIFY(tools && view);
        const QList<QAction*> toolActions = tools->actions();
        QCOMPARE(toolActions.size(), 6);
        QCOMPARE(toolActions[0], panel->baselineAction());
        QCOMPARE(toolActions[1], panel->suppressionsAction());
        QVERIFY(toolActions[2]->isSeparator());
        QCOMPARE(toolActions[3], panel->revokeAction());
        QCOMPARE(toolActions[4], panel->editReasonAction());
        QCOMPARE(toolActions[5], panel->editExpiryAction());
        QCOMPARE(panel->revokeAction()->shortcut(), QKeySequence(QKeySequence::Delete));
        QCOMPARE(panel->editReasonAction()->shortcut(), QKeySequence(Qt::Key_F2));
        QCOMPARE(panel->editExpiryAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
        QCOMPARE(panel->baselineAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));

        QAction* showFindings = nullptr;
        QAction* showApproved = nullptr;
        for (QAction* a : view->actions()) {
            if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_1))
                showFindings = a;
            if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_2))
                showApproved = a;
        }
        QVERIFY(showFindings && showApproved);
        QCOMPARE(showApproved->text(), u"A&pproved Accounts"_s);
        showApproved->trigger();
        QCOMPARE(window->tabs()->currentWidget(), panel);
        showFindings->trigger();
        QCOMPARE(window->tabs()->currentIndex(), 0);

        // A tool started from the menu while Findings is shown brings the tab to the front.
        QVERIFY(window->tabs()->currentWidget() != panel);
        onNextModal([](QWidget* modal) { qobject_cast<QDialog*>(modal)->reject(); });
        panel->editSuppressions();
        QCOMPARE(window->tabs()->currentIndex(), 0); // the rules editor needs no rows
        onNextModal([](QWidget* modal) { qobject_cast<QDialog*>(modal)->reject(); });
        panel->revokeSelected();
        window->session().waitForRerun(); // the re-run is on a worker
        QCOMPARE(window->tabs()->currentWidget(), panel);
    }

    void toolsWorkBeforeTheTabIsShown()
    {
        const auto window = openFixture();
        QVERIFY(window);
        auto* panel = window->findChild<ApprovedAccountsPanel*>();
        QVERIFY(panel && !panel->isVisible());
        QVERIFY(panel->baselineAction()->isEnabled());
        QVERIFY(panel->suppressionsAction()->isEnabled());
    }

    // ux-2026-12 problem 10: Identity sorts by name; the list's own columns are shown.
    void identitySortsByNameAndListColumnsShow()
    {
        writeBytes(m_approved, "identity,owner,reason,notes\n"
                               "zeta-svc,ops,z,\n"
                               "Alpha-svc,sec,a,ticket SEC-1808\n"
                               "beta-svc,ops,b,decommissioned?\n");
        const auto window = openFixture();
        QVERIFY(window);
        ApprovedAccountsPanel* panel = panelOf(*window);
        QTableView* view = panel->view();
        QTest::qWait(0);
        view->sortByColumn(ApprovedAccountsModel::Identity, Qt::AscendingOrder);
        QStringList order;
        for (int row = 0; row < view->model()->rowCount(); ++row)
            order << view->model()->index(row, ApprovedAccountsModel::Identity).data().toString();
        QCOMPARE(order, QStringList({u"Alpha-svc"_s, u"beta-svc"_s, u"zeta-svc"_s}));

        const QAbstractItemModel* model = view->model();
        QCOMPARE(model->columnCount(), int(ApprovedAccountsModel::ColumnCount) + 2);
        const int owner = ApprovedAccountsModel::ColumnCount;
        QCOMPARE(model->headerData(owner, Qt::Horizontal).toString(), u"owner"_s);
        QCOMPARE(model->headerData(owner + 1, Qt::Horizontal).toString(), u"notes"_s);
        QVERIFY(!view->isColumnHidden(owner) && !view->isColumnHidden(owner + 1));
        QCOMPARE(model->index(0, owner + 1).data().toString(), u"ticket SEC-1808"_s);
        // The filter finds the provenance written there.
        QTest::keyClicks(panel->filterEdit(), u"decommissioned"_s);
        QTRY_COMPARE(view->model()->rowCount(), 1);
        grab(window.get(), u"approved-columns"_s);
    }

    // ux-2026-12 problem 16: a user name holding an invisible character is refused aloud, not
    // written (it would never match the name a reader of the list sees).
    void invisibleIdentityIsRefused()
    {
        writeBytes(m_logs, trailEvent("svc\\u200bdeploy", "2026-03-01T10:00:00Z", "UpdateStack", false, 1) +
                               trailEvent("alice2", "2026-03-01T10:00:00Z", "ListUsers", true, 2));
        const auto window = open({m_logs});
        QVERIFY(window);
        QTest::keyClicks(window->findingsPage()->filterEdit(), u"deploy"_s);
        QTRY_COMPARE(window->findingsPage()->findingsProxy()->rowCount(), 1);
        window->findingsPage()->findingsView()->selectAll();
        window->setApprovalPrompt([](const QStringList&, const ApprovalRequest&) {
            return std::optional<ApprovalRequest>(ApprovalRequest{u"deploys"_s, u"tester"_s});
        });
        QString said;
        onNextModal([&said](QWidget* modal) {
            auto* box = qobject_cast<QMessageBox*>(modal);
            QVERIFY(box);
            said = box->text();
            QTest::keyClick(modal, Qt::Key_Escape);
        });
        window->findingsPage()->approveAction()->trigger();
        window->session().waitForRerun(); // the re-run is on a worker
        QVERIFY2(said.contains(u"U+200B"_s), qPrintable(said + u" / "_s + window->lastStatus()));
        QCOMPARE(readBytes(m_approved), kApproved);
        QCOMPARE(window->findingsPage()->findingsProxy()->rowCount(), 1);
    }

    // ux-2026-12 problem 12: an undo names the step, the identities and who undid it.
    void undoIsAudited()
    {
        const auto window = openFixture();
        QVERIFY(window);
        ApprovedAccountsPanel* panel = panelOf(*window);
        QVERIFY(panel->selectIdentity(u"ghost"_s));
        onNextModal([](QWidget* modal) {
            auto* dialog = qobject_cast<ReasonDialog*>(modal);
            QVERIFY(dialog);
            QTest::keyClicks(modal->focusWidget(), u"never seen"_s);
            QTest::keyClick(modal, Qt::Key_Return);
        });
        panel->revokeAction()->trigger();
        window->session().waitForRerun(); // the re-run is on a worker
        QCOMPARE(window->undoStack()->undoText(), u"Revoke ghost"_s);
        window->undoStack()->undo();
        window->session().waitForRerun(); // the re-run is on a worker
        const QJsonObject entry =
            QJsonDocument::fromJson(
                readBytes(ApprovalService::auditPathFor(m_approved)).trimmed().split('\n').last())
                .object();
        QCOMPARE(entry[u"action"].toString(), u"undo"_s);
        QCOMPARE(entry[u"undone"].toString(), u"Revoke ghost"_s);
        QCOMPARE(entry[u"identities"].toArray(), QJsonArray{u"ghost"_s});
        QCOMPARE(entry[u"by"].toString(), u"tester"_s);
        QCOMPARE(entry[u"rowsAdded"].toArray().first().toObject()[u"reason"].toString(), u"gone"_s);
        window->undoStack()->redo();
        window->session().waitForRerun(); // the re-run is on a worker
        const QJsonObject redo =
            QJsonDocument::fromJson(
                readBytes(ApprovalService::auditPathFor(m_approved)).trimmed().split('\n').last())
                .object();
        QCOMPARE(redo[u"action"].toString(), u"redo"_s);
        QCOMPARE(redo[u"identities"].toArray(), QJsonArray{u"ghost"_s});
    }

    // Issue 4: approving 50 accounts, each with a reason, must stay fast for a practised user.
    // Drives the real Approve action and the real ApproveDialog with key events only: for each
    // account Ctrl+Return; the reason field is empty (issue 11: a remembered reason must not be
    // written unread), so a new reason is typed every 10 accounts and otherwise Down picks the most
    // recent one from the drop-down; then Enter. The timing is printed, not asserted.
    void fiftyApprovalsByKeyboard()
    {
        QByteArray logs;
        for (int i = 0; i < 60; ++i)
            logs += trailEvent(QByteArray("svc-app-") + QByteArray::number(i).rightJustified(2, '0'),
                               "2026-02-01T10:00:00Z", "GetObject", true, i + 1);
        writeBytes(m_logs, logs);
        writeBytes(m_approved, "identity,approved_by,approved_at,reason\n");
        const auto window = openFixture();
        QVERIFY(window);
        QCOMPARE(window->findingsPage()->findingsModel()->rowCount(), 60);
        reactivate(*window);
        QTableView* view = window->findingsPage()->findingsView();
        view->setFocus();
        QVERIFY(window->selectUser(u"svc-app-00"_s));

        int chords = 0, keys = 0, typed = 0;
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < 50; ++i) {
            const QString reason = u"batch %1, ticket SEC-%2"_s.arg(i / 10).arg(4100 + i / 10);
            bool shown = false;
            onNextModal([&](QWidget* modal) {
                shown = true;
                auto* box = qobject_cast<QComboBox*>(modal->focusWidget());
                QVERIFY(box);
                QVERIFY(box->currentText().isEmpty()); // never pre-filled
                if (i % 10 == 0) {
                    QTest::keyClicks(box, reason);
                    typed += int(reason.size());
                } else {
                    QTest::keyClick(box, Qt::Key_Down); // the most recent reason
                    ++keys;
                    QCOMPARE(box->currentText(), reason);
                }
                QTest::keyClick(box, Qt::Key_Return);
                ++chords;
            });
            QTest::keyClick(view, Qt::Key_Return, Qt::ControlModifier);
            ++chords;
            reactivate(*window);
            QVERIFY2(shown, qPrintable(u"approval %1 did not ask"_s.arg(i)));
        }
        const qint64 ms = clock.elapsed();

        QCOMPARE(window->findingsPage()->findingsModel()->rowCount(), 10);
        const LookupLoad list = loadApprovedAccounts(m_approved);
        QCOMPARE(list.entries.size(), 50);
        for (int i = 0; i < 50; ++i) {
            QCOMPARE(list.entries[i].identity, u"svc-app-%1"_s.arg(i, 2, 10, QLatin1Char('0')));
            QCOMPARE(list.entries[i].reason, u"batch %1, ticket SEC-%2"_s.arg(i / 10).arg(4100 + i / 10));
            QCOMPARE(list.entries[i].approvedBy, u"tester"_s);
        }
        // The human side: ~0.4 s per shortcut chord, ~0.25 s per single key, typing at 5
        // characters/s, ~1 s to read each name and its class before deciding.
        const double humanSeconds = chords * 0.4 + keys * 0.25 + typed / 5.0 + 50 * 1.0;
        qInfo("50 approvals: %d key chords + %d single keys + %d typed characters; software time %lld ms "
              "(%.1f ms each); estimated practised-user time %.0f s",
              chords, keys, typed, ms, double(ms) / 50, humanSeconds);
        QCOMPARE(chords, 100);
        QCOMPARE(keys, 45);
    }

    // The same 50 accounts in groups sharing a reason: Shift+Down extends the selection, one
    // Ctrl+Return and one reason per group of 10.
    void fiftyApprovalsInGroups()
    {
        QByteArray logs;
        for (int i = 0; i < 60; ++i)
            logs += trailEvent(QByteArray("svc-app-") + QByteArray::number(i).rightJustified(2, '0'),
                               "2026-02-01T10:00:00Z", "GetObject", true, i + 1);
        writeBytes(m_logs, logs);
        writeBytes(m_approved, "identity,approved_by,approved_at,reason\n");
        const auto window = openFixture();
        QVERIFY(window);
        reactivate(*window);
        QTableView* view = window->findingsPage()->findingsView();
        view->setFocus();
        QVERIFY(window->selectUser(u"svc-app-00"_s));

        int chords = 0, typed = 0;
        QElapsedTimer clock;
        clock.start();
        for (int group = 0; group < 5; ++group) {
            for (int k = 0; k < 9; ++k, ++chords)
                QTest::keyClick(view, Qt::Key_Down, Qt::ShiftModifier);
            const QString reason = u"batch %1, ticket SEC-%2"_s.arg(group).arg(4100 + group);
            onNextModal([&](QWidget* modal) {
                auto* edit = qobject_cast<QComboBox*>(modal->focusWidget());
                QVERIFY(edit);
                QVERIFY(modal->windowTitle().contains(u"10"_s));
                QTest::keyClicks(edit, reason);
                typed += int(reason.size());
                QTest::keyClick(edit, Qt::Key_Return);
                ++chords;
            });
            QTest::keyClick(view, Qt::Key_Return, Qt::ControlModifier);
            ++chords;
            reactivate(*window);
        }
        const qint64 ms = clock.elapsed();
        const LookupLoad list = loadApprovedAccounts(m_approved);
        QCOMPARE(list.entries.size(), 50);
        for (int i = 0; i < 50; ++i)
            QCOMPARE(list.entries[i].reason, u"batch %1, ticket SEC-%2"_s.arg(i / 10).arg(4100 + i / 10));
        const double humanSeconds = chords * 0.4 + typed / 5.0 + 50 * 1.0;
        qInfo("50 approvals in 5 groups: %d key chords + %d typed characters; software time %lld ms; "
              "estimated practised-user time %.0f s",
              chords, typed, ms, humanSeconds);
        QCOMPARE(chords, 55);
    }

    // Issue 11: the reason field starts empty, Enter on it does nothing, the list in force offers
    // its recent reasons, and an undone approval's reason is no longer offered.
    void reasonStartsEmptyAndUndoneReasonsGo()
    {
        const auto window = openFixture();
        QVERIFY(window);
        reactivate(*window);
        QTableView* view = window->findingsPage()->findingsView();
        view->setFocus();
        QVERIFY(window->selectUser(u"ci-runner-1"_s));
        const QByteArray before = readBytes(m_approved);

        bool stayed = false;
        onNextModal([&stayed](QWidget* modal) {
            auto* box = qobject_cast<QComboBox*>(modal->focusWidget());
            QVERIFY(box);
            QVERIFY(box->currentText().isEmpty());
            QTest::keyClick(box, Qt::Key_Return); // empty reason: nothing happens
            stayed = modal->isVisible();
            QTest::keyClicks(box, u"CI runner, SEC-9"_s);
            QTest::keyClick(box, Qt::Key_Return);
        });
        QTest::keyClick(view, Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(stayed);
        QVERIFY(readBytes(m_approved).contains("\nci-runner-1,tester,"));

        // Offered next time (the list's reasons, newest first), not pre-filled.
        reactivate(*window);
        QVERIFY(window->selectUser(u"deploy_bot"_s));
        QStringList offered;
        onNextModal([&offered](QWidget* modal) {
            auto* box = qobject_cast<QComboBox*>(modal->focusWidget());
            QVERIFY(box);
            QVERIFY(box->currentText().isEmpty());
            for (int i = 0; i < box->count(); ++i)
                offered << box->itemText(i);
            QTest::keyClick(box, Qt::Key_Escape);
        });
        QTest::keyClick(view, Qt::Key_Return, Qt::ControlModifier);
        QVERIFY2(offered.value(0) == u"CI runner, SEC-9"_s, qPrintable(offered.join(u'|')));

        // Undone: the reason is gone from the list, so it is no longer offered.
        window->undoStack()->undo();
        window->session().waitForRerun(); // the re-run is on a worker
        QCOMPARE(readBytes(m_approved), before);
        reactivate(*window);
        QVERIFY(window->selectUser(u"deploy_bot"_s));
        offered.clear();
        onNextModal([&offered](QWidget* modal) {
            auto* box = qobject_cast<QComboBox*>(modal->focusWidget());
            QVERIFY(box);
            for (int i = 0; i < box->count(); ++i)
                offered << box->itemText(i);
            QTest::keyClick(box, Qt::Key_Escape);
        });
        QTest::keyClick(view, Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(!offered.isEmpty()); // the fixture list's own reasons
        QVERIFY2(!offered.contains(u"CI runner, SEC-9"_s), qPrintable(offered.join(u'|')));
        QVERIFY(QSettings().value(u"approve/lastReason"_s).isNull()); // nothing remembered behind the list
    }

    // Issue 11: approving root needs its name typed; Enter (even with a reason) cancels.
    void approvingRootIsGuarded()
    {
        writeBytes(m_logs, classDataSet());
        const auto window = openFixture();
        QVERIFY(window);
        reactivate(*window);
        QTableView* view = window->findingsPage()->findingsView();
        view->setFocus();
        QVERIFY(window->selectUser(u"root"_s));
        const QByteArray before = readBytes(m_approved);

        QString defaultText, warning;
        onNextModal([&](QWidget* modal) {
            auto* dialog = qobject_cast<ApproveDialog*>(modal);
            QVERIFY(dialog);
            for (auto* b : dialog->findChildren<QPushButton*>())
                if (b->isDefault())
                    defaultText = b->text();
            if (auto* label = dialog->findChild<QLabel*>(u"guardWarning"_s))
                warning = label->text();
            QVERIFY(!dialog->approveButton()->isEnabled()); // no reason, no typed name
            QTest::keyClicks(dialog->focusWidget(), u"break-glass, SEC-1"_s);
            QVERIFY(!dialog->approveButton()->isEnabled());         // still no typed name
            QTest::keyClick(dialog->focusWidget(), Qt::Key_Return); // the default: Don't Approve
        });
        QTest::keyClick(view, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(defaultText, u"&Don't Approve"_s);
        QVERIFY2(warning.contains(u"root"_s) && warning.contains(u"userIdentity.type Root"_s) &&
                     warning.contains(u"111122223333"_s),
                 qPrintable(warning));
        QCOMPARE(readBytes(m_approved), before);

        // Deliberately: the reason, the name typed, then Alt+A.
        reactivate(*window);
        QVERIFY(window->selectUser(u"root"_s));
        onNextModal([](QWidget* modal) {
            auto* dialog = qobject_cast<ApproveDialog*>(modal);
            QVERIFY(dialog);
            QTest::keyClicks(dialog->focusWidget(), u"break-glass, SEC-1"_s);
            auto* confirm = dialog->findChild<QLineEdit*>(u"rootConfirm"_s);
            QVERIFY(confirm);
            QTest::keyClicks(confirm, u"roo"_s);
            QVERIFY(!dialog->approveButton()->isEnabled());
            QTest::keyClicks(confirm, u"t"_s);
            QVERIFY(dialog->approveButton()->isEnabled());
            grab(dialog, u"approve-root"_s);
            pressButton(dialog->approveButton());
        });
        QTest::keyClick(view, Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(readBytes(m_approved).contains("\nroot,tester,"));
    }

    // A prompt that does not confirm root (a script, a test hook) cannot approve it either.
    void rootNeedsTheConfirmationNotJustAReason()
    {
        writeBytes(m_logs, classDataSet());
        const auto window = openFixture();
        QVERIFY(window);
        window->setApprovalPrompt([](const QStringList&, const ApprovalRequest& defaults) {
            return std::optional<ApprovalRequest>(ApprovalRequest{u"because"_s, defaults.approver});
        });
        const QByteArray before = readBytes(m_approved);
        QVERIFY(window->selectUser(u"root"_s));
        window->approveSelected();
        window->session().waitForRerun(); // the re-run is on a worker
        QCOMPARE(readBytes(m_approved), before);
        QVERIFY(window->lastStatus().contains(u"root"_s));
    }

    // Issue 11: a person or an admin-like role: the evidence is shown and Enter does not approve.
    void approvingAPersonOrAnAdminIsGuarded_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("evidence");
        QTest::newRow("person") << u"helen.suzuki"_s << u"helen.suzuki</b>: person: 3 console logins"_s;
        QTest::newRow("admin-like") << u"OrganizationAccountAccessRole"_s
                                    << u"administrator access: name contains"_s;
    }

    void approvingAPersonOrAnAdminIsGuarded()
    {
        QFETCH(QString, user);
        QFETCH(QString, evidence);
        writeBytes(m_logs, classDataSet());
        const auto window = openFixture();
        QVERIFY(window);
        reactivate(*window);
        QTableView* view = window->findingsPage()->findingsView();
        view->setFocus();
        QVERIFY(window->selectUser(user));
        const QByteArray before = readBytes(m_approved);

        QString warning;
        bool approveIsDefault = true;
        onNextModal([&](QWidget* modal) {
            auto* dialog = qobject_cast<ApproveDialog*>(modal);
            QVERIFY(dialog);
            approveIsDefault = dialog->approveButton()->isDefault();
            if (auto* label = dialog->findChild<QLabel*>(u"guardWarning"_s))
                warning = label->text();
            QTest::keyClicks(dialog->focusWidget(), u"on call, SEC-3"_s);
            QVERIFY(dialog->approveButton()->isEnabled());
            QTest::keyClick(dialog->focusWidget(), Qt::Key_Return);
        });
        QTest::keyClick(view, Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(!approveIsDefault);
        QVERIFY2(warning.contains(evidence), qPrintable(warning));
        QCOMPARE(readBytes(m_approved), before);

        reactivate(*window);
        QVERIFY(window->selectUser(user));
        onNextModal([&user](QWidget* modal) {
            auto* dialog = qobject_cast<ApproveDialog*>(modal);
            QVERIFY(dialog);
            QTest::keyClicks(dialog->focusWidget(), u"on call, SEC-3"_s);
            if (user.startsWith(u"helen"))
                grab(dialog, u"approve-person"_s);
            pressButton(dialog->approveButton()); // deliberately: Approve Anyway
        });
        QTest::keyClick(view, Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(readBytes(m_approved).contains(QByteArray('\n' + user.toUtf8() + ",tester,")));
    }

    // Issue 11: the class is a findings column, sortable and found by the filter box.
    void classColumnSortsAndFilters()
    {
        writeBytes(m_logs, classDataSet());
        writeBytes(m_approved, "identity\n");
        const auto window = openFixture();
        QVERIFY(window);
        auto classOf = [&window](const QString& user) {
            const QAbstractItemModel* m = window->findingsPage()->findingsModel();
            for (int row = 0; row < m->rowCount(); ++row)
                if (m->index(row, FindingsModel::User).data().toString() == user)
                    return m->index(row, FindingsModel::Class).data().toString();
            return QString();
        };
        QCOMPARE(classOf(u"root"_s), u"root"_s);
        QCOMPARE(classOf(u"helen.suzuki"_s), u"person"_s);
        QCOMPARE(classOf(u"AWSServiceRoleForECS"_s), u"AWS service-linked"_s);
        QCOMPARE(classOf(u"thumbnailer-role"_s), u"service role"_s);
        QCOMPARE(classOf(u"repo:example-org/api:ref:refs/heads/main"_s), u"workload identity"_s);
        QCOMPARE(classOf(u"app-user"_s), u"unknown"_s);

        window->findingsPage()->findingsView()->sortByColumn(FindingsModel::Class, Qt::AscendingOrder);
        const QAbstractItemModel* proxy = window->findingsPage()->findingsProxy();
        QCOMPARE(proxy->index(0, FindingsModel::User).data().toString(), u"root"_s);
        QCOMPARE(proxy->index(1, FindingsModel::User).data().toString(), u"helen.suzuki"_s);

        window->findingsPage()->findingsProxy()->setFilterText(u"person"_s);
        QCOMPARE(proxy->rowCount(), 1);
        QCOMPARE(proxy->index(0, FindingsModel::User).data().toString(), u"helen.suzuki"_s);

        // The drill-down header names the class and its evidence.
        window->findingsPage()->findingsProxy()->setFilterText(QString());
        QVERIFY(window->selectUser(u"helen.suzuki"_s));
        bool found = false;
        for (auto* label : window->findChildren<QLabel*>())
            found = found || label->text().contains(u"person: 3 console logins"_s);
        QVERIFY(found);
    }

    // Issue 11: Rebuild Baseline ticks only machines, lists root and people apart, and Enter in the
    // tree writes nothing; Apply says what it writes.
    void baselineProposesOnlyMachines()
    {
        writeBytes(m_logs, classDataSet());
        writeBytes(m_approved,
                   "identity,approved_by,approved_at,reason\nghost,erin,2025-06-01T00:00:00Z,gone\n");
        const auto window = openFixture();
        QVERIFY(window);
        ApprovedAccountsPanel* panel = panelOf(*window);
        const QByteArray before = readBytes(m_approved);

        onNextModal([&](QWidget* modal) {
            auto* dialog = qobject_cast<BaselineDialog*>(modal);
            QVERIFY(dialog);
            QCOMPARE(dialog->checkedAdds(),
                     QStringList({u"AWSServiceRoleForECS"_s, u"repo:example-org/api:ref:refs/heads/main"_s,
                                  u"thumbnailer-role"_s}));
            QStringList apart;
            QTreeWidgetItem* review = dialog->reviewGroup();
            for (int i = 0; i < review->childCount(); ++i) {
                QTreeWidgetItem* item = review->child(i);
                apart << item->text(0) + u'=' + item->text(1);
                if (item->text(0) == u"root")
                    QVERIFY(!(item->flags() & Qt::ItemIsUserCheckable));
                else
                    QCOMPARE(item->checkState(0), Qt::Unchecked);
            }
            QCOMPARE(apart, QStringList({u"OrganizationAccountAccessRole=unknown"_s, u"app-user=unknown"_s,
                                         u"helen.suzuki=person"_s, u"root=root"_s}));
            QCOMPARE(dialog->applyButton()->text(), u"&Add 3, drop 0 to aws_service_accounts.csv"_s);
            for (auto* b : dialog->findChildren<QPushButton*>())
                QVERIFY2(!b->isDefault(), qPrintable(b->text()));
            // Enter in the tree: nothing.
            dialog->tree()->setFocus();
            dialog->tree()->setCurrentItem(dialog->addsGroup()->child(0));
            QTest::keyClick(dialog->tree(), Qt::Key_Return);
            QTest::keyClick(dialog->tree(), Qt::Key_Enter);
            QVERIFY(dialog->isVisible());
            QCOMPARE(readBytes(m_approved), before);
            grab(dialog, u"baseline-classes"_s);
            // Apply, deliberately.
            pressButton(dialog->applyButton());
        });
        panel->baselineAction()->trigger();
        window->session().waitForRerun(); // the re-run is on a worker
        const QByteArray after = readBytes(m_approved);
        for (const char* added : {"\nAWSServiceRoleForECS,", "\nthumbnailer-role,",
                                  "\nrepo:example-org/api:ref:refs/heads/main,"})
            QVERIFY2(after.contains(added), added);
        for (const char* absent : {"root", "helen", "app-user", "OrganizationAccountAccessRole"})
            QVERIFY2(!after.contains(absent), absent);
        QVERIFY(after.contains("\nghost,")); // never dropped unless ticked
    }

    // The bundled sample, through the real dialogs: the baseline proposes only machines, and
    // approving helen.suzuki shows why she is a person. With TRAILWARDEN_GRAB_DIR set, the dialogs
    // are saved there (docs/baseline-classes.png, docs/approve-person.png).
    void sampleBaselineAndGuard()
    {
        QFile::remove(m_approved);
        QFile::remove(m_identities);
        QVERIFY(QFile::copy(kSample + u"/lookups/aws_service_accounts.csv"_s, m_approved));
        QVERIFY(QFile::copy(kSample + u"/lookups/identity_lookup_expanded.csv"_s, m_identities));
        QFile(m_approved).setPermissions(QFile::ReadOwner | QFile::WriteOwner);
        const auto window = open({kSample + u"/AWSLogs"_s}, QDateTime());
        QVERIFY(window);
        ApprovedAccountsPanel* panel = panelOf(*window);
        const QByteArray before = readBytes(m_approved);

        onNextModal([&](QWidget* modal) {
            auto* dialog = qobject_cast<BaselineDialog*>(modal);
            QVERIFY(dialog);
            const QStringList adds = dialog->checkedAdds();
            QVERIFY(!adds.isEmpty());
            for (int i = 0; i < dialog->addsGroup()->childCount(); ++i) {
                QTreeWidgetItem* item = dialog->addsGroup()->child(i);
                const QString cls = item->text(1);
                QVERIFY2(cls == u"service role" || cls == u"AWS service-linked" ||
                             cls == u"workload identity",
                         qPrintable(item->text(0) + u' ' + cls));
            }
            QStringList apart;
            for (int i = 0; i < dialog->reviewGroup()->childCount(); ++i)
                apart << dialog->reviewGroup()->child(i)->text(0);
            for (const QString& user :
                 {u"root"_s, u"helen.suzuki"_s, u"AWSReservedSSO_AdministratorAccess_c511859ee2afe22d"_s,
                  u"OrganizationAccountAccessRole"_s})
                QVERIFY2(apart.contains(user) && !adds.contains(user), qPrintable(user));
            QVERIFY(dialog->applyButton()->text().endsWith(u" to aws_service_accounts.csv"_s));
            dialog->tree()->setFocus();
            QTest::keyClick(dialog->tree(), Qt::Key_Return);
            QVERIFY(dialog->isVisible());
            dialog->resize(1000, 640);
            dialog->tree()->scrollToItem(dialog->reviewGroup());
            grab(dialog, u"baseline-classes"_s);
            dialog->reject();
        });
        panel->baselineAction()->trigger();
        window->session().waitForRerun(); // the re-run is on a worker
        QCOMPARE(readBytes(m_approved), before);

        window->tabs()->setCurrentIndex(0);
        reactivate(*window);
        QTableView* view = window->findingsPage()->findingsView();
        view->setFocus();
        QVERIFY(window->selectUser(u"helen.suzuki"_s));
        QString warning;
        onNextModal([&warning](QWidget* modal) {
            auto* dialog = qobject_cast<ApproveDialog*>(modal);
            QVERIFY(dialog);
            QVERIFY(!dialog->approveButton()->isDefault());
            if (auto* label = dialog->findChild<QLabel*>(u"guardWarning"_s))
                warning = label->text();
            QTest::keyClicks(dialog->focusWidget(), u"on call"_s);
            grab(dialog, u"approve-person"_s);
            QTest::keyClick(dialog->focusWidget(), Qt::Key_Return);
        });
        QTest::keyClick(view, Qt::Key_Return, Qt::ControlModifier);
        QVERIFY2(warning.contains(u"helen.suzuki</b>: person: 100 calls with MFA"_s), qPrintable(warning));
        QCOMPARE(readBytes(m_approved), before);
    }

    // The bundled sample: its list has three entries nobody uses. With TRAILWARDEN_SCREENSHOT=FILE
    // the tab is saved there (docs/screenshot-approved.png).
    void sampleNeverMatched()
    {
        QFile::remove(m_approved);
        QFile::remove(m_identities);
        QVERIFY(QFile::copy(kSample + u"/lookups/aws_service_accounts.csv"_s, m_approved));
        QVERIFY(QFile::copy(kSample + u"/lookups/identity_lookup_expanded.csv"_s, m_identities));
        QFile(m_approved).setPermissions(QFile::ReadOwner | QFile::WriteOwner);
        const auto window = open({kSample + u"/AWSLogs"_s}, QDateTime());
        QVERIFY(window);
        ApprovedAccountsPanel* panel = panelOf(*window);
        const ApprovedAccountsModel* m = panel->model();
        QStringList never;
        for (int row = 0; row < m->rowCount(); ++row)
            if (m->index(row, 0).data(ApprovedAccountsModel::FlagsRole).toInt() &
                ApprovedAccountsModel::NeverMatched)
                never << m->index(row, 0).data(ApprovedAccountsModel::IdentityRole).toString();
        QCOMPARE(never, QStringList({u"etl-legacy-2caf"_s, u"hr-legacy-58b0"_s, u"analytics-legacy-e198"_s}));

        const QString shot = qEnvironmentVariable("TRAILWARDEN_SCREENSHOT");
        if (!shot.isEmpty()) {
            // The tab as a user reviewing the list sees it: flagged entries first, the timeline
            // (which follows the findings) closed.
            if (auto* timeline = window->findChild<QWidget*>(u"activityTimelineDock"_s))
                timeline->hide();
            // Some provenance, as the review window writes it: the sample's list has none.
            QVERIFY(window->approvals()->approve({u"AWSServiceRoleForSSO"_s},
                                                 u"SSO service-linked role, SEC-2041"_s, u"jdoe"_s));
            // Half a year ahead of today: the write refuses an expiry already past.
            QVERIFY(window->approvals()->update(
                {u"ci-payments-sandbox"_s}, u"expires"_s,
                QDateTime::currentDateTimeUtc().date().addDays(182).toString(Qt::ISODate), u"jdoe"_s));
            QVERIFY(window->approvals()->update({u"ci-payments-sandbox"_s}, u"reason"_s,
                                                u"vendor sandbox until the contract ends"_s, u"jdoe"_s));
            window->tabs()->setCurrentWidget(panel);
            panel->view()->sortByColumn(ApprovedAccountsModel::Flags, Qt::DescendingOrder);
            panel->selectIdentity(u"hr-legacy-58b0"_s);
            panel->view()->setFocus();
            QTest::qWait(200);
            QVERIFY(window->grab().save(shot));
        }
    }
};

QTEST_MAIN(TestApprovedAccounts)
#include "tst_approvedaccounts.moc"
