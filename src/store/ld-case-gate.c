/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-case-gate"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-carried.h"
#include "ld-case-gate.h"
#include "ld-checklist-repo.h"
#include "ld-store-private.h"
#include "ld-validate.h"

/* What the store knows for the decision gate (src/core/ld-case-workflow.c):
 * the case's newest screening run and whether the reference data it used are
 * still in force, the verdicts given on it, the embargo exemptions recorded
 * for the current version, and the standing of every broker party on the
 * decision date. The broker register's tables are read here directly, inside
 * the caller's transaction, so the gate and the act see one state. */

#define ENTITY "application"

void
ld_case_exemption_free (LdCaseExemption *e)
{
  if (e == NULL)
    return;
  g_free (e->id);
  g_free (e->embargo_id);
  g_free (e->embargo_name);
  g_free (e->resolution);
  g_free (e->paragraph);
  g_free (e->written_by_login);
  g_free (e->confirmed_by_login);
  g_free (e);
}

static char *
today_utc (void)
{
  g_autofree char *now = ld_store_now_utc ();

  return g_strndup (now, 10);
}

/**
 * _ld_case_gate_denial_state:
 *
 * The state of the denial register, recorded with each screening run:
 * denials are never deleted and voided only once, so the number recorded
 * and the number voided change whenever what is in force changes. Call
 * inside a transaction.
 *
 * Returns: (transfer full) (nullable): e.g. "12/3"
 */
char *
_ld_case_gate_denial_state (LdStore  *store,
                            GError  **error)
{
  char *state = NULL;

  _ld_store_query_text (store, "SELECT count(*) || '/' || count(voided_at) FROM denial", NULL, NULL, NULL, &state, error);
  return state;
}

typedef struct
{
  char *id;
  int   case_version;
  char *list_sha256;
  char *embargo_version;
  char *denial_state;
} LastRun;

static void
last_run_clear (LastRun *run)
{
  g_free (run->id);
  g_free (run->list_sha256);
  g_free (run->embargo_version);
  g_free (run->denial_state);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LastRun, last_run_clear)

/* The newest run of a case, or with @sql of a re-export consent request. */
static gboolean
read_last_run_of (LdStore     *store,
                  const char  *sql,
                  const char  *subject_id,
                  LastRun     *run,
                  GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, subject_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      run->id = ld_store_column_dup (stmt, 0);
      run->case_version = sqlite3_column_int (stmt, 1);
      run->list_sha256 = ld_store_column_dup (stmt, 2);
      run->embargo_version = ld_store_column_dup (stmt, 3);
      run->denial_state = ld_store_column_dup (stmt, 4);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      ld_store_set_error (store, error, rc, _("reading the case's screening"));
      return FALSE;
    }
  return TRUE;
}

/* Which reference data changed since @run. The list in force is the one the
 * caller installed on this desk; without one, the newest list any case of
 * this store was screened against. Until an administrator edits the embargo
 * table the shipped one is in force, and every run used it. */
static gboolean
read_stale (LdStore        *store,
            const LastRun  *run,
            const char     *list_sha256,
            guint          *out_stale,
            GError        **error)
{
  g_autofree char *newest_list = NULL, *embargo = NULL, *denials = NULL;

  *out_stale = 0;
  if (list_sha256 == NULL &&
      !_ld_store_query_text (store, "SELECT list_sha256 FROM screening_run ORDER BY list_date DESC, run_at DESC LIMIT 1",
                   NULL, NULL, NULL, &newest_list, error))
    return FALSE;
  if (!_ld_store_query_text (store, "SELECT label FROM embargo_version ORDER BY seq DESC LIMIT 1", NULL, NULL, NULL, &embargo,
                   error) ||
      !(denials = _ld_case_gate_denial_state (store, error)))
    return FALSE;
  if (g_strcmp0 (run->list_sha256, list_sha256 ? list_sha256 : newest_list) != 0)
    *out_stale |= LD_CASE_GATE_STALE_LIST;
  if (embargo != NULL && g_strcmp0 (run->embargo_version, embargo) != 0)
    *out_stale |= LD_CASE_GATE_STALE_EMBARGOES;
  if (g_strcmp0 (run->denial_state, denials) != 0)
    *out_stale |= LD_CASE_GATE_STALE_DENIALS;
  return TRUE;
}

static gboolean
read_last_run (LdStore     *store,
               const char  *application_id,
               LastRun     *run,
               GError     **error)
{
  return read_last_run_of (store, "SELECT id, case_version, list_sha256, embargo_version, denial_state"
                                  " FROM screening_run WHERE application_id = ? ORDER BY run_at DESC, rowid DESC"
                                  " LIMIT 1", application_id, run, error);
}

static gboolean
count_open_hits_of (LdStore     *store,
                    const char  *sql,
                    const char  *subject_id,
                    guint       *out_n,
                    GError     **error)
{
  g_autofree char *n = NULL;

  if (!_ld_store_query_text (store, sql, subject_id, NULL, NULL, &n, error))
    return FALSE;
  *out_n = (guint) g_ascii_strtoull (n ? n : "0", NULL, 10);
  return TRUE;
}

static gboolean
count_open_hits (LdStore     *store,
                 const char  *application_id,
                 guint       *out_n,
                 GError     **error)
{
  return count_open_hits_of (store, "SELECT count(*) FROM screening_hit WHERE application_id = ? AND status = 'open'",
                             application_id, out_n, error);
}

/* An embargo confirmed on this version: exempted, waiting for the second
 * officer, or not exempted at all. */
static gboolean
add_embargo (LdStore             *store,
             const LdCaseRecord  *r,
             const char          *embargo_id,
             const char          *embargo_name,
             LdCaseGate          *gate,
             GError             **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT resolution, paragraph, confirmed_by FROM embargo_exemption WHERE application_id = ? AND case_version = ?"
    " AND embargo_id = ? AND voided_at IS NULL ORDER BY written_at DESC LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, r->id);
  sqlite3_bind_int (stmt, 2, r->current_version);
  ld_store_bind_text (stmt, 3, embargo_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    g_ptr_array_add (gate->embargoes_unexempted, g_strdup (embargo_name));
  else if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 2) == SQLITE_NULL)
    g_ptr_array_add (gate->exemptions_unconfirmed,
                     g_strdup_printf ("%s|%s|%s", embargo_name, sqlite3_column_text (stmt, 0),
                                      sqlite3_column_text (stmt, 1)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      ld_store_set_error (store, error, rc, _("reading the case's embargo exemptions"));
      return FALSE;
    }
  return TRUE;
}

/* The verdicts given on the newest run: a hit confirmed as a true match. A
 * denial counts while it is in force. */
#define CONFIRMED_HITS(table) \
  "SELECT h.kind, h.party_name, h.entry_ref, h.matched_name FROM " table " h WHERE h.run_id = ?" \
  " AND h.status = 'true_match' AND (h.kind != 'denial' OR EXISTS (SELECT 1 FROM denial d" \
  " WHERE d.reference = h.entry_ref AND d.voided_at IS NULL)) ORDER BY h.created_at, h.rowid"

/* @r: (nullable): the case whose exemptions count; a re-export consent
 * request has none, so a confirmed embargo hit stands unexempted. */
static gboolean
read_confirmed (LdStore             *store,
                const LdCaseRecord  *r,
                const char          *run_id,
                LdCaseGate          *gate,
                GError             **error)
{
  g_autoptr(GHashTable) embargoes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = ld_store_prepare (store, r ? CONFIRMED_HITS ("screening_hit")
                                                  : CONFIRMED_HITS ("consent_screening_hit"), error);
  GHashTableIter iter;
  gpointer key, value;

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, run_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *kind = (const char *) sqlite3_column_text (stmt, 0);
      char *pair = g_strdup_printf ("%s|%s", sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2));

      if (g_str_equal (kind, "sanctions"))
        g_ptr_array_add (gate->confirmed_sanctions, pair);
      else if (g_str_equal (kind, "denial"))
        g_ptr_array_add (gate->confirmed_denials, pair);
      else
        {
          g_free (pair);
          g_hash_table_replace (embargoes, ld_store_column_dup (stmt, 2), ld_store_column_dup (stmt, 3));
        }
    }
  sqlite3_reset (stmt);
  g_hash_table_iter_init (&iter, embargoes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (r == NULL)
      g_ptr_array_add (gate->embargoes_unexempted, g_strdup (value ? value : key));
    else if (!add_embargo (store, r, key, value ? value : key, gate, error))
      return FALSE;
  return TRUE;
}

static LdCaseBrokerFinding *
finding_new (LdCaseBrokerProblem  problem,
             const LdCaseParty   *party,
             const char          *detail)
{
  LdCaseBrokerFinding *f = g_new0 (LdCaseBrokerFinding, 1);

  f->problem = problem;
  f->party = g_strdup (party->name ? party->name : "");
  f->registration = g_strdup (party->broker_registration);
  f->authorisation = g_strdup (party->broker_authorisation);
  f->detail = g_strdup (detail);
  return f;
}

/* The broker's id when it is registered and a validity period covers @day;
 * otherwise a finding saying why not. */
static gboolean
check_registration (LdStore            *store,
                    const LdCaseParty  *party,
                    const char         *day,
                    char              **out_broker_id,
                    LdCaseBrokerFinding **out_finding,
                    GError            **error)
{
  g_autofree char *status = NULL, *covered = NULL;

  *out_broker_id = NULL;
  if (!_ld_store_query_text (store, "SELECT id FROM broker WHERE registration_number = ? AND voided_at IS NULL",
                   party->broker_registration ? party->broker_registration : "", NULL, NULL, out_broker_id, error))
    return FALSE;
  if (*out_broker_id == NULL)
    {
      *out_finding = finding_new (LD_CASE_BROKER_NOT_IN_REGISTER, party, NULL);
      return TRUE;
    }
  if (!_ld_store_query_text (store, "SELECT status FROM broker WHERE id = ?", *out_broker_id, NULL, NULL, &status, error) ||
      !_ld_store_query_text (store, "SELECT 1 FROM broker b WHERE b.id = ?1 AND (EXISTS (SELECT 1 FROM broker_period p"
                          " WHERE p.broker_id = b.id AND p.valid_from <= ?2 AND p.valid_until >= ?2)"
                          " OR (b.valid_from <= ?2 AND b.valid_until >= ?2))",
                   *out_broker_id, day, NULL, &covered, error))
    return FALSE;
  if (g_strcmp0 (status, "registered") != 0)
    *out_finding = finding_new (LD_CASE_BROKER_NOT_IN_FORCE, party, status);
  else if (covered == NULL)
    *out_finding = finding_new (LD_CASE_BROKER_NOT_IN_FORCE, party, _("no registration period covers the day"));
  return TRUE;
}

/* The per-deal authorisation the party names must be this broker's, for this
 * case, not voided and valid on @day. */
static gboolean
check_authorisation (LdStore             *store,
                     const LdCaseRecord  *r,
                     const LdCaseParty   *party,
                     const char          *broker_id,
                     const char          *day,
                     LdCaseBrokerFinding **out_finding,
                     GError             **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *owner = NULL, *owner_number = NULL, *case_ref = NULL, *from = NULL, *until = NULL, *voided = NULL;
  g_autofree char *number = g_strstrip (g_strdup (party->broker_authorisation ? party->broker_authorisation : ""));
  int rc;

  if (number[0] == '\0')
    {
      *out_finding = finding_new (LD_CASE_BROKER_NO_AUTHORISATION, party, NULL);
      return TRUE;
    }
  if (!(stmt = ld_store_prepare (store, "SELECT a.broker_id, b.registration_number, a.application_ref, a.valid_from,"
                                        " a.valid_until, a.voided_at FROM broker_authorisation a"
                                        " JOIN broker b ON b.id = a.broker_id WHERE a.number = ?", error)))
    return FALSE;
  ld_store_bind_text (stmt, 1, number);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      owner = ld_store_column_dup (stmt, 0);
      owner_number = ld_store_column_dup (stmt, 1);
      case_ref = ld_store_column_dup (stmt, 2);
      from = ld_store_column_dup (stmt, 3);
      until = ld_store_column_dup (stmt, 4);
      voided = ld_store_column_dup (stmt, 5);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      ld_store_set_error (store, error, rc, _("reading a brokering authorisation"));
      return FALSE;
    }
  if (owner == NULL)
    *out_finding = finding_new (LD_CASE_BROKER_UNKNOWN_AUTHORISATION, party, NULL);
  else if (g_strcmp0 (owner, broker_id) != 0)
    *out_finding = finding_new (LD_CASE_BROKER_AUTHORISATION_OTHER_BROKER, party, owner_number);
  else if (g_strcmp0 (case_ref, r->reference) != 0 && g_strcmp0 (case_ref, r->id) != 0)
    *out_finding = finding_new (LD_CASE_BROKER_AUTHORISATION_OTHER_CASE, party, case_ref);
  else if (voided != NULL)
    *out_finding = finding_new (LD_CASE_BROKER_AUTHORISATION_NOT_IN_FORCE, party, _("voided"));
  else if (g_strcmp0 (from, day) > 0 || g_strcmp0 (until, day) < 0)
    {
      g_autofree char *period = g_strdup_printf (_("valid %s to %s"), from, until);

      *out_finding = finding_new (LD_CASE_BROKER_AUTHORISATION_NOT_IN_FORCE, party, period);
    }
  return TRUE;
}

static gboolean
read_brokers (LdStore             *store,
              const LdCaseRecord  *r,
              LdCaseGate          *gate,
              GError             **error)
{
  for (guint i = 0; r->data->parties && i < r->data->parties->len; i++)
    {
      const LdCaseParty *party = g_ptr_array_index (r->data->parties, i);
      g_autofree char *broker_id = NULL;
      LdCaseBrokerFinding *finding = NULL;

      if (g_strcmp0 (party->role, "broker") != 0)
        continue;
      if (!check_registration (store, party, gate->decision_date, &broker_id, &finding, error))
        return FALSE;
      if (finding == NULL && !check_authorisation (store, r, party, broker_id, gate->decision_date, &finding, error))
        return FALSE;
      if (finding)
        g_ptr_array_add (gate->broker_findings, finding);
    }
  return TRUE;
}

static void
gate_init (LdCaseGate *gate)
{
  *gate = (LdCaseGate) { 0 };
  gate->confirmed_sanctions = g_ptr_array_new_with_free_func (g_free);
  gate->confirmed_denials = g_ptr_array_new_with_free_func (g_free);
  gate->embargoes_unexempted = g_ptr_array_new_with_free_func (g_free);
  gate->exemptions_unconfirmed = g_ptr_array_new_with_free_func (g_free);
  gate->broker_findings = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_case_broker_finding_free);
  gate->decision_date = today_utc ();
}

/**
 * _ld_case_gate_read_locked:
 * @record: the case, as loaded inside the caller's transaction
 * @list_sha256: (nullable): the SHA-256 of the UN list installed on this desk
 * @gate: (out caller-allocates): filled; clear it with ld_case_gate_clear()
 *
 * Reads everything the decision gate needs. Call inside a transaction.
 */
gboolean
_ld_case_gate_read_locked (LdStore             *store,
                           const LdCaseRecord  *r,
                           const char          *list_sha256,
                           LdCaseGate          *gate,
                           GError             **error)
{
  g_auto(LastRun) run = { 0 };

  gate_init (gate);
  if (!read_last_run (store, r->id, &run, error) || !_ld_checklist_gate_read_locked (store, r, gate, error))
    return FALSE;
  /* Only the newest run counts, and only for the version being decided. */
  gate->screened = run.id != NULL && run.case_version == r->current_version;
  if (!gate->screened)
    return TRUE;
  return read_stale (store, &run, list_sha256, &gate->stale, error) &&
         count_open_hits (store, r->id, &gate->n_open_screening_hits, error) &&
         read_confirmed (store, r, run.id, gate, error) &&
         read_brokers (store, r, gate, error);
}

/**
 * _ld_case_gate_read_consent_locked:
 * @consent_id: a re-export consent request's id
 * @list_sha256: (nullable): the SHA-256 of the UN list installed on this desk
 * @gate: (out caller-allocates): filled; clear it with ld_case_gate_clear()
 *
 * What the decision gate needs for a re-export consent request, read as for
 * a case (ld-euc-consent-repo.c): screened against the list, embargo table
 * and denial register in force, no hit left open, and for a grant no
 * confirmed match, denial or embargo. A request carries no parties' brokers
 * and no diversion-risk assessment of its own. Call inside a transaction.
 */
gboolean
_ld_case_gate_read_consent_locked (LdStore     *store,
                                   const char  *consent_id,
                                   const char  *list_sha256,
                                   LdCaseGate  *gate,
                                   GError     **error)
{
  g_auto(LastRun) run = { 0 };

  gate_init (gate);
  gate->consent_request = TRUE;
  if (!read_last_run_of (store, "SELECT id, 1, list_sha256, embargo_version, denial_state FROM consent_screening_run"
                                " WHERE consent_id = ? ORDER BY run_at DESC, rowid DESC LIMIT 1",
                         consent_id, &run, error))
    return FALSE;
  gate->screened = run.id != NULL;
  if (!gate->screened)
    return TRUE;
  return read_stale (store, &run, list_sha256, &gate->stale, error) &&
         count_open_hits_of (store, "SELECT count(*) FROM consent_screening_hit WHERE consent_id = ?"
                                    " AND status = 'open'", consent_id, &gate->n_open_screening_hits, error) &&
         read_confirmed (store, NULL, run.id, gate, error);
}

/**
 * ld_case_repo_read_broker_findings:
 *
 * The standing of every broker party of the case's current version today,
 * whether or not the case was screened (the diversion-risk indicators).
 *
 * Returns: (transfer full) (element-type LdCaseBrokerFinding): the problems
 */
GPtrArray *
ld_case_repo_read_broker_findings (LdStore     *store,
                                   const char  *id_or_reference,
                                   GError     **error)
{
  g_autoptr(LdCaseRecord) r = ld_case_repo_load (store, id_or_reference, 0, error);
  g_auto(LdCaseGate) gate = { 0 };
  gboolean ok;

  if (r == NULL || !ld_store_begin_read (store, error))
    return NULL;
  gate.broker_findings = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_case_broker_finding_free);
  gate.decision_date = today_utc ();
  ok = read_brokers (store, r, &gate, error);
  ld_store_rollback (store);
  return ok ? g_steal_pointer (&gate.broker_findings) : NULL;
}

/**
 * ld_case_repo_read_gate:
 * @list_sha256: (nullable): the SHA-256 of the UN list installed on this desk
 *
 * What the window and `application show` list under a case: the gate as it
 * stands for the case's current version.
 */
gboolean
ld_case_repo_read_gate (LdStore     *store,
                        const char  *id_or_reference,
                        const char  *list_sha256,
                        LdCaseGate  *gate,
                        GError     **error)
{
  g_autoptr(LdCaseRecord) r = ld_case_repo_load (store, id_or_reference, 0, error);
  gboolean ok;

  if (r == NULL || !ld_store_begin_read (store, error))
    return FALSE;
  ok = _ld_case_gate_read_locked (store, r, list_sha256, gate, error);
  ld_store_rollback (store);
  return ok;
}

/* ---- Embargo exemptions ---------------------------------------------------- */

static LdCaseExemption *
exemption_from_row (sqlite3_stmt *stmt)
{
  LdCaseExemption *e = g_new0 (LdCaseExemption, 1);

  e->id = ld_store_column_dup (stmt, 0);
  e->embargo_id = ld_store_column_dup (stmt, 1);
  e->embargo_name = ld_store_column_dup (stmt, 2);
  e->resolution = ld_store_column_dup (stmt, 3);
  e->paragraph = ld_store_column_dup (stmt, 4);
  e->written_by_login = ld_store_column_dup (stmt, 5);
  e->confirmed_by_login = ld_store_column_dup (stmt, 6);
  e->case_version = sqlite3_column_int (stmt, 7);
  return e;
}

#define SELECT_EXEMPTION \
  "SELECT e.id, e.embargo_id, e.embargo_name, e.resolution, e.paragraph, e.written_by_login," \
  " e.confirmed_by_login, e.case_version, e.written_by FROM embargo_exemption e" \
  " JOIN application a ON a.id = e.application_id AND e.case_version = a.current_version" \
  " WHERE a.id = ?1 AND e.voided_at IS NULL"

static GPtrArray *
list_exemptions_locked (LdStore     *store,
                        const char  *application_id,
                        const char  *embargo_id,
                        GError     **error)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_case_exemption_free);
  sqlite3_stmt *stmt = ld_store_prepare (store, SELECT_EXEMPTION " AND (?2 IS NULL OR e.embargo_id = ?2)"
                                                " ORDER BY e.written_at", error);

  if (stmt == NULL)
    {
      g_ptr_array_unref (list);
      return NULL;
    }
  ld_store_bind_text (stmt, 1, application_id);
  ld_store_bind_text (stmt, 2, embargo_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (list, exemption_from_row (stmt));
  sqlite3_reset (stmt);
  return list;
}

/**
 * ld_case_repo_list_exemptions:
 *
 * Returns: (transfer full) (element-type LdCaseExemption): the embargo
 *   exemptions recorded for the case's current version
 */
GPtrArray *
ld_case_repo_list_exemptions (LdStore     *store,
                              const char  *id_or_reference,
                              GError     **error)
{
  g_autoptr(LdCaseRecord) r = ld_case_repo_load (store, id_or_reference, 0, error);
  GPtrArray *list;

  if (r == NULL || !ld_store_begin_read (store, error))
    return NULL;
  list = list_exemptions_locked (store, r->id, NULL, error);
  ld_store_rollback (store);
  return list;
}

/* The embargo's name when the newest run of the current version raised a hit
 * on it; an exemption answers such a hit and nothing else. */
static char *
embargo_hit_name (LdStore             *store,
                  const LdCaseRecord  *r,
                  const char          *embargo_id,
                  GError             **error)
{
  g_autofree char *version = g_strdup_printf ("%d", r->current_version);
  char *name = NULL;

  if (!_ld_store_query_text (store, "SELECT h.matched_name FROM screening_hit h JOIN screening_run s ON s.id = h.run_id"
                          " WHERE h.application_id = ?1 AND h.kind = 'embargo' AND h.entry_ref = ?2"
                          " AND h.status != 'superseded' AND s.case_version = ?3 LIMIT 1",
                   r->id, embargo_id, version, &name, error))
    return NULL;
  if (name == NULL)
    g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_UNKNOWN_CODE,
                 _("Version %d of %s has no hit on the arms embargo “%s”; an exemption answers an embargo hit of the "
                   "case (see “case-screen show %s”)."), r->current_version, r->reference, embargo_id, r->reference);
  return name;
}

static gboolean
insert_exemption (LdStore             *store,
                  const LdActor       *actor,
                  const LdCaseRecord  *r,
                  const char          *embargo_id,
                  const char          *embargo_name,
                  const char          *resolution,
                  const char          *paragraph,
                  const char          *note,
                  GError             **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *now = ld_store_now_utc ();
  g_autofree char *after = NULL;
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO embargo_exemption (id, application_id, case_version, embargo_id, embargo_name, resolution,"
    " paragraph, note, written_by, written_by_login, written_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  ld_store_bind_text (stmt, 2, r->id);
  sqlite3_bind_int (stmt, 3, r->current_version);
  ld_store_bind_text (stmt, 4, embargo_id);
  ld_store_bind_text (stmt, 5, embargo_name);
  ld_store_bind_text (stmt, 6, resolution);
  ld_store_bind_text (stmt, 7, paragraph);
  ld_store_bind_text (stmt, 8, note);
  ld_store_bind_text (stmt, 9, actor->user_id);
  ld_store_bind_text (stmt, 10, actor->login);
  ld_store_bind_text (stmt, 11, now);
  if (!ld_store_step_done (store, stmt, error))
    return FALSE;
  after = g_strdup_printf ("{\"exemption\":\"%s\",\"embargo\":\"%s\",\"version\":%d}", id, embargo_id,
                           r->current_version);
  return ld_carried_queue (store, LD_CARRIED_EXEMPTION, id, NULL, error) &&
         ld_store_record_change (store, actor, "write-exemption", ENTITY, r->id, r->row_version, NULL, after, error);
}

static gboolean
check_exemption_text (const char  *resolution,
                      const char  *paragraph,
                      GError     **error)
{
  g_autofree char *res = g_strstrip (g_strdup (resolution ? resolution : ""));
  g_autofree char *para = g_strstrip (g_strdup (paragraph ? paragraph : ""));

  if (res[0] == '\0')
    {
      g_set_error_literal (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_REQUIRED,
                           _("An exemption needs the Security Council resolution that exempts the transfer (for "
                             "example 2216 (2015)); nothing was recorded."));
      return FALSE;
    }
  if (para[0] == '\0')
    {
      g_set_error_literal (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_REQUIRED,
                           _("An exemption needs the paragraph of the resolution that exempts the transfer (for "
                             "example 14); nothing was recorded."));
      return FALSE;
    }
  return TRUE;
}

/**
 * ld_case_repo_write_exemption:
 * @embargo_id: the embargo's id in the table, as on the case's hit
 *
 * Records, for the case's current version, the resolution and paragraph that
 * exempt the transfer from an embargo it hit. It counts once a second senior
 * officer confirms it. Nothing is stored when anything is missing.
 *
 * Returns: (transfer full) (nullable): the exemption written
 */
LdCaseExemption *
ld_case_repo_write_exemption (LdStore        *store,
                              const LdActor  *actor,
                              const char     *id_or_reference,
                              const char     *embargo_id,
                              const char     *resolution,
                              const char     *paragraph,
                              const char     *note,
                              GError        **error)
{
  g_autoptr(LdCaseRecord) r = NULL;
  g_autoptr(GPtrArray) existing = NULL;
  g_autoptr(GPtrArray) written_list = NULL;
  g_autofree char *name = NULL;
  g_autofree char *res = g_strstrip (g_strdup (resolution ? resolution : ""));
  g_autofree char *para = g_strstrip (g_strdup (paragraph ? paragraph : ""));

  if (!ld_actor_require (actor, LD_PERMISSION_ASSESS_APPLICATIONS, error) ||
      !ld_validate_required (_("The embargo"), embargo_id, error) ||
      !check_exemption_text (res, para, error) ||
      !(r = ld_case_repo_load (store, id_or_reference, 0, error)) ||
      !ld_store_begin (store, error))
    return NULL;
  if (!(name = embargo_hit_name (store, r, embargo_id, error)) ||
      !(existing = list_exemptions_locked (store, r->id, embargo_id, error)))
    goto fail;
  if (existing->len > 0)
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_DUPLICATE,
                   _("An exemption from the arms embargo “%s” is already recorded for version %d of %s."), name,
                   r->current_version, r->reference);
      goto fail;
    }
  if (!insert_exemption (store, actor, r, embargo_id, name, res, para, note, error) ||
      !(written_list = list_exemptions_locked (store, r->id, embargo_id, error)) ||
      !ld_store_commit (store, error))
    goto fail;
  return g_steal_pointer (&written_list->pdata[0]);
fail:
  ld_store_rollback (store);
  return NULL;
}

static gboolean
update_confirmation (LdStore        *store,
                     const LdActor  *actor,
                     const char     *exemption_id,
                     GError        **error)
{
  g_autofree char *now = ld_store_now_utc ();
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "UPDATE embargo_exemption SET confirmed_by = ?, confirmed_by_login = ?, confirmed_at = ?,"
    " row_version = row_version + 1 WHERE id = ? AND confirmed_by IS NULL", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, actor->user_id);
  ld_store_bind_text (stmt, 2, actor->login);
  ld_store_bind_text (stmt, 3, now);
  ld_store_bind_text (stmt, 4, exemption_id);
  return ld_store_step_done (store, stmt, error);
}

static gboolean
check_confirmer (const LdActor    *actor,
                 const char       *written_by,
                 LdCaseExemption  *e,
                 GError          **error)
{
  if (e->confirmed_by_login != NULL)
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_DUPLICATE,
                   _("The exemption from the arms embargo “%s” was already confirmed by %s."), e->embargo_name,
                   e->confirmed_by_login);
      return FALSE;
    }
  if (g_strcmp0 (written_by, actor->user_id) == 0)
    {
      g_set_error (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_FOUR_EYES,
                   _("%s wrote the exemption from the arms embargo “%s” and so may not confirm it; a second senior "
                     "officer must."), actor->login, e->embargo_name);
      return FALSE;
    }
  return TRUE;
}

/**
 * ld_case_repo_confirm_exemption:
 *
 * A second senior officer, not the one who wrote it, confirms the exemption
 * recorded for the case's current version.
 *
 * Returns: (transfer full) (nullable): the exemption as confirmed
 */
LdCaseExemption *
ld_case_repo_confirm_exemption (LdStore        *store,
                                const LdActor  *actor,
                                const char     *id_or_reference,
                                const char     *embargo_id,
                                GError        **error)
{
  g_autoptr(LdCaseRecord) r = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *written_by = NULL, *after = NULL, *exemption_before = NULL;
  LdCaseExemption *e;

  if (!ld_actor_require (actor, LD_PERMISSION_DECIDE_APPLICATIONS, error) ||
      !ld_validate_required (_("The embargo"), embargo_id, error) ||
      !(r = ld_case_repo_load (store, id_or_reference, 0, error)) ||
      !ld_store_begin (store, error))
    return NULL;
  if (!(found = list_exemptions_locked (store, r->id, embargo_id, error)))
    goto fail;
  if (found->len == 0)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                   _("No exemption from the arms embargo “%s” is recorded for version %d of %s; an officer writes it "
                     "first."), embargo_id, r->current_version, r->reference);
      goto fail;
    }
  e = found->pdata[0];
  if (!_ld_store_query_text (store, "SELECT written_by FROM embargo_exemption WHERE id = ?", e->id, NULL, NULL, &written_by,
                   error) ||
      !check_confirmer (actor, written_by, e, error) ||
      !(exemption_before = ld_carried_image (store, LD_CARRIED_EXEMPTION, e->id, error)) ||
      !update_confirmation (store, actor, e->id, error) ||
      !ld_carried_queue (store, LD_CARRIED_EXEMPTION, e->id, exemption_before, error))
    goto fail;
  after = g_strdup_printf ("{\"exemption\":\"%s\",\"confirmed_by\":\"%s\"}", e->id, actor->login);
  if (!ld_store_record_change (store, actor, "confirm-exemption", ENTITY, r->id, r->row_version, NULL, after, error) ||
      !ld_store_commit (store, error))
    goto fail;
  g_free (e->confirmed_by_login);
  e->confirmed_by_login = g_strdup (actor->login);
  return g_steal_pointer (&found->pdata[0]);
fail:
  ld_store_rollback (store);
  return NULL;
}
