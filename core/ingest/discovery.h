// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/ingest/eventstore.h"

#include <QStringList>

namespace tw {

struct Discovery
{
    QStringList files;                 // sorted, each once
    std::vector<LoadProblem> problems; // paths that do not exist or cannot be listed
    std::uint64_t skipped = 0;         // digest / Insight files left out on purpose
    // Files in the folders whose names are not log names: not read, and said so (the first
    // kMaxListedSkips of them by path, all of them in skippedByNameCount).
    std::vector<LoadProblem> skippedByName;
    std::uint64_t skippedByNameCount = 0;
    std::uint64_t totalBytes = 0; // on disk, for progress
};

// Expands files and folders (recursively, the S3 layout included) into the log files to read.
// In folders, names that end in .json, .jsonl or .ndjson (optionally .gz) are taken, and so are
// names without an extension (Kinesis Data Firehose's objects), which the reader recognises by
// their content; every other file is listed in `skippedByName`, with the reason. A file named
// explicitly is always read. Symbolic links to folders are not followed (and are listed in
// `problems`), so a link loop cannot trap the walk. One folder is open at a time, whatever the
// depth; a folder that cannot be listed is reported.
inline constexpr std::size_t kMaxListedSkips = 1000;
// Why a file in a folder was not read (the text after "skipped by its name: ").
extern const QString kSkippedByNameReason;

Discovery discoverInputs(const QStringList& paths);

} // namespace tw
