// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/lists/reviewfile.h"

#include <QDialog>

class QComboBox;
class QLineEdit;
class QPlainTextEdit;

namespace tw {

// The note editor of the Findings tab (Triage ▸ Edit Triage Note, F4): the status, owner, ticket
// and note of the selected findings. It starts from the current finding's triage; only the fields
// the analyst changes are returned, so editing the ticket of several findings at once keeps each
// one's own note. Ctrl+Return saves from the note field (where Return is a new line).
class TriageDialog : public QDialog
{
    Q_OBJECT
public:
    TriageDialog(const QStringList& users, const ReviewEntry& current, QWidget* parent = nullptr);

    // The fields changed from `current`; empty when nothing was.
    TriageChange change() const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    ReviewEntry m_current;
    QComboBox* m_status = nullptr;
    QLineEdit* m_owner = nullptr;
    QLineEdit* m_ticket = nullptr;
    QPlainTextEdit* m_note = nullptr;
};

} // namespace tw
