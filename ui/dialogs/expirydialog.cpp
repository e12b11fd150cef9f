// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/dialogs/expirydialog.h"

#include "core/lists/approvaloptions.h"
#include "ui/dateedits.h"
#include "ui/dialogs/reasondialog.h"

#include <QCheckBox>
#include <QDateEdit>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace tw {

ExpiryDialog::ExpiryDialog(const QStringList& identities, const ExpiryRequest& defaults, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(identities.size() == 1 ? tr("Set Expiry")
                                          : tr("Set Expiry of %1 Approvals").arg(identities.size()));
    auto* label = new QLabel(tr("After this day (UTC) the approval no longer excludes: the account comes "
                                "back as a finding marked “approval expired”.")
                                 .toHtmlEscaped() +
                             u"<br>"_s + identityListHtml(identities));
    label->setTextFormat(Qt::RichText);
    label->setWordWrap(true);
    label->setMinimumWidth(380);

    // Today in UTC, as the approval's day is (parseExpiry), not the local date.
    // Tab leaves the date in one press (its day, month and year are not three stops).
    m_date =
        new OneStopDateEdit(defaults.expires.value_or(QDateTime::currentDateTimeUtc().date().addDays(90)));
    m_date->setCalendarPopup(true);
    m_date->setDisplayFormat(u"yyyy-MM-dd"_s);
    // No minimum date on the edit: an expired approval opens on its own (past) date, and the note says
    // why Set is disabled until a later one is chosen.
    m_note = new QLabel;
    m_note->setObjectName(u"expiryNote"_s);
    m_note->setWordWrap(true);
    m_none = new QCheckBox(tr("&No expiry"));
    m_none->setChecked(!defaults.expires.has_value());
    m_by = new QLineEdit(defaults.by);

    auto* form = new QFormLayout;
    form->addRow(tr("&Expires:"), m_date);
    form->addRow(QString(), m_none);
    form->addRow(QString(), m_note);
    form->addRow(tr("&By:"), m_by);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("&Set"));
    m_ok->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_none, &QCheckBox::toggled, this, &ExpiryDialog::updateState);
    connect(m_date, &QDateEdit::dateChanged, this, &ExpiryDialog::updateState);
    connect(m_by, &QLineEdit::textChanged, this, &ExpiryDialog::updateState);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(label);
    layout->addLayout(form);
    layout->addWidget(buttons);
    // In reading order: the date, No expiry, By, then the buttons (which follow in their box's order).
    setTabOrder(m_date, m_none);
    setTabOrder(m_none, m_by);
    updateState();
    (m_none->isChecked() ? static_cast<QWidget*>(m_none) : m_date)->setFocus(Qt::TabFocusReason);
}

ExpiryRequest ExpiryDialog::request() const
{
    return {m_none->isChecked() ? std::nullopt : std::optional<QDate>(m_date->date()),
            m_by->text().trimmed()};
}

QString ExpiryDialog::problem() const
{
    // The service's own check (ApprovalService::update refuses the same): a past expiry would turn the
    // approval off the moment it is written, a change of the detection nobody asked for.
    return m_none->isChecked()
               ? QString()
               : expiryProblem(m_date->date().toString(Qt::ISODate), QDateTime::currentDateTimeUtc());
}

void ExpiryDialog::updateState()
{
    m_date->setEnabled(!m_none->isChecked());
    const QString why = problem();
    if (!why.isEmpty())
        m_note->setText(tr("%1 is in the past: choose a later date, or No expiry")
                            .arg(m_date->date().toString(Qt::ISODate)));
    else if (m_none->isChecked())
        m_note->setText(tr("the approval holds until it is revoked"));
    else
        m_note->setText(
            tr("through %1 (UTC); then a finding again").arg(m_date->date().toString(Qt::ISODate)));
    m_note->setForegroundRole(why.isEmpty() ? QPalette::PlaceholderText : QPalette::Text);
    m_note->setStyleSheet(why.isEmpty() ? QString() : u"color: #c0392b; font-weight: bold"_s);
    m_ok->setEnabled(!m_by->text().trimmed().isEmpty() && why.isEmpty());
}

} // namespace tw
