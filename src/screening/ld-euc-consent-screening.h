/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-case-screening.h"

G_BEGIN_DECLS

gboolean  ld_euc_consent_screening_run    (LdStore                *store,
                                           const LdActor          *actor,
                                           LdNameMatcher          *matcher,
                                           LdEmbargoTable         *embargoes,
                                           const char             *certificate,
                                           gint64                  seq,
                                           LdCaseScreeningSummary *summary,
                                           GError                **error);
gboolean  ld_euc_consent_screening_review (LdStore                *store,
                                           const LdActor          *actor,
                                           const char             *hit_id,
                                           gboolean                true_match,
                                           const char             *reason,
                                           GError                **error);

G_END_DECLS
