// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QDialog>
#include <QList>

class QAction;
class QMenuBar;
class QTableWidget;

namespace tw {

// Help ▸ Keyboard Shortcuts: every action with a shortcut in the window's menus, with the menu it
// is in, its text (without the mnemonic '&') and its shortcuts in the platform's notation. Built
// from the actions when it opens, so it cannot drift from them. UI thread only.
class ShortcutsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ShortcutsDialog(const QMenuBar* menuBar, QWidget* parent = nullptr);

    QTableWidget* table() const { return m_table; }

    // An action's text as a reader sees it: "&Open Folder…" is "Open Folder…", "A && B" is "A & B".
    static QString plainText(const QString& text);

private:
    QTableWidget* m_table;
};

} // namespace tw
