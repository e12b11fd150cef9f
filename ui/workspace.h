// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace tw {

// A saved view of the window (File ▸ Save Workspace): which data with which lists and rules, and
// how the findings were shown. One small JSON file the user keeps where they like; it holds paths
// and view state, never log data. Qt Core only.
struct Workspace
{
    static constexpr int kVersion = 1;

    QStringList dataPaths; // absolute, as the load was given them
    QString approved;      // the approved-accounts CSV; empty: none
    QString identities;    // the identity list; empty: none
    // The account aliases CSV; empty: none. Absent from workspaces saved before it was kept: the
    // folder's own aliases (remembered, or found beside the logs) are used then, as they were. Still
    // version 1: older readers skip a member they do not know.
    std::optional<QString> aliases;
    // (The suppression rules are not named: they live beside the approved list and follow it.)
    QString rules = QStringLiteral("ta7"); // the field rules: "ta7" or "legacy"
    bool localTime = false;
    QString filter;        // the findings filter box
    QString eventsFilter;  // the drill-down's filter box
    QStringList selection; // selected findings' users, as the logs have them
    QString current;       // the current finding's user
    // QHeaderView::saveState() of the findings and events tables: sort column and order, column
    // order, widths and hidden columns.
    QByteArray findingsHeader;
    QByteArray eventsHeader;
};

// The workspace in path. std::nullopt with error "<path>: <reason>" when the file cannot be read,
// is not a TrailWarden workspace, is of a newer version, or has a member of the wrong type.
std::optional<Workspace> readWorkspace(const QString& path, QString* error);
// Writes it atomically (core/common/atomicfile): the old file stays whole if anything fails.
// False with error "<path>: <reason>" then.
bool writeWorkspace(const QString& path, const Workspace& workspace, QString* error);

} // namespace tw
