/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ld-broker.h"
#include "ld-broker-duplicates.h"
#include "ld-brokering-authorisation.h"
#include "ld-store.h"

G_BEGIN_DECLS

#define LD_BROKER_REPO_ERROR (ld_broker_repo_error_quark ())

typedef enum
{
  LD_BROKER_REPO_ERROR_STALE,
  LD_BROKER_REPO_ERROR_INCOMPLETE,
} LdBrokerRepoError;

/* How long a registration or a renewal lasts. */
#define LD_BROKER_REGISTRATION_YEARS 5

typedef struct
{
  char           *id;
  gint64          rowid;
  gint64          row_version;
  char           *registration_number;   /* (nullable) */
  char           *number_state;          /* (nullable) "pending": registered at a synced desk, the central
                                          * database has not given the number yet; "refused": it refused */
  LdBrokerStatus  status;
  char           *valid_from;
  char           *valid_until;
  LdBrokerDraft  *draft;
  char           *desk_number;           /* (nullable) the number it was registered with at a desk before that
                                          * desk connected, when the central database numbered it anew */
} LdBrokerRecord;

GQuark           ld_broker_repo_error_quark        (void);

void             ld_broker_record_free             (LdBrokerRecord     *record);

char            *ld_broker_repo_create             (LdStore            *store,
                                                    const LdActor      *actor,
                                                    const LdBrokerDraft *draft,
                                                    gboolean            allow_duplicate,
                                                    GError            **error);
gboolean         ld_broker_repo_update             (LdStore            *store,
                                                    const LdActor      *actor,
                                                    const char         *id,
                                                    gint64              base_version,
                                                    const LdBrokerDraft *draft,
                                                    GError            **error);
LdBrokerRecord  *ld_broker_repo_get                (LdStore            *store,
                                                    const char         *id_or_number,
                                                    GError            **error);
JsonNode        *ld_broker_repo_get_json           (LdStore            *store,
                                                    const char         *id_or_number,
                                                    GError            **error);
char            *ld_broker_repo_add_person         (LdStore            *store,
                                                    const LdActor      *actor,
                                                    const char         *broker_id,
                                                    const LdBrokerPerson *person,
                                                    GError            **error);
char            *ld_broker_repo_attach             (LdStore            *store,
                                                    const LdActor      *actor,
                                                    const char         *broker_id,
                                                    GFile              *file,
                                                    const char         *description,
                                                    const char         *expires_on,
                                                    GError            **error);
gboolean         ld_broker_repo_act                (LdStore            *store,
                                                    const LdActor      *actor,
                                                    const char         *id,
                                                    LdBrokerAction      action,
                                                    const char         *reason,
                                                    const char         *today,
                                                    GError            **error);
gint64           ld_broker_repo_expire_due         (LdStore            *store,
                                                    const LdActor      *actor,
                                                    const char         *today,
                                                    GError            **error);
GPtrArray       *ld_broker_repo_renewal_due        (LdStore            *store,
                                                    const char         *today,
                                                    guint               window_days,
                                                    GError            **error);
gint64           ld_broker_repo_next_number        (LdStore            *store,
                                                    const char         *series,
                                                    int                 year,
                                                    GError            **error);
char            *ld_broker_repo_id_for_rowid       (LdStore            *store,
                                                    gint64              rowid,
                                                    GError            **error);
GPtrArray       *ld_broker_repo_list_ids           (LdStore            *store,
                                                    GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdBrokerRecord, ld_broker_record_free)

G_END_DECLS
