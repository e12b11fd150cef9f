// SPDX-License-Identifier: GPL-3.0-or-later

// Account names in the window (issue 15, Tables and values): File ▸ Account Aliases… puts
// `123456789012 (prod-payments)` in the findings table, the drill-down, its summary and the Events
// with Value tab; the filter finds an account by its name; sorting stays by id; the rows that could
// not be used are in Load Problems; the choice is remembered per data folder (QSettings), a cleared
// one too, and account_aliases.csv beside the logs is used when nothing was chosen.

#include "tests/support/testsupport.h"
#include "tests/support/windowsupport.h"

#include "ui/fieldsummarypanel.h"
#include "ui/findingspage.h"
#include "ui/mainwindow.h"
#include "ui/models/eventsmodel.h"
#include "ui/models/findingsmodel.h"
#include "ui/models/findingsproxy.h"
#include "ui/models/loadproblemsmodel.h"
#include "ui/pivotpage.h"

#include <QAction>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace tw;

namespace {

// Names that sort the other way round from their ids, and a row that cannot be used (line 4).
const QByteArray kAliases = "account_id,name\n"
                            "111122223333,zeta-payments\n"
                            "444455556666,alpha-sandbox\n"
                            "12345,too-short\n";

test::WindowFiles filesOf(const QString& folder)
{
    test::WindowFiles files;
    files.paths = {folder};
    return files;
}

QAction* action(MainWindow& window, const QString& name)
{
    return window.findChild<QAction*>(name);
}

QString accountsOf(const FindingsModel& model, const QString& user, int role = Qt::DisplayRole)
{
    for (int row = 0; row < model.rowCount(); ++row)
        if (model.userAt(row) == user)
            return model.index(row, FindingsModel::Accounts).data(role).toString();
    return u"<no finding of "_s + user + u'>';
}

QStringList treeTexts(const QTreeWidget* tree)
{
    QStringList out;
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        const QTreeWidgetItem* top = tree->topLevelItem(i);
        for (int c = 0; c < top->childCount(); ++c)
            out << top->child(c)->text(0);
    }
    return out;
}

} // namespace

class TestAccountAliasesUi : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settings;
    QTemporaryDir m_dir;

    // A data folder holding the events.
    QString folder(const QString& name)
    {
        const QString path = m_dir.filePath(name);
        QDir().mkpath(path);
        return test::writeFile(path + u"/events.jsonl"_s, test::threeAccountsEvents()) ? path : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid() && m_dir.isValid());
        QCoreApplication::setOrganizationName(u"TrailWardenTest"_s);
        QCoreApplication::setApplicationName(u"tst_accountaliasesui"_s);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
    }

    void init() { QSettings().clear(); }

    void namesEverywhereAnIdIsShown()
    {
        const QString data = folder(u"shown"_s);
        const QString csv = m_dir.filePath(u"aliases.csv"_s);
        QVERIFY(test::writeFile(csv, kAliases));
        auto window = test::openWindow(filesOf(data));
        QVERIFY(window);
        FindingsPage* page = window->findingsPage();
        const FindingsModel& findings = *page->findingsModel();
        QCOMPARE(accountsOf(findings, u"alice"_s), u"111122223333"_s);

        // File ▸ Account Aliases…, answered with the CSV.
        window->setAliasesPrompt([csv] { return csv; });
        QAction* choose = action(*window, u"chooseAliasesAction"_s);
        QVERIFY(choose);
        QVERIFY(!action(*window, u"clearAliasesAction"_s)->isEnabled());
        choose->trigger();
        QCOMPARE(window->session().accountAliasesPath(), csv);
        QVERIFY(action(*window, u"clearAliasesAction"_s)->isEnabled());

        // Findings table: the name beside the id; an account without one stays the id.
        QCOMPARE(accountsOf(findings, u"alice"_s), u"111122223333 (zeta-payments)"_s);
        QCOMPARE(accountsOf(findings, u"bob"_s), u"444455556666 (alpha-sandbox)"_s);
        QCOMPARE(accountsOf(findings, u"carol"_s), u"777788889999"_s);
        // Sorting stays by id: alice's account sorts first although its name sorts last.
        QCOMPARE(accountsOf(findings, u"alice"_s, FindingsModel::SortRole), u"111122223333"_s);
        page->findingsView()->sortByColumn(FindingsModel::Accounts, Qt::AscendingOrder);
        const FindingsProxy* proxy = page->findingsProxy();
        QStringList order;
        for (int row = 0; row < proxy->rowCount(); ++row)
            order << proxy->index(row, FindingsModel::User).data().toString();
        QCOMPARE(order, (QStringList{u"alice"_s, u"bob"_s, u"carol"_s}));

        // Drill-down and its summary.
        QVERIFY(page->selectUser(u"alice"_s));
        page->waitForEvents();
        const EventsModel& drill = *page->eventsModel();
        QCOMPARE(drill.rowCount(), 2);
        QCOMPARE(drill.index(0, EventsModel::Account).data().toString(), u"111122223333 (zeta-payments)"_s);
        // The events still sort by the id (SortRole), not by the text shown.
        QCOMPARE(drill.index(0, EventsModel::Account).data(EventsModel::SortRole).toString(),
                 u"111122223333"_s);
        page->fieldSummary()->waitForSummary();
        QVERIFY2(treeTexts(page->fieldSummary()->tree()).contains(u"111122223333 (zeta-payments)"_s),
                 qPrintable(treeTexts(page->fieldSummary()->tree()).join(u" | "_s)));

        // The filter box finds a finding by its account's name, typed as an analyst would.
        page->filterEdit()->setFocus();
        QTest::keyClicks(page->filterEdit(), u"sandbox"_s);
        page->setFilterText(page->filterEdit()->text());
        page->waitForFilter();
        QCOMPARE(proxy->rowCount(), 1);
        QCOMPARE(proxy->index(0, FindingsModel::User).data().toString(), u"bob"_s);
        // ... and the drill-down's filter too.
        page->setFilterText(QString());
        QVERIFY(page->selectUser(u"alice"_s));
        page->waitForEvents();
        page->setEventsFilterText(u"zeta"_s);
        QCOMPARE(page->eventsModel()->rowCount(), 2);
        page->setEventsFilterText(u"alpha"_s);
        QCOMPARE(page->eventsModel()->rowCount(), 0);
        page->setEventsFilterText(QString());

        // The row that could not be used is in Load Problems, with the file and the line.
        const LoadProblemsModel* problems = window->problemsModel();
        bool listed = false;
        for (int row = 0; row < problems->rowCount(); ++row)
            listed |= problems->index(row, LoadProblemsModel::Path).data().toString() == csv &&
                      problems->index(row, LoadProblemsModel::Message)
                          .data()
                          .toString()
                          .startsWith(u"line 4: '12345' is not an account id (12 digits)"_s);
        QVERIFY(listed);

        // The Events with Value tab's table follows the same names.
        auto* pivotModel = window->pivotPage()->findChild<EventsModel*>();
        QVERIFY(pivotModel);
        pivotModel->setEvents(window->session().store(), {0});
        QCOMPARE(pivotModel->index(0, EventsModel::Account).data().toString(),
                 u"111122223333 (zeta-payments)"_s);

        // Cleared: the ids alone again, and nothing left in Load Problems.
        action(*window, u"clearAliasesAction"_s)->trigger();
        QCOMPARE(accountsOf(findings, u"alice"_s), u"111122223333"_s);
        QCOMPARE(pivotModel->index(0, EventsModel::Account).data().toString(), u"111122223333"_s);
        for (int row = 0; row < problems->rowCount(); ++row)
            QVERIFY(problems->index(row, LoadProblemsModel::Path).data().toString() != csv);
    }

    // The Events with Value tab's title names the account as the tables do, and follows the aliases
    // chosen or cleared while it is shown.
    void pivotTitleNamesTheAccount()
    {
        const QString data = folder(u"pivot"_s);
        const QString csv = m_dir.filePath(u"aliases.csv"_s);
        QVERIFY(test::writeFile(csv, kAliases));
        auto window = test::openWindow(filesOf(data));
        QVERIFY(window);
        window->setAliasesPrompt([csv] { return csv; });
        action(*window, u"chooseAliasesAction"_s)->trigger();
        FindingsPage* page = window->findingsPage();
        QVERIFY(page->selectUser(u"alice"_s));
        page->waitForEvents();
        const QModelIndex cell = page->eventsModel()->index(0, EventsModel::Account);
        QCOMPARE(cell.data().toString(), u"111122223333 (zeta-payments)"_s);
        const std::optional<PivotValue> value = pivotValueAt(cell);
        QVERIFY(value);
        PivotPage* pivot = window->pivotPage();
        pivot->showEventsWith(*value);
        pivot->waitForQueries();
        QVERIFY2(pivot->titleLabel()->text().contains(u"= 111122223333 (zeta-payments):"_s),
                 qPrintable(pivot->titleLabel()->text()));
        test::grabIfAsked(window.get(), u"pivot-account-title"_s);

        action(*window, u"clearAliasesAction"_s)->trigger();
        QVERIFY2(pivot->titleLabel()->text().contains(u"= 111122223333:"_s),
                 qPrintable(pivot->titleLabel()->text()));
        action(*window, u"chooseAliasesAction"_s)->trigger();
        QVERIFY(pivot->titleLabel()->text().contains(u"= 111122223333 (zeta-payments):"_s));
    }

    void rememberedPerFolder()
    {
        const QString a = folder(u"folder-a"_s);
        const QString b = folder(u"folder-b"_s);
        const QString csv = m_dir.filePath(u"remembered.csv"_s);
        QVERIFY(test::writeFile(csv, kAliases));
        {
            auto window = test::openWindow(filesOf(a));
            QVERIFY(window);
            window->setAccountAliasesPath(csv);
            QCOMPARE(accountsOf(*window->findingsPage()->findingsModel(), u"alice"_s),
                     u"111122223333 (zeta-payments)"_s);

            QSignalSpy loaded(window.get(), &MainWindow::loadCompleted);
            window->openPaths({b}); // another folder: its own (none)
            QVERIFY(loaded.wait(30000));
            QCOMPARE(window->session().accountAliasesPath(), QString());
            QCOMPARE(accountsOf(*window->findingsPage()->findingsModel(), u"alice"_s), u"111122223333"_s);
            window->openPaths({a}); // back: its aliases again
            QVERIFY(loaded.wait(30000));
            QCOMPARE(window->session().accountAliasesPath(), csv);
        }
        {
            // A new window (the next start) remembers it too.
            auto window = test::openWindow(filesOf(a));
            QVERIFY(window);
            QCOMPARE(window->session().accountAliasesPath(), csv);
            QCOMPARE(accountsOf(*window->findingsPage()->findingsModel(), u"alice"_s),
                     u"111122223333 (zeta-payments)"_s);
        }
    }

    void foundBesideTheLogsUnlessCleared()
    {
        const QString data = folder(u"with-lookups"_s);
        QDir().mkpath(data + u"/lookups"_s);
        const QString beside = data + u"/lookups/account_aliases.csv"_s;
        QVERIFY(test::writeFile(beside, kAliases));
        {
            auto window = test::openWindow(filesOf(data));
            QVERIFY(window);
            QCOMPARE(window->session().accountAliasesPath(), beside);
            QCOMPARE(accountsOf(*window->findingsPage()->findingsModel(), u"bob"_s),
                     u"444455556666 (alpha-sandbox)"_s);
            window->setAccountAliasesPath(QString()); // cleared on purpose: remembered as none
        }
        auto window = test::openWindow(filesOf(data));
        QVERIFY(window);
        QCOMPARE(window->session().accountAliasesPath(), QString());
        QCOMPARE(accountsOf(*window->findingsPage()->findingsModel(), u"bob"_s), u"444455556666"_s);
    }

    // Aliases chosen before any data (the window's first folder) belong to that folder.
    void chosenBeforeDataBelongToTheFirstFolder()
    {
        const QString data = folder(u"first"_s);
        const QString csv = m_dir.filePath(u"early.csv"_s);
        QVERIFY(test::writeFile(csv, kAliases));
        MainWindow window;
        window.setAccountAliasesPath(csv);
        QSignalSpy loaded(&window, &MainWindow::loadCompleted);
        window.openPaths({data});
        QVERIFY(loaded.wait(30000));
        QCOMPARE(window.session().accountAliasesPath(), csv);
        QCOMPARE(DataFolderHistory().aliasesFor(data), std::optional<QString>(csv));
    }
};

QTEST_MAIN(TestAccountAliasesUi)
#include "tst_accountaliasesui.moc"
