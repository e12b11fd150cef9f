#include "discovery.h"

#include "logreader.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QSet>

namespace tw {

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
} // namespace

Discovery discoverInputs(const QStringList& paths)
{
    Discovery result;
    QSet<QString> seen;
    auto add = [&](const QFileInfo& info) {
        const QString path = info.absoluteFilePath();
        if (isSkippedPath(path)) {
            ++result.skipped;
            return;
        }
        if (seen.contains(path))
            return;
        seen.insert(path);
        result.files.append(path);
        result.totalBytes += static_cast<std::uint64_t>(std::max<qint64>(0, info.size()));
    };

    for (const QString& input : paths) {
        const QFileInfo info(input);
        if (!info.exists()) {
            result.problems.push_back({input, QStringLiteral("no such file or folder")});
            continue;
        }
        if (!info.isDir()) {
            add(info);
            continue;
        }
        if (!info.isReadable() || !info.isExecutable()) {
            result.problems.push_back({input, QStringLiteral("folder cannot be read (permission denied)")});
            continue;
        }
        QDirIterator it(info.absoluteFilePath(), QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            it.next();
            const QFileInfo entry = it.fileInfo();
            if (looksLikeLog(entry.fileName()))
                add(entry);
        }
    }
    result.files.sort();
    return result;
}

} // namespace tw
