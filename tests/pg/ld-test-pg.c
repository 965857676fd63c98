/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Starts a real PostgreSQL 15 (Debian's /usr/lib/postgresql/15/bin) for one
 * test program. PostgreSQL refuses to run as root, and CI runs the tests as
 * root: then initdb and pg_ctl run as the `postgres` system user the Debian
 * package creates (through runuser), and the server's folder is given to it. */
#include "config.h"

#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "ld-test-pg.h"
#include "ld-test-util.h"
#include "ld-sync-server.h"

#define PG_BIN "/usr/lib/postgresql/15/bin"
#define DATABASE "licence"

struct _LdTestPg
{
  char *dir;        /* owned by the server's user when run as root */
  char *data_dir;
  char *log_path;
  char *password;   /* the superuser's, random */
  int   port;
  gboolean running;
};

/* What to run when the test aborts (a failed assertion), prepared while it
 * could still allocate: a failing test must not leave its server running. */
static char *abort_stop_argv[16];

static void
stop_on_abort (int signum)
{
  pid_t child = fork ();

  if (child == 0)
    {
      execv (abort_stop_argv[0], abort_stop_argv);
      _exit (127);
    }
  if (child > 0)
    waitpid (child, NULL, 0);
  signal (signum, SIG_DFL);
  raise (signum);
}

static struct passwd *
server_user (void)
{
  struct passwd *pw;

  if (geteuid () != 0)
    return NULL;
  pw = getpwnam ("postgres");
  g_assert_nonnull (pw); /* the postgresql package creates it */
  return pw;
}

/* Runs a server program, as the `postgres` user when we are root. */
static void
run_server_program (const char * const *args,
                    gboolean            must_succeed)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (server_user ())
    {
      g_ptr_array_add (argv, (char *) "runuser");
      g_ptr_array_add (argv, (char *) "-u");
      g_ptr_array_add (argv, (char *) "postgres");
      g_ptr_array_add (argv, (char *) "--");
    }
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync ("/", (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (must_succeed && !g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed:\n%s\n%s", args[0], out, err);
}

/* A port nobody listens on now: bind port 0, read it, let it go. */
static int
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
give_to_server_user (const char *path)
{
  struct passwd *pw = server_user ();

  if (pw)
    g_assert_no_errno (chown (path, pw->pw_uid, pw->pw_gid));
}

static void
arm_abort_cleanup (LdTestPg *pg)
{
  guint i = 0;

  for (guint k = 0; abort_stop_argv[k]; k++)
    g_clear_pointer (&abort_stop_argv[k], g_free);
  if (server_user ())
    {
      abort_stop_argv[i++] = g_strdup ("/usr/sbin/runuser");
      abort_stop_argv[i++] = g_strdup ("-u");
      abort_stop_argv[i++] = g_strdup ("postgres");
      abort_stop_argv[i++] = g_strdup ("--");
    }
  else
    abort_stop_argv[i++] = g_strdup (PG_BIN "/pg_ctl");
  if (i > 1)
    abort_stop_argv[i++] = g_strdup (PG_BIN "/pg_ctl");
  abort_stop_argv[i++] = g_strdup ("-D");
  abort_stop_argv[i++] = g_strdup (pg->data_dir);
  abort_stop_argv[i++] = g_strdup ("-m");
  abort_stop_argv[i++] = g_strdup ("immediate");
  abort_stop_argv[i++] = g_strdup ("stop");
  abort_stop_argv[i] = NULL;
  /* A failed assertion (SIGABRT), a critical made fatal (SIGTRAP), a crash,
   * or meson's timeout (SIGTERM). */
  signal (SIGABRT, stop_on_abort);
  signal (SIGTRAP, stop_on_abort);
  signal (SIGSEGV, stop_on_abort);
  signal (SIGBUS, stop_on_abort);
  signal (SIGTERM, stop_on_abort);
}

static gboolean
start_server (LdTestPg *pg)
{
  g_autofree char *options = g_strdup_printf ("-p %d -c listen_addresses=127.0.0.1 -k %s -c fsync=off "
                                              "-c max_connections=60 -c shared_buffers=16MB", pg->port, pg->dir);
  const char *args[] = { PG_BIN "/pg_ctl", "-D", pg->data_dir, "-l", pg->log_path, "-o", options, "-w",
                         "-t", "60", "start", NULL };

  run_server_program (args, TRUE);
  pg->running = TRUE;
  arm_abort_cleanup (pg);
  return TRUE;
}

static void
create_database (LdTestPg *pg)
{
  g_autofree char *conninfo = g_strdup_printf ("host=127.0.0.1 port=%d dbname=postgres user=%s password=%s",
                                               pg->port, LD_TEST_PG_SUPERUSER, pg->password);
  PGconn *conn = PQconnectdb (conninfo);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("cannot connect to the test server: %s", PQerrorMessage (conn));
  ld_test_pg_exec (conn, "CREATE DATABASE " DATABASE);
  PQfinish (conn);
}

/**
 * ld_test_pg_start:
 *
 * Makes a new cluster in a temporary folder and starts it. Fails the test
 * (never skips) when PostgreSQL 15 is missing.
 */
LdTestPg *
ld_test_pg_start (void)
{
  LdTestPg *pg = g_new0 (LdTestPg, 1);
  g_autofree char *pwfile = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_test (PG_BIN "/initdb", G_FILE_TEST_IS_EXECUTABLE));
  pg->dir = g_dir_make_tmp ("ld-pg-XXXXXX", &error);
  g_assert_no_error (error);
  pg->data_dir = g_build_filename (pg->dir, "data", NULL);
  pg->log_path = g_build_filename (pg->dir, "server.log", NULL);
  pg->password = g_uuid_string_random ();
  pg->port = free_port ();
  pwfile = g_build_filename (pg->dir, "pw", NULL);
  g_assert_true (g_file_set_contents_full (pwfile, pg->password, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error));
  give_to_server_user (pg->dir);
  give_to_server_user (pwfile);
  {
    g_autofree char *pwfile_arg = g_strconcat ("--pwfile=", pwfile, NULL);
    const char *args[] = { PG_BIN "/initdb", "-D", pg->data_dir, "-U", LD_TEST_PG_SUPERUSER, pwfile_arg,
                           "--auth=scram-sha-256", "--no-sync", "--encoding=UTF8", "--locale=C.UTF-8",
                           "--no-instructions", NULL };
    run_server_program (args, TRUE);
  }
  g_unlink (pwfile);
  start_server (pg);
  create_database (pg);
  return pg;
}

void
ld_test_pg_stop (LdTestPg *pg)
{
  const char *args[] = { PG_BIN "/pg_ctl", "-D", pg->data_dir, "-m", "immediate", "-w", "stop", NULL };

  if (!pg->running)
    return;
  run_server_program (args, FALSE);
  pg->running = FALSE;
}

gboolean
ld_test_pg_restart (LdTestPg *pg)
{
  return start_server (pg);
}

void
ld_test_pg_free (LdTestPg *pg)
{
  ld_test_pg_stop (pg);
  ld_test_remove_tree (pg->dir);
  g_free (pg->dir);
  g_free (pg->data_dir);
  g_free (pg->log_path);
  g_free (pg->password);
  g_free (pg);
}

int
ld_test_pg_port (LdTestPg *pg)
{
  return pg->port;
}

const char *
ld_test_pg_owner_password (LdTestPg *pg)
{
  return pg->password;
}

/* @port: another port (a relay's) or 0 for the server's own */
char *
ld_test_pg_uri (LdTestPg   *pg,
                const char *login,
                int         port)
{
  return g_strdup_printf ("postgresql://%s@127.0.0.1:%d/" DATABASE, login, port ? port : pg->port);
}

PGconn *
ld_test_pg_connect_owner (LdTestPg *pg)
{
  g_autofree char *conninfo = g_strdup_printf ("host=127.0.0.1 port=%d dbname=" DATABASE " user=%s password=%s",
                                               pg->port, LD_TEST_PG_SUPERUSER, pg->password);
  PGconn *conn = PQconnectdb (conninfo);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("cannot connect to the test server: %s", PQerrorMessage (conn));
  return conn;
}

/* @result of @sql, which must have succeeded, cleared. */
static void
finish_command (PGconn     *conn,
                PGresult   *result,
                const char *sql)
{
  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  PQclear (result);
}

/* The first column of @result's first row (NULL for none or SQL NULL), @result cleared. */
static char *
finish_query_text (PGconn     *conn,
                   PGresult   *result,
                   const char *sql)
{
  char *text;

  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  text = PQntuples (result) > 0 && !PQgetisnull (result, 0, 0) ? g_strdup (PQgetvalue (result, 0, 0)) : NULL;
  PQclear (result);
  return text;
}

/* PQexec, not PQexecParams: the schema and the tests' set-up send several statements at once. */
void
ld_test_pg_exec (PGconn     *conn,
                 const char *sql)
{
  finish_command (conn, PQexec (conn, sql), sql);
}

char *
ld_test_pg_query_text (PGconn     *conn,
                       const char *sql)
{
  return finish_query_text (conn, PQexec (conn, sql), sql);
}

/* @sql run with $1, $2 ... bound to the text values in @args, up to a NULL: a test's
 * values reach the server as parameters, never pasted into the statement. */
static PGresult *
exec_params (PGconn     *conn,
             const char *sql,
             va_list     args)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  const char *value;

  while ((value = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (values, (gpointer) value);
  return PQexecParams (conn, sql, (int) values->len, NULL, (const char *const *) values->pdata, NULL, NULL, 0);
}

void
ld_test_pg_exec_with (PGconn     *conn,
                      const char *sql,
                      ...)
{
  PGresult *result;
  va_list args;

  va_start (args, sql);
  result = exec_params (conn, sql, args);
  va_end (args);
  finish_command (conn, result, sql);
}

char *
ld_test_pg_query_text_with (PGconn     *conn,
                            const char *sql,
                            ...)
{
  PGresult *result;
  va_list args;

  va_start (args, sql);
  result = exec_params (conn, sql, args);
  va_end (args);
  return finish_query_text (conn, result, sql);
}

/* A desk user's own PostgreSQL login, member of an office role. */
void
ld_test_pg_add_login (LdTestPg   *pg,
                      const char *login,
                      const char *password,
                      const char *office_role)
{
  PGconn *conn = ld_test_pg_connect_owner (pg);
  char *quoted_login = PQescapeIdentifier (conn, login, strlen (login));
  char *quoted_password = PQescapeLiteral (conn, password, strlen (password));
  char *quoted_role = PQescapeIdentifier (conn, office_role, strlen (office_role));
  /* Statements that take no parameters (CREATE ROLE, GRANT, ALTER SYSTEM): the values
   * are quoted by libpq's own escaping, above. */
  g_autofree char *create = g_strdup_printf ("CREATE ROLE %s LOGIN PASSWORD %s", quoted_login, quoted_password);
  g_autofree char *grant = g_strdup_printf ("GRANT %s TO %s", quoted_role, quoted_login);

  ld_test_pg_exec (conn, create);
  ld_test_pg_exec (conn, grant);
  PQfreemem (quoted_login);
  PQfreemem (quoted_password);
  PQfreemem (quoted_role);
  PQfinish (conn);
}

/* A copy of @source in the server's folder, readable by the server alone
 * (PostgreSQL refuses a key others may read). */
static char *
copy_for_server (LdTestPg   *pg,
                 const char *source,
                 const char *name)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  char *path = g_build_filename (pg->dir, name, NULL);

  g_assert_true (g_file_get_contents (source, &contents, &length, &error));
  g_assert_true (g_file_set_contents_full (path, contents, length, G_FILE_SET_CONTENTS_NONE, 0600, &error));
  give_to_server_user (path);
  return path;
}

/* The postmaster reads its new settings a moment after the reload. */
static void
wait_for_tls (LdTestPg *pg)
{
  g_autofree char *conninfo = g_strdup_printf ("host=127.0.0.1 port=%d dbname=" DATABASE " user=%s password=%s "
                                               "sslmode=require", pg->port, LD_TEST_PG_SUPERUSER, pg->password);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  for (;;)
    {
      PGconn *conn = PQconnectdb (conninfo);
      gboolean ready = PQstatus (conn) == CONNECTION_OK && PQsslInUse (conn);

      if (!ready && g_get_monotonic_time () > deadline)
        g_error ("the test server did not turn TLS on: %s (see %s)", PQerrorMessage (conn), pg->log_path);
      PQfinish (conn);
      if (ready)
        return;
      g_usleep (100 * 1000);
    }
}

/**
 * ld_test_pg_enable_tls:
 * @cert_file: the server's certificate (PEM)
 * @key_file: its private key (PEM, no passphrase)
 *
 * Turns TLS on (ssl = on, reloaded) and lets clients in over TCP only with
 * TLS (hostssl), so a desk that connects at all did so through TLS.
 */
void
ld_test_pg_enable_tls (LdTestPg   *pg,
                       const char *cert_file,
                       const char *key_file)
{
  g_autofree char *cert = copy_for_server (pg, cert_file, "server.crt");
  g_autofree char *key = copy_for_server (pg, key_file, "server.key");
  g_autofree char *hba = g_build_filename (pg->data_dir, "pg_hba.conf", NULL);
  g_autoptr(GError) error = NULL;
  PGconn *owner = ld_test_pg_connect_owner (pg);
  char *quoted_cert = PQescapeLiteral (owner, cert, strlen (cert));
  char *quoted_key = PQescapeLiteral (owner, key, strlen (key));
  g_autofree char *set_cert = g_strdup_printf ("ALTER SYSTEM SET ssl_cert_file = %s", quoted_cert);
  g_autofree char *set_key = g_strdup_printf ("ALTER SYSTEM SET ssl_key_file = %s", quoted_key);

  g_assert_true (g_file_set_contents_full (hba,
                                           "local all all scram-sha-256\n"
                                           "hostssl all all 127.0.0.1/32 scram-sha-256\n"
                                           "hostssl all all ::1/128 scram-sha-256\n",
                                           -1, G_FILE_SET_CONTENTS_NONE, 0600, &error));
  give_to_server_user (hba);
  ld_test_pg_exec (owner, set_cert);
  ld_test_pg_exec (owner, set_key);
  ld_test_pg_exec (owner, "ALTER SYSTEM SET ssl = on");
  ld_test_pg_exec (owner, "SELECT pg_reload_conf()");
  PQfreemem (quoted_cert);
  PQfreemem (quoted_key);
  PQfinish (owner);
  wait_for_tls (pg);
}

/* The schema as init-server installs it, through the same function. */
void
ld_test_pg_install_schema (LdTestPg *pg)
{
  g_autofree char *uri = ld_test_pg_uri (pg, LD_TEST_PG_SUPERUSER, 0);
  g_autoptr(GError) error = NULL;
  int from = -1, to = -1;

  ld_sync_server_install (uri, pg->password, &from, &to, &error);
  g_assert_no_error (error);
}
