// SPDX-License-Identifier: GPL-3.0-or-later
// The workspace of MainWindow (File ▸ Save Workspace / Open Workspace): what is open and how it is
// shown, saved to and restored from one JSON file (ui/workspace); the last one reopens at start.

#include "ui/findingspage.h"
#include "ui/mainwindow.h"
#include "ui/models/eventsmodel.h"
#include "ui/workspace.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QTableView>

using namespace Qt::StringLiterals;

namespace tw {

namespace {

const QString kLastWorkspaceKey = u"workspace/last"_s;

QString workspaceFilter()
{
    return QObject::tr("TrailWarden workspaces (*.twworkspace);;JSON files (*.json);;All files (*)");
}

} // namespace

void MainWindow::createWorkspaceActions()
{
    auto* open = new QAction(tr("Open &Workspace…"), this);
    open->setObjectName(u"openWorkspaceAction"_s);
    open->setToolTip(
        tr("Open a saved workspace: its data, lists, account aliases, rules, filters, sort, selection and "
           "columns"));
    connect(open, &QAction::triggered, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Open Workspace"), m_workspacePath, workspaceFilter());
        if (!path.isEmpty())
            openWorkspace(path);
    });
    auto* save = new QAction(tr("Sa&ve Workspace…"), this);
    save->setObjectName(u"saveWorkspaceAction"_s);
    save->setToolTip(tr("Save what is open and how it is shown, to reopen the same view later"));
    connect(save, &QAction::triggered, this, [this] {
        QString path = QFileDialog::getSaveFileName(
            this, tr("Save Workspace"),
            m_workspacePath.isEmpty() ? QDir::home().filePath(u"triage.twworkspace"_s) : m_workspacePath,
            workspaceFilter());
        if (!path.isEmpty())
            saveWorkspace(path);
    });
    // After Open Recent and the sample, before Reload.
    m_fileMenu->insertActions(m_reloadAction, {open, save});
    m_dataActions << save; // a workspace of nothing would reopen nothing
}

void MainWindow::workspaceError(const QString& title, const QString& what, const QString& reason)
{
    QMessageBox box(QMessageBox::Critical, title, what, QMessageBox::Ok, this);
    box.setObjectName(u"workspaceErrorBox"_s);
    box.setTextFormat(Qt::PlainText);
    box.setInformativeText(reason);
    box.exec();
}

bool MainWindow::saveWorkspace(const QString& path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    const QString native = QDir::toNativeSeparators(absolute);
    if (m_paths.isEmpty()) {
        workspaceError(tr("Workspace Not Saved"), tr("%1 was not written.").arg(native),
                       tr("No data is open: a workspace names the data it shows. Open a folder first."));
        return false;
    }
    Workspace w;
    w.dataPaths = m_paths;
    w.approved = m_session.approvedPath();
    w.identities = m_session.identityPath();
    w.aliases = m_session.accountAliasesPath();
    w.rules = m_session.rules() == RuleSet::Legacy ? u"legacy"_s : u"ta7"_s;
    w.localTime = m_localTimeAction->isChecked();
    w.filter = m_findingsPage->filterEdit()->text();
    w.eventsFilter = m_findingsPage->eventsFilterEdit()->text();
    w.selection = m_findingsPage->selectedUsers();
    w.current = m_findingsPage->currentUserId();
    w.findingsHeader = m_findingsPage->findingsView()->horizontalHeader()->saveState();
    w.eventsHeader = m_findingsPage->eventsView()->horizontalHeader()->saveState();
    QString error;
    if (!writeWorkspace(absolute, w, &error)) {
        workspaceError(tr("Workspace Not Saved"), tr("%1 was not written.").arg(native), error);
        return false;
    }
    m_workspacePath = absolute;
    QSettings().setValue(kLastWorkspaceKey, absolute);
    showStatus(tr("Saved the workspace %1").arg(native));
    return true;
}

bool MainWindow::openWorkspace(const QString& path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QString error;
    const std::optional<Workspace> w = readWorkspace(absolute, &error);
    if (!w) {
        workspaceError(tr("Workspace Not Opened"),
                       tr("The workspace %1 cannot be opened.").arg(QDir::toNativeSeparators(absolute)),
                       error);
        return false;
    }
    m_workspacePath = absolute;
    QSettings().setValue(kLastWorkspaceKey, absolute);

    setRules(w->rules == u"legacy" ? RuleSet::Legacy : RuleSet::Ta7);
    m_localTimeAction->setChecked(w->localTime);
    // The view first: the sort and columns are in place when the rows arrive.
    QTableView* findings = m_findingsPage->findingsView();
    if (findings->horizontalHeader()->restoreState(w->findingsHeader)) {
        findings->sortByColumn(findings->horizontalHeader()->sortIndicatorSection(),
                               findings->horizontalHeader()->sortIndicatorOrder());
        m_findingsPage->keepColumnWidths();
    }
    QTableView* events = m_findingsPage->eventsView();
    if (events->horizontalHeader()->restoreState(w->eventsHeader)) {
        events->sortByColumn(events->horizontalHeader()->sortIndicatorSection(),
                             events->horizontalHeader()->sortIndicatorOrder());
        events->setColumnHidden(EventsModel::User, true); // the drill-down is of one user
    }
    m_findingsPage->setFilterText(w->filter);
    m_findingsPage->setEventsFilterText(w->eventsFilter);

    // The data, then its lists and aliases (so that the ones remembered for the folder do not
    // replace them).
    openPaths(w->dataPaths);
    if (w->approved != m_session.approvedPath())
        setApprovedPath(w->approved);
    if (w->identities != m_session.identityPath())
        setIdentityPath(w->identities);
    if (w->aliases && *w->aliases != m_session.accountAliasesPath())
        setAccountAliasesPath(*w->aliases);
    m_userToReselect = w->current;
    connect(
        this, &MainWindow::loadCompleted, this,
        [this, selection = w->selection, current = w->current](bool cancelled) {
            if (!cancelled)
                m_findingsPage->selectUsers(selection, current);
        },
        Qt::SingleShotConnection);
    showStatus(tr("Opened the workspace %1").arg(QDir::toNativeSeparators(absolute)));
    return true;
}

bool MainWindow::reopenLastWorkspace()
{
    const QString last = QSettings().value(kLastWorkspaceKey).toString();
    if (last.isEmpty() || !QFileInfo::exists(last))
        return false;
    return openWorkspace(last);
}

} // namespace tw
