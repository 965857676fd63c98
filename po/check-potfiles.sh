#!/bin/sh
# Every C file with translatable strings is listed in POTFILES.in, and
# xgettext reads them all without a warning (a G_GINT64_FORMAT inside _()
# is one: translators would get a broken format string).
set -eu
top=$1
cd "$top"
status=0
for f in $(grep -l -E '(^|[^A-Za-z0-9_])N?_\("' src/*/*.c); do
  if ! grep -qx "$f" po/POTFILES.in; then
    echo "not in po/POTFILES.in: $f"
    status=1
  fi
done
out=$(grep -v '^#' po/POTFILES.in | grep '\.c$' | xargs xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ \
      --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 -o /dev/null 2>&1 || true)
if printf '%s\n' "$out" | grep -q 'warning'; then
  printf '%s\n' "$out"
  status=1
fi
exit $status
