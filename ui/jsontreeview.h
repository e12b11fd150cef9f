// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QJsonValue>
#include <QStringList>
#include <QWidget>

class QAction;
class QJsonDocument;
class QLabel;
class QLineEdit;
class QTreeWidget;
class QTreeWidgetItem;

namespace tw {

// One event's JSON as a tree (the AWS console's event view, Wireshark's packet details): key and
// value per row, expandable objects and arrays, a find box that highlights every key or value
// containing the text and expands to them, and a context menu to copy a value or its path
// (userIdentity.sessionContext.sessionIssuer.arn) or to filter the events on it. One record, so
// building the tree on the UI thread is bounded by the record's size, not the data set's.
//
// Keys and values come from a log: the tree shows them made visible (ReportText::visible), the
// copies give them as the record has them.
class JsonTreeView : public QWidget
{
    Q_OBJECT
public:
    enum Column { Key, Value, ColumnCount };
    enum Role {
        PathRole = Qt::UserRole + 1, // the dotted path of the item (QString)
        RawValueRole,                // a scalar's value as the record has it (QString), else null
    };

    explicit JsonTreeView(QWidget* parent = nullptr);

    void setDocument(const QJsonDocument& doc);
    void clear();

    // Paths whose values the events table can filter on; "Filter Events on This Value" is
    // enabled for these only.
    void setFilterablePaths(const QStringList& paths) { m_filterable = paths; }

    QTreeWidget* tree() const { return m_tree; }
    QLineEdit* findEdit() const { return m_find; }
    // Items matching the find text, in tree order.
    QList<QTreeWidgetItem*> matches() const { return m_matches; }

    // `a.b[2].c`; a key that is not a plain identifier is written ["key"] (JSON-quoted) so that a
    // path always reads back as the one field it names.
    static QString childPath(const QString& parent, const QString& key);
    static QString childPath(const QString& parent, int arrayIndex);

public Q_SLOTS:
    void find(const QString& text);
    void findNext();

Q_SIGNALS:
    void filterRequested(const QString& path, const QString& value);

private:
    void addChildren(QTreeWidgetItem* parent, const QString& path, const QJsonValue& value);
    void contextMenu(const QPoint& pos);
    void copyValue();
    void copyPath();

    QTreeWidget* m_tree = nullptr;
    QLineEdit* m_find = nullptr;
    QLabel* m_findStatus = nullptr;
    QAction* m_copyValueAction = nullptr;
    QAction* m_copyPathAction = nullptr;
    QAction* m_filterAction = nullptr;
    QStringList m_filterable;
    QList<QTreeWidgetItem*> m_matches;
    int m_currentMatch = -1;
};

} // namespace tw
