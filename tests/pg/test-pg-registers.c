/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Records pulled from a real PostgreSQL 15 (started by this test) land in the
 * desks' registers through the audited write path: a broker registered at one
 * desk is in another desk's Brokers list and search, and both audit logs
 * verify. Two desks editing the same field offline end in a conflict that the
 * later desk keeps as it has it until a person chooses; the choice is
 * audited and, when it keeps the desk's fields, sent to the server. */
#include "config.h"

#include <gio/gio.h>

#include "ld-audit-log.h"
#include "ld-broker-repo.h"
#include "ld-section.h"
#include "ld-sync-engine.h"
#include "ld-test-desk.h"
#include "ld-test-pg.h"
#include "ld-user-repo.h"

#define PASSWORD "desk-pass-2026"

static LdTestPg *server;

/* A desk whose profile has the server login's name: the person at the desk. */
static LdTestDesk *
desk_as (const char *login)
{
  g_autofree char *uri = ld_test_pg_uri (server, login, 0);
  LdTestDesk *desk = ld_test_desk_new (login, uri, PASSWORD);
  g_autoptr(GError) error = NULL;

  ld_actor_free (desk->actor);
  desk->actor = ld_user_repo_add (desk->store, NULL, login, login, LD_ROLE_CLERK, &error);
  g_assert_no_error (error);
  return desk;
}

static LdSyncStats
sync_desk (LdTestDesk *desk)
{
  LdSyncStats stats = { 0 };
  g_autoptr(GError) error = NULL;

  ld_sync_engine_sync (desk->engine, &stats, &error);
  g_assert_no_error (error);
  return stats;
}

static char *
create_broker (LdTestDesk *desk,
               const char *name)
{
  LdBrokerDraft draft = { .legal_name = (char *) name, .country = (char *) "NO", .activities = (char *) "transport" };
  g_autoptr(GError) error = NULL;
  char *id = ld_broker_repo_create (desk->store, desk->actor, &draft, FALSE, &error);

  g_assert_no_error (error);
  return id;
}

static LdBrokerRecord *
get_broker (LdTestDesk *desk,
            const char *id)
{
  g_autoptr(GError) error = NULL;
  LdBrokerRecord *r = ld_broker_repo_get (desk->store, id, &error);

  g_assert_no_error (error);
  return r;
}

static void
rename_broker (LdTestDesk *desk,
               const char *id,
               const char *name)
{
  g_autoptr(LdBrokerRecord) r = get_broker (desk, id);
  g_autoptr(GError) error = NULL;
  LdBrokerDraft draft = *r->draft;

  draft.legal_name = (char *) name;
  g_assert_true (ld_broker_repo_update (desk->store, desk->actor, id, r->row_version, &draft, &error));
  g_assert_no_error (error);
}

static char *
broker_name (LdTestDesk *desk,
             const char *id)
{
  g_autoptr(LdBrokerRecord) r = get_broker (desk, id);

  return g_strdup (r->draft->legal_name);
}

/* What the Brokers list finds for @text, as its search box does. */
static gint64
search_brokers (LdTestDesk *desk,
                const char *text)
{
  g_autoptr(LdSectionQuery) q = ld_section_query_new (ld_section_lookup ("brokers"), text, 1, FALSE);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = ld_store_open_reader (desk->store, &error);
  gint64 n = -1;

  g_assert_no_error (error);
  g_assert_true (ld_section_query_count (q, db, &n, &error));
  g_assert_no_error (error);
  sqlite3_close (db);
  return n;
}

static void
assert_audit_verifies (LdTestDesk *desk)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdAuditReport) report = ld_audit_log_verify (desk->store, NULL, &error);

  g_assert_no_error (error);
  if (!report->intact)
    {
      for (guint i = 0; i < report->findings->len; i++)
        g_printerr ("finding: %s\n", ((LdAuditFinding *) report->findings->pdata[i])->reason);
      g_error ("the audit log of %s does not verify", desk->login);
    }
}

static gint64
pending (LdTestDesk *desk)
{
  return ld_test_desk_count (desk, "SELECT count(*) FROM outbox WHERE pushed_at IS NULL");
}

static void
test_broker_reaches_other_desk (void)
{
  g_autoptr(LdTestDesk) a = desk_as ("clerk1");
  g_autoptr(LdTestDesk) b = desk_as ("clerk2");
  g_autofree char *id = create_broker (a, "Aurora Freight Brokers AS");
  g_autofree char *seen = NULL, *renamed = NULL;
  LdSyncStats stats;

  g_assert_cmpint (search_brokers (b, "Aurora"), ==, 0);
  sync_desk (a);
  stats = sync_desk (b);
  g_assert_cmpuint (stats.applied_locally, ==, 1);
  seen = broker_name (b, id);
  g_assert_cmpstr (seen, ==, "Aurora Freight Brokers AS");
  g_assert_cmpint (search_brokers (b, "Aurora"), ==, 1);
  /* Nothing echoes back: desk B has nothing to send, desk A gets its own
   * broker back unchanged. */
  g_assert_cmpint (pending (b), ==, 0);
  g_assert_cmpuint (sync_desk (a).applied_locally, ==, 0);
  g_assert_cmpint (ld_test_desk_count (b, "SELECT count(*) FROM audit_log WHERE action = 'pull-create'"), ==, 1);

  rename_broker (a, id, "Aurora Logistics Brokers AS");
  sync_desk (a);
  g_assert_cmpuint (sync_desk (b).applied_locally, ==, 1);
  renamed = broker_name (b, id);
  g_assert_cmpstr (renamed, ==, "Aurora Logistics Brokers AS");
  g_assert_cmpint (search_brokers (b, "Logistics"), ==, 1);
  g_assert_cmpint (search_brokers (b, "Freight"), ==, 0);
  assert_audit_verifies (a);
  assert_audit_verifies (b);
}

/* Both desks hold the broker, then rename it offline; A sends first. */
static char *
make_conflict (LdTestDesk *a,
               LdTestDesk *b,
               const char *name)
{
  g_autofree char *id = create_broker (a, name);
  g_autofree char *kept = NULL;
  g_autofree char *a_name = g_strconcat (name, " North", NULL);
  g_autofree char *b_name = g_strconcat (name, " South", NULL);
  LdSyncStats stats;

  sync_desk (a);
  sync_desk (b);
  rename_broker (a, id, a_name);
  rename_broker (b, id, b_name);
  sync_desk (a);
  stats = sync_desk (b);
  g_assert_cmpuint (stats.conflicts, ==, 1);
  g_assert_cmpuint (stats.applied_locally, ==, 0);
  /* The later desk is not silently overwritten, nor the server. */
  kept = broker_name (b, id);
  g_assert_cmpstr (kept, ==, b_name);
  return g_steal_pointer (&id);
}

static char *
open_conflict_of (LdTestDesk *desk,
                  const char *record_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = ld_sync_conflicts_list (desk->store, 10, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < conflicts->len; i++)
    {
      LdSyncConflict *c = conflicts->pdata[i];

      if (g_str_equal (c->record_id, record_id))
        {
          g_assert_cmpstr (c->outcome, ==, "conflict");
          g_assert_cmpstr (c->detail, ==, "legal_name");
          return g_strdup (c->mutation_id);
        }
    }
  g_error ("no open conflict on %s", record_id);
}

/* The Brokers list's Central column for the broker, as the list's page
 * reader fills it. */
static char *
central_mark (LdTestDesk *desk,
              const char *name)
{
  const LdSection *section = ld_section_lookup ("brokers");
  g_autoptr(LdSectionQuery) q = ld_section_query_new (section, name, 1, FALSE);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = ld_store_open_reader (desk->store, &error);
  g_autoptr(GPtrArray) rows = ld_section_query_page (q, db, 0, 10, &error);
  int column = ld_section_find_column (section, "central");
  char *mark;

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_true (ld_section_fill_rows (desk->store, section, rows, &error));
  g_assert_no_error (error);
  mark = g_strdup (((LdSectionRow *) rows->pdata[0])->values[column]);
  sqlite3_close (db);
  return mark;
}

static void
test_list_marks_pending_and_conflict (void)
{
  g_autoptr(LdTestDesk) a = desk_as ("clerk1");
  g_autoptr(LdTestDesk) b = desk_as ("clerk2");
  g_autofree char *id = create_broker (a, "Eridanus Cargo");
  g_autofree char *waiting = central_mark (a, "Eridanus"), *synced = NULL, *clashing = NULL;

  g_assert_cmpstr (waiting, ==, "sync_pending");
  sync_desk (a);
  synced = central_mark (a, "Eridanus");
  g_assert_null (synced);
  sync_desk (b);
  rename_broker (a, id, "Eridanus Cargo North");
  rename_broker (b, id, "Eridanus Cargo South");
  sync_desk (a);
  sync_desk (b);
  clashing = central_mark (b, "Eridanus");
  g_assert_cmpstr (clashing, ==, "sync_conflict");
}

static void
test_conflict_keep_mine (void)
{
  g_autoptr(LdTestDesk) a = desk_as ("clerk1");
  g_autoptr(LdTestDesk) b = desk_as ("clerk2");
  g_autofree char *id = make_conflict (a, b, "Borealis Trading");
  g_autofree char *mutation = open_conflict_of (b, id);
  g_autofree char *resolution = NULL, *at_b = NULL, *at_a = NULL;
  const char *mine[] = { "legal_name", NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (ld_sync_conflict_resolve (b->store, b->actor, mutation, mine, &resolution, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (resolution, ==, "mine");
  g_assert_cmpint (ld_test_desk_count (b, "SELECT count(*) FROM sync_conflict WHERE resolved_at IS NULL"), ==, 0);
  g_assert_cmpint (ld_test_desk_count (b, "SELECT count(*) FROM audit_log WHERE action = 'resolve-keep-mine'"), ==,
                   1);
  g_assert_cmpint (pending (b), ==, 1);
  g_assert_cmpuint (sync_desk (b).applied, ==, 1);
  sync_desk (a);
  at_b = broker_name (b, id);
  at_a = broker_name (a, id);
  g_assert_cmpstr (at_b, ==, "Borealis Trading South");
  g_assert_cmpstr (at_a, ==, "Borealis Trading South");
  assert_audit_verifies (a);
  assert_audit_verifies (b);
}

static void
test_conflict_take_theirs (void)
{
  g_autoptr(LdTestDesk) a = desk_as ("clerk1");
  g_autoptr(LdTestDesk) b = desk_as ("clerk2");
  g_autofree char *id = make_conflict (a, b, "Cygnus Brokerage");
  g_autofree char *mutation = open_conflict_of (b, id);
  g_autofree char *resolution = NULL, *at_b = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ld_sync_conflict_resolve (b->store, b->actor, mutation, NULL, &resolution, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (resolution, ==, "theirs");
  at_b = broker_name (b, id);
  g_assert_cmpstr (at_b, ==, "Cygnus Brokerage North");
  g_assert_cmpint (search_brokers (b, "Cygnus North"), ==, 1);
  g_assert_cmpint (ld_test_desk_count (b, "SELECT count(*) FROM audit_log WHERE action = 'resolve-take-theirs'"),
                   ==, 1);
  g_assert_cmpint (pending (b), ==, 0);
  /* Resolving twice is refused with a sentence, and changes nothing. */
  g_assert_false (ld_sync_conflict_resolve (b->store, b->actor, mutation, NULL, NULL, &error));
  g_assert_nonnull (error);
  assert_audit_verifies (b);
}

/* A desk with no profile named like its server login keeps what it pulls in
 * its server copy only: nobody at it could be the audit entry's actor. */
static void
test_no_profile_keeps_server_copy (void)
{
  g_autoptr(LdTestDesk) a = desk_as ("clerk1");
  g_autofree char *uri = ld_test_pg_uri (server, "clerk2", 0);
  g_autoptr(LdTestDesk) b = ld_test_desk_new ("clerk2", uri, PASSWORD);
  g_autofree char *id = create_broker (a, "Draco Shipping Agents");
  LdSyncStats stats;

  sync_desk (a);
  stats = sync_desk (b);
  g_assert_cmpuint (stats.pulled, >=, 1);
  g_assert_cmpuint (stats.applied_locally, ==, 0);
  g_assert_cmpint (search_brokers (b, "Draco"), ==, 0);
  g_assert_cmpint (ld_test_desk_count (b, "SELECT count(*) FROM sync_record WHERE entity = 'broker'"), >=, 1);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = ld_test_pg_start ();
  ld_test_pg_install_schema (server);
  ld_test_pg_add_login (server, "clerk1", PASSWORD, "ld_clerk");
  ld_test_pg_add_login (server, "clerk2", PASSWORD, "ld_clerk");

  g_test_add_func ("/pg/registers/broker-reaches-other-desk", test_broker_reaches_other_desk);
  g_test_add_func ("/pg/registers/list-marks-pending-and-conflict", test_list_marks_pending_and_conflict);
  g_test_add_func ("/pg/registers/conflict-keep-mine", test_conflict_keep_mine);
  g_test_add_func ("/pg/registers/conflict-take-theirs", test_conflict_take_theirs);
  g_test_add_func ("/pg/registers/no-profile-keeps-server-copy", test_no_profile_keeps_server_copy);
  status = g_test_run ();
  ld_test_pg_free (server);
  return status;
}
