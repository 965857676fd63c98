#!/usr/bin/env bash
# Runs a command with a virtual X display and its own session D-Bus, as the
# display tests need (GTK windows and the AT-SPI accessibility bus).
set -euo pipefail
if [ -z "${LD_INSIDE_DISPLAY:-}" ]; then
  export LD_INSIDE_DISPLAY=1
  exec xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" dbus-run-session -- "$0" "$@"
fi
# Accessibility must be switched on for GTK to expose its tree over AT-SPI.
export GTK_A11Y=atspi
exec "$@"
