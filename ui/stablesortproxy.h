#pragma once

#include <QSortFilterProxyModel>

namespace tw {

// Sorts by the source's sort role and breaks ties by source row, ascending whatever the sort order.
// The sources keep their rows in a meaningful order (findings by user byte-wise, events by time),
// so equal counts list users alphabetically and a re-sort never shuffles equal rows.
class StableSortProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit StableSortProxy(QObject* parent = nullptr);

protected:
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;
};

} // namespace tw
