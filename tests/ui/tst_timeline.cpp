// SPDX-License-Identifier: GPL-3.0-or-later

// The Activity Timeline and the time range (issue 15, Time), driven through the real widgets,
// offscreen: a mouse drag across the chart narrows the findings and the events, quick ranges and
// Reset in the time range bar, the bar says what is hidden, the timeline follows Show Local Time,
// bars have tooltips, reports state the range, and the dock takes a modest share of the window.

#include "ui/activitytimeline.h"
#include "ui/findingspage.h"
#include "ui/mainwindow.h"
#include "ui/models/eventsmodel.h"
#include "ui/models/findingsmodel.h"
#include "ui/pivotpage.h"
#include "ui/reportexport.h"
#include "ui/timerangebar.h"

#include "core/report/reportpipeline.h"

#include "tests/support/testsupport.h"
#include "tests/support/windowsupport.h"

#include <QAbstractBarSeries>
#include <QAction>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTimeAxis>
#include <QDockWidget>
#include <QLabel>
#include <QMouseEvent>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>

#include <ctime>

using namespace Qt::StringLiterals;
using namespace tw;

namespace {

constexpr TimeMs kHour = 3600000;
// 2026-01-01T00:00:00Z
constexpr TimeMs kDay1 = 1767225600000LL;

QStringList findingUsers(MainWindow& window)
{
    QStringList out;
    const auto result = window.session().result();
    for (const UserActivity& a : result->findings)
        out << window.session().store()->qstr(a.user);
    return out;
}

const UserActivity* finding(MainWindow& window, const QString& user)
{
    for (const UserActivity& a : window.session().result()->findings)
        if (window.session().store()->qstr(a.user) == user)
            return &a;
    return nullptr;
}

} // namespace

class TstTimeline : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settings;
    QTemporaryDir m_dir;
    QString m_logs;

    std::unique_ptr<MainWindow> open(QSize size = {1400, 1000})
    {
        test::WindowFiles files;
        files.paths = {m_logs};
        files.size = size;
        auto window = test::openWindow(files);
        if (window)
            window->session().waitForRerun();
        return window;
    }

    // A drag with the mouse across the overview chart from one time to another.
    static void drag(ActivityTimeline* timeline, QChartView* view, TimeMs from, TimeMs to)
    {
        const auto x1 = timeline->xForTime(view, from);
        const auto x2 = timeline->xForTime(view, to);
        QVERIFY(x1 && x2);
        const int y = view->viewport()->height() / 2;
        QTest::mousePress(view->viewport(), Qt::LeftButton, {}, QPoint(*x1, y));
        QTest::mouseMove(view->viewport(), QPoint((*x1 + *x2) / 2, y));
        QTest::mouseMove(view->viewport(), QPoint(*x2, y));
        QTest::mouseRelease(view->viewport(), Qt::LeftButton, {}, QPoint(*x2, y));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid());
        QCoreApplication::setOrganizationName(u"TrailWardenTest"_s);
        QCoreApplication::setApplicationName(u"tst_timeline"_s);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
        // A zone off UTC (and off whole hours), so that local and UTC labels differ.
        qputenv("TZ", "Asia/Kolkata");
        tzset();
        // alice on day 1 morning, bob on day 1 afternoon and once on day 3, carol on day 3.
        const auto at = [](const char* t) -> QByteArray { return QByteArray("2026-01-0") + t; };
        QByteArrayList records;
        int id = 0;
        const auto add = [&](const QByteArray& user, const QByteArray& time, const QByteArray& api) {
            test::Record r{user, QByteArray::number(++id), {}, time, api};
            records << test::cloudTrailRecord(r);
        };
        add("alice", at("1T10:05:00Z"), "ListBuckets");
        add("alice", at("1T11:05:00Z"), "ListBuckets");
        add("bob", at("1T14:05:00Z"), "GetObject");
        add("bob", at("1T15:05:00Z"), "GetObject");
        add("bob", at("1T16:05:00Z"), "PutObject");
        add("bob", at("3T10:05:00Z"), "GetObject");
        add("carol", at("3T09:05:00Z"), "ListBuckets");
        m_logs = m_dir.filePath(u"logs"_s);
        QVERIFY(test::writeFile(m_logs + u"/a.json"_s, test::cloudTrailFile(records.join(','))));
    }

    void init() { QSettings().clear(); }

    // A drag across the overview narrows the findings (on a worker), the events of the selected
    // finding and its chart to whole bars of the range; the bar above the tabs says so; Reset undoes it.
    void dragNarrowsFindingsAndEvents()
    {
        auto window = open();
        QVERIFY(window);
        QCOMPARE(findingUsers(*window), (QStringList{u"alice"_s, u"bob"_s, u"carol"_s}));
        auto* timeline = window->findChild<ActivityTimeline*>(u"activityTimeline"_s);
        auto* bar = window->findChild<TimeRangeBar*>(u"timeRangeBar"_s);
        QVERIFY(timeline && bar);
        QVERIFY(bar->isVisible());
        QVERIFY(!bar->resetButton()->isVisible());
        QVERIFY2(bar->text().startsWith(u"Showing the whole load"_s), qPrintable(bar->text()));

        const quint64 ownerDetections = window->session().ownerThreadDetections();
        QSignalSpy ranged(&window->session(), &AnalysisSession::timeRangeChanged);
        drag(timeline, timeline->overviewView(), kDay1 + 13 * kHour + kHour / 2,
             kDay1 + 16 * kHour + kHour / 2);
        QCOMPARE(ranged.size(), 1);
        // Snapped to the hourly bars the drag touched: [13:00, 17:00).
        QCOMPARE(window->session().rangeFrom(), std::optional<TimeMs>(kDay1 + 13 * kHour));
        QCOMPARE(window->session().rangeTo(), std::optional<TimeMs>(kDay1 + 17 * kHour));
        // The pass over the events is a worker's, not the UI thread's.
        QVERIFY(window->session().rerunPending());
        window->session().waitForRerun();
        QCOMPARE(window->session().ownerThreadDetections(), ownerDetections);

        QCOMPARE(findingUsers(*window), QStringList{u"bob"_s});
        QCOMPARE(finding(*window, u"bob"_s)->count, 3u);
        // The list's stewardship and the baseline stay about the whole load (never matched, stale).
        QCOMPARE(window->session().activity()->users.size(), std::size_t(3));
        QCOMPARE(window->findingsPage()->findingsView()->model()->rowCount(), 1);
        QVERIFY(bar->resetButton()->isVisible());
        QVERIFY2(
            bar->text().contains(
                u"Showing 2026-01-01 13:00\u201317:00 UTC of 2026-01-01 10:05\u20132026-01-03 10:05 UTC"_s),
            qPrintable(bar->text()));
        QVERIFY2(bar->text().contains(u"1 finding in this range"_s), qPrintable(bar->text()));

        QVERIFY(window->selectUser(u"bob"_s));
        QTRY_COMPARE(window->findingsPage()->eventsModel()->rowCount(), 3);
        QCOMPARE(timeline->findingSeries().total, 3u);
        QVERIFY2(timeline->titleText().contains(u"in the time range"_s), qPrintable(timeline->titleText()));

        QTest::mouseClick(bar->resetButton(), Qt::LeftButton);
        QVERIFY(!window->session().hasTimeRange());
        window->session().waitForRerun();
        QCOMPARE(findingUsers(*window), (QStringList{u"alice"_s, u"bob"_s, u"carol"_s}));
        QCOMPARE(finding(*window, u"bob"_s)->count, 4u);
        QTRY_COMPARE(window->findingsPage()->eventsModel()->rowCount(), 4);
        QVERIFY(!bar->resetButton()->isVisible());
    }

    // While the Events with Value tab is in view, the timeline charts its events (every user's), named
    // as the tab names them, not the finding selected on another tab; back on Findings, the finding.
    // The pivot's events are charted on the timeline's worker once the store is large.
    void followsTheEventsWithValueTab()
    {
        auto window = open();
        QVERIFY(window);
        auto* timeline = window->findChild<ActivityTimeline*>(u"activityTimeline"_s);
        QVERIFY(timeline);
        QVERIFY(window->selectUser(u"alice"_s));
        FindingsPage* page = window->findingsPage();
        page->waitForEvents();
        QCOMPARE(timeline->findingSeries().total, 2u);
        QVERIFY2(timeline->titleText().startsWith(u"alice"_s), qPrintable(timeline->titleText()));

        // Every ListBuckets: alice's two and carol's one.
        const QModelIndex cell = page->eventsModel()->index(0, EventsModel::EventName);
        QCOMPARE(cell.data().toString(), u"ListBuckets"_s);
        const std::optional<PivotValue> value = pivotValueAt(cell);
        QVERIFY(value);
        PivotPage* pivot = window->pivotPage();
        pivot->showEventsWith(*value);
        pivot->waitForQueries();
        QCOMPARE(window->tabs()->currentWidget(), pivot);
        QCOMPARE(pivot->eventsModel()->rowCount(), 3);
        timeline->waitForComputation();
        QCOMPARE(timeline->findingSeries().total, 3u);
        QVERIFY2(timeline->titleText().startsWith(u"Events with eventName = ListBuckets — 3 events"_s),
                 qPrintable(timeline->titleText()));
        test::grabIfAsked(window.get(), u"timeline-pivot"_s);

        // Back to the findings: alice's again; and to the pivot, now on the worker.
        window->tabs()->setCurrentWidget(page);
        timeline->waitForComputation();
        QCOMPARE(timeline->findingSeries().total, 2u);
        QVERIFY(timeline->titleText().startsWith(u"alice"_s));
        timeline->setWorkerThreshold(1);
        window->tabs()->setCurrentWidget(pivot);
        QVERIFY(timeline->isComputing());
        timeline->waitForComputation();
        QCOMPARE(timeline->findingSeries().total, 3u);

        // A time range narrows the chart as it does a finding's (a drag reads as a zoom).
        window->session().setTimeRange(kDay1, kDay1 + 12 * kHour);
        window->session().waitForRerun();
        timeline->waitForComputation();
        QCOMPARE(timeline->findingSeries().total, 2u);
        QVERIFY2(timeline->titleText().contains(u"2 events in the time range"_s),
                 qPrintable(timeline->titleText()));
        window->session().setTimeRange(std::nullopt, std::nullopt);
        window->session().waitForRerun();
        timeline->waitForComputation();
        QCOMPARE(timeline->findingSeries().total, 3u);
    }

    // A click (no drag) on the chart does not restrict anything.
    void clickIsNotARange()
    {
        auto window = open();
        QVERIFY(window);
        auto* timeline = window->findChild<ActivityTimeline*>(u"activityTimeline"_s);
        QChartView* view = timeline->overviewView();
        const auto x = timeline->xForTime(view, kDay1 + 14 * kHour);
        QVERIFY(x);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, QPoint(*x, view->viewport()->height() / 2));
        QVERIFY(!window->session().hasTimeRange());
    }

    // Quick ranges from the time range bar's combo box (by keyboard), relative to the load's end.
    void quickRanges()
    {
        auto window = open();
        QVERIFY(window);
        auto* bar = window->findChild<TimeRangeBar*>(u"timeRangeBar"_s);
        QComboBox* quick = bar->quickBox();
        quick->setFocus();
        QTest::keyClick(quick, Qt::Key_Down); // Last 24 hours of the load
        QVERIFY(window->session().hasTimeRange());
        window->session().waitForRerun();
        QCOMPARE(findingUsers(*window), (QStringList{u"bob"_s, u"carol"_s}));
        QCOMPARE(finding(*window, u"bob"_s)->count, 1u);
        QTest::keyClick(quick, Qt::Key_Down); // Last 7 days
        window->session().waitForRerun();
        QCOMPARE(findingUsers(*window), (QStringList{u"alice"_s, u"bob"_s, u"carol"_s}));
        QVERIFY(window->session().hasTimeRange());
        QVERIFY(bar->resetButton()->isVisible());
        QTest::keyClick(quick, Qt::Key_Home); // Whole load
        QVERIFY(!window->session().hasTimeRange());
    }

    // Show Local Time: the timeline's title, range line and axis follow it.
    void followsLocalTime()
    {
        auto window = open();
        QVERIFY(window);
        QVERIFY(window->selectUser(u"bob"_s));
        auto* timeline = window->findChild<ActivityTimeline*>(u"activityTimeline"_s);
        QVERIFY2(timeline->titleText().endsWith(u"(UTC)"_s), qPrintable(timeline->titleText()));
        QVERIFY2(timeline->rangeText().contains(u"(UTC)"_s), qPrintable(timeline->rangeText()));
        QAction* local = nullptr;
        for (QAction* a : window->findChildren<QAction*>())
            if (a->text().remove(u'&') == u"Show Local Time")
                local = a;
        QVERIFY(local);
        local->trigger();
        QVERIFY(local->isChecked());
        QVERIFY2(timeline->titleText().endsWith(u"(local)"_s), qPrintable(timeline->titleText()));
        QVERIFY2(timeline->rangeText().contains(u"(local)"_s), qPrintable(timeline->rangeText()));
        // The axis shows local wall-clock time: its first label is the first bucket's start in local time.
        QDateTimeAxis* axis = nullptr;
        for (QAbstractAxis* a : timeline->findingChart()->axes(Qt::Horizontal))
            if (auto* d = qobject_cast<QDateTimeAxis*>(a))
                axis = d;
        QVERIFY(axis);
        QCOMPARE(axis->min().toMSecsSinceEpoch(), timeline->findingSeries().start);
        local->trigger();
    }

    // Hovering a bar shows its time span, series (API) and count.
    void barTooltips()
    {
        auto window = open();
        QVERIFY(window);
        QVERIFY(window->selectUser(u"alice"_s));
        auto* timeline = window->findChild<ActivityTimeline*>(u"activityTimeline"_s);
        const ActivitySeries& s = timeline->findingSeries();
        QCOMPARE(s.names.value(0), u"ListBuckets"_s);
        const QString tip = timeline->barToolTip(s, 0, 0);
        QVERIFY2(tip.contains(u"2026-01-01 10:00\u201311:00 UTC"_s), qPrintable(tip));
        QVERIFY2(tip.contains(u"ListBuckets: 1 event"_s), qPrintable(tip));
        // And through the mouse: the middle of the first bar.
        QChartView* view = timeline->findingView();
        const auto x = timeline->xForTime(view, s.start + s.bucketMs / 2);
        QVERIFY(x);
        QChart* chart = view->chart();
        const QRect plot = view->mapFromScene(chart->mapToScene(chart->plotArea())).boundingRect();
        auto* bars = qobject_cast<QAbstractBarSeries*>(chart->series().value(0));
        QVERIFY(bars);
        QSignalSpy hovered(bars, &QAbstractBarSeries::hovered);
        for (int dx : {-20, 0}) {
            const QPointF at(*x + dx, plot.bottom() - 3);
            QMouseEvent move(QEvent::MouseMove, at, view->viewport()->mapToGlobal(at), Qt::NoButton,
                             Qt::NoButton, Qt::NoModifier);
            QApplication::sendEvent(view->viewport(), &move);
        }
        QTRY_VERIFY2(QToolTip::text().contains(u"ListBuckets: 1 event"_s), qPrintable(QToolTip::text()));
    }

    // The report of a restricted view says so and lists only the events of the range.
    void reportStatesRange()
    {
        auto window = open();
        QVERIFY(window);
        window->session().setTimeRange(kDay1 + 13 * kHour, kDay1 + 17 * kHour);
        window->session().waitForRerun();
        auto* exporter = window->findChild<ReportExporter*>(u"reportExporter"_s);
        QVERIFY(exporter);
        QSignalSpy done(exporter, &ReportExporter::finished);
        const QString path = m_dir.filePath(u"report.json"_s);
        exporter->exportTo(path, ReportFormat::Json, false);
        QVERIFY(done.wait(30000));
        QVERIFY2(done.at(0).at(0).toBool(), qPrintable(done.at(0).at(1).toString()));
        const QByteArray json = test::readFile(path);
        QVERIFY2(json.contains("\"timeRange\""), json.left(2000).constData());
        QVERIFY(json.contains("2026-01-01T13:00:00") || json.contains("01/01/2026 13:00:00"));
        QVERIFY2(json.contains("events from"), json.left(2000).constData());
        // bob's day-3 event is outside the range: not among the report's events.
        QVERIFY(!json.contains("\"eventID\":\"6\"") && !json.contains("\"eventID\": \"6\""));
        QVERIFY(json.contains("\"3\"") || json.contains("GetObject"));

        const QString html = m_dir.filePath(u"report.html"_s);
        QSignalSpy done2(exporter, &ReportExporter::finished);
        exporter->exportTo(html, ReportFormat::Html, false);
        QVERIFY(done2.wait(30000));
        QVERIFY(test::readFile(html).contains("(time range)"));
    }

    // An imported engine result: 100,000 findings and no events. The timeline's work grows with
    // the findings too (a set of their users), so from the threshold on it is a worker's, not the
    // UI thread's at every load and approval.
    void manyFindingsWithoutEventsAreAWorkers()
    {
        auto store = std::make_shared<EventStore>();
        auto result = std::make_shared<DetectionResult>();
        result->findings.resize(20);
        for (std::uint32_t i = 0; i < 20; ++i)
            result->findings[i].user = i;
        ActivityTimeline timeline;
        timeline.setWorkerThreshold(10);
        timeline.setSnapshot(store, result);
        QVERIFY(timeline.isComputing());
        timeline.waitForComputation();
        QVERIFY(!timeline.isComputing());
        QVERIFY(timeline.overviewChart()->series().isEmpty()); // no events, no bars
    }

    // The dock takes a modest share of the window by default: at most a third (it took about 40%),
    // enough for the charts' axis labels to be drawn rather than elided.
    void dockShare()
    {
        auto window = open({1600, 1000});
        QVERIFY(window);
        auto* dock = window->findChild<QDockWidget*>(u"activityTimelineDock"_s);
        QVERIFY(dock && dock->isVisible());
        const double share = double(dock->height()) / window->height();
        QVERIFY2(share <= 1.0 / 3, qPrintable(QString::number(share)));
    }
};

QTEST_MAIN(TstTimeline)
#include "tst_timeline.moc"
