// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/analysissession.h"
#include "core/detection/pivot.h"

#include <QFutureWatcher>
#include <QThreadPool>
#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

class QLabel;
class QLineEdit;
class QMenu;
class QModelIndex;
class QSettings;
class QSplitter;
class QTableView;

namespace tw {

class EventsModel;
class RawRecordPane;

// A value of one event, as a pivot takes it: the field and the value's string id in the store.
struct PivotValue
{
    PivotField field = PivotField::SourceIp;
    std::uint32_t value = 0;
};

// The pivotable value in a cell of an EventsModel (the drill-down or this page), or none (time,
// read-only and user columns, or an empty value).
std::optional<PivotValue> pivotValueAt(const QModelIndex& index);

// The Events tab: every event with one value (a source IP, an account, a user agent...) across
// every user, successful or not, findings or not, sortable and filterable, with the raw record of
// the current event. Its queries (the events with the value, the findings with it) grow with the
// data, so they run on a worker thread over the session's immutable store; only the latest
// request is shown. UI thread only.
class PivotPage : public QWidget
{
    Q_OBJECT
public:
    explicit PivotPage(AnalysisSession& session, QWidget* parent = nullptr);
    ~PivotPage() override;

    EventsModel* eventsModel() const { return m_events; }
    QTableView* eventsView() const { return m_view; }
    RawRecordPane* rawPane() const { return m_raw; }
    QLineEdit* filterEdit() const { return m_filter; }
    QLabel* titleLabel() const { return m_title; }
    // The value shown, if any.
    std::optional<PivotValue> shownValue() const { return m_shown; }
    // Its events (indices into the session's store, in time order), shared for others to read (the
    // Activity Timeline charts them while this tab is in view); null when nothing is shown.
    std::shared_ptr<const std::vector<std::uint32_t>> shownEvents() const { return m_shownEvents; }
    // The shown value as the title names it ("recipientAccountId = 123456789012 (prod)"), or empty.
    QString shownDescription() const;

    // Adds "Show All Events with This Value" and "Findings with This Value" to menu when the cell
    // at index (of an EventsModel over the session's store) holds a pivotable value.
    void addPivotActions(QMenu* menu, const QModelIndex& index);

    // Starts the query for every event with the value; the page shows it when it is done (and asks
    // to be shown at once, with a "searching" title).
    void showEventsWith(PivotValue value);
    // Starts the query for the findings with the value; findingsFound() gives the answer.
    void findFindingsWith(PivotValue value);
    bool isBusy() const;
    // Blocks until the running queries are done and shown (tests, screenshots).
    void waitForQueries();
    // How long the last events query took on its worker, in ms (-1 before the first).
    qint64 lastQueryMs() const { return m_lastQueryMs; }

    void setLocalTime(bool localTime);
    void restoreState(const QSettings& settings);
    void saveState(QSettings& settings) const;

Q_SIGNALS:
    // The page wants to be the current tab (a pivot started).
    void showRequested();
    // The findings with a value (their users' string ids in the session's store) and what they
    // have in common ("sourceIPAddress = 203.0.113.7"), for the findings table to show only them.
    void findingsFound(const QString& description, const std::vector<std::uint32_t>& users);
    // A query's answer is shown.
    void eventsShown();

private:
    struct EventsAnswer
    {
        std::shared_ptr<const EventStore> store;
        PivotValue value;
        std::vector<std::uint32_t> events;
        qint64 ms = 0;
        // The same events, shared with readers other than the table (copied on the worker).
        std::shared_ptr<const std::vector<std::uint32_t>> shared;
    };
    struct FindingsAnswer
    {
        QString description;
        std::vector<std::uint32_t> users;
    };
    void onEventsDone();
    void onFindingsDone();
    void onResultChanged();
    void onEventChanged();
    void contextMenu(const QPoint& pos);
    void updateTitle();
    QString describe(const EventStore& store, PivotValue value) const;

    AnalysisSession& m_session;
    EventsModel* m_events = nullptr;
    QTableView* m_view = nullptr;
    RawRecordPane* m_raw = nullptr;
    QLineEdit* m_filter = nullptr;
    QLabel* m_title = nullptr;
    QSplitter* m_splitter = nullptr;
    QThreadPool m_pool;
    QFutureWatcher<EventsAnswer> m_eventsWatcher;
    QFutureWatcher<FindingsAnswer> m_findingsWatcher;
    std::optional<PivotValue> m_shown;
    std::shared_ptr<const std::vector<std::uint32_t>> m_shownEvents;
    std::optional<PivotValue> m_pending; // the latest events request
    qint64 m_lastQueryMs = -1;
    // A query started and its answer not yet handled (a watcher says finished only once its
    // finished() has been delivered, and not at all between setFuture() and the worker's start).
    bool m_eventsRunning = false;
    bool m_findingsRunning = false;
};

} // namespace tw
