// SPDX-License-Identifier: GPL-3.0-or-later

// ApprovalController without a window: a session over a small log, the controller, a plain widget
// for its dialogs. Every write reaches the CSV and the audit log and re-runs the detection; a
// failed write is a dialog and never a success message; undo/redo restore the bytes; a write
// refreshes the lookup problems whichever tab it came from.

#include "core/analysissession.h"
#include "core/lists/approvalservice.h"
#include "ui/approvalcontroller.h"
#include "ui/approvedfilewatcher.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <memory>

using namespace Qt::StringLiterals;
using namespace tw;

namespace {

QByteArray record(const QByteArray& user, int n)
{
    return R"({"eventVersion":"1.08","userIdentity":{"type":"IAMUser","userName":")" + user +
           R"("},"eventTime":"2026-02-01T10:00:0)" + QByteArray::number(n % 10) +
           R"(Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","eventID":"e-)" +
           QByteArray::number(n) + "\"}\n";
}

QByteArray readBytes(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeBytes(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

const QByteArray kApproved = "identity,reason\nsvc-known,old\n";
const QByteArray kIdentities = "identity,email\nalice,alice@example.com\n";

QStringList findingUsers(const AnalysisSession& session)
{
    QStringList users;
    const auto store = session.store();
    const auto result = session.result();
    if (store && result)
        for (const UserActivity& a : result->findings)
            users << store->qstr(a.user);
    users.sort();
    return users;
}

bool mentions(const QSignalSpy& spy, const QString& text)
{
    for (const QList<QVariant>& args : spy)
        if (args.value(0).toString().contains(text))
            return true;
    return false;
}

} // namespace

class TestApprovalController : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_logs, m_approved, m_identities;
    std::unique_ptr<AnalysisSession> m_session;
    std::unique_ptr<QWidget> m_parent;
    std::unique_ptr<ApprovalController> m_controller;

    QMessageBox* writeError() const { return m_parent->findChild<QMessageBox*>(u"writeError"_s); }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_logs = m_dir->filePath(u"events.jsonl"_s);
        m_approved = m_dir->filePath(u"approved.csv"_s);
        m_identities = m_dir->filePath(u"identities.csv"_s);
        QByteArray logs;
        int n = 0;
        for (const QByteArray user : {"svc-known", "svc-backup", "alice", "app-user"})
            logs += record(user, ++n);
        QVERIFY(writeBytes(m_logs, logs));
        QVERIFY(writeBytes(m_approved, kApproved));
        QVERIFY(writeBytes(m_identities, kIdentities));

        m_session = std::make_unique<AnalysisSession>();
        m_parent = std::make_unique<QWidget>();
        m_controller = std::make_unique<ApprovalController>(*m_session, m_parent.get());
        m_controller->setApprovedList(m_approved);
        m_controller->setIdentityList(m_identities);
        m_session->load({m_logs});
        m_session->waitForLoad();
        QCOMPARE(findingUsers(*m_session), QStringList({u"app-user"_s, u"svc-backup"_s}));
        QVERIFY(m_controller->lookupProblems().empty());
    }

    void cleanup()
    {
        m_controller.reset();
        m_parent.reset();
        m_session.reset();
        m_dir.reset();
    }

    void approveWritesTheCsvAndTheAuditAndReruns()
    {
        QSignalSpy status(m_controller.get(), &ApprovalController::statusMessage);
        QSignalSpy changed(m_controller.get(), &ApprovalController::listChanged);
        QSignalSpy rerun(m_session.get(), &AnalysisSession::resultChanged);
        QVERIFY(m_controller->approve({u"svc-backup"_s}, u"nightly backup, SEC-1"_s, u"tester"_s));
        m_session->waitForRerun(); // the re-run is on a worker

        const QByteArray csv = readBytes(m_approved);
        QVERIFY2(csv.startsWith(kApproved.left(kApproved.indexOf('\n'))), csv.constData());
        QVERIFY(csv.contains("svc-backup,"));
        QVERIFY(csv.contains("nightly backup, SEC-1"));
        const QByteArray audit = readBytes(ApprovalService::auditPathFor(m_approved));
        QVERIFY(audit.contains("svc-backup"));
        QVERIFY(audit.contains("nightly backup, SEC-1"));

        QCOMPARE(changed.count(), 1);
        QVERIFY(rerun.count() >= 1);
        QCOMPARE(findingUsers(*m_session), QStringList({u"app-user"_s}));
        QVERIFY(mentions(status, u"Approved svc-backup in approved.csv (1 finding left)"_s));
        QCOMPARE(m_controller->undoStack()->count(), 1);
        QCOMPARE(m_controller->undoStack()->undoText(), u"Approve svc-backup"_s);
        // Our own write is not someone else's change.
        QSignalSpy onDisk(m_controller->watcher(), &ApprovedFileWatcher::changedOnDisk);
        m_controller->watcher()->checkNow();
        QCOMPARE(onDisk.count(), 0);
    }

    // On a worker (whatever the size of the data): the write is done at once, the views and the
    // message follow the result, which counts the findings of the new list.
    void backgroundRerunSpeaksWhenTheResultIsInForce()
    {
        QSignalSpy status(m_controller.get(), &ApprovalController::statusMessage);
        QSignalSpy changed(m_controller.get(), &ApprovalController::listChanged);
        QVERIFY(m_controller->approve({u"svc-backup"_s}, u"backup"_s, u"tester"_s));
        QVERIFY(readBytes(m_approved).contains("svc-backup,"));
        QVERIFY(m_session->rerunPending());
        QCOMPARE(status.count(), 0);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(findingUsers(*m_session), QStringList({u"app-user"_s, u"svc-backup"_s}));

        m_session->waitForRerun();
        QVERIFY(!m_session->rerunPending());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(findingUsers(*m_session), QStringList({u"app-user"_s}));
        QVERIFY(mentions(status, u"Approved svc-backup in approved.csv (1 finding left)"_s));
    }

    void failedWriteIsADialogAndNoSuccess()
    {
        // The audit log cannot be written (a folder in its place): the approval is refused before
        // the CSV changes.
        QVERIFY(QDir().mkpath(ApprovalService::auditPathFor(m_approved)));
        QSignalSpy status(m_controller.get(), &ApprovalController::statusMessage);
        QSignalSpy failed(m_controller.get(), &ApprovalController::writeFailed);
        QSignalSpy changed(m_controller.get(), &ApprovalController::listChanged);
        QVERIFY(!m_controller->approve({u"svc-backup"_s}, u"nightly backup"_s, u"tester"_s));

        QCOMPARE(readBytes(m_approved), kApproved);
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(0).toString(), u"Approve"_s);
        QVERIFY(failed.at(0).at(1).toString().contains(m_approved));
        QVERIFY(!mentions(status, u"Approved"_s));
        QVERIFY(m_controller->lastMessage().startsWith(u"Nothing approved: "_s));
        QCOMPARE(changed.count(), 0);
        QCOMPARE(m_controller->undoStack()->count(), 0);
        QCOMPARE(findingUsers(*m_session), QStringList({u"app-user"_s, u"svc-backup"_s}));

        QMessageBox* box = writeError();
        QVERIFY(box);
        QCOMPARE(box->windowModality(), Qt::WindowModal);
        QVERIFY2(box->text().contains(m_approved), qPrintable(box->text()));
        box->close();
    }

    void undoAndRedoRestoreTheBytes()
    {
        QVERIFY(m_controller->approve({u"svc-backup"_s, u"app-user"_s}, u"both"_s, u"tester"_s));
        m_session->waitForRerun();
        const QByteArray approved = readBytes(m_approved);
        QVERIFY(findingUsers(*m_session).isEmpty());

        QSignalSpy status(m_controller.get(), &ApprovalController::statusMessage);
        QSignalSpy changed(m_controller.get(), &ApprovalController::listChanged);
        m_controller->undoStack()->undo();
        m_session->waitForRerun();
        QCOMPARE(readBytes(m_approved), kApproved);
        QCOMPARE(findingUsers(*m_session), QStringList({u"app-user"_s, u"svc-backup"_s}));
        QCOMPARE(changed.count(), 1);
        QVERIFY(mentions(status, u"Undone: Approve svc-backup, app-user (2 findings)."_s));
        QVERIFY(readBytes(ApprovalService::auditPathFor(m_approved)).contains("undo"));

        m_controller->undoStack()->redo();
        m_session->waitForRerun();
        QCOMPARE(readBytes(m_approved), approved);
        QVERIFY(findingUsers(*m_session).isEmpty());
        QCOMPARE(changed.count(), 2);
        QVERIFY(mentions(status, u"Redone: Approve svc-backup, app-user (0 findings)."_s));

        // Someone else edits the file: undo refuses to overwrite it, says so, drops the history.
        const QByteArray external = approved + "jrogers,hr\n";
        QVERIFY(writeBytes(m_approved, external));
        QSignalSpy failed(m_controller.get(), &ApprovalController::writeFailed);
        m_controller->undoStack()->undo();
        QCOMPARE(readBytes(m_approved), external);
        QCOMPARE(failed.count(), 1);
        QVERIFY(m_controller->lastMessage().startsWith(u"Cannot undo"_s));
        QTRY_COMPARE(m_controller->undoStack()->count(), 0);
        if (QMessageBox* box = writeError())
            box->close();
    }

    // The drift of issue 12: a write from the Approved accounts tab (revoke, edit) re-read the
    // lists but never passed their problems on; only the next Findings approval did.
    void revokeRefreshesTheLookupProblems()
    {
        QSignalSpy problems(m_controller.get(), &ApprovalController::lookupProblemsChanged);
        QVERIFY(writeBytes(m_identities, "email\nalice@example.com\n")); // no identity column
        QVERIFY(m_controller->revoke({u"svc-known"_s}, u"gone"_s, u"tester"_s));
        QVERIFY(!readBytes(m_approved).contains("svc-known"));
        QCOMPARE(problems.count(), 1);
        const auto& listed = m_controller->lookupProblems();
        QCOMPARE(listed.size(), std::size_t(1));
        QCOMPARE(listed.front().path, m_identities);
        QVERIFY(!listed.front().message.isEmpty());

        // Fixed, then undone: the re-run reads a good list and the problem goes.
        QVERIFY(writeBytes(m_identities, kIdentities));
        m_controller->undoStack()->undo();
        QVERIFY(readBytes(m_approved).contains("svc-known"));
        QCOMPARE(problems.count(), 2);
        QVERIFY(m_controller->lookupProblems().empty());
    }

    void changedOnDiskReloadsAndDropsTheHistory()
    {
        QVERIFY(m_controller->approve({u"svc-backup"_s}, u"backup"_s, u"tester"_s));
        m_session->waitForRerun();
        QSignalSpy status(m_controller.get(), &ApprovalController::statusMessage);
        QVERIFY(writeBytes(m_approved, kApproved + "app-user,by hand\n"));
        m_controller->watcher()->checkNow();
        m_session->waitForRerun();
        QCOMPARE(m_controller->undoStack()->count(), 0);
        QCOMPARE(findingUsers(*m_session), QStringList({u"svc-backup"_s}));
        QVERIFY(mentions(status, u"approved.csv changed on disk"_s));
        QVERIFY(mentions(status, u"Undo history cleared"_s));
    }
};

QTEST_MAIN(TestApprovalController)
#include "tst_approvalcontroller.moc"
