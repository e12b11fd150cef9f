// SPDX-License-Identifier: GPL-3.0-or-later
// The single-threaded parts of a load of many files (issue 16), each alone: the folder walk
// (discoverInputs) and the JSON of a manifest that lists every file found, as `scan --format json`
// writes it (the findings' document with the manifest, findings left out) and as `--manifest`
// does. Prints the fastest of RUNS passes of each.
//
//   build/release/bench/bench_walk FOLDER [RUNS]

#include "core/detection/detection.h"
#include "core/ingest/discovery.h"
#include "core/ingest/eventstore.h"
#include "core/report/report.h"
#include "core/report/reportmanifest.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>

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

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_walk FOLDER [RUNS]\n");
        return 2;
    }
    const QString folder = QString::fromLocal8Bit(argv[1]);
    const int runs = argc > 2 ? std::atoi(argv[2]) : 5;

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
    return 0;
}
