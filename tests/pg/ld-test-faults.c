/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "ld-audit-log.h"
#include "ld-sync-server.h"
#include "ld-test-desk.h"
#include "ld-test-faults.h"
#include "ld-test-pg.h"
#include "ld-test-relay.h"

#define PASSWORD "fault-pass-2026"
#define N_DESKS 4
#define N_RECORDS 3
#define NO_FAULT -1

typedef struct
{
  LdTestDesk *desk;
  char       *uri;
  guint       index;
  int         armed;     /* the LdSyncFault to stop at next, or NO_FAULT */
  guint       counter;   /* the last value this desk wrote in its own field */
  guint       fired;
} Desk;

typedef struct
{
  LdTestPg       *server;
  LdTestRelay    *relay;
  GRand          *rand;
  Desk            desks[N_DESKS];
  guint           down_steps;
  gboolean        server_restarts;  /* whether a step may stop and start the server */
  LdFaultFigures *figures;
} Run;

static gboolean
fault_cb (LdSyncFault fault,
          gpointer    user_data)
{
  Desk *d = user_data;

  if (d->armed != (int) fault)
    return FALSE;
  d->armed = NO_FAULT;
  d->fired++;
  return TRUE;
}

static void
attach_engine (Desk *d)
{
  ld_sync_engine_set_fault_func (d->desk->engine, fault_cb, d);
}

/* ---- the steps of a schedule --------------------------------------------- */

static void
step_write (Run   *run,
            Desk  *d,
            guint  schedule)
{
  g_autofree char *id = g_strdup_printf ("s%u-r%d", schedule, g_rand_int_range (run->rand, 0, N_RECORDS));
  g_autofree char *base = ld_test_desk_view (d->desk, "note", id);
  g_autoptr(JsonNode) node = base ? json_from_string (base, NULL) : json_node_init_object (json_node_alloc (),
                                                                                          json_object_new ());
  JsonObject *fields = json_node_get_object (node);
  g_autofree char *own = g_strdup_printf ("d%u", d->index);
  g_autofree char *after = NULL;

  json_object_set_int_member (fields, own, ++d->counter);
  if (g_rand_double (run->rand) < 0.35)
    json_object_set_string_member (fields, "shared", own);
  if (g_rand_double (run->rand) < 0.35)
    json_object_set_int_member (fields, "shared_n", d->counter);
  after = json_to_string (node, FALSE);
  g_free (ld_test_desk_write (d->desk, "note", id, base ? "update" : "create", base, after));
}

static void
step_issue (Run   *run,
            Desk  *d,
            guint  schedule)
{
  g_autofree char *id = g_strdup_printf ("s%u-lic-d%u-%u", schedule, d->index, ++d->counter);

  g_free (ld_test_desk_write (d->desk, "licence", id, "issue", NULL,
                              "{\"kind\":\"export\",\"lines\":[{\"line\":1,\"quantity\":4,\"shipped\":0}]}"));
}

/* A shipment of 1 to 3 under a licence of the schedule the desk knows:
 * desks shipping against one licence between syncs exceed its 4, and the
 * server must refuse what would. */
static void
step_ship (Run   *run,
           Desk  *d,
           guint  schedule)
{
  /* The schedule's licences the desk knows: pulled, or issued here. */
  g_autofree char *pattern = g_strdup_printf ("s%u-lic-%%", schedule);
  gint64 known = ld_test_desk_count_with (d->desk, "SELECT count(*) FROM (SELECT record_id FROM sync_record"
                                          " WHERE entity = 'licence' AND record_id LIKE ?1 UNION SELECT record_id"
                                          " FROM outbox WHERE entity = 'licence' AND action = 'issue'"
                                          " AND record_id LIKE ?1)", pattern, NULL);
  g_autofree char *offset = NULL, *licence = NULL, *id = NULL, *image = NULL;

  if (known == 0)
    return;
  offset = g_strdup_printf ("%d", g_rand_int_range (run->rand, 0, known));
  licence = ld_test_desk_text_with (d->desk, "SELECT record_id FROM sync_record WHERE entity = 'licence'"
                                    " AND record_id LIKE ?1 UNION SELECT record_id FROM outbox"
                                    " WHERE entity = 'licence' AND action = 'issue' AND record_id LIKE ?1"
                                    " ORDER BY record_id LIMIT 1 OFFSET CAST (?2 AS INTEGER)", pattern, offset, NULL);
  id = g_strdup_printf ("s%u-shp-d%u-%u", schedule, d->index, ++d->counter);
  image = g_strdup_printf ("{\"id\":\"%s\",\"licence_id\":\"%s\",\"customs_reference\":\"%s\","
                           "\"shipped_on\":\"2026-03-01\",\"voided_at\":null,"
                           "\"lines\":[{\"line\":1,\"quantity\":%d}],\"serials\":[]}",
                           id, licence, id, g_rand_int_range (run->rand, 1, 4));
  g_free (ld_test_desk_write (d->desk, "shipment", id, "shipment-record", NULL, image));
}

static void
step_sync (Run  *run,
           Desk *d)
{
  LdSyncStats stats = { 0 };
  g_autoptr(GError) error = NULL;

  d->armed = g_rand_double (run->rand) < 0.4 ? g_rand_int_range (run->rand, 0, 3) : NO_FAULT;
  ld_sync_engine_sync (d->desk->engine, &stats, &error);
  d->armed = NO_FAULT;
}

/* An old mutation pushed again, after newer ones: a duplicate, out of order. */
static void
step_replay (Run  *run,
             Desk *d)
{
  gint64 pushed = ld_test_desk_count (d->desk, "SELECT count(*) FROM outbox WHERE pushed_at IS NOT NULL");
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  if (pushed == 0)
    return;
  g_assert_true (ld_store_begin (d->desk->store, &error));
  stmt = ld_store_prepare (d->desk->store, "UPDATE outbox SET pushed_at = NULL WHERE seq = (SELECT seq FROM outbox"
                           " WHERE pushed_at IS NOT NULL ORDER BY seq LIMIT 1 OFFSET ?1)", &error);
  g_assert_no_error (error);
  sqlite3_bind_int (stmt, 1, g_rand_int_range (run->rand, 0, pushed));
  g_assert_true (ld_store_step_done (d->desk->store, stmt, &error));
  g_assert_true (ld_store_commit (d->desk->store, &error));
  run->figures->replays++;
}

static void
step (Run   *run,
      guint  schedule)
{
  Desk *d = &run->desks[g_rand_int_range (run->rand, 0, N_DESKS)];
  double p = g_rand_double (run->rand);

  if (run->down_steps > 0 && --run->down_steps == 0)
    ld_test_relay_set_down (run->relay, FALSE);
  if (p < 0.35)
    step_write (run, d, schedule);
  else if (p < 0.45)
    step_ship (run, d, schedule);
  else if (p < 0.50)
    step_issue (run, d, schedule);
  else if (p < 0.80)
    step_sync (run, d);
  else if (p < 0.86)
    run->figures->cuts += ld_test_relay_cut (run->relay) > 0;
  else if (p < 0.89 && run->down_steps == 0)
    {
      ld_test_relay_set_down (run->relay, TRUE);
      run->down_steps = g_rand_int_range (run->rand, 1, 6);
    }
  else if (p < 0.93)
    step_replay (run, d);
  else if (p < 0.945 && run->server_restarts)
    {
      /* The server stops (as in a crash) and starts again. */
      ld_test_pg_stop (run->server);
      ld_test_pg_restart (run->server);
      run->figures->restarts++;
    }
  else
    {
      /* The desk's process stops and starts again. */
      ld_test_desk_reopen (d->desk, d->uri, PASSWORD);
      attach_engine (d);
    }
}

/* ---- drain and check ----------------------------------------------------- */

static gboolean
sync_round (Run *run)
{
  gboolean clean = TRUE;

  for (guint i = 0; i < N_DESKS; i++)
    {
      LdSyncStats stats = { 0 };
      g_autoptr(GError) error = NULL;

      if (!ld_sync_engine_sync (run->desks[i].desk->engine, &stats, &error) || stats.pushed > 0)
        clean = FALSE;
    }
  return clean;
}

/* The link comes back: every outbox empties and every desk catches up. */
static void
drain (Run *run)
{
  gint64 start = g_get_monotonic_time ();
  gdouble seconds;
  guint rounds = 0;

  run->down_steps = 0;
  ld_test_relay_set_down (run->relay, FALSE);
  while (!sync_round (run))
    g_assert_cmpuint (++rounds, <, 50);
  seconds = (g_get_monotonic_time () - start) / (gdouble) G_USEC_PER_SEC;
  run->figures->max_drain_seconds = MAX (run->figures->max_drain_seconds, seconds);
  run->figures->total_drain_seconds += seconds;
}

typedef struct
{
  char *outcome;
  int   logged;
} ServerAnswer;

static void
server_answer_free (ServerAnswer *a)
{
  g_free (a->outcome);
  g_free (a);
}

static GHashTable *
read_ledger (PGconn *owner,
             guint   schedule)
{
  GHashTable *ledger = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) server_answer_free);
  g_autofree char *prefix = g_strdup_printf ("s%u-%%", schedule);
  const char *values[] = { prefix };
  g_autoptr(PGresult) rows = PQexecParams (owner,
    "SELECT l.mutation_id::text, l.outcome, (SELECT count(*) FROM ld.change_log c WHERE c.mutation_id = l.mutation_id"
    " AND c.record_id = l.record_id)"
    " FROM ld.mutation_ledger l WHERE l.record_id LIKE $1", 1, NULL, values, NULL, NULL, 0);

  g_assert_cmpint (PQresultStatus (rows), ==, PGRES_TUPLES_OK);
  for (int i = 0; i < PQntuples (rows); i++)
    {
      ServerAnswer *a = g_new0 (ServerAnswer, 1);

      a->outcome = g_strdup (PQgetvalue (rows, i, 1));
      a->logged = atoi (PQgetvalue (rows, i, 2));
      g_hash_table_insert (ledger, g_strdup (PQgetvalue (rows, i, 0)), a);
    }
  return ledger;
}

static char *
server_copy (PGconn *owner,
             guint   schedule)
{
  g_autofree char *prefix = g_strdup_printf ("s%u-%%", schedule);
  const char *values[] = { prefix };
  g_autoptr(PGresult) rows = PQexecParams (owner,
    "SELECT coalesce(string_agg(entity || '/' || record_id || '/' || row_version || '/' || fields::text, E'\\n'"
    " ORDER BY entity, record_id), '') FROM ld.record WHERE record_id LIKE $1", 1, NULL, values, NULL, NULL, 0);

  g_assert_cmpint (PQresultStatus (rows), ==, PGRES_TUPLES_OK);
  return g_strdup (PQgetvalue (rows, 0, 0));
}

static char *
desk_copy (Desk  *d,
           guint  schedule)
{
  g_autofree char *pattern = g_strdup_printf ("s%u-%%", schedule);

  return ld_test_desk_text_with (d->desk, "SELECT coalesce(group_concat(line, char(10)), '') FROM (SELECT entity"
                                 " || '/' || record_id || '/' || row_version || '/' || fields AS line FROM sync_record"
                                 " WHERE record_id LIKE ?1 ORDER BY entity, record_id)", pattern, NULL);
}

/* The value of @key in a JSON object text, as text ("" when absent). */
static char *
member_text (const char *json,
             const char *key)
{
  g_autoptr(JsonNode) node = json ? json_from_string (json, NULL) : NULL;
  JsonObject *o = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *member = o ? json_object_get_member (o, key) : NULL;

  if (member == NULL)
    return g_strdup ("");
  return json_to_string (member, FALSE);
}

/* Every mutation of the desk this schedule: answered once by the server, with
 * the same answer the desk recorded, never logged twice; a conflict or
 * refusal listed at the desk. The desk's own field on each record holds the
 * last value it changed in an applied mutation. */
static void
check_desk (Run        *run,
            Desk       *d,
            GHashTable *ledger,
            PGconn     *owner,
            guint       schedule)
{
  g_autoptr(GHashTable) expected_own = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *own = g_strdup_printf ("d%u", d->index);
  g_autofree char *pattern = g_strdup_printf ("s%u-%%", schedule);
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key, value;
  sqlite3_stmt *stmt;

  g_assert_true (ld_store_begin_read (d->desk->store, &error));
  stmt = ld_store_prepare (d->desk->store, "SELECT mutation_id, push_outcome, record_id, base_payload, payload,"
                           " (SELECT count(*) FROM sync_conflict c WHERE c.mutation_id = o.mutation_id)"
                           " FROM outbox o WHERE record_id LIKE ?1 ORDER BY seq", &error);
  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *mutation_id = (const char *) sqlite3_column_text (stmt, 0);
      const char *outcome = (const char *) sqlite3_column_text (stmt, 1);
      const char *record_id = (const char *) sqlite3_column_text (stmt, 2);
      const char *base = (const char *) sqlite3_column_text (stmt, 3);
      const char *mine = (const char *) sqlite3_column_text (stmt, 4);
      ServerAnswer *answer = g_hash_table_lookup (ledger, mutation_id);
      g_autofree char *mine_own = member_text (mine, own);
      g_autofree char *base_own = member_text (base, own);

      run->figures->mutations++;
      if (answer == NULL)
        {
          run->figures->lost++;
          continue;
        }
      if (answer->logged > 1)
        run->figures->duplicated++;
      if (g_strcmp0 (answer->outcome, outcome) != 0)
        run->figures->diverged_desks++;
      if (strstr (record_id, "-shp-") != NULL)
        {
          run->figures->shipments++;
          run->figures->shipments_refused += g_str_equal (answer->outcome, "refused");
        }
      if (g_str_equal (answer->outcome, "applied"))
        run->figures->applied++;
      else
        {
          if (g_str_equal (answer->outcome, "conflict"))
            run->figures->conflicts++;
          else
            run->figures->refused++;
          g_assert_cmpint (sqlite3_column_int (stmt, 5), ==, 1);
        }
      if (g_str_equal (answer->outcome, "applied") && !g_str_equal (mine_own, base_own) && *mine_own)
        g_hash_table_insert (expected_own, g_strdup (record_id), g_strdup (mine_own));
    }
  sqlite3_reset (stmt);
  ld_store_rollback (d->desk->store);

  g_hash_table_iter_init (&iter, expected_own);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *values[] = { key, own };
      g_autoptr(PGresult) held = PQexecParams (owner, "SELECT fields->$2 FROM ld.record WHERE record_id = $1", 2,
                                               NULL, values, NULL, NULL, 0);

      g_assert_cmpint (PQntuples (held), ==, 1);
      if (g_strcmp0 (PQgetvalue (held, 0, 0), value) != 0)
        {
          g_test_message ("desk %u's change %s of %s was lost (server holds %s)", d->index, (char *) value,
                          (char *) key, PQgetvalue (held, 0, 0));
          run->figures->lost++;
        }
    }
}

/* No licence's line shipped beyond its quantity by the shipments in force of
 * every desk, and each licence's record holds what they shipped. */
static void
check_shipments (PGconn *owner,
                 guint   schedule)
{
  g_autofree char *prefix = g_strdup_printf ("s%u-lic-%%", schedule);
  const char *values[] = { prefix };
  g_autoptr(PGresult) rows = PQexecParams (owner,
    "SELECT count(*) FROM ld.record l, jsonb_array_elements(coalesce(l.fields->'lines', '[]')) AS e (line)"
    " LEFT JOIN ld.shipped_by_line(l.record_id, NULL) b ON b.line = (e.line->>'line')::integer"
    " WHERE l.entity = 'licence' AND l.record_id LIKE $1"
    " AND (coalesce(b.shipped, 0) > (e.line->>'quantity')::bigint"
    "      OR coalesce(b.shipped, 0) <> coalesce((e.line->>'shipped')::bigint, 0))", 1, NULL, values, NULL, NULL, 0);

  g_assert_cmpint (PQresultStatus (rows), ==, PGRES_TUPLES_OK);
  g_assert_cmpstr (PQgetvalue (rows, 0, 0), ==, "0");
}

static void
check_schedule (Run   *run,
                guint  schedule)
{
  g_autoptr(PGconn) owner = ld_test_pg_connect_owner (run->server);
  g_autoptr(GHashTable) ledger = read_ledger (owner, schedule);
  g_autofree char *server = server_copy (owner, schedule);

  check_shipments (owner, schedule);
  for (guint i = 0; i < N_DESKS; i++)
    {
      g_autofree char *copy = desk_copy (&run->desks[i], schedule);

      check_desk (run, &run->desks[i], ledger, owner, schedule);
      if (g_strcmp0 (copy, server) != 0)
        {
          g_test_message ("desk %u differs from the server:\n%s\n--- server:\n%s", i, copy, server);
          run->figures->diverged_desks++;
        }
    }
}

/* Every series: as many numbers as issued, none twice, none skipped. */
static void
check_numbers (Run *run)
{
  g_autoptr(PGconn) owner = ld_test_pg_connect_owner (run->server);
  g_autofree char *bad = ld_test_pg_query_text (owner,
    "SELECT count(*) FROM (SELECT series FROM ld.number_issued GROUP BY series"
    " HAVING count(*) <> max(number) OR count(DISTINCT number) <> count(*)) AS gaps");
  g_autofree char *issued = ld_test_pg_query_text (owner, "SELECT count(*) FROM ld.number_issued");
  g_autofree char *distinct = ld_test_pg_query_text (owner, "SELECT count(DISTINCT fields->>'licence_number') "
                                                            "FROM ld.record WHERE entity = 'licence'");

  g_assert_cmpstr (bad, ==, "0");
  g_assert_cmpstr (issued, ==, distinct);
  run->figures->licences = atoi (issued);
}

/* The sync wrote nothing into the desks' audit chains, and broke none. */
static void
check_audit_chains (Run *run)
{
  for (guint i = 0; i < N_DESKS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LdAuditReport) report = ld_audit_log_verify (run->desks[i].desk->store, NULL, &error);

      g_assert_no_error (error);
      for (guint k = 0; k < report->findings->len; k++)
        {
          LdAuditFinding *f = g_ptr_array_index (report->findings, k);

          g_assert_cmpint (f->kind, !=, LD_AUDIT_FINDING_ENTRY_CHANGED);
          g_assert_cmpint (f->kind, !=, LD_AUDIT_FINDING_CHAIN_BROKEN);
          g_assert_cmpint (f->kind, !=, LD_AUDIT_FINDING_MAC_WRONG);
          g_assert_cmpint (f->kind, !=, LD_AUDIT_FINDING_DOWNGRADED);
        }
    }
}

/* ---- the run ------------------------------------------------------------- */

static void
start_run (Run            *run,
           guint32         seed,
           LdFaultFigures *figures)
{
  run->figures = figures;
  run->rand = g_rand_new_with_seed (seed);
  run->server = ld_test_pg_start ();
  ld_test_pg_install_schema (run->server);
  run->relay = ld_test_relay_new (ld_test_pg_port (run->server));
  for (guint i = 0; i < N_DESKS; i++)
    {
      Desk *d = &run->desks[i];
      g_autofree char *login = g_strdup_printf ("desk%u", i);

      ld_test_pg_add_login (run->server, login, PASSWORD, "ld_senior");
      d->index = i;
      d->armed = NO_FAULT;
      d->uri = ld_test_pg_uri (run->server, login, ld_test_relay_port (run->relay));
      d->desk = ld_test_desk_new (login, d->uri, PASSWORD);
      attach_engine (d);
    }
}

static void
end_run (Run *run)
{
  for (guint i = 0; i < N_DESKS; i++)
    {
      run->figures->faults += run->desks[i].fired;
      ld_test_desk_free (run->desks[i].desk);
      g_free (run->desks[i].uri);
    }
  ld_test_relay_free (run->relay);
  ld_test_pg_free (run->server);
  g_rand_free (run->rand);
}

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *value = g_getenv (name);

  return value && *value ? (guint) g_ascii_strtoull (value, NULL, 10) : fallback;
}

/* A long run (LD_FAULT_PROGRESS=N) says every N schedules how far it got, so
 * a run stopped early still has figures. */
static void
report_progress (const LdFaultFigures *f,
                 guint32               seed)
{
  guint every = env_uint ("LD_FAULT_PROGRESS", 0);

  if (every == 0 || f->schedules % every != 0)
    return;
  g_printerr ("# seed %u: %u schedules done, %u mutations, lost %u, duplicated %u, desks differing %u\n", seed,
              f->schedules, f->mutations, f->lost, f->duplicated, f->diverged_desks);
}

static void
run_schedules (guint32         seed,
               guint           schedules,
               guint           steps,
               gboolean        server_restarts,
               LdFaultFigures *figures)
{
  Run run = { .server_restarts = server_restarts };

  memset (figures, 0, sizeof *figures);
  start_run (&run, seed, figures);
  for (guint s = 0; s < schedules; s++)
    {
      for (guint k = 0; k < steps; k++)
        step (&run, s);
      drain (&run);
      check_schedule (&run, s);
      figures->schedules++;
      report_progress (figures, seed);
    }
  check_numbers (&run);
  check_audit_chains (&run);
  end_run (&run);
}

void
ld_test_faults_run (guint32         seed,
                    guint           schedules,
                    guint           steps,
                    LdFaultFigures *figures)
{
  run_schedules (seed, schedules, steps, TRUE, figures);
}

/**
 * ld_test_faults_run_short:
 *
 * As ld_test_faults_run(), but no step stops the server (a restart takes
 * about a second): the desks still stop at the worst moments, restart, lose
 * their link and push old mutations again, so many schedules fit in a test.
 */
void
ld_test_faults_run_short (guint32         seed,
                          guint           schedules,
                          guint           steps,
                          LdFaultFigures *figures)
{
  run_schedules (seed, schedules, steps, FALSE, figures);
}

/* The pg suite's run: a few schedules, so CI stays quick; the seed printed. */
void
ld_test_faults_run_default (void)
{
  guint32 seed = env_uint ("LD_FAULT_SEED", g_random_int ());
  guint schedules = env_uint ("LD_FAULT_SCHEDULES", 12);
  LdFaultFigures f;

  g_test_message ("fault schedules: seed %u (replay with LD_FAULT_SEED=%u), %u schedules", seed, seed, schedules);
  g_printerr ("# seed %u\n", seed);
  ld_test_faults_run (seed, schedules, 40, &f);
  g_test_message ("%u mutations: %u applied, %u conflicts, %u refused; lost %u, duplicated %u, desks differing %u; "
                  "%u faults, %u cuts, %u server restarts, %u replays, %u licences, %u shipments (%u refused); drain at "
                  "most %.3f s", f.mutations, f.applied, f.conflicts, f.refused, f.lost, f.duplicated,
                  f.diverged_desks, f.faults, f.cuts, f.restarts, f.replays, f.licences, f.shipments,
                  f.shipments_refused, f.max_drain_seconds);
  g_assert_cmpuint (f.schedules, ==, schedules);
  g_assert_cmpuint (f.mutations, >, 0);
  g_assert_cmpuint (f.lost, ==, 0);
  g_assert_cmpuint (f.duplicated, ==, 0);
  g_assert_cmpuint (f.diverged_desks, ==, 0);
  g_assert_cmpuint (f.faults, >, 0);
}

/* Many short schedules (LD_FAULT_SHORT_SCHEDULES, default 1,000, what issue
 * 13 asks of the suite) of 12 steps each, the server left running: about
 * 5.5 minutes on two cores shared with other work (load 8-10). */
void
ld_test_faults_run_many (void)
{
  guint32 seed = env_uint ("LD_FAULT_SEED", g_random_int ());
  guint schedules = env_uint ("LD_FAULT_SHORT_SCHEDULES", 1000);
  LdFaultFigures f;

  g_printerr ("# seed %u\n", seed);
  ld_test_faults_run_short (seed, schedules, 12, &f);
  g_test_message ("%u short schedules (seed %u): %u mutations: %u applied, %u conflicts, %u refused; lost %u, "
                  "duplicated %u, desks differing %u; %u faults, %u cuts, %u replays, %u licences, %u shipments (%u "
                  "refused); drain at most %.3f s", f.schedules, seed, f.mutations, f.applied, f.conflicts, f.refused,
                  f.lost, f.duplicated, f.diverged_desks, f.faults, f.cuts, f.replays, f.licences, f.shipments,
                  f.shipments_refused, f.max_drain_seconds);
  g_assert_cmpuint (f.schedules, ==, schedules);
  g_assert_cmpuint (f.mutations, >, 0);
  g_assert_cmpuint (f.lost, ==, 0);
  g_assert_cmpuint (f.duplicated, ==, 0);
  g_assert_cmpuint (f.diverged_desks, ==, 0);
  g_assert_cmpuint (f.faults, >, 0);
}
