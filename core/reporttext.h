// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QString>
#include <QStringView>

namespace tw {

// Escaping for reports. Every field of a log record is attacker-controlled, so every value a report
// shows goes through one of these; the writers never put log text into their output any other way.
namespace ReportText {

// Makes characters that change how text is shown, rather than what it says, visible as "[U+202E]":
// C0 and C1 controls and DEL (newlines and tabs included: a log value is one line), bidi
// embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069), the directional marks
// (U+200E, U+200F, U+061C), zero-width characters (U+200B..U+200D, U+2060, U+FEFF) and the line and
// paragraph separators. A user name like "admin<U+202E>gnp.exe" would otherwise read as another
// name in a report, and an escape sequence would recolour a terminal. Lone surrogates become U+FFFD.
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
