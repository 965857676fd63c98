/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-euc-authority-repo"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-attachments.h"
#include "ld-euc-authority-repo.h"
#include "ld-euc-repo.h"
#include "ld-validate.h"

/*
 * The foreign authorities that issue end-use certificates and their known
 * signatories (migration 0014-euc-register): reference data the
 * administrator keeps, like the embargo table. Each addition goes through
 * ld_store_record_change(); nothing is deleted.
 */

static char *
object_json (const char *first_member,
             ...)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *member = first_member;
  va_list args;

  va_start (args, first_member);
  json_builder_begin_object (b);
  while (member)
    {
      const char *value = va_arg (args, const char *);

      json_builder_set_member_name (b, member);
      if (value)
        json_builder_add_string_value (b, value);
      else
        json_builder_add_null_value (b);
      member = va_arg (args, const char *);
    }
  va_end (args);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static char *
find_authority (LdStore     *store,
                const char  *country,
                const char  *name,
                GError     **error)
{
  g_autofree char *key = ld_euc_name_key (name);
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT id FROM euc_authority WHERE country = ? AND name_key = ? AND voided_at IS NULL", error);
  char *id = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  ld_store_bind_text (stmt, 1, country);
  ld_store_bind_text (stmt, 2, key);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    id = ld_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    ld_store_set_error (store, error, rc, "finding an issuing authority");
  return id;
}

static gboolean
validate_authority (char        *country,
                    const char  *name,
                    GError     **error)
{
  return ld_validate_country_code (_("Country"), country, error) &&
         ld_validate_required (_("Authority"), name, error) &&
         ld_validate_text (_("Authority"), name, LD_TEXT_NAME, error);
}

/**
 * ld_euc_authority_repo_add:
 * @country: the issuing state, ISO 3166 alpha-2
 * @name: the authority as it signs its certificates
 *
 * Adds an issuing authority to the office's list. The administrator does this.
 */
gboolean
ld_euc_authority_repo_add (LdStore        *store,
                           const LdActor  *actor,
                           const char     *country,
                           const char     *name,
                           GError        **error)
{
  g_autofree char *code = g_ascii_strup (country ? country : "", -1);
  g_autofree char *clean = ld_text_normalize_input (name);
  g_autofree char *key = ld_euc_name_key (clean);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *now = ld_store_now_utc ();
  g_autofree char *existing = NULL;
  g_autofree char *after = NULL;
  sqlite3_stmt *stmt;

  if (!ld_actor_require (actor, LD_PERMISSION_MANAGE_REFERENCE_DATA, error) ||
      !validate_authority (code, clean, error) || !ld_store_begin (store, error))
    return FALSE;
  if ((existing = find_authority (store, code, clean, error)) != NULL)
    g_set_error (error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_EXISTS,
                 _("%s is already a known issuing authority of %s."), clean, code);
  if (existing || (error && *error) ||
      !(stmt = ld_store_prepare (store, "INSERT INTO euc_authority (id, country, name, name_key, created_at,"
                                        " created_by) VALUES (?,?,?,?,?,?)", error)))
    goto fail;
  ld_store_bind_text (stmt, 1, id);
  ld_store_bind_text (stmt, 2, code);
  ld_store_bind_text (stmt, 3, clean);
  ld_store_bind_text (stmt, 4, key);
  ld_store_bind_text (stmt, 5, now);
  ld_store_bind_text (stmt, 6, actor->user_id);
  after = object_json ("id", id, "country", code, "name", clean, NULL);
  if (!ld_store_step_done (store, stmt, error) ||
      !ld_store_record_change (store, actor, "euc_authority_add", "euc_authority", id, 0, NULL, after, error) ||
      !ld_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  ld_store_rollback (store);
  return FALSE;
}

/**
 * ld_euc_authority_repo_add_signatory:
 * @authority: the authority's name, as on the list
 *
 * Adds a known signatory of an authority with the period they held office.
 */
gboolean
ld_euc_authority_repo_add_signatory (LdStore               *store,
                                     const LdActor         *actor,
                                     const char            *country,
                                     const char            *authority,
                                     const LdEucSignatory  *signatory,
                                     GError               **error)
{
  g_autofree char *code = g_ascii_strup (country ? country : "", -1);
  g_autofree char *authority_id = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *now = ld_store_now_utc ();
  g_autofree char *name = ld_text_normalize_input (signatory->name);
  g_autofree char *after = NULL;
  const char *until = signatory->valid_until && signatory->valid_until[0] ? signatory->valid_until : NULL;
  sqlite3_stmt *stmt;

  if (!ld_actor_require (actor, LD_PERMISSION_MANAGE_REFERENCE_DATA, error) ||
      !validate_authority (code, authority, error) || !ld_euc_signatory_validate (signatory, error) ||
      !ld_store_begin (store, error))
    return FALSE;
  if (!(authority_id = find_authority (store, code, authority, error)))
    {
      if (error && *error == NULL)
        g_set_error (error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_NOT_FOUND,
                     _("%s is not a known issuing authority of %s; add the authority first."), authority, code);
      goto fail;
    }
  if (!(stmt = ld_store_prepare (store, "INSERT INTO euc_signatory (id, authority_id, name, position, valid_from,"
                                        " valid_until, created_at, created_by) VALUES (?,?,?,?,?,?,?,?)", error)))
    goto fail;
  ld_store_bind_text (stmt, 1, id);
  ld_store_bind_text (stmt, 2, authority_id);
  ld_store_bind_text (stmt, 3, name);
  ld_store_bind_text (stmt, 4, signatory->position);
  ld_store_bind_text (stmt, 5, signatory->valid_from);
  ld_store_bind_text (stmt, 6, until);
  ld_store_bind_text (stmt, 7, now);
  ld_store_bind_text (stmt, 8, actor->user_id);
  after = object_json ("id", id, "authority_id", authority_id, "name", name, "position", signatory->position,
                       "valid_from", signatory->valid_from, "valid_until", until, NULL);
  if (!ld_store_step_done (store, stmt, error) ||
      !ld_store_record_change (store, actor, "euc_signatory_add", "euc_signatory", id, 0, NULL, after, error) ||
      !ld_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  ld_store_rollback (store);
  return FALSE;
}

/**
 * ld_euc_authority_repo_add_specimen:
 * @file: a specimen certificate of the authority, an image or a PDF
 *
 * Keeps a specimen so an officer can compare a certificate with it.
 */
gboolean
ld_euc_authority_repo_add_specimen (LdStore        *store,
                                    const LdActor  *actor,
                                    const char     *country,
                                    const char     *authority,
                                    GFile          *file,
                                    GError        **error)
{
  g_autofree char *code = g_ascii_strup (country ? country : "", -1);
  g_autofree char *id = NULL;
  g_autofree char *attachment = NULL;
  GError *local_error = NULL;

  if (!ld_actor_require (actor, LD_PERMISSION_MANAGE_REFERENCE_DATA, error) ||
      !validate_authority (code, authority, error) || !ld_euc_repo_check_scan (file, error))
    return FALSE;
  if (!(id = find_authority (store, code, authority, &local_error)))
    {
      if (local_error == NULL)
        g_set_error (&local_error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_NOT_FOUND,
                     _("%s is not a known issuing authority of %s; add the authority first."), authority, code);
      g_propagate_error (error, local_error);
      return FALSE;
    }
  attachment = ld_attachments_add (store, actor, "euc_authority", id, file, _("Specimen certificate"), NULL, error);
  return attachment != NULL;
}

static gboolean
country_listed (LdStore     *store,
                const char  *country,
                gboolean    *out_listed,
                GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT EXISTS (SELECT 1 FROM euc_authority WHERE country = ? AND voided_at IS NULL)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, country);
  *out_listed = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
load_signatories (LdStore     *store,
                  const char  *authority_id,
                  GPtrArray   *into,
                  GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT name, position, valid_from, valid_until FROM euc_signatory WHERE authority_id = ? AND voided_at IS NULL"
    " ORDER BY valid_from", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, authority_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      LdEucSignatory *s = g_new0 (LdEucSignatory, 1);

      s->name = ld_store_column_dup (stmt, 0);
      s->position = ld_store_column_dup (stmt, 1);
      s->valid_from = ld_store_column_dup (stmt, 2);
      s->valid_until = ld_store_column_dup (stmt, 3);
      g_ptr_array_add (into, s);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/**
 * ld_euc_authority_repo_lookup:
 * @out_country_listed: (out): whether the office keeps a list of authorities for @country
 * @out_known: (out): whether @authority is on it
 * @out_signatories: (out) (transfer container) (element-type LdEucSignatory): its known signatories
 */
gboolean
ld_euc_authority_repo_lookup (LdStore     *store,
                              const char  *country,
                              const char  *authority,
                              gboolean    *out_country_listed,
                              gboolean    *out_known,
                              GPtrArray  **out_signatories,
                              GError     **error)
{
  g_autofree char *id = NULL;
  g_autoptr(GPtrArray) signatories = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_euc_signatory_free);
  GError *local_error = NULL;

  *out_known = FALSE;
  if (!country_listed (store, country, out_country_listed, error))
    return FALSE;
  if (authority && *out_country_listed)
    {
      id = find_authority (store, country, authority, &local_error);
      if (local_error)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      *out_known = id != NULL;
      if (id && !load_signatories (store, id, signatories, error))
        return FALSE;
    }
  if (out_signatories)
    *out_signatories = g_steal_pointer (&signatories);
  return TRUE;
}

static gint64
count_specimens (LdStore    *store,
                 const char *authority_id)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT count(*) FROM attachment WHERE entity = 'euc_authority'"
                                                " AND record_id = ? AND voided_at IS NULL", NULL);
  gint64 n = 0;

  if (stmt == NULL)
    return 0;
  ld_store_bind_text (stmt, 1, authority_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* The specimens as the authorities window opens them: attachment id, file name, media type. */
static void
add_specimens (JsonBuilder *b,
               LdStore     *store,
               const char  *authority_id)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT id, file_name, media_type FROM attachment"
                                                " WHERE entity = 'euc_authority' AND record_id = ? AND voided_at IS NULL"
                                                " ORDER BY added_at, rowid", NULL);
  static const char *names[] = { "attachment", "file_name", "media_type" };

  json_builder_set_member_name (b, "specimen_scans");
  json_builder_begin_array (b);
  if (stmt)
    {
      ld_store_bind_text (stmt, 1, authority_id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          json_builder_begin_object (b);
          for (int i = 0; i < 3; i++)
            {
              json_builder_set_member_name (b, names[i]);
              json_builder_add_string_value (b, (const char *) sqlite3_column_text (stmt, i));
            }
          json_builder_end_object (b);
        }
      sqlite3_reset (stmt);
    }
  json_builder_end_array (b);
}

/* Returns: (transfer full): every authority in force with its signatories, for `euc authorities --json` */
JsonNode *
ld_euc_authority_repo_list (LdStore  *store,
                            GError  **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT a.id, a.country, a.name FROM euc_authority AS a WHERE a.voided_at IS NULL ORDER BY a.country, a.name",
    error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      char **row = g_new0 (char *, 4);

      for (int i = 0; i < 3; i++)
        row[i] = ld_store_column_dup (stmt, i);
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (stmt);
  json_builder_begin_array (b);
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      g_autoptr(GPtrArray) signatories = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_euc_signatory_free);

      if (!load_signatories (store, row[0], signatories, error))
        return NULL;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "country");
      json_builder_add_string_value (b, row[1]);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, row[2]);
      json_builder_set_member_name (b, "specimens");
      json_builder_add_int_value (b, count_specimens (store, row[0]));
      add_specimens (b, store, row[0]);
      json_builder_set_member_name (b, "signatories");
      json_builder_begin_array (b);
      for (guint k = 0; k < signatories->len; k++)
        {
          const LdEucSignatory *s = g_ptr_array_index (signatories, k);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, s->name);
          json_builder_set_member_name (b, "position");
          if (s->position)
            json_builder_add_string_value (b, s->position);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "valid_from");
          json_builder_add_string_value (b, s->valid_from);
          json_builder_set_member_name (b, "valid_until");
          if (s->valid_until)
            json_builder_add_string_value (b, s->valid_until);
          else
            json_builder_add_null_value (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}
