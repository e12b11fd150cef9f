// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/common/invisible.h"

#include <QString>
#include <QStringView>

namespace tw {

// Escaping for reports. Every field of a log record is attacker-controlled, so every value a report
// shows goes through one of these; the writers never put log text into their output any other way.
namespace ReportText {

// One definition of what cannot be seen, shared with the approved list (core/common/invisible.h).
using tw::hasInvisible;
using tw::isInvisible;

// Makes every invisible code point (isInvisible) visible as "[U+202E]" ("[U+E0041]" outside the BMP).
// A user name like "admin<U+202E>gnp.exe" or "admin" + TAG characters would otherwise read as
// another name in a report or the window, and an escape sequence (newlines and tabs included: a log
// value is one line) would move the cursor or recolour a terminal. Lone surrogates become U+FFFD.
QString visible(QStringView text);

// visible(), then escaped for HTML text and for quoted attribute values alike (& < > " ').
QString html(QStringView text);

// visible(), then escaped for inline Markdown (CommonMark/GFM), including table cells: markup,
// links, HTML, code spans and the pipe that would split a table cell.
QString markdown(QStringView text);

// A CSV cell that a spreadsheet will not evaluate: visible(), then a cell that starts with
// '=', '+', '-', '@', tab or carriage return gets a leading single quote (OWASP's advice).
// Quoting for CSV itself is the CSV writer's job.
QString spreadsheetCell(QStringView text);
// Whether a spreadsheet would take a cell starting with this text as a formula.
bool startsFormula(QStringView text);

} // namespace ReportText

} // namespace tw
