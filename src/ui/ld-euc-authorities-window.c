/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-euc-authorities-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-euc-authority-repo.h"
#include "ld-detail-line.h"
#include "ld-detail-row.h"
#include "ld-euc-authorities-window.h"
#include "ld-euc-repo.h"
#include "ld-scan-render.h"

/* The foreign authorities that issue end-use certificates, with their
 * signatories and when each held office, and their specimen scans. An
 * officer compares a certificate with the specimen side by side; the window
 * says whether its signatory was in office on its date of issue. Reading the
 * store and rendering scans run in GTask threads. */

typedef enum
{
  JOB_LIST,
  JOB_SPECIMEN,
  JOB_COMPARE,
} JobKind;

typedef struct
{
  JobKind      kind;
  LdStore     *store;
  char        *attachment_id;   /* specimen: which scan */
  char        *media_type;
  char        *certificate;     /* compare: the certificate's number or id */
  JsonNode    *list;            /* out: the authorities */
  GdkTexture  *texture;         /* out: the specimen, or the certificate's scan */
  char        *country;         /* out, compare: the certificate's issuing state and authority */
  char        *authority;
  char        *verdict;         /* out, compare: a sentence on the signatory */
  gboolean     warning;         /* out, compare: the verdict is a finding */
  char        *title;           /* out, compare: number, signatory, date of issue */
} Job;

struct _LdEucAuthoritiesWindow
{
  AdwWindow         parent_instance;

  LdStore          *store;
  guint             n_jobs;            /* the list, a specimen and a comparison may run at once */
  JsonNode         *list;
  char             *selected;          /* "CC · name" of the authority shown */
  char             *pending_country;   /* select once the list is loaded */
  char             *pending_authority;

  AdwToastOverlay  *toasts;
  GtkListBox       *authorities;
  AdwPreferencesGroup *signatories;
  GtkListBox       *signatory_rows;
  GListStore       *authority_lines;   /* LdDetailLine, one per authority */
  GListStore       *signatory_lines;   /* LdDetailLine, one per signatory of the authority shown */
  AdwEntryRow      *certificate_row;
  GtkLabel         *certificate_message;
  AdwActionRow     *verdict_row;
  GtkImage         *verdict_icon;
  char             *verdict;
  GtkPicture       *specimen_picture;
  GtkLabel         *specimen_caption;
  GtkPicture       *certificate_picture;
  GtkLabel         *certificate_caption;
  GdkTexture       *specimen;
  GdkTexture       *certificate_scan;
};

G_DEFINE_FINAL_TYPE (LdEucAuthoritiesWindow, ld_euc_authorities_window, ADW_TYPE_WINDOW)

static void select_authority (LdEucAuthoritiesWindow *self,
                              guint                   index);

/* ---- jobs ---- */

static void
job_free (Job *job)
{
  g_clear_object (&job->store);
  g_free (job->attachment_id);
  g_free (job->media_type);
  g_free (job->certificate);
  g_clear_pointer (&job->list, json_node_unref);
  g_clear_object (&job->texture);
  g_free (job->country);
  g_free (job->authority);
  g_free (job->verdict);
  g_free (job->title);
  g_free (job);
}

static GdkTexture *
first_scan (LdStore           *store,
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

/* Whether the certificate's signatory held office on its date of issue, in words. */
static void
judge_signatory (Job               *job,
                 const LdEucRecord *r,
                 GError           **error)
{
  const LdEuc *euc = r->euc;
  g_autoptr(GPtrArray) signatories = NULL;
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_euc_finding_free);
  gboolean listed = FALSE, known = FALSE;

  if (!ld_euc_authority_repo_lookup (job->store, euc->issuing_country, euc->issuing_authority, &listed, &known,
                                     &signatories, error))
    return;
  ld_euc_check_authority (findings, euc, known, signatories);
  job->warning = findings->len > 0 || !listed;
  if (!listed)
    job->verdict = g_strdup_printf (_("The office lists no issuing authorities of %s: compare the certificate with "
                                      "the specimen by eye."), euc->issuing_country);
  else if (findings->len > 0)
    job->verdict = g_strdup (((LdEucFinding *) g_ptr_array_index (findings, 0))->message);
  else if (euc->signatory == NULL)
    job->verdict = g_strdup (_("The certificate names no signatory; compare the signature with the specimen."));
  else
    job->verdict = g_strdup_printf (_("%s was in office on the date of issue %s."), euc->signatory, euc->issued_on);
}

static void
compare_in_thread (Job     *job,
                   GError **error)
{
  g_autoptr(LdEucRecord) r = ld_euc_repo_get (job->store, job->certificate, error);

  if (r == NULL)
    return;
  job->country = g_strdup (r->euc->issuing_country);
  job->authority = g_strdup (r->euc->issuing_authority);
  job->title = g_strdup_printf (_("Certificate %s, signed by %s, issued on %s"), r->euc->certificate_number,
                                r->euc->signatory ? r->euc->signatory : _("no one named"), r->euc->issued_on);
  job->texture = first_scan (job->store, r);
  judge_signatory (job, r, error);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;

  switch (job->kind)
    {
    case JOB_LIST:
      job->list = ld_euc_authority_repo_list (job->store, &error);
      break;
    case JOB_SPECIMEN:
      job->texture = ld_scan_render_attachment (job->store, job->attachment_id, job->media_type, &error);
      break;
    case JOB_COMPARE:
      compare_in_thread (job, &error);
      break;
    default:
      g_assert_not_reached ();
    }
  if (error)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* ---- showing ---- */

static JsonObject *
authority_at (LdEucAuthoritiesWindow *self,
              guint                   index)
{
  JsonArray *list = self->list ? json_node_get_array (self->list) : NULL;

  return list && index < json_array_get_length (list) ? json_array_get_object_element (list, index) : NULL;
}

static LdDetailLine *
authority_line (JsonObject *authority)
{
  gint64 n = json_object_get_int_member (authority, "specimens");
  g_autofree char *specimens = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld specimen", "%lld specimens", n),
                                                (long long) n);

  return ld_detail_line_new (json_object_get_string_member (authority, "name"),
                             json_object_get_string_member (authority, "country"), specimens);
}

/* The sidebar's rows are chosen, unlike the detail rows of a record. */
static GtkWidget *
authority_row_new (gpointer line,
                   gpointer unused)
{
  GtkWidget *row = ld_detail_row_new (line, NULL);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static void
show_list (LdEucAuthoritiesWindow *self)
{
  JsonArray *list = json_node_get_array (self->list);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < json_array_get_length (list); i++)
    g_ptr_array_add (lines, authority_line (json_array_get_object_element (list, i)));
  g_list_store_splice (self->authority_lines, 0, g_list_model_get_n_items (G_LIST_MODEL (self->authority_lines)),
                       lines->pdata, lines->len);
}

static LdDetailLine *
signatory_line (JsonObject *signatory)
{
  const char *position = json_object_get_string_member_with_default (signatory, "position", NULL);
  const char *until = json_object_get_string_member_with_default (signatory, "valid_until", NULL);
  g_autofree char *office = g_strdup_printf (_("In office %s to %s%s%s"),
                                             json_object_get_string_member (signatory, "valid_from"),
                                             until ? until : _("now"), position ? " · " : "",
                                             position ? position : "");

  return ld_detail_line_new (json_object_get_string_member (signatory, "name"), office, NULL);
}

static void
show_signatories (LdEucAuthoritiesWindow *self,
                  JsonObject             *authority)
{
  JsonArray *people = json_object_get_array_member (authority, "signatories");
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; people && i < json_array_get_length (people); i++)
    g_ptr_array_add (lines, signatory_line (json_array_get_object_element (people, i)));
  g_list_store_splice (self->signatory_lines, 0, g_list_model_get_n_items (G_LIST_MODEL (self->signatory_lines)),
                       lines->pdata, lines->len);
}

static void
set_picture (GtkPicture  *picture,
             GtkLabel    *caption,
             GdkTexture **slot,
             GdkTexture  *texture,
             const char  *text)
{
  g_set_object (slot, texture);
  gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
  gtk_label_set_text (caption, text);
}

static void
count_job (LdEucAuthoritiesWindow *self,
           int                     change)
{
  self->n_jobs += change;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "authorities.compare", self->n_jobs == 0);
}

static void run_job (LdEucAuthoritiesWindow *self,
                     Job                    *job);

static void
show_verdict (LdEucAuthoritiesWindow *self,
              Job                    *job)
{
  g_free (self->verdict);
  self->verdict = g_strdup (job->verdict);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->verdict_row), job->verdict);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->verdict_row), job->title);
  gtk_image_set_from_icon_name (self->verdict_icon, job->warning ? "dialog-warning-symbolic" : "emblem-ok-symbolic");
  if (job->warning)
    gtk_widget_add_css_class (GTK_WIDGET (self->verdict_icon), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_icon), "warning");
  gtk_widget_set_visible (GTK_WIDGET (self->verdict_row), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->verdict_row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  job->verdict, -1);
  set_picture (self->certificate_picture, self->certificate_caption, &self->certificate_scan, job->texture,
               job->texture ? job->title : _("The certificate has no scan: attach one on its page."));
}

/* The authority the compared certificate names, if the office lists it. */
static void
select_named (LdEucAuthoritiesWindow *self,
              const char             *country,
              const char             *name)
{
  JsonArray *list = self->list ? json_node_get_array (self->list) : NULL;
  g_autofree char *wanted = ld_euc_name_key (name);

  for (guint i = 0; list && i < json_array_get_length (list); i++)
    {
      JsonObject *a = json_array_get_object_element (list, i);
      g_autofree char *key = ld_euc_name_key (json_object_get_string_member (a, "name"));

      if (g_strcmp0 (json_object_get_string_member (a, "country"), country) == 0 && g_str_equal (key, wanted))
        {
          gtk_list_box_select_row (self->authorities, gtk_list_box_get_row_at_index (self->authorities, i));
          return;
        }
    }
  set_picture (self->specimen_picture, self->specimen_caption, &self->specimen, NULL,
               _("The office keeps no specimen of the authority this certificate names."));
}

static void
job_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  LdEucAuthoritiesWindow *self = LD_EUC_AUTHORITIES_WINDOW (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  count_job (self, -1);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (job->kind == JOB_COMPARE)
        {
          gtk_label_set_text (self->certificate_message, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->certificate_message), TRUE);
          gtk_widget_add_css_class (GTK_WIDGET (self->certificate_row), "error");
        }
      else
        adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }
  if (job->kind == JOB_LIST)
    {
      g_clear_pointer (&self->list, json_node_unref);
      self->list = g_steal_pointer (&job->list);
      show_list (self);
      if (self->pending_country)
        select_named (self, self->pending_country, self->pending_authority);
      else if (authority_at (self, 0))
        gtk_list_box_select_row (self->authorities, gtk_list_box_get_row_at_index (self->authorities, 0));
    }
  else if (job->kind == JOB_SPECIMEN)
    set_picture (self->specimen_picture, self->specimen_caption, &self->specimen, job->texture,
                 job->texture ? _("Specimen") : _("The specimen could not be shown."));
  else
    {
      show_verdict (self, job);
      if (self->list)
        select_named (self, job->country, job->authority);
      else
        {
          g_free (self->pending_country);
          g_free (self->pending_authority);
          self->pending_country = g_strdup (job->country);
          self->pending_authority = g_strdup (job->authority);
        }
    }
}

static void
run_job (LdEucAuthoritiesWindow *self,
         Job                    *job)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, job_done_cb, NULL);

  job->store = g_object_ref (self->store);
  count_job (self, +1);
  g_task_set_source_tag (task, run_job);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, job_thread);
}

static void
select_authority (LdEucAuthoritiesWindow *self,
                  guint                   index)
{
  JsonObject *authority = authority_at (self, index);
  JsonArray *scans;
  Job *job;

  if (authority == NULL)
    return;
  g_free (self->selected);
  self->selected = g_strdup_printf ("%s · %s", json_object_get_string_member (authority, "country"),
                                    json_object_get_string_member (authority, "name"));
  adw_preferences_group_set_title (self->signatories, self->selected);
  show_signatories (self, authority);
  scans = json_object_get_array_member (authority, "specimen_scans");
  if (scans == NULL || json_array_get_length (scans) == 0)
    {
      set_picture (self->specimen_picture, self->specimen_caption, &self->specimen, NULL,
                   _("No specimen kept for this authority."));
      return;
    }
  job = g_new0 (Job, 1);
  job->kind = JOB_SPECIMEN;
  job->attachment_id = g_strdup (json_object_get_string_member (json_array_get_object_element (scans, 0),
                                                                "attachment"));
  job->media_type = g_strdup (json_object_get_string_member (json_array_get_object_element (scans, 0),
                                                             "media_type"));
  run_job (self, job);
}

static void
row_selected_cb (LdEucAuthoritiesWindow *self,
                 GtkListBoxRow          *row)
{
  if (row)
    select_authority (self, gtk_list_box_row_get_index (row));
}

static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LdEucAuthoritiesWindow *self = LD_EUC_AUTHORITIES_WINDOW (widget);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->certificate_row));

  gtk_widget_set_visible (GTK_WIDGET (self->certificate_message), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->certificate_row), "error");
  if (self->n_jobs > 0)
    return;
  if (text[0] == '\0')
    {
      gtk_label_set_text (self->certificate_message, _("Type the number of a registered certificate, e.g. "
                                                       "EUC/KE/2026/0042."));
      gtk_widget_set_visible (GTK_WIDGET (self->certificate_message), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->certificate_row), "error");
      return;
    }
  ld_euc_authorities_window_compare (self, text);
}

/* Enter in the certificate field compares, as the Compare button does. */
static void
certificate_activated_cb (LdEucAuthoritiesWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "authorities.compare", NULL);
}

/* ---- GObject ---- */

static void
ld_euc_authorities_window_dispose (GObject *object)
{
  LdEucAuthoritiesWindow *self = LD_EUC_AUTHORITIES_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->list, json_node_unref);
  g_clear_pointer (&self->selected, g_free);
  g_clear_pointer (&self->pending_country, g_free);
  g_clear_pointer (&self->pending_authority, g_free);
  g_clear_pointer (&self->verdict, g_free);
  g_clear_object (&self->specimen);
  g_clear_object (&self->certificate_scan);
  g_clear_object (&self->authority_lines);
  g_clear_object (&self->signatory_lines);
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_EUC_AUTHORITIES_WINDOW);
  G_OBJECT_CLASS (ld_euc_authorities_window_parent_class)->dispose (object);
}

static void
ld_euc_authorities_window_class_init (LdEucAuthoritiesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_euc_authorities_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/licencedesk/LicenceDesk/ld-euc-authorities-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LdEucAuthoritiesWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, LdEucAuthoritiesWindow, authorities);
  gtk_widget_class_bind_template_child (widget_class, LdEucAuthoritiesWindow, signatories);
  gtk_widget_class_bind_template_child (widget_class, LdEucAuthoritiesWindow, signatory_rows);
  gtk_widget_class_bind_template_child (widget_class, LdEucAuthoritiesWindow, certificate_row);
  gtk_widget_class_bind_template_child (widget_class, LdEucAuthoritiesWindow, certificate_message);
  gtk_widget_class_bind_template_child (widget_class, LdEucAuthoritiesWindow, verdict_row);
  gtk_widget_class_bind_template_child (widget_class, LdEucAuthoritiesWindow, verdict_icon);
  gtk_widget_class_bind_template_child (widget_class, LdEucAuthoritiesWindow, specimen_picture);
  gtk_widget_class_bind_template_child (widget_class, LdEucAuthoritiesWindow, specimen_caption);
  gtk_widget_class_bind_template_child (widget_class, LdEucAuthoritiesWindow, certificate_picture);
  gtk_widget_class_bind_template_child (widget_class, LdEucAuthoritiesWindow, certificate_caption);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, certificate_activated_cb);
  gtk_widget_class_install_action (widget_class, "authorities.compare", NULL, compare_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ld_euc_authorities_window_init (LdEucAuthoritiesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->authority_lines = g_list_store_new (LD_TYPE_DETAIL_LINE);
  self->signatory_lines = g_list_store_new (LD_TYPE_DETAIL_LINE);
  gtk_list_box_bind_model (self->authorities, G_LIST_MODEL (self->authority_lines), authority_row_new, NULL, NULL);
  gtk_list_box_bind_model (self->signatory_rows, G_LIST_MODEL (self->signatory_lines), ld_detail_row_new, NULL,
                           NULL);
}

/**
 * ld_euc_authorities_window_new:
 * @certificate: (nullable): a certificate to compare with its authority's specimen at once
 */
LdEucAuthoritiesWindow *
ld_euc_authorities_window_new (GtkWindow  *parent,
                               LdStore    *store,
                               const char *certificate)
{
  LdEucAuthoritiesWindow *self = g_object_new (LD_TYPE_EUC_AUTHORITIES_WINDOW, "transient-for", parent, NULL);
  Job *job = g_new0 (Job, 1);

  self->store = g_object_ref (store);
  job->kind = JOB_LIST;
  run_job (self, job);
  if (certificate)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->certificate_row), certificate);
      ld_euc_authorities_window_compare (self, certificate);
    }
  return self;
}

/* Compares @certificate (a number or an id) with its authority's specimen. */
void
ld_euc_authorities_window_compare (LdEucAuthoritiesWindow *self,
                                   const char             *certificate)
{
  Job *job = g_new0 (Job, 1);

  job->kind = JOB_COMPARE;
  job->certificate = g_strdup (certificate);
  run_job (self, job);
}

gboolean
ld_euc_authorities_window_is_busy (LdEucAuthoritiesWindow *self)
{
  return self->n_jobs > 0;
}

guint
ld_euc_authorities_window_get_n_authorities (LdEucAuthoritiesWindow *self)
{
  return self->list ? json_array_get_length (json_node_get_array (self->list)) : 0;
}

/* Returns: (nullable): "CC · name" of the authority shown */
const char *
ld_euc_authorities_window_get_selected (LdEucAuthoritiesWindow *self)
{
  return self->selected;
}

/* Returns: (nullable): the sentence on the compared certificate's signatory */
const char *
ld_euc_authorities_window_get_verdict (LdEucAuthoritiesWindow *self)
{
  return self->verdict;
}

GdkTexture *
ld_euc_authorities_window_get_specimen (LdEucAuthoritiesWindow *self)
{
  return self->specimen;
}

GdkTexture *
ld_euc_authorities_window_get_certificate_scan (LdEucAuthoritiesWindow *self)
{
  return self->certificate_scan;
}
