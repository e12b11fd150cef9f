// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QThreadPool>

#include <functional>
#include <memory>

namespace tw {

// The threads for the window's work that grows with the data: the drill-down, sorting a finding's
// events, the Activity Timeline's series, the list-health pass. Not QThreadPool::globalInstance():
// Qt's raster paint engine splits large fills over the global pool and waits for them on the UI
// thread, so while a long sort held the global pool's threads every repaint waited for it (the
// whole 0.7-1.0 s sort of a 168k-event finding at 1M events on 2 cores was one UI stall).
QThreadPool* windowWorkers();

// Drops `value` on a window worker: freeing 100,000 findings' worth of strings and hash nodes is
// tens of ms of free(), and without this the one who pays is the UI thread that replaced it.
template <typename T> void releaseOnWindowWorker(T value)
{
    auto held = std::make_shared<T>(std::move(value));
    windowWorkers()->start(std::function<void()>([held = std::move(held)]() mutable { held.reset(); }));
}

} // namespace tw
