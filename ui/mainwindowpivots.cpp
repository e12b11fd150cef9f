// SPDX-License-Identifier: GPL-3.0-or-later
// The pivots of MainWindow: the Events tab, the pivot actions in the drill-down's context menu, and
// the findings narrowed to a value.

#include "ui/findingspage.h"
#include "ui/mainwindow.h"
#include "ui/pivotpage.h"

#include <QMenu>
#include <QTabWidget>

using namespace Qt::StringLiterals;

namespace tw {

void MainWindow::createPivotTab()
{
    m_pivotPage = new PivotPage(m_session);
    m_tabs->addTab(m_pivotPage, tr("Events with Value"));
    connect(m_findingsPage, &FindingsPage::eventsMenuRequested, m_pivotPage, &PivotPage::addPivotActions);
    connect(m_pivotPage, &PivotPage::showRequested, this, [this] { m_tabs->setCurrentWidget(m_pivotPage); });
    connect(m_pivotPage, &PivotPage::findingsFound, this,
            [this](const QString& description, const std::vector<std::uint32_t>& users) {
                m_findingsPage->showOnlyFindings(description, users);
                m_tabs->setCurrentWidget(m_findingsPage);
            });
    QAction* show = m_viewMenu->addAction(tr("&Events with Value"), this,
                                          [this] { m_tabs->setCurrentWidget(m_pivotPage); });
    show->setObjectName(u"showPivotTabAction"_s);
    m_dataActions << show;
}

} // namespace tw
