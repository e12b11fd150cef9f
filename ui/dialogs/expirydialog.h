// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QDate>
#include <QDialog>

#include <optional>

class QCheckBox;
class QDateEdit;
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
// Keyboard: the date is focused (arrow keys step the day/month/year), Alt+N toggles no expiry,
// Enter accepts.
class ExpiryDialog : public QDialog
{
    Q_OBJECT
public:
    ExpiryDialog(const QStringList& identities, const ExpiryRequest& defaults, QWidget* parent = nullptr);

    ExpiryRequest request() const;
    QDateEdit* dateEdit() const { return m_date; }
    QCheckBox* noExpiryBox() const { return m_none; }

private:
    void updateState();

    QDateEdit* m_date = nullptr;
    QCheckBox* m_none = nullptr;
    QLineEdit* m_by = nullptr;
    QPushButton* m_ok = nullptr;
};

} // namespace tw
