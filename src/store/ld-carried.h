/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ld-store.h"

G_BEGIN_DECLS

/* Records that belong to another one at the desk (a case's screening runs and
 * the verdicts on their hits, a case's and a broker's history, a case's
 * embargo exemptions) and the denial register: records of their own on the
 * central database, so that every desk holds them. */

#define LD_CARRIED_CASE_RUN          "screening_run"
#define LD_CARRIED_CASE_VERDICT      "screening_verdict"
#define LD_CARRIED_CONSENT_RUN       "consent_screening_run"
#define LD_CARRIED_CONSENT_VERDICT   "consent_screening_verdict"
#define LD_CARRIED_CASE_EVENT        "application_event"
#define LD_CARRIED_BROKER_EVENT      "broker_event"
#define LD_CARRIED_EXEMPTION         "embargo_exemption"
#define LD_CARRIED_DENIAL            "denial"
#define LD_CARRIED_REFUSAL_CRITERIA  "application_refusal_criteria"
#define LD_CARRIED_BROKER_PERSON     "broker_person"
#define LD_CARRIED_BROKER_RUN        "broker_screening"
#define LD_CARRIED_BROKER_VERDICT    "broker_screening_verdict"

gboolean ld_carried_queue       (LdStore        *store,
                                 const char     *kind,
                                 const char     *id,
                                 const char     *before_json,
                                 GError        **error);
gboolean ld_carried_queue_image (LdStore        *store,
                                 const char     *kind,
                                 const char     *id,
                                 const char     *image,
                                 GError        **error);
gboolean ld_carried_queue_event (LdStore        *store,
                                 const char     *kind,
                                 gint64          rowid,
                                 GError        **error);
gboolean ld_carried_queue_broker_screening (LdStore     *store,
                                            const char  *broker_id,
                                            const char  *run_at,
                                            GError     **error);
char    *ld_carried_image       (LdStore        *store,
                                 const char     *kind,
                                 const char     *id,
                                 GError        **error);

/* What ld-pulled.c applies, inside the pull's transaction. */
gboolean _ld_carried_holds      (const char     *entity);
gboolean _ld_carried_apply      (LdStore        *store,
                                 const char     *entity,
                                 const LdActor  *actor,
                                 const char     *action,
                                 const char     *id,
                                 JsonObject     *image,
                                 gboolean       *out_changed,
                                 GError        **error);

G_END_DECLS
