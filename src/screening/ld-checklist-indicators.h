/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-checklist-repo.h"

G_BEGIN_DECLS

/* A quantity more than this many times the same end user's largest earlier
 * approved case is "far above" its earlier licences. */
#define LD_CHECKLIST_QUANTITY_FACTOR 3

GPtrArray             *ld_checklist_indicators_read (LdStore        *store,
                                                     const char     *id_or_reference,
                                                     GError        **error);
LdChecklistAssessment *ld_checklist_refresh         (LdStore        *store,
                                                     const LdActor  *actor,
                                                     const char     *id_or_reference,
                                                     GPtrArray      *responses,
                                                     GPtrArray     **out_indicators,
                                                     GError        **error);

gboolean               ld_checklist_refresh_indicators (LdStore     *store,
                                                        const LdActor *actor,
                                                        const char  *id_or_reference,
                                                        GError     **error);

G_END_DECLS
