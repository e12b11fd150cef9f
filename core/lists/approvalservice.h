// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/lists/approvaloptions.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace tw {

// One line of the audit log beside the CSV (<csv>.audit.jsonl): who did what, when and why.
// `extra` adds fields (a revoke's rows, a suppression rule).
struct AuditEntry
{
    QString action;
    QStringList identities;
    QString by;
    QDateTime at;
    QString reason;
    QJsonObject extra;
};

// What one write to the approved-accounts CSV did. `before` and `after` are the whole file as it was on
// disk just before and as written, so a caller can offer undo/redo through ApprovalService::restore().
// When nothing was written (ok is false), `after` equals `before` (both empty when the file could not
// be read).
struct ApprovalResult
{
    bool ok = false; // the file was written
    // Something went wrong (the file could not be locked, read, parsed or written, or changed on
    // disk): an error to report as one, unlike a request refused because there was nothing to do.
    bool failed = false;
    QString message;
    QStringList added;   // approve: identities appended; revoke: identities whose rows were removed
    QStringList refused; // approve: already approved, repeated in the request, empty or
                         // not literally approvable (isLiteralApprovable); revoke: not found
    QStringList invalid; // approve: of refused, those that can never be a list entry (invisible characters)
    QByteArray before;
    QByteArray after;
};

// The only writer of the approved-accounts CSV (aws_service_accounts.csv).
//
// Every operation locks the file itself (FileLock: whatever path, symlink or hard link reaches it),
// re-reads it from disk under the lock, so an edit made by another TrailWarden, a colleague or Splunk's
// outputlookup is never overwritten unread, changes only what it must through CsvTable (untouched rows
// and unknown columns stay byte for byte) and writes with AtomicFile, so a crash or a full disk leaves
// the old file in place. Only a regular file is read or written (a FIFO or device is refused). A change
// and its audit line are written both or neither (see writeWithAudit in the .cpp).
//
// Holds no state besides the path and a timeout and uses no static state: each call may run on any
// thread, and concurrent calls (threads or processes) are serialised by the lock file.
class ApprovalService
{
public:
    explicit ApprovalService(QString csvPath);

    const QString& csvPath() const { return m_csvPath; }
    // How long an operation waits for another writer's lock before giving up with an error.
    void setLockTimeoutMs(int ms) { m_lockTimeoutMs = ms; }
    int lockTimeoutMs() const { return m_lockTimeoutMs; }

    // Appends one row per new identity with approved_by, approved_at (ISO 8601 UTC) and reason, adding
    // those columns after the existing ones when missing. Creates the file when it does not exist.
    // With options.expires, every new row gets it in `expires` (the column added when missing); an
    // expiry that is not a date or is already past refuses the whole approval. With options.pattern,
    // one wildcard row is added too, if checkPattern() accepts it against options.observed; otherwise
    // nothing is written. Rows, expiry and pattern are one write and one audit line ("expires",
    // "pattern" and the users it covers, "patternCovers"), so one restore() undoes them all.
    ApprovalResult approve(const QStringList& identities, const QString& reason, const QString& approvedBy,
                           const QDateTime& approvedAtUtc, const ApprovalOptions& options = {}) const;
    // Removes every row whose identity equals one of identities, case-insensitively. Who, when and
    // why go to the audit log, since the row that held the provenance is gone.
    ApprovalResult revoke(const QStringList& identities, const QString& reason = {}, const QString& by = {},
                          const QDateTime& atUtc = {}) const;
    // Sets one provenance column (`reason`, `expires`, ...) on the rows of identities, adding the
    // column after the others when missing. `added` lists the identities changed. An `expires` value
    // that is not a date or is already past at atUtc (expiryProblem) is refused as approve() refuses
    // it: nothing is written.
    ApprovalResult update(const QStringList& identities, const QString& column, const QString& value,
                          const QString& by, const QDateTime& atUtc) const;
    // What an undo or redo tells the audit log: action "undo" or "redo", the step undone as the user
    // saw it ("Approve svc-x"), and who did it. The rows it puts back or takes away are added there.
    struct RestoreNote
    {
        QString action;
        QString what;
        QString by;
    };
    // Undo/redo: writes contents only if the file on disk is byte-identical to expectedCurrent (a missing
    // file counts as empty). Empty contents means the file did not exist before, so it is removed.
    ApprovalResult restore(const QByteArray& contents, const QByteArray& expectedCurrent,
                           const RestoreNote& note = {}) const;

    // Replaces a file that belongs to the list (its suppression rules) the way the list itself is
    // written: under the list's lock, atomically, only if that file is still byte-identical to
    // expectedCurrent (a missing file counts as empty; empty contents removes it), and with `audit`
    // appended to the list's audit log. `before`/`after` of the result are that file's bytes.
    ApprovalResult replaceCompanion(const QString& path, const QByteArray& contents,
                                    const QByteArray& expectedCurrent,
                                    const std::vector<AuditEntry>& audit) const;

    // What modifyCompanion's change makes of the file's current contents: the new contents and their
    // audit entries, or an error (nothing is written). `unchanged` leaves the file as it is.
    struct CompanionChange
    {
        QByteArray contents;
        std::vector<AuditEntry> audit;
        QString error;
        bool unchanged = false;
    };
    // Read-modify-write of a file that belongs to the list (its review file): under the list's lock,
    // the file is re-read and `change` computes the new contents from what is on disk now (exists is
    // false for a missing file), so a colleague's write since our last read is merged, never lost.
    // Written atomically with the audit entries, both or neither. `before`/`after` are that file's.
    ApprovalResult modifyCompanion(
        const QString& path,
        const std::function<CompanionChange(const QByteArray& current, bool exists)>& change) const;

    // Every successful change appends one JSON line here: {action, identities, by, at, reason}.
    // It lies beside the file the path resolves to (symbolic links followed), so every path to
    // one CSV shares one log.
    static QString auditPathFor(const QString& csvPath);

private:
    QString m_csvPath;
    int m_lockTimeoutMs = 5000;
};

} // namespace tw
