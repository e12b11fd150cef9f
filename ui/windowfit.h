// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QRect>
#include <QSize>

class QWidget;

namespace tw {

// Fitting the window on small or scaled screens (1920×1080 at 200% is 960×540 logical pixels).
// Pure functions over rectangles, so that they are tested without a screen of that size.

// The first start's size: `wanted`, but never more than 90% of the available screen.
QSize firstRunSize(QSize wanted, QRect available);

// A restored or saved geometry shrunk to the available screen and moved into it.
QRect fitIntoScreen(QRect geometry, QRect available);

// Applies fitIntoScreen() to a top-level window on its screen (or the primary screen).
void fitToScreen(QWidget* window);

} // namespace tw
