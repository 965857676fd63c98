/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-admin-demo"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-admin.h"
#include "ld-case-screening.h"
#include "ld-checklist-indicators.h"
#include "ld-demo.h"
#include "ld-embargo-repo.h"
#include "ld-euc-consent-repo.h"
#include "ld-euc-consent-screening.h"
#include "ld-list-updater.h"
#include "ld-user-repo.h"

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

typedef struct
{
  gboolean        tried;
  LdNameMatcher  *matcher;
  LdEmbargoTable *embargoes;
} DemoScreener;

static void
demo_screener_clear (DemoScreener *screener)
{
  g_clear_object (&screener->matcher);
  g_clear_object (&screener->embargoes);
}

/* The list is read once, on the first showcase case. Without an installed
 * list the showcases stay unscreened and stop before a recommendation, as a
 * real case would; the officer is told why. */
static gboolean
demo_screener_load (DemoScreener *screener,
                    LdStore      *store)
{
  g_autoptr(LdListUpdater) updater = ld_list_updater_new (NULL);
  g_autofree char *path = ld_list_updater_get_list_path (updater);
  g_autoptr(LdSanctionsList) list = NULL;
  g_autoptr(GError) error = NULL;

  screener->tried = TRUE;
  if (!(list = ld_sanctions_list_new_from_file (path, &error)) ||
      !(screener->embargoes = ld_embargo_table_new_from_store (store, &error)))
    {
      g_printerr (_("licence-desk-admin: the example cases are not screened, so none is taken to a decision: %s\n"),
                  error->message);
      return FALSE;
    }
  screener->matcher = ld_name_matcher_new (list);
  return TRUE;
}

/* The answer that says "no risk here" for a question the record left open. */
static LdChecklistAnswer
clean_answer (const LdChecklistQuestion *q)
{
  static const LdChecklistAnswer order[] = { LD_CHECKLIST_ANSWER_NO, LD_CHECKLIST_ANSWER_NOT_APPLICABLE };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if ((q->answers & (1u << order[i])) && !ld_checklist_is_risk (q, order[i]))
      return order[i];
  return LD_CHECKLIST_ANSWER_UNKNOWN;
}

/* The showcase's officer fills in the diversion-risk assessment as a real
 * one would for a clean case: the record answers what its indicators found,
 * every other question is answered "no risk found", so that the showcases
 * can be taken to a decision through the gate. */
static gboolean
assess_showcase (LdStore       *store,
                 const LdActor *actor,
                 const char    *case_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdChecklistAssessment) a = ld_checklist_refresh (store, actor, case_id, NULL, NULL, &error);
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_checklist_response_free);
  g_autoptr(LdChecklistAssessment) done = NULL;

  for (guint i = 0; a && i < a->template_->questions->len; i++)
    {
      const LdChecklistQuestion *q = g_ptr_array_index (a->template_->questions, i);

      if (!g_hash_table_contains (a->responses, q->id))
        g_ptr_array_add (answers, ld_checklist_response_new (q->id, clean_answer (q),
                                                             _("Demonstration record: the sources in the guidance "
                                                               "were checked and showed nothing.")));
    }
  if (a == NULL || !(done = ld_checklist_repo_save (store, actor, case_id, NULL, answers, &error)))
    {
      g_printerr (_("licence-desk-admin: an example case's diversion-risk assessment could not be made: %s\n"),
                  error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
screen_showcase (LdStore       *store,
                 const LdActor *actor,
                 const char    *case_id,
                 gpointer       user_data)
{
  DemoScreener *screener = user_data;
  g_autoptr(GError) error = NULL;

  if (!screener->tried && !demo_screener_load (screener, store))
    return FALSE;
  if (screener->matcher == NULL)
    return FALSE;
  if (!ld_case_screening_run (store, actor, screener->matcher, screener->embargoes, case_id, NULL, &error))
    {
      g_printerr (_("licence-desk-admin: an example case could not be screened: %s\n"), error->message);
      return FALSE;
    }
  return assess_showcase (store, actor, case_id);
}

/* The first request to re-export, to a police force of the region, is
 * granted by a senior officer who did not record it, through the gate. */
static gboolean
grant_clean_request (LdStore    *store,
                     JsonObject *request,
                     GError    **error)
{
  g_autoptr(LdActor) senior = ld_user_repo_find (store, "demo.senior2", NULL);
  g_autofree char *list = ld_case_screening_installed_list_sha256 (NULL, NULL);
  g_autoptr(LdEucRecord) r = NULL;

  if (senior == NULL || g_strcmp0 (json_object_get_string_member (request, "new_destination"), "TG") != 0)
    return TRUE;
  r = ld_euc_repo_decide_consent (store, senior, json_object_get_string_member (request, "certificate"),
                                  json_object_get_int_member (request, "seq"), LD_EUC_CONSENT_GRANTED,
                                  _("A police force of the region, for training; the same undertakings apply."),
                                  list, error);
  return r != NULL;
}

/* The showcase's re-export consent requests (src/store/ld-demo.c) are
 * screened as a desk screens them once recorded, and the clean first one is
 * decided, so a new user finds one decided, one ready to decide and one with
 * an embargo hit to judge. Without an installed list they stay unscreened. */
static gboolean
screen_showcase_consents (LdStore       *store,
                          DemoScreener  *screener,
                          GError       **error)
{
  g_autoptr(LdActor) officer = ld_user_repo_find (store, "demo.officer", NULL);
  g_autoptr(JsonNode) pending = NULL;
  JsonArray *requests;

  if (officer == NULL || (!screener->tried && !demo_screener_load (screener, store)) || screener->matcher == NULL)
    return TRUE;
  if (!(pending = ld_euc_repo_pending_consents (store, error)))
    return FALSE;
  requests = json_node_get_array (pending);
  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);

      if (!ld_euc_consent_screening_run (store, officer, screener->matcher, screener->embargoes,
                                         json_object_get_string_member (request, "certificate"),
                                         json_object_get_int_member (request, "seq"), NULL, error) ||
          !grant_clean_request (store, request, error))
        return FALSE;
    }
  return TRUE;
}

int
ld_admin_demo_main (int    argc,
                    char **argv)
{
  g_autofree char *store_path = NULL;
  gint64 scale = 1000;
  gint64 serials = 0;
  gint64 added = 0;
  int seed = 20261122;
  gboolean quiet = FALSE;
  gboolean create = FALSE;
  GOptionEntry entries[] = {
    { "store", 's', 0, G_OPTION_ARG_FILENAME, &store_path, N_("The store file (default: the desk's own)"), N_("PATH") },
    { "create", 0, 0, G_OPTION_ARG_NONE, &create, N_("Make a new store when there is none at the path"), NULL },
    { "scale", 'n', 0, G_OPTION_ARG_INT64, &scale, N_("How many records to generate (default 1000)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, N_("Random seed, to repeat a run"), N_("SEED") },
    { "serials", 0, 0, G_OPTION_ARG_INT64, &serials,
      N_("Then give the generated licences this many serial numbers in all, e.g. 5000000 (default 0)"), N_("N") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Do not print progress"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(LdStore) store = NULL;
  g_autoptr(LdActor) admin = NULL;
  DemoScreener screener = { FALSE, NULL, NULL };
  gboolean ok;
  GError *error = NULL;

  g_option_context_set_summary (context, _("Fill a store with generated brokers, applications, end-use certificates "
                                           "and licences, in several scripts, through the audited write path. "
                                           "Creates demo profiles for every role (demo.admin, demo.clerk, "
                                           "demo.officer, demo.senior, …) in a store that has none. "
                                           "A new store is made only with --create."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ld_admin_parse (context, &argc, &argv))
    return LD_ADMIN_EXIT_USAGE;
  if (scale < 0 || scale > G_GINT64_CONSTANT (100000000))
    {
      g_printerr (_("licence-desk-admin: --scale must be between 0 and 100000000 (got %lld).\n"), (long long) scale);
      return LD_ADMIN_EXIT_USAGE;
    }
  if (serials < 0 || serials > G_GINT64_CONSTANT (100000000))
    {
      g_printerr (_("licence-desk-admin: --serials must be between 0 and 100000000 (got %lld).\n"),
                  (long long) serials);
      return LD_ADMIN_EXIT_USAGE;
    }

  ok = (store = ld_admin_open_store (store_path, create ? LD_STORE_OPEN_CREATE : LD_STORE_OPEN_DEFAULT, &error)) &&
       (admin = ld_demo_ensure_profiles (store, &error)) &&
       ld_demo_generate_full (store, admin, scale, (guint32) seed, screen_showcase, &screener,
                              report_progress, GINT_TO_POINTER (quiet), NULL, &error) &&
       screen_showcase_consents (store, &screener, &error) &&
       (serials == 0 || ld_demo_add_serials (store, admin, serials, &added, report_progress, GINT_TO_POINTER (quiet),
                                             NULL, &error));
  demo_screener_clear (&screener);
  if (!ok)
    return ld_admin_fail (error);

  g_print (_("Added %lld records to %s.\n"), (long long) scale, ld_store_get_path (store));
  if (serials > 0)
    g_print (_("Gave the generated licences %lld serial numbers%s.\n"), (long long) added,
             added < serials ? _(" (all their quantities: generate more records for more)") : "");
  return LD_ADMIN_EXIT_OK;
}
