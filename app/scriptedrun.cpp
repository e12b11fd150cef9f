// SPDX-License-Identifier: GPL-3.0-or-later

#include "app/scriptedrun.h"

#include "core/common/atomicfile.h"

#include "ui/findingspage.h"
#include "ui/mainwindow.h"
#include "ui/models/eventsmodel.h"
#include "ui/models/findingsmodel.h"
#include "ui/rawrecordpane.h"

#include <QApplication>
#include <QBuffer>
#include <QSettings>
#include <QTableView>
#include <QTimer>
#include <QUndoStack>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace tw {

namespace {

void print(const QString& text)
{
    std::fputs(qUtf8Printable(text), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
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
    if (!m_options.select.isEmpty() && !m_window.selectUser(m_options.select)) {
        std::fprintf(stderr, "trailwarden: no finding '%s'\n", qUtf8Printable(m_options.select));
        ok = false;
    }
    // Let the raw record arrive and the layout settle before grabbing.
    QTimer::singleShot(300, this, [this, ok] {
        m_window.findingsPage()->rawPane()->waitForRecord();
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
        m_stall.stop();
        const auto store = window.session().store();
        print(
            u"gui-load-ms=%1 max-ui-stall-ms=%2 (ending at %7 ms) ticks=%3 events=%4 findings=%5 cancelled=%6"_s
                .arg(loadMs)
                .arg(m_stall.maxGapMs())
                .arg(m_stall.ticks())
                .arg(store ? qulonglong(store->counts.events) : 0)
                .arg(page->findingsModel()->rowCount())
                .arg(cancelled ? 1 : 0)
                .arg(m_stall.maxGapAtMs()));
        {
            // The detection alone, re-run from memory with unchanged lists (no row changes).
            QElapsedTimer clock;
            clock.start();
            window.session().rerun();
            print(u"rerun-unchanged-ms=%1"_s.arg(clock.elapsed()));
        }
        // Drill-down into the busiest finding: the events table fills on the UI thread.
        if (page->findingsModel()->rowCount() > 0) {
            QTableView* view = page->findingsView();
            view->sortByColumn(FindingsModel::Count, Qt::DescendingOrder);
            QElapsedTimer clock;
            clock.start();
            page->selectUser(view->model()->index(0, 0).data().toString());
            print(u"select-busiest-ms=%1 events=%2"_s.arg(clock.elapsed())
                      .arg(page->eventsModel()->rowCount()));
        }
        // Approve the first finding into a copy of the approved CSV, then undo: the table
        // update after each must stay within 10 ms whatever the size of the data.
        const QString copy = m_measureDir.filePath(u"approved.csv"_s);
        if (!window.session().approvedPath().isEmpty() && page->findingsModel()->rowCount() > 0 &&
            copyFileAtomically(window.session().approvedPath(), copy).isEmpty()) {
            window.setApprovedPath(copy);
            window.setApprovalPrompt([](const QStringList&, const ApprovalRequest&) {
                return std::optional<ApprovalRequest>(ApprovalRequest{u"measure"_s, u"ci"_s});
            });
            page->findingsView()->selectRow(0);
            const int before = page->findingsModel()->rowCount();
            QElapsedTimer clock;
            clock.start();
            window.approveSelected();
            const qint64 approveMs = clock.elapsed();
            window.session().waitForRerun(); // a re-run on a worker: the table follows after
            const qint64 tableMs = window.lastApproveTableMs();
            const qint64 updateMs = window.lastApproveUpdateMs();
            const int after = page->findingsModel()->rowCount();
            clock.restart();
            window.undoStack()->undo();
            const qint64 undoMs = clock.elapsed();
            window.session().waitForRerun();
            print(u"approve-total-ms=%1 approve-table-update-ms=%7 approve-all-listeners-ms=%2 "
                  "undo-total-ms=%3 rows=%4->%5->%6"_s.arg(approveMs)
                      .arg(updateMs)
                      .arg(undoMs)
                      .arg(before)
                      .arg(after)
                      .arg(page->findingsModel()->rowCount())
                      .arg(tableMs));
        }
        QApplication::exit(cancelled ? 1 : 0);
    });
}

} // namespace tw
