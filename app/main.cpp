// SPDX-License-Identifier: GPL-3.0-or-later

// trailwarden: the review window. Thin: options, palette, the window; the scripted modes used by CI
// are in scriptedrun.cpp.

#include "app/scriptedrun.h"
#include "core/version.h"
#include "ui/mainwindow.h"
#include "ui/palette.h"
#include "ui/windowfit.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QScreen>
#include <QSettings>
#include <QStyleFactory>
#include <QTemporaryDir>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

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
    QCommandLineOption range(u"range"_s, u"Show this time range, FROM/TO in ISO 8601 (with --screenshot)."_s,
                             u"FROM/TO"_s);
    QCommandLineOption size(u"size"_s, u"Window size for --screenshot."_s, u"WxH"_s, u"1400x900"_s);
    QCommandLineOption measure(u"measure"_s, u"Print load time and UI-thread stalls, then quit."_s);
    for (QCommandLineOption* o : {&screenshot, &select, &range, &size, &measure})
        o->setFlags(QCommandLineOption::HiddenFromHelp);
    p.addOptions({approved, identities, dark, screenshot, select, range, size, measure});
    p.addPositionalArgument(u"PATH"_s, u"Log files or folders to open."_s, u"[PATH...]"_s);
    p.process(app);

    const bool scripted = p.isSet(screenshot) || p.isSet(measure);
    QTemporaryDir settingsDir;
    if (scripted)
        tw::ScriptedRun::isolateSettings(settingsDir);

    if (p.isSet(dark) || qEnvironmentVariableIntValue("TRAILWARDEN_DARK") == 1) {
        QApplication::setStyle(QStyleFactory::create(u"Fusion"_s));
        QApplication::setPalette(tw::darkPalette());
    }

    tw::MainWindow window;
    // The window restores its own geometry; a size is imposed only for scripted runs or the very
    // first start.
    if (p.isSet(size))
        window.resize(parseSize(p.value(size), QSize(1400, 900)));
    else if (scripted || !QSettings().contains(u"window/geometry"_s))
        // At 200% a 1920×1080 screen is 960×540: the first start must fit whatever the scaling.
        window.resize(tw::firstRunSize(QSize(1400, 900), window.screen()->availableGeometry()));
    window.show();

    const QStringList paths = p.positionalArguments();
    if (scripted && paths.isEmpty()) {
        std::fputs("trailwarden: --screenshot and --measure need a PATH\n", stderr);
        return 2;
    }
    if (scripted)
        new tw::ScriptedRun(window, {p.value(screenshot), p.value(select), p.value(range), p.isSet(measure)});

    // Lists given here are taken as the ones for the data opened next (and remembered for it).
    if (p.isSet(approved))
        window.setApprovedPath(p.value(approved));
    if (p.isSet(identities))
        window.setIdentityPath(p.value(identities));
    if (!paths.isEmpty())
        window.openPaths(paths);
    else if (!window.reopenLastWorkspace())
        window.reopenLastFolder();

    return QApplication::exec();
}
