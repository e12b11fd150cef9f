// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QElapsedTimer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace tw {

// The progress of a running load in the status bar: files, events and throughput, a bar, and
// Cancel (Esc). Hidden while nothing loads. A permanent status-bar widget, so that a status message
// never hides the progress.
class LoadStatusWidget : public QWidget
{
    Q_OBJECT
public:
    explicit LoadStatusWidget(QWidget* parent = nullptr);

    // A load started: shows the widget at 0 and starts the clock.
    void start();
    void setProgress(quint64 filesDone, quint64 filesTotal, quint64 bytesDone, quint64 bytesTotal,
                     quint64 events);
    // The load ended: hides the widget and returns the milliseconds since start().
    qint64 finish();

Q_SIGNALS:
    void cancelRequested();

private:
    QElapsedTimer m_clock;
    QLabel* m_label = nullptr;
    QProgressBar* m_bar = nullptr;
    QPushButton* m_cancel = nullptr;
};

} // namespace tw
