/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ld-actor.h"

G_BEGIN_DECLS

#define LD_EUC_CONSENT_ERROR (ld_euc_consent_error_quark ())

typedef enum
{
  LD_EUC_CONSENT_ERROR_FOUR_EYES,
  LD_EUC_CONSENT_ERROR_DECIDED,
} LdEucConsentError;

/* A request to re-export what an end-use certificate covers: the end user
 * undertook not to re-export without the exporting state's prior written
 * consent (DOMAIN.md), so such a request is recorded, then decided by a
 * senior officer who is not the person who recorded it. */
typedef struct
{
  char   *received_on;      /* YYYY-MM-DD */
  char   *requested_by;     /* the end user or its government */
  char   *new_end_user;
  char   *new_destination;  /* ISO 3166 alpha-2 */
  char   *items;            /* (nullable) what is to be re-exported */
  gint64  quantity;         /* 0 when not stated */
  char   *purpose;
} LdEucConsentRequest;

typedef enum
{
  LD_EUC_CONSENT_PENDING,
  LD_EUC_CONSENT_GRANTED,
  LD_EUC_CONSENT_REFUSED,
} LdEucConsentStatus;

GQuark       ld_euc_consent_error_quark        (void);
void         ld_euc_consent_request_clear      (LdEucConsentRequest        *request);
void         ld_euc_consent_request_normalize  (LdEucConsentRequest        *request);
gboolean     ld_euc_consent_request_validate   (const LdEucConsentRequest  *request,
                                                const char                 *today,
                                                const char                **out_field,
                                                GError                    **error);
const char  *ld_euc_consent_status_to_string   (LdEucConsentStatus          status);
gboolean     ld_euc_consent_status_from_string (const char                 *text,
                                                LdEucConsentStatus         *out_status);
const char  *ld_euc_consent_status_title       (LdEucConsentStatus          status);
gboolean     ld_euc_consent_check_decision     (const LdActor              *actor,
                                                LdEucConsentStatus          current,
                                                LdEucConsentStatus          decision,
                                                const char                 *recorded_person,
                                                const char                 *reason,
                                                GError                    **error);

G_END_DECLS
