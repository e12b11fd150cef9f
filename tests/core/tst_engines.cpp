// SPDX-License-Identifier: GPL-3.0-or-later
// Engine queries and result readers without an engine: golden texts, the size check, the header
// read back, the DDL, and the readers of Athena CSV, CloudTrail Lake JSON and Splunk CSV with
// hostile values and broken files.

#include "core/analysissession.h"
#include "core/detection/detection.h"
#include "core/engines/enginequery.h"
#include "core/engines/engineresult.h"
#include "core/lists/identitylists.h"
#include "core/version.h"
#include "tests/support/testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace tw;

namespace {

const QString kGolden = QStringLiteral(TRAILWARDEN_TEST_DATA "/engines");

QString readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// The version in the header changes with every release; the golden files say VERSION.
QString versionless(QString s)
{
    return s.replace(QStringLiteral("TrailWarden " TRAILWARDEN_VERSION " engine query"),
                     QStringLiteral("TrailWarden VERSION engine query"));
}

QueryOptions goldenOptions(Engine engine)
{
    QueryOptions o;
    o.engine = engine;
    o.table = engine == Engine::SecurityLake ? QString() : QStringLiteral("cloudtrail_logs_pp");
    o.database = QStringLiteral("security");
    o.eventDataStore = QStringLiteral("EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE");
    o.region = QStringLiteral("eu-central-1");
    o.window.from = *parseEventTime("2026-10-01T00:00:00Z");
    o.window.to = *parseEventTime("2026-10-31T12:30:00Z");
    o.embedLists = true;
    // Hostile list entries: quotes of both kinds, a backslash, LIKE metacharacters, non-ASCII.
    o.approved = {QStringLiteral("svc-*"),       QStringLiteral("o'brien"), QStringLiteral("x\"y"),
                  QStringLiteral("back\\slash"), QStringLiteral("100%_*"),  QStringLiteral("Jürgen")};
    o.identities = {QStringLiteral("a.smith"), QStringLiteral("a.smith@example.com")};
    o.approvedSha256 = QString(64, u'a');
    o.identitiesSha256 = QString(64, u'b');
    return o;
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(bytes);
    return path;
}

// An Athena result of the detection with n users, one row each (all findings: no lists).
bool writeUsersResult(const QString& path, int n)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    f.write("\"user\",\"count\",\"firsttime\",\"lasttime\",\"eventname\"\n");
    for (int i = 0; i < n; ++i)
        f.write("\"user-" + QByteArray::number(i).rightJustified(7, '0') +
                "\",\"12\",\"2026-10-01 00:00:00\",\"2026-10-02 03:04:05\","
                "\"[\"\"GetObject\"\",\"\"ListBuckets\"\",\"\"PutObject\"\"]\"\n");
    return f.error() == QFileDevice::NoError;
}

// Peak resident memory (KiB) of trailwarden-cli run with args; -1 when it did not exit with 0.
long peakRssOfCli(const QStringList& args)
{
    std::vector<QByteArray> bytes{QByteArrayLiteral(TRAILWARDEN_CLI)};
    for (const QString& a : args)
        bytes.push_back(a.toLocal8Bit());
    std::vector<char*> argv;
    for (QByteArray& b : bytes)
        argv.push_back(b.data());
    argv.push_back(nullptr);
    // Under AddressSanitizer (the asan preset) freed memory waits in a quarantine of up to 256 MB,
    // which would count as the program's peak here; what is measured is what the program holds, so
    // the child keeps none. Other builds ignore ASAN_OPTIONS. Built before fork: the child only execs.
    QByteArray asan = qgetenv("ASAN_OPTIONS");
    asan = "ASAN_OPTIONS=" + asan + (asan.isEmpty() ? "" : ":") +
           "quarantine_size_mb=0:thread_local_quarantine_size_kb=0";
    std::vector<char*> envp{asan.data()};
    for (char** e = environ; *e; ++e)
        if (std::strncmp(*e, "ASAN_OPTIONS=", 13) != 0)
            envp.push_back(*e);
    envp.push_back(nullptr);
    const pid_t pid = fork();
    if (pid == 0) {
        execve(argv[0], argv.data(), envp.data());
        _exit(127);
    }
    int status = 0;
    struct rusage usage
    {};
    if (pid < 0 || wait4(pid, &status, 0, &usage) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1;
    return usage.ru_maxrss;
}

// What Athena writes for one value: quoted, `"` doubled; NULL is an empty field without quotes.
QByteArray athenaField(const std::optional<QString>& v)
{
    if (!v)
        return {};
    QString s = *v;
    s.replace(u'"', QStringLiteral("\"\""));
    return '"' + s.toUtf8() + '"';
}

QStringList names(const EventStore& store, const std::vector<std::uint32_t>& ids)
{
    QStringList out;
    for (auto id : ids)
        out << store.qstr(id);
    return out;
}

} // namespace

class TestEngines : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void goldenQueries_data()
    {
        QTest::addColumn<int>("engine");
        for (Engine e : {Engine::Athena, Engine::Lake, Engine::SecurityLake, Engine::Splunk})
            QTest::newRow(qPrintable(engineName(e))) << int(e);
    }

    // The rendered text is reviewed once and kept; any change to a query shows up here.
    void goldenQueries()
    {
        QFETCH(int, engine);
        const Engine e = Engine(engine);
        const RenderedQuery q = renderQuery(goldenOptions(e));
        QVERIFY2(q.error.isEmpty(), qPrintable(q.error));
        const QString golden = kGolden + u'/' + engineName(e) + QStringLiteral(".golden");
        if (qEnvironmentVariableIsSet("TRAILWARDEN_UPDATE_GOLDEN")) {
            QFile f(golden);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(versionless(q.text).toUtf8());
        }
        QCOMPARE(versionless(q.text), readAll(golden));
    }

    // The baseline support search for each engine (docs/detection.md, Baseline): lists are never
    // embedded (the approved entries must come back to be kept), the header says purpose=baseline.
    void goldenBaselineQueries_data() { goldenQueries_data(); }
    void goldenBaselineQueries()
    {
        QFETCH(int, engine);
        const Engine e = Engine(engine);
        QueryOptions o = goldenOptions(e);
        o.baseline = true;
        QVERIFY(o.embedLists);
        QVERIFY(!renderQuery(o).error.isEmpty()); // embedded lists are refused
        o.embedLists = false;
        const RenderedQuery q = renderQuery(o);
        QVERIFY2(q.error.isEmpty(), qPrintable(q.error));
        const auto header = QueryHeader::parse(q.text.section(u'\n', 0, 0));
        QVERIFY(header);
        QVERIFY(header->baseline);
        QVERIFY(!header->listsEmbedded);
        const QString golden = kGolden + u'/' + engineName(e) + QStringLiteral("-baseline.golden");
        if (qEnvironmentVariableIsSet("TRAILWARDEN_UPDATE_GOLDEN")) {
            QFile f(golden);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(versionless(q.text).toUtf8());
        }
        QCOMPARE(versionless(q.text), readAll(golden));
    }

    // A result made with the approved list embedded cannot give a baseline (its approved users are
    // missing: every entry would be dropped); one with the lists applied on import can.
    void baselineFromEmbeddedResultIsRefused()
    {
        QTemporaryDir dir;
        auto result = [&](const char* lists) {
            const QString path = dir.filePath(QString::fromLatin1(lists).left(8) + QStringLiteral(".csv"));
            QFile f(path);
            f.open(QIODevice::WriteOnly);
            f.write(
                QByteArray("\"user\",\"count\",\"readonlycount\",\"firsttime\",\"lasttime\",\"eventname\","
                           "\"tw_query\"\n\"svc-new\",\"2\",\"0\",\"2026-10-01 00:00:00\",\"2026-10-02 "
                           "00:00:00\",\"[]\",\"TrailWarden 0.1.0 engine query; engine=athena; rules=ta7; "
                           "from=2026-10-01T00:00:00Z; to=2026-10-08T00:00:00Z; slack=1d; dedup=yes; ") +
                lists + "\"\n");
            f.close();
            return readEngineResults({path});
        };
        IdentityEntry svcOld;
        svcOld.identity = QStringLiteral("svc-old");
        const std::vector<IdentityEntry> approved{svcOld};
        const ImportedBaseline embedded = baselineFromResult(
            result("lists=embedded; approved=sha256:-/1; identities=sha256:-/0"), approved, {});
        QVERIFY(embedded.error.contains(QStringLiteral("approved list embedded")));
        const ImportedBaseline applied = baselineFromResult(result("lists=none"), approved, {});
        QVERIFY2(applied.error.isEmpty(), qPrintable(applied.error));
        QCOMPARE(applied.diff.add, QStringList{QStringLiteral("svc-new")});
        QCOMPARE(applied.diff.drop, QStringList{QStringLiteral("svc-old")});
        QCOMPARE(applied.activity.value(QStringLiteral("svc-new")).count, 2u);
    }

    // An imported result's detection runs on the load's worker, not on the owner's (UI) thread,
    // and gives what detectImported gives; lists changed while the load ran are honoured; a
    // suppressions file that does not exist (no rules before or after) re-runs nothing.
    void importDetectsOnTheWorker()
    {
        QByteArray csv = "\"user\",\"count\",\"readonlycount\",\"firsttime\",\"lasttime\",\"eventname\"\n";
        for (int i = 0; i < 200; ++i)
            csv += QStringLiteral(
                       "\"user-%1\",\"%2\",\"0\",\"2026-10-01 00:00:00\",\"2026-10-02 00:00:00\",\"[]\"\n")
                       .arg(i)
                       .arg(i + 1)
                       .toUtf8();
        QTemporaryDir dir;
        const QString result = dir.filePath(QStringLiteral("r.csv"));
        const QString approved = dir.filePath(QStringLiteral("approved.csv"));
        QFile f(result), a(approved);
        QVERIFY(f.open(QIODevice::WriteOnly) && a.open(QIODevice::WriteOnly));
        f.write(csv);
        a.write("identity\nuser-1*\n");
        f.close();
        a.close();

        AnalysisSession session;
        QVERIFY(session.setApprovedList(approved));
        QSignalSpy changed(&session, &AnalysisSession::resultChanged);
        session.importResults({result});
        session.waitForLoad();
        QVERIFY(session.result());
        QCOMPARE(session.ownerThreadDetections(), 0u);
        QCOMPARE(changed.size(), 1);
        const EngineResult imported = readEngineResults({result});
        const DetectionResult want = detectImported(imported, loadApprovedAccounts(approved), {}, {});
        QCOMPARE(session.result()->findings.size(), want.findings.size());
        QCOMPARE(session.result()->findings.size(), std::size_t(200 - 111)); // user-1, -1x, -1xx approved
        QCOMPARE(session.result()->excludedUsers, want.excludedUsers);

        // No suppression rules before or after: nothing to re-run.
        session.setSuppressionsPath(dir.filePath(QStringLiteral("approved.suppressions.json")));
        QCOMPARE(session.ownerThreadDetections(), 0u);
        QCOMPARE(changed.size(), 1);

        // The lists change while the worker runs: its result is stale and the owner re-runs.
        session.importResults({result});
        QVERIFY(session.setApprovedList(QString()));
        session.waitForLoad();
        QCOMPARE(session.result()->findings.size(), std::size_t(200));
    }

    // A result that cannot be read is one problem of the file it names, said once: the problem's
    // path is that file (the second one here, not the first given) and its message does not
    // repeat it, since the window and the CLI print "path: message".
    void importErrorNamesTheFileOnce()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString good =
            writeFile(dir, QStringLiteral("good.csv"),
                      "user,count,firsttime,lasttime,eventname\n"
                      "alice,1,2026-10-01 00:00:00,2026-10-01 00:00:00,\"[\"\"GetObject\"\"]\"\n");
        const QString bad = writeFile(dir, QStringLiteral("bad.csv"), "a,b\n1,2\n");
        for (const QStringList& paths : {QStringList{bad}, QStringList{good, bad}}) {
            AnalysisSession session;
            session.importResults(paths);
            session.waitForLoad();
            QVERIFY(session.store());
            QCOMPARE(session.store()->problems.size(), std::size_t(1));
            const LoadProblem& problem = session.store()->problems.front();
            QCOMPARE(problem.path, bad);
            QVERIFY2(!problem.message.contains(QStringLiteral("bad.csv")), qPrintable(problem.message));
            QVERIFY2(problem.message.startsWith(QStringLiteral("line 1: no column 'user'")),
                     qPrintable(problem.message));
        }
    }

    // import's reports are streamed as scan's are: the peak memory of the command grows with the
    // users by what the import itself holds, not by a whole report in memory besides. Counted, not
    // timed: the peak RSS of import --format html for 4n users over that for n, per added user.
    // Holding the report cost about 8 KB a finding (100k users: 976 MB peak, 156 MB streamed).
    void importReportsStream()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        constexpr int kUsers = 5000;
        const QString small = dir.filePath(QStringLiteral("small.csv"));
        const QString large = dir.filePath(QStringLiteral("large.csv"));
        QVERIFY(writeUsersResult(small, kUsers));
        QVERIFY(writeUsersResult(large, 4 * kUsers));
        for (const QString& format : {QStringLiteral("html"), QStringLiteral("json")}) {
            const QString out = dir.filePath(QStringLiteral("report.") + format);
            auto peak = [&](const QString& result) {
                return peakRssOfCli({QStringLiteral("import"), QStringLiteral("--no-hash"),
                                     QStringLiteral("--format"), format, QStringLiteral("--output"), out,
                                     result});
            };
            const long kib1 = peak(small);
            const long kib4 = peak(large);
            QVERIFY(kib1 > 0 && kib4 > 0);
            QVERIFY(QFileInfo(out).size() > 4 * kUsers * 100); // every finding is in it
            const double perUser = double(kib4 - kib1) * 1024.0 / (3 * kUsers);
            qInfo("import --format %s: peak %ld KiB for %d users, %ld KiB for %d: %.0f bytes a user",
                  qPrintable(format), kib1, kUsers, kib4, 4 * kUsers, perUser);
            QVERIFY2(perUser < 4096, qPrintable(QString::number(perUser)));
        }
    }

    // Every SQL rendering parses with a Trino grammar (dt-sql-parser, installed with DuckDB by
    // tools/setup test); like the DuckDB test this fails rather than skips without it.
    void trinoSyntax()
    {
        const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
        const QString modules = QStringLiteral(TRAILWARDEN_DUCKDB_DIR);
        if (node.isEmpty() ||
            !QFileInfo::exists(modules + QStringLiteral("/node_modules/dt-sql-parser/package.json")))
            QFAIL("node or dt-sql-parser missing: run tools/setup test");
        QTemporaryDir dir;
        QStringList args{QStringLiteral(TRAILWARDEN_ENGINE_SCRIPTS "/trino_syntax.mjs"), modules};
        for (Engine e : {Engine::Athena, Engine::Lake, Engine::SecurityLake}) {
            for (bool embed : {false, true}) {
                for (bool dedup : {false, true}) {
                    QueryOptions o = goldenOptions(e);
                    o.embedLists = embed;
                    o.dedup = dedup;
                    const RenderedQuery q = renderQuery(o);
                    QVERIFY(q.error.isEmpty());
                    // Lake's FROM takes the event data store ID unquoted, hyphens and all: the one
                    // token that is Lake's own, not Trino's.
                    QString text = q.text;
                    text.replace(o.eventDataStore, QStringLiteral("event_data_store"));
                    args << writeFile(dir,
                                      QStringLiteral("%1-%2-%3.sql").arg(engineName(e)).arg(embed).arg(dedup),
                                      text.toUtf8());
                }
            }
            QueryOptions o = goldenOptions(e);
            args << writeFile(dir, engineName(e) + QStringLiteral("-user.sql"),
                              renderUserEventsQuery(o, QStringLiteral("o'brien"))
                                  .replace(o.eventDataStore, QStringLiteral("event_data_store"))
                                  .toUtf8());
        }
        QProcess p;
        p.start(node, args);
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0,
                 QByteArray(p.readAllStandardOutput() + p.readAllStandardError()).constData());
    }

    void headerRoundTrip()
    {
        QueryOptions o = goldenOptions(Engine::Athena);
        o.rules = RuleSet::Legacy;
        o.dedup = false;
        o.window.slackDays = 2;
        const RenderedQuery q = renderQuery(o);
        const auto h = QueryHeader::parse(q.text.section(u'\n', 0, 0));
        QVERIFY(h);
        QCOMPARE(h->engine, std::optional(Engine::Athena));
        QCOMPARE(h->rules, std::optional(RuleSet::Legacy));
        QCOMPARE(h->window.from, o.window.from);
        QCOMPARE(h->window.to, o.window.to);
        QCOMPARE(h->window.slackDays, 2);
        QCOMPARE(h->dedup, false);
        QVERIFY(h->listsEmbedded);
        QCOMPARE(h->approvedSha256, o.approvedSha256);
        QCOMPARE(h->approvedEntries, o.approved.size());
        QCOMPARE(h->identityEntries, o.identities.size());
        QVERIFY(!QueryHeader::parse(u"-- some other comment"));
    }

    // Partitions: from the window's first day to the day of its last instant plus the slack.
    void athenaPartitionPruning()
    {
        QueryOptions o = goldenOptions(Engine::Athena);
        o.embedLists = false;
        o.window.from = *parseEventTime("2026-10-01T20:00:00Z");
        o.window.to = *parseEventTime("2026-10-03T00:00:00Z"); // exclusive: the last day is the 2nd
        QString text = renderQuery(o).text;
        QVERIFY(
            text.contains(QStringLiteral("\"timestamp\" >= '2026/10/01' AND \"timestamp\" <= '2026/10/03'")));
        o.window.slackDays = 0;
        text = renderQuery(o).text;
        QVERIFY(text.contains(QStringLiteral("\"timestamp\" <= '2026/10/02'")));
        o.window.to.reset();
        text = renderQuery(o).text;
        QVERIFY(!text.contains(QStringLiteral("\"timestamp\" <=")));
        o.window.from = o.window.to.emplace(*parseEventTime("2026-10-01T00:00:00Z"));
        QVERIFY(!renderQuery(o).error.isEmpty()); // empty window
    }

    // The hard size check: over the limit is an error that says how many entries fit, and that
    // count really is the largest that fits.
    void embeddedListLimit_data()
    {
        QTest::addColumn<int>("engine");
        QTest::newRow("athena") << int(Engine::Athena);
        QTest::newRow("lake") << int(Engine::Lake);
        QTest::newRow("securitylake") << int(Engine::SecurityLake);
    }

    void embeddedListLimit()
    {
        QFETCH(int, engine);
        QueryOptions o = goldenOptions(Engine(engine));
        o.approved.clear();
        o.identities.clear();
        for (int i = 0; i < 20000; ++i)
            o.approved << QStringLiteral("service-account-%1").arg(i, 5, 10, QLatin1Char('0'));
        const RenderedQuery q = renderQuery(o);
        QVERIFY(!q.fits());
        QVERIFY(!q.error.isEmpty());
        QVERIFY(q.entriesThatFit > 0 && q.entriesThatFit < 20000);
        QVERIFY(q.error.contains(QString::number(q.entriesThatFit)));
        QVERIFY(q.error.contains(QStringLiteral("--lists none")));
        qInfo("%s: %lld of 20000 entries of 22 characters fit (limit %lld)",
              qPrintable(engineName(Engine(engine))), static_cast<long long>(q.entriesThatFit),
              static_cast<long long>(q.limit));
        QueryOptions fit = o;
        fit.approved = o.approved.mid(0, q.entriesThatFit);
        const RenderedQuery ok = renderQuery(fit);
        QVERIFY2(ok.fits() && ok.error.isEmpty(), qPrintable(ok.error));
        fit.approved = o.approved.mid(0, q.entriesThatFit + 1);
        QVERIFY(!renderQuery(fit).fits());
        // Lists applied on import: no limit at all.
        o.embedLists = false;
        QVERIFY(renderQuery(o).fits());
    }

    void ddl()
    {
        DdlOptions d;
        d.bucket = QStringLiteral("s3://my-trail-bucket/");
        d.accountId = QStringLiteral("111122223333");
        d.region = QStringLiteral("eu-central-1");
        QString error;
        QString text = athenaDdl(d, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(text.contains(
            QStringLiteral("LOCATION 's3://my-trail-bucket/AWSLogs/111122223333/CloudTrail/eu-central-1'")));
        QVERIFY(text.contains(QStringLiteral("PARTITIONED BY (`timestamp` STRING)")));
        QVERIFY(text.contains(
            QStringLiteral("'storage.location.template'='s3://my-trail-bucket/AWSLogs/111122223333/"
                           "CloudTrail/eu-central-1/${timestamp}'")));
        d.orgId = QStringLiteral("o-abcdef1234");
        d.accounts = {QStringLiteral("111122223333"), QStringLiteral("444455556666")};
        d.regions = {QStringLiteral("eu-central-1"), QStringLiteral("us-east-1")};
        text = athenaDdl(d, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(text.contains(
            QStringLiteral("PARTITIONED BY (`account` STRING, `region` STRING, `timestamp` STRING)")));
        QVERIFY(text.contains(QStringLiteral("'projection.account.values'='111122223333,444455556666'")));
        QVERIFY(text.contains(QStringLiteral(
            "s3://my-trail-bucket/AWSLogs/o-abcdef1234/${account}/CloudTrail/${region}/${timestamp}")));
        d.bucket = QStringLiteral("bad'bucket");
        QVERIFY(athenaDdl(d, &error).isEmpty());
        QVERIFY(!error.isEmpty());
    }

    void identifiersAreChecked()
    {
        QueryOptions o;
        o.table = QStringLiteral("logs\"; DROP TABLE x; --");
        o.window.from = 0;
        QVERIFY(!renderQuery(o).error.isEmpty());
        o.engine = Engine::Lake;
        o.eventDataStore = QStringLiteral("abc def");
        QVERIFY(!renderQuery(o).error.isEmpty());
    }

    // Athena CSV with values an attacker controls (a user name comes from the log): quotes,
    // commas, newlines, '=', formulas, non-ASCII; NULL arrays and empty strings told apart.
    void athenaCsvHostileRoundTrip()
    {
        const QStringList users = {QStringLiteral("a\"b,c"),
                                   QStringLiteral("line1\nline2"),
                                   QStringLiteral("=cmd|' /C calc'!A0"),
                                   QStringLiteral("Jürgen-Ω-日本"),
                                   QStringLiteral("  spaced  "),
                                   QStringLiteral("[x, y]")};
        QByteArray csv = "\"user\",\"count\",\"readonlycount\",\"firsttime\",\"lasttime\",\"eventname\","
                         "\"identitytype\",\"account\",\"tw_query\"\n";
        for (int i = 0; i < users.size(); ++i) {
            csv += athenaField(users[i]) + ',' + athenaField(QString::number(i + 1)) + ',' +
                   athenaField(QStringLiteral("0")) + ',' +
                   athenaField(QStringLiteral("2026-10-01 10:00:0%1").arg(i)) + ',' +
                   athenaField(QStringLiteral("2026-10-02 10:00:00")) + ',' +
                   (i == 0 ? QByteArray() // NULL: a user whose events have no eventName
                           : athenaField(QStringLiteral("[\"Get,Object\",\"Put\\\"Obj\\nect\",\"Ä=\"]"))) +
                   ',' + athenaField(QStringLiteral("[\"IAMUser\"]")) + ',' +
                   (i == 1 ? QByteArray() : athenaField(QStringLiteral("[]"))) + ',' +
                   athenaField(QStringLiteral("TrailWarden 0.1.0 engine query; engine=athena; rules=legacy; "
                                              "from=-; to=-; slack=1d; dedup=yes; lists=none")) +
                   "\r\n";
        }
        QTemporaryDir dir;
        const EngineResult r = readEngineResults({writeFile(dir, QStringLiteral("r.csv"), csv)});
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.engine, Engine::Athena);
        QCOMPARE(r.rules, RuleSet::Legacy);
        QCOMPARE(r.activity->users.size(), std::size_t(users.size()));
        QStringList got;
        for (const UserActivity& a : r.activity->users) {
            got << r.store->qstr(a.user);
            const QStringList en = names(*r.store, a.eventNames);
            if (r.store->qstr(a.user) == users[0])
                QVERIFY(en.isEmpty());
            else
                QCOMPARE(en, (QStringList{QStringLiteral("Get,Object"), QStringLiteral("Put\"Obj\nect"),
                                          QStringLiteral("Ä=")}));
        }
        QStringList want = users;
        std::sort(want.begin(), want.end(),
                  [](const QString& a, const QString& b) { return a.toUtf8() < b.toUtf8(); });
        QCOMPARE(got, want);
    }

    void athenaArrayForms()
    {
        QCOMPARE(parseListCell(QStringLiteral("[GetObject, PutObject]")),
                 (QStringList{QStringLiteral("GetObject"), QStringLiteral("PutObject")}));
        QCOMPARE(parseListCell(QStringLiteral("[\"GetObject\",\"PutObject\"]")),
                 (QStringList{QStringLiteral("GetObject"), QStringLiteral("PutObject")}));
        QVERIFY(parseListCell(QStringLiteral("[]")).isEmpty());
        QVERIFY(parseListCell(QString()).isEmpty());
        QCOMPARE(parseListCell(QStringLiteral("A\nB\r\nC")),
                 (QStringList{QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C")}));
    }

    void columnNamesIgnoreCase()
    {
        QTemporaryDir dir;
        const EngineResult r =
            readEngineResults({writeFile(dir, QStringLiteral("r.csv"),
                                         "\"USER\",\"Count\",\"FirstTime\",\"LASTTIME\","
                                         "\"EventName\"\n\"bob\",\"2\",\"2026-10-01 00:00:00\","
                                         "\"2026-10-01 01:00:00\",\"[\"\"B\"\",\"\"a\"\"]\"\n")},
                              EngineImportOptions{Engine::Athena, QTimeZone::utc(), std::nullopt});
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.activity->users.size(), std::size_t(1));
        QCOMPARE(names(*r.store, r.activity->users[0].eventNames),
                 (QStringList{QStringLiteral("B"), QStringLiteral("a")}));
        QVERIFY(!r.header);
        QVERIFY(!r.warnings.isEmpty()); // window unknown
    }

    // Every broken file gives one message naming the file, the line and (for a value) the column.
    void badResultFiles_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        const QByteArray header = "\"user\",\"count\",\"firsttime\",\"lasttime\",\"eventname\"\n";
        QTest::newRow("missing column") << QByteArray("\"user\",\"count\"\n\"a\",\"1\"\n")
                                        << QStringLiteral("r.csv: line 1: no column 'firsttime'");
        QTest::newRow("bad count")
            << header +
                   "\"a\",\"1\",\"2026-10-01 00:00:00\",\"2026-10-01 "
                   "00:00:00\",\"[]\"\n\"b\",\"x1\",\"2026-10-01 00:00:00\",\"2026-10-01 00:00:00\",\"[]\"\n"
            << QStringLiteral("r.csv: line 3, column 5: count is not a whole number");
        QTest::newRow("bad time") << header + "\"a\",\"1\",\"yesterday\",\"2026-10-01 00:00:00\",\"[]\"\n"
                                  << QStringLiteral("r.csv: line 2, column 9: not a time: 'yesterday'");
        QTest::newRow("unclosed quote")
            << header + "\"a,1\n"
            << QStringLiteral("r.csv: line 2, column 1: a quoted value is not closed");
        QTest::newRow("short row") << header + "\"a\",\"1\"\n"
                                   << QStringLiteral("r.csv: line 2: 2 fields, the header has 5");
        QTest::newRow("null user") << header +
                                          ",\"1\",\"2026-10-01 00:00:00\",\"2026-10-01 00:00:00\",\"[]\"\n"
                                   << QStringLiteral("r.csv: line 2, column 1: user is missing (NULL)");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("r.csv: line 1: empty file");
    }

    void badResultFiles()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const EngineResult r =
            readEngineResults({writeFile(dir, QStringLiteral("r.csv"), content)},
                              EngineImportOptions{Engine::Athena, QTimeZone::utc(), std::nullopt});
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains(expected), qPrintable(r.error));
        QVERIFY(r.error.startsWith(dir.path())); // the file's full path
    }

    // get-query-results: several pages (files, or JSON lines), every value a string.
    void lakePages()
    {
        auto page = [](const QString& user, const QString& names, const QString& token) {
            return QStringLiteral(
                       "{\"QueryStatus\":\"FINISHED\",\"QueryResultRows\":[[{\"user\":%1},{\"count\":\"3\"},"
                       "{\"readonlycount\":\"1\"},{\"firsttime\":\"2026-10-01 00:00:00\"},{\"lasttime\":"
                       "\"2026-10-02 00:00:00\"},{\"eventname\":%2},{\"tw_query\":\"TrailWarden 0.1.0 engine "
                       "query; engine=lake; rules=ta7; from=2026-10-01T00:00:00Z; to=2026-11-01T00:00:00Z; "
                       "slack=1d; dedup=yes; lists=none\"}]]%3}")
                .arg(user, names,
                     token.isEmpty() ? QString() : QStringLiteral(",\"NextToken\":\"%1\"").arg(token))
                .toUtf8();
        };
        QTemporaryDir dir;
        const QString p1 =
            writeFile(dir, QStringLiteral("page1.json"),
                      page(QStringLiteral("\"o'brien \\\"x\\\", =1\\nü\""),
                           QStringLiteral("\"[\\\"A\\\",\\\"B,C\\\"]\""), QStringLiteral("tok")));
        const QString p2 =
            writeFile(dir, QStringLiteral("page2.json"),
                      page(QStringLiteral("\"bob\""), QStringLiteral("\"[]\""), QString()) + '\n' +
                          page(QStringLiteral("\"carol\""), QStringLiteral("\"[\\\"Z\\\"]\""), QString()));
        const EngineResult r = readEngineResults({p1, p2});
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.engine, Engine::Lake);
        QVERIFY(r.header && r.header->window.from);
        QCOMPARE(r.activity->users.size(), std::size_t(3));
        QCOMPARE(r.store->qstr(r.activity->users[0].user), QStringLiteral("bob"));
        QCOMPARE(r.store->qstr(r.activity->users[2].user), QStringLiteral("o'brien \"x\", =1\nü"));
        QCOMPARE(names(*r.store, r.activity->users[2].eventNames),
                 (QStringList{QStringLiteral("A"), QStringLiteral("B,C")}));
        QCOMPARE(r.activity->users[2].readOnlyCount, 1u);

        const EngineResult bad =
            readEngineResults({writeFile(dir, QStringLiteral("bad.json"), "{\"Rows\": []}")});
        QVERIFY(!bad.ok());
        QVERIFY(bad.error.contains(QStringLiteral("no QueryResultRows")));
    }

    // Splunk's CSV export: camel-case columns, multivalue eventName one value a line, times in
    // the searching user's zone.
    void splunkExport()
    {
        QTemporaryDir dir;
        const QString path = writeFile(
            dir, QStringLiteral("splunk.csv"),
            "user,count,firstTime,lastTime,eventName\n"
            "\"o'brien, \"\"x\"\"\",5,2026-10-01T10:00:00,2026-10-01T12:30:00,\"GetObject\nPutObject\"\n"
            "=SUM(A1),1,2026-10-02T00:00:00,2026-10-02T00:00:00,ListBuckets\n");
        EngineResult r = readEngineResults({path});
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.engine, Engine::Splunk);
        QCOMPARE(r.activity->users.size(), std::size_t(2));
        const UserActivity& a = r.activity->users[1];
        QCOMPARE(r.store->qstr(a.user), QStringLiteral("o'brien, \"x\""));
        QCOMPARE(names(*r.store, a.eventNames),
                 (QStringList{QStringLiteral("GetObject"), QStringLiteral("PutObject")}));
        QCOMPARE(formatSplunkTime(a.firstTime), QStringLiteral("2026-10-01T10:00:00"));

        EngineImportOptions berlin;
        berlin.splunkTimeZone = QTimeZone("Europe/Berlin");
        r = readEngineResults({path}, berlin);
        QVERIFY(r.ok());
        QCOMPARE(formatSplunkTime(r.activity->users[1].firstTime),
                 QStringLiteral("2026-10-01T08:00:00")); // CEST
    }

    // An imported result goes through the same matcher as a scan: wildcards, case, expiry.
    void importAppliesListsLikeScan()
    {
        QTemporaryDir dir;
        const QString result =
            writeFile(dir, QStringLiteral("r.csv"),
                      "user,count,firsttime,lasttime,eventname\n\"SVC-deploy\",\"1\",\"2026-10-01 "
                      "00:00:00\",\"2026-10-01 00:00:00\",\"[]\"\n"
                      "\"alice\",\"2\",\"2026-10-01 00:00:00\",\"2026-10-01 00:00:00\",\"[]\"\n"
                      "\"old\",\"4\",\"2026-10-01 00:00:00\",\"2026-10-01 00:00:00\",\"[]\"\n");
        const QString approved =
            writeFile(dir, QStringLiteral("a.csv"), "identity,expires\nsvc-*,\nold,2020-01-01\n");
        const QString identities = writeFile(dir, QStringLiteral("i.csv"), "identity\nALICE|a.smith\n");
        const EngineResult r =
            readEngineResults({result}, EngineImportOptions{Engine::Athena, QTimeZone::utc(), std::nullopt});
        QVERIFY(r.ok());
        const DetectionResult d =
            detectImported(r, loadApprovedAccounts(approved), loadIdentityList(identities), {});
        QCOMPARE(d.findings.size(), std::size_t(1));
        QCOMPARE(r.store->qstr(d.findings[0].user), QStringLiteral("old"));
        QCOMPARE(d.expiredApproval[0], QStringLiteral("old"));
        QCOMPARE(d.excluded, 3u);
    }

    void mixedEnginesRefused()
    {
        QTemporaryDir dir;
        const QString athena = writeFile(dir, QStringLiteral("a.csv"),
                                         "\"user\",\"count\",\"firsttime\",\"lasttime\",\"eventname\"\n");
        const QString splunk =
            writeFile(dir, QStringLiteral("s.csv"), "user,count,firstTime,lastTime,eventName\n");
        const EngineResult r = readEngineResults({athena, splunk});
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains(QStringLiteral("cannot be merged")), qPrintable(r.error));
    }

    void engineRecognised()
    {
        QCOMPARE(detectResultEngine("{\"QueryStatus\":\"FINISHED\",\"QueryResultRows\":[]}"),
                 std::optional(Engine::Lake));
        QCOMPARE(detectResultEngine("user,count,firstTime,lastTime,eventName\n"),
                 std::optional(Engine::Splunk));
        QCOMPARE(detectResultEngine("\"user\",\"count\",\"firsttime\"\n"), std::optional(Engine::Athena));
        QCOMPARE(detectResultEngine(
                     "\"user\",\"tw_query\"\n\"a\",\"TrailWarden 1 engine query; engine=securitylake; x\"\n"),
                 std::optional(Engine::SecurityLake));
    }

    // Splunk's CSV export of the search, as scan --format csv-raw mirrors it, read back by import:
    // the same findings for the hostile fixture (quotes, commas, newlines, '=', bidi, non-ASCII).
    void splunkExportRoundTrip_data()
    {
        QTest::addColumn<QString>("input");
        QTest::newRow("hostile") << QStringLiteral(TRAILWARDEN_TEST_DATA "/hostile/hostile.json");
        QTest::newRow("corpus") << QStringLiteral(TRAILWARDEN_TEST_DATA "/corpus/stratus-red-team");
    }

    void splunkExportRoundTrip()
    {
        QFETCH(QString, input);
        QTemporaryDir dir;
        const QString csv = dir.filePath(QStringLiteral("splunk.csv"));
        auto run = [](const QStringList& args) {
            QProcess p;
            p.start(QStringLiteral(TRAILWARDEN_CLI), args);
            p.waitForFinished(120000);
            return p.exitCode() == 0 ? p.readAllStandardOutput() : QByteArray("failed");
        };
        QVERIFY(run({QStringLiteral("scan"), QStringLiteral("--quiet"), QStringLiteral("--format"),
                     QStringLiteral("csv-raw"), QStringLiteral("--output"), csv, input})
                    .isEmpty());
        const QJsonObject scan =
            QJsonDocument::fromJson(run({QStringLiteral("scan"), QStringLiteral("--quiet"),
                                         QStringLiteral("--format"), QStringLiteral("json"), input}))
                .object();
        const QJsonObject imported =
            QJsonDocument::fromJson(run({QStringLiteral("import"), QStringLiteral("--quiet"),
                                         QStringLiteral("--format"), QStringLiteral("json"), csv}))
                .object();
        QVERIFY(!scan.value(QStringLiteral("findings")).toArray().isEmpty());
        // An engine result counts no write, failed or sensitive calls: it says so (docs/detection.md,
        // Risk), and the rest must be the scan's.
        QVERIFY(test::riskNotAvailable(imported.value(QStringLiteral("findings"))));
        QCOMPARE(test::withoutClass(test::withoutRisk(imported.value(QStringLiteral("findings")))),
                 test::withoutClass(test::withoutRisk(scan.value(QStringLiteral("findings")))));
        QVERIFY(test::importedClassesAreByName(imported.value(QStringLiteral("findings"))));
        QCOMPARE(imported.value(QStringLiteral("manifest"))
                     .toObject()
                     .value(QStringLiteral("engineResult"))
                     .toObject()
                     .value(QStringLiteral("engine"))
                     .toString(),
                 QStringLiteral("splunk"));
    }

    // The CLI: exit 2 and the count that fits when an embedded list is too long for Lake.
    void cliQueryTooLong()
    {
        QTemporaryDir dir;
        QByteArray csv = "identity\n";
        for (int i = 0; i < 2000; ++i)
            csv += "service-account-" + QByteArray::number(i) + '\n';
        const QString approved = writeFile(dir, QStringLiteral("a.csv"), csv);
        QProcess p;
        p.start(QStringLiteral(TRAILWARDEN_CLI),
                {QStringLiteral("query"), QStringLiteral("--engine"), QStringLiteral("lake"),
                 QStringLiteral("--eds"), QStringLiteral("abc-123"), QStringLiteral("--since"),
                 QStringLiteral("30d"), QStringLiteral("--lists"), QStringLiteral("embed"),
                 QStringLiteral("--approved"), approved});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 2);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains(QRegularExpression(QStringLiteral("[0-9]+ of the 2000 list entries fit"))),
                 qPrintable(err));
        QVERIFY(p.readAllStandardOutput().isEmpty());

        p.start(QStringLiteral(TRAILWARDEN_CLI),
                {QStringLiteral("query"), QStringLiteral("--engine"), QStringLiteral("athena"),
                 QStringLiteral("--table"), QStringLiteral("t")});
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 2); // no window: refused rather than a query that reads everything
    }
};

QTEST_GUILESS_MAIN(TestEngines)
#include "tst_engines.moc"
