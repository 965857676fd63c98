/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ld-licence.h"
#include "ld-store.h"

G_BEGIN_DECLS

typedef struct
{
  int     line_no;
  char   *category;
  char   *description;
  gint64  quantity;
  gint64  shipped;
} LdLicenceLine;

typedef struct
{
  gint64  seq;
  char   *action;
  char   *from_status;
  char   *to_status;
  char   *actor_login;
  char   *role;
  char   *at;
  char   *reason;
  char   *actor_name;   /* (nullable) the profile's display name, when it is on this desk */
} LdLicenceEvent;

typedef struct
{
  int     line_no;
  gint64  quantity;
} LdShipmentQuantity;

typedef struct
{
  char       *id;
  char       *shipped_on;
  char       *customs_reference;
  char       *recorded_at;
  char       *recorded_by;
  char       *voided_at;    /* (nullable) set once the shipment was voided as a mistake */
  char       *voided_by;    /* (nullable) */
  char       *void_reason;  /* (nullable) */
  GArray     *quantities;   /* (element-type LdShipmentQuantity) */
  GPtrArray  *serials;      /* (element-type utf8) */
} LdShipment;

/**
 * LdLicenceNumberState:
 * @LD_LICENCE_NUMBER_FINAL: the licence has its number for good (given by
 *   this desk when it works on its own, or by the central database)
 * @LD_LICENCE_NUMBER_PENDING: issued at a desk synced with a central
 *   database, which has not given the number yet: nothing prints as issued
 * @LD_LICENCE_NUMBER_REFUSED: the central database refused the issue; the
 *   licence is voided with the server's reason and never prints
 */
typedef enum
{
  LD_LICENCE_NUMBER_FINAL,
  LD_LICENCE_NUMBER_PENDING,
  LD_LICENCE_NUMBER_REFUSED,
} LdLicenceNumberState;

/* A licence as stored, with what happened to it. */
typedef struct
{
  char            *id;
  gint64           rowid;
  gint64           row_version;
  char            *number;                 /* (nullable) while the central database has not given it */
  LdLicenceNumberState number_state;
  char            *void_reason;            /* (nullable) why it was voided: the server's refusal */
  char            *application_id;         /* (nullable) demonstration rows of old stores */
  char            *application_reference;  /* (nullable) */
  int              application_version;
  char            *kind;
  char            *holder_name;
  char            *destination_country;
  LdLicenceStatus  status;                 /* as stored */
  LdLicenceStatus  effective;              /* today: expired once past valid_until */
  char            *valid_from;
  char            *valid_until;
  char            *issued_on;
  char            *issued_at;
  char            *issued_by;              /* the issuer's login */
  char            *issued_by_name;         /* (nullable) the issuer's name, as the printed licence gives it */
  GStrv            conditions;
  gint64           n_serials;
  GPtrArray       *lines;       /* (element-type LdLicenceLine) */
  GPtrArray       *events;      /* (element-type LdLicenceEvent) */
  GPtrArray       *shipments;   /* (element-type LdShipment) in force */
  GPtrArray       *voided_shipments;   /* (element-type LdShipment) kept, never deleted */
  LdLicenceWarning warning;     /* expiring soon or expired, today */
  char            *desk_number; /* (nullable) the number it was printed with at a desk before that desk
                                 * connected, when the central database numbered it anew (another record
                                 * held it there); @number is then the central database's */
} LdLicence;

/* What the issuer decides; NULL members take the policy's defaults. */
typedef struct
{
  const char         *valid_from;
  const char         *valid_until;
  const char * const *condition_codes;   /* from the office's list (ld_licence_repo_list_conditions()) */
  const char * const *conditions;        /* written for this licence */
} LdLicenceTerms;

typedef struct
{
  const char               *shipped_on;
  const char               *customs_reference;
  const LdShipmentQuantity *quantities;
  guint                     n_quantities;
  const char * const       *serials;       /* (nullable) */
} LdShipmentInput;

typedef struct
{
  char *code;
  char *text;
} LdLicenceCondition;

/* Where tracing looks for a marking (ld_licence_repo_trace_by()). */
typedef enum
{
  LD_TRACE_BY_SERIAL = 1 << 0,
  LD_TRACE_BY_MANUFACTURER_MARKING = 1 << 1,
  LD_TRACE_BY_IMPORT_MARKING = 1 << 2,
  LD_TRACE_BY_ANY = 0x7,
} LdTraceBy;

#define LD_TRACE_MAX_CHAINS 500

void        ld_licence_free               (LdLicence           *licence);
gboolean    ld_licence_check_printable    (const LdLicence     *licence,
                                           GError             **error);
char       *ld_licence_describe_number    (const LdLicence     *licence);
void        ld_shipment_free              (LdShipment          *shipment);
void        ld_licence_condition_free     (LdLicenceCondition  *condition);
JsonNode   *ld_licence_to_json            (const LdLicence     *licence);

LdLicence  *ld_licence_repo_issue         (LdStore             *store,
                                           const LdActor       *actor,
                                           const char          *application,
                                           const LdLicenceTerms *terms,
                                           const char          *list_sha256,
                                           GError             **error);
LdLicence  *ld_licence_repo_load          (LdStore             *store,
                                           const char          *number_or_id,
                                           GError             **error);
char       *ld_licence_repo_find_for_case (LdStore             *store,
                                           const char          *application_id,
                                           GError             **error);
char       *ld_licence_repo_number_for_rowid (LdStore        *store,
                                           gint64               rowid,
                                           GError             **error);
GPtrArray  *ld_licence_repo_list          (LdStore             *store,
                                           guint                offset,
                                           guint                limit,
                                           GError             **error);
LdLicence  *ld_licence_repo_act           (LdStore             *store,
                                           const LdActor       *actor,
                                           const char          *number,
                                           LdLicenceAction      action,
                                           const char          *reason,
                                           GError             **error);
LdShipment *ld_licence_repo_ship          (LdStore             *store,
                                           const LdActor       *actor,
                                           const char          *number,
                                           const LdShipmentInput *input,
                                           GError             **error);
LdLicence  *ld_licence_repo_void_shipment (LdStore          *store,
                                           const LdActor       *actor,
                                           const char          *number,
                                           const char          *customs_reference,
                                           const char          *reason,
                                           GError             **error);
GPtrArray  *ld_licence_repo_issued_on     (LdStore             *store,
                                           const char          *day,
                                           GError             **error);
GPtrArray  *ld_licence_repo_list_conditions (LdStore           *store,
                                           GError             **error);
JsonNode   *ld_licence_repo_trace         (LdStore             *store,
                                           const char          *serial,
                                           GError             **error);
JsonNode   *ld_licence_repo_trace_by      (LdStore             *store,
                                           const char          *marking,
                                           LdTraceBy            by,
                                           GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdLicence, ld_licence_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdShipment, ld_shipment_free)

G_END_DECLS
