// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the window tests share: opening the review window on files and answering the modal dialogs
// the code under test opens with exec(). Links trailwarden_ui, so only tests/ui/ use it.

#include <QDateTime>
#include <QList>
#include <QSize>
#include <QStringList>

#include <functional>
#include <memory>

class QModelIndex;
class QObject;
class QPushButton;
class QWidget;

namespace tw {
class FindingsPage;
class MainWindow;
} // namespace tw

namespace tw::test {

struct WindowFiles
{
    QStringList paths;    // log files and folders, as the user opens them
    QString approved{};   // the approved list, empty for none
    QString identities{}; // the identity list, empty for none
    QDateTime now{};      // the session's clock (approval expiry), the real one when invalid
    QSize size{1200, 800};
};

// A shown window that has finished loading `files`; nullptr when the load did not finish within
// 30 s (a test then fails with QVERIFY(window)).
std::unique_ptr<MainWindow> openWindow(const WindowFiles& files);

// The users of the findings table, as displayed, in the table's order (sorted and filtered).
QStringList shownUsers(const MainWindow& window);

// Runs `act` on the next modal window as soon as it shows (the code under test opens it with
// exec(), which returns only when `act` closes it). The timer is a child of `owner`, so a failed
// test cannot act on a later test's dialogs; a dialog `act` leaves open is rejected with a warning.
void onNextModal(QObject* owner, std::function<void(QWidget*)> act);

// The same for the next popup (a context menu the code under test opens with QMenu::exec()); a
// popup `act` leaves open is closed with a warning.
void onNextPopup(QObject* owner, std::function<void(QWidget*)> act);

// The users of the findings, in the result's order (by user, byte-wise), whatever the table's sort.
QStringList findingUsers(const MainWindow& window);

// The deliberate way to press a button in a dialog whose default is another: focus it and press
// Space (the offscreen platform delivers no mnemonics such as Alt+A). Fails the test when disabled.
void pressButton(QPushButton* button);

// Tab pressed where `window`'s focus is, or Shift+Tab with `back` (sent as a keyboard does: Backtab
// with Shift). The focus is the window's own, so that an inactive offscreen window works too.
void pressTab(QWidget* window, bool back = false);

// Whether `window`'s focus is on `widget` or inside it (an editable combo box's line edit).
bool focusIsIn(const QWidget* window, const QWidget* widget);

// A name for the widget that has `window`'s focus, for failure messages: class, object name, text.
QString focusName(const QWidget* window);

// Walks `order` with Tab from its first widget (which must have the focus) to its last, then back
// with Shift+Tab to the first: empty when every press lands where `order` says, else which press
// went where, for the failure message.
QString tabOrderProblem(QWidget* dialog, const QList<QWidget*>& order);

// The shown buttons of the dialog's button box, left to right as they are laid out.
QList<QPushButton*> dialogButtons(const QWidget* dialog);

// Saves widget as <name>.png in $TRAILWARDEN_GRAB_DIR when it is set, for looking at a screen.
void grabIfAsked(QWidget* widget, const QString& name);

// A cell of the drill-down's events with a value in `column` (an EventsModel column): the current
// finding's, else the first finding's in table order that has one, which it makes current. Invalid
// when no finding has such a value.
QModelIndex drillDownCellWithValue(FindingsPage* page, int column);

} // namespace tw::test
