// SPDX-License-Identifier: GPL-3.0-or-later
// File ▸ Account Aliases of MainWindow: the names shown beside 12-digit account ids, chosen or
// cleared here, remembered per data folder (QSettings, like the lists), their problems in Load
// Problems. The pages follow AnalysisSession::accountAliasesChanged themselves.

#include "ui/mainwindow.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>

using namespace Qt::StringLiterals;

namespace tw {

void MainWindow::createAliasActions()
{
    m_chooseAliasesAction = new QAction(tr("Account A&liases…"), this);
    m_chooseAliasesAction->setObjectName(u"chooseAliasesAction"_s);
    m_chooseAliasesAction->setToolTip(
        tr("Choose a CSV (account_id,name) whose names are shown beside the 12-digit account ids; "
           "they never change what is detected"));
    connect(m_chooseAliasesAction, &QAction::triggered, this, &MainWindow::chooseAccountAliases);
    m_clearAliasesAction = new QAction(tr("Clear Account Aliases"), this);
    m_clearAliasesAction->setObjectName(u"clearAliasesAction"_s);
    m_clearAliasesAction->setEnabled(false);
    connect(m_clearAliasesAction, &QAction::triggered, this, [this] { setAccountAliasesPath({}); });
    // Beside the lists, before the separator that follows them.
    const QList<QAction*> file = m_fileMenu->actions();
    const qsizetype at = file.indexOf(m_chooseIdentityAction);
    QAction* before = at >= 0 && at + 1 < file.size() ? file.at(at + 1) : nullptr;
    m_fileMenu->insertActions(before, {m_chooseAliasesAction, m_clearAliasesAction});
    connect(&m_session, &AnalysisSession::accountAliasesChanged, this, [this] {
        m_clearAliasesAction->setEnabled(!m_session.accountAliasesPath().isEmpty());
        onLookupProblemsChanged();
    });
}

void MainWindow::chooseAccountAliases()
{
    const QString current = m_session.accountAliasesPath();
    const QString path = m_aliasesPrompt
                             ? m_aliasesPrompt()
                             : QFileDialog::getOpenFileName(this, tr("Choose the Account Aliases CSV"),
                                                            current.isEmpty() ? m_dataFolder : current,
                                                            tr("CSV files (*.csv);;All files (*)"));
    if (!path.isEmpty())
        setAccountAliasesPath(path);
}

void MainWindow::setAccountAliasesPath(const QString& path)
{
    const QString absolute = path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
    m_session.setAccountAliasesPath(absolute);
    // Remembered even when it could not be read: the problem is listed, and a file fixed later is
    // used the next time the folder is opened.
    m_history.rememberAliases(m_dataFolder, absolute);
    const auto aliases = m_session.accountAliases();
    if (absolute.isEmpty())
        showStatus(tr("Account aliases cleared: account ids are shown alone"));
    else if (!aliases->ok())
        showStatus(tr("Account aliases not used: %1").arg(aliases->error()));
    else
        showStatus(tr("%n account name(s) from %1", nullptr, int(aliases->size()))
                       .arg(QDir::toNativeSeparators(absolute)));
}

void MainWindow::restoreAccountAliases(const QString& folder, bool firstData)
{
    const std::optional<QString> remembered = m_history.aliasesFor(folder);
    if (!remembered && firstData && !m_session.accountAliasesPath().isEmpty()) {
        // Chosen before any data: they are this folder's.
        m_history.rememberAliases(folder, m_session.accountAliasesPath());
        return;
    }
    const QString path = remembered ? *remembered : DataFolderHistory::findAliasesNear(folder);
    if (path != m_session.accountAliasesPath())
        m_session.setAccountAliasesPath(path);
}

std::vector<LoadProblem> MainWindow::accountAliasProblems() const
{
    const auto aliases = m_session.accountAliases();
    const QString path = aliases->path();
    const auto problem = [&path](const QString& message) {
        // The messages start with the path: split it off for the problems' File column.
        return LoadProblem{path, message.startsWith(path + u": "_s) ? message.mid(path.size() + 2) : message};
    };
    std::vector<LoadProblem> out;
    if (!aliases->ok())
        out.push_back(problem(aliases->error()));
    for (const QString& p : aliases->problems())
        out.push_back(problem(p));
    return out;
}

} // namespace tw
