/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ld-case-repo.h"

G_BEGIN_DECLS

/* For sibling repositories that act on a case inside their own transaction
 * (issuing a licence reads the approved case under the write lock). */
LdCaseRecord *_ld_case_repo_load_locked (LdStore     *store,
                                         const char  *id_or_reference,
                                         int          version,
                                         GError     **error);

gboolean      _ld_case_repo_apply_image (LdStore        *store,
                                         const LdActor  *actor,
                                         const char     *action,
                                         const char     *id,
                                         JsonObject     *image,
                                         gboolean       *out_changed,
                                         GError        **error);

G_END_DECLS
