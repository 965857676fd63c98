#!/usr/bin/env bash
# Installs the Debian 12 packages Licence Desk needs to build, run and test.
# Idempotent: packages already present are left alone, so it is cheap to call from every script.
set -euo pipefail

packages=(
  # build
  build-essential meson ninja-build pkg-config gettext appstream desktop-file-utils
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev libjson-glib-dev
  # reference data: ISO 3166 countries and ISO 4217 currencies with their translations
  iso-codes python3
  # storage, sync, screening, documents
  libsqlite3-dev sqlite3 libpq-dev postgresql
  libsoup-3.0-dev libxml2-dev libicu-dev
  libhpdf-dev libqrencode-dev nettle-dev libsecret-1-dev libfribidi-dev libfontconfig-dev
  # profile credentials: the Argon2id memory-hard KDF
  libargon2-dev
  # fonts: Latin, Cyrillic and Greek (Liberation, Noto), Arabic (Noto Sans Arabic), Chinese (Droid Sans
  # Fallback, WenQuanYi Zen Hei, AR PL UMing): the registers hold names in all of them, and libharu 2.3.0
  # renders these whole; the sRGB profile archival PDFs name, and poppler-glib to print the archived PDF
  fonts-liberation2 fonts-noto-core fonts-droid-fallback fonts-wqy-zenhei fonts-arphic-uming fontconfig colord-data
  libpoppler-glib-dev
  # tests: display server, session bus, accessibility, PDF inspection
  xvfb xauth dbus dbus-x11 at-spi2-core python3-dogtail python3-gi gir1.2-atspi-2.0
  poppler-utils qpdf zbar-tools gsettings-desktop-schemas adwaita-icon-theme
  # tests: a real Secret Service for the desk's audit key
  gnome-keyring libsecret-tools
  # tests: the openssl command makes a certificate authority and a server certificate at test time (TLS test)
  openssl
)

# Every script the registers hold must show as letters, not empty boxes:
# fontconfig is asked for a font with each language's letters.
check_font_coverage() {
  local lang uncovered=()
  for lang in zh-cn ar ru el; do
    fc-list ":lang=$lang" family | grep -q . || uncovered+=("$lang")
  done
  if [ ${#uncovered[@]} -gt 0 ]; then
    echo "No installed font covers: ${uncovered[*]} (see the fonts in $0)." >&2
    return 1
  fi
}

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  check_font_coverage
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
check_font_coverage
