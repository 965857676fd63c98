/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-euc-repo"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-attachments.h"
#include "ld-case-repo.h"
#include "ld-euc-authority-repo.h"
#include "ld-euc-consent-repo.h"
#include "ld-euc-repo-private.h"
#include "ld-euc-repo.h"
#include "ld-pulled-image.h"
#include "ld-json-members.h"
#include "ld-section.h"
#include "ld-validate.h"

/*
 * The end-use certificate register (migration 0014-euc-register). Every field
 * is checked before a transaction starts, so bad input writes nothing; each
 * write changes the certificate's row_version and goes through
 * ld_store_record_change() with the whole certificate before and after, so the
 * audit log and the outbox see verifications, links and reuse attempts as
 * changes of one record. Nothing is deleted: a certificate is voided, a link
 * too. A refused attempt to use a certificate for a second application is
 * committed before the refusal is returned: the attempt itself is evidence.
 */

#define ENTITY "euc"

G_DEFINE_QUARK (ld-euc-repo-error-quark, ld_euc_repo_error)

static void
verification_free (gpointer data)
{
  LdEucVerification *v = data;

  g_free (v->status); g_free (v->method); g_free (v->verified_on); g_free (v->recorded_at);
  g_free (v->recorded_by_login); g_free (v);
}

static void
link_free (gpointer data)
{
  LdEucLink *l = data;

  g_free (l->application_id); g_free (l->application_reference); g_free (l->linked_at);
  g_free (l->linked_by_login); g_free (l->override_reason); g_free (l->voided_at); g_free (l);
}

static void
attempt_free (gpointer data)
{
  LdEucReuseAttempt *a = data;

  g_free (a->application_reference); g_free (a->attempted_at); g_free (a->attempted_by_login);
  g_free (a->outcome); g_free (a->reason); g_free (a);
}

static void
scan_free (gpointer data)
{
  LdEucScan *s = data;

  g_free (s->id); g_free (s->file_name); g_free (s->media_type); g_free (s->added_at); g_free (s);
}

void
ld_euc_record_free (LdEucRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->id);
  ld_euc_free (record->euc);
  g_free (record->registered_at); g_free (record->registered_by_login);
  g_free (record->voided_at); g_free (record->voided_by_login); g_free (record->void_reason);
  g_free (record->dvc_expected_by); g_free (record->dvc_received_on);
  g_clear_pointer (&record->verifications, g_ptr_array_unref);
  g_clear_pointer (&record->links, g_ptr_array_unref);
  g_clear_pointer (&record->reuse_attempts, g_ptr_array_unref);
  g_clear_pointer (&record->scans, g_ptr_array_unref);
  g_clear_pointer (&record->consents, g_ptr_array_unref);
  g_clear_pointer (&record->findings, g_ptr_array_unref);
  g_free (record);
}

static LdEucRecord *
record_new (void)
{
  LdEucRecord *r = g_new0 (LdEucRecord, 1);

  r->euc = ld_euc_new ();
  r->verifications = g_ptr_array_new_with_free_func (verification_free);
  r->links = g_ptr_array_new_with_free_func (link_free);
  r->reuse_attempts = g_ptr_array_new_with_free_func (attempt_free);
  r->scans = g_ptr_array_new_with_free_func (scan_free);
  r->consents = g_ptr_array_new_with_free_func ((GDestroyNotify) _ld_euc_consent_free);
  return r;
}

/**
 * ld_euc_record_linked_application:
 *
 * Returns: (nullable): the reference of the first application the certificate
 *   covers, or %NULL when it is linked to none
 */
const char *
ld_euc_record_linked_application (const LdEucRecord *record)
{
  for (guint i = 0; i < record->links->len; i++)
    {
      const LdEucLink *l = g_ptr_array_index (record->links, i);

      if (l->voided_at == NULL)
        return l->application_reference;
    }
  return NULL;
}

/* ---- JSON ---- */

static void
add_euc_members (JsonBuilder *b,
                 const LdEuc *euc)
{
  guint n_texts, n_flags;
  const LdEucText *texts = ld_euc_get_texts (&n_texts);
  const LdEucFlag *flags = ld_euc_get_flags (&n_flags);

  for (guint i = 0; i < n_texts; i++)
    ld_json_add_string_member (b, texts[i].key, ld_euc_text_value (euc, &texts[i]));
  json_builder_set_member_name (b, "quantity");
  if (euc->quantity > 0)
    json_builder_add_int_value (b, euc->quantity);
  else
    json_builder_add_null_value (b);
  for (guint i = 0; i < n_flags; i++)
    {
      json_builder_set_member_name (b, flags[i].key);
      json_builder_add_boolean_value (b, *ld_euc_flag_slot ((LdEuc *) euc, &flags[i]));
    }
}

/* A string member of a history record's struct, by its JSON name. */
typedef struct
{
  const char *member;
  gsize       offset;
} HistoryField;

#define FIELD(type, member, field) { member, G_STRUCT_OFFSET (type, field) }
#define END_FIELDS { NULL, 0 }

static const HistoryField verification_fields[] = {
  FIELD (LdEucVerification, "status", status), FIELD (LdEucVerification, "method", method),
  FIELD (LdEucVerification, "verified_on", verified_on), FIELD (LdEucVerification, "recorded_at", recorded_at),
  FIELD (LdEucVerification, "recorded_by", recorded_by_login), END_FIELDS,
};
static const HistoryField link_fields[] = {
  FIELD (LdEucLink, "application", application_reference), FIELD (LdEucLink, "linked_at", linked_at),
  FIELD (LdEucLink, "linked_by", linked_by_login), FIELD (LdEucLink, "override_reason", override_reason),
  FIELD (LdEucLink, "voided_at", voided_at), END_FIELDS,
};
static const HistoryField reuse_fields[] = {
  FIELD (LdEucReuseAttempt, "application", application_reference),
  FIELD (LdEucReuseAttempt, "attempted_at", attempted_at),
  FIELD (LdEucReuseAttempt, "attempted_by", attempted_by_login), FIELD (LdEucReuseAttempt, "outcome", outcome),
  FIELD (LdEucReuseAttempt, "reason", reason), END_FIELDS,
};
static const HistoryField scan_fields[] = {
  FIELD (LdEucScan, "attachment", id), FIELD (LdEucScan, "file_name", file_name),
  FIELD (LdEucScan, "media_type", media_type), FIELD (LdEucScan, "added_at", added_at), END_FIELDS,
};

#undef FIELD
#undef END_FIELDS

/* @records as an array member @name of objects, one string member a field. */
static void
add_history_array (JsonBuilder        *b,
                   const char         *name,
                   GPtrArray          *records,
                   const HistoryField *fields)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < records->len; i++)
    {
      const char *record = g_ptr_array_index (records, i);

      json_builder_begin_object (b);
      for (const HistoryField *f = fields; f->member != NULL; f++)
        ld_json_add_string_member (b, f->member, *(const char * const *) (record + f->offset));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_history (JsonBuilder       *b,
             const LdEucRecord *r)
{
  add_history_array (b, "verifications", r->verifications, verification_fields);
  add_history_array (b, "links", r->links, link_fields);
  add_history_array (b, "reuse_attempts", r->reuse_attempts, reuse_fields);
  add_history_array (b, "scans", r->scans, scan_fields);
  _ld_euc_consent_add_json (b, r);
}

/* Returns: (transfer full): the certificate with its history, as `euc show --json` prints it */
JsonNode *
ld_euc_record_to_json (const LdEucRecord *r)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  ld_json_add_string_member (b, "id", r->id);
  add_euc_members (b, r->euc);
  ld_json_add_string_member (b, "verification_status", ld_euc_status_to_string (r->status));
  ld_json_add_string_member (b, "linked_application", ld_euc_record_linked_application (r));
  json_builder_set_member_name (b, "reused");
  json_builder_add_boolean_value (b, r->reuse_attempts->len > 0);
  ld_json_add_string_member (b, "registered_at", r->registered_at);
  ld_json_add_string_member (b, "registered_by", r->registered_by_login);
  ld_json_add_string_member (b, "voided_at", r->voided_at);
  ld_json_add_string_member (b, "voided_by", r->voided_by_login);
  ld_json_add_string_member (b, "void_reason", r->void_reason);
  ld_json_add_string_member (b, "dvc_expected_by", r->dvc_expected_by);
  ld_json_add_string_member (b, "dvc_received_on", r->dvc_received_on);
  add_history (b, r);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static char *
record_json_text (const LdEucRecord *r)
{
  g_autoptr(JsonNode) node = ld_euc_record_to_json (r);

  return json_to_string (node, FALSE);
}

/* ---- reading ---- */

/* The certificate's fields as columns, in the order of ld-euc.c's field
 * table: its texts, its flags, then the quantity. Written out, so that every
 * statement is a constant; test-euc-repo's /euc-repo/every-field checks that
 * every field of the table is stored and read back. */
#define EUC_FIELDS(p) \
  p "certificate_number, " p "issuing_country, " p "issuing_authority, " p "signatory, " p "certified_on, " \
  p "issued_on, " p "expires_on, " p "item_description, " p "contract_reference, " p "contract_date, " \
  p "destination_country, " p "end_use, " p "exporter_name, " p "exporter_address, " p "end_user_name, " \
  p "end_user_position, " p "end_user_address, " p "other_parties, " p "translation, " \
  p "end_user_signature_seen, " p "undertakes_end_use_only, " p "undertakes_no_reexport, " p "undertakes_no_wmd, " \
  p "undertakes_dvc, " p "undertakes_onsite_checks, " p "original_seen, " p "quantity"

static void
read_euc (sqlite3_stmt *stmt,
          int           first,
          LdEuc        *euc)
{
  guint n_texts, n_flags;
  const LdEucText *texts = ld_euc_get_texts (&n_texts);
  const LdEucFlag *flags = ld_euc_get_flags (&n_flags);

  for (guint i = 0; i < n_texts; i++)
    *ld_euc_text_slot (euc, &texts[i]) = ld_store_column_dup (stmt, first + i);
  for (guint i = 0; i < n_flags; i++)
    *ld_euc_flag_slot (euc, &flags[i]) = sqlite3_column_int (stmt, first + n_texts + i) != 0;
  euc->quantity = sqlite3_column_int64 (stmt, first + n_texts + n_flags);
}

static LdEucRecord *
load_main (LdStore     *store,
           const char  *id,
           GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT e.rowid, e.id, e.row_version, e.verification_status, e.created_at, u.login, e.voided_at, v.login,"
    " e.void_reason, e.dvc_expected_by, e.dvc_received_on, " EUC_FIELDS ("e.")
    " FROM euc AS e LEFT JOIN user_profile AS u ON u.id = e.registered_by"
    " LEFT JOIN user_profile AS v ON v.id = e.voided_by WHERE e.id = ?", error);
  LdEucRecord *r;
  g_autofree char *status = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  ld_store_bind_text (stmt, 1, id);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_NOT_FOUND,
                     _("No end-use certificate %s is registered."), id);
      else
        ld_store_set_error (store, error, rc, "reading an end-use certificate");
      sqlite3_reset (stmt);
      return NULL;
    }
  r = record_new ();
  r->rowid = sqlite3_column_int64 (stmt, 0);
  r->id = ld_store_column_dup (stmt, 1);
  r->row_version = sqlite3_column_int64 (stmt, 2);
  status = ld_store_column_dup (stmt, 3);
  if (!ld_euc_status_from_string (status, &r->status))
    r->status = LD_EUC_UNVERIFIED;
  r->registered_at = ld_store_column_dup (stmt, 4);
  r->registered_by_login = ld_store_column_dup (stmt, 5);
  r->voided_at = ld_store_column_dup (stmt, 6);
  r->voided_by_login = ld_store_column_dup (stmt, 7);
  r->void_reason = ld_store_column_dup (stmt, 8);
  r->dvc_expected_by = ld_store_column_dup (stmt, 9);
  r->dvc_received_on = ld_store_column_dup (stmt, 10);
  read_euc (stmt, 11, r->euc);
  sqlite3_reset (stmt);
  return r;
}

static gboolean
step_rows (LdStore       *store,
           sqlite3_stmt  *stmt,
           void         (*read_row) (sqlite3_stmt *stmt, GPtrArray *into),
           GPtrArray     *into,
           GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    read_row (stmt, into);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ld_store_set_error (store, error, rc, "reading an end-use certificate's history");
      return FALSE;
    }
  return TRUE;
}

static void
read_verification (sqlite3_stmt *stmt,
                   GPtrArray    *into)
{
  LdEucVerification *v = g_new0 (LdEucVerification, 1);

  v->status = ld_store_column_dup (stmt, 0); v->method = ld_store_column_dup (stmt, 1);
  v->verified_on = ld_store_column_dup (stmt, 2); v->recorded_at = ld_store_column_dup (stmt, 3);
  v->recorded_by_login = ld_store_column_dup (stmt, 4);
  g_ptr_array_add (into, v);
}

static void
read_link (sqlite3_stmt *stmt,
           GPtrArray    *into)
{
  LdEucLink *l = g_new0 (LdEucLink, 1);

  l->application_id = ld_store_column_dup (stmt, 0); l->application_reference = ld_store_column_dup (stmt, 1);
  l->linked_at = ld_store_column_dup (stmt, 2); l->linked_by_login = ld_store_column_dup (stmt, 3);
  l->override_reason = ld_store_column_dup (stmt, 4); l->voided_at = ld_store_column_dup (stmt, 5);
  g_ptr_array_add (into, l);
}

static void
read_attempt (sqlite3_stmt *stmt,
              GPtrArray    *into)
{
  LdEucReuseAttempt *a = g_new0 (LdEucReuseAttempt, 1);

  a->application_reference = ld_store_column_dup (stmt, 0); a->attempted_at = ld_store_column_dup (stmt, 1);
  a->attempted_by_login = ld_store_column_dup (stmt, 2); a->outcome = ld_store_column_dup (stmt, 3);
  a->reason = ld_store_column_dup (stmt, 4);
  g_ptr_array_add (into, a);
}

static void
read_scan (sqlite3_stmt *stmt,
           GPtrArray    *into)
{
  LdEucScan *s = g_new0 (LdEucScan, 1);

  s->id = ld_store_column_dup (stmt, 0); s->file_name = ld_store_column_dup (stmt, 1);
  s->media_type = ld_store_column_dup (stmt, 2); s->added_at = ld_store_column_dup (stmt, 3);
  g_ptr_array_add (into, s);
}

static gboolean
load_rows (LdStore     *store,
           const char  *sql,
           const char  *id,
           void       (*read_row) (sqlite3_stmt *stmt, GPtrArray *into),
           GPtrArray   *into,
           GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  return step_rows (store, stmt, read_row, into, error);
}

static LdEucRecord *
load_record (LdStore     *store,
             const char  *id,
             GError     **error)
{
  g_autoptr(LdEucRecord) r = load_main (store, id, error);

  if (r == NULL ||
      !load_rows (store, "SELECT v.status, v.method, v.verified_on, v.recorded_at, u.login FROM euc_verification_event AS v"
                         " LEFT JOIN user_profile AS u ON u.id = v.recorded_by WHERE v.euc_id = ?"
                         " ORDER BY v.recorded_at, v.rowid", id, read_verification, r->verifications, error) ||
      !load_rows (store, "SELECT l.application_id, a.reference, l.linked_at, u.login, l.override_reason, l.voided_at"
                         " FROM euc_link AS l JOIN application AS a ON a.id = l.application_id"
                         " LEFT JOIN user_profile AS u ON u.id = l.linked_by WHERE l.euc_id = ?"
                         " ORDER BY l.linked_at, l.rowid", id, read_link, r->links, error) ||
      !load_rows (store, "SELECT a.reference, t.attempted_at, u.login, t.outcome, t.reason FROM euc_reuse_attempt AS t"
                         " JOIN application AS a ON a.id = t.application_id"
                         " LEFT JOIN user_profile AS u ON u.id = t.attempted_by WHERE t.euc_id = ?"
                         " ORDER BY t.attempted_at, t.rowid", id, read_attempt, r->reuse_attempts, error) ||
      !load_rows (store, "SELECT id, file_name, media_type, added_at FROM attachment"
                         " WHERE entity = 'euc' AND record_id = ? AND voided_at IS NULL ORDER BY added_at, rowid",
                  id, read_scan, r->scans, error) ||
      !_ld_euc_consent_repo_load (store, id, r->consents, error))
    return NULL;
  return g_steal_pointer (&r);
}

/* Finds a certificate by its id or its number; a number that two issuing
 * states both used must be given as the id. */
static char *
find_id (LdStore     *store,
         const char  *id_or_number,
         GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT id FROM euc WHERE id = ?1 OR certificate_number = ?1 ORDER BY voided_at IS NOT NULL, created_at LIMIT 3",
    error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *clean = ld_text_normalize_input (id_or_number);
  int rc;

  if (stmt == NULL)
    return NULL;
  ld_store_bind_text (stmt, 1, clean ? clean : "");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, ld_store_column_dup (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ld_store_set_error (store, error, rc, "finding an end-use certificate");
      return NULL;
    }
  if (ids->len == 0)
    g_set_error (error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_NOT_FOUND,
                 _("No end-use certificate “%s” is registered. Check the number, or register the certificate "
                   "first."), clean ? clean : "");
  else if (ids->len > 1)
    g_set_error (error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_AMBIGUOUS,
                 _("Several registered certificates have the number “%s”; name the one you mean by its id "
                   "(see “licence-desk-admin euc list”)."), clean);
  return ids->len == 1 ? g_strdup (g_ptr_array_index (ids, 0)) : NULL;
}

/**
 * ld_euc_repo_get:
 * @id_or_number: the certificate's id or its number
 *
 * Returns: (transfer full) (nullable): the certificate with its verification
 *   history, links, reuse attempts and scans
 */
LdEucRecord *
ld_euc_repo_get (LdStore     *store,
                 const char  *id_or_number,
                 GError     **error)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (LD_IS_STORE (store), NULL);

  if ((id = find_id (store, id_or_number, error)) == NULL)
    return NULL;
  return load_record (store, id, error);
}

/**
 * ld_euc_repo_list:
 *
 * Returns: (transfer container) (element-type LdEucRecord): every certificate
 *   without its history, most recently issued first
 */
GPtrArray *
ld_euc_repo_list (LdStore   *store,
                  gboolean   include_voided,
                  GError   **error)
{
  return ld_euc_repo_list_page (store, include_voided, 0, -1, NULL, error);
}

static gboolean
count_listed (LdStore   *store,
              gboolean   include_voided,
              gint64    *out_total,
              GError   **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT count(*) FROM euc WHERE ?1 OR voided_at IS NULL", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, include_voided);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    *out_total = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    ld_store_set_error (store, error, rc, "counting end-use certificates");
  return rc == SQLITE_ROW;
}

/**
 * ld_euc_repo_list_page:
 * @offset: how many certificates to skip
 * @limit: at most this many; -1 for all
 * @out_total: (out) (optional): how many there are in all
 *
 * Returns: (transfer container) (element-type LdEucRecord): one page of the
 *   certificates without their history, most recently issued first
 */
GPtrArray *
ld_euc_repo_list_page (LdStore   *store,
                       gboolean   include_voided,
                       gint64     offset,
                       gint64     limit,
                       gint64    *out_total,
                       GError   **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT id FROM euc WHERE ?1 OR voided_at IS NULL ORDER BY issued_on DESC, certificate_number, rowid"
    " LIMIT ?2 OFFSET ?3", error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_euc_record_free);
  int rc;

  if (stmt == NULL || (out_total && !count_listed (store, include_voided, out_total, error)))
    return NULL;
  sqlite3_bind_int (stmt, 1, include_voided);
  sqlite3_bind_int64 (stmt, 2, limit);
  sqlite3_bind_int64 (stmt, 3, MAX (offset, 0));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, ld_store_column_dup (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ld_store_set_error (store, error, rc, "listing end-use certificates");
      return NULL;
    }
  for (guint i = 0; i < ids->len; i++)
    {
      LdEucRecord *r = load_main (store, g_ptr_array_index (ids, i), error);

      if (r == NULL)
        return NULL;
      g_ptr_array_add (records, r);
    }
  return g_steal_pointer (&records);
}

/* ---- writing ---- */

static gboolean
reindex (LdStore      *store,
         gint64        rowid,
         const LdEuc  *euc,
         GError      **error)
{
  const char *texts[] = { euc->certificate_number, euc->end_user_name, euc->issuing_authority, euc->exporter_name,
                          euc->contract_reference, euc->signatory, NULL };
  g_autoptr(GPtrArray) present = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (texts) - 1; i++)
    if (texts[i])
      g_ptr_array_add (present, (gpointer) texts[i]);
  g_ptr_array_add (present, NULL);
  return ld_section_index_record (store, ld_section_lookup ("eucs"), rowid,
                                  (const char * const *) present->pdata, error);
}

static gboolean
refuse_duplicate (LdStore      *store,
                  const LdEuc  *euc,
                  GError      **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT created_at, voided_at IS NOT NULL FROM euc WHERE issuing_country = ? AND certificate_number = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, euc->issuing_country);
  ld_store_bind_text (stmt, 2, euc->certificate_number);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_autofree char *when = ld_store_column_dup (stmt, 0);

      g_set_error (error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_EXISTS,
                   sqlite3_column_int (stmt, 1)
                     ? _("Certificate %s of %s was registered on %.10s and voided; a voided number cannot be "
                         "registered again. Ask the issuing authority whether this is a new certificate.")
                     : _("Certificate %s of %s is already registered (on %.10s); open it rather than registering "
                         "it again."),
                   euc->certificate_number, euc->issuing_country, when);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    ld_store_set_error (store, error, rc, "checking for a registered certificate");
  return rc == SQLITE_DONE;
}

/* A field's value is bound to the parameter named after its key. */
static gboolean
bind_field (sqlite3_stmt  *stmt,
            const char    *key,
            int           *out_index,
            GError       **error)
{
  g_autofree char *name = g_strconcat (":", key, NULL);

  *out_index = sqlite3_bind_parameter_index (stmt, name);
  if (*out_index > 0)
    return TRUE;
  /* A field added to ld-euc.c but not to the statement: never stored silently. */
  g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_FAILED, "the certificate's field %s has no column", key);
  return FALSE;
}

static gboolean
bind_fields (sqlite3_stmt  *stmt,
             const LdEuc   *euc,
             GError       **error)
{
  guint n_texts, n_flags;
  const LdEucText *texts = ld_euc_get_texts (&n_texts);
  const LdEucFlag *flags = ld_euc_get_flags (&n_flags);
  int index;

  for (guint i = 0; i < n_texts; i++)
    {
      if (!bind_field (stmt, texts[i].key, &index, error))
        return FALSE;
      ld_store_bind_text (stmt, index, ld_euc_text_value (euc, &texts[i]));
    }
  for (guint i = 0; i < n_flags; i++)
    {
      if (!bind_field (stmt, flags[i].key, &index, error))
        return FALSE;
      sqlite3_bind_int (stmt, index, *ld_euc_flag_slot ((LdEuc *) euc, &flags[i]) != 0);
    }
  if (!bind_field (stmt, "quantity", &index, error))
    return FALSE;
  if (euc->quantity > 0)
    sqlite3_bind_int64 (stmt, index, euc->quantity);
  else
    sqlite3_bind_null (stmt, index);
  return TRUE;
}

/* ---- the central database's image ---- */

static LdEuc *
euc_from_image (JsonObject *image)
{
  g_autoptr(LdEuc) euc = ld_euc_new ();
  guint n_texts, n_flags;
  const LdEucText *texts = ld_euc_get_texts (&n_texts);
  const LdEucFlag *flags = ld_euc_get_flags (&n_flags);

  for (guint i = 0; i < n_texts; i++)
    *ld_euc_text_slot (euc, &texts[i]) = g_strdup (ld_pulled_image_text (image, texts[i].key));
  for (guint i = 0; i < n_flags; i++)
    *ld_euc_flag_slot (euc, &flags[i]) = ld_pulled_image_flag (image, flags[i].key);
  euc->quantity = ld_pulled_image_int (image, "quantity", 0);
  return g_steal_pointer (&euc);
}

static gboolean
upsert_euc_image (LdStore        *store,
                  const LdActor  *actor,
                  const char     *id,
                  JsonObject     *image,
                  const LdEuc    *euc,
                  GError        **error)
{
  g_autofree char *now = ld_store_now_utc ();
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO euc (" EUC_FIELDS ("") ", id, verification_status, registered_by, created_at, updated_at,"
    " dvc_expected_by, dvc_received_on, voided_at, void_reason)"
    " VALUES (:certificate_number, :issuing_country, :issuing_authority, :signatory, :certified_on, :issued_on,"
    " :expires_on, :item_description, :contract_reference, :contract_date, :destination_country, :end_use,"
    " :exporter_name, :exporter_address, :end_user_name, :end_user_position, :end_user_address, :other_parties,"
    " :translation, :end_user_signature_seen, :undertakes_end_use_only, :undertakes_no_reexport,"
    " :undertakes_no_wmd, :undertakes_dvc, :undertakes_onsite_checks, :original_seen, :quantity,"
    " :id, :status, :registered_by, :now, :now, :dvc_expected_by, :dvc_received_on, :voided_at, :void_reason)"
    " ON CONFLICT (id) DO UPDATE SET (" EUC_FIELDS ("") ") = (" EUC_FIELDS ("excluded.") "),"
    " row_version = row_version + 1, verification_status = excluded.verification_status,"
    " updated_at = excluded.updated_at, dvc_expected_by = excluded.dvc_expected_by,"
    " dvc_received_on = excluded.dvc_received_on, voided_at = excluded.voided_at,"
    " void_reason = excluded.void_reason", error);

  if (stmt == NULL)
    return FALSE;
  if (!bind_fields (stmt, euc, error))
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return FALSE;
    }
  ld_store_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":id"), id);
  ld_store_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":status"),
                      ld_pulled_image_text (image, "verification_status"));
  ld_store_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":registered_by"), actor->user_id);
  ld_store_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":now"), now);
  ld_store_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":dvc_expected_by"),
                      ld_pulled_image_text (image, "dvc_expected_by"));
  ld_store_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":dvc_received_on"),
                      ld_pulled_image_text (image, "dvc_received_on"));
  ld_store_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":voided_at"), ld_pulled_image_text (image, "voided_at"));
  ld_store_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":void_reason"),
                      ld_pulled_image_text (image, "void_reason"));
  return ld_store_step_done (store, stmt, error);
}

/* The image's links to cases this desk holds, which it has not linked yet:
 * the case page finds its certificate through them. */
static gboolean
add_image_links (LdStore     *store,
                 const char  *id,
                 JsonObject  *image,
                 GError     **error)
{
  JsonArray *links = ld_pulled_image_array (image, "links");

  for (guint i = 0; links && i < json_array_get_length (links); i++)
    {
      JsonNode *node = json_array_get_element (links, i);
      JsonObject *link = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autofree char *link_id = g_uuid_string_random ();
      const char *by = ld_pulled_image_text (link, "linked_by");
      sqlite3_stmt *stmt;

      if (ld_pulled_image_text (link, "voided_at") != NULL || ld_pulled_image_text (link, "application") == NULL)
        continue;
      stmt = ld_store_prepare (store,
        "INSERT INTO euc_link (id, euc_id, application_id, linked_at, linked_by, override_reason)"
        " SELECT ?1, ?2, a.id, ?4, coalesce ((SELECT u.id FROM user_profile u WHERE u.login = ?5), ?5, ''), ?6"
        " FROM application a WHERE a.reference = ?3 AND a.voided_at IS NULL AND NOT EXISTS (SELECT 1 FROM euc_link l"
        " WHERE l.euc_id = ?2 AND l.application_id = a.id AND l.voided_at IS NULL)", error);
      if (stmt == NULL)
        return FALSE;
      ld_store_bind_text (stmt, 1, link_id);
      ld_store_bind_text (stmt, 2, id);
      ld_store_bind_text (stmt, 3, ld_pulled_image_text (link, "application"));
      ld_store_bind_text (stmt, 4, ld_pulled_image_text (link, "linked_at") ?: "");
      ld_store_bind_text (stmt, 5, by);
      ld_store_bind_text (stmt, 6, ld_pulled_image_text (link, "override_reason"));
      if (!ld_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * _ld_euc_repo_apply_image:
 * @image: the certificate as the central database holds it
 *   (ld_euc_record_to_json()'s members)
 * @out_changed: (out): whether the register's certificate changed
 *
 * Writes the server's image of an end-use certificate into the register
 * inside the caller's transaction: its fields, verification state, delivery
 * verification, voiding and links to cases the desk holds, and its search
 * keys, through the audited write path. An image without a number, issuing
 * country, end user, issue date or verification state is refused.
 */
gboolean
_ld_euc_repo_apply_image (LdStore        *store,
                          const LdActor  *actor,
                          const char     *action,
                          const char     *id,
                          JsonObject     *image,
                          gboolean       *out_changed,
                          GError        **error)
{
  g_autoptr(LdEucRecord) held = load_record (store, id, NULL);
  g_autoptr(LdEucRecord) after = NULL;
  g_autoptr(LdEuc) euc = euc_from_image (image);
  g_autofree char *before_json = held ? record_json_text (held) : NULL;
  g_autofree char *after_json = NULL;
  LdEucStatus status;

  *out_changed = FALSE;
  if (euc->certificate_number == NULL || euc->issuing_country == NULL || euc->end_user_name == NULL ||
      euc->issued_on == NULL ||
      !ld_euc_status_from_string (ld_pulled_image_text (image, "verification_status"), &status))
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_MISSING,
                   _("The central database's end-use certificate %s has no number, issuing country, end user, "
                     "issue date or verification state."), id);
      return FALSE;
    }
  if (!upsert_euc_image (store, actor, id, image, euc, error) || !add_image_links (store, id, image, error))
    return FALSE;
  after = load_record (store, id, error);
  if (after == NULL)
    return FALSE;
  after_json = record_json_text (after);
  if (g_strcmp0 (before_json, after_json) == 0)
    return TRUE;
  *out_changed = TRUE;
  return reindex (store, after->rowid, after->euc, error) &&
         ld_store_record_change (store, actor, action, ENTITY, id, held ? held->row_version : 0, before_json,
                                 after_json, error);
}

static gboolean
insert_euc (LdStore        *store,
            const LdActor  *actor,
            const char     *id,
            const LdEuc    *euc,
            LdEucStatus     status,
            GError        **error)
{
  g_autofree char *now = ld_store_now_utc ();
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO euc (" EUC_FIELDS ("") ", id, verification_status, registered_by, created_at, updated_at)"
    " VALUES (:certificate_number, :issuing_country, :issuing_authority, :signatory, :certified_on, :issued_on,"
    " :expires_on, :item_description, :contract_reference, :contract_date, :destination_country, :end_use,"
    " :exporter_name, :exporter_address, :end_user_name, :end_user_position, :end_user_address, :other_parties,"
    " :translation, :end_user_signature_seen, :undertakes_end_use_only, :undertakes_no_reexport,"
    " :undertakes_no_wmd, :undertakes_dvc, :undertakes_onsite_checks, :original_seen, :quantity,"
    " :id, :status, :registered_by, :now, :now)", error);

  if (stmt == NULL)
    return FALSE;
  if (!bind_fields (stmt, euc, error))
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return FALSE;
    }
  ld_store_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":id"), id);
  ld_store_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":status"), ld_euc_status_to_string (status));
  ld_store_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":registered_by"), actor->user_id);
  ld_store_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":now"), now);
  return ld_store_step_done (store, stmt, error);
}

/* Writes the audit entry of a change to certificate @id from @before. */
static LdEucRecord *
finish_change (LdStore            *store,
               const LdActor      *actor,
               const char         *action,
               const char         *id,
               const LdEucRecord  *before,
               GError            **error)
{
  g_autoptr(LdEucRecord) after = load_record (store, id, error);
  g_autofree char *before_json = before ? record_json_text (before) : NULL;
  g_autofree char *after_json = NULL;

  if (after == NULL)
    return NULL;
  after_json = record_json_text (after);
  if (!ld_store_record_change (store, actor, action, ENTITY, id, before ? before->row_version : 0, before_json,
                               after_json, error))
    return NULL;
  return g_steal_pointer (&after);
}

gboolean
_ld_euc_repo_insert (LdStore        *store,
                     const LdActor  *actor,
                     const LdEuc    *euc,
                     LdEucStatus     status,
                     char          **out_id,
                     GError        **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(LdEucRecord) after = NULL;

  if (!refuse_duplicate (store, euc, error) || !insert_euc (store, actor, id, euc, status, error) ||
      !reindex (store, ld_store_last_insert_rowid (store), euc, error) ||
      !(after = finish_change (store, actor, "euc_register", id, NULL, error)))
    return FALSE;
  if (out_id)
    *out_id = g_steal_pointer (&id);
  return TRUE;
}

static char *
today_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* Where the office keeps a list of a state's issuing authorities, a
 * certificate naming another authority is refused: it may be forged. */
static gboolean
check_authority_listed (LdStore      *store,
                        const LdEuc  *euc,
                        const char  **out_field,
                        GError      **error)
{
  gboolean listed = FALSE, known = FALSE;

  if (euc->issuing_authority == NULL)
    return TRUE;
  if (!ld_euc_authority_repo_lookup (store, euc->issuing_country, euc->issuing_authority, &listed, &known, NULL, error))
    return FALSE;
  if (!listed || known)
    return TRUE;
  g_set_error (error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_NOT_FOUND,
               _("“%s” is not a known issuing authority of %s. Compare the certificate with the specimens of "
                 "the authorities on the list (licence-desk-admin euc authorities), or ask the administrator to "
                 "add this authority once confirmed."), euc->issuing_authority, euc->issuing_country);
  if (out_field)
    *out_field = "issuing_authority";
  return FALSE;
}

/**
 * ld_euc_repo_register:
 * @out_field: (out) (optional): on a validation error, the key of the field at fault
 *
 * Registers a certificate as unverified. Officers who record applications do this.
 *
 * Returns: (transfer full) (nullable): the registered certificate
 */
LdEucRecord *
ld_euc_repo_register (LdStore        *store,
                      const LdActor  *actor,
                      const LdEuc    *euc,
                      const char    **out_field,
                      GError        **error)
{
  g_autoptr(LdEuc) clean = ld_euc_copy (euc);
  g_autofree char *today = today_text ();
  g_autofree char *id = NULL;
  GError *local_error = NULL;
  LdEucRecord *r;

  g_return_val_if_fail (LD_IS_STORE (store), NULL);

  if (out_field)
    *out_field = NULL;
  ld_euc_normalize (clean);
  if (!ld_actor_require (actor, LD_PERMISSION_EDIT_APPLICATIONS, error) ||
      !ld_euc_validate (clean, today, out_field, error) ||
      !check_authority_listed (store, clean, out_field, error) ||
      !ld_store_begin (store, error))
    return NULL;
  if (!_ld_euc_repo_insert (store, actor, clean, LD_EUC_UNVERIFIED, &id, &local_error) ||
      !ld_store_commit (store, &local_error))
    {
      ld_store_rollback (store);
      if (out_field && g_error_matches (local_error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_EXISTS))
        *out_field = "certificate_number";
      g_propagate_error (error, local_error);
      return NULL;
    }
  r = load_record (store, id, error);
  return r;
}

static gboolean
bump_version (LdStore     *store,
              const char  *id,
              const char  *status,
              GError     **error)
{
  g_autofree char *now = ld_store_now_utc ();
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "UPDATE euc SET row_version = row_version + 1, updated_at = ?, verification_status = coalesce (?, verification_status)"
    " WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, now);
  ld_store_bind_text (stmt, 2, status);
  ld_store_bind_text (stmt, 3, id);
  return ld_store_step_done (store, stmt, error);
}

/* Loads the certificate inside the write transaction; a voided one takes no more acts. */
static LdEucRecord *
begin_change (LdStore     *store,
              const char  *id_or_number,
              GError     **error)
{
  g_autoptr(LdEucRecord) r = NULL;

  if (!ld_store_begin (store, error))
    return NULL;
  if ((r = ld_euc_repo_get (store, id_or_number, error)) != NULL && r->voided_at != NULL)
    g_set_error (error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_VOIDED,
                 _("Certificate %s was voided on %.10s (%s); it takes no more verifications or links."),
                 r->euc->certificate_number, r->voided_at, r->void_reason);
  if (r == NULL || r->voided_at != NULL)
    {
      ld_store_rollback (store);
      return NULL;
    }
  return g_steal_pointer (&r);
}

static LdEucRecord *
commit_change (LdStore            *store,
               const LdActor      *actor,
               const char         *action,
               const LdEucRecord  *before,
               GError            **error)
{
  g_autoptr(LdEucRecord) after = finish_change (store, actor, action, before->id, before, error);

  if (after == NULL || !ld_store_commit (store, error))
    {
      ld_store_rollback (store);
      return NULL;
    }
  return g_steal_pointer (&after);
}

static gboolean
insert_verification (LdStore        *store,
                     const LdActor  *actor,
                     const char     *euc_id,
                     LdEucStatus     status,
                     const char     *method,
                     const char     *verified_on,
                     GError        **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *now = ld_store_now_utc ();
  g_autofree char *clean_method = ld_text_normalize_input (method);
  g_autofree char *clean_date = ld_text_normalize_input (verified_on);
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO euc_verification_event (id, euc_id, status, method, verified_on, recorded_at, recorded_by)"
    " VALUES (?,?,?,?,?,?,?)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  ld_store_bind_text (stmt, 2, euc_id);
  ld_store_bind_text (stmt, 3, ld_euc_status_to_string (status));
  ld_store_bind_text (stmt, 4, clean_method);
  ld_store_bind_text (stmt, 5, clean_date);
  ld_store_bind_text (stmt, 6, now);
  ld_store_bind_text (stmt, 7, actor->user_id);
  return ld_store_step_done (store, stmt, error) &&
         bump_version (store, euc_id, ld_euc_status_to_string (status), error);
}

/**
 * ld_euc_repo_verify:
 * @method: how the office verified it (with whom, by which channel)
 * @verified_on: the day of the answer, YYYY-MM-DD
 *
 * Records a verification and sets the certificate's status. Officers who
 * assess applications do this; the history keeps every verification.
 *
 * Returns: (transfer full) (nullable): the certificate after the change
 */
LdEucRecord *
ld_euc_repo_verify (LdStore        *store,
                    const LdActor  *actor,
                    const char     *id_or_number,
                    LdEucStatus     status,
                    const char     *method,
                    const char     *verified_on,
                    const char    **out_field,
                    GError        **error)
{
  g_autofree char *today = today_text ();
  g_autoptr(LdEucRecord) before = NULL;

  g_return_val_if_fail (LD_IS_STORE (store), NULL);

  if (!ld_actor_require (actor, LD_PERMISSION_ASSESS_APPLICATIONS, error) ||
      !ld_euc_validate_verification (status, method, verified_on, today, out_field, error) ||
      !(before = begin_change (store, id_or_number, error)))
    return NULL;
  if (!insert_verification (store, actor, before->id, status, method, verified_on, error))
    {
      ld_store_rollback (store);
      return NULL;
    }
  return commit_change (store, actor, "euc_verify", before, error);
}

/* ---- one certificate, one transaction ---- */

static char *
find_application (LdStore     *store,
                  const char  *application,
                  GError     **error)
{
  g_autofree char *clean = ld_text_normalize_input (application);
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT id FROM application WHERE (id = ?1 OR reference = ?1) AND voided_at IS NULL", error);
  char *id = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  ld_store_bind_text (stmt, 1, clean ? clean : "");
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    id = ld_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_NOT_FOUND,
                 _("No application “%s” is recorded; give the application's reference, e.g. EXP-2026-0000123."),
                 clean ? clean : "");
  else if (rc != SQLITE_ROW)
    ld_store_set_error (store, error, rc, "finding an application");
  return id;
}

static gboolean
insert_link (LdStore        *store,
             const LdActor  *actor,
             const char     *euc_id,
             const char     *application_id,
             const char     *override_reason,
             GError        **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *now = ld_store_now_utc ();
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO euc_link (id, euc_id, application_id, linked_at, linked_by, override_reason) VALUES (?,?,?,?,?,?)",
    error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  ld_store_bind_text (stmt, 2, euc_id);
  ld_store_bind_text (stmt, 3, application_id);
  ld_store_bind_text (stmt, 4, now);
  ld_store_bind_text (stmt, 5, actor->user_id);
  ld_store_bind_text (stmt, 6, override_reason);
  return ld_store_step_done (store, stmt, error) && bump_version (store, euc_id, NULL, error);
}

static gboolean
insert_attempt (LdStore        *store,
                const LdActor  *actor,
                const char     *euc_id,
                const char     *application_id,
                const char     *outcome,
                const char     *reason,
                GError        **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *now = ld_store_now_utc ();
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO euc_reuse_attempt (id, euc_id, application_id, attempted_at, attempted_by, outcome, reason)"
    " VALUES (?,?,?,?,?,?,?)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  ld_store_bind_text (stmt, 2, euc_id);
  ld_store_bind_text (stmt, 3, application_id);
  ld_store_bind_text (stmt, 4, now);
  ld_store_bind_text (stmt, 5, actor->user_id);
  ld_store_bind_text (stmt, 6, outcome);
  ld_store_bind_text (stmt, 7, reason);
  return ld_store_step_done (store, stmt, error) && bump_version (store, euc_id, NULL, error);
}

gboolean
_ld_euc_repo_link_first (LdStore        *store,
                         const LdActor  *actor,
                         const char     *euc_id,
                         const char     *application_id,
                         GError        **error)
{
  g_autoptr(LdEucRecord) before = load_record (store, euc_id, error);
  g_autoptr(LdEucRecord) after = NULL;

  return before != NULL && insert_link (store, actor, euc_id, application_id, NULL, error) &&
         (after = finish_change (store, actor, "euc_link", euc_id, before, error)) != NULL;
}

static const LdEucLink *
link_in_force (const LdEucRecord *r,
               const char        *application_id)
{
  for (guint i = 0; i < r->links->len; i++)
    {
      const LdEucLink *l = g_ptr_array_index (r->links, i);

      if (l->voided_at == NULL && (application_id == NULL || g_str_equal (l->application_id, application_id)))
        return l;
    }
  return NULL;
}

/* Keeps the refused attempt, commits it, then reports the refusal. */
static LdEucRecord *
refuse_reuse (LdStore            *store,
              const LdActor      *actor,
              const LdEucRecord  *before,
              const char         *application_id,
              const char         *reason,
              const char         *covered,
              GError            **error)
{
  g_autoptr(LdEucRecord) after = NULL;
  gboolean senior = ld_actor_require (actor, LD_PERMISSION_DECIDE_APPLICATIONS, NULL);

  if (!insert_attempt (store, actor, before->id, application_id, "refused", reason, error) ||
      !(after = commit_change (store, actor, "euc_reuse_refused", before, error)))
    {
      ld_store_rollback (store);
      return NULL;
    }
  g_set_error (error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_REUSE_REFUSED,
               senior
                 ? _("Certificate %s already covers application %s; one certificate covers one transaction. The "
                     "attempt has been recorded. To link it anyway (e.g. for a corrected re-submission), give "
                     "the reason.")
                 : _("Certificate %s already covers application %s; one certificate covers one transaction. The "
                     "attempt has been recorded. Only a senior licensing officer may link it to a second "
                     "application, with a reason."),
               before->euc->certificate_number, covered);
  return NULL;
}

static gboolean
check_linkable (const LdEucRecord  *r,
                GError            **error)
{
  if (ld_euc_status_may_link (r->status))
    return TRUE;
  g_set_error (error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_NOT_LINKABLE,
               _("Certificate %s is recorded as “%s”; it cannot cover any application. Ask the applicant for a "
                 "valid certificate."), r->euc->certificate_number, ld_euc_status_title (r->status));
  return FALSE;
}

/**
 * ld_euc_repo_link:
 * @application: the application's reference or id
 * @reason: (nullable): why a certificate that already covers another
 *   application is linked to this one as well; only a senior officer may
 *
 * Links a certificate to the application it covers. A second application is
 * refused, and the refused attempt is kept and flagged on the certificate,
 * unless a senior officer gives a reason; the allowed attempt is kept too.
 *
 * Returns: (transfer full) (nullable): the certificate after the change
 */
LdEucRecord *
ld_euc_repo_link (LdStore        *store,
                  const LdActor  *actor,
                  const char     *id_or_number,
                  const char     *application,
                  const char     *reason,
                  GError        **error)
{
  g_autoptr(LdEucRecord) before = NULL;
  g_autofree char *application_id = NULL;
  g_autofree char *clean_reason = ld_text_normalize_input (reason);
  const LdEucLink *other;

  g_return_val_if_fail (LD_IS_STORE (store), NULL);

  if (clean_reason && clean_reason[0] == '\0')
    g_clear_pointer (&clean_reason, g_free);
  if (!ld_actor_require (actor, LD_PERMISSION_EDIT_APPLICATIONS, error) ||
      !ld_validate_text (_("Reason"), clean_reason, LD_TEXT_PARAGRAPH, error) ||
      !(before = begin_change (store, id_or_number, error)))
    return NULL;
  if (!check_linkable (before, error) || !(application_id = find_application (store, application, error)))
    goto fail;
  if (link_in_force (before, application_id))
    {
      g_set_error (error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_EXISTS,
                   _("Certificate %s is already linked to application %s."), before->euc->certificate_number,
                   ld_euc_record_linked_application (before));
      goto fail;
    }
  if ((other = link_in_force (before, NULL)) != NULL)
    {
      if (clean_reason == NULL || !ld_actor_require (actor, LD_PERMISSION_DECIDE_APPLICATIONS, NULL))
        return refuse_reuse (store, actor, before, application_id, clean_reason, other->application_reference,
                             error);
      if (!insert_attempt (store, actor, before->id, application_id, "allowed", clean_reason, error))
        goto fail;
    }
  if (!insert_link (store, actor, before->id, application_id, other ? clean_reason : NULL, error))
    goto fail;
  return commit_change (store, actor, other ? "euc_link_second" : "euc_link", before, error);

fail:
  ld_store_rollback (store);
  return NULL;
}

static gboolean
write_dvc (LdStore      *store,
           const char   *id,
           const char   *expected_by,
           const char   *received_on,
           GError      **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "UPDATE euc SET dvc_expected_by = coalesce (?, dvc_expected_by), dvc_received_on = coalesce (?, dvc_received_on)"
    " WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, expected_by);
  ld_store_bind_text (stmt, 2, received_on);
  ld_store_bind_text (stmt, 3, id);
  return ld_store_step_done (store, stmt, error) && bump_version (store, id, NULL, error);
}

static gboolean
validate_dvc_dates (const char   *expected_by,
                    const char   *received_on,
                    const char   *today,
                    GError      **error)
{
  g_autoptr(GDate) expected = NULL;
  g_autoptr(GDate) received = NULL;
  g_autoptr(GDate) now = ld_parse_date ("today", today, NULL);

  if (expected_by == NULL && received_on == NULL)
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_REQUIRED,
                   _("Give the day the delivery verification certificate is expected by, or the day it came."));
      return FALSE;
    }
  if (expected_by && !(expected = ld_parse_date (_("DVC expected by"), expected_by, error)))
    return FALSE;
  if (received_on && !(received = ld_parse_date (_("DVC received on"), received_on, error)))
    return FALSE;
  if (received && now && g_date_compare (received, now) > 0)
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_OUT_OF_RANGE,
                   _("DVC received on is in the future; give the day it came."));
      return FALSE;
    }
  return TRUE;
}

/**
 * ld_euc_repo_record_dvc:
 * @expected_by: (nullable): the day the delivery verification certificate is due
 * @received_on: (nullable): the day it came
 * @scan: (nullable): its scan, an image or a PDF
 *
 * Records what the office expects or received after shipment; an expected
 * certificate that has not come by its day is a finding.
 *
 * Returns: (transfer full) (nullable): the certificate after the change
 */
LdEucRecord *
ld_euc_repo_record_dvc (LdStore        *store,
                        const LdActor  *actor,
                        const char     *id_or_number,
                        const char     *expected_by,
                        const char     *received_on,
                        GFile          *scan,
                        GError        **error)
{
  g_autofree char *today = today_text ();
  g_autofree char *expected = ld_text_normalize_input (expected_by);
  g_autofree char *received = ld_text_normalize_input (received_on);
  g_autoptr(LdEucRecord) before = NULL;
  g_autoptr(LdEucRecord) after = NULL;
  g_autofree char *attachment = NULL;

  g_return_val_if_fail (LD_IS_STORE (store), NULL);

  if (expected && expected[0] == '\0')
    g_clear_pointer (&expected, g_free);
  if (received && received[0] == '\0')
    g_clear_pointer (&received, g_free);
  if (!ld_actor_require (actor, LD_PERMISSION_EDIT_APPLICATIONS, error) ||
      !validate_dvc_dates (expected, received, today, error) ||
      (scan && !ld_euc_repo_check_scan (scan, error)) ||
      !(before = begin_change (store, id_or_number, error)))
    return NULL;
  if (!write_dvc (store, before->id, expected, received, error))
    {
      ld_store_rollback (store);
      return NULL;
    }
  if (!(after = commit_change (store, actor, "euc_dvc", before, error)))
    return NULL;
  if (scan && !(attachment = ld_attachments_add (store, actor, ENTITY, after->id, scan,
                                                 _("Delivery verification certificate"), NULL, error)))
    return NULL;
  return scan ? load_record (store, after->id, error) : g_steal_pointer (&after);
}

static gboolean
write_void (LdStore        *store,
            const LdActor  *actor,
            const char     *id,
            const char     *reason,
            GError        **error)
{
  g_autofree char *now = ld_store_now_utc ();
  g_autofree char *clean = ld_text_normalize_input (reason);
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "UPDATE euc SET voided_at = ?, voided_by = ?, void_reason = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, now);
  ld_store_bind_text (stmt, 2, actor->user_id);
  ld_store_bind_text (stmt, 3, clean);
  ld_store_bind_text (stmt, 4, id);
  return ld_store_step_done (store, stmt, error) && bump_version (store, id, NULL, error);
}

/**
 * ld_euc_repo_void:
 * @reason: why the registration was wrong or no longer stands
 *
 * Voids a registration; the certificate stays in the register with who, when
 * and why, and takes no more acts.
 *
 * Returns: (transfer full) (nullable): the certificate after the change
 */
LdEucRecord *
ld_euc_repo_void (LdStore        *store,
                  const LdActor  *actor,
                  const char     *id_or_number,
                  const char     *reason,
                  GError        **error)
{
  g_autoptr(LdEucRecord) before = NULL;

  g_return_val_if_fail (LD_IS_STORE (store), NULL);

  if (!ld_actor_require (actor, LD_PERMISSION_EDIT_APPLICATIONS, error) ||
      !ld_validate_required (_("Why the certificate is voided (--reason)"), reason, error) ||
      !ld_validate_text (_("Reason"), reason, LD_TEXT_PARAGRAPH, error) ||
      !(before = begin_change (store, id_or_number, error)))
    return NULL;
  if (!write_void (store, actor, before->id, reason, error))
    {
      ld_store_rollback (store);
      return NULL;
    }
  return commit_change (store, actor, "euc_void", before, error);
}

/**
 * ld_euc_repo_check_scan:
 *
 * Scans are images or PDFs; anything else is refused before it is stored.
 */
gboolean
ld_euc_repo_check_scan (GFile   *file,
            GError **error)
{
  g_autofree char *name = g_file_get_parse_name (file);
  g_autofree char *type = NULL;
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, NULL);
  guint8 head[4096];
  gssize n = in ? g_input_stream_read (G_INPUT_STREAM (in), head, sizeof head, NULL, NULL) : -1;
  g_autofree char *guess = NULL;
  g_autofree char *base = g_file_get_basename (file);

  if (n <= 0)
    {
      g_set_error (error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_NOT_A_SCAN,
                   _("%s cannot be read or is empty; choose the scan of the certificate."), name);
      return FALSE;
    }
  guess = g_content_type_guess (NULL, head, n, NULL);
  type = g_content_type_get_mime_type (guess);
  if (type && (g_str_has_prefix (type, "image/") || g_str_equal (type, "application/pdf")))
    return TRUE;
  g_set_error (error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_NOT_A_SCAN,
               _("%s is not an image or a PDF (it looks like %s); attach the scan of the certificate."), base,
               type ? type : _("unknown data"));
  return FALSE;
}

/**
 * ld_euc_repo_attach_scan:
 *
 * Stores a scan (an image or a PDF) of the certificate as an attachment.
 *
 * Returns: (transfer full) (nullable): the certificate after the change
 */
LdEucRecord *
ld_euc_repo_attach_scan (LdStore        *store,
                         const LdActor  *actor,
                         const char     *id_or_number,
                         GFile          *file,
                         GError        **error)
{
  g_autofree char *id = NULL;
  g_autofree char *attachment = NULL;

  g_return_val_if_fail (LD_IS_STORE (store), NULL);

  if (!ld_actor_require (actor, LD_PERMISSION_EDIT_APPLICATIONS, error) || !ld_euc_repo_check_scan (file, error) ||
      !(id = find_id (store, id_or_number, error)) ||
      !(attachment = ld_attachments_add (store, actor, ENTITY, id, file, _("Scan of the end-use certificate"),
                                         NULL, error)))
    return NULL;
  return load_record (store, id, error);
}

static guint
count_pending (const LdEucRecord *r)
{
  guint n = 0;

  for (guint i = 0; r->consents && i < r->consents->len; i++)
    n += ((const LdEucConsent *) g_ptr_array_index (r->consents, i))->status == LD_EUC_CONSENT_PENDING;
  return n;
}

static const char *
linked_application_id (const LdEucRecord *r)
{
  const LdEucLink *l = link_in_force (r, NULL);

  return l ? l->application_id : NULL;
}

/**
 * ld_euc_repo_add_findings:
 *
 * Checks @record against the application it covers (ld_euc_check()) and
 * keeps the findings in @record->findings. They depend on the day, so they
 * are never part of the audited record.
 */
gboolean
ld_euc_repo_add_findings (LdStore      *store,
                          LdEucRecord  *record,
                          GError      **error)
{
  g_autoptr(LdCaseRecord) application = NULL;
  g_autofree char *today = today_text ();
  const char *application_id = linked_application_id (record);
  g_autoptr(GPtrArray) signatories = NULL;
  gboolean listed = FALSE, known = FALSE;

  if (application_id && !(application = ld_case_repo_load (store, application_id, 0, error)))
    return FALSE;
  if (!ld_euc_authority_repo_lookup (store, record->euc->issuing_country, record->euc->issuing_authority, &listed,
                                     &known, &signatories, error))
    return FALSE;
  g_clear_pointer (&record->findings, g_ptr_array_unref);
  record->findings = ld_euc_check (record->euc, record->status, record->reuse_attempts->len,
                                   application ? application->data : NULL, today);
  if (record->dvc_expected_by && record->dvc_received_on == NULL && g_strcmp0 (record->dvc_expected_by, today) < 0)
    ld_euc_check_add_dvc_overdue (record->findings, record->dvc_expected_by);
  /* Only a state whose authorities the office lists can have unknown ones. */
  if (listed)
    ld_euc_check_authority (record->findings, record->euc, known, signatories);
  ld_euc_check_add_consent_pending (record->findings, count_pending (record));
  return TRUE;
}

/**
 * ld_euc_repo_case_flags:
 * @reference: (nullable): the end-use certificate reference typed on a case
 * @application_id: the case's application id
 *
 * Holds a case's free-text reference against the register: an unknown
 * reference, a certificate that covers another application or was voided,
 * and every finding of the certificate that covers this one, as sentences
 * to flag the case with.
 *
 * Returns: (transfer container) (element-type utf8): the flags, often none
 */
GPtrArray *
ld_euc_repo_case_flags (LdStore    *store,
                        const char *reference,
                        const char *application_id)
{
  GPtrArray *flags = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdEucRecord) r = NULL;
  const char *linked;

  if (reference == NULL || reference[0] == '\0')
    return flags;
  if ((r = ld_euc_repo_get (store, reference, &error)) == NULL)
    {
      g_ptr_array_add (flags, g_error_matches (error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_NOT_FOUND)
                                ? g_strdup_printf (_("End-use certificate %s is not in the register; register it "
                                                     "and link it to this application."), reference)
                                : g_strdup (error->message));
      return flags;
    }
  linked = ld_euc_record_linked_application (r);
  if (r->voided_at)
    g_ptr_array_add (flags, g_strdup_printf (_("End-use certificate %s: its registration was voided (%s)."),
                                             reference, r->void_reason));
  else if (linked && !link_in_force (r, application_id))
    g_ptr_array_add (flags, g_strdup_printf (_("End-use certificate %s covers application %s, not this one."),
                                             reference, linked));
  else if (!ld_euc_repo_add_findings (store, r, &error))
    g_ptr_array_add (flags, g_strdup (error->message));
  else
    for (guint i = 0; i < r->findings->len; i++)
      {
        const LdEucFinding *f = g_ptr_array_index (r->findings, i);

        g_ptr_array_add (flags, g_strdup_printf (_("End-use certificate %s: %s"), reference, f->message));
      }
  return flags;
}

/**
 * ld_euc_repo_id_for_rowid:
 *
 * Lists know a certificate by its rowid; its page opens it by id.
 *
 * Returns: (transfer full) (nullable): the certificate's id
 */
char *
ld_euc_repo_id_for_rowid (LdStore  *store,
                          gint64    rowid,
                          GError  **error)
{
  sqlite3 *db = ld_store_open_reader (store, error);
  sqlite3_stmt *stmt = NULL;
  char *id = NULL;
  int rc;

  if (db == NULL)
    return NULL;
  rc = sqlite3_prepare_v2 (db, "SELECT id FROM euc WHERE rowid = ?", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, rowid);
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        id = ld_store_column_dup (stmt, 0);
    }
  sqlite3_finalize (stmt);
  sqlite3_close_v2 (db);
  if (id == NULL)
    g_set_error (error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_NOT_FOUND,
                 _("This certificate is no longer in the register; refresh the list."));
  return id;
}

/**
 * ld_euc_repo_unresolved:
 *
 * The applications whose end-use certificate reference is not yet a link to
 * a registered certificate: references typed before the register existed,
 * listed for a clerk to resolve (register the certificate, then link it).
 *
 * Returns: (transfer full) (nullable): a JSON array of objects with
 *   application, euc_reference and problem
 */
JsonNode *
ld_euc_repo_unresolved (LdStore  *store,
                        GError  **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT a.id, a.reference, json_extract (v.case_json, '$.euc_reference') AS euc_reference"
    " FROM application AS a JOIN application_version AS v"
    "   ON v.application_id = a.id AND v.version = a.current_version"
    " WHERE a.voided_at IS NULL AND coalesce (euc_reference, '') <> ''"
    "   AND NOT EXISTS (SELECT 1 FROM euc_link AS l WHERE l.application_id = a.id AND l.voided_at IS NULL)"
    " ORDER BY a.reference", error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      char **row = g_new0 (char *, 4);

      for (int i = 0; i < 3; i++)
        row[i] = ld_store_column_dup (stmt, i);
      g_ptr_array_add (rows, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ld_store_set_error (store, error, rc, "listing unresolved certificate references");
      return NULL;
    }
  json_builder_begin_array (b);
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      g_autoptr(GPtrArray) flags = ld_euc_repo_case_flags (store, row[2], row[0]);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "application");
      json_builder_add_string_value (b, row[1]);
      json_builder_set_member_name (b, "euc_reference");
      json_builder_add_string_value (b, row[2]);
      json_builder_set_member_name (b, "problem");
      json_builder_add_string_value (b, flags->len ? g_ptr_array_index (flags, 0)
                                                   : _("Registered, not linked to this application."));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

/* ---- for the certificate's other files ---- */

LdEucRecord *
_ld_euc_repo_begin_change (LdStore     *store,
                           const char  *id_or_number,
                           GError     **error)
{
  return begin_change (store, id_or_number, error);
}

LdEucRecord *
_ld_euc_repo_commit_change (LdStore            *store,
                            const LdActor      *actor,
                            const char         *action,
                            const LdEucRecord  *before,
                            GError            **error)
{
  return commit_change (store, actor, action, before, error);
}

gboolean
_ld_euc_repo_bump_version (LdStore     *store,
                           const char  *id,
                           GError     **error)
{
  return bump_version (store, id, NULL, error);
}

char *
_ld_euc_repo_today (void)
{
  return today_text ();
}

/* ---- after shipment ---- */

/**
 * ld_euc_repo_dvc_summary:
 * @today: YYYY-MM-DD
 * @out_overdue: (out) (optional): whether an expected certificate is late
 *
 * Returns: (transfer full) (nullable): where the delivery verification
 *   certificate stands, as a few words for a list or a page; %NULL when none
 *   is expected
 */
char *
ld_euc_repo_dvc_summary (const LdEucRecord *r,
                         const char        *today,
                         gboolean          *out_overdue)
{
  gboolean overdue = r->dvc_expected_by && !r->dvc_received_on && g_strcmp0 (r->dvc_expected_by, today) < 0;

  if (out_overdue)
    *out_overdue = overdue;
  if (r->dvc_received_on)
    return g_strdup_printf (_("Received on %s"), r->dvc_received_on);
  if (overdue)
    return g_strdup_printf (_("Overdue since %s"), r->dvc_expected_by);
  if (r->dvc_expected_by)
    return g_strdup_printf (_("Expected by %s"), r->dvc_expected_by);
  return NULL;
}

/**
 * ld_euc_repo_find_for_licence:
 * @licence: a licence's number or id
 *
 * A licence is issued on an application, and the certificate that covers
 * that application is the licence's certificate: its delivery verification
 * certificate is the licence's.
 *
 * Returns: (transfer full) (nullable): the certificate's id
 */
char *
ld_euc_repo_find_for_licence (LdStore     *store,
                              const char  *licence,
                              GError     **error)
{
  g_autofree char *clean = ld_text_normalize_input (licence);
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT l.licence_number, k.euc_id FROM licence AS l"
    " LEFT JOIN euc_link AS k ON k.application_id = l.application_id AND k.voided_at IS NULL"
    " WHERE l.id = ?1 OR l.licence_number = ?1 ORDER BY k.linked_at LIMIT 1", error);
  g_autofree char *number = NULL;
  char *id = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  ld_store_bind_text (stmt, 1, clean ? clean : "");
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      number = ld_store_column_dup (stmt, 0);
      id = ld_store_column_dup (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    ld_store_set_error (store, error, rc, "finding a licence's end-use certificate");
  else if (number == NULL)
    g_set_error (error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_NOT_FOUND,
                 _("No licence “%s” is issued; give the licence number, e.g. LIC/EX/2026/000001."),
                 clean ? clean : "");
  else if (id == NULL)
    g_set_error (error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_NOT_FOUND,
                 _("Licence %s covers an application no registered end-use certificate is linked to; link the "
                   "certificate to the application first."), number);
  return id;
}

/* ---- the lists' computed columns ---- */

static char *
id_for_rowid (LdStore     *store,
              const char  *sql,
              gint64       rowid,
              GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, sql, error);
  char *id = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, rowid);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    id = ld_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    ld_store_set_error (store, error, rc, "reading a list's row");
  return id;
}

static void
set_value (LdSectionRow *row,
           int           column,
           char         *value)
{
  g_free (row->values[column]);
  row->values[column] = value;
}

/* Each certificate's findings, worked out as its page shows them. */
static gboolean
fill_findings (LdStore    *store,
               GPtrArray  *rows,
               int         column,
               GError    **error)
{
  for (guint i = 0; i < rows->len; i++)
    {
      LdSectionRow *row = g_ptr_array_index (rows, i);
      g_autofree char *id = id_for_rowid (store, "SELECT id FROM euc WHERE rowid = ?", row->rowid, error);
      g_autoptr(LdEucRecord) r = id ? load_record (store, id, error) : NULL;

      if (r == NULL || !ld_euc_repo_add_findings (store, r, error))
        return FALSE;
      set_value (row, column, r->voided_at ? g_strdup (_("Voided")) : ld_euc_findings_summary (r->findings));
    }
  return TRUE;
}

gboolean
_ld_euc_repo_fill_list_rows (LdStore          *store,
                             const LdSection  *section,
                             GPtrArray        *rows,
                             GError          **error)
{
  int column = ld_section_find_column (section, "findings");

  /* The page is read in a worker thread: @store must be the thread's own. */
  return column < 0 || fill_findings (store, rows, column, error);
}

static gboolean
fill_dvc (LdStore    *store,
          GPtrArray  *rows,
          int         column,
          GError    **error)
{
  g_autofree char *today = today_text ();

  for (guint i = 0; i < rows->len; i++)
    {
      LdSectionRow *row = g_ptr_array_index (rows, i);
      g_autoptr(GError) local_error = NULL;
      g_autofree char *id = id_for_rowid (store, "SELECT k.euc_id FROM licence AS l JOIN euc_link AS k"
                                                 " ON k.application_id = l.application_id AND k.voided_at IS NULL"
                                                 " WHERE l.rowid = ? ORDER BY k.linked_at LIMIT 1",
                                          row->rowid, &local_error);
      g_autoptr(LdEucRecord) r = id ? load_main (store, id, error) : NULL;
      g_autofree char *summary = NULL;
      gboolean overdue = FALSE;

      if (local_error)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (id && r == NULL)
        return FALSE;
      summary = r ? ld_euc_repo_dvc_summary (r, today, &overdue) : NULL;
      /* An overdue certificate is a warning, not only a date. */
      set_value (row, column, summary && overdue ? g_strdup_printf ("⚠ %s", summary) : g_steal_pointer (&summary));
    }
  return TRUE;
}

gboolean
_ld_euc_repo_fill_licence_rows (LdStore          *store,
                                const LdSection  *section,
                                GPtrArray        *rows,
                                GError          **error)
{
  int column = ld_section_find_column (section, "dvc");

  return column < 0 || fill_dvc (store, rows, column, error);
}
