// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace tw {

// An RFC 4180 CSV file held so that it can be edited without disturbing what was not edited.
//
// The lookups this reads and writes (aws_service_accounts.csv above all) are the user's data, maintained
// by hand, by Splunk's outputlookup and by spreadsheets. Every line therefore keeps its exact raw bytes
// (including its line ending) and serialize() reproduces the input byte for byte; an edit re-serialises
// only the line it touches. Field values are kept as unescaped UTF-8 bytes and decoded on access with
// replacement characters, so bytes that are not UTF-8 survive in untouched rows and untouched fields.
//
// Blank lines (empty, or only spaces and tabs) are not data rows: they are kept as raw lines in place, so
// row numbers count data rows only. Lines before the header that are blank are kept the same way.
//
// Value type; not thread-safe for concurrent mutation, safe to read from several threads.
class CsvTable
{
public:
    // Parses bytes as UTF-8 CSV. On failure returns nullopt and, when error is not null, sets it to a
    // message without the file name (the caller knows it), e.g. "line 7: unbalanced quote ...".
    static std::optional<CsvTable> parse(const QByteArray& bytes, QString* error = nullptr);

    // A table that has only the given header, for a file that does not exist yet.
    static CsvTable withHeader(const QStringList& header,
                               const QByteArray& lineEnding = QByteArrayLiteral("\n"), bool bom = false);

    QStringList header() const;
    qsizetype columnCount() const { return m_lines.at(m_headerLine).fields.size(); }
    // Exact match first, then case-insensitive; -1 when no column has that name.
    qsizetype columnIndex(QStringView name) const;

    qsizetype rowCount() const { return m_rowLines.size(); }
    // Empty when the row has fewer fields than col + 1 (Splunk reads missing trailing fields as empty).
    QString field(qsizetype row, qsizetype col) const;
    QStringList rowFields(qsizetype row) const;
    // 1-based line number in the file where the row starts, for messages that point into the file.
    qsizetype rowLineNumber(qsizetype row) const;

    // Appends a row with the file's line ending, quoting only where needed. When the file's last line had
    // no terminating newline, one is added to it first so the new row starts on its own line.
    void appendRow(const QStringList& fields);
    void removeRow(qsizetype row);
    // Re-serialises only this row; pads it with empty fields when it is shorter than col + 1.
    void setField(qsizetype row, qsizetype col, const QString& value);
    // Appends a column to the header and returns its index. Only the header line is re-serialised:
    // existing rows keep their raw bytes and so become "short" rows. That is deliberate: a CSV lookup
    // in Splunk treats missing trailing fields as empty, and keeping the rows untouched is what lets a
    // reviewer see that adding provenance columns changed nothing else in the file.
    qsizetype addColumn(const QString& name);

    QByteArray serialize() const;
    // "\n" or "\r\n", taken from the header line (the file's first line); "\n" when it has none.
    QByteArray lineEnding() const { return m_lineEnding; }
    bool hasBom() const { return m_hasBom; }

    // The bytes of one record as appendRow() would write them, without a line ending.
    static QByteArray encodeRecord(const QList<QByteArray>& fields);

private:
    CsvTable() = default;

    enum class LineKind { Blank, Header, Row };
    struct Line
    {
        LineKind kind = LineKind::Blank;
        QByteArray content;    // the raw bytes without the line ending
        QByteArray terminator; // "\n", "\r\n" or "" (last line without a newline)
        QList<QByteArray> fields;
        qsizetype lineNumber = 0;
    };

    void rebuildRowIndex();
    void terminateLastLine();

    QList<Line> m_lines;
    QList<qsizetype> m_rowLines; // index into m_lines of each data row, in order
    qsizetype m_headerLine = 0;
    QByteArray m_lineEnding = QByteArrayLiteral("\n");
    bool m_hasBom = false;
};

} // namespace tw
