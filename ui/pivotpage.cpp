// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/pivotpage.h"

#include "core/report/reporttext.h"
#include "ui/models/eventsmodel.h"
#include "ui/rawrecordpane.h"
#include "ui/safetext.h"
#include "ui/viewhelpers.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace tw {

namespace {

std::optional<PivotField> fieldOfColumn(int column)
{
    switch (column) {
    case EventsModel::EventName:
        return PivotField::EventName;
    case EventsModel::EventSource:
        return PivotField::EventSource;
    case EventsModel::Region:
        return PivotField::Region;
    case EventsModel::Account:
        return PivotField::Account;
    case EventsModel::SourceIp:
        return PivotField::SourceIp;
    case EventsModel::UserAgent:
        return PivotField::UserAgent;
    case EventsModel::Error:
        return PivotField::ErrorCode;
    case EventsModel::AccessKey:
        return PivotField::AccessKey;
    case EventsModel::Session:
        return PivotField::Session;
    default:
        return std::nullopt;
    }
}

} // namespace

std::optional<PivotValue> pivotValueAt(const QModelIndex& index)
{
    const auto* model = qobject_cast<const EventsModel*>(index.model());
    const std::optional<PivotField> field = fieldOfColumn(index.column());
    if (!model || !model->store() || !field)
        return std::nullopt;
    const auto event = index.data(EventsModel::EventIndexRole).toUInt();
    const std::uint32_t value = pivotValue(*model->store(), *field, event);
    if (value == 0)
        return std::nullopt;
    return PivotValue{*field, value};
}

PivotPage::PivotPage(AnalysisSession& session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
{
    setObjectName(u"pivotPage"_s);
    m_pool.setMaxThreadCount(1);
    m_events = new EventsModel(this);

    m_title =
        new QLabel(tr("Right-click a value in an events table (a source IP, an account, a user agent…) and "
                      "choose Show All Events with This Value: every event with it appears here, of every "
                      "user, successful or not."));
    m_title->setObjectName(u"pivotTitle"_s);
    m_title->setTextFormat(Qt::PlainText); // it quotes a value from the logs: never markup
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_filter = new QLineEdit;
    m_filter->setObjectName(u"pivotFilter"_s);
    m_filter->setPlaceholderText(
        tr("Filter these events by user, API, source, region, account, IP, agent, error, access key or "
           "session"));
    m_filter->setClearButtonEnabled(true);
    auto* filterLabel = new QLabel(tr("Fi&lter:"));
    filterLabel->setBuddy(m_filter);
    connectDebouncedFilter(m_filter, [this](const QString& text) {
        m_events->setFilterText(text);
        updateTitle();
    });
    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(filterLabel);
    filterRow->addWidget(m_filter, 1);

    m_view = new QTableView(this);
    setupTableView(m_view);
    m_view->setObjectName(u"pivotEventsView"_s);
    m_view->setAccessibleName(tr("Events with the value"));
    m_view->setModel(m_events);
    // Oldest first, and the header's arrow says so (its default is column 0 descending).
    m_view->sortByColumn(EventsModel::Time, Qt::AscendingOrder);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, &PivotPage::contextMenu);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &PivotPage::onEventChanged);
    QHeaderView* header = m_view->horizontalHeader();
    const auto width = [this](QStringView sample) { return columnWidthFor(m_view, sample); };
    header->resizeSection(EventsModel::Time, width(u"2026-10-01T07:15:29+00:00"));
    header->resizeSection(EventsModel::User, width(u"AWSServiceRoleForSupport"));
    header->resizeSection(EventsModel::EventName, 190);
    header->resizeSection(EventsModel::EventSource, 170);
    header->resizeSection(EventsModel::Region, width(u"ap-northeast-1"));
    header->resizeSection(EventsModel::Account, width(u"655199147148"));
    header->resizeSection(EventsModel::SourceIp, width(u"203.0.113.255"));
    header->resizeSection(EventsModel::UserAgent, 220);
    header->resizeSection(EventsModel::AccessKey, width(u"ASIAXXXXXXXXXXXXXXXX"));
    // Across users, who made the call comes right after when.
    header->moveSection(header->visualIndex(EventsModel::User), 1);

    m_raw = new RawRecordPane;
    auto* eventsBox = new QWidget;
    auto* eventsLayout = new QVBoxLayout(eventsBox);
    eventsLayout->setContentsMargins(0, 0, 0, 0);
    eventsLayout->addWidget(m_title);
    eventsLayout->addLayout(filterRow);
    eventsLayout->addWidget(m_view);

    m_splitter = new QSplitter(Qt::Horizontal);
    m_splitter->setObjectName(u"pivotSplitter"_s);
    m_splitter->addWidget(eventsBox);
    m_splitter->addWidget(m_raw);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);

    connect(&m_eventsWatcher, &QFutureWatcher<EventsAnswer>::finished, this, &PivotPage::onEventsDone);
    connect(&m_findingsWatcher, &QFutureWatcher<FindingsAnswer>::finished, this, &PivotPage::onFindingsDone);
    connect(&m_session, &AnalysisSession::resultChanged, this, &PivotPage::onResultChanged);
    connect(&m_session, &AnalysisSession::accountAliasesChanged, this, [this] {
        m_events->setAccountAliases(m_session.accountAliases());
        updateTitle();
    });
    m_events->setAccountAliases(m_session.accountAliases());
}

PivotPage::~PivotPage()
{
    m_eventsWatcher.disconnect(this);
    m_findingsWatcher.disconnect(this);
    m_pool.waitForDone();
}

QString PivotPage::describe(const EventStore& store, PivotValue value) const
{
    QString text = pivotValueText(store, value.field, value.value);
    // An account as every table shows it: `123456789012 (prod-payments)` when the aliases name it.
    if (const auto aliases = m_session.accountAliases(); value.field == PivotField::Account && aliases)
        text = aliases->label(text);
    return pivotFieldName(value.field) + u" = "_s + ReportText::visible(text);
}

void PivotPage::addPivotActions(QMenu* menu, const QModelIndex& index)
{
    const std::optional<PivotValue> value = pivotValueAt(index);
    const auto* model = qobject_cast<const EventsModel*>(index.model());
    if (!value || model->store() != m_session.store())
        return;
    const QString what = describe(*model->store(), *value);
    menu->addSeparator();
    QAction* events = menu->addAction(tr("Show All Events with This Value"), this,
                                      [this, v = *value] { showEventsWith(v); });
    events->setObjectName(u"pivotEventsAction"_s);
    // The menu shows its tooltips: the value is log text, so never markup.
    events->setToolTip(safeToolTip(tr("Every event with %1, of every user, successful or not").arg(what)));
    QAction* findings =
        menu->addAction(tr("Findings with This Value"), this, [this, v = *value] { findFindingsWith(v); });
    findings->setObjectName(u"pivotFindingsAction"_s);
    findings->setToolTip(safeToolTip(tr("Show only the findings with a counted event with %1").arg(what)));
    menu->setToolTipsVisible(true);
}

void PivotPage::showEventsWith(PivotValue value)
{
    const auto store = m_session.store();
    if (!store)
        return;
    m_pending = value;
    m_title->setText(tr("Searching every event for %1…").arg(describe(*store, value)));
    Q_EMIT showRequested();
    m_eventsRunning = true;
    m_eventsWatcher.setFuture(QtConcurrent::run(&m_pool, [store, value] {
        QElapsedTimer timer;
        timer.start();
        EventsAnswer answer{store, value, eventsWithValue(*store, value.field, value.value), 0, nullptr};
        answer.ms = timer.elapsed();
        answer.shared = std::make_shared<const std::vector<std::uint32_t>>(answer.events);
        return answer;
    }));
}

void PivotPage::findFindingsWith(PivotValue value)
{
    const auto store = m_session.store();
    const auto result = m_session.result();
    if (!store || !result)
        return;
    const QString description = describe(*store, value);
    m_findingsRunning = true;
    m_findingsWatcher.setFuture(QtConcurrent::run(&m_pool, [store, result, value, description] {
        return FindingsAnswer{description, findingsWithValue(*store, *result, value.field, value.value)};
    }));
}

bool PivotPage::isBusy() const
{
    return m_eventsRunning || m_findingsRunning;
}

void PivotPage::waitForQueries()
{
    while (isBusy()) {
        m_eventsWatcher.waitForFinished();
        m_findingsWatcher.waitForFinished();
        QCoreApplication::processEvents();
    }
}

void PivotPage::onEventsDone()
{
    m_eventsRunning = false;
    EventsAnswer answer = m_eventsWatcher.result();
    if (answer.store != m_session.store())
        return; // another load replaced the data meanwhile
    m_lastQueryMs = answer.ms;
    m_shown = answer.value;
    m_shownEvents = std::move(answer.shared);
    m_pending.reset();
    m_events->setRules(m_session.rules());
    m_events->setEvents(answer.store, std::move(answer.events));
    m_raw->clear();
    updateTitle();
    if (m_events->rowCount() > 0)
        m_view->setCurrentIndex(m_events->index(0, 0));
    Q_EMIT eventsShown();
}

void PivotPage::onFindingsDone()
{
    m_findingsRunning = false;
    const FindingsAnswer answer = m_findingsWatcher.result();
    Q_EMIT findingsFound(answer.description, answer.users);
}

QString PivotPage::shownDescription() const
{
    const auto store = m_events->store();
    return store && m_shown ? describe(*store, *m_shown) : QString();
}

void PivotPage::updateTitle()
{
    const auto store = m_events->store();
    if (!store || !m_shown)
        return;
    const QString what = describe(*store, *m_shown);
    const auto total = quint64(m_events->totalEvents());
    QString text = tr("All events with %1: %2 (every user, successful or not)")
                       .arg(what, total == 1 ? tr("1 event") : tr("%1 events").arg(number(total)));
    if (!m_events->filterText().isEmpty())
        text += u"; "_s + tr("%1 match the filter").arg(number(quint64(m_events->rowCount())));
    m_title->setText(text);
}

void PivotPage::onResultChanged()
{
    const auto store = m_session.store();
    if (m_events->store() && m_events->store() != store) {
        // Other data: the ids of the shown value mean other strings now.
        m_events->clear();
        m_raw->clear();
        m_shown.reset();
        m_shownEvents.reset();
        m_title->setText(tr("The data changed: pivot again from an events table."));
    }
    m_events->setRules(m_session.rules());
}

void PivotPage::onEventChanged()
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    if (!current.isValid()) {
        m_raw->clear();
        return;
    }
    m_raw->showRecord(m_events->store(), current.data(EventsModel::EventIndexRole).toUInt());
}

void PivotPage::contextMenu(const QPoint& pos)
{
    QMenu menu(this);
    QAction* copy = menu.addAction(tr("Copy Raw &JSON"), m_raw, &RawRecordPane::copyToClipboard);
    copy->setEnabled(m_view->currentIndex().isValid());
    // A custom menu: the rows' copy actions of every table (setupTableView) are added here.
    menu.addActions(tableCopyActions(m_view));
    addPivotActions(&menu, m_view->indexAt(pos));
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

void PivotPage::setLocalTime(bool localTime)
{
    m_events->setLocalTime(localTime);
}

void PivotPage::restoreState(const QSettings& s)
{
    m_splitter->restoreState(s.value(u"window/pivotSplitter"_s).toByteArray());
    m_view->horizontalHeader()->restoreState(s.value(u"window/pivotHeader"_s).toByteArray());
}

void PivotPage::saveState(QSettings& s) const
{
    s.setValue(u"window/pivotSplitter"_s, m_splitter->saveState());
    s.setValue(u"window/pivotHeader"_s, m_view->horizontalHeader()->saveState());
}

} // namespace tw
