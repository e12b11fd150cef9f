// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/lists/identitylists.h"

#include "core/common/atomicfile.h"
#include "core/common/invisible.h"
#include "core/lists/csvtable.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cerrno>
#include <optional>

using namespace Qt::StringLiterals;

namespace tw {

QString asciiFolded(QStringView text)
{
    QString out(text.size(), Qt::Uninitialized);
    QChar* d = out.data();
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        *d++ = QChar(u >= u'A' && u <= u'Z' ? char16_t(u + (u'a' - u'A')) : u);
    }
    return out;
}

bool isLiteralApprovable(QStringView identity, QString* why)
{
    if (!identity.contains(u'*'))
        return true;
    if (why) {
        *why = isAllWildcard(identity)
                   ? u"'%1' cannot be approved: in the approved list '*' is a wildcard, so this row would "
                     u"approve every user and turn the detection off"_s.arg(identity)
                   : u"'%1' cannot be approved: in the approved list '*' is a wildcard and cannot be "
                     u"escaped, so this row would also approve every user whose name fits the pattern "
                     u"(for example '%2'); the user stays a finding"_s.arg(
                         identity, identity.toString().replace(u'*', u"-anything-"_s));
    }
    return false;
}

bool isAllWildcard(QStringView entry)
{
    return !entry.isEmpty() && std::all_of(entry.begin(), entry.end(), [](QChar c) { return c == u'*'; });
}

IdentityMatcher::IdentityMatcher(const QStringList& entries)
{
    for (const QString& entry : entries) {
        if (entry.isEmpty())
            continue;
        QString folded = asciiFolded(entry);
        if (folded.contains(u'*')) {
            const bool seen = std::any_of(m_wildcards.cbegin(), m_wildcards.cend(),
                                          [&folded](const Wildcard& w) { return w.folded == folded; });
            if (!seen)
                m_wildcards.append({std::move(folded), entry});
        } else if (!m_exact.contains(folded)) {
            m_exact.insert(std::move(folded), entry);
        }
    }
}

bool IdentityMatcher::matches(QStringView user) const
{
    const QString folded = asciiFolded(user);
    if (m_exact.contains(folded))
        return true;
    return std::any_of(m_wildcards.cbegin(), m_wildcards.cend(),
                       [&folded](const Wildcard& w) { return globMatch(w.folded, folded); });
}

QString IdentityMatcher::matchingEntry(QStringView user) const
{
    const QString folded = asciiFolded(user);
    const auto exact = m_exact.constFind(folded);
    if (exact != m_exact.cend())
        return exact.value();
    for (const Wildcard& w : m_wildcards) {
        if (globMatch(w.folded, folded))
            return w.original;
    }
    return {};
}

bool IdentityMatcher::globMatch(QStringView pattern, QStringView text, qsizetype* steps)
{
    qsizetype p = 0;
    qsizetype t = 0;
    qsizetype count = 0;
    const auto done = [&](bool matched) {
        if (steps)
            *steps += count;
        return matched;
    };
    // Position of the last '*' seen and of the text it was tried against. Only the last star needs to be
    // revisited: letting it absorb one more character covers every choice an earlier star could make.
    qsizetype starP = -1;
    qsizetype starT = 0;
    while (t < text.size()) {
        ++count;
        if (p < pattern.size() && pattern[p] == u'*') {
            starP = p++;
            starT = t;
        } else if (p < pattern.size() && pattern[p] == text[t]) {
            ++p;
            ++t;
        } else if (starP >= 0) {
            p = starP + 1;
            t = ++starT;
        } else {
            return done(false);
        }
    }
    while (p < pattern.size() && pattern[p] == u'*')
        ++p;
    return done(p == pattern.size());
}

namespace {

struct OpenedLookup
{
    std::optional<CsvTable> table;
    qsizetype identityColumn = -1;
};

OpenedLookup openLookup(const QString& path, LookupLoad& load)
{
    OpenedLookup opened;
    // Opening a FIFO would wait for a writer forever and a device like /dev/zero never ends:
    // a lookup is a regular file or nothing (readRegularFile refuses the rest before reading).
    const FileRead read = readRegularFile(path, kMaxLookupFileBytes);
    if (!read.exists) {
        load.error = path + u": cannot open: "_s + systemErrorText(ENOENT);
        return opened;
    }
    if (!read.error.isEmpty()) {
        load.error = read.error;
        return opened;
    }
    const QByteArray& bytes = read.bytes;

    QString parseError;
    opened.table = CsvTable::parse(bytes, &parseError);
    if (!opened.table) {
        load.error = path + u": "_s + parseError;
        return opened;
    }

    const QStringList header = opened.table->header();
    opened.identityColumn = opened.table->columnIndex(u"identity");
    if (opened.identityColumn < 0) {
        load.error = u"%1: no 'identity' column in the header (found: %2)"_s.arg(path, header.join(u", "_s));
        opened.table.reset();
        return opened;
    }
    const QString& columnName = header.at(opened.identityColumn);
    if (columnName != u"identity") {
        // Splunk's `fields identity` is case-sensitive about field names.
        load.warnings.append(
            u"%1: the column is named '%2', not 'identity'; TrailWarden uses it, but "
            u"Splunk's `fields identity` would not find it and would exclude nobody"_s.arg(path, columnName));
    }

    load.rows = opened.table->rowCount();
    if (load.rows > kSplunkSubsearchMaxRows) {
        load.warnings.append(
            u"%1: %2 rows; Splunk's subsearch uses only the first 10,000, so Splunk's results "
            u"would differ from TrailWarden's, which uses all rows"_s.arg(path, QString::number(load.rows)));
    }
    return opened;
}

void addEntry(LookupLoad& load, const QString& identity, qsizetype row, qsizetype line)
{
    load.identities.append(identity);
    IdentityEntry entry;
    entry.identity = identity;
    entry.row = row;
    entry.line = line;
    load.entries.append(std::move(entry));
}

// A '*' or '**' row excludes every user: the list turns the detection off. Said first and loudly,
// since nothing else would show it (the findings simply vanish).
void warnMatchesEveryone(const QString& path, LookupLoad& load)
{
    QStringList lines;
    for (const IdentityEntry& e : std::as_const(load.entries))
        if (isAllWildcard(e.identity))
            lines << QString::number(e.line);
    if (lines.isEmpty())
        return;
    load.warnings.prepend(
        u"WARNING: %1: line %2 is an entry of only '*', which matches every user name: this list excludes "
        u"everyone, so the detection can report no finding at all. Remove the row unless that is intended"_s
            .arg(path, lines.join(u", "_s)));
}

bool hasOuterWhitespace(const QString& s)
{
    return !s.isEmpty() && (s.front().isSpace() || s.back().isSpace());
}

} // namespace

QString invisibleCharacterIn(QStringView text)
{
    qsizetype position = 0;
    for (const char32_t c : text.toUcs4()) {
        ++position;
        // Tab and line ends are refused elsewhere with their own message; a space other than U+0020
        // (no-break, en, ideographic ...) reads as a plain space in the list and the window.
        const bool invisible = (isInvisible(c) && c != U'\t' && c != U'\n' && c != U'\r') ||
                               (QChar::category(c) == QChar::Separator_Space && c != U' ');
        if (invisible)
            return QStringLiteral("U+%1 at character %2")
                .arg(QString::number(uint(c), 16).toUpper().rightJustified(4, u'0'))
                .arg(position);
    }
    return {};
}

QDateTime parseExpiry(const QString& text)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return {};
    if (t.size() == 10) {
        const QDate date = QDate::fromString(t, Qt::ISODate);
        // A date means "through that day": the approval ends at the next midnight, UTC.
        return date.isValid() ? QDateTime(date.addDays(1), QTime(0, 0), Qt::UTC) : QDateTime();
    }
    QDateTime dt = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (!dt.isValid())
        return {};
    if (dt.timeSpec() == Qt::LocalTime)
        dt.setTimeSpec(Qt::UTC); // no zone written: UTC, like CloudTrail's own times
    return dt.toUTC();
}

LookupLoad loadApprovedAccounts(const QString& path)
{
    LookupLoad load;
    const OpenedLookup opened = openLookup(path, load);
    if (!opened.table)
        return load;

    const CsvTable& table = *opened.table;
    const qsizetype byCol = table.columnIndex(u"approved_by");
    const qsizetype atCol = table.columnIndex(u"approved_at");
    const qsizetype reasonCol = table.columnIndex(u"reason");
    const qsizetype expiresCol = table.columnIndex(u"expires");
    // Every other column (owner, notes, ticket, ...) is provenance too: kept with its header name.
    QList<qsizetype> extraCols;
    for (qsizetype col = 0; col < table.columnCount(); ++col) {
        if (col != opened.identityColumn && col != byCol && col != atCol && col != reasonCol &&
            col != expiresCol) {
            extraCols.append(col);
            load.extraColumns.append(table.header().at(col));
        }
    }
    QStringList spacedLines, badExpiry;
    qsizetype spaced = 0;
    for (qsizetype row = 0; row < table.rowCount(); ++row) {
        const QString identity = table.field(row, opened.identityColumn);
        if (identity.isEmpty())
            continue;
        if (hasOuterWhitespace(identity)) {
            if (++spaced <= 5)
                spacedLines.append(QString::number(table.rowLineNumber(row)));
        }
        addEntry(load, identity, row, table.rowLineNumber(row));
        IdentityEntry& entry = load.entries.last();
        if (byCol >= 0)
            entry.approvedBy = table.field(row, byCol);
        if (atCol >= 0)
            entry.approvedAt = table.field(row, atCol);
        if (reasonCol >= 0)
            entry.reason = table.field(row, reasonCol);
        for (const qsizetype col : std::as_const(extraCols))
            entry.extra.append(table.field(row, col));
        if (expiresCol >= 0) {
            entry.expires = table.field(row, expiresCol).trimmed();
            entry.expiresAt = parseExpiry(entry.expires);
            if (!entry.expires.isEmpty() && !entry.expiresAt.isValid())
                badExpiry.append(QString::number(table.rowLineNumber(row)));
        }
    }
    warnMatchesEveryone(path, load);
    if (!badExpiry.isEmpty()) {
        // Neither expire an approval because of a typo nor hide the typo.
        load.warnings.append(
            u"%1: 'expires' is not a date (YYYY-MM-DD) on line %2; those approvals do not expire"_s.arg(
                path, badExpiry.join(u", "_s)));
    }
    if (spaced > 0) {
        // Kept as-is to agree with Splunk, but almost always a typing or export accident worth showing.
        load.warnings.append(
            u"%1: %2 identities have leading or trailing spaces (line %3%4); like Splunk, "
            u"TrailWarden keeps them, so they match only user names with the same spaces"_s.arg(
                path, QString::number(spaced), spacedLines.join(u", "_s),
                spaced > 5 ? u", ..."_s : QString()));
    }
    return load;
}

LookupLoad loadIdentityList(const QString& path)
{
    LookupLoad load;
    const OpenedLookup opened = openLookup(path, load);
    if (!opened.table)
        return load;

    const CsvTable& table = *opened.table;
    for (qsizetype row = 0; row < table.rowCount(); ++row) {
        const QString value = table.field(row, opened.identityColumn);
        const auto pieces = QStringView(value).split(u'|');
        for (QStringView piece : pieces) {
            piece = piece.trimmed();
            if (!piece.isEmpty())
                addEntry(load, piece.toString(), row, table.rowLineNumber(row));
        }
    }
    warnMatchesEveryone(path, load);
    return load;
}

} // namespace tw
