#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# TrailWarden against the parse floor, in the same run, alternating, medians: issue 16's ratios.
#
#   bench/compare-floor.sh DATA_DIR [RUNS] [-- extra scan options, e.g. --no-hash]
#
# DATA_DIR as ../shared/bench/gen_cloudtrail.py writes it (AWSLogs/ and lookups/). The floor
# (../shared/bench/floor: libdeflate + simdjson On-Demand on two threads, only the fields the
# findings need, nothing held for a drill-down) is read from $FLOOR_OUT (default /tmp/tw-floor),
# the CLI from $CLI (default build/release/app/trailwarden-cli); build both first. Several CLIs
# (say a copy of the release CLI before a change and the one after) may be named in $CLIS,
# separated by spaces: each runs in turn after the floor, and each gets its ratios.
# The scan is `trailwarden-cli scan --format json` with both lookups and the manifest hashes.
# Prints per-run and median wall, CPU (user+sys) and peak RSS, and TrailWarden/floor ratios;
# the goal is <= 1.3x wall and CPU. Machines shared with builds are noisy: use medians of 5+. The
# ratios of each round's neighbouring runs are summarised too: on a host whose speed drifts between
# runs, their spread shows whether a ratio near the goal is within the drift.
set -euo pipefail
cd "$(dirname "$0")/.."

data=${1:?usage: bench/compare-floor.sh DATA_DIR [RUNS] [-- scan options]}
runs=${2:-5}
shift $(($# >= 2 ? 2 : 1))
[ "${1:-}" = "--" ] && shift
extra=("$@")
read -r -a clis <<<"${CLIS:-${CLI:-build/release/app/trailwarden-cli}}"
floor_out=${FLOOR_OUT:-/tmp/tw-floor}
floor_src=${FLOOR_SRC:-../shared/bench/floor}

[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }
# Builds nothing: a build beside the runs would be measured with them.
[ -x "$floor_out/detect_simdjson" ] ||
    { echo "no floor at $floor_out: make -C $floor_src OUT=$floor_out" >&2; exit 2; }
for cli in "${clis[@]}"; do
    [ -x "$cli" ] || { echo "no $cli: cmake --preset release && cmake --build --preset release" \
        "--target trailwarden-cli" >&2; exit 2; }
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
stats=$(mktemp)
trap 'rm -f "$stats"' EXIT
declare -A wall cpu rss

run() { # label, command...
    local label=$1
    shift
    /usr/bin/time -o "$stats" -f "%e %U %S %M" "$@" >/dev/null 2>&1 || { echo "$label failed: $*" >&2; exit 1; }
    read -r w u s kb <"$stats"
    wall[$label]+="$w "
    cpu[$label]+="$(awk "BEGIN {print $u + $s}") "
    rss[$label]+="$kb "
    printf '  %-8s %6.2f s wall, %6.2f s CPU, %7.1f MB\n' "$label" "$w" "$(awk "BEGIN {print $u + $s}")" \
        "$(awk "BEGIN {print $kb / 1024}")"
}

lookups="$data/lookups"
echo "data: $data; $(nproc) cores; $runs runs each, alternating; scan options: ${extra[*]:-(none)}"
for ((c = 0; c < ${#clis[@]}; c++)); do echo "tw$c: ${clis[c]}"; done
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((i = 1; i <= runs; i++)); do
    run floor "$floor_out/detect_simdjson" "$data" -j 2
    for ((c = 0; c < ${#clis[@]}; c++)); do
        run "tw$c" "${clis[c]}" scan --format json --approved "$lookups/aws_service_accounts.csv" \
            --identities "$lookups/identity_lookup_expanded.csv" "${extra[@]}" "$data/AWSLogs"
    done
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
# The generator's record count, for the bytes an event (the goal is <= 64 at 10M).
events=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["records"])' \
    "$data/gen_summary.json" 2>/dev/null || echo 0)

med() { printf '%s\n' $1 | median; }
fw=$(med "${wall[floor]}") fc=$(med "${cpu[floor]}") fr=$(med "${rss[floor]}")
printf 'median floor: %.2f s wall, %.2f s CPU, %.1f MB\n' "$fw" "$fc" "$(awk "BEGIN {print $fr / 1024}")"
for ((c = 0; c < ${#clis[@]}; c++)); do
    tw=$(med "${wall[tw$c]}") tc=$(med "${cpu[tw$c]}") tr=$(med "${rss[tw$c]}")
    printf 'median tw%d:   %.2f s wall, %.2f s CPU, %.1f MB' "$c" "$tw" "$tc" "$(awk "BEGIN {print $tr / 1024}")"
    [ "$events" -gt 0 ] && printf ' (%.1f B/event)' "$(awk "BEGIN {print $tr * 1024 / $events}")"
    printf '\n  ratio tw%d/floor: %.2fx wall, %.2fx CPU (goal <= 1.30x)\n' "$c" "$(awk "BEGIN {print $tw / $fw}")" \
        "$(awk "BEGIN {print $tc / $fc}")"
    # Each round's own ratio (the runs next to each other in time), for how far the host's drift
    # moves it: their median, and the middle half of them.
    for kind in wall cpu; do
        if [ "$kind" = wall ]; then a=${wall[tw$c]} b=${wall[floor]}; else a=${cpu[tw$c]} b=${cpu[floor]}; fi
        paste -d' ' <(printf '%s\n' $a) <(printf '%s\n' $b) | awk '{print $1 / $2}' | sort -n |
            awk -v k="$kind" '{r[NR] = $1} END {
                m = (NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2)
                lo = r[int((NR + 3) / 4)]; hi = r[NR + 1 - int((NR + 3) / 4)]
                printf "  round by round, %s: median %.2fx, middle half %.2f-%.2fx, all %.2f-%.2fx\n", k, m, lo, hi, r[1], r[NR]
            }'
    done
done
