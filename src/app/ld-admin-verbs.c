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
