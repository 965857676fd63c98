/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-embargo-table.h"
#include "ld-name-matcher.h"
#include "ld-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint n_parties;
  guint n_open;          /* hits an officer must judge before a recommendation */
  guint n_cleared_before; /* raised again but cleared earlier for the same party and entry */
  guint n_logged;
} LdCaseScreeningSummary;

gboolean   ld_case_screening_run     (LdStore                *store,
                                      const LdActor          *actor,
                                      LdNameMatcher          *matcher,
                                      LdEmbargoTable         *embargoes,
                                      const char             *application,
                                      LdCaseScreeningSummary *summary,
                                      GError                **error);
gboolean   ld_case_screening_rescreen_open (LdStore        *store,
                                            const LdActor  *actor,
                                            LdNameMatcher  *matcher,
                                            LdEmbargoTable *embargoes,
                                            guint          *out_n_cases,
                                            guint          *out_n_open,
                                            GError        **error);
gboolean   ld_case_screening_review  (LdStore                *store,
                                      const LdActor          *actor,
                                      const char             *hit_id,
                                      gboolean                true_match,
                                      const char             *reason,
                                      GError                **error);
gboolean   ld_case_screening_is_current (LdStore     *store,
                                         const char  *application_id,
                                         gboolean    *out_current,
                                         GError     **error);
char      *ld_case_screening_describe_last_run (LdStore     *store,
                                                const char  *application_id,
                                                GError     **error);
char      *ld_case_screening_installed_list_sha256 (const char  *list_dir,
                                                    GError     **error);
char      *ld_case_screening_to_json (LdStore                *store,
                                      const char             *application,
                                      GError                **error);

G_END_DECLS
