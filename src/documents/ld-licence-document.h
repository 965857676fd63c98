/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a printed licence shows: every field of the licence list in DOMAIN.md.
 * Issuance (issue 11) fills it from an issued licence; until then it comes
 * from JSON (ld_licence_document_from_json(), `licence-desk-admin print
 * licence --json`). Strings are as entered, in any script. */

typedef struct
{
  char *name;
  char *address;
  char *country;         /* ISO 3166 alpha-2 */
  char *registration;    /* company or broker registration number */
} LdDocParty;

typedef struct
{
  char      *description;
  char      *category;
  char      *control_entry;
  char      *hs_code;
  gint64     quantity;
  char      *unit_value;   /* decimal text */
  char      *currency;
  GPtrArray *serials;      /* (element-type utf8) */
} LdDocItem;

typedef enum
{
  LD_LICENCE_STATE_ISSUED,
  LD_LICENCE_STATE_SUSPENDED,
  LD_LICENCE_STATE_REVOKED,
  LD_LICENCE_STATE_VOIDED,
} LdLicenceState;

typedef struct
{
  char           *licence_number;
  char           *application_number;
  char           *licence_type;         /* export, import, transit, brokering, re_export */
  char           *issuing_authority;
  char           *authority_address;
  LdDocParty     *exporter;             /* exporter or applicant */
  GPtrArray      *consignees;           /* (element-type LdDocParty) */
  LdDocParty     *end_user;
  GPtrArray      *brokers;              /* (element-type LdDocParty) */
  LdDocParty     *agent;                /* (nullable) */
  char           *origin_country;
  char           *export_country;
  GPtrArray      *transit;              /* (element-type utf8) in route order */
  char           *destination_country;
  GPtrArray      *items;                /* (element-type LdDocItem) */
  char           *end_use;
  char           *contract_reference;
  char           *contract_date;
  char           *euc_reference;
  char           *valid_from;           /* YYYY-MM-DD */
  char           *valid_until;
  GPtrArray      *conditions;           /* (element-type utf8) provisos */
  char           *signatory_name;
  char           *signatory_title;
  char           *issued_on;
  char           *issued_at;            /* place */
  LdLicenceState  state;
} LdLicenceDocument;

LdLicenceDocument *ld_licence_document_new        (void);
void               ld_licence_document_free       (LdLicenceDocument  *self);
LdLicenceDocument *ld_licence_document_from_json  (const char         *json,
                                                   gssize              length,
                                                   GError            **error);
char              *ld_licence_document_content    (const LdLicenceDocument *self);
char              *ld_licence_document_digest     (const LdLicenceDocument *self);

LdDocParty        *ld_doc_party_new               (void);
void               ld_doc_party_free              (LdDocParty         *party);
LdDocItem         *ld_doc_item_new                (void);
void               ld_doc_item_free               (LdDocItem          *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdLicenceDocument, ld_licence_document_free)

G_END_DECLS
