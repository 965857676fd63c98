/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-admin-embargo"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "ld-admin.h"
#include "ld-embargo-repo.h"

/*
 * licence-desk-admin embargo: the UN arms-embargo table in force, its
 * versions, and the administrator's edits, through ld-embargo-repo.c as the
 * application uses it. Every edit makes a new version; nothing is removed.
 *
 *   embargo list | history | show ID            [--store PATH] [--json]
 *   embargo add ID --name … --country CC … --resolution … --scope … --since … --source …
 *   embargo set ID [any of add's options]
 *   embargo end ID --reason TEXT
 *   embargo import FILE.json
 */

typedef struct
{
  char     *store_path;
  char     *as_login;
  gboolean  as_json;
  gboolean  shipped;
  /* the version an edit makes */
  char     *label;
  char     *updated;
  /* an entry */
  char     *name;
  char    **countries;
  char    **list_types;
  char    **resolutions;
  char     *scope;
  char     *scope_note;
  char     *since;
  char     *source;
  char     *reason;
} Options;

static void
options_clear (Options *o)
{
  g_free (o->store_path); g_free (o->as_login); g_free (o->label); g_free (o->updated); g_free (o->name);
  g_strfreev (o->countries); g_strfreev (o->list_types); g_strfreev (o->resolutions); g_free (o->scope);
  g_free (o->scope_note); g_free (o->since); g_free (o->source); g_free (o->reason);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

typedef int (*VerbFunc) (LdStore *store, const Options *o, const char *argument);

typedef struct
{
  LdAdminVerb base;
  gboolean    edits;       /* takes --as and the version options */
  gboolean    entry;       /* takes the entry's fields */
  gboolean    prints;      /* takes --json */
  VerbFunc    run;
} Verb;

/* ---- printing ---- */

static void
print_entry_line (const LdEmbargo *embargo)
{
  g_autofree char *countries = g_strjoinv (",", embargo->countries);
  g_autofree char *resolutions = g_strjoinv ("; ", embargo->resolutions);

  g_print ("  %-16s %-38s %-20s %-6s since %s  %s\n", embargo->id, embargo->name,
           ld_embargo_scope_to_string (embargo->scope), countries[0] ? countries : "—", embargo->since, resolutions);
}

/* The stored version stays in force when a later release ships a newer
 * table: only an administrator decides. Say so, so the newer one is reviewed. */
static void
print_newer_shipped (LdEmbargoTable *in_force)
{
  g_autoptr(LdEmbargoTable) shipped = ld_embargo_table_new_default (NULL);

  if (shipped != NULL &&
      g_strcmp0 (ld_embargo_table_get_updated (shipped), ld_embargo_table_get_updated (in_force)) > 0)
    g_print (_("Note: this release ships the table %s of %s, newer than the version in force. Review it with "
               "“embargo list --shipped”; to put it in force, save it with “embargo list --shipped --json” and "
               "“embargo import” the file.\n"),
             ld_embargo_table_get_version (shipped), ld_embargo_table_get_updated (shipped));
}

static int
run_list (LdStore       *store,
          const Options *o,
          const char    *argument)
{
  GError *error = NULL;
  g_autoptr(LdEmbargoTable) table = o->shipped ? ld_embargo_table_new_default (&error)
                                               : ld_embargo_table_new_from_store (store, &error);
  g_autoptr(GPtrArray) versions = NULL;

  if (table == NULL || !(versions = ld_embargo_repo_list_versions (store, &error)))
    return ld_admin_fail (error);
  /* The shipped table as it is, whatever the store holds. */
  if (o->shipped)
    g_ptr_array_set_size (versions, 0);
  if (o->as_json)
    {
      g_autoptr(JsonNode) node = ld_embargo_table_to_json (table);

      json_object_set_boolean_member (json_node_get_object (node), "stored", versions->len > 0);
      ld_admin_print_json (node);
      return LD_ADMIN_EXIT_OK;
    }
  g_print (_("Arms-embargo table %s, updated %s (%s): %u entries in force\n"), ld_embargo_table_get_version (table),
           ld_embargo_table_get_updated (table),
           versions->len > 0 ? _("kept in this store")
                             : o->shipped ? _("shipped with this release") : _("shipped with this release; not edited yet"),
           ld_embargo_table_get_n_embargoes (table));
  for (guint i = 0; i < ld_embargo_table_get_n_embargoes (table); i++)
    print_entry_line (ld_embargo_table_get_embargo (table, i));
  if (versions->len > 0)
    print_newer_shipped (table);
  return LD_ADMIN_EXIT_OK;
}

static JsonNode *
versions_to_json (GPtrArray *versions)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < versions->len; i++)
    {
      LdEmbargoVersion *v = g_ptr_array_index (versions, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "version");
      json_builder_add_string_value (b, v->label);
      json_builder_set_member_name (b, "updated");
      json_builder_add_string_value (b, v->updated);
      json_builder_set_member_name (b, "change");
      json_builder_add_string_value (b, v->change);
      json_builder_set_member_name (b, "created_at");
      json_builder_add_string_value (b, v->created_at);
      json_builder_set_member_name (b, "created_by");
      json_builder_add_string_value (b, v->created_by_login);
      json_builder_set_member_name (b, "in_force");
      json_builder_add_int_value (b, v->n_in_force);
      json_builder_set_member_name (b, "ended");
      json_builder_add_int_value (b, v->n_ended);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

static int
run_history (LdStore       *store,
             const Options *o,
             const char    *argument)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) versions = ld_embargo_repo_list_versions (store, &error);

  if (versions == NULL)
    return ld_admin_fail (error);
  if (o->as_json)
    {
      g_autoptr(JsonNode) node = versions_to_json (versions);

      ld_admin_print_json (node);
      return LD_ADMIN_EXIT_OK;
    }
  if (versions->len == 0)
    g_print (_("No edited version: the table shipped with this release is in force.\n"));
  for (guint i = 0; i < versions->len; i++)
    {
      LdEmbargoVersion *v = g_ptr_array_index (versions, i);

      g_print (_("%-14s updated %s  by %-12s at %s  %u in force, %u ended%s\n    %s\n"), v->label, v->updated,
               v->created_by_login, v->created_at, v->n_in_force, v->n_ended, i == 0 ? _("  (in force)") : "",
               v->change);
    }
  return LD_ADMIN_EXIT_OK;
}

static void
print_member (JsonObject *entry,
              const char *name)
{
  JsonNode *node = json_object_get_member (entry, name);
  g_autofree char *text = NULL;

  if (node == NULL)
    return;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(GString) joined = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        g_string_append_printf (joined, "%s%s", i ? "; " : "", json_array_get_string_element (array, i));
      text = g_string_free (g_steal_pointer (&joined), FALSE);
    }
  else
    text = g_strdup (json_node_get_string (node));
  g_print ("%-14s %s\n", name, text);
}

static int
run_show (LdStore       *store,
          const Options *o,
          const char    *id)
{
  static const char *members[] = { "id", "name", "countries", "list_types", "resolutions", "scope", "scope_note",
                                   "since", "source", "ended_on", "end_reason", "table_version", "table_updated" };
  GError *error = NULL;
  g_autoptr(JsonObject) entry = ld_embargo_repo_get_entry (store, id, &error);

  if (entry == NULL)
    return ld_admin_fail (error);
  if (o->as_json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (node, entry);
      ld_admin_print_json (node);
      return LD_ADMIN_EXIT_OK;
    }
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    print_member (entry, members[i]);
  return LD_ADMIN_EXIT_OK;
}

/* ---- editing ---- */

/* Takes @label; reports the new version, or @error when there is none. The
 * callers compute @label first: argument order would not set @error in time. */

/* --country KP --country LY and --country KP,LY both work. */
static char **
split_codes (char **values)
{
  g_autoptr(GStrvBuilder) builder = NULL;

  if (values == NULL)
    return NULL;
  builder = g_strv_builder_new ();
  for (guint i = 0; values[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (values[i], ",", -1);

      g_strv_builder_addv (builder, (const char **) parts);
    }
  return g_strv_builder_end (builder);
}

/* A new version is in force: the undecided cases are screened against it. */
static int
saved (LdStore       *store,
       const LdActor *actor,
       char          *label,
       GError        *error)
{
  g_autofree char *owned = label;

  if (owned == NULL)
    return ld_admin_fail (error);
  g_print (_("Saved the arms-embargo table as version %s in %s; it is in force from now on.\n"), owned,
           ld_store_get_path (store));
  ld_admin_case_screen_after_reference_change (store, actor);
  return LD_ADMIN_EXIT_OK;
}

static LdActor *
acting (LdStore       *store,
        const Options *o,
        GError       **error)
{
  return ld_admin_resolve_actor (store, o->as_login, error);
}

static int
run_add_or_set (LdStore       *store,
                const Options *o,
                const char    *id,
                gboolean       add)
{
  g_auto(GStrv) countries = split_codes (o->countries);
  LdEmbargoChange change = { id, o->name, countries, o->list_types, o->resolutions, o->scope, o->scope_note,
                             o->since, o->source };
  LdEmbargoEdit edit = { o->label, o->updated };
  g_autoptr(LdActor) actor = NULL;
  GError *error = NULL;

  char *label;

  if (!(actor = acting (store, o, &error)))
    return ld_admin_fail (error);
  label = add ? ld_embargo_repo_add (store, actor, &change, &edit, &error)
              : ld_embargo_repo_set (store, actor, &change, &edit, &error);
  return saved (store, actor, label, error);
}

static int
run_add (LdStore       *store,
         const Options *o,
         const char    *id)
{
  return run_add_or_set (store, o, id, TRUE);
}

static int
run_set (LdStore       *store,
         const Options *o,
         const char    *id)
{
  return run_add_or_set (store, o, id, FALSE);
}

static int
run_end (LdStore       *store,
         const Options *o,
         const char    *id)
{
  LdEmbargoEdit edit = { o->label, o->updated };
  g_autoptr(LdActor) actor = NULL;
  GError *error = NULL;
  char *label;

  if (!(actor = acting (store, o, &error)))
    return ld_admin_fail (error);
  label = ld_embargo_repo_end (store, actor, id, o->reason, &edit, &error);
  return saved (store, actor, label, error);
}

static int
run_import (LdStore       *store,
            const Options *o,
            const char    *file)
{
  LdEmbargoEdit edit = { o->label, o->updated };
  g_autoptr(LdActor) actor = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *contents = NULL;
  GError *error = NULL;
  gsize length;
  char *label;

  if (!g_file_get_contents (file, &contents, &length, &error))
    return ld_admin_fail (error);
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  if (!(actor = acting (store, o, &error)))
    return ld_admin_fail (error);
  label = ld_embargo_repo_import (store, actor, bytes, &edit, &error);
  return saved (store, actor, label, error);
}

static const Verb verbs[] = {
  { { "list", NULL, N_("The table in force: its version, date and entries") }, FALSE, FALSE, TRUE, run_list },
  { { "history", NULL, N_("Every stored version, newest (in force) first: who, when, what changed") },
    FALSE, FALSE, TRUE, run_history },
  { { "show", "ID", N_("One entry as the table in force holds it, ended or not") }, FALSE, FALSE, TRUE, run_show },
  { { "add", "ID", N_("Add an entry: --name, --country (none for a list-based measure), --resolution, --scope, "
                      "--since and --source are required") }, TRUE, TRUE, FALSE, run_add },
  { { "set", "ID", N_("Change an entry's fields; the others keep their values. An ended entry is in force again") },
    TRUE, TRUE, FALSE, run_set },
  { { "end", "ID", N_("End an entry from the new version's date, with --reason; it stays in the table as ended") },
    TRUE, FALSE, FALSE, run_end },
  { { "import", "FILE.json", N_("Replace the entries in force with a whole table in the shipped file's format; "
                              "the whole file is checked before anything is written") }, TRUE, FALSE, FALSE, run_import },
};

static void
add_entries (GOptionContext *context,
             const Verb     *verb,
             Options        *o)
{
  const GOptionEntry listing[] = {
    { "shipped", 0, 0, G_OPTION_ARG_NONE, &o->shipped,
      N_("The table shipped with this release instead of the one in force; with --json, a file “import” takes"), NULL },
    { NULL }
  };
  const GOptionEntry editing[] = {
    { "as", 0, 0, G_OPTION_ARG_STRING, &o->as_login, N_("Act as this administrator profile"), N_("LOGIN") },
    { "version", 0, 0, G_OPTION_ARG_STRING, &o->label, N_("Name of the new version (default: its date)"), N_("LABEL") },
    { "updated", 0, 0, G_OPTION_ARG_STRING, &o->updated, N_("Date of the new version (default: today)"), N_("YYYY-MM-DD") },
    { NULL }
  };
  const GOptionEntry ending[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &o->reason, N_("Why the measure no longer applies (required)"), N_("TEXT") },
    { NULL }
  };
  const GOptionEntry entry[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &o->name, N_("The country or group under embargo"), N_("TEXT") },
    { "country", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->countries, N_("An ISO 3166 code; repeat or separate with commas"), "CC" },
    { "resolution", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->resolutions, N_("A Security Council resolution; repeat for several"), N_("TEXT") },
    { "list-type", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->list_types, N_("A UN_LIST_TYPE of the Consolidated List it covers"), N_("TEXT") },
    { "scope", 0, 0, G_OPTION_ARG_STRING, &o->scope, N_("full, full-with-exemptions, non-governmental or designated"), N_("SCOPE") },
    { "scope-note", 0, 0, G_OPTION_ARG_STRING, &o->scope_note, N_("What the scope covers, in words"), N_("TEXT") },
    { "since", 0, 0, G_OPTION_ARG_STRING, &o->since, N_("Date the measure was first imposed"), N_("YYYY-MM-DD") },
    { "source", 0, 0, G_OPTION_ARG_STRING, &o->source, N_("Where it is published (the committee's page)"), N_("URL") },
    { NULL }
  };

  /* The option tables live on this stack frame: the context copies them. */
  ld_admin_add_common_entries (context, &o->store_path, NULL, verb->prints ? &o->as_json : NULL);
  if (verb->edits)
    g_option_context_add_main_entries (context, editing, GETTEXT_PACKAGE);
  if (verb->entry)
    g_option_context_add_main_entries (context, entry, GETTEXT_PACKAGE);
  if (verb->run == run_list)
    g_option_context_add_main_entries (context, listing, GETTEXT_PACKAGE);
  if (verb->run == run_end)
    g_option_context_add_main_entries (context, ending, GETTEXT_PACKAGE);
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
  const char *argument;
  GError *error = NULL;

  add_entries (context, verb, &o);
  if (!ld_admin_verb_parse ("embargo", &verb->base, context, &argc, &argv, &argument))
    return LD_ADMIN_EXIT_USAGE;
  if (!(store = ld_admin_open_store (o.store_path, LD_STORE_OPEN_DEFAULT, &error)))
    return ld_admin_fail (error);
  return verb->run (store, &o, argument);
}

/**
 * ld_admin_embargo_main:
 * @argv: argv[0] is "embargo", argv[1] the verb
 */
int
ld_admin_embargo_main (int    argc,
                       char **argv)
{
  return ld_admin_run_verb ("embargo", verbs, sizeof verbs[0], G_N_ELEMENTS (verbs), argc, argv, run_verb);
}
