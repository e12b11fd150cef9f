// SPDX-License-Identifier: GPL-3.0-or-later

// The polish list of the review (issue 15, Look and fit), on the real window offscreen: plurals in
// the export message, the window title naming the folder above AWSLogs, Open / Show in Folder
// after an export, a Loading state without the open buttons, no enabled action that needs data
// while nothing is loaded, one Approve button, sort arrows that point as in spreadsheets, and a
// toolbar that fits at 200% on a 1920×1080 screen.

#include "ui/findingspage.h"
#include "ui/mainwindow.h"
#include "ui/models/findingsmodel.h"
#include "ui/reportexport.h"
#include "ui/reviewcontroller.h"
#include "ui/sortarrowstyle.h"
#include "ui/viewhelpers.h"
#include "ui/windowfit.h"

#include "tests/support/testsupport.h"
#include "tests/support/windowsupport.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDockWidget>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QStyleFactory>
#include <QStyleOptionHeader>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QToolButton>

#include <optional>

using namespace Qt::StringLiterals;
using namespace tw;

namespace {

// Every action of the menu bar's menus, submenus included (by their menu action), without separators.
QList<QAction*> menuActions(QMenuBar* bar)
{
    QList<QAction*> out;
    std::function<void(QMenu*)> walk = [&](QMenu* menu) {
        for (QAction* a : menu->actions()) {
            if (a->isSeparator() || !a->isVisible())
                continue;
            out << a;
            if (a->menu())
                walk(a->menu());
        }
    };
    for (QAction* top : bar->actions())
        if (top->menu())
            walk(top->menu());
    return out;
}

QString plain(const QAction* a)
{
    return a->text().remove(u'&').remove(u'…').trimmed();
}

// Which way the sort arrow of section points, from what the header draws: the section painted with
// and without its indicator; the pixels that differ in the style's arrow area are the arrow (the
// label moves when the arrow goes, so only that area is compared). An arrow pointing down is wider
// at its top. std::nullopt when no arrow was drawn there.
std::optional<bool> arrowPointsDown(QHeaderView* header, int logical)
{
    const QRect rect(header->sectionViewportPosition(logical), 0, header->sectionSize(logical),
                     header->height());
    QStyleOptionHeader option;
    option.initFrom(header);
    option.state |= QStyle::State_Horizontal;
    option.rect = QRect(QPoint(0, 0), rect.size());
    option.section = logical;
    option.orientation = Qt::Horizontal;
    option.sortIndicator = QStyleOptionHeader::SortDown;
    const QRect area = header->style()
                           ->subElementRect(QStyle::SE_HeaderArrow, &option, header)
                           .adjusted(-2, -2, 2, 2)
                           .intersected(option.rect);
    const QImage with = header->grab(rect).toImage();
    header->setSortIndicatorShown(false);
    const QImage without = header->grab(rect).toImage();
    header->setSortIndicatorShown(true);
    const qreal dpr = with.devicePixelRatio();
    int top = -1, bottom = -1;
    QList<int> widths(with.height(), 0);
    for (int y = int(area.top() * dpr); y <= int(area.bottom() * dpr) && y < with.height(); ++y) {
        for (int x = int(area.left() * dpr); x <= int(area.right() * dpr) && x < with.width(); ++x)
            widths[y] += with.pixel(x, y) != without.pixel(x, y) ? 1 : 0;
        if (widths[y] > 0) {
            top = top < 0 ? y : top;
            bottom = y;
        }
    }
    if (top < 0 || bottom - top < 2)
        return std::nullopt;
    // The widest rows of the upper and lower third of the arrow.
    const int third = std::max(1, (bottom - top + 1) / 3);
    int upper = 0, lower = 0;
    for (int y = top; y < top + third; ++y)
        upper = std::max(upper, widths[y]);
    for (int y = bottom - third + 1; y <= bottom; ++y)
        lower = std::max(lower, widths[y]);
    if (upper == lower)
        return std::nullopt;
    return upper > lower;
}

} // namespace

class TstPolish : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settings;
    QTemporaryDir m_dir;

    std::unique_ptr<MainWindow> openSample(QSize size = {1200, 800})
    {
        test::WindowFiles files;
        files.size = size;
        files.paths = {test::sampleDir() + u"/AWSLogs"_s};
        files.approved = test::sampleDir() + u"/lookups/aws_service_accounts.csv"_s;
        return test::openWindow(files);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid());
        QCoreApplication::setOrganizationName(u"TrailWardenTest"_s);
        QCoreApplication::setApplicationName(u"tst_polish"_s);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
    }

    void init() { QSettings().clear(); }

    // "AWSLogs — TrailWarden" named every S3 export alike: the folder above it is in the title.
    void windowTitleNamesTheDataSet()
    {
        auto window = openSample();
        QVERIFY(window);
        // With an approved list the title also counts the findings new since the last review: the
        // sample's list has no review file, so every finding is new (issue 14).
        window->review()->waitForMarks();
        const int findings = window->findingsPage()->findingsModel()->rowCount();
        QVERIFY(findings > 0);
        QCOMPARE(window->windowTitle(), u"sample/AWSLogs (%1 new) — TrailWarden"_s.arg(findings));
    }

    // An interactive export says "1 finding" (not "1 finding(s)") and offers Open and Show in Folder.
    void exportSaysWhereAndOffersToOpen()
    {
        auto window = openSample();
        QVERIFY(window);
        QLineEdit* filter = window->findingsPage()->filterEdit();
        QTest::keyClicks(filter, u"root"_s);
        QTRY_COMPARE(window->findingsPage()->findingsView()->model()->rowCount(), 1);
        auto* exporter = window->findChild<ReportExporter*>(u"reportExporter"_s);
        QVERIFY(exporter);
        QStringList buttons;
        QString text;
        test::onNextModal(this, [&](QWidget* modal) {
            auto* box = qobject_cast<QMessageBox*>(modal);
            if (!box)
                return;
            text = box->text();
            for (QAbstractButton* b : box->buttons())
                buttons << b->text().remove(u'&');
            box->button(QMessageBox::Close)->click();
        });
        QSignalSpy done(exporter, &ReportExporter::finished);
        const QString path = m_dir.filePath(u"one.html"_s);
        exporter->exportTo(path, ReportFormat::Html, true);
        QVERIFY(done.wait(30000));
        QVERIFY2(done.at(0).at(0).toBool(), qPrintable(done.at(0).at(1).toString()));
        QVERIFY2(done.at(0).at(1).toString().startsWith(u"Exported 1 finding to"_s),
                 qPrintable(done.at(0).at(1).toString()));
        QVERIFY2(text.contains(u"one.html"_s), qPrintable(text));
        QVERIFY2(buttons.contains(u"Open"_s) && buttons.contains(u"Show in Folder"_s),
                 qPrintable(buttons.join(u", "_s)));
    }
    // While a load runs, the empty state says so, without the open buttons (a click would cancel
    // the load); they come back when nothing is loaded.
    void loadingStateReplacesTheOpenButtons()
    {
        MainWindow window;
        window.resize(900, 600);
        window.show();
        auto* buttons = window.findChild<QWidget*>(u"startButtons"_s);
        auto* title = window.findChild<QLabel*>(u"emptyTitle"_s);
        QVERIFY(buttons && title);
        QVERIFY(buttons->isVisible());
        bool sawLoading = false;
        QString loadingTitle;
        connect(&window.session(), &AnalysisSession::loadStarted, this, [&] {
            // After the window has taken the signal (it was connected first).
            sawLoading = true;
            loadingTitle = title->text();
            QVERIFY(!buttons->isVisible());
            const QList<QPushButton*> shown = window.findChildren<QPushButton*>();
            for (QPushButton* b : shown)
                QVERIFY2(!b->isVisible() || !b->text().contains(u"Open"_s), qPrintable(b->text()));
        });
        QSignalSpy done(&window, &MainWindow::loadCompleted);
        window.openPaths({test::sampleDir() + u"/AWSLogs"_s});
        QVERIFY(done.wait(30000));
        QVERIFY(sawLoading);
        QVERIFY2(loadingTitle.startsWith(u"Loading sample/AWSLogs"_s), qPrintable(loadingTitle));
    }

    // With nothing loaded, only what opens or chooses something (and the view and help entries) is
    // enabled; after a load, the actions on data are.
    void dataActionsNeedData()
    {
        const QStringList withoutData{u"Open Folder"_s,
                                      u"Open Files"_s,
                                      u"Open Recent"_s,
                                      u"Open the Sample"_s,
                                      u"Open Workspace"_s,
                                      u"Import Engine Results"_s,
                                      u"Export Engine Query"_s,
                                      u"Choose Approved Accounts CSV"_s,
                                      u"Choose Identity List"_s,
                                      u"Account Aliases"_s,
                                      u"Quit"_s,
                                      u"Add-on 7.x Rules"_s,
                                      u"Legacy Rules (Add-on 1.x)"_s,
                                      u"Show Local Time"_s,
                                      u"Activity Timeline"_s,
                                      u"Load Problems"_s,
                                      u"About the Detection"_s,
                                      u"Keyboard Shortcuts"_s,
                                      u"About TrailWarden"_s,
                                      u"About Qt"_s};
        {
            MainWindow window;
            window.show();
            QStringList wrong;
            for (QAction* a : menuActions(window.menuBar()))
                if (a->isEnabled() && !withoutData.contains(plain(a)))
                    wrong << plain(a);
            QVERIFY2(wrong.isEmpty(), qPrintable(u"enabled with nothing loaded: "_s + wrong.join(u", "_s)));
        }
        auto window = openSample();
        QVERIFY(window);
        QTRY_VERIFY(window->findingsPage()->findingsView()->selectionModel()->hasSelection());
        const QStringList needData{
            u"Reload Logs"_s,       u"Export Findings Report"_s, u"Approve"_s,      u"Rebuild Baseline"_s,
            u"Save Workspace"_s,    u"Filter Findings"_s,        u"Clear Filter"_s, u"Findings"_s,
            u"Approved Accounts"_s, u"Copy User Names"_s,        u"Copy Rows"_s};
        QStringList found, disabled;
        for (QAction* a : menuActions(window->menuBar())) {
            if (!needData.contains(plain(a)))
                continue;
            found << plain(a);
            if (!a->isEnabled())
                disabled << plain(a);
        }
        QVERIFY2(disabled.isEmpty(), qPrintable(u"disabled after a load: "_s + disabled.join(u", "_s)));
        found.removeDuplicates();
        QCOMPARE(found.size(), needData.size());
    }

    // One Approve button in the window (the toolbar's), its shortcut in the tooltip and the menu.
    void oneApproveButton()
    {
        auto window = openSample();
        QVERIFY(window);
        QAction* approve = window->findingsPage()->approveAction();
        QStringList buttons;
        for (QAbstractButton* b : window->findChildren<QAbstractButton*>()) {
            auto* tool = qobject_cast<QToolButton*>(b);
            const bool isApprove =
                (tool && tool->defaultAction() == approve) || b->text().remove(u'&') == u"Approve…"_s;
            if (isApprove && b->isVisibleTo(window.get()))
                buttons << b->objectName() + u'/' +
                               QString::fromLatin1(b->parentWidget()->metaObject()->className());
        }
        QVERIFY2(buttons.size() == 1, qPrintable(buttons.join(u", "_s)));
        QVERIFY2(approve->toolTip().contains(u"Ctrl+Return"_s), qPrintable(approve->toolTip()));
        QCOMPARE(approve->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Return));
    }

    // The Risk column sorts descending on a first run: ▼ (largest first), ▲ when ascending, as in
    // Excel and Timeline Explorer, on every table of the window.
    void sortArrowsPointAsInSpreadsheets()
    {
        auto window = openSample();
        QVERIFY(window);
        QTableView* findings = window->findingsPage()->findingsView();
        QHeaderView* header = findings->horizontalHeader();
        QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
        QCOMPARE(arrowPointsDown(header, header->sortIndicatorSection()), std::optional<bool>(true));
        int tables = 0;
        for (QTableView* view : window->findChildren<QTableView*>()) {
            if (!view->isSortingEnabled() || view->model()->columnCount() == 0)
                continue;
            // Tables on hidden tabs and docks are brought into view, so that their headers are laid out.
            for (QWidget* child = view; child->parentWidget(); child = child->parentWidget()) {
                if (auto* stack = qobject_cast<QStackedWidget*>(child->parentWidget()))
                    stack->setCurrentWidget(child);
                if (auto* dock = qobject_cast<QDockWidget*>(child))
                    dock->show();
            }
            QVERIFY(QTest::qWaitForWindowExposed(view->window()));
            QTest::qWait(20);
            view->resize(900, 300);
            QHeaderView* h = view->horizontalHeader();
            h->resize(900, h->sizeHint().height());
            const int column = h->logicalIndex(0);
            view->sortByColumn(column, Qt::DescendingOrder);
            const QString name = view->objectName() + u'/' +
                                 QString::fromLatin1(view->parentWidget()->metaObject()->className());
            QVERIFY2(arrowPointsDown(h, column) == std::optional<bool>(true), qPrintable(name));
            view->sortByColumn(column, Qt::AscendingOrder);
            QVERIFY2(arrowPointsDown(h, column) == std::optional<bool>(false),
                     qPrintable(view->objectName()));
            ++tables;
        }
        QVERIFY2(tables >= 4, qPrintable(QString::number(tables)));
    }

    // The same in every style this Qt has (Fusion is what the screenshots and the dark palette use).
    void sortArrowsInEveryStyle()
    {
        const QString original = QApplication::style()->name();
        for (const QString& key : QStyleFactory::keys()) {
            QApplication::setStyle(QStyleFactory::create(key));
            QStandardItemModel model(3, 2);
            QTableView view;
            setupTableView(&view);
            view.setModel(&model);
            view.resize(400, 200);
            view.show();
            QVERIFY(QTest::qWaitForWindowExposed(&view));
            view.sortByColumn(0, Qt::DescendingOrder);
            const std::optional<bool> down = arrowPointsDown(view.horizontalHeader(), 0);
            if (!down)
                continue; // a style that shows no arrow there
            QVERIFY2(*down, qPrintable(key));
            view.sortByColumn(0, Qt::AscendingOrder);
            QVERIFY2(arrowPointsDown(view.horizontalHeader(), 0) == std::optional<bool>(false),
                     qPrintable(key));
        }
        QApplication::setStyle(QStyleFactory::create(original));
    }
    // At 200% on a 1920×1080 screen (960×540 logical pixels, less a panel) the window opens at 90% of
    // it: every toolbar entry is there, whole. Narrower still, what does not fit goes behind the
    // extension button (») and nothing is cut.
    void toolbarFitsAt200Percent()
    {
        const QSize size = firstRunSize(QSize(1400, 900), QRect(0, 0, 960, 528));
        auto window = openSample(size);
        QVERIFY(window);
        auto* bar = window->findChild<QToolBar*>(u"mainToolBar"_s);
        QVERIFY(bar);
        auto* extension = bar->findChild<QToolButton*>(u"qt_toolbar_ext_button"_s);
        QVERIFY(extension);
        const auto check = [&](bool allShown) {
            QTest::qWait(20);
            QStringList hidden;
            for (QAction* a : bar->actions()) {
                if (a->isSeparator() || !a->isVisible())
                    continue;
                QWidget* w = bar->widgetForAction(a);
                QVERIFY(w);
                const QString name =
                    a->text().isEmpty() ? QString::fromLatin1(w->metaObject()->className()) : plain(a);
                if (!w->isVisible()) {
                    hidden << name;
                    continue;
                }
                QVERIFY2(bar->contentsRect().contains(w->geometry()),
                         qPrintable(
                             u"%1 cut at %2 of %3"_s.arg(name).arg(w->geometry().right()).arg(bar->width())));
                QVERIFY2(w->width() >= w->minimumSizeHint().width(), qPrintable(name));
                QVERIFY2(!extension->isVisible() || !extension->geometry().intersects(w->geometry()),
                         qPrintable(name));
            }
            if (allShown)
                QVERIFY2(hidden.isEmpty(), qPrintable(u"behind »: "_s + hidden.join(u", "_s) + u" at "_s +
                                                      QString::number(bar->width())));
            QCOMPARE(extension->isVisible(), !hidden.isEmpty());
        };
        check(true);
        if (QTest::currentTestFailed())
            return;
        window->resize(560, size.height());
        check(false);
    }
};

QTEST_MAIN(TstPolish)
#include "tst_polish.moc"
