#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

namespace tw {

// Interns byte strings to dense 32-bit ids so that the event store keeps one small integer per
// field instead of a string. Id 0 is reserved for "absent or empty": every rule in the spec treats
// an empty value like a missing one, so the two need not be told apart.
//
// Not thread-safe: each load worker interns into its own pool and the loader remaps into the
// store's pool under its merge lock.
class StringPool
{
public:
    StringPool() { m_strings.emplace_back(); }

    std::uint32_t intern(std::string_view s)
    {
        if (s.empty())
            return 0;
        if (auto it = m_index.find(s); it != m_index.end())
            return it->second;
        const auto id = static_cast<std::uint32_t>(m_strings.size());
        // std::deque never moves its elements, so the view used as the map key stays valid.
        const std::string& stored = m_strings.emplace_back(s);
        m_index.emplace(std::string_view(stored), id);
        return id;
    }

    std::string_view view(std::uint32_t id) const { return m_strings[id]; }
    std::uint32_t size() const { return static_cast<std::uint32_t>(m_strings.size()); }

private:
    std::deque<std::string> m_strings;
    std::unordered_map<std::string_view, std::uint32_t> m_index;
};

} // namespace tw
