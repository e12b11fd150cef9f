// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/ingest/eventstore.h"
#include "core/lists/accountaliases.h"

#include <QAbstractTableModel>
#include <QFutureWatcher>

#include <memory>
#include <vector>

namespace tw {

// Events as rows over an index vector into an immutable store: the successful events of one finding
// (the drill-down, from eventsOfUser()) or every event with one value (a pivot). UI thread only.
//
// Sorts itself instead of going through a QSortFilterProxyModel: a busy finding has 100,000+
// events, and a proxy's sort (two QModelIndex and a virtual call per comparison) took ~150 ms of
// UI thread for 168k rows, where sorting the index vector on the raw columns takes a few ms.
// Ties keep time order, whatever the sort order. From asyncSortThreshold() rows on (a 1.7M-event
// finding at 10M events: seconds of string comparisons) the sort runs on a worker over the
// immutable store: the rows keep their order meanwhile and isSorting() is true; the sorted index
// is adopted in one layout change when it arrives, unless a newer sort or set of events
// superseded it (a generation number).
class EventsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Time,
        EventName,
        EventSource,
        Region,
        Account,
        SourceIp,
        UserAgent,
        ReadOnly,
        Error,
        // Who made the call (the rule set's userName): the drill-down hides it, an events-wide pivot
        // shows it.
        User,
        AccessKey, // userIdentity.accessKeyId
        Session,   // docs/detection.md, Pivots
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        // Time as qint64 ms, read-only as -1 (absent) / 0 / 1, text as QString.
        SortRole = Qt::UserRole + 1,
        // The event's index in the store (quint32), for the raw-record pane.
        EventIndexRole,
    };
    Q_ENUM(Role)

    explicit EventsModel(QObject* parent = nullptr);

    void setEvents(std::shared_ptr<const EventStore> store, std::vector<std::uint32_t> events);
    // A huge finding in two steps (see FindingsPage): first its earliest events, shown at once,
    // then all of them. The first step only while isTimeOrder(): under another sort, the earliest
    // events are not the first rows. completeEvents() appends the rows after the first ones (the
    // current event and the scroll position stay) when they are a prefix of events in the
    // current order; otherwise the table is reset.
    void setFirstEvents(std::shared_ptr<const EventStore> store, std::vector<std::uint32_t> first);
    // The rows after the first ones go in a chunk at a time (appendChunkRows() each), one chunk an
    // event-loop turn: the table's header keeps a record for every row, and writing 1.7 million
    // at once held the UI thread for ~150 ms. isComplete() and completed() follow the last chunk;
    // another change of the events, a filter or a sort meanwhile shows them all at once.
    void completeEvents(std::vector<std::uint32_t> events);
    bool isComplete() const { return m_complete; }
    // Appends the chunks still to come now (tests, --measure).
    void finishAppending();
    void setAppendChunkRows(std::size_t rows) { m_appendChunkRows = std::max<std::size_t>(rows, 1); }
    std::size_t appendChunkRows() const { return m_appendChunkRows; }
    bool isTimeOrder() const;
    void clear();

    // From how many rows a sort runs on a worker (tests lower it).
    void setAsyncSortThreshold(std::size_t rows) { m_asyncSortThreshold = rows; }
    std::size_t asyncSortThreshold() const { return m_asyncSortThreshold; }
    // True from a sort() that went to a worker until its order is adopted or superseded.
    bool isSorting() const { return m_sorting; }
    // Blocks until the pending sort (if any) is done and adopted (tests, --measure).
    void waitForSort();
    void setLocalTime(bool localTime);
    // Shows only the events where every whitespace-separated term occurs (case-insensitively) in
    // one of the text columns (the time and read-only columns are not searched). Each distinct
    // string is matched once per term, so the cost per event is a few array look-ups.
    void setFilterText(const QString& text);
    QString filterText() const { return m_filterText; }
    // The findings filter, carried down to the drill-down: like setFilterText(), except that a term
    // no event matches is ignored (it matched the finding's row, its class or its user, not an event
    // field), so the drill-down narrows to the events that made the finding match, never to nothing.
    void setNarrowingText(const QString& text);
    QString narrowingText() const { return m_narrowText; }
    // Which userName the User column shows (docs/detection.md, Field rules).
    void setRules(RuleSet rules);
    // Names shown beside the ids in the Account column ("123456789012 (prod-payments)"); the text
    // filter finds an account by its name too. Sorting and pivots stay on the id. Null: none.
    void setAccountAliases(std::shared_ptr<const AccountAliases> aliases);

    // Only the events whose `column` shows exactly `value` ("Filter Events on This Value" in the
    // raw event's tree); column -1 shows all again. setEvents() (another finding) shows all: a
    // filter carried over unnoticed would hide events. Read-only matches "true"/"false" as in the
    // record.
    void setValueFilter(int column, const QString& value);
    // The column that shows the record field at `path` (JsonTreeView's paths), -1 for none.
    static int columnForPath(QStringView path);
    static QStringList filterablePaths();
    int valueFilterColumn() const { return m_filterColumn; }
    QString valueFilter() const { return m_filterValue; }
    // Rows before the filters (the value filter and the text terms); the same as totalEvents().
    qsizetype unfilteredCount() const { return qsizetype(m_base.size()); }

    std::shared_ptr<const EventStore> store() const { return m_store; }
    const std::vector<std::uint32_t>& events() const { return m_events; }
    // Every event set, whether the filters show it or not.
    std::size_t totalEvents() const { return m_base.size(); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

Q_SIGNALS:
    void sortingChanged(bool sorting);
    // The last of completeEvents()' chunks is in.
    void completed();

private:
    struct SortResult
    {
        quint64 generation = 0;
        std::vector<std::uint32_t> events;
    };

    // data() before safeItemText(): log text as it is.
    QVariant unsafeData(const QModelIndex& index, int role) const;

    // The column's string id in the event; for Session an id of the store's session table.
    std::uint32_t stringId(std::uint32_t event, Column column) const;
    // The display order of events (in time order) under a sort; pure, so a worker can run it.
    // The User column follows `rules`.
    static std::vector<std::uint32_t> sorted(const EventStore& store, RuleSet rules,
                                             std::vector<std::uint32_t> events, int column,
                                             Qt::SortOrder order);
    // Shows the base order under the current sort: at once when it is cheap, else on a worker.
    void orderBase(bool reset);
    // The base events the filters let through, in time order: the value filter, then the text
    // terms (setFilterText, setNarrowingText). All of them without a filter.
    std::vector<std::uint32_t> filteredBase() const;
    std::vector<std::uint32_t> valueFiltered() const;
    std::vector<std::uint32_t> textFiltered(std::vector<std::uint32_t> rows) const;
    bool hasTextFilter() const { return !m_terms.isEmpty() || !m_narrowTerms.isEmpty(); }
    // Appends up to `rows` more of m_base after the rows shown; schedules the next chunk or completes.
    void appendChunk(std::size_t rows);
    // Ends an append in progress: the rows are about to be set whole.
    void stopAppending();
    // Adopts a new display order of the same events; persistent indexes follow their event.
    void adoptOrder(std::vector<std::uint32_t> events);
    void onSortFinished();
    void setSorting(bool sorting);

    std::shared_ptr<const EventStore> m_store;
    std::vector<std::uint32_t> m_base;   // time order, as eventsOfUser() returns them
    std::vector<std::uint32_t> m_events; // display order, only those the filter lets through
    QString m_filterText;
    QStringList m_terms;
    QString m_narrowText;
    QStringList m_narrowTerms;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    bool m_localTime = false;
    std::shared_ptr<const AccountAliases> m_aliases;
    RuleSet m_rules = RuleSet::Ta7;
    int m_filterColumn = -1;
    QString m_filterValue;
    bool m_complete = true; // false between setFirstEvents() and completeEvents()' last chunk
    bool m_appending = false;
    quint64 m_appendGeneration = 0; // a chunk scheduled for an older one is dropped
    std::size_t m_appendChunkRows = 200000;
    std::size_t m_asyncSortThreshold = 100000;
    quint64 m_sortGeneration = 0;
    bool m_sorting = false;
    QFutureWatcher<SortResult> m_sortWatcher;
};

} // namespace tw
