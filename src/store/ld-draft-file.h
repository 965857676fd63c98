/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LD_TYPE_DRAFT_FILE (ld_draft_file_get_type ())
G_DECLARE_FINAL_TYPE (LdDraftFile, ld_draft_file, LD, DRAFT_FILE, GObject)

LdDraftFile *ld_draft_file_new          (GFile         *file);
LdDraftFile *ld_draft_file_new_for_path (const char    *path);
void         ld_draft_file_load_async   (LdDraftFile   *self,
                                         GCancellable  *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer       user_data);
GKeyFile    *ld_draft_file_load_finish  (LdDraftFile   *self,
                                         GAsyncResult  *result,
                                         GError       **error);
void         ld_draft_file_save         (LdDraftFile   *self,
                                         GKeyFile      *keys);
void         ld_draft_file_discard      (LdDraftFile   *self);
gboolean     ld_draft_file_is_idle      (LdDraftFile   *self);

G_END_DECLS
