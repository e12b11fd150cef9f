// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/sortarrowstyle.h"

#include <QApplication>
#include <QHeaderView>
#include <QImage>
#include <QPainter>
#include <QPointer>
#include <QStyleFactory>
#include <QStyleOptionHeader>

#include <algorithm>

namespace tw {

SortArrowStyle::SortArrowStyle(QStyle* base)
    : QProxyStyle(base)
{
    m_swap = drawsSortUpPointingUp(baseStyle());
}

bool SortArrowStyle::drawsSortUpPointingUp(const QStyle* style)
{
    // The arrow alone on a transparent image: an upward arrow is wider at its base (its lower rows).
    constexpr int kSize = 32;
    QImage image(kSize, kSize, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QStyleOptionHeader option;
    option.rect = image.rect();
    option.palette = QApplication::palette();
    option.state = QStyle::State_Enabled | QStyle::State_Horizontal;
    option.orientation = Qt::Horizontal;
    option.sortIndicator = QStyleOptionHeader::SortUp;
    {
        QPainter painter(&image);
        style->drawPrimitive(QStyle::PE_IndicatorHeaderArrow, &option, &painter, nullptr);
    }
    QList<int> widths(kSize, 0);
    int top = -1, bottom = -1;
    for (int y = 0; y < kSize; ++y) {
        for (int x = 0; x < kSize; ++x)
            widths[y] += qAlpha(image.pixel(x, y)) > 0 ? 1 : 0;
        if (widths[y] > 0) {
            top = top < 0 ? y : top;
            bottom = y;
        }
    }
    if (top < 0 || bottom == top)
        return false; // a style that draws nothing gains nothing from swapping
    const int third = std::max(1, (bottom - top + 1) / 3);
    int upper = 0, lower = 0;
    for (int y = top; y < top + third; ++y)
        upper = std::max(upper, widths[y]);
    for (int y = bottom - third + 1; y <= bottom; ++y)
        lower = std::max(lower, widths[y]);
    return lower > upper;
}

void SortArrowStyle::drawPrimitive(PrimitiveElement element, const QStyleOption* option, QPainter* painter,
                                   const QWidget* widget) const
{
    if (element == PE_IndicatorHeaderArrow && m_swap)
        if (const auto* header = qstyleoption_cast<const QStyleOptionHeader*>(option)) {
            QStyleOptionHeader swapped(*header);
            if (header->sortIndicator == QStyleOptionHeader::SortUp)
                swapped.sortIndicator = QStyleOptionHeader::SortDown;
            else if (header->sortIndicator == QStyleOptionHeader::SortDown)
                swapped.sortIndicator = QStyleOptionHeader::SortUp;
            QProxyStyle::drawPrimitive(element, &swapped, painter, widget);
            return;
        }
    QProxyStyle::drawPrimitive(element, option, painter, widget);
}

void useSpreadsheetSortArrows(QHeaderView* header)
{
    // One proxy for the application's style of the moment: made anew if the application style was
    // replaced since (the dark palette sets Fusion before the window exists).
    static QPointer<SortArrowStyle> shared;
    static QString sharedFor;
    const QString name = QApplication::style()->name();
    if (!shared || sharedFor != name) {
        QStyle* base = QStyleFactory::create(name);
        if (!base)
            return; // a style that cannot be made again keeps its own arrows
        shared = new SortArrowStyle(base);
        shared->setParent(qApp);
        sharedFor = name;
    }
    header->setStyle(shared);
}

} // namespace tw
