// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/report/reportmanifest.h"

#include <nlohmann/json.hpp>

namespace tw {

// The manifest as a JSON value (manifestJson dumps it), for a document that nests it: the JSON
// report takes the value as it is rather than its text parsed back.
nlohmann::ordered_json manifestJsonValue(const RunManifest& manifest);

} // namespace tw
