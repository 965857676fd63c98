/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A transfer application ("case"): what the applicant asks to move, between
 * whom, by which route. Codes (kind, role, party type, category) are stored
 * by name; see the ld_case_*_title() lookups for their titles. */

typedef struct
{
  char *role;                  /* applicant, importer, consignee, ..., broker, carrier, ... */
  char *party_type;            /* government, armed_forces, police, commercial, individual, non_state_actor */
  char *name;                  /* in any script */
  char *other_names;
  char *country;               /* ISO 3166 alpha-2 */
  char *address;
  char *identifiers;           /* registration or tax numbers, identity documents */
  char *broker_registration;   /* brokers only: the register's registration number */
  char *broker_authorisation;  /* brokers only: the per-deal authorisation reference */
} LdCaseParty;

typedef struct
{
  char      *category;         /* UN Register subcategory, ammunition, parts, accessories */
  char      *description;
  char      *manufacturer;
  char      *model;
  char      *calibre;
  gint64     quantity;
  char      *unit_value;       /* decimal text, e.g. "1250.00": never a float */
  char      *currency;         /* ISO 4217 */
  char      *control_entry;    /* national control list, e.g. ML1 */
  char      *hs_code;          /* chapter 93 */
  /* ITI marking */
  char      *manufacturer_marking;
  char      *manufacture_country;
  int        manufacture_year;
  char      *import_marking_country;
  int        import_marking_year;
  char      *control_component;  /* modular weapons: the designated, marked component */
  char      *marking_method;     /* e.g. "metal insert" for polymer frames */
  gboolean   additive;           /* additively manufactured */
  gboolean   deactivated;
  GPtrArray *serials;            /* (element-type utf8) normalised serial numbers */
} LdCaseItem;

typedef struct
{
  char      *id;
  char      *reference;
  char      *kind;                 /* export, import, transit, brokering, re_export */
  gboolean   temporary;
  char      *return_on;            /* temporary transfers: YYYY-MM-DD */
  char      *origin_country;
  char      *export_country;
  GPtrArray *transit;              /* (element-type utf8) country codes in route order */
  char      *destination_country;
  char      *contract_reference;
  char      *contract_date;
  char      *delivery_schedule;
  char      *end_use;
  char      *euc_reference;        /* until the EUC register links the certificate itself */
  char      *valid_until;          /* requested validity */
  char      *applicant_reference;
  char      *received_on;
  GPtrArray *parties;              /* (element-type LdCaseParty) */
  GPtrArray *items;                /* (element-type LdCaseItem) */
} LdCase;

/* One field that differs between two versions of a case; also used by
 * ld_case_flatten() with @before unset, as a field and its value. */
typedef struct
{
  char *field;     /* e.g. "parties[2].name", "items[1].serials" */
  char *before;    /* (nullable) */
  char *after;     /* (nullable) */
} LdCaseChange;

typedef struct
{
  const char *code;
  const char *title;   /* untranslated */
} LdCaseCode;

LdCase      *ld_case_new               (void);
void         ld_case_free              (LdCase            *self);
LdCaseParty *ld_case_party_new         (void);
void         ld_case_party_free        (LdCaseParty       *party);
LdCaseItem  *ld_case_item_new          (void);
void         ld_case_item_free         (LdCaseItem        *item);
LdCaseParty *ld_case_find_party        (const LdCase      *self,
                                        const char        *role);
gint64       ld_case_count_serials     (const LdCase      *self);
gint64       ld_case_total_quantity    (const LdCase      *self);

const LdCaseCode *ld_case_kinds          (guint *n);
const LdCaseCode *ld_case_party_roles    (guint *n);
const LdCaseCode *ld_case_party_types    (guint *n);
const LdCaseCode *ld_case_item_categories (guint *n);
const char  *ld_case_code_title        (const LdCaseCode  *codes,
                                        guint              n,
                                        const char        *code);

gboolean     ld_case_validate_kind     (const char        *kind,
                                        GError           **error);
gboolean     ld_case_validate_value    (const char        *field,
                                        const char        *value,
                                        GError           **error);
gboolean     ld_case_validate_currency (const char        *field,
                                        const char        *code,
                                        GError           **error);
gboolean     ld_case_parse_year        (const char        *field,
                                        const char        *text,
                                        int               *out_year,
                                        GError           **error);
gboolean     ld_case_validate          (const LdCase      *self,
                                        gboolean           complete,
                                        GError           **error);

GPtrArray   *ld_case_flatten           (const LdCase      *self);
char        *ld_case_field_get_title   (const char        *field);
GPtrArray   *ld_case_diff              (const LdCase      *old_case,
                                        const LdCase      *new_case);
void         ld_case_change_free       (LdCaseChange      *change);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdCase, ld_case_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdCaseParty, ld_case_party_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdCaseItem, ld_case_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdCaseChange, ld_case_change_free)

G_END_DECLS
