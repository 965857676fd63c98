/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ld-euc.h"
#include "ld-euc-check.h"
#include "ld-euc-consent.h"
#include "ld-store.h"

G_BEGIN_DECLS

#define LD_EUC_REPO_ERROR (ld_euc_repo_error_quark ())

typedef enum
{
  LD_EUC_REPO_ERROR_NOT_FOUND,
  LD_EUC_REPO_ERROR_EXISTS,
  LD_EUC_REPO_ERROR_AMBIGUOUS,
  LD_EUC_REPO_ERROR_VOIDED,
  LD_EUC_REPO_ERROR_NOT_LINKABLE,
  LD_EUC_REPO_ERROR_REUSE_REFUSED,
  LD_EUC_REPO_ERROR_NOT_A_SCAN,
} LdEucRepoError;

typedef struct
{
  char        *status;        /* ld_euc_status_to_string() */
  char        *method;
  char        *verified_on;
  char        *recorded_at;
  char        *recorded_by_login;
} LdEucVerification;

typedef struct
{
  char        *application_id;
  char        *application_reference;
  char        *linked_at;
  char        *linked_by_login;
  char        *override_reason;   /* set when a senior officer allowed a second application */
  char        *voided_at;
} LdEucLink;

typedef struct
{
  char        *application_reference;
  char        *attempted_at;
  char        *attempted_by_login;
  char        *outcome;           /* refused or allowed */
  char        *reason;
} LdEucReuseAttempt;

typedef struct
{
  char        *id;
  char        *file_name;
  char        *media_type;
  char        *added_at;
} LdEucScan;

/* One screening hit of a re-export consent request, as for a case. */
typedef struct
{
  char   *id;
  char   *kind;           /* sanctions, denial or embargo */
  char   *party_role;
  char   *party_name;
  char   *entry_ref;
  char   *matched_name;
  char   *band;
  char   *reason;
  char   *status;         /* open, true_match, false_match, logged */
  char   *reviewed_by;
  char   *review_reason;
  double  score;
} LdEucConsentHit;

/* A request to re-export under the certificate, and its decision. */
typedef struct
{
  char                *id;
  gint64               seq;              /* 1, 2, ... within the certificate */
  LdEucConsentRequest  request;
  LdEucConsentStatus   status;
  char                *recorded_at;
  char                *recorded_by_login;
  char                *recorded_person;
  char                *decided_at;
  char                *decided_by_login;
  char                *decision_reason;
  /* Set by ld_euc_repo_add_consent_screening(), else NULL. */
  GPtrArray           *hits;             /* (element-type LdEucConsentHit) all but superseded ones */
  char                *screened;         /* a sentence saying when and against what; NULL: never screened */
  GPtrArray           *unmet_grant;      /* (element-type utf8) what the decision gate waits for */
  GPtrArray           *unmet_refusal;
} LdEucConsent;

typedef struct
{
  char        *id;
  gint64       rowid;
  gint64       row_version;
  LdEuc       *euc;
  LdEucStatus  status;
  char        *registered_at;
  char        *registered_by_login;
  char        *voided_at;
  char        *voided_by_login;
  char        *void_reason;
  char        *dvc_expected_by;  /* delivery verification certificate expected by, YYYY-MM-DD */
  char        *dvc_received_on;
  GPtrArray   *verifications;    /* (element-type LdEucVerification) oldest first */
  GPtrArray   *links;            /* (element-type LdEucLink) oldest first, voided ones too */
  GPtrArray   *reuse_attempts;   /* (element-type LdEucReuseAttempt) */
  GPtrArray   *scans;            /* (element-type LdEucScan) */
  GPtrArray   *consents;         /* (element-type LdEucConsent) oldest first */
  GPtrArray   *findings;         /* (nullable) (element-type LdEucFinding) set by ld_euc_repo_add_findings() */
} LdEucRecord;

GQuark        ld_euc_repo_error_quark   (void);
void          ld_euc_record_free        (LdEucRecord    *record);
JsonNode     *ld_euc_record_to_json     (const LdEucRecord *record);
const char   *ld_euc_record_linked_application (const LdEucRecord *record);

LdEucRecord  *ld_euc_repo_register      (LdStore        *store,
                                         const LdActor  *actor,
                                         const LdEuc    *euc,
                                         const char    **out_field,
                                         GError        **error);
LdEucRecord  *ld_euc_repo_get           (LdStore        *store,
                                         const char     *id_or_number,
                                         GError        **error);
GPtrArray    *ld_euc_repo_list          (LdStore        *store,
                                         gboolean        include_voided,
                                         GError        **error);
GPtrArray    *ld_euc_repo_list_page     (LdStore        *store,
                                         gboolean        include_voided,
                                         gint64          offset,
                                         gint64          limit,
                                         gint64         *out_total,
                                         GError        **error);
char         *ld_euc_repo_find_for_licence (LdStore     *store,
                                         const char     *licence,
                                         GError        **error);
char         *ld_euc_repo_dvc_summary   (const LdEucRecord *record,
                                         const char     *today,
                                         gboolean       *out_overdue);
LdEucRecord  *ld_euc_repo_verify        (LdStore        *store,
                                         const LdActor  *actor,
                                         const char     *id_or_number,
                                         LdEucStatus     status,
                                         const char     *method,
                                         const char     *verified_on,
                                         const char    **out_field,
                                         GError        **error);
LdEucRecord  *ld_euc_repo_link          (LdStore        *store,
                                         const LdActor  *actor,
                                         const char     *id_or_number,
                                         const char     *application,
                                         const char     *reason,
                                         GError        **error);
LdEucRecord  *ld_euc_repo_record_dvc    (LdStore        *store,
                                         const LdActor  *actor,
                                         const char     *id_or_number,
                                         const char     *expected_by,
                                         const char     *received_on,
                                         GFile          *scan,
                                         GError        **error);
LdEucRecord  *ld_euc_repo_void          (LdStore        *store,
                                         const LdActor  *actor,
                                         const char     *id_or_number,
                                         const char     *reason,
                                         GError        **error);
LdEucRecord  *ld_euc_repo_attach_scan   (LdStore        *store,
                                         const LdActor  *actor,
                                         const char     *id_or_number,
                                         GFile          *file,
                                         GError        **error);
char         *ld_euc_repo_id_for_rowid  (LdStore        *store,
                                         gint64          rowid,
                                         GError        **error);
gboolean      ld_euc_repo_check_scan    (GFile          *file,
                                         GError        **error);
gboolean      ld_euc_repo_add_findings  (LdStore        *store,
                                         LdEucRecord    *record,
                                         GError        **error);
GPtrArray    *ld_euc_repo_case_flags    (LdStore        *store,
                                         const char     *reference,
                                         const char     *application_id);

JsonNode     *ld_euc_repo_unresolved    (LdStore        *store,
                                         GError        **error);

/* For the demo generator: inside the caller's transaction, no permission check. */
gboolean      _ld_euc_repo_insert       (LdStore        *store,
                                         const LdActor  *actor,
                                         const LdEuc    *euc,
                                         LdEucStatus     status,
                                         char          **out_id,
                                         GError        **error);
gboolean      _ld_euc_repo_link_first   (LdStore        *store,
                                         const LdActor  *actor,
                                         const char     *euc_id,
                                         const char     *application_id,
                                         GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdEucRecord, ld_euc_record_free)

G_END_DECLS
