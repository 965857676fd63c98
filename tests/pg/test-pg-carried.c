/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Records a desk makes that the central database (a real PostgreSQL 15,
 * started by this test) now keeps and sends on: shipments under a licence,
 * which the server checks against the licence's quantities across desks,
 * the denial register, and screening runs with their verdicts. Each made at
 * desk A is in desk B's registers with the same content, and both audit logs
 * verify. */
#include "config.h"

#include <gio/gio.h>

#include "ld-audit-log.h"
#include "ld-licence-repo.h"
#include "ld-sync-engine.h"
#include "ld-sync-server.h"
#include "ld-test-desk.h"
#include "ld-test-pg.h"
#include "ld-user-repo.h"

#define PASSWORD "desk-pass-2026"

static LdTestPg *server;

static LdTestDesk *
desk_with_role (const char *login,
                LdRole      role)
{
  g_autofree char *uri = ld_test_pg_uri (server, login, 0);
  LdTestDesk *desk = ld_test_desk_new (login, uri, PASSWORD);
  g_autoptr(GError) error = NULL;

  ld_actor_free (desk->actor);
  desk->actor = ld_user_repo_add (desk->store, NULL, login, login, role, &error);
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

static char *
server_text (const char *sql)
{
  g_autoptr(PGconn) owner = ld_test_pg_connect_owner (server);

  return ld_test_pg_query_text (owner, sql);
}

/* ---- shipments ----------------------------------------------------------- */

/* A licence of @quantity rifles, issued through the server by a senior
 * officer's desk; @id names it at every desk. */
static char *
issue_licence (LdTestDesk *issuing,
               gint64      quantity)
{
  char *id = g_uuid_string_random ();
  g_autofree char *image = g_strdup_printf (
    "{\"number\":\"LIC/EX/2026/LOCAL\",\"application\":\"EXP-NONE\",\"application_version\":1,\"kind\":\"export\","
    "\"holder\":\"Nordvik Arms AB\",\"destination_country\":\"KE\",\"status\":\"issued\",\"stored_status\":\"issued\","
    "\"valid_from\":\"2026-01-01\",\"valid_until\":\"2099-12-31\",\"issued_on\":\"2026-01-01\",\"issued_by\":\"senior1\","
    "\"row_version\":1,\"conditions\":[],\"serials\":0,"
    "\"lines\":[{\"line\":1,\"category\":\"rifles_carbines\",\"description\":\"Rifles 7.62 mm\",\"quantity\":%"
    G_GINT64_FORMAT ",\"shipped\":0,\"remaining\":%" G_GINT64_FORMAT "}],"
    "\"history\":[{\"action\":\"issue\",\"from\":null,\"to\":\"issued\",\"by\":\"senior1\",\"role\":\"senior_officer\","
    "\"at\":\"2026-01-01T09:00:00Z\",\"reason\":null}],\"shipments\":[],\"voided_shipments\":[]}",
    quantity, quantity);

  g_free (ld_test_desk_write (issuing, "licence", id, "issue", NULL, image));
  sync_desk (issuing);
  return id;
}

static LdLicence *
load_licence (LdTestDesk *desk,
              const char *id)
{
  g_autoptr(GError) error = NULL;
  LdLicence *l = ld_licence_repo_load (desk->store, id, &error);

  g_assert_no_error (error);
  return l;
}

static gboolean
ship (LdTestDesk  *desk,
      const char  *licence_id,
      const char  *customs_reference,
      gint64       quantity,
      GError     **error)
{
  LdShipmentQuantity q = { 1, quantity };
  LdShipmentInput in = { "2026-03-01", customs_reference, &q, 1, NULL };
  g_autoptr(LdShipment) s = ld_licence_repo_ship (desk->store, desk->actor, licence_id, &in, error);

  return s != NULL;
}

static gint64
shipped (LdTestDesk *desk,
         const char *licence_id)
{
  g_autoptr(LdLicence) l = load_licence (desk, licence_id);

  return ((LdLicenceLine *) l->lines->pdata[0])->shipped;
}

static LdLicenceStatus
stored_status (LdTestDesk *desk,
               const char *licence_id)
{
  g_autoptr(LdLicence) l = load_licence (desk, licence_id);

  return l->status;
}

static gint64
server_shipped (const char *licence_id)
{
  /* a uuid made by this test */
  g_autofree char *sql = g_strdup_printf ("SELECT fields->'lines'->0->>'shipped' FROM ld.record"
                                          " WHERE entity = 'licence' AND record_id = '%s'", licence_id);
  g_autofree char *text = server_text (sql);

  return g_ascii_strtoll (text, NULL, 10);
}

static char *
server_status (const char *licence_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT fields->>'status' FROM ld.record"
                                          " WHERE entity = 'licence' AND record_id = '%s'", licence_id);

  return server_text (sql);
}

/* A shipment recorded at desk A is under the licence at desk B, with its
 * customs reference, quantity and the licence's history line; the figures
 * and state agree on both desks and the server; a void at A frees them
 * again everywhere. */
static void
test_shipment_reaches_other_desk (void)
{
  g_autoptr(LdTestDesk) issuing = desk_with_role ("senior1", LD_ROLE_SENIOR_OFFICER);
  g_autoptr(LdTestDesk) a = desk_with_role ("officer1", LD_ROLE_LICENSING_OFFICER);
  g_autoptr(LdTestDesk) b = desk_with_role ("officer2", LD_ROLE_LICENSING_OFFICER);
  g_autofree char *id = issue_licence (issuing, 10);
  g_autoptr(LdLicence) seen = NULL, voided = NULL;
  g_autofree char *status = NULL;
  g_autoptr(GError) error = NULL;
  LdShipment *s;

  sync_desk (a);
  sync_desk (b);
  g_assert_true (ship (a, id, "CUS-2026-0001", 4, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sync_desk (a).refused, ==, 0);
  sync_desk (b);

  seen = load_licence (b, id);
  g_assert_cmpuint (seen->shipments->len, ==, 1);
  s = seen->shipments->pdata[0];
  g_assert_cmpstr (s->customs_reference, ==, "CUS-2026-0001");
  g_assert_cmpstr (s->shipped_on, ==, "2026-03-01");
  g_assert_cmpstr (s->recorded_by, ==, "officer1");
  g_assert_cmpint (g_array_index (s->quantities, LdShipmentQuantity, 0).quantity, ==, 4);
  g_assert_cmpint (((LdLicenceLine *) seen->lines->pdata[0])->shipped, ==, 4);
  g_assert_cmpint (seen->status, ==, LD_LICENCE_STATUS_PARTLY_USED);
  g_assert_cmpstr (((LdLicenceEvent *) seen->events->pdata[seen->events->len - 1])->action, ==, "ship");
  g_assert_cmpint (shipped (a, id), ==, 4);
  g_assert_cmpint (server_shipped (id), ==, 4);
  status = server_status (id);
  g_assert_cmpstr (status, ==, "partly_used");
  /* Desk A holds its own shipment once, and its history line once. */
  sync_desk (a);
  g_assert_cmpint (ld_test_desk_count (a, "SELECT count(*) FROM shipment WHERE customs_reference = 'CUS-2026-0001'"), ==, 1);
  g_assert_cmpint (ld_test_desk_count (a, "SELECT count(*) FROM licence_event WHERE action = 'ship'"), ==, 1);
  g_assert_cmpint (ld_test_desk_count (b, "SELECT count(*) FROM licence_event WHERE action = 'ship'"), ==, 1);
  /* Audited at B as coming from A: the licence's figures, then its shipment. */
  g_assert_cmpint (ld_test_desk_count (b, "SELECT count(*) FROM audit_log WHERE entity = 'licence'"
                                          " AND action LIKE 'pull-shipment-record from officer1 at desk %'"), ==, 2);

  /* A senior officer at desk A voids it: free again at B and on the server. */
  sync_desk (issuing);
  voided = ld_licence_repo_void_shipment (issuing->store, issuing->actor, id, "CUS-2026-0001",
                                          "Declared under the wrong licence", &error);
  g_assert_no_error (error);
  sync_desk (issuing);
  sync_desk (b);
  g_assert_cmpint (shipped (b, id), ==, 0);
  g_assert_cmpint (stored_status (b, id), ==, LD_LICENCE_STATUS_ISSUED);
  g_assert_cmpint (ld_test_desk_count (b, "SELECT count(*) FROM shipment WHERE voided_at IS NOT NULL"), ==, 1);
  g_assert_cmpint (server_shipped (id), ==, 0);
  assert_audit_verifies (a);
  assert_audit_verifies (b);
  assert_audit_verifies (issuing);
}

typedef struct
{
  LdTestDesk  *desk;
  GMutex       lock;
  GCond        go;
  gboolean     started;
  LdSyncStats  stats;
} Racer;

static gpointer
race_push (gpointer data)
{
  Racer *r = data;
  g_autoptr(GError) error = NULL;

  g_mutex_lock (&r->lock);
  while (!r->started)
    g_cond_wait (&r->go, &r->lock);
  g_mutex_unlock (&r->lock);
  ld_sync_engine_push (r->desk->engine, &r->stats, &error);
  g_assert_no_error (error);
  return NULL;
}

/* Two desks each ship 7 of a licence's 10, offline, then push at the same
 * moment: the server takes one and refuses the other with a sentence; the
 * refusing desk withdraws its shipment and shows the refusal; the figures
 * agree on both desks and the server. */
static void
test_concurrent_shipments_over_limit (void)
{
  g_autoptr(LdTestDesk) issuing = desk_with_role ("senior1", LD_ROLE_SENIOR_OFFICER);
  g_autoptr(LdTestDesk) a = desk_with_role ("officer1", LD_ROLE_LICENSING_OFFICER);
  g_autoptr(LdTestDesk) b = desk_with_role ("officer2", LD_ROLE_LICENSING_OFFICER);
  g_autofree char *id = issue_licence (issuing, 10);
  g_autoptr(GError) error = NULL;
  Racer racers[2] = { { .desk = a }, { .desk = b } };
  GThread *threads[2];
  LdTestDesk *refused_desk;
  g_autofree char *detail = NULL, *status = NULL, *reason = NULL, *in_force = NULL, *voided = NULL;

  sync_desk (a);
  sync_desk (b);
  g_assert_true (ship (a, id, "CUS-2026-0101", 7, &error));
  g_assert_true (ship (b, id, "CUS-2026-0102", 7, &error));
  g_assert_no_error (error);
  /* Both connect first, so the pushes themselves race. */
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (ld_sync_engine_connect (racers[i].desk->engine, &error));
      g_assert_no_error (error);
      g_mutex_init (&racers[i].lock);
      g_cond_init (&racers[i].go);
      threads[i] = g_thread_new ("push", race_push, &racers[i]);
    }
  for (guint i = 0; i < 2; i++)
    {
      g_mutex_lock (&racers[i].lock);
      racers[i].started = TRUE;
      g_cond_signal (&racers[i].go);
      g_mutex_unlock (&racers[i].lock);
    }
  for (guint i = 0; i < 2; i++)
    {
      g_thread_join (threads[i]);
      g_mutex_clear (&racers[i].lock);
      g_cond_clear (&racers[i].go);
    }
  g_assert_cmpuint (racers[0].stats.refused + racers[1].stats.refused, ==, 1);
  refused_desk = racers[0].stats.refused == 1 ? a : b;

  sync_desk (a);
  sync_desk (b);
  g_assert_cmpint (shipped (a, id), ==, 7);
  g_assert_cmpint (shipped (b, id), ==, 7);
  g_assert_cmpint (server_shipped (id), ==, 7);
  g_assert_cmpint (stored_status (a, id), ==, LD_LICENCE_STATUS_PARTLY_USED);
  g_assert_cmpint (stored_status (b, id), ==, LD_LICENCE_STATUS_PARTLY_USED);
  status = server_status (id);
  g_assert_cmpstr (status, ==, "partly_used");
  /* Each desk holds both shipments: one in force, the refused one voided. */
  in_force = g_strdup_printf ("SELECT count(*) FROM shipment WHERE licence_id = '%s' AND voided_at IS NULL", id);
  voided = g_strdup_printf ("SELECT count(*) FROM shipment WHERE licence_id = '%s' AND voided_at IS NOT NULL", id);
  g_assert_cmpint (ld_test_desk_count (a, in_force), ==, 1);
  g_assert_cmpint (ld_test_desk_count (b, in_force), ==, 1);
  g_assert_cmpint (ld_test_desk_count (refused_desk, voided), ==, 1);
  /* The refusal, in a sentence, in the desk's conflict list and on the
   * voided shipment. */
  detail = ld_test_desk_text (refused_desk, "SELECT detail FROM sync_conflict WHERE entity = 'shipment'"
                                            " AND outcome = 'refused' AND resolved_at IS NULL");
  g_assert_nonnull (strstr (detail, "has 3 left of 10"));
  g_assert_nonnull (strstr (detail, "more than the licence allows"));
  reason = ld_test_desk_text (refused_desk, "SELECT void_reason FROM shipment WHERE voided_at IS NOT NULL"
                                            " AND customs_reference IN ('CUS-2026-0101', 'CUS-2026-0102')");
  g_assert_nonnull (strstr (reason, "more than the licence allows"));
  /* Nothing of it is left to send, and nothing more is refused. */
  g_assert_cmpint (ld_test_desk_count (refused_desk, "SELECT count(*) FROM outbox WHERE pushed_at IS NULL"), ==, 0);
  g_assert_cmpuint (sync_desk (refused_desk).refused, ==, 0);
  /* The 3 left may still be shipped, from either desk. */
  g_assert_true (ship (refused_desk, id, "CUS-2026-0103", 3, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sync_desk (refused_desk).refused, ==, 0);
  sync_desk (a);
  sync_desk (b);
  g_assert_cmpint (shipped (a, id), ==, 10);
  g_assert_cmpint (shipped (b, id), ==, 10);
  g_assert_cmpint (server_shipped (id), ==, 10);
  g_assert_cmpint (stored_status (a, id), ==, LD_LICENCE_STATUS_EXHAUSTED);
  g_assert_cmpint (stored_status (b, id), ==, LD_LICENCE_STATUS_EXHAUSTED);
  assert_audit_verifies (a);
  assert_audit_verifies (b);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = ld_test_pg_start ();
  ld_test_pg_install_schema (server);
  ld_test_pg_add_login (server, "officer1", PASSWORD, "ld_officer");
  ld_test_pg_add_login (server, "officer2", PASSWORD, "ld_officer");
  ld_test_pg_add_login (server, "senior1", PASSWORD, "ld_senior");

  g_test_add_func ("/pg/carried/shipment-reaches-other-desk", test_shipment_reaches_other_desk);
  g_test_add_func ("/pg/carried/concurrent-shipments-over-limit", test_concurrent_shipments_over_limit);
  status = g_test_run ();
  ld_test_pg_free (server);
  return status;
}
