/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-role"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-role.h"

G_DEFINE_QUARK (ld-permission-error-quark, ld_permission_error)

typedef struct
{
  LdRole      role;
  const char *name;
  const char *title;
  guint64     permissions;
} RoleInfo;

#define P(x) (G_GUINT64_CONSTANT (1) << (LD_PERMISSION_##x))

/* Separation of duties: a clerk prepares broker files, an officer assesses cases,
 * only a senior officer decides; the issuance desk prints; an auditor only reads.
 * The administrator manages people and reference data but decides nothing; the
 * arms-embargo table is reference data that decides what screening raises, so
 * only the administrator keeps it. The national denial register records what
 * this office decided: senior officers, who decide, record and void denials,
 * and the administrator may too, to enter partner states' notifications. */
static const RoleInfo roles[] = {
  { LD_ROLE_CLERK, "clerk", N_("Broker registration clerk"),
    P (READ_RECORDS) | P (EDIT_BROKERS) },
  { LD_ROLE_LICENSING_OFFICER, "officer", N_("Licensing officer"),
    P (READ_RECORDS) | P (EDIT_APPLICATIONS) | P (ASSESS_APPLICATIONS) | P (SCREEN_CASES) |
    P (RECORD_SHIPMENTS) },
  { LD_ROLE_SENIOR_OFFICER, "senior", N_("Senior licensing officer"),
    P (READ_RECORDS) | P (EDIT_APPLICATIONS) | P (ASSESS_APPLICATIONS) |
    P (DECIDE_APPLICATIONS) | P (DECIDE_BROKERS) | P (RECORD_DENIALS) | P (SCREEN_CASES) |
    P (ISSUE_LICENCES) | P (CONTROL_LICENCES) | P (RECORD_SHIPMENTS) },
  { LD_ROLE_ISSUANCE_DESK, "issuance", N_("Issuance desk"),
    P (READ_RECORDS) | P (PRINT_DOCUMENTS) | P (ISSUE_LICENCES) | P (RECORD_SHIPMENTS) },
  { LD_ROLE_AUDITOR, "auditor", N_("Auditor"),
    P (READ_RECORDS) | P (VERIFY_AUDIT) },
  { LD_ROLE_ADMINISTRATOR, "admin", N_("Administrator"),
    P (READ_RECORDS) | P (MANAGE_REFERENCE_DATA) | P (MANAGE_USERS) |
    P (VERIFY_AUDIT) | P (GENERATE_DEMO_DATA) | P (EDIT_EMBARGOES) |
    P (RECORD_DENIALS) | P (SCREEN_CASES) },
};

#undef P

static const char *permission_titles[] = {
  [LD_PERMISSION_READ_RECORDS] = N_("read records"),
  [LD_PERMISSION_EDIT_BROKERS] = N_("prepare broker registrations"),
  [LD_PERMISSION_DECIDE_BROKERS] = N_("decide broker registrations"),
  [LD_PERMISSION_EDIT_APPLICATIONS] = N_("record transfer applications"),
  [LD_PERMISSION_ASSESS_APPLICATIONS] = N_("assess transfer applications"),
  [LD_PERMISSION_DECIDE_APPLICATIONS] = N_("decide transfer applications"),
  [LD_PERMISSION_PRINT_DOCUMENTS] = N_("print licences and certificates"),
  [LD_PERMISSION_MANAGE_REFERENCE_DATA] = N_("manage reference data"),
  [LD_PERMISSION_MANAGE_USERS] = N_("manage user profiles"),
  [LD_PERMISSION_VERIFY_AUDIT] = N_("verify the audit log"),
  [LD_PERMISSION_GENERATE_DEMO_DATA] = N_("generate demonstration data"),
  [LD_PERMISSION_EDIT_EMBARGOES] = N_("edit the arms-embargo table"),
  [LD_PERMISSION_RECORD_DENIALS] = N_("record and void denials"),
  /* The administrator too: a new list, embargo table or denial they put in
   * force must reach the undecided cases at once. Screening adds hits for an
   * officer to judge and changes nothing in the case itself. */
  [LD_PERMISSION_SCREEN_CASES] = N_("screen cases against the list, the embargoes and the denial register"),
  /* Issuing turns an approved case into a numbered licence: the senior officer
   * who decides, or the issuance desk that prints it. Stopping a licence in
   * force (suspending, reinstating, revoking) is a decision: senior officers
   * only. Shipments are facts reported by customs and exporters. */
  [LD_PERMISSION_ISSUE_LICENCES] = N_("issue licences and record their surrender"),
  [LD_PERMISSION_CONTROL_LICENCES] = N_("suspend, reinstate and revoke licences"),
  [LD_PERMISSION_RECORD_SHIPMENTS] = N_("record shipments under a licence"),
};

static const RoleInfo *
find_role (LdRole role)
{
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (roles[i].role == role)
      return &roles[i];
  return NULL;
}

gboolean
ld_role_is_valid (int role)
{
  return find_role ((LdRole) role) != NULL;
}

const char *
ld_role_to_string (LdRole role)
{
  const RoleInfo *info = find_role (role);

  return info ? info->name : NULL;
}

/**
 * ld_role_from_string:
 * @name: a role's short name ("clerk", "officer", "senior", "issuance", "auditor", "admin")
 *
 * Returns: the role, or 0 when @name names no role.
 */
LdRole
ld_role_from_string (const char *name)
{
  g_return_val_if_fail (name != NULL, 0);

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (g_strcmp0 (roles[i].name, name) == 0)
      return roles[i].role;
  return 0;
}

const char *
ld_role_get_title (LdRole role)
{
  const RoleInfo *info = find_role (role);

  return info ? _(info->title) : NULL;
}

gboolean
ld_role_can (LdRole       role,
             LdPermission permission)
{
  const RoleInfo *info = find_role (role);

  if (info == NULL)
    return FALSE;
  return (info->permissions & (G_GUINT64_CONSTANT (1) << permission)) != 0;
}

const char *
ld_permission_get_title (LdPermission permission)
{
  g_return_val_if_fail (permission < G_N_ELEMENTS (permission_titles), NULL);

  return _(permission_titles[permission]);
}
