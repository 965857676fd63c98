/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-broker-duplicates"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-broker-duplicates.h"
#include "ld-broker-name.h"
#include "ld-broker-repo-private.h"
#include "ld-validate.h"

void
ld_broker_duplicate_free (LdBrokerDuplicate *duplicate)
{
  if (duplicate == NULL)
    return;
  g_free (duplicate->id);
  g_free (duplicate->registration_number);
  g_free (duplicate->legal_name);
  g_free (duplicate->status);
  g_free (duplicate->why);
  g_free (duplicate);
}

static void
add_duplicate (GPtrArray    *found,
               sqlite3_stmt *stmt,
               const char   *why)
{
  LdBrokerDuplicate *d;

  for (guint i = 0; i < found->len; i++)
    if (g_strcmp0 (((LdBrokerDuplicate *) g_ptr_array_index (found, i))->id,
                   (const char *) sqlite3_column_text (stmt, 0)) == 0)
      return;
  d = g_new0 (LdBrokerDuplicate, 1);
  d->id = ld_store_column_dup (stmt, 0);
  d->registration_number = ld_store_column_dup (stmt, 1);
  d->legal_name = ld_store_column_dup (stmt, 2);
  d->status = ld_store_column_dup (stmt, 3);
  d->why = g_strdup (why);
  g_ptr_array_add (found, d);
}

/* A candidate found under a name key is a duplicate only if its words pair up
 * with the draft's (ld_name_key_match()): a shared key is where to look, not proof. */
static gboolean
confirmed (sqlite3_stmt          *stmt,
           const LdNameKey *confirm)
{
  g_autoptr(LdNameKey) theirs = NULL;

  if (confirm == NULL)
    return TRUE;
  theirs = ld_name_key_new ((const char *) sqlite3_column_text (stmt, 2));
  return ld_name_key_match (confirm, theirs);
}

/* One constant statement per key a duplicate is looked up by. */
#define FIND_BY(column) \
  "SELECT id, registration_number, legal_name, status FROM broker" \
  " WHERE " column " = ? AND id IS NOT ? AND voided_at IS NULL LIMIT 20"

/* A broker whose name's second spelling (a Thai name as its bearer writes it,
 * migration 0036) has the key. */
#define FIND_BY_SECOND(column) \
  "SELECT b.id, b.registration_number, b.legal_name, b.status" \
  " FROM broker_name_second s JOIN broker b ON b.id = s.broker_id" \
  " WHERE s." column " = ? AND b.id IS NOT ? AND b.voided_at IS NULL LIMIT 20"

/* A broker one of whose readings (migration 0040) is the key. */
#define FIND_BY_READING \
  "SELECT b.id, b.registration_number, b.legal_name, b.status" \
  " FROM broker_name_reading r JOIN broker b ON b.id = r.broker_id" \
  " WHERE r.reading = ? AND b.id IS NOT ? AND b.voided_at IS NULL LIMIT 20"

static gboolean
find_by (LdStore               *store,
         const char            *sql,
         const char            *value,
         const char            *exclude_id,
         const char            *why,
         const LdNameKey *confirm,
         GPtrArray             *found,
         GError               **error)
{
  sqlite3_stmt *stmt;

  if (value == NULL || value[0] == '\0')
    return TRUE;
  if (!(stmt = ld_store_prepare (store, sql, error)))
    return FALSE;
  ld_store_bind_text (stmt, 1, value);
  ld_store_bind_text (stmt, 2, exclude_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (confirmed (stmt, confirm))
      add_duplicate (found, stmt, why);
  sqlite3_reset (stmt);
  return TRUE;
}

/* A Thai name and the name its bearer writes in Latin letters: the draft's second
 * spelling among the brokers' names, and the draft's name among the second spellings
 * of the brokers'. */
static gboolean
find_by_second_spelling (LdStore         *store,
                         const LdNameKey *key,
                         const char      *exclude_id,
                         const char      *why,
                         GPtrArray       *found,
                         GError         **error)
{
  return find_by (store, FIND_BY ("name_fold_sorted"), key->second_sorted, exclude_id, why, key, found, error) &&
         find_by (store, FIND_BY ("name_fold_compact"), key->second_compact, exclude_id, why, key, found, error) &&
         find_by (store, FIND_BY_SECOND ("sorted"), key->sorted, exclude_id, why, key, found, error) &&
         find_by (store, FIND_BY_SECOND ("compact"), key->compact, exclude_id, why, key, found, error);
}

/*
 * A Hebrew, Korean or Thai name and the same name typed in Latin letters, read as
 * screening reads them (ld_name_key_match()): the brokers whose names a reading of the
 * draft's meets (a Korean reading is a compact key; a Hebrew or Thai one meets its
 * counterpart among the brokers' readings), and those with a Korean reading that is
 * the draft's compact key.
 */
static gboolean
find_by_readings (LdStore         *store,
                  const LdNameKey *key,
                  const char      *exclude_id,
                  const char      *why,
                  GPtrArray       *found,
                  GError         **error)
{
  g_autofree char *as_compact = g_strconcat ("=", key->compact, NULL);

  if (!find_by (store, FIND_BY_READING, as_compact, exclude_id, why, key, found, error))
    return FALSE;
  for (guint i = 0; key->readings != NULL && key->readings[i] != NULL; i++)
    {
      const char *reading = key->readings[i];
      g_autofree char *counterpart = reading[0] == '=' ? NULL : ld_name_key_counterpart (reading);
      gboolean ok = reading[0] == '='
                      ? find_by (store, FIND_BY ("name_fold_compact"), reading + 1, exclude_id, why, key, found, error)
                      : find_by (store, FIND_BY_READING, counterpart, exclude_id, why, key, found, error);

      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static GPtrArray *
find_duplicates_locked (LdStore             *store,
                        const LdBrokerDraft *draft,
                        const char          *exclude_id,
                        GError             **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_broker_duplicate_free);
  g_autoptr(LdNameKey) key = ld_name_key_new (draft->legal_name);
  g_autofree char *company = ld_broker_number_key (draft->company_number);
  g_autofree char *tax = ld_broker_number_key (draft->tax_number);
  const char *same_name = _("same name in another spelling, script or word order");

  if (!find_by (store, FIND_BY ("tax_number_key"), tax, exclude_id, _("same tax number"), NULL, found, error) ||
      !find_by (store, FIND_BY ("company_number_key"), company, exclude_id, _("same company register number"), NULL,
                found, error) ||
      !find_by (store, FIND_BY ("registration_number"), draft->company_number, exclude_id,
                _("its registration number is the company number given"), NULL, found, error))
    return NULL;
  if (key->compact[0] == '\0')
    return g_steal_pointer (&found);
  /* Stores written by earlier releases had their keys made again by the name
   * module when they were upgraded (migration 0020); every candidate is confirmed. */
  if (!find_by (store, FIND_BY ("name_fold_sorted"), key->sorted, exclude_id, same_name, key, found, error) ||
      !find_by (store, FIND_BY ("name_fold_compact"), key->compact, exclude_id, same_name, key, found, error) ||
      !find_by_second_spelling (store, key, exclude_id, same_name, found, error) ||
      !find_by_readings (store, key, exclude_id, same_name, found, error))
    return NULL;
  return g_steal_pointer (&found);
}

/**
 * ld_broker_repo_find_duplicates:
 * @exclude_id: (nullable): the broker being edited, which is no duplicate of itself
 *
 * Brokers already in the register under the same tax or company number, or a
 * name that is the same after transliteration, folding and reordering.
 *
 * Returns: (transfer full) (element-type LdBrokerDuplicate): possibly empty
 */
GPtrArray *
ld_broker_repo_find_duplicates (LdStore              *store,
                                const LdBrokerDraft  *draft,
                                const char           *exclude_id,
                                GError              **error)
{
  GPtrArray *found;

  if (!ld_store_begin_read (store, error))
    return NULL;
  found = find_duplicates_locked (store, draft, exclude_id, error);
  ld_store_rollback (store);
  return found;
}

static gboolean
fail_duplicate (GPtrArray  *found,
                GError    **error)
{
  LdBrokerDuplicate *d = g_ptr_array_index (found, 0);

  g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_DUPLICATE,
               _("This broker may already be registered as “%s” (%s, %s): %s. Compare the two and save "
                 "anyway only if they are different companies."),
               d->legal_name, d->registration_number ? d->registration_number : _("no number yet"),
               d->status, d->why);
  return FALSE;
}

/* Keeps the readings of broker @id's name (migration 0040), replacing those it had. */
static gboolean
save_readings (LdStore          *store,
               const char       *id,
               const LdNameKey  *key,
               GError          **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "DELETE FROM broker_name_reading WHERE broker_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  if (!ld_store_step_done (store, stmt, error))
    return FALSE;
  for (guint i = 0; key->readings != NULL && key->readings[i] != NULL; i++)
    {
      stmt = ld_store_prepare (store, "INSERT OR IGNORE INTO broker_name_reading (broker_id, reading) VALUES (?, ?)",
                               error);
      if (stmt == NULL)
        return FALSE;
      ld_store_bind_text (stmt, 1, id);
      ld_store_bind_text (stmt, 2, key->readings[i]);
      if (!ld_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * _ld_broker_duplicates_save_second_keys:
 *
 * Keeps the keys of the second spelling of broker @id's name, @key (a Thai name as
 * its bearer writes it, migration 0036), or none when it has none, and its readings
 * (a Hebrew, Korean or Thai name read as screening reads it, migration 0040), inside
 * the caller's transaction: every write of a broker's name calls this.
 */
gboolean
_ld_broker_duplicates_save_second_keys (LdStore          *store,
                                        const char       *id,
                                        const LdNameKey  *key,
                                        GError          **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "DELETE FROM broker_name_second WHERE broker_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  if (!ld_store_step_done (store, stmt, error) || !save_readings (store, id, key, error))
    return FALSE;
  if (key->second_compact == NULL)
    return TRUE;
  stmt = ld_store_prepare (store, "INSERT INTO broker_name_second (broker_id, sorted, compact) VALUES (?, ?, ?)",
                           error);
  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  ld_store_bind_text (stmt, 2, key->second_sorted);
  ld_store_bind_text (stmt, 3, key->second_compact);
  return ld_store_step_done (store, stmt, error);
}

gboolean
_ld_broker_duplicates_check (LdStore             *store,
                             const LdBrokerDraft *draft,
                             const char          *exclude_id,
                             GError             **error)
{
  g_autoptr(GPtrArray) found = find_duplicates_locked (store, draft, exclude_id, error);

  if (found == NULL)
    return FALSE;
  return found->len == 0 || fail_duplicate (found, error);
}
