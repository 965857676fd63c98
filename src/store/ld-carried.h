/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ld-store.h"

G_BEGIN_DECLS

/* Records that belong to another one at the desk (a case's screening runs and
 * the verdicts on their hits) but are records of their own on the central
 * database, so that every desk holds them. */

#define LD_CARRIED_CASE_RUN          "screening_run"
#define LD_CARRIED_CASE_VERDICT      "screening_verdict"
#define LD_CARRIED_CONSENT_RUN       "consent_screening_run"
#define LD_CARRIED_CONSENT_VERDICT   "consent_screening_verdict"
#define LD_CARRIED_CASE_EVENT        "application_event"
#define LD_CARRIED_BROKER_EVENT      "broker_event"
#define LD_CARRIED_EXEMPTION         "embargo_exemption"

gboolean ld_carried_queue_run     (LdStore        *store,
                                   const char     *kind,
                                   const char     *run_id,
                                   GError        **error);
gboolean ld_carried_queue_verdict (LdStore        *store,
                                   const char     *kind,
                                   const char     *hit_id,
                                   GError        **error);
gboolean ld_carried_queue_event   (LdStore        *store,
                                   const char     *kind,
                                   gint64          rowid,
                                   GError        **error);
gboolean ld_carried_queue_exemption (LdStore        *store,
                                     const char     *id,
                                     const char     *before_json,
                                     GError        **error);
char    *ld_carried_exemption_image (LdStore        *store,
                                     const char     *id,
                                     GError        **error);

/* Appliers of ld-pulled.c, inside the pull's transaction. */
gboolean _ld_carried_apply_case_run (LdStore        *store,
                                    const LdActor  *actor,
                                    const char     *action,
                                    const char     *id,
                                    JsonObject     *image,
                                    gboolean       *out_changed,
                                    GError        **error);
gboolean _ld_carried_apply_consent_run (LdStore        *store,
                                       const LdActor  *actor,
                                       const char     *action,
                                       const char     *id,
                                       JsonObject     *image,
                                       gboolean       *out_changed,
                                       GError        **error);
gboolean _ld_carried_apply_case_verdict (LdStore        *store,
                                        const LdActor  *actor,
                                        const char     *action,
                                        const char     *id,
                                        JsonObject     *image,
                                        gboolean       *out_changed,
                                        GError        **error);
gboolean _ld_carried_apply_consent_verdict (LdStore        *store,
                                           const LdActor  *actor,
                                           const char     *action,
                                           const char     *id,
                                           JsonObject     *image,
                                           gboolean       *out_changed,
                                           GError        **error);
gboolean _ld_carried_apply_denial (LdStore        *store,
                                  const LdActor  *actor,
                                  const char     *action,
                                  const char     *id,
                                  JsonObject     *image,
                                  gboolean       *out_changed,
                                  GError        **error);
gboolean _ld_carried_apply_case_event (LdStore        *store,
                                      const LdActor  *actor,
                                      const char     *action,
                                      const char     *id,
                                      JsonObject     *image,
                                      gboolean       *out_changed,
                                      GError        **error);
gboolean _ld_carried_apply_broker_event (LdStore        *store,
                                        const LdActor  *actor,
                                        const char     *action,
                                        const char     *id,
                                        JsonObject     *image,
                                        gboolean       *out_changed,
                                        GError        **error);
gboolean _ld_carried_apply_exemption (LdStore        *store,
                                     const LdActor  *actor,
                                     const char     *action,
                                     const char     *id,
                                     JsonObject     *image,
                                     gboolean       *out_changed,
                                     GError        **error);

G_END_DECLS
