// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/common/sha256.h"

#include <QByteArray>
#include <QString>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>

struct libdeflate_decompressor;

namespace tw {

// File access for the reader: opening, the per-file size cap, the readers' shared memory budget
// and gzip. Knows nothing of JSON except that its parser reads a little past the content's end.

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

// Zero bytes after the content in memory: the JSON parser (simdjson) reads up to this far past the
// end. jsonshapes.cpp checks that it is at least what simdjson asks for.
inline constexpr std::size_t kContentPadding = 64;

// One file's content in memory, as ContentReader::load leaves it.
struct FileContent
{
    std::string_view content; // followed by kContentPadding zero bytes
    std::uint64_t diskBytes = 0;
    bool compressed = false;
    QByteArray sha256; // lower-case hex of the bytes read from disk, when hashing is on
};

// Reads one file at a time into a reusable buffer. One instance per reader thread: it owns a
// decompressor and the buffer, neither of which may be shared between threads.
class ContentReader
{
public:
    explicit ContentReader(const ReadLimits& limits);
    ~ContentReader();
    ContentReader(const ContentReader&) = delete;
    ContentReader& operator=(const ContentReader&) = delete;

    const ReadLimits& limits() const { return m_limits; }
    // Whether load() also takes the SHA-256 of each file's bytes (for the run manifest) while
    // they are in memory anyway, instead of the manifest reading every file a second time.
    void setHashing(bool on);

    // Reads the file into the buffer, inflating gzip (recognised by its magic bytes, whatever the
    // extension says). On failure `error` says why, and `out` still tells the size on disk and
    // whether the file was gzip as far as that was learnt.
    bool load(const QString& path, FileContent& out, QString& error);
    // Copies content already in memory into the buffer (LogReader::parse); false when out of memory.
    bool copy(std::string_view content, std::string_view& out);
    // The buffer's size: the content and at least kContentPadding bytes.
    std::size_t capacity() const { return m_capacity; }
    // After a file: frees a buffer only a big file needed, and gives its share of the budget back.
    void trim();

private:
    bool reserve(std::size_t n);
    bool reserveRaw(std::size_t n);
    void hold(std::uint64_t bytes);
    bool inflate(const char* data, std::size_t size, std::size_t& outSize, QString& error);

    ReadLimits m_limits;
    libdeflate_decompressor* m_inflater = nullptr;
    // Not zeroed when allocated: the pages of a large block are only touched, and only count as
    // resident memory, as they are written. A guess too large for the content therefore costs
    // address space, not memory.
    std::unique_ptr<char[]> m_buffer;
    std::size_t m_capacity = 0;
    // The compressed bytes of the gzip file in flight (counted in the budget with the content).
    std::unique_ptr<char[]> m_raw;
    std::size_t m_rawCapacity = 0;
    std::uint64_t m_held = 0;       // bytes held from limits.budget for the file in flight
    std::unique_ptr<Sha256> m_hash; // null when not hashing
};

// True for names that end in .json, .jsonl or .ndjson, optionally followed by .gz.
bool hasLogName(QStringView fileName);
// True for names that end in .jsonl or .ndjson, optionally followed by .gz: one JSON value a line.
bool hasJsonLinesName(const QString& fileName);
// True when the last dot of the name starts a short extension of letters and digits ("a.txt",
// "b.tar.gz"); Firehose's default object names ("stream-1-2026-01-02-03-04-05-uuid") have none.
bool hasFileExtension(QStringView fileName);

// True for paths docs/detection.md (Files and folders) says to skip without a word:
// CloudTrail-Digest and CloudTrail-Insight folders (their files hold no API activity).
bool isSkippedPath(const QString& path);

// Whether content that no file name vouches for may be JSON: it starts (after a UTF-8 byte-order
// mark and whitespace) with an object or an array, or holds nothing (reported as empty).
bool startsLikeJson(std::string_view content);

} // namespace tw
