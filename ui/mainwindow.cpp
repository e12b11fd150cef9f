// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/mainwindow.h"

#include "core/detection/approvalscope.h"
#include "core/ingest/loader.h"
#include "core/report/reporttext.h"
#include "core/version.h"

#ifdef TRAILWARDEN_HAVE_CHARTS
#include "ui/activitytimeline.h"
#endif
#include "ui/approvalcontroller.h"
#include "ui/approvalguard.h"
#include "ui/approvedaccountspanel.h"
#include "ui/datafolderhistory.h"
#include "ui/dialogs/detectionhelpdialog.h"
#include "ui/dialogs/shortcutsdialog.h"
#include "ui/findingspage.h"
#include "ui/icons.h"
#include "ui/loadstatuswidget.h"
#include "ui/models/findingsmodel.h"
#include "ui/models/findingsproxy.h"
#include "ui/models/loadproblemsmodel.h"
#include "ui/models/stablesortproxy.h"
#include "ui/pivotpage.h"
#include "ui/reportexport.h"
#include "ui/rerunindicator.h"
#include "ui/reviewcontroller.h"
#include "ui/startpage.h"
#include "ui/timerangebar.h"
#include "ui/viewhelpers.h"
#include "ui/windowfit.h"
#include "ui/workerpool.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace tw {

namespace {

constexpr int kStatusTimeoutMs = 20000;

QString findings(quint64 n)
{
    return count(n, MainWindow::tr("finding"), MainWindow::tr("findings"));
}

// Every S3 export is called AWSLogs: the folder above it is what tells two data sets apart.
QString dataSetName(const QString& folder)
{
    const QFileInfo info(folder);
    const QString parent = info.dir().dirName();
    return parent.isEmpty() || info.dir().isRoot() ? info.fileName() : parent + u'/' + info.fileName();
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("TrailWarden"));
    setAcceptDrops(true);

    m_session.setWorkerPool(windowWorkers());
    m_approvals = new ApprovalController(m_session, this, this);

    m_problems = new LoadProblemsModel(this);
    // Before anything else follows the session's result: the findings table is updated first.
    m_findingsPage = new FindingsPage(m_session);
    connect(m_findingsPage->approveAction(), &QAction::triggered, this, &MainWindow::approveSelected);
    connect(m_findingsPage, &FindingsPage::selectionChanged, this, &MainWindow::updateActions);

    createActions();
    createMenus();
    createToolBar();
    m_stack = new QStackedWidget;
    m_startPage = new StartPage(!DataFolderHistory::sampleDir().isEmpty());
    connect(m_startPage, &StartPage::openFolderRequested, this, &MainWindow::chooseFolder);
    connect(m_startPage, &StartPage::openFilesRequested, this, &MainWindow::chooseFiles);
    connect(m_startPage, &StartPage::openSampleRequested, this, &MainWindow::openSample);
    m_dataPage = createDataPage();
    m_stack->addWidget(m_startPage);
    m_stack->addWidget(m_dataPage);
    setCentralWidget(m_stack);
    createStatusBar();
    createProblemsDock();

    connect(&m_session, &AnalysisSession::loadStarted, this, &MainWindow::onLoadStarted);
    connect(&m_session, &AnalysisSession::progressChanged, this, &MainWindow::onProgress);
    connect(&m_session, &AnalysisSession::loadFinished, this, &MainWindow::onLoadFinished);
    connect(&m_session, &AnalysisSession::resultChanged, this, &MainWindow::onResultChanged);
    connect(m_approvals, &ApprovalController::statusMessage, this, &MainWindow::showStatus);
    connect(m_approvals, &ApprovalController::lookupProblemsChanged, this,
            &MainWindow::onLookupProblemsChanged);
    connect(m_approvals, &ApprovalController::listChanged, m_findingsPage, &FindingsPage::updateLists);

    // File ▸ Export and the timeline dock, before the dock state is restored.
    auto* exporter = new ReportExporter(
        m_session, m_findingsPage->findingsProxy(), [this] { return m_paths; }, this, this);
    exporter->setObjectName(u"reportExporter"_s);
    connect(exporter, &ReportExporter::statusMessage, this, &MainWindow::showStatus);
    m_fileMenu->insertActions(m_quitAction, exporter->actions());
    m_fileMenu->insertSeparator(m_quitAction);
#ifdef TRAILWARDEN_HAVE_CHARTS
    QDockWidget* timeline = ActivityTimeline::createDock(
        m_session, m_findingsPage->findingsView()->selectionModel(), m_localTimeAction, this);
    addDockWidget(Qt::BottomDockWidgetArea, timeline);
    m_viewMenu->addAction(timeline->toggleViewAction());
    m_timeline = qobject_cast<ActivityTimeline*>(timeline->widget());
#endif
    createApprovedTab();
    createPivotTab();
    createReview();
    // The report marks what the table marks: new since the last review, and the triage.
    exporter->setReviewSource([this] { return m_review->path().isEmpty() ? nullptr : m_review->record(); });
    createWorkspaceActions();
    createAliasActions();
    restoreSettings();
    m_findingsPage->updateLists();
    updateActions();
    showFindingsPage(false);
}

MainWindow::~MainWindow() = default;

// ---------------------------------------------------------------------------------------------
// Construction

void MainWindow::createActions()
{
    m_openFolderAction = new QAction(QIcon::fromTheme(u"folder-open"_s), tr("Open &Folder…"), this);
    m_openFolderAction->setShortcut(QKeySequence::Open);
    m_openFolderAction->setToolTip(tr("Open a folder of CloudTrail logs (searched recursively)"));
    connect(m_openFolderAction, &QAction::triggered, this, &MainWindow::chooseFolder);

    m_openFilesAction = new QAction(QIcon::fromTheme(u"document-open"_s), tr("Open F&iles…"), this);
    m_openFilesAction->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_O);
    connect(m_openFilesAction, &QAction::triggered, this, &MainWindow::chooseFiles);

    m_reloadAction = new QAction(QIcon::fromTheme(u"view-refresh"_s), tr("&Reload Logs"), this);
    m_reloadAction->setShortcut(QKeySequence::Refresh);
    connect(m_reloadAction, &QAction::triggered, this, &MainWindow::reload);

    m_chooseApprovedAction = new QAction(tr("Choose &Approved Accounts CSV…"), this);
    connect(m_chooseApprovedAction, &QAction::triggered, this, &MainWindow::chooseApprovedCsv);
    m_chooseIdentityAction = new QAction(tr("Choose I&dentity List…"), this);
    connect(m_chooseIdentityAction, &QAction::triggered, this, &MainWindow::chooseIdentityList);

    m_quitAction = new QAction(QIcon::fromTheme(u"application-exit"_s), tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    createEngineActions();

    m_undoAction = m_approvals->undoStack()->createUndoAction(this, tr("&Undo"));
    m_undoAction->setIcon(QIcon::fromTheme(u"edit-undo"_s));
    m_undoAction->setShortcut(QKeySequence::Undo);
    m_redoAction = m_approvals->undoStack()->createRedoAction(this, tr("&Redo"));
    m_redoAction->setIcon(QIcon::fromTheme(u"edit-redo"_s));
    m_redoAction->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    // The toolbar shows the icon text, fixed; the step ("Undo Approve <identity>") is in the menu and
    // the tooltip (both follow the action's text), so that a long name cannot push the toolbar wide.
    m_undoAction->setIconText(tr("Undo"));
    m_redoAction->setIconText(tr("Redo"));
    // What an undo or redo brings back to the findings becomes the selected finding (undoing an
    // approval shows the account again, drilled into). The page has to know the findings before
    // the step, so the step is taken here rather than by the stack's own connection.
    QUndoStack* stack = m_approvals->undoStack();
    for (auto [action, step] :
         {std::pair{m_undoAction, &QUndoStack::undo}, std::pair{m_redoAction, &QUndoStack::redo}}) {
        disconnect(action, &QAction::triggered, stack, step);
        connect(action, &QAction::triggered, this, [this, stack, step] {
            m_findingsPage->selectNextAppearing();
            (stack->*step)();
            if (!m_session.rerunPending())
                m_findingsPage->stopSelectingAppearing(); // done, failed, or nothing changed
        });
    }

    m_clearFilterAction = new QAction(tr("&Clear Filter"), this);
    m_clearFilterAction->setShortcut(Qt::Key_Escape);
    m_clearFilterAction->setToolTip(tr("Clear the filter of the current tab (Esc)"));
    connect(m_clearFilterAction, &QAction::triggered, this, &MainWindow::clearFilter);

    m_localTimeAction = new QAction(tr("Show &Local Time"), this);
    m_localTimeAction->setCheckable(true);
    m_localTimeAction->setShortcut(Qt::CTRL | Qt::Key_T);
    m_localTimeAction->setToolTip(
        tr("Show times in local time with their UTC offset instead of UTC (Ctrl+T)"));
    connect(m_localTimeAction, &QAction::toggled, this, &MainWindow::setLocalTime);

    m_rulesGroup = new QActionGroup(this);
    m_rulesTa7Action = new QAction(tr("Add-on &7.x Rules"), m_rulesGroup);
    m_rulesTa7Action->setCheckable(true);
    m_rulesTa7Action->setChecked(true);
    m_rulesLegacyAction = new QAction(tr("&Legacy Rules (Add-on 1.x)"), m_rulesGroup);
    m_rulesLegacyAction->setCheckable(true);
    connect(m_rulesGroup, &QActionGroup::triggered, this, [this](QAction* action) {
        setRules(action == m_rulesLegacyAction ? RuleSet::Legacy : RuleSet::Ta7);
    });

    m_aboutDetectionAction =
        new QAction(QIcon::fromTheme(u"help-contents"_s), tr("About the &Detection"), this);
    m_aboutDetectionAction->setShortcut(QKeySequence::HelpContents);
    connect(m_aboutDetectionAction, &QAction::triggered, this, &MainWindow::aboutDetection);
    m_aboutAction = new QAction(tr("&About TrailWarden"), this);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::about);
    m_shortcutsAction = new QAction(tr("&Keyboard Shortcuts"), this);
    connect(m_shortcutsAction, &QAction::triggered, this, &MainWindow::showShortcuts);
}

void MainWindow::createMenus()
{
    QMenu* file = m_fileMenu = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openFolderAction);
    file->addAction(m_openFilesAction);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    if (!DataFolderHistory::sampleDir().isEmpty())
        file->addAction(tr("Open the &Sample"), this, &MainWindow::openSample);
    file->addAction(m_reloadAction);
    file->addSeparator();
    file->addAction(m_importEngineAction);
    file->addAction(m_exportEngineQueryAction);
    file->addSeparator();
    file->addAction(m_chooseApprovedAction);
    file->addAction(m_chooseIdentityAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_undoAction);
    edit->addAction(m_redoAction);
    edit->addSeparator();
    edit->addAction(m_findingsPage->approveAction());
    edit->addAction(m_findingsPage->copyUsersAction());
    edit->addActions(tableCopyActions(m_findingsPage->findingsView()));
    edit->addAction(m_findingsPage->copyJsonAction());
    edit->addSeparator();
    edit->addAction(m_findingsPage->findAction());
    edit->addAction(m_clearFilterAction);

    QMenu* view = m_viewMenu = menuBar()->addMenu(tr("&View"));
    view->addAction(m_rulesTa7Action);
    view->addAction(m_rulesLegacyAction);
    view->addSeparator();
    view->addAction(m_localTimeAction);
    // The dock's toggle action is added in createProblemsDock().
    view->setObjectName(u"viewMenu"_s);

    QMenu* help = m_helpMenu = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_aboutDetectionAction);
    help->addAction(m_shortcutsAction);
    help->addSeparator();
    help->addAction(m_aboutAction);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::createToolBar()
{
    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(u"mainToolBar"_s);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setMovable(false);
    // The desktop theme's icons where it has them, else the bundled ones in this palette's colours:
    // without an icon theme the toolbar was text-only.
    const struct
    {
        QAction* action;
        const char16_t* theme;
        const char16_t* bundled;
    } icons[] = {{m_openFolderAction, u"folder-open", u"open-folder"},
                 {m_reloadAction, u"view-refresh", u"reload"},
                 {m_findingsPage->approveAction(), u"dialog-ok-apply", u"approve"},
                 {m_undoAction, u"edit-undo", u"undo"},
                 {m_redoAction, u"edit-redo", u"redo"},
                 {m_localTimeAction, u"preferences-system-time", u"local-time"}};
    for (const auto& i : icons)
        i.action->setIcon(toolbarIcon(QString::fromUtf16(i.theme), QString::fromUtf16(i.bundled), palette()));
    // Short labels on the toolbar (the menus keep the full ones): at 200% on a 1920×1080 screen
    // (960 logical pixels) Show Local Time went behind the » button.
    m_reloadAction->setIconText(tr("Reload"));
    m_localTimeAction->setIconText(tr("Local Time"));
    bar->addAction(m_openFolderAction);
    bar->addAction(m_reloadAction);
    bar->addSeparator();
    bar->addAction(m_findingsPage->approveAction());
    bar->addAction(m_undoAction);
    bar->addAction(m_redoAction);
    bar->addSeparator();

    auto* rulesLabel = new QLabel(tr("R&ules:"));
    m_rulesCombo = new QComboBox;
    m_rulesCombo->addItem(tr("Add-on 7.x"), int(RuleSet::Ta7));
    m_rulesCombo->addItem(tr("Legacy (Add-on 1.x)"), int(RuleSet::Legacy));
    m_rulesCombo->setToolTip(
        tr("Which field rules derive userName and errorCode (see Help ▸ About the Detection)"));
    rulesLabel->setBuddy(m_rulesCombo);
    rulesLabel->setContentsMargins(6, 0, 4, 0);
    connect(m_rulesCombo, &QComboBox::activated, this,
            [this](int index) { setRules(static_cast<RuleSet>(m_rulesCombo->itemData(index).toInt())); });
    bar->addWidget(rulesLabel);
    bar->addWidget(m_rulesCombo);
    bar->addSeparator();
    bar->addAction(m_localTimeAction);
}

QWidget* MainWindow::createDataPage()
{
    auto* page = new QWidget;
    // Tabs: the findings, and the list stewardship beside them (createApprovedTab).
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(u"mainTabs"_s);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_findingsPage, tr("Findings"));
    auto* layout = m_dataLayout = new QVBoxLayout(page);
    m_dataMargins = layout->contentsMargins();
    // Above the tabs, so that a time range restricting the findings is in view on every tab.
    m_timeRangeBar = new TimeRangeBar(m_session, m_localTimeAction);
    layout->addWidget(m_timeRangeBar);
    layout->addWidget(m_tabs);
    return page;
}

void MainWindow::resizeEvent(QResizeEvent* event)
{
    QMainWindow::resizeEvent(event);
    // 1920×1080 at 200% leaves a window of about 31 lines (528 px): there, every line above the
    // tables is a row less of findings, and the timeline's charts would take most of the rest.
    // Below kShortWindowLines the window is laid out for the tables: the timeline folds to its line
    // (unless the analyst chose), the page keeps no margin above and below, and the findings page
    // tightens its own lines.
    constexpr int kShortWindowLines = 40;
    const bool shortWindow = height() < kShortWindowLines * fontMetrics().lineSpacing();
    QMargins margins = m_dataMargins;
    if (shortWindow) {
        margins.setTop(0);
        margins.setBottom(0);
    }
    m_dataLayout->setContentsMargins(margins);
    // The time range joins the tabs' row, in view on every tab as above them (the bar shows itself
    // again where it lands, unless the data are an engine's result).
    if (shortWindow && m_tabs->cornerWidget() != m_timeRangeBar) {
        m_tabs->setCornerWidget(m_timeRangeBar);
    } else if (!shortWindow && m_tabs->cornerWidget() == m_timeRangeBar) {
        m_tabs->setCornerWidget(nullptr);
        m_dataLayout->insertWidget(0, m_timeRangeBar);
    }
    m_findingsPage->setShortWindow(shortWindow);
#ifdef TRAILWARDEN_HAVE_CHARTS
    if (m_timeline)
        m_timeline->foldToFit(shortWindow);
#endif
}

void MainWindow::createStatusBar()
{
    m_loadStatus = new LoadStatusWidget;
    connect(m_loadStatus, &LoadStatusWidget::cancelRequested, &m_session, &AnalysisSession::cancel);
    m_summaryLabel = new QLabel;
    // Permanent widgets: a status message must never hide the progress of a running load.
    statusBar()->addPermanentWidget(m_loadStatus);
    statusBar()->addPermanentWidget(new RerunIndicator(m_session));
    statusBar()->addPermanentWidget(m_summaryLabel);
}

void MainWindow::createProblemsDock()
{
    m_problemsDock = new QDockWidget(tr("Load Problems"), this);
    m_problemsDock->setObjectName(u"problemsDock"_s);
    auto* proxy = new StableSortProxy(m_problemsDock);
    proxy->setSortRole(LoadProblemsModel::SortRole);
    proxy->setSourceModel(m_problems);
    auto* view = new QTableView(m_problemsDock);
    setupTableView(view);
    view->setModel(proxy);
    view->horizontalHeader()->resizeSection(LoadProblemsModel::Path, 520);
    view->sortByColumn(-1, Qt::AscendingOrder);
    m_problemsDock->setWidget(view);
    addDockWidget(Qt::BottomDockWidgetArea, m_problemsDock);
    m_problemsDock->hide();

    QAction* toggle = m_problemsDock->toggleViewAction();
    toggle->setShortcut(Qt::CTRL | Qt::Key_P);
    if (auto* viewMenu = menuBar()->findChild<QMenu*>(u"viewMenu"_s)) {
        viewMenu->addSeparator();
        viewMenu->addAction(toggle);
    }
}

void MainWindow::restoreSettings()
{
    QSettings s;
    // Saved on a larger or unscaled screen, a geometry can be bigger than this one: shrink it in.
    if (restoreGeometry(s.value(u"window/geometry"_s).toByteArray()))
        fitToScreen(this);
    restoreState(s.value(u"window/state"_s).toByteArray());
    m_findingsPage->restoreState(s);
    m_pivotPage->restoreState(s);
#ifdef TRAILWARDEN_HAVE_CHARTS
    if (m_timeline)
        m_timeline->restoreState(s);
#endif
    // Hidden, moved and resized columns (the column chooser), like the findings page's tables.
    if (auto* problems = qobject_cast<QTableView*>(m_problemsDock->widget()))
        problems->horizontalHeader()->restoreState(s.value(u"window/problemsHeader"_s).toByteArray());
    m_localTimeAction->setChecked(s.value(u"view/localTime"_s, false).toBool());
    const auto rules = s.value(u"view/rules"_s).toString() == u"legacy" ? RuleSet::Legacy : RuleSet::Ta7;
    setRules(rules);
}

void MainWindow::saveSettings() const
{
    QSettings s;
    s.setValue(u"window/geometry"_s, saveGeometry());
    s.setValue(u"window/state"_s, saveState());
    m_findingsPage->saveState(s);
    m_pivotPage->saveState(s);
#ifdef TRAILWARDEN_HAVE_CHARTS
    if (m_timeline)
        m_timeline->saveState(s);
#endif
    if (auto* problems = qobject_cast<QTableView*>(m_problemsDock->widget()))
        s.setValue(u"window/problemsHeader"_s, problems->horizontalHeader()->saveState());
    s.setValue(u"view/localTime"_s, m_localTimeAction->isChecked());
    s.setValue(u"view/rules"_s, m_session.rules() == RuleSet::Legacy ? u"legacy"_s : u"ta7"_s);
}

// ---------------------------------------------------------------------------------------------
// Opening data

void MainWindow::openPaths(const QStringList& paths)
{
    if (paths.isEmpty() || importIfEngineResults(paths))
        return;
    QStringList absolute;
    for (const QString& p : paths)
        absolute.append(QFileInfo(p).absoluteFilePath());
    m_paths = absolute;
    const QString folder = DataFolderHistory::dataFolderOf(absolute);
    const bool newFolder = folder != m_dataFolder;
    const bool firstData = m_dataFolder.isEmpty();
    m_dataFolder = folder;
    if (newFolder)
        restoreAccountAliases(folder, firstData);
    m_history.addRecentFolder(folder);
    m_titleBase = dataSetName(folder);
    updateTitle();

    if (newFolder && firstData &&
        (!m_session.approvedPath().isEmpty() || !m_session.identityPath().isEmpty())) {
        // Lists chosen before any data (--approved, --identities) are the ones for this folder.
        rememberLists();
    } else if (newFolder) {
        // The lists belong to the data: take the ones used last time with this folder, else look
        // for the usual lookups next to it. Lists already in use stay when neither exists.
        const DataFolderHistory::Lists lists = m_history.listsFor(folder);
        if (!lists.isEmpty()) {
            if (!lists.approved.isEmpty())
                setApprovedPath(lists.approved);
            if (!lists.identities.isEmpty())
                setIdentityPath(lists.identities);
        } else if (m_session.approvedPath().isEmpty() && m_session.identityPath().isEmpty()) {
            findLookupsNear(folder);
        }
    }

    m_selectFirstAfterLoad = true;
    // A reload keeps the analyst on the finding they were looking at, when it is still there.
    m_userToReselect = m_findingsPage->currentUser();
    m_session.load(absolute);
}

void MainWindow::findLookupsNear(const QString& folder)
{
    const DataFolderHistory::Lists found = DataFolderHistory::findLookupsNear(folder);
    if (found.isEmpty())
        return;
    if (!found.approved.isEmpty())
        setApprovedPath(found.approved);
    if (!found.identities.isEmpty())
        setIdentityPath(found.identities);
    const QString where =
        QFileInfo(found.approved.isEmpty() ? found.identities : found.approved).absolutePath();
    showStatus(
        tr("Using the lookups found in %1 (File ▸ Choose… to change)").arg(QDir::toNativeSeparators(where)));
}

bool MainWindow::reopenLastFolder()
{
    const QString last = m_history.lastFolder();
    if (last.isEmpty())
        return false;
    openPaths({last});
    return true;
}

void MainWindow::reload()
{
    if (!m_paths.isEmpty())
        openPaths(m_paths);
}

void MainWindow::chooseFolder()
{
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("Open Folder of CloudTrail Logs"), m_dataFolder);
    if (!dir.isEmpty())
        openPaths({dir});
}

void MainWindow::openSample()
{
    const QString dir = DataFolderHistory::sampleDir();
    if (dir.isEmpty())
        return;
    const QString copies = DataFolderHistory::sampleCopiesDir();
    const DataFolderHistory::SampleCopies sample = DataFolderHistory::copySampleLists(dir, copies);
    if (!sample.error.isEmpty()) {
        showWriteFailure(this, tr("Sample Not Opened"),
                         tr("The sample's lists could not be copied to your data folder, so approvals "
                            "would have nowhere to go. Nothing was opened.\n\n%1")
                             .arg(sample.error));
        return;
    }
    const DataFolderHistory::Lists& lists = sample.lists;
    openPaths({dir + u"/AWSLogs"_s});
    setApprovedPath(lists.approved);
    setIdentityPath(lists.identities);
    showStatus(tr("Opened the bundled sample; approvals go to a copy of its list in %1.")
                   .arg(QDir::toNativeSeparators(copies)));
}

void MainWindow::chooseFiles()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Open CloudTrail Log Files"), m_dataFolder,
        tr("CloudTrail logs (*.json *.json.gz *.jsonl *.jsonl.gz *.ndjson *.ndjson.gz);;All files (*)"));
    if (!files.isEmpty())
        openPaths(files);
}

void MainWindow::chooseApprovedCsv()
{
    QString path;
    if (m_csvPrompt) {
        path = m_csvPrompt();
    } else {
        const QString start = !m_session.approvedPath().isEmpty()
                                  ? m_session.approvedPath()
                                  : QDir(m_dataFolder.isEmpty() ? QDir::homePath() : m_dataFolder)
                                        .filePath(u"aws_service_accounts.csv"_s);
        // A save dialog, so that a new file can be named; approvals append, so no overwrite question.
        path = QFileDialog::getSaveFileName(this, tr("Choose or Create the Approved Accounts CSV"), start,
                                            tr("CSV files (*.csv);;All files (*)"), nullptr,
                                            QFileDialog::DontConfirmOverwrite);
    }
    if (path.isEmpty())
        return;
    setApprovedPath(path);
}

void MainWindow::chooseIdentityList()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Choose the Identity List"),
        m_session.identityPath().isEmpty() ? m_dataFolder : m_session.identityPath(),
        tr("CSV files (*.csv);;All files (*)"));
    if (!path.isEmpty())
        setIdentityPath(path);
}

bool MainWindow::refuseList(bool approved, const QString& path, const QString& reason)
{
    const QString inForce = approved ? m_session.approvedPath() : m_session.identityPath();
    QMessageBox box(QMessageBox::Critical,
                    approved ? tr("Approved Accounts List Refused") : tr("Identity List Refused"),
                    (approved ? tr("%1 cannot be used as the approved-accounts list.")
                              : tr("%1 cannot be used as the identity list."))
                        .arg(QDir::toNativeSeparators(path)),
                    QMessageBox::NoButton, this);
    box.setObjectName(u"listRefusedBox"_s);
    box.setTextFormat(Qt::PlainText);
    box.setInformativeText(
        tr("%1\n\nThe list in force stays: %2. Nothing was written.")
            .arg(reason, inForce.isEmpty() ? tr("none") : QDir::toNativeSeparators(inForce)));
    QPushButton* another = box.addButton(tr("&Choose Another CSV…"), QMessageBox::AcceptRole);
    QPushButton* keep = box.addButton(tr("&Keep the Current List"), QMessageBox::RejectRole);
    box.setDefaultButton(another);
    box.setEscapeButton(keep);
    box.exec();
    if (box.clickedButton() != another)
        return false;
    const QString before = approved ? m_session.approvedPath() : m_session.identityPath();
    if (approved)
        chooseApprovedCsv();
    else
        chooseIdentityList();
    const QString after = approved ? m_session.approvedPath() : m_session.identityPath();
    return after != before;
}

bool MainWindow::setApprovedPath(const QString& path)
{
    const QString absolute = path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
    // Checked before anything changes: a list that cannot be read is refused, exactly as the CLI
    // refuses it, instead of being shown as a list of 0 entries that excludes nobody.
    if (!absolute.isEmpty()) {
        const QFileInfo info(absolute);
        if (info.exists()) {
            const LookupLoad probe = loadApprovedAccounts(absolute);
            if (!probe.ok())
                return refuseList(true, absolute,
                                  probe.error.startsWith(absolute + u": "_s)
                                      ? probe.error.mid(absolute.size() + 2)
                                      : probe.error);
        } else if (!info.absoluteDir().exists()) {
            return refuseList(
                true, absolute,
                tr("The folder %1 does not exist.").arg(QDir::toNativeSeparators(info.absolutePath())));
        } else if (absolute != m_session.approvedPath()) {
            // Chosen, given with --approved or remembered: a mistyped or vanished name must not
            // quietly become a new, empty list.
            QMessageBox ask(QMessageBox::Question, tr("Create a New List?"),
                            tr("%1 does not exist.").arg(QDir::toNativeSeparators(absolute)),
                            QMessageBox::NoButton, this);
            ask.setTextFormat(Qt::PlainText);
            ask.setInformativeText(tr("Use it as a new approved-accounts list? It is created by the first "
                                      "approval; until then nobody is excluded by it."));
            QPushButton* create = ask.addButton(tr("&Use as New List"), QMessageBox::AcceptRole);
            ask.addButton(QMessageBox::Cancel);
            ask.setDefaultButton(create);
            ask.exec();
            if (ask.clickedButton() != create)
                return false;
        }
    }
    // The review file first: the list's re-run reads the new result's marks on a worker with it
    // (the other way round the worker's marks were of the old file, made again on the UI thread).
    m_review->setApprovedList(absolute);
    m_approvals->setApprovedList(absolute);
    rememberLists();
    m_findingsPage->updateLists();
    updateActions();
    return true;
}

bool MainWindow::setIdentityPath(const QString& path)
{
    const QString absolute = path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
    if (!absolute.isEmpty()) {
        const LookupLoad probe = loadIdentityList(absolute);
        if (!probe.ok())
            return refuseList(false, absolute,
                              probe.error.startsWith(absolute + u": "_s)
                                  ? probe.error.mid(absolute.size() + 2)
                                  : probe.error);
    }
    m_approvals->setIdentityList(absolute);
    rememberLists();
    m_findingsPage->updateLists();
    return true;
}

void MainWindow::rememberLists()
{
    m_history.rememberLists(m_dataFolder, {m_session.approvedPath(), m_session.identityPath()});
}

void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = m_history.recentFolders();
    int n = 0;
    for (const QString& folder : recent) {
        ++n;
        const QString label = n < 10
                                  ? u"&%1  %2"_s.arg(n).arg(escapeMnemonic(QDir::toNativeSeparators(folder)))
                                  : escapeMnemonic(QDir::toNativeSeparators(folder));
        QAction* action = m_recentMenu->addAction(label, this, [this, folder] { openPaths({folder}); });
        action->setEnabled(QFileInfo(folder).isDir());
    }
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("No recent folders"))->setEnabled(false);
    else {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("&Clear List"), this, [this] { m_history.clearRecentFolders(); });
    }
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() &&
        std::all_of(urls.begin(), urls.end(), [](const QUrl& u) { return u.isLocalFile(); }))
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths.append(url.toLocalFile());
    if (paths.isEmpty())
        return;
    event->acceptProposedAction();
    openPaths(paths);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    m_session.cancel();
    saveSettings();
    event->accept();
}

// ---------------------------------------------------------------------------------------------
// Session signals

void MainWindow::onLoadStarted()
{
    m_startPage->showLoading(dataSetName(m_dataFolder));
    m_loadStatus->start();
    m_reloadAction->setEnabled(false);
    // Esc cancels the load meanwhile (the load status' button); two owners would make it do nothing.
    updateActions();
}

void MainWindow::onProgress(quint64 filesDone, quint64 filesTotal, quint64 bytesDone, quint64 bytesTotal,
                            quint64 events)
{
    m_loadStatus->setProgress(filesDone, filesTotal, bytesDone, bytesTotal, events);
}

void MainWindow::onLoadFinished(bool cancelled)
{
    showFindingsPage(m_session.store() != nullptr);
    const qint64 ms = m_loadStatus->finish();
    updateActions();

    const auto store = m_session.store();
    if (cancelled) {
        showStatus(store ? tr("Load cancelled; still showing the previous data.") : tr("Load cancelled."));
        Q_EMIT loadCompleted(true);
        return;
    }
    if (store) {
        // Files skipped by their name are listed with the problems: nothing is left out unseen.
        std::vector<LoadProblem> listed = store->problems;
        listed.insert(listed.end(), store->skippedFiles.begin(), store->skippedFiles.end());
        m_problems->setLoadProblems(listed);
        m_problemsDock->setWindowTitle(listed.empty() ? tr("Load Problems")
                                                      : tr("Load Problems (%1)").arg(number(listed.size())));
        if (!listed.empty())
            m_problemsDock->show();
        const double mb = double(store->counts.bytes) / (1024.0 * 1024.0);
        QString text = tr("Loaded %1 from %2 (%3 MB) in %4 s.")
                           .arg(count(store->counts.events, tr("event"), tr("events")),
                                count(store->counts.files, tr("file"), tr("files")))
                           .arg(mb, 0, 'f', 1)
                           .arg(double(ms) / 1000.0, 0, 'f', 2);
        // An engine's result: its rows are users' totals, counted by the engine, not events read.
        if (const auto imported = m_session.imported())
            text = tr("Imported %1 from %2 in %3 s.")
                       .arg(count(imported->rows, tr("user row"), tr("user rows")),
                            count(store->counts.files, tr("file"), tr("files")))
                       .arg(double(ms) / 1000.0, 0, 'f', 2);
        if (!store->problems.empty())
            text += u' ' + tr("%1: see Load Problems (Ctrl+P).")
                               .arg(count(store->problems.size(), tr("file problem"), tr("file problems")));
        if (store->counts.skippedByName > 0)
            text += u' ' + tr("%1 skipped by name (listed in Load Problems).")
                               .arg(count(store->counts.skippedByName, tr("file"), tr("files")));
        if (store->counts.events == 0)
            text = describeNothingRead(*store, m_paths) + u'.';
        showStatus(text);
    }
    m_findingsPage->showLoaded(m_selectFirstAfterLoad, m_userToReselect);
    m_selectFirstAfterLoad = false;
    Q_EMIT loadCompleted(false);
}

void MainWindow::onResultChanged()
{
    // The findings page has taken the result already (it was connected first).
    if (m_approveClock.isValid() && !m_session.rerunPending()) {
        m_lastApproveTableMs = m_approveClock.elapsed();
        m_approveClock.invalidate();
    }
    showFindingsPage(m_session.store() != nullptr);
    updateSummary();
    updateActions();
    updateEngineBanner();
}

void MainWindow::onLookupProblemsChanged()
{
    std::vector<LoadProblem> problems = m_approvals->lookupProblems();
    const std::vector<LoadProblem> aliases = accountAliasProblems();
    problems.insert(problems.end(), aliases.begin(), aliases.end());
    m_problems->setLookupProblems(problems);
    if (!problems.empty()) {
        m_problemsDock->show();
        showStatus(tr("Problem with a lookup: %1").arg(problems.front().message));
    }
}

void MainWindow::showFindingsPage(bool haveData)
{
    // A load that read no event is no "0 findings": the empty page says what was read instead of
    // an empty table, and offers to open something else.
    const auto store = m_session.store();
    const bool nothingRead = haveData && store && store->counts.events == 0;
    if (nothingRead) {
        m_startPage->showNothingRead(
            describeNothingRead(*store, m_paths) + u".\n\n" + nothingReadAdvice(*store) + u' ' +
            tr("View ▸ Load Problems (Ctrl+P) lists each file skipped or failed, with the "
               "reason. Open another folder, or open the files themselves (Open Files…)."));
    } else if (!m_session.isLoading()) {
        m_startPage->showNothingLoaded();
    }
    m_stack->setCurrentWidget(haveData && !nothingRead ? m_dataPage : m_startPage);
}

// ---------------------------------------------------------------------------------------------
// Tables

bool MainWindow::selectUser(const QString& user)
{
    return m_findingsPage->selectUser(user);
}
void MainWindow::setRules(RuleSet rules)
{
    m_rulesTa7Action->setChecked(rules == RuleSet::Ta7);
    m_rulesLegacyAction->setChecked(rules == RuleSet::Legacy);
    m_rulesCombo->setCurrentIndex(m_rulesCombo->findData(int(rules)));
    if (rules == m_session.rules())
        return;
    m_session.setRules(rules);
    if (m_session.store())
        showStatus(
            tr("Re-ran the detection with the %1 rules: %2.")
                .arg(ruleSetName(rules), findings(quint64(m_findingsPage->findingsModel()->rowCount()))));
}

void MainWindow::setLocalTime(bool localTime)
{
    m_findingsPage->setLocalTime(localTime);
    m_pivotPage->setLocalTime(localTime);
}
void MainWindow::updateSummary()
{
    const auto store = m_session.store();
    const auto result = m_session.result();
    if (!store || !result) {
        m_summaryLabel->clear();
        return;
    }
    const LoadCounts& c = store->counts;
    if (c.events == 0) {
        m_summaryLabel->setText(tr("No events read"));
        m_summaryLabel->setToolTip(describeNothingRead(*store, m_paths));
        return;
    }
    // An engine's result: its counts are the engine's, of users' rows; nothing was read as events.
    if (const auto imported = m_session.imported()) {
        m_summaryLabel->setText(tr("%1 calls counted by the engine · %2 · %3 excluded · %4")
                                    .arg(number(c.events),
                                         count(imported->rows, tr("user row"), tr("user rows")),
                                         number(result->excluded), findings(result->findings.size())));
        m_summaryLabel->setToolTip(
            tr("%1 successful calls in the engine's rows; %2 users excluded by the lists")
                .arg(number(result->successful), number(result->excludedUsers)));
        return;
    }
    m_summaryLabel->setText(tr("%1 events · %2 duplicates · %3 malformed · %4 excluded · %5 findings")
                                .arg(number(c.events), number(c.duplicates), number(c.malformed),
                                     number(result->excluded), number(result->findings.size())));
    m_summaryLabel->setToolTip(tr("%1 files read (%2 unreadable, %3 digest/Insight files skipped); %4 "
                                  "successful events; %5 users excluded by the lists")
                                   .arg(number(c.files), number(c.unreadable), number(c.skipped),
                                        number(result->successful), number(result->excludedUsers)));
}

void MainWindow::updateActions()
{
    m_reloadAction->setEnabled(!m_paths.isEmpty() && !m_session.isLoading());
    const bool haveData = m_session.store() != nullptr && !m_session.isLoading();
    m_clearFilterAction->setEnabled(haveData);
    for (QAction* a : std::as_const(m_dataActions))
        a->setEnabled(haveData);
}

void MainWindow::showStatus(const QString& text)
{
    m_lastStatus = text;
    statusBar()->showMessage(text, kStatusTimeoutMs);
}

// ---------------------------------------------------------------------------------------------
// Approving

void MainWindow::approveSelected()
{
    QStringList users = m_findingsPage->selectedUsers();
    if (users.isEmpty() || !m_session.store()) {
        showStatus(tr("Select one or more findings to approve."));
        return;
    }
    // Before the dialog: a name with '*' cannot be written without approving others too.
    const qsizetype selected = users.size();
    users = withoutWildcardNames(this, users);
    if (users.size() < selected)
        showStatus(tr("%n selected account(s) cannot be approved: the name contains '*'.", nullptr,
                      int(selected - users.size())));
    if (users.isEmpty())
        return;
    if (m_session.approvedPath().isEmpty()) {
        chooseApprovedCsv();
        if (m_session.approvedPath().isEmpty())
            return;
    }

    // The reason starts empty: a remembered one would be written against accounts nobody looked at.
    ApprovalRequest defaults{QString(), qEnvironmentVariable("USER")};
    if (defaults.approver.isEmpty())
        defaults.approver = qEnvironmentVariable("USERNAME");
    defaults.recentReasons = ApproveDialog::recentReasons(
        {m_session.approvedList().entries.begin(), m_session.approvedList().entries.end()});
    const std::vector<ApprovalGuard> guards = approvalGuards(users);
    // Every user of the loaded data: what a wildcard would cover (the dialog shows it, the write checks it).
    const auto activity = m_session.activity();
    const std::vector<ObservedUser> observed =
        activity ? observedUsers(*m_session.store(), *activity) : std::vector<ObservedUser>();
    std::optional<ApprovalRequest> request;
    if (m_approvalPrompt) {
        request = m_approvalPrompt(users, defaults);
    } else {
        ApproveDialog dialog(users, QDir::toNativeSeparators(m_session.approvedPath()), defaults, guards,
                             this);
        dialog.setDetails(approvalDetails(*m_findingsPage->findingsModel(), users));
        dialog.setWildcardScope(observed);
        if (dialog.exec() == QDialog::Accepted)
            request = dialog.request();
    }
    if (!request || request->reason.isEmpty())
        return;
    for (const ApprovalGuard& g : guards) {
        if (g.verdict.cls == PrincipalClass::Root && !request->rootConfirmed) {
            showStatus(tr("Not approved: %1 is the root user; approving it needs its name typed in the "
                          "Approve dialog.")
                           .arg(g.identity));
            return;
        }
    }

    // The rows leave the table first; what follows the current finding (the drill-down, the
    // timeline) moves to the finding after them one event-loop turn later, so the table update
    // does not wait for 100,000+ events of the next finding to be gathered and charted.
    const QString nextUser = m_findingsPage->findingAfterSelection();
    QElapsedTimer clock;
    const ApprovalOptions options{request->expires, request->pattern, observed};
    const bool approved =
        m_approvals->approve(users, request->reason, request->approver, options, [this, &clock] {
            m_findingsPage->clearCurrent();
            clock.start();
            m_approveClock.start();
        });
    if (clock.isValid())
        m_lastApproveUpdateMs = clock.elapsed();
    // Keep the keyboard flow going: the next finding becomes current and selected.
    if (approved && !nextUser.isEmpty())
        QTimer::singleShot(0, this, [this, nextUser] { selectUser(nextUser); });
}

std::vector<ApprovalGuard> MainWindow::approvalGuards(const QStringList& users) const
{
    std::vector<ApprovalGuard> guards;
    const FindingsModel* findings = m_findingsPage->findingsModel();
    const auto store = findings->store();
    for (int row = 0; store && row < findings->rowCount(); ++row) {
        const UserActivity* a = findings->activityAt(row);
        // The class first: it needs no name, and this runs over every finding (100,000 for a large
        // import) on the UI thread before the approval is written.
        const PrincipalVerdict& v = a->principal;
        if (v.cls != PrincipalClass::Root && v.cls != PrincipalClass::Person && !v.adminLike)
            continue;
        const QString name = store->qstr(a->user);
        if (!users.contains(name))
            continue;
        ApprovalGuard g{name, v, {}};
        for (auto id : a->accounts)
            // As the tables show it: with its alias, invisible characters made visible.
            g.accounts << ReportText::visible(m_session.accountAliases()->label(store->qstr(id)));
        guards.push_back(std::move(g));
    }
    // Root by name even without its events (the legacy rules' "root", a hand-picked selection).
    for (const QString& user : users)
        if (isRootName(user) && std::none_of(guards.begin(), guards.end(),
                                             [&user](const ApprovalGuard& g) { return g.identity == user; }))
            guards.push_back({user, {PrincipalClass::Root, tr("named root"), false, {}}, {}});
    return guards;
}

void MainWindow::createApprovedTab()
{
    m_approvedPanel = new ApprovedAccountsPanel(m_session, m_approvals);
    const int tab = m_tabs->addTab(m_approvedPanel, tr("Approved accounts"));
    connect(
        m_approvedPanel, &ApprovedAccountsPanel::summaryChanged, this, [this, tab](int entries, int flagged) {
            // flagged < 0: not computed yet (the tab was not shown since the last change).
            m_tabs->setTabText(tab, flagged > 0
                                        ? tr("Approved accounts (%1 · %2 flagged)").arg(entries).arg(flagged)
                                        : tr("Approved accounts (%1)").arg(entries));
        });
    connect(m_approvedPanel, &ApprovedAccountsPanel::showRequested, this,
            [this] { m_tabs->setCurrentWidget(m_approvedPanel); });

    auto* tools = new QMenu(tr("&Tools"), this);
    tools->setObjectName(u"toolsMenu"_s);
    tools->addActions(m_approvedPanel->toolsActions());
    menuBar()->insertMenu(m_helpMenu->menuAction(), tools); // before Help, the last by convention

    m_viewMenu->addSeparator();
    QAction* findings = m_viewMenu->addAction(tr("&Findings"), this, [this] { m_tabs->setCurrentIndex(0); });
    findings->setShortcut(Qt::CTRL | Qt::Key_1);
    QAction* approved = m_viewMenu->addAction(tr("A&pproved Accounts"), this, [this] {
        m_tabs->setCurrentWidget(m_approvedPanel);
        m_approvedPanel->view()->setFocus(Qt::ShortcutFocusReason);
    });
    approved->setShortcut(Qt::CTRL | Qt::Key_2);
    m_dataActions << findings << approved << m_findingsPage->findAction()
                  << tableCopyActions(m_findingsPage->findingsView());

    statusBar()->addPermanentWidget(m_approvedPanel->suppressedLabel());

    // In a filter box, the window's Undo, Redo, Export and Esc are the window's, not the box's.
    QList<QAction*> windowKeys{m_undoAction, m_redoAction, m_clearFilterAction};
    if (auto* exporter = findChild<ReportExporter*>(u"reportExporter"_s))
        windowKeys.append(exporter->actions());
    preferWindowShortcuts(m_findingsPage->filterEdit(), windowKeys);
    preferWindowShortcuts(m_approvedPanel->filterEdit(), windowKeys);
}

QUndoStack* MainWindow::undoStack() const
{
    return m_approvals->undoStack();
}

// ---------------------------------------------------------------------------------------------
// Help

void MainWindow::about()
{
    QMessageBox::about(
        this, tr("About TrailWarden"),
        tr("<h3>TrailWarden %1</h3>"
           "<p>Reviews AWS CloudTrail logs with the Splunk detection <i>AWS API activity from unapproved "
           "accounts</i> and keeps the approved-accounts list healthy.</p>"
           "<p>Built with Qt %2 (running on Qt %3).</p>"
           "<p>TrailWarden is free software: you can redistribute it and/or modify it under the terms "
           "of the GNU General Public License as published by the Free Software Foundation, either "
           "version 3 of the License, or (at your option) any later version. It comes with "
           "<b>no warranty</b>. See <a href=\"https://www.gnu.org/licenses/gpl-3.0.html\">"
           "GPL-3.0-or-later</a>.</p>")
            .arg(QStringLiteral(TRAILWARDEN_VERSION), QStringLiteral(QT_VERSION_STR),
                 QString::fromLatin1(qVersion())));
}

void MainWindow::showShortcuts()
{
    ShortcutsDialog dialog(menuBar(), this);
    dialog.exec();
}

void MainWindow::clearFilter()
{
    if (m_tabs->currentWidget() == m_approvedPanel)
        m_approvedPanel->clearFilter();
    else
        m_findingsPage->clearFilter();
}

void MainWindow::aboutDetection()
{
    DetectionHelpDialog dialog(this);
    dialog.exec();
}

} // namespace tw
