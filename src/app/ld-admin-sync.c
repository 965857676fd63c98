/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-admin"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "ld-admin.h"
#include "ld-credential.h"
#include "ld-json-members.h"
#include "ld-sync-engine.h"
#include "ld-sync-secret.h"
#include "ld-sync-server.h"

/* `init-server` and `sync`: the central database from the command line, on
 * the same functions the desk uses. The server password comes from
 * --password-fd N (kept in the keyring with --remember), else from the
 * keyring, else from the terminal; never from an argument or the environment. */

#define MAX_BACKOFF_SECONDS 30
#define PERIODIC_PULL_SECONDS 10

typedef struct
{
  char     *server;
  char     *store_path;
  int       password_fd;
  gboolean  remember;
  gboolean  once;
  gboolean  json;
} SyncOptions;

static void
sync_options_clear (SyncOptions *o)
{
  g_free (o->server);
  g_free (o->store_path);
}

static char *
server_password (const SyncOptions  *o,
                 GError            **error)
{
  g_autofree char *where = ld_sync_server_describe (o->server);
  g_autofree char *prompt = g_strdup_printf (_("Password of %s: "), where);
  g_autoptr(GError) keyring_error = NULL;
  char *password;

  if (o->password_fd >= 0)
    {
      password = ld_admin_read_secret (o->password_fd, "--password-fd", prompt, error);
      if (password && o->remember && !ld_sync_secret_store (o->server, password, &keyring_error))
        g_printerr (_("licence-desk-admin: the password could not be kept in the keyring (%s); give it with "
                      "--password-fd next time.\n"), keyring_error->message);
      return password;
    }
  password = ld_sync_secret_lookup (o->server, &keyring_error);
  if (password)
    return password;
  return ld_admin_read_secret (-1, "--password-fd", prompt, error);
}

static gboolean
parse_options (const char    *summary,
               GOptionEntry  *extra,
               SyncOptions   *o,
               int           *argc,
               char        ***argv)
{
  GOptionEntry common[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &o->server,
      N_("The central database, postgresql://LOGIN@HOST:PORT/DATABASE (no password in it)"), N_("URI") },
    { "password-fd", 0, 0, G_OPTION_ARG_INT, &o->password_fd,
      N_("Read the server login's password from this file descriptor"), N_("N") },
    { "remember", 0, 0, G_OPTION_ARG_NONE, &o->remember,
      N_("Keep the password given with --password-fd in the keyring"), NULL },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;

  g_option_context_set_summary (context, _(summary));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, common, GETTEXT_PACKAGE);
  if (extra)
    g_option_context_add_main_entries (context, extra, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("licence-desk-admin: %s\n", error->message);
      return FALSE;
    }
  if (o->server == NULL)
    {
      g_printerr ("%s\n", _("licence-desk-admin: give the central database with --server "
                            "postgresql://LOGIN@HOST:PORT/DATABASE."));
      return FALSE;
    }
  return TRUE;
}

/**
 * ld_admin_init_server_main:
 *
 * `init-server --server URI`: installs or upgrades the server schema.
 */
int
ld_admin_init_server_main (int    argc,
                           char **argv)
{
  SyncOptions o = { .password_fd = -1 };
  g_autoptr(GError) error = NULL;
  g_autofree char *where = NULL;
  char *password;
  int from = 0, to = 0;
  gboolean ok;

  if (!parse_options (N_("Installs the Licence Desk schema (tables, functions, office roles, row-level security) "
                         "on the central PostgreSQL database, or upgrades it. Connect as the database's owner, "
                         "a login that may create roles. Running it again changes nothing; a newer schema is "
                         "refused untouched."), NULL, &o, &argc, &argv))
    return sync_options_clear (&o), LD_ADMIN_EXIT_USAGE;
  if (!(password = server_password (&o, &error)))
    return sync_options_clear (&o), ld_admin_fail (g_steal_pointer (&error));
  ok = ld_sync_server_install (o.server, password, &from, &to, &error);
  ld_credential_free (password);
  where = ld_sync_server_describe (o.server);
  sync_options_clear (&o);
  if (!ok)
    return ld_admin_fail (g_steal_pointer (&error));
  if (from == to)
    g_print (_("The server %s already has schema version %d; nothing was changed.\n"), where, to);
  else if (from == 0)
    g_print (_("Installed schema version %d on %s.\n"), to, where);
  else
    g_print (_("Upgraded %s from schema version %d to %d.\n"), where, from, to);
  return LD_ADMIN_EXIT_OK;
}

static void
print_summary (LdStore            *store,
               const LdSyncStats  *stats,
               gboolean            json)
{
  LdSyncStatus status;
  g_autoptr(GError) error = NULL;

  if (!ld_sync_status_read (store, &status, &error))
    {
      g_printerr ("licence-desk-admin: %s\n", error->message);
      return;
    }
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      ld_json_add_int_member (builder, "pushed", stats->pushed);
      ld_json_add_int_member (builder, "applied", stats->applied);
      ld_json_add_int_member (builder, "conflicts", stats->conflicts);
      ld_json_add_int_member (builder, "refused", stats->refused);
      ld_json_add_int_member (builder, "server_transactions", stats->transactions);
      ld_json_add_int_member (builder, "pulled", stats->pulled);
      ld_json_add_int_member (builder, "bootstrapped", stats->bootstrapped);
      ld_json_add_int_member (builder, "applied_to_registers", stats->applied_locally);
      ld_json_add_int_member (builder, "kept_as_desk_has_them", stats->deferred);
      ld_json_add_int_member (builder, "pending", status.pending);
      ld_json_add_int_member (builder, "open_conflicts", status.open_conflicts);
      ld_json_add_int_member (builder, "open_notices", status.open_notices);
      ld_json_add_int_member (builder, "server_records", status.records);
      ld_json_add_string_member (builder, "last_push_at", status.last_push_at);
      ld_json_add_string_member (builder, "last_pull_at", status.last_pull_at);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      ld_admin_print_json (root);
    }
  else
    {
      g_print (_("Sent %u changes in %u server transactions: %u applied, %u in conflict, %u refused. "
                 "Received %u changes.\n"), stats->pushed, stats->transactions, stats->applied, stats->conflicts,
               stats->refused, stats->pulled);
      g_print (_("Waiting to be sent: %" G_GINT64_FORMAT ". Open conflicts: %" G_GINT64_FORMAT
                 ". Notices to acknowledge: %" G_GINT64_FORMAT ".\n"),
               status.pending, status.open_conflicts, status.open_notices);
    }
  ld_sync_status_clear (&status);
}

/* Pushes what is pending, and pulls when the server said something committed
 * or the periodic pull is due. */
static gboolean
sync_round (LdSyncEngine  *engine,
            gboolean       pull,
            LdSyncStats   *stats,
            GError       **error)
{
  return ld_sync_engine_push (engine, stats, error) && (!pull || ld_sync_engine_pull (engine, stats, error));
}

/* Runs until killed: a failure is reported, kept for the status, and retried
 * with a growing pause (1 s, 2 s, … 30 s); the desk's queue is never dropped. */
static int
sync_forever (LdSyncEngine *engine)
{
  guint backoff = 1;
  gint64 last_pull = 0;

  for (;;)
    {
      LdSyncStats stats = { 0 };
      g_autoptr(GError) error = NULL;
      gboolean due = g_get_monotonic_time () - last_pull > PERIODIC_PULL_SECONDS * G_USEC_PER_SEC;
      gboolean notified = FALSE;

      if (sync_round (engine, TRUE, &stats, &error))
        {
          backoff = 1;
          last_pull = g_get_monotonic_time ();
          if (stats.pushed || stats.pulled)
            g_print (_("Sent %u, received %u changes.\n"), stats.pushed, stats.pulled);
          while (!notified && !due && error == NULL)
            {
              notified = ld_sync_engine_wait_for_change (engine, 1000, &error);
              due = g_get_monotonic_time () - last_pull > PERIODIC_PULL_SECONDS * G_USEC_PER_SEC;
              if (!notified && error == NULL && !sync_round (engine, FALSE, &stats, &error))
                break;
            }
          if (error == NULL)
            continue;
        }
      g_printerr ("licence-desk-admin: %s\n", error->message);
      ld_sync_engine_record_error (engine, error);
      ld_sync_engine_disconnect (engine);
      g_usleep (backoff * G_USEC_PER_SEC);
      backoff = MIN (backoff * 2, MAX_BACKOFF_SECONDS);
    }
  return LD_ADMIN_EXIT_OK;
}

/**
 * ld_admin_sync_main:
 *
 * `sync --store PATH --server URI [--once]`: the desk's sync engine without
 * the window.
 */
int
ld_admin_sync_main (int    argc,
                    char **argv)
{
  SyncOptions o = { .password_fd = -1 };
  GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &o.store_path, N_("The desk's store (default: the user's own)"),
      N_("PATH") },
    { "once", 0, 0, G_OPTION_ARG_NONE, &o.once, N_("Send and receive once, then stop"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.json, N_("With --once, print the figures as JSON"), NULL },
    { NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) store = NULL;
  g_autoptr(LdSyncEngine) engine = NULL;
  LdSyncStats stats = { 0 };
  char *password;
  int status;

  if (!parse_options (N_("Sends the desk's queued changes to the central database and receives everyone "
                         "else's, as the window does. Without --once it keeps running: it waits for the "
                         "server's notice of new changes, pulls every 10 seconds anyway, and retries after a "
                         "failure with a growing pause. Nothing queued is lost when the server is away."),
                      entries, &o, &argc, &argv))
    return sync_options_clear (&o), LD_ADMIN_EXIT_USAGE;
  if (!(store = ld_admin_open_store (o.store_path, LD_STORE_OPEN_DEFAULT, &error)) ||
      !(password = server_password (&o, &error)))
    return sync_options_clear (&o), ld_admin_fail (g_steal_pointer (&error));
  engine = ld_sync_engine_new (store, o.server, password);
  ld_credential_free (password);
  if (!o.once)
    {
      sync_options_clear (&o);
      return sync_forever (engine);
    }
  status = LD_ADMIN_EXIT_OK;
  if (!ld_sync_engine_sync (engine, &stats, &error))
    {
      ld_sync_engine_record_error (engine, error);
      g_printerr ("licence-desk-admin: %s\n", error->message);
      status = LD_ADMIN_EXIT_FAILED;
    }
  print_summary (store, &stats, o.json);
  sync_options_clear (&o);
  return status;
}
