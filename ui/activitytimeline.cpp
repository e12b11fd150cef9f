// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/activitytimeline.h"

#include "ui/models/findingsmodel.h"
#include "ui/timeformat.h"
#include "ui/timerangebar.h"
#include "ui/workerpool.h"

#include "core/analysissession.h"

#include "core/common/timeutil.h"
#include "core/report/reporttext.h"

#include <QAction>
#include <QApplication>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QCoreApplication>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QMainWindow>
#include <QMouseEvent>
#include <QRubberBand>
#include <QScrollArea>
#include <QSettings>
#include <QStackedBarSeries>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <iterator>
#include <unordered_set>

using namespace Qt::StringLiterals;

namespace tw {

namespace {

// Distinguishable in light and dark palettes; the last is for "Other APIs" / "other findings".
const QList<QColor> kColors = {QColor(0x2f, 0x6d, 0xb3), QColor(0xe0, 0x8a, 0x1e), QColor(0x3b, 0x9e, 0x5a),
                               QColor(0xc2, 0x3b, 0x3b), QColor(0x8a, 0x5c, 0xc2), QColor(0x1f, 0xa3, 0xa8),
                               QColor(0xb5, 0x6b, 0x8f)};
const QColor kOther(0x9a, 0xa5, 0xb1);

// The dock's height while it showed the charts, kept while it is one line (an imported result,
// folded) to go back to (a dynamic property).
constexpr char kChartsHeight[] = "chartsHeight";

// The analyst's fold choice ("folded" or "shown"); absent: the timeline folds by itself while the
// window is short.
const QString kFoldKey = u"window/timelineCharts"_s;

} // namespace

QDockWidget* ActivityTimeline::createDock(AnalysisSession& session, QItemSelectionModel* findingsSelection,
                                          QAction* localTime, QWidget* parent)
{
    auto* timeline = new ActivityTimeline;
    timeline->setObjectName(u"activityTimeline"_s);
    auto* dock = new QDockWidget(tr("Activity Timeline"), parent);
    dock->setObjectName(u"activityTimelineDock"_s);
    dock->setWidget(timeline);
    AnalysisSession* s = &session;
    auto* window = qobject_cast<QMainWindow*>(parent);
    // One line (an imported result, folded) gives the dock's height to the findings; the charts
    // take back the height they had. A dock squeezed below the charts' minimum (a window opened
    // short) had none worth going back to: the charts then get the height they ask for.
    const auto fitDock = [timeline, dock, window](bool chartsBefore) {
        const bool charts = timeline->showsCharts();
        if (charts == chartsBefore || !window || !dock->isVisible() || dock->isFloating())
            return;
        if (!charts) {
            const bool squeezed = timeline->height() < timeline->sizeHint().height() / 2;
            dock->setProperty(kChartsHeight, squeezed ? 0 : dock->height());
            // Its title bar and the timeline's one line.
            const int line = dock->height() - timeline->height() + timeline->minimumSizeHint().height();
            window->resizeDocks({dock}, {line}, Qt::Vertical);
        } else {
            const int before = dock->property(kChartsHeight).toInt();
            window->resizeDocks({dock}, {before > 0 ? before : dock->sizeHint().height()}, Qt::Vertical);
        }
    };
    connect(s, &AnalysisSession::resultChanged, timeline, [s, timeline, fitDock] {
        // An imported result has no events to draw: the dock says so in a line, and shows the charts
        // again when logs are loaded. Unavailable before the snapshot arrives and available again
        // only after it, so that no series is computed over a result's rows nor over the previous
        // data.
        const bool imported = s->imported() != nullptr;
        const bool changes = imported != timeline->isUnavailable();
        const bool chartsBefore = timeline->showsCharts();
        if (changes && imported) {
            timeline->setUnavailable(
                tr("an engine's result holds per-user totals, not events"),
                tr("An engine's result holds per-user totals, not events: there is nothing to draw. The "
                   "Findings table has each user's first and last time; Copy Query for This User's Events "
                   "gives the query for the events themselves."));
            fitDock(chartsBefore);
        }
        timeline->setTimeRange(s->rangeFrom(), s->rangeTo());
        timeline->setSnapshot(s->store(), s->result());
        if (changes && !imported) {
            timeline->setUnavailable({});
            fitDock(chartsBefore);
        }
    });
    // Queued: a window opened short folds the timeline on its first resize, before its docks are
    // shown and can be resized.
    connect(
        timeline, &ActivityTimeline::foldedChanged, dock,
        [timeline, fitDock](bool folded) {
            if (!timeline->isUnavailable() && timeline->isFolded() == folded)
                fitDock(/*chartsBefore=*/folded);
        },
        Qt::QueuedConnection);
    connect(s, &AnalysisSession::timeRangeChanged, timeline,
            [s, timeline] { timeline->setTimeRange(s->rangeFrom(), s->rangeTo()); });
    connect(timeline, &ActivityTimeline::rangeSelected, s,
            [s](TimeMs from, TimeMs to) { s->setTimeRange(from, to); });
    if (localTime) {
        timeline->setLocalTime(localTime->isChecked());
        connect(localTime, &QAction::toggled, timeline, &ActivityTimeline::setLocalTime);
    }
    connect(findingsSelection, &QItemSelectionModel::currentRowChanged, timeline,
            [timeline](const QModelIndex& current) {
                timeline->setUser(current.isValid() ? std::optional<std::uint32_t>(
                                                          current.data(FindingsModel::UserIdRole).toUInt())
                                                    : std::nullopt);
            });
    return dock;
}

ActivityTimeline::ActivityTimeline(QWidget* parent)
    : QWidget(parent)
{
    m_title = new QLabel;
    m_title->setTextFormat(Qt::PlainText);
    m_splitBox = new QComboBox;
    m_splitBox->addItem(tr("By API"), int(ActivitySplit::Api));
    m_splitBox->addItem(tr("Read / write"), int(ActivitySplit::ReadWrite));
    m_splitBox->addItem(tr("Total"), int(ActivitySplit::Total));
    m_splitBox->setToolTip(tr("How the selected finding's events are stacked"));
    m_bucketBox = new QComboBox;
    m_bucketBox->addItem(tr("Auto"), int(Bucket::Auto));
    m_bucketBox->addItem(tr("Per hour"), int(Bucket::Hour));
    m_bucketBox->addItem(tr("Per day"), int(Bucket::Day));
    m_bucketBox->setToolTip(tr("Events per hour or per day (UTC)"));
    connect(m_splitBox, &QComboBox::activated, this,
            [this] { setSplit(ActivitySplit(m_splitBox->currentData().toInt())); });
    connect(m_bucketBox, &QComboBox::activated, this,
            [this] { setBucket(Bucket(m_bucketBox->currentData().toInt())); });

    auto makeView = [this](int minHeight) {
        auto* chart = new QChart;
        chart->setBackgroundRoundness(0);
        chart->setMargins(QMargins(4, 4, 4, 4));
        chart->setTheme(palette().color(QPalette::Window).lightness() < 128 ? QChart::ChartThemeDark
                                                                            : QChart::ChartThemeLight);
        auto* view = new QChartView(chart);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumHeight(minHeight);
        return view;
    };
    // The dock's default share of the window follows these minimums: 200 + 110 took 40% of it; below
    // about 160 + 80 Qt Charts elides the axis labels. The scroll area below lets it shrink further.
    m_findingView = makeView(160);
    m_overviewView = makeView(80);
    m_overviewView->setMaximumHeight(130);
    // Drag across a chart to choose a time range; the bars' tooltips (hovered) stay free.
    m_findingView->viewport()->installEventFilter(this);
    m_overviewView->viewport()->installEventFilter(this);
    const QString dragHint =
        tr("Drag across a chart to narrow the findings and their events to that time range");
    m_findingView->setWhatsThis(dragHint);
    m_overviewView->setWhatsThis(tr("All findings' events; the selected finding's share highlighted. ") +
                                 dragHint);

    m_unavailableNote = new QLabel;
    m_unavailableNote->setObjectName(u"timelineUnavailableNote"_s);
    m_unavailableNote->setTextFormat(Qt::PlainText);
    m_unavailableNote->setForegroundRole(QPalette::PlaceholderText);
    // Clipped rather than widening the window when the dock is narrow: the tooltip has it whole.
    m_unavailableNote->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_unavailableNote->hide();
    // Folded, the timeline is its title line: on a short window the findings keep the height.
    m_foldToggle = new QToolButton;
    m_foldToggle->setObjectName(u"timelineFoldToggle"_s);
    m_foldToggle->setAutoRaise(true);
    m_foldToggle->setArrowType(Qt::DownArrow);
    m_foldToggle->setAccessibleName(tr("Hide the charts"));
    m_foldToggle->setToolTip(tr("Show or hide the charts (this line keeps the finding and its events)"));
    connect(m_foldToggle, &QToolButton::clicked, this, [this] {
        m_foldChoice = !m_folded;
        setFolded(*m_foldChoice);
    });
    auto* bar = m_bar = new QHBoxLayout;
    bar->addWidget(m_foldToggle);
    bar->addWidget(m_title, 1);
    bar->addWidget(m_unavailableNote);
    bar->addWidget(m_splitBox);
    bar->addWidget(m_bucketBox);
    m_range = new QLabel;
    m_range->setTextFormat(Qt::PlainText);
    m_range->setWordWrap(true);
    m_range->setForegroundRole(QPalette::PlaceholderText);
    m_range->setToolTip(tr("Drag across a chart to narrow the findings and their events to that time range"));
    auto* content = new QWidget;
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_range);
    layout->addWidget(m_findingView, 3);
    layout->addWidget(m_overviewView, 1);
    // In a scroll area, so that the dock can be made smaller than the charts' minimum: at 200% on a
    // 1920×1080 screen (540 logical pixels) the window would otherwise not fit.
    auto* scroll = m_scroll = new QScrollArea;
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);
    connect(&m_watcher, &QFutureWatcher<Output>::finished, this, &ActivityTimeline::onComputed);
    rebuild();
}

ActivityTimeline::~ActivityTimeline()
{
    m_watcher.cancel();
    m_watcher.waitForFinished();
}

QChart* ActivityTimeline::findingChart() const
{
    return m_findingView->chart();
}

QChart* ActivityTimeline::overviewChart() const
{
    return m_overviewView->chart();
}

QString ActivityTimeline::rangeText() const
{
    return m_range->text();
}

QString ActivityTimeline::titleText() const
{
    return m_title->text();
}

void ActivityTimeline::setLocalTime(bool localTime)
{
    if (localTime == m_localTime)
        return;
    m_localTime = localTime;
    m_bucketBox->setToolTip(tr("Events per hour or per day (%1)").arg(timeZoneLabel(localTime)));
    rebuild();
}

void ActivityTimeline::setTimeRange(std::optional<TimeMs> from, std::optional<TimeMs> to)
{
    if (from == m_rangeFrom && to == m_rangeTo)
        return;
    m_rangeFrom = from;
    m_rangeTo = to;
    rebuild();
}

QString ActivityTimeline::barToolTip(const ActivitySeries& series, int set, int bucket) const
{
    const TimeMs from = series.start + series.bucketMs * bucket;
    const quint32 count = set >= 0 && std::size_t(set) < series.counts.size() && bucket >= 0 &&
                                  std::size_t(bucket) < series.counts[std::size_t(set)].size()
                              ? series.counts[std::size_t(set)][std::size_t(bucket)]
                              : 0;
    // Rich text, so that a series name from the log (an API) is escaped rather than interpreted.
    return u"<p style='white-space:pre'>"_s +
           describeTimeSpan(from, from + series.bucketMs, m_localTime).toHtmlEscaped() + u"<br>"_s +
           ReportText::html(series.names.value(set)) + u": "_s +
           (count == 1 ? tr("1 event") : tr("%1 events").arg(QLocale().toString(count))) + u"</p>"_s;
}

std::optional<TimeMs> ActivityTimeline::timeAt(QChartView* view, const Span& span, int x) const
{
    if (span.end <= span.start)
        return std::nullopt;
    QChart* chart = view->chart();
    const QRect plot = view->mapFromScene(chart->mapToScene(chart->plotArea())).boundingRect();
    if (plot.width() <= 0)
        return std::nullopt;
    const double fraction = std::clamp(double(x - plot.left()) / plot.width(), 0.0, 1.0);
    return span.start + TimeMs(fraction * double(span.end - span.start));
}

std::optional<int> ActivityTimeline::xForTime(QChartView* view, TimeMs time) const
{
    const Span& span = view == m_findingView ? m_findingSpan : m_overviewSpan;
    if (span.end <= span.start)
        return std::nullopt;
    QChart* chart = view->chart();
    const QRect plot = view->mapFromScene(chart->mapToScene(chart->plotArea())).boundingRect();
    return plot.left() + int(double(time - span.start) / double(span.end - span.start) * plot.width());
}

bool ActivityTimeline::eventFilter(QObject* watched, QEvent* event)
{
    QChartView* view = watched == m_findingView->viewport()    ? m_findingView
                       : watched == m_overviewView->viewport() ? m_overviewView
                                                               : nullptr;
    if (!view)
        return QWidget::eventFilter(watched, event);
    const Span& span = view == m_findingView ? m_findingSpan : m_overviewSpan;
    const auto band = [&](int x) {
        QChart* chart = view->chart();
        const QRect plot = view->mapFromScene(chart->mapToScene(chart->plotArea())).boundingRect();
        m_band->setGeometry(
            QRect(QPoint(std::min(x, m_dragX), plot.top()), QPoint(std::max(x, m_dragX), plot.bottom())));
    };
    switch (event->type()) {
    case QEvent::MouseButtonPress: {
        auto* e = static_cast<QMouseEvent*>(event);
        if (e->button() != Qt::LeftButton || span.end <= span.start)
            break;
        m_dragView = view;
        m_dragX = e->position().toPoint().x();
        if (!m_band || m_band->parentWidget() != view->viewport()) {
            delete m_band;
            m_band = new QRubberBand(QRubberBand::Rectangle, view->viewport());
        }
        band(m_dragX);
        m_band->show();
        break;
    }
    case QEvent::MouseMove:
        if (m_dragView == view && m_band)
            band(static_cast<QMouseEvent*>(event)->position().toPoint().x());
        break;
    case QEvent::MouseButtonRelease: {
        if (m_dragView != view)
            break;
        m_dragView = nullptr;
        if (m_band)
            m_band->hide();
        const int x = static_cast<QMouseEvent*>(event)->position().toPoint().x();
        // A click is not a range: a few pixels of jitter must not hide findings.
        if (std::abs(x - m_dragX) < QApplication::startDragDistance())
            break;
        const auto a = timeAt(view, span, std::min(x, m_dragX));
        const auto b = timeAt(view, span, std::max(x, m_dragX));
        if (!a || !b)
            break;
        // Whole bars: the range starts where the first touched bar starts and ends where the last ends.
        const qint64 size = std::max<qint64>(1, span.bucketMs);
        const TimeMs from = span.start + (*a - span.start) / size * size;
        TimeMs to = span.start + (*b - span.start + size - 1) / size * size;
        if (to <= from)
            to = from + size;
        Q_EMIT rangeSelected(from, to);
        break;
    }
    default:
        break;
    }
    return QWidget::eventFilter(watched, event);
}

void ActivityTimeline::setSnapshot(std::shared_ptr<const EventStore> store,
                                   std::shared_ptr<const DetectionResult> result)
{
    m_store = std::move(store);
    m_result = std::move(result);
    m_findingsEvents.reset();
    // Another load: the shown events' ids mean other events now (the tab that gave them clears too).
    if (m_eventSet && m_eventSet->store != m_store)
        m_eventSet.reset();
    // The selected user may have been approved away.
    if (m_user && m_result &&
        std::none_of(m_result->findings.begin(), m_result->findings.end(),
                     [this](const UserActivity& a) { return a.user == *m_user; }))
        m_user.reset();
    rebuild();
}

void ActivityTimeline::setUser(std::optional<std::uint32_t> user)
{
    if (user == m_user)
        return;
    m_user = user;
    rebuild();
}

void ActivityTimeline::setEventSet(std::optional<EventSet> set)
{
    if (!set && !m_eventSet)
        return;
    if (set && m_eventSet && set->store == m_eventSet->store && set->events == m_eventSet->events &&
        set->what == m_eventSet->what)
        return;
    m_eventSet = std::move(set);
    rebuild();
}

void ActivityTimeline::setSplit(ActivitySplit split)
{
    m_split = split;
    m_splitBox->setCurrentIndex(m_splitBox->findData(int(split)));
    rebuild();
}

void ActivityTimeline::setBucket(Bucket bucket)
{
    m_bucket = bucket;
    m_bucketBox->setCurrentIndex(m_bucketBox->findData(int(bucket)));
    rebuild();
}

void ActivityTimeline::waitForComputation()
{
    m_watcher.waitForFinished();
    QCoreApplication::processEvents();
}

qint64 ActivityTimeline::bucketMs(Bucket bucket, TimeMs first, TimeMs last)
{
    switch (bucket) {
    case Bucket::Hour:
        // An hour a bar over months would be tens of thousands of bars: cap to what can be drawn.
        return last - first > 31LL * 24 * kHourMs ? 24 * kHourMs : kHourMs;
    case Bucket::Day:
        return 24 * kHourMs;
    case Bucket::Auto:
        break;
    }
    return autoBucketMs(first, last);
}

void ActivityTimeline::setUnavailable(const QString& reason, const QString& details)
{
    if (reason == m_unavailable)
        return;
    m_unavailable = reason;
    const bool available = reason.isEmpty();
    // One line in place of the charts: a dock that says in three lines that it has nothing to show
    // takes them from the findings table on a small screen (1920×1080 at 200%).
    m_unavailableNote->setVisible(!available);
    m_unavailableNote->setText(available ? QString() : u"\u2014 "_s + reason);
    const QString tip = details.isEmpty() ? reason : details;
    m_unavailableNote->setToolTip(available ? QString() : tip);
    m_title->setToolTip(available ? QString() : tip);
    m_bar->setStretchFactor(m_title, available ? 1 : 0);
    m_bar->setStretchFactor(m_unavailableNote, available ? 0 : 1);
    rebuild();
    showChartsOrLine();
}

void ActivityTimeline::setFolded(bool folded)
{
    if (folded == m_folded)
        return;
    m_folded = folded;
    m_foldToggle->setArrowType(folded ? Qt::RightArrow : Qt::DownArrow);
    m_foldToggle->setAccessibleName(folded ? tr("Show the charts") : tr("Hide the charts"));
    showChartsOrLine();
    Q_EMIT foldedChanged(folded);
}

void ActivityTimeline::foldToFit(bool shortWindow)
{
    if (!m_foldChoice)
        setFolded(shortWindow);
}

void ActivityTimeline::showChartsOrLine()
{
    const bool charts = showsCharts();
    m_findingView->setVisible(charts);
    m_overviewView->setVisible(charts);
    m_range->setVisible(charts);
    m_splitBox->setVisible(charts);
    m_bucketBox->setVisible(charts);
    // Nothing to fold while there is nothing to draw.
    m_foldToggle->setVisible(m_unavailable.isEmpty());
    // A scroll area asks for room for its scroll bars (68 px), three times the line it shows here.
    const QMargins margins = m_scroll->widget()->layout()->contentsMargins();
    const int line = std::max({m_title->sizeHint().height(), m_unavailableNote->sizeHint().height(),
                               m_foldToggle->sizeHint().height()});
    m_scroll->setMinimumHeight(charts ? 0 : line + margins.top() + margins.bottom());
    updateGeometry(); // the dock's minimum follows
}

void ActivityTimeline::restoreState(const QSettings& settings)
{
    const QString choice = settings.value(kFoldKey).toString();
    if (choice == u"folded"_s || choice == u"shown"_s) {
        m_foldChoice = choice == u"folded"_s;
        setFolded(*m_foldChoice);
    }
}

void ActivityTimeline::saveState(QSettings& settings) const
{
    if (m_foldChoice)
        settings.setValue(kFoldKey, *m_foldChoice ? u"folded"_s : u"shown"_s);
    else
        settings.remove(kFoldKey);
}

void ActivityTimeline::rebuild()
{
    if (!m_unavailable.isEmpty()) {
        ++m_serial; // a computation still running is not shown
        m_watcher.cancel();
        m_pending = false;
        m_findingsEvents.reset();
        m_overview = {};
        m_finding = {};
        m_title->setText(tr("No timeline"));
        m_range->setText(m_unavailable);
        m_range->setToolTip({});
        Q_EMIT updated();
        return;
    }
    const bool eventSet = m_eventSet && m_eventSet->store == m_store;
    Input input{m_store,     m_result,  m_user,
                m_split,     m_bucket,  m_findingsEvents,
                m_rangeFrom, m_rangeTo, eventSet ? m_eventSet->events : nullptr};
    const quint64 serial = ++m_serial;
    m_watcher.cancel();
    // The work grows with the events and with the findings (a set of their users): an imported
    // result has 100,000 findings and no events.
    if (!m_store || m_store->events.size() + (m_result ? m_result->findings.size() : 0) < m_workerThreshold) {
        m_pending = false;
        Output output = compute(input, nullptr);
        output.serial = serial;
        show(std::move(output));
        return;
    }
    // Every event of the store is scanned for the findings' events, and every event of the
    // findings bucketed (millions at 10M): on a worker, the charts keep the last result meanwhile.
    m_pending = true;
    m_watcher.setFuture(
        QtConcurrent::run(windowWorkers(), [input = std::move(input), serial](QPromise<Output>& promise) {
            Output output = compute(input, &promise);
            if (promise.isCanceled())
                return;
            output.serial = serial;
            promise.addResult(std::move(output));
        }));
}

void ActivityTimeline::onComputed()
{
    if (m_watcher.future().resultCount() == 0)
        return; // cancelled
    Output output = m_watcher.result();
    if (output.serial != m_serial)
        return; // superseded by a newer snapshot, selection or setting
    m_pending = false;
    show(std::move(output));
}

ActivityTimeline::Output ActivityTimeline::compute(const Input& in, const QPromise<Output>* promise)
{
    Output out;
    if (!in.store || !in.result)
        return out;
    const EventStore& store = *in.store;
    out.findingsEvents =
        in.findingsEvents
            ? in.findingsEvents
            : std::make_shared<const std::vector<std::uint32_t>>(eventsOfFindings(store, *in.result));
    const auto canceled = [promise] { return promise && promise->isCanceled(); };
    const auto& findingsEvents = *out.findingsEvents;
    if (!findingsEvents.empty() && !canceled()) {
        const auto& time = store.events.time;
        const auto [lo, hi] = std::minmax_element(findingsEvents.begin(), findingsEvents.end(),
                                                  [&time](auto a, auto b) { return time[a] < time[b]; });
        out.first = time[*lo];
        out.last = time[*hi];
        out.overview = activitySeries(store, findingsEvents, ActivitySplit::Total,
                                      bucketMs(in.bucket, out.first, out.last));
        out.hasOverview = true;
        if (in.user && !in.shown && !canceled()) {
            // Split the one series into the selected user's share and the rest.
            const auto& users =
                in.result->rules == RuleSet::Ta7 ? store.events.userTa7 : store.events.userLegacy;
            std::vector<std::uint32_t> mine;
            for (auto e : findingsEvents)
                if (users[e] == *in.user)
                    mine.push_back(e);
            const ActivitySeries selected = activitySeries(
                store, mine, ActivitySplit::Total, out.overview.bucketMs, 0, out.overview.start,
                out.overview.start + out.overview.bucketMs * out.overview.buckets - 1);
            auto& others = out.overview.counts[0];
            for (std::size_t b = 0; b < others.size(); ++b)
                others[b] -= selected.counts[0][b];
            out.overview.counts.insert(out.overview.counts.begin(), selected.counts[0]);
            out.hasSelected = true;
        }
    }
    if ((in.user || in.shown) && !canceled()) {
        const auto& time = store.events.time;
        const bool ranged = in.rangeFrom || in.rangeTo;
        const auto outside = [&time, &in](std::uint32_t e) {
            return (in.rangeFrom && time[e] < *in.rangeFrom) || (in.rangeTo && time[e] >= *in.rangeTo);
        };
        // The shown set is used in place (it can be every event of a region); only a time range
        // makes a narrowed copy.
        std::vector<std::uint32_t> own;
        if (!in.shown)
            own = eventsOfUser(store, in.result->rules, *in.user);
        else if (ranged)
            std::copy_if(in.shown->begin(), in.shown->end(), std::back_inserter(own),
                         [&outside](std::uint32_t e) { return !outside(e); });
        if (!in.shown && ranged)
            std::erase_if(own, outside);
        const std::vector<std::uint32_t>& events = in.shown && !ranged ? *in.shown : own;
        if (!events.empty()) {
            // A range is the chart's span, so that the drag reads as a zoom.
            const TimeMs first = in.rangeFrom.value_or(time[events.front()]);
            const TimeMs last = in.rangeTo ? *in.rangeTo - 1 : time[events.back()];
            out.finding = activitySeries(store, events, in.split, bucketMs(in.bucket, first, last), 6,
                                         ranged ? std::optional<TimeMs>(first) : std::nullopt,
                                         ranged ? std::optional<TimeMs>(last) : std::nullopt);
            out.ranged = ranged;
        }
    }
    return out;
}

void ActivityTimeline::show(Output output)
{
    ++m_shownResults;
    m_findingsEvents = std::move(output.findingsEvents);
    m_overview = std::move(output.overview);
    m_finding = std::move(output.finding);
    QString range;
    if (output.hasOverview) {
        range = tr("Findings' events from %1 to %2 (%3), per %4")
                    .arg(formatTime(output.first, m_localTime), formatTime(output.last, m_localTime),
                         timeZoneLabel(m_localTime), bucketUnit(m_overview.bucketMs));
        // One forged eventTime is enough to stretch the axis over centuries: say so, in words.
        constexpr qint64 kYearMs = 36524LL * 24 * kHourMs / 100;
        if (output.last - output.first > 10 * kYearMs) {
            range += u' ' + tr("— a span of %1 years: check for forged or mistyped eventTime values")
                                .arg(QLocale().toString(qint64((output.last - output.first) / kYearMs)));
            m_range->setForegroundRole(QPalette::WindowText);
        } else {
            m_range->setForegroundRole(QPalette::PlaceholderText);
            m_range->setToolTip(
                tr("Drag across a chart to narrow the findings and their events to that time range"));
        }
        m_overview.names = {tr("Other findings")};
        if (output.hasSelected)
            m_overview.names.prepend(tr("Selected finding"));
    }
    m_range->setText(range);
    fillChart(m_overviewView, m_overview, true, m_overviewSpan);

    QString title = tr("Select a finding to see its timeline");
    // English plurals without a translation catalogue (tr()'s %n needs one to pick the form).
    const QString counted = m_finding.total == 1
                                ? tr("1 event")
                                : tr("%1 events").arg(QLocale().toString(qulonglong(m_finding.total)));
    if (m_eventSet && m_eventSet->store == m_store) {
        // Named as the tab names them, so that it is clear this is not the selected finding.
        title = m_finding.buckets == 0
                    ? tr("Events with %1 — none in the time range").arg(m_eventSet->what)
                    : (output.ranged ? tr("Events with %1 — %2 in the time range, per %3 (%4)")
                                     : tr("Events with %1 — %2, per %3 (%4)"))
                          .arg(m_eventSet->what, counted, bucketUnit(m_finding.bucketMs),
                               timeZoneLabel(m_localTime));
    } else if (m_finding.buckets > 0 && m_user) {
        // The name is log text: shown plain (QLabel::PlainText) and with invisible characters made
        // visible.
        title = (output.ranged ? tr("%1 — %2 in the time range, per %3 (%4)") : tr("%1 — %2, per %3 (%4)"))
                    .arg(ReportText::visible(m_store->qstr(*m_user)), counted, bucketUnit(m_finding.bucketMs),
                         timeZoneLabel(m_localTime));
    }
    m_title->setText(title);
    fillChart(m_findingView, m_finding, false, m_findingSpan);
    Q_EMIT updated();
}

// Stacked bars on a hidden category axis (one category a bucket), with a date-time axis over the
// same span for the labels: bar i covers [start + i*bucket, start + (i+1)*bucket), which is where
// the category axis's default range [-0.5, n-0.5] puts it, so the two axes line up exactly.
void ActivityTimeline::fillChart(QChartView* view, const ActivitySeries& series, bool compact, Span& span)
{
    QChart* chart = view->chart();
    span = {};
    chart->removeAllSeries();
    const auto axes = chart->axes();
    for (QAbstractAxis* axis : axes) {
        chart->removeAxis(axis);
        delete axis;
    }
    chart->legend()->setVisible(!compact && series.names.size() > 1);
    chart->legend()->setAlignment(Qt::AlignRight);
    if (series.buckets == 0)
        return;

    // Padded with empty buckets to a multiple of the label intervals, so that every date-time label
    // falls on a bucket boundary (a whole hour or day) rather than at 19:12.
    const int intervals = compact ? 2 : 6;
    const int buckets = (series.buckets + intervals - 1) / intervals * intervals;
    auto* bars = new QStackedBarSeries;
    bars->setBarWidth(0.9);
    const bool twoTone = compact && series.names.size() == 2;
    for (qsizetype s = 0; s < series.names.size(); ++s) {
        // Series names can be API names from the log, and Qt Charts renders legend labels as HTML:
        // escaped, with invisible characters made visible, so "<b>Get</b>" reads as written.
        auto* set = new QBarSet(ReportText::html(series.names[s]));
        const bool other = series.names[s] == tr("Other APIs") || series.names[s] == tr("Other findings");
        set->setColor(twoTone && s == 0 ? kColors[0] : other ? kOther : kColors[s % kColors.size()]);
        set->setBorderColor(set->color());
        QList<qreal> values;
        values.reserve(buckets);
        for (quint32 c : series.counts[std::size_t(s)])
            values << c;
        while (values.size() < buckets)
            values << 0;
        set->append(values);
        bars->append(set);
    }
    chart->addSeries(bars);
    const ActivitySeries* shown = &series; // a member: outlives the bars, which the next fill deletes
    connect(bars, &QStackedBarSeries::hovered, view,
            [this, view, bars, shown](bool on, int bucket, QBarSet* set) {
                if (on)
                    QToolTip::showText(QCursor::pos(),
                                       barToolTip(*shown, int(bars->barSets().indexOf(set)), bucket), view);
                else
                    QToolTip::hideText();
            });
    QStringList categories;
    categories.reserve(buckets);
    for (int i = 0; i < buckets; ++i)
        categories << QString::number(i);
    auto* categoryAxis = new QBarCategoryAxis;
    categoryAxis->append(categories);
    categoryAxis->setVisible(false);
    chart->addAxis(categoryAxis, Qt::AlignBottom);
    bars->attachAxis(categoryAxis);

    // Whole numbers only: a peak of 1 with five ticks would read 0, 0, 0, 0, 1.
    const quint32 peak = std::max<quint32>(1, series.peak);
    auto* counts = new QValueAxis;
    counts->setRange(0, peak);
    counts->setLabelFormat(u"%d"_s);
    if (compact) {
        counts->setTickCount(2);
    } else if (peak <= 4) {
        counts->setTickCount(int(peak) + 1);
    } else {
        counts->setTickCount(5);
        counts->applyNiceNumbers();
    }
    chart->addAxis(counts, Qt::AlignLeft);
    bars->attachAxis(counts);

    // An invisible two-point line gives the date-time axis its span. QDateTimeAxis (Qt 6.4) labels
    // in local time only, so for UTC the span is shifted by the local offset to make the labels read
    // UTC; with Show Local Time they are what the tables show.
    auto* line = new QLineSeries;
    const TimeMs end = series.start + series.bucketMs * buckets;
    span = {series.start, end, series.bucketMs};
    const qint64 offset =
        m_localTime ? 0 : QDateTime::fromMSecsSinceEpoch(series.start).offsetFromUtc() * 1000LL;
    line->append(qreal(series.start - offset), 0);
    line->append(qreal(end - offset), 0);
    line->setPen(Qt::NoPen);
    chart->addSeries(line);
    chart->legend()->markers(line).value(0)->setVisible(false);
    auto* times = new QDateTimeAxis;
    times->setRange(QDateTime::fromMSecsSinceEpoch(series.start - offset),
                    QDateTime::fromMSecsSinceEpoch(end - offset));
    times->setFormat(series.bucketMs < 24 * kHourMs ? u"MM-dd HH:mm"_s : u"yyyy-MM-dd"_s);
    times->setTickCount(intervals + 1);
    chart->addAxis(times, Qt::AlignBottom);
    line->attachAxis(times);
    line->attachAxis(counts);
}

} // namespace tw
