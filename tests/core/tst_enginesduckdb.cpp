// SPDX-License-Identifier: GPL-3.0-or-later
// The Athena query, run by a real SQL engine: DuckDB (npm @duckdb/node-api, installed by
// `tools/setup test`) over a table with Athena's CloudTrail columns and types, loaded the way
// Athena's JSON SerDe reads the logs (tests/engines/athena_duckdb.cjs). Its Athena-style CSV,
// imported, must give exactly the findings of a local scan of the same files: same users, counts,
// read-only counts, first/last times, eventNames, identity types and accounts.
//
// A missing Node or DuckDB is a failure, not a skip: CI must not pass without this proof.

#include "core/detection/detection.h"
#include "core/detection/principalclass.h"
#include "core/detection/stewardship.h"
#include "core/engines/enginequery.h"
#include "core/engines/engineresult.h"
#include "core/ingest/loader.h"
#include "core/lists/identitylists.h"
#include "core/report/report.h"
#include "tests/support/testsupport.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace tw;

namespace {

struct Case
{
    QString name;
    QueryOptions options;
};

struct Dataset
{
    QStringList inputs;
    QString approved, identities;
};

QString text(const EventStore& store, std::uint32_t id)
{
    return store.qstr(id);
}

QStringList texts(const EventStore& store, const std::vector<std::uint32_t>& ids)
{
    QStringList out;
    for (auto id : ids)
        out << store.qstr(id);
    return out;
}

// One finding as a line, so that a difference shows which field differs.
QStringList describe(const EventStore& store, const DetectionResult& r)
{
    QStringList out;
    for (const UserActivity& a : r.findings)
        out << QStringLiteral("%1 count=%2 ro=%3 %4..%5 [%6] types=[%7] accounts=[%8]")
                   .arg(text(store, a.user))
                   .arg(a.count)
                   .arg(a.readOnlyCount)
                   .arg(formatSplunkTime(a.firstTime), formatSplunkTime(a.lastTime),
                        texts(store, a.eventNames).join(u','), texts(store, a.identityTypes).join(u','),
                        texts(store, a.accounts).join(u','));
    return out;
}

} // namespace

class TestEnginesDuckDb : public QObject
{
    Q_OBJECT

private:
    QString m_node, m_duckdb;
    QString m_script = QStringLiteral(TRAILWARDEN_ENGINE_SCRIPTS "/athena_duckdb.cjs");
    QTemporaryDir m_tmp;
    int m_compared = 0;

    // Runs every case's query in one DuckDB load of the inputs and compares each with the scan.
    void compare(const Dataset& data, const std::vector<Case>& cases)
    {
        const auto store = loadEvents(data.inputs, {});
        QVERIFY(store);
        QVERIFY2(store->counts.events > 0, "no events in the test data");
        const LookupLoad approved =
            data.approved.isEmpty() ? LookupLoad() : loadApprovedAccounts(data.approved);
        const LookupLoad identities =
            data.identities.isEmpty() ? LookupLoad() : loadIdentityList(data.identities);
        QVERIFY(approved.ok() && identities.ok());

        QStringList args{m_script, QStringLiteral("--duckdb"), m_duckdb, QStringLiteral("--input")};
        args << data.inputs;
        QStringList results;
        for (std::size_t i = 0; i < cases.size(); ++i) {
            QueryOptions o = cases[i].options;
            o.database = QStringLiteral("main");
            o.table = QStringLiteral("cloudtrail_logs");
            if (o.embedLists) {
                o.approved = approved.identities;
                o.identities = identities.identities;
            }
            const RenderedQuery q = renderQuery(o);
            QVERIFY2(q.error.isEmpty(), qPrintable(q.error));
            const QString sql = m_tmp.filePath(QStringLiteral("q%1.sql").arg(i));
            const QString csv = m_tmp.filePath(QStringLiteral("r%1.csv").arg(i));
            QFile f(sql);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(q.text.toUtf8());
            f.close();
            args << QStringLiteral("--query") << sql << QStringLiteral("--out") << csv;
            results << csv;
        }
        QProcess node;
        node.start(m_node, args);
        QVERIFY(node.waitForFinished(600000));
        QVERIFY2(node.exitStatus() == QProcess::NormalExit && node.exitCode() == 0,
                 node.readAllStandardError().constData());
        qInfo("DuckDB load: %s", node.readAllStandardOutput().trimmed().constData());

        for (std::size_t i = 0; i < cases.size(); ++i) {
            const Case& c = cases[i];
            const QueryOptions& o = c.options;
            const ActivityTable activity = aggregateActivity(*store, o.rules, o.window.from, o.window.to);
            const IdentityMatcher approvedMatcher(approved.identities),
                identityMatcher(identities.identities);
            const DetectionResult expected = runDetection(*store, activity, approvedMatcher, identityMatcher);

            const EngineResult imported = readEngineResults({results[static_cast<qsizetype>(i)]});
            QVERIFY2(imported.ok(), qPrintable(imported.error));
            QVERIFY(imported.header);
            QCOMPARE(imported.header->dedup, o.dedup);
            QCOMPARE(imported.rules, o.rules);
            // Embedded lists: the engine already excluded; import with no lists proves it.
            const DetectionResult actual = o.embedLists ? detectImported(imported, {}, {}, {})
                                                        : detectImported(imported, approved, identities, {});
            const QStringList want = describe(*store, expected), got = describe(*imported.store, actual);
            if (!o.dedup && store->counts.duplicates > 0) {
                // Without the duplicate removal only counts may grow, by at most the duplicates read.
                QCOMPARE(got.size(), want.size());
                quint64 extra = 0;
                for (std::size_t k = 0; k < expected.findings.size(); ++k) {
                    QCOMPARE(imported.store->qstr(actual.findings[k].user),
                             store->qstr(expected.findings[k].user));
                    QVERIFY(actual.findings[k].count >= expected.findings[k].count);
                    extra += actual.findings[k].count - expected.findings[k].count;
                }
                QVERIFY(extra <= store->counts.duplicates);
                qInfo("%s: %lld findings, same users, %llu more events (at most the %llu duplicates)",
                      qPrintable(c.name), static_cast<long long>(want.size()),
                      static_cast<unsigned long long>(extra),
                      static_cast<unsigned long long>(store->counts.duplicates));
                ++m_compared;
                continue;
            } else {
                if (got != want) {
                    for (const QString& line : want)
                        if (!got.contains(line))
                            qWarning("scan only:   %s", qPrintable(line));
                    for (const QString& line : got)
                        if (!want.contains(line))
                            qWarning("engine only: %s", qPrintable(line));
                }
                QVERIFY2(got == want, qPrintable(c.name));
                if (!o.embedLists) {
                    QCOMPARE(actual.excluded, expected.excluded);
                    QCOMPARE(actual.excludedUsers, expected.excludedUsers);
                }
            }
            ++m_compared;
            qInfo("%s: %lld findings identical (%llu excluded users)", qPrintable(c.name),
                  static_cast<long long>(want.size()),
                  static_cast<unsigned long long>(expected.excludedUsers));
        }
    }

    // The one corpus file where Athena and the spec must differ: two records spell their keys in
    // lower case (`eventtime`), which Athena's SerDe matches and the spec does not (athenaFoldsKeyCase).
    static QString caseFoldedFile()
    {
        return QStringLiteral(
            TRAILWARDEN_TEST_DATA
            "/corpus/panther-analysis/aws_cloudtrail_rules/aws_ec2_startup_script_change.json");
    }

    // Every real-corpus fixture but caseFoldedFile() (expected/ holds scan outputs, not logs).
    QStringList corpusInputs() const
    {
        QStringList out;
        const QDir corpus(QStringLiteral(TRAILWARDEN_TEST_DATA "/corpus"));
        for (const QString& d : corpus.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
            if (d == u"expected")
                continue;
            if (d != u"panther-analysis") {
                out << corpus.filePath(d);
                continue;
            }
            QDirIterator it(corpus.filePath(d), {QStringLiteral("*.json")}, QDir::Files,
                            QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString f = it.next();
                if (QFileInfo(f) != QFileInfo(caseFoldedFile()))
                    out << f;
            }
        }
        out.sort();
        return out;
    }

    static Case make(const QString& name, RuleSet rules, std::optional<TimeMs> from, std::optional<TimeMs> to,
                     bool dedup, bool embed)
    {
        Case c;
        c.name = name;
        c.options.rules = rules;
        c.options.window.from = from;
        c.options.window.to = to;
        c.options.dedup = dedup;
        c.options.embedLists = embed;
        return c;
    }

    // Windows over generated data starting 2026-10-01 (the generator's and the bundled sample's
    // first day), with and without embedded lists and duplicate removal.
    static std::vector<Case> generatedCases()
    {
        std::vector<Case> cases;
        for (RuleSet rules : {RuleSet::Ta7, RuleSet::Legacy}) {
            const QString r = ruleSetName(rules);
            cases.push_back(make(r + QStringLiteral(" all time"), rules, {}, {}, true, false));
            cases.push_back(make(r + QStringLiteral(" all time, lists embedded"), rules, {}, {}, true, true));
            cases.push_back(make(r + QStringLiteral(" all time, no dedup"), rules, {}, {}, false, false));
            // Odd minutes, and evening windows whose late records sit in the next day's partition.
            cases.push_back(make(r + QStringLiteral(" day 1 12:07 to day 3 18:31"), rules,
                                 at("2026-10-01T12:07:00Z"), at("2026-10-03T18:31:00Z"), true, false));
            cases.push_back(make(r + QStringLiteral(" evening 20:00 to 23:59:59, embedded, no dedup"), rules,
                                 at("2026-10-02T20:00:00Z"), at("2026-10-02T23:59:59Z"), false, true));
            cases.push_back(
                make(r + QStringLiteral(" from day 3"), rules, at("2026-10-03T00:00:00Z"), {}, true, false));
            cases.push_back(make(r + QStringLiteral(" until day 2 06:00"), rules, {},
                                 at("2026-10-02T06:00:00Z"), true, true));
        }
        return cases;
    }

    static TimeMs at(const char* iso) { return *parseEventTime(iso); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_node = QStandardPaths::findExecutable(QStringLiteral("node"));
        m_duckdb = qEnvironmentVariable("TRAILWARDEN_DUCKDB_DIR", QStringLiteral(TRAILWARDEN_DUCKDB_DIR));
        if (m_node.isEmpty())
            QFAIL(
                "node is not installed: run tools/setup test (it installs nodejs, npm and @duckdb/node-api)");
        if (!QFileInfo::exists(m_duckdb + QStringLiteral("/node_modules/@duckdb/node-api/package.json")))
            QFAIL(
                qPrintable(QStringLiteral("@duckdb/node-api is not installed in %1: run tools/setup test, or "
                                          "npm install --prefix %1 @duckdb/node-api")
                               .arg(m_duckdb)));
    }

    void realCorpus()
    {
        // Lists with a wildcard, an underscore and a percent sign (LIKE metacharacters that must
        // stay literal), a case difference and a pipe-separated identity row.
        const QString approved = m_tmp.filePath(QStringLiteral("corpus-approved.csv"));
        const QString identities = m_tmp.filePath(QStringLiteral("corpus-identities.csv"));
        QFile a(approved), i(identities);
        QVERIFY(a.open(QIODevice::WriteOnly) && i.open(QIODevice::WriteOnly));
        a.write("identity\nDeveloperRole\nAWS_*\ngr_dev_developer\n%\nCloud*Role\n");
        i.write("identity\nalice|bob|Root\n");
        a.close();
        i.close();
        const Dataset data{corpusInputs(), approved, identities};
        std::vector<Case> cases;
        for (RuleSet rules : {RuleSet::Ta7, RuleSet::Legacy}) {
            const QString r = ruleSetName(rules);
            cases.push_back(make(r + QStringLiteral(" all time"), rules, {}, {}, true, false));
            cases.push_back(make(r + QStringLiteral(" all time, no dedup"), rules, {}, {}, false, false));
            cases.push_back(make(r + QStringLiteral(" all time, lists embedded"), rules, {}, {}, true, true));
            cases.push_back(make(r + QStringLiteral(" 2020 to 2023"), rules, at("2020-01-01T00:00:00Z"),
                                 at("2023-01-01T00:00:00Z"), true, false));
        }
        compare(data, cases);
    }

    // Athena's SerDe matches keys without case: records that spell `eventtime` are read by Athena
    // and are malformed for the spec (no eventTime). The difference is exactly those records.
    void athenaFoldsKeyCase()
    {
        const auto store = loadEvents({caseFoldedFile()}, {});
        QCOMPARE(store->counts.malformed, 2u);
        QueryOptions o;
        o.rules = RuleSet::Legacy;
        o.database = QStringLiteral("main");
        o.table = QStringLiteral("cloudtrail_logs");
        const QString sql = m_tmp.filePath(QStringLiteral("fold.sql")),
                      csv = m_tmp.filePath(QStringLiteral("fold.csv"));
        QFile f(sql);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(renderQuery(o).text.toUtf8());
        f.close();
        QProcess node;
        node.start(m_node, {m_script, QStringLiteral("--duckdb"), m_duckdb, QStringLiteral("--input"),
                            caseFoldedFile(), QStringLiteral("--query"), sql, QStringLiteral("--out"), csv});
        QVERIFY(node.waitForFinished(120000));
        QCOMPARE(node.exitCode(), 0);
        const EngineResult imported = readEngineResults({csv});
        QVERIFY(imported.ok());
        const ActivityTable scan = aggregateActivity(*store, RuleSet::Legacy);
        QCOMPARE(imported.activity->successful, scan.successful + 2);
        QCOMPARE(imported.activity->users.size(), scan.users.size() + 1);
    }

    // The bundled sample (resources/sample: generated logs with both lookups, in the repository) is
    // the generated data a clone without the generator still has. One of its log files is given a
    // second time under another name so that its records are duplicates: with dedup the engine
    // must drop them as scan does, without it counts may only grow by them.
    void bundledSample()
    {
        const QString sample = QStringLiteral(TRAILWARDEN_TEST_DATA "/../../resources/sample");
        const QString original =
            sample +
            QStringLiteral("/AWSLogs/712583680235/CloudTrail/us-east-1/2026/10/02/"
                           "712583680235_CloudTrail_us-east-1_20261002T0040Z_EMYmejn8A5zuTnG7.json.gz");
        QVERIFY2(QFileInfo::exists(original), qPrintable(original));
        const QString copyDir = m_tmp.filePath(QStringLiteral("sample-copy"));
        QVERIFY(QDir().mkpath(copyDir));
        const QString copy =
            copyDir + QStringLiteral("/712583680235_CloudTrail_us-east-1_20261002T0040Z_copy.json.gz");
        QVERIFY(QFile::copy(original, copy));
        const Dataset data{{sample + QStringLiteral("/AWSLogs"), copy},
                           sample + QStringLiteral("/lookups/aws_service_accounts.csv"),
                           sample + QStringLiteral("/lookups/identity_lookup_expanded.csv")};
        const auto store = loadEvents(data.inputs, {});
        QVERIFY(store);
        QVERIFY2(store->counts.duplicates > 0, "the copied file gave no duplicates");
        compare(data, generatedCases());
    }

    // The baseline support search as an engine query (query --baseline): its DuckDB result,
    // imported, gives the diff computeBaseline gives over the logs for the same window, for both
    // rule sets; and `baseline --import` prints that diff and writes it with --apply.
    void baselineQuery()
    {
        const QString sample = QStringLiteral(TRAILWARDEN_TEST_DATA "/../../resources/sample");
        const QStringList inputs{sample + QStringLiteral("/AWSLogs")};
        const QString identitiesPath = sample + QStringLiteral("/lookups/identity_lookup_expanded.csv");
        const auto store = loadEvents(inputs, {});
        QVERIFY(store);
        const LookupLoad approved =
            loadApprovedAccounts(sample + QStringLiteral("/lookups/aws_service_accounts.csv"));
        const LookupLoad identities = loadIdentityList(identitiesPath);
        QVERIFY(approved.ok() && identities.ok());
        const std::vector<IdentityEntry> entries(approved.entries.begin(), approved.entries.end());
        const IdentityMatcher identityMatcher(identities.identities);

        struct BaselineCase
        {
            RuleSet rules;
            TimeMs from, to;
        };
        const std::vector<BaselineCase> cases{
            {RuleSet::Ta7, at("2026-10-02T00:00:00Z"), at("2026-10-04T00:00:00Z")},
            {RuleSet::Legacy, at("2026-10-02T00:00:00Z"), at("2026-10-04T00:00:00Z")},
            {RuleSet::Ta7, at("2026-10-03T12:07:00Z"), at("2026-10-03T18:31:00Z")},
            {RuleSet::Ta7, at("2026-09-01T00:00:00Z"), at("2026-10-04T00:00:00Z")},
        };
        QStringList args{m_script, QStringLiteral("--duckdb"), m_duckdb, QStringLiteral("--input")};
        args << inputs;
        QStringList results;
        for (std::size_t i = 0; i < cases.size(); ++i) {
            QueryOptions o;
            o.baseline = true;
            o.rules = cases[i].rules;
            o.window.from = cases[i].from;
            o.window.to = cases[i].to;
            o.database = QStringLiteral("main");
            o.table = QStringLiteral("cloudtrail_logs");
            const RenderedQuery q = renderQuery(o);
            QVERIFY2(q.error.isEmpty(), qPrintable(q.error));
            const QString sql = m_tmp.filePath(QStringLiteral("b%1.sql").arg(i));
            const QString csv = m_tmp.filePath(QStringLiteral("b%1.csv").arg(i));
            QFile f(sql);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(q.text.toUtf8());
            f.close();
            args << QStringLiteral("--query") << sql << QStringLiteral("--out") << csv;
            results << csv;
        }
        QProcess node;
        node.start(m_node, args);
        QVERIFY(node.waitForFinished(600000));
        QVERIFY2(node.exitCode() == 0, node.readAllStandardError().constData());

        for (std::size_t i = 0; i < cases.size(); ++i) {
            const BaselineCase& c = cases[i];
            const BaselineDiff want =
                computeBaseline(*store, c.rules, c.from, c.to, entries, identityMatcher);
            const EngineResult imported = readEngineResults({results[qsizetype(i)]});
            QVERIFY2(imported.ok(), qPrintable(imported.error));
            QVERIFY(imported.header && imported.header->baseline);
            const ImportedBaseline got = baselineFromResult(imported, entries, identityMatcher);
            QVERIFY2(got.error.isEmpty(), qPrintable(got.error));
            QVERIFY(!want.add.isEmpty() || !want.keep.isEmpty());
            QCOMPARE(got.diff.add, want.add);
            QCOMPARE(got.diff.drop, want.drop);
            QCOMPARE(got.diff.keep, want.keep);
            QCOMPARE(got.diff.from, c.from);
            QCOMPARE(got.diff.to, c.to);
            // Each add is classed as the imported findings are (by name and identity types: a result
            // has no event details), so that the same classes are proposed as after a scan.
            QCOMPARE(got.diff.addClass.size(), std::size_t(got.diff.add.size()));
            for (qsizetype a = 0; a < got.diff.add.size(); ++a) {
                const UserActivity* u = findActivity(*imported.store, *imported.activity, got.diff.add[a]);
                QVERIFY2(u, qPrintable(got.diff.add[a]));
                QCOMPARE(got.diff.addClass[std::size_t(a)].cls, u->principal.cls);
            }
            qInfo("baseline %s %s..%s: %lld add, %lld drop, %lld keep, as computed from the logs",
                  qPrintable(ruleSetName(c.rules)), qPrintable(formatSplunkTime(c.from)),
                  qPrintable(formatSplunkTime(c.to)), static_cast<long long>(want.add.size()),
                  static_cast<long long>(want.drop.size()), static_cast<long long>(want.keep.size()));
            ++m_compared;
        }

        // The command line: the same diff printed, and --apply writes the adds to a copy of the list.
        const EngineResult first = readEngineResults({results[0]});
        const BaselineDiff want = baselineFromResult(first, entries, identityMatcher).diff;
        const QString approvedCopy = m_tmp.filePath(QStringLiteral("baseline-approved.csv"));
        QVERIFY(QFile::copy(sample + QStringLiteral("/lookups/aws_service_accounts.csv"), approvedCopy));
        QFile::setPermissions(approvedCopy, QFile::ReadOwner | QFile::WriteOwner);
        auto cli = [&](const QStringList& extra) {
            QProcess p;
            p.start(QStringLiteral(TRAILWARDEN_CLI),
                    QStringList{QStringLiteral("baseline"), QStringLiteral("--import"), results[0],
                                QStringLiteral("--approved"), approvedCopy, QStringLiteral("--identities"),
                                identitiesPath}
                        << extra);
            p.waitForFinished(120000);
            return std::make_pair(p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()));
        };
        const auto [code, out] = cli({});
        QCOMPARE(code, 0);
        // '+' what --apply adds (the machine classes, as for a scan), '?' the rest, '=' drops kept.
        QStringList wantLines, proposed, notProposed;
        for (qsizetype a = 0; a < want.add.size(); ++a) {
            const PrincipalVerdict& v = want.addClass[std::size_t(a)];
            const bool machine = isProposableClass(v.cls) && !v.adminLike;
            (machine ? proposed : notProposed) << want.add[a];
            wantLines << (machine ? QStringLiteral("+ ") : QStringLiteral("? ")) + want.add[a] +
                             QStringLiteral("  [") + principalClassName(v.cls);
        }
        for (const QString& id : want.drop)
            wantLines << QStringLiteral("= ") + id;
        QStringList gotLines;
        for (const QString& line : out.split(u'\n')) {
            if (line.startsWith(QStringLiteral("+ ")) || line.startsWith(QStringLiteral("? ")))
                gotLines << line.left(line.indexOf(u':', line.indexOf(QStringLiteral("  ["))));
            else if (line.startsWith(QStringLiteral("= ")))
                gotLines << line;
        }
        QCOMPARE(gotLines, wantLines);
        qInfo("baseline --import: %lld proposed (machine classes), %lld for review",
              static_cast<long long>(proposed.size()), static_cast<long long>(notProposed.size()));
        QVERIFY2(
            out.startsWith(QStringLiteral("Baseline window 2026-10-02T00:00:00 to 2026-10-03T23:59:59 UTC")),
            qPrintable(out.section(u'\n', 0, 0)));
        QVERIFY(!proposed.isEmpty());
        const auto [applyCode, applyOut] = cli({QStringLiteral("--apply"), QStringLiteral("--no-drop"),
                                                QStringLiteral("--by"), QStringLiteral("test")});
        QCOMPARE(applyCode, 0);
        const LookupLoad after = loadApprovedAccounts(approvedCopy);
        QVERIFY(after.ok());
        for (const QString& id : proposed)
            QVERIFY2(after.identities.contains(id), qPrintable(id));
        for (const QString& id : notProposed)
            QVERIFY2(!after.identities.contains(id), qPrintable(id));
        // --since belongs to logs: the result's window is the query's.
        QCOMPARE(cli({QStringLiteral("--since"), QStringLiteral("30d")}).first, 2);
    }

    void generatedData()
    {
        const QString generator =
            qEnvironmentVariable("TRAILWARDEN_GENERATOR", QStringLiteral(TRAILWARDEN_GENERATOR));
        // The generator lives beside the repository (../shared/bench), not in it: a clone without it
        // still runs the real-corpus comparison above, which needs no generator.
        if (!QFileInfo::exists(generator))
            QSKIP(qPrintable(
                QStringLiteral("the CloudTrail generator %1 is missing (set TRAILWARDEN_GENERATOR): "
                               "the generated-data comparison did not run")
                    .arg(generator)));
        const QString out = m_tmp.filePath(QStringLiteral("gen"));
        QProcess gen;
        gen.start(QStringLiteral("python3"),
                  {generator, QStringLiteral("--records"), QStringLiteral("20000"), QStringLiteral("--users"),
                   QStringLiteral("60"), QStringLiteral("--days"), QStringLiteral("4"),
                   QStringLiteral("--seed"), QStringLiteral("7"), QStringLiteral("--out"), out});
        QVERIFY(gen.waitForFinished(300000));
        QVERIFY2(gen.exitCode() == 0, gen.readAllStandardError().constData());
        const Dataset data{{out + QStringLiteral("/AWSLogs")},
                           out + QStringLiteral("/lookups/aws_service_accounts.csv"),
                           out + QStringLiteral("/lookups/identity_lookup_expanded.csv")};
        compare(data, generatedCases());
    }

    // The command-line round trip: query -> DuckDB -> import gives scan's findings, byte for byte.
    void cliRoundTrip()
    {
        const QString sql = m_tmp.filePath(QStringLiteral("cli.sql")),
                      csv = m_tmp.filePath(QStringLiteral("cli.csv"));
        QProcess q;
        q.start(QStringLiteral(TRAILWARDEN_CLI),
                {QStringLiteral("query"), QStringLiteral("--engine"), QStringLiteral("athena"),
                 QStringLiteral("--database"), QStringLiteral("main"), QStringLiteral("--table"),
                 QStringLiteral("cloudtrail_logs"), QStringLiteral("--all-time"), QStringLiteral("--output"),
                 sql});
        QVERIFY(q.waitForFinished(60000));
        QCOMPARE(q.exitCode(), 0);
        QStringList args{m_script, QStringLiteral("--duckdb"), m_duckdb, QStringLiteral("--input")};
        args << corpusInputs() << QStringLiteral("--query") << sql << QStringLiteral("--out") << csv;
        QProcess node;
        node.start(m_node, args);
        QVERIFY(node.waitForFinished(600000));
        QVERIFY2(node.exitCode() == 0, node.readAllStandardError().constData());

        auto findings = [](const QStringList& cliArgs) {
            QProcess p;
            p.start(QStringLiteral(TRAILWARDEN_CLI), cliArgs);
            p.waitForFinished(120000);
            return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        };
        const QJsonObject scan = findings(QStringList{QStringLiteral("scan"), QStringLiteral("--format"),
                                                      QStringLiteral("json"), QStringLiteral("--quiet")}
                                          << corpusInputs());
        const QJsonObject imported = findings({QStringLiteral("import"), QStringLiteral("--format"),
                                               QStringLiteral("json"), QStringLiteral("--quiet"), csv});
        QVERIFY(!scan.value(QStringLiteral("findings")).toArray().isEmpty());
        // An engine result counts no write, failed or sensitive calls: it says so (docs/detection.md,
        // Risk), and the rest must be the scan's.
        QVERIFY(test::riskNotAvailable(imported.value(QStringLiteral("findings"))));
        QCOMPARE(test::withoutClass(test::withoutRisk(imported.value(QStringLiteral("findings")))),
                 test::withoutClass(test::withoutRisk(scan.value(QStringLiteral("findings")))));
        QVERIFY(test::importedClassesAreByName(imported.value(QStringLiteral("findings"))));
        // The manifest names the result file with its SHA-256, the engine and the window.
        const QJsonObject manifest = imported.value(QStringLiteral("manifest")).toObject();
        const QJsonObject engine = manifest.value(QStringLiteral("engineResult")).toObject();
        QCOMPARE(engine.value(QStringLiteral("engine")).toString(), QStringLiteral("athena"));
        QCOMPARE(engine.value(QStringLiteral("window")).toString(), QStringLiteral("all time"));
        const QJsonArray files =
            manifest.value(QStringLiteral("files")).toObject().value(QStringLiteral("list")).toArray();
        QCOMPARE(files.size(), 1);
        QCOMPARE(files[0].toObject().value(QStringLiteral("sha256")).toString().size(), 64);
        ++m_compared;
    }

    void cleanupTestCase() { qInfo("%d comparisons with scan passed", m_compared); }
};

QTEST_GUILESS_MAIN(TestEnginesDuckDb)
#include "tst_enginesduckdb.moc"
