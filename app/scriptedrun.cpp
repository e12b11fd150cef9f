// SPDX-License-Identifier: GPL-3.0-or-later

#include "app/scriptedrun.h"

#include "core/common/atomicfile.h"
#ifdef TRAILWARDEN_HAVE_CHARTS
#include "ui/activitytimeline.h"
#endif

#include "ui/approvalcontroller.h"
#include "ui/findingspage.h"
#include "ui/mainwindow.h"
#include "ui/models/eventsmodel.h"
#include "ui/models/findingsmodel.h"
#include "ui/rawrecordpane.h"
#include "ui/reviewcontroller.h"

#include <QAction>
#include <QApplication>
#include <QBuffer>
#include <QDateTime>
#include <QEventLoop>
#include <QSettings>
#include <QTableView>
#include <QTimer>
#include <QUndoStack>

#include <cstdio>
#include <functional>

using namespace Qt::StringLiterals;

namespace tw {

namespace {

void print(const QString& text)
{
    std::fputs(qUtf8Printable(text), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

// Runs the event loop (so that the stall meter keeps ticking and worker results arrive) until
// done() holds or a minute has passed; returns the time waited.
template <typename Done> qint64 waitUntil(Done done)
{
    QElapsedTimer clock;
    clock.start();
    if (done())
        return 0;
    QEventLoop loop;
    QTimer poll;
    poll.setTimerType(Qt::PreciseTimer);
    poll.setInterval(1);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done() || clock.elapsed() > 60000)
            loop.quit();
    });
    poll.start();
    loop.exec();
    return clock.elapsed();
}

// The timeline's computation (on a worker at scale) is done, or there is no timeline; and the
// findings' sort (on a worker at 100,000 findings) is in.
bool timelineIdle(const MainWindow& window)
{
    if (window.findingsPage()->findingsModel()->isSorting())
        return false;
#ifdef TRAILWARDEN_HAVE_CHARTS
    const auto* timeline = window.findChild<ActivityTimeline*>(u"activityTimeline"_s);
    return !timeline || !timeline->isComputing();
#else
    return true;
#endif
}

} // namespace

ScriptedRun::ScriptedRun(MainWindow& window, Options options)
    : QObject(&window)
    , m_window(window)
    , m_options(std::move(options))
{
    if (!m_options.screenshot.isEmpty())
        connect(&m_window, &MainWindow::loadCompleted, this, &ScriptedRun::grabAfterLoad);
    if (m_options.measure) {
        connect(&m_window.session(), &AnalysisSession::loadStarted, this, [this] {
            m_loadClock.start();
            m_stall.start();
        });
        connect(&m_window, &MainWindow::loadCompleted, this, &ScriptedRun::measureAfterLoad);
    }
}

void ScriptedRun::isolateSettings(const QTemporaryDir& dir)
{
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());
}

void ScriptedRun::grabAfterLoad(bool cancelled)
{
    if (cancelled)
        QApplication::exit(1);
    // A CI check of the whole program: a finding asked for and not there is a failure.
    bool ok = true;
    if (!m_options.range.isEmpty()) {
        const QStringList ends = m_options.range.split(u'/');
        const QDateTime from = QDateTime::fromString(ends.value(0), Qt::ISODate);
        const QDateTime to = QDateTime::fromString(ends.value(1), Qt::ISODate);
        if (ends.size() != 2 || !from.isValid() || !to.isValid()) {
            std::fprintf(stderr, "trailwarden: --range wants FROM/TO in ISO 8601\n");
            ok = false;
        } else {
            m_window.session().setTimeRange(from.toMSecsSinceEpoch(), to.toMSecsSinceEpoch());
            m_window.session().waitForRerun();
        }
    }
    if (!m_options.select.isEmpty() && !m_window.selectUser(m_options.select)) {
        std::fprintf(stderr, "trailwarden: no finding '%s'\n", qUtf8Printable(m_options.select));
        ok = false;
    }
    // Let the drill-down, the timeline and the raw record arrive and the layout settle.
    QTimer::singleShot(300, this, [this, ok] {
        m_window.findingsPage()->waitForEvents();
        waitUntil([this] { return timelineIdle(m_window); });
        m_window.findingsPage()->rawPane()->waitForRecord();
        m_window.review()->waitForMarks(); // the review columns and the New chip
        QApplication::processEvents();
        // Through the checked atomic writer, as every file the program writes: a CI step that
        // picks the image up never sees half of it.
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        QString error = m_window.grab().save(&buffer, "PNG") ? QString() : u"cannot encode the image"_s;
        if (error.isEmpty())
            error = writeFileAtomically(m_options.screenshot, png);
        const bool saved = error.isEmpty();
        if (!saved)
            std::fprintf(stderr, "trailwarden: %s\n", qUtf8Printable(error));
        QApplication::exit(ok && saved ? 0 : 1);
    });
}

void ScriptedRun::measureAfterLoad(bool cancelled)
{
    const qint64 loadMs = m_loadClock.elapsed();
    // One more turn of the event loop, so that the repaint after the result counts too.
    QTimer::singleShot(0, this, [this, loadMs, cancelled] {
        MainWindow& window = m_window;
        FindingsPage* page = window.findingsPage();
        // The stall counts until the Activity Timeline (shown by default) has its charts too.
        const qint64 timelineMs = loadMs + waitUntil([&window] { return timelineIdle(window); });
        m_stall.stop();
        const auto store = window.session().store();
        print(u"gui-load-ms=%1 max-ui-stall-ms=%2 (ending at %7 ms) timeline-ready-ms=%8 ticks=%3 events=%4 "
              "findings=%5 cancelled=%6"_s.arg(loadMs)
                  .arg(m_stall.maxGapMs())
                  .arg(m_stall.ticks())
                  .arg(store ? qulonglong(store->counts.events) : 0)
                  .arg(page->findingsModel()->rowCount())
                  .arg(cancelled ? 1 : 0)
                  .arg(m_stall.maxGapAtMs())
                  .arg(timelineMs));
        {
            // The detection alone, re-run from memory with unchanged lists (no row changes).
            QElapsedTimer clock;
            clock.start();
            window.session().rerun();
            print(u"rerun-unchanged-ms=%1"_s.arg(clock.elapsed()));
            waitUntil([&window] { return timelineIdle(window); });
        }
        // Drill-down into the busiest finding: from the selection to its first events shown, to
        // all of them, and to the timeline's charts, with the largest UI stall meanwhile.
        if (page->findingsModel()->rowCount() > 0) {
            QTableView* view = page->findingsView();
            // A click on the Count header: from the click until the rows are in its order.
            m_stall.start();
            QElapsedTimer clock;
            clock.start();
            view->sortByColumn(FindingsModel::Count, Qt::DescendingOrder);
            waitUntil([page] { return !page->findingsModel()->isSorting(); });
            const qint64 sortFindingsMs = clock.elapsed();
            m_stall.stop();
            print(u"sort-findings-ms=%1 sort-findings-max-ui-stall-ms=%2 findings=%3"_s.arg(sortFindingsMs)
                      .arg(m_stall.maxGapMs())
                      .arg(page->findingsModel()->rowCount()));
            // From another finding (the quietest), as the analyst comes to it: the busiest may be
            // current already (the riskiest is selected after the load).
            page->selectUser(view->model()->index(view->model()->rowCount() - 1, 0).data().toString());
            page->waitForEvents();
            waitUntil([&window] { return timelineIdle(window); });
            m_stall.start();
            clock.restart();
            page->selectUser(view->model()->index(0, 0).data().toString());
            const qint64 selectMs = clock.elapsed();
            waitUntil([page] { return page->eventsModel()->rowCount() > 0 || !page->eventsPending(); });
            const qint64 firstMs = clock.elapsed();
            waitUntil([page] { return !page->eventsPending(); });
            const qint64 allMs = clock.elapsed();
            waitUntil([&window] { return timelineIdle(window); });
            const qint64 timelineSelectMs = clock.elapsed();
            m_stall.stop();
            print(u"select-busiest-ms=%1 select-first-events-ms=%2 select-all-events-ms=%3 "
                  "select-timeline-ms=%4 select-max-ui-stall-ms=%5 events=%6"_s.arg(selectMs)
                      .arg(firstMs)
                      .arg(allMs)
                      .arg(timelineSelectMs)
                      .arg(m_stall.maxGapMs())
                      .arg(page->eventsModel()->rowCount()));

            // Sorting that finding's events by eventName, then back to time order.
            m_stall.start();
            clock.restart();
            page->eventsView()->sortByColumn(EventsModel::EventName, Qt::AscendingOrder);
            waitUntil([page] { return !page->eventsPending(); });
            const qint64 sortMs = clock.elapsed();
            m_stall.stop();
            const qint64 sortStall = m_stall.maxGapMs();
            page->eventsView()->sortByColumn(EventsModel::Time, Qt::AscendingOrder);
            waitUntil([page] { return !page->eventsPending(); });
            print(u"sort-events-ms=%1 sort-max-ui-stall-ms=%2"_s.arg(sortMs).arg(sortStall));
        }
        // Approve the first finding into a copy of the approved CSV, undo, redo and revoke it, as
        // the user does (the window's own actions): the largest UI stall of each counts until its
        // re-run is in the table and what follows the selection (drill-down, timeline) has settled.
        const QString copy = m_measureDir.filePath(u"approved.csv"_s);
        if (m_measureDir.isValid() && !window.session().approvedPath().isEmpty() &&
            page->findingsModel()->rowCount() > 0 &&
            copyFileAtomically(window.session().approvedPath(), copy).isEmpty()) {
            window.setApprovedPath(copy);
            // The re-run with the copy and its review marks are in before the first step.
            window.session().waitForRerun();
            window.review()->waitForMarks();
            waitUntil([&window] { return timelineIdle(window); });
            window.setApprovalPrompt([](const QStringList&, const ApprovalRequest&) {
                return std::optional<ApprovalRequest>(ApprovalRequest{u"measure"_s, u"ci"_s});
            });
            page->findingsView()->selectRow(0);
            const QString approvedUser = page->currentUserId();
            const int before = page->findingsModel()->rowCount();
            struct Step
            {
                qint64 totalMs = 0; // until the action returned the UI thread
                qint64 stallMs = 0;
                int rows = 0;
            };
            const auto measureStep = [&](const std::function<void()>& act) {
                Step step;
                m_stall.start();
                QElapsedTimer clock;
                clock.start();
                act();
                step.totalMs = clock.elapsed();
                waitUntil([&window, page] {
                    return !window.session().rerunPending() && !page->eventsPending() && timelineIdle(window);
                });
                // A few more turns, so that what was queued behind the result counts too.
                QElapsedTimer settle;
                settle.start();
                waitUntil([&settle] { return settle.elapsed() >= 50; });
                m_stall.stop();
                step.stallMs = m_stall.maxGapMs();
                step.rows = page->findingsModel()->rowCount();
                return step;
            };
            const QKeySequence undoKey(QKeySequence::Undo);
            QAction* undo = nullptr;
            QAction* redo = nullptr;
            for (QAction* a : window.findChildren<QAction*>()) {
                if (a->shortcut() == undoKey)
                    undo = a;
                else if (a->shortcuts().contains(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z)))
                    redo = a;
            }
            const Step approve = measureStep([&window] { window.approveSelected(); });
            const qint64 tableMs = window.lastApproveTableMs();
            const qint64 updateMs = window.lastApproveUpdateMs();
            const Step undone = measureStep([undo, &window] {
                if (undo)
                    undo->trigger();
                else
                    window.undoStack()->undo();
            });
            const Step redone = measureStep([redo, &window] {
                if (redo)
                    redo->trigger();
                else
                    window.undoStack()->redo();
            });
            const Step revoked = measureStep([&window, approvedUser] {
                window.approvals()->revoke({approvedUser}, u"measure"_s, u"ci"_s);
            });
            print(u"approve-total-ms=%1 approve-table-update-ms=%2 approve-all-listeners-ms=%3 "
                  "approve-max-ui-stall-ms=%4 rows=%5->%6"_s.arg(approve.totalMs)
                      .arg(tableMs)
                      .arg(updateMs)
                      .arg(approve.stallMs)
                      .arg(before)
                      .arg(approve.rows));
            print(
                u"undo-total-ms=%1 undo-max-ui-stall-ms=%2 rows=%3 redo-total-ms=%4 redo-max-ui-stall-ms=%5 "
                "rows=%6 revoke-total-ms=%7 revoke-max-ui-stall-ms=%8 rows=%9"_s.arg(undone.totalMs)
                    .arg(undone.stallMs)
                    .arg(undone.rows)
                    .arg(redone.totalMs)
                    .arg(redone.stallMs)
                    .arg(redone.rows)
                    .arg(revoked.totalMs)
                    .arg(revoked.stallMs)
                    .arg(revoked.rows));
        }
        QApplication::exit(cancelled ? 1 : 0);
    });
}

} // namespace tw
