// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "eventstore.h"

#include <QStringList>

namespace tw {

struct Discovery
{
    QStringList files;                 // sorted, each once
    std::vector<LoadProblem> problems; // paths that do not exist or cannot be listed
    std::uint64_t skipped = 0;         // digest / Insight files left out on purpose
    std::uint64_t totalBytes = 0;      // on disk, for progress
};

// Expands files and folders (recursively, the S3 layout included) into the log files to read.
// In folders only CloudTrail-looking names are taken (.json, .jsonl, .ndjson, optionally .gz);
// a file named explicitly is always read. Symbolic links to folders are not followed, so a link
// loop cannot trap the walk.
Discovery discoverInputs(const QStringList& paths);

} // namespace tw
