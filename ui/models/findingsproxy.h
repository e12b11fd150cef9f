// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "ui/models/stablesortproxy.h"

#include <QStringList>

namespace tw {

// The findings view's proxy: stable sort plus the filter box. A row passes when every
// whitespace-separated term occurs (case-insensitively) in the user, its class or one of its API names.
class FindingsProxy : public StableSortProxy
{
    Q_OBJECT
public:
    explicit FindingsProxy(QObject* parent = nullptr);

    void setFilterText(const QString& text);
    QString filterText() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString m_text;
    QStringList m_terms;
};

} // namespace tw
