// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/report/reportdata.h"

#include <QString>

namespace tw {

// Who renders the HTML.
enum class HtmlFlavor {
    // A browser: one self-contained file, inline CSS and inline SVG charts, nothing fetched (a
    // Content-Security-Policy forbids it, and forbids scripts, should escaping ever fail).
    Browser,
    // QTextDocument (the PDF): the same content in the HTML subset Qt renders; charts are
    // <img src="twchart:overview"> and <img src="twchart:N"> (N = finding index) resources that the
    // renderer supplies (chartResourceName()).
    QtRichText,
};

// The findings report as HTML: summary, activity overview, the findings table, per finding its
// APIs, accounts, regions, source IPs, user agents and activity, the detection's metadata and the
// run manifest. Well-formed XML as well as HTML, so a plain XML reader can check it.
QString htmlReport(const ReportData& data, HtmlFlavor flavor = HtmlFlavor::Browser);
// The same, streamed to sink in pieces of about kReportChunk characters, so that memory does not
// grow with the findings; false when the sink failed.
bool writeHtmlReport(const ReportData& data, const ReportSink& sink, HtmlFlavor flavor = HtmlFlavor::Browser);

// The resource names QtRichText uses for charts; finding < 0 is the overview.
QString chartResourceName(int finding);

// How much text a streaming report writer gathers before it hands it to its sink.
inline constexpr qsizetype kReportChunk = 128 * 1024;

// Numbers as reports show them: "1,234,567".
QString reportNumber(quint64 n);

// Shown in report tables per finding before "and N more"; the JSON and CSV reports keep all.
inline constexpr int kReportTallyLimit = 8;

} // namespace tw
