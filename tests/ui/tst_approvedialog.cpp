// SPDX-License-Identifier: GPL-3.0-or-later

// The Approve dialog of issue 15 in the real window: the expiry choice (none / 30 / 90 days / a date,
// a past date refused), the wildcard offered for selected names that share a prefix (unticked, with
// the users it covers now and their class; refused when it covers a person), one write and one undo
// step for all of it, and the class table in the Approved tab's "Approve <observed>" dialog.

#include "core/lists/approvalservice.h"
#include "tests/support/testsupport.h"
#include "tests/support/windowsupport.h"
#include "ui/approvedaccountspanel.h"
#include "ui/dialogs/approvedialog.h"
#include "ui/findingspage.h"
#include "ui/mainwindow.h"
#include "ui/models/findingsmodel.h"

#include <QAbstractItemView>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QUndoStack>

#include <memory>

using namespace Qt::StringLiterals;
using namespace tw;

namespace {

const QString kExecUs = u"cdk-hnb659fds-cfn-exec-role-111122223333-us-east-1"_s;
const QString kExecEu = u"cdk-hnb659fds-cfn-exec-role-111122223333-eu-west-1"_s;
const QString kExecOther = u"cdk-hnb659fds-cfn-exec-role-444455556666-us-east-1"_s;
const QString kPattern = u"cdk-hnb659fds-cfn-exec-role-*"_s;

// Three CDK execution roles (one stopped CloudTrail), two deploy bots and a person whose name looks
// like theirs (console logins), and one more service account.
QByteArray events()
{
    int n = 0;
    const auto event = [&n](const QString& user, const QByteArray& name,
                            const QByteArray& extra = {}) -> QByteArray {
        return test::cloudTrailRecord(
                   test::Record{test::jsonEscaped(user), "d-" + QByteArray::number(++n), extra,
                                "2026-02-0" + QByteArray::number(1 + n % 8) + "T10:00:00Z", name,
                                name == "StopLogging" ? "cloudtrail.amazonaws.com" : "iam.amazonaws.com"}) +
               '\n';
    };
    QByteArray d;
    d += event(kExecUs, "CreateStack");
    d += event(kExecUs, "StopLogging", R"(,"readOnly":false)");
    d += event(kExecEu, "CreateStack");
    d += event(kExecOther, "UpdateStack");
    d += event(u"deploy-bot-us"_s, "PutObject");
    d += event(u"deploy-bot-eu"_s, "PutObject");
    for (int i = 0; i < 3; ++i)
        d +=
            event(u"deploy-bot-helen"_s, "ConsoleLogin", R"(,"responseElements":{"ConsoleLogin":"Success"})");
    d += event(u"svc-stoplogger"_s, "StopLogging", R"(,"readOnly":false)");
    d += event(u"app-user"_s, "GetObject");
    return d;
}

// Selects the findings of users in the findings table, as Ctrl+click would.
void selectFindings(const MainWindow& window, const QStringList& users)
{
    QTableView* view = window.findingsPage()->findingsView();
    QAbstractItemModel* model = view->model();
    view->selectionModel()->clearSelection();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, FindingsModel::User);
        if (users.contains(index.data().toString()))
            view->selectionModel()->select(index, QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
    view->setFocus();
}

QStringList column(const QTreeWidget* tree, int col)
{
    QStringList out;
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        out << tree->topLevelItem(i)->text(col);
    return out;
}

// The expiry drop-down moved to `index` by keyboard (0 none, 1 30 days, 2 90 days, 3 a date).
void chooseExpiry(QWidget* dialog, int index)
{
    auto* combo = dialog->findChild<QComboBox*>(u"expiryChoice"_s);
    QVERIFY(combo);
    combo->setFocus();
    QTest::keyClick(combo, Qt::Key_Home);
    for (int i = 0; i < index; ++i)
        QTest::keyClick(combo, Qt::Key_Down);
    QCOMPARE(combo->currentIndex(), index);
}

QString today(int days)
{
    return QDateTime::currentDateTimeUtc().date().addDays(days).toString(Qt::ISODate);
}

} // namespace

class TestApproveDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_settings;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QObject> m_pending;
    QString m_logs, m_approved;

    // Active, so that its shortcuts (Ctrl+Return) reach it on a real display too.
    std::unique_ptr<MainWindow> open()
    {
        auto window = test::openWindow({{m_logs}, m_approved, {}, {}, {1400, 900}});
        if (window) {
            window->activateWindow();
            if (!QTest::qWaitForWindowActive(window.get()))
                return nullptr;
        }
        return window;
    }
    void onNextModal(std::function<void(QWidget*)> act)
    {
        test::onNextModal(m_pending.get(), std::move(act));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid());
        QCoreApplication::setOrganizationName(u"TrailWardenTest"_s);
        QCoreApplication::setApplicationName(u"tst_approvedialog"_s);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
        qputenv("USER", "tester");
    }

    void init()
    {
        m_pending = std::make_unique<QObject>();
        QSettings().clear();
        m_dir = std::make_unique<QTemporaryDir>();
        m_logs = m_dir->filePath(u"events.jsonl"_s);
        m_approved = m_dir->filePath(u"aws_service_accounts.csv"_s);
        QVERIFY(test::writeFile(m_logs, events()));
        // svc_stoplogger is a near-miss of the observed svc-stoplogger.
        QVERIFY(test::writeFile(m_approved, "identity,approved_by,approved_at,reason\n"
                                            "svc_stoplogger,ann,2026-01-01T00:00:00Z,typo\n"));
    }

    void cleanup() { m_pending.reset(); }

    // The dialog is walked with Tab in the order it reads: the wildcard offer, the reason, the
    // approver, the expiry choice, its date, then the buttons; the date is one stop (QDateEdit took
    // Tab to step through its year, month and day: three presses to leave one field).
    void tabWalksTheDialogInReadingOrder()
    {
        const auto window = open();
        QVERIFY(window);
        selectFindings(*window, {kExecUs, kExecEu, kExecOther, u"app-user"_s});
        bool seen = false;
        onNextModal([&seen](QWidget* modal) {
            auto* dialog = qobject_cast<ApproveDialog*>(modal);
            QVERIFY(dialog);
            seen = true;
            chooseExpiry(dialog, 3); // On a date…
            auto* date = dialog->findChild<QDateEdit*>(u"expiryDate"_s);
            QVERIFY(date && date->isVisible());
            auto* offer = dialog->findChild<QCheckBox*>(u"wildcardOffer"_s);
            QVERIFY(offer && offer->isVisible());
            auto* reason = dialog->findChild<QComboBox*>(u"reason"_s);
            auto* approver = dialog->findChild<QLineEdit*>(u"approver"_s);
            QVERIFY(reason && approver);
            // A reason, so that Approve is enabled (a disabled button is no stop).
            QTest::keyClicks(reason->lineEdit(), u"CDK bootstrap roles"_s);
            const QList<QPushButton*> buttons = test::dialogButtons(dialog);
            QCOMPARE(buttons.size(), 2);
            const QList<QWidget*> order{
                offer, reason,     approver,   dialog->findChild<QComboBox*>(u"expiryChoice"_s),
                date,  buttons[0], buttons[1], offer};
            offer->setFocus(Qt::TabFocusReason);
            const QString problem = test::tabOrderProblem(dialog, order);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
            dialog->reject();
        });
        QTest::keyClick(window->findingsPage()->findingsView(), Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(seen);
    }

    // Three CDK roles selected with another account: the wildcard is offered unticked, with the users
    // it covers now and their class; ticked, with 90 days, it is written with the other name in one
    // write, one audit line and one undo step; the roles leave the findings.
    void wildcardAndExpiryInOneWrite()
    {
        const auto window = open();
        QVERIFY(window);
        QVERIFY(test::findingUsers(*window).contains(kExecEu));
        selectFindings(*window, {kExecUs, kExecEu, kExecOther, u"app-user"_s});
        const QByteArray before = test::readFile(m_approved);

        bool offered = false;
        QStringList covered, classes, selected;
        onNextModal([&](QWidget* modal) {
            auto* dialog = qobject_cast<ApproveDialog*>(modal);
            QVERIFY(dialog);
            QCOMPARE(dialog->offeredPattern(), kPattern);
            auto* offer = dialog->findChild<QCheckBox*>(u"wildcardOffer"_s);
            QVERIFY(offer && offer->isVisible() && offer->isEnabled());
            offered = !offer->isChecked(); // the literal names are the default
            QVERIFY2(offer->text().contains(kPattern), qPrintable(offer->text()));
            auto* covers = dialog->findChild<QTreeWidget*>(u"wildcardCovers"_s);
            QVERIFY(covers && covers->isVisible());
            covered = column(covers, 0);
            classes = column(covers, 1);
            selected = column(covers, 2);
            // The expiry is in sight and "No expiry" until chosen.
            auto* expiry = dialog->findChild<QComboBox*>(u"expiryChoice"_s);
            QVERIFY(expiry && expiry->isVisible());
            QCOMPARE(expiry->currentText(), u"No expiry"_s);
            // The class table of the selection (the sensitive API of the first role).
            auto* details = dialog->findChild<QTreeWidget*>(u"approveDetails"_s);
            QVERIFY(details);
            QVERIFY(column(details, 2).join(u' ').contains(u"StopLogging"_s));

            QTest::keyClicks(dialog->findChild<QComboBox*>(u"reason"_s)->lineEdit(),
                             u"CDK bootstrap roles, SEC-77"_s);
            chooseExpiry(dialog, 2);
            QVERIFY(dialog->findChild<QLabel*>(u"expiryNote"_s)->text().contains(today(90)));
            offer->setFocus();
            QTest::keyClick(offer, Qt::Key_Space);
            QVERIFY(offer->isChecked());
            test::grabIfAsked(dialog, u"approve-wildcard"_s);
            test::pressButton(dialog->approveButton());
        });
        QTest::keyClick(window->findingsPage()->findingsView(), Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(offered);
        QCOMPARE(covered, (QStringList{kExecEu, kExecUs, kExecOther}));
        QCOMPARE(classes.size(), 3);
        QVERIFY(!classes.contains(QString()));
        QCOMPARE(selected, (QStringList{u"yes"_s, u"yes"_s, u"yes"_s}));

        const QByteArray after = test::readFile(m_approved);
        const QByteArray expires = today(90).toUtf8();
        // The expires column is added; the row that was there keeps its bytes.
        QVERIFY2(after.startsWith("identity,approved_by,approved_at,reason,expires\n"
                                  "svc_stoplogger,ann,2026-01-01T00:00:00Z,typo\n"),
                 after.constData());
        QVERIFY2(after.contains("\napp-user,tester,") &&
                     after.contains("\ncdk-hnb659fds-cfn-exec-role-*,tester,"),
                 after.constData());
        QCOMPARE(after.count(expires), 2);
        QVERIFY(!after.contains(kExecUs.toUtf8())); // the names the wildcard covers are not written
        const QList<QByteArray> audit =
            test::readFile(ApprovalService::auditPathFor(m_approved)).trimmed().split('\n');
        QCOMPARE(audit.size(), 1);
        const QJsonObject line = QJsonDocument::fromJson(audit[0]).object();
        QCOMPARE(line[u"pattern"].toString(), kPattern);
        QCOMPARE(line[u"expires"].toString(), today(90));
        QCOMPARE(line[u"patternCovers"].toArray().size(), 3);

        window->session().waitForRerun(); // the re-run is on a worker
        const QStringList left = test::findingUsers(*window);
        for (const QString& gone : {kExecUs, kExecEu, kExecOther, u"app-user"_s})
            QVERIFY2(!left.contains(gone), qPrintable(gone));
        QVERIFY(left.contains(u"deploy-bot-us"_s));

        // One undo step puts the bytes back.
        QCOMPARE(window->undoStack()->count(), 1);
        window->undoStack()->undo();
        window->session().waitForRerun();
        QCOMPARE(test::readFile(m_approved), before);
        QVERIFY(test::findingUsers(*window).contains(kExecOther));
    }

    // deploy-bot-* would cover deploy-bot-helen, a person: shown, named, and cannot be ticked; the
    // selected names are approved one by one.
    void wildcardCoveringAPersonCannotBeTicked()
    {
        const auto window = open();
        QVERIFY(window);
        selectFindings(*window, {u"deploy-bot-us"_s, u"deploy-bot-eu"_s});
        QString note;
        QStringList covered;
        bool enabled = true;
        onNextModal([&](QWidget* modal) {
            auto* dialog = qobject_cast<ApproveDialog*>(modal);
            QVERIFY(dialog);
            QCOMPARE(dialog->offeredPattern(), u"deploy-bot-*"_s);
            auto* offer = dialog->findChild<QCheckBox*>(u"wildcardOffer"_s);
            QVERIFY(offer);
            enabled = offer->isEnabled();
            offer->setFocus();
            QTest::keyClick(offer, Qt::Key_Space); // does nothing: disabled
            QVERIFY(!offer->isChecked());
            note = dialog->findChild<QLabel*>(u"wildcardNote"_s)->text();
            covered = column(dialog->findChild<QTreeWidget*>(u"wildcardCovers"_s), 0);
            test::grabIfAsked(dialog, u"approve-wildcard-refused"_s);
            QTest::keyClicks(dialog->findChild<QComboBox*>(u"reason"_s)->lineEdit(), u"deploy bots"_s);
            test::pressButton(dialog->approveButton());
        });
        QTest::keyClick(window->findingsPage()->findingsView(), Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(!enabled);
        QVERIFY2(note.contains(u"deploy-bot-helen (person: 3 console logins)"_s), qPrintable(note));
        QCOMPARE(covered, (QStringList{u"deploy-bot-eu"_s, u"deploy-bot-helen"_s, u"deploy-bot-us"_s}));
        const QByteArray after = test::readFile(m_approved);
        QVERIFY(after.contains("\ndeploy-bot-us,tester,") && after.contains("\ndeploy-bot-eu,tester,"));
        QVERIFY(!after.contains('*'));
        QVERIFY(!after.contains("expires")); // no expiry chosen, no column
        QVERIFY(test::findingUsers(*window).contains(u"deploy-bot-helen"_s));
    }

    // A date in the past: said beside the field, Approve disabled; a later date is written.
    void pastDateIsRefused()
    {
        const auto window = open();
        QVERIFY(window);
        QVERIFY(window->selectUser(u"app-user"_s));
        window->findingsPage()->findingsView()->setFocus();
        QString pastNote;
        bool pastEnabled = true, offerShown = true;
        onNextModal([&](QWidget* modal) {
            auto* dialog = qobject_cast<ApproveDialog*>(modal);
            QVERIFY(dialog);
            offerShown = dialog->findChild<QCheckBox*>(u"wildcardOffer"_s) != nullptr; // one name: no offer
            QTest::keyClicks(dialog->findChild<QComboBox*>(u"reason"_s)->lineEdit(), u"app"_s);
            QVERIFY(dialog->approveButton()->isEnabled());
            chooseExpiry(dialog, 3);
            auto* date = dialog->findChild<QDateEdit*>(u"expiryDate"_s);
            QVERIFY(date && date->isVisible());
            date->setFocus();
            date->setCurrentSection(QDateTimeEdit::YearSection);
            QTest::keyClick(date, Qt::Key_Down); // a year earlier: in the past
            pastEnabled = dialog->approveButton()->isEnabled();
            pastNote = dialog->findChild<QLabel*>(u"expiryNote"_s)->text();
            QTest::keyClick(date, Qt::Key_Up);
            QTest::keyClick(date, Qt::Key_Up); // a year after the default: 30 days + 1 year
            QVERIFY(dialog->approveButton()->isEnabled());
            test::pressButton(dialog->approveButton());
        });
        QTest::keyClick(window->findingsPage()->findingsView(), Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(!offerShown);
        QVERIFY(!pastEnabled);
        QVERIFY2(pastNote.contains(u"in the past"_s), qPrintable(pastNote));
        const QString expected =
            QDateTime::currentDateTimeUtc().date().addDays(30).addYears(1).toString(Qt::ISODate);
        QVERIFY2(test::readFile(m_approved).contains("\napp-user,tester,"),
                 test::readFile(m_approved).constData());
        QVERIFY2(test::readFile(m_approved).trimmed().endsWith(QByteArray(",app," + expected.toUtf8())),
                 test::readFile(m_approved).constData());
    }

    // The Approved tab's "Approve <observed>" shows the same class table as the Findings tab's, and
    // its expiry.
    void approveObservedShowsClassesAndExpiry()
    {
        const auto window = open();
        QVERIFY(window);
        auto* panel = window->findChild<ApprovedAccountsPanel*>();
        window->tabs()->setCurrentWidget(panel);
        QVERIFY(panel->selectIdentity(u"svc_stoplogger"_s));
        QVERIFY(panel->approveObservedAction()->isEnabled());
        QStringList details;
        onNextModal([&](QWidget* modal) {
            auto* dialog = qobject_cast<ApproveDialog*>(modal);
            QVERIFY(dialog);
            auto* tree = dialog->findChild<QTreeWidget*>(u"approveDetails"_s);
            QVERIFY(tree && tree->isVisible());
            for (int c = 0; c < 3; ++c)
                details << column(tree, c);
            QTest::keyClicks(dialog->findChild<QComboBox*>(u"reason"_s)->lineEdit(), u"the real one"_s);
            chooseExpiry(dialog, 1);
            test::grabIfAsked(dialog, u"approve-observed"_s);
            test::pressButton(dialog->approveButton());
        });
        panel->approveObservedAction()->trigger();
        QCOMPARE(details.size(), 3);
        QCOMPARE(details[0], u"svc-stoplogger"_s);
        QCOMPARE(details[1], u"unknown"_s);
        QVERIFY2(details[2].contains(u"StopLogging \u00D71"_s), qPrintable(details[2]));
        QVERIFY2(
            test::readFile(m_approved).trimmed().endsWith(QByteArray(",the real one," + today(30).toUtf8())),
            test::readFile(m_approved).constData());
    }
};

QTEST_MAIN(TestApproveDialog)
#include "tst_approvedialog.moc"
