// SPDX-License-Identifier: GPL-3.0-or-later
// Pivots (issue 14): every event with one value of one field, whoever made it and whether or not it
// succeeded, in time order; and the findings that have a counted event with that value.

#include "core/detection/pivot.h"
#include "core/ingest/loader.h"
#include "tests/support/testsupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <random>

using namespace tw;
using namespace tw::test;
using namespace Qt::StringLiterals;

namespace {

struct Row
{
    const char* user;
    const char* ip;
    const char* region;
    TimeMs time;
    bool success = true;
    const char* accessKey = "";
    const char* session = ""; // "<who> @ <creationDate>"
};

// The session id of "<who> @ <creationDate>" as the reader keeps it: its two parts (0 for "").
std::uint32_t internSession(EventStore& s, std::string_view text)
{
    if (text.empty())
        return 0;
    const std::size_t at = text.find(" @ ");
    const auto intern = [&s](std::string_view v) { return s.strings.intern(v); };
    return s.events.sessions.intern(
        {s.strings.intern(text.substr(0, at)), CreationDate::of(text.substr(at + 3), intern)});
}

// The access key id of `text` as the reader keeps it (0 for ""); the same id when already there.
std::uint32_t keyId(EventStore& s, std::string_view text)
{
    return s.events.accessKeys.intern(
        AccessKeyId::of(text, [&s](std::string_view v) { return s.strings.intern(v); }));
}

// A store of the given events, one column per field; the other string columns hold one value.
EventStore storeOf(std::initializer_list<Row> rows)
{
    EventStore s;
    EventColumns& e = s.events;
    for (const Row& r : rows) {
        e.time.push_back(r.time);
        const std::uint32_t user = s.strings.intern(r.user);
        e.userTa7.push_back(user);
        e.userLegacy.push_back(user);
        e.eventName.push_back(s.strings.intern("ListBuckets"));
        e.eventSource.push_back(s.strings.intern("s3.amazonaws.com"));
        e.region.push_back(s.strings.intern(r.region));
        e.account.push_back(s.strings.intern("111122223333"));
        e.sourceIp.push_back(s.strings.intern(r.ip));
        e.userAgent.push_back(s.strings.intern("aws-cli/2"));
        e.credential.push_back(e.credentials.intern(
            {s.strings.intern("IAMUser"), keyId(s, r.accessKey), internSession(s, r.session)}));
        e.errorCode.push_back(r.success ? 0 : s.strings.intern("AccessDenied"));
        e.offset.push_back(0);
        e.flags.push_back(r.success ? EventFlag::SuccessTa7 | EventFlag::SuccessLegacy : 0);
        e.principal.push_back(0);
        e.principalDetail.push_back(0);
    }
    return s;
}

std::uint32_t id(EventStore& s, const char* text)
{
    return s.strings.intern(text); // already interned by storeOf: the same id
}

// The session id of "<who> @ <creationDate>" (0 when the store has no such session).
std::uint32_t sessionId(const EventStore& s, const char* text)
{
    for (std::uint32_t id = 1; id < s.events.sessions.size(); ++id)
        if (s.sessionText(id) == QString::fromUtf8(text))
            return id;
    return 0;
}

// A result whose findings are these users (Add-on 7.x rules).
DetectionResult findingsOf(EventStore& s, std::initializer_list<const char*> users)
{
    DetectionResult result;
    result.rules = RuleSet::Ta7;
    for (const char* user : users) {
        UserActivity a;
        a.user = id(s, user);
        result.findings.push_back(a);
    }
    return result;
}

} // namespace

class TestPivot : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fieldNames();
    void everyUserAnyOutcomeInTimeOrder();
    void absentValueMatchesNothing();
    void findingsWithTheValue();
    void usersWithEventTextSearchesFields();
    void accessKeyAndSession();
    void accessKeyAndSessionFromRecords();
    void accessKeysAndCreationDatesReadBackExactly();
    void accessKeysAndCreationDatesThroughTheMerge();
    void credentialsLeftOutOnRequest();
    void timeOrderAsAStableSort();
};

void TestPivot::fieldNames()
{
    for (PivotField f : {PivotField::EventName, PivotField::EventSource, PivotField::Region,
                         PivotField::Account, PivotField::SourceIp, PivotField::UserAgent,
                         PivotField::ErrorCode, PivotField::AccessKey, PivotField::Session})
        QCOMPARE(pivotFieldFromName(pivotFieldName(f)), std::optional(f));
    QCOMPARE(pivotFieldName(PivotField::SourceIp), u"sourceIPAddress"_s);
    QCOMPARE(pivotFieldFromName(u"userName"_s), std::nullopt);
}

void TestPivot::everyUserAnyOutcomeInTimeOrder()
{
    EventStore s = storeOf({
        {"alice", "203.0.113.7", "us-east-1", 3000},
        {"bob", "198.51.100.1", "us-east-1", 1000},
        {"carol", "203.0.113.7", "eu-west-1", 1000, false}, // failed: still an event with the value
        {"bob", "203.0.113.7", "us-east-1", 2000},
        {"alice", "203.0.113.70", "us-east-1", 500}, // a longer address is another value
    });
    QCOMPARE(eventsWithValue(s, PivotField::SourceIp, id(s, "203.0.113.7")),
             (std::vector<std::uint32_t>{2, 3, 0}));
    QCOMPARE(eventsWithValue(s, PivotField::Region, id(s, "eu-west-1")), (std::vector<std::uint32_t>{2}));
    QCOMPARE(eventsWithValue(s, PivotField::ErrorCode, id(s, "AccessDenied")),
             (std::vector<std::uint32_t>{2}));
    QCOMPARE(eventsWithValue(s, PivotField::Account, id(s, "111122223333")).size(), std::size_t(5));
    // Equal times keep store order.
    QCOMPARE(eventsWithValue(s, PivotField::Region, id(s, "us-east-1")),
             (std::vector<std::uint32_t>{4, 1, 3, 0}));
}

void TestPivot::absentValueMatchesNothing()
{
    EventStore s = storeOf({{"alice", "", "us-east-1", 1000}, {"bob", "", "us-east-1", 2000}});
    QVERIFY(eventsWithValue(s, PivotField::SourceIp, 0).empty());
    QVERIFY(eventsWithValue(s, PivotField::ErrorCode, 0).empty());
}

void TestPivot::findingsWithTheValue()
{
    EventStore s = storeOf({
        {"alice", "203.0.113.7", "us-east-1", 1000},
        {"bob", "198.51.100.1", "us-east-1", 1000},
        {"carol", "203.0.113.7", "us-east-1", 1000, false}, // only a failed call from the address
        {"carol", "198.51.100.1", "us-east-1", 2000},
        {"dave", "203.0.113.7", "us-east-1", 1000}, // approved: not a finding
    });
    const DetectionResult result = findingsOf(s, {"alice", "bob", "carol"});
    QCOMPARE(findingsWithValue(s, result, PivotField::SourceIp, id(s, "203.0.113.7")),
             (std::vector<std::uint32_t>{id(s, "alice")}));
    QCOMPARE(findingsWithValue(s, result, PivotField::SourceIp, id(s, "198.51.100.1")),
             (std::vector<std::uint32_t>{id(s, "bob"), id(s, "carol")}));
    QVERIFY(findingsWithValue(s, result, PivotField::Region, id(s, "eu-west-1")).empty());
    QVERIFY(findingsWithValue(s, result, PivotField::Region, 0).empty());
}

void TestPivot::usersWithEventTextSearchesFields()
{
    EventStore s = storeOf({
        {"alice", "203.0.113.7", "us-east-1", 1000},
        {"bob", "198.51.100.1", "eu-west-1", 1000},
        {"carol", "203.0.113.70", "us-east-1", 1000, false}, // a failed call only: not counted
        {"dave", "192.0.2.1", "eu-west-1", 1000},
    });
    const std::vector<PivotField> fields{PivotField::SourceIp, PivotField::Region};
    const auto hits = usersWithEventText(s, RuleSet::Ta7, {u"113.7"_s, u"EU-WEST"_s, u"nowhere"_s}, fields);
    QCOMPARE(hits.size(), std::size_t(3));
    QCOMPARE(hits[0], (std::vector<std::uint32_t>{id(s, "alice")}));
    QCOMPARE(hits[1], (std::vector<std::uint32_t>{std::min(id(s, "bob"), id(s, "dave")),
                                                  std::max(id(s, "bob"), id(s, "dave"))}));
    QVERIFY(hits[2].empty());
    // Only the fields asked for: the user agent holds "aws-cli", the fields above do not.
    QVERIFY(usersWithEventText(s, RuleSet::Ta7, {u"aws-cli"_s}, fields)[0].empty());
    QCOMPARE(usersWithEventText(s, RuleSet::Ta7, {u"aws-cli"_s}, {PivotField::UserAgent})[0].size(),
             std::size_t(3));
}

void TestPivot::accessKeyAndSession()
{
    const char* console = "arn:aws:iam::111122223333:user/alice @ 2026-10-01T08:00:00Z";
    EventStore s = storeOf({
        {"alice", "203.0.113.7", "us-east-1", 3000, true, "ASIAONE", console},
        {"alice", "203.0.113.7", "us-east-1", 1000, true, "ASIATWO", console}, // the same sign-in
        {"bob", "198.51.100.1", "us-east-1", 2000, false, "ASIAONE"},          // a stolen key, failing
        {"bob", "198.51.100.1", "us-east-1", 500, true, "AKIALONGTERM"},       // no session
        {"carol", "198.51.100.2", "us-east-1", 700, true, "AKIALONGTERM"},
    });
    QCOMPARE(pivotValue(s, PivotField::AccessKey, 2), keyId(s, "ASIAONE"));
    QVERIFY(sessionId(s, console) != 0);
    QCOMPARE(pivotValue(s, PivotField::Session, 1), sessionId(s, console));
    QCOMPARE(pivotValueText(s, PivotField::Session, sessionId(s, console)), QString::fromUtf8(console));
    QCOMPARE(pivotValue(s, PivotField::Session, 3), 0u);
    QCOMPARE(eventsWithValue(s, PivotField::AccessKey, keyId(s, "ASIAONE")),
             (std::vector<std::uint32_t>{2, 0}));
    QCOMPARE(eventsWithValue(s, PivotField::AccessKey, keyId(s, "AKIALONGTERM")),
             (std::vector<std::uint32_t>{3, 4}));
    QCOMPARE(eventsWithValue(s, PivotField::Session, sessionId(s, console)),
             (std::vector<std::uint32_t>{1, 0}));
    QVERIFY(eventsWithValue(s, PivotField::Session, 0).empty());

    const DetectionResult result = findingsOf(s, {"alice", "bob", "carol"});
    // bob's call with alice's key failed: not counted, so not a finding with the key.
    QCOMPARE(findingsWithValue(s, result, PivotField::AccessKey, keyId(s, "ASIAONE")),
             (std::vector<std::uint32_t>{id(s, "alice")}));
    QCOMPARE(findingsWithValue(s, result, PivotField::AccessKey, keyId(s, "AKIALONGTERM")),
             (std::vector<std::uint32_t>{id(s, "bob"), id(s, "carol")}));
    QCOMPARE(findingsWithValue(s, result, PivotField::Session, sessionId(s, console)),
             (std::vector<std::uint32_t>{id(s, "alice")}));
}

void TestPivot::accessKeyAndSessionFromRecords()
{
    // The loader reads userIdentity.accessKeyId, and the session from the identity's ARN (else its
    // principalId) and sessionContext.attributes.creationDate.
    const QByteArray role = R"("arn:aws:sts::111122223333:assumed-role/Admin/alice")";
    const auto record = [](const QByteArray& id, const QByteArray& time,
                           const QByteArray& identity) -> QByteArray {
        return R"({"eventVersion":"1.08","userIdentity":)" + identity + R"(,"eventTime":")" + time +
               R"(","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","awsRegion":"us-east-1",)"
               R"("eventID":")" +
               id + R"("})";
    };
    const QByteArray created = R"("sessionContext":{"attributes":{"creationDate":"2026-10-01T08:00:00Z"}})";
    const QByteArray body =
        record("1", "2026-10-01T09:00:00Z",
               R"({"type":"AssumedRole","arn":)" + role + R"(,"accessKeyId":"ASIAKEY1",)" + created + "}") +
        ',' +
        record("2", "2026-10-01T09:01:00Z",
               R"({"type":"AssumedRole","arn":)" + role + R"(,"accessKeyId":"ASIAKEY2",)" + created + "}") +
        ',' +
        record("3", "2026-10-01T09:02:00Z",
               R"({"type":"IAMUser","userName":"bob","principalId":"AIDABOB","accessKeyId":"AKIABOB"})") +
        ',' +
        record("4", "2026-10-01T09:03:00Z",
               R"({"type":"FederatedUser","principalId":"111122223333:carol","accessKeyId":"ASIAKEY3",)" +
                   created + "}");
    QTemporaryDir dir;
    QVERIFY(writeFile(dir.filePath(u"trail.json"_s), cloudTrailFile(body)));
    const auto store = loadEvents({dir.path()}, LoadOptions{});
    QCOMPARE(store->events.size(), std::size_t(4));
    QCOMPARE(store->accessKeyText(store->accessKey(0)), u"ASIAKEY1"_s);
    QCOMPARE(store->accessKeyText(store->accessKey(2)), u"AKIABOB"_s);
    QCOMPARE(store->qstr(store->identityType(2)), u"IAMUser"_s);
    QCOMPARE(store->sessionText(store->session(0)),
             u"arn:aws:sts::111122223333:assumed-role/Admin/alice @ 2026-10-01T08:00:00Z"_s);
    QCOMPARE(store->session(1), store->session(0)); // two keys, one session
    QCOMPARE(store->session(2), 0u);                // a long-term key: no session
    QCOMPARE(store->sessionText(store->session(3)), u"111122223333:carol @ 2026-10-01T08:00:00Z"_s);
    // The session is kept as its two parts: no "<who> @ <when>" string is built for the pool (one
    // such string a distinct session was most of the access-key and session pivots' memory). Nor
    // are the access keys and the creation date strings of the pool: they pack into values.
    for (std::uint32_t id = 1; id < store->strings.size(); ++id) {
        const std::string_view text = store->str(id);
        QVERIFY2(text.find(" @ ") == std::string_view::npos && !text.starts_with("ASIAKEY") &&
                     text != "AKIABOB" && text != "2026-10-01T08:00:00Z",
                 qPrintable(store->qstr(id)));
    }
    QCOMPARE(eventsWithValue(*store, PivotField::Session, store->session(0)),
             (std::vector<std::uint32_t>{0, 1}));
    QCOMPARE(eventsWithValue(*store, PivotField::AccessKey, store->accessKey(3)),
             (std::vector<std::uint32_t>{3}));
}

void TestPivot::accessKeysAndCreationDatesReadBackExactly()
{
    // Access keys of up to 20 characters of [0-9A-Za-z] and creation dates of the form
    // YYYY-MM-DDThh:mm:ssZ are kept as values; anything else as a string of the pool. Either way
    // the text reads back byte for byte, and two texts are one value only when they are equal.
    EventStore s;
    const auto intern = [&s](std::string_view v) { return s.strings.intern(v); };
    const std::vector<std::string> keys = {"ASIAZ2345672BCDEFGHI",
                                           "AKIAIOSFODNN7EXAMPLE",
                                           "0123456789abcdefghij",
                                           "klmnopqrstuvwxyzABCD",
                                           "EFGHIJKLMNOPQRSTUVWX",
                                           "YZ",
                                           "A",
                                           "ASIAZ2345672BCDEFGH",
                                           "ASIAZ2345672BCDEFGHIJ", // 21 characters: the pool
                                           "ASIA-KEY",
                                           "ASIA KEY",
                                           "asia/key+",
                                           "ключ",
                                           std::string("AS\0IA", 5)};
    std::vector<std::uint32_t> ids;
    for (const std::string& key : keys) {
        const AccessKeyId k = AccessKeyId::of(key, intern);
        ids.push_back(s.events.accessKeys.intern(k));
        QCOMPARE(k.isPooled(),
                 key.size() > 20 || key.find_first_not_of("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                          "abcdefghijklmnopqrstuvwxyz") != std::string::npos);
    }
    for (std::size_t i = 0; i < keys.size(); ++i) {
        QCOMPARE(s.accessKeyText(ids[i]).toStdString(), keys[i]);
        QCOMPARE(std::count(ids.begin(), ids.end(), ids[i]), 1); // distinct texts, distinct ids
    }
    QCOMPARE(AccessKeyId::of("", intern), AccessKeyId{});
    QCOMPARE(s.accessKeyText(0), QString());

    const std::vector<std::pair<std::string, bool>> dates = {// the text, whether it packs
                                                             {"2026-10-01T08:00:00Z", true},
                                                             {"1999-12-31T23:59:59Z", true},
                                                             {"0000-00-00T00:00:00Z", true},
                                                             {"2026-19-39T99:99:99Z", true},
                                                             {"2026-10-01T08:00:00.123Z", false},
                                                             {"2026-10-01T08:00:00+02:00", false},
                                                             {"2026-10-01 08:00:00Z", false},
                                                             {"2026-10-01T08:00:0xZ", false},
                                                             {"2026-10-01T08:00:00z", false},
                                                             {"2026:10-01T08:00:00Z", false},
                                                             {"t1", false}};
    std::vector<std::uint32_t> sessions;
    const std::uint32_t who = s.strings.intern("arn:aws:sts::111122223333:assumed-role/Admin/alice");
    for (const auto& [date, packs] : dates) {
        const std::uint64_t created = CreationDate::of(date, intern);
        QCOMPARE(CreationDate::isPooled(created), !packs);
        sessions.push_back(s.events.sessions.intern({who, created}));
    }
    for (std::size_t i = 0; i < dates.size(); ++i) {
        QCOMPARE(s.sessionText(sessions[i]).toStdString(),
                 "arn:aws:sts::111122223333:assumed-role/Admin/alice @ " + dates[i].first);
        QCOMPARE(std::count(sessions.begin(), sessions.end(), sessions[i]), 1);
    }
}

void TestPivot::accessKeysAndCreationDatesThroughTheMerge()
{
    // Each file's reader keeps its own tables and pool, and the merge maps them into the store's:
    // values that pack and the ones kept as strings (whose ids differ from file to file) both
    // come out as the records have them, and one key or session in two files is one value.
    const auto record = [](int id, const QByteArray& key, const QByteArray& created) -> QByteArray {
        return R"({"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/R/s",)"
               R"("accessKeyId":")" +
               key + R"(","sessionContext":{"attributes":{"creationDate":")" + created +
               R"("}}},"eventTime":"2026-10-01T09:00:0)" + QByteArray::number(id % 10) +
               R"(Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","awsRegion":"us-east-1",)"
               R"("eventID":"e)" +
               QByteArray::number(id) + R"("})";
    };
    QTemporaryDir dir;
    // The two files meet the values kept as strings in different orders, so that their pool ids
    // differ for the same text.
    QVERIFY(writeFile(dir.filePath(u"a.json"_s),
                      cloudTrailFile(record(1, "ASIAPACKED0000000001", "2026-10-01T08:00:00Z") + ',' +
                                     record(2, "asia-odd/key", "2026-10-01T08:00:00.5Z") + ',' +
                                     record(3, "ASIAPACKED0000000002", "yesterday"))));
    QVERIFY(writeFile(dir.filePath(u"b.json"_s),
                      cloudTrailFile(record(4, "ASIAPACKED0000000002", "yesterday") + ',' +
                                     record(5, "asia-odd/key", "2026-10-01T08:00:00.5Z") + ',' +
                                     record(6, "other+key", "2026-10-01T08:00:00Z"))));
    const auto store = loadEvents({dir.path()}, LoadOptions{});
    QCOMPARE(store->events.size(), std::size_t(6));
    const QStringList keys = {u"ASIAPACKED0000000001"_s, u"asia-odd/key"_s, u"ASIAPACKED0000000002"_s,
                              u"ASIAPACKED0000000002"_s, u"asia-odd/key"_s, u"other+key"_s};
    const QStringList created = {
        u"2026-10-01T08:00:00Z"_s,   u"2026-10-01T08:00:00.5Z"_s, u"yesterday"_s, u"yesterday"_s,
        u"2026-10-01T08:00:00.5Z"_s, u"2026-10-01T08:00:00Z"_s};
    for (std::uint32_t i = 0; i < 6; ++i) {
        QCOMPARE(store->accessKeyText(store->accessKey(i)), keys[i]);
        QCOMPARE(store->sessionText(store->session(i)), u"arn:aws:sts::1:assumed-role/R/s @ "_s + created[i]);
    }
    QCOMPARE(store->accessKey(3), store->accessKey(2));
    QCOMPARE(store->accessKey(4), store->accessKey(1));
    QCOMPARE(store->session(3), store->session(2));
    QCOMPARE(store->session(4), store->session(1));
    QCOMPARE(store->session(5), store->session(0));
    QCOMPARE(store->events.accessKeys.size(), 5u); // four keys and the empty one
    QCOMPARE(store->events.sessions.size(), 4u);
    QCOMPARE(eventsWithValue(*store, PivotField::AccessKey, store->accessKey(1)),
             (std::vector<std::uint32_t>{1, 4}));
}

void TestPivot::credentialsLeftOutOnRequest()
{
    // LoadOptions::credentials off (the CLI's scan): no access key or session is kept, everything
    // else is as with them, the identity type included.
    QTemporaryDir dir;
    QByteArray body;
    for (int i = 0; i < 40; ++i) {
        const QByteArray n = QByteArray::number(i);
        const QByteArray identity =
            i % 4 == 0
                ? QByteArray(R"({"type":"IAMUser","userName":"bob","accessKeyId":"AKIABOB"})")
                : QByteArray(R"({"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/R/s)" + n +
                             R"(","accessKeyId":"ASIAKEY)" + n +
                             R"(","sessionContext":{"attributes":{"creationDate":"2026-10-01T08:00:00Z"}}})");
        body += QByteArray(i ? "," : "") + R"({"eventVersion":"1.08","userIdentity":)" + identity +
                R"(,"eventTime":"2026-10-01T09:00:00Z","eventSource":"s3.amazonaws.com",)"
                R"("eventName":"ListBuckets","awsRegion":"us-east-1","eventID":"e)" +
                n + R"("})";
    }
    QVERIFY(writeFile(dir.filePath(u"a.json"_s), cloudTrailFile(body)));
    LoadOptions options;
    const auto full = loadEvents({dir.path()}, options);
    options.credentials = false;
    const auto lean = loadEvents({dir.path()}, options);
    QCOMPARE(lean->events.size(), std::size_t(40));
    QCOMPARE(full->events.size(), lean->events.size());
    QCOMPARE(full->events.accessKeys.size(), 32u); // 30 temporary keys, bob's, the empty one
    QCOMPARE(full->events.sessions.size(), 31u);
    QCOMPARE(lean->events.accessKeys.size(), 1u);
    QCOMPARE(lean->events.sessions.size(), 1u);
    QCOMPARE(lean->events.credentials.size(), 3u); // the two identity types and the empty one
    for (std::size_t i = 0; i < lean->events.size(); ++i) {
        QCOMPARE(lean->accessKey(i), 0u);
        QCOMPARE(lean->session(i), 0u);
        QCOMPARE(lean->qstr(lean->identityType(i)), full->qstr(full->identityType(i)));
        QCOMPARE(lean->qstr(lean->user(i, RuleSet::Ta7)), full->qstr(full->user(i, RuleSet::Ta7)));
        QCOMPARE(lean->events.time[i], full->events.time[i]);
        QCOMPARE(lean->events.offset[i], full->events.offset[i]);
    }
    QVERIFY(lean->events.memoryBytes() < full->events.memoryBytes());
}

void TestPivot::timeOrderAsAStableSort()
{
    // The answer of eventsWithValue() is the events with the value in the order of a stable sort
    // by time (ties in store order), however the hits are spread: a store out of time order with
    // many equal times, every field, common and rare values.
    std::mt19937 random(7);
    EventStore s;
    const char* users[] = {"alice", "bob", "carol"};
    const char* ips[] = {"203.0.113.7", "198.51.100.1", "192.0.2.9", ""};
    const char* regions[] = {"us-east-1", "eu-west-1"};
    const char* keys[] = {"ASIAONE", "ASIATWO", "AKIALONG", ""};
    const char* sessions[] = {"role/a @ t1", "role/b @ t2", ""};
    EventColumns& e = s.events;
    for (int i = 0; i < 5000; ++i) {
        const auto pick = [&random](auto& values) {
            return values[random() % (sizeof values / sizeof values[0])];
        };
        e.time.push_back(TimeMs(random() % 200) * 1000);
        const std::uint32_t user = s.strings.intern(pick(users));
        e.userTa7.push_back(user);
        e.userLegacy.push_back(user);
        e.eventName.push_back(s.strings.intern("ListBuckets"));
        e.eventSource.push_back(s.strings.intern("s3.amazonaws.com"));
        e.region.push_back(s.strings.intern(pick(regions)));
        e.account.push_back(s.strings.intern("111122223333"));
        e.sourceIp.push_back(s.strings.intern(pick(ips)));
        e.userAgent.push_back(s.strings.intern("aws-cli/2"));
        e.credential.push_back(e.credentials.intern(
            {s.strings.intern("IAMUser"), keyId(s, pick(keys)), internSession(s, pick(sessions))}));
        e.errorCode.push_back(random() % 10 == 0 ? s.strings.intern("AccessDenied") : 0);
        e.offset.push_back(0);
        e.flags.push_back(EventFlag::SuccessTa7);
        e.principal.push_back(0);
        e.principalDetail.push_back(0);
    }
    int compared = 0;
    for (PivotField field : {PivotField::SourceIp, PivotField::Region, PivotField::ErrorCode,
                             PivotField::AccessKey, PivotField::Session, PivotField::Account}) {
        const std::uint32_t values = field == PivotField::Session     ? e.sessions.size()
                                     : field == PivotField::AccessKey ? e.accessKeys.size()
                                                                      : s.strings.size();
        for (std::uint32_t value = 1; value < values; ++value) {
            std::vector<std::uint32_t> expected;
            for (std::uint32_t i = 0; i < e.size(); ++i)
                if (pivotValue(s, field, i) == value)
                    expected.push_back(i);
            if (expected.empty())
                continue;
            std::stable_sort(expected.begin(), expected.end(),
                             [&e](std::uint32_t a, std::uint32_t b) { return e.time[a] < e.time[b]; });
            QCOMPARE(eventsWithValue(s, field, value), expected);
            ++compared;
        }
    }
    QCOMPARE(compared, 3 + 2 + 1 + 3 + 2 + 1);
}

QTEST_GUILESS_MAIN(TestPivot)
#include "tst_pivot.moc"
