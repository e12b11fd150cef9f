// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/detection/stewardship.h"

#include <QAbstractTableModel>

#include <memory>
#include <vector>

namespace tw {

// The approved-accounts list as the "Approved accounts" tab shows it: one row per CSV row, with its
// provenance and how it stands against the loaded data (assessApprovedList()).
//
// An adapter over an immutable snapshot that the tab recomputes after every load and re-run (it
// is cheap: one pass over the distinct users per entry). A new snapshot resets the model; the
// tab restores the selection by identity. UI thread only.
class ApprovedAccountsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Identity,
        Flags,
        MatchedEvents,
        LastSeen,
        Matches, // what a wildcard covers, or the observed user a near-miss nearly names
        Reason,
        ApprovedBy,
        ApprovedAt,
        Expires,
        Line,
        ColumnCount
    };
    Q_ENUM(Column)

    // One bit per health flag (FlagsRole); the filter chips use the same bits.
    enum Flag {
        NeverMatched = 0x01,
        Stale = 0x02,
        Expired = 0x04,
        NearMiss = 0x08,
        Wildcard = 0x10,
        Duplicate = 0x20,
    };
    Q_ENUM(Flag)
    static constexpr int kAllFlags = 0x3f;

    enum Role {
        // Numbers and times as numbers, text as text (case-folded, so Identity sorts A to Z
        // whatever the case); Line sorts by file order.
        SortRole = Qt::UserRole + 1,
        FlagsRole,    // int: the Flag bits of the row
        FilterRole,   // the text the filter box searches (identity, provenance, matched users)
        IdentityRole, // the entry's identity as written in the CSV
        NearMissRole, // the unapproved observed user it nearly names, or empty
    };
    Q_ENUM(Role)

    explicit ApprovedAccountsModel(QObject* parent = nullptr);

    // dataEnd: the last event of the loaded data (what "stale" is measured from). extraColumns: the
    // list's own other columns (LookupLoad::extraColumns), shown after the fixed ones, from
    // ColumnCount on, under their header names.
    void setSnapshot(std::shared_ptr<const std::vector<EntryHealth>> entries, TimeMs dataEnd, int staleDays,
                     QStringList extraColumns = {});
    const QStringList& extraColumns() const { return m_extraColumns; }
    void clear();
    void setLocalTime(bool localTime);

    std::shared_ptr<const std::vector<EntryHealth>> snapshot() const { return m_entries; }
    const EntryHealth* entryAt(int row) const;
    static int flagsOf(const EntryHealth& h);
    // A flag's short label, as the chips and badges say it.
    static QString flagLabel(Flag flag);
    // Every flag of a row, in the order of the Flag enum, as short text ("stale 120 d").
    QStringList flagTexts(const EntryHealth& h) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    // data() before safeItemText(): log text as it is.
    QVariant unsafeData(const QModelIndex& index, int role) const;

    QString matchesText(const EntryHealth& h, bool full) const;
    QString flagsToolTip(const EntryHealth& h) const;

    std::shared_ptr<const std::vector<EntryHealth>> m_entries;
    TimeMs m_dataEnd = 0;
    int m_staleDays = 90;
    QStringList m_extraColumns;
    bool m_localTime = false;
};

} // namespace tw
