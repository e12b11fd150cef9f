// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/lists/approvalservice.h"

#include "core/common/atomicfile.h"
#include "core/common/filelock.h"
#include "core/lists/csvtable.h"
#include "core/lists/identitylists.h"

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
const QString kExpires = u"expires"_s;

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
                  const QDateTime& at, const QString& reason, const QJsonObject& extra = {})
{
    QJsonObject entry{
        {u"action"_s, action},
        {u"identities"_s, QJsonArray::fromStringList(identities)},
        {u"by"_s, by},
        {u"at"_s, (at.isValid() ? at : QDateTime::currentDateTimeUtc()).toUTC().toString(Qt::ISODate)},
        {u"reason"_s, reason}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        entry.insert(it.key(), it.value());
    return QString::fromUtf8(QJsonDocument(entry).toJson(QJsonDocument::Compact) + '\n');
}

// A CSV row as {column: value}, every column of the header: what an audit entry keeps of a row.
QJsonObject rowObject(const CsvTable& table, qsizetype row)
{
    QJsonObject object;
    const QStringList header = table.header();
    for (qsizetype col = 0; col < header.size(); ++col)
        object.insert(header[col], table.field(row, col));
    return object;
}

// The rows that differ between two versions of the list, each side as it was written: what an
// undo or redo put back or took away, and their identities. Unparseable versions give nothing.
void diffRows(const QByteArray& from, const QByteArray& to, QStringList& identities, QJsonArray& removed,
              QJsonArray& added)
{
    const auto rowsOf = [](const QByteArray& bytes) {
        QList<std::pair<QString, QJsonObject>> rows;
        if (bytes.isEmpty())
            return rows;
        const std::optional<CsvTable> table = CsvTable::parse(bytes);
        if (!table)
            return rows;
        const qsizetype col = table->columnIndex(kIdentity);
        if (col < 0)
            return rows;
        for (qsizetype row = 0; row < table->rowCount(); ++row)
            rows.append({table->field(row, col), rowObject(*table, row)});
        return rows;
    };
    const auto before = rowsOf(from);
    const auto after = rowsOf(to);
    // Rows compared as their compact JSON, so a list of thousands costs a hash lookup per row.
    const auto keysOf = [](const QList<std::pair<QString, QJsonObject>>& rows) {
        QSet<QByteArray> keys;
        for (const auto& row : rows)
            keys.insert(QJsonDocument(row.second).toJson(QJsonDocument::Compact));
        return keys;
    };
    const QSet<QByteArray> beforeKeys = keysOf(before);
    const QSet<QByteArray> afterKeys = keysOf(after);
    QSet<QString> seen;
    const auto note = [&](const QString& identity) {
        if (!seen.contains(identity)) {
            seen.insert(identity);
            identities.append(identity);
        }
    };
    for (const auto& [identity, row] : before)
        if (!afterKeys.contains(QJsonDocument(row).toJson(QJsonDocument::Compact))) {
            removed.append(row);
            note(identity);
        }
    for (const auto& [identity, row] : after)
        if (!beforeKeys.contains(QJsonDocument(row).toJson(QJsonDocument::Compact))) {
            added.append(row);
            note(identity);
        }
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
                       const QString& line, QString* warning, const QString& auditLog = {})
{
    // A file that belongs to the list (its suppression rules) is logged in the list's audit log.
    const QString auditPath = auditLog.isEmpty() ? ApprovalService::auditPathFor(path) : auditLog;
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
                                        const QString& approvedBy, const QDateTime& approvedAtUtc,
                                        const ApprovalOptions& options) const
{
    ApprovalResult result;
    if (!approvedAtUtc.isValid()) {
        result.message = m_csvPath + u": not approving: the approval time is not valid"_s;
        return result;
    }
    // Refused before the file is even locked: an approval is written with its expiry or not at all.
    const QString expires = options.expires.trimmed();
    if (const QString problem = expiryProblem(expires, approvedAtUtc); !problem.isEmpty()) {
        result.message = m_csvPath + u": not approving: "_s + problem;
        result.refused = identities;
        return result;
    }
    std::optional<PatternCheck> pattern;
    if (!options.pattern.isEmpty()) {
        pattern = checkPattern(options.pattern, options.observed);
        if (!pattern->ok()) {
            result.message = m_csvPath + u": not approving: "_s + pattern->refusal;
            result.refused = identities;
            result.refused.append(options.pattern);
            return result;
        }
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
        } else if (const QString invisible = invisibleCharacterIn(identity); !invisible.isEmpty()) {
            result.refused.append(identity);
            result.invalid.append(identity);
            refusedWhy.append(u"'%1' (holds an invisible character, %2: it would never match the name "
                              u"you see)"_s.arg(identity, invisible));
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
    // The analyst's wildcard, checked above: the one way a '*' reaches the list.
    if (pattern) {
        const QString folded = asciiFolded(options.pattern);
        if (present.contains(folded)) {
            result.refused.append(options.pattern);
            refusedWhy.append(u"'%1' (already approved)"_s.arg(options.pattern));
        } else {
            result.added.append(options.pattern);
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
    qsizetype expiresCol = table->columnIndex(kExpires);
    if (expiresCol < 0 && !expires.isEmpty())
        expiresCol = table->addColumn(kExpires);

    const QString approvedAt = approvedAtUtc.toUTC().toString(Qt::ISODate);
    for (const QString& identity : std::as_const(result.added)) {
        QStringList row(table->columnCount());
        row[identityCol] = identity;
        row[byCol] = approvedBy;
        row[atCol] = approvedAt;
        row[reasonCol] = reason;
        if (expiresCol >= 0)
            row[expiresCol] = expires;
        table->appendRow(row);
    }

    QJsonObject extra;
    if (!expires.isEmpty())
        extra.insert(kExpires, expires);
    const bool patternAdded = pattern && result.added.contains(options.pattern);
    if (patternAdded) {
        QStringList covered;
        for (const ObservedUser& user : pattern->covered)
            covered << user.name;
        extra.insert(u"pattern"_s, options.pattern);
        extra.insert(u"patternCovers"_s, QJsonArray::fromStringList(covered));
    }
    QString warning;
    if (!commitChange(m_csvPath, csv, table->serialize(),
                      auditLine(u"approve"_s, result.added, approvedBy, approvedAtUtc, reason, extra), result,
                      &warning))
        return result;
    result.message = u"%1: approved %2"_s.arg(m_csvPath, quotedList(result.added));
    if (patternAdded)
        result.message += u" (the wildcard '%1' covers %2 users now)"_s.arg(
            options.pattern, QString::number(pattern->covered.size()));
    if (!expires.isEmpty())
        result.message += u", until %1"_s.arg(expires);
    result.message += refusedText + warning;
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
    // What the audit log keeps: each removed row as it was in the file, every column, and its
    // identity as written (not as typed: a revoke matches without case).
    QStringList removedIdentities;
    QJsonArray removedRows;
    // Backwards, so the indices of rows still to visit do not shift.
    for (qsizetype row = table->rowCount() - 1; row >= 0; --row) {
        const QString folded = asciiFolded(table->field(row, identityCol));
        if (!folded.isEmpty() && wanted.contains(folded)) {
            removed.insert(folded);
            removedIdentities.prepend(table->field(row, identityCol));
            removedRows.prepend(rowObject(*table, row));
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
    if (!commitChange(
            m_csvPath, csv, table->serialize(),
            auditLine(u"revoke"_s, removedIdentities, by, atUtc, reason, {{u"rows"_s, removedRows}}), result,
            &warning))
        return result;
    result.message = u"%1: revoked %2"_s.arg(m_csvPath, quotedList(result.added)) + refusedText + warning;
    return result;
}

ApprovalResult ApprovalService::restore(const QByteArray& contents, const QByteArray& expectedCurrent,
                                        const RestoreNote& note) const
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
    // Which rows this puts back or takes away, as they are in the file: the auditor reads what the
    // undo changed and who did it, not a bare "restore".
    QStringList identities;
    QJsonArray removedRows, addedRows;
    diffRows(disk.bytes, contents, identities, removedRows, addedRows);
    const QString action = note.action.isEmpty() ? u"restore"_s : note.action;
    const QString why = note.what.isEmpty() ? u"undo/redo"_s : u"%1 of: %2"_s.arg(action, note.what);
    QJsonObject extra{{u"rowsRemoved"_s, removedRows}, {u"rowsAdded"_s, addedRows}};
    if (!note.what.isEmpty())
        extra.insert(action == u"redo" ? u"redone"_s : u"undone"_s, note.what);
    QString warning;
    if (contents.isEmpty() && !disk.exists) {
        // Nothing on disk and nothing wanted: already so.
    } else if (QString error = writeWithAudit(
                   m_csvPath, contents, disk,
                   auditLine(action, identities, note.by, QDateTime::currentDateTimeUtc(), why, extra),
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

ApprovalResult ApprovalService::replaceCompanion(const QString& path, const QByteArray& contents,
                                                 const QByteArray& expectedCurrent,
                                                 const std::vector<AuditEntry>& audit) const
{
    ApprovalResult result;
    result.failed = true;
    // The list's lock: a change of the rules and a change of the list never interleave, and both
    // land in the one audit log in the order they happened.
    FileLock lock;
    if (QString error = lock.lock(m_csvPath, m_lockTimeoutMs); !error.isEmpty()) {
        result.message = std::move(error);
        return result;
    }
    const DiskState disk = readDisk(path);
    if (!disk.error.isEmpty()) {
        result.message = disk.error;
        return result;
    }
    result.before = result.after = disk.bytes;
    if (disk.bytes != expectedCurrent) {
        result.message = path + u": changed on disk since it was read; not overwriting. Reopen and retry"_s;
        return result;
    }
    QString lines;
    for (const AuditEntry& e : audit)
        lines += auditLine(e.action, e.identities, e.by, e.at, e.reason, e.extra);
    QString warning;
    if (contents.isEmpty() && !disk.exists) {
        // Nothing on disk and nothing wanted: already so.
    } else if (QString error = writeWithAudit(path, contents, disk, lines, &warning, auditPathFor(m_csvPath));
               !error.isEmpty()) {
        result.message = std::move(error);
        return result;
    }
    result.ok = true;
    result.failed = false;
    result.after = contents;
    result.message = path + u": saved"_s + warning;
    return result;
}

ApprovalResult ApprovalService::modifyCompanion(
    const QString& path,
    const std::function<CompanionChange(const QByteArray& current, bool exists)>& change) const
{
    ApprovalResult result;
    result.failed = true;
    FileLock lock;
    if (QString error = lock.lock(m_csvPath, m_lockTimeoutMs); !error.isEmpty()) {
        result.message = std::move(error);
        return result;
    }
    const DiskState disk = readDisk(path);
    if (!disk.error.isEmpty()) {
        result.message = disk.error;
        return result;
    }
    result.before = result.after = disk.bytes;
    CompanionChange wanted = change(disk.bytes, disk.exists);
    if (!wanted.error.isEmpty()) {
        result.message = wanted.error;
        return result;
    }
    result.failed = false;
    if (wanted.unchanged || (disk.exists && wanted.contents == disk.bytes)) {
        result.ok = true;
        result.message = path + u": unchanged"_s;
        return result;
    }
    QString lines;
    for (const AuditEntry& e : wanted.audit)
        lines += auditLine(e.action, e.identities, e.by, e.at, e.reason, e.extra);
    QString warning;
    if (QString error = writeWithAudit(path, wanted.contents, disk, lines, &warning, auditPathFor(m_csvPath));
        !error.isEmpty()) {
        result.failed = true;
        result.message = std::move(error);
        return result;
    }
    result.ok = true;
    result.after = wanted.contents;
    result.message = path + u": saved"_s + warning;
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
    // The same refusal as approve(): an expiry already past would end the approvals the moment they are
    // written, silently bringing their users back as findings. Checked before the file is locked.
    if (column.compare(kExpires, Qt::CaseInsensitive) == 0) {
        const QDateTime now = atUtc.isValid() ? atUtc : QDateTime::currentDateTimeUtc();
        if (const QString problem = expiryProblem(value, now); !problem.isEmpty()) {
            result.message = m_csvPath + u": not changed: "_s + problem;
            result.refused = identities;
            return result;
        }
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
