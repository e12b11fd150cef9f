// SPDX-License-Identifier: GPL-3.0-or-later

// The window's work that grows with the data runs on workers (issue 16): the drill-down to a
// finding's events and the Activity Timeline's series. The thresholds are lowered so that the
// small corpus takes the worker path; what arrives must equal what the synchronous path computes,
// and a computation superseded by a newer selection must never be shown.

#include "core/analysissession.h"
#include "core/detection/activityseries.h"
#include "core/detection/detection.h"

#include "tests/support/testsupport.h"
#include "ui/findingspage.h"
#include "ui/mainwindow.h"
#include "ui/models/eventsmodel.h"
#include "ui/viewhelpers.h"
#include "ui/workerpool.h"
#ifdef TRAILWARDEN_HAVE_CHARTS
#include "ui/activitytimeline.h"

#include <QChart>
#endif

#include <QLabel>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QThreadPool>

using namespace tw;
using namespace Qt::StringLiterals;

namespace {

const QString kData = QStringLiteral(TRAILWARDEN_TEST_DATA);
const QString kStratus = kData + u"/corpus/stratus-red-team"_s;

// Loads the Stratus Red Team corpus into the session; false when it did not finish within a minute.
bool loadStratus(AnalysisSession& session)
{
    QSignalSpy loaded(&session, &AnalysisSession::loadFinished);
    session.load({kStratus});
    return loaded.wait(60000);
}

quint64 sum(const ActivitySeries& s)
{
    quint64 n = 0;
    for (const auto& series : s.counts)
        for (quint32 c : series)
            n += c;
    return n;
}

// Whether a text column of the event contains term (case-insensitively): the events filter's rule,
// written out here on the store's columns.
bool containsTerm(const EventStore& store, RuleSet rules, std::uint32_t e, const QString& term)
{
    const EventColumns& c = store.events;
    for (std::uint32_t id :
         {c.eventName[e], c.eventSource[e], c.region[e], c.account[e], c.sourceIp[e], c.userAgent[e],
          c.errorCode[e], store.user(e, rules), store.accessKey(e), store.session(e)})
        if (id != 0 && store.qstr(id).contains(term, Qt::CaseInsensitive))
            return true;
    return false;
}

} // namespace

class TestDrillDown : public QObject
{
    Q_OBJECT

    // The two busiest findings (distinct users), for the selection tests.
    std::vector<const UserActivity*> busiest(const DetectionResult& result)
    {
        std::vector<const UserActivity*> out;
        for (const UserActivity& a : result.findings)
            out.push_back(&a);
        std::sort(out.begin(), out.end(), [](auto a, auto b) { return a->count > b->count; });
        return out;
    }

private Q_SLOTS:
    void drillDownSplitsLikeEventsOfUser()
    {
        AnalysisSession session;
        QVERIFY(loadStratus(session));
        const auto store = session.store();
        const auto result = session.result();
        QVERIFY(store && result && !result->findings.empty());
        for (const UserActivity& a : result->findings) {
            const auto expected = eventsOfUser(*store, result->rules, a.user);
            auto events = eventsOfUserInStoreOrder(*store, result->rules, a.user);
            QCOMPARE(events.size(), expected.size());
            for (const std::size_t n : {std::size_t(0), std::size_t(1), std::size_t(3), events.size() + 5}) {
                const auto first = earliestEvents(*store, events, n);
                QCOMPARE(first.size(), std::min(n, expected.size()));
                QVERIFY(std::equal(first.begin(), first.end(), expected.begin()));
            }
            sortByTime(*store, events);
            QCOMPARE(events, expected);
        }
    }

    void eventsModelAppendsTheRest()
    {
        AnalysisSession session;
        QVERIFY(loadStratus(session));
        const auto store = session.store();
        const auto result = session.result();
        const auto* top = busiest(*result).front();
        const auto all = eventsOfUser(*store, result->rules, top->user);
        QVERIFY(all.size() > 2);

        EventsModel model;
        model.setFirstEvents(store, {all.begin(), all.begin() + 2});
        QVERIFY(!model.isComplete());
        QCOMPARE(model.rowCount(), 2);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.completeEvents(all);
        QVERIFY(model.isComplete());
        QCOMPARE(model.events(), all);
        // The first rows stay (and with them the current event): rows are appended, not reset.
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(reset.count(), 0);

        // Sorted by another column meanwhile: the whole set is sorted and shown anew.
        model.setFirstEvents(store, {all.begin(), all.begin() + 2});
        model.sort(EventsModel::EventName, Qt::DescendingOrder);
        QVERIFY(!model.isTimeOrder());
        model.completeEvents(all);
        QCOMPARE(model.rowCount(), int(all.size()));
        EventsModel reference;
        reference.sort(EventsModel::EventName, Qt::DescendingOrder);
        reference.setEvents(store, all);
        QCOMPARE(model.events(), reference.events());
    }

    // The rest of a huge finding goes in a chunk an event-loop turn (the table's header writes a
    // record for every row inserted: 1.7M at once held the UI thread ~150 ms at 10M). Whatever
    // comes meanwhile (a sort, a filter, another finding) ends the appending and is shown whole.
    void eventsModelAppendsInChunks()
    {
        AnalysisSession session;
        QVERIFY(loadStratus(session));
        const auto store = session.store();
        const auto result = session.result();
        const auto all = eventsOfUser(*store, result->rules, busiest(*result).front()->user);
        QVERIFY(all.size() > 20);
        const std::vector<std::uint32_t> first(all.begin(), all.begin() + 2);

        EventsModel model;
        model.setAppendChunkRows(3);
        model.setFirstEvents(store, first);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy completed(&model, &EventsModel::completed);
        model.completeEvents(all);
        QCOMPARE(model.rowCount(), 5); // the first chunk at once, the rest later
        QVERIFY(!model.isComplete());
        QTRY_VERIFY(model.isComplete());
        QCOMPARE(model.events(), all);
        QCOMPARE(completed.count(), 1);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(inserted.count(), int((all.size() - 2 + 2) / 3));
        for (const auto& args : inserted)
            QVERIFY(args.at(2).toInt() - args.at(1).toInt() + 1 <= 3);

        // A sort meanwhile: all of them, sorted, in one reset.
        model.setFirstEvents(store, first);
        model.completeEvents(all);
        QVERIFY(!model.isComplete());
        reset.clear();
        model.sort(EventsModel::EventName, Qt::DescendingOrder);
        QVERIFY(model.isComplete());
        QCOMPARE(reset.count(), 1);
        EventsModel reference;
        reference.sort(EventsModel::EventName, Qt::DescendingOrder);
        reference.setEvents(store, all);
        QCOMPARE(model.events(), reference.events());
        inserted.clear();
        QTest::qWait(50); // a chunk still scheduled is dropped
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(model.events(), reference.events());

        // A text filter meanwhile: all of them, filtered.
        model.sort(EventsModel::Time, Qt::AscendingOrder);
        model.setFirstEvents(store, first);
        model.completeEvents(all);
        model.setFilterText(store->qstr(store->events.eventName[all.back()]));
        QVERIFY(model.isComplete());
        EventsModel filtered;
        filtered.setEvents(store, all);
        filtered.setFilterText(store->qstr(store->events.eventName[all.back()]));
        QCOMPARE(model.events(), filtered.events());
        QVERIFY(model.rowCount() > 0);

        // Another finding meanwhile: nothing more of the old one arrives.
        model.setFilterText({});
        model.setFirstEvents(store, first);
        model.completeEvents(all);
        model.setFirstEvents(store, {all.back()});
        inserted.clear();
        QTest::qWait(50);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(model.events(), std::vector<std::uint32_t>{all.back()});

        // finishAppending (tests, --measure): the rest at once.
        model.setFirstEvents(store, first);
        model.completeEvents(all);
        model.finishAppending();
        QVERIFY(model.isComplete());
        QCOMPARE(model.events(), all);
    }

    // A sort of many events (a 1.7M-event finding at 10M) is not done on the calling thread: the
    // rows keep their order until the worker's sorted index is adopted, in one layout change that
    // keeps the current event.
    void sortOfManyEventsRunsOnWorker()
    {
        AnalysisSession session;
        QVERIFY(loadStratus(session));
        const auto store = session.store();
        const auto result = session.result();
        const auto all = eventsOfUser(*store, result->rules, busiest(*result).front()->user);
        QVERIFY(all.size() > 2);
        EventsModel reference; // below its threshold: sorts at once
        reference.setEvents(store, all);
        reference.sort(EventsModel::EventName, Qt::DescendingOrder);
        QVERIFY(!reference.isSorting());
        QVERIFY(reference.events() != all);

        EventsModel model;
        model.setAsyncSortThreshold(2);
        model.setEvents(store, all);
        const QPersistentModelIndex current = model.index(1, EventsModel::Region);
        QSignalSpy layout(&model, &QAbstractItemModel::layoutChanged);
        QSignalSpy sorting(&model, &EventsModel::sortingChanged);
        model.sort(EventsModel::EventName, Qt::DescendingOrder);
        QVERIFY(model.isSorting());
        QCOMPARE(model.events(), all);
        QCOMPARE(layout.count(), 0);
        QTRY_VERIFY(!model.isSorting());
        QCOMPARE(model.events(), reference.events());
        QCOMPARE(layout.count(), 1);
        QCOMPARE(sorting.count(), 2);
        QCOMPARE(current.data(EventsModel::EventIndexRole).toUInt(), all[1]);
        QCOMPARE(current.column(), int(EventsModel::Region));
    }

    // The window's workers do not queue behind Qt's global thread pool, and it not behind them:
    // Qt's raster paint engine waits on the UI thread for fills it hands to the global pool, so a
    // sort there made every repaint wait for it. With the global pool's threads all held, a sort
    // still completes.
    void sortDoesNotUseTheGlobalPool()
    {
        AnalysisSession session;
        QVERIFY(loadStratus(session));
        const auto store = session.store();
        const auto result = session.result();
        const auto all = eventsOfUser(*store, result->rules, busiest(*result).front()->user);
        EventsModel reference;
        reference.setEvents(store, all);
        reference.sort(EventsModel::EventName, Qt::AscendingOrder);

        test::HeldPool global(QThreadPool::globalInstance());
        QVERIFY(global.hold());
        EventsModel model;
        model.setAsyncSortThreshold(2);
        model.setEvents(store, all);
        model.sort(EventsModel::EventName, Qt::AscendingOrder);
        QVERIFY(model.isSorting());
        QTRY_VERIFY_WITH_TIMEOUT(!model.isSorting(), 10000);
        global.release();
        QCOMPARE(model.events(), reference.events());
    }

    // A newer sort or other events supersede a sort still on the worker: its order is never shown.
    void supersededSortIsDropped()
    {
        AnalysisSession session;
        QVERIFY(loadStratus(session));
        const auto store = session.store();
        const auto result = session.result();
        const auto top = busiest(*result);
        QVERIFY(top.size() >= 2);
        const auto first = eventsOfUser(*store, result->rules, top[0]->user);
        const auto second = eventsOfUser(*store, result->rules, top[1]->user);
        const auto sortedBy = [&store](const std::vector<std::uint32_t>& events, int column,
                                       Qt::SortOrder order) {
            EventsModel reference;
            reference.setEvents(store, events);
            reference.sort(column, order);
            return reference.events();
        };

        EventsModel model;
        model.setAsyncSortThreshold(2);
        model.setEvents(store, first);
        std::vector<std::vector<std::uint32_t>> shown;
        connect(&model, &QAbstractItemModel::layoutChanged, this, [&] { shown.push_back(model.events()); });
        model.sort(EventsModel::EventName, Qt::DescendingOrder);
        model.sort(EventsModel::Region, Qt::AscendingOrder);
        model.waitForSort();
        QCOMPARE(model.events(), sortedBy(first, EventsModel::Region, Qt::AscendingOrder));
        QCOMPARE(shown.size(), std::size_t(1));

        // Back to time order while a sort runs: at once, and the late result is dropped.
        shown.clear();
        model.sort(EventsModel::EventName, Qt::AscendingOrder);
        model.sort(EventsModel::Time, Qt::AscendingOrder);
        QVERIFY(!model.isSorting());
        QCOMPARE(model.events(), first);
        windowWorkers()->waitForDone();
        QCoreApplication::processEvents();
        QCOMPARE(model.events(), first);

        // Other events while a sort runs: only theirs, sorted, are shown.
        model.sort(EventsModel::EventSource, Qt::DescendingOrder);
        model.waitForSort();
        shown.clear();
        model.sort(EventsModel::EventName, Qt::AscendingOrder);
        model.setEvents(store, second);
        QVERIFY(model.isSorting());
        model.waitForSort();
        windowWorkers()->waitForDone();
        QCoreApplication::processEvents();
        QCOMPARE(model.events(), sortedBy(second, EventsModel::EventName, Qt::AscendingOrder));
        QCOMPARE(shown.size(), std::size_t(1));
    }

    // The window says that a finding's events are being sorted, and follows when they are.
    void findingsPageShowsSorting()
    {
        MainWindow window;
        FindingsPage* page = window.findingsPage();
        page->eventsModel()->setAsyncSortThreshold(2);
        QSignalSpy loaded(&window, &MainWindow::loadCompleted);
        window.openPaths({kStratus});
        QVERIFY(loaded.wait(60000));
        page->waitForEvents();
        const auto store = window.session().store();
        const auto result = window.session().result();
        const auto* top = busiest(*result).front();
        QVERIFY(page->selectUser(store->qstr(top->user)));
        page->waitForEvents();
        QLabel* label = nullptr;
        for (QLabel* l : page->findChildren<QLabel*>())
            if (l->buddy() == page->eventsView())
                label = l;
        QVERIFY(label);
        QVERIFY(!label->text().contains(u"Sorting"_s));

        page->eventsView()->sortByColumn(EventsModel::EventName, Qt::AscendingOrder);
        QVERIFY(page->eventsModel()->isSorting());
        QVERIFY(page->eventsPending());
        QVERIFY(label->text().contains(u"Sorting…"_s));
        page->waitForEvents();
        QVERIFY(!page->eventsPending());
        QVERIFY(!label->text().contains(u"Sorting"_s));
        EventsModel reference;
        reference.setEvents(store, eventsOfUser(*store, result->rules, top->user));
        reference.sort(EventsModel::EventName, Qt::AscendingOrder);
        QCOMPARE(page->eventsModel()->events(), reference.events());
    }

    void drillDownArrivesFromWorker()
    {
        MainWindow window;
        window.findingsPage()->setDrillDownWorkerThreshold(0);
        QSignalSpy loaded(&window, &MainWindow::loadCompleted);
        window.openPaths({kStratus});
        QVERIFY(loaded.wait(60000));
        FindingsPage* page = window.findingsPage();
        page->waitForEvents();
        const auto store = window.session().store();
        const auto result = window.session().result();
        const auto ranked = busiest(*result);
        QVERIFY(ranked.size() >= 2);
        const auto* top = ranked.front();
        // Another finding first: the busiest may be the one the window selected after the load,
        // whose events are then already shown and selecting it again starts nothing.
        QVERIFY(page->selectUser(store->qstr(ranked[1]->user)));
        page->waitForEvents();
        QTRY_VERIFY(!page->eventsPending());

        // The window's workers held, so that the drill-down cannot finish before it is looked at.
        test::HeldPool workers(windowWorkers());
        QVERIFY(workers.hold());
        QVERIFY(page->selectUser(store->qstr(top->user)));
        // Not computed on the UI thread: nothing is shown until the worker's result arrives.
        QVERIFY(page->eventsPending());
        QCOMPARE(page->eventsModel()->rowCount(), 0);
        workers.release();
        page->waitForEvents();
        QTRY_VERIFY(!page->eventsPending());
        QCOMPARE(page->eventsModel()->events(), eventsOfUser(*store, result->rules, top->user));
        QCOMPARE(page->eventsModel()->rowCount(), int(top->count));
        // The first event is current, as on the synchronous path.
        QCOMPARE(page->eventsView()->currentIndex().row(), 0);
    }

    void supersededDrillDownIsDropped()
    {
        MainWindow window;
        window.findingsPage()->setDrillDownWorkerThreshold(0);
        QSignalSpy loaded(&window, &MainWindow::loadCompleted);
        window.openPaths({kStratus});
        QVERIFY(loaded.wait(60000));
        FindingsPage* page = window.findingsPage();
        page->waitForEvents();
        const auto store = window.session().store();
        const auto result = window.session().result();
        const auto top = busiest(*result);
        QVERIFY(top.size() >= 2);
        const auto first = eventsOfUser(*store, result->rules, top[0]->user);
        const auto second = eventsOfUser(*store, result->rules, top[1]->user);
        QVERIFY(first != second);

        // Whatever the model shows at any time must never be the first finding's events.
        std::vector<std::vector<std::uint32_t>> shown;
        const auto record = [&] { shown.push_back(page->eventsModel()->events()); };
        connect(page->eventsModel(), &QAbstractItemModel::modelReset, this, record);
        connect(page->eventsModel(), &QAbstractItemModel::rowsInserted, this, record);

        QVERIFY(page->selectUser(store->qstr(top[0]->user)));
        QVERIFY(page->selectUser(store->qstr(top[1]->user))); // before the first's result arrives
        page->waitForEvents();
        QTRY_VERIFY(!page->eventsPending());
        QCOMPARE(page->eventsModel()->events(), second);
        for (const auto& events : shown)
            QVERIFY(events.empty() || std::equal(events.begin(), events.end(), second.begin()));
    }

    // The value filter ("Filter Events on This Value") and the text filter (the events filter box)
    // are one filtering step before the sort, and a sort of many rows still runs on a worker: the
    // filtered rows show in time order meanwhile, and the sorted ones replace them.
    void textAndValueFiltersFeedTheWorkerSort()
    {
        AnalysisSession session;
        QVERIFY(loadStratus(session));
        const auto store = session.store();
        const auto result = session.result();
        const auto all = eventsOfUser(*store, result->rules, busiest(*result).front()->user);
        QVERIFY(all.size() > 2);
        const QString region = store->qstr(store->events.region[all.front()]);
        std::vector<std::uint32_t> inRegion, expected;
        for (std::uint32_t e : all)
            if (store->qstr(store->events.region[e]) == region)
                inRegion.push_back(e);
        // A term from an event's API name, in another case: the text filter ignores case.
        const QString term = store->qstr(store->events.eventName[inRegion.back()]).toUpper();
        for (std::uint32_t e : inRegion)
            if (containsTerm(*store, result->rules, e, term))
                expected.push_back(e);
        QVERIFY(!expected.empty());
        QVERIFY(expected.size() < all.size());
        const auto sortedBy = [&store](const std::vector<std::uint32_t>& events) {
            EventsModel reference; // below its threshold, unfiltered: sorts at once
            reference.setEvents(store, events);
            reference.sort(EventsModel::EventName, Qt::DescendingOrder);
            return reference.events();
        };

        EventsModel model;
        model.setRules(result->rules);
        model.setAsyncSortThreshold(2);
        model.setEvents(store, all);
        model.setValueFilter(EventsModel::Region, region);
        model.setFilterText(term.toLower());
        QCOMPARE(model.events(), expected);
        model.sort(EventsModel::EventName, Qt::DescendingOrder);
        if (expected.size() >= 2) {
            QVERIFY(model.isSorting());
            QCOMPARE(model.events(), expected); // the filtered rows, in time order meanwhile
        }
        model.waitForSort();
        QCOMPARE(model.events(), sortedBy(expected));
        QCOMPARE(model.totalEvents(), all.size());

        // Clearing the text filter filters and sorts again, on the worker too.
        model.setFilterText({});
        QCOMPARE(model.events(), inRegion);
        model.waitForSort();
        QCOMPARE(model.events(), sortedBy(inRegion));
    }

    // A huge finding's events arrive in two steps; the text filter applies to all of them, also
    // when the first events it let through happen to be a prefix of all of them.
    void completeEventsKeepsTheTextFilter()
    {
        AnalysisSession session;
        QVERIFY(loadStratus(session));
        const auto store = session.store();
        const auto result = session.result();
        const auto all = eventsOfUser(*store, result->rules, busiest(*result).front()->user);
        const QString term = store->qstr(store->events.eventName[all.front()]);
        std::vector<std::uint32_t> expected;
        for (std::uint32_t e : all)
            if (containsTerm(*store, result->rules, e, term))
                expected.push_back(e);
        QVERIFY(expected.size() < all.size());

        EventsModel model;
        model.setRules(result->rules);
        model.setFirstEvents(store, {all.front()});
        model.setFilterText(term);
        QCOMPARE(model.rowCount(), 1);
        model.completeEvents(all);
        QVERIFY(model.isComplete());
        QCOMPARE(model.events(), expected);
    }

    // One label for the drill-down: "N of M" while the events filter hides some, and "Sorting…"
    // while a sort runs on a worker, both at once.
    void findingsPageLabelCountsFilteredAndSorting()
    {
        MainWindow window;
        FindingsPage* page = window.findingsPage();
        page->eventsModel()->setAsyncSortThreshold(2);
        QSignalSpy loaded(&window, &MainWindow::loadCompleted);
        window.openPaths({kStratus});
        QVERIFY(loaded.wait(60000));
        page->waitForEvents();
        const auto store = window.session().store();
        const auto result = window.session().result();
        const auto* top = busiest(*result).front();
        QVERIFY(page->selectUser(store->qstr(top->user)));
        page->waitForEvents();
        QLabel* label = nullptr;
        for (QLabel* l : page->findChildren<QLabel*>())
            if (l->buddy() == page->eventsView())
                label = l;
        QVERIFY(label);
        const auto all = page->eventsModel()->events();
        QVERIFY(label->text().contains(u"("_s + number(all.size()) + u")"_s));

        const QString term = store->qstr(store->events.eventName[all.front()]);
        quint64 shown = 0;
        for (std::uint32_t e : all)
            shown += containsTerm(*store, result->rules, e, term) ? 1 : 0;
        QVERIFY(shown >= 2 && shown < all.size());
        page->setEventsFilterText(term);
        const QString counts = u"("_s + number(shown) + u" of "_s + number(all.size()) + u")"_s;
        QVERIFY2(label->text().contains(counts), qPrintable(label->text()));
        page->eventsView()->sortByColumn(EventsModel::EventName, Qt::DescendingOrder);
        QVERIFY(page->eventsModel()->isSorting());
        QVERIFY2(label->text().contains(counts) && label->text().contains(u"Sorting…"_s),
                 qPrintable(label->text()));
        page->waitForEvents();
        QVERIFY(label->text().contains(counts));
        QVERIFY(!label->text().contains(u"Sorting"_s));
        page->setEventsFilterText({});
        page->waitForEvents();
        QVERIFY(label->text().contains(u"("_s + number(all.size()) + u")"_s));
    }

    void timelineArrivesFromWorker()
    {
#ifndef TRAILWARDEN_HAVE_CHARTS
        QSKIP("configured without Qt Charts: no timeline to test");
#else
        AnalysisSession session;
        QVERIFY(loadStratus(session));
        const auto result = session.result();
        const auto top = busiest(*result);

        // The reference: the synchronous path (the corpus is under the default threshold).
        ActivityTimeline reference;
        reference.setSnapshot(session.store(), result);
        reference.setUser(top[0]->user);
        QVERIFY(!reference.isComputing());

        ActivityTimeline timeline;
        timeline.setWorkerThreshold(0);
        QSignalSpy updated(&timeline, &ActivityTimeline::updated);
        timeline.setSnapshot(session.store(), result);
        timeline.setUser(top[0]->user);
        QVERIFY(timeline.isComputing());
        QVERIFY(updated.wait(60000) || updated.count() > 0);
        QTRY_VERIFY(!timeline.isComputing());
        QCOMPARE(timeline.overviewSeries().counts, reference.overviewSeries().counts);
        QCOMPARE(timeline.overviewSeries().names, reference.overviewSeries().names);
        QCOMPARE(timeline.findingSeries().counts, reference.findingSeries().counts);
        QCOMPARE(timeline.findingSeries().names, reference.findingSeries().names);
        QCOMPARE(timeline.findingSeries().total, top[0]->count);
        QCOMPARE(timeline.rangeText(), reference.rangeText());
        QCOMPARE(timeline.findingChart()->series().size(), reference.findingChart()->series().size());
        quint64 all = 0;
        for (const UserActivity& a : result->findings)
            all += a.count;
        QCOMPARE(sum(timeline.overviewSeries()), all);
#endif
    }

    void supersededTimelineIsDropped()
    {
#ifndef TRAILWARDEN_HAVE_CHARTS
        QSKIP("configured without Qt Charts: no timeline to test");
#else
        AnalysisSession session;
        QVERIFY(loadStratus(session));
        const auto result = session.result();
        const auto top = busiest(*result);
        QVERIFY(top.size() >= 2 && top[0]->count != top[1]->count);

        ActivityTimeline timeline;
        timeline.setWorkerThreshold(0);
        timeline.setSnapshot(session.store(), result);
        timeline.waitForComputation();
        QTRY_VERIFY(!timeline.isComputing());
        const int shown = timeline.shownResults();

        // Three computations started before any result can be shown: only the last is shown.
        timeline.setUser(top[0]->user);
        timeline.setSplit(ActivitySplit::ReadWrite);
        timeline.setUser(top[1]->user);
        timeline.waitForComputation();
        QTRY_VERIFY(!timeline.isComputing());
        QTest::qWait(50); // a stray result of an older computation would arrive by now
        QCOMPARE(timeline.shownResults(), shown + 1);
        QCOMPARE(timeline.findingSeries().total, top[1]->count);
        QCOMPARE(timeline.split(), ActivitySplit::ReadWrite);
        QVERIFY(timeline.findingSeries().names.size() >= 2); // read-only / write: the split kept
#endif
    }
};

QTEST_MAIN(TestDrillDown)
#include "tst_drilldown.moc"
