/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An end-use certificate (EUC) as the office registers it: the fields of the
 * certificate itself (DOMAIN.md, PoA reporting template and OSCE good
 * practice) and what the office saw of it. The verification status and its
 * history, the scans and the linked application are kept by the store
 * (ld-euc-repo.h). */
typedef struct
{
  char     *certificate_number;
  char     *issuing_country;        /* ISO 3166 alpha-2 of the importing state that issued it */
  char     *issuing_authority;      /* the government body that certifies the end user */
  char     *signatory;              /* who signed the certification */
  char     *certified_on;           /* YYYY-MM-DD, date of the government certification */
  char     *issued_on;              /* YYYY-MM-DD */
  char     *expires_on;             /* YYYY-MM-DD or NULL */
  char     *item_description;       /* type, characteristics */
  gint64    quantity;               /* 0 when the certificate states none */
  char     *contract_reference;
  char     *contract_date;          /* YYYY-MM-DD */
  char     *destination_country;    /* final destination, ISO 3166 alpha-2 */
  char     *end_use;
  char     *exporter_name;
  char     *exporter_address;
  char     *end_user_name;
  char     *end_user_position;      /* the signing person's position */
  char     *end_user_address;
  char     *other_parties;          /* intermediate consignees, brokers */
  char     *translation;            /* who translated it, into which language; NULL when none */
  gboolean  end_user_signature_seen;
  gboolean  undertakes_end_use_only;
  gboolean  undertakes_no_reexport;  /* without the exporting state's prior written consent */
  gboolean  undertakes_no_wmd;
  gboolean  undertakes_dvc;          /* a delivery verification certificate on request */
  gboolean  undertakes_onsite_checks;
  gboolean  original_seen;           /* FALSE: only a copy was seen */
} LdEuc;

/* What the office knows about a certificate's authenticity. */
typedef enum
{
  LD_EUC_UNVERIFIED,
  LD_EUC_CONFIRMED,   /* confirmed with the issuing authority */
  LD_EUC_DOUBTFUL,
  LD_EUC_FORGED,
  LD_EUC_WITHDRAWN,   /* withdrawn by the issuing authority */
  LD_EUC_N_STATUSES,
} LdEucStatus;

/* One text field of an LdEuc: its key (the store column, the JSON member and
 * the CLI option with '_' as '-') and its title. */
typedef struct
{
  const char *key;
  const char *title;     /* untranslated: pass through _() */
  gsize       offset;
  int         kind;      /* an LdTextKind */
  gboolean    required;
} LdEucText;

typedef struct
{
  const char *key;
  const char *title;
  gsize       offset;
} LdEucFlag;

LdEuc            *ld_euc_new               (void);
LdEuc            *ld_euc_copy              (const LdEuc *self);
void              ld_euc_free              (LdEuc       *self);

const LdEucText  *ld_euc_get_texts         (guint       *n_texts);
const LdEucFlag  *ld_euc_get_flags         (guint       *n_flags);
char            **ld_euc_text_slot         (LdEuc       *self,
                                            const LdEucText *text);
gboolean         *ld_euc_flag_slot         (LdEuc       *self,
                                            const LdEucFlag *flag);
const char       *ld_euc_text_value        (const LdEuc *self,
                                            const LdEucText *text);

void              ld_euc_normalize         (LdEuc       *self);
gboolean          ld_euc_validate          (const LdEuc *self,
                                            const char  *today,
                                            const char **out_field,
                                            GError     **error);

const char       *ld_euc_status_to_string  (LdEucStatus  status);
gboolean          ld_euc_status_from_string (const char *text,
                                             LdEucStatus *out_status);
const char       *ld_euc_status_title      (LdEucStatus  status);
gboolean          ld_euc_status_may_link   (LdEucStatus  status);
gboolean          ld_euc_validate_verification (LdEucStatus  status,
                                                const char  *method,
                                                const char  *verified_on,
                                                const char  *today,
                                                const char **out_field,
                                                GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdEuc, ld_euc_free)

G_END_DECLS
