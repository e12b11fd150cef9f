// SPDX-License-Identifier: GPL-3.0-or-later

// Where every trailwarden-cli command writes its output: standard output, or a file through the
// checked atomic writer (core/common/atomicfile.h), so that what a pipeline picks up is never half
// written. Reports go through the report pipeline (core/report/reportpipeline.h), as the window's.

#include "app/cliutil.h"

#include "core/common/atomicfile.h"
#include "core/report/reportpipeline.h"
#ifdef TRAILWARDEN_HAVE_PDF
#include "core/report/pdf/pdfreport.h"
#endif

#include <cerrno>
#include <cstdio>

namespace tw::cli {

namespace {

bool toStdout(QByteArrayView bytes)
{
    return std::fwrite(bytes.data(), 1, static_cast<std::size_t>(bytes.size()), stdout) ==
           static_cast<std::size_t>(bytes.size());
}

bool stdoutFailed()
{
    printErr(QStringLiteral("trailwarden-cli: cannot write to the standard output: %1")
                 .arg(systemErrorText(errno)));
    return false;
}

bool reportFileError(const QString& error, const QStringList& warnings)
{
    for (const QString& warning : warnings)
        printErr(QStringLiteral("trailwarden-cli: warning: %1").arg(warning));
    if (error.isEmpty())
        return true;
    printErr(QStringLiteral("trailwarden-cli: %1").arg(error));
    return false;
}

} // namespace

bool isStdout(const QString& path)
{
    return path.isEmpty() || path == u'-';
}

bool writeOutput(const QString& path, QByteArrayView data)
{
    if (isStdout(path))
        return toStdout(data) && std::fflush(stdout) == 0 ? true : stdoutFailed();
    QStringList warnings;
    const QString error = writeFileAtomically(path, data, &warnings);
    return reportFileError(error, warnings);
}

bool writeReportOutput(const QString& path, const ReportData& data, ReportFormat format)
{
    ReportWriteOptions options;
#ifdef TRAILWARDEN_HAVE_PDF
    options.pdf = &pdfReport;
#endif
    if (isStdout(path)) {
        bool sinkFailed = false;
        const QString error = renderReport(
            data, format,
            [&sinkFailed](QByteArrayView bytes) {
                sinkFailed = !toStdout(bytes);
                return !sinkFailed;
            },
            options);
        if (sinkFailed || (error.isEmpty() && std::fflush(stdout) != 0))
            return stdoutFailed();
        if (!error.isEmpty())
            printErr(QStringLiteral("trailwarden-cli: %1").arg(error));
        return error.isEmpty();
    }
    QStringList warnings;
    const QString error = writeReportFile(path, data, format, options, &warnings);
    return reportFileError(error, warnings);
}

bool writeManifestOutput(const QString& path, const RunManifest& manifest)
{
    return writeOutput(path, manifestFileBytes(manifest));
}

std::optional<std::shared_ptr<const AccountAliases>> loadAliasesOption(const QString& path, bool quiet)
{
    auto aliases = std::make_shared<const AccountAliases>(AccountAliases::load(path));
    if (!aliases->ok()) {
        printErr(QStringLiteral("trailwarden-cli: %1").arg(aliases->error()));
        return std::nullopt;
    }
    if (!quiet)
        for (const QString& problem : aliases->problems())
            printErr(QStringLiteral("trailwarden-cli: warning: %1").arg(problem));
    return aliases;
}

} // namespace tw::cli
