// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/lists/csvtable.h"

#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;
using tw::CsvTable;

namespace {

QByteArray fixture(const QString& name)
{
    QFile file(QStringLiteral(TRAILWARDEN_TEST_DATA "/csv/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open fixture %s", qPrintable(file.fileName()));
    return file.readAll();
}

CsvTable mustParse(const QByteArray& bytes)
{
    QString error;
    std::optional<CsvTable> table = CsvTable::parse(bytes, &error);
    if (!table)
        qFatal("parse failed: %s", qPrintable(error));
    return *table;
}

} // namespace

class TestCsvTable : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void quotedFields();
    void blankLinesAreNotRows();
    void shortAndLongRows();
    void nonUtf8();
    void columnIndex();
    void appendRowQuoting_data();
    void appendRowQuoting();
    void appendRowUsesFileLineEnding();
    void appendRowAfterMissingFinalNewline();
    void appendEmptySingleFieldRow();
    void addColumnKeepsRows();
    void removeRow();
    void setFieldReserialisesOnlyThatRow();
    void setFieldKeepsOtherFieldsBytes();
    void errors_data();
    void errors();
    void withHeader();
};

void TestCsvTable::roundTrip_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<qsizetype>("rows");
    QTest::addColumn<QByteArray>("lineEnding");
    QTest::addColumn<bool>("bom");

    QTest::newRow("lf") << u"lf.csv"_s << qsizetype(2) << QByteArray("\n") << false;
    QTest::newRow("crlf") << u"crlf.csv"_s << qsizetype(2) << QByteArray("\r\n") << false;
    QTest::newRow("bom") << u"bom.csv"_s << qsizetype(2) << QByteArray("\n") << true;
    QTest::newRow("quoted") << u"quoted.csv"_s << qsizetype(4) << QByteArray("\n") << false;
    QTest::newRow("no trailing newline")
        << u"no_trailing_newline.csv"_s << qsizetype(2) << QByteArray("\n") << false;
    QTest::newRow("blank lines") << u"blank_lines.csv"_s << qsizetype(2) << QByteArray("\n") << false;
    QTest::newRow("extra columns") << u"extra_columns.csv"_s << qsizetype(3) << QByteArray("\n") << false;
    QTest::newRow("non-utf8") << u"non_utf8.csv"_s << qsizetype(3) << QByteArray("\n") << false;
    QTest::newRow("approved rich") << u"approved_rich.csv"_s << qsizetype(5) << QByteArray("\r\n") << true;
    QTest::newRow("identity list") << u"identity_list.csv"_s << qsizetype(4) << QByteArray("\n") << false;
}

void TestCsvTable::roundTrip()
{
    QFETCH(QString, file);
    QFETCH(qsizetype, rows);
    QFETCH(QByteArray, lineEnding);
    QFETCH(bool, bom);

    const QByteArray bytes = fixture(file);
    const CsvTable table = mustParse(bytes);
    QCOMPARE(table.serialize(), bytes);
    QCOMPARE(table.rowCount(), rows);
    QCOMPARE(table.lineEnding(), lineEnding);
    QCOMPARE(table.hasBom(), bom);
    QCOMPARE(table.header().value(0), u"identity"_s);
}

void TestCsvTable::quotedFields()
{
    const CsvTable table = mustParse(fixture(u"quoted.csv"_s));
    QCOMPARE(table.header(), QStringList({u"identity"_s, u"note"_s, u"owner"_s}));
    QCOMPARE(table.field(0, 1), u"comma, inside"_s);
    QCOMPARE(table.field(1, 1), u"say \"hi\""_s);
    QCOMPARE(table.field(2, 1), u"line one\nline two\r\nline three"_s);
    QCOMPARE(table.field(2, 2), u"ops"_s);
    QCOMPARE(table.field(3, 0), u"quoted-id"_s);
    QCOMPARE(table.field(3, 1), QString());
    // The row after the one with embedded newlines starts on line 7 of the file.
    QCOMPARE(table.rowLineNumber(2), qsizetype(4));
    QCOMPARE(table.rowLineNumber(3), qsizetype(7));
}

void TestCsvTable::blankLinesAreNotRows()
{
    const CsvTable table = mustParse(fixture(u"blank_lines.csv"_s));
    QCOMPARE(table.header(), QStringList({u"identity"_s, u"note"_s}));
    QCOMPARE(table.rowCount(), qsizetype(2));
    QCOMPARE(table.field(0, 0), u"svc-deploy"_s);
    QCOMPARE(table.field(1, 0), u"svc-backup"_s);
    QCOMPARE(table.rowLineNumber(1), qsizetype(7));
}

void TestCsvTable::shortAndLongRows()
{
    const CsvTable table = mustParse(fixture(u"extra_columns.csv"_s));
    QCOMPARE(table.rowFields(0), QStringList({u"svc-deploy"_s, u"ci pipeline"_s, u"extra1"_s, u"extra2"_s}));
    QCOMPARE(table.field(1, 0), u"svc-backup"_s);
    QCOMPARE(table.field(1, 1), QString());
    QCOMPARE(table.field(1, 7), QString());
    QCOMPARE(table.rowFields(2).size(), qsizetype(3));
}

void TestCsvTable::nonUtf8()
{
    const QByteArray bytes = fixture(u"non_utf8.csv"_s);
    CsvTable table = mustParse(bytes);
    QCOMPARE(table.field(0, 1), u"caf\uFFFD latin-1"_s);
    QVERIFY(table.field(1, 0).startsWith(u"svc-"_s));
    QVERIFY(table.field(1, 0).contains(QChar::ReplacementCharacter));

    // Editing another row leaves the undecodable bytes alone.
    table.setField(2, 1, u"changed"_s);
    QByteArray expected = bytes;
    expected.replace("svc-backup,ok", "svc-backup,changed");
    QCOMPARE(table.serialize(), expected);
    QVERIFY(table.serialize().contains("caf\xe9 latin-1\nsvc-\xff\xfe,bad bytes\n"));
}

void TestCsvTable::columnIndex()
{
    const CsvTable table = mustParse("Identity,identity,Note\nx,y,z\n");
    QCOMPARE(table.columnIndex(u"identity"), qsizetype(1)); // exact beats case-insensitive
    QCOMPARE(table.columnIndex(u"Identity"), qsizetype(0));
    QCOMPARE(table.columnIndex(u"note"), qsizetype(2)); // case-insensitive fallback
    QCOMPARE(table.columnIndex(u"missing"), qsizetype(-1));
    QCOMPARE(table.columnCount(), qsizetype(3));
}

void TestCsvTable::appendRowQuoting_data()
{
    QTest::addColumn<QStringList>("fields");
    QTest::addColumn<QByteArray>("line");

    QTest::newRow("plain") << QStringList({u"svc-a"_s, u"b"_s}) << QByteArray("svc-a,b\n");
    QTest::newRow("comma") << QStringList({u"a,b"_s, u"c"_s}) << QByteArray("\"a,b\",c\n");
    QTest::newRow("quote") << QStringList({u"say \"hi\""_s}) << QByteArray("\"say \"\"hi\"\"\"\n");
    QTest::newRow("newline") << QStringList({u"a\nb"_s, u"c\r\nd"_s}) << QByteArray("\"a\nb\",\"c\r\nd\"\n");
    QTest::newRow("lone cr") << QStringList({u"a\rb"_s}) << QByteArray("\"a\rb\"\n");
    QTest::newRow("leading space") << QStringList({u" a"_s, u"b "_s}) << QByteArray("\" a\",\"b \"\n");
    QTest::newRow("inner space") << QStringList({u"a b"_s}) << QByteArray("a b\n");
    QTest::newRow("empty middle") << QStringList({u"a"_s, QString(), u"c"_s}) << QByteArray("a,,c\n");
    QTest::newRow("non-ascii") << QStringList({u"jos\u00e9"_s}) << QByteArray("jos\xc3\xa9\n");
}

void TestCsvTable::appendRowQuoting()
{
    QFETCH(QStringList, fields);
    QFETCH(QByteArray, line);

    const QByteArray original = fixture(u"lf.csv"_s);
    CsvTable table = mustParse(original);
    table.appendRow(fields);
    QCOMPARE(table.serialize(), original + line);
    QCOMPARE(table.rowCount(), qsizetype(3));
    QCOMPARE(table.rowFields(2), fields);

    // What was written reads back as the same values.
    const CsvTable reread = mustParse(table.serialize());
    QCOMPARE(reread.rowFields(2), fields);
}

void TestCsvTable::appendRowUsesFileLineEnding()
{
    const QByteArray original = fixture(u"crlf.csv"_s);
    CsvTable table = mustParse(original);
    table.appendRow({u"svc-new"_s, u"x"_s});
    QCOMPARE(table.serialize(), original + "svc-new,x\r\n");
}

void TestCsvTable::appendRowAfterMissingFinalNewline()
{
    const QByteArray original = fixture(u"no_trailing_newline.csv"_s);
    CsvTable table = mustParse(original);
    table.appendRow({u"svc-new"_s, u"x"_s});
    QCOMPARE(table.serialize(), original + "\nsvc-new,x\n");

    // A header-only file without a newline, with CRLF nowhere to be seen, gets LF.
    CsvTable headerOnly = mustParse("identity");
    QCOMPARE(headerOnly.rowCount(), qsizetype(0));
    headerOnly.appendRow({u"svc-a"_s});
    QCOMPARE(headerOnly.serialize(), QByteArray("identity\nsvc-a\n"));
}

void TestCsvTable::appendEmptySingleFieldRow()
{
    CsvTable table = mustParse("identity\n");
    table.appendRow({QString()});
    QCOMPARE(table.serialize(), QByteArray("identity\n\"\"\n"));
    QCOMPARE(mustParse(table.serialize()).rowCount(), qsizetype(1));
}

void TestCsvTable::addColumnKeepsRows()
{
    const QByteArray original = fixture(u"crlf.csv"_s);
    CsvTable table = mustParse(original);
    QCOMPARE(table.addColumn(u"approved_by"_s), qsizetype(2));
    QCOMPARE(table.addColumn(u"odd, name"_s), qsizetype(3));
    QByteArray expected = original;
    expected.replace("identity,note\r\n", "identity,note,approved_by,\"odd, name\"\r\n");
    QCOMPARE(table.serialize(), expected);
    QCOMPARE(table.field(0, 2), QString());

    // BOM and a header without a newline survive too.
    CsvTable bom = mustParse("\xef\xbb\xbfidentity");
    bom.addColumn(u"reason"_s);
    QCOMPARE(bom.serialize(), QByteArray("\xef\xbb\xbfidentity,reason"));
}

void TestCsvTable::removeRow()
{
    const QByteArray original = fixture(u"approved_rich.csv"_s);
    CsvTable table = mustParse(original);
    table.removeRow(2); // the row whose reason spans two lines
    QByteArray expected = original;
    expected.replace("svc-backup,carol,2026-03-10T08:00:00Z,\"nightly backup\r\nruns at 02:00\",OPS-7\r\n",
                     "");
    QVERIFY(expected.size() < original.size());
    QCOMPARE(table.serialize(), expected);
    QCOMPARE(table.rowCount(), qsizetype(4));
    QCOMPARE(table.field(2, 0), u"svc-*"_s);

    // Blank lines around a removed row stay.
    CsvTable blank = mustParse(fixture(u"blank_lines.csv"_s));
    blank.removeRow(0);
    QCOMPARE(blank.serialize(), QByteArray("\nidentity,note\n\n   \n\t\nsvc-backup,nightly\n\n"));
}

void TestCsvTable::setFieldReserialisesOnlyThatRow()
{
    const QByteArray original = fixture(u"quoted.csv"_s);
    CsvTable table = mustParse(original);
    table.setField(0, 2, u"sec, ops"_s);
    QByteArray expected = original;
    expected.replace("svc-a,\"comma, inside\",ops\n", "svc-a,\"comma, inside\",\"sec, ops\"\n");
    QCOMPARE(table.serialize(), expected);

    // Beyond the end of a short row: pads with empty fields.
    CsvTable shortRows = mustParse(fixture(u"extra_columns.csv"_s));
    shortRows.setField(1, 3, u"x"_s);
    QCOMPARE(shortRows.serialize(),
             QByteArray("identity,note\nsvc-deploy,ci pipeline,extra1,extra2\nsvc-backup,,,x\nsvc-ops,,\n"));
}

void TestCsvTable::setFieldKeepsOtherFieldsBytes()
{
    CsvTable table = mustParse("identity,note\nsvc-\xff,old\r\n");
    table.setField(0, 1, u"new"_s);
    QCOMPARE(table.serialize(), QByteArray("identity,note\nsvc-\xff,new\r\n"));
}

void TestCsvTable::errors_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("message");

    QTest::newRow("empty") << fixture(u"empty.csv"_s) << u"file is empty, no header row"_s;
    QTest::newRow("bom only") << fixture(u"bom_only.csv"_s) << u"file is empty, no header row"_s;
    QTest::newRow("blank lines only") << QByteArray("\n \r\n") << u"file is empty, no header row"_s;
    QTest::newRow("unbalanced")
        << fixture(u"unbalanced.csv"_s)
        << u"line 2: unbalanced quote: a quoted field that starts on this line is never "
           u"closed"_s;
    QTest::newRow("unbalanced after multiline field")
        << QByteArray("identity\n\"a\nb\"\n\"c\n")
        << u"line 4: unbalanced quote: a quoted field that starts on "
           u"this line is never closed"_s;
}

void TestCsvTable::errors()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, message);

    QString error;
    QVERIFY(!CsvTable::parse(bytes, &error).has_value());
    QCOMPARE(error, message);
    QVERIFY(!CsvTable::parse(bytes).has_value()); // error pointer is optional
}

void TestCsvTable::withHeader()
{
    CsvTable table = CsvTable::withHeader({u"identity"_s, u"reason"_s});
    QCOMPARE(table.serialize(), QByteArray("identity,reason\n"));
    QCOMPARE(table.rowCount(), qsizetype(0));
    table.appendRow({u"svc-a"_s, u"why, not"_s});
    QCOMPARE(table.serialize(), QByteArray("identity,reason\nsvc-a,\"why, not\"\n"));
}

QTEST_GUILESS_MAIN(TestCsvTable)
#include "tst_csvtable.moc"
