// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/report/jsonreport.h"

#include "core/report/report.h"
#include "core/report/reportmanifest.h"

namespace tw {

std::string jsonReport(const ReportData& data, int indent)
{
    std::string out;
    writeJsonReport(
        data,
        [&out](QByteArrayView piece) {
            out.append(piece.data(), static_cast<std::size_t>(piece.size()));
            return true;
        },
        indent);
    return out;
}

bool writeJsonReport(const ReportData& data, const ReportSink& sink, int indent)
{
    // writeFindingsJson writes findingsJson's object, so the summary and findings
    // (docs/detection.md, Output) can never drift from `--format json`.
    return writeFindingsJson(
        *data.store, data.result, &data.manifest, indent, true,
        [&sink](std::string_view piece) {
            return sink(QByteArrayView(piece.data(), static_cast<qsizetype>(piece.size())));
        },
        reportWarnings(data.manifest), data.review.empty() ? nullptr : &data.review, data.aliases.get());
}

} // namespace tw
