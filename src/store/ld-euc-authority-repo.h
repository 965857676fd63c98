/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ld-euc-check.h"
#include "ld-store.h"

G_BEGIN_DECLS

gboolean   ld_euc_authority_repo_add            (LdStore               *store,
                                                 const LdActor         *actor,
                                                 const char            *country,
                                                 const char            *name,
                                                 GError               **error);
gboolean   ld_euc_authority_repo_add_signatory  (LdStore               *store,
                                                 const LdActor         *actor,
                                                 const char            *country,
                                                 const char            *authority,
                                                 const LdEucSignatory  *signatory,
                                                 GError               **error);
gboolean   ld_euc_authority_repo_add_specimen   (LdStore               *store,
                                                 const LdActor         *actor,
                                                 const char            *country,
                                                 const char            *authority,
                                                 GFile                 *file,
                                                 GError               **error);
gboolean   ld_euc_authority_repo_lookup         (LdStore               *store,
                                                 const char            *country,
                                                 const char            *authority,
                                                 gboolean              *out_country_listed,
                                                 gboolean              *out_known,
                                                 GPtrArray            **out_signatories,
                                                 GError               **error);
JsonNode  *ld_euc_authority_repo_list           (LdStore               *store,
                                                 GError               **error);

G_END_DECLS
