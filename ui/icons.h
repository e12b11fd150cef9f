// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QIcon>
#include <QPalette>
#include <QString>

namespace tw {

// A toolbar icon: the desktop's icon theme's `themeName` when it has one, else the one bundled with
// the program (resources/icons/`bundled`.svg, drawn in black), re-coloured to the palette's button
// text so that it reads on light and dark palettes alike. Never null for a bundled name: without an
// icon theme (a bare window manager, Windows, macOS) the toolbar is not text-only.
QIcon toolbarIcon(const QString& themeName, const QString& bundled, const QPalette& palette);

// The bundled icon alone, in the palette's colours (normal and disabled).
QIcon bundledIcon(const QString& bundled, const QPalette& palette);

} // namespace tw
