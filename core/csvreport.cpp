#include "csvreport.h"

#include "csvtable.h"
#include "reporttext.h"

namespace tw {

QByteArray csvReport(const ReportData& data)
{
    ReportBuffer buffer;
    writeCsvReport(data, buffer.sink());
    return buffer.bytes();
}

bool writeCsvReport(const ReportData& data, const ReportSink& sink)
{
    constexpr qsizetype kChunk = 256 * 1024;
    QByteArray out = "user,count,firstTime,lastTime,eventName\n";
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
        out += CsvTable::encodeRecord(
            {ReportText::spreadsheetCell(f.user).toUtf8(), QByteArray::number(f.count),
             formatSplunkTime(f.firstTime).toUtf8(), formatSplunkTime(f.lastTime).toUtf8(),
             ((formula ? QStringLiteral("'") : QString()) + names.join(u'\n')).toUtf8()});
        out += '\n';
    }
    return sink(out);
}

} // namespace tw
