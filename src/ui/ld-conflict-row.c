/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-conflict-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-conflict-row.h"

/* A conflict or a change the server refused, as a row of the Central
 * Database facts (ui/ld-conflict-row.ui). Its button names the page's
 * central.resolve action with the change's mutation id. */
struct _LdConflictRow
{
  AdwActionRow  parent_instance;

  GtkButton    *resolve;
};

G_DEFINE_FINAL_TYPE (LdConflictRow, ld_conflict_row, ADW_TYPE_ACTION_ROW)

static void
ld_conflict_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_CONFLICT_ROW);
  G_OBJECT_CLASS (ld_conflict_row_parent_class)->dispose (object);
}

static void
ld_conflict_row_class_init (LdConflictRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ld_conflict_row_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/licencedesk/LicenceDesk/ld-conflict-row.ui");
  gtk_widget_class_bind_template_child (widget_class, LdConflictRow, resolve);
}

static void
ld_conflict_row_init (LdConflictRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_conflict_row_new:
 * @may_resolve: whether someone who may resolve it is signed in; the row
 *   shows no button otherwise
 */
GtkWidget *
ld_conflict_row_new (const LdSyncConflict *c,
                     gboolean              may_resolve)
{
  LdConflictRow *self = g_object_new (LD_TYPE_CONFLICT_ROW, NULL);
  g_autofree char *title = g_strdup_printf ("%s %s: %s", c->entity, c->record_id, c->action);
  g_autofree char *value = NULL;
  gboolean clash = g_str_equal (c->outcome, "conflict");
  gboolean notice = g_str_equal (c->outcome, "notice");

  if (notice)
    value = g_strdup_printf (_("For your information: %s"), c->detail ? c->detail : "");
  else if (clash)
    value = g_strdup_printf (_("Conflict on %s. Base: %s. Mine: %s. Theirs: %s."), c->detail ? c->detail : "",
                             c->base ? c->base : "—", c->mine ? c->mine : "—", c->theirs ? c->theirs : "—");
  else
    value = g_strdup_printf (_("Refused by the server: %s"), c->detail ? c->detail : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), value);
  if (notice)
    gtk_button_set_label (self->resolve, _("_Acknowledge…"));
  else if (!clash)
    gtk_button_set_label (self->resolve, _("_Accept…"));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->resolve), "s", c->mutation_id);
  gtk_widget_set_visible (GTK_WIDGET (self->resolve), may_resolve);
  return GTK_WIDGET (self);
}
