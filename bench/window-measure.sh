#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The window at scale (issue 16): `trailwarden --measure` on a generated data set, alternating
# between the programs given (before / after a change), RUNS times each, under Xvfb.
#
#   bench/window-measure.sh DATA_DIR RUNS PROGRAM [PROGRAM...]
#   e.g. bench/window-measure.sh /work/data/1m 3 /tmp/before/trailwarden build/release/app/trailwarden
#
# DATA_DIR as ../shared/bench/gen_cloudtrail.py writes it (AWSLogs/ and lookups/), or an engine
# result file (bench/gen_engine_result.py 100000 FILE), imported with an approved list of one entry
# in a temporary folder. Each run prints
# --measure's lines: gui-load-ms and max-ui-stall-ms (from the load's start until the findings, sorted,
# and the Activity Timeline's charts are shown), sort-findings-ms and sort-findings-max-ui-stall-ms
# (a click on the Count header until the rows are in its order), select-first-events-ms (selecting
# the busiest finding, coming from the quietest, until its first events are in the table),
# select-all-events-ms, select-timeline-ms,
# select-max-ui-stall-ms, sort-events-ms and sort-max-ui-stall-ms (sorting that finding's events by
# eventName), then approve-max-ui-stall-ms, undo-max-ui-stall-ms, redo-max-ui-stall-ms and
# revoke-max-ui-stall-ms (the first finding approved into a copy of the list, undone, redone,
# revoked, each until its re-run is in the table and the views have followed). Use a release build
# and a quiet machine; the figures are wall-clock times.
set -euo pipefail
if [[ $# -lt 3 ]]; then
    sed -n '3,21p' "$0" >&2
    exit 2
fi
data=$1
runs=$2
shift 2
if [[ -f $data ]]; then
    lists=$(mktemp -d)
    trap 'rm -rf "$lists"' EXIT
    printf 'identity\nuser-0000001\n' > "$lists/approved.csv"
    args=(--approved "$lists/approved.csv" "$data")
else
    args=(--approved "$data/lookups/aws_service_accounts.csv"
        --identities "$data/lookups/identity_lookup_expanded.csv" "$data/AWSLogs")
fi
for ((i = 1; i <= runs; i++)); do
    for program in "$@"; do
        echo "== run $i: $program"
        xvfb-run -a -s '-screen 0 1600x1000x24' "$program" --measure "${args[@]}"
    done
done
