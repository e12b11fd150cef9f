// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/models/stablesortproxy.h"

namespace tw {

StableSortProxy::StableSortProxy(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
}

bool StableSortProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    const QPartialOrdering order = QVariant::compare(left.data(sortRole()), right.data(sortRole()));
    if (order == QPartialOrdering::Less)
        return true;
    if (order == QPartialOrdering::Greater)
        return false;
    // Equal (or incomparable): QSortFilterProxyModel calls lessThan(right, left) for a descending
    // sort, so flip the row comparison to keep ties ascending by source row either way.
    return sortOrder() == Qt::AscendingOrder ? left.row() < right.row() : left.row() > right.row();
}

} // namespace tw
