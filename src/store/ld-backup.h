/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-audit-anchor.h"
#include "ld-store.h"

G_BEGIN_DECLS

LdAuditAnchor *ld_backup_store (LdStore     *store,
                                const char  *destination,
                                GError     **error);

G_END_DECLS
