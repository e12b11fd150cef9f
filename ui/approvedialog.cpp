// SPDX-License-Identifier: GPL-3.0-or-later

#include "approvedialog.h"

#include "core/reporttext.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace tw {

ApproveDialog::ApproveDialog(const QStringList& identities, const QString& csvPath,
                             const ApprovalRequest& defaults, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(identities.size() == 1 ? tr("Approve Account")
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

    m_reason = new QLineEdit(defaults.reason);
    m_reason->setPlaceholderText(tr("e.g. AWS service-linked role, ticket SEC-1234"));
    m_reason->selectAll();
    m_reason->setMinimumWidth(360);
    m_approver = new QLineEdit(defaults.approver);

    auto* form = new QFormLayout;
    form->addRow(tr("&Reason:"), m_reason);
    form->addRow(tr("Approved &by:"), m_approver);
    auto* where = new QLabel(tr("Written now to %1").arg(csvPath.toHtmlEscaped()));
    where->setWordWrap(true);
    where->setForegroundRole(QPalette::PlaceholderText);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("&Approve"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reason, &QLineEdit::textChanged, this, &ApproveDialog::updateOk);
    connect(m_approver, &QLineEdit::textChanged, this, &ApproveDialog::updateOk);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(where);
    layout->addWidget(buttons);
    updateOk();
    // Keyboard-fast: the remembered reason is focused and selected, so typing replaces it and Enter
    // accepts it as it is (Approve is the default button).
    m_ok->setDefault(true);
    m_reason->setFocus(Qt::TabFocusReason);
    m_reason->selectAll();
}

ApprovalRequest ApproveDialog::request() const
{
    return {m_reason->text().trimmed(), m_approver->text().trimmed()};
}

void ApproveDialog::updateOk()
{
    m_ok->setEnabled(!m_reason->text().trimmed().isEmpty() && !m_approver->text().trimmed().isEmpty());
}

} // namespace tw
