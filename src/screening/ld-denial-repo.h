/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ld-store.h"
#include "ld-name-matcher.h"

G_BEGIN_DECLS

#define LD_DENIAL_REPO_ERROR (ld_denial_repo_error_quark ())

typedef enum
{
  LD_DENIAL_REPO_ERROR_NOT_FOUND,
  LD_DENIAL_REPO_ERROR_EXISTS,
  LD_DENIAL_REPO_ERROR_INVALID,
} LdDenialRepoError;

/* A denial as a senior officer records it. */
typedef struct
{
  const char *reference;    /* the denial notice number, unique */
  const char *name;
  const char *other_names;  /* (nullable) one a line, or separated by “;” */
  const char *party_type;   /* a case party type: government, commercial, individual, … */
  const char *country;      /* ISO 3166 alpha-2 */
  const char *denied_on;    /* YYYY-MM-DD */
  const char *reason;       /* what was denied, and why */
  const char *source;       /* this office, or the partner state that notified it */
} LdDenialChange;

typedef struct
{
  char   *id;
  char   *reference;
  char   *name;
  char   *other_names;      /* (nullable) one a line */
  char   *party_type;
  char   *country;
  char   *denied_on;
  char   *reason;
  char   *source;
  char   *recorded_at;
  char   *recorded_by_login;
  char   *voided_at;        /* (nullable) set once voided: no longer screened */
  char   *voided_by_login;
  char   *void_reason;
  gint64  row_version;
} LdDenial;

GQuark      ld_denial_repo_error_quark (void);
void        ld_denial_free             (LdDenial              *denial);
char      **ld_denial_split_names      (const char            *text);
char      **ld_denial_get_names        (const LdDenial        *denial);
JsonNode   *ld_denial_to_json          (const LdDenial        *denial);

LdDenial   *ld_denial_repo_add         (LdStore               *store,
                                        const LdActor         *actor,
                                        const LdDenialChange  *change,
                                        GError               **error);
LdDenial   *ld_denial_repo_void        (LdStore               *store,
                                        const LdActor         *actor,
                                        const char            *reference,
                                        const char            *reason,
                                        GError               **error);
GPtrArray  *ld_denial_repo_list        (LdStore               *store,
                                        const LdActor         *actor,
                                        gboolean               with_voided,
                                        GError               **error);
LdDenial   *ld_denial_repo_get         (LdStore               *store,
                                        const LdActor         *actor,
                                        const char            *reference,
                                        GError               **error);

gboolean    ld_denial_best_score       (LdNameMatcher         *matcher,
                                        const char * const    *party_names,
                                        const LdDenial        *denial,
                                        double                *out_score,
                                        char                 **out_matched,
                                        char                 **out_reason,
                                        GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdDenial, ld_denial_free)

G_END_DECLS
