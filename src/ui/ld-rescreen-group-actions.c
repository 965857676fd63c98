/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-rescreen-group"

#include "config.h"

#include "ld-rescreen-group-private.h"

/* Screen Again and Stop; update_actions() alone says when. */

static void
start_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ld_rescreen_group_start (LD_RESCREEN_GROUP (widget));
}

static void
stop_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ld_rescreen_group_stop (LD_RESCREEN_GROUP (widget));
}

void
_ld_rescreen_group_class_install_actions (GtkWidgetClass *klass)
{
  gtk_widget_class_install_action (klass, "rescreen.start", NULL, start_activated);
  gtk_widget_class_install_action (klass, "rescreen.stop", NULL, stop_activated);
}

/* Officers who screen cases start it, once the list is read, on a store that
 * takes changes; Stop shows while a run is under way. */
static gboolean
may_screen (LdRescreenGroup *self)
{
  return self->store != NULL && !ld_store_is_read_only (self->store) && self->actor != NULL &&
         ld_role_can (self->actor->role, LD_PERMISSION_SCREEN_CASES);
}

void
_ld_rescreen_group_update_actions (LdRescreenGroup *self)
{
  gboolean running = self->cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rescreen.start",
                                 may_screen (self) && self->list_ready && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rescreen.stop", running);
  gtk_widget_set_visible (GTK_WIDGET (self), self->store != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->start_button), may_screen (self));
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), running);
}
