// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/detection/pivot.h"

#include <algorithm>
#include <array>

namespace tw {

namespace {

struct FieldName
{
    PivotField field;
    const char16_t* name;
};

constexpr std::array<FieldName, 9> kNames{{
    {PivotField::EventName, u"eventName"},
    {PivotField::EventSource, u"eventSource"},
    {PivotField::Region, u"awsRegion"},
    {PivotField::Account, u"recipientAccountId"},
    {PivotField::SourceIp, u"sourceIPAddress"},
    {PivotField::UserAgent, u"userAgent"},
    {PivotField::ErrorCode, u"errorCode"},
    {PivotField::AccessKey, u"userIdentity.accessKeyId"},
    {PivotField::Session, u"session"},
}};

} // namespace

QString pivotFieldName(PivotField field)
{
    for (const FieldName& f : kNames)
        if (f.field == field)
            return QString::fromUtf16(f.name);
    return {};
}

std::optional<PivotField> pivotFieldFromName(const QString& name)
{
    for (const FieldName& f : kNames)
        if (name == QStringView(f.name))
            return f.field;
    return std::nullopt;
}

// The dense column of a field; errorCode is sparse (core/ingest/eventstore.h) and the access key
// and the session are read through the credential column: see forEachValue().
static const std::vector<std::uint32_t>& denseColumn(const EventStore& store, PivotField field)
{
    const EventColumns& e = store.events;
    switch (field) {
    case PivotField::EventName:
        return e.eventName;
    case PivotField::EventSource:
        return e.eventSource;
    case PivotField::Region:
        return e.region;
    case PivotField::Account:
        return e.account;
    case PivotField::SourceIp:
        return e.sourceIp;
    case PivotField::UserAgent:
        return e.userAgent;
    case PivotField::ErrorCode:
    case PivotField::AccessKey:
    case PivotField::Session:
        break;
    }
    return e.eventName; // not reached: callers read the others through forEachValue()
}

std::uint32_t pivotValue(const EventStore& store, PivotField field, std::uint32_t event)
{
    switch (field) {
    case PivotField::ErrorCode:
        return store.events.errorCode[event];
    case PivotField::AccessKey:
        return store.accessKey(event);
    case PivotField::Session:
        return store.session(event);
    default:
        return denseColumn(store, field)[event];
    }
}

QString pivotValueText(const EventStore& store, PivotField field, std::uint32_t value)
{
    switch (field) {
    case PivotField::AccessKey:
        return store.accessKeyText(value);
    case PivotField::Session:
        return store.sessionText(value);
    default:
        return store.qstr(value);
    }
}

// visit(event, value) for every event in store order, whatever the field's storage.
template <typename Visit> static void forEachValue(const EventStore& store, PivotField field, Visit visit)
{
    if (field == PivotField::ErrorCode) {
        const SparseColumn& column = store.events.errorCode;
        std::size_t cursor = 0;
        for (std::size_t i = 0; i < column.size(); ++i)
            visit(i, column.sequentialAt(i, cursor));
        return;
    }
    if (field == PivotField::AccessKey || field == PivotField::Session) {
        // One value per credential id, then one look-up an event in a table of a few thousand.
        const CredentialTable& credentials = store.events.credentials;
        std::vector<std::uint32_t> valueOf(credentials.size());
        for (std::uint32_t id = 0; id < credentials.size(); ++id)
            valueOf[id] =
                field == PivotField::AccessKey ? credentials[id].accessKey : credentials[id].session;
        const std::vector<std::uint32_t>& column = store.events.credential;
        for (std::size_t i = 0; i < column.size(); ++i)
            visit(i, valueOf[column[i]]);
        return;
    }
    const std::vector<std::uint32_t>& column = denseColumn(store, field);
    for (std::size_t i = 0; i < column.size(); ++i)
        visit(i, column[i]);
}

// Sorts events (indices into store, increasing) by time; events with the same time keep their order.
static void sortEventsByTime(const EventStore& store, std::vector<std::uint32_t>& events)
{
    const std::vector<TimeMs>& time = store.events.time;
    // A load keeps each file's events together, so the events are often in time order already.
    if (std::is_sorted(events.begin(), events.end(), [&time](auto a, auto b) { return time[a] < time[b]; }))
        return;
    // Not a sort of the indices with a comparison that reads the time column (a random read of
    // the 8 MB column at 1M each time, in a stable sort's merges): each event's time is copied
    // beside it once and the 16-byte pairs are sorted in place. (time, event) is the stable order,
    // as the events come in increasing.
    struct Key
    {
        TimeMs time;
        std::uint32_t event;
    };
    std::vector<Key> keys;
    keys.reserve(events.size());
    for (const std::uint32_t e : events)
        keys.push_back({time[e], e});
    std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
        return a.time < b.time || (a.time == b.time && a.event < b.event);
    });
    for (std::size_t i = 0; i < keys.size(); ++i)
        events[i] = keys[i].event;
}

std::vector<std::uint32_t> eventsWithValue(const EventStore& store, PivotField field, std::uint32_t value)
{
    std::vector<std::uint32_t> out;
    if (value == 0)
        return out;
    forEachValue(store, field, [&out, value](std::size_t i, std::uint32_t id) {
        if (id == value)
            out.push_back(static_cast<std::uint32_t>(i));
    });
    sortEventsByTime(store, out);
    return out;
}

std::vector<std::uint32_t> findingsWithValue(const EventStore& store, const DetectionResult& result,
                                             PivotField field, std::uint32_t value)
{
    std::vector<std::uint32_t> out;
    if (value == 0 || result.findings.empty())
        return out;
    // user string id -> "is a finding" then "has the value": bounded by the store's strings.
    enum : std::uint8_t { None, Finding, Hit };
    std::vector<std::uint8_t> state(store.strings.size(), None);
    for (const UserActivity& a : result.findings)
        if (a.user < state.size())
            state[a.user] = Finding;
    const auto& users = result.rules == RuleSet::Ta7 ? store.events.userTa7 : store.events.userLegacy;
    forEachValue(store, field, [&](std::size_t i, std::uint32_t id) {
        if (id == value && state[users[i]] == Finding && store.successful(i, result.rules))
            state[users[i]] = Hit;
    });
    for (const UserActivity& a : result.findings)
        if (a.user < state.size() && state[a.user] == Hit)
            out.push_back(a.user);
    return out;
}

std::vector<std::vector<std::uint32_t>> usersWithEventText(const EventStore& store, RuleSet rules,
                                                           const QStringList& terms,
                                                           const std::vector<PivotField>& fields)
{
    std::vector<std::vector<std::uint32_t>> out(std::size_t(terms.size()));
    const auto& users = rules == RuleSet::Ta7 ? store.events.userTa7 : store.events.userLegacy;
    for (qsizetype t = 0; t < terms.size(); ++t) {
        // Per string id: -1 not yet compared, else whether it contains the term.
        std::vector<std::int8_t> memo(store.strings.size(), -1);
        std::vector<std::int8_t> accessKeyMemo(store.events.accessKeys.size(), -1); // access key ids
        std::vector<std::int8_t> sessionMemo(store.events.sessions.size(), -1);     // session ids
        std::vector<std::uint8_t> hit(store.strings.size(), 0);                     // per user id
        for (PivotField field : fields) {
            std::vector<std::int8_t>& memoOfField = field == PivotField::AccessKey ? accessKeyMemo
                                                    : field == PivotField::Session ? sessionMemo
                                                                                   : memo;
            forEachValue(store, field, [&](std::size_t i, std::uint32_t id) {
                if (id == 0 || hit[users[i]])
                    return;
                std::int8_t& m = memoOfField[id];
                if (m < 0)
                    m = pivotValueText(store, field, id).contains(terms[t], Qt::CaseInsensitive);
                if (m == 1 && store.successful(i, rules))
                    hit[users[i]] = 1;
            });
        }
        for (std::uint32_t user = 1; user < hit.size(); ++user)
            if (hit[user])
                out[std::size_t(t)].push_back(user);
    }
    return out;
}

} // namespace tw
