// SPDX-License-Identifier: GPL-3.0-or-later

// The PDF report: a real PDF with the findings' text on numbered pages, hostile values inert, and
// trailwarden-cli writing it without a display. Text and page count come from poppler-utils
// (pdftotext, pdfinfo), which the build requires unless configured with
// -DTRAILWARDEN_TEST_WITH_POPPLER=OFF; then only the structure is checked.

#include "core/analysissession.h"
#include "core/lists/reviewfile.h"
#include "core/report/pdf/pdfreport.h"
#include "core/report/reportpipeline.h"
#include "core/report/reporttext.h"
#include "tests/support/testsupport.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace tw;
using namespace Qt::StringLiterals;

namespace {

const QString kData = QStringLiteral(TRAILWARDEN_TEST_DATA);

ReportData load(const QString& path)
{
    AnalysisSession session;
    session.load({path});
    session.waitForLoad();
    return buildReportData(session.store(), *session.result(),
                           buildManifest(*session.store(), *session.result(), {path}, {}, {}, {}, {}));
}

// pdftotext's text with all white space removed: lines break wherever the layout wrapped them.
QString pdfText(const QString& pdf)
{
    QProcess p;
    p.start(u"pdftotext"_s, {u"-enc"_s, u"UTF-8"_s, pdf, u"-"_s});
    p.waitForFinished(60000);
    return QString::fromUtf8(p.readAllStandardOutput()).remove(QRegularExpression(u"\\s+"_s));
}

int pdfPages(const QString& pdf)
{
    QProcess p;
    p.start(u"pdfinfo"_s, {pdf});
    p.waitForFinished(60000);
    const auto match =
        QRegularExpression(u"Pages:\\s+(\\d+)"_s).match(QString::fromUtf8(p.readAllStandardOutput()));
    return match.hasMatch() ? match.captured(1).toInt() : -1;
}

bool havePoppler()
{
    return !QStandardPaths::findExecutable(u"pdftotext"_s).isEmpty() &&
           !QStandardPaths::findExecutable(u"pdfinfo"_s).isEmpty();
}

} // namespace

// The PDF's text is read back with poppler: without it a test fails, unless the build was configured
// not to require it (then it is skipped, by decision).
#ifdef TRAILWARDEN_REQUIRE_POPPLER
#define REQUIRE_POPPLER_FOR_TEXT()                                                                           \
    if (!havePoppler())                                                                                      \
    QFAIL("pdftotext/pdfinfo (poppler-utils) not found at run time, though the build requires them")
#else
#define REQUIRE_POPPLER_FOR_TEXT()                                                                           \
    if (!havePoppler())                                                                                      \
    QSKIP("configured with -DTRAILWARDEN_TEST_WITH_POPPLER=OFF: the PDF's text is not checked")
#endif

class TestPdfReport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pdf_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("hostile") << kData + u"/hostile/hostile.json"_s;
        QTest::newRow("stratus") << kData + u"/corpus/stratus-red-team"_s;
    }

    void pdf()
    {
        QFETCH(QString, path);
        const ReportData data = load(path);
        const PdfDocument document = pdfReport(data);
        QVERIFY2(document.ok(), qPrintable(document.error));
        const QByteArray& pdf = document.bytes;
        QVERIFY(pdf.startsWith("%PDF-"));
        QVERIFY(pdf.trimmed().endsWith("%%EOF"));
        const int pageObjects = int(pdf.count("/Type /Page\n") + pdf.count("/Type /Page\r") +
                                    pdf.count("/Type /Page ") + pdf.count("/Type /Page/"));
        QVERIFY(pageObjects >= 1);

        if (!havePoppler()) {
#ifdef TRAILWARDEN_REQUIRE_POPPLER
            QFAIL("pdftotext/pdfinfo (poppler-utils) not found at run time, though the build requires them");
#else
            QSKIP("configured with -DTRAILWARDEN_TEST_WITH_POPPLER=OFF: text and page count not checked");
#endif
        }
        QTemporaryDir dir;
        const QString file = dir.filePath(u"report.pdf"_s);
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(pdf);
        out.close();
        const int pages = pdfPages(file);
        QVERIFY(pages >= 1);
        const QString text = pdfText(file);
        QVERIFY(text.contains(u"AWSAPIactivityfromunapprovedaccounts"_s));
        // Every page is numbered "page N of M".
        QVERIFY2(text.contains(u"page" % QString::number(pages) % u"of" % QString::number(pages)),
                 qPrintable(text.right(200)));
        for (std::size_t i = 0; i < data.size(); ++i) {
            const QString user =
                ReportText::visible(data.finding(i).user).remove(QRegularExpression(u"\\s+"_s));
            QVERIFY2(text.contains(user), qPrintable(user));
        }
        for (const QChar ch : text)
            QVERIFY2(ch.unicode() >= 0x20 && !(ch.unicode() >= 0x202A && ch.unicode() <= 0x202E) &&
                         !(ch.unicode() >= 0x2066 && ch.unicode() <= 0x2069),
                     qPrintable(QString::number(ch.unicode(), 16)));
        for (const ManifestFile& f : data.manifest.files)
            QVERIFY(text.contains(QString::fromLatin1(f.sha256.left(32))));
    }

    // Issue 14: the findings table no longer hides StopLogging in a wall of names ("+35 more"): the
    // sensitive API comes first, marked and counted, with the risk, writes and failed calls.
    void sensitiveApisInTheFindingsTable()
    {
        REQUIRE_POPPLER_FOR_TEXT();
        QTemporaryDir dir;
        const QString events = dir.filePath(u"events.jsonl"_s);
        QVERIFY(test::writeFile(events, test::sensitiveWallEvents()));
        const PdfDocument document = pdfReport(load(events));
        QVERIFY2(document.ok(), qPrintable(document.error));
        const QString file = dir.filePath(u"report.pdf"_s);
        QVERIFY(test::writeFile(file, document.bytes));
        const QString text = pdfText(file);
        const qsizetype table = text.indexOf(u"Findings#User"_s);
        const qsizetype details = text.indexOf(u"Findingdetails"_s);
        QVERIFY2(table >= 0 && details > table, qPrintable(text.left(2000)));
        const QString findings = text.mid(table, details - table);
        QVERIFY2(findings.contains(u"41,1sensitive:\u26A0StopLogging\u00D71,DescribeThing00"_s),
                 qPrintable(findings));
        QVERIFY2(text.mid(details).contains(u"Risk5:StopLogging(+3),1writecall(+1),3failedcalls(+1)"_s),
                 qPrintable(text.mid(details)));
    }

    // Issue 14: with the review file (File ▸ Export of a window that has a list), the PDF's findings
    // table marks each finding new or not and gives its status; the details give owner, ticket, note.
    void reviewMarks()
    {
        REQUIRE_POPPLER_FOR_TEXT();
        QTemporaryDir dir;
        const QString events = dir.filePath(u"events.jsonl"_s);
        QVERIFY(test::writeFile(events, test::sensitiveWallEvents()));
        const QString review = dir.filePath(u"approved.review.jsonl"_s);
        TriageChange change;
        change.status = TriageStatus::Escalated;
        change.owner = u"olga"_s;
        change.ticket = u"SEC-7"_s;
        change.note = u"trail stopped"_s;
        QVERIFY(ReviewService(review).triage({u"mallory"_s}, change, u"olga"_s, {}).ok);
        AnalysisSession session;
        session.load({events});
        session.waitForLoad();
        ReportRequest request = session.reportRequest();
        request.inputs = {events};
        request.review = std::make_shared<ReviewRecord>(loadReview(review));
        const PdfDocument document = pdfReport(prepareReport(request));
        QVERIFY2(document.ok(), qPrintable(document.error));
        const QString file = dir.filePath(u"report.pdf"_s);
        QVERIFY(test::writeFile(file, document.bytes));
        const QString text = pdfText(file);
        const qsizetype table = text.indexOf(u"Findings#User"_s);
        const qsizetype details = text.indexOf(u"Findingdetails"_s);
        QVERIFY2(table >= 0 && details > table, qPrintable(text.left(2000)));
        const QString findings = text.mid(table, details - table);
        // On paper the marks follow the user name (its row has the table's width), never a column.
        QVERIFY2(findings.contains(u"mallory·status:Escalated"_s) &&
                     findings.contains(u"quiet·new·status:New"_s) && !findings.contains(u"Review"_s),
                 qPrintable(findings));
        QVERIFY2(text.mid(details).contains(u"statusEscalated;ownerolga;ticketSEC-7;note:trailstopped"_s),
                 qPrintable(text.mid(details)));
    }

    void cliWithoutDisplay()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(u"report.pdf"_s);
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(u"QT_QPA_PLATFORM"_s);
        env.remove(u"DISPLAY"_s);
        env.remove(u"WAYLAND_DISPLAY"_s);
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(TRAILWARDEN_CLI), {u"scan"_s, u"--quiet"_s, u"--format"_s, u"pdf"_s,
                                                  u"--output"_s, file, kData + u"/hostile/hostile.json"_s});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().startsWith("%PDF-"));
        if (havePoppler())
            QVERIFY(pdfText(file).contains(u"admin[U+202E]gnp.exe"_s));
    }
};

QTEST_MAIN(TestPdfReport)
#include "tst_pdfreport.moc"
