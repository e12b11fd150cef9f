// SPDX-License-Identifier: GPL-3.0-or-later
#include "tests/support/windowsupport.h"

#include "ui/findingspage.h"
#include "ui/mainwindow.h"
#include "ui/models/eventsmodel.h"
#include "ui/models/findingsmodel.h"
#include "ui/models/findingsproxy.h"

#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <utility>
#include <vector>

namespace tw::test {

std::unique_ptr<MainWindow> openWindow(const WindowFiles& files)
{
    auto window = std::make_unique<MainWindow>();
    window->resize(files.size);
    window->show();
    if (files.now.isValid())
        window->session().setNow(files.now);
    if (!files.approved.isEmpty())
        window->setApprovedPath(files.approved);
    if (!files.identities.isEmpty())
        window->setIdentityPath(files.identities);
    QSignalSpy loaded(window.get(), &MainWindow::loadCompleted);
    window->openPaths(files.paths);
    if (!loaded.wait(30000))
        return nullptr;
    return window;
}

QStringList shownUsers(const MainWindow& window)
{
    QStringList out;
    const QAbstractItemModel* proxy = window.findingsPage()->findingsView()->model();
    for (int row = 0; row < proxy->rowCount(); ++row)
        out.append(proxy->index(row, FindingsModel::User).data().toString());
    return out;
}

void onNextModal(QObject* owner, std::function<void(QWidget*)> act)
{
    auto* timer = new QTimer(owner);
    timer->setInterval(5);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, act] {
        QWidget* modal = QApplication::activeModalWidget();
        if (!modal || !modal->isVisible())
            return;
        timer->stop();
        timer->deleteLater();
        act(modal);
        // A failed check inside act returns early: never leave the action's exec() waiting.
        if (modal->isVisible())
            if (auto* dialog = qobject_cast<QDialog*>(modal)) {
                qWarning("the dialog was still open after the test's keys; rejected it");
                dialog->reject();
            }
    });
    timer->start();
}

void onNextPopup(QObject* owner, std::function<void(QWidget*)> act)
{
    auto* timer = new QTimer(owner);
    timer->setInterval(5);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, act] {
        QWidget* popup = QApplication::activePopupWidget();
        if (!popup || !popup->isVisible())
            return;
        timer->stop();
        timer->deleteLater();
        act(popup);
        if (popup->isVisible()) {
            qWarning("the popup was still open after the test's keys; closed it");
            popup->close();
        }
    });
    timer->start();
}

QStringList findingUsers(const MainWindow& window)
{
    // The model's rows are in the table's sort order; its user column's sort value is the result's.
    const QAbstractItemModel* model = window.findingsPage()->findingsModel();
    std::vector<std::pair<int, QString>> rows;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, FindingsModel::User);
        rows.emplace_back(index.data(FindingsModel::SortRole).toInt(), index.data().toString());
    }
    std::sort(rows.begin(), rows.end());
    QStringList out;
    for (const auto& [order, user] : rows)
        out << user;
    return out;
}

void pressButton(QPushButton* button)
{
    QVERIFY(button->isEnabled());
    button->setFocus(Qt::TabFocusReason);
    QTest::keyClick(button, Qt::Key_Space);
}

void pressTab(QWidget* window, bool back)
{
    QWidget* focus = window->focusWidget() ? window->focusWidget() : window;
    if (back)
        QTest::keyClick(focus, Qt::Key_Backtab, Qt::ShiftModifier);
    else
        QTest::keyClick(focus, Qt::Key_Tab);
}

bool focusIsIn(const QWidget* window, const QWidget* widget)
{
    const QWidget* focus = window->focusWidget();
    return focus && widget && (focus == widget || widget->isAncestorOf(focus));
}

QString focusName(const QWidget* window)
{
    const QWidget* focus = window->focusWidget();
    if (!focus)
        return QStringLiteral("nothing");
    QString text;
    if (const auto* button = qobject_cast<const QAbstractButton*>(focus))
        text = button->text();
    return QStringLiteral("%1 '%2' %3")
        .arg(QString::fromLatin1(focus->metaObject()->className()), focus->objectName(), text);
}

QString tabOrderProblem(QWidget* dialog, const QList<QWidget*>& order)
{
    for (qsizetype i = 1; i < order.size(); ++i) {
        pressTab(dialog);
        if (!focusIsIn(dialog, order[i]))
            return QStringLiteral("Tab %1: the focus is on %2").arg(i).arg(focusName(dialog));
    }
    for (qsizetype i = order.size() - 2; i >= 0; --i) {
        pressTab(dialog, true);
        if (!focusIsIn(dialog, order[i]))
            return QStringLiteral("Shift+Tab to %1: the focus is on %2").arg(i).arg(focusName(dialog));
    }
    return {};
}

QList<QPushButton*> dialogButtons(const QWidget* dialog)
{
    QList<QPushButton*> out;
    if (const auto* box = dialog->findChild<QDialogButtonBox*>())
        for (QPushButton* button : box->findChildren<QPushButton*>())
            if (button->isVisible())
                out << button;
    std::sort(out.begin(), out.end(), [](const QPushButton* a, const QPushButton* b) {
        return a->mapToGlobal(QPoint()).x() < b->mapToGlobal(QPoint()).x();
    });
    return out;
}

void grabIfAsked(QWidget* widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("TRAILWARDEN_GRAB_DIR");
    if (dir.isEmpty())
        return;
    QCoreApplication::processEvents(); // the layout requests posted by the last change
    widget->grab().save(dir + u'/' + name + QStringLiteral(".png"));
}

QModelIndex drillDownCellWithValue(FindingsPage* page, int column)
{
    const auto inCurrent = [page, column]() -> QModelIndex {
        page->waitForEvents();
        const EventsModel* events = page->eventsModel();
        for (int row = 0; row < events->rowCount(); ++row)
            if (!events->index(row, column).data().toString().isEmpty())
                return events->index(row, column);
        return {};
    };
    if (const QModelIndex cell = inCurrent(); cell.isValid())
        return cell;
    for (int row = 0; row < page->findingsProxy()->rowCount(); ++row) {
        page->findingsView()->setCurrentIndex(page->findingsProxy()->index(row, 0));
        if (const QModelIndex cell = inCurrent(); cell.isValid())
            return cell;
    }
    return {};
}

} // namespace tw::test
