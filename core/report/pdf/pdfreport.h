// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/report/reportpipeline.h"

#include <QByteArray>
#include <QString>

#include <memory>

class QCoreApplication;

namespace tw {

// The findings report as PDF: the HTML report (HtmlFlavor::QtRichText) laid out by QTextDocument
// on A4 pages with page numbers, charts painted for print. Needs a QGuiApplication and must run on
// its thread (QTextDocument and fonts are not thread-safe). A PdfRenderer (reportpipeline.h).
PdfDocument pdfReport(const ReportData& data);

// A QGuiApplication for a process that has no window, only PDFs to write: uses the offscreen
// platform unless QT_QPA_PLATFORM says otherwise, so that it works without a display (cron, CI)
// and never talks to one when there is.
std::unique_ptr<QCoreApplication> createHeadlessGuiApplication(int& argc, char** argv);

} // namespace tw
