// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QDialog>

namespace tw {

// Help ▸ About the Detection: what the search does and how the field rules derive its fields, in
// two tabs of plain language, so an analyst can judge a finding without reading Splunk docs.
class DetectionHelpDialog : public QDialog
{
    Q_OBJECT
public:
    explicit DetectionHelpDialog(QWidget* parent = nullptr);
};

} // namespace tw
