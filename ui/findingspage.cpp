// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/findingspage.h"

#include "core/detection/activityseries.h"
#include "core/detection/pivot.h"
#include "core/lists/identitylists.h"
#include "core/report/reporttext.h"
#include "ui/elidedlabel.h"
#include "ui/fieldsummarypanel.h"
#include "ui/jsontreeview.h"
#include "ui/models/eventsmodel.h"
#include "ui/models/findingsmodel.h"
#include "ui/models/findingsproxy.h"
#include "ui/models/reviewmarks.h"
#include "ui/rawrecordpane.h"
#include "ui/viewhelpers.h"
#include "ui/workerpool.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QResizeEvent>
#include <QSettings>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace tw {

namespace {

// The analyst's choice for the imported result's panel ("expanded" or "collapsed"); absent: it
// folds by itself in a short window.
const QString kEngineTotalsKey = u"window/engineTotalsPanel"_s;

} // namespace

FindingsPage::FindingsPage(AnalysisSession& session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
{
    setObjectName(u"findingsPage"_s);
    m_findings = new FindingsModel(this);
    m_findingsProxy = new FindingsProxy(this);
    m_findingsProxy->setSourceModel(m_findings);
    // 100,000 findings are sorted on a worker: the count says so until the order is in.
    connect(m_findings, &FindingsModel::sortingChanged, this, &FindingsPage::updateCount);
    m_events = new EventsModel(this);
    createActions();

    // Findings: filter row, lists in use, table.
    m_filter = new QLineEdit;
    m_filter->setPlaceholderText(
        tr("Filter by user, class, status, note, account, API, source IP, user agent or region (Ctrl+F)"));
    m_filter->setToolTip(tr(
        "Shows the findings in which every word occurs: in the user, class, identity types, accounts (ids or "
        "names) or API names, in the triage status, owner, ticket or note, or in the source IP, user agent "
        "or "
        "region of one of its counted events. Cells that match are highlighted, and the events below narrow "
        "to "
        "those that match."));
    m_filter->setClearButtonEnabled(true);
    auto* filterLabel = new QLabel(tr("F&ilter:"));
    filterLabel->setBuddy(m_filter);
    m_findingsLabel = new QLabel;
    m_findingsLabel->setObjectName(u"findingsCount"_s);
    m_filterTimer = connectDebouncedFilter(m_filter, [this](const QString&) { applyFilter(); });

    // New since the last review (docs/detection.md): a chip like the Approved accounts tab's flags.
    m_newChip = new QToolButton;
    m_newChip->setObjectName(u"newChip"_s);
    m_newChip->setCheckable(true);
    m_newChip->setToolTip(tr("Only the findings new since the last review: never reviewed, or active since "
                             "with an API, account or region not seen at a review (Triage ▸ Mark Load as "
                             "Reviewed)"));
    m_newChip->setStyleSheet(u"QToolButton { border-left: 4px solid #c2410c; padding: 2px 6px; }"_s);
    m_newChip->hide();
    connect(m_newChip, &QToolButton::toggled, this, [this](bool on) {
        m_findingsProxy->setNewOnly(on);
        applyFilter();
    });

    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(filterLabel);
    filterRow->addWidget(m_filter, 1);
    filterRow->addWidget(m_newChip);
    filterRow->addSpacing(12);
    filterRow->addWidget(m_findingsLabel);
    // Approve is the toolbar's, the Edit menu's and the context menu's: a second button here did
    // the same thing under another look.

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
    m_listsLabel->setObjectName(u"listsLabel"_s);
    m_listsLabel->setTextFormat(Qt::PlainText);
    m_listsLabel->setForegroundRole(QPalette::PlaceholderText);
    m_listsLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Long paths must not set the window's minimum width (960 px at 200% on 1920×1080): clipped,
    // and whole in the tooltip.
    m_listsLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

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

    m_findingsView = new QTableView(this);
    setupTableView(m_findingsView);
    m_findingsView->setObjectName(u"findingsView"_s);
    m_findingsView->setAccessibleName(tr("Findings"));
    m_findingsView->setModel(m_findingsProxy);
    m_findingsView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_findingsView->setContextMenuPolicy(Qt::CustomContextMenu);
    m_findingsView->addAction(m_copyUsersAction);
    connect(m_findingsView, &QWidget::customContextMenuRequested, this, &FindingsPage::contextMenu);
    // The drill-down follows the current finding one event-loop turn later: an approval removes
    // the current row inside the table update, and the next finding's events (100,000+ at 1M
    // events) need not hold up the rows leaving; arrowing through findings coalesces too.
    m_eventsTimer.setSingleShot(true);
    m_eventsTimer.setInterval(0);
    connect(&m_eventsTimer, &QTimer::timeout, this, &FindingsPage::refreshEvents);
    connect(&m_drillDown, &QFutureWatcher<DrillDown>::resultReadyAt, this, &FindingsPage::onDrillDownResult);
    connect(m_findingsView->selectionModel(), &QItemSelectionModel::currentRowChanged, &m_eventsTimer,
            qOverload<>(&QTimer::start));
    connect(m_findingsView->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        Q_EMIT selectionChanged();
    });
    QHeaderView* fh = m_findingsView->horizontalHeader();
    // Room for the typical values (two 12-digit accounts, two identity types); API names take the rest.
    const auto width = [this](QStringView sample) { return columnWidthFor(m_findingsView, sample); };
    fh->resizeSection(FindingsModel::User, width(u"AWSServiceRoleForElasticLoadBalancing"));
    fh->resizeSection(FindingsModel::Risk, width(u"Risk 00"));
    fh->resizeSection(FindingsModel::Class, width(u"workload identity"));
    fh->resizeSection(FindingsModel::IdentityTypes, width(u"AWSService, AssumedRole"));
    fh->resizeSection(FindingsModel::Accounts, width(u"655199147148, 712583680235"));
    fh->resizeSection(FindingsModel::Count, width(u"Count 00"));
    fh->resizeSection(FindingsModel::Writes, width(u"Writes 00"));
    fh->resizeSection(FindingsModel::Failed, width(u"Failed 00"));
    fh->resizeSection(FindingsModel::FirstSeen, width(u"2026-10-01T07:15:29+00:00"));
    fh->resizeSection(FindingsModel::LastSeen, width(u"2026-10-01T07:15:29+00:00"));
    fh->resizeSection(FindingsModel::DistinctApis, width(u"APIs 00"));
    fh->resizeSection(FindingsModel::New, width(u"New 0"));
    fh->resizeSection(FindingsModel::Status, width(u"Investigating"));
    fh->resizeSection(FindingsModel::Owner, width(u"Owner name"));
    fh->resizeSection(FindingsModel::Ticket, width(u"SEC-00000"));
    fh->resizeSection(FindingsModel::Note, width(u"A short note of some words"));
    // The review columns are the model's last (saved layouts keep their meaning); they are seen
    // beside the risk (new, status, owner, ticket), and the note before the long API names.
    int after = fh->visualIndex(FindingsModel::Risk);
    for (int column : {int(FindingsModel::New), int(FindingsModel::Status), int(FindingsModel::Owner),
                       int(FindingsModel::Ticket)})
        fh->moveSection(fh->visualIndex(column), ++after);
    fh->moveSection(fh->visualIndex(FindingsModel::Note), fh->visualIndex(FindingsModel::ApiNames));
    // The riskiest finding on top on a first run (docs/detection.md, Risk); ties keep the user order.
    m_findingsView->sortByColumn(FindingsModel::Risk, Qt::DescendingOrder);

    auto* findingsBox = new QWidget;
    m_findingsLayout = new QVBoxLayout(findingsBox);
    m_findingsLayout->setContentsMargins(0, 0, 0, 0);
    m_findingsLayout->addLayout(filterRow);
    m_findingsLayout->addWidget(m_noListsBanner);
    m_findingsLayout->addWidget(m_listsLabel);
    m_findingsLayout->addWidget(m_everyoneBanner);
    // An empty table after typing looks like "no findings": it says that the filter hides them.
    m_emptyNotice = new QWidget;
    m_emptyNotice->setObjectName(u"filterEmptyNotice"_s);
    {
        auto* row = new QHBoxLayout(m_emptyNotice);
        row->setContentsMargins(0, 0, 0, 0);
        m_emptyLabel = new QLabel;
        m_emptyLabel->setTextFormat(Qt::PlainText); // it quotes the filter: never markup
        auto* clear = new QPushButton(tr("Clear filter"));
        connect(clear, &QPushButton::clicked, this, &FindingsPage::clearFilter);
        row->addWidget(m_emptyLabel);
        row->addWidget(clear);
        row->addStretch();
    }
    m_emptyNotice->hide();
    m_findingsLayout->addWidget(m_emptyNotice);
    // A pivot's "Findings with This Value": the table shows only some findings, and says so.
    m_pivotBanner = new QWidget;
    m_pivotBanner->setObjectName(u"pivotFindingsBanner"_s);
    {
        auto* row = new QHBoxLayout(m_pivotBanner);
        row->setContentsMargins(0, 0, 0, 0);
        m_pivotLabel = new QLabel;
        m_pivotLabel->setTextFormat(Qt::PlainText); // it quotes a value from the logs: never markup
        auto* all = new QPushButton(tr("Show all findings"));
        connect(all, &QPushButton::clicked, this, &FindingsPage::showAllFindings);
        row->addWidget(m_pivotLabel);
        row->addWidget(all);
        row->addStretch();
    }
    m_pivotBanner->hide();
    m_findingsLayout->addWidget(m_pivotBanner);
    m_findingsLayout->addWidget(m_findingsView);

    // Events of the current finding.
    // Plain text (it names a user from the log: never markup), elided to the room beside the
    // failed-calls toggle (and, in a short window, the events' filter): the user's name first.
    m_eventsLabel = new ElidedLabel(Qt::ElideRight);
    m_eventsLabel->setObjectName(u"eventsLabel"_s);
    m_eventsView = new QTableView(this);
    setupTableView(m_eventsView);
    m_eventsView->setObjectName(u"eventsView"_s);
    m_eventsView->setAccessibleName(tr("Events of the current finding"));
    m_eventsView->setModel(m_events);
    m_eventsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_eventsView->setColumnHidden(EventsModel::User, true); // the drill-down is of one user
    m_eventsLabel->setBuddy(m_eventsView);
    m_eventsLabel->setFullText(tr("&Events"));
    m_eventsView->addAction(m_copyJsonAction);
    m_eventsView->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_eventsView, &QWidget::customContextMenuRequested, this, &FindingsPage::eventsContextMenu);
    connect(m_eventsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &FindingsPage::onEventChanged);
    // A sort of a huge finding's events runs on a worker: the label says so until it is adopted.
    connect(m_events, &EventsModel::sortingChanged, this, &FindingsPage::updateEventsLabel);
    connect(m_events, &EventsModel::completed, this, &FindingsPage::updateEventsLabel);
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

    // Failed calls are not counted by the detection, but AccessDenied probing is what a reviewer
    // wants to see beside the successful calls (docs/detection.md, Risk).
    m_failedToggle = new QCheckBox(tr("Show fai&led calls too"));
    m_failedToggle->setObjectName(u"failedCallsToggle"_s);
    m_failedToggle->setToolTip(tr("Also list the user's calls that failed (errorCode column); the detection "
                                  "counts only successful calls"));
    connect(m_failedToggle, &QCheckBox::toggled, this, &FindingsPage::refreshEvents);

    auto* eventsBox = new QWidget;
    auto* eventsLayout = m_eventsLayout = new QVBoxLayout(eventsBox);
    eventsLayout->setContentsMargins(0, 0, 0, 0);
    auto* eventsHeader = m_eventsHeader = new QHBoxLayout;
    eventsHeader->addWidget(m_eventsLabel, 3); // and the filter 2 in a short window
    eventsHeader->addWidget(m_failedToggle);
    eventsLayout->addLayout(eventsHeader);
    m_eventsFilter = new QLineEdit;
    m_eventsFilter->setObjectName(u"eventsFilter"_s);
    // Says every column EventsModel::textFiltered searches, so that an analyst pasting an access key
    // or a session's ARN knows it will be found.
    m_eventsFilter->setPlaceholderText(
        tr("Filter these events by API, source, region, account, IP, agent, error, access key or session"));
    m_eventsFilter->setToolTip(
        tr("Shows the events in which every word occurs: in the API name, event source, region, account (id "
           "or name), source IP, user agent, error code, user, access key id or session (its ARN or "
           "principal id "
           "and creation time)."));
    m_eventsFilter->setClearButtonEnabled(true);
    connectDebouncedFilter(m_eventsFilter, [this](const QString& text) {
        m_events->setFilterText(text);
        updateEventsLabel();
    });
    eventsLayout->addWidget(m_eventsFilter);
    // "Filter Events on This Value" (the raw event's tree) says what it hides and undoes itself.
    m_eventsFilterNotice = new QWidget;
    m_eventsFilterNotice->setObjectName(u"eventsFilterNotice"_s);
    {
        auto* row = new QHBoxLayout(m_eventsFilterNotice);
        row->setContentsMargins(0, 0, 0, 0);
        m_eventsFilterLabel = new QLabel;
        m_eventsFilterLabel->setTextFormat(Qt::PlainText); // it quotes a log value: never markup
        auto* all = new QPushButton(tr("Show All Events"));
        connect(all, &QPushButton::clicked, this, [this] { filterEventsOn({}, {}); });
        row->addWidget(m_eventsFilterLabel, 1);
        row->addWidget(all);
    }
    m_eventsFilterNotice->hide();
    eventsLayout->addWidget(m_eventsFilterNotice);
    eventsLayout->addWidget(m_eventsView);

    m_raw = new RawRecordPane;
    m_raw->tree()->setFilterablePaths(EventsModel::filterablePaths());
    connect(m_raw, &RawRecordPane::filterRequested, this, &FindingsPage::filterEventsOn);

    m_detailSplitter = new QSplitter(Qt::Horizontal);
    m_detailSplitter->setObjectName(u"detailSplitter"_s);
    m_detailSplitter->addWidget(eventsBox);
    m_detailSplitter->addWidget(m_raw);
    // What the finding's events have in common, as the reports count it.
    m_summary = new FieldSummaryPanel;
    m_detailSplitter->addWidget(m_summary);
    m_detailSplitter->setStretchFactor(0, 3);
    m_detailSplitter->setStretchFactor(1, 2);
    m_detailSplitter->setStretchFactor(2, 1);
    m_detailSplitter->setChildrenCollapsible(false);
    m_detailSplitter->setSizes({560, 300, 220});

    // An engine's result has per-user totals and no events: instead of an empty drill-down, what the
    // engine counted for the current finding and the way to its events (the window's action).
    m_importedDetail = new QWidget;
    m_importedDetail->setObjectName(u"importedDetail"_s);
    {
        auto* box = new QVBoxLayout(m_importedDetail);
        box->setContentsMargins(0, 0, 0, 0);
        m_importedTitle = new QLabel;
        m_importedTitle->setTextFormat(Qt::PlainText); // it names a user from the result: never markup
        m_importedTitle->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        QFont bold = m_importedTitle->font();
        bold.setBold(true);
        m_importedTitle->setFont(bold);
        m_importedText = new QLabel;
        m_importedText->setTextFormat(Qt::PlainText);
        m_importedText->setWordWrap(true);
        m_importedText->setTextInteractionFlags(Qt::TextSelectableByMouse);
        // Room for the wrapped text before the first finding is current (the panel's height is
        // taken from it when the result arrives).
        m_importedText->setMinimumHeight(m_importedText->fontMetrics().lineSpacing() * 3);
        m_importedQuery = new QToolButton;
        m_importedQuery->setObjectName(u"importedQueryButton"_s);
        m_importedQuery->setToolButtonStyle(Qt::ToolButtonTextOnly);
        m_importedQuery->hide(); // until the window gives its action
        // Folded, the panel is its first line: the user and the way to the events stay in sight, and
        // a short window (1920×1080 at 200%) keeps its height for the findings table.
        m_importedToggle = new QToolButton;
        m_importedToggle->setObjectName(u"importedDetailToggle"_s);
        m_importedToggle->setAutoRaise(true);
        m_importedToggle->setArrowType(Qt::DownArrow);
        m_importedToggle->setAccessibleName(tr("Show what the engine counted"));
        m_importedToggle->setToolTip(
            tr("Show or hide what the engine counted for the current finding (the table has the same "
               "totals)"));
        connect(m_importedToggle, &QToolButton::clicked, this, [this] {
            m_importedExpandedChoice = !m_importedExpanded;
            setImportedExpanded(*m_importedExpandedChoice);
        });
        auto* row = new QHBoxLayout;
        row->addWidget(m_importedToggle);
        row->addWidget(m_importedTitle, 1);
        row->addWidget(m_importedQuery);
        box->addLayout(row);
        box->addWidget(m_importedText);
        box->addStretch();
    }
    auto* detailBox = new QWidget;
    {
        auto* box = new QVBoxLayout(detailBox);
        box->setContentsMargins(0, 0, 0, 0);
        box->addWidget(m_detailSplitter);
        box->addWidget(m_importedDetail);
    }
    m_importedDetail->hide();

    m_mainSplitter = new QSplitter(Qt::Vertical);
    m_mainSplitter->setObjectName(u"mainSplitter"_s);
    m_mainSplitter->addWidget(findingsBox);
    m_mainSplitter->addWidget(detailBox);
    m_mainSplitter->setStretchFactor(0, 1);
    m_mainSplitter->setStretchFactor(1, 1);
    m_mainSplitter->setChildrenCollapsible(false);
    m_mainSplitter->setSizes({500, 400});
    connect(m_mainSplitter, &QSplitter::splitterMoved, this, [this] { m_splitMovedInShort = m_shortWindow; });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_mainSplitter);

    setTabOrder(m_filter, m_findingsView);
    setTabOrder(m_findingsView, m_eventsView);

    connect(&m_session, &AnalysisSession::resultChanged, this, &FindingsPage::onResultChanged);
    connect(&m_session, &AnalysisSession::accountAliasesChanged, this, &FindingsPage::applyAccountAliases);
    applyAccountAliases();
    m_matchPool.setMaxThreadCount(1);
    connect(&m_matchWatcher, &QFutureWatcher<EventMatches>::finished, this, [this] {
        m_matching = false;
        const EventMatches answer = m_matchWatcher.result();
        m_findingsProxy->setEventMatches(answer.text, answer.users);
        updateCount();
    });
    updateActions();
}

FindingsPage::~FindingsPage()
{
    // Neither worker may deliver to a page being destroyed.
    m_matchWatcher.disconnect(this);
    m_matchPool.waitForDone();
    m_drillDown.cancel();
    m_drillDown.waitForFinished();
}

void FindingsPage::waitForFilter()
{
    while (isFiltering()) {
        m_matchWatcher.waitForFinished();
        QCoreApplication::processEvents();
    }
}

void FindingsPage::createActions()
{
    m_approveAction = new QAction(QIcon::fromTheme(u"dialog-ok-apply"_s), tr("&Approve…"), this);
    m_approveAction->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    m_approveAction->setToolTip(tr(
        "Approve the selected accounts: add them to the approved-accounts CSV with a reason (Ctrl+Return)"));

    m_copyUsersAction = new QAction(QIcon::fromTheme(u"edit-copy"_s), tr("&Copy User Names"), this);
    // Ctrl+C copies the rows with their headers, as in every table (setupTableView).
    m_copyUsersAction->setShortcutContext(Qt::WidgetShortcut);
    connect(m_copyUsersAction, &QAction::triggered, this, &FindingsPage::copySelectedUsers);

    m_copyJsonAction = new QAction(tr("Copy Raw &JSON"), this);
    m_copyJsonAction->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_C);
    connect(m_copyJsonAction, &QAction::triggered, this, [this] { m_raw->copyToClipboard(); });

    m_findAction = new QAction(QIcon::fromTheme(u"edit-find"_s), tr("&Filter Findings"), this);
    m_findAction->setShortcut(QKeySequence::Find);
    connect(m_findAction, &QAction::triggered, this, [this] {
        m_filter->setFocus(Qt::ShortcutFocusReason);
        m_filter->selectAll();
    });
}

void FindingsPage::addFindingsContextAction(QAction* action)
{
    m_contextActions.append(action);
}

void FindingsPage::addEventsAction(QAction* action)
{
    m_eventsView->addAction(action);
}

void FindingsPage::addBanner(QWidget* banner)
{
    m_findingsLayout->insertWidget(0, banner);
}

void FindingsPage::setImportedEventsAction(QAction* action)
{
    m_importedQuery->setDefaultAction(action);
    m_importedQuery->show();
}

void FindingsPage::showImportedDetail(bool imported)
{
    if (imported == m_drillDownHidden)
        return;
    m_drillDownHidden = imported;
    if (imported) {
        // The split as the user left it for logs with events: restored, and saved, as that.
        m_splitterWithDrillDown = m_mainSplitter->saveState();
        m_detailSplitter->hide();
        m_importedDetail->show();
        // The findings are all there is to see: the table takes what the panel does not need, now
        // and when the window grows.
        m_mainSplitter->setStretchFactor(1, 0);
        setImportedExpanded(m_importedExpanded); // the split for the panel as it is (or as chosen)
        foldImportedDetailToFit();               // without the analyst's choice: as the height allows
        // Again once the result's banners are laid out: then the table's room is known.
        QMetaObject::invokeMethod(this, &FindingsPage::foldImportedDetailToFit, Qt::QueuedConnection);
    } else {
        m_importedDetail->hide();
        m_detailSplitter->show();
        m_mainSplitter->setStretchFactor(1, 1);
        m_mainSplitter->restoreState(m_splitterWithDrillDown);
        if (m_shortWindow)
            QMetaObject::invokeMethod(this, &FindingsPage::splitForShortWindow, Qt::QueuedConnection);
    }
}

void FindingsPage::setShortWindow(bool shortWindow)
{
    if (shortWindow == m_shortWindow)
        return;
    m_shortWindow = shortWindow;
    // Every line above the tables is a row less of findings: the lists (also on the Approved
    // accounts tab) are named in the count's tooltip meanwhile.
    m_listsLabel->setVisible(!shortWindow);
    m_eventsLayout->removeWidget(m_eventsFilter);
    // Beside the label, which is elided to what the filter leaves: the label's three fifths show
    // the start of the user's name at 960 px ("Events of AWSReservedS…"; a third showed
    // "Events of AW…"), the filter's two still a word or two as it is typed.
    if (shortWindow)
        m_eventsHeader->insertWidget(1, m_eventsFilter, 2);
    else
        m_eventsLayout->insertWidget(1, m_eventsFilter);
    if (m_drillDownHidden)
        return; // the imported result's panel has its own fold; its split is kept apart
    if (shortWindow) {
        m_splitterBeforeShort = m_mainSplitter->saveState();
        m_splitMovedInShort = false;
        // Once the lines above are laid out: then the sides' rooms are known.
        QMetaObject::invokeMethod(this, &FindingsPage::splitForShortWindow, Qt::QueuedConnection);
    } else if (!m_splitterBeforeShort.isEmpty()) {
        m_mainSplitter->restoreState(m_splitterBeforeShort);
    }
}

void FindingsPage::splitForShortWindow()
{
    if (!m_shortWindow || m_drillDownHidden || m_splitMovedInShort)
        return;
    const QList<int> sizes = m_mainSplitter->sizes();
    const int total = sizes.value(0) + sizes.value(1);
    // What each side has besides its rows (lines, filters, header, scroll bar) stays as it is.
    const int findingsBesides = sizes.value(0) - m_findingsView->viewport()->height();
    const int detailBesides = sizes.value(1) - m_eventsView->viewport()->height();
    const int findingsWanted =
        findingsBesides + kShortFindingsRows * m_findingsView->verticalHeader()->defaultSectionSize();
    const int detailWanted =
        detailBesides + kShortEventsRows * m_eventsView->verticalHeader()->defaultSectionSize();
    // The findings first: the drill-down gives up its rows before the table does, and any height
    // beyond both goes to the table.
    const int detailMinimum = m_mainSplitter->widget(1)->minimumSizeHint().height();
    const int detail = std::max(detailMinimum, std::min(detailWanted, total - findingsWanted));
    if (total > detail)
        m_mainSplitter->setSizes({total - detail, detail});
}

void FindingsPage::setImportedExpanded(bool expanded)
{
    m_importedExpanded = expanded;
    m_importedToggle->setArrowType(expanded ? Qt::DownArrow : Qt::RightArrow);
    m_importedToggle->setAccessibleName(expanded ? tr("Hide what the engine counted")
                                                 : tr("Show what the engine counted"));
    m_importedText->setVisible(expanded);
    if (!m_drillDownHidden)
        return;
    // The splitter keeps each side at least at its minimum: the panel's (and its box's) must be the
    // folded one before the sizes are set, not the one the layouts cached with the text shown.
    m_importedDetail->layout()->invalidate();
    m_importedDetail->updateGeometry();
    const QList<int> sizes = m_mainSplitter->sizes();
    const int total = sizes.value(0) + sizes.value(1);
    const int panel = importedDetailHeight(expanded);
    if (total > panel)
        m_mainSplitter->setSizes({total - panel, panel});
}

int FindingsPage::importedDetailHeight(bool expanded) const
{
    const auto* box = static_cast<QVBoxLayout*>(m_importedDetail->layout());
    const QMargins margins = box->contentsMargins();
    int height = margins.top() + margins.bottom() + box->itemAt(0)->sizeHint().height();
    if (expanded) {
        const int width = std::max(m_mainSplitter->width() - margins.left() - margins.right(), 100);
        height +=
            box->spacing() + std::max(m_importedText->minimumHeight(), m_importedText->heightForWidth(width));
    }
    return height;
}

void FindingsPage::foldImportedDetailToFit()
{
    if (!m_drillDownHidden || m_importedExpandedChoice)
        return;
    // What the findings' side has besides the rows (banners, filter, header, scroll bar) stays the
    // same whichever way the panel is: the rows are counted as if it were unfolded, so that folding
    // does not make room that unfolds it again.
    const QWidget* findingsBox = m_mainSplitter->widget(0);
    const int besides = findingsBox->height() - m_findingsView->viewport()->height();
    const int room =
        m_mainSplitter->height() - m_mainSplitter->handleWidth() - importedDetailHeight(true) - besides;
    const int rows = room / std::max(1, m_findingsView->verticalHeader()->defaultSectionSize());
    const bool expanded = rows >= kImportedRowsWanted;
    if (expanded != m_importedExpanded)
        setImportedExpanded(expanded);
}

void FindingsPage::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    foldImportedDetailToFit();
    splitForShortWindow();
}

void FindingsPage::updateImportedDetail(const QModelIndex& current)
{
    if (!current.isValid()) {
        m_importedTitle->setText(tr("Select a finding to see what the engine counted"));
        m_importedText->setText(
            tr("An engine's result holds each user's totals, not the events themselves."));
        return;
    }
    const auto cell = [&current](int column) {
        return current.siblingAtColumn(column).data(Qt::DisplayRole).toString();
    };
    m_importedTitle->setText(
        tr("%1: no events in an engine result").arg(ReportText::visible(cell(FindingsModel::User))));
    // The first names only: the panel keeps a few lines' height, and the table's API names column
    // has them all.
    constexpr qsizetype kNamesShown = 6;
    QStringList names = cell(FindingsModel::ApiNames).split(u", "_s);
    QString shown = names.mid(0, kNamesShown).join(u", "_s);
    if (names.size() > kNamesShown)
        shown = tr("%1 and %2 more").arg(shown, number(quint64(names.size() - kNamesShown)));
    QString text =
        tr("The engine counted %1 successful calls from %2 to %3, of %4 APIs: %5.")
            .arg(cell(FindingsModel::Count), cell(FindingsModel::FirstSeen), cell(FindingsModel::LastSeen),
                 cell(FindingsModel::DistinctApis), ReportText::visible(shown));
    text += u' ' + tr("The result holds these totals, not the events themselves: copy the query for this "
                      "user's events, run it where the logs are, or open the logs here.");
    m_importedText->setText(text);
}

void FindingsPage::applyFilter()
{
    m_findingsProxy->setFilterText(m_filter->text());
    m_events->setNarrowingText(m_filter->text());
    updateEventsLabel();
    searchEvents();
    // The current row must also be selected: a current row without a selection looks chosen but
    // leaves Approve disabled.
    QItemSelectionModel* selection = m_findingsView->selectionModel();
    QModelIndex current = selection->currentIndex();
    if (!current.isValid() && m_findingsProxy->rowCount() > 0)
        current = m_findingsProxy->index(0, 0);
    if (current.isValid() && !selection->isRowSelected(current.row(), {}))
        selectIndex(current);
    updateCount();
}

void FindingsPage::searchEvents()
{
    // The fields no column shows are searched in the events, on a worker; rows they match join.
    const auto store = m_session.store();
    const QStringList terms = m_findingsProxy->terms();
    if (!store || terms.isEmpty())
        return;
    const RuleSet rules = m_session.rules();
    const QString text = m_filter->text();
    m_matching = true;
    m_matchWatcher.setFuture(QtConcurrent::run(&m_matchPool, [store, rules, terms, text] {
        return EventMatches{
            text, usersWithEventText(*store, rules, terms,
                                     {PivotField::SourceIp, PivotField::UserAgent, PivotField::Region})};
    }));
}

void FindingsPage::clearFilter()
{
    m_filterTimer->stop();
    m_filter->clear();
    m_filterTimer->stop(); // clear() started it again
    applyFilter();
}

void FindingsPage::setFilterText(const QString& text)
{
    m_filter->setText(text);
    m_filterTimer->stop();
    applyFilter();
}

void FindingsPage::setEventsFilterText(const QString& text)
{
    m_eventsFilter->setText(text);
    m_events->setFilterText(text); // at once, not after the debounce
    updateEventsLabel();
}

void FindingsPage::selectUsers(const QStringList& users, const QString& current)
{
    if (isFiltering()) {
        // Rows the events' fields match join when the search is done: select after it.
        connect(
            &m_matchWatcher, &QFutureWatcherBase::finished, this,
            [this, users, current] { selectUsers(users, current); }, Qt::SingleShotConnection);
        return;
    }
    const auto store = m_findings->store();
    if (!store)
        return;
    const QSet<QString> wanted(users.begin(), users.end());
    QItemSelection selection;
    QModelIndex currentIndex;
    for (int row = 0; row < m_findingsProxy->rowCount(); ++row) {
        const QModelIndex index = m_findingsProxy->index(row, FindingsModel::User);
        const QString user = store->qstr(index.data(FindingsModel::UserIdRole).toUInt());
        if (wanted.contains(user))
            selection.select(index, index);
        if (user == current)
            currentIndex = index;
    }
    QItemSelectionModel* model = m_findingsView->selectionModel();
    if (currentIndex.isValid()) {
        model->setCurrentIndex(currentIndex, QItemSelectionModel::NoUpdate);
        m_findingsView->scrollTo(currentIndex);
    }
    model->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    refreshEvents();
}

QString FindingsPage::currentUserId() const
{
    const QModelIndex current = m_findingsView->currentIndex();
    const auto store = m_findings->store();
    return current.isValid() && store ? store->qstr(current.data(FindingsModel::UserIdRole).toUInt())
                                      : QString();
}

void FindingsPage::selectNextAppearing()
{
    m_selectAppearing = true;
    m_appearingStore = m_findings->store();
    // A flag per string id, read from the rows themselves: this runs at every undo and redo over
    // every finding (100,000 for a large import), on the UI thread.
    std::uint32_t maxUser = 0;
    for (int row = 0; row < m_findings->rowCount(); ++row)
        maxUser = std::max(maxUser, m_findings->activityAt(row)->user);
    m_knownUsers.assign(std::size_t(maxUser) + 1, 0);
    for (int row = 0; row < m_findings->rowCount(); ++row)
        m_knownUsers[m_findings->activityAt(row)->user] = 1;
}

void FindingsPage::selectFirstAppearing()
{
    m_selectAppearing = false;
    if (m_findings->store() != m_appearingStore)
        return; // another load: its ids mean other users
    // The findings that appeared are the few the step brought back: find them in the model and
    // take the one highest in the table, rather than reading the table row by row through the proxy.
    QModelIndex first;
    for (int row = 0; row < m_findings->rowCount(); ++row) {
        const std::uint32_t user = m_findings->activityAt(row)->user;
        if (user < m_knownUsers.size() && m_knownUsers[user])
            continue;
        const QModelIndex index = m_findingsProxy->mapFromSource(m_findings->index(row, FindingsModel::User));
        if (index.isValid() && (!first.isValid() || index.row() < first.row()))
            first = index; // invalid: filtered out
    }
    m_knownUsers.clear();
    if (first.isValid()) {
        selectIndex(first);
        refreshEvents();
    }
}

void FindingsPage::onResultChanged()
{
    const bool otherData =
        m_findings->store() != m_session.store() ||
        (m_findings->result() && m_session.result() && m_findings->result()->rules != m_session.rules());
    if (m_findingsProxy->hasUserFilter() && otherData)
        showAllFindings(); // a pivot's users are ids of the old data
    m_findings->setSnapshot(m_session.store(), m_session.result());
    // An engine's result has no events: what the engine counted replaces the drill-down at once.
    showImportedDetail(m_session.imported() != nullptr);
    if (otherData)
        searchEvents(); // the event matches are ids of the old data too
    if (m_selectAppearing && !m_session.rerunPending())
        selectFirstAppearing();
    m_eventsTimer.start();
    updateCount();
    updateLists(); // the entry count changes with every approval
    updateActions();
}

void FindingsPage::applyAccountAliases()
{
    const auto aliases = m_session.accountAliases();
    m_findings->setAccountAliases(aliases);
    m_events->setAccountAliases(aliases);
    m_summary->setAccountAliases(aliases);
    // The drill-down's Account column is sized for 12 digits: grow it (never shrink it) for the
    // names, up to 24 characters of the longest (the rest is in the tooltip).
    qsizetype longest = 0;
    for (const QString& name : aliases->names())
        longest = std::max(longest, std::min<qsizetype>(name.size(), 24));
    if (longest > 0) {
        QHeaderView* header = m_eventsView->horizontalHeader();
        const int wanted =
            m_eventsView->fontMetrics().horizontalAdvance(u"000000000000 ()"_s + QString(longest, u'x')) + 16;
        header->resizeSection(EventsModel::Account,
                              std::max(header->sectionSize(EventsModel::Account), wanted));
    }
    // The summary is made on a worker: ask for the current finding's again, with the names.
    if (m_eventsStore && m_findings->result())
        m_summary->showFinding(m_eventsStore, m_findings->result(), m_eventsUser);
}

void FindingsPage::refreshEvents()
{
    m_eventsTimer.stop();
    const QModelIndex current = m_findingsView->selectionModel()->currentIndex();
    const UserActivity* activity =
        current.isValid() ? m_findings->activityAt(m_findingsProxy->mapToSource(current).row()) : nullptr;
    const auto store = m_findings->store();
    const auto result = m_findings->result();
    const bool imported = m_session.imported() != nullptr;
    showImportedDetail(imported);
    if (!activity || !store || !result || imported) {
        if (m_eventsStore) {
            ++m_drillDownSerial;
            m_drillDown.cancel();
            m_events->clear();
            m_raw->clear();
            m_summary->clear();
            m_eventsStore.reset();
            m_eventsUser = 0;
            updateEventsLabel();
        }
        if (imported)
            updateImportedDetail(activity ? current : QModelIndex());
        return;
    }
    const bool withFailed = m_failedToggle->isChecked();
    if (store == m_eventsStore && activity->user == m_eventsUser && result->rules == m_eventsRules &&
        m_session.rangeFrom() == m_eventsFrom && m_session.rangeTo() == m_eventsTo &&
        withFailed == m_eventsWithFailed)
        return;
    m_eventsStore = store;
    m_eventsUser = activity->user;
    m_eventsRules = result->rules;
    m_summary->showFinding(store, result, activity->user);
    m_eventsFrom = m_session.rangeFrom();
    m_eventsTo = m_session.rangeTo();
    const quint64 serial = ++m_drillDownSerial;
    m_drillDown.cancel();
    m_eventsFilterNotice->hide();
    m_eventsWithFailed = withFailed;
    m_raw->clear();
    // One user's events, as the finding counts them: those in the time range (the session's).
    const auto narrow = [from = m_eventsFrom, to = m_eventsTo](const EventStore& s,
                                                               std::vector<std::uint32_t>& events) {
        if (from || to)
            std::erase_if(events, [&time = s.events.time, &from, &to](std::uint32_t e) {
                return (from && time[e] < *from) || (to && time[e] >= *to);
            });
    };
    if (store->events.size() < m_drillDownThreshold) {
        std::vector<std::uint32_t> events = eventsOfUser(*store, result->rules, activity->user, withFailed);
        narrow(*store, events);
        m_events->setEvents(store, std::move(events));
        showEventsLabel(*activity, std::size_t(m_events->rowCount()));
        if (m_events->rowCount() > 0)
            m_eventsView->setCurrentIndex(m_events->index(0, 0));
        return;
    }
    // The scan is over every event of the store and the sort over every event of the finding
    // (1.7M for the busiest at 10M): both off the UI thread. The table is empty meanwhile, not
    // showing the previous finding's events under the new finding's name.
    m_events->setFirstEvents(store, {});
    showEventsLabel(*activity, 0);
    const RuleSet rules = result->rules;
    const std::uint32_t user = activity->user;
    m_drillDown.setFuture(QtConcurrent::run(
        windowWorkers(), [store, rules, user, withFailed, serial, narrow](QPromise<DrillDown>& promise) {
            // A screenful and then some: what is seen before the sort of the rest is done.
            constexpr std::size_t kFirstEvents = 1000;
            std::vector<std::uint32_t> events = eventsOfUserInStoreOrder(*store, rules, user, withFailed);
            narrow(*store, events);
            if (promise.isCanceled())
                return;
            promise.addResult(
                DrillDown{serial, earliestEvents(*store, events, kFirstEvents), events.size(), false});
            sortByTime(*store, events);
            if (promise.isCanceled())
                return;
            const std::size_t total = events.size();
            promise.addResult(DrillDown{serial, std::move(events), total, true});
        }));
}

void FindingsPage::onDrillDownResult(int index)
{
    DrillDown result = m_drillDown.resultAt(index);
    if (result.serial != m_drillDownSerial)
        return; // superseded by a newer selection or result
    const QModelIndex current = m_findingsView->selectionModel()->currentIndex();
    const UserActivity* activity =
        current.isValid() ? m_findings->activityAt(m_findingsProxy->mapToSource(current).row()) : nullptr;
    if (!activity || activity->user != m_eventsUser)
        return; // the selection moved: refreshEvents() follows and starts anew
    if (!result.complete) {
        // Under another sort than time the earliest events are not the first rows: wait for all.
        if (!m_events->isTimeOrder())
            return;
        m_events->setFirstEvents(m_eventsStore, std::move(result.events));
    } else {
        m_events->completeEvents(std::move(result.events));
        if (m_events->valueFilterColumn() >= 0)
            filterEventsOn(m_eventsFilterPath, m_events->valueFilter()); // counts of all the events
    }
    showEventsLabel(*activity, result.total);
    if (m_events->rowCount() > 0 && !m_eventsView->selectionModel()->currentIndex().isValid())
        m_eventsView->setCurrentIndex(m_events->index(0, 0));
}

void FindingsPage::filterEventsOn(const QString& path, const QString& value)
{
    const int column = EventsModel::columnForPath(path);
    m_eventsFilterPath = path;
    m_events->setValueFilter(column, value);
    m_eventsFilterLabel->setText(tr("Showing %1 of %2 events where %3 = \u201c%4\u201d")
                                     .arg(number(m_events->rowCount()), number(m_events->unfilteredCount()),
                                          path, ReportText::visible(value)));
    m_eventsFilterNotice->setVisible(column >= 0);
    updateEventsLabel();
    if (m_events->rowCount() > 0)
        m_eventsView->setCurrentIndex(m_events->index(0, 0));
    else
        m_raw->clear();
}

void FindingsPage::showEventsLabel(const UserActivity& activity, std::size_t total)
{
    // The class and its evidence: whoever reads the events knows whether a person made them.
    QString who = principalClassName(activity.principal.cls) + u": "_s +
                  ReportText::visible(activity.principal.evidence);
    if (activity.principal.adminLike)
        who += u"; "_s +
               tr("administrator access (%1)").arg(ReportText::visible(activity.principal.adminEvidence));
    m_eventsWho = who;
    m_eventsTotal = total;
    m_eventsFailed = m_eventsWithFailed ? activity.failedCount : 0;
    updateEventsLabel();
}

void FindingsPage::updateEventsLabel()
{
    if (!m_eventsStore) {
        m_eventsLabel->setFullText(tr("&Events"));
        return;
    }
    QString counts;
    if (!m_events->isComplete()) {
        // The first events of a huge finding: the filters have only seen those, so no "N of M" yet.
        counts = m_eventsTotal > 0 ? number(quint64(m_eventsTotal)) : tr("reading…");
    } else {
        const auto total = quint64(m_events->totalEvents());
        const auto shown = quint64(m_events->rowCount());
        counts = shown == total ? number(total) : tr("%1 of %2").arg(number(shown), number(total));
    }
    if (m_eventsFailed > 0)
        counts = tr("%1, %2 of them failed").arg(counts, number(m_eventsFailed));
    // A sort of a huge finding's events runs on a worker: the label says so until it is adopted,
    // before the class and its evidence, which an elided label gives up first.
    QString who = escapeMnemonic(m_eventsWho);
    if (m_events->isSorting())
        who = tr("Sorting…") + u" · "_s + who;
    m_eventsLabel->setFullText(
        tr("&Events of %1 (%2) · %3")
            .arg(escapeMnemonic(ReportText::visible(m_eventsStore->qstr(m_eventsUser))), counts, who));
}

bool FindingsPage::eventsPending() const
{
    return !m_events->isComplete() || m_drillDown.isRunning() || m_events->isSorting();
}

void FindingsPage::waitForEvents()
{
    m_drillDown.waitForFinished();
    QCoreApplication::processEvents();
    m_events->finishAppending();
    m_events->waitForSort();
}

void FindingsPage::onEventChanged()
{
    const QModelIndex current = m_eventsView->selectionModel()->currentIndex();
    if (!current.isValid()) {
        m_raw->clear();
        return;
    }
    const auto event = current.data(EventsModel::EventIndexRole).toUInt();
    m_raw->showRecord(m_events->store(), event);
}

bool FindingsPage::selectUser(const QString& user)
{
    // By the name's bytes in the model first: 100,000 findings (an import) read through the proxy's
    // display text were tens of ms of UI thread, at every approval (the next finding is selected).
    if (const auto store = m_findings->store()) {
        const QByteArray wanted = user.toUtf8();
        const std::string_view name(wanted.constData(), std::size_t(wanted.size()));
        for (int row = 0; row < m_findings->rowCount(); ++row) {
            if (store->str(m_findings->activityAt(row)->user) != name)
                continue;
            const QModelIndex index =
                m_findingsProxy->mapFromSource(m_findings->index(row, FindingsModel::User));
            if (!index.isValid())
                break; // filtered out
            selectIndex(index);
            refreshEvents();
            return true;
        }
    }
    // As displayed (a name with invisible characters shows them as [U+200B]).
    for (int row = 0; row < m_findingsProxy->rowCount(); ++row) {
        const QModelIndex index = m_findingsProxy->index(row, FindingsModel::User);
        if (index.data(Qt::DisplayRole).toString() == user) {
            selectIndex(index);
            refreshEvents();
            return true;
        }
    }
    return false;
}

void FindingsPage::selectIndex(const QModelIndex& index)
{
    m_findingsView->setCurrentIndex(index);
    m_findingsView->selectionModel()->select(index,
                                             QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_findingsView->scrollTo(index);
}

QString FindingsPage::currentUser() const
{
    const QModelIndex current = m_findingsView->currentIndex();
    return current.isValid() ? current.siblingAtColumn(FindingsModel::User).data().toString() : QString();
}

QString FindingsPage::findingAfterSelection() const
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

void FindingsPage::clearCurrent()
{
    m_findingsView->selectionModel()->clearCurrentIndex();
}

QStringList FindingsPage::selectedUsers() const
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

void FindingsPage::showLoaded(bool selectFirst, const QString& reselect)
{
    if (m_findings->isSorting()) {
        // The first row and the widths to fit are the sorted table's: once the worker's order is in.
        connect(
            m_findings, &FindingsModel::sortingChanged, this,
            [this, selectFirst, reselect] { showLoaded(selectFirst, reselect); }, Qt::SingleShotConnection);
        return;
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
    if (selectFirst && m_findingsProxy->rowCount() > 0 && (reselect.isEmpty() || !selectUser(reselect))) {
        m_findingsView->setCurrentIndex(m_findingsProxy->index(0, 0));
        m_findingsView->selectRow(0);
    }
}

void FindingsPage::copySelectedUsers()
{
    const QStringList users = selectedUsers();
    if (!users.isEmpty())
        QApplication::clipboard()->setText(users.join(u'\n'));
}

void FindingsPage::contextMenu(const QPoint& pos)
{
    QMenu menu(this);
    menu.addAction(m_approveAction);
    menu.addAction(m_copyUsersAction);
    menu.addActions(tableCopyActions(m_findingsView));
    for (QAction* action : std::as_const(m_contextActions))
        menu.addAction(action); // hidden actions stay out of the menu
    menu.exec(m_findingsView->viewport()->mapToGlobal(pos));
}

void FindingsPage::eventsContextMenu(const QPoint& pos)
{
    QMenu menu(this);
    menu.addActions(m_eventsView->actions());
    Q_EMIT eventsMenuRequested(&menu, m_eventsView->indexAt(pos));
    menu.exec(m_eventsView->viewport()->mapToGlobal(pos));
}

void FindingsPage::showOnlyFindings(const QString& description, const std::vector<std::uint32_t>& users)
{
    m_findingsProxy->setUserFilter(QSet<quint32>(users.begin(), users.end()));
    m_pivotLabel->setText(tr("Showing only the findings with %1 (%2).")
                              .arg(description, count(quint64(users.size()), tr("finding"), tr("findings"))));
    m_pivotBanner->show();
    applyFilter();
}

void FindingsPage::showAllFindings()
{
    m_findingsProxy->setUserFilter(std::nullopt);
    m_pivotBanner->hide();
    applyFilter();
}

void FindingsPage::setLocalTime(bool localTime)
{
    m_findings->setLocalTime(localTime);
    m_events->setLocalTime(localTime);
}

void FindingsPage::updateCount()
{
    const auto store = m_session.store();
    const auto result = m_session.result();
    const bool filteredOut =
        store && result && m_findingsProxy->rowCount() == 0 && m_findings->rowCount() > 0;
    if (filteredOut)
        m_emptyLabel->setText(
            tr("No finding matches the filter \u201c%1\u201d.").arg(ReportText::visible(m_filter->text())));
    m_emptyNotice->setVisible(filteredOut);
    if (!store || !result) {
        m_findingsLabel->clear();
        return;
    }
    if (store->counts.events == 0) {
        m_findingsLabel->setText(tr("no events read"));
        return;
    }
    const int shown = m_findingsProxy->rowCount();
    const int total = m_findings->rowCount();
    const QString all = count(quint64(total), tr("finding"), tr("findings"));
    QString text = shown == total ? all : tr("%1 of %2").arg(number(quint64(shown)), all);
    if (m_findings->isSorting())
        text += u" · "_s + tr("Sorting…");
    m_findingsLabel->setText(text);
}

void FindingsPage::setReviewMarks(std::shared_ptr<const ReviewMarks> marks)
{
    const std::size_t fresh = marks ? marks->newCount : 0;
    m_newChip->setVisible(marks != nullptr);
    m_newChip->setText(tr("New (%1)").arg(number(quint64(fresh))));
    // Nothing behind an empty chip: a checked one is released rather than hiding every row.
    if (fresh == 0 && m_newChip->isChecked()) {
        const QSignalBlocker blocker(m_newChip);
        m_newChip->setChecked(false);
        m_findingsProxy->setNewOnly(false);
    }
    m_newChip->setEnabled(fresh > 0);
    m_findings->setReviewMarks(std::move(marks));
    updateCount();
}

void FindingsPage::updateLists()
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
    m_listsLabel->setToolTip(u"<p>"_s + m_listsLabel->text().toHtmlEscaped() + u"</p>"_s); // paths: inert
    // Where the lists are named while their line is hidden (a short window).
    m_findingsLabel->setToolTip(m_listsLabel->toolTip());

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

void FindingsPage::updateActions()
{
    const bool haveSelection = m_findingsView->selectionModel()->hasSelection();
    m_approveAction->setEnabled(m_session.store() && haveSelection);
    m_copyUsersAction->setEnabled(haveSelection);
    m_copyJsonAction->setEnabled(m_session.store() != nullptr);
}

void FindingsPage::restoreState(const QSettings& s)
{
    if (m_drillDownHidden)
        m_splitterWithDrillDown = s.value(u"window/mainSplitter"_s).toByteArray();
    else
        m_mainSplitter->restoreState(s.value(u"window/mainSplitter"_s).toByteArray());
    m_detailSplitter->restoreState(s.value(u"window/detailSplitter"_s).toByteArray());
    const QString totals = s.value(kEngineTotalsKey).toString();
    if (totals == u"expanded"_s || totals == u"collapsed"_s) {
        m_importedExpandedChoice = totals == u"expanded"_s;
        setImportedExpanded(*m_importedExpandedChoice);
    }
    for (auto [view, key] : {std::pair{m_findingsView, u"window/findingsHeader4"_s},
                             std::pair{m_eventsView, u"window/eventsHeader"_s}}) {
        QHeaderView* header = view->horizontalHeader();
        if (header->restoreState(s.value(key).toByteArray())) {
            view->sortByColumn(header->sortIndicatorSection(), header->sortIndicatorOrder());
            m_fitColumns = false;
        }
    }
    m_eventsView->setColumnHidden(EventsModel::User, true);
}

void FindingsPage::saveState(QSettings& s) const
{
    // The split as the user left it for logs with events, not the imported result's.
    // Nor a short window's: the one to go back to.
    s.setValue(u"window/mainSplitter"_s, m_drillDownHidden ? m_splitterWithDrillDown
                                         : m_shortWindow && !m_splitterBeforeShort.isEmpty()
                                             ? m_splitterBeforeShort
                                             : m_mainSplitter->saveState());
    s.setValue(u"window/detailSplitter"_s, m_detailSplitter->saveState());
    if (m_importedExpandedChoice)
        s.setValue(kEngineTotalsKey, *m_importedExpandedChoice ? u"expanded"_s : u"collapsed"_s);
    else
        s.remove(kEngineTotalsKey);
    s.setValue(u"window/findingsHeader4"_s, m_findingsView->horizontalHeader()->saveState());
    s.setValue(u"window/eventsHeader"_s, m_eventsView->horizontalHeader()->saveState());
}

} // namespace tw
