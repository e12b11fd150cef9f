// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "ui/dialogs/approvedialog.h"

#include "core/detection/stewardship.h"
#include "core/engines/engineresult.h"

#include <QDialog>
#include <QHash>

#include <memory>
#include <vector>

class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace tw {

// Tools ▸ Rebuild Baseline…: the support search "Create a list of approved AWS service accounts"
// (docs/detection.md, Baseline) as a reviewed diff, never a silent overwrite. Pick a window
// (default: the last 30 days of the loaded data), see who it would add and which entries it would
// drop, tick, apply.
//
// Defaults: only the adds whose principal class is a machine's (service role, AWS service-linked,
// workload identity: docs/detection.md, Principal classes) and not admin-like are ticked. Root, persons,
// admin-like and unknown principals are listed apart with their class and evidence, unticked (root cannot be
// ticked here at all: it is approved from the findings, with its confirmation). Every drop is unticked,
// because a 30-day window routinely misses legitimate quiet accounts (quarterly jobs, break-glass and DR
// roles) and cannot "see" a wildcard entry, and a drop loses the row's provenance. Dropping is a choice, one
// tick at a time. Enter never applies: no button is the default, and Apply names what it writes.
//
// The dialog only decides; the caller writes (ApprovedListWriter::applyBaseline).
class BaselineDialog : public QDialog
{
    Q_OBJECT
public:
    struct Input
    {
        std::shared_ptr<const EventStore> store;
        RuleSet rules = RuleSet::Ta7;
        std::vector<IdentityEntry> approved;
        QStringList identityList;
        std::vector<EntryHealth> health;               // parallel to approved: shown beside the drops
        std::shared_ptr<const ActivityTable> activity; // the load's, same rules: each add's class
        QString csvName;                               // the approved list's file name, for the Apply button
        // An engine's result (query --baseline) instead of logs: the window is the query's and
        // cannot be changed here; the per-user counts are the engine's.
        std::shared_ptr<const EngineResult> imported;
    };

    BaselineDialog(Input input, const ApprovalRequest& defaults, QWidget* parent = nullptr);

    // "30d", "12h", "2w" or an ISO date (see parseSince()); false when it is not understood.
    bool setSince(const QString& text);
    // What the window line says: the window, or why an imported result gives no baseline.
    QString windowText() const;
    const BaselineDiff& diff() const { return m_diff; }
    QStringList checkedAdds() const;
    QStringList checkedDrops() const;
    ApprovalRequest request() const;
    QTreeWidget* tree() const { return m_tree; }
    QTreeWidgetItem* addsGroup() const { return m_adds; }
    // Root, persons, admin-like and unknown principals: never pre-ticked.
    QTreeWidgetItem* reviewGroup() const { return m_review; }
    QPushButton* applyButton() const { return m_apply; }
    QTreeWidgetItem* dropsGroup() const { return m_drops; }

private:
    void applySince();
    void recompute();
    void updateApply();
    QStringList checked(QTreeWidgetItem* group) const;

    Input m_input;
    BaselineDiff m_diff;
    QHash<QString, UserActivity> m_importedActivity;
    bool m_reasonEdited = false;
    bool m_valid = false;
    QLineEdit* m_since = nullptr;
    QLabel* m_sinceLabel = nullptr;
    QLabel* m_window = nullptr;
    QTreeWidget* m_tree = nullptr;
    QTreeWidgetItem* m_adds = nullptr;
    QTreeWidgetItem* m_review = nullptr;
    QTreeWidgetItem* m_drops = nullptr;
    QLineEdit* m_reason = nullptr;
    QLineEdit* m_by = nullptr;
    QPushButton* m_apply = nullptr;
};

} // namespace tw
