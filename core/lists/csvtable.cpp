// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/lists/csvtable.h"

#include <QStringDecoder>

#include <algorithm>

namespace tw {

namespace {

const QByteArray kUtf8Bom = QByteArrayLiteral("\xEF\xBB\xBF");

bool isBlankContent(const QByteArray& content)
{
    return std::all_of(content.cbegin(), content.cend(), [](char c) { return c == ' ' || c == '\t'; });
}

bool needsQuoting(const QByteArray& field)
{
    if (field.isEmpty())
        return false;
    // Leading or trailing spaces are quoted because many readers (spreadsheets among them) trim unquoted
    // ones, and a lookup value is compared as-is.
    const auto isSpace = [](char c) { return c == ' ' || c == '\t'; };
    if (isSpace(field.front()) || isSpace(field.back()))
        return true;
    return std::any_of(field.cbegin(), field.cend(),
                       [](char c) { return c == ',' || c == '"' || c == '\r' || c == '\n'; });
}

// Not QString::fromUtf8: it drops a leading U+FEFF as a byte order mark, but at the start of a field
// it is data (parse() has already taken the file's BOM), and dropping it would read "\uFEFFsvc" back
// as the different name "svc".
QString decode(const QByteArray& bytes)
{
    QStringDecoder toUtf16(QStringDecoder::Utf8,
                           QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
    return toUtf16(bytes);
}

} // namespace

std::optional<CsvTable> CsvTable::parse(const QByteArray& bytes, QString* error)
{
    const auto fail = [error](const QString& message) -> std::optional<CsvTable> {
        if (error)
            *error = message;
        return std::nullopt;
    };

    CsvTable table;
    qsizetype pos = 0;
    if (bytes.startsWith(kUtf8Bom)) {
        table.m_hasBom = true;
        pos = kUtf8Bom.size();
    }

    const qsizetype size = bytes.size();
    const char* data = bytes.constData();
    qsizetype lineNumber = 1;
    bool haveHeader = false;

    while (pos < size) {
        Line line;
        line.lineNumber = lineNumber;
        const qsizetype start = pos;
        QByteArray current;
        bool inQuotes = false;
        bool atFieldStart = true;
        bool ended = false;

        while (!ended) {
            if (pos == size) {
                if (inQuotes) {
                    return fail(
                        QStringLiteral("line %1: unbalanced quote: a quoted field that starts on this "
                                       "line is never closed")
                            .arg(line.lineNumber));
                }
                break;
            }
            const char c = data[pos];
            if (inQuotes) {
                if (c == '"') {
                    if (pos + 1 < size && data[pos + 1] == '"') {
                        current += '"';
                        pos += 2;
                    } else {
                        inQuotes = false;
                        ++pos;
                    }
                } else {
                    if (c == '\n')
                        ++lineNumber;
                    current += c;
                    ++pos;
                }
                continue;
            }
            switch (c) {
            case ',':
                line.fields.append(current);
                current.clear();
                atFieldStart = true;
                ++pos;
                break;
            case '\n':
                line.terminator = QByteArrayLiteral("\n");
                ++pos;
                ended = true;
                break;
            case '\r':
                if (pos + 1 < size && data[pos + 1] == '\n') {
                    line.terminator = QByteArrayLiteral("\r\n");
                    pos += 2;
                    ended = true;
                    break;
                }
                // A lone CR is not a line ending in RFC 4180; keep it as data.
                current += c;
                atFieldStart = false;
                ++pos;
                break;
            case '"':
                // Only a quote that opens a field starts quoting; elsewhere it is data, as most readers
                // (Python's csv, spreadsheets) treat it.
                if (atFieldStart) {
                    inQuotes = true;
                    atFieldStart = false;
                } else {
                    current += c;
                }
                ++pos;
                break;
            default:
                current += c;
                atFieldStart = false;
                ++pos;
                break;
            }
        }
        if (!line.terminator.isEmpty())
            ++lineNumber;
        line.fields.append(current);
        line.content = bytes.mid(start, pos - start - line.terminator.size());

        if (isBlankContent(line.content)) {
            line.kind = LineKind::Blank;
            line.fields.clear();
        } else if (!haveHeader) {
            line.kind = LineKind::Header;
            table.m_headerLine = table.m_lines.size();
            haveHeader = true;
            if (line.terminator == "\r\n")
                table.m_lineEnding = line.terminator;
        } else {
            line.kind = LineKind::Row;
        }
        table.m_lines.append(std::move(line));
    }

    if (!haveHeader)
        return fail(QStringLiteral("file is empty, no header row"));
    table.rebuildRowIndex();
    return table;
}

CsvTable CsvTable::withHeader(const QStringList& header, const QByteArray& lineEnding, bool bom)
{
    CsvTable table;
    table.m_lineEnding = lineEnding;
    table.m_hasBom = bom;
    Line line;
    line.kind = LineKind::Header;
    line.lineNumber = 1;
    for (const QString& name : header)
        line.fields.append(name.toUtf8());
    line.content = encodeRecord(line.fields);
    line.terminator = lineEnding;
    table.m_lines.append(std::move(line));
    table.m_headerLine = 0;
    return table;
}

QStringList CsvTable::header() const
{
    QStringList names;
    const auto& fields = m_lines.at(m_headerLine).fields;
    names.reserve(fields.size());
    for (const QByteArray& f : fields)
        names.append(decode(f));
    return names;
}

qsizetype CsvTable::columnIndex(QStringView name) const
{
    const QStringList names = header();
    for (qsizetype i = 0; i < names.size(); ++i) {
        if (names.at(i) == name)
            return i;
    }
    for (qsizetype i = 0; i < names.size(); ++i) {
        if (name.compare(names.at(i), Qt::CaseInsensitive) == 0)
            return i;
    }
    return -1;
}

QString CsvTable::field(qsizetype row, qsizetype col) const
{
    const auto& fields = m_lines.at(m_rowLines.at(row)).fields;
    if (col < 0 || col >= fields.size())
        return {};
    return decode(fields.at(col));
}

QStringList CsvTable::rowFields(qsizetype row) const
{
    QStringList values;
    for (const QByteArray& f : m_lines.at(m_rowLines.at(row)).fields)
        values.append(decode(f));
    return values;
}

qsizetype CsvTable::rowLineNumber(qsizetype row) const
{
    return m_lines.at(m_rowLines.at(row)).lineNumber;
}

void CsvTable::appendRow(const QStringList& fields)
{
    terminateLastLine();
    Line line;
    line.kind = LineKind::Row;
    for (const QString& value : fields)
        line.fields.append(value.toUtf8());
    line.content = encodeRecord(line.fields);
    line.terminator = m_lineEnding;
    m_rowLines.append(m_lines.size());
    m_lines.append(std::move(line));
}

void CsvTable::removeRow(qsizetype row)
{
    m_lines.removeAt(m_rowLines.at(row));
    rebuildRowIndex();
}

void CsvTable::setField(qsizetype row, qsizetype col, const QString& value)
{
    Line& line = m_lines[m_rowLines.at(row)];
    if (line.fields.size() <= col)
        line.fields.resize(col + 1);
    line.fields[col] = value.toUtf8();
    line.content = encodeRecord(line.fields);
}

qsizetype CsvTable::addColumn(const QString& name)
{
    Line& header = m_lines[m_headerLine];
    header.fields.append(name.toUtf8());
    header.content = encodeRecord(header.fields);
    return header.fields.size() - 1;
}

QByteArray CsvTable::serialize() const
{
    qsizetype total = m_hasBom ? kUtf8Bom.size() : 0;
    for (const Line& line : m_lines)
        total += line.content.size() + line.terminator.size();
    QByteArray out;
    out.reserve(total);
    if (m_hasBom)
        out += kUtf8Bom;
    for (const Line& line : m_lines) {
        out += line.content;
        out += line.terminator;
    }
    return out;
}

QByteArray CsvTable::encodeRecord(const QList<QByteArray>& fields)
{
    QByteArray out;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0)
            out += ',';
        const QByteArray& f = fields.at(i);
        if (needsQuoting(f)) {
            out += '"';
            out += QByteArray(f).replace('"', QByteArrayLiteral("\"\""));
            out += '"';
        } else {
            out += f;
        }
    }
    // A record of one empty field would otherwise be an empty line, which readers skip as blank.
    if (out.isEmpty())
        out = QByteArrayLiteral("\"\"");
    return out;
}

void CsvTable::rebuildRowIndex()
{
    m_rowLines.clear();
    for (qsizetype i = 0; i < m_lines.size(); ++i) {
        if (m_lines.at(i).kind == LineKind::Row)
            m_rowLines.append(i);
    }
}

void CsvTable::terminateLastLine()
{
    Line& last = m_lines.last();
    if (!last.terminator.isEmpty())
        return;
    // A last line that ends in a lone CR (data, not a line ending) followed by "\n" would read back
    // as a CRLF line ending and lose the CR from its last field; "\r\n" keeps it data.
    last.terminator = last.content.endsWith('\r') ? QByteArrayLiteral("\r\n") : m_lineEnding;
}

} // namespace tw
