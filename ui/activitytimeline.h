// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/detection/activityseries.h"
#include "core/detection/detection.h"
#include "core/ingest/eventstore.h"

#include <QWidget>

#include <memory>
#include <optional>

class QComboBox;
class QDockWidget;
class QItemSelectionModel;
class QLabel;

QT_BEGIN_NAMESPACE
class QChart;
class QChartView;
QT_END_NAMESPACE

namespace tw {

class AnalysisSession;

// The timeline of the selected finding (Qt Charts): events per hour or day, stacked by API or by
// read/write, and under it an overview strip of all findings' activity with the selected finding's
// share highlighted. An adapter over the immutable snapshot, like the models: it never reads a file.
// Bucketing is core's (activitySeries); this class only draws.
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
    // ("activityTimeline") that follows the session's result and the current row of the findings
    // table (findingsSelection, over a model with FindingsModel::UserIdRole). The window places it.
    static QDockWidget* createDock(AnalysisSession& session, QItemSelectionModel* findingsSelection,
                                   QWidget* parent);

    void setSnapshot(std::shared_ptr<const EventStore> store, std::shared_ptr<const DetectionResult> result);
    // The finding to show (a user string id), or none.
    void setUser(std::optional<std::uint32_t> user);

    void setSplit(ActivitySplit split);
    ActivitySplit split() const { return m_split; }
    void setBucket(Bucket bucket);

    // What the charts show, for tests and accessibility: the series of the selected finding and
    // of the overview (selected, others).
    const ActivitySeries& findingSeries() const { return m_finding; }
    const ActivitySeries& overviewSeries() const { return m_overview; }
    QChart* findingChart() const;
    QChart* overviewChart() const;
    // The first and last of the findings' events, in words (empty without findings).
    QString rangeText() const;

private:
    void rebuildOverview();
    void rebuildFinding();
    void fillChart(QChart* chart, const ActivitySeries& series, bool compact) const;
    qint64 bucketMs(TimeMs first, TimeMs last) const;

    std::shared_ptr<const EventStore> m_store;
    std::shared_ptr<const DetectionResult> m_result;
    std::optional<std::uint32_t> m_user;
    std::vector<std::uint32_t> m_findingsEvents; // all findings' events, for the overview
    ActivitySplit m_split = ActivitySplit::Api;
    Bucket m_bucket = Bucket::Auto;
    ActivitySeries m_finding, m_overview;

    QComboBox* m_splitBox = nullptr;
    QComboBox* m_bucketBox = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_range = nullptr; // the time range charted, so that an absurd span is seen, not just drawn
    QChartView* m_findingView = nullptr;
    QChartView* m_overviewView = nullptr;
};

} // namespace tw
