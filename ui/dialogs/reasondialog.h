// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "ui/dialogs/approvedialog.h"

#include <QDialog>

class QLineEdit;
class QPushButton;

namespace tw {

// Asks for a reason and who gives it, for the writes of the "Approved accounts" tab other than
// approving (revoke, edit reason). Keyboard-fast like ApproveDialog: the reason is focused and
// selected, so typing replaces the remembered one and Enter accepts. Both fields are required:
// the audit log records them.
class ReasonDialog : public QDialog
{
    Q_OBJECT
public:
    ReasonDialog(const QString& title, const QString& intro, const QString& okText,
                 const QStringList& identities, const ApprovalRequest& defaults, QWidget* parent = nullptr);

    ApprovalRequest request() const;

private:
    void updateOk();

    QLineEdit* m_reason = nullptr;
    QLineEdit* m_approver = nullptr;
    QPushButton* m_ok = nullptr;
};

// The list of identities a dialog is about, bounded so that a large selection fits the screen.
QString identityListHtml(const QStringList& identities);

} // namespace tw
