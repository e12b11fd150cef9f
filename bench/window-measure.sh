#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The window at scale (issue 16): `trailwarden --measure` on a generated data set, alternating
# between the programs given (before / after a change), RUNS times each, under Xvfb.
#
#   bench/window-measure.sh DATA_DIR RUNS PROGRAM [PROGRAM...]
#   e.g. bench/window-measure.sh /work/data/1m 3 /tmp/before/trailwarden build/release/app/trailwarden
#
# DATA_DIR as ../shared/bench/gen_cloudtrail.py writes it (AWSLogs/ and lookups/). Each run prints
# --measure's lines: gui-load-ms and max-ui-stall-ms (from the load's start until the findings and
# the Activity Timeline's charts are shown), select-first-events-ms (selecting the busiest finding
# until its first events are in the table), select-all-events-ms, select-timeline-ms,
# select-max-ui-stall-ms, sort-events-ms and sort-max-ui-stall-ms (sorting that finding's events by
# eventName). Use a release build and a quiet machine; the figures are wall-clock times.
set -euo pipefail
if [[ $# -lt 3 ]]; then
    sed -n '3,14p' "$0" >&2
    exit 2
fi
data=$1
runs=$2
shift 2
for ((i = 1; i <= runs; i++)); do
    for program in "$@"; do
        echo "== run $i: $program"
        xvfb-run -a -s '-screen 0 1600x1000x24' "$program" --measure \
            --approved "$data/lookups/aws_service_accounts.csv" \
            --identities "$data/lookups/identity_lookup_expanded.csv" "$data/AWSLogs"
    done
done
