// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace tw {

// A fast 64-bit hash of a byte string for in-memory tables (the string pool, the duplicate set):
// eight bytes a step. Never stored, so it may change between versions; not a cryptographic hash.
// `seed` chains one string's hash into the next one's, so that a key of several strings is hashed
// without building it.
inline std::uint64_t hashBytes(std::string_view s, std::uint64_t seed = 0)
{
    std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ seed ^ s.size();
    const auto mix = [&h](std::uint64_t v) {
        h ^= v;
        h *= 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 31;
    };
    const char* p = s.data();
    std::size_t n = s.size();
    for (; n >= 8; p += 8, n -= 8) {
        std::uint64_t v;
        std::memcpy(&v, p, 8);
        mix(v);
    }
    if (n) {
        std::uint64_t v = 0;
        std::memcpy(&v, p, n);
        mix(v);
    }
    h ^= h >> 29;
    h *= 0x94D049BB133111EBULL;
    return h ^ (h >> 32);
}

} // namespace tw
