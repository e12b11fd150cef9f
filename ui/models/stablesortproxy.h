// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QSortFilterProxyModel>

namespace tw {

// Implemented by the source models whose tables get long (a finding's events can be 100,000+
// rows): comparing two rows on the raw columns is far cheaper than two QVariant data() calls
// per comparison, and keeps selecting a busy finding well under the 100 ms stall budget.
class RowComparator
{
public:
    virtual ~RowComparator() = default;
    // <0, 0, >0 as the sort value of row `left` in `column` is below, equal to or above `right`'s.
    virtual int compareRows(int left, int right, int column) const = 0;
};

// Sorts by the source's sort role and breaks ties by source row, ascending whatever the sort order.
// The sources keep their rows in a meaningful order (findings by user byte-wise, events by time),
// so equal counts list users alphabetically and a re-sort never shuffles equal rows.
class StableSortProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit StableSortProxy(QObject* parent = nullptr);

    void setSourceModel(QAbstractItemModel* model) override;

protected:
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    const RowComparator* m_comparator = nullptr;
};

} // namespace tw
