// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/windowfit.h"

#include <QGuiApplication>
#include <QScreen>
#include <QWidget>

namespace tw {

QSize firstRunSize(QSize wanted, QRect available)
{
    if (available.isEmpty())
        return wanted;
    return wanted.boundedTo(QSize(available.width() * 9 / 10, available.height() * 9 / 10));
}

QRect fitIntoScreen(QRect geometry, QRect available)
{
    if (available.isEmpty() || geometry.isEmpty())
        return geometry;
    QRect out(geometry.topLeft(), geometry.size().boundedTo(available.size()));
    if (out.right() > available.right())
        out.moveRight(available.right());
    if (out.bottom() > available.bottom())
        out.moveBottom(available.bottom());
    if (out.left() < available.left())
        out.moveLeft(available.left());
    if (out.top() < available.top())
        out.moveTop(available.top());
    return out;
}

void fitToScreen(QWidget* window)
{
    QScreen* screen = window->screen() ? window->screen() : QGuiApplication::primaryScreen();
    if (!screen)
        return;
    const QRect available = screen->availableGeometry();
    // The frame (title bar, borders) counts against the screen too; before the first show it is
    // unknown and taken as none.
    const QMargins frame(window->geometry().left() - window->frameGeometry().left(),
                         window->geometry().top() - window->frameGeometry().top(),
                         window->frameGeometry().right() - window->geometry().right(),
                         window->frameGeometry().bottom() - window->geometry().bottom());
    const QRect fitted = fitIntoScreen(window->geometry(), available.marginsRemoved(frame));
    if (fitted != window->geometry())
        window->setGeometry(fitted);
}

} // namespace tw
