/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-euc-window"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "ld-attachments.h"
#include "ld-case-screening.h"
#include "ld-embargo-repo.h"
#include "ld-euc-authorities-window.h"
#include "ld-euc-consent-repo.h"
#include "ld-euc-consent-form.h"
#include "ld-euc-consent-screening.h"
#include "ld-euc-decide-form.h"
#include "ld-euc-dvc-form.h"
#include "ld-euc-info-row.h"
#include "ld-euc-record-page.h"
#include "ld-euc-screening-group.h"
#include "ld-list-updater.h"
#include "ld-matcher-cache.h"
#include "ld-euc-repo.h"
#include "ld-euc-window.h"
#include "ld-scan-render.h"
#include "ld-ui.h"
#include "ld-validate.h"

/* One end-use certificate: every field, the verification history, the
 * application it covers and any attempt to reuse it, with the form to record
 * a verification; or, opened without a certificate, the form to register
 * one. Every read and write runs in a GTask thread; a form keeps what was
 * typed, and a refusal is shown next to the field at fault. */

typedef enum
{
  JOB_LOAD,
  JOB_REGISTER,
  JOB_VERIFY,
  JOB_LINK,
  JOB_ATTACH,
  JOB_DVC,
  JOB_CONSENT_REQUEST,
  JOB_CONSENT_DECIDE,
  JOB_CONSENT_SCREEN,
  JOB_CONSENT_REVIEW,
} JobKind;

typedef struct
{
  JobKind       kind;
  LdStore      *store;
  LdActor      *actor;
  char         *euc_id;
  LdEuc        *euc;
  LdEucStatus   status;
  char         *method;
  char         *verified_on;
  char         *application;
  char         *reason;
  char         *path;         /* attach, dvc: the scan's file */
  char         *expected_by;  /* dvc */
  char         *received_on;
  LdEucConsentRequest request;   /* consent request */
  gint64        seq;             /* consent decision, screening */
  LdEucConsentStatus decision;
  char         *hit_id;          /* consent hit verdict */
  gboolean      true_match;
  char         *note;            /* out: a request recorded but not screened */
  const char   *field;        /* out: the field at fault */
  GdkTexture   *scan;         /* out: the first image scan, decoded in the thread */
} Job;

struct _LdEucWindow
{
  AdwWindow         parent_instance;

  LdStore          *store;
  LdActor          *actor;
  char             *euc_id;
  gboolean          busy;

  AdwToastOverlay  *toasts;
  AdwWindowTitle   *title;
  GtkStack         *stack;
  GHashTable       *fields;      /* key -> AdwEntryRow (the registration and verification forms) */
  GHashTable       *messages;    /* key -> GtkLabel */
  GHashTable       *flags;       /* key -> GtkCheckButton */
  AdwComboRow      *status_row;
  GtkPaned         *record_paned;
  GtkWidget        *scan_side;
  GtkPicture       *scan_picture;
  LdEucRecord      *record;
  GdkTexture       *scan;
  char             *refusal;     /* shown under the application field once the page is rebuilt */
  GFile            *draft_file;  /* where a new registration's typing is kept until registered */
  guint             draft_source;
  gboolean          restoring;
};

G_DEFINE_FINAL_TYPE (LdEucWindow, ld_euc_window, ADW_TYPE_WINDOW)

static const char *record_form_keys[] = {
  "method", "verified_on", "application", "reason", "dvc_expected_by", "dvc_received_on", "consent_received_on",
  "consent_requested_by", "consent_new_end_user", "consent_new_destination", "consent_items", "consent_quantity",
  "consent_purpose", "consent_request", "decision_reason",
};

/* ---- jobs ---- */

static void
job_free (Job *job)
{
  g_clear_object (&job->store);
  ld_actor_free (job->actor);
  g_free (job->euc_id);
  ld_euc_free (job->euc);
  g_free (job->method);
  g_free (job->verified_on);
  g_free (job->application);
  g_free (job->reason);
  g_free (job->path);
  g_free (job->expected_by);
  g_free (job->received_on);
  ld_euc_consent_request_clear (&job->request);
  g_free (job->hit_id);
  g_free (job->note);
  g_clear_object (&job->scan);
  g_free (job);
}

static Job *
job_new (LdEucWindow *self,
         JobKind      kind)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->store = g_object_ref (self->store);
  job->actor = self->actor ? ld_actor_copy (self->actor) : NULL;
  job->euc_id = g_strdup (self->euc_id);
  return job;
}

/* The first scan that can be shown, beside the typed fields: an image, or
 * a PDF's first page rendered (in the job's thread). */
static GdkTexture *
load_scan (LdStore           *store,
           const LdEucRecord *r)
{
  for (guint i = 0; i < r->scans->len; i++)
    {
      const LdEucScan *s = g_ptr_array_index (r->scans, i);
      GdkTexture *texture = ld_scan_render_attachment (store, s->id, s->media_type, NULL);

      if (texture)
        return texture;
    }
  return NULL;
}

static LdEucRecord *
record_dvc (Job     *job,
            GError **error)
{
  g_autoptr(GFile) file = job->path ? g_file_new_for_path (job->path) : NULL;

  job->field = job->received_on && job->received_on[0] ? "dvc_received_on" : "dvc_expected_by";
  return ld_euc_repo_record_dvc (job->store, job->actor, job->euc_id, job->expected_by, job->received_on, file,
                                 error);
}

/* The consent form's keys are the request's with a prefix: "quantity" is the registration form's. */
static LdEucRecord *
request_consent (Job     *job,
                 GError **error)
{
  const char *field = NULL;
  LdEucRecord *r = ld_euc_repo_request_consent (job->store, job->actor, job->euc_id, &job->request, &field, error);

  if (field)
    {
      g_autofree char *key = g_strconcat ("consent_", field, NULL);

      job->field = g_intern_string (key);
    }
  return r;
}

/* Against the list installed on this desk, as a case is screened; the
 * matcher is kept between screenings (ld-matcher-cache.c). */
static gboolean
screen_consent (Job         *job,
                const char  *euc_id,
                gint64       seq,
                GError     **error)
{
  g_autoptr(LdListUpdater) updater = ld_list_updater_new (NULL);
  g_autofree char *path = ld_list_updater_get_list_path (updater);
  g_autoptr(LdNameMatcher) matcher = NULL;
  g_autoptr(LdEmbargoTable) embargoes = NULL;

  return (matcher = ld_matcher_cache_get (path, error)) != NULL &&
         (embargoes = ld_embargo_table_new_from_store (job->store, error)) != NULL &&
         ld_euc_consent_screening_run (job->store, job->actor, matcher, embargoes, euc_id, seq, NULL, error);
}

/* A request is screened as soon as it is recorded, as a submitted case is;
 * when that cannot be done the request stands and the window says so. */
static LdEucRecord *
request_and_screen (Job     *job,
                    GError **error)
{
  LdEucRecord *r = request_consent (job, error);
  g_autoptr(GError) local = NULL;
  const LdEucConsent *c;

  if (r == NULL)
    return NULL;
  c = g_ptr_array_index (r->consents, r->consents->len - 1);
  if (!screen_consent (job, r->id, c->seq, &local))
    job->note = g_strdup_printf (_("Request recorded but NOT screened: %s"), local->message);
  return r;
}

static LdEucRecord *
screen_or_review (Job     *job,
                  GError **error)
{
  gboolean done;

  if (job->kind == JOB_CONSENT_SCREEN)
    done = screen_consent (job, job->euc_id, job->seq, error);
  else
    {
      g_autofree char *key = g_strdup_printf ("consent_hit_reason_%" G_GINT64_FORMAT, job->seq);

      job->field = g_intern_string (key);
      done = ld_euc_consent_screening_review (job->store, job->actor, job->hit_id, job->true_match, job->reason,
                                              error);
    }
  return done ? ld_euc_repo_get (job->store, job->euc_id, error) : NULL;
}

/* What the window shows beside the record, read off the UI thread: the
 * findings, and each consent request's screening and what its decision
 * still waits for. */
static gboolean
add_details (Job          *job,
             LdEucRecord  *r,
             GError      **error)
{
  g_autofree char *list = ld_case_screening_installed_list_sha256 (NULL, NULL);

  return ld_euc_repo_add_findings (job->store, r, error) &&
         ld_euc_repo_add_consent_screening (job->store, r, list, error);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  LdEucRecord *r = NULL;

  switch (job->kind)
    {
    case JOB_LOAD:
      r = ld_euc_repo_get (job->store, job->euc_id, &error);
      break;
    case JOB_REGISTER:
      r = ld_euc_repo_register (job->store, job->actor, job->euc, &job->field, &error);
      break;
    case JOB_VERIFY:
      r = ld_euc_repo_verify (job->store, job->actor, job->euc_id, job->status, job->method, job->verified_on,
                              &job->field, &error);
      break;
    case JOB_LINK:
      job->field = "application";
      r = ld_euc_repo_link (job->store, job->actor, job->euc_id, job->application, job->reason, &error);
      break;
    case JOB_DVC:
      r = record_dvc (job, &error);
      break;
    case JOB_CONSENT_REQUEST:
      r = request_and_screen (job, &error);
      break;
    case JOB_CONSENT_DECIDE:
      {
        g_autofree char *list = ld_case_screening_installed_list_sha256 (NULL, NULL);

        job->field = "decision_reason";
        r = ld_euc_repo_decide_consent (job->store, job->actor, job->euc_id, job->seq, job->decision, job->reason,
                                        list, &error);
      }
      break;
    case JOB_CONSENT_SCREEN:
    case JOB_CONSENT_REVIEW:
      r = screen_or_review (job, &error);
      break;
    case JOB_ATTACH:
      {
        g_autoptr(GFile) file = g_file_new_for_path (job->path);

        r = ld_euc_repo_attach_scan (job->store, job->actor, job->euc_id, file, &error);
      }
      break;
    default:
      g_assert_not_reached ();
    }
  if (r)
    job->scan = load_scan (job->store, r);
  /* The findings are worked out here too, off the UI thread. */
  if (r && !add_details (job, r, &error))
    g_clear_pointer (&r, ld_euc_record_free);
  if (r)
    g_task_return_pointer (task, r, (GDestroyNotify) ld_euc_record_free);
  else
    g_task_return_error (task, error);
}

/* ---- field messages ---- */

static void
show_field_message (LdEucWindow *self,
                    const char  *key,
                    const char  *message)
{
  GtkLabel *label = g_hash_table_lookup (self->messages, key);
  GtkWidget *row = g_hash_table_lookup (self->fields, key);

  if (label == NULL || row == NULL)
    return;
  gtk_label_set_text (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  if (message)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  message ? message : "", -1);
}

static void
clear_messages (LdEucWindow *self)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->messages);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    show_field_message (self, key, NULL);
}

/* ---- the typed form survives closing the window or a crash ---- */

static GFile *
draft_file_for (LdStore *store)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, ld_store_get_path (store), -1);
  g_autofree char *name = g_strdup_printf ("euc-draft-%.16s.ini", hash);
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "licence-desk", name, NULL);

  return g_file_new_for_path (path);
}

static void
draft_written_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    g_warning ("Could not keep the typed certificate form: %s", error->message);
}

/* The keys of the registration form: the certificate's fields and quantity. */
static void
form_keys (GPtrArray *keys)
{
  guint n_texts;
  const LdEucText *texts = ld_euc_get_texts (&n_texts);

  for (guint i = 0; i < n_texts; i++)
    g_ptr_array_add (keys, (gpointer) texts[i].key);
  g_ptr_array_add (keys, (gpointer) "quantity");
}

static gboolean
write_draft_cb (gpointer data)
{
  LdEucWindow *self = data;
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GFile) parent = g_file_get_parent (self->draft_file);
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key, check;
  char *text;
  gsize length;

  self->draft_source = 0;
  form_keys (keys);
  for (guint i = 0; i < keys->len; i++)
    g_key_file_set_string (file, "form", g_ptr_array_index (keys, i),
                           gtk_editable_get_text (g_hash_table_lookup (self->fields, g_ptr_array_index (keys, i))));
  g_hash_table_iter_init (&iter, self->flags);
  while (g_hash_table_iter_next (&iter, &key, &check))
    g_key_file_set_boolean (file, "form", key, gtk_check_button_get_active (check));
  text = g_key_file_to_data (file, &length, NULL);
  g_file_make_directory_with_parents (parent, NULL, NULL);
  g_file_replace_contents_bytes_async (self->draft_file, g_bytes_new_take (text, length), NULL, FALSE,
                                       G_FILE_CREATE_PRIVATE, NULL, draft_written_cb, NULL);
  return G_SOURCE_REMOVE;
}

static void
form_changed_cb (LdEucWindow *self)
{
  if (self->draft_file == NULL || self->restoring)
    return;
  g_clear_handle_id (&self->draft_source, g_source_remove);
  self->draft_source = g_timeout_add (300, write_draft_cb, self);
}

static void
draft_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(LdEucWindow) self = user_data;
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autofree char *text = NULL;
  GHashTableIter iter;
  gpointer key, check;
  gsize length;

  if (!g_file_load_contents_finish (G_FILE (source), result, &text, &length, NULL, NULL) ||
      self->fields == NULL || self->draft_file == NULL ||
      !g_key_file_load_from_data (file, text, length, G_KEY_FILE_NONE, NULL))
    return;
  /* Never over what the officer has already started typing in this window. */
  if (gtk_editable_get_text (g_hash_table_lookup (self->fields, "certificate_number"))[0] != '\0')
    return;
  self->restoring = TRUE;
  form_keys (keys);
  for (guint i = 0; i < keys->len; i++)
    {
      g_autofree char *value = g_key_file_get_string (file, "form", g_ptr_array_index (keys, i), NULL);

      if (value)
        gtk_editable_set_text (g_hash_table_lookup (self->fields, g_ptr_array_index (keys, i)), value);
    }
  g_hash_table_iter_init (&iter, self->flags);
  while (g_hash_table_iter_next (&iter, &key, &check))
    gtk_check_button_set_active (check, g_key_file_get_boolean (file, "form", key, NULL));
  self->restoring = FALSE;
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("The form you were typing has been restored.")));
}

static void
forget_draft (LdEucWindow *self)
{
  if (self->draft_file == NULL)
    return;
  g_clear_handle_id (&self->draft_source, g_source_remove);
  g_file_delete (self->draft_file, NULL, NULL);
  g_clear_object (&self->draft_file);
}

/* ---- building ---- */

static GtkWidget *
add_info (AdwPreferencesGroup *group,
          const char          *title,
          const char          *value)
{
  GtkWidget *row = ld_euc_info_row_new (title, value);

  adw_preferences_group_add (group, row);
  return row;
}

static char *
today_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static const char *
history_line (const LdEucVerification *v,
              char                   **out_text)
{
  LdEucStatus status = LD_EUC_UNVERIFIED;

  ld_euc_status_from_string (v->status, &status);
  *out_text = g_strdup_printf (_("%s: %s (recorded by %s)"), v->verified_on, ld_euc_status_title (status),
                               v->recorded_by_login ? v->recorded_by_login : "?");
  return *out_text;
}

static void
build_verification (LdEucWindow         *self,
                    LdEucRecordPage *page,
                    const LdEucRecord   *r)
{
  AdwPreferencesGroup *group = ld_euc_record_page_get_group (page, LD_EUC_RECORD_VERIFICATION);

  add_info (group, _("Status"), ld_euc_status_title (r->status));
  for (guint i = 0; i < r->verifications->len; i++)
    {
      g_autofree char *text = NULL;
      const LdEucVerification *v = g_ptr_array_index (r->verifications, i);

      add_info (group, history_line (v, &text), v->method);
    }
  if (r->verifications->len == 0)
    add_info (group, _("History"), _("Not verified yet"));
}

static void register_named_fields (LdEucWindow *self,
                                  GtkWidget   *widget);

/* The form is in the page's template, hidden: shown, and its fields known,
 * to a profile that may assess. */
static void
build_verify_form (LdEucWindow       *self,
                   LdEucRecordPage   *page,
                   const LdEucRecord *r)
{
  AdwPreferencesGroup *group = ld_euc_record_page_get_group (page, LD_EUC_RECORD_VERIFY_FORM);
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  g_autofree char *today = today_text ();

  if (r->voided_at || self->actor == NULL ||
      !ld_actor_require (self->actor, LD_PERMISSION_ASSESS_APPLICATIONS, NULL))
    return;

  for (guint i = 0; i < LD_EUC_N_STATUSES; i++)
    gtk_string_list_append (statuses, ld_euc_status_title (i));
  self->status_row = ld_euc_record_page_get_status_row (page);
  adw_combo_row_set_model (self->status_row, G_LIST_MODEL (statuses));
  adw_combo_row_set_selected (self->status_row, LD_EUC_CONFIRMED);
  gtk_widget_set_visible (GTK_WIDGET (group), TRUE);
  register_named_fields (self, GTK_WIDGET (group));
  gtk_editable_set_text (g_hash_table_lookup (self->fields, "verified_on"), today);
}

/* Shown to a profile that may edit applications. */
static void
build_link_form (LdEucWindow       *self,
                 LdEucRecordPage   *page,
                 const LdEucRecord *r)
{
  AdwPreferencesGroup *group = ld_euc_record_page_get_group (page, LD_EUC_RECORD_LINK_FORM);

  if (r->voided_at || self->actor == NULL || !ld_actor_require (self->actor, LD_PERMISSION_EDIT_APPLICATIONS, NULL))
    return;
  gtk_widget_set_visible (GTK_WIDGET (group), TRUE);
  register_named_fields (self, GTK_WIDGET (group));
}

static void
build_links (LdEucWindow        *self,
             LdEucRecordPage *page,
             const LdEucRecord  *r)
{
  AdwPreferencesGroup *group = ld_euc_record_page_get_group (page, LD_EUC_RECORD_APPLICATION);
  const char *linked = ld_euc_record_linked_application (r);
  GtkWidget *covers;

  covers = add_info (group, _("Covers application"), linked ? linked : _("Not linked to an application"));
  if (linked)
    adw_action_row_add_suffix (ADW_ACTION_ROW (covers), ld_ui_open_case_button (GTK_WINDOW (self), linked));
  for (guint i = 0; i < r->links->len; i++)
    {
      const LdEucLink *l = g_ptr_array_index (r->links, i);

      g_autofree char *title = g_strdup_printf (_("Also covers %s"), l->application_reference);

      if (l->override_reason && l->voided_at == NULL)
        add_info (group, title, l->override_reason);
    }
  for (guint i = 0; i < r->reuse_attempts->len; i++)
    {
      const LdEucReuseAttempt *a = g_ptr_array_index (r->reuse_attempts, i);
      g_autofree char *title = g_strdup_printf (g_str_equal (a->outcome, "refused")
                                                  ? _("Reuse refused: application %s")
                                                  : _("Reuse allowed: application %s"), a->application_reference);
      g_autofree char *subtitle = g_strdup_printf (_("%.10s by %s%s%s"), a->attempted_at, a->attempted_by_login,
                                                   a->reason ? " — " : "", a->reason ? a->reason : "");

      GtkWidget *row = add_info (group, title, subtitle);

      /* A reuse attempt is a diversion indicator: flagged, not only listed. */
      gtk_widget_add_css_class (row, "warning");
      ld_euc_info_row_flag (LD_EUC_INFO_ROW (row));
    }
}

static gboolean
may (LdEucWindow       *self,
     const LdEucRecord *r,
     LdPermission       permission)
{
  return !r->voided_at && self->actor && ld_actor_require (self->actor, permission, NULL);
}

/* The fields of a form made from a template (ui/ld-euc-*-form.ui) are its
 * entry rows, named after their keys, each with the label named
 * "<key>-message" under it; a hidden one is not offered. */
static void
register_named_fields (LdEucWindow *self,
                       GtkWidget   *widget)
{
  const char *name = gtk_widget_get_name (widget);

  if (ADW_IS_ENTRY_ROW (widget) && gtk_widget_get_visible (widget))
    g_hash_table_insert (self->fields, g_strdup (name), widget);
  else if (GTK_IS_LABEL (widget) && g_str_has_suffix (name, "-message"))
    g_hash_table_insert (self->messages, g_strndup (name, strlen (name) - strlen ("-message")), widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    register_named_fields (self, child);
}

static void
add_form (LdEucWindow        *self,
          LdEucRecordPage *page,
          GtkWidget          *form)
{
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (form));
  register_named_fields (self, form);
}

/* After shipment: the delivery verification certificate, expected by a day,
 * received with its scan, or overdue. */
static void
build_dvc (LdEucWindow         *self,
           LdEucRecordPage *page,
           const LdEucRecord   *r)
{
  LdEucDvcForm *form = ld_euc_record_page_get_dvc (page);
  g_autofree char *today = today_text ();
  gboolean overdue = FALSE;
  g_autofree char *summary = ld_euc_repo_dvc_summary (r, today, &overdue);

  ld_euc_dvc_form_show (form, summary, overdue, r->dvc_expected_by, may (self, r, LD_PERMISSION_EDIT_APPLICATIONS));
  register_named_fields (self, GTK_WIDGET (form));
}

static void
add_consent_row (AdwPreferencesGroup *group,
                 const LdEucConsent  *c)
{
  g_autofree char *title = g_strdup_printf (_("Request %" G_GINT64_FORMAT ": to %s in %s — %s"), c->seq,
                                            c->request.new_end_user, c->request.new_destination,
                                            ld_euc_consent_status_title (c->status));
  g_autofree char *decided = c->status != LD_EUC_CONSENT_PENDING
                               ? g_strdup_printf (_("; decided %.10s by %s: %s"), c->decided_at, c->decided_by_login,
                                                  c->decision_reason)
                               : g_strdup ("");
  g_autofree char *subtitle = g_strdup_printf (_("Received %s from %s; %s (recorded by %s)%s"),
                                               c->request.received_on, c->request.requested_by, c->request.purpose,
                                               c->recorded_by_login, decided);
  GtkWidget *row = add_info (group, title, subtitle);

  if (c->status == LD_EUC_CONSENT_PENDING)
    ld_euc_info_row_flag (LD_EUC_INFO_ROW (row));
}

static const char *
hit_kind_title (const char *kind)
{
  if (g_strcmp0 (kind, "sanctions") == 0)
    return _("UN sanctions list");
  if (g_strcmp0 (kind, "denial") == 0)
    return _("National denial register");
  return _("Arms embargo");
}

static const char *
hit_status_title (const char *status)
{
  if (g_strcmp0 (status, "open") == 0)
    return _("open: judge it");
  if (g_strcmp0 (status, "true_match") == 0)
    return _("confirmed as a true match");
  if (g_strcmp0 (status, "false_match") == 0)
    return _("cleared as a false match");
  return _("logged, below the review band");
}

static void
add_hit_row (LdEucWindow           *self,
             AdwPreferencesGroup   *group,
             const LdEucConsentHit *h,
             gboolean               may_judge)
{
  g_autofree char *title = g_strdup_printf (_("%s: “%s” (%s) — %s"), hit_kind_title (h->kind), h->party_name,
                                            h->entry_ref, hit_status_title (h->status));
  g_autofree char *subtitle = h->review_reason
                                ? g_strdup_printf (_("%s. Verdict by %s: %s"), h->reason, h->reviewed_by,
                                                   h->review_reason)
                                : g_strdup (h->reason);
  GtkWidget *row = add_info (group, title, subtitle);

  if (g_strcmp0 (h->status, "open") != 0)
    return;
  /* An open hit holds the decision back: flagged, with its verdict at hand. */
  gtk_widget_add_css_class (row, "warning");
  if (may_judge)
    ld_euc_info_row_offer_verdicts (LD_EUC_INFO_ROW (row), h->id);
}

/* A pending request's screening (ui/ld-euc-screening-group.ui), judged hit
 * by hit as a case's is. */
static void
build_consent_screening (LdEucWindow        *self,
                         LdEucRecordPage    *page,
                         const LdEucRecord  *r,
                         const LdEucConsent *c)
{
  g_autofree char *key = g_strdup_printf ("consent_hit_reason_%" G_GINT64_FORMAT, c->seq);
  GtkWidget *screening = ld_euc_screening_group_new (c->seq, c->screened);
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (screening);
  gboolean may_judge = may (self, r, LD_PERMISSION_ASSESS_APPLICATIONS);
  guint n_open = 0;

  for (guint i = 0; c->hits && i < c->hits->len; i++)
    {
      const LdEucConsentHit *h = g_ptr_array_index (c->hits, i);

      n_open += g_strcmp0 (h->status, "open") == 0;
      add_hit_row (self, group, h, may_judge);
    }
  if (c->screened && (c->hits == NULL || c->hits->len == 0))
    add_info (group, _("No hits"), _("Nobody on the request matched the list, the denial register or an embargo."));
  if (n_open > 0 && may_judge)
    ld_euc_screening_group_ask_reason (LD_EUC_SCREENING_GROUP (screening), key);
  if (may (self, r, LD_PERMISSION_SCREEN_CASES))
    ld_euc_screening_group_offer_screen (LD_EUC_SCREENING_GROUP (screening));
  add_form (self, page, screening);
}

static gint64
first_pending (const LdEucRecord *r)
{
  for (guint i = 0; i < r->consents->len; i++)
    {
      const LdEucConsent *c = g_ptr_array_index (r->consents, i);

      if (c->status == LD_EUC_CONSENT_PENDING)
        return c->seq;
    }
  return 0;
}

static const LdEucConsent *
find_consent (const LdEucRecord *r,
              gint64             seq)
{
  for (guint i = 0; i < r->consents->len; i++)
    if (((const LdEucConsent *) g_ptr_array_index (r->consents, i))->seq == seq)
      return g_ptr_array_index (r->consents, i);
  return NULL;
}

/* Requests to re-export under the certificate, recorded and decided like a case. */
static void
build_consents (LdEucWindow         *self,
                LdEucRecordPage *page,
                const LdEucRecord   *r)
{
  AdwPreferencesGroup *group = ld_euc_record_page_get_group (page, LD_EUC_RECORD_CONSENTS);
  gint64 pending = first_pending (r);

  for (guint i = 0; i < r->consents->len; i++)
    add_consent_row (group, g_ptr_array_index (r->consents, i));
  if (r->consents->len == 0)
    add_info (group, _("No requests"), _("No request to re-export has been received."));
  for (guint i = 0; i < r->consents->len; i++)
    {
      const LdEucConsent *c = g_ptr_array_index (r->consents, i);

      if (c->status == LD_EUC_CONSENT_PENDING)
        build_consent_screening (self, page, r, c);
    }
  if (pending > 0 && may (self, r, LD_PERMISSION_DECIDE_APPLICATIONS))
    {
      const LdEucConsent *c = find_consent (r, pending);

      add_form (self, page, ld_euc_decide_form_new (pending, c ? c->unmet_grant : NULL,
                                                    c ? c->unmet_refusal : NULL));
    }
  if (may (self, r, LD_PERMISSION_EDIT_APPLICATIONS))
    {
      g_autofree char *today = today_text ();

      add_form (self, page, ld_euc_consent_form_new (today));
    }
}

static void
build_findings (LdEucRecordPage *page,
                const LdEucRecord  *r)
{
  AdwPreferencesGroup *group = ld_euc_record_page_get_group (page, LD_EUC_RECORD_FINDINGS);

  for (guint i = 0; r->findings && i < r->findings->len; i++)
    {
      const LdEucFinding *f = g_ptr_array_index (r->findings, i);
      GtkWidget *row = add_info (group, f->message, NULL);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), "");
      ld_euc_info_row_flag (LD_EUC_INFO_ROW (row));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, f->code, -1);
    }
  if (r->findings == NULL || r->findings->len == 0)
    add_info (group, _("No findings"), _("Confirmed, and consistent with the application it covers."));
}

static void
build_scans (LdEucWindow         *self,
             LdEucRecordPage *page,
             const LdEucRecord   *r)
{
  AdwPreferencesGroup *group = ld_euc_record_page_get_group (page, LD_EUC_RECORD_SCANS);

  for (guint i = 0; i < r->scans->len; i++)
    {
      const LdEucScan *s = g_ptr_array_index (r->scans, i);

      add_info (group, s->file_name, s->media_type);
    }
  if (r->scans->len == 0)
    add_info (group, _("No scan attached"), _("Attach the scan (an image or a PDF) to compare it with the fields."));
  ld_euc_record_page_show_scan_buttons (page, r->euc->issuing_authority != NULL,
                                        may (self, r, LD_PERMISSION_EDIT_APPLICATIONS));
}

/* The scan beside the typed fields, so an officer reads one against the other. */
static void
show_scan_beside (LdEucWindow *self,
                  GtkWidget   *page)
{
  gtk_picture_set_paintable (self->scan_picture, GDK_PAINTABLE (self->scan));
  gtk_widget_set_visible (self->scan_side, self->scan != NULL);
  gtk_widget_set_size_request (page, self->scan ? 480 : -1, -1);
  gtk_paned_set_end_child (self->record_paned, page);
}

static GtkWidget *
build_record (LdEucWindow       *self,
              const LdEucRecord *r)
{
  LdEucRecordPage *page = LD_EUC_RECORD_PAGE (ld_euc_record_page_new ());
  AdwPreferencesGroup *group;
  g_autofree char *quantity = r->euc->quantity > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, r->euc->quantity) : NULL;
  guint n_texts, n_flags;
  const LdEucText *texts = ld_euc_get_texts (&n_texts);
  const LdEucFlag *flags = ld_euc_get_flags (&n_flags);

  /* What an officer checks first: the findings, the status, the application, any reuse. */
  build_findings (page, r);
  build_verification (self, page, r);
  build_links (self, page, r);
  build_scans (self, page, r);
  group = ld_euc_record_page_get_group (page, LD_EUC_RECORD_CERTIFICATE);
  if (r->voided_at)
    {
      g_autofree char *voided = g_strdup_printf (_("Voided on %.10s by %s: %s"), r->voided_at, r->voided_by_login,
                                                 r->void_reason);

      adw_preferences_group_set_description (group, voided);
    }
  for (guint i = 0; i < n_texts; i++)
    add_info (group, _(texts[i].title), ld_euc_text_value (r->euc, &texts[i]));
  add_info (group, _("Quantity"), quantity);
  group = ld_euc_record_page_get_group (page, LD_EUC_RECORD_UNDERTAKINGS);
  for (guint i = 0; i < n_flags; i++)
    add_info (group, _(flags[i].title), *ld_euc_flag_slot (r->euc, &flags[i]) ? _("Yes") : _("No"));
  build_verify_form (self, page, r);
  build_link_form (self, page, r);
  build_dvc (self, page, r);
  build_consents (self, page, r);
  return GTK_WIDGET (page);
}

/* The verdict reasons, one field per pending request. */
static gboolean
is_consent_hit_key (gpointer key,
                    gpointer value,
                    gpointer user_data)
{
  return g_str_has_prefix (key, "consent_hit_reason_");
}

static void
show_record (LdEucWindow *self,
             LdEucRecord *r)
{
  g_autofree char *subtitle = g_strdup_printf ("%s · %s", r->euc->issuing_country, ld_euc_status_title (r->status));

  g_free (self->euc_id);
  self->euc_id = g_strdup (r->id);
  adw_window_title_set_title (self->title, r->euc->certificate_number);
  adw_window_title_set_subtitle (self->title, subtitle);
  /* The verification and link forms are rebuilt with the record: forget the old rows. */
  for (guint i = 0; i < G_N_ELEMENTS (record_form_keys); i++)
    {
      g_hash_table_remove (self->fields, record_form_keys[i]);
      g_hash_table_remove (self->messages, record_form_keys[i]);
    }
  g_hash_table_foreach_remove (self->fields, is_consent_hit_key, NULL);
  g_hash_table_foreach_remove (self->messages, is_consent_hit_key, NULL);
  g_clear_pointer (&self->record, ld_euc_record_free);
  self->record = r;
  self->status_row = NULL;
  show_scan_beside (self, build_record (self, r));
  gtk_stack_set_visible_child_name (self->stack, "record");
}

/* ---- running ---- */

static void
set_busy (LdEucWindow *self,
          gboolean     busy)
{
  self->busy = busy;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "euc.register", !busy && self->actor != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "euc.verify", !busy && self->actor != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "euc.link", !busy && self->actor != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "euc.dvc", !busy && self->actor != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "euc.consent-request", !busy && self->actor != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "euc.consent-grant", !busy && self->actor != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "euc.consent-refuse", !busy && self->actor != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "euc.consent-screen", !busy && self->actor != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "euc.consent-clear-hit", !busy && self->actor != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "euc.consent-confirm-hit", !busy && self->actor != NULL);
}

static void run_job (LdEucWindow *self,
                     Job         *job);

static void
job_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  LdEucWindow *self = LD_EUC_WINDOW (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(LdEucRecord) r = g_task_propagate_pointer (G_TASK (result), &error);

  set_busy (self, FALSE);
  if (r == NULL && g_error_matches (error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_REUSE_REFUSED))
    {
      /* The refused attempt was recorded: show it, and the refusal under the field. */
      g_free (self->refusal);
      self->refusal = g_strdup (error->message);
      run_job (self, job_new (self, JOB_LOAD));
      return;
    }
  if (r == NULL)
    {
      /* Next to the field when there is one; the typing stays. */
      if (job->field && g_hash_table_contains (self->messages, job->field))
        show_field_message (self, job->field, error->message);
      else
        adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }
  if (job->kind == JOB_REGISTER)
    {
      forget_draft (self);
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Certificate registered")));
    }
  if (job->kind == JOB_VERIFY)
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Verification recorded")));
  if (job->kind == JOB_LINK)
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Certificate linked")));
  if (job->kind == JOB_ATTACH)
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Scan attached")));
  if (job->kind == JOB_DVC)
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Delivery verification certificate recorded")));
  if (job->kind == JOB_CONSENT_REQUEST)
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (job->note ? job->note
                                                              : _("Re-export consent request recorded and screened")));
  if (job->kind == JOB_CONSENT_SCREEN)
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Re-export consent request screened")));
  if (job->kind == JOB_CONSENT_REVIEW)
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Verdict recorded")));
  if (job->kind == JOB_CONSENT_DECIDE)
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (job->decision == LD_EUC_CONSENT_GRANTED
                                                                ? _("Re-export consent granted")
                                                                : _("Re-export consent refused")));
  g_set_object (&self->scan, job->scan);
  show_record (self, g_steal_pointer (&r));
  if (self->refusal)
    {
      show_field_message (self, "application", self->refusal);
      g_clear_pointer (&self->refusal, g_free);
    }
}

static void
run_job (LdEucWindow *self,
         Job         *job)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, job_done_cb, NULL);

  clear_messages (self);
  set_busy (self, TRUE);
  g_task_set_source_tag (task, run_job);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

static const char *
entry_text (LdEucWindow *self,
            const char  *key)
{
  GtkEditable *row = g_hash_table_lookup (self->fields, key);

  return row ? gtk_editable_get_text (row) : NULL;
}

/* Reads the form into a certificate; a quantity that is not a number is
 * refused here, the rest by the register in the job. */
static LdEuc *
read_form (LdEucWindow *self)
{
  g_autoptr(LdEuc) euc = ld_euc_new ();
  g_autoptr(GError) error = NULL;
  const char *quantity = entry_text (self, "quantity");
  guint n_texts, n_flags;
  const LdEucText *texts = ld_euc_get_texts (&n_texts);
  const LdEucFlag *flags = ld_euc_get_flags (&n_flags);

  for (guint i = 0; i < n_texts; i++)
    *ld_euc_text_slot (euc, &texts[i]) = g_strdup (entry_text (self, texts[i].key));
  for (guint i = 0; i < n_flags; i++)
    *ld_euc_flag_slot (euc, &flags[i]) =
      gtk_check_button_get_active (g_hash_table_lookup (self->flags, flags[i].key));
  if (quantity && quantity[0] && !ld_parse_quantity (_("Quantity"), quantity, &euc->quantity, &error))
    {
      show_field_message (self, "quantity", error->message);
      return NULL;
    }
  return g_steal_pointer (&euc);
}

static void
register_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LdEucWindow *self = LD_EUC_WINDOW (widget);
  LdEuc *euc;
  Job *job;

  if (self->busy || self->actor == NULL)
    return;
  clear_messages (self);
  if ((euc = read_form (self)) == NULL)
    return;
  job = job_new (self, JOB_REGISTER);
  job->euc = euc;
  run_job (self, job);
}

static void
verify_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LdEucWindow *self = LD_EUC_WINDOW (widget);
  Job *job;

  if (self->busy || self->actor == NULL || self->status_row == NULL || self->euc_id == NULL)
    return;
  job = job_new (self, JOB_VERIFY);
  job->status = adw_combo_row_get_selected (self->status_row);
  job->method = g_strdup (entry_text (self, "method"));
  job->verified_on = g_strdup (entry_text (self, "verified_on"));
  run_job (self, job);
}

static void
link_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LdEucWindow *self = LD_EUC_WINDOW (widget);
  Job *job;

  if (self->busy || self->actor == NULL || self->euc_id == NULL)
    return;
  job = job_new (self, JOB_LINK);
  job->application = g_strdup (entry_text (self, "application"));
  job->reason = g_strdup (entry_text (self, "reason"));
  run_job (self, job);
}

static void
attach_scan_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LdEucWindow *self = LD_EUC_WINDOW (widget);
  Job *job;

  if (self->busy || self->actor == NULL || self->euc_id == NULL)
    return;
  job = job_new (self, JOB_ATTACH);
  job->path = g_variant_dup_string (parameter, NULL);
  run_job (self, job);
}

static void
dvc_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  LdEucWindow *self = LD_EUC_WINDOW (widget);
  Job *job;

  if (self->busy || self->actor == NULL || self->euc_id == NULL)
    return;
  job = job_new (self, JOB_DVC);
  job->expected_by = g_strdup (entry_text (self, "dvc_expected_by"));
  job->received_on = g_strdup (entry_text (self, "dvc_received_on"));
  if (parameter)
    job->path = g_variant_dup_string (parameter, NULL);
  run_job (self, job);
}

static void
consent_request_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  LdEucWindow *self = LD_EUC_WINDOW (widget);
  const char *quantity = entry_text (self, "consent_quantity");
  g_autoptr(GError) error = NULL;
  gint64 n = 0;
  Job *job;

  if (self->busy || self->actor == NULL || self->euc_id == NULL)
    return;
  clear_messages (self);
  if (quantity && quantity[0] && !ld_parse_quantity (_("Quantity"), quantity, &n, &error))
    {
      show_field_message (self, "consent_quantity", error->message);
      return;
    }
  job = job_new (self, JOB_CONSENT_REQUEST);
  job->request = (LdEucConsentRequest) {
    g_strdup (entry_text (self, "consent_received_on")), g_strdup (entry_text (self, "consent_requested_by")),
    g_strdup (entry_text (self, "consent_new_end_user")), g_strdup (entry_text (self, "consent_new_destination")),
    g_strdup (entry_text (self, "consent_items")), n, g_strdup (entry_text (self, "consent_purpose")) };
  run_job (self, job);
}

static void
decide_consent (LdEucWindow        *self,
                LdEucConsentStatus  decision)
{
  const char *number = entry_text (self, "consent_request");
  g_autoptr(GError) error = NULL;
  gint64 seq = 0;
  Job *job;

  if (self->busy || self->actor == NULL || self->euc_id == NULL)
    return;
  clear_messages (self);
  if (!ld_parse_quantity (_("Request number"), number, &seq, &error))
    {
      show_field_message (self, "consent_request", error->message);
      return;
    }
  job = job_new (self, JOB_CONSENT_DECIDE);
  job->seq = seq;
  job->decision = decision;
  job->reason = g_strdup (entry_text (self, "decision_reason"));
  run_job (self, job);
}

static void
consent_screen_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LdEucWindow *self = LD_EUC_WINDOW (widget);
  Job *job;

  if (self->busy || self->actor == NULL || self->euc_id == NULL)
    return;
  job = job_new (self, JOB_CONSENT_SCREEN);
  job->seq = g_variant_get_int64 (parameter);
  run_job (self, job);
}

/* Which pending request the hit belongs to: its reason field is that request's. */
static gint64
request_of_hit (LdEucWindow *self,
                const char  *hit_id)
{
  for (guint i = 0; self->record && i < self->record->consents->len; i++)
    {
      const LdEucConsent *c = g_ptr_array_index (self->record->consents, i);

      for (guint k = 0; c->hits && k < c->hits->len; k++)
        if (g_str_equal (((const LdEucConsentHit *) g_ptr_array_index (c->hits, k))->id, hit_id))
          return c->seq;
    }
  return 0;
}

static void
judge_hit (LdEucWindow *self,
           GVariant    *parameter,
           gboolean     true_match)
{
  const char *hit_id = g_variant_get_string (parameter, NULL);
  g_autofree char *key = NULL;
  Job *job;

  if (self->busy || self->actor == NULL || self->euc_id == NULL)
    return;
  job = job_new (self, JOB_CONSENT_REVIEW);
  job->seq = request_of_hit (self, hit_id);
  key = g_strdup_printf ("consent_hit_reason_%" G_GINT64_FORMAT, job->seq);
  job->hit_id = g_strdup (hit_id);
  job->true_match = true_match;
  job->reason = g_strdup (entry_text (self, key));
  run_job (self, job);
}

static void
consent_clear_hit_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  judge_hit (LD_EUC_WINDOW (widget), parameter, FALSE);
}

static void
consent_confirm_hit_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  judge_hit (LD_EUC_WINDOW (widget), parameter, TRUE);
}

static void
consent_grant_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  decide_consent (LD_EUC_WINDOW (widget), LD_EUC_CONSENT_GRANTED);
}

static void
consent_refuse_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  decide_consent (LD_EUC_WINDOW (widget), LD_EUC_CONSENT_REFUSED);
}

static void
compare_specimen_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  LdEucWindow *self = LD_EUC_WINDOW (widget);
  LdEucAuthoritiesWindow *window;

  if (self->euc_id == NULL)
    return;
  window = ld_euc_authorities_window_new (GTK_WINDOW (self), self->store, self->euc_id);
  gtk_window_present (GTK_WINDOW (window));
}

static void
choose_dvc_scan_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  ld_ui_choose_file_for_action (widget, _("The Delivery Verification Certificate's Scan"), _("_Record"), NULL, "euc.dvc-scan");
}

static void
choose_scan_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ld_ui_choose_file_for_action (widget, _("Attach a Scan"), _("_Attach"), NULL, "euc.attach-scan");
}

/* ---- GObject ---- */

static void
ld_euc_window_dispose (GObject *object)
{
  LdEucWindow *self = LD_EUC_WINDOW (object);

  if (self->draft_source)
    {
      /* Closing the window writes what was typed at once. */
      g_clear_handle_id (&self->draft_source, g_source_remove);
      write_draft_cb (self);
    }
  g_clear_object (&self->draft_file);
  g_clear_object (&self->store);
  g_clear_pointer (&self->actor, ld_actor_free);
  g_clear_pointer (&self->euc_id, g_free);
  g_clear_pointer (&self->record, ld_euc_record_free);
  g_clear_object (&self->scan);
  g_clear_pointer (&self->refusal, g_free);
  g_clear_pointer (&self->fields, g_hash_table_unref);
  g_clear_pointer (&self->messages, g_hash_table_unref);
  g_clear_pointer (&self->flags, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_EUC_WINDOW);
  G_OBJECT_CLASS (ld_euc_window_parent_class)->dispose (object);
}

/* The registration form's fields are bound by their keys (ui/ld-euc-window.ui
 * follows the certificate's field table), with "KEY_message" for a field's
 * message and "KEY_check" for a flag. */
static void
bind_form_children (GtkWidgetClass *widget_class)
{
  guint n_texts, n_flags;
  const LdEucText *texts = ld_euc_get_texts (&n_texts);
  const LdEucFlag *flags = ld_euc_get_flags (&n_flags);

  for (guint i = 0; i <= n_texts; i++)
    {
      const char *key = i < n_texts ? texts[i].key : "quantity";
      g_autofree char *message = g_strdup_printf ("%s_message", key);

      gtk_widget_class_bind_template_child_full (widget_class, key, FALSE, 0);
      gtk_widget_class_bind_template_child_full (widget_class, g_intern_string (message), FALSE, 0);
    }
  for (guint i = 0; i < n_flags; i++)
    {
      g_autofree char *check = g_strdup_printf ("%s_check", flags[i].key);

      gtk_widget_class_bind_template_child_full (widget_class, g_intern_string (check), FALSE, 0);
    }
}

static void
find_form_children (LdEucWindow *self)
{
  guint n_texts, n_flags;
  const LdEucText *texts = ld_euc_get_texts (&n_texts);
  const LdEucFlag *flags = ld_euc_get_flags (&n_flags);

  for (guint i = 0; i <= n_texts; i++)
    {
      const char *key = i < n_texts ? texts[i].key : "quantity";
      g_autofree char *message = g_strdup_printf ("%s_message", key);

      g_hash_table_insert (self->fields, g_strdup (key),
                           gtk_widget_get_template_child (GTK_WIDGET (self), LD_TYPE_EUC_WINDOW, key));
      g_hash_table_insert (self->messages, g_strdup (key),
                           gtk_widget_get_template_child (GTK_WIDGET (self), LD_TYPE_EUC_WINDOW, message));
    }
  for (guint i = 0; i < n_flags; i++)
    {
      g_autofree char *check = g_strdup_printf ("%s_check", flags[i].key);

      g_hash_table_insert (self->flags, g_strdup (flags[i].key),
                           gtk_widget_get_template_child (GTK_WIDGET (self), LD_TYPE_EUC_WINDOW, check));
    }
}

static void
ld_euc_window_class_init (LdEucWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_euc_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/licencedesk/LicenceDesk/ld-euc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LdEucWindow, title);
  gtk_widget_class_bind_template_child (widget_class, LdEucWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, LdEucWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LdEucWindow, record_paned);
  gtk_widget_class_bind_template_child (widget_class, LdEucWindow, scan_side);
  gtk_widget_class_bind_template_child (widget_class, LdEucWindow, scan_picture);
  bind_form_children (widget_class);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_install_action (widget_class, "euc.register", NULL, register_action);
  gtk_widget_class_install_action (widget_class, "euc.verify", NULL, verify_action);
  gtk_widget_class_install_action (widget_class, "euc.link", NULL, link_action);
  gtk_widget_class_install_action (widget_class, "euc.attach-scan", "s", attach_scan_action);
  gtk_widget_class_install_action (widget_class, "euc.choose-scan", NULL, choose_scan_action);
  gtk_widget_class_install_action (widget_class, "euc.dvc", NULL, dvc_action);
  gtk_widget_class_install_action (widget_class, "euc.dvc-scan", "s", dvc_action);
  gtk_widget_class_install_action (widget_class, "euc.choose-dvc-scan", NULL, choose_dvc_scan_action);
  gtk_widget_class_install_action (widget_class, "euc.consent-request", NULL, consent_request_action);
  gtk_widget_class_install_action (widget_class, "euc.consent-grant", NULL, consent_grant_action);
  gtk_widget_class_install_action (widget_class, "euc.consent-refuse", NULL, consent_refuse_action);
  gtk_widget_class_install_action (widget_class, "euc.consent-screen", "x", consent_screen_action);
  gtk_widget_class_install_action (widget_class, "euc.consent-clear-hit", "s", consent_clear_hit_action);
  gtk_widget_class_install_action (widget_class, "euc.consent-confirm-hit", "s", consent_confirm_hit_action);
  gtk_widget_class_install_action (widget_class, "euc.compare-specimen", NULL, compare_specimen_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ld_euc_window_init (LdEucWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->messages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->flags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  find_form_children (self);
}

/**
 * ld_euc_window_new:
 * @actor: (nullable): who works in the window; %NULL shows the certificate only
 * @euc_id: (nullable): the certificate to show; %NULL opens the registration form
 */
LdEucWindow *
ld_euc_window_new (GtkWindow     *parent,
                   LdStore       *store,
                   const LdActor *actor,
                   const char    *euc_id)
{
  LdEucWindow *self = g_object_new (LD_TYPE_EUC_WINDOW, "transient-for", parent, NULL);

  self->store = g_object_ref (store);
  self->actor = actor ? ld_actor_copy (actor) : NULL;
  self->euc_id = g_strdup (euc_id);
  set_busy (self, FALSE);
  if (euc_id)
    {
      gtk_stack_set_visible_child_name (self->stack, "loading");
      run_job (self, job_new (self, JOB_LOAD));
    }
  else
    {
      adw_window_title_set_title (self->title, _("Register an End-use Certificate"));
      gtk_stack_set_visible_child_name (self->stack, "form");
      self->draft_file = draft_file_for (store);
      g_file_load_contents_async (self->draft_file, NULL, draft_read_cb, g_object_ref (self));
    }
  return self;
}

const char *
ld_euc_window_get_euc_id (LdEucWindow *self)
{
  return self->euc_id;
}

gboolean
ld_euc_window_is_busy (LdEucWindow *self)
{
  return self->busy;
}

/* Returns: (nullable): the message shown under the field @key, for tests */
const char *
ld_euc_window_get_field_message (LdEucWindow *self,
                                 const char  *key)
{
  GtkLabel *label = g_hash_table_lookup (self->messages, key);

  return label && gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_text (label) : NULL;
}

/* Returns: (nullable) (transfer none): the certificate the window shows */
const LdEucRecord *
ld_euc_window_get_record (LdEucWindow *self)
{
  return self->record;
}

/* Returns: (nullable) (transfer none): a field of the forms, for tests and accessibility */
GtkEditable *
ld_euc_window_get_field (LdEucWindow *self,
                         const char  *key)
{
  return g_hash_table_lookup (self->fields, key);
}

/* Returns: (nullable) (transfer none): the scan shown beside the fields */
GdkTexture *
ld_euc_window_get_scan (LdEucWindow *self)
{
  return self->scan;
}
