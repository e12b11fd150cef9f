// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QProxyStyle>

class QHeaderView;

namespace tw {

// Header sort arrows as in Excel, Timeline Explorer and Windows Explorer: ▲ while sorted ascending
// (smallest first), ▼ while sorted descending (largest first). QHeaderView asks for SortUp while
// sorted descending, and Fusion draws SortUp as ▲, so the Risk column's default descending sort
// showed ▲. Which way a style draws SortUp is its own business (styles disagree), so the style is
// asked once, by drawing the arrow off screen, and the flag is swapped only where it is drawn the
// wrong way. Everything else is the base style's.
class SortArrowStyle : public QProxyStyle
{
    Q_OBJECT
public:
    // base: owned by this style.
    explicit SortArrowStyle(QStyle* base);

    void drawPrimitive(PrimitiveElement element, const QStyleOption* option, QPainter* painter,
                       const QWidget* widget = nullptr) const override;

    // Which way style draws the header arrow for SortUp: true for ▲. Public for the tests.
    static bool drawsSortUpPointingUp(const QStyle* style);

private:
    bool m_swap = false;
};

// Gives header the arrows above, on top of the application's current style (one shared proxy,
// owned by the application).
void useSpreadsheetSortArrows(QHeaderView* header);

} // namespace tw
