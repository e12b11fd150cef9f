// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/ingest/eventstore.h"
#include "core/ingest/filecontent.h"

#include <QString>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tw {

// What one file yielded, in ids of its own string pool. The loader remaps into the store.
struct FileResult
{
    StringPool strings;
    EventColumns events;
    std::vector<std::uint64_t> dedupKeys; // one per event; 0 = no eventID, never a duplicate
    std::uint64_t malformed = 0;
    std::uint64_t diskBytes = 0;
    std::uint64_t contentBytes = 0;
    QByteArray sha256; // of the bytes on disk, when LogReader::setHashing is on and they were read
    bool compressed = false;
    bool skipped = false;    // a digest or Insight file, skipped on purpose
    bool unreadable = false; // nothing could be read at all (the file is not counted as read)
    QStringList problems;    // human-readable, without the path (the caller adds it)

    // Empties it for another file but keeps the memory of its columns and tables: the loader
    // reuses the results of merged files, so that a file of one event costs no allocation.
    void clear();
    // Forgets what was parsed (events, strings, problems, skipped, unreadable) but keeps what is
    // known of the file itself (sizes, compression, hash): the parser starts over in another shape.
    void clearContent();
    std::size_t memoryBytes() const;
};

// Reads CloudTrail files: the file's content (filecontent.h: opening, size cap, memory budget, gzip)
// read as JSON (jsonshapes.h: the shapes and each record's fields) through the field rules
// (fieldrules.h). One instance per worker thread: it owns a decompressor, JSON parsers and a
// reusable buffer, none of which may be shared between threads.
class LogReader
{
public:
    explicit LogReader(ReadLimits limits = {});
    ~LogReader();
    LogReader(const LogReader&) = delete;
    LogReader& operator=(const LogReader&) = delete;

    FileResult read(const QString& path, std::uint32_t fileIndex);
    // The same into `into`, which is cleared first (FileResult::clear: a reused result keeps its
    // memory, never its content).
    void read(const QString& path, FileResult& into);
    // Whether read() also gives each file's SHA-256 (FileResult::sha256). Off by default.
    void setHashing(bool on);
    // Which optional columns the events get (LoadOptions::details, LoadOptions::credentials). Both
    // on by default.
    void setKeptFields(bool details, bool credentials);

    // Parses content already in memory (used by read() and by tests). `name` decides only
    // whether JSON lines are expected (.jsonl/.ndjson).
    FileResult parse(std::string_view content, const QString& name, std::uint32_t fileIndex);

    // Re-reads the raw JSON of one record for a drill-down view: the record the load kept at
    // `offset` of the file's content, exactly the text the load read it from.
    std::optional<std::string> readRecord(const QString& path, std::uint64_t offset, bool embedded,
                                          QString* error);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace tw
