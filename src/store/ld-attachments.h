/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-store.h"

G_BEGIN_DECLS

char   *ld_attachments_add        (LdStore        *store,
                                   const LdActor  *actor,
                                   const char     *entity,
                                   const char     *record_id,
                                   GFile          *file,
                                   const char     *description,
                                   const char     *expires_on,
                                   GError        **error);
GBytes *ld_attachments_read       (LdStore        *store,
                                   const char     *attachment_id,
                                   char          **out_sha256,
                                   GError        **error);
char   *ld_attachments_find       (LdStore        *store,
                                   const char     *entity,
                                   const char     *record_id,
                                   const char     *file_name,
                                   GError        **error);

G_END_DECLS
