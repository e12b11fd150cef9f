// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QDialog>
#include <QString>
#include <QStringList>

class QLineEdit;
class QPushButton;

namespace tw {

// What the analyst enters when approving: why, and who. The time is taken when the CSV is written.
struct ApprovalRequest
{
    QString reason;
    QString approver;
};

// Asks for the reason of an approval. The reason is required: the CSV is an audit trail, and an
// approval nobody can explain later is the list hygiene problem this tool exists to prevent.
class ApproveDialog : public QDialog
{
    Q_OBJECT
public:
    ApproveDialog(const QStringList& identities, const QString& csvPath, const ApprovalRequest& defaults,
                  QWidget* parent = nullptr);

    ApprovalRequest request() const;

private:
    void updateOk();

    QLineEdit* m_reason = nullptr;
    QLineEdit* m_approver = nullptr;
    QPushButton* m_ok = nullptr;
};

} // namespace tw
