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
#include "ld-case-json.h"
#include "ld-case-repo.h"
#include "ld-euc-repo.h"
#include "ld-licence-repo.h"
#include "ld-pulled.h"
#include "ld-section.h"
#include "ld-sync-engine.h"
#include "ld-sync-server.h"
#include "ld-test-desk.h"
#include "ld-test-pg.h"
#include "ld-user-repo.h"

#define PASSWORD "desk-pass-2026"

static LdTestPg *server;

static LdTestDesk *
desk_as (const char *login)
{
  return ld_test_desk_new_with_role (server, login, LD_ROLE_CLERK, PASSWORD);
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

/* What a register's list finds for @text, as its search box does. */
static gint64
search_section (LdTestDesk *desk,
                const char *section,
                const char *text)
{
  g_autoptr(LdSectionQuery) q = ld_section_query_new (ld_section_lookup (section), text, 1, FALSE);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = ld_store_open_reader (desk->store, &error);
  gint64 n = -1;

  g_assert_no_error (error);
  g_assert_true (ld_section_query_count (q, db, &n, &error));
  g_assert_no_error (error);
  sqlite3_close (db);
  return n;
}

static gint64
search_brokers (LdTestDesk *desk,
                const char *text)
{
  return search_section (desk, "brokers", text);
}

/* Desk @to's audit log has one entry @action naming desk @from and its login. */
static void
assert_pulled_from (LdTestDesk *to,
                    const char *action,
                    LdTestDesk *from)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *desk_id = ld_store_get_store_id (from->store, &error);
  g_autofree char *expected = g_strdup_printf ("%s from %s at desk %s", action, from->login, desk_id);
  g_assert_no_error (error);
  g_assert_cmpint (ld_test_desk_count_with (to, "SELECT count(*) FROM audit_log WHERE action = ?1", expected, NULL),
                   ==, 1);
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

  /* B has copied the server once (its bootstrap); what follows comes
   * through the change log, each change naming its desk. */
  ld_test_desk_sync (b);
  g_assert_cmpint (search_brokers (b, "Aurora"), ==, 0);
  ld_test_desk_sync (a);
  stats = ld_test_desk_sync (b);
  g_assert_cmpuint (stats.applied_locally, ==, 1);
  seen = broker_name (b, id);
  g_assert_cmpstr (seen, ==, "Aurora Freight Brokers AS");
  g_assert_cmpint (search_brokers (b, "Aurora"), ==, 1);
  /* Nothing echoes back: desk B has nothing to send, desk A gets its own
   * broker back unchanged. */
  g_assert_cmpint (pending (b), ==, 0);
  g_assert_cmpuint (ld_test_desk_sync (a).applied_locally, ==, 0);
  assert_pulled_from (b, "pull-create", a);

  rename_broker (a, id, "Aurora Logistics Brokers AS");
  ld_test_desk_sync (a);
  g_assert_cmpuint (ld_test_desk_sync (b).applied_locally, ==, 1);
  renamed = broker_name (b, id);
  g_assert_cmpstr (renamed, ==, "Aurora Logistics Brokers AS");
  g_assert_cmpint (search_brokers (b, "Logistics"), ==, 1);
  g_assert_cmpint (search_brokers (b, "Freight"), ==, 0);
  ld_test_desk_assert_audit_verifies (a);
  ld_test_desk_assert_audit_verifies (b);
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

  ld_test_desk_sync (a);
  ld_test_desk_sync (b);
  rename_broker (a, id, a_name);
  rename_broker (b, id, b_name);
  ld_test_desk_sync (a);
  stats = ld_test_desk_sync (b);
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

/* The desk's first Connect, to a server that is away (nothing listens on
 * port 1): it fails, and the desk is now meant to sync. */
static void
connect_while_server_away (LdTestDesk *desk)
{
  g_autofree char *uri = ld_test_pg_uri (server, desk->login, 1);
  g_autoptr(LdSyncEngine) engine = ld_sync_engine_new (desk->store, uri, PASSWORD);
  g_autoptr(GError) error = NULL;

  g_assert_false (ld_sync_engine_connect (engine, &error));
  g_assert_nonnull (error);
}

/* A desk never set up for a central database says nothing of one in its
 * lists, though its outbox holds every change; set up (its first Connect
 * failed: the server was away), the same lists say each record waits. */
static void
test_list_marks_only_on_a_desk_meant_to_sync (void)
{
  g_autoptr(LdTestDesk) alone = ld_test_desk_new ("clerk5", NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL, *before = NULL, *after = NULL;

  ld_actor_free (alone->actor);
  alone->actor = ld_user_repo_add (alone->store, NULL, "clerk5", "Clerk Five", LD_ROLE_CLERK, &error);
  g_assert_no_error (error);
  g_assert_null (alone->engine);
  id = create_broker (alone, "Vega Standalone");
  before = central_mark (alone, "Vega");

  g_assert_nonnull (id);
  g_assert_cmpint (ld_test_desk_count (alone, "SELECT count(*) FROM outbox WHERE pushed_at IS NULL"), >, 0);
  g_assert_null (before);
  connect_while_server_away (alone);
  after = central_mark (alone, "Vega");
  g_assert_cmpstr (after, ==, "sync_pending");
}

static void
test_list_marks_pending_and_conflict (void)
{
  g_autoptr(LdTestDesk) a = desk_as ("clerk1");
  g_autoptr(LdTestDesk) b = desk_as ("clerk2");
  g_autofree char *id = NULL, *waiting = NULL, *synced = NULL, *clashing = NULL;

  /* Set up for the server, not reached yet: its records wait. */
  connect_while_server_away (a);
  id = create_broker (a, "Eridanus Cargo");
  waiting = central_mark (a, "Eridanus");

  g_assert_cmpstr (waiting, ==, "sync_pending");
  ld_test_desk_sync (a);
  synced = central_mark (a, "Eridanus");
  g_assert_null (synced);
  ld_test_desk_sync (b);
  rename_broker (a, id, "Eridanus Cargo North");
  rename_broker (b, id, "Eridanus Cargo South");
  ld_test_desk_sync (a);
  ld_test_desk_sync (b);
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
  g_assert_cmpuint (ld_test_desk_sync (b).applied, ==, 1);
  ld_test_desk_sync (a);
  at_b = broker_name (b, id);
  at_a = broker_name (a, id);
  g_assert_cmpstr (at_b, ==, "Borealis Trading South");
  g_assert_cmpstr (at_a, ==, "Borealis Trading South");
  ld_test_desk_assert_audit_verifies (a);
  ld_test_desk_assert_audit_verifies (b);
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
  ld_test_desk_assert_audit_verifies (b);
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

  ld_test_desk_sync (a);
  stats = ld_test_desk_sync (b);
  g_assert_cmpuint (stats.pulled, >=, 1);
  g_assert_cmpuint (stats.applied_locally, ==, 0);
  g_assert_cmpint (search_brokers (b, "Draco"), ==, 0);
  g_assert_cmpint (ld_test_desk_count (b, "SELECT count(*) FROM sync_record WHERE entity = 'broker'"), >=, 1);
}

/* ---- cases, certificates and licences ---------------------------------- */

/* Each test's case has its own reference: the server keeps the earlier
 * tests' cases, and a desk allocates references on its own. */
static LdCaseRecord *
create_case (LdTestDesk *desk,
             const char *reference)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdCase) c = ld_case_from_json (
    "{\"kind\":\"export\",\"route\":{\"origin\":\"SE\",\"export\":\"SE\",\"destination\":\"KE\"},"
    "\"euc_reference\":\"EUC/KE/2026/0042\","
    "\"parties\":[{\"role\":\"applicant\",\"type\":\"commercial\",\"name\":\"Nordvik Arms AB\",\"country\":\"SE\"}],"
    "\"items\":[{\"category\":\"rifles_carbines\",\"description\":\"Rifles 7.62 mm\",\"quantity\":3,"
    "\"serials\":[\"NV-1001\",\"NV-1002\",\"NV-1003\"]}]}", &error);
  LdCaseRecord *r;

  g_assert_no_error (error);
  c->reference = g_strdup (reference);
  /* Serial numbers of its own too: a desk that copies every case refuses a
   * weapon named by two open cases. */
  for (guint i = 0; i < 3; i++)
    {
      GPtrArray *serials = ((LdCaseItem *) c->items->pdata[0])->serials;

      g_free (serials->pdata[i]);
      serials->pdata[i] = g_strdup_printf ("%s-%u", reference, i + 1);
    }
  r = ld_case_repo_create (desk->store, desk->actor, c, &error);
  g_assert_no_error (error);
  return r;
}

static LdEuc *
kenya_euc (void)
{
  LdEuc *e = ld_euc_new ();

  e->certificate_number = g_strdup ("EUC/KE/2026/0042");
  e->issuing_country = g_strdup ("KE");
  e->issuing_authority = g_strdup ("Ministry of Interior and National Administration");
  e->signatory = g_strdup ("P. Otieno, Principal Secretary");
  e->certified_on = g_strdup ("2026-01-12");
  e->issued_on = g_strdup ("2026-01-10");
  e->expires_on = g_strdup ("2027-01-10");
  e->item_description = g_strdup ("Rifles 7.62x51 mm");
  e->quantity = 3;
  e->destination_country = g_strdup ("KE");
  e->end_use = g_strdup ("Police service weapons");
  e->exporter_name = g_strdup ("Nordvik Arms AB");
  e->end_user_name = g_strdup ("National Police Service");
  e->undertakes_no_reexport = TRUE;
  e->original_seen = TRUE;
  return e;
}

static LdCaseRecord *
load_case (LdTestDesk *desk,
           const char *id)
{
  g_autoptr(GError) error = NULL;
  LdCaseRecord *r = ld_case_repo_load (desk->store, id, 0, &error);

  g_assert_no_error (error);
  return r;
}

/* A case created and submitted at desk A, with the certificate linked to it,
 * is in desk B's registers after a sync: the Applications list and search,
 * the case with its serial numbers (which a submission's image leaves out),
 * the certificate with its link; each pulled change audited as coming from
 * desk A, and both logs verify. */
static void
test_case_and_certificate_reach_other_desk (void)
{
  g_autoptr(LdTestDesk) a = ld_test_desk_new_with_role (server, "officer1", LD_ROLE_LICENSING_OFFICER, PASSWORD);
  g_autoptr(LdTestDesk) b = ld_test_desk_new_with_role (server, "officer2", LD_ROLE_LICENSING_OFFICER, PASSWORD);
  g_autoptr(LdCaseRecord) created = create_case (a, "EXP-2026-9001");
  g_autoptr(LdCaseRecord) submitted = NULL, seen = NULL, seen_again = NULL;
  g_autoptr(LdEuc) euc = kenya_euc ();
  g_autoptr(LdEucRecord) registered = NULL, linked = NULL, seen_euc = NULL;
  g_autoptr(GError) error = NULL;
  LdSyncStats stats;

  ld_test_desk_sync (b);
  submitted = ld_case_repo_transition (a->store, a->actor, created->id, LD_CASE_ACTION_SUBMIT, NULL, NULL, &error);
  g_assert_no_error (error);
  registered = ld_euc_repo_register (a->store, a->actor, euc, NULL, &error);
  g_assert_no_error (error);
  linked = ld_euc_repo_link (a->store, a->actor, registered->id, created->reference, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (search_section (b, "applications", "Nordvik"), ==, 0);

  ld_test_desk_sync (a);
  stats = ld_test_desk_sync (b);
  g_assert_cmpuint (stats.applied_locally, >=, 2);
  seen = load_case (b, created->id);
  g_assert_cmpstr (seen->reference, ==, created->reference);
  g_assert_cmpint (seen->status, ==, LD_CASE_STATUS_SUBMITTED);
  g_assert_cmpstr (ld_case_find_party (seen->data, "applicant")->name, ==, "Nordvik Arms AB");
  g_assert_cmpuint (seen->data->items->len, ==, 1);
  g_assert_cmpuint (((LdCaseItem *) seen->data->items->pdata[0])->serials->len, ==, 3);
  g_assert_cmpint (search_section (b, "applications", "Nordvik"), ==, 1);

  seen_euc = ld_euc_repo_get (b->store, "EUC/KE/2026/0042", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (seen_euc->euc->end_user_name, ==, "National Police Service");
  g_assert_true (seen_euc->euc->undertakes_no_reexport);
  g_assert_cmpint (seen_euc->euc->quantity, ==, 3);
  g_assert_cmpstr (ld_euc_record_linked_application (seen_euc), ==, created->reference);
  g_assert_cmpint (search_section (b, "eucs", "National Police"), ==, 1);

  assert_pulled_from (b, "pull-submit", a);
  /* Nothing echoes: B has nothing to send; A gets its own changes back as it
   * holds them, the create and the submission (sent together) never setting
   * its case back to a draft on the way. */
  g_assert_cmpint (pending (b), ==, 0);
  g_assert_cmpuint (ld_test_desk_sync (a).applied_locally, ==, 0);
  g_assert_cmpint (ld_test_desk_count (a, "SELECT count(*) FROM audit_log WHERE action LIKE 'pull-%'"
                                          " AND entity IN ('application', 'euc')"), ==, 0);

  /* Desk A's next step reaches B as well: the case and its history line. */
  g_clear_pointer (&submitted, ld_case_record_free);
  submitted = ld_case_repo_transition (a->store, a->actor, created->id, LD_CASE_ACTION_WITHDRAW, NULL, NULL, &error);
  g_assert_no_error (error);
  ld_test_desk_sync (a);
  g_assert_cmpuint (ld_test_desk_sync (b).applied_locally, ==, 2);
  seen_again = load_case (b, created->id);
  g_assert_cmpint (seen_again->status, ==, LD_CASE_STATUS_WITHDRAWN);
  ld_test_desk_assert_audit_verifies (a);
  ld_test_desk_assert_audit_verifies (b);
}

/* A licence's image as an issuing desk writes it, for the case @reference. */
static char *
licence_image (const char *reference)
{
  return g_strdup_printf ("{\"number\":\"LIC/EX/2026/LOCAL\",\"application\":\"%s\",\"application_version\":1,\"kind\":\"export\","
    "\"holder\":\"Nordvik Arms AB\",\"destination_country\":\"KE\",\"status\":\"issued\",\"stored_status\":\"issued\","
    "\"valid_from\":\"2026-02-01\",\"valid_until\":\"2027-01-31\",\"issued_on\":\"2026-02-01\",\"issued_by\":\"senior1\","
    "\"row_version\":1,\"conditions\":[\"No re-export without consent.\"],\"serials\":3,"
    "\"lines\":[{\"line\":1,\"category\":\"rifles_carbines\",\"description\":\"Rifles 7.62 mm\",\"quantity\":3,"
    "\"shipped\":0,\"remaining\":3}],"
    "\"history\":[{\"action\":\"issue\",\"from\":null,\"to\":\"issued\",\"by\":\"senior1\",\"role\":\"senior_officer\","
    "\"at\":\"2026-02-01T09:00:00Z\",\"reason\":null}],\"shipments\":[],\"voided_shipments\":[]}",
    reference);
}

/* A licence issued through the server takes the server's number (gapless,
 * its series), and desk B holds it with its lines, history and the serial
 * numbers of its case; the Licences list finds it by that number. */
static void
test_licence_numbered_by_server (void)
{
  g_autoptr(LdTestDesk) a = ld_test_desk_new_with_role (server, "officer1", LD_ROLE_LICENSING_OFFICER, PASSWORD);
  g_autoptr(LdTestDesk) issuing = ld_test_desk_new_with_role (server, "senior1", LD_ROLE_SENIOR_OFFICER, PASSWORD);
  g_autoptr(LdTestDesk) b = ld_test_desk_new_with_role (server, "officer2", LD_ROLE_LICENSING_OFFICER, PASSWORD);
  g_autoptr(LdCaseRecord) created = create_case (a, "EXP-2026-9002");
  g_autoptr(LdLicence) seen = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *licence_id = g_uuid_string_random ();
  g_autofree char *image = licence_image (created->reference);
  g_autofree char *expected_prefix = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  ld_test_desk_sync (b);
  ld_test_desk_sync (a);
  ld_test_desk_sync (issuing);
  g_free (ld_test_desk_write (issuing, "licence", licence_id, "issue", NULL, image));
  ld_test_desk_sync (issuing);
  ld_test_desk_sync (b);

  seen = ld_licence_repo_load (b->store, licence_id, &error);
  g_assert_no_error (error);
  /* The server's number, in its series, not the one the issuing desk wrote. */
  expected_prefix = g_strdup_printf ("LIC/EX/%d/", g_date_time_get_year (now));
  g_assert_true (g_str_has_prefix (seen->number, expected_prefix));
  g_assert_cmpstr (seen->holder_name, ==, "Nordvik Arms AB");
  g_assert_cmpstr (seen->application_reference, ==, created->reference);
  g_assert_cmpuint (seen->lines->len, ==, 1);
  g_assert_cmpint (((LdLicenceLine *) seen->lines->pdata[0])->quantity, ==, 3);
  g_assert_cmpuint (seen->events->len, ==, 1);
  g_assert_cmpint (seen->n_serials, ==, 3);
  g_assert_cmpint (search_section (b, "licences", "Nordvik"), ==, 1);
  g_assert_cmpint (ld_test_desk_count (b, "SELECT count(*) FROM audit_log WHERE entity = 'licence'"
                                          " AND action LIKE 'pull-issue from senior1 at desk %'"), ==, 1);
  ld_test_desk_assert_audit_verifies (b);
  ld_test_desk_assert_audit_verifies (issuing);
}

/* A licence and a later change of its case arrive in one pull at a desk that
 * does not hold the case yet: the licence still lands with its case and the
 * case's serial numbers (a page is applied cases first, each record's last
 * image only). */
static void
test_licence_with_later_case_change (void)
{
  g_autoptr(LdTestDesk) a = ld_test_desk_new_with_role (server, "officer1", LD_ROLE_LICENSING_OFFICER, PASSWORD);
  g_autoptr(LdTestDesk) issuing = ld_test_desk_new_with_role (server, "senior1", LD_ROLE_SENIOR_OFFICER, PASSWORD);
  g_autoptr(LdTestDesk) b = ld_test_desk_new_with_role (server, "officer2", LD_ROLE_LICENSING_OFFICER, PASSWORD);
  g_autoptr(LdCaseRecord) created = create_case (a, "EXP-2026-9004");
  g_autoptr(LdCaseRecord) submitted = NULL, seen_case = NULL;
  g_autoptr(LdLicence) seen = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *licence_id = g_uuid_string_random ();
  g_autofree char *image = licence_image (created->reference);

  ld_test_desk_sync (b);
  ld_test_desk_sync (a);
  ld_test_desk_sync (issuing);
  g_free (ld_test_desk_write (issuing, "licence", licence_id, "issue", NULL, image));
  ld_test_desk_sync (issuing);
  submitted = ld_case_repo_transition (a->store, a->actor, created->id, LD_CASE_ACTION_SUBMIT, NULL, NULL, &error);
  g_assert_no_error (error);
  ld_test_desk_sync (a);
  /* One pull brings the case's creation, the licence and the submission. */
  ld_test_desk_sync (b);

  seen_case = load_case (b, created->id);
  g_assert_cmpint (seen_case->status, ==, LD_CASE_STATUS_SUBMITTED);
  seen = ld_licence_repo_load (b->store, licence_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (seen->application_reference, ==, created->reference);
  g_assert_cmpint (seen->n_serials, ==, 3);
  ld_test_desk_assert_audit_verifies (b);
}

/* An image the register cannot hold (a licence without a number or validity)
 * stays in the server copy; the pull goes on and the desk's log verifies. */
static void
test_incomplete_image_stays_in_server_copy (void)
{
  g_autoptr(LdTestDesk) issuing = ld_test_desk_new_with_role (server, "senior1", LD_ROLE_SENIOR_OFFICER, PASSWORD);
  g_autoptr(LdTestDesk) b = ld_test_desk_new_with_role (server, "officer2", LD_ROLE_LICENSING_OFFICER, PASSWORD);
  g_autofree char *licence_id = g_uuid_string_random ();

  g_free (ld_test_desk_write (issuing, "licence", licence_id, "issue", NULL, "{\"kind\":\"export\"}"));
  ld_test_desk_sync (issuing);
  ld_test_desk_sync (b);
  g_assert_cmpint (ld_test_desk_count_with (b, "SELECT count(*) FROM licence WHERE id = ?1", licence_id, NULL), ==, 0);
  g_assert_cmpint (ld_test_desk_count_with (b, "SELECT count(*) FROM sync_record WHERE record_id = ?1", licence_id,
                                            NULL), ==, 1);
  ld_test_desk_assert_audit_verifies (b);
}

static char *
server_text (const char *sql)
{
  g_autoptr(PGconn) owner = ld_test_pg_connect_owner (server);

  return ld_test_pg_query_text (owner, sql);
}

/* Every row @sql reads, its columns but the times ("…_at": when a desk
 * wrote a row is its own), as one text to compare; the desk's own user (who
 * wrote the row at that desk) and the ids it made at random as placeholders.
 * @sql is a test constant. */
/* An id a desk made at random for a row of its own (a case's version, its
 * parties), as the order in which the dump first meets it: two desks with
 * the same rows name them alike. */
static char *
uuid_by_order (GHashTable *uuids,
               const char *uuid)
{
  gpointer n = g_hash_table_lookup (uuids, uuid);

  if (n == NULL)
    {
      n = GUINT_TO_POINTER (g_hash_table_size (uuids) + 1);
      g_hash_table_insert (uuids, g_strdup (uuid), n);
    }
  return g_strdup_printf ("(id %u)", GPOINTER_TO_UINT (n));
}

static char *
dump_rows (LdTestDesk *desk,
           const char *sql)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GHashTable) uuids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_assert_true (ld_store_begin_read (desk->store, &error));
  stmt = ld_store_prepare (desk->store, sql, &error);
  g_assert_no_error (error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        if (!g_str_has_suffix (sqlite3_column_name (stmt, i), "_at"))
          {
            const char *value = (const char *) sqlite3_column_text (stmt, i);

            g_autofree char *renamed = NULL;

            if (g_strcmp0 (value, desk->actor->user_id) == 0)
              value = "(the desk's user)";
            else if (value != NULL && g_uuid_string_is_valid (value))
              value = renamed = uuid_by_order (uuids, value);

            g_string_append_printf (text, "%s=%s\t", sqlite3_column_name (stmt, i), value ? value : "NULL");
          }
      g_string_append_c (text, '\n');
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_reset (stmt);
  ld_store_rollback (desk->store);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The old way: each server record written into the registers on its own,
 * one savepoint each (ld_pulled_apply()), in the order a bootstrap copies
 * them (key order), as the bootstrap did before it went by chunks. */
static void
fill_record_by_record (LdTestDesk *desk)
{
  g_autoptr(PGconn) owner = ld_test_pg_connect_owner (server);
  g_autoptr(PGresult) rows = PQexec (owner, "SELECT entity, record_id, fields::text, updated_by FROM ld.record r"
                                            " ORDER BY r.entity, r.record_id");
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (PQresultStatus (rows), ==, PGRES_TUPLES_OK);
  g_assert_true (ld_store_begin (desk->store, &error));
  for (int i = 0; i < PQntuples (rows); i++)
    {
      g_autofree char *action = g_strdup_printf ("pull-bootstrap from %s", PQgetvalue (rows, i, 3));
      LdPulledOutcome outcome;

      g_assert_true (ld_pulled_apply (desk->store, desk->actor, LD_PULLED_FROM_SERVER, action, PQgetvalue (rows, i, 0),
                                      PQgetvalue (rows, i, 1), PQgetvalue (rows, i, 2), &outcome, &error));
      g_assert_no_error (error);
    }
  g_assert_true (ld_store_commit (desk->store, &error));
}

static gboolean
stop_mid_bootstrap (LdSyncFault fault,
                    gpointer    user_data)
{
  return fault == LD_SYNC_FAULT_MID_BOOTSTRAP;
}

/* A new desk with a profile fills its registers from the server's snapshot
 * (brokers, then cases, licences and certificates) chunk by chunk, one
 * savepoint per chunk rather than one per record, the search index written
 * at each chunk's end;
 * stopped after its first page and resumed, it ends with the same registers
 * (rows, search index) as a desk that took every record on its own, one
 * audit entry per record written and none sent back (no outbox row), and
 * its audit log verifies. A record the register refuses (a broker with no
 * country) in the middle of a chunk sends that chunk the old way and stays
 * in the server copy only. */
static void
test_bootstrap_fills_registers_as_record_by_record (void)
{
  g_autoptr(LdTestDesk) fresh = desk_as ("officer2");
  g_autoptr(LdTestDesk) reference = desk_as ("clerk2");
  g_autoptr(GError) error = NULL;
  LdSyncStats first = { 0 }, second = { 0 };
  g_autofree char *total = NULL;
  gint64 server_total, held_after_stop;
  /* Every row of each register table, rowid first, as dump_rows() reads them. */
  const char *tables[] = {
    "SELECT rowid, * FROM broker ORDER BY rowid", "SELECT rowid, * FROM broker_fts ORDER BY rowid",
    "SELECT rowid, * FROM application ORDER BY rowid", "SELECT rowid, * FROM application_version ORDER BY rowid",
    "SELECT rowid, * FROM application_party ORDER BY rowid", "SELECT rowid, * FROM application_item ORDER BY rowid",
    "SELECT rowid, * FROM application_serial ORDER BY rowid", "SELECT rowid, * FROM application_fts ORDER BY rowid",
    "SELECT rowid, * FROM licence ORDER BY rowid", "SELECT rowid, * FROM licence_line ORDER BY rowid",
    "SELECT rowid, * FROM licence_serial ORDER BY rowid", "SELECT rowid, * FROM licence_fts ORDER BY rowid",
    "SELECT rowid, * FROM euc ORDER BY rowid", "SELECT rowid, * FROM euc_fts ORDER BY rowid",
  };

  {
    g_autoptr(PGconn) owner = ld_test_pg_connect_owner (server);

    ld_test_pg_exec (owner, "INSERT INTO ld.record SELECT 'broker', 'fill-' || lpad(i::text, 6, '0'), 1,"
                            " jsonb_build_object('legal_name', 'Filled Broker ' || i, 'country', 'NO',"
                            " 'status', 'registered', 'other_names', 'Alias ' || (i % 97),"
                            " 'company_number', 'NO-' || i), 'ld_owner'"
                            " FROM generate_series(1, 24000) AS i");
    ld_test_pg_exec (owner, "UPDATE ld.record SET fields = fields - 'country'"
                            " WHERE entity = 'broker' AND record_id = 'fill-013001'");
    /* And the rest of an office, after the brokers: cases, a licence
     * issued on every other one, certificates. */
    ld_test_pg_exec (owner, "INSERT INTO ld.record SELECT 'application', 'fill-app-' || lpad(i::text, 4, '0'), 1,"
                            " jsonb_build_object('reference', 'EXP-2026-F' || lpad(i::text, 4, '0'), 'kind', 'export',"
                            " 'status', 'submitted', 'current_version', 1, 'row_version', 1,"
                            " 'route', jsonb_build_object('origin', 'SE', 'export', 'SE', 'destination', 'KE'),"
                            " 'parties', jsonb_build_array(jsonb_build_object('role', 'applicant', 'type', 'commercial',"
                            " 'name', 'Filled Applicant ' || i || ' AB', 'country', 'SE')),"
                            " 'items', jsonb_build_array(jsonb_build_object('category', 'rifles_carbines',"
                            " 'description', 'Rifles 7.62 mm', 'quantity', 2,"
                            " 'serials', jsonb_build_array('FS-' || i || '-1', 'FS-' || i || '-2')))), 'ld_owner'"
                            " FROM generate_series(1, 1500) AS i");
    ld_test_pg_exec (owner, "INSERT INTO ld.record SELECT 'licence', 'fill-lic-' || lpad(i::text, 4, '0'), 1,"
                            " jsonb_build_object('number', 'LIC/EX/2026/F' || lpad(i::text, 4, '0'),"
                            " 'application', 'EXP-2026-F' || lpad(i::text, 4, '0'), 'application_version', 1,"
                            " 'kind', 'export', 'holder', 'Filled Applicant ' || i || ' AB',"
                            " 'destination_country', 'KE', 'status', 'issued', 'stored_status', 'issued',"
                            " 'valid_from', '2026-02-01', 'valid_until', '2027-01-31', 'issued_on', '2026-02-01',"
                            " 'issued_by', 'senior1', 'row_version', 1, 'serials', 2,"
                            " 'lines', jsonb_build_array(jsonb_build_object('line', 1, 'category', 'rifles_carbines',"
                            " 'description', 'Rifles 7.62 mm', 'quantity', 2, 'shipped', 0, 'remaining', 2)),"
                            " 'history', '[]'::jsonb, 'shipments', '[]'::jsonb, 'voided_shipments', '[]'::jsonb),"
                            " 'ld_owner' FROM generate_series(1, 1500, 2) AS i");
    ld_test_pg_exec (owner, "INSERT INTO ld.record SELECT 'euc', 'fill-euc-' || lpad(i::text, 4, '0'), 1,"
                            " jsonb_build_object('certificate_number', 'EUC/KE/2026/F' || lpad(i::text, 4, '0'),"
                            " 'issuing_country', 'KE', 'issued_on', '2026-01-10', 'quantity', 2,"
                            " 'end_user_name', 'Filled Police Unit ' || i, 'exporter_name', 'Filled Applicant ' || i,"
                            " 'verification_status', 'unverified', 'row_version', 1), 'ld_owner'"
                            " FROM generate_series(2, 1500, 2) AS i");
  }
  total = server_text ("SELECT count(*) FROM ld.record");
  server_total = g_ascii_strtoll (total, NULL, 10);
  g_assert_cmpint (server_total, >, 20000);

  ld_sync_engine_set_fault_func (fresh->engine, stop_mid_bootstrap, NULL);
  g_assert_false (ld_sync_engine_pull (fresh->engine, &first, &error));
  g_assert_error (error, LD_SYNC_ERROR, LD_SYNC_ERROR_INTERRUPTED);
  g_clear_error (&error);
  held_after_stop = ld_test_desk_count (fresh, "SELECT count(*) FROM sync_record");
  /* A page is a chunk (2,000 rows) for a desk that fills its registers. */
  g_assert_cmpint (held_after_stop, ==, 2000);
  g_assert_cmpint (ld_test_desk_count (fresh, "SELECT count(*) FROM broker WHERE id LIKE 'fill-%'"), <, 2000);
  ld_sync_engine_set_fault_func (fresh->engine, NULL, NULL);
  g_assert_true (ld_sync_engine_pull (fresh->engine, &second, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ld_test_desk_count (fresh, "SELECT count(*) FROM sync_record"), ==, server_total);
  g_assert_cmpint (first.bootstrapped + second.bootstrapped, ==, server_total);

  fill_record_by_record (reference);
  g_assert_cmpint (ld_test_desk_count (fresh, "SELECT count(*) FROM broker WHERE id LIKE 'fill-%'"), ==, 23999);
  g_assert_cmpint (ld_test_desk_count (fresh, "SELECT count(*) FROM broker WHERE id = 'fill-013001'"), ==, 0);
  g_assert_cmpint (ld_test_desk_count (fresh, "SELECT count(*) FROM sync_record WHERE record_id = 'fill-013001'"),
                   ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *fast = dump_rows (fresh, tables[i]);
      g_autofree char *slow = dump_rows (reference, tables[i]);

      if (g_strcmp0 (fast, slow) != 0)
        {
          g_auto(GStrv) a = g_strsplit (fast, "\n", -1);
          g_auto(GStrv) b = g_strsplit (slow, "\n", -1);
          guint k = 0;

          while (a[k] && b[k] && g_str_equal (a[k], b[k]))
            k++;
          g_error ("the bootstrapped desk's %s differs from the one filled record by record:\n%s\n%s", tables[i],
                   a[k] ? a[k] : "(end)", b[k] ? b[k] : "(end)");
        }
    }
  {
    g_autofree char *fast = dump_rows (fresh, "SELECT * FROM search_term ORDER BY fts_table, term");
    g_autofree char *slow = dump_rows (reference, "SELECT * FROM search_term ORDER BY fts_table, term");

    g_assert_cmpstr (fast, ==, slow);
  }
  g_assert_cmpint (ld_test_desk_count (fresh, "SELECT count(*) FROM application WHERE id LIKE 'fill-%'"), ==, 1500);
  g_assert_cmpint (ld_test_desk_count (fresh, "SELECT count(*) FROM licence WHERE id LIKE 'fill-%'"), ==, 750);
  g_assert_cmpint (ld_test_desk_count (fresh, "SELECT count(*) FROM euc WHERE id LIKE 'fill-%'"), ==, 750);
  g_assert_cmpint (search_section (fresh, "applications", "Filled Applicant 1201"), ==, 1);
  g_assert_cmpint (search_section (fresh, "eucs", "Filled Police"), ==, search_section (reference, "eucs", "Filled Police"));
  g_assert_cmpint (search_brokers (fresh, "Filled Broker 17001"), ==, 1);
  g_assert_cmpint (search_brokers (fresh, "Alias 5"), ==, search_brokers (reference, "Alias 5"));
  /* One audit entry per record written, as record by record; none queued
   * for the server. */
  g_assert_cmpint (ld_test_desk_count (fresh, "SELECT count(*) FROM audit_log WHERE action LIKE 'pull-bootstrap%'"),
                   ==, first.applied_locally + second.applied_locally);
  g_assert_cmpint (ld_test_desk_count (fresh, "SELECT count(*) FROM audit_log WHERE action LIKE 'pull-bootstrap%'"),
                   ==, ld_test_desk_count (reference, "SELECT count(*) FROM audit_log"
                                                      " WHERE action LIKE 'pull-bootstrap%'"));
  g_assert_cmpint (ld_test_desk_count (fresh, "SELECT count(*) FROM audit_log WHERE action LIKE 'pull-bootstrap%'"
                                              " AND record_id = 'fill-013001'"), ==, 0);
  /* (The desk's own profile, made at the desk, is queued: not a pulled record.) */
  g_assert_cmpint (ld_test_desk_count (fresh, "SELECT count(*) FROM outbox o JOIN sync_record s"
                                              " ON s.entity = o.entity AND s.record_id = o.record_id"), ==, 0);
  ld_test_desk_assert_audit_verifies (fresh);
  ld_test_desk_assert_audit_verifies (reference);
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
  ld_test_pg_add_login (server, "officer1", PASSWORD, "ld_officer");
  ld_test_pg_add_login (server, "officer2", PASSWORD, "ld_officer");
  ld_test_pg_add_login (server, "senior1", PASSWORD, "ld_senior");

  g_test_add_func ("/pg/registers/broker-reaches-other-desk", test_broker_reaches_other_desk);
  g_test_add_func ("/pg/registers/list-marks-pending-and-conflict", test_list_marks_pending_and_conflict);
  g_test_add_func ("/pg/registers/list-marks-only-on-a-desk-meant-to-sync",
                   test_list_marks_only_on_a_desk_meant_to_sync);
  g_test_add_func ("/pg/registers/conflict-keep-mine", test_conflict_keep_mine);
  g_test_add_func ("/pg/registers/conflict-take-theirs", test_conflict_take_theirs);
  g_test_add_func ("/pg/registers/no-profile-keeps-server-copy", test_no_profile_keeps_server_copy);
  g_test_add_func ("/pg/registers/case-and-certificate-reach-other-desk", test_case_and_certificate_reach_other_desk);
  g_test_add_func ("/pg/registers/licence-numbered-by-server", test_licence_numbered_by_server);
  g_test_add_func ("/pg/registers/licence-with-later-case-change", test_licence_with_later_case_change);
  g_test_add_func ("/pg/registers/incomplete-image-stays-in-server-copy", test_incomplete_image_stays_in_server_copy);
  g_test_add_func ("/pg/registers/bootstrap-fills-registers-as-record-by-record",
                   test_bootstrap_fills_registers_as_record_by_record);
  status = g_test_run ();
  ld_test_pg_free (server);
  return status;
}
