// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/dialogs/baselinedialog.h"

#include "ui/models/approvedaccountsmodel.h"
#include "ui/timeformat.h"

#include "core/report/reporttext.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace tw {

namespace {

enum TreeColumn { IdentityColumn, ClassColumn, EventsColumn, LastSeenColumn, NoteColumn };

struct WindowActivity
{
    std::uint64_t count = 0;
    TimeMs last = 0;
};

} // namespace

namespace {

// The name as written goes to the CSV; the one shown has its invisible characters made visible.
void setIdentity(QTreeWidgetItem* item, const QString& name)
{
    item->setText(IdentityColumn, ReportText::visible(name));
    item->setData(IdentityColumn, Qt::UserRole, name);
}

} // namespace

BaselineDialog::BaselineDialog(Input input, const ApprovalRequest& defaults, QWidget* parent)
    : QDialog(parent)
    , m_input(std::move(input))
{
    setWindowTitle(tr("Rebuild Baseline"));
    auto* intro =
        new QLabel(tr("The accounts with successful activity in a window, as the support search "
                      "“Create a list of approved AWS service accounts” builds them, compared "
                      "with the approved list. Nothing is written until you apply what is ticked."));
    intro->setWordWrap(true);

    m_since = new QLineEdit(u"30d"_s);
    m_since->setToolTip(
        tr("30d, 12h, 2w (back from the end of the loaded data) or a date such as 2026-01-01"));
    m_window = new QLabel;
    auto* sinceRow = new QHBoxLayout;
    sinceRow->addWidget(m_since);
    sinceRow->addWidget(m_window, 1);

    m_tree = new QTreeWidget;
    m_tree->setHeaderLabels(
        {tr("Identity"), tr("Class"), tr("Events in window"), tr("Last seen (UTC)"), tr("Note")});
    m_tree->setRootIsDecorated(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->resizeSection(IdentityColumn, 300);
    m_tree->header()->resizeSection(ClassColumn, 130);
    m_tree->header()->resizeSection(EventsColumn, 110);
    m_tree->header()->resizeSection(LastSeenColumn, 160);
    m_adds = new QTreeWidgetItem(m_tree);
    m_review = new QTreeWidgetItem(m_tree);
    m_drops = new QTreeWidgetItem(m_tree);
    for (QTreeWidgetItem* group : {m_adds, m_review, m_drops}) {
        group->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsAutoTristate);
        group->setFirstColumnSpanned(true);
        QFont bold = group->font(0);
        bold.setBold(true);
        group->setFont(0, bold);
    }

    m_reason = new QLineEdit;
    m_by = new QLineEdit(defaults.approver);
    auto* form = new QFormLayout;
    m_sinceLabel = new QLabel(tr("&Window since:"));
    m_sinceLabel->setBuddy(m_since);
    form->addRow(m_sinceLabel, sinceRow);
    form->addRow(tr("&Reason:"), m_reason);
    form->addRow(tr("&By:"), m_by);

    // No default button: Enter in the tree (or anywhere) must not write to the list. Apply is
    // clicked, or reached by Alt+A or Tab and Space. It is an ActionRole button because a button
    // box makes its first AcceptRole button the default when it is shown.
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    m_apply = buttons->addButton(tr("&Add"), QDialogButtonBox::ActionRole);
    for (QPushButton* b : {m_apply, buttons->button(QDialogButtonBox::Cancel)}) {
        b->setAutoDefault(false);
        b->setDefault(false);
    }
    connect(m_apply, &QPushButton::clicked, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_since, &QLineEdit::textChanged, this, &BaselineDialog::applySince);
    connect(m_reason, &QLineEdit::textEdited, this, [this] { m_reasonEdited = true; });
    connect(m_reason, &QLineEdit::textChanged, this, &BaselineDialog::updateApply);
    connect(m_by, &QLineEdit::textChanged, this, &BaselineDialog::updateApply);
    connect(m_tree, &QTreeWidget::itemChanged, this, &BaselineDialog::updateApply);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_tree, 1);
    layout->addWidget(buttons);
    resize(820, 560);

    if (!defaults.reason.isEmpty()) {
        m_reason->setText(defaults.reason);
        m_reasonEdited = true;
    }
    applySince();
    m_tree->setFocus();
}

bool BaselineDialog::setSince(const QString& text)
{
    if (m_since->text() != text)
        m_since->setText(text); // applies through textChanged
    else
        applySince();
    return m_valid;
}

QString BaselineDialog::windowText() const
{
    return m_window->text();
}

void BaselineDialog::applySince()
{
    m_valid = false;
    if (m_input.imported) {
        // The window is the query's: nothing to choose here, so no field and no Alt+W leading to it.
        m_since->setVisible(false);
        m_sinceLabel->setBuddy(nullptr);
        m_sinceLabel->setText(tr("Window:"));
        ImportedBaseline b =
            baselineFromResult(*m_input.imported, m_input.approved, IdentityMatcher(m_input.identityList));
        if (!b.error.isEmpty()) {
            m_window->setText(b.error);
            m_window->setWordWrap(true);
            updateApply();
            return;
        }
        m_valid = true;
        m_diff = std::move(b.diff);
        m_importedActivity = std::move(b.activity);
        const QString window =
            m_input.imported->header
                ? m_input.imported->header->windowText()
                : tr("%1 to %2").arg(formatSplunkTime(m_diff.from), formatSplunkTime(m_diff.to - 1));
        m_window->setText(m_input.imported->describe());
        if (!m_reasonEdited)
            m_reason->setText(
                tr("baseline from %1 result, %2").arg(engineDisplayName(m_input.imported->engine), window));
        recompute();
        return;
    }
    if (!m_input.store || m_input.store->events.size() == 0)
        return;
    const TimeMs to = baselineWindow(*m_input.store, 30).second;
    // parseSince measures back from the last event; the window ends just after it.
    const std::optional<TimeMs> from = parseSince(m_since->text(), to - 1);
    if (!from) {
        m_window->setText(tr("not understood: use 30d, 12h, 2w or a date"));
        return;
    }
    m_valid = true;
    m_diff = computeBaseline(*m_input.store, m_input.rules, *from, to, m_input.approved,
                             IdentityMatcher(m_input.identityList), m_input.activity.get());
    m_window->setText(tr("%1 to %2 UTC").arg(formatSplunkTime(*from), formatSplunkTime(to - 1)));
    if (!m_reasonEdited)
        m_reason->setText(
            tr("baseline %1 to %2").arg(formatSplunkTime(*from).left(10), formatSplunkTime(to - 1).left(10)));
    recompute();
}

void BaselineDialog::recompute()
{
    const EventStore& store = *m_input.store;
    // Per user: events and last time inside the window, for reviewing each add.
    QHash<QString, WindowActivity> seen;
    for (auto it = m_importedActivity.cbegin(); it != m_importedActivity.cend(); ++it)
        seen.insert(it.key(), {it->count, it->lastTime});
    for (std::size_t i = 0; i < store.events.size(); ++i) {
        const TimeMs t = store.events.time[i];
        if (t < m_diff.from || t >= m_diff.to || !store.successful(i, m_input.rules))
            continue;
        WindowActivity& a = seen[store.qstr(store.user(i, m_input.rules))];
        ++a.count;
        a.last = std::max(a.last, t);
    }
    QHash<QString, const EntryHealth*> health;
    for (const EntryHealth& h : m_input.health)
        health.insert(asciiFolded(h.entry.identity), &h);

    const QSignalBlocker block(m_tree);
    qDeleteAll(m_adds->takeChildren());
    qDeleteAll(m_review->takeChildren());
    qDeleteAll(m_drops->takeChildren());
    for (qsizetype i = 0; i < m_diff.add.size(); ++i) {
        const QString& name = m_diff.add[i];
        const PrincipalVerdict& verdict = m_diff.addClass[static_cast<std::size_t>(i)];
        // Admin-like machines are not proposed either: the list must not grow administrators unread.
        const bool proposed = isProposableClass(verdict.cls) && !verdict.adminLike;
        auto* item = new QTreeWidgetItem(proposed ? m_adds : m_review);
        const bool root = verdict.cls == PrincipalClass::Root;
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable |
                       (root ? Qt::NoItemFlags : Qt::ItemIsUserCheckable));
        setIdentity(item, name);
        item->setText(ClassColumn, principalClassName(verdict.cls));
        item->setToolTip(ClassColumn, ReportText::visible(verdict.evidence));
        const WindowActivity a = seen.value(name);
        item->setText(EventsColumn, QLocale().toString(qulonglong(a.count)));
        item->setTextAlignment(EventsColumn, Qt::AlignRight | Qt::AlignVCenter);
        item->setText(LastSeenColumn, a.last ? formatSplunkTime(a.last) : QString());
        QString note = ReportText::visible(verdict.evidence);
        if (verdict.adminLike)
            note += u" · "_s + tr("administrator access: %1").arg(ReportText::visible(verdict.adminEvidence));
        if (root)
            note =
                tr("root is never a service account (approve it from the findings, with its confirmation)");
        item->setText(NoteColumn, note);
        item->setToolTip(NoteColumn, note);
        if (!root)
            item->setCheckState(IdentityColumn, proposed ? Qt::Checked : Qt::Unchecked);
    }
    for (const QString& name : std::as_const(m_diff.drop)) {
        auto* item = new QTreeWidgetItem(m_drops);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        setIdentity(item, name);
        QString note = tr("not seen in the window");
        if (const EntryHealth* h = health.value(asciiFolded(name))) {
            if (h->lastSeen)
                item->setText(LastSeenColumn, formatSplunkTime(h->lastSeen));
            item->setText(EventsColumn,
                          tr("%1 in all data").arg(QLocale().toString(qulonglong(h->matchedEvents))));
            if (h->wildcard)
                note = tr("wildcard: a baseline lists names, never patterns");
            else if (h->neverMatched)
                note = tr("never matched in the loaded data");
            if (!h->entry.reason.isEmpty())
                note += u" · "_s + h->entry.reason;
        }
        item->setText(NoteColumn, note);
        item->setCheckState(IdentityColumn, Qt::Unchecked);
    }
    m_tree->expandAll();
    updateApply();
}

QStringList BaselineDialog::checked(QTreeWidgetItem* group) const
{
    QStringList out;
    for (int i = 0; i < group->childCount(); ++i)
        if (group->child(i)->checkState(IdentityColumn) == Qt::Checked)
            out << group->child(i)->data(IdentityColumn, Qt::UserRole).toString();
    return out;
}

QStringList BaselineDialog::checkedAdds() const
{
    QStringList out = checked(m_adds) + checked(m_review);
    // Back in the diff's byte-wise order, whatever group each came from.
    std::sort(out.begin(), out.end(), [this](const QString& a, const QString& b) {
        return m_diff.add.indexOf(a) < m_diff.add.indexOf(b);
    });
    return out;
}

QStringList BaselineDialog::checkedDrops() const
{
    return checked(m_drops);
}

ApprovalRequest BaselineDialog::request() const
{
    return {m_reason->text().trimmed(), m_by->text().trimmed()};
}

void BaselineDialog::updateApply()
{
    const qsizetype adds = checkedAdds().size();
    const qsizetype drops = checkedDrops().size();
    const QSignalBlocker block(m_tree);
    m_adds->setText(
        IdentityColumn,
        tr("Service accounts to add: %1 (%2 ticked)").arg(m_adds->childCount()).arg(checked(m_adds).size()));
    m_review->setText(IdentityColumn,
                      tr("Not proposed: root, people, administrators and unknown principals: %1 (%2 ticked)")
                          .arg(m_review->childCount())
                          .arg(checked(m_review).size()));
    m_drops->setText(IdentityColumn, tr("Would drop: %1 (%2 ticked)").arg(m_diff.drop.size()).arg(drops));
    m_apply->setText(tr("&Add %1, drop %2 to %3")
                         .arg(adds)
                         .arg(drops)
                         .arg(m_input.csvName.isEmpty() ? tr("the approved list") : m_input.csvName));
    m_apply->setEnabled((adds > 0 || drops > 0) && !m_reason->text().trimmed().isEmpty() &&
                        !m_by->text().trimmed().isEmpty());
}

} // namespace tw
