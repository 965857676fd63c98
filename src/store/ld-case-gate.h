/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-case-repo.h"

G_BEGIN_DECLS

/* An exemption from an arms embargo for the current version of a case. */
typedef struct
{
  char *id;
  char *embargo_id;
  char *embargo_name;
  char *resolution;
  char *paragraph;
  char *written_by_login;
  char *confirmed_by_login;   /* (nullable) not yet confirmed */
  int   case_version;
} LdCaseExemption;

void        ld_case_exemption_free        (LdCaseExemption  *exemption);

gboolean    _ld_case_gate_read_locked     (LdStore             *store,
                                           const LdCaseRecord  *record,
                                           const char          *list_sha256,
                                           LdCaseGate          *gate,
                                           GError             **error);
gboolean    _ld_case_gate_read_consent_locked (LdStore         *store,
                                           const char          *consent_id,
                                           const char          *list_sha256,
                                           LdCaseGate          *gate,
                                           GError             **error);
char       *_ld_case_gate_denial_state    (LdStore             *store,
                                           GError             **error);

gboolean    ld_case_repo_read_gate        (LdStore             *store,
                                           const char          *id_or_reference,
                                           const char          *list_sha256,
                                           LdCaseGate          *gate,
                                           GError             **error);
GPtrArray  *ld_case_repo_read_broker_findings (LdStore       *store,
                                           const char          *id_or_reference,
                                           GError             **error);
GPtrArray  *ld_case_repo_list_exemptions  (LdStore             *store,
                                           const char          *id_or_reference,
                                           GError             **error);
LdCaseExemption *ld_case_repo_write_exemption (LdStore         *store,
                                           const LdActor       *actor,
                                           const char          *id_or_reference,
                                           const char          *embargo_id,
                                           const char          *resolution,
                                           const char          *paragraph,
                                           const char          *note,
                                           GError             **error);
LdCaseExemption *ld_case_repo_confirm_exemption (LdStore       *store,
                                           const LdActor       *actor,
                                           const char          *id_or_reference,
                                           const char          *embargo_id,
                                           GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdCaseExemption, ld_case_exemption_free)

G_END_DECLS
