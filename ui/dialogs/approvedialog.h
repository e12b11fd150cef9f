// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/detection/principalclass.h"
#include "core/lists/approvaloptions.h"

#include <QDialog>
#include <QString>
#include <QStringList>

#include <vector>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;
class QVBoxLayout;

namespace tw {

struct ActivityTable;
struct EventStore;
struct IdentityEntry;
struct UserActivity;
class FindingsModel;

// What the dialog shows of each identity being approved: its class (docs/detection.md, Principal
// classes) and the sensitive APIs it called (docs/detection.md, Risk), so that nobody approves a
// CreateAccessKey or a StopLogging without seeing it.
struct ApprovalDetail
{
    QString identity;
    QString className;
    QStringList sensitiveApis; // "StopLogging ×2", most points first
};
// The details of `identities` from the findings (those that are not findings are left out).
std::vector<ApprovalDetail> approvalDetails(const FindingsModel& findings, const QStringList& identities);
// The same from the users of the loaded data (those not in it are left out).
std::vector<ApprovalDetail> approvalDetails(const EventStore& store, const ActivityTable& activity,
                                            const QStringList& identities);

// What the analyst enters when approving: why, and who. The time is taken when the CSV is written.
struct ApprovalRequest
{
    QString reason;
    QString approver;
    // Offered, never pre-filled: the reasons of the list in force, newest first (recentReasons()).
    QStringList recentReasons = {};
    // The analyst typed the root user's name to confirm approving it (only the dialog can set it).
    bool rootConfirmed = false;
    // The `expires` to write (YYYY-MM-DD), empty for none: the dialog shows the choice, "No expiry" first.
    QString expires = {};
    // The wildcard entry the analyst ticked (ApproveDialog::setWildcardScope), empty for none: then the
    // selected names it covers are not written one by one.
    QString pattern = {};
};

// A selected identity that needs a second look before it is approved: root, a person, or one that
// looks like administrator access (docs/detection.md, Principal classes).
struct ApprovalGuard
{
    QString identity;
    PrincipalVerdict verdict;
    QStringList accounts; // of root: which account's root user it is
};

// Asks for the reason of an approval. The reason is required: the CSV is an audit trail, and an
// approval nobody can explain later is the list hygiene problem this tool exists to prevent.
//
// The reason starts empty; the recent reasons are in the drop-down (Down, then Enter). With guards,
// the dialog shows each guarded identity with its class and evidence and "Don't Approve" is the
// default button; root can only be approved after typing its name.
class ApproveDialog : public QDialog
{
    Q_OBJECT
public:
    ApproveDialog(const QStringList& identities, const QString& csvPath, const ApprovalRequest& defaults,
                  const std::vector<ApprovalGuard>& guards = {}, QWidget* parent = nullptr);

    ApprovalRequest request() const;
    QPushButton* approveButton() const { return m_ok; }
    // Adds the table of classes and sensitive APIs below the list of identities.
    void setDetails(const std::vector<ApprovalDetail>& details);
    // Offers a wildcard for selected names that share a prefix (proposePattern), unticked, with every
    // user of `observed` it would cover now and their class. A wildcard checkPattern refuses is shown
    // with the reason and cannot be ticked. No offer for one name or no shared prefix.
    void setWildcardScope(const std::vector<ObservedUser>& observed);
    // The wildcard offered, empty when none.
    QString offeredPattern() const { return m_pattern; }

    // The distinct non-empty reasons of an approved list, most recent approval first (by approved_at,
    // then by row), at most `max`. Derived from the list as it is on disk, so an undone approval's
    // reason is offered only while another approval still carries it.
    static QStringList recentReasons(const std::vector<IdentityEntry>& entries, int max = 12);

private:
    void updateOk();
    void updateExpiry();
    // The expiry chosen, and why it cannot be written (a date in the past) or empty.
    QString chosenExpiry() const;

    QComboBox* m_reason = nullptr;
    QLineEdit* m_approver = nullptr;
    QLineEdit* m_rootConfirm = nullptr; // only with a root guard
    QPushButton* m_ok = nullptr;
    QVBoxLayout* m_layout = nullptr;
    QTreeWidget* m_details = nullptr;
    QComboBox* m_expiry = nullptr;
    QDateEdit* m_expiryDate = nullptr;
    QLabel* m_expiryNote = nullptr;
    QWidget* m_wildcardBox = nullptr;
    QCheckBox* m_wildcard = nullptr;
    QStringList m_identities;
    QString m_pattern;
};

} // namespace tw
