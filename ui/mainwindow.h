// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/analysissession.h"
#include "ui/datafolderhistory.h"
#include "ui/dialogs/approvedialog.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QMargins>

#include <functional>
#include <memory>
#include <optional>

class QAction;
class QActionGroup;
class QComboBox;
class QLabel;
class QMenu;
class QResizeEvent;
class QStackedWidget;
class QTabWidget;
class QTableView;
class QUndoStack;
class QVBoxLayout;
class QDockWidget;

namespace tw {

class ActivityTimeline;
class ApprovalController;
class ApprovedAccountsPanel;
class FindingsPage;
class FindingsProxy;
class LoadStatusWidget;
class LoadProblemsModel;
class PivotPage;
class ReviewController;
class StartPage;
class TimeRangeBar;

// The review window. It arranges: it creates the pages (StartPage, FindingsPage), the Approved
// accounts panel, the load status and the docks, places their actions in the menus and the toolbar
// and connects them; the pages do the work. It also opens data and chooses the lists (with
// DataFolderHistory), and asks before an approval.
//
// Owns one AnalysisSession; every model is fed from the session's snapshots on the UI thread, and
// nothing here reads a log file on the UI thread (loads run in the session, raw records in
// RawRecordPane's worker). The approved-accounts CSV is written only through ApprovalController.
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

    // File ▸ Account Aliases (mainwindowaliases.cpp): names beside the account ids everywhere they
    // are shown, remembered for the data folder. An empty path clears them. A file or rows that
    // cannot be used are listed in Load Problems; the rest is used.
    void setAccountAliasesPath(const QString& path);
    void setAliasesPrompt(CsvPrompt prompt) { m_aliasesPrompt = std::move(prompt); }

    void setApprovalPrompt(ApprovalPrompt prompt) { m_approvalPrompt = std::move(prompt); }
    void setCsvPrompt(CsvPrompt prompt) { m_csvPrompt = std::move(prompt); }

    // File ▸ Save Workspace / Open Workspace (mainwindowworkspace.cpp): the data, lists, rules and
    // the view (filters, sort, selection, column layout) in one JSON file. A failure shows a dialog
    // naming the file and the reason, and returns false; opening changes nothing then.
    bool saveWorkspace(const QString& path);
    bool openWorkspace(const QString& path);
    // Opens the workspace saved or opened last (QSettings), at start; false when there is none
    // (or it cannot be opened: a dialog says why).
    bool reopenLastWorkspace();
    QString workspacePath() const { return m_workspacePath; }

    // Makes the finding of user current and selected (and shows its first event); false if absent.
    bool selectUser(const QString& user);
    // Approves the selected findings (the Approve action).
    void approveSelected();

    AnalysisSession& session() { return m_session; }
    // The files and folders of the current load, absolute, as the user gave them (for report manifests).
    QStringList inputPaths() const { return m_paths; }
    // The Findings tab: the tables, the drill-down and the selection.
    FindingsPage* findingsPage() const { return m_findingsPage; }
    // The main area: Findings, then "Approved accounts".
    QTabWidget* tabs() const { return m_tabs; }
    // The Events tab: every event with one value (a pivot from an events table).
    PivotPage* pivotPage() const { return m_pivotPage; }
    LoadProblemsModel* problemsModel() const { return m_problems; }
    // Every write of the approved list, its undo stack and file watcher.
    ApprovalController* approvals() const { return m_approvals; }
    QUndoStack* undoStack() const;
    // Every write of the review file beside the approved list (status, note, Mark Reviewed), the
    // marks the findings table shows and their file watcher.
    ReviewController* review() const { return m_review; }
    QString lastStatus() const { return m_lastStatus; }
    // Milliseconds from the last approval's CSV write until the findings table had dropped the rows
    // (re-running the detection included), and until the approval gave the UI thread back (with the
    // re-run on a worker, before the table changes; otherwise after everything listening to the new
    // result, the drill-down, other docks, was done).
    qint64 lastApproveTableMs() const { return m_lastApproveTableMs; }
    qint64 lastApproveUpdateMs() const { return m_lastApproveUpdateMs; }

Q_SIGNALS:
    // A load finished and the window shows its result (or it was cancelled).
    void loadCompleted(bool cancelled);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

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
    QWidget* createDataPage();
    void createStatusBar();
    void createProblemsDock();
    // The "Approved accounts" tab: its panel, and its actions placed in Tools and View.
    void createApprovedTab();
    // The Events tab and the pivots (mainwindowpivots.cpp): the events tables' context menus, the
    // findings narrowed to a value.
    void createPivotTab();
    void createWorkspaceActions();
    // Triage (mainwindowreview.cpp): the review controller, the Triage menu, and the count of new
    // findings in the title and the status bar.
    void createReview();
    void updateTitle();
    void createAliasActions();
    void chooseAccountAliases();
    // The aliases of a folder being opened: the ones remembered for it, else account_aliases.csv
    // beside it; firstData: aliases chosen before any data are this folder's.
    void restoreAccountAliases(const QString& folder, bool firstData);
    std::vector<LoadProblem> accountAliasProblems() const;
    void workspaceError(const QString& title, const QString& what, const QString& reason);
    void restoreSettings();
    void saveSettings() const;

    void onLoadStarted();
    void onProgress(quint64 filesDone, quint64 filesTotal, quint64 bytesDone, quint64 bytesTotal,
                    quint64 events);
    void onLoadFinished(bool cancelled);
    void onResultChanged();
    void onLookupProblemsChanged();

    void updateSummary();
    void updateActions();
    void showStatus(const QString& text);
    void setRules(RuleSet rules);
    void setLocalTime(bool localTime);
    // The selected users that need a second look before approving: root, persons, admin-like.
    std::vector<ApprovalGuard> approvalGuards(const QStringList& users) const;
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
    void rememberLists();
    void findLookupsNear(const QString& folder);
    void about();
    void aboutDetection();
    void showShortcuts();
    void clearFilter();

    AnalysisSession m_session;
    QStringList m_paths;
    QString m_dataFolder;
    DataFolderHistory m_history;
    bool m_selectFirstAfterLoad = false;
    QString m_userToReselect;

    FindingsPage* m_findingsPage = nullptr;
    LoadProblemsModel* m_problems = nullptr;
    QDockWidget* m_problemsDock = nullptr;
    QStackedWidget* m_stack = nullptr;
    StartPage* m_startPage = nullptr;
    QWidget* m_dataPage = nullptr;
    QTabWidget* m_tabs = nullptr;
    QVBoxLayout* m_dataLayout = nullptr; // the time range bar above the tabs
    QMargins m_dataMargins;              // the style's, for a window that is not short
    TimeRangeBar* m_timeRangeBar = nullptr;
    ActivityTimeline* m_timeline = nullptr; // null without Qt Charts
    QComboBox* m_rulesCombo = nullptr;

    QLabel* m_summaryLabel = nullptr;
    LoadStatusWidget* m_loadStatus = nullptr;
    QString m_lastStatus;

    ApprovalController* m_approvals = nullptr;
    ApprovedAccountsPanel* m_approvedPanel = nullptr;
    PivotPage* m_pivotPage = nullptr;
    ReviewController* m_review = nullptr;
    QLabel* m_newLabel = nullptr;
    QString m_titleBase; // the data's name; updateTitle() adds the count of new findings
    QString m_workspacePath;
    ApprovalPrompt m_approvalPrompt;
    CsvPrompt m_csvPrompt;
    CsvPrompt m_aliasesPrompt;
    QAction* m_chooseAliasesAction = nullptr;
    QAction* m_clearAliasesAction = nullptr;
    qint64 m_lastApproveUpdateMs = -1;
    qint64 m_lastApproveTableMs = -1;
    QElapsedTimer m_approveClock; // valid only while an approval's re-run is not in force

    QAction* m_openFolderAction = nullptr;
    QAction* m_openFilesAction = nullptr;
    QAction* m_reloadAction = nullptr;
    QAction* m_chooseApprovedAction = nullptr;
    QAction* m_chooseIdentityAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_exportEngineQueryAction = nullptr;
    QAction* m_importEngineAction = nullptr;
    QString m_importedTimeZone; // the zone given for a Splunk export's times (the banner states it)
    QAction* m_copyEngineQueryAction = nullptr;
    QLabel* m_engineBanner = nullptr;
    QAction* m_undoAction = nullptr;
    QAction* m_redoAction = nullptr;
    QAction* m_clearFilterAction = nullptr;
    QAction* m_shortcutsAction = nullptr;
    QAction* m_localTimeAction = nullptr;
    QActionGroup* m_rulesGroup = nullptr;
    QAction* m_rulesTa7Action = nullptr;
    QAction* m_rulesLegacyAction = nullptr;
    QAction* m_aboutAction = nullptr;
    QAction* m_aboutDetectionAction = nullptr;
    // Enabled only while data is loaded and no load runs (updateActions): nothing to act on otherwise.
    QList<QAction*> m_dataActions;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_fileMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QMenu* m_helpMenu = nullptr;
};

} // namespace tw
