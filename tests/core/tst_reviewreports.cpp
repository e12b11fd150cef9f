// SPDX-License-Identifier: GPL-3.0-or-later
// The review file in the findings reports made through the pipeline the window's File ▸ Export uses
// (prepareReport with ReportRequest::review): every format carries, per finding, new since the last
// review, the status, owner, ticket and note, beside the risk. Without a review file none of them.

#include "core/analysissession.h"
#include "core/lists/reviewfile.h"
#include "core/report/reportpipeline.h"
#include "tests/support/testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace tw;
using namespace Qt::StringLiterals;

namespace {

// One successful call of user at 09:00:0n on 2026-10-01, in account 111111111111.
QByteArray record(const QByteArray& user, const QByteArray& api, int n)
{
    return test::cloudTrailRecord(test::Record{
               user, "t" + QByteArray::number(n), R"(,"recipientAccountId":"111111111111")",
               "2026-10-01T09:00:0" + QByteArray::number(n) + 'Z', api, "cloudtrail.amazonaws.com"}) +
           '\n';
}

QString render(const ReportData& data, ReportFormat format)
{
    ReportBuffer buffer;
    const QString error = renderReport(data, format, buffer.sink());
    return error.isEmpty() ? QString::fromUtf8(buffer.bytes()) : u"error: "_s + error;
}

QJsonObject findingOf(const QString& json, const QString& user)
{
    for (const QJsonValue& v : QJsonDocument::fromJson(json.toUtf8()).object().value(u"findings"_s).toArray())
        if (v.toObject().value(u"user"_s).toString() == user)
            return v.toObject();
    return {};
}

} // namespace

class TestReviewReports : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_logs = m_dir.filePath(u"events.jsonl"_s);
        QVERIFY(
            test::writeFile(m_logs, record("alice", "StopLogging", 1) + record("bob", "DescribeTrails", 2)));
        m_session.load({m_logs});
        m_session.waitForLoad();
        QVERIFY(m_session.result());
        QCOMPARE(m_session.result()->findings.size(), std::size_t(2));
        // A colleague triaged alice (after her events: she is not new); bob was never reviewed.
        m_review = m_dir.filePath(u"approved.review.jsonl"_s);
        TriageChange change;
        change.status = TriageStatus::Escalated;
        change.owner = u"olga"_s;
        change.ticket = u"SEC-7"_s;
        change.note = u"=stopped the trail"_s; // a formula in a spreadsheet unless neutralised
        QVERIFY(ReviewService(m_review).triage({u"alice"_s}, change, u"olga"_s, {}).ok);
    }

    void everyFormatCarriesTheReview()
    {
        ReportRequest request = m_session.reportRequest();
        request.inputs = {m_logs};
        request.review = std::make_shared<ReviewRecord>(loadReview(m_review));
        const ReportData data = prepareReport(request);
        QCOMPARE(data.review.size(), std::size_t(2));

        const QString json = render(data, ReportFormat::Json);
        const QJsonObject alice = findingOf(json, u"alice"_s);
        QCOMPARE(alice.value(u"new"_s).toBool(true), false);
        QCOMPARE(alice.value(u"status"_s).toString(), u"Escalated"_s);
        QCOMPARE(alice.value(u"owner"_s).toString(), u"olga"_s);
        QCOMPARE(alice.value(u"ticket"_s).toString(), u"SEC-7"_s);
        QCOMPARE(alice.value(u"note"_s).toString(), u"=stopped the trail"_s);
        QVERIFY(alice.value(u"risk"_s).toInt(0) > 0);
        const QJsonObject bob = findingOf(json, u"bob"_s);
        QCOMPARE(bob.value(u"new"_s).toBool(false), true);
        QCOMPARE(bob.value(u"status"_s).toString(), u"New"_s);
        QVERIFY(bob.value(u"newSince"_s).toObject().value(u"neverReviewed"_s).toBool());

        const QString csv = render(data, ReportFormat::Csv);
        QVERIFY2(csv.startsWith(u"user,count,firstTime,lastTime,eventName,class,classEvidence,risk,"_s) &&
                     csv.section(u'\n', 0, 0).endsWith(u",new,newSince,status,owner,ticket,note"_s),
                 qPrintable(csv.section(u'\n', 0, 0)));
        QVERIFY2(csv.contains(u"false,,Escalated,olga,SEC-7,'=stopped the trail"_s), qPrintable(csv));
        QVERIFY2(csv.contains(u"true,never reviewed,New,,,"_s), qPrintable(csv));

        for (ReportFormat format : {ReportFormat::Html, ReportFormat::Markdown}) {
            const QString text = render(data, format);
            for (const QString& part :
                 {u"Escalated"_s, u"olga"_s, u"SEC-7"_s, u"stopped the trail"_s, u"never reviewed"_s})
                QVERIFY2(text.contains(part), qPrintable(reportFormatLabel(format) + u": "_s + part));
        }
        // The findings table of the HTML (and of the PDF laid out from it) marks each row too, not
        // only the details further down.
        const QString html = render(data, ReportFormat::Html);
        const QString table = html.section(u"<h2>Finding details</h2>"_s, 0, 0);
        QVERIFY2(table.contains(u">Review</th>"_s), qPrintable(table));
        QVERIFY2(table.contains(u"<td><b>new</b><br/>New</td>"_s) && table.contains(u"<td>Escalated</td>"_s),
                 qPrintable(table));
    }

    void withoutAReviewFileNoMarks()
    {
        ReportRequest request = m_session.reportRequest();
        request.inputs = {m_logs};
        const ReportData data = prepareReport(request);
        QVERIFY(data.review.empty());
        QVERIFY(!findingOf(render(data, ReportFormat::Json), u"alice"_s).contains(u"status"_s));
        QVERIFY(!render(data, ReportFormat::Html).contains(u">Review</th>"_s));
    }

private:
    QTemporaryDir m_dir;
    QString m_logs, m_review;
    AnalysisSession m_session;
};

QTEST_GUILESS_MAIN(TestReviewReports)
#include "tst_reviewreports.moc"
