// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/models/findingsproxy.h"

#include "ui/models/findingsmodel.h"

#include <QBrush>
#include <QGuiApplication>
#include <QPalette>

namespace tw {

FindingsProxy::FindingsProxy(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    // Re-filters the rows whose data changed (the review columns, account names); never sorts
    // (the proxy's own sort column stays -1).
    setDynamicSortFilter(true);
    setSortRole(FindingsModel::SortRole);
}

void FindingsProxy::sort(int column, Qt::SortOrder order)
{
    if (QAbstractItemModel* source = sourceModel())
        source->sort(column, order);
}

void FindingsProxy::setSourceModel(QAbstractItemModel* model)
{
    if (sourceModel())
        disconnect(sourceModel(), nullptr, this, nullptr);
    m_passes.clear();
    // Connected before the base class connects its own: what a row passes is forgotten before the
    // proxy filters the changed rows again.
    if (model) {
        const auto forget = [this] { m_passes.clear(); };
        connect(model, &QAbstractItemModel::dataChanged, this, forget);
        connect(model, &QAbstractItemModel::modelAboutToBeReset, this, forget);
    }
    QSortFilterProxyModel::setSourceModel(model);
}

void FindingsProxy::setFilterText(const QString& text)
{
    const QString trimmed = text.simplified();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    m_terms = trimmed.isEmpty() ? QStringList() : trimmed.split(u' ');
    m_eventMatches.clear();
    m_passes.clear();
    invalidateFilter();
}

void FindingsProxy::setUserFilter(std::optional<QSet<quint32>> users)
{
    m_users = std::move(users);
    invalidateFilter();
}

void FindingsProxy::setEventMatches(const QString& text, const std::vector<std::vector<std::uint32_t>>& users)
{
    if (text.simplified() != m_text || users.size() != std::size_t(m_terms.size()))
        return; // an answer for an older text
    m_eventMatches.clear();
    for (const auto& ids : users)
        m_eventMatches.emplace_back(ids.begin(), ids.end());
    m_passes.clear();
    invalidateFilter();
}

QVariant FindingsProxy::data(const QModelIndex& index, int role) const
{
    if (role == Qt::BackgroundRole && !m_terms.isEmpty()) {
        const QString text = QSortFilterProxyModel::data(index, Qt::DisplayRole).toString();
        for (const QString& term : m_terms)
            if (text.contains(term, Qt::CaseInsensitive)) {
                // The palette's highlight, faint: readable in light and dark palettes alike.
                QColor hit = QGuiApplication::palette().color(QPalette::Highlight);
                hit.setAlpha(70);
                return QBrush(hit);
            }
    }
    return QSortFilterProxyModel::data(index, role);
}

void FindingsProxy::setNewOnly(bool newOnly)
{
    if (newOnly == m_newOnly)
        return;
    m_newOnly = newOnly;
    invalidateFilter();
}

bool FindingsProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (m_newOnly && !sourceModel()->index(sourceRow, 0, sourceParent).data(FindingsModel::NewRole).toBool())
        return false;
    if (m_users &&
        !m_users->contains(
            sourceModel()->index(sourceRow, 0, sourceParent).data(FindingsModel::UserIdRole).toUInt()))
        return false;
    if (m_terms.isEmpty())
        return true;
    const QModelIndex row = sourceModel()->index(sourceRow, 0, sourceParent);
    const quint32 user = row.data(FindingsModel::UserIdRole).toUInt();
    if (user < m_passes.size() && m_passes[user] >= 0)
        return m_passes[user] != 0;
    ++m_textSearches;
    const QString haystack = row.data(FindingsModel::FilterRole).toString();
    bool passes = true;
    for (qsizetype i = 0; i < m_terms.size() && passes; ++i)
        passes = haystack.contains(m_terms[i], Qt::CaseInsensitive) ||
                 (std::size_t(i) < m_eventMatches.size() && m_eventMatches[std::size_t(i)].contains(user));
    if (user >= m_passes.size())
        m_passes.resize(std::size_t(user) + 1, -1);
    m_passes[user] = passes ? 1 : 0;
    return passes;
}

} // namespace tw
