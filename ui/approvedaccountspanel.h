// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QFutureWatcher>
#include <QWidget>

#include <functional>
#include <memory>
#include <vector>

class QAction;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableView;
class QToolButton;

namespace tw {

class ApprovedAccountsModel;
class ApprovedAccountsProxy;
class AnalysisSession;
class ApprovalController;
struct EntryHealth;

// The "Approved accounts" tab: every entry of the approved-accounts CSV with its provenance and
// health (never matched, stale, expired, near-miss, wildcard, duplicate), filterable by flag chips
// and text; revoke, edit reason and expiry, one entry or a multi-selection at a time, each write an
// undo step (through the ApprovalController); and the Tools: Rebuild Baseline…, Suppression Rules….
// It offers its actions (toolsActions()) and the status bar's "N hidden by suppressions" label
// (suppressedLabel()); the window places them.
//
// Recomputes its snapshot whenever the session has a new result (a load, a re-run after any write,
// a changed CSV, other rules), so the findings and this tab always agree. UI thread only.
class ApprovedAccountsPanel : public QWidget
{
    Q_OBJECT
public:
    // The session is the snapshot source; every write goes through approvals. Both must outlive
    // the panel.
    ApprovedAccountsPanel(AnalysisSession& session, ApprovalController* approvals, QWidget* parent = nullptr);
    ~ApprovedAccountsPanel() override;

    ApprovedAccountsModel* model() const { return m_model; }
    ApprovedAccountsProxy* proxy() const { return m_proxy; }
    QTableView* view() const { return m_view; }
    QLineEdit* filterEdit() const { return m_filter; }
    QSpinBox* staleDaysBox() const { return m_staleDays; }
    QToolButton* chip(int flag) const;
    // For the status bar: what the suppression rules hid (a link that opens the editor); hidden
    // while there are no rules.
    QLabel* suppressedLabel() const { return m_suppressedLabel; }

    QAction* revokeAction() const { return m_revokeAction; }
    QAction* editReasonAction() const { return m_editReasonAction; }
    QAction* editExpiryAction() const { return m_editExpiryAction; }
    QAction* approveObservedAction() const { return m_approveObservedAction; }
    QAction* baselineAction() const { return m_baselineAction; }
    QAction* suppressionsAction() const { return m_suppressionsAction; }
    // The Tools menu's entries, in order (a separator between the list tools and the row edits).
    QList<QAction*> toolsActions() const;

    // Identities of the selected rows, in view order, without repeats (case-insensitive).
    QStringList selectedIdentities() const;
    // Makes the first row with this identity current and selected; false when it is not shown.
    bool selectIdentity(const QString& identity);

    // The actions' work (also what the shortcuts do): each asks in a dialog, then writes.
    void revokeSelected();
    void editReasonOfSelected();
    void editExpiryOfSelected();
    void approveObserved();
    void rebuildBaseline();
    void editSuppressions();

    // Empties the text filter and releases the flag chips (Esc).
    void clearFilter();

    // Recomputes the health snapshot from the session (called on every new result). From
    // healthWorkerThreshold() users on the pass (O(entries x users)) runs on a worker over the
    // session's immutable snapshot; a newer refresh supersedes it (a generation number).
    void refresh();
    void setHealthWorkerThreshold(std::size_t users) { m_healthThreshold = users; }
    // True while the health pass runs on a worker; waitForHealth() blocks until it is shown.
    bool healthPending() const { return m_healthPending; }
    void waitForHealth();

Q_SIGNALS:
    // The snapshot changed: the tab's title can say how many entries need attention (flagged is
    // -1 while the health is not computed: the tab is hidden and computes it when shown).
    void summaryChanged(int entries, int flagged);
    // An action started from a menu while the tab is not shown: the rows acted on must be in view.
    void showRequested();

protected:
    void showEvent(QShowEvent* event) override;

private:
    using Health = std::shared_ptr<const std::vector<EntryHealth>>;
    // The health pass over the session's current snapshot, with its inputs copied (any thread).
    std::function<Health()> healthPass() const;
    Health computeHealth() const { return healthPass()(); }
    void applyHealth(Health health);
    void onHealthFinished();
    void createActions();
    void updateActions();
    void updateChips();
    void applyFilter();
    void contextMenu(const QPoint& pos);
    void showTab();
    void updateSuppressedLabel();
    std::vector<const EntryHealth*> selectedEntries() const;

    AnalysisSession& m_session;
    ApprovalController* m_approvals;
    ApprovedAccountsModel* m_model;
    ApprovedAccountsProxy* m_proxy;
    QTableView* m_view = nullptr;
    QLineEdit* m_filter = nullptr;
    QSpinBox* m_staleDays = nullptr;
    QLabel* m_countLabel = nullptr;
    QWidget* m_emptyNotice = nullptr; // shown while the filter or the chips hide every entry
    QLabel* m_suppressedLabel = nullptr;
    std::vector<std::pair<int, QToolButton*>> m_chips;
    bool m_dirty = true; // the session has a result the model does not show yet

    struct HealthResult
    {
        quint64 generation = 0;
        Health health;
    };
    QFutureWatcher<HealthResult> m_healthWatcher;
    quint64 m_healthGeneration = 0;
    bool m_healthPending = false;
    std::size_t m_healthThreshold = 20000;

    QAction* m_revokeAction = nullptr;
    QAction* m_editReasonAction = nullptr;
    QAction* m_editExpiryAction = nullptr;
    QAction* m_approveObservedAction = nullptr;
    QAction* m_copyAction = nullptr;
    QAction* m_baselineAction = nullptr;
    QAction* m_suppressionsAction = nullptr;
    QAction* m_toolsSeparator = nullptr;
};

} // namespace tw
