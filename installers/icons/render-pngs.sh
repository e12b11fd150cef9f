#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Re-renders the committed PNG icons from trailwarden.svg. The PNGs are committed (not rendered
# at build time) so that a build needs no SVG renderer; run this after editing the SVG.
# Needs rsvg-convert (Debian: librsvg2-bin).
set -eu
cd "$(dirname "$0")"
# The hicolor sizes desktops look up, plus 512 for software centres and the macOS .icns.
for size in 16 22 24 32 48 64 128 256 512; do
    rsvg-convert --width "$size" --height "$size" --keep-aspect-ratio \
        --output "trailwarden-$size.png" trailwarden.svg
done
