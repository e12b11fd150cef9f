#include "loader.h"

#include "discovery.h"

#include <QThread>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

namespace tw {

namespace {

// Open-addressing set of 64-bit keys (0 is the empty slot): 8 bytes a key at half load, where a
// node-based std::unordered_set would take ~40.
class KeySet
{
public:
    bool insert(std::uint64_t key)
    {
        if ((m_size + 1) * 2 > m_slots.size())
            grow();
        const std::size_t mask = m_slots.size() - 1;
        for (std::size_t i = key & mask;; i = (i + 1) & mask) {
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
    void grow()
    {
        std::vector<std::uint64_t> old = std::move(m_slots);
        m_slots.assign(std::max<std::size_t>(1024, old.size() * 2), 0);
        m_size = 0;
        for (auto k : old)
            if (k)
                insert(k);
    }
    std::vector<std::uint64_t> m_slots;
    std::size_t m_size = 0;
};

// Moves one file's events into the store, remapping its string ids and dropping duplicates.
void mergeFile(EventStore& store, KeySet& keys, FileResult& r, std::uint32_t fileIndex)
{
    SourceFile& source = store.files[fileIndex];
    source.bytes = static_cast<qint64>(r.diskBytes);
    source.contentBytes = static_cast<qint64>(r.contentBytes);
    source.compressed = r.compressed;
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

    std::vector<std::uint32_t> remap(r.strings.size());
    for (std::uint32_t id = 1; id < r.strings.size(); ++id)
        remap[id] = store.strings.intern(r.strings.view(id));

    const EventColumns& in = r.events;
    EventColumns& out = store.events;
    std::uint64_t kept = 0;
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (r.dedupKeys[i] != 0 && !keys.insert(r.dedupKeys[i])) {
            ++store.counts.duplicates;
            continue;
        }
        out.time.push_back(in.time[i]);
        out.userTa7.push_back(remap[in.userTa7[i]]);
        out.userLegacy.push_back(remap[in.userLegacy[i]]);
        out.eventName.push_back(remap[in.eventName[i]]);
        out.eventSource.push_back(remap[in.eventSource[i]]);
        out.region.push_back(remap[in.region[i]]);
        out.account.push_back(remap[in.account[i]]);
        out.sourceIp.push_back(remap[in.sourceIp[i]]);
        out.userAgent.push_back(remap[in.userAgent[i]]);
        out.identityType.push_back(remap[in.identityType[i]]);
        out.errorCode.push_back(remap[in.errorCode[i]]);
        out.file.push_back(fileIndex);
        out.offset.push_back(in.offset[i]);
        out.length.push_back(in.length[i]);
        out.flags.push_back(in.flags[i]);
        out.principal.push_back(in.principal[i]);
        out.principalDetail.push_back(remap[in.principalDetail[i]]);
        ++kept;
    }
    source.events = kept;
    store.counts.events += kept;
}

// Growing the columns by doubling would leave up to half of them unused and, while a column is
// copied, hold it twice. Once a few files are in, the events per byte on disk are known well enough
// to size the columns for the whole load in one step.
constexpr std::size_t kFilesBeforeEstimate = 8;

void reserveEstimate(EventStore& store, std::uint64_t totalBytes)
{
    if (store.counts.bytes == 0 || store.counts.events == 0)
        return;
    const double perByte = double(store.counts.events) / double(store.counts.bytes);
    store.events.reserve(static_cast<std::size_t>(perByte * double(totalBytes) * 1.02) + 1024);
}

} // namespace

std::shared_ptr<EventStore> loadEvents(const QStringList& inputs, const LoadOptions& options,
                                       LoadProgress* progress, const std::atomic_bool* cancel)
{
    auto store = std::make_shared<EventStore>();
    const Discovery found = discoverInputs(inputs);
    store->problems = found.problems;
    store->counts.skipped = found.skipped;
    for (const QString& path : found.files)
        store->files.push_back({path, 0, 0, false, 0});

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
    std::vector<std::optional<FileResult>> ready(fileCount);
    std::size_t nextToRead = 0;
    std::size_t nextToMerge = 0;
    bool merging = false;
    KeySet keys;

    auto isCancelled = [cancel] { return cancel && cancel->load(std::memory_order_relaxed); };

    auto worker = [&] {
        LogReader reader(options.limits);
        for (;;) {
            std::size_t index;
            {
                std::lock_guard lock(mutex);
                if (nextToRead >= fileCount || isCancelled())
                    return;
                index = nextToRead++;
            }
            FileResult result =
                reader.read(found.files[static_cast<qsizetype>(index)], static_cast<std::uint32_t>(index));
            p.bytesDone += result.diskBytes;
            p.events += result.events.size();
            ++p.filesDone;

            std::unique_lock lock(mutex);
            ready[index] = std::move(result);
            if (merging)
                continue; // whoever is merging will pick this one up
            merging = true;
            while (nextToMerge < fileCount && ready[nextToMerge]) {
                FileResult r = std::move(*ready[nextToMerge]);
                ready[nextToMerge].reset();
                const std::size_t mergeIndex = nextToMerge++;
                lock.unlock();
                mergeFile(*store, keys, r, static_cast<std::uint32_t>(mergeIndex));
                if (mergeIndex + 1 == kFilesBeforeEstimate)
                    reserveEstimate(*store, found.totalBytes);
                lock.lock();
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

} // namespace tw
