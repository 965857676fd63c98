#!/usr/bin/env bash
# Runs a command with its own virtual X display and its own session D-Bus, as
# the display tests need (GTK windows and the AT-SPI accessibility bus).
# Xvfb picks a free display itself (-displayfd), so parallel runs never collide.
set -euo pipefail
if [ -n "${LD_INSIDE_DISPLAY:-}" ]; then
  exec "$@"
fi

fifo_dir=$(mktemp -d)
trap 'kill "$xvfb_pid" 2>/dev/null || true; rm -rf "$fifo_dir"' EXIT
mkfifo "$fifo_dir/displayfd"
# LD_SCREEN=WxH sets another screen size (1280x800 for screenshots of a small desk).
Xvfb -displayfd 3 -screen 0 "${LD_SCREEN:-1920x1080}x24" -nolisten tcp 3>"$fifo_dir/displayfd" >/dev/null 2>&1 &
xvfb_pid=$!
read -r display_number < "$fifo_dir/displayfd"
export DISPLAY=":$display_number"
export LD_INSIDE_DISPLAY=1
# GTK exposes its widgets over AT-SPI for the accessibility tests.
export GTK_A11Y=atspi
# A real Secret Service (gnome-keyring) on the session bus, for the desk's
# audit key. Its files live in this run's temporary folder, never in the
# machine's home; it is unlocked with a throwaway password (an empty one
# would ask for a password in a window). It exits with the session bus.
dbus-run-session -- bash -c '
  keyring_home="$1/keyring"; shift
  mkdir -p "$keyring_home/data" "$keyring_home/runtime"
  chmod 700 "$keyring_home/runtime"
  printf "licence-desk-tests" | XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/runtime" \
    gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null
  exec "$@"' with-display "$fifo_dir" "$@"
