// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "approvedialog.h"

#include "core/stewardship.h"

#include <QDialog>

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
// Defaults: every add is ticked, because approving what the window saw is what a baseline is and
// each add shows its events and last time to review; every drop is unticked, because a 30-day
// window routinely misses legitimate quiet accounts (quarterly jobs, break-glass and DR roles) and
// cannot "see" a wildcard entry, and a drop loses the row's provenance. Dropping is a choice, one
// tick at a time.
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
        std::vector<EntryHealth> health; // parallel to approved: shown beside the drops
    };

    BaselineDialog(Input input, const ApprovalRequest& defaults, QWidget* parent = nullptr);

    // "30d", "12h", "2w" or an ISO date (see parseSince()); false when it is not understood.
    bool setSince(const QString& text);
    const BaselineDiff& diff() const { return m_diff; }
    QStringList checkedAdds() const;
    QStringList checkedDrops() const;
    ApprovalRequest request() const;
    QTreeWidget* tree() const { return m_tree; }
    QTreeWidgetItem* addsGroup() const { return m_adds; }
    QTreeWidgetItem* dropsGroup() const { return m_drops; }

private:
    void applySince();
    void recompute();
    void updateApply();
    QStringList checked(QTreeWidgetItem* group) const;

    Input m_input;
    BaselineDiff m_diff;
    bool m_reasonEdited = false;
    bool m_valid = false;
    QLineEdit* m_since = nullptr;
    QLabel* m_window = nullptr;
    QTreeWidget* m_tree = nullptr;
    QTreeWidgetItem* m_adds = nullptr;
    QTreeWidgetItem* m_drops = nullptr;
    QLineEdit* m_reason = nullptr;
    QLineEdit* m_by = nullptr;
    QPushButton* m_apply = nullptr;
};

} // namespace tw
