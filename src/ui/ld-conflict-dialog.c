/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-conflict-dialog"

#include "config.h"

#include "ld-conflict-dialog.h"
#include "ld-conflict-field-row.h"

/* The resolution view of a conflict (ui/ld-conflict-dialog.ui): a row per
 * field whose versions differ, and Take Theirs, Keep Mine and Merge Chosen
 * Fields. Its "resolve" signal says which ("theirs", "mine" or "chosen");
 * the Central Database page does the work and answers with a message or
 * closes it. */
struct _LdConflictDialog
{
  AdwWindow            parent_instance;

  AdwPreferencesGroup *fields_group;
  GtkLabel            *message;
  GPtrArray           *rows;      /* LdConflictFieldRow */
};

G_DEFINE_FINAL_TYPE (LdConflictDialog, ld_conflict_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_RESOLVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
take_theirs_cb (LdConflictDialog *self)
{
  g_signal_emit (self, signals[SIGNAL_RESOLVE], 0, "theirs");
}

static void
keep_mine_cb (LdConflictDialog *self)
{
  g_signal_emit (self, signals[SIGNAL_RESOLVE], 0, "mine");
}

static void
merge_cb (LdConflictDialog *self)
{
  g_signal_emit (self, signals[SIGNAL_RESOLVE], 0, "chosen");
}

static void
ld_conflict_dialog_dispose (GObject *object)
{
  LdConflictDialog *self = LD_CONFLICT_DIALOG (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_CONFLICT_DIALOG);
  G_OBJECT_CLASS (ld_conflict_dialog_parent_class)->dispose (object);
}

static void
ld_conflict_dialog_class_init (LdConflictDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ld_conflict_dialog_dispose;
  signals[SIGNAL_RESOLVE] = g_signal_new ("resolve", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                          NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/licencedesk/LicenceDesk/ld-conflict-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LdConflictDialog, fields_group);
  gtk_widget_class_bind_template_child (widget_class, LdConflictDialog, message);
  gtk_widget_class_bind_template_callback (widget_class, take_theirs_cb);
  gtk_widget_class_bind_template_callback (widget_class, keep_mine_cb);
  gtk_widget_class_bind_template_callback (widget_class, merge_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ld_conflict_dialog_init (LdConflictDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
}

LdConflictDialog *
ld_conflict_dialog_new (GtkWindow  *parent,
                        const char *title,
                        const char *description)
{
  LdConflictDialog *self = g_object_new (LD_TYPE_CONFLICT_DIALOG, "transient-for", parent, NULL);

  adw_preferences_group_set_title (self->fields_group, title);
  adw_preferences_group_set_description (self->fields_group, description);
  return self;
}

/* @row: (transfer floating): an LdConflictFieldRow */
void
ld_conflict_dialog_add_field (LdConflictDialog *self,
                              GtkWidget        *row)
{
  g_return_if_fail (LD_IS_CONFLICT_DIALOG (self));
  g_return_if_fail (LD_IS_CONFLICT_FIELD_ROW (row));

  adw_preferences_group_add (self->fields_group, row);
  g_ptr_array_add (self->rows, row);
}

/**
 * ld_conflict_dialog_dup_mine:
 * @which: "mine" (every differing field), "chosen" (the checked ones) or "theirs" (none)
 *
 * Returns: (transfer full): the fields to keep from this desk
 */
GStrv
ld_conflict_dialog_dup_mine (LdConflictDialog *self,
                             const char       *which)
{
  g_autoptr(GStrvBuilder) fields = g_strv_builder_new ();

  g_return_val_if_fail (LD_IS_CONFLICT_DIALOG (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      LdConflictFieldRow *row = g_ptr_array_index (self->rows, i);

      if (g_str_equal (which, "mine") || (g_str_equal (which, "chosen") && ld_conflict_field_row_get_keep (row)))
        g_strv_builder_add (fields, ld_conflict_field_row_get_field (row));
    }
  return g_strv_builder_end (fields);
}

/* @message: (nullable): why the resolution failed; %NULL hides it */
void
ld_conflict_dialog_show_message (LdConflictDialog *self,
                                 const char       *message)
{
  g_return_if_fail (LD_IS_CONFLICT_DIALOG (self));

  gtk_label_set_text (self->message, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message), message != NULL);
}
