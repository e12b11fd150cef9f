#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Peak memory (max RSS) of `scan --output` per report format for N findings (N events by N
# distinct users, bench/gen_distinct_users.py). csv-raw is the floor: the load and the detection
# with no per-finding report detail. Usage:
#   bench/report_memory.sh [CLI] [N...]     e.g. bench/report_memory.sh build/dev/app/trailwarden-cli 200000 1000000
# Generated data goes to ${TMPDIR:-/tmp}/tw-report-memory and is not committed.
set -eu
cli=${1:-build/dev/app/trailwarden-cli}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- 200000
here=$(dirname "$0")
dir=${TMPDIR:-/tmp}/tw-report-memory
mkdir -p "$dir"
for n in "$@"; do
    input="$dir/users$n.jsonl"
    [ -s "$input" ] || python3 "$here/gen_distinct_users.py" "$n" "$input"
    for format in csv-raw csv json md html; do
        /usr/bin/time -f '%M %e' -o "$dir/time" "$cli" scan --quiet --no-hash --format "$format" \
            --output "$dir/report" "$input" || true
        read -r kib secs <"$dir/time"
        printf '%8s findings  %-8s  peak %8s KiB  %6s s  %10s bytes\n' "$n" "$format" "$kib" "$secs" \
            "$(stat -c %s "$dir/report")"
    done
done
