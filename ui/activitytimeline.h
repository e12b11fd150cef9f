// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/detection/activityseries.h"
#include "core/detection/detection.h"
#include "core/ingest/eventstore.h"

#include <QFutureWatcher>
#include <QPromise>
#include <QWidget>

#include <memory>
#include <optional>

class QAction;
class QComboBox;
class QDockWidget;
class QHBoxLayout;
class QItemSelectionModel;
class QLabel;
class QRubberBand;
class QScrollArea;
class QSettings;
class QToolButton;

QT_BEGIN_NAMESPACE
class QChart;
class QChartView;
QT_END_NAMESPACE

namespace tw {

class AnalysisSession;

// The timeline of the selected finding (Qt Charts): events per hour or day, stacked by API or by
// read/write, and under it an overview strip of all findings' activity with the selected finding's
// share highlighted. While the Events with Value tab is in view, its events instead (setEventSet). An adapter
// over the immutable snapshot, like the models: it never reads a file. Bucketing is core's (activitySeries);
// this class only draws.
//
// UI thread only.
class ActivityTimeline : public QWidget
{
    Q_OBJECT
public:
    enum class Bucket { Auto, Hour, Day };

    explicit ActivityTimeline(QWidget* parent = nullptr);
    ~ActivityTimeline() override;

    // View ▸ Activity Timeline: a dock ("activityTimelineDock") holding a timeline
    // ("activityTimeline") that follows the session's result and time range, the current row of the
    // findings table (findingsSelection, over a model with FindingsModel::UserIdRole) and the
    // window's Show Local Time action (localTime, may be null); a drag across either chart sets the
    // session's time range. The window places it.
    static QDockWidget* createDock(AnalysisSession& session, QItemSelectionModel* findingsSelection,
                                   QAction* localTime, QWidget* parent);

    void setSnapshot(std::shared_ptr<const EventStore> store, std::shared_ptr<const DetectionResult> result);
    // The finding to show (a user string id), or none.
    void setUser(std::optional<std::uint32_t> user);

    // Events charted instead of the selected finding's: the Events with Value tab's, while it is the
    // tab in view, so that the timeline shows what the analyst is looking at. `what` names them in
    // the title ("sourceIPAddress = 203.0.113.7", already made visible); `events` are indices into
    // store in time order, shared with the tab (not copied). A set over another store than the
    // snapshot's is ignored (the data changed since).
    struct EventSet
    {
        std::shared_ptr<const EventStore> store;
        QString what;
        std::shared_ptr<const std::vector<std::uint32_t>> events;
    };
    // nullopt: back to the selected finding.
    void setEventSet(std::optional<EventSet> set);
    bool showsEventSet() const { return m_eventSet.has_value(); }

    void setSplit(ActivitySplit split);
    ActivitySplit split() const { return m_split; }
    void setBucket(Bucket bucket);
    // Titles, axes and tooltips in local time (with the tables' Show Local Time) or UTC.
    void setLocalTime(bool localTime);
    // The session's time range [from, to): the selected finding's chart shows only it.
    void setTimeRange(std::optional<TimeMs> from, std::optional<TimeMs> to);
    // Non-empty: there is nothing to draw (an engine's result holds per-user totals, not events);
    // the charts and their choices are hidden and the timeline is one line: "No timeline", the
    // reason (a few words) and, on hovering it, the details. Empty: the charts again.
    void setUnavailable(const QString& reason, const QString& details = {});
    bool isUnavailable() const { return !m_unavailable.isEmpty(); }
    // Folded, the timeline is its title line (the finding, its event count, the bucket) after a
    // ▸/▾ toggle: on a short window (1920×1080 at 200%) the charts took the findings table's rows.
    // The series are still computed, so that the title counts and unfolding shows them at once.
    void setFolded(bool folded);
    bool isFolded() const { return m_folded; }
    QToolButton* foldToggle() const { return m_foldToggle; }
    // Until the analyst uses the toggle (the choice is kept by saveState), the timeline is folded
    // exactly while the window is short.
    void foldToFit(bool shortWindow);
    // The charts are in view: neither unavailable nor folded.
    bool showsCharts() const { return m_unavailable.isEmpty() && !m_folded; }
    void restoreState(const QSettings& settings);
    void saveState(QSettings& settings) const;

    // The tooltip of a bar: its time span, the series (an API, read/write) and the count.
    QString barToolTip(const ActivitySeries& series, int set, int bucket) const;

    // What the charts show, for tests and accessibility: the series of the selected finding and
    // of the overview (selected, others).
    const ActivitySeries& findingSeries() const { return m_finding; }
    const ActivitySeries& overviewSeries() const { return m_overview; }
    QChart* findingChart() const;
    QChart* overviewChart() const;
    // The first and last of the findings' events, in words (empty without findings).
    QString rangeText() const;
    QString titleText() const;
    // Where a time falls on a chart, in its viewport's coordinates (for tests: a drag is made of these).
    std::optional<int> xForTime(QChartView* view, TimeMs time) const;
    QChartView* findingView() const { return m_findingView; }
    QChartView* overviewView() const { return m_overviewView; }

    // From how many events in the store and findings the series are computed on a worker (tests
    // lower it).
    void setWorkerThreshold(std::size_t events) { m_workerThreshold = events; }
    // True while a computation on the worker has not been shown yet.
    bool isComputing() const { return m_pending; }
    // Blocks until the worker is done and its result shown (tests, --measure, --screenshot).
    void waitForComputation();
    // How many computed results were shown (a superseded one is not): for tests.
    int shownResults() const { return m_shownResults; }

Q_SIGNALS:
    // A drag across a chart chose [from, to), snapped to its bars.
    void rangeSelected(TimeMs from, TimeMs to);
    // A computed result is shown.
    void updated();
    // The charts were folded to the title line, or unfolded.
    void foldedChanged(bool folded);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    // What a chart spans, to turn a drag's x into a time.
    struct Span
    {
        TimeMs start = 0, end = 0;
        qint64 bucketMs = 0;
    };
    std::optional<TimeMs> timeAt(QChartView* view, const Span& span, int x) const;

    // What the charts are computed from, and what is computed: the overview and the selected
    // finding's series. Over the immutable snapshot, so that it can run on a worker.
    struct Input
    {
        std::shared_ptr<const EventStore> store;
        std::shared_ptr<const DetectionResult> result;
        std::optional<std::uint32_t> user;
        ActivitySplit split = ActivitySplit::Api;
        Bucket bucket = Bucket::Auto;
        std::shared_ptr<const std::vector<std::uint32_t>> findingsEvents; // null: to compute
        std::optional<TimeMs> rangeFrom, rangeTo; // the selected finding's chart shows only these
        // An EventSet's events, charted instead of user's (the overview then highlights nothing).
        std::shared_ptr<const std::vector<std::uint32_t>> shown;
    };
    struct Output
    {
        quint64 serial = 0;
        std::shared_ptr<const std::vector<std::uint32_t>> findingsEvents;
        ActivitySeries overview, finding;
        bool hasOverview = false, hasSelected = false;
        bool ranged = false;        // the finding's series is narrowed to the time range
        TimeMs first = 0, last = 0; // of the findings' events
    };
    static Output compute(const Input& input, const QPromise<Output>* promise);
    static qint64 bucketMs(Bucket bucket, TimeMs first, TimeMs last);

    // Starts the computation for the current state (on a worker once the store is large).
    void rebuild();
    void onComputed();
    void show(Output output);
    void fillChart(QChartView* view, const ActivitySeries& series, bool compact, Span& span);
    // Shows the charts and their choices, or only the title line (unavailable or folded).
    void showChartsOrLine();

    QString m_unavailable;
    bool m_folded = false;
    std::optional<bool> m_foldChoice; // the analyst's (folded or not), once the toggle was used

    std::shared_ptr<const EventStore> m_store;
    std::shared_ptr<const DetectionResult> m_result;
    std::optional<std::uint32_t> m_user;
    std::optional<EventSet> m_eventSet;
    // All findings' events, for the overview: computed once a snapshot, with the first series.
    std::shared_ptr<const std::vector<std::uint32_t>> m_findingsEvents;
    QFutureWatcher<Output> m_watcher;
    quint64 m_serial = 0; // of the latest computation: an older result is dropped
    bool m_pending = false;
    int m_shownResults = 0;
    std::size_t m_workerThreshold = 100000;
    ActivitySplit m_split = ActivitySplit::Api;
    Bucket m_bucket = Bucket::Auto;
    bool m_localTime = false;
    std::optional<TimeMs> m_rangeFrom, m_rangeTo;
    Span m_findingSpan, m_overviewSpan;
    // The drag in progress: the view it started on and where.
    QChartView* m_dragView = nullptr;
    int m_dragX = 0;
    QRubberBand* m_band = nullptr;
    ActivitySeries m_finding, m_overview;

    QComboBox* m_splitBox = nullptr;
    QComboBox* m_bucketBox = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_range = nullptr; // the time range charted, so that an absurd span is seen, not just drawn
    QLabel* m_unavailableNote = nullptr; // beside the title while there is nothing to draw
    QToolButton* m_foldToggle = nullptr;
    QHBoxLayout* m_bar = nullptr;
    QScrollArea* m_scroll = nullptr;
    QChartView* m_findingView = nullptr;
    QChartView* m_overviewView = nullptr;
};

} // namespace tw
