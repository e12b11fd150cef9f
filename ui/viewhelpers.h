// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QList>
#include <QString>
#include <QStringView>

#include <functional>

class QAction;
class QLineEdit;
class QTableView;
class QTimer;

namespace tw {

// What every table of the window shares: whole-row selection, sorting (with the sort arrows of
// spreadsheets: SortArrowStyle), alternating rows, no word wrap, a hidden vertical header with
// fixed row heights (the view never asks every row for its size: the tables can be long), movable
// columns, the last one stretched. Also what analysts expect of every table (TLE, Wireshark): a
// column chooser in the header's context menu (hidden columns are part of the header state the
// callers save), Ctrl+C copying the selected rows with their headers as TSV, "Copy as CSV" and
// Ctrl+Alt+C copying the current cell (tableCopyActions).
// The view shows these actions as its context menu unless the caller sets a custom one, which
// then adds tableCopyActions(view) itself.
void setupTableView(QTableView* view);

// The copy actions setupTableView() put on view: rows as TSV (Ctrl+C), rows as CSV, the current
// cell (Ctrl+Alt+C). Empty for a view that setupTableView() did not set up.
QList<QAction*> tableCopyActions(const QTableView* view);

enum class TableCopyFormat { Tsv, Csv };
// The selected rows of view (in view order, the visible columns in their on-screen order) with a
// header line. Every value is made visible and formula-safe like the CSV report
// (ReportText::spreadsheetCell): it comes from a log and may be pasted into a spreadsheet. CSV is
// quoted like the approved list (CsvTable::encodeRecord); TSV needs no quoting because no value
// keeps a tab or a line break.
QString selectedRowsText(const QTableView* view, TableCopyFormat format);

// The width of a column that shows sample (its widest typical value) in view's font, with room for
// the sort indicator and margins.
int columnWidthFor(const QTableView* view, QStringView sample);

// Typing must not re-filter a long table on every key stroke: apply(text) runs once the text of
// edit has not changed for kFilterDebounceMs. Returns the timer (owned by edit), which a caller
// may fire at once (QTimer::timeout) when it must not wait.
constexpr int kFilterDebounceMs = 250;
QTimer* connectDebouncedFilter(QLineEdit* edit, std::function<void(const QString&)> apply);

// A line edit claims some window shortcuts for itself (Ctrl+Z undoes its text, Ctrl+E moves to the
// end of the line on X11): while edit has the focus, the shortcuts of actions go to the actions
// instead, so that Undo undoes the last approval wherever the focus is.
void preferWindowShortcuts(QLineEdit* edit, const QList<QAction*>& actions);

// A count as the analyst's locale writes it ("12,345").
QString number(quint64 n);

// "1 finding", "12,345 findings": English plurals without a translation catalogue (tr()'s %n needs
// one to pick the form).
QString count(quint64 n, const QString& one, const QString& many);

// A user name in a label or an action text: '&' would become a mnemonic.
QString escapeMnemonic(QString text);

} // namespace tw
