/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-name-matcher"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ld-name-normalizer.h"
#include "ld-name-matcher-private.h"

/* Strings of list names interned to ids (see AtomTable). */

/*
 * Strings of list names get ids while the index is built, so comparing units is
 * comparing integers. Queries only look ids up (the table is read-only once built, so
 * screening stays thread-safe); a string no list name has gets 0 and equals nothing.
 */
guint64
_ld_name_matcher_atom_hash (const char *text)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);  /* FNV-1a */

  for (; *text != '\0'; text++)
    h = (h ^ (guchar) *text) * G_GUINT64_CONSTANT (0x100000001b3);
  return h != 0 ? h : 1;
}

void
_ld_name_matcher_atom_table_init (AtomTable *table)
{
  table->capacity = 1 << 12;
  table->used = 0;
  table->slots = g_new0 (AtomSlot, table->capacity);
  table->pool = g_string_sized_new (1 << 16);
}

void
_ld_name_matcher_atom_table_clear (AtomTable *table)
{
  g_clear_pointer (&table->slots, g_free);
  if (table->pool != NULL)
    g_string_free (g_steal_pointer (&table->pool), TRUE);
}

/* The slot of @text, or the empty slot where it would go. */
static AtomSlot *
atom_table_find (const AtomTable *table,
                 const char      *text,
                 guint64          hash)
{
  gsize i = (hash ^ (hash >> 29)) & (table->capacity - 1);

  while (table->slots[i].hash != 0
         && (table->slots[i].hash != hash || strcmp (table->pool->str + table->slots[i].text, text) != 0))
    i = (i + 1) & (table->capacity - 1);
  return &table->slots[i];
}

static void
atom_table_grow (AtomTable *table)
{
  AtomSlot *old = table->slots;
  gsize old_capacity = table->capacity;

  table->capacity *= 2;
  table->slots = g_new0 (AtomSlot, table->capacity);
  for (gsize i = 0; i < old_capacity; i++)
    if (old[i].hash != 0)
      *atom_table_find (table, table->pool->str + old[i].text, old[i].hash) = old[i];
  g_free (old);
}

AtomSlot *
_ld_name_matcher_atom_table_add (AtomTable  *table,
                                 const char *text,
                                 guint64     hash)
{
  AtomSlot *slot;

  if ((table->used + 1) * 10 > table->capacity * 7)
    atom_table_grow (table);
  slot = atom_table_find (table, text, hash);
  if (slot->hash == 0)
    {
      slot->hash = hash;
      slot->id = ++table->used;
      slot->text = table->pool->len;
      g_string_append_len (table->pool, text, strlen (text) + 1);
    }
  return slot;
}

/* The slot of @text, NULL for a string no list name has. */
const AtomSlot *
_ld_name_matcher_atom_lookup (const LdNameMatcher *self,
                              const char          *text)
{
  const AtomSlot *slot = atom_table_find (&self->atoms, text, _ld_name_matcher_atom_hash (text));

  return slot->hash != 0 ? slot : NULL;
}

guint
_ld_name_matcher_atom (LdNameMatcher *self,
                       const char    *text,
                       gboolean       intern)
{
  const AtomSlot *slot;

  if (text == NULL)
    return 0;
  slot = intern ? _ld_name_matcher_atom_table_add (&self->atoms, text, _ld_name_matcher_atom_hash (text)) : _ld_name_matcher_atom_lookup (self, text);
  return slot != NULL ? slot->id : 0;
}
