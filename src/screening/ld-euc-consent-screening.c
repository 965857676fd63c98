/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-euc-consent-screening"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-carried.h"
#include "ld-euc-consent-repo.h"
#include "ld-euc-consent-screening.h"
#include "ld-euc-consent-screening-private.h"
#include "ld-validate.h"

/* A request to re-export what an end-use certificate covers is screened like
 * a case, by the same code (ld-case-screening.c): whoever asks and the new
 * end user against the UN Consolidated List and the denial register, their
 * countries, the certificate's destination the goods now leave and the new
 * destination against the arms embargoes. Its rows are its own
 * (consent_screening_run, consent_screening_hit), so that a request's hits
 * never weigh in a case's decision gate; the request's decision reads them
 * through the same gate (src/store/ld-case-gate.c). */

static const LdScreeningRows consent_rows = {
  /* A request never changes once recorded: ?3, the version, has no column. */
  "INSERT INTO consent_screening_run (id, consent_id, list_date, list_sha256, embargo_version, n_parties, n_hits,"
  " run_at, run_by, denial_state) VALUES (?1, ?2, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
  "INSERT INTO consent_screening_hit (id, run_id, consent_id, kind, party_role, party_name, party_key, entry_ref,"
  " matched_name, score, band, reason, list_date, list_sha256, status, reviewed_by, reviewed_at, review_reason,"
  " created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
  "UPDATE consent_screening_hit SET status = 'superseded', row_version = row_version + 1"
  " WHERE consent_id = ? AND status IN ('open', 'logged')",
  LD_CARRIED_CONSENT_RUN,
  (const char * const []) { "id", "consent_id", "list_date", "list_sha256", "embargo_version", "denial_state",
                            "n_parties", "n_hits", "run_at", "run_by", NULL },
  "consent_id",
};

static void
add_party (LdCase     *data,
           const char *role,
           const char *name,
           const char *country)
{
  LdCaseParty *party = ld_case_party_new ();

  party->role = g_strdup (role);
  party->name = g_strdup (name);
  party->country = g_strdup (country);
  g_ptr_array_add (data->parties, party);
}

/**
 * _ld_euc_consent_screening_as_case:
 *
 * The request as a re-export case: from the certificate's final destination,
 * where the goods are, to the new destination.
 */
LdCase *
_ld_euc_consent_screening_as_case (const LdEucRecord  *r,
                                   const LdEucConsent *c)
{
  LdCase *data = ld_case_new ();

  data->kind = g_strdup ("re_export");
  data->export_country = g_strdup (r->euc->destination_country);
  data->destination_country = g_strdup (c->request.new_destination);
  add_party (data, "requested_by", c->request.requested_by, r->euc->destination_country);
  add_party (data, "new_end_user", c->request.new_end_user, c->request.new_destination);
  return data;
}

static const LdEucConsent *
find_consent (const LdEucRecord  *r,
              gint64              seq,
              GError            **error)
{
  for (guint i = 0; i < r->consents->len; i++)
    if (((const LdEucConsent *) g_ptr_array_index (r->consents, i))->seq == seq)
      return g_ptr_array_index (r->consents, i);
  g_set_error (error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_NOT_FOUND,
               _("Certificate %s has no re-export consent request %" G_GINT64_FORMAT "; see its requests with "
                 "“licence-desk-admin euc show”."), r->euc->certificate_number, seq);
  return NULL;
}

/**
 * _ld_euc_consent_screening_write:
 *
 * Writes a request's screening run, its hits and its audit entry (or its
 * line in a re-screening batch's entry: @context's batch_log), inside the
 * caller's write transaction.
 */
gboolean
_ld_euc_consent_screening_write (LdStore                      *store,
                                 const LdActor                *actor,
                                 const LdCaseScreeningContext *context,
                                 const LdEucRecord            *r,
                                 const LdEucConsent           *c,
                                 const LdCase                 *data,
                                 GPtrArray                    *works,
                                 LdCaseScreeningSummary       *summary,
                                 GError                      **error)
{
  g_autofree char *json = NULL;

  if (!_ld_screening_write_rows (store, actor, context, &consent_rows, c->id, 1, data, works, summary, &json, error))
    return FALSE;
  if (context->batch_log != NULL)
    {
      g_ptr_array_add (context->batch_log,
                       g_strdup_printf ("{\"euc\":\"%s\",\"consent_request\":%" G_GINT64_FORMAT ",\"screening\":%s}",
                                        r->id, c->seq, json));
      return TRUE;
    }
  {
    g_autofree char *after = g_strdup_printf ("{\"consent_request\":%" G_GINT64_FORMAT ",\"screening\":%s}",
                                              c->seq, json);

    return ld_store_record_change (store, actor, "screen-consent", "euc", r->id, 0, NULL, after, error);
  }
}

static gboolean
write_run (LdStore                      *store,
           const LdActor                *actor,
           const LdCaseScreeningContext *context,
           const LdEucRecord            *r,
           const LdEucConsent           *c,
           const LdCase                 *data,
           GPtrArray                    *works,
           LdCaseScreeningSummary       *summary,
           GError                      **error)
{
  if (!ld_store_begin (store, error))
    return FALSE;
  if (_ld_euc_consent_screening_write (store, actor, context, r, c, data, works, summary, error) &&
      ld_store_commit (store, error))
    return TRUE;
  ld_store_rollback (store);
  return FALSE;
}

/**
 * ld_euc_consent_screening_run:
 * @certificate: the certificate's id or number
 * @seq: the request's number within the certificate
 *
 * Screens a re-export consent request against the UN list, the embargo
 * table and the denial register, as a case is screened; open hits of an
 * earlier run are superseded, verdicts given stay. A decided request is not
 * screened again.
 */
gboolean
ld_euc_consent_screening_run (LdStore                *store,
                              const LdActor          *actor,
                              LdNameMatcher          *matcher,
                              LdEmbargoTable         *embargoes,
                              const char             *certificate,
                              gint64                  seq,
                              LdCaseScreeningSummary *summary,
                              GError                **error)
{
  g_autoptr(LdEucRecord) r = NULL;
  g_autoptr(LdCase) data = NULL;
  g_autoptr(GPtrArray) works = NULL;
  g_auto(LdCaseScreeningContext) context = { 0 };
  LdCaseScreeningSummary local = { 0 };
  const LdEucConsent *c;

  if (!ld_actor_require (actor, LD_PERMISSION_SCREEN_CASES, error) ||
      !(r = ld_euc_repo_get (store, certificate, error)) ||
      !(c = find_consent (r, seq, error)))
    return FALSE;
  if (c->status != LD_EUC_CONSENT_PENDING)
    {
      g_set_error (error, LD_EUC_CONSENT_ERROR, LD_EUC_CONSENT_ERROR_DECIDED,
                   _("Re-export consent request %" G_GINT64_FORMAT " of certificate %s is already decided; its "
                     "screening stays as it was when it was decided."), seq, r->euc->certificate_number);
      return FALSE;
    }
  if (!_ld_case_screening_context_init (&context, store, actor, matcher, embargoes, error))
    return FALSE;
  data = _ld_euc_consent_screening_as_case (r, c);
  works = _ld_case_screening_works (data);
  for (guint i = 0; i < works->len; i++)
    ld_screening_work_run (g_ptr_array_index (works, i), matcher, context.denials);
  return write_run (store, actor, &context, r, c, data, works, summary ? summary : &local, error);
}

static char *
open_hit_certificate (LdStore     *store,
                      const char  *hit_id,
                      GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT c.euc_id FROM consent_screening_hit AS h JOIN euc_consent_request AS c ON c.id = h.consent_id"
    " WHERE h.id = ? AND h.status = 'open' AND c.status = 'pending'", error);
  char *euc_id = NULL;

  if (stmt == NULL)
    return NULL;
  ld_store_bind_text (stmt, 1, hit_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    euc_id = ld_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (euc_id == NULL)
    g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                 _("There is no open screening hit %s of a pending re-export consent request; it may have been "
                   "judged or superseded already."), hit_id);
  return euc_id;
}

static gboolean
write_verdict (LdStore        *store,
               const LdActor  *actor,
               const char     *hit_id,
               gboolean        true_match,
               const char     *reason,
               GError        **error)
{
  g_autofree char *now = ld_store_now_utc ();
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "UPDATE consent_screening_hit SET status = ?, reviewed_by = ?, reviewed_at = ?, review_reason = ?,"
    " row_version = row_version + 1 WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, true_match ? "true_match" : "false_match");
  ld_store_bind_text (stmt, 2, actor->login);
  ld_store_bind_text (stmt, 3, now);
  ld_store_bind_text (stmt, 4, reason);
  ld_store_bind_text (stmt, 5, hit_id);
  return ld_store_step_done (store, stmt, error);
}

/**
 * ld_euc_consent_screening_review:
 * @true_match: the officer's verdict
 * @reason: why; required
 *
 * Records an officer's verdict on an open hit of a pending re-export consent
 * request. The same officers who judge a case's hits may.
 */
gboolean
ld_euc_consent_screening_review (LdStore        *store,
                                 const LdActor  *actor,
                                 const char     *hit_id,
                                 gboolean        true_match,
                                 const char     *reason,
                                 GError        **error)
{
  g_autofree char *clean = ld_text_normalize_input (reason);
  g_autofree char *euc_id = NULL;
  g_autofree char *after = NULL;

  if (!ld_actor_require (actor, LD_PERMISSION_ASSESS_APPLICATIONS, error) ||
      !ld_validate_required (_("The reason for the verdict"), clean, error) ||
      !ld_store_begin (store, error))
    return FALSE;
  after = g_strdup_printf ("{\"consent_hit\":\"%s\",\"verdict\":\"%s\"}", hit_id,
                           true_match ? "true_match" : "false_match");
  if ((euc_id = open_hit_certificate (store, hit_id, error)) &&
      write_verdict (store, actor, hit_id, true_match, clean, error) &&
      ld_carried_queue (store, LD_CARRIED_CONSENT_VERDICT, hit_id, NULL, error) &&
      ld_store_record_change (store, actor, "review-consent-hit", "euc", euc_id, 0, NULL, after, error) &&
      ld_store_commit (store, error))
    return TRUE;
  ld_store_rollback (store);
  return FALSE;
}
