/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ld-store.h"

G_BEGIN_DECLS

#define LD_TYPE_TRACE_WINDOW (ld_trace_window_get_type ())
G_DECLARE_FINAL_TYPE (LdTraceWindow, ld_trace_window, LD, TRACE_WINDOW, AdwWindow)

LdTraceWindow *ld_trace_window_new        (GtkWindow     *parent,
                                           LdStore       *store);
void           ld_trace_window_search     (LdTraceWindow *self,
                                           const char    *serial);
gboolean       ld_trace_window_is_busy    (LdTraceWindow *self);
guint          ld_trace_window_get_n_chains (LdTraceWindow *self);

G_END_DECLS
