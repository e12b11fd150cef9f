// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QDialog>
#include <QTimeZone>

class QComboBox;
class QPushButton;

namespace tw {

// Asks in which time zone a Splunk export's firstTime/lastTime are written before it is imported.
// Splunk writes them in the zone of the user who ran the search, and the file does not say which:
// reading them as UTC when they are not would shift every finding's times by hours, unnoticed.
// The zone proposed is the one chosen last (else UTC); the analyst confirms or changes it.
class SplunkTimeZoneDialog : public QDialog
{
    Q_OBJECT
public:
    SplunkTimeZoneDialog(const QStringList& files, const QTimeZone& proposed, QWidget* parent = nullptr);

    QTimeZone timeZone() const;
    QComboBox* zoneBox() const { return m_zone; }

private:
    void updateState();

    QComboBox* m_zone = nullptr;
    QPushButton* m_ok = nullptr;
};

} // namespace tw
