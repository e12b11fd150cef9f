// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/analysissession.h"
#include "core/report/reportdata.h"

#include <QFutureWatcher>
#include <QThreadPool>
#include <QWidget>

#include <memory>

class QLabel;
class QTreeWidget;

namespace tw {

// Beside the drill-down: what the current finding's events have in common, as the reports count
// it (ReportData::finding(): regions, source IPs, user agents, accounts, access keys, event sources, each
// value with its count, most frequent first). Grouping a finding's events is one pass over the store, so it
// runs on a worker thread; only the latest request is shown. UI thread only.
class FieldSummaryPanel : public QWidget
{
    Q_OBJECT
public:
    // At most this many values a field; the rest are counted in one "n more" row.
    static constexpr int kTopValues = 5;

    explicit FieldSummaryPanel(QWidget* parent = nullptr);
    ~FieldSummaryPanel() override;

    // Summarises the finding of user (a string id of store) in result; null clears.
    void showFinding(std::shared_ptr<const EventStore> store, std::shared_ptr<const DetectionResult> result,
                     std::uint32_t user);
    void clear();
    // Names shown beside the account ids of the Accounts section (the item's data keeps the id).
    // Null: none. Applies from the next summary shown.
    void setAccountAliases(std::shared_ptr<const AccountAliases> aliases) { m_aliases = std::move(aliases); }
    QTreeWidget* tree() const { return m_tree; }
    bool isBusy() const { return m_running; }
    // Blocks until the running summary is shown (tests, screenshots).
    void waitForSummary();

Q_SIGNALS:
    void summaryShown();

private:
    struct Answer
    {
        quint64 serial = 0;
        ReportFinding finding;
    };
    void onDone();

    QLabel* m_title = nullptr;
    QTreeWidget* m_tree = nullptr;
    QThreadPool m_pool;
    QFutureWatcher<Answer> m_watcher;
    quint64 m_serial = 0;
    bool m_running = false; // started and its answer not yet handled
    std::shared_ptr<const AccountAliases> m_aliases;
};

} // namespace tw
