#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a folder includes one above it (README, "Architecture"). Includes are root-relative
# ("core/ingest/eventstore.h"), so an include names the folder it reaches into:
#
#   core/common      nothing of ours (core/version.h, generated, is a constant anyone may include)
#   core/ingest      common
#   core/lists       common
#   core/detection   common, ingest, lists
#   core/report      common, ingest, lists, detection (report/pdf is part of report)
#   core/engines     common, ingest, lists, detection
#   core/ (root)     all of core: the session facade
#   core/**          never ui/ or app/
#   ui/models, ui/dialogs   never the window, ui/mainwindow.h
#
#   tools/check-layering.sh [SOURCE_DIR]
#
# Runs as the ctest `layering`. A violation is fixed by moving code, not by widening this table.
set -euo pipefail
cd "${1:-$(dirname "${BASH_SOURCE[0]}")/..}"

# The core folders each core folder may include, besides itself.
declare -A allowed=(
    [common]=""
    [ingest]="common"
    [lists]="common"
    [detection]="common ingest lists"
    [report]="common ingest lists detection"
    [engines]="common ingest lists detection"
)

violations=()
checked=0
check() { # file, line number, included path
    local file=$1 line=$2 inc=$3 from to
    case $file in
    core/*)
        [[ $inc == core/version.h ]] && return 0
        if [[ $inc == ui/* || $inc == app/* ]]; then
            violations+=("$file:$line: includes $inc: core never includes ui/ or app/")
            return 0
        fi
        [[ $inc == core/* ]] || return 0
        from=${file#core/}
        [[ $from == */* ]] || return 0 # core's root: the facade may include all of core
        from=${from%%/*}
        to=${inc#core/}
        if [[ $to != */* ]]; then
            violations+=("$file:$line: includes $inc: core/$from may not include the facade at core/'s root")
            return 0
        fi
        to=${to%%/*}
        [[ $to == "$from" ]] && return 0
        [[ " ${allowed[$from]-} " == *" $to "* ]] && return 0
        violations+=("$file:$line: includes $inc: core/$from may include only ${allowed[$from]:-nothing of ours}")
        ;;
    ui/models/* | ui/dialogs/*)
        if [[ $inc == ui/mainwindow.h ]]; then
            violations+=("$file:$line: includes $inc: models and dialogs never include the window")
        fi
        ;;
    esac
}

while IFS= read -r -d '' file; do
    checked=$((checked + 1))
    while IFS=: read -r line inc; do
        check "$file" "$line" "$inc"
    done < <(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$file" |
        sed -E 's/^([0-9]+):[^"]*"([^"]*)".*/\1:\2/')
done < <(find core ui -type f \( -name '*.cpp' -o -name '*.h' \) -print0)

if ((${#violations[@]})); then
    printf '%s includes break the layering (README, "Architecture"):\n' "${#violations[@]}" >&2
    printf '  %s\n' "${violations[@]}" >&2
    exit 1
fi
echo "layering: the includes of $checked files in core/ and ui/ follow the table"
