/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ld-actor.h"
#include "ld-store.h"

G_BEGIN_DECLS

#define LD_TYPE_BROKER_WINDOW (ld_broker_window_get_type ())
G_DECLARE_FINAL_TYPE (LdBrokerWindow, ld_broker_window, LD, BROKER_WINDOW, AdwWindow)

LdBrokerWindow *ld_broker_window_new               (GtkWindow      *parent,
                                                    LdStore        *store,
                                                    const LdActor  *actor,
                                                    const char     *broker_id);
const char     *ld_broker_window_get_broker_id     (LdBrokerWindow *self);
const char     *ld_broker_window_get_status        (LdBrokerWindow *self);
const char     *ld_broker_window_get_number        (LdBrokerWindow *self);
const char     *ld_broker_window_get_message       (LdBrokerWindow *self);
gboolean        ld_broker_window_get_busy          (LdBrokerWindow *self);
GtkEditable    *ld_broker_window_get_field         (LdBrokerWindow *self,
                                                    const char     *key);
const char     *ld_broker_window_get_field_message (LdBrokerWindow *self,
                                                    const char     *key);
const char     *ld_broker_window_get_duplicates    (LdBrokerWindow *self);
guint           ld_broker_window_count_rows        (LdBrokerWindow *self,
                                                    const char     *section);
void            ld_broker_window_print             (LdBrokerWindow   *self,
                                                    GtkPrintSettings *settings,
                                                    const char       *export_path);
gboolean        ld_broker_window_get_printing      (LdBrokerWindow *self);

G_END_DECLS
