/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-euc-dvc-form"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-euc-dvc-form.h"

/* The delivery verification certificate of an end-use certificate, on its
 * page (ui/ld-euc-dvc-form.ui): where it stands, and for an officer who may
 * record it the days it is due and came, with its scan. The window finds the
 * fields by their names and runs the actions. */

struct _LdEucDvcForm
{
  AdwPreferencesGroup  parent_instance;

  AdwActionRow        *status_row;
  GtkWidget           *overdue_icon;    /* (nullable) shown once it is late */
  GtkWidget           *dvc_expected_by;
  GtkWidget           *dvc_received_on;
  GtkWidget           *record_button;
  GtkWidget           *scan_button;
};

G_DEFINE_FINAL_TYPE (LdEucDvcForm, ld_euc_dvc_form, ADW_TYPE_PREFERENCES_GROUP)

static void
ld_euc_dvc_form_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_EUC_DVC_FORM);
  G_OBJECT_CLASS (ld_euc_dvc_form_parent_class)->dispose (object);
}

static void
ld_euc_dvc_form_class_init (LdEucDvcFormClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ld_euc_dvc_form_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ld-euc-dvc-form.ui");
  gtk_widget_class_bind_template_child (widget_class, LdEucDvcForm, status_row);
  gtk_widget_class_bind_template_child (widget_class, LdEucDvcForm, dvc_expected_by);
  gtk_widget_class_bind_template_child (widget_class, LdEucDvcForm, dvc_received_on);
  gtk_widget_class_bind_template_child (widget_class, LdEucDvcForm, record_button);
  gtk_widget_class_bind_template_child (widget_class, LdEucDvcForm, scan_button);
}

static void
ld_euc_dvc_form_init (LdEucDvcForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_euc_dvc_form_show:
 * @summary: (nullable): where the certificate stands (ld_euc_repo_dvc_summary())
 * @overdue: whether it is late, which is flagged
 * @expected_by: (nullable): the day it is due, to start the field with
 * @editable: whether the person at the desk may record it
 */
void
ld_euc_dvc_form_show (LdEucDvcForm *self,
                      const char   *summary,
                      gboolean      overdue,
                      const char   *expected_by,
                      gboolean      editable)
{
  g_return_if_fail (LD_IS_EUC_DVC_FORM (self));

  adw_action_row_set_subtitle (self->status_row, summary ? summary : _("Not requested"));
  /* Made only when needed: an empty prefix would still indent the row. */
  if (overdue && self->overdue_icon == NULL)
    {
      self->overdue_icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      gtk_widget_add_css_class (self->overdue_icon, "warning");
      adw_action_row_add_prefix (self->status_row, self->overdue_icon);
    }
  if (self->overdue_icon)
    gtk_widget_set_visible (self->overdue_icon, overdue);
  gtk_editable_set_text (GTK_EDITABLE (self->dvc_expected_by), expected_by ? expected_by : "");
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         editable ? _("After shipment the end user's government confirms the "
                                                      "delivery. Give the day it is due, or the day it came and its "
                                                      "scan.")
                                                  : NULL);
  gtk_widget_set_visible (self->dvc_expected_by, editable);
  gtk_widget_set_visible (self->dvc_received_on, editable);
  gtk_widget_set_visible (self->record_button, editable);
  gtk_widget_set_visible (self->scan_button, editable);
}
