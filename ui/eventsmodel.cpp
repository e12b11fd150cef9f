#include "eventsmodel.h"

#include "timeformat.h"

namespace tw {

EventsModel::EventsModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void EventsModel::setEvents(std::shared_ptr<const EventStore> store, std::vector<std::uint32_t> events)
{
    beginResetModel();
    m_store = std::move(store);
    m_events = m_store ? std::move(events) : std::vector<std::uint32_t>();
    endResetModel();
}

void EventsModel::clear()
{
    setEvents(nullptr, {});
}

void EventsModel::setLocalTime(bool localTime)
{
    if (localTime == m_localTime)
        return;
    m_localTime = localTime;
    Q_EMIT headerDataChanged(Qt::Horizontal, Time, Time);
    if (!m_events.empty())
        Q_EMIT dataChanged(index(0, Time), index(rowCount() - 1, Time), {Qt::DisplayRole});
}

int EventsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_events.size());
}

int EventsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

std::uint32_t EventsModel::stringId(std::uint32_t event, Column column) const
{
    const EventColumns& e = m_store->events;
    switch (column) {
    case EventName:
        return e.eventName[event];
    case EventSource:
        return e.eventSource[event];
    case Region:
        return e.region[event];
    case Account:
        return e.account[event];
    case SourceIp:
        return e.sourceIp[event];
    case UserAgent:
        return e.userAgent[event];
    case Error:
        return e.errorCode[event];
    default:
        return 0;
    }
}

QVariant EventsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const std::uint32_t event = m_events[static_cast<std::size_t>(index.row())];
    const auto column = static_cast<Column>(index.column());
    const std::uint8_t flags = m_store->events.flags[event];

    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (column) {
        case Time:
            return formatTime(m_store->events.time[event], m_localTime);
        case ReadOnly:
            if (!(flags & EventFlag::ReadOnlyKnown))
                return QString();
            return (flags & EventFlag::ReadOnly) ? tr("yes") : tr("no");
        case ColumnCount:
            return {};
        default:
            return m_store->qstr(stringId(event, column));
        }
    case SortRole:
        switch (column) {
        case Time:
            return qint64(m_store->events.time[event]);
        case ReadOnly:
            return !(flags & EventFlag::ReadOnlyKnown) ? -1 : (flags & EventFlag::ReadOnly) ? 1 : 0;
        case ColumnCount:
            return {};
        default:
            return m_store->qstr(stringId(event, column));
        }
    case EventIndexRole:
        return quint32(event);
    default:
        return {};
    }
}

QVariant EventsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (static_cast<Column>(section)) {
    case Time:
        return tr("Time (%1)").arg(timeZoneLabel(m_localTime));
    case EventName:
        return tr("eventName");
    case EventSource:
        return tr("eventSource");
    case Region:
        return tr("Region");
    case Account:
        return tr("Account");
    case SourceIp:
        return tr("Source IP");
    case UserAgent:
        return tr("User agent");
    case ReadOnly:
        return tr("Read-only");
    case Error:
        return tr("errorCode");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace tw
