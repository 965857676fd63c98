/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-case-task"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-case-gate.h"
#include "ld-case-screening.h"
#include "ld-embargo-repo.h"
#include "ld-case-task.h"
#include "ld-documents.h"
#include "ld-euc-repo.h"
#include "ld-licence-repo.h"
#include "ld-list-updater.h"
#include "ld-matcher-cache.h"

/* What one kind of task does in the worker thread. Adding a kind means
 * adding an enum value and a row to kinds[] below. */
typedef struct
{
  const char *name;            /* for messages to developers */
  /* (nullable) the write or read of this kind; NULL when the task only
   * reads the case */
  gboolean  (*act)             (LdStore           *store,
                                LdCaseTaskInput   *in,
                                LdCaseTaskResult  *out,
                                GError           **error);
  gboolean    reads_case;      /* then reads the case as stored, with its history and flags */
  const char *unscreened_note; /* (nullable) what the page says, before the reason, when
                                * screening after this task fails */
} LdCaseTaskKindInfo;

static const LdCaseTaskKindInfo *kind_info (LdCaseTaskKind kind);

LdCaseTaskInput *
ld_case_task_input_new (LdCaseTaskKind kind)
{
  LdCaseTaskInput *input;

  g_return_val_if_fail (kind < LD_CASE_TASK_N_KINDS, NULL);

  input = g_new0 (LdCaseTaskInput, 1);
  input->kind = kind;
  return input;
}

void
ld_case_task_input_free (LdCaseTaskInput *input)
{
  if (input == NULL)
    return;
  ld_actor_free (input->actor);
  g_free (input->id);
  ld_case_free (input->data);
  g_strfreev (input->criteria);
  g_free (input->rationale);
  g_free (input->note);
  g_free (input->hit_id);
  g_free (input->list_dir);
  g_free (input->embargo_id);
  g_free (input->resolution);
  g_free (input->paragraph);
  g_free (input->valid_from);
  g_free (input->valid_until);
  g_strfreev (input->condition_codes);
  g_strfreev (input->conditions);
  for (guint i = 0; i < G_N_ELEMENTS (input->filter); i++)
    g_free (input->filter[i]);
  g_free (input);
}

void
ld_case_task_result_free (LdCaseTaskResult *result)
{
  if (result == NULL)
    return;
  ld_case_record_free (result->record);
  ld_case_record_free (result->other);
  g_free (result->licence_number);
  g_free (result->archive_problem);
  g_clear_pointer (&result->history, g_ptr_array_unref);
  g_strfreev (result->documents);
  g_clear_pointer (&result->rows, g_ptr_array_unref);
  g_free (result->screening_json);
  g_free (result->screening_note);
  g_free (result->screening_run);
  g_clear_pointer (&result->flags, g_ptr_array_unref);
  g_clear_pointer (&result->unmet_approval, g_ptr_array_unref);
  g_clear_pointer (&result->unmet_refusal, g_ptr_array_unref);
  g_clear_pointer (&result->exemptions, g_ptr_array_unref);
  g_free (result);
}

/* A broker suspended, revoked or expired after the case was recorded flags
 * the case wherever it is shown. */
static GPtrArray *
check_brokers (LdStore      *store,
               const LdCase *data)
{
  GPtrArray *flags = g_ptr_array_new_with_free_func (g_free);

  if (!ld_store_begin_read (store, NULL))
    return flags;
  for (guint i = 0; data->parties && i < data->parties->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!ld_case_repo_check_broker (store, g_ptr_array_index (data->parties, i), i + 1, &error))
        g_ptr_array_add (flags, g_strdup (error->message));
    }
  ld_store_rollback (store);
  return flags;
}

/* The case's EUC reference held against the register: an unknown, reused,
 * forged or unverified certificate flags the case like a broker does. */
static void
check_euc (LdStore            *store,
           const LdCaseRecord *record,
           GPtrArray          *flags)
{
  g_autoptr(GPtrArray) euc_flags = ld_euc_repo_case_flags (store, record->data->euc_reference, record->id);

  for (guint i = 0; i < euc_flags->len; i++)
    g_ptr_array_add (flags, g_strdup (g_ptr_array_index (euc_flags, i)));
}

static gboolean
case_needs_screening (LdStore            *store,
                      const LdCaseRecord *record)
{
  gboolean current = FALSE;

  switch (record->status)
    {
    case LD_CASE_STATUS_SUBMITTED:
    case LD_CASE_STATUS_UNDER_ASSESSMENT:
    case LD_CASE_STATUS_INFORMATION_REQUESTED:
      return ld_case_screening_is_current (store, record->id, &current, NULL) && !current;
    default:
      return FALSE;
    }
}

/* After a write, the page shows the case as stored, with its history. */
/* What the decision gate still waits for on the case's current version, for
 * the page to show next to the buttons it disables: the same sentences the
 * gate gives when the act is tried. */
static void
read_unmet (LdStore          *store,
            LdCaseTaskInput  *in,
            LdCaseTaskResult *out)
{
  const LdCaseRecord *r = out->record;
  g_autofree char *list = NULL;
  g_auto(LdCaseGate) gate = { 0 };

  if (r->version != r->current_version || !ld_case_status_is_submitted (r->status) ||
      !ld_case_status_is_open (r->status))
    return;
  list = ld_case_screening_installed_list_sha256 (in->list_dir, NULL);
  if (!ld_case_repo_read_gate (store, r->id, list, &gate, NULL))
    return;
  out->unmet_approval = ld_case_gate_list_unmet (&gate, TRUE);
  out->unmet_refusal = ld_case_gate_list_unmet (&gate, FALSE);
  /* Screened against a list, embargo table or register since replaced:
   * the page offers to screen it again. */
  out->screening_stale = gate.screened && gate.stale != 0;
  out->needs_screening = out->needs_screening || out->screening_stale;
  out->exemptions = ld_case_repo_list_exemptions (store, r->id, NULL);
}

static gboolean
load_details (LdStore           *store,
              LdCaseTaskInput   *in,
              LdCaseTaskResult  *out,
              GError           **error)
{
  const char *id = out->record ? out->record->id : in->id;

  if (out->record == NULL && !(out->record = ld_case_repo_load (store, id, in->version, error)))
    return FALSE;
  if (in->other_version > 0 && !(out->other = ld_case_repo_load (store, id, in->other_version, error)))
    return FALSE;
  out->screening_json = ld_case_screening_to_json (store, out->record->id, NULL);
  out->screening_run = ld_case_screening_describe_last_run (store, out->record->id, NULL);
  out->needs_screening = case_needs_screening (store, out->record);
  out->flags = check_brokers (store, out->record->data);
  check_euc (store, out->record, out->flags);
  read_unmet (store, in, out);
  return (out->history = ld_case_repo_history (store, out->record->id, error)) != NULL &&
         (out->documents = ld_case_repo_documents (store, out->record->id, error)) != NULL;
}

/* Every submitted case is screened at once against the installed list and
 * the embargo table. When that cannot be done the submission stands and the
 * page says so: the officer must not assess an unscreened case. */
static void
screen_case (LdStore          *store,
             LdCaseTaskInput  *in,
             LdCaseTaskResult *out)
{
  g_autoptr(LdListUpdater) updater = ld_list_updater_new (in->list_dir);
  g_autofree char *path = ld_list_updater_get_list_path (updater);
  g_autoptr(LdNameMatcher) matcher = NULL;
  g_autoptr(LdEmbargoTable) embargoes = NULL;
  g_autoptr(GError) error = NULL;

  /* Only kinds whose row says what to tell the page screen a case. */
  g_assert (kind_info (in->kind)->unscreened_note != NULL);
  /* The matcher is kept between submissions (src/screening/ld-matcher-cache.c). */
  if (!(matcher = ld_matcher_cache_get (path, &error)) ||
      !(embargoes = ld_embargo_table_new_from_store (store, &error)) ||
      !ld_case_screening_run (store, in->actor, matcher, embargoes, out->record->id, NULL, &error))
    /* TRANSLATORS: what the page says when a case could not be screened,
     * then the reason */
    out->screening_note = g_strdup_printf (_("%s: %s"), _(kind_info (in->kind)->unscreened_note), error->message);
}

/* The licence's original PDF, stored with it right after issuance; the
 * licence stays issued when that fails, and the page says why. */
static void
archive_issued (LdStore               *store,
                const LdCaseTaskInput *in,
                const LdLicence       *licence,
                LdCaseTaskResult      *out)
{
  g_autofree char *path = ld_signing_key_default_path ();
  g_autoptr(LdSigningKey) key = NULL;
  g_autofree char *attachment = NULL;
  LdDocumentOptions options = { .paper = LD_PAPER_A4 };
  g_autoptr(GError) error = NULL;

  /* Pending its number from the central database: nothing is printed or
   * stored as issued before the number has arrived. */
  if (licence->number_state != LD_LICENCE_NUMBER_FINAL)
    return;
  key = ld_signing_key_load (path, &error);
  if (key != NULL)
    attachment = ld_documents_licence_archive (store, in->actor, licence->number, key, &options, &error);
  if (attachment == NULL)
    out->archive_problem = g_strdup_printf (_("Licence %s is issued, but its PDF could not be stored with it: %s"),
                                            licence->number, error->message);
}

/* ---- what each kind does ---- */

static gboolean
list_cases (LdStore           *store,
            LdCaseTaskInput   *in,
            LdCaseTaskResult  *out,
            GError           **error)
{
  LdCaseFilter filter = { in->filter[0], in->filter[1], in->filter[2], in->filter[3] };

  return (out->rows = ld_case_repo_list (store, &filter, 0, 500, &out->total, error)) != NULL;
}

static gboolean
create_case (LdStore           *store,
             LdCaseTaskInput   *in,
             LdCaseTaskResult  *out,
             GError           **error)
{
  return (out->record = ld_case_repo_create (store, in->actor, in->data, error)) != NULL;
}

/* A workflow step; a submitted case is screened at once. */
static gboolean
take_step (LdStore           *store,
           LdCaseTaskInput   *in,
           LdCaseTaskResult  *out,
           GError           **error)
{
  LdCaseDecision decision = { (const char * const *) in->criteria, in->rationale };
  g_autofree char *list = ld_case_screening_installed_list_sha256 (in->list_dir, NULL);

  if (!(out->record = ld_case_repo_transition_full (store, in->actor, in->id, in->action, &decision, in->note,
                                                    list, error)))
    return FALSE;
  if (in->action == LD_CASE_ACTION_SUBMIT)
    screen_case (store, in, out);
  return TRUE;
}

static gboolean
screen_again (LdStore           *store,
              LdCaseTaskInput   *in,
              LdCaseTaskResult  *out,
              GError           **error)
{
  if (!(out->record = ld_case_repo_load (store, in->id, 0, error)))
    return FALSE;
  screen_case (store, in, out);
  return TRUE;
}

static gboolean
write_exemption (LdStore           *store,
                 LdCaseTaskInput   *in,
                 LdCaseTaskResult  *out,
                 GError           **error)
{
  g_autoptr(LdCaseExemption) e = ld_case_repo_write_exemption (store, in->actor, in->id, in->embargo_id,
                                                               in->resolution, in->paragraph, NULL, error);

  return e != NULL;
}

static gboolean
confirm_exemption (LdStore           *store,
                   LdCaseTaskInput   *in,
                   LdCaseTaskResult  *out,
                   GError           **error)
{
  g_autoptr(LdCaseExemption) e = ld_case_repo_confirm_exemption (store, in->actor, in->id, in->embargo_id, error);

  return e != NULL;
}

static gboolean
review_hit (LdStore           *store,
            LdCaseTaskInput   *in,
            LdCaseTaskResult  *out,
            GError           **error)
{
  return ld_case_screening_review (store, in->actor, in->hit_id, in->true_match, in->note, error);
}

static gboolean
issue_licence (LdStore           *store,
               LdCaseTaskInput   *in,
               LdCaseTaskResult  *out,
               GError           **error)
{
  g_autofree char *list = ld_case_screening_installed_list_sha256 (in->list_dir, NULL);
  LdLicenceTerms terms = { in->valid_from, in->valid_until, (const char * const *) in->condition_codes,
                           (const char * const *) in->conditions };
  g_autoptr(LdLicence) licence = ld_licence_repo_issue (store, in->actor, in->id, &terms, list, error);

  if (licence == NULL)
    return FALSE;
  archive_issued (store, in, licence, out);
  return TRUE;
}

static const LdCaseTaskKindInfo kinds[LD_CASE_TASK_N_KINDS] = {
  [LD_CASE_TASK_LOAD]              = { "load", NULL, TRUE, NULL },
  [LD_CASE_TASK_CREATE]            = { "create", create_case, TRUE, NULL },
  [LD_CASE_TASK_STEP]              = { "step", take_step, TRUE, N_("Submitted but NOT screened") },
  [LD_CASE_TASK_LIST]              = { "list", list_cases, FALSE, NULL },
  [LD_CASE_TASK_REVIEW_HIT]        = { "review-hit", review_hit, TRUE, NULL },
  [LD_CASE_TASK_SCREEN]            = { "screen", screen_again, TRUE, N_("The case could NOT be screened") },
  [LD_CASE_TASK_WRITE_EXEMPTION]   = { "write-exemption", write_exemption, TRUE, NULL },
  [LD_CASE_TASK_CONFIRM_EXEMPTION] = { "confirm-exemption", confirm_exemption, TRUE, NULL },
  [LD_CASE_TASK_ISSUE_LICENCE]     = { "issue-licence", issue_licence, TRUE, NULL },
};

static const LdCaseTaskKindInfo *
kind_info (LdCaseTaskKind kind)
{
  g_assert (kind < G_N_ELEMENTS (kinds));
  /* A kind added to the enum without its row is a programming error. */
  g_assert (kinds[kind].name != NULL);

  return &kinds[kind];
}

static gboolean
run (LdStore           *store,
     LdCaseTaskInput   *in,
     LdCaseTaskResult  *out,
     GError           **error)
{
  const LdCaseTaskKindInfo *info = kind_info (in->kind);

  g_debug ("Running a %s task", info->name);
  if (info->act != NULL && !info->act (store, in, out, error))
    return FALSE;
  if (!info->reads_case)
    return TRUE;
  if (!load_details (store, in, out, error))
    return FALSE;
  if (out->record != NULL)
    {
      GError *local = NULL;

      /* The case page says which licence an approved case became. */
      out->licence_number = ld_licence_repo_find_for_case (store, out->record->id, &local);
      g_clear_error (&local);
      if (out->licence_number != NULL)
        {
          g_autoptr(LdLicence) licence = ld_licence_repo_load (store, out->licence_number, NULL);

          out->licence_pending = licence && licence->number_state == LD_LICENCE_NUMBER_PENDING;
        }
    }
  return TRUE;
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  g_autoptr(LdCaseTaskResult) out = g_new0 (LdCaseTaskResult, 1);
  GError *error = NULL;

  if (!run (LD_STORE (source_object), task_data, out, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&out), (GDestroyNotify) ld_case_task_result_free);
}

/**
 * ld_case_task_run_async:
 * @input: (transfer full): what to do
 */
void
ld_case_task_run_async (LdStore             *store,
                        LdCaseTaskInput     *input,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (store, cancellable, callback, user_data);

  g_task_set_source_tag (task, ld_case_task_run_async);
  g_task_set_task_data (task, input, (GDestroyNotify) ld_case_task_input_free);
  g_task_run_in_thread (task, run_in_thread);
}

LdCaseTaskResult *
ld_case_task_run_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
