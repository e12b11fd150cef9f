// SPDX-License-Identifier: GPL-3.0-or-later
// Pivots (issue 14): every event with one value of one field, whoever made it and whether or not it
// succeeded, in time order; and the findings that have a counted event with that value.

#include "core/detection/pivot.h"

#include <QTest>

using namespace tw;
using namespace Qt::StringLiterals;

namespace {

struct Row
{
    const char* user;
    const char* ip;
    const char* region;
    TimeMs time;
    bool success = true;
};

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
        e.identityType.push_back(s.strings.intern("IAMUser"));
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
};

void TestPivot::fieldNames()
{
    for (PivotField f :
         {PivotField::EventName, PivotField::EventSource, PivotField::Region, PivotField::Account,
          PivotField::SourceIp, PivotField::UserAgent, PivotField::ErrorCode})
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
    DetectionResult result;
    result.rules = RuleSet::Ta7;
    for (const char* user : {"alice", "bob", "carol"}) {
        UserActivity a;
        a.user = id(s, user);
        result.findings.push_back(a);
    }
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

QTEST_GUILESS_MAIN(TestPivot)
#include "tst_pivot.moc"
