// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/common/bytehash.h"

#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace tw {

// Interns byte strings to dense 32-bit ids so that the event store keeps one small integer per
// field instead of a string. Id 0 is reserved for "absent or empty": every rule in docs/detection.md treats
// an empty value like a missing one, so the two need not be told apart.
//
// Interning runs ten times per event while loading, so this is a flat open-addressing table over
// an append-only arena (no allocation per string, no node per entry) rather than
// std::unordered_map<std::string, ...>. Views returned stay valid for the pool's lifetime.
//
// Not thread-safe: each load worker interns into its own pool and the loader remaps into the
// store's pool under its merge lock.
class StringPool
{
public:
    StringPool()
    {
        m_views.emplace_back();
        m_hashes.push_back(0);
        // Small to start with: each file's reader has a pool of its own, and a file of one event
        // (100,000 of them, as Firehose or a per-event export writes them) interns a dozen strings.
        m_slots.assign(kFirstSlots, 0);
    }
    StringPool(StringPool&&) noexcept = default;
    StringPool& operator=(StringPool&&) noexcept = default;

    std::uint32_t intern(std::string_view s)
    {
        if (s.empty())
            return 0;
        return internHashed(s, hash(s));
    }

    // Interns every string of `from` (a file's pool) into this one: ids[i] is the id here of
    // from's id i (0 for 0). The loader's merge does this for every file, into the store's pool,
    // which is far bigger than the caches: each look-up waited for memory three times (the slot,
    // then the hash and view of the id in it, then the bytes to compare). Here each string's slot
    // is fetched a few strings ahead, and what the slot points to a little later.
    void internAll(const StringPool& from, std::vector<std::uint32_t>& ids)
    {
        const std::uint32_t n = from.size();
        ids.assign(n, 0);
        constexpr std::uint32_t kAhead = 16; // a power of two: the ring of hashes below
        std::uint64_t ring[kAhead] = {};
        const auto slot = [this](std::uint64_t h) { return m_slots.data() + (h & (m_slots.size() - 1)); };
        const auto fetchSlot = [&](std::uint32_t id) {
            const std::uint64_t h = hash(from.m_views[id]);
            ring[id % kAhead] = h;
            __builtin_prefetch(slot(h));
        };
        // What the slot points to; the slot was fetched kAhead / 2 strings ago. (A stale address
        // after the table grew is harmless: a prefetch never faults.)
        const auto fetchEntry = [&](std::uint32_t id) {
            if (const std::uint32_t at = *slot(ring[id % kAhead])) {
                __builtin_prefetch(m_hashes.data() + at);
                __builtin_prefetch(m_views.data() + at);
            }
        };
        for (std::uint32_t id = 1; id < n && id <= kAhead; ++id)
            fetchSlot(id);
        for (std::uint32_t id = 1; id < n && id <= kAhead / 2; ++id)
            fetchEntry(id);
        for (std::uint32_t id = 1; id < n; ++id) {
            const std::uint64_t h = ring[id % kAhead];
            if (id + kAhead / 2 < n)
                fetchEntry(id + kAhead / 2);
            if (id + kAhead < n)
                fetchSlot(id + kAhead); // takes ring[id % kAhead]: h is read already
            const std::string_view s = from.m_views[id];
            ids[id] = s.empty() ? 0 : internHashed(s, h);
        }
    }

private:
    std::uint32_t internHashed(std::string_view s, std::uint64_t h)
    {
        const std::size_t mask = m_slots.size() - 1;
        for (std::size_t i = h & mask;; i = (i + 1) & mask) {
            const std::uint32_t id = m_slots[i];
            if (id == 0)
                return insertAt(i, s, h);
            if (m_hashes[id] == static_cast<std::uint32_t>(h >> 32) && sameBytes(m_views[id], s))
                return id;
        }
    }

public:
    // Sizes the table for about `strings` strings before the first is interned (a file's reader
    // guesses from the file's size), so that it is not doubled and re-filled several times.
    void reserve(std::size_t strings)
    {
        std::size_t slots = m_slots.size();
        while (slots < strings * 2)
            slots *= 2;
        if (slots == m_slots.size())
            return;
        m_slots.assign(slots, 0);
        const std::size_t mask = slots - 1;
        for (std::uint32_t id = 1; id < m_views.size(); ++id) {
            std::size_t i = hash(m_views[id]) & mask;
            while (m_slots[i] != 0)
                i = (i + 1) & mask;
            m_slots[i] = id;
        }
    }

    // Forgets every string (ids start again at 1) but keeps the table and the first arena chunk
    // for the next strings: a load reuses a file's pool for another file, so that a file of one
    // event does not cost a pool's allocations. A table grown past `keepSlots` is given back.
    void clear(std::size_t keepSlots = 1 << 16)
    {
        m_views.resize(1);
        m_hashes.resize(1);
        if (m_slots.size() > keepSlots)
            std::vector<std::uint32_t>(kFirstSlots, 0).swap(m_slots);
        else
            std::fill(m_slots.begin(), m_slots.end(), 0);
        m_big.clear();
        if (!m_chunks.empty()) {
            m_chunks.resize(1);
            m_chunkSize = m_firstChunkSize;
        }
        m_used = 0;
        m_arenaBytes = m_chunks.empty() ? 0 : m_firstChunkSize;
    }

    std::string_view view(std::uint32_t id) const { return m_views[id]; }
    std::uint32_t size() const { return static_cast<std::uint32_t>(m_views.size()); }

    std::size_t memoryBytes() const
    {
        return m_arenaBytes + m_views.capacity() * sizeof(std::string_view) + m_hashes.capacity() * 4 +
               m_slots.capacity() * 4;
    }

private:
    // 8 bytes at a time with a multiply-xorshift mix: fast for the short strings of CloudTrail
    // (ids, names, addresses) and well spread for a power-of-two table.
    static std::uint64_t hash(std::string_view s) { return hashBytes(s); }

    std::uint32_t insertAt(std::size_t slot, std::string_view s, std::uint64_t h)
    {
        const auto id = static_cast<std::uint32_t>(m_views.size());
        m_views.emplace_back(store(s));
        m_hashes.push_back(static_cast<std::uint32_t>(h >> 32));
        m_slots[slot] = id;
        if (m_views.size() * 2 > m_slots.size())
            grow();
        return id;
    }

    std::string_view store(std::string_view s)
    {
        constexpr std::size_t kChunk = 64 * 1024;
        if (s.size() > kChunk / 4) { // big strings get their own block, so chunks stay dense
            // new char[] rather than make_unique<char[]>, which would zero what is about to be
            // overwritten (here and below).
            m_big.push_back(std::unique_ptr<char[]>(new char[s.size()]));
            std::memcpy(m_big.back().get(), s.data(), s.size());
            m_arenaBytes += s.size();
            return {m_big.back().get(), s.size()};
        }
        if (m_chunks.empty() || m_used + s.size() > m_chunkSize) {
            // Chunks grow from 1 KiB to 64 KiB: a pool of a few strings (a small file's) takes
            // a little, a big one soon gets chunks large enough to waste nothing worth counting.
            m_chunkSize = m_chunks.empty() ? kFirstChunk : std::min(kChunk, m_chunkSize * 4);
            while (m_chunkSize < s.size())
                m_chunkSize *= 4;
            m_chunks.push_back(std::unique_ptr<char[]>(new char[m_chunkSize]));
            if (m_chunks.size() == 1)
                m_firstChunkSize = m_chunkSize;
            m_used = 0;
            m_arenaBytes += m_chunkSize;
        }
        char* dst = m_chunks.back().get() + m_used;
        std::memcpy(dst, s.data(), s.size());
        m_used += s.size();
        return {dst, s.size()};
    }

    void grow()
    {
        std::vector<std::uint32_t> slots(m_slots.size() * 2, 0);
        const std::size_t mask = slots.size() - 1;
        for (std::uint32_t id = 1; id < m_views.size(); ++id) {
            std::size_t i = hash(m_views[id]) & mask;
            while (slots[i] != 0)
                i = (i + 1) & mask;
            slots[i] = id;
        }
        m_slots = std::move(slots);
    }

    static constexpr std::size_t kFirstSlots = 64;
    static constexpr std::size_t kFirstChunk = 1024;

    std::vector<std::string_view> m_views; // id -> string
    std::vector<std::uint32_t> m_hashes;   // id -> upper hash bits, to skip most string compares
    std::vector<std::uint32_t> m_slots;    // open-addressing table of ids, 0 = empty
    std::vector<std::unique_ptr<char[]>> m_chunks;
    std::vector<std::unique_ptr<char[]>> m_big;
    std::size_t m_used = 0;
    std::size_t m_chunkSize = 0;
    std::size_t m_firstChunkSize = 0;
    std::size_t m_arenaBytes = 0;
};

} // namespace tw
