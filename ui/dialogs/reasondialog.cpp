// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/dialogs/reasondialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace tw {

QString identityListHtml(const QStringList& identities)
{
    constexpr qsizetype kShown = 12;
    QStringList shown = identities.mid(0, kShown);
    for (QString& s : shown)
        s = s.toHtmlEscaped();
    QString list = u"<b>"_s + shown.join(u"</b><br><b>"_s) + u"</b>"_s;
    if (identities.size() > kShown)
        list += u"<br>"_s + QObject::tr("… and %1 more").arg(identities.size() - kShown);
    return list;
}

ReasonDialog::ReasonDialog(const QString& title, const QString& intro, const QString& okText,
                           const QStringList& identities, const ApprovalRequest& defaults, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(title);
    auto* label = new QLabel(intro.toHtmlEscaped() + u"<br>"_s + identityListHtml(identities));
    label->setTextFormat(Qt::RichText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_reason = new QLineEdit(defaults.reason);
    m_reason->setPlaceholderText(tr("e.g. decommissioned, ticket SEC-1234"));
    m_reason->setMinimumWidth(360);
    m_approver = new QLineEdit(defaults.approver);

    auto* form = new QFormLayout;
    form->addRow(tr("&Reason:"), m_reason);
    form->addRow(tr("&By:"), m_approver);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(okText);
    m_ok->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reason, &QLineEdit::textChanged, this, &ReasonDialog::updateOk);
    connect(m_approver, &QLineEdit::textChanged, this, &ReasonDialog::updateOk);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(label);
    layout->addLayout(form);
    layout->addWidget(buttons);
    updateOk();
    // Typing replaces the remembered reason; Enter accepts it as it is.
    m_reason->setFocus(Qt::TabFocusReason);
    m_reason->selectAll();
}

ApprovalRequest ReasonDialog::request() const
{
    return {m_reason->text().trimmed(), m_approver->text().trimmed()};
}

void ReasonDialog::updateOk()
{
    m_ok->setEnabled(!m_reason->text().trimmed().isEmpty() && !m_approver->text().trimmed().isEmpty());
}

} // namespace tw
