// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/ingest/eventstore.h"
#include "core/ingest/logreader.h"

#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace tw {

struct LoadOptions
{
    int threads = 0; // 0: one per core
    ReadLimits limits;
    // What all the reader threads together may hold for the files they read at once (content,
    // parser index, compressed bytes), whatever the thread count: with the per-file limit, no
    // single file takes the process past ~1 GiB (README, "Limits").
    std::uint64_t memoryBudgetBytes = std::uint64_t(768) << 20;
    // Take each file's SHA-256 as it is read (SourceFile::sha256), for a run manifest: the bytes
    // are in memory then, so a report need not read every input a second time.
    bool hashFiles = false;
    // Keep each event's access key and session (docs/detection.md, Pivots). At the generated 1M
    // set's 190,000 distinct temporary credentials their tables take ~18 MB (~70 bytes each), and
    // they grow with the events; only a pivot, a drill-down or the window's field summary reads
    // them. The CLI's scan, which shows none of these, leaves them out (the identity type stays).
    bool credentials = true;
    // Keep each event's awsRegion, sourceIPAddress and userAgent (EventStore::details). Only the
    // window (drill-down, pivots, field summary), the HTML, Markdown and PDF reports' tallies of a
    // finding and the review file's footprints read them; a scan that writes none of these leaves
    // their columns empty, and their values are still read and checked as before (a record broken
    // in one is broken either way).
    bool details = true;
    // The rule set whose user column is kept (docs/detection.md, Field rules); none: both, so that
    // the window switches rules without reading again. The CLI's scan runs one rule set and does
    // not hold the other's column (4 bytes an event; it stays empty).
    std::optional<RuleSet> onlyRules;
    // Called after each file's events are appended to the store, with the index of its first
    // event (its events are [firstEvent, store.events.size())), on the thread that merges, while
    // the others read on: the session counts the findings there (ActivityAggregator), so that they
    // are ready when the last file is. It must not change the store, and it delays the merge of
    // the next files while it runs.
    std::function<void(const EventStore& store, std::size_t firstEvent)> onMerged;
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

// Says why a finished load holds no event, for the window's empty state and the CLI's refusal:
// "No CloudTrail events were read from /logs: 1 file skipped by its name (export.log), 0 failed".
// Only meaningful when store.counts.events == 0.
QString describeNothingRead(const EventStore& store, const QStringList& inputs);
// What to do about it, in one sentence (names no menu: the GUI and the CLI add their own words).
QString nothingReadAdvice(const EventStore& store);

} // namespace tw
