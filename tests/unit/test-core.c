/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ld-actor.h"
#include "ld-audit-chain.h"
#include "ld-country.h"
#include "ld-search-text.h"
#include "ld-validate.h"

static void
test_role_permissions (void)
{
  static const struct { LdRole role; LdPermission permission; gboolean allowed; } cases[] = {
    { LD_ROLE_CLERK, LD_PERMISSION_EDIT_BROKERS, TRUE },
    { LD_ROLE_CLERK, LD_PERMISSION_DECIDE_BROKERS, FALSE },
    { LD_ROLE_CLERK, LD_PERMISSION_EDIT_APPLICATIONS, FALSE },
    { LD_ROLE_LICENSING_OFFICER, LD_PERMISSION_ASSESS_APPLICATIONS, TRUE },
    { LD_ROLE_LICENSING_OFFICER, LD_PERMISSION_DECIDE_APPLICATIONS, FALSE },
    { LD_ROLE_SENIOR_OFFICER, LD_PERMISSION_DECIDE_APPLICATIONS, TRUE },
    { LD_ROLE_SENIOR_OFFICER, LD_PERMISSION_DECIDE_BROKERS, TRUE },
    { LD_ROLE_SENIOR_OFFICER, LD_PERMISSION_MANAGE_USERS, FALSE },
    { LD_ROLE_ISSUANCE_DESK, LD_PERMISSION_PRINT_DOCUMENTS, TRUE },
    { LD_ROLE_ISSUANCE_DESK, LD_PERMISSION_EDIT_APPLICATIONS, FALSE },
    { LD_ROLE_AUDITOR, LD_PERMISSION_READ_RECORDS, TRUE },
    { LD_ROLE_AUDITOR, LD_PERMISSION_VERIFY_AUDIT, TRUE },
    { LD_ROLE_AUDITOR, LD_PERMISSION_EDIT_BROKERS, FALSE },
    { LD_ROLE_ADMINISTRATOR, LD_PERMISSION_MANAGE_USERS, TRUE },
    { LD_ROLE_ADMINISTRATOR, LD_PERMISSION_DECIDE_APPLICATIONS, FALSE },
    { LD_ROLE_ADMINISTRATOR, LD_PERMISSION_EDIT_EMBARGOES, TRUE },
    { LD_ROLE_SENIOR_OFFICER, LD_PERMISSION_EDIT_EMBARGOES, FALSE },
    { LD_ROLE_LICENSING_OFFICER, LD_PERMISSION_EDIT_EMBARGOES, FALSE },
    { LD_ROLE_AUDITOR, LD_PERMISSION_EDIT_EMBARGOES, FALSE },
    { LD_ROLE_SENIOR_OFFICER, LD_PERMISSION_RECORD_DENIALS, TRUE },
    { LD_ROLE_ADMINISTRATOR, LD_PERMISSION_SCREEN_CASES, TRUE },
    { LD_ROLE_LICENSING_OFFICER, LD_PERMISSION_SCREEN_CASES, TRUE },
    { LD_ROLE_CLERK, LD_PERMISSION_SCREEN_CASES, FALSE },
    { LD_ROLE_AUDITOR, LD_PERMISSION_SCREEN_CASES, FALSE },
    { LD_ROLE_ISSUANCE_DESK, LD_PERMISSION_SCREEN_CASES, FALSE },
    { LD_ROLE_ADMINISTRATOR, LD_PERMISSION_RECORD_DENIALS, TRUE },
    { LD_ROLE_LICENSING_OFFICER, LD_PERMISSION_RECORD_DENIALS, FALSE },
    { LD_ROLE_CLERK, LD_PERMISSION_RECORD_DENIALS, FALSE },
    { LD_ROLE_AUDITOR, LD_PERMISSION_RECORD_DENIALS, FALSE },
    { 0, LD_PERMISSION_READ_RECORDS, FALSE },
    { 99, LD_PERMISSION_READ_RECORDS, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (ld_role_can (cases[i].role, cases[i].permission), ==, cases[i].allowed);
}

static void
test_role_names_round_trip (void)
{
  for (LdRole role = LD_ROLE_FIRST; role <= LD_ROLE_LAST; role++)
    {
      g_assert_true (ld_role_is_valid (role));
      g_assert_cmpint (ld_role_from_string (ld_role_to_string (role)), ==, role);
      g_assert_nonnull (ld_role_get_title (role));
    }
  g_assert_cmpint (ld_role_from_string ("emperor"), ==, 0);
}

static void
test_actor_require (void)
{
  g_autoptr(LdActor) clerk = ld_actor_new ("id-1", "jb", "Jonas Berg", LD_ROLE_CLERK);
  g_autoptr(GError) error = NULL;

  g_assert_true (ld_actor_require (clerk, LD_PERMISSION_EDIT_BROKERS, &error));
  g_assert_no_error (error);
  g_assert_false (ld_actor_require (clerk, LD_PERMISSION_DECIDE_BROKERS, &error));
  g_assert_error (error, LD_PERMISSION_ERROR, LD_PERMISSION_ERROR_DENIED);
  g_assert_nonnull (strstr (error->message, "Jonas Berg"));
  g_clear_error (&error);
  g_assert_false (ld_actor_require (NULL, LD_PERMISSION_READ_RECORDS, &error));
  g_assert_error (error, LD_PERMISSION_ERROR, LD_PERMISSION_ERROR_DENIED);
}

static void
test_dates (void)
{
  static const struct { const char *text; int code; } cases[] = {
    { "2026-03-31", -1 },
    { " 2024-02-29 ", -1 },
    { "2023-02-29", LD_VALIDATION_ERROR_OUT_OF_RANGE },
    { "2026-13-01", LD_VALIDATION_ERROR_OUT_OF_RANGE },
    { "31/03/2026", LD_VALIDATION_ERROR_MALFORMED },
    { "2026-3-31", LD_VALIDATION_ERROR_MALFORMED },
    { "2026-03-31x", LD_VALIDATION_ERROR_MALFORMED },
    { "tomorrow", LD_VALIDATION_ERROR_MALFORMED },
    { "", LD_VALIDATION_ERROR_REQUIRED },
    { "1850-01-01", LD_VALIDATION_ERROR_OUT_OF_RANGE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      GDate *date = ld_parse_date ("Valid from", cases[i].text, &error);

      if (cases[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_nonnull (date);
          g_date_free (date);
        }
      else
        {
          g_assert_null (date);
          g_assert_error (error, LD_VALIDATION_ERROR, cases[i].code);
          g_assert_nonnull (strstr (error->message, "Valid from"));
        }
    }
}

static void
test_date_order (void)
{
  g_autoptr(GDate) from = g_date_new_dmy (1, 1, 2026);
  g_autoptr(GDate) until = g_date_new_dmy (31, 12, 2025);
  g_autoptr(GError) error = NULL;

  g_assert_false (ld_validate_date_order ("Valid from", from, "Valid until", until, &error));
  g_assert_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_CONTRADICTORY);
  g_assert_true (ld_validate_date_order ("Valid from", until, "Valid until", from, NULL));
}

static void
test_quantities (void)
{
  static const struct { const char *text; gint64 value; int code; } cases[] = {
    { "5000", 5000, -1 },
    { "12 500", 12500, -1 },
    { "1\u202F000", 1000, -1 },
    { "0", 0, LD_VALIDATION_ERROR_OUT_OF_RANGE },
    { "-3", 0, LD_VALIDATION_ERROR_MALFORMED },
    { "3.5", 0, LD_VALIDATION_ERROR_MALFORMED },
    { "ten", 0, LD_VALIDATION_ERROR_MALFORMED },
    { "99999999999999999999", 0, LD_VALIDATION_ERROR_MALFORMED },
    { "", 0, LD_VALIDATION_ERROR_REQUIRED },
    { "١٢", 0, LD_VALIDATION_ERROR_MALFORMED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 value = -1;
      gboolean ok = ld_parse_quantity ("Quantity", cases[i].text, &value, &error);

      if (cases[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpint (value, ==, cases[i].value);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, LD_VALIDATION_ERROR, cases[i].code);
        }
    }
}

static void
test_countries (void)
{
  const LdCountry *kenya = ld_country_lookup ("ke");

  g_assert_nonnull (kenya);
  g_assert_cmpstr (kenya->alpha3, ==, "KEN");
  g_assert_cmpstr (kenya->name, ==, "Kenya");
  g_assert_nonnull (ld_country_lookup (" FR "));
  g_assert_null (ld_country_lookup ("XX"));
  g_assert_null (ld_country_lookup ("FRA"));
  g_assert_null (ld_country_lookup ("F"));
  g_assert_null (ld_country_lookup (NULL));
  g_assert_cmpuint (ld_country_get_n_countries (), >=, 249);
  g_assert_true (ld_validate_country_code ("Destination", "UA", NULL));
  g_assert_false (ld_validate_country_code ("Destination", "SU", NULL));
  g_assert_nonnull (ld_currency_lookup ("eur"));
  g_assert_null (ld_currency_lookup ("EURO"));
  g_assert_null (ld_currency_lookup ("XYZ"));
}

static void
test_search_query (void)
{
  static const struct { const char *input; const char *query; } cases[] = {
    { "atlas", "\"atlas\"*" },
    { "Atlas  Trading", "\"Atlas\"* \"Trading\"*" },
    { "长城", "\"长 城\"" },
    { "北京 张伟", "\"北 京\" \"张 伟\"" },
    { "ООО Восток", "\"ООО\"* \"Восток\"*" },
    { "a\"b OR c*", "\"a\"* \"b\"* \"OR\"* \"c\"*" },
    { "NEAR(x y)", "\"NEAR\"* \"x\"* \"y\"*" },
    { "EXP-2024-0001", "\"EXP\"* \"2024\"* \"0001\"*" },
    { "   ", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *query = ld_search_text_build_query (cases[i].input);

      g_assert_cmpstr (query, ==, cases[i].query);
    }
  g_assert_null (ld_search_text_build_query ("\xff\xfe"));
}

static void
test_search_prepare (void)
{
  g_autofree char *han = ld_search_text_prepare ("北京ABC贸易");
  g_autofree char *plain = ld_search_text_prepare ("Müller GmbH");

  g_assert_cmpstr (han, ==, " 北  京 ABC 贸  易 ");
  g_assert_cmpstr (plain, ==, "Müller GmbH");
}

static LdAuditEntry *
sample_entry (int format)
{
  LdAuditEntry *entry = ld_audit_entry_new (format);

  entry->seq = 1;
  ld_audit_entry_set (entry, LD_AUDIT_FIELD_ENTRY_ID, "e", -1);
  ld_audit_entry_set (entry, LD_AUDIT_FIELD_AT, "2026-01-01T00:00:00.000000Z", -1);
  ld_audit_entry_set (entry, LD_AUDIT_FIELD_ACTOR_ID, "a", -1);
  ld_audit_entry_set (entry, LD_AUDIT_FIELD_ACTOR_LOGIN, "l", -1);
  ld_audit_entry_set (entry, LD_AUDIT_FIELD_ROLE, "clerk", -1);
  ld_audit_entry_set (entry, LD_AUDIT_FIELD_ACTION, "create", -1);
  ld_audit_entry_set (entry, LD_AUDIT_FIELD_ENTITY, "broker", -1);
  ld_audit_entry_set (entry, LD_AUDIT_FIELD_RECORD_ID, "r", -1);
  ld_audit_entry_set (entry, LD_AUDIT_FIELD_AFTER_JSON, "{}", -1);
  ld_audit_entry_set (entry, LD_AUDIT_FIELD_PREV_HASH, LD_AUDIT_GENESIS_HASH, -1);
  return entry;
}

static void
test_audit_hash (void)
{
  for (int format = LD_AUDIT_FORMAT_CHAINED; format <= LD_AUDIT_FORMAT_KEYED; format++)
    {
      g_autoptr(LdAuditEntry) entry = sample_entry (format);
      g_autofree char *first = ld_audit_entry_compute_hash (entry);
      g_autofree char *second = NULL;
      g_autofree char *third = NULL;

      g_assert_cmpuint (strlen (first), ==, 64);

      /* Moving text from one field to the next must change the hash. */
      ld_audit_entry_set (entry, LD_AUDIT_FIELD_ENTITY, "broke", -1);
      ld_audit_entry_set (entry, LD_AUDIT_FIELD_RECORD_ID, "rr", -1);
      second = ld_audit_entry_compute_hash (entry);
      g_assert_cmpstr (first, !=, second);

      /* NULL and empty differ. */
      ld_audit_entry_set (entry, LD_AUDIT_FIELD_ENTITY, "broker", -1);
      ld_audit_entry_set (entry, LD_AUDIT_FIELD_RECORD_ID, "r", -1);
      ld_audit_entry_set (entry, LD_AUDIT_FIELD_BEFORE_JSON, "", -1);
      third = ld_audit_entry_compute_hash (entry);
      g_assert_cmpstr (first, !=, third);
    }
}

/* The keyed rules hash every byte: text after a NUL changes the hash, and the
 * NUL itself is reported. */
static void
test_audit_hash_nul (void)
{
  g_autoptr(LdAuditEntry) entry = sample_entry (LD_AUDIT_FORMAT_KEYED);
  g_autofree char *clean = ld_audit_entry_compute_hash (entry);
  g_autofree char *hidden = NULL;
  LdAuditField field = LD_AUDIT_N_FIELDS;

  g_assert_false (ld_audit_entry_find_nul (entry, &field));
  ld_audit_entry_set (entry, LD_AUDIT_FIELD_AFTER_JSON, "{}\0approved", 11);
  hidden = ld_audit_entry_compute_hash (entry);
  g_assert_cmpstr (clean, !=, hidden);
  g_assert_true (ld_audit_entry_find_nul (entry, &field));
  g_assert_cmpint (field, ==, LD_AUDIT_FIELD_AFTER_JSON);
  g_assert_cmpstr (ld_audit_field_name (field), ==, "after_json");
}

static void
test_audit_mac (void)
{
  g_autoptr(LdAuditEntry) entry = sample_entry (LD_AUDIT_FORMAT_KEYED);
  guint8 key[LD_AUDIT_KEY_SIZE] = { 1, 2, 3 };
  guint8 other[LD_AUDIT_KEY_SIZE] = { 1, 2, 4 };
  g_autofree char *mac = ld_audit_entry_compute_mac (entry, key, sizeof key);
  g_autofree char *again = ld_audit_entry_compute_mac (entry, key, sizeof key);
  g_autofree char *other_mac = ld_audit_entry_compute_mac (entry, other, sizeof other);
  g_autofree char *changed = NULL;

  g_assert_cmpuint (strlen (mac), ==, 64);
  g_assert_cmpstr (mac, ==, again);
  g_assert_cmpstr (mac, !=, other_mac);
  ld_audit_entry_set (entry, LD_AUDIT_FIELD_ROW_DIGEST, "00", -1);
  changed = ld_audit_entry_compute_mac (entry, key, sizeof key);
  g_assert_cmpstr (mac, !=, changed);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/role/permissions", test_role_permissions);
  g_test_add_func ("/core/role/names", test_role_names_round_trip);
  g_test_add_func ("/core/actor/require", test_actor_require);
  g_test_add_func ("/core/validate/dates", test_dates);
  g_test_add_func ("/core/validate/date-order", test_date_order);
  g_test_add_func ("/core/validate/quantities", test_quantities);
  g_test_add_func ("/core/country/lookup", test_countries);
  g_test_add_func ("/core/search/query", test_search_query);
  g_test_add_func ("/core/search/prepare", test_search_prepare);
  g_test_add_func ("/core/audit/hash", test_audit_hash);
  g_test_add_func ("/core/audit/hash-nul", test_audit_hash_nul);
  g_test_add_func ("/core/audit/mac", test_audit_mac);

  return g_test_run ();
}
