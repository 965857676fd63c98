#!/usr/bin/env bash
# Installs what is missing, builds, and starts Licence Desk on the desk's
# embedded store (~/.local/share/licence-desk/store.sqlite unless --store PATH).
# Extra arguments go to licence-desk, e.g. --store /tmp/demo.sqlite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash build-aux/build.sh
builddir=${BUILDDIR:-_build}
# Run from the build folder: the settings schema is compiled there.
export GSETTINGS_SCHEMA_DIR="$PWD/$builddir/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"
exec "$builddir/src/app/licence-desk" "$@"
