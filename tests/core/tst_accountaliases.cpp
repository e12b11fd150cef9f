// SPDX-License-Identifier: GPL-3.0-or-later

// Account names beside 12-digit ids (issue 15, Tables and values): the aliases CSV
// (`account_id,name`) read with its problems by file, line and reason; every report format showing
// the names (JSON and CSV in fields of their own, the manifest naming the file with its SHA-256);
// `scan --aliases` and `import --aliases`; and the detection unchanged by them.

#include "core/lists/accountaliases.h"
#include "core/lists/csvtable.h"
#include "core/report/reportmanifest.h"

#include "tests/support/testsupport.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace tw;

namespace {

// A name with a comma, quotes, markup, a formula start, non-ASCII letters and a bidi override.
const QString kHostile = u"<b>\"pay, ments\"</b> =1+2 Zahlungen-\u00C4-\u751F\u4EA7\u202Egnp"_s;

QByteArray aliasesCsv()
{
    return "Account_ID,Name\n"
           "111122223333,\"prod, \"\"payments\"\"\"\n" +
           CsvTable::encodeRecord({"444455556666", kHostile.toUtf8()}) + "\n";
}

bool havePdfToText()
{
    return !QStandardPaths::findExecutable(u"pdftotext"_s).isEmpty();
}

} // namespace

class TestAccountAliases : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString file(const QString& name, const QByteArray& bytes)
    {
        const QString path = m_dir.filePath(name);
        return test::writeFile(path, bytes) ? path : QString();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void goodFile()
    {
        const QString path = file(u"good.csv"_s, aliasesCsv());
        const AccountAliases aliases = AccountAliases::load(path);
        QVERIFY2(aliases.ok(), qPrintable(aliases.error()));
        QVERIFY2(aliases.problems().size() == 1, qPrintable(aliases.problems().join(u'\n')));
        // The bidi override is a remark (it is shown escaped), not a reason to drop the row.
        QVERIFY(aliases.problems().front().startsWith(path + u": line 3: "_s));
        QVERIFY(aliases.problems().front().contains(u"U+202E"_s));
        QCOMPARE(aliases.size(), 2);
        QCOMPARE(aliases.rows(), 2);
        QCOMPARE(aliases.nameOf(u"111122223333"_s), u"prod, \"payments\""_s);
        QCOMPARE(aliases.nameOf(u"444455556666"_s), kHostile);
        QCOMPARE(aliases.label(u"111122223333"_s), u"111122223333 (prod, \"payments\")"_s);
        QCOMPARE(aliases.label(u"777788889999"_s), u"777788889999"_s);
        QVERIFY(aliases.nameOf(u"777788889999"_s).isNull());
        // Spaces around the values, as people type CSV, are not part of them.
        const AccountAliases spaced =
            AccountAliases::parse("account_id , name\n 111122223333 , prod \n", u"s"_s);
        QVERIFY2(spaced.ok() && spaced.problems().isEmpty(), qPrintable(spaced.problems().join(u'\n')));
        QCOMPARE(spaced.label(u"111122223333"_s), u"111122223333 (prod)"_s);
    }

    void badRowsAreNamedAndTheRestLoads()
    {
        const QString path = file(u"bad.csv"_s, "account_id,name\n"
                                                "11112222333,lost-zero\n"    // 2: 11 digits
                                                "1111222233334,thirteen\n"   // 3
                                                "abcd22223333,letters\n"     // 4
                                                ",no-id\n"                   // 5
                                                "111122223333,\n"            // 6: no name
                                                "444455556666\n"             // 7: no name field
                                                "111122223333,good\n"        // 8
                                                "\n"                         // blank: not a row
                                                "111122223333,second-name\n" // 10: duplicate
                                                "\xef\xbc\x91\xef\xbc\x91\xef\xbc\x91\xef\xbc\x91\xef\xbc\x92"
                                                "\xef\xbc\x92\xef\xbc\x92\xef\xbc\x92\xef\xbc\x93\xef\xbc\x93"
                                                "\xef\xbc\x93\xef\xbc\x93,fullwidth\n" // 11: not ASCII digits
                                                "555566667777," +
                                                    QByteArray(201, 'x') + "\n"); // 12: too long
        const AccountAliases aliases = AccountAliases::load(path);
        QVERIFY(aliases.ok());
        QCOMPARE(aliases.size(), 1);
        QCOMPARE(aliases.nameOf(u"111122223333"_s), u"good"_s);
        const QStringList problems = aliases.problems();
        const auto at = [&](int line) {
            const QString prefix = path + u": line "_s + QString::number(line) + u": "_s;
            for (const QString& p : problems)
                if (p.startsWith(prefix))
                    return p.mid(prefix.size());
            return QString();
        };
        QVERIFY2(problems.size() == 9, qPrintable(problems.join(u'\n')));
        QVERIFY2(at(2).contains(u"'11112222333' is not an account id (12 digits)"_s) &&
                     at(2).contains(u"11 digits: a spreadsheet may have dropped leading zeros"_s),
                 qPrintable(at(2)));
        QVERIFY(at(3).contains(u"'1111222233334' is not an account id"_s));
        QVERIFY(!at(3).contains(u"leading zeros"_s));
        QVERIFY(at(4).contains(u"is not an account id"_s));
        QVERIFY(at(5).contains(u"'' is not an account id"_s));
        QCOMPARE(at(6), u"account 111122223333 has no name; the row is not used"_s);
        QCOMPARE(at(7), u"account 444455556666 has no name; the row is not used"_s);
        QCOMPARE(at(10), u"account 111122223333 is named again; the name on line 8 is used"_s);
        QVERIFY(at(11).contains(u"is not an account id"_s));
        QVERIFY(at(12).contains(u"201 characters long"_s));
    }

    void duplicatesFirstWins()
    {
        const AccountAliases aliases =
            AccountAliases::parse("account_id,name\n111122223333,first\n111122223333,second\n", u"d.csv"_s);
        QCOMPARE(aliases.nameOf(u"111122223333"_s), u"first"_s);
        QCOMPARE(
            aliases.problems(),
            QStringList{u"d.csv: line 3: account 111122223333 is named again; the name on line 2 is used"_s});
    }

    void unusableFiles_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("reason");
        QTest::newRow("no name column") << QByteArray("account_id,owner\n111122223333,x\n")
                                        << u"the header needs the columns 'account_id' and 'name' (found: "
                                           u"account_id, owner)"_s;
        QTest::newRow("no header, only data")
            << QByteArray("111122223333,prod\n")
            << u"the header needs the columns 'account_id' and 'name' (found: 111122223333, prod)"_s;
        QTest::newRow("unbalanced quote")
            << QByteArray("account_id,name\n111122223333,\"prod\n") << u"line"_s;
        QTest::newRow("empty") << QByteArray() << QString();
    }

    void unusableFiles()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, reason);
        const QString path = file(u"unusable.csv"_s, bytes);
        const AccountAliases aliases = AccountAliases::load(path);
        QVERIFY(!aliases.ok());
        QVERIFY(aliases.isEmpty());
        QVERIFY2(aliases.error().startsWith(path + u": "_s) && aliases.error().contains(reason),
                 qPrintable(aliases.error()));
    }

    void missingAndSpecialFiles()
    {
        const QString missing = m_dir.filePath(u"missing.csv"_s);
        QVERIFY(AccountAliases::load(missing).error().startsWith(missing + u": cannot open"_s));
        // A folder is not read (nor would a FIFO be: readRegularFile).
        QVERIFY(AccountAliases::load(m_dir.path()).error().startsWith(m_dir.path()));
        QVERIFY(AccountAliases::load(QString()).ok());
        QVERIFY(AccountAliases::load(QString()).isEmpty());
    }

    void isAccountIdIsTwelveAsciiDigits()
    {
        QVERIFY(isAccountId(u"012345678901"));
        QVERIFY(!isAccountId(u"01234567890"));
        QVERIFY(!isAccountId(u"0123456789012"));
        QVERIFY(!isAccountId(u"01234567890a"));
        QVERIFY(!isAccountId(u"\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660\u0661\u0662"));
    }

    // Every format shows the names beside the ids; JSON and CSV in fields of their own, the
    // hostile name inert; the manifest names the file with its SHA-256.
    void reportsInEveryFormat()
    {
        const QString logs = file(u"events.jsonl"_s, test::threeAccountsEvents());
        const QString csv = file(u"aliases.csv"_s, aliasesCsv());
        const auto scan = [&](const QString& format, bool withAliases) {
            const QString out = m_dir.filePath(u"report."_s + format + (withAliases ? u""_s : u".plain"_s));
            QStringList args{u"scan"_s, u"--quiet"_s, u"--format"_s, format, u"--output"_s, out};
            if (withAliases)
                args << u"--aliases"_s << csv;
            const test::CliRun run = test::runCli(args << logs);
            return run.status == 0 ? out : QString();
        };
        const QString shownName = u"prod, \"payments\""_s;
        const QString visibleHostile = kHostile.chopped(4) + u"[U+202E]gnp"_s;

        const QString html = QString::fromUtf8(test::readFile(scan(u"html"_s, true)));
        QVERIFY2(html.contains(u"111122223333 (prod, &quot;payments&quot;)"_s), qPrintable(html.left(3000)));
        QVERIFY(
            html.contains(u"444455556666 (&lt;b&gt;&quot;pay, ments&quot;&lt;/b&gt; =1+2 Zahlungen-\u00C4-"
                          u"\u751F\u4EA7[U+202E]gnp)"_s));
        QVERIFY(!html.contains(u"<b>\"pay"_s));
        QVERIFY(html.contains(u"777788889999"_s));
        QVERIFY(html.contains(u"Account aliases"_s));

        const QString md = QString::fromUtf8(test::readFile(scan(u"md"_s, true)));
        QVERIFY2(md.contains(u"- **Accounts:** 111122223333 (prod, \"payments\")\n"_s), qPrintable(md));
        QVERIFY(md.contains(
            u"- **Accounts:** 444455556666 (&lt;b&gt;\"pay, ments\"&lt;/b&gt; =1+2 Zahlungen-\u00C4-"
            u"\u751F\u4EA7\\[U+202E\\]gnp)\n"_s));
        QVERIFY(!md.contains(u"<b>"_s));
        QVERIFY(md.contains(u"- **Account aliases:** "_s));

        // CSV: one more column, last; the others keep their place and values.
        const auto table = [](const QString& path) { return CsvTable::parse(test::readFile(path)); };
        const auto named = table(scan(u"csv"_s, true));
        const auto plain = table(scan(u"csv"_s, false));
        QVERIFY(named && plain);
        QCOMPARE(named->header().mid(0, plain->columnCount()), plain->header());
        QCOMPARE(named->header().size(), plain->columnCount() + 1);
        QCOMPARE(named->header().last(), u"accounts"_s);
        QCOMPARE(named->rowCount(), plain->rowCount());
        QHash<QString, QString> accountsOf;
        for (qsizetype r = 0; r < named->rowCount(); ++r) {
            QCOMPARE(named->rowFields(r).mid(0, plain->columnCount()), plain->rowFields(r));
            accountsOf.insert(named->field(r, 0), named->field(r, plain->columnCount()));
        }
        QCOMPARE(accountsOf.value(u"alice"_s), u"111122223333 ("_s + shownName + u')');
        QCOMPARE(accountsOf.value(u"bob"_s), u"444455556666 ("_s + visibleHostile + u')');
        QCOMPARE(accountsOf.value(u"carol"_s), u"777788889999"_s);

        // JSON: the names as written, under each finding; the manifest names the file.
        const QJsonObject json = QJsonDocument::fromJson(test::readFile(scan(u"json"_s, true))).object();
        QHash<QString, QJsonObject> byUser;
        for (const QJsonValue& f : json.value(u"findings"_s).toArray())
            byUser.insert(f[u"user"_s].toString(), f[u"accountAliases"_s].toObject());
        QCOMPARE(byUser.value(u"alice"_s), (QJsonObject{{u"111122223333"_s, shownName}}));
        QCOMPARE(byUser.value(u"bob"_s), (QJsonObject{{u"444455556666"_s, kHostile}}));
        QCOMPARE(byUser.value(u"carol"_s), QJsonObject{});
        QVERIFY(byUser.contains(u"carol"_s));
        const QJsonObject manifest = json[u"manifest"_s][u"accountAliases"_s].toObject();
        QCOMPARE(manifest[u"path"_s].toString(), QFileInfo(csv).absoluteFilePath());
        QCOMPARE(manifest[u"sha256"_s].toString(),
                 QString::fromLatin1(
                     QCryptographicHash::hash(test::readFile(csv), QCryptographicHash::Sha256).toHex()));
        QCOMPARE(manifest[u"entries"_s].toInt(), 2);
        // Without --aliases nothing of it is there: the documented object stays as it was.
        const QJsonObject without = QJsonDocument::fromJson(test::readFile(scan(u"json"_s, false))).object();
        QVERIFY(!without[u"manifest"_s].toObject().contains(u"accountAliases"_s));
        for (const QJsonValue& f : without.value(u"findings"_s).toArray())
            QVERIFY(!f.toObject().contains(u"accountAliases"_s));

#ifdef TRAILWARDEN_HAVE_PDF
        const QString pdf = scan(u"pdf"_s, true);
        QVERIFY(test::readFile(pdf).startsWith("%PDF-"));
        if (!havePdfToText()) {
#ifdef TRAILWARDEN_REQUIRE_POPPLER
            QFAIL("pdftotext (poppler-utils) not found at run time, though the build requires it");
#else
            QSKIP("configured with -DTRAILWARDEN_TEST_WITH_POPPLER=OFF: the PDF's text is not checked");
#endif
        }
        QProcess p;
        p.start(u"pdftotext"_s, {u"-enc"_s, u"UTF-8"_s, pdf, u"-"_s});
        QVERIFY(p.waitForFinished(60000));
        const QString text =
            QString::fromUtf8(p.readAllStandardOutput()).remove(QRegularExpression(u"\\s+"_s));
        QVERIFY2(text.contains(u"111122223333(prod,\"payments\")"_s), qPrintable(text.left(3000)));
        QVERIFY(text.contains(u"[U+202E]gnp)"_s));
#endif
    }

    // Aliases are shown, never detected on: the same findings, counts and order with and without.
    void detectionUnchanged()
    {
        const QString logs = file(u"events.jsonl"_s, test::threeAccountsEvents());
        const QString csv = file(u"aliases.csv"_s, aliasesCsv());
        const auto findings = [&](bool withAliases) {
            QStringList args{u"scan"_s, u"--quiet"_s, u"--no-hash"_s, u"--format"_s, u"json"_s};
            if (withAliases)
                args << u"--aliases"_s << csv;
            const test::CliRun run = test::runCli(args << logs);
            QJsonObject doc = QJsonDocument::fromJson(run.out).object();
            QJsonArray out;
            for (const QJsonValue& f : doc[u"findings"_s].toArray()) {
                QJsonObject o = f.toObject();
                o.remove(u"accountAliases"_s);
                out.append(o);
            }
            QJsonObject summary = doc[u"summary"_s].toObject();
            return std::make_pair(out, summary);
        };
        const auto with = findings(true);
        const auto without = findings(false);
        QCOMPARE(with.first.size(), 3);
        QCOMPARE(with.first, without.first);
        QCOMPARE(with.second, without.second);
    }

    void cliProblems()
    {
        const QString logs = file(u"events.jsonl"_s, test::threeAccountsEvents());
        // A file that cannot be used: exit 2, naming it and why.
        const QString unusable = file(u"unusable.csv"_s, "id,alias\n111122223333,x\n");
        const test::CliRun refused =
            test::runCli({u"scan"_s, u"--aliases"_s, unusable, u"--format"_s, u"json"_s, logs});
        QCOMPARE(refused.status, 2);
        QVERIFY2(refused.err.contains(QByteArray(unusable.toUtf8() +
                                                 ": the header needs the columns 'account_id' and 'name'")),
                 refused.err.constData());
        QVERIFY(refused.out.isEmpty());
        // Bad rows: each on stderr with file and line, the rest used, exit 0.
        const QString bad = file(u"badrows.csv"_s, "account_id,name\n1111222233,short\n111122223333,prod\n");
        const test::CliRun warned =
            test::runCli({u"scan"_s, u"--aliases"_s, bad, u"--format"_s, u"csv"_s, logs});
        QCOMPARE(warned.status, 0);
        QVERIFY2(
            warned.err.contains(QByteArray(bad.toUtf8() + ": line 2: '1111222233' is not an account id")),
            warned.err.constData());
        QVERIFY(warned.out.contains("111122223333 (prod)"));
        // --quiet leaves the warnings out, not the names.
        const test::CliRun quiet =
            test::runCli({u"scan"_s, u"--quiet"_s, u"--aliases"_s, bad, u"--format"_s, u"csv"_s, logs});
        QCOMPARE(quiet.status, 0);
        QVERIFY(!quiet.err.contains("line 2"));
        QVERIFY(quiet.out.contains("111122223333 (prod)"));
    }

    // import takes --aliases too: an engine result's accounts are named like a scan's.
    void importWithAliases()
    {
        const QString csv = file(u"aliases.csv"_s, aliasesCsv());
        const QString result =
            file(u"athena.csv"_s,
                 "\"user\",\"count\",\"readonlycount\",\"firsttime\",\"lasttime\",\"eventname\","
                 "\"identitytype\",\"account\"\n"
                 "\"alice\",\"2\",\"2\",\"2026-01-02 03:04:05\",\"2026-01-02 03:04:06\",\"[ListBuckets]\","
                 "\"[IAMUser]\",\"[111122223333]\"\n");
        const test::CliRun run = test::runCli({u"import"_s, u"--engine"_s, u"athena"_s, u"--quiet"_s,
                                               u"--aliases"_s, csv, u"--format"_s, u"md"_s, result});
        QVERIFY2(run.status == 0, run.err.constData());
        QVERIFY2(run.out.contains("- **Accounts:** 111122223333 (prod, \"payments\")\n"),
                 run.out.constData());
        QVERIFY(run.out.contains("- **Account aliases:** "));
    }
};

QTEST_MAIN(TestAccountAliases)
#include "tst_accountaliases.moc"
