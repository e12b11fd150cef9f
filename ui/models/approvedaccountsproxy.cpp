// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/models/approvedaccountsproxy.h"

#include "ui/models/approvedaccountsmodel.h"

namespace tw {

ApprovedAccountsProxy::ApprovedAccountsProxy(QObject* parent)
    : StableSortProxy(parent)
{
    setSortRole(ApprovedAccountsModel::SortRole);
}

void ApprovedAccountsProxy::setFlagMask(int flags)
{
    if (flags == m_flags)
        return;
    m_flags = flags;
    invalidateFilter();
}

void ApprovedAccountsProxy::setFilterText(const QString& text)
{
    const QString trimmed = text.simplified();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    m_terms = trimmed.isEmpty() ? QStringList() : trimmed.split(u' ');
    invalidateFilter();
}

bool ApprovedAccountsProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_flags != 0 && !(index.data(ApprovedAccountsModel::FlagsRole).toInt() & m_flags))
        return false;
    if (m_terms.isEmpty())
        return true;
    const QString haystack = index.data(ApprovedAccountsModel::FilterRole).toString();
    for (const QString& term : m_terms)
        if (!haystack.contains(term, Qt::CaseInsensitive))
            return false;
    return true;
}

} // namespace tw
