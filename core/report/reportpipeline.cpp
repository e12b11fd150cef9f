// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/report/reportpipeline.h"

#include "core/common/atomicfile.h"
#include "core/report/csvreport.h"
#include "core/report/htmlreport.h"
#include "core/report/jsonreport.h"
#include "core/report/markdownreport.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace tw {

RunManifest assembleManifest(const ReportRequest& request)
{
    QStringList inputs;
    inputs.reserve(request.inputs.size());
    for (const QString& path : request.inputs)
        inputs << QFileInfo(path).absoluteFilePath();
    RunManifest manifest =
        buildManifest(*request.store, *request.result, inputs, request.approvedPath, request.approved,
                      request.identityPath, request.identities, request.manifestOptions);
    addSuppressions(manifest, request.suppressionsPath, request.suppressions, *request.result);
    manifest.scope = request.scope;
    manifest.rangeFrom = request.rangeFrom;
    manifest.rangeTo = request.rangeTo;
    // Every format prints the scope: the range goes there, so no report omits it.
    if (const QString range = timeRangeText(request.rangeFrom, request.rangeTo); !range.isEmpty())
        manifest.scope = manifest.scope.isEmpty() ? range : manifest.scope + u"; "_s + range;
    manifest.engineResult = request.engineResult;
    if (request.aliases && !request.aliases->path().isEmpty()) {
        ManifestLookup& aliases = manifest.accountAliases;
        aliases.path = QFileInfo(request.aliases->path()).absoluteFilePath();
        aliases.entries = request.aliases->size();
        aliases.rows = request.aliases->rows();
        aliases.error = request.aliases->error();
        QString error;
        aliases.sha256 = sha256OfFile(request.aliases->path(), &error);
        if (aliases.error.isEmpty())
            aliases.error = error;
    }
    if (request.firstEvent)
        manifest.firstEvent = request.firstEvent;
    if (request.lastEvent)
        manifest.lastEvent = request.lastEvent;
    return manifest;
}

ReportData prepareReport(const ReportRequest& request)
{
    DetectionResult shown =
        request.shownUsers ? selectFindings(*request.result, *request.shownUsers) : *request.result;
    ReportData data = buildReportData(request.store, std::move(shown), assembleManifest(request));
    if (request.review)
        data.review =
            reviewFindings(findingFootprints(*data.store, data.result.rules, data.result), *request.review);
    if (request.aliases && !request.aliases->path().isEmpty())
        data.aliases = request.aliases;
    return data;
}

QString renderReport(const ReportData& data, ReportFormat format, const ReportSink& sink,
                     const ReportWriteOptions& options)
{
    bool streamed = false;
    switch (format) {
    case ReportFormat::Html:
        streamed = writeHtmlReport(data, sink);
        break;
    case ReportFormat::Markdown:
        streamed = writeMarkdownReport(data, sink);
        break;
    case ReportFormat::Csv:
        streamed = writeCsvReport(data, sink);
        break;
    case ReportFormat::Json:
        streamed = writeJsonReport(data, sink);
        break;
    case ReportFormat::Pdf: {
        if (!options.pdf)
            return u"this program was built without PDF reports"_s;
        const PdfDocument pdf = options.pdf(data);
        if (!pdf.ok())
            return pdf.error;
        streamed = sink(pdf.bytes);
        break;
    }
    }
    return streamed ? QString() : u"the report could not be written"_s;
}

QString writeReportFile(const QString& path, const ReportData& data, ReportFormat format,
                        const ReportWriteOptions& options, QStringList* warnings)
{
    AtomicFile file(path);
    QString error;
    if (file.open()) {
        error = renderReport(
            data, format, [&file](QByteArrayView bytes) { return file.write(bytes); }, options);
        if (error.isEmpty())
            file.commit();
    }
    if (warnings)
        *warnings << file.warnings();
    // The file's own reason (no space, read-only, not a regular file) says more than the
    // renderer's; a PDF that could not be laid out has only the renderer's.
    if (file.failed())
        return file.errorString();
    if (!error.isEmpty())
        return path + u": "_s + error;
    if (!file.isCommitted())
        return path + u": the report was not written"_s;
    if (format == ReportFormat::Csv && options.manifestBesideCsv)
        return writeManifestFile(manifestSidecarPath(path), data.manifest, warnings);
    return {};
}

QByteArray manifestFileBytes(const RunManifest& manifest)
{
    return QByteArray::fromStdString(manifestJson(manifest, 2)) + '\n';
}

QString writeManifestFile(const QString& path, const RunManifest& manifest, QStringList* warnings)
{
    return writeFileAtomically(path, manifestFileBytes(manifest), warnings);
}

QString manifestSidecarPath(const QString& reportPath)
{
    return reportPath + u".manifest.json"_s;
}

} // namespace tw
