// SPDX-License-Identifier: GPL-3.0-or-later

// Workspaces (issue 14): File ▸ Save Workspace writes the data, lists, rules and the view (filters,
// sort, selection, column layout) to one JSON file; opening it in a fresh window restores the same
// view; the last one reopens at start; a bad file is refused with a message naming file and reason.

#include "tests/support/testsupport.h"
#include "tests/support/windowsupport.h"
#include "ui/findingspage.h"
#include "ui/mainwindow.h"
#include "ui/models/eventsmodel.h"
#include "ui/models/findingsmodel.h"
#include "ui/models/findingsproxy.h"
#include "ui/workspace.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMessageBox>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace tw;

namespace {

QStringList selectedUsers(const MainWindow& window)
{
    QStringList users = window.findingsPage()->selectedUsers();
    users.sort();
    return users;
}

using test::shownUsers;

QString aliasesBesideSample()
{
    return QFileInfo(test::sampleDir() + u"/lookups/account_aliases.csv"_s).absoluteFilePath();
}

// The findings table's Accounts column, every row, as displayed.
QString accountsShown(const MainWindow& window)
{
    const FindingsModel* model = window.findingsPage()->findingsModel();
    QStringList out;
    for (int row = 0; row < model->rowCount(); ++row)
        out << model->index(row, FindingsModel::Accounts).data().toString();
    return out.join(u'\n');
}

} // namespace

class TestWorkspace : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_settings;
    QTemporaryDir m_dir;
    QString m_approved;
    QString m_identities;

    std::unique_ptr<MainWindow> openSample()
    {
        return test::openWindow({{test::sampleDir() + u"/AWSLogs"_s}, m_approved, m_identities});
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid());
        QVERIFY(m_dir.isValid());
        QCoreApplication::setOrganizationName(u"TrailWardenTest"_s);
        QCoreApplication::setApplicationName(u"tst_workspace"_s);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
        // Copies of the sample's lists: the window may create files beside them.
        m_approved = m_dir.filePath(u"approved.csv"_s);
        m_identities = m_dir.filePath(u"identities.csv"_s);
        QVERIFY(QFile::copy(test::sampleDir() + u"/lookups/aws_service_accounts.csv"_s, m_approved));
        QVERIFY(QFile::copy(test::sampleDir() + u"/lookups/identity_lookup_expanded.csv"_s, m_identities));
    }

    void init() { QSettings().clear(); }

    void fileRoundTrip()
    {
        Workspace w;
        w.dataPaths = {u"/logs/a"_s, u"/logs/b ü"_s};
        w.approved = u"/lists/approved.csv"_s;
        w.identities = u"/lists/ids.csv"_s;
        w.aliases = u"/lists/account_aliases.csv"_s;
        w.rules = u"legacy"_s;
        w.localTime = true;
        w.filter = u"root 203.0"_s;
        w.eventsFilter = u"Delete"_s;
        w.selection = {u"alice"_s, u"bob\u200b"_s};
        w.current = u"bob\u200b"_s;
        w.findingsHeader = QByteArray("\x00\x01\xff header", 10);
        w.eventsHeader = "events";
        const QString path = m_dir.filePath(u"round.twworkspace"_s);
        QString error;
        QVERIFY2(writeWorkspace(path, w, &error), qPrintable(error));
        const std::optional<Workspace> r = readWorkspace(path, &error);
        QVERIFY2(r, qPrintable(error));
        QCOMPARE(r->dataPaths, w.dataPaths);
        QCOMPARE(r->approved, w.approved);
        QCOMPARE(r->identities, w.identities);
        QCOMPARE(r->aliases, w.aliases);
        QCOMPARE(r->rules, w.rules);
        QCOMPARE(r->localTime, w.localTime);
        QCOMPARE(r->filter, w.filter);
        QCOMPARE(r->eventsFilter, w.eventsFilter);
        QCOMPARE(r->selection, w.selection);
        QCOMPARE(r->current, w.current);
        QCOMPARE(r->findingsHeader, w.findingsHeader);
        QCOMPARE(r->eventsHeader, w.eventsHeader);

        // "No aliases" is saved as such; a workspace without the member does not name any.
        w.aliases = QString();
        QVERIFY2(writeWorkspace(path, w, &error), qPrintable(error));
        QCOMPARE(readWorkspace(path, &error)->aliases, std::optional<QString>(QString()));
        w.aliases.reset();
        QVERIFY2(writeWorkspace(path, w, &error), qPrintable(error));
        QVERIFY(!readWorkspace(path, &error)->aliases);
    }

    void badFile_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("reason");
        QTest::newRow("not JSON") << QByteArray("{\"format\": ") << u"not valid JSON"_s;
        QTest::newRow("other JSON") << QByteArray("[1, 2]") << u"not a TrailWarden workspace"_s;
        QTest::newRow("newer") << QByteArray(
                                      R"({"format":"trailwarden-workspace","version":99,"dataPaths":["/x"]})")
                               << u"version 99 is newer"_s;
        QTest::newRow("wrong type")
            << QByteArray(R"({"format":"trailwarden-workspace","version":1,"dataPaths":"/x"})")
            << u"\"dataPaths\" has the wrong type"_s;
        QTest::newRow("aliases not text")
            << QByteArray(R"({"format":"trailwarden-workspace","version":1,"dataPaths":["/x"],"aliases":7})")
            << u"\"aliases\" has the wrong type"_s;
        QTest::newRow("bad rules")
            << QByteArray(R"({"format":"trailwarden-workspace","version":1,"dataPaths":["/x"],"rules":"x"})")
            << u"\"rules\" must be"_s;
        QTest::newRow("no data") << QByteArray(R"({"format":"trailwarden-workspace","version":1})")
                                 << u"no \"dataPaths\""_s;
    }

    // Refused with the file and the reason, in readWorkspace() and in the window's dialog; the
    // window keeps what it shows.
    void badFile()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, reason);
        const QString path = m_dir.filePath(u"bad.twworkspace"_s);
        QVERIFY(test::writeFile(path, content));
        QString error;
        QVERIFY(!readWorkspace(path, &error));
        QVERIFY2(error.startsWith(path + u": "_s) && error.contains(reason), qPrintable(error));

        auto window = openSample();
        QVERIFY(window);
        const QStringList before = shownUsers(*window);
        QString shown;
        test::onNextModal(window.get(), [&shown](QWidget* modal) {
            auto* box = qobject_cast<QMessageBox*>(modal);
            if (box && box->objectName() == u"workspaceErrorBox")
                shown = box->text() + u'\n' + box->informativeText();
            modal->close();
        });
        QVERIFY(!window->openWorkspace(path));
        QVERIFY2(shown.contains(QDir::toNativeSeparators(path)) && shown.contains(reason), qPrintable(shown));
        QCOMPARE(shownUsers(*window), before);
        QCOMPARE(QSettings().value(u"workspace/last"_s).toString(), QString());
    }

    void missingFile()
    {
        QString error;
        const QString path = m_dir.filePath(u"absent.twworkspace"_s);
        QVERIFY(!readWorkspace(path, &error));
        QVERIFY2(error.startsWith(path + u": "_s), qPrintable(error));
    }

    // Save in one window, open in a fresh one: the same data, lists, rules and view.
    void reopenRestoresView()
    {
        const QString path = m_dir.filePath(u"view.twworkspace"_s);
        QStringList shown, selected;
        QString current;
        QByteArray findingsHeader;
        {
            auto window = openSample();
            QVERIFY(window);
            FindingsPage* page = window->findingsPage();
            QTableView* view = page->findingsView();
            view->sortByColumn(FindingsModel::Count, Qt::AscendingOrder);
            view->setColumnHidden(FindingsModel::IdentityTypes, true);
            view->horizontalHeader()->resizeSection(FindingsModel::User, 333);
            page->setFilterText(u"a"_s);
            page->waitForFilter();
            QVERIFY(page->findingsProxy()->rowCount() >= 3);
            const auto* proxy = page->findingsProxy();
            view->selectionModel()->select(QItemSelection(proxy->index(1, 0), proxy->index(2, 0)),
                                           QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            view->selectionModel()->setCurrentIndex(proxy->index(2, 0), QItemSelectionModel::NoUpdate);
            page->setEventsFilterText(u"s3"_s);
            shown = shownUsers(*window);
            selected = selectedUsers(*window);
            current = page->currentUserId();
            findingsHeader = view->horizontalHeader()->saveState();
            QVERIFY(window->saveWorkspace(path));
            QCOMPARE(QSettings().value(u"workspace/last"_s).toString(), path);
        }
        QVERIFY(QFile::exists(path));
        QSettings().remove(u"window"_s); // the view must come from the workspace, not the window's settings

        MainWindow window;
        window.resize(1200, 800);
        window.show();
        QSignalSpy loaded(&window, &MainWindow::loadCompleted);
        QVERIFY(window.openWorkspace(path));
        QVERIFY(loaded.wait(30000));
        FindingsPage* page = window.findingsPage();
        page->waitForFilter();
        QCOMPARE(window.session().approvedPath(), m_approved);
        QCOMPARE(window.session().identityPath(), m_identities);
        QCOMPARE(window.inputPaths(), QStringList{test::sampleDir() + u"/AWSLogs"_s});
        QCOMPARE(page->filterEdit()->text(), u"a"_s);
        QCOMPARE(page->eventsFilterEdit()->text(), u"s3"_s);
        QCOMPARE(page->eventsModel()->filterText(), u"s3"_s);
        QHeaderView* header = page->findingsView()->horizontalHeader();
        QCOMPARE(header->sortIndicatorSection(), int(FindingsModel::Count));
        QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);
        QVERIFY(header->isSectionHidden(FindingsModel::IdentityTypes));
        QCOMPARE(header->sectionSize(FindingsModel::User), 333);
        QCOMPARE(shownUsers(window), shown);
        QCOMPARE(selectedUsers(window), selected);
        QCOMPARE(page->currentUserId(), current);
    }

    // The account aliases in use are part of the workspace: a workspace brings back its own, also when
    // the folder's remembered choice changed since it was saved (or the settings are another
    // machine's), and one saved without aliases shows the ids alone.
    void aliasesRestored()
    {
        const QString names = m_dir.filePath(u"names.csv"_s);
        QVERIFY(test::writeFile(names, "account_id,name\n655199147148,workspace-prod\n"));
        const QString named = m_dir.filePath(u"named.twworkspace"_s);
        const QString unnamed = m_dir.filePath(u"unnamed.twworkspace"_s);
        {
            auto window = openSample();
            QVERIFY(window);
            window->setAccountAliasesPath(names);
            QVERIFY(window->saveWorkspace(named));
            window->setAccountAliasesPath(QString());
            QVERIFY(window->saveWorkspace(unnamed));
            window->setAccountAliasesPath(aliasesBesideSample()); // what the folder remembers now
        }
        MainWindow window;
        window.show();
        QSignalSpy loaded(&window, &MainWindow::loadCompleted);
        QVERIFY(window.openWorkspace(named));
        QVERIFY(loaded.wait(30000));
        QCOMPARE(window.session().accountAliasesPath(), names);
        QVERIFY(accountsShown(window).contains(u"655199147148 (workspace-prod)"_s));

        QVERIFY(window.openWorkspace(unnamed));
        QVERIFY(loaded.wait(30000));
        QCOMPARE(window.session().accountAliasesPath(), QString());
        const QString accounts = accountsShown(window);
        QVERIFY2(accounts.contains(u"655199147148"_s) && !accounts.contains(u"655199147148 ("_s),
                 qPrintable(accounts));
    }

    // A workspace written before aliases were saved in it opens as it did: the folder's aliases (the
    // sample's account_aliases.csv beside its logs) are used.
    void workspaceWithoutAliasesOpens()
    {
        const QString path = m_dir.filePath(u"older.twworkspace"_s);
        QJsonObject older;
        older.insert(u"format"_s, u"trailwarden-workspace"_s);
        older.insert(u"version"_s, 1);
        older.insert(u"dataPaths"_s, QJsonArray::fromStringList({test::sampleDir() + u"/AWSLogs"_s}));
        older.insert(u"approved"_s, m_approved);
        older.insert(u"filter"_s, u"root"_s);
        QVERIFY(test::writeFile(path, QJsonDocument(older).toJson()));
        MainWindow window;
        window.show();
        QSignalSpy loaded(&window, &MainWindow::loadCompleted);
        QVERIFY(window.openWorkspace(path));
        QVERIFY(loaded.wait(30000));
        QCOMPARE(window.session().approvedPath(), m_approved);
        QCOMPARE(window.session().accountAliasesPath(), aliasesBesideSample());
        QCOMPARE(window.findingsPage()->filterEdit()->text(), u"root"_s);
    }

    // At start, the window reopens the workspace saved last.
    void lastWorkspaceReopens()
    {
        const QString path = m_dir.filePath(u"last.twworkspace"_s);
        {
            auto window = openSample();
            QVERIFY(window);
            window->findingsPage()->setFilterText(u"root"_s);
            QVERIFY(window->saveWorkspace(path));
        }
        MainWindow window;
        window.show();
        QSignalSpy loaded(&window, &MainWindow::loadCompleted);
        QVERIFY(window.reopenLastWorkspace());
        QVERIFY(loaded.wait(30000));
        QCOMPARE(window.workspacePath(), path);
        QCOMPARE(window.findingsPage()->filterEdit()->text(), u"root"_s);
        QVERIFY(window.findingsPage()->findingsProxy()->rowCount() > 0);

        QSettings().clear();
        MainWindow fresh;
        QVERIFY(!fresh.reopenLastWorkspace());
    }

    // A workspace that cannot be written is a failure with the reason; nothing else changes.
    void saveFailure()
    {
        auto window = openSample();
        QVERIFY(window);
        const QString path = m_dir.filePath(u"no-such-folder/x.twworkspace"_s);
        QString shown;
        test::onNextModal(window.get(), [&shown](QWidget* modal) {
            if (auto* box = qobject_cast<QMessageBox*>(modal))
                shown = box->text() + u'\n' + box->informativeText();
            modal->close();
        });
        QVERIFY(!window->saveWorkspace(path));
        QVERIFY2(shown.contains(QDir::toNativeSeparators(path)), qPrintable(shown));
        QVERIFY(!QFile::exists(path));
        QCOMPARE(QSettings().value(u"workspace/last"_s).toString(), QString());
    }
};

QTEST_MAIN(TestWorkspace)
#include "tst_workspace.moc"
