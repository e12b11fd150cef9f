#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# What computing risk and "new since last review" adds to a scan (issue 14: at most 10% at 1M), in
# the same run, alternating, medians:
#
#   bench/risk-overhead.sh DATA_DIR [RUNS]
#
# DATA_DIR as ../shared/bench/gen_cloudtrail.py writes it (AWSLogs/ and lookups/); the CLI is
# $CLI (default build/release/app/trailwarden-cli), built first. Both runs are
# `trailwarden-cli scan --format json` with both lookups:
#   without  TRAILWARDEN_BENCH_WITHOUT_RISK=1 (no catalogue look-ups, no failed-call counts, no risk
#            rule: the findings say risk n/a) and no --review;
#   with     the risk as always, and --review FILE: FILE holds a review recorded beforehand from the
#            first day of the data only, so every finding is compared and most have something new.
# Prints per-run and median wall, CPU (user+sys) and peak RSS, and the ratio with/without.
set -euo pipefail
cd "$(dirname "$0")/.."

data=${1:?usage: bench/risk-overhead.sh DATA_DIR [RUNS]}
runs=${2:-5}
cli=${CLI:-build/release/app/trailwarden-cli}
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }
[ -x "$cli" ] || { echo "no $cli: cmake --preset release && cmake --build --preset release" \
    "--target trailwarden-cli" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
lookups="$data/lookups"
lists=(--approved "$lookups/aws_service_accounts.csv" --identities "$lookups/identity_lookup_expanded.csv")

# The review: a scan of the first day's files (their folders end in the first day's date).
mapfile -t firstDay < <(find "$data/AWSLogs" -type d -path '*/CloudTrail/*' -name "$(
    find "$data/AWSLogs" -type d -path '*/CloudTrail/*/[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]' -printf '%f\n' |
        sort | head -1)")
[ ${#firstDay[@]} -gt 0 ] || { echo "no day folders under $data/AWSLogs" >&2; exit 2; }
"$cli" scan --quiet --format json "${lists[@]}" --review "$work/review.jsonl" --record-review \
    "${firstDay[@]}" >/dev/null || [ -s "$work/review.jsonl" ] ||
    { echo "could not record the first day's review" >&2; exit 1; }

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
declare -A wall cpu rss
run() { # label, command...
    local label=$1
    shift
    /usr/bin/time -o "$work/stats" -f "%e %U %S %M" "$@" >"$work/out-$label.json" 2>/dev/null ||
        { echo "$label failed: $*" >&2; exit 1; }
    read -r w u s kb <"$work/stats"
    wall[$label]+="$w "
    cpu[$label]+="$(awk "BEGIN {print $u + $s}") "
    rss[$label]+="$kb "
    printf '  %-8s %6.2f s wall, %6.2f s CPU, %7.1f MB\n' "$label" "$w" "$(awk "BEGIN {print $u + $s}")" \
        "$(awk "BEGIN {print $kb / 1024}")"
}

echo "data: $data; $(nproc) cores; $runs runs each, alternating; review of ${#firstDay[@]} first-day folders"
for ((i = 1; i <= runs; i++)); do
    run without env TRAILWARDEN_BENCH_WITHOUT_RISK=1 "$cli" scan --format json "${lists[@]}" "$data/AWSLogs"
    run with "$cli" scan --format json "${lists[@]}" --review "$work/review.jsonl" "$data/AWSLogs"
done
grep -q '"new"' "$work/out-with.json" || { echo "the run with --review marked nothing new or old" >&2; exit 1; }

med() { printf '%s\n' $1 | median; }
ww=$(med "${wall[without]}") wc=$(med "${cpu[without]}") wr=$(med "${rss[without]}")
hw=$(med "${wall[with]}") hc=$(med "${cpu[with]}") hr=$(med "${rss[with]}")
printf 'median without: %.2f s wall, %.2f s CPU, %.1f MB\n' "$ww" "$wc" "$(awk "BEGIN {print $wr / 1024}")"
printf 'median with:    %.2f s wall, %.2f s CPU, %.1f MB\n' "$hw" "$hc" "$(awk "BEGIN {print $hr / 1024}")"
printf 'ratio with/without: %.3fx wall, %.3fx CPU (goal <= 1.10x)\n' "$(awk "BEGIN {print $hw / $ww}")" \
    "$(awk "BEGIN {print $hc / $wc}")"
