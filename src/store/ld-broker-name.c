/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-broker-name"

#include "config.h"

#include "ld-broker-name.h"

/**
 * ld_broker_number_key:
 *
 * A register or tax number with only its letters and digits, upper case:
 * "DE 123.456.789" and "de123456789" are one number. %NULL for an empty one.
 */
char *
ld_broker_number_key (const char *number)
{
  GString *out = g_string_new (NULL);

  for (const char *p = number ? number : ""; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_toupper (*p));
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* The key @which names: 'sorted', 'compact', or those of the name's second spelling,
 * 'second-sorted' and 'second-compact' (NULL when it has none). */
static const char *
key_named (const LdNameKey *key,
           const char      *which)
{
  if (g_strcmp0 (which, "second-sorted") == 0)
    return key->second_sorted;
  if (g_strcmp0 (which, "second-compact") == 0)
    return key->second_compact;
  return g_strcmp0 (which, "compact") == 0 ? key->compact : key->sorted;
}

/* ld_broker_name_key(name, 'sorted' | 'compact' | 'second-sorted' | 'second-compact'
 * | 'readings') in SQL: the name module's key; its readings (a Hebrew, Korean or Thai
 * name read as screening reads it, and the Latin words' readings that meet those) one
 * per line, sorted, for migration 0040 and `audit verify`. */
static void
name_key_sql (sqlite3_context  *context,
              int               argc,
              sqlite3_value   **argv)
{
  const char *name = (const char *) sqlite3_value_text (argv[0]);
  const char *which = (const char *) sqlite3_value_text (argv[1]);
  g_autoptr(LdNameKey) key = NULL;

  g_assert (argc == 2);
  if (name == NULL)
    {
      sqlite3_result_null (context);
      return;
    }
  key = ld_name_key_new (name);
  if (g_strcmp0 (which, "readings") == 0)
    {
      if (key->readings == NULL)
        sqlite3_result_null (context);
      else
        sqlite3_result_text (context, g_strjoinv ("\n", key->readings), -1, g_free);
      return;
    }
  if (key_named (key, which) == NULL)
    sqlite3_result_null (context);
  else
    sqlite3_result_text (context, key_named (key, which), -1, SQLITE_TRANSIENT);
}

/* ld_broker_name_keys_match(name, sorted, compact) in SQL: whether both keys are
 * what the name gives, the name module run once per row. */
static void
name_keys_match_sql (sqlite3_context  *context,
                     int               argc,
                     sqlite3_value   **argv)
{
  const char *name = (const char *) sqlite3_value_text (argv[0]);
  const char *sorted = (const char *) sqlite3_value_text (argv[1]);
  const char *compact = (const char *) sqlite3_value_text (argv[2]);
  g_autoptr(LdNameKey) key = NULL;

  g_assert (argc == 3);
  if (name == NULL)
    {
      sqlite3_result_int (context, sorted == NULL && compact == NULL);
      return;
    }
  key = ld_name_key_new (name);
  sqlite3_result_int (context, g_strcmp0 (key->sorted, sorted) == 0 && g_strcmp0 (key->compact, compact) == 0);
}

/* ld_broker_number_key(number) in SQL. */
static void
number_key_sql (sqlite3_context  *context,
                int               argc,
                sqlite3_value   **argv)
{
  g_autofree char *key = ld_broker_number_key ((const char *) sqlite3_value_text (argv[0]));

  g_assert (argc == 1);
  if (key == NULL)
    sqlite3_result_null (context);
  else
    sqlite3_result_text (context, key, -1, SQLITE_TRANSIENT);
}

/**
 * _ld_broker_name_register_sql:
 *
 * Makes ld_broker_name_key(name, which), ld_broker_name_keys_match(name, sorted,
 * compact) and ld_broker_number_key(number)
 * callable from SQL on @db, so a migration can make the keys of every stored
 * broker again when the name module folds differently, and `audit verify` can
 * check that each broker's keys are what its name and numbers give.
 */
void
_ld_broker_name_register_sql (sqlite3 *db)
{
  sqlite3_create_function (db, "ld_broker_name_key", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                           name_key_sql, NULL, NULL);
  sqlite3_create_function (db, "ld_broker_name_keys_match", 3, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                           name_keys_match_sql, NULL, NULL);
  sqlite3_create_function (db, "ld_broker_number_key", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                           number_key_sql, NULL, NULL);
}
