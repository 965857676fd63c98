/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-euc-authorities-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-euc-authority-repo.h"
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
  GtkWidget        *signatory_rows;    /* a GtkListBox inside the group */
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

static GtkWidget *
authority_row (JsonObject *authority)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *specimens = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld specimen", "%lld specimens",
                                                             json_object_get_int_member (authority, "specimens")),
                                                (long long) json_object_get_int_member (authority, "specimens"));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), json_object_get_string_member (authority, "name"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), json_object_get_string_member (authority, "country"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_label_new (specimens));
  return row;
}

static void
show_list (LdEucAuthoritiesWindow *self)
{
  JsonArray *list = json_node_get_array (self->list);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->authorities))))
    gtk_list_box_remove (self->authorities, child);
  for (guint i = 0; i < json_array_get_length (list); i++)
    gtk_list_box_append (self->authorities, authority_row (json_array_get_object_element (list, i)));
  if (json_array_get_length (list) == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No issuing authorities listed"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("An administrator adds them with “licence-desk-admin "
                                                           "euc authority-add”."));
      gtk_list_box_append (self->authorities, row);
    }
}

static GtkWidget *
signatory_row (JsonObject *signatory)
{
  GtkWidget *row = adw_action_row_new ();
  const char *position = json_object_get_string_member_with_default (signatory, "position", NULL);
  const char *until = json_object_get_string_member_with_default (signatory, "valid_until", NULL);
  g_autofree char *office = g_strdup_printf (_("In office %s to %s%s%s"),
                                             json_object_get_string_member (signatory, "valid_from"),
                                             until ? until : _("now"), position ? " · " : "",
                                             position ? position : "");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), json_object_get_string_member (signatory, "name"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), office);
  return row;
}

static void
show_signatories (LdEucAuthoritiesWindow *self,
                  JsonObject             *authority)
{
  JsonArray *people = json_object_get_array_member (authority, "signatories");
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->signatory_rows)))
    gtk_list_box_remove (GTK_LIST_BOX (self->signatory_rows), child);
  for (guint i = 0; i < json_array_get_length (people); i++)
    gtk_list_box_append (GTK_LIST_BOX (self->signatory_rows),
                         signatory_row (json_array_get_object_element (people, i)));
  if (json_array_get_length (people) == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No signatories listed"));
      gtk_list_box_append (GTK_LIST_BOX (self->signatory_rows), row);
    }
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

/* ---- building ---- */

static GtkWidget *
picture_column (GtkPicture **out_picture,
                GtkLabel   **out_caption,
                const char  *title)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *picture = gtk_picture_new ();
  GtkWidget *caption = gtk_label_new (NULL);

  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_set_size_request (picture, 280, 380);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_widget_add_css_class (caption, "caption");
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), picture);
  gtk_box_append (GTK_BOX (box), caption);
  gtk_widget_set_hexpand (box, TRUE);
  *out_picture = GTK_PICTURE (picture);
  *out_caption = GTK_LABEL (caption);
  return box;
}

static GtkWidget *
build_compare (LdEucAuthoritiesWindow *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Compare"));
  GtkWidget *sides = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  GtkWidget *message_row = adw_preferences_row_new ();
  GtkWidget *label = gtk_label_new (NULL);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Compare a Certificate with the Specimen"));
  self->certificate_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->certificate_row), _("Certificate number"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "authorities.compare");
  adw_entry_row_add_suffix (self->certificate_row, button);
  g_signal_connect_object (self->certificate_row, "entry-activated", G_CALLBACK (gtk_widget_activate_action),
                           self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->certificate_row));
  /* The message is a row of its own right under the field. */
  self->certificate_message = GTK_LABEL (label);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_set_visible (label, FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (message_row), label);
  g_object_bind_property (label, "visible", message_row, "visible", G_BINDING_SYNC_CREATE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), message_row);
  self->verdict_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->verdict_row), FALSE);
  self->verdict_icon = GTK_IMAGE (gtk_image_new ());
  adw_action_row_add_prefix (self->verdict_row, GTK_WIDGET (self->verdict_icon));
  gtk_widget_set_visible (GTK_WIDGET (self->verdict_row), FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->verdict_row));
  gtk_widget_set_margin_top (sides, 12);
  gtk_box_set_homogeneous (GTK_BOX (sides), TRUE);
  gtk_box_append (GTK_BOX (sides), picture_column (&self->specimen_picture, &self->specimen_caption, _("Specimen")));
  gtk_box_append (GTK_BOX (sides), picture_column (&self->certificate_picture, &self->certificate_caption,
                                                   _("Certificate")));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), sides);
  return group;
}

static GtkWidget *
build_detail (LdEucAuthoritiesWindow *self)
{
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *rows = gtk_list_box_new ();

  self->signatories = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->signatories, _("Signatories"));
  adw_preferences_group_set_description (self->signatories, _("Who may sign the authority's certificates, and "
                                                              "when each held office."));
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (rows), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (rows, "boxed-list");
  self->signatory_rows = rows;
  adw_preferences_group_add (self->signatories, rows);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), self->signatories);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (build_compare (self)));
  gtk_widget_set_hexpand (page, TRUE);
  return page;
}

static GtkWidget *
build_sidebar (LdEucAuthoritiesWindow *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  self->authorities = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->authorities), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->authorities), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Issuing authorities"), -1);
  g_signal_connect_object (self->authorities, "row-selected", G_CALLBACK (row_selected_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->authorities));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (scrolled, 260, -1);
  return scrolled;
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
  G_OBJECT_CLASS (ld_euc_authorities_window_parent_class)->dispose (object);
}

static void
ld_euc_authorities_window_class_init (LdEucAuthoritiesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_euc_authorities_window_dispose;
  gtk_widget_class_install_action (widget_class, "authorities.compare", NULL, compare_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ld_euc_authorities_window_init (LdEucAuthoritiesWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *panes = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (_("Issuing Authorities"), NULL));
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (panes), build_sidebar (self));
  gtk_box_append (GTK_BOX (panes), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_box_append (GTK_BOX (panes), build_detail (self));
  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, panes);
  gtk_widget_set_vexpand (GTK_WIDGET (self->toasts), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->toasts));
  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_window_set_default_size (GTK_WINDOW (self), 1100, 820);
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
