// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QVariant>

namespace tw {

// Every string a log record supplies is attacker-controlled. Item views show DisplayRole text as
// it is, so a bidi override can make "admin<U+202E>gnp.exe" read as another name; and Qt renders
// a tooltip as HTML whenever it looks like markup, so a user name "<img src=...>" would be drawn.
// Models pass their DisplayRole and ToolTipRole values through this: display text gets the
// invisible characters made visible ("[U+202E]"), tooltips become escaped HTML (line breaks kept).
// Other roles, SortRole included, are returned unchanged.
QVariant safeItemText(int role, const QVariant& value);

// A tooltip that quotes log text outside a model (a tree item's, an action's): its invisible
// characters made visible (line breaks too) and escaped as HTML, as safeItemText()'s ToolTipRole.
// Plain text would not do: QToolTip renders any text that Qt::mightBeRichText() takes for markup
// ("<img src=x>" in a user agent).
QString safeToolTip(const QString& text);

} // namespace tw
