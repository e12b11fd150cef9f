// SPDX-License-Identifier: GPL-3.0-or-later
// trailwarden-cli and the review file: `triage`, and `scan --review / --record-review /
// --fail-on-new` with their exit statuses, over two successive days.
#include "core/lists/reviewfile.h"
#include "tests/support/testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace tw;
using namespace Qt::StringLiterals;

namespace {

QByteArray record(const QByteArray& user, const QByteArray& time, const QByteArray& api,
                  const QByteArray& region = "us-east-1")
{
    static int n = 0;
    return R"({"eventVersion":"1.08","userIdentity":{"type":"IAMUser","userName":")" + user +
           R"("},"eventTime":")" + time + R"(","eventSource":"iam.amazonaws.com","eventName":")" + api +
           R"(","awsRegion":")" + region + R"(","recipientAccountId":"111111111111","eventID":"c)" +
           QByteArray::number(++n) + "\"}\n";
}

QJsonObject findingOf(const QByteArray& json, const QString& user)
{
    const QJsonArray findings = QJsonDocument::fromJson(json).object().value(u"findings"_s).toArray();
    for (const QJsonValue& f : findings)
        if (f.toObject().value(u"user"_s).toString() == user)
            return f.toObject();
    return {};
}

} // namespace

class TestReviewCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_day1, m_day2, m_review;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_day1 = m_dir.filePath(u"logs/2026-10-01.jsonl"_s);
        m_day2 = m_dir.filePath(u"logs/2026-10-02.jsonl"_s);
        QVERIFY(test::writeFile(m_day1, record("alice", "2026-10-01T09:00:00Z", "ListUsers") +
                                            record("bob", "2026-10-01T10:00:00Z", "GetUser")));
        QVERIFY(test::writeFile(m_day2, record("alice", "2026-10-02T09:00:00Z", "ListUsers") +
                                            record("bob", "2026-10-02T10:00:00Z", "GetUser", "ap-south-1")));
        m_review = m_dir.filePath(u"list.review.jsonl"_s);
    }

    void usage_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("fail-on-new without review") << QStringList{u"scan"_s, u"--fail-on-new"_s, u"x"_s};
        QTest::newRow("record-review without review") << QStringList{u"scan"_s, u"--record-review"_s, u"x"_s};
        QTest::newRow("triage without review")
            << QStringList{u"triage"_s, u"--status"_s, u"Benign"_s, u"a"_s};
        QTest::newRow("triage bad status")
            << QStringList{u"triage"_s, u"--review"_s, u"r.jsonl"_s, u"--status"_s, u"Approved"_s, u"a"_s};
        QTest::newRow("triage nothing to set")
            << QStringList{u"triage"_s, u"--review"_s, u"r.jsonl"_s, u"a"_s};
        QTest::newRow("triage no user")
            << QStringList{u"triage"_s, u"--review"_s, u"r.jsonl"_s, u"--note"_s, u"x"_s};
    }
    void usage()
    {
        QFETCH(QStringList, args);
        const test::CliRun run = test::runCli(args, m_dir.path());
        QCOMPARE(run.status, 2);
        QVERIFY(!run.err.isEmpty());
        QVERIFY(!QFile::exists(m_dir.filePath(u"r.jsonl"_s)));
    }

    void triageNotWritten()
    {
        // A folder is no review file: status 3, nothing written.
        const test::CliRun run =
            test::runCli({u"triage"_s, u"--review"_s, m_dir.path(), u"--status"_s, u"Benign"_s, u"a"_s});
        QCOMPARE(run.status, 3);
        QVERIFY(run.err.contains(m_dir.path().toUtf8()));
    }

    // The nightly job: day 1 is all new (exit 1), recorded; the same day again is known (exit 0);
    // day 2 adds a region for bob (exit 1, bob only, and what is new); an escalated, known user
    // does not fail.
    void nightlyJob()
    {
        const QStringList scan1{u"scan"_s,     u"--quiet"_s, u"--format"_s,      u"json"_s,
                                u"--review"_s, m_review,     u"--fail-on-new"_s, m_day1};
        test::CliRun run = test::runCli(scan1 + QStringList{u"--record-review"_s});
        QCOMPARE(run.status, 1);
        QCOMPARE(
            QJsonDocument::fromJson(run.out).object().value(u"summary"_s).toObject().value(u"new"_s).toInt(),
            2);
        QJsonObject alice = findingOf(run.out, u"alice"_s);
        QCOMPARE(alice.value(u"new"_s).toBool(), true);
        QCOMPARE(alice.value(u"newSince"_s).toObject().value(u"neverReviewed"_s).toBool(), true);
        QCOMPARE(alice.value(u"status"_s).toString(), u"New"_s);
        QVERIFY(QFile::exists(m_review));

        run = test::runCli(scan1);
        QCOMPARE(run.status, 0);
        QCOMPARE(findingOf(run.out, u"alice"_s).value(u"new"_s).toBool(), false);

        run = test::runCli({u"triage"_s, u"--review"_s, m_review, u"--status"_s, u"escalated"_s,
                            u"--ticket"_s, u"SEC-7"_s, u"--note"_s, u"=1+1, \"quoted\"\nsecond line"_s,
                            u"--by"_s, u"me"_s, u"alice"_s});
        QCOMPARE(run.status, 0);
        QVERIFY(run.out.contains("triaged alice"));

        const QStringList scan2{u"scan"_s, u"--quiet"_s,       u"--format"_s, u"json"_s, u"--review"_s,
                                m_review,  u"--fail-on-new"_s, m_day1,        m_day2};
        run = test::runCli(scan2);
        QCOMPARE(run.status, 1);
        alice = findingOf(run.out, u"alice"_s);
        QCOMPARE(alice.value(u"new"_s).toBool(), false);
        QCOMPARE(alice.value(u"status"_s).toString(), u"Escalated"_s);
        QCOMPARE(alice.value(u"ticket"_s).toString(), u"SEC-7"_s);
        QCOMPARE(alice.value(u"note"_s).toString(), u"=1+1, \"quoted\"\nsecond line"_s);
        const QJsonObject bob = findingOf(run.out, u"bob"_s);
        QCOMPARE(bob.value(u"new"_s).toBool(), true);
        const QJsonObject since = bob.value(u"newSince"_s).toObject();
        QCOMPARE(since.value(u"neverReviewed"_s).toBool(), false);
        QCOMPARE(since.value(u"regions"_s).toArray(), QJsonArray{u"ap-south-1"_s});
        QVERIFY(since.value(u"apis"_s).toArray().isEmpty());

        // The table and both CSVs mark it too; the safe CSV neutralises the note's formula.
        run = test::runCli({u"scan"_s, u"--quiet"_s, u"--review"_s, m_review, m_day1, m_day2});
        QCOMPARE(run.status, 0); // no --fail-on-new
        QVERIFY(run.out.contains("NEW  STATUS"));
        QVERIFY(run.out.contains("new  New"));
        QVERIFY(run.out.contains("     Escalated"));
        QVERIFY(run.out.contains("1 new since the last review"));
        run = test::runCli({u"scan"_s, u"--quiet"_s, u"--format"_s, u"csv"_s, u"--no-hash"_s, u"--review"_s,
                            m_review, m_day1, m_day2});
        QCOMPARE(run.status, 0);
        // The risk columns (docs/detection.md, Risk) come before the review's.
        QVERIFY(run.out.startsWith("user,count,firstTime,lastTime,eventName,class,classEvidence,risk,"
                                   "riskExplanation,writeCalls,failedCalls,sensitiveApis,new,newSince,"
                                   "status,owner,ticket,note\n"));
        QVERIFY(run.out.contains(",true,new regions: ap-south-1,New,"));
        QVERIFY(run.out.contains("\"'=1+1, \"\"quoted\"\""));
        run = test::runCli(
            {u"scan"_s, u"--quiet"_s, u"--format"_s, u"csv-raw"_s, u"--review"_s, m_review, m_day1, m_day2});
        QVERIFY(run.out.contains(",false,,Escalated,,SEC-7,"));

        // The reports say it in the finding's details, escaped for their format.
        run = test::runCli({u"scan"_s, u"--quiet"_s, u"--format"_s, u"md"_s, u"--no-hash"_s, u"--review"_s,
                            m_review, m_day1, m_day2});
        QCOMPARE(run.status, 0);
        QVERIFY2(run.out.contains("- **Review:** **new** (new regions: ap-south-1); status New"),
                 run.out.constData());
        QVERIFY(run.out.contains("- **Review:** not new; status Escalated; ticket SEC-7"));
        run = test::runCli({u"scan"_s, u"--quiet"_s, u"--format"_s, u"html"_s, u"--no-hash"_s, u"--review"_s,
                            m_review, m_day1, m_day2});
        QCOMPARE(run.status, 0);
        QVERIFY(run.out.contains("<b>new</b> (new regions: ap-south-1); status New"));
        QVERIFY(run.out.contains("note: =1+1, &quot;quoted&quot;"));

        // Recorded, day 2 is known; nothing new, exit 0.
        run = test::runCli(scan2 + QStringList{u"--record-review"_s});
        QCOMPARE(run.status, 1);
        run = test::runCli(scan2);
        QCOMPARE(run.status, 0);
        QCOMPARE(loadReview(m_review).find(u"bob"_s)->regions,
                 (QStringList{u"ap-south-1"_s, u"us-east-1"_s}));
        // Without --review, the output is the documented object, unchanged.
        run = test::runCli({u"scan"_s, u"--quiet"_s, u"--format"_s, u"json"_s, m_day1});
        QVERIFY(!findingOf(run.out, u"alice"_s).contains(u"new"_s));
    }

    void damagedReviewFile()
    {
        const QString path = m_dir.filePath(u"damaged.review.jsonl"_s);
        QVERIFY(test::writeFile(path, "{\"user\":\"alice\",\"status\":\"Benign\"}\n{not json\n"));
        const test::CliRun run =
            test::runCli({u"scan"_s, u"--quiet"_s, u"--format"_s, u"json"_s, u"--review"_s, path, m_day1});
        QCOMPARE(run.status, 0);
        QVERIFY2(run.err.contains((path + u":2: not JSON").toUtf8()), run.err.constData());
        QCOMPARE(findingOf(run.out, u"alice"_s).value(u"status"_s).toString(), u"Benign"_s);
    }
};

QTEST_GUILESS_MAIN(TestReviewCli)
#include "tst_reviewcli.moc"
