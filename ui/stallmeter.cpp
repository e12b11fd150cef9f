// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/stallmeter.h"

namespace tw {

StallMeter::StallMeter(QObject* parent)
    : QObject(parent)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(10);
    connect(&m_timer, &QTimer::timeout, this, &StallMeter::tick);
}

void StallMeter::start()
{
    m_maxGapMs = 0;
    m_maxGapAt = 0;
    m_ticks = 0;
    m_clock.start();
    m_last = 0;
    m_timer.start();
}

void StallMeter::stop()
{
    tick();
    m_timer.stop();
}

void StallMeter::tick()
{
    const qint64 now = m_clock.elapsed();
    if (now - m_last > m_maxGapMs) {
        m_maxGapMs = now - m_last;
        m_maxGapAt = now;
    }
    m_last = now;
    ++m_ticks;
}

} // namespace tw
