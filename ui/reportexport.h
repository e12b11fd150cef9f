// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/report/reportdata.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

class QAction;

namespace tw {

class MainWindow;

enum class ReportFormat { Html, Pdf, Markdown, Csv, Json };

// What the export's worker thread hands back to the window.
struct ExportOutcome
{
    ReportData data;
    bool written = false; // the report (and a CSV's manifest) are on disk; false for a PDF still to lay out
    QString error;
};

// The format a file name asks for (by its suffix); HTML when it names none we know.
ReportFormat reportFormatForPath(const QString& path);

// File ▸ Export Findings Report: writes what the findings table shows — its filter and its sort —
// as HTML, PDF, Markdown, CSV (safe for spreadsheets, with a .manifest.json beside it) or JSON.
// Hashing the inputs for the manifest, gathering the details and writing HTML, Markdown, CSV and
// JSON (streamed, so memory does not grow with the findings) run on a worker thread; the PDF is
// laid out on the UI thread (QTextDocument). Every file is written atomically and checked
// (AtomicFile); a failed write is a modal error naming the file and the reason.
//
// Owned by (and used on the thread of) the window.
class ReportExporter : public QObject
{
    Q_OBJECT
public:
    explicit ReportExporter(MainWindow* window);

    QAction* exportAction() const { return m_action; }
    bool isBusy() const { return m_watcher.isRunning(); }

    // Exports the findings as the window's table shows them now. When interactive, errors are shown
    // in a message box; finished() is emitted either way.
    void exportTo(const QString& path, ReportFormat format, bool interactive = false);

    // How the shown findings were chosen, for the manifest: empty when they are all, in the
    // detection's order.
    QString scopeText() const;
    // The users the table shows, in its order.
    std::vector<std::uint32_t> shownUsers() const;

Q_SIGNALS:
    void finished(bool ok, const QString& message);

private:
    void chooseFileAndExport();
    void onDataReady();
    void updateEnabled();

    MainWindow* m_window;
    QAction* m_action;
    QFutureWatcher<ExportOutcome> m_watcher;
    QString m_path;
    ReportFormat m_format = ReportFormat::Html;
    bool m_interactive = false;
};

// Adds the reports to the review window: File ▸ Export Findings Report… (before Quit) and the
// Activity Timeline dock (View menu), following the selected finding. Call once, from the window's
// constructor after its views exist and before it restores its state.
void installReports(MainWindow* window);

} // namespace tw
