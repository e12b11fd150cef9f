#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark: `trailwarden-cli scan --format json` on the generated 1M-event S3 data set.
#
#   bench/run-benchmark.sh [DATA_DIR] [RUNS]
#
# DATA_DIR (default /tmp/trailwarden-bench-1m) is created with the shared generator when absent;
# generated data is never committed. Prints wall time and peak RSS per run (GNU time), then the
# median, next to a baseline measured in the same session on the same files: `gzip -dc` of every
# log file to /dev/null on 2 processes (decompression alone, the part no parser can skip).
set -euo pipefail
cd "$(dirname "$0")/.."

data=${1:-/tmp/trailwarden-bench-1m}
runs=${2:-5}
records=${RECORDS:-1000000}
generator=${GENERATOR:-../shared/bench/gen_cloudtrail.py}
cli=${CLI:-build/release/app/trailwarden-cli}

if [ ! -d "$data/AWSLogs" ]; then
    echo "Generating $records events into $data ..." >&2
    python3 "$generator" --records "$records" --seed 1 --out "$data" --jobs "$(nproc)" >&2
fi
if [ ! -x "$cli" ]; then
    cmake --preset release >&2
    cmake --build --preset release --target trailwarden-cli >&2
fi
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

measure() { # label, command...
    local label=$1
    shift
    local stats walls=() rss=()
    stats=$(mktemp)
    for ((i = 1; i <= runs; i++)); do
        /usr/bin/time -o "$stats" -f "%e %M" "$@" >/dev/null 2>&1
        read -r wall kb <"$stats"
        walls+=("$wall")
        rss+=("$kb")
        printf '  %-10s run %d: %6.2f s wall, %7.1f MB peak RSS\n' "$label" "$i" "$wall" "$(awk "BEGIN {print $kb/1024}")"
    done
    rm -f "$stats"
    printf '%-10s median: %.2f s wall, %.1f MB peak RSS\n' "$label" "$(printf '%s\n' "${walls[@]}" | median)" \
        "$(awk "BEGIN {print $(printf '%s\n' "${rss[@]}" | median)/1024}")"
}

lookups="$data/lookups"
files=$(find "$data/AWSLogs" -name '*.json.gz' -not -path '*CloudTrail-Digest*' | wc -l)
bytes=$(find "$data/AWSLogs" -name '*.json.gz' -not -path '*CloudTrail-Digest*' -printf '%s\n' | awk '{s+=$1} END {print s}')
echo "data: $data ($files log files, $((bytes / 1024 / 1024)) MB gzipped), $(nproc) cores, $runs runs each"
measure baseline sh -c "find '$data/AWSLogs' -name '*.json.gz' -not -path '*CloudTrail-Digest*' -print0 | xargs -0 -P 2 -n 64 gzip -dc"
measure scan "$cli" scan --format json --approved "$lookups/aws_service_accounts.csv" \
    --identities "$lookups/identity_lookup_expanded.csv" "$data/AWSLogs"
