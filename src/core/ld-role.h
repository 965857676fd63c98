/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ld-types.h"

G_BEGIN_DECLS

#define LD_PERMISSION_ERROR (ld_permission_error_quark ())

typedef enum
{
  LD_PERMISSION_ERROR_DENIED,
} LdPermissionError;

/* The roles of DOMAIN.md. The numbering is stored on disk: append only. */
typedef enum
{
  LD_ROLE_CLERK = 1,
  LD_ROLE_LICENSING_OFFICER,
  LD_ROLE_SENIOR_OFFICER,
  LD_ROLE_ISSUANCE_DESK,
  LD_ROLE_AUDITOR,
  LD_ROLE_ADMINISTRATOR,
} LdRole;

#define LD_ROLE_FIRST LD_ROLE_CLERK
#define LD_ROLE_LAST  LD_ROLE_ADMINISTRATOR

/* What an actor may do. Checked in core for every write, whatever the UI shows. */
typedef enum
{
  LD_PERMISSION_READ_RECORDS,
  LD_PERMISSION_EDIT_BROKERS,
  LD_PERMISSION_DECIDE_BROKERS,
  LD_PERMISSION_EDIT_APPLICATIONS,
  LD_PERMISSION_ASSESS_APPLICATIONS,
  LD_PERMISSION_DECIDE_APPLICATIONS,
  LD_PERMISSION_PRINT_DOCUMENTS,
  LD_PERMISSION_MANAGE_REFERENCE_DATA,
  LD_PERMISSION_MANAGE_USERS,
  LD_PERMISSION_VERIFY_AUDIT,
  LD_PERMISSION_GENERATE_DEMO_DATA,
  LD_PERMISSION_EDIT_EMBARGOES,
  LD_PERMISSION_RECORD_DENIALS,
  LD_PERMISSION_SCREEN_CASES,
  LD_PERMISSION_ISSUE_LICENCES,
  LD_PERMISSION_CONTROL_LICENCES,
  LD_PERMISSION_RECORD_SHIPMENTS,
} LdPermission;

GQuark       ld_permission_error_quark (void);

gboolean     ld_role_is_valid          (int            role);
const char  *ld_role_to_string         (LdRole         role);
LdRole       ld_role_from_string       (const char    *name);
const char  *ld_role_get_title         (LdRole         role);
gboolean     ld_role_can               (LdRole         role,
                                        LdPermission   permission);
const char  *ld_permission_get_title   (LdPermission   permission);

G_END_DECLS
