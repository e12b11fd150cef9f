// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/report/csvreport.h"

#include "core/lists/csvtable.h"
#include "core/report/reporttext.h"

#include <algorithm>

namespace tw {

namespace {

// One name a line, like eventName; the first name decides whether the cell needs its quote.
QByteArray lookalikeCell(const QStringList& names)
{
    QStringList shown;
    for (const QString& n : names)
        shown << ReportText::visible(n);
    const bool formula = !names.isEmpty() && ReportText::startsFormula(names.front());
    return ((formula ? QStringLiteral("'") : QString()) + shown.join(u'\n')).toUtf8();
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
    // Splunk's columns and the principal class; a look-alike among the findings adds a last
    // column that names what each user can be mistaken for.
    const bool lookalikes = std::any_of(data.result.findings.begin(), data.result.findings.end(),
                                        [](const UserActivity& a) { return !a.confusableWith.isEmpty(); });
    QByteArray out = lookalikes
                         ? "user,count,firstTime,lastTime,eventName,class,classEvidence,confusableWith\n"
                         : "user,count,firstTime,lastTime,eventName,class,classEvidence\n";
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
                              ReportText::spreadsheetCell(f.classEvidence).toUtf8()};
        if (lookalikes)
            record << lookalikeCell(f.confusableWith);
        out += CsvTable::encodeRecord(record);
        out += '\n';
    }
    return sink(out);
}

} // namespace tw
