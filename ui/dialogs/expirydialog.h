// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QDate>
#include <QDialog>

#include <optional>

class QCheckBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;

namespace tw {

// What the analyst sets as an approval's `expires`: a date (the approval holds through the end of
// that day, UTC) or none.
struct ExpiryRequest
{
    std::optional<QDate> expires; // nullopt: no expiry (the column is emptied)
    QString by;
};

// Edits the expiry of one or more approvals: a date edit with a calendar, and "No expiry".
// Keyboard: the date is focused (Up/Down step its selected part, Ctrl+Left/Right move between year,
// month and day; Tab leaves it in one press), Alt+N toggles no expiry, Enter accepts; Tab goes in
// reading order: the date, No expiry, By, the buttons. A date before today (UTC) disables Set, and the note
// under the date says why.
class ExpiryDialog : public QDialog
{
    Q_OBJECT
public:
    ExpiryDialog(const QStringList& identities, const ExpiryRequest& defaults, QWidget* parent = nullptr);

    ExpiryRequest request() const;
    QDateEdit* dateEdit() const { return m_date; }
    QCheckBox* noExpiryBox() const { return m_none; }

private:
    // Why the chosen date cannot be written (expiryProblem: in the past), empty when it can.
    QString problem() const;
    void updateState();

    QDateEdit* m_date = nullptr;
    QCheckBox* m_none = nullptr;
    QLabel* m_note = nullptr;
    QLineEdit* m_by = nullptr;
    QPushButton* m_ok = nullptr;
};

} // namespace tw
