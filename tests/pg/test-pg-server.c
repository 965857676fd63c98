/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The central database's schema against a real PostgreSQL 15 that this test
 * starts: installation and upgrade rules, the office roles and row-level
 * security, four eyes checked by the server from the session's login, and
 * gapless numbers under concurrent issuance. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ld-sync-server.h"
#include "ld-test-pg.h"

static LdTestPg *server;

#define PASSWORD "desk-pass-2026"

static PGconn *
connect_as (const char *login)
{
  g_autofree char *uri = ld_test_pg_uri (server, login, 0);
  g_autoptr(GError) error = NULL;
  PGconn *conn = ld_sync_server_connect (uri, PASSWORD, &error);

  g_assert_no_error (error);
  return conn;
}

/* Pushes one mutation as the connection's login; returns "outcome|detail". */
static char *
push (PGconn     *conn,
      const char *entity,
      const char *record_id,
      const char *action,
      const char *base,
      const char *mine)
{
  g_autofree char *mutation_id = g_uuid_string_random ();
  const char *values[] = { mutation_id, "test-desk", "tx", entity, record_id, action, base, mine };
  g_autoptr(PGresult) result = PQexecParams (conn,
    "SELECT outcome, coalesce(detail, '') FROM ld.push_mutation($1::uuid, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb)",
    8, NULL, values, NULL, NULL, 0);

  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    return g_strdup_printf ("error|%s", PQresultErrorField (result, PG_DIAG_SQLSTATE));
  return g_strdup_printf ("%s|%s", PQgetvalue (result, 0, 0), PQgetvalue (result, 0, 1));
}

static char *
field_of (const char *entity,
          const char *record_id,
          const char *field)
{
  g_autoptr(PGconn) owner = ld_test_pg_connect_owner (server);
  const char *values[] = { entity, record_id, field };
  g_autoptr(PGresult) result = PQexecParams (owner,
    "SELECT fields->>$3 FROM ld.record WHERE entity = $1 AND record_id = $2", 3, NULL, values, NULL, NULL, 0);

  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  return PQntuples (result) && !PQgetisnull (result, 0, 0) ? g_strdup (PQgetvalue (result, 0, 0)) : NULL;
}

static void
test_install_is_idempotent (void)
{
  g_autofree char *uri = ld_test_pg_uri (server, LD_TEST_PG_SUPERUSER, 0);
  g_autoptr(PGconn) owner = ld_test_pg_connect_owner (server);
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL, *roles = NULL;
  int from = -1, to = -1;

  /* main() installed it once; a second run finds it and changes nothing. */
  g_assert_true (ld_sync_server_install (uri, ld_test_pg_owner_password (server), &from, &to, &error));
  g_assert_no_error (error);
  g_assert_cmpint (from, ==, ld_sync_server_supported_version ());
  g_assert_cmpint (to, ==, from);
  version = ld_test_pg_query_text (owner, "SELECT version FROM ld.schema_info");
  g_assert_cmpint (atoi (version), ==, ld_sync_server_supported_version ());
  roles = ld_test_pg_query_text (owner, "SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles "
                                        "WHERE rolname LIKE 'ld\\_%' AND NOT rolcanlogin");
  g_assert_cmpstr (roles, ==, "ld_admin,ld_auditor,ld_clerk,ld_desk,ld_issuance,ld_officer,ld_senior");
  g_assert_true (ld_sync_server_check_schema (owner, &error));
  g_assert_no_error (error);
}

/* One of the project's server schema files, as shipped in the source tree. */
static char *
schema_file (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "src", "sync", "server", name, NULL);
  char *sql = NULL;

  g_assert_true (g_file_get_contents (path, &sql, NULL, NULL));
  return sql;
}

/* An office's server at schema version 3 (before the push answer carried
 * numbers), with a licence issued on it: init-server upgrades it to the
 * current version in one run and a second run changes nothing; the issue
 * pushed again (a desk that never recorded its answer) now gets the number it
 * took then. */
static void
test_upgrade_from_version_3 (void)
{
  g_autoptr(PGconn) owner = ld_test_pg_connect_owner (server);
  g_autofree char *conninfo = NULL, *uri = NULL, *number = NULL, *version = NULL;
  g_autoptr(PGconn) old = NULL;
  g_autoptr(GError) error = NULL;
  const char *files[] = { "0001-central.sql", "0002-new-record-nulls.sql", "0003-act-changes-and-events.sql" };
  const char *values[] = { "6b0cf0a4-0c51-4d5e-8a53-2f0e8d1c0003", "old-desk", "tx", "licence", "lic-v3", "issue",
                           NULL, "{\"kind\":\"export\"}" };
  int from = -1, to = -1;

  ld_test_pg_exec (owner, "CREATE DATABASE licence_v3");
  conninfo = g_strdup_printf ("host=127.0.0.1 port=%d dbname=licence_v3 user=%s password=%s",
                              ld_test_pg_port (server), LD_TEST_PG_SUPERUSER, ld_test_pg_owner_password (server));
  old = PQconnectdb (conninfo);
  g_assert_cmpint (PQstatus (old), ==, CONNECTION_OK);
  /* The roles are the cluster's: installed already by main(); the schema of
   * version 3 goes into the new database as init-server of that release did. */
  ld_test_pg_exec (old, "BEGIN");
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *sql = schema_file (files[i]);

      ld_test_pg_exec (old, sql);
    }
  ld_test_pg_exec (old, "INSERT INTO ld.schema_info (version) VALUES (3); COMMIT");
  /* An authorisation a desk numbered itself and pushed as an edit, as desks did
   * before the server numbered them. */
  ld_test_pg_exec (old, "INSERT INTO ld.record (entity, record_id, row_version, fields, updated_by) VALUES"
                        " ('broker_authorisation', 'ba-printed', 1,"
                        " '{\"number\": \"BA-2026-00007\", \"status\": \"granted\"}', current_user)");
  {
    g_autoptr(PGresult) issued = PQexecParams (old, "SELECT outcome FROM ld.push_mutation($1::uuid, $2, $3, $4, $5,"
                                                    " $6, $7::jsonb, $8::jsonb)", 8, NULL, values, NULL, NULL, 0);

    g_assert_cmpint (PQresultStatus (issued), ==, PGRES_TUPLES_OK);
    g_assert_cmpstr (PQgetvalue (issued, 0, 0), ==, "applied");
  }

  uri = g_strdup_printf ("postgresql://%s@127.0.0.1:%d/licence_v3", LD_TEST_PG_SUPERUSER, ld_test_pg_port (server));
  g_assert_true (ld_sync_server_install (uri, ld_test_pg_owner_password (server), &from, &to, &error));
  g_assert_no_error (error);
  g_assert_cmpint (from, ==, 3);
  g_assert_cmpint (to, ==, ld_sync_server_supported_version ());
  g_assert_true (ld_sync_server_install (uri, ld_test_pg_owner_password (server), &from, &to, &error));
  g_assert_no_error (error);
  g_assert_cmpint (from, ==, to);
  version = ld_test_pg_query_text (old, "SELECT version FROM ld.schema_info");
  g_assert_cmpint (atoi (version), ==, ld_sync_server_supported_version ());
  {
    g_autoptr(PGresult) again = PQexecParams (old, "SELECT outcome, number FROM ld.push_mutation($1::uuid, $2, $3,"
                                                   " $4, $5, $6, $7::jsonb, $8::jsonb)", 8, NULL, values, NULL, NULL,
                                              0);

    g_assert_cmpint (PQresultStatus (again), ==, PGRES_TUPLES_OK);
    g_assert_cmpstr (PQgetvalue (again, 0, 0), ==, "applied");
    number = g_strdup (PQgetvalue (again, 0, 1));
  }
  g_assert_true (g_str_has_prefix (number, "LIC/EX/"));
  g_assert_true (g_str_has_suffix (number, "/000001"));
  /* The printed authorisation number is taken: the series goes on after it. */
  {
    g_autofree char *taken = ld_test_pg_query_text (old, "SELECT record_id FROM ld.number_issued"
                                                         " WHERE series = 'BA-2026' AND number = 7");
    g_autofree char *last = ld_test_pg_query_text (old, "SELECT last_number FROM ld.number_series"
                                                        " WHERE series = 'BA-2026'");
    g_autofree char *next = ld_test_pg_query_text (old, "SELECT ld.next_number('BA-2026')");

    g_assert_cmpstr (taken, ==, "ba-printed");
    g_assert_cmpstr (last, ==, "7");
    g_assert_cmpstr (next, ==, "8");
  }
  /* The desks of this release speak to it again (a newer one is refused: see newer-schema-is-refused). */
  g_assert_true (ld_sync_server_check_schema (old, &error));
  g_assert_no_error (error);
}

static void
test_newer_schema_is_refused (void)
{
  g_autofree char *uri = ld_test_pg_uri (server, LD_TEST_PG_SUPERUSER, 0);
  g_autoptr(PGconn) owner = ld_test_pg_connect_owner (server);
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  int from = -1, to = -1;

  ld_test_pg_exec (owner, "UPDATE ld.schema_info SET version = 99");
  g_assert_false (ld_sync_server_install (uri, ld_test_pg_owner_password (server), &from, &to, &error));
  g_assert_error (error, LD_SYNC_ERROR, LD_SYNC_ERROR_SCHEMA_NEWER);
  g_assert_nonnull (strstr (error->message, "version 99"));
  g_assert_nonnull (strstr (error->message, "update Licence Desk"));
  g_clear_error (&error);
  after = ld_test_pg_query_text (owner, "SELECT version FROM ld.schema_info");
  g_assert_cmpstr (after, ==, "99");
  g_assert_false (ld_sync_server_check_schema (owner, &error));
  g_assert_error (error, LD_SYNC_ERROR, LD_SYNC_ERROR_SCHEMA_NEWER);
  {
    g_autofree char *version = g_strdup_printf ("%d", ld_sync_server_supported_version ());

    ld_test_pg_exec_with (owner, "UPDATE ld.schema_info SET version = $1::integer", version, NULL);
  }
}

static void
test_missing_schema_is_named (void)
{
  g_autoptr(PGconn) owner = ld_test_pg_connect_owner (server);
  g_autoptr(GError) error = NULL;

  ld_test_pg_exec (owner, "CREATE DATABASE empty_office");
  {
    g_autofree char *conninfo = g_strdup_printf ("host=127.0.0.1 port=%d dbname=empty_office user=%s",
                                                 ld_test_pg_port (server), LD_TEST_PG_SUPERUSER);
    g_autoptr(PGconn) empty = ld_sync_server_connect (conninfo, ld_test_pg_owner_password (server), &error);

    g_assert_no_error (error);
    g_assert_false (ld_sync_server_check_schema (empty, &error));
    g_assert_error (error, LD_SYNC_ERROR, LD_SYNC_ERROR_NO_SCHEMA);
    g_assert_nonnull (strstr (error->message, "init-server"));
  }
}

static void
test_bad_logins_and_addresses (void)
{
  g_autofree char *uri = ld_test_pg_uri (server, "senior1", 0);
  g_autofree char *with_password = g_strdup_printf ("postgresql://senior1:%s@127.0.0.1:%d/licence", PASSWORD,
                                                    ld_test_pg_port (server));
  g_autofree char *nowhere = g_strdup_printf ("postgresql://senior1@127.0.0.1:%d/licence", 1);
  g_autoptr(GError) error = NULL;
  PGconn *conn;

  conn = ld_sync_server_connect (uri, "Xq9-not-it", &error);
  g_assert_null (conn);
  g_assert_error (error, LD_SYNC_ERROR, LD_SYNC_ERROR_LOGIN_REFUSED);
  g_assert_null (strstr (error->message, "Xq9-not-it"));
  g_clear_error (&error);

  conn = ld_sync_server_connect (with_password, NULL, &error);
  g_assert_null (conn);
  g_assert_error (error, LD_SYNC_ERROR, LD_SYNC_ERROR_BAD_ADDRESS);
  g_assert_null (strstr (error->message, PASSWORD));
  g_clear_error (&error);

  conn = ld_sync_server_connect (nowhere, PASSWORD, &error);
  g_assert_null (conn);
  g_assert_error (error, LD_SYNC_ERROR, LD_SYNC_ERROR_UNREACHABLE);
}

/* The server, not the desk, decides: the officer who recommended cannot
 * approve; a clerk cannot approve at all; an auditor cannot write. */
static void
test_four_eyes_on_the_server (void)
{
  g_autoptr(PGconn) senior1 = connect_as ("senior1");
  g_autoptr(PGconn) senior2 = connect_as ("senior2");
  g_autoptr(PGconn) clerk = connect_as ("clerk1");
  g_autoptr(PGconn) auditor = connect_as ("auditor1");
  g_autofree char *created = NULL, *assessed = NULL, *recommended = NULL, *own = NULL, *by_clerk = NULL;
  g_autofree char *approved = NULL, *again = NULL, *by_auditor = NULL, *status = NULL, *approver = NULL;

  created = push (senior1, "application", "case-4eyes", "create", NULL, "{\"status\":\"draft\"}");
  g_assert_cmpstr (created, ==, "applied|");
  g_free (assessed);
  assessed = push (senior1, "application", "case-4eyes", "submit", NULL, "{}");
  g_assert_cmpstr (assessed, ==, "applied|");
  g_free (assessed);
  assessed = push (senior1, "application", "case-4eyes", "assess", NULL, "{}");
  g_assert_cmpstr (assessed, ==, "applied|");
  recommended = push (senior1, "application", "case-4eyes", "recommend_approval", NULL, "{}");
  g_assert_cmpstr (recommended, ==, "applied|");
  /* An edited desk that believes its own recommendation may be approved. */
  own = push (senior1, "application", "case-4eyes", "approve", NULL, "{\"status\":\"approved\"}");
  g_assert_true (g_str_has_prefix (own, "refused|senior1 did “recommend_approval”"));
  by_clerk = push (clerk, "application", "case-4eyes", "approve", NULL, "{}");
  g_assert_true (g_str_has_prefix (by_clerk, "refused|clerk1 may not approve"));
  by_auditor = push (auditor, "application", "case-4eyes", "create", NULL, "{}");
  g_assert_cmpstr (by_auditor, ==, "error|42501");
  status = field_of ("application", "case-4eyes", "status");
  g_assert_cmpstr (status, ==, "recommended_approval");

  approved = push (senior2, "application", "case-4eyes", "approve", NULL, "{}");
  g_assert_cmpstr (approved, ==, "applied|");
  approver = field_of ("application", "case-4eyes", "approve_by");
  g_assert_cmpstr (approver, ==, "senior2");
  /* A second approval finds the state changed. */
  again = push (senior2, "application", "case-4eyes", "approve", NULL, "{}");
  g_assert_true (g_str_has_prefix (again, "refused|A application that is approved cannot"));
}

/* An edited desk cannot reach a state by editing the record: a new record
 * starts as a draft, and status, acts' logins and numbers change only
 * through acts. */
static void
test_edits_cannot_act (void)
{
  g_autoptr(PGconn) senior1 = connect_as ("senior1");
  g_autofree char *born_approved = push (senior1, "application", "case-edit", "create", NULL,
                                         "{\"status\":\"approved\"}");
  g_autofree char *draft = push (senior1, "application", "case-edit", "create", NULL,
                                 "{\"status\":\"draft\",\"applicant\":\"A\"}");
  g_autofree char *set_status = push (senior1, "application", "case-edit", "update",
                                      "{\"status\":\"draft\",\"applicant\":\"A\"}",
                                      "{\"status\":\"approved\",\"applicant\":\"A\"}");
  g_autofree char *spoof = push (senior1, "application", "case-edit", "update",
                                 "{\"status\":\"draft\",\"applicant\":\"A\"}",
                                 "{\"status\":\"draft\",\"applicant\":\"A\",\"recommend_approval_by\":\"x\"}");
  g_autofree char *plain = push (senior1, "application", "case-edit", "update",
                                 "{\"status\":\"draft\",\"applicant\":\"A\"}",
                                 "{\"status\":\"draft\",\"applicant\":\"B\"}");
  g_autofree char *status = field_of ("application", "case-edit", "status");
  g_autofree char *applicant = field_of ("application", "case-edit", "applicant");

  g_assert_true (g_str_has_prefix (born_approved, "refused|An edit cannot set status of a application"));
  g_assert_cmpstr (draft, ==, "applied|");
  g_assert_true (g_str_has_prefix (set_status, "refused|An edit cannot set status"));
  g_assert_true (g_str_has_prefix (spoof, "refused|An edit cannot set recommend_approval_by"));
  g_assert_cmpstr (plain, ==, "applied|");
  g_assert_cmpstr (status, ==, "draft");
  g_assert_cmpstr (applicant, ==, "B");
}

/* Desks read only through row-level security and write only through
 * ld.push_mutation(). */
static void
test_roles_and_row_security (void)
{
  g_autoptr(PGconn) senior1 = connect_as ("senior1");
  g_autoptr(PGconn) clerk = connect_as ("clerk1");
  g_autofree char *denial = push (senior1, "denial", "denial-1", "create", NULL, "{\"name\":\"X\"}");
  g_autofree char *seen_by_senior = ld_test_pg_query_text (senior1, "SELECT count(*) FROM ld.record "
                                                                    "WHERE entity = 'denial'");
  g_autofree char *seen_by_clerk = ld_test_pg_query_text (clerk, "SELECT count(*) FROM ld.record "
                                                                  "WHERE entity = 'denial'");
  g_autofree char *log_seen_by_clerk = ld_test_pg_query_text (clerk, "SELECT count(*) FROM ld.change_log "
                                                                      "WHERE entity = 'denial'");
  g_autoptr(PGresult) forged = PQexec (clerk, "UPDATE ld.record SET fields = '{}'");
  g_autoptr(PGresult) internal = PQexec (clerk, "SELECT ld.next_number('LIC/EX/2026')");

  g_assert_cmpstr (denial, ==, "applied|");
  g_assert_cmpstr (seen_by_senior, ==, "1");
  g_assert_cmpstr (seen_by_clerk, ==, "0");
  g_assert_cmpstr (log_seen_by_clerk, ==, "0");
  g_assert_cmpstr (PQresultErrorField (forged, PG_DIAG_SQLSTATE), ==, "42501");
  g_assert_cmpstr (PQresultErrorField (internal, PG_DIAG_SQLSTATE), ==, "42501");
}

typedef struct
{
  const char *login;
  int         count;
} Issuer;

static gpointer
issue_licences_thread (gpointer data)
{
  Issuer *issuer = data;
  g_autoptr(PGconn) conn = connect_as (issuer->login);

  for (int i = 0; i < issuer->count; i++)
    {
      g_autofree char *id = g_strdup_printf ("lic-%s-%d", issuer->login, i);
      g_autofree char *answer = push (conn, "licence", id, "issue", NULL, "{\"kind\":\"export\"}");

      g_assert_cmpstr (answer, ==, "applied|");
    }
  return NULL;
}

/* Several desks issue at once: the numbers are one series without gaps or
 * repeats, and a rolled-back issuance gives its number back. */
static void
test_gapless_numbers_under_concurrency (void)
{
  Issuer issuers[] = { { "senior1", 25 }, { "senior2", 25 }, { "issuance1", 25 } };
  GThread *threads[G_N_ELEMENTS (issuers)];
  g_autoptr(PGconn) owner = ld_test_pg_connect_owner (server);
  g_autoptr(PGconn) issuance = connect_as ("issuance1");
  g_autofree char *summary = NULL, *rolled = NULL, *after = NULL, *number = NULL, *twice = NULL;
  g_autofree char *year = ld_test_pg_query_text (owner, "SELECT to_char(now(), 'YYYY')");
  g_autofree char *expected = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (issuers); i++)
    threads[i] = g_thread_new ("issuer", issue_licences_thread, &issuers[i]);
  for (guint i = 0; i < G_N_ELEMENTS (issuers); i++)
    g_thread_join (threads[i]);
  summary = ld_test_pg_query_text (owner, "SELECT count(*) || ',' || count(DISTINCT number) || ',' || min(number) "
                                          "|| ',' || max(number) FROM ld.number_issued WHERE series LIKE 'LIC/EX/%'");
  g_assert_cmpstr (summary, ==, "75,75,1,75");

  ld_test_pg_exec (issuance, "BEGIN");
  rolled = push (issuance, "licence", "lic-rolled-back", "issue", NULL, "{\"kind\":\"export\"}");
  g_assert_cmpstr (rolled, ==, "applied|");
  ld_test_pg_exec (issuance, "ROLLBACK");
  after = push (issuance, "licence", "lic-after", "issue", NULL, "{\"kind\":\"export\"}");
  g_assert_cmpstr (after, ==, "applied|");
  number = field_of ("licence", "lic-after", "licence_number");
  expected = g_strdup_printf ("LIC/EX/%s/000076", year);
  g_assert_cmpstr (number, ==, expected);
  /* The same licence cannot be issued twice. */
  twice = push (issuance, "licence", "lic-after", "issue", NULL, "{\"kind\":\"export\"}");
  g_assert_true (g_str_has_prefix (twice, "refused|This licence was already issued"));
}

/* ---- numbers a desk gave before it connected ------------------------------ */

/* Pushes one mutation of desk @desk_id with its own id; "outcome|detail". */
static char *
push_claim (PGconn     *conn,
            const char *mutation_id,
            const char *desk_id,
            const char *entity,
            const char *record_id,
            const char *action,
            const char *mine)
{
  const char *values[] = { mutation_id, desk_id, "tx", entity, record_id, action, mine };
  g_autoptr(PGresult) result = PQexecParams (conn,
    "SELECT outcome, coalesce(detail, '') FROM ld.push_mutation($1::uuid, $2, $3, $4, $5, $6, NULL, $7::jsonb)",
    7, NULL, values, NULL, NULL, 0);

  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  return g_strdup_printf ("%s|%s", PQgetvalue (result, 0, 0), PQgetvalue (result, 0, 1));
}

/* ld.declare_claims() as the connection's login: how many claims the server
 * holds for the desk (0: it took none). */
static char *
declare (PGconn     *conn,
         const char *desk_id,
         const char *mutation_id,
         const char *number)
{
  g_autofree char *mutations = g_strdup_printf ("{%s}", mutation_id);
  g_autofree char *numbers = g_strdup_printf ("{%s}", number);
  const char *values[] = { desk_id, mutations, numbers };
  g_autoptr(PGresult) code = PQexecParams (conn, "SELECT ld.desk_code($1)", 1, NULL, values, NULL, NULL, 0);
  g_autoptr(PGresult) result = PQexecParams (conn, "SELECT ld.declare_claims($1, $2::uuid[], $3::text[])", 3, NULL,
                                             values, NULL, NULL, 0);

  g_assert_cmpint (PQresultStatus (code), ==, PGRES_TUPLES_OK);
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  return g_strdup (PQgetvalue (result, 0, 0));
}

/* Server schema 7: a desk declares, before its first push, the numbers it
 * gave on its own; only those are taken as claims, and only then. A broker
 * registration whose printed number another broker holds is written with
 * the series' next number and its printed one as its desk number. */
static void
test_claims_only_before_first_push (void)
{
  g_autoptr(PGconn) first = connect_as ("senior1");
  g_autoptr(PGconn) second = connect_as ("senior2");
  g_autoptr(PGconn) owner = ld_test_pg_connect_owner (server);
  g_autofree char *year = ld_test_pg_query_text (owner, "SELECT to_char(now(), 'YYYY')");
  g_autofree char *printed = g_strdup_printf ("BR-%s-00001", year);
  g_autofree char *next = g_strdup_printf ("BR-%s-00002", year);
  g_autofree char *late = g_strdup_printf ("BR-%s-00007", year);
  g_autofree char *mine = g_strdup_printf ("{\"registration_number\":\"%s\"}", printed);
  g_autofree char *late_mine = g_strdup_printf ("{\"registration_number\":\"%s\"}", late);
  const char *m1 = "7c1d3c10-0000-4000-8000-000000000001", *m2 = "7c1d3c10-0000-4000-8000-000000000002";
  const char *m3 = "7c1d3c10-0000-4000-8000-000000000003";
  g_autofree char *held = NULL, *held_second = NULL, *stolen = NULL, *kept = NULL, *renumbered = NULL, *closed = NULL, *refused = NULL;
  g_autofree char *number = NULL, *desk_number = NULL, *gaps = NULL;

  /* Two brokers submitted by a clerk, for two senior officers' desks. */
  for (const char *const *id = (const char *const[]) { "br-claim-1", "br-claim-2", "br-claim-3", NULL }; *id; id++)
    {
      ld_test_pg_exec_with (owner, "INSERT INTO ld.record (entity, record_id, row_version, fields, updated_by)"
                            " VALUES ('broker', $1, 1, '{\"status\": \"submitted\", \"submit_by\": \"clerk1\"}',"
                            " 'clerk1')", *id, NULL);
    }
  held = declare (first, "claim-desk-1", m1, printed);
  g_assert_cmpstr (held, ==, "1");
  /* Another login cannot declare for a desk it did not connect first. */
  stolen = declare (second, "claim-desk-1", m3, late);
  g_assert_cmpstr (stolen, ==, "0");
  held_second = declare (second, "claim-desk-2", m2, printed);
  g_assert_cmpstr (held_second, ==, "1");

  kept = push_claim (first, m1, "claim-desk-1", "broker", "br-claim-1", "register", mine);
  g_assert_cmpstr (kept, ==, "applied|");
  number = field_of ("broker", "br-claim-1", "registration_number");
  g_assert_cmpstr (number, ==, printed);

  renumbered = push_claim (second, m2, "claim-desk-2", "broker", "br-claim-2", "register", mine);
  g_assert_true (g_str_has_prefix (renumbered, "applied|"));
  g_assert_nonnull (strstr (renumbered, next));
  g_clear_pointer (&number, g_free);
  number = field_of ("broker", "br-claim-2", "registration_number");
  desk_number = field_of ("broker", "br-claim-2", "desk_number");
  g_assert_cmpstr (number, ==, next);
  g_assert_cmpstr (desk_number, ==, printed);

  /* Pushed once: the desk's list is closed, and a claim not on it refused. */
  closed = declare (first, "claim-desk-1", m3, late);
  g_assert_cmpstr (closed, ==, "0");
  refused = push_claim (first, m3, "claim-desk-1", "broker", "br-claim-3", "register", late_mine);
  g_assert_true (g_str_has_prefix (refused, "refused|Number "));
  g_assert_nonnull (strstr (refused, "before it first connected"));
  g_assert_null (field_of ("broker", "br-claim-3", "registration_number"));
  gaps = ld_test_pg_query_text (owner, "SELECT count(*) || ',' || max(number) FROM ld.number_issued"
                                       " WHERE series LIKE 'BR-%'");
  g_assert_cmpstr (gaps, ==, "2,2");
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
  ld_test_pg_add_login (server, "clerk1", PASSWORD, "ld_clerk");
  ld_test_pg_add_login (server, "auditor1", PASSWORD, "ld_auditor");
  ld_test_pg_add_login (server, "issuance1", PASSWORD, "ld_issuance");

  g_test_add_func ("/pg/server/install-is-idempotent", test_install_is_idempotent);
  g_test_add_func ("/pg/server/newer-schema-is-refused", test_newer_schema_is_refused);
  g_test_add_func ("/pg/server/upgrade-from-version-3", test_upgrade_from_version_3);
  g_test_add_func ("/pg/server/missing-schema-is-named", test_missing_schema_is_named);
  g_test_add_func ("/pg/server/bad-logins-and-addresses", test_bad_logins_and_addresses);
  g_test_add_func ("/pg/server/four-eyes", test_four_eyes_on_the_server);
  g_test_add_func ("/pg/server/edits-cannot-act", test_edits_cannot_act);
  g_test_add_func ("/pg/server/row-security", test_roles_and_row_security);
  g_test_add_func ("/pg/server/gapless-numbers", test_gapless_numbers_under_concurrency);
  g_test_add_func ("/pg/server/claims-only-before-first-push", test_claims_only_before_first_push);
  status = g_test_run ();
  ld_test_pg_free (server);
  return status;
}
