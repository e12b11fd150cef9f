// Crash safety of the approved-accounts CSV, tested with real processes: `trailwarden-cli approve`
// is SIGKILLed at random moments (seeded, so a failure can be replayed), and after every kill the
// file must be byte for byte the complete old or the complete new version, and every approval
// the process reported on stdout must be in it. Two processes approving at once must both land.
//
// TRAILWARDEN_CRASH_ITERATIONS (default 200) and TRAILWARDEN_CRASH_SEED (default 20261128)
// override the run; tools/soak-crash.sh uses them for the long soak.

#include "core/csvtable.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include <csignal>

using namespace Qt::StringLiterals;

namespace {

const QString kCli = QStringLiteral(TRAILWARDEN_CLI);

QByteArray readBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeBytes(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QStringList approveArgs(const QString& csv, const QStringList& identities)
{
    return QStringList{u"approve"_s,    u"--approved"_s, csv,        u"--reason"_s,
                       u"crash test"_s, u"--by"_s,       u"tester"_s} +
           identities;
}

// The identities a run reported as written ("approved <id>" lines on stdout).
QStringList reportedIn(const QByteArray& out)
{
    QStringList ids;
    for (const QByteArray& line : out.split('\n'))
        if (line.startsWith("approved "))
            ids.append(QString::fromUtf8(line.mid(9)));
    return ids;
}

qint64 envNumber(const char* name, qint64 fallback)
{
    bool ok = false;
    const qint64 v = qEnvironmentVariable(name).toLongLong(&ok);
    return ok && v > 0 ? v : fallback;
}

// A real file (BOM, CRLF, quoted fields with line breaks, an extra column) made big enough that
// the read, parse and write take a good part of a run, so that kills land inside them too.
QByteArray initialCsv()
{
    QByteArray csv = readBytes(QStringLiteral(TRAILWARDEN_TEST_DATA "/csv/approved_rich.csv"));
    for (int i = 0; i < 30000; ++i)
        csv += "svc-bulk-" + QByteArray::number(i) + ",ops,2026-01-01T00:00:00Z,\"bulk, imported\",OPS-" +
               QByteArray::number(i) + "\r\n";
    return csv;
}

} // namespace

class TestCrashSafety : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(kCli), qPrintable(kCli));
        QVERIFY(readBytes(QStringLiteral(TRAILWARDEN_TEST_DATA "/csv/approved_rich.csv")).endsWith("\r\n"));
    }

    void sigkillDuringApprovals()
    {
        const qint64 iterations = envNumber("TRAILWARDEN_CRASH_ITERATIONS", 200);
        const auto seed = static_cast<std::uint64_t>(envNumber("TRAILWARDEN_CRASH_SEED", 20261128));
        qInfo("%lld iterations, seed %llu (TRAILWARDEN_CRASH_ITERATIONS, TRAILWARDEN_CRASH_SEED)",
              static_cast<long long>(iterations), static_cast<unsigned long long>(seed));
        std::mt19937_64 rng(seed);

        QTemporaryDir dir;
        const QString csv = dir.filePath(u"aws_service_accounts.csv"_s);
        QVERIFY(writeBytes(csv, initialCsv()));

        // How long an undisturbed approval takes here, so that kill times spread over all of it.
        std::vector<qint64> runs;
        for (int i = 0; i < 3; ++i) {
            QElapsedTimer t;
            t.start();
            QProcess p;
            p.start(kCli, approveArgs(csv, {u"svc-calibrate-%1"_s.arg(i)}));
            QVERIFY(p.waitForFinished(60000));
            runs.push_back(t.nsecsElapsed() / 1000);
            QCOMPARE(p.exitCode(), 0);
        }
        std::sort(runs.begin(), runs.end());
        const qint64 runUs = runs[1];
        // Half the kills anywhere in a run; half in its second half, where the lock, the read, the
        // parse and the write happen (the first is mostly process and Qt start-up).
        std::uniform_int_distribution<qint64> anywhere(0, runUs * 11 / 10);
        std::uniform_int_distribution<qint64> lateInTheRun(runUs / 2, runUs * 11 / 10);
        const auto killAfterUs = [&](std::mt19937_64& g) { return g() % 2 ? lateInTheRun(g) : anywhere(g); };
        qInfo("an undisturbed approval takes %lld ms; kills fall in [0, %lld ms]",
              static_cast<long long>(runUs / 1000), static_cast<long long>(runUs * 11 / 10000));

        // Row of the new version: the file's extra `ticket` column stays empty.
        const QRegularExpression newRows(
            uR"(^(svc-crash-\d+-a),tester,(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ),crash test,\r\n)"
            uR"((svc-crash-\d+-b),tester,\2,crash test,\r\n$)"_s);
        QStringList everReported;
        int unchanged = 0, writtenButKilled = 0, completed = 0;
        for (qint64 i = 0; i < iterations; ++i) {
            const QByteArray before = readBytes(csv);
            const QStringList ids{u"svc-crash-%1-a"_s.arg(i), u"svc-crash-%1-b"_s.arg(i)};
            const qint64 delayUs = killAfterUs(rng);

            QProcess p;
            p.start(kCli, approveArgs(csv, ids));
            QVERIFY(p.waitForStarted(10000));
            std::this_thread::sleep_for(std::chrono::microseconds(delayUs));
            ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
            QVERIFY(p.waitForFinished(60000));
            const bool killed = p.exitStatus() == QProcess::CrashExit;
            const QStringList reported = reportedIn(p.readAllStandardOutput());
            const QByteArray after = readBytes(csv);
            const QString where = u"iteration %1 (kill after %2 us, seed %3)"_s.arg(i).arg(delayUs).arg(seed);

            if (after == before) {
                QVERIFY2(reported.isEmpty(), qPrintable(where + u": reported but not written"_s));
                QVERIFY2(killed, qPrintable(where + u": ran to the end without writing: "_s +
                                            QString::fromUtf8(p.readAllStandardError())));
                ++unchanged;
            } else {
                QVERIFY2(after.startsWith(before), qPrintable(where + u": the old content was changed"_s));
                const auto match = newRows.match(QString::fromUtf8(after.mid(before.size())));
                QVERIFY2(match.hasMatch(), qPrintable(where + u": not the complete new version: "_s +
                                                      QString::fromUtf8(after.mid(before.size()))));
                QCOMPARE(match.captured(1), ids[0]);
                QCOMPARE(match.captured(3), ids[1]);
                killed ? ++writtenButKilled : ++completed;
                if (!killed) {
                    QCOMPARE(p.exitCode(), 0);
                    QCOMPARE(reported, ids);
                }
            }
            for (const QString& id : reported)
                QVERIFY2(ids.contains(id), qPrintable(where + u": reported an identity it was not given"_s));
            everReported += reported;
            // No approval reported at any point is ever lost.
            for (const QString& id : std::as_const(everReported))
                QVERIFY2(after.contains(QByteArray(id.toUtf8() + ",tester,")),
                         qPrintable(where + u": lost "_s + id));
        }
        QVERIFY(tw::CsvTable::parse(readBytes(csv)).has_value());
        // A kill may leave the dead writer's lock file, or QLockFile's .rmlock of a stale-lock
        // removal: fixed names, taken over by the next writer. What must not pile up is a
        // temporary file per interrupted save. The audit log is the service's own.
        QStringList leftovers =
            QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
        const QStringList expected{u"aws_service_accounts.csv"_s, u"aws_service_accounts.csv.audit.jsonl"_s,
                                   u"aws_service_accounts.csv.lock"_s,
                                   u"aws_service_accounts.csv.lock.rmlock"_s};
        const QString leftoverText = leftovers.join(u", "_s);
        for (const QString& name : expected)
            leftovers.removeAll(name);
        qInfo("%lld kills: %d left the old version, %d the new version (killed after the write), "
              "%d runs finished first; files left in the folder: %s",
              static_cast<long long>(iterations), unchanged, writtenButKilled, completed,
              qPrintable(leftoverText));
        // The kills must have hit both sides of the write, or the test proved little.
        QVERIFY(unchanged > 0);
        QVERIFY(writtenButKilled + completed > 0);
        QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(u", "_s)));
    }

    void twoProcessesApproveAtOnce()
    {
        // Different identities, same file, same moment: both approvals survive every round. In
        // every third round the first process is SIGKILLed midway; the second must still get the
        // lock (the dead holder's lock is stale) and write.
        QTemporaryDir dir;
        const QString csv = dir.filePath(u"aws_service_accounts.csv"_s);
        QVERIFY(writeBytes(csv, initialCsv()));
        std::mt19937_64 rng(envNumber("TRAILWARDEN_CRASH_SEED", 20261128));
        constexpr int kRounds = 24;
        QStringList mustHave;
        for (int round = 0; round < kRounds; ++round) {
            const QString a = u"svc-a-%1"_s.arg(round), b = u"svc-b-%1"_s.arg(round);
            QProcess pa, pb;
            pa.start(kCli, approveArgs(csv, {a}));
            pb.start(kCli, approveArgs(csv, {b}));
            const bool killA = round % 3 == 2;
            if (killA) {
                QVERIFY(pa.waitForStarted(10000));
                std::this_thread::sleep_for(std::chrono::microseconds(rng() % 60000));
                ::kill(static_cast<pid_t>(pa.processId()), SIGKILL);
            }
            QVERIFY(pa.waitForFinished(60000));
            QVERIFY(pb.waitForFinished(60000));
            const QString why = u"round %1: "_s.arg(round) + QString::fromUtf8(pb.readAllStandardError());
            QVERIFY2(pb.exitStatus() == QProcess::NormalExit && pb.exitCode() == 0, qPrintable(why));
            QCOMPARE(reportedIn(pb.readAllStandardOutput()), QStringList{b});
            mustHave << b;
            if (pa.exitStatus() == QProcess::NormalExit) {
                QVERIFY2(pa.exitCode() == 0, qPrintable(QString::fromUtf8(pa.readAllStandardError())));
                QCOMPARE(reportedIn(pa.readAllStandardOutput()), QStringList{a});
                mustHave << a;
            } else {
                QVERIFY(killA);
            }
            const QByteArray now = readBytes(csv);
            for (const QString& id : std::as_const(mustHave))
                QVERIFY2(now.contains(QByteArray("\r\n" + id.toUtf8() + ",tester,")),
                         qPrintable(u"round %1: lost "_s.arg(round) + id));
        }
        const auto table = tw::CsvTable::parse(readBytes(csv));
        QVERIFY(table.has_value());
        QVERIFY(table->rowCount() >= 30000 + mustHave.size());
    }
};

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"
