/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The licence rules of src/core/ld-licence.c: expiry by date, the validity
 * policy by type, numbering, serial keys and who may do what. */
#include "config.h"

#include "ld-licence.h"

static void
test_effective_status (void)
{
  static const struct { LdLicenceStatus stored; const char *until; const char *today; LdLicenceStatus expected; } cases[] = {
    { LD_LICENCE_STATUS_ISSUED, "2026-06-30", "2026-06-30", LD_LICENCE_STATUS_ISSUED },
    { LD_LICENCE_STATUS_ISSUED, "2026-06-30", "2026-07-01", LD_LICENCE_STATUS_EXPIRED },
    { LD_LICENCE_STATUS_PARTLY_USED, "2026-06-30", "2027-01-01", LD_LICENCE_STATUS_EXPIRED },
    { LD_LICENCE_STATUS_SUSPENDED, "2026-06-30", "2026-07-01", LD_LICENCE_STATUS_EXPIRED },
    { LD_LICENCE_STATUS_EXHAUSTED, "2026-06-30", "2026-07-01", LD_LICENCE_STATUS_EXHAUSTED },
    { LD_LICENCE_STATUS_REVOKED, "2026-06-30", "2026-07-01", LD_LICENCE_STATUS_REVOKED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (ld_licence_status_effective (cases[i].stored, cases[i].until, cases[i].today), ==,
                     cases[i].expected);
}

static void
test_validity_policy (void)
{
  static const struct { const char *kind; const char *from; const char *until; gboolean ok; } cases[] = {
    { "export", "2026-03-01", "2029-02-28", TRUE },     /* 36 months */
    { "export", "2026-03-01", "2029-03-01", FALSE },    /* a day more */
    { "transit", "2026-03-01", "2027-02-28", TRUE },
    { "transit", "2026-03-01", "2027-03-01", FALSE },
    { "export", "2026-02-28", "2027-01-01", FALSE },    /* starts before issue */
    { "export", "2026-03-01", "2026-02-28", FALSE },    /* ends before it starts */
    { "export", "2026-09-01", "2027-01-01", FALSE },    /* starts more than 180 days after issue */
    { "export", "2026-02-30", "2027-01-01", FALSE },    /* no such day */
    { "catering", "2026-03-01", "2027-01-01", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = ld_licence_check_validity (cases[i].kind, "2026-03-01", cases[i].from, cases[i].until, &error);

      g_assert_cmpint (ok, ==, cases[i].ok);
      if (!ok)
        g_assert_error (error, LD_LICENCE_ERROR, LD_LICENCE_ERROR_INVALID);
    }
}

static void
test_defaults_and_numbers (void)
{
  g_autofree char *export_until = ld_licence_default_until ("export", "2026-03-01");
  g_autofree char *transit_until = ld_licence_default_until ("transit", "2026-08-31");
  g_autofree char *series = ld_licence_series ("re_export", 2026);
  g_autofree char *number = ld_licence_format_number (series, 42);
  g_autofree char *key = ld_licence_serial_key (" ab-12/3.x ");

  g_assert_cmpstr (export_until, ==, "2028-02-29");
  g_assert_cmpstr (transit_until, ==, "2027-02-27");
  g_assert_cmpstr (number, ==, "LIC/RX/2026/000042");
  g_assert_cmpstr (key, ==, "AB123X");
  g_assert_null (ld_licence_series ("catering", 2026));
}

static void
test_actions (void)
{
  g_autoptr(LdActor) senior = ld_actor_new ("u1", "olena", "Olena", LD_ROLE_SENIOR_OFFICER);
  g_autoptr(LdActor) desk = ld_actor_new ("u2", "samir", "Samir", LD_ROLE_ISSUANCE_DESK);
  g_autoptr(GError) error = NULL;

  g_assert_true (ld_licence_check_action (LD_LICENCE_STATUS_PARTLY_USED, LD_LICENCE_ACTION_SUSPEND, senior, "Risk", NULL));
  g_assert_false (ld_licence_check_action (LD_LICENCE_STATUS_ISSUED, LD_LICENCE_ACTION_SUSPEND, senior, "  ", &error));
  g_assert_error (error, LD_LICENCE_ERROR, LD_LICENCE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ld_licence_check_action (LD_LICENCE_STATUS_ISSUED, LD_LICENCE_ACTION_REVOKE, desk, "Risk", &error));
  g_assert_error (error, LD_PERMISSION_ERROR, LD_PERMISSION_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_true (ld_licence_check_action (LD_LICENCE_STATUS_ISSUED, LD_LICENCE_ACTION_SURRENDER, desk, "Returned", NULL));
  g_assert_false (ld_licence_check_action (LD_LICENCE_STATUS_EXPIRED, LD_LICENCE_ACTION_REINSTATE, senior, "x", &error));
  g_assert_error (error, LD_LICENCE_ERROR, LD_LICENCE_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (ld_licence_status_allows_shipment (LD_LICENCE_STATUS_EXPIRED, &error));
  g_assert_error (error, LD_LICENCE_ERROR, LD_LICENCE_ERROR_NOT_ALLOWED);
  g_assert_cmpint (ld_licence_status_for_usage (10, 10), ==, LD_LICENCE_STATUS_EXHAUSTED);
  g_assert_cmpint (ld_licence_status_for_usage (10, 3), ==, LD_LICENCE_STATUS_PARTLY_USED);
}

/* Warned 30 days ahead while the licence could still be used, and once it
 * lapsed unused; never for one that ended otherwise. */
static void
test_expiry_warning (void)
{
  g_assert_cmpint (ld_licence_expiry_warning (LD_LICENCE_STATUS_ISSUED, "2026-12-31", "2026-12-01"), ==,
                   LD_LICENCE_WARNING_EXPIRING_SOON);
  g_assert_cmpint (ld_licence_expiry_warning (LD_LICENCE_STATUS_PARTLY_USED, "2026-12-31", "2026-12-01"), ==,
                   LD_LICENCE_WARNING_EXPIRING_SOON);
  g_assert_cmpint (ld_licence_expiry_warning (LD_LICENCE_STATUS_ISSUED, "2026-12-31", "2026-12-31"), ==,
                   LD_LICENCE_WARNING_EXPIRING_SOON);
  g_assert_cmpint (ld_licence_expiry_warning (LD_LICENCE_STATUS_ISSUED, "2027-01-01", "2026-12-01"), ==,
                   LD_LICENCE_WARNING_NONE);   /* 31 days ahead */
  g_assert_cmpint (ld_licence_expiry_warning (LD_LICENCE_STATUS_SUSPENDED, "2026-11-30", "2026-12-01"), ==,
                   LD_LICENCE_WARNING_EXPIRED);
  g_assert_cmpint (ld_licence_expiry_warning (LD_LICENCE_STATUS_EXHAUSTED, "2026-12-05", "2026-12-01"), ==,
                   LD_LICENCE_WARNING_NONE);
  g_assert_cmpint (ld_licence_expiry_warning (LD_LICENCE_STATUS_REVOKED, "2026-11-30", "2026-12-01"), ==,
                   LD_LICENCE_WARNING_NONE);
  g_assert_cmpint (ld_licence_expiry_warning (LD_LICENCE_STATUS_ISSUED, "2026-12-31", "not a day"), ==,
                   LD_LICENCE_WARNING_NONE);
  g_assert_cmpstr (ld_licence_warning_to_string (LD_LICENCE_WARNING_EXPIRED), ==, "expired");
}

/* The key the store's marking indexes compute in SQL: separators and spaces
 * gone, a–z in capitals, other letters as they are. */
static void
test_marking_key (void)
{
  g_autofree char *a = ld_licence_marking_key ("Nordvik AB, Eskilstuna (SE)");
  g_autofree char *b = ld_licence_marking_key ("nordvik-ab/eskilstuna.se");
  g_autofree char *c = ld_licence_marking_key ("gh 2026");
  g_autofree char *d = ld_licence_marking_key ("Ижмаш_1999");

  g_assert_cmpstr (a, ==, "NORDVIKABESKILSTUNASE");
  g_assert_cmpstr (b, ==, a);
  g_assert_cmpstr (c, ==, "GH2026");
  g_assert_cmpstr (d, ==, "Ижмаш1999");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/licence/effective-status", test_effective_status);
  g_test_add_func ("/licence/validity-policy", test_validity_policy);
  g_test_add_func ("/licence/defaults-and-numbers", test_defaults_and_numbers);
  g_test_add_func ("/licence/actions", test_actions);
  g_test_add_func ("/licence/expiry-warning", test_expiry_warning);
  g_test_add_func ("/licence/marking-key", test_marking_key);
  return g_test_run ();
}
