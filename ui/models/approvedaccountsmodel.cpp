// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/models/approvedaccountsmodel.h"

#include "ui/safetext.h"

#include "ui/timeformat.h"

#include <QLocale>

#include <limits>

using namespace Qt::StringLiterals;

namespace tw {

namespace {

constexpr TimeMs kDayMs = 86400000;
// A wildcard can cover thousands of users: the cell and its tooltip stay bounded.
constexpr qsizetype kMatchesShown = 40;

qint64 isoToMs(const QString& text)
{
    const QDateTime t = parseExpiry(text);
    return t.isValid() ? t.toMSecsSinceEpoch() : std::numeric_limits<qint64>::min();
}

} // namespace

ApprovedAccountsModel::ApprovedAccountsModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void ApprovedAccountsModel::setSnapshot(std::shared_ptr<const std::vector<EntryHealth>> entries,
                                        TimeMs dataEnd, int staleDays, QStringList extraColumns)
{
    beginResetModel();
    m_entries = std::move(entries);
    m_extraColumns = std::move(extraColumns);
    m_dataEnd = dataEnd;
    m_staleDays = staleDays;
    endResetModel();
}

void ApprovedAccountsModel::clear()
{
    setSnapshot(nullptr, 0, m_staleDays);
}

void ApprovedAccountsModel::setLocalTime(bool localTime)
{
    if (localTime == m_localTime)
        return;
    m_localTime = localTime;
    Q_EMIT headerDataChanged(Qt::Horizontal, LastSeen, LastSeen);
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, LastSeen), index(rowCount() - 1, LastSeen), {Qt::DisplayRole});
}

const EntryHealth* ApprovedAccountsModel::entryAt(int row) const
{
    if (!m_entries || row < 0 || row >= rowCount())
        return nullptr;
    return &(*m_entries)[static_cast<std::size_t>(row)];
}

int ApprovedAccountsModel::flagsOf(const EntryHealth& h)
{
    return (h.neverMatched ? NeverMatched : 0) | (h.stale ? Stale : 0) | (h.expired ? Expired : 0) |
           (h.nearMissOf.isEmpty() ? 0 : NearMiss) | (h.wildcard ? Wildcard : 0) |
           (h.duplicate ? Duplicate : 0);
}

QString ApprovedAccountsModel::flagLabel(Flag flag)
{
    switch (flag) {
    case NeverMatched:
        return tr("never matched");
    case Stale:
        return tr("stale");
    case Expired:
        return tr("expired");
    case NearMiss:
        return tr("near-miss");
    case Wildcard:
        return tr("wildcard");
    case Duplicate:
        return tr("duplicate");
    }
    return {};
}

QStringList ApprovedAccountsModel::flagTexts(const EntryHealth& h) const
{
    QStringList out;
    const int flags = flagsOf(h);
    for (Flag f : {NeverMatched, Stale, Expired, NearMiss, Wildcard, Duplicate}) {
        if (!(flags & f))
            continue;
        if (f == Stale)
            out << tr("stale %1 d").arg((m_dataEnd - h.lastSeen) / kDayMs);
        else
            out << flagLabel(f);
    }
    return out;
}

QString ApprovedAccountsModel::matchesText(const EntryHealth& h, bool full) const
{
    if (!h.nearMissOf.isEmpty())
        return full ? tr("Nearly names %1, who is still unapproved: the approval probably meant that "
                         "account. Right-click ▸ Approve %1.")
                          .arg(h.nearMissOf)
                    : tr("≈ %1").arg(h.nearMissOf);
    // Only worth a cell when it says more than the identity itself: a wildcard, or a case variant.
    if (!h.wildcard && (h.matchedUsers.isEmpty() ||
                        (h.matchedUsers.size() == 1 && h.matchedUsers.front() == h.entry.identity)))
        return {};
    QStringList shown = h.matchedUsers.mid(0, kMatchesShown);
    QString text = shown.join(full ? u"\n"_s : u", "_s);
    if (h.matchedUsers.size() > kMatchesShown)
        text += (full ? u"\n"_s : u", "_s) + tr("… %1 more").arg(h.matchedUsers.size() - kMatchesShown);
    if (full && h.wildcard)
        return tr("Matches %1 observed users:").arg(h.matchedUsers.size()) + u'\n' + text;
    return text;
}

QString ApprovedAccountsModel::flagsToolTip(const EntryHealth& h) const
{
    QStringList lines;
    if (h.neverMatched)
        lines << tr("Never matched: no successful event of the loaded data is by this identity.");
    if (h.stale)
        lines << tr("Stale: last seen %1 days before the end of the loaded data (threshold %2 days).")
                     .arg((m_dataEnd - h.lastSeen) / kDayMs)
                     .arg(m_staleDays);
    if (h.expired)
        lines
            << tr("Expired: past its expires date (%1); it no longer excludes anyone.").arg(h.entry.expires);
    if (!h.nearMissOf.isEmpty())
        lines << tr("Near-miss: nearly names %1, who is still unapproved.").arg(h.nearMissOf);
    if (h.wildcard)
        lines << tr("Wildcard: '*' matches any run of characters (%1 observed users).")
                     .arg(h.matchedUsers.size());
    if (h.duplicate)
        lines << tr("Duplicate: another row has the same identity (compared without case).");
    return lines.join(u'\n');
}

int ApprovedAccountsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_entries ? 0 : static_cast<int>(m_entries->size());
}

int ApprovedAccountsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount + int(m_extraColumns.size());
}

QVariant ApprovedAccountsModel::data(const QModelIndex& index, int role) const
{
    return safeItemText(role, unsafeData(index, role));
}

QVariant ApprovedAccountsModel::unsafeData(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const EntryHealth& h = (*m_entries)[static_cast<std::size_t>(index.row())];
    const IdentityEntry& e = h.entry;
    if (index.column() >= ColumnCount) {
        // One of the list's own columns: text as written, sorted without case.
        const QString value = e.extra.value(index.column() - ColumnCount);
        switch (role) {
        case Qt::DisplayRole:
        case Qt::ToolTipRole:
            return value;
        case SortRole:
            return value.toCaseFolded();
        default:
            break;
        }
    }
    const auto column = static_cast<Column>(std::min(index.column(), int(ColumnCount)));

    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Identity:
            return e.identity;
        case Flags:
            return flagTexts(h).join(u", "_s);
        case MatchedEvents:
            return QLocale().toString(qulonglong(h.matchedEvents));
        case LastSeen:
            return h.lastSeen ? formatTime(h.lastSeen, m_localTime) : QString();
        case Matches:
            return matchesText(h, false);
        case Reason:
            return e.reason;
        case ApprovedBy:
            return e.approvedBy;
        case ApprovedAt:
            return e.approvedAt;
        case Expires:
            return e.expires;
        case Line:
            return qlonglong(e.line);
        case ColumnCount:
            break;
        }
        break;
    case Qt::ToolTipRole:
        switch (column) {
        case Identity:
            return tr("%1\nLine %2 of the approved-accounts CSV").arg(e.identity).arg(e.line);
        case Flags:
            return flagsToolTip(h);
        case Matches:
            return matchesText(h, true);
        case Reason:
            return e.reason;
        case Expires:
            if (!e.expires.isEmpty() && !e.expiresAt.isValid())
                return tr("Not a date: this approval does not expire");
            break;
        default:
            break;
        }
        break;
    case Qt::TextAlignmentRole:
        if (column == MatchedEvents || column == Line)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case SortRole:
        switch (column) {
        case Identity:
            return e.identity.toCaseFolded();
        case Line:
            return qlonglong(e.row);
        case Flags:
            return flagsOf(h);
        case MatchedEvents:
            return qulonglong(h.matchedEvents);
        case LastSeen:
            return qint64(h.lastSeen);
        case Matches:
            return matchesText(h, false);
        case Reason:
            return e.reason;
        case ApprovedBy:
            return e.approvedBy;
        case ApprovedAt:
            return isoToMs(e.approvedAt);
        case Expires:
            // No expiry sorts after every date.
            return e.expiresAt.isValid() ? e.expiresAt.toMSecsSinceEpoch()
                                         : std::numeric_limits<qint64>::max();
        case ColumnCount:
            break;
        }
        break;
    case FlagsRole:
        return flagsOf(h);
    case FilterRole:
        return QString(e.identity + u'\n' + e.reason + u'\n' + e.approvedBy + u'\n' + h.nearMissOf + u'\n' +
                       h.matchedUsers.join(u'\n') + u'\n' + e.extra.join(u'\n'));
    case IdentityRole:
        return e.identity;
    case NearMissRole:
        return h.nearMissOf;
    default:
        break;
    }
    return {};
}

QVariant ApprovedAccountsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (section >= ColumnCount) {
        if (role == Qt::DisplayRole)
            return m_extraColumns.value(section - ColumnCount);
        if (role == Qt::ToolTipRole)
            return tr("The column '%1' of the approved-accounts CSV, as written")
                .arg(m_extraColumns.value(section - ColumnCount));
        return {};
    }
    if (role == Qt::DisplayRole) {
        switch (static_cast<Column>(section)) {
        case Identity:
            return tr("Identity");
        case Flags:
            return tr("Flags");
        case MatchedEvents:
            return tr("Events");
        case LastSeen:
            return tr("Last seen (%1)").arg(timeZoneLabel(m_localTime));
        case Matches:
            return tr("Matches");
        case Reason:
            return tr("Reason");
        case ApprovedBy:
            return tr("Approved by");
        case ApprovedAt:
            return tr("Approved at");
        case Expires:
            return tr("Expires");
        case Line:
            return tr("Line");
        case ColumnCount:
            break;
        }
    } else if (role == Qt::ToolTipRole) {
        switch (static_cast<Column>(section)) {
        case Identity:
            return tr("The identity column of the CSV, as written (matched without case; '*' is a wildcard)");
        case MatchedEvents:
            return tr("Successful events of the loaded data by the users this entry matches");
        case Matches:
            return tr(
                "The observed users a wildcard covers, or the unapproved user a near-miss nearly names");
        case Line:
            return tr("Line of the CSV where the row starts");
        default:
            break;
        }
    }
    return {};
}

} // namespace tw
