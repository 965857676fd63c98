/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-euc-record-page"

#include "config.h"

#include "ld-euc-record-page.h"

/* The record page of an end-use certificate (ui/ld-euc-record-page.ui): its
 * groups in the order an officer checks them, the verification and link
 * forms (hidden until the window shows the ones the profile may use) and
 * the DVC form. The window adds the record's lines to the groups. */

struct _LdEucRecordPage
{
  AdwPreferencesPage   parent_instance;

  AdwPreferencesGroup *group[LD_EUC_RECORD_N_GROUPS];
  AdwComboRow         *status_row;
  LdEucDvcForm        *dvc;
  GtkWidget           *compare_button;
  GtkWidget           *attach_button;
};

G_DEFINE_FINAL_TYPE (LdEucRecordPage, ld_euc_record_page, ADW_TYPE_PREFERENCES_PAGE)

static void
ld_euc_record_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_EUC_RECORD_PAGE);
  G_OBJECT_CLASS (ld_euc_record_page_parent_class)->dispose (object);
}

static void
ld_euc_record_page_class_init (LdEucRecordPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  /* The template's ids, in the order of LdEucRecordGroup. */
  static const char *group_ids[] = {
    "findings_group", "verification_group", "application_group", "scans_group", "certificate_group",
    "undertakings_group", "verify_form_group", "link_form_group", "consents_group",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (group_ids) == LD_EUC_RECORD_N_GROUPS);
  g_type_ensure (LD_TYPE_EUC_DVC_FORM);
  G_OBJECT_CLASS (klass)->dispose = ld_euc_record_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/licencedesk/LicenceDesk/ld-euc-record-page.ui");
  for (guint i = 0; i < G_N_ELEMENTS (group_ids); i++)
    gtk_widget_class_bind_template_child_full (widget_class, group_ids[i], FALSE,
                                               G_STRUCT_OFFSET (LdEucRecordPage, group)
                                                 + i * sizeof (AdwPreferencesGroup *));
  gtk_widget_class_bind_template_child (widget_class, LdEucRecordPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, LdEucRecordPage, dvc);
  gtk_widget_class_bind_template_child (widget_class, LdEucRecordPage, compare_button);
  gtk_widget_class_bind_template_child (widget_class, LdEucRecordPage, attach_button);
}

static void
ld_euc_record_page_init (LdEucRecordPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ld_euc_record_page_new (void)
{
  return g_object_new (LD_TYPE_EUC_RECORD_PAGE, NULL);
}

/**
 * ld_euc_record_page_get_group:
 *
 * Returns: (transfer none): one of the page's groups
 */
AdwPreferencesGroup *
ld_euc_record_page_get_group (LdEucRecordPage  *self,
                              LdEucRecordGroup  group)
{
  g_return_val_if_fail (LD_IS_EUC_RECORD_PAGE (self), NULL);
  g_return_val_if_fail (group < LD_EUC_RECORD_N_GROUPS, NULL);
  return self->group[group];
}

/**
 * ld_euc_record_page_get_status_row:
 *
 * Returns: (transfer none): the verification form's outcome
 */
AdwComboRow *
ld_euc_record_page_get_status_row (LdEucRecordPage *self)
{
  g_return_val_if_fail (LD_IS_EUC_RECORD_PAGE (self), NULL);
  return self->status_row;
}

/**
 * ld_euc_record_page_get_dvc:
 *
 * Returns: (transfer none): the delivery verification certificate's form
 */
LdEucDvcForm *
ld_euc_record_page_get_dvc (LdEucRecordPage *self)
{
  g_return_val_if_fail (LD_IS_EUC_RECORD_PAGE (self), NULL);
  return self->dvc;
}

/* Comparing needs the issuing authority's specimen; attaching, a profile that may edit. */
void
ld_euc_record_page_show_scan_buttons (LdEucRecordPage *self,
                                      gboolean         compare,
                                      gboolean         attach)
{
  g_return_if_fail (LD_IS_EUC_RECORD_PAGE (self));
  gtk_widget_set_visible (self->compare_button, compare);
  gtk_widget_set_visible (self->attach_button, attach);
}
