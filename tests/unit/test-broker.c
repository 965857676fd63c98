/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The broker lifecycle, numbering and validation rules of src/core. */
#include "config.h"

#include "ld-broker.h"
#include <string.h>

#include "ld-validate.h"

#define CLERK LD_ROLE_CLERK
#define SENIOR LD_ROLE_SENIOR_OFFICER

/* Every allowed transition, written out independently of ld-broker.c's table,
 * with the role that may take it. Everything else must be refused. */
static const struct
{
  LdBrokerStatus from;
  LdBrokerAction action;
  LdBrokerStatus to;
  LdRole         role;
} allowed[] = {
  { LD_BROKER_STATUS_DRAFT, LD_BROKER_ACTION_EDIT, LD_BROKER_STATUS_DRAFT, CLERK },
  { LD_BROKER_STATUS_DRAFT, LD_BROKER_ACTION_SUBMIT, LD_BROKER_STATUS_SUBMITTED, CLERK },
  { LD_BROKER_STATUS_SUBMITTED, LD_BROKER_ACTION_REVIEW, LD_BROKER_STATUS_UNDER_REVIEW, CLERK },
  { LD_BROKER_STATUS_SUBMITTED, LD_BROKER_ACTION_REGISTER, LD_BROKER_STATUS_REGISTERED, SENIOR },
  { LD_BROKER_STATUS_UNDER_REVIEW, LD_BROKER_ACTION_REGISTER, LD_BROKER_STATUS_REGISTERED, SENIOR },
  { LD_BROKER_STATUS_SUBMITTED, LD_BROKER_ACTION_REFUSE, LD_BROKER_STATUS_REFUSED, SENIOR },
  { LD_BROKER_STATUS_UNDER_REVIEW, LD_BROKER_ACTION_REFUSE, LD_BROKER_STATUS_REFUSED, SENIOR },
  { LD_BROKER_STATUS_REGISTERED, LD_BROKER_ACTION_SUSPEND, LD_BROKER_STATUS_SUSPENDED, SENIOR },
  { LD_BROKER_STATUS_SUSPENDED, LD_BROKER_ACTION_REINSTATE, LD_BROKER_STATUS_REGISTERED, SENIOR },
  { LD_BROKER_STATUS_REGISTERED, LD_BROKER_ACTION_REVOKE, LD_BROKER_STATUS_REVOKED, SENIOR },
  { LD_BROKER_STATUS_SUSPENDED, LD_BROKER_ACTION_REVOKE, LD_BROKER_STATUS_REVOKED, SENIOR },
  { LD_BROKER_STATUS_REGISTERED, LD_BROKER_ACTION_EXPIRE, LD_BROKER_STATUS_EXPIRED, CLERK },
  { LD_BROKER_STATUS_SUSPENDED, LD_BROKER_ACTION_EXPIRE, LD_BROKER_STATUS_EXPIRED, CLERK },
  { LD_BROKER_STATUS_REGISTERED, LD_BROKER_ACTION_RENEW, LD_BROKER_STATUS_REGISTERED, SENIOR },
  { LD_BROKER_STATUS_EXPIRED, LD_BROKER_ACTION_RENEW, LD_BROKER_STATUS_REGISTERED, SENIOR },
};

static int
find_allowed (LdBrokerStatus from,
              LdBrokerAction action)
{
  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    if (allowed[i].from == from && allowed[i].action == action)
      return (int) i;
  return -1;
}

/* Every status × action × role: allowed ones lead where the table says, for
 * the right role only; the rest fail with the right error. */
static void
test_transitions (void)
{
  guint n_allowed = 0;

  for (LdRole role = LD_ROLE_FIRST; role <= LD_ROLE_LAST; role++)
    {
      g_autoptr(LdActor) actor = ld_actor_new ("id", "someone", "Someone", role);

      for (guint from = 0; from < LD_BROKER_N_STATUSES; from++)
        for (guint action = 0; action < LD_BROKER_N_ACTIONS; action++)
          {
            g_autoptr(GError) error = NULL;
            LdBrokerStatus to = LD_BROKER_N_STATUSES;
            int i = find_allowed (from, action);
            gboolean ok = ld_broker_transition (actor, from, action, "a reason", &to, &error);

            g_test_message ("%s: %s --%s-->", ld_role_to_string (role),
                            ld_broker_status_to_string (from), ld_broker_action_to_string (action));
            g_assert_cmpint (ld_broker_can (actor, from, action), ==, ok);
            if (i < 0)
              {
                g_assert_false (ok);
                g_assert_error (error, LD_BROKER_ERROR, LD_BROKER_ERROR_FORBIDDEN_TRANSITION);
              }
            else if (ld_role_can (role, allowed[i].role == CLERK ? LD_PERMISSION_EDIT_BROKERS
                                                                  : LD_PERMISSION_DECIDE_BROKERS))
              {
                g_assert_no_error (error);
                g_assert_true (ok);
                g_assert_cmpint (to, ==, allowed[i].to);
                n_allowed++;
              }
            else
              {
                g_assert_false (ok);
                g_assert_error (error, LD_PERMISSION_ERROR, LD_PERMISSION_ERROR_DENIED);
              }
          }
    }
  /* The clerk and the senior officer each get their share; nobody else any. */
  g_assert_cmpuint (n_allowed, >=, G_N_ELEMENTS (allowed));
}

static void
test_roles (void)
{
  g_autoptr(LdActor) clerk = ld_actor_new ("c", "clerk", "Clerk", LD_ROLE_CLERK);
  g_autoptr(LdActor) senior = ld_actor_new ("s", "senior", "Senior", LD_ROLE_SENIOR_OFFICER);
  g_autoptr(LdActor) auditor = ld_actor_new ("a", "auditor", "Auditor", LD_ROLE_AUDITOR);
  g_autoptr(GError) error = NULL;

  g_assert_true (ld_broker_can (clerk, LD_BROKER_STATUS_DRAFT, LD_BROKER_ACTION_SUBMIT));
  g_assert_false (ld_broker_can (clerk, LD_BROKER_STATUS_SUBMITTED, LD_BROKER_ACTION_REGISTER));
  g_assert_true (ld_broker_can (senior, LD_BROKER_STATUS_SUBMITTED, LD_BROKER_ACTION_REGISTER));
  g_assert_false (ld_broker_can (auditor, LD_BROKER_STATUS_DRAFT, LD_BROKER_ACTION_EDIT));
  g_assert_false (ld_broker_can (NULL, LD_BROKER_STATUS_DRAFT, LD_BROKER_ACTION_EDIT));
  g_assert_false (ld_broker_transition (clerk, LD_BROKER_STATUS_REGISTERED, LD_BROKER_ACTION_SUSPEND,
                                        "fraud", NULL, &error));
  g_assert_error (error, LD_PERMISSION_ERROR, LD_PERMISSION_ERROR_DENIED);
}

static void
test_reasons (void)
{
  g_autoptr(LdActor) senior = ld_actor_new ("s", "senior", "Senior", LD_ROLE_SENIOR_OFFICER);
  static const LdBrokerAction need[] = { LD_BROKER_ACTION_REFUSE, LD_BROKER_ACTION_SUSPEND,
                                         LD_BROKER_ACTION_REINSTATE, LD_BROKER_ACTION_REVOKE };
  static const LdBrokerStatus from[] = { LD_BROKER_STATUS_SUBMITTED, LD_BROKER_STATUS_REGISTERED,
                                         LD_BROKER_STATUS_SUSPENDED, LD_BROKER_STATUS_REGISTERED };

  for (guint i = 0; i < G_N_ELEMENTS (need); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (ld_broker_action_needs_reason (need[i]));
      g_assert_false (ld_broker_transition (senior, from[i], need[i], "  ", NULL, &error));
      g_assert_error (error, LD_BROKER_ERROR, LD_BROKER_ERROR_REASON_REQUIRED);
    }
  g_assert_false (ld_broker_action_needs_reason (LD_BROKER_ACTION_REGISTER));
  g_assert_true (ld_broker_transition (senior, LD_BROKER_STATUS_SUBMITTED, LD_BROKER_ACTION_REGISTER,
                                       NULL, NULL, NULL));
}

static void
test_strings (void)
{
  for (guint i = 0; i < LD_BROKER_N_STATUSES; i++)
    {
      LdBrokerStatus back;

      g_assert_true (ld_broker_status_from_string (ld_broker_status_to_string (i), &back));
      g_assert_cmpint (back, ==, i);
    }
  for (guint i = 0; i < LD_BROKER_N_ACTIONS; i++)
    {
      LdBrokerAction back;

      g_assert_true (ld_broker_action_from_string (ld_broker_action_to_string (i), &back));
      g_assert_cmpint (back, ==, i);
    }
  {
    LdBrokerStatus s;

    g_assert_false (ld_broker_status_from_string ("reinstated", &s));
    g_assert_false (ld_broker_status_from_string (NULL, &s));
  }
  g_assert_true (ld_broker_status_may_broker (LD_BROKER_STATUS_REGISTERED));
  for (guint i = 0; i < LD_BROKER_N_STATUSES; i++)
    if (i != LD_BROKER_STATUS_REGISTERED)
      g_assert_false (ld_broker_status_may_broker (i));
}

static void
test_numbers (void)
{
  static const struct { const char *text; gboolean ok; int year; gint64 serial; } cases[] = {
    { "BR-2026-00001", TRUE, 2026, 1 },
    { "BR-2031-99999", TRUE, 2031, 99999 },
    { "BR-2031-100000", TRUE, 2031, 100000 },
    { "BR-2026-0001", FALSE, 0, 0 },
    { "BR-2026-00000", FALSE, 0, 0 },
    { "BR-26-00001", FALSE, 0, 0 },
    { "br-2026-00001", FALSE, 0, 0 },
    { "BR-2026-00001x", FALSE, 0, 0 },
    { "", FALSE, 0, 0 },
  };
  g_autofree char *first = ld_broker_format_number (2026, 1);
  g_autofree char *big = ld_broker_format_number (2031, 100000);

  g_assert_cmpstr (first, ==, "BR-2026-00001");
  g_assert_cmpstr (big, ==, "BR-2031-100000");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int year = 0;
      gint64 serial = 0;

      g_test_message ("%s", cases[i].text);
      g_assert_cmpint (ld_broker_parse_number (cases[i].text, &year, &serial), ==, cases[i].ok);
      if (cases[i].ok)
        {
          g_assert_cmpint (year, ==, cases[i].year);
          g_assert_cmpint (serial, ==, cases[i].serial);
        }
    }
}

static void
test_fields (void)
{
  static const struct { const char *key; const char *value; int code; } cases[] = {
    { "legal_name", "Atlas Freight Ltd", -1 },
    { "legal_name", "   ", LD_VALIDATION_ERROR_REQUIRED },
    { "legal_name", NULL, LD_VALIDATION_ERROR_REQUIRED },
    { "legal_name", "\xff\xfe", LD_VALIDATION_ERROR_MALFORMED },
    { "other_names", "", -1 },
    { "country", "KE", -1 },
    { "country", "ke", -1 },
    { "country", "XX", LD_VALIDATION_ERROR_UNKNOWN_CODE },
    { "country", "", LD_VALIDATION_ERROR_REQUIRED },
    { "activities", "negotiating, Transport;financing", -1 },
    { "activities", "smuggling", LD_VALIDATION_ERROR_UNKNOWN_CODE },
    { "tax_number", "DE123456789", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = ld_broker_validate_field (cases[i].key, cases[i].value, &error);
      /* Escaped: some values are deliberately not UTF-8, and TAP output must be. */
      g_autofree char *shown = cases[i].value ? g_strescape (cases[i].value, NULL) : g_strdup ("(null)");

      g_test_message ("%s = %s", cases[i].key, shown);
      if (cases[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, LD_VALIDATION_ERROR, cases[i].code);
        }
    }
}

static LdBrokerDraft *
complete_draft (void)
{
  LdBrokerDraft *d = ld_broker_draft_new ();

  d->legal_name = g_strdup ("Atlas Freight Ltd");
  d->country = g_strdup ("GB");
  d->company_number = g_strdup ("01234567");
  d->registered_address = g_strdup ("1 Dock Road, London");
  d->records_address = g_strdup ("1 Dock Road, London");
  d->activities = g_strdup ("transport");
  return d;
}

static void
test_draft (void)
{
  g_autoptr(LdBrokerDraft) d = complete_draft ();
  g_autoptr(LdBrokerDraft) copy = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ld_broker_draft_validate (d, TRUE, &error));
  g_assert_no_error (error);

  /* A draft saves with missing submission fields, a submission does not. */
  g_clear_pointer (&d->registered_address, g_free);
  g_assert_true (ld_broker_draft_validate (d, FALSE, NULL));
  g_assert_false (ld_broker_draft_validate (d, TRUE, &error));
  g_assert_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_REQUIRED);
  g_assert_nonnull (strstr (error->message, "Registered address"));
  g_clear_error (&error);
  d->registered_address = g_strdup ("x");

  g_clear_pointer (&d->company_number, g_free);
  g_assert_false (ld_broker_draft_validate (d, TRUE, &error));
  g_assert_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_REQUIRED);
  g_clear_error (&error);
  d->tax_number = g_strdup ("GB999");
  g_assert_true (ld_broker_draft_validate (d, TRUE, NULL));

  /* Contradictory declarations, both ways. */
  d->declares_denials = TRUE;
  g_assert_false (ld_broker_draft_validate (d, FALSE, &error));
  g_assert_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_REQUIRED);
  g_clear_error (&error);
  d->declaration_details = g_strdup ("Export licence refused by FR in 2019");
  g_assert_true (ld_broker_draft_validate (d, TRUE, NULL));
  d->declares_denials = FALSE;
  g_assert_false (ld_broker_draft_validate (d, FALSE, &error));
  g_assert_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_CONTRADICTORY);
  g_clear_error (&error);

  g_free (d->country);
  d->country = g_strdup ("ZZ");
  copy = ld_broker_draft_copy (d);
  g_assert_cmpstr (copy->declaration_details, ==, d->declaration_details);
  g_assert_false (ld_broker_draft_validate (copy, FALSE, &error));
  g_assert_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_UNKNOWN_CODE);
  g_assert_nonnull (strstr (error->message, "ZZ"));
}

static void
test_person (void)
{
  LdBrokerPerson p = { LD_BROKER_PERSON_OFFICIAL, "Olena Petrenko", "UA", "passport", "FA123456" };
  g_autoptr(GError) error = NULL;
  LdBrokerPersonRole role;

  g_assert_true (ld_broker_person_validate (&p, NULL));
  p.nationality = "UX";
  g_assert_false (ld_broker_person_validate (&p, &error));
  g_assert_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_UNKNOWN_CODE);
  g_clear_error (&error);
  p.nationality = "UA";
  p.id_document_number = "";
  g_assert_false (ld_broker_person_validate (&p, &error));
  g_assert_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_REQUIRED);
  g_assert_true (ld_broker_person_role_from_string ("director", &role));
  g_assert_cmpint (role, ==, LD_BROKER_PERSON_DIRECTOR);
  g_assert_false (ld_broker_person_role_from_string ("spouse", &role));
}

static void
test_period (void)
{
  static const struct { const char *from; const char *until; int code; } cases[] = {
    { "2026-01-01", "2031-01-01", -1 },
    { "2026-01-01", "2025-12-31", LD_VALIDATION_ERROR_CONTRADICTORY },
    { "2026-01-01", "2026-01-01", LD_VALIDATION_ERROR_CONTRADICTORY },
    { "2026-02-30", "2031-01-01", LD_VALIDATION_ERROR_OUT_OF_RANGE },
    { "01/01/2026", "2031-01-01", LD_VALIDATION_ERROR_MALFORMED },
    { "2026-01-01", "", LD_VALIDATION_ERROR_REQUIRED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = ld_broker_validate_period (cases[i].from, cases[i].until, &error);

      if (cases[i].code < 0)
        g_assert_true (ok);
      else
        {
          g_assert_false (ok);
          g_assert_error (error, LD_VALIDATION_ERROR, cases[i].code);
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/broker/transitions", test_transitions);
  g_test_add_func ("/broker/roles", test_roles);
  g_test_add_func ("/broker/reasons", test_reasons);
  g_test_add_func ("/broker/strings", test_strings);
  g_test_add_func ("/broker/numbers", test_numbers);
  g_test_add_func ("/broker/fields", test_fields);
  g_test_add_func ("/broker/draft", test_draft);
  g_test_add_func ("/broker/person", test_person);
  g_test_add_func ("/broker/period", test_period);
  return g_test_run ();
}
