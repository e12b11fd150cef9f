// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/dialogs/shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace tw {

namespace {

struct Row
{
    QString menu;
    QString action;
    QString keys;
};

void collect(const QMenu* menu, const QString& path, QList<Row>& rows)
{
    for (QAction* action : menu->actions()) {
        if (action->isSeparator())
            continue;
        if (QMenu* sub = action->menu()) {
            collect(sub, path + u" \u25b8 "_s + ShortcutsDialog::plainText(action->text()), rows);
            continue;
        }
        const QList<QKeySequence> shortcuts = action->shortcuts();
        if (shortcuts.isEmpty())
            continue;
        QStringList keys;
        for (const QKeySequence& key : shortcuts)
            keys << key.toString(QKeySequence::NativeText);
        rows.append({path, ShortcutsDialog::plainText(action->text()), keys.join(u", "_s)});
    }
}

} // namespace

QString ShortcutsDialog::plainText(const QString& text)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] == u'&') {
            if (i + 1 < text.size() && text[i + 1] == u'&')
                out += text[++i];
            continue;
        }
        out += text[i];
    }
    return out;
}

ShortcutsDialog::ShortcutsDialog(const QMenuBar* menuBar, QWidget* parent)
    : QDialog(parent)
    , m_table(new QTableWidget(this))
{
    setWindowTitle(tr("Keyboard Shortcuts"));
    QList<Row> rows;
    for (QAction* top : menuBar->actions())
        if (QMenu* menu = top->menu())
            collect(menu, plainText(top->text()), rows);

    m_table->setObjectName(u"shortcutsTable"_s);
    m_table->setColumnCount(3);
    m_table->setHorizontalHeaderLabels({tr("Action"), tr("Shortcut"), tr("Menu")});
    m_table->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        const Row& row = rows[r];
        // Plain items: an action's text may name a user (Undo Approve …), never markup.
        m_table->setItem(r, 0, new QTableWidgetItem(row.action));
        m_table->setItem(r, 1, new QTableWidgetItem(row.keys));
        m_table->setItem(r, 2, new QTableWidgetItem(row.menu));
    }
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setStretchLastSection(true);

    auto* note = new QLabel(tr("Shortcuts of the window work wherever the focus is, also in a filter box. "
                               "Esc clears the filter of the current tab."));
    note->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addWidget(note);
    layout->addWidget(buttons);
    resize(640, 560);
}

} // namespace tw
