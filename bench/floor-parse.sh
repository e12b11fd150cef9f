#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The JSON stage against the floor's: the floor's own parse loop (../shared/bench/floor,
# parse_file: On-Demand, the few fields the findings need, counted per user) and bench_parse
# (records, every field a scan keeps, field rules, interning into a file's result), each on one
# thread over the same first FILES files already inflated in memory, taking turns, fastest of RUNS
# passes each. What is left between the floor's whole run and a scan is then the rest: the
# manifest's hashes, the merge and the store kept for drill-down, the detection and the report.
#
#   bench/floor-parse.sh DATA_DIR [FILES] [RUNS] [ROUNDS]
#
# Builds the floor's loop into a temporary folder with the floor's Makefile flags (-O2); build the
# release preset's bench_parse first ($BENCH_PARSE, default build/release/bench/bench_parse).
set -euo pipefail
cd "$(dirname "$0")/.."

data=${1:?usage: bench/floor-parse.sh DATA_DIR [FILES] [RUNS] [ROUNDS]}
files=${2:-300}
runs=${3:-7}
rounds=${4:-3}
floor_src=$(realpath "${FLOOR_SRC:-../shared/bench/floor}")
bench_parse=${BENCH_PARSE:-build/release/bench/bench_parse}
[ -f "$floor_src/detect_simdjson.cpp" ] || { echo "no floor sources at $floor_src" >&2; exit 2; }
[ -x "$bench_parse" ] || { echo "no $bench_parse: build the release preset's bench_parse" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The floor's program with its main renamed, and a main that times parse_file alone.
cat >"$work/floor_parse.cpp" <<'EOF'
#include <algorithm>
#include <chrono>
#include <cstdio>
#define main floor_main
#include "detect_simdjson.cpp"
#undef main
int main(int argc, char** argv) {
  auto files = ct::list_log_files(argv[1]);
  files.resize(std::min(files.size(), std::size_t(std::atoi(argv[2]))));
  const int runs = std::atoi(argv[3]);
  ct::Loader loader(false);
  std::vector<ct::Buf> contents(files.size());
  std::vector<size_t> sizes(files.size());
  for (size_t i = 0; i < files.size(); ++i) sizes[i] = loader.load(files[i], contents[i], SIMDJSON_PADDING);
  double best = 1e300;
  uint64_t events = 0;
  for (int r = 0; r < runs; ++r) {
    ondemand::parser parser;
    ct::Agg agg;
    auto t0 = std::chrono::steady_clock::now();
    for (size_t i = 0; i < files.size(); ++i)
      parse_file(parser, contents[i].data(), sizes[i], sizes[i] + SIMDJSON_PADDING, agg, files[i]);
    best = std::min(best, std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count());
    events = agg.events;
  }
  std::printf("floor's parse_file: %zu files, %llu events: fastest of %d passes %.1f ms = %.1f ns/event\n",
              files.size(), static_cast<unsigned long long>(events), runs, best / 1e6, best / double(events));
}
EOF
g++ -O2 -std=c++20 -Wno-return-type -I"$floor_src" -o "$work/floor_parse" "$work/floor_parse.cpp" -lsimdjson -lpthread -ldeflate -lz

echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
floor=() ours=()
for ((i = 1; i <= rounds; i++)); do
    f=$("$work/floor_parse" "$data" "$files" "$runs")
    o=$("$bench_parse" "$data" "$files" "$runs")
    echo "  $f"
    echo "  bench_parse $o"
    floor+=("$(sed -E 's/.* ([0-9.]+) ns\/event.*/\1/' <<<"$f")")
    ours+=("$(sed -E 's/.* ([0-9.]+) ns\/event.*/\1/' <<<"$o")")
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
fm=$(printf '%s\n' "${floor[@]}" | median) om=$(printf '%s\n' "${ours[@]}" | median)
printf 'median: floor %.1f ns/event, TrailWarden %.1f ns/event: %.2fx\n' "$fm" "$om" "$(awk "BEGIN {print $om / $fm}")"
