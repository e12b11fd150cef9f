// SPDX-License-Identifier: GPL-3.0-or-later

#include "core/ingest/loader.h"

#include "core/ingest/discovery.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>
#include <QThread>

#include <condition_variable>
#include <mutex>
#include <numeric>
#include <thread>

namespace tw {

namespace {

// GCC's and Clang's 128-bit integer, for the multiply-shift below (an extension -Wpedantic names).
__extension__ using Uint128 = unsigned __int128;

// Open-addressing set of 64-bit keys (0 is the empty slot), where a node-based
// std::unordered_set would take ~40 bytes a key. The keys are already well-mixed hashes, so linear
// probing stays short up to 80% full, and the table need not be a power of two: a key's home slot
// is its high bits scaled to the table (multiply-shift). Sized once for the whole load from the
// estimate (reserve), it takes ~10 bytes a key and is never doubled and copied at the peak.
class KeySet
{
public:
    void reserve(std::size_t keys)
    {
        const std::size_t slots = keys + keys / 4 + 1024;
        if (slots > m_slots.size())
            rehash(slots);
    }

    // The table is far bigger than the caches, so each insert costs a miss; the merge (serial: it
    // holds up the next file's merge) asks for a key's slot a few events ahead of inserting it.
    void prefetch(std::uint64_t key) const
    {
        if (!m_slots.empty())
            __builtin_prefetch(m_slots.data() + home(key, m_slots.size()));
    }

    bool insert(std::uint64_t key)
    {
        if ((m_size + 1) * 5 > m_slots.size() * 4)
            rehash(std::max<std::size_t>(1024, m_slots.size() + m_slots.size() / 2));
        const std::size_t n = m_slots.size();
        for (std::size_t i = home(key, n);; i = i + 1 == n ? 0 : i + 1) {
            if (m_slots[i] == key)
                return false;
            if (m_slots[i] == 0) {
                m_slots[i] = key;
                ++m_size;
                return true;
            }
        }
    }

private:
    static std::size_t home(std::uint64_t key, std::size_t n)
    {
        return static_cast<std::size_t>((static_cast<Uint128>(key) * n) >> 64);
    }
    void rehash(std::size_t slots)
    {
        std::vector<std::uint64_t> old = std::move(m_slots);
        m_slots.assign(slots, 0);
        m_size = 0;
        for (auto k : old)
            if (k)
                insert(k);
    }
    std::vector<std::uint64_t> m_slots;
    std::size_t m_size = 0;
};

// Moves one file's events into the store, remapping its string ids and dropping duplicates.
void mergeFile(EventStore& store, KeySet& keys, FileResult& r, std::uint32_t fileIndex,
               const LoadOptions& options)
{
    SourceFile& source = store.files[fileIndex];
    source.bytes = static_cast<qint64>(r.diskBytes);
    source.contentBytes = static_cast<qint64>(r.contentBytes);
    source.compressed = r.compressed;
    source.sha256 = std::move(r.sha256);
    for (const QString& message : std::as_const(r.problems))
        store.problems.push_back({source.path, message});
    store.counts.bytes += r.diskBytes;
    if (r.skipped) {
        ++store.counts.skipped;
        return;
    }
    ++store.counts.files;
    if (r.unreadable)
        ++store.counts.unreadable;
    store.counts.malformed += r.malformed;

    std::vector<std::uint32_t> remap;
    store.strings.internAll(r.strings, remap);

    const EventColumns& in = r.events;
    EventColumns& out = store.events;
    // The access key, session and credential tables are remapped like the strings: one entry per
    // distinct key, session or triple of the file. Access keys and creation dates are values, not
    // strings (credentials.h): only the rare one kept as a string goes through `remap`.
    // Without LoadOptions::credentials every key and session maps to 0, none is kept.
    std::vector<std::uint32_t> accessKeyRemap(in.accessKeys.size());
    for (std::uint32_t id = 1; id < in.accessKeys.size() && options.credentials; ++id)
        accessKeyRemap[id] = out.accessKeys.intern(in.accessKeys[id].remapped(remap.data()));
    std::vector<std::uint32_t> sessionRemap(in.sessions.size());
    for (std::uint32_t id = 1; id < in.sessions.size() && options.credentials; ++id) {
        const SessionKey& k = in.sessions[id];
        sessionRemap[id] =
            out.sessions.intern({remap[k.who], CreationDate::remapped(k.created, remap.data())});
    }
    std::vector<std::uint32_t> credentialRemap(in.credentials.size());
    for (std::uint32_t id = 1; id < in.credentials.size(); ++id) {
        const Credential& c = in.credentials[id];
        credentialRemap[id] = out.credentials.intern(
            {remap[c.identityType], accessKeyRemap[c.accessKey], sessionRemap[c.session]});
    }
    const std::size_t n = in.size();
    // First which events stay (all but the duplicates), then the columns one after another: a
    // tight loop a column instead of sixteen appends an event.
    std::vector<std::uint32_t> keptEvents; // filled only once an event has been dropped
    bool all = true;
    constexpr std::size_t kPrefetchAhead = 16;
    for (std::size_t i = 0; i < n && i < kPrefetchAhead; ++i)
        keys.prefetch(r.dedupKeys[i]);
    for (std::size_t i = 0; i < n; ++i) {
        if (i + kPrefetchAhead < n)
            keys.prefetch(r.dedupKeys[i + kPrefetchAhead]);
        if (r.dedupKeys[i] != 0 && !keys.insert(r.dedupKeys[i])) {
            ++store.counts.duplicates;
            if (all) {
                all = false;
                keptEvents.resize(i);
                std::iota(keptEvents.begin(), keptEvents.end(), 0u);
            }
            continue;
        }
        if (!all)
            keptEvents.push_back(static_cast<std::uint32_t>(i));
    }
    const std::size_t kept = all ? n : keptEvents.size();
    const std::uint32_t* remapped = remap.data();
    auto append = [&](auto& column, const auto& from, auto map) {
        const std::size_t at = column.size();
        column.resize(at + kept);
        auto* to = column.data() + at;
        if (all)
            for (std::size_t i = 0; i < n; ++i)
                to[i] = map(from[i]);
        else
            for (std::size_t k = 0; k < kept; ++k)
                to[k] = map(from[keptEvents[k]]);
    };
    const auto same = [](auto v) { return v; };
    const auto id = [remapped](std::uint32_t v) { return remapped[v]; };
    append(out.time, in.time, same);
    if (options.onlyRules != RuleSet::Legacy)
        append(out.userTa7, in.userTa7, id);
    if (options.onlyRules != RuleSet::Ta7)
        append(out.userLegacy, in.userLegacy, id);
    append(out.eventName, in.eventName, id);
    append(out.eventSource, in.eventSource, id);
    append(out.account, in.account, id);
    if (options.details) {
        append(out.region, in.region, id);
        append(out.sourceIp, in.sourceIp, id);
        append(out.userAgent, in.userAgent, id);
    }
    const std::uint32_t* credentials = credentialRemap.data();
    append(out.credential, in.credential, [credentials](std::uint32_t v) { return credentials[v]; });
    append(out.offset, in.offset, same);
    append(out.flags, in.flags, same);
    append(out.principal, in.principal, same);
    if (all) {
        out.errorCode.appendMapped(in.errorCode, id);
        out.principalDetail.appendMapped(in.principalDetail, id);
    } else {
        std::size_t errorCursor = 0, detailCursor = 0;
        for (const std::uint32_t i : keptEvents) {
            out.errorCode.push_back(remap[in.errorCode.sequentialAt(i, errorCursor)]);
            out.principalDetail.push_back(remap[in.principalDetail.sequentialAt(i, detailCursor)]);
        }
    }
    source.events = kept;
    source.firstEvent = out.size() - kept;
    store.counts.events += kept;
}

// Growing the columns by doubling would leave up to half of them unused and, while a column is
// copied, hold it twice. Once a few files are in, the events per byte on disk are known well enough
// to size the columns for the whole load in one step.
constexpr std::size_t kFilesBeforeEstimate = 8;

void reserveEstimate(EventStore& store, KeySet& keys, std::uint64_t totalBytes, const LoadOptions& options)
{
    if (store.counts.bytes == 0 || store.counts.events == 0)
        return;
    const double perByte = double(store.counts.events) / double(store.counts.bytes);
    const auto estimate = static_cast<std::size_t>(perByte * double(totalBytes) * 1.02) + 1024;
    store.events.reserve(estimate);
    // Columns that stay empty give their reservation back.
    if (options.onlyRules)
        std::vector<std::uint32_t>().swap(*options.onlyRules == RuleSet::Ta7 ? store.events.userLegacy
                                                                             : store.events.userTa7);
    if (!options.details)
        for (auto* column : {&store.events.region, &store.events.sourceIp, &store.events.userAgent})
            std::vector<std::uint32_t>().swap(*column);
    keys.reserve(estimate);
}

} // namespace

std::shared_ptr<EventStore> loadEvents(const QStringList& inputs, const LoadOptions& options,
                                       LoadProgress* progress, const std::atomic_bool* cancel)
{
    auto store = std::make_shared<EventStore>();
    store->details = options.details;
    const Discovery found = discoverInputs(inputs);
    store->problems = found.problems;
    store->counts.skipped = found.skipped;
    store->skippedFiles = found.skippedByName;
    store->counts.skippedByName = found.skippedByNameCount;
    for (const QString& path : found.files)
        store->files.emplace_back().path = path;

    LoadProgress localProgress;
    LoadProgress& p = progress ? *progress : localProgress;
    p.filesTotal = found.files.size();
    p.bytesTotal = found.totalBytes;

    const std::size_t fileCount = static_cast<std::size_t>(found.files.size());
    int threads = options.threads > 0 ? options.threads : QThread::idealThreadCount();
    threads = static_cast<int>(
        std::clamp<std::size_t>(static_cast<std::size_t>(threads), 1, std::max<std::size_t>(fileCount, 1)));

    // Work is handed out in path order and merged in path order: a finished file waits in
    // `ready` until every file before it has been merged.
    std::mutex mutex;
    // A pointer a file rather than the result itself: a FileResult is ~700 bytes of vectors, and
    // 100,000 small files would touch 70 MB for this table alone.
    std::vector<std::unique_ptr<FileResult>> ready(fileCount);
    std::size_t nextToRead = 0;
    std::size_t nextToMerge = 0;
    bool merging = false;
    KeySet keys;

    auto isCancelled = [cancel] { return cancel && cancel->load(std::memory_order_relaxed); };

    MemoryBudget budget(options.memoryBudgetBytes);
    ReadLimits limits = options.limits;
    if (!limits.budget)
        limits.budget = &budget;

    // Results already merged, emptied for the next files (FileResult::clear keeps their memory):
    // a new result for every file cost ~40 allocations (its pool, tables and one growth of every
    // column), a fifth of the time of a file of one event. The merge runs in bursts (one thread
    // merges every file ready while the others read on), so as many are kept as were in flight,
    // up to 2 MiB in all; a result that held a big file is freed.
    std::vector<std::unique_ptr<FileResult>> spare;
    std::size_t spareBytes = 0;
    constexpr std::size_t kMaxSpareBytes = std::size_t(2) << 20;
    constexpr std::size_t kMaxSpareResultBytes = std::size_t(1) << 20;

    auto worker = [&] {
        LogReader reader(limits);
        reader.setHashing(options.hashFiles);
        reader.setKeptFields(options.details, options.credentials);
        for (;;) {
            std::size_t index;
            std::unique_ptr<FileResult> result;
            {
                std::lock_guard lock(mutex);
                if (nextToRead >= fileCount || isCancelled())
                    return;
                index = nextToRead++;
                if (!spare.empty()) {
                    result = std::move(spare.back());
                    spare.pop_back();
                    spareBytes -= std::min(spareBytes, result->memoryBytes());
                }
            }
            if (!result)
                result = std::make_unique<FileResult>();
            reader.read(found.files[static_cast<qsizetype>(index)], *result);
            p.bytesDone += result->diskBytes;
            p.events += result->events.size();
            ++p.filesDone;

            std::unique_lock lock(mutex);
            ready[index] = std::move(result);
            if (merging)
                continue; // whoever is merging will pick this one up
            merging = true;
            while (nextToMerge < fileCount && ready[nextToMerge]) {
                std::unique_ptr<FileResult> r = std::move(ready[nextToMerge]);
                const std::size_t mergeIndex = nextToMerge++;
                lock.unlock();
                const std::size_t firstEvent = store->events.size();
                mergeFile(*store, keys, *r, static_cast<std::uint32_t>(mergeIndex), options);
                if (options.onMerged)
                    options.onMerged(*store, firstEvent);
                if (mergeIndex + 1 == kFilesBeforeEstimate)
                    reserveEstimate(*store, keys, found.totalBytes, options);
                // Freed outside the lock when it held a big file; LogReader::read empties a kept one.
                const std::size_t bytes = r->memoryBytes();
                if (bytes > kMaxSpareResultBytes)
                    r.reset();
                lock.lock();
                if (r && spareBytes + bytes <= kMaxSpareBytes) {
                    spare.push_back(std::move(r));
                    spareBytes += bytes;
                }
            }
            merging = false;
        }
    };

    std::vector<std::thread> pool;
    for (int i = 1; i < threads; ++i)
        pool.emplace_back(worker);
    worker();
    for (auto& t : pool)
        t.join();

    store->cancelled = isCancelled();
    return store;
}

namespace {

QString plural(std::uint64_t n, const char* one, const char* many)
{
    return QString::number(n) + u' ' + QLatin1String(n == 1 ? one : many);
}

// "a.log, b.log and 3 more": enough to recognise the files, never a wall of paths.
QString someNames(const std::vector<LoadProblem>& items, std::uint64_t total)
{
    constexpr std::size_t kShown = 3;
    QStringList names;
    for (std::size_t i = 0; i < items.size() && i < kShown; ++i)
        names << QFileInfo(items[i].path).fileName();
    QString text = names.join(QLatin1String(", "));
    if (total > std::uint64_t(names.size()))
        text += QStringLiteral(" and %1 more").arg(qulonglong(total - std::uint64_t(names.size())));
    return text;
}

} // namespace

QString describeNothingRead(const EventStore& store, const QStringList& inputs)
{
    // A problem of a path that is no file of the load: it does not exist, is no regular file or
    // could not be listed. With the unreadable files, those are what failed.
    QSet<QString> files;
    for (const SourceFile& f : store.files)
        files.insert(f.path);
    std::uint64_t notFound = 0;
    const LoadProblem* firstFailure = nullptr;
    for (const LoadProblem& p : store.problems) {
        if (!files.contains(p.path)) {
            ++notFound;
            if (!firstFailure)
                firstFailure = &p;
        }
    }
    if (!firstFailure && store.counts.unreadable > 0 && !store.problems.empty())
        firstFailure = &store.problems.front();
    const std::uint64_t failedCount = store.counts.unreadable + notFound;

    QStringList where;
    for (const QString& input : inputs)
        where << QDir::toNativeSeparators(input);
    QStringList parts;
    const std::uint64_t byName = store.counts.skippedByName;
    parts << (byName == 0
                  ? QStringLiteral("no file skipped by its name")
                  : QStringLiteral("%1 skipped by %2 name (%3)")
                        .arg(plural(byName, "file", "files"), QLatin1String(byName == 1 ? "its" : "their"),
                             someNames(store.skippedFiles, byName)));
    QString failedText = QStringLiteral("%1 failed").arg(failedCount);
    if (failedCount > 0 && firstFailure)
        failedText +=
            QStringLiteral(" (%1: %2)").arg(QFileInfo(firstFailure->path).fileName(), firstFailure->message);
    parts << failedText;
    const std::uint64_t emptyFiles = store.counts.files - store.counts.unreadable;
    if (emptyFiles > 0)
        parts << QStringLiteral("%1 without a readable event").arg(plural(emptyFiles, "file", "files"));
    if (store.counts.skipped > 0)
        parts << QStringLiteral("%1 skipped (digest or Insight)")
                     .arg(plural(store.counts.skipped, "file", "files"));
    return QStringLiteral("No CloudTrail events were read from %1: %2")
        .arg(where.join(QLatin1String(", ")), parts.join(QLatin1String(", ")));
}

QString nothingReadAdvice(const EventStore& store)
{
    QStringList advice;
    if (store.counts.skippedByName > 0)
        advice << QStringLiteral(
            "In folders only files named *.json, *.jsonl or *.ndjson (optionally .gz) are "
            "read; a file opened by its own path is read whatever its name.");
    if (store.counts.unreadable > 0 || !store.problems.empty())
        advice << QStringLiteral("Each file that failed is listed with the reason.");
    if (advice.isEmpty())
        advice << QStringLiteral(
            "Check that the path holds CloudTrail logs (the S3 AWSLogs folder or an export).");
    return advice.join(u' ');
}

} // namespace tw
