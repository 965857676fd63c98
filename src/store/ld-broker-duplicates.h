/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-broker.h"
#include "ld-store.h"

G_BEGIN_DECLS

/* An existing broker that a new one may duplicate, and why we think so. */
typedef struct
{
  char *id;
  char *registration_number;
  char *legal_name;
  char *status;
  char *why;
} LdBrokerDuplicate;

void             ld_broker_duplicate_free          (LdBrokerDuplicate  *duplicate);

GPtrArray       *ld_broker_repo_find_duplicates    (LdStore            *store,
                                                    const LdBrokerDraft *draft,
                                                    const char         *exclude_id,
                                                    GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdBrokerDuplicate, ld_broker_duplicate_free)

G_END_DECLS
