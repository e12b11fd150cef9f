// SPDX-License-Identifier: GPL-3.0-or-later
// Risk in every report format (docs/detection.md, Risk): each finding's risk and its rule, write and
// failed counts, and its sensitive APIs first, marked and counted, so that one StopLogging among 40
// names is not cut off behind "+N more". Imported engine results say "not available" instead of 0.

#include "core/analysissession.h"
#include "core/engines/engineresult.h"
#include "core/report/csvreport.h"
#include "core/report/htmlreport.h"
#include "core/report/markdownreport.h"
#include "core/report/report.h"
#include "core/report/reportdata.h"
#include "tests/support/testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace tw;
using namespace Qt::StringLiterals;

namespace {

const QString kMalloryRule = u"5: StopLogging (+3), 1 write call (+1), 3 failed calls (+1)"_s;
const QString kMark = u"\u26A0 StopLogging \u00D71"_s;

QJsonObject findingOf(const QJsonObject& doc, const QString& user)
{
    for (const QJsonValue& v : doc.value(u"findings"_s).toArray())
        if (v.toObject().value(u"user"_s).toString() == user)
            return v.toObject();
    return {};
}

// The line of a text output that names user.
QString lineOf(const QString& text, const QString& user)
{
    for (const QString& line : text.split(u'\n'))
        if (line.contains(user))
            return line;
    return {};
}

} // namespace

class TestRiskReports : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(u"events.jsonl"_s);
        QVERIFY(test::writeFile(m_path, test::sensitiveWallEvents()));
        m_session.load({m_path});
        m_session.waitForLoad();
        QVERIFY(m_session.result());
        QCOMPARE(m_session.result()->findings.size(), std::size_t(2));
        m_data =
            buildReportData(m_session.store(), *m_session.result(),
                            buildManifest(*m_session.store(), *m_session.result(), {m_path}, {}, {}, {}, {}));
    }

    void json()
    {
        const QJsonObject doc =
            QJsonDocument::fromJson(
                QByteArray::fromStdString(findingsJson(*m_session.store(), *m_session.result())))
                .object();
        const QJsonObject mallory = findingOf(doc, u"mallory"_s);
        QCOMPARE(mallory.value(u"risk"_s).toInt(-1), 5);
        QCOMPARE(mallory.value(u"riskExplanation"_s).toString(), kMalloryRule);
        QCOMPARE(mallory.value(u"writeCalls"_s).toInt(-1), 1);
        QCOMPARE(mallory.value(u"failedCalls"_s).toInt(-1), 3);
        const QJsonArray sensitive = mallory.value(u"sensitive"_s).toArray();
        QCOMPARE(sensitive.size(), 1);
        QCOMPARE(sensitive[0].toObject(), (QJsonObject{{u"eventSource"_s, u"cloudtrail.amazonaws.com"_s},
                                                       {u"eventName"_s, u"StopLogging"_s},
                                                       {u"category"_s, u"defence-evasion"_s},
                                                       {u"count"_s, 1}}));
        // eventName stays Splunk's values(eventName): distinct, byte-wise.
        QCOMPARE(mallory.value(u"eventName"_s).toArray().last().toString(), u"StopLogging"_s);
        const QJsonObject quiet = findingOf(doc, u"quiet"_s);
        QCOMPARE(quiet.value(u"risk"_s).toInt(-1), 0);
        QCOMPARE(quiet.value(u"riskExplanation"_s).toString(), u"0: no risk factor"_s);
        QCOMPARE(quiet.value(u"writeCalls"_s).toInt(-1), 0);
        QCOMPARE(quiet.value(u"failedCalls"_s).toInt(-1), 0);
        QCOMPARE(quiet.value(u"sensitive"_s).toArray(), QJsonArray());
    }

    void csv()
    {
        const QString text = QString::fromUtf8(csvReport(m_data));
        QVERIFY2(text.startsWith(u"user,count,firstTime,lastTime,eventName,class,classEvidence,risk,"
                                 u"riskExplanation,writeCalls,failedCalls,sensitiveApis\n"_s),
                 qPrintable(text.left(200)));
        QVERIFY2(text.contains(u",5,\""_s + kMalloryRule + u"\",1,3,"_s + kMark + u'\n'), qPrintable(text));
        QVERIFY2(text.contains(u",0,0: no risk factor,0,0,\n"_s), qPrintable(text));

        const QString raw = QString::fromStdString(findingsCsv(*m_session.store(), *m_session.result()));
        QVERIFY2(raw.startsWith(u"user,count,firstTime,lastTime,eventName,class,classEvidence,risk,"
                                u"riskExplanation,writeCalls,failedCalls,sensitiveApis\n"_s),
                 qPrintable(raw.left(200)));
        QVERIFY2(raw.contains(u",5,\""_s + kMalloryRule + u"\",1,3,"_s + kMark + u'\n'), qPrintable(raw));
    }

    void markdown()
    {
        const QString md = markdownReport(m_data);
        const QString row = lineOf(md, u"| mallory |"_s);
        // Risk, class, events, writes, failed, then the APIs with the sensitive one first.
        QVERIFY2(row.contains(u"| mallory | 5 | "_s) && row.contains(u" | 41 | 1 | 3 | "_s), qPrintable(row));
        QVERIFY2(row.contains(u" | "_s + kMark + u", DescribeThing00"_s), qPrintable(row));
        QVERIFY(md.contains(u"- **Risk:** "_s + kMalloryRule + u'\n'));
        QVERIFY(md.contains(u"- **Write / failed calls:** 1 / 3"_s));
        QVERIFY2(md.contains(u"- **APIs (41, 1 sensitive):** "_s + kMark + u", DescribeThing00"_s),
                 qPrintable(md));
    }

    void html()
    {
        for (HtmlFlavor flavor : {HtmlFlavor::Browser, HtmlFlavor::QtRichText}) {
            const QString html = htmlReport(m_data, flavor);
            // The findings table (the PDF's first page) shows StopLogging, marked, not "+35 more".
            const qsizetype table = html.indexOf(u"<h2>Findings</h2>"_s);
            const qsizetype details = html.indexOf(u"<h2>Finding details</h2>"_s);
            QVERIFY(table > 0 && details > table);
            const QString findings = html.mid(table, details - table);
            QVERIFY2(
                findings.contains(u"41, 1 sensitive: <span class=\"mono warn\"><b>"_s + kMark + u"</b>"_s),
                qPrintable(findings));
            // On paper the user has a row of its own above the numbers.
            const QString riskCell = flavor == HtmlFlavor::Browser
                                         ? u"mallory</a></td><td class=\"num\">5</td>"_s
                                         : u"mallory</a></td></tr><tr><td class=\"num\">5</td>"_s;
            QVERIFY2(findings.contains(riskCell), qPrintable(findings));
            QVERIFY(findings.contains(u">Writes</th>"_s) && findings.contains(u">Failed</th>"_s));
            const QString detail = html.mid(details);
            QVERIFY(detail.contains(u"<th width=\"20%\">Risk</th><td>"_s + kMalloryRule + u"</td>"_s));
            QVERIFY(detail.contains(u"<th width=\"20%\">Write / failed calls</th><td>1 / 3"_s));
        }
    }

    void table()
    {
        const QString text = QString::fromStdString(findingsTable(*m_session.store(), *m_session.result()));
        const QStringList header = text.section(u'\n', 0, 0).simplified().split(u' ');
        QCOMPARE(header.mid(0, 5), (QStringList{u"USER"_s, u"RISK"_s, u"COUNT"_s, u"WRITES"_s, u"FAILED"_s}));
        const QString row = lineOf(text, u"mallory"_s).simplified();
        QVERIFY2(row.startsWith(u"mallory 5 41 1 3 "_s), qPrintable(row));
        QVERIFY2(
            row.endsWith(u"41: "_s + kMark + u", DescribeThing00, DescribeThing01, DescribeThing02, ..."_s),
            qPrintable(row));
    }

    // An engine result counts successful and read-only calls only: risk, writes, failed and
    // sensitive calls are "not available", never 0.
    void imported()
    {
        const QString result = m_dir.filePath(u"athena.csv"_s);
        QVERIFY(test::writeFile(
            result, "\"user\",\"count\",\"readonlycount\",\"firsttime\",\"lasttime\",\"eventname\"\n"
                    "\"mallory\",\"41\",\"40\",\"2026-02-01 10:10:00\",\"2026-02-01 10:59:00\","
                    "\"[\"\"DescribeThing00\"\",\"\"StopLogging\"\"]\"\n"));
        const EngineResult imported = readEngineResults({result});
        QVERIFY2(imported.ok(), qPrintable(imported.error));
        const DetectionResult detected = detectImported(imported, {}, {}, {});
        QCOMPARE(detected.findings.size(), std::size_t(1));

        const QJsonObject doc =
            QJsonDocument::fromJson(QByteArray::fromStdString(findingsJson(*imported.store, detected)))
                .object();
        const QJsonObject mallory = findingOf(doc, u"mallory"_s);
        for (const QString& key : {u"risk"_s, u"writeCalls"_s, u"failedCalls"_s, u"sensitive"_s}) {
            QVERIFY2(mallory.contains(key), qPrintable(key));
            QVERIFY2(mallory.value(key).isNull(), qPrintable(key));
        }
        QVERIFY(mallory.value(u"riskExplanation"_s).toString().startsWith(u"not available"_s));

        const QString table = QString::fromStdString(findingsTable(*imported.store, detected));
        QVERIFY2(lineOf(table, u"mallory"_s)
                     .simplified()
                     .startsWith(u"mallory not available 41 not available not "
                                 u"available "_s),
                 qPrintable(table));
        const QString raw = QString::fromStdString(findingsCsv(*imported.store, detected));
        QVERIFY2(raw.contains(u",not available,\"not available: "_s), qPrintable(raw));
        QVERIFY2(raw.contains(u",not available,not available,not available\n"_s), qPrintable(raw));

        const ReportData data = buildReportData(
            imported.store, detected, buildManifest(*imported.store, detected, {result}, {}, {}, {}, {}));
        const QString md = markdownReport(data);
        const QString row = lineOf(md, u"| mallory |"_s);
        QVERIFY2(row.contains(u"| mallory | not available | "_s) &&
                     row.contains(u" | 41 | not available | not available | "_s),
                 qPrintable(row));
        QVERIFY(md.contains(u"- **Write / failed calls:** not available / not available"_s));
        const QString csv = QString::fromUtf8(csvReport(data));
        QVERIFY2(csv.contains(u",not available,\"not available: "_s), qPrintable(csv));
        QVERIFY2(csv.contains(u",not available,not available,not available\n"_s), qPrintable(csv));
        const QString html = htmlReport(data);
        QVERIFY(html.contains(
            u"<th width=\"20%\">Write / failed calls</th><td><span class=\"muted\">not available"_s));
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    AnalysisSession m_session;
    ReportData m_data;
};

QTEST_GUILESS_MAIN(TestRiskReports)
#include "tst_riskreports.moc"
