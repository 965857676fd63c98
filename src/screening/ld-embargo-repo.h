/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-embargo-table.h"
#include "ld-store.h"

G_BEGIN_DECLS

#define LD_EMBARGO_REPO_ERROR (ld_embargo_repo_error_quark ())

typedef enum
{
  LD_EMBARGO_REPO_ERROR_NOT_FOUND,
  LD_EMBARGO_REPO_ERROR_EXISTS,
  LD_EMBARGO_REPO_ERROR_INVALID,
} LdEmbargoRepoError;

/* The version an edit makes. */
typedef struct
{
  const char *label;    /* (nullable) the version's name; by default the date, made unique */
  const char *updated;  /* (nullable) YYYY-MM-DD shown to officers; by default today (UTC) */
} LdEmbargoEdit;

/* One entry as an administrator gives it; a %NULL field keeps the entry's
 * current value (set) or is missing (add). */
typedef struct
{
  const char  *id;
  const char  *name;
  char       **countries;
  char       **list_types;
  char       **resolutions;
  const char  *scope;
  const char  *scope_note;
  const char  *since;
  const char  *source;
} LdEmbargoChange;

typedef struct
{
  char  *id;
  char  *label;
  char  *updated;
  char  *change;
  char  *created_at;
  char  *created_by_login;
  guint  n_in_force;
  guint  n_ended;
} LdEmbargoVersion;

GQuark           ld_embargo_repo_error_quark      (void);
void             ld_embargo_version_free          (LdEmbargoVersion      *version);

LdEmbargoTable  *ld_embargo_table_new_from_store  (LdStore               *store,
                                                   GError               **error);
GPtrArray       *ld_embargo_repo_list_versions    (LdStore               *store,
                                                   GError               **error);
JsonObject      *ld_embargo_repo_get_entry        (LdStore               *store,
                                                   const char            *id,
                                                   GError               **error);

char            *ld_embargo_repo_add              (LdStore               *store,
                                                   const LdActor         *actor,
                                                   const LdEmbargoChange *change,
                                                   const LdEmbargoEdit   *edit,
                                                   GError               **error);
char            *ld_embargo_repo_set              (LdStore               *store,
                                                   const LdActor         *actor,
                                                   const LdEmbargoChange *change,
                                                   const LdEmbargoEdit   *edit,
                                                   GError               **error);
char            *ld_embargo_repo_end              (LdStore               *store,
                                                   const LdActor         *actor,
                                                   const char            *id,
                                                   const char            *reason,
                                                   const LdEmbargoEdit   *edit,
                                                   GError               **error);
char            *ld_embargo_repo_import           (LdStore               *store,
                                                   const LdActor         *actor,
                                                   GBytes                *table_json,
                                                   const LdEmbargoEdit   *edit,
                                                   GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdEmbargoVersion, ld_embargo_version_free)

G_END_DECLS
