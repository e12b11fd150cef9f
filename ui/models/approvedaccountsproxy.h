// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "ui/models/stablesortproxy.h"

#include <QStringList>

namespace tw {

// The "Approved accounts" tab's proxy: stable sort, the flag chips and the filter box. A row passes
// when it has one of the checked flags (no chip checked: any row) and every whitespace-separated
// term occurs in its identity, provenance or matched users.
class ApprovedAccountsProxy : public StableSortProxy
{
    Q_OBJECT
public:
    explicit ApprovedAccountsProxy(QObject* parent = nullptr);

    void setFlagMask(int flags);
    int flagMask() const { return m_flags; }
    void setFilterText(const QString& text);
    QString filterText() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    int m_flags = 0;
    QString m_text;
    QStringList m_terms;
};

} // namespace tw
