#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a source file does not carry the project's licence identifier in its first lines.
#
#   tools/check-spdx.sh [SOURCE_DIR]
#
# Source files: *.cpp *.h *.sh *.py *.cmake and CMakeLists.txt under the code folders, and the
# scripts without an extension (tools/setup, .ci/run). tests/data holds fixtures, not source.
# Runs as the ctest `spdx_headers`, so a file added without the header fails the suite.
set -euo pipefail
cd "${1:-$(dirname "${BASH_SOURCE[0]}")/..}"

want='SPDX-License-Identifier: GPL-3.0-or-later'
dirs=()
for d in core ui app tests fuzz bench tools installers; do
    [[ -d $d ]] && dirs+=("$d")
done
missing=()
checked=0
while IFS= read -r -d '' file; do
    checked=$((checked + 1))
    # The first 5 lines: after a shebang or an XML declaration, never buried further down.
    head -n 5 -- "$file" | grep -qF -- "$want" || missing+=("$file")
done < <(
    find "${dirs[@]}" -path tests/data -prune -o -type f \( -name '*.cpp' -o -name '*.h' -o -name '*.sh' \
        -o -name '*.py' -o -name '*.cmake' -o -name CMakeLists.txt \) -print0
    for f in CMakeLists.txt tools/setup .ci/run; do
        [[ -f $f ]] && printf '%s\0' "$f"
    done
)
if ((${#missing[@]})); then
    printf '%s files lack "// %s" (or "# ..." in scripts and CMake) in their first lines:\n' \
        "${#missing[@]}" "$want" >&2
    printf '  %s\n' "${missing[@]}" | sort >&2
    exit 1
fi
echo "spdx: all $checked source files carry $want"
