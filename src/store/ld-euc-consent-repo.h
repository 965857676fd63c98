/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ld-euc-consent.h"
#include "ld-euc-repo.h"

G_BEGIN_DECLS

LdEucRecord  *ld_euc_repo_request_consent (LdStore                    *store,
                                           const LdActor              *actor,
                                           const char                 *id_or_number,
                                           const LdEucConsentRequest  *request,
                                           const char                **out_field,
                                           GError                    **error);
LdEucRecord  *ld_euc_repo_decide_consent  (LdStore                    *store,
                                           const LdActor              *actor,
                                           const char                 *id_or_number,
                                           gint64                      seq,
                                           LdEucConsentStatus          decision,
                                           const char                 *reason,
                                           const char                 *list_sha256,
                                           GError                    **error);
gboolean      ld_euc_repo_add_consent_screening (LdStore            *store,
                                           LdEucRecord                *record,
                                           const char                 *list_sha256,
                                           GError                    **error);
void          ld_euc_consent_hit_free     (LdEucConsentHit            *hit);
JsonNode     *ld_euc_repo_pending_consents (LdStore                   *store,
                                            GError                   **error);

G_END_DECLS
