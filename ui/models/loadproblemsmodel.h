// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/ingest/eventstore.h"

#include <QAbstractTableModel>

#include <vector>

namespace tw {

// Every input problem of the last load (file and reason), followed by the problems of the lookups.
// Plain value rows: the list is short and must outlive the store it came from. UI thread only.
class LoadProblemsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Path, Message, ColumnCount };
    Q_ENUM(Column)
    enum Role { SortRole = Qt::UserRole + 1 };
    Q_ENUM(Role)

    explicit LoadProblemsModel(QObject* parent = nullptr);

    void setLoadProblems(const std::vector<LoadProblem>& problems);
    void setLookupProblems(const std::vector<LoadProblem>& problems);
    int loadProblemCount() const { return static_cast<int>(m_load.size()); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    // data() before safeItemText(): log text as it is.
    QVariant unsafeData(const QModelIndex& index, int role) const;

    const LoadProblem& at(int row) const;

    std::vector<LoadProblem> m_load;
    std::vector<LoadProblem> m_lookup;
};

} // namespace tw
