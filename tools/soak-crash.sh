#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The crash-safety soak: tst_crashsafety with many more SIGKILLs than the suite's 200.
#
#   tools/soak-crash.sh [ITERATIONS] [SEED]      (defaults: 500, 20261128)
#
# Uses an existing build (BUILD_DIR, default build/dev, e.g. build/asan to soak under the
# sanitizers) and builds only the test and trailwarden-cli in it. Each iteration starts
# `trailwarden-cli approve` on a 30,000-row CSV, kills it with SIGKILL at a random moment of a
# measured run, and checks the file is the complete old or new version and that every approval the
# process reported is still there. A failure names the iteration and seed to replay it.
set -euo pipefail
cd "$(dirname "$0")/.."

iterations=${1:-500}
seed=${2:-20261128}
build=${BUILD_DIR:-build/dev}
[ -f "$build/CMakeCache.txt" ] || { echo "soak-crash.sh: configure $build first (cmake --preset dev)" >&2; exit 2; }
cmake --build "$build" -j "${BUILD_JOBS:-2}" --target tst_crashsafety trailwarden-cli

start=$(date +%s)
status=0
TRAILWARDEN_CRASH_ITERATIONS=$iterations TRAILWARDEN_CRASH_SEED=$seed \
    "$build/tests/tst_crashsafety" sigkillDuringApprovals twoProcessesApproveAtOnce || status=$?
echo "soak: $iterations SIGKILLed approvals (seed $seed) in $(($(date +%s) - start)) s: $([ $status -eq 0 ] && echo passed || echo FAILED)"
exit $status
