// SPDX-License-Identifier: GPL-3.0-or-later

// Crash safety of the approved-accounts CSV, tested with real processes: `trailwarden-cli approve`
// is SIGKILLed at random moments (seeded, so a failure can be replayed), and after every kill the
// file must be byte for byte the complete old or the complete new version, and every approval
// the process reported on stdout must be in it. Two processes approving at once must both land.
//
// TRAILWARDEN_CRASH_ITERATIONS (default 200) and TRAILWARDEN_CRASH_SEED (default 20261128)
// override the run; tools/soak-crash.sh uses them for the long soak.

#include "core/lists/csvtable.h"
#include "tests/support/testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <chrono>
#include <deque>
#include <random>
#include <thread>

#include <csignal>

using namespace Qt::StringLiterals;

namespace {

const QString kCli = QStringLiteral(TRAILWARDEN_CLI);

QStringList approveArgs(const QString& csv, const QStringList& identities)
{
    return QStringList{u"approve"_s,    u"--approved"_s, csv,        u"--reason"_s,
                       u"crash test"_s, u"--by"_s,       u"tester"_s} +
           identities;
}

// The identities a run reported as written.
QStringList reportedIn(const QByteArray& out)
{
    return tw::test::approvedIn(out);
}

// A writer killed between creating its lock file and writing its pid into it leaves an empty lock
// (or an empty .rmlock, if it died taking over a stale lock). QLockFile cannot tell whose it is,
// so it becomes stale only by age (10 s; 30 s for the .rmlock), and until then other writers give
// up with "another program is changing it ... Try again in a moment". Nothing is lost or written
// half; such a run is retried, as the message asks, and counted.
bool isLockStall(const QByteArray& stderrText)
{
    return stderrText.contains("another program is changing it");
}

int lockStalls = 0;

// Runs one approval to its end, retrying while a killed writer's empty lock file is not yet stale.
bool approveToTheEnd(QProcess& p, const QString& csv, const QStringList& ids, QByteArray* out)
{
    for (int attempt = 0; attempt < 10; ++attempt) {
        p.start(kCli, approveArgs(csv, ids));
        if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit)
            return false;
        const QByteArray err = p.readAllStandardError();
        if (p.exitCode() == 0) {
            *out = p.readAllStandardOutput();
            return true;
        }
        if (!isLockStall(err)) {
            qWarning("%s", err.constData());
            return false;
        }
        ++lockStalls;
    }
    return false;
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
    QByteArray csv = tw::test::readFile(QStringLiteral(TRAILWARDEN_TEST_DATA "/csv/approved_rich.csv"));
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
        QVERIFY(tw::test::readFile(QStringLiteral(TRAILWARDEN_TEST_DATA "/csv/approved_rich.csv"))
                    .endsWith("\r\n"));
    }

    void sigkillDuringApprovals()
    {
        lockStalls = 0;
        const qint64 iterations = envNumber("TRAILWARDEN_CRASH_ITERATIONS", 200);
        const auto seed = static_cast<std::uint64_t>(envNumber("TRAILWARDEN_CRASH_SEED", 20261128));
        qInfo("%lld iterations, seed %llu (TRAILWARDEN_CRASH_ITERATIONS, TRAILWARDEN_CRASH_SEED)",
              static_cast<long long>(iterations), static_cast<unsigned long long>(seed));
        std::mt19937_64 rng(seed);

        QTemporaryDir dir;
        const QString csv = dir.filePath(u"aws_service_accounts.csv"_s);
        QVERIFY(tw::test::writeFile(csv, initialCsv()));

        // How long an undisturbed approval takes here, so that kill times spread over all of it.
        // Measured again every 25 kills (the machine's load changes), from the last five runs.
        QStringList everReported;
        std::deque<qint64> recentUs;
        const auto measure = [&](const QString& id) {
            QElapsedTimer t;
            t.start();
            QProcess p;
            QByteArray out;
            const int stallsBefore = lockStalls;
            if (!approveToTheEnd(p, csv, {id}, &out))
                return false;
            if (lockStalls == stallsBefore) { // a stalled run does not measure an approval
                recentUs.push_back(t.nsecsElapsed() / 1000);
                if (recentUs.size() > 5)
                    recentUs.pop_front();
            }
            everReported += reportedIn(out);
            return everReported.endsWith(id);
        };
        const auto typicalRunUs = [&] {
            std::vector<qint64> sorted(recentUs.begin(), recentUs.end());
            std::sort(sorted.begin(), sorted.end());
            return sorted[sorted.size() / 2];
        };
        for (int i = 0; i < 3; ++i)
            QVERIFY(measure(u"svc-calibrate-%1"_s.arg(i)));
        // Half the kills anywhere in a run; half in its second half, where the lock, the read, the
        // parse and the write happen (the first is mostly process and Qt start-up).
        const auto killAfterUs = [&](std::mt19937_64& g) {
            const qint64 runUs = typicalRunUs();
            const qint64 from = g() % 2 ? runUs / 2 : 0;
            return std::uniform_int_distribution<qint64>(from, runUs * 11 / 10)(g);
        };
        qInfo("an undisturbed approval takes %lld ms at first; kills fall in [0, 1.1x that]",
              static_cast<long long>(typicalRunUs() / 1000));

        // Row of the new version: the file's extra `ticket` column stays empty.
        const QRegularExpression newRows(
            uR"(^(svc-crash-\d+-a),tester,(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ),crash test,\r\n)"
            uR"((svc-crash-\d+-b),tester,\2,crash test,\r\n$)"_s);
        int unchanged = 0, writtenButKilled = 0, completed = 0;
        for (qint64 i = 0; i < iterations; ++i) {
            if (i > 0 && i % 25 == 0)
                QVERIFY(measure(u"svc-calibrate-%1"_s.arg(i)));
            const QByteArray before = tw::test::readFile(csv);
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
            const QByteArray after = tw::test::readFile(csv);
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
        QVERIFY(tw::CsvTable::parse(tw::test::readFile(csv)).has_value());
        // Besides the CSV: the audit log, and one save temporary (aws_service_accounts.csv.XXXXXX,
        // all or part of the new version) for each writer killed between starting and committing
        // its save: nothing can remove a file on SIGKILL, and nothing reads them; they are counted
        // here, not failed. No lock file: the lock is flock on the CSV, gone with its holder.
        const QStringList entries =
            QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
        const QString leftoverText = entries.join(u", "_s);
        const QRegularExpression expected(
            uR"(^aws_service_accounts\.csv(\.audit\.jsonl|\.[A-Za-z0-9]{6})?$)"_s);
        QStringList unexpected;
        int temporaries = 0;
        for (const QString& name : entries) {
            if (!expected.match(name).hasMatch())
                unexpected.append(name);
            else if (name.size() == u"aws_service_accounts.csv.XXXXXX"_s.size())
                ++temporaries;
        }
        qInfo("%lld kills: %d left the old version, %d the new version (killed after the write), "
              "%d runs finished first; %d retries after a killed writer's empty lock file; %d save "
              "temporaries left; files in the folder: %s",
              static_cast<long long>(iterations), unchanged, writtenButKilled, completed, lockStalls,
              temporaries, qPrintable(leftoverText));
        // The kills must have hit both sides of the write, or the test proved little.
        QVERIFY(unchanged > 0);
        QVERIFY(writtenButKilled + completed > 0);
        QVERIFY2(unexpected.isEmpty(), qPrintable(unexpected.join(u", "_s)));
    }

    void twoProcessesApproveAtOnce()
    {
        // Different identities, same file, same moment: both approvals survive every round. In
        // every third round the first process is SIGKILLed midway; the second must still get the
        // lock (the dead holder's lock is stale) and write.
        QTemporaryDir dir;
        const QString csv = dir.filePath(u"aws_service_accounts.csv"_s);
        QVERIFY(tw::test::writeFile(csv, initialCsv()));
        std::mt19937_64 rng(envNumber("TRAILWARDEN_CRASH_SEED", 20261128));
        constexpr int kRounds = 24;
        lockStalls = 0;
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
            const QByteArray errB = pb.readAllStandardError();
            QByteArray outB = pb.readAllStandardOutput();
            if (killA && pb.exitCode() != 0 && isLockStall(errB)) {
                // A died holding an empty lock file (see isLockStall): B is told to retry, and does.
                ++lockStalls;
                QProcess retry;
                QVERIFY(approveToTheEnd(retry, csv, {b}, &outB));
            } else {
                const QString why = u"round %1: "_s.arg(round) + QString::fromUtf8(errB);
                QVERIFY2(pb.exitStatus() == QProcess::NormalExit && pb.exitCode() == 0, qPrintable(why));
            }
            QCOMPARE(reportedIn(outB), QStringList{b});
            mustHave << b;
            if (pa.exitStatus() == QProcess::NormalExit) {
                QVERIFY2(pa.exitCode() == 0, qPrintable(QString::fromUtf8(pa.readAllStandardError())));
                QCOMPARE(reportedIn(pa.readAllStandardOutput()), QStringList{a});
                mustHave << a;
            } else {
                QVERIFY(killA);
            }
            const QByteArray now = tw::test::readFile(csv);
            for (const QString& id : std::as_const(mustHave))
                QVERIFY2(now.contains(QByteArray("\r\n" + id.toUtf8() + ",tester,")),
                         qPrintable(u"round %1: lost "_s.arg(round) + id));
        }
        const auto table = tw::CsvTable::parse(tw::test::readFile(csv));
        QVERIFY(table.has_value());
        QVERIFY(table->rowCount() >= 30000 + mustHave.size());
        qInfo("%d rounds, %d with the first writer killed; %d retries after an empty lock file", kRounds,
              kRounds / 3, lockStalls);
    }
};

// QtTest aborts a test function after 5 minutes; 200 kills under ASan on a loaded machine come
// close to that and a soak goes far past it. The soak's length is bounded by its iteration count.
int main(int argc, char* argv[])
{
    if (!qEnvironmentVariableIsSet("QTEST_FUNCTION_TIMEOUT"))
        qputenv("QTEST_FUNCTION_TIMEOUT", QByteArray::number(24 * 3600 * 1000));
    QCoreApplication app(argc, argv);
    TestCrashSafety test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_crashsafety.moc"
