// SPDX-License-Identifier: GPL-3.0-or-later

// The review window's models and proxies over a real store (the bundled sample), each watched by
// QAbstractItemModelTester through resets, incremental updates, sorting and filtering.

#include "core/analysissession.h"
#include "core/detection/detection.h"
#include "core/detection/sensitiveapis.h"
#include "core/lists/identitylists.h"
#include "tests/support/testsupport.h"
#include "ui/models/eventsmodel.h"
#include "ui/models/findingsmodel.h"
#include "ui/models/findingsproxy.h"
#include "ui/models/loadproblemsmodel.h"
#include "ui/models/stablesortproxy.h"

#include <QAbstractItemModelTester>
#include <QHeaderView>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace tw;

namespace {

const QString kSample = tw::test::sampleDir();

QStringList users(const QAbstractItemModel& model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out.append(model.index(row, FindingsModel::User).data().toString());
    return out;
}

// The users of a fresh model over the same snapshot, sorted from scratch: what any sequence of
// updates under that sort must show.
QStringList freshlySorted(const std::shared_ptr<const EventStore>& store,
                          const std::shared_ptr<const DetectionResult>& result, int column,
                          Qt::SortOrder order)
{
    FindingsModel fresh;
    fresh.sort(column, order);
    fresh.setSnapshot(store, result);
    fresh.waitForSort();
    return users(fresh);
}

// Whether the rows are in the column's order, ties by user byte-wise ascending whatever the order.
bool inSortOrder(const QAbstractItemModel& model, int column, Qt::SortOrder order)
{
    for (int row = 1; row < model.rowCount(); ++row) {
        const QVariant a = model.index(row - 1, column).data(FindingsModel::SortRole);
        const QVariant b = model.index(row, column).data(FindingsModel::SortRole);
        const QPartialOrdering c = QVariant::compare(a, b);
        if (c == (order == Qt::AscendingOrder ? QPartialOrdering::Greater : QPartialOrdering::Less))
            return false;
        if (c == QPartialOrdering::Equivalent &&
            model.index(row - 1, FindingsModel::User).data(FindingsModel::SortRole).toInt() >
                model.index(row, FindingsModel::User).data(FindingsModel::SortRole).toInt())
            return false;
    }
    return true;
}

} // namespace

class TestFindingsModel : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<const EventStore> m_store;
    std::shared_ptr<const ActivityTable> m_activity;

    std::shared_ptr<const DetectionResult> detect(const QStringList& approved) const
    {
        const IdentityMatcher identities(
            loadIdentityList(kSample + u"/lookups/identity_lookup_expanded.csv"_s).identities);
        return std::make_shared<const DetectionResult>(
            runDetection(*m_store, *m_activity, IdentityMatcher(approved), identities));
    }

private Q_SLOTS:
    void initTestCase()
    {
        AnalysisSession session;
        session.load({kSample + u"/AWSLogs"_s});
        session.waitForLoad();
        m_store = session.store();
        QVERIFY(m_store);
        QCOMPARE(m_store->counts.events, 6000u);
        m_activity = session.activity();
        QVERIFY(m_activity);
    }

    void findingsColumnsAndSortRole()
    {
        FindingsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(m_store, detect({}));
        QCOMPARE(model.rowCount(), 40); // identity list only (24 with both lists, 73 with none)
        QCOMPARE(model.columnCount(), int(FindingsModel::ColumnCount));

        const int root = int(users(model).indexOf(u"root"_s));
        QVERIFY(root >= 0);
        QCOMPARE(model.index(root, FindingsModel::Count).data(FindingsModel::SortRole).toULongLong(), 23u);
        QCOMPARE(model.index(root, FindingsModel::FirstSeen).data().toString(), u"2026-10-01T07:15:29"_s);
        QCOMPARE(model.index(root, FindingsModel::FirstSeen).data(FindingsModel::SortRole).typeId(),
                 QMetaType::LongLong);
        QVERIFY(model.index(root, FindingsModel::ApiNames).data().toString().contains(u"ConsoleLogin"_s));
        QCOMPARE(model.index(root, FindingsModel::DistinctApis).data(FindingsModel::SortRole).toULongLong(),
                 qulonglong(model.activityAt(root)->eventNames.size()));
        QCOMPARE(model.index(root, FindingsModel::IdentityTypes).data().toString(), u"Root"_s);

        // Local time carries its offset.
        model.setLocalTime(true);
        const QString local = model.index(root, FindingsModel::FirstSeen).data().toString();
        QVERIFY2(local.size() == 25 && (local[19] == u'+' || local[19] == u'-'), qPrintable(local));
        QVERIFY(model.headerData(FindingsModel::FirstSeen, Qt::Horizontal).toString().contains(u"local"_s));
    }

    // docs/detection.md, Risk: the risk, write and failed columns, and sensitive APIs first in the names.
    void riskWriteFailedAndSensitiveFirst()
    {
        FindingsModel model;
        model.setSnapshot(m_store, detect({}));
        int sensitiveRow = -1;
        for (int row = 0; row < model.rowCount(); ++row) {
            const UserActivity& a = *model.activityAt(row);
            QCOMPARE(model.index(row, FindingsModel::Risk).data(FindingsModel::SortRole).toInt(), a.risk);
            QCOMPARE(model.index(row, FindingsModel::Risk).data().toInt(), a.risk);
            QVERIFY(model.index(row, FindingsModel::Risk)
                        .data(Qt::ToolTipRole)
                        .toString()
                        .contains(a.riskExplanation));
            QVERIFY(a.riskExplanation.startsWith(QString::number(a.risk) + u':'));
            QCOMPARE(model.index(row, FindingsModel::Writes).data(FindingsModel::SortRole).toULongLong(),
                     a.writeCount);
            QCOMPARE(model.index(row, FindingsModel::Failed).data(FindingsModel::SortRole).toULongLong(),
                     a.failedCount);
            if (!a.sensitive.empty() && sensitiveRow < 0)
                sensitiveRow = row;
        }
        QVERIFY2(sensitiveRow >= 0, "the test data has a finding with a sensitive call");
        const UserActivity& a = *model.activityAt(sensitiveRow);
        const SensitiveApi& first = builtinSensitiveApis().apis[a.sensitive.front().api];
        const QString names = model.index(sensitiveRow, FindingsModel::ApiNames).data().toString();
        const QString expectedStart = u"\u26A0 "_s + QString::fromUtf8(first.eventName) + u" \u00D7"_s +
                                      QString::number(a.sensitive.front().count);
        QVERIFY2(names.startsWith(expectedStart), qPrintable(names));
        // Each name once: the sensitive ones are not repeated among the rest.
        QCOMPARE(names.count(u", "_s) + 1, qsizetype(a.eventNames.size()));
        QVERIFY(a.riskExplanation.contains(QString::fromUtf8(first.eventName) + u" (+"_s));

        FindingsProxy proxy;
        proxy.setSourceModel(&model);
        proxy.sort(FindingsModel::Risk, Qt::DescendingOrder);
        for (int row = 1; row < proxy.rowCount(); ++row)
            QVERIFY(proxy.index(row - 1, FindingsModel::Risk).data(FindingsModel::SortRole).toInt() >=
                    proxy.index(row, FindingsModel::Risk).data(FindingsModel::SortRole).toInt());
    }

    void incrementalUpdateKeepsOtherRows()
    {
        FindingsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(m_store, detect({}));
        const QStringList all = users(model);

        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

        // Approve three users, two of them adjacent: two removal runs, no reset.
        const QStringList gone = {all[3], all[4], all[30]};
        model.setSnapshot(m_store, detect(gone));
        QCOMPARE(resets.count(), 0);
        QCOMPARE(removed.count(), 2);
        QStringList expected = all;
        for (const QString& u : gone)
            expected.removeAll(u);
        QCOMPARE(users(model), expected);

        // Undo: they come back in place.
        model.setSnapshot(m_store, detect({}));
        QCOMPARE(resets.count(), 0);
        QCOMPARE(inserted.count(), 2);
        QCOMPARE(users(model), all);

        // A wildcard approval that removes many, then the same result again: nothing happens.
        model.setSnapshot(m_store, detect({u"AWS*"_s}));
        const int after = model.rowCount();
        QVERIFY(after < all.size());
        removed.clear();
        model.setSnapshot(m_store, detect({u"AWS*"_s}));
        QCOMPARE(removed.count(), 0);
        QCOMPARE(model.rowCount(), after);

        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void expiredApprovalFlagIsRepainted()
    {
        FindingsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto plain = detect({});
        model.setSnapshot(m_store, plain);
        QVERIFY(model.index(2, FindingsModel::User).data(Qt::DecorationRole).isNull());

        // Same users, one of them now flagged "approval expired": no reset, one cell repainted.
        auto flagged = std::make_shared<DetectionResult>(*plain);
        flagged->expiredApproval.assign(flagged->findings.size(), QString());
        flagged->expiredApproval[2] = u"svc-*"_s;
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.setSnapshot(m_store, flagged);
        QCOMPARE(resets.count(), 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 2);
        QVERIFY(!model.index(2, FindingsModel::User).data(Qt::DecorationRole).isNull());
        QVERIFY(model.index(2, FindingsModel::User).data(Qt::ToolTipRole).toString().contains(u"svc-*"_s));

        changed.clear();
        model.setSnapshot(m_store, plain);
        QCOMPARE(changed.count(), 1);
        QVERIFY(model.index(2, FindingsModel::User).data(Qt::DecorationRole).isNull());
    }

    void proxySortsByValueWithStableTies()
    {
        FindingsModel model;
        FindingsProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(m_store, detect({}));

        for (Qt::SortOrder order : {Qt::DescendingOrder, Qt::AscendingOrder}) {
            proxy.sort(FindingsModel::Count, order);
            for (int row = 1; row < proxy.rowCount(); ++row) {
                const auto a =
                    proxy.index(row - 1, FindingsModel::Count).data(FindingsModel::SortRole).toULongLong();
                const auto b =
                    proxy.index(row, FindingsModel::Count).data(FindingsModel::SortRole).toULongLong();
                QVERIFY(order == Qt::DescendingOrder ? a >= b : a <= b);
                // Ties: by user, byte-wise ascending, whatever the order.
                if (a == b) {
                    const QByteArray ua = proxy.index(row - 1, 0).data().toString().toUtf8();
                    const QByteArray ub = proxy.index(row, 0).data().toString().toUtf8();
                    QVERIFY2(ua < ub, QByteArray(ua + " / " + ub).constData());
                }
            }
        }
        // Numbers, not text: "100" after "99".
        proxy.sort(FindingsModel::Count, Qt::AscendingOrder);
        QCOMPARE(proxy.index(proxy.rowCount() - 1, FindingsModel::Count)
                     .data(FindingsModel::SortRole)
                     .toULongLong(),
                 [&] {
                     quint64 max = 0;
                     for (int r = 0; r < model.rowCount(); ++r)
                         max = std::max<quint64>(max, model.activityAt(r)->count);
                     return max;
                 }());
        // Times as numbers.
        proxy.sort(FindingsModel::LastSeen, Qt::DescendingOrder);
        QVERIFY(proxy.index(0, FindingsModel::LastSeen).data(FindingsModel::SortRole).toLongLong() >=
                proxy.index(1, FindingsModel::LastSeen).data(FindingsModel::SortRole).toLongLong());
        // The user column sorts byte-wise (uppercase before lowercase), as Splunk does.
        proxy.sort(FindingsModel::User, Qt::AscendingOrder);
        QCOMPARE(users(proxy), users(model));

        // Incremental removal while sorted keeps the sort.
        proxy.sort(FindingsModel::Count, Qt::DescendingOrder);
        const QString top = proxy.index(0, 0).data().toString();
        model.setSnapshot(m_store, detect({top}));
        QVERIFY(!users(proxy).contains(top));
        QVERIFY(proxy.index(0, FindingsModel::Count).data(FindingsModel::SortRole).toULongLong() >=
                proxy.index(1, FindingsModel::Count).data(FindingsModel::SortRole).toULongLong());
    }

    // Issue 13: an imported result has 100,000 findings, and their first sort (at every load) was
    // ~160 ms of UI thread in the proxy. From the threshold on, the sort is a worker's: the owner
    // thread makes no comparison, the rows arrive in order, and a click on a header sorts right,
    // with a filter too.
    void largeSortIsAWorkersAndHeaderClicksSortRight()
    {
        FindingsModel model;
        FindingsProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTableView view;
        view.setModel(&proxy);
        view.setSortingEnabled(true);
        view.sortByColumn(FindingsModel::Risk, Qt::DescendingOrder); // the window's first sort
        model.setAsyncSortThreshold(8);                              // the sample's 40 findings count as many
        const auto result = detect({});

        QSignalSpy sorting(&model, &FindingsModel::sortingChanged);
        model.setSnapshot(m_store, result);
        QCOMPARE(model.rowCount(), 40);
        QVERIFY(model.isSorting());
        QCOMPARE(model.ownerThreadComparisons(), 0u);
        model.waitForSort();
        QVERIFY(!model.isSorting());
        QCOMPARE(sorting.count(), 2); // sorting, then done
        QCOMPARE(model.ownerThreadComparisons(), 0u);
        QVERIFY(model.workerComparisons() > 0);
        QVERIFY(inSortOrder(proxy, FindingsModel::Risk, Qt::DescendingOrder));
        QCOMPARE(users(proxy), freshlySorted(m_store, result, FindingsModel::Risk, Qt::DescendingOrder));

        // A click on the Count header: the header's order, on a worker, the current row kept.
        view.resize(1000, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setCurrentIndex(proxy.index(5, FindingsModel::User));
        const QString current = view.currentIndex().data().toString();
        QHeaderView* header = view.horizontalHeader();
        const auto click = [&](int column) {
            QTest::mouseClick(
                header->viewport(), Qt::LeftButton, {},
                QPoint(header->sectionViewportPosition(column) + header->sectionSize(column) / 2,
                       header->height() / 2));
        };
        view.scrollTo(proxy.index(0, FindingsModel::Count), QAbstractItemView::PositionAtCenter);
        click(FindingsModel::Count);
        QCOMPARE(header->sortIndicatorSection(), int(FindingsModel::Count));
        const Qt::SortOrder first = header->sortIndicatorOrder();
        model.waitForSort();
        QCOMPARE(model.sortColumn(), int(FindingsModel::Count));
        QCOMPARE(model.sortOrder(), first);
        QVERIFY(inSortOrder(proxy, FindingsModel::Count, first));
        QCOMPARE(users(proxy), freshlySorted(m_store, result, FindingsModel::Count, first));
        QCOMPARE(view.currentIndex().data().toString(), current);

        // With a filter: the rows that pass, in the order of the next click (the other one).
        proxy.setFilterText(u"AssumedRole"_s);
        const int shown = proxy.rowCount();
        QVERIFY(shown > 2 && shown < model.rowCount());
        // Each row's text was searched once; the sort's layout change searches none again.
        const quint64 searches = proxy.textSearches();
        QCOMPARE(searches, quint64(model.rowCount()));
        click(FindingsModel::Count);
        const Qt::SortOrder second = header->sortIndicatorOrder();
        QVERIFY(second != first);
        model.waitForSort();
        QCOMPARE(proxy.textSearches(), searches);
        QCOMPARE(proxy.rowCount(), shown);
        QVERIFY(inSortOrder(proxy, FindingsModel::Count, second));
        QStringList expected = freshlySorted(m_store, result, FindingsModel::Count, second);
        const QStringList passing = users(proxy);
        expected.removeIf([&passing](const QString& u) { return !passing.contains(u); });
        QCOMPARE(passing, expected);
        QCOMPARE(model.ownerThreadComparisons(), 0u);
    }

    // An approval, an undo and a wildcard under a sort: no reset, the kept rows keep their place,
    // the rows brought back go where the sort puts them, and the order is always a fresh sort's.
    void incrementalUpdatesKeepTheSort()
    {
        FindingsModel model;
        FindingsProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.sort(FindingsModel::Count, Qt::DescendingOrder);
        const auto all = detect({});
        model.setSnapshot(m_store, all);
        QVERIFY(!model.isSorting()); // 40 rows: at once
        const QStringList shown = users(proxy);
        QCOMPARE(shown, freshlySorted(m_store, all, FindingsModel::Count, Qt::DescendingOrder));

        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        // Three rows apart in the table: three removals, then three insertions in place.
        const QStringList three = {shown[2], shown[20], shown[33]};
        const auto approved = detect(three);
        model.setSnapshot(m_store, approved);
        QCOMPARE(model.rowCount(), 37);
        QCOMPARE(users(proxy), freshlySorted(m_store, approved, FindingsModel::Count, Qt::DescendingOrder));
        model.setSnapshot(m_store, all);
        QCOMPARE(inserted.count(), 3);
        QCOMPARE(users(proxy), shown);

        // Every other row of the table: more runs than signals are worth, so one layout change and
        // one block each way.
        QStringList half;
        for (int row = 0; row < shown.size(); row += 2)
            half << shown[row];
        const auto halved = detect(half);
        inserted.clear();
        model.setSnapshot(m_store, halved);
        QCOMPARE(model.rowCount(), 20);
        QCOMPARE(users(proxy), freshlySorted(m_store, halved, FindingsModel::Count, Qt::DescendingOrder));
        model.setSnapshot(m_store, all);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(users(proxy), shown);
        QCOMPARE(resets.count(), 0);

        // An update while a worker sorts: the worker's order is dropped, the new rows sorted.
        model.setAsyncSortThreshold(8);
        proxy.sort(FindingsModel::LastSeen, Qt::AscendingOrder);
        QVERIFY(model.isSorting());
        model.setSnapshot(m_store, approved);
        QVERIFY(model.isSorting());
        model.waitForSort();
        QCOMPARE(users(proxy), freshlySorted(m_store, approved, FindingsModel::LastSeen, Qt::AscendingOrder));
    }

    void proxyFiltersUserAndApiNames()
    {
        FindingsModel model;
        FindingsProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(m_store, detect({}));

        proxy.setFilterText(u"ROOT"_s);
        QVERIFY(users(proxy).contains(u"root"_s));
        proxy.setFilterText(u"consolelogin"_s);
        QVERIFY(proxy.rowCount() > 0);
        for (int row = 0; row < proxy.rowCount(); ++row)
            QVERIFY(proxy.index(row, FindingsModel::ApiNames).data().toString().contains(u"ConsoleLogin"_s));
        // Every term must match: user and API name together.
        proxy.setFilterText(u"  root   consolelogin "_s);
        QCOMPARE(users(proxy), QStringList{u"root"_s});
        proxy.setFilterText(u"no-such-thing-anywhere"_s);
        QCOMPARE(proxy.rowCount(), 0);
        proxy.setFilterText({});
        QCOMPARE(proxy.rowCount(), model.rowCount());
    }

    void eventsModelOverOneUser()
    {
        FindingsModel findings;
        findings.setSnapshot(m_store, detect({}));
        const int root = int(users(findings).indexOf(u"root"_s));
        const UserActivity* activity = findings.activityAt(root);

        EventsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

        model.setEvents(m_store, eventsOfUser(*m_store, RuleSet::Ta7, activity->user));
        QCOMPARE(quint64(model.rowCount()), activity->count);
        QCOMPARE(model.index(0, EventsModel::Time).data().toString(), formatSplunkTime(activity->firstTime));

        // A persistent index (the current event) follows its event through a sort.
        const QPersistentModelIndex current = model.index(5, EventsModel::EventName);
        const quint32 currentEvent = current.data(EventsModel::EventIndexRole).toUInt();

        model.sort(EventsModel::Time, Qt::DescendingOrder);
        QCOMPARE(model.index(0, EventsModel::Time).data(EventsModel::SortRole).toLongLong(),
                 activity->lastTime);
        QCOMPARE(current.data(EventsModel::EventIndexRole).toUInt(), currentEvent);
        model.sort(EventsModel::EventName, Qt::AscendingOrder);
        QCOMPARE(current.data(EventsModel::EventIndexRole).toUInt(), currentEvent);
        for (int row = 1; row < model.rowCount(); ++row) {
            const QString a = model.index(row - 1, EventsModel::EventName).data().toString();
            const QString b = model.index(row, EventsModel::EventName).data().toString();
            QVERIFY(a <= b);
            // Ties in time order.
            if (a == b)
                QVERIFY(model.index(row - 1, 0).data(EventsModel::SortRole).toLongLong() <=
                        model.index(row, 0).data(EventsModel::SortRole).toLongLong());
        }
        model.sort(EventsModel::ReadOnly, Qt::DescendingOrder);
        for (int row = 1; row < model.rowCount(); ++row)
            QVERIFY(model.index(row - 1, EventsModel::ReadOnly).data(EventsModel::SortRole).toInt() >=
                    model.index(row, EventsModel::ReadOnly).data(EventsModel::SortRole).toInt());
        // The sort applies to the next user's events too.
        model.setEvents(m_store, eventsOfUser(*m_store, RuleSet::Ta7, activity->user));
        QVERIFY(model.index(0, EventsModel::ReadOnly).data(EventsModel::SortRole).toInt() >=
                model.index(model.rowCount() - 1, EventsModel::ReadOnly).data(EventsModel::SortRole).toInt());
        bool sawConsoleLogin = false;
        for (int row = 0; row < model.rowCount(); ++row)
            sawConsoleLogin |= model.index(row, EventsModel::EventName).data().toString() == u"ConsoleLogin";
        QVERIFY(sawConsoleLogin);

        model.setLocalTime(true);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void loadProblemsModel()
    {
        LoadProblemsModel model;
        StableSortProxy proxy;
        proxy.setSortRole(LoadProblemsModel::SortRole);
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setLoadProblems({{u"/a.json.gz"_s, u"not gzip"_s}, {u"/b.json"_s, u"truncated"_s}});
        model.setLookupProblems({{u"/approved.csv"_s, u"no 'identity' column"_s}});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(2, LoadProblemsModel::Message).data().toString(), u"no 'identity' column"_s);
        proxy.sort(LoadProblemsModel::Message, Qt::AscendingOrder);
        QCOMPARE(proxy.index(0, LoadProblemsModel::Path).data().toString(), u"/approved.csv"_s);
        model.setLoadProblems({});
        QCOMPARE(model.rowCount(), 1);
    }
};

QTEST_MAIN(TestFindingsModel)
#include "tst_findingsmodel.moc"
