// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/report/reportdata.h"

#include <QString>

namespace tw {

// The findings report as Markdown (CommonMark + GFM tables) for tickets: summary, findings table,
// per finding its detail with a text sparkline of its activity, the detection and the manifest.
// Log values are escaped (ReportText::markdown) and never put in code spans, where escapes do not work.
QString markdownReport(const ReportData& data);
// The same, streamed to sink (see writeHtmlReport); false when the sink failed.
bool writeMarkdownReport(const ReportData& data, const ReportSink& sink);

} // namespace tw
