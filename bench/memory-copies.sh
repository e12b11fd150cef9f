#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Peak memory of `trailwarden-cli scan --format json` (both lookups, hashes) on N copies of a data
# set whose eventIDs carry a per-copy prefix, so that no copy is a duplicate of another: ten copies
# of the 1M set stand for a 10M-event load when the generated 10M set is not there (issue 16: at
# most 64 bytes an event at 10M). The copies are plain .json (gzip would take longer than the
# runs), so only the memory compares with gzipped data, not the time. The copies share the
# original's access keys, sessions and strings: a real set of N times the events has more of
# those.
#
#   bench/memory-copies.sh DATA_DIR N [WORK_DIR]      e.g. bench/memory-copies.sh /work/data/1m 10
#
# Copies go to WORK_DIR (default ${TMPDIR:-/tmp}/tw-memory-copies, ~1.5 GB each for the 1M set)
# and are kept for the next run; the CLIs are $CLIS (default build/release/app/trailwarden-cli),
# run once each, one after the other, with the load average printed beside them.
set -euo pipefail
cd "$(dirname "$0")/.."

data=${1:?usage: bench/memory-copies.sh DATA_DIR N [WORK_DIR]}
copies=${2:?usage: bench/memory-copies.sh DATA_DIR N [WORK_DIR]}
work=${3:-${TMPDIR:-/tmp}/tw-memory-copies}
read -r -a clis <<<"${CLIS:-build/release/app/trailwarden-cli}"
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }

inputs=()
for ((k = 0; k < copies; k++)); do
    out="$work/c$k"
    if [ ! -f "$out.done" ]; then
        echo "making copy $k in $out" >&2
        (cd "$data/AWSLogs" && find . -path '*/CloudTrail/*' -name '*.json.gz' -print0) |
            while IFS= read -r -d '' f; do
                mkdir -p "$out/AWSLogs/$(dirname "$f")"
                gzip -dc "$data/AWSLogs/$f" | sed "s/\"eventID\":\"/\"eventID\":\"c$k-/g" >"$out/AWSLogs/${f%.gz}"
            done
        touch "$out.done"
    fi
    inputs+=("$out/AWSLogs")
done

lookups="$data/lookups"
stats=$(mktemp)
report=$(mktemp)
trap 'rm -f "$stats" "$report"' EXIT
for cli in "${clis[@]}"; do
    echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    /usr/bin/time -o "$stats" -f "%e %U %S %M" "$cli" scan --format json \
        --approved "$lookups/aws_service_accounts.csv" --identities "$lookups/identity_lookup_expanded.csv" \
        "${inputs[@]}" >"$report" 2>/dev/null || [ $? -eq 1 ]
    read -r w u s kb <"$stats"
    events=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifest"]["events"]["read"])' "$report")
    printf '%s: %s events, %.1f MB peak RSS, %.1f B an event; %s s wall, %s s user, %s s sys\n' "$cli" \
        "$events" "$(awk "BEGIN {print $kb / 1024}")" "$(awk "BEGIN {print $kb * 1024 / $events}")" "$w" "$u" "$s"
done
