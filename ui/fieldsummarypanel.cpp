// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/fieldsummarypanel.h"

#include "core/report/reporttext.h"
#include "ui/safetext.h"

#include <QCoreApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace tw {

FieldSummaryPanel::FieldSummaryPanel(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(u"fieldSummary"_s);
    m_pool.setMaxThreadCount(1);
    m_title = new QLabel(tr("Summary"));
    m_tree = new QTreeWidget;
    m_tree->setObjectName(u"fieldSummaryTree"_s);
    m_tree->setAccessibleName(tr("Summary of the finding's events"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Value"), tr("Events")});
    m_tree->setRootIsDecorated(true);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_tree);
    connect(&m_watcher, &QFutureWatcher<Answer>::finished, this, &FieldSummaryPanel::onDone);
}

FieldSummaryPanel::~FieldSummaryPanel()
{
    m_watcher.disconnect(this);
    m_pool.waitForDone();
}

void FieldSummaryPanel::showFinding(std::shared_ptr<const EventStore> store,
                                    std::shared_ptr<const DetectionResult> result, std::uint32_t user)
{
    const quint64 serial = ++m_serial;
    if (!store || !result) {
        clear();
        return;
    }
    m_title->setText(tr("Summary (counting…)"));
    m_running = true;
    m_watcher.setFuture(QtConcurrent::run(&m_pool, [store, result, user, serial] {
        // The report's own grouping of one finding's events (core/report/reportdata).
        const ReportData report = buildReportData(store, selectFindings(*result, {user}), RunManifest{});
        return Answer{serial, report.empty() ? ReportFinding{} : report.finding(0)};
    }));
}

void FieldSummaryPanel::clear()
{
    ++m_serial;
    m_tree->clear();
    m_title->setText(tr("Summary"));
}

void FieldSummaryPanel::waitForSummary()
{
    while (isBusy()) {
        m_watcher.waitForFinished();
        QCoreApplication::processEvents();
    }
}

void FieldSummaryPanel::onDone()
{
    m_running = false;
    const Answer answer = m_watcher.result();
    if (answer.serial != m_serial)
        return;
    const ReportFinding& f = answer.finding;
    const QLocale locale;
    m_tree->clear();
    const auto section = [&](const QString& name, const std::vector<Tally>& tallies, bool accounts = false) {
        auto* top = new QTreeWidgetItem(m_tree, {name, locale.toString(qulonglong(tallies.size()))});
        top->setToolTip(1, tr("distinct values"));
        top->setFirstColumnSpanned(false);
        const std::size_t shown = std::min<std::size_t>(tallies.size(), kTopValues);
        for (std::size_t i = 0; i < shown; ++i) {
            // Values are log text: shown with invisible and control characters made visible, and
            // never as markup in the tooltip.
            const QString value =
                accounts && m_aliases ? m_aliases->label(tallies[i].value) : tallies[i].value;
            auto* item = new QTreeWidgetItem(
                top, {ReportText::visible(value), locale.toString(qulonglong(tallies[i].count))});
            item->setToolTip(0, safeToolTip(value));
            item->setData(0, Qt::UserRole, tallies[i].value);
        }
        if (tallies.size() > shown) {
            quint64 rest = 0;
            for (std::size_t i = shown; i < tallies.size(); ++i)
                rest += tallies[i].count;
            const std::size_t more = tallies.size() - shown;
            new QTreeWidgetItem(top, {more == 1 ? tr("1 more value")
                                                : tr("%1 more values").arg(locale.toString(qulonglong(more))),
                                      locale.toString(qulonglong(rest))});
        }
        top->setExpanded(true);
    };
    section(tr("Regions"), f.regions);
    section(tr("Source IPs"), f.sourceIps);
    section(tr("User agents"), f.userAgents);
    section(tr("Accounts"), f.accountCounts, true);
    section(tr("Access keys"), f.accessKeys);
    section(tr("Event sources"), f.eventSources);
    m_title->setText(tr("Summary of %1 events").arg(locale.toString(qulonglong(f.count))));
    Q_EMIT summaryShown();
}

} // namespace tw
