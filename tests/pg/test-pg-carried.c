/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Records a desk makes that the central database (a real PostgreSQL 15,
 * started by this test) now keeps and sends on: shipments under a licence,
 * which the server checks against the licence's quantities across desks,
 * the denial register, screening runs with their verdicts, histories with a
 * refusal's criteria, and a broker's people. Each made at
 * desk A is in desk B's registers with the same content, and both audit logs
 * verify. */
#include "config.h"

#include <gio/gio.h>

#include "ld-audit-log.h"
#include "ld-broker-repo.h"
#include "ld-broker-screening.h"
#include "ld-case-gate.h"
#include "ld-case-json.h"
#include "ld-case-repo.h"
#include "ld-case-screening.h"
#include "ld-denial-repo.h"
#include "ld-embargo-table.h"
#include "ld-licence-repo.h"
#include "ld-name-matcher.h"
#include "ld-rescreen.h"
#include "ld-sanctions-list.h"
#include "ld-sync-engine.h"
#include "ld-sync-server.h"
#include "ld-test-admin.h"
#include "ld-test-checklist.h"
#include "ld-test-desk.h"
#include "ld-test-pg.h"
#include "ld-test-util.h"
#include "ld-user-repo.h"

#define PASSWORD "desk-pass-2026"

static LdTestPg *server;
static LdNameMatcher *matcher;
static LdEmbargoTable *embargoes;

/* A desk whose profiles were made with the real licence-desk-admin (so it can
 * act as them): its administrator, officer1 (a licensing officer) and
 * @login with @role, the person at the desk, whose login the engine uses. */
static LdTestDesk *
desk_with_people (const char *login,
                  const char *role)
{
  g_autofree char *uri = ld_test_pg_uri (server, login, 0);
  LdTestDesk *desk = ld_test_desk_new (login, uri, PASSWORD);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "user", "add", "--store", desk->path, "--login", "admin", "--name",
                                      "Amina Diallo", "--role", "admin", "--create", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "user", "add", "--store", desk->path, "--login", "officer1",
                                      "--name", "Maria Fernandez", "--role", "officer", "--as", "admin", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "user", "add", "--store", desk->path, "--login", login, "--name",
                                      "Olena Kovalenko", "--role", role, "--as", "admin", NULL), ==, 0);
  ld_actor_free (desk->actor);
  desk->actor = ld_user_repo_find (desk->store, login, &error);
  g_assert_no_error (error);
  return desk;
}

/* A record's field as the server holds it: @sql with $1 the record's id. */
static char *
server_text (const char *sql,
             const char *record_id)
{
  g_autoptr(PGconn) owner = ld_test_pg_connect_owner (server);

  return ld_test_pg_query_text_with (owner, sql, record_id, NULL);
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
  ld_test_desk_sync (issuing);
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
  g_autofree char *text = server_text ("SELECT fields->'lines'->0->>'shipped' FROM ld.record"
                                       " WHERE entity = 'licence' AND record_id = $1", licence_id);

  return g_ascii_strtoll (text, NULL, 10);
}

static char *
server_status (const char *licence_id)
{
  return server_text ("SELECT fields->>'status' FROM ld.record WHERE entity = 'licence' AND record_id = $1",
                      licence_id);
}

/* A shipment recorded at desk A is under the licence at desk B, with its
 * customs reference, quantity and the licence's history line; the figures
 * and state agree on both desks and the server; a void at A frees them
 * again everywhere. */
static void
test_shipment_reaches_other_desk (void)
{
  g_autoptr(LdTestDesk) issuing = ld_test_desk_new_with_role (server, "senior1", LD_ROLE_SENIOR_OFFICER, PASSWORD);
  g_autoptr(LdTestDesk) a = ld_test_desk_new_with_role (server, "officer1", LD_ROLE_LICENSING_OFFICER, PASSWORD);
  g_autoptr(LdTestDesk) b = ld_test_desk_new_with_role (server, "officer2", LD_ROLE_LICENSING_OFFICER, PASSWORD);
  g_autofree char *id = issue_licence (issuing, 10);
  g_autoptr(LdLicence) seen = NULL, voided = NULL;
  g_autofree char *status = NULL;
  g_autoptr(GError) error = NULL;
  LdShipment *s;

  ld_test_desk_sync (a);
  ld_test_desk_sync (b);
  g_assert_true (ship (a, id, "CUS-2026-0001", 4, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ld_test_desk_sync (a).refused, ==, 0);
  ld_test_desk_sync (b);

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
  ld_test_desk_sync (a);
  g_assert_cmpint (ld_test_desk_count (a, "SELECT count(*) FROM shipment WHERE customs_reference = 'CUS-2026-0001'"), ==, 1);
  g_assert_cmpint (ld_test_desk_count (a, "SELECT count(*) FROM licence_event WHERE action = 'ship'"), ==, 1);
  g_assert_cmpint (ld_test_desk_count (b, "SELECT count(*) FROM licence_event WHERE action = 'ship'"), ==, 1);
  /* Audited at B as coming from A: the licence's figures, then its shipment. */
  g_assert_cmpint (ld_test_desk_count (b, "SELECT count(*) FROM audit_log WHERE entity = 'licence'"
                                          " AND action LIKE 'pull-shipment-record from officer1 at desk %'"), ==, 2);

  /* A senior officer at desk A voids it: free again at B and on the server. */
  ld_test_desk_sync (issuing);
  voided = ld_licence_repo_void_shipment (issuing->store, issuing->actor, id, "CUS-2026-0001",
                                          "Declared under the wrong licence", &error);
  g_assert_no_error (error);
  ld_test_desk_sync (issuing);
  ld_test_desk_sync (b);
  g_assert_cmpint (shipped (b, id), ==, 0);
  g_assert_cmpint (stored_status (b, id), ==, LD_LICENCE_STATUS_ISSUED);
  g_assert_cmpint (ld_test_desk_count (b, "SELECT count(*) FROM shipment WHERE voided_at IS NOT NULL"), ==, 1);
  g_assert_cmpint (server_shipped (id), ==, 0);
  ld_test_desk_assert_audit_verifies (a);
  ld_test_desk_assert_audit_verifies (b);
  ld_test_desk_assert_audit_verifies (issuing);
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
  g_autoptr(LdTestDesk) issuing = ld_test_desk_new_with_role (server, "senior1", LD_ROLE_SENIOR_OFFICER, PASSWORD);
  g_autoptr(LdTestDesk) a = ld_test_desk_new_with_role (server, "officer1", LD_ROLE_LICENSING_OFFICER, PASSWORD);
  g_autoptr(LdTestDesk) b = ld_test_desk_new_with_role (server, "officer2", LD_ROLE_LICENSING_OFFICER, PASSWORD);
  g_autofree char *id = issue_licence (issuing, 10);
  g_autoptr(GError) error = NULL;
  Racer racers[2] = { { .desk = a }, { .desk = b } };
  GThread *threads[2];
  LdTestDesk *refused_desk;
  g_autofree char *detail = NULL, *status = NULL, *reason = NULL;
  const char *in_force = "SELECT count(*) FROM shipment WHERE licence_id = ?1 AND voided_at IS NULL";
  const char *voided = "SELECT count(*) FROM shipment WHERE licence_id = ?1 AND voided_at IS NOT NULL";

  ld_test_desk_sync (a);
  ld_test_desk_sync (b);
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

  ld_test_desk_sync (a);
  ld_test_desk_sync (b);
  g_assert_cmpint (shipped (a, id), ==, 7);
  g_assert_cmpint (shipped (b, id), ==, 7);
  g_assert_cmpint (server_shipped (id), ==, 7);
  g_assert_cmpint (stored_status (a, id), ==, LD_LICENCE_STATUS_PARTLY_USED);
  g_assert_cmpint (stored_status (b, id), ==, LD_LICENCE_STATUS_PARTLY_USED);
  status = server_status (id);
  g_assert_cmpstr (status, ==, "partly_used");
  /* Each desk holds both shipments: one in force, the refused one voided. */
  g_assert_cmpint (ld_test_desk_count_with (a, in_force, id, NULL), ==, 1);
  g_assert_cmpint (ld_test_desk_count_with (b, in_force, id, NULL), ==, 1);
  g_assert_cmpint (ld_test_desk_count_with (refused_desk, voided, id, NULL), ==, 1);
  /* The refusal, in a sentence, in the desk's conflict list and on the
   * voided shipment. */
  detail = ld_test_desk_text (refused_desk, "SELECT detail FROM sync_conflict WHERE entity = 'shipment'"
                                            " AND outcome = 'refused' AND resolved_at IS NULL");
  g_assert_nonnull (strstr (detail, "has 3 left of 10"));
  g_assert_nonnull (strstr (detail, "more than the licence allows"));
  reason = ld_test_desk_text (refused_desk, "SELECT void_reason FROM shipment WHERE voided_at IS NOT NULL"
                                            " AND customs_reference IN ('CUS-2026-0101', 'CUS-2026-0102')");
  g_assert_nonnull (strstr (reason, "more than the licence allows"));
  /* The officer acknowledges the refusal in the conflict list: audited, closed. */
  {
    g_autofree char *mutation = ld_test_desk_text (refused_desk, "SELECT mutation_id FROM sync_conflict"
                                                                 " WHERE entity = 'shipment' AND resolved_at IS NULL");
    g_autofree char *resolution = NULL;

    g_assert_true (ld_sync_conflict_resolve (refused_desk->store, refused_desk->actor, mutation, NULL, &resolution,
                                             &error));
    g_assert_no_error (error);
    g_assert_cmpstr (resolution, ==, "theirs");
    g_assert_cmpint (ld_test_desk_count (refused_desk, "SELECT count(*) FROM sync_conflict WHERE resolved_at IS NULL"),
                     ==, 0);
  }
  /* Nothing of it is left to send, and nothing more is refused. */
  g_assert_cmpint (ld_test_desk_count (refused_desk, "SELECT count(*) FROM outbox WHERE pushed_at IS NULL"), ==, 0);
  g_assert_cmpuint (ld_test_desk_sync (refused_desk).refused, ==, 0);
  /* The 3 left may still be shipped, from either desk. */
  g_assert_true (ship (refused_desk, id, "CUS-2026-0103", 3, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ld_test_desk_sync (refused_desk).refused, ==, 0);
  ld_test_desk_sync (a);
  ld_test_desk_sync (b);
  g_assert_cmpint (shipped (a, id), ==, 10);
  g_assert_cmpint (shipped (b, id), ==, 10);
  g_assert_cmpint (server_shipped (id), ==, 10);
  g_assert_cmpint (stored_status (a, id), ==, LD_LICENCE_STATUS_EXHAUSTED);
  g_assert_cmpint (stored_status (b, id), ==, LD_LICENCE_STATUS_EXHAUSTED);
  ld_test_desk_assert_audit_verifies (a);
  ld_test_desk_assert_audit_verifies (b);
}


/* ---- denials and screening ---------------------------------------------- */

static void
record_denial (LdTestDesk *desk,
               const char *reference,
               const char *name)
{
  LdDenialChange change = { reference, name, "Nordvik Arms Aktiebolag", "commercial", "SE", "2025-11-03",
                            "Export of rifles refused: risk of diversion to armed groups.", "This office" };
  g_autoptr(GError) error = NULL;
  g_autoptr(LdDenial) d = ld_denial_repo_add (desk->store, desk->actor, &change, &error);

  g_assert_no_error (error);
  g_assert_nonnull (d);
}

static LdDenial *
find_denial (LdTestDesk *desk,
             const char *reference)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = ld_denial_repo_list (desk->store, desk->actor, TRUE, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    if (g_str_equal (((LdDenial *) all->pdata[i])->reference, reference))
      return g_ptr_array_steal_index (all, i);
  return NULL;
}

static LdCaseRecord *
create_case_to (LdTestDesk *desk,
                const char *reference,
                const char *applicant,
                const char *destination)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf (
    "{\"kind\":\"export\",\"route\":{\"origin\":\"SE\",\"export\":\"SE\",\"destination\":\"%s\"},"
    "\"parties\":[{\"role\":\"applicant\",\"type\":\"commercial\",\"name\":\"%s\",\"country\":\"SE\"}],"
    "\"items\":[{\"category\":\"rifles_carbines\",\"description\":\"Rifles 7.62 mm\",\"quantity\":3}]}",
    destination, applicant);
  g_autoptr(LdCase) c = ld_case_from_json (json, &error);
  LdCaseRecord *r;

  g_assert_no_error (error);
  c->reference = g_strdup (reference);
  r = ld_case_repo_create (desk->store, desk->actor, c, &error);
  g_assert_no_error (error);
  return r;
}

/* As create_case(), recorded by @actor, a profile of @desk. */
static LdCaseRecord *
create_case_by (LdTestDesk    *desk,
                const LdActor *actor,
                const char    *reference,
                const char    *applicant)
{
  const LdActor *at_desk = desk->actor;
  LdCaseRecord *r;

  desk->actor = (LdActor *) actor;
  r = create_case_to (desk, reference, applicant, "KE");
  desk->actor = (LdActor *) at_desk;
  return r;
}

static LdCaseRecord *
create_case (LdTestDesk *desk,
             const char *reference,
             const char *applicant)
{
  return create_case_to (desk, reference, applicant, "KE");
}

static guint
open_hits (LdTestDesk *desk,
           const char *case_id)
{
  g_auto(LdCaseGate) gate = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (ld_case_repo_read_gate (desk->store, case_id, NULL, &gate, &error));
  g_assert_no_error (error);
  g_assert_true (gate.screened);
  return gate.n_open_screening_hits;
}

/* The hits of a case as a desk holds them: kind, party, entry and status. */
static char *
hits_of (LdTestDesk *desk,
         const char *case_id)
{
  return ld_test_desk_text_with (desk, "SELECT group_concat (kind || '|' || party_name || '|' || entry_ref || '|'"
                                 " || status, ';') FROM (SELECT * FROM screening_hit WHERE application_id = ?1"
                                 " ORDER BY id)", case_id, NULL);
}

/* A denial recorded at the senior officer's desk is in desk A's register
 * and found by A's screening of a case; A's screening run and its hits are
 * at desk B, where the decision gate counts them; A's verdict clears the hit
 * at B too, which B then can neither judge again nor see raised again. */
static void
test_denial_and_screening_reach_other_desk (void)
{
  g_autoptr(LdTestDesk) senior = ld_test_desk_new_with_role (server, "senior1", LD_ROLE_SENIOR_OFFICER, PASSWORD);
  g_autoptr(LdTestDesk) a = ld_test_desk_new_with_role (server, "officer1", LD_ROLE_LICENSING_OFFICER, PASSWORD);
  g_autoptr(LdTestDesk) b = ld_test_desk_new_with_role (server, "officer2", LD_ROLE_LICENSING_OFFICER, PASSWORD);
  g_autoptr(LdDenial) at_a = NULL, at_b = NULL, voided = NULL;
  g_autoptr(LdCaseRecord) created = NULL;
  g_autofree char *hits_a = NULL, *hits_b = NULL, *hit_id = NULL, *after_a = NULL, *after_b = NULL;
  g_autoptr(GError) error = NULL;
  LdCaseScreeningSummary summary = { 0 };

  record_denial (senior, "DEN-2025-0042", "Nordvik Arms AB");
  ld_test_desk_sync (senior);
  ld_test_desk_sync (a);
  ld_test_desk_sync (b);
  at_a = find_denial (a, "DEN-2025-0042");
  at_b = find_denial (b, "DEN-2025-0042");
  g_assert_nonnull (at_a);
  g_assert_nonnull (at_b);
  g_assert_cmpstr (at_b->name, ==, "Nordvik Arms AB");
  g_assert_cmpstr (at_b->country, ==, "SE");
  g_assert_cmpstr (at_b->reason, ==, "Export of rifles refused: risk of diversion to armed groups.");
  g_assert_cmpstr (at_b->recorded_by_login, ==, "senior1");
  g_assert_null (at_b->voided_at);

  /* Desk A's screening finds the denial it pulled. */
  created = create_case (a, "EXP-2026-7001", "Nordvik Arms AB");
  g_assert_true (ld_case_screening_run (a->store, a->actor, matcher, embargoes, created->id, &summary, &error));
  g_assert_no_error (error);
  hit_id = ld_test_desk_text_with (a, "SELECT id FROM screening_hit WHERE application_id = ?1 AND kind = 'denial'"
                                   " AND status = 'open'", created->id, NULL);
  g_assert_nonnull (hit_id);
  g_assert_cmpuint (summary.n_open, >=, 1);

  ld_test_desk_sync (a);
  ld_test_desk_sync (b);
  hits_a = hits_of (a, created->id);
  hits_b = hits_of (b, created->id);
  g_assert_cmpstr (hits_b, ==, hits_a);
  g_assert_cmpuint (open_hits (b, created->id), ==, summary.n_open);
  g_assert_cmpuint (open_hits (a, created->id), ==, summary.n_open);

  /* A clears it; B counts it cleared, cannot judge it again, and a new run at
   * B does not raise it again. */
  g_assert_true (ld_case_screening_review (a->store, a->actor, hit_id, FALSE,
                                           "Another company of the same name, in Narvik; checked with the register.",
                                           &error));
  g_assert_no_error (error);
  ld_test_desk_sync (a);
  ld_test_desk_sync (b);
  g_assert_cmpuint (open_hits (b, created->id), ==, summary.n_open - 1);
  g_assert_cmpuint (open_hits (a, created->id), ==, summary.n_open - 1);
  after_a = hits_of (a, created->id);
  after_b = hits_of (b, created->id);
  g_assert_cmpstr (after_b, ==, after_a);
  g_assert_false (ld_case_screening_review (b->store, b->actor, hit_id, TRUE, "Looks like them.", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (ld_case_screening_run (b->store, b->actor, matcher, embargoes, created->id, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.n_cleared_before, >=, 1);
  g_assert_cmpuint (open_hits (b, created->id), ==, summary.n_open);
  ld_test_desk_sync (b);
  ld_test_desk_sync (a);
  g_assert_cmpuint (open_hits (a, created->id), ==, summary.n_open);

  /* The senior officer voids the denial: void at both desks. */
  voided = ld_denial_repo_void (senior->store, senior->actor, "DEN-2025-0042", "Notified in error.", &error);
  g_assert_no_error (error);
  ld_test_desk_sync (senior);
  ld_test_desk_sync (b);
  g_clear_pointer (&at_b, ld_denial_free);
  at_b = find_denial (b, "DEN-2025-0042");
  g_assert_nonnull (at_b->voided_at);
  g_assert_cmpstr (at_b->void_reason, ==, "Notified in error.");
  ld_test_desk_assert_audit_verifies (senior);
  ld_test_desk_assert_audit_verifies (a);
  ld_test_desk_assert_audit_verifies (b);
}

/* ---- histories ------------------------------------------------------------ */

/* The history a desk shows for a record: each line's act, officer and time,
 * in order. */
static char *
history_of (LdTestDesk *desk,
            const char *table,
            const char *owner)
{
  const char *sql = g_str_equal (table, "broker_event")
    ? "SELECT group_concat (line, ';') FROM (SELECT action || '|' || to_status || '|' || actor_login || '|' || at"
      " AS line FROM broker_event WHERE broker_id = ?1 ORDER BY at, seq)"
    : "SELECT group_concat (line, ';') FROM (SELECT action || '|' || to_status || '|' || actor_login || '|' || at"
      " AS line FROM application_event WHERE application_id = ?1 ORDER BY at, seq)";

  g_assert_true (g_str_equal (table, "broker_event") || g_str_equal (table, "application_event"));
  return ld_test_desk_text_with (desk, sql, owner, NULL);
}

/* The people on a broker's file as a desk holds them. */
static char *
people_of (LdTestDesk *desk,
           const char *broker_id)
{
  return ld_test_desk_text_with (desk, "SELECT group_concat (line, ';') FROM (SELECT id || '|' || role || '|'"
                                 " || full_name || '|' || nationality || '|' || id_document_type || '|'"
                                 " || id_document_number || '|' || added_by AS line FROM broker_person"
                                 " WHERE broker_id = ?1 AND voided_at IS NULL ORDER BY id)", broker_id, NULL);
}

/* Whether the desk's broker search index (keyed by minus the rowid) finds
 * @broker_id by @word. */
static gboolean
found_by_person (LdTestDesk *desk,
                 const char *word,
                 const char *broker_id)
{
  g_autofree char *phrase = g_strdup_printf ("\"%s\"", word);

  return ld_test_desk_count_with (desk, "SELECT count(*) FROM broker_fts WHERE broker_fts MATCH ?1"
                                  " AND rowid = -(SELECT rowid FROM broker WHERE id = ?2)", phrase, broker_id,
                                  NULL) > 0;
}

/* A case's and a broker's history lines made at desk A are at desk B, the
 * same, each once; desk A does not get its own lines twice. The people on
 * the broker's file are at desk B too, and its search finds the broker by
 * them. */
static void
test_histories_reach_other_desk (void)
{
  g_autoptr(LdTestDesk) a = ld_test_desk_new_with_role (server, "officer1", LD_ROLE_LICENSING_OFFICER, PASSWORD);
  g_autoptr(LdTestDesk) b = ld_test_desk_new_with_role (server, "officer2", LD_ROLE_LICENSING_OFFICER, PASSWORD);
  g_autoptr(LdTestDesk) clerk_a = ld_test_desk_new_with_role (server, "clerk1", LD_ROLE_CLERK, PASSWORD);
  g_autoptr(LdTestDesk) clerk_b = ld_test_desk_new_with_role (server, "clerk2", LD_ROLE_CLERK, PASSWORD);
  g_autoptr(LdCaseRecord) created = create_case (a, "EXP-2026-7101", "Solberg Jakt AS");
  g_autoptr(LdCaseRecord) submitted = NULL;
  LdBrokerDraft draft = { .legal_name = (char *) "Vega Transport Brokers AS", .country = (char *) "NO",
                          .tax_number = (char *) "NO-974512", .registered_address = (char *) "Strandgata 4, Bergen",
                          .records_address = (char *) "Strandgata 4, Bergen",
                          .activities = (char *) "negotiating,transport" };
  LdBrokerPerson official = { LD_BROKER_PERSON_OFFICIAL, "Ingrid Vega", "NO", "passport", "NO1234567" };
  g_autofree char *broker_id = NULL, *person = NULL;
  g_autofree char *case_a = NULL, *case_b = NULL, *case_a_again = NULL, *broker_a = NULL, *broker_b = NULL;
  g_autofree char *people_a = NULL, *people_b = NULL, *person_line = NULL;
  g_autoptr(GError) error = NULL;

  /* B and its clerk have copied the server once: what follows comes through
   * the change log, each line naming its desk. */
  ld_test_desk_sync (b);
  ld_test_desk_sync (clerk_b);
  submitted = ld_case_repo_transition (a->store, a->actor, created->id, LD_CASE_ACTION_SUBMIT, NULL, NULL, &error);
  g_assert_no_error (error);
  broker_id = ld_broker_repo_create (clerk_a->store, clerk_a->actor, &draft, FALSE, &error);
  g_assert_no_error (error);
  person = ld_broker_repo_add_person (clerk_a->store, clerk_a->actor, broker_id, &official, &error);
  g_assert_no_error (error);
  person_line = g_strdup_printf ("%s|official|Ingrid Vega|NO|passport|NO1234567|clerk1", person);
  g_assert_true (ld_broker_repo_act (clerk_a->store, clerk_a->actor, broker_id, LD_BROKER_ACTION_SUBMIT, NULL, NULL,
                                     &error));
  g_assert_no_error (error);

  ld_test_desk_sync (a);
  ld_test_desk_sync (clerk_a);
  ld_test_desk_sync (b);
  ld_test_desk_sync (clerk_b);
  case_a = history_of (a, "application_event", created->id);
  case_b = history_of (b, "application_event", created->id);
  g_assert_nonnull (strstr (case_a, "submit|submitted|officer1|"));
  g_assert_cmpstr (case_b, ==, case_a);
  broker_a = history_of (clerk_a, "broker_event", broker_id);
  broker_b = history_of (clerk_b, "broker_event", broker_id);
  g_assert_nonnull (strstr (broker_a, "submit|submitted|clerk1|"));
  g_assert_cmpstr (broker_b, ==, broker_a);
  people_a = people_of (clerk_a, broker_id);
  people_b = people_of (clerk_b, broker_id);
  g_assert_cmpstr (people_a, ==, person_line);
  g_assert_cmpstr (people_b, ==, people_a);
  g_assert_true (found_by_person (clerk_b, "Ingrid", broker_id));

  ld_test_desk_sync (a);
  case_a_again = history_of (a, "application_event", created->id);
  g_assert_cmpstr (case_a_again, ==, case_a);
  g_assert_cmpint (ld_test_desk_count (b, "SELECT count(*) FROM audit_log WHERE entity = 'application'"
                                          " AND action LIKE 'pull-history from officer1 at desk %'"), ==, 2);
  ld_test_desk_assert_audit_verifies (a);
  ld_test_desk_assert_audit_verifies (b);
  ld_test_desk_assert_audit_verifies (clerk_a);
  ld_test_desk_assert_audit_verifies (clerk_b);

  /* A desk that connects only now gets the history lines and the people in its
   * first copy, which writes its registers chunk by chunk. */
  {
    g_autoptr(LdTestDesk) late = ld_test_desk_new_with_role (server, "clerk3", LD_ROLE_CLERK, PASSWORD);
    g_autofree char *broker_late = NULL, *people_late = NULL;

    ld_test_desk_sync (late);
    broker_late = history_of (late, "broker_event", broker_id);
    g_assert_cmpstr (broker_late, ==, broker_a);
    people_late = people_of (late, broker_id);
    g_assert_cmpstr (people_late, ==, people_a);
    ld_test_desk_assert_audit_verifies (late);
  }
}

/* An exemption from an arms embargo written at desk A and confirmed at a
 * senior officer's desk counts in desk B's decision gate. */
static void
test_exemption_reaches_other_desk (void)
{
  g_autoptr(LdTestDesk) a = ld_test_desk_new_with_role (server, "officer1", LD_ROLE_LICENSING_OFFICER, PASSWORD);
  g_autoptr(LdTestDesk) senior = ld_test_desk_new_with_role (server, "senior1", LD_ROLE_SENIOR_OFFICER, PASSWORD);
  g_autoptr(LdTestDesk) b = ld_test_desk_new_with_role (server, "officer2", LD_ROLE_LICENSING_OFFICER, PASSWORD);
  g_autoptr(LdCaseRecord) created = create_case_to (a, "EXP-2026-7201", "Lindholm Optics AB", "KP");
  g_autoptr(LdCaseExemption) written = NULL, confirmed = NULL;
  g_autoptr(GPtrArray) at_b = NULL;
  g_auto(LdCaseGate) gate = { 0 };
  g_autoptr(GError) error = NULL;
  LdCaseScreeningSummary summary = { 0 };

  ld_test_desk_sync (b);
  g_assert_true (ld_case_screening_run (a->store, a->actor, matcher, embargoes, created->id, &summary, &error));
  g_assert_no_error (error);
  written = ld_case_repo_write_exemption (a->store, a->actor, created->id, "dprk", "S/RES/2397 (2017)", "7",
                                          "Humanitarian demining equipment", &error);
  g_assert_no_error (error);
  ld_test_desk_sync (a);
  ld_test_desk_sync (senior);
  confirmed = ld_case_repo_confirm_exemption (senior->store, senior->actor, created->id, "dprk", &error);
  g_assert_no_error (error);
  ld_test_desk_sync (senior);
  ld_test_desk_sync (b);
  ld_test_desk_sync (a);

  at_b = ld_case_repo_list_exemptions (b->store, created->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (at_b->len, ==, 1);
  g_assert_cmpstr (((LdCaseExemption *) at_b->pdata[0])->resolution, ==, "S/RES/2397 (2017)");
  g_assert_cmpstr (((LdCaseExemption *) at_b->pdata[0])->written_by_login, ==, "officer1");
  g_assert_cmpstr (((LdCaseExemption *) at_b->pdata[0])->confirmed_by_login, ==, "senior1");
  g_assert_true (ld_case_repo_read_gate (b->store, created->id, NULL, &gate, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gate.embargoes_unexempted->len, ==, 0);
  g_assert_cmpuint (gate.exemptions_unconfirmed->len, ==, 0);
  ld_test_desk_assert_audit_verifies (a);
  ld_test_desk_assert_audit_verifies (senior);
  ld_test_desk_assert_audit_verifies (b);
}

/* The criteria of a refusal decided at a senior officer's desk (the case
 * assessed and recommended there by an officer, then refused by the senior
 * officer, four eyes) are at desk B under the refusal's line of the case's
 * history, as the refusing desk has them, once; both audit logs verify. */
static void
test_refusal_criteria_reach_other_desk (void)
{
  g_autoptr(LdTestDesk) senior = desk_with_people ("senior1", "senior");
  g_autoptr(LdTestDesk) b = ld_test_desk_new_with_role (server, "officer2", LD_ROLE_LICENSING_OFFICER, PASSWORD);
  g_autoptr(LdActor) officer = NULL;
  g_autoptr(LdCaseRecord) created = NULL;
  static const char * const criteria[] = { "ATT-7.1a", "ATT-11", NULL };
  const LdCaseDecision refusal = { criteria, "Diversion risk to a third country." };
  const LdCaseDecision recommendation = { NULL, "The end user cannot be verified." };
  LdCaseAction steps[] = { LD_CASE_ACTION_SUBMIT, LD_CASE_ACTION_ASSESS };
  LdCaseScreeningSummary summary = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *at_senior = NULL, *at_b = NULL, *rating = NULL;
  const char *criteria_sql = "SELECT group_concat (line, ';') FROM (SELECT e.action || '|' || e.actor_login || '|'"
                             " || c.code AS line FROM application_refusal_criterion c JOIN application_event e"
                             " ON e.seq = c.event_seq WHERE e.application_id = ?1 ORDER BY c.code)";

  officer = ld_user_repo_find (senior->store, "officer1", &error);
  g_assert_no_error (error);
  created = create_case_by (senior, officer, "EXP-2026-7301", "Fjord Hunting AS");
  ld_test_desk_sync (b);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      ld_case_record_free (ld_case_repo_transition (senior->store, officer, created->id, steps[i], NULL, NULL,
                                                    &error));
      g_assert_no_error (error);
    }
  g_assert_true (ld_case_screening_run (senior->store, officer, matcher, embargoes, created->id, &summary, &error));
  g_assert_no_error (error);
  rating = ld_test_checklist_complete (senior->path, "EXP-2026-7301", "officer1");
  ld_case_record_free (ld_case_repo_transition (senior->store, officer, created->id, LD_CASE_ACTION_RECOMMEND_REFUSAL,
                                                &recommendation, NULL, &error));
  g_assert_no_error (error);
  ld_case_record_free (ld_case_repo_transition (senior->store, senior->actor, created->id, LD_CASE_ACTION_REFUSE,
                                                &refusal, NULL, &error));
  g_assert_no_error (error);
  ld_test_desk_sync (senior);
  ld_test_desk_sync (b);
  ld_test_desk_sync (b);

  at_senior = ld_test_desk_text_with (senior, criteria_sql, created->id, NULL);
  at_b = ld_test_desk_text_with (b, criteria_sql, created->id, NULL);
  g_assert_cmpstr (at_senior, ==, "refuse|senior1|ATT-11;refuse|senior1|ATT-7.1a");
  g_assert_cmpstr (at_b, ==, at_senior);
  ld_test_desk_assert_audit_verifies (senior);
  ld_test_desk_assert_audit_verifies (b);
}

/* ---- a broker's screening -------------------------------------------------- */

/* A broker's screening hits as a desk holds them: kind, name, entry, status
 * and who judged them. */
static char *
broker_hits_of (LdTestDesk *desk,
                const char *broker_id)
{
  return ld_test_desk_text_with (desk, "SELECT group_concat (line, ';') FROM (SELECT id || '|' || kind || '|'"
                                 " || broker_name || '|' || entry_ref || '|' || status || '|'"
                                 " || coalesce (reviewed_by, '') AS line FROM broker_screening_hit"
                                 " WHERE broker_id = ?1 ORDER BY id)", broker_id, NULL);
}

/* The re-screening of the broker register at desk A finds a broker in the
 * denial register: desk B holds the same hits (without A's job), an
 * officer's verdict there reaches desk A, and a later screening at A
 * supersedes nothing the verdict closed; every audit log verifies. */
static void
test_broker_screening_reaches_other_desk (void)
{
  g_autoptr(LdTestDesk) clerk = ld_test_desk_new_with_role (server, "clerk1", LD_ROLE_CLERK, PASSWORD);
  g_autoptr(LdTestDesk) senior = ld_test_desk_new_with_role (server, "senior1", LD_ROLE_SENIOR_OFFICER, PASSWORD);
  g_autoptr(LdTestDesk) a = ld_test_desk_new_with_role (server, "officer1", LD_ROLE_LICENSING_OFFICER, PASSWORD);
  g_autoptr(LdTestDesk) b = ld_test_desk_new_with_role (server, "officer2", LD_ROLE_LICENSING_OFFICER, PASSWORD);
  LdBrokerDraft draft = { .legal_name = (char *) "Tromso Brokerage AS", .country = (char *) "NO",
                          .tax_number = (char *) "NO-981122", .registered_address = (char *) "Storgata 9, Tromso",
                          .records_address = (char *) "Storgata 9, Tromso", .activities = (char *) "negotiating" };
  LdBrokerPerson official = { LD_BROKER_PERSON_OFFICIAL, "Knut Berg", "NO", "passport", "NO7654321" };
  LdRescreenProgress progress = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *broker_id = NULL, *person = NULL, *at_a = NULL, *at_b = NULL, *hit = NULL;
  g_autofree char *judged_a = NULL, *judged_b = NULL, *again_a = NULL;

  record_denial (senior, "DEN-2025-0077", "Tromso Brokerage AS");
  ld_test_desk_sync (senior);
  broker_id = ld_broker_repo_create (clerk->store, clerk->actor, &draft, FALSE, &error);
  g_assert_no_error (error);
  person = ld_broker_repo_add_person (clerk->store, clerk->actor, broker_id, &official, &error);
  g_assert_no_error (error);
  g_assert_true (ld_broker_repo_act (clerk->store, clerk->actor, broker_id, LD_BROKER_ACTION_SUBMIT, NULL, NULL,
                                     &error));
  g_assert_no_error (error);
  ld_test_desk_sync (clerk);
  ld_test_desk_sync (senior);
  g_assert_true (ld_broker_repo_act (senior->store, senior->actor, broker_id, LD_BROKER_ACTION_REGISTER, NULL, NULL,
                                     &error));
  g_assert_no_error (error);
  ld_test_desk_sync (senior);
  ld_test_desk_sync (a);
  ld_test_desk_sync (b);

  g_assert_true (ld_rescreen_run (a->store, a->actor, matcher, embargoes, LD_RESCREEN_BROKERS, NULL, NULL, NULL,
                                  NULL, &progress, &error));
  g_assert_no_error (error);
  g_assert_cmpint (progress.n_open, >=, 1);
  ld_rescreen_progress_clear (&progress);
  ld_test_desk_sync (a);
  ld_test_desk_sync (b);
  at_a = broker_hits_of (a, broker_id);
  at_b = broker_hits_of (b, broker_id);
  g_assert_nonnull (at_a);
  g_assert_nonnull (strstr (at_a, "|denial|Tromso Brokerage AS|DEN-2025-0077|open|"));
  g_assert_cmpstr (at_b, ==, at_a);
  g_assert_cmpint (ld_test_desk_count (b, "SELECT count(*) FROM broker_screening_hit WHERE job_id IS NOT NULL"), ==,
                   0);

  hit = ld_test_desk_text_with (b, "SELECT id FROM broker_screening_hit WHERE broker_id = ?1 AND kind = 'denial'"
                                " AND status = 'open'", broker_id, NULL);
  g_assert_nonnull (hit);
  g_assert_true (ld_broker_screening_review (b->store, b->actor, hit, TRUE,
                                             "The same company: the denial names its tax number.", &error));
  g_assert_no_error (error);
  ld_test_desk_sync (b);
  ld_test_desk_sync (a);
  judged_a = broker_hits_of (a, broker_id);
  judged_b = broker_hits_of (b, broker_id);
  g_assert_nonnull (strstr (judged_b, "|DEN-2025-0077|true_match|officer2"));
  g_assert_cmpstr (judged_a, ==, judged_b);

  /* Screened again at A: the judged hit stays as judged at both desks. */
  g_assert_true (ld_rescreen_run (a->store, a->actor, matcher, embargoes, LD_RESCREEN_BROKERS, NULL, NULL, NULL,
                                  NULL, &progress, &error));
  g_assert_no_error (error);
  ld_rescreen_progress_clear (&progress);
  ld_test_desk_sync (a);
  ld_test_desk_sync (b);
  again_a = broker_hits_of (a, broker_id);
  g_assert_nonnull (strstr (again_a, "|DEN-2025-0077|true_match|officer2"));
  {
    g_autofree char *again_b = broker_hits_of (b, broker_id);

    g_assert_cmpstr (again_b, ==, again_a);
  }
  ld_test_desk_assert_audit_verifies (a);
  ld_test_desk_assert_audit_verifies (b);
  ld_test_desk_assert_audit_verifies (senior);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *list_path = ld_test_un_list_path ();
  g_autoptr(LdSanctionsList) list = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  list = ld_sanctions_list_new_from_file (list_path, NULL);
  g_assert_nonnull (list);
  matcher = ld_name_matcher_new (list);
  embargoes = ld_embargo_table_new_default (NULL);
  server = ld_test_pg_start ();
  ld_test_pg_install_schema (server);
  ld_test_pg_add_login (server, "officer1", PASSWORD, "ld_officer");
  ld_test_pg_add_login (server, "officer2", PASSWORD, "ld_officer");
  ld_test_pg_add_login (server, "senior1", PASSWORD, "ld_senior");
  ld_test_pg_add_login (server, "clerk1", PASSWORD, "ld_clerk");
  ld_test_pg_add_login (server, "clerk2", PASSWORD, "ld_clerk");
  ld_test_pg_add_login (server, "clerk3", PASSWORD, "ld_clerk");

  g_test_add_func ("/pg/carried/shipment-reaches-other-desk", test_shipment_reaches_other_desk);
  g_test_add_func ("/pg/carried/concurrent-shipments-over-limit", test_concurrent_shipments_over_limit);
  g_test_add_func ("/pg/carried/denial-and-screening-reach-other-desk", test_denial_and_screening_reach_other_desk);
  g_test_add_func ("/pg/carried/histories-reach-other-desk", test_histories_reach_other_desk);
  g_test_add_func ("/pg/carried/exemption-reaches-other-desk", test_exemption_reaches_other_desk);
  g_test_add_func ("/pg/carried/refusal-criteria-reach-other-desk", test_refusal_criteria_reach_other_desk);
  g_test_add_func ("/pg/carried/broker-screening-reaches-other-desk", test_broker_screening_reaches_other_desk);
  status = g_test_run ();
  ld_test_pg_free (server);
  g_clear_object (&matcher);
  g_clear_object (&embargoes);
  return status;
}
