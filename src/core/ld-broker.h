/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ld-actor.h"

G_BEGIN_DECLS

#define LD_BROKER_ERROR (ld_broker_error_quark ())

typedef enum
{
  LD_BROKER_ERROR_FORBIDDEN_TRANSITION,
  LD_BROKER_ERROR_REASON_REQUIRED,
  LD_BROKER_ERROR_NOT_AUTHORISABLE,
  LD_BROKER_ERROR_ACT_DATE,
} LdBrokerError;

/* How many days back an act may be dated without a written reason and a
 * senior licensing officer: a decision signed on paper before a long weekend
 * and typed in after it. */
#define LD_BROKER_BACKDATE_GRACE_DAYS 7

/* The lifecycle of a registration. The strings (ld_broker_status_to_string())
 * are stored on disk and shared with the central server: never rename one. */
typedef enum
{
  LD_BROKER_STATUS_DRAFT,
  LD_BROKER_STATUS_SUBMITTED,
  LD_BROKER_STATUS_UNDER_REVIEW,
  LD_BROKER_STATUS_REGISTERED,
  LD_BROKER_STATUS_REFUSED,
  LD_BROKER_STATUS_SUSPENDED,
  LD_BROKER_STATUS_REVOKED,
  LD_BROKER_STATUS_EXPIRED,
  LD_BROKER_N_STATUSES
} LdBrokerStatus;

typedef enum
{
  LD_BROKER_ACTION_EDIT,
  LD_BROKER_ACTION_SUBMIT,
  LD_BROKER_ACTION_REVIEW,
  LD_BROKER_ACTION_REGISTER,
  LD_BROKER_ACTION_REFUSE,
  LD_BROKER_ACTION_SUSPEND,
  LD_BROKER_ACTION_REINSTATE,
  LD_BROKER_ACTION_REVOKE,
  LD_BROKER_ACTION_EXPIRE,
  LD_BROKER_ACTION_RENEW,
  LD_BROKER_N_ACTIONS
} LdBrokerAction;

/* Activity types of DOMAIN.md, a bit set stored as a comma-separated list. */
typedef enum
{
  LD_BROKER_ACTIVITY_NEGOTIATING = 1 << 0,
  LD_BROKER_ACTIVITY_TRANSPORT   = 1 << 1,
  LD_BROKER_ACTIVITY_FINANCING   = 1 << 2,
  LD_BROKER_ACTIVITY_INSURANCE   = 1 << 3,
  LD_BROKER_ACTIVITY_ADVERTISING = 1 << 4,
  LD_BROKER_ACTIVITY_OTHER       = 1 << 5,
} LdBrokerActivity;

typedef enum
{
  LD_BROKER_PERSON_OWNER,
  LD_BROKER_PERSON_DIRECTOR,
  LD_BROKER_PERSON_OFFICIAL,
  LD_BROKER_N_PERSON_ROLES
} LdBrokerPersonRole;

/* What a clerk types into the registration form; all strings as typed. */
typedef struct
{
  char     *legal_name;
  char     *other_names;
  char     *legal_form;
  char     *company_number;       /* the trade/company register number */
  char     *tax_number;
  char     *country;              /* ISO 3166 alpha-2 */
  char     *registered_address;
  char     *business_sites;
  char     *records_address;      /* where records are kept */
  char     *activities;           /* "negotiating,transport,…" */
  gboolean  declares_convictions;
  gboolean  declares_indictments;
  gboolean  declares_denials;
  char     *declaration_details;
} LdBrokerDraft;

typedef struct
{
  LdBrokerPersonRole  role;
  char               *full_name;
  char               *nationality;
  char               *id_document_type;
  char               *id_document_number;
} LdBrokerPerson;

GQuark          ld_broker_error_quark            (void);

const char     *ld_broker_status_to_string       (LdBrokerStatus  status);
gboolean        ld_broker_status_from_string     (const char     *text,
                                                  LdBrokerStatus *out_status);
const char     *ld_broker_status_get_title       (LdBrokerStatus  status);
const char     *ld_broker_action_to_string       (LdBrokerAction  action);
/* A line of a broker's history that is no act of its own: the central database
 * refused a registration made at this desk. */
#define LD_BROKER_HISTORY_REGISTER_REFUSED "refuse-register"

const char     *ld_broker_action_get_title       (const char     *action);
gboolean        ld_broker_action_from_string     (const char     *text,
                                                  LdBrokerAction *out_action);

gboolean        ld_broker_action_needs_reason    (LdBrokerAction  action);
gboolean        ld_broker_can                    (const LdActor  *actor,
                                                  LdBrokerStatus  from,
                                                  LdBrokerAction  action);
gboolean        ld_broker_transition             (const LdActor  *actor,
                                                  LdBrokerStatus  from,
                                                  LdBrokerAction  action,
                                                  const char     *reason,
                                                  LdBrokerStatus *out_to,
                                                  GError        **error);
gboolean        ld_broker_check_act_date         (const LdActor  *actor,
                                                  LdBrokerAction  action,
                                                  const char     *act_date,
                                                  const char     *today,
                                                  const char     *reason,
                                                  GError        **error);
gboolean        ld_broker_status_may_broker      (LdBrokerStatus  status);

char           *ld_broker_format_number          (int             year,
                                                  gint64          serial);
gboolean        ld_broker_parse_number           (const char     *number,
                                                  int            *out_year,
                                                  gint64         *out_serial);

gboolean        ld_broker_parse_activities       (const char     *text,
                                                  guint          *out_activities,
                                                  GError        **error);
const char     *ld_broker_person_role_to_string  (LdBrokerPersonRole role);
gboolean        ld_broker_person_role_from_string (const char    *text,
                                                  LdBrokerPersonRole *out_role);

LdBrokerDraft  *ld_broker_draft_new              (void);
LdBrokerDraft  *ld_broker_draft_copy             (const LdBrokerDraft *draft);
void            ld_broker_draft_free             (LdBrokerDraft  *draft);
gboolean        ld_broker_validate_field         (const char     *key,
                                                  const char     *value,
                                                  GError        **error);
gboolean        ld_broker_draft_validate         (const LdBrokerDraft *draft,
                                                  gboolean        complete,
                                                  GError        **error);

void            ld_broker_person_free            (LdBrokerPerson *person);
gboolean        ld_broker_person_validate        (const LdBrokerPerson *person,
                                                  GError        **error);

gboolean        ld_broker_validate_period        (const char     *valid_from,
                                                  const char     *valid_until,
                                                  GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdBrokerDraft, ld_broker_draft_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdBrokerPerson, ld_broker_person_free)

G_END_DECLS
