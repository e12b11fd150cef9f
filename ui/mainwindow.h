// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/analysissession.h"
#include "ui/dialogs/approvedialog.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

class QAction;
class QActionGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QProgressBar;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QTableView;
class QToolButton;
class QUndoStack;
class QDockWidget;

namespace tw {

class ApprovalController;
class ApprovedAccountsPanel;
class EventsModel;
class FindingsModel;
class FindingsProxy;
class LoadProblemsModel;
class RawRecordPane;
class StableSortProxy;

// The review window: findings, the drill-down to events and raw records, and approving.
//
// Owns one AnalysisSession; every model is fed from the session's snapshots on the UI thread, and
// nothing here reads a log file on the UI thread (loads run in the session, raw records in
// RawRecordPane's worker). The approved-accounts CSV is written only through ApprovalService.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // Asks for the reason and the approver; std::nullopt cancels. The default shows ApproveDialog;
    // tests and scripted runs inject their own.
    using ApprovalPrompt = std::function<std::optional<ApprovalRequest>(const QStringList& identities,
                                                                        const ApprovalRequest& defaults)>;
    // Asks where the approved-accounts CSV is (or is to be created); empty cancels.
    using CsvPrompt = std::function<QString()>;

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Loads files and folders in the background; a load already running is cancelled.
    void openPaths(const QStringList& paths);
    // Reopens the most recent folder; false when there is none (the empty state stays).
    bool reopenLastFolder();
    // Puts a list in force. A list that cannot be used (no `identity` column, unreadable, not CSV; an
    // approved list in a folder that does not exist) is refused with a dialog that offers another,
    // and the list in force stays: returns false then.
    bool setApprovedPath(const QString& path);
    bool setIdentityPath(const QString& path);

    void setApprovalPrompt(ApprovalPrompt prompt) { m_approvalPrompt = std::move(prompt); }
    void setCsvPrompt(CsvPrompt prompt) { m_csvPrompt = std::move(prompt); }

    // Makes the finding of user current and selected (and shows its first event); false if absent.
    bool selectUser(const QString& user);
    // Approves the selected findings (the Approve action).
    void approveSelected();

    AnalysisSession& session() { return m_session; }
    // The files and folders of the current load, absolute, as the user gave them (for report manifests).
    QStringList inputPaths() const { return m_paths; }
    FindingsModel* findingsModel() const { return m_findings; }
    FindingsProxy* findingsProxy() const { return m_findingsProxy; }
    QTableView* findingsView() const { return m_findingsView; }
    // The main area: Findings, then "Approved accounts".
    QTabWidget* tabs() const { return m_tabs; }
    EventsModel* eventsModel() const { return m_events; }
    QTableView* eventsView() const { return m_eventsView; }
    RawRecordPane* rawPane() const { return m_raw; }
    LoadProblemsModel* problemsModel() const { return m_problems; }
    // Every write of the approved list, its undo stack and file watcher.
    ApprovalController* approvals() const { return m_approvals; }
    QUndoStack* undoStack() const;
    QAction* approveAction() const { return m_approveAction; }
    QLineEdit* filterEdit() const { return m_filter; }
    QLabel* everyoneBanner() const { return m_everyoneBanner; }
    QString lastStatus() const { return m_lastStatus; }
    // Milliseconds from the last approval's CSV write until the findings table had dropped the rows
    // (re-running the detection included), and until everything listening to the new result (the
    // drill-down, other docks) was done.
    qint64 lastApproveTableMs() const { return m_lastApproveTableMs; }
    qint64 lastApproveUpdateMs() const { return m_lastApproveUpdateMs; }

Q_SIGNALS:
    // A load finished and the window shows its result (or it was cancelled).
    void loadCompleted(bool cancelled);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    // The engine round trip (mainwindowengines.cpp): File > Export Engine Query / Import Engine
    // Results, the banner over imported findings, and the per-user follow-up query.
    void createEngineActions();
    void exportEngineQuery();
    void chooseEngineResults();
    bool importIfEngineResults(const QStringList& paths);
    void importEngineResults(const QStringList& paths);
    void updateEngineBanner();
    void copyUserEventsQuery();
    void createMenus();
    void createToolBar();
    QWidget* createEmptyPage();
    QWidget* createDataPage();
    void createStatusBar();
    void createProblemsDock();
    // The "Approved accounts" tab: its panel, and its actions placed in Tools and View.
    void createApprovedTab();
    void restoreSettings();
    void saveSettings() const;

    void onLoadStarted();
    void onProgress(quint64 filesDone, quint64 filesTotal, quint64 bytesDone, quint64 bytesTotal,
                    quint64 events);
    void onLoadFinished(bool cancelled);
    void onResultChanged();
    void onLookupProblemsChanged();

    void refreshEvents();
    void onEventChanged();
    void updateSummary();
    void updateListsLabel();
    void updateActions();
    void showStatus(const QString& text);
    void setRules(RuleSet rules);
    void setLocalTime(bool localTime);
    QStringList selectedUsers() const;
    // The selected users that need a second look before approving: root, persons, admin-like.
    std::vector<ApprovalGuard> approvalGuards(const QStringList& users) const;
    // The user of the finding that becomes current once the selected ones are approved.
    QString findingAfterSelection() const;
    void copySelectedUsers();
    void findingsContextMenu(const QPoint& pos);
    void showFindingsPage(bool haveData);
    // The refusal dialog of an unusable list; true when the user picked another one that is now in force.
    bool refuseList(bool approved, const QString& path, const QString& reason);

    void chooseFolder();
    void openSample();
    void chooseFiles();
    void chooseApprovedCsv();
    void chooseIdentityList();
    void reload();
    void fillRecentMenu();
    void addRecentFolder(const QString& folder);
    void rememberLists() const;
    void findLookupsNear(const QString& folder);
    void about();
    void aboutDetection();

    AnalysisSession m_session;
    QStringList m_paths;
    QString m_dataFolder;
    QElapsedTimer m_loadClock;
    bool m_selectFirstAfterLoad = false;
    QString m_userToReselect;
    bool m_fitColumns = true;

    FindingsModel* m_findings = nullptr;
    FindingsProxy* m_findingsProxy = nullptr;
    QTableView* m_findingsView = nullptr;
    EventsModel* m_events = nullptr;
    QTableView* m_eventsView = nullptr;
    QLabel* m_eventsLabel = nullptr;
    RawRecordPane* m_raw = nullptr;
    LoadProblemsModel* m_problems = nullptr;
    QDockWidget* m_problemsDock = nullptr;
    QStackedWidget* m_stack = nullptr;
    QWidget* m_emptyPage = nullptr;
    QLabel* m_emptyTitle = nullptr;
    QLabel* m_emptyText = nullptr;
    QLabel* m_noListsBanner = nullptr;
    QWidget* m_dataPage = nullptr;
    QTabWidget* m_tabs = nullptr;
    QSplitter* m_mainSplitter = nullptr;
    QSplitter* m_detailSplitter = nullptr;
    QLineEdit* m_filter = nullptr;
    QTimer m_filterTimer;
    QTimer m_eventsTimer;
    QLabel* m_findingsLabel = nullptr;
    QLabel* m_listsLabel = nullptr;
    QLabel* m_everyoneBanner = nullptr; // shown while a list has a '*' entry that excludes everyone
    QComboBox* m_rulesCombo = nullptr;

    QLabel* m_summaryLabel = nullptr;
    QLabel* m_progressLabel = nullptr;
    QProgressBar* m_progressBar = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QString m_lastStatus;

    ApprovalController* m_approvals = nullptr;
    ApprovedAccountsPanel* m_approvedPanel = nullptr;
    ApprovalPrompt m_approvalPrompt;
    CsvPrompt m_csvPrompt;
    qint64 m_lastApproveUpdateMs = -1;
    qint64 m_lastApproveTableMs = -1;
    QElapsedTimer m_approveClock; // valid only while an approval re-runs the detection

    // What the events table currently shows, so that a re-run keeping the finding keeps the table.
    std::shared_ptr<const EventStore> m_eventsStore;
    std::uint32_t m_eventsUser = 0;
    RuleSet m_eventsRules = RuleSet::Ta7;

    QAction* m_openFolderAction = nullptr;
    QAction* m_openFilesAction = nullptr;
    QAction* m_reloadAction = nullptr;
    QAction* m_chooseApprovedAction = nullptr;
    QAction* m_chooseIdentityAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_approveAction = nullptr;
    QAction* m_copyUsersAction = nullptr;
    QAction* m_copyJsonAction = nullptr;
    QAction* m_exportEngineQueryAction = nullptr;
    QAction* m_importEngineAction = nullptr;
    QAction* m_copyEngineQueryAction = nullptr;
    QLabel* m_engineBanner = nullptr;
    QAction* m_findAction = nullptr;
    QAction* m_undoAction = nullptr;
    QAction* m_redoAction = nullptr;
    QAction* m_localTimeAction = nullptr;
    QActionGroup* m_rulesGroup = nullptr;
    QAction* m_rulesTa7Action = nullptr;
    QAction* m_rulesLegacyAction = nullptr;
    QAction* m_aboutAction = nullptr;
    QAction* m_aboutDetectionAction = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_fileMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QMenu* m_helpMenu = nullptr;
};

} // namespace tw
