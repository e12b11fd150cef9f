// SPDX-License-Identifier: GPL-3.0-or-later

// Pivots (issue 14) on the real window, offscreen: the drill-down's context menu, opened through
// the view's own signal, offers "Show All Events with This Value" and "Findings with This Value";
// the first fills the Events with Value tab with every event with the value (every user, failed
// calls too), sortable, filterable, with its raw record; the second narrows the findings table.

#include "tests/support/testsupport.h"
#include "tests/support/windowsupport.h"
#include "ui/findingspage.h"
#include "ui/mainwindow.h"
#include "ui/models/eventsmodel.h"
#include "ui/models/findingsmodel.h"
#include "ui/models/findingsproxy.h"
#include "ui/pivotpage.h"
#include "ui/rawrecordpane.h"

#include <QAction>
#include <QApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSet>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace tw;

namespace {

// Opens view's context menu at index through the signal a right click emits, and triggers the
// action named actionName in it; false when the menu did not show or has no such action.
bool triggerContextAction(QTableView* view, const QModelIndex& index, const QString& actionName)
{
    bool found = false;
    auto* timer = new QTimer(view);
    timer->setInterval(5);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, actionName, &found] {
        auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
        if (!menu)
            return;
        timer->stop();
        timer->deleteLater();
        if (auto* action = menu->findChild<QAction*>(actionName); action && action->isEnabled()) {
            found = true;
            menu->close();
            action->trigger();
        } else {
            menu->close();
        }
    });
    timer->start();
    Q_EMIT view->customContextMenuRequested(view->visualRect(index).center());
    return found;
}

// The row of the drill-down's events with a value in column.
QModelIndex cellWithValue(const EventsModel* model, int column)
{
    for (int row = 0; row < model->rowCount(); ++row)
        if (!model->index(row, column).data().toString().isEmpty())
            return model->index(row, column);
    return {};
}

// For looking at the screens: TRAILWARDEN_GRAB_DIR=/some/dir ./tst_pivotpage
void grab(QWidget* widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("TRAILWARDEN_GRAB_DIR");
    if (dir.isEmpty())
        return;
    QCoreApplication::processEvents(); // the layout requests posted by the last change
    widget->grab().save(dir + u'/' + name + u".png"_s);
}

} // namespace

class TestPivotPage : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_settings;

    std::unique_ptr<MainWindow> openSample()
    {
        const QString sample = test::sampleDir();
        return test::openWindow({{sample + u"/AWSLogs"_s},
                                 sample + u"/lookups/aws_service_accounts.csv"_s,
                                 sample + u"/lookups/identity_lookup_expanded.csv"_s});
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid());
        QCoreApplication::setOrganizationName(u"TrailWardenTest"_s);
        QCoreApplication::setApplicationName(u"tst_pivotpage"_s);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
    }

    void init() { QSettings().clear(); }

    void showAllEventsWithValue_data()
    {
        QTest::addColumn<int>("column");
        QTest::newRow("region") << int(EventsModel::Region);
        QTest::newRow("source IP") << int(EventsModel::SourceIp);
        QTest::newRow("account") << int(EventsModel::Account);
        QTest::newRow("API") << int(EventsModel::EventName);
        QTest::newRow("user agent") << int(EventsModel::UserAgent);
        QTest::newRow("access key") << int(EventsModel::AccessKey);
        QTest::newRow("session") << int(EventsModel::Session);
    }

    void showAllEventsWithValue()
    {
        QFETCH(int, column);
        auto window = openSample();
        QVERIFY(window);
        FindingsPage* page = window->findingsPage();
        PivotPage* pivot = window->pivotPage();
        QVERIFY(pivot);
        QTRY_VERIFY(page->eventsModel()->rowCount() > 0);
        const QModelIndex cell = test::drillDownCellWithValue(page, column);
        QVERIFY(cell.isValid());
        // The value as the store has it (SortRole): the Account column shows a name beside the id
        // when the sample's account_aliases.csv is found beside its logs.
        const QString value = cell.data(EventsModel::SortRole).toString();
        const QString user = page->currentUser();

        QVERIFY(triggerContextAction(page->eventsView(), cell, u"pivotEventsAction"_s));
        pivot->waitForQueries();
        QCOMPARE(window->tabs()->currentWidget(), pivot);

        // What the store holds with that value, counted here by text: every user, any outcome.
        const auto store = window->session().store();
        const EventColumns& e = store->events;
        const std::vector<std::uint32_t>* columnOf[] = {nullptr,    &e.eventName, &e.eventSource, &e.region,
                                                        &e.account, &e.sourceIp,  &e.userAgent};
        const auto valueAt = [&](std::size_t i) {
            return column == EventsModel::AccessKey ? store->accessKey(i)
                   : column == EventsModel::Session ? store->session(i)
                                                    : (*columnOf[column])[i];
        };
        QSet<QString> users;
        int expected = 0;
        for (std::size_t i = 0; i < e.size(); ++i)
            if ((column == EventsModel::Session     ? store->sessionText(valueAt(i))
                 : column == EventsModel::AccessKey ? store->accessKeyText(valueAt(i))
                                                    : store->qstr(valueAt(i))) == value) {
                ++expected;
                users.insert(store->qstr(store->user(i, RuleSet::Ta7)));
            }
        EventsModel* model = pivot->eventsModel();
        QCOMPARE(model->rowCount(), expected);
        QVERIFY(expected > 0);
        QSet<QString> shownUsers;
        for (int row = 0; row < model->rowCount(); ++row) {
            QCOMPARE(model->index(row, column).data(EventsModel::SortRole).toString(), value);
            shownUsers.insert(model->index(row, EventsModel::User).data().toString());
        }
        QCOMPARE(shownUsers, users);
        QVERIFY(pivot->titleLabel()->text().contains(value));
        // ... as the tables show it: an account with its name from the sample's aliases.
        QVERIFY2(pivot->titleLabel()->text().contains(cell.data().toString()),
                 qPrintable(pivot->titleLabel()->text() + u" | "_s + cell.data().toString()));

        grab(window.get(), u"pivot-"_s + QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-'));

        // The header's arrow says what the rows are: oldest first, by time (its default was column 0
        // descending while the rows were ascending).
        const QHeaderView* header = pivot->eventsView()->horizontalHeader();
        QCOMPARE(header->sortIndicatorSection(), int(EventsModel::Time));
        QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);
        for (int row = 1; row < model->rowCount(); ++row)
            QVERIFY(model->index(row - 1, EventsModel::Time).data(EventsModel::SortRole).toLongLong() <=
                    model->index(row, EventsModel::Time).data(EventsModel::SortRole).toLongLong());

        // Sortable: by user, descending.
        pivot->eventsView()->sortByColumn(EventsModel::User, Qt::DescendingOrder);
        for (int row = 1; row < model->rowCount(); ++row)
            QVERIFY(model->index(row - 1, EventsModel::User).data().toString() >=
                    model->index(row, EventsModel::User).data().toString());

        // The raw record of the current event.
        pivot->eventsView()->setCurrentIndex(model->index(0, 0));
        pivot->rawPane()->waitForRecord();
        QVERIFY(pivot->rawPane()->text().contains(value.left(20)));

        // Filterable: the finding's user alone.
        pivot->filterEdit()->setText(user);
        QTRY_COMPARE(model->filterText(), user);
        QVERIFY(model->rowCount() > 0);
        for (int row = 0; row < model->rowCount(); ++row) {
            bool hit = false;
            for (int c = EventsModel::EventName; c < EventsModel::ColumnCount; ++c)
                hit |= model->index(row, c).data().toString().contains(user, Qt::CaseInsensitive);
            QVERIFY(hit);
        }
    }

    // The region every sample event has: the pivot holds failed calls and users on the lists too.
    void pivotCrossesUsersAndOutcomes()
    {
        auto window = openSample();
        QVERIFY(window);
        FindingsPage* page = window->findingsPage();
        QTRY_VERIFY(page->eventsModel()->rowCount() > 0);
        const QModelIndex cell = cellWithValue(page->eventsModel(), EventsModel::Region);
        QVERIFY(triggerContextAction(page->eventsView(), cell, u"pivotEventsAction"_s));
        window->pivotPage()->waitForQueries();
        EventsModel* model = window->pivotPage()->eventsModel();
        QSet<QString> findingUsers;
        for (int row = 0; row < page->findingsModel()->rowCount(); ++row)
            findingUsers.insert(page->findingsModel()->index(row, FindingsModel::User).data().toString());
        bool failed = false, notAFinding = false;
        for (int row = 0; row < model->rowCount(); ++row) {
            failed |= !model->index(row, EventsModel::Error).data().toString().isEmpty();
            notAFinding |= !findingUsers.contains(model->index(row, EventsModel::User).data().toString());
        }
        QVERIFY(failed);
        QVERIFY(notAFinding);
    }

    void findingsWithValue()
    {
        auto window = openSample();
        QVERIFY(window);
        FindingsPage* page = window->findingsPage();
        QTRY_VERIFY(page->eventsModel()->rowCount() > 0);
        const QModelIndex cell = cellWithValue(page->eventsModel(), EventsModel::SourceIp);
        QVERIFY(cell.isValid());
        const QString ip = cell.data().toString();
        const int all = page->findingsProxy()->rowCount();

        QVERIFY(triggerContextAction(page->eventsView(), cell, u"pivotFindingsAction"_s));
        window->pivotPage()->waitForQueries();
        QCOMPARE(window->tabs()->currentWidget(), page);
        QVERIFY(page->pivotBanner()->isVisible());
        QVERIFY(page->pivotBanner()->findChild<QLabel*>()->text().contains(ip));
        grab(window.get(), u"pivot-findings"_s);

        // The findings with a successful event from the address, counted here by text.
        const auto store = window->session().store();
        QSet<QString> expected;
        for (std::size_t i = 0; i < store->events.size(); ++i)
            if (store->successful(i, RuleSet::Ta7) && store->qstr(store->events.sourceIp[i]) == ip)
                expected.insert(store->qstr(store->user(i, RuleSet::Ta7)));
        QSet<QString> shown;
        for (int row = 0; row < page->findingsProxy()->rowCount(); ++row)
            shown.insert(page->findingsProxy()->index(row, FindingsModel::User).data().toString());
        QVERIFY(!shown.isEmpty());
        for (const QString& user : std::as_const(shown))
            QVERIFY2(expected.contains(user), qPrintable(user));
        QSet<QString> allFindings;
        for (int row = 0; row < page->findingsModel()->rowCount(); ++row)
            allFindings.insert(page->findingsModel()->index(row, FindingsModel::User).data().toString());
        QCOMPARE(shown, expected & allFindings);

        page->showAllFindings();
        QCOMPARE(page->findingsProxy()->rowCount(), all);
        QVERIFY(!page->pivotBanner()->isVisible());
    }

    // Time and read-only are no pivots: the menu has no pivot action there.
    void noPivotOnTime()
    {
        auto window = openSample();
        QVERIFY(window);
        FindingsPage* page = window->findingsPage();
        QTRY_VERIFY(page->eventsModel()->rowCount() > 0);
        QVERIFY(!triggerContextAction(page->eventsView(), page->eventsModel()->index(0, EventsModel::Time),
                                      u"pivotEventsAction"_s));
    }
};

QTEST_MAIN(TestPivotPage)
#include "tst_pivotpage.moc"
