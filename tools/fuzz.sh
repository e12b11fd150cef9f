#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the libFuzzer targets with Clang (build/fuzz) and runs each for SECONDS (default 60), one
# after the other, with seed corpora made here from tests/data. Prints executions and crashes per
# target; exits 1 when any target found a crash, leak, timeout or out-of-memory input.
#
#   tools/fuzz.sh [SECONDS] [TARGET...]      TARGET: fuzz_logreader fuzz_csvtable fuzz_timeutil
#
# The corpus a run grows is kept in build/fuzz/corpus/<target> and reused by the next run;
# findings go to build/fuzz/artifacts/<target>/ (reproduce: build/fuzz/fuzz/<target> FILE).
# FUZZ_JOBS=N fuzzes with N processes per target (-fork=N; default 1: CI machines are shared).
# FUZZ_SEED=N fixes libFuzzer's random seed; unset, each run picks its own. A fixed seed replays a
# run only on the same file system (the seed corpus is taken in the folder's order), so a failing
# target also prints the end of its log and each input it found, in base64.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(fuzz_logreader fuzz_csvtable fuzz_timeutil)
jobs=${FUZZ_JOBS:-1}
build=build/fuzz

command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ is needed (apt-get install clang libclang-rt-14-dev)" >&2; exit 2; }

# -O1 and assertions kept (no NDEBUG): fast enough to fuzz, and a failed Q_ASSERT is a finding.
cmake -S . -B "$build" -G Ninja -Wno-dev \
    -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
    -DTRAILWARDEN_FUZZ=ON -DTRAILWARDEN_BUILD_GUI=OFF -DTRAILWARDEN_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "${FUZZ_BUILD_JOBS:-2}" --target "${targets[@]}"

# Seed corpora, rebuilt each run from tests/data so that nothing is committed twice.
seeds=$build/seeds
rm -rf "$seeds"
mkdir -p "$seeds"/fuzz_logreader "$seeds"/fuzz_csvtable "$seeds"/fuzz_timeutil
seed() { # seed DIR FILE: copy under a content-derived name, so duplicates collapse
    cp "$2" "$1/$(sha1sum "$2" | cut -c1-16)"
}
while IFS= read -r -d '' f; do seed "$seeds/fuzz_logreader" "$f"; done < <(
    find tests/data -type f \( -name '*.json' -o -name '*.jsonl' -o -name '*.ndjson' -o -name '*.gz' \) \
        -not -path '*/expected/*' -print0)
while IFS= read -r -d '' f; do seed "$seeds/fuzz_csvtable" "$f"; done < <(find tests/data -type f -name '*.csv' -print0)
# Every time string the fixtures and the time parser's own tests hold.
grep -rhoE '"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][^"]{0,40}"' tests/data tests/core/tst_timeutil.cpp | tr -d '"' | sort -u |
    while IFS= read -r t; do
        printf '%s' "$t" >"$seeds/fuzz_timeutil/$(printf '%s' "$t" | sha1sum | cut -c1-16)"
    done

declare -A maxlen=([fuzz_logreader]=32768 [fuzz_csvtable]=16384 [fuzz_timeutil]=64)
declare -A dict=([fuzz_logreader]=fuzz/logreader.dict [fuzz_csvtable]=fuzz/csvtable.dict [fuzz_timeutil]=fuzz/timeutil.dict)

# The leak check runs with threads alive; Clang 14's runtime misreads dynamic TLS and can crash in
# it unless its __tls_get_addr interceptor is off (tests/sanitizers/dynamictls.cpp).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}intercept_tls_get_addr=0"

failed=0
summary=()
for t in "${targets[@]}"; do
    corpus=$build/corpus/$t
    artifacts=$build/artifacts/$t
    mkdir -p "$corpus" "$artifacts"
    log=$build/$t.log
    start=$(date +%s)
    status=0
    # ASan's leak check runs after each input: Qt's lazily built statics are not leaks of ours,
    # so they are not suppressed here; a report names the input that leaked.
    parallel=()
    ((jobs > 1)) && parallel=(-fork="$jobs")
    "$build/fuzz/$t" -max_total_time="$seconds" -seed="${FUZZ_SEED:-0}" -print_final_stats=1 -timeout=25 -rss_limit_mb=2048 \
        -max_len="${maxlen[$t]}" -dict="${dict[$t]}" -artifact_prefix="$artifacts/" "${parallel[@]}" \
        "$corpus" "$seeds/$t" >"$log" 2>&1 || status=$?
    execs=$(grep -hoE 'stat::number_of_executed_units: *[0-9]+' "$log" | awk '{s += $2} END {print s + 0}' || true)
    crashes=$(find "$artifacts" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
        -o -name 'oom-*' \) -newermt "@$start" | wc -l || true)
    if ((status != 0 || crashes != 0)); then
        failed=1
        # What a CI log must hold to reproduce a finding elsewhere: the seed alone does not replay
        # it, because libFuzzer takes the seed corpus in the folder's order, which differs between
        # file systems. The report's end, and each input in base64 (at most max_len bytes).
        echo "--- $t: the end of $log"
        tail -n 40 "$log"
        while IFS= read -r -d '' a; do
            echo "--- $t: $(basename "$a") ($(stat -c %s "$a") bytes), base64; reproduce with"
            echo "    base64 -d >input <<'EOF' ... EOF; build/fuzz/fuzz/$t input"
            base64 -w 76 "$a"
        done < <(find "$artifacts" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
            -o -name 'oom-*' \) -newermt "@$start" -print0)
    fi
    line=$(printf '%-16s %12s execs  %3s crashes  %5ss  corpus %s files  (exit %s, log %s)' "$t" "$execs" \
        "$crashes" "$(($(date +%s) - start))" "$(find "$corpus" -type f | wc -l)" "$status" "$log")
    echo "$line"
    summary+=("$line")
done
echo
echo "fuzz summary (${seconds}s per target):"
printf '  %s\n' "${summary[@]}"
exit $failed
