#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Many small files: 100,000 files of one event each (as Firehose or a per-event export writes
# them) against the 1M-event set, per event, in the same run, alternating, medians. The scan runs
# under `ulimit -n 64` to show the descriptors it needs do not grow with the files.
#
#   bench/many-small-files.sh DATA_1M [SMALL_DIR] [RUNS]
#
# SMALL_DIR (default /tmp/trailwarden-bench-100k-small) is generated when absent (never commit
# it). Goal: time per event of the small files <= 3x that of the 1M set.
set -euo pipefail
cd "$(dirname "$0")/.."

big=${1:?usage: bench/many-small-files.sh DATA_1M [SMALL_DIR] [RUNS]}
small=${2:-/tmp/trailwarden-bench-100k-small}
runs=${3:-3}
generator=${GENERATOR:-../shared/bench/gen_cloudtrail.py}
# Several CLIs (before and after a change) may be named in $CLIS, separated by spaces: they take
# turns within each run, and each gets its own ratio.
read -r -a clis <<<"${CLIS:-${CLI:-build/release/app/trailwarden-cli}}"

if [ ! -d "$small/AWSLogs" ]; then
    echo "Generating 100,000 one-event files into $small ..." >&2
    python3 "$generator" --records 100000 --min-per-file 1 --max-per-file 1 --seed 2 --out "$small" \
        --jobs "$(nproc)" >&2
fi
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
stats=$(mktemp)
trap 'rm -f "$stats"' EXIT
scan() { # cli, data dir -> events and wall seconds
    local cli=$1 dir=$2
    (ulimit -n 64 && /usr/bin/time -o "$stats" -f "%e %U %S" "$cli" scan --format json --no-hash \
        --approved "$dir/lookups/aws_service_accounts.csv" "$dir/AWSLogs") >"$stats.json" 2>/dev/null
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["manifest"]["events"]["read"])' \
        "$stats.json" 2>/dev/null || echo 0
}
# Wall time and CPU time (user + system): on a busy machine the wall time says more about the
# others' load than about the scan, so both ratios are printed.
declare -A bigT smallT bigC smallC
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((i = 1; i <= runs; i++)); do
    for ((c = 0; c < ${#clis[@]}; c++)); do
        be=$(scan "${clis[c]}" "$big"); read -r w u s <"$stats"
        bigT[$c]+="$w "; bigC[$c]+="$(awk "BEGIN {print $u + $s}") "
        bw1=$w bc1=$(awk "BEGIN {print $u + $s}")
        se=$(scan "${clis[c]}" "$small"); read -r w u s <"$stats"
        smallT[$c]+="$w "; smallC[$c]+="$(awk "BEGIN {print $u + $s}") "
        printf '  run %d, cli%d: 1M set %s s (%s s CPU, %s events), small files %s s (%s s CPU, %s events)\n' \
            "$i" "$c" "$bw1" "$bc1" "$be" "$w" "$(awk "BEGIN {print $u + $s}")" "$se"
    done
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$stats.json"
for ((c = 0; c < ${#clis[@]}; c++)); do
    bw=$(printf '%s\n' ${bigT[$c]} | median) sw=$(printf '%s\n' ${smallT[$c]} | median)
    bc=$(printf '%s\n' ${bigC[$c]} | median) sc=$(printf '%s\n' ${smallC[$c]} | median)
    echo "cli$c: ${clis[c]}"
    printf '  median: 1M set %.2f s = %.2f us/event; small files %.2f s = %.2f us/event\n' "$bw" \
        "$(awk "BEGIN {print $bw * 1e6 / $be}")" "$sw" "$(awk "BEGIN {print $sw * 1e6 / $se}")"
    printf '  ratio per event: %.2fx wall, %.2fx CPU (goal <= 3x), under ulimit -n 64\n' \
        "$(awk "BEGIN {print ($sw / $se) / ($bw / $be)}")" "$(awk "BEGIN {print ($sc / $se) / ($bc / $be)}")"
done
