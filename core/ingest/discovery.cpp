// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/ingest/discovery.h"

#include "core/ingest/logreader.h"

#include <QFile>

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <utility>
#include <vector>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace tw {

namespace fs = std::filesystem;

namespace {

QString fromNative(const fs::path& p)
{
    return QFile::decodeName(QByteArray::fromStdString(p.native()));
}

QString osReason(const std::error_code& ec)
{
    return QString::fromLocal8Bit(ec.message().c_str());
}

// The folder being listed, for asking the size of a plain file by its name in the folder: a
// lookup of one name instead of the whole path's (`entry.file_size()` stats the full path; with
// 100,000 one-event files those path walks were a sixth of the folder walk). Held only while that
// folder is listed, so the walk holds two descriptors whatever the depth.
class FolderHandle
{
public:
    explicit FolderHandle(const fs::path& folder)
    {
#ifdef Q_OS_UNIX
        m_fd = ::open(folder.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
#else
        Q_UNUSED(folder);
#endif
    }
    ~FolderHandle()
    {
#ifdef Q_OS_UNIX
        if (m_fd >= 0)
            ::close(m_fd);
#endif
    }
    FolderHandle(const FolderHandle&) = delete;
    FolderHandle& operator=(const FolderHandle&) = delete;

    // The size of a regular file of the folder; falls back to the entry's own (a full-path stat).
    std::uintmax_t fileSize(const fs::directory_entry& entry, std::error_code& ec) const
    {
#ifdef Q_OS_UNIX
        struct stat st = {};
        if (m_fd >= 0 && ::fstatat(m_fd, entry.path().filename().c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISREG(st.st_mode))
            return static_cast<std::uintmax_t>(st.st_size);
#endif
        return entry.file_size(ec);
    }

private:
#ifdef Q_OS_UNIX
    int m_fd = -1;
#endif
};

} // namespace

const QString kSkippedByNameReason = QStringLiteral(
    "not named *.json, *.jsonl or *.ndjson (optionally .gz), nor without an extension; open the "
    "file itself (Open Files…, or name it on the command line) to read it whatever its name");

// std::filesystem rather than QDirIterator: it sees every name as the bytes on disk, so a file
// whose name is not valid UTF-8 is reported instead of silently vanishing, and it does not follow
// symbolic links to folders, so a link loop cannot trap the walk.
//
// The walk keeps an explicit list of the folders still to list and lists one folder at a time, to
// the end, before the next: one descriptor whatever the depth (a recursive iterator holds one per
// level, so a log 1,500 folders deep under the usual limit of 1,024 open files was neither read
// nor reported), and memory in proportion to the folders waiting, not to the square of the depth.
Discovery discoverInputs(const QStringList& paths)
{
    Discovery result;
    // Every file found with its size; sorted and made unique at the end (a file named twice, or
    // named and also in a named folder, is read once), which a set of names a file cost more than.
    std::vector<std::pair<QString, std::uintmax_t>> found;

    auto add = [&](const fs::path& path, const fs::file_status& status, std::uintmax_t size) {
        const fs::path absolute = fs::absolute(path);
        const QString name = fromNative(absolute);
        if (isSkippedPath(name)) {
            ++result.skipped;
            return;
        }
        if (QFile::encodeName(name).toStdString() != absolute.native()) {
            result.problems.push_back(
                {name, QStringLiteral("the file name is not valid UTF-8; rename the file to read it")});
            return;
        }
        if (!fs::is_regular_file(status)) {
            result.problems.push_back({name, fs::is_symlink(status) || !fs::exists(status)
                                                 ? QStringLiteral("cannot open: a broken symbolic link")
                                                 : QStringLiteral("not a regular file")});
            return;
        }
        found.emplace_back(name, size);
    };

    for (const QString& input : paths) {
        const fs::path root(QFile::encodeName(input).toStdString());
        std::error_code ec;
        const fs::file_status status = fs::status(root, ec);
        if (!fs::exists(status)) {
            result.problems.push_back({input, fs::is_symlink(fs::symlink_status(root, ec))
                                                  ? QStringLiteral("cannot open: a broken symbolic link")
                                                  : QStringLiteral("no such file or folder")});
            continue;
        }
        if (!fs::is_directory(status)) {
            add(root, status, fs::is_regular_file(status) ? fs::file_size(root, ec) : 0);
            continue;
        }
        std::vector<fs::path> pending{root};
        while (!pending.empty()) {
            const fs::path folder = std::move(pending.back());
            pending.pop_back();
            std::vector<fs::path> subfolders;
            fs::directory_iterator it(folder, ec), end;
            const FolderHandle handle(folder);
            if (ec) {
                result.problems.push_back(
                    {fromNative(folder), QStringLiteral("cannot list the folder: %1").arg(osReason(ec))});
                ec.clear();
                continue;
            }
            for (; it != end; it.increment(ec)) {
                const fs::directory_entry& entry = *it;
                std::error_code entryError;
                // The listing itself says what a name is (d_type, cached by directory_entry), so a
                // plain file or folder costs no stat here; only links (and file systems that do
                // not say) are asked about their target. With 100,000 one-event files the three
                // path lookups a file took were a tenth of the load.
                const bool link = entry.is_symlink(entryError);
                if (!link && entry.is_directory(entryError)) {
                    subfolders.push_back(entry.path());
                    continue;
                }
                const QString fileName = fromNative(entry.path().filename());
                const fs::file_status target = !link && entry.is_regular_file(entryError)
                                                   ? fs::file_status(fs::file_type::regular)
                                                   : entry.status(entryError);
                if (link && fs::is_directory(target)) {
                    result.problems.push_back(
                        {fromNative(entry.path()),
                         QStringLiteral("skipped: a symbolic link to a folder (links are not followed)")});
                    continue;
                }
                // Firehose names its objects without an extension: those are read and the content
                // decides (gzip, or JSON). A name with another extension is not a log.
                // Not read, but never silently: a folder of `.log` exports would otherwise look
                // like a folder without activity.
                if (!hasLogName(fileName) && hasFileExtension(fileName)) {
                    if (!isSkippedPath(fromNative(entry.path()))) {
                        if (result.skippedByName.size() < kMaxListedSkips)
                            result.skippedByName.push_back(
                                {fromNative(fs::absolute(entry.path())),
                                 QStringLiteral("skipped by its name: %1").arg(kSkippedByNameReason)});
                        ++result.skippedByNameCount;
                    }
                    continue;
                }
                add(entry.path(), target,
                    !fs::is_regular_file(target) ? 0
                    : link                       ? entry.file_size(entryError)
                                                 : handle.fileSize(entry, entryError));
            }
            if (ec) {
                result.problems.push_back(
                    {fromNative(folder),
                     QStringLiteral("cannot list the whole folder: %1").arg(osReason(ec))});
                ec.clear();
            }
            // Reversed so that the walk goes through the first name first (the order only affects
            // the order of the problems; the files are sorted below).
            std::move(subfolders.rbegin(), subfolders.rend(), std::back_inserter(pending));
        }
    }
    // QString's order (UTF-16), as QStringList::sort had it.
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    found.erase(std::unique(found.begin(), found.end(),
                            [](const auto& a, const auto& b) { return a.first == b.first; }),
                found.end());
    result.files.reserve(static_cast<qsizetype>(found.size()));
    for (auto& [name, size] : found) {
        result.files.append(std::move(name));
        result.totalBytes += size;
    }
    return result;
}

} // namespace tw
