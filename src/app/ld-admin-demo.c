/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-admin-demo"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-admin.h"
#include "ld-demo.h"

static gint64 last_reported;

static void
report_progress (gint64   done,
                 gint64   total,
                 gpointer user_data)
{
  gboolean quiet = GPOINTER_TO_INT (user_data);
  gint64 percent = total > 0 ? done * 100 / total : 100;

  if (quiet || (percent == last_reported && done != total))
    return;
  last_reported = percent;
  g_printerr ("\r%s %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT " (%" G_GINT64_FORMAT "%%)",
              _("Generating"), done, total, percent);
  if (done == total)
    g_printerr ("\n");
}

int
ld_admin_demo_main (int    argc,
                    char **argv)
{
  g_autofree char *store_path = NULL;
  gint64 scale = 1000;
  int seed = 20261122;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "store", 's', 0, G_OPTION_ARG_FILENAME, &store_path, N_("The store file (default: the desk's own)"), N_("PATH") },
    { "scale", 'n', 0, G_OPTION_ARG_INT64, &scale, N_("How many records to generate (default 1000)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, N_("Random seed, to repeat a run"), N_("SEED") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Do not print progress"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(LdStore) store = NULL;
  g_autoptr(LdActor) admin = NULL;
  GError *error = NULL;

  g_option_context_set_summary (context, _("Fill a store with generated brokers, applications, end-use certificates "
                                           "and licences, in several scripts, through the audited write path. "
                                           "Creates demo profiles for every role (demo.admin, demo.clerk, "
                                           "demo.officer, demo.senior, …) in a store that has none."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ld_admin_parse (context, &argc, &argv))
    return LD_ADMIN_EXIT_USAGE;
  if (scale < 0 || scale > G_GINT64_CONSTANT (100000000))
    {
      g_printerr (_("licence-desk-admin: --scale must be between 0 and 100000000 (got %lld).\n"), (long long) scale);
      return LD_ADMIN_EXIT_USAGE;
    }

  if (!(store = ld_admin_open_store (store_path, &error)) ||
      !(admin = ld_demo_ensure_profiles (store, &error)) ||
      !ld_demo_generate (store, admin, scale, (guint32) seed, report_progress, GINT_TO_POINTER (quiet), NULL, &error))
    return ld_admin_fail (error);

  g_print (_("Added %lld records to %s.\n"), (long long) scale, ld_store_get_path (store));
  return LD_ADMIN_EXIT_OK;
}
