// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/lists/reviewfile.h"

#include "core/common/atomicfile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace tw {

namespace {

const QString kUser = u"user"_s;
const QString kStatus = u"status"_s;
const QString kOwner = u"owner"_s;
const QString kTicket = u"ticket"_s;
const QString kNote = u"note"_s;
const QString kChangedBy = u"changedBy"_s;
const QString kChangedAt = u"changedAt"_s;
const QString kReviewedBy = u"reviewedBy"_s;
const QString kReviewedAt = u"reviewedAt"_s;
const QString kReviewedThrough = u"reviewedThrough"_s;
const QString kApis = u"apis"_s;
const QString kAccounts = u"accounts"_s;
const QString kRegions = u"regions"_s;

// Values are free text (a note may hold commas, quotes, newlines or "=cmd|..."): JSON escapes each
// of them, so none can break a line or the file, and they come back exactly as written.
QString stringField(const QJsonObject& o, const QString& key, QString* why)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isString()) {
        *why = u"\"%1\" is not a string"_s.arg(key);
        return {};
    }
    return v.toString();
}

QStringList listField(const QJsonObject& o, const QString& key, QString* why)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isArray()) {
        *why = u"\"%1\" is not a list"_s.arg(key);
        return {};
    }
    QStringList out;
    for (const QJsonValue& item : v.toArray()) {
        if (!item.isString()) {
            *why = u"\"%1\" holds something that is not a string"_s.arg(key);
            return {};
        }
        out.append(item.toString());
    }
    out.sort();
    out.removeDuplicates();
    return out;
}

QDateTime timeField(const QJsonObject& o, const QString& key, QString* why)
{
    const QString text = stringField(o, key, why);
    if (text.isEmpty())
        return {};
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid()) {
        *why = u"\"%1\" is not an ISO 8601 time: %2"_s.arg(key, text.left(40));
        return {};
    }
    return t.toUTC();
}

std::optional<ReviewEntry> entryFrom(const QJsonObject& o, QString* why)
{
    ReviewEntry e;
    e.user = stringField(o, kUser, why);
    if (why->isEmpty() && e.user.isEmpty())
        *why = u"no \"user\""_s;
    const QString status = stringField(o, kStatus, why);
    if (!status.isEmpty()) {
        if (const auto s = triageStatusFromName(status))
            e.status = *s;
        else if (why->isEmpty())
            *why =
                u"unknown status \"%1\" (one of %2)"_s.arg(status.left(40), triageStatusNames().join(u", "));
    }
    e.owner = stringField(o, kOwner, why);
    e.ticket = stringField(o, kTicket, why);
    e.note = stringField(o, kNote, why);
    e.changedBy = stringField(o, kChangedBy, why);
    e.changedAt = timeField(o, kChangedAt, why);
    e.reviewedBy = stringField(o, kReviewedBy, why);
    e.reviewedAt = timeField(o, kReviewedAt, why);
    e.reviewedThrough = timeField(o, kReviewedThrough, why);
    e.apis = listField(o, kApis, why);
    e.accounts = listField(o, kAccounts, why);
    e.regions = listField(o, kRegions, why);
    if (!why->isEmpty())
        return std::nullopt;
    static const QStringList known{kUser,      kStatus,    kOwner,      kTicket,     kNote,
                                   kChangedBy, kChangedAt, kReviewedBy, kReviewedAt, kReviewedThrough,
                                   kApis,      kAccounts,  kRegions};
    for (auto it = o.begin(); it != o.end(); ++it)
        if (!known.contains(it.key()))
            e.other.insert(it.key(), it.value());
    return e;
}

QString isoTime(const QDateTime& t)
{
    return t.toUTC().toString(Qt::ISODate);
}

QJsonObject objectOf(const ReviewEntry& e)
{
    QJsonObject o = e.other;
    o.insert(kUser, e.user);
    o.insert(kStatus, triageStatusName(e.status));
    const auto put = [&o](const QString& key, const QString& value) {
        if (!value.isEmpty())
            o.insert(key, value);
    };
    put(kOwner, e.owner);
    put(kTicket, e.ticket);
    put(kNote, e.note);
    put(kChangedBy, e.changedBy);
    if (e.changedAt.isValid())
        o.insert(kChangedAt, isoTime(e.changedAt));
    put(kReviewedBy, e.reviewedBy);
    if (e.reviewedAt.isValid())
        o.insert(kReviewedAt, isoTime(e.reviewedAt));
    if (e.reviewedThrough.isValid())
        o.insert(kReviewedThrough, e.reviewedThrough.toUTC().toString(Qt::ISODateWithMs));
    if (!e.apis.isEmpty())
        o.insert(kApis, QJsonArray::fromStringList(e.apis));
    if (!e.accounts.isEmpty())
        o.insert(kAccounts, QJsonArray::fromStringList(e.accounts));
    if (!e.regions.isEmpty())
        o.insert(kRegions, QJsonArray::fromStringList(e.regions));
    return o;
}

// The fields `expected` sets that entry (null: none yet, so New and empty) no longer holds, named
// ("status", "note"); empty when it holds them all.
QStringList fieldsDiffering(const ReviewEntry* entry, const TriageChange& expected)
{
    const ReviewEntry none;
    const ReviewEntry& e = entry ? *entry : none;
    QStringList out;
    if (expected.status && e.status != *expected.status)
        out << kStatus;
    if (expected.owner && e.owner != *expected.owner)
        out << u"owner"_s;
    if (expected.ticket && e.ticket != *expected.ticket)
        out << u"ticket"_s;
    if (expected.note && e.note != *expected.note)
        out << u"note"_s;
    return out;
}

ReviewEntry& entryFor(ReviewRecord& record, const QString& user)
{
    auto it = record.entries.find(user);
    if (it == record.entries.end()) {
        record.users.push_back(user);
        ReviewEntry e;
        e.user = user;
        it = record.entries.insert(user, e);
    }
    return *it;
}

QStringList united(QStringList a, const QStringList& b)
{
    a += b;
    a.sort();
    a.removeDuplicates();
    return a;
}

} // namespace

QString triageStatusName(TriageStatus status)
{
    switch (status) {
    case TriageStatus::New:
        return u"New"_s;
    case TriageStatus::Investigating:
        return u"Investigating"_s;
    case TriageStatus::Escalated:
        return u"Escalated"_s;
    case TriageStatus::Benign:
        return u"Benign"_s;
    }
    return {};
}

QStringList triageStatusNames()
{
    return {u"New"_s, u"Investigating"_s, u"Escalated"_s, u"Benign"_s};
}

std::optional<TriageStatus> triageStatusFromName(QStringView name)
{
    for (TriageStatus s :
         {TriageStatus::New, TriageStatus::Investigating, TriageStatus::Escalated, TriageStatus::Benign})
        if (name.compare(triageStatusName(s), Qt::CaseInsensitive) == 0)
            return s;
    return std::nullopt;
}

const ReviewEntry* ReviewRecord::find(const QString& user) const
{
    const auto it = entries.constFind(user);
    return it == entries.constEnd() ? nullptr : &*it;
}

QString reviewPathFor(const QString& approvedCsv)
{
    QString base = approvedCsv;
    if (base.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive))
        base.chop(4);
    return base + u".review.jsonl"_s;
}

ReviewRecord parseReview(const QByteArray& bytes, const QString& path)
{
    ReviewRecord record;
    record.path = path;
    const QList<QByteArray> lines = bytes.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QByteArray line = lines[i];
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.trimmed().isEmpty())
            continue;
        const QString where = u"%1:%2: "_s.arg(path).arg(i + 1);
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
        QString why;
        std::optional<ReviewEntry> entry;
        if (parseError.error != QJsonParseError::NoError)
            why = u"not JSON (%1 at column %2)"_s.arg(parseError.errorString()).arg(parseError.offset + 1);
        else if (!doc.isObject())
            why = u"not a JSON object"_s;
        else
            entry = entryFrom(doc.object(), &why);
        if (!entry) {
            record.problems.append(where + why + u"; the line is kept as it is and ignored"_s);
            record.keptLines.append(line);
            continue;
        }
        if (record.entries.contains(entry->user))
            record.problems.append(where +
                                   u"user \"%1\" appears again; this later line is used"_s.arg(entry->user));
        else
            record.users.push_back(entry->user);
        record.entries.insert(entry->user, *entry);
    }
    return record;
}

QByteArray serializeReview(const ReviewRecord& record)
{
    QByteArray out;
    for (const QString& user : record.users) {
        const ReviewEntry* e = record.find(user);
        if (!e)
            continue;
        out += QJsonDocument(objectOf(*e)).toJson(QJsonDocument::Compact);
        out += '\n';
    }
    for (const QByteArray& line : record.keptLines) {
        out += line;
        out += '\n';
    }
    return out;
}

ReviewRecord loadReview(const QString& path)
{
    FileRead read = readRegularFile(path, kMaxReviewFileBytes);
    if (!read.error.isEmpty()) {
        ReviewRecord record;
        record.path = path;
        record.error = read.error;
        return record;
    }
    return parseReview(read.bytes, path);
}

ReviewService::ReviewService(QString reviewPath)
    : m_path(std::move(reviewPath))
{}

ApprovalResult ReviewService::triage(const QStringList& users, const TriageChange& change, const QString& by,
                                     const QDateTime& atUtc, ReviewRecord* written,
                                     const TriageChange* expected) const
{
    ApprovalService service(m_path);
    service.setLockTimeoutMs(m_lockTimeoutMs);
    const QDateTime at = atUtc.isValid() ? atUtc.toUTC() : QDateTime::currentDateTimeUtc();
    ReviewRecord record;
    QStringList conflicts;
    ApprovalResult result = service.modifyCompanion(m_path, [&](const QByteArray& current, bool) {
        ApprovalService::CompanionChange out;
        record = parseReview(current, m_path);
        if (users.isEmpty() || change.empty()) {
            out.error = m_path + u": nothing to change"_s;
            return out;
        }
        // Checked on the file as it is under the lock, so that no write can slip in between.
        if (expected) {
            QStringList why;
            for (const QString& user : users) {
                const ReviewEntry* e = record.find(user);
                const QStringList fields = fieldsDiffering(e, *expected);
                if (fields.isEmpty())
                    continue;
                conflicts << user;
                QString one = u"'%1' (%2"_s.arg(user, fields.join(u", "_s));
                if (e && !e->changedBy.isEmpty())
                    one += u", changed by %1 at %2"_s.arg(e->changedBy, e->changedAt.toString(Qt::ISODate));
                why << one + u')';
            }
            if (!why.isEmpty()) {
                out.error = m_path +
                            u": not written: changed on disk since, and writing would overwrite it: "_s +
                            why.join(u", "_s) + u"; set the fields again if yours should stand"_s;
                return out;
            }
        }
        QJsonObject extra;
        if (change.status)
            extra.insert(kStatus, triageStatusName(*change.status));
        if (change.owner)
            extra.insert(kOwner, *change.owner);
        if (change.ticket)
            extra.insert(kTicket, *change.ticket);
        if (change.note)
            extra.insert(kNote, *change.note);
        for (const QString& user : users) {
            ReviewEntry& e = entryFor(record, user);
            if (change.status)
                e.status = *change.status;
            if (change.owner)
                e.owner = *change.owner;
            if (change.ticket)
                e.ticket = *change.ticket;
            if (change.note)
                e.note = *change.note;
            e.changedBy = by;
            e.changedAt = at;
        }
        out.contents = serializeReview(record);
        out.audit.push_back({u"triage"_s, users, by, at, change.note.value_or(QString()), extra});
        return out;
    });
    if (!conflicts.isEmpty()) {
        // A refusal, not a failed write: nothing was written and the file is fine.
        result.failed = false;
        result.refused = conflicts;
    }
    if (written)
        *written = result.ok ? parseReview(result.after, m_path) : record;
    return result;
}

ApprovalResult ReviewService::recordReview(const std::vector<ReviewedActivity>& seen, const QString& by,
                                           const QDateTime& atUtc, ReviewRecord* written) const
{
    ApprovalService service(m_path);
    service.setLockTimeoutMs(m_lockTimeoutMs);
    const QDateTime at = atUtc.isValid() ? atUtc.toUTC() : QDateTime::currentDateTimeUtc();
    ReviewRecord record;
    ApprovalResult result = service.modifyCompanion(m_path, [&](const QByteArray& current, bool) {
        ApprovalService::CompanionChange out;
        record = parseReview(current, m_path);
        if (seen.empty()) {
            out.unchanged = true;
            return out;
        }
        QStringList users;
        for (const ReviewedActivity& activity : seen) {
            ReviewEntry& e = entryFor(record, activity.user);
            e.apis = united(e.apis, activity.apis);
            e.accounts = united(e.accounts, activity.accounts);
            e.regions = united(e.regions, activity.regions);
            // A review recorded from an older scan never moves the mark backwards.
            if (!e.reviewedAt.isValid() || e.reviewedAt < at)
                e.reviewedAt = at;
            e.reviewedBy = by;
            if (activity.lastTime.isValid() &&
                (!e.reviewedThrough.isValid() || e.reviewedThrough < activity.lastTime))
                e.reviewedThrough = activity.lastTime.toUTC();
            users.append(activity.user);
        }
        out.contents = serializeReview(record);
        out.audit.push_back({u"review"_s, users, by, at, u"scan recorded as reviewed"_s, {}});
        return out;
    });
    if (written)
        *written = result.ok ? parseReview(result.after, m_path) : record;
    return result;
}

} // namespace tw
