/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-case-screening"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ld-case-gate.h"
#include "ld-case-repo.h"
#include "ld-list-updater.h"
#include "ld-carried.h"
#include "ld-case-screening.h"
#include "ld-case-screening-private.h"
#include "ld-screening-work.h"
#include "ld-rescreen.h"
#include "ld-checklist-indicators.h"
#include "ld-country.h"
#include "ld-denial-repo.h"
#include "ld-validate.h"

/* Screening of a whole case: every party against the Consolidated List and
 * every party's country and every country on the route against the arms
 * embargoes. Hits at the review band or above stay open until an officer
 * judges them; open hits block a recommendation (ld-case-repo.c). A party
 * cleared as a false match for a list entry is not raised again for that
 * entry unless the party's name or country changes. Every party's names are
 * also matched against the national denial register's denials in force, with
 * the list's normalisation and scoring, and raised the same way. */

typedef struct
{
  LdStore                     *store;
  const LdActor               *actor;
  const LdCaseScreeningContext *context;
  const LdScreeningRows       *rows;
  const char                  *subject_id;      /* the case's or the consent request's id */
  const char                  *run_id;
  const char                  *now;
  LdCaseScreeningSummary      *summary;
  GPtrArray                   *hits;            /* PendingHit, written after the run row */
} Run;

/* A hit found and given its status, kept until the run's row is written
 * with its totals: the run row is then written once, not written and
 * updated, which was one more write per case in a re-screening job. */
typedef struct
{
  char       *id;
  const char *kind;
  char       *role;
  char       *party_name;
  char       *key;
  char       *entry_ref;
  char       *matched_name;
  double      score;
  const char *band;
  char       *reason;
  const char *status;
  char       *review_note;
} PendingHit;

static void
pending_hit_free (PendingHit *hit)
{
  g_free (hit->id);
  g_free (hit->role);
  g_free (hit->party_name);
  g_free (hit->key);
  g_free (hit->entry_ref);
  g_free (hit->matched_name);
  g_free (hit->reason);
  g_free (hit->review_note);
  g_free (hit);
}

/* Where a case's screening goes. */
static const LdScreeningRows case_rows = {
  "INSERT INTO screening_run (id, application_id, case_version, list_date, list_sha256, embargo_version,"
  " n_parties, n_hits, run_at, run_by, denial_state) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
  "INSERT INTO screening_hit (id, run_id, application_id, kind, party_role, party_name, party_key, entry_ref,"
  " matched_name, score, band, reason, list_date, list_sha256, status, reviewed_by, reviewed_at, review_reason,"
  " created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
  "UPDATE screening_hit SET status = 'superseded', row_version = row_version + 1"
  " WHERE application_id = ? AND status IN ('open', 'logged')",
  LD_CARRIED_CASE_RUN,
  (const char * const []) { "id", "application_id", "case_version", "list_date", "list_sha256", "embargo_version",
                            "n_parties", "n_hits", "run_at", "run_by", "denial_state", NULL },
  "application_id",
};

/* Was this party cleared for this entry before, on any case or re-export
 * consent request? The kind keeps a denial whose reference happens to equal
 * a list reference apart. */
static gboolean
cleared_before (Run         *run,
                const char  *kind,
                const char  *key,
                const char  *entry_ref,
                char       **out_note,
                GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (run->store,
    "SELECT reviewed_by, reviewed_at, review_reason FROM ("
    " SELECT reviewed_by, reviewed_at, review_reason FROM screening_hit"
    "  WHERE party_key = ?1 AND entry_ref = ?2 AND kind = ?3 AND status = 'false_match'"
    " UNION ALL SELECT reviewed_by, reviewed_at, review_reason FROM consent_screening_hit"
    "  WHERE party_key = ?1 AND entry_ref = ?2 AND kind = ?3 AND status = 'false_match')"
    " ORDER BY reviewed_at DESC LIMIT 1", error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, key);
  ld_store_bind_text (stmt, 2, entry_ref);
  ld_store_bind_text (stmt, 3, kind);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    *out_note = _ld_screening_cleared_note (stmt);
  sqlite3_reset (stmt);
  return found;
}

/* Keeps a hit for write_hits(): its run row is not written yet. */
static gboolean
insert_hit (Run        *run,
            const char *kind,
            const char *role,
            const char *party_name,
            const char *key,
            const char *entry_ref,
            const char *matched_name,
            double      score,
            const char *band,
            const char *reason,
            const char *status,
            const char *review_note,
            GError    **error)
{
  PendingHit *hit = g_new0 (PendingHit, 1);

  *hit = (PendingHit) { ld_store_new_ordered_id (), kind, g_strdup (role), g_strdup (party_name), g_strdup (key), g_strdup (entry_ref),
                        g_strdup (matched_name), score, band, g_strdup (reason), status, g_strdup (review_note) };
  g_ptr_array_add (run->hits, hit);
  return error == NULL || *error == NULL;
}

static gboolean
write_hit (Run              *run,
           const PendingHit *hit,
           GError          **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (run->store, run->rows->insert_hit, error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, hit->id);
  ld_store_bind_text (stmt, 2, run->run_id);
  ld_store_bind_text (stmt, 3, run->subject_id);
  ld_store_bind_text (stmt, 4, hit->kind);
  ld_store_bind_text (stmt, 5, hit->role);
  ld_store_bind_text (stmt, 6, hit->party_name);
  ld_store_bind_text (stmt, 7, hit->key);
  ld_store_bind_text (stmt, 8, hit->entry_ref);
  ld_store_bind_text (stmt, 9, hit->matched_name);
  sqlite3_bind_double (stmt, 10, hit->score);
  ld_store_bind_text (stmt, 11, hit->band);
  ld_store_bind_text (stmt, 12, hit->reason);
  ld_store_bind_text (stmt, 13, run->context->list_date);
  ld_store_bind_text (stmt, 14, run->context->list_sha256);
  ld_store_bind_text (stmt, 15, hit->status);
  ld_store_bind_text (stmt, 16, hit->review_note ? "screening" : NULL);
  ld_store_bind_text (stmt, 17, hit->review_note ? run->now : NULL);
  ld_store_bind_text (stmt, 18, hit->review_note);
  ld_store_bind_text (stmt, 19, run->now);
  return ld_store_step_done (run->store, stmt, error);
}

/* In the order they were found, as they were written before. */
static gboolean
write_hits (Run     *run,
            GError **error)
{
  for (guint i = 0; i < run->hits->len; i++)
    if (!write_hit (run, g_ptr_array_index (run->hits, i), error))
      return FALSE;
  return TRUE;
}

/* The status a name hit gets, as for the list: logged below the review band,
 * already cleared if an officer cleared this party for this entry before. */
static const char *
hit_status (Run         *run,
            const char  *kind,
            LdMatchBand  band,
            const char  *key,
            const char  *entry_ref,
            char       **out_note,
            GError     **error)
{
  gboolean cleared = band != LD_MATCH_BAND_LOGGED && cleared_before (run, kind, key, entry_ref, out_note, error);

  return _ld_screening_hit_status (band, cleared, run->summary);
}

static gboolean
write_list_hits (Run                   *run,
                 const LdCaseParty     *party,
                 const char            *key,
                 const LdScreeningWork *work,
                 GError               **error)
{
  for (guint i = 0; i < work->list_hits->len; i++)
    {
      const LdScreeningHit *hit = g_ptr_array_index (work->list_hits, i);
      g_autofree char *note = NULL;
      const char *status = hit_status (run, "sanctions", hit->band, key, hit->entry->reference_number, &note, error);

      if (!insert_hit (run, "sanctions", party->role, party->name, key, hit->entry->reference_number,
                       hit->matched_name, hit->score, ld_match_band_to_string (hit->band), hit->reason, status,
                       note, error))
        return FALSE;
    }
  return TRUE;
}

/* What the officer reads: which denial, and whether the country agrees too,
 * which makes the same party far likelier. */
static char *
denial_reason (const LdDenial    *denial,
               const LdCaseParty *party,
               const char        *how)
{
  gboolean same_country = party->country != NULL && g_ascii_strcasecmp (party->country, denial->country) == 0;

  if (same_country)
    return g_strdup_printf (_("national denial %s of %s (%s): %s; country agrees (%s), which strengthens the match"),
                            denial->reference, denial->denied_on, denial->source, how, denial->country);
  return g_strdup_printf (_("national denial %s of %s (%s): %s; the denied party is recorded in %s, this party in %s"),
                          denial->reference, denial->denied_on, denial->source, how, denial->country,
                          party->country && party->country[0] ? party->country : "?");
}

static gboolean
write_denial_hits (Run                   *run,
                   const LdCaseParty     *party,
                   const char            *key,
                   const LdScreeningWork *work,
                   GError               **error)
{
  for (guint i = 0; i < work->denial_hits->len; i++)
    {
      const LdDenialMatch *match = g_ptr_array_index (work->denial_hits, i);
      g_autofree char *reason = denial_reason (match->denial, party, match->how);
      g_autofree char *note = NULL;
      const char *status = hit_status (run, "denial", match->band, key, match->denial->reference, &note, error);

      if (!insert_hit (run, "denial", party->role, party->name, key, match->denial->reference, match->matched,
                       match->score, ld_match_band_to_string (match->band), reason, status, note, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_party (Run                   *run,
             const LdCaseParty     *party,
             const LdScreeningWork *work,
             GError               **error)
{
  g_autofree char *key = work->party_key ? g_strdup (work->party_key)
                                          : ld_screening_party_key (party->name, party->country);

  if (work->error != NULL)
    {
      g_propagate_error (error, g_error_copy (work->error));
      return FALSE;
    }
  return write_list_hits (run, party, key, work, error) &&
         write_denial_hits (run, party, key, work, error);
}

static void
add_check (GArray        *checks,
           const char    *country,
           LdEmbargoRole  role,
           const char    *party)
{
  LdEmbargoCheck check = { country, role, party };

  if (country && country[0])
    g_array_append_val (checks, check);
}

/* Every embargo hit is open: a full embargo prohibits, a targeted one needs an
 * officer to establish that no listed or non-state recipient is involved. */
static gboolean
screen_route (Run            *run,
              LdEmbargoTable *embargoes,
              const LdCase   *data,
              GError        **error)
{
  g_autoptr(GArray) checks = g_array_new (FALSE, FALSE, sizeof (LdEmbargoCheck));
  g_autoptr(GPtrArray) hits = NULL;

  add_check (checks, data->origin_country, LD_EMBARGO_ROLE_ORIGIN, NULL);
  add_check (checks, data->export_country, LD_EMBARGO_ROLE_ORIGIN, NULL);
  for (guint i = 0; data->transit && i < data->transit->len; i++)
    add_check (checks, g_ptr_array_index (data->transit, i), LD_EMBARGO_ROLE_TRANSIT, NULL);
  add_check (checks, data->destination_country, LD_EMBARGO_ROLE_DESTINATION, NULL);
  for (guint i = 0; data->parties && i < data->parties->len; i++)
    {
      const LdCaseParty *party = g_ptr_array_index (data->parties, i);

      add_check (checks, party->country, LD_EMBARGO_ROLE_PARTY, party->name);
    }

  hits = ld_embargo_table_screen (embargoes, (const LdEmbargoCheck *) checks->data, checks->len);
  for (guint i = 0; hits && i < hits->len; i++)
    {
      const LdEmbargoHit *hit = g_ptr_array_index (hits, i);
      g_autofree char *key = g_strdup_printf ("%s|%s", ld_embargo_role_to_string (hit->role), hit->country);

      run->summary->n_open++;
      if (!insert_hit (run, "embargo", ld_embargo_role_to_string (hit->role), hit->party ? hit->party : hit->country,
                       key, hit->embargo->id, hit->embargo->name, 1.0,
                       hit->prohibited ? "prohibited" : "restricted", hit->reason, "open", NULL, error))
        return FALSE;
    }
  return TRUE;
}

static guint
run_n_hits (const Run *run)
{
  return run->summary->n_open + run->summary->n_cleared_before + run->summary->n_logged;
}

static gboolean
insert_run (Run     *run,
            int      version,
            GError **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (run->store, run->rows->insert_run, error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, run->run_id);
  ld_store_bind_text (stmt, 2, run->subject_id);
  sqlite3_bind_int (stmt, 3, version);
  ld_store_bind_text (stmt, 4, run->context->list_date);
  ld_store_bind_text (stmt, 5, run->context->list_sha256);
  ld_store_bind_text (stmt, 6, ld_embargo_table_get_version (run->context->embargoes));
  sqlite3_bind_int (stmt, 7, (int) run->summary->n_parties);
  sqlite3_bind_int (stmt, 8, (int) run_n_hits (run));
  ld_store_bind_text (stmt, 9, run->now);
  ld_store_bind_text (stmt, 10, run->actor->login);
  /* The register as screened, so that the decision gate sees a later denial
   * or voiding (src/store/ld-case-gate.c). */
  ld_store_bind_text (stmt, 11, run->context->denial_state);
  return ld_store_step_done (run->store, stmt, error);
}

static gboolean
supersede_open_hits (Run     *run,
                     GError **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (run->store, run->rows->supersede_open, error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, run->subject_id);
  return ld_store_step_done (run->store, stmt, error);
}

/* A JSON string, escaped as RFC 8259 asks (the text is valid UTF-8, as
 * every text the store holds). */
static void
append_json_string (GString    *json,
                    const char *text)
{
  if (text == NULL)
    {
      g_string_append (json, "null");
      return;
    }
  g_string_append_c (json, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;
      const char *short_form = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\b' ? "\\b" : c == '\f' ? "\\f"
                               : c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : NULL;

      if (short_form != NULL)
        g_string_append (json, short_form);
      else if (c < 0x20)
        g_string_append_printf (json, "\\u%04x", c);
      else
        g_string_append_c (json, (char) c);
    }
  g_string_append_c (json, '"');
}

static void
append_member_name (GString    *json,
                    const char *name)
{
  if (json->str[json->len - 1] != '{')
    g_string_append_c (json, ',');
  append_json_string (json, name);
  g_string_append_c (json, ':');
}

static void
append_text_member (GString    *json,
                    const char *name,
                    const char *value)
{
  append_member_name (json, name);
  append_json_string (json, value);
}

static void
append_int_member (GString    *json,
                   const char *name,
                   gint64      value)
{
  append_member_name (json, name);
  g_string_append_printf (json, "%" G_GINT64_FORMAT, value);
}

/* One member of the run's row, by its column's name. */
static void
add_run_member (GString    *json,
                const Run  *run,
                int         version,
                const char *column)
{
  if (g_str_equal (column, "id"))
    append_text_member (json, column, run->run_id);
  else if (g_str_equal (column, run->rows->subject_column))
    append_text_member (json, column, run->subject_id);
  else if (g_str_equal (column, "case_version"))
    append_int_member (json, column, version);
  else if (g_str_equal (column, "list_date"))
    append_text_member (json, column, run->context->list_date);
  else if (g_str_equal (column, "list_sha256"))
    append_text_member (json, column, run->context->list_sha256);
  else if (g_str_equal (column, "embargo_version"))
    append_text_member (json, column, ld_embargo_table_get_version (run->context->embargoes));
  else if (g_str_equal (column, "n_parties"))
    append_int_member (json, column, run->summary->n_parties);
  else if (g_str_equal (column, "n_hits"))
    append_int_member (json, column, run_n_hits (run));
  else if (g_str_equal (column, "run_at"))
    append_text_member (json, column, run->now);
  else if (g_str_equal (column, "run_by"))
    append_text_member (json, column, run->actor->login);
  else if (g_str_equal (column, "denial_state"))
    append_text_member (json, column, run->context->denial_state);
  else
    g_assert_not_reached ();
}

/* A hit's row as write_hit() wrote it, its columns in the table's order. */
static void
add_hit_object (GString          *json,
                const Run        *run,
                const PendingHit *hit)
{
  char score[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (json, '{');
  append_text_member (json, "id", hit->id);
  append_text_member (json, "run_id", run->run_id);
  append_text_member (json, run->rows->subject_column, run->subject_id);
  append_text_member (json, "kind", hit->kind);
  append_text_member (json, "party_role", hit->role);
  append_text_member (json, "party_name", hit->party_name);
  append_text_member (json, "party_key", hit->key);
  append_text_member (json, "entry_ref", hit->entry_ref);
  append_text_member (json, "matched_name", hit->matched_name);
  /* Seventeen digits read back as the same double; a whole one keeps its
   * ".0", as a JSON builder writes it, so that it reads back as a real. */
  append_member_name (json, "score");
  g_string_append (json, g_ascii_formatd (score, sizeof score, "%.17g", hit->score));
  if (strpbrk (score, ".eEn") == NULL)
    g_string_append (json, ".0");
  append_text_member (json, "band", hit->band);
  append_text_member (json, "reason", hit->reason);
  append_text_member (json, "list_date", run->context->list_date);
  append_text_member (json, "list_sha256", run->context->list_sha256);
  append_text_member (json, "status", hit->status);
  append_text_member (json, "reviewed_by", hit->review_note ? "screening" : NULL);
  append_text_member (json, "reviewed_at", hit->review_note ? run->now : NULL);
  append_text_member (json, "review_reason", hit->review_note);
  append_int_member (json, "row_version", 1);
  append_text_member (json, "created_at", run->now);
  g_string_append_c (json, '}');
}

/* The run with its hits for the central database, written from the values
 * just written rather than read back: the same record as ld_carried_image()
 * (test-rescreen compares them). Written as text directly: a JSON builder's
 * nodes for it were a seventh of a re-screening job's writing. */
static char *
run_image (const Run *run,
           int        version)
{
  GString *json = g_string_sized_new (512);

  g_string_append_c (json, '{');
  for (guint i = 0; run->rows->run_columns[i] != NULL; i++)
    add_run_member (json, run, version, run->rows->run_columns[i]);
  append_member_name (json, "hits");
  g_string_append_c (json, '[');
  for (guint i = 0; i < run->hits->len; i++)
    {
      if (i > 0)
        g_string_append_c (json, ',');
      add_hit_object (json, run, g_ptr_array_index (run->hits, i));
    }
  g_string_append (json, "]}");
  return g_string_free (json, FALSE);
}

static gboolean
queue_run (Run     *run,
           int      version,
           GError **error)
{
  g_autofree char *image = run_image (run, version);

  return ld_carried_queue_image (run->store, run->rows->carried, run->run_id, image, error);
}

static char *
summary_json (const Run *run)
{
  return g_strdup_printf ("{\"run\":\"%s\",\"list_date\":\"%s\",\"list_sha256\":\"%s\",\"parties\":%u,"
                          "\"open\":%u,\"cleared_before\":%u,\"logged\":%u,\"denials_in_force\":%u}",
                          run->run_id, run->context->list_date, run->context->list_sha256, run->summary->n_parties,
                          run->summary->n_open, run->summary->n_cleared_before, run->summary->n_logged,
                          run->context->n_denials);
}

/**
 * _ld_case_screening_works:
 *
 * Returns: (transfer full) (element-type LdScreeningWork): one unscreened
 *   work item per party of @data, in order
 */
GPtrArray *
_ld_case_screening_works (const LdCase *data)
{
  GPtrArray *works = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_screening_work_free);

  for (guint i = 0; data->parties && i < data->parties->len; i++)
    {
      const LdCaseParty *party = g_ptr_array_index (data->parties, i);

      g_ptr_array_add (works, ld_screening_work_new (party->name, party->other_names, party->country));
    }
  return works;
}

/* Whether the screened version has a diversion-risk assessment, which the
 * run's hits may change (its sanctions and embargo indicators). */
static gboolean
note_assessment (LdStore             *store,
                 const LdCaseRecord  *record,
                 GPtrArray           *to_refresh,
                 GError             **error)
{
  sqlite3_stmt *stmt;

  if (to_refresh == NULL)
    return TRUE;
  stmt = ld_store_prepare (store, "SELECT 1 FROM checklist_assessment WHERE application_id = ? AND case_version = ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, record->id);
  sqlite3_bind_int (stmt, 2, record->version);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (to_refresh, g_strdup (record->id));
  sqlite3_reset (stmt);
  return TRUE;
}

/**
 * _ld_screening_write_rows:
 * @rows: where the rows go, a case's or a consent request's
 * @subject_id: the case's or the request's id
 * @version: the case's version screened; 1 for a request, which never changes
 * @data: the parties and route screened
 * @works: (element-type LdScreeningWork): @data's parties as screened, in order
 * @out_json: (out) (transfer full): the run's summary for the audit entry
 *
 * Writes one screening run and its hits inside the caller's write
 * transaction, the same for a case and a re-export consent request, so both
 * are screened and cleared alike.
 */
gboolean
_ld_screening_write_rows (LdStore                      *store,
                          const LdActor                *actor,
                          const LdCaseScreeningContext *context,
                          const LdScreeningRows        *rows,
                          const char                   *subject_id,
                          int                           version,
                          const LdCase                 *data,
                          GPtrArray                    *works,
                          LdCaseScreeningSummary       *summary,
                          char                        **out_json,
                          GError                      **error)
{
  g_autofree char *run_id = ld_store_new_ordered_id ();
  g_autofree char *now = ld_store_now_utc ();
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_hit_free);
  Run run = { store, actor, context, rows, subject_id, run_id, now, summary, hits };

  *summary = (LdCaseScreeningSummary) { 0 };
  summary->n_parties = works->len;
  /* The hits are found and given their status first, so that the run row,
   * which they refer to, is written once with its totals before them. */
  if (!supersede_open_hits (&run, error))
    return FALSE;
  for (guint i = 0; i < works->len; i++)
    if (!write_party (&run, g_ptr_array_index (data->parties, i), g_ptr_array_index (works, i), error))
      return FALSE;
  if (!screen_route (&run, context->embargoes, data, error) ||
      !insert_run (&run, version, error) ||
      !write_hits (&run, error) ||
      !queue_run (&run, version, error))
    return FALSE;
  *out_json = summary_json (&run);
  return TRUE;
}

/**
 * _ld_case_screening_write:
 * @record: the case, with the version that was screened
 * @works: (element-type LdScreeningWork): its parties as screened, in order
 * @to_refresh: (element-type utf8): where the case's id is added when its
 *   diversion-risk assessment must be refreshed once the transaction has
 *   committed (_ld_case_screening_refresh_assessments())
 *
 * Writes one case's screening run, its hits and its audit entry (or its line
 * in a re-screening batch's entry: @context's batch_log). Call it inside a
 * write transaction; the same for a case screened alone and for a
 * batch of a re-screening job, so both leave the same rows and both refresh
 * the assessments they change.
 */
gboolean
_ld_case_screening_write (LdStore                      *store,
                          const LdActor                *actor,
                          const LdCaseScreeningContext *context,
                          const LdCaseRecord           *record,
                          GPtrArray                    *works,
                          LdCaseScreeningSummary       *summary,
                          GPtrArray                    *to_refresh,
                          GError                      **error)
{
  g_autofree char *json = NULL;

  if (!_ld_screening_write_rows (store, actor, context, &case_rows, record->id, record->version, record->data,
                                 works, summary, &json, error) ||
      !note_assessment (store, record, to_refresh, error))
    return FALSE;
  if (context->batch_log != NULL)
    {
      g_ptr_array_add (context->batch_log,
                       g_strdup_printf ("{\"application\":\"%s\",\"version\":%d,\"row_version\":%" G_GINT64_FORMAT
                                        ",\"screening\":%s}", record->id, record->version,
                                        (gint64) record->row_version, json));
      return TRUE;
    }
  return ld_store_record_change (store, actor, "screen", "application", record->id, record->row_version, NULL, json,
                                 error);
}

/**
 * _ld_case_screening_context_init:
 * @denials: (out) (transfer full): the denials in force, read as @actor
 *
 * Reads what a screening is made against besides the list: the denials in
 * force and the register's state, in one read, so a run records the state
 * it was screened against.
 */
gboolean
_ld_case_screening_context_init (LdCaseScreeningContext  *context,
                                 LdStore                 *store,
                                 const LdActor           *actor,
                                 LdNameMatcher           *matcher,
                                 LdEmbargoTable          *embargoes,
                                 GError                 **error)
{
  LdSanctionsList *list = ld_name_matcher_get_list (matcher);

  *context = (LdCaseScreeningContext) { 0 };
  context->list_date = ld_sanctions_list_get_date_generated (list);
  context->list_sha256 = ld_sanctions_list_get_sha256 (list);
  context->embargoes = embargoes;
  if (!ld_store_begin_read (store, error))
    return FALSE;
  context->denials = ld_denial_repo_list (store, actor, FALSE, error);
  context->denial_state = context->denials ? _ld_case_gate_denial_state (store, error) : NULL;
  ld_store_rollback (store);
  if (context->denial_state == NULL)
    {
      _ld_case_screening_context_clear (context);
      return FALSE;
    }
  context->n_denials = context->denials->len;
  return TRUE;
}

void
_ld_case_screening_context_clear (LdCaseScreeningContext *context)
{
  g_clear_pointer (&context->denials, g_ptr_array_unref);
  g_clear_pointer (&context->denial_state, g_free);
}

/**
 * _ld_case_screening_refresh_assessments:
 * @to_refresh: (element-type utf8): the cases _ld_case_screening_write() named
 *
 * A screening can change what the diversion-risk assessment's indicators
 * find: the assessment of each screened version is refreshed at once, so
 * that it is as fresh as the screening the decision gate counts
 * (ld-checklist-indicators.c), whether the case was screened alone or by a
 * re-screening job. The indicators read the store through their own
 * transactions, so this runs after the screening's has committed. The runs
 * stand whatever happens here; the gate asks for a refresh if one failed.
 */
void
_ld_case_screening_refresh_assessments (LdStore       *store,
                                        const LdActor *actor,
                                        GPtrArray     *to_refresh)
{
  for (guint i = 0; i < to_refresh->len; i++)
    {
      const char *application_id = g_ptr_array_index (to_refresh, i);
      g_autoptr(GError) error = NULL;

      if (!ld_checklist_refresh_indicators (store, actor, application_id, &error))
        g_warning ("The diversion-risk indicators of %s were not refreshed after screening: %s", application_id,
                   error->message);
    }
}

/**
 * ld_case_screening_run:
 * @application: the case's id or reference
 *
 * Screens the current version of a case and stores the results with it, with
 * the list's generation date and SHA-256. Open hits of earlier runs are
 * superseded; verdicts already given stay.
 */
gboolean
ld_case_screening_run (LdStore                *store,
                       const LdActor          *actor,
                       LdNameMatcher          *matcher,
                       LdEmbargoTable         *embargoes,
                       const char             *application,
                       LdCaseScreeningSummary *summary,
                       GError                **error)
{
  g_autoptr(LdCaseRecord) record = NULL;
  g_autoptr(GPtrArray) works = NULL;
  g_auto(LdCaseScreeningContext) context = { 0 };
  g_autoptr(GPtrArray) to_refresh = g_ptr_array_new_with_free_func (g_free);
  LdCaseScreeningSummary local = { 0 };

  if (!ld_actor_require (actor, LD_PERMISSION_SCREEN_CASES, error) ||
      !(record = ld_case_repo_load (store, application, 0, error)) ||
      !_ld_case_screening_context_init (&context, store, actor, matcher, embargoes, error))
    return FALSE;
  works = _ld_case_screening_works (record->data);
  for (guint i = 0; i < works->len; i++)
    ld_screening_work_run (g_ptr_array_index (works, i), matcher, context.denials);

  if (!ld_store_begin (store, error))
    return FALSE;
  if (!_ld_case_screening_write (store, actor, &context, record, works, summary ? summary : &local, to_refresh,
                                 error) ||
      !ld_store_commit (store, error))
    {
      ld_store_rollback (store);
      return FALSE;
    }
  _ld_case_screening_refresh_assessments (store, actor, to_refresh);
  return TRUE;
}

/**
 * _ld_screening_hit_status:
 * @cleared_before: an officer cleared the same party for the same entry
 *
 * The status a new hit gets, counted in @summary: logged below the review
 * band, already cleared, or open for an officer to judge. The same for a
 * case's parties and for a broker's names.
 */
const char *
_ld_screening_hit_status (LdMatchBand             band,
                          gboolean                cleared_before,
                          LdCaseScreeningSummary *summary)
{
  if (band == LD_MATCH_BAND_LOGGED)
    {
      summary->n_logged++;
      return "logged";
    }
  if (cleared_before)
    {
      summary->n_cleared_before++;
      return "false_match";
    }
  summary->n_open++;
  return "open";
}

/**
 * _ld_screening_cleared_note:
 * @stmt: a row of reviewed_by, reviewed_at, review_reason
 *
 * Returns: (transfer full): what a hit raised again says of the earlier verdict
 */
char *
_ld_screening_cleared_note (sqlite3_stmt *stmt)
{
  return g_strdup_printf (_("cleared as a false match by %s on %s: %s"), sqlite3_column_text (stmt, 0),
                          sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2));
}

static char *
open_hit_owner (LdStore                    *store,
                const LdScreeningHitTable  *table,
                const char                 *hit_id,
                GError                    **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, table->owner_sql, error);
  char *owner = NULL;

  if (stmt == NULL)
    return NULL;
  ld_store_bind_text (stmt, 1, hit_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    owner = ld_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (owner == NULL)
    g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                 _("There is no open %s %s; it may have been judged or superseded already."), _(table->noun), hit_id);
  return owner;
}

/**
 * _ld_screening_review_hit:
 * @table: where the kind of hit is kept
 * @true_match: the officer's verdict
 * @reason: why; required
 *
 * Records an officer's verdict on an open hit, with an audit entry on the
 * hit's owner, in one transaction. Only licensing officers (who assess
 * cases) and senior officers may judge.
 */
gboolean
_ld_screening_review_hit (LdStore                    *store,
                          const LdActor              *actor,
                          const LdScreeningHitTable  *table,
                          const char                 *hit_id,
                          gboolean                    true_match,
                          const char                 *reason,
                          GError                    **error)
{
  const char *verdict = true_match ? "true_match" : "false_match";
  g_autofree char *now = ld_store_now_utc ();
  g_autofree char *after = NULL;
  g_autofree char *owner = NULL;
  sqlite3_stmt *stmt;

  if (!ld_actor_require (actor, LD_PERMISSION_ASSESS_APPLICATIONS, error) ||
      !ld_validate_required (_("The reason for the verdict"), reason, error) ||
      !ld_store_begin (store, error))
    return FALSE;
  if (!(owner = open_hit_owner (store, table, hit_id, error)) ||
      !(stmt = ld_store_prepare (store, table->update_sql, error)))
    goto fail;
  ld_store_bind_text (stmt, 1, verdict);
  ld_store_bind_text (stmt, 2, actor->login);
  ld_store_bind_text (stmt, 3, now);
  ld_store_bind_text (stmt, 4, reason);
  ld_store_bind_text (stmt, 5, hit_id);
  if (!ld_store_step_done (store, stmt, error) ||
      (table->carried != NULL && !ld_carried_queue (store, table->carried, hit_id, NULL, error)))
    goto fail;
  after = g_strdup_printf ("{\"hit\":\"%s\",\"verdict\":\"%s\"}", hit_id, verdict);
  if (!ld_store_record_change (store, actor, "review-hit", table->entity, owner, 0, NULL, after, error) ||
      !ld_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  ld_store_rollback (store);
  return FALSE;
}

static const LdScreeningHitTable case_hits = {
  "SELECT application_id FROM screening_hit WHERE id = ? AND status = 'open'",
  "UPDATE screening_hit SET status = ?, reviewed_by = ?, reviewed_at = ?, review_reason = ?,"
  " row_version = row_version + 1 WHERE id = ?",
  "application",
  N_("screening hit"),
  LD_CARRIED_CASE_VERDICT,
};

/**
 * ld_case_screening_review:
 * @true_match: the officer's verdict
 * @reason: why; required
 *
 * Records an officer's verdict on an open hit. Only licensing officers (who
 * assess cases) and senior officers may judge.
 */
gboolean
ld_case_screening_review (LdStore        *store,
                          const LdActor  *actor,
                          const char     *hit_id,
                          gboolean        true_match,
                          const char     *reason,
                          GError        **error)
{
  return _ld_screening_review_hit (store, actor, &case_hits, hit_id, true_match, reason, error);
}

/**
 * ld_case_screening_to_json:
 *
 * Returns: (transfer full) (nullable): the case's current screening hits
 *   (everything but superseded ones), as a JSON array
 */
char *
ld_case_screening_to_json (LdStore     *store,
                           const char  *application,
                           GError     **error)
{
  g_autoptr(LdCaseRecord) record = ld_case_repo_load (store, application, 0, error);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  static const char *columns[] = { "id", "kind", "party_role", "party_name", "entry_ref", "matched_name", "band",
                                   "reason", "list_date", "list_sha256", "status", "reviewed_by", "review_reason" };
  sqlite3_stmt *stmt;

  if (record == NULL || !ld_store_begin_read (store, error))
    return NULL;
  stmt = ld_store_prepare (store, "SELECT id, kind, party_role, party_name, entry_ref, matched_name, band, reason,"
                                  " list_date, list_sha256, status, reviewed_by, review_reason, score"
                                  " FROM screening_hit WHERE application_id = ? AND status != 'superseded'"
                                  " ORDER BY created_at, score DESC", error);
  if (stmt == NULL)
    {
      ld_store_rollback (store);
      return NULL;
    }
  ld_store_bind_text (stmt, 1, record->id);
  json_builder_begin_array (b);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
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
      json_builder_add_double_value (b, sqlite3_column_double (stmt, 13));
      json_builder_end_object (b);
    }
  sqlite3_reset (stmt);
  ld_store_rollback (store);
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  return json_to_string (root, TRUE);
}

/**
 * ld_case_screening_describe_last_run:
 *
 * Returns: (transfer full) (nullable): a sentence saying when the case was
 *   last screened, by whom and against which list, or %NULL if it never was
 */
/* "2026-11-30T02:15:17.290117Z" as "2026-11-30 02:15 UTC"; anything else as it is. */
static char *
readable_time (const char *iso)
{
  g_autoptr(GDateTime) t = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;

  return t ? g_date_time_format (t, "%Y-%m-%d %H:%M UTC") : g_strdup (iso ? iso : "?");
}

/**
 * ld_case_screening_is_current:
 * @out_current: (out): whether the case's current version has been screened
 *
 * What the recommendation gate asks (src/store/ld-case-repo.c), for the page
 * to offer screening before an officer runs into the gate.
 */
gboolean
ld_case_screening_is_current (LdStore     *store,
                              const char  *application_id,
                              gboolean    *out_current,
                              GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  if (!ld_store_begin_read (store, error))
    return FALSE;
  stmt = ld_store_prepare (store, "SELECT EXISTS (SELECT 1 FROM screening_run AS r JOIN application AS a"
                                  " ON a.id = r.application_id WHERE a.id = ? AND r.case_version = a.current_version)",
                           error);
  if (stmt)
    {
      ld_store_bind_text (stmt, 1, application_id);
      if ((ok = sqlite3_step (stmt) == SQLITE_ROW))
        *out_current = sqlite3_column_int (stmt, 0) != 0;
      else
        g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_FAILED, _("Reading the case's screening failed."));
      sqlite3_reset (stmt);
    }
  ld_store_rollback (store);
  return ok;
}

char *
ld_case_screening_describe_last_run (LdStore     *store,
                                     const char  *application_id,
                                     GError     **error)
{
  sqlite3_stmt *stmt;
  char *text = NULL;

  if (!ld_store_begin_read (store, error))
    return NULL;
  /* The officer by display name when the profile is on this desk (the
   * rescreen job and another desk's officer have only their login). */
  stmt = ld_store_prepare (store, "SELECT run_at, coalesce ((SELECT u.display_name FROM user_profile u"
                                  " WHERE u.login = r.run_by), r.run_by), list_date, n_hits, case_version,"
                                  " embargo_version FROM screening_run r WHERE application_id = ?"
                                  " ORDER BY run_at DESC LIMIT 1", error);
  if (stmt)
    {
      ld_store_bind_text (stmt, 1, application_id);
      /* The embargo table's version is named too: an administrator may have
       * changed the table since, and the officer should see which one applied. */
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autofree char *run_at = readable_time ((const char *) sqlite3_column_text (stmt, 0));
          g_autofree char *list_date = readable_time ((const char *) sqlite3_column_text (stmt, 2));

          text = g_strdup_printf (_("Version %d screened on %s by %s against the list generated %s and the "
                                    "embargo table %s: %d hits."),
                                  sqlite3_column_int (stmt, 4), run_at, sqlite3_column_text (stmt, 1), list_date,
                                  sqlite3_column_text (stmt, 5), sqlite3_column_int (stmt, 3));
        }
      sqlite3_reset (stmt);
    }
  ld_store_rollback (store);
  return text;
}

/**
 * ld_case_screening_rescreen_open:
 *
 * Screens again every case that is submitted and not yet decided, as after a
 * new list is installed: a name added to the list reaches the cases already
 * in the office, and verdicts given for unchanged parties and entries stand.
 * A re-screening job in batches on worker threads (src/screening/ld-rescreen.c);
 * an interrupted one is taken up where it stopped.
 */
gboolean
ld_case_screening_rescreen_open (LdStore        *store,
                                 const LdActor  *actor,
                                 LdNameMatcher  *matcher,
                                 LdEmbargoTable *embargoes,
                                 guint          *out_n_cases,
                                 guint          *out_n_open,
                                 GError        **error)
{
  g_auto(LdRescreenProgress) progress = { 0 };
  gboolean ok = ld_rescreen_run (store, actor, matcher, embargoes, LD_RESCREEN_CASES, NULL, NULL, NULL, NULL,
                                 &progress, error);

  *out_n_cases = (guint) progress.n_done;
  *out_n_open = (guint) progress.n_open;
  return ok;
}

/**
 * ld_case_screening_installed_list_sha256:
 * @list_dir: (nullable): where the list is installed; %NULL for the default
 *
 * The SHA-256 of the UN Consolidated List installed on this desk, as a
 * screening run records it: the decision gate refuses a legal act on a case
 * screened against any other list.
 *
 * Returns: (transfer full) (nullable): the hash, or %NULL with @error when no
 *   list is installed
 */
char *
ld_case_screening_installed_list_sha256 (const char  *list_dir,
                                         GError     **error)
{
  g_autoptr(LdListUpdater) updater = ld_list_updater_new (list_dir);
  g_autofree char *path = ld_list_updater_get_list_path (updater);
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _("No sanctions list is installed at %s; install it with “licence-desk-admin screen update” or "
                     "Update Now on the Screening page."), path);
      return NULL;
    }
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}
