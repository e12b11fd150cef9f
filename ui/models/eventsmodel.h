// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/ingest/eventstore.h"

#include <QAbstractTableModel>

#include <memory>
#include <vector>

namespace tw {

// The successful events of one finding (the drill-down), one row per event, over the index
// vector from eventsOfUser() into an immutable store. UI thread only.
//
// Sorts itself instead of going through a QSortFilterProxyModel: a busy finding has 100,000+
// events, and a proxy's sort (two QModelIndex and a virtual call per comparison) took ~150 ms of
// UI thread for 168k rows, where sorting the index vector on the raw columns takes a few ms.
// Ties keep time order, whatever the sort order.
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
    void clear();
    void setLocalTime(bool localTime);

    std::shared_ptr<const EventStore> store() const { return m_store; }
    const std::vector<std::uint32_t>& events() const { return m_events; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

private:
    // data() before safeItemText(): log text as it is.
    QVariant unsafeData(const QModelIndex& index, int role) const;

    std::uint32_t stringId(std::uint32_t event, Column column) const;
    // The order of SortRole, on the raw columns: strings byte-wise, times and flags as numbers.
    int compareEvents(std::uint32_t a, std::uint32_t b, int column) const;
    std::vector<std::uint32_t> sorted() const;

    std::shared_ptr<const EventStore> m_store;
    std::vector<std::uint32_t> m_base;   // time order, as eventsOfUser() returns them
    std::vector<std::uint32_t> m_events; // display order
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    bool m_localTime = false;
};

} // namespace tw
