/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Desks' sync engines against a real PostgreSQL 15 this test starts: push
 * and pull, disjoint changes merged, conflicts listed with base, mine and
 * theirs, retries that apply nothing twice, a late-committing transaction
 * that is not skipped, and `init-server` / `sync` from the command line. */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <gio/gio.h>

#include "ld-sync-loop.h"
#include "ld-sync-server.h"
#include "ld-test-desk.h"
#include "ld-test-pg.h"
#include "ld-test-util.h"

#define PASSWORD "desk-pass-2026"

static LdTestPg *server;

static LdTestDesk *
desk_as (const char *login)
{
  g_autofree char *uri = ld_test_pg_uri (server, login, 0);

  return ld_test_desk_new (login, uri, PASSWORD);
}

static char *
server_text (const char *sql)
{
  g_autoptr(PGconn) owner = ld_test_pg_connect_owner (server);

  return ld_test_pg_query_text (owner, sql);
}

/* @sql with $1 bound to @value, on the server. */
static char *
server_text_of (const char *sql,
                const char *value)
{
  g_autoptr(PGconn) owner = ld_test_pg_connect_owner (server);

  return ld_test_pg_query_text_with (owner, sql, value, NULL);
}

static char *
server_fields (const char *entity,
               const char *record_id)
{
  g_autoptr(PGconn) owner = ld_test_pg_connect_owner (server);

  return ld_test_pg_query_text_with (owner, "SELECT fields::text FROM ld.record WHERE entity = $1 AND record_id = $2",
                                     entity, record_id, NULL);
}

/* JSON texts compared as values, whatever their spacing and member order. */
static void
assert_same_json (const char *a,
                  const char *b)
{
  g_autoptr(JsonNode) x = json_from_string (a, NULL);
  g_autoptr(JsonNode) y = json_from_string (b, NULL);

  g_assert_nonnull (x);
  g_assert_nonnull (y);
  if (!json_node_equal (x, y))
    g_error ("%s differs from %s", a, b);
}

static void
test_push_and_pull (void)
{
  g_autoptr(LdTestDesk) a = desk_as ("senior1");
  g_autoptr(LdTestDesk) b = desk_as ("senior2");
  g_autofree char *mutation = ld_test_desk_write (a, "broker", "br-1", "create", NULL,
                                                  "{\"legal_name\":\"Alpha Arms\",\"country\":\"NO\"}");
  g_autofree char *seen = NULL, *stored = NULL, *outcome = NULL, *ledger = NULL;

  g_assert_cmpint (ld_test_desk_count (a, "SELECT count(*) FROM outbox WHERE pushed_at IS NULL"), ==, 1);
  ld_test_desk_sync (a);
  ld_test_desk_sync (b);
  g_assert_cmpint (ld_test_desk_count (a, "SELECT count(*) FROM outbox WHERE pushed_at IS NULL"), ==, 0);
  outcome = ld_test_desk_text (a, "SELECT push_outcome FROM outbox");
  g_assert_cmpstr (outcome, ==, "applied");
  seen = ld_test_desk_view (b, "broker", "br-1");
  stored = server_fields ("broker", "br-1");
  assert_same_json (seen, "{\"legal_name\":\"Alpha Arms\",\"country\":\"NO\"}");
  assert_same_json (stored, seen);
  ledger = server_text ("SELECT outcome || ',' || login FROM ld.mutation_ledger WHERE record_id = 'br-1'");
  g_assert_cmpstr (ledger, ==, "applied,senior1");
  g_assert_cmpstr (mutation, !=, NULL);
}

/* Two desks change one record from the same base: different fields merge;
 * the same field to different values is a conflict, listed at the desk that
 * came second with base, mine and theirs. */
static void
test_merge_and_conflict (void)
{
  g_autoptr(LdTestDesk) a = desk_as ("senior1");
  g_autoptr(LdTestDesk) b = desk_as ("senior2");
  const char *base = "{\"legal_name\":\"Beta\",\"city\":\"Oslo\",\"phone\":\"1\"}";
  g_autofree char *merged = NULL, *view_a = NULL, *view_b = NULL, *conflict = NULL, *theirs = NULL;

  g_free (ld_test_desk_write (a, "broker", "br-2", "create", NULL, base));
  ld_test_desk_sync (a);
  ld_test_desk_sync (b);

  g_free (ld_test_desk_write (a, "broker", "br-2", "update", base,
                              "{\"legal_name\":\"Beta\",\"city\":\"Bergen\",\"phone\":\"1\"}"));
  g_free (ld_test_desk_write (b, "broker", "br-2", "update", base,
                              "{\"legal_name\":\"Beta Ltd\",\"city\":\"Oslo\",\"phone\":\"1\"}"));
  ld_test_desk_sync (a);
  ld_test_desk_sync (b);
  merged = server_fields ("broker", "br-2");
  assert_same_json (merged, "{\"legal_name\":\"Beta Ltd\",\"city\":\"Bergen\",\"phone\":\"1\"}");
  g_assert_cmpint (ld_test_desk_count (b, "SELECT count(*) FROM sync_conflict"), ==, 0);

  ld_test_desk_sync (a);
  g_free (ld_test_desk_write (a, "broker", "br-2", "update", merged,
                              "{\"legal_name\":\"Beta Ltd\",\"city\":\"Bergen\",\"phone\":\"2\"}"));
  g_free (ld_test_desk_write (b, "broker", "br-2", "update", merged,
                              "{\"legal_name\":\"Beta Ltd\",\"city\":\"Bergen\",\"phone\":\"3\"}"));
  ld_test_desk_sync (a);
  ld_test_desk_sync (b);
  ld_test_desk_sync (a);
  conflict = ld_test_desk_text (b, "SELECT outcome || '|' || detail FROM sync_conflict");
  g_assert_cmpstr (conflict, ==, "conflict|phone");
  theirs = ld_test_desk_text (b, "SELECT theirs FROM sync_conflict");
  assert_same_json (theirs, "{\"legal_name\":\"Beta Ltd\",\"city\":\"Bergen\",\"phone\":\"2\"}");
  g_assert_cmpint (ld_test_desk_count (b, "SELECT count(*) FROM sync_conflict WHERE base IS NOT NULL AND mine LIKE "
                                          "'%\"3\"%'"), ==, 1);
  /* The conflict is not applied: every desk holds the server's copy. */
  view_a = ld_test_desk_view (a, "broker", "br-2");
  view_b = ld_test_desk_text (b, "SELECT fields FROM sync_record WHERE record_id = 'br-2'");
  assert_same_json (view_a, view_b);
  assert_same_json (view_b, "{\"legal_name\":\"Beta Ltd\",\"city\":\"Bergen\",\"phone\":\"2\"}");
}

static gboolean
fail_at (LdSyncFault fault,
         gpointer    user_data)
{
  return (int) fault == GPOINTER_TO_INT (user_data);
}

/* Stopped after the server committed and before the desk recorded it, the
 * desk sends again and the ledger answers: applied once. Stopped mid-push,
 * nothing reached the server. */
static void
test_retry_applies_nothing_twice (void)
{
  g_autoptr(LdTestDesk) a = desk_as ("senior1");
  g_autoptr(GError) error = NULL;
  LdSyncStats stats = { 0 };
  g_autofree char *first = NULL, *second = NULL, *logged = NULL, *none = NULL;
  const char *logged_sql = "SELECT count(*) FROM ld.change_log WHERE mutation_id = $1";
  const char *ledger_sql = "SELECT count(*) FROM ld.mutation_ledger WHERE mutation_id = $1";

  first = ld_test_desk_write (a, "broker", "br-3", "create", NULL, "{\"legal_name\":\"Gamma\"}");
  ld_sync_engine_set_fault_func (a->engine, fail_at, GINT_TO_POINTER (LD_SYNC_FAULT_AFTER_SERVER_COMMIT));
  g_assert_false (ld_sync_engine_push (a->engine, &stats, &error));
  g_assert_error (error, LD_SYNC_ERROR, LD_SYNC_ERROR_INTERRUPTED);
  g_clear_error (&error);
  g_assert_cmpint (ld_test_desk_count (a, "SELECT count(*) FROM outbox WHERE pushed_at IS NULL"), ==, 1);

  ld_sync_engine_set_fault_func (a->engine, NULL, NULL);
  ld_test_desk_sync (a);
  g_assert_cmpint (ld_test_desk_count (a, "SELECT count(*) FROM outbox WHERE pushed_at IS NULL"), ==, 0);
  logged = server_text_of (logged_sql, first);
  g_assert_cmpstr (logged, ==, "1");

  /* A lost acknowledgement, replayed by hand: still once. */
  g_assert_true (ld_store_begin (a->store, &error));
  g_assert_true (ld_store_exec (a->store, "UPDATE outbox SET pushed_at = NULL", &error));
  g_assert_true (ld_store_commit (a->store, &error));
  ld_test_desk_sync (a);
  g_free (logged);
  logged = server_text_of (logged_sql, first);
  g_assert_cmpstr (logged, ==, "1");

  second = ld_test_desk_write (a, "broker", "br-4", "create", NULL, "{\"legal_name\":\"Delta\"}");
  ld_sync_engine_set_fault_func (a->engine, fail_at, GINT_TO_POINTER (LD_SYNC_FAULT_MID_PUSH));
  g_assert_false (ld_sync_engine_push (a->engine, &stats, &error));
  g_clear_error (&error);
  none = server_text_of (ledger_sql, second);
  g_assert_cmpstr (none, ==, "0");
  ld_sync_engine_set_fault_func (a->engine, NULL, NULL);
  ld_test_desk_sync (a);
  g_free (none);
  none = server_text_of (ledger_sql, second);
  g_assert_cmpstr (none, ==, "1");
}

/* Many local transactions go in one server transaction, each mutation
 * answered on its own and in the desk's order (an edit after the create of
 * the same record). A payload the server cannot read makes the server refuse
 * the batch: it is sent again one transaction at a time, and only that
 * transaction is rejected. */
static void
test_batched_push (void)
{
  g_autoptr(LdTestDesk) a = desk_as ("senior1");
  g_autoptr(GError) error = NULL;
  LdSyncStats stats = { 0 };
  g_autofree char *edited = NULL, *version = NULL, *unreadable = NULL, *ledger = NULL, *outcome = NULL;
  g_autofree char *later = NULL;

  g_free (ld_test_desk_write (a, "note", "batch-1", "create", NULL, "{\"text\":\"one\"}"));
  g_free (ld_test_desk_write (a, "note", "batch-1", "edit", "{\"text\":\"one\"}", "{\"text\":\"two \\\" quoted\"}"));
  unreadable = ld_test_desk_write (a, "note", "batch-3", "create", NULL, "{\"text\":\"three\"}");
  g_free (ld_test_desk_write (a, "note", "batch-4", "create", NULL, "{\"text\":\"four\"}"));
  g_assert_true (ld_store_begin (a->store, &error));
  g_assert_true (ld_store_exec (a->store, "UPDATE outbox SET payload = 'not json' WHERE record_id = 'batch-3'",
                                &error));
  g_assert_true (ld_store_commit (a->store, &error));

  g_assert_true (ld_sync_engine_push (a->engine, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.pushed, ==, 4);
  g_assert_cmpuint (stats.applied, ==, 3);
  g_assert_cmpuint (stats.refused, ==, 1);
  edited = server_fields ("note", "batch-1");
  assert_same_json (edited, "{\"text\":\"two \\\" quoted\"}");
  version = server_text ("SELECT row_version FROM ld.record WHERE record_id = 'batch-1'");
  g_assert_cmpstr (version, ==, "2");
  ledger = server_text ("SELECT count(*) FROM ld.mutation_ledger WHERE record_id IN ('batch-3', 'batch-4')");
  g_assert_cmpstr (ledger, ==, "1");
  outcome = ld_test_desk_text_with (a, "SELECT push_outcome FROM outbox WHERE mutation_id = ?1", unreadable, NULL);
  g_assert_cmpstr (outcome, ==, "rejected");
  g_assert_cmpint (ld_test_desk_count (a, "SELECT count(*) FROM sync_conflict WHERE record_id = 'batch-3'"), ==, 1);

  /* Three local transactions, one server transaction. */
  memset (&stats, 0, sizeof stats);
  for (int i = 5; i < 8; i++)
    {
      g_autofree char *id = g_strdup_printf ("batch-%d", i);

      g_free (ld_test_desk_write (a, "note", id, "create", NULL, "{\"text\":\"more\"}"));
    }
  g_assert_true (ld_sync_engine_push (a->engine, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.pushed, ==, 3);
  g_assert_cmpuint (stats.applied, ==, 3);
  g_assert_cmpuint (stats.transactions, ==, 1);
  later = server_text ("SELECT count(DISTINCT xid) || ',' || count(*) FROM ld.change_log"
                       " WHERE record_id IN ('batch-5', 'batch-6', 'batch-7')");
  g_assert_cmpstr (later, ==, "1,3");
  g_assert_cmpint (ld_test_desk_count (a, "SELECT count(*) FROM outbox WHERE pushed_at IS NULL"), ==, 0);
}

/* A transaction that began first and commits last is read when it commits:
 * the watermark never passes a transaction still running. */
static void
test_late_commit_is_not_skipped (void)
{
  g_autoptr(LdTestDesk) a = desk_as ("senior1");
  g_autoptr(LdTestDesk) b = desk_as ("senior2");
  g_autofree char *uri = ld_test_pg_uri (server, "senior1", 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) slow = ld_sync_server_connect (uri, PASSWORD, &error);
  g_autoptr(PGresult) pushed = NULL;
  g_autofree char *late = NULL, *early = NULL;

  g_assert_no_error (error);
  ld_test_desk_sync (b);
  ld_test_pg_exec (slow, "BEGIN");
  pushed = PQexec (slow, "SELECT * FROM ld.push_mutation(gen_random_uuid(), 'slow-desk', 'tx', 'broker', 'br-late', "
                         "'create', NULL, '{\"legal_name\":\"Late\"}')");
  g_assert_cmpint (PQresultStatus (pushed), ==, PGRES_TUPLES_OK);
  g_free (ld_test_desk_write (a, "broker", "br-early", "create", NULL, "{\"legal_name\":\"Early\"}"));
  ld_test_desk_sync (a);
  ld_test_desk_sync (b);
  /* br-early committed, but above a transaction still running: not yet. */
  early = ld_test_desk_view (b, "broker", "br-early");
  g_assert_null (early);
  ld_test_pg_exec (slow, "COMMIT");
  ld_test_desk_sync (b);
  early = ld_test_desk_view (b, "broker", "br-early");
  late = ld_test_desk_view (b, "broker", "br-late");
  g_assert_nonnull (early);
  g_assert_nonnull (late);
}

/* A legal act the server refuses is listed with its reason, not applied. */
static void
test_refused_act_is_listed (void)
{
  g_autoptr(LdTestDesk) a = desk_as ("senior1");
  g_autofree char *refusal = NULL, *status = NULL;

  g_free (ld_test_desk_write (a, "application", "case-1", "create", NULL, "{\"status\":\"draft\"}"));
  g_free (ld_test_desk_write (a, "application", "case-1", "submit", NULL, "{}"));
  g_free (ld_test_desk_write (a, "application", "case-1", "assess", NULL, "{}"));
  g_free (ld_test_desk_write (a, "application", "case-1", "recommend_approval", NULL, "{}"));
  g_free (ld_test_desk_write (a, "application", "case-1", "approve", NULL, "{}"));
  ld_test_desk_sync (a);
  refusal = ld_test_desk_text (a, "SELECT outcome || '|' || detail FROM sync_conflict");
  g_assert_cmpstr (refusal, ==, "refused|senior1 did “recommend_approval” on this application, so another person "
                                "must approve it (four eyes).");
  status = server_text ("SELECT fields->>'status' FROM ld.record WHERE record_id = 'case-1'");
  g_assert_cmpstr (status, ==, "recommended_approval");
}

/* licence-desk-admin with the password on a pipe (fd 3), never an argument. */
static int
run_admin (char       **out,
           char       **err,
           const char  *password,
           const char  *first,
           ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  va_list ap;
  int fds[2];

  g_ptr_array_add (argv, (char *) g_getenv ("LD_ADMIN"));
  va_start (ap, first);
  for (const char *arg = first; arg; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, (char *) "--password-fd");
  g_ptr_array_add (argv, (char *) "3");
  g_ptr_array_add (argv, NULL);
  g_assert_no_errno (pipe (fds));
  g_assert_cmpint (write (fds[1], password, strlen (password)), ==, (gssize) strlen (password));
  close (fds[1]);
  g_subprocess_launcher_take_fd (launcher, fds[0], 3);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error));
  g_test_message ("stdout: %s\nstderr: %s", *out, *err);
  return g_subprocess_get_exit_status (process);
}

static void
test_command_line (void)
{
  g_autofree char *owner_uri = ld_test_pg_uri (server, LD_TEST_PG_SUPERUSER, 0);
  g_autofree char *desk_uri = ld_test_pg_uri (server, "senior1", 0);
  g_autoptr(LdTestDesk) a = ld_test_desk_new ("senior1", NULL, NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonNode) figures = NULL;
  JsonObject *o;

  g_assert_cmpint (run_admin (&out, &err, ld_test_pg_owner_password (server), "init-server", "--server", owner_uri,
                              NULL), ==, 0);
  {
    g_autofree char *unchanged = g_strdup_printf ("already has schema version %d; nothing was changed",
                                                  ld_sync_server_supported_version ());

    g_assert_nonnull (strstr (out, unchanged));
  }
  g_free (out);
  g_free (err);

  g_free (ld_test_desk_write (a, "broker", "br-cli", "create", NULL, "{\"legal_name\":\"Epsilon\"}"));
  g_clear_object (&a->store);
  g_assert_cmpint (run_admin (&out, &err, "wrong-password", "sync", "--store", a->path, "--server", desk_uri,
                              "--once", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "refused the login"));
  g_assert_null (strstr (err, "wrong-password"));
  g_assert_nonnull (strstr (out, "Waiting to be sent: 1."));
  g_free (out);
  g_free (err);

  g_assert_cmpint (run_admin (&out, &err, PASSWORD "\n", "sync", "--store", a->path, "--server", desk_uri,
                              "--once", "--json", NULL), ==, 0);
  figures = json_from_string (out, NULL);
  g_assert_nonnull (figures);
  o = json_node_get_object (figures);
  g_assert_cmpint (json_object_get_int_member (o, "pushed"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (o, "applied"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (o, "pending"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (o, "server_records"), >=, 1);
  /* A new desk: the earlier tests' records came by its bootstrap. */
  g_assert_cmpint (json_object_get_int_member (o, "bootstrapped"), >=, 1);
  g_assert_cmpint (json_object_get_int_member (o, "bootstrapped"), <=, json_object_get_int_member (o, "pulled"));
  g_assert_null (strstr (out, PASSWORD));
  g_assert_null (strstr (err, PASSWORD));
}

/* Without --once, `sync` keeps running: a change committed on the server
 * reaches the store through LISTEN/NOTIFY while it runs. */
static void
test_command_line_keeps_syncing (void)
{
  g_autofree char *desk_uri = ld_test_pg_uri (server, "senior2", 0);
  g_autoptr(LdTestDesk) a = desk_as ("senior1");
  g_autoptr(LdTestDesk) b = ld_test_desk_new ("senior2", NULL, NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;
  int fds[2];

  g_assert_no_errno (pipe (fds));
  g_assert_cmpint (write (fds[1], PASSWORD, strlen (PASSWORD)), ==, (gssize) strlen (PASSWORD));
  close (fds[1]);
  g_subprocess_launcher_take_fd (launcher, fds[0], 3);
  g_clear_object (&b->store);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("LD_ADMIN"), "sync", "--store", b->path,
                                         "--server", desk_uri, "--password-fd", "3", NULL);
  g_assert_no_error (error);
  g_free (ld_test_desk_write (a, "broker", "br-live", "create", NULL, "{\"legal_name\":\"Live\"}"));
  ld_test_desk_sync (a);
  b->store = ld_store_open_full (b->path, LD_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (ld_test_desk_count (b, "SELECT count(*) FROM sync_record WHERE record_id = 'br-live'") == 0 &&
         g_get_monotonic_time () < deadline)
    g_usleep (50 * 1000);
  g_assert_cmpint (ld_test_desk_count (b, "SELECT count(*) FROM sync_record WHERE record_id = 'br-live'"), ==, 1);
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);
}

/* An act takes from the desk's image only what the desk changed: an act made
 * on a stale base does not put back a field another desk changed since (the
 * server's schema 3). A screening run names the record but is an event: its
 * summary never becomes the record's fields. */
static void
test_act_takes_only_changes (void)
{
  g_autoptr(LdTestDesk) a = desk_as ("senior1");
  g_autoptr(LdTestDesk) b = desk_as ("senior2");
  const char *created = "{\"legal_name\":\"Corvus Brokers\",\"country\":\"NO\",\"status\":\"draft\","
                        "\"activities\":\"transport\"}";
  const char *edited = "{\"legal_name\":\"Corvus Brokers\",\"country\":\"NO\",\"status\":\"draft\","
                       "\"activities\":\"finance\"}";
  const char *submitted = "{\"legal_name\":\"Corvus Brokers\",\"country\":\"NO\",\"status\":\"submitted\","
                          "\"activities\":\"transport\"}";
  g_autofree char *fields = NULL, *screen = NULL, *outcome = NULL;

  g_free (ld_test_desk_write (a, "broker", "act-1", "create", NULL, created));
  ld_test_desk_sync (a);
  ld_test_desk_sync (b);
  g_free (ld_test_desk_write (b, "broker", "act-1", "update", created, edited));
  ld_test_desk_sync (b);
  /* Desk A submits on the image it last saw, activities "transport". */
  g_free (ld_test_desk_write (a, "broker", "act-1", "submit", created, submitted));
  ld_test_desk_sync (a);
  fields = server_fields ("broker", "act-1");
  assert_same_json (fields, "{\"legal_name\":\"Corvus Brokers\",\"country\":\"NO\",\"status\":\"submitted\","
                            "\"activities\":\"finance\",\"submit_by\":\"senior1\"}");

  screen = ld_test_desk_write (a, "broker", "act-1", "screen", NULL, "{\"run\":\"r-1\",\"parties\":1,\"open\":0}");
  ld_test_desk_sync (a);
  g_free (fields);
  fields = server_fields ("broker", "act-1");
  g_assert_null (strstr (fields, "\"run\""));
  outcome = server_text_of ("SELECT outcome || ',' || detail FROM ld.mutation_ledger WHERE mutation_id = $1", screen);
  g_assert_cmpstr (outcome, ==, "applied,event");
}

static gboolean
stop_mid_bootstrap (LdSyncFault fault,
                    gpointer    user_data)
{
  return fault == LD_SYNC_FAULT_MID_BOOTSTRAP;
}

/* A new desk copies the server's records in pages; stopped after the first
 * page, its next pull goes on after the last row it holds (it does not copy
 * that page again), and it ends with the server's copy, then follows the
 * change log from the first snapshot's horizon. */
static void
test_bootstrap_resumes (void)
{
  g_autoptr(LdTestDesk) fresh = desk_as ("senior2");
  g_autoptr(LdTestDesk) a = desk_as ("senior1");
  g_autoptr(GError) error = NULL;
  LdSyncStats first = { 0 }, second = { 0 }, third = { 0 };
  g_autofree char *total = NULL, *after = NULL, *seen = NULL;
  gint64 held_after_stop, server_total;

  {
    PGconn *owner = ld_test_pg_connect_owner (server);

    ld_test_pg_exec (owner, "INSERT INTO ld.record SELECT 'broker', 'boot-' || lpad(i::text, 6, '0'), 1,"
                            " jsonb_build_object('legal_name', 'Broker ' || i, 'country', 'NO'), 'ld_owner'"
                            " FROM generate_series(1, 45000) AS i");
    PQfinish (owner);
  }
  total = server_text ("SELECT count(*) FROM ld.record");
  server_total = g_ascii_strtoll (total, NULL, 10);
  g_assert_cmpint (server_total, >, 40000);

  ld_sync_engine_set_fault_func (fresh->engine, stop_mid_bootstrap, NULL);
  g_assert_false (ld_sync_engine_pull (fresh->engine, &first, &error));
  g_assert_error (error, LD_SYNC_ERROR, LD_SYNC_ERROR_INTERRUPTED);
  g_clear_error (&error);
  held_after_stop = ld_test_desk_count (fresh, "SELECT count(*) FROM sync_record");
  g_assert_cmpint (held_after_stop, ==, first.bootstrapped);
  g_assert_cmpint (held_after_stop, ==, 20000);
  g_assert_cmpint (ld_test_desk_count (fresh, "SELECT bootstrap_record IS NOT NULL AND bootstrapped_at IS NULL"
                                              " FROM sync_state"), ==, 1);

  /* A change committed meanwhile, to a record the first page already holds. */
  g_free (ld_test_desk_write (a, "broker", "boot-000001", "update", "{\"legal_name\":\"Broker 1\",\"country\":\"NO\"}",
                              "{\"legal_name\":\"Broker One\",\"country\":\"NO\"}"));
  ld_test_desk_sync (a);

  ld_sync_engine_set_fault_func (fresh->engine, NULL, NULL);
  g_assert_true (ld_sync_engine_pull (fresh->engine, &second, &error));
  g_assert_no_error (error);
  /* The rest only, not the first page again: at most the changed record
   * once more, its new version being a new row, wherever the server put it. */
  g_assert_cmpint (second.bootstrapped, >=, server_total - held_after_stop);
  g_assert_cmpint (second.bootstrapped, <=, server_total - held_after_stop + 1);
  g_assert_cmpint (ld_test_desk_count (fresh, "SELECT count(*) FROM sync_record"), ==, server_total);
  g_assert_cmpint (ld_test_desk_count (fresh, "SELECT bootstrapped_at IS NOT NULL AND bootstrap_xid IS NULL"
                                              " FROM sync_state"), ==, 1);
  seen = ld_test_desk_view (fresh, "broker", "boot-000001");
  g_assert_nonnull (strstr (seen, "Broker One"));
  /* From now on the change log only. */
  g_assert_true (ld_sync_engine_pull (fresh->engine, &third, &error));
  g_assert_cmpuint (third.bootstrapped, ==, 0);
  after = server_text ("SELECT count(*) FROM ld.record");
  g_assert_cmpstr (after, ==, total);
}

/* A copy stopped halfway whose server table is then rewritten (VACUUM FULL
 * moves every row): where it stopped means nothing any more, so the copy
 * starts again from the beginning, and the desk still ends with every
 * record of the server, each once. */
static void
test_bootstrap_restarts_after_rewrite (void)
{
  g_autoptr(LdTestDesk) fresh = desk_as ("senior2");
  g_autoptr(GError) error = NULL;
  LdSyncStats first = { 0 }, second = { 0 };
  g_autofree char *total = server_text ("SELECT count(*) FROM ld.record");
  gint64 server_total = g_ascii_strtoll (total, NULL, 10);

  g_assert_cmpint (server_total, >, 40000);
  ld_sync_engine_set_fault_func (fresh->engine, stop_mid_bootstrap, NULL);
  g_assert_false (ld_sync_engine_pull (fresh->engine, &first, &error));
  g_assert_error (error, LD_SYNC_ERROR, LD_SYNC_ERROR_INTERRUPTED);
  g_clear_error (&error);
  g_assert_cmpint (first.bootstrapped, ==, 20000);
  {
    PGconn *owner = ld_test_pg_connect_owner (server);

    ld_test_pg_exec (owner, "VACUUM FULL ld.record");
    PQfinish (owner);
  }
  ld_sync_engine_set_fault_func (fresh->engine, NULL, NULL);
  g_assert_true (ld_sync_engine_pull (fresh->engine, &second, &error));
  g_assert_no_error (error);
  g_assert_cmpint (second.bootstrapped, ==, server_total);
  g_assert_cmpint (ld_test_desk_count (fresh, "SELECT count(*) FROM sync_record"), ==, server_total);
}

/* A loop whose round hangs (a server that takes the connection and never
 * answers: libpq waits its 10 s connect timeout) is let go without waiting:
 * ld_sync_loop_stop_later() returns while the round is still in flight, the
 * thread keeps the loop until it ends, and then the loop is finalised in the
 * owner's context. A closing window must never wait on the network. */
static void
test_loop_stops_without_waiting (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketListener) silent = g_socket_listener_new ();
  guint16 port = g_socket_listener_add_any_inet_port (silent, NULL, &error);
  g_autofree char *dir = g_dir_make_tmp ("ld-test-loop-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "store.sqlite", NULL);
  g_autofree char *uri = g_strdup_printf ("postgresql://senior1@127.0.0.1:%u/licence_desk", port);
  g_autoptr(LdStore) store = NULL;
  g_autoptr(LdSyncEngine) engine = NULL;
  LdSyncLoop *loop;
  gpointer weak;
  gint64 deadline;

  g_assert_no_error (error);
  store = ld_store_open_full (path, LD_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  engine = ld_sync_engine_new (store, uri, PASSWORD);
  loop = ld_sync_loop_new_with_engine (store, engine, 30000);
  weak = loop;
  g_object_add_weak_pointer (G_OBJECT (loop), &weak);
  ld_sync_loop_start (loop);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (ld_sync_loop_get_state (loop) != LD_SYNC_LOOP_SYNCING && g_get_monotonic_time () < deadline)
    g_usleep (1000);
  g_assert_cmpint (ld_sync_loop_get_state (loop), ==, LD_SYNC_LOOP_SYNCING);

  ld_sync_loop_stop_later (loop);
  g_object_unref (loop);
  /* Still held by its thread, whose round has not ended: nobody waited. */
  g_assert_nonnull (weak);
  g_assert_false (ld_sync_loop_is_running (weak));

  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (weak != NULL && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (10000);
  g_assert_null (weak);
  g_clear_object (&engine);
  g_clear_object (&store);
  ld_test_remove_tree (dir);
}

typedef struct
{
  guint         accepted;
  GPtrArray    *held;      /* the accepted connections, kept open and silent */
  GCancellable *cancel;
} SilentServer;

static void
silent_accept_cb (GObject      *listener,
                  GAsyncResult *result,
                  gpointer      data)
{
  SilentServer *silent = data;
  GSocketConnection *connection = g_socket_listener_accept_finish (G_SOCKET_LISTENER (listener), result, NULL,
                                                                   NULL);

  if (connection == NULL)
    return;
  silent->accepted++;
  g_ptr_array_add (silent->held, connection);
  g_socket_listener_accept_async (G_SOCKET_LISTENER (listener), silent->cancel, silent_accept_cb, silent);
}

static void
iterate_for (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (5000);
}

static void
wait_for_state (LdSyncLoop      *loop,
                LdSyncLoopState  state)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (ld_sync_loop_get_state (loop) != state && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_cmpint (ld_sync_loop_get_state (loop), ==, state);
}

/* Turning automatic sync off (the Central Database page's switch) stops the
 * loop without waiting for the round in flight, here a connect to a server
 * that takes the connection and never answers (libpq waits its 10 s connect
 * timeout): the state is stopped at once. Turned on again before that round
 * has ended, the same thread goes on: the silent server still has one
 * connection, not a second round beside the first. And a loop stopped and
 * started again on a real server goes on syncing. */
static void
test_loop_restarts_without_waiting (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  SilentServer silent = { 0, g_ptr_array_new_with_free_func (g_object_unref), g_cancellable_new () };
  g_autofree char *uri = g_strdup_printf ("postgresql://senior1@127.0.0.1:%u/licence_desk", port);
  g_autoptr(LdTestDesk) hung = ld_test_desk_new ("senior1", uri, PASSWORD);
  g_autoptr(LdTestDesk) desk = desk_as ("senior1");
  g_autoptr(LdSyncLoop) loop = NULL;
  g_autoptr(LdSyncLoop) working = NULL;
  guint64 rounds;
  gint64 stop_began;

  g_assert_no_error (error);
  g_socket_listener_accept_async (listener, silent.cancel, silent_accept_cb, &silent);
  loop = ld_sync_loop_new_with_engine (hung->store, hung->engine, 30000);
  ld_sync_loop_start (loop);
  wait_for_state (loop, LD_SYNC_LOOP_SYNCING);
  while (silent.accepted == 0)
    g_main_context_iteration (NULL, TRUE);

  /* libpq's connect timeout is 10 s: a stop that waited for the round
   * would take that long. */
  stop_began = g_get_monotonic_time ();
  ld_sync_loop_stop (loop);
  g_assert_cmpint (g_get_monotonic_time () - stop_began, <, 5 * G_USEC_PER_SEC);
  g_assert_false (ld_sync_loop_is_running (loop));
  g_assert_cmpint (ld_sync_loop_get_state (loop), ==, LD_SYNC_LOOP_STOPPED);
  ld_sync_loop_start (loop);
  g_assert_true (ld_sync_loop_is_running (loop));
  g_assert_cmpint (ld_sync_loop_get_state (loop), ==, LD_SYNC_LOOP_SYNCING);
  /* Well inside the connect timeout: the first round still hangs alone. */
  iterate_for (1000);
  g_assert_cmpuint (silent.accepted, ==, 1);
  g_assert_cmpuint (ld_sync_loop_get_rounds (loop), ==, 0);
  ld_sync_loop_stop (loop);
  g_assert_cmpint (ld_sync_loop_get_state (loop), ==, LD_SYNC_LOOP_STOPPED);
  /* The thread lets go once its round fails; nothing waited for it here. */
  ld_sync_loop_stop_and_wait (loop);
  g_assert_cmpint (ld_sync_loop_get_state (loop), ==, LD_SYNC_LOOP_STOPPED);

  working = ld_sync_loop_new_with_engine (desk->store, desk->engine, 30000);
  ld_sync_loop_start (working);
  wait_for_state (working, LD_SYNC_LOOP_LISTENING);
  ld_sync_loop_stop (working);
  ld_sync_loop_start (working);
  rounds = ld_sync_loop_get_rounds (working);
  g_free (ld_test_desk_write (desk, "note", "restarted-1", "create", NULL, "{\"text\":\"after a restart\"}"));
  ld_sync_loop_wake (working);
  {
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

    /* The round's push records the answer before its pull ends the round. */
    while ((ld_test_desk_count (desk, "SELECT count(*) FROM outbox WHERE pushed_at IS NULL") > 0 ||
            ld_sync_loop_get_rounds (working) <= rounds) && g_get_monotonic_time () < deadline)
      iterate_for (20);
  }
  g_assert_cmpint (ld_test_desk_count (desk, "SELECT count(*) FROM outbox WHERE pushed_at IS NULL"), ==, 0);
  g_assert_cmpuint (ld_sync_loop_get_rounds (working), >, rounds);
  ld_sync_loop_stop_and_wait (working);
  /* The pending accept ends (cancelled) before its data goes out of scope. */
  g_cancellable_cancel (silent.cancel);
  iterate_for (50);
  g_object_unref (silent.cancel);
  g_ptr_array_unref (silent.held);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = ld_test_pg_start ();
  ld_test_pg_install_schema (server);
  ld_test_pg_add_login (server, "senior1", PASSWORD, "ld_senior");
  ld_test_pg_add_login (server, "senior2", PASSWORD, "ld_senior");

  g_test_add_func ("/pg/sync/push-and-pull", test_push_and_pull);
  g_test_add_func ("/pg/sync/loop-stops-without-waiting", test_loop_stops_without_waiting);
  g_test_add_func ("/pg/sync/loop-restarts-without-waiting", test_loop_restarts_without_waiting);
  g_test_add_func ("/pg/sync/merge-and-conflict", test_merge_and_conflict);
  g_test_add_func ("/pg/sync/retry-applies-nothing-twice", test_retry_applies_nothing_twice);
  g_test_add_func ("/pg/sync/batched-push", test_batched_push);
  g_test_add_func ("/pg/sync/late-commit-is-not-skipped", test_late_commit_is_not_skipped);
  g_test_add_func ("/pg/sync/refused-act-is-listed", test_refused_act_is_listed);
  g_test_add_func ("/pg/sync/act-takes-only-changes", test_act_takes_only_changes);
  g_test_add_func ("/pg/sync/bootstrap-resumes", test_bootstrap_resumes);
  g_test_add_func ("/pg/sync/bootstrap-restarts-after-rewrite", test_bootstrap_restarts_after_rewrite);
  g_test_add_func ("/pg/sync/command-line", test_command_line);
  g_test_add_func ("/pg/sync/command-line-keeps-syncing", test_command_line_keeps_syncing);
  status = g_test_run ();
  ld_test_pg_free (server);
  return status;
}
