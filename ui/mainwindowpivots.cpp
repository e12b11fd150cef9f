// SPDX-License-Identifier: GPL-3.0-or-later
// The pivots of MainWindow: the Events tab, the pivot actions in the drill-down's context menu, and
// the findings narrowed to a value.

#include "ui/findingspage.h"
#include "ui/mainwindow.h"
#include "ui/models/eventsmodel.h"
#include "ui/pivotpage.h"

#ifdef TRAILWARDEN_HAVE_CHARTS
#include "ui/activitytimeline.h"
#endif

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
#ifdef TRAILWARDEN_HAVE_CHARTS
    // The timeline shows what the tab in view shows: the pivot's events while Events with Value is
    // current, else the selected finding's. Charting them is the timeline's work (on its worker
    // when the store is large); the events themselves are the pivot's, shared, not searched again.
    if (auto* timeline = findChild<ActivityTimeline*>(u"activityTimeline"_s)) {
        const auto follow = [this, timeline] {
            const auto events = m_pivotPage->shownEvents();
            if (m_tabs->currentWidget() == m_pivotPage && events)
                timeline->setEventSet(ActivityTimeline::EventSet{m_pivotPage->eventsModel()->store(),
                                                                 m_pivotPage->shownDescription(), events});
            else
                timeline->setEventSet(std::nullopt);
        };
        connect(m_tabs, &QTabWidget::currentChanged, timeline, follow);
        connect(m_pivotPage, &PivotPage::eventsShown, timeline, follow);
        connect(&m_session, &AnalysisSession::accountAliasesChanged, timeline, follow);
    }
#endif
}

} // namespace tw
