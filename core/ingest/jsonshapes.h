// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/ingest/logreader.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace tw {

// The JSON side of the reader: recognises the shapes of docs/detection.md (Input shapes, Concatenated
// values, Broken input), extracts each record's fields, has the field rules (fieldrules.h) derive what
// the store keeps, and appends it to a FileResult. Knows nothing of files or gzip. One instance per
// reader thread: its simdjson parsers may not be shared between threads.
class JsonShapes
{
public:
    JsonShapes();
    ~JsonShapes();
    JsonShapes(const JsonShapes&) = delete;
    JsonShapes& operator=(const JsonShapes&) = delete;

    // Reads every record of `content` into `out`: its events, malformed count, problems, and whether
    // it is a digest (skipped) or not text at all (unreadable). The buffer holding `content` must be
    // `capacity` bytes long, at least kContentPadding (filecontent.h) past the content. `jsonLines`:
    // one value a line is expected (.jsonl/.ndjson). Record offsets are relative to content.data().
    void parse(std::string_view content, std::size_t capacity, bool jsonLines, FileResult& out);

    // The raw text of the record that parse() would keep at `offset` (its Events[] element for
    // lookup-events), found by parsing `content` the same way again; nothing when no record starts
    // there. Not a scan for the matching brace: On-Demand validates what it reads, not what it
    // skips, so in a broken record its end and a brace count's can differ, and the drill-down
    // must show exactly the text the loader read.
    std::optional<std::string_view> recordAt(std::string_view content, std::size_t capacity, bool jsonLines,
                                             std::uint64_t offset);

    // The record a lookup-events element (its raw text) holds as the JSON string CloudTrailEvent;
    // nothing when it holds none.
    std::optional<std::string> embeddedRecord(std::string element);

    // After a big file: frees the parser memory only it needed.
    void trim();

    // Whether the events get their region, source address and user agent (`details`) and their
    // access key and session (`credentials`): LoadOptions. Both on by default. Off, the values are
    // still read and checked (a record is broken, long or duplicated the same way), not kept.
    void setKeptFields(bool details, bool credentials);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace tw
