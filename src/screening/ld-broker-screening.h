/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-case-screening.h"
#include "ld-store.h"

G_BEGIN_DECLS

char     *ld_broker_screening_to_json (LdStore        *store,
                                       const char     *registration_or_id,
                                       GError        **error);
gboolean  ld_broker_screening_review  (LdStore        *store,
                                       const LdActor  *actor,
                                       const char     *hit_id,
                                       gboolean        true_match,
                                       const char     *reason,
                                       GError        **error);

G_END_DECLS
