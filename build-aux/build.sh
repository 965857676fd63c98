#!/usr/bin/env bash
# Installs what is missing and builds Licence Desk into _build (or $BUILDDIR).
set -euo pipefail
cd "$(dirname "$0")/.."
bash build-aux/install-deps.sh
builddir=${BUILDDIR:-_build}
if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir"
fi
meson compile -C "$builddir"
