/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-admin"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <glib/gi18n.h>

#include "ld-admin.h"
#include "ld-admin-screen.h"
#include "ld-user-repo.h"

typedef struct
{
  const char     *name;
  LdAdminCommand  run;
  const char     *summary;
} Command;

static const Command commands[] = {
  { "application", ld_admin_application_main, N_("Record transfer applications and take them through the workflow") },
  { "audit", ld_admin_audit_main, N_("Verify the tamper-evident audit log, or print its anchor") },
  { "backup", ld_admin_backup_main, N_("Copy the store safely while the desk works, with its audit anchor") },
  { "broker", ld_admin_broker_main, N_("Keep the broker register: show, import, export, lifecycle acts") },
  { "case-screen", ld_admin_case_screen_main, N_("Screen a case's parties and route; record verdicts on hits") },
  { "checklist", ld_admin_checklist_main, N_("Diversion-risk checklist: import and list templates, assess and answer") },
  { "demo", ld_admin_demo_main, N_("Fill a store with generated demonstration records") },
  { "denial", ld_admin_denial_main, N_("Keep the national denial register: list, show, add, void") },
  { "trace", ld_admin_trace_main, N_("Trace a serial number: the cases, licence and shipment it passed through") },
  { "licence", ld_admin_licence_main, N_("Licences after the decision: list, show, issue, suspend, reinstate, revoke, ship") },
  { "embargo", ld_admin_embargo_main, N_("Keep the UN arms-embargo table: list, history, show, add, set, end, import") },
  { "init-server", ld_admin_init_server_main, N_("Install or upgrade the central PostgreSQL database's schema") },
  { "euc", ld_admin_euc_main, N_("Keep the end-use certificate register: list, show, add, verify, link, void, authorities") },
  { "list", ld_admin_list_main, N_("List or search a register (brokers, applications, eucs, licences)") },
  { "print", ld_admin_print_main, N_("Print licences, broker certificates and refusal notices as PDF") },
  { "screen", ld_admin_screen_main, N_("Install the UN sanctions list and screen names against it") },
  { "signing-key", ld_admin_signing_key_main, N_("Make the office's QR signing key and export its public key") },
  { "sync", ld_admin_sync_main, N_("Send this desk's changes to the central database and receive the others'") },
  { "user", ld_admin_user_main, N_("Add and list the desk's user profiles") },
  { "verify-qr", ld_admin_verify_qr_main, N_("Check a licence's QR payload against the office's public key") },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: licence-desk-admin COMMAND [OPTION…]"));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-13s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Run “licence-desk-admin COMMAND --help” for the options of a command."));
  fprintf (out, "\n%s\n", _("Commands that change or read protected records act as the profile named with --as LOGIN,\n"
                            "proven by its credential: typed at the prompt (not shown), or for scripts read from an\n"
                            "open file descriptor with --password-fd N (one trailing newline is dropped). Nobody\n"
                            "is assumed when --as is left out, and a credential is never taken from an argument\n"
                            "or an environment variable."));
}

gboolean
ld_admin_parse (GOptionContext   *context,
                int              *argc,
                char           ***argv)
{
  g_autoptr(GError) error = NULL;

  ld_admin_add_credential_options (context);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("licence-desk-admin: %s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

/**
 * ld_admin_open_store:
 * @path: (nullable): the path given with --store, or %NULL for the desk's own
 * @flags: %LD_STORE_OPEN_CREATE only for the commands given --create
 *
 * Opens the store a command works on. A store that cannot be written is
 * opened read-only, and the command says so before it reads.
 */
LdStore *
ld_admin_open_store (const char        *path,
                     LdStoreOpenFlags   flags,
                     GError           **error)
{
  g_autofree char *default_path = NULL;
  LdStore *store;

  if (path == NULL)
    {
      default_path = ld_store_default_path ();
      path = default_path;
    }
  store = ld_store_open_full (path, flags, error);
  if (store && ld_store_is_read_only (store))
    g_printerr (_("licence-desk-admin: %s cannot be written, so it was opened read-only: "
                  "it can be read and verified, not changed.\n"), path);
  return store;
}

int
ld_admin_fail (GError *error)
{
  g_printerr ("licence-desk-admin: %s\n", error->message);
  g_error_free (error);
  return LD_ADMIN_EXIT_FAILED;
}

void
ld_admin_print_json (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, TRUE);

  g_print ("%s\n", text);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? LD_ADMIN_EXIT_USAGE : LD_ADMIN_EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("licence-desk-admin %s\n", PACKAGE_VERSION);
      return LD_ADMIN_EXIT_OK;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].run (argc - 1, argv + 1);

  g_printerr (_("licence-desk-admin: unknown command “%s”.\n\n"), argv[1]);
  print_usage (stderr);
  return LD_ADMIN_EXIT_USAGE;
}
