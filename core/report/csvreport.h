// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/report/reportdata.h"

#include <QByteArray>

namespace tw {

// The findings as CSV that is safe to open in a spreadsheet: Splunk's columns
// (user,count,firstTime,lastTime,eventName, the multivalue eventName as newline-separated values in
// one cell) followed by the principal class and its evidence (class,classEvidence), with every log
// value passed through ReportText::spreadsheetCell, so no cell starts with a formula character and
// no control or bidi character is hidden. For benign values the bytes equal Splunk's export
// (findingsCsv) in the columns they share; findingsCsv stays for pipelines that need the exact
// values. When a finding has look-alikes (UserActivity::confusableWith) a last column
// `confusableWith` lists them.
QByteArray csvReport(const ReportData& data);
// The same, streamed row by row to sink; false when the sink failed.
bool writeCsvReport(const ReportData& data, const ReportSink& sink);

} // namespace tw
