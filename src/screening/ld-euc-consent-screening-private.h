/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-case-screening-private.h"
#include "ld-euc-repo.h"

G_BEGIN_DECLS

LdCase   *_ld_euc_consent_screening_as_case (const LdEucRecord            *r,
                                             const LdEucConsent           *c);
gboolean  _ld_euc_consent_screening_write   (LdStore                      *store,
                                             const LdActor                *actor,
                                             const LdCaseScreeningContext *context,
                                             const LdEucRecord            *r,
                                             const LdEucConsent           *c,
                                             const LdCase                 *data,
                                             GPtrArray                    *works,
                                             LdCaseScreeningSummary       *summary,
                                             GError                      **error);

G_END_DECLS
