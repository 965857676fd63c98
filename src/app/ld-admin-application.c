/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-admin-application"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-admin.h"
#include "ld-case-gate.h"
#include "ld-case-json.h"
#include "ld-case-repo.h"
#include "ld-case-screening.h"
#include "ld-serials.h"

/* `licence-desk-admin application`: the same repository calls the window
 * makes, so a script or a test can do everything an officer does. */

typedef struct
{
  char     *store_path;
  char     *as_login;
  char     *json_file;
  gboolean  as_json;
  char     *kind;
  char     *status;
  char     *officer;
  char     *country;
  int       limit;
  int       version;
  int       from;
  int       to;
  int       line;
  char     *file;
  char     *note;
  char     *criteria;
  char     *rationale;
  char     *reason;
  char     *decision;
  char     *embargo;
  char     *resolution;
  char     *paragraph;
  gboolean  serials;
  gboolean  skip_bad;
} Options;

static void
options_clear (Options *o)
{
  g_free (o->store_path);
  g_free (o->as_login);
  g_free (o->json_file);
  g_free (o->kind);
  g_free (o->status);
  g_free (o->officer);
  g_free (o->country);
  g_free (o->file);
  g_free (o->note);
  g_free (o->criteria);
  g_free (o->rationale);
  g_free (o->reason);
  g_free (o->decision);
  g_free (o->embargo);
  g_free (o->resolution);
  g_free (o->paragraph);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static int
usage (const char *message)
{
  g_printerr ("licence-desk-admin application: %s\n", message);
  return LD_ADMIN_EXIT_USAGE;
}

/* The list installed on this desk is the one in force; without one the
 * gate takes the newest list the store's cases were screened against. */
static char *
list_in_force (void)
{
  return ld_case_screening_installed_list_sha256 (NULL, NULL);
}

static JsonNode *
strings_node (GPtrArray *lines)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < lines->len; i++)
    json_array_add_string_element (array, lines->pdata[i]);
  json_node_take_array (node, array);
  return node;
}

/* What `show` adds to a case: the conditions a decision still waits for,
 * the same sentences the window shows next to its buttons. */
static gboolean
read_unmet (LdStore             *store,
            const LdCaseRecord  *r,
            GPtrArray          **out_approval,
            GPtrArray          **out_refusal,
            GError             **error)
{
  g_autofree char *list = list_in_force ();
  g_auto(LdCaseGate) gate = { 0 };

  if (!ld_case_repo_read_gate (store, r->id, list, &gate, error))
    return FALSE;
  *out_approval = ld_case_gate_list_unmet (&gate, TRUE);
  *out_refusal = ld_case_gate_list_unmet (&gate, FALSE);
  return TRUE;
}

static void
print_unmet (const char *title,
             GPtrArray  *lines)
{
  g_print ("%s\n", title);
  if (lines->len == 0)
    g_print ("  %s\n", _("nothing: every condition is met"));
  for (guint i = 0; i < lines->len; i++)
    g_print ("  • %s\n", (const char *) lines->pdata[i]);
}

static int
print_record (LdStore            *store,
              const LdCaseRecord *r,
              GPtrArray          *history,
              const Options      *o)
{
  g_autoptr(GPtrArray) approval = NULL;
  g_autoptr(GPtrArray) refusal = NULL;
  gboolean with_gate = store != NULL && r->version == r->current_version && ld_case_status_is_submitted (r->status) &&
                       ld_case_status_is_open (r->status);
  GError *error = NULL;

  if (with_gate && !read_unmet (store, r, &approval, &refusal, &error))
    return ld_admin_fail (error);
  if (o->as_json)
    {
      g_autofree char *json = ld_case_record_to_json (r, history, o->serials);
      g_autoptr(JsonNode) node = json_from_string (json, NULL);

      if (with_gate)
        {
          JsonObject *gate = json_object_new ();

          json_object_set_member (gate, "approval", strings_node (approval));
          json_object_set_member (gate, "refusal", strings_node (refusal));
          json_object_set_object_member (json_node_get_object (node), "unmet_conditions", gate);
        }
      ld_admin_print_json (node);
      return LD_ADMIN_EXIT_OK;
    }
  g_print ("%s\t%s\t%s\t%s\t%s\t%" G_GINT64_FORMAT "\t%d\n", r->reference, r->data->kind,
           ld_case_status_to_string (r->status), r->data->destination_country ? r->data->destination_country : "",
           r->officer_login ? r->officer_login : "", ld_case_count_serials (r->data), r->version);
  for (guint i = 0; history && i < history->len; i++)
    {
      LdCaseEvent *e = history->pdata[i];

      g_print ("  %s  %-18s %-22s %s%s%s\n", e->at, e->action, e->to_status, e->actor_login,
               e->note ? "  " : "", e->note ? e->note : "");
    }
  if (with_gate)
    {
      print_unmet (_("Before approval (recommending approval, approving):"), approval);
      print_unmet (_("Before refusal (recommending refusal, refusing):"), refusal);
    }
  return LD_ADMIN_EXIT_OK;
}

static int
cmd_list (LdStore       *store,
          const Options *o)
{
  LdCaseFilter filter = { o->kind, o->status, o->officer, o->country };
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GError *error = NULL;
  gint64 total = 0;

  if (!(rows = ld_case_repo_list (store, &filter, 0, o->limit > 0 ? o->limit : 50, &total, &error)))
    return ld_admin_fail (error);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "total");
  json_builder_add_int_value (b, total);
  json_builder_set_member_name (b, "rows");
  json_builder_begin_array (b);
  for (guint i = 0; i < rows->len; i++)
    {
      LdCaseSummary *s = rows->pdata[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, s->id);
      json_builder_set_member_name (b, "reference");
      json_builder_add_string_value (b, s->reference);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, s->kind);
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, s->status);
      json_builder_set_member_name (b, "applicant");
      json_builder_add_string_value (b, s->applicant_name);
      json_builder_set_member_name (b, "destination");
      json_builder_add_string_value (b, s->destination_country);
      json_builder_set_member_name (b, "officer");
      json_builder_add_string_value (b, s->officer_login);
      json_builder_set_member_name (b, "serials");
      json_builder_add_int_value (b, s->n_serials);
      json_builder_end_object (b);
      if (!o->as_json)
        g_print ("%s\t%s\t%s\t%s\t%s\t%s\t%" G_GINT64_FORMAT "\n", s->reference, s->received_on, s->kind, s->status,
                 s->destination_country, s->applicant_name, s->n_serials);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  if (o->as_json)
    ld_admin_print_json (root);
  else
    g_printerr (_("%u of %lld shown.\n"), rows->len, (long long) total);
  return LD_ADMIN_EXIT_OK;
}

static int
cmd_show (LdStore       *store,
          const char    *id,
          const Options *o)
{
  GError *error = NULL;
  g_autoptr(LdCaseRecord) r = ld_case_repo_load (store, id, o->version, &error);
  g_autoptr(GPtrArray) history = NULL;

  if (r == NULL || !(history = ld_case_repo_history (store, r->id, &error)))
    return ld_admin_fail (error);
  return print_record (store, r, history, o);
}

static LdCase *
read_case_file (const char  *path,
                GError     **error)
{
  g_autofree char *text = NULL;
  gsize length;
  LdCase *c;

  if (!g_file_get_contents (path, &text, &length, error))
    return NULL;
  if (!(c = ld_case_from_json_data (text, (gssize) length, error)))
    g_prefix_error (error, "%s: ", path);
  return c;
}

static int
cmd_import (LdStore       *store,
            const LdActor *actor,
            const Options *o)
{
  GError *error = NULL;
  g_autoptr(LdCase) c = NULL;
  g_autoptr(LdCaseRecord) r = NULL;

  if (o->json_file == NULL)
    return usage (_("import needs --json FILE."));
  if (!(c = read_case_file (o->json_file, &error)) || !(r = ld_case_repo_create (store, actor, c, &error)))
    return ld_admin_fail (error);
  if (o->as_json)
    return print_record (NULL, r, NULL, o);
  g_print (_("Recorded %s (%s, draft) with %lld serial numbers.\n"), r->reference, r->id,
           (long long) ld_case_count_serials (r->data));
  return LD_ADMIN_EXIT_OK;
}

static int
cmd_amend (LdStore       *store,
           const LdActor *actor,
           const char    *id,
           const Options *o)
{
  GError *error = NULL;
  g_autoptr(LdCase) c = NULL;
  g_autoptr(LdCaseRecord) r = NULL;

  if (o->file == NULL)
    return usage (_("amend needs --file FILE (the whole case as JSON) and, once submitted, --reason."));
  if (!(c = read_case_file (o->file, &error)) || !(r = ld_case_repo_save (store, actor, id, 0, c, o->reason, &error)))
    return ld_admin_fail (error);
  g_print (_("%s is now at version %d (%s).\n"), r->reference, r->current_version, ld_case_status_to_string (r->status));
  /* A new version of a submitted case is screened at once: the gate holds
   * every decision back until it is. */
  if (ld_case_status_is_submitted (r->status))
    return ld_admin_case_screen_after_amend (store, actor, r->reference);
  return LD_ADMIN_EXIT_OK;
}

static int
cmd_exempt (LdStore       *store,
            const LdActor *actor,
            const char    *id,
            const Options *o)
{
  g_autoptr(LdCaseExemption) e = NULL;
  GError *error = NULL;

  if (o->embargo == NULL)
    return usage (_("exempt needs --embargo ID (as on the case's hit), --resolution and --paragraph."));
  if (!(e = ld_case_repo_write_exemption (store, actor, id, o->embargo, o->resolution, o->paragraph, o->note,
                                          &error)))
    return ld_admin_fail (error);
  g_print (_("Recorded the exemption from the arms embargo “%s” (resolution %s, paragraph %s) for version %d; a "
             "second senior officer confirms it with “application confirm-exemption %s --embargo %s”.\n"),
           e->embargo_name, e->resolution, e->paragraph, e->case_version, id, e->embargo_id);
  return LD_ADMIN_EXIT_OK;
}

static int
cmd_confirm_exemption (LdStore       *store,
                       const LdActor *actor,
                       const char    *id,
                       const Options *o)
{
  g_autoptr(LdCaseExemption) e = NULL;
  GError *error = NULL;

  if (o->embargo == NULL)
    return usage (_("confirm-exemption needs --embargo ID."));
  if (!(e = ld_case_repo_confirm_exemption (store, actor, id, o->embargo, &error)))
    return ld_admin_fail (error);
  g_print (_("Confirmed the exemption from the arms embargo “%s” (resolution %s, paragraph %s), written by %s.\n"),
           e->embargo_name, e->resolution, e->paragraph, e->written_by_login);
  return LD_ADMIN_EXIT_OK;
}

static int
cmd_add_serials (LdStore       *store,
                 const LdActor *actor,
                 const char    *id,
                 const Options *o)
{
  GError *error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(LdSerialReport) report = NULL;
  g_autoptr(LdCaseRecord) r = NULL;
  g_autoptr(LdCaseRecord) saved = NULL;
  LdCaseItem *item;

  if (o->file == NULL || o->line < 1)
    return usage (_("add-serials needs --line N and --file FILE (text or CSV, one or more serials per line)."));
  if (!g_file_get_contents (o->file, &text, NULL, &error) || !(r = ld_case_repo_load (store, id, 0, &error)))
    return ld_admin_fail (error);
  if ((guint) o->line > r->data->items->len)
    return usage (_("--line is beyond the case's item lines."));
  report = ld_serials_parse (text, -1);
  summary = ld_serial_report_format (report, 50);
  g_print ("%s\n", summary);
  if (report->problems->len > 0 && !o->skip_bad)
    {
      g_printerr (_("Nothing was saved; correct the lines above or pass --skip-bad to save the good values.\n"));
      return LD_ADMIN_EXIT_FAILED;
    }
  item = r->data->items->pdata[o->line - 1];
  for (guint i = 0; i < report->serials->len; i++)
    g_ptr_array_add (item->serials, g_strdup (report->serials->pdata[i]));
  if (!(saved = ld_case_repo_save (store, actor, r->id, r->row_version, r->data, o->reason, &error)))
    return ld_admin_fail (error);
  g_print (_("Item line %d of %s now lists %u serial numbers.\n"), o->line, saved->reference,
           ((LdCaseItem *) saved->data->items->pdata[o->line - 1])->serials->len);
  /* Serial numbers added to a submitted case make a new version, which is
   * screened again like any amendment. */
  if (saved->current_version != r->current_version)
    return ld_admin_case_screen_after_amend (store, actor, saved->reference);
  return LD_ADMIN_EXIT_OK;
}

static int
cmd_diff (LdStore       *store,
          const char    *id,
          const Options *o)
{
  GError *error = NULL;
  g_autoptr(LdCaseRecord) a = NULL;
  g_autoptr(LdCaseRecord) b = NULL;
  g_autoptr(GPtrArray) changes = NULL;

  if (!(a = ld_case_repo_load (store, id, o->from > 0 ? o->from : 1, &error)) ||
      !(b = ld_case_repo_load (store, id, o->to, &error)))
    return ld_admin_fail (error);
  changes = ld_case_diff (a->data, b->data);
  g_print (_("%s: version %d → version %d, %u changes\n"), a->reference, a->version, b->version, changes->len);
  for (guint i = 0; i < changes->len; i++)
    {
      LdCaseChange *c = changes->pdata[i];

      g_print ("%-34s %s → %s\n", c->field, c->before ? c->before : "—", c->after ? c->after : "—");
    }
  return LD_ADMIN_EXIT_OK;
}

static gboolean
resolve_action (const char    *name,
                const Options *o,
                LdCaseAction  *out)
{
  if (g_str_equal (name, "recommend"))
    {
      if (g_strcmp0 (o->decision, "approval") == 0)
        *out = LD_CASE_ACTION_RECOMMEND_APPROVAL;
      else if (g_strcmp0 (o->decision, "refusal") == 0)
        *out = LD_CASE_ACTION_RECOMMEND_REFUSAL;
      else
        return FALSE;
      return TRUE;
    }
  return ld_case_action_from_string (name, out);
}

/* Recommending and approving say why, as in the window; the core refuses
 * them without it too, but here the missing option can be named. A refusal
 * keeps the core's order: its criteria are asked for first. */
static gboolean
has_rationale (LdCaseAction   action,
               const Options *o)
{
  g_autofree char *text = g_strstrip (g_strdup (o->rationale ? o->rationale : ""));

  return action == LD_CASE_ACTION_REFUSE || !ld_case_action_needs_rationale (action) || text[0] != '\0';
}

static int
usage_needs_rationale (const char *step)
{
  g_autofree char *message = g_strdup_printf (_("%s needs --rationale TEXT: say why the assessment leads to it "
                                                "(the case's history keeps it)."), step);

  return usage (message);
}

static int
cmd_step (LdStore       *store,
          const LdActor *actor,
          const char    *name,
          const char    *id,
          const Options *o)
{
  g_auto(GStrv) codes = o->criteria ? g_strsplit (o->criteria, ",", -1) : NULL;
  LdCaseDecision decision = { (const char * const *) codes, o->rationale };
  g_autoptr(LdCaseRecord) r = NULL;
  g_autofree char *list = list_in_force ();
  GError *error = NULL;
  LdCaseAction action;

  if (!resolve_action (name, o, &action))
    return usage (g_str_equal (name, "recommend") ? _("recommend needs --decision approval or --decision refusal.")
                                                  : _("unknown step; see --help."));
  if (!has_rationale (action, o))
    return usage_needs_rationale (name);
  if (!(r = ld_case_repo_transition_full (store, actor, id, action, &decision, o->note, list, &error)))
    return ld_admin_fail (error);
  g_print (_("%s is now %s.\n"), r->reference, ld_case_status_to_string (r->status));
  /* Every submitted case is screened at once against the installed list. */
  if (action == LD_CASE_ACTION_SUBMIT)
    return ld_admin_case_screen_after_submit (store, actor, r->reference);
  return LD_ADMIN_EXIT_OK;
}

static int
run (LdStore       *store,
     const char    *command,
     const char    *id,
     const Options *o)
{
  GError *error = NULL;
  g_autoptr(LdActor) actor = NULL;

  if (g_str_equal (command, "list"))
    return cmd_list (store, o);
  if (id == NULL && !g_str_equal (command, "import"))
    return usage (_("say which application (its reference or id)."));
  if (g_str_equal (command, "show"))
    return cmd_show (store, id, o);
  if (g_str_equal (command, "diff"))
    return cmd_diff (store, id, o);
  if (!(actor = ld_admin_resolve_actor (store, o->as_login, &error)))
    return ld_admin_fail (error);
  if (g_str_equal (command, "import"))
    return cmd_import (store, actor, o);
  if (g_str_equal (command, "amend"))
    return cmd_amend (store, actor, id, o);
  if (g_str_equal (command, "add-serials"))
    return cmd_add_serials (store, actor, id, o);
  if (g_str_equal (command, "exempt"))
    return cmd_exempt (store, actor, id, o);
  if (g_str_equal (command, "confirm-exemption"))
    return cmd_confirm_exemption (store, actor, id, o);
  return cmd_step (store, actor, command, id, o);
}

static const char *commands[] = {
  "list", "show", "import", "amend", "add-serials", "diff", "submit", "assess", "request-info", "answer-info",
  "recommend", "approve", "refuse", "withdraw", "exempt", "confirm-exemption", NULL,
};

int
ld_admin_application_main (int    argc,
                           char **argv)
{
  g_auto(Options) o = { 0 };
  /* import takes --json FILE; everywhere else --json asks for JSON output. */
  gboolean importing = argc > 1 && g_str_equal (argv[1], "import");
  GOptionEntry entries[] = {
    { "store", 's', 0, G_OPTION_ARG_FILENAME, &o.store_path, N_("The store file (default: the desk's own)"), N_("PATH") },
    { "as", 0, 0, G_OPTION_ARG_STRING, &o.as_login, N_("Act as this user profile"), N_("LOGIN") },
    { "json", 0, 0, importing ? G_OPTION_ARG_FILENAME : G_OPTION_ARG_NONE,
      importing ? (gpointer) &o.json_file : (gpointer) &o.as_json,
      N_("list, show: print JSON; import: read the case from FILE"), N_("[FILE]") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &o.kind, N_("list: only this type"), N_("TYPE") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &o.status, N_("list: only this status"), N_("STATUS") },
    { "officer", 0, 0, G_OPTION_ARG_STRING, &o.officer, N_("list: only this officer's cases"), N_("LOGIN") },
    { "country", 0, 0, G_OPTION_ARG_STRING, &o.country, N_("list: only this destination"), N_("CC") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &o.limit, N_("list: at most N rows (50)"), N_("N") },
    { "version", 0, 0, G_OPTION_ARG_INT, &o.version, N_("show: this version, not the current one"), N_("N") },
    { "serials", 0, 0, G_OPTION_ARG_NONE, &o.serials, N_("show: include the serial numbers"), NULL },
    { "from", 0, 0, G_OPTION_ARG_INT, &o.from, N_("diff: the older version (1)"), N_("N") },
    { "to", 0, 0, G_OPTION_ARG_INT, &o.to, N_("diff: the newer version (current)"), N_("N") },
    { "file", 0, 0, G_OPTION_ARG_FILENAME, &o.file, N_("amend: the case as JSON; add-serials: text or CSV"), N_("FILE") },
    { "line", 0, 0, G_OPTION_ARG_INT, &o.line, N_("add-serials: the item line"), N_("N") },
    { "skip-bad", 0, 0, G_OPTION_ARG_NONE, &o.skip_bad, N_("add-serials: save the good values despite bad lines"), NULL },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &o.reason, N_("amend: why a submitted case changes"), N_("TEXT") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &o.note, N_("A note for the step (the information asked for, …)"), N_("TEXT") },
    { "decision", 0, 0, G_OPTION_ARG_STRING, &o.decision, N_("recommend: approval or refusal"), N_("WHICH") },
    { "criteria", 0, 0, G_OPTION_ARG_STRING, &o.criteria, N_("refuse: criteria codes, e.g. ATT-7.1b-ii,EU-7"), N_("CODES") },
    { "rationale", 0, 0, G_OPTION_ARG_STRING, &o.rationale, N_("recommend, approve, refuse: why (required); for a refusal, why the criteria apply"), N_("TEXT") },
    { "embargo", 0, 0, G_OPTION_ARG_STRING, &o.embargo, N_("exempt, confirm-exemption: the embargo's id, as on the hit"), N_("ID") },
    { "resolution", 0, 0, G_OPTION_ARG_STRING, &o.resolution, N_("exempt: the resolution that exempts the transfer"), N_("TEXT") },
    { "paragraph", 0, 0, G_OPTION_ARG_STRING, &o.paragraph, N_("exempt: its paragraph"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("COMMAND [REFERENCE]"));
  g_autoptr(LdStore) store = NULL;
  GError *error = NULL;

  g_option_context_set_summary (context,
    _("Commands: list, show REF, import --json FILE, amend REF --file FILE, add-serials REF --line N --file FILE,\n"
      "diff REF, and the workflow steps submit, assess, request-info, answer-info,\n"
      "recommend --decision approval|refusal --rationale TEXT, approve --rationale TEXT,\n"
      "refuse --criteria CODES --rationale TEXT, withdraw,\n"
      "exempt REF --embargo ID --resolution TEXT --paragraph TEXT, confirm-exemption REF --embargo ID.\n"
      "Recommending, approving and refusing pass the decision gate: show REF lists what each still waits for."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ld_admin_parse (context, &argc, &argv))
    return LD_ADMIN_EXIT_USAGE;
  if (argc < 2 || argc > 3 || !g_strv_contains (commands, argv[1]))
    return usage (_("say list, show, import, amend, add-serials, diff, exempt, confirm-exemption or a workflow step; "
                    "see --help."));
  if (!(store = ld_admin_open_store (o.store_path, LD_STORE_OPEN_DEFAULT, &error)))
    return ld_admin_fail (error);
  return run (store, argv[1], argc > 2 ? argv[2] : NULL, &o);
}
