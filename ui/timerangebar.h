// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/common/timeutil.h"

#include <QFrame>

#include <optional>

class QAction;
class QComboBox;
class QLabel;
class QPushButton;

namespace tw {

class AnalysisSession;
class ElidedLabel;

// The time range control above the findings ("timeRangeBar"): quick ranges (the whole load, its
// last 24 hours, its last 7 days) and, whenever the findings are restricted, a highlighted chip
// that says so ("Showing … of …") with a Reset button, so that a range can never hide findings
// unnoticed. The range itself lives in the session (AnalysisSession::setTimeRange); a drag on the
// Activity Timeline sets it too. UI thread only.
class TimeRangeBar : public QFrame
{
    Q_OBJECT
public:
    enum class Quick { WholeLoad, Last24Hours, Last7Days, Custom };

    // localTime: the window's Show Local Time action, which the texts follow.
    TimeRangeBar(AnalysisSession& session, QAction* localTime, QWidget* parent = nullptr);

    // Applies a quick range, relative to the load's last event (logs are read after the fact).
    void applyQuick(Quick quick);
    // The sentence on the chip (shortened and elided in the tabs' row, whole in its tooltip), for
    // tests and screen readers.
    QString text() const;
    QPushButton* resetButton() const { return m_reset; }
    QComboBox* quickBox() const { return m_quick; }
    // Also as a tab widget's corner widget (the tabs' row of a short window): then as wide as the
    // tabs leave, the sentence taking what the caption, the box and Reset do not (elided; whole in
    // its tooltip), and no margin above and below.
    QSize sizeHint() const override;

protected:
    void changeEvent(QEvent* event) override;

private:
    bool inTabsCorner() const;
    // The sentence, the quick box and the highlight, from the session's range.
    void refresh();

    AnalysisSession& m_session;
    QAction* m_localTime = nullptr;
    QComboBox* m_quick = nullptr;
    ElidedLabel* m_label = nullptr;
    QPushButton* m_reset = nullptr;
    QString m_sentence;
    QPalette m_basePalette;
};

// "2026-11-01 12:00 – 18:00" style span for people, in UTC or local time; open ends read as the
// load's first or last event.
QString describeTimeSpan(TimeMs from, TimeMs to, bool localTime);

} // namespace tw
