// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QPalette>

namespace tw {

// A dark palette for --dark / TRAILWARDEN_DARK=1, used with the Fusion style: it proves the UI takes
// every colour from the palette (nothing hard-coded) and gives users of light desktops a dark option.
QPalette darkPalette();

} // namespace tw
