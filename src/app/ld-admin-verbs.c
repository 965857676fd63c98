/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-admin"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "ld-admin.h"

/* Commands made of verbs (`licence-desk-admin embargo add ID …`): finding the
 * verb, its usage and its argument, the same way for every such command. */

static const LdAdminVerb *
nth_verb (const void *verbs,
          gsize       stride,
          guint       i)
{
  return (const LdAdminVerb *) ((const char *) verbs + i * stride);
}

static void
print_verbs (FILE       *out,
             const char *command,
             const void *verbs,
             gsize       stride,
             guint       n)
{
  int name_width = 0, parameter_width = 0;

  for (guint i = 0; i < n; i++)
    {
      const LdAdminVerb *verb = nth_verb (verbs, stride, i);

      name_width = MAX (name_width, (int) strlen (verb->name));
      parameter_width = MAX (parameter_width, verb->parameter ? (int) strlen (verb->parameter) : 0);
    }
  fprintf (out, _("Usage: licence-desk-admin %s VERB [ARGUMENT] [OPTION…]"), command);
  fprintf (out, "\n\n");
  for (guint i = 0; i < n; i++)
    {
      const LdAdminVerb *verb = nth_verb (verbs, stride, i);

      fprintf (out, "  %-*s %-*s %s\n", name_width, verb->name, parameter_width,
               verb->parameter ? verb->parameter : "", _(verb->summary));
    }
  fprintf (out, "\n");
  fprintf (out, _("Run “licence-desk-admin %s VERB --help” for a verb's options."), command);
  fprintf (out, "\n");
}

/**
 * ld_admin_find_verb:
 * @verbs: the command's verb table, each entry beginning with an #LdAdminVerb
 * @stride: the size of one entry
 * @argv: argv[0] is the command, argv[1] the verb
 * @out_status: (out): the exit status when no verb is to run
 *
 * Returns: (nullable): the verb argv[1] names; %NULL after printing the usage
 *   for --help, a missing verb or an unknown one
 */
const LdAdminVerb *
ld_admin_find_verb (const char  *command,
                    const void  *verbs,
                    gsize        stride,
                    guint        n,
                    int          argc,
                    char       **argv,
                    int         *out_status)
{
  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      print_verbs (argc < 2 ? stderr : stdout, command, verbs, stride, n);
      *out_status = argc < 2 ? LD_ADMIN_EXIT_USAGE : LD_ADMIN_EXIT_OK;
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    if (g_str_equal (argv[1], nth_verb (verbs, stride, i)->name))
      return nth_verb (verbs, stride, i);
  g_printerr (_("licence-desk-admin %s: unknown verb “%s”.\n\n"), command, argv[1]);
  print_verbs (stderr, command, verbs, stride, n);
  *out_status = LD_ADMIN_EXIT_USAGE;
  return NULL;
}

/**
 * ld_admin_run_verb:
 * @run: runs the verb argv[1] names
 *
 * The body of every command made of verbs: finds the verb (or prints the
 * usage) and runs it.
 *
 * Returns: the exit status
 */
int
ld_admin_run_verb (const char     *command,
                   const void     *verbs,
                   gsize           stride,
                   guint           n,
                   int             argc,
                   char          **argv,
                   LdAdminVerbRun  run)
{
  int status;
  const LdAdminVerb *verb = ld_admin_find_verb (command, verbs, stride, n, argc, argv, &status);

  return verb ? run (verb, argc, argv) : status;
}

/**
 * ld_admin_open_as:
 * @needs_actor: whether the verb acts as someone; when %FALSE, @as_login is
 *   still checked if given
 * @out_actor: (out) (nullable): the profile named by @as_login
 *
 * Opens the store a verb works on and resolves who acts, as every verb does
 * after parsing its options.
 */
gboolean
ld_admin_open_as (const char  *store_path,
                  const char  *as_login,
                  gboolean     needs_actor,
                  LdStore    **out_store,
                  LdActor    **out_actor,
                  GError     **error)
{
  *out_actor = NULL;
  if (!(*out_store = ld_admin_open_store (store_path, LD_STORE_OPEN_DEFAULT, error)))
    return FALSE;
  if (!needs_actor && as_login == NULL)
    return TRUE;
  return (*out_actor = ld_admin_resolve_actor (*out_store, as_login, error)) != NULL;
}

/**
 * ld_admin_add_common_entries:
 * @as_login: (nullable): where --as goes; %NULL for a verb nobody acts in
 * @as_json: (nullable): where --json goes; %NULL for a verb that prints no JSON
 *
 * Adds the options every verb shares: --store, and --as and --json where the
 * verb takes them.
 */
void
ld_admin_add_common_entries (GOptionContext  *context,
                             char           **store_path,
                             char           **as_login,
                             gboolean        *as_json)
{
  const GOptionEntry store[] = {
    { "store", 's', 0, G_OPTION_ARG_FILENAME, store_path, N_("The store file (default: the desk's own)"), N_("PATH") },
    { NULL }
  };
  const GOptionEntry acting[] = {
    { "as", 0, 0, G_OPTION_ARG_STRING, as_login,
      N_("Act as this user profile (its credential is asked for, or read with --password-fd)"), N_("LOGIN") },
    { NULL }
  };
  const GOptionEntry printing[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, as_json, N_("Print JSON"), NULL },
    { NULL }
  };

  /* The tables live on this stack frame: the context copies them. */
  g_option_context_add_main_entries (context, store, GETTEXT_PACKAGE);
  if (as_login)
    g_option_context_add_main_entries (context, acting, GETTEXT_PACKAGE);
  if (as_json)
    g_option_context_add_main_entries (context, printing, GETTEXT_PACKAGE);
}

static char *
verb_usage (const LdAdminVerb *verb)
{
  return g_strdup_printf ("%s%s%s", verb->name, verb->parameter ? " " : "", verb->parameter ? verb->parameter : "");
}

/**
 * ld_admin_verb_context:
 *
 * Returns: (transfer full): an option context for @verb, with its summary;
 *   add the verb's options, then call ld_admin_verb_parse()
 */
GOptionContext *
ld_admin_verb_context (const LdAdminVerb *verb)
{
  g_autofree char *usage = verb_usage (verb);
  GOptionContext *context = g_option_context_new (usage);

  g_option_context_set_summary (context, _(verb->summary));
  return context;
}

/**
 * ld_admin_verb_parse:
 * @out_argument: (out) (nullable): what follows the verb, when it takes something
 *
 * Parses the options and checks that the verb got exactly its argument.
 *
 * Returns: %FALSE after saying what is wrong: exit with %LD_ADMIN_EXIT_USAGE
 */
gboolean
ld_admin_verb_parse (const char         *command,
                     const LdAdminVerb  *verb,
                     GOptionContext     *context,
                     int                *argc,
                     char             ***argv,
                     const char        **out_argument)
{
  g_autofree char *usage = NULL;

  if (!ld_admin_parse (context, argc, argv))
    return FALSE;
  /* argv[0] is the command, argv[1] the verb. A parameter written "[REF]"
   * may be left out. */
  if (*argc == (verb->parameter ? 3 : 2) ||
      (*argc == 2 && verb->parameter && verb->parameter[0] == '['))
    {
      *out_argument = *argc == 3 ? (*argv)[2] : NULL;
      return TRUE;
    }
  usage = verb_usage (verb);
  g_printerr (_("licence-desk-admin %s %s: say %s; see --help.\n"), command, verb->name, usage);
  return FALSE;
}
