// SPDX-License-Identifier: GPL-3.0-or-later
// A streamed report's memory does not grow with the number of findings (issue 10, hostile
// shapes): each finding's detail exists only while it is written. Measured by counting, not by
// time: the heap in use (glibc's mallinfo2) sampled at every piece a writer hands to its sink, for
// N and 4N findings of one event each. Holding every finding's detail cost about 2 KB a finding.

#include "core/analysissession.h"
#include "core/report/csvreport.h"
#include "core/report/htmlreport.h"
#include "core/report/jsonreport.h"
#include "core/report/markdownreport.h"
#include "core/report/reportdata.h"
#include "core/report/reportmanifest.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <malloc.h>

#include <algorithm>
#include <functional>

using namespace tw;

namespace {

// Bytes of the heap in use now, small blocks and mmapped ones.
qint64 heapInUse()
{
    const struct mallinfo2 m = mallinfo2();
    return static_cast<qint64>(m.uordblks + m.hblkhd);
}

// n events by n distinct IAM users, one JSON record a line (like bench/gen_distinct_users.py).
bool writeDistinctUsers(const QString& path, int n)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    for (int i = 0; i < n; ++i) {
        const QByteArray user = "user-" + QByteArray::number(i).rightJustified(7, '0');
        const QByteArray time = "2026-11-" + QByteArray::number(1 + i % 28).rightJustified(2, '0') + 'T' +
                                QByteArray::number(i % 24).rightJustified(2, '0') + ':' +
                                QByteArray::number(i % 60).rightJustified(2, '0') + ":00Z";
        f.write(R"({"eventVersion":"1.08","userIdentity":{"type":"IAMUser","accountId":"111111111111",)"
                R"("userName":")" +
                user + R"("},"eventTime":")" + time +
                R"(","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","awsRegion":"us-east-1",)"
                R"("sourceIPAddress":"198.51.100.)" +
                QByteArray::number(i % 250) + R"(","userAgent":"aws-cli/2.15","eventID":"e)" +
                QByteArray::number(i) + R"(","readOnly":true,"eventType":"AwsApiCall"})" + '\n');
    }
    return f.error() == QFileDevice::NoError;
}

using Writer = std::function<bool(const ReportData&, const ReportSink&)>;

struct Loaded
{
    QTemporaryDir dir;
    AnalysisSession session;
};

struct Measured
{
    qint64 growth = 0; // peak heap in use while writing, over the heap before the report
    qint64 marks = 0;  // pieces of the output that appear once a finding, to see it was written whole
};

// Builds the report's data and writes it with the heap sampled at every piece. The store, the
// detection result and the manifest exist before the first sample: only what the report adds is
// measured.
Measured measure(const AnalysisSession& session, const Writer& write, const QByteArray& mark)
{
    Measured out;
    DetectionResult shown = *session.result();
    ManifestOptions options;
    options.hashFiles = false;
    RunManifest manifest = buildManifest(*session.store(), shown, {}, {}, {}, {}, {}, options);

    const qint64 before = heapInUse();
    qint64 peak = before;
    {
        const ReportData data = buildReportData(session.store(), std::move(shown), std::move(manifest));
        peak = std::max(peak, heapInUse());
        write(data, [&](QByteArrayView piece) {
            peak = std::max(peak, heapInUse());
            out.marks += QByteArray::fromRawData(piece.data(), piece.size()).count(mark);
            return true;
        });
    }
    out.growth = peak - before;
    return out;
}

} // namespace

class TestReportMemory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        for (int i = 0; i < 2; ++i) {
            const int n = i == 0 ? kSmall : 4 * kSmall;
            auto& l = m_loaded[i];
            const QString path = l.dir.filePath(QStringLiteral("users.jsonl"));
            QVERIFY(l.dir.isValid() && writeDistinctUsers(path, n));
            l.session.load({path});
            l.session.waitForLoad();
            QCOMPARE(l.session.result()->findings.size(), std::size_t(n));
        }
    }

    void doesNotGrowWithFindings_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<QByteArray>("mark");
        QTest::newRow("html") << 0 << QByteArray("</section>");
        QTest::newRow("html qt") << 1 << QByteArray("</section>");
        QTest::newRow("markdown") << 2 << QByteArray("### ");
        QTest::newRow("csv") << 3 << QByteArray("\n");
        QTest::newRow("json") << 4 << QByteArray("\"user\"");
    }

    void doesNotGrowWithFindings()
    {
        QFETCH(int, format);
        QFETCH(QByteArray, mark);
        const Writer writers[] = {
            [](const ReportData& d, const ReportSink& s) { return writeHtmlReport(d, s); },
            [](const ReportData& d, const ReportSink& s) {
                return writeHtmlReport(d, s, HtmlFlavor::QtRichText);
            },
            [](const ReportData& d, const ReportSink& s) { return writeMarkdownReport(d, s); },
            [](const ReportData& d, const ReportSink& s) { return writeCsvReport(d, s); },
            [](const ReportData& d, const ReportSink& s) { return writeJsonReport(d, s, 1); },
        };
        const Measured small = measure(m_loaded[0].session, writers[format], mark);
        const Measured large = measure(m_loaded[1].session, writers[format], mark);
        // Every finding was written (CSV: one line each plus the header).
        QCOMPARE(large.marks, qint64(4 * kSmall + (format == 3 ? 1 : 0)));

        // What 3N more findings add: the events grouped by finding (12 bytes a finding of one event
        // here) and noise from the pieces in flight, well below the ~2 KB a finding of holding
        // every finding's detail.
        const double perFinding = double(large.growth - small.growth) / (3 * kSmall);
        qInfo("report heap: %lld bytes for %d findings, %lld for %d: %.1f bytes a finding", small.growth,
              kSmall, large.growth, 4 * kSmall, perFinding);
        QVERIFY2(perFinding < 100, qPrintable(QString::number(perFinding)));
    }

private:
    static constexpr int kSmall = 10000;
    Loaded m_loaded[2];
};

QTEST_GUILESS_MAIN(TestReportMemory)
#include "tst_reportmemory.moc"
