// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/models/findingsmodel.h"

#include "core/detection/sensitiveapis.h"

#include "ui/safetext.h"

#include "ui/timeformat.h"
#include "ui/workerpool.h"

#include <QApplication>
#include <QLocale>
#include <QSet>
#include <QStyle>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <functional>
#include <unordered_map>
#include <vector>

using namespace Qt::StringLiterals;

namespace tw {

namespace {

// What ordering two findings needs, all of it immutable: a worker sorts with it.
struct SortKey
{
    const EventStore* store = nullptr;
    const ReviewMarks* marks = nullptr;
    int column = -1;
    Qt::SortOrder order = Qt::AscendingOrder;
};

int compareTexts(const EventStore& store, const std::vector<std::uint32_t>& a,
                 const std::vector<std::uint32_t>& b)
{
    const std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        if (a[i] == b[i])
            continue;
        if (const int c = store.str(a[i]).compare(store.str(b[i])); c != 0)
            return c;
    }
    return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

const ReviewMark* markIn(const ReviewMarks* marks, const UserActivity& a)
{
    return marks ? marks->find(a.user) : nullptr;
}

// The review columns' sort value as SortRole gives it: the note on one line.
QString reviewText(const ReviewMark* mark, int column)
{
    if (!mark)
        return {};
    switch (column) {
    case FindingsModel::Owner:
        return mark->review.owner;
    case FindingsModel::Ticket:
        return mark->review.ticket;
    case FindingsModel::Note:
        return QString(mark->review.note).replace(u'\n', u' ');
    default:
        break;
    }
    return {};
}

// The column's numeric sort value, for the columns that have one.
std::optional<qint64> numericKey(const SortKey& k, const UserActivity& a)
{
    switch (k.column) {
    case FindingsModel::Risk:
        return a.risk;
    case FindingsModel::Class:
        return int(a.principal.cls);
    case FindingsModel::Count:
        return qint64(a.count);
    case FindingsModel::Writes:
        return qint64(a.writeCount);
    case FindingsModel::Failed:
        return qint64(a.failedCount);
    case FindingsModel::FirstSeen:
        return a.firstTime;
    case FindingsModel::LastSeen:
        return a.lastTime;
    case FindingsModel::DistinctApis:
        return qint64(a.eventNames.size());
    case FindingsModel::New: {
        const ReviewMark* m = markIn(k.marks, a);
        return m && m->review.since.isNew ? 1 : 0;
    }
    case FindingsModel::Status: {
        const ReviewMark* m = markIn(k.marks, a);
        return m ? int(m->review.status) : -1;
    }
    default:
        break;
    }
    return std::nullopt;
}

// <0, 0, >0 as a's sort value in the key's column is below, equal to or above b's (0 for the user
// column: its order is the result's, see before()).
int compareBy(const SortKey& k, const UserActivity& a, const UserActivity& b)
{
    if (const auto x = numericKey(k, a)) {
        const qint64 y = *numericKey(k, b);
        return *x < y ? -1 : y < *x ? 1 : 0;
    }
    switch (k.column) {
    case FindingsModel::IdentityTypes:
        return compareTexts(*k.store, a.identityTypes, b.identityTypes);
    case FindingsModel::Accounts:
        return compareTexts(*k.store, a.accounts, b.accounts);
    case FindingsModel::ApiNames:
        return compareTexts(*k.store, a.eventNames, b.eventNames);
    case FindingsModel::Owner:
    case FindingsModel::Ticket:
    case FindingsModel::Note:
        return reviewText(markIn(k.marks, a), k.column).compare(reviewText(markIn(k.marks, b), k.column));
    default:
        break;
    }
    return 0;
}

// Whether finding a is shown before b. The rows point into one result's findings, which are in
// the user's byte-wise order: the pointers' order is the result's order, the user column's sort
// and every tie's (ascending whatever the sort order, so equal counts list users alphabetically).
bool before(const SortKey& k, const UserActivity* a, const UserActivity* b)
{
    const std::less<const UserActivity*> resultOrder;
    if (k.column == FindingsModel::User)
        return k.order == Qt::AscendingOrder ? resultOrder(a, b) : resultOrder(b, a);
    if (const int c = compareBy(k, *a, *b); c != 0)
        return k.order == Qt::AscendingOrder ? c < 0 : c > 0;
    return resultOrder(a, b);
}

// The rows in the key's order; pure, so a worker can run it. Adds the comparisons made to
// `comparisons`.
std::vector<const UserActivity*> sortedRows(const SortKey& k, std::vector<const UserActivity*> rows,
                                            quint64& comparisons)
{
    quint64 n = 0;
    if (numericKey(k, *rows.front())) {
        // A number a row read once, in one contiguous array: no pointer chasing per comparison.
        struct Keyed
        {
            qint64 key;
            const UserActivity* row;
        };
        std::vector<Keyed> keyed;
        keyed.reserve(rows.size());
        for (const UserActivity* a : rows)
            keyed.push_back({*numericKey(k, *a), a});
        const bool ascending = k.order == Qt::AscendingOrder;
        std::sort(keyed.begin(), keyed.end(), [&n, ascending](const Keyed& x, const Keyed& y) {
            ++n;
            if (x.key != y.key)
                return ascending ? x.key < y.key : x.key > y.key;
            return std::less<const UserActivity*>()(x.row, y.row);
        });
        for (std::size_t i = 0; i < keyed.size(); ++i)
            rows[i] = keyed[i].row;
    } else {
        std::sort(rows.begin(), rows.end(), [&n, &k](const UserActivity* a, const UserActivity* b) {
            ++n;
            return before(k, a, b);
        });
    }
    comparisons += n;
    return rows;
}

SortKey keyOf(const FindingsModel& model)
{
    return {model.store().get(), model.reviewMarks().get(), model.sortColumn(), model.sortOrder()};
}

} // namespace

FindingsModel::FindingsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
    connect(&m_sortWatcher, &QFutureWatcher<SortResult>::finished, this, &FindingsModel::onSortFinished);
}

void FindingsModel::setSnapshot(std::shared_ptr<const EventStore> store,
                                std::shared_ptr<const DetectionResult> result)
{
    if (store && result && store == m_store && m_result && result->rules == m_result->rules) {
        applyDiff(std::move(result));
        return;
    }
    beginResetModel();
    ++m_sortGeneration; // whatever a worker is sorting is of the previous rows
    m_store = std::move(store);
    m_result = m_store ? std::move(result) : nullptr;
    m_rows.clear();
    if (m_result) {
        m_rows.reserve(m_result->findings.size());
        for (const UserActivity& a : m_result->findings)
            m_rows.push_back(&a);
    }
    // The result's order is the user column's: only another sort needs comparisons. Under one
    // that goes to a worker, the rows show in the result's order meanwhile, marked as sorting.
    bool async = false;
    if (m_sortColumn == User && m_sortOrder == Qt::DescendingOrder) {
        std::reverse(m_rows.begin(), m_rows.end());
    } else if (m_sortColumn >= 0 && m_sortColumn != User && m_sortColumn < ColumnCount && m_rows.size() > 1) {
        if (m_rows.size() < m_asyncSortThreshold)
            m_rows = sortedRows(keyOf(*this), std::move(m_rows), m_ownerComparisons);
        else
            async = true;
    }
    endResetModel();
    if (async)
        startSort();
    else
        setSorting(false);
}

namespace {

// An imported engine result's risk, write and failed counts (kRiskNotAvailable in the reports): short,
// so that the narrow number columns show it whole at 200%; the tooltip says why.
QString notAvailable()
{
    return FindingsModel::tr("n/a");
}

QString expiredApprovalOf(const DetectionResult& result, const UserActivity* finding)
{
    // finding points into result.findings, to which expiredApproval is parallel.
    const auto i = static_cast<std::size_t>(finding - result.findings.data());
    return i < result.expiredApproval.size() ? result.expiredApproval[i] : QString();
}

} // namespace

void FindingsModel::applyDiff(std::shared_ptr<const DetectionResult> result)
{
    // Same store and rule set: a user's aggregate is identical in both results, only the set of
    // users differs, so the kept rows keep their place in the sort.
    // Who is in which result is a flag per string id (the ids are dense in the store), not a hash
    // set: this runs on the UI thread at every approval, undo and redo, and at 100,000 findings
    // the sets' node allocations and frees were most of its cost.
    std::uint32_t maxUser = 0;
    for (const UserActivity& a : result->findings)
        maxUser = std::max(maxUser, a.user);
    for (const UserActivity* a : m_rows)
        maxUser = std::max(maxUser, a->user);
    std::vector<std::uint8_t> newUsers(std::size_t(maxUser) + 1, 0), oldUsers(std::size_t(maxUser) + 1, 0);
    for (const UserActivity& a : result->findings)
        newUsers[a.user] = 1;
    for (const UserActivity* a : m_rows)
        oldUsers[a->user] = 1;

    // A worker's order is of the previous rows: sort again once they are updated.
    const bool pending = m_sorting;
    ++m_sortGeneration;

    removeRowsNotIn(newUsers);

    // What can differ for a kept user is only whether an expired approval or a look-alike of a list
    // entry is flagged: each kept row is compared with itself in the previous result (alive until
    // the end of this function), so that the rows whose flags changed are repainted.
    const std::vector<const UserActivity*> keptBefore = m_rows;

    // Rebind the kept rows to the new snapshot before the old one can go away.
    const auto previous = std::move(m_result);
    m_result = std::move(result);
    const auto& findings = m_result->findings;
    {
        std::vector<const UserActivity*> byUser(std::size_t(maxUser) + 1, nullptr);
        for (const UserActivity& a : findings)
            byUser[a.user] = &a;
        for (const UserActivity*& row : m_rows)
            row = byUser[row->user];
    }
    for (std::size_t k = 0; k < m_rows.size(); ++k) {
        if (expiredApprovalOf(*m_result, m_rows[k]) != expiredApprovalOf(*previous, keptBefore[k]) ||
            m_rows[k]->confusableWith != keptBefore[k]->confusableWith) {
            const QModelIndex cell = index(static_cast<int>(k), User);
            Q_EMIT dataChanged(cell, cell, {Qt::DecorationRole, Qt::ToolTipRole});
        }
    }

    std::vector<const UserActivity*> added;
    for (const UserActivity& a : findings)
        if (!oldUsers[a.user])
            added.push_back(&a);
    if (pending) {
        // Not in order yet: the new rows go at the end, the sort follows.
        if (!added.empty()) {
            beginInsertRows({}, rowCount(), rowCount() + static_cast<int>(added.size()) - 1);
            m_rows.insert(m_rows.end(), added.begin(), added.end());
            endInsertRows();
        }
        order();
    } else if (!added.empty()) {
        insertFindings(std::move(added));
    }
}

namespace {
// Above this many runs of rows to remove or insert, one layout change and one block is cheaper
// for the proxy and the view than a signal per run (each costs them O(rows)).
constexpr std::size_t kMaxRuns = 16;
} // namespace

void FindingsModel::removeRowsNotIn(const std::vector<std::uint8_t>& keep)
{
    const auto kept = [&keep](const UserActivity* a) { return keep[a->user] != 0; };
    std::size_t runs = 0;
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        if (!kept(m_rows[i]) && (i == 0 || kept(m_rows[i - 1])))
            ++runs;
    if (runs == 0)
        return;
    if (runs > kMaxRuns) {
        // Many scattered rows (a wildcard approval under a sort): move them to the end in one layout
        // change, then remove them as one block.
        std::vector<const UserActivity*> rows = m_rows;
        const auto firstGone = std::stable_partition(rows.begin(), rows.end(), kept);
        const int keptRows = static_cast<int>(firstGone - rows.begin());
        adoptOrder(std::move(rows));
        beginRemoveRows({}, keptRows, rowCount() - 1);
        m_rows.resize(std::size_t(keptRows));
        endRemoveRows();
        return;
    }
    // Back to front in contiguous runs, so that each run is one signal.
    int row = static_cast<int>(m_rows.size()) - 1;
    while (row >= 0) {
        if (kept(m_rows[static_cast<std::size_t>(row)])) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && !kept(m_rows[static_cast<std::size_t>(first - 1)]))
            --first;
        beginRemoveRows({}, first, row);
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + row + 1);
        endRemoveRows();
        row = first - 1;
    }
}

void FindingsModel::insertFindings(std::vector<const UserActivity*> added)
{
    // The rows are in the sort's order (no sort pending): each new one goes where the sort puts it.
    const SortKey k = keyOf(*this);
    quint64 n = 0;
    const auto less = [&k, &n](const UserActivity* a, const UserActivity* b) {
        ++n;
        return before(k, a, b);
    };
    std::sort(added.begin(), added.end(), less);
    if (added.size() > kMaxRuns) {
        // Many (an undo of a wildcard approval): one block at the end, then one layout change
        // merges them into place.
        const std::size_t old = m_rows.size();
        beginInsertRows({}, rowCount(), rowCount() + static_cast<int>(added.size()) - 1);
        m_rows.insert(m_rows.end(), added.begin(), added.end());
        endInsertRows();
        std::vector<const UserActivity*> merged(m_rows.size());
        std::merge(m_rows.begin(), m_rows.begin() + std::ptrdiff_t(old), added.begin(), added.end(),
                   merged.begin(), less);
        adoptOrder(std::move(merged));
    } else {
        // Front to back: the rows before a run are in place when it is inserted.
        std::size_t i = 0;
        while (i < added.size()) {
            const auto at = std::upper_bound(m_rows.begin(), m_rows.end(), added[i], less);
            std::size_t j = i + 1;
            while (j < added.size() && (at == m_rows.end() || less(added[j], *at)))
                ++j;
            const int row = static_cast<int>(at - m_rows.begin());
            beginInsertRows({}, row, row + static_cast<int>(j - i) - 1);
            m_rows.insert(at, added.begin() + std::ptrdiff_t(i), added.begin() + std::ptrdiff_t(j));
            endInsertRows();
            i = j;
        }
    }
    m_ownerComparisons += n;
}

void FindingsModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount)
        column = -1;
    // QTableView::sortByColumn() asks twice (the header's indicator, then itself): the rows are in
    // that order already, or a worker is putting them in it.
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    this->order();
}

void FindingsModel::order()
{
    ++m_sortGeneration; // whatever a worker is sorting is superseded
    if (m_rows.size() < 2) {
        setSorting(false);
        return;
    }
    if (m_rows.size() >= m_asyncSortThreshold) {
        startSort();
        return;
    }
    adoptOrder(sortedRows(keyOf(*this), m_rows, m_ownerComparisons));
    setSorting(false);
}

void FindingsModel::startSort()
{
    const quint64 generation = m_sortGeneration;
    // Only immutable snapshots and copies cross to the worker; nothing of `this`.
    m_sortWatcher.setFuture(QtConcurrent::run(windowWorkers(), [store = m_store, result = m_result,
                                                                marks = m_marks, rows = m_rows,
                                                                column = m_sortColumn, order = m_sortOrder,
                                                                generation]() mutable {
        SortResult out;
        out.generation = generation;
        out.rows = sortedRows({store.get(), marks.get(), column, order}, std::move(rows), out.comparisons);
        return out;
    }));
    setSorting(true);
}

void FindingsModel::onSortFinished()
{
    if (!m_sorting || m_sortWatcher.future().resultCount() == 0)
        return;
    SortResult result = m_sortWatcher.result();
    if (result.generation != m_sortGeneration)
        return; // a newer sort or other rows: their own result follows
    m_workerComparisons += result.comparisons;
    adoptOrder(std::move(result.rows));
    setSorting(false);
}

void FindingsModel::setSorting(bool sorting)
{
    if (sorting == m_sorting)
        return;
    m_sorting = sorting;
    Q_EMIT sortingChanged(sorting);
}

void FindingsModel::waitForSort()
{
    while (m_sorting) {
        m_sortWatcher.waitForFinished();
        QCoreApplication::sendPostedEvents(&m_sortWatcher);
        if (m_sorting && m_sortWatcher.isFinished())
            onSortFinished(); // the watcher's signal may still be queued in another event loop
    }
}

void FindingsModel::adoptOrder(std::vector<const UserActivity*> rows)
{
    if (rows == m_rows)
        return;
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    // Persistent indexes (the selection, the current finding) follow their finding: a map of
    // those few rows, not of every row.
    const QModelIndexList from = persistentIndexList();
    std::vector<const UserActivity*> ids;
    ids.reserve(std::size_t(from.size()));
    std::unordered_map<const UserActivity*, int> newRow;
    for (const QModelIndex& index : from) {
        ids.push_back(m_rows[static_cast<std::size_t>(index.row())]);
        newRow.emplace(ids.back(), -1);
    }
    m_rows = std::move(rows);
    if (!newRow.empty())
        for (std::size_t row = 0; row < m_rows.size(); ++row)
            if (auto it = newRow.find(m_rows[row]); it != newRow.end())
                it->second = static_cast<int>(row);
    QModelIndexList to;
    to.reserve(from.size());
    for (qsizetype i = 0; i < from.size(); ++i)
        to.append(index(newRow.at(ids[std::size_t(i)]), from[i].column()));
    changePersistentIndexList(from, to);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void FindingsModel::clear()
{
    setSnapshot(nullptr, nullptr);
}

void FindingsModel::setLocalTime(bool localTime)
{
    if (localTime == m_localTime)
        return;
    m_localTime = localTime;
    Q_EMIT headerDataChanged(Qt::Horizontal, FirstSeen, LastSeen);
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, FirstSeen), index(rowCount() - 1, LastSeen), {Qt::DisplayRole});
}

void FindingsModel::setReviewMarks(std::shared_ptr<const ReviewMarks> marks)
{
    m_marks = std::move(marks);
    // Only the review columns change: no reset, so the selection, scroll position and sort stay
    // (the proxy re-filters on dataChanged); sorted by one of them, the rows are sorted again.
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, New), index(rowCount() - 1, Note));
    if (m_sortColumn >= New && m_sortColumn <= Note)
        order();
}

const ReviewMark* FindingsModel::markOf(const UserActivity& a) const
{
    return m_marks ? m_marks->find(a.user) : nullptr;
}

QVariant FindingsModel::reviewData(const UserActivity& a, Column column, int role) const
{
    const ReviewMark* mark = markOf(a);
    if (!mark)
        return {};
    const FindingReview& r = mark->review;
    const QString who =
        mark->changedBy.isEmpty()
            ? QString()
            : tr("Set by %1 at %2")
                  .arg(mark->changedBy, formatTime(mark->changedAt.toMSecsSinceEpoch(), m_localTime));
    switch (column) {
    case New:
        if (role == Qt::ToolTipRole)
            return r.since.isNew ? tr("New since the last review: %1").arg(r.since.describe())
                                 : tr("Nothing new since the last review");
        return r.since.isNew ? tr("new") : QString();
    case Status:
        if (role == Qt::ToolTipRole) {
            QString tip = r.status == TriageStatus::Benign
                              ? tr("Benign: looked at and harmless, but not approved (still a finding)")
                              : triageStatusName(r.status);
            return who.isEmpty() ? tip : tip + u'\n' + who;
        }
        return triageStatusName(r.status);
    case Owner:
        return r.owner;
    case Ticket:
        return r.ticket;
    case Note:
        if (role == Qt::ToolTipRole)
            return r.note.isEmpty() ? QVariant()
                                    : QVariant(who.isEmpty() ? r.note : r.note + u"\n\n"_s + who);
        // One line in the table; the whole note is in the tooltip and the note editor (F4).
        return QString(r.note).replace(u'\n', u' ');
    default:
        break;
    }
    return {};
}

void FindingsModel::setAccountAliases(std::shared_ptr<const AccountAliases> aliases)
{
    m_aliases = std::move(aliases);
    // The column's display and tooltip change, and the row's filter text (asked of the first
    // column): the whole rows, so that the proxy filters them again.
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

const UserActivity* FindingsModel::activityAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return nullptr;
    return m_rows[static_cast<std::size_t>(row)];
}

QString FindingsModel::userAt(int row) const
{
    const UserActivity* a = activityAt(row);
    return a ? m_store->qstr(a->user) : QString();
}

int FindingsModel::rowOfUser(std::uint32_t user) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i]->user == user)
            return static_cast<int>(i);
    return -1;
}

int FindingsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int FindingsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString FindingsModel::joined(const std::vector<std::uint32_t>& ids, QStringView separator) const
{
    QString out;
    for (std::uint32_t id : ids) {
        if (!out.isEmpty())
            out += separator;
        out += m_store->qstr(id);
    }
    return out;
}

QString FindingsModel::accountLabels(const std::vector<std::uint32_t>& ids, QStringView separator) const
{
    if (!m_aliases || m_aliases->isEmpty())
        return joined(ids, separator);
    QString out;
    for (std::uint32_t id : ids) {
        if (!out.isEmpty())
            out += separator;
        out += m_aliases->label(m_store->qstr(id));
    }
    return out;
}

QString FindingsModel::apiNames(const UserActivity& a, QStringView separator) const
{
    if (a.sensitive.empty())
        return joined(a.eventNames, separator);
    const SensitiveApiCatalogue& catalogue = builtinSensitiveApis();
    QString out;
    QSet<QByteArray> shown;
    for (const SensitiveCall& call : a.sensitive) {
        const SensitiveApi& api = catalogue.apis[call.api];
        if (!out.isEmpty())
            out += separator;
        out += u"\u26A0 "_s + QString::fromUtf8(api.eventName) + u" \u00D7"_s + QString::number(call.count);
        shown.insert(api.eventName);
    }
    for (std::uint32_t id : a.eventNames) {
        const std::string_view name = m_store->str(id);
        if (shown.contains(QByteArray::fromRawData(name.data(), qsizetype(name.size()))))
            continue;
        out += separator;
        out += m_store->qstr(id);
    }
    return out;
}

QString FindingsModel::expiredApprovalAt(int row) const
{
    return expiredApprovalOf(*m_result, m_rows[static_cast<std::size_t>(row)]);
}

namespace {
// The review columns' text, searchable like the other columns: "new" for a new finding, the status,
// owner, ticket and note.
QString reviewFilterText(const ReviewMark* mark)
{
    if (!mark)
        return {};
    const FindingReview& r = mark->review;
    return (r.since.isNew ? QStringLiteral("\nnew") : QString()) + u'\n' + triageStatusName(r.status) +
           u'\n' + r.owner + u'\n' + r.ticket + u'\n' + r.note;
}
} // namespace

QVariant FindingsModel::data(const QModelIndex& index, int role) const
{
    return safeItemText(role, unsafeData(index, role));
}

QVariant FindingsModel::unsafeData(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const UserActivity& a = *m_rows[static_cast<std::size_t>(index.row())];
    const auto column = static_cast<Column>(index.column());

    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (column) {
        case User:
            if (role == Qt::ToolTipRole) {
                QString tip = m_store->qstr(a.user);
                if (const QString entry = expiredApprovalAt(index.row()); !entry.isEmpty())
                    tip +=
                        u'\n' + tr("Approval expired: the approved entry “%1” is past its expires date, so "
                                   "this account is a finding again. Renew the expiry in the Approved "
                                   "accounts tab (Ctrl+Shift+E) or let it stand.")
                                    .arg(entry);
                // Every name goes through safeItemText, so a look-alike's invisible characters show too.
                if (!a.confusableWith.isEmpty())
                    tip += u'\n' + tr("Looks like: %1\nDifferent characters that look the same (Unicode "
                                      "confusables): check that this is not an impostor of that account.")
                                       .arg(a.confusableWith.join(u", "));
                return tip;
            }
            return m_store->qstr(a.user);
        case Risk:
            if (role == Qt::ToolTipRole)
                return a.riskExplanation;
            return a.riskKnown ? QVariant(a.risk) : QVariant(notAvailable());
        case Class:
            return role == Qt::ToolTipRole
                       ? a.principal.evidence +
                             (a.principal.adminLike
                                  ? u"\n"_s + tr("Administrator access: %1").arg(a.principal.adminEvidence)
                                  : QString())
                       : principalClassName(a.principal.cls);
        case IdentityTypes:
            return joined(a.identityTypes, u", ");
        case Accounts:
            return accountLabels(a.accounts, role == Qt::ToolTipRole ? u"\n" : u", ");
        case Count:
            return role == Qt::ToolTipRole ? QVariant() : QVariant(QLocale().toString(qulonglong(a.count)));
        case Writes:
        case Failed:
            // An imported engine result counts neither: "not available", never a 0 that reads as none.
            if (!a.riskKnown)
                return role == Qt::ToolTipRole ? QVariant(a.riskExplanation) : QVariant(notAvailable());
            return role == Qt::ToolTipRole
                       ? QVariant()
                       : QVariant(
                             QLocale().toString(qulonglong(column == Writes ? a.writeCount : a.failedCount)));
        case FirstSeen:
            return formatTime(a.firstTime, m_localTime);
        case LastSeen:
            return formatTime(a.lastTime, m_localTime);
        case DistinctApis:
            return role == Qt::ToolTipRole ? QVariant() : QVariant(qulonglong(a.eventNames.size()));
        case ApiNames:
            return apiNames(a, role == Qt::ToolTipRole ? u"\n" : u", ");
        case New:
        case Status:
        case Owner:
        case Ticket:
        case Note:
            return reviewData(a, column, role);
        case ColumnCount:
            break;
        }
        break;
    case Qt::DecorationRole:
        // An expired approval or a look-alike must be seen in the table, not only in a tooltip.
        if (column == User && (!expiredApprovalAt(index.row()).isEmpty() || !a.confusableWith.isEmpty()))
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
        break;
    case Qt::TextAlignmentRole:
        if (column == Risk || column == Count || column == Writes || column == Failed ||
            column == DistinctApis)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case SortRole:
        switch (column) {
        case User:
            // The result's byte-wise user order, whatever order the rows are shown in.
            return static_cast<int>(&a - m_result->findings.data());
        case Risk:
            return a.risk;
        case Class:
            return int(a.principal.cls);
        case IdentityTypes:
            return joined(a.identityTypes, u", ");
        case Accounts:
            return joined(a.accounts, u", ");
        case Count:
            return qulonglong(a.count);
        case Writes:
            return qulonglong(a.writeCount);
        case Failed:
            return qulonglong(a.failedCount);
        case FirstSeen:
            return qint64(a.firstTime);
        case LastSeen:
            return qint64(a.lastTime);
        case DistinctApis:
            return qulonglong(a.eventNames.size());
        case ApiNames:
            return joined(a.eventNames, u", ");
        case New:
            return markOf(a) && markOf(a)->review.since.isNew ? 1 : 0;
        case Status:
            return markOf(a) ? int(markOf(a)->review.status) : -1;
        case Owner:
        case Ticket:
        case Note:
            return reviewData(a, column, Qt::DisplayRole);
        case ColumnCount:
            break;
        }
        break;
    case FilterRole:
        // "approval expired" is searchable, so the filter box lists every lapsed approval.
        return QString(
            m_store->qstr(a.user) + u'\n' + principalClassName(a.principal.cls) + u'\n' +
            joined(a.identityTypes, u"\n") + u'\n' + accountLabels(a.accounts, u"\n") + u'\n' +
            joined(a.eventNames, u"\n") +
            (expiredApprovalAt(index.row()).isEmpty() ? QString() : QStringLiteral("\napproval expired")) +
            (a.confusableWith.isEmpty() ? QString()
                                        : QStringLiteral("\nlooks like\n") + a.confusableWith.join(u'\n')) +
            reviewFilterText(markOf(a)));
    case UserIdRole:
        return quint32(a.user);
    case ExpiredApprovalRole:
        return expiredApprovalAt(index.row());
    case ConfusableWithRole:
        return a.confusableWith;
    case NewRole:
        return markOf(a) && markOf(a)->review.since.isNew;
    default:
        break;
    }
    return {};
}

QVariant FindingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (static_cast<Column>(section)) {
        case User:
            return tr("User");
        case Risk:
            return tr("Risk");
        case Class:
            return tr("Class");
        case IdentityTypes:
            return tr("Identity type");
        case Accounts:
            return tr("Accounts");
        case Count:
            return tr("Count");
        case Writes:
            return tr("Writes");
        case Failed:
            return tr("Failed");
        case FirstSeen:
            return tr("First seen (%1)").arg(timeZoneLabel(m_localTime));
        case LastSeen:
            return tr("Last seen (%1)").arg(timeZoneLabel(m_localTime));
        case DistinctApis:
            return tr("APIs");
        case ApiNames:
            return tr("API names");
        case New:
            return tr("New");
        case Status:
            return tr("Status");
        case Owner:
            return tr("Owner");
        case Ticket:
            return tr("Ticket");
        case Note:
            return tr("Note");
        case ColumnCount:
            break;
        }
    } else if (role == Qt::ToolTipRole) {
        switch (static_cast<Column>(section)) {
        case User:
            return tr("userName as the selected field rules derive it (the detection's `user`)");
        case Risk:
            return tr(
                "Sum of the risk factors of docs/detection.md, Risk: root, administrator access, console "
                "logins without MFA, sensitive APIs, write and failed calls (hover a cell for the rule)");
        case Writes:
            return tr("Successful calls whose readOnly was false");
        case Failed:
            return tr("Calls with an errorCode (AccessDenied probing ...): not counted by the detection");
        case Class:
            return tr("Who is behind the name, from its events: root, person, service role, workload "
                      "identity, AWS service-linked or unknown (hover a cell for the evidence)");
        case IdentityTypes:
            return tr("Distinct userIdentity.type values of the user's events");
        case Count:
            return tr("Successful API calls (the detection's `count`)");
        case DistinctApis:
            return tr("Number of distinct eventName values");
        case ApiNames:
            return tr("Distinct eventName values (the detection's `values(eventName)`); the sensitive ones "
                      "first, marked \u26A0 and with their counts, then the rest sorted byte-wise");
        case New:
            return tr("New since the last review: never reviewed, or active since with an API, account or "
                      "region not seen at a review (hover a cell for what is new; Triage ▸ Mark Reviewed)");
        case Status:
            return tr("Triage status from the review file beside the approved list: New, Investigating, "
                      "Escalated or Benign (harmless, not approved: still a finding); Alt+1 to Alt+4");
        case Owner:
        case Ticket:
        case Note:
            return tr("From the review file beside the approved list; Triage ▸ Edit Triage Note (F4)");
        default:
            break;
        }
    }
    return {};
}

} // namespace tw
