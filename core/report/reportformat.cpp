// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/report/reportformat.h"

#include <QCoreApplication>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace tw {

std::optional<ReportFormat> reportFormatFromName(QStringView name)
{
    if (name == u"html")
        return ReportFormat::Html;
    if (name == u"pdf")
        return ReportFormat::Pdf;
    if (name == u"md" || name == u"markdown")
        return ReportFormat::Markdown;
    if (name == u"csv")
        return ReportFormat::Csv;
    if (name == u"json")
        return ReportFormat::Json;
    return std::nullopt;
}

ReportFormat reportFormatForPath(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"htm")
        return ReportFormat::Html;
    if (suffix == u"markdown")
        return ReportFormat::Markdown;
    for (ReportFormat format : kReportFormats)
        if (suffix == reportFormatSuffix(format))
            return format;
    return ReportFormat::Html;
}

QString reportFormatSuffix(ReportFormat format)
{
    switch (format) {
    case ReportFormat::Html:
        return u"html"_s;
    case ReportFormat::Pdf:
        return u"pdf"_s;
    case ReportFormat::Markdown:
        return u"md"_s;
    case ReportFormat::Csv:
        return u"csv"_s;
    case ReportFormat::Json:
        return u"json"_s;
    }
    return u"html"_s;
}

QString reportFormatLabel(ReportFormat format)
{
    switch (format) {
    case ReportFormat::Html:
        return QCoreApplication::translate("tw::ReportFormat", "HTML report (*.html *.htm)");
    case ReportFormat::Pdf:
        return QCoreApplication::translate("tw::ReportFormat", "PDF report (*.pdf)");
    case ReportFormat::Markdown:
        return QCoreApplication::translate("tw::ReportFormat", "Markdown for tickets (*.md)");
    case ReportFormat::Csv:
        return QCoreApplication::translate("tw::ReportFormat", "CSV, safe for spreadsheets (*.csv)");
    case ReportFormat::Json:
        return QCoreApplication::translate("tw::ReportFormat", "JSON with the run manifest (*.json)");
    }
    return {};
}

} // namespace tw
