// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/dialogs/triagedialog.h"

#include "ui/dialogs/reasondialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace tw {

TriageDialog::TriageDialog(const QStringList& users, const ReviewEntry& current, QWidget* parent)
    : QDialog(parent)
    , m_current(current)
{
    setObjectName(u"triageDialog"_s);
    setWindowTitle(tr("Triage"));
    auto* label = new QLabel(tr("Status, owner, ticket and note of:").toHtmlEscaped() + u"<br>"_s +
                             identityListHtml(users));
    label->setTextFormat(Qt::RichText); // the names are escaped by identityListHtml
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_status = new QComboBox;
    m_status->setObjectName(u"statusCombo"_s);
    m_status->addItems(triageStatusNames());
    m_status->setCurrentText(triageStatusName(current.status));
    m_owner = new QLineEdit(current.owner);
    m_owner->setObjectName(u"ownerEdit"_s);
    m_owner->setMinimumWidth(360);
    m_ticket = new QLineEdit(current.ticket);
    m_ticket->setObjectName(u"ticketEdit"_s);
    m_ticket->setPlaceholderText(tr("e.g. SEC-1234"));
    m_note = new QPlainTextEdit(current.note);
    m_note->setObjectName(u"noteEdit"_s);
    m_note->setTabChangesFocus(true);
    m_note->setPlaceholderText(tr("What was found, what was asked, what is next"));

    auto* form = new QFormLayout;
    form->addRow(tr("&Status:"), m_status);
    form->addRow(tr("&Owner:"), m_owner);
    form->addRow(tr("&Ticket:"), m_ticket);
    form->addRow(tr("&Note:"), m_note);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Save)->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // Ctrl+Return saves from any field, the note included (where Return is a new line). An event
    // filter, not a shortcut: the note edit takes Ctrl+Return for itself before a shortcut sees it.
    for (QWidget* field : std::initializer_list<QWidget*>{m_status, m_owner, m_ticket, m_note})
        field->installEventFilter(this);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(label);
    layout->addLayout(form);
    layout->addWidget(buttons);
    // The note is what one opens the editor for most: typing goes there.
    m_note->setFocus(Qt::TabFocusReason);
    m_note->moveCursor(QTextCursor::End);
}

bool TriageDialog::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) &&
            key->modifiers().testFlag(Qt::ControlModifier)) {
            accept();
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

TriageChange TriageDialog::change() const
{
    TriageChange change;
    if (const auto status = triageStatusFromName(m_status->currentText());
        status && *status != m_current.status)
        change.status = status;
    if (m_owner->text().trimmed() != m_current.owner)
        change.owner = m_owner->text().trimmed();
    if (m_ticket->text().trimmed() != m_current.ticket)
        change.ticket = m_ticket->text().trimmed();
    if (m_note->toPlainText() != m_current.note)
        change.note = m_note->toPlainText();
    return change;
}

} // namespace tw
