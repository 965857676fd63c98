/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-admin-euc"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "ld-admin.h"
#include "ld-case-screening.h"
#include "ld-embargo-repo.h"
#include "ld-euc-authority-repo.h"
#include "ld-euc-consent-repo.h"
#include "ld-euc-consent-screening.h"
#include "ld-list-updater.h"
#include "ld-euc-repo.h"
#include "ld-validate.h"

/*
 * licence-desk-admin euc: the end-use certificate register, through
 * ld-euc-repo.c as the window uses it. The fields of `euc add` come from the
 * one table in ld-euc.c, so every field of a certificate has its option.
 *
 *   euc add --certificate-number N --issuing-country CC --issued-on DATE
 *           --destination-country CC --end-user-name NAME [other fields] [--scan FILE]
 *   euc list [--json] [--all] [--limit N] [--offset N]
 *   euc show REF [--json]
 *   euc verify REF --status S --how TEXT [--on DATE]
 *   euc link REF --application APP [--reason TEXT]
 *   euc void REF --reason TEXT
 *   euc dvc REF|--licence LIC [--expected-by DATE] [--received-on DATE] [--scan FILE]
 *   euc consent-request REF --received-on DATE --requested-by TEXT --new-end-user TEXT
 *           --new-destination CC --purpose TEXT [--items TEXT] [--quantity N]
 *   euc consent-screen REF --request N
 *   euc consent-review HIT --verdict true|false --reason TEXT
 *   euc consent-decide REF --request N --grant|--refuse --reason TEXT
 *   euc consents [--json]
 *   euc authorities [--json]
 *   euc authority-add --country CC --name NAME
 *   euc signatory-add --country CC --authority NAME --name NAME [--position P] --from DATE [--until DATE]
 */

typedef struct
{
  char      *store_path;
  char      *as_login;
  gboolean   as_json;
  gboolean   all;
  LdEuc     *euc;
  char      *scan;
  char      *status;
  char      *how;
  char      *on;
  char      *application;
  char      *reason;
  char      *country;
  char      *name;
  char      *authority;
  char      *position;
  char      *from;
  char      *until;
  char      *expected_by;
  char      *received_on;
  char      *licence;
  char      *requested_by;
  char      *new_end_user;
  char      *new_destination;
  char      *items;
  char      *purpose;
  gint64     quantity;
  gint64     request;
  gboolean   grant;
  gboolean   refuse;
  char      *verdict;
  gint64     limit;
  gint64     offset;
  GPtrArray *names;        /* option names made from the field keys */
} Options;

static void
options_clear (Options *o)
{
  g_free (o->store_path); g_free (o->as_login); ld_euc_free (o->euc); g_free (o->scan); g_free (o->status);
  g_free (o->how); g_free (o->on); g_free (o->application); g_free (o->reason);
  g_free (o->country); g_free (o->name); g_free (o->authority); g_free (o->position); g_free (o->from);
  g_free (o->until); g_free (o->expected_by); g_free (o->received_on); g_free (o->licence);
  g_free (o->requested_by); g_free (o->new_end_user); g_free (o->new_destination); g_free (o->items);
  g_free (o->purpose); g_free (o->verdict);
  g_clear_pointer (&o->names, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

typedef int (*VerbFunc) (LdStore *store, LdActor *actor, const Options *o, const char *argument);

typedef struct
{
  LdAdminVerb base;
  gboolean    prints;      /* takes --json */
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

static void
print_line (const LdEucRecord *r)
{
  g_print ("  %-28s %-2s %-10s %-11s %s%s\n", r->euc->certificate_number, r->euc->issuing_country,
           r->euc->issued_on, ld_euc_status_to_string (r->status), r->euc->end_user_name,
           r->voided_at ? _("  (voided)") : "");
}

static int
run_list (LdStore       *store,
          LdActor       *actor,
          const Options *o,
          const char    *argument)
{
  GError *error = NULL;
  gint64 total = 0;
  g_autoptr(GPtrArray) records = NULL;

  if (o->limit < 0 || o->offset < 0)
    {
      g_printerr (_("licence-desk-admin: --limit and --offset are counts of certificates, 0 or more; nothing "
                    "was listed.\n"));
      return LD_ADMIN_EXIT_USAGE;
    }
  if (!(records = ld_euc_repo_list_page (store, o->all, o->offset, o->limit > 0 ? o->limit : 100, &total, &error)))
    return ld_admin_fail (error);
  if (o->as_json)
    {
      JsonArray *array = json_array_new ();
      JsonNode *node = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < records->len; i++)
        json_array_add_element (array, ld_euc_record_to_json (g_ptr_array_index (records, i)));
      json_node_take_array (node, array);
      return print_json (node);
    }
  g_print (o->all ? _("End-use certificate register: %" G_GINT64_FORMAT " certificates, voided ones included\n")
                  : _("End-use certificate register: %" G_GINT64_FORMAT " certificates\n"), total);
  if (o->offset + records->len < total)
    g_print (_("Showing %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT "; see the next with --offset %" G_GINT64_FORMAT
               "\n"), o->offset + 1, o->offset + records->len, o->offset + records->len);
  for (guint i = 0; i < records->len; i++)
    print_line (g_ptr_array_index (records, i));
  return LD_ADMIN_EXIT_OK;
}

static void
print_field (const char *label,
             const char *value)
{
  if (value != NULL)
    g_print ("%-26s %s\n", label, value);
}

/* Unmet conditions one a line, under the heading of the decision they hold. */
static void
print_unmet (const char *heading,
             GPtrArray  *unmet)
{
  if (unmet == NULL || unmet->len == 0)
    return;
  g_print ("  %s\n", heading);
  for (guint i = 0; i < unmet->len; i++)
    g_print ("    • %s\n", (const char *) g_ptr_array_index (unmet, i));
}

static void
print_consent_screening (const LdEucConsent *c)
{
  if (c->hits == NULL)
    return;
  g_print ("  %s\n", c->screened ? c->screened : _("Not screened yet."));
  for (guint i = 0; i < c->hits->len; i++)
    {
      const LdEucConsentHit *h = g_ptr_array_index (c->hits, i);

      g_print (_("  hit %s [%s, %s] %s “%s”: %s\n"), h->id, h->kind, h->status, h->party_role, h->party_name,
               h->reason);
    }
  print_unmet (_("Before a grant:"), c->unmet_grant);
  print_unmet (_("Before a refusal:"), c->unmet_refusal);
}

static void
print_history (const LdEucRecord *r)
{
  for (guint i = 0; i < r->verifications->len; i++)
    {
      const LdEucVerification *v = g_ptr_array_index (r->verifications, i);

      g_print (_("verified %s: %s by %s (%s)\n"), v->verified_on, v->status, v->recorded_by_login, v->method);
    }
  for (guint i = 0; i < r->links->len; i++)
    {
      const LdEucLink *l = g_ptr_array_index (r->links, i);

      g_print (_("covers application %s, linked %.10s by %s%s%s\n"), l->application_reference, l->linked_at,
               l->linked_by_login, l->override_reason ? _("; allowed as a second application: ") : "",
               l->override_reason ? l->override_reason : "");
    }
  for (guint i = 0; i < r->reuse_attempts->len; i++)
    {
      const LdEucReuseAttempt *a = g_ptr_array_index (r->reuse_attempts, i);

      g_print (_("REUSE %s: application %s, %.10s by %s\n"), a->outcome, a->application_reference,
               a->attempted_at, a->attempted_by_login);
    }
  for (guint i = 0; i < r->scans->len; i++)
    {
      const LdEucScan *s = g_ptr_array_index (r->scans, i);

      g_print (_("scan %s (%s)\n"), s->file_name, s->media_type);
    }
  for (guint i = 0; r->consents && i < r->consents->len; i++)
    {
      const LdEucConsent *c = g_ptr_array_index (r->consents, i);

      g_print (_("re-export consent request %" G_GINT64_FORMAT " received %s from %s: to %s in %s, %s (recorded by "
                 "%s)\n"), c->seq, c->request.received_on, c->request.requested_by, c->request.new_end_user,
               c->request.new_destination, ld_euc_consent_status_title (c->status), c->recorded_by_login);
      if (c->status != LD_EUC_CONSENT_PENDING)
        g_print (_("  decided %.10s by %s: %s\n"), c->decided_at, c->decided_by_login, c->decision_reason);
      print_consent_screening (c);
    }
}

/* The record as `euc show --json` prints it, with today's findings. */
static JsonNode *
json_with_findings (const LdEucRecord *r)
{
  JsonNode *node = ld_euc_record_to_json (r);
  JsonArray *findings = json_array_new ();

  for (guint i = 0; i < r->findings->len; i++)
    {
      const LdEucFinding *f = g_ptr_array_index (r->findings, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "code", f->code);
      json_object_set_string_member (o, "message", f->message);
      json_array_add_object_element (findings, o);
    }
  json_object_set_array_member (json_node_get_object (node), "findings", findings);
  return node;
}

static int
run_show (LdStore       *store,
          LdActor       *actor,
          const Options *o,
          const char    *reference)
{
  GError *error = NULL;
  g_autoptr(LdEucRecord) r = ld_euc_repo_get (store, reference, &error);
  guint n_texts, n_flags;
  const LdEucText *texts = ld_euc_get_texts (&n_texts);
  const LdEucFlag *flags = ld_euc_get_flags (&n_flags);

  g_autofree char *list = ld_case_screening_installed_list_sha256 (NULL, NULL);

  if (r == NULL || !ld_euc_repo_add_findings (store, r, &error) ||
      !ld_euc_repo_add_consent_screening (store, r, list, &error))
    return ld_admin_fail (error);
  if (o->as_json)
    return print_json (json_with_findings (r));
  for (guint i = 0; i < n_texts; i++)
    print_field (texts[i].key, ld_euc_text_value (r->euc, &texts[i]));
  if (r->euc->quantity > 0)
    g_print ("%-26s %" G_GINT64_FORMAT "\n", "quantity", r->euc->quantity);
  for (guint i = 0; i < n_flags; i++)
    print_field (flags[i].key, *ld_euc_flag_slot (r->euc, &flags[i]) ? _("yes") : _("no"));
  print_field ("verification_status", ld_euc_status_to_string (r->status));
  print_field ("registered", r->registered_at);
  print_field ("registered_by", r->registered_by_login);
  print_field ("voided", r->voided_at);
  print_field ("voided_by", r->voided_by_login);
  print_field ("void_reason", r->void_reason);
  print_field ("dvc_expected_by", r->dvc_expected_by);
  print_field ("dvc_received_on", r->dvc_received_on);
  print_history (r);
  for (guint i = 0; i < r->findings->len; i++)
    {
      const LdEucFinding *f = g_ptr_array_index (r->findings, i);

      g_print (_("FINDING %s: %s\n"), f->code, f->message);
    }
  return LD_ADMIN_EXIT_OK;
}

/* ---- writing ---- */

static int
run_add (LdStore       *store,
         LdActor       *actor,
         const Options *o,
         const char    *argument)
{
  GError *error = NULL;
  g_autoptr(LdEucRecord) r = NULL;
  g_autoptr(GFile) scan = o->scan ? g_file_new_for_commandline_arg (o->scan) : NULL;

  /* A scan that is not one is refused before anything is registered. */
  if (scan && !ld_euc_repo_check_scan (scan, &error))
    return ld_admin_fail (error);
  if (!(r = ld_euc_repo_register (store, actor, o->euc, NULL, &error)))
    return ld_admin_fail (error);
  g_print (_("Registered end-use certificate %s of %s (unverified) in %s.\n"), r->euc->certificate_number,
           r->euc->issuing_country, ld_store_get_path (store));
  if (scan)
    {
      g_autoptr(LdEucRecord) scanned = ld_euc_repo_attach_scan (store, actor, r->id, scan, &error);

      if (scanned == NULL)
        return ld_admin_fail (error);
      g_print (_("Attached the scan %s.\n"), o->scan);
    }
  return LD_ADMIN_EXIT_OK;
}

static int
run_verify (LdStore       *store,
            LdActor       *actor,
            const Options *o,
            const char    *reference)
{
  GError *error = NULL;
  g_autoptr(LdEucRecord) r = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  LdEucStatus status;

  if (!ld_euc_status_from_string (o->status, &status))
    {
      g_printerr (_("licence-desk-admin: --status must be unverified, confirmed, doubtful, forged or withdrawn; "
                    "nothing was recorded.\n"));
      return LD_ADMIN_EXIT_USAGE;
    }
  if (!(r = ld_euc_repo_verify (store, actor, reference, status, o->how, o->on ? o->on : today, NULL, &error)))
    return ld_admin_fail (error);
  g_print (_("Certificate %s is now %s.\n"), r->euc->certificate_number, ld_euc_status_title (r->status));
  return LD_ADMIN_EXIT_OK;
}

static int
run_link (LdStore       *store,
          LdActor       *actor,
          const Options *o,
          const char    *reference)
{
  GError *error = NULL;
  g_autoptr(LdEucRecord) r = NULL;

  if (o->application == NULL)
    {
      g_printerr (_("licence-desk-admin: name the application with --application REF; nothing was linked.\n"));
      return LD_ADMIN_EXIT_USAGE;
    }
  if (!(r = ld_euc_repo_link (store, actor, reference, o->application, o->reason, &error)))
    return ld_admin_fail (error);
  g_print (_("Certificate %s now covers application %s.\n"), r->euc->certificate_number, o->application);
  return LD_ADMIN_EXIT_OK;
}

static int
run_void (LdStore       *store,
          LdActor       *actor,
          const Options *o,
          const char    *reference)
{
  GError *error = NULL;
  g_autoptr(LdEucRecord) r = ld_euc_repo_void (store, actor, reference, o->reason, &error);

  if (r == NULL)
    return ld_admin_fail (error);
  g_print (_("Voided certificate %s; it stays in the register and covers no application.\n"),
           r->euc->certificate_number);
  return LD_ADMIN_EXIT_OK;
}

static int
run_authorities (LdStore       *store,
                 LdActor       *actor,
                 const Options *o,
                 const char    *argument)
{
  GError *error = NULL;
  JsonNode *node = ld_euc_authority_repo_list (store, &error);
  JsonArray *list;

  if (node == NULL)
    return ld_admin_fail (error);
  if (o->as_json)
    return print_json (node);
  list = json_node_get_array (node);
  g_print (_("Known issuing authorities: %u\n"), json_array_get_length (list));
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *a = json_array_get_object_element (list, i);
      JsonArray *people = json_object_get_array_member (a, "signatories");

      g_print (_("  %s  %s (%" G_GINT64_FORMAT " specimens)\n"), json_object_get_string_member (a, "country"),
               json_object_get_string_member (a, "name"), json_object_get_int_member (a, "specimens"));
      for (guint k = 0; k < json_array_get_length (people); k++)
        {
          JsonObject *p = json_array_get_object_element (people, k);
          const char *until = json_object_get_string_member_with_default (p, "valid_until", NULL);

          g_print (_("      %s, in office %s to %s\n"), json_object_get_string_member (p, "name"),
                   json_object_get_string_member (p, "valid_from"), until ? until : _("now"));
        }
    }
  json_node_unref (node);
  return LD_ADMIN_EXIT_OK;
}

static int
run_dvc (LdStore       *store,
         LdActor       *actor,
         const Options *o,
         const char    *reference)
{
  GError *error = NULL;
  g_autoptr(GFile) scan = o->scan ? g_file_new_for_commandline_arg (o->scan) : NULL;
  g_autoptr(LdEucRecord) r = NULL;
  g_autofree char *for_licence = NULL;

  if ((reference == NULL) == (o->licence == NULL))
    {
      g_printerr (_("licence-desk-admin: name the certificate, or the licence with --licence, not both; nothing "
                    "was recorded.\n"));
      return LD_ADMIN_EXIT_USAGE;
    }
  /* A licence's delivery verification certificate is that of the certificate covering its application. */
  if (o->licence && !(for_licence = ld_euc_repo_find_for_licence (store, o->licence, &error)))
    return ld_admin_fail (error);
  if (!(r = ld_euc_repo_record_dvc (store, actor, for_licence ? for_licence : reference, o->expected_by,
                                    o->received_on, scan, &error)))
    return ld_admin_fail (error);
  if (r->dvc_received_on)
    g_print (_("Certificate %s: delivery verification certificate received on %s.\n"), r->euc->certificate_number,
             r->dvc_received_on);
  else
    g_print (_("Certificate %s: delivery verification certificate expected by %s.\n"), r->euc->certificate_number,
             r->dvc_expected_by);
  return LD_ADMIN_EXIT_OK;
}

static LdNameMatcher *
load_installed_matcher (GError **error)
{
  g_autoptr(LdListUpdater) updater = ld_list_updater_new (NULL);
  g_autofree char *path = ld_list_updater_get_list_path (updater);
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

static gboolean
screen_consent (LdStore       *store,
                LdActor       *actor,
                const char    *reference,
                gint64         seq,
                GError       **error)
{
  g_autoptr(LdNameMatcher) matcher = NULL;
  g_autoptr(LdEmbargoTable) embargoes = NULL;
  LdCaseScreeningSummary summary;

  if (!(matcher = load_installed_matcher (error)) ||
      !(embargoes = ld_embargo_table_new_from_store (store, error)) ||
      !ld_euc_consent_screening_run (store, actor, matcher, embargoes, reference, seq, &summary, error))
    return FALSE;
  g_print (_("Screened the request's %u parties and route: %u open hits to judge, %u cleared before, %u logged.\n"),
           summary.n_parties, summary.n_open, summary.n_cleared_before, summary.n_logged);
  return TRUE;
}

static int
run_consent_request (LdStore       *store,
                     LdActor       *actor,
                     const Options *o,
                     const char    *reference)
{
  LdEucConsentRequest request = { o->received_on, o->requested_by, o->new_end_user, o->new_destination, o->items,
                                  o->quantity, o->purpose };
  GError *error = NULL;
  g_autoptr(LdEucRecord) r = ld_euc_repo_request_consent (store, actor, reference, &request, NULL, &error);
  const LdEucConsent *c;

  if (r == NULL)
    return ld_admin_fail (error);
  c = g_ptr_array_index (r->consents, r->consents->len - 1);
  g_print (_("Recorded re-export consent request %" G_GINT64_FORMAT " against certificate %s; it awaits a decision "
             "by another senior licensing officer.\n"), c->seq, r->euc->certificate_number);
  /* Screened at once, as a submitted case is; the request stands if it cannot be. */
  if (!screen_consent (store, actor, r->id, c->seq, &error))
    {
      g_printerr (_("licence-desk-admin: warning: the request was recorded but NOT screened: %s\n"
                    "Screen it with “licence-desk-admin euc consent-screen %s --request %" G_GINT64_FORMAT "” "
                    "before any decision.\n"), error->message, r->euc->certificate_number, c->seq);
      g_error_free (error);
    }
  return LD_ADMIN_EXIT_OK;
}

static int
run_consent_screen (LdStore       *store,
                    LdActor       *actor,
                    const Options *o,
                    const char    *reference)
{
  GError *error = NULL;

  if (o->request <= 0)
    {
      g_printerr (_("licence-desk-admin: name the request with --request N; nothing was screened.\n"));
      return LD_ADMIN_EXIT_USAGE;
    }
  if (!screen_consent (store, actor, reference, o->request, &error))
    return ld_admin_fail (error);
  return LD_ADMIN_EXIT_OK;
}

static int
run_consent_review (LdStore       *store,
                    LdActor       *actor,
                    const Options *o,
                    const char    *hit)
{
  GError *error = NULL;

  if (g_strcmp0 (o->verdict, "true") != 0 && g_strcmp0 (o->verdict, "false") != 0)
    {
      g_printerr (_("licence-desk-admin: give --verdict true (the party is the listed one) or --verdict false (it "
                    "is not); nothing was recorded.\n"));
      return LD_ADMIN_EXIT_USAGE;
    }
  if (!ld_euc_consent_screening_review (store, actor, hit, g_str_equal (o->verdict, "true"), o->reason, &error))
    return ld_admin_fail (error);
  g_print (_("Verdict recorded on hit %s.\n"), hit);
  return LD_ADMIN_EXIT_OK;
}

static int
run_consent_decide (LdStore       *store,
                    LdActor       *actor,
                    const Options *o,
                    const char    *reference)
{
  GError *error = NULL;
  g_autoptr(LdEucRecord) r = NULL;
  g_autofree char *list = ld_case_screening_installed_list_sha256 (NULL, NULL);

  if (o->grant == o->refuse || o->request <= 0)
    {
      g_printerr (_("licence-desk-admin: name the request with --request N and give either --grant or --refuse; "
                    "nothing was decided.\n"));
      return LD_ADMIN_EXIT_USAGE;
    }
  if (!(r = ld_euc_repo_decide_consent (store, actor, reference, o->request,
                                        o->grant ? LD_EUC_CONSENT_GRANTED : LD_EUC_CONSENT_REFUSED, o->reason,
                                        list, &error)))
    return ld_admin_fail (error);
  g_print (o->grant ? _("Certificate %s: re-export consent request %" G_GINT64_FORMAT " granted.\n")
                    : _("Certificate %s: re-export consent request %" G_GINT64_FORMAT " refused.\n"),
           r->euc->certificate_number, o->request);
  return LD_ADMIN_EXIT_OK;
}

static int
run_consents (LdStore       *store,
              LdActor       *actor,
              const Options *o,
              const char    *argument)
{
  GError *error = NULL;
  JsonNode *node = ld_euc_repo_pending_consents (store, &error);
  JsonArray *list;

  if (node == NULL)
    return ld_admin_fail (error);
  if (o->as_json)
    return print_json (node);
  list = json_node_get_array (node);
  g_print (_("Re-export consent requests awaiting a decision: %u\n"), json_array_get_length (list));
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *row = json_array_get_object_element (list, i);

      g_print ("  %-24s #%-3" G_GINT64_FORMAT " %s  %s -> %s (%s)\n",
               json_object_get_string_member (row, "certificate"), json_object_get_int_member (row, "seq"),
               json_object_get_string_member (row, "received_on"), json_object_get_string_member (row, "requested_by"),
               json_object_get_string_member (row, "new_end_user"),
               json_object_get_string_member (row, "new_destination"));
    }
  json_node_unref (node);
  return LD_ADMIN_EXIT_OK;
}

static int
run_unresolved (LdStore       *store,
                LdActor       *actor,
                const Options *o,
                const char    *argument)
{
  GError *error = NULL;
  JsonNode *node = ld_euc_repo_unresolved (store, &error);
  JsonArray *list;

  if (node == NULL)
    return ld_admin_fail (error);
  if (o->as_json)
    return print_json (node);
  list = json_node_get_array (node);
  g_print (_("Applications whose certificate reference is not linked to the register: %u\n"),
           json_array_get_length (list));
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *row = json_array_get_object_element (list, i);

      g_print ("  %-18s %-24s %s\n", json_object_get_string_member (row, "application"),
               json_object_get_string_member (row, "euc_reference"), json_object_get_string_member (row, "problem"));
    }
  json_node_unref (node);
  return LD_ADMIN_EXIT_OK;
}

static int
run_authority_add (LdStore       *store,
                   LdActor       *actor,
                   const Options *o,
                   const char    *argument)
{
  GError *error = NULL;

  g_autoptr(GFile) specimen = o->scan ? g_file_new_for_commandline_arg (o->scan) : NULL;

  /* A specimen that is not a scan is refused before the authority is added. */
  if ((specimen && !ld_euc_repo_check_scan (specimen, &error)) ||
      !ld_euc_authority_repo_add (store, actor, o->country, o->name, &error))
    return ld_admin_fail (error);
  g_print (_("Added %s to the known issuing authorities of %s.\n"), o->name, o->country);
  if (specimen && !ld_euc_authority_repo_add_specimen (store, actor, o->country, o->name, specimen, &error))
    return ld_admin_fail (error);
  if (specimen)
    g_print (_("Kept the specimen %s.\n"), o->scan);
  return LD_ADMIN_EXIT_OK;
}

static int
run_signatory_add (LdStore       *store,
                   LdActor       *actor,
                   const Options *o,
                   const char    *argument)
{
  LdEucSignatory signatory = { o->name, o->position, o->from, o->until };
  GError *error = NULL;

  if (!ld_euc_authority_repo_add_signatory (store, actor, o->country, o->authority, &signatory, &error))
    return ld_admin_fail (error);
  g_print (_("Added %s as a signatory of %s.\n"), o->name, o->authority);
  return LD_ADMIN_EXIT_OK;
}

static const Verb verbs[] = {
  { { "list", NULL, N_("The registered certificates, most recently issued first; --all adds voided ones") },
    TRUE, run_list },
  { { "show", "REF", N_("One certificate with its verifications, linked application, reuse attempts, scans and findings") },
    TRUE, run_show },
  { { "add", NULL, N_("Register a certificate: --certificate-number, --issuing-country, --issued-on, "
                    "--destination-country and --end-user-name are required; --scan attaches its scan") },
    FALSE, run_add },
  { { "verify", "REF", N_("Record a verification: --status (unverified, confirmed, doubtful, forged, withdrawn), "
                        "--how, and --on (default today)") }, FALSE, run_verify },
  { { "link", "REF", N_("Link the certificate to the application it covers (--application); a second application "
                      "needs a senior officer and --reason") }, FALSE, run_link },
  { { "void", "REF", N_("Void a registration, with --reason; it stays in the register") }, FALSE, run_void },
  { { "dvc", "[REF]", N_("After shipment: the delivery verification certificate expected (--expected-by) or "
                     "received (--received-on, --scan), of a certificate or of a licence (--licence)") }, FALSE,
    run_dvc },
  { { "consent-request", "REF", N_("Record a request to re-export under the certificate: --received-on, "
                                 "--requested-by, --new-end-user, --new-destination, --purpose, [--items], "
                                 "[--quantity]") }, FALSE, run_consent_request },
  { { "consent-screen", "REF", N_("Screen a pending re-export consent request again (--request N) against the "
                                "installed list, the embargo table and the denial register") }, FALSE,
    run_consent_screen },
  { { "consent-review", "HIT", N_("Record a verdict on an open screening hit of a consent request: --verdict true "
                                "or false, --reason") }, FALSE, run_consent_review },
  { { "consent-decide", "REF", N_("Decide a re-export consent request (a senior officer who did not record it), "
                                "once it is screened and no hit is open: --request N, --grant or --refuse, "
                                "--reason") }, FALSE, run_consent_decide },
  { { "consents", NULL, N_("The re-export consent requests awaiting a decision") }, TRUE, run_consents },
  { { "unresolved", NULL, N_("Applications whose EUC reference is not linked to a registered certificate, for a "
                           "clerk to resolve") }, TRUE, run_unresolved },
  { { "authorities", NULL, N_("The known issuing authorities and their signatories") }, TRUE, run_authorities },
  { { "authority-add", NULL, N_("Add a known issuing authority (administrator): --country, --name, [--specimen FILE]") }, FALSE,
    run_authority_add },
  { { "signatory-add", NULL, N_("Add a known signatory (administrator): --country, --authority, --name, --from, "
                              "[--until], [--position]") }, FALSE, run_signatory_add },
};

static const char *
argument_name (const LdEucText *text)
{
  if (g_str_has_suffix (text->key, "_country"))
    return "CC";
  if (text->kind == LD_TEXT_CODE)
    return N_("YYYY-MM-DD");
  return N_("TEXT");
}

/* One option per field of the certificate, named after its key. */
static GOptionEntry *
field_entries (Options *o)
{
  guint n_texts, n_flags;
  const LdEucText *texts = ld_euc_get_texts (&n_texts);
  const LdEucFlag *flags = ld_euc_get_flags (&n_flags);
  GOptionEntry *entries = g_new0 (GOptionEntry, n_texts + n_flags + 3);
  guint n = 0;

  for (guint i = 0; i < n_texts; i++, n++)
    {
      char *name = g_strdelimit (g_strdup (texts[i].key), "_", '-');

      g_ptr_array_add (o->names, name);
      entries[n] = (GOptionEntry) { name, 0, 0, G_OPTION_ARG_STRING, ld_euc_text_slot (o->euc, &texts[i]),
                                    texts[i].title, argument_name (&texts[i]) };
    }
  for (guint i = 0; i < n_flags; i++, n++)
    {
      char *name = g_strdelimit (g_strdup (flags[i].key), "_", '-');

      g_ptr_array_add (o->names, name);
      entries[n] = (GOptionEntry) { name, 0, 0, G_OPTION_ARG_NONE, ld_euc_flag_slot (o->euc, &flags[i]),
                                    flags[i].title, NULL };
    }
  entries[n++] = (GOptionEntry) { "quantity", 0, 0, G_OPTION_ARG_INT64, &o->euc->quantity,
                                  N_("How many items the certificate covers"), "N" };
  entries[n++] = (GOptionEntry) { "scan", 0, 0, G_OPTION_ARG_FILENAME, &o->scan,
                                  N_("A scan of the certificate (an image or a PDF)"), N_("FILE") };
  return entries;
}

static void
add_entries (GOptionContext *context,
             const Verb     *verb,
             Options        *o)
{
  const GOptionEntry listing[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &o->all, N_("Voided certificates too"), NULL },
    { "limit", 0, 0, G_OPTION_ARG_INT64, &o->limit, N_("At most this many (default 100)"), "N" },
    { "offset", 0, 0, G_OPTION_ARG_INT64, &o->offset, N_("Skip this many"), "N" },
    { NULL }
  };
  const GOptionEntry verifying[] = {
    { "status", 0, 0, G_OPTION_ARG_STRING, &o->status,
      N_("unverified, confirmed, doubtful, forged or withdrawn"), N_("STATUS") },
    { "how", 0, 0, G_OPTION_ARG_STRING, &o->how, N_("How it was verified, with whom (required)"), N_("TEXT") },
    { "on", 0, 0, G_OPTION_ARG_STRING, &o->on, N_("The day of the answer (default today)"), N_("YYYY-MM-DD") },
    { NULL }
  };
  const GOptionEntry linking[] = {
    { "application", 0, 0, G_OPTION_ARG_STRING, &o->application, N_("The application's reference"), N_("REF") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &o->reason,
      N_("Why a certificate that covers another application covers this one too (senior officers)"), N_("TEXT") },
    { NULL }
  };
  const GOptionEntry authority[] = {
    { "country", 0, 0, G_OPTION_ARG_STRING, &o->country, N_("The issuing state, ISO 3166 alpha-2"), "CC" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &o->name, N_("The authority's or the signatory's name"), N_("TEXT") },
    { NULL }
  };
  const GOptionEntry specimen[] = {
    { "specimen", 0, 0, G_OPTION_ARG_FILENAME, &o->scan, N_("A specimen certificate (an image or a PDF)"),
      N_("FILE") },
    { NULL }
  };
  const GOptionEntry signatory[] = {
    { "authority", 0, 0, G_OPTION_ARG_STRING, &o->authority, N_("The authority, as on the list"), N_("TEXT") },
    { "position", 0, 0, G_OPTION_ARG_STRING, &o->position, N_("The signatory's position"), N_("TEXT") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &o->from, N_("In office from"), N_("YYYY-MM-DD") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &o->until, N_("In office until, if they left"), N_("YYYY-MM-DD") },
    { NULL }
  };
  const GOptionEntry dvc[] = {
    { "expected-by", 0, 0, G_OPTION_ARG_STRING, &o->expected_by, N_("The day it is due"), N_("YYYY-MM-DD") },
    { "received-on", 0, 0, G_OPTION_ARG_STRING, &o->received_on, N_("The day it came"), N_("YYYY-MM-DD") },
    { "scan", 0, 0, G_OPTION_ARG_FILENAME, &o->scan, N_("Its scan (an image or a PDF)"), N_("FILE") },
    { "licence", 0, 0, G_OPTION_ARG_STRING, &o->licence, N_("The licence, instead of the certificate"), N_("LIC") },
    { NULL }
  };
  const GOptionEntry requesting[] = {
    { "received-on", 0, 0, G_OPTION_ARG_STRING, &o->received_on, N_("The day the request came"), N_("YYYY-MM-DD") },
    { "requested-by", 0, 0, G_OPTION_ARG_STRING, &o->requested_by, N_("Who asks: the end user or its government"),
      N_("TEXT") },
    { "new-end-user", 0, 0, G_OPTION_ARG_STRING, &o->new_end_user, N_("To whom the goods would go"), N_("TEXT") },
    { "new-destination", 0, 0, G_OPTION_ARG_STRING, &o->new_destination, N_("Where they would go"), "CC" },
    { "items", 0, 0, G_OPTION_ARG_STRING, &o->items, N_("What would be re-exported"), N_("TEXT") },
    { "quantity", 0, 0, G_OPTION_ARG_INT64, &o->quantity, N_("How many items"), "N" },
    { "purpose", 0, 0, G_OPTION_ARG_STRING, &o->purpose, N_("Why, as the request says"), N_("TEXT") },
    { NULL }
  };
  const GOptionEntry deciding[] = {
    { "request", 0, 0, G_OPTION_ARG_INT64, &o->request, N_("The request's number on the certificate"), "N" },
    { "grant", 0, 0, G_OPTION_ARG_NONE, &o->grant, N_("Grant consent"), NULL },
    { "refuse", 0, 0, G_OPTION_ARG_NONE, &o->refuse, N_("Refuse consent"), NULL },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &o->reason, N_("Why (required)"), N_("TEXT") },
    { NULL }
  };
  const GOptionEntry screening[] = {
    { "request", 0, 0, G_OPTION_ARG_INT64, &o->request, N_("The request's number on the certificate"), "N" },
    { NULL }
  };
  const GOptionEntry reviewing[] = {
    { "verdict", 0, 0, G_OPTION_ARG_STRING, &o->verdict, N_("true: the party is the one listed; false: it is not"),
      "true|false" },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &o->reason, N_("Why (required)"), N_("TEXT") },
    { NULL }
  };
  const GOptionEntry voiding[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &o->reason, N_("Why the registration is voided (required)"), N_("TEXT") },
    { NULL }
  };

  /* The option tables live on this stack frame: the context copies them. */
  ld_admin_add_common_entries (context, &o->store_path, &o->as_login, verb->prints ? &o->as_json : NULL);
  if (verb->run == run_list)
    g_option_context_add_main_entries (context, listing, GETTEXT_PACKAGE);
  if (verb->run == run_verify)
    g_option_context_add_main_entries (context, verifying, GETTEXT_PACKAGE);
  if (verb->run == run_link)
    g_option_context_add_main_entries (context, linking, GETTEXT_PACKAGE);
  if (verb->run == run_void)
    g_option_context_add_main_entries (context, voiding, GETTEXT_PACKAGE);
  if (verb->run == run_dvc)
    g_option_context_add_main_entries (context, dvc, GETTEXT_PACKAGE);
  if (verb->run == run_consent_request)
    g_option_context_add_main_entries (context, requesting, GETTEXT_PACKAGE);
  if (verb->run == run_consent_decide)
    g_option_context_add_main_entries (context, deciding, GETTEXT_PACKAGE);
  if (verb->run == run_consent_screen)
    g_option_context_add_main_entries (context, screening, GETTEXT_PACKAGE);
  if (verb->run == run_consent_review)
    g_option_context_add_main_entries (context, reviewing, GETTEXT_PACKAGE);
  if (verb->run == run_authority_add || verb->run == run_signatory_add)
    g_option_context_add_main_entries (context, authority, GETTEXT_PACKAGE);
  if (verb->run == run_signatory_add)
    g_option_context_add_main_entries (context, signatory, GETTEXT_PACKAGE);
  if (verb->run == run_authority_add)
    g_option_context_add_main_entries (context, specimen, GETTEXT_PACKAGE);
  if (verb->run == run_add)
    {
      g_autofree GOptionEntry *fields = field_entries (o);

      g_option_context_add_main_entries (context, fields, GETTEXT_PACKAGE);
    }
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

  o.euc = ld_euc_new ();
  o.names = g_ptr_array_new_with_free_func (g_free);
  add_entries (context, verb, &o);
  if (!ld_admin_verb_parse ("euc", &verb->base, context, &argc, &argv, &argument))
    return LD_ADMIN_EXIT_USAGE;
  if (!ld_admin_open_as (o.store_path, o.as_login, TRUE, &store, &actor, &error))
    return ld_admin_fail (error);
  return verb->run (store, actor, &o, argument);
}

/**
 * ld_admin_euc_main:
 * @argv: argv[0] is "euc", argv[1] the verb
 */
int
ld_admin_euc_main (int    argc,
                   char **argv)
{
  return ld_admin_run_verb ("euc", verbs, sizeof verbs[0], G_N_ELEMENTS (verbs), argc, argv, run_verb);
}
