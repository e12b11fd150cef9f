// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonValue>
#include <QSemaphore>
#include <QString>
#include <QStringList>

#include <memory>

class QThreadPool;

// What the tests need again and again (trailwarden_testsupport, linked by every test through
// trailwarden_add_test). Qt Core only: core tests must not link Widgets.
namespace tw::test {

// tests/data and the bundled sample (resources/sample: AWSLogs/ and lookups/).
QString dataDir();
QString sampleDir();

// gzip of data (one member, libdeflate level 6).
QByteArray gzip(const QByteArray& data);

// Writes bytes to path, creating its folder; false unless every byte was written.
bool writeFile(const QString& path, const QByteArray& bytes);
// The file's bytes; empty when it cannot be read.
QByteArray readFile(const QString& path);

// One CloudTrail record on one line of compact JSON (no newline): the IAM user `user` calls
// `eventSource` `eventName` in us-east-1 at `time`, with eventID `id`. `user` and `id` go in as they
// are (the content of a JSON string), so that a test can break the JSON on purpose; jsonEscaped()
// makes any text fit. `extra`: more members, raw JSON starting with a comma.
struct Record
{
    QByteArray user;
    QByteArray id;
    QByteArray extra;
    QByteArray time = "2026-01-02T03:04:05Z";
    QByteArray eventName = "ListBuckets";
    QByteArray eventSource = "s3.amazonaws.com";
};
QByteArray cloudTrailRecord(const Record& record);
inline QByteArray cloudTrailRecord(const QByteArray& user, const QByteArray& id, const QByteArray& extra = {},
                                   const QByteArray& time = "2026-01-02T03:04:05Z")
{
    return cloudTrailRecord(Record{user, id, extra, time});
}
// {"Records":[body]}: CloudTrail's S3 delivery shape around records joined by commas.
QByteArray cloudTrailFile(const QByteArray& body);
// text as the content of a JSON string (quotes, backslashes and controls escaped), UTF-8.
QByteArray jsonEscaped(const QString& text);

// The stewardship fixture (tst_stewardship, tst_approvedaccounts): JSON lines of users whose data
// ends 2026-03-01 (90 days before is 2025-12-01): stale, read-only, near-miss, expired and human
// users; an approved list with every health flag (unused, duplicate, wildcard, typo, expired, ghost);
// an identity list. Every expectation of those tests is worked out by hand from these.
QByteArray stewardshipEvents();

// The risk fixture (tst_riskreports, tst_pdfreport, tst_failedcalls): JSON lines. "mallory" made 40
// read-only calls DescribeThing00..39, one StopLogging (a write, sensitive: defence evasion, +3)
// whose name sorts after all of them, and 3 CreateUser calls that failed with AccessDenied: risk
// "5: StopLogging (+3), 1 write call (+1), 3 failed calls (+1)". "quiet" made one read-only
// ListBuckets: "0: no risk factor".
QByteArray sensitiveWallEvents();
// The account aliases fixture (tst_accountaliases, tst_accountaliasesui): JSON lines. alice called
// twice in account 111122223333, bob once in 444455556666, carol once in 777788889999.
QByteArray threeAccountsEvents();
QByteArray stewardshipApproved();
QByteArray stewardshipIdentities();

// trailwarden-cli run to its end (two minutes at most): exit status (-1 when it crashed or hung),
// stdout, stderr.
struct CliRun
{
    int status = -1;
    QByteArray out;
    QByteArray err;
};
CliRun runCli(const QStringList& args, const QString& workingDirectory = {});
// The identities `approve` reported as written: its one line on stdout, "<csv>: approved 'a', 'b'"
// (followed by "; not added: ..." when some were refused).
QStringList approvedIn(const QByteArray& out);

// Findings (scan --format json) without their principal class: an engine result holds no per-event
// details, so an imported finding's class is judged by its name alone (core/engines/engineresult.cpp);
// the comparison with scan is of the detection's own fields, and the class is checked apart.
QJsonArray withoutClass(const QJsonValue& findings);
// Every class an import gives is one the name alone proves (or unknown), never a machine class that
// would let the baseline propose it.
bool importedClassesAreByName(const QJsonValue& findings);
// The findings without the fields of docs/detection.md, Risk (risk, riskExplanation, writeCalls,
// failedCalls, sensitive): what an imported engine result can be compared with a scan on.
QJsonArray withoutRisk(const QJsonValue& findings);
// True when every finding has those fields and says they are not available (null; the explanation
// says why), as an imported engine result must, instead of a 0 that reads as "none".
bool riskNotAvailable(const QJsonValue& findings);

// Occupies every thread of a pool until release() (or the end of its scope), so that work started
// on the pool meanwhile is queued, not run: a test can then look at the state before the worker's
// result arrives, however fast the machine. hold() is false when the threads did not all start
// within 10 s. The held tasks share the semaphores, so they may finish after this is gone.
class HeldPool
{
public:
    explicit HeldPool(QThreadPool* pool);
    ~HeldPool();
    HeldPool(const HeldPool&) = delete;
    HeldPool& operator=(const HeldPool&) = delete;

    [[nodiscard]] bool hold();
    void release();

private:
    struct Gate
    {
        QSemaphore started;
        QSemaphore open;
    };
    QThreadPool* m_pool;
    std::shared_ptr<Gate> m_gate = std::make_shared<Gate>();
    int m_held = 0;
};

} // namespace tw::test
