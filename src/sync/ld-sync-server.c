/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-sync-server"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>

#include "ld-sync-server.h"
#include "ld-sync-resources.h"

/* The central database's schema: numbered SQL files compiled into the
 * library (src/sync/server/NNNN-name.sql), run in order by init-server. */

#define SERVER_RESOURCES RESOURCE_PREFIX "/sync/server"

/* Serialises two init-server runs against one database. */
#define INSTALL_LOCK_KEY "4c44534b53594e43"

G_DEFINE_QUARK (ld-sync-error-quark, ld_sync_error)

static GResource *
server_resource (void)
{
  return ld_sync_get_resource ();
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  /* qsort hands over pointers to the array's elements. */
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* The schema files, sorted by their number. */
static char **
list_schema_files (void)
{
  char **names = g_resource_enumerate_children (server_resource (), SERVER_RESOURCES, 0, NULL);

  g_assert (names != NULL);
  qsort (names, g_strv_length (names), sizeof (char *), compare_names);
  return names;
}

/**
 * ld_sync_server_supported_version:
 *
 * Returns: the server schema version this build installs and speaks: the
 *   number of its last schema file
 */
int
ld_sync_server_supported_version (void)
{
  g_auto(GStrv) names = list_schema_files ();
  guint n = g_strv_length (names);

  return n > 0 ? atoi (names[n - 1]) : 0;
}

/* The address without anything secret, for messages. */
char *
ld_sync_server_describe (const char *uri)
{
  PQconninfoOption *options = PQconninfoParse (uri, NULL);
  const char *host = NULL, *port = NULL, *dbname = NULL, *user = NULL;
  char *text;

  if (options == NULL)
    return g_strdup (_("(an address that cannot be read)"));
  for (PQconninfoOption *o = options; o->keyword; o++)
    {
      if (o->val == NULL)
        continue;
      if (g_str_equal (o->keyword, "host"))
        host = o->val;
      else if (g_str_equal (o->keyword, "port"))
        port = o->val;
      else if (g_str_equal (o->keyword, "dbname"))
        dbname = o->val;
      else if (g_str_equal (o->keyword, "user"))
        user = o->val;
    }
  text = g_strdup_printf ("%s%s%s:%s/%s", user ? user : "", user ? "@" : "", host ? host : "localhost",
                          port ? port : "5432", dbname ? dbname : "");
  PQconninfoFree (options);
  return text;
}

/**
 * ld_sync_server_login:
 *
 * Returns: (transfer full) (nullable): the login the address names
 */
char *
ld_sync_server_login (const char *uri)
{
  PQconninfoOption *options = PQconninfoParse (uri, NULL);
  char *login = NULL;

  for (PQconninfoOption *o = options; options && o->keyword; o++)
    if (g_str_equal (o->keyword, "user") && o->val)
      login = g_strdup (o->val);
  if (options)
    PQconninfoFree (options);
  return login;
}

/**
 * ld_sync_server_build_uri:
 * @host: the server's name or address
 * @port: its port, 0 for PostgreSQL's 5432
 * @database: the office's database
 * @login: the desk user's login
 * @tls_mode: "verify-full" (the certificate must be signed by @ca_file, or
 *   the system's authorities, and name @host), "require" (encrypted, the
 *   certificate unchecked) or "disable" (a server on this computer only)
 * @ca_file: (nullable): the office's certificate authority, for verify-full
 * @error: set when a part is missing or @tls_mode is unknown
 *
 * Returns: (transfer full) (nullable): postgresql://LOGIN@HOST:PORT/DATABASE?sslmode=…,
 *   never holding a password
 */
char *
ld_sync_server_build_uri (const char  *host,
                          guint        port,
                          const char  *database,
                          const char  *login,
                          const char  *tls_mode,
                          const char  *ca_file,
                          GError     **error)
{
  static const char *modes[] = { "verify-full", "require", "disable", NULL };
  g_autofree char *user = NULL, *db = NULL, *ca = NULL;
  GString *uri;

  if (host == NULL || *host == '\0' || database == NULL || *database == '\0' || login == NULL || *login == '\0')
    {
      g_set_error_literal (error, LD_SYNC_ERROR, LD_SYNC_ERROR_BAD_ADDRESS,
                           _("Give the server, the database and your login: all three are needed."));
      return NULL;
    }
  if (tls_mode == NULL || !g_strv_contains (modes, tls_mode))
    {
      g_set_error (error, LD_SYNC_ERROR, LD_SYNC_ERROR_BAD_ADDRESS,
                   _("The TLS setting “%s” is not known: choose verify-full, require or disable."),
                   tls_mode ? tls_mode : "");
      return NULL;
    }
  if (ca_file && *ca_file && !g_file_test (ca_file, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, LD_SYNC_ERROR, LD_SYNC_ERROR_BAD_ADDRESS,
                   _("The certificate authority file %s does not exist. Choose the office's CA file (PEM)."),
                   ca_file);
      return NULL;
    }
  user = g_uri_escape_string (login, NULL, FALSE);
  db = g_uri_escape_string (database, NULL, FALSE);
  uri = g_string_new ("postgresql://");
  /* An IPv6 address goes in brackets, as in any URI. */
  g_string_append_printf (uri, strchr (host, ':') ? "%s@[%s]" : "%s@%s", user, host);
  if (port)
    g_string_append_printf (uri, ":%u", port);
  g_string_append_printf (uri, "/%s?sslmode=%s", db, tls_mode);
  if (ca_file && *ca_file)
    {
      ca = g_uri_escape_string (ca_file, "/", FALSE);
      g_string_append_printf (uri, "&sslrootcert=%s", ca);
    }
  return g_string_free (uri, FALSE);
}

/* A password in the address would end up in process lists and logs: refused. */
static gboolean
check_address (const char  *uri,
               GError     **error)
{
  g_autofree char *parse_error = NULL;
  char *message = NULL;
  PQconninfoOption *options = PQconninfoParse (uri, &message);
  gboolean has_password = FALSE;

  if (options == NULL)
    {
      parse_error = g_strdup (message ? message : "");
      PQfreemem (message);
      g_strstrip (parse_error);
      g_set_error (error, LD_SYNC_ERROR, LD_SYNC_ERROR_BAD_ADDRESS,
                   _("The server address cannot be read (%s). Give it as postgresql://LOGIN@HOST:PORT/DATABASE."),
                   parse_error);
      return FALSE;
    }
  for (PQconninfoOption *o = options; o->keyword; o++)
    if (g_str_equal (o->keyword, "password") && o->val && *o->val)
      has_password = TRUE;
  PQconninfoFree (options);
  if (has_password)
    {
      g_set_error_literal (error, LD_SYNC_ERROR, LD_SYNC_ERROR_BAD_ADDRESS,
                           _("The server address holds a password. Remove it from the address: the password is "
                             "taken from the keyring or read with --password-fd N, never from an argument."));
      return FALSE;
    }
  return TRUE;
}

/* The server's primary message, or libpq's own, on one line. */
static char *
server_message (PGconn    *conn,
                PGresult  *result)
{
  const char *primary = result ? PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  const char *raw = primary ? primary : conn ? PQerrorMessage (conn) : "";
  char *text = g_strdup (raw);

  g_strdelimit (text, "\n", ' ');
  return g_strstrip (text);
}

void
ld_sync_server_set_error (GError     **error,
                          PGconn      *conn,
                          PGresult    *result,
                          const char  *doing)
{
  g_autofree char *message = server_message (conn, result);
  const char *state = result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;

  if (conn && PQstatus (conn) != CONNECTION_OK)
    g_set_error (error, LD_SYNC_ERROR, LD_SYNC_ERROR_INTERRUPTED,
                 _("The connection to the server was lost while %s (%s). Nothing queued is lost: the desk "
                   "keeps working and sends it when the server is back."), doing, message);
  else if (g_strcmp0 (state, "42501") == 0)
    g_set_error (error, LD_SYNC_ERROR, LD_SYNC_ERROR_NOT_ALLOWED,
                 _("The server refused %s: %s"), doing, message);
  else
    g_set_error (error, LD_SYNC_ERROR, LD_SYNC_ERROR_SERVER, _("The server failed while %s: %s"), doing, message);
}

static void
ignore_notice (void       *data,
               const char *message)
{
}

/* A connection refused because TLS did not hold: the server's certificate
 * does not verify, names another server, or the server offers no TLS.
 * libpq's own words stay in brackets for whoever administers the server. */
static gboolean
is_tls_refusal (const char *message)
{
  return strstr (message, "certificate verify failed") || strstr (message, "root certificate") ||
         strstr (message, "does not match host name") || strstr (message, "could not get server's host name") ||
         strstr (message, "does not support SSL");
}

static void
set_tls_error (GError     **error,
               const char  *where,
               const char  *message)
{
  if (strstr (message, "certificate verify failed") || strstr (message, "root certificate"))
    g_set_error (error, LD_SYNC_ERROR, LD_SYNC_ERROR_CERTIFICATE,
                 _("The server %s did not prove who it is: its certificate is not signed by the office's "
                   "certificate authority that this desk was given (%s). Check the CA file in Connect…; until "
                   "then the desk keeps working on its own store and nothing queued is lost."), where, message);
  else if (strstr (message, "does not match host name") || strstr (message, "could not get server's host name"))
    g_set_error (error, LD_SYNC_ERROR, LD_SYNC_ERROR_CERTIFICATE,
                 _("The server %s showed a certificate made out to another name (%s). Connect with the server "
                   "name its certificate carries; until then the desk keeps working on its own store and nothing "
                   "queued is lost."), where, message);
  else
    g_set_error (error, LD_SYNC_ERROR, LD_SYNC_ERROR_CERTIFICATE,
                 _("The server %s offers no TLS, and this desk's setting requires it (%s). Ask the office to turn "
                   "TLS on at the server; the desk keeps working on its own store meanwhile."), where, message);
}

/**
 * ld_sync_server_connect:
 * @uri: postgresql://LOGIN@HOST:PORT/DATABASE (or key=value pairs); no password
 * @password: (nullable): the login's password, from the keyring or --password-fd
 *
 * Returns: (transfer full) (nullable): an open connection
 */
PGconn *
ld_sync_server_connect (const char  *uri,
                        const char  *password,
                        GError     **error)
{
  const char *keys[] = { "dbname", "password", "connect_timeout", "application_name", "keepalives_idle",
                         "tcp_user_timeout", NULL };
  const char *values[] = { uri, password, "10", "licence-desk", "30", "30000", NULL };
  g_autofree char *where = NULL;
  g_autofree char *message = NULL;
  PGconn *conn;

  if (!check_address (uri, error))
    return NULL;
  if (password == NULL)
    keys[1] = NULL;
  conn = PQconnectdbParams (keys, values, 1);
  if (PQstatus (conn) == CONNECTION_OK)
    {
      /* The server's notices (a role that already exists) are not for people. */
      PQsetNoticeProcessor (conn, ignore_notice, NULL);
      return conn;
    }

  where = ld_sync_server_describe (uri);
  message = server_message (conn, NULL);
  if (is_tls_refusal (message))
    set_tls_error (error, where, message);
  else if (strstr (message, "password authentication failed") || strstr (message, "no password supplied"))
    g_set_error (error, LD_SYNC_ERROR, LD_SYNC_ERROR_LOGIN_REFUSED,
                 _("The server %s refused the login: the password is wrong or missing. Check the login and give "
                   "its password again (%s)."), where, message);
  else
    g_set_error (error, LD_SYNC_ERROR, LD_SYNC_ERROR_UNREACHABLE,
                 _("The server %s cannot be reached (%s). Check the address and the network; the desk keeps "
                   "working on its own store meanwhile."), where, message);
  PQfinish (conn);
  return NULL;
}

/* The installed version, 0 when the database has no Licence Desk schema. */
static gboolean
read_schema_version (PGconn   *conn,
                     int      *out_version,
                     GError  **error)
{
  g_autoptr(PGresult) exists = PQexec (conn, "SELECT to_regclass('ld.schema_info') IS NOT NULL");
  g_autoptr(PGresult) result = NULL;

  if (PQresultStatus (exists) != PGRES_TUPLES_OK)
    {
      ld_sync_server_set_error (error, conn, exists, _("reading its schema version"));
      return FALSE;
    }
  *out_version = 0;
  if (g_str_equal (PQgetvalue (exists, 0, 0), "f"))
    return TRUE;
  result = PQexec (conn, "SELECT version FROM ld.schema_info");
  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      ld_sync_server_set_error (error, conn, result, _("reading its schema version"));
      return FALSE;
    }
  *out_version = PQntuples (result) == 0 ? 0 : atoi (PQgetvalue (result, 0, 0));
  return TRUE;
}

static gboolean
refuse_newer (int       version,
              GError  **error)
{
  g_set_error (error, LD_SYNC_ERROR, LD_SYNC_ERROR_SCHEMA_NEWER,
               _("The server's schema is version %d, newer than this Licence Desk knows (%d). Nothing was "
                 "changed: update Licence Desk on this desk first."), version, ld_sync_server_supported_version ());
  return FALSE;
}

/**
 * ld_sync_server_check_schema:
 *
 * Fails, saying what to do, unless the server's schema is the one this build
 * speaks.
 */
gboolean
ld_sync_server_check_schema (PGconn  *conn,
                             GError **error)
{
  int version = 0, supported = ld_sync_server_supported_version ();

  if (!read_schema_version (conn, &version, error))
    return FALSE;
  if (version == 0)
    {
      g_set_error_literal (error, LD_SYNC_ERROR, LD_SYNC_ERROR_NO_SCHEMA,
                           _("The server has no Licence Desk schema yet. Ask the administrator to run "
                             "“licence-desk-admin init-server --server URI”."));
      return FALSE;
    }
  if (version > supported)
    return refuse_newer (version, error);
  if (version < supported)
    {
      g_set_error (error, LD_SYNC_ERROR, LD_SYNC_ERROR_SCHEMA_OLDER,
                   _("The server's schema is version %d, older than this desk's (%d). Ask the administrator to "
                     "upgrade it with “licence-desk-admin init-server --server URI”."), version, supported);
      return FALSE;
    }
  return TRUE;
}

static gboolean
exec_command (PGconn      *conn,
              const char  *sql,
              const char  *doing,
              GError     **error)
{
  g_autoptr(PGresult) result = PQexec (conn, sql);

  if (PQresultStatus (result) == PGRES_COMMAND_OK || PQresultStatus (result) == PGRES_TUPLES_OK)
    return TRUE;
  ld_sync_server_set_error (error, conn, result, doing);
  return FALSE;
}

static gboolean
run_schema_file (PGconn      *conn,
                 const char  *name,
                 GError     **error)
{
  g_autofree char *path = g_strconcat (SERVER_RESOURCES "/", name, NULL);
  g_autoptr(GBytes) sql = g_resource_lookup_data (server_resource (), path, 0, error);
  g_autofree char *text = NULL;
  g_autofree char *doing = g_strdup_printf (_("installing %s"), name);

  if (sql == NULL)
    return FALSE;
  text = g_strndup (g_bytes_get_data (sql, NULL), g_bytes_get_size (sql));
  return exec_command (conn, text, doing, error);
}

static gboolean
upgrade_in_transaction (PGconn   *conn,
                        int       from,
                        GError  **error)
{
  g_auto(GStrv) names = list_schema_files ();
  g_autofree char *to = g_strdup_printf ("%d", ld_sync_server_supported_version ());
  const char *values[] = { to };
  g_autoptr(PGresult) result = NULL;

  for (guint i = 0; names[i]; i++)
    if (atoi (names[i]) > from && !run_schema_file (conn, names[i], error))
      return FALSE;
  result = PQexecParams (conn, "INSERT INTO ld.schema_info (version) VALUES ($1::integer) ON CONFLICT (only_row)"
                               " DO UPDATE SET version = EXCLUDED.version, installed_at = now()",
                         1, NULL, values, NULL, NULL, 0);
  if (PQresultStatus (result) == PGRES_COMMAND_OK)
    return TRUE;
  ld_sync_server_set_error (error, conn, result, _("recording the schema version"));
  return FALSE;
}

/**
 * ld_sync_server_install:
 * @out_from_version: (out): the version found (0: none)
 * @out_to_version: (out): the version the server has now
 *
 * Installs or upgrades the server schema in one transaction. Running it again
 * changes nothing; a newer schema is refused untouched.
 */
gboolean
ld_sync_server_install (const char  *uri,
                        const char  *password,
                        int         *out_from_version,
                        int         *out_to_version,
                        GError     **error)
{
  g_autoptr(PGconn) conn = ld_sync_server_connect (uri, password, error);
  int version = 0;

  if (conn == NULL)
    return FALSE;
  if (!exec_command (conn, "BEGIN", _("starting the installation"), error) ||
      !exec_command (conn, "SELECT pg_advisory_xact_lock(x'" INSTALL_LOCK_KEY "'::bigint)",
                     _("waiting for another installation"), error) ||
      !read_schema_version (conn, &version, error))
    return FALSE;
  *out_from_version = version;
  *out_to_version = version;
  if (version > ld_sync_server_supported_version ())
    return refuse_newer (version, error);
  if (version < ld_sync_server_supported_version () && !upgrade_in_transaction (conn, version, error))
    return FALSE;
  if (!exec_command (conn, "COMMIT", _("committing the installation"), error))
    return FALSE;
  *out_to_version = ld_sync_server_supported_version ();
  return TRUE;
}
