#include "eventstore.h"

namespace tw {

namespace {
template <typename F> void forEachColumn(EventColumns& c, F&& f)
{
    f(c.time), f(c.userTa7), f(c.userLegacy), f(c.eventName), f(c.eventSource), f(c.region), f(c.account);
    f(c.sourceIp), f(c.userAgent), f(c.identityType), f(c.errorCode), f(c.file), f(c.offset), f(c.length);
    f(c.flags), f(c.principal), f(c.principalDetail);
}
} // namespace

void EventColumns::reserve(std::size_t n)
{
    forEachColumn(*this, [n](auto& v) { v.reserve(n); });
}

void EventColumns::clear()
{
    forEachColumn(*this, [](auto& v) { v.clear(); });
}

std::size_t EventColumns::memoryBytes() const
{
    std::size_t total = 0;
    forEachColumn(const_cast<EventColumns&>(*this), [&total](auto& v) {
        total += v.capacity() * sizeof(typename std::decay_t<decltype(v)>::value_type);
    });
    return total;
}

QString EventStore::qstr(std::uint32_t id) const
{
    const auto v = strings.view(id);
    return QString::fromUtf8(v.data(), static_cast<qsizetype>(v.size()));
}

QString ruleSetName(RuleSet rules)
{
    return rules == RuleSet::Ta7 ? QStringLiteral("ta7") : QStringLiteral("legacy");
}

} // namespace tw
