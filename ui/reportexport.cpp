// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/reportexport.h"

#include "ui/approvalcontroller.h"
#include "ui/models/findingsmodel.h"
#include "ui/models/findingsproxy.h"

#include "core/analysissession.h"
#include "core/report/pdf/pdfreport.h"
#include "core/report/reportpipeline.h"

#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QUrl>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace tw {

ReportExporter::ReportExporter(AnalysisSession& session, const FindingsProxy* findings,
                               std::function<QStringList()> inputPaths, QWidget* dialogParent,
                               QObject* parent)
    : QObject(parent)
    , m_session(session)
    , m_findings(findings)
    , m_inputPaths(std::move(inputPaths))
    , m_dialogParent(dialogParent)
{
    m_action = new QAction(QIcon::fromTheme(u"document-export"_s), tr("&Export Findings Report…"), this);
    m_action->setShortcut(Qt::CTRL | Qt::Key_E);
    m_action->setToolTip(tr("Write the findings as the table shows them (filter and sort) as HTML, PDF, "
                            "Markdown, CSV or JSON, with a manifest of what was read"));
    connect(m_action, &QAction::triggered, this, &ReportExporter::chooseFileAndExport);
    connect(&m_watcher, &QFutureWatcher<ExportOutcome>::finished, this, &ReportExporter::onDataReady);
    connect(&m_session, &AnalysisSession::resultChanged, this, &ReportExporter::updateEnabled);
    connect(&m_session, &AnalysisSession::loadStarted, this, &ReportExporter::updateEnabled);
    updateEnabled();
}

void ReportExporter::updateEnabled()
{
    m_action->setEnabled(!isBusy() && !m_session.isLoading() && m_session.result() != nullptr);
}

std::vector<std::uint32_t> ReportExporter::shownUsers() const
{
    std::vector<std::uint32_t> users;
    users.reserve(std::size_t(m_findings->rowCount()));
    for (int row = 0; row < m_findings->rowCount(); ++row)
        users.push_back(m_findings->index(row, 0).data(FindingsModel::UserIdRole).toUInt());
    return users;
}

QString ReportExporter::scopeText() const
{
    const FindingsProxy* proxy = m_findings;
    const auto result = m_session.result();
    const int total = result ? int(result->findings.size()) : 0;
    QStringList parts;
    if (proxy->rowCount() != total || !proxy->filterText().isEmpty())
        parts << tr("%1 of %2 findings, as shown in the review window").arg(proxy->rowCount()).arg(total);
    if (!proxy->filterText().isEmpty())
        parts << tr("filter \"%1\"").arg(proxy->filterText());
    // The findings model sorts itself (the proxy passes the header's sort on): it knows the order
    // the analyst sees.
    const auto* model = qobject_cast<const FindingsModel*>(proxy->sourceModel());
    const int column = model ? model->sortColumn() : -1;
    const Qt::SortOrder order = model ? model->sortOrder() : Qt::AscendingOrder;
    if (column >= 0 && column < proxy->columnCount() &&
        !(column == FindingsModel::User && order == Qt::AscendingOrder))
        parts << tr("sorted by %1, %2")
                     .arg(proxy->headerData(column, Qt::Horizontal).toString(),
                          order == Qt::AscendingOrder ? tr("ascending") : tr("descending"));
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
    for (ReportFormat format : kReportFormats) {
        filters << reportFormatLabel(format);
        if (filter == filters.last())
            suffix = reportFormatSuffix(format);
    }
    const QString suggested = dir + u"/trailwarden-findings-" +
                              QDateTime::currentDateTime().toString(u"yyyyMMdd-HHmm"_s) + u'.' + suffix;
    QString path = QFileDialog::getSaveFileName(m_dialogParent, tr("Export Findings Report"), suggested,
                                                filters.join(u";;"_s), &filter);
    if (path.isEmpty())
        return;
    // The chosen filter decides when the name has no suffix of ours.
    const qsizetype chosen = filters.indexOf(filter);
    if (QFileInfo(path).suffix().isEmpty() && chosen >= 0)
        path += u'.' + reportFormatSuffix(kReportFormats[chosen]);
    settings.setValue(u"export/dir"_s, QFileInfo(path).absolutePath());
    settings.setValue(u"export/filter"_s, filter);
    exportTo(path, reportFormatForPath(path), true);
}

void ReportExporter::exportTo(const QString& path, ReportFormat format, bool interactive)
{
    ReportRequest request = m_session.reportRequest();
    if (isBusy() || !request.store || !request.result) {
        Q_EMIT finished(false, tr("Nothing to export: no logs are loaded."));
        return;
    }
    m_path = path;
    m_format = format;
    m_interactive = interactive;
    request.shownUsers = shownUsers();
    request.scope = scopeText();
    request.inputs = m_inputPaths ? m_inputPaths() : QStringList();
    request.review = m_review ? m_review() : nullptr;
    m_action->setEnabled(false);
    QApplication::setOverrideCursor(Qt::BusyCursor);
    Q_EMIT statusMessage(tr("Exporting the findings report…"));
    // Hashing every input (hundreds of MB) and one pass over the events: off the UI thread. The
    // PDF is laid out afterwards on this thread (QTextDocument).
    m_watcher.setFuture(QtConcurrent::run([path, format, request = std::move(request)] {
        ExportOutcome outcome;
        outcome.data = prepareReport(request);
        if (format != ReportFormat::Pdf) {
            outcome.error = writeReportFile(path, outcome.data, format, {nullptr, true});
            outcome.written = outcome.error.isEmpty();
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
        error = writeReportFile(m_path, data, m_format, {&pdfReport, true});
        ok = error.isEmpty();
    }
    // English plurals without a translation catalogue (tr()'s %n needs one to pick the form).
    const QString findings = data.size() == 1
                                 ? tr("1 finding")
                                 : tr("%1 findings").arg(QLocale().toString(qulonglong(data.size())));
    const QString message =
        ok ? tr("Exported %1 to %2").arg(findings, QDir::toNativeSeparators(m_path)) : error;
    Q_EMIT statusMessage(message);
    updateEnabled();
    if (!ok && m_interactive)
        showWriteFailure(m_dialogParent, tr("Export Findings Report"), message);
    if (ok && m_interactive)
        offerToOpen(message);
    Q_EMIT finished(ok, message);
}

void ReportExporter::offerToOpen(const QString& message)
{
    // What one does next with a report: look at it, or attach it from its folder.
    QMessageBox box(QMessageBox::Information, tr("Export Findings Report"), message, QMessageBox::Close,
                    m_dialogParent);
    box.setObjectName(u"exportDoneBox"_s);
    box.setTextFormat(Qt::PlainText); // a path is not markup
    QPushButton* open = box.addButton(tr("&Open"), QMessageBox::ActionRole);
    QPushButton* folder = box.addButton(tr("Show in &Folder"), QMessageBox::ActionRole);
    box.setDefaultButton(QMessageBox::Close);
    box.exec();
    // Handed to the desktop (never opened by the program itself).
    if (box.clickedButton() == open)
        QDesktopServices::openUrl(QUrl::fromLocalFile(m_path));
    else if (box.clickedButton() == folder)
        QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(m_path).absolutePath()));
}

} // namespace tw
