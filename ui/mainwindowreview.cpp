// SPDX-License-Identifier: GPL-3.0-or-later
// Triage in MainWindow: the review controller's actions in the Triage menu, the findings table's
// context menu and the Findings tab's shortcuts; the marks to the table; how many findings are new
// in the title and the status bar.

#include "ui/approvalcontroller.h"
#include "ui/findingspage.h"
#include "ui/mainwindow.h"
#include "ui/reviewcontroller.h"
#include "ui/viewhelpers.h"

#include <QAction>
#include <QDir>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>

using namespace Qt::StringLiterals;

namespace tw {

void MainWindow::createReview()
{
    m_review = new ReviewController(
        m_session, m_approvals->undoStack(), [this] { return m_findingsPage->selectedUsers(); }, this, this);
    m_review->setObjectName(u"reviewController"_s);
    connect(m_review, &ReviewController::statusMessage, this, &MainWindow::showStatus);
    connect(m_review, &ReviewController::marksChanged, this,
            [this](std::shared_ptr<const ReviewMarks> marks) {
                m_findingsPage->setReviewMarks(std::move(marks));
                updateTitle();
            });

    QMenu* triage = new QMenu(tr("&Triage"), this);
    triage->setObjectName(u"triageMenu"_s);
    menuBar()->insertMenu(m_helpMenu->menuAction(), triage);
    for (TriageStatus s :
         {TriageStatus::New, TriageStatus::Investigating, TriageStatus::Escalated, TriageStatus::Benign}) {
        QAction* a = m_review->statusAction(s);
        triage->addAction(a);
        m_findingsPage->addFindingsContextAction(a);
    }
    triage->addSeparator();
    triage->addAction(m_review->editAction());
    m_findingsPage->addFindingsContextAction(m_review->editAction());
    triage->addSeparator();
    triage->addAction(m_review->markReviewedAction());
    // The keys act on the findings' selection: only while the Findings tab has the focus (in the
    // Approved accounts tab they would change rows one cannot see).
    for (QAction* a :
         {m_review->statusAction(TriageStatus::New), m_review->statusAction(TriageStatus::Investigating),
          m_review->statusAction(TriageStatus::Escalated), m_review->statusAction(TriageStatus::Benign),
          m_review->editAction()}) {
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        m_findingsPage->addAction(a);
    }

    m_newLabel = new QLabel;
    m_newLabel->setObjectName(u"newSinceReviewLabel"_s);
    m_newLabel->hide();
    statusBar()->addPermanentWidget(m_newLabel);
}

void MainWindow::updateTitle()
{
    const auto marks = m_review ? m_review->marks() : nullptr;
    const std::size_t fresh = marks ? marks->newCount : 0;
    // How many findings are new since the last review, wherever the window is seen (a taskbar too).
    QString name = m_titleBase;
    if (fresh > 0)
        name = tr("%1 (%2 new)").arg(name.isEmpty() ? tr("Findings") : name, number(quint64(fresh)));
    setWindowTitle(name.isEmpty() ? tr("TrailWarden") : tr("%1 — TrailWarden").arg(name));
    if (m_newLabel) {
        m_newLabel->setVisible(marks != nullptr);
        // Short: the status bar is crowded at 200% scaling; the tooltip says the rest.
        m_newLabel->setText(tr("%1 new").arg(number(quint64(fresh))));
        m_newLabel->setToolTip(marks ? tr("%1 new since the last review (review file: %2)")
                                           .arg(count(quint64(fresh), tr("finding"), tr("findings")),
                                                QDir::toNativeSeparators(marks->path))
                                     : QString());
    }
}

} // namespace tw
