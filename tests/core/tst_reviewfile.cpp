// SPDX-License-Identifier: GPL-3.0-or-later
// The review file (core/lists/reviewfile): triage state and what was reviewed, per user, beside the
// approved list; written under a lock with a re-read, atomically, audit-logged.
#include "core/common/atomicfile.h"
#include "core/lists/approvalservice.h"
#include "core/lists/reviewfile.h"
#include "tests/support/testsupport.h"

#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace tw;
using namespace Qt::StringLiterals;

class TestReviewFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pathBesideTheList()
    {
        QCOMPARE(reviewPathFor(u"/x/aws_service_accounts.csv"_s), u"/x/aws_service_accounts.review.jsonl"_s);
        QCOMPARE(reviewPathFor(u"/x/list"_s), u"/x/list.review.jsonl"_s);
    }

    void statusNames()
    {
        QCOMPARE(triageStatusFromName(u"escalated"), TriageStatus::Escalated);
        QCOMPARE(triageStatusFromName(u"BENIGN"), TriageStatus::Benign);
        QVERIFY(!triageStatusFromName(u"approved"));
        QCOMPARE(triageStatusName(TriageStatus::Investigating), u"Investigating"_s);
    }

    void roundTrip()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"list.review.jsonl"_s);
        ReviewService service(path);
        const QDateTime at = QDateTime::fromString(u"2026-12-01T08:00:00Z"_s, Qt::ISODate);
        TriageChange change;
        change.status = TriageStatus::Escalated;
        change.owner = u"bob"_s;
        change.ticket = u"SEC-42"_s;
        change.note = u"called StopLogging"_s;
        ApprovalResult r = service.triage({u"alice"_s, u"carol"_s}, change, u"analyst"_s, at);
        QVERIFY2(r.ok, qPrintable(r.message));
        r = service.recordReview({{u"alice"_s,
                                   {u"StopLogging"_s, u"GetObject"_s},
                                   {u"111"_s},
                                   {u"eu-west-1"_s},
                                   QDateTime::fromString(u"2026-11-30T23:00:00.250Z"_s, Qt::ISODateWithMs)}},
                                 u"nightly"_s, at.addSecs(60));
        QVERIFY2(r.ok, qPrintable(r.message));

        const ReviewRecord record = loadReview(path);
        QVERIFY(record.error.isEmpty());
        QVERIFY(record.problems.isEmpty());
        QCOMPARE(record.entries.size(), 2);
        const ReviewEntry* alice = record.find(u"alice"_s);
        QVERIFY(alice);
        QCOMPARE(alice->status, TriageStatus::Escalated);
        QCOMPARE(alice->owner, u"bob"_s);
        QCOMPARE(alice->ticket, u"SEC-42"_s);
        QCOMPARE(alice->note, u"called StopLogging"_s);
        QCOMPARE(alice->changedBy, u"analyst"_s);
        QCOMPARE(alice->changedAt, at);
        QCOMPARE(alice->reviewedBy, u"nightly"_s);
        QCOMPARE(alice->reviewedAt, at.addSecs(60));
        QCOMPARE(alice->reviewedThrough,
                 QDateTime::fromString(u"2026-11-30T23:00:00.250Z"_s, Qt::ISODateWithMs));
        QCOMPARE(alice->apis, (QStringList{u"GetObject"_s, u"StopLogging"_s}));
        QCOMPARE(alice->accounts, QStringList{u"111"_s});
        QCOMPARE(alice->regions, QStringList{u"eu-west-1"_s});
        QVERIFY(!record.find(u"carol"_s)->reviewedAt.isValid());
        // Serialising what was read gives the same bytes: nothing is lost or reordered.
        QCOMPARE(serializeReview(record), test::readFile(path));

        // A second review adds to what was seen; a partial triage change keeps the other fields.
        service.recordReview({{u"alice"_s, {u"PutBucketPolicy"_s}, {}, {u"us-east-1"_s}, {}}}, u"nightly"_s,
                             at.addDays(1));
        TriageChange noteOnly;
        noteOnly.note = u"second look"_s;
        service.triage({u"alice"_s}, noteOnly, u"analyst2"_s, at.addDays(1));
        const ReviewRecord again = loadReview(path);
        alice = again.find(u"alice"_s);
        QCOMPARE(alice->apis, (QStringList{u"GetObject"_s, u"PutBucketPolicy"_s, u"StopLogging"_s}));
        QCOMPARE(alice->regions, (QStringList{u"eu-west-1"_s, u"us-east-1"_s}));
        QCOMPARE(alice->status, TriageStatus::Escalated);
        QCOMPARE(alice->ticket, u"SEC-42"_s);
        QCOMPARE(alice->note, u"second look"_s);
        QCOMPARE(alice->changedBy, u"analyst2"_s);

        // Every write is audit-logged beside the review file.
        const QByteArray audit = test::readFile(ApprovalService::auditPathFor(path));
        QCOMPARE(audit.count('\n'), 4);
        QVERIFY(audit.contains("\"action\":\"triage\""));
        QVERIFY(audit.contains("\"action\":\"review\""));
        QVERIFY(audit.contains("SEC-42"));
    }

    void hostileValues_data()
    {
        QTest::addColumn<QString>("value");
        QTest::newRow("commas") << u"a, b, c"_s;
        QTest::newRow("quotes") << u"say \"hi\" 'there'"_s;
        QTest::newRow("newlines") << u"line1\nline2\r\n{\"user\":\"mallory\"}"_s;
        QTest::newRow("formula =") << u"=HYPERLINK(\"http://x\",\"y\")"_s;
        QTest::newRow("formula +-@") << u"+1-2@SUM(A1)"_s;
        QTest::newRow("tab/controls") << u"\tx\u0001\u202e"_s;
        QTest::newRow("backslashes") << u"C:\\temp\\"_s;
    }
    void hostileValues()
    {
        QFETCH(QString, value);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"r.review.jsonl"_s);
        ReviewService service(path);
        TriageChange change;
        change.owner = value;
        change.ticket = value;
        change.note = value;
        const QString user = u"u,\"" + value;
        QVERIFY(service.triage({user, u"other"_s}, change, value, {}).ok);
        const QByteArray bytes = test::readFile(path);
        // One line per user, whatever the values hold.
        QCOMPARE(bytes.count('\n'), 2);
        const ReviewRecord record = loadReview(path);
        QVERIFY2(record.problems.isEmpty(), qPrintable(record.problems.join(u'\n')));
        QCOMPARE(record.entries.size(), 2);
        const ReviewEntry* e = record.find(user);
        QVERIFY(e);
        QCOMPARE(e->note, value);
        QCOMPARE(e->owner, value);
        QCOMPARE(e->ticket, value);
        QCOMPARE(e->changedBy, value);
        QVERIFY(!record.find(u"mallory"_s));
    }

    // A damaged line costs that line only: the others load, the message names file and line, and
    // the next write keeps the damaged line as it was (it may be a colleague's entry).
    void badLineNamedAndKept()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"r.review.jsonl"_s);
        QVERIFY(test::writeFile(path, "{\"user\":\"alice\",\"status\":\"Escalated\"}\n"
                                      "{\"user\":\"bob\",\"status\":\"Escal\n"
                                      "{\"user\":\"carol\",\"status\":\"Approved\"}\n"
                                      "[1]\n"
                                      "{\"user\":\"dave\",\"status\":\"Benign\",\"future\":{\"x\":1}}\n"));
        ReviewRecord record = loadReview(path);
        QCOMPARE(record.entries.size(), 2);
        QCOMPARE(record.find(u"alice"_s)->status, TriageStatus::Escalated);
        QCOMPARE(record.find(u"dave"_s)->status, TriageStatus::Benign);
        QCOMPARE(record.problems.size(), 3);
        QVERIFY2(record.problems[0].startsWith(path + u":2: not JSON"), qPrintable(record.problems[0]));
        QVERIFY2(record.problems[1].startsWith(path + u":3: unknown status \"Approved\""),
                 qPrintable(record.problems[1]));
        QVERIFY(record.problems[2].startsWith(path + u":4: not a JSON object"));

        TriageChange change;
        change.status = TriageStatus::Investigating;
        QVERIFY(ReviewService(path).triage({u"erin"_s}, change, u"me"_s, {}).ok);
        const QByteArray after = test::readFile(path);
        QVERIFY(after.contains("{\"user\":\"bob\",\"status\":\"Escal\n"));
        QVERIFY(after.contains("{\"user\":\"carol\",\"status\":\"Approved\"}\n"));
        QVERIFY(after.contains("\"future\":{\"x\":1}")); // unknown fields are kept
        record = loadReview(path);
        QCOMPARE(record.entries.size(), 3);
        QCOMPARE(record.problems.size(), 3);
    }

    void notARegularFile()
    {
        QTemporaryDir dir;
        const ReviewRecord record = loadReview(dir.path());
        QVERIFY(!record.error.isEmpty());
        QVERIFY(record.error.contains(dir.path()));
        TriageChange change;
        change.status = TriageStatus::Benign;
        const ApprovalResult r = ReviewService(dir.path()).triage({u"a"_s}, change, u"me"_s, {});
        QVERIFY(!r.ok);
        QVERIFY(r.failed);
    }

    // Writers in several threads (each FileLock is its own open file description, so they exclude
    // each other as processes do): every user of every writer is in the file at the end.
    void concurrentWriters()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"r.review.jsonl"_s);
        constexpr int kWriters = 4, kEach = 15;
        std::vector<std::thread> threads;
        std::atomic<int> failures{0};
        for (int w = 0; w < kWriters; ++w)
            threads.emplace_back([&, w] {
                ReviewService service(path);
                service.setLockTimeoutMs(60000);
                for (int i = 0; i < kEach; ++i) {
                    TriageChange change;
                    change.note = u"writer %1 entry %2"_s.arg(w).arg(i);
                    const QString user = u"w%1-u%2"_s.arg(w).arg(i);
                    if (!service.triage({user}, change, u"writer%1"_s.arg(w), {}).ok)
                        ++failures;
                    if (!service.recordReview({{user, {u"Api%1"_s.arg(i)}, {}, {}, {}}}, u"w"_s, {}).ok)
                        ++failures;
                }
            });
        for (auto& t : threads)
            t.join();
        QCOMPARE(failures.load(), 0);
        const ReviewRecord record = loadReview(path);
        QVERIFY(record.problems.isEmpty());
        QCOMPARE(record.entries.size(), kWriters * kEach);
        for (int w = 0; w < kWriters; ++w)
            for (int i = 0; i < kEach; ++i) {
                const ReviewEntry* e = record.find(u"w%1-u%2"_s.arg(w).arg(i));
                QVERIFY(e);
                QCOMPARE(e->note, u"writer %1 entry %2"_s.arg(w).arg(i));
                QCOMPARE(e->apis, QStringList{u"Api%1"_s.arg(i)});
            }
        QCOMPARE(test::readFile(ApprovalService::auditPathFor(path)).count('\n'), 2 * kWriters * kEach);
    }

    // Someone edits the file by hand (or a colleague's TrailWarden writes it) after we read it:
    // our next write re-reads under the lock and keeps their change.
    void externalChangeMerged()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"r.review.jsonl"_s);
        ReviewService service(path);
        TriageChange change;
        change.status = TriageStatus::Investigating;
        ReviewRecord mine;
        QVERIFY(service.triage({u"alice"_s}, change, u"me"_s, {}, &mine).ok);
        QCOMPARE(mine.entries.size(), 1);

        QByteArray bytes = test::readFile(path);
        bytes.replace("\"status\":\"Investigating\"", "\"status\":\"Escalated\",\"note\":\"by hand\"");
        bytes += "{\"user\":\"bob\",\"status\":\"Benign\",\"owner\":\"colleague\"}\n";
        QVERIFY(writeFileAtomically(path, bytes).isEmpty());

        TriageChange mineNow;
        mineNow.ticket = u"T-1"_s;
        QVERIFY(service.triage({u"carol"_s}, mineNow, u"me"_s, {}, &mine).ok);
        QCOMPARE(mine.entries.size(), 3); // what is on disk now, the colleague's changes included
        const ReviewRecord record = loadReview(path);
        QCOMPARE(record.find(u"alice"_s)->status, TriageStatus::Escalated);
        QCOMPARE(record.find(u"alice"_s)->note, u"by hand"_s);
        QCOMPARE(record.find(u"bob"_s)->owner, u"colleague"_s);
        QCOMPARE(record.find(u"carol"_s)->ticket, u"T-1"_s);
    }

    // An undo's write (ReviewService::triage with `expected`) goes through only while every user's
    // entry still holds the expected fields; otherwise nothing is written and the refusal names the
    // user, the field and who changed it.
    void expectedFieldsGuardTheWrite()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"r.review.jsonl"_s);
        ReviewService service(path);
        TriageChange escalate;
        escalate.status = TriageStatus::Escalated;
        QVERIFY(service.triage({u"alice"_s, u"bob"_s}, escalate, u"me"_s, {}).ok);
        TriageChange back;
        back.status = TriageStatus::New;

        // A colleague set bob Benign and alice's note: bob's status is in the way, alice's note is not.
        TriageChange benign;
        benign.status = TriageStatus::Benign;
        QVERIFY(service.triage({u"bob"_s}, benign, u"colleague"_s, {}).ok);
        TriageChange note;
        note.note = u"hers"_s;
        QVERIFY(service.triage({u"alice"_s}, note, u"colleague"_s, {}).ok);
        const QByteArray before = test::readFile(path);
        const QByteArray auditBefore = test::readFile(ApprovalService::auditPathFor(path));
        ReviewRecord seen;
        const ApprovalResult refused =
            service.triage({u"alice"_s, u"bob"_s}, back, u"me"_s, {}, &seen, &escalate);
        QVERIFY(!refused.ok);
        QVERIFY(!refused.failed);
        QCOMPARE(refused.refused, QStringList(u"bob"_s));
        QVERIFY2(refused.message.contains(u"'bob' (status, changed by colleague at "_s),
                 qPrintable(refused.message));
        QCOMPARE(test::readFile(path), before);
        QCOMPARE(test::readFile(ApprovalService::auditPathFor(path)), auditBefore);
        QCOMPARE(seen.find(u"bob"_s)->status, TriageStatus::Benign); // what is on disk

        QVERIFY(service.triage({u"alice"_s}, back, u"me"_s, {}, nullptr, &escalate).ok);
        QCOMPARE(loadReview(path).find(u"alice"_s)->status, TriageStatus::New);
        QCOMPARE(loadReview(path).find(u"alice"_s)->note, u"hers"_s);
        // No entry counts as New with empty fields.
        QVERIFY(service.triage({u"carol"_s}, escalate, u"me"_s, {}, nullptr, &back).ok);
        QVERIFY(!service.triage({u"dave"_s}, back, u"me"_s, {}, nullptr, &escalate).ok);
    }
};

QTEST_GUILESS_MAIN(TestReviewFile)
#include "tst_reviewfile.moc"
