// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/models/findingsmodel.h"

#include "core/detection/sensitiveapis.h"

#include "ui/safetext.h"

#include "ui/timeformat.h"

#include <QApplication>
#include <QLocale>
#include <QSet>
#include <QStyle>

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace tw {

FindingsModel::FindingsModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void FindingsModel::setSnapshot(std::shared_ptr<const EventStore> store,
                                std::shared_ptr<const DetectionResult> result)
{
    if (store && result && store == m_store && m_result && result->rules == m_result->rules) {
        applyDiff(std::move(result));
        return;
    }
    beginResetModel();
    m_store = std::move(store);
    m_result = m_store ? std::move(result) : nullptr;
    m_rows.clear();
    if (m_result) {
        m_rows.reserve(m_result->findings.size());
        for (const UserActivity& a : m_result->findings)
            m_rows.push_back(&a);
    }
    endResetModel();
}

namespace {

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
    // users differs. Both lists are sorted the same way, so the kept rows stay in order.
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

    // Removals, back to front in contiguous runs, so that each run is one signal.
    int row = static_cast<int>(m_rows.size()) - 1;
    while (row >= 0) {
        if (newUsers[m_rows[static_cast<std::size_t>(row)]->user]) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && !newUsers[m_rows[static_cast<std::size_t>(first - 1)]->user])
            --first;
        beginRemoveRows({}, first, row);
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + row + 1);
        endRemoveRows();
        row = first - 1;
    }

    // What can differ for a kept user is only whether an expired approval or a look-alike of a list
    // entry is flagged: each kept row is compared with itself in the previous result (alive until
    // the end of this function), so that the rows whose flags changed are repainted.
    const std::vector<const UserActivity*> keptBefore = m_rows;

    // Rebind the kept rows to the new snapshot before the old one can go away.
    const auto previous = std::move(m_result);
    m_result = std::move(result);
    const auto& findings = m_result->findings;
    {
        std::size_t k = 0;
        for (const UserActivity& a : findings)
            if (oldUsers[a.user])
                m_rows[k++] = &a;
    }
    for (std::size_t k = 0; k < m_rows.size(); ++k) {
        if (expiredApprovalOf(*m_result, m_rows[k]) != expiredApprovalOf(*previous, keptBefore[k]) ||
            m_rows[k]->confusableWith != keptBefore[k]->confusableWith) {
            const QModelIndex cell = index(static_cast<int>(k), User);
            Q_EMIT dataChanged(cell, cell, {Qt::DecorationRole, Qt::ToolTipRole});
        }
    }

    // Insertions, front to back in contiguous runs.
    std::size_t j = 0;
    while (j < findings.size()) {
        if (oldUsers[findings[j].user]) {
            ++j;
            continue;
        }
        std::size_t end = j;
        while (end < findings.size() && !oldUsers[findings[end].user])
            ++end;
        // Row j of the final list is row j of the model now, since everything before it is in place.
        beginInsertRows({}, static_cast<int>(j), static_cast<int>(end - 1));
        std::vector<const UserActivity*> run;
        for (std::size_t x = j; x < end; ++x)
            run.push_back(&findings[x]);
        m_rows.insert(m_rows.begin() + static_cast<std::ptrdiff_t>(j), run.begin(), run.end());
        endInsertRows();
        j = end;
    }
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
    // (the proxy re-sorts and re-filters on dataChanged when its sort column is one of them).
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, New), index(rowCount() - 1, Note));
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
            return a.riskKnown ? QVariant(a.risk) : QVariant(tr("not available"));
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
                return role == Qt::ToolTipRole ? QVariant(a.riskExplanation) : QVariant(tr("not available"));
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
            return index.row();
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

int FindingsModel::compareTexts(const std::vector<std::uint32_t>& a,
                                const std::vector<std::uint32_t>& b) const
{
    const std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        if (a[i] == b[i])
            continue;
        if (const int c = m_store->str(a[i]).compare(m_store->str(b[i])); c != 0)
            return c;
    }
    return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

int FindingsModel::compareRows(int left, int right, int column) const
{
    const UserActivity& a = *m_rows[static_cast<std::size_t>(left)];
    const UserActivity& b = *m_rows[static_cast<std::size_t>(right)];
    const auto three = [](auto x, auto y) { return x < y ? -1 : y < x ? 1 : 0; };
    switch (static_cast<Column>(column)) {
    case User:
        // The rows are in the result's byte-wise user order.
        return three(left, right);
    case Risk:
        return three(a.risk, b.risk);
    case Class:
        return three(int(a.principal.cls), int(b.principal.cls));
    case IdentityTypes:
        return compareTexts(a.identityTypes, b.identityTypes);
    case Accounts:
        return compareTexts(a.accounts, b.accounts);
    case Count:
        return three(a.count, b.count);
    case Writes:
        return three(a.writeCount, b.writeCount);
    case Failed:
        return three(a.failedCount, b.failedCount);
    case FirstSeen:
        return three(a.firstTime, b.firstTime);
    case LastSeen:
        return three(a.lastTime, b.lastTime);
    case DistinctApis:
        return three(a.eventNames.size(), b.eventNames.size());
    case ApiNames:
        return compareTexts(a.eventNames, b.eventNames);
    case New:
    case Status:
        return three(unsafeData(index(left, column), SortRole).toInt(),
                     unsafeData(index(right, column), SortRole).toInt());
    case Owner:
    case Ticket:
    case Note:
        return unsafeData(index(left, column), SortRole)
            .toString()
            .compare(unsafeData(index(right, column), SortRole).toString());
    case ColumnCount:
        break;
    }
    return 0;
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
