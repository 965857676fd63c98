/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-euc-repo.h"
#include "ld-section.h"

G_BEGIN_DECLS

/* For the certificate's other files (ld-euc-consent-repo.c): one change of a
 * certificate opens with _ld_euc_repo_begin_change(), writes its rows, bumps
 * the version and ends with _ld_euc_repo_commit_change(), which writes the
 * audit entry with the whole certificate before and after. */
LdEucRecord *_ld_euc_repo_begin_change  (LdStore            *store,
                                         const char         *id_or_number,
                                         GError            **error);
LdEucRecord *_ld_euc_repo_commit_change (LdStore            *store,
                                         const LdActor      *actor,
                                         const char         *action,
                                         const LdEucRecord  *before,
                                         GError            **error);
gboolean     _ld_euc_repo_bump_version  (LdStore            *store,
                                         const char         *id,
                                         GError            **error);
char        *_ld_euc_repo_today         (void);
gboolean     _ld_euc_consent_repo_load  (LdStore            *store,
                                         const char         *euc_id,
                                         GPtrArray          *into,
                                         GError            **error);
void         _ld_euc_consent_free       (LdEucConsent       *consent);
gboolean     _ld_euc_repo_fill_list_rows    (LdStore          *store,
                                             const LdSection  *section,
                                             GPtrArray        *rows,
                                             GError          **error);
gboolean     _ld_euc_repo_fill_licence_rows (LdStore          *store,
                                             const LdSection  *section,
                                             GPtrArray        *rows,
                                             GError          **error);
void         _ld_euc_consent_add_json   (JsonBuilder        *builder,
                                         const LdEucRecord  *record);

/* Inside the pull's transaction: the central database's image of a certificate. */
gboolean _ld_euc_repo_apply_image (LdStore        *store,
                                   const LdActor  *actor,
                                   const char     *action,
                                   const char     *id,
                                   JsonObject     *image,
                                   gboolean       *out_changed,
                                   GError        **error);

G_END_DECLS
