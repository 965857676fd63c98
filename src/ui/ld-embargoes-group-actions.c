/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-embargoes-group"

#include "config.h"

#include "ld-embargoes-group-private.h"

/* Editing the embargo table; update_actions() alone says when. */

static void
add_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  _ld_embargoes_group_add (LD_EMBARGOES_GROUP (widget));
}

static void
change_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  _ld_embargoes_group_change (LD_EMBARGOES_GROUP (widget), g_variant_get_string (parameter, NULL));
}

static void
end_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  _ld_embargoes_group_end (LD_EMBARGOES_GROUP (widget), g_variant_get_string (parameter, NULL));
}

static void
import_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  _ld_embargoes_group_choose_import (LD_EMBARGOES_GROUP (widget));
}

static void
import_file_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));

  ld_embargoes_group_import (LD_EMBARGOES_GROUP (widget), file);
}

void
_ld_embargoes_group_class_install_actions (GtkWidgetClass *klass)
{
  gtk_widget_class_install_action (klass, "embargoes.add", NULL, add_activated);
  gtk_widget_class_install_action (klass, "embargoes.change", "s", change_activated);
  gtk_widget_class_install_action (klass, "embargoes.end", "s", end_activated);
  gtk_widget_class_install_action (klass, "embargoes.import", NULL, import_activated);
  gtk_widget_class_install_action (klass, "embargoes.import-file", "s", import_file_activated);
}

/* Administrators edit the table; a read-only store takes no change. */
void
_ld_embargoes_group_update_actions (LdEmbargoesGroup *self)
{
  gboolean may = self->store != NULL && !ld_store_is_read_only (self->store) && self->actor != NULL &&
                 ld_role_can (self->actor->role, LD_PERMISSION_EDIT_EMBARGOES);
  const char *actions[] = { "embargoes.add", "embargoes.change", "embargoes.end", "embargoes.import",
                            "embargoes.import-file" };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], may && !self->busy && self->table != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->add_row), may);
  gtk_widget_set_visible (self->import_button, may);
}
