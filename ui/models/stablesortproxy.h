// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QSortFilterProxyModel>

namespace tw {

// Sorts by the source's sort role and breaks ties by source row, ascending whatever the sort order.
// The sources keep their rows in a meaningful order (the approved list's file order, the load
// problems as found), so a re-sort never shuffles equal rows. (The findings and the events sort
// themselves: see FindingsModel and EventsModel.)
class StableSortProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit StableSortProxy(QObject* parent = nullptr);

protected:
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;
};

} // namespace tw
