// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "eventstore.h"
#include "logreader.h"

#include <QStringList>

#include <atomic>
#include <memory>

namespace tw {

struct LoadOptions
{
    int threads = 0; // 0: one per core
    ReadLimits limits;
    // What all the reader threads together may hold for the files they read at once (content,
    // parser index, compressed bytes), whatever the thread count: with the per-file limit, no
    // single file takes the process past ~1 GiB (README, "Limits").
    std::uint64_t memoryBudgetBytes = std::uint64_t(768) << 20;
};

// Written by the load workers, read by anyone (a progress timer): plain relaxed atomics.
struct LoadProgress
{
    std::atomic<std::uint64_t> filesTotal{0};
    std::atomic<std::uint64_t> filesDone{0};
    std::atomic<std::uint64_t> bytesTotal{0};
    std::atomic<std::uint64_t> bytesDone{0};
    std::atomic<std::uint64_t> events{0};
};

// Reads every input into a new EventStore on `threads` worker threads and returns it. Files are
// merged in path order whatever the thread count, so the store (and which copy of a duplicate
// is kept) is deterministic. Blocks; call it off the UI thread. `cancel` may be null.
std::shared_ptr<EventStore> loadEvents(const QStringList& inputs, const LoadOptions& options,
                                       LoadProgress* progress = nullptr,
                                       const std::atomic_bool* cancel = nullptr);

} // namespace tw
