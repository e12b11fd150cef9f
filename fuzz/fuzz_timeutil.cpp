// SPDX-License-Identifier: GPL-3.0-or-later

// libFuzzer target for the eventTime parser and the Splunk time formatter.

#include "core/common/timeutil.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

using namespace tw;

namespace {

void check(bool ok, const char* what)
{
    if (!ok) {
        std::fprintf(stderr, "invariant violated: %s\n", what);
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (const auto ms = parseEventTime(text)) {
        const std::string formatted = formatSplunkTimeUtf8(*ms);
        // Whatever the zone and fraction, the formatted second parses back to the same second;
        // a zone offset can move year 0000 into year -1, which no eventTime form can write.
        if (formatted.front() == '-')
            return 0;
        const auto back = parseEventTime(formatted);
        check(back.has_value(), "a formatted time parses");
        check(*back == *ms - ((*ms % 1000) + 1000) % 1000, "format then parse keeps the second");
        // A UTC time without a fraction formats as itself (with 'T').
        if (size == 20 && (text[19] == 'Z' || text[19] == 'z') && text[10] != ' ' && text[10] != 't')
            check(formatted == text.substr(0, 19) || text.substr(17, 2) == "60",
                  "a plain UTC time round-trips");
    }
    // Any 64-bit value formats without overflow or a cut-off buffer.
    if (size >= 8) {
        std::int64_t ms = 0;
        std::memcpy(&ms, data, sizeof ms);
        const std::string s = formatSplunkTimeUtf8(ms);
        check(s.size() >= 19 && s.size() < 40, "formatted length");
    }
    return 0;
}
