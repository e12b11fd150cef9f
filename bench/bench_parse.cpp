// SPDX-License-Identifier: GPL-3.0-or-later
// The JSON stage alone: parse (records, fields, field rules, interning) of files already inflated
// into memory, on one thread, so that a change to jsonshapes.cpp or fieldrules.cpp is measured
// without the noise of reading, inflating and the other thread. Prints the fastest of RUNS passes.
//
//   build/release/bench/bench_parse DATA_DIR [FILES] [RUNS] [window]
//
// DATA_DIR as ../shared/bench/gen_cloudtrail.py writes it; the first FILES (default 300) log files
// in name order are read. The fields kept are a scan's (no details, no credentials), or the
// window's (all of them) when the fourth argument is `window`.

#include "core/ingest/filecontent.h"
#include "core/ingest/jsonshapes.h"
#include "core/ingest/logreader.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QStringList>

#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

using namespace tw;

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_parse DATA_DIR [FILES] [RUNS]\n");
        return 2;
    }
    const QString dir = QString::fromLocal8Bit(argv[1]);
    const int maxFiles = argc > 2 ? std::atoi(argv[2]) : 300;
    const int runs = argc > 3 ? std::atoi(argv[3]) : 7;
    const bool window = argc > 4 && std::string_view(argv[4]) == "window";

    QStringList paths;
    QDirIterator it(dir, {QStringLiteral("*.json.gz"), QStringLiteral("*.json")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (!isSkippedPath(path))
            paths.append(path);
    }
    paths.sort();
    if (paths.size() > maxFiles)
        paths.erase(paths.begin() + maxFiles, paths.end());

    // Each file's content with the padding the parser reads past its end.
    std::vector<std::string> contents;
    std::uint64_t contentBytes = 0;
    ContentReader reader{ReadLimits{}};
    for (const QString& path : paths) {
        FileContent file;
        QString error;
        if (!reader.load(path, file, error)) {
            std::fprintf(stderr, "%s: %s\n", qPrintable(path), qPrintable(error));
            return 1;
        }
        std::string buffer(file.content);
        contentBytes += buffer.size();
        buffer.resize(buffer.size() + kContentPadding, '\0');
        contents.push_back(std::move(buffer));
    }

    JsonShapes shapes;
    shapes.setKeptFields(window, window);
    FileResult result;
    qint64 best = -1;
    std::uint64_t events = 0;
    for (int run = 0; run < runs; ++run) {
        events = 0;
        QElapsedTimer timer;
        timer.start();
        for (const std::string& buffer : contents) {
            result.clear();
            const std::string_view content(buffer.data(), buffer.size() - kContentPadding);
            shapes.parse(content, buffer.size(), false, result);
            events += result.events.time.size();
        }
        const qint64 ns = timer.nsecsElapsed();
        best = best < 0 ? ns : std::min(best, ns);
    }
    std::printf(
        "%s fields: %lld files, %llu events, %.1f MB of JSON: fastest of %d passes %.1f ms = %.1f ns/event, "
        "%.0f MB/s\n",
        window ? "window's" : "scan's", static_cast<long long>(contents.size()),
        static_cast<unsigned long long>(events), double(contentBytes) / 1e6, runs, double(best) / 1e6,
        double(best) / double(events), double(contentBytes) / 1e6 / (double(best) / 1e9));
    return events > 0 ? 0 : 1;
}
