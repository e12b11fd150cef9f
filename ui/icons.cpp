// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/icons.h"

#include <QFile>
#include <QPainter>
#include <QPixmap>
#include <QSvgRenderer>

using namespace Qt::StringLiterals;

namespace tw {

namespace {

QPixmap render(const QByteArray& svg, const QColor& color, int size, qreal dpr)
{
    QByteArray coloured = svg;
    coloured.replace("#000000", color.name(QColor::HexRgb).toLatin1());
    QSvgRenderer renderer(coloured);
    QPixmap pixmap(QSize(size, size) * dpr);
    pixmap.fill(Qt::transparent);
    if (renderer.isValid()) {
        QPainter painter(&pixmap);
        renderer.render(&painter);
    }
    pixmap.setDevicePixelRatio(dpr);
    return pixmap;
}

} // namespace

QIcon bundledIcon(const QString& bundled, const QPalette& palette)
{
    QFile file(u":/trailwarden/icons/"_s + bundled + u".svg"_s);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray svg = file.readAll();
    QIcon icon;
    // Drawn at the sizes toolbars use, for 100% and 200% scaling; Qt scales between them.
    for (int size : {16, 22, 24, 32, 48})
        for (qreal dpr : {1.0, 2.0}) {
            icon.addPixmap(render(svg, palette.color(QPalette::Active, QPalette::ButtonText), size, dpr),
                           QIcon::Normal);
            icon.addPixmap(render(svg, palette.color(QPalette::Disabled, QPalette::ButtonText), size, dpr),
                           QIcon::Disabled);
        }
    return icon;
}

QIcon toolbarIcon(const QString& themeName, const QString& bundled, const QPalette& palette)
{
    if (QIcon::hasThemeIcon(themeName))
        return QIcon::fromTheme(themeName);
    return bundledIcon(bundled, palette);
}

} // namespace tw
