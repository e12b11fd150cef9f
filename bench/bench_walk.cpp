// SPDX-License-Identifier: GPL-3.0-or-later
// The single-threaded parts of a load of many files (issue 16), each alone: the folder walk
// (discoverInputs) and the JSON of a manifest that lists every file found, as `scan --format json`
// writes it (the findings' document with the manifest, findings left out) and as `--manifest`
// does. Prints the fastest of RUNS passes of each.
//
// For scale it also times what no load of these files can go under: opening, reading and
// inflating every file found, on THREADS threads (default 2, as the scans), without hashing or
// parsing. With 100,000 files of one event this alone shows what a per-event goal can ask.
//
//   build/release/bench/bench_walk FOLDER [RUNS] [THREADS]

#include "core/detection/detection.h"
#include "core/ingest/discovery.h"
#include "core/ingest/eventstore.h"
#include "core/ingest/filecontent.h"
#include "core/report/report.h"
#include "core/report/reportmanifest.h"

#include <QElapsedTimer>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <thread>
#include <vector>

using namespace tw;

namespace {

// The fastest of `runs` calls of `work`, in milliseconds.
double fastest(int runs, const std::function<void()>& work)
{
    double best = 1e300;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        work();
        best = std::min(best, double(timer.nsecsElapsed()) / 1e6);
    }
    return best;
}

// Opens, reads and inflates every file on `threads` threads, each with its own reader, files
// handed out one at a time (as the load does). Returns the bytes of content, or 0 when a file
// failed.
std::uint64_t readAll(const QStringList& files, int threads)
{
    std::atomic<qsizetype> next{0};
    std::atomic<std::uint64_t> content{0};
    std::atomic<bool> failed{false};
    const ReadLimits limits;
    auto worker = [&] {
        ContentReader reader(limits);
        std::uint64_t bytes = 0;
        for (qsizetype i; (i = next.fetch_add(1)) < files.size();) {
            FileContent out;
            QString error;
            if (!reader.load(files[i], out, error)) {
                std::fprintf(stderr, "%s: %s\n", qPrintable(files[i]), qPrintable(error));
                failed = true;
            }
            bytes += out.content.size();
            reader.trim();
        }
        content += bytes;
    };
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back(worker);
    for (auto& thread : pool)
        thread.join();
    return failed ? 0 : content.load();
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_walk FOLDER [RUNS] [THREADS]\n");
        return 2;
    }
    const QString folder = QString::fromLocal8Bit(argv[1]);
    const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
    const int threads = argc > 3 ? std::max(1, std::atoi(argv[3])) : 2;

    Discovery found;
    const double walk = fastest(runs, [&] { found = discoverInputs({folder}); });
    std::printf("discoverInputs: %lld files, %.1f ms\n", static_cast<long long>(found.files.size()), walk);

    RunManifest manifest;
    manifest.inputs = {folder};
    for (const QString& path : found.files)
        manifest.files.push_back({path, 1234, {}, {}});
    const EventStore store;
    const DetectionResult result;
    std::size_t bytes = 0;
    const double json = fastest(runs, [&] {
        bytes = 0;
        writeFindingsJson(store, result, &manifest, -1, true, [&bytes](std::string_view piece) {
            bytes += piece.size();
            return true;
        });
    });
    std::printf("writeFindingsJson with the manifest: %zu bytes, %.1f ms\n", bytes, json);
    const double file = fastest(runs, [&] { bytes = manifestJson(manifest, 2).size(); });
    std::printf("manifestJson, indented: %zu bytes, %.1f ms\n", bytes, file);

    std::uint64_t content = 0;
    const double read = fastest(runs, [&] { content = readAll(found.files, threads); });
    if (content == 0)
        return 1;
    std::printf("open, read and inflate every file on %d threads: %llu bytes of content, %.1f ms = "
                "%.2f us a file\n",
                threads, static_cast<unsigned long long>(content), read,
                found.files.isEmpty() ? 0.0 : read * 1e3 / double(found.files.size()));
    return 0;
}
