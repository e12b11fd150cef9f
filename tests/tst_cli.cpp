// SPDX-License-Identifier: GPL-3.0-or-later

// trailwarden-cli as a user or a pipeline sees it: options, output formats, exit statuses.

#include "core/version.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
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

QString readSource(const QString& relative)
{
    QFile file(QStringLiteral(TRAILWARDEN_SOURCE_DIR "/") + relative);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

// The commands `trailwarden-cli --help` lists, in its order.
QStringList commands()
{
    QStringList out;
    const QString help = QString::fromUtf8(cli({QStringLiteral("--help")}).out);
    const qsizetype start = help.indexOf(QStringLiteral("Commands:\n"));
    const qsizetype end = help.indexOf(QStringLiteral("\n\n"), start);
    if (start < 0 || end < 0)
        return out;
    static const QRegularExpression verb(QStringLiteral("^  ([a-z]+) "), QRegularExpression::MultilineOption);
    auto it = verb.globalMatch(help.mid(start, end - start));
    while (it.hasNext())
        out << it.next().captured(1);
    return out;
}

// The long options a command's --help lists, as the parser accepts them (`--name`). Qt's own
// --help-all (Qt's options) is left out: it is Qt's, not ours to document.
QStringList optionsOf(const QString& command)
{
    QStringList out;
    const QString help = QString::fromUtf8(cli({command, QStringLiteral("--help")}).out);
    static const QRegularExpression option(QStringLiteral("^  (?:-[a-zA-Z?], )*(--[a-z][a-z-]*)"),
                                           QRegularExpression::MultilineOption);
    auto it = option.globalMatch(help);
    while (it.hasNext()) {
        const QString name = it.next().captured(1);
        if (name != u"--help-all")
            out << name;
    }
    return out;
}

// troff source as a reader sees it: `\-` is a hyphen, font changes and break points vanish.
QString manText(const QString& roff)
{
    QString text = roff;
    text.replace(QStringLiteral("\\-"), QStringLiteral("-"));
    text.remove(QRegularExpression(QStringLiteral("\\f[BIRP]|\\:|\\&")));
    return text;
}

bool mentions(const QString& text, const QString& option)
{
    return text.contains(
        QRegularExpression(QRegularExpression::escape(option) + QStringLiteral("(?![a-z-])")));
}

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

    // Every command's --help names the command to type, not the path the binary was started from
    // (ctest and the test start it by its absolute build path).
    void helpNamesTheCommand()
    {
        const QStringList verbs = commands();
        QVERIFY2(verbs.size() >= 5, qPrintable(verbs.join(u' ')));
        for (const QString& verb : verbs) {
            const Run h = cli({verb, QStringLiteral("--help")});
            QCOMPARE(h.status, 0);
            const QString text = QString::fromUtf8(h.out);
            QVERIFY2(text.startsWith(QStringLiteral("Usage: trailwarden-cli ") + verb + u' '),
                     qPrintable(text.section(u'\n', 0, 0)));
            QVERIFY2(!text.contains(kCli), qPrintable(text.section(u'\n', 0, 0)));
        }
    }

    // The man page and the README cannot drift from the parser: every command the CLI lists has its
    // own section in both, and every option a command accepts is described in its man section and
    // appears in the README's CLI section.
    void docsCoverEveryCommandAndOption()
    {
        const QString man = manText(readSource(QStringLiteral("installers/man/trailwarden-cli.1")));
        const QString readme = readSource(QStringLiteral("README.md"));
        QVERIFY(!man.isEmpty() && !readme.isEmpty());
        const qsizetype cliStart = readme.indexOf(QStringLiteral("\n## Using trailwarden-cli\n"));
        QVERIFY(cliStart >= 0);
        const QString readmeCli =
            readme.mid(cliStart, readme.indexOf(QStringLiteral("\n## "), cliStart + 1) - cliStart);

        const QStringList verbs = commands();
        QVERIFY2(verbs.size() >= 5, qPrintable(verbs.join(u' ')));
        QStringList missing;
        for (const QString& verb : verbs) {
            const QString heading = QStringLiteral(".SS \"Options of %1\"\n").arg(verb);
            const qsizetype start = man.indexOf(heading);
            if (start < 0) {
                missing << QStringLiteral("man: no section \"Options of %1\"").arg(verb);
                continue;
            }
            const qsizetype end = man.indexOf(QRegularExpression(QStringLiteral("\n\\.S[SH] ")), start + 1);
            const QString section = man.mid(start, end - start);
            if (!man.contains(QStringLiteral(".SY trailwarden-cli\n.B ") + verb + u'\n'))
                missing << QStringLiteral("man: no synopsis of %1").arg(verb);
            if (!man.contains(QStringLiteral(".TP\n.B ") + verb + u'\n'))
                missing << QStringLiteral("man: %1 not under COMMANDS").arg(verb);
            if (!readmeCli.contains(QStringLiteral("trailwarden-cli ") + verb + u' '))
                missing << QStringLiteral("README: no usage of %1").arg(verb);
            const QStringList options = optionsOf(verb);
            if (options.isEmpty())
                missing << QStringLiteral("%1 --help lists no options").arg(verb);
            for (const QString& option : options) {
                if (!mentions(section, option))
                    missing << QStringLiteral("man: %1 %2").arg(verb, option);
                if (option != u"--help" && !mentions(readmeCli, option))
                    missing << QStringLiteral("README: %1 %2").arg(verb, option);
            }
        }
        for (const QString& option : {QStringLiteral("--version"), QStringLiteral("--help")})
            if (!mentions(man, option))
                missing << QStringLiteral("man: ") + option;
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral("; "))));
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
        QVERIFY(csv.out.startsWith("user,count,firstTime,lastTime,eventName\n"));
        const QJsonObject first = findings.first().toObject();
        QStringList names;
        for (const auto& n : first[u"eventName"].toArray())
            names << n.toString();
        const QByteArray expectedRow =
            first[u"user"].toString().toUtf8() + ',' + QByteArray::number(first[u"count"].toInt()) + ',' +
            first[u"firstTime"].toString().toUtf8() + ',' + first[u"lastTime"].toString().toUtf8() + ',' +
            (names.size() > 1 ? '"' + names.join(u'\n').toUtf8() + '"' : names.join(u'\n').toUtf8()) + '\n';
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
        QVERIFY2(dry.out.contains("+ root\n") && dry.out.contains("+ someRole\n"), dry.out.constData());
        QVERIFY(!QFile::exists(csv));

        // --apply writes the adds with provenance.
        const Run applied = cli({arg("baseline"), arg("--since"), arg("100000d"), arg("--approved"), csv,
                                 arg("--apply"), arg("--by"), arg("tester"), logs});
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
