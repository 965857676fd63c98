/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-case-repo"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n-lib.h>

#include "ld-carried.h"
#include "ld-case-json.h"
#include "ld-case-gate.h"
#include "ld-case-repo.h"
#include "ld-checklist-repo.h"
#include "ld-case-repo-private.h"
#include "ld-pulled.h"
#include "ld-pulled-image.h"
#include "ld-section.h"
#include "ld-store-private.h"
#include "ld-validate.h"

#define ENTITY "application"

/* The application row and the version it points at, by id or reference. */
#define SELECT_RECORD \
  "SELECT a.id, a.rowid, a.row_version, a.reference, a.status, a.current_version, a.officer_login," \
  " a.created_by, a.submitted_by, a.assessed_by, a.recommended_by, a.decided_by, a.decided_at," \
  " a.refusal_rationale, v.version, v.case_json, v.created_at, v.superseded_at, v.amendment_reason, v.id," \
  " (SELECT u.display_name FROM user_profile u WHERE u.login = a.officer_login)" \
  " FROM application a JOIN application_version v ON v.application_id = a.id" \
  " WHERE (a.id = ?1 OR a.reference = ?1) AND a.voided_at IS NULL" \
  " AND v.version = CASE WHEN ?2 > 0 THEN ?2 ELSE a.current_version END"

static const struct { const char *kind; const char *prefix; } prefixes[] = {
  { "export", "EXP" }, { "import", "IMP" }, { "transit", "TRN" }, { "brokering", "BRK" }, { "re_export", "REX" },
};

void
ld_case_record_free (LdCaseRecord *r)
{
  if (r == NULL)
    return;
  g_free (r->id);
  g_free (r->reference);
  g_free (r->officer_login);
  g_free (r->officer_name);
  g_free (r->created_by);
  g_free (r->submitted_by);
  g_free (r->assessed_by);
  g_free (r->recommended_by);
  g_free (r->decided_by);
  g_free (r->decided_at);
  g_free (r->refusal_rationale);
  g_free (r->version_created_at);
  g_free (r->superseded_at);
  g_free (r->amendment_reason);
  ld_case_free (r->data);
  g_free (r);
}

void
ld_case_event_free (LdCaseEvent *e)
{
  if (e == NULL)
    return;
  g_free (e->action);
  g_free (e->from_status);
  g_free (e->to_status);
  g_free (e->actor_login);
  g_free (e->actor_name);
  g_free (e->role);
  g_free (e->at);
  g_free (e->note);
  g_strfreev (e->criteria);
  g_free (e);
}

void
ld_known_party_free (LdKnownParty *p)
{
  if (p == NULL)
    return;
  g_free (p->name);
  g_free (p->other_names);
  g_free (p->party_type);
  g_free (p->country);
  g_free (p->address);
  g_free (p->identifiers);
  g_free (p);
}

static const char *
reference_prefix (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_strcmp0 (prefixes[i].kind, kind) == 0)
      return prefixes[i].prefix;
  return "APP";
}

/* ---- reading ---------------------------------------------------------- */

static gboolean
load_serials (LdStore     *store,
              const char  *version_id,
              LdCase      *data,
              GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT i.line_no, s.serial FROM application_item i JOIN application_serial s ON s.item_id = i.id"
    " WHERE i.version_id = ? ORDER BY i.line_no, s.id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, version_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint line = sqlite3_column_int (stmt, 0);

      if (line >= 1 && line <= data->items->len)
        g_ptr_array_add (((LdCaseItem *) data->items->pdata[line - 1])->serials, ld_store_column_dup (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ld_store_set_error (store, error, rc, _("reading serial numbers"));
      return FALSE;
    }
  return TRUE;
}

static LdCaseRecord *
record_from_row (sqlite3_stmt  *stmt,
                 GError       **error)
{
  g_autoptr(LdCaseRecord) r = g_new0 (LdCaseRecord, 1);
  g_autofree char *status = ld_store_column_dup (stmt, 4);
  const char *json = (const char *) sqlite3_column_text (stmt, 15);

  r->id = ld_store_column_dup (stmt, 0);
  r->rowid = sqlite3_column_int64 (stmt, 1);
  r->row_version = sqlite3_column_int64 (stmt, 2);
  r->reference = ld_store_column_dup (stmt, 3);
  if (!ld_case_status_from_string (status, &r->status))
    r->status = LD_CASE_STATUS_DRAFT;
  r->current_version = sqlite3_column_int (stmt, 5);
  r->officer_login = ld_store_column_dup (stmt, 6);
  r->created_by = ld_store_column_dup (stmt, 7);
  r->submitted_by = ld_store_column_dup (stmt, 8);
  r->assessed_by = ld_store_column_dup (stmt, 9);
  r->recommended_by = ld_store_column_dup (stmt, 10);
  r->decided_by = ld_store_column_dup (stmt, 11);
  r->decided_at = ld_store_column_dup (stmt, 12);
  r->refusal_rationale = ld_store_column_dup (stmt, 13);
  r->version = sqlite3_column_int (stmt, 14);
  r->version_created_at = ld_store_column_dup (stmt, 16);
  r->superseded_at = ld_store_column_dup (stmt, 17);
  r->amendment_reason = ld_store_column_dup (stmt, 18);
  r->officer_name = ld_store_column_dup (stmt, 20);
  r->data = ld_case_from_json (json ? json : "{}", error);
  if (r->data == NULL)
    return NULL;
  g_free (r->data->id);
  r->data->id = g_strdup (r->id);
  g_free (r->data->reference);
  r->data->reference = g_strdup (r->reference);
  return g_steal_pointer (&r);
}

/* Inside a transaction. */
static LdCaseRecord *
load_locked (LdStore     *store,
             const char  *id_or_reference,
             int          version,
             GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, SELECT_RECORD, error);
  g_autoptr(LdCaseRecord) r = NULL;
  g_autofree char *version_id = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  ld_store_bind_text (stmt, 1, id_or_reference);
  sqlite3_bind_int (stmt, 2, version);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      r = record_from_row (stmt, error);
      version_id = ld_store_column_dup (stmt, 19);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      if (version > 0)
        g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                     _("There is no version %d of application “%s”."), version, id_or_reference);
      else
        g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                     _("There is no application “%s” in this store."), id_or_reference);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      ld_store_set_error (store, error, rc, _("reading an application"));
      return NULL;
    }
  if (r == NULL || !load_serials (store, version_id, r->data, error))
    return NULL;
  return g_steal_pointer (&r);
}

LdCaseRecord *
_ld_case_repo_load_locked (LdStore     *store,
                           const char  *id_or_reference,
                           int          version,
                           GError     **error)
{
  return load_locked (store, id_or_reference, version, error);
}

/**
 * ld_case_repo_load:
 * @id_or_reference: the case's id or its reference
 * @version: which version; 0 for the current one
 *
 * Returns: (transfer full) (nullable): the case with its serial numbers
 */
LdCaseRecord *
ld_case_repo_load (LdStore     *store,
                   const char  *id_or_reference,
                   int          version,
                   GError     **error)
{
  LdCaseRecord *r;

  if (!ld_store_begin_read (store, error))
    return NULL;
  r = load_locked (store, id_or_reference, version, error);
  ld_store_rollback (store);
  return r;
}

static LdCaseEvent *
event_from_row (sqlite3_stmt *stmt)
{
  LdCaseEvent *e = g_new0 (LdCaseEvent, 1);
  g_autofree char *criteria = ld_store_column_dup (stmt, 9);

  e->seq = sqlite3_column_int64 (stmt, 0);
  e->version = sqlite3_column_int (stmt, 1);
  e->action = ld_store_column_dup (stmt, 2);
  e->from_status = ld_store_column_dup (stmt, 3);
  e->to_status = ld_store_column_dup (stmt, 4);
  e->actor_login = ld_store_column_dup (stmt, 5);
  e->role = ld_store_column_dup (stmt, 6);
  e->at = ld_store_column_dup (stmt, 7);
  e->note = ld_store_column_dup (stmt, 8);
  e->criteria = criteria ? g_strsplit (criteria, ",", -1) : NULL;
  e->actor_name = ld_store_column_dup (stmt, 10);
  return e;
}

/**
 * ld_case_repo_history:
 *
 * Returns: (transfer full) (element-type LdCaseEvent): every workflow step and
 *   amendment of the case, oldest first
 */
GPtrArray *
ld_case_repo_history (LdStore     *store,
                      const char  *id,
                      GError     **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_case_event_free);
  sqlite3_stmt *stmt;
  int rc = SQLITE_ERROR;

  if (!ld_store_begin_read (store, error))
    return NULL;
  stmt = ld_store_prepare (store,
    "SELECT e.seq, e.version, e.action, e.from_status, e.to_status, e.actor_login, e.role, e.at, e.note,"
    " (SELECT group_concat (code, ',') FROM application_refusal_criterion c WHERE c.event_seq = e.seq),"
    " (SELECT u.display_name FROM user_profile u WHERE u.login = e.actor_login)"
    " FROM application_event e WHERE e.application_id = ? ORDER BY e.seq", error);
  if (stmt)
    {
      ld_store_bind_text (stmt, 1, id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (events, event_from_row (stmt));
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        ld_store_set_error (store, error, rc, _("reading a case history"));
    }
  ld_store_rollback (store);
  return stmt && rc == SQLITE_DONE ? g_steal_pointer (&events) : NULL;
}

/**
 * ld_case_repo_known_parties:
 *
 * Parties recorded on earlier cases, so that an officer picks a party used
 * before instead of typing it again.
 *
 * Returns: (transfer full) (element-type LdKnownParty): at most @limit parties
 *   whose name starts with @name_prefix, by name
 */
GPtrArray *
ld_case_repo_known_parties (LdStore     *store,
                            const char  *name_prefix,
                            guint        limit,
                            GError     **error)
{
  g_autoptr(GPtrArray) parties = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_known_party_free);
  g_autofree char *upper = g_strconcat (name_prefix ? name_prefix : "", "\xf4\x8f\xbf\xbf", NULL);
  sqlite3_stmt *stmt;

  if (!ld_store_begin_read (store, error))
    return NULL;
  stmt = ld_store_prepare (store,
    "SELECT name, max (other_names), max (party_type), max (country), max (address), max (identifiers)"
    " FROM application_party WHERE name >= ? AND name < ? GROUP BY name ORDER BY name LIMIT ?", error);
  if (stmt)
    {
      ld_store_bind_text (stmt, 1, name_prefix ? name_prefix : "");
      ld_store_bind_text (stmt, 2, upper);
      sqlite3_bind_int (stmt, 3, limit);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          LdKnownParty *p = g_new0 (LdKnownParty, 1);

          p->name = ld_store_column_dup (stmt, 0);
          p->other_names = ld_store_column_dup (stmt, 1);
          p->party_type = ld_store_column_dup (stmt, 2);
          p->country = ld_store_column_dup (stmt, 3);
          p->address = ld_store_column_dup (stmt, 4);
          p->identifiers = ld_store_column_dup (stmt, 5);
          g_ptr_array_add (parties, p);
        }
      sqlite3_reset (stmt);
    }
  ld_store_rollback (store);
  return stmt ? g_steal_pointer (&parties) : NULL;
}

void
ld_case_summary_free (LdCaseSummary *s)
{
  if (s == NULL)
    return;
  g_free (s->id);
  g_free (s->reference);
  g_free (s->kind);
  g_free (s->status);
  g_free (s->applicant_name);
  g_free (s->destination_country);
  g_free (s->received_on);
  g_free (s->officer_login);
  g_free (s);
}

#define FILTER_WHERE \
  " WHERE a.voided_at IS NULL AND (?1 IS NULL OR a.kind = ?1) AND (?2 IS NULL OR a.status = ?2)" \
  " AND (?3 IS NULL OR a.officer_login = ?3) AND (?4 IS NULL OR a.destination_country = ?4)"

static void
bind_filter (sqlite3_stmt       *stmt,
             const LdCaseFilter *filter)
{
  ld_store_bind_text (stmt, 1, filter ? filter->kind : NULL);
  ld_store_bind_text (stmt, 2, filter ? filter->status : NULL);
  ld_store_bind_text (stmt, 3, filter ? filter->officer_login : NULL);
  ld_store_bind_text (stmt, 4, filter ? filter->country : NULL);
}

static LdCaseSummary *
summary_from_row (sqlite3_stmt *stmt)
{
  LdCaseSummary *s = g_new0 (LdCaseSummary, 1);

  s->id = ld_store_column_dup (stmt, 0);
  s->reference = ld_store_column_dup (stmt, 1);
  s->kind = ld_store_column_dup (stmt, 2);
  s->status = ld_store_column_dup (stmt, 3);
  s->applicant_name = ld_store_column_dup (stmt, 4);
  s->destination_country = ld_store_column_dup (stmt, 5);
  s->quantity = sqlite3_column_int64 (stmt, 6);
  s->received_on = ld_store_column_dup (stmt, 7);
  s->officer_login = ld_store_column_dup (stmt, 8);
  s->n_serials = sqlite3_column_int64 (stmt, 9);
  return s;
}

static gboolean
count_filtered (LdStore            *store,
                const LdCaseFilter *filter,
                gint64             *out_total,
                GError            **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT count(*) FROM application a" FILTER_WHERE, error);

  if (stmt == NULL)
    return FALSE;
  bind_filter (stmt, filter);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    *out_total = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

/**
 * ld_case_repo_list:
 * @filter: (nullable): what to narrow the list to
 * @out_total: (out) (optional): how many cases match in all
 *
 * Returns: (transfer full) (element-type LdCaseSummary): one page of the
 *   matching cases, newest received first, with their serial counts
 */
GPtrArray *
ld_case_repo_list (LdStore             *store,
                   const LdCaseFilter  *filter,
                   guint                offset,
                   guint                limit,
                   gint64              *out_total,
                   GError             **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_case_summary_free);
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  if (!ld_store_begin_read (store, error))
    return NULL;
  stmt = ld_store_prepare (store,
    "SELECT a.id, a.reference, a.kind, a.status, a.applicant_name, a.destination_country, a.quantity,"
    " a.received_on, a.officer_login,"
    " (SELECT count(*) FROM application_serial s WHERE s.application_id = a.id AND s.item_id IN"
    "   (SELECT i.id FROM application_item i JOIN application_version v ON v.id = i.version_id"
    "    WHERE v.application_id = a.id AND v.version = a.current_version))"
    " FROM application a" FILTER_WHERE " ORDER BY a.received_on DESC, a.reference LIMIT ?5 OFFSET ?6", error);
  if (stmt)
    {
      bind_filter (stmt, filter);
      sqlite3_bind_int (stmt, 5, limit);
      sqlite3_bind_int (stmt, 6, offset);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (rows, summary_from_row (stmt));
      sqlite3_reset (stmt);
      ok = out_total == NULL || count_filtered (store, filter, out_total, error);
    }
  ld_store_rollback (store);
  return ok ? g_steal_pointer (&rows) : NULL;
}

/**
 * ld_case_repo_documents:
 *
 * Returns: (transfer full): the file names of the documents attached to the
 *   case and not voided, oldest first
 */
GStrv
ld_case_repo_documents (LdStore     *store,
                        const char  *id,
                        GError     **error)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  sqlite3_stmt *stmt;

  if (!ld_store_begin_read (store, error))
    return NULL;
  stmt = ld_store_prepare (store, "SELECT file_name FROM attachment WHERE entity = 'application' AND record_id = ?"
                                  " AND voided_at IS NULL ORDER BY added_at", error);
  if (stmt)
    {
      ld_store_bind_text (stmt, 1, id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_strv_builder_add (names, (const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
    }
  ld_store_rollback (store);
  return stmt ? g_strv_builder_end (names) : NULL;
}

/* ---- checks that need the store ------------------------------------------ */

/**
 * ld_case_repo_check_broker:
 * @position: the party's 1-based position, for the message
 *
 * A broker party must name a broker of the register that is registered now.
 * The broker register (issue 3) adds per-deal authorisations; this is the one
 * place to check them when it lands. Call inside a transaction.
 */
gboolean
ld_case_repo_check_broker (LdStore            *store,
                           const LdCaseParty  *party,
                           guint               position,
                           GError            **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *status = NULL;
  int rc;

  if (g_strcmp0 (party->role, "broker") != 0 || party->broker_registration == NULL)
    return TRUE;
  stmt = ld_store_prepare (store, "SELECT status FROM broker WHERE registration_number = ? AND voided_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, party->broker_registration);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    status = ld_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      ld_store_set_error (store, error, rc, _("looking up a broker"));
      return FALSE;
    }
  if (status == NULL || !g_str_equal (status, "registered"))
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_UNKNOWN_CODE,
                   status == NULL
                   ? _("Party %u (broker %s): registration number “%s” is not in the broker register.")
                   : _("Party %u (broker %s): broker registration “%s” is not in force; only registered brokers may "
                       "take part in a transfer."),
                   position, party->name ? party->name : "", party->broker_registration);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_brokers (LdStore       *store,
               const LdCase  *data,
               GError       **error)
{
  for (guint i = 0; i < data->parties->len; i++)
    if (!ld_case_repo_check_broker (store, data->parties->pdata[i], i + 1, error))
      return FALSE;
  return TRUE;
}

/* A serial number may be in one open case only: look each one up in the
 * partial index of open serials before writing, to name the other case. */
static gboolean
check_open_serials (LdStore       *store,
                    const LdCase  *data,
                    const char    *own_id,
                    GError       **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT a.reference FROM application_serial s JOIN application a ON a.id = s.application_id"
    " WHERE s.serial = ? AND s.open = 1 AND s.application_id IS NOT ?", error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < data->items->len; i++)
    {
      LdCaseItem *it = data->items->pdata[i];

      for (guint k = 0; k < it->serials->len; k++)
        {
          g_autofree char *other = NULL;

          sqlite3_reset (stmt);
          ld_store_bind_text (stmt, 1, it->serials->pdata[k]);
          ld_store_bind_text (stmt, 2, own_id);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            other = ld_store_column_dup (stmt, 0);
          if (other)
            {
              sqlite3_reset (stmt);
              g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_DUPLICATE,
                           _("Item line %u: serial number “%s” (entry %u) is already in open case %s."),
                           i + 1, (const char *) it->serials->pdata[k], k + 1, other);
              return FALSE;
            }
        }
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* ---- writing ------------------------------------------------------------- */

static char *
allocate_reference (LdStore     *store,
                    const char  *kind,
                    GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) local = NULL;
  /* A desk synced with a central database puts its code in the reference
   * (EX-2026-D3-000001): each desk counts its own, offline too, and two desks
   * never make the same one. A standalone desk's references stay as they were. */
  g_autofree char *desk = ld_pulled_desk_code (store, &local);
  g_autofree char *prefix = NULL;
  g_autofree char *end = NULL;
  /* A range, not LIKE, so that the reference index answers it. */
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT count(*) FROM application WHERE reference >= ? AND reference < ?", error);
  gint64 n = 0;

  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  prefix = desk ? g_strdup_printf ("%s-%04d-%s-", reference_prefix (kind), g_date_time_get_year (now), desk)
                : g_strdup_printf ("%s-%04d-", reference_prefix (kind), g_date_time_get_year (now));
  end = g_strconcat (prefix, "\x7f", NULL);
  if (stmt == NULL)
    return NULL;
  ld_store_bind_text (stmt, 1, prefix);
  ld_store_bind_text (stmt, 2, end);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  /* Local numbers only: the central server allocates the gapless ones. */
  for (;; n++)
    {
      g_autofree char *candidate = g_strdup_printf ("%s%06" G_GINT64_FORMAT, prefix, n + 1);
      gboolean taken;

      stmt = ld_store_prepare (store, "SELECT 1 FROM application WHERE reference = ?", error);
      if (stmt == NULL)
        return NULL;
      ld_store_bind_text (stmt, 1, candidate);
      taken = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
      if (!taken)
        return g_steal_pointer (&candidate);
    }
}

static gboolean
insert_party (LdStore            *store,
              const char         *version_id,
              const LdCaseParty  *p,
              guint               position,
              GError            **error)
{
  g_autofree char *id = g_uuid_string_random ();
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO application_party (id, version_id, position, role, party_type, name, other_names, country,"
    " address, identifiers, broker_registration, broker_authorisation) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  ld_store_bind_text (stmt, 2, version_id);
  sqlite3_bind_int (stmt, 3, position);
  ld_store_bind_text (stmt, 4, p->role);
  ld_store_bind_text (stmt, 5, p->party_type);
  ld_store_bind_text (stmt, 6, p->name);
  ld_store_bind_text (stmt, 7, p->other_names);
  ld_store_bind_text (stmt, 8, p->country);
  ld_store_bind_text (stmt, 9, p->address);
  ld_store_bind_text (stmt, 10, p->identifiers);
  ld_store_bind_text (stmt, 11, p->broker_registration);
  ld_store_bind_text (stmt, 12, p->broker_authorisation);
  return ld_store_step_done (store, stmt, error);
}

static gboolean
insert_leg (LdStore     *store,
            const char  *version_id,
            guint       *position,
            const char  *leg,
            const char  *country,
            GError     **error)
{
  sqlite3_stmt *stmt;

  if (country == NULL || country[0] == '\0')
    return TRUE;
  stmt = ld_store_prepare (store, "INSERT INTO application_route (version_id, position, leg, country) VALUES (?,?,?,?)",
                           error);
  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, version_id);
  sqlite3_bind_int (stmt, 2, ++*position);
  ld_store_bind_text (stmt, 3, leg);
  ld_store_bind_text (stmt, 4, country);
  return ld_store_step_done (store, stmt, error);
}

static gboolean
insert_route (LdStore       *store,
              const char    *version_id,
              const LdCase  *data,
              GError       **error)
{
  guint position = 0;

  if (!insert_leg (store, version_id, &position, "origin", data->origin_country, error) ||
      !insert_leg (store, version_id, &position, "export", data->export_country, error))
    return FALSE;
  for (guint i = 0; i < data->transit->len; i++)
    if (!insert_leg (store, version_id, &position, "transit", data->transit->pdata[i], error))
      return FALSE;
  return insert_leg (store, version_id, &position, "destination", data->destination_country, error);
}

static void
bind_optional_int (sqlite3_stmt *stmt,
                   int           index,
                   int           value)
{
  if (value)
    sqlite3_bind_int (stmt, index, value);
  else
    sqlite3_bind_null (stmt, index);
}

static gboolean
insert_item_row (LdStore           *store,
                 const char        *item_id,
                 const char        *version_id,
                 const LdCaseItem  *it,
                 guint              line,
                 GError           **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO application_item (id, version_id, line_no, category, description, manufacturer, model, calibre,"
    " quantity, unit_value, currency, control_entry, hs_code, manufacturer_marking, manufacture_country,"
    " manufacture_year, import_marking_country, import_marking_year, control_component, marking_method,"
    " additive, deactivated) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, item_id);
  ld_store_bind_text (stmt, 2, version_id);
  sqlite3_bind_int (stmt, 3, line);
  ld_store_bind_text (stmt, 4, it->category);
  ld_store_bind_text (stmt, 5, it->description);
  ld_store_bind_text (stmt, 6, it->manufacturer);
  ld_store_bind_text (stmt, 7, it->model);
  ld_store_bind_text (stmt, 8, it->calibre);
  sqlite3_bind_int64 (stmt, 9, it->quantity);
  ld_store_bind_text (stmt, 10, it->unit_value);
  ld_store_bind_text (stmt, 11, it->currency);
  ld_store_bind_text (stmt, 12, it->control_entry);
  ld_store_bind_text (stmt, 13, it->hs_code);
  ld_store_bind_text (stmt, 14, it->manufacturer_marking);
  ld_store_bind_text (stmt, 15, it->manufacture_country);
  bind_optional_int (stmt, 16, it->manufacture_year);
  ld_store_bind_text (stmt, 17, it->import_marking_country);
  bind_optional_int (stmt, 18, it->import_marking_year);
  ld_store_bind_text (stmt, 19, it->control_component);
  ld_store_bind_text (stmt, 20, it->marking_method);
  sqlite3_bind_int (stmt, 21, it->additive);
  sqlite3_bind_int (stmt, 22, it->deactivated);
  return ld_store_step_done (store, stmt, error);
}

/* Thousands of rows per line: one cached statement, rebound per row, inside
 * the caller's transaction. */
static gboolean
insert_serials (LdStore           *store,
                const char        *item_id,
                const char        *application_id,
                const LdCaseItem  *it,
                gboolean           open,
                GError           **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO application_serial (item_id, application_id, serial, open) VALUES (?,?,?,?)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, item_id);
  ld_store_bind_text (stmt, 2, application_id);
  sqlite3_bind_int (stmt, 4, open);
  for (guint i = 0; i < it->serials->len; i++)
    {
      int rc;

      sqlite3_bind_text (stmt, 3, it->serials->pdata[i], -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          ld_store_set_error (store, error, rc, _("saving serial numbers"));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
insert_details (LdStore       *store,
                const char    *application_id,
                const char    *version_id,
                const LdCase  *data,
                gboolean       open,
                GError       **error)
{
  for (guint i = 0; i < data->parties->len; i++)
    if (!insert_party (store, version_id, data->parties->pdata[i], i + 1, error))
      return FALSE;
  if (!insert_route (store, version_id, data, error))
    return FALSE;
  for (guint i = 0; i < data->items->len; i++)
    {
      g_autofree char *item_id = g_uuid_string_random ();

      if (!insert_item_row (store, item_id, version_id, data->items->pdata[i], i + 1, error) ||
          !insert_serials (store, item_id, application_id, data->items->pdata[i], open, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_version (LdStore        *store,
                const LdActor  *actor,
                const char     *application_id,
                int             version,
                const LdCase   *data,
                const char     *reason,
                gboolean        open,
                GError        **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *now = ld_store_now_utc ();
  g_autofree char *json = ld_case_to_json (data, FALSE);
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO application_version (id, application_id, version, case_json, created_at, created_by,"
    " amendment_reason) VALUES (?,?,?,?,?,?,?)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  ld_store_bind_text (stmt, 2, application_id);
  sqlite3_bind_int (stmt, 3, version);
  ld_store_bind_text (stmt, 4, json);
  ld_store_bind_text (stmt, 5, now);
  ld_store_bind_text (stmt, 6, actor->user_id);
  ld_store_bind_text (stmt, 7, reason);
  return ld_store_step_done (store, stmt, error) &&
         insert_details (store, application_id, id, data, open, error);
}

static const char *
applicant_name (const LdCase *data)
{
  LdCaseParty *p = ld_case_find_party (data, "applicant");

  return p && p->name ? p->name : "";
}

/* The register list shows the applicant, destination, first item and total
 * quantity; search finds the reference, every party in every script, the
 * items and the contract and EUC references. */
static gboolean
index_case (LdStore       *store,
            gint64         rowid,
            const char    *reference,
            const LdCase  *data,
            GError       **error)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();

  g_ptr_array_add (texts, (gpointer) reference);
  for (guint i = 0; i < data->parties->len; i++)
    {
      LdCaseParty *p = data->parties->pdata[i];

      g_ptr_array_add (texts, p->name ? p->name : "");
      g_ptr_array_add (texts, p->other_names ? p->other_names : "");
      g_ptr_array_add (texts, p->broker_registration ? p->broker_registration : "");
    }
  for (guint i = 0; i < data->items->len; i++)
    g_ptr_array_add (texts, ((LdCaseItem *) data->items->pdata[i])->description ?: "");
  g_ptr_array_add (texts, data->contract_reference ? data->contract_reference : "");
  g_ptr_array_add (texts, data->euc_reference ? data->euc_reference : "");
  g_ptr_array_add (texts, data->applicant_reference ? data->applicant_reference : "");
  g_ptr_array_add (texts, NULL);
  return ld_section_index_record (store, ld_section_lookup ("applications"), rowid,
                                  (const char * const *) texts->pdata, error);
}

static char *
item_summary (const LdCase *data)
{
  if (data->items->len == 0)
    return NULL;
  if (data->items->len == 1)
    return g_strdup (((LdCaseItem *) data->items->pdata[0])->description);
  return g_strdup_printf (_("%s and %u more lines"), ((LdCaseItem *) data->items->pdata[0])->description ?: "",
                          data->items->len - 1);
}

static char *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static gboolean
insert_application (LdStore        *store,
                    const LdActor  *actor,
                    const char     *id,
                    const char     *reference,
                    const LdCase   *data,
                    GError        **error)
{
  g_autofree char *now = ld_store_now_utc ();
  g_autofree char *summary = item_summary (data);
  g_autofree char *received = data->received_on ? g_strdup (data->received_on) : today ();
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO application (id, reference, kind, status, applicant_name, destination_country, item_summary,"
    " quantity, received_on, officer_login, created_at, updated_at, temporary, return_on, created_by)"
    " VALUES (?,?,?,'draft',?,?,?,?,?,?,?,?,?,?,?)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  ld_store_bind_text (stmt, 2, reference);
  ld_store_bind_text (stmt, 3, data->kind);
  ld_store_bind_text (stmt, 4, applicant_name (data));
  ld_store_bind_text (stmt, 5, data->destination_country ? data->destination_country : "");
  ld_store_bind_text (stmt, 6, summary);
  sqlite3_bind_int64 (stmt, 7, ld_case_total_quantity (data));
  ld_store_bind_text (stmt, 8, received);
  ld_store_bind_text (stmt, 9, actor->login);
  ld_store_bind_text (stmt, 10, now);
  ld_store_bind_text (stmt, 11, now);
  sqlite3_bind_int (stmt, 12, data->temporary);
  ld_store_bind_text (stmt, 13, data->return_on);
  ld_store_bind_text (stmt, 14, actor->user_id);
  return ld_store_step_done (store, stmt, error);
}

static gboolean
insert_event (LdStore        *store,
              const LdActor  *actor,
              const char     *application_id,
              int             version,
              const char     *action,
              const char     *from_status,
              const char     *to_status,
              const char     *note,
              GError        **error)
{
  g_autofree char *now = ld_store_now_utc ();
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO application_event (application_id, version, action, from_status, to_status, actor_id,"
    " actor_login, role, at, note) VALUES (?,?,?,?,?,?,?,?,?,?)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, application_id);
  sqlite3_bind_int (stmt, 2, version);
  ld_store_bind_text (stmt, 3, action);
  ld_store_bind_text (stmt, 4, from_status);
  ld_store_bind_text (stmt, 5, to_status);
  ld_store_bind_text (stmt, 6, actor->user_id);
  ld_store_bind_text (stmt, 7, actor->login);
  ld_store_bind_text (stmt, 8, ld_role_to_string (actor->role));
  ld_store_bind_text (stmt, 9, now);
  ld_store_bind_text (stmt, 10, note);
  return ld_store_step_done (store, stmt, error) &&
         ld_carried_queue_event (store, LD_CARRIED_CASE_EVENT, ld_store_last_insert_rowid (store), error);
}

/* The audit after-image. Serial numbers go in only when a write changed them:
 * a workflow step does not copy thousands of unchanged values into the log. */
static char *
record_json (const LdCaseRecord *r,
             gboolean            with_serials)
{
  return ld_case_record_to_json (r, NULL, with_serials);
}

static LdCaseRecord *
finish_write (LdStore        *store,
              const LdActor  *actor,
              const char     *action,
              const char     *id,
              gint64          base_version,
              const char     *before_json,
              gboolean        with_serials,
              GError        **error)
{
  g_autoptr(LdCaseRecord) after = load_locked (store, id, 0, error);
  g_autofree char *after_json = NULL;

  if (after == NULL)
    return NULL;
  after_json = record_json (after, with_serials);
  if (!index_case (store, after->rowid, after->reference, after->data, error) ||
      !ld_store_record_change (store, actor, action, ENTITY, id, base_version, before_json, after_json, error) ||
      !ld_store_commit (store, error))
    return NULL;
  return g_steal_pointer (&after);
}

static gboolean
check_case (LdStore       *store,
            const LdCase  *data,
            const char    *own_id,
            gboolean       complete,
            GError       **error)
{
  return ld_case_validate (data, complete, error) &&
         check_brokers (store, data, error) &&
         check_open_serials (store, data, own_id, error);
}

/**
 * ld_case_repo_create:
 *
 * Records a new draft. A draft may be incomplete but holds no wrong value; a
 * reference is allocated unless @data brings one (an imported case).
 *
 * Returns: (transfer full) (nullable): the stored case
 */
LdCaseRecord *
ld_case_repo_create (LdStore        *store,
                     const LdActor  *actor,
                     const LdCase   *data,
                     GError        **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *reference = NULL;
  LdCaseRecord *r;

  if (!ld_actor_require (actor, LD_PERMISSION_EDIT_APPLICATIONS, error) ||
      !ld_case_validate (data, FALSE, error) ||
      !ld_store_begin (store, error))
    return NULL;
  reference = data->reference ? g_strdup (data->reference) : allocate_reference (store, data->kind, error);
  if (reference == NULL || !check_case (store, data, id, FALSE, error) ||
      !insert_application (store, actor, id, reference, data, error) ||
      !insert_version (store, actor, id, 1, data, NULL, TRUE, error) ||
      !insert_event (store, actor, id, 1, "create", NULL, "draft", NULL, error))
    goto fail;
  if ((r = finish_write (store, actor, "create", id, 0, NULL, TRUE, error)) != NULL)
    return r;
fail:
  if (error && *error && (*error)->domain == LD_STORE_ERROR && (*error)->code == LD_STORE_ERROR_CONSTRAINT &&
      data->reference)
    {
      g_clear_error (error);
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_DUPLICATE,
                   _("An application with reference “%s” already exists."), data->reference);
    }
  ld_store_rollback (store);
  return NULL;
}

static gboolean
update_application_row (LdStore       *store,
                        const char    *id,
                        const LdCase  *data,
                        int            current_version,
                        const char    *status,
                        GError       **error)
{
  g_autofree char *now = ld_store_now_utc ();
  g_autofree char *summary = item_summary (data);
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "UPDATE application SET row_version = row_version + 1, kind = ?, applicant_name = ?, destination_country = ?,"
    " item_summary = ?, quantity = ?, updated_at = ?, temporary = ?, return_on = ?, current_version = ?,"
    " status = ?, decided_by = CASE WHEN ? = 'submitted' THEN NULL ELSE decided_by END WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, data->kind);
  ld_store_bind_text (stmt, 2, applicant_name (data));
  ld_store_bind_text (stmt, 3, data->destination_country ? data->destination_country : "");
  ld_store_bind_text (stmt, 4, summary);
  sqlite3_bind_int64 (stmt, 5, ld_case_total_quantity (data));
  ld_store_bind_text (stmt, 6, now);
  sqlite3_bind_int (stmt, 7, data->temporary);
  ld_store_bind_text (stmt, 8, data->return_on);
  sqlite3_bind_int (stmt, 9, current_version);
  ld_store_bind_text (stmt, 10, status);
  ld_store_bind_text (stmt, 11, status);
  ld_store_bind_text (stmt, 12, id);
  return ld_store_step_done (store, stmt, error);
}

/* A draft is the officer's working copy: its detail rows are replaced in
 * place (the audit log keeps every before and after). */
static gboolean
replace_draft (LdStore        *store,
               const char     *id,
               const LdCase   *data,
               GError        **error)
{
  static const char *deletes[] = {
    "DELETE FROM application_serial WHERE item_id IN (SELECT id FROM application_item WHERE version_id = ?)",
    "DELETE FROM application_item WHERE version_id = ?",
    "DELETE FROM application_route WHERE version_id = ?",
    "DELETE FROM application_party WHERE version_id = ?",
  };
  g_autofree char *version_id = NULL;
  g_autofree char *json = ld_case_to_json (data, FALSE);
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT v.id FROM application_version v JOIN application a ON a.id = v.application_id"
    " WHERE a.id = ? AND v.version = a.current_version", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version_id = ld_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  for (guint i = 0; i < G_N_ELEMENTS (deletes); i++)
    if (!_ld_store_exec_text (store, deletes[i], version_id, NULL, error))
      return FALSE;
  return _ld_store_exec_text (store, "UPDATE application_version SET case_json = ? WHERE id = ?", json, version_id, error) &&
         insert_details (store, id, version_id, data, TRUE, error);
}

/* A submitted or decided case: the new version supersedes the current one,
 * whose serial numbers stop being reserved. */
static gboolean
supersede (LdStore             *store,
           const LdActor       *actor,
           const LdCaseRecord  *current,
           const LdCase        *data,
           const char          *reason,
           gboolean             open,
           GError             **error)
{
  g_autofree char *now = ld_store_now_utc ();
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "UPDATE application_version SET superseded_at = ?, superseded_by = ? WHERE application_id = ? AND version = ?",
    error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, now);
  ld_store_bind_text (stmt, 2, actor->user_id);
  ld_store_bind_text (stmt, 3, current->id);
  sqlite3_bind_int (stmt, 4, current->current_version);
  return ld_store_step_done (store, stmt, error) &&
         _ld_store_exec_text (store, "UPDATE application_serial SET open = 0 WHERE application_id = ?", current->id, NULL,
                         error) &&
         insert_version (store, actor, current->id, current->current_version + 1, data, reason, open, error);
}

/* ---- the central database's image ---------------------------------------- */

/* A workflow step's image carries each line's serial count, not the numbers
 * (finish_write()): the numbers of such a line are the ones the desk already
 * holds for it, when it holds as many. */
static void
keep_held_serials (LdCase        *data,
                   JsonObject    *image,
                   const LdCase  *held)
{
  JsonArray *items = ld_pulled_image_array (image, "items");

  for (guint i = 0; held && items && i < data->items->len && i < held->items->len; i++)
    {
      LdCaseItem *item = data->items->pdata[i];
      const LdCaseItem *held_item = held->items->pdata[i];
      JsonNode *node = i < json_array_get_length (items) ? json_array_get_element (items, i) : NULL;
      gint64 count = node && JSON_NODE_HOLDS_OBJECT (node)
                       ? ld_pulled_image_int (json_node_get_object (node), "serial_count", 0) : 0;

      if (item->serials->len > 0 || count == 0 || held_item->serials->len != (guint) count)
        continue;
      for (guint k = 0; k < held_item->serials->len; k++)
        g_ptr_array_add (item->serials, g_strdup (held_item->serials->pdata[k]));
    }
}

/* The register's row from the image; a new row for a case this desk has not
 * held, whose creator is the desk's profile that pulled it. */
static gboolean
upsert_application_image (LdStore        *store,
                          const LdActor  *actor,
                          const char     *id,
                          JsonObject     *image,
                          const LdCase   *data,
                          const char     *status,
                          int             current_version,
                          GError        **error)
{
  g_autofree char *now = ld_store_now_utc ();
  g_autofree char *summary = item_summary (data);
  g_autofree char *received = data->received_on ? g_strdup (data->received_on) : today ();
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO application (id, reference, kind, status, applicant_name, destination_country, item_summary,"
    " quantity, received_on, officer_login, created_at, updated_at, temporary, return_on, created_by,"
    " submitted_by, assessed_by, recommended_by, decided_by, decided_at, refusal_rationale, current_version)"
    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21)"
    " ON CONFLICT (id) DO UPDATE SET row_version = row_version + 1, reference = excluded.reference,"
    " kind = excluded.kind, status = excluded.status, applicant_name = excluded.applicant_name,"
    " destination_country = excluded.destination_country, item_summary = excluded.item_summary,"
    " quantity = excluded.quantity, received_on = excluded.received_on, officer_login = excluded.officer_login,"
    " updated_at = excluded.updated_at, temporary = excluded.temporary, return_on = excluded.return_on,"
    " submitted_by = excluded.submitted_by, assessed_by = excluded.assessed_by,"
    " recommended_by = excluded.recommended_by, decided_by = excluded.decided_by,"
    " decided_at = excluded.decided_at, refusal_rationale = excluded.refusal_rationale,"
    " current_version = excluded.current_version", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  ld_store_bind_text (stmt, 2, data->reference);
  ld_store_bind_text (stmt, 3, data->kind);
  ld_store_bind_text (stmt, 4, status);
  ld_store_bind_text (stmt, 5, applicant_name (data));
  ld_store_bind_text (stmt, 6, data->destination_country ? data->destination_country : "");
  ld_store_bind_text (stmt, 7, summary);
  sqlite3_bind_int64 (stmt, 8, ld_case_total_quantity (data));
  ld_store_bind_text (stmt, 9, received);
  ld_store_bind_text (stmt, 10, ld_pulled_image_text (image, "officer"));
  ld_store_bind_text (stmt, 11, now);
  sqlite3_bind_int (stmt, 12, data->temporary);
  ld_store_bind_text (stmt, 13, data->return_on);
  ld_store_bind_text (stmt, 14, actor->user_id);
  ld_store_bind_text (stmt, 15, ld_pulled_image_text (image, "submitted_by"));
  ld_store_bind_text (stmt, 16, ld_pulled_image_text (image, "assessed_by"));
  ld_store_bind_text (stmt, 17, ld_pulled_image_text (image, "recommended_by"));
  ld_store_bind_text (stmt, 18, ld_pulled_image_text (image, "decided_by"));
  ld_store_bind_text (stmt, 19, ld_pulled_image_text (image, "decided_at"));
  ld_store_bind_text (stmt, 20, ld_pulled_image_text (image, "refusal_rationale"));
  sqlite3_bind_int (stmt, 21, current_version);
  return ld_store_step_done (store, stmt, error);
}

/* Version @version of the case holds @data: a version the desk has not held
 * supersedes its current one (whose serial numbers stop being reserved), one
 * it holds has its detail rows replaced. */
static gboolean
write_image_version (LdStore             *store,
                     const LdActor       *actor,
                     const char          *id,
                     const LdCaseRecord  *held,
                     int                  version,
                     const LdCase        *data,
                     const char          *reason,
                     gboolean             open,
                     GError             **error)
{
  g_autofree char *now = ld_store_now_utc ();
  sqlite3_stmt *stmt;

  if (held != NULL && version <= held->current_version)
    return replace_draft (store, id, data, error) &&
           (open || _ld_store_exec_text (store, "UPDATE application_serial SET open = 0 WHERE application_id = ?",
                                         id, NULL, error));
  if (held != NULL)
    {
      stmt = ld_store_prepare (store, "UPDATE application_version SET superseded_at = ?, superseded_by = ?"
                                      " WHERE application_id = ? AND superseded_at IS NULL", error);
      if (stmt == NULL)
        return FALSE;
      ld_store_bind_text (stmt, 1, now);
      ld_store_bind_text (stmt, 2, actor->user_id);
      ld_store_bind_text (stmt, 3, id);
      if (!ld_store_step_done (store, stmt, error) ||
          !_ld_store_exec_text (store, "UPDATE application_serial SET open = 0 WHERE application_id = ?", id, NULL,
                                error))
        return FALSE;
    }
  return insert_version (store, actor, id, version, data, reason, open, error);
}

/**
 * _ld_case_repo_apply_image:
 * @image: the case as the central database holds it (ld_case_record_to_json()'s
 *   members, merged by the server from every desk's changes)
 * @out_changed: (out): whether the register's case changed
 *
 * Writes the server's image of a case into the register inside the caller's
 * transaction: the application row, the version it names with its parties,
 * route, lines and serial numbers, and its search keys, through the audited
 * write path. An image without a reference, kind or state is refused.
 */
gboolean
_ld_case_repo_apply_image (LdStore        *store,
                           const LdActor  *actor,
                           const char     *action,
                           const char     *id,
                           JsonObject     *image,
                           gboolean       *out_changed,
                           GError        **error)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), image);
  g_autoptr(LdCase) data = ld_case_from_json_node (node, error);
  g_autoptr(LdCaseRecord) held = NULL;
  g_autoptr(LdCaseRecord) after = NULL;
  g_autofree char *before_json = NULL;
  g_autofree char *after_json = NULL;
  const char *status = ld_pulled_image_text (image, "status");
  LdCaseStatus state;
  int version;

  *out_changed = FALSE;
  if (data == NULL)
    return FALSE;
  if (data->reference == NULL || data->kind == NULL || !ld_case_status_from_string (status, &state))
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_MISSING,
                   _("The central database's application %s has no reference, kind or state."), id);
      return FALSE;
    }
  held = load_locked (store, id, 0, NULL);
  if (held != NULL)
    before_json = record_json (held, TRUE);
  keep_held_serials (data, image, held ? held->data : NULL);
  version = (int) ld_pulled_image_int (image, "current_version", held ? held->current_version : 1);
  if (held != NULL && version < held->current_version)
    version = held->current_version;
  if (version < 1)
    version = 1;
  if (!upsert_application_image (store, actor, id, image, data, status, version, error) ||
      !write_image_version (store, actor, id, held, version, data, ld_pulled_image_text (image, "amendment_reason"),
                           ld_case_status_is_open (state), error))
    return FALSE;
  after = load_locked (store, id, 0, error);
  if (after == NULL)
    return FALSE;
  after_json = record_json (after, TRUE);
  if (g_strcmp0 (before_json, after_json) == 0)
    return TRUE;
  *out_changed = TRUE;
  return index_case (store, after->rowid, after->reference, after->data, error) &&
         ld_store_record_change (store, actor, action, ENTITY, id, held ? held->row_version : 0, before_json,
                                 after_json, error);
}

static gboolean
check_base_version (const LdCaseRecord  *current,
                    gint64               base_row_version,
                    GError             **error)
{
  if (base_row_version <= 0 || base_row_version == current->row_version)
    return TRUE;
  g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CONSTRAINT,
               _("Application %s was changed by someone else since you opened it (version %lld, now %lld); "
                 "reopen it and make your change again."),
               current->reference, (long long) base_row_version, (long long) current->row_version);
  return FALSE;
}

/* An amendment after a recommendation voids it: what was recommended is no
 * longer the case, so it goes back to assessment (and, new version, must be
 * screened again before any decision). A decided case goes back to
 * "submitted" for a new decision; a case being assessed stays there. */
static LdCaseStatus
status_after_amendment (LdCaseStatus from)
{
  if (from == LD_CASE_STATUS_RECOMMENDED_APPROVAL || from == LD_CASE_STATUS_RECOMMENDED_REFUSAL)
    return LD_CASE_STATUS_UNDER_ASSESSMENT;
  return ld_case_status_is_open (from) ? from : LD_CASE_STATUS_SUBMITTED;
}

/* What the history says: the officer's reason, and what the amendment undid. */
static char *
amendment_note (LdCaseStatus  from,
                LdCaseStatus  to,
                const char   *reason)
{
  if (from == to)
    return g_strdup (reason);
  if (to == LD_CASE_STATUS_UNDER_ASSESSMENT)
    return g_strdup_printf (_("%s (amended after the recommendation: the recommendation is void, the case is back "
                              "under assessment and must be screened again)"), reason ? reason : "");
  return g_strdup_printf (_("%s (amended after the decision: the case is back for a new assessment and decision and "
                            "must be screened again)"), reason ? reason : "");
}

/**
 * ld_case_repo_save:
 * @base_row_version: the row_version the editor started from, or 0 to skip
 *   the check
 * @reason: (nullable): why a submitted or decided case is amended
 *
 * Saves changed case data. A draft changes in place; a submitted or decided
 * case gets a new version that supersedes the old one (both stay readable).
 * A recommended case goes back to assessment, its recommendation void, and a
 * decided case goes back to "submitted" for a new decision. The new version
 * is unscreened, so the decision gate holds every legal act back until it is
 * screened (the callers screen it at once). The earlier version's
 * diversion-risk assessment is carried over to the new one as a draft
 * (_ld_checklist_repo_carry_over_locked()). A withdrawn case is closed.
 *
 * Returns: (transfer full) (nullable): the case as saved
 */
LdCaseRecord *
ld_case_repo_save (LdStore        *store,
                   const LdActor  *actor,
                   const char     *id,
                   gint64          base_row_version,
                   const LdCase   *data,
                   const char     *reason,
                   GError        **error)
{
  g_autoptr(LdCaseRecord) current = NULL;
  g_autofree char *before = NULL;
  g_autofree char *note = NULL;
  LdCaseStatus status;
  gboolean amend, ok;
  LdCaseRecord *r;

  if (!ld_actor_require (actor, LD_PERMISSION_EDIT_APPLICATIONS, error) ||
      !ld_store_begin (store, error))
    return NULL;
  if (!(current = load_locked (store, id, 0, error)) || !check_base_version (current, base_row_version, error))
    goto fail;
  if (current->status == LD_CASE_STATUS_WITHDRAWN)
    {
      g_set_error (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_NOT_ALLOWED,
                   _("Application %s was withdrawn and cannot be changed."), current->reference);
      goto fail;
    }
  amend = ld_case_status_is_submitted (current->status);
  /* A submitted case's history says why each version was made. */
  if (amend && (!ld_validate_required (_("Why the case is amended (--reason)"), reason, error) ||
                !ld_validate_text (_("Reason"), reason, LD_TEXT_PARAGRAPH, error)))
    goto fail;
  status = status_after_amendment (current->status);
  if (!check_case (store, data, current->id, amend, error))
    goto fail;
  note = amendment_note (current->status, status, reason);
  before = record_json (current, TRUE);
  ok = amend ? supersede (store, actor, current, data, reason, TRUE, error)
             : replace_draft (store, current->id, data, error);
  if (!ok ||
      !update_application_row (store, current->id, data, current->current_version + (amend ? 1 : 0),
                               ld_case_status_to_string (status), error) ||
      (amend && !insert_event (store, actor, current->id, current->current_version + 1, "amend",
                               ld_case_status_to_string (current->status), ld_case_status_to_string (status),
                               note, error)) ||
      (amend && !_ld_checklist_repo_carry_over_locked (store, actor, current->id, current->current_version, error)))
    goto fail;
  if ((r = finish_write (store, actor, amend ? "amend" : "update", current->id, current->row_version, before, TRUE, error)))
    return r;
fail:
  ld_store_rollback (store);
  return NULL;
}

static gboolean
update_status (LdStore             *store,
               const LdActor       *actor,
               const LdCaseRecord  *r,
               LdCaseAction         action,
               LdCaseStatus         to,
               const char          *rationale,
               GError             **error)
{
  g_autofree char *now = ld_store_now_utc ();
  gboolean decides = action == LD_CASE_ACTION_APPROVE || action == LD_CASE_ACTION_REFUSE;
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "UPDATE application SET row_version = row_version + 1, status = ?, updated_at = ?,"
    " submitted_by = CASE WHEN ? THEN ? ELSE submitted_by END,"
    " assessed_by = CASE WHEN ? THEN ? ELSE assessed_by END,"
    " recommended_by = CASE WHEN ? THEN ? ELSE recommended_by END,"
    " decided_by = CASE WHEN ? THEN ? ELSE decided_by END,"
    " decided_at = CASE WHEN ? THEN ? ELSE decided_at END,"
    " refusal_rationale = CASE WHEN ? THEN ? ELSE refusal_rationale END WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, ld_case_status_to_string (to));
  ld_store_bind_text (stmt, 2, now);
  sqlite3_bind_int (stmt, 3, action == LD_CASE_ACTION_SUBMIT);
  ld_store_bind_text (stmt, 4, actor->user_id);
  sqlite3_bind_int (stmt, 5, action == LD_CASE_ACTION_ASSESS);
  ld_store_bind_text (stmt, 6, actor->user_id);
  sqlite3_bind_int (stmt, 7, action == LD_CASE_ACTION_RECOMMEND_APPROVAL || action == LD_CASE_ACTION_RECOMMEND_REFUSAL);
  ld_store_bind_text (stmt, 8, actor->user_id);
  sqlite3_bind_int (stmt, 9, decides);
  ld_store_bind_text (stmt, 10, actor->user_id);
  sqlite3_bind_int (stmt, 11, decides);
  ld_store_bind_text (stmt, 12, now);
  sqlite3_bind_int (stmt, 13, action == LD_CASE_ACTION_REFUSE);
  ld_store_bind_text (stmt, 14, rationale);
  ld_store_bind_text (stmt, 15, r->id);
  if (!ld_store_step_done (store, stmt, error))
    return FALSE;
  /* A closed case no longer reserves its serial numbers. */
  return ld_case_status_is_open (to) ||
         _ld_store_exec_text (store, "UPDATE application_serial SET open = 0 WHERE application_id = ?", r->id, NULL, error);
}

static gboolean
insert_criteria (LdStore               *store,
                 const LdCaseDecision  *decision,
                 GError               **error)
{
  gint64 seq = ld_store_last_insert_rowid (store);

  for (guint i = 0; decision && decision->criteria && decision->criteria[i]; i++)
    {
      const LdRefusalCriterion *c = ld_refusal_criterion_lookup (decision->criteria[i]);
      sqlite3_stmt *stmt = ld_store_prepare (store,
        "INSERT OR IGNORE INTO application_refusal_criterion (event_seq, code) VALUES (?,?)", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, seq);
      ld_store_bind_text (stmt, 2, c->code);
      if (!ld_store_step_done (store, stmt, error))
        return FALSE;
    }
  /* Under the line they are on, so that every desk's refusal names them. */
  return decision == NULL || decision->criteria == NULL || decision->criteria[0] == NULL ||
         ld_carried_queue_event (store, LD_CARRIED_REFUSAL_CRITERIA, seq, error);
}

/* ---- Four-eyes: people, not profiles --------------------------------------- */

/* The person behind the profile with @user_id, as ld_actor_get_person() would
 * give it: the profile's person id, or its own id when it names no person. */
static gboolean
person_of_profile (LdStore     *store,
                   const char  *user_id,
                   char       **out_person,
                   GError     **error)
{
  sqlite3_stmt *stmt;

  *out_person = NULL;
  if (user_id == NULL)
    return TRUE;
  stmt = ld_store_prepare (store, "SELECT coalesce(person_id, id) FROM user_profile WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, user_id);
  /* A participant whose profile is unknown (a record synced from elsewhere)
   * still counts as that profile. */
  *out_person = sqlite3_step (stmt) == SQLITE_ROW ? ld_store_column_dup (stmt, 0) : g_strdup (user_id);
  sqlite3_reset (stmt);
  return TRUE;
}

typedef struct
{
  char *submitted_by;
  char *assessed_by;
  char *recommended_by;
} Participants;

static void
participants_clear (Participants *p)
{
  g_clear_pointer (&p->submitted_by, g_free);
  g_clear_pointer (&p->assessed_by, g_free);
  g_clear_pointer (&p->recommended_by, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Participants, participants_clear)

static gboolean
read_participants (LdStore             *store,
                   const LdCaseRecord  *r,
                   Participants        *out,
                   GError             **error)
{
  return person_of_profile (store, r->submitted_by, &out->submitted_by, error) &&
         person_of_profile (store, r->assessed_by, &out->assessed_by, error) &&
         person_of_profile (store, r->recommended_by, &out->recommended_by, error);
}

/* The acting profile with its person read from the store, not taken from
 * whatever the caller filled in. */
static gboolean
actor_as_person (LdStore        *store,
                 const LdActor  *actor,
                 LdActor       **out_acting,
                 GError        **error)
{
  g_autofree char *person = NULL;

  *out_acting = NULL;
  if (actor == NULL)
    return TRUE;  /* ld_case_workflow_check() says nobody is signed in */
  if (!person_of_profile (store, actor->user_id, &person, error))
    return FALSE;
  *out_acting = ld_actor_copy (actor);
  g_free ((*out_acting)->person_id);
  (*out_acting)->person_id = g_steal_pointer (&person);
  return TRUE;
}

/* What the history says of a step: a recommendation's or decision's
 * rationale, with the step's note after it when one was given as well. */
static char *
event_note (LdCaseAction          action,
            const LdCaseDecision *decision,
            const char           *note)
{
  const char *rationale = decision ? decision->rationale : NULL;

  if (!ld_case_action_needs_rationale (action) || rationale == NULL)
    return g_strdup (note);
  if (note == NULL || note[0] == '\0' || g_str_equal (note, rationale))
    return g_strdup (rationale);
  return g_strdup_printf ("%s\n\n%s", rationale, note);
}

/**
 * ld_case_repo_transition:
 * @decision: (nullable): the rationale, required to recommend, approve and
 *   refuse (the history keeps it as the step's note), and the criteria,
 *   required to refuse
 * @note: (nullable): what the step says (the information asked for, ...)
 *
 * Takes one workflow step. Submission checks the case is complete; the step's
 * order, permission, gate and four-eyes are decided by
 * ld_case_workflow_check(). Nothing changes when the step is refused.
 *
 * Returns: (transfer full) (nullable): the case after the step
 */
LdCaseRecord *
ld_case_repo_transition (LdStore               *store,
                         const LdActor         *actor,
                         const char            *id_or_reference,
                         LdCaseAction           action,
                         const LdCaseDecision  *decision,
                         const char            *note,
                         GError               **error)
{
  return ld_case_repo_transition_full (store, actor, id_or_reference, action, decision, note, NULL, error);
}

/**
 * ld_case_repo_transition_full:
 * @list_sha256: (nullable): the SHA-256 of the UN list installed on this
 *   desk (ld_case_screening_installed_list_sha256()); %NULL takes the newest
 *   list this store's cases were screened against
 *
 * ld_case_repo_transition() for a desk that knows which list is in force:
 * the decision gate (src/store/ld-case-gate.c) refuses a legal act on a case
 * screened against any other list.
 */
LdCaseRecord *
ld_case_repo_transition_full (LdStore               *store,
                              const LdActor         *actor,
                              const char            *id_or_reference,
                              LdCaseAction           action,
                              const LdCaseDecision  *decision,
                              const char            *note,
                              const char            *list_sha256,
                              GError               **error)
{
  g_autoptr(LdCaseRecord) r = NULL;
  g_autofree char *before = NULL;
  g_autoptr(LdActor) acting = NULL;
  g_auto(Participants) people = { NULL, NULL, NULL };
  LdCaseParticipants who;
  g_auto(LdCaseGate) gate = { 0 };
  g_autoptr(GPtrArray) assessors = NULL;
  g_autofree char *said = NULL;
  LdCaseStatus to;
  LdCaseRecord *after;

  if (!ld_store_begin (store, error))
    return NULL;
  if (!(r = load_locked (store, id_or_reference, 0, error)) ||
      !_ld_case_gate_read_locked (store, r, list_sha256, &gate, error))
    goto fail;
  if (!actor_as_person (store, actor, &acting, error) ||
      !read_participants (store, r, &people, error))
    goto fail;
  who.submitted_by = people.submitted_by;
  who.assessed_by = people.assessed_by;
  who.recommended_by = people.recommended_by;
  if (!(assessors = ld_checklist_repo_assessors (store, r->id, r->current_version, error)))
    goto fail;
  g_ptr_array_add (assessors, NULL);
  who.checklist_by = (const char * const *) assessors->pdata;
  if (!ld_case_workflow_check (r->status, action, acting, &who, &gate, decision, &to, error) ||
      !ld_validate_text (_("The note"), note, LD_TEXT_PARAGRAPH, error))
    goto fail;
  if (action == LD_CASE_ACTION_SUBMIT && !check_case (store, r->data, r->id, TRUE, error))
    goto fail;
  before = record_json (r, FALSE);
  said = event_note (action, decision, note);
  if (!update_status (store, actor, r, action, to, decision ? decision->rationale : NULL, error) ||
      !insert_event (store, actor, r->id, r->current_version, ld_case_action_to_string (action),
                     ld_case_status_to_string (r->status), ld_case_status_to_string (to), said, error) ||
      !insert_criteria (store, action == LD_CASE_ACTION_REFUSE ? decision : NULL, error))
    goto fail;
  if ((after = finish_write (store, actor, ld_case_action_to_string (action), r->id, r->row_version, before, FALSE, error)))
    return after;
fail:
  ld_store_rollback (store);
  return NULL;
}

/* ---- JSON ------------------------------------------------------------------ */

static void
member (JsonBuilder *b,
        const char  *name,
        const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
build_history (JsonBuilder *b,
               GPtrArray   *history)
{
  json_builder_set_member_name (b, "history");
  json_builder_begin_array (b);
  for (guint i = 0; i < history->len; i++)
    {
      LdCaseEvent *e = history->pdata[i];

      json_builder_begin_object (b);
      member (b, "action", e->action);
      member (b, "from", e->from_status);
      member (b, "to", e->to_status);
      member (b, "by", e->actor_login);
      member (b, "role", e->role);
      member (b, "at", e->at);
      member (b, "note", e->note);
      json_builder_set_member_name (b, "version");
      json_builder_add_int_value (b, e->version);
      if (e->criteria)
        {
          json_builder_set_member_name (b, "criteria");
          json_builder_begin_array (b);
          for (guint k = 0; e->criteria[k]; k++)
            json_builder_add_string_value (b, e->criteria[k]);
          json_builder_end_array (b);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/**
 * ld_case_record_to_json:
 * @history: (nullable) (element-type LdCaseEvent): steps to include
 *
 * Returns: (transfer full): the case with its workflow state, as JSON; the
 *   case members are those ld_case_from_json() reads back
 */
char *
ld_case_record_to_json (const LdCaseRecord *r,
                        GPtrArray          *history,
                        gboolean            with_serials)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  member (b, "id", r->id);
  member (b, "status", ld_case_status_to_string (r->status));
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, r->version);
  json_builder_set_member_name (b, "current_version");
  json_builder_add_int_value (b, r->current_version);
  member (b, "officer", r->officer_login);
  member (b, "submitted_by", r->submitted_by);
  member (b, "assessed_by", r->assessed_by);
  member (b, "recommended_by", r->recommended_by);
  member (b, "decided_by", r->decided_by);
  member (b, "decided_at", r->decided_at);
  member (b, "refusal_rationale", r->refusal_rationale);
  member (b, "superseded_at", r->superseded_at);
  member (b, "amendment_reason", r->amendment_reason);
  ld_case_json_build (r->data, b, with_serials);
  if (history)
    build_history (b, history);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}
