// SPDX-License-Identifier: GPL-3.0-or-later
// "New since last review" (core/detection/newsince): two successive days of logs against the
// review recorded after the first.
#include "core/analysissession.h"
#include "core/detection/newsince.h"
#include "core/lists/reviewfile.h"
#include "tests/support/testsupport.h"

#include <QTemporaryDir>
#include <QTest>

using namespace tw;
using namespace Qt::StringLiterals;

namespace {

QByteArray record(const QByteArray& user, const QByteArray& time, const QByteArray& api,
                  const QByteArray& region, const QByteArray& account)
{
    static int n = 0;
    return R"({"eventVersion":"1.08","userIdentity":{"type":"IAMUser","userName":")" + user +
           R"("},"eventTime":")" + time + R"(","eventSource":"iam.amazonaws.com","eventName":")" + api +
           R"(","awsRegion":")" + region + R"(","recipientAccountId":")" + account + R"(","eventID":"e)" +
           QByteArray::number(++n) + "\"}\n";
}

// Day 1 (2026-10-01): alice and bob. Day 2 (2026-10-02): alice repeats herself, then calls a new
// API; bob turns up in a new region and account; carol appears; dave repeats day-1-like activity
// but was never reviewed.
QByteArray day1()
{
    return record("alice", "2026-10-01T09:00:00Z", "ListUsers", "us-east-1", "111111111111") +
           record("alice", "2026-10-01T10:00:00Z", "GetUser", "us-east-1", "111111111111") +
           record("bob", "2026-10-01T11:00:00Z", "ListBuckets", "eu-west-1", "111111111111");
}
QByteArray day2()
{
    return record("alice", "2026-10-02T09:00:00Z", "ListUsers", "us-east-1", "111111111111") +
           record("alice", "2026-10-02T09:30:00Z", "CreateAccessKey", "us-east-1", "111111111111") +
           record("bob", "2026-10-02T11:00:00Z", "ListBuckets", "ap-south-1", "222222222222") +
           record("carol", "2026-10-02T12:00:00Z", "ListUsers", "us-east-1", "111111111111");
}

struct Scan
{
    std::shared_ptr<const EventStore> store;
    std::shared_ptr<const DetectionResult> result;
    std::vector<FindingFootprint> footprints;
};

Scan scan(const QString& file)
{
    AnalysisSession session;
    session.load({file});
    session.waitForLoad();
    Scan s{session.store(), session.result(), {}};
    if (s.store && s.result)
        s.footprints = findingFootprints(*s.store, s.result->rules, *s.result);
    return s;
}

const NewSince* of(const Scan& s, const std::vector<NewSince>& marks, const QString& user)
{
    for (std::size_t i = 0; i < s.footprints.size(); ++i)
        if (s.footprints[i].user == user)
            return &marks[i];
    return nullptr;
}

} // namespace

class TestNewSince : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void footprintOfOneDay()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(u"day1.json"_s);
        QVERIFY(test::writeFile(file, day1()));
        const Scan s = scan(file);
        QVERIFY(s.result);
        QCOMPARE(s.footprints.size(), std::size_t(2));
        const FindingFootprint& alice = s.footprints[0];
        QCOMPARE(alice.user, u"alice"_s);
        QCOMPARE(alice.apis.size(), std::size_t(2));
        QCOMPARE(alice.apis[0].value, u"GetUser"_s);
        QCOMPARE(alice.apis[1].value, u"ListUsers"_s);
        QCOMPARE(alice.apis[1].lastTime,
                 QDateTime::fromString(u"2026-10-01T09:00:00Z"_s, Qt::ISODate).toMSecsSinceEpoch());
        QCOMPARE(alice.regions.size(), std::size_t(1));
        QCOMPARE(alice.regions[0].value, u"us-east-1"_s);
        QCOMPARE(alice.accounts[0].value, u"111111111111"_s);
    }

    void twoSuccessiveDays()
    {
        QTemporaryDir dir;
        const QString review = dir.filePath(u"list.review.jsonl"_s);
        const QString file1 = dir.filePath(u"day1.json"_s), file2 = dir.filePath(u"day2.json"_s);
        QVERIFY(test::writeFile(file1, day1()));
        QVERIFY(test::writeFile(file2, day2()));

        // Day 1 against an empty record: everything is new, as never reviewed.
        const Scan first = scan(file1);
        std::vector<NewSince> marks = newSinceReview(first.footprints, loadReview(review));
        QCOMPARE(marks.size(), std::size_t(2));
        for (const NewSince& m : marks) {
            QVERIFY(m.isNew);
            QVERIFY(m.neverSeen);
            QCOMPARE(m.describe(), u"never reviewed"_s);
        }
        // The nightly job records day 1 as reviewed the morning after it.
        const QDateTime reviewedAt = QDateTime::fromString(u"2026-10-02T06:00:00Z"_s, Qt::ISODate);
        QVERIFY(ReviewService(review)
                    .recordReview(reviewedActivity(first.footprints), u"nightly"_s, reviewedAt)
                    .ok);
        // What the review covers is the data's time (alice's last event), not the clock's.
        QCOMPARE(loadReview(review).find(u"alice"_s)->reviewedThrough,
                 QDateTime::fromString(u"2026-10-01T10:00:00Z"_s, Qt::ISODate));
        // Scanned again, day 1 is no longer new.
        marks = newSinceReview(first.footprints, loadReview(review));
        for (const NewSince& m : marks)
            QVERIFY(!m.isNew);

        // Day 2 (days 1 and 2 loaded together, as a folder would be).
        const QString both = dir.filePath(u"both.json"_s);
        QVERIFY(test::writeFile(both, day1() + day2()));
        const Scan second = scan(both);
        const ReviewRecord record = loadReview(review);
        marks = newSinceReview(second.footprints, record);
        const NewSince* alice = of(second, marks, u"alice"_s);
        QVERIFY(alice && alice->isNew && !alice->neverSeen);
        QCOMPARE(alice->apis, QStringList{u"CreateAccessKey"_s}); // ListUsers again is not new
        QVERIFY(alice->accounts.isEmpty());
        QVERIFY(alice->regions.isEmpty());
        QCOMPARE(alice->describe(), u"new APIs: CreateAccessKey"_s);
        const NewSince* bob = of(second, marks, u"bob"_s);
        QVERIFY(bob && bob->isNew);
        QVERIFY(bob->apis.isEmpty());
        QCOMPARE(bob->accounts, QStringList{u"222222222222"_s});
        QCOMPARE(bob->regions, QStringList{u"ap-south-1"_s});
        QCOMPARE(bob->describe(), u"new accounts: 222222222222; new regions: ap-south-1"_s);
        const NewSince* carol = of(second, marks, u"carol"_s);
        QVERIFY(carol && carol->isNew && carol->neverSeen);

        // Recording day 2 makes all of it known.
        QVERIFY(ReviewService(review)
                    .recordReview(reviewedActivity(second.footprints), u"nightly"_s, reviewedAt.addDays(1))
                    .ok);
        marks = newSinceReview(second.footprints, loadReview(review));
        for (const NewSince& m : marks)
            QVERIFY(!m.isNew);
    }

    // Pure rules, on hand-made footprints.
    void activityBeforeTheReviewIsNotNew()
    {
        ReviewRecord record;
        ReviewEntry e;
        e.user = u"alice"_s;
        e.reviewedAt = QDateTime::fromMSecsSinceEpoch(1000, Qt::UTC);
        e.apis = {u"A"_s};
        record.entries.insert(e.user, e);
        record.users.push_back(e.user);
        FindingFootprint f{u"alice"_s, 2000, {{u"A"_s, 2000}, {u"B"_s, 900}, {u"C"_s, 1500}}, {}, {}};
        const std::vector<NewSince> marks = newSinceReview({f}, record);
        // B was last used before the review (the reviewer saw it, or the review predates the data):
        // only C, used after it and never seen, is new.
        QCOMPARE(marks[0].apis, QStringList{u"C"_s});
    }

    void triagedButNeverReviewed()
    {
        ReviewRecord record;
        ReviewEntry e;
        e.user = u"alice"_s;
        e.status = TriageStatus::Escalated;
        e.changedAt = QDateTime::fromMSecsSinceEpoch(1000, Qt::UTC);
        record.entries.insert(e.user, e);
        FindingFootprint before{u"alice"_s, 900, {{u"A"_s, 900}}, {}, {}};
        QVERIFY(!newSinceReview({before}, record)[0].isNew);
        FindingFootprint after{u"alice"_s, 1100, {{u"A"_s, 1100}}, {}, {}};
        const NewSince m = newSinceReview({after}, record)[0];
        QVERIFY(m.isNew && !m.neverSeen);
        QCOMPARE(m.apis, QStringList{u"A"_s});
    }
};

QTEST_GUILESS_MAIN(TestNewSince)
#include "tst_newsince.moc"
