/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LD_EMBARGO_TABLE_ERROR (ld_embargo_table_error_quark ())

typedef enum
{
  LD_EMBARGO_TABLE_ERROR_IO,
  LD_EMBARGO_TABLE_ERROR_PARSE,
  LD_EMBARGO_TABLE_ERROR_INVALID,
} LdEmbargoTableError;

typedef enum
{
  LD_EMBARGO_SCOPE_FULL,                  /* every transfer to the country */
  LD_EMBARGO_SCOPE_FULL_WITH_EXEMPTIONS,  /* every transfer, unless a committee exemption applies */
  LD_EMBARGO_SCOPE_NON_GOVERNMENTAL,      /* non-governmental / non-state recipients */
  LD_EMBARGO_SCOPE_DESIGNATED,            /* designated persons, entities and groups */
} LdEmbargoScope;

typedef enum
{
  LD_EMBARGO_ROLE_DESTINATION,
  LD_EMBARGO_ROLE_TRANSIT,
  LD_EMBARGO_ROLE_ORIGIN,
  LD_EMBARGO_ROLE_PARTY,       /* the country of a party (importer, end user, broker...) */
} LdEmbargoRole;

typedef struct
{
  char            *id;
  char            *name;
  char           **countries;    /* ISO 3166-1 alpha-2, may be empty (list-based measures) */
  char           **list_types;   /* UN_LIST_TYPE values of the Consolidated List it covers */
  char           **resolutions;
  LdEmbargoScope   scope;
  char            *scope_note;
  char            *since;        /* YYYY-MM-DD */
  char            *source;
} LdEmbargo;

typedef struct
{
  const char    *country;  /* ISO alpha-2, any case */
  LdEmbargoRole  role;
  const char    *party;    /* (nullable) the party's name, for PARTY */
} LdEmbargoCheck;

typedef struct
{
  char            *country;
  LdEmbargoRole    role;
  char            *party;
  const LdEmbargo *embargo;    /* owned by the table */
  gboolean         prohibited; /* full embargo: no licence without a committee exemption */
  char            *reason;
  char            *table_version;
} LdEmbargoHit;

#define LD_TYPE_EMBARGO_TABLE (ld_embargo_table_get_type ())
G_DECLARE_FINAL_TYPE (LdEmbargoTable, ld_embargo_table, LD, EMBARGO_TABLE, GObject)

GQuark           ld_embargo_table_error_quark    (void);
LdEmbargoTable  *ld_embargo_table_new_default    (GError              **error);
LdEmbargoTable  *ld_embargo_table_new_from_file  (const char           *path,
                                                  GError              **error);
LdEmbargoTable  *ld_embargo_table_new_from_bytes (GBytes               *bytes,
                                                  GError              **error);
const char      *ld_embargo_table_get_version    (LdEmbargoTable       *self);
const char      *ld_embargo_table_get_updated    (LdEmbargoTable       *self);
guint            ld_embargo_table_get_n_embargoes (LdEmbargoTable      *self);
const LdEmbargo *ld_embargo_table_get_embargo    (LdEmbargoTable       *self,
                                                  guint                 index);
GPtrArray       *ld_embargo_table_lookup         (LdEmbargoTable       *self,
                                                  const char           *country);
const LdEmbargo *ld_embargo_table_lookup_list_type (LdEmbargoTable     *self,
                                                  const char           *un_list_type);
GPtrArray       *ld_embargo_table_screen         (LdEmbargoTable       *self,
                                                  const LdEmbargoCheck *checks,
                                                  guint                 n_checks);
const LdEmbargo *ld_embargo_table_find          (LdEmbargoTable       *self,
                                                  const char           *id);
JsonNode        *ld_embargo_table_to_json        (LdEmbargoTable       *self);
LdEmbargo       *ld_embargo_new_from_json        (JsonNode             *node,
                                                  GError              **error);
JsonObject      *ld_embargo_to_json              (const LdEmbargo      *embargo);
void             ld_embargo_free                 (LdEmbargo            *embargo);
const char      *ld_embargo_scope_to_string      (LdEmbargoScope        scope);
gboolean         ld_embargo_scope_from_string    (const char           *text,
                                                  LdEmbargoScope       *out_scope);
const char      *ld_embargo_role_to_string       (LdEmbargoRole         role);
void             ld_embargo_hit_free             (LdEmbargoHit         *hit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdEmbargoHit, ld_embargo_hit_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdEmbargo, ld_embargo_free)

G_END_DECLS
