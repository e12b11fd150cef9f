// SPDX-License-Identifier: GPL-3.0-or-later

#include "ui/datafolderhistory.h"

#include "core/common/atomicfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QVariantMap>

using namespace Qt::StringLiterals;

namespace tw {

namespace {

const QString kRecentKey = u"recentFolders"_s;
const QString kFoldersKey = u"dataFolders"_s;
const QString kApprovedName = u"aws_service_accounts.csv"_s;
const QString kIdentitiesName = u"identity_lookup_expanded.csv"_s;
const QString kAliasesName = u"account_aliases.csv"_s;
const QString kAliasesKey = u"aliases"_s;
const QStringList kLookupPlaces = {u"lookups"_s, u"../lookups"_s, u"."_s};

} // namespace

QString DataFolderHistory::dataFolderOf(const QStringList& paths)
{
    if (paths.isEmpty())
        return {};
    const QFileInfo first(paths.first());
    return first.isDir() ? first.absoluteFilePath() : first.absolutePath();
}

QStringList DataFolderHistory::recentFolders() const
{
    return QSettings().value(kRecentKey).toStringList();
}

void DataFolderHistory::addRecentFolder(const QString& folder)
{
    QSettings s;
    QStringList recent = s.value(kRecentKey).toStringList();
    recent.removeAll(folder);
    recent.prepend(folder);
    while (recent.size() > kMaxRecentFolders)
        recent.removeLast();
    s.setValue(kRecentKey, recent);
}

void DataFolderHistory::clearRecentFolders()
{
    QSettings().remove(kRecentKey);
}

QString DataFolderHistory::lastFolder() const
{
    const QStringList recent = recentFolders();
    if (recent.isEmpty() || !QFileInfo(recent.first()).isDir())
        return {};
    return recent.first();
}

DataFolderHistory::Lists DataFolderHistory::listsFor(const QString& folder) const
{
    const QVariantMap lists = QSettings().value(kFoldersKey).toMap().value(folder).toMap();
    return {lists.value(u"approved"_s).toString(), lists.value(u"identities"_s).toString()};
}

void DataFolderHistory::rememberLists(const QString& folder, const Lists& lists)
{
    if (folder.isEmpty())
        return;
    QSettings s;
    QVariantMap all = s.value(kFoldersKey).toMap();
    QVariantMap entry = all.value(folder).toMap(); // keeps the folder's aliases
    entry.insert(u"approved"_s, lists.approved);
    entry.insert(u"identities"_s, lists.identities);
    all.insert(folder, entry);
    s.setValue(kFoldersKey, all);
}

std::optional<QString> DataFolderHistory::aliasesFor(const QString& folder) const
{
    const QVariantMap entry = QSettings().value(kFoldersKey).toMap().value(folder).toMap();
    if (!entry.contains(kAliasesKey))
        return std::nullopt;
    return entry.value(kAliasesKey).toString();
}

void DataFolderHistory::rememberAliases(const QString& folder, const QString& path)
{
    if (folder.isEmpty())
        return;
    QSettings s;
    QVariantMap all = s.value(kFoldersKey).toMap();
    QVariantMap entry = all.value(folder).toMap();
    entry.insert(kAliasesKey, path);
    all.insert(folder, entry);
    s.setValue(kFoldersKey, all);
}

QString DataFolderHistory::findAliasesNear(const QString& folder)
{
    const QDir dir(folder);
    for (const QString& candidate : kLookupPlaces) {
        const QString path = QDir::cleanPath(dir.filePath(candidate + u'/' + kAliasesName));
        if (QFileInfo::exists(path))
            return path;
    }
    return {};
}

DataFolderHistory::Lists DataFolderHistory::findLookupsNear(const QString& folder)
{
    const QDir dir(folder);
    for (const QString& candidate : kLookupPlaces) {
        const QString approved = QDir::cleanPath(dir.filePath(candidate + u'/' + kApprovedName));
        const QString identities = QDir::cleanPath(dir.filePath(candidate + u'/' + kIdentitiesName));
        Lists found{QFileInfo::exists(approved) ? approved : QString(),
                    QFileInfo::exists(identities) ? identities : QString()};
        if (!found.isEmpty())
            return found;
    }
    return {};
}

QString DataFolderHistory::sampleDir()
{
    const QString app = QCoreApplication::applicationDirPath();
    const QStringList candidates = {app + u"/../share/trailwarden/sample"_s,
                                    QStringLiteral(TRAILWARDEN_SOURCE_SAMPLE_DIR)};
    for (const QString& candidate : candidates) {
        if (QFileInfo(candidate + u"/AWSLogs"_s).isDir())
            return QDir::cleanPath(candidate);
    }
    return {};
}

QString DataFolderHistory::sampleCopiesDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/sample"_s;
}

DataFolderHistory::SampleCopies DataFolderHistory::copySampleLists(const QString& sampleDir,
                                                                   const QString& copiesDir)
{
    QDir().mkpath(copiesDir);
    SampleCopies result;
    result.lists = {copiesDir + u'/' + kApprovedName, copiesDir + u'/' + kIdentitiesName};
    for (const QString& copy : {result.lists.approved, result.lists.identities}) {
        if (QFileInfo::exists(copy))
            continue;
        // Whole or not there: a half-copied list would be the one approvals are written to.
        result.error = copyFileAtomically(sampleDir + u"/lookups/"_s + QFileInfo(copy).fileName(), copy);
        if (!result.error.isEmpty())
            return result;
        QFile::setPermissions(copy,
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    }
    return result;
}

} // namespace tw
