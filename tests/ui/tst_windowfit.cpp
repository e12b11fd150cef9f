// SPDX-License-Identifier: GPL-3.0-or-later

// Look and fit (issue 15): the window fits a 1920×1080 screen at 200% (960×540 logical pixels),
// first-run and restored geometry are clamped to the screen, the toolbar does not grow with the
// undo text, and the toolbar has icons without an icon theme (bundled SVG, palette-coloured).

#ifdef TRAILWARDEN_HAVE_CHARTS
#include "ui/activitytimeline.h"
#endif
#include "ui/approvalcontroller.h"
#include "ui/fieldsummarypanel.h"
#include "ui/findingspage.h"
#include "ui/icons.h"
#include "ui/mainwindow.h"
#include "ui/palette.h"
#include "ui/rawrecordpane.h"
#include "ui/timerangebar.h"
#include "ui/windowfit.h"

#include "tests/support/testsupport.h"
#include "tests/support/windowsupport.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#ifdef TRAILWARDEN_HAVE_CHARTS
#include <QChartView>
#endif
#include <QDockWidget>
#include <QFile>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QToolButton>
#include <QUndoCommand>
#include <QUndoStack>

using namespace Qt::StringLiterals;
using namespace tw;

namespace {

// 1920×1080 at QT_SCALE_FACTOR=2, less a 24 px panel.
const QRect kScaledScreen(0, 0, 960, 528);

QToolButton* toolButton(QToolBar* bar, QAction* action)
{
    return qobject_cast<QToolButton*>(bar->widgetForAction(action));
}

// An Athena result of `users` users (one row each) with the exported query's header, written into
// `dir`.
QString writeAthenaResult(const QTemporaryDir& dir, int users)
{
    QByteArray csv =
        "\"user\",\"count\",\"readonlycount\",\"firsttime\",\"lasttime\",\"eventname\",\"tw_query\"\n";
    for (int i = 0; i < users; ++i)
        csv +=
            "\"user-" + QByteArray::number(i) + "\",\"" + QByteArray::number(i + 1) +
            "\",\"0\",\"2026-10-01 00:00:00\",\"2026-10-02 00:00:00\",\"[\"\"GetObject\"\"]\",\"TrailWarden "
            "0.1.0 engine query; engine=athena; rules=ta7; from=2026-10-01T00:00:00Z; "
            "to=2026-10-05T00:00:00Z; slack=1d; dedup=yes; lists=none\"\n";
    QFile f(dir.filePath(u"athena.csv"_s));
    return f.open(QIODevice::WriteOnly) && f.write(csv) == csv.size() ? f.fileName() : QString();
}

// Whole rows the table's viewport shows.
int visibleRows(const QTableView* table)
{
    return table->viewport()->height() / std::max(1, table->rowHeight(0));
}

// What a label shows of its text: a mnemonic's '&' takes no room ("&&" is one '&').
QString shownText(const QLabel* label)
{
    const QString text = label->text();
    QString shown;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == u'&' && ++i == text.size())
            break;
        shown += text.at(i);
    }
    return shown;
}

// Empty when the one-line `label` shows its text in its width and `whole` in it or, when the text
// is elided, in its tooltip; else what is wrong, for the failure message. A QLabel narrower than its
// text draws it cut where the width ends, mid-glyph: that is what this catches.
QString clipProblem(const QLabel* label, const QString& whole)
{
    const QString shown = shownText(label);
    const int room = label->contentsRect().width() - 2 * label->margin();
    const int needed = label->fontMetrics().horizontalAdvance(shown);
    if (needed > room)
        return u"\"%1\" needs %2 px and has %3"_s.arg(shown).arg(needed).arg(room);
    if (!shown.contains(whole) &&
        !(shown.contains(u'\u2026') && label->toolTip().contains(whole.toHtmlEscaped())))
        return u"\"%1\" neither shows \"%2\" nor is elided with it in the tooltip \"%3\""_s.arg(
            shown, whole, label->toolTip());
    return {};
}

// The drill-down's label: the one whose mnemonic goes to the events table.
QLabel* eventsLabel(const FindingsPage* page)
{
    for (QLabel* label : page->findChildren<QLabel*>())
        if (label->buddy() == page->eventsView())
            return label;
    return nullptr;
}

} // namespace

class TstWindowFit : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settings;

    std::unique_ptr<MainWindow> openSample(QSize size = {900, 500})
    {
        test::WindowFiles files;
        files.paths = {test::sampleDir() + u"/AWSLogs"_s};
        files.approved = test::sampleDir() + u"/lookups/aws_service_accounts.csv"_s;
        files.identities = test::sampleDir() + u"/lookups/identity_lookup_expanded.csv"_s;
        files.size = size;
        return test::openWindow(files);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid());
        QCoreApplication::setOrganizationName(u"TrailWardenTest"_s);
        QCoreApplication::setApplicationName(u"tst_windowfit"_s);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
    }

    void init() { QSettings().clear(); }

    void firstRunSizeFitsTheScreen()
    {
        const QSize size = firstRunSize(QSize(1400, 900), kScaledScreen);
        QVERIFY(size.width() <= kScaledScreen.width() && size.height() <= kScaledScreen.height());
        // A large screen keeps the size asked for.
        QCOMPARE(firstRunSize(QSize(1400, 900), QRect(0, 0, 2560, 1400)), QSize(1400, 900));
    }

    void restoredGeometryIsClamped()
    {
        // Saved unscaled on the same screen (1400×900 at 300,100), restored at 200%.
        const QRect fitted = fitIntoScreen(QRect(300, 100, 1400, 900), kScaledScreen);
        QVERIFY2(
            kScaledScreen.contains(fitted),
            qPrintable(
                u"%1,%2 %3x%4"_s.arg(fitted.x()).arg(fitted.y()).arg(fitted.width()).arg(fitted.height())));
        // One that fits stays where it was.
        QCOMPARE(fitIntoScreen(QRect(10, 20, 800, 400), kScaledScreen), QRect(10, 20, 800, 400));
        // Off to the right of a second monitor that is gone: moved back in.
        QVERIFY(kScaledScreen.contains(fitIntoScreen(QRect(2500, 100, 800, 400), kScaledScreen)));
    }

    // The window with data loaded can be made as small as a 200% 1920×1080 screen (its minimum size).
    void windowFitsAScaledScreen()
    {
        auto window = openSample();
        QVERIFY(window);
        QVERIFY(window->selectUser(u"root"_s));
        const QSize minimum = window->minimumSizeHint().expandedTo(window->minimumSize());
        QVERIFY2(minimum.width() <= kScaledScreen.width() && minimum.height() <= kScaledScreen.height(),
                 qPrintable(u"minimum %1x%2"_s.arg(minimum.width()).arg(minimum.height())));
        window->resize(kScaledScreen.size());
        QTest::qWait(50);
        QVERIFY2(window->width() <= kScaledScreen.width() && window->height() <= kScaledScreen.height(),
                 qPrintable(u"%1x%2"_s.arg(window->width()).arg(window->height())));
    }

    // Issue 13: in a 1200×800 window an imported engine result left the findings table 42 px (two
    // rows) under the banner, beside an empty drill-down and the timeline dock. An engine result has
    // no events: the drill-down makes room for the table, the banner shows whole, and loading logs
    // with events brings the drill-down back.
    void importedResultGivesTheTableItsRoom()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto write = [&dir](const QString& name, const QByteArray& bytes) {
            QFile f(dir.filePath(name));
            return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size() ? f.fileName() : QString();
        };
        test::WindowFiles files;
        files.paths = {writeAthenaResult(dir, 60)};
        files.approved = write(u"approved.csv"_s, "identity\nsvc-none\n");
        QVERIFY(!files.paths.first().isEmpty() && !files.approved.isEmpty());
        files.size = {1200, 800};
        auto window = test::openWindow(files);
        QVERIFY(window);
        QVERIFY(window->session().imported());
        QApplication::processEvents();
        FindingsPage* page = window->findingsPage();
        const QTableView* table = page->findingsView();
        // At least six rows of the table show (under its header).
        const int rows = visibleRows(table);
        QVERIFY2(
            rows >= 6,
            qPrintable(u"the findings table is %1 px tall, %2 rows show"_s.arg(table->height()).arg(rows)));
        QVERIFY(!page->isDrillDownShown());
        const auto* banner = window->findChild<QLabel*>(u"engineBanner"_s);
        QVERIFY(banner && banner->isVisible());
        QVERIFY2(banner->height() >= banner->heightForWidth(banner->width()),
                 qPrintable(u"banner %1 px, its text %2 px"_s.arg(banner->height())
                                .arg(banner->heightForWidth(banner->width()))));
        // The Activity Timeline (nothing to chart without events) keeps little more than its title.
        const auto* dock = window->findChild<QDockWidget*>(u"activityTimelineDock"_s);
        const int importDock = dock ? dock->height() : 0;
        if (dock)
            QVERIFY2(importDock <= 150, qPrintable(u"the timeline dock is %1 px tall"_s.arg(importDock)));
        test::grabIfAsked(window.get(), u"windowfit-import-1200x800"_s);

        // Logs with events: the drill-down is back, with room for its events, and the timeline's height.
        QSignalSpy loaded(window.get(), &MainWindow::loadCompleted);
        window->openPaths({test::sampleDir() + u"/AWSLogs"_s});
        QVERIFY(loaded.wait(30000));
        QApplication::processEvents();
        QVERIFY(page->isDrillDownShown());
        QVERIFY2(page->eventsView()->isVisible() && page->eventsView()->height() >= 60,
                 qPrintable(u"the events table is %1 px tall"_s.arg(page->eventsView()->height())));
        if (dock)
            QVERIFY2(dock->height() >= importDock + 100,
                     qPrintable(u"the timeline dock is %1 px tall"_s.arg(dock->height())));
    }

    // At 200% on a 1920×1080 screen (960×540 logical, maximised under a 24 px panel) an imported
    // result left the findings table three rows under the engine-totals panel, and the timeline dock
    // gave three lines to saying it had nothing to draw. The table is where the analyst works: the
    // panel folds to its one line (the user and Copy Query stay in sight), the dock to one line.
    void importedResultOnAScaledScreenKeepsTheTableUsable()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        test::WindowFiles files;
        files.paths = {writeAthenaResult(dir, 60)};
        QVERIFY(!files.paths.first().isEmpty());
        // The lists as an analyst has them (without them a banner asks for them, a line more).
        files.approved = test::sampleDir() + u"/lookups/aws_service_accounts.csv"_s;
        files.identities = test::sampleDir() + u"/lookups/identity_lookup_expanded.csv"_s;
        files.size = kScaledScreen.size();
        auto window = test::openWindow(files);
        QVERIFY(window);
        QVERIFY(window->session().imported());
        FindingsPage* page = window->findingsPage();
        QVERIFY(page->selectUser(u"user-7"_s));
        QApplication::processEvents();
        test::grabIfAsked(window.get(), u"windowfit-import-960x528"_s);
        const QTableView* table = page->findingsView();
        QVERIFY2(visibleRows(table) >= 8,
                 qPrintable(u"%1 rows of the findings table show (viewport %2 px)"_s.arg(visibleRows(table))
                                .arg(table->viewport()->height())));
        // What the engine counted is still named, with the way to the events, in the panel's line.
        QVERIFY(page->importedDetail()->isVisible());
        const auto* query = page->importedDetail()->findChild<QToolButton*>(u"importedQueryButton"_s);
        QVERIFY(query && query->isVisible());
        // The timeline says in one line that there is nothing to draw.
        const auto* dock = window->findChild<QDockWidget*>(u"activityTimelineDock"_s);
        const int line = table->rowHeight(0);
        if (dock)
            QVERIFY2(dock->height() <= 3 * line,
                     qPrintable(u"the timeline dock is %1 px tall"_s.arg(dock->height())));

        // Until the analyst uses the toggle, the panel follows the window's height: unfolded while
        // eight rows fit beside it (at 960×528 they do since a short window's lines are tighter),
        // folded a line shorter.
        window->resize(1200, 800);
        QTRY_VERIFY(page->isImportedDetailExpanded());
        window->resize(kScaledScreen.width(), kScaledScreen.height() - line);
        QTRY_VERIFY(!page->isImportedDetailExpanded());
        QTRY_VERIFY(visibleRows(table) >= 8);
        // Then the toggle decides, in this window whatever its height, and in the next one.
        QToolButton* toggle = page->importedDetailToggle();
        QVERIFY(toggle && toggle->isVisible());
        toggle->click();
        QVERIFY(page->isImportedDetailExpanded());
        window->resize(kScaledScreen.width(), kScaledScreen.height() - 20);
        QApplication::processEvents();
        QVERIFY(page->isImportedDetailExpanded());
        QVERIFY(window->close());
        auto again = test::openWindow(files);
        QVERIFY(again);
        QVERIFY(again->findingsPage()->isImportedDetailExpanded());
        again->findingsPage()->importedDetailToggle()->click();
        QVERIFY(!again->findingsPage()->isImportedDetailExpanded());
        QVERIFY(again->close());
        again = test::openWindow(files);
        QVERIFY(again);
        again->resize(1200, 800);
        QApplication::processEvents();
        QVERIFY(!again->findingsPage()->isImportedDetailExpanded());
    }

    // At 200% on a 1920×1080 screen (960×528 logical, as above) logs left the findings table one
    // whole row and the drill-down's events one, under the time-range row, the lists' line and the
    // timeline's charts. Triage needs the table and the events: at least six and four whole rows.
    // A short window folds the timeline to its line, puts the time range in the tabs' row, names
    // the lists in the count's tooltip, the events' filter beside their label, and gives the
    // findings the split's height first.
    void logsOnAScaledScreenKeepTheTablesUsable()
    {
        auto window = openSample(kScaledScreen.size());
        QVERIFY(window);
        FindingsPage* page = window->findingsPage();
        QVERIFY(page->isDrillDownShown());
        page->waitForEvents();
        QApplication::processEvents();
        test::grabIfAsked(window.get(), u"windowfit-logs-960x528"_s);
        QCOMPARE(window->size(), kScaledScreen.size());
        const QTableView* findings = page->findingsView();
        const QTableView* events = page->eventsView();
        QVERIFY(events->model()->rowCount() >= 4);
        QVERIFY2(visibleRows(findings) >= 6 && visibleRows(events) >= 4,
                 qPrintable(u"%1 rows of the findings table show (viewport %2 px), %3 of the events (%4 px)"_s
                                .arg(visibleRows(findings))
                                .arg(findings->viewport()->height())
                                .arg(visibleRows(events))
                                .arg(events->viewport()->height())));

        // Nothing is squeezed below its size or overlaps another, in the order the analyst reads.
        auto* range = window->findChild<TimeRangeBar*>(u"timeRangeBar"_s);
        auto* tabs = window->tabs();
        QVERIFY(range && range->isVisible());
        QCOMPARE(range->parentWidget(), tabs); // in the tabs' row
        // There the box says "Whole load" and the chip the span; the sentence is whole in its tooltip.
        const auto* chip = range->findChild<QLabel*>(u"timeRangeChip"_s);
        QVERIFY2(chip->text().startsWith(u"2026-10-01 07:13"_s) && chip->width() > 100,
                 qPrintable(chip->text()));
        QVERIFY2(range->text().startsWith(u"Showing the whole load"_s) &&
                     chip->toolTip().contains(range->text()),
                 qPrintable(range->text()));
        const auto place = [&window](const QWidget* w) {
            return QRect(w->mapTo(window.get(), QPoint()), w->size());
        };
        const QList<const QWidget*> parts = {
            tabs->tabBar(),           range,  page->filterEdit(), findings,
            page->eventsFilterEdit(), events, page->rawPane(),    page->fieldSummary()};
        for (int i = 0; i < parts.size(); ++i) {
            const QWidget* w = parts[i];
            QVERIFY2(w->isVisible() && w->height() >= w->minimumSizeHint().height(),
                     qPrintable(u"%1 is %2 px tall, wants %3"_s
                                    .arg(QString::fromLatin1(w->metaObject()->className()))
                                    .arg(w->height())
                                    .arg(w->minimumSizeHint().height())));
            QVERIFY(window->rect().contains(place(w)));
            for (int j = 0; j < i; ++j)
                QVERIFY2(!place(w).intersects(place(parts[j])),
                         qPrintable(u"%1 overlaps %2"_s.arg(
                             QString::fromLatin1(w->metaObject()->className()),
                             QString::fromLatin1(parts[j]->metaObject()->className()))));
        }
        // The lists are named where their line was.
        QVERIFY(!page->findChild<QLabel*>(u"listsLabel"_s)->isVisible());
        QVERIFY2(
            page->findChild<QLabel*>(u"findingsCount"_s)->toolTip().contains(u"aws_service_accounts.csv"_s),
            qPrintable(page->findChild<QLabel*>(u"findingsCount"_s)->toolTip()));
#ifdef TRAILWARDEN_HAVE_CHARTS
        // The timeline is its line, whole: the finding and its events, and the toggle.
        auto* timeline = window->findChild<ActivityTimeline*>(u"activityTimeline"_s);
        const auto* dock = window->findChild<QDockWidget*>(u"activityTimelineDock"_s);
        QVERIFY(timeline && dock);
        QVERIFY(timeline->isFolded() && !timeline->findingView()->isVisible());
        QVERIFY2(timeline->titleText().contains(u"596 events"_s), qPrintable(timeline->titleText()));
        QVERIFY(timeline->foldToggle()->isVisible());
        QVERIFY2(
            timeline->height() >= timeline->minimumSizeHint().height() &&
                dock->height() <= 3 * findings->rowHeight(0),
            qPrintable(
                u"the timeline is %1 px tall in a dock of %2"_s.arg(timeline->height()).arg(dock->height())));
#endif

        // A window that is not short is laid out as before: the time range on its own line above
        // the tabs, the lists' line, the events' filter under their label, the charts.
        window->resize(1600, 1000);
        QTRY_COMPARE(range->parentWidget(), tabs->parentWidget());
        QVERIFY(range->isVisible() && range->y() < tabs->y());
        QVERIFY(page->findChild<QLabel*>(u"listsLabel"_s)->isVisible());
        QVERIFY(page->eventsFilterEdit()->y() > page->failedCallsToggle()->y());
#ifdef TRAILWARDEN_HAVE_CHARTS
        QVERIFY(!timeline->isFolded());
        QTRY_VERIFY(timeline->findingView()->isVisible());
        QTRY_VERIFY2(dock->height() >= 200,
                     qPrintable(u"the timeline dock is %1 px tall"_s.arg(dock->height())));
        test::grabIfAsked(window.get(), u"windowfit-logs-1600x1000"_s);

        // Once the analyst unfolds it, the timeline stays so, whatever the height, here and in the
        // next window.
        window->resize(kScaledScreen.size());
        QTRY_VERIFY(timeline->isFolded());
        timeline->foldToggle()->click();
        QVERIFY(!timeline->isFolded());
        window->resize(kScaledScreen.width(), kScaledScreen.height() - 20);
        QApplication::processEvents();
        QVERIFY(!timeline->isFolded());
        QVERIFY(window->close());
        auto again = openSample(kScaledScreen.size());
        QVERIFY(again);
        QVERIFY(!again->findChild<ActivityTimeline*>(u"activityTimeline"_s)->isFolded());
#endif
    }

    // In a short window (960×528: 1920×1080 at 200%) the events' label shares its line with the
    // failed-calls toggle and the events' filter: "Events of AWSReservedSSO_Administr" was cut
    // mid-glyph. It is elided, the user's name first, with the whole in its tooltip, again when the
    // window is resized and when another finding's events replace the text.
    void shortWindowElidesTheEventsLabel()
    {
        auto window = openSample(kScaledScreen.size());
        QVERIFY(window);
        FindingsPage* page = window->findingsPage();
        const QString sso = u"AWSReservedSSO_AdministratorAccess_c511859ee2afe22d"_s;
        QVERIFY(page->selectUser(sso));
        page->waitForEvents();
        QApplication::processEvents();
        test::grabIfAsked(window.get(), u"windowfit-events-label-960x528"_s);
        const QLabel* label = eventsLabel(page);
        QVERIFY(label && label->isVisible());
        QString problem = clipProblem(label, u"Events of "_s + sso);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY2(shownText(label).startsWith(u"Events of AWSReserved"_s), qPrintable(shownText(label)));

        // Another finding's events: the new text is elided as the old one was.
        const QString service = u"AWSServiceRoleForElasticLoadBalancing"_s;
        QVERIFY(page->selectUser(service));
        page->waitForEvents();
        QApplication::processEvents();
        problem = clipProblem(label, u"Events of "_s + service);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));

        // A taller and wider window shows more of it, and the short one again as much as before,
        // each within the label's width.
        const QString before = shownText(label);
        window->resize(1600, 1000);
        QTRY_VERIFY(shownText(label).size() > before.size());
        problem = clipProblem(label, u"Events of "_s + service);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        window->resize(kScaledScreen.size());
        QTRY_COMPARE(shownText(label), before);
    }

    // A short window puts the time range in the tabs' row. A range in force adds Reset and a longer
    // span: the bar is laid out again for them (it was only when the window was resized, which
    // left Reset squeezed), and the span fits or is elided (it was cut mid-glyph), whole in the
    // tooltip.
    void shortWindowFitsATimeRangeInForce()
    {
        auto window = openSample(kScaledScreen.size());
        QVERIFY(window);
        auto* range = window->findChild<TimeRangeBar*>(u"timeRangeBar"_s);
        QVERIFY(range);
        QCOMPARE(range->parentWidget(), window->tabs());
        const auto* chip = range->findChild<QLabel*>(u"timeRangeChip"_s);
        const QPushButton* reset = range->resetButton();
        QVERIFY(chip && !reset->isVisible());

        range->applyQuick(TimeRangeBar::Quick::Last24Hours);
        window->session().waitForRerun();
        QApplication::processEvents();
        QApplication::processEvents();
        test::grabIfAsked(window.get(), u"windowfit-range-960x528"_s);
        QVERIFY(window->session().hasTimeRange());
        QVERIFY2(range->text().contains(u"findings in this range"_s), qPrintable(range->text()));
        QVERIFY(reset->isVisible());
        QVERIFY2(
            reset->width() >= reset->sizeHint().width() && range->rect().contains(reset->geometry()),
            qPrintable(u"Reset is %1 px wide (wants %2) at x %3 in a bar %4 px wide"_s.arg(reset->width())
                           .arg(reset->sizeHint().width())
                           .arg(reset->x())
                           .arg(range->width())));
        QVERIFY2(
            range->width() >= range->sizeHint().width(),
            qPrintable(
                u"the bar is %1 px wide, wants %2"_s.arg(range->width()).arg(range->sizeHint().width())));
        QString problem = clipProblem(chip, range->text());
        QVERIFY2(problem.isEmpty(), qPrintable(problem));

        // And back to the whole load: Reset goes, the span has its room again.
        range->applyQuick(TimeRangeBar::Quick::WholeLoad);
        window->session().waitForRerun();
        QApplication::processEvents();
        QApplication::processEvents();
        QVERIFY(!reset->isVisible());
        QVERIFY2(
            range->width() >= range->sizeHint().width(),
            qPrintable(
                u"the bar is %1 px wide, wants %2"_s.arg(range->width()).arg(range->sizeHint().width())));
        problem = clipProblem(chip, range->text());
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    // "Undo Approve <a long role name>" goes to the menu and the tooltip, not the toolbar button.
    void toolbarDoesNotGrowWithUndoText()
    {
        auto window = openSample({1400, 900});
        QVERIFY(window);
        auto* bar = window->findChild<QToolBar*>(u"mainToolBar"_s);
        QVERIFY(bar);
        QUndoStack* stack = window->approvals()->undoStack();
        QAction* undo = nullptr;
        for (QAction* a : bar->actions())
            if (a->text().startsWith(u"&Undo"_s) || a->text().startsWith(u"Undo"_s))
                undo = a;
        QVERIFY(undo);
        const int before = bar->sizeHint().width();
        const QString name = u"AWSReservedSSO_AdministratorAccess_0123456789abcdef-and-more"_s;
        stack->push(new QUndoCommand(u"Approve "_s + name));
        QVERIFY(undo->isEnabled());
        QToolButton* button = toolButton(bar, undo);
        QVERIFY(button);
        QCOMPARE(button->text(), u"Undo"_s);
        QCOMPARE(bar->sizeHint().width(), before);
        QVERIFY2(undo->toolTip().contains(name), qPrintable(undo->toolTip()));
        QVERIFY2(undo->text().contains(name), qPrintable(undo->text()));
    }

    // Without an icon theme (offscreen has none) every toolbar action still has an icon, drawn in the
    // palette's colours: dark strokes on the light palette, light ones on the dark palette.
    void toolbarIconsWithoutATheme()
    {
        QVERIFY2(QIcon::themeName().isEmpty() || !QIcon::hasThemeIcon(u"edit-undo"_s),
                 "this test wants a desktop without an icon theme");
        auto window = openSample({1400, 900});
        QVERIFY(window);
        auto* bar = window->findChild<QToolBar*>(u"mainToolBar"_s);
        int withIcon = 0, actions = 0;
        for (QAction* a : bar->actions()) {
            if (a->isSeparator() || !toolButton(bar, a))
                continue;
            ++actions;
            withIcon += a->icon().isNull() ? 0 : 1;
        }
        QVERIFY(actions >= 5);
        QCOMPARE(withIcon, actions);

        const auto lightness = [](const QIcon& icon) {
            const QImage image = icon.pixmap(24).toImage();
            int sum = 0, n = 0;
            for (int y = 0; y < image.height(); ++y)
                for (int x = 0; x < image.width(); ++x)
                    if (qAlpha(image.pixel(x, y)) > 200) {
                        sum += QColor(image.pixel(x, y)).lightness();
                        ++n;
                    }
            return n ? sum / n : -1;
        };
        const int onLight = lightness(bundledIcon(u"undo"_s, QPalette(Qt::white)));
        const int onDark = lightness(bundledIcon(u"undo"_s, darkPalette()));
        QVERIFY2(onLight >= 0 && onLight < 100, qPrintable(QString::number(onLight)));
        QVERIFY2(onDark > 150, qPrintable(QString::number(onDark)));
    }
};

QTEST_MAIN(TstWindowFit)
#include "tst_windowfit.moc"
