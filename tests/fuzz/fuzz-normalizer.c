/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: any bytes given as a name either normalise to ASCII tokens or fail
 * with a GError; never a crash. Build with tests/fuzz/build.sh. */
#include <glib.h>
#include <string.h>

#include "ld-name-normalizer.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normal = ld_name_normalizer_normalize ((const char *) data, size, LD_NAME_NORMALIZER_FLAGS_NONE, &error);
  g_autofree char *lenient = NULL;
  g_auto(GStrv) tokens = NULL;

  if (normal == NULL)
    g_assert (error != NULL);
  else
    {
      for (const char *p = normal; *p; p++)
        g_assert (g_ascii_isalnum (*p) || *p == ' ');
      tokens = ld_name_normalizer_tokenize ((const char *) data, size, LD_NAME_NORMALIZER_FLAGS_NONE, NULL);
      g_assert (tokens != NULL && tokens[0] != NULL);
      for (guint i = 0; tokens[i] != NULL; i++)
        g_free (ld_name_normalizer_skeleton (tokens[i]));
    }
  g_clear_error (&error);
  lenient = ld_name_normalizer_normalize ((const char *) data, size, LD_NAME_NORMALIZER_FLAGS_LENIENT, &error);
  return 0;
}
