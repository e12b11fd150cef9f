// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/common/timeutil.h"
#include "core/ingest/credentials.h"
#include "core/ingest/stringpool.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace tw {

// Which field rules derive userName and errorCode (docs/detection.md, Field rules).
enum class RuleSet : std::uint8_t {
    Ta7,    // Splunk Add-on for AWS 7.x (the default)
    Legacy, // Add-on 1.x
};

// Per-event bit flags.
namespace EventFlag {
enum : std::uint8_t {
    SuccessTa7 = 1 << 0,    // errorCode is "success" under the Add-on 7.x rules
    SuccessLegacy = 1 << 1, // ... under the legacy rules
    ReadOnly = 1 << 2,      // readOnly was true
    ReadOnlyKnown = 1 << 3, // readOnly was present at all
    Embedded = 1 << 4,      // the record is a JSON *string* (lookup-events CloudTrailEvent)
};
}

// Per-event facts about who made the call, read at parse time for the principal classes
// (docs/detection.md, Principal classes). One byte an event; EventColumns::principalDetail holds the string
// that goes with the bit named there.
namespace PrincipalHint {
enum : std::uint8_t {
    ConsoleLogin = 1 << 0,    // eventName ConsoleLogin
    Mfa = 1 << 1,             // additionalEventData.MFAUsed "Yes" or sessionContext mfaAuthenticated "true"
    InstanceProfile = 1 << 2, // sessionContext.ec2RoleDelivery, or a role session named by an EC2 instance id
    ServiceAssumed = 1 << 3,  // userIdentity.type AWSService with invokedBy (detail: the service)
    ServiceSource = 1 << 4,   // sourceIPAddress is an AWS service, not an address
    WebIdentity = 1 << 5,     // web-identity federation (detail: the identity provider)
    Saml = 1 << 6,            // SAML federation (SAMLUser, or a role session with samlFederationData)
    AdminGrant = 1 << 7,      // attaches an administrator policy (detail: the user or role it goes to)
};
}

// A string-id column that is 0 for most events: only the events with a value are kept, as
// (event, value) pairs in event order, 8 bytes each instead of 4 bytes for every event. errorCode
// (a few percent of calls fail) and principalDetail (a hint with a detail is rare) are such columns:
// at 10M events they took 80 MB as plain columns. Reading one event is a binary search; the merge
// reads in event order with a cursor. Event numbers are 32-bit (4G events would need 200 GB).
class SparseColumn
{
public:
    using value_type = std::uint32_t;

    void push_back(std::uint32_t value)
    {
        if (value != 0) {
            m_events.push_back(static_cast<std::uint32_t>(m_size));
            m_values.push_back(value);
        }
        ++m_size;
    }
    std::uint32_t operator[](std::size_t event) const
    {
        const auto it = std::lower_bound(m_events.begin(), m_events.end(), static_cast<std::uint32_t>(event));
        return it != m_events.end() && *it == event ? m_values[std::size_t(it - m_events.begin())] : 0;
    }
    // The value of `event` when events are read in increasing order: `cursor` (0 at the start)
    // remembers where the last one was found.
    // Appends every event of `in` (its size), each value mapped through `map`: the merge of a file
    // of which no event was dropped, without a step for each event.
    template <class Map> void appendMapped(const SparseColumn& in, Map&& map)
    {
        for (std::size_t k = 0; k < in.m_events.size(); ++k)
            if (const std::uint32_t value = map(in.m_values[k])) {
                m_events.push_back(static_cast<std::uint32_t>(m_size + in.m_events[k]));
                m_values.push_back(value);
            }
        m_size += in.m_size;
    }
    std::uint32_t sequentialAt(std::size_t event, std::size_t& cursor) const
    {
        while (cursor < m_events.size() && m_events[cursor] < event)
            ++cursor;
        return cursor < m_events.size() && m_events[cursor] == event ? m_values[cursor] : 0;
    }
    std::size_t size() const { return m_size; }
    std::size_t nonZero() const { return m_values.size(); }
    void reserve(std::size_t) {} // the events with a value are not known ahead
    void resize(std::size_t n)   // the added events have no value
    {
        const auto end = std::lower_bound(m_events.begin(), m_events.end(),
                                          static_cast<std::uint32_t>(std::min(n, m_size)));
        m_values.resize(std::size_t(end - m_events.begin()));
        m_events.erase(end, m_events.end());
        m_size = n;
    }
    void clear() { resize(0); }
    std::size_t memoryBytes() const
    {
        return (m_events.capacity() + m_values.capacity()) * sizeof(std::uint32_t);
    }
    bool operator==(const SparseColumn&) const = default;

private:
    std::vector<std::uint32_t> m_events; // increasing
    std::vector<std::uint32_t> m_values; // never 0
    std::size_t m_size = 0;
};

// The events of a load as parallel columns (structure of arrays): 50 bytes an event, the few
// sparse values and the distinct strings, instead of kilobytes of JSON. Each string column holds StringPool
// ids. The raw record itself stays in its file: (file, offset) lets a drill-down re-read it, and the
// record's end is found again by parsing its file as the load did (LogReader::readRecord), so its length is
// not kept (4 bytes an event, 40 MB at 10M). The file is not a column: a load keeps each file's events
// together, in file order, so EventStore::fileOf finds it from SourceFile::firstEvent.
struct EventColumns
{
    std::vector<TimeMs> time;
    // The user under each rule set; a load that kept one rule set (LoadOptions::onlyRules, the
    // CLI's scan) leaves the other's column empty.
    std::vector<std::uint32_t> userTa7;
    std::vector<std::uint32_t> userLegacy;
    std::vector<std::uint32_t> eventName;
    std::vector<std::uint32_t> eventSource;
    // region, sourceIp and userAgent are empty in a load without details (LoadOptions::details).
    std::vector<std::uint32_t> region;
    std::vector<std::uint32_t> account;
    std::vector<std::uint32_t> sourceIp;
    std::vector<std::uint32_t> userAgent;
    // Identity type, access key and session as one CredentialTable id: 4 bytes an event for three
    // fields that go together (an access key belongs to one identity and one session).
    std::vector<std::uint32_t> credential;
    SparseColumn errorCode;            // as the Add-on 7.x rules derive it; 0 when none
    std::vector<std::uint32_t> offset; // in the decompressed content of the file (< 4 GiB: ReadLimits)
    std::vector<std::uint8_t> flags;
    std::vector<std::uint8_t> principal; // PrincipalHint bits
    SparseColumn principalDetail;        // string id for the hint that has one; 0 when none
    CredentialTable credentials;         // the triples `credential` points to (not a column)
    AccessKeyTable accessKeys;           // the access keys `credentials` point to (not a column)
    SessionTable sessions;               // the sessions `credentials` point to (not a column)

    std::size_t size() const { return time.size(); }
    void reserve(std::size_t n);
    void truncate(std::size_t n); // keeps the first n events
    void clear();
    std::size_t memoryBytes() const;
};

// One input file as it was read.
struct SourceFile
{
    QString path;
    qint64 bytes = 0;        // on disk
    qint64 contentBytes = 0; // after decompression
    bool compressed = false;
    std::uint64_t events = 0;     // records kept from this file
    std::uint64_t firstEvent = 0; // index of its first event in the store
    QByteArray sha256;            // lower-case hex of the bytes read (LoadOptions::hashFiles); else empty
};

// A problem with one input file. The rest of the data still loads.
struct LoadProblem
{
    QString path;
    QString message;
};

struct LoadCounts
{
    std::uint64_t files = 0;         // files read or tried (digests and skipped files excluded)
    std::uint64_t unreadable = 0;    // of those, files of which nothing could be read
    std::uint64_t events = 0;        // events kept (parseable eventTime, after de-duplication)
    std::uint64_t duplicates = 0;    // records dropped as duplicates of an earlier one
    std::uint64_t malformed = 0;     // records without a parseable eventTime
    std::uint64_t skipped = 0;       // digest / Insight files skipped on purpose
    std::uint64_t skippedByName = 0; // files in the folders not named like logs, not read
    std::uint64_t bytes = 0;         // bytes read from disk
};

// Everything a load produced. Immutable once the load has finished; shared between threads
// as std::shared_ptr<const EventStore>.
struct EventStore
{
    StringPool strings;
    EventColumns events;
    std::vector<SourceFile> files;
    std::vector<LoadProblem> problems;
    std::vector<LoadProblem> skippedFiles; // skipped by their name, with the reason (at most kMaxListedSkips)
    LoadCounts counts;
    bool cancelled = false; // the load was stopped before every file was read
    // Whether events.region, sourceIp and userAgent were kept (LoadOptions::details); when not,
    // those columns are empty and nothing may read them.
    bool details = true;

    std::string_view str(std::uint32_t id) const { return strings.view(id); }
    QString qstr(std::uint32_t id) const;
    // The file an event was read from (an index into `files`).
    std::uint32_t fileOf(std::size_t event) const;
    std::uint32_t user(std::size_t event, RuleSet rules) const
    {
        return rules == RuleSet::Ta7 ? events.userTa7[event] : events.userLegacy[event];
    }
    // userIdentity.type (a string id), userIdentity.accessKeyId (an id of events.accessKeys:
    // accessKeyText() shows it) and the session (an id of events.sessions: sessionText() shows it)
    // (docs/detection.md, Pivots).
    std::uint32_t identityType(std::size_t event) const
    {
        return events.credentials[events.credential[event]].identityType;
    }
    std::uint32_t accessKey(std::size_t event) const
    {
        return events.credentials[events.credential[event]].accessKey;
    }
    std::uint32_t session(std::size_t event) const
    {
        return events.credentials[events.credential[event]].session;
    }
    // The access key of an access key id; empty for 0.
    QString accessKeyText(std::uint32_t accessKey) const;
    // "<who> @ <creationDate>" of a session id; empty for 0.
    QString sessionText(std::uint32_t session) const;
    bool successful(std::size_t event, RuleSet rules) const
    {
        return events.flags[event] &
               (rules == RuleSet::Ta7 ? EventFlag::SuccessTa7 : EventFlag::SuccessLegacy);
    }
};

QString ruleSetName(RuleSet rules);

} // namespace tw
