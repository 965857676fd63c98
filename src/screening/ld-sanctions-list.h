/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LD_SANCTIONS_LIST_ERROR (ld_sanctions_list_error_quark ())

typedef enum
{
  LD_SANCTIONS_LIST_ERROR_EMPTY,
  LD_SANCTIONS_LIST_ERROR_NOT_XML,
  LD_SANCTIONS_LIST_ERROR_FORBIDDEN_DTD,
  LD_SANCTIONS_LIST_ERROR_WRONG_SCHEMA,
  LD_SANCTIONS_LIST_ERROR_NO_DATE,
  LD_SANCTIONS_LIST_ERROR_IMPLAUSIBLE,
  LD_SANCTIONS_LIST_ERROR_IO,
} LdSanctionsListError;

typedef enum
{
  LD_SANCTIONS_ENTRY_INDIVIDUAL,
  LD_SANCTIONS_ENTRY_ENTITY,
} LdSanctionsEntryKind;

/* How far a name identifies the entry. */
typedef enum
{
  LD_NAME_QUALITY_PRIMARY,          /* FIRST_NAME..FOURTH_NAME */
  LD_NAME_QUALITY_ORIGINAL_SCRIPT,  /* NAME_ORIGINAL_SCRIPT */
  LD_NAME_QUALITY_GOOD,             /* alias QUALITY "Good" (or left empty) */
  LD_NAME_QUALITY_AKA,              /* "a.k.a." */
  LD_NAME_QUALITY_FKA,              /* "f.k.a.", a former name */
  LD_NAME_QUALITY_LOW,              /* "Low": a weak alias, exact match only */
} LdNameQuality;

typedef enum
{
  LD_BIRTH_DATE_EXACT,
  LD_BIRTH_DATE_APPROXIMATE,
  LD_BIRTH_DATE_BETWEEN,
} LdBirthDateType;

typedef struct
{
  char          *text;
  LdNameQuality  quality;
} LdSanctionsName;

typedef struct
{
  LdBirthDateType  type;
  char            *date;       /* YYYY-MM-DD when the list gives a full date, else NULL */
  int              from_year;  /* equal to to_year for a single year */
  int              to_year;
} LdBirthDate;

typedef struct
{
  char *type;
  char *type2;
  char *number;
  char *issuing_country;
  char *date_of_issue;
  char *note;
} LdSanctionsDocument;

typedef struct
{
  LdSanctionsEntryKind  kind;
  char                 *dataid;
  char                 *reference_number;
  char                 *un_list_type;
  char                 *listed_on;
  GPtrArray            *names;          /* LdSanctionsName*, the first is the primary name */
  GPtrArray            *nationalities;  /* char* */
  GPtrArray            *countries;      /* char*, address countries (entities and individuals) */
  GArray               *birth_dates;    /* LdBirthDate */
  GPtrArray            *documents;      /* LdSanctionsDocument* */
} LdSanctionsEntry;

#define LD_TYPE_SANCTIONS_LIST (ld_sanctions_list_get_type ())
G_DECLARE_FINAL_TYPE (LdSanctionsList, ld_sanctions_list, LD, SANCTIONS_LIST, GObject)

GQuark                  ld_sanctions_list_error_quark          (void);
LdSanctionsList        *ld_sanctions_list_new_from_bytes       (GBytes           *bytes,
                                                                GError          **error);
LdSanctionsList        *ld_sanctions_list_new_from_file        (const char       *path,
                                                                GError          **error);
gboolean                ld_sanctions_list_check_plausible      (LdSanctionsList  *self,
                                                                guint             min_individuals,
                                                                guint             min_entities,
                                                                LdSanctionsList  *previous,
                                                                GError          **error);
const char             *ld_sanctions_list_get_date_generated   (LdSanctionsList  *self);
const char             *ld_sanctions_list_get_sha256           (LdSanctionsList  *self);
guint                   ld_sanctions_list_get_n_entries        (LdSanctionsList  *self);
guint                   ld_sanctions_list_get_n_individuals    (LdSanctionsList  *self);
guint                   ld_sanctions_list_get_n_entities       (LdSanctionsList  *self);
const LdSanctionsEntry *ld_sanctions_list_get_entry            (LdSanctionsList  *self,
                                                                guint             index);
const LdSanctionsEntry *ld_sanctions_list_lookup_reference     (LdSanctionsList  *self,
                                                                const char       *reference_number);
const char             *ld_name_quality_to_string              (LdNameQuality     quality);

/* The minimum counts the updater requires of a downloaded list (the real one has ~1,000 entries). */
#define LD_SANCTIONS_LIST_MIN_INDIVIDUALS 200
#define LD_SANCTIONS_LIST_MIN_ENTITIES    50

G_END_DECLS
