/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-euc-info-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-euc-info-row.h"

/* One line of an end-use certificate's record (ui/ld-euc-info-row.ui): its
 * title and value, flagged with a warning icon when it is a diversion
 * indicator, and with the verdict buttons of an open consent screening hit.
 * The buttons run the window's euc.consent-*-hit actions, so GTK disables
 * them while the window has nobody signed in or is busy. */

struct _LdEucInfoRow
{
  AdwActionRow  parent_instance;

  GtkWidget    *warning_icon;
  GtkWidget    *clear_button;
  GtkWidget    *confirm_button;
};

G_DEFINE_FINAL_TYPE (LdEucInfoRow, ld_euc_info_row, ADW_TYPE_ACTION_ROW)

static void
ld_euc_info_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_EUC_INFO_ROW);
  G_OBJECT_CLASS (ld_euc_info_row_parent_class)->dispose (object);
}

static void
ld_euc_info_row_class_init (LdEucInfoRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ld_euc_info_row_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/licencedesk/LicenceDesk/ld-euc-info-row.ui");
  gtk_widget_class_bind_template_child (widget_class, LdEucInfoRow, warning_icon);
  gtk_widget_class_bind_template_child (widget_class, LdEucInfoRow, clear_button);
  gtk_widget_class_bind_template_child (widget_class, LdEucInfoRow, confirm_button);
}

static void
ld_euc_info_row_init (LdEucInfoRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_euc_info_row_new:
 * @title: what the line is
 * @value: (nullable): its value; "Not stated" when empty
 *
 * Returns: (transfer floating): the row
 */
GtkWidget *
ld_euc_info_row_new (const char *title,
                     const char *value)
{
  LdEucInfoRow *self = g_object_new (LD_TYPE_EUC_INFO_ROW, NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), value && value[0] ? value : _("Not stated"));
  return GTK_WIDGET (self);
}

/* A diversion indicator is flagged, not only listed. */
void
ld_euc_info_row_flag (LdEucInfoRow *self)
{
  g_return_if_fail (LD_IS_EUC_INFO_ROW (self));
  gtk_widget_set_visible (self->warning_icon, TRUE);
}

/* An open hit holds the decision back: its verdict at hand, for @hit_id. */
void
ld_euc_info_row_offer_verdicts (LdEucInfoRow *self,
                                const char   *hit_id)
{
  g_return_if_fail (LD_IS_EUC_INFO_ROW (self));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->clear_button), "s", hit_id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->clear_button), "euc.consent-clear-hit");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->confirm_button), "s", hit_id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->confirm_button), "euc.consent-confirm-hit");
  gtk_widget_set_visible (self->clear_button, TRUE);
  gtk_widget_set_visible (self->confirm_button, TRUE);
}
