/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-admin-broker"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "ld-admin.h"
#include "ld-broker-import.h"
#include "ld-broker-screening.h"
#include "ld-rescreen.h"
#include "ld-broker-repo.h"
#include "ld-csv.h"
#include "ld-validate.h"

typedef struct
{
  char     *store_path;
  char     *as_login;
  char     *csv;
  char     *reason;
  char     *date;
  char     *role;
  char     *name;
  char     *nationality;
  char     *doc_type;
  char     *doc_number;
  char     *file;
  char     *description;
  char     *expires;
  char     *activity;
  char     *application;
  char     *from;
  char     *until;
  char     *verdict;
  int       window_days;
  int       batch_size;
  int       threads;
  gboolean  as_json;
  gboolean  allow_duplicate;
} Options;

static void
options_clear (Options *o)
{
  g_free (o->store_path); g_free (o->as_login); g_free (o->csv); g_free (o->reason); g_free (o->date);
  g_free (o->role); g_free (o->name); g_free (o->nationality); g_free (o->doc_type); g_free (o->doc_number);
  g_free (o->file); g_free (o->description); g_free (o->expires); g_free (o->activity);
  g_free (o->application); g_free (o->from); g_free (o->until);
  g_free (o->verdict);
}

static int
show (LdStore    *store,
      const char *number,
      gboolean    as_json)
{
  GError *error = NULL;
  g_autoptr(JsonNode) node = ld_broker_repo_get_json (store, number, &error);
  JsonObject *o;

  if (node == NULL)
    return ld_admin_fail (error);
  if (as_json)
    {
      ld_admin_print_json (node);
      return LD_ADMIN_EXIT_OK;
    }
  o = json_node_get_object (node);
  for (GList *l = json_object_get_members (o), *m = l; m; m = m->next)
    {
      JsonNode *value = json_object_get_member (o, m->data);

      if (JSON_NODE_HOLDS_ARRAY (value))
        g_print ("%-22s %u\n", (char *) m->data, json_array_get_length (json_node_get_array (value)));
      else if (!json_node_is_null (value))
        {
          g_autofree char *text = JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING
                                  ? g_strdup (json_node_get_string (value)) : json_to_string (value, FALSE);
          g_print ("%-22s %s\n", (char *) m->data, text);
        }
      if (m->next == NULL)
        g_list_free (l);
    }
  return LD_ADMIN_EXIT_OK;
}

static int
import_csv (LdStore        *store,
            const LdActor  *actor,
            const Options  *o)
{
  g_autofree char *data = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GError *error = NULL;
  gsize length;
  guint imported = 0, rejected = 0;

  if (!g_file_get_contents (o->csv, &data, &length, &error) ||
      !(rows = ld_broker_import_csv (store, actor, data, length, o->csv, o->allow_duplicate, &error)))
    return ld_admin_fail (error);
  for (guint i = 0; i < rows->len; i++)
    {
      LdBrokerImportRow *row = g_ptr_array_index (rows, i);

      if (row->id == NULL)
        {
          g_printerr (_("Row %u (line %u) rejected: %s\n"), row->row, row->line, row->message);
          rejected++;
          continue;
        }
      g_print (_("Row %u (line %u) saved as draft %s\n"), row->row, row->line, row->id);
      imported++;
    }
  g_print (_("Imported %u brokers as drafts; rejected %u rows.\n"), imported, rejected);
  return rejected ? LD_ADMIN_EXIT_FAILED : LD_ADMIN_EXIT_OK;
}

static void
append_member (GString    *line,
               JsonObject *o,
               const char *column,
               gboolean    first)
{
  JsonNode *node = json_object_get_member (o, column);
  g_autofree char *text = NULL;

  if (node && !json_node_is_null (node))
    text = json_node_get_value_type (node) == G_TYPE_STRING
           ? g_strdup (json_node_get_string (node))
           : g_strdup (json_node_get_int (node) ? "yes" : "no");
  ld_csv_append_field (line, text, first);
}

static int
export_csv (LdStore *store)
{
  GError *error = NULL;
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(GPtrArray) ids = ld_broker_repo_list_ids (store, &error);
  guint n_columns, n_extra;
  const char * const *csv_columns = ld_broker_csv_columns (&n_columns);
  const char * const *export_extra = ld_broker_csv_export_columns (&n_extra);

  if (ids == NULL)
    return ld_admin_fail (error);
  for (guint i = 0; i < n_extra + n_columns; i++)
    ld_csv_append_field (line, i < n_extra ? export_extra[i] : csv_columns[i - n_extra], i == 0);
  g_print ("%s\r\n", line->str);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonNode) node = ld_broker_repo_get_json (store, g_ptr_array_index (ids, i), &error);
      JsonObject *o;

      if (node == NULL)
        return ld_admin_fail (error);
      o = json_node_get_object (node);
      g_string_truncate (line, 0);
      for (guint c = 0; c < n_extra; c++)
        append_member (line, o, export_extra[c], c == 0);
      for (guint c = 0; c < n_columns; c++)
        append_member (line, o, csv_columns[c], FALSE);
      g_print ("%s\r\n", line->str);
    }
  return LD_ADMIN_EXIT_OK;
}

static int
act (LdStore        *store,
     const LdActor  *actor,
     LdBrokerAction  action,
     const char     *number,
     const Options  *o)
{
  GError *error = NULL;
  g_autoptr(LdBrokerRecord) r = NULL;

  if (!ld_broker_repo_act (store, actor, number, action, o->reason, o->date, &error) ||
      !(r = ld_broker_repo_get (store, number, &error)))
    return ld_admin_fail (error);
  g_print (_("%s is now %s%s%s.\n"), r->draft->legal_name, ld_broker_status_get_title (r->status),
           r->registration_number ? _(", registration ") : "", r->registration_number ? r->registration_number : "");
  return LD_ADMIN_EXIT_OK;
}

static int
add_person (LdStore        *store,
            const LdActor  *actor,
            const char     *number,
            const Options  *o)
{
  LdBrokerPerson p = { 0, o->name, o->nationality, o->doc_type, o->doc_number };
  GError *error = NULL;
  g_autofree char *id = NULL;

  if (!ld_broker_person_role_from_string (o->role, &p.role))
    {
      g_printerr (_("licence-desk-admin broker add-person: --role must be owner, director or official.\n"));
      return LD_ADMIN_EXIT_USAGE;
    }
  if (!(id = ld_broker_repo_add_person (store, actor, number, &p, &error)))
    return ld_admin_fail (error);
  g_print (_("Added %s as %s.\n"), o->name, o->role);
  return LD_ADMIN_EXIT_OK;
}

static int
attach (LdStore        *store,
        const LdActor  *actor,
        const char     *number,
        const Options  *o)
{
  g_autoptr(GFile) file = NULL;
  GError *error = NULL;
  g_autofree char *id = NULL;

  if (o->file == NULL)
    {
      g_printerr (_("licence-desk-admin broker attach: give the document with --file PATH.\n"));
      return LD_ADMIN_EXIT_USAGE;
    }
  file = g_file_new_for_commandline_arg (o->file);
  if (!(id = ld_broker_repo_attach (store, actor, number, file, o->description, o->expires, &error)))
    return ld_admin_fail (error);
  g_print (_("Attached %s.\n"), o->file);
  return LD_ADMIN_EXIT_OK;
}

static int
authorise (LdStore        *store,
           const LdActor  *actor,
           const char     *number,
           const Options  *o)
{
  GError *error = NULL;
  gboolean pending = FALSE;
  g_autofree char *granted = ld_broker_repo_authorise (store, actor, number, o->activity, o->description,
                                                       o->application, o->from, o->until, &pending, &error);

  if (granted == NULL)
    return ld_admin_fail (error);
  /* On a synced desk the number is the server's: nothing to quote yet. */
  if (pending)
    g_print (_("Authorisation %s recorded; its number is pending until the central database gives it "
               "(licence-desk-admin sync).\n"), granted);
  else
    g_print (_("Authorisation %s granted.\n"), granted);
  return LD_ADMIN_EXIT_OK;
}

static int
renewal_due (LdStore       *store,
             const Options *o)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) due = ld_broker_repo_renewal_due (store, o->date, o->window_days, &error);

  if (due == NULL)
    return ld_admin_fail (error);
  for (guint i = 0; i < due->len; i++)
    {
      LdBrokerRecord *r = g_ptr_array_index (due, i);

      g_print ("%s\t%s\t%s\n", r->registration_number, r->valid_until, r->draft->legal_name);
    }
  return LD_ADMIN_EXIT_OK;
}

static int
expire_due (LdStore        *store,
            const LdActor  *actor,
            const Options  *o)
{
  GError *error = NULL;
  gint64 n = ld_broker_repo_expire_due (store, actor, o->date, &error);

  if (n < 0)
    return ld_admin_fail (error);
  g_print (_("%lld registrations expired.\n"), (long long) n);
  return LD_ADMIN_EXIT_OK;
}

static int
flagged (LdStore *store)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) lines = ld_broker_repo_flagged_applications (store, &error);

  if (lines == NULL)
    return ld_admin_fail (error);
  for (guint i = 0; i < lines->len; i++)
    g_print ("%s\n", (char *) g_ptr_array_index (lines, i));
  return LD_ADMIN_EXIT_OK;
}

static int
screening (LdStore    *store,
           const char *number)
{
  GError *error = NULL;
  g_autofree char *json = ld_broker_screening_to_json (store, number, &error);

  if (json == NULL)
    return ld_admin_fail (error);
  g_print ("%s\n", json);
  return LD_ADMIN_EXIT_OK;
}

static int
review_hit (LdStore        *store,
            const LdActor  *actor,
            const char     *hit,
            const Options  *o)
{
  GError *error = NULL;

  if (o->verdict == NULL || (!g_str_equal (o->verdict, "true") && !g_str_equal (o->verdict, "false")))
    {
      g_printerr (_("licence-desk-admin broker review-hit: give --verdict true or --verdict false, and --reason.\n"));
      return LD_ADMIN_EXIT_USAGE;
    }
  if (!ld_broker_screening_review (store, actor, hit, g_str_equal (o->verdict, "true"), o->reason, &error))
    return ld_admin_fail (error);
  g_print (_("Recorded the verdict on broker screening hit %s.\n"), hit);
  return LD_ADMIN_EXIT_OK;
}

/* Verbs that change the register need a person to act; reading ones do not. */
static int
run_verb (LdStore        *store,
          const char     *verb,
          const char     *number,
          const Options  *o)
{
  g_autoptr(LdActor) actor = NULL;
  GError *error = NULL;
  LdBrokerAction action;

  if (g_str_equal (verb, "show"))
    return show (store, number, o->as_json);
  if (g_str_equal (verb, "export"))
    return export_csv (store);
  if (g_str_equal (verb, "renewal-due"))
    return renewal_due (store, o);
  if (g_str_equal (verb, "flagged"))
    return flagged (store);
  if (g_str_equal (verb, "screening"))
    return screening (store, number);
  if (!(actor = ld_admin_resolve_actor (store, o->as_login, &error)))
    return ld_admin_fail (error);
  if (g_str_equal (verb, "import"))
    return import_csv (store, actor, o);
  if (g_str_equal (verb, "expire-due"))
    return expire_due (store, actor, o);
  if (g_str_equal (verb, "add-person"))
    return add_person (store, actor, number, o);
  if (g_str_equal (verb, "attach"))
    return attach (store, actor, number, o);
  if (g_str_equal (verb, "authorise"))
    return authorise (store, actor, number, o);
  if (g_str_equal (verb, "review-hit"))
    return review_hit (store, actor, number, o);
  if (ld_broker_action_from_string (verb, &action) && action != LD_BROKER_ACTION_EDIT &&
      action != LD_BROKER_ACTION_EXPIRE)
    return act (store, actor, action, number, o);
  g_printerr (_("licence-desk-admin broker: unknown verb “%s”; see --help.\n"), verb);
  return LD_ADMIN_EXIT_USAGE;
}

static gboolean
needs_number (const char *verb)
{
  static const char *without[] = { "list", "import", "export", "renewal-due", "expire-due", "flagged",
                                   "rescreen" };

  for (guint i = 0; i < G_N_ELEMENTS (without); i++)
    if (g_str_equal (verb, without[i]))
      return FALSE;
  return TRUE;
}

static int
run_list (int    argc,
          char **argv)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  /* `broker list` is `list brokers`: one code path for every register. */
  g_ptr_array_add (args, "list");
  g_ptr_array_add (args, "brokers");
  for (int i = 2; i < argc; i++)
    g_ptr_array_add (args, argv[i]);
  g_ptr_array_add (args, NULL);
  return ld_admin_list_main ((int) args->len - 1, (char **) args->pdata);
}

int
ld_admin_broker_main (int    argc,
                      char **argv)
{
  Options o = { .window_days = 90 };
  GOptionEntry entries[] = {
    { "store", 's', 0, G_OPTION_ARG_FILENAME, &o.store_path, N_("The store file (default: the desk's own)"), N_("PATH") },
    { "as", 0, 0, G_OPTION_ARG_STRING, &o.as_login, N_("Act as this user profile"), N_("LOGIN") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.as_json, N_("show: print JSON"), NULL },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &o.csv, N_("import: the CSV file (UTF-8, header line)"), N_("FILE") },
    { "allow-duplicate", 0, 0, G_OPTION_ARG_NONE, &o.allow_duplicate,
      N_("import: save brokers that look like existing ones"), NULL },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &o.reason,
      N_("Why (refuse, suspend, reinstate, revoke, and any act dated more than 7 days back)"), N_("TEXT") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &o.date,
      N_("The date of the act (default today; more than 7 days back needs --reason and a senior officer)"),
      N_("YYYY-MM-DD") },
    { "days", 0, 0, G_OPTION_ARG_INT, &o.window_days, N_("renewal-due: how many days ahead (default 90)"), N_("N") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &o.role, N_("add-person: owner, director or official"), N_("ROLE") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &o.name, N_("add-person: full name"), N_("NAME") },
    { "nationality", 0, 0, G_OPTION_ARG_STRING, &o.nationality, N_("add-person: ISO country code"), N_("CC") },
    { "doc-type", 0, 0, G_OPTION_ARG_STRING, &o.doc_type, N_("add-person: identity document type"), N_("TYPE") },
    { "doc-number", 0, 0, G_OPTION_ARG_STRING, &o.doc_number, N_("add-person: identity document number"), N_("NUMBER") },
    { "file", 0, 0, G_OPTION_ARG_FILENAME, &o.file, N_("attach: the document"), N_("PATH") },
    { "description", 0, 0, G_OPTION_ARG_STRING, &o.description, N_("attach, authorise: what it is"), N_("TEXT") },
    { "expires", 0, 0, G_OPTION_ARG_STRING, &o.expires, N_("attach: expiry date"), N_("YYYY-MM-DD") },
    { "activity", 0, 0, G_OPTION_ARG_STRING, &o.activity, N_("authorise: negotiating, transport, financing, …"), N_("TYPE") },
    { "application", 0, 0, G_OPTION_ARG_STRING, &o.application, N_("authorise: the application it serves"), N_("REF") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &o.from, N_("authorise: first day"), N_("YYYY-MM-DD") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &o.until, N_("authorise: last day"), N_("YYYY-MM-DD") },
    { "verdict", 0, 0, G_OPTION_ARG_STRING, &o.verdict, N_("review-hit: true (a real match) or false"),
      N_("true|false") },
    { "batch-size", 0, 0, G_OPTION_ARG_INT, &o.batch_size,
      N_("rescreen: brokers written per transaction (default 2000)"), N_("N") },
    { "threads", 0, 0, G_OPTION_ARG_INT, &o.threads,
      N_("rescreen: screening threads (default one per processor)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(LdStore) store = NULL;
  GError *error = NULL;
  int status;

  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return run_list (argc, argv);
  context = g_option_context_new (_("VERB [NUMBER]"));
  g_option_context_set_summary (context, _(
    "The broker register. NUMBER is a registration number (BR-YYYY-NNNNN) or a broker's id.\n"
    "Read: list, show NUMBER [--json], export (CSV on standard output), renewal-due [--days N], flagged.\n"
    "Write (--as LOGIN): import --csv FILE, add-person NUMBER, attach NUMBER, submit, review, register,\n"
    "refuse, suspend, reinstate, revoke, renew NUMBER [--reason TEXT] [--date YYYY-MM-DD], authorise NUMBER,\n"
    "expire-due. Renewing before expiry adds the next period and keeps the current one.\n"
    "Screening: rescreen [--json] screens every broker on the register (registered or suspended) against the\n"
    "installed UN list and the denial register, in batches with progress on standard error, going on from an\n"
    "interrupted run; screening NUMBER prints a broker's hits as JSON; review-hit HIT --verdict true|false\n"
    "--reason TEXT records an officer's verdict on one."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ld_admin_parse (context, &argc, &argv))
    {
      options_clear (&o);
      return LD_ADMIN_EXIT_USAGE;
    }
  if (argc < 2 || argc != (needs_number (argv[1]) ? 3 : 2) || (g_str_equal (argv[1], "import") && !o.csv))
    {
      g_printerr (_("licence-desk-admin broker: say what to do, e.g. “show BR-2026-00001” or "
                    "“import --csv FILE”; see --help.\n"));
      options_clear (&o);
      return LD_ADMIN_EXIT_USAGE;
    }
  if (g_str_equal (argv[1], "rescreen"))
    {
      LdAdminRescreenOptions r = { LD_RESCREEN_BROKERS, o.store_path, o.as_login, NULL, NULL, o.as_json,
                                   o.batch_size, o.threads };

      status = ld_admin_rescreen (&r);
      options_clear (&o);
      return status;
    }
  if (!(store = ld_admin_open_store (o.store_path, LD_STORE_OPEN_DEFAULT, &error)))
    {
      options_clear (&o);
      return ld_admin_fail (error);
    }
  status = run_verb (store, argv[1], argc > 2 ? argv[2] : NULL, &o);
  options_clear (&o);
  return status;
}
