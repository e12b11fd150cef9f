// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QSet>
#include <QSortFilterProxyModel>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <vector>

namespace tw {

// The findings view's proxy: the filter box. A row passes when every whitespace-separated term
// occurs (case-insensitively) in the user, its class, identity types, accounts or API names, or
// (setEventMatches()) in a source IP, user agent or region of its events.
//
// It does not sort: sort() (the header) is passed on to the FindingsModel, which keeps its rows in
// the sort's order and sorts 100,000 findings on a worker (see there); the rows that pass keep the
// model's order.
class FindingsProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit FindingsProxy(QObject* parent = nullptr);

    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    void setSourceModel(QAbstractItemModel* model) override;
    // How many times a row's text was searched for the filter's terms (tests: a sort does not
    // search again).
    quint64 textSearches() const { return m_textSearches; }

    void setFilterText(const QString& text);
    QString filterText() const { return m_text; }
    // Only the findings of these users (string ids in the model's store), or every finding
    // (std::nullopt): what a pivot's "Findings with This Value" leaves. Combines with the text.
    void setUserFilter(std::optional<QSet<quint32>> users);
    bool hasUserFilter() const { return m_users.has_value(); }
    // Only the findings new since the last review (the "New (N)" chip). Combines with the rest.
    void setNewOnly(bool newOnly);
    bool newOnly() const { return m_newOnly; }
    // For each term of the filter text given with it, the users one of whose counted events holds
    // it in a field the row does not show (usersWithEventText()): such a row matches that term
    // too. Ignored once the text has changed.
    void setEventMatches(const QString& text, const std::vector<std::vector<std::uint32_t>>& users);
    QStringList terms() const { return m_terms; }

    // Cells that hold a term of the filter get a highlighted background (Qt::BackgroundRole).
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString m_text;
    QStringList m_terms;
    std::optional<QSet<quint32>> m_users;
    bool m_newOnly = false;
    std::vector<QSet<quint32>> m_eventMatches; // parallel to m_terms, or empty
    // Whether each user (string id) passes the filter's terms: -1 not known yet. The model's sort
    // is a layout change, after which the proxy filters every row again; 100,000 rows' text built
    // and searched again was a UI stall at every click on a header. Forgotten when the terms, the
    // event matches or any row's data change, and at a reset (other ids).
    mutable std::vector<std::int8_t> m_passes;
    mutable quint64 m_textSearches = 0;
};

} // namespace tw
