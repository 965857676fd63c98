/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-admin-screen"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ld-admin.h"
#include "ld-admin-screen.h"
#include "ld-country.h"
#include "ld-denial-repo.h"
#include "ld-embargo-repo.h"
#include "ld-embargo-table.h"
#include "ld-list-updater.h"
#include "ld-name-matcher.h"

/*
 * licence-desk-admin screen: install the UN Consolidated List and screen names and
 * countries against it and the arms-embargo table, through the same functions the
 * application uses.
 *
 *   screen update [--url URL] [--list-dir DIR]
 *   screen [--list FILE.xml | --list-dir DIR] --name NAME [--country CC] [--birth-year YYYY]
 *   screen [--list FILE.xml | --list-dir DIR] --csv FILE
 *   screen --route CC,CC,... [--store PATH]
 *   screen [--list FILE.xml | --list-dir DIR] --info
 */

typedef struct
{
  char     *list_file;
  char     *list_dir;
  char     *name;
  char     *country;
  int       birth_year;
  char     *csv;
  char     *route;
  char     *store;
  char     *as_login;
  GPtrArray *denials;   /* (nullable) LdDenial in force, read once before screening */
  gboolean  json;
  gboolean  all;
  gboolean  info;
} Options;

static void
options_clear (Options *o)
{
  g_free (o->list_file);
  g_free (o->list_dir);
  g_free (o->name);
  g_free (o->country);
  g_free (o->csv);
  g_free (o->route);
  g_free (o->store);
  g_free (o->as_login);
  g_clear_pointer (&o->denials, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (root, TRUE);

  g_print ("%s\n", text);
}

static int
fail (GError *error)
{
  g_printerr ("licence-desk-admin screen: %s\n", error->message);
  g_error_free (error);
  return 1;
}

/* The embargo table in force: the administrator's in the store named with
 * --store, else in the desk's own store when it has one; the shipped table
 * only when there is no store at all, so a check from the command line gives
 * what case screening would. */
static LdEmbargoTable *
load_embargoes (const Options  *o,
                GError        **error)
{
  g_autofree char *path = o->store ? g_strdup (o->store) : ld_store_default_path ();
  g_autoptr(LdStore) store = NULL;

  if (o->store == NULL && !g_file_test (path, G_FILE_TEST_EXISTS))
    return ld_embargo_table_new_default (error);
  store = ld_store_open_full (path, LD_STORE_OPEN_DEFAULT, error);
  return store != NULL ? ld_embargo_table_new_from_store (store, error) : NULL;
}

/* The denial register in force, read as the person named with --as (signed
 * in with their credential), so a name checked here is checked as case
 * screening would check it. No store, no register; a register that cannot
 * be read is said, not skipped in silence. */
static GPtrArray *
load_denials (const Options *o)
{
  g_autofree char *path = o->store ? g_strdup (o->store) : ld_store_default_path ();
  g_autoptr(LdStore) store = NULL;
  g_autoptr(LdActor) actor = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *denials = NULL;

  if (o->store == NULL && !g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  if (!(store = ld_store_open_full (path, LD_STORE_OPEN_DEFAULT, &error)) ||
      !(actor = ld_admin_resolve_actor (store, o->as_login, &error)) ||
      !(denials = ld_denial_repo_list (store, actor, FALSE, &error)))
    g_printerr (_("licence-desk-admin screen: warning: the national denial register was NOT checked: %s\n"),
                error->message);
  return denials;
}

static void
add_denial_json (JsonBuilder    *b,
                 const LdDenial *denial,
                 double          score,
                 const char     *matched,
                 const char     *how)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "reference");
  json_builder_add_string_value (b, denial->reference);
  json_builder_set_member_name (b, "score");
  json_builder_add_double_value (b, score);
  json_builder_set_member_name (b, "band");
  json_builder_add_string_value (b, ld_match_band_to_string (ld_match_band_for_score (score)));
  json_builder_set_member_name (b, "matched_name");
  json_builder_add_string_value (b, matched);
  json_builder_set_member_name (b, "country");
  json_builder_add_string_value (b, denial->country);
  json_builder_set_member_name (b, "denied_on");
  json_builder_add_string_value (b, denial->denied_on);
  json_builder_set_member_name (b, "reason");
  json_builder_add_string_value (b, how);
  json_builder_end_object (b);
}

/* Denials @name matches at the band asked for: printed, or added to @b. */
static gboolean
screen_denials (LdNameMatcher  *matcher,
                const Options  *o,
                const char     *name,
                JsonBuilder    *b,
                GError        **error)
{
  const char *names[] = { name, NULL };
  LdMatchBand min_band = o->all ? LD_MATCH_BAND_LOGGED : LD_MATCH_BAND_REVIEW;

  if (b)
    {
      json_builder_set_member_name (b, "denials");
      json_builder_begin_array (b);
    }
  for (guint i = 0; o->denials && i < o->denials->len; i++)
    {
      const LdDenial *denial = g_ptr_array_index (o->denials, i);
      g_autofree char *matched = NULL, *how = NULL;
      double score;

      if (!ld_denial_best_score (matcher, names, denial, &score, &matched, &how, error))
        return FALSE;
      if (ld_match_band_for_score (score) < min_band)
        continue;
      if (b)
        add_denial_json (b, denial, score, matched, how);
      else
        g_print (_("  %.3f  %-8s  %-10s  %s\n           national denial of %s (%s): %s\n"), score,
                 ld_match_band_to_string (ld_match_band_for_score (score)), denial->reference, matched,
                 denial->denied_on, denial->country, how);
    }
  if (b)
    json_builder_end_array (b);
  return TRUE;
}

/* ---- update ---- */

static void
progress_cb (goffset  received,
             goffset  total,
             gpointer user_data)
{
  if (total > 0)
    g_printerr ("\r%s %3d%%", _("Downloading"), (int) (received * 100 / total));
  else
    g_printerr ("\r%s %" G_GOFFSET_FORMAT " kB", _("Downloading"), received / 1024);
}

static int
run_update (int    argc,
            char **argv)
{
  g_autofree char *url = NULL;
  g_autofree char *list_dir = NULL;
  int timeout = 60;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, N_("Feed URL (default: the UN's published list)"), "URL" },
    { "list-dir", 0, 0, G_OPTION_ARG_FILENAME, &list_dir, N_("Folder of the installed list"), "DIR" },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, N_("Network timeout in seconds (default 60)"), "SECONDS" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— download, validate and install the UN Consolidated List"));
  g_autoptr(LdListUpdater) updater = NULL;
  g_autoptr(LdSanctionsList) list = NULL;
  g_autoptr(GError) error = NULL;
  LdListUpdateResult result;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  ld_admin_add_credential_options (context);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("licence-desk-admin screen update: %s\n", error->message);
      return 2;
    }
  updater = ld_list_updater_new (list_dir);
  ld_list_updater_set_timeout (updater, MAX (timeout, 1));
  if (!json)
    ld_list_updater_set_progress_func (updater, progress_cb, NULL, NULL);
  if (!ld_list_updater_update (updater, url != NULL ? url : LD_LIST_UPDATER_DEFAULT_URL, &result, NULL, &error))
    {
      if (!json)
        g_printerr ("\n");
      return fail (g_steal_pointer (&error));
    }
  if (!json)
    g_printerr ("\n");
  list = ld_list_updater_load_installed (updater, &error);
  if (list == NULL)
    return fail (g_steal_pointer (&error));
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "result");
      json_builder_add_string_value (b, result == LD_LIST_UPDATE_INSTALLED ? "installed" : "not-modified");
      json_builder_set_member_name (b, "date_generated");
      json_builder_add_string_value (b, ld_sanctions_list_get_date_generated (list));
      json_builder_set_member_name (b, "sha256");
      json_builder_add_string_value (b, ld_sanctions_list_get_sha256 (list));
      json_builder_set_member_name (b, "individuals");
      json_builder_add_int_value (b, ld_sanctions_list_get_n_individuals (list));
      json_builder_set_member_name (b, "entities");
      json_builder_add_int_value (b, ld_sanctions_list_get_n_entities (list));
      json_builder_end_object (b);
      print_json (b);
    }
  else
    g_print (result == LD_LIST_UPDATE_INSTALLED
               ? _("Installed the list generated %s (%u individuals, %u entities, SHA-256 %s).\n")
               : _("The list generated %s is current (%u individuals, %u entities, SHA-256 %s).\n"),
             ld_sanctions_list_get_date_generated (list),
             ld_sanctions_list_get_n_individuals (list), ld_sanctions_list_get_n_entities (list),
             ld_sanctions_list_get_sha256 (list));
  /* The command only installs the list; the cases already in the office are
   * screened against it by the command that holds a store and an actor. */
  if (result == LD_LIST_UPDATE_INSTALLED)
    g_printerr (_("Undecided cases are not yet screened against the new list: run "
                  "“licence-desk-admin case-screen rescreen-open” (the window does this itself after Update Now).\n"));
  return 0;
}

/* ---- screening names ---- */

static LdSanctionsList *
load_list (const Options  *o,
           GError        **error)
{
  g_autoptr(LdListUpdater) updater = NULL;

  if (o->list_file != NULL)
    return ld_sanctions_list_new_from_file (o->list_file, error);
  updater = ld_list_updater_new (o->list_dir);
  return ld_list_updater_load_installed (updater, error);
}

/* The UN list names countries in English; ISO codes are turned into those names. */
static const char *
country_name (const char *code)
{
  const LdCountry *country;

  if (code == NULL || strlen (code) != 2)
    return code;
  country = ld_country_lookup (code);
  return country != NULL ? country->name : code;
}

static void
add_hit_json (JsonBuilder    *b,
              LdScreeningHit *hit)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "score");
  json_builder_add_double_value (b, hit->score);
  json_builder_set_member_name (b, "name_score");
  json_builder_add_double_value (b, hit->name_score);
  json_builder_set_member_name (b, "band");
  json_builder_add_string_value (b, ld_match_band_to_string (hit->band));
  json_builder_set_member_name (b, "matched_name");
  json_builder_add_string_value (b, hit->matched_name);
  json_builder_set_member_name (b, "name_quality");
  json_builder_add_string_value (b, ld_name_quality_to_string (hit->quality));
  json_builder_set_member_name (b, "reference_number");
  json_builder_add_string_value (b, hit->entry->reference_number);
  json_builder_set_member_name (b, "dataid");
  json_builder_add_string_value (b, hit->entry->dataid);
  json_builder_set_member_name (b, "list_type");
  json_builder_add_string_value (b, hit->entry->un_list_type);
  json_builder_set_member_name (b, "reason");
  json_builder_add_string_value (b, hit->reason);
  json_builder_end_object (b);
}

static void
print_hits_text (const char *input,
                 GPtrArray  *hits)
{
  if (hits->len == 0)
    {
      g_print (_("%s: no match on the UN list\n"), input);
      return;
    }
  g_print ("%s:\n", input);
  for (guint i = 0; i < hits->len; i++)
    {
      LdScreeningHit *hit = g_ptr_array_index (hits, i);

      g_print ("  %.3f  %-8s  %-10s  %s\n           %s\n", hit->score, ld_match_band_to_string (hit->band),
               hit->entry->reference_number, hit->matched_name, hit->reason);
    }
}

static void
add_embargo_json (JsonBuilder *b,
                  GPtrArray   *hits)
{
  json_builder_begin_array (b);
  for (guint i = 0; i < hits->len; i++)
    {
      LdEmbargoHit *hit = g_ptr_array_index (hits, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "country");
      json_builder_add_string_value (b, hit->country);
      json_builder_set_member_name (b, "role");
      json_builder_add_string_value (b, ld_embargo_role_to_string (hit->role));
      json_builder_set_member_name (b, "embargo");
      json_builder_add_string_value (b, hit->embargo->id);
      json_builder_set_member_name (b, "scope");
      json_builder_add_string_value (b, ld_embargo_scope_to_string (hit->embargo->scope));
      json_builder_set_member_name (b, "prohibited");
      json_builder_add_boolean_value (b, hit->prohibited);
      json_builder_set_member_name (b, "reason");
      json_builder_add_string_value (b, hit->reason);
      json_builder_set_member_name (b, "table_version");
      json_builder_add_string_value (b, hit->table_version);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static GPtrArray *
screen_country (LdEmbargoTable *table,
                const char     *code,
                LdEmbargoRole   role)
{
  LdEmbargoCheck check = { code, role, NULL };

  if (table == NULL || code == NULL || strlen (code) != 2)
    return g_ptr_array_new ();
  return ld_embargo_table_screen (table, &check, 1);
}

static void
print_embargo_text (GPtrArray *hits)
{
  for (guint i = 0; i < hits->len; i++)
    g_print ("  %s: %s\n", _("embargo"), ((LdEmbargoHit *) hits->pdata[i])->reason);
}

/* Screens one row; adds {input, hits, embargoes} to @b when printing JSON. */
static gboolean
screen_one (LdNameMatcher   *matcher,
            LdEmbargoTable  *table,
            const Options   *o,
            const char      *name,
            const char      *country,
            int              birth_year,
            JsonBuilder     *b,
            GError         **error)
{
  LdScreeningQuery query = { name, birth_year, country_name (country) };
  g_autoptr(GPtrArray) hits = ld_name_matcher_screen (matcher, &query, o->all ? LD_MATCH_BAND_LOGGED : LD_MATCH_BAND_REVIEW, error);
  g_autoptr(GPtrArray) embargoes = NULL;

  if (hits == NULL)
    return FALSE;
  embargoes = screen_country (table, country, LD_EMBARGO_ROLE_PARTY);
  if (b == NULL)
    {
      print_hits_text (name, hits);
      print_embargo_text (embargoes);
      return screen_denials (matcher, o, name, NULL, error);
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, name);
  json_builder_set_member_name (b, "hits");
  json_builder_begin_array (b);
  for (guint i = 0; i < hits->len; i++)
    add_hit_json (b, g_ptr_array_index (hits, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "embargoes");
  add_embargo_json (b, embargoes);
  if (!screen_denials (matcher, o, name, b, error))
    return FALSE;
  json_builder_end_object (b);
  return TRUE;
}

static void
begin_json_result (JsonBuilder     *b,
                   LdSanctionsList *list)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "list_date_generated");
  json_builder_add_string_value (b, ld_sanctions_list_get_date_generated (list));
  json_builder_set_member_name (b, "list_sha256");
  json_builder_add_string_value (b, ld_sanctions_list_get_sha256 (list));
  json_builder_set_member_name (b, "results");
  json_builder_begin_array (b);
}

/* ---- CSV: name[,country[,birth_year]] per line, an optional header ---- */

static GPtrArray *
parse_csv_line (const char *line)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = line; *p != '\0'; p++)
    {
      if (quoted && *p == '"' && p[1] == '"')
        g_string_append_c (field, *p++);
      else if (*p == '"')
        quoted = !quoted;
      else if (*p == ',' && !quoted)
        {
          g_ptr_array_add (fields, g_strstrip (g_string_free (field, FALSE)));
          field = g_string_new (NULL);
        }
      else if (*p != '\r')
        g_string_append_c (field, *p);
    }
  g_ptr_array_add (fields, g_strstrip (g_string_free (field, FALSE)));
  return fields;
}

static int
screen_csv (LdNameMatcher  *matcher,
            LdEmbargoTable *table,
            const Options  *o,
            JsonBuilder    *b)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint n_failed = 0;

  if (!g_file_get_contents (o->csv, &contents, NULL, &error))
    return fail (g_steal_pointer (&error));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) f = parse_csv_line (lines[i]);
      const char *name = f->pdata[0];
      const char *country = f->len > 1 && *(char *) f->pdata[1] != '\0' ? f->pdata[1] : NULL;
      int year = f->len > 2 ? atoi (f->pdata[2]) : 0;

      if (*name == '\0' || (i == 0 && g_ascii_strcasecmp (name, "name") == 0))
        continue;
      if (!screen_one (matcher, table, o, name, country, year, b, &error))
        {
          /* One unreadable row does not stop the batch: it is reported with its line. */
          g_printerr (_("licence-desk-admin screen: line %u: %s\n"), i + 1, error->message);
          g_clear_error (&error);
          n_failed++;
        }
    }
  return n_failed > 0 ? 1 : 0;
}

static int
run_screen (Options *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSanctionsList) list = load_list (o, &error);
  g_autoptr(LdNameMatcher) matcher = NULL;
  g_autoptr(LdEmbargoTable) table = NULL;
  g_autoptr(JsonBuilder) b = o->json ? json_builder_new () : NULL;
  int status = 0;

  if (list == NULL)
    return fail (g_steal_pointer (&error));
  table = load_embargoes (o, &error);
  if (table == NULL)
    return fail (g_steal_pointer (&error));
  matcher = ld_name_matcher_new (list);
  o->denials = load_denials (o);
  if (b != NULL)
    begin_json_result (b, list);
  else
    g_print (_("List generated %s, SHA-256 %s\n"), ld_sanctions_list_get_date_generated (list),
             ld_sanctions_list_get_sha256 (list));
  if (o->csv != NULL)
    status = screen_csv (matcher, table, o, b);
  else if (!screen_one (matcher, table, o, o->name, o->country, o->birth_year, b, &error))
    return fail (g_steal_pointer (&error));
  if (b != NULL)
    {
      json_builder_end_array (b);
      json_builder_end_object (b);
      print_json (b);
    }
  return status;
}

/* ---- the route ---- */

static int
run_route (const Options *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdEmbargoTable) table = load_embargoes (o, &error);
  g_auto(GStrv) codes = g_strsplit (o->route, ",", -1);
  g_autoptr(GArray) checks = g_array_new (FALSE, TRUE, sizeof (LdEmbargoCheck));
  g_autoptr(GPtrArray) hits = NULL;
  guint n = g_strv_length (codes);

  if (table == NULL)
    return fail (g_steal_pointer (&error));
  for (guint i = 0; i < n; i++)
    {
      /* The first country is the origin, the last the destination, the rest transit. */
      LdEmbargoCheck check = { g_strstrip (codes[i]),
                               i == 0 && n > 1 ? LD_EMBARGO_ROLE_ORIGIN
                               : i + 1 == n ? LD_EMBARGO_ROLE_DESTINATION : LD_EMBARGO_ROLE_TRANSIT,
                               NULL };

      g_array_append_val (checks, check);
    }
  hits = ld_embargo_table_screen (table, (LdEmbargoCheck *) checks->data, checks->len);
  if (o->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "table_version");
      json_builder_add_string_value (b, ld_embargo_table_get_version (table));
      json_builder_set_member_name (b, "table_updated");
      json_builder_add_string_value (b, ld_embargo_table_get_updated (table));
      json_builder_set_member_name (b, "embargoes");
      add_embargo_json (b, hits);
      json_builder_end_object (b);
      print_json (b);
      return 0;
    }
  g_print (_("Embargo table %s (updated %s)\n"), ld_embargo_table_get_version (table), ld_embargo_table_get_updated (table));
  if (hits->len == 0)
    g_print (_("No UN arms embargo on this route.\n"));
  print_embargo_text (hits);
  return 0;
}

/* ---- what is in force ---- */

static int
run_info (const Options *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSanctionsList) list = load_list (o, &error);
  g_autoptr(LdEmbargoTable) table = NULL;

  if (list == NULL)
    return fail (g_steal_pointer (&error));
  table = load_embargoes (o, &error);
  if (table == NULL)
    return fail (g_steal_pointer (&error));
  if (o->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "list_date_generated");
      json_builder_add_string_value (b, ld_sanctions_list_get_date_generated (list));
      json_builder_set_member_name (b, "list_sha256");
      json_builder_add_string_value (b, ld_sanctions_list_get_sha256 (list));
      json_builder_set_member_name (b, "individuals");
      json_builder_add_int_value (b, ld_sanctions_list_get_n_individuals (list));
      json_builder_set_member_name (b, "entities");
      json_builder_add_int_value (b, ld_sanctions_list_get_n_entities (list));
      json_builder_set_member_name (b, "embargo_table_version");
      json_builder_add_string_value (b, ld_embargo_table_get_version (table));
      json_builder_set_member_name (b, "embargo_table_updated");
      json_builder_add_string_value (b, ld_embargo_table_get_updated (table));
      json_builder_end_object (b);
      print_json (b);
      return 0;
    }
  g_print (_("UN Consolidated List generated %s: %u individuals, %u entities, SHA-256 %s\n"),
           ld_sanctions_list_get_date_generated (list), ld_sanctions_list_get_n_individuals (list),
           ld_sanctions_list_get_n_entities (list), ld_sanctions_list_get_sha256 (list));
  g_print (_("Arms-embargo table %s, updated %s, %u measures\n"), ld_embargo_table_get_version (table),
           ld_embargo_table_get_updated (table), ld_embargo_table_get_n_embargoes (table));
  return 0;
}

/**
 * ld_admin_screen_main:
 * @argv: argv[0] is "screen"
 */
int
ld_admin_screen_main (int    argc,
                      char **argv)
{
  g_auto(Options) o = { 0 };
  const GOptionEntry entries[] = {
    { "list", 0, 0, G_OPTION_ARG_FILENAME, &o.list_file, N_("Screen against this list file instead of the installed list"), "FILE.xml" },
    { "list-dir", 0, 0, G_OPTION_ARG_FILENAME, &o.list_dir, N_("Folder of the installed list"), "DIR" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &o.name, N_("The name to screen, in any script"), "NAME" },
    { "country", 0, 0, G_OPTION_ARG_STRING, &o.country, N_("Nationality or seat (ISO code); also screened for embargoes"), "CC" },
    { "birth-year", 0, 0, G_OPTION_ARG_INT, &o.birth_year, N_("Year of birth"), "YYYY" },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &o.csv, N_("Screen every row of a CSV file: name[,country[,birth_year]]"), "FILE" },
    { "route", 0, 0, G_OPTION_ARG_STRING, &o.route, N_("Screen a route for arms embargoes: origin,transit…,destination"), "CC,CC" },
    { "all", 0, 0, G_OPTION_ARG_NONE, &o.all, N_("Also show logged matches below the review band"), NULL },
    { "info", 0, 0, G_OPTION_ARG_NONE, &o.info, N_("Show the list and embargo table in force: dates, counts, SHA-256"), NULL },
    { "store", 's', 0, G_OPTION_ARG_FILENAME, &o.store, N_("The store whose embargo table and denial register are used (default: the desk's own)"), N_("PATH") },
    { "as", 0, 0, G_OPTION_ARG_STRING, &o.as_login, N_("Read the denial register as this profile (with its credential; without --as the register is not checked)"), N_("LOGIN") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.json, N_("Print the result as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;

  if (argc > 1 && g_str_equal (argv[1], "update"))
    return run_update (argc - 1, argv + 1);

  context = g_option_context_new (_("[update] — screen names and routes against the UN list and arms embargoes"));
  g_option_context_set_description (context,
    _("Bands: probable (score ≥ 0.90), review (≥ 0.75) raise an alert; logged (≥ 0.60) is kept for the record.\n"
      "“screen update [--url URL] [--list-dir DIR]” downloads and installs the list."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  ld_admin_add_credential_options (context);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("licence-desk-admin screen: %s\n", error->message);
      return 2;
    }
  if (o.info)
    return run_info (&o);
  if (o.route != NULL)
    return run_route (&o);
  if ((o.name == NULL) == (o.csv == NULL))
    {
      g_printerr ("%s\n", _("licence-desk-admin screen: give either --name NAME or --csv FILE (or --route, or update); see --help"));
      return 2;
    }
  return run_screen (&o);
}
