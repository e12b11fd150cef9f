// SPDX-License-Identifier: GPL-3.0-or-later

#include "approvalservice.h"

#include "atomicfile.h"
#include "csvtable.h"
#include "filelock.h"
#include "identitylists.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace tw {

namespace {

const QString kIdentity = u"identity"_s;
const QString kApprovedBy = u"approved_by"_s;
const QString kApprovedAt = u"approved_at"_s;
const QString kReason = u"reason"_s;

struct DiskState
{
    bool exists = false;
    QByteArray bytes;
    QString error;

    bool sameAs(const DiskState& other) const { return exists == other.exists && bytes == other.bytes; }
};

// Only a regular file is read (a FIFO would block with the lock held, /dev/zero never ends), and
// no more of it than a list can be.
DiskState readDisk(const QString& path)
{
    FileRead read = readRegularFile(path, kMaxListFileBytes);
    DiskState state;
    state.exists = read.exists;
    state.bytes = std::move(read.bytes);
    state.error = std::move(read.error);
    return state;
}

QString auditLine(const QString& action, const QStringList& identities, const QString& by,
                  const QDateTime& at, const QString& reason)
{
    const QJsonObject entry{
        {u"action"_s, action},
        {u"identities"_s, QJsonArray::fromStringList(identities)},
        {u"by"_s, by},
        {u"at"_s, (at.isValid() ? at : QDateTime::currentDateTimeUtc()).toUTC().toString(Qt::ISODate)},
        {u"reason"_s, reason}};
    return QString::fromUtf8(QJsonDocument(entry).toJson(QJsonDocument::Compact) + '\n');
}

// Replaces the CSV with `after` and records the change in the audit log, both or neither. Call
// with the lock held; `seen` is what was read under it. Returns an error message (the file is as
// it was, and the log has no line for it) or an empty string; *warning receives what the user
// should know about a write that happened (hard links, owner, an unsynced folder).
//
// The order makes "both or neither" hold whatever fails: the audit log is checked first; the new
// CSV is written and synced to a temporary file; the file is compared with what was read once
// more (editors and sync clients do not take our lock); the audit line is appended and synced;
// only then is the temporary renamed over the CSV. Should the rename fail, the audit line is cut
// off again, so a revoke never removes a row whose provenance is not in the log, and the log
// never records a change that did not happen.
QString writeWithAudit(const QString& path, const QByteArray& after, const DiskState& seen,
                       const QString& line, QString* warning)
{
    const QString auditPath = ApprovalService::auditPathFor(path);
    if (QString problem = appendProblem(auditPath); !problem.isEmpty())
        return path + u": not changed, because its audit log cannot be written: "_s + problem;

    const bool remove = after.isEmpty() && seen.exists;
    AtomicFile out(path);
    if (!remove) {
        if (!out.open() || !out.write(after) || !out.flush())
            return out.errorString() + u"; the file was not changed"_s;
    }
    if (!readDisk(path).sameAs(seen))
        return path + u": changed on disk while it was being written; not overwriting. Reload and retry"_s;

    qint64 auditSize = 0;
    if (QString error = appendToRegularFile(auditPath, line.toUtf8(), &auditSize); !error.isEmpty())
        return path + u": not changed, because its audit log cannot be written: "_s + error;

    QString failure;
    if (remove) {
        QFile file(path);
        if (!file.remove())
            failure = path + u": cannot remove: "_s + file.errorString();
    } else if (!out.commit() && !out.isCommitted()) {
        failure = out.errorString() + u"; the file was not changed"_s;
    }
    if (!failure.isEmpty()) {
        if (QString error = truncateRegularFile(auditPath, auditSize); !error.isEmpty())
            failure +=
                u"; the audit log's last line records this change, which did not happen (%1)"_s.arg(error);
        return failure;
    }
    QStringList notes = out.warnings();
    if (out.failed()) // committed, but the folder could not be synced
        notes.append(out.errorString());
    *warning = notes.isEmpty() ? QString() : u"; warning: "_s + notes.join(u"; "_s);
    return {};
}

QString quotedList(const QStringList& items)
{
    QStringList quoted;
    for (const QString& item : items)
        quoted.append(u'\'' + item + u'\'');
    return quoted.join(u", "_s);
}

// The CSV read under its lock, ready to be changed. When `error` is set there is nothing to change
// and the caller reports it; the lock is released when this goes out of scope.
struct OpenedCsv
{
    std::unique_ptr<FileLock> lock;
    DiskState disk;
    std::optional<CsvTable> table;
    qsizetype identityCol = -1;
    QString error;
};

enum class WhenMissing { Create, Refuse };

OpenedCsv openForChange(const QString& path, int timeoutMs, WhenMissing missing)
{
    OpenedCsv csv;
    csv.lock = std::make_unique<FileLock>();
    if (csv.error = csv.lock->lock(path, timeoutMs); !csv.error.isEmpty())
        return csv;
    csv.disk = readDisk(path);
    if (!csv.disk.error.isEmpty()) {
        csv.error = csv.disk.error;
        return csv;
    }
    const bool empty = csv.disk.bytes.isEmpty() || csv.disk.bytes == "\xEF\xBB\xBF";
    if (empty && missing == WhenMissing::Create) {
        // A missing or zero-byte file holds nothing to keep, so it starts with the canonical header.
        csv.table = CsvTable::withHeader({kIdentity, kApprovedBy, kApprovedAt, kReason},
                                         QByteArrayLiteral("\n"), !csv.disk.bytes.isEmpty());
    } else if (!csv.disk.exists) {
        csv.error = path + u": does not exist; nothing to change"_s;
        return csv;
    } else {
        QString parseError;
        csv.table = CsvTable::parse(csv.disk.bytes, &parseError);
        if (!csv.table) {
            csv.error = path + u": "_s + parseError + u"; not changing it"_s;
            return csv;
        }
    }
    csv.identityCol = csv.table->columnIndex(kIdentity);
    if (csv.identityCol < 0)
        csv.error = u"%1: no 'identity' column in the header (found: %2); not changing it"_s.arg(
            path, csv.table->header().join(u", "_s));
    return csv;
}

// Writes the changed table and its audit line; on failure nothing was added after all.
bool commitChange(const QString& path, const OpenedCsv& csv, const QByteArray& after, const QString& line,
                  ApprovalResult& result, QString* warning)
{
    if (QString error = writeWithAudit(path, after, csv.disk, line, warning); !error.isEmpty()) {
        result.message = std::move(error);
        result.failed = true;
        result.refused += result.added;
        result.added.clear();
        return false;
    }
    result.ok = true;
    result.after = after;
    return true;
}

} // namespace

ApprovalService::ApprovalService(QString csvPath)
    : m_csvPath(std::move(csvPath))
{}

QString ApprovalService::auditPathFor(const QString& csvPath)
{
    // Beside the file itself, not beside a link to it: one file, one log, whatever the path.
    const QString target = resolvedFilePath(csvPath);
    return (target.isEmpty() ? csvPath : target) + u".audit.jsonl"_s;
}

ApprovalResult ApprovalService::approve(const QStringList& identities, const QString& reason,
                                        const QString& approvedBy, const QDateTime& approvedAtUtc) const
{
    ApprovalResult result;
    if (!approvedAtUtc.isValid()) {
        result.message = m_csvPath + u": not approving: the approval time is not valid"_s;
        return result;
    }

    OpenedCsv csv = openForChange(m_csvPath, m_lockTimeoutMs, WhenMissing::Create);
    result.before = result.after = csv.disk.bytes;
    if (!csv.error.isEmpty()) {
        result.message = csv.error;
        result.failed = true;
        return result;
    }
    std::optional<CsvTable>& table = csv.table;
    const qsizetype identityCol = csv.identityCol;

    // Only an exact (case-insensitive) entry counts as already approved. A wildcard entry such as `svc-*`
    // that happens to cover the identity does not: the user asked for this identity by name, and an
    // explicit row keeps it approved even if the wildcard is later narrowed or revoked.
    QSet<QString> present;
    for (qsizetype row = 0; row < table->rowCount(); ++row) {
        const QString value = table->field(row, identityCol);
        if (!value.isEmpty())
            present.insert(asciiFolded(value));
    }

    QStringList refusedWhy;
    QSet<QString> requested;
    for (const QString& identity : identities) {
        const QString folded = asciiFolded(identity);
        if (identity.isEmpty()) {
            result.refused.append(identity);
            refusedWhy.append(u"an empty identity"_s);
        } else if (!isLiteralApprovable(identity)) {
            // Callers check first and explain (isLiteralApprovable); this is the last line of defence.
            result.refused.append(identity);
            refusedWhy.append(
                u"'%1' (contains '*', a wildcard in the list: it would approve others too)"_s.arg(identity));
        } else if (present.contains(folded)) {
            result.refused.append(identity);
            refusedWhy.append(u"'%1' (already approved)"_s.arg(identity));
        } else if (requested.contains(folded)) {
            result.refused.append(identity);
            refusedWhy.append(u"'%1' (repeated in the request)"_s.arg(identity));
        } else {
            requested.insert(folded);
            result.added.append(identity);
        }
    }
    const QString refusedText =
        refusedWhy.isEmpty() ? QString() : u"; not added: "_s + refusedWhy.join(u", "_s);
    if (result.added.isEmpty()) {
        result.message = m_csvPath + u": nothing to approve"_s + refusedText;
        return result;
    }

    qsizetype byCol = table->columnIndex(kApprovedBy);
    if (byCol < 0)
        byCol = table->addColumn(kApprovedBy);
    qsizetype atCol = table->columnIndex(kApprovedAt);
    if (atCol < 0)
        atCol = table->addColumn(kApprovedAt);
    qsizetype reasonCol = table->columnIndex(kReason);
    if (reasonCol < 0)
        reasonCol = table->addColumn(kReason);

    const QString approvedAt = approvedAtUtc.toUTC().toString(Qt::ISODate);
    for (const QString& identity : std::as_const(result.added)) {
        QStringList row(table->columnCount());
        row[identityCol] = identity;
        row[byCol] = approvedBy;
        row[atCol] = approvedAt;
        row[reasonCol] = reason;
        table->appendRow(row);
    }

    QString warning;
    if (!commitChange(m_csvPath, csv, table->serialize(),
                      auditLine(u"approve"_s, result.added, approvedBy, approvedAtUtc, reason), result,
                      &warning))
        return result;
    result.message = u"%1: approved %2"_s.arg(m_csvPath, quotedList(result.added)) + refusedText + warning;
    return result;
}

ApprovalResult ApprovalService::revoke(const QStringList& identities, const QString& reason,
                                       const QString& by, const QDateTime& atUtc) const
{
    ApprovalResult result;
    OpenedCsv csv = openForChange(m_csvPath, m_lockTimeoutMs, WhenMissing::Refuse);
    result.before = result.after = csv.disk.bytes;
    if (!csv.error.isEmpty()) {
        if (!csv.disk.exists)
            result.refused = identities;
        result.message = csv.error;
        result.failed = true;
        return result;
    }
    std::optional<CsvTable>& table = csv.table;
    const qsizetype identityCol = csv.identityCol;

    QSet<QString> wanted;
    for (const QString& identity : identities) {
        if (!identity.isEmpty())
            wanted.insert(asciiFolded(identity));
    }
    QSet<QString> removed;
    // Backwards, so the indices of rows still to visit do not shift.
    for (qsizetype row = table->rowCount() - 1; row >= 0; --row) {
        const QString folded = asciiFolded(table->field(row, identityCol));
        if (!folded.isEmpty() && wanted.contains(folded)) {
            removed.insert(folded);
            table->removeRow(row);
        }
    }
    QSet<QString> reported;
    for (const QString& identity : identities) {
        const QString folded = asciiFolded(identity);
        if (removed.contains(folded) && !reported.contains(folded)) {
            reported.insert(folded);
            result.added.append(identity);
        } else if (!removed.contains(folded)) {
            result.refused.append(identity);
        }
    }
    const QString refusedText = result.refused.isEmpty()
                                    ? QString()
                                    : u"; not approved, so not revoked: "_s + quotedList(result.refused);
    if (result.added.isEmpty()) {
        result.message = m_csvPath + u": nothing to revoke"_s + refusedText;
        return result;
    }

    QString warning;
    if (!commitChange(m_csvPath, csv, table->serialize(),
                      auditLine(u"revoke"_s, result.added, by, atUtc, reason), result, &warning))
        return result;
    result.message = u"%1: revoked %2"_s.arg(m_csvPath, quotedList(result.added)) + refusedText + warning;
    return result;
}

ApprovalResult ApprovalService::restore(const QByteArray& contents, const QByteArray& expectedCurrent) const
{
    ApprovalResult result;
    result.failed = true;
    FileLock lock;
    if (QString error = lock.lock(m_csvPath, m_lockTimeoutMs); !error.isEmpty()) {
        result.message = std::move(error);
        return result;
    }

    const DiskState disk = readDisk(m_csvPath);
    if (!disk.error.isEmpty()) {
        result.message = disk.error;
        return result;
    }
    result.before = disk.bytes;
    result.after = disk.bytes;
    if (disk.bytes != expectedCurrent) {
        result.message = m_csvPath + u": changed on disk since; not overwriting"_s;
        return result;
    }

    // Empty contents undo the approval that created the file: put back "no file", not an empty
    // file that would then fail to load for want of a header.
    QString warning;
    if (contents.isEmpty() && !disk.exists) {
        // Nothing on disk and nothing wanted: already so.
    } else if (QString error = writeWithAudit(
                   m_csvPath, contents, disk,
                   auditLine(u"restore"_s, {}, QString(), QDateTime::currentDateTimeUtc(), u"undo/redo"_s),
                   &warning);
               !error.isEmpty()) {
        result.message = std::move(error);
        return result;
    }
    result.ok = true;
    result.failed = false;
    result.after = contents;
    result.message = m_csvPath + u": restored"_s + warning;
    return result;
}

ApprovalResult ApprovalService::update(const QStringList& identities, const QString& column,
                                       const QString& value, const QString& by, const QDateTime& atUtc) const
{
    ApprovalResult result;
    if (column.compare(kIdentity, Qt::CaseInsensitive) == 0 || column.isEmpty()) {
        result.message =
            m_csvPath + u": the identity itself is not edited in place; revoke and approve instead"_s;
        return result;
    }
    OpenedCsv csv = openForChange(m_csvPath, m_lockTimeoutMs, WhenMissing::Refuse);
    result.before = result.after = csv.disk.bytes;
    if (!csv.error.isEmpty()) {
        result.message = csv.error;
        result.failed = true;
        return result;
    }
    std::optional<CsvTable>& table = csv.table;
    const qsizetype identityCol = csv.identityCol;
    qsizetype col = table->columnIndex(column);
    QSet<QString> wanted;
    for (const QString& identity : identities)
        wanted.insert(asciiFolded(identity));
    QSet<QString> changed;
    for (qsizetype row = 0; row < table->rowCount(); ++row) {
        const QString folded = asciiFolded(table->field(row, identityCol));
        if (!wanted.contains(folded))
            continue;
        if (col < 0)
            col = table->addColumn(column);
        if (table->field(row, col) != value)
            table->setField(row, col, value);
        changed.insert(folded);
    }
    for (const QString& identity : identities)
        (changed.contains(asciiFolded(identity)) ? result.added : result.refused) << identity;
    if (result.added.isEmpty()) {
        result.message = m_csvPath + u": nothing to change; not approved: "_s + quotedList(result.refused);
        return result;
    }
    const QByteArray after = table->serialize();
    const QString line = auditLine(u"set "_s + column, result.added, by, atUtc, value);
    QString warning;
    if (after == csv.disk.bytes) {
        // Every value was already so: nothing to write, but the request is still on record.
        if (QString error = appendToRegularFile(auditPathFor(m_csvPath), line.toUtf8()); !error.isEmpty())
            warning = u"; the audit log could not be written: "_s + error;
        result.ok = true;
    } else if (!commitChange(m_csvPath, csv, after, line, result, &warning)) {
        return result;
    }
    result.message = u"%1: set %2 of %3"_s.arg(m_csvPath, column, quotedList(result.added)) + warning;
    return result;
}

} // namespace tw
