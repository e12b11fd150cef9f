// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/lists/identitylists.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::StringLiterals;
using tw::IdentityMatcher;
using tw::LookupLoad;

namespace {

QString fixturePath(const QString& name)
{
    return QStringLiteral(TRAILWARDEN_TEST_DATA "/csv/") + name;
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly), qPrintable(file.errorString()));
    QCOMPARE(file.write(bytes), bytes.size());
}

} // namespace

class TestIdentityLists : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matcher_data();
    void matcher();
    void matcherIgnoresEmptyEntriesAndCountsDistinct();
    void matchingEntryPrefersExact();
    void globDoesNotBlowUp();
    void approvedAccounts();
    void approvedAccountsKeepsValuesAsIs();
    void identityListPipeDelimited();
    void missingIdentityColumn_data();
    void missingIdentityColumn();
    void caseMismatchedColumnWarns();
    void moreThanSubsearchLimitWarns();
    void atSubsearchLimitDoesNotWarn();
    void missingFile();
    void parseErrorNamesFile();
};

void TestIdentityLists::matcher_data()
{
    QTest::addColumn<QStringList>("entries");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("entry"); // null: no match

    const QStringList list = {u"svc-deploy"_s, u"Admin"_s};
    QTest::newRow("exact") << list << u"svc-deploy"_s << u"svc-deploy"_s;
    QTest::newRow("exact, other case") << list << u"SVC-Deploy"_s << u"svc-deploy"_s;
    QTest::newRow("entry upper, user lower") << list << u"admin"_s << u"Admin"_s;
    QTest::newRow("exact, no partial") << list << u"svc-deploy2"_s << QString();
    // Only ASCII letters compare without case (docs/detection.md): folding others would also let an
    // ASCII entry hide KELVIN SIGN or LONG S look-alikes. So JÖRG and jörg are two identities.
    QTest::newRow("non-ascii case") << QStringList({u"J\u00d6RG"_s}) << u"j\u00f6rg"_s << QString();
    QTest::newRow("ascii part of non-ascii")
        << QStringList({u"J\u00d6RG"_s}) << u"j\u00d6rg"_s << u"J\u00d6RG"_s;

    QTest::newRow("prefix") << QStringList({u"svc-*"_s}) << u"SVC-backup"_s << u"svc-*"_s;
    QTest::newRow("prefix, empty rest") << QStringList({u"svc-*"_s}) << u"svc-"_s << u"svc-*"_s;
    QTest::newRow("prefix, no match") << QStringList({u"svc-*"_s}) << u"my-svc-x"_s << QString();
    QTest::newRow("suffix") << QStringList({u"*-bot"_s}) << u"deploy-BOT"_s << u"*-bot"_s;
    QTest::newRow("suffix, no match") << QStringList({u"*-bot"_s}) << u"deploy-bots"_s << QString();
    QTest::newRow("middle") << QStringList({u"ci-*-runner"_s}) << u"ci-eu-west-1-runner"_s
                            << u"ci-*-runner"_s;
    QTest::newRow("middle, no match") << QStringList({u"ci-*-runner"_s}) << u"ci-runner"_s << QString();
    QTest::newRow("multiple") << QStringList({u"a*b*c"_s}) << u"aXXbYYc"_s << u"a*b*c"_s;
    QTest::newRow("multiple, adjacent") << QStringList({u"a*b*c"_s}) << u"abc"_s << u"a*b*c"_s;
    QTest::newRow("multiple, backtrack") << QStringList({u"a*b*c"_s}) << u"abcbc"_s << u"a*b*c"_s;
    QTest::newRow("multiple, no match") << QStringList({u"a*b*c"_s}) << u"acb"_s << QString();
    QTest::newRow("double star") << QStringList({u"svc**x"_s}) << u"svcx"_s << u"svc**x"_s;
    QTest::newRow("star alone") << QStringList({u"*"_s}) << u"anyone at all"_s << u"*"_s;
    QTest::newRow("no entries") << QStringList() << u"root"_s << QString();
    QTest::newRow("not a regex") << QStringList({u"svc.?"_s}) << u"svcab"_s << QString();
    QTest::newRow("dot literal") << QStringList({u"svc.?"_s}) << u"SVC.?"_s << u"svc.?"_s;
}

void TestIdentityLists::matcher()
{
    QFETCH(QStringList, entries);
    QFETCH(QString, user);
    QFETCH(QString, entry);

    const IdentityMatcher matcher(entries);
    QCOMPARE(matcher.matches(user), !entry.isNull());
    QCOMPARE(matcher.matchingEntry(user), entry);
    QCOMPARE(matcher.matchingEntry(user).isNull(), entry.isNull());
}

void TestIdentityLists::matcherIgnoresEmptyEntriesAndCountsDistinct()
{
    const IdentityMatcher matcher({QString(), u""_s, u"a"_s, u"A"_s, u"svc-*"_s, u"SVC-*"_s, u"b"_s});
    QCOMPARE(matcher.size(), qsizetype(3));
    QVERIFY(!matcher.matches(u""));
    QVERIFY(IdentityMatcher().isEmpty());
    QVERIFY(!IdentityMatcher({QString()}).matches(u""));
}

void TestIdentityLists::matchingEntryPrefersExact()
{
    const IdentityMatcher matcher({u"svc-*"_s, u"*deploy"_s, u"Svc-Deploy"_s});
    QCOMPARE(matcher.matchingEntry(u"svc-deploy"), u"Svc-Deploy"_s);
    QCOMPARE(matcher.matchingEntry(u"svc-other"), u"svc-*"_s);
    QCOMPARE(matcher.matchingEntry(u"x-deploy"), u"*deploy"_s);
}

void TestIdentityLists::globDoesNotBlowUp()
{
    // A backtracking matcher takes exponential time on this; the iterative one is quadratic at
    // worst. Counted in steps, not timed: a time limit fails by chance on a loaded machine.
    const QString pattern = QString(u"a*"_s).repeated(40) + u'b';
    const QString text = QString(200, u'a');
    qsizetype steps = 0;
    QVERIFY(!IdentityMatcher::globMatch(pattern, text, &steps));
    QVERIFY2(steps <= (pattern.size() + 1) * (text.size() + 1), qPrintable(QString::number(steps)));
    steps = 0;
    QVERIFY(IdentityMatcher::globMatch(pattern, QString(text + u'b'), &steps));
    QVERIFY2(steps <= (pattern.size() + 1) * (text.size() + 2), qPrintable(QString::number(steps)));
}

void TestIdentityLists::approvedAccounts()
{
    const LookupLoad load = tw::loadApprovedAccounts(fixturePath(u"approved_rich.csv"_s));
    QVERIFY2(load.ok(), qPrintable(load.error));
    QCOMPARE(load.identities, QStringList({u"svc-deploy"_s, u"svc \"legacy\""_s, u"svc-backup"_s, u"svc-*"_s,
                                           u"svc-short"_s}));
    QCOMPARE(load.rows, qsizetype(5));
    QVERIFY(load.warnings.isEmpty());
    QCOMPARE(load.entries.size(), load.identities.size());
    QCOMPARE(load.entries.at(3).identity, u"svc-*"_s);
    QCOMPARE(load.entries.at(3).row, qsizetype(3));
    QCOMPARE(load.entries.at(3).line, qsizetype(6)); // the row before spans lines 4 and 5

    const IdentityMatcher matcher(load.identities);
    QVERIFY(matcher.matches(u"svc-anything"));
    QVERIFY(!matcher.matches(u"alice"));
}

void TestIdentityLists::approvedAccountsKeepsValuesAsIs()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"approved.csv"_s);
    writeFile(
        path,
        "identity,note\n svc-a ,spaces kept\n,empty skipped\n\"\",quoted empty skipped\nb|c,no split\n");

    const LookupLoad load = tw::loadApprovedAccounts(path);
    QVERIFY2(load.ok(), qPrintable(load.error));
    QCOMPARE(load.identities, QStringList({u" svc-a "_s, u"b|c"_s}));
    QCOMPARE(load.rows, qsizetype(4));
    QCOMPARE(load.warnings.size(), qsizetype(1));
    QVERIFY2(load.warnings.first().contains(u"leading or trailing spaces (line 2)"_s),
             qPrintable(load.warnings.first()));
    QVERIFY(!IdentityMatcher(load.identities).matches(u"svc-a"));
}

void TestIdentityLists::identityListPipeDelimited()
{
    const LookupLoad load = tw::loadIdentityList(fixturePath(u"identity_list.csv"_s));
    QVERIFY2(load.ok(), qPrintable(load.error));
    QCOMPARE(load.identities, QStringList({u"a.smith"_s, u"asmith"_s, u"a.smith@example.com"_s, u"bjones"_s,
                                           u"c.doe"_s, u"cdoe,jr"_s}));
    QCOMPARE(load.rows, qsizetype(4));
    QCOMPARE(load.entries.at(1).row, qsizetype(0));
    QCOMPARE(load.entries.at(4).row, qsizetype(2));
    QCOMPARE(load.entries.at(4).line, qsizetype(4));

    const IdentityMatcher matcher(load.identities);
    QVERIFY(matcher.matches(u"ASmith"));
    QVERIFY(!matcher.matches(u" asmith "));
    QVERIFY(!matcher.matches(u"a.smith|asmith"));
}

void TestIdentityLists::missingIdentityColumn_data()
{
    QTest::addColumn<bool>("identityList");
    QTest::newRow("approved accounts") << false;
    QTest::newRow("identity list") << true;
}

void TestIdentityLists::missingIdentityColumn()
{
    QFETCH(bool, identityList);
    const QString path = fixturePath(u"no_identity.csv"_s);
    const LookupLoad load = identityList ? tw::loadIdentityList(path) : tw::loadApprovedAccounts(path);
    QVERIFY(!load.ok());
    QCOMPARE(load.error, path + u": no 'identity' column in the header (found: user, comment)"_s);
    QVERIFY(load.identities.isEmpty());
}

void TestIdentityLists::caseMismatchedColumnWarns()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"approved.csv"_s);
    writeFile(path, "Identity\nsvc-a\n");
    const LookupLoad load = tw::loadApprovedAccounts(path);
    QVERIFY2(load.ok(), qPrintable(load.error));
    QCOMPARE(load.identities, QStringList({u"svc-a"_s}));
    QCOMPARE(load.warnings.size(), qsizetype(1));
    QVERIFY(load.warnings.first().contains(u"'Identity'"_s));
}

void TestIdentityLists::moreThanSubsearchLimitWarns()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"big.csv"_s);
    QByteArray bytes = "identity\n";
    for (int i = 0; i < 10001; ++i)
        bytes += "svc-" + QByteArray::number(i) + '\n';
    writeFile(path, bytes);

    for (const LookupLoad& load : {tw::loadApprovedAccounts(path), tw::loadIdentityList(path)}) {
        QVERIFY2(load.ok(), qPrintable(load.error));
        QCOMPARE(load.rows, qsizetype(10001));
        QCOMPARE(load.identities.size(), qsizetype(10001)); // all rows used, not only 10,000
        QCOMPARE(load.identities.last(), u"svc-10000"_s);
        QCOMPARE(load.warnings,
                 QStringList(path +
                             u": 10001 rows; Splunk's subsearch uses only the first 10,000, so Splunk's "
                             u"results would differ from TrailWarden's, which uses all rows"_s));
    }
}

void TestIdentityLists::atSubsearchLimitDoesNotWarn()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"limit.csv"_s);
    QByteArray bytes = "identity\n";
    for (int i = 0; i < 10000; ++i)
        bytes += "svc-" + QByteArray::number(i) + "\n\n"; // blank lines are not rows
    writeFile(path, bytes);
    const LookupLoad load = tw::loadApprovedAccounts(path);
    QCOMPARE(load.rows, qsizetype(10000));
    QVERIFY(load.warnings.isEmpty());
}

void TestIdentityLists::missingFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"nope.csv"_s);
    for (const LookupLoad& load : {tw::loadApprovedAccounts(path), tw::loadIdentityList(path)}) {
        QVERIFY(!load.ok());
        QVERIFY2(load.error.startsWith(path + u": "_s), qPrintable(load.error));
        QVERIFY2(load.error.contains(u"No such file or directory"_s), qPrintable(load.error));
    }
    const LookupLoad folder = tw::loadApprovedAccounts(dir.path());
    QVERIFY(!folder.ok());
    QVERIFY2(folder.error.startsWith(dir.path() + u": "_s), qPrintable(folder.error));

    // Neither a FIFO without a writer (open would block) nor an endless device is read.
    const QString fifo = dir.filePath(u"fifo.csv"_s);
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    for (const QString& special : {fifo, u"/dev/zero"_s}) {
        const LookupLoad load = tw::loadApprovedAccounts(special);
        QVERIFY(!load.ok());
        QVERIFY2(load.error.startsWith(special + u": is a "_s) &&
                     load.error.endsWith(u", not a regular file"_s),
                 qPrintable(load.error));
    }
}

void TestIdentityLists::parseErrorNamesFile()
{
    const QString unbalanced = fixturePath(u"unbalanced.csv"_s);
    QCOMPARE(tw::loadApprovedAccounts(unbalanced).error,
             unbalanced +
                 u": line 2: unbalanced quote: a quoted field that starts on this line is never closed"_s);
    const QString empty = fixturePath(u"empty.csv"_s);
    QCOMPARE(tw::loadIdentityList(empty).error, empty + u": file is empty, no header row"_s);
}

QTEST_GUILESS_MAIN(TestIdentityLists)
#include "tst_identitylists.moc"
