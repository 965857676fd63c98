/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-admin-denial"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "ld-admin.h"
#include "ld-denial-repo.h"

/*
 * licence-desk-admin denial: the national denial register, through
 * ld-denial-repo.c as the application uses it. Recording and voiding are a
 * senior officer's or the administrator's; a voided denial stays listed with
 * --all and is no longer screened.
 *
 *   denial add --reference REF --name NAME [--other-names N] --type T --country CC
 *              --denied-on YYYY-MM-DD --reason TEXT --source TEXT [--as LOGIN]
 *   denial list [--json] [--all]
 *   denial show REF [--json]
 *   denial void REF --reason TEXT [--as LOGIN]
 */

typedef struct
{
  char      *store_path;
  char      *as_login;
  gboolean   as_json;
  gboolean   all;
  char      *reference;
  char      *name;
  char     **other_names;
  char      *type;
  char      *country;
  char      *denied_on;
  char      *reason;
  char      *source;
} Options;

static void
options_clear (Options *o)
{
  g_free (o->store_path); g_free (o->as_login); g_free (o->reference); g_free (o->name);
  g_strfreev (o->other_names); g_free (o->type); g_free (o->country); g_free (o->denied_on);
  g_free (o->reason); g_free (o->source);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

typedef int (*VerbFunc) (LdStore *store, LdActor *actor, const Options *o, const char *argument);

typedef struct
{
  LdAdminVerb base;
  gboolean    records;     /* takes the denial's fields */
  gboolean    prints;      /* takes --json */
  VerbFunc    run;
} Verb;

/* ---- printing ---- */

static void
print_line (const LdDenial *d)
{
  g_print ("  %-18s %-10s %-2s  %-40s %s%s\n", d->reference, d->denied_on, d->country, d->name,
           d->source, d->voided_at ? _("  (voided)") : "");
}

static int
print_json (JsonNode *node)
{
  ld_admin_print_json (node);
  json_node_unref (node);
  return LD_ADMIN_EXIT_OK;
}

static int
run_list (LdStore       *store,
          LdActor       *actor,
          const Options *o,
          const char    *argument)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) denials = ld_denial_repo_list (store, actor, o->all, &error);

  if (denials == NULL)
    return ld_admin_fail (error);
  if (o->as_json)
    {
      JsonArray *array = json_array_new ();
      JsonNode *node = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < denials->len; i++)
        json_array_add_element (array, ld_denial_to_json (g_ptr_array_index (denials, i)));
      json_node_take_array (node, array);
      return print_json (node);
    }
  g_print (o->all ? _("National denial register: %u denials, voided ones included\n")
                  : _("National denial register: %u denials in force\n"), denials->len);
  for (guint i = 0; i < denials->len; i++)
    print_line (g_ptr_array_index (denials, i));
  return LD_ADMIN_EXIT_OK;
}

static void
print_field (const char *label,
             const char *value)
{
  if (value != NULL)
    g_print ("%-14s %s\n", label, value);
}

static int
run_show (LdStore       *store,
          LdActor       *actor,
          const Options *o,
          const char    *reference)
{
  GError *error = NULL;
  g_autoptr(LdDenial) d = ld_denial_repo_get (store, actor, reference, &error);
  g_auto(GStrv) others = NULL;
  g_autofree char *joined = NULL;

  if (d == NULL)
    return ld_admin_fail (error);
  if (o->as_json)
    return print_json (ld_denial_to_json (d));
  others = ld_denial_split_names (d->other_names);
  joined = g_strjoinv ("; ", others);
  print_field ("reference", d->reference);
  print_field ("name", d->name);
  print_field ("other_names", joined[0] ? joined : NULL);
  print_field ("party_type", d->party_type);
  print_field ("country", d->country);
  print_field ("denied_on", d->denied_on);
  print_field ("reason", d->reason);
  print_field ("source", d->source);
  print_field ("recorded", d->recorded_at);
  print_field ("recorded_by", d->recorded_by_login);
  print_field ("voided", d->voided_at);
  print_field ("voided_by", d->voided_by_login);
  print_field ("void_reason", d->void_reason);
  return LD_ADMIN_EXIT_OK;
}

/* ---- writing ---- */

static int
run_add (LdStore       *store,
         LdActor       *actor,
         const Options *o,
         const char    *argument)
{
  g_autofree char *other_names = o->other_names ? g_strjoinv ("\n", o->other_names) : NULL;
  LdDenialChange change = { o->reference, o->name, other_names, o->type, o->country, o->denied_on, o->reason,
                            o->source };
  GError *error = NULL;
  g_autoptr(LdDenial) d = ld_denial_repo_add (store, actor, &change, &error);

  if (d == NULL)
    return ld_admin_fail (error);
  g_print (_("Recorded denial %s (%s, %s) in %s; cases are screened against it from now on.\n"), d->reference,
           d->name, d->country, ld_store_get_path (store));
  /* Including the cases already in the office. */
  ld_admin_case_screen_after_reference_change (store, actor);
  return LD_ADMIN_EXIT_OK;
}

static int
run_void (LdStore       *store,
          LdActor       *actor,
          const Options *o,
          const char    *reference)
{
  GError *error = NULL;
  g_autoptr(LdDenial) d = ld_denial_repo_void (store, actor, reference, o->reason, &error);

  if (d == NULL)
    return ld_admin_fail (error);
  g_print (_("Voided denial %s; it stays in the register and is no longer screened.\n"), d->reference);
  ld_admin_case_screen_after_reference_change (store, actor);
  return LD_ADMIN_EXIT_OK;
}

static const Verb verbs[] = {
  { { "list", NULL, N_("The denials in force, most recent first; --all adds voided ones") }, FALSE, TRUE, run_list },
  { { "show", "REF", N_("One denial, voided or not") }, FALSE, TRUE, run_show },
  { { "add", NULL, N_("Record a denial: --reference, --name, --type, --country, --denied-on, --reason and --source "
                    "are required") }, TRUE, FALSE, run_add },
  { { "void", "REF", N_("Void a denial, with --reason; it stays in the register and is no longer screened") },
    FALSE, FALSE, run_void },
};

static void
add_entries (GOptionContext *context,
             const Verb     *verb,
             Options        *o)
{
  const GOptionEntry listing[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &o->all, N_("Voided denials too"), NULL },
    { NULL }
  };
  const GOptionEntry voiding[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &o->reason, N_("Why the denial no longer applies (required)"), N_("TEXT") },
    { NULL }
  };
  const GOptionEntry fields[] = {
    { "reference", 0, 0, G_OPTION_ARG_STRING, &o->reference, N_("The denial notice number, unique"), N_("REF") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &o->name, N_("The denied party's name, in any script"), N_("TEXT") },
    { "other-names", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->other_names,
      N_("Another name of the party; repeat, or separate with “;”"), N_("TEXT") },
    { "type", 0, 0, G_OPTION_ARG_STRING, &o->type,
      N_("government, armed_forces, police, commercial, individual or non_state_actor"), N_("TYPE") },
    { "country", 0, 0, G_OPTION_ARG_STRING, &o->country, N_("The party's country, ISO 3166 alpha-2"), "CC" },
    { "denied-on", 0, 0, G_OPTION_ARG_STRING, &o->denied_on, N_("Date of the denial"), N_("YYYY-MM-DD") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &o->reason, N_("What was denied, and why"), N_("TEXT") },
    { "source", 0, 0, G_OPTION_ARG_STRING, &o->source,
      N_("This office, or the partner state whose notification it is"), N_("TEXT") },
    { NULL }
  };

  /* The option tables live on this stack frame: the context copies them. */
  ld_admin_add_common_entries (context, &o->store_path, &o->as_login, verb->prints ? &o->as_json : NULL);
  if (verb->records)
    g_option_context_add_main_entries (context, fields, GETTEXT_PACKAGE);
  if (verb->run == run_list)
    g_option_context_add_main_entries (context, listing, GETTEXT_PACKAGE);
  if (verb->run == run_void)
    g_option_context_add_main_entries (context, voiding, GETTEXT_PACKAGE);
}

static int
run_verb (const LdAdminVerb  *base,
          int                 argc,
          char              **argv)
{
  const Verb *verb = (const Verb *) base;
  g_auto(Options) o = { 0 };
  g_autoptr(GOptionContext) context = ld_admin_verb_context (&verb->base);
  g_autoptr(LdStore) store = NULL;
  g_autoptr(LdActor) actor = NULL;
  const char *argument;
  GError *error = NULL;

  add_entries (context, verb, &o);
  if (!ld_admin_verb_parse ("denial", &verb->base, context, &argc, &argv, &argument))
    return LD_ADMIN_EXIT_USAGE;
  if (!ld_admin_open_as (o.store_path, o.as_login, TRUE, &store, &actor, &error))
    return ld_admin_fail (error);
  return verb->run (store, actor, &o, argument);
}

/**
 * ld_admin_denial_main:
 * @argv: argv[0] is "denial", argv[1] the verb
 */
int
ld_admin_denial_main (int    argc,
                      char **argv)
{
  return ld_admin_run_verb ("denial", verbs, sizeof verbs[0], G_N_ELEMENTS (verbs), argc, argv, run_verb);
}
