#!/bin/sh
# Runs one test with a home, data, config, cache and state folder of its own,
# removed afterwards, so that no test reads or writes the machine's own
# (an installed sanctions list, a desk's store, settings). meson runs every
# test through it (add_test_setup in tests/meson.build).
set -u
top=$(mktemp -d "${TMPDIR:-/tmp}/ld-test-XXXXXX") || exit 99
for d in home data config cache state; do
  mkdir "$top/$d" || exit 99
done
export HOME="$top/home"
export XDG_DATA_HOME="$top/data"
export XDG_CONFIG_HOME="$top/config"
export XDG_CACHE_HOME="$top/cache"
export XDG_STATE_HOME="$top/state"
status=0
"$@" || status=$?
# A test may leave a folder read-only on purpose (read-only stores).
chmod -R u+rwX "$top" 2>/dev/null
rm -rf "$top"
exit "$status"
