// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/rerunindicator.h"

#include "core/analysissession.h"

using namespace Qt::StringLiterals;

namespace tw {

RerunIndicator::RerunIndicator(AnalysisSession& session, QWidget* parent)
    : QLabel(tr("Updating the findings…"), parent)
{
    setObjectName(u"rerunIndicator"_s);
    setTextFormat(Qt::PlainText);
    setToolTip(tr("The detection is re-running in the background; the table shows the previous result "
                  "until the new one is in."));
    setVisible(session.rerunPending());
    connect(&session, &AnalysisSession::rerunPendingChanged, this, &QWidget::setVisible);
}

} // namespace tw
