// SPDX-License-Identifier: GPL-3.0-or-later
// The attacks of the robustness review (shared reviews, robustness-2026-12, sections A and C and
// the special-file rows) on every file TrailWarden writes, run with the real trailwarden-cli: a
// nearly full disk, no inode left, read-only files and folders, devices, FIFOs, an unwritable
// audit log, symbolic links and hard links, and concurrent approvers reaching one CSV by two paths.
// Each case asserts what the user was promised: the old file or the complete new one, a non-zero
// exit status when nothing was written, never a hang, never a replaced device node.
//
// Cases that need a tiny file system (tmpfs) or another user run as root and QSKIP otherwise.
// TRAILWARDEN_TEST_CLI overrides the program under test (to replay the cases against another build).

#include "core/common/atomicfile.h"
#include "core/lists/csvtable.h"
#include "tests/support/testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

QString cliPath()
{
    return qEnvironmentVariable("TRAILWARDEN_TEST_CLI", QStringLiteral(TRAILWARDEN_CLI));
}

const QString kLogs = QStringLiteral(TRAILWARDEN_TEST_DATA "/corpus/stratus-red-team");
constexpr int kExitNotWritten = 3;

struct Run
{
    int status = -1; // -1: crashed or did not finish in time
    QByteArray out;
    QByteArray err;
};

// Runs trailwarden-cli, as uid 65534 when asUser is set. A run that does not end in 20 s is a hang.
Run cli(const QStringList& args, bool asNobody = false, int timeoutMs = 20000)
{
    QProcess p;
    if (asNobody)
        p.start(u"setpriv"_s,
                QStringList{u"--reuid=65534"_s, u"--regid=65534"_s, u"--clear-groups"_s, u"--"_s, cliPath()} +
                    args);
    else
        p.start(cliPath(), args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return {-1, {}, "did not finish in time (hang)"};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

QStringList approveArgs(const QString& csv, const QStringList& ids)
{
    return QStringList{u"approve"_s, u"--approved"_s, csv, u"--reason"_s, u"test"_s, u"--by"_s, u"tester"_s} +
           ids;
}

QStringList revokeArgs(const QString& csv, const QStringList& ids)
{
    return QStringList{u"revoke"_s, u"--approved"_s, csv, u"--reason"_s, u"left"_s, u"--by"_s, u"tester"_s} +
           ids;
}

QByteArray readBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeBytes(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size() && f.flush();
}

QByteArray listOf(int rows)
{
    QByteArray csv = "identity,approved_by,approved_at,reason\n";
    for (int i = 0; i < rows; ++i)
        csv += "svc-row-" + QByteArray::number(i).rightJustified(5, '0') + ",ops,2026-01-01T00:00:00Z,bulk\n";
    return csv;
}

bool isRoot()
{
    return ::geteuid() == 0;
}

mode_t modeOf(const QString& path)
{
    struct stat st;
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? st.st_mode : 0;
}

// A tmpfs of a given size mounted on a temporary folder for the test's lifetime (root only).
class SmallDisk
{
public:
    explicit SmallDisk(const QByteArray& options)
    {
        m_ok = m_dir.isValid() && ::mount("tmpfs", QFile::encodeName(m_dir.path()).constData(), "tmpfs", 0,
                                          options.constData()) == 0;
    }
    ~SmallDisk()
    {
        if (m_ok)
            ::umount2(QFile::encodeName(m_dir.path()).constData(), MNT_DETACH);
    }
    bool ok() const { return m_ok; }
    QString path(const QString& name) const { return m_dir.filePath(name); }
    qint64 freeBytes() const
    {
        struct statvfs vfs;
        return ::statvfs(QFile::encodeName(m_dir.path()).constData(), &vfs) == 0
                   ? qint64(vfs.f_bavail) * qint64(vfs.f_frsize)
                   : -1;
    }
    // Fills the disk until only `keep` bytes are free.
    bool fillLeaving(qint64 keep)
    {
        const qint64 fill = freeBytes() - keep;
        return fill <= 0 || writeBytes(path(u"filler"_s), QByteArray(fill, 'x'));
    }

private:
    QTemporaryDir m_dir;
    bool m_ok = false;
};

// The files a failed write must not leave behind: save temporaries ("<name>.XXXXXX").
QStringList temporariesIn(const QString& folder, const QString& name)
{
    QStringList found;
    for (const QString& entry : QDir(folder).entryList(QDir::Files | QDir::Hidden | QDir::System))
        if (entry.startsWith(name + u'.') && entry.size() == name.size() + 7)
            found << entry;
    return found;
}

} // namespace

class TestWriteSafety : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY2(QFile::exists(cliPath()), qPrintable(cliPath())); }

    // A1, A1b: the list on a disk with ~12 KiB free. Before: the CSV was replaced by its first
    // 8,192 bytes and the run said "approved", exit 0 (a small list); a larger one exited 0 too.
    void fullDiskApproveKeepsTheList_data()
    {
        QTest::addColumn<int>("rows");
        QTest::newRow("300 rows (smaller than Qt's write buffer)") << 300;
        QTest::newRow("2000 rows") << 2000;
    }
    void fullDiskApproveKeepsTheList()
    {
        QFETCH(int, rows);
        if (!isRoot())
            QSKIP("needs root to mount a small tmpfs (mount -t tmpfs -o size=256k)");
        SmallDisk disk("size=256k");
        QVERIFY(disk.ok());
        const QString csv = disk.path(u"aws_service_accounts.csv"_s);
        const QByteArray before = listOf(rows);
        QVERIFY(writeBytes(csv, before));
        QVERIFY(disk.fillLeaving(12 * 1024));

        const Run r = cli(approveArgs(csv, {u"newuser"_s}));
        QVERIFY2(r.status == kExitNotWritten, r.err.constData());
        QVERIFY2(r.out.isEmpty(), r.out.constData());
        QVERIFY2(r.err.contains(QFile::encodeName(csv)) && r.err.contains("No space left on device"),
                 r.err.constData());
        QCOMPARE(readBytes(csv), before);
        QVERIFY2(!QFile::exists(csv + u".audit.jsonl"_s), "an audit line for a change that did not happen");
        QCOMPARE(temporariesIn(QFileInfo(csv).path(), u"aws_service_accounts.csv"_s), QStringList());
    }

    // A16: `scan --output` on the nearly full disk. Before: a 12,288-byte part of the report was
    // committed and the run exited 0.
    void fullDiskReportIsNotCommitted()
    {
        if (!isRoot())
            QSKIP("needs root to mount a small tmpfs (mount -t tmpfs -o size=64k)");
        SmallDisk disk("size=64k");
        QVERIFY(disk.ok());
        const QString report = disk.path(u"report.html"_s);
        const QByteArray old = "<p>the previous report</p>\n";
        QVERIFY(writeBytes(report, old));
        // The reports of this corpus: HTML 34 KB, Markdown 14 KB, JSON 10 KB; each gets less room.
        const std::pair<QString, qint64> cases[] = {
            {u"html"_s, 12 * 1024}, {u"md"_s, 12 * 1024}, {u"json"_s, 4096}};
        for (const auto& [format, room] : cases) {
            QFile::remove(disk.path(u"filler"_s));
            QVERIFY(disk.fillLeaving(room));
            const Run r = cli({u"scan"_s, u"--quiet"_s, u"--no-hash"_s, u"--format"_s, format, u"--output"_s,
                               report, kLogs});
            QVERIFY2(r.status == kExitNotWritten, qPrintable(format + u": "_s + QString::fromUtf8(r.err)));
            QVERIFY2(r.err.contains("No space left on device"), r.err.constData());
            QCOMPARE(readBytes(report), old);
            QCOMPARE(temporariesIn(QFileInfo(report).path(), u"report.html"_s), QStringList());
        }
    }

    // A2: no inode left for the temporary file. Before: "cannot write: No space left on device",
    // exit 0.
    void noInodeLeftIsAFailure()
    {
        if (!isRoot())
            QSKIP("needs root to mount a small tmpfs (mount -t tmpfs -o nr_inodes=...)");
        SmallDisk disk("size=1m,nr_inodes=16");
        QVERIFY(disk.ok());
        const QString csv = disk.path(u"aws_service_accounts.csv"_s);
        const QByteArray before = listOf(20);
        QVERIFY(writeBytes(csv, before));
        // The audit log exists already, so the only file the approval needs is the temporary.
        QVERIFY(writeBytes(csv + u".audit.jsonl"_s, QByteArray()));
        for (int i = 0; i < 100; ++i)
            if (!writeBytes(disk.path(u"inode-%1"_s.arg(i)), QByteArray()))
                break;
        const Run r = cli(approveArgs(csv, {u"newuser"_s}));
        QVERIFY2(r.status == kExitNotWritten, r.err.constData());
        QCOMPARE(readBytes(csv), before);
        QCOMPARE(readBytes(csv + u".audit.jsonl"_s), QByteArray());
    }

    // A3: a read-only CSV, approved into and revoked from by another user. Before: refused with
    // "not writable" but exit 0 for both. A4: a read-only folder.
    void readOnlyFileOrFolderIsAFailure()
    {
        if (!isRoot())
            QSKIP("needs root to run trailwarden-cli as uid 65534 (setpriv)");
        QTemporaryDir dir;
        QCOMPARE(::chmod(QFile::encodeName(dir.path()).constData(), 0777), 0);
        const QString csv = dir.filePath(u"aws_service_accounts.csv"_s);
        const QByteArray before = listOf(3);
        QVERIFY(writeBytes(csv, before));
        QCOMPARE(::chmod(QFile::encodeName(csv).constData(), 0444), 0);
        const Run approve = cli(approveArgs(csv, {u"newuser"_s}), true);
        QVERIFY2(approve.status == kExitNotWritten, approve.err.constData());
        QVERIFY2(approve.err.contains("Permission denied"), approve.err.constData());
        const Run revoke = cli(revokeArgs(csv, {u"svc-row-00001"_s}), true);
        QVERIFY2(revoke.status == kExitNotWritten, revoke.err.constData());
        QCOMPARE(readBytes(csv), before);
        QVERIFY(!QFile::exists(csv + u".audit.jsonl"_s));

        // The file is writable, the folder is not (root's, 0755): no temporary can be made.
        QCOMPARE(::chmod(QFile::encodeName(csv).constData(), 0666), 0);
        QCOMPARE(::chmod(QFile::encodeName(dir.path()).constData(), 0755), 0);
        const Run inFolder = cli(approveArgs(csv, {u"newuser"_s}), true);
        QVERIFY2(inFolder.status == kExitNotWritten, inFolder.err.constData());
        QCOMPARE(readBytes(csv), before);
    }

    // A7, A8: the CSV is a device node (private copies of /dev/null and /dev/zero), named directly
    // or through a symbolic link. Before: the node was replaced by a regular file; the endless
    // one was read until bad_alloc (abort).
    void deviceNodesAreRefused()
    {
        if (!isRoot())
            QSKIP("needs root to make device nodes (mknod)");
        QTemporaryDir dir;
        const QString null = dir.filePath(u"null.csv"_s), zero = dir.filePath(u"zero.csv"_s);
        QCOMPARE(::mknod(QFile::encodeName(null).constData(), S_IFCHR | 0666, makedev(1, 3)), 0);
        QCOMPARE(::mknod(QFile::encodeName(zero).constData(), S_IFCHR | 0666, makedev(1, 5)), 0);
        const QString link = dir.filePath(u"link.csv"_s);
        QVERIFY(QFile::link(null, link));
        for (const QString& csv : {null, zero, link}) {
            for (const QStringList& args : {approveArgs(csv, {u"x"_s}), revokeArgs(csv, {u"x"_s})}) {
                const Run r = cli(args);
                QVERIFY2(r.status == kExitNotWritten, qPrintable(csv + u": "_s + QString::fromUtf8(r.err)));
                QVERIFY2(r.err.contains("character device, not a regular file"), r.err.constData());
            }
        }
        QVERIFY(S_ISCHR(modeOf(null)));
        QVERIFY(S_ISCHR(modeOf(zero)));
        QVERIFY(S_ISLNK(modeOf(link)));
        QCOMPARE(QFileInfo(link).symLinkTarget(), null);
        // Nothing was created beside them either.
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot).size(),
                 3);
    }

    // A9, A13: the CSV or its audit log is a FIFO nobody writes to. Before: the approval blocked
    // for ever with the lock held (after committing the CSV, in the audit case).
    void fifosNeverBlock()
    {
        QTemporaryDir dir;
        const QString fifo = dir.filePath(u"fifo.csv"_s);
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        const Run r = cli(approveArgs(fifo, {u"x"_s}));
        QVERIFY2(r.status == kExitNotWritten, r.err.constData());
        QVERIFY2(r.err.contains("FIFO (named pipe), not a regular file"), r.err.constData());
        QVERIFY(S_ISFIFO(modeOf(fifo)));

        const QString csv = dir.filePath(u"aws_service_accounts.csv"_s);
        const QByteArray before = listOf(3);
        QVERIFY(writeBytes(csv, before));
        QCOMPARE(::mkfifo(QFile::encodeName(csv + u".audit.jsonl"_s).constData(), 0600), 0);
        for (const QStringList& args : {approveArgs(csv, {u"x"_s}), revokeArgs(csv, {u"svc-row-00001"_s})}) {
            const Run audit = cli(args);
            QVERIFY2(audit.status == kExitNotWritten, audit.err.constData());
            QVERIFY2(audit.err.contains("audit log"), audit.err.constData());
            QCOMPARE(readBytes(csv), before); // not changed: its audit line could not be written
        }
    }

    // A12: the audit log cannot be written (a folder in its place) and the run revokes. Before:
    // the row was removed, exit 0: the approval's provenance was gone from both places.
    void revokeKeepsTheRowWhenTheAuditLogFails()
    {
        QTemporaryDir dir;
        const QString csv = dir.filePath(u"aws_service_accounts.csv"_s);
        const QByteArray before = listOf(3);
        QVERIFY(writeBytes(csv, before));
        QVERIFY(QDir(dir.path()).mkdir(u"aws_service_accounts.csv.audit.jsonl"_s));
        const Run revoke = cli(revokeArgs(csv, {u"svc-row-00001"_s}));
        QVERIFY2(revoke.status == kExitNotWritten, revoke.err.constData());
        QVERIFY2(!revoke.out.contains("revoked"), revoke.out.constData());
        QVERIFY2(revoke.err.contains("audit log") && revoke.err.contains("is a folder"),
                 revoke.err.constData());
        QCOMPARE(readBytes(csv), before);
        const Run approve = cli(approveArgs(csv, {u"x"_s}));
        QCOMPARE(approve.status, kExitNotWritten);
        QCOMPARE(readBytes(csv), before);
    }

    // `scan --suppressions` naming a FIFO or an endless device. Before: blocked / bad_alloc abort.
    void suppressionsMustBeARegularFile()
    {
        QTemporaryDir dir;
        const QString fifo = dir.filePath(u"rules.json"_s);
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        for (const QString& rules : {fifo, u"/dev/zero"_s}) {
            const Run r = cli({u"scan"_s, u"--quiet"_s, u"--suppressions"_s, rules, kLogs});
            QVERIFY2(r.status == 2, qPrintable(rules + u": "_s + QString::fromUtf8(r.err)));
            QVERIFY2(r.err.contains(QFile::encodeName(rules)) && r.err.contains("not a regular file"),
                     r.err.constData());
        }
    }

    // A5 and C2's second half: through a symbolic link the target is written and the link kept,
    // and the audit log lies beside the target, the same log whatever path was used.
    void symlinkTargetIsWrittenAndSharesTheAuditLog()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir(u"real"_s));
        const QString csv = dir.filePath(u"real/aws_service_accounts.csv"_s);
        QVERIFY(writeBytes(csv, listOf(1)));
        const QString link = dir.filePath(u"alias.csv"_s);
        QVERIFY(QFile::link(csv, link));
        QVERIFY(QFile::link(dir.filePath(u"real"_s), dir.filePath(u"folder-alias"_s)));
        QCOMPARE(cli(approveArgs(link, {u"via-link"_s})).status, 0);
        QCOMPARE(cli(approveArgs(dir.filePath(u"folder-alias/aws_service_accounts.csv"_s), {u"via-folder"_s}))
                     .status,
                 0);
        QCOMPARE(cli(approveArgs(csv, {u"direct"_s})).status, 0);
        QVERIFY(S_ISLNK(modeOf(link)));
        const QByteArray now = readBytes(csv);
        QVERIFY(now.contains("\nvia-link,") && now.contains("\nvia-folder,") && now.contains("\ndirect,"));
        QCOMPARE(readBytes(csv + u".audit.jsonl"_s).count('\n'), 3);
        QVERIFY(!QFile::exists(link + u".audit.jsonl"_s));
    }

    // A17, A11: the owner, group and mode of the file are kept on rewrite; a hard link is
    // reported (the atomic replace detaches it).
    void ownerModeKeptAndHardLinksReported()
    {
        if (!isRoot())
            QSKIP("needs root to give the file another owner (chown)");
        QTemporaryDir dir;
        const QString csv = dir.filePath(u"aws_service_accounts.csv"_s);
        QVERIFY(writeBytes(csv, listOf(2)));
        QCOMPARE(::chown(QFile::encodeName(csv).constData(), 65534, 65534), 0);
        QCOMPARE(::chmod(QFile::encodeName(csv).constData(), 0640), 0);
        QCOMPARE(cli(approveArgs(csv, {u"newuser"_s})).status, 0);
        struct stat st;
        QCOMPARE(::stat(QFile::encodeName(csv).constData(), &st), 0);
        QCOMPARE(st.st_uid, uid_t(65534));
        QCOMPARE(st.st_gid, gid_t(65534));
        QCOMPARE(st.st_mode & 07777, mode_t(0640));

        const QString other = dir.filePath(u"hardlink.csv"_s);
        QCOMPARE(::link(QFile::encodeName(csv).constData(), QFile::encodeName(other).constData()), 0);
        const Run r = cli(approveArgs(csv, {u"second"_s}));
        QCOMPARE(r.status, 0);
        QVERIFY2(r.err.contains("hard link"), r.err.constData());
    }

    // C2: 20 processes x 20 approvals, half of them through a second path: a symbolic link to the
    // CSV in another folder, or a symlinked folder. Before: 61-74 approvals that printed
    // "approved X" were missing and the audit log was split in two.
    void concurrentApproversThroughTwoPaths()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir(u"real"_s));
        const QString csv = dir.filePath(u"real/aws_service_accounts.csv"_s);
        QVERIFY(writeBytes(csv, listOf(50)));
        QVERIFY(QFile::link(dir.filePath(u"real"_s), dir.filePath(u"alias"_s)));
        QVERIFY(QDir(dir.path()).mkdir(u"elsewhere"_s));
        QVERIFY(QFile::link(csv, dir.filePath(u"elsewhere/approved.csv"_s)));
        const QStringList paths = {csv, dir.filePath(u"alias/aws_service_accounts.csv"_s), csv,
                                   dir.filePath(u"elsewhere/approved.csv"_s)};

        constexpr int kProcesses = 20, kApprovals = 20;
        // Each worker approves its identities one process run after another, all workers at once.
        struct Worker
        {
            QProcess process;
            int next = 0;
        };
        std::vector<std::unique_ptr<Worker>> workers;
        QStringList reported;
        int failures = 0, lockTimeouts = 0;
        QByteArray failureText;
        const auto start = [&](int w) {
            Worker& worker = *workers[std::size_t(w)];
            worker.process.start(cliPath(),
                                 approveArgs(paths[w % 4], {u"svc-p%1-n%2"_s.arg(w).arg(worker.next)}));
        };
        for (int w = 0; w < kProcesses; ++w) {
            workers.push_back(std::make_unique<Worker>());
            start(w);
        }
        bool running = true;
        while (running) {
            running = false;
            for (int w = 0; w < kProcesses; ++w) {
                Worker& worker = *workers[std::size_t(w)];
                if (worker.next >= kApprovals)
                    continue;
                running = true;
                if (!worker.process.waitForFinished(10))
                    continue;
                const QByteArray out = worker.process.readAllStandardOutput();
                const QByteArray err = worker.process.readAllStandardError();
                reported << tw::test::approvedIn(out);
                if (worker.process.exitCode() != 0) {
                    // Under heavy load a run may give up waiting for the lock: it says so and
                    // changes nothing (checked below: it reported nothing). Anything else fails.
                    if (err.contains("another program is changing it")) {
                        ++lockTimeouts;
                    } else {
                        ++failures;
                        failureText += err;
                    }
                }
                if (++worker.next < kApprovals)
                    start(w);
            }
        }
        QVERIFY2(failures == 0, failureText.constData());

        const auto table = tw::CsvTable::parse(readBytes(csv));
        QVERIFY(table.has_value());
        QStringList inFile;
        for (qsizetype row = 0; row < table->rowCount(); ++row)
            if (table->field(row, 0).startsWith(u"svc-p"_s))
                inFile << table->field(row, 0);
        const QSet<QString> unique(inFile.cbegin(), inFile.cend());
        QCOMPARE(qsizetype(unique.size()), inFile.size()); // none duplicated
        QStringList lost;
        for (const QString& id : std::as_const(reported))
            if (!unique.contains(id))
                lost << id;
        QVERIFY2(lost.isEmpty(), qPrintable(u"lost: "_s + lost.join(u", "_s)));
        QCOMPARE(inFile.size(), reported.size()); // nothing written that was not reported
        QCOMPARE(reported.size() + lockTimeouts, kProcesses * kApprovals);
        // One audit log, one line per approval, wherever the approval came from.
        QCOMPARE(readBytes(csv + u".audit.jsonl"_s).count('\n'), reported.size());
        qInfo("%lld of %d approvals written (%d gave up waiting for the lock, and said so)",
              static_cast<long long>(reported.size()), kProcesses * kApprovals, lockTimeouts);
    }
};

QTEST_GUILESS_MAIN(TestWriteSafety)
#include "tst_writesafety.moc"
