/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ld-case-repo.h"

G_BEGIN_DECLS

/* A registered broker an officer may name on a new case, with the per-deal
 * authorisation it holds that no case uses yet. */
typedef struct
{
  char *id;
  char *name;
  char *country;
  char *registration_number;
  char *status;                /* the status's title, translated */
  char *authorisation;         /* (nullable) number of an unused authorisation in force */
} LdBrokerCandidate;

void          ld_broker_candidate_free           (LdBrokerCandidate *candidate);
GPtrArray    *ld_case_intake_broker_candidates    (LdStore        *store,
                                                   const char     *text,
                                                   guint           limit,
                                                   GError        **error);

void          ld_case_intake_create_async         (LdStore        *store,
                                                   const LdActor  *actor,
                                                   LdCase         *data,
                                                   GCancellable   *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer        user_data);
LdCaseRecord *ld_case_intake_create_finish        (LdStore        *store,
                                                   GAsyncResult   *result,
                                                   GError        **error);
void          ld_case_intake_known_parties_async  (LdStore        *store,
                                                   const char     *name_prefix,
                                                   guint           limit,
                                                   GCancellable   *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer        user_data);
GPtrArray    *ld_case_intake_known_parties_finish (LdStore        *store,
                                                   GAsyncResult   *result,
                                                   GError        **error);
void          ld_case_intake_broker_candidates_async  (LdStore        *store,
                                                       const char     *text,
                                                       guint           limit,
                                                       GCancellable   *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer        user_data);
GPtrArray    *ld_case_intake_broker_candidates_finish (LdStore        *store,
                                                       GAsyncResult   *result,
                                                       GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdBrokerCandidate, ld_broker_candidate_free)

G_END_DECLS
