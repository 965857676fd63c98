/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-licence-repo.h"

G_BEGIN_DECLS

/* Inside a write transaction: the next number of a licence series. The demo
 * generator numbers its historic licences through it too. */
gint64  _ld_licence_repo_allocate_number (LdStore     *store,
                                          const char  *series,
                                          GError     **error);

G_END_DECLS
