// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/common/filelock.h"
#include "core/lists/approvalservice.h"
#include "core/lists/csvtable.h"
#include "core/lists/identitylists.h"
#include "tests/support/testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

#include <unistd.h>

using namespace Qt::StringLiterals;
using tw::ApprovalResult;
using tw::ApprovalService;

namespace {

const QDateTime kWhen = QDateTime(QDate(2026, 11, 28), QTime(6, 11, 47, 250), Qt::UTC);

QByteArray fixture(const QString& name)
{
    return tw::test::readFile(QStringLiteral(TRAILWARDEN_TEST_DATA "/csv/") + name);
}

// Everything in the folder, hidden files included: QSaveFile temporaries and lock files must not stay.
QStringList dirContents(const QString& dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                               QDir::Name);
}

} // namespace

class TestApprovalService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void richFileSurvivesApproval();
    void provenanceColumnsAdded_data();
    void provenanceColumnsAdded();
    void alreadyApprovedRefused();
    void wildcardDoesNotRefuse();
    void noIdentityColumnLeavesFileUntouched();
    void unparseableFileLeavesFileUntouched();
    void missingFileIsCreated();
    void restoreUndoAndRedo();
    void restoreRefusesWhenFileChanged();
    void restoreUndoesCreation();
    void noTempFilesLeftBehind();
    void auditLogRecordsEveryChange();
    void updateSetsProvenanceColumns();
    void updateRefusesPastOrMalformedExpiry();
    void identityWithSpecialCharactersRoundTrips();
    void lockHeldElsewhere();
    void revokeRemovesOnlyMatchingRows();
    void concurrentApprovalsAreAllKept();
    void invalidTime();
    void invisibleCharactersAreRefused_data();
    void invisibleCharactersAreRefused();
    void undoAndRevokeAreAuditedWithTheRows();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_csv;
};

void TestApprovalService::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_csv = m_dir->filePath(u"aws_service_accounts.csv"_s);
}

void TestApprovalService::richFileSurvivesApproval()
{
    // BOM, CRLF, quoted fields with comma, quote and newline, an unknown column, a long and a short row,
    // and the provenance columns already present.
    const QByteArray original = fixture(u"approved_rich.csv"_s);
    QVERIFY(original.startsWith("\xef\xbb\xbf"));
    QVERIFY(tw::test::writeFile(m_csv, original));

    const ApprovalService service(m_csv);
    const ApprovalResult result =
        service.approve({u"svc-new"_s}, u"Nightly \"sync\", see OPS-12\nsecond line"_s, u"erin"_s, kWhen);
    QVERIFY2(result.ok, qPrintable(result.message));
    QCOMPARE(result.added, QStringList(u"svc-new"_s));
    QVERIFY(result.refused.isEmpty());

    const QByteArray expected =
        original + "svc-new,erin,2026-11-28T06:11:47Z,\"Nightly \"\"sync\"\", see OPS-12\nsecond line\",\r\n";
    QCOMPARE(tw::test::readFile(m_csv), expected);
    QCOMPARE(result.before, original);
    QCOMPARE(result.after, expected);
    QVERIFY(result.message.contains(m_csv));

    const auto table = tw::CsvTable::parse(expected);
    QVERIFY(table);
    QCOMPARE(table->field(5, 3), u"Nightly \"sync\", see OPS-12\nsecond line"_s);
}

void TestApprovalService::provenanceColumnsAdded_data()
{
    QTest::addColumn<QByteArray>("original");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("upstream style") << fixture(u"approved_plain.csv"_s)
                                    << QByteArray(
                                           "identity,approved_by,approved_at,reason\nsvc-deploy\nSVC-Backup\n"
                                           "svc-new,erin,2026-11-28T06:11:47Z,why\n");
    QTest::newRow("upstream empty file") << QByteArray("identity\n")
                                         << QByteArray("identity,approved_by,approved_at,reason\n"
                                                       "svc-new,erin,2026-11-28T06:11:47Z,why\n");
    QTest::newRow("crlf, no final newline")
        << QByteArray("identity,owner\r\nsvc-a,ops")
        << QByteArray("identity,owner,approved_by,approved_at,reason\r\nsvc-a,ops\r\n"
                      "svc-new,,erin,2026-11-28T06:11:47Z,why\r\n");
    QTest::newRow("some present, other case")
        << QByteArray("\xef\xbb\xbfidentity,Reason\nsvc-a,\"old, kept\"\n")
        << QByteArray("\xef\xbb\xbfidentity,Reason,approved_by,approved_at\nsvc-a,\"old, kept\"\n"
                      "svc-new,why,erin,2026-11-28T06:11:47Z\n");
}

void TestApprovalService::provenanceColumnsAdded()
{
    QFETCH(QByteArray, original);
    QFETCH(QByteArray, expected);

    QVERIFY(tw::test::writeFile(m_csv, original));
    const ApprovalResult result = ApprovalService(m_csv).approve({u"svc-new"_s}, u"why"_s, u"erin"_s, kWhen);
    QVERIFY2(result.ok, qPrintable(result.message));
    QCOMPARE(tw::test::readFile(m_csv), expected);
}

void TestApprovalService::alreadyApprovedRefused()
{
    const QByteArray original = fixture(u"approved_plain.csv"_s);
    QVERIFY(tw::test::writeFile(m_csv, original));
    const ApprovalService service(m_csv);

    const ApprovalResult mixed =
        service.approve({u"svc-backup"_s, u"svc-new"_s, u"SVC-NEW"_s, QString()}, u"why"_s, u"erin"_s, kWhen);
    QVERIFY2(mixed.ok, qPrintable(mixed.message));
    QCOMPARE(mixed.added, QStringList(u"svc-new"_s));
    QCOMPARE(mixed.refused, QStringList({u"svc-backup"_s, u"SVC-NEW"_s, QString()}));
    QVERIFY2(mixed.message.contains(u"'svc-backup' (already approved)"_s), qPrintable(mixed.message));
    QVERIFY2(mixed.message.contains(u"'SVC-NEW' (repeated in the request)"_s), qPrintable(mixed.message));

    const QByteArray afterFirst = tw::test::readFile(m_csv);
    const ApprovalResult again = service.approve({u"SVC-DEPLOY"_s, u"Svc-New"_s}, u"why"_s, u"erin"_s, kWhen);
    QVERIFY(!again.ok);
    QVERIFY(again.added.isEmpty());
    QCOMPARE(again.refused, QStringList({u"SVC-DEPLOY"_s, u"Svc-New"_s}));
    QCOMPARE(again.before, afterFirst);
    QCOMPARE(again.after, afterFirst);
    QCOMPARE(tw::test::readFile(m_csv), afterFirst);
}

void TestApprovalService::wildcardDoesNotRefuse()
{
    QVERIFY(tw::test::writeFile(m_csv, "identity\nsvc-*\n"));
    const ApprovalResult result = ApprovalService(m_csv).approve({u"svc-x"_s}, u"why"_s, u"erin"_s, kWhen);
    QVERIFY2(result.ok, qPrintable(result.message));
    QCOMPARE(result.added, QStringList(u"svc-x"_s));
}

void TestApprovalService::noIdentityColumnLeavesFileUntouched()
{
    const QByteArray original = fixture(u"no_identity.csv"_s);
    QVERIFY(tw::test::writeFile(m_csv, original));
    const ApprovalResult result = ApprovalService(m_csv).approve({u"svc-new"_s}, u"why"_s, u"erin"_s, kWhen);
    QVERIFY(!result.ok);
    QCOMPARE(result.message,
             m_csv + u": no 'identity' column in the header (found: user, comment); not changing it"_s);
    QVERIFY(result.added.isEmpty());
    QCOMPARE(tw::test::readFile(m_csv), original);
    QCOMPARE(dirContents(m_dir->path()), QStringList(u"aws_service_accounts.csv"_s));

    const ApprovalResult revoked = ApprovalService(m_csv).revoke({u"svc-deploy"_s});
    QVERIFY(!revoked.ok);
    QCOMPARE(tw::test::readFile(m_csv), original);
}

void TestApprovalService::unparseableFileLeavesFileUntouched()
{
    const QByteArray original = fixture(u"unbalanced.csv"_s);
    QVERIFY(tw::test::writeFile(m_csv, original));
    const ApprovalResult result = ApprovalService(m_csv).approve({u"svc-new"_s}, u"why"_s, u"erin"_s, kWhen);
    QVERIFY(!result.ok);
    QVERIFY2(result.message.startsWith(m_csv + u": line 2: unbalanced quote"_s), qPrintable(result.message));
    QCOMPARE(tw::test::readFile(m_csv), original);
}

void TestApprovalService::missingFileIsCreated()
{
    QVERIFY(!QFile::exists(m_csv));
    const ApprovalResult result =
        ApprovalService(m_csv).approve({u"svc-a"_s, u"svc-b"_s}, u"because"_s, u"erin"_s, kWhen);
    QVERIFY2(result.ok, qPrintable(result.message));
    QVERIFY(result.before.isEmpty());
    const QByteArray expected = "identity,approved_by,approved_at,reason\n"
                                "svc-a,erin,2026-11-28T06:11:47Z,because\n"
                                "svc-b,erin,2026-11-28T06:11:47Z,because\n";
    QCOMPARE(tw::test::readFile(m_csv), expected);
    QCOMPARE(result.after, expected);

    // A zero-byte file is treated the same way: there is nothing in it to keep.
    QVERIFY(tw::test::writeFile(m_csv, QByteArray()));
    QVERIFY(ApprovalService(m_csv).approve({u"svc-a"_s}, u"because"_s, u"erin"_s, kWhen).ok);
    QCOMPARE(
        tw::test::readFile(m_csv),
        QByteArray("identity,approved_by,approved_at,reason\nsvc-a,erin,2026-11-28T06:11:47Z,because\n"));
}

void TestApprovalService::restoreUndoAndRedo()
{
    const QByteArray original = fixture(u"approved_rich.csv"_s);
    QVERIFY(tw::test::writeFile(m_csv, original));
    const ApprovalService service(m_csv);
    const ApprovalResult approval = service.approve({u"svc-new"_s}, u"why"_s, u"erin"_s, kWhen);
    QVERIFY2(approval.ok, qPrintable(approval.message));

    const ApprovalResult undo = service.restore(approval.before, approval.after);
    QVERIFY2(undo.ok, qPrintable(undo.message));
    QCOMPARE(tw::test::readFile(m_csv), original);
    QCOMPARE(undo.before, approval.after);
    QCOMPARE(undo.after, original);

    const ApprovalResult redo = service.restore(approval.after, approval.before);
    QVERIFY2(redo.ok, qPrintable(redo.message));
    QCOMPARE(tw::test::readFile(m_csv), approval.after);
}

void TestApprovalService::restoreRefusesWhenFileChanged()
{
    QVERIFY(tw::test::writeFile(m_csv, fixture(u"approved_plain.csv"_s)));
    const ApprovalService service(m_csv);
    const ApprovalResult approval = service.approve({u"svc-new"_s}, u"why"_s, u"erin"_s, kWhen);
    QVERIFY2(approval.ok, qPrintable(approval.message));

    // Someone else approves another account meanwhile; undoing ours must not drop theirs.
    const QByteArray changed = approval.after + "svc-colleague,frank,2026-11-28T07:00:00Z,theirs\n";
    QVERIFY(tw::test::writeFile(m_csv, changed));

    const ApprovalResult undo = service.restore(approval.before, approval.after);
    QVERIFY(!undo.ok);
    QCOMPARE(undo.message, m_csv + u": changed on disk since; not overwriting"_s);
    QCOMPARE(tw::test::readFile(m_csv), changed);

    // A deleted file is a change too.
    QVERIFY(QFile::remove(m_csv));
    QVERIFY(!service.restore(approval.before, approval.after).ok);
    QVERIFY(!QFile::exists(m_csv));
}

void TestApprovalService::restoreUndoesCreation()
{
    const ApprovalService service(m_csv);
    const ApprovalResult approval = service.approve({u"svc-a"_s}, u"why"_s, u"erin"_s, kWhen);
    QVERIFY2(approval.ok, qPrintable(approval.message));
    QVERIFY(QFile::exists(m_csv));

    const ApprovalResult undo = service.restore(approval.before, approval.after);
    QVERIFY2(undo.ok, qPrintable(undo.message));
    QVERIFY(!QFile::exists(m_csv));

    const ApprovalResult redo = service.restore(approval.after, approval.before);
    QVERIFY2(redo.ok, qPrintable(redo.message));
    QCOMPARE(tw::test::readFile(m_csv), approval.after);
}

void TestApprovalService::noTempFilesLeftBehind()
{
    QVERIFY(tw::test::writeFile(m_csv, fixture(u"approved_rich.csv"_s)));
    const ApprovalService service(m_csv);
    const ApprovalResult approval = service.approve({u"svc-new"_s}, u"why"_s, u"erin"_s, kWhen);
    QVERIFY(approval.ok);
    QVERIFY(!service.approve({u"svc-new"_s}, u"why"_s, u"erin"_s, kWhen).ok);
    QVERIFY(service.revoke({u"svc-new"_s}).ok);
    QVERIFY(service.restore(approval.after, approval.before).ok);
    QVERIFY(!service.restore(approval.before, "stale"_ba).ok);
    QCOMPARE(dirContents(m_dir->path()),
             QStringList({u"aws_service_accounts.csv"_s, u"aws_service_accounts.csv.audit.jsonl"_s}));
}

void TestApprovalService::auditLogRecordsEveryChange()
{
    const ApprovalService service(m_csv);
    QVERIFY(service.approve({u"svc-a"_s, u"svc-b"_s}, u"CI, ticket 7"_s, u"erin"_s, kWhen).ok);
    QVERIFY(service.revoke({u"SVC-A"_s}, u"decommissioned"_s, u"frank"_s, kWhen.addDays(1)).ok);
    QVERIFY(!service.revoke({u"nobody"_s}, u"x"_s, u"frank"_s, kWhen).ok); // nothing changed: no entry
    const QList<QByteArray> lines =
        tw::test::readFile(ApprovalService::auditPathFor(m_csv)).trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    QCOMPARE(
        lines[0],
        QByteArray(
            R"({"action":"approve","at":"2026-11-28T06:11:47Z","by":"erin","identities":["svc-a","svc-b"],"reason":"CI, ticket 7"})"));
    QCOMPARE(
        lines[1],
        QByteArray(
            R"({"action":"revoke","at":"2026-11-29T06:11:47Z","by":"frank","identities":["svc-a"],"reason":"decommissioned",)"
            R"("rows":[{"approved_at":"2026-11-28T06:11:47Z","approved_by":"erin","identity":"svc-a","reason":"CI, ticket 7"}]})"));
}

void TestApprovalService::updateSetsProvenanceColumns()
{
    QVERIFY(tw::test::writeFile(m_csv, "identity,owner\r\nsvc-a,team-a\r\nsvc-b,team-b\r\n"));
    const ApprovalService service(m_csv);
    const ApprovalResult expiry =
        service.update({u"SVC-B"_s, u"ghost"_s}, u"expires"_s, u"2027-01-31"_s, u"erin"_s, kWhen);
    QVERIFY2(expiry.ok, qPrintable(expiry.message));
    QCOMPARE(expiry.added, QStringList(u"SVC-B"_s));
    QCOMPARE(expiry.refused, QStringList(u"ghost"_s));
    // The new column is appended; the untouched row keeps its bytes, the line endings stay CRLF.
    QCOMPARE(tw::test::readFile(m_csv),
             QByteArray("identity,owner,expires\r\nsvc-a,team-a\r\nsvc-b,team-b,2027-01-31\r\n"));
    const tw::LookupLoad load = tw::loadApprovedAccounts(m_csv);
    QCOMPARE(load.entries.at(1).expires, u"2027-01-31"_s);
    QCOMPARE(load.entries.at(1).expiresAt, QDateTime(QDate(2027, 2, 1), QTime(0, 0), Qt::UTC));
    QVERIFY(!load.entries.at(0).expiresAt.isValid());

    QVERIFY(service.update({u"svc-a"_s}, u"reason"_s, u"owned by team A"_s, u"erin"_s, kWhen).ok);
    QCOMPARE(tw::loadApprovedAccounts(m_csv).entries.at(0).reason, u"owned by team A"_s);
    QVERIFY(!service.update({u"svc-a"_s}, u"identity"_s, u"renamed"_s, u"erin"_s, kWhen).ok);
}

void TestApprovalService::updateRefusesPastOrMalformedExpiry()
{
    const QByteArray original = "identity,expires\r\nsvc-a,2026-12-31\r\n";
    QVERIFY(tw::test::writeFile(m_csv, original));
    const ApprovalService service(m_csv);
    // kWhen is 2026-11-28: the day before is past, a month name is no date. Neither is written, nor
    // audited, and the refusal says why.
    for (const QString& bad : {u"2026-11-27"_s, u"2026-02-30"_s, u"next week"_s}) {
        const ApprovalResult r = service.update({u"svc-a"_s}, u"Expires"_s, bad, u"erin"_s, kWhen);
        QVERIFY2(!r.ok, qPrintable(bad));
        QVERIFY(!r.failed); // a refusal, not a failed write
        QCOMPARE(r.refused, QStringList(u"svc-a"_s));
        QVERIFY2(r.message.contains(u"in the past"_s) || r.message.contains(u"not a date"_s),
                 qPrintable(r.message));
        QCOMPARE(tw::test::readFile(m_csv), original);
    }
    QVERIFY(!QFile::exists(ApprovalService::auditPathFor(m_csv)));
    // Today holds through its end (parseExpiry), and clearing the expiry is always allowed.
    QVERIFY(service.update({u"svc-a"_s}, u"expires"_s, u"2026-11-28"_s, u"erin"_s, kWhen).ok);
    QVERIFY(service.update({u"svc-a"_s}, u"expires"_s, QString(), u"erin"_s, kWhen).ok);
    QCOMPARE(tw::test::readFile(m_csv), QByteArray("identity,expires\r\nsvc-a,\r\n"));
}

void TestApprovalService::identityWithSpecialCharactersRoundTrips()
{
    QVERIFY(tw::test::writeFile(m_csv, fixture(u"approved_rich.csv"_s)));
    const QStringList odd = {u"svc,comma"_s, u"say \"hi\""_s, u"multi\nline"_s,
                             u" padded "_s,  u"jos\u00e9"_s,  u"\"leading-quote"_s};
    const ApprovalResult result = ApprovalService(m_csv).approve(odd, u"odd names"_s, u"erin"_s, kWhen);
    QVERIFY2(result.ok, qPrintable(result.message));
    QCOMPARE(result.added, odd);

    const tw::LookupLoad load = tw::loadApprovedAccounts(m_csv);
    QVERIFY2(load.ok(), qPrintable(load.error));
    QCOMPARE(load.identities.mid(5), odd);
    const tw::IdentityMatcher matcher(load.identities);
    for (const QString& identity : odd)
        QVERIFY2(matcher.matches(identity), qPrintable(identity));
}

void TestApprovalService::lockHeldElsewhere()
{
    const QByteArray original = fixture(u"approved_plain.csv"_s);
    QVERIFY(tw::test::writeFile(m_csv, original));
    ApprovalService service(m_csv);
    service.setLockTimeoutMs(200);

    // Held through other paths to the same file: a symlinked folder, a symbolic link to the file,
    // another hard link. Each blocks a writer that uses the plain path (one file, one lock).
    const QString folder = QFileInfo(m_csv).path();
    const QString base = QFileInfo(m_csv).fileName();
    QVERIFY(QFile::link(folder, folder + u"/self"_s));
    QVERIFY(QFile::link(m_csv, folder + u"/link.csv"_s));
    QCOMPARE(
        ::link(QFile::encodeName(m_csv).constData(), QFile::encodeName(folder + u"/hard.csv"_s).constData()),
        0);
    for (const QString& other :
         QStringList{m_csv, folder + u"/self/"_s + base, folder + u"/link.csv"_s, folder + u"/hard.csv"_s}) {
        tw::FileLock lock;
        QCOMPARE(lock.lock(other, 0), QString());
        const ApprovalResult blocked = service.approve({u"svc-new"_s}, u"why"_s, u"erin"_s, kWhen);
        QVERIFY(!blocked.ok);
        QVERIFY(blocked.failed);
        QVERIFY2(blocked.message.startsWith(m_csv + u": another program is changing it"_s),
                 qPrintable(other + u": "_s + blocked.message));
        QCOMPARE(tw::test::readFile(m_csv), original);
        QVERIFY(!service.restore("x"_ba, original).ok);
        QCOMPARE(tw::test::readFile(m_csv), original);
    }

    const ApprovalResult done = service.approve({u"svc-new"_s}, u"why"_s, u"erin"_s, kWhen);
    QVERIFY2(done.ok, qPrintable(done.message));
    // The save replaced the file: the hard link keeps the old contents, and the user is told.
    QVERIFY2(done.message.contains(u"hard link"_s), qPrintable(done.message));
}

void TestApprovalService::revokeRemovesOnlyMatchingRows()
{
    const QByteArray original = fixture(u"approved_rich.csv"_s);
    QVERIFY(tw::test::writeFile(m_csv, original));
    const ApprovalResult result =
        ApprovalService(m_csv).revoke({u"SVC-BACKUP"_s, u"nobody"_s, u"svc-backup"_s});
    QVERIFY2(result.ok, qPrintable(result.message));
    QCOMPARE(result.added, QStringList(u"SVC-BACKUP"_s));
    QCOMPARE(result.refused, QStringList(u"nobody"_s));

    QByteArray expected = original;
    expected.replace("svc-backup,carol,2026-03-10T08:00:00Z,\"nightly backup\r\nruns at 02:00\",OPS-7\r\n",
                     "");
    QVERIFY(expected != original);
    QCOMPARE(tw::test::readFile(m_csv), expected);

    // A wildcard entry is only revoked by naming it.
    QVERIFY(!ApprovalService(m_csv).revoke({u"svc-anything"_s}).ok);
    QVERIFY(ApprovalService(m_csv).revoke({u"svc-*"_s}).ok);
    QVERIFY(!tw::test::readFile(m_csv).contains("svc-*"));
}

void TestApprovalService::concurrentApprovalsAreAllKept()
{
    QVERIFY(tw::test::writeFile(m_csv, "identity\n"));
    const ApprovalService service(m_csv);
    const auto approveMany = [&service](const QString& prefix) {
        for (int i = 0; i < 15; ++i)
            service.approve({prefix + QString::number(i)}, u"load test"_s, prefix, kWhen);
    };
    std::unique_ptr<QThread> a(QThread::create(approveMany, u"a-"_s));
    std::unique_ptr<QThread> b(QThread::create(approveMany, u"b-"_s));
    a->start();
    b->start();
    QVERIFY(a->wait(60000));
    QVERIFY(b->wait(60000));

    const tw::LookupLoad load = tw::loadApprovedAccounts(m_csv);
    QVERIFY2(load.ok(), qPrintable(load.error));
    QCOMPARE(load.identities.size(), qsizetype(30));
    for (int i = 0; i < 15; ++i) {
        QVERIFY(load.identities.contains(u"a-"_s + QString::number(i)));
        QVERIFY(load.identities.contains(u"b-"_s + QString::number(i)));
    }
}

void TestApprovalService::invalidTime()
{
    const ApprovalResult result =
        ApprovalService(m_csv).approve({u"svc-a"_s}, u"why"_s, u"erin"_s, QDateTime());
    QVERIFY(!result.ok);
    QVERIFY(!QFile::exists(m_csv));
}

// ux-2026-12 problem 16: a name with a character nobody sees can never match the name a reader
// sees; it is refused, and nothing is written.
void TestApprovalService::invisibleCharactersAreRefused_data()
{
    QTest::addColumn<QString>("identity");
    QTest::addColumn<QString>("code");
    QTest::newRow("zero-width space") << u"svc\u200Bdeploy"_s << u"U+200B"_s;
    QTest::newRow("word joiner") << u"svc-deploy\u2060"_s << u"U+2060"_s;
    QTest::newRow("byte order mark") << u"\uFEFFsvc"_s << u"U+FEFF"_s;
    QTest::newRow("right-to-left override") << u"svc\u202Eyolped"_s << u"U+202E"_s;
    QTest::newRow("no-break space") << u"svc\u00A0deploy"_s << u"U+00A0"_s;
    QTest::newRow("soft hyphen") << u"svc\u00ADdeploy"_s << u"U+00AD"_s;
    QTest::newRow("hangul filler") << u"svc\u3164"_s << u"U+3164"_s;
    QTest::newRow("escape") << u"svc\u001B[2J"_s << u"U+001B"_s;
    // Default-ignorable though unassigned: shown as nothing by every font (core/common/invisible.h).
    QTest::newRow("unassigned default-ignorable") << u"svc\uFFF0deploy"_s << u"U+FFF0"_s;
    QTest::newRow("tag character") << u"svc\U000E0041"_s << u"U+E0041"_s;
}

void TestApprovalService::invisibleCharactersAreRefused()
{
    QFETCH(QString, identity);
    QFETCH(QString, code);
    QVERIFY(tw::invisibleCharacterIn(identity).startsWith(code));
    QVERIFY(tw::test::writeFile(m_csv, "identity\nsvc-other\n"));
    const ApprovalResult r = ApprovalService(m_csv).approve({identity}, u"r"_s, u"erin"_s, kWhen);
    QVERIFY(!r.ok);
    QCOMPARE(r.invalid, QStringList{identity});
    QVERIFY2(r.message.contains(code), qPrintable(r.message));
    QCOMPARE(tw::test::readFile(m_csv), QByteArray("identity\nsvc-other\n"));
    QVERIFY(tw::invisibleCharacterIn(u"svc-deploy jos\u00e9 multi\nline"_s).isEmpty());
}

// ux-2026-12 problem 12: an undo names what it undid, the identities and who; a revoke keeps the
// row as it was (every column), under the identity as written.
void TestApprovalService::undoAndRevokeAreAuditedWithTheRows()
{
    QVERIFY(tw::test::writeFile(m_csv, "identity,owner,notes\nHR-legacy-58b0,hr,SEC-1808\nsvc-a,ops,\n"));
    const ApprovalService service(m_csv);
    const ApprovalResult revoked = service.revoke({u"hr-LEGACY-58B0"_s}, u"left"_s, u"erin"_s, kWhen);
    QVERIFY2(revoked.ok, qPrintable(revoked.message));
    const ApprovalResult undone =
        service.restore(revoked.before, revoked.after, {u"undo"_s, u"Revoke hr-LEGACY-58B0"_s, u"frank"_s});
    QVERIFY2(undone.ok, qPrintable(undone.message));
    const QList<QByteArray> lines =
        tw::test::readFile(ApprovalService::auditPathFor(m_csv)).trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    const QJsonObject revoke = QJsonDocument::fromJson(lines[0]).object();
    QCOMPARE(revoke[u"identities"].toArray(), QJsonArray{u"HR-legacy-58b0"_s});
    const QJsonObject row{
        {u"identity"_s, u"HR-legacy-58b0"_s}, {u"owner"_s, u"hr"_s}, {u"notes"_s, u"SEC-1808"_s}};
    QCOMPARE(revoke[u"rows"].toArray(), QJsonArray{row});
    const QJsonObject undo = QJsonDocument::fromJson(lines[1]).object();
    QCOMPARE(undo[u"action"].toString(), u"undo"_s);
    QCOMPARE(undo[u"undone"].toString(), u"Revoke hr-LEGACY-58B0"_s);
    QCOMPARE(undo[u"by"].toString(), u"frank"_s);
    QCOMPARE(undo[u"identities"].toArray(), QJsonArray{u"HR-legacy-58b0"_s});
    QCOMPARE(undo[u"rowsAdded"].toArray().size(), 1);
    QCOMPARE(undo[u"rowsRemoved"].toArray().size(), 0);
}

QTEST_GUILESS_MAIN(TestApprovalService)
#include "tst_approvalservice.moc"
