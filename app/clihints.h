// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

// Errors that say what to do (ux-2026-12 problem 16): the nearest option for a typo, `scan` for a
// path given without a command, a missing folder named as missing.

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

namespace tw::cli {

// The candidate closest to `typed` by edit distance (insertions, deletions, substitutions and
// swaps of neighbours), or an empty string when none is close enough to be what was meant: at
// most a third of the longer name's characters may differ, and never more than three.
QString nearestName(const QString& typed, const QStringList& candidates);

// The long options a parser accepts ("--approved"), read from its help text: QCommandLineParser
// has no getter for the options it was given.
QStringList longOptionsOf(const QCommandLineParser& parser);

// The parser's error as one of our messages: lower case like the others, and for an unknown option
// the nearest one the command accepts ("unknown option '--aproved'; did you mean '--approved'?").
QString parseErrorText(const QCommandLineParser& parser);

// For a first argument that is no command: the nearest command, or `scan` when it names a path.
QString unknownCommandText(const QString& typed, const QStringList& commands);

// Empty when the folder of an --approved FILE exists (the file itself may be new); otherwise says
// that the folder is missing, so that a typo is not reported as a lock or open failure.
QString missingFolderText(const QString& option, const QString& path);

} // namespace tw::cli
