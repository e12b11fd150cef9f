// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/models/eventsmodel.h"

#include "ui/safetext.h"

#include "ui/timeformat.h"

#include <algorithm>
#include <unordered_map>

namespace tw {

EventsModel::EventsModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void EventsModel::setEvents(std::shared_ptr<const EventStore> store, std::vector<std::uint32_t> events)
{
    beginResetModel();
    m_store = std::move(store);
    m_base = m_store ? std::move(events) : std::vector<std::uint32_t>();
    m_events = sorted();
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
    return safeItemText(role, unsafeData(index, role));
}

QVariant EventsModel::unsafeData(const QModelIndex& index, int role) const
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

int EventsModel::compareEvents(std::uint32_t a, std::uint32_t b, int column) const
{
    const auto three = [](auto x, auto y) { return x < y ? -1 : y < x ? 1 : 0; };
    switch (static_cast<Column>(column)) {
    case Time:
        return three(m_store->events.time[a], m_store->events.time[b]);
    case ReadOnly: {
        const auto key = [this](std::uint32_t e) {
            const std::uint8_t f = m_store->events.flags[e];
            return !(f & EventFlag::ReadOnlyKnown) ? -1 : (f & EventFlag::ReadOnly) ? 1 : 0;
        };
        return three(key(a), key(b));
    }
    case ColumnCount:
        return 0;
    default: {
        const std::uint32_t sa = stringId(a, static_cast<Column>(column));
        const std::uint32_t sb = stringId(b, static_cast<Column>(column));
        return sa == sb ? 0 : m_store->str(sa).compare(m_store->str(sb));
    }
    }
}

std::vector<std::uint32_t> EventsModel::sorted() const
{
    std::vector<std::uint32_t> out = m_base;
    if (m_sortColumn < 0 || m_sortColumn >= ColumnCount ||
        (m_sortColumn == Time && m_sortOrder == Qt::AscendingOrder))
        return out;
    const int column = m_sortColumn;
    // stable_sort from time order: equal values stay in time order in both directions.
    if (m_sortOrder == Qt::AscendingOrder)
        std::stable_sort(out.begin(), out.end(),
                         [this, column](auto a, auto b) { return compareEvents(a, b, column) < 0; });
    else
        std::stable_sort(out.begin(), out.end(),
                         [this, column](auto a, auto b) { return compareEvents(b, a, column) < 0; });
    return out;
}

void EventsModel::sort(int column, Qt::SortOrder order)
{
    m_sortColumn = column;
    m_sortOrder = order;
    if (m_events.empty())
        return;
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    // Persistent indexes (the selection, the current event) follow their event.
    const QModelIndexList from = persistentIndexList();
    std::vector<std::uint32_t> ids;
    ids.reserve(std::size_t(from.size()));
    std::unordered_map<std::uint32_t, int> newRow;
    for (const QModelIndex& index : from) {
        ids.push_back(m_events[static_cast<std::size_t>(index.row())]);
        newRow.emplace(ids.back(), -1);
    }
    m_events = sorted();
    if (!newRow.empty())
        for (std::size_t row = 0; row < m_events.size(); ++row)
            if (auto it = newRow.find(m_events[row]); it != newRow.end())
                it->second = static_cast<int>(row);
    QModelIndexList to;
    to.reserve(from.size());
    for (qsizetype i = 0; i < from.size(); ++i)
        to.append(index(newRow.at(ids[std::size_t(i)]), from[i].column()));
    changePersistentIndexList(from, to);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
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
