/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ld-broker-duplicates.h"

G_BEGIN_DECLS

void       ld_broker_name_check_async       (LdStore              *store,
                                             LdBrokerDraft        *draft,
                                             const char           *exclude_id,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
GPtrArray *ld_broker_name_check_finish      (GAsyncResult         *result,
                                             GError              **error);
char      *ld_broker_duplicates_describe    (GPtrArray            *duplicates);

G_END_DECLS
