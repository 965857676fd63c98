/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ld-case.h"
#include "ld-euc.h"

G_BEGIN_DECLS

/* What the consistency checks of a certificate against the application it
 * covers can find; each one is an indicator of the diversion-risk checklist
 * (DOMAIN.md: "EUC unverified, expired, reused or inconsistent with the
 * application"). */
typedef enum
{
  LD_EUC_FINDING_UNVERIFIED,
  LD_EUC_FINDING_DOUBTFUL,
  LD_EUC_FINDING_NOT_VALID,          /* forged or withdrawn */
  LD_EUC_FINDING_EXPIRED,
  LD_EUC_FINDING_REUSED,
  LD_EUC_FINDING_NOT_LINKED,
  LD_EUC_FINDING_DESTINATION,
  LD_EUC_FINDING_ISSUER_NOT_DESTINATION,
  LD_EUC_FINDING_END_USER,
  LD_EUC_FINDING_QUANTITY,
  LD_EUC_FINDING_CONTRACT,
  LD_EUC_FINDING_NO_REEXPORT_UNDERTAKING,
} LdEucFindingKind;

typedef struct
{
  LdEucFindingKind  kind;
  char             *code;      /* stable name, e.g. "quantity", for JSON and the checklist */
  char             *message;   /* a sentence for the officer */
} LdEucFinding;

void        ld_euc_finding_free   (LdEucFinding *finding);
GPtrArray  *ld_euc_check          (const LdEuc  *euc,
                                   LdEucStatus   status,
                                   guint         n_reuse_attempts,
                                   const LdCase *application,
                                   const char   *today);

G_END_DECLS
