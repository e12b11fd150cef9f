// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace tw {

// The findings report's formats, shared by `trailwarden-cli scan|import --format` and File ▸ Export
// Findings Report. A PDF needs trailwarden_pdf (Qt Gui) to be rendered; the others need core only.
enum class ReportFormat { Html, Pdf, Markdown, Csv, Json };

// In the order the export dialog offers them.
inline constexpr ReportFormat kReportFormats[] = {
    ReportFormat::Html, ReportFormat::Pdf, ReportFormat::Markdown, ReportFormat::Csv, ReportFormat::Json};

// The format a `--format` value names: html, pdf, md (or markdown), csv, json; case-sensitive, as the
// command line has always been. Empty for any other name (the CLI's table and csv-raw are no reports).
std::optional<ReportFormat> reportFormatFromName(QStringView name);

// The format a file name asks for by its suffix (any case; .htm and .markdown too); HTML when it
// names none we know.
ReportFormat reportFormatForPath(const QString& path);

// The suffix a new file of this format gets, without the dot: "html", "pdf", "md", "csv", "json".
QString reportFormatSuffix(ReportFormat format);

// A save dialog's name filter for the format, translated: "HTML report (*.html *.htm)".
QString reportFormatLabel(ReportFormat format);

} // namespace tw
