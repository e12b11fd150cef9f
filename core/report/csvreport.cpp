// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/report/csvreport.h"

#include "core/detection/risk.h"
#include "core/lists/csvtable.h"
#include "core/report/reporttext.h"

#include <algorithm>

namespace tw {

namespace {

// One name a line, like eventName; the first name decides whether the cell needs its quote.
QByteArray linesCell(const QStringList& names)
{
    QStringList shown;
    for (const QString& n : names)
        shown << ReportText::visible(n);
    const bool formula = !names.isEmpty() && ReportText::startsFormula(names.front());
    return ((formula ? QStringLiteral("'") : QString()) + shown.join(u'\n')).toUtf8();
}

QByteArray knownCell(const ReportFinding& f, quint64 value)
{
    return f.riskKnown ? QByteArray::number(value) : QByteArray(kRiskNotAvailable);
}

// The sensitive calls, marked and counted, one a line (the first f.sensitiveApis of f.apis).
QByteArray sensitiveCell(const ReportFinding& f)
{
    if (!f.riskKnown)
        return kRiskNotAvailable;
    QStringList shown;
    for (qsizetype i = 0; i < f.sensitiveApis && i < f.apis.size(); ++i)
        shown << ReportText::visible(f.apis[i]);
    return shown.join(u'\n').toUtf8();
}

} // namespace

QByteArray csvReport(const ReportData& data)
{
    ReportBuffer buffer;
    writeCsvReport(data, buffer.sink());
    return buffer.bytes();
}

bool writeCsvReport(const ReportData& data, const ReportSink& sink)
{
    constexpr qsizetype kChunk = 256 * 1024;
    // Splunk's columns, the principal class and the risk (docs/detection.md, Risk); a look-alike
    // among the findings adds a last column that names what each user can be mistaken for.
    const bool lookalikes = std::any_of(data.result.findings.begin(), data.result.findings.end(),
                                        [](const UserActivity& a) { return !a.confusableWith.isEmpty(); });
    QByteArray out =
        "user,count,firstTime,lastTime,eventName,class,classEvidence,risk,riskExplanation,writeCalls,"
        "failedCalls,sensitiveApis";
    if (lookalikes)
        out += ",confusableWith";
    // With scan --review: new since the last review and the triage, last. Owner, ticket and note are
    // typed by people (and may be pasted from logs): neutralised like every other text cell.
    const bool review = !data.review.empty();
    out += review ? ",new,newSince,status,owner,ticket,note" : "";
    // With account aliases: the accounts with their names, one a line, after every other column so
    // that a sheet or script reading the columns above by position keeps working.
    const bool aliases = data.aliases != nullptr;
    out += aliases ? ",accounts\n" : "\n";
    for (std::size_t i = 0; i < data.size(); ++i) {
        if (out.size() > kChunk) {
            if (!sink(out))
                return false;
            out.clear();
        }
        const ReportFinding f = data.headline(i);
        // Each name is made visible on its own so that the newline between names is the only one;
        // only the cell's start matters to a spreadsheet.
        QStringList names;
        names.reserve(f.eventNames.size());
        for (const QString& n : f.eventNames)
            names << ReportText::visible(n);
        const bool formula = !f.eventNames.isEmpty() && ReportText::startsFormula(f.eventNames.front());
        QByteArrayList record{ReportText::spreadsheetCell(f.user).toUtf8(),
                              QByteArray::number(f.count),
                              formatSplunkTime(f.firstTime).toUtf8(),
                              formatSplunkTime(f.lastTime).toUtf8(),
                              ((formula ? QStringLiteral("'") : QString()) + names.join(u'\n')).toUtf8(),
                              f.principalClass.toUtf8(),
                              ReportText::spreadsheetCell(f.classEvidence).toUtf8(),
                              knownCell(f, static_cast<quint64>(f.risk)),
                              ReportText::spreadsheetCell(f.riskExplanation).toUtf8(),
                              knownCell(f, f.writeCalls),
                              knownCell(f, f.failedCalls),
                              sensitiveCell(f)};
        if (lookalikes)
            record << linesCell(f.confusableWith);
        if (review && i < data.review.size()) {
            const FindingReview& r = data.review[i];
            record << (r.since.isNew ? QByteArray("true") : QByteArray("false"))
                   << ReportText::spreadsheetCell(r.since.describe()).toUtf8()
                   << triageStatusName(r.status).toUtf8() << ReportText::spreadsheetCell(r.owner).toUtf8()
                   << ReportText::spreadsheetCell(r.ticket).toUtf8()
                   << ReportText::spreadsheetCell(r.note).toUtf8();
        }
        if (aliases)
            record << linesCell(data.accountLabels(f.accounts));
        out += CsvTable::encodeRecord(record);
        out += '\n';
    }
    return sink(out);
}

} // namespace tw
