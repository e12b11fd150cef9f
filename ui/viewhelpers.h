// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QStringView>

#include <functional>

class QLineEdit;
class QTableView;
class QTimer;
class QString;

namespace tw {

// What every table of the window shares: whole-row selection, sorting, alternating rows, no word
// wrap, a hidden vertical header with fixed row heights (the view never asks every row for its
// size: the tables can be long), movable columns, the last one stretched.
void setupTableView(QTableView* view);

// The width of a column that shows sample (its widest typical value) in view's font, with room for
// the sort indicator and margins.
int columnWidthFor(const QTableView* view, QStringView sample);

// Typing must not re-filter a long table on every key stroke: apply(text) runs once the text of
// edit has not changed for kFilterDebounceMs. Returns the timer (owned by edit), which a caller
// may fire at once (QTimer::timeout) when it must not wait.
constexpr int kFilterDebounceMs = 250;
QTimer* connectDebouncedFilter(QLineEdit* edit, std::function<void(const QString&)> apply);

} // namespace tw
