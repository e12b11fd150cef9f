// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/models/stablesortproxy.h"

namespace tw {

StableSortProxy::StableSortProxy(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
}

void StableSortProxy::setSourceModel(QAbstractItemModel* model)
{
    m_comparator = dynamic_cast<const RowComparator*>(model);
    QSortFilterProxyModel::setSourceModel(model);
}

bool StableSortProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    if (m_comparator) {
        const int c = m_comparator->compareRows(left.row(), right.row(), left.column());
        if (c != 0)
            return c < 0;
    } else {
        const QPartialOrdering order = QVariant::compare(left.data(sortRole()), right.data(sortRole()));
        if (order == QPartialOrdering::Less)
            return true;
        if (order == QPartialOrdering::Greater)
            return false;
    }
    // Equal (or incomparable): QSortFilterProxyModel calls lessThan(right, left) for a descending
    // sort, so flip the row comparison to keep ties ascending by source row either way.
    return sortOrder() == Qt::AscendingOrder ? left.row() < right.row() : left.row() > right.row();
}

} // namespace tw
