#include "discovery.h"

#include "logreader.h"

#include <QFile>
#include <QSet>

#include <filesystem>

namespace tw {

namespace fs = std::filesystem;

namespace {

bool looksLikeLog(const QString& name)
{
    static const QLatin1String suffixes[] = {QLatin1String(".json"),   QLatin1String(".json.gz"),
                                             QLatin1String(".jsonl"),  QLatin1String(".jsonl.gz"),
                                             QLatin1String(".ndjson"), QLatin1String(".ndjson.gz")};
    for (const auto& s : suffixes)
        if (name.endsWith(s, Qt::CaseInsensitive))
            return true;
    return false;
}

QString fromNative(const fs::path& p)
{
    return QFile::decodeName(QByteArray::fromStdString(p.native()));
}

QString osReason(const std::error_code& ec)
{
    return QString::fromLocal8Bit(ec.message().c_str());
}

} // namespace

const QString kSkippedByNameReason = QStringLiteral(
    "not named *.json, *.jsonl or *.ndjson (optionally .gz); open the file itself (Open Files…, or "
    "name it on the command line) to read it whatever its name");

// std::filesystem rather than QDirIterator: it sees every name as the bytes on disk, so a file
// whose name is not valid UTF-8 is reported instead of silently vanishing, and it does not follow
// symbolic links to folders, so a link loop cannot trap the walk.
Discovery discoverInputs(const QStringList& paths)
{
    Discovery result;
    QSet<QString> seen;

    auto add = [&](const fs::path& path, const fs::file_status& status, std::uintmax_t size) {
        const QString name = fromNative(fs::absolute(path));
        if (isSkippedPath(name)) {
            ++result.skipped;
            return;
        }
        if (QFile::encodeName(name).toStdString() != fs::absolute(path).native()) {
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
        if (seen.contains(name))
            return;
        seen.insert(name);
        result.files.append(name);
        result.totalBytes += size;
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
        fs::recursive_directory_iterator it(root, ec), end;
        if (ec) {
            result.problems.push_back(
                {input, QStringLiteral("cannot list the folder: %1").arg(osReason(ec))});
            continue;
        }
        for (; it != end; it.increment(ec)) {
            if (ec) {
                result.problems.push_back(
                    {fromNative(it->path()), QStringLiteral("cannot list: %1").arg(osReason(ec))});
                ec.clear();
                continue;
            }
            const fs::directory_entry& entry = *it;
            std::error_code entryError;
            if (entry.is_directory(entryError))
                continue;
            if (!looksLikeLog(fromNative(entry.path().filename()))) {
                // Not read, but never silently: a folder of `.log` exports would otherwise look
                // like a folder without activity.
                if (result.skippedByName.size() < kMaxListedSkips)
                    result.skippedByName.push_back(
                        {fromNative(fs::absolute(entry.path())),
                         QStringLiteral("skipped by its name: %1").arg(kSkippedByNameReason)});
                ++result.skippedByNameCount;
                continue;
            }
            const fs::file_status entryStatus = entry.status(entryError);
            add(entry.path(), entryStatus,
                fs::is_regular_file(entryStatus) ? entry.file_size(entryError) : 0);
        }
    }
    result.files.sort();
    return result;
}

} // namespace tw
