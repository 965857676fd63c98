/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-admin-licence"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <glib/gi18n.h>

#include "ld-admin.h"
#include "ld-case-screening.h"
#include "ld-documents.h"
#include "ld-licence-repo.h"

/*
 * licence-desk-admin licence: licences after the decision, through
 * ld-licence-repo.c as the window uses it.
 *
 *   licence list [--json] [--limit N] [--offset N]
 *   licence show NUMBER [--json]
 *   licence conditions [--json]
 *   licence issue REF [--valid-from D] [--valid-until D] [--condition CODE]… [--write-condition TEXT]…
 *                     [--key-file PATH]   (the PDF made and stored with it)
 *   licence suspend|reinstate|revoke|surrender NUMBER --reason TEXT
 *   licence ship NUMBER --date D --customs-reference REF --line N:QTY… [--serial S]…
 *   licence void-shipment NUMBER --customs-reference REF --reason TEXT
 *   licence archive NUMBER [--key-file PATH]   (the original PDF issuance could not store)
 */

typedef struct
{
  char      *store_path;
  char      *as_login;
  gboolean   as_json;
  int        limit;
  int        offset;
  char      *valid_from;
  char      *valid_until;
  char     **condition_codes;
  char     **conditions;
  char      *reason;
  char      *date;
  char      *customs_reference;
  char     **lines;
  char     **serials;
  char      *key_file;
} Options;

static void
options_clear (Options *o)
{
  g_free (o->store_path); g_free (o->as_login); g_free (o->valid_from); g_free (o->valid_until);
  g_strfreev (o->condition_codes); g_strfreev (o->conditions); g_free (o->reason); g_free (o->date);
  g_free (o->customs_reference); g_strfreev (o->lines); g_strfreev (o->serials);
  g_free (o->key_file);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

typedef int (*VerbFunc) (LdStore *store, LdActor *actor, const Options *o, const char *argument);

typedef enum
{
  TAKES_JSON = 1 << 0,
  TAKES_PAGE = 1 << 1,
  TAKES_TERMS = 1 << 2,
  TAKES_REASON = 1 << 3,
  TAKES_SHIPMENT = 1 << 4,
  /* Reads the register only: like `list` and `broker show`, it needs no --as. */
  READS_ONLY = 1 << 5,
  TAKES_CUSTOMS = 1 << 6,
  TAKES_KEY = 1 << 7,
} Takes;

typedef struct
{
  LdAdminVerb base;
  Takes       takes;
  VerbFunc    run;
} Verb;

/* ---- printing ---- */

static int
print_json (JsonNode *node)
{
  ld_admin_print_json (node);
  json_node_unref (node);
  return LD_ADMIN_EXIT_OK;
}

static gint64
remaining (const LdLicence *l)
{
  gint64 left = 0;

  for (guint i = 0; i < l->lines->len; i++)
    left += ((LdLicenceLine *) l->lines->pdata[i])->quantity - ((LdLicenceLine *) l->lines->pdata[i])->shipped;
  return left;
}

static void
print_line (const LdLicence *l)
{
  const char *warning = ld_licence_warning_get_title (l->warning);
  g_autofree char *number = ld_licence_describe_number (l);

  g_print ("  %-20s %-12s %s to %s  %-18s %6" G_GINT64_FORMAT " left  %s%s%s\n", number,
           ld_licence_status_to_string (l->effective), l->valid_from, l->valid_until,
           l->application_reference ? l->application_reference : "", remaining (l), l->holder_name,
           warning ? "  ! " : "", warning ? warning : "");
}

static int
run_list (LdStore       *store,
          LdActor       *actor,
          const Options *o,
          const char    *argument)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) licences = ld_licence_repo_list (store, o->offset, o->limit > 0 ? o->limit : 100, &error);

  if (licences == NULL)
    return ld_admin_fail (error);
  if (o->as_json)
    {
      JsonArray *array = json_array_new ();
      JsonNode *node = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < licences->len; i++)
        json_array_add_element (array, ld_licence_to_json (licences->pdata[i]));
      json_node_take_array (node, array);
      return print_json (node);
    }
  g_print (_("Licences issued, newest first: %u shown\n"), licences->len);
  for (guint i = 0; i < licences->len; i++)
    print_line (licences->pdata[i]);
  return LD_ADMIN_EXIT_OK;
}

static void
print_licence (const LdLicence *l)
{
  g_autofree char *number = ld_licence_describe_number (l);

  if (l->number_state == LD_LICENCE_NUMBER_REFUSED)
    g_print ("%-20s %s\n", _("refused"), l->void_reason ? l->void_reason : "");
  if (l->warning != LD_LICENCE_WARNING_NONE)
    g_print ("%-20s %s\n", _("warning"), ld_licence_warning_get_title (l->warning));
  g_print ("%-20s %s\n%-20s %s (%s)\n%-20s %s, version %d\n%-20s %s, %s\n%-20s %s to %s\n%-20s %s by %s\n",
           _("licence"), number, _("status"), ld_licence_status_get_title (l->effective),
           ld_licence_status_to_string (l->effective), _("application"),
           l->application_reference ? l->application_reference : "-", l->application_version, _("holder"),
           l->holder_name, l->destination_country, _("valid"), l->valid_from, l->valid_until, _("issued"),
           l->issued_on ? l->issued_on : "-", l->issued_by ? l->issued_by : "-");
  for (guint i = 0; l->conditions && l->conditions[i]; i++)
    g_print ("%-20s %s\n", i == 0 ? _("conditions") : "", l->conditions[i]);
  for (guint i = 0; i < l->lines->len; i++)
    {
      const LdLicenceLine *line = l->lines->pdata[i];

      g_print (_("line %d: %s: %" G_GINT64_FORMAT " licensed, %" G_GINT64_FORMAT " shipped, %" G_GINT64_FORMAT
                 " remaining\n"), line->line_no, line->description ? line->description : line->category,
               line->quantity, line->shipped, line->quantity - line->shipped);
    }
  for (guint i = 0; i < l->shipments->len; i++)
    {
      const LdShipment *s = l->shipments->pdata[i];

      g_print (_("shipment %s on %s, %u serial numbers\n"), s->customs_reference, s->shipped_on, s->serials->len);
    }
  for (guint i = 0; i < l->voided_shipments->len; i++)
    {
      const LdShipment *s = l->voided_shipments->pdata[i];

      g_print (_("voided shipment %s on %s, voided %s by %s: %s\n"), s->customs_reference, s->shipped_on,
               s->voided_at, s->voided_by, s->void_reason);
    }
  for (guint i = 0; i < l->events->len; i++)
    {
      const LdLicenceEvent *e = l->events->pdata[i];

      g_print ("%s  %-10s %-12s %s%s%s\n", e->at, e->action, e->to_status, e->actor_login, e->reason ? ": " : "",
               e->reason ? e->reason : "");
    }
}

static int
run_show (LdStore       *store,
          LdActor       *actor,
          const Options *o,
          const char    *number)
{
  GError *error = NULL;
  g_autoptr(LdLicence) l = ld_licence_repo_load (store, number, &error);

  if (l == NULL)
    return ld_admin_fail (error);
  if (o->as_json)
    return print_json (ld_licence_to_json (l));
  print_licence (l);
  return LD_ADMIN_EXIT_OK;
}

static int
run_conditions (LdStore       *store,
                LdActor       *actor,
                const Options *o,
                const char    *argument)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) conditions = ld_licence_repo_list_conditions (store, &error);

  if (conditions == NULL)
    return ld_admin_fail (error);
  if (o->as_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < conditions->len; i++)
        {
          LdLicenceCondition *c = conditions->pdata[i];

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "code");
          json_builder_add_string_value (b, c->code);
          json_builder_set_member_name (b, "text");
          json_builder_add_string_value (b, c->text);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      return print_json (json_builder_get_root (b));
    }
  for (guint i = 0; i < conditions->len; i++)
    g_print ("  %-16s %s\n", ((LdLicenceCondition *) conditions->pdata[i])->code,
             ((LdLicenceCondition *) conditions->pdata[i])->text);
  return LD_ADMIN_EXIT_OK;
}

/* ---- writing ---- */

/* The original PDF, stored with the licence right after it is issued. A
 * missing signing key does not undo the issuance: it is said, with the fix. */
static void
archive_issued (LdStore         *store,
                LdActor         *actor,
                const Options   *o,
                const LdLicence *l)
{
  g_autofree char *path = o->key_file ? g_strdup (o->key_file) : ld_signing_key_default_path ();
  g_autoptr(LdSigningKey) key = NULL;
  g_autofree char *attachment = NULL;
  LdDocumentOptions options = { .paper = LD_PAPER_A4 };
  g_autoptr(GError) error = NULL;

  key = ld_signing_key_load (path, &error);
  if (key != NULL)
    attachment = ld_documents_licence_archive (store, actor, l->number, key, &options, &error);
  if (attachment == NULL)
    {
      g_printerr (_("Licence %s is issued, but its PDF could not be stored with it: %s\n"), l->number,
                  error->message);
      return;
    }
  g_print (_("Stored its PDF as attachment %s.\n"), attachment);
}

static int
run_issue (LdStore       *store,
           LdActor       *actor,
           const Options *o,
           const char    *reference)
{
  LdLicenceTerms terms = { o->valid_from, o->valid_until, (const char * const *) o->condition_codes,
                           (const char * const *) o->conditions };
  g_autofree char *list = ld_case_screening_installed_list_sha256 (NULL, NULL);
  GError *error = NULL;
  g_autoptr(LdLicence) l = ld_licence_repo_issue (store, actor, reference, &terms, list, &error);

  if (l == NULL)
    return ld_admin_fail (error);
  if (l->number_state == LD_LICENCE_NUMBER_PENDING)
    {
      /* No original PDF yet: it is made once the number has arrived. */
      g_print (_("Recorded the issue of application %s (licence %s), valid %s to %s. The issue is pending: the "
                 "central database gives the licence number when this desk next syncs, and it cannot be printed "
                 "before.\n"), reference, l->id, l->valid_from, l->valid_until);
      return LD_ADMIN_EXIT_OK;
    }
  g_print (_("Issued licence %s for application %s, valid %s to %s.\n"), l->number, reference, l->valid_from,
           l->valid_until);
  archive_issued (store, actor, o, l);
  return LD_ADMIN_EXIT_OK;
}

static void
print_affected (const LdLicence *l)
{
  if (l->shipments->len == 0)
    {
      g_print (_("No shipment was recorded under it.\n"));
      return;
    }
  g_print (_("Shipments already made under it (%u), for follow-up:\n"), l->shipments->len);
  for (guint i = 0; i < l->shipments->len; i++)
    {
      const LdShipment *s = l->shipments->pdata[i];

      g_print ("  %s  %s  %u serial numbers\n", s->shipped_on, s->customs_reference, s->serials->len);
    }
}

static int
run_act (LdStore       *store,
         LdActor       *actor,
         const Options *o,
         const char    *number,
         LdLicenceAction action)
{
  GError *error = NULL;
  g_autoptr(LdLicence) l = ld_licence_repo_act (store, actor, number, action, o->reason, &error);

  if (l == NULL)
    return ld_admin_fail (error);
  g_print (_("Licence %s is now %s.\n"), l->number, ld_licence_status_get_title (l->effective));
  if (action == LD_LICENCE_ACTION_SUSPEND || action == LD_LICENCE_ACTION_REVOKE)
    print_affected (l);
  return LD_ADMIN_EXIT_OK;
}

static int
run_suspend (LdStore *store, LdActor *actor, const Options *o, const char *number)
{
  return run_act (store, actor, o, number, LD_LICENCE_ACTION_SUSPEND);
}

static int
run_reinstate (LdStore *store, LdActor *actor, const Options *o, const char *number)
{
  return run_act (store, actor, o, number, LD_LICENCE_ACTION_REINSTATE);
}

static int
run_revoke (LdStore *store, LdActor *actor, const Options *o, const char *number)
{
  return run_act (store, actor, o, number, LD_LICENCE_ACTION_REVOKE);
}

static int
run_surrender (LdStore *store, LdActor *actor, const Options *o, const char *number)
{
  return run_act (store, actor, o, number, LD_LICENCE_ACTION_SURRENDER);
}

/* "2:40" is 40 items of line 2. */
static gboolean
parse_lines (char   **texts,
             GArray  *out)
{
  for (guint i = 0; texts && texts[i]; i++)
    {
      char *end = NULL;
      LdShipmentQuantity q = { 0 };
      const char *colon = strchr (texts[i], ':');

      if (colon == NULL)
        return FALSE;
      q.line_no = (int) strtol (texts[i], &end, 10);
      if (end != colon)
        return FALSE;
      q.quantity = g_ascii_strtoll (colon + 1, &end, 10);
      if (*end != '\0' || colon[1] == '\0')
        return FALSE;
      g_array_append_val (out, q);
    }
  return TRUE;
}

/* --serial takes one value or several separated by commas. */
static GStrv
split_serials (char **texts)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; texts && texts[i]; i++)
    {
      g_auto(GStrv) parts = g_strsplit (texts[i], ",", -1);

      for (guint k = 0; parts[k]; k++)
        if (*g_strstrip (parts[k]) != '\0')
          g_strv_builder_add (builder, parts[k]);
    }
  return g_strv_builder_end (builder);
}

static int
run_ship (LdStore       *store,
          LdActor       *actor,
          const Options *o,
          const char    *number)
{
  g_autoptr(GArray) quantities = g_array_new (FALSE, TRUE, sizeof (LdShipmentQuantity));
  g_auto(GStrv) serials = split_serials (o->serials);
  g_autoptr(LdShipment) s = NULL;
  LdShipmentInput in = { 0 };
  GError *error = NULL;

  if (!parse_lines (o->lines, quantities))
    {
      g_printerr (_("licence-desk-admin licence ship: give each --line as LINE:QUANTITY, e.g. --line 1:40.\n"));
      return LD_ADMIN_EXIT_USAGE;
    }
  in = (LdShipmentInput) { o->date, o->customs_reference, (const LdShipmentQuantity *) quantities->data,
                           quantities->len, (const char * const *) serials };
  s = ld_licence_repo_ship (store, actor, number, &in, &error);
  if (s == NULL)
    return ld_admin_fail (error);
  g_print (_("Recorded shipment %s of %s under licence %s (%u serial numbers).\n"), s->customs_reference,
           s->shipped_on, number, s->serials->len);
  return LD_ADMIN_EXIT_OK;
}

static int
run_void_shipment (LdStore       *store,
                   LdActor       *actor,
                   const Options *o,
                   const char    *number)
{
  GError *error = NULL;
  g_autoptr(LdLicence) l = NULL;

  if (o->customs_reference == NULL)
    {
      g_printerr (_("licence-desk-admin licence void-shipment: name the shipment with --customs-reference REF.\n"));
      return LD_ADMIN_EXIT_USAGE;
    }
  l = ld_licence_repo_void_shipment (store, actor, number, o->customs_reference, o->reason, &error);
  if (l == NULL)
    return ld_admin_fail (error);
  g_print (_("Voided shipment %s under licence %s; the licence is now %s with %" G_GINT64_FORMAT " left to ship.\n"),
           o->customs_reference, l->number, ld_licence_status_get_title (l->effective), remaining (l));
  return LD_ADMIN_EXIT_OK;
}

static int
run_archive (LdStore       *store,
             LdActor       *actor,
             const Options *o,
             const char    *number)
{
  g_autofree char *path = o->key_file ? g_strdup (o->key_file) : ld_signing_key_default_path ();
  g_autoptr(LdSigningKey) key = NULL;
  g_autofree char *attachment = NULL;
  LdDocumentOptions options = { .paper = LD_PAPER_A4 };
  GError *error = NULL;

  if (!(key = ld_signing_key_load (path, &error)) ||
      !(attachment = ld_documents_licence_archive_missing (store, actor, number, key, &options, &error)))
    return ld_admin_fail (error);
  g_print (_("Stored licence %s's original PDF as attachment %s.\n"), number, attachment);
  return LD_ADMIN_EXIT_OK;
}

static const Verb verbs[] = {
  { { "list", NULL, N_("Licences issued, newest first, with status, validity and quantity left") },
    TAKES_JSON | TAKES_PAGE | READS_ONLY, run_list },
  { { "show", "NUMBER", N_("One licence: lines, conditions, shipments and history") }, TAKES_JSON | READS_ONLY,
    run_show },
  { { "conditions", NULL, N_("The office's licence conditions and provisos, by code") },
    TAKES_JSON | READS_ONLY, run_conditions },
  { { "issue", "REF", N_("Issue an approved case as a licence (senior officer or issuance desk)") }, TAKES_TERMS,
    run_issue },
  { { "suspend", "NUMBER", N_("Suspend a licence, with --reason (senior officer)") }, TAKES_REASON, run_suspend },
  { { "reinstate", "NUMBER", N_("Reinstate a suspended licence, with --reason (senior officer)") }, TAKES_REASON,
    run_reinstate },
  { { "revoke", "NUMBER", N_("Revoke a licence, with --reason (senior officer)") }, TAKES_REASON, run_revoke },
  { { "surrender", "NUMBER", N_("Record that the holder surrendered a licence, with --reason") }, TAKES_REASON,
    run_surrender },
  { { "ship", "NUMBER", N_("Record a shipment: --date, --customs-reference, --line LINE:QTY, [--serial S]") },
    TAKES_SHIPMENT, run_ship },
  { { "void-shipment", "NUMBER", N_("Void a shipment recorded by mistake: --customs-reference, --reason (senior "
                                    "officer)") }, TAKES_CUSTOMS | TAKES_REASON, run_void_shipment },
  { { "archive", "NUMBER", N_("Store the original PDF of a licence whose issuance could not store it") }, TAKES_KEY,
    run_archive },
};

static void
add_entries (GOptionContext *context,
             const Verb     *verb,
             Options        *o)
{
  const GOptionEntry paging[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &o->limit, N_("At most this many (default 100)"), "N" },
    { "offset", 0, 0, G_OPTION_ARG_INT, &o->offset, N_("Skip this many"), "N" },
    { NULL }
  };
  const GOptionEntry terms[] = {
    { "valid-from", 0, 0, G_OPTION_ARG_STRING, &o->valid_from, N_("First day of validity (default: today)"),
      N_("YYYY-MM-DD") },
    { "valid-until", 0, 0, G_OPTION_ARG_STRING, &o->valid_until,
      N_("Last day of validity (default: by licence type, see README)"), N_("YYYY-MM-DD") },
    { "condition", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->condition_codes,
      N_("A condition from the office's list, by code; repeat"), N_("CODE") },
    { "write-condition", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->conditions,
      N_("A condition or proviso written for this licence; repeat"), N_("TEXT") },
    { "key-file", 0, 0, G_OPTION_ARG_FILENAME, &o->key_file,
      N_("The office's signing key for the licence's PDF (default: the desk's own)"), N_("PATH") },
    { NULL }
  };
  const GOptionEntry key[] = {
    { "key-file", 0, 0, G_OPTION_ARG_FILENAME, &o->key_file,
      N_("The office's signing key for the licence's PDF (default: the desk's own)"), N_("PATH") },
    { NULL }
  };
  const GOptionEntry customs[] = {
    { "customs-reference", 0, 0, G_OPTION_ARG_STRING, &o->customs_reference,
      N_("The customs reference of the shipment to void"), N_("REF") },
    { NULL }
  };
  const GOptionEntry reason[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &o->reason, N_("Why (required)"), N_("TEXT") },
    { NULL }
  };
  const GOptionEntry shipment[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &o->date, N_("The day the goods left (or arrived)"), N_("YYYY-MM-DD") },
    { "customs-reference", 0, 0, G_OPTION_ARG_STRING, &o->customs_reference,
      N_("The customs declaration's reference, recorded once"), N_("REF") },
    { "line", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->lines, N_("Items shipped of a licence line; repeat"),
      N_("LINE:QTY") },
    { "serial", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->serials,
      N_("A serial number shipped; repeat or separate with commas"), N_("SERIAL") },
    { NULL }
  };

  /* The option tables live on this stack frame: the context copies them. */
  ld_admin_add_common_entries (context, &o->store_path, &o->as_login, (verb->takes & TAKES_JSON) ? &o->as_json : NULL);
  if (verb->takes & TAKES_PAGE)
    g_option_context_add_main_entries (context, paging, GETTEXT_PACKAGE);
  if (verb->takes & TAKES_TERMS)
    g_option_context_add_main_entries (context, terms, GETTEXT_PACKAGE);
  if (verb->takes & TAKES_REASON)
    g_option_context_add_main_entries (context, reason, GETTEXT_PACKAGE);
  if (verb->takes & TAKES_SHIPMENT)
    g_option_context_add_main_entries (context, shipment, GETTEXT_PACKAGE);
  if (verb->takes & TAKES_KEY)
    g_option_context_add_main_entries (context, key, GETTEXT_PACKAGE);
  if (verb->takes & TAKES_CUSTOMS)
    g_option_context_add_main_entries (context, customs, GETTEXT_PACKAGE);
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
  if (!ld_admin_verb_parse ("licence", &verb->base, context, &argc, &argv, &argument))
    return LD_ADMIN_EXIT_USAGE;
  if (!ld_admin_open_as (o.store_path, o.as_login, (verb->takes & READS_ONLY) == 0, &store, &actor, &error))
    return ld_admin_fail (error);
  return verb->run (store, actor, &o, argument);
}

/**
 * ld_admin_licence_main:
 * @argv: argv[0] is "licence", argv[1] the verb
 */
int
ld_admin_licence_main (int    argc,
                       char **argv)
{
  return ld_admin_run_verb ("licence", verbs, sizeof verbs[0], G_N_ELEMENTS (verbs), argc, argv, run_verb);
}
