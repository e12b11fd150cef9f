#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the Linux packages of TrailWarden and proves they work once installed.
#
#   installers/ci-package.sh BUILD_DIR
#
# 1. configures a Release build in BUILD_DIR and builds it (tests are not built: the package does
#    not contain them, and the test suite has its own CI step);
# 2. runs cpack -G DEB and -G TGZ into BUILD_DIR/packages;
# 3. validates the .desktop file, the AppStream metainfo (alone, and together with the .desktop file
#    and icon in the DEB's tree) and the man pages, and checks that the metainfo's newest release
#    is the version being packaged;
# 4. installs the DEB with apt-get (so its computed Depends must really be installable), runs the
#    installed trailwarden-cli on the installed sample data, and the installed GUI offscreen when
#    the package has it; runs the CLI from the unpacked TGZ too, which has no fixed prefix;
# 5. removes the package again (set TRAILWARDEN_KEEP_INSTALLED=1 to keep it).
#
# Needs root (apt-get), cmake, a C++ toolchain and the build dependencies (tools/setup installs
# them). The packaging tools it installs itself when missing: dpkg-dev and file (dpkg-shlibdeps,
# which computes Depends), desktop-file-utils, appstream and man-db.
# TRAILWARDEN_JOBS sets the build parallelism (default: all cores).
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 BUILD_DIR" >&2
    exit 2
fi

src_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mkdir -p "$1"
build_dir=$(cd "$1" && pwd)
pkg_dir="$build_dir/packages"
jobs=${TRAILWARDEN_JOBS:-$(nproc)}
app_id=invalid.trailwarden.TrailWarden
# Wait for another apt/dpkg run (unattended-upgrades, a parallel job) instead of failing at once.
apt_wait=(-o DPkg::Lock::Timeout=300)

step() { printf '\n==> %s\n' "$*"; }
fail() {
    printf 'ci-package: FAILED: %s\n' "$*" >&2
    exit 1
}

# The packaging tools are not build dependencies, so a fresh CI machine may lack them: install
# what is missing, the way tools/setup installs the build dependencies.
declare -A tool_package=([dpkg-shlibdeps]=dpkg-dev [file]=file [desktop-file-validate]=desktop-file-utils
    [appstreamcli]=appstream [man]=man-db)
missing=()
for tool in "${!tool_package[@]}"; do
    command -v "$tool" >/dev/null || missing+=("${tool_package[$tool]}")
done
if ((${#missing[@]})); then
    [[ $(id -u) -eq 0 ]] || fail "missing packages: ${missing[*]} (install them, or run as root)"
    step "Installing: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_wait[@]}" "${missing[@]}"
fi
for tool in cmake cpack dpkg-deb apt-get; do
    command -v "$tool" >/dev/null || fail "$tool not found"
done

step "Configure (Release) in $build_dir"
generator=()
# Keep whatever generator an existing build dir was made with; CMake refuses to switch.
if [[ ! -f "$build_dir/CMakeCache.txt" ]] && command -v ninja >/dev/null; then
    generator=(-G Ninja)
fi
# No -Werror here: a new compiler warning is the build/test step's business, not a reason to
# ship no package.
cmake -S "$src_dir" -B "$build_dir" "${generator[@]}" \
    -DCMAKE_BUILD_TYPE=Release -DTRAILWARDEN_BUILD_TESTS=OFF

step "Build (-j$jobs)"
cmake --build "$build_dir" --parallel "$jobs"

step "Package: DEB and TGZ into $pkg_dir"
# A clean output folder, so that the globs below find this run's packages and nothing older.
rm -rf "$pkg_dir"
cpack --config "$build_dir/CPackConfig.cmake" -G DEB -B "$pkg_dir"
cpack --config "$build_dir/CPackConfig.cmake" -G TGZ -B "$pkg_dir"
shopt -s nullglob
debs=("$pkg_dir"/*.deb)
tgzs=("$pkg_dir"/*.tar.gz)
shopt -u nullglob
[[ ${#debs[@]} -eq 1 ]] || fail "expected one .deb in $pkg_dir, found ${#debs[@]}"
[[ ${#tgzs[@]} -eq 1 ]] || fail "expected one .tar.gz in $pkg_dir, found ${#tgzs[@]}"
deb=${debs[0]}
tgz=${tgzs[0]}
(cd "$pkg_dir" && sha256sum --check --strict ./*.sha256)

step "Package metadata: $(basename "$deb")"
dpkg-deb --info "$deb"
depends=$(dpkg-deb --field "$deb" Depends)
[[ -n "$depends" ]] || fail "the DEB has no Depends: dpkg-shlibdeps did not run"
version=$(dpkg-deb --field "$deb" Version)
version=${version%-*} # upstream version, without the Debian revision
# Into a variable first: `dpkg-deb | grep -q` would kill dpkg-deb with SIGPIPE, which pipefail
# reports as a failure.
contents=$(dpkg-deb --contents "$deb" | awk '{print $6}')
grep -v '^\./usr/share/trailwarden/sample/AWSLogs/' <<<"$contents"
grep -qx '\./usr/share/doc/trailwarden/copyright' <<<"$contents" ||
    fail "the DEB has no /usr/share/doc/trailwarden/copyright"
has_gui=0
if grep -qx '\./usr/bin/trailwarden' <<<"$contents"; then
    has_gui=1
fi
echo "GUI in package: $has_gui"

cleanup() {
    rm -rf "$scratch"
    if [[ "${TRAILWARDEN_KEEP_INSTALLED:-0}" != 1 &&
        "$(dpkg-query -W -f='${Status}' trailwarden 2>/dev/null)" == *" installed" ]]; then
        step "Remove the package"
        DEBIAN_FRONTEND=noninteractive apt-get remove -y "${apt_wait[@]}" trailwarden
    fi
}
scratch=$(mktemp -d)
trap cleanup EXIT

step "Validate desktop entry, AppStream metainfo and man pages"
desktop-file-validate "$src_dir/installers/linux/$app_id.desktop"
echo "desktop-file-validate: OK"
appstreamcli validate --no-net "$src_dir/installers/linux/$app_id.metainfo.xml"
release=$(grep -o '<release version="[^"]*"' "$src_dir/installers/linux/$app_id.metainfo.xml" |
    head -n 1 | cut -d'"' -f2)
[[ "$release" == "$version" ]] ||
    fail "newest <release> in the metainfo is '$release', the package is '$version': add a release"
for page in "$src_dir"/installers/man/*.1; do
    # The check lintian runs: any groff warning fails.
    warnings=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 \
        man --warnings -E UTF-8 -l -Tutf8 -Z "$page" 2>&1 >/dev/null)
    [[ -z "$warnings" ]] || fail "man page $(basename "$page"): $warnings"
    echo "man page $(basename "$page"): no warnings"
done
if [[ $has_gui -eq 1 ]]; then
    # The tree as shipped: metainfo, .desktop file and icon checked together, as software centres
    # read them.
    dpkg-deb --extract "$deb" "$scratch/deb"
    appstreamcli validate-tree --no-net "$scratch/deb"
fi

step "Install the DEB with apt-get"
# --reinstall: a previous run may have left the same version installed, and apt would then keep
# that old build instead of testing this one.
(cd "$pkg_dir" && DEBIAN_FRONTEND=noninteractive apt-get install -y --reinstall "${apt_wait[@]}" "./$(basename "$deb")")
dpkg-query -W -f='installed: ${Package} ${Version}\n' trailwarden

sample=/usr/share/trailwarden/sample

# Runs a scan of the sample with both lists and checks it: exit status 0, a summary line with at
# least one finding, and the root user (the sample has root API calls) among the rows.
check_scan() {
    local cli=$1 sample_dir=$2 out rc=0
    out=$("$cli" scan --approved "$sample_dir/lookups/aws_service_accounts.csv" \
        --identities "$sample_dir/lookups/identity_lookup_expanded.csv" "$sample_dir/AWSLogs") || rc=$?
    printf '%s\n' "$out" | sed -n '1,4p;$p'
    [[ $rc -eq 0 ]] || fail "$cli scan exited with $rc"
    grep -Eq '^[1-9][0-9]* findings?;' <<<"$out" || fail "$cli scan reported no findings"
    grep -Eq '^root ' <<<"$out" || fail "$cli scan did not report the root user"
}

step "Installed trailwarden-cli"
[[ "$(command -v trailwarden-cli)" == /usr/bin/trailwarden-cli ]] || fail "trailwarden-cli is not /usr/bin/trailwarden-cli"
cli_version=$(trailwarden-cli --version)
echo "$cli_version"
[[ "$cli_version" == "trailwarden-cli $version" ]] || fail "--version printed '$cli_version'"
if [[ -f /usr/share/man/man1/trailwarden-cli.1.gz ]]; then
    man -w trailwarden-cli
elif grep -qsr 'path-exclude=/usr/share/man' /etc/dpkg/dpkg.cfg.d/; then
    # Minimal (container) images tell dpkg to drop man pages; the package still ships it.
    echo "man page not installed: dpkg is configured to exclude /usr/share/man on this machine"
else
    fail "/usr/share/man/man1/trailwarden-cli.1.gz is not installed"
fi
check_scan trailwarden-cli "$sample"
# --fail-on-findings turns findings into exit status 1: the contract cron jobs rely on. The report
# goes to a regular file: --output refuses devices such as /dev/null (an atomic replace would put a
# regular file in its place).
rc=0
trailwarden-cli scan --quiet --fail-on-findings --format json --output "$scratch/findings.json" \
    --approved "$sample/lookups/aws_service_accounts.csv" \
    --identities "$sample/lookups/identity_lookup_expanded.csv" "$sample/AWSLogs" || rc=$?
[[ $rc -eq 1 ]] || fail "scan --fail-on-findings exited with $rc, expected 1"
[[ -s "$scratch/findings.json" ]] || fail "scan --output wrote no report"
echo "scan --fail-on-findings: exit status 1 as expected"

if [[ $has_gui -eq 1 ]]; then
    step "Installed trailwarden (offscreen)"
    for f in "/usr/share/applications/$app_id.desktop" "/usr/share/metainfo/$app_id.metainfo.xml" \
        /usr/share/icons/hicolor/scalable/apps/trailwarden.svg \
        /usr/share/icons/hicolor/48x48/apps/trailwarden.png; do
        [[ -f "$f" ]] || fail "$f is not installed"
    done
    gui_version=$(QT_QPA_PLATFORM=offscreen timeout 60 trailwarden --version 2>&1) ||
        fail "trailwarden --version failed: $gui_version"
    echo "$gui_version"
    [[ "$gui_version" == *"$version"* ]] || fail "trailwarden --version does not name version $version"
else
    step "No GUI in this package: trailwarden --version skipped"
fi

step "TGZ: unpacked anywhere, the CLI runs on the sample it carries"
mkdir "$scratch/tgz"
tar -xzf "$tgz" -C "$scratch/tgz"
top=("$scratch/tgz"/*)
[[ ${#top[@]} -eq 1 && -d "${top[0]}" ]] || fail "the TGZ should hold exactly one top folder"
check_scan "${top[0]}/bin/trailwarden-cli" "${top[0]}/share/trailwarden/sample"

step "OK: $(basename "$deb") and $(basename "$tgz") built, installed and checked"
echo "Depends: $depends"
