/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-broker-repo"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <glib/gi18n-lib.h>

#include "ld-attachments.h"
#include "ld-broker-name.h"
#include "ld-broker-repo-private.h"
#include "ld-pulled.h"
#include "ld-user-repo-private.h"
#include "ld-carried.h"
#include "ld-name-key.h"
#include "ld-section.h"
#include "ld-validate.h"

G_DEFINE_QUARK (ld-broker-repo-error-quark, ld_broker_repo_error)

#define BROKER_COLUMNS \
  "id, rowid, row_version, registration_number, status, valid_from, valid_until, legal_name, other_names," \
  " legal_form, company_number, tax_number, country, registered_address, business_sites, records_address," \
  " activities, declares_convictions, declares_indictments, declares_denials, declaration_details, number_state," \
  " (SELECT d.number FROM desk_number d WHERE d.entity = 'broker' AND d.record_id = broker.id)"

static const char *draft_keys[] = {
  "legal_name", "other_names", "legal_form", "company_number", "tax_number", "country", "registered_address",
  "business_sites", "records_address", "activities", "declaration_details",
};

void
ld_broker_record_free (LdBrokerRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->id);
  g_free (record->registration_number);
  g_free (record->number_state);
  g_free (record->desk_number);
  g_free (record->valid_from);
  g_free (record->valid_until);
  ld_broker_draft_free (record->draft);
  g_free (record);
}

char *
_ld_broker_repo_today_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* @date plus @days days (negative allowed), as YYYY-MM-DD. */
static char *
date_add (const char *date,
          int         years,
          int         days)
{
  g_autoptr(GDate) d = ld_parse_date ("date", date, NULL);

  g_return_val_if_fail (d != NULL, NULL);
  if (years > 0)
    g_date_add_years (d, years);
  if (days > 0)
    g_date_add_days (d, days);
  else if (days < 0)
    g_date_subtract_days (d, -days);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (d), g_date_get_month (d), g_date_get_day (d));
}

/* Empty text is stored as NULL, everything else NFC and trimmed. */
char *
_ld_broker_repo_clean_text (const char *text)
{
  char *clean = ld_text_normalize_input (text ? text : "");

  if (clean != NULL && clean[0] == '\0')
    g_clear_pointer (&clean, g_free);
  return clean;
}

/* Rows as JSON objects named by their columns: the before/after images of the
 * audit log and the detail view of `broker show --json`. */
static JsonNode *
row_to_json (sqlite3_stmt *stmt)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  for (int i = 0; i < sqlite3_column_count (stmt); i++)
    {
      json_builder_set_member_name (b, sqlite3_column_name (stmt, i));
      switch (sqlite3_column_type (stmt, i))
        {
        case SQLITE_NULL:
          json_builder_add_null_value (b);
          break;
        case SQLITE_INTEGER:
          json_builder_add_int_value (b, sqlite3_column_int64 (stmt, i));
          break;
        default:
          json_builder_add_string_value (b, (const char *) sqlite3_column_text (stmt, i));
          break;
        }
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static JsonNode *
query_json_array (LdStore     *store,
                  const char  *sql,
                  const char  *id,
                  GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, sql, error);
  g_autoptr(JsonArray) array = json_array_new ();
  JsonNode *node;
  int rc;

  if (stmt == NULL)
    return NULL;
  ld_store_bind_text (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    json_array_add_element (array, row_to_json (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ld_store_set_error (store, error, rc, _("reading a broker"));
      return NULL;
    }
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (node, array);
  return node;
}

static char *
broker_json (LdStore    *store,
             const char *id)
{
  g_autoptr(JsonNode) rows = query_json_array (store, "SELECT id, row_version, registration_number, legal_name,"
                                               " other_names, legal_form, company_number, tax_number, country,"
                                               " status, valid_from, valid_until, registered_address,"
                                               " business_sites, records_address, activities, declares_convictions,"
                                               " declares_indictments, declares_denials, declaration_details"
                                               " FROM broker WHERE id = ?", id, NULL);
  JsonArray *array = rows ? json_node_get_array (rows) : NULL;

  if (array == NULL || json_array_get_length (array) == 0)
    return NULL;
  return json_to_string (json_array_get_element (array, 0), FALSE);
}

static LdBrokerRecord *
record_from_row (sqlite3_stmt *stmt)
{
  LdBrokerRecord *r = g_new0 (LdBrokerRecord, 1);
  LdBrokerDraft *d = ld_broker_draft_new ();

  r->id = ld_store_column_dup (stmt, 0);
  r->rowid = sqlite3_column_int64 (stmt, 1);
  r->row_version = sqlite3_column_int64 (stmt, 2);
  r->registration_number = ld_store_column_dup (stmt, 3);
  if (!ld_broker_status_from_string ((const char *) sqlite3_column_text (stmt, 4), &r->status))
    r->status = LD_BROKER_STATUS_DRAFT;
  r->valid_from = ld_store_column_dup (stmt, 5);
  r->valid_until = ld_store_column_dup (stmt, 6);
  d->legal_name = ld_store_column_dup (stmt, 7);
  d->other_names = ld_store_column_dup (stmt, 8);
  d->legal_form = ld_store_column_dup (stmt, 9);
  d->company_number = ld_store_column_dup (stmt, 10);
  d->tax_number = ld_store_column_dup (stmt, 11);
  d->country = ld_store_column_dup (stmt, 12);
  d->registered_address = ld_store_column_dup (stmt, 13);
  d->business_sites = ld_store_column_dup (stmt, 14);
  d->records_address = ld_store_column_dup (stmt, 15);
  d->activities = ld_store_column_dup (stmt, 16);
  d->declares_convictions = sqlite3_column_int (stmt, 17);
  d->declares_indictments = sqlite3_column_int (stmt, 18);
  d->declares_denials = sqlite3_column_int (stmt, 19);
  d->declaration_details = ld_store_column_dup (stmt, 20);
  r->number_state = ld_store_column_dup (stmt, 21);
  r->desk_number = ld_store_column_dup (stmt, 22);
  r->draft = d;
  return r;
}

/* Inside a transaction. Finds a broker by id or registration number. */
LdBrokerRecord *
_ld_broker_repo_load_record (LdStore     *store,
                             const char  *id_or_number,
                             GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT " BROKER_COLUMNS " FROM broker"
                                                " WHERE (id = ?1 OR registration_number = ?1 OR id IN (SELECT"
                                                " d.record_id FROM desk_number d WHERE d.entity = 'broker'"
                                                " AND d.number = ?1)) AND voided_at IS NULL"
                                                " ORDER BY (id IS ?1 OR registration_number IS ?1) DESC LIMIT 1",
                                         error);
  LdBrokerRecord *record = NULL;

  if (stmt == NULL)
    return NULL;
  ld_store_bind_text (stmt, 1, id_or_number);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    record = record_from_row (stmt);
  else
    g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                 _("There is no broker “%s” in the register."), id_or_number);
  sqlite3_reset (stmt);
  return record;
}

LdBrokerRecord *
ld_broker_repo_get (LdStore     *store,
                    const char  *id_or_number,
                    GError     **error)
{
  LdBrokerRecord *record;

  g_return_val_if_fail (id_or_number != NULL, NULL);

  if (!ld_store_begin_read (store, error))
    return NULL;
  record = _ld_broker_repo_load_record (store, id_or_number, error);
  ld_store_rollback (store);
  return record;
}

static gboolean
collect_people_texts (LdStore    *store,
                      const char *id,
                      GPtrArray  *texts,
                      GError    **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT full_name, id_document_number FROM broker_person"
                                                " WHERE broker_id = ? AND voided_at IS NULL", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (texts, ld_store_column_dup (stmt, 0));
      g_ptr_array_add (texts, ld_name_to_latin ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (texts, ld_store_column_dup (stmt, 1));
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* The search index holds every name in its own script and in Latin letters,
 * every number and every person, so a clerk finds a broker by any of them. */
static gboolean
reindex (LdStore     *store,
         const char  *id,
         GError     **error)
{
  g_autoptr(LdBrokerRecord) r = _ld_broker_repo_load_record (store, id, error);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  const char *plain[] = { r ? r->draft->legal_name : NULL, r ? r->draft->other_names : NULL,
                          r ? r->registration_number : NULL, r ? r->draft->company_number : NULL,
                          r ? r->draft->tax_number : NULL, r ? r->desk_number : NULL };

  if (r == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (plain); i++)
    if (plain[i])
      g_ptr_array_add (texts, g_strdup (plain[i]));
  /* Only the names' Latin letters: their keys are the row's. */
  for (guint i = 0; i < 2; i++)
    if (plain[i])
      g_ptr_array_add (texts, ld_name_to_latin (plain[i]));
  if (!collect_people_texts (store, id, texts, error))
    return FALSE;
  g_ptr_array_add (texts, NULL);
  return ld_section_index_record (store, ld_section_lookup ("brokers"), r->rowid,
                                  (const char * const *) texts->pdata, error);
}

/**
 * _ld_broker_repo_reindex:
 *
 * Indexes broker @id again, inside the caller's transaction: a person added
 * to its file at another desk is found here too.
 */
gboolean
_ld_broker_repo_reindex (LdStore     *store,
                         const char  *id,
                         GError     **error)
{
  return reindex (store, id, error);
}

static void
bind_draft (sqlite3_stmt        *stmt,
            const LdBrokerDraft *draft,
            const LdNameKey     *key,
            int                  first)
{
  const char *values[] = { draft->legal_name, draft->other_names, draft->legal_form, draft->company_number,
                           draft->tax_number, NULL, draft->registered_address, draft->business_sites,
                           draft->records_address, draft->activities, draft->declaration_details };
  g_autofree char *country = g_ascii_strup (draft->country ? draft->country : "", -1);
  g_autofree char *company = ld_broker_number_key (draft->company_number);
  g_autofree char *tax = ld_broker_number_key (draft->tax_number);

  G_STATIC_ASSERT (G_N_ELEMENTS (values) == G_N_ELEMENTS (draft_keys));
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *clean = i == 5 ? g_strdup (country) : _ld_broker_repo_clean_text (values[i]);

      sqlite3_bind_text (stmt, first + i, clean, -1, SQLITE_TRANSIENT);
    }
  sqlite3_bind_int (stmt, first + 11, draft->declares_convictions != 0);
  sqlite3_bind_int (stmt, first + 12, draft->declares_indictments != 0);
  sqlite3_bind_int (stmt, first + 13, draft->declares_denials != 0);
  sqlite3_bind_text (stmt, first + 14, key->sorted, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, first + 15, key->compact, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, first + 16, company, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, first + 17, tax, -1, SQLITE_TRANSIENT);
}

static gboolean
insert_broker (LdStore             *store,
               const char          *id,
               const LdBrokerDraft *draft,
               GError             **error)
{
  g_autofree char *now = ld_store_now_utc ();
  g_autoptr(LdNameKey) key = ld_name_key_new (draft->legal_name);
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO broker (legal_name, other_names, legal_form, company_number, tax_number, country,"
    " registered_address, business_sites, records_address, activities, declaration_details,"
    " declares_convictions, declares_indictments, declares_denials, name_fold_sorted, name_fold_compact,"
    " company_number_key, tax_number_key, id, status, created_at, updated_at)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'draft',?,?)", error);

  if (stmt == NULL)
    return FALSE;
  bind_draft (stmt, draft, key, 1);
  ld_store_bind_text (stmt, 19, id);
  ld_store_bind_text (stmt, 20, now);
  ld_store_bind_text (stmt, 21, now);
  return ld_store_step_done (store, stmt, error) &&
         _ld_broker_duplicates_save_second_keys (store, id, key, error);
}

static gboolean
finish_write (LdStore        *store,
              const LdActor  *actor,
              const char     *action,
              const char     *id,
              gint64          base_version,
              const char     *before,
              GError        **error)
{
  g_autofree char *after = NULL;

  if (!reindex (store, id, error))
    return FALSE;
  after = broker_json (store, id);
  return ld_store_record_change (store, actor, action, "broker", id, base_version, before, after, error) &&
         ld_store_commit (store, error);
}

/* ---- a broker the central database sent ---------------------------------- */

static const char *
image_text (JsonObject *image,
            const char *member)
{
  JsonNode *node = json_object_get_member (image, member);

  return node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
           ? json_node_get_string (node) : NULL;
}

static gboolean
image_flag (JsonObject *image,
            const char *member)
{
  JsonNode *node = json_object_get_member (image, member);

  return node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64 &&
         json_node_get_int (node) != 0;
}

#define IMAGE_INSERT_SQL \
  "INSERT INTO broker (legal_name, other_names, legal_form, company_number, tax_number, country," \
  " registered_address, business_sites, records_address, activities, declaration_details," \
  " declares_convictions, declares_indictments, declares_denials, name_fold_sorted, name_fold_compact," \
  " company_number_key, tax_number_key, id, row_version, registration_number, status, valid_from, valid_until," \
  " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"

/* A broker the register does not hold yet goes in with a plain INSERT: the
 * upsert's update may fire the re-key trigger, so SQLite keeps a statement
 * journal for it, copying every page it touches, which a pulled chunk's
 * savepoint then keeps until the chunk ends. */
#define IMAGE_UPSERT_SQL IMAGE_INSERT_SQL \
  " ON CONFLICT (id) DO UPDATE SET legal_name = excluded.legal_name, other_names = excluded.other_names," \
  " legal_form = excluded.legal_form, company_number = excluded.company_number," \
  " tax_number = excluded.tax_number, country = excluded.country," \
  " registered_address = excluded.registered_address, business_sites = excluded.business_sites," \
  " records_address = excluded.records_address, activities = excluded.activities," \
  " declaration_details = excluded.declaration_details, declares_convictions = excluded.declares_convictions," \
  " declares_indictments = excluded.declares_indictments, declares_denials = excluded.declares_denials," \
  " name_fold_sorted = excluded.name_fold_sorted, name_fold_compact = excluded.name_fold_compact," \
  " company_number_key = excluded.company_number_key, tax_number_key = excluded.tax_number_key," \
  " row_version = excluded.row_version, registration_number = excluded.registration_number," \
  " status = excluded.status, valid_from = excluded.valid_from, valid_until = excluded.valid_until," \
  " updated_at = excluded.updated_at," \
  " number_state = CASE WHEN excluded.registration_number IS NOT NULL THEN NULL ELSE number_state END"

/* The columns of broker_json(), plus the keys the register computes;
 * @held: whether the register has a row of @id (voided or not). */
static gboolean
upsert_image (LdStore     *store,
              const char  *id,
              JsonObject  *image,
              gboolean     held,
              GError     **error)
{
  LdBrokerDraft draft = {
    .legal_name = (char *) image_text (image, "legal_name"),
    .other_names = (char *) image_text (image, "other_names"),
    .legal_form = (char *) image_text (image, "legal_form"),
    .company_number = (char *) image_text (image, "company_number"),
    .tax_number = (char *) image_text (image, "tax_number"),
    .country = (char *) image_text (image, "country"),
    .registered_address = (char *) image_text (image, "registered_address"),
    .business_sites = (char *) image_text (image, "business_sites"),
    .records_address = (char *) image_text (image, "records_address"),
    .activities = (char *) image_text (image, "activities"),
    .declares_convictions = image_flag (image, "declares_convictions"),
    .declares_indictments = image_flag (image, "declares_indictments"),
    .declares_denials = image_flag (image, "declares_denials"),
    .declaration_details = (char *) image_text (image, "declaration_details"),
  };
  g_autofree char *now = ld_store_now_utc ();
  JsonNode *version = json_object_get_member (image, "row_version");
  g_autoptr(LdNameKey) key = NULL;
  sqlite3_stmt *stmt;

  /* A broker needs a name, a country and a state; an image without them is
   * not one this register can hold (it stays in the desk's server copy). */
  if (draft.legal_name == NULL || draft.country == NULL || image_text (image, "status") == NULL)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_MISSING,
                   _("The central database's broker %s has no name, country or state."), id);
      return FALSE;
    }
  stmt = ld_store_prepare (store, held ? IMAGE_UPSERT_SQL : IMAGE_INSERT_SQL, error);
  if (stmt == NULL)
    return FALSE;
  key = ld_name_key_new (draft.legal_name);
  bind_draft (stmt, &draft, key, 1);
  ld_store_bind_text (stmt, 19, id);
  /* The image's own version, so this desk's next change is made on the same
   * base the server holds. */
  sqlite3_bind_int64 (stmt, 20, version && JSON_NODE_HOLDS_VALUE (version) ? json_node_get_int (version) : 1);
  ld_store_bind_text (stmt, 21, image_text (image, "registration_number"));
  ld_store_bind_text (stmt, 22, image_text (image, "status"));
  ld_store_bind_text (stmt, 23, image_text (image, "valid_from"));
  ld_store_bind_text (stmt, 24, image_text (image, "valid_until"));
  ld_store_bind_text (stmt, 25, now);
  ld_store_bind_text (stmt, 26, now);
  return ld_store_step_done (store, stmt, error) &&
         _ld_broker_duplicates_save_second_keys (store, id, key, error) &&
         ld_pulled_keep_desk_number (store, "broker", id, image_text (image, "desk_number"), error);
}

/**
 * _ld_broker_repo_apply_image:
 * @image: the broker as the central database holds it (broker_json()'s members)
 * @out_changed: (out): whether the register's row changed
 *
 * Writes the server's image of a broker into the register inside the caller's
 * transaction, with its search keys, through the audited write path.
 */
gboolean
_ld_broker_repo_apply_image (LdStore        *store,
                             const LdActor  *actor,
                             const char     *action,
                             const char     *id,
                             JsonObject     *image,
                             gboolean       *out_changed,
                             GError        **error)
{
  g_autofree char *before = broker_json (store, id);
  g_autofree char *after = NULL;
  g_autoptr(JsonNode) before_node = before ? json_from_string (before, NULL) : NULL;
  gint64 base_version = before_node ? json_object_get_int_member_with_default (json_node_get_object (before_node),
                                                                               "row_version", 0) : 0;

  *out_changed = FALSE;
  if (!upsert_image (store, id, image, before != NULL, error))
    return FALSE;
  after = broker_json (store, id);
  if (g_strcmp0 (before, after) == 0)
    return TRUE;
  *out_changed = TRUE;
  return reindex (store, id, error) &&
         ld_store_record_change (store, actor, action, "broker", id, base_version, before, after, error);
}

/**
 * ld_broker_repo_create:
 * @allow_duplicate: %TRUE once the clerk has compared the possible duplicates
 *   and confirmed this is a different broker
 *
 * Saves a new draft registration. It needs only a name and a country, so the
 * clerk can save early and finish later.
 *
 * Returns: (transfer full) (nullable): the new broker's id
 */
char *
ld_broker_repo_create (LdStore              *store,
                       const LdActor        *actor,
                       const LdBrokerDraft  *draft,
                       gboolean              allow_duplicate,
                       GError              **error)
{
  g_autofree char *id = g_uuid_string_random ();

  if (!ld_broker_transition (actor, LD_BROKER_STATUS_DRAFT, LD_BROKER_ACTION_EDIT, NULL, NULL, error) ||
      !ld_broker_draft_validate (draft, FALSE, error) ||
      !ld_name_check (draft->legal_name, error) ||
      !ld_store_begin (store, error))
    return NULL;
  if ((!allow_duplicate && !_ld_broker_duplicates_check (store, draft, NULL, error)) ||
      !insert_broker (store, id, draft, error) ||
      !finish_write (store, actor, "create", id, 0, NULL, error))
    {
      ld_store_rollback (store);
      return NULL;
    }
  return g_steal_pointer (&id);
}

static gboolean
check_version (const LdBrokerRecord  *r,
               gint64                 base_version,
               GError               **error)
{
  if (base_version > 0 && r->row_version != base_version)
    {
      g_set_error (error, LD_BROKER_REPO_ERROR, LD_BROKER_REPO_ERROR_STALE,
                   _("“%s” was changed by someone else while you edited it (version %lld, yours %lld). "
                     "Reopen it; what you typed is kept in the form."),
                   r->draft->legal_name, (long long) r->row_version, (long long) base_version);
      return FALSE;
    }
  return TRUE;
}

static gboolean
update_locked (LdStore              *store,
               const LdActor        *actor,
               const char           *id,
               gint64                base_version,
               const LdBrokerDraft  *draft,
               GError              **error)
{
  g_autoptr(LdBrokerRecord) r = _ld_broker_repo_load_record (store, id, error);
  g_autofree char *before = NULL;
  g_autofree char *now = ld_store_now_utc ();
  g_autoptr(LdNameKey) key = ld_name_key_new (draft->legal_name);
  sqlite3_stmt *stmt;

  if (r == NULL || !check_version (r, base_version, error) ||
      !ld_broker_transition (actor, r->status, LD_BROKER_ACTION_EDIT, NULL, NULL, error) ||
      !_ld_broker_duplicates_check (store, draft, r->id, error))
    return FALSE;
  before = broker_json (store, r->id);
  stmt = ld_store_prepare (store,
    "UPDATE broker SET legal_name = ?, other_names = ?, legal_form = ?, company_number = ?, tax_number = ?,"
    " country = ?, registered_address = ?, business_sites = ?, records_address = ?, activities = ?,"
    " declaration_details = ?, declares_convictions = ?, declares_indictments = ?, declares_denials = ?,"
    " name_fold_sorted = ?, name_fold_compact = ?, company_number_key = ?, tax_number_key = ?,"
    " row_version = row_version + 1, updated_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  bind_draft (stmt, draft, key, 1);
  ld_store_bind_text (stmt, 19, now);
  ld_store_bind_text (stmt, 20, r->id);
  return ld_store_step_done (store, stmt, error) &&
         _ld_broker_duplicates_save_second_keys (store, r->id, key, error) &&
         finish_write (store, actor, "update", r->id, r->row_version, before, error);
}

/**
 * ld_broker_repo_update:
 * @base_version: the row_version the clerk started from, or 0 to skip the check
 *
 * Saves changes to a draft. Fails with %LD_BROKER_REPO_ERROR_STALE when
 * somebody else saved in between, so nobody overwrites another's work unseen.
 */
gboolean
ld_broker_repo_update (LdStore              *store,
                       const LdActor        *actor,
                       const char           *id,
                       gint64                base_version,
                       const LdBrokerDraft  *draft,
                       GError              **error)
{
  if (!ld_broker_draft_validate (draft, FALSE, error) || !ld_name_check (draft->legal_name, error)
      || !ld_store_begin (store, error))
    return FALSE;
  if (!update_locked (store, actor, id, base_version, draft, error))
    {
      ld_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

static gint64
count_officials (LdStore     *store,
                 const char  *id,
                 GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT count(*) FROM broker_person WHERE broker_id = ?"
                                                " AND role = 'official' AND voided_at IS NULL", error);
  gint64 n = -1;

  if (stmt == NULL)
    return -1;
  ld_store_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* A submission must be complete: every field a decision needs, and the
 * empowered official who answers for the broker. */
static gboolean
check_complete (LdStore               *store,
                const LdBrokerRecord  *r,
                GError               **error)
{
  gint64 n;

  if (!ld_broker_draft_validate (r->draft, TRUE, error))
    {
      g_prefix_error (error, _("“%s” cannot be submitted yet: "), r->draft->legal_name);
      return FALSE;
    }
  n = count_officials (store, r->id, error);
  if (n < 0)
    return FALSE;
  if (n == 0)
    {
      g_set_error (error, LD_BROKER_REPO_ERROR, LD_BROKER_REPO_ERROR_INCOMPLETE,
                   _("“%s” cannot be submitted yet: name its empowered official (with nationality and identity "
                     "document) under People."), r->draft->legal_name);
      return FALSE;
    }
  return TRUE;
}

/**
 * ld_broker_repo_next_number:
 * @series: "BR" for registrations, "BA" for authorisations
 *
 * Advances the counter of @series for @year. Call it inside the transaction
 * that uses the number, so a rollback gives it back and no gap appears.
 *
 * Returns: the next serial, or -1 with @error
 */
gint64
ld_broker_repo_next_number (LdStore     *store,
                            const char  *series,
                            int          year,
                            GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "INSERT INTO number_counter (series, year, last) VALUES (?, ?, 1)"
                                                " ON CONFLICT (series, year) DO UPDATE SET last = last + 1"
                                                " RETURNING last", error);
  gint64 n = -1;
  int rc;

  if (stmt == NULL)
    return -1;
  ld_store_bind_text (stmt, 1, series);
  sqlite3_bind_int (stmt, 2, year);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (n < 0)
    ld_store_set_error (store, error, rc, _("allocating a number"));
  return n;
}

static gboolean
add_period (LdStore        *store,
            const LdActor  *actor,
            const char     *id,
            const char     *from,
            const char     *until,
            GError        **error)
{
  g_autofree char *period_id = g_uuid_string_random ();
  g_autofree char *now = ld_store_now_utc ();
  sqlite3_stmt *stmt = ld_store_prepare (store, "INSERT INTO broker_period (id, broker_id, valid_from, valid_until,"
                                                " granted_at, granted_by) VALUES (?,?,?,?,?,?)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, period_id);
  ld_store_bind_text (stmt, 2, id);
  ld_store_bind_text (stmt, 3, from);
  ld_store_bind_text (stmt, 4, until);
  ld_store_bind_text (stmt, 5, now);
  ld_store_bind_text (stmt, 6, actor->login);
  return ld_store_step_done (store, stmt, error);
}

/* A line of the broker's history, by the act's key. */
static gboolean
insert_event (LdStore         *store,
              const LdActor   *actor,
              const char      *id,
              const char      *action,
              LdBrokerStatus   from,
              LdBrokerStatus   to,
              const char      *reason,
              const char      *effective_on,
              GError         **error)
{
  g_autofree char *event_id = g_uuid_string_random ();
  g_autofree char *now = ld_store_now_utc ();
  g_autofree char *clean_reason = _ld_broker_repo_clean_text (reason);
  sqlite3_stmt *stmt = ld_store_prepare (store, "INSERT INTO broker_event (id, broker_id, action, from_status,"
                                                " to_status, reason, actor_id, actor_login, at,"
                                                " effective_on) VALUES (?,?,?,?,?,?,?,?,?,?)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, event_id);
  ld_store_bind_text (stmt, 2, id);
  ld_store_bind_text (stmt, 3, action);
  ld_store_bind_text (stmt, 4, ld_broker_status_to_string (from));
  ld_store_bind_text (stmt, 5, ld_broker_status_to_string (to));
  ld_store_bind_text (stmt, 6, clean_reason);
  ld_store_bind_text (stmt, 7, actor->user_id);
  ld_store_bind_text (stmt, 8, actor->login);
  ld_store_bind_text (stmt, 9, now);
  ld_store_bind_text (stmt, 10, effective_on);
  return ld_store_step_done (store, stmt, error);
}

/* An act's line of history, carried to the other desks with the act. */
static gboolean
add_event (LdStore         *store,
           const LdActor   *actor,
           const char      *id,
           LdBrokerAction   action,
           LdBrokerStatus   from,
           LdBrokerStatus   to,
           const char      *reason,
           const char      *effective_on,
           GError         **error)
{
  return insert_event (store, actor, id, ld_broker_action_to_string (action), from, to, reason, effective_on, error)
         && ld_carried_queue_event (store, LD_CARRIED_BROKER_EVENT, ld_store_last_insert_rowid (store), error);
}

/* A renewal before the current period ends: the next period follows it. */
static gboolean
renews_early (const LdBrokerRecord  *r,
              LdBrokerAction         action,
              const char            *today)
{
  return action == LD_BROKER_ACTION_RENEW && r->status == LD_BROKER_STATUS_REGISTERED &&
         r->valid_from && r->valid_until && strcmp (r->valid_until, today) >= 0;
}

/* Granting and renewing open a validity period: from today (or from the day
 * after the current one ends, for a renewal before expiry) for five years.
 * An early renewal does not end the current period: the broker's validity
 * runs on from the current period's start to the new period's end, so deals
 * authorised inside the current period stay valid. */
static gboolean
open_period (LdStore               *store,
             const LdActor         *actor,
             const LdBrokerRecord  *r,
             LdBrokerAction         action,
             const char            *today,
             gboolean               central,
             char                 **out_number,
             char                 **out_from,
             char                 **out_until,
             GError               **error)
{
  gboolean early = renews_early (r, action, today);
  g_autofree char *from = early ? date_add (r->valid_until, 0, 1) : g_strdup (today);
  int year;
  gint64 serial;

  *out_until = date_add (from, LD_BROKER_REGISTRATION_YEARS, -1);
  *out_number = g_strdup (r->registration_number);
  /* On a desk synced with a central database the server gives the number,
   * with its answer to the push; the registration is pending until then. */
  if (*out_number == NULL && !central)
    {
      sscanf (today, "%d", &year);
      if ((serial = ld_broker_repo_next_number (store, "BR", year, error)) < 0)
        return FALSE;
      *out_number = ld_broker_format_number (year, serial);
    }
  *out_from = g_strdup (early ? r->valid_from : from);
  return add_period (store, actor, r->id, from, *out_until, error);
}

static gboolean
set_status (LdStore               *store,
            const LdBrokerRecord  *r,
            LdBrokerStatus         to,
            const char            *number,
            const char            *from,
            const char            *until,
            GError               **error)
{
  g_autofree char *now = ld_store_now_utc ();
  sqlite3_stmt *stmt = ld_store_prepare (store, "UPDATE broker SET status = ?, registration_number = ?,"
                                                " valid_from = ?, valid_until = ?, row_version = row_version + 1,"
                                                " updated_at = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, ld_broker_status_to_string (to));
  ld_store_bind_text (stmt, 2, number);
  ld_store_bind_text (stmt, 3, from);
  ld_store_bind_text (stmt, 4, until);
  ld_store_bind_text (stmt, 5, now);
  ld_store_bind_text (stmt, 6, r->id);
  return ld_store_step_done (store, stmt, error);
}

static gboolean
mark_number_pending (LdStore     *store,
                     const char  *id,
                     GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "UPDATE broker SET number_state = 'pending' WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  return ld_store_step_done (store, stmt, error);
}

/* ---- the central database's answer to a registration ---------------------- */

/* The state a broker had before its registration: the register event's. */
static char *
status_before_register (LdStore     *store,
                        const char  *id)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT from_status FROM broker_event WHERE broker_id = ?"
                                                " AND action = 'register' ORDER BY seq DESC LIMIT 1", NULL);
  char *status = NULL;

  if (stmt == NULL)
    return NULL;
  ld_store_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    status = ld_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return status;
}

/**
 * _ld_broker_repo_settle_register:
 * @desk_actor: (nullable): the desk's login's profile, when the registering
 *   officer's profile is not on this desk
 * @number: (nullable): the registration number the server gave
 * @refusal: (nullable): else why the server refused the registration
 *
 * Inside the push acknowledgement's transaction: a pending registration gets
 * the server's number, or, refused, the broker goes back to the state it had
 * before, with no number and the refusal kept (number_state "refused"). The
 * row's version stays the one the server holds, so the broker pulled back is
 * the same broker. Audited as "confirm-register" or "refuse-register", and not
 * sent back to the server.
 */
gboolean
_ld_broker_repo_settle_register (LdStore        *store,
                                 const LdActor  *desk_actor,
                                 const char     *id,
                                 const char     *number,
                                 const char     *refusal,
                                 gboolean       *out_renumbered,
                                 GError        **error)
{
  g_autoptr(LdBrokerRecord) r = _ld_broker_repo_load_record (store, id, NULL);
  g_autoptr(LdActor) actor = NULL;
  g_autofree char *before = NULL, *after = NULL, *previous = NULL, *registrar = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;
  /* Registered here on its own before this desk connected, with a number the
   * central database had given another broker: it takes the server's number
   * and keeps the one it was registered with as its desk number. */
  gboolean renumber = r != NULL && r->number_state == NULL && number != NULL && r->registration_number != NULL &&
                      r->desk_number == NULL && g_strcmp0 (r->registration_number, number) != 0;

  if (r == NULL || (!renumber && g_strcmp0 (r->number_state, "pending") != 0))
    return TRUE;
  stmt = ld_store_prepare (store, "SELECT actor_login FROM broker_event WHERE broker_id = ? AND action = 'register'"
                                  " ORDER BY seq DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    registrar = ld_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  actor = registrar ? _ld_user_repo_find_locked (store, registrar) : NULL;
  if (actor == NULL && desk_actor != NULL)
    actor = ld_actor_copy (desk_actor);
  if (actor == NULL)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_MISSING,
                   _("Broker %s cannot take the central database's answer: no profile on this desk matches who "
                     "registered it or the desk's login."), id);
      return FALSE;
    }
  before = broker_json (store, id);
  previous = number ? NULL : status_before_register (store, id);
  stmt = number != NULL
    ? ld_store_prepare (store, "UPDATE broker SET registration_number = ?1, number_state = NULL, updated_at = ?2"
                               " WHERE id = ?3", error)
    : ld_store_prepare (store, "UPDATE broker SET number_state = 'refused', status = ?1, valid_from = NULL,"
                               " valid_until = NULL, updated_at = ?2 WHERE id = ?3", error);
  if (stmt == NULL ||
      (renumber && !ld_pulled_keep_desk_number (store, "broker", id, r->registration_number, error)))
    return FALSE;
  {
    g_autofree char *now = ld_store_now_utc ();

    ld_store_bind_text (stmt, 1, number ? number : previous ? previous : "submitted");
    ld_store_bind_text (stmt, 2, now);
    ld_store_bind_text (stmt, 3, id);
  }
  if (!ld_store_step_done (store, stmt, error) || !reindex (store, id, error))
    return FALSE;
  /* The history's "Registered" line stays as it was written; a line after it says
   * the central database refused it, and why. Not carried: the server never held
   * the registration. */
  if (number == NULL)
    {
      LdBrokerStatus back = LD_BROKER_STATUS_SUBMITTED;

      ld_broker_status_from_string (previous, &back);
      if (!insert_event (store, actor, id, LD_BROKER_HISTORY_REGISTER_REFUSED, LD_BROKER_STATUS_REGISTERED, back,
                         refusal, NULL, error))
        return FALSE;
    }
  after = broker_json (store, id);
  if (refusal != NULL)
    {
      /* The refusal is part of the entry, so the audit log says why. */
      g_autofree char *with_reason = NULL;
      g_autoptr(JsonNode) node = json_from_string (after, NULL);

      if (node && JSON_NODE_HOLDS_OBJECT (node))
        {
          json_object_set_string_member (json_node_get_object (node), "registration_refusal", refusal);
          with_reason = json_to_string (node, FALSE);
          g_free (after);
          after = g_steal_pointer (&with_reason);
        }
    }
  ld_store_set_from_server (store, TRUE);
  ok = ld_store_record_change (store, actor, renumber ? "renumber-register" : number ? "confirm-register"
                                                                                   : "refuse-register",
                               "broker", id, r->row_version, before, after, error);
  ld_store_set_from_server (store, FALSE);
  if (ok && out_renumbered)
    *out_renumbered = renumber;
  return ok;
}

static gboolean
act_locked (LdStore         *store,
            const LdActor   *actor,
            const char      *id,
            LdBrokerAction   action,
            const char      *reason,
            const char      *dated,
            const char      *today,
            const char      *real_today,
            GError         **error)
{
  g_autoptr(LdBrokerRecord) r = _ld_broker_repo_load_record (store, id, error);
  g_autofree char *before = NULL;
  g_autofree char *number = NULL;
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  gboolean central = FALSE;
  LdBrokerStatus to;

  if (r == NULL || !ld_broker_transition (actor, r->status, action, reason, &to, error) ||
      !ld_pulled_desk_is_central (store, &central, error) ||
      !ld_broker_check_act_date (actor, action, dated, real_today, reason, error))
    return FALSE;
  if (action == LD_BROKER_ACTION_SUBMIT && !check_complete (store, r, error))
    return FALSE;
  before = broker_json (store, r->id);
  if (action == LD_BROKER_ACTION_REGISTER || action == LD_BROKER_ACTION_RENEW)
    {
      if (!open_period (store, actor, r, action, today, central, &number, &from, &until, error))
        return FALSE;
    }
  else
    {
      number = g_strdup (r->registration_number);
      from = g_strdup (r->valid_from);
      until = g_strdup (r->valid_until);
    }
  return set_status (store, r, to, number, from, until, error) &&
         (number != NULL || to != LD_BROKER_STATUS_REGISTERED || mark_number_pending (store, r->id, error)) &&
         add_event (store, actor, r->id, action, r->status, to, reason, today, error) &&
         finish_write (store, actor, ld_broker_action_to_string (action), r->id, r->row_version, before, error);
}

/**
 * ld_broker_repo_act:
 * @reason: (nullable): required for refusal, suspension, reinstatement and
 *   revocation, and for an act dated more than a few days back
 * @today: (nullable): the date of the act as YYYY-MM-DD; %NULL or empty for
 *   today (UTC). More than %LD_BROKER_BACKDATE_GRACE_DAYS days back it needs a
 *   reason and a senior officer; after today it is refused (see
 *   ld_broker_check_act_date()).
 *
 * Takes one step of the lifecycle (see ld_broker_transition()). Granting
 * allocates the registration number, BR-YYYY-NNNNN, in the same transaction,
 * so a failed grant leaves no gap; granting and renewing add a validity period
 * and keep the earlier ones. The history records the act's date beside the
 * time it was recorded.
 */
gboolean
ld_broker_repo_act (LdStore         *store,
                    const LdActor   *actor,
                    const char      *id,
                    LdBrokerAction   action,
                    const char      *reason,
                    const char      *today,
                    GError         **error)
{
  g_autofree char *real_today = _ld_broker_repo_today_utc ();
  g_autofree char *dated = g_strstrip (g_strdup (today ? today : ""));
  const char *day = dated[0] ? dated : real_today;

  if (!ld_store_begin (store, error))
    return FALSE;
  if (!act_locked (store, actor, id, action, reason, dated, day, real_today, error))
    {
      ld_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
_ld_broker_repo_select_ids (LdStore     *store,
                            const char  *sql,
                            const char  *a,
                            const char  *b,
                            GError     **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  if (!ld_store_begin_read (store, error))
    return NULL;
  stmt = ld_store_prepare (store, sql, error);
  if (stmt != NULL)
    {
      /* Only the parameters the statement has: some take none. */
      if (sqlite3_bind_parameter_count (stmt) >= 1)
        ld_store_bind_text (stmt, 1, a);
      if (sqlite3_bind_parameter_count (stmt) >= 2)
        ld_store_bind_text (stmt, 2, b);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (ids, ld_store_column_dup (stmt, 0));
      sqlite3_reset (stmt);
    }
  ld_store_rollback (store);
  return stmt ? g_steal_pointer (&ids) : NULL;
}

/**
 * ld_broker_repo_expire_due:
 *
 * Records the expiry of every registered or suspended broker whose validity
 * ended before @today, each as its own audited act.
 *
 * Returns: how many expired, or -1 with @error
 */
gint64
ld_broker_repo_expire_due (LdStore        *store,
                           const LdActor  *actor,
                           const char     *today,
                           GError        **error)
{
  g_autofree char *real_today = _ld_broker_repo_today_utc ();
  const char *day = today && today[0] ? today : real_today;
  g_autoptr(GPtrArray) ids = NULL;

  /* A date after today would expire registrations still in force. */
  if (!ld_broker_check_act_date (actor, LD_BROKER_ACTION_EXPIRE, today, real_today, NULL, error))
    return -1;
  ids = _ld_broker_repo_select_ids (store, "SELECT id FROM broker WHERE status IN ('registered', 'suspended')"
                                           " AND valid_until < ?1 AND voided_at IS NULL", day, NULL, error);
  if (ids == NULL)
    return -1;
  for (guint i = 0; i < ids->len; i++)
    if (!ld_broker_repo_act (store, actor, g_ptr_array_index (ids, i), LD_BROKER_ACTION_EXPIRE, NULL, day, error))
      return -1;
  return ids->len;
}

/**
 * ld_broker_repo_renewal_due:
 * @window_days: how far ahead to look
 *
 * Returns: (transfer full) (element-type LdBrokerRecord): registered brokers
 *   whose validity ends between @today and @window_days later, soonest first
 */
GPtrArray *
ld_broker_repo_renewal_due (LdStore     *store,
                            const char  *today,
                            guint        window_days,
                            GError     **error)
{
  g_autofree char *day = today ? g_strdup (today) : _ld_broker_repo_today_utc ();
  g_autofree char *last = date_add (day, 0, (int) window_days);
  g_autoptr(GPtrArray) ids = _ld_broker_repo_select_ids (store, "SELECT id FROM broker WHERE status = 'registered'"
                                                " AND valid_until >= ?1 AND valid_until <= ?2"
                                                " AND voided_at IS NULL ORDER BY valid_until, id",
                                         day, last, error);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_broker_record_free);

  if (ids == NULL)
    return NULL;
  for (guint i = 0; i < ids->len; i++)
    {
      LdBrokerRecord *r = ld_broker_repo_get (store, g_ptr_array_index (ids, i), error);

      if (r == NULL)
        return NULL;
      g_ptr_array_add (records, r);
    }
  return g_steal_pointer (&records);
}

static gboolean
insert_person (LdStore               *store,
               const LdActor         *actor,
               const char            *person_id,
               const char            *broker_id,
               const LdBrokerPerson  *p,
               GError               **error)
{
  g_autofree char *now = ld_store_now_utc ();
  g_autofree char *name = _ld_broker_repo_clean_text (p->full_name);
  g_autofree char *nationality = g_ascii_strup (p->nationality, -1);
  g_autofree char *doc_type = _ld_broker_repo_clean_text (p->id_document_type);
  g_autofree char *doc_number = _ld_broker_repo_clean_text (p->id_document_number);
  sqlite3_stmt *stmt = ld_store_prepare (store, "INSERT INTO broker_person (id, broker_id, role, full_name,"
                                                " nationality, id_document_type, id_document_number, added_at,"
                                                " added_by) VALUES (?,?,?,?,?,?,?,?,?)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, person_id);
  ld_store_bind_text (stmt, 2, broker_id);
  ld_store_bind_text (stmt, 3, ld_broker_person_role_to_string (p->role));
  ld_store_bind_text (stmt, 4, name);
  ld_store_bind_text (stmt, 5, nationality);
  ld_store_bind_text (stmt, 6, doc_type);
  ld_store_bind_text (stmt, 7, doc_number);
  ld_store_bind_text (stmt, 8, now);
  ld_store_bind_text (stmt, 9, actor->login);
  return ld_store_step_done (store, stmt, error);
}

static gboolean
may_edit_file (const LdActor          *actor,
               const LdBrokerRecord   *r,
               GError                **error)
{
  if (!ld_actor_require (actor, LD_PERMISSION_EDIT_BROKERS, error))
    return FALSE;
  if (r->status == LD_BROKER_STATUS_REFUSED || r->status == LD_BROKER_STATUS_REVOKED)
    {
      g_set_error (error, LD_BROKER_ERROR, LD_BROKER_ERROR_FORBIDDEN_TRANSITION,
                   _("“%s” is %s; its file is closed and cannot be changed."),
                   r->draft->legal_name, ld_broker_status_get_title (r->status));
      return FALSE;
    }
  return TRUE;
}

static gboolean
add_person_locked (LdStore               *store,
                   const LdActor         *actor,
                   const char            *person_id,
                   const char            *broker_id,
                   const LdBrokerPerson  *person,
                   GError               **error)
{
  g_autoptr(LdBrokerRecord) r = _ld_broker_repo_load_record (store, broker_id, error);
  g_autofree char *after = NULL;

  /* The person's row as the central database keeps it, so that every desk
   * holds the same people (ld-carried.c). */
  if (r == NULL || !may_edit_file (actor, r, error) ||
      !insert_person (store, actor, person_id, r->id, person, error) ||
      !reindex (store, r->id, error) ||
      !(after = ld_carried_image (store, LD_CARRIED_BROKER_PERSON, person_id, error)))
    return FALSE;
  return ld_store_record_change (store, actor, "add_person", "broker_person", person_id, 0, NULL, after, error) &&
         ld_store_commit (store, error);
}

/**
 * ld_broker_repo_add_person:
 *
 * Adds an owner, a director or the empowered official to a broker's file.
 *
 * Returns: (transfer full) (nullable): the person's id
 */
char *
ld_broker_repo_add_person (LdStore               *store,
                           const LdActor         *actor,
                           const char            *broker_id,
                           const LdBrokerPerson  *person,
                           GError               **error)
{
  g_autofree char *id = g_uuid_string_random ();

  if (!ld_broker_person_validate (person, error) || !ld_store_begin (store, error))
    return NULL;
  if (!add_person_locked (store, actor, id, broker_id, person, error))
    {
      ld_store_rollback (store);
      return NULL;
    }
  return g_steal_pointer (&id);
}

/**
 * ld_broker_repo_attach:
 * @expires_on: (nullable): when the document stops being valid, YYYY-MM-DD
 *
 * Attaches a company document (certificate of incorporation, identity
 * document, police record) to a broker's file.
 *
 * Returns: (transfer full) (nullable): the attachment's id
 */
char *
ld_broker_repo_attach (LdStore        *store,
                       const LdActor  *actor,
                       const char     *broker_id,
                       GFile          *file,
                       const char     *description,
                       const char     *expires_on,
                       GError        **error)
{
  g_autoptr(LdBrokerRecord) r = ld_broker_repo_get (store, broker_id, error);

  if (r == NULL || !may_edit_file (actor, r, error))
    return NULL;
  return ld_attachments_add (store, actor, "broker", r->id, file, description, expires_on, error);
}

static gboolean
add_section (JsonObject  *object,
             const char  *name,
             LdStore     *store,
             const char  *sql,
             const char  *id,
             GError     **error)
{
  JsonNode *node = query_json_array (store, sql, id, error);

  if (node == NULL)
    return FALSE;
  json_object_set_member (object, name, node);
  return TRUE;
}

static JsonNode *
get_json_locked (LdStore     *store,
                 const char  *id_or_number,
                 GError     **error)
{
  g_autoptr(LdBrokerRecord) r = _ld_broker_repo_load_record (store, id_or_number, error);
  g_autofree char *company = r ? broker_json (store, r->id) : NULL;
  g_autoptr(JsonNode) root = company ? json_from_string (company, error) : NULL;
  JsonObject *o = root ? json_node_get_object (root) : NULL;

  /* Only for a broker renumbered by the central database: the number it was
   * registered with at its desk before the desk connected. */
  if (o != NULL && r->desk_number != NULL)
    json_object_set_string_member (o, "desk_number", r->desk_number);
  if (o == NULL ||
      !add_section (o, "people", store, "SELECT id, role, full_name, nationality, id_document_type,"
                    " id_document_number, added_at, added_by FROM broker_person WHERE broker_id = ?"
                    " AND voided_at IS NULL ORDER BY role, full_name", r->id, error) ||
      !add_section (o, "documents", store, "SELECT id, file_name, media_type, description, expires_on, added_at,"
                    " added_by FROM attachment WHERE entity = 'broker' AND record_id = ? AND voided_at IS NULL"
                    " ORDER BY added_at", r->id, error) ||
      !add_section (o, "history", store, "SELECT action, from_status, to_status, reason, actor_login, at,"
                    " effective_on, (SELECT u.display_name FROM user_profile u"
                    " WHERE u.login = broker_event.actor_login) AS actor_name"
                    " FROM broker_event WHERE broker_id = ? ORDER BY seq", r->id, error) ||
      !add_section (o, "periods", store, "SELECT valid_from, valid_until, granted_at, granted_by"
                    " FROM broker_period WHERE broker_id = ? ORDER BY valid_from", r->id, error) ||
      !add_section (o, "authorisations", store, "SELECT number, activity, description, application_ref,"
                    " valid_from, valid_until, granted_at, granted_by, number_state, (SELECT d.number"
                    " FROM desk_number d WHERE d.entity = 'broker_authorisation' AND d.record_id ="
                    " broker_authorisation.id) AS desk_number FROM broker_authorisation"
                    " WHERE broker_id = ? AND voided_at IS NULL ORDER BY number IS NULL, number, granted_at",
                    r->id, error))
    return NULL;
  return g_steal_pointer (&root);
}

/**
 * ld_broker_repo_get_json:
 *
 * The whole file of a broker: its fields, people, documents, history,
 * validity periods and authorisations, as the detail page and `broker show`
 * present them.
 *
 * Returns: (transfer full) (nullable): a JSON object
 */
JsonNode *
ld_broker_repo_get_json (LdStore     *store,
                         const char  *id_or_number,
                         GError     **error)
{
  JsonNode *node;

  if (!ld_store_begin_read (store, error))
    return NULL;
  node = get_json_locked (store, id_or_number, error);
  ld_store_rollback (store);
  return node;
}

/**
 * ld_broker_repo_list_ids:
 *
 * Returns: (transfer full) (element-type utf8): every broker's id, oldest first
 */
GPtrArray *
ld_broker_repo_list_ids (LdStore  *store,
                         GError  **error)
{
  return _ld_broker_repo_select_ids (store, "SELECT id FROM broker WHERE voided_at IS NULL"
                            " ORDER BY rowid", NULL, NULL, error);
}

/**
 * ld_broker_repo_id_for_rowid:
 *
 * The id of the broker a list row shows (lists know rows by rowid).
 *
 * Returns: (transfer full) (nullable): the id, or %NULL with @error
 */
char *
ld_broker_repo_id_for_rowid (LdStore  *store,
                             gint64    rowid,
                             GError  **error)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, rowid);
  g_autoptr(GPtrArray) ids = _ld_broker_repo_select_ids (store, "SELECT id FROM broker WHERE rowid = CAST(?1 AS INTEGER)", text, NULL, error);

  if (ids == NULL)
    return NULL;
  if (ids->len == 0)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND, _("That broker is no longer in the register."));
      return NULL;
    }
  return g_strdup (g_ptr_array_index (ids, 0));
}

