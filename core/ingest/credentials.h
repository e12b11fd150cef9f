// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/ingest/stringpool.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tw {

// userIdentity.accessKeyId kept as a value instead of a string of the pool. An AWS access key id
// is 20 characters of [A-Z0-9] (a prefix such as AKIA or ASIA and 16 base-32 digits), and the
// generated 1M set has ~190,000 distinct temporary keys: as a pool string each took ~50 bytes (the
// text, its view, hash and slots) and was hashed again in every file's merge. Up to 20 characters
// of [0-9A-Za-z] pack 6 bits each into these 16 bytes; anything else (longer, other characters)
// is kept as a StringPool id, so that every value reads back byte for byte.
struct AccessKeyId
{
    std::uint64_t low = 0;  // characters 0-9, 6 bits each, first in the low bits; 0: none
    std::uint64_t high = 0; // characters 10-19 likewise; kPooled: `low` is a StringPool id instead

    static constexpr std::uint64_t kPooled = std::uint64_t(1) << 63;

    // The key of `text`; "" is the empty key. `intern(text)` (a StringPool id) is called only when
    // it does not pack.
    template <typename Intern> static AccessKeyId of(std::string_view text, Intern&& intern)
    {
        if (text.size() > 20)
            return pooled(intern(text));
        AccessKeyId k;
        for (std::size_t i = 0; i < text.size(); ++i) {
            const std::uint64_t code = kCode[static_cast<unsigned char>(text[i])];
            if (code == 0)
                return pooled(intern(text));
            (i < 10 ? k.low : k.high) |= code << (6 * (i % 10));
        }
        return k;
    }
    static AccessKeyId pooled(std::uint32_t id) { return id == 0 ? AccessKeyId{} : AccessKeyId{id, kPooled}; }

    bool isPooled() const { return high & kPooled; }
    // The same key with its pool id (if any) mapped through `remap` (a file's pool into the store's).
    AccessKeyId remapped(const std::uint32_t* remap) const { return isPooled() ? pooled(remap[low]) : *this; }
    // Appends the text to `out`.
    void appendTo(std::string& out, const StringPool& pool) const
    {
        if (isPooled()) {
            out += pool.view(static_cast<std::uint32_t>(low));
            return;
        }
        for (int i = 0; i < 20; ++i) {
            const auto code = static_cast<unsigned>(((i < 10 ? low : high) >> (6 * (i % 10))) & 63);
            if (code == 0)
                break;
            out += kAlphabet[code - 1];
        }
    }

    bool operator==(const AccessKeyId&) const = default;
    std::uint64_t hash() const { return (low ^ (high * 0xBF58476D1CE4E5B9ULL)) * 0x9E3779B97F4A7C15ULL; }

private:
    static constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    // Character -> 1 + its place in kAlphabet; 0: not in it.
    static constexpr auto kCode = [] {
        std::array<std::uint8_t, 256> code{};
        for (std::size_t i = 0; i + 1 < sizeof kAlphabet; ++i)
            code[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::uint8_t>(i + 1);
        return code;
    }();
};

// sessionContext.attributes.creationDate kept as a 64-bit value instead of a string of the pool:
// CloudTrail writes it as "YYYY-MM-DDThh:mm:ssZ", whose 14 digits pack 4 bits each. The digits are
// kept, not a time they stand for, so that the text reads back byte for byte whatever they say.
// Another form (fractional seconds, an offset) is kept as a StringPool id (below kPacked).
struct CreationDate
{
    static constexpr std::uint64_t kPacked = std::uint64_t(1) << 62;

    // The value of `text`; "" is 0. `intern(text)` (a StringPool id) is called only when it is not
    // of the usual form.
    template <typename Intern> static std::uint64_t of(std::string_view text, Intern&& intern)
    {
        if (text.size() != kForm.size())
            return intern(text);
        std::uint64_t v = kPacked;
        for (std::size_t i = 0, digit = 0; i < kForm.size(); ++i) {
            const char c = text[i];
            if (kForm[i] == '9') {
                if (c < '0' || c > '9')
                    return intern(text);
                v |= std::uint64_t(c - '0') << (4 * digit++);
            } else if (c != kForm[i]) {
                return intern(text);
            }
        }
        return v;
    }
    static bool isPooled(std::uint64_t v) { return !(v & kPacked); }
    static std::uint64_t remapped(std::uint64_t v, const std::uint32_t* remap)
    {
        return isPooled(v) ? remap[v] : v;
    }
    static void appendTo(std::uint64_t v, std::string& out, const StringPool& pool)
    {
        if (isPooled(v)) {
            out += pool.view(static_cast<std::uint32_t>(v));
            return;
        }
        for (std::size_t i = 0, digit = 0; i < kForm.size(); ++i)
            out += kForm[i] == '9' ? char('0' + ((v >> (4 * digit++)) & 15)) : kForm[i];
    }

private:
    static constexpr std::string_view kForm = "9999-99-99T99:99:99Z"; // 9: a digit
};

// One issuance of temporary credentials (docs/detection.md, Pivots: "session"): who
// (userIdentity.arn, else principalId: a StringPool id) and when (sessionContext.attributes.creationDate,
// a CreationDate value). The text "<who> @ <when>" is composed only when shown
// (EventStore::sessionText): composing and interning it for every distinct session cost ~100 bytes
// each in the pool (190k sessions at 1M events), while `who` is mostly shared.
struct SessionKey
{
    std::uint32_t who = 0;
    std::uint64_t created = 0;
    bool operator==(const SessionKey&) const = default;
    std::uint64_t hash() const
    {
        const std::uint64_t h = created * 0x9E3779B97F4A7C15ULL ^ std::uint64_t(who) * 0xBF58476D1CE4E5B9ULL;
        return h ^ (h >> 29);
    }
};

// Who signed one call, as userIdentity tells it: the identity type (a StringPool id), the access key
// (an id of EventColumns::accessKeys) and the session (an id of EventColumns::sessions); 0: absent.
struct Credential
{
    std::uint32_t identityType = 0;
    std::uint32_t accessKey = 0;
    std::uint32_t session = 0;
    bool operator==(const Credential&) const = default;
    std::uint64_t hash() const
    {
        std::uint64_t h = (std::uint64_t(identityType) << 32 | accessKey) * 0x9E3779B97F4A7C15ULL;
        h ^= (h >> 29) ^ (std::uint64_t(session) * 0xBF58476D1CE4E5B9ULL);
        return h ^ (h >> 32);
    }
};

// Interns small fixed-size keys (Credential, SessionKey, AccessKeyId) to dense 32-bit ids, so that an event
// keeps one id for the three credential fields instead of three: an access key belongs to one
// identity and one session, so there are about as many distinct triples as access keys (tens of
// thousands at 1M events), and the event store pays 4 bytes an event for them, as it did for the
// identity type alone. Id 0 is the key with no value. A flat open-addressing table, like
// StringPool. Not thread-safe: each load worker has its own table and the loader remaps into the
// store's.
template <typename Key> class InternTable
{
public:
    InternTable() { clear(); }

    std::uint32_t intern(const Key& c)
    {
        if (c == Key{})
            return 0;
        const std::size_t mask = m_slots.size() - 1;
        for (std::size_t i = mix(c.hash()) & mask;; i = (i + 1) & mask) {
            const std::uint32_t id = m_slots[i];
            if (id == 0) {
                const auto fresh = static_cast<std::uint32_t>(m_entries.size());
                m_entries.push_back(c);
                m_slots[i] = fresh;
                if (m_entries.size() * 2 > m_slots.size())
                    grow();
                return fresh;
            }
            if (m_entries[id] == c)
                return id;
        }
    }

    const Key& operator[](std::uint32_t id) const { return m_entries[id]; }
    std::uint32_t size() const { return static_cast<std::uint32_t>(m_entries.size()); }
    void clear()
    {
        m_entries.assign(1, Key{});
        m_slots.assign(256, 0);
    }
    std::size_t memoryBytes() const
    {
        return m_entries.capacity() * sizeof(Key) + m_slots.capacity() * sizeof(std::uint32_t);
    }

private:
    static std::uint64_t mix(std::uint64_t h) { return h ^ (h >> 32); }
    void grow()
    {
        std::vector<std::uint32_t> slots(m_slots.size() * 2, 0);
        const std::size_t mask = slots.size() - 1;
        for (std::uint32_t id = 1; id < m_entries.size(); ++id) {
            std::size_t i = mix(m_entries[id].hash()) & mask;
            while (slots[i] != 0)
                i = (i + 1) & mask;
            slots[i] = id;
        }
        m_slots = std::move(slots);
    }

    std::vector<Key> m_entries; // id -> key; [0] is the empty one
    std::vector<std::uint32_t> m_slots;
};

using CredentialTable = InternTable<Credential>;
using SessionTable = InternTable<SessionKey>;
using AccessKeyTable = InternTable<AccessKeyId>;

} // namespace tw
