/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-broker-screening"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ld-broker-screening-private.h"
#include "ld-carried.h"
#include "ld-validate.h"

/* Brokers on the register screened against the UN list and the national
 * denial register, as a case's parties are: each of the broker's names (legal
 * and other) is screened, and per list entry or denial the best-scoring name
 * is kept. Open hits are for an officer to judge; a broker cleared for an
 * entry is not raised again for it. Nothing here decides the registration:
 * a confirmed match is a reason for a senior officer to act on it. */

typedef struct
{
  const char *kind;
  const char *broker_name;
  const char *entry_ref;
  const char *matched;
  const char *reason;
  double      score;
  LdMatchBand band;
  char       *owned_reason;
} BestHit;

static void
best_hit_free (BestHit *hit)
{
  g_free (hit->owned_reason);
  g_free (hit);
}

/**
 * _ld_broker_screening_works:
 *
 * Returns: (transfer full) (element-type LdScreeningWork): one work item per
 *   name of the broker: a trading name may be the listed one
 */
GPtrArray *
_ld_broker_screening_works (const char *legal_name,
                            const char *other_names,
                            const char *country)
{
  GPtrArray *works = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_screening_work_free);
  g_auto(GStrv) others = ld_denial_split_names (other_names);

  g_ptr_array_add (works, ld_screening_work_new (legal_name, NULL, country));
  for (guint i = 0; others[i] != NULL; i++)
    g_ptr_array_add (works, ld_screening_work_new (others[i], NULL, country));
  return works;
}

static void
offer (GHashTable *best,
       BestHit    *hit)
{
  g_autofree char *key = g_strdup_printf ("%s|%s", hit->kind, hit->entry_ref);
  BestHit *held = g_hash_table_lookup (best, key);

  if (held != NULL && held->score >= hit->score)
    {
      best_hit_free (hit);
      return;
    }
  g_hash_table_replace (best, g_steal_pointer (&key), hit);
}

static void
collect_work (GHashTable            *best,
              const LdScreeningWork *work)
{
  for (guint i = 0; i < work->list_hits->len; i++)
    {
      const LdScreeningHit *h = g_ptr_array_index (work->list_hits, i);
      BestHit *hit = g_new0 (BestHit, 1);

      *hit = (BestHit) { "sanctions", work->name, h->entry->reference_number, h->matched_name, h->reason, h->score,
                         h->band, NULL };
      offer (best, hit);
    }
  for (guint i = 0; i < work->denial_hits->len; i++)
    {
      const LdDenialMatch *m = g_ptr_array_index (work->denial_hits, i);
      char *reason = g_strdup_printf (_("national denial %s of %s (%s): %s"), m->denial->reference,
                                      m->denial->denied_on, m->denial->source, m->how);
      BestHit *hit = g_new0 (BestHit, 1);

      *hit = (BestHit) { "denial", work->name, m->denial->reference, m->matched, reason, m->score, m->band, reason };
      offer (best, hit);
    }
}

static gboolean
cleared_before (LdStore     *store,
                const char  *broker_id,
                BestHit     *hit,
                char       **out_note,
                GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT reviewed_by, reviewed_at, review_reason FROM broker_screening_hit"
    " WHERE broker_id = ? AND entry_ref = ? AND kind = ? AND status = 'false_match'"
    " ORDER BY reviewed_at DESC LIMIT 1", error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, broker_id);
  ld_store_bind_text (stmt, 2, hit->entry_ref);
  ld_store_bind_text (stmt, 3, hit->kind);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    *out_note = _ld_screening_cleared_note (stmt);
  sqlite3_reset (stmt);
  return found;
}

static const char *
hit_status (LdStore                *store,
            const char             *broker_id,
            BestHit                *hit,
            LdCaseScreeningSummary *summary,
            char                  **out_note,
            GError                **error)
{
  gboolean cleared = hit->band != LD_MATCH_BAND_LOGGED && cleared_before (store, broker_id, hit, out_note, error);

  return _ld_screening_hit_status (hit->band, cleared, summary);
}

static gboolean
insert_hit (LdStore                      *store,
            const LdCaseScreeningContext *context,
            const char                   *job_id,
            const char                   *broker_id,
            BestHit                      *hit,
            const char                   *status,
            const char                   *note,
            const char                   *now,
            GError                      **error)
{
  g_autofree char *id = ld_store_new_ordered_id ();
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO broker_screening_hit (id, job_id, broker_id, kind, broker_name, entry_ref, matched_name, score,"
    " band, reason, list_date, list_sha256, status, reviewed_by, reviewed_at, review_reason, created_at)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  ld_store_bind_text (stmt, 2, job_id);
  ld_store_bind_text (stmt, 3, broker_id);
  ld_store_bind_text (stmt, 4, hit->kind);
  ld_store_bind_text (stmt, 5, hit->broker_name);
  ld_store_bind_text (stmt, 6, hit->entry_ref);
  ld_store_bind_text (stmt, 7, hit->matched);
  sqlite3_bind_double (stmt, 8, hit->score);
  ld_store_bind_text (stmt, 9, ld_match_band_to_string (hit->band));
  ld_store_bind_text (stmt, 10, hit->reason ? hit->reason : "");
  ld_store_bind_text (stmt, 11, context->list_date);
  ld_store_bind_text (stmt, 12, context->list_sha256);
  ld_store_bind_text (stmt, 13, status);
  ld_store_bind_text (stmt, 14, note ? "screening" : NULL);
  ld_store_bind_text (stmt, 15, note ? now : NULL);
  ld_store_bind_text (stmt, 16, note);
  ld_store_bind_text (stmt, 17, now);
  return ld_store_step_done (store, stmt, error);
}

static gboolean
supersede_open_hits (LdStore     *store,
                     const char  *broker_id,
                     GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "UPDATE broker_screening_hit SET status = 'superseded', row_version = row_version + 1"
    " WHERE broker_id = ? AND status IN ('open', 'logged')", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, broker_id);
  return ld_store_step_done (store, stmt, error);
}

static char *
summary_json (const LdCaseScreeningContext *context,
              const LdCaseScreeningSummary *summary)
{
  return g_strdup_printf ("{\"list_date\":\"%s\",\"list_sha256\":\"%s\",\"names\":%u,\"open\":%u,"
                          "\"cleared_before\":%u,\"logged\":%u,\"denials_in_force\":%u}",
                          context->list_date, context->list_sha256, summary->n_parties, summary->n_open,
                          summary->n_cleared_before, summary->n_logged, context->n_denials);
}

/**
 * _ld_broker_screening_write:
 * @works: (element-type LdScreeningWork): the broker's names as screened
 *
 * Writes a broker's screening: open hits of the one before are superseded,
 * the best hit per entry or denial is kept, and the audit log records it (in
 * a re-screening batch's one entry when @context has a batch_log).
 * Call inside a write transaction.
 */
gboolean
_ld_broker_screening_write (LdStore                      *store,
                            const LdActor                *actor,
                            const LdCaseScreeningContext *context,
                            const LdBrokerScreened       *broker,
                            GPtrArray                    *works,
                            LdCaseScreeningSummary       *summary,
                            GError                      **error)
{
  g_autoptr(GHashTable) best = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) best_hit_free);
  g_autofree char *now = ld_store_now_utc ();
  g_autofree char *json = NULL;
  GHashTableIter iter;
  gpointer value;

  *summary = (LdCaseScreeningSummary) { 0 };
  summary->n_parties = works->len;
  for (guint i = 0; i < works->len; i++)
    {
      const LdScreeningWork *work = g_ptr_array_index (works, i);

      if (work->error != NULL)
        {
          g_propagate_prefixed_error (error, g_error_copy (work->error), _("Broker %s: "),
                                      broker->registration_number ? broker->registration_number : broker->id);
          return FALSE;
        }
      collect_work (best, work);
    }
  if (!supersede_open_hits (store, broker->id, error))
    return FALSE;
  g_hash_table_iter_init (&iter, best);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      g_autofree char *note = NULL;
      const char *status = hit_status (store, broker->id, value, summary, &note, error);

      if (!insert_hit (store, context, context->job_id, broker->id, value, status, note, now, error))
        return FALSE;
    }
  /* Every desk holds the broker's hits, and supersedes the ones before. */
  if (!ld_carried_queue_broker_screening (store, broker->id, now, error))
    return FALSE;
  json = summary_json (context, summary);
  if (context->batch_log != NULL)
    {
      g_ptr_array_add (context->batch_log,
                       g_strdup_printf ("{\"broker\":\"%s\",\"row_version\":%" G_GINT64_FORMAT ",\"screening\":%s}",
                                        broker->id, (gint64) broker->row_version, json));
      return TRUE;
    }
  return ld_store_record_change (store, actor, "screen", "broker", broker->id, broker->row_version, NULL, json,
                                 error);
}

static char *
find_broker_id (LdStore     *store,
                const char  *registration_or_id,
                GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT id FROM broker WHERE id = ?1 OR registration_number = ?1",
                                         error);
  char *id = NULL;

  if (stmt == NULL)
    return NULL;
  ld_store_bind_text (stmt, 1, registration_or_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = ld_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (id == NULL)
    g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                 _("There is no broker “%s” in this store; “broker list” shows every registration number."),
                 registration_or_id);
  return id;
}

static void
add_hit_row (JsonBuilder  *b,
             sqlite3_stmt *stmt)
{
  static const char *columns[] = { "id", "kind", "broker_name", "entry_ref", "matched_name", "band", "reason",
                                   "list_date", "list_sha256", "status", "reviewed_by", "review_reason" };

  json_builder_begin_object (b);
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      json_builder_set_member_name (b, columns[c]);
      if (sqlite3_column_type (stmt, c) == SQLITE_NULL)
        json_builder_add_null_value (b);
      else
        json_builder_add_string_value (b, (const char *) sqlite3_column_text (stmt, c));
    }
  json_builder_set_member_name (b, "score");
  json_builder_add_double_value (b, sqlite3_column_double (stmt, G_N_ELEMENTS (columns)));
  json_builder_end_object (b);
}

/**
 * ld_broker_screening_to_json:
 *
 * Returns: (transfer full) (nullable): the broker's current screening hits
 *   (everything but superseded ones), best first, as a JSON array
 */
char *
ld_broker_screening_to_json (LdStore     *store,
                             const char  *registration_or_id,
                             GError     **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *id = NULL;
  sqlite3_stmt *stmt = NULL;

  if (!ld_store_begin_read (store, error))
    return NULL;
  if (!(id = find_broker_id (store, registration_or_id, error)) ||
      !(stmt = ld_store_prepare (store, "SELECT id, kind, broker_name, entry_ref, matched_name, band, reason,"
                                        " list_date, list_sha256, status, reviewed_by, review_reason, score"
                                        " FROM broker_screening_hit WHERE broker_id = ? AND status != 'superseded'"
                                        " ORDER BY created_at DESC, score DESC", error)))
    {
      ld_store_rollback (store);
      return NULL;
    }
  ld_store_bind_text (stmt, 1, id);
  json_builder_begin_array (b);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    add_hit_row (b, stmt);
  sqlite3_reset (stmt);
  ld_store_rollback (store);
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  return json_to_string (root, TRUE);
}

static const LdScreeningHitTable broker_hits = {
  "SELECT broker_id FROM broker_screening_hit WHERE id = ? AND status = 'open'",
  "UPDATE broker_screening_hit SET status = ?, reviewed_by = ?, reviewed_at = ?, review_reason = ?,"
  " row_version = row_version + 1 WHERE id = ?",
  "broker",
  N_("broker screening hit"),
  LD_CARRIED_BROKER_VERDICT,
};

/**
 * ld_broker_screening_review:
 * @true_match: the officer's verdict
 * @reason: why; required
 *
 * Records an officer's verdict on a broker's open screening hit, as for a
 * case's (_ld_screening_review_hit()).
 */
gboolean
ld_broker_screening_review (LdStore        *store,
                            const LdActor  *actor,
                            const char     *hit_id,
                            gboolean        true_match,
                            const char     *reason,
                            GError        **error)
{
  return _ld_screening_review_hit (store, actor, &broker_hits, hit_id, true_match, reason, error);
}
