/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-sync-engine"

#include "config.h"

#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>

#include "ld-pulled.h"
#include "ld-sync-engine.h"
#include "ld-sync-server.h"
#include "ld-user-repo.h"

/* One desk's sync with the central database.
 *
 * Push: the store's outbox rows, written in the same SQLite transaction as the
 * change they record, are sent in batches of whole local transactions: one
 * prepared statement per batch, its mutations as array parameters, each still
 * applied by the server's ld.push_mutation() in the desk's order, and the
 * whole batch in one server transaction, one round trip. When the server
 * refuses the batch (a payload it cannot read, a right it does not grant, a
 * deadlock), nothing of it was committed and the batch is sent again one
 * local transaction per server transaction, many in one libpq pipeline (a Sync
 * after each: an error rolls back that transaction alone), so each mutation
 * gets the answer it would have had on its own. The server's ledger answers a
 * mutation it has seen with its first answer, so a retry after any failure
 * applies nothing twice, and a transaction committed on the server but not yet
 * recorded here (a crash, a cut connection) is recorded at the next push.
 *
 * Pull: the change log is read below pg_snapshot_xmin() of the reading
 * snapshot, ordered by (xid, seq), from the watermark (xid, seq) last applied:
 * every transaction below that xmin has ended, so a transaction that commits
 * late is read when it has, never skipped. The rows and the new watermark are
 * applied in one local transaction. */

/* Mutations per server transaction (whole local transactions). On a busy
 * two-core machine (desk, server and others sharing it) 512 pushed 4,300 to
 * 6,700 a second, 2,048 6,200 to 7,800: fewer commits and round trips. A
 * batch then holds its records' server locks for about 0.3 s, which another
 * desk pushing the same records waits at most. */
#define PUSH_BATCH_ROWS 2048
#define PULL_PAGE_ROWS  10000

#define PUSH_STATEMENT "ld_push"
/* The same function for each element of the arrays, in their order (a
 * lateral call runs once per row of the unnest, first row first), so a later
 * mutation of a record sees the earlier one as a separate call would. */
#define PUSH_BATCH_STATEMENT "ld_push_batch"
#define PUSH_BATCH_SQL "SELECT m.ord, p.outcome, p.row_version, p.detail, p.theirs::text, p.number" \
  " FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::jsonb[])" \
  " WITH ORDINALITY AS m (mutation_id, tx_id, entity, record_id, action, base, mine, ord)" \
  " CROSS JOIN LATERAL ld.push_mutation(m.mutation_id, $1, m.tx_id, m.entity, m.record_id, m.action, m.base," \
  " m.mine) AS p ORDER BY m.ord"
#define PUSH_BATCH_PARAMS 8
#define PUSH_SQL "SELECT outcome, row_version, detail, theirs::text, number FROM ld.push_mutation($1::uuid, $2, $3, " \
                 "$4, $5, $6, $7::jsonb, $8::jsonb)"

struct _LdSyncEngine
{
  GObject          parent_instance;

  LdStore         *store;
  char            *uri;
  char            *password;
  char            *desk_id;
  char            *login;       /* the server login, which names the desk's profile */
  LdActor         *actor;       /* (nullable) that profile: who applies pulled records */
  PGconn          *conn;
  gboolean         listening;
  LdSyncFaultFunc  fault_func;
  gpointer         fault_data;
};

G_DEFINE_FINAL_TYPE (LdSyncEngine, ld_sync_engine, G_TYPE_OBJECT)

typedef struct
{
  char *mutation_id;
  char *tx_id;
  char *entity;
  char *record_id;
  char *action;
  char *base;
  char *mine;
  /* the server's answer */
  char   *outcome;
  gint64  row_version;
  char   *detail;
  char   *theirs;
  char   *number;   /* the number a legal act took on the server, or NULL */
} Mutation;

static void
mutation_free (Mutation *m)
{
  g_free (m->mutation_id);
  g_free (m->tx_id);
  g_free (m->entity);
  g_free (m->record_id);
  g_free (m->action);
  g_free (m->base);
  g_free (m->mine);
  g_free (m->outcome);
  g_free (m->detail);
  g_free (m->theirs);
  g_free (m->number);
  g_free (m);
}

static gboolean
fault_here (LdSyncEngine *self,
            LdSyncFault   fault)
{
  return self->fault_func && self->fault_func (fault, self->fault_data);
}

static gboolean
interrupted (LdSyncEngine  *self,
             const char    *where,
             GError       **error)
{
  ld_sync_engine_disconnect (self);
  g_set_error (error, LD_SYNC_ERROR, LD_SYNC_ERROR_INTERRUPTED, _("The desk stopped %s."), where);
  return FALSE;
}

static void find_desk_profile (LdSyncEngine *self);
static void append_array_element (GString    *array,
                                  const char *value);

/* ---- the store's side ---------------------------------------------------- */

static gboolean
store_failed (LdStore  *store,
              GError  **error)
{
  ld_store_rollback (store);
  return FALSE;
}

/* Whole local transactions, oldest first, about @limit rows. */
static GPtrArray *
read_pending (LdSyncEngine  *self,
              int            limit,
              GError       **error)
{
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func ((GDestroyNotify) mutation_free);
  sqlite3_stmt *stmt;
  int rc;

  if (!ld_store_begin_read (self->store, error))
    return NULL;
  stmt = ld_store_prepare (self->store,
    "SELECT mutation_id, tx_id, entity, record_id, action, base_payload, payload FROM outbox"
    " WHERE pushed_at IS NULL AND tx_id IN (SELECT tx_id FROM outbox WHERE pushed_at IS NULL ORDER BY seq LIMIT ?)"
    " ORDER BY seq", error);
  if (stmt == NULL)
    return store_failed (self->store, error), NULL;
  sqlite3_bind_int (stmt, 1, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Mutation *m = g_new0 (Mutation, 1);

      m->mutation_id = ld_store_column_dup (stmt, 0);
      m->tx_id = ld_store_column_dup (stmt, 1);
      m->entity = ld_store_column_dup (stmt, 2);
      m->record_id = ld_store_column_dup (stmt, 3);
      m->action = ld_store_column_dup (stmt, 4);
      m->base = ld_store_column_dup (stmt, 5);
      m->mine = ld_store_column_dup (stmt, 6);
      g_ptr_array_add (pending, m);
    }
  sqlite3_reset (stmt);
  ld_store_rollback (self->store);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, LD_SYNC_ERROR, LD_SYNC_ERROR_STORE, _("The desk's outbox could not be read (%s)."),
                   sqlite3_errstr (rc));
      return NULL;
    }
  return g_steal_pointer (&pending);
}

/* One row of the conflict list for @m: a conflict or refusal to settle, or a
 * notice to acknowledge. */
static gboolean
insert_conflict (LdSyncEngine  *self,
                 Mutation      *m,
                 const char    *outcome,
                 const char    *detail,
                 const char    *theirs,
                 const char    *at,
                 GError       **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (self->store,
    "INSERT OR IGNORE INTO sync_conflict (mutation_id, entity, record_id, action, outcome, detail, base, mine,"
    " theirs, recorded_at) VALUES (?,?,?,?,?,?,?,?,?,?)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, m->mutation_id);
  ld_store_bind_text (stmt, 2, m->entity);
  ld_store_bind_text (stmt, 3, m->record_id);
  ld_store_bind_text (stmt, 4, m->action);
  ld_store_bind_text (stmt, 5, outcome);
  ld_store_bind_text (stmt, 6, detail);
  ld_store_bind_text (stmt, 7, m->base);
  ld_store_bind_text (stmt, 8, m->mine);
  ld_store_bind_text (stmt, 9, theirs);
  ld_store_bind_text (stmt, 10, at);
  return ld_store_step_done (self->store, stmt, error);
}

static gboolean
record_answer (LdSyncEngine  *self,
               Mutation      *m,
               const char    *at,
               GError       **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (self->store,
    "UPDATE outbox SET pushed_at = ?, push_outcome = ? WHERE mutation_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, at);
  ld_store_bind_text (stmt, 2, m->outcome);
  ld_store_bind_text (stmt, 3, m->mutation_id);
  if (!ld_store_step_done (self->store, stmt, error))
    return FALSE;
  if (g_str_equal (m->outcome, "applied"))
    return TRUE;
  return insert_conflict (self, m, m->outcome, m->detail, m->theirs, at, error);
}

/* A number this desk printed before it connected was another record's on the
 * server: the record went there all the same, with the server's number
 * beside its printed one. The officer is told in the conflict list, as a
 * notice to acknowledge (outcome "notice"), not a change to settle. */
static gboolean
record_notice (LdSyncEngine  *self,
               Mutation      *m,
               const char    *at,
               GError       **error)
{
  return insert_conflict (self, m, "notice",
                          m->detail ? m->detail : _("The central database gave this record its own number; the "
                                                    "number printed at this desk stays its desk number."),
                          NULL, at, error);
}

/* A record the server refused that this desk may not keep as it has it (a
 * shipment beyond what its licence allows across desks) is withdrawn here,
 * audited; the refusal stays in the conflict list with its reason. */
static gboolean
withdraw_if_refused (LdSyncEngine  *self,
                     Mutation      *m,
                     GError       **error)
{
  if (!g_str_equal (m->outcome, "refused") || self->actor == NULL)
    return TRUE;
  return ld_pulled_withdraw_refused (self->store, self->actor, m->entity, m->record_id, m->detail, error);
}

/* Records the server's answers to the first @n mutations in one local
 * transaction, with what they settle in the registers: the number a legal act
 * took on the server goes into the licence or broker in the same transaction
 * as the answer, so a crash cannot keep one without the other (and a retry
 * gets the same number from the server's ledger). */
static gboolean
acknowledge (LdSyncEngine  *self,
             GPtrArray     *mutations,
             guint          n,
             LdSyncStats   *stats,
             GError       **error)
{
  g_autofree char *at = ld_store_now_utc ();
  sqlite3_stmt *stmt;

  if (n == 0)
    return TRUE;
  find_desk_profile (self);
  if (!ld_store_begin (self->store, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      Mutation *m = g_ptr_array_index (mutations, i);

          gboolean renumbered = FALSE;

      if (!record_answer (self, m, at, error) ||
          !ld_pulled_settle_act (self->store, self->actor, m->entity, m->record_id, m->action, m->outcome,
                                 m->number, m->detail, &renumbered, error) ||
          (renumbered && !record_notice (self, m, at, error)) ||
          !withdraw_if_refused (self, m, error))
        return store_failed (self->store, error);
      /* Its list drops the record's "waiting" mark, or marks the conflict. */
      ld_store_mark_changed (self->store, m->entity);
    }
  stmt = ld_store_prepare (self->store, "UPDATE sync_state SET last_push_at = ?, last_error = NULL", error);
  if (stmt == NULL)
    return store_failed (self->store, error);
  ld_store_bind_text (stmt, 1, at);
  if (!ld_store_step_done (self->store, stmt, error) || !ld_store_commit (self->store, error))
    return store_failed (self->store, error);
  for (guint i = 0; i < n; i++)
    {
      Mutation *m = g_ptr_array_index (mutations, i);

      stats->pushed++;
      if (g_str_equal (m->outcome, "applied"))
        stats->applied++;
      else if (g_str_equal (m->outcome, "conflict"))
        stats->conflicts++;
      else
        stats->refused++;
    }
  return TRUE;
}

/* ---- the server's side --------------------------------------------------- */

/* The address (never holding a password: ld_sync_server_connect() refuses
 * one) and the login, for the Central database section and its Sync Now. */
static gboolean
remember_server (LdSyncEngine  *self,
                 const char    *desk_code,
                 GError       **error)
{
  PQconninfoOption *options = PQconninfoParse (self->uri, NULL);
  const char *login = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  for (PQconninfoOption *o = options; options && o->keyword; o++)
    if (g_str_equal (o->keyword, "user") && o->val)
      login = o->val;
  ok = ld_store_begin (self->store, error);
  stmt = ok ? ld_store_prepare (self->store, "UPDATE sync_state SET server = ?, login = ?, desk_code = ?", error)
            : NULL;
  ok = stmt != NULL;
  if (ok)
    {
      ld_store_bind_text (stmt, 1, self->uri);
      ld_store_bind_text (stmt, 2, login);
      ld_store_bind_text (stmt, 3, desk_code);
      ok = ld_store_step_done (self->store, stmt, error) && ld_store_commit (self->store, error);
    }
  if (!ok)
    ld_store_rollback (self->store);
  if (options)
    PQconninfoFree (options);
  return ok;
}

/* Whether the desk never got a code from a server (its code is the fallback
 * or none). Inside a read. */
static gboolean
desk_has_no_code (LdSyncEngine *self)
{
  sqlite3_stmt *stmt = ld_store_prepare (self->store, "SELECT desk_code IS NULL FROM sync_state", NULL);
  gboolean none = FALSE;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    none = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return none;
}

/* Tells the server, before this desk's first push, which of its queued acts
 * carry a number it gave on its own (a licence, a broker registration, a
 * brokering authorisation), with that number. The server takes such a claim
 * only from this list, and takes the list only while the desk has pushed
 * nothing (schema 0007): an act numbered at the desk after it connected is
 * not a claim. Asked only while this desk never connected; a desk that
 * connected before asks nothing (the server would ignore it). */
static gboolean
declare_claims (LdSyncEngine  *self,
                GError       **error)
{
  g_autoptr(GString) mutations = g_string_new ("{");
  g_autoptr(GString) numbers = g_string_new ("{");
  g_autoptr(PGresult) result = NULL;
  sqlite3_stmt *stmt;
  gboolean never_connected = FALSE;
  const char *values[3];

  if (!ld_store_begin_read (self->store, error))
    return FALSE;
  stmt = ld_store_prepare (self->store, "SELECT server IS NULL FROM sync_state", error);
  if (stmt == NULL)
    return store_failed (self->store, error);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    never_connected = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  stmt = never_connected ? ld_store_prepare (self->store,
    "SELECT mutation_id, coalesce (json_extract (payload, '$.licence_number'), json_extract (payload, '$.number'),"
    " json_extract (payload, '$.registration_number')) AS printed FROM outbox"
    " WHERE pushed_at IS NULL AND printed IS NOT NULL AND ((entity = 'licence' AND action = 'issue')"
    " OR (entity = 'broker' AND action = 'register') OR (entity = 'broker_authorisation' AND action = 'authorise'))"
    " ORDER BY seq", error) : NULL;
  if (never_connected && stmt == NULL)
    return store_failed (self->store, error);
  while (stmt && sqlite3_step (stmt) == SQLITE_ROW)
    {
      append_array_element (mutations, (const char *) sqlite3_column_text (stmt, 0));
      append_array_element (numbers, (const char *) sqlite3_column_text (stmt, 1));
    }
  if (stmt)
    sqlite3_reset (stmt);
  ld_store_rollback (self->store);
  if (mutations->len == 1)
    return TRUE;
  g_string_append_c (mutations, '}');
  g_string_append_c (numbers, '}');
  values[0] = self->desk_id;
  values[1] = mutations->str;
  values[2] = numbers->str;
  result = PQexecParams (self->conn, "SELECT ld.declare_claims($1, $2::uuid[], $3::text[])", 3, NULL, values, NULL,
                         NULL, 0);
  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      ld_sync_server_set_error (error, self->conn, result, _("telling the server the numbers this desk gave"));
      return FALSE;
    }
  return TRUE;
}

/* The desk's code in the office, which the server gives once per desk (its
 * store's identity) and which the desk's case references carry. */
static char *
fetch_desk_code (LdSyncEngine  *self,
                 GError       **error)
{
  g_autofree char *fallback = NULL;
  const char *values[2] = { self->desk_id, NULL };
  g_autoptr(PGresult) result = NULL;

  /* A desk set up for a server before codes were given made references with
   * its fallback code ("S" and six hex digits): the server keeps it as the
   * desk's code when it is free, else gives a new one. */
  if (!ld_store_begin_read (self->store, error))
    return NULL;
  if (desk_has_no_code (self))
    fallback = ld_pulled_desk_code (self->store, NULL);
  ld_store_rollback (self->store);
  values[1] = fallback;
  result = PQexecParams (self->conn, "SELECT ld.desk_code($1, $2)", 2, NULL, values, NULL, NULL, 0);

  if (PQresultStatus (result) != PGRES_TUPLES_OK || PQntuples (result) != 1 || PQgetisnull (result, 0, 0))
    {
      ld_sync_server_set_error (error, self->conn, result, _("asking for this desk's code"));
      return NULL;
    }
  return g_strdup (PQgetvalue (result, 0, 0));
}

gboolean
ld_sync_engine_connect (LdSyncEngine  *self,
                        GError       **error)
{
  g_autoptr(PGresult) prepared = NULL;
  g_autofree char *desk_code = NULL;

  if (self->conn && PQstatus (self->conn) == CONNECTION_OK)
    return TRUE;
  ld_sync_engine_disconnect (self);
  /* Asked to connect: this desk is meant to sync from now on, reached or not. */
  if (!ld_pulled_mark_meant_to_sync (self->store, error))
    return FALSE;
  self->conn = ld_sync_server_connect (self->uri, self->password, error);
  if (self->conn == NULL)
    return FALSE;
  if (!ld_sync_server_check_schema (self->conn, error))
    {
      ld_sync_engine_disconnect (self);
      return FALSE;
    }
  desk_code = fetch_desk_code (self, error);
  if (desk_code == NULL || !declare_claims (self, error) || !remember_server (self, desk_code, error))
    {
      ld_sync_engine_disconnect (self);
      return FALSE;
    }
  prepared = PQprepare (self->conn, PUSH_STATEMENT, PUSH_SQL, 8, NULL);
  if (PQresultStatus (prepared) == PGRES_COMMAND_OK)
    {
      g_clear_pointer (&prepared, PQclear);
      prepared = PQprepare (self->conn, PUSH_BATCH_STATEMENT, PUSH_BATCH_SQL, PUSH_BATCH_PARAMS, NULL);
    }
  if (PQresultStatus (prepared) != PGRES_COMMAND_OK)
    {
      ld_sync_server_set_error (error, self->conn, prepared, _("preparing to send changes"));
      ld_sync_engine_disconnect (self);
      return FALSE;
    }
  return TRUE;
}

void
ld_sync_engine_disconnect (LdSyncEngine *self)
{
  g_clear_pointer (&self->conn, PQfinish);
  self->listening = FALSE;
}

static gboolean
send_mutation (LdSyncEngine *self,
               Mutation     *m)
{
  const char *values[] = { m->mutation_id, self->desk_id, m->tx_id, m->entity, m->record_id, m->action,
                           m->base, m->mine };

  return PQsendQueryPrepared (self->conn, PUSH_STATEMENT, 8, values, NULL, NULL, 0) == 1;
}

/* The number of mutations in the local transaction starting at @start. */
static guint
group_length (GPtrArray *mutations,
              guint      start)
{
  Mutation *first = g_ptr_array_index (mutations, start);
  guint end = start;

  while (end < mutations->len && g_str_equal (((Mutation *) g_ptr_array_index (mutations, end))->tx_id,
                                              first->tx_id))
    end++;
  return end - start;
}

static gboolean
send_all (LdSyncEngine  *self,
          GPtrArray     *mutations,
          GError       **error)
{
  for (guint start = 0; start < mutations->len;)
    {
      guint n = group_length (mutations, start);

      for (guint i = 0; i < n; i++)
        {
          if (i == n / 2 && fault_here (self, LD_SYNC_FAULT_MID_PUSH))
            return interrupted (self, _("in the middle of sending a transaction"), error);
          if (!send_mutation (self, g_ptr_array_index (mutations, start + i)))
            {
              ld_sync_server_set_error (error, self->conn, NULL, _("sending changes"));
              return FALSE;
            }
        }
      if (PQpipelineSync (self->conn) != 1)
        {
          ld_sync_server_set_error (error, self->conn, NULL, _("sending changes"));
          return FALSE;
        }
      start += n;
    }
  while (PQflush (self->conn) > 0)
    ;
  return TRUE;
}

/* Row @row of @result, from column @column: outcome, row_version, detail,
 * theirs, number. */
static void
take_answer_at (Mutation *m,
                PGresult *result,
                int       row,
                int       column)
{
  g_free (m->outcome);
  g_free (m->detail);
  g_free (m->theirs);
  g_free (m->number);
  m->outcome = g_strdup (PQgetvalue (result, row, column));
  m->row_version = PQgetisnull (result, row, column + 1)
                   ? 0 : g_ascii_strtoll (PQgetvalue (result, row, column + 1), NULL, 10);
  m->detail = PQgetisnull (result, row, column + 2) ? NULL : g_strdup (PQgetvalue (result, row, column + 2));
  m->theirs = PQgetisnull (result, row, column + 3) ? NULL : g_strdup (PQgetvalue (result, row, column + 3));
  m->number = PQgetisnull (result, row, column + 4) ? NULL : g_strdup (PQgetvalue (result, row, column + 4));
}

static void
take_answer (Mutation *m,
             PGresult *result)
{
  take_answer_at (m, result, 0, 0);
}

/* A payload the server cannot read (not JSON): answered here as rejected so
 * the queue does not stall on it; it stays in the conflict list. */
static gboolean
is_unreadable_payload (PGresult *result)
{
  const char *state = PQresultErrorField (result, PG_DIAG_SQLSTATE);

  return state && g_str_has_prefix (state, "22");
}

/* Reads one transaction's answers, through its Sync. Returns FALSE when the
 * connection failed; *out_committed says whether the server committed it. */
static gboolean
read_group (LdSyncEngine  *self,
            GPtrArray     *mutations,
            guint          start,
            guint          n,
            gboolean      *out_committed,
            GError       **error)
{
  g_autoptr(GError) first_error = NULL;
  gboolean rejected = FALSE;

  for (guint i = 0; i < n; i++)
    {
      Mutation *m = g_ptr_array_index (mutations, start + i);
      g_autoptr(PGresult) result = PQgetResult (self->conn);
      PGresult *end;

      if (result == NULL)
        {
          ld_sync_server_set_error (error, self->conn, NULL, _("sending changes"));
          return FALSE;
        }
      if (PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) == 1)
        take_answer (m, result);
      else if (first_error == NULL && PQresultStatus (result) != PGRES_PIPELINE_ABORTED)
        {
          rejected = is_unreadable_payload (result);
          if (rejected)
            m->detail = g_strdup (PQresultErrorMessage (result));
          ld_sync_server_set_error (&first_error, self->conn, result, _("applying a change"));
        }
      while ((end = PQgetResult (self->conn)) != NULL)
        PQclear (end);
    }
  {
    g_autoptr(PGresult) sync = PQgetResult (self->conn);

    if (sync == NULL || PQresultStatus (sync) != PGRES_PIPELINE_SYNC)
      {
        ld_sync_server_set_error (error, self->conn, sync, _("committing changes"));
        return FALSE;
      }
  }
  *out_committed = first_error == NULL;
  if (first_error == NULL)
    return TRUE;
  if (!rejected)
    {
      g_propagate_error (error, g_steal_pointer (&first_error));
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      Mutation *m = g_ptr_array_index (mutations, start + i);

      g_free (m->outcome);
      m->outcome = g_strdup ("rejected");
    }
  *out_committed = TRUE;
  return TRUE;
}

/* Inside pipeline mode: sends @mutations one local transaction per server
 * transaction and reads the answers; *out_answered counts the leading
 * mutations whose transactions the server committed (or rejected for good),
 * which the caller records even when this fails later. */
static gboolean
push_groups (LdSyncEngine  *self,
             GPtrArray     *mutations,
             guint         *out_answered,
             LdSyncStats   *stats,
             GError       **error)
{
  gboolean ok = TRUE;

  *out_answered = 0;
  if (!send_all (self, mutations, error))
    {
      ld_sync_engine_disconnect (self);
      return FALSE;
    }
  for (guint start = 0; ok && start < mutations->len;)
    {
      guint n = group_length (mutations, start);
      gboolean committed = FALSE;

      ok = read_group (self, mutations, start, n, &committed, error);
      if (ok && committed)
        {
          stats->transactions++;
          if (fault_here (self, LD_SYNC_FAULT_AFTER_SERVER_COMMIT))
            return interrupted (self, _("after the server committed, before the desk recorded it"), error);
          *out_answered = start + n;
        }
      start += n;
    }
  if (self->conn && ok)
    PQexitPipelineMode (self->conn);
  if (!ok)
    ld_sync_engine_disconnect (self);
  return ok;
}

/* ---- one batch, one statement, one server transaction ------------------- */

/* Appends @value to a PostgreSQL array literal (the parameter's text, never
 * SQL): quoted with its quotes and backslashes escaped, NULL unquoted. */
static void
append_array_element (GString    *array,
                      const char *value)
{
  if (array->len > 1)
    g_string_append_c (array, ',');
  if (value == NULL)
    {
      g_string_append (array, "NULL");
      return;
    }
  g_string_append_c (array, '"');
  for (const char *c = value; *c; c++)
    {
      if (*c == '"' || *c == '\\')
        g_string_append_c (array, '\\');
      g_string_append_c (array, *c);
    }
  g_string_append_c (array, '"');
}

static gboolean
send_batch (LdSyncEngine  *self,
            GPtrArray     *mutations,
            GError       **error)
{
  GString *arrays[PUSH_BATCH_PARAMS - 1];
  const char *values[PUSH_BATCH_PARAMS] = { self->desk_id };
  gboolean fault = FALSE;
  gboolean sent;

  for (guint a = 0; a < G_N_ELEMENTS (arrays); a++)
    arrays[a] = g_string_new ("{");
  for (guint i = 0; i < mutations->len; i++)
    {
      Mutation *m = g_ptr_array_index (mutations, i);
      const char *fields[] = { m->mutation_id, m->tx_id, m->entity, m->record_id, m->action, m->base, m->mine };

      for (guint a = 0; a < G_N_ELEMENTS (arrays); a++)
        append_array_element (arrays[a], fields[a]);
    }
  for (guint a = 0; a < G_N_ELEMENTS (arrays); a++)
    {
      g_string_append_c (arrays[a], '}');
      values[a + 1] = arrays[a]->str;
    }
  /* The same chances of stopping mid-push as one transaction at a time had. */
  for (guint start = 0; !fault && start < mutations->len; start += group_length (mutations, start))
    fault = fault_here (self, LD_SYNC_FAULT_MID_PUSH);
  sent = PQsendQueryPrepared (self->conn, PUSH_BATCH_STATEMENT, PUSH_BATCH_PARAMS, values, NULL, NULL, 0) == 1;
  for (guint a = 0; a < G_N_ELEMENTS (arrays); a++)
    g_string_free (arrays[a], TRUE);
  if (sent && fault)
    {
      /* The server has the batch and no Sync: it commits nothing. */
      while (PQflush (self->conn) > 0)
        ;
      return interrupted (self, _("in the middle of sending a transaction"), error);
    }
  if (!sent || PQpipelineSync (self->conn) != 1)
    {
      ld_sync_server_set_error (error, self->conn, NULL, _("sending changes"));
      return FALSE;
    }
  while (PQflush (self->conn) > 0)
    ;
  return TRUE;
}

/* One answer per mutation, in the order sent. */
static gboolean
take_batch_answers (GPtrArray *mutations,
                    PGresult  *result)
{
  if (PQntuples (result) != (int) mutations->len)
    return FALSE;
  for (guint i = 0; i < mutations->len; i++)
    if (g_ascii_strtoll (PQgetvalue (result, i, 0), NULL, 10) != (gint64) i + 1)
      return FALSE;
  for (guint i = 0; i < mutations->len; i++)
    take_answer_at (g_ptr_array_index (mutations, i), result, i, 1);
  return TRUE;
}

typedef enum
{
  BATCH_COMMITTED,
  BATCH_REFUSED,   /* the server refused it and committed nothing: try one transaction at a time */
  BATCH_FAILED,    /* the connection failed: whether it committed is for the next push to find out */
} BatchOutcome;

static BatchOutcome
read_batch (LdSyncEngine  *self,
            GPtrArray     *mutations,
            GError       **error)
{
  g_autoptr(PGresult) result = PQgetResult (self->conn);
  g_autoptr(PGresult) sync = NULL;
  gboolean answered;
  PGresult *end;

  if (result == NULL)
    {
      ld_sync_server_set_error (error, self->conn, NULL, _("sending changes"));
      return BATCH_FAILED;
    }
  answered = PQresultStatus (result) == PGRES_TUPLES_OK && take_batch_answers (mutations, result);
  while ((end = PQgetResult (self->conn)) != NULL)
    PQclear (end);
  sync = PQgetResult (self->conn);
  if (sync == NULL || PQresultStatus (sync) != PGRES_PIPELINE_SYNC || PQstatus (self->conn) != CONNECTION_OK)
    {
      ld_sync_server_set_error (error, self->conn, answered ? sync : result, _("committing changes"));
      return BATCH_FAILED;
    }
  /* Answers that do not match what was sent (committed or not) are asked
   * again one transaction at a time: the ledger gives the same answers. */
  return answered ? BATCH_COMMITTED : BATCH_REFUSED;
}

/* Sends @mutations and reads the answers; *out_answered counts the leading
 * mutations whose transactions the server committed (or rejected for good),
 * which the caller records even when this fails later. */
static gboolean
push_batch (LdSyncEngine  *self,
            GPtrArray     *mutations,
            guint         *out_answered,
            LdSyncStats   *stats,
            GError       **error)
{
  *out_answered = 0;
  if (PQenterPipelineMode (self->conn) != 1)
    {
      ld_sync_server_set_error (error, self->conn, NULL, _("sending changes"));
      return FALSE;
    }
  if (!send_batch (self, mutations, error))
    {
      ld_sync_engine_disconnect (self);
      return FALSE;
    }
  switch (read_batch (self, mutations, error))
    {
    case BATCH_FAILED:
      ld_sync_engine_disconnect (self);
      return FALSE;
    case BATCH_REFUSED:
      return push_groups (self, mutations, out_answered, stats, error);
    case BATCH_COMMITTED:
      break;
    }
  stats->transactions++;
  /* The same chances of stopping before the desk records it as one
   * transaction at a time had: the transactions before the stop are recorded. */
  for (guint start = 0; start < mutations->len; start += group_length (mutations, start))
    {
      if (fault_here (self, LD_SYNC_FAULT_AFTER_SERVER_COMMIT))
        return interrupted (self, _("after the server committed, before the desk recorded it"), error);
      *out_answered = start + group_length (mutations, start);
    }
  PQexitPipelineMode (self->conn);
  return TRUE;
}

/**
 * ld_sync_engine_push:
 *
 * Sends every pending outbox row and records the server's answers: applied,
 * conflict (kept with base, mine and theirs) or refused (a legal act the
 * server would not do, with its reason).
 */
gboolean
ld_sync_engine_push (LdSyncEngine  *self,
                     LdSyncStats   *stats,
                     GError       **error)
{
  g_return_val_if_fail (LD_IS_SYNC_ENGINE (self), FALSE);

  if (!ld_sync_engine_connect (self, error))
    return FALSE;
  for (;;)
    {
      g_autoptr(GPtrArray) pending = read_pending (self, PUSH_BATCH_ROWS, error);
      g_autoptr(GError) push_error = NULL;
      guint answered = 0;
      gboolean pushed;

      if (pending == NULL)
        return FALSE;
      if (pending->len == 0)
        return TRUE;
      pushed = push_batch (self, pending, &answered, stats, &push_error);
      if (!acknowledge (self, pending, answered, stats, error))
        return FALSE;
      if (!pushed)
        {
          g_propagate_error (error, g_steal_pointer (&push_error));
          return FALSE;
        }
    }
}

/* ---- pull ---------------------------------------------------------------- */

typedef struct
{
  char *xid;
  gint64 seq;
} Watermark;

static gboolean
read_watermark (LdSyncEngine  *self,
                Watermark     *mark,
                GError       **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  if (!ld_store_begin_read (self->store, error))
    return FALSE;
  stmt = ld_store_prepare (self->store, "SELECT watermark_xid, watermark_seq FROM sync_state", error);
  ok = stmt && sqlite3_step (stmt) == SQLITE_ROW;
  if (ok)
    {
      mark->xid = ld_store_column_dup (stmt, 0);
      mark->seq = sqlite3_column_int64 (stmt, 1);
      sqlite3_reset (stmt);
    }
  ld_store_rollback (self->store);
  if (!ok && error && *error == NULL)
    g_set_error_literal (error, LD_SYNC_ERROR, LD_SYNC_ERROR_STORE, _("The desk's sync state could not be read."));
  return ok;
}

static gboolean
exec_server (LdSyncEngine  *self,
             const char    *sql,
             GError       **error)
{
  g_autoptr(PGresult) result = PQexec (self->conn, sql);

  if (PQresultStatus (result) == PGRES_COMMAND_OK)
    return TRUE;
  ld_sync_server_set_error (error, self->conn, result, _("reading changes"));
  return FALSE;
}

/* One page of the change log above @mark and below the snapshot's xmin. */
static PGresult *
read_changes (LdSyncEngine  *self,
              Watermark     *mark,
              GError       **error)
{
  g_autoptr(PGresult) horizon = NULL;
  g_autoptr(PGresult) rows = NULL;
  g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, mark->seq);
  g_autofree char *limit = g_strdup_printf ("%d", PULL_PAGE_ROWS);
  const char *values[4] = { mark->xid, seq, NULL, limit };

  /* Sorting the whole log for each page would make a pull quadratic; the
   * (xid, seq) index gives the order, even before the server has statistics
   * (a freshly loaded office). */
  if (!exec_server (self, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL enable_sort = off", error))
    return NULL;
  horizon = PQexec (self->conn, "SELECT pg_snapshot_xmin(pg_current_snapshot())::text");
  if (PQresultStatus (horizon) != PGRES_TUPLES_OK)
    {
      ld_sync_server_set_error (error, self->conn, horizon, _("reading changes"));
      return NULL;
    }
  values[2] = PQgetvalue (horizon, 0, 0);
  rows = PQexecParams (self->conn,
                       /* Ordered by the xid8 itself: its text would sort 1000 before 999. */
                       "SELECT c.xid::text AS xid_text, c.seq, c.entity, c.record_id, c.row_version, c.fields::text, c.action,"
                       " c.desk_id, c.login"
                       " FROM ld.change_log c WHERE (c.xid, c.seq) > ($1::xid8, $2::bigint) AND c.xid < $3::xid8"
                       " ORDER BY c.xid, c.seq LIMIT $4",
                       4, NULL, values, NULL, NULL, 0);
  if (PQresultStatus (rows) != PGRES_TUPLES_OK)
    {
      ld_sync_server_set_error (error, self->conn, rows, _("reading changes"));
      return NULL;
    }
  if (!exec_server (self, "COMMIT", error))
    return NULL;
  return g_steal_pointer (&rows);
}

/* The server's copy of the record, then the register's record when this desk
 * holds such records and has no unanswered change of it; @action is the
 * audit entry's, naming where the change came from. */
static gboolean
apply_record (LdSyncEngine  *self,
              const char    *entity,
              const char    *record_id,
              const char    *row_version,
              const char    *fields,
              const char    *action,
              gboolean       superseded,
              LdSyncStats   *stats,
              GError       **error)
{
  LdPulledOutcome outcome;
  gboolean newer;
  int rc;
  sqlite3_stmt *stmt = ld_store_prepare (self->store,
    "INSERT INTO sync_record (entity, record_id, row_version, fields) VALUES (?,?,?,?)"
    " ON CONFLICT (entity, record_id) DO UPDATE SET row_version = excluded.row_version, fields = excluded.fields"
    " WHERE excluded.row_version > sync_record.row_version", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, entity);
  ld_store_bind_text (stmt, 2, record_id);
  sqlite3_bind_int64 (stmt, 3, g_ascii_strtoll (row_version, NULL, 10));
  ld_store_bind_text (stmt, 4, fields);
  rc = sqlite3_step (stmt);
  /* No row written: the copy already holds this version or a newer one. */
  newer = rc == SQLITE_DONE && sqlite3_changes (sqlite3_db_handle (stmt)) > 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ld_store_set_error (self->store, error, rc, _("keeping the server's copy of a record"));
      return FALSE;
    }
  /* An older version than the copy already holds changes nothing; without a
   * profile for the server login nobody at this desk could be audited. */
  if (!newer || superseded || self->actor == NULL || !ld_pulled_entity_is_held (entity))
    return TRUE;
  if (!ld_pulled_apply (self->store, self->actor, LD_PULLED_FROM_SERVER, action, entity, record_id, fields,
                        &outcome, error))
    return FALSE;
  if (outcome == LD_PULLED_APPLIED)
    stats->applied_locally++;
  else if (outcome == LD_PULLED_DEFERRED)
    stats->deferred++;
  return TRUE;
}

static gboolean
apply_change (LdSyncEngine  *self,
              PGresult      *rows,
              int            i,
              gboolean       superseded,
              LdSyncStats   *stats,
              GError       **error)
{
  /* The audit entry names where the change was made: the desk (its store's
   * identity) and the server login that sent it. */
  g_autofree char *action = g_strdup_printf ("pull-%s from %s at desk %s", PQgetvalue (rows, i, 6),
                                             PQgetvalue (rows, i, 8), PQgetvalue (rows, i, 7));

  return apply_record (self, PQgetvalue (rows, i, 2), PQgetvalue (rows, i, 3), PQgetvalue (rows, i, 4),
                       PQgetvalue (rows, i, 5), action, superseded, stats, error);
}

static gboolean
save_watermark (LdSyncEngine  *self,
                const char    *xid,
                const char    *seq,
                GError       **error)
{
  g_autofree char *at = ld_store_now_utc ();
  sqlite3_stmt *stmt = ld_store_prepare (self->store,
    "UPDATE sync_state SET watermark_xid = ?, watermark_seq = ?, last_pull_at = ?, last_error = NULL", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, xid);
  sqlite3_bind_int64 (stmt, 2, g_ascii_strtoll (seq, NULL, 10));
  ld_store_bind_text (stmt, 3, at);
  return ld_store_step_done (self->store, stmt, error);
}

/* The desk's profile whose login is the server login: on a synced desk that
 * login says who is at the desk, and it is the actor of the audit entries for
 * the records pulled into the registers. */
static void
find_desk_profile (LdSyncEngine *self)
{
  g_autoptr(GError) error = NULL;

  if (self->actor != NULL || self->login == NULL)
    return;
  self->actor = ld_user_repo_find (self->store, self->login, &error);
  if (self->actor == NULL)
    g_debug ("no profile %s: pulled records stay in the server copy (%s)", self->login, error->message);
}

/* Which rows of the page a later row of the same record supersedes. Each row
 * holds the whole record, so the registers need only a record's last one in
 * the page: the intermediate states would churn a record through versions
 * the desk already passed (its own create and submit, sent together, would
 * set its case back to a draft and then forward again). */
static gboolean *
find_superseded (PGresult *rows)
{
  int n = PQntuples (rows);
  gboolean *superseded = g_new0 (gboolean, MAX (n, 1));
  g_autoptr(GHashTable) last = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (int i = n - 1; i >= 0; i--)
    {
      char *key = g_strconcat (PQgetvalue (rows, i, 2), "/", PQgetvalue (rows, i, 3), NULL);

      if (g_hash_table_contains (last, key))
        {
          superseded[i] = TRUE;
          g_free (key);
        }
      else
        g_hash_table_add (last, key);
    }
  return superseded;
}

/* Where a register stands in the order a page is applied: a record before
 * those that link to it. Certificates and licences name their case; a case
 * names nothing pulled; a shipment names its licence, a screening run its
 * case or request, a verdict its run's hit, a history line its case or
 * broker; denials come before the runs that matched them. */
static int
entity_rank (const char *entity)
{
  static const char *order[] = { "broker", "application", "euc", "licence", "shipment", "denial", "screening_run",
                                 "screening_verdict", "consent_screening_run", "consent_screening_verdict",
                                 "application_event", "broker_event", "embargo_exemption" };

  for (guint r = 0; r < G_N_ELEMENTS (order); r++)
    if (g_str_equal (entity, order[r]))
      return (int) r;
  return G_N_ELEMENTS (order);
}

static int
compare_by_rank (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const int *ranks = user_data;
  int i = *(const int *) a, j = *(const int *) b;

  return ranks[i] != ranks[j] ? ranks[i] - ranks[j] : i - j;
}

/* The rows of a page in the order they are applied: by register rank, each
 * register's rows in commit order. Only a record's last row in the page is
 * applied to its register (find_superseded), so commit order alone could put
 * a licence before a later change of its case that the desk does not hold
 * yet, and the licence would lose its case and serial numbers for good. */
static int *
application_order (PGresult *rows)
{
  int n = PQntuples (rows);
  g_autofree int *ranks = g_new0 (int, MAX (n, 1));
  int *order = g_new0 (int, MAX (n, 1));

  for (int i = 0; i < n; i++)
    {
      ranks[i] = entity_rank (PQgetvalue (rows, i, 2));
      order[i] = i;
    }
  g_qsort_with_data (order, n, sizeof *order, compare_by_rank, ranks);
  return order;
}

/* The page and its watermark in one local transaction. */
static gboolean
apply_page (LdSyncEngine  *self,
            PGresult      *rows,
            LdSyncStats   *stats,
            GError       **error)
{
  int n = PQntuples (rows);
  g_autofree gboolean *superseded = find_superseded (rows);
  g_autofree int *order = application_order (rows);

  if (!ld_store_begin (self->store, error))
    return FALSE;
  for (int k = 0; k < n; k++)
    {
      int i = order[k];

      if (k == n / 2 && fault_here (self, LD_SYNC_FAULT_MID_PULL))
        {
          ld_store_rollback (self->store);
          return interrupted (self, _("in the middle of applying changes"), error);
        }
      if (!apply_change (self, rows, i, superseded[i], stats, error))
        return store_failed (self->store, error);
    }
  if (n > 0 && !save_watermark (self, PQgetvalue (rows, n - 1, 0), PQgetvalue (rows, n - 1, 1), error))
    return store_failed (self->store, error);
  return ld_store_commit (self->store, error);
}

/* ---- bootstrap ------------------------------------------------------------- */

/* A new desk copies the server's records (one row each, not their whole
 * history) from a snapshot with one COPY, applied in pages; each page is
 * applied with how far it got in one local transaction, so a copy stopped
 * halfway goes on where it stopped.
 *
 * The rows come in the table's physical order (a plain sequential scan, as
 * fast as a raw COPY: ordering a million rows by key would cost the server
 * as much again), and how far the copy got is the last row's tuple id
 * (ctid). After an interruption the copy goes on after that tuple id, in a
 * newer snapshot, by a TID range scan. A record the first copy held before
 * that point keeps its tuple id unless it changed, and then its change is in
 * the change log above the first snapshot's horizon, which the pull reads
 * once the copy is whole; a row applied twice changes nothing (its version
 * is not newer). Only a rewrite of the whole table (VACUUM FULL, CLUSTER)
 * moves unchanged rows: the table's file node tells, and the copy then
 * starts again from the beginning, with the first horizon.
 *
 * A thread of its own reads and parses the COPY while this one writes the
 * pages into the store, so the server streams while SQLite writes. */

/* Rows per local transaction; the reader hands them over in chunks, so the
 * writer starts as soon as the first chunk has come. */
#define BOOTSTRAP_PAGE_ROWS 20000
/* A desk that writes the rows into its registers too spends some 200 µs on
 * each (its register's audited write: search keys, index, audit entry): a
 * page of 20,000 would hold the store's write lock for seconds, and a person
 * saving a form at the desk would wait that long. A chunk per transaction
 * keeps the wait under half a second. */
#define BOOTSTRAP_REGISTER_PAGE_ROWS BOOTSTRAP_CHUNK_ROWS
#define BOOTSTRAP_CHUNK_ROWS 2000
#define BOOTSTRAP_CHUNKS_AHEAD 16
#define BOOTSTRAP_FIRST_TID "(0,0)"

typedef struct
{
  gboolean  needed;
  gboolean  by_key;    /* in key order, for a desk that fills its registers */
  char     *xid;       /* the first snapshot's horizon */
  char     *entity;    /* the last record copied */
  char     *record;
  char     *after_tid; /* its tuple id: the copy goes on after it */
  char     *relation;  /* the file node of the server's table when it was read */
} Bootstrap;

static void
bootstrap_clear (Bootstrap *b)
{
  g_clear_pointer (&b->xid, g_free);
  g_clear_pointer (&b->entity, g_free);
  g_clear_pointer (&b->record, g_free);
  g_clear_pointer (&b->after_tid, g_free);
  g_clear_pointer (&b->relation, g_free);
}

static gboolean
read_bootstrap (LdSyncEngine  *self,
                Bootstrap     *b,
                GError       **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  if (!ld_store_begin_read (self->store, error))
    return FALSE;
  stmt = ld_store_prepare (self->store,
    "SELECT bootstrapped_at IS NULL AND (bootstrap_xid IS NOT NULL OR (watermark_xid = '0' AND watermark_seq = 0)),"
    " bootstrap_xid, bootstrap_entity, bootstrap_record, bootstrap_after_tid, bootstrap_relation FROM sync_state",
    error);
  ok = stmt && sqlite3_step (stmt) == SQLITE_ROW;
  if (ok)
    {
      b->needed = sqlite3_column_int (stmt, 0) != 0;
      b->xid = ld_store_column_dup (stmt, 1);
      b->entity = ld_store_column_dup (stmt, 2);
      b->record = ld_store_column_dup (stmt, 3);
      b->after_tid = ld_store_column_dup (stmt, 4);
      b->relation = ld_store_column_dup (stmt, 5);
      sqlite3_reset (stmt);
    }
  ld_store_rollback (self->store);
  if (!ok && error && *error == NULL)
    g_set_error_literal (error, LD_SYNC_ERROR, LD_SYNC_ERROR_STORE, _("The desk's sync state could not be read."));
  return ok;
}

/* COPY's text format: a backslash escapes the separators and itself; \N is
 * NULL (never in these columns). Unescaped in place: the text only shrinks. */
static void
copy_unescape (char *field)
{
  char *out = field;

  for (const char *in = field; *in; in++)
    {
      if (*in != '\\' || in[1] == '\0')
        {
          *out++ = *in;
          continue;
        }
      switch (*++in)
        {
        case 'b': *out++ = '\b'; break;
        case 'f': *out++ = '\f'; break;
        case 'n': *out++ = '\n'; break;
        case 'r': *out++ = '\r'; break;
        case 't': *out++ = '\t'; break;
        case 'v': *out++ = '\v'; break;
        default: *out++ = *in; break;
        }
    }
  *out = '\0';
}

/* tuple id, entity, record id, version, fields, who changed it last */
#define BOOTSTRAP_COLUMNS 6

typedef struct
{
  char *line;                        /* libpq's buffer, split and unescaped in place */
  char *columns[BOOTSTRAP_COLUMNS];  /* pointers into it */
} CopyRow;

static void
copy_row_clear (CopyRow *row)
{
  g_clear_pointer (&row->line, PQfreemem);
}

/* One line of the COPY, split at its tabs, without copying it. */
static gboolean
copy_split (char    *line,
            int      length,
            CopyRow *row)
{
  char *end = line + length;
  char *start = line;
  guint n = 0;

  if (length > 0 && end[-1] == '\n')
    end--;
  *end = '\0';
  for (char *p = line; n < BOOTSTRAP_COLUMNS; p++)
    if (p == end || *p == '\t')
      {
        gboolean last = p == end;

        *p = '\0';
        if (memchr (start, '\\', p - start))
          copy_unescape (start);
        row->columns[n++] = start;
        start = p + 1;
        if (last)
          break;
      }
  row->line = line;
  return n == BOOTSTRAP_COLUMNS && start > end;
}

/* A tuple id's text, "(block,offset)", as two numbers that order as it does. */
static gboolean
parse_tid (const char *text,
           guint64    *out_block,
           guint64    *out_offset)
{
  char *rest = NULL;

  if (text[0] != '(')
    return FALSE;
  *out_block = g_ascii_strtoull (text + 1, &rest, 10);
  if (rest == NULL || *rest != ',')
    return FALSE;
  *out_offset = g_ascii_strtoull (rest + 1, &rest, 10);
  return rest != NULL && *rest == ')';
}

/* A run of rows as the COPY sent them, handed from the reader to the
 * writer: sorted by key (the server copy's B-tree then takes them as runs),
 * with how far the copy got once they are written (the last row sent). */
typedef struct
{
  GArray *rows;        /* CopyRow */
  char   *after_tid;
  char   *entity;
  char   *record;
} CopyChunk;

static void
copy_chunk_free (CopyChunk *chunk)
{
  g_array_unref (chunk->rows);
  g_free (chunk->after_tid);
  g_free (chunk->entity);
  g_free (chunk->record);
  g_free (chunk);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CopyChunk, copy_chunk_free)

static CopyChunk *
copy_chunk_new (void)
{
  CopyChunk *chunk = g_new0 (CopyChunk, 1);

  chunk->rows = g_array_sized_new (FALSE, FALSE, sizeof (CopyRow), BOOTSTRAP_CHUNK_ROWS);
  g_array_set_clear_func (chunk->rows, (GDestroyNotify) copy_row_clear);
  return chunk;
}

static int
compare_copied_keys (gconstpointer a,
                     gconstpointer b)
{
  const CopyRow *x = a, *y = b;
  int by_entity = strcmp (x->columns[1], y->columns[1]);

  return by_entity != 0 ? by_entity : strcmp (x->columns[2], y->columns[2]);
}

/* Notes where the copy stands after the chunk, then sorts it by key
 * (rows in the table's order come in no key order). */
static void
copy_chunk_seal (CopyChunk *chunk,
                 gboolean   sort)
{
  CopyRow *last;

  if (chunk->rows->len == 0)
    return;
  last = &g_array_index (chunk->rows, CopyRow, chunk->rows->len - 1);
  chunk->after_tid = g_strdup (last->columns[0]);
  chunk->entity = g_strdup (last->columns[1]);
  chunk->record = g_strdup (last->columns[2]);
  if (sort)
    qsort (chunk->rows->data, chunk->rows->len, sizeof (CopyRow), compare_copied_keys);
}

/* The COPY read and parsed in its own thread, chunk by chunk, a few chunks
 * ahead of the writer. */
typedef struct
{
  PGconn    *conn;
  GMutex     lock;
  GCond      changed;
  GQueue     chunks;        /* CopyChunk, oldest first */
  gboolean   ended;         /* the COPY has ended, well or not */
  gint       stop;          /* (atomic) the writer needs no more */
  GError    *error;
  GThread   *thread;
  gboolean   in_table_order;
  /* the reader thread's own */
  guint64    rows_read;
  guint64    last_block;
  guint64    last_offset;
} CopyReader;

/* A row in tuple id order, or why not: the copy's resume point relies on it. */
static gboolean
take_row (CopyReader  *reader,
          char        *line,
          int          length,
          CopyChunk   *chunk,
          GError     **error)
{
  CopyRow row = { 0 };
  guint64 block, offset;

  if (!copy_split (line, length, &row) || !parse_tid (row.columns[0], &block, &offset))
    {
      copy_row_clear (&row);
      g_set_error_literal (error, LD_SYNC_ERROR, LD_SYNC_ERROR_SERVER,
                           _("The server sent a record the desk cannot read while copying its records."));
      return FALSE;
    }
  if (reader->in_table_order && reader->rows_read > 0 && (block < reader->last_block ||
                                (block == reader->last_block && offset <= reader->last_offset)))
    {
      copy_row_clear (&row);
      g_set_error_literal (error, LD_SYNC_ERROR, LD_SYNC_ERROR_SERVER,
                           _("The server sent its records out of order while the desk copied them; nothing was "
                             "lost: the next sync copies them again."));
      return FALSE;
    }
  g_array_append_val (chunk->rows, row);
  reader->rows_read++;
  reader->last_block = block;
  reader->last_offset = offset;
  return TRUE;
}

/* Hands a chunk to the writer, then waits while enough are queued; FALSE
 * when the writer needs no more. */
static gboolean
queue_chunk (CopyReader *reader,
             CopyChunk  *chunk,
             gboolean    ended,
             GError     *failure)
{
  gboolean stop;

  copy_chunk_seal (chunk, reader->in_table_order);
  g_mutex_lock (&reader->lock);
  if (chunk->rows->len > 0)
    g_queue_push_tail (&reader->chunks, chunk);
  else
    copy_chunk_free (chunk);
  reader->ended = ended;
  reader->error = failure;
  g_cond_broadcast (&reader->changed);
  while (!ended && !g_atomic_int_get (&reader->stop) && reader->chunks.length >= BOOTSTRAP_CHUNKS_AHEAD)
    g_cond_wait (&reader->changed, &reader->lock);
  stop = g_atomic_int_get (&reader->stop);
  g_mutex_unlock (&reader->lock);
  return !stop;
}

/* The end of the COPY: its result, then nothing more. */
static gboolean
finish_copy (PGconn  *conn,
             int      last,
             GError **error)
{
  g_autoptr(PGresult) end = PQgetResult (conn);

  if (last != -1 || PQresultStatus (end) != PGRES_COMMAND_OK)
    {
      ld_sync_server_set_error (error, conn, end, _("copying the server's records"));
      return FALSE;
    }
  g_clear_pointer (&end, PQclear);
  while ((end = PQgetResult (conn)) != NULL)
    g_clear_pointer (&end, PQclear);
  return TRUE;
}

static gpointer
copy_reader_thread (gpointer data)
{
  CopyReader *reader = data;
  CopyChunk *chunk = copy_chunk_new ();
  GError *error = NULL;
  char *line;
  int n;

  while ((n = PQgetCopyData (reader->conn, &line, 0)) > 0)
    {
      /* Stopped halfway, the COPY ends with the connection. */
      if (g_atomic_int_get (&reader->stop))
        {
          PQfreemem (line);
          copy_chunk_free (chunk);
          return NULL;
        }
      if (!take_row (reader, line, n, chunk, &error))
        {
          queue_chunk (reader, chunk, TRUE, error);
          return NULL;
        }
      if (chunk->rows->len == BOOTSTRAP_CHUNK_ROWS)
        {
          if (!queue_chunk (reader, chunk, FALSE, NULL))
            return NULL;
          chunk = copy_chunk_new ();
        }
    }
  finish_copy (reader->conn, n, &error);
  queue_chunk (reader, chunk, TRUE, error);
  return NULL;
}

static void
copy_reader_start (CopyReader *reader,
                   PGconn     *conn,
                   gboolean    in_table_order)
{
  memset (reader, 0, sizeof *reader);
  reader->conn = conn;
  reader->in_table_order = in_table_order;
  g_mutex_init (&reader->lock);
  g_cond_init (&reader->changed);
  g_queue_init (&reader->chunks);
  reader->thread = g_thread_new ("ld-sync-copy", copy_reader_thread, reader);
}

/* The next chunk, and whether it is the COPY's last; NULL with @error set
 * when the COPY failed (chunks read before the failure come first). */
static CopyChunk *
copy_reader_next (CopyReader  *reader,
                  gboolean    *out_last,
                  GError     **error)
{
  CopyChunk *chunk;

  g_mutex_lock (&reader->lock);
  while (reader->chunks.length == 0 && !reader->ended)
    g_cond_wait (&reader->changed, &reader->lock);
  chunk = g_queue_pop_head (&reader->chunks);
  *out_last = reader->ended && reader->chunks.length == 0 && reader->error == NULL;
  if (chunk == NULL && reader->error != NULL)
    g_propagate_error (error, g_steal_pointer (&reader->error));
  else if (chunk == NULL)
    chunk = copy_chunk_new ();
  g_cond_broadcast (&reader->changed);
  g_mutex_unlock (&reader->lock);
  return chunk;
}

/* Stops the reader and frees what it read; the connection is the caller's
 * again. A reader in the middle of the COPY ends at its next row. */
static void
copy_reader_finish (CopyReader *reader)
{
  g_mutex_lock (&reader->lock);
  g_atomic_int_set (&reader->stop, TRUE);
  g_cond_broadcast (&reader->changed);
  g_mutex_unlock (&reader->lock);
  g_thread_join (reader->thread);
  g_queue_clear_full (&reader->chunks, (GDestroyNotify) copy_chunk_free);
  g_clear_error (&reader->error);
  g_cond_clear (&reader->changed);
  g_mutex_clear (&reader->lock);
}

static gboolean
query_text (LdSyncEngine  *self,
            const char    *sql,
            char         **out_text,
            GError       **error)
{
  g_autoptr(PGresult) result = PQexec (self->conn, sql);

  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      ld_sync_server_set_error (error, self->conn, result, _("copying the server's records"));
      return FALSE;
    }
  *out_text = g_strdup (PQgetvalue (result, 0, 0));
  return TRUE;
}

/* The COPY in key order, after the last record copied, for a desk that
 * writes what it pulls into its registers: a case before the licences and
 * certificates that name it. Its rows stream from the primary key's order
 * (no sort of the whole register before the first row). */
static PGresult *
copy_by_key (LdSyncEngine  *self,
             Bootstrap     *b,
             GError       **error)
{
  const char *values[] = { b->entity ? b->entity : "", b->record ? b->record : "" };
  g_autoptr(PGresult) set = NULL;

  /* Copied in the table's order so far: that says nothing of the keys. */
  if (b->after_tid != NULL)
    {
      g_clear_pointer (&b->after_tid, g_free);
      values[0] = values[1] = "";
    }
  g_clear_pointer (&b->relation, g_free);
  set = PQexecParams (self->conn, "SELECT set_config ('ld.bootstrap_entity', $1, true),"
                                  " set_config ('ld.bootstrap_record', $2, true), set_config ('enable_sort', 'off', true)",
                      2, NULL, values, NULL, NULL, 0);
  if (PQresultStatus (set) != PGRES_TUPLES_OK)
    {
      ld_sync_server_set_error (error, self->conn, set, _("copying the server's records"));
      return NULL;
    }
  return PQexec (self->conn, "COPY (SELECT r.ctid, r.entity, r.record_id, r.row_version, r.fields, r.updated_by"
                             " FROM ld.record r WHERE (r.entity, r.record_id) >"
                             " (current_setting ('ld.bootstrap_entity'), current_setting ('ld.bootstrap_record'))"
                             " ORDER BY r.entity, r.record_id) TO STDOUT");
}

/* The COPY in the table's order, after the last tuple id copied. */
static PGresult *
copy_by_tuple (LdSyncEngine  *self,
               Bootstrap     *b,
               GError       **error)
{
  g_autofree char *relation = NULL;
  const char *values[1];
  g_autoptr(PGresult) set = NULL;

  if (!query_text (self, "SELECT pg_relation_filenode('ld.record')::text", &relation, error))
    return NULL;
  /* The table was rewritten since: its tuple ids say nothing any more. */
  if (g_strcmp0 (relation, b->relation) != 0)
    g_clear_pointer (&b->after_tid, g_free);
  g_free (b->relation);
  b->relation = g_steal_pointer (&relation);
  /* COPY takes no parameters: the tuple id to go on after is bound to a
   * transaction-local setting, which the constant statement reads. */
  values[0] = b->after_tid ? b->after_tid : BOOTSTRAP_FIRST_TID;
  set = PQexecParams (self->conn, "SELECT set_config ('ld.bootstrap_after_tid', $1, true)", 1, NULL, values, NULL,
                      NULL, 0);
  if (PQresultStatus (set) != PGRES_TUPLES_OK)
    {
      ld_sync_server_set_error (error, self->conn, set, _("copying the server's records"));
      return NULL;
    }
  return PQexec (self->conn, "COPY (SELECT r.ctid, r.entity, r.record_id, r.row_version, r.fields, r.updated_by"
                             " FROM ld.record r WHERE r.ctid > current_setting ('ld.bootstrap_after_tid')::tid)"
                             " TO STDOUT");
}

/* Starts the COPY of the records after where @b stands, in a snapshot of its
 * own; the first snapshot sets the horizon. A scan in the table's order must
 * return the rows in that order: no scan joining another one midway
 * (synchronised scans), no parallel workers. */
static gboolean
start_bootstrap_copy (LdSyncEngine  *self,
                      Bootstrap     *b,
                      GError       **error)
{
  g_autoptr(PGresult) copy = NULL;

  if (!exec_server (self, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET LOCAL synchronize_seqscans = off;"
                          " SET LOCAL max_parallel_workers_per_gather = 0", error))
    return FALSE;
  if (b->xid == NULL && !query_text (self, "SELECT pg_snapshot_xmin(pg_current_snapshot())::text", &b->xid, error))
    return FALSE;
  copy = b->by_key ? copy_by_key (self, b, error) : copy_by_tuple (self, b, error);
  if (copy == NULL)
    return FALSE;
  if (PQresultStatus (copy) != PGRES_COPY_OUT)
    {
      ld_sync_server_set_error (error, self->conn, copy, _("copying the server's records"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
save_bootstrap (LdSyncEngine  *self,
                Bootstrap     *b,
                gboolean       whole,
                GError       **error)
{
  g_autofree char *at = ld_store_now_utc ();
  sqlite3_stmt *stmt = ld_store_prepare (self->store,
    "UPDATE sync_state SET bootstrap_xid = CASE WHEN ?4 THEN NULL ELSE ?1 END, bootstrap_entity = ?2,"
    " bootstrap_record = ?3, bootstrapped_at = CASE WHEN ?4 THEN ?5 END,"
    " bootstrap_after_tid = CASE WHEN ?4 THEN NULL ELSE ?6 END,"
    " bootstrap_relation = CASE WHEN ?4 THEN NULL ELSE ?7 END,"
    " watermark_xid = CASE WHEN ?4 THEN ?1 ELSE watermark_xid END,"
    " watermark_seq = CASE WHEN ?4 THEN 0 ELSE watermark_seq END,"
    " last_pull_at = ?5, last_error = NULL", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, b->xid);
  ld_store_bind_text (stmt, 2, b->entity);
  ld_store_bind_text (stmt, 3, b->record);
  sqlite3_bind_int (stmt, 4, whole);
  ld_store_bind_text (stmt, 5, at);
  ld_store_bind_text (stmt, 6, b->after_tid);
  ld_store_bind_text (stmt, 7, b->relation);
  return ld_store_step_done (self->store, stmt, error);
}

/* One copied row into the server copy, with the statement the page reuses;
 * *@out_newer when the row was newer than the desk's copy of it. */
static gboolean
keep_copied_row (LdSyncEngine  *self,
                 sqlite3_stmt  *insert,
                 CopyRow       *row,
                 gboolean      *out_newer,
                 GError       **error)
{
  int rc;

  sqlite3_bind_text (insert, 1, row->columns[1], -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, row->columns[2], -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 3, g_ascii_strtoll (row->columns[3], NULL, 10));
  sqlite3_bind_text (insert, 4, row->columns[4], -1, SQLITE_STATIC);
  rc = sqlite3_step (insert);
  *out_newer = rc == SQLITE_DONE && sqlite3_changes (sqlite3_db_handle (insert)) > 0;
  sqlite3_reset (insert);
  if (rc != SQLITE_DONE)
    {
      ld_store_set_error (self->store, error, rc, _("keeping the server's copy of a record"));
      return FALSE;
    }
  return TRUE;
}

/* A chunk's rows into the server copy, then those newer than it into their
 * registers, as a pulled change is (apply_record()), but under one
 * savepoint for the chunk (ld_pulled_apply_many()): each record still gets
 * its register's audited write, its own audit entry naming the login that
 * last changed it on the server, and no outbox row. */
static gboolean
apply_copied_rows (LdSyncEngine  *self,
                   sqlite3_stmt  *insert,
                   CopyChunk     *chunk,
                   guint          first,
                   LdSyncStats   *stats,
                   GError       **error)
{
  g_autoptr(GArray) items = g_array_sized_new (FALSE, TRUE, sizeof (LdPulledItem), chunk->rows->len - first);
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_free);

  for (guint i = first; i < chunk->rows->len; i++)
    {
      CopyRow *row = &g_array_index (chunk->rows, CopyRow, i);
      gboolean newer = FALSE;
      LdPulledItem item = { 0 };
      char *action;

      if (!keep_copied_row (self, insert, row, &newer, error))
        return FALSE;
      if (!newer || self->actor == NULL || !ld_pulled_entity_is_held (row->columns[1]))
        continue;
      /* The record's row does not keep the desk, only the login. */
      action = g_strdup_printf ("pull-bootstrap from %s", row->columns[5]);
      g_ptr_array_add (actions, action);
      item.entity = row->columns[1];
      item.record_id = row->columns[2];
      item.image_json = row->columns[4];
      item.action = action;
      g_array_append_val (items, item);
    }
  if (!ld_pulled_apply_many (self->store, self->actor, (LdPulledItem *) items->data, items->len, error))
    return FALSE;
  for (guint i = 0; i < items->len; i++)
    {
      LdPulledOutcome outcome = g_array_index (items, LdPulledItem, i).outcome;

      if (outcome == LD_PULLED_APPLIED)
        stats->applied_locally++;
      else if (outcome == LD_PULLED_DEFERRED)
        stats->deferred++;
    }
  return TRUE;
}

#define BOOTSTRAP_UPSERT_TAIL \
  " ON CONFLICT (entity, record_id) DO UPDATE SET row_version = excluded.row_version, fields = excluded.fields" \
  " WHERE excluded.row_version > sync_record.row_version"
#define BOOTSTRAP_UPSERT_SQL "INSERT INTO sync_record (entity, record_id, row_version, fields) VALUES (?,?,?,?)" \
  BOOTSTRAP_UPSERT_TAIL
/* Rows per statement when the copy only keeps the server's copy. */
#define BOOTSTRAP_BATCH_ROWS 32

/* The statement for BOOTSTRAP_BATCH_ROWS rows at once: one step instead of
 * one per row. Its text depends on the constant alone, never on data. */
static const char *
batch_upsert_sql (void)
{
  static gsize sql = 0;

  if (g_once_init_enter (&sql))
    {
      GString *text = g_string_new ("INSERT INTO sync_record (entity, record_id, row_version, fields) VALUES ");

      for (guint i = 0; i < BOOTSTRAP_BATCH_ROWS; i++)
        g_string_append (text, i == 0 ? "(?,?,?,?)" : ",(?,?,?,?)");
      g_string_append (text, BOOTSTRAP_UPSERT_TAIL);
      g_once_init_leave (&sql, (gsize) g_string_free (text, FALSE));
    }
  return (const char *) sql;
}

/* BOOTSTRAP_BATCH_ROWS rows of @chunk from @first into the server copy, for
 * a desk that writes nothing of them into its registers. */
static gboolean
upsert_batch (LdSyncEngine  *self,
              sqlite3_stmt  *batch,
              CopyChunk     *chunk,
              guint          first,
              GError       **error)
{
  int rc;

  for (guint i = 0; i < BOOTSTRAP_BATCH_ROWS; i++)
    {
      CopyRow *row = &g_array_index (chunk->rows, CopyRow, first + i);
      int at = (int) i * 4;

      sqlite3_bind_text (batch, at + 1, row->columns[1], -1, SQLITE_STATIC);
      sqlite3_bind_text (batch, at + 2, row->columns[2], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (batch, at + 3, g_ascii_strtoll (row->columns[3], NULL, 10));
      sqlite3_bind_text (batch, at + 4, row->columns[4], -1, SQLITE_STATIC);
    }
  rc = sqlite3_step (batch);
  sqlite3_reset (batch);
  if (rc != SQLITE_DONE)
    {
      ld_store_set_error (self->store, error, rc, _("keeping the server's copy of a record"));
      return FALSE;
    }
  return TRUE;
}

/* A chunk into the server copy (and the registers, under one savepoint,
 * when the desk fills them); the bindings, which point into its rows,
 * cleared after. */
static gboolean
apply_chunk (LdSyncEngine  *self,
             sqlite3_stmt  *insert,
             sqlite3_stmt  *batch,
             CopyChunk     *chunk,
             LdSyncStats   *stats,
             GError       **error)
{
  guint i = 0;
  gboolean ok = TRUE;

  if (self->actor == NULL)
    for (; ok && i + BOOTSTRAP_BATCH_ROWS <= chunk->rows->len; i += BOOTSTRAP_BATCH_ROWS)
      ok = upsert_batch (self, batch, chunk, i, error);
  if (ok && i < chunk->rows->len)
    ok = apply_copied_rows (self, insert, chunk, i, stats, error);
  sqlite3_clear_bindings (insert);
  sqlite3_clear_bindings (batch);
  return ok;
}

/* Writes chunks until a page's worth of rows or the COPY's end, with how
 * far the copy got, in one local transaction. *@out_last once the COPY has
 * ended and the page holds its last rows. */
static gboolean
apply_bootstrap_page (LdSyncEngine  *self,
                      Bootstrap     *b,
                      CopyReader    *reader,
                      gboolean      *out_last,
                      LdSyncStats   *stats,
                      GError       **error)
{
  sqlite3_stmt *insert, *batch;
  guint rows = 0;

  if (!ld_store_begin (self->store, error))
    return FALSE;
  insert = ld_store_prepare (self->store, BOOTSTRAP_UPSERT_SQL, error);
  batch = insert ? ld_store_prepare (self->store, batch_upsert_sql (), error) : NULL;
  if (batch == NULL)
    return store_failed (self->store, error);
  while (!*out_last && rows < (self->actor != NULL ? BOOTSTRAP_REGISTER_PAGE_ROWS : BOOTSTRAP_PAGE_ROWS))
    {
      g_autoptr(CopyChunk) chunk = copy_reader_next (reader, out_last, error);

      if (chunk == NULL || !apply_chunk (self, insert, batch, chunk, stats, error))
        return store_failed (self->store, error);
      if (chunk->after_tid != NULL)
        {
          g_free (b->after_tid);
          g_free (b->entity);
          g_free (b->record);
          b->after_tid = b->by_key ? NULL : g_steal_pointer (&chunk->after_tid);
          b->entity = g_steal_pointer (&chunk->entity);
          b->record = g_steal_pointer (&chunk->record);
        }
      rows += chunk->rows->len;
      stats->pulled += chunk->rows->len;
      stats->bootstrapped += chunk->rows->len;
    }
  if (!save_bootstrap (self, b, *out_last, error))
    return store_failed (self->store, error);
  return ld_store_commit (self->store, error);
}

/* Writes the pages as the reader parses them; FALSE when the desk stopped
 * (a fault), the COPY failed or the store did. */
static gboolean
apply_copied_pages (LdSyncEngine  *self,
                    Bootstrap     *b,
                    CopyReader    *reader,
                    LdSyncStats   *stats,
                    GError       **error)
{
  gboolean last = FALSE;

  for (guint page = 0; !last; page++)
    {
      if (page > 0 && fault_here (self, LD_SYNC_FAULT_MID_BOOTSTRAP))
        {
          g_set_error (error, LD_SYNC_ERROR, LD_SYNC_ERROR_INTERRUPTED, _("The desk stopped %s."),
                       _("in the middle of copying the server's records"));
          return FALSE;
        }
      if (!apply_bootstrap_page (self, b, reader, &last, stats, error))
        return FALSE;
    }
  return TRUE;
}

/* The first copy of the server, or the rest of an interrupted one: one COPY
 * stream, applied page by page as it comes. */
static gboolean
bootstrap (LdSyncEngine  *self,
           LdSyncStats   *stats,
           GError       **error)
{
  Bootstrap b = { 0 };
  CopyReader reader;
  gboolean ok;

  if (!read_bootstrap (self, &b, error))
    return FALSE;
  if (!b.needed)
    {
      bootstrap_clear (&b);
      return TRUE;
    }
  /* Records written into the registers must come in key order (a case
   * before what names it); that costs the server an index scan, small next
   * to writing the registers. The server copy alone takes any order. */
  b.by_key = self->actor != NULL;
  if (!start_bootstrap_copy (self, &b, error))
    {
      bootstrap_clear (&b);
      ld_sync_engine_disconnect (self);
      return FALSE;
    }
  copy_reader_start (&reader, self->conn, !b.by_key);
  ok = apply_copied_pages (self, &b, &reader, stats, error);
  copy_reader_finish (&reader);
  bootstrap_clear (&b);
  /* The COPY's transaction ends with it; a copy left halfway ends with the
   * connection. */
  if (ok && exec_server (self, "COMMIT", error))
    return TRUE;
  ld_sync_engine_disconnect (self);
  return FALSE;
}

/**
 * ld_sync_engine_pull:
 *
 * Applies every change the server committed since the watermark to the desk's
 * copy (sync_record), page by page, each page with its watermark in one local
 * transaction.
 */
gboolean
ld_sync_engine_pull (LdSyncEngine  *self,
                     LdSyncStats   *stats,
                     GError       **error)
{
  g_return_val_if_fail (LD_IS_SYNC_ENGINE (self), FALSE);

  if (!ld_sync_engine_connect (self, error))
    return FALSE;
  find_desk_profile (self);
  if (!bootstrap (self, stats, error))
    return FALSE;
  for (;;)
    {
      Watermark mark = { 0 };
      g_autoptr(PGresult) rows = NULL;
      int n;

      if (!read_watermark (self, &mark, error))
        return FALSE;
      rows = read_changes (self, &mark, error);
      g_free (mark.xid);
      if (rows == NULL)
        {
          ld_sync_engine_disconnect (self);
          return FALSE;
        }
      n = PQntuples (rows);
      if (!apply_page (self, rows, stats, error))
        return FALSE;
      stats->pulled += n;
      if (n < PULL_PAGE_ROWS)
        return TRUE;
    }
}

gboolean
ld_sync_engine_sync (LdSyncEngine  *self,
                     LdSyncStats   *stats,
                     GError       **error)
{
  return ld_sync_engine_push (self, stats, error) && ld_sync_engine_pull (self, stats, error);
}

/**
 * ld_sync_engine_listen:
 *
 * Asks the server to tell this connection when something commits (LISTEN),
 * once per connection. Call it before a pull that a wait will follow, so
 * that nothing committing between the two goes unnoticed.
 */
gboolean
ld_sync_engine_listen (LdSyncEngine  *self,
                       GError       **error)
{
  if (!ld_sync_engine_connect (self, error))
    return FALSE;
  if (!self->listening)
    {
      if (!exec_server (self, "LISTEN ld_change", error))
        return FALSE;
      self->listening = TRUE;
    }
  return TRUE;
}

static gboolean
take_notifications (LdSyncEngine *self)
{
  PGnotify *notify;
  gboolean notified = FALSE;

  while ((notify = PQnotifies (self->conn)) != NULL)
    {
      notified = TRUE;
      PQfreemem (notify);
    }
  return notified;
}

/**
 * ld_sync_engine_wait_for_change_or_fd:
 * @timeout_ms: how long to wait at most
 * @wake_fd: a descriptor that ends the wait when readable (the caller drains
 *   it), or -1
 *
 * Waits for the server's notification that something committed (LISTEN);
 * one that came while the connection was busy (a pull) counts at once.
 *
 * Returns: %TRUE when notified, %FALSE on timeout, on @wake_fd or on error
 *   (@error set then)
 */
gboolean
ld_sync_engine_wait_for_change_or_fd (LdSyncEngine  *self,
                                      int            timeout_ms,
                                      int            wake_fd,
                                      GError       **error)
{
  struct pollfd fds[2] = { { 0 } };

  if (!ld_sync_engine_listen (self, error))
    return FALSE;
  if (take_notifications (self))
    return TRUE;
  fds[0].fd = PQsocket (self->conn);
  fds[0].events = POLLIN;
  fds[1].fd = wake_fd;
  fds[1].events = POLLIN;
  if (poll (fds, wake_fd >= 0 ? 2 : 1, timeout_ms) > 0 && (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) &&
      PQconsumeInput (self->conn) != 1)
    {
      ld_sync_server_set_error (error, self->conn, NULL, _("waiting for changes"));
      ld_sync_engine_disconnect (self);
      return FALSE;
    }
  return take_notifications (self);
}

/**
 * ld_sync_engine_wait_for_change:
 * @timeout_ms: how long to wait
 *
 * As ld_sync_engine_wait_for_change_or_fd() with nothing else to wake it.
 */
gboolean
ld_sync_engine_wait_for_change (LdSyncEngine  *self,
                                int            timeout_ms,
                                GError       **error)
{
  return ld_sync_engine_wait_for_change_or_fd (self, timeout_ms, -1, error);
}

/* Keeps the last failure's sentence for the status (never a password: the
 * messages name the server without one). */
void
ld_sync_engine_record_error (LdSyncEngine *self,
                             const GError *failure)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  if (!ld_store_begin (self->store, &error))
    return;
  stmt = ld_store_prepare (self->store, "UPDATE sync_state SET last_error = ?", &error);
  if (stmt == NULL)
    {
      ld_store_rollback (self->store);
      return;
    }
  ld_store_bind_text (stmt, 1, failure->message);
  if (!ld_store_step_done (self->store, stmt, &error) || !ld_store_commit (self->store, &error))
    ld_store_rollback (self->store);
}

/* ---- object -------------------------------------------------------------- */

static void
ld_sync_engine_finalize (GObject *object)
{
  LdSyncEngine *self = LD_SYNC_ENGINE (object);

  ld_sync_engine_disconnect (self);
  if (self->password)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self->uri);
  g_free (self->desk_id);
  g_free (self->login);
  g_clear_pointer (&self->actor, ld_actor_free);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (ld_sync_engine_parent_class)->finalize (object);
}

static void
ld_sync_engine_class_init (LdSyncEngineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ld_sync_engine_finalize;
}

static void
ld_sync_engine_init (LdSyncEngine *self)
{
}

/**
 * ld_sync_engine_new:
 * @uri: the server, postgresql://LOGIN@HOST:PORT/DATABASE, without a password
 * @password: (nullable): the login's password (from the keyring or --password-fd)
 *
 * An engine for @store. Nothing connects until the first push or pull.
 */
LdSyncEngine *
ld_sync_engine_new (LdStore    *store,
                    const char *uri,
                    const char *password)
{
  LdSyncEngine *self = g_object_new (LD_TYPE_SYNC_ENGINE, NULL);
  g_autoptr(GError) error = NULL;

  self->store = g_object_ref (store);
  self->uri = g_strdup (uri);
  self->password = g_strdup (password);
  self->login = ld_sync_server_login (uri);
  self->desk_id = ld_store_get_store_id (store, &error);
  if (self->desk_id == NULL)
    self->desk_id = g_strdup (ld_store_get_path (store));
  return self;
}

void
ld_sync_engine_set_fault_func (LdSyncEngine    *self,
                               LdSyncFaultFunc  func,
                               gpointer         user_data)
{
  self->fault_func = func;
  self->fault_data = user_data;
}

/* ---- status -------------------------------------------------------------- */

/**
 * ld_sync_status_read:
 *
 * What the Central database section and `sync` show: pending changes, open
 * conflicts, the last push and pull, the last error.
 */
gboolean
ld_sync_status_read (LdStore       *store,
                     LdSyncStatus  *status,
                     GError       **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  memset (status, 0, sizeof *status);
  if (!ld_store_begin_read (store, error))
    return FALSE;
  stmt = ld_store_prepare (store,
    "SELECT (SELECT count(*) FROM outbox WHERE pushed_at IS NULL),"
    " (SELECT count(*) FROM sync_conflict WHERE resolved_at IS NULL AND outcome != 'notice'),"
    " (SELECT count(*) FROM sync_record),"
    " last_push_at, last_pull_at, last_error, server, login,"
    " (SELECT count(*) FROM sync_conflict WHERE resolved_at IS NULL AND outcome = 'notice') FROM sync_state", error);
  ok = stmt && sqlite3_step (stmt) == SQLITE_ROW;
  if (ok)
    {
      status->pending = sqlite3_column_int64 (stmt, 0);
      status->open_conflicts = sqlite3_column_int64 (stmt, 1);
      status->records = sqlite3_column_int64 (stmt, 2);
      status->last_push_at = ld_store_column_dup (stmt, 3);
      status->last_pull_at = ld_store_column_dup (stmt, 4);
      status->last_error = ld_store_column_dup (stmt, 5);
      status->server = ld_store_column_dup (stmt, 6);
      status->login = ld_store_column_dup (stmt, 7);
      status->open_notices = sqlite3_column_int64 (stmt, 8);
      sqlite3_reset (stmt);
    }
  ld_store_rollback (store);
  if (!ok && error && *error == NULL)
    g_set_error_literal (error, LD_SYNC_ERROR, LD_SYNC_ERROR_STORE, _("The desk's sync state could not be read."));
  return ok;
}

void
ld_sync_status_clear (LdSyncStatus *status)
{
  g_clear_pointer (&status->last_push_at, g_free);
  g_clear_pointer (&status->last_pull_at, g_free);
  g_clear_pointer (&status->last_error, g_free);
  g_clear_pointer (&status->server, g_free);
  g_clear_pointer (&status->login, g_free);
}

void
ld_sync_conflict_free (LdSyncConflict *conflict)
{
  g_free (conflict->mutation_id);
  g_free (conflict->entity);
  g_free (conflict->record_id);
  g_free (conflict->action);
  g_free (conflict->outcome);
  g_free (conflict->detail);
  g_free (conflict->base);
  g_free (conflict->mine);
  g_free (conflict->theirs);
  g_free (conflict->recorded_at);
  g_free (conflict);
}

#define CONFLICT_COLUMNS "entity, record_id, action, outcome, detail, base, mine, theirs, recorded_at, mutation_id"

static LdSyncConflict *
conflict_from_row (sqlite3_stmt *stmt)
{
  LdSyncConflict *c = g_new0 (LdSyncConflict, 1);

  c->entity = ld_store_column_dup (stmt, 0);
  c->record_id = ld_store_column_dup (stmt, 1);
  c->action = ld_store_column_dup (stmt, 2);
  c->outcome = ld_store_column_dup (stmt, 3);
  c->detail = ld_store_column_dup (stmt, 4);
  c->base = ld_store_column_dup (stmt, 5);
  c->mine = ld_store_column_dup (stmt, 6);
  c->theirs = ld_store_column_dup (stmt, 7);
  c->recorded_at = ld_store_column_dup (stmt, 8);
  c->mutation_id = ld_store_column_dup (stmt, 9);
  return c;
}

/**
 * ld_sync_conflicts_list:
 * @limit: at most this many, newest first
 *
 * Returns: (transfer full) (element-type LdSyncConflict): the changes the
 *   server did not apply as made and nobody has resolved yet
 */
GPtrArray *
ld_sync_conflicts_list (LdStore  *store,
                        guint     limit,
                        GError  **error)
{
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_sync_conflict_free);
  sqlite3_stmt *stmt;

  if (!ld_store_begin_read (store, error))
    return NULL;
  stmt = ld_store_prepare (store,
    "SELECT " CONFLICT_COLUMNS " FROM sync_conflict"
    " WHERE resolved_at IS NULL ORDER BY recorded_at DESC, rowid DESC LIMIT ?", error);
  if (stmt == NULL)
    {
      ld_store_rollback (store);
      return NULL;
    }
  sqlite3_bind_int (stmt, 1, limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (conflicts, conflict_from_row (stmt));
  sqlite3_reset (stmt);
  ld_store_rollback (store);
  return g_steal_pointer (&conflicts);
}

/* ---- the outbox ------------------------------------------------------------ */

void
ld_sync_pending_free (LdSyncPending *pending)
{
  if (pending == NULL)
    return;
  g_free (pending->mutation_id);
  g_free (pending->entity);
  g_free (pending->record_id);
  g_free (pending->action);
  g_free (pending->created_at);
  g_free (pending->actor);
  g_free (pending->label);
  g_free (pending);
}

/**
 * ld_sync_outbox_list:
 * @limit: at most this many, newest first
 *
 * The changes recorded at this desk that the server has not received yet,
 * each with who made it: the audit entry written in the same transaction
 * (same record, action and time) names the officer; and the record as
 * officers name it (a case's reference, a licence's number).
 *
 * Returns: (transfer full) (element-type LdSyncPending): the changes
 */
GPtrArray *
ld_sync_outbox_list (LdStore  *store,
                     guint     limit,
                     GError  **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_sync_pending_free);
  sqlite3_stmt *stmt;

  if (!ld_store_begin_read (store, error))
    return NULL;
  stmt = ld_store_prepare (store,
    "SELECT o.mutation_id, o.entity, o.record_id, o.action, o.created_at,"
    " (SELECT coalesce(p.display_name, a.actor_login) FROM audit_log a"
    "  LEFT JOIN user_profile p ON p.login = a.actor_login"
    "  WHERE a.entity = o.entity AND a.record_id = o.record_id AND a.action = o.action AND a.at = o.created_at"
    "  ORDER BY a.seq DESC LIMIT 1),"
    " CASE o.entity"
    "  WHEN 'broker' THEN (SELECT coalesce(b.registration_number || ' ' || b.legal_name, b.legal_name)"
    "                      FROM broker b WHERE b.id = o.record_id)"
    "  WHEN 'application' THEN (SELECT c.reference FROM application c WHERE c.id = o.record_id)"
    "  WHEN 'euc' THEN (SELECT e.certificate_number FROM euc e WHERE e.id = o.record_id)"
    "  WHEN 'licence' THEN (SELECT l.licence_number FROM licence l WHERE l.id = o.record_id)"
    "  WHEN 'user_profile' THEN (SELECT u.display_name || ' (' || u.login || ')' FROM user_profile u"
    "                            WHERE u.id = o.record_id)"
    "  WHEN 'broker_person' THEN (SELECT bp.full_name || ', ' || b.legal_name FROM broker_person bp"
    "                             JOIN broker b ON b.id = bp.broker_id WHERE bp.id = o.record_id)"
    "  WHEN 'broker_authorisation' THEN (SELECT coalesce(ba.number, ba.activity || ', ' || b.legal_name)"
    "                                    FROM broker_authorisation ba JOIN broker b ON b.id = ba.broker_id"
    "                                    WHERE ba.id = o.record_id)"
    "  WHEN 'attachment' THEN (SELECT t.file_name FROM attachment t WHERE t.id = o.record_id)"
    "  WHEN 'euc_authority' THEN (SELECT ea.name FROM euc_authority ea WHERE ea.id = o.record_id)"
    "  WHEN 'euc_signatory' THEN (SELECT es.name FROM euc_signatory es WHERE es.id = o.record_id)"
    "  WHEN 'denial' THEN (SELECT d.reference || ' ' || d.party_name FROM denial d WHERE d.id = o.record_id)"
    "  WHEN 'shipment' THEN (SELECT sh.customs_reference FROM shipment sh WHERE sh.id = o.record_id)"
    " END"
    " FROM outbox o WHERE o.pushed_at IS NULL ORDER BY o.seq DESC LIMIT ?", error);
  if (stmt == NULL)
    {
      ld_store_rollback (store);
      return NULL;
    }
  sqlite3_bind_int (stmt, 1, limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      LdSyncPending *pending = g_new0 (LdSyncPending, 1);

      pending->mutation_id = ld_store_column_dup (stmt, 0);
      pending->entity = ld_store_column_dup (stmt, 1);
      pending->record_id = ld_store_column_dup (stmt, 2);
      pending->action = ld_store_column_dup (stmt, 3);
      pending->created_at = ld_store_column_dup (stmt, 4);
      pending->actor = ld_store_column_dup (stmt, 5);
      pending->label = ld_store_column_dup (stmt, 6);
      g_ptr_array_add (rows, pending);
    }
  sqlite3_reset (stmt);
  ld_store_rollback (store);
  return g_steal_pointer (&rows);
}

/* ---- resolving a conflict ------------------------------------------------ */

/* Call inside a transaction or a read. */
static LdSyncConflict *
find_open_conflict (LdStore     *store,
                    const char  *mutation_id,
                    GError     **error)
{
  LdSyncConflict *conflict = NULL;
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT " CONFLICT_COLUMNS " FROM sync_conflict WHERE mutation_id = ? AND resolved_at IS NULL", error);

  if (stmt == NULL)
    return NULL;
  ld_store_bind_text (stmt, 1, mutation_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    conflict = conflict_from_row (stmt);
  sqlite3_reset (stmt);
  if (conflict == NULL)
    g_set_error (error, LD_SYNC_ERROR, LD_SYNC_ERROR_STORE,
                 _("This conflict is no longer open: someone resolved it already. Refresh the list."));
  return conflict;
}

/**
 * ld_sync_conflict_find:
 *
 * Returns: (transfer full) (nullable): the open conflict of @mutation_id
 */
LdSyncConflict *
ld_sync_conflict_find (LdStore     *store,
                       const char  *mutation_id,
                       GError     **error)
{
  LdSyncConflict *conflict;

  if (!ld_store_begin_read (store, error))
    return NULL;
  conflict = find_open_conflict (store, mutation_id, error);
  ld_store_rollback (store);
  return conflict;
}

/* Call inside a transaction or a read. */
static char *
latest_theirs (LdStore               *store,
               const LdSyncConflict  *conflict,
               GError               **error)
{
  char *fields = NULL;
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT fields FROM sync_record WHERE entity = ? AND record_id = ?", error);

  if (stmt == NULL)
    return NULL;
  ld_store_bind_text (stmt, 1, conflict->entity);
  ld_store_bind_text (stmt, 2, conflict->record_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    fields = ld_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return fields ? fields : g_strdup (conflict->theirs);
}

/**
 * ld_sync_conflict_latest_theirs:
 *
 * Returns: (transfer full) (nullable): the server's record as this desk last
 *   received it (newer than the conflict's own when the server changed it
 *   since), which a resolution starts from
 */
char *
ld_sync_conflict_latest_theirs (LdStore               *store,
                                const LdSyncConflict  *conflict,
                                GError               **error)
{
  char *theirs;

  if (!ld_store_begin_read (store, error))
    return NULL;
  theirs = latest_theirs (store, conflict, error);
  ld_store_rollback (store);
  return theirs;
}

static gboolean
same_json (const char *a,
           const char *b)
{
  g_autoptr(JsonNode) x = a ? json_from_string (a, NULL) : NULL;
  g_autoptr(JsonNode) y = b ? json_from_string (b, NULL) : NULL;

  return x && y && json_node_equal (x, y);
}

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonNode) node = json ? json_from_string (json, NULL) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return json_object_new ();
  return json_object_ref (json_node_get_object (node));
}

/* The server's record with the fields the person kept from the desk's
 * version (a field the desk's version lacks is removed). */
static char *
merge_images (const char         *theirs,
              const char         *mine,
              const char * const *mine_fields,
              gboolean           *out_differs)
{
  g_autoptr(JsonObject) result = parse_object (theirs);
  g_autoptr(JsonObject) ours = parse_object (mine);
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  for (guint i = 0; mine_fields && mine_fields[i]; i++)
    {
      JsonNode *value = json_object_get_member (ours, mine_fields[i]);

      if (value)
        json_object_set_member (result, mine_fields[i], json_node_copy (value));
      else
        json_object_remove_member (result, mine_fields[i]);
    }
  json_node_set_object (root, result);
  text = json_to_string (root, FALSE);
  *out_differs = !same_json (text, theirs);
  return g_steal_pointer (&text);
}

/* The same record apart from its version counter, which each desk advanced
 * on its own. */
static gboolean
same_fields (const char *a,
             const char *b)
{
  g_autoptr(JsonObject) x = parse_object (a);
  g_autoptr(JsonObject) y = parse_object (b);
  g_autoptr(JsonNode) xn = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) yn = json_node_new (JSON_NODE_OBJECT);

  json_object_remove_member (x, "row_version");
  json_object_remove_member (y, "row_version");
  json_node_set_object (xn, x);
  json_node_set_object (yn, y);
  return json_node_equal (xn, yn);
}

/* The chosen version is a new version of the record: a form still open on
 * the server's one sees the change when it saves. */
static char *
next_version (const char *image)
{
  g_autoptr(JsonObject) object = parse_object (image);
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonNode *version = json_object_get_member (object, "row_version");

  if (version && JSON_NODE_HOLDS_VALUE (version) && json_node_get_value_type (version) == G_TYPE_INT64)
    json_object_set_int_member (object, "row_version", json_node_get_int (version) + 1);
  json_node_set_object (root, object);
  return json_to_string (root, FALSE);
}

static gboolean
mark_resolved (LdStore     *store,
               const char  *mutation_id,
               const char  *resolution,
               GError     **error)
{
  g_autofree char *at = ld_store_now_utc ();
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "UPDATE sync_conflict SET resolved_at = ?, resolution = ? WHERE mutation_id = ? AND resolved_at IS NULL", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, at);
  ld_store_bind_text (stmt, 2, resolution);
  ld_store_bind_text (stmt, 3, mutation_id);
  return ld_store_step_done (store, stmt, error);
}

/* The person's version: into the register and the outbox, on the server's
 * record as base so the server applies it without a new conflict. */
static gboolean
queue_choice (LdStore              *store,
              const LdActor        *actor,
              const LdSyncConflict *conflict,
              const char           *action,
              const char           *theirs,
              const char           *chosen,
              GError              **error)
{
  LdPulledOutcome outcome;

  if (!ld_pulled_apply (store, actor, LD_PULLED_LOCAL_CHOICE, action, conflict->entity, conflict->record_id, chosen,
                        &outcome, error))
    return FALSE;
  if (outcome != LD_PULLED_NOT_HELD)
    return TRUE;
  /* A record no register of this desk holds: the choice goes to the server. */
  return ld_store_record_change (store, actor, action, conflict->entity, conflict->record_id, 0, theirs, chosen,
                                 error);
}

/* The server holds nothing of the record (a new one it refused, such as a
 * shipment beyond its licence, which the desk has withdrawn): taking the
 * server's side is acknowledging the refusal, audited. */
static gboolean
acknowledge_refusal (LdStore               *store,
                     const LdActor         *actor,
                     const LdSyncConflict  *conflict,
                     char                 **out_resolution,
                     GError               **error)
{
  /* A notice (a record the server renumbered) changes nothing when read. */
  gboolean notice = g_str_equal (conflict->outcome, "notice");

  ld_store_set_from_server (store, TRUE);
  if (!mark_resolved (store, conflict->mutation_id, notice ? "acknowledged" : "theirs", error) ||
      !ld_store_record_change (store, actor, notice ? "acknowledge-notice" : "resolve-take-theirs",
                               conflict->entity, conflict->record_id, 0, conflict->mine, NULL, error))
    {
      ld_store_set_from_server (store, FALSE);
      return store_failed (store, error);
    }
  ld_store_set_from_server (store, FALSE);
  if (!ld_store_commit (store, error))
    return FALSE;
  if (out_resolution)
    *out_resolution = g_strdup (notice ? "acknowledged" : "theirs");
  return TRUE;
}

/**
 * ld_sync_conflict_resolve:
 * @actor: the person at the desk who chose
 * @mutation_id: the conflict (the desk's change the server did not apply)
 * @mine_fields: (nullable) (array zero-terminated=1): the fields to keep from
 *   the desk's version; every other field is the server's. %NULL or empty
 *   takes the server's version.
 * @out_resolution: (out) (optional): "theirs", "mine" or "merged"
 *
 * Resolves a conflict in one local transaction: the register's record
 * becomes the server's version, then, when the person kept any of the desk's
 * fields, the chosen version, queued for the server on the server's record as
 * base. Both steps are audited; the conflict is closed with the choice.
 */
gboolean
ld_sync_conflict_resolve (LdStore             *store,
                          const LdActor       *actor,
                          const char          *mutation_id,
                          const char * const  *mine_fields,
                          char               **out_resolution,
                          GError             **error)
{
  g_autoptr(LdSyncConflict) conflict = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *chosen = NULL;
  const char *resolution;
  gboolean differs = FALSE;
  LdPulledOutcome outcome;

  g_return_val_if_fail (LD_IS_STORE (store), FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);

  if (!ld_store_begin (store, error))
    return FALSE;
  conflict = find_open_conflict (store, mutation_id, error);
  if (conflict == NULL)
    return store_failed (store, error);
  if (g_str_equal (conflict->outcome, "notice"))
    return acknowledge_refusal (store, actor, conflict, out_resolution, error);
  theirs = latest_theirs (store, conflict, error);
  if (theirs == NULL && error && *error)
    return store_failed (store, error);
  if (theirs == NULL)
    return acknowledge_refusal (store, actor, conflict, out_resolution, error);
  chosen = merge_images (theirs, conflict->mine, mine_fields, &differs);
  resolution = !differs ? "theirs" : same_fields (chosen, conflict->mine) ? "mine" : "merged";
  if (differs)
    {
      g_autofree char *unversioned = g_steal_pointer (&chosen);

      chosen = next_version (unversioned);
    }
  if (!mark_resolved (store, mutation_id, resolution, error))
    return store_failed (store, error);
  if (!ld_pulled_apply (store, actor, LD_PULLED_TAKEN_FROM_SERVER, "resolve-take-theirs", conflict->entity,
                        conflict->record_id, theirs, &outcome, error))
    return store_failed (store, error);
  if (differs)
    {
      const char *action = g_str_equal (resolution, "mine") ? "resolve-keep-mine" : "resolve-merge";

      if (!queue_choice (store, actor, conflict, action, theirs, chosen, error))
        return store_failed (store, error);
    }
  else if (outcome != LD_PULLED_APPLIED)
    {
      /* The register already held the server's version (or holds no such
       * records): the choice itself is still audited. */
      ld_store_set_from_server (store, TRUE);
      if (!ld_store_record_change (store, actor, "resolve-take-theirs", conflict->entity, conflict->record_id, 0,
                                   conflict->mine, theirs, error))
        return store_failed (store, error);
      ld_store_set_from_server (store, FALSE);
    }
  if (!ld_store_commit (store, error))
    return FALSE;
  if (out_resolution)
    *out_resolution = g_strdup (resolution);
  return TRUE;
}
