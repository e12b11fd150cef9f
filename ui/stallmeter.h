// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace tw {

// Measures how responsive the thread it lives on is: a 10 ms precise timer records the largest gap
// between two of its ticks. A gap much over 10 ms means the event loop was blocked that long.
class StallMeter : public QObject
{
    Q_OBJECT
public:
    explicit StallMeter(QObject* parent = nullptr);

    void start();
    void stop();
    // Largest gap between ticks since start(), in ms (0 before the second tick).
    qint64 maxGapMs() const { return m_maxGapMs; }
    qint64 ticks() const { return m_ticks; }
    // When the largest gap ended, in ms since start(): tells a stall in our code (at the end of a
    // load, when results reach the UI) from the thread merely not being scheduled (mid-load).
    qint64 maxGapAtMs() const { return m_maxGapAt; }

private:
    void tick();

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_maxGapMs = 0;
    qint64 m_maxGapAt = 0;
    qint64 m_ticks = 0;
};

} // namespace tw
