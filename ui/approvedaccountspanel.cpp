// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/approvedaccountspanel.h"

#include "ui/approvalcontroller.h"
#include "ui/dialogs/approvedialog.h"
#include "ui/dialogs/baselinedialog.h"
#include "ui/dialogs/expirydialog.h"
#include "ui/dialogs/reasondialog.h"
#include "ui/dialogs/suppressionsdialog.h"
#include "ui/models/approvedaccountsmodel.h"
#include "ui/models/approvedaccountsproxy.h"
#include "ui/viewhelpers.h"
#include "ui/workerpool.h"

#include "core/analysissession.h"
#include "core/detection/suppressions.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace tw {

namespace {

const QString kStaleKey = u"approvedAccounts/staleDays"_s;
const QString kHeaderKey = u"approvedAccounts/header"_s;
const QString kRevokeReasonKey = u"approvedAccounts/lastRevokeReason"_s;

constexpr ApprovedAccountsModel::Flag kFlags[] = {
    ApprovedAccountsModel::NeverMatched, ApprovedAccountsModel::Stale,    ApprovedAccountsModel::Expired,
    ApprovedAccountsModel::NearMiss,     ApprovedAccountsModel::Wildcard, ApprovedAccountsModel::Duplicate};

// One colour per flag, readable with white text on light and dark palettes.
QColor flagColor(int flag)
{
    switch (flag) {
    case ApprovedAccountsModel::NeverMatched:
        return QColor(0x6b, 0x72, 0x80);
    case ApprovedAccountsModel::Stale:
        return QColor(0xb4, 0x53, 0x09);
    case ApprovedAccountsModel::Expired:
        return QColor(0xb9, 0x1c, 0x1c);
    case ApprovedAccountsModel::NearMiss:
        return QColor(0xc2, 0x41, 0x0c);
    case ApprovedAccountsModel::Wildcard:
        return QColor(0x1d, 0x4e, 0xd8);
    case ApprovedAccountsModel::Duplicate:
        return QColor(0x7e, 0x22, 0xce);
    default:
        return QColor(Qt::gray);
    }
}

// Paints the Flags column as badges: a flag must be seen at a glance in a long list.
class FlagBadgeDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QStringList texts = opt.text.isEmpty() ? QStringList() : opt.text.split(u", "_s);
        opt.text.clear();
        opt.widget->style()->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
        const int flags = index.data(ApprovedAccountsModel::FlagsRole).toInt();
        QFont font = opt.font;
        font.setPointSizeF(font.pointSizeF() * 0.9);
        const QFontMetrics fm(font);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setFont(font);
        painter->setClipRect(opt.rect);
        int x = opt.rect.left() + 4;
        qsizetype i = 0;
        for (const auto flag : kFlags) {
            if (!(flags & flag) || i >= texts.size())
                continue;
            const QString& text = texts[i++];
            const int w = fm.horizontalAdvance(text) + 12;
            const QRectF pill(x, opt.rect.center().y() - fm.height() / 2.0 - 1, w, fm.height() + 2);
            painter->setPen(Qt::NoPen);
            painter->setBrush(flagColor(flag));
            painter->drawRoundedRect(pill, pill.height() / 2, pill.height() / 2);
            painter->setPen(Qt::white);
            painter->drawText(pill, Qt::AlignCenter, text);
            x += w + 4;
        }
        painter->restore();
    }
};

QString defaultBy()
{
    QString by = qEnvironmentVariable("USER");
    return by.isEmpty() ? qEnvironmentVariable("USERNAME") : by;
}

} // namespace

ApprovedAccountsPanel::ApprovedAccountsPanel(AnalysisSession& session, ApprovalController* approvals,
                                             QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_approvals(approvals)
    , m_model(new ApprovedAccountsModel(this))
    , m_proxy(new ApprovedAccountsProxy(this))
{
    setObjectName(u"approvedAccountsPanel"_s);
    m_proxy->setSourceModel(m_model);

    m_filter = new QLineEdit;
    m_filter->setObjectName(u"approvedFilter"_s);
    m_filter->setPlaceholderText(tr("Filter by identity, reason, approver or matched user"));
    m_filter->setClearButtonEnabled(true);
    auto* filterLabel = new QLabel(tr("F&ilter:"));
    filterLabel->setBuddy(m_filter);
    connectDebouncedFilter(m_filter, [this](const QString&) { applyFilter(); });

    m_staleDays = new QSpinBox;
    m_staleDays->setObjectName(u"staleDays"_s);
    m_staleDays->setRange(1, 3650);
    m_staleDays->setSuffix(tr(" days"));
    m_staleDays->setValue(QSettings().value(kStaleKey, 90).toInt());
    m_staleDays->setToolTip(tr("An entry is stale when its last event is this long before the end of "
                               "the loaded data"));
    auto* staleLabel = new QLabel(tr("S&tale after:"));
    staleLabel->setBuddy(m_staleDays);
    connect(m_staleDays, &QSpinBox::valueChanged, this, [this](int days) {
        QSettings().setValue(kStaleKey, days);
        refresh();
    });

    auto* chipsRow = new QHBoxLayout;
    chipsRow->setSpacing(4);
    auto* showLabel = new QLabel(tr("Show:"));
    chipsRow->addWidget(showLabel);
    for (const auto flag : kFlags) {
        auto* chip = new QToolButton;
        chip->setCheckable(true);
        chip->setAutoRaise(false);
        chip->setObjectName(u"chip_"_s + QString::number(int(flag)));
        chip->setToolTip(tr("Only entries flagged %1 (several chips: any of them)")
                             .arg(ApprovedAccountsModel::flagLabel(flag)));
        // The chip's colour is the badge's, as a left border: the legend of the Flags column.
        chip->setStyleSheet(
            u"QToolButton { border-left: 4px solid %1; padding: 2px 6px; }"_s.arg(flagColor(flag).name()));
        connect(chip, &QToolButton::toggled, this, &ApprovedAccountsPanel::applyFilter);
        m_chips.emplace_back(int(flag), chip);
        chipsRow->addWidget(chip);
    }
    chipsRow->addStretch();
    m_countLabel = new QLabel;
    chipsRow->addWidget(m_countLabel);

    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(filterLabel);
    filterRow->addWidget(m_filter, 1);
    filterRow->addSpacing(12);
    filterRow->addWidget(staleLabel);
    filterRow->addWidget(m_staleDays);

    m_view = new QTableView;
    m_view->setObjectName(u"approvedView"_s);
    m_view->setModel(m_proxy);
    setupTableView(m_view);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setItemDelegateForColumn(ApprovedAccountsModel::Flags, new FlagBadgeDelegate(m_view));
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, &ApprovedAccountsPanel::contextMenu);
    const auto width = [this](QStringView sample) { return columnWidthFor(m_view, sample); };
    QHeaderView* h = m_view->horizontalHeader();
    h->resizeSection(ApprovedAccountsModel::Identity, width(u"AmazonSSMRoleForInstancesQuickSetup"));
    h->resizeSection(ApprovedAccountsModel::Flags, width(u"never matched  near-miss"));
    h->resizeSection(ApprovedAccountsModel::MatchedEvents, width(u"Events 000"));
    h->resizeSection(ApprovedAccountsModel::LastSeen, width(u"2026-10-01T07:15:29"));
    h->resizeSection(ApprovedAccountsModel::Matches, width(u"≈ deploy-bot-prod"));
    h->resizeSection(ApprovedAccountsModel::Reason, width(u"SSO service-linked role, SEC-20"));
    h->resizeSection(ApprovedAccountsModel::ApprovedBy, width(u"Approved by"));
    h->resizeSection(ApprovedAccountsModel::ApprovedAt, width(u"2026-10-01T07:15:29Z"));
    h->resizeSection(ApprovedAccountsModel::Expires, width(u"2026-10-01 "));
    // The CSV line is in the identity's tooltip; the column is there for sorting by file order.
    m_view->setColumnHidden(ApprovedAccountsModel::Line, true);
    m_view->sortByColumn(ApprovedAccountsModel::Identity, Qt::AscendingOrder);
    if (h->restoreState(QSettings().value(kHeaderKey).toByteArray()))
        m_view->sortByColumn(h->sortIndicatorSection(), h->sortIndicatorOrder());
    filterLabel->setBuddy(m_filter);

    // An empty table after typing looks like an empty list: it says that the filter hides the entries.
    m_emptyNotice = new QWidget;
    m_emptyNotice->setObjectName(u"filterEmptyNotice"_s);
    {
        auto* row = new QHBoxLayout(m_emptyNotice);
        row->setContentsMargins(0, 0, 0, 0);
        auto* clear = new QPushButton(tr("Clear filter"));
        connect(clear, &QPushButton::clicked, this, &ApprovedAccountsPanel::clearFilter);
        row->addWidget(new QLabel(tr("No entry matches the filter.")));
        row->addWidget(clear);
        row->addStretch();
    }
    m_emptyNotice->hide();

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(filterRow);
    layout->addLayout(chipsRow);
    layout->addWidget(m_emptyNotice);
    layout->addWidget(m_view);

    createActions();
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ApprovedAccountsPanel::updateActions);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ApprovedAccountsPanel::updateActions);
    connect(&m_session, &AnalysisSession::resultChanged, this, &ApprovedAccountsPanel::refresh);
    // The pass holds only copies and shared snapshots: it may finish after the panel is gone.
    connect(&m_healthWatcher, &QFutureWatcher<HealthResult>::finished, this,
            &ApprovedAccountsPanel::onHealthFinished);

    // Not in the tab's layout: the window puts it in its status bar. A click opens the editor.
    m_suppressedLabel = new QLabel(this);
    m_suppressedLabel->setObjectName(u"suppressedLabel"_s);
    m_suppressedLabel->setTextFormat(Qt::RichText);
    m_suppressedLabel->hide();
    connect(m_suppressedLabel, &QLabel::linkActivated, this, &ApprovedAccountsPanel::editSuppressions);
    connect(&m_session, &AnalysisSession::resultChanged, this, &ApprovedAccountsPanel::updateSuppressedLabel);
    updateChips();
    updateActions();
}

ApprovedAccountsPanel::~ApprovedAccountsPanel()
{
    QSettings().setValue(kHeaderKey, m_view->horizontalHeader()->saveState());
}

void ApprovedAccountsPanel::createActions()
{
    m_revokeAction = new QAction(QIcon::fromTheme(u"edit-delete"_s), tr("&Revoke…"), this);
    m_revokeAction->setShortcut(QKeySequence::Delete);
    m_revokeAction->setToolTip(tr("Remove the selected entries from the approved-accounts CSV (Delete)"));
    connect(m_revokeAction, &QAction::triggered, this, &ApprovedAccountsPanel::revokeSelected);

    m_editReasonAction = new QAction(QIcon::fromTheme(u"document-edit"_s), tr("Edit Rea&son…"), this);
    m_editReasonAction->setShortcut(Qt::Key_F2);
    connect(m_editReasonAction, &QAction::triggered, this, &ApprovedAccountsPanel::editReasonOfSelected);

    m_editExpiryAction = new QAction(QIcon::fromTheme(u"appointment-new"_s), tr("Set E&xpiry…"), this);
    // Ctrl+E is File ▸ Export Findings Report.
    m_editExpiryAction->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_E);
    connect(m_editExpiryAction, &QAction::triggered, this, &ApprovedAccountsPanel::editExpiryOfSelected);

    m_approveObservedAction =
        new QAction(QIcon::fromTheme(u"dialog-ok-apply"_s), tr("Approve Observed…"), this);
    m_approveObservedAction->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_Return);
    connect(m_approveObservedAction, &QAction::triggered, this, &ApprovedAccountsPanel::approveObserved);

    m_copyAction = new QAction(QIcon::fromTheme(u"edit-copy"_s), tr("&Copy Identities"), this);
    // Ctrl+C copies the rows with their headers, as in every table (setupTableView).
    connect(m_copyAction, &QAction::triggered, this,
            [this] { QApplication::clipboard()->setText(selectedIdentities().join(u'\n')); });

    // Only while this tab has the focus: Delete and F2 mean something else in other widgets.
    for (QAction* a :
         {m_revokeAction, m_editReasonAction, m_editExpiryAction, m_approveObservedAction, m_copyAction}) {
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(a);
    }

    m_baselineAction = new QAction(tr("Rebuild &Baseline…"), this);
    m_baselineAction->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_B);
    m_baselineAction->setToolTip(tr("Compare the approved list with the accounts seen in a recent window"));
    connect(m_baselineAction, &QAction::triggered, this, &ApprovedAccountsPanel::rebuildBaseline);
    m_suppressionsAction = new QAction(tr("&Suppression Rules…"), this);
    connect(m_suppressionsAction, &QAction::triggered, this, &ApprovedAccountsPanel::editSuppressions);
    m_toolsSeparator = new QAction(this);
    m_toolsSeparator->setSeparator(true);
}

QList<QAction*> ApprovedAccountsPanel::toolsActions() const
{
    return {m_baselineAction, m_suppressionsAction, m_toolsSeparator,
            m_revokeAction,   m_editReasonAction,   m_editExpiryAction};
}

void ApprovedAccountsPanel::updateSuppressedLabel()
{
    const auto result = m_session.result();
    const bool show = result && (result->suppressed > 0 || !m_session.suppressions().rules.empty());
    m_suppressedLabel->setVisible(show);
    if (show)
        m_suppressedLabel->setText(
            u"<a href=\"#\">%1</a>"_s.arg(tr("%1 hidden by suppressions").arg(result->suppressed)));
}

QToolButton* ApprovedAccountsPanel::chip(int flag) const
{
    for (const auto& [f, button] : m_chips)
        if (f == flag)
            return button;
    return nullptr;
}

void ApprovedAccountsPanel::applyFilter()
{
    int mask = 0;
    for (const auto& [flag, button] : m_chips)
        if (button->isChecked())
            mask |= flag;
    m_proxy->setFlagMask(mask);
    m_proxy->setFilterText(m_filter->text());
    const int shown = m_proxy->rowCount();
    const int total = m_model->rowCount();
    m_countLabel->setText(shown == total ? tr("%1 entries").arg(total)
                                         : tr("%1 of %2 entries").arg(shown).arg(total));
    m_emptyNotice->setVisible(shown == 0 && total > 0);
    updateActions();
}

void ApprovedAccountsPanel::clearFilter()
{
    for (const auto& [flag, button] : m_chips) {
        const QSignalBlocker blocker(button);
        button->setChecked(false);
    }
    m_filter->clear();
    applyFilter();
}

void ApprovedAccountsPanel::updateChips()
{
    std::vector<int> counts(std::size(kFlags), 0);
    int flagged = 0;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const int flags = ApprovedAccountsModel::flagsOf(*m_model->entryAt(row));
        flagged += flags != 0;
        for (std::size_t i = 0; i < std::size(kFlags); ++i)
            counts[i] += (flags & kFlags[i]) != 0;
    }
    for (std::size_t i = 0; i < std::size(kFlags); ++i) {
        QToolButton* button = m_chips[i].second;
        button->setText(u"%1 %2"_s.arg(ApprovedAccountsModel::flagLabel(kFlags[i])).arg(counts[i]));
        // Nothing to show behind an empty chip: a checked one is released (it would hide every row
        // it selected without saying why).
        if (counts[i] == 0 && button->isChecked()) {
            const QSignalBlocker blocker(button); // applyFilter() follows once for all chips
            button->setChecked(false);
        }
        button->setEnabled(counts[i] > 0);
    }
    applyFilter();
    Q_EMIT summaryChanged(m_model->rowCount(), flagged);
}

std::function<ApprovedAccountsPanel::Health()> ApprovedAccountsPanel::healthPass() const
{
    const AnalysisSession& session = m_session;
    auto store = session.store();
    auto activity = session.activity();
    if (!store || !activity)
        return [] { return Health(); };
    const auto& list = session.approvedList();
    std::vector<IdentityEntry> entries(list.entries.begin(), list.entries.end());
    HealthOptions options;
    options.staleDays = m_staleDays->value();
    options.now = session.now();
    return [store = std::move(store), activity = std::move(activity), entries = std::move(entries),
            identities = session.identityList().identities, options] {
        return std::make_shared<const std::vector<EntryHealth>>(
            assessApprovedList(*store, *activity, entries, IdentityMatcher(identities), options));
    };
}

void ApprovedAccountsPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_dirty)
        refresh();
}

void ApprovedAccountsPanel::refresh()
{
    AnalysisSession& session = m_session;
    // The health pass costs O(entries x users) (50-100 ms at 1M events): done when the tab is
    // shown, not after every approval made in the Findings tab.
    if (!isVisible()) {
        m_dirty = true;
        ++m_healthGeneration; // a pass still running is for a result that is gone
        m_healthPending = false;
        Q_EMIT summaryChanged(int(session.approvedList().entries.size()), -1);
        // The Tools actions depend on the data and the list, not on the health pass: they must be
        // usable before the tab has ever been shown (Tools > Rebuild Baseline from the Findings tab).
        updateActions();
        return;
    }
    m_dirty = false;
    const auto activity = session.activity();
    std::function<Health()> pass = healthPass();
    if (!session.store() || !activity || activity->users.size() < m_healthThreshold) {
        ++m_healthGeneration;
        m_healthPending = false;
        applyHealth(pass());
        return;
    }
    // The table keeps the previous snapshot meanwhile; the tab's title says it is not computed.
    const quint64 generation = ++m_healthGeneration;
    m_healthPending = true;
    Q_EMIT summaryChanged(int(session.approvedList().entries.size()), -1);
    m_healthWatcher.setFuture(QtConcurrent::run(windowWorkers(), [pass = std::move(pass), generation] {
        return HealthResult{generation, pass()};
    }));
}

void ApprovedAccountsPanel::onHealthFinished()
{
    if (!m_healthPending || m_healthWatcher.future().resultCount() == 0)
        return;
    HealthResult result = m_healthWatcher.result();
    if (result.generation != m_healthGeneration)
        return; // superseded: the newer pass's result follows
    m_healthPending = false;
    applyHealth(std::move(result.health));
}

void ApprovedAccountsPanel::waitForHealth()
{
    while (m_healthPending) {
        m_healthWatcher.waitForFinished();
        QCoreApplication::sendPostedEvents(&m_healthWatcher);
        if (m_healthPending && m_healthWatcher.isFinished())
            onHealthFinished(); // the watcher's signal may still be queued in another event loop
    }
}

void ApprovedAccountsPanel::applyHealth(Health health)
{
    AnalysisSession& session = m_session;
    const auto store = session.store();
    const auto activity = session.activity();

    // Keep the selection across the reset, by identity: an edit must not lose the rows it edited.
    QSet<QString> selected;
    for (const QString& id : selectedIdentities())
        selected.insert(asciiFolded(id));
    const QModelIndex oldCurrent = m_view->currentIndex();
    const int currentRow = oldCurrent.isValid() ? oldCurrent.row() : -1;

    if (!store || !activity || !health) {
        m_model->clear();
        updateChips();
        return;
    }
    TimeMs dataEnd = 0;
    for (const UserActivity& a : activity->users)
        dataEnd = std::max(dataEnd, a.lastTime);
    m_model->setSnapshot(std::move(health), dataEnd, m_staleDays->value(),
                         session.approvedList().extraColumns);
    updateChips();
    QItemSelection selection;
    QModelIndex current;
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex index = m_proxy->index(row, 0);
        if (selected.contains(asciiFolded(index.data(ApprovedAccountsModel::IdentityRole).toString()))) {
            selection.select(index, m_proxy->index(row, m_proxy->columnCount() - 1));
            if (!current.isValid())
                current = index;
        }
    }
    if (!current.isValid() && currentRow >= 0 && m_proxy->rowCount() > 0) {
        // The rows went away (revoked): the one now in their place is next, for Delete, Delete, …
        current = m_proxy->index(std::min(currentRow, m_proxy->rowCount() - 1), 0);
        selection.select(current, m_proxy->index(current.row(), m_proxy->columnCount() - 1));
    }
    if (current.isValid()) {
        m_view->selectionModel()->setCurrentIndex(current, QItemSelectionModel::NoUpdate);
        m_view->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    }
    updateActions();
}

std::vector<const EntryHealth*> ApprovedAccountsPanel::selectedEntries() const
{
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    std::vector<const EntryHealth*> out;
    for (const QModelIndex& index : std::as_const(rows))
        if (const EntryHealth* h = m_model->entryAt(m_proxy->mapToSource(index).row()))
            out.push_back(h);
    return out;
}

QStringList ApprovedAccountsPanel::selectedIdentities() const
{
    QStringList out;
    QSet<QString> seen;
    for (const EntryHealth* h : selectedEntries()) {
        const QString folded = asciiFolded(h->entry.identity);
        if (!seen.contains(folded)) {
            seen.insert(folded);
            out << h->entry.identity;
        }
    }
    return out;
}

bool ApprovedAccountsPanel::selectIdentity(const QString& identity)
{
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex index = m_proxy->index(row, 0);
        if (index.data(ApprovedAccountsModel::IdentityRole).toString() == identity) {
            m_view->setCurrentIndex(index);
            m_view->selectionModel()->select(index,
                                             QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            m_view->scrollTo(index);
            return true;
        }
    }
    return false;
}

void ApprovedAccountsPanel::updateActions()
{
    const bool have = m_view->selectionModel()->hasSelection();
    const bool writable = !m_session.approvedPath().isEmpty();
    m_revokeAction->setEnabled(have && writable);
    m_editReasonAction->setEnabled(have && writable);
    m_editExpiryAction->setEnabled(have && writable);
    m_copyAction->setEnabled(have);
    const QString observed = m_view->currentIndex().data(ApprovedAccountsModel::NearMissRole).toString();
    m_approveObservedAction->setEnabled(writable && !observed.isEmpty());
    QString label = observed;
    m_approveObservedAction->setText(
        observed.isEmpty() ? tr("Approve Observed…") : tr("Approve %1…").arg(label.replace(u'&', u"&&"_s)));
    m_baselineAction->setEnabled(m_session.store() != nullptr && writable);
    m_suppressionsAction->setEnabled(writable);
}

void ApprovedAccountsPanel::showTab()
{
    // From the Tools menu while Findings is shown: the rows acted on must be in view.
    Q_EMIT showRequested();
}

void ApprovedAccountsPanel::contextMenu(const QPoint& pos)
{
    updateActions();
    QMenu menu(this);
    if (m_approveObservedAction->isEnabled()) {
        menu.addAction(m_approveObservedAction);
        menu.addSeparator();
    }
    menu.addAction(m_revokeAction);
    menu.addAction(m_editReasonAction);
    menu.addAction(m_editExpiryAction);
    menu.addSeparator();
    menu.addAction(m_copyAction);
    menu.addActions(tableCopyActions(m_view));
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

void ApprovedAccountsPanel::revokeSelected()
{
    showTab();
    const QStringList ids = selectedIdentities();
    if (ids.isEmpty())
        return;
    // Revoking removes every row of an identity (compared without case): with duplicates that is
    // more than the selected row, so say it before it happens.
    const auto entries = selectedEntries();
    const bool duplicates =
        std::any_of(entries.begin(), entries.end(), [](const EntryHealth* h) { return h->duplicate; });
    QString intro = tr("Remove from the approved accounts (unless another entry covers them, their activity "
                       "becomes findings again):");
    if (duplicates)
        intro = tr("Every row of these identities is removed, duplicates included (compared without case); "
                   "approve one again to keep it.") +
                u' ' + intro;
    ReasonDialog dialog(ids.size() == 1 ? tr("Revoke Approval") : tr("Revoke %1 Approvals").arg(ids.size()),
                        intro, tr("&Revoke"), ids,
                        {QSettings().value(kRevokeReasonKey).toString(), defaultBy()}, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ApprovalRequest r = dialog.request();
    QSettings().setValue(kRevokeReasonKey, r.reason);
    m_approvals->revoke(ids, r.reason, r.approver);
}

void ApprovedAccountsPanel::editReasonOfSelected()
{
    showTab();
    const auto entries = selectedEntries();
    if (entries.empty())
        return;
    QStringList ids = selectedIdentities();
    // The current reason when they share one, so that F2 + End + typing amends it.
    QString reason = entries.front()->entry.reason;
    for (const EntryHealth* h : entries)
        if (h->entry.reason != reason)
            reason.clear();
    ReasonDialog dialog(tr("Edit Reason"), tr("Set the reason of:"), tr("&Set Reason"), ids,
                        {reason, defaultBy()}, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ApprovalRequest r = dialog.request();
    m_approvals->update(ids, u"reason"_s, r.reason, r.approver);
}

void ApprovedAccountsPanel::editExpiryOfSelected()
{
    showTab();
    const auto entries = selectedEntries();
    if (entries.empty())
        return;
    ExpiryRequest defaults{std::nullopt, defaultBy()};
    // The date as written: a date-only `expires` holds through that day, so expiresAt is the
    // next midnight and its date() would be one day late.
    const IdentityEntry& first = entries.front()->entry;
    if (const QDate written = QDate::fromString(first.expires.left(10), Qt::ISODate); written.isValid())
        defaults.expires = written;
    else if (first.expiresAt.isValid())
        defaults.expires = first.expiresAt.date();
    ExpiryDialog dialog(selectedIdentities(), defaults, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ExpiryRequest r = dialog.request();
    m_approvals->update(selectedIdentities(), u"expires"_s,
                        r.expires ? r.expires->toString(Qt::ISODate) : QString(), r.by);
}

void ApprovedAccountsPanel::approveObserved()
{
    const QString observed = m_view->currentIndex().data(ApprovedAccountsModel::NearMissRole).toString();
    if (observed.isEmpty())
        return;
    ApprovalRequest defaults{QString(), defaultBy()};
    defaults.recentReasons = ApproveDialog::recentReasons(
        {m_session.approvedList().entries.begin(), m_session.approvedList().entries.end()});
    std::vector<ApprovalGuard> guards;
    const auto store = m_session.store();
    const auto activity = m_session.activity();
    if (const UserActivity* a = store && activity ? findActivity(*store, *activity, observed) : nullptr;
        a && (a->principal.cls == PrincipalClass::Root || a->principal.cls == PrincipalClass::Person ||
              a->principal.adminLike))
        guards.push_back({observed, a->principal, {}});
    else if (isRootName(observed))
        guards.push_back({observed, {PrincipalClass::Root, tr("named root"), false, {}}, {}});
    ApproveDialog dialog({observed}, QDir::toNativeSeparators(m_session.approvedPath()), defaults, guards,
                         this);
    // The same class and sensitive APIs as the Findings tab's Approve dialog.
    if (store && activity)
        dialog.setDetails(approvalDetails(*store, *activity, {observed}));
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ApprovalRequest r = dialog.request();
    if (!guards.empty() && guards.front().verdict.cls == PrincipalClass::Root && !r.rootConfirmed)
        return;
    m_approvals->approve({observed}, r.reason, r.approver, {r.expires, {}, {}});
}

void ApprovedAccountsPanel::rebuildBaseline()
{
    AnalysisSession& session = m_session;
    if (!session.store())
        return;
    BaselineDialog::Input input;
    input.store = session.store();
    input.rules = session.rules();
    input.approved.assign(session.approvedList().entries.begin(), session.approvedList().entries.end());
    input.identityList = session.identityList().identities;
    input.activity = session.activity();
    input.csvName = QFileInfo(session.approvedPath()).fileName();
    input.imported = session.imported();
    if (const auto health = m_dirty || m_healthPending ? computeHealth() : m_model->snapshot())
        input.health = *health;
    BaselineDialog dialog(std::move(input), {QString(), defaultBy()}, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ApprovalRequest r = dialog.request();
    m_approvals->applyBaseline(dialog.checkedAdds(), dialog.checkedDrops(), r.reason, r.approver);
}

void ApprovedAccountsPanel::editSuppressions()
{
    AnalysisSession& session = m_session;
    if (session.approvedPath().isEmpty())
        return;
    const QString path = suppressionsPathFor(session.approvedPath());
    // The bytes as read: the save goes through only if nobody changed the file meanwhile.
    QByteArray bytes;
    if (QFile file(path); file.exists()) {
        if (!file.open(QIODevice::ReadOnly)) {
            QMessageBox::warning(this, tr("Suppression Rules"),
                                 tr("%1: cannot read: %2").arg(path, file.errorString()));
            return;
        }
        bytes = file.readAll();
    }
    const SuppressionSet current = parseSuppressions(bytes, path);
    if (!current.ok()) {
        QMessageBox::warning(this, tr("Suppression Rules"),
                             tr("%1\n\nFix or remove the file, then try again.").arg(current.error));
        return;
    }
    SuppressionsDialog dialog(
        path, current.rules,
        [&session](const std::vector<SuppressionRule>& rules) { return session.previewSuppressions(rules); },
        defaultBy(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_approvals->saveSuppressions(bytes, current.rules, dialog.rules(), dialog.by());
}

} // namespace tw
