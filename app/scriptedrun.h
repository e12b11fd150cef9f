// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "ui/stallmeter.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTemporaryDir>

namespace tw {

class MainWindow;

// The scripted modes of `trailwarden`, for CI and the documentation, not for users:
// --screenshot FILE [--select USER] saves the window once the load is done, then quits (non-zero
// when the finding asked for is missing or nothing was saved), after --range FROM/TO narrowed the
// findings to a time range if given; --measure prints the load time, the
// UI thread's longest stall, the re-run, the drill-down into the busiest finding, and an approval,
// its undo and redo and a revoke (into a copy of the approved list), each with its longest UI
// stall, then quits.
//
// Constructed before the load starts (it times the load from its first signal), on the UI thread.
class ScriptedRun : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString screenshot; // empty: no screenshot
        QString select;     // with screenshot: the finding to select first
        QString range;      // with screenshot: a time range "FROM/TO" (ISO 8601) to show first
        bool measure = false;
    };

    ScriptedRun(MainWindow& window, Options options);

    // Scripted runs must neither read nor change the user's window state and recent folders: the
    // settings go to a temporary directory for the rest of the process.
    static void isolateSettings(const QTemporaryDir& dir);

private:
    void grabAfterLoad(bool cancelled);
    void measureAfterLoad(bool cancelled);

    MainWindow& m_window;
    Options m_options;
    StallMeter m_stall;
    QElapsedTimer m_loadClock;
    QTemporaryDir m_measureDir;
};

} // namespace tw
