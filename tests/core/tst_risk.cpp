// SPDX-License-Identifier: GPL-3.0-or-later
// Risk (docs/detection.md, Risk): the score and its explanation, one table row per factor, and the
// per-user counts it is built from (write, failed and sensitive calls, console logins without MFA)
// as aggregateActivity collects them from records.

#include "core/analysissession.h"
#include "core/detection/detection.h"
#include "core/detection/risk.h"
#include "core/detection/sensitiveapis.h"
#include "core/ingest/loader.h"
#include "core/ingest/logreader.h"
#include "tests/support/testsupport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace tw;
using namespace Qt::StringLiterals;

namespace {

SensitiveCall call(const char* source, const char* name, std::uint32_t count = 1)
{
    const int row = builtinSensitiveApis().find(source, name);
    Q_ASSERT(row >= 0);
    return {static_cast<std::uint16_t>(row), count};
}

QByteArray record(const QByteArray& user, const QByteArray& source, const QByteArray& name,
                  const QByteArray& extra = {})
{
    static int n = 0;
    return R"({"eventVersion":"1.08","userIdentity":{"type":"IAMUser","userName":")" + user +
           R"(","arn":"arn:aws:iam::111122223333:user/)" + user +
           R"("},"eventTime":"2026-02-01T10:00:00Z","eventSource":")" + source + R"(","eventName":")" + name +
           R"(","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7","eventID":"r-)" +
           QByteArray::number(++n) + "\"" + extra + "}\n";
}

// Every field of every row of a table, as text: two tables compare equal here when a report made
// from either would be the same.
QStringList describe(const EventStore& store, const ActivityTable& table)
{
    const auto names = [&store](const std::vector<std::uint32_t>& ids) {
        QStringList out;
        for (auto id : ids)
            out << store.qstr(id);
        return out.join(u'|');
    };
    QStringList out{u"successful %1, without user %2"_s.arg(table.successful).arg(table.withoutUser)};
    for (const UserActivity& a : table.users) {
        QString sensitive;
        for (const SensitiveCall& c : a.sensitive)
            sensitive += u"%1x%2 "_s.arg(c.api).arg(c.count);
        const PrincipalFacts& f = a.facts;
        out << u"%1: %2 events, %3 read, %4 write, %5 failed, %6-%7; names %8; types %9; accounts %10; "
               "look-alikes %11; facts %12 %13 %14 %15 %16 %17 %18 %19 %20; class %21 (%22); "
               "sensitive %23; risk %24 (%25)"_s.arg(store.qstr(a.user))
                   .arg(a.count)
                   .arg(a.readOnlyCount)
                   .arg(a.writeCount)
                   .arg(a.failedCount)
                   .arg(a.firstTime)
                   .arg(a.lastTime)
                   .arg(names(a.eventNames), names(a.identityTypes), names(a.accounts),
                        names(a.lookalikeUsers))
                   .arg(f.hints)
                   .arg(f.consoleLogins)
                   .arg(f.mfaEvents)
                   .arg(f.consoleLoginsWithoutMfa)
                   .arg(f.serviceSourceEvents)
                   .arg(f.instanceProfileEvents)
                   .arg(store.qstr(f.assumedByService), store.qstr(f.webIdentityProvider),
                        store.qstr(f.adminGrantEvent))
                   .arg(principalClassName(a.principal.cls), a.principal.evidence, sensitive)
                   .arg(a.risk)
                   .arg(a.riskExplanation);
    }
    return out;
}

} // namespace

class TestRisk : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void score_data();
    void score();
    void aggregated();
    void repeatsBoundedWhileCollecting();
    void countedAsFilesMerge();
};

void TestRisk::score_data()
{
    QTest::addColumn<int>("cls");
    QTest::addColumn<bool>("adminLike");
    QTest::addColumn<int>("consoleWithoutMfa");
    QTest::addColumn<QList<int>>("sensitive"); // pairs of catalogue rows are built below by name
    QTest::addColumn<int>("writes");
    QTest::addColumn<int>("failed");
    QTest::addColumn<int>("score");
    QTest::addColumn<QString>("explanation");

    const auto row = [](const char* s, const char* n) { return int(call(s, n).api); };
    const int stopLogging = row("cloudtrail.amazonaws.com", "StopLogging");
    const int createKey = row("iam.amazonaws.com", "CreateAccessKey");
    const int secret = row("secretsmanager.amazonaws.com", "GetSecretValue");
    const int root = int(PrincipalClass::Root), person = int(PrincipalClass::Person);

    QTest::newRow("nothing") << person << false << 0 << QList<int>{} << 0 << 0 << 0 << u"0: no risk factor"_s;
    QTest::newRow("the issue's example") << root << false << 0 << QList<int>{stopLogging} << 0 << 0 << 8
                                         << u"8: root (+5), StopLogging (+3)"_s;
    QTest::newRow("administrator access")
        << person << true << 0 << QList<int>{} << 0 << 0 << 2 << u"2: administrator access (+2)"_s;
    QTest::newRow("one console login without MFA")
        << person << false << 1 << QList<int>{} << 0 << 0 << 3 << u"3: 1 console login without MFA (+3)"_s;
    QTest::newRow("console logins without MFA")
        << person << false << 4 << QList<int>{} << 0 << 0 << 3 << u"3: 4 console logins without MFA (+3)"_s;
    QTest::newRow("each sensitive API by its category")
        << person << false << 0 << QList<int>{stopLogging, createKey, secret} << 0 << 0 << 6
        << u"6: StopLogging (+3), CreateAccessKey (+2), GetSecretValue (+1)"_s;
    QTest::newRow("writes and failures once each, whatever the count")
        << person << false << 0 << QList<int>{} << 120 << 1 << 2
        << u"2: 120 write calls (+1), 1 failed call (+1)"_s;
    QTest::newRow("everything, in the table's order")
        << root << true << 2 << QList<int>{stopLogging} << 1 << 7 << 15
        << u"15: root (+5), administrator access (+2), 2 console logins without MFA (+3), StopLogging (+3), "
           u"1 write call (+1), 7 failed calls (+1)"_s;
}

void TestRisk::score()
{
    QFETCH(int, cls);
    QFETCH(bool, adminLike);
    QFETCH(int, consoleWithoutMfa);
    QFETCH(QList<int>, sensitive);
    QFETCH(int, writes);
    QFETCH(int, failed);
    QFETCH(int, score);
    QFETCH(QString, explanation);

    UserActivity a;
    a.principal.cls = static_cast<PrincipalClass>(cls);
    a.principal.adminLike = adminLike;
    a.facts.consoleLoginsWithoutMfa = std::uint32_t(consoleWithoutMfa);
    for (int api : sensitive)
        a.sensitive.push_back({std::uint16_t(api), 1});
    a.writeCount = std::uint64_t(writes);
    a.failedCount = std::uint64_t(failed);
    const RiskAssessment r = assessRisk(a, builtinSensitiveApis());
    QCOMPARE(r.score, score);
    QCOMPARE(r.explanation(), explanation);
    // No hidden weights: the score is the sum of what the explanation lists.
    int sum = 0;
    for (const RiskFactor& f : r.factors)
        sum += f.points;
    QCOMPARE(sum, r.score);
}

void TestRisk::aggregated()
{
    QByteArray records;
    // alice: 2 writes (one of them sensitive twice), 1 read, 1 without readOnly, 3 failed calls,
    // a DeleteDetector of Fraud Detector (same name as GuardDuty's, not sensitive).
    records += record("alice", "cloudtrail.amazonaws.com", "StopLogging", R"(,"readOnly":false)");
    records += record("alice", "iam.amazonaws.com", "CreateAccessKey", R"(,"readOnly":false)");
    records += record("alice", "cloudtrail.amazonaws.com", "StopLogging", R"(,"readOnly":false)");
    records += record("alice", "s3.amazonaws.com", "ListBuckets", R"(,"readOnly":true)");
    records += record("alice", "frauddetector.amazonaws.com", "DeleteDetector");
    for (int i = 0; i < 3; ++i)
        records += record("alice", "iam.amazonaws.com", "CreateUser",
                          R"(,"readOnly":false,"errorCode":"AccessDenied","errorMessage":"no")");
    // bob: console logins, one with MFA, two without.
    records +=
        record("bob", "signin.amazonaws.com", "ConsoleLogin", R"(,"additionalEventData":{"MFAUsed":"Yes"})");
    records +=
        record("bob", "signin.amazonaws.com", "ConsoleLogin", R"(,"additionalEventData":{"MFAUsed":"No"})");
    records +=
        record("bob", "signin.amazonaws.com", "ConsoleLogin", R"(,"additionalEventData":{"MFAUsed":"No"})");

    QTemporaryDir dir;
    const QString path = dir.filePath(u"events.jsonl"_s);
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly) && f.write(records) == records.size());
    f.close();
    AnalysisSession session;
    session.load({path});
    session.waitForLoad();
    QVERIFY(session.activity());

    const UserActivity* alice = findActivity(*session.store(), *session.activity(), u"alice"_s);
    QVERIFY(alice);
    QCOMPARE(alice->count, 5u);       // failed calls are not counted by the detection ...
    QCOMPARE(alice->failedCount, 3u); // ... but kept beside it
    QCOMPARE(alice->writeCount, 3u);  // readOnly false; absent readOnly is not a write
    QCOMPARE(alice->readOnlyCount, 1u);
    const SensitiveApiCatalogue& c = builtinSensitiveApis();
    QCOMPARE(alice->sensitive.size(), 2u);
    QCOMPARE(c.apis[alice->sensitive[0].api].eventName, "StopLogging"); // +3 before +2
    QCOMPARE(alice->sensitive[0].count, 2u);
    QCOMPARE(c.apis[alice->sensitive[1].api].eventName, "CreateAccessKey");
    QCOMPARE(alice->sensitive[1].count, 1u);
    QCOMPARE(alice->riskExplanation,
             u"7: StopLogging (+3), CreateAccessKey (+2), 3 write calls (+1), 3 failed calls (+1)"_s);
    QCOMPARE(alice->risk, 7);

    const UserActivity* bob = findActivity(*session.store(), *session.activity(), u"bob"_s);
    QVERIFY(bob);
    QCOMPARE(bob->facts.consoleLoginsWithoutMfa, 2u);
    QCOMPARE(bob->failedCount, 0u);
    QVERIFY2(bob->riskExplanation.contains(u"2 console logins without MFA (+3)"_s),
             qPrintable(bob->riskExplanation));
}

void TestRisk::repeatsBoundedWhileCollecting()
{
    // A user who alternates between two APIs: the names are collected with repeats and removed as
    // the list doubles, so what is held while the events are counted stays near the distinct names
    // (it once grew by one id an event: 4 bytes an event and rule set, 1.7M ids for one user at 10M).
    QByteArray records;
    constexpr int kEvents = 4000;
    for (int i = 0; i < kEvents; ++i)
        records += record("carol", i % 2 ? "s3.amazonaws.com" : "iam.amazonaws.com",
                          i % 2 ? "ListBuckets" : "GetUser",
                          i % 3 ? R"(,"recipientAccountId":"1")" : R"(,"recipientAccountId":"2")");
    EventStore store;
    LogReader reader;
    FileResult r = reader.parse(std::string_view(records.constData(), std::size_t(records.size())),
                                u"events.jsonl"_s, 0);
    QCOMPARE(r.events.size(), std::size_t(kEvents));
    store.strings = std::move(r.strings);
    store.events = std::move(r.events);
    const ActivityTable table = aggregateActivity(store, RuleSet::Ta7);
    QCOMPARE(table.users.size(), std::size_t(1));
    const UserActivity& carol = table.users.front();
    QCOMPARE(carol.count, std::uint64_t(kEvents));
    QCOMPARE(carol.eventNames.size(), std::size_t(2));
    QCOMPARE(store.str(carol.eventNames[0]), std::string_view("GetUser"));
    QCOMPARE(store.str(carol.eventNames[1]), std::string_view("ListBuckets"));
    QCOMPARE(carol.accounts.size(), std::size_t(2));
    // The lists' capacity shows the most they held at once.
    QVERIFY2(carol.eventNames.capacity() <= 256, qPrintable(QString::number(carol.eventNames.capacity())));
    QVERIFY2(carol.accounts.capacity() <= 256, qPrintable(QString::number(carol.accounts.capacity())));
}

void TestRisk::countedAsFilesMerge()
{
    // A load counts each file's events as it merges them (ActivityAggregator, on whichever thread
    // merges, while the pool of strings grows file by file): the tables must be those of one pass
    // over the whole store. The real corpus and the bundled sample: many files and folders, every
    // kind of identity, events that appear in two files.
    AnalysisSession session;
    session.load({test::dataDir() + u"/corpus"_s, test::sampleDir()});
    session.waitForLoad();
    const auto store = session.store();
    QVERIFY(store && store->counts.events > 300 && store->files.size() > 20);
    for (const RuleSet rules : {RuleSet::Ta7, RuleSet::Legacy}) {
        session.setRules(rules);
        QVERIFY(session.activity());
        QCOMPARE(session.activity()->rules, rules);
        const QStringList counted = describe(*store, *session.activity());
        QVERIFY(counted.size() > 20);
        QCOMPARE(counted, describe(*store, aggregateActivity(*store, rules)));
    }

    // Counted file by file as the loader merges them, the pool of strings growing between two
    // files (the session counts in bigger batches, so these few files come in one).
    ActivityAggregator perFile(RuleSet::Legacy);
    LoadOptions options;
    options.onMerged = [&perFile](const EventStore& s, std::size_t first) {
        perFile.add(s, first, s.events.size());
    };
    const auto again = loadEvents({test::dataDir() + u"/corpus"_s, test::sampleDir()}, options);
    QCOMPARE(again->events.size(), store->events.size());
    QCOMPARE(describe(*again, perFile.finish(*again)),
             describe(*again, aggregateActivity(*again, RuleSet::Legacy)));

    // The same aggregation given the events in uneven pieces, an empty one among them.
    ActivityAggregator pieces(RuleSet::Ta7);
    const std::size_t n = store->events.size();
    for (std::size_t begin = 0, step = 1; begin < n; begin += step, step = step * 3 + 1) {
        pieces.add(*store, begin, begin);
        pieces.add(*store, begin, std::min(n, begin + step));
    }
    QCOMPARE(describe(*store, pieces.finish(*store)),
             describe(*store, aggregateActivity(*store, RuleSet::Ta7)));
}

QTEST_GUILESS_MAIN(TestRisk)
#include "tst_risk.moc"
