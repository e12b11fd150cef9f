// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/detection/detection.h"
#include "core/ingest/eventstore.h"
#include "core/lists/accountaliases.h"
#include "ui/models/reviewmarks.h"

#include <QAbstractTableModel>
#include <QFutureWatcher>

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
// Sorts itself (sort(); FindingsProxy only filters and passes the header's sort on): an imported
// engine result has 100,000 findings, and a QSortFilterProxyModel's first sort of them (two
// QModelIndex and a virtual call per comparison, ~1.7M comparisons) was ~160 ms of UI thread at
// every load. The rows are kept in display order; ties keep the result's user order whatever the
// sort order. From asyncSortThreshold() rows on, the sort (of a new snapshot, or a header click)
// runs on a worker over the immutable snapshot: the rows keep their order meanwhile, isSorting()
// is true, and the order is adopted in one layout change unless a newer sort or snapshot
// superseded it (a generation number). Rows that an incremental update brings back are inserted
// where the sort puts them.
//
// UI thread only.
class FindingsModel : public QAbstractTableModel
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
    // The order of SortRole (numbers as numbers, text byte-wise); column -1 is the result's order.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    // From how many rows a sort runs on a worker (tests lower it).
    void setAsyncSortThreshold(std::size_t rows) { m_asyncSortThreshold = rows; }
    // True from a sort that went to a worker until its order is adopted.
    bool isSorting() const { return m_sorting; }
    // Blocks until the pending sort (if any) is done and adopted (tests, --measure).
    void waitForSort();
    // Comparisons of two findings made on the owner (UI) thread, and on workers: what a sort cost
    // where (tests check that a large sort is no UI-thread work).
    quint64 ownerThreadComparisons() const { return m_ownerComparisons; }
    quint64 workerComparisons() const { return m_workerComparisons; }

Q_SIGNALS:
    void sortingChanged(bool sorting);

private:
    struct SortResult
    {
        quint64 generation = 0;
        std::vector<const UserActivity*> rows;
        quint64 comparisons = 0;
    };

    // data() before safeItemText(): log text as it is.
    QVariant unsafeData(const QModelIndex& index, int role) const;

    QString joined(const std::vector<std::uint32_t>& ids, QStringView separator) const;
    // The accounts as shown: each id with its alias, when it has one.
    QString accountLabels(const std::vector<std::uint32_t>& ids, QStringView separator) const;
    // The API names with the sensitive ones first, marked and counted (docs/detection.md, Risk).
    QString apiNames(const UserActivity& a, QStringView separator) const;
    QString expiredApprovalAt(int row) const;
    void applyDiff(std::shared_ptr<const DetectionResult> result);
    // Removes the rows whose user is not flagged in `keep`, in as few signals as it takes.
    void removeRowsNotIn(const std::vector<std::uint8_t>& keep);
    // Inserts findings (of m_result, in its order) where the current sort puts them.
    void insertFindings(std::vector<const UserActivity*> added);
    // Whether m_rows is in the current sort's order (no sort pending on a worker).
    bool inOrder() const { return !m_sorting; }
    // Puts the rows in the current sort's order: at once below the threshold, else on a worker.
    void order();
    void startSort();
    // Adopts a new display order of the same rows; persistent indexes follow their finding.
    void adoptOrder(std::vector<const UserActivity*> rows);
    void onSortFinished();
    void setSorting(bool sorting);
    const ReviewMark* markOf(const UserActivity& a) const;
    QVariant reviewData(const UserActivity& a, Column column, int role) const;

    std::shared_ptr<const EventStore> m_store;
    std::shared_ptr<const DetectionResult> m_result;
    // Points into m_result->findings (or, during applyDiff, briefly into the previous result), in
    // display order: the sort's, or the result's while a sort is pending.
    std::vector<const UserActivity*> m_rows;
    bool m_localTime = false;
    std::shared_ptr<const ReviewMarks> m_marks;
    std::shared_ptr<const AccountAliases> m_aliases;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    std::size_t m_asyncSortThreshold = 10000;
    quint64 m_sortGeneration = 0;
    bool m_sorting = false;
    quint64 m_ownerComparisons = 0;
    quint64 m_workerComparisons = 0;
    QFutureWatcher<SortResult> m_sortWatcher;
};

} // namespace tw
