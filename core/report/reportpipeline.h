// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/detection/detection.h"
#include "core/detection/suppressions.h"
#include "core/ingest/eventstore.h"
#include "core/lists/accountaliases.h"
#include "core/lists/identitylists.h"
#include "core/report/reportdata.h"
#include "core/report/reportformat.h"
#include "core/report/reportmanifest.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace tw {

// The one way a findings report is made, for `trailwarden-cli scan|import` and File ▸ Export
// Findings Report alike: a ReportRequest (what was loaded and with which lists, which findings to
// report) -> prepareReport() (the run manifest and the findings' events: blocks, hashes the inputs)
// -> writeReportFile() or renderReport() (streamed, so memory does not grow with the findings).
// Two front-ends given the same request write the same bytes; only the manifest's `generated`
// time (and a PDF's creation date) differ between two runs.

// What a report is made of. Plain data: copy it to a worker thread.
struct ReportRequest
{
    std::shared_ptr<const EventStore> store;
    std::shared_ptr<const DetectionResult> result; // the whole detection
    // The findings to report, by user string id, in this order (a view's filter and sort); unset:
    // every finding in the detection's order.
    std::optional<std::vector<std::uint32_t>> shownUsers;
    QString scope;      // how shownUsers were chosen, for people (RunManifest::scope); empty: all
    QStringList inputs; // the paths the user gave; made absolute in the manifest
    QString approvedPath;
    LookupLoad approved;
    QString identityPath;
    LookupLoad identities;
    QString suppressionsPath; // empty: no rules
    SuppressionSet suppressions;
    // Names shown beside account ids; null or empty: none (the manifest names the file when set).
    std::shared_ptr<const AccountAliases> aliases;
    ManifestOptions manifestOptions;
    // Set when the findings come from an engine's result (trailwarden-cli import, File ▸ Import
    // Engine Results): it has no events, so the event window is its users' first and last times.
    std::optional<ManifestEngine> engineResult;
    std::optional<TimeMs> firstEvent, lastEvent;
    // The window's time range, [rangeFrom, rangeTo): the findings count only the events in it.
    std::optional<TimeMs> rangeFrom, rangeTo;
    // The review file as read (scan --review, the window's list): each reported finding is marked
    // new since the last review or not, with its triage (ReportData::review). Null: no marks.
    std::shared_ptr<const ReviewRecord> review;
};

// The run manifest of a request (buildManifest, the suppressions, scope and engine). Blocks while
// it hashes the inputs (ManifestOptions::hashFiles): call it off the UI thread.
RunManifest assembleManifest(const ReportRequest& request);

// The report's data: the selected findings, the manifest, each finding's events. Blocks (see
// assembleManifest).
ReportData prepareReport(const ReportRequest& request);

// A PDF laid out whole (it cannot stream), or why not.
struct PdfDocument
{
    QByteArray bytes;
    QString error;
    bool ok() const { return error.isEmpty(); }
};

// Lays out a PDF (trailwarden_pdf's pdfReport): null where the program is built without it. Only
// the caller knows whether it links trailwarden_pdf, which core must not (Qt Gui).
using PdfRenderer = PdfDocument (*)(const ReportData& data);

struct ReportWriteOptions
{
    PdfRenderer pdf = nullptr;
    // A CSV has no place for the manifest: also write it beside the report, as
    // manifestSidecarPath(path), after the report was written.
    bool manifestBesideCsv = false;
};

// Renders data as format and streams it to sink (HTML, Markdown, CSV and JSON a piece at a time;
// a PDF is laid out whole first, on the thread of the QGuiApplication). Returns the error, empty
// when every byte was taken: "cannot write ...: <why>" when the sink refused, the renderer's
// reason for a PDF. The sink reports its own failures (an AtomicFile, stdout).
QString renderReport(const ReportData& data, ReportFormat format, const ReportSink& sink,
                     const ReportWriteOptions& options = {});

// renderReport into path through AtomicFile (checked, all or nothing: the old file stays when any
// write fails), then the CSV's manifest beside it when asked. Returns the error ("<path>: <reason>"),
// empty on success; warnings (may be null) receives AtomicFile::warnings().
QString writeReportFile(const QString& path, const ReportData& data, ReportFormat format,
                        const ReportWriteOptions& options = {}, QStringList* warnings = nullptr);

// The manifest as a file of its own (`--manifest FILE`, the CSV's sidecar): indented JSON and a
// newline, written atomically. Returns the error, empty on success.
QByteArray manifestFileBytes(const RunManifest& manifest);
QString writeManifestFile(const QString& path, const RunManifest& manifest, QStringList* warnings = nullptr);
QString manifestSidecarPath(const QString& reportPath);

} // namespace tw
