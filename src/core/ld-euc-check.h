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
  LD_EUC_FINDING_UNKNOWN_AUTHORITY,
  LD_EUC_FINDING_UNKNOWN_SIGNATORY,
  LD_EUC_FINDING_SIGNATORY_NOT_IN_OFFICE,
  LD_EUC_FINDING_DVC_OVERDUE,
  LD_EUC_FINDING_CONSENT_PENDING,    /* a re-export consent request awaits a decision */
} LdEucFindingKind;

/* A known signatory of an issuing authority and when they held office. */
typedef struct
{
  char *name;
  char *position;
  char *valid_from;    /* YYYY-MM-DD */
  char *valid_until;   /* YYYY-MM-DD or NULL while in office */
} LdEucSignatory;

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

char       *ld_euc_name_key       (const char *name);
void        ld_euc_signatory_free (LdEucSignatory *signatory);
gboolean    ld_euc_signatory_validate (const LdEucSignatory *signatory,
                                       GError              **error);
void        ld_euc_check_authority (GPtrArray    *findings,
                                    const LdEuc  *euc,
                                    gboolean      authority_known,
                                    GPtrArray    *signatories);

void        ld_euc_check_add_dvc_overdue (GPtrArray  *findings,
                                          const char *expected_by);
void        ld_euc_check_add_consent_pending (GPtrArray *findings,
                                              guint      n_pending);
const char *ld_euc_finding_title  (LdEucFindingKind kind);
char       *ld_euc_findings_summary (GPtrArray *findings);

G_END_DECLS
