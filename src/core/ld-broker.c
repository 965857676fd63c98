/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-broker"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ld-broker.h"
#include "ld-validate.h"

G_DEFINE_QUARK (ld-broker-error-quark, ld_broker_error)

static const struct { const char *id; const char *title; } statuses[LD_BROKER_N_STATUSES] = {
  [LD_BROKER_STATUS_DRAFT] = { "draft", N_("Draft") },
  [LD_BROKER_STATUS_SUBMITTED] = { "submitted", N_("Submitted") },
  [LD_BROKER_STATUS_UNDER_REVIEW] = { "under_review", N_("Under review") },
  [LD_BROKER_STATUS_REGISTERED] = { "registered", N_("Registered") },
  [LD_BROKER_STATUS_REFUSED] = { "refused", N_("Refused") },
  [LD_BROKER_STATUS_SUSPENDED] = { "suspended", N_("Suspended") },
  [LD_BROKER_STATUS_REVOKED] = { "revoked", N_("Revoked") },
  [LD_BROKER_STATUS_EXPIRED] = { "expired", N_("Expired") },
};

static const char *actions[LD_BROKER_N_ACTIONS] = {
  [LD_BROKER_ACTION_EDIT] = "edit",
  [LD_BROKER_ACTION_SUBMIT] = "submit",
  [LD_BROKER_ACTION_REVIEW] = "review",
  [LD_BROKER_ACTION_REGISTER] = "register",
  [LD_BROKER_ACTION_REFUSE] = "refuse",
  [LD_BROKER_ACTION_SUSPEND] = "suspend",
  [LD_BROKER_ACTION_REINSTATE] = "reinstate",
  [LD_BROKER_ACTION_REVOKE] = "revoke",
  [LD_BROKER_ACTION_EXPIRE] = "expire",
  [LD_BROKER_ACTION_RENEW] = "renew",
};

#define S(x) (1u << LD_BROKER_STATUS_##x)

/* The whole state machine. A clerk prepares, submits and takes a file into
 * review; every act with legal effect (granting, refusing, suspending,
 * reinstating, revoking, renewing) needs a senior licensing officer. Expiry
 * is a fact of the calendar that a clerk records. */
static const struct
{
  LdBrokerAction  action;
  guint           from;        /* bit set of LdBrokerStatus */
  LdBrokerStatus  to;
  LdPermission    permission;
  gboolean        needs_reason;
} transitions[] = {
  { LD_BROKER_ACTION_EDIT, S (DRAFT), LD_BROKER_STATUS_DRAFT, LD_PERMISSION_EDIT_BROKERS, FALSE },
  { LD_BROKER_ACTION_SUBMIT, S (DRAFT), LD_BROKER_STATUS_SUBMITTED, LD_PERMISSION_EDIT_BROKERS, FALSE },
  { LD_BROKER_ACTION_REVIEW, S (SUBMITTED), LD_BROKER_STATUS_UNDER_REVIEW, LD_PERMISSION_EDIT_BROKERS, FALSE },
  { LD_BROKER_ACTION_REGISTER, S (SUBMITTED) | S (UNDER_REVIEW), LD_BROKER_STATUS_REGISTERED,
    LD_PERMISSION_DECIDE_BROKERS, FALSE },
  { LD_BROKER_ACTION_REFUSE, S (SUBMITTED) | S (UNDER_REVIEW), LD_BROKER_STATUS_REFUSED,
    LD_PERMISSION_DECIDE_BROKERS, TRUE },
  { LD_BROKER_ACTION_SUSPEND, S (REGISTERED), LD_BROKER_STATUS_SUSPENDED, LD_PERMISSION_DECIDE_BROKERS, TRUE },
  { LD_BROKER_ACTION_REINSTATE, S (SUSPENDED), LD_BROKER_STATUS_REGISTERED, LD_PERMISSION_DECIDE_BROKERS, TRUE },
  { LD_BROKER_ACTION_REVOKE, S (REGISTERED) | S (SUSPENDED), LD_BROKER_STATUS_REVOKED,
    LD_PERMISSION_DECIDE_BROKERS, TRUE },
  { LD_BROKER_ACTION_EXPIRE, S (REGISTERED) | S (SUSPENDED), LD_BROKER_STATUS_EXPIRED,
    LD_PERMISSION_EDIT_BROKERS, FALSE },
  { LD_BROKER_ACTION_RENEW, S (REGISTERED) | S (EXPIRED), LD_BROKER_STATUS_REGISTERED,
    LD_PERMISSION_DECIDE_BROKERS, FALSE },
};

static const char *activity_names[] = {
  "negotiating", "transport", "financing", "insurance", "advertising", "other",
};

static const char *person_roles[LD_BROKER_N_PERSON_ROLES] = {
  [LD_BROKER_PERSON_OWNER] = "owner",
  [LD_BROKER_PERSON_DIRECTOR] = "director",
  [LD_BROKER_PERSON_OFFICIAL] = "official",
};

/* Field keys of the form, and the names a clerk sees in messages. */
static const struct { const char *key; const char *title; gboolean required; LdTextKind kind; } fields[] = {
  { "legal_name", N_("Legal name"), TRUE, LD_TEXT_NAME },
  { "other_names", N_("Other names"), FALSE, LD_TEXT_PARAGRAPH },
  { "legal_form", N_("Legal form"), FALSE, LD_TEXT_LINE },
  { "company_number", N_("Company register number"), FALSE, LD_TEXT_NUMBER },
  { "tax_number", N_("Tax number"), FALSE, LD_TEXT_NUMBER },
  { "country", N_("Country of incorporation or nationality"), TRUE, LD_TEXT_CODE },
  { "registered_address", N_("Registered address"), FALSE, LD_TEXT_PARAGRAPH },
  { "business_sites", N_("Business sites"), FALSE, LD_TEXT_PARAGRAPH },
  { "records_address", N_("Where records are kept"), FALSE, LD_TEXT_PARAGRAPH },
  { "activities", N_("Activity types"), FALSE, LD_TEXT_LINE },
  { "declaration_details", N_("Declaration details"), FALSE, LD_TEXT_PARAGRAPH },
};

const char *
ld_broker_status_to_string (LdBrokerStatus status)
{
  g_return_val_if_fail (status < LD_BROKER_N_STATUSES, NULL);
  return statuses[status].id;
}

gboolean
ld_broker_status_from_string (const char     *text,
                              LdBrokerStatus *out_status)
{
  for (guint i = 0; i < LD_BROKER_N_STATUSES; i++)
    if (g_strcmp0 (statuses[i].id, text) == 0)
      {
        *out_status = i;
        return TRUE;
      }
  return FALSE;
}

const char *
ld_broker_status_get_title (LdBrokerStatus status)
{
  g_return_val_if_fail (status < LD_BROKER_N_STATUSES, NULL);
  return _(statuses[status].title);
}

/* An act as the broker's history names it. */
static const char *action_titles[LD_BROKER_N_ACTIONS] = {
  [LD_BROKER_ACTION_EDIT] = N_("Edited"),
  [LD_BROKER_ACTION_SUBMIT] = N_("Submitted for registration"),
  [LD_BROKER_ACTION_REVIEW] = N_("Taken into review"),
  [LD_BROKER_ACTION_REGISTER] = N_("Registered"),
  [LD_BROKER_ACTION_REFUSE] = N_("Refused"),
  [LD_BROKER_ACTION_SUSPEND] = N_("Suspended"),
  [LD_BROKER_ACTION_REINSTATE] = N_("Reinstated"),
  [LD_BROKER_ACTION_REVOKE] = N_("Revoked"),
  [LD_BROKER_ACTION_EXPIRE] = N_("Expired"),
  [LD_BROKER_ACTION_RENEW] = N_("Renewed"),
};

/**
 * ld_broker_action_get_title:
 * @action: an act's key, as the history stores it ("submit")
 *
 * Returns: the act's title for people, or @action itself for one this
 *   version does not know (recorded by a newer desk)
 */
const char *
ld_broker_action_get_title (const char *action)
{
  LdBrokerAction a;

  if (g_strcmp0 (action, LD_BROKER_HISTORY_REGISTER_REFUSED) == 0)
    return _("Registration refused by the central database");
  if (action == NULL || !ld_broker_action_from_string (action, &a))
    return action;
  return _(action_titles[a]);
}

const char *
ld_broker_action_to_string (LdBrokerAction action)
{
  g_return_val_if_fail (action < LD_BROKER_N_ACTIONS, NULL);
  return actions[action];
}

gboolean
ld_broker_action_from_string (const char     *text,
                              LdBrokerAction *out_action)
{
  for (guint i = 0; i < LD_BROKER_N_ACTIONS; i++)
    if (g_strcmp0 (actions[i], text) == 0)
      {
        *out_action = i;
        return TRUE;
      }
  return FALSE;
}

static int
find_transition (LdBrokerStatus from,
                 LdBrokerAction action)
{
  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    if (transitions[i].action == action && (transitions[i].from & (1u << from)) != 0)
      return (int) i;
  return -1;
}

static int
find_action (LdBrokerAction action)
{
  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    if (transitions[i].action == action)
      return (int) i;
  g_return_val_if_reached (-1);
}

gboolean
ld_broker_action_needs_reason (LdBrokerAction action)
{
  int i = find_action (action);

  return i >= 0 && transitions[i].needs_reason;
}

/**
 * ld_broker_can:
 *
 * Whether @actor may take @action on a broker in @from: what the UI uses to
 * enable its buttons. ld_broker_transition() enforces the same rule.
 */
gboolean
ld_broker_can (const LdActor  *actor,
               LdBrokerStatus  from,
               LdBrokerAction  action)
{
  int i = find_transition (from, action);

  return i >= 0 && actor != NULL && ld_role_can (actor->role, transitions[i].permission);
}

/**
 * ld_broker_transition:
 * @reason: (nullable): why; required for refusal, suspension, reinstatement and revocation
 *
 * Checks that @actor may take @action on a broker in @from and says where it leads.
 */
gboolean
ld_broker_transition (const LdActor  *actor,
                      LdBrokerStatus  from,
                      LdBrokerAction  action,
                      const char     *reason,
                      LdBrokerStatus *out_to,
                      GError        **error)
{
  g_autofree char *clean_reason = ld_text_normalize_input (reason);
  int i;

  g_return_val_if_fail (from < LD_BROKER_N_STATUSES, FALSE);
  g_return_val_if_fail (action < LD_BROKER_N_ACTIONS, FALSE);

  i = find_transition (from, action);
  if (i < 0)
    {
      g_set_error (error, LD_BROKER_ERROR, LD_BROKER_ERROR_FORBIDDEN_TRANSITION,
                   _("A broker registration that is %s cannot be given “%s”."),
                   ld_broker_status_get_title (from), actions[action]);
      return FALSE;
    }
  if (!ld_actor_require (actor, transitions[i].permission, error) ||
      !ld_validate_text (_("Reason"), reason, LD_TEXT_PARAGRAPH, error))
    return FALSE;
  if (transitions[i].needs_reason && (clean_reason == NULL || clean_reason[0] == '\0'))
    {
      g_set_error (error, LD_BROKER_ERROR, LD_BROKER_ERROR_REASON_REQUIRED,
                   _("Give the reason for “%s”; it is recorded and shown to the broker."), actions[action]);
      return FALSE;
    }
  if (out_to)
    *out_to = transitions[i].to;
  return TRUE;
}

static gboolean
fail_act_date (GError    **error,
               const char *format,
               ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail_act_date (GError    **error,
               const char *format,
               ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, LD_BROKER_ERROR, LD_BROKER_ERROR_ACT_DATE, message);
  return FALSE;
}

/**
 * ld_broker_check_act_date:
 * @action: the act; an expiry records the calendar, so only its future dates
 *   are refused
 * @act_date: (nullable): the day the act takes effect, YYYY-MM-DD; %NULL or
 *   empty for @today
 * @today: the real date, YYYY-MM-DD, from the desk's clock
 * @reason: (nullable): the written reason given with the act
 *
 * An act takes effect on the day it is recorded. Dating it a few days back
 * (%LD_BROKER_BACKDATE_GRACE_DAYS) is ordinary; dating it further back, such
 * as a registration back-dated by years, needs a written reason and a senior
 * licensing officer. An act is never dated after today.
 */
gboolean
ld_broker_check_act_date (const LdActor  *actor,
                          LdBrokerAction  action,
                          const char     *act_date,
                          const char     *today,
                          const char     *reason,
                          GError        **error)
{
  g_autofree char *clean_reason = ld_text_normalize_input (reason);
  g_autoptr(GDate) now = ld_parse_date (_("Today"), today, NULL);
  g_autoptr(GDate) day = NULL;
  int back;

  g_return_val_if_fail (now != NULL, FALSE);

  if (act_date == NULL || act_date[0] == '\0')
    return TRUE;
  if (!(day = ld_parse_date (_("Date of the act"), act_date, error)))
    return FALSE;
  back = g_date_days_between (day, now);
  /* One day of slack: a desk east of UTC is already in tomorrow. */
  if (back < -1)
    return fail_act_date (error, _("The date of the act, %s, is after today (%s): an act takes effect on the day "
                                   "it is recorded. Leave the date empty for today."), act_date, today);
  if (back <= LD_BROKER_BACKDATE_GRACE_DAYS || action == LD_BROKER_ACTION_EXPIRE)
    return TRUE;
  if (clean_reason == NULL || clean_reason[0] == '\0')
    return fail_act_date (error, _("The date of the act, %s, is %d days in the past. An act dated more than %d days "
                                   "back needs a written reason (why it is recorded late) and a senior licensing "
                                   "officer; give the reason, or leave the date empty for today."),
                          act_date, back, LD_BROKER_BACKDATE_GRACE_DAYS);
  if (actor == NULL || !ld_role_can (actor->role, LD_PERMISSION_DECIDE_BROKERS))
    return fail_act_date (error, _("The date of the act, %s, is %d days in the past: only a senior licensing "
                                   "officer may record an act dated more than %d days back. Leave the date empty "
                                   "for today, or ask a senior officer."),
                          act_date, back, LD_BROKER_BACKDATE_GRACE_DAYS);
  return TRUE;
}

/* Only a registered broker may be authorised for a deal. */
gboolean
ld_broker_status_may_broker (LdBrokerStatus status)
{
  return status == LD_BROKER_STATUS_REGISTERED;
}

/**
 * ld_broker_format_number:
 *
 * Registration numbers read BR-YYYY-NNNNN: the year the registration was
 * granted and a serial that starts at 1 each year, never reused. A sixth digit
 * appears only after 99,999 grants in one year.
 */
char *
ld_broker_format_number (int    year,
                         gint64 serial)
{
  g_return_val_if_fail (year >= 1900 && year <= 9999, NULL);
  g_return_val_if_fail (serial > 0, NULL);
  return g_strdup_printf ("BR-%04d-%05" G_GINT64_FORMAT, year, serial);
}

gboolean
ld_broker_parse_number (const char *number,
                        int        *out_year,
                        gint64     *out_serial)
{
  int year;
  char serial[16];
  char tail;

  if (number == NULL || strlen (number) < 13 || strlen (number) > 20 ||
      sscanf (number, "BR-%4d-%15[0-9]%c", &year, serial, &tail) != 2 ||
      strlen (serial) < 5 || year < 1900)
    return FALSE;
  *out_year = year;
  *out_serial = g_ascii_strtoll (serial, NULL, 10);
  return *out_serial > 0;
}

gboolean
ld_broker_parse_activities (const char  *text,
                            guint       *out_activities,
                            GError     **error)
{
  g_auto(GStrv) parts = g_strsplit_set (text ? text : "", ",;", -1);
  guint set = 0;

  for (guint i = 0; parts[i]; i++)
    {
      char *part = g_strstrip (parts[i]);
      gboolean known = FALSE;

      if (part[0] == '\0')
        continue;
      for (guint j = 0; j < G_N_ELEMENTS (activity_names); j++)
        if (g_ascii_strcasecmp (part, activity_names[j]) == 0)
          {
            set |= 1u << j;
            known = TRUE;
          }
      if (!known)
        {
          g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_UNKNOWN_CODE,
                       _("Activity types: “%s” is not one of negotiating, transport, financing, insurance, "
                         "advertising or other."), part);
          return FALSE;
        }
    }
  *out_activities = set;
  return TRUE;
}

const char *
ld_broker_person_role_to_string (LdBrokerPersonRole role)
{
  g_return_val_if_fail (role < LD_BROKER_N_PERSON_ROLES, NULL);
  return person_roles[role];
}

gboolean
ld_broker_person_role_from_string (const char         *text,
                                   LdBrokerPersonRole *out_role)
{
  for (guint i = 0; i < LD_BROKER_N_PERSON_ROLES; i++)
    if (g_strcmp0 (person_roles[i], text) == 0)
      {
        *out_role = i;
        return TRUE;
      }
  return FALSE;
}

LdBrokerDraft *
ld_broker_draft_new (void)
{
  return g_new0 (LdBrokerDraft, 1);
}

LdBrokerDraft *
ld_broker_draft_copy (const LdBrokerDraft *draft)
{
  LdBrokerDraft *copy = g_new0 (LdBrokerDraft, 1);

  copy->legal_name = g_strdup (draft->legal_name);
  copy->other_names = g_strdup (draft->other_names);
  copy->legal_form = g_strdup (draft->legal_form);
  copy->company_number = g_strdup (draft->company_number);
  copy->tax_number = g_strdup (draft->tax_number);
  copy->country = g_strdup (draft->country);
  copy->registered_address = g_strdup (draft->registered_address);
  copy->business_sites = g_strdup (draft->business_sites);
  copy->records_address = g_strdup (draft->records_address);
  copy->activities = g_strdup (draft->activities);
  copy->declares_convictions = draft->declares_convictions;
  copy->declares_indictments = draft->declares_indictments;
  copy->declares_denials = draft->declares_denials;
  copy->declaration_details = g_strdup (draft->declaration_details);
  return copy;
}

void
ld_broker_draft_free (LdBrokerDraft *draft)
{
  if (draft == NULL)
    return;
  g_free (draft->legal_name);
  g_free (draft->other_names);
  g_free (draft->legal_form);
  g_free (draft->company_number);
  g_free (draft->tax_number);
  g_free (draft->country);
  g_free (draft->registered_address);
  g_free (draft->business_sites);
  g_free (draft->records_address);
  g_free (draft->activities);
  g_free (draft->declaration_details);
  g_free (draft);
}

static int
find_field (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (fields[i].key, key) == 0)
      return (int) i;
  return -1;
}

/**
 * ld_broker_validate_field:
 * @key: a field key such as "legal_name" or "country"
 *
 * Checks one field as the clerk types it, so the form can say what is wrong
 * next to the field. Optional fields may be empty; text must be valid UTF-8
 * and short enough for a register.
 */
gboolean
ld_broker_validate_field (const char  *key,
                          const char  *value,
                          GError     **error)
{
  int i = find_field (key);
  g_autofree char *clean = NULL;
  guint activities;

  g_return_val_if_fail (i >= 0, FALSE);

  if (!ld_validate_text (_(fields[i].title), value, fields[i].kind, error))
    return FALSE;
  clean = ld_text_normalize_input (value ? value : "");
  if (clean[0] == '\0')
    return !fields[i].required || ld_validate_required (_(fields[i].title), clean, error);
  if (g_str_equal (key, "country"))
    return ld_validate_country_code (_(fields[i].title), clean, error);
  if (g_str_equal (key, "activities"))
    return ld_broker_parse_activities (clean, &activities, error);
  return TRUE;
}

static gboolean
validate_declarations (const LdBrokerDraft  *draft,
                       GError              **error)
{
  gboolean declared = draft->declares_convictions || draft->declares_indictments || draft->declares_denials;
  g_autofree char *details = ld_text_normalize_input (draft->declaration_details ? draft->declaration_details : "");

  if (declared && (details == NULL || details[0] == '\0'))
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_REQUIRED,
                   _("Declaration details are required: the broker declared a conviction, indictment or "
                     "past denial; say which, when and where."));
      return FALSE;
    }
  if (!declared && details && details[0] != '\0')
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_CONTRADICTORY,
                   _("Declaration details are given but no conviction, indictment or past denial is "
                     "declared; tick what the details describe or clear them."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_complete (const LdBrokerDraft  *draft,
                   GError              **error)
{
  guint activities = 0;

  if (!ld_validate_required (_("Registered address"), draft->registered_address, error) ||
      !ld_validate_required (_("Where records are kept"), draft->records_address, error) ||
      !ld_validate_required (_("Activity types"), draft->activities, error) ||
      !ld_broker_parse_activities (draft->activities, &activities, error))
    return FALSE;
  if ((draft->company_number == NULL || draft->company_number[0] == '\0') &&
      (draft->tax_number == NULL || draft->tax_number[0] == '\0'))
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_REQUIRED,
                   _("Company register number or tax number is required: give at least one."));
      return FALSE;
    }
  return TRUE;
}

/**
 * ld_broker_draft_validate:
 * @complete: %TRUE to check what a submission needs, %FALSE for saving a draft
 *
 * A draft can be saved with only a name and a country, so nothing typed is
 * lost; submission needs addresses, activities and a number.
 */
gboolean
ld_broker_draft_validate (const LdBrokerDraft  *draft,
                          gboolean              complete,
                          GError              **error)
{
  const char *values[] = {
    draft->legal_name, draft->other_names, draft->legal_form, draft->company_number, draft->tax_number,
    draft->country, draft->registered_address, draft->business_sites, draft->records_address,
    draft->activities, draft->declaration_details,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (values) == G_N_ELEMENTS (fields));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (!ld_broker_validate_field (fields[i].key, values[i], error))
      return FALSE;
  if (!validate_declarations (draft, error))
    return FALSE;
  return !complete || validate_complete (draft, error);
}

void
ld_broker_person_free (LdBrokerPerson *person)
{
  if (person == NULL)
    return;
  g_free (person->full_name);
  g_free (person->nationality);
  g_free (person->id_document_type);
  g_free (person->id_document_number);
  g_free (person);
}

gboolean
ld_broker_person_validate (const LdBrokerPerson  *person,
                           GError               **error)
{
  if (person->role >= LD_BROKER_N_PERSON_ROLES)
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_UNKNOWN_CODE,
                   _("A person must be an owner, a director or the empowered official."));
      return FALSE;
    }
  return ld_validate_text (_("Person's full name"), person->full_name, LD_TEXT_NAME, error) &&
         ld_validate_text (_("Nationality"), person->nationality, LD_TEXT_CODE, error) &&
         ld_validate_text (_("Identity document type"), person->id_document_type, LD_TEXT_LINE, error) &&
         ld_validate_text (_("Identity document number"), person->id_document_number, LD_TEXT_NUMBER, error) &&
         ld_validate_required (_("Person's full name"), person->full_name, error) &&
         ld_validate_country_code (_("Nationality"), person->nationality, error) &&
         ld_validate_required (_("Identity document type"), person->id_document_type, error) &&
         ld_validate_required (_("Identity document number"), person->id_document_number, error);
}

gboolean
ld_broker_validate_period (const char  *valid_from,
                           const char  *valid_until,
                           GError     **error)
{
  g_autoptr(GDate) from = ld_parse_date (_("Valid from"), valid_from, error);
  g_autoptr(GDate) until = NULL;

  if (from == NULL)
    return FALSE;
  until = ld_parse_date (_("Valid until"), valid_until, error);
  if (until == NULL)
    return FALSE;
  if (g_date_compare (until, from) == 0)
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_CONTRADICTORY,
                   _("Valid until is the same day as Valid from; a registration lasts at least a day."));
      return FALSE;
    }
  return ld_validate_date_order (_("Valid from"), from, _("Valid until"), until, error);
}
