// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/report/reportmanifest.h"

#include <nlohmann/json.hpp>

#include <string_view>

namespace tw {

class JsonSplice;

// The manifest as a JSON value, for a document that nests it. With a placeholder, the list of the
// files (files.list) holds only that string when there are files, and writeManifestFiles writes
// them in its place (JsonSplice): a JSON value for each of 100,000 input files, built and then
// dumped, took 190-280 ms, written directly 35 ms (bench_walk). Without, the whole value: what the
// text written must always equal (tst_reports).
nlohmann::ordered_json manifestJsonValue(const RunManifest& manifest, std::string_view filesPlaceholder = {});

// Writes the manifest's files.list elements, as a dump of manifestJsonValue with `indent` and
// `ascii` (nlohmann's ensure_ascii; invalid UTF-8 replaced) has them, into the array `splice` has
// open. False when the sink failed.
bool writeManifestFiles(const RunManifest& manifest, JsonSplice& splice, int indent, bool ascii);

} // namespace tw
