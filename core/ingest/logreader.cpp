// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/ingest/logreader.h"

#include "core/ingest/jsonshapes.h"

#include <algorithm>

namespace tw {

struct LogReader::Private
{
    explicit Private(const ReadLimits& limits)
        : file(limits)
    {}
    ContentReader file;
    JsonShapes json;

    // After a file: frees what only a big one needed, then gives its share of the budget back.
    void trim()
    {
        json.trim();
        file.trim();
    }
};

namespace {

ReadLimits clamped(ReadLimits limits)
{
    // Record offsets are 32-bit (EventColumns::offset).
    limits.maxContentBytes = std::min<std::uint64_t>(limits.maxContentBytes, 0xFFFFFF00u);
    return limits;
}

} // namespace

LogReader::LogReader(ReadLimits limits)
    : d(std::make_unique<Private>(clamped(limits)))
{}

LogReader::~LogReader() = default;

void FileResult::clearContent()
{
    strings.clear();
    events.clear();
    dedupKeys.clear();
    malformed = 0;
    skipped = false;
    unreadable = false;
    problems.clear();
}

void FileResult::clear()
{
    clearContent();
    diskBytes = 0;
    contentBytes = 0;
    sha256.clear();
    compressed = false;
}

std::size_t FileResult::memoryBytes() const
{
    return strings.memoryBytes() + events.memoryBytes() + dedupKeys.capacity() * sizeof(std::uint64_t);
}

FileResult LogReader::read(const QString& path, std::uint32_t /*fileIndex*/)
{
    FileResult result;
    read(path, result);
    return result;
}

void LogReader::read(const QString& path, FileResult& result)
{
    result.clear();
    FileContent loaded;
    QString error;
    const bool ok = d->file.load(path, loaded, error);
    result.diskBytes = loaded.diskBytes;
    result.compressed = loaded.compressed;
    result.sha256 = loaded.sha256;
    if (!ok) {
        d->trim();
        result.unreadable = true;
        result.problems.append(error);
        return;
    }
    result.contentBytes = loaded.content.size();
    // hasLogName looks at the end of the name only, so the path does as well as its file name.
    if (!hasLogName(path) && !startsLikeJson(loaded.content)) {
        // Read for its content only (Firehose names objects without an extension): not a log.
        d->trim();
        result.unreadable = true;
        result.problems.append(result.compressed
                                   ? QStringLiteral("skipped: gzip, but the content is not JSON")
                                   : QStringLiteral("skipped: neither gzip nor JSON (a file without a log "
                                                    "file name is recognised by its content)"));
        return;
    }
    // About one distinct string a kilobyte of records (user, address, agent, name...): the pool's
    // table is sized once instead of doubling from its small start.
    result.strings.reserve(loaded.content.size() / 1024);
    d->json.parse(loaded.content, d->file.capacity(), hasJsonLinesName(path), result);
    d->trim();
}

void LogReader::setHashing(bool on)
{
    d->file.setHashing(on);
}

void LogReader::setKeptFields(bool details, bool credentials)
{
    d->json.setKeptFields(details, credentials);
}

FileResult LogReader::parse(std::string_view content, const QString& name, std::uint32_t /*fileIndex*/)
{
    FileResult result;
    std::string_view copy;
    if (!d->file.copy(content, copy)) {
        result.unreadable = true;
        result.problems.append(QStringLiteral("not enough memory"));
        return result;
    }
    result.contentBytes = result.diskBytes = content.size();
    const bool jsonLines = name.endsWith(QLatin1String(".jsonl")) || name.endsWith(QLatin1String(".ndjson"));
    d->json.parse(copy, d->file.capacity(), jsonLines, result);
    d->trim();
    return result;
}

std::optional<std::string> LogReader::readRecord(const QString& path, std::uint64_t offset, bool embedded,
                                                 QString* error)
{
    FileContent loaded;
    QString message;
    if (!d->file.load(path, loaded, message)) {
        d->trim();
        if (error)
            *error = message;
        return std::nullopt;
    }
    // The whole file is parsed again, as the load did, and the text of the record it kept at
    // `offset` is taken: a drill-down reads one record, and the file is decompressed for it anyway.
    const auto raw = d->json.recordAt(loaded.content, d->file.capacity(), hasJsonLinesName(path), offset);
    std::string record = raw ? std::string(*raw) : std::string();
    d->trim();
    if (!raw) {
        if (error)
            *error = QStringLiteral("the file is not as it was when it was loaded (no record where one was "
                                    "read); reload it");
        return std::nullopt;
    }
    if (!embedded)
        return record;
    auto inner = d->json.embeddedRecord(std::move(record));
    if (!inner && error)
        *error = QStringLiteral("the record changed on disk since it was loaded; reload it");
    return inner;
}

} // namespace tw
