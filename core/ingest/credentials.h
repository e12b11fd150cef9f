// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <cstdint>
#include <vector>

namespace tw {

// One issuance of temporary credentials (docs/detection.md, Pivots: "session"): who
// (userIdentity.arn, else principalId) and when (sessionContext.attributes.creationDate), each a
// StringPool id. The text "<who> @ <when>" is composed only when shown (EventStore::sessionText):
// composing and interning it for every distinct session cost ~100 bytes each in the pool (190k
// sessions at 1M events), while the two parts are mostly shared (who) or short (when).
struct SessionKey
{
    std::uint32_t who = 0;
    std::uint32_t created = 0;
    bool operator==(const SessionKey&) const = default;
    std::uint64_t hash() const { return (std::uint64_t(who) << 32 | created) * 0x9E3779B97F4A7C15ULL; }
};

// Who signed one call, as userIdentity tells it: the identity type and the access key (StringPool
// ids) and the session (an id of EventColumns::sessions); 0: absent.
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

// Interns small fixed-size keys (Credential, SessionKey) to dense 32-bit ids, so that an event
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

} // namespace tw
