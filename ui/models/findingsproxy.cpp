// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/models/findingsproxy.h"

#include "ui/models/findingsmodel.h"

namespace tw {

FindingsProxy::FindingsProxy(QObject* parent)
    : StableSortProxy(parent)
{
    setSortRole(FindingsModel::SortRole);
}

void FindingsProxy::setFilterText(const QString& text)
{
    const QString trimmed = text.simplified();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    m_terms = trimmed.isEmpty() ? QStringList() : trimmed.split(u' ');
    invalidateFilter();
}

bool FindingsProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (m_terms.isEmpty())
        return true;
    const QString haystack =
        sourceModel()->index(sourceRow, 0, sourceParent).data(FindingsModel::FilterRole).toString();
    for (const QString& term : m_terms)
        if (!haystack.contains(term, Qt::CaseInsensitive))
            return false;
    return true;
}

} // namespace tw
