// SPDX-License-Identifier: GPL-3.0-or-later

// trailwarden-cli as a user or a pipeline sees it: options, output formats, exit statuses.

#include "core/version.h"
#include "tests/support/testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
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

using Run = tw::test::CliRun;

// In tests/data, so that the corpus paths are short and relative.
Run cli(const QStringList& args)
{
    return tw::test::runCli(args, kData);
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
        QVERIFY(csv.out.startsWith(
            "user,count,firstTime,lastTime,eventName,class,classEvidence,risk,riskExplanation,"
            "writeCalls,failedCalls,sensitiveApis\n"));
        const QJsonObject first = findings.first().toObject();
        QStringList names;
        for (const auto& n : first[u"eventName"].toArray())
            names << n.toString();
        // The risk columns (docs/detection.md, Risk): sensitive APIs marked and counted, one a line.
        QStringList sensitive;
        for (const auto& v : first[u"sensitive"].toArray())
            sensitive << QStringLiteral("\u26A0 ") + v[u"eventName"].toString() + QStringLiteral(" \u00D7") +
                             QString::number(v[u"count"].toInt());
        const auto cell = [](const QString& text) -> QByteArray {
            QByteArray u = text.toUtf8();
            if (!u.contains(',') && !u.contains('"') && !u.contains('\n'))
                return u;
            return '"' + u.replace('"', "\"\"") + '"';
        };
        const QByteArray expectedRow =
            first[u"user"].toString().toUtf8() + ',' + QByteArray::number(first[u"count"].toInt()) + ',' +
            first[u"firstTime"].toString().toUtf8() + ',' + first[u"lastTime"].toString().toUtf8() + ',' +
            (names.size() > 1 ? '"' + names.join(u'\n').toUtf8() + '"' : names.join(u'\n').toUtf8()) + ',' +
            first[u"class"].toString().toUtf8() + ',' + first[u"classEvidence"].toString().toUtf8() + ',' +
            QByteArray::number(first[u"risk"].toInt()) + ',' + cell(first[u"riskExplanation"].toString()) +
            ',' + QByteArray::number(first[u"writeCalls"].toInt()) + ',' +
            QByteArray::number(first[u"failedCalls"].toInt()) + ',' + cell(sensitive.join(u'\n')) + '\n';
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
        QVERIFY2(again.out.contains("already approved") && again.err.isEmpty(), again.err.constData());
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
        QVERIFY2(revoke.out.endsWith(": revoked 'root'\n"), revoke.out.constData());
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

    // ux-2026-12 problem 3: a folder holding only a log not named *.json is no "0 findings".
    void nothingReadSaysWhatWasSkipped()
    {
        QTemporaryDir dir;
        const QString log = dir.filePath(QStringLiteral("export.log"));
        QVERIFY(QFile::copy(kData + QStringLiteral("/corpus/trailscraper/events-for-smoke-test.json"), log));
        const Run folder = cli({QStringLiteral("scan"), dir.path()});
        QCOMPARE(folder.status, 2);
        QVERIFY2(folder.err.contains("No CloudTrail events were read from") &&
                     folder.err.contains("1 file skipped by its name (export.log), 0 failed"),
                 folder.err.constData());
        // The file itself is listed with the reason, and the advice says how to read it.
        QVERIFY2(folder.err.contains(QString(log + QStringLiteral(": skipped by its name")).toUtf8()),
                 folder.err.constData());
        QVERIFY(folder.err.contains("opened by its own path is read"));
        QVERIFY(folder.out.isEmpty());

        const Run missing = cli({QStringLiteral("scan"), dir.filePath(QStringLiteral("nope"))});
        QCOMPARE(missing.status, 2);
        QVERIFY2(missing.err.contains("no file skipped by its name, 1 failed (nope: no such file or folder)"),
                 missing.err.constData());

        // Named explicitly, the same file is read whatever its name.
        const Run named =
            cli({QStringLiteral("scan"), QStringLiteral("--format"), QStringLiteral("json"), log});
        QCOMPARE(named.status, 0);
        QVERIFY(QJsonDocument::fromJson(named.out).object()[u"summary"].toObject()[u"events"].toInt() > 0);

        // A readable folder with one skipped file beside the logs: read, and the skip is said.
        QVERIFY(QFile::copy(kData + QStringLiteral("/corpus/trailscraper/events-for-smoke-test.json"),
                            dir.filePath(QStringLiteral("events.json"))));
        const Run mixed = cli({QStringLiteral("scan"), dir.path()});
        QCOMPARE(mixed.status, 0);
        QVERIFY2(mixed.err.contains("1 file in the folders skipped by name"), mixed.err.constData());
        QVERIFY2(mixed.out.contains("1 file in the folders skipped by their name"), mixed.out.constData());
    }

    // Issue 16: every file skipped is listed with the reason, up to kMaxListedSkips (1,000); past
    // that the count stays whole and the message says that only the first are listed.
    void skippedFilesPastTheListedLimit()
    {
        QTemporaryDir dir;
        QVERIFY(QFile::copy(kData + QStringLiteral("/corpus/trailscraper/events-for-smoke-test.json"),
                            dir.filePath(QStringLiteral("events.json"))));
        for (int i = 0; i < 1005; ++i)
            QVERIFY(tw::test::writeFile(dir.filePath(QStringLiteral("export-%1.log").arg(i)), "x"));
        const Run r = cli({QStringLiteral("scan"), dir.path()});
        QCOMPARE(r.status, 0);
        QCOMPARE(r.err.count(": skipped by its name: "), 1000);
        QVERIFY2(r.err.contains("1005 files in the folders skipped by name (the first 1000 listed above)"),
                 r.err.right(400).constData());
    }

    // ux-2026-12 problem 16: a scan with no list says that nothing is excluded.
    void noListsSaysNothingIsExcluded()
    {
        const Run bare = cli({QStringLiteral("scan"), kStratus});
        QCOMPARE(bare.status, 0);
        QVERIFY2(bare.err.contains("nothing is excluded"), bare.err.constData());
        QTemporaryDir dir;
        const QString csv = dir.filePath(QStringLiteral("a.csv"));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("identity\nsomebody\n");
        f.close();
        const Run listed = cli({QStringLiteral("scan"), QStringLiteral("--approved"), csv, kStratus});
        QCOMPARE(listed.status, 0);
        QVERIFY(!listed.err.contains("nothing is excluded"));
    }

    // ux-2026-12 problem 11: `scan --approved X` applies X's suppression rules, as the window does.
    void scanAppliesTheListsSuppressions()
    {
        QTemporaryDir dir;
        const QString csv = dir.filePath(QStringLiteral("accounts.csv"));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("identity\nnobody\n");
        f.close();
        const QString logs = QStringLiteral("corpus/trailscraper");
        const auto scan = [&](QStringList extra) {
            extra.prepend(QStringLiteral("scan"));
            extra << QStringLiteral("--approved") << csv << logs;
            return cli(extra);
        };
        const Run plain = scan({QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(plain.status, 0);
        const QJsonObject before = QJsonDocument::fromJson(plain.out).object();
        QCOMPARE(before[u"summary"].toObject()[u"suppressed"].toInt(-1), 0);

        QFile rules(dir.filePath(QStringLiteral("accounts.suppressions.json")));
        QVERIFY(rules.open(QIODevice::WriteOnly));
        rules.write(R"({"version":1,"rules":[{"id":"r","reason":"lab account","user":"ROOT"}]})");
        rules.close();
        const Run applied = scan({QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(applied.status, 0);
        const QJsonObject after = QJsonDocument::fromJson(applied.out).object();
        QCOMPARE(after[u"summary"].toObject()[u"suppressed"].toInt(), 1);
        QCOMPARE(after[u"findings"].toArray().size(), before[u"findings"].toArray().size() - 1);

        const Run table = scan({});
        QVERIFY2(table.out.contains("1 hidden by suppression rules"), table.out.constData());

        const Run optOut =
            scan({QStringLiteral("--no-suppressions"), QStringLiteral("--format"), QStringLiteral("json")});
        // Findings and summary as without rules (the manifest says when it was made: not compared).
        const QJsonObject without = QJsonDocument::fromJson(optOut.out).object();
        QCOMPARE(without[u"findings"], before[u"findings"]);
        QCOMPARE(without[u"summary"], before[u"summary"]);

        // A rules file that cannot be used stops the scan rather than silently applying none.
        QVERIFY(rules.open(QIODevice::WriteOnly | QIODevice::Truncate));
        rules.write("not json");
        rules.close();
        QCOMPARE(scan({}).status, 2);
    }

    // ux-2026-12 problem 16: a typo in --approved does not quietly start a list.
    void approveSaysCreatedAndNeedsTheFolder()
    {
        QTemporaryDir dir;
        const QString typo = dir.filePath(QStringLiteral("typo.csv"));
        const Run created = cli({QStringLiteral("approve"), QStringLiteral("--approved"), typo,
                                 QStringLiteral("--reason"), QStringLiteral("r"), QStringLiteral("svc-a")});
        QCOMPARE(created.status, 0);
        QVERIFY2(created.err.contains(QString(QStringLiteral("created ") + typo).toUtf8()),
                 created.err.constData());
        const Run second = cli({QStringLiteral("approve"), QStringLiteral("--approved"), typo,
                                QStringLiteral("--reason"), QStringLiteral("r"), QStringLiteral("svc-b")});
        QCOMPARE(second.status, 0);
        QVERIFY(!second.err.contains("created"));

        const QString nowhere = dir.filePath(QStringLiteral("no-such-folder/x.csv"));
        const Run refused = cli({QStringLiteral("approve"), QStringLiteral("--approved"), nowhere,
                                 QStringLiteral("--reason"), QStringLiteral("r"), QStringLiteral("svc-a")});
        QCOMPARE(refused.status, 2);
        QVERIFY2(refused.err.contains("does not exist"), refused.err.constData());
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("no-such-folder"))));
    }

    // ux-2026-12 problems 12 and 16: revoking what is not on the list fails; a revoke records the
    // row as it was in the CSV; an identity with an invisible character is refused.
    void revokeAndInvisibleIdentities()
    {
        QTemporaryDir dir;
        const QString csv = dir.filePath(QStringLiteral("a.csv"));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("identity,owner,notes\nHR-legacy-58b0,hr-team,\"ticket SEC-1808\"\nsvc-keep,ops,\n");
        f.close();
        const auto arg = [](const char* s) { return QString::fromUtf8(s); };

        const Run absent =
            cli({arg("revoke"), arg("--approved"), csv, arg("--reason"), arg("gone"), arg("ghost")});
        QCOMPARE(absent.status, 2);
        QVERIFY2(absent.err.contains("not revoked: 'ghost'"), absent.err.constData());

        const Run revoked = cli({arg("revoke"), arg("--approved"), csv, arg("--reason"), arg("gone"),
                                 arg("--by"), arg("tester"), arg("hr-LEGACY-58B0")});
        QCOMPARE(revoked.status, 0);
        QFile audit(csv + arg(".audit.jsonl"));
        QVERIFY(audit.open(QIODevice::ReadOnly));
        const QJsonObject entry =
            QJsonDocument::fromJson(audit.readAll().trimmed().split('\n').last()).object();
        QCOMPARE(entry[u"action"].toString(), arg("revoke"));
        QCOMPARE(entry[u"identities"].toArray(), QJsonArray{arg("HR-legacy-58b0")});
        const QJsonObject row = entry[u"rows"].toArray().first().toObject();
        QCOMPARE(row[u"identity"].toString(), arg("HR-legacy-58b0"));
        QCOMPARE(row[u"owner"].toString(), arg("hr-team"));
        QCOMPARE(row[u"notes"].toString(), arg("ticket SEC-1808"));

        QFile before(csv);
        QVERIFY(before.open(QIODevice::ReadOnly));
        const QByteArray bytes = before.readAll();
        before.close();
        const Run invisible = cli({arg("approve"), arg("--approved"), csv, arg("--reason"), arg("r"),
                                   QStringLiteral("svc\u200Bdeploy")});
        QCOMPARE(invisible.status, 2);
        QVERIFY2(invisible.err.contains("U+200B"), invisible.err.constData());
        QVERIFY(before.open(QIODevice::ReadOnly));
        QCOMPARE(before.readAll(), bytes);
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
        QVERIFY2(allowed.out.endsWith(": approved 'root'\n"), allowed.out.constData());
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

    // ux-2026-12 problem 16 (issue 15, CLI): every error says what to do. Each is a usage error
    // (status 2, nothing on stdout) whose message names the fix.
    void errorsSayWhatToDo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("says");
        QTest::addColumn<QString>("doesNotSay");
        const QString x = QStringLiteral("x.csv"), nowhere = QStringLiteral("no/such/folder/a.csv");
        auto a = [](const char* s) { return QString::fromLatin1(s); };
        QTest::newRow("scan --aproved")
            << QStringList{a("scan"), a("--aproved"), x, kStratus}
            << a("unknown option '--aproved'; did you mean '--approved'?") << QString();
        QTest::newRow("approve --reson")
            << QStringList{a("approve"), a("--approved"), x, a("--reson"), a("r"), a("b")}
            << a("unknown option '--reson'; did you mean '--reason'?") << QString();
        QTest::newRow("health --flaged") << QStringList{a("health"), a("--flaged"), kStratus}
                                         << a("did you mean '--flagged'?") << QString();
        QTest::newRow("baseline --apply-drop")
            << QStringList{a("baseline"), a("--aply"), kStratus} << a("did you mean '--apply'?") << QString();
        QTest::newRow("nothing near") << QStringList{a("scan"), a("--frobnicate"), kStratus}
                                      << a("unknown option '--frobnicate'\n") << a("did you mean");
        QTest::newRow("path without a verb")
            << QStringList{kStratus} << a("'trailwarden-cli scan corpus/stratus-red-team'") << QString();
        QTest::newRow("file without a verb")
            << QStringList{a("events.json.gz")} << a("'trailwarden-cli scan events.json.gz'") << QString();
        QTest::newRow("command typo") << QStringList{a("sacn"), kStratus}
                                      << a("unknown command 'sacn'; did you mean 'scan'?") << QString();
        QTest::newRow("option before the command")
            << QStringList{a("--approved"), x, kStratus} << a("options come after the command") << QString();
        for (const char* verb : {"scan", "health", "baseline"})
            QTest::addRow("%s: --approved in a missing folder", verb)
                << QStringList{a(verb), a("--approved"), nowhere, kStratus}
                << a("--approved no/such/folder/a.csv: the folder ") << QString();
        for (const char* verb : {"approve", "revoke"})
            QTest::addRow("%s: --approved in a missing folder", verb)
                << QStringList{a(verb), a("--approved"), nowhere, a("--reason"), a("r"), a("svc-a")}
                << a("--approved no/such/folder/a.csv: the folder ") << QString();
        QTest::newRow("health --format xml")
            << QStringList{a("health"), a("--approved"), x, a("--format"), a("xml"), kStratus}
            << a("--format must be table or json, not 'xml'") << QString();
        QTest::newRow("baseline --format xml")
            << QStringList{a("baseline"), a("--approved"), x, a("--format"), a("xml"), kStratus}
            << a("--format must be table or json, not 'xml'") << QString();
    }

    void errorsSayWhatToDo()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, says);
        QFETCH(QString, doesNotSay);
        const Run r = cli(args);
        QCOMPARE(r.status, 2);
        QVERIFY2(r.out.isEmpty(), r.out.constData());
        QVERIFY2(r.err.contains(says.toUtf8()), r.err.constData());
        if (says.contains(QStringLiteral("the folder ")))
            QVERIFY2(r.err.contains("does not exist"), r.err.constData());
        if (!doesNotSay.isEmpty())
            QVERIFY2(!r.err.contains(doesNotSay.toUtf8()), r.err.constData());
        QVERIFY2(r.err.contains("Try 'trailwarden-cli "), r.err.constData());
    }

    // ux-2026-12 problem 16: approve said each identity twice, on stdout and again on stderr. One line,
    // on stdout, whether it wrote or found everything approved already; nothing on stderr.
    void approvePrintsOneLine()
    {
        QTemporaryDir dir;
        const QString csv = dir.filePath(QStringLiteral("aws_service_accounts.csv"));
        QVERIFY(tw::test::writeFile(csv, "identity\n"));
        auto approve = [&](const QStringList& ids) {
            return cli(QStringList{QStringLiteral("approve"), QStringLiteral("--approved"), csv,
                                   QStringLiteral("--reason"), QStringLiteral("r")} +
                       ids);
        };
        const Run two = approve({QStringLiteral("svc-a"), QStringLiteral("svc-b")});
        QCOMPARE(two.status, 0);
        QCOMPARE(QString::fromUtf8(two.out), csv + QStringLiteral(": approved 'svc-a', 'svc-b'\n"));
        QVERIFY2(two.err.isEmpty(), two.err.constData());
        QCOMPARE(tw::test::approvedIn(two.out),
                 (QStringList{QStringLiteral("svc-a"), QStringLiteral("svc-b")}));

        const Run again = approve({QStringLiteral("svc-a")});
        QCOMPARE(again.status, 0);
        QCOMPARE(again.out.count('\n'), 1);
        QVERIFY2(again.out.contains("nothing to approve") && again.out.contains("already approved"),
                 again.out.constData());
        QVERIFY2(again.err.isEmpty(), again.err.constData());
    }

    // ux-2026-12 problem 16: health and baseline for cron: --format json for a script to read, and a
    // status (1) when the list needs attention, only when asked for (as scan --fail-on-findings).
    void healthAndBaselineForCron()
    {
        QTemporaryDir dir;
        const QString csv = dir.filePath(QStringLiteral("aws_service_accounts.csv"));
        const QString logs = QStringLiteral("corpus/trailscraper"); // root (last seen 2015) and someRole
        auto arg = [](const char* s) { return QString::fromLatin1(s); };
        auto json = [](const Run& r) { return QJsonDocument::fromJson(r.out).object(); };
        const QStringList baseline = {arg("baseline"), arg("--since"), arg("100000d"), arg("--approved"),
                                      csv};

        const Run diff =
            cli(baseline + QStringList{arg("--format"), arg("json"), arg("--fail-on-changes"), logs});
        QCOMPARE(diff.status, 1);
        const QJsonArray add = json(diff)[u"add"].toArray();
        QCOMPARE(add.size(), 2);
        QCOMPARE(add[0][u"identity"].toString(), arg("root"));
        QCOMPARE(add[0][u"applied"].toBool(), false);
        QCOMPARE(add[1][u"identity"].toString(), arg("someRole"));
        QCOMPARE(add[1][u"class"].toString(), arg("service role"));
        QCOMPARE(add[1][u"applied"].toBool(), true);
        QCOMPARE(json(diff)[u"written"].toBool(), false);
        QVERIFY(!QFile::exists(csv));
        QCOMPARE(cli(baseline + QStringList{logs}).status, 0); // the same diff, not asked to fail

        QCOMPARE(cli(baseline + QStringList{arg("--apply"), logs}).status, 0); // adds someRole
        const QStringList health = {arg("health"), arg("--approved"), csv, arg("--format"), arg("json")};
        const Run healthy = cli(health + QStringList{arg("--fail-on-flagged"), logs});
        QCOMPARE(healthy.status, 0);
        QCOMPARE(json(healthy)[u"flagged"].toInt(), 0);
        const QJsonArray entries = json(healthy)[u"entries"].toArray();
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries[0][u"identity"].toString(), arg("someRole"));
        QVERIFY(entries[0][u"events"].toInt() > 0);
        QVERIFY(entries[0][u"lastSeen"].toString().endsWith(u'Z'));
        QCOMPARE(entries[0][u"flags"].toArray().size(), 0);

        // root approved too: two years older than the data's end, stale; the list needs attention.
        QCOMPARE(cli({arg("approve"), arg("--approved"), csv, arg("--reason"), arg("r"), arg("--allow-root"),
                      arg("root")})
                     .status,
                 0);
        const Run stale = cli(health + QStringList{arg("--fail-on-flagged"), arg("--flagged"), logs});
        QCOMPARE(stale.status, 1);
        QCOMPARE(json(stale)[u"count"].toInt(), 2);
        QCOMPARE(json(stale)[u"flagged"].toInt(), 1);
        const QJsonArray flagged = json(stale)[u"entries"].toArray();
        QCOMPARE(flagged.size(), 1);
        QCOMPARE(flagged[0][u"identity"].toString(), arg("root"));
        QCOMPARE(flagged[0][u"flags"].toArray(), QJsonArray{arg("stale")});
        QCOMPARE(cli(health + QStringList{logs}).status, 0); // flagged, but not asked to fail

        // The list now is the baseline: nothing to add or drop.
        const Run same =
            cli(baseline + QStringList{arg("--format"), arg("json"), arg("--fail-on-changes"), logs});
        QCOMPARE(same.status, 0);
        QCOMPARE(json(same)[u"add"].toArray().size(), 0);
        QCOMPARE(json(same)[u"unchanged"].toArray().size(), 2);
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
