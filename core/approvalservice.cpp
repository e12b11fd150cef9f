#include "approvalservice.h"

#include "csvtable.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QSaveFile>
#include <QSet>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace tw {

namespace {

// A lock older than this is taken to be left behind by a crashed writer. Every operation finishes in
// well under a second, so a live writer never holds it this long.
constexpr int kStaleLockMs = 10000;

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

DiskState readDisk(const QString& path)
{
    DiskState state;
    QFile file(path);
    if (!file.exists())
        return state;
    state.exists = true;
    if (QFileInfo(path).isDir()) {
        state.error = path + u": is a folder, not a CSV file"_s;
        return state;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        state.error = path + u": cannot read: "_s + file.errorString();
        return state;
    }
    state.bytes = file.readAll();
    if (file.error() != QFileDevice::NoError)
        state.error = path + u": cannot read: "_s + file.errorString();
    return state;
}

// Takes the lock or returns why not.
QString acquire(QLockFile& lock, const QString& csvPath, int timeoutMs)
{
    lock.setStaleLockTime(kStaleLockMs);
    if (lock.tryLock(timeoutMs))
        return {};
    const QString lockPath = csvPath + u".lock"_s;
    switch (lock.error()) {
    case QLockFile::LockFailedError: {
        qint64 pid = 0;
        QString host;
        QString app;
        QString holder;
        if (lock.getLockInfo(&pid, &host, &app))
            holder = u" (held by %1, process %2 on %3)"_s.arg(app.isEmpty() ? u"a program"_s : app,
                                                              QString::number(pid), host);
        return u"%1: another program is changing it; gave up waiting for %2%3. Try again in a moment"_s.arg(
            csvPath, lockPath, holder);
    }
    case QLockFile::PermissionError:
        return u"%1: cannot create the lock file %2: permission denied"_s.arg(csvPath, lockPath);
    case QLockFile::NoError:
    case QLockFile::UnknownError:
        break;
    }
    return u"%1: cannot create the lock file %2"_s.arg(csvPath, lockPath);
}

// Replaces the file with bytes through QSaveFile. Call with the lock held; `seen` is what the caller
// read under the lock. Returns an error message, or an empty string on success.
QString writeAtomically(const QString& path, const QByteArray& bytes, const DiskState& seen)
{
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return path + u": cannot write: "_s + out.errorString();
    if (out.write(bytes) != bytes.size()) {
        const QString reason = out.errorString();
        out.cancelWriting();
        return path + u": cannot write: "_s + reason;
    }
    // Programs that do not take our lock (a text editor, a sync client) may have saved in the meantime;
    // checking again just before the rename narrows that window to almost nothing.
    if (!readDisk(path).sameAs(seen)) {
        out.cancelWriting();
        return path + u": changed on disk while it was being written; not overwriting. Reload and retry"_s;
    }
    if (!out.commit())
        return path + u": cannot write: "_s + out.errorString();
    return {};
}

// One JSON line per change, appended under the CSV's lock: who did what, when and why. Revocations
// and edits remove or overwrite provenance in the CSV itself, so this is where it survives.
QString appendAudit(const QString& csvPath, const QString& action, const QStringList& identities,
                    const QString& by, const QDateTime& at, const QString& reason)
{
    QFile log(ApprovalService::auditPathFor(csvPath));
    if (!log.open(QIODevice::WriteOnly | QIODevice::Append))
        return u"; the audit log %1 could not be written: %2"_s.arg(log.fileName(), log.errorString());
    const QJsonObject entry{
        {u"action"_s, action},
        {u"identities"_s, QJsonArray::fromStringList(identities)},
        {u"by"_s, by},
        {u"at"_s, (at.isValid() ? at : QDateTime::currentDateTimeUtc()).toUTC().toString(Qt::ISODate)},
        {u"reason"_s, reason}};
    const QByteArray line = QJsonDocument(entry).toJson(QJsonDocument::Compact) + '\n';
    if (log.write(line) != line.size() || !log.flush())
        return u"; the audit log %1 could not be written: %2"_s.arg(log.fileName(), log.errorString());
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
    std::unique_ptr<QLockFile> lock;
    DiskState disk;
    std::optional<CsvTable> table;
    qsizetype identityCol = -1;
    QString error;
};

enum class WhenMissing { Create, Refuse };

OpenedCsv openForChange(const QString& path, int timeoutMs, WhenMissing missing)
{
    OpenedCsv csv;
    csv.lock = std::make_unique<QLockFile>(path + u".lock"_s);
    if (csv.error = acquire(*csv.lock, path, timeoutMs); !csv.error.isEmpty())
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

// Writes the changed table; on failure nothing was added after all.
bool commitChange(const QString& path, const OpenedCsv& csv, const QByteArray& after, ApprovalResult& result)
{
    if (QString error = writeAtomically(path, after, csv.disk); !error.isEmpty()) {
        result.message = std::move(error);
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
    return csvPath + u".audit.jsonl"_s;
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
            present.insert(value.toCaseFolded());
    }

    QStringList refusedWhy;
    QSet<QString> requested;
    for (const QString& identity : identities) {
        const QString folded = identity.toCaseFolded();
        if (identity.isEmpty()) {
            result.refused.append(identity);
            refusedWhy.append(u"an empty identity"_s);
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

    if (!commitChange(m_csvPath, csv, table->serialize(), result))
        return result;
    result.message = u"%1: approved %2"_s.arg(m_csvPath, quotedList(result.added)) + refusedText +
                     appendAudit(m_csvPath, u"approve"_s, result.added, approvedBy, approvedAtUtc, reason);
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
        return result;
    }
    std::optional<CsvTable>& table = csv.table;
    const qsizetype identityCol = csv.identityCol;

    QSet<QString> wanted;
    for (const QString& identity : identities) {
        if (!identity.isEmpty())
            wanted.insert(identity.toCaseFolded());
    }
    QSet<QString> removed;
    // Backwards, so the indices of rows still to visit do not shift.
    for (qsizetype row = table->rowCount() - 1; row >= 0; --row) {
        const QString folded = table->field(row, identityCol).toCaseFolded();
        if (!folded.isEmpty() && wanted.contains(folded)) {
            removed.insert(folded);
            table->removeRow(row);
        }
    }
    QSet<QString> reported;
    for (const QString& identity : identities) {
        const QString folded = identity.toCaseFolded();
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

    if (!commitChange(m_csvPath, csv, table->serialize(), result))
        return result;
    result.message = u"%1: revoked %2"_s.arg(m_csvPath, quotedList(result.added)) + refusedText +
                     appendAudit(m_csvPath, u"revoke"_s, result.added, by, atUtc, reason);
    return result;
}

ApprovalResult ApprovalService::restore(const QByteArray& contents, const QByteArray& expectedCurrent) const
{
    ApprovalResult result;
    QLockFile lock(m_csvPath + u".lock"_s);
    if (QString error = acquire(lock, m_csvPath, m_lockTimeoutMs); !error.isEmpty()) {
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

    if (contents.isEmpty()) {
        // Undoing the approval that created the file: put back "no file", not an empty file that would
        // then fail to load for want of a header.
        QFile file(m_csvPath);
        if (disk.exists && !file.remove()) {
            result.message = m_csvPath + u": cannot remove: "_s + file.errorString();
            return result;
        }
    } else if (QString error = writeAtomically(m_csvPath, contents, disk); !error.isEmpty()) {
        result.message = std::move(error);
        return result;
    }
    result.ok = true;
    result.after = contents;
    result.message =
        m_csvPath + u": restored"_s +
        appendAudit(m_csvPath, u"restore"_s, {}, QString(), QDateTime::currentDateTimeUtc(), u"undo/redo"_s);
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
        return result;
    }
    std::optional<CsvTable>& table = csv.table;
    const qsizetype identityCol = csv.identityCol;
    qsizetype col = table->columnIndex(column);
    QSet<QString> wanted;
    for (const QString& identity : identities)
        wanted.insert(identity.toCaseFolded());
    QSet<QString> changed;
    for (qsizetype row = 0; row < table->rowCount(); ++row) {
        const QString folded = table->field(row, identityCol).toCaseFolded();
        if (!wanted.contains(folded))
            continue;
        if (col < 0)
            col = table->addColumn(column);
        if (table->field(row, col) != value)
            table->setField(row, col, value);
        changed.insert(folded);
    }
    for (const QString& identity : identities)
        (changed.contains(identity.toCaseFolded()) ? result.added : result.refused) << identity;
    if (result.added.isEmpty()) {
        result.message = m_csvPath + u": nothing to change; not approved: "_s + quotedList(result.refused);
        return result;
    }
    const QByteArray after = table->serialize();
    if (after == csv.disk.bytes) {
        result.ok = true; // every value was already so: nothing to write
    } else if (!commitChange(m_csvPath, csv, after, result)) {
        return result;
    }
    result.message = u"%1: set %2 of %3"_s.arg(m_csvPath, column, quotedList(result.added)) +
                     appendAudit(m_csvPath, u"set "_s + column, result.added, by, atUtc, value);
    return result;
}

} // namespace tw
