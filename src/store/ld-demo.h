/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-store.h"

G_BEGIN_DECLS

/* The credential of every demonstration profile (documented in the README). */
#define LD_DEMO_CREDENTIAL "demo-desk-2026"

typedef void (*LdDemoProgress) (gint64   done,
                                gint64   total,
                                gpointer user_data);

/* Screens a demo case that was just submitted; returns whether it was
 * screened. The store cannot screen by itself (screening is the layer above). */
typedef gboolean (*LdDemoScreen) (LdStore       *store,
                                  const LdActor *actor,
                                  const char    *case_id,
                                  gpointer       user_data);

gboolean ld_demo_generate (LdStore        *store,
                           const LdActor  *actor,
                           gint64          n_records,
                           guint32         seed,
                           LdDemoProgress  progress,
                           gpointer        user_data,
                           GCancellable   *cancellable,
                           GError        **error);

gboolean ld_demo_generate_full (LdStore        *store,
                                const LdActor  *actor,
                                gint64          n_records,
                                guint32         seed,
                                LdDemoScreen    screen,
                                gpointer        screen_data,
                                LdDemoProgress  progress,
                                gpointer        user_data,
                                GCancellable   *cancellable,
                                GError        **error);

gboolean ld_demo_add_serials (LdStore        *store,
                              const LdActor  *actor,
                              gint64          n_serials,
                              gint64         *out_added,
                              LdDemoProgress  progress,
                              gpointer        user_data,
                              GCancellable   *cancellable,
                              GError        **error);
LdActor *ld_demo_ensure_profiles (LdStore  *store,
                                  GError  **error);

G_END_DECLS
