// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/ingest/eventstore.h"

#include <algorithm>
#include <type_traits>

namespace tw {

namespace {
template <typename F> void forEachColumn(EventColumns& c, F&& f)
{
    f(c.time), f(c.userTa7), f(c.userLegacy), f(c.eventName), f(c.eventSource), f(c.region), f(c.account);
    f(c.sourceIp), f(c.userAgent), f(c.credential), f(c.errorCode), f(c.offset);
    f(c.flags), f(c.principal), f(c.principalDetail);
}
} // namespace

void EventColumns::reserve(std::size_t n)
{
    forEachColumn(*this, [n](auto& v) { v.reserve(n); });
}

void EventColumns::truncate(std::size_t n)
{
    forEachColumn(*this, [n](auto& v) { v.resize(std::min(n, v.size())); });
}

void EventColumns::clear()
{
    forEachColumn(*this, [](auto& v) { v.clear(); });
    credentials.clear();
    accessKeys.clear();
    sessions.clear();
}

std::size_t EventColumns::memoryBytes() const
{
    std::size_t total = credentials.memoryBytes() + accessKeys.memoryBytes() + sessions.memoryBytes();
    forEachColumn(const_cast<EventColumns&>(*this), [&total](auto& v) {
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, SparseColumn>)
            total += v.memoryBytes();
        else
            total += v.capacity() * sizeof(typename std::decay_t<decltype(v)>::value_type);
    });
    return total;
}

QString EventStore::qstr(std::uint32_t id) const
{
    const auto v = strings.view(id);
    return QString::fromUtf8(v.data(), static_cast<qsizetype>(v.size()));
}

QString EventStore::accessKeyText(std::uint32_t accessKey) const
{
    std::string text;
    events.accessKeys[accessKey].appendTo(text, strings);
    return QString::fromStdString(text);
}

QString EventStore::sessionText(std::uint32_t session) const
{
    if (session == 0)
        return {};
    const SessionKey& k = events.sessions[session];
    std::string text(str(k.who));
    text += " @ ";
    CreationDate::appendTo(k.created, text, strings);
    return QString::fromStdString(text);
}

std::uint32_t EventStore::fileOf(std::size_t event) const
{
    // The last file whose first event is at or before `event`: a file without events shares its
    // firstEvent with the next file, and upper_bound steps past it.
    const auto it = std::upper_bound(files.begin(), files.end(), event,
                                     [](std::size_t e, const SourceFile& f) { return e < f.firstEvent; });
    return static_cast<std::uint32_t>(std::max<std::ptrdiff_t>(it - files.begin() - 1, 0));
}

QString ruleSetName(RuleSet rules)
{
    return rules == RuleSet::Ta7 ? QStringLiteral("ta7") : QStringLiteral("legacy");
}

} // namespace tw
