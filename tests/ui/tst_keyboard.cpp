// SPDX-License-Identifier: GPL-3.0-or-later

// Keyboard and selection in the review window (issue 15), driven by keys and clicks on the real
// widgets, offscreen: window shortcuts wherever the focus is, the selection after filtering and
// after undo, an emptied table that offers to clear its filter, flag chips released when their
// count drops to 0, and Help ▸ Keyboard Shortcuts generated from the window's actions.

#include "ui/approvalcontroller.h"
#include "ui/approvedaccountspanel.h"
#include "ui/findingspage.h"
#include "ui/mainwindow.h"
#include "ui/models/approvedaccountsmodel.h"
#include "ui/models/approvedaccountsproxy.h"
#include "ui/models/eventsmodel.h"
#include "ui/models/findingsmodel.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QElapsedTimer>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QUndoStack>

#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using namespace tw;

namespace {

const QString kSample = QStringLiteral(TRAILWARDEN_TEST_DATA "/../../resources/sample");
const QString kSso = u"AWSServiceRoleForSSO"_s;

QStringList shownUsers(const MainWindow& window)
{
    QStringList out;
    const QAbstractItemModel* proxy = window.findingsPage()->findingsView()->model();
    for (int row = 0; row < proxy->rowCount(); ++row)
        out.append(proxy->index(row, FindingsModel::User).data().toString());
    return out;
}

QStringList allUsers(const MainWindow& window)
{
    QStringList out;
    const FindingsModel* model = window.findingsPage()->findingsModel();
    for (int row = 0; row < model->rowCount(); ++row)
        out.append(model->index(row, FindingsModel::User).data().toString());
    return out;
}

// Runs `act` on the next modal window as soon as it shows (the code under test opens it with
// exec()); rejects it afterwards if `act` left it open.
void onNextModal(QObject* owner, std::function<void(QWidget*)> act)
{
    auto* timer = new QTimer(owner);
    timer->setInterval(5);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, act] {
        QWidget* modal = QApplication::activeModalWidget();
        if (!modal || !modal->isVisible())
            return;
        timer->stop();
        timer->deleteLater();
        act(modal);
        if (modal->isVisible())
            if (auto* dialog = qobject_cast<QDialog*>(modal))
                dialog->reject();
    });
    timer->start();
}

// For looking at the screens: TRAILWARDEN_GRAB_DIR=/some/dir ./tst_keyboard
void grab(QWidget* widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("TRAILWARDEN_GRAB_DIR");
    if (dir.isEmpty())
        return;
    QCoreApplication::processEvents();
    widget->grab().save(dir + u'/' + name + u".png"_s);
}

void collectShortcutActions(const QMenu* menu, QList<QAction*>& out)
{
    for (QAction* action : menu->actions()) {
        if (action->menu())
            collectShortcutActions(action->menu(), out);
        else if (!action->isSeparator() && !action->shortcuts().isEmpty())
            out.append(action);
    }
}

} // namespace

class TestKeyboard : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_settings;
    QTemporaryDir m_dir;
    QString m_approved;
    QString m_identities;

    std::unique_ptr<MainWindow> openSample()
    {
        auto window = std::make_unique<MainWindow>();
        window->resize(1200, 800);
        window->show();
        window->activateWindow();
        window->setApprovedPath(m_approved);
        window->setIdentityPath(m_identities);
        QSignalSpy loaded(window.get(), &MainWindow::loadCompleted);
        window->openPaths({kSample + u"/AWSLogs"_s});
        if (!loaded.wait(30000))
            return nullptr;
        window->setApprovalPrompt([](const QStringList&, const ApprovalRequest&) {
            return std::optional<ApprovalRequest>(ApprovalRequest{u"SSO service-linked role"_s, u"tester"_s});
        });
        return window;
    }

    // Approves SSO by keyboard from the findings table.
    static bool approveSso(MainWindow& window)
    {
        QTableView* view = window.findingsPage()->findingsView();
        view->setFocus();
        if (!window.selectUser(kSso))
            return false;
        QTest::keyClick(view, Qt::Key_Return, Qt::ControlModifier);
        QElapsedTimer waited;
        waited.start();
        while (window.session().rerunPending() && waited.elapsed() < 10000)
            QTest::qWait(10);
        return !allUsers(window).contains(kSso);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid());
        QCoreApplication::setOrganizationName(u"TrailWardenTest"_s);
        QCoreApplication::setApplicationName(u"tst_keyboard"_s);
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
    }

    // Ctrl+Z / Ctrl+Shift+Z in the filter box undo and redo the approval, not the filter's text.
    void undoRedoFromTheFilterBox()
    {
        const auto window = openSample();
        QVERIFY(window);
        // Two approvals: one Ctrl+Z must undo exactly one of them.
        QVERIFY(approveSso(*window));
        const QString other = shownUsers(*window).first();
        QVERIFY(window->selectUser(other));
        QTest::keyClick(window->findingsPage()->findingsView(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(!allUsers(*window).contains(other), 10000);
        QCOMPARE(window->undoStack()->index(), 2);
        QLineEdit* filter = window->findingsPage()->filterEdit();
        filter->setFocus();
        QTest::keyClicks(filter, u"role"_s);
        QCOMPARE(filter->text(), u"role"_s);
        QTest::keyClick(filter, Qt::Key_Z, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(allUsers(*window).contains(other), 10000);
        QVERIFY(!allUsers(*window).contains(kSso));
        QCOMPARE(filter->text(), u"role"_s);
        QCOMPARE(window->undoStack()->index(), 1);
        QTest::keyClick(filter, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY_WITH_TIMEOUT(!allUsers(*window).contains(other), 10000);
        QCOMPARE(filter->text(), u"role"_s);
        QCOMPARE(window->undoStack()->index(), 2);
    }

    // Ctrl+E opens the export dialog from the filter box too.
    void exportFromTheFilterBox()
    {
        const auto window = openSample();
        QVERIFY(window);
        QLineEdit* filter = window->findingsPage()->filterEdit();
        filter->setFocus();
        QTest::keyClicks(filter, u"role"_s);
        filter->setCursorPosition(0);
        bool asked = false;
        onNextModal(this, [&asked](QWidget* modal) {
            asked = qobject_cast<QFileDialog*>(modal) != nullptr;
            if (auto* dialog = qobject_cast<QDialog*>(modal))
                dialog->reject();
        });
        QTest::keyClick(filter, Qt::Key_E, Qt::ControlModifier);
        QVERIFY(asked);
        QCOMPARE(filter->text(), u"role"_s);
    }

    // Esc clears the filter with the focus, or the current tab's.
    void escapeClearsTheFilter()
    {
        const auto window = openSample();
        QVERIFY(window);
        const int total = window->findingsPage()->findingsModel()->rowCount();
        QLineEdit* filter = window->findingsPage()->filterEdit();
        filter->setFocus();
        QTest::keyClicks(filter, u"SSO"_s);
        QTRY_VERIFY(shownUsers(*window).size() < total);
        QTest::keyClick(filter, Qt::Key_Escape);
        QVERIFY(filter->text().isEmpty());
        QTRY_COMPARE(shownUsers(*window).size(), total);

        // Focus in the table: the tab's filter.
        QTest::keyClicks(filter, u"SSO"_s);
        QTRY_VERIFY(shownUsers(*window).size() < total);
        window->findingsPage()->findingsView()->setFocus();
        QTest::keyClick(window->findingsPage()->findingsView(), Qt::Key_Escape);
        QVERIFY(filter->text().isEmpty());

        // The Approved accounts tab's filter, from its table.
        QTest::keyClick(window.get(), Qt::Key_2, Qt::ControlModifier);
        auto* panel = window->findChild<ApprovedAccountsPanel*>();
        QVERIFY(panel);
        QTRY_VERIFY(panel->isVisible());
        panel->filterEdit()->setText(u"sso"_s);
        QVERIFY(panel->view()->hasFocus());
        QTest::keyClick(panel->view(), Qt::Key_Escape);
        QVERIFY(panel->filterEdit()->text().isEmpty());
    }

    // After filtering, the current row is selected too: Approve works at once.
    void filteringSelectsTheCurrentRow()
    {
        const auto window = openSample();
        QVERIFY(window);
        FindingsPage* page = window->findingsPage();
        QVERIFY(!shownUsers(*window).isEmpty());
        QVERIFY(shownUsers(*window).first() != kSso);
        page->filterEdit()->setFocus();
        QTest::keyClicks(page->filterEdit(), u"ForSSO"_s);
        QTRY_COMPARE(shownUsers(*window), QStringList{kSso});
        QTRY_COMPARE(page->selectedUsers(), QStringList{kSso});
        QCOMPARE(page->currentUser(), kSso);
        QVERIFY(page->approveAction()->isEnabled());
        QTRY_VERIFY(page->eventsModel()->rowCount() > 0);
        grab(window.get(), u"filter-selects"_s);
    }

    // After undo, the restored finding is selected and drilled into.
    void undoSelectsTheRestoredFinding()
    {
        const auto window = openSample();
        QVERIFY(window);
        QVERIFY(approveSso(*window));
        FindingsPage* page = window->findingsPage();
        QTRY_VERIFY(!page->currentUser().isEmpty()); // the next finding
        QTest::keyClick(page->findingsView(), Qt::Key_Z, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(allUsers(*window).contains(kSso), 10000);
        QTRY_COMPARE(page->selectedUsers(), QStringList{kSso});
        QCOMPARE(page->currentUser(), kSso);
        bool drilled = false;
        for (QLabel* label : page->findChildren<QLabel*>())
            drilled = drilled || label->text().contains(u"Events of "_s + kSso);
        QVERIFY(drilled);
        QVERIFY(page->eventsModel()->rowCount() > 0);
    }

    // A table emptied by its filter says so and offers to clear it.
    void emptiedTableOffersToClearTheFilter()
    {
        const auto window = openSample();
        QVERIFY(window);
        FindingsPage* page = window->findingsPage();
        const int total = page->findingsModel()->rowCount();
        QVERIFY(total > 0);
        page->filterEdit()->setFocus();
        QTest::keyClicks(page->filterEdit(), u"no-such-user-xyz"_s);
        QTRY_COMPARE(shownUsers(*window).size(), 0);
        auto* notice = page->findChild<QWidget*>(u"filterEmptyNotice"_s);
        QVERIFY(notice);
        QTRY_VERIFY(notice->isVisible());
        auto* clear = notice->findChild<QPushButton*>();
        QVERIFY(clear);
        QCOMPARE(clear->text().remove(u'&'), tr("Clear filter"));
        grab(window.get(), u"filter-empty"_s);
        QTest::mouseClick(clear, Qt::LeftButton);
        QVERIFY(page->filterEdit()->text().isEmpty());
        QTRY_COMPARE(shownUsers(*window).size(), total);
        QVERIFY(!notice->isVisible());
    }

    // The Approved accounts table too.
    void emptiedApprovedTableOffersToClearTheFilter()
    {
        const auto window = openSample();
        QVERIFY(window);
        QTest::keyClick(window.get(), Qt::Key_2, Qt::ControlModifier);
        auto* panel = window->findChild<ApprovedAccountsPanel*>();
        QVERIFY(panel);
        QTRY_VERIFY(panel->isVisible());
        const int total = panel->model()->rowCount();
        QVERIFY(total > 0);
        panel->filterEdit()->setFocus();
        QTest::keyClicks(panel->filterEdit(), u"no-such-entry-xyz"_s);
        QTRY_COMPARE(panel->proxy()->rowCount(), 0);
        auto* notice = panel->findChild<QWidget*>(u"filterEmptyNotice"_s);
        QVERIFY(notice);
        QVERIFY(notice->isVisible());
        auto* clear = notice->findChild<QPushButton*>();
        QVERIFY(clear);
        grab(window.get(), u"approved-filter-empty"_s);
        QTest::mouseClick(clear, Qt::LeftButton);
        QVERIFY(panel->filterEdit()->text().isEmpty());
        QCOMPARE(panel->proxy()->rowCount(), total);
        QVERIFY(!notice->isVisible());
    }

    // A checked flag chip whose count drops to 0 is released (it would hide every row): the
    // never-matched entries of the sample are revoked from under their chip.
    void chipWithoutEntriesIsReleased()
    {
        const auto window = openSample();
        QVERIFY(window);
        QTest::keyClick(window.get(), Qt::Key_2, Qt::ControlModifier);
        auto* panel = window->findChild<ApprovedAccountsPanel*>();
        QVERIFY(panel);
        QTRY_VERIFY(panel->isVisible());
        QToolButton* chip = panel->chip(ApprovedAccountsModel::NeverMatched);
        QVERIFY(chip);
        QVERIFY(chip->isEnabled());
        QTest::mouseClick(chip, Qt::LeftButton);
        QVERIFY(chip->isChecked());
        const int flagged = panel->proxy()->rowCount();
        QVERIFY(flagged > 0);
        QVERIFY(flagged < panel->model()->rowCount());
        panel->view()->setFocus();
        QTest::keyClick(panel->view(), Qt::Key_A, Qt::ControlModifier);
        QCOMPARE(panel->selectedIdentities().size(), flagged);
        bool asked = false;
        onNextModal(this, [&asked](QWidget* modal) {
            asked = true;
            // The reason, and the approver when the environment names none.
            for (QLineEdit* edit : modal->findChildren<QLineEdit*>())
                if (edit->text().isEmpty())
                    QTest::keyClicks(edit, u"never used, SEC-99"_s);
            QTest::keyClick(modal, Qt::Key_Return);
        });
        QTest::keyClick(panel->view(), Qt::Key_Delete);
        QVERIFY(asked);
        QTRY_VERIFY_WITH_TIMEOUT(chip->text().endsWith(u" 0"_s), 10000);
        QVERIFY(!chip->isChecked());
        QVERIFY(!chip->isEnabled());
        QVERIFY(panel->proxy()->rowCount() > 0);
        QCOMPARE(panel->proxy()->rowCount(), panel->model()->rowCount());
        grab(window.get(), u"chip-released"_s);
    }

    // Help ▸ Keyboard Shortcuts lists every action with a shortcut in the window's menus.
    void shortcutsDialogListsEveryShortcut()
    {
        const auto window = openSample();
        QVERIFY(window);
        QList<QAction*> expected;
        QAction* open = nullptr;
        for (QAction* top : window->menuBar()->actions()) {
            if (!top->menu())
                continue;
            collectShortcutActions(top->menu(), expected);
            for (QAction* a : top->menu()->actions())
                if (a->text().remove(u'&') == tr("Keyboard Shortcuts"))
                    open = a;
        }
        QVERIFY(open);
        QVERIFY(expected.size() > 10);
        QStringList rows;
        onNextModal(this, [&rows](QWidget* modal) {
            grab(modal, u"shortcuts-dialog"_s);
            auto* table = modal->findChild<QTableWidget*>();
            if (!table)
                return;
            for (int r = 0; r < table->rowCount(); ++r)
                rows << table->item(r, 0)->text() + u'\t' + table->item(r, 1)->text();
        });
        open->trigger();
        QVERIFY(!rows.isEmpty());
        for (QAction* action : std::as_const(expected)) {
            QStringList keys;
            for (const QKeySequence& k : action->shortcuts())
                keys << k.toString(QKeySequence::NativeText);
            const QString row = action->text().remove(u'&') + u'\t' + keys.join(u", "_s);
            QVERIFY2(rows.contains(row), qPrintable(row));
        }
    }
};

QTEST_MAIN(TestKeyboard)
#include "tst_keyboard.moc"
