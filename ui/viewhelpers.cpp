// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/viewhelpers.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QTableView>
#include <QTimer>

namespace tw {

void setupTableView(QTableView* view)
{
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSortingEnabled(true);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->setTextElideMode(Qt::ElideRight);
    view->verticalHeader()->hide();
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setSectionsMovable(true);
    view->horizontalHeader()->setHighlightSections(false);
}

int columnWidthFor(const QTableView* view, QStringView sample)
{
    return view->fontMetrics().horizontalAdvance(sample.toString()) + 18;
}

QTimer* connectDebouncedFilter(QLineEdit* edit, std::function<void(const QString&)> apply)
{
    auto* timer = new QTimer(edit);
    timer->setSingleShot(true);
    timer->setInterval(kFilterDebounceMs);
    QObject::connect(edit, &QLineEdit::textChanged, timer, qOverload<>(&QTimer::start));
    QObject::connect(timer, &QTimer::timeout, edit,
                     [edit, apply = std::move(apply)] { apply(edit->text()); });
    return timer;
}

} // namespace tw
