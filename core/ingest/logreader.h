// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/ingest/eventstore.h"

#include <QString>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace tw {

// Bytes of memory that the readers of one load may hold at once for the files in flight, shared
// by every reader thread. Thread-safe.
class MemoryBudget
{
public:
    explicit MemoryBudget(std::uint64_t bytes)
        : m_limit(bytes)
    {}
    // Blocks until `bytes` fit, or until nothing else is held (a request larger than the whole
    // budget then runs alone rather than never).
    void acquire(std::uint64_t bytes);
    bool tryAcquire(std::uint64_t bytes);
    void release(std::uint64_t bytes);
    std::uint64_t limit() const { return m_limit; }
    std::uint64_t peak() const;

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_released;
    const std::uint64_t m_limit;
    std::uint64_t m_used = 0;
    std::uint64_t m_peak = 0;
};

struct ReadLimits
{
    // A gzip bomb or a runaway export must not take the machine down: content past this many
    // bytes (after decompression) is refused for that file. CloudTrail itself writes one file per
    // account and region about every five minutes and starts another when it is busy; its files
    // are kilobytes to a few megabytes of gzip, tens of megabytes of JSON at most (README,
    // "Limits"). 128 MiB is several times the largest, and with the parser's index it keeps one
    // file within ~5 x 128 MiB = 640 MiB.
    std::uint64_t maxContentBytes = std::uint64_t(128) << 20;
    // Shared by the readers of one load (null: no sharing, e.g. a drill-down's single reader).
    // Each file in flight holds its estimated cost from it: the bytes read from disk plus
    // kBytesPerContentByte for each byte of content (the content itself, simdjson's structural
    // index of up to 4 bytes a byte, the strings it unescapes).
    MemoryBudget* budget = nullptr;
    static constexpr std::uint64_t kBytesPerContentByte = 5;
};

// What one file yielded, in ids of its own string pool. The loader remaps into the store.
struct FileResult
{
    StringPool strings;
    EventColumns events;
    std::vector<std::uint64_t> dedupKeys; // one per event; 0 = no eventID, never a duplicate
    std::uint64_t malformed = 0;
    std::uint64_t diskBytes = 0;
    std::uint64_t contentBytes = 0;
    bool compressed = false;
    bool skipped = false;    // a digest or Insight file, skipped on purpose
    bool unreadable = false; // nothing could be read at all (the file is not counted as read)
    QStringList problems;    // human-readable, without the path (the caller adds it)
};

// Reads CloudTrail files. One instance per worker thread: it owns a decompressor, a JSON parser
// and a reusable buffer, none of which may be shared between threads.
class LogReader
{
public:
    explicit LogReader(ReadLimits limits = {});
    ~LogReader();
    LogReader(const LogReader&) = delete;
    LogReader& operator=(const LogReader&) = delete;

    FileResult read(const QString& path, std::uint32_t fileIndex);

    // Parses content already in memory (used by read() and by tests). `name` decides only
    // whether JSON lines are expected (.jsonl/.ndjson).
    FileResult parse(std::string_view content, const QString& name, std::uint32_t fileIndex);

    // Re-reads the raw JSON of one record for a drill-down view.
    std::optional<std::string> readRecord(const QString& path, std::uint64_t offset, std::uint32_t length,
                                          bool embedded, QString* error);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

// True for names that end in .json, .jsonl or .ndjson, optionally followed by .gz.
bool hasLogName(const QString& fileName);
// True when the last dot of the name starts a short extension of letters and digits ("a.txt",
// "b.tar.gz"); Firehose's default object names ("stream-1-2026-01-02-03-04-05-uuid") have none.
bool hasFileExtension(const QString& fileName);

// True for paths docs/detection.md (Files and folders) says to skip without a word:
// CloudTrail-Digest and CloudTrail-Insight folders (their files hold no API activity).
bool isSkippedPath(const QString& path);

} // namespace tw
