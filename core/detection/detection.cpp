// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/detection/detection.h"

#include "core/detection/risk.h"
#include "core/detection/sensitiveapis.h"
#include "core/lists/confusables.h"
#include "core/lists/identitylists.h"

#include <QHash>

#include <algorithm>
#include <numeric>
#include <unordered_map>

namespace tw {

namespace {

// Distinct string ids, as an open-addressing set: id 0 (no value) is never kept, so it marks a free
// slot. An id equal to the previous one (a user's account, nearly always) costs one comparison.
class IdSet
{
public:
    void insert(std::uint32_t id)
    {
        if (id == 0 || id == m_last)
            return;
        m_last = id;
        if (m_slots.empty())
            m_slots.assign(8, 0);
        const std::size_t mask = m_slots.size() - 1;
        for (std::size_t i = slotOf(id, mask);; i = (i + 1) & mask) {
            if (m_slots[i] == id)
                return;
            if (m_slots[i] == 0) {
                m_slots[i] = id;
                if (++m_size * 2 > m_slots.size())
                    grow();
                return;
            }
        }
    }

    std::vector<std::uint32_t> ids() const
    {
        std::vector<std::uint32_t> out;
        out.reserve(m_size);
        for (std::uint32_t id : m_slots)
            if (id != 0)
                out.push_back(id);
        return out;
    }

private:
    // Fibonacci hashing: string ids are dense, so their low bits alone would cluster.
    static std::size_t slotOf(std::uint32_t id, std::size_t mask)
    {
        return static_cast<std::size_t>((std::uint64_t(id) * 0x9E3779B97F4A7C15ULL) >> 32) & mask;
    }

    void grow()
    {
        std::vector<std::uint32_t> old(m_slots.size() * 2, 0);
        old.swap(m_slots);
        const std::size_t mask = m_slots.size() - 1;
        for (std::uint32_t id : old) {
            if (id == 0)
                continue;
            std::size_t i = slotOf(id, mask);
            while (m_slots[i] != 0)
                i = (i + 1) & mask;
            m_slots[i] = id;
        }
    }

    std::vector<std::uint32_t> m_slots;
    std::size_t m_size = 0;
    std::uint32_t m_last = 0;
};

// Sorts distinct ids by their strings (byte-wise, as Splunk's values() does).
void sortByText(const EventStore& store, std::vector<std::uint32_t>& ids)
{
    std::sort(ids.begin(), ids.end(), [&store](auto a, auto b) { return store.str(a) < store.str(b); });
}

// One skeleton per distinct user, grouped by its hash; only the rare groups of more than one name are
// looked at again, with the skeletons themselves, so a hash collision never links two names.
void linkLookalikes(const EventStore& store, std::vector<UserActivity>& users)
{
    std::unordered_map<quint64, std::vector<std::uint32_t>> groups; // key -> indices into users
    groups.reserve(users.size());
    for (std::size_t i = 0; i < users.size(); ++i)
        groups[confusableKey(store.qstr(users[i].user))].push_back(static_cast<std::uint32_t>(i));
    for (const auto& [key, members] : groups) {
        if (members.size() < 2)
            continue;
        for (auto i : members) {
            const QString name = store.qstr(users[i].user);
            for (auto j : members)
                if (j != i && areConfusable(name, store.qstr(users[j].user)))
                    users[i].lookalikeUsers.push_back(users[j].user);
        }
    }
}

} // namespace

// What an aggregation holds between add() calls: the table so far and what is needed to go on.
struct ActivityAggregator::State
{
    ActivityTable table;
    std::optional<TimeMs> from, to;
    std::uint8_t successFlag = 0;
    // Group by user id through a dense index: the pool holds every distinct string, users among
    // them. It grows with the pool, which grows as files are merged.
    std::vector<std::int32_t> slot;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> adminGrants; // (target user, eventName)
    // Failed calls by user id: few next to the successful ones, so a map beside the dense index.
    std::unordered_map<std::uint32_t, std::uint64_t> failed;
    // Sensitive calls (docs/detection.md, Risk): whether an eventName id is in the catalogue at all,
    // decided once per distinct name (0 unknown, 1 no, 2 yes), then per event by source only for
    // the few names that are.
    const SensitiveApiCatalogue& catalogue = builtinSensitiveApis();
    // bench/risk-overhead.sh only: what computing risk costs is measured against a run that skips
    // it. Such a run says the risk is not available (riskKnown false), never a risk of 0.
    bool risk = !qEnvironmentVariableIsSet("TRAILWARDEN_BENCH_WITHOUT_RISK");
    std::vector<std::uint8_t> sensitiveName;
    // A user's distinct names, identity types and accounts, in a set each while the events are
    // counted. (The lists used to take every id and be sorted and made unique whenever they had
    // doubled: that sorting was a third of the time the findings took after a load of 1M events.)
    struct Distinct
    {
        IdSet names, types, accounts;
    };
    std::vector<Distinct> distinct; // per entry of table.users
};

ActivityAggregator::ActivityAggregator(RuleSet rules, std::optional<TimeMs> from, std::optional<TimeMs> to)
    : m_state(std::make_unique<State>())
{
    m_state->table.rules = rules;
    m_state->from = from;
    m_state->to = to;
    m_state->successFlag = rules == RuleSet::Ta7 ? EventFlag::SuccessTa7 : EventFlag::SuccessLegacy;
}

ActivityAggregator::~ActivityAggregator() = default;
ActivityAggregator::ActivityAggregator(ActivityAggregator&&) noexcept = default;
ActivityAggregator& ActivityAggregator::operator=(ActivityAggregator&&) noexcept = default;

void ActivityAggregator::add(const EventStore& store, std::size_t begin, std::size_t end)
{
    State& st = *m_state;
    ActivityTable& table = st.table;
    const EventColumns& e = store.events;
    const auto& users = table.rules == RuleSet::Ta7 ? e.userTa7 : e.userLegacy;
    const std::size_t strings = store.strings.size();
    if (st.slot.size() < strings)
        st.slot.resize(strings, -1);
    if (!st.catalogue.apis.empty() && st.risk && st.sensitiveName.size() < strings)
        st.sensitiveName.resize(strings, 0);
    const auto& from = st.from;
    const auto& to = st.to;

    for (std::size_t i = begin; i < end; ++i) {
        if ((from && e.time[i] < *from) || (to && e.time[i] >= *to))
            continue;
        if (!(e.flags[i] & st.successFlag)) {
            if (users[i] != 0 && st.risk)
                ++st.failed[users[i]];
            continue;
        }
        ++table.successful;
        const std::uint32_t user = users[i];
        if (user == 0) {
            ++table.withoutUser;
            continue;
        }
        if (st.slot[user] < 0) {
            st.slot[user] = static_cast<std::int32_t>(table.users.size());
            UserActivity fresh;
            fresh.user = user;
            fresh.firstTime = fresh.lastTime = e.time[i];
            table.users.push_back(std::move(fresh));
            st.distinct.emplace_back();
        }
        UserActivity& a = table.users[static_cast<std::size_t>(st.slot[user])];
        State::Distinct& seen = st.distinct[static_cast<std::size_t>(st.slot[user])];
        ++a.count;
        a.readOnlyCount += (e.flags[i] & EventFlag::ReadOnly) != 0;
        a.writeCount +=
            (e.flags[i] & (EventFlag::ReadOnly | EventFlag::ReadOnlyKnown)) == EventFlag::ReadOnlyKnown;
        if (const std::uint32_t name = e.eventName[i]; name != 0 && !st.sensitiveName.empty()) {
            if (st.sensitiveName[name] == 0)
                st.sensitiveName[name] = st.catalogue.hasName(store.str(name)) ? 2 : 1;
            if (st.sensitiveName[name] == 2)
                if (const int row = st.catalogue.find(store.str(e.eventSource[i]), store.str(name));
                    row >= 0) {
                    auto it = std::find_if(a.sensitive.begin(), a.sensitive.end(),
                                           [row](const SensitiveCall& c) { return c.api == row; });
                    if (it == a.sensitive.end())
                        a.sensitive.push_back({static_cast<std::uint16_t>(row), 1});
                    else
                        ++it->count;
                }
        }
        a.firstTime = std::min(a.firstTime, e.time[i]);
        a.lastTime = std::max(a.lastTime, e.time[i]);
        // The sort by text happens once at the end.
        seen.names.insert(e.eventName[i]);
        seen.types.insert(store.identityType(i));
        seen.accounts.insert(e.account[i]);
        // Principal class facts: a few bit tests an event (docs/detection.md, Principal classes).
        if (const std::uint8_t hints = e.principal[i]) {
            PrincipalFacts& f = a.facts;
            f.hints |= hints;
            f.consoleLogins += (hints & PrincipalHint::ConsoleLogin) != 0;
            f.mfaEvents += (hints & PrincipalHint::Mfa) != 0;
            f.consoleLoginsWithoutMfa +=
                (hints & (PrincipalHint::ConsoleLogin | PrincipalHint::Mfa)) == PrincipalHint::ConsoleLogin;
            f.serviceSourceEvents += (hints & PrincipalHint::ServiceSource) != 0;
            f.instanceProfileEvents += (hints & PrincipalHint::InstanceProfile) != 0;
            if ((hints & PrincipalHint::ServiceAssumed) && !f.assumedByService)
                f.assumedByService = e.principalDetail[i];
            if ((hints & PrincipalHint::WebIdentity) && !f.webIdentityProvider)
                f.webIdentityProvider = e.principalDetail[i];
            if (hints & PrincipalHint::AdminGrant)
                st.adminGrants.emplace_back(e.principalDetail[i], e.eventName[i]);
        }
    }
}

ActivityTable ActivityAggregator::finish(const EventStore& store)
{
    State& st = *m_state;
    ActivityTable& table = st.table;
    const SensitiveApiCatalogue& catalogue = st.catalogue;
    for (const auto& [target, eventName] : st.adminGrants)
        if (target < st.slot.size() && st.slot[target] >= 0 &&
            !table.users[static_cast<std::size_t>(st.slot[target])].facts.adminGrantEvent)
            table.users[static_cast<std::size_t>(st.slot[target])].facts.adminGrantEvent =
                eventName ? eventName : target;
    for (std::size_t u = 0; u < table.users.size(); ++u) {
        UserActivity& a = table.users[u];
        a.eventNames = st.distinct[u].names.ids();
        a.identityTypes = st.distinct[u].types.ids();
        a.accounts = st.distinct[u].accounts.ids();
        sortByText(store, a.eventNames);
        sortByText(store, a.identityTypes);
        sortByText(store, a.accounts);
        a.principal = classifyPrincipal(store, a);
        if (const auto it = st.failed.find(a.user); it != st.failed.end())
            a.failedCount = it->second;
        std::sort(a.sensitive.begin(), a.sensitive.end(),
                  [&catalogue](const SensitiveCall& x, const SensitiveCall& y) {
                      const SensitiveApi& p = catalogue.apis[x.api];
                      const SensitiveApi& q = catalogue.apis[y.api];
                      const int px = sensitiveCategoryPoints(p.category),
                                py = sensitiveCategoryPoints(q.category);
                      if (px != py)
                          return px > py;
                      if (p.category != q.category)
                          return p.category < q.category;
                      return p.eventName < q.eventName;
                  });
        if (!st.risk) {
            a.riskKnown = false;
            continue;
        }
        const RiskAssessment assessment = assessRisk(a, catalogue);
        a.risk = assessment.score;
        a.riskExplanation = assessment.explanation();
    }
    std::sort(table.users.begin(), table.users.end(), [&store](const UserActivity& a, const UserActivity& b) {
        return store.str(a.user) < store.str(b.user);
    });
    linkLookalikes(store, table.users);
    ActivityTable out = std::move(table);
    m_state.reset();
    return out;
}

ActivityTable aggregateActivity(const EventStore& store, RuleSet rules)
{
    return aggregateActivity(store, rules, std::nullopt, std::nullopt);
}

ActivityTable aggregateActivity(const EventStore& store, RuleSet rules, std::optional<TimeMs> from,
                                std::optional<TimeMs> to)
{
    ActivityAggregator aggregator(rules, from, to);
    aggregator.add(store, 0, store.events.size());
    return aggregator.finish(store);
}

const UserActivity* findActivity(const EventStore& store, const ActivityTable& table, const QString& user)
{
    const QByteArray utf8 = user.toUtf8();
    const std::string_view key(utf8.constData(), static_cast<std::size_t>(utf8.size()));
    const auto it = std::lower_bound(
        table.users.begin(), table.users.end(), key,
        [&store](const UserActivity& a, std::string_view k) { return store.str(a.user) < k; });
    return it != table.users.end() && store.str(it->user) == key ? &*it : nullptr;
}

DetectionResult runDetection(const EventStore& store, const ActivityTable& activity,
                             const IdentityMatcher& approved, const IdentityMatcher& identities,
                             const IdentityMatcher* expired)
{
    DetectionResult result;
    result.rules = activity.rules;
    result.successful = activity.successful;
    // The lists' exact entries by skeleton key: a finding that looks like an approved account or a
    // known person is the impostor case (Cyrillic `dеploy-bot` beside an approved `deploy-bot`).
    QHash<quint64, QStringList> listed;
    for (const IdentityMatcher* list : {&approved, &identities, expired})
        if (list)
            for (const QString& entry : list->exactEntries())
                listed[confusableKey(entry)].append(entry);
    for (const UserActivity& a : activity.users) {
        const QString name = store.qstr(a.user);
        if (identities.matches(name) || approved.matches(name)) {
            result.excluded += a.count;
            ++result.excludedUsers;
            continue;
        }
        result.findings.push_back(a);
        UserActivity& f = result.findings.back();
        f.confusableWith.clear();
        for (auto other : a.lookalikeUsers)
            f.confusableWith << store.qstr(other);
        if (!listed.isEmpty()) {
            const auto hit = listed.constFind(confusableKey(name));
            if (hit != listed.cend())
                for (const QString& entry : *hit)
                    if (areConfusable(name, entry))
                        f.confusableWith << entry;
        }
        if (f.confusableWith.size() > 1) {
            f.confusableWith.sort();
            f.confusableWith.removeDuplicates();
        }
        result.expiredApproval.push_back(expired ? expired->matchingEntry(name) : QString());
    }
    return result;
}

std::vector<std::uint32_t> eventsOfUser(const EventStore& store, RuleSet rules, std::uint32_t user,
                                        bool withFailed)
{
    std::vector<std::uint32_t> out;
    const auto& users = rules == RuleSet::Ta7 ? store.events.userTa7 : store.events.userLegacy;
    for (std::size_t i = 0; i < users.size(); ++i)
        if (users[i] == user && (withFailed || store.successful(i, rules)))
            out.push_back(static_cast<std::uint32_t>(i));
    std::stable_sort(out.begin(), out.end(),
                     [&store](auto a, auto b) { return store.events.time[a] < store.events.time[b]; });
    return out;
}

} // namespace tw
