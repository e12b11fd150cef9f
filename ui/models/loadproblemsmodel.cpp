// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/models/loadproblemsmodel.h"

#include "ui/safetext.h"

namespace tw {

LoadProblemsModel::LoadProblemsModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void LoadProblemsModel::setLoadProblems(const std::vector<LoadProblem>& problems)
{
    beginResetModel();
    m_load = problems;
    endResetModel();
}

void LoadProblemsModel::setLookupProblems(const std::vector<LoadProblem>& problems)
{
    beginResetModel();
    m_lookup = problems;
    endResetModel();
}

const LoadProblem& LoadProblemsModel::at(int row) const
{
    const auto r = static_cast<std::size_t>(row);
    return r < m_load.size() ? m_load[r] : m_lookup[r - m_load.size()];
}

int LoadProblemsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_load.size() + m_lookup.size());
}

int LoadProblemsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LoadProblemsModel::data(const QModelIndex& index, int role) const
{
    return safeItemText(role, unsafeData(index, role));
}

QVariant LoadProblemsModel::unsafeData(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole && role != SortRole)
        return {};
    const LoadProblem& p = at(index.row());
    return index.column() == Path ? p.path : p.message;
}

QVariant LoadProblemsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    return section == Path ? tr("File") : tr("Problem");
}

} // namespace tw
