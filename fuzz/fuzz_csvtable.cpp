// SPDX-License-Identifier: GPL-3.0-or-later

// libFuzzer target for CsvTable, the reader and writer of the user's lookups. Beyond "no crash"
// it checks the promises the approval service relies on: a parsed file serialises back byte for
// byte, and appending a row changes nothing but the end of the file and reads back as written.

#include "core/lists/csvtable.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace tw;

namespace {

void check(bool ok, const char* what)
{
    if (!ok) {
        std::fprintf(stderr, "invariant violated: %s\n", what);
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    QString error;
    auto table = CsvTable::parse(bytes, &error);
    if (!table) {
        check(!error.isEmpty(), "a refused file has a message");
        return 0;
    }
    check(table->serialize() == bytes, "parse then serialize is the identity");

    const qsizetype rows = table->rowCount();
    const qsizetype columns = table->columnCount();
    check(columns >= 1, "a header has at least one field");
    (void)table->columnIndex(QStringLiteral("identity"));
    QList<QStringList> before;
    for (qsizetype r = 0; r < rows; ++r) {
        before.append(table->rowFields(r));
        check(table->rowLineNumber(r) >= 1, "line numbers are 1-based");
        (void)table->field(r, columns);
    }

    // The new row's values come from the input too, so they hold quotes, commas and line breaks.
    QStringList row;
    const QString text = QString::fromUtf8(bytes.left(64));
    // mid() can split a surrogate pair, and a lone surrogate has no UTF-8 form: the values go
    // through UTF-8 once, as every value from a log or a dialog has.
    for (qsizetype c = 0; c < columns; ++c)
        row.append(QString::fromUtf8((c % 2 ? text : text.mid(static_cast<int>(c))).toUtf8()));
    table->appendRow(row);
    const QByteArray appended = table->serialize();
    auto again = CsvTable::parse(appended, &error);
    check(again.has_value(), "a file with an appended row parses");
    check(again->rowCount() == rows + 1, "the appended row is one row");
    for (qsizetype r = 0; r < rows; ++r)
        check(again->rowFields(r) == before.at(r), "appending leaves every other row as it was");
    check(again->rowFields(rows) == row, "the appended row reads back as written");
    check(appended.startsWith(bytes), "appending only adds to the end");
    return 0;
}
