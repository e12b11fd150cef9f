// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "core/analysissession.h"

#include <QStringList>
#include <QTimer>
#include <QWidget>

#include <memory>

class QAction;
class QLabel;
class QLineEdit;
class QSettings;
class QSplitter;
class QTableView;
class QVBoxLayout;

namespace tw {

class EventsModel;
class FindingsModel;
class FindingsProxy;
class RawRecordPane;

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

    FindingsModel* findingsModel() const { return m_findings; }
    FindingsProxy* findingsProxy() const { return m_findingsProxy; }
    QTableView* findingsView() const { return m_findingsView; }
    EventsModel* eventsModel() const { return m_events; }
    QTableView* eventsView() const { return m_eventsView; }
    RawRecordPane* rawPane() const { return m_raw; }
    QLineEdit* filterEdit() const { return m_filter; }
    QLabel* everyoneBanner() const { return m_everyoneBanner; }

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

    // The selected users, in table order, as the logs have them (not as displayed).
    QStringList selectedUsers() const;
    // The user of the current finding, as displayed; empty when there is none.
    QString currentUser() const;
    // Makes the finding of user current and selected (and shows its first event); false if absent.
    bool selectUser(const QString& user);
    // The user of the finding that becomes current once the selected ones are approved.
    QString findingAfterSelection() const;
    // Nothing current: what follows the current finding (the drill-down, the timeline) waits for
    // the next selection.
    void clearCurrent();
    // After a load: the first data in a window without saved widths fits the text columns once,
    // then the finding reselect (if still there) or the first one becomes current.
    void showLoaded(bool selectFirst, const QString& reselect);

    // The lists in use, and the warning banners, from the session's lists.
    void updateLists();
    void setLocalTime(bool localTime);

    // Splitter sizes and column layouts, under the window's keys.
    void restoreState(const QSettings& settings);
    void saveState(QSettings& settings) const;

Q_SIGNALS:
    // The selected findings changed (actions that need a selection follow).
    void selectionChanged();

private:
    void createActions();
    void onResultChanged();
    void refreshEvents();
    void onEventChanged();
    void updateCount();
    void updateActions();
    void copySelectedUsers();
    void contextMenu(const QPoint& pos);

    AnalysisSession& m_session;
    FindingsModel* m_findings = nullptr;
    FindingsProxy* m_findingsProxy = nullptr;
    QTableView* m_findingsView = nullptr;
    EventsModel* m_events = nullptr;
    QTableView* m_eventsView = nullptr;
    QLabel* m_eventsLabel = nullptr;
    RawRecordPane* m_raw = nullptr;
    QLineEdit* m_filter = nullptr;
    QLabel* m_findingsLabel = nullptr;
    QLabel* m_noListsBanner = nullptr;
    QLabel* m_listsLabel = nullptr;
    QLabel* m_everyoneBanner = nullptr; // shown while a list has a '*' entry that excludes everyone
    QVBoxLayout* m_findingsLayout = nullptr;
    QSplitter* m_mainSplitter = nullptr;
    QSplitter* m_detailSplitter = nullptr;
    QTimer m_eventsTimer;
    bool m_fitColumns = true;
    QList<QAction*> m_contextActions;

    QAction* m_approveAction = nullptr;
    QAction* m_copyUsersAction = nullptr;
    QAction* m_copyJsonAction = nullptr;
    QAction* m_findAction = nullptr;

    // What the events table currently shows, so that a re-run keeping the finding keeps the table.
    std::shared_ptr<const EventStore> m_eventsStore;
    std::uint32_t m_eventsUser = 0;
    RuleSet m_eventsRules = RuleSet::Ta7;
};

} // namespace tw
