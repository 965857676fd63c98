/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-case.h"
#include "ld-case-workflow.h"
#include "ld-store.h"

G_BEGIN_DECLS

/* A case as stored: its workflow state and one version of its data. */
typedef struct
{
  char         *id;
  gint64        rowid;
  gint64        row_version;
  char         *reference;
  LdCaseStatus  status;
  int           version;          /* the version @data holds */
  int           current_version;
  char         *officer_login;
  char         *created_by;
  char         *submitted_by;     /* profile ids, for four-eyes */
  char         *assessed_by;
  char         *recommended_by;
  char         *decided_by;
  char         *decided_at;
  char         *refusal_rationale;
  char         *version_created_at;
  char         *superseded_at;    /* of the version held, when it is not current */
  char         *amendment_reason;
  LdCase       *data;
} LdCaseRecord;

typedef struct
{
  gint64   seq;
  int      version;
  char    *action;
  char    *from_status;
  char    *to_status;
  char    *actor_login;
  char    *role;
  char    *at;
  char    *note;
  GStrv    criteria;
  char    *actor_name;   /* (nullable) the profile's display name, when it is on this desk */
} LdCaseEvent;

typedef struct
{
  char *name;
  char *other_names;
  char *party_type;
  char *country;
  char *address;
  char *identifiers;
} LdKnownParty;

/* What the applications list may be narrowed to; NULL members do not filter. */
typedef struct
{
  const char *kind;
  const char *status;
  const char *officer_login;
  const char *country;        /* destination */
} LdCaseFilter;

typedef struct
{
  char   *id;
  char   *reference;
  char   *kind;
  char   *status;
  char   *applicant_name;
  char   *destination_country;
  gint64  quantity;
  char   *received_on;
  char   *officer_login;
  gint64  n_serials;
} LdCaseSummary;

void          ld_case_summary_free       (LdCaseSummary         *summary);
GPtrArray    *ld_case_repo_list          (LdStore               *store,
                                          const LdCaseFilter    *filter,
                                          guint                  offset,
                                          guint                  limit,
                                          gint64                *out_total,
                                          GError               **error);
void          ld_case_record_free        (LdCaseRecord          *record);
void          ld_case_event_free         (LdCaseEvent           *event);
void          ld_known_party_free        (LdKnownParty          *party);
char         *ld_case_record_to_json     (const LdCaseRecord    *record,
                                          GPtrArray             *history,
                                          gboolean               with_serials);

LdCaseRecord *ld_case_repo_create        (LdStore               *store,
                                          const LdActor         *actor,
                                          const LdCase          *data,
                                          GError               **error);
LdCaseRecord *ld_case_repo_save          (LdStore               *store,
                                          const LdActor         *actor,
                                          const char            *id,
                                          gint64                 base_row_version,
                                          const LdCase          *data,
                                          const char            *reason,
                                          GError               **error);
LdCaseRecord *ld_case_repo_transition    (LdStore               *store,
                                          const LdActor         *actor,
                                          const char            *id_or_reference,
                                          LdCaseAction           action,
                                          const LdCaseDecision  *decision,
                                          const char            *note,
                                          GError               **error);
LdCaseRecord *ld_case_repo_transition_full (LdStore           *store,
                                          const LdActor         *actor,
                                          const char            *id_or_reference,
                                          LdCaseAction           action,
                                          const LdCaseDecision  *decision,
                                          const char            *note,
                                          const char            *list_sha256,
                                          GError               **error);
LdCaseRecord *ld_case_repo_load          (LdStore               *store,
                                          const char            *id_or_reference,
                                          int                    version,
                                          GError               **error);
GPtrArray    *ld_case_repo_history       (LdStore               *store,
                                          const char            *id,
                                          GError               **error);
GPtrArray    *ld_case_repo_known_parties (LdStore               *store,
                                          const char            *name_prefix,
                                          guint                  limit,
                                          GError               **error);
GStrv         ld_case_repo_documents     (LdStore               *store,
                                          const char            *id,
                                          GError               **error);
gboolean      ld_case_repo_check_broker  (LdStore               *store,
                                          const LdCaseParty     *party,
                                          guint                  position,
                                          GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdCaseRecord, ld_case_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdCaseEvent, ld_case_event_free)

G_END_DECLS
