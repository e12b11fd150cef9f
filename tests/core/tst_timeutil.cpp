// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/common/timeutil.h"

#include <QTest>

using namespace tw;

class TestTimeUtil : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("formatted");
        QTest::addColumn<qint64>("millis");
        QTest::newRow("utc") << "2026-01-02T03:04:05Z" << true << "2026-01-02T03:04:05" << 0LL;
        QTest::newRow("fraction") << "2026-01-02T03:04:05.678Z" << true << "2026-01-02T03:04:05" << 678LL;
        QTest::newRow("nanos") << "2026-01-02 03:04:05.123456789" << true << "2026-01-02T03:04:05" << 123LL;
        QTest::newRow("offset +") << "2026-01-02T05:04:05+02:00" << true << "2026-01-02T03:04:05" << 0LL;
        QTest::newRow("offset -") << "2026-01-01T22:04:05-05:00" << true << "2026-01-02T03:04:05" << 0LL;
        QTest::newRow("offset compact") << "2026-01-02T05:34:05+0230" << true << "2026-01-02T03:04:05" << 0LL;
        QTest::newRow("no zone") << "2026-01-02T03:04:05" << true << "2026-01-02T03:04:05" << 0LL;
        QTest::newRow("space") << "2023-01-22 16:53:53.000" << true << "2023-01-22T16:53:53" << 0LL;
        QTest::newRow("day rollover") << "2026-03-01T00:30:00+01:00" << true << "2026-02-28T23:30:00" << 0LL;
        QTest::newRow("leap day") << "2024-02-29T12:00:00Z" << true << "2024-02-29T12:00:00" << 0LL;
        QTest::newRow("before epoch") << "1969-12-31T23:59:59.500Z" << true << "1969-12-31T23:59:59" << 500LL;
        QTest::newRow("not leap") << "2026-02-29T12:00:00Z" << false << "" << 0LL;
        QTest::newRow("redacted") << "redacted" << false << "" << 0LL;
        QTest::newRow("dots") << "..." << false << "" << 0LL;
        QTest::newRow("empty") << "" << false << "" << 0LL;
        QTest::newRow("month 13") << "2026-13-01T00:00:00Z" << false << "" << 0LL;
        QTest::newRow("hour 24") << "2026-01-01T24:00:00Z" << false << "" << 0LL;
        QTest::newRow("garbage zone") << "2026-01-01T00:00:00Q" << false << "" << 0LL;
        QTest::newRow("trailing") << "2026-01-01T00:00:00Zjunk" << false << "" << 0LL;
        QTest::newRow("empty fraction") << "2026-01-01T00:00:00.Z" << false << "" << 0LL;
        QTest::newRow("date only") << "2026-01-01" << false << "" << 0LL;
    }
    void parse()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(QString, formatted);
        QFETCH(qint64, millis);
        const QByteArray utf8 = text.toUtf8();
        const auto t =
            parseEventTime(std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size())));
        QCOMPARE(t.has_value(), valid);
        if (!valid)
            return;
        QCOMPARE(formatSplunkTime(*t), formatted);
        QCOMPARE(((*t % 1000) + 1000) % 1000, millis);
    }
    void agreesWithQt()
    {
        // Cross-check the calendar arithmetic against QDateTime over 400+ years of days.
        QDateTime dt(QDate(1900, 1, 1), QTime(12, 34, 56), Qt::UTC);
        for (int i = 0; i < 160000; i += 7) {
            const QDateTime d = dt.addDays(i);
            const QByteArray text = d.toString(Qt::ISODate).toUtf8();
            const auto t =
                parseEventTime(std::string_view(text.constData(), static_cast<std::size_t>(text.size())));
            QVERIFY2(t.has_value(), text.constData());
            QCOMPARE(*t, d.toMSecsSinceEpoch());
            QCOMPARE(formatSplunkTime(*t), d.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")));
        }
    }
};

QTEST_GUILESS_MAIN(TestTimeUtil)
#include "tst_timeutil.moc"
