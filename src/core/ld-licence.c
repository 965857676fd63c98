/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-licence"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ld-licence.h"
#include "ld-validate.h"

G_DEFINE_QUARK (ld-licence-error-quark, ld_licence_error)

static const struct { const char *name; const char *title; } statuses[] = {
  [LD_LICENCE_STATUS_ISSUED] = { "issued", N_("Issued") },
  [LD_LICENCE_STATUS_PARTLY_USED] = { "partly_used", N_("Partly used") },
  [LD_LICENCE_STATUS_EXHAUSTED] = { "exhausted", N_("Exhausted") },
  [LD_LICENCE_STATUS_EXPIRED] = { "expired", N_("Expired") },
  [LD_LICENCE_STATUS_SUSPENDED] = { "suspended", N_("Suspended") },
  [LD_LICENCE_STATUS_REVOKED] = { "revoked", N_("Revoked") },
  [LD_LICENCE_STATUS_SURRENDERED] = { "surrendered", N_("Surrendered") },
};

static const char *actions[] = {
  [LD_LICENCE_ACTION_SUSPEND] = "suspend",
  [LD_LICENCE_ACTION_REINSTATE] = "reinstate",
  [LD_LICENCE_ACTION_REVOKE] = "revoke",
  [LD_LICENCE_ACTION_SURRENDER] = "surrender",
};

/* The national numbering: LIC/<type>/<year of issue>/<six digits>. Each type
 * and year is a series of its own, numbered from 1 without gaps. Validity in
 * months by type: a transit licence covers one passage, an export licence a
 * contract's deliveries. */
static const LdLicencePolicy policies[] = {
  { "export", "EX", 24, 36 },
  { "import", "IM", 12, 24 },
  { "transit", "TR", 6, 12 },
  { "brokering", "BR", 12, 24 },
  { "re_export", "RX", 12, 24 },
};

/* A licence may start at most this long after it is issued. */
#define MAX_START_DELAY_DAYS 180

const char *
ld_licence_status_to_string (LdLicenceStatus status)
{
  g_return_val_if_fail (status < LD_LICENCE_N_STATUSES, NULL);
  return statuses[status].name;
}

gboolean
ld_licence_status_from_string (const char      *name,
                               LdLicenceStatus *out_status)
{
  for (guint i = 0; i < LD_LICENCE_N_STATUSES; i++)
    if (g_strcmp0 (statuses[i].name, name) == 0)
      {
        *out_status = i;
        return TRUE;
      }
  return FALSE;
}

const char *
ld_licence_status_get_title (LdLicenceStatus status)
{
  g_return_val_if_fail (status < LD_LICENCE_N_STATUSES, NULL);
  return _(statuses[status].title);
}

/**
 * ld_licence_status_effective:
 * @valid_until: the last day of validity, YYYY-MM-DD
 * @today: YYYY-MM-DD
 *
 * Expiry needs nobody to press a button: a licence that could still be used
 * (or resumed) reads as expired from the day after its last day. Exhausted,
 * revoked and surrendered licences keep what ended them.
 */
LdLicenceStatus
ld_licence_status_effective (LdLicenceStatus  stored,
                             const char      *valid_until,
                             const char      *today)
{
  gboolean lapsed = valid_until != NULL && today != NULL && g_strcmp0 (today, valid_until) > 0;

  if (lapsed && (stored == LD_LICENCE_STATUS_ISSUED || stored == LD_LICENCE_STATUS_PARTLY_USED ||
                 stored == LD_LICENCE_STATUS_SUSPENDED))
    return LD_LICENCE_STATUS_EXPIRED;
  return stored;
}

/* The usage state a licence in force has after a shipment or reinstatement. */
LdLicenceStatus
ld_licence_status_for_usage (gint64 quantity,
                             gint64 shipped)
{
  if (shipped <= 0)
    return LD_LICENCE_STATUS_ISSUED;
  return shipped >= quantity ? LD_LICENCE_STATUS_EXHAUSTED : LD_LICENCE_STATUS_PARTLY_USED;
}

gboolean
ld_licence_status_allows_shipment (LdLicenceStatus   effective,
                                   GError          **error)
{
  const char *why = NULL;

  switch (effective)
    {
    case LD_LICENCE_STATUS_ISSUED:
    case LD_LICENCE_STATUS_PARTLY_USED:
      return TRUE;
    case LD_LICENCE_STATUS_EXHAUSTED:
      why = _("The licence is exhausted: every quantity on it has been shipped. A further shipment needs a new licence.");
      break;
    case LD_LICENCE_STATUS_EXPIRED:
      why = _("The licence has expired: nothing may be shipped under it after its last day of validity.");
      break;
    case LD_LICENCE_STATUS_SUSPENDED:
      why = _("The licence is suspended: nothing may be shipped under it until a senior officer reinstates it.");
      break;
    case LD_LICENCE_STATUS_REVOKED:
      why = _("The licence is revoked: nothing may be shipped under it.");
      break;
    case LD_LICENCE_STATUS_SURRENDERED:
      why = _("The licence was surrendered: nothing may be shipped under it.");
      break;
    case LD_LICENCE_N_STATUSES:
    default:
      g_assert_not_reached ();
    }
  g_set_error_literal (error, LD_LICENCE_ERROR, LD_LICENCE_ERROR_NOT_ALLOWED, why);
  return FALSE;
}

const char *
ld_licence_action_to_string (LdLicenceAction action)
{
  g_return_val_if_fail (action < LD_LICENCE_N_ACTIONS, NULL);
  return actions[action];
}

static gboolean
action_follows (LdLicenceStatus effective,
                LdLicenceAction action)
{
  gboolean in_use = effective == LD_LICENCE_STATUS_ISSUED || effective == LD_LICENCE_STATUS_PARTLY_USED;

  switch (action)
    {
    case LD_LICENCE_ACTION_SUSPEND:
      return in_use;
    case LD_LICENCE_ACTION_REINSTATE:
      return effective == LD_LICENCE_STATUS_SUSPENDED;
    case LD_LICENCE_ACTION_REVOKE:
      /* An exhausted licence is revoked too when its shipments prove unlawful. */
      return in_use || effective == LD_LICENCE_STATUS_SUSPENDED || effective == LD_LICENCE_STATUS_EXHAUSTED;
    case LD_LICENCE_ACTION_SURRENDER:
      return in_use || effective == LD_LICENCE_STATUS_SUSPENDED;
    case LD_LICENCE_N_ACTIONS:
    default:
      return FALSE;
    }
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; p && *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/**
 * ld_licence_check_action:
 * @effective: the licence's status today (ld_licence_status_effective())
 * @reason: what the act says; every act after issue needs one
 *
 * Whether @actor may take @action on a licence in @effective status.
 */
gboolean
ld_licence_check_action (LdLicenceStatus   effective,
                         LdLicenceAction   action,
                         const LdActor    *actor,
                         const char       *reason,
                         GError          **error)
{
  LdPermission needed = action == LD_LICENCE_ACTION_SURRENDER ? LD_PERMISSION_ISSUE_LICENCES
                                                              : LD_PERMISSION_CONTROL_LICENCES;

  g_return_val_if_fail (action < LD_LICENCE_N_ACTIONS, FALSE);

  if (!ld_actor_require (actor, needed, error))
    return FALSE;
  if (!action_follows (effective, action))
    {
      g_set_error (error, LD_LICENCE_ERROR, LD_LICENCE_ERROR_NOT_ALLOWED,
                   _("A licence that is %s cannot be given “%s”."),
                   ld_licence_status_get_title (effective), actions[action]);
      return FALSE;
    }
  if (is_blank (reason))
    {
      g_set_error (error, LD_LICENCE_ERROR, LD_LICENCE_ERROR_INVALID,
                   _("Say why the licence is to be given “%s”: the reason goes on its record and to the holder."),
                   actions[action]);
      return FALSE;
    }
  return ld_validate_text (_("The reason"), reason, LD_TEXT_PARAGRAPH, error);
}

const LdLicencePolicy *
ld_licence_policy_lookup (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (policies); i++)
    if (g_strcmp0 (policies[i].kind, kind) == 0)
      return &policies[i];
  return NULL;
}

/**
 * ld_licence_series:
 *
 * Returns: (transfer full) (nullable): the numbering series of a licence of
 *   type @kind issued in @year, e.g. "LIC/EX/2026"
 */
char *
ld_licence_series (const char *kind,
                   int         year)
{
  const LdLicencePolicy *policy = ld_licence_policy_lookup (kind);

  return policy ? g_strdup_printf ("LIC/%s/%04d", policy->series_code, year) : NULL;
}

char *
ld_licence_format_number (const char *series,
                          gint64      number)
{
  return g_strdup_printf ("%s/%06" G_GINT64_FORMAT, series, number);
}

static gboolean
parse_date (const char *text,
            GDate      *date)
{
  int y, m, d;
  char end;

  g_date_clear (date, 1);
  if (text == NULL || sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

/* The last day of a validity of @months starting on @from. */
static void
last_day (GDate *from,
          int    months)
{
  g_date_add_months (from, months);
  g_date_subtract_days (from, 1);
}

/**
 * ld_licence_default_until:
 *
 * Returns: (transfer full) (nullable): the last day of validity the policy
 *   gives a licence of @kind starting on @valid_from
 */
char *
ld_licence_default_until (const char *kind,
                          const char *valid_from)
{
  const LdLicencePolicy *policy = ld_licence_policy_lookup (kind);
  GDate date;

  if (policy == NULL || !parse_date (valid_from, &date))
    return NULL;
  last_day (&date, policy->default_months);
  return format_date (&date);
}

/**
 * ld_licence_check_validity:
 * @issued_on: the day of issue, YYYY-MM-DD
 *
 * A licence starts on or after its day of issue (within six months) and lasts
 * at most the policy's longest validity for its type.
 */
gboolean
ld_licence_check_validity (const char  *kind,
                           const char  *issued_on,
                           const char  *valid_from,
                           const char  *valid_until,
                           GError     **error)
{
  const LdLicencePolicy *policy = ld_licence_policy_lookup (kind);
  GDate issued, from, until, latest;

  if (policy == NULL)
    {
      g_set_error (error, LD_LICENCE_ERROR, LD_LICENCE_ERROR_INVALID,
                   _("“%s” is not a licence type this office issues."), kind ? kind : "");
      return FALSE;
    }
  if (!parse_date (issued_on, &issued) || !parse_date (valid_from, &from) || !parse_date (valid_until, &until))
    {
      g_set_error (error, LD_LICENCE_ERROR, LD_LICENCE_ERROR_INVALID,
                   _("Validity dates are written YYYY-MM-DD and must be real days (got “%s” to “%s”)."),
                   valid_from ? valid_from : "", valid_until ? valid_until : "");
      return FALSE;
    }
  if (g_date_compare (&from, &issued) < 0 || g_date_days_between (&issued, &from) > MAX_START_DELAY_DAYS)
    {
      g_set_error (error, LD_LICENCE_ERROR, LD_LICENCE_ERROR_INVALID,
                   _("A licence issued on %s may start between that day and %d days later, not on %s."),
                   issued_on, MAX_START_DELAY_DAYS, valid_from);
      return FALSE;
    }
  latest = from;
  last_day (&latest, policy->max_months);
  if (g_date_compare (&until, &from) < 0 || g_date_compare (&until, &latest) > 0)
    {
      g_autofree char *latest_text = format_date (&latest);

      g_set_error (error, LD_LICENCE_ERROR, LD_LICENCE_ERROR_INVALID,
                   _("A licence of type %s starting on %s must end between that day and %s (at most %d months); %s is outside."),
                   kind, valid_from, latest_text, policy->max_months, valid_until);
      return FALSE;
    }
  return TRUE;
}

/**
 * ld_licence_serial_key:
 *
 * Returns: (transfer full): @serial as tracing compares it: letters and digits
 *   only, in capitals, so that "ab-12/3" and "AB 123" are the same marking
 */
char *
ld_licence_serial_key (const char *serial)
{
  GString *key = g_string_new (NULL);

  for (const char *p = serial; p && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (key, g_unichar_toupper (c));
    }
  return g_string_free (key, FALSE);
}

/**
 * ld_licence_marking_key:
 *
 * Returns: (transfer full): a manufacturer's or import marking as tracing
 *   compares it: without spaces and the separators - / . , : ; _ ( ), and with
 *   the letters a–z in capitals. It is the key the store's marking indexes
 *   compute in SQL (migration "licence-aftercare"), so the two must agree:
 *   letters beyond ASCII are kept as they are, as SQLite's upper() keeps them.
 */
char *
ld_licence_marking_key (const char *marking)
{
  GString *key = g_string_new (NULL);

  for (const char *p = marking; p && *p; p++)
    {
      if (strchr (" -/.,:;_()", *p) != NULL)
        continue;
      g_string_append_c (key, g_ascii_toupper (*p));
    }
  return g_string_free (key, FALSE);
}

/**
 * ld_licence_expiry_warning:
 * @stored: the status last recorded
 * @today: YYYY-MM-DD
 *
 * The warning the licence list and page give: a licence that could still be
 * used and ends within %LD_LICENCE_EXPIRY_WARNING_DAYS days is expiring soon;
 * one that lapsed while it could have been used has expired. The licence list
 * computes the same in SQL (the licence_register view).
 */
LdLicenceWarning
ld_licence_expiry_warning (LdLicenceStatus  stored,
                           const char      *valid_until,
                           const char      *today)
{
  g_autoptr(GDate) soon = NULL;
  char soon_text[16];
  int y, m, d;

  if (stored != LD_LICENCE_STATUS_ISSUED && stored != LD_LICENCE_STATUS_PARTLY_USED &&
      stored != LD_LICENCE_STATUS_SUSPENDED)
    return LD_LICENCE_WARNING_NONE;
  if (valid_until == NULL || today == NULL || sscanf (today, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
      !g_date_valid_dmy (d, m, y))
    return LD_LICENCE_WARNING_NONE;
  if (g_strcmp0 (valid_until, today) < 0)
    return LD_LICENCE_WARNING_EXPIRED;
  soon = g_date_new_dmy (d, m, y);
  g_date_add_days (soon, LD_LICENCE_EXPIRY_WARNING_DAYS);
  g_date_strftime (soon_text, sizeof soon_text, "%Y-%m-%d", soon);
  return g_strcmp0 (valid_until, soon_text) <= 0 ? LD_LICENCE_WARNING_EXPIRING_SOON : LD_LICENCE_WARNING_NONE;
}

const char *
ld_licence_warning_to_string (LdLicenceWarning warning)
{
  switch (warning)
    {
    case LD_LICENCE_WARNING_EXPIRING_SOON: return "expiring_soon";
    case LD_LICENCE_WARNING_EXPIRED: return "expired";
    case LD_LICENCE_WARNING_NONE:
    default: return NULL;
    }
}

/* Said in the list and on the licence's page. */
const char *
ld_licence_warning_get_title (LdLicenceWarning warning)
{
  switch (warning)
    {
    case LD_LICENCE_WARNING_EXPIRING_SOON: return _("Expires within 30 days");
    case LD_LICENCE_WARNING_EXPIRED: return _("Expired: nothing more may ship");
    case LD_LICENCE_WARNING_NONE:
    default: return NULL;
    }
}
