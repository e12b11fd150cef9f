// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/mainwindow.h"

#include "core/ingest/loader.h"
#include "core/report/reporttext.h"
#include "core/version.h"

#ifdef TRAILWARDEN_HAVE_CHARTS
#include "ui/activitytimeline.h"
#endif
#include "ui/approvalcontroller.h"
#include "ui/approvalguard.h"
#include "ui/approvedaccountspanel.h"
#include "ui/dialogs/detectionhelpdialog.h"
#include "ui/models/eventsmodel.h"
#include "ui/models/findingsmodel.h"
#include "ui/models/findingsproxy.h"
#include "ui/models/loadproblemsmodel.h"
#include "ui/models/stablesortproxy.h"
#include "ui/rawrecordpane.h"
#include "ui/reportexport.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace tw {

namespace {

constexpr int kMaxRecentFolders = 8;
constexpr int kStatusTimeoutMs = 20000;

QString number(quint64 n)
{
    return QLocale().toString(qulonglong(n));
}

// English plurals without a translation catalogue (tr()'s %n needs one to pick the form).
QString count(quint64 n, const QString& one, const QString& many)
{
    return n == 1 ? QString(u"1 "_s + one) : QString(number(n) + u' ' + many);
}

QString findings(quint64 n)
{
    return count(n, MainWindow::tr("finding"), MainWindow::tr("findings"));
}

// The folder a set of inputs belongs to: lists are remembered per data folder.
QString dataFolderOf(const QStringList& paths)
{
    if (paths.isEmpty())
        return {};
    const QFileInfo first(paths.first());
    return first.isDir() ? first.absoluteFilePath() : first.absolutePath();
}

// A user name in a label: '&' would become a mnemonic.
QString escapeMnemonic(QString text)
{
    return text.replace(u'&', u"&&"_s);
}

// The bundled sample: installed beside the program, or in the source tree it was built from.
QString sampleDir()
{
    const QString app = QCoreApplication::applicationDirPath();
    const QStringList candidates = {app + u"/../share/trailwarden/sample"_s,
                                    QStringLiteral(TRAILWARDEN_SOURCE_SAMPLE_DIR)};
    for (const QString& candidate : candidates) {
        if (QFileInfo(candidate + u"/AWSLogs"_s).isDir())
            return QDir::cleanPath(candidate);
    }
    return {};
}

QTableView* makeTable(QWidget* parent)
{
    auto* view = new QTableView(parent);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSortingEnabled(true);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->setTextElideMode(Qt::ElideRight);
    view->verticalHeader()->hide();
    // Fixed row heights: the view never asks every row for its size (the tables can be long).
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setSectionsMovable(true);
    view->horizontalHeader()->setHighlightSections(false);
    return view;
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("TrailWarden"));
    setAcceptDrops(true);

    m_approvals = new ApprovalController(m_session, this, this);

    m_findings = new FindingsModel(this);
    m_findingsProxy = new FindingsProxy(this);
    m_findingsProxy->setSourceModel(m_findings);
    m_events = new EventsModel(this);
    m_problems = new LoadProblemsModel(this);

    createActions();
    createMenus();
    createToolBar();
    m_stack = new QStackedWidget;
    m_emptyPage = createEmptyPage();
    m_dataPage = createDataPage();
    m_stack->addWidget(m_emptyPage);
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
    connect(m_approvals, &ApprovalController::listChanged, this, &MainWindow::updateListsLabel);

    // Typing must not re-filter a long table on every key stroke.
    m_filterTimer.setSingleShot(true);
    m_filterTimer.setInterval(250);
    connect(m_filter, &QLineEdit::textChanged, &m_filterTimer, qOverload<>(&QTimer::start));
    connect(&m_filterTimer, &QTimer::timeout, this, [this] {
        m_findingsProxy->setFilterText(m_filter->text());
        updateSummary();
    });

    // File ▸ Export and the timeline dock, before the dock state is restored.
    auto* exporter = new ReportExporter(
        m_session, m_findingsProxy, [this] { return m_paths; }, this, this);
    exporter->setObjectName(u"reportExporter"_s);
    connect(exporter, &ReportExporter::statusMessage, this, &MainWindow::showStatus);
    m_fileMenu->insertActions(m_quitAction, exporter->actions());
    m_fileMenu->insertSeparator(m_quitAction);
#ifdef TRAILWARDEN_HAVE_CHARTS
    QDockWidget* timeline = ActivityTimeline::createDock(m_session, m_findingsView->selectionModel(), this);
    addDockWidget(Qt::BottomDockWidgetArea, timeline);
    m_viewMenu->addAction(timeline->toggleViewAction());
#endif
    createApprovedTab();
    restoreSettings();
    updateListsLabel();
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

    m_approveAction = new QAction(QIcon::fromTheme(u"dialog-ok-apply"_s), tr("&Approve…"), this);
    m_approveAction->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    m_approveAction->setToolTip(tr(
        "Approve the selected accounts: add them to the approved-accounts CSV with a reason (Ctrl+Return)"));
    connect(m_approveAction, &QAction::triggered, this, &MainWindow::approveSelected);

    m_copyUsersAction = new QAction(QIcon::fromTheme(u"edit-copy"_s), tr("&Copy User Names"), this);
    m_copyUsersAction->setShortcut(QKeySequence::Copy);
    // Only while the findings table has focus: Ctrl+C elsewhere belongs to the focused widget.
    m_copyUsersAction->setShortcutContext(Qt::WidgetShortcut);
    connect(m_copyUsersAction, &QAction::triggered, this, &MainWindow::copySelectedUsers);

    m_copyJsonAction = new QAction(tr("Copy Raw &JSON"), this);
    m_copyJsonAction->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_C);
    connect(m_copyJsonAction, &QAction::triggered, this, [this] { m_raw->copyToClipboard(); });

    createEngineActions();

    m_findAction = new QAction(QIcon::fromTheme(u"edit-find"_s), tr("&Filter Findings"), this);
    m_findAction->setShortcut(QKeySequence::Find);
    connect(m_findAction, &QAction::triggered, this, [this] {
        m_filter->setFocus(Qt::ShortcutFocusReason);
        m_filter->selectAll();
    });

    m_undoAction = m_approvals->undoStack()->createUndoAction(this, tr("&Undo"));
    m_undoAction->setIcon(QIcon::fromTheme(u"edit-undo"_s));
    m_undoAction->setShortcut(QKeySequence::Undo);
    m_redoAction = m_approvals->undoStack()->createRedoAction(this, tr("&Redo"));
    m_redoAction->setIcon(QIcon::fromTheme(u"edit-redo"_s));
    m_redoAction->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});

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
}

void MainWindow::createMenus()
{
    QMenu* file = m_fileMenu = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openFolderAction);
    file->addAction(m_openFilesAction);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    if (!sampleDir().isEmpty())
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
    edit->addAction(m_approveAction);
    edit->addAction(m_copyUsersAction);
    edit->addAction(m_copyJsonAction);
    edit->addSeparator();
    edit->addAction(m_findAction);

    QMenu* view = m_viewMenu = menuBar()->addMenu(tr("&View"));
    view->addAction(m_rulesTa7Action);
    view->addAction(m_rulesLegacyAction);
    view->addSeparator();
    view->addAction(m_localTimeAction);
    // The dock's toggle action is added in createProblemsDock().
    view->setObjectName(u"viewMenu"_s);

    QMenu* help = m_helpMenu = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_aboutDetectionAction);
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
    bar->addAction(m_openFolderAction);
    bar->addAction(m_reloadAction);
    bar->addSeparator();
    bar->addAction(m_approveAction);
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

QWidget* MainWindow::createEmptyPage()
{
    auto* page = new QWidget;
    auto* title = new QLabel(tr("No CloudTrail logs loaded"));
    m_emptyTitle = title;
    title->setObjectName(u"emptyTitle"_s);
    title->setWordWrap(true);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    title->setFont(big);
    title->setAlignment(Qt::AlignCenter);
    auto* text = new QLabel;
    m_emptyText = text;
    text->setObjectName(u"emptyText"_s);
    text->setWordWrap(true);
    // Several lines when a load read nothing: never shrunk below what its text needs.
    text->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::MinimumExpanding);
    text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    text->setAlignment(Qt::AlignCenter);
    text->setContentsMargins(40, 0, 40, 0);

    auto* openFolder = new QPushButton(tr("Open &Folder…"));
    openFolder->setDefault(true);
    connect(openFolder, &QPushButton::clicked, this, &MainWindow::chooseFolder);
    auto* openFiles = new QPushButton(tr("Open F&iles…"));
    connect(openFiles, &QPushButton::clicked, this, &MainWindow::chooseFiles);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(openFolder);
    buttons->addWidget(openFiles);
    if (!sampleDir().isEmpty()) {
        auto* sample = new QPushButton(tr("Open the &Sample"));
        sample->setObjectName(u"openSampleButton"_s);
        sample->setToolTip(tr("A small synthetic data set with both lists, to see what TrailWarden does"));
        connect(sample, &QPushButton::clicked, this, &MainWindow::openSample);
        buttons->addWidget(sample);
    }
    buttons->addStretch();

    auto* layout = new QVBoxLayout(page);
    layout->addStretch(2);
    layout->addWidget(title);
    layout->addWidget(text);
    layout->addSpacing(12);
    layout->addLayout(buttons);
    layout->addStretch(3);
    return page;
}

QWidget* MainWindow::createDataPage()
{
    auto* page = new QWidget;

    // Findings: filter row, lists in use, table.
    m_filter = new QLineEdit;
    m_filter->setPlaceholderText(tr("Filter by user, class or API name (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    auto* filterLabel = new QLabel(tr("F&ilter:"));
    filterLabel->setBuddy(m_filter);
    m_findingsLabel = new QLabel;
    auto* approveButton = new QToolButton;
    approveButton->setDefaultAction(m_approveAction);
    approveButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);

    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(filterLabel);
    filterRow->addWidget(m_filter, 1);
    filterRow->addSpacing(12);
    filterRow->addWidget(m_findingsLabel);
    filterRow->addSpacing(12);
    filterRow->addWidget(approveButton);

    // Running without both lists is allowed (a first look at new logs), but never unnoticed: every
    // approved service account is then a finding.
    m_noListsBanner = new QLabel(
        tr("Nothing is excluded: no approved-accounts list and no identity list are in use, so every user "
           "with successful API calls is a finding. Choose them in the File menu (Choose Approved Accounts "
           "CSV…, Choose Identity List…)."));
    m_noListsBanner->setObjectName(u"noListsBanner"_s);
    m_noListsBanner->setWordWrap(true);
    m_noListsBanner->setStyleSheet(
        u"QLabel { background: #fff4ce; color: #4a3800; border: 1px solid #e0b400; padding: 4px 8px; }"_s);
    m_noListsBanner->hide();

    m_listsLabel = new QLabel;
    m_listsLabel->setTextFormat(Qt::PlainText);
    m_listsLabel->setForegroundRole(QPalette::PlaceholderText);
    m_listsLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    // A '*' row excludes every user: an empty findings table would look like good news.
    m_everyoneBanner = new QLabel;
    m_everyoneBanner->setObjectName(u"everyoneBanner"_s);
    m_everyoneBanner->setTextFormat(Qt::PlainText);
    m_everyoneBanner->setWordWrap(true);
    m_everyoneBanner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_everyoneBanner->setAutoFillBackground(true);
    m_everyoneBanner->setMargin(6);
    {
        QPalette warn = m_everyoneBanner->palette();
        warn.setColor(QPalette::Window, QColor(0xa4, 0x16, 0x1a));
        warn.setColor(QPalette::WindowText, Qt::white);
        m_everyoneBanner->setPalette(warn);
        QFont bold = m_everyoneBanner->font();
        bold.setBold(true);
        m_everyoneBanner->setFont(bold);
    }
    m_everyoneBanner->hide();

    m_findingsView = makeTable(page);
    m_findingsView->setObjectName(u"findingsView"_s);
    m_findingsView->setAccessibleName(tr("Findings"));
    m_findingsView->setModel(m_findingsProxy);
    m_findingsView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_findingsView->setContextMenuPolicy(Qt::CustomContextMenu);
    m_findingsView->addAction(m_copyUsersAction);
    connect(m_findingsView, &QWidget::customContextMenuRequested, this, &MainWindow::findingsContextMenu);
    // The drill-down follows the current finding one event-loop turn later: an approval removes
    // the current row inside the table update, and the next finding's events (100,000+ at 1M
    // events) need not hold up the rows leaving; arrowing through findings coalesces too.
    m_eventsTimer.setSingleShot(true);
    m_eventsTimer.setInterval(0);
    connect(&m_eventsTimer, &QTimer::timeout, this, &MainWindow::refreshEvents);
    connect(m_findingsView->selectionModel(), &QItemSelectionModel::currentRowChanged, &m_eventsTimer,
            qOverload<>(&QTimer::start));
    connect(m_findingsView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateActions);
    QHeaderView* fh = m_findingsView->horizontalHeader();
    // Room for the typical values (two 12-digit accounts, two identity types); API names take the rest.
    const QFontMetrics fm = m_findingsView->fontMetrics();
    const auto width = [&fm](QStringView sample) { return fm.horizontalAdvance(sample.toString()) + 18; };
    fh->resizeSection(FindingsModel::User, width(u"AWSServiceRoleForElasticLoadBalancing"));
    fh->resizeSection(FindingsModel::Class, width(u"workload identity"));
    fh->resizeSection(FindingsModel::IdentityTypes, width(u"AWSService, AssumedRole"));
    fh->resizeSection(FindingsModel::Accounts, width(u"655199147148, 712583680235"));
    fh->resizeSection(FindingsModel::Count, width(u"Count 00"));
    fh->resizeSection(FindingsModel::FirstSeen, width(u"2026-10-01T07:15:29+00:00"));
    fh->resizeSection(FindingsModel::LastSeen, width(u"2026-10-01T07:15:29+00:00"));
    fh->resizeSection(FindingsModel::DistinctApis, width(u"APIs 00"));
    m_findingsView->sortByColumn(FindingsModel::User, Qt::AscendingOrder);

    auto* findingsBox = new QWidget;
    auto* findingsLayout = new QVBoxLayout(findingsBox);
    findingsLayout->setContentsMargins(0, 0, 0, 0);
    findingsLayout->addWidget(m_engineBanner);
    findingsLayout->addLayout(filterRow);
    findingsLayout->addWidget(m_noListsBanner);
    findingsLayout->addWidget(m_listsLabel);
    findingsLayout->addWidget(m_everyoneBanner);
    findingsLayout->addWidget(m_findingsView);

    // Events of the current finding.
    m_eventsLabel = new QLabel(tr("&Events"));
    m_eventsLabel->setTextFormat(Qt::PlainText); // it names a user from the log: never markup
    m_eventsView = makeTable(page);
    m_eventsView->setObjectName(u"eventsView"_s);
    m_eventsView->setAccessibleName(tr("Events of the current finding"));
    m_eventsView->setModel(m_events);
    m_eventsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_eventsLabel->setBuddy(m_eventsView);
    m_eventsView->addAction(m_copyJsonAction);
    m_eventsView->addAction(m_copyEngineQueryAction);
    m_eventsView->setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(m_eventsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::onEventChanged);
    QHeaderView* eh = m_eventsView->horizontalHeader();
    eh->resizeSection(EventsModel::Time, width(u"2026-10-01T07:15:29+00:00"));
    eh->resizeSection(EventsModel::EventName, 190);
    eh->resizeSection(EventsModel::EventSource, 170);
    eh->resizeSection(EventsModel::Region, width(u"ap-northeast-1"));
    eh->resizeSection(EventsModel::Account, 110);
    eh->resizeSection(EventsModel::SourceIp, 120);
    eh->resizeSection(EventsModel::UserAgent, 200);
    eh->resizeSection(EventsModel::ReadOnly, 75);
    m_eventsView->sortByColumn(EventsModel::Time, Qt::AscendingOrder);

    auto* eventsBox = new QWidget;
    auto* eventsLayout = new QVBoxLayout(eventsBox);
    eventsLayout->setContentsMargins(0, 0, 0, 0);
    eventsLayout->addWidget(m_eventsLabel);
    eventsLayout->addWidget(m_eventsView);

    m_raw = new RawRecordPane;

    m_detailSplitter = new QSplitter(Qt::Horizontal);
    m_detailSplitter->setObjectName(u"detailSplitter"_s);
    m_detailSplitter->addWidget(eventsBox);
    m_detailSplitter->addWidget(m_raw);
    m_detailSplitter->setStretchFactor(0, 3);
    m_detailSplitter->setStretchFactor(1, 2);
    m_detailSplitter->setChildrenCollapsible(false);
    m_detailSplitter->setSizes({640, 360});

    m_mainSplitter = new QSplitter(Qt::Vertical);
    m_mainSplitter->setObjectName(u"mainSplitter"_s);
    m_mainSplitter->addWidget(findingsBox);
    m_mainSplitter->addWidget(m_detailSplitter);
    m_mainSplitter->setStretchFactor(0, 1);
    m_mainSplitter->setStretchFactor(1, 1);
    m_mainSplitter->setChildrenCollapsible(false);
    m_mainSplitter->setSizes({500, 400});

    // Tabs: the findings as they were, and the list stewardship beside them (installStewardship).
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(u"mainTabs"_s);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_mainSplitter, tr("Findings"));
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(m_tabs);

    setTabOrder(m_filter, m_findingsView);
    setTabOrder(m_findingsView, m_eventsView);
    return page;
}

void MainWindow::createStatusBar()
{
    m_progressLabel = new QLabel;
    m_progressBar = new QProgressBar;
    m_progressBar->setRange(0, 1000);
    m_progressBar->setMaximumWidth(220);
    m_progressBar->setTextVisible(false);
    m_cancelButton = new QPushButton(tr("Cancel"));
    m_cancelButton->setToolTip(tr("Stop loading (Esc)"));
    m_cancelButton->setShortcut(Qt::Key_Escape);
    connect(m_cancelButton, &QPushButton::clicked, &m_session, &AnalysisSession::cancel);
    m_summaryLabel = new QLabel;

    // Permanent widgets: a status message must never hide the progress of a running load.
    statusBar()->addPermanentWidget(m_progressLabel);
    statusBar()->addPermanentWidget(m_progressBar);
    statusBar()->addPermanentWidget(m_cancelButton);
    statusBar()->addPermanentWidget(m_summaryLabel);
    m_progressLabel->hide();
    m_progressBar->hide();
    m_cancelButton->hide();
}

void MainWindow::createProblemsDock()
{
    m_problemsDock = new QDockWidget(tr("Load Problems"), this);
    m_problemsDock->setObjectName(u"problemsDock"_s);
    auto* proxy = new StableSortProxy(m_problemsDock);
    proxy->setSortRole(LoadProblemsModel::SortRole);
    proxy->setSourceModel(m_problems);
    auto* view = makeTable(m_problemsDock);
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
    restoreGeometry(s.value(u"window/geometry"_s).toByteArray());
    restoreState(s.value(u"window/state"_s).toByteArray());
    m_mainSplitter->restoreState(s.value(u"window/mainSplitter"_s).toByteArray());
    m_detailSplitter->restoreState(s.value(u"window/detailSplitter"_s).toByteArray());
    for (auto [view, key] : {std::pair{m_findingsView, u"window/findingsHeader2"_s},
                             std::pair{m_eventsView, u"window/eventsHeader"_s}}) {
        QHeaderView* header = view->horizontalHeader();
        if (header->restoreState(s.value(key).toByteArray())) {
            view->sortByColumn(header->sortIndicatorSection(), header->sortIndicatorOrder());
            m_fitColumns = false;
        }
    }
    m_localTimeAction->setChecked(s.value(u"view/localTime"_s, false).toBool());
    const auto rules = s.value(u"view/rules"_s).toString() == u"legacy" ? RuleSet::Legacy : RuleSet::Ta7;
    setRules(rules);
}

void MainWindow::saveSettings() const
{
    QSettings s;
    s.setValue(u"window/geometry"_s, saveGeometry());
    s.setValue(u"window/state"_s, saveState());
    s.setValue(u"window/mainSplitter"_s, m_mainSplitter->saveState());
    s.setValue(u"window/detailSplitter"_s, m_detailSplitter->saveState());
    s.setValue(u"window/findingsHeader2"_s, m_findingsView->horizontalHeader()->saveState());
    s.setValue(u"window/eventsHeader"_s, m_eventsView->horizontalHeader()->saveState());
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
    const QString folder = dataFolderOf(absolute);
    const bool newFolder = folder != m_dataFolder;
    const bool firstData = m_dataFolder.isEmpty();
    m_dataFolder = folder;
    addRecentFolder(folder);
    setWindowTitle(tr("%1 — TrailWarden").arg(QFileInfo(folder).fileName()));

    if (newFolder && firstData &&
        (!m_session.approvedPath().isEmpty() || !m_session.identityPath().isEmpty())) {
        // Lists chosen before any data (--approved, --identities) are the ones for this folder.
        rememberLists();
    } else if (newFolder) {
        // The lists belong to the data: take the ones used last time with this folder, else look
        // for the usual lookups next to it. Lists already in use stay when neither exists.
        const QVariantMap lists = QSettings().value(u"dataFolders"_s).toMap().value(folder).toMap();
        const QString approved = lists.value(u"approved"_s).toString();
        const QString identities = lists.value(u"identities"_s).toString();
        if (!approved.isEmpty() || !identities.isEmpty()) {
            if (!approved.isEmpty())
                setApprovedPath(approved);
            if (!identities.isEmpty())
                setIdentityPath(identities);
        } else if (m_session.approvedPath().isEmpty() && m_session.identityPath().isEmpty()) {
            findLookupsNear(folder);
        }
    }

    m_selectFirstAfterLoad = true;
    // A reload keeps the analyst on the finding they were looking at, when it is still there.
    const QModelIndex current = m_findingsView->currentIndex();
    m_userToReselect =
        current.isValid() ? current.siblingAtColumn(FindingsModel::User).data().toString() : QString();
    m_session.load(absolute);
}

void MainWindow::findLookupsNear(const QString& folder)
{
    const QDir dir(folder);
    for (const QString& candidate : {u"lookups"_s, u"../lookups"_s, u"."_s}) {
        const QString approved = QDir::cleanPath(dir.filePath(candidate + u"/aws_service_accounts.csv"_s));
        const QString identities =
            QDir::cleanPath(dir.filePath(candidate + u"/identity_lookup_expanded.csv"_s));
        const bool haveApproved = QFileInfo::exists(approved);
        const bool haveIdentities = QFileInfo::exists(identities);
        if (!haveApproved && !haveIdentities)
            continue;
        if (haveApproved)
            setApprovedPath(approved);
        if (haveIdentities)
            setIdentityPath(identities);
        showStatus(tr("Using the lookups found in %1 (File ▸ Choose… to change)")
                       .arg(QDir::toNativeSeparators(QFileInfo(approved).absolutePath())));
        return;
    }
}

bool MainWindow::reopenLastFolder()
{
    const QStringList recent = QSettings().value(u"recentFolders"_s).toStringList();
    if (recent.isEmpty() || !QFileInfo(recent.first()).isDir())
        return false;
    openPaths({recent.first()});
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
    const QString dir = sampleDir();
    if (dir.isEmpty())
        return;
    // The bundled lists are read-only (installed) or part of the source tree: approvals made while
    // trying the sample go to a private copy, made once and kept between runs.
    const QString copies = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/sample"_s;
    QDir().mkpath(copies);
    const QString approved = copies + u"/aws_service_accounts.csv"_s;
    const QString identities = copies + u"/identity_lookup_expanded.csv"_s;
    for (const QString& copy : {approved, identities}) {
        if (QFileInfo::exists(copy))
            continue;
        QFile::copy(dir + u"/lookups/"_s + QFileInfo(copy).fileName(), copy);
        QFile::setPermissions(copy,
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    }
    openPaths({dir + u"/AWSLogs"_s});
    setApprovedPath(approved);
    setIdentityPath(identities);
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
    m_approvals->setApprovedList(absolute);
    rememberLists();
    updateListsLabel();
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
    updateListsLabel();
    return true;
}

void MainWindow::rememberLists() const
{
    if (m_dataFolder.isEmpty())
        return;
    QSettings s;
    QVariantMap all = s.value(u"dataFolders"_s).toMap();
    QVariantMap lists;
    lists.insert(u"approved"_s, m_session.approvedPath());
    lists.insert(u"identities"_s, m_session.identityPath());
    all.insert(m_dataFolder, lists);
    s.setValue(u"dataFolders"_s, all);
}

void MainWindow::addRecentFolder(const QString& folder)
{
    QSettings s;
    QStringList recent = s.value(u"recentFolders"_s).toStringList();
    recent.removeAll(folder);
    recent.prepend(folder);
    while (recent.size() > kMaxRecentFolders)
        recent.removeLast();
    s.setValue(u"recentFolders"_s, recent);
}

void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(u"recentFolders"_s).toStringList();
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
        m_recentMenu->addAction(tr("&Clear List"), this, [] { QSettings().remove(u"recentFolders"_s); });
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
    m_emptyTitle->setText(tr("Loading %1…").arg(QFileInfo(m_dataFolder).fileName()));
    m_loadClock.start();
    m_progressBar->setValue(0);
    m_progressLabel->setText(tr("Reading…"));
    m_progressLabel->show();
    m_progressBar->show();
    m_cancelButton->show();
    m_reloadAction->setEnabled(false);
}

void MainWindow::onProgress(quint64 filesDone, quint64 filesTotal, quint64 bytesDone, quint64 bytesTotal,
                            quint64 events)
{
    if (bytesTotal > 0)
        m_progressBar->setValue(int(1000.0 * double(bytesDone) / double(bytesTotal)));
    else
        m_progressBar->setRange(0, 0);
    const double seconds = std::max<qint64>(m_loadClock.elapsed(), 1) / 1000.0;
    const double mbPerSecond = double(bytesDone) / (1024.0 * 1024.0) / seconds;
    m_progressLabel->setText(tr("%1 of %2 files · %3 events · %4 MB/s")
                                 .arg(number(filesDone), number(filesTotal), number(events))
                                 .arg(mbPerSecond, 0, 'f', 1));
}

void MainWindow::onLoadFinished(bool cancelled)
{
    showFindingsPage(m_session.store() != nullptr);
    const qint64 ms = m_loadClock.elapsed();
    m_progressBar->setRange(0, 1000);
    m_progressLabel->hide();
    m_progressBar->hide();
    m_cancelButton->hide();
    m_reloadAction->setEnabled(true);

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
        QString text = tr("Loaded %1 events from %2 files (%3 MB) in %4 s.")
                           .arg(number(store->counts.events), number(store->counts.files))
                           .arg(mb, 0, 'f', 1)
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
    if (m_fitColumns && m_findingsProxy->rowCount() > 0) {
        // First data in a window without saved column widths: fit the text columns to what is
        // there (bounded, the rest is in the tooltip); the user's own widths are kept afterwards.
        m_fitColumns = false;
        const int maxWidth = m_findingsView->fontMetrics().horizontalAdvance(QString(48, u'x'));
        for (int column :
             {int(FindingsModel::User), int(FindingsModel::IdentityTypes), int(FindingsModel::Accounts)}) {
            m_findingsView->resizeColumnToContents(column);
            QHeaderView* header = m_findingsView->horizontalHeader();
            header->resizeSection(column, std::min(header->sectionSize(column), maxWidth));
        }
    }
    if (m_selectFirstAfterLoad && m_findingsProxy->rowCount() > 0 &&
        (m_userToReselect.isEmpty() || !selectUser(m_userToReselect))) {
        m_findingsView->setCurrentIndex(m_findingsProxy->index(0, 0));
        m_findingsView->selectRow(0);
    }
    m_selectFirstAfterLoad = false;
    Q_EMIT loadCompleted(false);
}

void MainWindow::onResultChanged()
{
    m_findings->setSnapshot(m_session.store(), m_session.result());
    if (m_approveClock.isValid())
        m_lastApproveTableMs = m_approveClock.elapsed();
    showFindingsPage(m_session.store() != nullptr);
    m_eventsTimer.start();
    updateSummary();
    updateListsLabel(); // the entry count changes with every approval
    updateActions();
    updateEngineBanner();
}

void MainWindow::onLookupProblemsChanged()
{
    const std::vector<LoadProblem>& problems = m_approvals->lookupProblems();
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
        m_emptyTitle->setText(tr("No CloudTrail events were read"));
        m_emptyText->setTextFormat(Qt::PlainText); // file names from disk: never markup
        m_emptyText->setText(describeNothingRead(*store, m_paths) + u".\n\n" + nothingReadAdvice(*store) +
                             u' ' +
                             tr("View ▸ Load Problems (Ctrl+P) lists each file skipped or failed, with the "
                                "reason. Open another folder, or open the files themselves (Open Files…)."));
    } else if (!m_session.isLoading()) {
        m_emptyTitle->setText(tr("No CloudTrail logs loaded"));
        m_emptyText->setTextFormat(Qt::RichText);
        m_emptyText->setText(
            tr("Open a folder of CloudTrail logs (for example the S3 <tt>AWSLogs</tt> folder "
               "or an export of CloudTrail Lake), open files, or drop them on this window."));
    }
    m_stack->setCurrentWidget(haveData && !nothingRead ? m_dataPage : m_emptyPage);
}

// ---------------------------------------------------------------------------------------------
// Tables

void MainWindow::refreshEvents()
{
    m_eventsTimer.stop();
    const QModelIndex current = m_findingsView->selectionModel()->currentIndex();
    const UserActivity* activity =
        current.isValid() ? m_findings->activityAt(m_findingsProxy->mapToSource(current).row()) : nullptr;
    const auto store = m_findings->store();
    const auto result = m_findings->result();
    if (!activity || !store || !result) {
        if (m_eventsStore) {
            m_events->clear();
            m_raw->clear();
            m_eventsStore.reset();
            m_eventsUser = 0;
            m_eventsLabel->setText(tr("&Events"));
        }
        return;
    }
    if (store == m_eventsStore && activity->user == m_eventsUser && result->rules == m_eventsRules)
        return;
    m_eventsStore = store;
    m_eventsUser = activity->user;
    m_eventsRules = result->rules;
    m_events->setEvents(store, eventsOfUser(*store, result->rules, activity->user));
    // The class and its evidence: whoever reads the events knows whether a person made them.
    QString who = principalClassName(activity->principal.cls) + u": "_s +
                  ReportText::visible(activity->principal.evidence);
    if (activity->principal.adminLike)
        who += u"; "_s +
               tr("administrator access (%1)").arg(ReportText::visible(activity->principal.adminEvidence));
    m_eventsLabel->setText(tr("&Events of %1 (%2) · %3")
                               .arg(escapeMnemonic(ReportText::visible(store->qstr(activity->user))),
                                    number(m_events->rowCount()), escapeMnemonic(who)));
    m_raw->clear();
    if (m_events->rowCount() > 0)
        m_eventsView->setCurrentIndex(m_events->index(0, 0));
}

void MainWindow::onEventChanged()
{
    const QModelIndex current = m_eventsView->selectionModel()->currentIndex();
    if (!current.isValid()) {
        m_raw->clear();
        return;
    }
    const auto event = current.data(EventsModel::EventIndexRole).toUInt();
    m_raw->showRecord(m_events->store(), event);
}

bool MainWindow::selectUser(const QString& user)
{
    for (int row = 0; row < m_findingsProxy->rowCount(); ++row) {
        const QModelIndex index = m_findingsProxy->index(row, FindingsModel::User);
        if (index.data(Qt::DisplayRole).toString() == user) {
            m_findingsView->setCurrentIndex(index);
            m_findingsView->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect |
                                                                QItemSelectionModel::Rows);
            m_findingsView->scrollTo(index);
            refreshEvents();
            return true;
        }
    }
    return false;
}

QString MainWindow::findingAfterSelection() const
{
    const QModelIndex current = m_findingsView->currentIndex();
    if (!current.isValid())
        return {};
    const QItemSelectionModel* selection = m_findingsView->selectionModel();
    const int rows = m_findingsProxy->rowCount();
    // The first unselected row below the current one, else the nearest above it.
    for (int row = current.row() + 1; row < rows; ++row)
        if (!selection->isRowSelected(row, {}))
            return m_findingsProxy->index(row, FindingsModel::User).data().toString();
    for (int row = current.row() - 1; row >= 0; --row)
        if (!selection->isRowSelected(row, {}))
            return m_findingsProxy->index(row, FindingsModel::User).data().toString();
    return {};
}

QStringList MainWindow::selectedUsers() const
{
    QStringList users;
    QModelIndexList rows = m_findingsView->selectionModel()->selectedRows(FindingsModel::User);
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    // The names as the logs have them, not as displayed: the display shows invisible and control
    // characters as [U+200B], and approving that text would write a name that matches nobody.
    const auto store = m_findings->store();
    for (const QModelIndex& index : std::as_const(rows))
        users.append(store ? store->qstr(index.data(FindingsModel::UserIdRole).toUInt())
                           : index.data(Qt::DisplayRole).toString());
    return users;
}

void MainWindow::copySelectedUsers()
{
    const QStringList users = selectedUsers();
    if (!users.isEmpty())
        QApplication::clipboard()->setText(users.join(u'\n'));
}

void MainWindow::findingsContextMenu(const QPoint& pos)
{
    QMenu menu(this);
    menu.addAction(m_approveAction);
    menu.addAction(m_copyUsersAction);
    if (m_session.imported())
        menu.addAction(m_copyEngineQueryAction);
    menu.exec(m_findingsView->viewport()->mapToGlobal(pos));
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
        showStatus(tr("Re-ran the detection with the %1 rules: %2.")
                       .arg(ruleSetName(rules), findings(quint64(m_findings->rowCount()))));
}

void MainWindow::setLocalTime(bool localTime)
{
    m_findings->setLocalTime(localTime);
    m_events->setLocalTime(localTime);
}

void MainWindow::updateSummary()
{
    const auto store = m_session.store();
    const auto result = m_session.result();
    if (!store || !result) {
        m_summaryLabel->clear();
        m_findingsLabel->clear();
        return;
    }
    const LoadCounts& c = store->counts;
    if (c.events == 0) {
        m_summaryLabel->setText(tr("No events read"));
        m_summaryLabel->setToolTip(describeNothingRead(*store, m_paths));
        m_findingsLabel->setText(tr("no events read"));
        return;
    }
    m_summaryLabel->setText(tr("%1 events · %2 duplicates · %3 malformed · %4 excluded · %5 findings")
                                .arg(number(c.events), number(c.duplicates), number(c.malformed),
                                     number(result->excluded), number(result->findings.size())));
    m_summaryLabel->setToolTip(tr("%1 files read (%2 unreadable, %3 digest/Insight files skipped); %4 "
                                  "successful events; %5 users excluded by the lists")
                                   .arg(number(c.files), number(c.unreadable), number(c.skipped),
                                        number(result->successful), number(result->excludedUsers)));
    const int shown = m_findingsProxy->rowCount();
    const int total = m_findings->rowCount();
    m_findingsLabel->setText(shown == total
                                 ? findings(quint64(total))
                                 : tr("%1 of %2").arg(number(quint64(shown)), findings(quint64(total))));
}

void MainWindow::updateListsLabel()
{
    const auto describe = [](const QString& path, const LookupLoad& list) {
        if (path.isEmpty())
            return tr("none");
        const QString name = QDir::toNativeSeparators(path);
        if (!QFileInfo::exists(path))
            return tr("%1 (created on the first approval)").arg(name);
        return tr("%1 (%2)").arg(name, count(quint64(list.identities.size()), tr("entry"), tr("entries")));
    };
    m_noListsBanner->setVisible(m_session.store() && m_session.approvedPath().isEmpty() &&
                                m_session.identityPath().isEmpty());
    m_listsLabel->setText(tr("Approved accounts: %1    Identity list: %2")
                              .arg(describe(m_session.approvedPath(), m_session.approvedList()),
                                   describe(m_session.identityPath(), m_session.identityList())));

    QStringList everyone;
    const auto matchesEveryone = [&everyone](const QString& path, const LookupLoad& list,
                                             const QString& what) {
        QStringList lines;
        for (const IdentityEntry& e : list.entries)
            if (isAllWildcard(e.identity))
                lines << QString::number(e.line);
        if (!lines.isEmpty())
            everyone
                << tr("⚠ The %1 %2 has an entry of only '*' (line %3), which matches every user name: it "
                      "excludes everyone, so no finding can be shown. Remove it unless that is intended.")
                       .arg(what, ReportText::visible(QDir::toNativeSeparators(path)), lines.join(u", "_s));
    };
    matchesEveryone(m_session.approvedPath(), m_session.approvedList(), tr("approved accounts list"));
    matchesEveryone(m_session.identityPath(), m_session.identityList(), tr("identity list"));
    m_everyoneBanner->setText(everyone.join(u'\n'));
    m_everyoneBanner->setVisible(!everyone.isEmpty());
}

void MainWindow::updateActions()
{
    const bool haveSelection = m_findingsView->selectionModel()->hasSelection();
    m_approveAction->setEnabled(m_session.store() && haveSelection);
    m_copyUsersAction->setEnabled(haveSelection);
    m_reloadAction->setEnabled(!m_paths.isEmpty() && !m_session.isLoading());
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
    QStringList users = selectedUsers();
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
    std::optional<ApprovalRequest> request;
    if (m_approvalPrompt) {
        request = m_approvalPrompt(users, defaults);
    } else {
        ApproveDialog dialog(users, QDir::toNativeSeparators(m_session.approvedPath()), defaults, guards,
                             this);
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
    const QString nextUser = findingAfterSelection();
    const bool approved = m_approvals->approve(users, request->reason, request->approver, [this] {
        m_findingsView->selectionModel()->clearCurrentIndex();
        m_approveClock.start();
    });
    if (m_approveClock.isValid()) {
        m_lastApproveUpdateMs = m_approveClock.elapsed();
        m_approveClock.invalidate();
    }
    // Keep the keyboard flow going: the next finding becomes current and selected.
    if (approved && !nextUser.isEmpty())
        QTimer::singleShot(0, this, [this, nextUser] { selectUser(nextUser); });
}

std::vector<ApprovalGuard> MainWindow::approvalGuards(const QStringList& users) const
{
    std::vector<ApprovalGuard> guards;
    const auto store = m_findings->store();
    for (int row = 0; store && row < m_findings->rowCount(); ++row) {
        const UserActivity* a = m_findings->activityAt(row);
        const QString name = store->qstr(a->user);
        if (!users.contains(name))
            continue;
        const PrincipalVerdict& v = a->principal;
        if (v.cls != PrincipalClass::Root && v.cls != PrincipalClass::Person && !v.adminLike)
            continue;
        ApprovalGuard g{name, v, {}};
        for (auto id : a->accounts)
            g.accounts << store->qstr(id);
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

    statusBar()->addPermanentWidget(m_approvedPanel->suppressedLabel());
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

void MainWindow::aboutDetection()
{
    DetectionHelpDialog dialog(this);
    dialog.exec();
}

} // namespace tw
