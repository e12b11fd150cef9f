#pragma once

#include "core/eventstore.h"

#include <QAbstractTableModel>

#include <memory>
#include <vector>

namespace tw {

// The successful events of one finding (the drill-down), one row per event, over the index
// vector from eventsOfUser() into an immutable store. Rows are in time order. UI thread only.
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

private:
    std::uint32_t stringId(std::uint32_t event, Column column) const;

    std::shared_ptr<const EventStore> m_store;
    std::vector<std::uint32_t> m_events;
    bool m_localTime = false;
};

} // namespace tw
