/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness: the Consolidated List loader must refuse bad input with a GError,
 * never crash, leak or read out of bounds. Build with tests/fuzz/build.sh. */
#include <glib.h>

#include "ld-name-matcher.h"
#include "ld-sanctions-list.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSanctionsList) list = ld_sanctions_list_new_from_bytes (bytes, &error);

  if (list == NULL)
    {
      g_assert (error != NULL);
      return 0;
    }
  /* A list that loads must also index and screen. */
  if (ld_sanctions_list_get_n_entries (list) > 0)
    {
      g_autoptr(LdNameMatcher) matcher = ld_name_matcher_new (list);
      const LdSanctionsEntry *entry = ld_sanctions_list_get_entry (list, 0);
      const LdSanctionsName *name = g_ptr_array_index (entry->names, 0);
      LdScreeningQuery query = { name->text, 0, NULL };
      g_autoptr(GPtrArray) hits = ld_name_matcher_screen (matcher, &query, LD_MATCH_BAND_LOGGED, NULL);
      g_autoptr(GPtrArray) brute = ld_name_matcher_screen_brute_force (matcher, &query, LD_MATCH_BAND_LOGGED, NULL);

      g_assert ((hits == NULL) == (brute == NULL));
      g_assert (hits == NULL || hits->len == brute->len);
    }
  return 0;
}
