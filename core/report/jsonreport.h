// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/report/reportdata.h"

#include <string>

namespace tw {

// The object of docs/detection.md, Output (summary and findings, exactly as findingsJson writes
// them for the reported findings) plus a top-level "manifest" (manifestJson). Non-ASCII is written
// as \u escapes, so that bidi overrides and other invisible characters in a value are visible in
// any viewer while the value itself is kept exactly.
std::string jsonReport(const ReportData& data, int indent = 2);
// The same, streamed to sink; false when the sink failed.
bool writeJsonReport(const ReportData& data, const ReportSink& sink, int indent = 2);

} // namespace tw
