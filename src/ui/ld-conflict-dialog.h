/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LD_TYPE_CONFLICT_DIALOG (ld_conflict_dialog_get_type ())
G_DECLARE_FINAL_TYPE (LdConflictDialog, ld_conflict_dialog, LD, CONFLICT_DIALOG, AdwWindow)

LdConflictDialog *ld_conflict_dialog_new            (GtkWindow        *parent,
                                                     const char       *title,
                                                     const char       *description);
void              ld_conflict_dialog_add_field      (LdConflictDialog *self,
                                                     GtkWidget        *row);
GStrv             ld_conflict_dialog_dup_mine       (LdConflictDialog *self,
                                                     const char       *which);
void              ld_conflict_dialog_show_message   (LdConflictDialog *self,
                                                     const char       *message);

G_END_DECLS
