/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-denials-group"

#include "config.h"

#include "ld-denials-group-private.h"

/* Recording and voiding a denial; update_actions() alone says when. */

static void
record_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  _ld_denials_group_record (LD_DENIALS_GROUP (widget));
}

static void
void_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  _ld_denials_group_void (LD_DENIALS_GROUP (widget), g_variant_get_string (parameter, NULL));
}

void
_ld_denials_group_class_install_actions (GtkWidgetClass *klass)
{
  gtk_widget_class_install_action (klass, "denials.record", NULL, record_activated);
  gtk_widget_class_install_action (klass, "denials.void", "s", void_activated);
}

/* Senior officers and administrators keep the register; a read-only store
 * takes no change. */
void
_ld_denials_group_update_actions (LdDenialsGroup *self)
{
  gboolean may = self->store != NULL && !ld_store_is_read_only (self->store) && self->actor != NULL &&
                 ld_role_can (self->actor->role, LD_PERMISSION_RECORD_DENIALS);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "denials.record", may && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "denials.void", may && !self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->record_row), may);
}
