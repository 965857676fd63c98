/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ld-store.h"

G_BEGIN_DECLS

typedef enum
{
  LD_TRACE_EXPORT_CSV,
  LD_TRACE_EXPORT_PDF,
} LdTraceExport;

#define LD_TYPE_TRACE_WINDOW (ld_trace_window_get_type ())
G_DECLARE_FINAL_TYPE (LdTraceWindow, ld_trace_window, LD, TRACE_WINDOW, AdwWindow)

LdTraceWindow *ld_trace_window_new        (GtkWindow     *parent,
                                           LdStore       *store);
void           ld_trace_window_search     (LdTraceWindow *self,
                                           const char    *marking);
gboolean       ld_trace_window_is_busy    (LdTraceWindow *self);
guint          ld_trace_window_get_n_chains (LdTraceWindow *self);
void           ld_trace_window_export     (LdTraceWindow *self,
                                           LdTraceExport  format,
                                           const char    *path);
const char    *ld_trace_window_get_export_status (LdTraceWindow *self);

G_END_DECLS
