// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/detection/detection.h"
#include "core/ingest/eventstore.h"
#include "core/lists/accountaliases.h"
#include "ui/models/reviewmarks.h"
#include "ui/models/stablesortproxy.h"

#include <QAbstractTableModel>

#include <memory>
#include <vector>

namespace tw {

// The findings of one detection run, one row per user. An adapter over an immutable snapshot:
// it keeps the store and the result alive through shared_ptr and renders cells on demand.
//
// setSnapshot() with the same store and rule set (an approval, an undo, a changed CSV) does not
// reset the model: it removes and inserts only the rows that changed, so the view keeps its
// selection, scroll position and sort, and the update costs O(findings), not a re-sort.
//
// UI thread only.
class FindingsModel : public QAbstractTableModel, public RowComparator
{
    Q_OBJECT
public:
    enum Column {
        User,
        Risk,  // docs/detection.md, Risk; the tooltip gives the rule that made the score
        Class, // principal class (docs/detection.md, Principal classes); the tooltip gives the evidence
        IdentityTypes,
        Accounts,
        Count,
        Writes, // successful calls with readOnly false
        Failed, // calls with an errorCode: not in Count, shown beside it
        FirstSeen,
        LastSeen,
        DistinctApis,
        ApiNames,
        // The review file (docs/detection.md, New since last review), after the columns above so
        // that saved column layouts keep their meaning; the page shows them after Risk.
        New, // "new" when new since the last review; the tooltip says what is new
        Status,
        Owner,
        Ticket,
        Note,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        // Numbers and times as numbers (quint64/qint64), text as QString; the user column sorts by
        // the result's own byte-wise order (the source row), as Splunk's `stats by user` does.
        SortRole = Qt::UserRole + 1,
        // The text the filter box searches: the user, its class, identity types, accounts and every
        // API name, newline-separated.
        FilterRole,
        // The user's string id in the store (quint32).
        UserIdRole,
        // The approved entry whose `expires` has passed and that would otherwise exclude the user
        // ("approval expired"), or an empty string.
        ExpiredApprovalRole,
        // The names this user can be mistaken for (UserActivity::confusableWith), a QStringList.
        ConfusableWithRole,
        // True when the finding is new since the last review (no review file: false).
        NewRole,
    };
    Q_ENUM(Role)

    explicit FindingsModel(QObject* parent = nullptr);

    void setSnapshot(std::shared_ptr<const EventStore> store, std::shared_ptr<const DetectionResult> result);
    void clear();
    void setLocalTime(bool localTime);
    // The review file's marks (null: no review file in use; the review columns stay empty).
    void setReviewMarks(std::shared_ptr<const ReviewMarks> marks);
    std::shared_ptr<const ReviewMarks> reviewMarks() const { return m_marks; }
    bool localTime() const { return m_localTime; }
    // Names shown beside the ids in the Accounts column and found by the filter (FilterRole); the
    // column still sorts by the ids. Null: none.
    void setAccountAliases(std::shared_ptr<const AccountAliases> aliases);

    std::shared_ptr<const EventStore> store() const { return m_store; }
    std::shared_ptr<const DetectionResult> result() const { return m_result; }
    const UserActivity* activityAt(int row) const;
    QString userAt(int row) const;
    // The row of a user id, or -1.
    int rowOfUser(std::uint32_t user) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    // The order of SortRole without building QVariants: numbers as numbers, text byte-wise.
    int compareRows(int left, int right, int column) const override;

private:
    // data() before safeItemText(): log text as it is.
    QVariant unsafeData(const QModelIndex& index, int role) const;

    int compareTexts(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) const;
    QString joined(const std::vector<std::uint32_t>& ids, QStringView separator) const;
    // The accounts as shown: each id with its alias, when it has one.
    QString accountLabels(const std::vector<std::uint32_t>& ids, QStringView separator) const;
    // The API names with the sensitive ones first, marked and counted (docs/detection.md, Risk).
    QString apiNames(const UserActivity& a, QStringView separator) const;
    QString expiredApprovalAt(int row) const;
    void applyDiff(std::shared_ptr<const DetectionResult> result);
    const ReviewMark* markOf(const UserActivity& a) const;
    QVariant reviewData(const UserActivity& a, Column column, int role) const;

    std::shared_ptr<const EventStore> m_store;
    std::shared_ptr<const DetectionResult> m_result;
    // Points into m_result->findings (or, during applyDiff, briefly into the previous result).
    std::vector<const UserActivity*> m_rows;
    bool m_localTime = false;
    std::shared_ptr<const ReviewMarks> m_marks;
    std::shared_ptr<const AccountAliases> m_aliases;
};

} // namespace tw
