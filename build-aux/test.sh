#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test suite but the
# benchmarks: unit, display (under Xvfb with a session bus), http and pg.
set -euo pipefail
cd "$(dirname "$0")/.."
bash build-aux/build.sh
builddir=${BUILDDIR:-_build}
bash build-aux/with-display.sh meson test -C "$builddir" --print-errorlogs --no-suite bench "$@"
