// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QLabel>

namespace tw {

class AnalysisSession;

// "Updating the findings…" in the status bar while a re-run is on a worker (after an approval,
// undo, redo, revoke, a list changed on disk, a time range): the table still shows the previous
// result until the new one arrives, and the analyst must be able to tell. A permanent status-bar
// widget, so that the message of the change itself ("Approved … in …") stays readable beside it.
//
// UI thread only. The session must outlive it.
class RerunIndicator : public QLabel
{
    Q_OBJECT
public:
    explicit RerunIndicator(AnalysisSession& session, QWidget* parent = nullptr);
};

} // namespace tw
