// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/timerangebar.h"

#include "ui/elidedlabel.h"
#include "ui/timeformat.h"

#include "core/analysissession.h"

#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTabBar>
#include <QTabWidget>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace tw {

QString describeTimeSpan(TimeMs from, TimeMs to, bool localTime)
{
    const auto at = [localTime](TimeMs ms) {
        return localTime ? QDateTime::fromMSecsSinceEpoch(ms, Qt::LocalTime)
                         : QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    };
    const QDateTime a = at(from), b = at(to);
    const QString format = u"yyyy-MM-dd HH:mm"_s;
    // The second date only when it differs: "2026-11-01 12:00–18:00".
    const QString end = a.date() == b.date() ? b.toString(u"HH:mm"_s) : b.toString(format);
    return a.toString(format) + u'\u2013' + end + u' ' + timeZoneLabel(localTime);
}

TimeRangeBar::TimeRangeBar(AnalysisSession& session, QAction* localTime, QWidget* parent)
    : QFrame(parent)
    , m_session(session)
    , m_localTime(localTime)
{
    setObjectName(u"timeRangeBar"_s);
    auto* caption = new QLabel(tr("Time &range:"));
    m_quick = new QComboBox;
    m_quick->setObjectName(u"timeRangeQuick"_s);
    m_quick->addItem(tr("Whole load"), int(Quick::WholeLoad));
    m_quick->addItem(tr("Last 24 hours of the load"), int(Quick::Last24Hours));
    m_quick->addItem(tr("Last 7 days of the load"), int(Quick::Last7Days));
    m_quick->addItem(tr("Custom (drag on the timeline)"), int(Quick::Custom));
    m_quick->setToolTip(tr("Narrow the findings and their events to a time range; drag across the "
                           "Activity Timeline for any other range"));
    caption->setBuddy(m_quick);
    connect(m_quick, &QComboBox::activated, this,
            [this] { applyQuick(Quick(m_quick->currentData().toInt())); });
    // Elided rather than widening the window past a small screen; whole in the tooltip.
    m_label = new ElidedLabel(Qt::ElideRight);
    m_label->setObjectName(u"timeRangeChip"_s);
    m_reset = new QPushButton(tr("Reset"));
    m_reset->setObjectName(u"timeRangeReset"_s);
    m_reset->setToolTip(tr("Show the whole load again"));
    connect(m_reset, &QPushButton::clicked, &m_session, &AnalysisSession::clearTimeRange);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 2, 6, 2);
    layout->addWidget(caption);
    layout->addWidget(m_quick);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_reset);
    m_basePalette = palette();

    connect(&m_session, &AnalysisSession::timeRangeChanged, this, &TimeRangeBar::refresh);
    connect(&m_session, &AnalysisSession::resultChanged, this, &TimeRangeBar::refresh);
    connect(&m_session, &AnalysisSession::loadFinished, this, &TimeRangeBar::refresh);
    if (m_localTime)
        connect(m_localTime, &QAction::toggled, this, &TimeRangeBar::refresh);
    refresh();
}

void TimeRangeBar::applyQuick(Quick quick)
{
    const auto last = m_session.lastEvent();
    switch (quick) {
    case Quick::WholeLoad:
        m_session.clearTimeRange();
        break;
    case Quick::Last24Hours:
    case Quick::Last7Days:
        if (last) // [last - span, last]: the end is exclusive, so one millisecond past the last event
            m_session.setTimeRange(*last + 1 - (quick == Quick::Last24Hours ? 24 : 7 * 24) * 3600000LL,
                                   *last + 1);
        break;
    case Quick::Custom:
        break; // the timeline sets it
    }
    refresh();
}

bool TimeRangeBar::inTabsCorner() const
{
    // A tab widget's child that is not a page is its corner widget.
    return qobject_cast<const QTabWidget*>(parentWidget()) != nullptr;
}

void TimeRangeBar::changeEvent(QEvent* event)
{
    QFrame::changeEvent(event);
    // Moved between its line and the tabs' row (which hides it): shown again unless not applicable.
    if (event->type() != QEvent::ParentChange)
        return;
    // In the tabs' row the box has the tabs' height: no margin above and below.
    const int margin = inTabsCorner() ? 0 : 2;
    layout()->setContentsMargins(6, margin, 6, margin);
    refresh(); // the sentence, as long as the room allows
}

QSize TimeRangeBar::sizeHint() const
{
    const QSize hint = QFrame::sizeHint();
    if (!inTabsCorner())
        return hint;
    // The sentence's label asks for no width (it is elided rather than widening the window), and a
    // corner widget is as wide as its hint: the room the tabs leave is the sentence's (with a few
    // letters' slack for a tab whose count grows). The tab widget asks again when it is resized.
    const auto* tabs = static_cast<const QTabWidget*>(parentWidget());
    const int room =
        tabs->width() - tabs->tabBar()->sizeHint().width() - 4 * fontMetrics().averageCharWidth();
    return QSize(std::max(hint.width(), room), hint.height());
}

QString TimeRangeBar::text() const
{
    return m_sentence;
}

void TimeRangeBar::refresh()
{
    const bool local = m_localTime && m_localTime->isChecked();
    const auto first = m_session.firstEvent(), last = m_session.lastEvent();
    setEnabled(bool(first));
    const bool restricted = m_session.hasTimeRange();
    m_reset->setVisible(restricted);
    // An engine's result has per-user first and last times, no events to narrow: the bar gives its
    // line to the findings table (the result's banner says it has no event details).
    setVisible(!m_session.imported());
    // In the tabs' row (a short window) the sentence is cut to what the box does not say already
    // (and elided to the room there); the tooltip has it whole.
    QString sentence, brief;
    if (m_session.imported()) {
        sentence = tr("Not for an engine's result (no events)");
    } else if (!first || !last) {
        sentence = tr("No events loaded");
    } else if (!restricted) {
        brief = describeTimeSpan(*first, *last, local);
        sentence = tr("Showing the whole load: %1").arg(brief);
    } else {
        const TimeMs from = m_session.rangeFrom().value_or(*first);
        const TimeMs to = m_session.rangeTo().value_or(*last);
        const auto result = m_session.result();
        QString findings;
        if (m_session.rerunPending())
            findings = tr("narrowing the findings…");
        else if (result)
            findings = result->findings.size() == 1
                           ? tr("1 finding in this range")
                           : tr("%1 findings in this range")
                                 .arg(QLocale().toString(qulonglong(result->findings.size())));
        brief = tr("%1 · %2").arg(describeTimeSpan(from, to, local), findings);
        sentence =
            tr("Showing %1 of %2 · %3")
                .arg(describeTimeSpan(from, to, local), describeTimeSpan(*first, *last, local), findings);
    }
    m_sentence = sentence;
    m_label->setFullText(inTabsCorner() && !brief.isEmpty() ? brief : sentence,
                         u"<p>"_s + sentence.toHtmlEscaped() + u"</p>"_s);
    m_label->setAccessibleName(sentence);
    // Quick ranges are recognised again from the session's range, whoever set it.
    Quick quick = Quick::Custom;
    if (!restricted)
        quick = Quick::WholeLoad;
    else if (last && m_session.rangeTo() == *last + 1 && m_session.rangeFrom() == *last + 1 - 24 * 3600000LL)
        quick = Quick::Last24Hours;
    else if (last && m_session.rangeTo() == *last + 1 &&
             m_session.rangeFrom() == *last + 1 - 7 * 24 * 3600000LL)
        quick = Quick::Last7Days;
    m_quick->setCurrentIndex(m_quick->findData(int(quick)));
    // The restriction stands out: the bar takes the highlight colours while findings are hidden.
    QPalette p = m_basePalette;
    if (restricted) {
        p.setColor(QPalette::Window, m_basePalette.color(QPalette::Highlight));
        p.setColor(QPalette::WindowText, m_basePalette.color(QPalette::HighlightedText));
    }
    setAutoFillBackground(restricted);
    setPalette(p);
}

} // namespace tw
