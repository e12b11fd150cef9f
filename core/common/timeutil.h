// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QString>

#include <cstdint>
#include <optional>
#include <string_view>

namespace tw {

// Milliseconds since the Unix epoch, UTC. Splunk's _time keeps sub-second precision; CloudTrail
// writes whole seconds, exports add milliseconds, so milliseconds lose nothing that matters.
using TimeMs = std::int64_t;

// Parses CloudTrail's eventTime as docs/detection.md, Time, allows it: `YYYY-MM-DDThh:mm:ss` with `T` or a
// space, optional fraction (any number of digits, truncated to ms), and `Z`, `+hh:mm`, `-hh:mm`,
// `+hhmm` or no zone at all (taken as UTC, as Athena and CloudTrail Lake write it).
std::optional<TimeMs> parseEventTime(std::string_view text);

// security_content_ctime: `%Y-%m-%dT%H:%M:%S` in UTC (sub-second part dropped, not rounded).
QString formatSplunkTime(TimeMs ms);
std::string formatSplunkTimeUtf8(TimeMs ms);

} // namespace tw
