/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ld-actor.h"

G_BEGIN_DECLS

#define LD_LICENCE_ERROR (ld_licence_error_quark ())

typedef enum
{
  LD_LICENCE_ERROR_NOT_ALLOWED,    /* the act does not follow from the licence's status */
  LD_LICENCE_ERROR_INVALID,        /* a date, reason, quantity or serial number is wrong */
  LD_LICENCE_ERROR_NOT_ISSUABLE,   /* the case is not approved, or already has a licence */
  LD_LICENCE_ERROR_NOT_CONFIRMED,  /* the central database has not given its number, or refused the issue */
} LdLicenceError;

/* Stored on disk by name. Expiry is never stored: a licence past its last day
 * of validity reads as expired (ld_licence_status_effective()). */
typedef enum
{
  LD_LICENCE_STATUS_ISSUED,
  LD_LICENCE_STATUS_PARTLY_USED,
  LD_LICENCE_STATUS_EXHAUSTED,
  LD_LICENCE_STATUS_EXPIRED,
  LD_LICENCE_STATUS_SUSPENDED,
  LD_LICENCE_STATUS_REVOKED,
  LD_LICENCE_STATUS_SURRENDERED,
  LD_LICENCE_N_STATUSES
} LdLicenceStatus;

typedef enum
{
  LD_LICENCE_ACTION_SUSPEND,
  LD_LICENCE_ACTION_REINSTATE,
  LD_LICENCE_ACTION_REVOKE,
  LD_LICENCE_ACTION_SURRENDER,
  LD_LICENCE_N_ACTIONS
} LdLicenceAction;

/* What the licence list warns of (ld_licence_expiry_warning()). */
typedef enum
{
  LD_LICENCE_WARNING_NONE,
  LD_LICENCE_WARNING_EXPIRING_SOON,
  LD_LICENCE_WARNING_EXPIRED,
} LdLicenceWarning;

#define LD_LICENCE_EXPIRY_WARNING_DAYS 30

/* What an office's policy allows for one licence type. */
typedef struct
{
  const char *kind;
  const char *series_code;     /* the type's part of the licence number */
  int         default_months;  /* validity when the issuer does not say */
  int         max_months;      /* the longest validity the policy allows */
} LdLicencePolicy;

GQuark                 ld_licence_error_quark        (void);

const char            *ld_licence_status_to_string   (LdLicenceStatus  status);
gboolean               ld_licence_status_from_string (const char      *name,
                                                      LdLicenceStatus *out_status);
const char            *ld_licence_status_get_title   (LdLicenceStatus  status);
LdLicenceStatus        ld_licence_status_effective   (LdLicenceStatus  stored,
                                                      const char      *valid_until,
                                                      const char      *today);
gboolean               ld_licence_status_allows_shipment (LdLicenceStatus effective,
                                                      GError         **error);
LdLicenceStatus        ld_licence_status_for_usage   (gint64           quantity,
                                                      gint64           shipped);

const char            *ld_licence_action_to_string   (LdLicenceAction  action);
gboolean               ld_licence_check_action       (LdLicenceStatus  effective,
                                                      LdLicenceAction  action,
                                                      const LdActor   *actor,
                                                      const char      *reason,
                                                      GError         **error);

const LdLicencePolicy *ld_licence_policy_lookup      (const char      *kind);
char                  *ld_licence_series             (const char      *kind,
                                                      int              year);
char                  *ld_licence_format_number      (const char      *series,
                                                      gint64           number);
char                  *ld_licence_default_until      (const char      *kind,
                                                      const char      *valid_from);
gboolean               ld_licence_check_validity     (const char      *kind,
                                                      const char      *issued_on,
                                                      const char      *valid_from,
                                                      const char      *valid_until,
                                                      GError         **error);
char                  *ld_licence_serial_key         (const char      *serial);
char                  *ld_licence_marking_key        (const char      *marking);
LdLicenceWarning       ld_licence_expiry_warning     (LdLicenceStatus  stored,
                                                      const char      *valid_until,
                                                      const char      *today);
const char            *ld_licence_warning_to_string  (LdLicenceWarning warning);
const char            *ld_licence_warning_get_title  (LdLicenceWarning warning);

G_END_DECLS
