// SPDX-License-Identifier: GPL-3.0-or-later

// trailwarden: the review window. Thin: options, palette, and the scripted modes used by CI.

#include "core/version.h"
#include "ui/mainwindow.h"
#include "ui/models/eventsmodel.h"
#include "ui/models/findingsmodel.h"
#include "ui/palette.h"
#include "ui/rawrecordpane.h"
#include "ui/stallmeter.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSettings>
#include <QStyleFactory>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QUndoStack>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

void print(const QString& text)
{
    std::fputs(qUtf8Printable(text), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

QSize parseSize(const QString& text, QSize fallback)
{
    const QStringList parts = text.split(u'x');
    if (parts.size() != 2)
        return fallback;
    bool okW = false, okH = false;
    const int w = parts[0].toInt(&okW);
    const int h = parts[1].toInt(&okH);
    return okW && okH && w > 0 && h > 0 ? QSize(w, h) : fallback;
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"TrailWarden"_s);
    QApplication::setApplicationName(u"trailwarden"_s);
    QApplication::setApplicationDisplayName(u"TrailWarden"_s);
    QApplication::setApplicationVersion(QStringLiteral(TRAILWARDEN_VERSION));

    QCommandLineParser p;
    p.setApplicationDescription(u"Review AWS CloudTrail activity from unapproved accounts.\n"
                                "PATH: CloudTrail log files or folders (searched recursively)."_s);
    p.addHelpOption();
    p.addVersionOption();
    const QCommandLineOption approved(u"approved"_s, u"Approved accounts CSV (aws_service_accounts.csv)."_s,
                                      u"FILE"_s);
    const QCommandLineOption identities(u"identities"_s, u"Identity list CSV (identity_lookup_expanded)."_s,
                                        u"FILE"_s);
    const QCommandLineOption dark(u"dark"_s, u"Use a dark palette (also: TRAILWARDEN_DARK=1)."_s);
    // Scripted modes for CI and documentation, not for users.
    QCommandLineOption screenshot(u"screenshot"_s, u"Save a screenshot after loading, then quit."_s,
                                  u"FILE"_s);
    QCommandLineOption select(u"select"_s, u"Select this finding (with --screenshot)."_s, u"USER"_s);
    QCommandLineOption size(u"size"_s, u"Window size for --screenshot."_s, u"WxH"_s, u"1400x900"_s);
    QCommandLineOption measure(u"measure"_s, u"Print load time and UI-thread stalls, then quit."_s);
    for (QCommandLineOption* o : {&screenshot, &select, &size, &measure})
        o->setFlags(QCommandLineOption::HiddenFromHelp);
    p.addOptions({approved, identities, dark, screenshot, select, size, measure});
    p.addPositionalArgument(u"PATH"_s, u"Log files or folders to open."_s, u"[PATH...]"_s);
    p.process(app);

    const bool scripted = p.isSet(screenshot) || p.isSet(measure);
    // Scripted runs must neither read nor change the user's window state and recent folders.
    QTemporaryDir settingsDir;
    if (scripted) {
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());
    }

    if (p.isSet(dark) || qEnvironmentVariableIntValue("TRAILWARDEN_DARK") == 1) {
        QApplication::setStyle(QStyleFactory::create(u"Fusion"_s));
        QApplication::setPalette(tw::darkPalette());
    }

    tw::MainWindow window;
    // The window restores its own geometry; a size is imposed only for scripted runs or the very
    // first start.
    if (p.isSet(size) || scripted || !QSettings().contains(u"window/geometry"_s))
        window.resize(parseSize(p.value(size), QSize(1400, 900)));
    window.show();

    const QStringList paths = p.positionalArguments();
    if (scripted && paths.isEmpty()) {
        std::fputs("trailwarden: --screenshot and --measure need a PATH\n", stderr);
        return 2;
    }

    tw::StallMeter stall;
    QElapsedTimer loadClock;
    QTemporaryDir measureDir;
    if (p.isSet(measure)) {
        QObject::connect(&window.session(), &tw::AnalysisSession::loadStarted, &window, [&] {
            loadClock.start();
            stall.start();
        });
    }

    // Lists given here are taken as the ones for the data opened next (and remembered for it).
    if (p.isSet(approved))
        window.setApprovedPath(p.value(approved));
    if (p.isSet(identities))
        window.setIdentityPath(p.value(identities));
    if (!paths.isEmpty())
        window.openPaths(paths);
    else
        window.reopenLastFolder();

    if (p.isSet(screenshot)) {
        QObject::connect(&window, &tw::MainWindow::loadCompleted, &window, [&](bool cancelled) {
            if (cancelled)
                QApplication::exit(1);
            // A CI check of the whole program: a finding asked for and not there is a failure.
            bool ok = true;
            if (p.isSet(select) && !window.selectUser(p.value(select))) {
                std::fprintf(stderr, "trailwarden: no finding '%s'\n", qUtf8Printable(p.value(select)));
                ok = false;
            }
            // Let the raw record arrive and the layout settle before grabbing.
            QTimer::singleShot(300, &window, [&, ok] {
                window.rawPane()->waitForRecord();
                QApplication::processEvents();
                const bool saved = window.grab().save(p.value(screenshot));
                if (!saved)
                    std::fprintf(stderr, "trailwarden: cannot write %s\n",
                                 qUtf8Printable(p.value(screenshot)));
                QApplication::exit(ok && saved ? 0 : 1);
            });
        });
    }

    if (p.isSet(measure)) {
        QObject::connect(&window, &tw::MainWindow::loadCompleted, &window, [&](bool cancelled) {
            const qint64 loadMs = loadClock.elapsed();
            // One more turn of the event loop, so that the repaint after the result counts too.
            QTimer::singleShot(0, &window, [&, loadMs, cancelled] {
                stall.stop();
                const auto store = window.session().store();
                print(
                    u"gui-load-ms=%1 max-ui-stall-ms=%2 (ending at %7 ms) ticks=%3 events=%4 findings=%5 cancelled=%6"_s
                        .arg(loadMs)
                        .arg(stall.maxGapMs())
                        .arg(stall.ticks())
                        .arg(store ? qulonglong(store->counts.events) : 0)
                        .arg(window.findingsModel()->rowCount())
                        .arg(cancelled ? 1 : 0)
                        .arg(stall.maxGapAtMs()));
                {
                    // The detection alone, re-run from memory with unchanged lists (no row changes).
                    QElapsedTimer clock;
                    clock.start();
                    window.session().rerun();
                    print(u"rerun-unchanged-ms=%1"_s.arg(clock.elapsed()));
                }
                // Drill-down into the busiest finding: the events table fills on the UI thread.
                if (window.findingsModel()->rowCount() > 0) {
                    QTableView* view = window.findingsView();
                    view->sortByColumn(tw::FindingsModel::Count, Qt::DescendingOrder);
                    QElapsedTimer clock;
                    clock.start();
                    window.selectUser(view->model()->index(0, 0).data().toString());
                    print(u"select-busiest-ms=%1 events=%2"_s.arg(clock.elapsed())
                              .arg(window.eventsModel()->rowCount()));
                }
                // Approve the first finding into a copy of the approved CSV, then undo: the table
                // update after each must stay within 10 ms whatever the size of the data.
                if (!window.session().approvedPath().isEmpty() && window.findingsModel()->rowCount() > 0) {
                    const QString copy = measureDir.filePath(u"approved.csv"_s);
                    QFile::copy(window.session().approvedPath(), copy);
                    window.setApprovedPath(copy);
                    window.setApprovalPrompt([](const QStringList&, const tw::ApprovalRequest&) {
                        return std::optional<tw::ApprovalRequest>(tw::ApprovalRequest{u"measure"_s, u"ci"_s});
                    });
                    window.findingsView()->selectRow(0);
                    const int before = window.findingsModel()->rowCount();
                    QElapsedTimer clock;
                    clock.start();
                    window.approveSelected();
                    const qint64 approveMs = clock.elapsed();
                    window.session().waitForRerun(); // a re-run on a worker: the table follows after
                    const qint64 tableMs = window.lastApproveTableMs();
                    const qint64 updateMs = window.lastApproveUpdateMs();
                    const int after = window.findingsModel()->rowCount();
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
                              .arg(window.findingsModel()->rowCount())
                              .arg(tableMs));
                }
                QApplication::exit(cancelled ? 1 : 0);
            });
        });
    }

    return QApplication::exec();
}
