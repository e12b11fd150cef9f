// SPDX-License-Identifier: GPL-3.0-or-later
// AtomicFile, readRegularFile and appendToRegularFile: the one writer and reader of every file
// TrailWarden keeps (core/atomicfile.h). The end-to-end attacks are in tst_writesafety.

#include "core/common/atomicfile.h"
#include "tests/support/testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

QStringList entries(const QString& dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::System | QDir::Hidden | QDir::NoDotAndDotDot);
}

} // namespace

class TestAtomicFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void writesInPiecesAndReplacesWhole()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"report.html"_s);
        QVERIFY(tw::test::writeFile(path, "old"));
        tw::AtomicFile file(path);
        QVERIFY2(file.open(), qPrintable(file.errorString()));
        QByteArray expected;
        for (int i = 0; i < 2000; ++i) { // more than the writer's buffer, in small and large pieces
            const QByteArray piece = QByteArray(i % 7 == 0 ? 5000 : 37, char('a' + i % 26));
            QVERIFY(file.write(piece));
            expected += piece;
        }
        QCOMPARE(tw::test::readFile(path), QByteArray("old")); // nothing is visible before the commit
        QVERIFY2(file.commit(), qPrintable(file.errorString()));
        QCOMPARE(tw::test::readFile(path), expected);
        QCOMPARE(entries(dir.path()), QStringList{u"report.html"_s});
    }

    void discardKeepsTheOldFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"list.csv"_s);
        QVERIFY(tw::test::writeFile(path, "identity\nsvc\n"));
        {
            tw::AtomicFile file(path);
            QVERIFY(file.open());
            QVERIFY(file.write("identity\n"));
            QVERIFY(file.flush());
        } // destroyed without commit
        QCOMPARE(tw::test::readFile(path), QByteArray("identity\nsvc\n"));
        QCOMPARE(entries(dir.path()), QStringList{u"list.csv"_s});
    }

    void followsSymbolicLinks()
    {
        QTemporaryDir dir;
        const QString target = dir.filePath(u"target.csv"_s), link = dir.filePath(u"link.csv"_s);
        QVERIFY(tw::test::writeFile(target, "old"));
        QVERIFY(QFile::link(target, link));
        QCOMPARE(tw::writeFileAtomically(link, "new"), QString());
        QCOMPARE(tw::test::readFile(target), QByteArray("new"));
        QVERIFY(QFileInfo(link).isSymLink());
        QCOMPARE(tw::resolvedFilePath(link), target);
        // A dangling link is refused, not replaced by a file.
        QVERIFY(QFile::link(dir.filePath(u"missing.csv"_s), dir.filePath(u"dangling.csv"_s)));
        QVERIFY(tw::writeFileAtomically(dir.filePath(u"dangling.csv"_s), "x").contains(u"does not exist"_s));
        QVERIFY(QFileInfo(dir.filePath(u"dangling.csv"_s)).isSymLink());
    }

    void refusesWhatIsNotARegularFile()
    {
        QTemporaryDir dir;
        const QString fifo = dir.filePath(u"fifo"_s);
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        const QString folder = dir.filePath(u"folder"_s);
        QVERIFY(QDir().mkpath(folder));
        QStringList special{fifo, folder};
        // A private copy of /dev/null: a test must never risk the system's.
        const QString device = dir.filePath(u"null"_s);
        if (::geteuid() == 0 &&
            ::mknod(QFile::encodeName(device).constData(), S_IFCHR | 0666, makedev(1, 3)) == 0)
            special << device;
        for (const QString& path : std::as_const(special)) {
            const QString error = tw::writeFileAtomically(path, "x");
            QVERIFY2(error.startsWith(path + u": is a "_s) && error.endsWith(u"not a regular file"_s),
                     qPrintable(error));
            const tw::FileRead read = tw::readRegularFile(path);
            QVERIFY(read.exists);
            QVERIFY2(read.error.endsWith(u"not a regular file"_s), qPrintable(read.error));
            QVERIFY(!tw::appendToRegularFile(path, "x").isEmpty());
        }
        struct stat st;
        QCOMPARE(::lstat(QFile::encodeName(fifo).constData(), &st), 0);
        QVERIFY(S_ISFIFO(st.st_mode)); // still the FIFO, not replaced
        if (special.size() == 3) {
            QCOMPARE(::lstat(QFile::encodeName(device).constData(), &st), 0);
            QVERIFY(S_ISCHR(st.st_mode));
        }
        // An endless device is never read.
        QVERIFY(tw::readRegularFile(u"/dev/zero"_s).error.contains(u"character device"_s));
    }

    void readIsBounded()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"big.csv"_s);
        QVERIFY(tw::test::writeFile(path, QByteArray(5000, 'x')));
        QVERIFY(tw::readRegularFile(path, 4999).error.contains(u"too large"_s));
        QCOMPARE(tw::readRegularFile(path, 5000).bytes.size(), 5000);
        QVERIFY(!tw::readRegularFile(dir.filePath(u"none"_s)).exists);
    }

    // The sample's lists are copied for the analyst to approve into: through the atomic writer,
    // and a source that cannot be read leaves no copy behind, only a message naming it.
    void copyIsWholeOrNothing()
    {
        QTemporaryDir dir;
        const QString from = dir.filePath(u"template.csv"_s), to = dir.filePath(u"copy.csv"_s);
        QVERIFY(tw::test::writeFile(from, "identity\nsvc-a\n"));
        QCOMPARE(tw::copyFileAtomically(from, to), QString());
        QCOMPARE(tw::test::readFile(to), QByteArray("identity\nsvc-a\n"));

        const QString missing = dir.filePath(u"missing.csv"_s), other = dir.filePath(u"other.csv"_s);
        QVERIFY(tw::copyFileAtomically(missing, other).startsWith(missing));
        QVERIFY(!QFileInfo::exists(other));
        QVERIFY(tw::copyFileAtomically(dir.path(), other).contains(u"folder"_s));
        QVERIFY(!QFileInfo::exists(other));
        QVERIFY(tw::copyFileAtomically(from, to, 3).contains(u"too large"_s));
        QCOMPARE(tw::test::readFile(to), QByteArray("identity\nsvc-a\n"));
        QVERIFY(QDir(dir.path()).mkdir(u"target"_s));
        QVERIFY(tw::copyFileAtomically(from, dir.filePath(u"target"_s)).contains(u"folder"_s));
        QCOMPARE(entries(dir.path()).size(), 3); // template, copy, target: no temporary left
    }

    void appendIsWholeOrNothing()
    {
        QTemporaryDir dir;
        const QString log = dir.filePath(u"audit.jsonl"_s);
        qint64 before = -1;
        QCOMPARE(tw::appendToRegularFile(log, "one\n", &before), QString());
        QCOMPARE(before, 0);
        QCOMPARE(tw::appendToRegularFile(log, "two\n", &before), QString());
        QCOMPARE(before, 4);
        QCOMPARE(tw::truncateRegularFile(log, before), QString());
        QCOMPARE(tw::test::readFile(log), QByteArray("one\n"));
        if (::geteuid() != 0)
            QSKIP("the full-disk half needs root to mount a small tmpfs");
        QTemporaryDir small;
        QCOMPARE(::mount("tmpfs", QFile::encodeName(small.path()).constData(), "tmpfs", 0, "size=16k"), 0);
        const QString full = small.filePath(u"audit.jsonl"_s);
        QCOMPARE(tw::appendToRegularFile(full, "first\n"), QString());
        // Larger than the disk: fails, and the partial line is taken back.
        QVERIFY(tw::appendToRegularFile(full, QByteArray(64 * 1024, 'x')).contains(u"No space left"_s));
        QCOMPARE(tw::test::readFile(full), QByteArray("first\n"));
        // The same for a replace: the old contents stay and the temporary is gone.
        QVERIFY(tw::writeFileAtomically(full, QByteArray(64 * 1024, 'y')).contains(u"No space left"_s));
        QCOMPARE(tw::test::readFile(full), QByteArray("first\n"));
        QCOMPARE(entries(small.path()), QStringList{u"audit.jsonl"_s});
        ::umount2(QFile::encodeName(small.path()).constData(), MNT_DETACH);
    }
};

QTEST_GUILESS_MAIN(TestAtomicFile)
#include "tst_atomicfile.moc"
