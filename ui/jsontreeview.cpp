// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/jsontreeview.h"

#include "core/report/reporttext.h"
#include "ui/safetext.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QRegularExpression>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace tw {

using namespace Qt::StringLiterals;

namespace {

// A container's JSON for copying, as the record has it (compact, one line).
constexpr int kJsonRole = JsonTreeView::RawValueRole + 1;

QString scalarText(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Bool:
        return v.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Double: {
        // Integers as integers (account IDs, ports); the rest as JSON writes them.
        const QJsonArray one{v};
        const QByteArray json = QJsonDocument(one).toJson(QJsonDocument::Compact);
        return QString::fromUtf8(json.mid(1, json.size() - 2));
    }
    default:
        return {};
    }
}

} // namespace

JsonTreeView::JsonTreeView(QWidget* parent)
    : QWidget(parent)
{
    m_tree = new QTreeWidget;
    m_tree->setObjectName(u"jsonTree"_s);
    m_tree->setAccessibleName(tr("Raw event as a tree"));
    m_tree->setColumnCount(ColumnCount);
    m_tree->setHeaderLabels({tr("Field"), tr("Value")});
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setTextElideMode(Qt::ElideRight);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setColumnWidth(Key, 170);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_tree, &QWidget::customContextMenuRequested, this, &JsonTreeView::contextMenu);

    m_copyValueAction = new QAction(QIcon::fromTheme(u"edit-copy"_s), tr("Copy &Value"), this);
    m_copyValueAction->setShortcut(QKeySequence::Copy);
    m_copyValueAction->setShortcutContext(Qt::WidgetShortcut);
    connect(m_copyValueAction, &QAction::triggered, this, &JsonTreeView::copyValue);
    m_tree->addAction(m_copyValueAction);
    m_copyPathAction = new QAction(tr("Copy &Path"), this);
    connect(m_copyPathAction, &QAction::triggered, this, &JsonTreeView::copyPath);
    m_filterAction = new QAction(tr("&Filter Events on This Value"), this);
    connect(m_filterAction, &QAction::triggered, this, [this] {
        const QTreeWidgetItem* item = m_tree->currentItem();
        if (item && m_filterable.contains(item->data(Key, PathRole).toString()))
            Q_EMIT filterRequested(item->data(Key, PathRole).toString(),
                                   item->data(Value, RawValueRole).toString());
    });

    m_find = new QLineEdit;
    m_find->setObjectName(u"jsonFind"_s);
    m_find->setClearButtonEnabled(true);
    m_find->setPlaceholderText(tr("Find in the event (Enter: next)"));
    m_find->setAccessibleName(tr("Find in the raw event"));
    connect(m_find, &QLineEdit::textChanged, this, &JsonTreeView::find);
    connect(m_find, &QLineEdit::returnPressed, this, &JsonTreeView::findNext);
    m_findStatus = new QLabel;
    m_findStatus->setTextFormat(Qt::PlainText);

    auto* findRow = new QHBoxLayout;
    findRow->setContentsMargins(0, 0, 0, 0);
    findRow->addWidget(m_find, 1);
    findRow->addWidget(m_findStatus);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(findRow);
    layout->addWidget(m_tree);
}

QString JsonTreeView::childPath(const QString& parent, const QString& key)
{
    static const QRegularExpression plain(u"^[A-Za-z_$][A-Za-z0-9_$]*$"_s);
    if (plain.match(key).hasMatch())
        return parent.isEmpty() ? key : parent + u'.' + key;
    const QJsonArray one{key};
    const QByteArray quoted = QJsonDocument(one).toJson(QJsonDocument::Compact);
    return parent + u'[' + QString::fromUtf8(quoted.mid(1, quoted.size() - 2)) + u']';
}

QString JsonTreeView::childPath(const QString& parent, int arrayIndex)
{
    return parent + u'[' + QString::number(arrayIndex) + u']';
}

void JsonTreeView::setDocument(const QJsonDocument& doc)
{
    m_tree->clear();
    m_matches.clear();
    m_currentMatch = -1;
    m_tree->setUpdatesEnabled(false);
    const QJsonValue root = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    // The record's fields; nested objects open on demand (or when find reaches into them).
    addChildren(m_tree->invisibleRootItem(), QString(), root);
    m_tree->setUpdatesEnabled(true);
    find(m_find->text());
}

void JsonTreeView::clear()
{
    m_tree->clear();
    m_matches.clear();
    m_currentMatch = -1;
    m_findStatus->clear();
}

void JsonTreeView::addChildren(QTreeWidgetItem* parent, const QString& path, const QJsonValue& value)
{
    const auto add = [this, parent](const QString& key, const QString& childPath, const QJsonValue& v) {
        auto* item = new QTreeWidgetItem(parent);
        item->setText(Key, ReportText::visible(key));
        item->setData(Key, PathRole, childPath);
        item->setToolTip(Key, safeToolTip(childPath));
        if (v.isObject() || v.isArray()) {
            const qsizetype n = v.isObject() ? v.toObject().size() : v.toArray().size();
            item->setText(Value, v.isObject() ? tr("{%n field(s)}", nullptr, int(n))
                                              : tr("[%n item(s)]", nullptr, int(n)));
            item->setForeground(Value, m_tree->palette().brush(QPalette::PlaceholderText));
            item->setData(Value, kJsonRole, QVariant::fromValue(v));
            addChildren(item, childPath, v);
        } else {
            const QString raw = scalarText(v);
            item->setText(Value, ReportText::visible(raw));
            item->setToolTip(Value, safeToolTip(raw));
            item->setData(Value, RawValueRole, raw);
        }
    };
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            add(it.key(), childPath(path, it.key()), it.value());
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (int i = 0; i < array.size(); ++i)
            add(u'[' + QString::number(i) + u']', childPath(path, i), array.at(i));
    }
}

void JsonTreeView::find(const QString& text)
{
    for (QTreeWidgetItem* item : std::as_const(m_matches))
        for (int c = 0; c < ColumnCount; ++c) {
            item->setBackground(c, QBrush());
            item->setForeground(c, QBrush());
        }
    m_matches.clear();
    m_currentMatch = -1;
    if (text.isEmpty()) {
        m_findStatus->clear();
        return;
    }
    // A fixed marker colour with dark text: readable in the light and the dark palette alike.
    const QBrush mark(QColor(0xff, 0xd8, 0x4d));
    const QBrush ink(Qt::black);
    for (QTreeWidgetItemIterator it(m_tree); *it; ++it) {
        QTreeWidgetItem* item = *it;
        bool hit = false;
        for (int c = 0; c < ColumnCount; ++c) {
            const bool container = c == Value && item->childCount() > 0;
            if (!container && item->text(c).contains(text, Qt::CaseInsensitive)) {
                item->setBackground(c, mark);
                item->setForeground(c, ink);
                hit = true;
            }
        }
        if (!hit)
            continue;
        m_matches.append(item);
        for (QTreeWidgetItem* p = item->parent(); p; p = p->parent())
            p->setExpanded(true);
    }
    m_findStatus->setText(m_matches.isEmpty() ? tr("no match")
                                              : tr("%n match(es)", nullptr, int(m_matches.size())));
    if (!m_matches.isEmpty())
        findNext();
}

void JsonTreeView::findNext()
{
    if (m_matches.isEmpty())
        return;
    m_currentMatch = int((m_currentMatch + 1) % m_matches.size());
    QTreeWidgetItem* item = m_matches.at(m_currentMatch);
    m_tree->setCurrentItem(item);
    m_tree->scrollToItem(item);
}

void JsonTreeView::contextMenu(const QPoint& pos)
{
    QTreeWidgetItem* item = m_tree->itemAt(pos);
    if (!item)
        return;
    m_tree->setCurrentItem(item);
    const bool scalar = item->childCount() == 0;
    m_filterAction->setEnabled(scalar && m_filterable.contains(item->data(Key, PathRole).toString()));
    m_filterAction->setToolTip(m_filterAction->isEnabled()
                                   ? QString()
                                   : tr("Only fields that are columns of the events table can filter it"));
    QMenu menu(this);
    menu.setToolTipsVisible(true);
    menu.addAction(m_copyValueAction);
    menu.addAction(m_copyPathAction);
    menu.addSeparator();
    menu.addAction(m_filterAction);
    menu.exec(m_tree->viewport()->mapToGlobal(pos));
}

void JsonTreeView::copyValue()
{
    const QTreeWidgetItem* item = m_tree->currentItem();
    if (!item)
        return;
    const QVariant json = item->data(Value, kJsonRole);
    if (json.isValid()) {
        const QJsonValue v = json.value<QJsonValue>();
        const QJsonDocument doc = v.isObject() ? QJsonDocument(v.toObject()) : QJsonDocument(v.toArray());
        QApplication::clipboard()->setText(QString::fromUtf8(doc.toJson(QJsonDocument::Compact)));
    } else {
        QApplication::clipboard()->setText(item->data(Value, RawValueRole).toString());
    }
}

void JsonTreeView::copyPath()
{
    if (const QTreeWidgetItem* item = m_tree->currentItem())
        QApplication::clipboard()->setText(item->data(Key, PathRole).toString());
}

} // namespace tw
