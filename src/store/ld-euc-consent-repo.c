/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-euc-consent-repo"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-case-gate.h"
#include "ld-euc-consent-repo.h"
#include "ld-euc-repo-private.h"
#include "ld-json-members.h"
#include "ld-validate.h"

/*
 * Re-export consent requests against an end-use certificate (migration
 * 0016-euc-after-shipment). A request and its decision are changes of the
 * certificate: each goes through the certificate's audited change, so the
 * audit entry holds the whole certificate, requests included, before and
 * after. The decider is checked against the person who recorded the
 * request inside the write transaction, so four-eyes holds whichever desk
 * recorded it.
 *
 * A request is screened like a case (src/screening/ld-euc-consent-screening.c)
 * and decided through the case's decision gate (ld-case-gate.c): its newest
 * screening must count and leave no hit open, and a grant needs no confirmed
 * UN match, denial in force or embargo.
 */

void
ld_euc_consent_hit_free (LdEucConsentHit *h)
{
  if (h == NULL)
    return;
  g_free (h->id); g_free (h->kind); g_free (h->party_role); g_free (h->party_name); g_free (h->entry_ref);
  g_free (h->matched_name); g_free (h->band); g_free (h->reason); g_free (h->status); g_free (h->reviewed_by);
  g_free (h->review_reason);
  g_free (h);
}

void
_ld_euc_consent_free (LdEucConsent *c)
{
  if (c == NULL)
    return;
  ld_euc_consent_request_clear (&c->request);
  g_free (c->id);
  g_clear_pointer (&c->hits, g_ptr_array_unref);
  g_free (c->screened);
  g_clear_pointer (&c->unmet_grant, g_ptr_array_unref);
  g_clear_pointer (&c->unmet_refusal, g_ptr_array_unref);
  g_free (c->recorded_at); g_free (c->recorded_by_login); g_free (c->recorded_person);
  g_free (c->decided_at); g_free (c->decided_by_login); g_free (c->decision_reason);
  g_free (c);
}

static LdEucConsent *
read_consent (sqlite3_stmt *stmt)
{
  LdEucConsent *c = g_new0 (LdEucConsent, 1);
  g_autofree char *status = NULL;

  c->seq = sqlite3_column_int64 (stmt, 0);
  c->request.received_on = ld_store_column_dup (stmt, 1);
  c->request.requested_by = ld_store_column_dup (stmt, 2);
  c->request.new_end_user = ld_store_column_dup (stmt, 3);
  c->request.new_destination = ld_store_column_dup (stmt, 4);
  c->request.items = ld_store_column_dup (stmt, 5);
  c->request.quantity = sqlite3_column_int64 (stmt, 6);
  c->request.purpose = ld_store_column_dup (stmt, 7);
  c->recorded_at = ld_store_column_dup (stmt, 8);
  c->recorded_by_login = ld_store_column_dup (stmt, 9);
  c->recorded_person = ld_store_column_dup (stmt, 10);
  status = ld_store_column_dup (stmt, 11);
  if (!ld_euc_consent_status_from_string (status, &c->status))
    c->status = LD_EUC_CONSENT_PENDING;
  c->decided_at = ld_store_column_dup (stmt, 12);
  c->decided_by_login = ld_store_column_dup (stmt, 13);
  c->decision_reason = ld_store_column_dup (stmt, 14);
  c->id = ld_store_column_dup (stmt, 15);
  return c;
}

gboolean
_ld_euc_consent_repo_load (LdStore     *store,
                           const char  *euc_id,
                           GPtrArray   *into,
                           GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT c.seq, c.received_on, c.requested_by, c.new_end_user, c.new_destination, c.items, c.quantity,"
    " c.purpose, c.recorded_at, r.login, c.recorded_person, c.status, c.decided_at, d.login, c.decision_reason, c.id"
    " FROM euc_consent_request AS c LEFT JOIN user_profile AS r ON r.id = c.recorded_by"
    " LEFT JOIN user_profile AS d ON d.id = c.decided_by WHERE c.euc_id = ? ORDER BY c.seq", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, euc_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (into, read_consent (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ld_store_set_error (store, error, rc, "reading re-export consent requests");
      return FALSE;
    }
  return TRUE;
}

static void
add_strings (JsonBuilder *b,
             const char  *name,
             GPtrArray   *strings)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; strings && i < strings->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (strings, i));
  json_builder_end_array (b);
}

/* Only where ld_euc_repo_add_consent_screening() filled it, as for `euc
 * show`: the audit entries hold the request as recorded and decided. */
static void
add_screening_json (JsonBuilder        *b,
                    const LdEucConsent *c)
{
  ld_json_add_string_member (b, "screened", c->screened);
  json_builder_set_member_name (b, "screening_hits");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->hits->len; i++)
    {
      const LdEucConsentHit *h = g_ptr_array_index (c->hits, i);

      json_builder_begin_object (b);
      ld_json_add_string_member (b, "id", h->id);
      ld_json_add_string_member (b, "kind", h->kind);
      ld_json_add_string_member (b, "party_role", h->party_role);
      ld_json_add_string_member (b, "party_name", h->party_name);
      ld_json_add_string_member (b, "entry_ref", h->entry_ref);
      ld_json_add_string_member (b, "matched_name", h->matched_name);
      ld_json_add_string_member (b, "band", h->band);
      ld_json_add_string_member (b, "reason", h->reason);
      ld_json_add_string_member (b, "status", h->status);
      ld_json_add_string_member (b, "reviewed_by", h->reviewed_by);
      ld_json_add_string_member (b, "review_reason", h->review_reason);
      json_builder_set_member_name (b, "score");
      json_builder_add_double_value (b, h->score);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  if (c->status == LD_EUC_CONSENT_PENDING)
    {
      add_strings (b, "unmet_for_grant", c->unmet_grant);
      add_strings (b, "unmet_for_refusal", c->unmet_refusal);
    }
}

/* The requests as `euc show --json` and the audit entries carry them. */
void
_ld_euc_consent_add_json (JsonBuilder       *b,
                          const LdEucRecord *r)
{
  json_builder_set_member_name (b, "consent_requests");
  json_builder_begin_array (b);
  for (guint i = 0; r->consents && i < r->consents->len; i++)
    {
      const LdEucConsent *c = g_ptr_array_index (r->consents, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "seq");
      json_builder_add_int_value (b, c->seq);
      ld_json_add_string_member (b, "received_on", c->request.received_on);
      ld_json_add_string_member (b, "requested_by", c->request.requested_by);
      ld_json_add_string_member (b, "new_end_user", c->request.new_end_user);
      ld_json_add_string_member (b, "new_destination", c->request.new_destination);
      ld_json_add_string_member (b, "items", c->request.items);
      json_builder_set_member_name (b, "quantity");
      if (c->request.quantity > 0)
        json_builder_add_int_value (b, c->request.quantity);
      else
        json_builder_add_null_value (b);
      ld_json_add_string_member (b, "purpose", c->request.purpose);
      ld_json_add_string_member (b, "status", ld_euc_consent_status_to_string (c->status));
      ld_json_add_string_member (b, "recorded_at", c->recorded_at);
      ld_json_add_string_member (b, "recorded_by", c->recorded_by_login);
      ld_json_add_string_member (b, "decided_at", c->decided_at);
      ld_json_add_string_member (b, "decided_by", c->decided_by_login);
      ld_json_add_string_member (b, "decision_reason", c->decision_reason);
      if (c->hits != NULL)
        add_screening_json (b, c);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static gboolean
insert_request (LdStore                    *store,
                const LdActor              *actor,
                const LdEucRecord          *before,
                const LdEucConsentRequest  *request,
                GError                    **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *now = ld_store_now_utc ();
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO euc_consent_request (id, euc_id, seq, received_on, requested_by, new_end_user, new_destination,"
    " items, quantity, purpose, recorded_at, recorded_by, recorded_person)"
    " VALUES (?1, ?2, (SELECT coalesce (max (seq), 0) + 1 FROM euc_consent_request WHERE euc_id = ?2),"
    " ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  ld_store_bind_text (stmt, 2, before->id);
  ld_store_bind_text (stmt, 3, request->received_on);
  ld_store_bind_text (stmt, 4, request->requested_by);
  ld_store_bind_text (stmt, 5, request->new_end_user);
  ld_store_bind_text (stmt, 6, request->new_destination);
  ld_store_bind_text (stmt, 7, request->items);
  if (request->quantity > 0)
    sqlite3_bind_int64 (stmt, 8, request->quantity);
  else
    sqlite3_bind_null (stmt, 8);
  ld_store_bind_text (stmt, 9, request->purpose);
  ld_store_bind_text (stmt, 10, now);
  ld_store_bind_text (stmt, 11, actor->user_id);
  ld_store_bind_text (stmt, 12, ld_actor_get_person (actor));
  return ld_store_step_done (store, stmt, error) && _ld_euc_repo_bump_version (store, before->id, error);
}

/**
 * ld_euc_repo_request_consent:
 * @out_field: (out) (optional): on a validation error, the key of the field at fault
 *
 * Records a request to re-export what the certificate covers, awaiting a
 * decision. Officers who record applications do this.
 *
 * Returns: (transfer full) (nullable): the certificate after the change
 */
LdEucRecord *
ld_euc_repo_request_consent (LdStore                    *store,
                             const LdActor              *actor,
                             const char                 *id_or_number,
                             const LdEucConsentRequest  *request,
                             const char                **out_field,
                             GError                    **error)
{
  g_autofree char *today = _ld_euc_repo_today ();
  LdEucConsentRequest clean = { 0 };
  g_autoptr(LdEucRecord) before = NULL;
  LdEucRecord *after = NULL;

  g_return_val_if_fail (LD_IS_STORE (store), NULL);

  clean = (LdEucConsentRequest) { g_strdup (request->received_on), g_strdup (request->requested_by),
                                  g_strdup (request->new_end_user), g_strdup (request->new_destination),
                                  g_strdup (request->items), request->quantity, g_strdup (request->purpose) };
  ld_euc_consent_request_normalize (&clean);
  if (ld_actor_require (actor, LD_PERMISSION_EDIT_APPLICATIONS, error) &&
      ld_euc_consent_request_validate (&clean, today, out_field, error) &&
      (before = _ld_euc_repo_begin_change (store, id_or_number, error)) != NULL)
    {
      if (insert_request (store, actor, before, &clean, error))
        after = _ld_euc_repo_commit_change (store, actor, "euc_consent_request", before, error);
      else
        ld_store_rollback (store);
    }
  ld_euc_consent_request_clear (&clean);
  return after;
}

static const LdEucConsent *
find_request (const LdEucRecord  *r,
              gint64              seq,
              GError            **error)
{
  for (guint i = 0; i < r->consents->len; i++)
    {
      const LdEucConsent *c = g_ptr_array_index (r->consents, i);

      if (c->seq == seq)
        return c;
    }
  g_set_error (error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_NOT_FOUND,
               _("Certificate %s has no re-export consent request %" G_GINT64_FORMAT "; see its requests with "
                 "“licence-desk-admin euc show”."), r->euc->certificate_number, seq);
  return NULL;
}

/* The decision gate of a case, for the request (ld-case-gate.c): the same
 * conditions and the same sentences. */
static gboolean
check_gate (LdStore             *store,
            const LdEucConsent  *request,
            LdEucConsentStatus   decision,
            const char          *list_sha256,
            GError             **error)
{
  g_auto(LdCaseGate) gate = { 0 };

  return _ld_case_gate_read_consent_locked (store, request->id, list_sha256, &gate, error) &&
         ld_case_workflow_check_gate_for (&gate, decision == LD_EUC_CONSENT_GRANTED, error);
}

static gboolean
write_decision (LdStore             *store,
                const LdActor       *actor,
                const LdEucRecord   *before,
                gint64               seq,
                LdEucConsentStatus   decision,
                const char          *reason,
                GError             **error)
{
  g_autofree char *now = ld_store_now_utc ();
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "UPDATE euc_consent_request SET status = ?, decided_at = ?, decided_by = ?, decided_person = ?,"
    " decision_reason = ? WHERE euc_id = ? AND seq = ? AND status = 'pending'", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, ld_euc_consent_status_to_string (decision));
  ld_store_bind_text (stmt, 2, now);
  ld_store_bind_text (stmt, 3, actor->user_id);
  ld_store_bind_text (stmt, 4, ld_actor_get_person (actor));
  ld_store_bind_text (stmt, 5, reason);
  ld_store_bind_text (stmt, 6, before->id);
  sqlite3_bind_int64 (stmt, 7, seq);
  return ld_store_step_done (store, stmt, error) && _ld_euc_repo_bump_version (store, before->id, error);
}

/**
 * ld_euc_repo_decide_consent:
 * @seq: the request's number within the certificate
 * @decision: %LD_EUC_CONSENT_GRANTED or %LD_EUC_CONSENT_REFUSED
 * @reason: why; required
 * @list_sha256: (nullable): the SHA-256 of the UN list installed on this
 *   desk, which the request's screening must have used
 *
 * Decides a pending request. Only a senior licensing officer who did not
 * record the request may, once the request passes the decision gate of a
 * case: screened against the list, embargo table and denial register in
 * force with no hit left open, and for a grant no confirmed match; a
 * decision is never changed.
 *
 * Returns: (transfer full) (nullable): the certificate after the change
 */
LdEucRecord *
ld_euc_repo_decide_consent (LdStore             *store,
                            const LdActor       *actor,
                            const char          *id_or_number,
                            gint64               seq,
                            LdEucConsentStatus   decision,
                            const char          *reason,
                            const char          *list_sha256,
                            GError             **error)
{
  g_autofree char *clean_reason = ld_text_normalize_input (reason);
  g_autoptr(LdEucRecord) before = NULL;
  const LdEucConsent *request;

  g_return_val_if_fail (LD_IS_STORE (store), NULL);
  g_return_val_if_fail (decision != LD_EUC_CONSENT_PENDING, NULL);

  if (!ld_actor_require (actor, LD_PERMISSION_DECIDE_APPLICATIONS, error) ||
      !(before = _ld_euc_repo_begin_change (store, id_or_number, error)))
    return NULL;
  if (!(request = find_request (before, seq, error)) ||
      !ld_euc_consent_check_decision (actor, request->status, decision, request->recorded_person, clean_reason,
                                      error) ||
      !check_gate (store, request, decision, list_sha256, error) ||
      !write_decision (store, actor, before, seq, decision, clean_reason, error))
    {
      ld_store_rollback (store);
      return NULL;
    }
  return _ld_euc_repo_commit_change (store, actor,
                                     decision == LD_EUC_CONSENT_GRANTED ? "euc_consent_grant" : "euc_consent_refuse",
                                     before, error);
}

/**
 * ld_euc_repo_pending_consents:
 *
 * Returns: (transfer full) (nullable): a JSON array of the requests awaiting a
 *   decision in the whole register, oldest first: certificate, seq,
 *   received_on, requested_by, new_end_user, new_destination, recorded_by
 */
JsonNode *
ld_euc_repo_pending_consents (LdStore  *store,
                              GError  **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT e.certificate_number, c.seq, c.received_on, c.requested_by, c.new_end_user, c.new_destination, u.login"
    " FROM euc_consent_request AS c JOIN euc AS e ON e.id = c.euc_id"
    " LEFT JOIN user_profile AS u ON u.id = c.recorded_by"
    " WHERE c.status = 'pending' AND e.voided_at IS NULL ORDER BY c.received_on, c.recorded_at", error);
  static const char *names[] = { "certificate", "seq", "received_on", "requested_by", "new_end_user",
                                 "new_destination", "recorded_by" };
  g_autoptr(JsonBuilder) b = json_builder_new ();
  int rc;

  if (stmt == NULL)
    return NULL;
  json_builder_begin_array (b);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      json_builder_begin_object (b);
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          g_autofree char *value = ld_store_column_dup (stmt, i);

          if (i == 1)
            {
              json_builder_set_member_name (b, names[i]);
              json_builder_add_int_value (b, sqlite3_column_int64 (stmt, i));
            }
          else
            ld_json_add_string_member (b, names[i], value);
        }
      json_builder_end_object (b);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ld_store_set_error (store, error, rc, "listing re-export consent requests");
      return NULL;
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

static LdEucConsentHit *
read_hit (sqlite3_stmt *stmt)
{
  LdEucConsentHit *h = g_new0 (LdEucConsentHit, 1);

  h->id = ld_store_column_dup (stmt, 0);
  h->kind = ld_store_column_dup (stmt, 1);
  h->party_role = ld_store_column_dup (stmt, 2);
  h->party_name = ld_store_column_dup (stmt, 3);
  h->entry_ref = ld_store_column_dup (stmt, 4);
  h->matched_name = ld_store_column_dup (stmt, 5);
  h->band = ld_store_column_dup (stmt, 6);
  h->reason = ld_store_column_dup (stmt, 7);
  h->status = ld_store_column_dup (stmt, 8);
  h->reviewed_by = ld_store_column_dup (stmt, 9);
  h->review_reason = ld_store_column_dup (stmt, 10);
  h->score = sqlite3_column_double (stmt, 11);
  return h;
}

static gboolean
load_hits (LdStore       *store,
           LdEucConsent  *c,
           GError       **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT id, kind, party_role, party_name, entry_ref, matched_name, band, reason, status, reviewed_by,"
    " review_reason, score FROM consent_screening_hit WHERE consent_id = ? AND status != 'superseded'"
    " ORDER BY status != 'open', created_at, score DESC, rowid", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  c->hits = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_euc_consent_hit_free);
  ld_store_bind_text (stmt, 1, c->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (c->hits, read_hit (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ld_store_set_error (store, error, rc, "reading a re-export consent request's screening");
      return FALSE;
    }
  return TRUE;
}

/* "2026-11-30T02:15:17.290117Z" as "2026-11-30 02:15 UTC". */
static char *
readable_time (const char *iso)
{
  g_autoptr(GDateTime) t = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;

  return t ? g_date_time_format (t, "%Y-%m-%d %H:%M UTC") : g_strdup (iso ? iso : "?");
}

static gboolean
describe_last_run (LdStore       *store,
                   LdEucConsent  *c,
                   GError       **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT run_at, run_by, list_date, embargo_version, n_hits FROM consent_screening_run WHERE consent_id = ?"
    " ORDER BY run_at DESC, rowid DESC LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, c->id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *run_at = readable_time ((const char *) sqlite3_column_text (stmt, 0));
      g_autofree char *list_date = readable_time ((const char *) sqlite3_column_text (stmt, 2));

      c->screened = g_strdup_printf (_("Screened on %s by %s against the list generated %s, the embargo table %s "
                                       "and the denial register: %d hits."), run_at, sqlite3_column_text (stmt, 1),
                                     list_date, sqlite3_column_text (stmt, 3), sqlite3_column_int (stmt, 4));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      ld_store_set_error (store, error, rc, "reading a re-export consent request's screening");
      return FALSE;
    }
  return TRUE;
}

static gboolean
add_one_screening (LdStore       *store,
                   LdEucConsent  *c,
                   const char    *list_sha256,
                   GError       **error)
{
  g_auto(LdCaseGate) gate = { 0 };

  if (!load_hits (store, c, error) || !describe_last_run (store, c, error))
    return FALSE;
  if (c->status != LD_EUC_CONSENT_PENDING)
    return TRUE;
  if (!_ld_case_gate_read_consent_locked (store, c->id, list_sha256, &gate, error))
    return FALSE;
  c->unmet_grant = ld_case_gate_list_unmet (&gate, TRUE);
  c->unmet_refusal = ld_case_gate_list_unmet (&gate, FALSE);
  return TRUE;
}

/**
 * ld_euc_repo_add_consent_screening:
 * @record: a certificate read with ld_euc_repo_get()
 * @list_sha256: (nullable): the SHA-256 of the UN list installed on this desk
 *
 * Fills each re-export consent request's screening hits and last run, and
 * for a pending request what the decision gate still waits for before a
 * grant and before a refusal: the same sentences the decision gives when it
 * is refused, for the window to show beside the buttons.
 */
gboolean
ld_euc_repo_add_consent_screening (LdStore      *store,
                                   LdEucRecord  *record,
                                   const char   *list_sha256,
                                   GError      **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (LD_IS_STORE (store), FALSE);

  if (!ld_store_begin_read (store, error))
    return FALSE;
  for (guint i = 0; ok && i < record->consents->len; i++)
    ok = add_one_screening (store, g_ptr_array_index (record->consents, i), list_sha256, error);
  ld_store_rollback (store);
  return ok;
}
