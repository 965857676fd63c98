/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Keys under which two spellings of one party's name meet, for the duplicate checks
 * (brokers in the store): the same name in another script, with other diacritics,
 * capitals, romanisation, word order, legal form or title. Numbers stay as written.
 */
typedef struct
{
  char  *sorted;    /* token keys in sorted order: reordering */
  char  *compact;   /* canonical tokens in written order, without spaces: split syllables */
  char  *second_sorted;   /* the same of the name's second spelling (Thai as its bearer */
  char  *second_compact;  /* writes it), NULL when it has none */
  char **tokens;    /* the telling tokens in canonical spelling */
  char **readings;  /* the keys it is also found under: a Hebrew, Korean or Thai name
                     * read as screening reads it, and the Latin words' readings that
                     * meet those (ld-name-key-readings.c); sorted, NULL when none */
} LdNameKey;

LdNameKey *ld_name_key_new          (const char       *name);
void       ld_name_key_free         (LdNameKey        *key);
gboolean   ld_name_key_match        (const LdNameKey  *a,
                                     const LdNameKey  *b);
char      *ld_name_to_latin         (const char       *name);
gboolean   ld_name_check            (const char       *name,
                                     GError          **error);
char      *ld_name_key_counterpart  (const char       *reading);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdNameKey, ld_name_key_free)

G_END_DECLS
