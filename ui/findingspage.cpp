// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/findingspage.h"

#include "core/lists/identitylists.h"
#include "core/report/reporttext.h"
#include "ui/models/eventsmodel.h"
#include "ui/models/findingsmodel.h"
#include "ui/models/findingsproxy.h"
#include "ui/rawrecordpane.h"
#include "ui/viewhelpers.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace tw {

namespace {

QString number(quint64 n)
{
    return QLocale().toString(qulonglong(n));
}

// English plurals without a translation catalogue (tr()'s %n needs one to pick the form).
QString count(quint64 n, const QString& one, const QString& many)
{
    return n == 1 ? QString(u"1 "_s + one) : QString(number(n) + u' ' + many);
}

// A user name in a label: '&' would become a mnemonic.
QString escapeMnemonic(QString text)
{
    return text.replace(u'&', u"&&"_s);
}

} // namespace

FindingsPage::FindingsPage(AnalysisSession& session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
{
    setObjectName(u"findingsPage"_s);
    m_findings = new FindingsModel(this);
    m_findingsProxy = new FindingsProxy(this);
    m_findingsProxy->setSourceModel(m_findings);
    m_events = new EventsModel(this);
    createActions();

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
    connectDebouncedFilter(m_filter, [this](const QString& text) {
        m_findingsProxy->setFilterText(text);
        updateCount();
    });

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
    fh->resizeSection(FindingsModel::Class, width(u"workload identity"));
    fh->resizeSection(FindingsModel::IdentityTypes, width(u"AWSService, AssumedRole"));
    fh->resizeSection(FindingsModel::Accounts, width(u"655199147148, 712583680235"));
    fh->resizeSection(FindingsModel::Count, width(u"Count 00"));
    fh->resizeSection(FindingsModel::FirstSeen, width(u"2026-10-01T07:15:29+00:00"));
    fh->resizeSection(FindingsModel::LastSeen, width(u"2026-10-01T07:15:29+00:00"));
    fh->resizeSection(FindingsModel::DistinctApis, width(u"APIs 00"));
    m_findingsView->sortByColumn(FindingsModel::User, Qt::AscendingOrder);

    auto* findingsBox = new QWidget;
    m_findingsLayout = new QVBoxLayout(findingsBox);
    m_findingsLayout->setContentsMargins(0, 0, 0, 0);
    m_findingsLayout->addLayout(filterRow);
    m_findingsLayout->addWidget(m_noListsBanner);
    m_findingsLayout->addWidget(m_listsLabel);
    m_findingsLayout->addWidget(m_everyoneBanner);
    m_findingsLayout->addWidget(m_findingsView);

    // Events of the current finding.
    m_eventsLabel = new QLabel(tr("&Events"));
    m_eventsLabel->setTextFormat(Qt::PlainText); // it names a user from the log: never markup
    m_eventsView = new QTableView(this);
    setupTableView(m_eventsView);
    m_eventsView->setObjectName(u"eventsView"_s);
    m_eventsView->setAccessibleName(tr("Events of the current finding"));
    m_eventsView->setModel(m_events);
    m_eventsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_eventsLabel->setBuddy(m_eventsView);
    m_eventsView->addAction(m_copyJsonAction);
    m_eventsView->setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(m_eventsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &FindingsPage::onEventChanged);
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

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_mainSplitter);

    setTabOrder(m_filter, m_findingsView);
    setTabOrder(m_findingsView, m_eventsView);

    connect(&m_session, &AnalysisSession::resultChanged, this, &FindingsPage::onResultChanged);
    updateActions();
}

void FindingsPage::createActions()
{
    m_approveAction = new QAction(QIcon::fromTheme(u"dialog-ok-apply"_s), tr("&Approve…"), this);
    m_approveAction->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    m_approveAction->setToolTip(tr(
        "Approve the selected accounts: add them to the approved-accounts CSV with a reason (Ctrl+Return)"));

    m_copyUsersAction = new QAction(QIcon::fromTheme(u"edit-copy"_s), tr("&Copy User Names"), this);
    m_copyUsersAction->setShortcut(QKeySequence::Copy);
    // Only while the findings table has focus: Ctrl+C elsewhere belongs to the focused widget.
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

void FindingsPage::onResultChanged()
{
    m_findings->setSnapshot(m_session.store(), m_session.result());
    m_eventsTimer.start();
    updateCount();
    updateLists(); // the entry count changes with every approval
    updateActions();
}

void FindingsPage::refreshEvents()
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
    for (QAction* action : std::as_const(m_contextActions))
        menu.addAction(action); // hidden actions stay out of the menu
    menu.exec(m_findingsView->viewport()->mapToGlobal(pos));
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
    m_findingsLabel->setText(shown == total ? all : tr("%1 of %2").arg(number(quint64(shown)), all));
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
}

void FindingsPage::restoreState(const QSettings& s)
{
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
}

void FindingsPage::saveState(QSettings& s) const
{
    s.setValue(u"window/mainSplitter"_s, m_mainSplitter->saveState());
    s.setValue(u"window/detailSplitter"_s, m_detailSplitter->saveState());
    s.setValue(u"window/findingsHeader2"_s, m_findingsView->horizontalHeader()->saveState());
    s.setValue(u"window/eventsHeader"_s, m_eventsView->horizontalHeader()->saveState());
}

} // namespace tw
