// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/report/reportdata.h"
#include "core/report/reportformat.h"

#include <QFutureWatcher>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>

class QAction;
class QWidget;

namespace tw {

class AnalysisSession;
class FindingsProxy;

// What the export's worker thread hands back to the exporter.
struct ExportOutcome
{
    ReportData data;
    bool written = false; // the report (and a CSV's manifest) are on disk; false for a PDF still to lay out
    QString error;
};

// File ▸ Export Findings Report: writes what the findings table shows — its filter and its sort —
// as HTML, PDF, Markdown, CSV (safe for spreadsheets, with a .manifest.json beside it) or JSON,
// through the report pipeline the CLI uses (core/report/reportpipeline.h). Hashing the inputs for
// the manifest, gathering the details and writing HTML, Markdown, CSV and JSON (streamed, so memory
// does not grow with the findings) run on a worker thread; the PDF is laid out on the UI thread
// (QTextDocument). Every file is written atomically and checked (AtomicFile); a failed write is a
// modal error naming the file and the reason.
//
// It offers its actions (actions()); the window places them. UI thread only.
class ReportExporter : public QObject
{
    Q_OBJECT
public:
    // session: the result and the lists; findings: the proxy of the findings table (its rows, filter
    // and sort are what is exported); inputPaths: the paths the data were loaded from; dialogParent:
    // the window the file and failure dialogs belong to. All must outlive the exporter.
    ReportExporter(AnalysisSession& session, const FindingsProxy* findings,
                   std::function<QStringList()> inputPaths, QWidget* dialogParent, QObject* parent = nullptr);

    // For the File menu (Ctrl+E).
    QAction* exportAction() const { return m_action; }
    QList<QAction*> actions() const { return {m_action}; }
    // The review file as the window shows it, for the report's new/status/owner/ticket/note (null:
    // none in use). Asked at each export.
    void setReviewSource(std::function<std::shared_ptr<const ReviewRecord>()> source)
    {
        m_review = std::move(source);
    }
    bool isBusy() const { return m_watcher.isRunning(); }

    // Exports the findings as the table shows them now. When interactive, errors are shown in a
    // message box; finished() is emitted either way.
    void exportTo(const QString& path, ReportFormat format, bool interactive = false);

    // How the shown findings were chosen, for the manifest: empty when they are all, in the
    // detection's order.
    QString scopeText() const;
    // The users the table shows, in its order.
    std::vector<std::uint32_t> shownUsers() const;

Q_SIGNALS:
    void finished(bool ok, const QString& message);
    // For the status bar: the export started, where it went, or why it failed.
    void statusMessage(const QString& text);

private:
    void chooseFileAndExport();
    void onDataReady();
    void updateEnabled();
    // After an interactive export: the report's path, with Open and Show in Folder.
    void offerToOpen(const QString& message);

    AnalysisSession& m_session;
    const FindingsProxy* m_findings;
    std::function<QStringList()> m_inputPaths;
    std::function<std::shared_ptr<const ReviewRecord>()> m_review;
    QPointer<QWidget> m_dialogParent;
    QAction* m_action;
    QFutureWatcher<ExportOutcome> m_watcher;
    QString m_path;
    ReportFormat m_format = ReportFormat::Html;
    bool m_interactive = false;
};

} // namespace tw
