// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace tw {

namespace bytes {
inline std::uint64_t load64(const char* at)
{
    std::uint64_t v;
    std::memcpy(&v, at, 8);
    return v;
}
inline std::uint64_t load32(const char* at)
{
    std::uint32_t v;
    std::memcpy(&v, at, 4);
    return v;
}
} // namespace bytes

// A fast 64-bit hash of a byte string for in-memory tables (the string pool, the duplicate set):
// eight bytes a step. Never stored, so it may change between versions; not a cryptographic hash.
// `seed` chains one string's hash into the next one's, so that a key of several strings is hashed
// without building it.
inline std::uint64_t hashBytes(std::string_view s, std::uint64_t seed = 0)
{
    // The length is spread over the word before it meets the bytes: XORed in as it is, it met the
    // last byte's bits, and "12" hashed like "2" (their last words differ in the low bits by what
    // their lengths do).
    std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ seed ^ (s.size() * 0xC2B2AE3D27D4EB4FULL);
    const auto mix = [&h](std::uint64_t v) {
        h ^= v;
        h *= 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 31;
    };
    using bytes::load32;
    using bytes::load64;
    const char* p = s.data();
    std::size_t n = s.size();
    for (; n >= 8; p += 8, n -= 8)
        mix(load64(p));
    // The last 1 to 7 bytes with whole loads: a copy of n bytes into a zeroed word went through the
    // stack, and reading the word back stalled on every string (store forwarding). Every byte is
    // still mixed, and strings of one length are told apart by their bytes alone.
    if (s.size() >= 8 && n)
        mix(load64(p + n - 8) >> (8 * (8 - n))); // the bytes before p are the string's too
    else if (n >= 4)
        mix(load32(p) | load32(p + n - 4) << 32);
    else if (n)
        mix(std::uint64_t(std::uint8_t(p[0])) | std::uint64_t(std::uint8_t(p[n / 2])) << 8 |
            std::uint64_t(std::uint8_t(p[n - 1])) << 16);
    h ^= h >> 29;
    h *= 0x94D049BB133111EBULL;
    return h ^ (h >> 32);
}

// Whether two byte strings are equal. The strings of CloudTrail that are interned are mostly 4 to 16
// bytes: compared in two overlapping whole loads, not by a call to memcmp whose loop the branch
// predictor misses as the lengths vary.
inline bool sameBytes(std::string_view a, std::string_view b)
{
    using bytes::load32;
    using bytes::load64;
    const std::size_t n = a.size();
    if (n != b.size())
        return false;
    const char* p = a.data();
    const char* q = b.data();
    if (n >= 8 && n <= 16)
        return ((load64(p) ^ load64(q)) | (load64(p + n - 8) ^ load64(q + n - 8))) == 0;
    if (n >= 4 && n < 8)
        return ((load32(p) ^ load32(q)) | (load32(p + n - 4) ^ load32(q + n - 4))) == 0;
    if (n < 4)
        return n == 0 || (p[0] == q[0] && p[n / 2] == q[n / 2] && p[n - 1] == q[n - 1]);
    return std::memcmp(p, q, n) == 0;
}

} // namespace tw
