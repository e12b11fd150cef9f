// SPDX-License-Identifier: GPL-3.0-or-later
// trailwarden-cli against hostile names (issue 10): a '*' name is never approved or proposed, a '*'
// row is a loud warning, and nothing from a log reaches the terminal as a control sequence.

#include "tests/support/testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
namespace test = tw::test;
using Run = tw::test::CliRun;

namespace {

// One line of JSON lines: user (any text, escaped) lists buckets, read-only.
QByteArray logEvent(const QString& user, int n)
{
    return test::cloudTrailRecord(test::jsonEscaped(user), "e-" + QByteArray::number(n),
                                  R"(,"readOnly":true)", "2026-11-01T10:00:00Z") +
           '\n';
}

// ESC, the 8-bit CSI (U+009B as UTF-8) and other C1 controls: none may reach a terminal raw.
bool hasControl(const QByteArray& bytes)
{
    const QString text = QString::fromUtf8(bytes);
    for (const QChar c : text)
        if ((c.unicode() < 0x20 && c != u'\n') || (c.unicode() >= 0x7F && c.unicode() <= 0x9F))
            return true;
    return false;
}

const QString kEraser = u"*\x1b[2K\x1b[1A\x1b[2K"_s; // the review's user that erased "+ *"

} // namespace

class TestHostileCli : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_logs, m_approved;

    void setUp(const QStringList& users, const QByteArray& approved)
    {
        QByteArray bytes;
        for (int i = 0; i < users.size(); ++i)
            bytes += logEvent(users[i], i);
        QVERIFY(test::writeFile(m_logs, bytes));
        if (approved.isNull())
            QFile::remove(m_approved);
        else
            QVERIFY(test::writeFile(m_approved, approved));
    }

private Q_SLOTS:
    void init()
    {
        m_logs = m_dir.filePath(u"events.jsonl"_s);
        m_approved = m_dir.filePath(u"aws_service_accounts.csv"_s);
        QFile::remove(m_approved + u".audit.jsonl"_s);
    }

    void approveStarIsRefused_data()
    {
        QTest::addColumn<QStringList>("ids");
        QTest::newRow("svc*") << QStringList{u"svc*"_s};
        QTest::newRow("*") << QStringList{u"*"_s};
        QTest::newRow("mixed") << QStringList{u"svc-a"_s, u"*"_s};
        QTest::newRow("eraser") << QStringList{kEraser};
    }
    void approveStarIsRefused()
    {
        QFETCH(QStringList, ids);
        setUp({u"svc-a"_s}, "identity\nother\n");
        const QByteArray before = test::readFile(m_approved);
        const Run r =
            test::runCli(QStringList{u"approve"_s, u"--approved"_s, m_approved, u"--reason"_s, u"r"_s} + ids);
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.contains("cannot be approved"), r.err.constData());
        QVERIFY(r.err.contains("wildcard"));
        QVERIFY(!hasControl(r.err));
        QVERIFY(r.out.isEmpty());
        QCOMPARE(test::readFile(m_approved), before);
        QVERIFY(!QFile::exists(m_approved + u".audit.jsonl"_s));
    }

    void baselineHidesNothingAndProposesNoWildcard()
    {
        setUp({u"svc-a"_s, u"*"_s, kEraser, u"svc*"_s}, QByteArray());
        const QStringList args{u"baseline"_s,   u"--since"_s, u"100000d"_s,
                               u"--approved"_s, m_approved,   m_logs};
        const Run dry = test::runCli(args);
        QCOMPARE(dry.status, 0);
        QVERIFY2(!hasControl(dry.out), dry.out.constData());
        QVERIFY(dry.out.contains("1 to add"));
        // Listed with its class; an "unknown" principal needs --include-unknown to be written.
        QVERIFY2(QRegularExpression(u"\\n[+?] svc-a  \\["_s).match(QString::fromUtf8(dry.out)).hasMatch(),
                 dry.out.constData());
        QVERIFY(!dry.out.contains("\n+ *"));
        QVERIFY(!dry.out.contains("\n+ svc*"));
        QVERIFY(dry.out.contains("! not proposed: '*' cannot be approved"));
        QVERIFY(dry.out.contains("! not proposed: '*[U+001B][2K[U+001B][1A[U+001B][2K' cannot be approved"));

        const Run applied = test::runCli(args + QStringList{u"--apply"_s, u"--include-unknown"_s});
        QCOMPARE(applied.status, 0);
        const QByteArray csv = test::readFile(m_approved);
        QVERIFY(csv.contains("\nsvc-a,"));
        QVERIFY2(!csv.contains('*'), csv.constData());
        // And so the detection still reports every one of them.
        const Run scan =
            test::runCli({u"scan"_s, u"--approved"_s, m_approved, u"--format"_s, u"json"_s, m_logs});
        QCOMPARE(QJsonDocument::fromJson(scan.out).object()[u"findings"_s].toArray().size(), 3);
    }

    void everyoneRowWarnsInScan()
    {
        setUp({u"svc-a"_s, u"alice"_s}, "identity\nsvc-a\n*\n");
        for (const QString& format : {u"table"_s, u"json"_s}) {
            const Run r = test::runCli(
                {u"scan"_s, u"--quiet"_s, u"--approved"_s, m_approved, u"--format"_s, format, m_logs});
            QCOMPARE(r.status, 0);
            QVERIFY2(r.err.contains("WARNING") && r.err.contains("line 3") && r.err.contains("every user"),
                     r.err.constData());
            if (format == u"json") {
                const QJsonObject o = QJsonDocument::fromJson(r.out).object();
                QCOMPARE(o[u"findings"_s].toArray().size(), 0);
                QCOMPARE(o[u"summary"_s][u"warnings"_s].toArray().size(), 1);
            }
        }
        const Run health = test::runCli({u"health"_s, u"--approved"_s, m_approved, m_logs});
        QVERIFY(health.out.contains("MATCHES-EVERYONE"));
    }

    void terminalOutputIsEscaped()
    {
        // Near-miss and wildcard flags quote observed user names; the table names them too.
        const QString csi8 = u"svc-a\u009B2K"_s;
        setUp({u"deploy_bot"_s + u"\x1b[2K"_s, csi8, u"svc-b"_s}, "identity\ndeploy-bot\x1b[31m\nsvc-*\n");
        const Run health = test::runCli({u"health"_s, u"--approved"_s, m_approved, m_logs});
        QCOMPARE(health.status, 0);
        QVERIFY2(!hasControl(health.out), health.out.constData());
        QVERIFY(health.out.contains("deploy-bot[U+001B][31m"));
        QVERIFY(health.out.contains("svc-a[U+009B]2K"));

        const Run table = test::runCli({u"scan"_s, m_logs});
        QVERIFY2(!hasControl(table.out), table.out.constData());
        QVERIFY(table.out.contains("svc-a[U+009B]2K"));

        // A load problem names the file: its name is not a control sequence either.
        const QString hostileFile = m_dir.filePath(u"bad\x1b[2K.json"_s);
        QVERIFY(test::writeFile(hostileFile, "{not json"));
        const Run problems = test::runCli({u"scan"_s, m_logs, hostileFile});
        QVERIFY2(problems.err.contains("bad[U+001B][2K.json"), problems.err.constData());
        QVERIFY(!hasControl(problems.err));
        QFile::remove(hostileFile);

        // A name holding a control character is refused (it could never be a readable list entry),
        // and the refusal names it escaped.
        const Run approve =
            test::runCli({u"approve"_s, u"--approved"_s, m_approved, u"--reason"_s, u"r"_s, csi8});
        QCOMPARE(approve.status, 2);
        QVERIFY2(!hasControl(approve.out) && !hasControl(approve.err),
                 QByteArray(approve.out + approve.err).constData());
        QVERIFY2(approve.err.contains("svc-a[U+009B]2K"), approve.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestHostileCli)
#include "tst_hostilecli.moc"
