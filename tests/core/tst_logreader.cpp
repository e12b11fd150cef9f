// SPDX-License-Identifier: GPL-3.0-or-later

// The reader and loader on hostile and odd input: every case must give a clear message naming
// the file, load the rest, and not crash. Inputs too big or too odd to commit are made here.

#include "core/ingest/discovery.h"
#include "core/ingest/filecontent.h"
#include "core/ingest/loader.h"
#include "core/ingest/logreader.h"
#include "tests/support/testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace tw;
using namespace Qt::StringLiterals;

namespace {

const QString kData = QStringLiteral(TRAILWARDEN_TEST_DATA);

// The shape EventBridge gives a CloudTrail record (and Firehose delivers to S3).
QByteArray eventBridge(const QByteArray& record)
{
    return R"({"version":"0","id":"7e5f2d1c","detail-type":"AWS API Call via CloudTrail","source":"aws.s3",)"
           R"("account":"111122223333","time":"2026-01-02T03:04:05Z","region":"us-east-1","resources":[],)"
           R"("detail":)" +
           record + "}";
}

// Writes a fixture; a test whose fixture could not be written fails.
void mustWrite(const QString& path, const QByteArray& bytes)
{
    QVERIFY2(test::writeFile(path, bytes), qPrintable(path));
}

std::shared_ptr<EventStore> load(const QStringList& paths, ReadLimits limits = {})
{
    LoadOptions options;
    options.limits = limits;
    return loadEvents(paths, options);
}

// Everything a result holds, as text: two results of the same file must give the same.
QString describe(const FileResult& r)
{
    QStringList out;
    out << QStringLiteral("disk %1 content %2 gz %3 sha %4 skipped %5 unreadable %6 malformed %7")
               .arg(r.diskBytes)
               .arg(r.contentBytes)
               .arg(r.compressed)
               .arg(QString::fromLatin1(r.sha256))
               .arg(r.skipped)
               .arg(r.unreadable)
               .arg(r.malformed);
    out << r.problems;
    for (std::uint32_t id = 0; id < r.strings.size(); ++id)
        out << QStringLiteral("s%1=").arg(id) +
                   QString::fromUtf8(r.strings.view(id).data(), qsizetype(r.strings.view(id).size()));
    const EventColumns& e = r.events;
    for (std::size_t i = 0; i < e.size(); ++i)
        out << QStringLiteral("e%1 t%2 u%3/%4 n%5 src%6 r%7 a%8 ip%9 ua%10")
                       .arg(i)
                       .arg(e.time[i])
                       .arg(e.userTa7[i])
                       .arg(e.userLegacy[i])
                       .arg(e.eventName[i])
                       .arg(e.eventSource[i])
                       .arg(e.region[i])
                       .arg(e.account[i])
                       .arg(e.sourceIp[i])
                       .arg(e.userAgent[i]) +
                   QStringLiteral(" c%1 err%2 off%3 f%4 p%5 d%6 k%7")
                       .arg(e.credential[i])
                       .arg(e.errorCode[i])
                       .arg(e.offset[i])
                       .arg(e.flags[i])
                       .arg(e.principal[i])
                       .arg(e.principalDetail[i])
                       .arg(r.dedupKeys[i]);
    out << QStringLiteral("credentials %1 sessions %2 keys %3")
               .arg(e.credentials.size())
               .arg(e.sessions.size())
               .arg(r.dedupKeys.size());
    for (std::uint32_t id = 0; id < e.credentials.size(); ++id)
        out << QStringLiteral("c%1=%2/%3/%4")
                   .arg(id)
                   .arg(e.credentials[id].identityType)
                   .arg(e.credentials[id].accessKey)
                   .arg(e.credentials[id].session);
    for (std::uint32_t id = 0; id < e.sessions.size(); ++id)
        out << QStringLiteral("s%1=%2@%3").arg(id).arg(e.sessions[id].who).arg(e.sessions[id].created);
    return out.join(u'\n');
}

// A record with a session, an access key, an error and an address of its own, so that a reused
// result that kept anything of an earlier file would show it.
QByteArray richRecord(const QByteArray& tag, int i)
{
    const QByteArray n = QByteArray::number(i);
    return R"({"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","principalId":"AROA:)" + tag + n +
           R"(","arn":"arn:aws:sts::111122223333:assumed-role/)" + tag + "-role/" + tag + "-user" + n +
           R"(","accessKeyId":"ASIA)" + tag + n +
           R"(","sessionContext":{"attributes":{"creationDate":"2026-01-02T00:00:)" +
           QByteArray::number(10 + i % 50) + R"(Z"},"sessionIssuer":{"userName":")" + tag +
           R"(-role"}}},"eventTime":"2026-01-02T03:04:)" + QByteArray::number(10 + i % 50) +
           R"(Z","eventSource":"s3.amazonaws.com","eventName":")" + tag + "Call" + n +
           R"(","awsRegion":"us-east-1","sourceIPAddress":"10.)" + QByteArray::number(i % 250) +
           R"(.0.1","userAgent":")" + tag + R"(-agent",)" +
           (i % 3 ? QByteArray() : R"("errorCode":")" + tag + R"(-Denied",)") +
           R"("recipientAccountId":"1111)" + n + R"(","eventID":")" + tag + "-id" + n + R"("})";
}

QString problemsOf(const EventStore& store)
{
    QStringList lines;
    for (const auto& p : store.problems)
        lines << p.path + QStringLiteral(": ") + p.message;
    return lines.join(u'\n');
}

} // namespace

class TestLogReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // An object the rules look into, written as another type (exporters write requestParameters
    // as a string, most records have "responseElements": null): skipped, and the rest of the
    // record read as before. The reader asks for an object without looking at the type first, so
    // the value must be left where it was for the next key.
    void notAnObjectIsSkipped_data()
    {
        QTest::addColumn<QByteArray>("json");
        const QList<QByteArray> values{"null", "\"text\"", "[1,{\"userName\":\"x\"}]", "42", "true", "{}"};
        for (const QByteArray& v : values) {
            const auto row = [&](const char* where, const QByteArray& json) {
                QTest::addRow("%s: %s", where, v.constData()) << json;
            };
            row("userIdentity", "\"userIdentity\":" + v);
            row("sessionContext", R"("userIdentity":{"type":"AssumedRole","sessionContext":)" + v + "}");
            row("sessionIssuer",
                R"("userIdentity":{"type":"AssumedRole","sessionContext":{"sessionIssuer":)" + v + "}}");
            row("attributes",
                R"("userIdentity":{"type":"AssumedRole","sessionContext":{"attributes":)" + v + "}}");
            row("requestParameters", "\"requestParameters\":" + v);
            row("responseElements", "\"responseElements\":" + v);
            row("additionalEventData", "\"additionalEventData\":" + v);
        }
    }
    void notAnObjectIsSkipped()
    {
        QFETCH(QByteArray, json);
        const QByteArray record = "{\"eventTime\":\"2026-01-01T00:00:00Z\"," + json +
                                  R"(,"eventName":"After","recipientAccountId":"111122223333"})";
        LogReader reader;
        const FileResult r =
            reader.parse(std::string_view(record.constData(), std::size_t(record.size())), u"a.json"_s, 0);
        QCOMPARE(r.events.size(), std::size_t(1));
        QCOMPARE(r.strings.view(r.events.eventName[0]), std::string_view("After"));
        QCOMPARE(r.strings.view(r.events.account[0]), std::string_view("111122223333"));
        QCOMPARE(r.strings.view(r.events.userTa7[0]), std::string_view()); // nothing read from inside
        QVERIFY2(r.problems.empty(), qPrintable(r.problems.join(u"; ")));
    }

    // A string value without an escape is taken as it stands in the document, one with an escape is
    // decoded: both must give the value, whatever the length (the end is found 32 bytes a step) and
    // wherever the escape is.
    void stringValuesReadAsWritten_data()
    {
        QTest::addColumn<QByteArray>("written");
        QTest::addColumn<QByteArray>("value");
        const QByteArray longText(70, 'A');
        QTest::newRow("plain") << QByteArray("RunInstances") << QByteArray("RunInstances");
        QTest::newRow("empty") << QByteArray() << QByteArray();
        QTest::newRow("one byte") << QByteArray("x") << QByteArray("x");
        QTest::newRow("escape first") << QByteArray("\\u0052unInstances") << QByteArray("RunInstances");
        QTest::newRow("escape inside") << QByteArray("Run\\\"Instances") << QByteArray("Run\"Instances");
        QTest::newRow("escape last") << QByteArray("RunInstances\\\\") << QByteArray("RunInstances\\");
        QTest::newRow("slash escape") << QByteArray("a\\/b") << QByteArray("a/b");
        QTest::newRow("unicode escape") << QByteArray("caf\\u00e9") << QByteArray("caf\xc3\xa9");
        QTest::newRow("raw UTF-8") << QByteArray("caf\xc3\xa9") << QByteArray("caf\xc3\xa9");
        QTest::newRow("31 bytes") << QByteArray(31, 'b') << QByteArray(31, 'b');
        QTest::newRow("32 bytes") << QByteArray(32, 'c') << QByteArray(32, 'c');
        QTest::newRow("33 bytes") << QByteArray(33, 'd') << QByteArray(33, 'd');
        QTest::newRow("long") << longText << longText;
        QTest::newRow("long, escape past 64 bytes") << longText + "\\n" << longText + "\n";
    }
    void stringValuesReadAsWritten()
    {
        QFETCH(QByteArray, written);
        QFETCH(QByteArray, value);
        const QByteArray record = "{\"eventTime\":\"2026-01-01T00:00:00Z\",\"eventName\":\"" + written +
                                  "\",\"userIdentity\":{\"type\":\"IAMUser\",\"userName\":\"" + written +
                                  "\"}}";
        LogReader reader;
        const FileResult r =
            reader.parse(std::string_view(record.constData(), std::size_t(record.size())), u"a.json"_s, 0);
        QVERIFY2(r.problems.empty(), qPrintable(r.problems.join(u"; ")));
        QCOMPARE(r.events.size(), std::size_t(1));
        const std::string_view expected(value.constData(), std::size_t(value.size()));
        QCOMPARE(r.strings.view(r.events.eventName[0]), expected);
        QCOMPARE(r.strings.view(r.events.userTa7[0]), expected);
    }

    void badFile_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("reason"); // a word the message must contain
        const QByteArray good = "{\"Records\":[" + test::cloudTrailRecord("alice", "1") + "," +
                                test::cloudTrailRecord("bob", "2") + "]}";
        const QByteArray gz = test::gzip(good);
        QTest::newRow("truncated gzip at 10") << gz.left(10) << "a.json.gz"
                                              << "gzip";
        QTest::newRow("truncated gzip at half") << gz.left(gz.size() / 2) << "a.json.gz"
                                                << "gzip";
        QTest::newRow("truncated gzip at -1") << gz.left(gz.size() - 1) << "a.json.gz"
                                              << "gzip";
        QTest::newRow("gz that is not gzip") << good << "a.json.gz"
                                             << "gzip";
        QTest::newRow("invalid json") << QByteArray("{\"Records\":[{\"a\":}]}") << "a.json"
                                      << "invalid JSON";
        QTest::newRow("records not array") << QByteArray("{\"Records\":5}") << "a.json"
                                           << "not an array";
        QTest::newRow("empty") << QByteArray() << "a.json"
                               << "empty";
        QTest::newRow("whitespace") << QByteArray(" \r\n\t ") << "a.json"
                                    << "empty";
        QTest::newRow("utf16") << QByteArray("\xff\xfe{\0\"\0", 6) << "a.json"
                               << "UTF-16";
        QTest::newRow("nul bytes") << QByteArray("{\"Records\":[\0\0]}", 17) << "a.json"
                                   << "invalid JSON";
        QTest::newRow("invalid utf8")
            << QByteArray("{\"Records\":[{\"eventName\":\"\xff\xfe\"}]}") << "a.json"
            << "invalid JSON";
        QTest::newRow("deep nesting") << QByteArray(100000, '[') + QByteArray(100000, ']') << "a.json"
                                      << "not JSON objects";
        QTest::newRow("a number") << QByteArray("42") << "a.json"
                                  << "number";
        QTest::newRow("lake results") << QByteArray("{\"QueryResultRows\":[]}") << "a.json"
                                      << "Lake";
        QTest::newRow("other eventbridge")
            << QByteArray("{\"detail-type\":\"EC2 Instance State-change Notification\",\"detail\":{}}")
            << "a.json"
            << "EventBridge";
        QTest::newRow("jsonl bad line")
            << test::cloudTrailRecord("alice", "1") + "\n{oops\n" + test::cloudTrailRecord("bob", "2") + "\n"
            << "a.jsonl"
            << "line 2";
        QTest::newRow("wrong types") << "{\"Records\":[" +
                                            test::cloudTrailRecord("alice", "1", ",\"userAgent\":7") + "]}"
                                     << "a.json"
                                     << "wrong JSON type";
    }

    void badFile()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, name);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        const QString bad = dir.filePath(name);
        mustWrite(bad, content);
        mustWrite(dir.filePath(QStringLiteral("z-good.json")),
                  "{\"Records\":[" + test::cloudTrailRecord("carol", "9") + "]}");
        const auto store = load({dir.path()});
        QVERIFY2(!store->problems.empty(), "a bad file must be reported");
        QCOMPARE(store->problems.front().path, bad);
        QVERIFY2(store->problems.front().message.contains(reason, Qt::CaseInsensitive),
                 qPrintable(problemsOf(*store)));
        // The good file still loads.
        bool carol = false;
        for (std::size_t i = 0; i < store->events.size(); ++i)
            carol |= store->str(store->events.userTa7[i]) == "carol";
        QVERIFY(carol);
    }

    void gzipBombIsRefused()
    {
        // 64 MiB of spaces compresses to ~64 KiB; a 16 MiB cap must refuse it without inflating it all.
        QTemporaryDir dir;
        mustWrite(dir.filePath(QStringLiteral("bomb.json.gz")), test::gzip(QByteArray(64 << 20, ' ')));
        ReadLimits limits;
        limits.maxContentBytes = 16 << 20;
        const auto store = load({dir.path()}, limits);
        QCOMPARE(store->problems.size(), std::size_t(1));
        QVERIFY2(store->problems.front().message.contains(QLatin1String("limit")),
                 qPrintable(problemsOf(*store)));
    }

    void concatenatedGzipMembers()
    {
        QTemporaryDir dir;
        mustWrite(dir.filePath(QStringLiteral("multi.jsonl.gz")),
                  test::gzip(test::cloudTrailRecord("alice", "1") + "\n") +
                      test::gzip(test::cloudTrailRecord("bob", "2") + "\n"));
        const auto store = load({dir.path()});
        QCOMPARE(store->counts.events, std::uint64_t(2));
        QVERIFY2(store->problems.empty(), qPrintable(problemsOf(*store)));
    }

    void hugeLineIsBounded()
    {
        // One 100 MB line: it loads, the giant value is stored as a 4 KiB prefix and the user is told.
        QTemporaryDir dir;
        const QByteArray huge(100 * 1000 * 1000, 'A');
        mustWrite(dir.filePath(QStringLiteral("huge.jsonl")),
                  test::cloudTrailRecord("alice", "1", ",\"userAgent\":\"" + huge + "\"") + "\n");
        const auto store = load({dir.path()});
        QCOMPARE(store->counts.events, std::uint64_t(1));
        QCOMPARE(store->str(store->events.userAgent[0]).size(), std::size_t(4096));
        QVERIFY2(problemsOf(*store).contains(QLatin1String("longer than")), qPrintable(problemsOf(*store)));
    }

    // Kinesis Data Firehose writes the values it delivers back to back, with no separator
    // (`{...}{...}`): every value is read, in both shapes, compressed or not, named or not.
    void concatenatedValues_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("events");
        const QByteArray eb1 = eventBridge(test::cloudTrailRecord("alice", "1")),
                         eb2 = eventBridge(test::cloudTrailRecord("bob", "2")),
                         eb3 = eventBridge(test::cloudTrailRecord("carol", "3"));
        const QByteArray rec1 = "{\"Records\":[" + test::cloudTrailRecord("alice", "1") + "," +
                                test::cloudTrailRecord("bob", "2") + "]}";
        const QByteArray rec2 = "{\"Records\":[" + test::cloudTrailRecord("carol", "3") + "]}";
        QTest::newRow("EventBridge, no separator") << eb1 + eb2 + eb3 << "a.json" << 3;
        QTest::newRow("EventBridge, no separator, gzip") << test::gzip(eb1 + eb2 + eb3) << "a.json.gz" << 3;
        QTest::newRow("EventBridge, Firehose object name")
            << test::gzip(eb1 + eb2 + eb3)
            << "cloudtrail-stream-1-2026-01-02-03-04-05-0a1b2c3d-4e5f-6789-abcd-ef0123456789" << 3;
        QTest::newRow("Records, no separator") << rec1 + rec2 << "a.json" << 3;
        QTest::newRow("Records, no separator, gzip") << test::gzip(rec1 + rec2) << "a.json.gz" << 3;
        QTest::newRow("pretty-printed, one after another")
            << QByteArray(eb1).replace(",", ",\n  ") + "\n" + QByteArray(eb2).replace(",", ",\n  ")
            << "a.json" << 2;
        QTest::newRow("JSON lines, two values on a line") << eb1 + eb2 + "\n" + eb3 + "\n"
                                                          << "a.jsonl" << 3;
        QTest::newRow("mixed shapes")
            << rec2 + " " + eb1 + "\n" + test::cloudTrailRecord("bob", "2") << "a.json" << 3;
    }

    void concatenatedValues()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, name);
        QFETCH(int, events);
        QTemporaryDir dir;
        mustWrite(dir.filePath(name), content);
        const auto store = load({dir.path()});
        QVERIFY2(store->problems.empty(), qPrintable(problemsOf(*store)));
        QCOMPARE(store->counts.events, std::uint64_t(events));
        QCOMPARE(store->counts.malformed, std::uint64_t(0));
        QStringList users;
        for (std::size_t i = 0; i < store->events.size(); ++i)
            users << store->qstr(store->events.userTa7[i]);
        users.sort();
        QCOMPARE(users, QStringList({u"alice"_s, u"bob"_s, u"carol"_s}).mid(0, events));
        // The drill-down reads each record back from where it was found.
        LogReader reader;
        for (std::size_t i = 0; i < store->events.size(); ++i) {
            QString error;
            const auto raw = reader.readRecord(store->files[store->fileOf(i)].path, store->events.offset[i],
                                               false, &error);
            QVERIFY2(raw.has_value(), qPrintable(error));
            const QByteArray json = QByteArray::fromStdString(*raw);
            QVERIFY2(json.startsWith('{') && json.endsWith('}'), json.constData());
            QVERIFY2(json.contains(QByteArray("\"userName\":\"" +
                                              store->qstr(store->events.userTa7[i]).toUtf8() + '"')),
                     json.constData());
        }
    }

    // A broken value among concatenated ones: the line that holds it is reported and loads nothing,
    // not even the values before the fault (a line is all or nothing); the other lines load.
    void concatenatedValueBroken()
    {
        QTemporaryDir dir;
        const QByteArray eb1 = eventBridge(test::cloudTrailRecord("alice", "1")),
                         eb2 = eventBridge(test::cloudTrailRecord("bob", "2")),
                         eb3 = eventBridge(test::cloudTrailRecord("carol", "3"));
        mustWrite(dir.filePath(u"a.json"_s), eb1 + "\n" + eb2 + "{\"oops\":}" + eb1 + "\n" + eb3 + "\n");
        const auto store = load({dir.filePath(u"a.json"_s)});
        QCOMPARE(store->counts.events, std::uint64_t(2));
        QVERIFY(!problemsOf(*store).contains(u"bob"_s));
        QVERIFY2(problemsOf(*store).contains(u"line 2: invalid JSON"_s), qPrintable(problemsOf(*store)));
        QStringList users;
        for (std::size_t i = 0; i < store->events.size(); ++i)
            users << store->qstr(store->events.userTa7[i]);
        QCOMPARE(users, QStringList({u"alice"_s, u"carol"_s}));

        // JSON lines: a stray bracket after a value breaks only its line.
        mustWrite(dir.filePath(u"b.jsonl"_s), eb1 + "\n" + eb2 + "{\"oops\":}" + eb1 + "\n" + eb3 + "]\n");
        const auto lines = load({dir.filePath(u"b.jsonl"_s)});
        QCOMPARE(lines->counts.events, std::uint64_t(1));
        QVERIFY2(problemsOf(*lines).contains(u"line 2: invalid JSON"_s), qPrintable(problemsOf(*lines)));
        QVERIFY2(problemsOf(*lines).contains(u"line 3: invalid JSON"_s), qPrintable(problemsOf(*lines)));

        // Cut short at the end: never silently dropped.
        mustWrite(dir.filePath(u"c.json"_s), eb1 + eb2.left(eb2.size() / 2));
        const auto cut = load({dir.filePath(u"c.json"_s)});
        QVERIFY2(problemsOf(*cut).contains(u"invalid JSON"_s), qPrintable(problemsOf(*cut)));
    }

    // Firehose names its objects without an extension: they are recognised by their content
    // (gzip, or JSON), in folders too; every file left out is listed with the reason.
    void extensionlessObjects()
    {
        QTemporaryDir dir;
        const QByteArray eb1 = eventBridge(test::cloudTrailRecord("alice", "1")),
                         eb2 = eventBridge(test::cloudTrailRecord("bob", "2"));
        const QString prefix = dir.filePath(u"2026/01/02/03/"_s);
        mustWrite(prefix + u"ct-stream-1-2026-01-02-03-04-05-0a1b2c3d-4e5f-6789-abcd-ef0123456789"_s,
                  test::gzip(eb1 + eb2));
        mustWrite(prefix + u"ct-stream-1-2026-01-02-03-09-05-1a1b2c3d-4e5f-6789-abcd-ef0123456789"_s,
                  "{\"Records\":[" + test::cloudTrailRecord("carol", "3") + "]}");
        mustWrite(prefix + u"notes"_s, "these are not logs\n");
        mustWrite(prefix + u"archive"_s, test::gzip("plain text, gzipped\n"));
        mustWrite(prefix + u"report.pdf"_s, "%PDF-1.4\n");
        mustWrite(prefix + u"notes.txt"_s, "{\"Records\":[]}");
        const auto store = load({dir.path()});
        QCOMPARE(store->counts.events, std::uint64_t(3));
        const QString problems = problemsOf(*store);
        // Extensionless objects that are not logs are read and reported by their content...
        for (const QString& unreadable : {u"notes"_s, u"archive"_s}) {
            bool listed = false;
            for (const auto& p : store->problems)
                listed |= p.path == prefix + unreadable;
            QVERIFY2(listed, qPrintable(unreadable + u" is not listed as a problem:\n"_s + problems));
        }
        QCOMPARE(store->problems.size(), std::size_t(2));
        QVERIFY2(problems.contains(u"neither gzip nor JSON"_s), qPrintable(problems));
        QVERIFY2(problems.contains(u"gzip, but the content is not JSON"_s), qPrintable(problems));
        // ...files with another extension are skipped by their name, and listed as such.
        QCOMPARE(store->counts.skippedByName, std::uint64_t(2));
        for (const QString& skipped : {u"report.pdf"_s, u"notes.txt"_s}) {
            bool listed = false;
            for (const auto& p : store->skippedFiles)
                listed |= p.path == prefix + skipped && p.message.startsWith(u"skipped by its name: "_s);
            QVERIFY2(listed, qPrintable(skipped + u" is not listed as skipped by its name"_s));
        }
    }

    void unreadableFiles()
    {
        QTemporaryDir dir;
        mustWrite(dir.filePath(QStringLiteral("good.json")),
                  "{\"Records\":[" + test::cloudTrailRecord("carol", "9") + "]}");
        // A dangling symlink fails to open even for root, who ignores permission bits.
        QVERIFY(QFile::link(dir.filePath(QStringLiteral("gone.json")),
                            dir.filePath(QStringLiteral("dangling.json"))));
        const auto store = load({dir.path(), dir.filePath(QStringLiteral("missing.json"))});
        QCOMPARE(store->counts.events, std::uint64_t(1));
        const QString problems = problemsOf(*store);
        QVERIFY2(problems.contains(QLatin1String("dangling.json: cannot open")), qPrintable(problems));
        QVERIFY2(problems.contains(QLatin1String("missing.json: no such file")), qPrintable(problems));
        if (geteuid() != 0) {
            const QString locked = dir.filePath(QStringLiteral("locked.json"));
            mustWrite(locked, "{}");
            QFile::setPermissions(locked, QFileDevice::Permissions());
            const auto again = load({locked});
            QVERIFY(problemsOf(*again).contains(QLatin1String("cannot open")));
        }
    }

    void nonUtf8FileName()
    {
        QTemporaryDir dir;
        const QByteArray name = QFile::encodeName(dir.path()) + "/caf\xe9-\xff.json";
        // QTemporaryDir cannot remove what it cannot name: the file goes first.
        const auto removeFile = qScopeGuard([&name] { ::unlink(name.constData()); });
        const QByteArray body = "{\"Records\":[" + test::cloudTrailRecord("latin1-named", "1") + "]}";
        const int fd = ::open(name.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        QVERIFY(fd >= 0);
        QCOMPARE(::write(fd, body.constData(), static_cast<size_t>(body.size())),
                 static_cast<ssize_t>(body.size()));
        ::close(fd);
        const auto store = load({dir.path()});
        // Either Qt round-trips the name and the record loads, or the file is reported by name.
        QVERIFY2(store->counts.events == 1 || (!store->problems.empty() &&
                                               store->problems.front().path.contains(QLatin1String("caf"))),
                 qPrintable(problemsOf(*store)));
    }

    void symlinkLoopTerminates()
    {
        QTemporaryDir dir;
        mustWrite(dir.filePath(QStringLiteral("a/x.json")),
                  "{\"Records\":[" + test::cloudTrailRecord("alice", "1") + "]}");
        QVERIFY(QFile::link(dir.filePath(QStringLiteral("a")), dir.filePath(QStringLiteral("a/loop"))));
        const auto store = load({dir.path()});
        QCOMPARE(store->counts.events, std::uint64_t(1));
    }

    void discoveryListsEachFileOnceInOrder()
    {
        // Files in nested folders, one named again on its own, a folder named twice, a symbolic link
        // to a file (its size is the target's) and a file that is not a log: each file once, in
        // path order, and the total is of those files' sizes.
        QTemporaryDir dir;
        const QByteArray big(5000, ' '), small(700, ' ');
        mustWrite(dir.filePath(QStringLiteral("b/2026/x.json")), big);
        mustWrite(dir.filePath(QStringLiteral("b/a.json.gz")), small);
        mustWrite(dir.filePath(QStringLiteral("a.jsonl")), "\n");
        mustWrite(dir.filePath(QStringLiteral("notes.txt")), big);
        QVERIFY(QFile::link(dir.filePath(QStringLiteral("b/2026/x.json")),
                            dir.filePath(QStringLiteral("c.json"))));
        const Discovery found = discoverInputs(
            {dir.path(), dir.filePath(QStringLiteral("b/a.json.gz")), dir.filePath(QStringLiteral("b"))});
        const QStringList expected{
            dir.filePath(QStringLiteral("a.jsonl")), dir.filePath(QStringLiteral("b/2026/x.json")),
            dir.filePath(QStringLiteral("b/a.json.gz")), dir.filePath(QStringLiteral("c.json"))};
        QCOMPARE(found.files, expected);
        QCOMPARE(found.totalBytes, std::uint64_t(1 + 5000 + 700 + 5000));
        QCOMPARE(found.skippedByNameCount, std::uint64_t(1));
    }

    // A name that is not valid UTF-8 (the file's own, or a folder's above it) cannot be named back
    // to the system from a QString, so the file is reported, not read under another name; the
    // others are found. Which names are valid is Qt's decoding of the whole absolute path, whatever
    // part of it the walk decodes.
    void discoveryReportsNonUtf8Names()
    {
        QTemporaryDir dir;
        const QByteArray root = QFile::encodeName(QDir(dir.path()).canonicalPath());
        // QTemporaryDir cannot remove what it cannot name.
        const auto removeAll = qScopeGuard([&root] {
            std::error_code ec;
            std::filesystem::remove_all(root.toStdString(), ec);
        });
        const QList<QByteArray> names{"good.json",
                                      "bad\xff.json",
                                      "caf\xc3\xa9.json",
                                      "\xef\xbb\xbf"
                                      "bom.json",
                                      "\xed\xa0\x80.json",
                                      "over\xc0\xaf.json",
                                      "cut\xe2\x82.json",
                                      "\xf0\x9f\x98\x80.json",
                                      "sub\xfe/inner.json",
                                      "sub\xfe/x\xff.json",
                                      "ok/inner.json"};
        for (const QByteArray& name : names) {
            const QByteArray path = root + '/' + name;
            ::mkdir(path.left(path.lastIndexOf('/')).constData(), 0755);
            const int fd = ::open(path.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            QVERIFY2(fd >= 0, path.constData());
            ::close(fd);
        }
        const Discovery found = discoverInputs({QFile::decodeName(root)});
        QStringList expectedFiles, expectedProblems;
        for (const QByteArray& name : names) {
            const QByteArray path = root + '/' + name;
            const QString decoded = QFile::decodeName(path);
            if (QFile::encodeName(decoded) == path)
                expectedFiles << decoded;
            else
                expectedProblems << decoded +
                                        u": the file name is not valid UTF-8; rename the file to read it"_s;
        }
        expectedFiles.sort();
        QCOMPARE(found.files, expectedFiles);
        QStringList problems;
        for (const LoadProblem& p : found.problems)
            problems << p.path + u": "_s + p.message;
        problems.sort();
        expectedProblems.sort();
        QCOMPARE(problems, expectedProblems);
        // The test means something only if both kinds are there.
        QVERIFY(expectedFiles.contains(QFile::decodeName(root + "/good.json")));
        QVERIFY(expectedProblems.size() >= 3);
        QCOMPARE(found.skipped, std::uint64_t(0));
    }

    // Digest and Insight files are left out by the folder they are in, wherever it is in the path:
    // below a named folder, the named folder itself, a file named there, or named by a relative
    // path. A similar name is not such a folder.
    void discoverySkipsDigestAndInsightFolders()
    {
        QTemporaryDir dir;
        const QString base = QDir(dir.path()).canonicalPath() + u"/AWSLogs/111122223333/"_s;
        const QStringList kept{
            base + u"CloudTrail/us-east-1/a.json"_s, base + u"CloudTrail-Digest-old/b.json"_s,
            base + u"CloudTrail/CloudTrail-Digest.json"_s, base + u"CloudTrail/eu/CloudTrail-Insight"_s};
        const QStringList digest{base + u"CloudTrail-Digest/us-east-1/2026/d1.json.gz"_s,
                                 base + u"CloudTrail-Digest/d2.json"_s,
                                 base + u"CloudTrail-Insight/us-east-1/i1.json.gz"_s,
                                 base + u"CloudTrail/CloudTrail-Insight/deep/er/i2.json"_s};
        for (const QString& path : kept + digest)
            mustWrite(path, "{}");
        // Not a log name: in a digest folder it is not listed as skipped by its name either.
        mustWrite(base + u"CloudTrail-Digest/notes.txt"_s, "x");
        mustWrite(base + u"CloudTrail/notes.txt"_s, "x");

        Discovery found = discoverInputs({QDir(dir.path()).canonicalPath()});
        QStringList expected = kept;
        expected.sort();
        QCOMPARE(found.files, expected);
        QCOMPARE(found.skipped, std::uint64_t(digest.size()));
        QCOMPARE(found.skippedByNameCount, std::uint64_t(1));
        QCOMPARE(found.skippedByName.size(), std::size_t(1));
        QCOMPARE(found.skippedByName.front().path, base + u"CloudTrail/notes.txt"_s);
        QVERIFY(found.problems.empty());

        // The named folder is itself a digest folder, or inside one; a digest file named alone.
        found = discoverInputs({base + u"CloudTrail-Digest"_s, base + u"CloudTrail-Digest/us-east-1"_s,
                                base + u"CloudTrail-Insight/us-east-1/i1.json.gz"_s});
        QCOMPARE(found.files, QStringList());
        QCOMPARE(found.skipped, std::uint64_t(2 + 1 + 1));
        QCOMPARE(found.skippedByNameCount, std::uint64_t(0));

        // Relative paths are made absolute before the test, so the named folder counts too.
        const QString previous = QDir::currentPath();
        QVERIFY(QDir::setCurrent(base));
        found = discoverInputs(
            {u"CloudTrail-Digest"_s, u"CloudTrail-Insight/us-east-1/i1.json.gz"_s, u"CloudTrail"_s});
        QVERIFY(QDir::setCurrent(previous));
        QCOMPARE(found.skipped, std::uint64_t(2 + 1 + 1));
        // Not a log name: listed in CloudTrail/, not in the digest folder named relatively either.
        QCOMPARE(found.skippedByNameCount, std::uint64_t(1));
        expected = QStringList{kept[0], kept[2], kept[3]};
        expected.sort();
        QCOMPARE(found.files, expected);
    }

    // Files only in the deepest folders (the S3 layout) are sorted folder by folder: the order must
    // still be QString's of the whole paths, folders whose names sort around '/' included, UTF-16's
    // order (an emoji's surrogates before U+FF01) and a folder or a file named twice.
    void discoverySortsLikeWholePaths()
    {
        QTemporaryDir dir;
        const QString root = QDir(dir.path()).canonicalPath();
        const QStringList folders{u"a"_s, u"a-"_s, u"a0"_s, u"a.b"_s, u"Z"_s, u"\u00e9"_s, u"\uff01"_s};
        const QStringList names{u"x.json"_s, u"x-.json"_s,         u"x0.json"_s,     u"X.json"_s,
                                u"x"_s,      u"\U0001F600.json"_s, u"\uff01.json"_s, u"x.json.gz"_s};
        QStringList expected;
        for (const QString& folder : folders)
            for (const QString& name : names) {
                expected << root + u'/' + folder + u'/' + name;
                mustWrite(expected.back(), "{}");
            }
        expected.sort();
        const Discovery found = discoverInputs({root, root + u"/a-/x.json"_s, root + u"/a0"_s});
        QCOMPARE(found.files, expected);
        QCOMPARE(found.totalBytes, std::uint64_t(2 * expected.size()));
    }

    // What the listing does not say plainly is asked: links to a file are read (their size the
    // target's), links to a folder and broken links are reported, a named pipe is not read.
    void discoveryOfLinksAndOddFiles()
    {
        QTemporaryDir dir;
        const QString root = QDir(dir.path()).canonicalPath();
        mustWrite(root + u"/real/a.json"_s, "1234567");
        QVERIFY(QFile::link(root + u"/real"_s, root + u"/tofolder"_s));
        QVERIFY(QFile::link(root + u"/real/a.json"_s, root + u"/tofile.json"_s));
        QVERIFY(QFile::link(root + u"/missing.json"_s, root + u"/dangling.json"_s));
        QCOMPARE(::mkfifo(QFile::encodeName(root + u"/pipe.json"_s).constData(), 0644), 0);
        const Discovery found = discoverInputs({root});
        QCOMPARE(found.files, (QStringList{root + u"/real/a.json"_s, root + u"/tofile.json"_s}));
        QCOMPARE(found.totalBytes, std::uint64_t(2 * 7));
        QStringList problems;
        for (const LoadProblem& p : found.problems)
            problems << p.path + u": "_s + p.message;
        problems.sort();
        QCOMPARE(problems,
                 (QStringList{
                     root + u"/dangling.json: cannot open: a broken symbolic link"_s,
                     root + u"/pipe.json: not a regular file"_s,
                     root + u"/tofolder: skipped: a symbolic link to a folder (links are not followed)"_s}));
    }

    // Relative names are reported absolute (from the working folder, not tidied), in path order,
    // each file once however it was named.
    void discoveryOfRelativePaths()
    {
        QTemporaryDir dir;
        const QString root = QDir(dir.path()).canonicalPath();
        mustWrite(root + u"/logs/b.json"_s, "12");
        mustWrite(root + u"/logs/2026/a.json.gz"_s, "1234");
        mustWrite(root + u"/logs/2026/readme.md"_s, "x");
        mustWrite(root + u"/other.jsonl"_s, "1");
        const QString previous = QDir::currentPath();
        QVERIFY(QDir::setCurrent(root));
        const Discovery found =
            discoverInputs({u"logs"_s, u"logs/"_s, u"logs/b.json"_s, root + u"/logs/2026"_s, u"other.jsonl"_s,
                            u"missing.json"_s, u"./logs/2026"_s});
        QVERIFY(QDir::setCurrent(previous));
        // The same folder named three ways is read once.
        const QStringList expected{root + u"/logs/2026/a.json.gz"_s, root + u"/logs/b.json"_s,
                                   root + u"/other.jsonl"_s};
        QCOMPARE(found.files, expected);
        QCOMPARE(found.totalBytes, std::uint64_t(4 + 2 + 1));
        QCOMPARE(found.skippedByNameCount, std::uint64_t(4));
        QStringList skipped;
        for (const LoadProblem& p : found.skippedByName)
            skipped << p.path;
        skipped.sort();
        skipped.removeDuplicates();
        QCOMPARE(skipped, QStringList{root + u"/logs/2026/readme.md"_s});
        QCOMPARE(found.problems.size(), std::size_t(1));
        QCOMPARE(found.problems.front().path, u"missing.json"_s);
    }

    void contentReaderAlternatesPlainAndGzip()
    {
        // One reader reads each file whole before looking at its first bytes, and a plain file's
        // buffer then trades places with the content's: plain and gzip files of growing and
        // shrinking sizes in turn must each come back exactly, followed by zeros for the parser,
        // with the hash of the bytes on disk; a ".gz" that is not gzip is refused unhashed.
        QTemporaryDir dir;
        struct Case
        {
            QString name;
            QByteArray content;
            bool gzip;
        };
        std::vector<Case> cases;
        int n = 0;
        for (const int size : {10, 70'000, 3, 200'000, 0, 1'000, 150'000, 1}) {
            QByteArray content;
            for (int i = 0; content.size() < size; ++i)
                content += QByteArray::number(i * 7919 % 1000) + ' ';
            content.truncate(size);
            for (const bool gzip : {false, true}) {
                const QString name = QStringLiteral("f%1%2").arg(n++).arg(gzip ? u".json.gz"_s : u".json"_s);
                mustWrite(dir.filePath(name), gzip ? test::gzip(content) : content);
                cases.push_back({name, content, gzip});
            }
        }
        mustWrite(dir.filePath(QStringLiteral("plain.json.gz")), "{\"Records\":[]}");
        ContentReader reader{ReadLimits{}};
        reader.setHashing(true);
        for (int round = 0; round < 2; ++round) {
            for (const Case& c : cases) {
                FileContent out;
                QString error;
                QVERIFY2(reader.load(dir.filePath(c.name), out, error), qPrintable(c.name + u": "_s + error));
                QCOMPARE(out.compressed, c.gzip);
                QCOMPARE(QByteArray(out.content.data(), qsizetype(out.content.size())), c.content);
                QVERIFY(reader.capacity() >= out.content.size() + kContentPadding);
                const std::string_view padding(out.content.data() + out.content.size(), kContentPadding);
                QVERIFY2(padding.find_first_not_of('\0') == std::string_view::npos, qPrintable(c.name));
                QFile disk(dir.filePath(c.name));
                QVERIFY(disk.open(QIODevice::ReadOnly));
                QCOMPARE(out.sha256,
                         QCryptographicHash::hash(disk.readAll(), QCryptographicHash::Sha256).toHex());
                reader.trim();
            }
            FileContent out;
            QString error;
            QVERIFY(!reader.load(dir.filePath(QStringLiteral("plain.json.gz")), out, error));
            QVERIFY2(error.startsWith(u"not a gzip file"_s), qPrintable(error));
            QVERIFY(out.sha256.isEmpty());
        }
    }

    void reusedResultHoldsOnlyItsOwnFile()
    {
        // The loader reuses a merged file's result for the next file (FileResult::clear keeps its
        // memory): whatever came before, a file read into a used result must give exactly what it
        // gives read into a new one. Before: a big file with many strings, events, errors and a
        // malformed record; a broken file (problems, unreadable); a JSON-lines file re-read line
        // by line after a bad line.
        QTemporaryDir dir;
        QByteArray big;
        for (int i = 0; i < 600; ++i)
            big += (i ? "," : "") + richRecord("big", i);
        big += R"(,{"eventName":"NoTime"})";
        mustWrite(dir.filePath(QStringLiteral("big.json.gz")), test::gzip("{\"Records\":[" + big + "]}"));
        mustWrite(dir.filePath(QStringLiteral("broken.json.gz")), test::gzip("{\"Records\":[").left(12));
        mustWrite(dir.filePath(QStringLiteral("lines.jsonl")),
                  richRecord("line", 1) + "\n{oops\n" + richRecord("line", 2) + "\n");
        mustWrite(dir.filePath(QStringLiteral("small.json")),
                  "{\"Records\":[" + richRecord("small", 7) + "]}");
        const QStringList names{QStringLiteral("big.json.gz"), QStringLiteral("broken.json.gz"),
                                QStringLiteral("lines.jsonl"), QStringLiteral("small.json")};
        for (const bool hashing : {false, true}) {
            LogReader reader;
            reader.setHashing(hashing);
            FileResult reused;
            for (const QString& before : names) {
                for (const QString& after : names) {
                    reader.read(dir.filePath(before), reused);
                    reader.read(dir.filePath(after), reused);
                    LogReader fresh;
                    fresh.setHashing(hashing);
                    const FileResult expected = fresh.read(dir.filePath(after), 0);
                    QVERIFY2(expected.events.size() > 0 || after == u"broken.json.gz", qPrintable(after));
                    QCOMPARE(describe(reused), describe(expected));
                }
            }
        }
    }

    void loadReusingResultsKeepsEachFileApart()
    {
        // Big and one-event files in turn, each with users, keys and addresses of its own, on one
        // and two threads: every event belongs to the file the store says it came from, and
        // every file has all its events, whichever result the loader reused for it.
        QTemporaryDir dir;
        constexpr int kFiles = 40;
        for (int f = 0; f < kFiles; ++f) {
            const QByteArray tag = "f" + QByteArray::number(f);
            QByteArray body;
            const int events = f % 2 ? 1 : 300 + f;
            for (int i = 0; i < events; ++i)
                body += (i ? "," : "") + richRecord(tag, i);
            mustWrite(dir.filePath(QStringLiteral("%1.json.gz").arg(f, 2, 10, QLatin1Char('0'))),
                      test::gzip("{\"Records\":[" + body + "]}"));
        }
        for (const int threads : {1, 2}) {
            LoadOptions options;
            options.threads = threads;
            options.hashFiles = true;
            const auto store = loadEvents({dir.path()}, options);
            QCOMPARE(store->files.size(), std::size_t(kFiles));
            for (std::size_t f = 0; f < store->files.size(); ++f) {
                const SourceFile& file = store->files[f];
                QCOMPARE(file.events, std::uint64_t(f % 2 ? 1 : 300 + f));
                QCOMPARE(
                    file.sha256,
                    QCryptographicHash::hash(test::readFile(file.path), QCryptographicHash::Sha256).toHex());
                const QByteArray tag = "f" + QByteArray::number(qulonglong(f)) + "-";
                for (std::uint64_t i = file.firstEvent; i < file.firstEvent + file.events; ++i) {
                    QVERIFY(store->str(store->events.userTa7[i]).starts_with(tag.constData()));
                    QCOMPARE(store->str(store->events.eventSource[i]), std::string_view("s3.amazonaws.com"));
                    QVERIFY(store->str(store->events.userAgent[i])
                                .starts_with(QByteArray(tag.chopped(1) + "-agent").constData()));
                    QCOMPARE(store->fileOf(i), std::uint32_t(f));
                }
            }
        }
    }

    void rawRecordsReadBack_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("Records gz")
            << "corpus/trailscraper/"
               "111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json.gz";
        QTest::newRow("lookup-events") << "corpus/aws-cli/lookup-events.output.json";
        QTest::newRow("EventBridge") << "spec/shapes/eventbridge.json";
        QTest::newRow("JSON lines") << "spec/shapes/lines.jsonl";
        QTest::newRow("array") << "spec/shapes/array.json";
    }

    void rawRecordsReadBack()
    {
        QFETCH(QString, file);
        const auto store = load({kData + u'/' + file});
        QVERIFY2(store->counts.events > 0, qPrintable(problemsOf(*store)));
        LogReader reader;
        for (std::size_t i = 0; i < store->events.size(); ++i) {
            QString error;
            const auto raw = reader.readRecord(store->files[store->fileOf(i)].path, store->events.offset[i],
                                               store->events.flags[i] & EventFlag::Embedded, &error);
            QVERIFY2(raw.has_value(), qPrintable(error));
            // The record read back is one JSON object holding the event's own eventTime.
            const QByteArray json = QByteArray::fromStdString(*raw);
            QVERIFY2(json.startsWith('{') && json.endsWith('}'), json.left(80).constData());
            QVERIFY(json.contains("\"eventTime\""));
            const auto name = store->str(store->events.eventName[i]);
            QVERIFY(json.contains(QByteArray(name.data(), static_cast<qsizetype>(name.size()))));
        }
    }

    void fuzzRegressions()
    {
        QDir dir(kData + QStringLiteral("/fuzz-regressions"));
        const QStringList files =
            dir.entryList({QStringLiteral("*.json"), QStringLiteral("*.gz")}, QDir::Files);
        QVERIFY(!files.isEmpty());
        for (const QString& name : files) {
            const auto store = load({dir.filePath(name)});
            LogReader reader;
            for (std::size_t i = 0; i < store->events.size(); ++i) {
                QString error;
                const auto raw =
                    reader.readRecord(store->files[store->fileOf(i)].path, store->events.offset[i],
                                      store->events.flags[i] & EventFlag::Embedded, &error);
                QVERIFY2(raw.has_value(), qPrintable(name + QStringLiteral(": ") + error));
                // The same test as fuzz_logreader's: what the drill-down shows is one JSON object.
                const QString text = QString::fromStdString(*raw);
                QVERIFY2(raw->front() == '{' && raw->back() == '}',
                         qPrintable(name + QStringLiteral(": record %1 reads back as %2 … %3")
                                               .arg(i)
                                               .arg(text.left(40), text.right(40))));
            }
            QVERIFY2(store->events.size() > 0 || !store->problems.empty(), qPrintable(name));
        }
    }

    void recordReadsBackFromItsStart()
    {
        // The store keeps where a record starts, not its length: the drill-down finds its end again,
        // past braces, brackets and escaped quotes inside strings, by parsing the file again.
        QTemporaryDir dir;
        const QByteArray first = "{\"eventTime\":\"2026-01-01T00:00:00Z\",\"eventName\":\"Get}\\\"{[\","
                                 "\"userIdentity\":{\"type\":\"IAMUser"
                                 "\",\"userName\":\"alice\"},\"requestParameters\":{\"k\":[\"}\",{\"a\":"
                                 "\"\\\\\"},[]]},\"userAgent\":\"a\\\\\\\"}\"}";
        const QByteArray second = "{\"eventTime\":\"2026-01-01T00:00:01Z\",\"eventName\":\"List\",\"user"
                                  "Identity\":{\"type\":\"IAMUser\",\"userName\":\"bob\"}}";
        mustWrite(dir.filePath(QStringLiteral("r.json")), "{\"Records\":[" + first + ",\n " + second + "]}");
        const auto store = load({dir.path()});
        QCOMPARE(store->counts.events, std::uint64_t(2));
        LogReader reader;
        QString error;
        const auto a = reader.readRecord(store->files[0].path, store->events.offset[0], false, &error);
        QVERIFY2(a.has_value(), qPrintable(error));
        QCOMPARE(QByteArray::fromStdString(*a), first);
        const auto b = reader.readRecord(store->files[0].path, store->events.offset[1], false, &error);
        QVERIFY2(b.has_value(), qPrintable(error));
        QCOMPARE(QByteArray::fromStdString(*b), second);
        // Where no record starts any more (the file changed), nothing is shown as one.
        QVERIFY(!reader.readRecord(store->files[0].path, store->events.offset[0] + 1, false, &error));
        QVERIFY(error.contains(QLatin1String("reload")));
    }

    void storeIsCompact()
    {
        // 50 bytes an event in the columns, whatever the record size.
        QTemporaryDir dir;
        QByteArray lines;
        for (int i = 0; i < 20000; ++i)
            lines +=
                test::cloudTrailRecord("user" + QByteArray::number(i % 50), QByteArray::number(i)) + '\n';
        mustWrite(dir.filePath(QStringLiteral("many.jsonl")), lines);
        const auto store = load({dir.path()});
        QCOMPARE(store->counts.events, std::uint64_t(20000));
        const double perEvent = double(store->events.memoryBytes()) / 20000.0;
        QVERIFY2(perEvent <= 2 * 50, qPrintable(QString::number(perEvent))); // capacity may be up to 2x size
        // The row itself: time, nine string ids, offset, flags and the principal hints (the file is
        // not a column, nor the record's length; errorCode and the hints' detail are sparse:
        // nothing when 0). One of the ids is the credential (identity type, access key, session):
        // its table, the access keys' and the sessions' grow with the distinct credentials, not
        // with the events.
        EventColumns row;
        row.reserve(1000);
        QCOMPARE(row.memoryBytes(), std::size_t(50 * 1000) + CredentialTable().memoryBytes() +
                                        AccessKeyTable().memoryBytes() + SessionTable().memoryBytes());
    }

    void temporaryCredentialsAreCompact()
    {
        // Every call signed by temporary credentials of its own (an access key and a session
        // creation date each): what the store holds for them grows by the distinct credentials'
        // tables, 16 bytes a key, 16 a session and 12 a triple with the vectors' spare capacity
        // and the tables' slots; not by a string of ~50 bytes (text, view, hash, slots) in the pool
        // for each key and each creation date.
        constexpr int kEvents = 20000;
        const auto records = [](bool credentials) {
            QByteArray lines;
            for (int i = 0; i < kEvents; ++i) {
                const QByteArray n = QByteArray::number(i).rightJustified(6, '0');
                QByteArray identity = "{\"type\":\"AssumedRole\",\"arn\":\"arn:aws:sts::1:assumed-role/R/s\"";
                if (credentials)
                    identity += ",\"accessKeyId\":\"ASIAZ2345672BC" + n +
                                "\",\"sessionContext\":{\"attributes\":{\"creationDate\":\"2026-10-01T" +
                                n.left(2) + ':' + n.mid(2, 2) + ':' + n.right(2) + "Z\"}}";
                lines += "{\"eventVersion\":\"1.08\",\"userIdentity\":" + identity +
                         "},\"eventTime\":\"2026-10-01T09:00:00Z\",\"eventSource\":\"s3.amazonaws.com\","
                         "\"eventName\":\"ListBuckets\",\"awsRegion\":\"us-east-1\",\"eventID\":\"e" +
                         n + "\"}\n";
            }
            return lines;
        };
        QTemporaryDir dir;
        mustWrite(dir.filePath(QStringLiteral("with/a.jsonl")), records(true));
        mustWrite(dir.filePath(QStringLiteral("without/a.jsonl")), records(false));
        const auto with = load({dir.filePath(QStringLiteral("with"))});
        const auto without = load({dir.filePath(QStringLiteral("without"))});
        QCOMPARE(with->counts.events, std::uint64_t(kEvents));
        QCOMPARE(without->counts.events, std::uint64_t(kEvents));
        QCOMPARE(with->session(kEvents - 1) != with->session(kEvents - 2), true); // all distinct
        const auto bytes = [](const EventStore& s) {
            return s.events.memoryBytes() + s.strings.memoryBytes();
        };
        const double perCredential = double(bytes(*with) - bytes(*without)) / kEvents;
        // 44 bytes of entries, up to 2x for the vectors' capacity, and up to 16 bytes of slots a
        // table (at most half full, doubled when half full): 136 at worst.
        QVERIFY2(perCredential <= 2 * 44 + 3 * 16, qPrintable(QString::number(perCredential)));
    }

    void oneRuleSetsUsers()
    {
        // LoadOptions::onlyRules: the other rule set's user column is not kept, the rest is as
        // with both.
        QTemporaryDir dir;
        QByteArray lines;
        for (int i = 0; i < 300; ++i) // Ta7 and legacy differ: no userName, the ARN names a role
            lines += test::cloudTrailRecord(i % 3 ? "user" + QByteArray::number(i % 7) : QByteArray(),
                                            QByteArray::number(i)) +
                     '\n';
        mustWrite(dir.filePath(QStringLiteral("a.jsonl")), lines);
        LoadOptions options;
        const auto both = loadEvents({dir.path()}, options);
        QCOMPARE(both->events.size(), std::size_t(300));
        QVERIFY(both->events.userTa7 != both->events.userLegacy);
        for (const RuleSet rules : {RuleSet::Ta7, RuleSet::Legacy}) {
            options.onlyRules = rules;
            const auto one = loadEvents({dir.path()}, options);
            QCOMPARE(one->events.size(), std::size_t(300));
            const auto& kept = rules == RuleSet::Ta7 ? one->events.userTa7 : one->events.userLegacy;
            const auto& dropped = rules == RuleSet::Ta7 ? one->events.userLegacy : one->events.userTa7;
            QVERIFY(dropped.empty());
            QCOMPARE(dropped.capacity(), std::size_t(0));
            for (std::size_t i = 0; i < 300; ++i)
                QCOMPARE(one->qstr(kept[i]), both->qstr(both->user(i, rules)));
            QCOMPARE(one->events.time, both->events.time);
            QCOMPARE(one->events.flags, both->events.flags);
            QVERIFY(one->events.memoryBytes() < both->events.memoryBytes());
        }
    }

    void leanLoadReadsTheSame()
    {
        // LoadOptions::details and credentials off (a scan that writes JSON, CSV or a table): the
        // regions, addresses, agents, access keys and sessions are not kept, and nothing else
        // changes: the same events, counts and problems, a broken, long, duplicated or mistyped
        // value in a field not kept included.
        QTemporaryDir dir;
        // JSON written with ' for " (moc misreads raw strings with many quotes).
        const auto json = [](QByteArray text) { return text.replace('\'', '"'); };
        const QByteArray longValue(5000, 'a');
        const QByteArray odd[] = {
            json("'userAgent':'") + longValue + '"',
            json("'userAgent':'one','userAgent':'two'"),
            json("'sourceIPAddress':17"),
            json("'awsRegion':'us-east-1'"),
            json("'userIdentity':{'type':'IAMUser','userName':'k','accessKeyId':'") + longValue + json("'}"),
        };
        QByteArray body;
        for (int i = 0; i < 5; ++i)
            body += QByteArray(i ? "," : "") +
                    json("{'eventTime':'2026-01-02T03:04:05Z','eventName':'ListBuckets','eventID':'odd") +
                    QByteArray::number(i) + json("',") +
                    (i == 4 ? QByteArray() : json("'userIdentity':{'type':'IAMUser','userName':'u'},")) +
                    odd[i] + '}';
        mustWrite(dir.filePath(QStringLiteral("odd.json")), test::cloudTrailFile(body));
        // A broken escape is found by reading the value, kept or not: the document is broken.
        mustWrite(dir.filePath(QStringLiteral("odd2.json")),
                  test::cloudTrailFile(test::cloudTrailRecord("u", "escape", json("'awsRegion':'bad \\q'"))));
        const QStringList inputs{test::dataDir() + QStringLiteral("/corpus"),
                                 test::sampleDir() + QStringLiteral("/AWSLogs"), dir.path()};

        LoadOptions options;
        const auto full = loadEvents(inputs, options);
        options.details = false;
        options.credentials = false;
        const auto lean = loadEvents(inputs, options);
        QVERIFY(full->details);
        QVERIFY(!lean->details);
        QVERIFY2(full->counts.events > 1000, qPrintable(QString::number(full->counts.events)));
        QCOMPARE(lean->counts.events, full->counts.events);
        QCOMPARE(lean->counts.duplicates, full->counts.duplicates);
        QCOMPARE(lean->counts.malformed, full->counts.malformed);
        QCOMPARE(lean->counts.unreadable, full->counts.unreadable);
        QCOMPARE(lean->problems.size(), full->problems.size());
        for (std::size_t i = 0; i < full->problems.size(); ++i) {
            QCOMPARE(lean->problems[i].path, full->problems[i].path);
            QCOMPARE(lean->problems[i].message, full->problems[i].message);
        }
        QString oddProblems;
        for (const LoadProblem& p : full->problems)
            if (p.path.endsWith(QLatin1String("odd.json")))
                oddProblems += p.message + u'\n';
        QVERIFY2(oddProblems.contains(QLatin1String("longer than")), qPrintable(oddProblems));
        QVERIFY2(oddProblems.contains(QLatin1String("userAgent")), qPrintable(oddProblems));
        QVERIFY2(oddProblems.contains(QLatin1String("sourceIPAddress")), qPrintable(oddProblems));

        const EventColumns& a = full->events;
        const EventColumns& b = lean->events;
        QVERIFY(b.region.empty() && b.sourceIp.empty() && b.userAgent.empty());
        QCOMPARE(b.region.capacity() + b.sourceIp.capacity() + b.userAgent.capacity(), std::size_t(0));
        QCOMPARE(b.time, a.time);
        QCOMPARE(b.offset, a.offset);
        QCOMPARE(b.flags, a.flags);
        QCOMPARE(b.principal, a.principal);
        const auto sameText = [&](const auto& x, const auto& y, const char* column) {
            for (std::size_t i = 0; i < a.size(); ++i)
                if (full->str(x[i]) != lean->str(y[i]))
                    return QStringLiteral("%1 of event %2").arg(QLatin1String(column)).arg(i);
            return QString();
        };
        QCOMPARE(sameText(a.userTa7, b.userTa7, "userTa7"), QString());
        QCOMPARE(sameText(a.userLegacy, b.userLegacy, "userLegacy"), QString());
        QCOMPARE(sameText(a.eventName, b.eventName, "eventName"), QString());
        QCOMPARE(sameText(a.eventSource, b.eventSource, "eventSource"), QString());
        QCOMPARE(sameText(a.account, b.account, "account"), QString());
        QCOMPARE(sameText(a.errorCode, b.errorCode, "errorCode"), QString());
        QCOMPARE(sameText(a.principalDetail, b.principalDetail, "principalDetail"), QString());
        for (std::size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(lean->str(lean->identityType(i)), full->str(full->identityType(i)));
            QCOMPARE(lean->accessKey(i), 0u);
            QCOMPARE(lean->session(i), 0u);
        }
        QVERIFY(b.memoryBytes() + lean->strings.memoryBytes() <
                a.memoryBytes() + full->strings.memoryBytes());
    }

    void sparseColumn()
    {
        SparseColumn c;
        const std::vector<std::uint32_t> values{0, 7, 0, 0, 9, 0, 3, 0};
        for (auto v : values)
            c.push_back(v);
        QCOMPARE(c.size(), values.size());
        QCOMPARE(c.nonZero(), std::size_t(3));
        std::size_t cursor = 0;
        for (std::size_t i = 0; i < values.size(); ++i) {
            QCOMPARE(c[i], values[i]);
            QCOMPARE(c.sequentialAt(i, cursor), values[i]);
        }
        QCOMPARE(c[100], 0u);
        c.resize(5); // keeps events 0..4
        QCOMPARE(c.size(), std::size_t(5));
        QCOMPARE(c.nonZero(), std::size_t(2));
        QCOMPARE(c[4], 9u);
        QCOMPARE(c[6], 0u);
        c.push_back(5);
        QCOMPARE(c[5], 5u);
        c.clear();
        QCOMPARE(c.size(), std::size_t(0));
        QCOMPARE(c[1], 0u);
    }

    void sparseColumnsThroughTheMerge()
    {
        // errorCode and the hints' detail are kept only where set, and read back per event after
        // the merge has moved them into the store (with duplicates dropped in between).
        QTemporaryDir dir;
        QByteArray lines;
        for (int i = 0; i < 300; ++i) {
            const QByteArray extra = i % 3 == 0   ? R"(,"errorCode":"AccessDenied")"
                                     : i % 5 == 0 ? R"(,"errorCode":"Throttling")"
                                                  : "";
            lines += test::cloudTrailRecord("u", "e" + QByteArray::number(i % 250), extra) + '\n';
        }
        mustWrite(dir.filePath(QStringLiteral("a.jsonl")), lines);
        const auto store = load({dir.path()});
        QCOMPARE(store->counts.events, std::uint64_t(250));
        for (std::size_t i = 0; i < 250; ++i) {
            const QString expected = i % 3 == 0   ? QStringLiteral("AccessDenied")
                                     : i % 5 == 0 ? QStringLiteral("Throttling")
                                                  : QString();
            QCOMPARE(store->qstr(store->events.errorCode[i]), expected);
        }
    }

    void duplicatesAcrossManyFiles()
    {
        // Each file repeats the second half of the one before: the duplicate set grows past its first
        // size and past the estimate made after the first files, and keeps exactly the first copy.
        constexpr int kFiles = 30, kPerFile = 400, kOverlap = 200;
        QTemporaryDir dir;
        for (int f = 0; f < kFiles; ++f) {
            QByteArray lines;
            for (int i = 0; i < kPerFile; ++i) {
                const int id = f * (kPerFile - kOverlap) + i;
                lines += test::cloudTrailRecord("user" + QByteArray::number(id % 7),
                                                "e" + QByteArray::number(id)) +
                         '\n';
            }
            mustWrite(dir.filePath(QStringLiteral("f%1.jsonl").arg(f, 2, 10, QLatin1Char('0'))), lines);
        }
        for (int threads : {1, 2}) {
            LoadOptions options;
            options.threads = threads;
            const auto store = loadEvents({dir.path()}, options);
            const std::uint64_t unique = (kFiles - 1) * (kPerFile - kOverlap) + kPerFile;
            QCOMPARE(store->counts.events, unique);
            QCOMPARE(store->counts.duplicates, std::uint64_t(kFiles * kPerFile) - unique);
            QCOMPARE(store->files.front().events, std::uint64_t(kPerFile));
            for (std::size_t f = 1; f < store->files.size(); ++f)
                QCOMPARE(store->files[f].events, std::uint64_t(kPerFile - kOverlap));
        }
    }

    void deterministicAcrossThreadCounts()
    {
        LoadOptions one, many;
        one.threads = 1;
        many.threads = 4;
        const QStringList paths{kData + QStringLiteral("/corpus")};
        const auto a = loadEvents(paths, one);
        const auto b = loadEvents(paths, many);
        QCOMPARE(a->counts.events, b->counts.events);
        QCOMPARE(a->counts.duplicates, b->counts.duplicates);
        QCOMPARE(a->events.offset, b->events.offset);
        for (std::size_t i = 0; i < a->events.size(); ++i)
            QCOMPARE(a->fileOf(i), b->fileOf(i));
    }

    void cancelStopsEarly()
    {
        std::atomic_bool cancel{true};
        const auto store = loadEvents({kData + QStringLiteral("/corpus")}, {}, nullptr, &cancel);
        QVERIFY(store->cancelled);
        QCOMPARE(store->counts.events, std::uint64_t(0));
    }
};

QTEST_GUILESS_MAIN(TestLogReader)
#include "tst_logreader.moc"
