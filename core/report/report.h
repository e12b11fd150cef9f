// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/detection/detection.h"
#include "core/detection/newsince.h"
#include "core/ingest/eventstore.h"
#include "core/lists/accountaliases.h"

#include <functional>
#include <string>
#include <string_view>

namespace tw {

struct RunManifest;

// Machine-readable output, the object of docs/detection.md, Output; each finding also has `class` and
// `classEvidence` (docs/detection.md, Principal classes).
std::string findingsJson(const EventStore& store, const DetectionResult& result, int indent = -1);
// The same object streamed to sink a piece at a time (memory does not grow with the findings),
// with a top-level "manifest" (manifestJson's object) when manifest is not null; ascii writes every
// non-ASCII character as a \u escape. False when the sink failed.
// warnings, when given, go to summary.warnings (reportWarnings: a list that matches every user).
// With aliases, each finding gets "accountAliases": {"<id>": "<name>"} for its named accounts.
bool writeFindingsJson(const EventStore& store, const DetectionResult& result, const RunManifest* manifest,
                       int indent, bool ascii, const std::function<bool(std::string_view)>& sink,
                       const QStringList& warnings = {}, const std::vector<FindingReview>* review = nullptr,
                       const AccountAliases* aliases = nullptr);

// Splunk's CSV export of the search: user,count,firstTime,lastTime,eventName, with the multivalue
// eventName as one quoted cell whose values are separated by newlines; then class,classEvidence
// (docs/detection.md, Principal classes), after Splunk's columns so that a reader by position still works.
// With review (parallel to the findings), new,newSince,status,owner,ticket,note follow.
std::string findingsCsv(const EventStore& store, const DetectionResult& result,
                        const std::vector<FindingReview>* review = nullptr);

// An aligned table for a terminal. Long API lists are shown as a count plus the first names so
// that a row stays on one line.
// With review, NEW and STATUS columns come first and the summary counts the new findings.
std::string findingsTable(const EventStore& store, const DetectionResult& result,
                          const std::vector<FindingReview>* review = nullptr);

} // namespace tw
