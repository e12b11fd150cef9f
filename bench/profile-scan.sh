#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Where the time of `trailwarden-cli scan --format json` (both lookups, manifest hashes) goes: a
# perf profile of one run, its top symbols by self time, and the same by the ingest stage they
# belong to (read and inflate, JSON, interning, merge, detection and report, kernel).
#
#   bench/profile-scan.sh DATA_DIR [TOP] [-- extra scan options]
#
# Uses the software clock event (cpu-clock), which works where the hardware counters do not (a
# virtual machine); the figures are shares of the samples, so a loaded machine only makes them
# noisier, not wrong. Build the release CLI first ($CLI, default build/release/app/trailwarden-cli).
set -euo pipefail
cd "$(dirname "$0")/.."

data=${1:?usage: bench/profile-scan.sh DATA_DIR [TOP] [-- scan options]}
top=${2:-10}
shift $(($# >= 2 ? 2 : 1))
[ "${1:-}" = "--" ] && shift
cli=${CLI:-build/release/app/trailwarden-cli}
command -v perf >/dev/null || { echo "needs perf (apt-get install linux-perf)" >&2; exit 2; }
[ -x "$cli" ] || { echo "no $cli: build the release preset first" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
perf record -q -e cpu-clock -F 999 -g -o "$work/perf.data" -- "$cli" scan --format json \
    --approved "$data/lookups/aws_service_accounts.csv" \
    --identities "$data/lookups/identity_lookup_expanded.csv" "$@" "$data/AWSLogs" >/dev/null 2>&1 || true
# Shared object and symbol (libdeflate's are stripped, so they are known by the library alone),
# without perf's padding.
perf report -i "$work/perf.data" --no-children --sort dso,symbol --stdio 2>/dev/null |
    grep -E '^ +[0-9.]+%' | sed -E 's/ +- +- *$//; s/ +$//; s/  +/ /g' | cut -c1-150 >"$work/symbols"
echo "top $top symbols by self time:"
head -n "$top" "$work/symbols"
echo "by stage:"
awk '
    { share = $1; sub(/%/, "", share); $1 = ""; s = $0 }
    s ~ /libdeflate|deflate|libz/                                   { st["inflate (libdeflate)"] += share; next }
    s ~ /sha256|SHA256|sha_|libcrypto/                                   { st["hash (SHA-256)"] += share; next }
    # Our field reading first: its symbols name simdjson types in their arguments.
    s ~ /cli[^ ]* .*(JsonShapes|forEachField|readString|readMember|asObject)/ { st["fields, rules"] += share; next }
    s ~ /simdjson/                                             { st["JSON (simdjson)"] += share; next }
    s ~ /StringPool|intern/                                    { st["interning"] += share; next }
    s ~ /mergeFile|KeySet/                                     { st["merge, duplicates"] += share; next }
    s ~ /deriveFields|JsonShapes|parseEventTime|principalHints/ { st["fields, rules"] += share; next }
    s ~ /aggregateActivity|ActivityAggregator|runDetection|Report|report/ { st["detection, report"] += share; next }
    s ~ /\[k\]/                                                { st["kernel"] += share; next }
    s ~ /memset|memcpy|memmove|malloc|free|operator new|_int_/ { st["libc memory"] += share; next }
    { st["other"] += share }
    END { for (k in st) printf "  %6.2f%%  %s\n", st[k], k }' "$work/symbols" | sort -rn
