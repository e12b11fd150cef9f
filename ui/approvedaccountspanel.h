// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QWidget>

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
class ApprovedListWriter;
class MainWindow;
struct EntryHealth;

// The "Approved accounts" tab: every entry of the approved-accounts CSV with its provenance and
// health (never matched, stale, expired, near-miss, wildcard, duplicate), filterable by flag chips
// and text; revoke, edit reason and expiry, one entry or a multi-selection at a time, each write an
// undo step; and the Tools: Rebuild Baseline…, Suppression Rules….
//
// Recomputes its snapshot whenever the session has a new result (a load, a re-run after any write,
// a changed CSV, other rules), so the findings and this tab always agree. UI thread only.
class ApprovedAccountsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ApprovedAccountsPanel(MainWindow* window);
    ~ApprovedAccountsPanel() override;

    ApprovedAccountsModel* model() const { return m_model; }
    ApprovedAccountsProxy* proxy() const { return m_proxy; }
    QTableView* view() const { return m_view; }
    QLineEdit* filterEdit() const { return m_filter; }
    QSpinBox* staleDaysBox() const { return m_staleDays; }
    QToolButton* chip(int flag) const;
    ApprovedListWriter* writer() const { return m_writer; }

    QAction* revokeAction() const { return m_revokeAction; }
    QAction* editReasonAction() const { return m_editReasonAction; }
    QAction* editExpiryAction() const { return m_editExpiryAction; }
    QAction* approveObservedAction() const { return m_approveObservedAction; }
    QAction* baselineAction() const { return m_baselineAction; }
    QAction* suppressionsAction() const { return m_suppressionsAction; }

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

    // Recomputes the health snapshot from the session (called on every new result).
    void refresh();

Q_SIGNALS:
    // The snapshot changed: the tab's title can say how many entries need attention (flagged is
    // -1 while the health is not computed: the tab is hidden and computes it when shown).
    void summaryChanged(int entries, int flagged);

protected:
    void showEvent(QShowEvent* event) override;

private:
    std::shared_ptr<const std::vector<EntryHealth>> computeHealth() const;
    void createActions();
    void updateActions();
    void updateChips();
    void applyFilter();
    void contextMenu(const QPoint& pos);
    void showTab();
    std::vector<const EntryHealth*> selectedEntries() const;

    MainWindow* m_window;
    ApprovedListWriter* m_writer;
    ApprovedAccountsModel* m_model;
    ApprovedAccountsProxy* m_proxy;
    QTableView* m_view = nullptr;
    QLineEdit* m_filter = nullptr;
    QSpinBox* m_staleDays = nullptr;
    QLabel* m_countLabel = nullptr;
    std::vector<std::pair<int, QToolButton*>> m_chips;
    bool m_dirty = true; // the session has a result the model does not show yet

    QAction* m_revokeAction = nullptr;
    QAction* m_editReasonAction = nullptr;
    QAction* m_editExpiryAction = nullptr;
    QAction* m_approveObservedAction = nullptr;
    QAction* m_copyAction = nullptr;
    QAction* m_baselineAction = nullptr;
    QAction* m_suppressionsAction = nullptr;
};

// Adds the list-stewardship features to the review window: the "Approved accounts" tab beside
// "Findings", the Tools menu (Rebuild Baseline…, Suppression Rules…), View ▸ Findings (Ctrl+1) /
// Approved Accounts (Ctrl+2), the suppression rules beside the approved CSV, and the status bar's
// "N hidden by suppressions". Call once from the window's constructor, after its views exist.
void installStewardship(MainWindow* window);

} // namespace tw
