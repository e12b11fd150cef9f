// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/ingest/discovery.h"

#include "core/ingest/logreader.h"

#include <QFile>

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#ifdef Q_OS_UNIX
#include <dirent.h>
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

// A named input made absolute, without "." parts and repeated or trailing separators: a folder named
// as `logs`, `./logs` and `logs/` gives the same paths, so its files are read and listed once. A
// ".." stays: dropping it with the part before it would name another folder when that part is a
// symbolic link.
fs::path absoluteWithoutDots(const fs::path& path)
{
    std::error_code ec;
    const fs::path absolute = fs::absolute(path, ec);
    if (ec)
        return path;
    fs::path out;
    for (const fs::path& part : absolute)
        if (!part.empty() && part != ".")
            out /= part;
    return out;
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

    // The size of a regular file of the folder, `name` its name in it (NUL-terminated); falls
    // back to a stat of the whole path, as a folder entry's file_size.
    std::uintmax_t fileSize(const fs::path& folder, const char* name, std::error_code& ec) const
    {
#ifdef Q_OS_UNIX
        struct stat st = {};
        if (m_fd >= 0 && ::fstatat(m_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode))
            return static_cast<std::uintmax_t>(st.st_size);
#endif
        return fs::file_size(folder / name, ec);
    }

private:
#ifdef Q_OS_UNIX
    int m_fd = -1;
#endif
};

// The names in a folder, one at a time, with what the listing says each is: readdir and its d_type
// rather than std::filesystem's directory_iterator, which makes a path of every name (the folder's
// path appended and parsed into its parts, a dozen allocations) when the walk needs the name alone:
// a sixth of the walk of 100,000 one-event files. Elsewhere the iterator is used.
class FolderListing
{
public:
    // Other: to be asked (a symbolic link, a device, a file system that does not say).
    enum class Kind { Regular, Folder, Other };

    FolderListing(const fs::path& folder, std::error_code& ec)
    {
#ifdef Q_OS_UNIX
        m_dir = ::opendir(folder.c_str());
        if (!m_dir)
            ec.assign(errno, std::generic_category());
#else
        m_it = fs::directory_iterator(folder, ec);
#endif
    }
    ~FolderListing()
    {
#ifdef Q_OS_UNIX
        if (m_dir)
            ::closedir(m_dir);
#endif
    }
    FolderListing(const FolderListing&) = delete;
    FolderListing& operator=(const FolderListing&) = delete;

    // The next name (NUL-terminated, valid until the next call) and its kind; false at the end or
    // when the listing failed (ec).
    bool next(std::string_view& name, Kind& kind, std::error_code& ec)
    {
#ifdef Q_OS_UNIX
        for (;;) {
            errno = 0;
            const dirent* entry = ::readdir(m_dir);
            if (!entry) {
                if (errno != 0)
                    ec.assign(errno, std::generic_category());
                return false;
            }
            name = entry->d_name;
            if (name == "." || name == "..")
                continue;
            kind = entry->d_type == DT_REG   ? Kind::Regular
                   : entry->d_type == DT_DIR ? Kind::Folder
                                             : Kind::Other;
            return true;
        }
#else
        if (m_started)
            m_it.increment(ec);
        m_started = true;
        if (ec || m_it == fs::directory_iterator())
            return false;
        std::error_code typeError;
        const bool link = m_it->is_symlink(typeError);
        kind = link                               ? Kind::Other
               : m_it->is_regular_file(typeError) ? Kind::Regular
               : m_it->is_directory(typeError)    ? Kind::Folder
                                                  : Kind::Other;
        m_name = m_it->path().filename().native();
        name = m_name;
        return true;
#endif
    }

private:
#ifdef Q_OS_UNIX
    DIR* m_dir = nullptr;
#else
    fs::directory_iterator m_it;
    bool m_started = false;
    fs::path::string_type m_name;
#endif
};

// What the name of a file in a folder of the walk takes from the folder, worked out once for the
// folder: with 100,000 one-event files, decoding each path whole, looking for the Digest and
// Insight folders in it and encoding it back were a fifth of the walk (bench_walk: 480 ms, 380 ms
// without). A file name holds no '/' and the prefix here ends with one, so a match of
// isSkippedPath (which ends with '/') lies within the prefix, and the UTF-8 decoding starts afresh
// after it: a name of ASCII bytes decodes to itself, and the whole path's decoding is the prefix's
// followed by it. Other names are decoded whole, as before. The walk starts from absolute paths
// (absoluteWithoutDots), so every folder here is one.
class FolderNames
{
public:
    explicit FolderNames(const fs::path& folder)
    {
        // The separator `folder / name` puts in does not depend on the name (it is never absolute).
        const fs::path probe = folder / "x";
        m_prefix = probe.native();
        m_prefix.pop_back();
        m_prefixName = fromNative(m_prefix);
        m_prefixUtf8 = QFile::encodeName(m_prefixName).toStdString() == m_prefix;
        m_skipped = isSkippedPath(m_prefixName);
    }

    static bool isAscii(std::string_view file)
    {
        return std::all_of(file.begin(), file.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    }

    // The file's path decoded, and whether it names the file back; `file` is its name in the
    // folder, `ascii` isAscii(file).
    QString pathName(std::string_view file, bool ascii, bool& utf8) const
    {
        if (ascii) {
            utf8 = m_prefixUtf8;
            return m_prefixName + QLatin1StringView(file.data(), static_cast<qsizetype>(file.size()));
        }
        const std::string whole = m_prefix + std::string(file);
        QString name = fromNative(whole);
        utf8 = QFile::encodeName(name).toStdString() == whole;
        return name;
    }
    // What pathName puts before the file's name, decoded.
    const QString& prefix() const { return m_prefixName; }
    // isSkippedPath of the path of any file in the folder.
    bool skipped() const { return m_skipped; }

private:
    static QString fromNative(const std::string& bytes)
    {
        return QFile::decodeName(QByteArray::fromStdString(bytes));
    }

    std::string m_prefix; // what the walk puts before a file's name
    QString m_prefixName;
    bool m_prefixUtf8 = false;
    bool m_skipped = false;
};

// A file found, with its size.
struct Found
{
    QString name;
    std::uintmax_t size = 0;
    std::uint32_t folder = 0; // what comes before its name in `name`: an index in a list of those
    qsizetype at = 0;         // where its name starts in `name`
};

// Sorts the files found in QString's order (UTF-16), as QStringList::sort had it. The paths of
// 100,000 one-event files in a few hundred folders share most of their length, and comparing
// them whole was an eighth of the walk. So when no folder's path (with its '/') that has files is
// the start of another's, the order is the folders' order and, within a folder (listed once or
// more), the names' order: two paths differ first within the shorter folder path, or not before
// the end of the same one. Otherwise they are compared whole.
void sortFound(std::vector<Found>& found, const std::vector<QString>& folders, bool exact)
{
    std::vector<std::uint32_t> byPath;
    std::vector<bool> used(folders.size());
    for (const Found& f : found)
        used[f.folder] = true;
    for (std::uint32_t i = 0; i < folders.size(); ++i)
        if (used[i])
            byPath.push_back(i);
    std::sort(byPath.begin(), byPath.end(),
              [&folders](std::uint32_t a, std::uint32_t b) { return folders[a] < folders[b]; });
    std::vector<std::uint32_t> rank(folders.size());
    for (std::size_t k = 1; k < byPath.size() && exact; ++k) {
        const QString& before = folders[byPath[k - 1]];
        const QString& next = folders[byPath[k]];
        rank[byPath[k]] = rank[byPath[k - 1]] + (next == before ? 0 : 1);
        exact = next == before || !next.startsWith(before);
    }
    if (!exact) {
        std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return a.name < b.name; });
        return;
    }
    for (Found& f : found)
        f.folder = rank[f.folder];
    std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
        if (a.folder != b.folder)
            return a.folder < b.folder;
        return QStringView(a.name).sliced(a.at) < QStringView(b.name).sliced(b.at);
    });
}

} // namespace

const QString kSkippedByNameReason = QStringLiteral(
    "not named *.json, *.jsonl or *.ndjson (optionally .gz), nor without an extension; open the "
    "file itself (Open Files…, or name it on the command line) to read it whatever its name");

// readdir (FolderListing) and std::filesystem rather than QDirIterator: they see every name as the
// bytes on disk, so a file whose name is not valid UTF-8 is reported instead of silently vanishing,
// and they do not follow symbolic links to folders, so a link loop cannot trap the walk.
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
    std::vector<Found> found;
    // What comes before the names of the files found (a folder's absolute path and '/'), for the
    // sort; false when a name does not start with its folder's.
    std::vector<QString> folders;
    bool folderOrder = true;

    // A file, `name` its absolute path decoded, `utf8` whether that names it back, `skipped`
    // whether it is in a Digest or Insight folder (isSkippedPath of the name).
    auto add = [&](QString name, bool skipped, bool utf8, const fs::file_status& status, std::uintmax_t size,
                   std::uint32_t folder) {
        if (skipped) {
            ++result.skipped;
            return;
        }
        if (!utf8) {
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
        const qsizetype at = folders[folder].size();
        folderOrder = folderOrder && name.startsWith(folders[folder]);
        found.push_back({std::move(name), size, folder, at});
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
        const fs::path absolute = absoluteWithoutDots(root);
        if (!fs::is_directory(status)) {
            const QString name = fromNative(absolute);
            folders.push_back(name.left(name.lastIndexOf(u'/') + 1));
            add(name, isSkippedPath(name), QFile::encodeName(name).toStdString() == absolute.native(), status,
                fs::is_regular_file(status) ? fs::file_size(root, ec) : 0, std::uint32_t(folders.size() - 1));
            continue;
        }
        std::vector<fs::path> pending{absolute};
        while (!pending.empty()) {
            const fs::path folder = std::move(pending.back());
            pending.pop_back();
            std::vector<fs::path> subfolders;
            FolderListing listing(folder, ec);
            const FolderHandle handle(folder);
            if (ec) {
                result.problems.push_back(
                    {fromNative(folder), QStringLiteral("cannot list the folder: %1").arg(osReason(ec))});
                ec.clear();
                continue;
            }
            std::optional<FolderNames> names; // from the first file
            std::string_view file;            // a name in the folder
            FolderListing::Kind kind = FolderListing::Kind::Other;
            while (listing.next(file, kind, ec)) {
                if (kind == FolderListing::Kind::Folder) {
                    subfolders.push_back(folder / file);
                    continue;
                }
                std::error_code entryError;
                // The listing itself says what a name is (d_type), so a plain file or folder costs
                // no stat here; only links (and file systems that do not say) are asked about
                // their target. With 100,000 one-event files the three path lookups a file took
                // were a tenth of the load.
                std::optional<fs::directory_entry> entry;
                bool link = false;
                fs::file_status target(fs::file_type::regular);
                if (kind == FolderListing::Kind::Other) {
                    entry.emplace(folder / file, entryError);
                    link = entry->is_symlink(entryError);
                    if (!link && entry->is_directory(entryError)) {
                        subfolders.push_back(entry->path());
                        continue;
                    }
                    target = !link && entry->is_regular_file(entryError)
                                 ? fs::file_status(fs::file_type::regular)
                                 : entry->status(entryError);
                }
                if (!names) {
                    names.emplace(folder);
                    folders.push_back(names->prefix());
                }
                const bool ascii = FolderNames::isAscii(file);
                bool utf8 = false;
                QString name = names->pathName(file, ascii, utf8);
                // Any other name is decoded on its own for the tests of its name, as it always was.
                const QString decodedAlone =
                    ascii ? QString()
                          : QFile::decodeName(QByteArray(file.data(), static_cast<qsizetype>(file.size())));
                const QStringView fileName = ascii
                                                 ? QStringView(name).last(static_cast<qsizetype>(file.size()))
                                                 : QStringView(decodedAlone);
                if (link && fs::is_directory(target)) {
                    result.problems.push_back(
                        {fromNative(entry->path()),
                         QStringLiteral("skipped: a symbolic link to a folder (links are not followed)")});
                    continue;
                }
                // Firehose names its objects without an extension: those are read and the content
                // decides (gzip, or JSON). A name with another extension is not a log.
                // Not read, but never silently: a folder of `.log` exports would otherwise look
                // like a folder without activity.
                if (!hasLogName(fileName) && hasFileExtension(fileName)) {
                    if (!names->skipped()) {
                        if (result.skippedByName.size() < kMaxListedSkips)
                            result.skippedByName.push_back(
                                {name, QStringLiteral("skipped by its name: %1").arg(kSkippedByNameReason)});
                        ++result.skippedByNameCount;
                    }
                    continue;
                }
                const std::uintmax_t size = !fs::is_regular_file(target) ? 0
                                            : link                       ? entry->file_size(entryError)
                                                   : handle.fileSize(folder, file.data(), entryError);
                add(std::move(name), names->skipped(), utf8, target, size, std::uint32_t(folders.size() - 1));
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
    sortFound(found, folders, folderOrder);
    found.erase(std::unique(found.begin(), found.end(),
                            [](const Found& a, const Found& b) { return a.name == b.name; }),
                found.end());
    result.files.reserve(static_cast<qsizetype>(found.size()));
    for (Found& f : found) {
        result.files.append(std::move(f.name));
        result.totalBytes += f.size;
    }
    return result;
}

} // namespace tw
