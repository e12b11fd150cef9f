#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks that a speed or memory change left the results alone: runs two trailwarden-cli binaries
# (say a copy of the release CLI before the change and the one after) with the same scan as
# bench/compare-floor.sh and compares the JSON reports without their manifests (which hold the
# time of the run), then the manifests without the generation time.
#
#   bench/same-output.sh OLD_CLI NEW_CLI DATA_DIR [-- extra scan options]
set -euo pipefail

old=${1:?usage: bench/same-output.sh OLD_CLI NEW_CLI DATA_DIR [-- scan options]}
new=${2:?usage}
data=${3:?usage}
shift 3
[ "${1:-}" = "--" ] && shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

lookups="$data/lookups"
for which in old new; do
    "${!which}" scan --format json --approved "$lookups/aws_service_accounts.csv" \
        --identities "$lookups/identity_lookup_expanded.csv" "$@" "$data/AWSLogs" >"$work/$which.json" 2>/dev/null ||
        [ $? -eq 1 ] # 1: findings were reported
    python3 - "$work/$which.json" <<'PY'
import json, sys
path = sys.argv[1]
report = json.load(open(path))
manifest = report.pop("manifest", {})
manifest.pop("generated", None)
open(path + ".report", "w").write(json.dumps(report, sort_keys=True, indent=1))
open(path + ".manifest", "w").write(json.dumps(manifest, sort_keys=True, indent=1))
PY
done
status=0
cmp -s "$work/old.json.report" "$work/new.json.report" && echo "report: identical" ||
    { echo "report: DIFFERENT"; diff "$work/old.json.report" "$work/new.json.report" | head -20; status=1; }
cmp -s "$work/old.json.manifest" "$work/new.json.manifest" && echo "manifest: identical" ||
    { echo "manifest: DIFFERENT"; diff "$work/old.json.manifest" "$work/new.json.manifest" | head -20; status=1; }
exit $status
