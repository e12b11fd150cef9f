// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/analysissession.h"

#include <QFutureWatcher>
#include <QSet>
#include <QStringList>
#include <QThreadPool>
#include <QTimer>
#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

class QAction;
class QCheckBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QMenu;
class QResizeEvent;
class QSettings;
class QSplitter;
class QTableView;
class QToolButton;
class QVBoxLayout;

namespace tw {

class ElidedLabel;
class EventsModel;
class FieldSummaryPanel;
class FindingsModel;
class FindingsProxy;
class RawRecordPane;
struct ReviewMarks;

// The Findings tab: the filter row, the findings table, the drill-down to the events of the
// current finding and the raw record of the current event, and the banners that say what the
// lists exclude. It owns the selection and says what is selected; it offers its actions (Approve,
// Copy User Names, Copy Raw JSON, Filter Findings), which the window places in menus and the
// toolbar and, for Approve, connects to whoever approves.
//
// Follows the session's result by itself (the table is updated before anything else listening to
// the same signal that is connected after the page is made). UI thread only; nothing here reads a
// log file on the UI thread (raw records arrive through RawRecordPane's worker).
class FindingsPage : public QWidget
{
    Q_OBJECT
public:
    explicit FindingsPage(AnalysisSession& session, QWidget* parent = nullptr);
    ~FindingsPage() override;

    FindingsModel* findingsModel() const { return m_findings; }
    FindingsProxy* findingsProxy() const { return m_findingsProxy; }
    QTableView* findingsView() const { return m_findingsView; }
    EventsModel* eventsModel() const { return m_events; }
    QTableView* eventsView() const { return m_eventsView; }
    // Shows the current finding's failed calls in the drill-down too, with their errorCode.
    QCheckBox* failedCallsToggle() const { return m_failedToggle; }
    RawRecordPane* rawPane() const { return m_raw; }
    FieldSummaryPanel* fieldSummary() const { return m_summary; }
    QLineEdit* filterEdit() const { return m_filter; }
    // The drill-down's own filter (the events of the current finding).
    QLineEdit* eventsFilterEdit() const { return m_eventsFilter; }
    // True while the findings filter's search of the events' fields (source IP, user agent,
    // region) runs on its worker; waitForFilter() blocks until its answer is in the table.
    bool isFiltering() const { return m_matching; }
    void waitForFilter();
    QLabel* everyoneBanner() const { return m_everyoneBanner; }
    // The review file's marks for the table (null: no review file); the "New (N)" chip follows.
    void setReviewMarks(std::shared_ptr<const ReviewMarks> marks);
    // Checked: only the findings new since the last review.
    QToolButton* newChip() const { return m_newChip; }

    // The page's actions. Approve only triggers: the window connects it.
    QAction* approveAction() const { return m_approveAction; }
    QAction* copyUsersAction() const { return m_copyUsersAction; }
    QAction* copyJsonAction() const { return m_copyJsonAction; }
    QAction* findAction() const { return m_findAction; }
    // Another action in the findings table's context menu (shown while visible), or the events
    // table's.
    void addFindingsContextAction(QAction* action);
    void addEventsAction(QAction* action);
    // A banner above the filter row (the window's, e.g. over imported findings).
    void addBanner(QWidget* banner);
    // An imported engine result has no events: the drill-down is replaced by what the engine
    // counted for the current finding and a button for this action (the window's "Copy Query for
    // This User's Events").
    void setImportedEventsAction(QAction* action);
    // The panel shown instead of the drill-down while the data are an imported result.
    QWidget* importedDetail() const { return m_importedDetail; }
    // Whether the imported result's panel shows its text, or only its line (user, Copy Query). The
    // analyst's toggle decides once used (kept in the settings); until then the panel folds by itself
    // when the window is too short for the findings table to show kImportedRowsWanted rows beside it.
    bool isImportedDetailExpanded() const { return m_importedExpanded; }
    QToolButton* importedDetailToggle() const { return m_importedToggle; }
    static constexpr int kImportedRowsWanted = 8;

    // Only the findings of users (string ids in the session's store), with a banner that says what
    // they share (description) and offers to show every finding again: a pivot's answer.
    void showOnlyFindings(const QString& description, const std::vector<std::uint32_t>& users);
    void showAllFindings();
    QWidget* pivotBanner() const { return m_pivotBanner; }

    // The selected users, in table order, as the logs have them (not as displayed).
    QStringList selectedUsers() const;
    // The user of the current finding, as displayed; empty when there is none.
    QString currentUser() const;
    // From how many events in the store the drill-down is computed on a worker (tests lower it).
    void setDrillDownWorkerThreshold(std::size_t events) { m_drillDownThreshold = events; }
    // True while the current finding's events are still being gathered or sorted on a worker.
    bool eventsPending() const;
    // Blocks until the drill-down's worker is done and its results are shown (tests, --measure).
    void waitForEvents();

    // Makes the finding of user current and selected (and shows its first event); false if absent.
    bool selectUser(const QString& user);
    // The user of the finding that becomes current once the selected ones are approved.
    QString findingAfterSelection() const;
    // Sets a filter box's text and applies it at once (a workspace being opened).
    void setFilterText(const QString& text);
    void setEventsFilterText(const QString& text);
    // Selects the findings of these users (as the logs have them) and makes current's current.
    void selectUsers(const QStringList& users, const QString& current);
    // The current finding's user as the logs have it (not as displayed); empty when none.
    QString currentUserId() const;
    // Empties the filter and shows every finding at once (Esc, the "Clear filter" button).
    void clearFilter();
    // The next result of the same load (an undo, a redo) selects and drills into the first finding
    // it brings back, in table order; stopSelectingAppearing() gives up when nothing came.
    void selectNextAppearing();
    void stopSelectingAppearing() { m_selectAppearing = false; }
    // Nothing current: what follows the current finding (the drill-down, the timeline) waits for
    // the next selection.
    void clearCurrent();
    // After a load: the first data in a window without saved widths fits the text columns once,
    // then the finding reselect (if still there) or the first one becomes current.
    void showLoaded(bool selectFirst, const QString& reselect);

    // Whether the drill-down is shown under the table (hidden for an engine's result: no events).
    bool isDrillDownShown() const { return !m_drillDownHidden; }

    // The lists in use, and the warning banners, from the session's lists.
    void updateLists();
    void setLocalTime(bool localTime);

    // A short window (1920×1080 at 200%: 528 px): the lists' line goes to the count's tooltip, the
    // events' filter joins their label's line, and the split gives the findings table what the
    // drill-down does not need for kShortEventsRows rows (until the analyst moves the split).
    void setShortWindow(bool shortWindow);
    bool isShortWindow() const { return m_shortWindow; }
    static constexpr int kShortFindingsRows = 6;
    static constexpr int kShortEventsRows = 4;

    // The column widths are the user's (restored from a workspace): loading data does not fit them.
    void keepColumnWidths() { m_fitColumns = false; }
    // Splitter sizes and column layouts, under the window's keys.
    void restoreState(const QSettings& settings);
    void saveState(QSettings& settings) const;

protected:
    void resizeEvent(QResizeEvent* event) override;

Q_SIGNALS:
    // The selected findings changed (actions that need a selection follow).
    void selectionChanged();
    // The events table's context menu is about to open on index: others may add their actions
    // (the pivots) to menu.
    void eventsMenuRequested(QMenu* menu, const QModelIndex& index);

private:
    // The session's account aliases into the tables and the summary (every place an id is shown).
    void applyAccountAliases();
    void createActions();
    void onResultChanged();
    void applyFilter();
    void searchEvents();
    void selectIndex(const QModelIndex& index);
    void selectFirstAppearing();
    void refreshEvents();
    void onEventChanged();
    // Only the events whose field at `path` is `value`; an empty path shows all again.
    void filterEventsOn(const QString& path, const QString& value);
    void onDrillDownResult(int index);
    void showEventsLabel(const UserActivity& activity, std::size_t total);
    // Between the drill-down (logs) and the imported result's panel, as the session's data are.
    void showImportedDetail(bool imported);
    void updateImportedDetail(const QModelIndex& current);
    void setImportedExpanded(bool expanded);
    // Without the analyst's choice: folds the panel when the table would show too few rows beside it
    // unfolded, unfolds it when they would fit.
    void foldImportedDetailToFit();
    // The panel's height at the splitter's width, unfolded or folded.
    int importedDetailHeight(bool expanded) const;
    // In a short window: the drill-down gets what kShortEventsRows rows need, the findings the rest
    // (at least kShortFindingsRows rows when the height allows).
    void splitForShortWindow();
    void updateEventsLabel();
    void updateCount();
    void updateActions();
    void copySelectedUsers();
    void contextMenu(const QPoint& pos);
    void eventsContextMenu(const QPoint& pos);

    AnalysisSession& m_session;
    FindingsModel* m_findings = nullptr;
    FindingsProxy* m_findingsProxy = nullptr;
    QTableView* m_findingsView = nullptr;
    EventsModel* m_events = nullptr;
    QTableView* m_eventsView = nullptr;
    ElidedLabel* m_eventsLabel = nullptr;
    QVBoxLayout* m_eventsLayout = nullptr;
    QHBoxLayout* m_eventsHeader = nullptr; // the label's line; the filter joins it in a short window
    QWidget* m_eventsFilterNotice = nullptr;
    QLabel* m_eventsFilterLabel = nullptr;
    QString m_eventsFilterPath;    // the record field the events are filtered on, if any
    std::size_t m_eventsTotal = 0; // the finding's events as the drill-down counted them (the label)
    quint64 m_eventsFailed = 0;    // of them failed calls, with "Show failed calls too" (the label)
    RawRecordPane* m_raw = nullptr;
    FieldSummaryPanel* m_summary = nullptr;
    QLineEdit* m_filter = nullptr;
    QLineEdit* m_eventsFilter = nullptr;
    QLabel* m_findingsLabel = nullptr;
    QToolButton* m_newChip = nullptr;
    QLabel* m_noListsBanner = nullptr;
    QLabel* m_listsLabel = nullptr;
    QLabel* m_everyoneBanner = nullptr; // shown while a list has a '*' entry that excludes everyone
    QVBoxLayout* m_findingsLayout = nullptr;
    QSplitter* m_mainSplitter = nullptr;
    QSplitter* m_detailSplitter = nullptr;
    QWidget* m_importedDetail = nullptr; // instead of m_detailSplitter for an imported result
    QLabel* m_importedTitle = nullptr;
    QLabel* m_importedText = nullptr;
    QToolButton* m_importedQuery = nullptr;
    QToolButton* m_importedToggle = nullptr;
    bool m_importedExpanded = true;
    std::optional<bool> m_importedExpandedChoice; // the analyst's, once the toggle was used
    bool m_drillDownHidden = false;
    QByteArray m_splitterWithDrillDown; // the split to go back to when the drill-down is shown again
    bool m_shortWindow = false;
    QByteArray m_splitterBeforeShort; // the split to go back to when the window is tall again
    bool m_splitMovedInShort = false; // the analyst moved the split: it is theirs until tall again
    QWidget* m_emptyNotice = nullptr; // shown while the filter hides every finding
    QLabel* m_emptyLabel = nullptr;
    QWidget* m_pivotBanner = nullptr; // shown while a pivot limits the findings
    QLabel* m_pivotLabel = nullptr;
    QTimer* m_filterTimer = nullptr;
    QTimer m_eventsTimer;
    // The findings filter's search of the events' fields, off the UI thread (it reads every event).
    struct EventMatches
    {
        QString text;
        std::vector<std::vector<std::uint32_t>> users;
    };
    QThreadPool m_matchPool;
    QFutureWatcher<EventMatches> m_matchWatcher;
    bool m_matching = false; // a search started and its answer not yet in the table
    bool m_fitColumns = true;
    QList<QAction*> m_contextActions;

    QAction* m_approveAction = nullptr;
    QAction* m_copyUsersAction = nullptr;
    QAction* m_copyJsonAction = nullptr;
    QAction* m_findAction = nullptr;

    // selectNextAppearing(): the findings before the change, of this store.
    bool m_selectAppearing = false;
    std::shared_ptr<const EventStore> m_appearingStore;
    std::vector<std::uint8_t> m_knownUsers; // by string id: 1 for a finding before the step

    QString m_eventsWho; // the class and its evidence, for the events label
    // What the events table currently shows, so that a re-run keeping the finding keeps the table.
    std::shared_ptr<const EventStore> m_eventsStore;
    std::uint32_t m_eventsUser = 0;
    RuleSet m_eventsRules = RuleSet::Ta7;

    // The drill-down of a large store runs on a worker: the store-order scan and the earliest
    // events first (shown at once), then the time sort of all of them. A newer selection
    // supersedes it: the watcher moves to the new future and a result of an older serial is dropped.
    struct DrillDown
    {
        quint64 serial = 0;
        std::vector<std::uint32_t> events;
        std::size_t total = 0;
        bool complete = false;
    };
    QFutureWatcher<DrillDown> m_drillDown;
    quint64 m_drillDownSerial = 0;
    std::size_t m_drillDownThreshold = 100000;
    std::optional<TimeMs> m_eventsFrom, m_eventsTo; // the session's time range they were narrowed to
    // The drill-down's "failed calls too" toggle (docs/detection.md, Risk) and what the table shows.
    QCheckBox* m_failedToggle = nullptr;
    bool m_eventsWithFailed = false;
};

} // namespace tw
