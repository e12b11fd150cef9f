// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/reportexport.h"

#ifdef TRAILWARDEN_HAVE_CHARTS
#include "ui/activitytimeline.h"
#include "ui/approvalcontroller.h"
#endif
#include "ui/mainwindow.h"
#include "ui/models/findingsmodel.h"
#include "ui/models/findingsproxy.h"

#include "core/common/atomicfile.h"
#include "core/report/csvreport.h"
#include "core/report/htmlreport.h"
#include "core/report/jsonreport.h"
#include "core/report/markdownreport.h"
#include "core/report/pdf/pdfreport.h"
#include "core/report/reportmanifest.h"

#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace tw {

namespace {

struct FormatInfo
{
    ReportFormat format;
    const char* suffix;
    const char* filter;
};

constexpr FormatInfo kFormats[] = {
    {ReportFormat::Html, "html", QT_TRANSLATE_NOOP("tw::ReportExporter", "HTML report (*.html *.htm)")},
    {ReportFormat::Pdf, "pdf", QT_TRANSLATE_NOOP("tw::ReportExporter", "PDF report (*.pdf)")},
    {ReportFormat::Markdown, "md", QT_TRANSLATE_NOOP("tw::ReportExporter", "Markdown for tickets (*.md)")},
    {ReportFormat::Csv, "csv", QT_TRANSLATE_NOOP("tw::ReportExporter", "CSV, safe for spreadsheets (*.csv)")},
    {ReportFormat::Json, "json",
     QT_TRANSLATE_NOOP("tw::ReportExporter", "JSON with the run manifest (*.json)")},
};

bool writeFile(const QString& path, const QByteArray& bytes, QString* error)
{
    // Checked and atomic (AtomicFile): a full disk fails the export, never truncates the report.
    *error = writeFileAtomically(path, bytes);
    return error->isEmpty();
}

// Streams one report into an AtomicFile: the text is never held whole (a million findings made
// a 2 GB HTML file and took 10 GB of memory when it was).
bool writeReport(const QString& path, ReportFormat format, const ReportData& data, QString* error)
{
    AtomicFile file(path);
    if (file.open()) {
        const ReportSink sink = [&file](QByteArrayView bytes) { return file.write(bytes); };
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
        case ReportFormat::Pdf:
            break;
        }
        if (streamed)
            file.commit();
    }
    *error = file.errorString();
    return file.isCommitted() && !file.failed();
}

} // namespace

ReportFormat reportFormatForPath(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"htm")
        return ReportFormat::Html;
    if (suffix == u"markdown")
        return ReportFormat::Markdown;
    for (const FormatInfo& f : kFormats)
        if (suffix == QLatin1String(f.suffix))
            return f.format;
    return ReportFormat::Html;
}

ReportExporter::ReportExporter(MainWindow* window)
    : QObject(window)
    , m_window(window)
{
    m_action = new QAction(QIcon::fromTheme(u"document-export"_s), tr("&Export Findings Report…"), this);
    m_action->setShortcut(Qt::CTRL | Qt::Key_E);
    m_action->setToolTip(tr("Write the findings as the table shows them (filter and sort) as HTML, PDF, "
                            "Markdown, CSV or JSON, with a manifest of what was read"));
    connect(m_action, &QAction::triggered, this, &ReportExporter::chooseFileAndExport);
    connect(&m_watcher, &QFutureWatcher<ExportOutcome>::finished, this, &ReportExporter::onDataReady);
    connect(&window->session(), &AnalysisSession::resultChanged, this, &ReportExporter::updateEnabled);
    connect(&window->session(), &AnalysisSession::loadStarted, this, &ReportExporter::updateEnabled);
    updateEnabled();
}

void ReportExporter::updateEnabled()
{
    const AnalysisSession& session = m_window->session();
    m_action->setEnabled(!isBusy() && !session.isLoading() && session.result() != nullptr);
}

std::vector<std::uint32_t> ReportExporter::shownUsers() const
{
    const FindingsProxy* proxy = m_window->findingsProxy();
    std::vector<std::uint32_t> users;
    users.reserve(std::size_t(proxy->rowCount()));
    for (int row = 0; row < proxy->rowCount(); ++row)
        users.push_back(proxy->index(row, 0).data(FindingsModel::UserIdRole).toUInt());
    return users;
}

QString ReportExporter::scopeText() const
{
    const FindingsProxy* proxy = m_window->findingsProxy();
    const auto result = m_window->session().result();
    const int total = result ? int(result->findings.size()) : 0;
    QStringList parts;
    if (proxy->rowCount() != total || !proxy->filterText().isEmpty())
        parts << tr("%1 of %2 findings, as shown in the review window").arg(proxy->rowCount()).arg(total);
    if (!proxy->filterText().isEmpty())
        parts << tr("filter \"%1\"").arg(proxy->filterText());
    const QHeaderView* header = m_window->findingsView()->horizontalHeader();
    const int column = header->sortIndicatorSection();
    if (column >= 0 && column < proxy->columnCount() && proxy->sortColumn() >= 0 &&
        !(column == FindingsModel::User && header->sortIndicatorOrder() == Qt::AscendingOrder))
        parts << tr("sorted by %1, %2")
                     .arg(proxy->headerData(column, Qt::Horizontal).toString(),
                          header->sortIndicatorOrder() == Qt::AscendingOrder ? tr("ascending")
                                                                             : tr("descending"));
    return parts.join(u"; "_s);
}

void ReportExporter::chooseFileAndExport()
{
    if (!m_action->isEnabled())
        return;
    QSettings settings;
    const QString dir = settings.value(u"export/dir"_s, QDir::homePath()).toString();
    QString filter = settings.value(u"export/filter"_s).toString();
    QStringList filters;
    QString suffix = u"html"_s;
    for (const FormatInfo& f : kFormats) {
        filters << tr(f.filter);
        if (filter == filters.last())
            suffix = QLatin1String(f.suffix);
    }
    const QString suggested = dir + u"/trailwarden-findings-" +
                              QDateTime::currentDateTime().toString(u"yyyyMMdd-HHmm"_s) + u'.' + suffix;
    QString path = QFileDialog::getSaveFileName(m_window, tr("Export Findings Report"), suggested,
                                                filters.join(u";;"_s), &filter);
    if (path.isEmpty())
        return;
    // The chosen filter decides when the name has no suffix of ours.
    const qsizetype chosen = filters.indexOf(filter);
    if (QFileInfo(path).suffix().isEmpty() && chosen >= 0)
        path += u'.' + QLatin1String(kFormats[chosen].suffix);
    settings.setValue(u"export/dir"_s, QFileInfo(path).absolutePath());
    settings.setValue(u"export/filter"_s, filter);
    exportTo(path, reportFormatForPath(path), true);
}

void ReportExporter::exportTo(const QString& path, ReportFormat format, bool interactive)
{
    const AnalysisSession& session = m_window->session();
    auto store = session.store();
    auto result = session.result();
    if (isBusy() || !store || !result) {
        Q_EMIT finished(false, tr("Nothing to export: no logs are loaded."));
        return;
    }
    m_path = path;
    m_format = format;
    m_interactive = interactive;
    DetectionResult shown = selectFindings(*result, shownUsers());
    const QString scope = scopeText();
    const QStringList inputs = m_window->inputPaths();
    const QString approvedPath = session.approvedPath(), identityPath = session.identityPath();
    const LookupLoad approved = session.approvedList(), identities = session.identityList();
    const QString suppressionsPath = session.suppressionsPath();
    const SuppressionSet suppressions = session.suppressions();
    m_action->setEnabled(false);
    QApplication::setOverrideCursor(Qt::BusyCursor);
    m_window->statusBar()->showMessage(tr("Exporting the findings report…"));
    // Hashing every input (hundreds of MB) and one pass over the events: off the UI thread.
    m_watcher.setFuture(QtConcurrent::run([=, shown = std::move(shown)]() mutable {
        RunManifest manifest =
            buildManifest(*store, *result, inputs, approvedPath, approved, identityPath, identities);
        addSuppressions(manifest, suppressionsPath, suppressions, *result);
        manifest.scope = scope;
        ExportOutcome outcome;
        outcome.data = buildReportData(store, std::move(shown), std::move(manifest));
        if (format != ReportFormat::Pdf) {
            outcome.written = writeReport(path, format, outcome.data, &outcome.error);
            // CSV has no place for the manifest: it goes beside the file.
            if (outcome.written && format == ReportFormat::Csv)
                outcome.written = writeFile(
                    path + u".manifest.json"_s,
                    QByteArray::fromStdString(manifestJson(outcome.data.manifest, 2)) + '\n', &outcome.error);
        }
        return outcome;
    }));
}

void ReportExporter::onDataReady()
{
    QApplication::restoreOverrideCursor();
    const ExportOutcome outcome = m_watcher.result();
    const ReportData& data = outcome.data;
    QString error = outcome.error;
    bool ok = outcome.written;
    if (m_format == ReportFormat::Pdf) {
        const QByteArray bytes = pdfReport(data, &error);
        ok = !bytes.isEmpty() && writeFile(m_path, bytes, &error);
    }
    const QString message = ok ? tr("Exported %n finding(s) to %1", nullptr, int(data.size()))
                                     .arg(QDir::toNativeSeparators(m_path))
                               : error;
    m_window->statusBar()->showMessage(message, 8000);
    updateEnabled();
    if (!ok && m_interactive)
        showWriteFailure(m_window, tr("Export Findings Report"), message);
    Q_EMIT finished(ok, message);
}

void installReports(MainWindow* window)
{
    auto* exporter = new ReportExporter(window);
    exporter->setObjectName(u"reportExporter"_s);

    // File menu: before the separator that precedes Quit.
    if (QMenu* file =
            window->menuBar()->actions().value(0) ? window->menuBar()->actions().value(0)->menu() : nullptr) {
        const auto actions = file->actions();
        QAction* before = nullptr;
        for (qsizetype i = 0; i < actions.size(); ++i)
            if (actions[i]->menuRole() == QAction::QuitRole)
                before = i > 0 && actions[i - 1]->isSeparator() ? actions[i - 1] : actions[i];
        file->insertAction(before, exporter->exportAction());
        file->insertSeparator(before);
    }

#ifdef TRAILWARDEN_HAVE_CHARTS
    auto* timeline = new ActivityTimeline;
    timeline->setObjectName(u"activityTimeline"_s);
    auto* dock = new QDockWidget(QObject::tr("Activity Timeline"), window);
    dock->setObjectName(u"activityTimelineDock"_s);
    dock->setWidget(timeline);
    window->addDockWidget(Qt::BottomDockWidgetArea, dock);
    if (auto* view = window->menuBar()->findChild<QMenu*>(u"viewMenu"_s))
        view->addAction(dock->toggleViewAction());

    AnalysisSession* session = &window->session();
    QObject::connect(session, &AnalysisSession::resultChanged, timeline,
                     [session, timeline] { timeline->setSnapshot(session->store(), session->result()); });
    QObject::connect(window->findingsView()->selectionModel(), &QItemSelectionModel::currentRowChanged,
                     timeline, [timeline](const QModelIndex& current) {
                         timeline->setUser(current.isValid()
                                               ? std::optional<std::uint32_t>(
                                                     current.data(FindingsModel::UserIdRole).toUInt())
                                               : std::nullopt);
                     });
#endif
}

} // namespace tw
