/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-euc-consent"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-euc-consent.h"
#include "ld-validate.h"

/* Re-export consent requests against an end-use certificate: what a request
 * must say, and who may decide it. Pure functions; the store records them
 * (ld-euc-consent-repo.c). */

G_DEFINE_QUARK (ld-euc-consent-error-quark, ld_euc_consent_error)

static const char *status_names[] = { "pending", "granted", "refused" };

void
ld_euc_consent_request_clear (LdEucConsentRequest *request)
{
  g_clear_pointer (&request->received_on, g_free);
  g_clear_pointer (&request->requested_by, g_free);
  g_clear_pointer (&request->new_end_user, g_free);
  g_clear_pointer (&request->new_destination, g_free);
  g_clear_pointer (&request->items, g_free);
  g_clear_pointer (&request->purpose, g_free);
}

static void
normalize_slot (char **slot)
{
  char *clean = ld_text_normalize_input (*slot);

  g_free (*slot);
  /* An empty field is a field not given. */
  if (clean && clean[0] == '\0')
    g_clear_pointer (&clean, g_free);
  *slot = clean;
}

/* Trims every field; the destination is a country code in capitals. */
void
ld_euc_consent_request_normalize (LdEucConsentRequest *request)
{
  normalize_slot (&request->received_on);
  normalize_slot (&request->requested_by);
  normalize_slot (&request->new_end_user);
  normalize_slot (&request->new_destination);
  normalize_slot (&request->items);
  normalize_slot (&request->purpose);
  if (request->new_destination)
    {
      char *upper = g_ascii_strup (request->new_destination, -1);

      g_free (request->new_destination);
      request->new_destination = upper;
    }
}

static gboolean
fail_at (const char  *key,
         const char **out_field)
{
  if (out_field)
    *out_field = key;
  return FALSE;
}

static gboolean
validate_received_on (const char  *received_on,
                      const char  *today,
                      GError     **error)
{
  g_autoptr(GDate) received = ld_parse_date (_("Request received on"), received_on, error);
  g_autoptr(GDate) now = today ? ld_parse_date ("today", today, NULL) : NULL;

  if (received == NULL)
    return FALSE;
  if (now && g_date_compare (received, now) > 0)
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_OUT_OF_RANGE,
                   _("Request received on %s is in the future; give the day the request came."), received_on);
      return FALSE;
    }
  return TRUE;
}

/**
 * ld_euc_consent_request_validate:
 * @today: (nullable): YYYY-MM-DD; a request cannot come in the future
 * @out_field: (out) (optional): the key of the field at fault
 *
 * Call after ld_euc_consent_request_normalize().
 */
gboolean
ld_euc_consent_request_validate (const LdEucConsentRequest  *request,
                                 const char                 *today,
                                 const char                **out_field,
                                 GError                    **error)
{
  if (out_field)
    *out_field = NULL;
  if (!ld_validate_required (_("Request received on"), request->received_on, error) ||
      !validate_received_on (request->received_on, today, error))
    return fail_at ("received_on", out_field);
  if (!ld_validate_required (_("Requested by"), request->requested_by, error) ||
      !ld_validate_text (_("Requested by"), request->requested_by, LD_TEXT_NAME, error))
    return fail_at ("requested_by", out_field);
  if (!ld_validate_required (_("New end user"), request->new_end_user, error) ||
      !ld_validate_text (_("New end user"), request->new_end_user, LD_TEXT_NAME, error))
    return fail_at ("new_end_user", out_field);
  if (!ld_validate_required (_("New destination"), request->new_destination, error) ||
      !ld_validate_country_code (_("New destination"), request->new_destination, error))
    return fail_at ("new_destination", out_field);
  if (!ld_validate_text (_("Items"), request->items, LD_TEXT_PARAGRAPH, error))
    return fail_at ("items", out_field);
  if (request->quantity < 0)
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_OUT_OF_RANGE,
                   _("Quantity must be a whole number above zero, or left empty."));
      return fail_at ("quantity", out_field);
    }
  if (!ld_validate_required (_("Purpose of the re-export"), request->purpose, error) ||
      !ld_validate_text (_("Purpose of the re-export"), request->purpose, LD_TEXT_PARAGRAPH, error))
    return fail_at ("purpose", out_field);
  return TRUE;
}

const char *
ld_euc_consent_status_to_string (LdEucConsentStatus status)
{
  g_return_val_if_fail (status <= LD_EUC_CONSENT_REFUSED, NULL);

  return status_names[status];
}

gboolean
ld_euc_consent_status_from_string (const char         *text,
                                   LdEucConsentStatus *out_status)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_strcmp0 (text, status_names[i]) == 0)
      {
        *out_status = i;
        return TRUE;
      }
  return FALSE;
}

const char *
ld_euc_consent_status_title (LdEucConsentStatus status)
{
  switch (status)
    {
    case LD_EUC_CONSENT_PENDING:
      return _("Awaiting a decision");
    case LD_EUC_CONSENT_GRANTED:
      return _("Consent granted");
    case LD_EUC_CONSENT_REFUSED:
      return _("Consent refused");
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * ld_euc_consent_check_decision:
 * @current: the request's status now
 * @decision: granted or refused
 * @recorded_person: the person who recorded the request (ld_actor_get_person())
 * @reason: why; required
 *
 * A request is decided once, by a senior licensing officer who is not the
 * person who recorded it, with a reason: the same four-eyes as a case.
 */
gboolean
ld_euc_consent_check_decision (const LdActor       *actor,
                               LdEucConsentStatus   current,
                               LdEucConsentStatus   decision,
                               const char          *recorded_person,
                               const char          *reason,
                               GError             **error)
{
  g_return_val_if_fail (decision != LD_EUC_CONSENT_PENDING, FALSE);

  if (!ld_actor_require (actor, LD_PERMISSION_DECIDE_APPLICATIONS, error))
    return FALSE;
  if (current != LD_EUC_CONSENT_PENDING)
    {
      g_set_error (error, LD_EUC_CONSENT_ERROR, LD_EUC_CONSENT_ERROR_DECIDED,
                   _("This request was already decided (%s); a decision is not changed. Record a new request "
                     "if the end user asks again."), ld_euc_consent_status_title (current));
      return FALSE;
    }
  if (g_strcmp0 (recorded_person, ld_actor_get_person (actor)) == 0)
    {
      g_set_error (error, LD_EUC_CONSENT_ERROR, LD_EUC_CONSENT_ERROR_FOUR_EYES,
                   _("%s recorded this request and so may not decide it; another senior licensing officer must "
                     "decide."), actor->display_name ? actor->display_name : actor->login);
      return FALSE;
    }
  return ld_validate_required (_("Reason for the decision"), reason, error) &&
         ld_validate_text (_("Reason for the decision"), reason, LD_TEXT_PARAGRAPH, error);
}
