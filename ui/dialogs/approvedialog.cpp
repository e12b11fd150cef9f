// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/dialogs/approvedialog.h"

#include "core/detection/detection.h"
#include "core/detection/sensitiveapis.h"
#include "core/ingest/eventstore.h"
#include "core/lists/identitylists.h"
#include "core/report/reporttext.h"
#include "ui/dateedits.h"
#include "ui/models/findingsmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <numeric>

using namespace Qt::StringLiterals;

namespace tw {

ApproveDialog::ApproveDialog(const QStringList& identities, const QString& csvPath,
                             const ApprovalRequest& defaults, const std::vector<ApprovalGuard>& guards,
                             QWidget* parent)
    : QDialog(parent)
    , m_identities(identities)
{
    const bool guarded = !guards.empty();
    const auto root = std::find_if(guards.begin(), guards.end(), [](const ApprovalGuard& g) {
        return g.verdict.cls == PrincipalClass::Root;
    });
    setWindowTitle(root != guards.end()     ? tr("Approve the Root User?")
                   : guarded                ? tr("Approve a Person or an Administrator?")
                   : identities.size() == 1 ? tr("Approve Account")
                                            : tr("Approve %n Accounts", nullptr, int(identities.size())));

    // Show a bounded list: a selection of hundreds must not make the dialog taller than the screen.
    constexpr qsizetype kShown = 12;
    QStringList shown = identities.mid(0, kShown);
    for (QString& s : shown)
        s = ReportText::visible(s).toHtmlEscaped(); // log text: invisible characters shown, never markup
    QString list = u"<b>"_s + shown.join(u"</b><br><b>"_s) + u"</b>"_s;
    if (identities.size() > kShown)
        list += u"<br>"_s + tr("… and %n more", nullptr, int(identities.size() - kShown));
    auto* intro = new QLabel(
        tr("Add to the approved accounts so that the detection no longer reports them:") + u"<br>"_s + list);
    intro->setTextFormat(Qt::RichText);
    intro->setWordWrap(true);
    intro->setTextInteractionFlags(Qt::TextSelectableByMouse);

    QLabel* warning = nullptr;
    if (guarded) {
        // Each guarded identity with what decided its class: "helen.suzuki: person (3 console logins)".
        QString text = u"<p><b>"_s +
                       tr("This is a list of service accounts. Approving these hides everything they do:") +
                       u"</b></p><ul>"_s;
        for (std::size_t i = 0; i < guards.size() && i < std::size_t(kShown); ++i) {
            const ApprovalGuard& g = guards[i];
            // Evidence can quote log values (a service, a provider): shown with invisible characters visible.
            QString why =
                principalClassName(g.verdict.cls) + u": "_s + ReportText::visible(g.verdict.evidence);
            if (g.verdict.adminLike)
                why += u"; "_s +
                       tr("administrator access: %1").arg(ReportText::visible(g.verdict.adminEvidence));
            if (g.verdict.cls == PrincipalClass::Root && !g.accounts.isEmpty())
                why += u"; "_s + tr("account %1").arg(g.accounts.join(u", "_s));
            text += u"<li><b>"_s + ReportText::visible(g.identity).toHtmlEscaped() + u"</b>: "_s +
                    why.toHtmlEscaped() + u"</li>"_s;
        }
        if (guards.size() > std::size_t(kShown))
            text += u"<li>"_s + tr("… and %n more", nullptr, int(guards.size() - std::size_t(kShown))) +
                    u"</li>"_s;
        text += u"</ul>"_s;
        warning = new QLabel(text);
        warning->setObjectName(u"guardWarning"_s);
        warning->setTextFormat(Qt::RichText);
        warning->setWordWrap(true);
        warning->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }

    // An editable drop-down: empty at first; Down offers the most recent reason, typing completes.
    m_reason = new QComboBox;
    m_reason->setObjectName(u"reason"_s);
    m_reason->setEditable(true);
    m_reason->setInsertPolicy(QComboBox::NoInsert);
    m_reason->addItems(defaults.recentReasons);
    m_reason->setCurrentIndex(-1);
    m_reason->setEditText(defaults.reason);
    m_reason->lineEdit()->setPlaceholderText(tr("e.g. AWS service-linked role, ticket SEC-1234"));
    m_reason->completer()->setCaseSensitivity(Qt::CaseInsensitive);
    m_reason->completer()->setCompletionMode(QCompleter::PopupCompletion);
    m_reason->setMinimumWidth(360);
    m_approver = new QLineEdit(defaults.approver);
    m_approver->setObjectName(u"approver"_s);

    // The expiry is a choice in sight, "No expiry" first (what an approval always was): a default
    // that expired approvals by itself would bring findings back unasked, one that hid the field would
    // make nobody set it.
    m_expiry = new QComboBox;
    m_expiry->setObjectName(u"expiryChoice"_s);
    m_expiry->addItem(tr("No expiry"), 0);
    m_expiry->addItem(tr("In 30 days"), 30);
    m_expiry->addItem(tr("In 90 days"), 90);
    m_expiry->addItem(tr("On a date…"), -1);
    // Tab leaves the date in one press (its day, month and year are not three stops).
    m_expiryDate = new OneStopDateEdit(QDateTime::currentDateTimeUtc().date().addDays(30));
    m_expiryDate->setObjectName(u"expiryDate"_s);
    m_expiryDate->setDisplayFormat(u"yyyy-MM-dd"_s);
    m_expiryDate->setCalendarPopup(true);
    m_expiryNote = new QLabel;
    m_expiryNote->setObjectName(u"expiryNote"_s);
    auto* expiryRow = new QHBoxLayout;
    expiryRow->addWidget(m_expiry);
    expiryRow->addWidget(m_expiryDate);
    expiryRow->addWidget(m_expiryNote, 1);

    auto* form = new QFormLayout;
    form->addRow(tr("&Reason:"), m_reason);
    form->addRow(tr("Approved &by:"), m_approver);
    auto* expiryLabel = new QLabel(tr("E&xpires:"));
    expiryLabel->setBuddy(m_expiry);
    form->addRow(expiryLabel, expiryRow);
    if (root != guards.end()) {
        m_rootConfirm = new QLineEdit;
        m_rootConfirm->setObjectName(u"rootConfirm"_s);
        m_rootConfirm->setPlaceholderText(root->identity);
        form->addRow(tr("Type &%1 to approve it:").arg(root->identity), m_rootConfirm);
    }
    auto* where = new QLabel(tr("Written now to %1").arg(csvPath.toHtmlEscaped()));
    where->setWordWrap(true);
    where->setForegroundRole(QPalette::PlaceholderText);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    QPushButton* cancel = buttons->button(QDialogButtonBox::Cancel);
    if (guarded) {
        m_ok->setText(root != guards.end() ? tr("&Approve Root") : tr("&Approve Anyway"));
        cancel->setText(tr("&Don't Approve"));
    } else {
        m_ok->setText(tr("&Approve"));
    }
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reason, &QComboBox::editTextChanged, this, &ApproveDialog::updateOk);
    connect(m_approver, &QLineEdit::textChanged, this, &ApproveDialog::updateOk);
    if (m_rootConfirm)
        connect(m_rootConfirm, &QLineEdit::textChanged, this, &ApproveDialog::updateOk);
    connect(m_expiry, &QComboBox::currentIndexChanged, this, &ApproveDialog::updateExpiry);
    connect(m_expiryDate, &QDateEdit::dateChanged, this, &ApproveDialog::updateExpiry);

    // Filled by setWildcardScope(), when the selection offers one.
    m_wildcardBox = new QWidget;
    m_wildcardBox->setObjectName(u"wildcardBox"_s);
    m_wildcardBox->hide();

    auto* layout = m_layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    if (warning)
        layout->addWidget(warning);
    layout->addWidget(m_wildcardBox);
    layout->addLayout(form);
    layout->addWidget(where);
    layout->addWidget(buttons);
    updateExpiry();
    // Enter approves only what needs no second look; otherwise it cancels. The Approve button is
    // disabled while the reason is empty, so Enter on an empty reason does nothing.
    m_ok->setAutoDefault(false);
    cancel->setAutoDefault(false);
    (guarded ? cancel : m_ok)->setDefault(true);
    m_reason->setFocus(Qt::TabFocusReason);
}

ApprovalRequest ApproveDialog::request() const
{
    ApprovalRequest r{m_reason->currentText().trimmed(), m_approver->text().trimmed()};
    r.rootConfirmed = m_rootConfirm && m_rootConfirm->text() == m_rootConfirm->placeholderText();
    r.expires = chosenExpiry();
    if (m_wildcard && m_wildcard->isEnabled() && m_wildcard->isChecked())
        r.pattern = m_pattern;
    return r;
}

QString ApproveDialog::chosenExpiry() const
{
    const int days = m_expiry->currentData().toInt();
    if (days == 0)
        return {};
    const QDate date = days > 0 ? QDateTime::currentDateTimeUtc().date().addDays(days) : m_expiryDate->date();
    return date.toString(Qt::ISODate);
}

void ApproveDialog::updateExpiry()
{
    m_expiryDate->setVisible(m_expiry->currentData().toInt() < 0);
    const QString expires = chosenExpiry();
    // The service's own check: what the dialog lets through, the write accepts.
    const QString problem = expiryProblem(expires, QDateTime::currentDateTimeUtc());
    if (!problem.isEmpty())
        m_expiryNote->setText(tr("%1 is in the past: choose a later date").arg(expires));
    else if (expires.isEmpty())
        m_expiryNote->setText(tr("the approval holds until it is revoked"));
    else
        m_expiryNote->setText(tr("through %1 (UTC); then a finding again").arg(expires));
    m_expiryNote->setForegroundRole(problem.isEmpty() ? QPalette::PlaceholderText : QPalette::Text);
    m_expiryNote->setStyleSheet(problem.isEmpty() ? QString() : u"color: #c0392b; font-weight: bold"_s);
    updateOk();
}

void ApproveDialog::updateOk()
{
    m_ok->setEnabled(!m_reason->currentText().trimmed().isEmpty() &&
                     !m_approver->text().trimmed().isEmpty() &&
                     (!m_rootConfirm || m_rootConfirm->text() == m_rootConfirm->placeholderText()) &&
                     expiryProblem(chosenExpiry(), QDateTime::currentDateTimeUtc()).isEmpty());
}

void ApproveDialog::setWildcardScope(const std::vector<ObservedUser>& observed)
{
    m_pattern = proposePattern(m_identities);
    if (m_pattern.isEmpty())
        return;
    const PatternCheck check = checkPattern(m_pattern, observed);
    const qsizetype selected =
        std::count_if(m_identities.begin(), m_identities.end(),
                      [this](const QString& name) { return patternMatches(m_pattern, name); });
    // Unticked: the literal names are what an approval writes unless the analyst chooses otherwise.
    m_wildcard = new QCheckBox(
        tr("Approve the &wildcard %1 instead of the %n selected names it matches", nullptr, int(selected))
            .arg(ReportText::visible(m_pattern)));
    m_wildcard->setObjectName(u"wildcardOffer"_s);
    m_wildcard->setEnabled(check.ok());
    auto* note = new QLabel;
    note->setObjectName(u"wildcardNote"_s);
    note->setWordWrap(true);
    note->setTextFormat(Qt::PlainText); // names from logs: never markup
    if (check.ok())
        note->setText((check.covered.size() == 1
                           ? tr("It approves every user whose name starts with %1, those of later logs too. "
                                "In the loaded data it covers 1 user:")
                           : tr("It approves every user whose name starts with %1, those of later logs too. "
                                "In the loaded data it covers %2 users:")
                                 .arg(u"%1"_s, QString::number(check.covered.size())))
                          .arg(ReportText::visible(m_pattern.chopped(1))));
    else
        note->setText(tr("Cannot be ticked: %1").arg(ReportText::visible(check.refusal)));

    auto* covers = new QTreeWidget;
    covers->setObjectName(u"wildcardCovers"_s);
    covers->setAccessibleName(tr("Users the wildcard covers now"));
    covers->setRootIsDecorated(false);
    covers->setUniformRowHeights(true);
    covers->setFocusPolicy(Qt::NoFocus);
    covers->setHeaderLabels({tr("Covered now"), tr("Class"), tr("Selected")});
    for (const ObservedUser& user : check.covered) {
        auto* item = new QTreeWidgetItem(covers, {ReportText::visible(user.name), user.className,
                                                  m_identities.contains(user.name) ? tr("yes")
                                                  : check.ok() ? tr("no: the wildcard approves it too")
                                                               : tr("no")});
        if (!user.guard.isEmpty()) {
            item->setToolTip(1, ReportText::visible(user.guard));
            QFont bold = item->font(1);
            bold.setBold(true);
            item->setFont(1, bold);
        }
    }
    for (int c = 0; c < covers->columnCount(); ++c)
        covers->resizeColumnToContents(c);
    // Bounded, so hundreds of covered users scroll inside; the row height is taken from the font as
    // well, since before the first show the header and rows can report less than they will use.
    const int rows = std::clamp(int(check.covered.size()), 1, 6);
    const int line = std::max(covers->sizeHintForRow(0), covers->fontMetrics().height() + 6);
    covers->setFixedHeight(std::max(covers->header()->sizeHint().height(), line) + rows * line +
                           2 * covers->frameWidth() + 4);
    covers->setVisible(!check.covered.empty());

    auto* box = new QVBoxLayout(m_wildcardBox);
    box->setContentsMargins(0, 0, 0, 0);
    box->addWidget(m_wildcard);
    box->addWidget(note);
    box->addWidget(covers);
    m_wildcardBox->show();
}

QStringList ApproveDialog::recentReasons(const std::vector<IdentityEntry>& entries, int max)
{
    std::vector<std::size_t> order(entries.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    // ISO 8601 UTC times sort as text; later rows win ties (they were appended later).
    std::stable_sort(order.begin(), order.end(), [&entries](std::size_t a, std::size_t b) {
        return entries[a].approvedAt > entries[b].approvedAt ||
               (entries[a].approvedAt == entries[b].approvedAt && a > b);
    });
    QStringList out;
    for (std::size_t i : order) {
        const QString reason = entries[i].reason.trimmed();
        if (!reason.isEmpty() && !out.contains(reason))
            out << reason;
        if (out.size() >= max)
            break;
    }
    return out;
}

namespace {

ApprovalDetail approvalDetail(const EventStore& store, const UserActivity& a)
{
    const SensitiveApiCatalogue& catalogue = builtinSensitiveApis();
    ApprovalDetail detail{store.qstr(a.user), principalClassName(a.principal.cls), {}};
    for (const SensitiveCall& call : a.sensitive)
        detail.sensitiveApis << QString::fromUtf8(catalogue.apis[call.api].eventName) + u" \u00D7"_s +
                                    QString::number(call.count);
    return detail;
}

} // namespace

std::vector<ApprovalDetail> approvalDetails(const FindingsModel& findings, const QStringList& identities)
{
    std::vector<ApprovalDetail> out;
    const auto store = findings.store();
    if (!store)
        return out;
    for (int row = 0; row < findings.rowCount(); ++row) {
        const UserActivity* a = findings.activityAt(row);
        if (identities.contains(store->qstr(a->user)))
            out.push_back(approvalDetail(*store, *a));
    }
    // In the order the analyst selected them.
    std::stable_sort(out.begin(), out.end(), [&identities](const ApprovalDetail& x, const ApprovalDetail& y) {
        return identities.indexOf(x.identity) < identities.indexOf(y.identity);
    });
    return out;
}

std::vector<ApprovalDetail> approvalDetails(const EventStore& store, const ActivityTable& activity,
                                            const QStringList& identities)
{
    std::vector<ApprovalDetail> out;
    for (const QString& identity : identities)
        if (const UserActivity* a = findActivity(store, activity, identity))
            out.push_back(approvalDetail(store, *a));
    return out;
}

void ApproveDialog::setDetails(const std::vector<ApprovalDetail>& details)
{
    if (details.empty())
        return;
    if (!m_details) {
        m_details = new QTreeWidget;
        m_details->setObjectName(u"approveDetails"_s);
        m_details->setAccessibleName(tr("Class and sensitive APIs of the accounts to approve"));
        m_details->setRootIsDecorated(false);
        m_details->setUniformRowHeights(true);
        m_details->setHeaderLabels({tr("Account"), tr("Class"), tr("Sensitive APIs")});
        m_details->setFocusPolicy(Qt::NoFocus); // Tab goes from the reason to the buttons
        // The rows fit the fixed height; a long API list is elided (its tooltip has all of it).
        m_details->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        m_details->header()->setStretchLastSection(true);
        m_layout->insertWidget(1, m_details);
    }
    m_details->clear();
    int sensitive = 0;
    for (const ApprovalDetail& d : details) {
        // Log text: invisible characters shown, and a QTreeWidget item never renders markup.
        auto* item = new QTreeWidgetItem(
            m_details, {ReportText::visible(d.identity), d.className,
                        d.sensitiveApis.isEmpty() ? tr("none") : d.sensitiveApis.join(u", "_s)});
        item->setToolTip(2, d.sensitiveApis.join(u'\n'));
        if (!d.sensitiveApis.isEmpty()) {
            ++sensitive;
            QFont bold = item->font(2);
            bold.setBold(true);
            item->setFont(2, bold);
        }
    }
    for (int c = 0; c < m_details->columnCount(); ++c)
        m_details->resizeColumnToContents(c);
    // Wide enough for the APIs of a typical finding; a longer list is elided (the tooltip has it).
    const int wanted = m_details->columnWidth(0) + m_details->columnWidth(1) + m_details->columnWidth(2) + 24;
    m_details->setMinimumWidth(std::min(wanted, 760));
    // Bounded: a selection of hundreds scrolls inside the table instead of growing the dialog.
    const int rows = int(std::min<std::size_t>(details.size(), 8));
    m_details->setFixedHeight(m_details->header()->sizeHint().height() + rows * m_details->sizeHintForRow(0) +
                              2 * m_details->frameWidth() + 4);
    if (sensitive > 0)
        m_details->setToolTip(tr("%n of these called sensitive APIs", nullptr, sensitive));
}

} // namespace tw
