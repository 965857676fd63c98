/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Keys under which two spellings of one broker's name meet: the same name in
 * another script, with other diacritics, capitals, romanisation, word order
 * or legal-form words. */
typedef struct
{
  char *sorted;    /* folded tokens in sorted order: catches reordering */
  char *compact;   /* folded tokens in written order, without spaces: catches split syllables */
  char *latin;     /* the name in Latin letters, for the search index */
} LdBrokerNameKey;

LdBrokerNameKey *ld_broker_name_key_new   (const char      *name);
LdBrokerNameKey *ld_broker_name_key_new_legacy (const char *name);
void             ld_broker_name_key_free  (LdBrokerNameKey *key);
gboolean         ld_broker_name_key_match (const LdBrokerNameKey *a,
                                           const LdBrokerNameKey *b);
char            *ld_broker_number_key     (const char      *number);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdBrokerNameKey, ld_broker_name_key_free)

G_END_DECLS
