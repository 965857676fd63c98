/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-admin-case-screen"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-admin.h"
#include "ld-case-screening.h"
#include "ld-embargo-repo.h"
#include "ld-list-updater.h"
#include "ld-rescreen.h"

/* licence-desk-admin case-screen: screen a case's parties and route, show the
 * results, record an officer's verdict on a hit. */

static LdNameMatcher *
load_matcher (const char  *list_file,
              const char  *list_dir,
              GError     **error)
{
  g_autoptr(LdListUpdater) updater = ld_list_updater_new (list_dir);
  g_autofree char *path = list_file ? g_strdup (list_file) : ld_list_updater_get_list_path (updater);
  g_autoptr(LdSanctionsList) list = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _("No sanctions list is installed at %s; install it with “licence-desk-admin screen update”."),
                   path);
      return NULL;
    }
  list = ld_sanctions_list_new_from_file (path, error);
  return list ? ld_name_matcher_new (list) : NULL;
}

/* Screens the case's current version; on failure says what to run, with
 * @what naming what just happened to the case. */
static int
screen_current_version (LdStore       *store,
                        const LdActor *actor,
                        const char    *reference,
                        const char    *what)
{
  g_autoptr(LdNameMatcher) matcher = NULL;
  g_autoptr(LdEmbargoTable) embargoes = NULL;
  LdCaseScreeningSummary summary;
  GError *error = NULL;

  if (!(matcher = load_matcher (NULL, NULL, &error)) ||
      !(embargoes = ld_embargo_table_new_from_store (store, &error)) ||
      !ld_case_screening_run (store, actor, matcher, embargoes, reference, &summary, &error))
    {
      /* The submission or amendment stands; nothing is decided unscreened. */
      g_printerr (_("licence-desk-admin: warning: %s was %s but NOT screened: %s\n"
                    "Screen it with “licence-desk-admin case-screen run %s” before any decision.\n"),
                  reference, what, error->message, reference);
      g_error_free (error);
      return LD_ADMIN_EXIT_OK;
    }
  g_print (_("Screened %u parties and the route: %u open hits to judge, %u cleared before, %u logged.\n"),
           summary.n_parties, summary.n_open, summary.n_cleared_before, summary.n_logged);
  return LD_ADMIN_EXIT_OK;
}

/**
 * ld_admin_case_screen_after_submit:
 *
 * Screens a case that was just submitted against the installed list, as the
 * office requires; tells the officer when no list is installed.
 */
int
ld_admin_case_screen_after_submit (LdStore       *store,
                                   const LdActor *actor,
                                   const char    *reference)
{
  return screen_current_version (store, actor, reference, _("submitted"));
}

/**
 * ld_admin_case_screen_after_amend:
 *
 * An amended case is a new version, which the decision gate holds back
 * until it is screened: screen it at once.
 */
int
ld_admin_case_screen_after_amend (LdStore       *store,
                                  const LdActor *actor,
                                  const char    *reference)
{
  return screen_current_version (store, actor, reference, _("amended"));
}

static int
run_screening (LdStore       *store,
               const LdActor *actor,
               const char    *reference,
               const char    *list_file,
               const char    *list_dir)
{
  g_autoptr(LdNameMatcher) matcher = NULL;
  g_autoptr(LdEmbargoTable) embargoes = NULL;
  LdCaseScreeningSummary summary;
  GError *error = NULL;

  if (!(matcher = load_matcher (list_file, list_dir, &error)) ||
      !(embargoes = ld_embargo_table_new_from_store (store, &error)) ||
      !ld_case_screening_run (store, actor, matcher, embargoes, reference, &summary, &error))
    return ld_admin_fail (error);
  g_print (_("Screened %u parties and the route: %u open hits to judge, %u cleared before, %u logged.\n"),
           summary.n_parties, summary.n_open, summary.n_cleared_before, summary.n_logged);
  return LD_ADMIN_EXIT_OK;
}

/**
 * ld_admin_case_screen_after_reference_change:
 *
 * After the embargo table or the denial register changed, screens every
 * undecided case again, as the Screening page does after an import: a
 * country just put under embargo must reach the cases already in the
 * office. Without an installed list the change stands and the officer is
 * told the cases were not screened again.
 */
void
ld_admin_case_screen_after_reference_change (LdStore       *store,
                                             const LdActor *actor)
{
  g_autoptr(LdNameMatcher) matcher = NULL;
  g_autoptr(LdEmbargoTable) embargoes = NULL;
  g_autoptr(GError) error = NULL;
  guint n_cases, n_open;

  if (!(matcher = load_matcher (NULL, NULL, &error)) ||
      !(embargoes = ld_embargo_table_new_from_store (store, &error)) ||
      !ld_case_screening_rescreen_open (store, actor, matcher, embargoes, &n_cases, &n_open, &error))
    {
      g_printerr (_("licence-desk-admin: warning: undecided cases were NOT screened again: %s\n"
                    "Screen them with “licence-desk-admin case-screen rescreen-open” before any is recommended.\n"),
                  error->message);
      return;
    }
  g_print (_("Screened %u undecided cases again: %u open hits to judge.\n"), n_cases, n_open);
}

int
ld_admin_case_screen_main (int    argc,
                           char **argv)
{
  g_autofree char *store_path = NULL, *as_login = NULL, *list_file = NULL, *list_dir = NULL;
  g_autofree char *verdict = NULL, *reason = NULL;
  gboolean as_json = FALSE;
  int batch_size = 0, threads = 0;
  GOptionEntry entries[] = {
    { "store", 's', 0, G_OPTION_ARG_FILENAME, &store_path, N_("The store file (default: the desk's own)"), N_("PATH") },
    { "as", 0, 0, G_OPTION_ARG_STRING, &as_login, N_("Act as this user profile"), N_("LOGIN") },
    { "list", 0, 0, G_OPTION_ARG_FILENAME, &list_file, N_("run: screen against this list file"), N_("FILE.xml") },
    { "list-dir", 0, 0, G_OPTION_ARG_FILENAME, &list_dir, N_("run: folder of the installed list"), N_("DIR") },
    { "verdict", 0, 0, G_OPTION_ARG_STRING, &verdict, N_("review: true (a real match) or false"), N_("true|false") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("review: why"), N_("TEXT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("rescreen-open: print the final counts as JSON"), NULL },
    { "batch-size", 0, 0, G_OPTION_ARG_INT, &batch_size,
      N_("rescreen-open: cases written per transaction (default 2000)"), N_("N") },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads,
      N_("rescreen-open: screening threads (default one per processor)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("run REF | rescreen-open | show REF | review HIT"));
  g_autoptr(LdStore) store = NULL;
  g_autoptr(LdActor) actor = NULL;
  GError *error = NULL;

  g_option_context_set_summary (context,
    _("run REF: screen every party of the case against the UN Consolidated List and every party's country and "
      "route country against the UN arms embargoes; results are kept with the case and open hits block a "
      "recommendation.\nshow REF: the case's hits as JSON.\n"
      "review HIT --verdict true|false --reason TEXT: an officer's verdict on an open hit.\n"
      "rescreen-open [--json]: screen every undecided case again, as after installing a new list, in batches on "
      "worker threads, with progress on standard error; interrupted (Ctrl+C), the same command goes on from the "
      "last batch written."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ld_admin_parse (context, &argc, &argv))
    return LD_ADMIN_EXIT_USAGE;
  if (argc == 2 && g_str_equal (argv[1], "rescreen-open"))
    {
      LdAdminRescreenOptions o = { LD_RESCREEN_CASES, store_path, as_login, list_file, list_dir, as_json,
                                   batch_size, threads };

      return ld_admin_rescreen (&o);
    }
  if (argc != 3 || (!g_str_equal (argv[1], "run") && !g_str_equal (argv[1], "show") && !g_str_equal (argv[1], "review")))
    {
      g_printerr (_("licence-desk-admin case-screen: say run REF, show REF or review HIT; see --help.\n"));
      return LD_ADMIN_EXIT_USAGE;
    }
  if (!(store = ld_admin_open_store (store_path, LD_STORE_OPEN_DEFAULT, &error)))
    return ld_admin_fail (error);

  if (g_str_equal (argv[1], "show"))
    {
      g_autofree char *json = ld_case_screening_to_json (store, argv[2], &error);

      if (json == NULL)
        return ld_admin_fail (error);
      g_print ("%s\n", json);
      return LD_ADMIN_EXIT_OK;
    }
  if (!(actor = ld_admin_resolve_actor (store, as_login, &error)))
    return ld_admin_fail (error);
  if (g_str_equal (argv[1], "run"))
    return run_screening (store, actor, argv[2], list_file, list_dir);

  if (verdict == NULL || (!g_str_equal (verdict, "true") && !g_str_equal (verdict, "false")))
    {
      g_printerr (_("licence-desk-admin case-screen review: give --verdict true or --verdict false, and --reason.\n"));
      return LD_ADMIN_EXIT_USAGE;
    }
  if (!ld_case_screening_review (store, actor, argv[2], g_str_equal (verdict, "true"), reason, &error))
    return ld_admin_fail (error);
  g_print (_("Recorded the verdict on hit %s.\n"), argv[2]);
  return LD_ADMIN_EXIT_OK;
}
