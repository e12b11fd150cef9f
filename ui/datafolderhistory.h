// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace tw {

// What the window remembers about data folders, in QSettings (UI state, never domain data): the
// recent folders, the lists used last time with each folder, the lookups that usually sit beside
// logs, and the private copy of the sample's lists. Not a widget, so it is tested without one.
//
// Stateless apart from QSettings: every call reads or writes the application's default settings.
class DataFolderHistory
{
public:
    static constexpr int kMaxRecentFolders = 8;

    // The two lookups of a data folder; an empty path means "none".
    struct Lists
    {
        QString approved;
        QString identities;
        bool isEmpty() const { return approved.isEmpty() && identities.isEmpty(); }
    };

    // The folder a set of inputs belongs to (a folder itself, or a file's folder); lists are
    // remembered per data folder.
    static QString dataFolderOf(const QStringList& paths);

    // Most recent first, at most kMaxRecentFolders, including folders that no longer exist (the
    // Open Recent menu shows them disabled).
    QStringList recentFolders() const;
    // Moves folder to the front (once), dropping the oldest beyond kMaxRecentFolders.
    void addRecentFolder(const QString& folder);
    void clearRecentFolders();
    // The most recent folder if it still exists; empty otherwise (nothing older is reopened
    // instead: the analyst would not expect it).
    QString lastFolder() const;

    // The lists used last time with folder; empty when it has none.
    Lists listsFor(const QString& folder) const;
    void rememberLists(const QString& folder, const Lists& lists);

    // The account aliases file (File ▸ Account Aliases) used last time with folder: nullopt when
    // none was ever set for it, an empty string when it was cleared (then none is looked for).
    std::optional<QString> aliasesFor(const QString& folder) const;
    void rememberAliases(const QString& folder, const QString& path);
    // account_aliases.csv where findLookupsNear looks for the lists; empty when there is none.
    static QString findAliasesNear(const QString& folder);

    // The usual lookups (aws_service_accounts.csv, identity_lookup_expanded.csv) in lookups/ inside
    // the folder, beside it (../lookups) or in it; the first place that has either wins. Only the
    // ones that exist are returned.
    static Lists findLookupsNear(const QString& folder);

    // The bundled sample: installed beside the program, or in the source tree it was built from.
    // Empty when neither exists.
    static QString sampleDir();
    // Approvals made while trying the sample go to a private copy of its lists in copiesDir, made
    // once and kept between runs (the bundled lists are read-only or part of the source tree).
    // Returns the copies' paths, or the error of a copy that could not be made (then nothing may be
    // opened with them: the approvals would have nowhere to go).
    struct SampleCopies
    {
        Lists lists;
        QString error; // "<path>: <reason>", empty when both copies are there
    };
    static SampleCopies copySampleLists(const QString& sampleDir, const QString& copiesDir);
    // Where copySampleLists keeps the copies: the application's data folder.
    static QString sampleCopiesDir();
};

} // namespace tw
