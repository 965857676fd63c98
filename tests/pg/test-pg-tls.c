/* SPDX-License-Identifier: GPL-3.0-or-later */
/* TLS end to end, against a real PostgreSQL 15 this test starts with ssl on
 * and TCP clients let in only over TLS (hostssl). The test makes its own
 * certificate authority with the openssl command at run time, and a server
 * certificate it signs for "localhost". The desks' addresses are built by
 * the same function as the Central Database section's Connect dialog
 * (sslmode and the CA file):
 *   - verify-full with the office's CA connects and syncs;
 *   - with another CA, or a host name the certificate does not carry, the
 *     connection is refused with a sentence that says so in the sync loop's
 *     state (what the Central Database page shows) and in the desk's last
 *     error; the desk keeps working, nothing queued is lost, and it all goes
 *     out once the desk connects as it should. */
#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "ld-sync-loop.h"
#include "ld-sync-server.h"
#include "ld-test-desk.h"
#include "ld-test-pg.h"
#include "ld-test-util.h"

#define PASSWORD "tls-pass-2026"
#define DATABASE "licence"

static LdTestPg *server;
static char *cert_dir;

static void
run_openssl (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (char *) "openssl");
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (cert_dir, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("openssl %s failed:\n%s\n%s", args[0], out, err);
}

/* A certificate authority of its own (key and self-signed certificate). */
static void
make_authority (const char *name)
{
  g_autofree char *key = g_strconcat (name, ".key", NULL);
  g_autofree char *crt = g_strconcat (name, ".crt", NULL);
  g_autofree char *subject = g_strdup_printf ("/CN=Licence Desk test authority %s", name);
  const char *args[] = { "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                         "-keyout", key, "-out", crt, "-days", "2", "-subj", subject, NULL };

  run_openssl (args);
}

/* The office's authority, another one, and the server's certificate for
 * "localhost" (its subjectAltName; not 127.0.0.1) signed by the first. */
static void
make_certificates (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *extensions = g_build_filename (cert_dir, "server.ext", NULL);
  const char *request[] = { "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                            "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost", NULL };
  const char *sign[] = { "x509", "-req", "-in", "server.csr", "-CA", "office.crt", "-CAkey", "office.key",
                         "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "server.ext", NULL };

  make_authority ("office");
  make_authority ("other");
  g_assert_true (g_file_set_contents (extensions, "subjectAltName = DNS:localhost\n", -1, &error));
  run_openssl (request);
  run_openssl (sign);
}

static char *
cert_path (const char *name)
{
  return g_build_filename (cert_dir, name, NULL);
}

/* The address as the Connect dialog builds it. */
static char *
address (const char *host,
         const char *login,
         const char *ca_name)
{
  g_autofree char *ca = cert_path (ca_name);
  g_autoptr(GError) error = NULL;
  char *uri = ld_sync_server_build_uri (host, ld_test_pg_port (server), DATABASE, login, "verify-full", ca, &error);

  g_assert_no_error (error);
  return uri;
}

static char *
server_text (const char *sql)
{
  g_autoptr(PGconn) owner = ld_test_pg_connect_owner (server);

  return ld_test_pg_query_text (owner, sql);
}

/* How many server records have an id LIKE @pattern. */
static char *
server_count_like (const char *pattern)
{
  g_autoptr(PGconn) owner = ld_test_pg_connect_owner (server);

  return ld_test_pg_query_text_with (owner, "SELECT count(*) FROM ld.record WHERE record_id LIKE $1", pattern, NULL);
}

static gint64
pending (LdTestDesk *desk)
{
  return ld_test_desk_count (desk, "SELECT count(*) FROM outbox WHERE pushed_at IS NULL");
}

/* verify-full with the office's authority and the name in the certificate:
 * the desk connects over TLS and syncs both ways. */
static void
test_verify_full_syncs (void)
{
  g_autofree char *uri = address ("localhost", "tls1", "office.crt");
  g_autoptr(LdTestDesk) desk = ld_test_desk_new ("tls1", uri, PASSWORD);
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = NULL;
  g_autofree char *held = NULL;
  LdSyncStats stats = { 0 };

  g_assert_nonnull (strstr (uri, "sslmode=verify-full"));
  g_assert_nonnull (strstr (uri, "sslrootcert="));
  conn = ld_sync_server_connect (uri, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpint (PQsslInUse (conn), ==, 1);

  g_free (ld_test_desk_write (desk, "note", "tls-ok-1", "create", NULL, "{\"text\":\"over TLS\"}"));
  g_assert_true (ld_sync_engine_sync (desk->engine, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.pushed, ==, 1);
  g_assert_cmpint (pending (desk), ==, 0);
  held = server_text ("SELECT fields->>'text' FROM ld.record WHERE record_id = 'tls-ok-1'");
  g_assert_cmpstr (held, ==, "over TLS");
}

/* A desk whose connection TLS refuses: the engine's error says why, the
 * sync loop (the Central Database page's state) retries with that sentence,
 * the desk's last error keeps it, the desk goes on writing, and once it
 * connects as it should every queued change reaches the server once. */
static void
check_refused (const char *host,
               const char *ca_name,
               const char *login,
               const char *reason)
{
  g_autofree char *bad_uri = address (host, login, ca_name);
  g_autofree char *good_uri = address ("localhost", login, "office.crt");
  g_autoptr(LdTestDesk) desk = ld_test_desk_new (login, bad_uri, PASSWORD);
  g_autoptr(LdSyncLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *last_error = NULL;
  g_autofree char *first = g_strdup_printf ("%s-1", login);
  g_autofree char *second = g_strdup_printf ("%s-2", login);
  g_autofree char *pattern = NULL;
  g_autofree char *count = NULL;
  LdSyncStats stats = { 0 };
  gint64 deadline;

  g_free (ld_test_desk_write (desk, "note", first, "create", NULL, "{\"text\":\"queued\"}"));
  g_assert_false (ld_sync_engine_sync (desk->engine, &stats, &error));
  g_assert_error (error, LD_SYNC_ERROR, LD_SYNC_ERROR_CERTIFICATE);
  g_test_message ("refused: %s", error->message);
  g_assert_nonnull (strstr (error->message, reason));
  g_assert_nonnull (strstr (error->message, "nothing queued is lost"));
  g_assert_cmpint (pending (desk), ==, 1);

  /* The automatic sync, as the page runs it: retrying, with the reason. */
  loop = ld_sync_loop_new_with_engine (desk->store, desk->engine, 30000);
  ld_sync_loop_start (loop);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (ld_sync_loop_get_state (loop) != LD_SYNC_LOOP_RETRYING && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_cmpint (ld_sync_loop_get_state (loop), ==, LD_SYNC_LOOP_RETRYING);
  message = ld_sync_loop_dup_message (loop);
  g_assert_nonnull (strstr (message, reason));
  ld_sync_loop_stop_and_wait (loop);
  g_clear_object (&loop);
  last_error = ld_test_desk_text (desk, "SELECT last_error FROM sync_state");
  g_assert_nonnull (strstr (last_error, reason));

  /* The desk keeps working on its own store. */
  g_free (ld_test_desk_write (desk, "note", second, "create", NULL, "{\"text\":\"written offline\"}"));
  g_assert_cmpint (pending (desk), ==, 2);
  pattern = g_strdup_printf ("%s-%%", login);
  count = server_count_like (pattern);
  g_assert_cmpstr (count, ==, "0");

  /* Connected as it should be: everything queued goes out, once. */
  ld_test_desk_reopen (desk, good_uri, PASSWORD);
  ld_test_desk_sync (desk);
  g_assert_cmpint (pending (desk), ==, 0);
  g_free (count);
  count = server_count_like (pattern);
  g_assert_cmpstr (count, ==, "2");
}

static void
test_wrong_authority_is_refused (void)
{
  check_refused ("localhost", "other.crt", "tls2", "not signed by the office's certificate authority");
}

static void
test_other_host_name_is_refused (void)
{
  check_refused ("127.0.0.1", "office.crt", "tls3", "made out to another name");
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *cert = NULL, *key = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  cert_dir = g_dir_make_tmp ("ld-tls-XXXXXX", NULL);
  g_assert_nonnull (cert_dir);
  make_certificates ();
  cert = cert_path ("server.crt");
  key = cert_path ("server.key");
  server = ld_test_pg_start ();
  ld_test_pg_enable_tls (server, cert, key);
  ld_test_pg_install_schema (server);
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *login = g_strdup_printf ("tls%u", i);

      ld_test_pg_add_login (server, login, PASSWORD, "ld_senior");
    }
  g_test_add_func ("/pg/tls/verify-full-syncs", test_verify_full_syncs);
  g_test_add_func ("/pg/tls/wrong-authority-is-refused", test_wrong_authority_is_refused);
  g_test_add_func ("/pg/tls/other-host-name-is-refused", test_other_host_name_is_refused);
  status = g_test_run ();
  ld_test_pg_free (server);
  ld_test_remove_tree (cert_dir);
  g_free (cert_dir);
  return status;
}
