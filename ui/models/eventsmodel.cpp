// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/models/eventsmodel.h"

#include "ui/safetext.h"

#include "ui/timeformat.h"
#include "ui/workerpool.h"

#include <QCoreApplication>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <unordered_map>

namespace tw {

EventsModel::EventsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
    connect(&m_sortWatcher, &QFutureWatcher<SortResult>::finished, this, &EventsModel::onSortFinished);
}

void EventsModel::setEvents(std::shared_ptr<const EventStore> store, std::vector<std::uint32_t> events)
{
    stopAppending();
    m_store = std::move(store);
    m_base = m_store ? std::move(events) : std::vector<std::uint32_t>();
    m_filterColumn = -1;
    m_filterValue.clear();
    m_complete = true;
    orderBase(true);
}

bool EventsModel::isTimeOrder() const
{
    return m_sortColumn < 0 || m_sortColumn >= ColumnCount ||
           (m_sortColumn == Time && m_sortOrder == Qt::AscendingOrder);
}

void EventsModel::setFirstEvents(std::shared_ptr<const EventStore> store, std::vector<std::uint32_t> first)
{
    setEvents(std::move(store), std::move(first));
    m_complete = !m_store;
}

void EventsModel::completeEvents(std::vector<std::uint32_t> events)
{
    if (m_filterColumn >= 0 || hasTextFilter()) {
        // The filters stay (the same finding, now whole): filter and order all of them.
        m_base = std::move(events);
        m_complete = true;
        orderBase(true);
        return;
    }
    const bool prefix = isTimeOrder() && events.size() >= m_events.size() &&
                        std::equal(m_events.begin(), m_events.end(), events.begin());
    if (!prefix) {
        setEvents(m_store, std::move(events));
        return;
    }
    if (events.size() == m_events.size()) {
        m_complete = true;
        return;
    }
    m_base = std::move(events);
    m_appending = true;
    ++m_appendGeneration;
    appendChunk(m_appendChunkRows);
}

void EventsModel::appendChunk(std::size_t rows)
{
    const std::size_t from = m_events.size();
    const std::size_t to = std::min(m_base.size(), from + rows);
    beginInsertRows({}, static_cast<int>(from), static_cast<int>(to) - 1);
    m_events.insert(m_events.end(), m_base.begin() + std::ptrdiff_t(from),
                    m_base.begin() + std::ptrdiff_t(to));
    endInsertRows();
    if (to < m_base.size()) {
        QTimer::singleShot(0, this, [this, generation = m_appendGeneration] {
            if (m_appending && generation == m_appendGeneration)
                appendChunk(m_appendChunkRows);
        });
        return;
    }
    m_appending = false;
    m_complete = true;
    Q_EMIT completed();
}

void EventsModel::finishAppending()
{
    if (m_appending)
        appendChunk(m_base.size()); // the rest in one
}

void EventsModel::stopAppending()
{
    if (!m_appending)
        return;
    m_appending = false;
    ++m_appendGeneration;
    m_complete = true; // m_base is whole: what follows shows all of it
}

void EventsModel::orderBase(bool reset)
{
    if (m_appending) {
        // Only part of the rows are in: a new order of all of them is a new table, not a move.
        stopAppending();
        reset = true;
    }
    ++m_sortGeneration; // whatever a worker is sorting is superseded
    std::vector<std::uint32_t> rows = filteredBase();
    const bool trivial = isTimeOrder() || rows.size() < 2;
    const bool async = !trivial && rows.size() >= m_asyncSortThreshold;
    std::vector<std::uint32_t> order =
        async || trivial ? rows : sorted(*m_store, m_rules, rows, m_sortColumn, m_sortOrder);
    if (reset) {
        // Under a sort still running the rows show in time order meanwhile, marked as sorting.
        beginResetModel();
        m_events = std::move(order);
        endResetModel();
    } else if (!async) {
        adoptOrder(std::move(order));
    }
    if (!async) {
        setSorting(false);
        return;
    }
    const quint64 generation = m_sortGeneration;
    m_sortWatcher.setFuture(QtConcurrent::run(
        windowWorkers(), [store = m_store, rules = m_rules, events = std::move(rows), column = m_sortColumn,
                          order = m_sortOrder, generation]() mutable {
            return SortResult{generation, sorted(*store, rules, std::move(events), column, order)};
        }));
    setSorting(true);
}

void EventsModel::onSortFinished()
{
    if (!m_sorting || m_sortWatcher.future().resultCount() == 0)
        return;
    SortResult result = m_sortWatcher.result();
    if (result.generation != m_sortGeneration)
        return; // a newer sort or other events: their own result follows
    adoptOrder(std::move(result.events));
    setSorting(false);
}

void EventsModel::setSorting(bool sorting)
{
    if (sorting == m_sorting)
        return;
    m_sorting = sorting;
    Q_EMIT sortingChanged(sorting);
}

void EventsModel::waitForSort()
{
    while (m_sorting) {
        m_sortWatcher.waitForFinished();
        QCoreApplication::sendPostedEvents(&m_sortWatcher);
        if (m_sorting && m_sortWatcher.isFinished())
            onSortFinished(); // the watcher's signal may still be queued in another event loop
    }
}

void EventsModel::setFilterText(const QString& text)
{
    const QString trimmed = text.simplified();
    if (trimmed == m_filterText)
        return;
    m_filterText = trimmed;
    m_terms = trimmed.isEmpty() ? QStringList() : trimmed.split(u' ');
    orderBase(true);
}

void EventsModel::setNarrowingText(const QString& text)
{
    const QString trimmed = text.simplified();
    if (trimmed == m_narrowText)
        return;
    m_narrowText = trimmed;
    m_narrowTerms = trimmed.isEmpty() ? QStringList() : trimmed.split(u' ');
    orderBase(true);
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

void EventsModel::setRules(RuleSet rules)
{
    if (rules == m_rules)
        return;
    m_rules = rules;
    // The text terms search the User column, and it may be the sort column: filter and order again.
    if (hasTextFilter() || m_sortColumn == User)
        orderBase(true);
    else if (!m_events.empty())
        Q_EMIT dataChanged(index(0, User), index(rowCount() - 1, User));
}

void EventsModel::setAccountAliases(std::shared_ptr<const AccountAliases> aliases)
{
    m_aliases = std::move(aliases);
    if (hasTextFilter())
        orderBase(true);
    else if (!m_events.empty())
        Q_EMIT dataChanged(index(0, Account), index(rowCount() - 1, Account));
}

int EventsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_events.size());
}

int EventsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

namespace {

std::uint32_t stringIdOf(const EventStore& store, RuleSet rules, std::uint32_t event, int column)
{
    const EventColumns& e = store.events;
    switch (column) {
    case EventsModel::EventName:
        return e.eventName[event];
    case EventsModel::EventSource:
        return e.eventSource[event];
    case EventsModel::Region:
        return e.region[event];
    case EventsModel::Account:
        return e.account[event];
    case EventsModel::SourceIp:
        return e.sourceIp[event];
    case EventsModel::UserAgent:
        return e.userAgent[event];
    case EventsModel::Error:
        return e.errorCode[event];
    case EventsModel::User:
        return store.user(event, rules);
    case EventsModel::AccessKey:
        return store.accessKey(event);
    case EventsModel::Session:
        return store.session(event);
    default:
        return 0;
    }
}

// The text of stringIdOf()'s id: a string, except for the Access key and Session columns' ids of
// the store's access key and session tables.
QString textOf(const EventStore& store, std::uint32_t id, int column)
{
    switch (column) {
    case EventsModel::AccessKey:
        return store.accessKeyText(id);
    case EventsModel::Session:
        return store.sessionText(id);
    default:
        return store.qstr(id);
    }
}

// The order of SortRole as one integer key an event: times and the read-only flag as numbers,
// strings as their rank among the distinct strings of `events`, ranked byte-wise once each.
std::vector<std::int64_t> sortKeys(const EventStore& store, RuleSet rules,
                                   const std::vector<std::uint32_t>& events, int column)
{
    std::vector<std::int64_t> keys(events.size());
    if (column == EventsModel::Time) {
        for (std::size_t i = 0; i < events.size(); ++i)
            keys[i] = store.events.time[events[i]];
    } else if (column == EventsModel::ReadOnly) {
        for (std::size_t i = 0; i < events.size(); ++i) {
            const std::uint8_t f = store.events.flags[events[i]];
            keys[i] = !(f & EventFlag::ReadOnlyKnown) ? -1 : (f & EventFlag::ReadOnly) ? 1 : 0;
        }
    } else {
        std::vector<std::uint32_t> ids(events.size());
        for (std::size_t i = 0; i < events.size(); ++i)
            ids[i] = stringIdOf(store, rules, events[i], column);
        std::vector<std::uint32_t> distinct = ids;
        std::sort(distinct.begin(), distinct.end());
        distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
        if (column == EventsModel::AccessKey || column == EventsModel::Session) {
            // Composed once per distinct key or session, then ranked by the UTF-8 bytes like the
            // strings.
            std::unordered_map<std::uint32_t, QByteArray> text;
            for (const std::uint32_t id : distinct)
                text.emplace(id, textOf(store, id, column).toUtf8());
            std::sort(distinct.begin(), distinct.end(),
                      [&text](std::uint32_t a, std::uint32_t b) { return text.at(a) < text.at(b); });
        } else {
            std::sort(distinct.begin(), distinct.end(),
                      [&store](std::uint32_t a, std::uint32_t b) { return store.str(a) < store.str(b); });
        }
        std::unordered_map<std::uint32_t, std::int64_t> rank;
        rank.reserve(distinct.size());
        for (std::size_t r = 0; r < distinct.size(); ++r)
            rank.emplace(distinct[r], std::int64_t(r));
        for (std::size_t i = 0; i < events.size(); ++i)
            keys[i] = rank.at(ids[i]);
    }
    return keys;
}

} // namespace

std::uint32_t EventsModel::stringId(std::uint32_t event, Column column) const
{
    return stringIdOf(*m_store, m_rules, event, column);
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
        case Account:
            return m_aliases ? m_aliases->label(m_store->qstr(stringId(event, column)))
                             : m_store->qstr(stringId(event, column));
        case ColumnCount:
            return {};
        default:
            return textOf(*m_store, stringId(event, column), column);
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
            return textOf(*m_store, stringId(event, column), column);
        }
    case EventIndexRole:
        return quint32(event);
    default:
        return {};
    }
}

namespace {

// The record fields behind the columns, as the loader reads them (core/ingest/fieldrules).
// Account is left out: it falls back to userIdentity.accountId when recipientAccountId is absent.
constexpr std::pair<std::u16string_view, EventsModel::Column> kPathColumns[] = {
    {u"eventName", EventsModel::EventName}, {u"eventSource", EventsModel::EventSource},
    {u"awsRegion", EventsModel::Region},    {u"sourceIPAddress", EventsModel::SourceIp},
    {u"userAgent", EventsModel::UserAgent}, {u"readOnly", EventsModel::ReadOnly},
    {u"errorCode", EventsModel::Error},
};

} // namespace

int EventsModel::columnForPath(QStringView path)
{
    for (const auto& [p, column] : kPathColumns)
        if (path == QStringView(p))
            return column;
    return -1;
}

QStringList EventsModel::filterablePaths()
{
    QStringList out;
    for (const auto& entry : kPathColumns)
        out << QStringView(entry.first).toString();
    return out;
}

void EventsModel::setValueFilter(int column, const QString& value)
{
    if (column < 0 || column >= ColumnCount || column == Time)
        column = -1;
    m_filterColumn = column;
    m_filterValue = column < 0 ? QString() : value;
    orderBase(true);
}

std::vector<std::uint32_t> EventsModel::filteredBase() const
{
    if (!m_store)
        return m_base;
    return textFiltered(valueFiltered());
}

std::vector<std::uint32_t> EventsModel::valueFiltered() const
{
    if (m_filterColumn < 0)
        return m_base;
    std::vector<std::uint32_t> out;
    if (m_filterColumn == ReadOnly) {
        const bool want = m_filterValue == u"true";
        for (std::uint32_t e : m_base) {
            const std::uint8_t f = m_store->events.flags[e];
            if ((f & EventFlag::ReadOnlyKnown) && bool(f & EventFlag::ReadOnly) == want)
                out.push_back(e);
        }
        return out;
    }
    // Byte-wise on the pooled strings: one comparison per distinct string id.
    const QByteArray want = m_filterValue.toUtf8();
    const std::string_view wanted(want.constData(), std::size_t(want.size()));
    std::unordered_map<std::uint32_t, bool> same;
    const auto column = static_cast<Column>(m_filterColumn);
    for (std::uint32_t e : m_base) {
        const std::uint32_t id = stringId(e, column);
        auto it = same.find(id);
        if (it == same.end())
            it = same.emplace(id, column == Session || column == AccessKey
                                      ? textOf(*m_store, id, column) == m_filterValue
                                      : m_store->str(id) == wanted)
                     .first;
        if (it->second)
            out.push_back(e);
    }
    return out;
}

std::vector<std::uint32_t> EventsModel::textFiltered(std::vector<std::uint32_t> rows) const
{
    if (!hasTextFilter())
        return rows;
    static constexpr Column kSearched[] = {EventName, EventSource, Region, Account,   SourceIp,
                                           UserAgent, Error,       User,   AccessKey, Session};
    const QStringList terms = m_terms + m_narrowTerms;
    // Per term, per string id: -1 not yet matched, else whether the string contains the term.
    std::vector<std::vector<std::int8_t>> memo(std::size_t(terms.size()),
                                               std::vector<std::int8_t>(m_store->strings.size(), -1));
    const auto contains = [&](std::size_t term, std::uint32_t id) {
        std::int8_t& m = memo[term][id];
        if (m < 0)
            m = id != 0 && m_store->qstr(id).contains(terms[qsizetype(term)], Qt::CaseInsensitive);
        return m == 1;
    };
    // An account also matches by its alias (memoised per string id like the strings themselves).
    std::vector<std::vector<std::int8_t>> aliasMemo;
    if (m_aliases && !m_aliases->isEmpty())
        aliasMemo.assign(std::size_t(terms.size()), std::vector<std::int8_t>(m_store->strings.size(), -1));
    // Access key and Session cells hold ids of the store's access key and session tables
    // (EventStore::accessKeyText(), sessionText()), memoised apart from the strings.
    std::vector<std::vector<std::int8_t>> accessKeyMemo(
        std::size_t(terms.size()), std::vector<std::int8_t>(m_store->events.accessKeys.size(), -1));
    std::vector<std::vector<std::int8_t>> sessionMemo(
        std::size_t(terms.size()), std::vector<std::int8_t>(m_store->events.sessions.size(), -1));
    const auto containsOwnId = [&](std::size_t term, std::uint32_t id, Column c) {
        std::int8_t& m = (c == AccessKey ? accessKeyMemo : sessionMemo)[term][id];
        if (m < 0)
            m = id != 0 && textOf(*m_store, id, c).contains(terms[qsizetype(term)], Qt::CaseInsensitive);
        return m == 1;
    };
    const auto containsAccount = [&](std::size_t term, std::uint32_t id) {
        if (contains(term, id))
            return true;
        if (aliasMemo.empty())
            return false;
        std::int8_t& m = aliasMemo[term][id];
        if (m < 0)
            m = m_aliases->nameOf(m_store->qstr(id)).contains(terms[qsizetype(term)], Qt::CaseInsensitive);
        return m == 1;
    };
    const auto matches = [&](std::uint32_t event, std::size_t term) {
        return std::any_of(std::begin(kSearched), std::end(kSearched), [&](Column c) {
            return c == Account                     ? containsAccount(term, stringId(event, c))
                   : c == Session || c == AccessKey ? containsOwnId(term, stringId(event, c), c)
                                                    : contains(term, stringId(event, c));
        });
    };
    // The narrowing terms that some of the finding's events match (before the value filter); the
    // others are about the finding, not its events.
    std::vector<std::size_t> active;
    for (std::size_t term = 0; term < memo.size(); ++term)
        if (term < std::size_t(m_terms.size()) ||
            std::any_of(m_base.begin(), m_base.end(), [&](std::uint32_t e) { return matches(e, term); }))
            active.push_back(term);
    std::vector<std::uint32_t> out;
    for (std::uint32_t event : rows)
        if (std::all_of(active.begin(), active.end(), [&](std::size_t term) { return matches(event, term); }))
            out.push_back(event);
    return out;
}

std::vector<std::uint32_t> EventsModel::sorted(const EventStore& store, RuleSet rules,
                                               std::vector<std::uint32_t> out, int column,
                                               Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount || (column == Time && order == Qt::AscendingOrder))
        return out;
    // A sort of (key, row) pairs, the key read once a row, instead of comparisons that each read
    // two events' columns at random and compared their strings (a pivot at 1M has 540k rows). The
    // row breaks ties, so equal values stay in time order in both directions.
    const std::vector<std::int64_t> keys = sortKeys(store, rules, out, column);
    std::vector<std::pair<std::int64_t, std::uint32_t>> rows(out.size());
    const bool descending = order == Qt::DescendingOrder;
    for (std::size_t i = 0; i < out.size(); ++i)
        rows[i] = {descending ? -keys[i] : keys[i], static_cast<std::uint32_t>(i)};
    std::sort(rows.begin(), rows.end());
    std::vector<std::uint32_t> sortedEvents(out.size());
    for (std::size_t i = 0; i < rows.size(); ++i)
        sortedEvents[i] = out[rows[i].second];
    return sortedEvents;
}

void EventsModel::sort(int column, Qt::SortOrder order)
{
    // QTableView::sortByColumn() asks twice (the header's indicator, then itself): the sort
    // already running gives the same order.
    if (m_sorting && column == m_sortColumn && order == m_sortOrder)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    if (m_events.empty()) {
        ++m_sortGeneration;
        setSorting(false);
        return;
    }
    orderBase(false);
}

void EventsModel::adoptOrder(std::vector<std::uint32_t> events)
{
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    // Persistent indexes (the selection, the current event) follow their event. They are a few
    // events (the current row, once per column): a linear search each, no map of every row.
    const QModelIndexList from = persistentIndexList();
    std::vector<std::uint32_t> ids;
    ids.reserve(std::size_t(from.size()));
    for (const QModelIndex& index : from)
        ids.push_back(m_events[static_cast<std::size_t>(index.row())]);
    m_events = std::move(events);
    std::vector<std::uint32_t> distinct = ids;
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    std::unordered_map<std::uint32_t, int> newRow;
    if (distinct.size() <= 16) {
        for (std::uint32_t id : distinct) {
            const auto it = std::find(m_events.begin(), m_events.end(), id);
            newRow.emplace(id, it == m_events.end() ? -1 : int(it - m_events.begin()));
        }
    } else {
        for (std::uint32_t id : distinct)
            newRow.emplace(id, -1);
        for (std::size_t row = 0; row < m_events.size(); ++row)
            if (auto it = newRow.find(m_events[row]); it != newRow.end())
                it->second = static_cast<int>(row);
    }
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
    case User:
        return tr("User");
    case AccessKey:
        return tr("Access key");
    case Session:
        return tr("Session");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace tw
