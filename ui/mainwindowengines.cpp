// SPDX-License-Identifier: GPL-3.0-or-later
// The main window's part of the engine round trip: the detection exported as an engine query, the
// engine's answer imported into the same findings tables, and what stands in for the drill-down
// (an imported result has no raw events).

#include "ui/dialogs/enginequerydialog.h"
#include "ui/dialogs/splunktimezonedialog.h"
#include "ui/findingspage.h"
#include "ui/mainwindow.h"

#include "core/engines/engineresult.h"
#include "core/report/reportmanifest.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>

#include <algorithm>
#include <iterator>

using namespace Qt::StringLiterals;

namespace tw {

namespace {

// An engine result rather than a log: a CSV (logs are JSON), or JSON that holds Lake's
// QueryResultRows near its start.
bool isEngineResult(const QString& path)
{
    const QFileInfo info(path);
    if (!info.isFile())
        return false;
    if (info.suffix().compare(u"csv"_s, Qt::CaseInsensitive) == 0)
        return true;
    QFile f(path);
    return info.suffix().compare(u"json"_s, Qt::CaseInsensitive) == 0 && f.open(QIODevice::ReadOnly) &&
           f.read(4096).contains("\"QueryResultRows\"");
}

const QString kSplunkTimeZoneKey = u"engine/splunkTimeZone"_s;

bool isSplunkResult(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) && detectResultEngine(f.read(4096)) == Engine::Splunk;
}

} // namespace

void MainWindow::createEngineActions()
{
    m_exportEngineQueryAction = new QAction(tr("&Export Engine Query…"), this);
    m_exportEngineQueryAction->setToolTip(tr("The detection as an Athena, CloudTrail Lake, Security Lake or "
                                             "Splunk query, for logs too big for this "
                                             "machine"));
    connect(m_exportEngineQueryAction, &QAction::triggered, this, &MainWindow::exportEngineQuery);

    m_importEngineAction = new QAction(tr("Import Engine &Results…"), this);
    m_importEngineAction->setToolTip(
        tr("An Athena result CSV, CloudTrail Lake get-query-results JSON or Splunk "
           "CSV export of the exported query"));
    connect(m_importEngineAction, &QAction::triggered, this, &MainWindow::chooseEngineResults);

    m_copyEngineQueryAction = new QAction(tr("Copy &Query for This User's Events"), this);
    m_copyEngineQueryAction->setToolTip(
        tr("An imported result has no raw events: this query lists them in the engine"));
    m_copyEngineQueryAction->setVisible(false);
    connect(m_copyEngineQueryAction, &QAction::triggered, this, &MainWindow::copyUserEventsQuery);

    m_engineBanner = new QLabel;
    m_engineBanner->setObjectName(u"engineBanner"_s);
    m_engineBanner->setTextFormat(Qt::PlainText); // file names are the user's: never markup
    m_engineBanner->setWordWrap(true);
    m_engineBanner->setAutoFillBackground(true);
    m_engineBanner->setBackgroundRole(QPalette::ToolTipBase);
    m_engineBanner->setForegroundRole(QPalette::ToolTipText);
    m_engineBanner->setContentsMargins(8, 6, 8, 6);
    m_engineBanner->hide();
    m_findingsPage->addBanner(m_engineBanner);
    // Hidden unless the findings are imported (updateEngineBanner).
    m_findingsPage->addFindingsContextAction(m_copyEngineQueryAction);
    m_findingsPage->addEventsAction(m_copyEngineQueryAction);
    m_findingsPage->setImportedEventsAction(m_copyEngineQueryAction);
}

void MainWindow::exportEngineQuery()
{
    // Approvals past their `expires` no longer exclude, so they are not embedded either.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QStringList approved;
    for (const IdentityEntry& e : m_session.approvedList().entries)
        if (!e.expiresAt.isValid() || e.expiresAt > now)
            approved << e.identity;
    const auto sha = [](const QString& path) {
        return path.isEmpty() ? QString() : QString::fromLatin1(sha256OfFile(path));
    };
    EngineQueryDialog dialog(m_session.rules(), approved, m_session.identityList().identities,
                             sha(m_session.approvedPath()), sha(m_session.identityPath()), this);
    dialog.exec();
    const QueryOptions o = dialog.options();
    QSettings s;
    s.setValue(u"engine/database"_s, o.database);
    s.setValue(u"engine/table"_s, o.engine == Engine::Lake ? s.value(u"engine/table"_s).toString() : o.table);
    if (o.engine == Engine::Lake)
        s.setValue(u"engine/eds"_s, o.eventDataStore);
}

void MainWindow::chooseEngineResults()
{
    const QStringList paths = QFileDialog::getOpenFileNames(
        this, tr("Import Engine Results"), m_dataFolder, tr("Engine results (*.csv *.json);;All files (*)"));
    if (!paths.isEmpty())
        importEngineResults(paths);
}

bool MainWindow::importIfEngineResults(const QStringList& paths)
{
    if (paths.isEmpty() || !std::all_of(paths.begin(), paths.end(), isEngineResult))
        return false;
    importEngineResults(paths);
    return true;
}

void MainWindow::importEngineResults(const QStringList& paths)
{
    QStringList absolute;
    for (const QString& p : paths)
        absolute << QFileInfo(p).absoluteFilePath();
    // A Splunk export's times are in the searching user's zone, which the file does not name: asked
    // for (the last answer proposed), never assumed; the banner states it afterwards.
    EngineImportOptions options;
    m_importedTimeZone.clear();
    QStringList splunk;
    std::copy_if(absolute.begin(), absolute.end(), std::back_inserter(splunk), isSplunkResult);
    if (!splunk.isEmpty()) {
        QSettings s;
        SplunkTimeZoneDialog dialog(
            splunk, QTimeZone(s.value(kSplunkTimeZoneKey, u"UTC"_s).toString().toUtf8()), this);
        if (dialog.exec() != QDialog::Accepted) {
            showStatus(tr("Import cancelled: the time zone of the Splunk export was not given."));
            return;
        }
        options.splunkTimeZone = dialog.timeZone();
        m_importedTimeZone = QString::fromUtf8(options.splunkTimeZone.id());
        s.setValue(kSplunkTimeZoneKey, m_importedTimeZone);
    }
    // The import replaces the logs: a reload would read the logs again, not the result.
    m_paths.clear();
    m_selectFirstAfterLoad = true;
    m_userToReselect.clear();
    m_titleBase = QFileInfo(absolute.first()).fileName();
    updateTitle();
    m_session.importResults(absolute, options);
}

void MainWindow::updateEngineBanner()
{
    const auto imported = m_session.imported();
    m_engineBanner->setVisible(imported != nullptr);
    m_copyEngineQueryAction->setVisible(imported != nullptr);
    m_findingsPage->copyJsonAction()->setVisible(imported == nullptr);
    if (!imported)
        return;
    const QString zone = imported->engine == Engine::Splunk && !m_importedTimeZone.isEmpty()
                             ? tr("Splunk's times read as %1. ").arg(m_importedTimeZone)
                             : QString();
    // The way to a user's events is the button on the panel under the table (and the context
    // menu): saying it here too took a line from the table on a small screen.
    m_engineBanner->setText(imported->describe() + u". "_s + zone +
                            tr("Approving, suppressing and reports work as usual."));
}

void MainWindow::copyUserEventsQuery()
{
    const auto imported = m_session.imported();
    const QStringList users = m_findingsPage->selectedUsers();
    if (!imported || users.isEmpty())
        return;
    const QSettings s;
    QueryOptions o;
    o.engine = imported->engine;
    o.rules = imported->rules;
    if (imported->header)
        o.window = imported->header->window;
    o.database = s.value(u"engine/database"_s, u"default"_s).toString();
    o.table = s.value(u"engine/table"_s, u"cloudtrail_logs_pp"_s).toString();
    o.eventDataStore = s.value(u"engine/eds"_s, u"EVENT_DATA_STORE_ID"_s).toString();
    const QString query = renderUserEventsQuery(o, users.first());
    if (query.isEmpty()) {
        showStatus(tr("No query: export an engine query first to set the table."));
        return;
    }
    QApplication::clipboard()->setText(query);
    showStatus(
        tr("Copied the %1 query for the events of %2.").arg(engineDisplayName(o.engine), users.first()));
}

} // namespace tw
