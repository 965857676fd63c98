#!/bin/sh
# Builds the libFuzzer harnesses (clang-14, libclang-rt-14-dev) with AddressSanitizer and
# UndefinedBehaviorSanitizer. Not part of the default test run.
#   tests/fuzz/build.sh OUTDIR
#   OUTDIR/fuzz-list-loader -max_total_time=3600 OUTDIR/corpus-list tests/fuzz/seeds/list
#   OUTDIR/fuzz-normalizer -max_total_time=3600 OUTDIR/corpus-names tests/fuzz/seeds/names
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-_build_fuzz}
mkdir -p "$out"
cat > "$out/config.h" <<CONF
#define PACKAGE_VERSION "fuzz"
#define GETTEXT_PACKAGE "licence-desk"
#define SOURCE_DIR "$src"
CONF
glib-compile-resources --generate-source --target="$out/ld-screening-resources.c" --c-name ld_screening \
  --sourcedir="$src/data/embargoes" "$src/src/screening/ld-screening.gresource.xml"
glib-compile-resources --generate-header --target="$out/ld-screening-resources.h" --c-name ld_screening \
  --sourcedir="$src/data/embargoes" "$src/src/screening/ld-screening.gresource.xml"
flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I$out -I$src/src/screening -I$src/src/names"
pkgs="glib-2.0 gobject-2.0 gio-2.0 libsoup-3.0 libxml-2.0 icu-uc icu-i18n json-glib-1.0"
lib="$src/src/names/ld-name-normalizer.c $src/src/names/ld-name-forms.c $src/src/names/ld-name-script.c $src/src/screening/ld-sanctions-list.c $src/src/screening/ld-name-matcher.c"
for h in list-loader normalizer; do
  clang-14 $flags $(pkg-config --cflags $pkgs) -o "$out/fuzz-$h" "$src/tests/fuzz/fuzz-$h.c" $lib \
    $(pkg-config --libs $pkgs) -lm
done
echo "built $out/fuzz-list-loader $out/fuzz-normalizer"
