/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-broker-screening.h"
#include "ld-case-screening-private.h"

G_BEGIN_DECLS

/* A broker on the register as a re-screening reads it. */
typedef struct
{
  const char *id;
  gint64      row_version;
  const char *registration_number;
} LdBrokerScreened;

GPtrArray *_ld_broker_screening_works (const char                   *legal_name,
                                       const char                   *other_names,
                                       const char                   *country);
gboolean   _ld_broker_screening_write (LdStore                      *store,
                                       const LdActor                *actor,
                                       const LdCaseScreeningContext *context,
                                       const LdBrokerScreened       *broker,
                                       GPtrArray                    *works,
                                       LdCaseScreeningSummary       *summary,
                                       GError                      **error);

G_END_DECLS
