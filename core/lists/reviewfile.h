// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/lists/approvalservice.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace tw {

// The triage state of a finding (issue 14). Benign means "looked at, harmless, but not approved":
// the user stays a finding, unlike an approval, which removes it.
enum class TriageStatus { New, Investigating, Escalated, Benign };

// "New", "Investigating", "Escalated", "Benign" (the names the file, the CLI and the window use).
QString triageStatusName(TriageStatus status);
// Case-insensitive; nullopt for anything else.
std::optional<TriageStatus> triageStatusFromName(QStringView name);
QStringList triageStatusNames();

// What is known about one user: the analyst's triage, and what was seen when the user was last
// reviewed (docs/detection.md, "New since last review").
struct ReviewEntry
{
    QString user;
    TriageStatus status = TriageStatus::New;
    QString owner;
    QString ticket;
    QString note;
    QString changedBy; // who set the triage fields last
    QDateTime changedAt;
    QString reviewedBy; // who recorded the last review
    QDateTime reviewedAt;
    // The user's last event in the scans recorded as reviewed: activity after it can be new. The
    // data's time, not the clock's, so that recording a review of old logs does not hide what the
    // same logs hold (docs/detection.md, New since last review).
    QDateTime reviewedThrough;
    QStringList apis; // seen at the reviews so far: sorted, distinct
    QStringList accounts;
    QStringList regions;
    QJsonObject other; // fields this version does not know: written back unchanged

    bool hasTriage() const
    {
        return status != TriageStatus::New || !owner.isEmpty() || !ticket.isEmpty() || !note.isEmpty();
    }
};

// The review file of one approved list, read.
//
// It is JSON Lines, one object per user, so that a line damaged by hand or by a merge tool costs
// that line only: the other users still load, the damaged line is reported ("<file>:<line>: why")
// and written back unchanged on the next save, so no colleague's entry is ever dropped.
//   {"user":"alice","status":"Escalated","owner":"bob","ticket":"SEC-1","note":"...",
//    "changedBy":"bob","changedAt":"2026-12-01T08:00:00Z","reviewedBy":"bob",
//    "reviewedAt":"2026-12-01T08:00:00Z","reviewedThrough":"2026-11-30T23:59:00Z","apis":["GetObject"],"accounts":["1111"],"regions":["us-east-1"]}
struct ReviewRecord
{
    QString path;
    QHash<QString, ReviewEntry> entries; // by exact user name
    std::vector<QString> users;          // the entries in file order (then added ones)
    QList<QByteArray> keptLines;         // lines that could not be read, kept for the next write
    QStringList problems;                // "<file>:<line>: <why>" per damaged line
    QString error;                       // the file as a whole could not be read (nothing loaded)

    const ReviewEntry* find(const QString& user) const;
    bool empty() const { return entries.isEmpty(); }
};

// `<approved csv without .csv>.review.jsonl`, beside the list (like its suppression rules).
QString reviewPathFor(const QString& approvedCsv);

inline constexpr qint64 kMaxReviewFileBytes = 64 * 1024 * 1024;
// A missing file is an empty record, not an error. Only a regular file is read.
ReviewRecord loadReview(const QString& path);
ReviewRecord parseReview(const QByteArray& bytes, const QString& path);
QByteArray serializeReview(const ReviewRecord& record);

// A change of the triage fields; unset fields stay as they are.
struct TriageChange
{
    std::optional<TriageStatus> status;
    std::optional<QString> owner;
    std::optional<QString> ticket;
    std::optional<QString> note;
    bool empty() const { return !status && !owner && !ticket && !note; }
};

// What one user showed in the scan that is recorded as reviewed.
struct ReviewedActivity
{
    QString user;
    QStringList apis;
    QStringList accounts;
    QStringList regions;
    QDateTime lastTime; // the user's last event in the scan
};

// The only writer of a review file. Every change locks the file itself (FileLock through
// ApprovalService::modifyCompanion), re-reads it and applies only its own users' fields to what is
// on disk now, so a colleague's entries and changes written since are kept; the write is atomic
// (AtomicFile) and audit-logged in `<review file>.audit.jsonl`, both or neither. The lock is the
// review file's own (not the approved list's) so that the CLI, given only --review, and the
// window serialise with each other.
//
// Stateless besides the path; each call may run on any thread.
class ReviewService
{
public:
    explicit ReviewService(QString reviewPath);
    const QString& path() const { return m_path; }
    void setLockTimeoutMs(int ms) { m_lockTimeoutMs = ms; }

    // Sets the triage fields of users (creating entries as needed). `record` (may be null)
    // receives the file as written, so a caller shows what is on disk, colleagues' changes included.
    // With `expected` (an undo or redo: the fields as this window last wrote them), every user's
    // entry on disk must still hold the fields expected sets (no entry: New and empty); when one
    // does not, someone changed it since and nothing is written: the result is a refusal (not
    // failed) whose `refused` lists those users and whose message names the fields and who changed
    // them. Checked under the lock, on the file as it is then. `record` then receives the file.
    ApprovalResult triage(const QStringList& users, const TriageChange& change, const QString& by,
                          const QDateTime& atUtc, ReviewRecord* record = nullptr,
                          const TriageChange* expected = nullptr) const;
    // Records a scan as reviewed: per user, reviewedAt/By and the union of what was seen before and
    // now. Users not in `seen` are untouched.
    ApprovalResult recordReview(const std::vector<ReviewedActivity>& seen, const QString& by,
                                const QDateTime& atUtc, ReviewRecord* record = nullptr) const;

private:
    QString m_path;
    int m_lockTimeoutMs = 5000;
};

} // namespace tw
