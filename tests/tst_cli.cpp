// trailwarden-cli as a user or a pipeline sees it: options, output formats, exit statuses.

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kData = QStringLiteral(TRAILWARDEN_TEST_DATA);
const QString kCli = QStringLiteral(TRAILWARDEN_CLI);

struct Run
{
    int status = -1;
    QByteArray out;
    QByteArray err;
};

Run cli(const QStringList& args)
{
    QProcess p;
    p.setWorkingDirectory(kData);
    p.start(kCli, args);
    if (!p.waitForFinished(120000))
        return {};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

const QString kStratus = QStringLiteral("corpus/stratus-red-team");

} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void versionAndHelp()
    {
        const Run v = cli({QStringLiteral("--version")});
        QCOMPARE(v.status, 0);
        QVERIFY(v.out.startsWith("trailwarden-cli " TRAILWARDEN_VERSION));
        const Run h = cli({QStringLiteral("scan"), QStringLiteral("--help")});
        QCOMPARE(h.status, 0);
        QVERIFY(h.out.contains("--fail-on-findings"));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no command") << QStringList{};
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")};
        QTest::newRow("no path") << QStringList{QStringLiteral("scan")};
        QTest::newRow("bad rules") << QStringList{QStringLiteral("scan"), QStringLiteral("--rules"),
                                                  QStringLiteral("x"), kStratus};
        QTest::newRow("bad format") << QStringList{QStringLiteral("scan"), QStringLiteral("--format"),
                                                   QStringLiteral("xml"), kStratus};
        QTest::newRow("bad threads") << QStringList{QStringLiteral("scan"), QStringLiteral("--threads"),
                                                    QStringLiteral("0"), kStratus};
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("scan"), QStringLiteral("--frob"), kStratus};
        QTest::newRow("nothing readable")
            << QStringList{QStringLiteral("scan"), QStringLiteral("bad/input/truncated.json.gz")};
        QTest::newRow("missing path") << QStringList{QStringLiteral("scan"), QStringLiteral("no/such/dir")};
        QTest::newRow("approved without identity column")
            << QStringList{QStringLiteral("scan"), QStringLiteral("--approved"),
                           QStringLiteral("spec/identity-list.json"), kStratus};
        QTest::newRow("approve without reason")
            << QStringList{QStringLiteral("approve"), QStringLiteral("--approved"), QStringLiteral("x.csv"),
                           QStringLiteral("bob")};
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        const Run r = cli(args);
        QCOMPARE(r.status, 2);
        QVERIFY2(!r.err.isEmpty(), "a usage error must say what is wrong");
        QVERIFY(r.out.isEmpty());
    }

    void formats()
    {
        const Run json =
            cli({QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("json"), kStratus});
        QCOMPARE(json.status, 0);
        const QJsonObject doc = QJsonDocument::fromJson(json.out).object();
        const QJsonArray findings = doc[u"findings"].toArray();
        QVERIFY(findings.size() > 1);

        // CSV: Splunk's columns, multivalue eventName as newline-separated values in one quoted cell.
        const Run csv =
            cli({QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("csv"), kStratus});
        QCOMPARE(csv.status, 0);
        QVERIFY(csv.out.startsWith("user,count,firstTime,lastTime,eventName,class,classEvidence\n"));
        const QJsonObject first = findings.first().toObject();
        QStringList names;
        for (const auto& n : first[u"eventName"].toArray())
            names << n.toString();
        const QByteArray expectedRow =
            first[u"user"].toString().toUtf8() + ',' + QByteArray::number(first[u"count"].toInt()) + ',' +
            first[u"firstTime"].toString().toUtf8() + ',' + first[u"lastTime"].toString().toUtf8() + ',' +
            (names.size() > 1 ? '"' + names.join(u'\n').toUtf8() + '"' : names.join(u'\n').toUtf8()) + ',' +
            first[u"class"].toString().toUtf8() + ',' + first[u"classEvidence"].toString().toUtf8() + '\n';
        QVERIFY2(csv.out.contains(expectedRow), csv.out.left(400).constData());

        // Table: a header, one line per finding, a summary.
        const Run table = cli({QStringLiteral("scan"), kStratus});
        QCOMPARE(table.status, 0);
        const QList<QByteArray> lines = table.out.split('\n');
        QVERIFY(lines.first().startsWith("USER"));
        QVERIFY(table.out.contains(QByteArray(QByteArray::number(findings.size()) + " findings")));
        for (const auto& f : findings)
            QVERIFY(table.out.contains(f.toObject()[u"user"].toString().toUtf8()));
    }

    void failOnFindingsAndOutputFile()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("report.json"));
        const Run r = cli({QStringLiteral("scan"), QStringLiteral("--fail-on-findings"),
                           QStringLiteral("--quiet"), QStringLiteral("--format"), QStringLiteral("json"),
                           QStringLiteral("--output"), out, kStratus});
        QCOMPARE(r.status, 1);
        QVERIFY(r.out.isEmpty());
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(!QJsonDocument::fromJson(f.readAll()).object()[u"findings"].toArray().isEmpty());

        // No findings: status 0 even with --fail-on-findings.
        const Run none = cli({QStringLiteral("scan"), QStringLiteral("--fail-on-findings"),
                              QStringLiteral("spec/shapes/../errorcode-present.json")});
        QVERIFY2(none.status == 0 || none.status == 1, none.err.constData());
        QCOMPARE(none.status, none.out.contains("0 findings") ? 0 : 1);
    }

    void approveThenScan()
    {
        QTemporaryDir dir;
        const QString csv = dir.filePath(QStringLiteral("aws_service_accounts.csv"));
        const Run before =
            cli({QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("json"), kStratus});
        const QJsonArray findings = QJsonDocument::fromJson(before.out).object()[u"findings"].toArray();
        const QString user = findings.first().toObject()[u"user"].toString();

        const Run approve = cli({QStringLiteral("approve"), QStringLiteral("--approved"), csv,
                                 QStringLiteral("--reason"), QStringLiteral("CI role, ticket SEC-1"),
                                 QStringLiteral("--by"), QStringLiteral("tester"), user});
        QCOMPARE(approve.status, 0);
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray content = f.readAll();
        QVERIFY(content.startsWith("identity,approved_by,approved_at,reason\n"));
        QVERIFY(content.contains(QByteArray(user.toUtf8() + ",tester,")));
        QVERIFY(content.contains("\"CI role, ticket SEC-1\""));

        const Run after = cli({QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("json"),
                               QStringLiteral("--approved"), csv, kStratus});
        QCOMPARE(after.status, 0);
        const QJsonObject doc = QJsonDocument::fromJson(after.out).object();
        QCOMPARE(doc[u"findings"].toArray().size(), findings.size() - 1);
        QCOMPARE(doc[u"summary"].toObject()[u"excluded"].toInt(),
                 findings.first().toObject()[u"count"].toInt());

        // Approving again is refused and changes nothing.
        const Run again = cli({QStringLiteral("approve"), QStringLiteral("--approved"), csv,
                               QStringLiteral("--reason"), QStringLiteral("again"), user.toUpper()});
        QCOMPARE(again.status, 0);
        QVERIFY(again.err.contains("already approved"));
        QFile f2(csv);
        QVERIFY(f2.open(QIODevice::ReadOnly));
        QCOMPARE(f2.readAll(), content);
    }

    void revokeBaselineHealthSuppressions()
    {
        QTemporaryDir dir;
        const QString csv = dir.filePath(QStringLiteral("aws_service_accounts.csv"));
        const QString logs = QStringLiteral("corpus/trailscraper");
        // trailscraper has two users: root and someRole (see corpus/expected/NOTES.md).
        auto arg = [](const char* s) { return QString::fromLatin1(s); };

        // baseline without --apply prints the diff and writes nothing.
        const Run dry = cli({arg("baseline"), arg("--since"), arg("100000d"), arg("--approved"), csv, logs});
        QCOMPARE(dry.status, 0);
        QVERIFY2(dry.out.contains("? root  [root: userIdentity.type Root]\n") &&
                     dry.out.contains("+ someRole  [service role: assumed by config.amazonaws.com]\n"),
                 dry.out.constData());
        QVERIFY(!QFile::exists(csv));

        // --apply writes the adds with provenance; root only when asked for twice.
        const Run applied =
            cli({arg("baseline"), arg("--since"), arg("100000d"), arg("--approved"), csv, arg("--apply"),
                 arg("--include-people"), arg("--allow-root"), arg("--by"), arg("tester"), logs});
        QCOMPARE(applied.status, 0);
        const Run none = cli({arg("scan"), arg("--approved"), csv, arg("--format"), arg("json"), logs});
        QCOMPARE(QJsonDocument::fromJson(none.out).object()[u"findings"].toArray().size(), 0);

        // health: both entries matched; root was last seen in 2015, two years before the data's end: stale.
        const Run health = cli({arg("health"), arg("--approved"), csv, arg("--flagged"), logs});
        QCOMPARE(health.status, 0);
        const QList<QByteArray> rows = health.out.trimmed().split('\n');
        QCOMPARE(rows.size(), 2);
        QVERIFY2(rows[1].startsWith("root ") && rows[1].endsWith("stale"), rows[1].constData());

        // revoke with provenance; the audit log has approve then revoke.
        const Run revoke = cli({arg("revoke"), arg("--approved"), csv, arg("--reason"),
                                arg("left the company"), arg("--by"), arg("tester"), arg("root")});
        QCOMPARE(revoke.status, 0);
        QVERIFY(revoke.out.contains("revoked root"));
        QFile audit(csv + QStringLiteral(".audit.jsonl"));
        QVERIFY(audit.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = audit.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QVERIFY(lines[1].contains("\"action\":\"revoke\"") && lines[1].contains("left the company"));

        // The baseline now proposes root again, and the revoked user is a finding once more...
        const Run after = cli({arg("scan"), arg("--approved"), csv, arg("--format"), arg("json"), logs});
        QCOMPARE(QJsonDocument::fromJson(after.out).object()[u"findings"].toArray().size(), 1);
        // ...unless a suppression rule hides it.
        const QString rules = dir.filePath(QStringLiteral("rules.json"));
        QFile r(rules);
        QVERIFY(r.open(QIODevice::WriteOnly));
        r.write(R"({"version":1,"rules":[{"id":"root","user":"ROOT"}]})");
        r.close();
        const Run hidden = cli({arg("scan"), arg("--approved"), csv, arg("--suppressions"), rules,
                                arg("--format"), arg("json"), logs});
        QCOMPARE(hidden.status, 0);
        QCOMPARE(QJsonDocument::fromJson(hidden.out).object()[u"findings"].toArray().size(), 0);
        const Run badRules = cli({arg("scan"), arg("--suppressions"), csv, logs});
        QCOMPARE(badRules.status, 2);
    }

    // Issue 11: approve refuses root unless --allow-root, and writes nothing.
    void approveRefusesRoot()
    {
        QTemporaryDir dir;
        const QString csv = dir.filePath(QStringLiteral("aws_service_accounts.csv"));
        auto arg = [](const char* s) { return QString::fromLatin1(s); };
        const Run refused = cli({arg("approve"), arg("--approved"), csv, arg("--reason"), arg("break-glass"),
                                 arg("svc-a"), arg("Root")});
        QCOMPARE(refused.status, 2);
        QVERIFY2(refused.err.contains("refusing to approve 'Root'") && refused.err.contains("--allow-root"),
                 refused.err.constData());
        QVERIFY(!QFile::exists(csv)); // not even svc-a: the command is refused as a whole
        const Run allowed = cli({arg("approve"), arg("--approved"), csv, arg("--reason"), arg("break-glass"),
                                 arg("--allow-root"), arg("root")});
        QCOMPARE(allowed.status, 0);
        QVERIFY(allowed.out.contains("approved root"));
    }

    // Issue 11: baseline --apply adds only service roles, service-linked roles and workload
    // identities; persons need --include-people, root also --allow-root, unknown --include-unknown;
    // drops only with --drop.
    void baselineApplyAddsOnlyMachines()
    {
        QTemporaryDir dir;
        const QString csv = dir.filePath(QStringLiteral("aws_service_accounts.csv"));
        const QString sample = QStringLiteral("../../resources/sample/AWSLogs");
        auto arg = [](const char* s) { return QString::fromLatin1(s); };
        QFile seed(csv);
        QVERIFY(seed.open(QIODevice::WriteOnly));
        seed.write("identity,reason\nghost-entry,gone\n");
        seed.close();
        auto identities = [&csv] {
            QFile f(csv);
            f.open(QIODevice::ReadOnly);
            QStringList out;
            const QList<QByteArray> lines = f.readAll().split('\n');
            for (qsizetype i = 1; i < lines.size(); ++i)
                if (!lines[i].isEmpty())
                    out << QString::fromUtf8(lines[i].left(lines[i].indexOf(',')));
            return out;
        };

        const Run applied =
            cli({arg("baseline"), arg("--approved"), csv, arg("--apply"), arg("--by"), arg("t"), sample});
        QCOMPARE(applied.status, 0);
        QVERIFY2(applied.out.contains("? root  [root:"), applied.out.constData());
        QVERIFY(applied.out.contains("? helen.suzuki  [person:"));
        QVERIFY(applied.out.contains("= ghost-entry\n"));
        const QStringList after = identities();
        QVERIFY(after.contains(QStringLiteral("ghost-entry"))); // no --drop: kept
        QVERIFY(after.contains(QStringLiteral("AWSServiceRoleForECS")));
        QVERIFY(after.contains(QStringLiteral("metrics-sandbox-ec2-instance-role")));
        QVERIFY(after.contains(QStringLiteral("repo:example-org/audit:ref:refs/heads/main")));
        for (const char* absent :
             {"root", "helen.suzuki", "AWSReservedSSO_Billing_12747dfd50eb6c4b", "ama.mendoza",
              "OrganizationAccountAccessRole"}) // a service role, but admin-like
            QVERIFY2(!after.contains(QString::fromLatin1(absent)), absent);

        const Run people = cli({arg("baseline"), arg("--approved"), csv, arg("--apply"),
                                arg("--include-people"), arg("--drop"), arg("--by"), arg("t"), sample});
        QCOMPARE(people.status, 0);
        const QStringList withPeople = identities();
        QVERIFY(withPeople.contains(QStringLiteral("helen.suzuki")));
        QVERIFY(!withPeople.contains(QStringLiteral("root")));        // root also needs --allow-root
        QVERIFY(!withPeople.contains(QStringLiteral("ama.mendoza"))); // unknown needs --include-unknown
        QVERIFY(!withPeople.contains(QStringLiteral("ghost-entry"))); // --drop
        const Run both = cli({arg("baseline"), arg("--approved"), csv, arg("--apply"), arg("--drop"),
                              arg("--no-drop"), sample});
        QCOMPARE(both.status, 2);
    }

    void legacyRulesDiffer()
    {
        const QString file = QStringLiteral("corpus/trailscraper");
        const Run ta7 =
            cli({QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("json"), file});
        const Run legacy = cli({QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("json"),
                                QStringLiteral("--rules"), QStringLiteral("legacy"), file});
        QCOMPARE(ta7.status, 0);
        QCOMPARE(legacy.status, 0);
        QVERIFY(ta7.out != legacy.out);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
