/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-embargo-table"

#include "config.h"

#include <string.h>

#include "ld-embargo-table.h"
#include "ld-screening-test-util.h"

static LdEmbargoTable *
load_default (void)
{
  g_autoptr(GError) error = NULL;
  LdEmbargoTable *table = ld_embargo_table_new_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (table);
  return table;
}

static void
test_shipped_table (void)
{
  g_autoptr(LdEmbargoTable) table = load_default ();
  static const char * const embargoed[] = { "KP", "IR", "LY", "SO", "SD", "SS", "CF", "CD", "HT", "YE", "IQ", "LB" };

  g_assert_cmpstr (ld_embargo_table_get_updated (table), ==, "2026-02-27");
  g_assert_nonnull (ld_embargo_table_get_version (table));
  g_assert_cmpuint (ld_embargo_table_get_n_embargoes (table), ==, 14);
  for (guint i = 0; i < G_N_ELEMENTS (embargoed); i++)
    {
      g_autoptr(GPtrArray) found = ld_embargo_table_lookup (table, embargoed[i]);

      g_assert_cmpuint (found->len, ==, 1);
    }
  /* The file in the source tree is the one compiled in. */
  {
    g_autofree char *path = g_build_filename (SOURCE_DIR, "data", "embargoes", "un-arms-embargoes.json", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(LdEmbargoTable) from_file = ld_embargo_table_new_from_file (path, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (ld_embargo_table_get_version (from_file), ==, ld_embargo_table_get_version (table));
  }
}

static void
test_lookup (void)
{
  g_autoptr(LdEmbargoTable) table = load_default ();
  g_autoptr(GPtrArray) dprk = ld_embargo_table_lookup (table, " kp ");
  g_autoptr(GPtrArray) iraq = ld_embargo_table_lookup (table, "IQ");
  g_autoptr(GPtrArray) france = ld_embargo_table_lookup (table, "FR");
  const LdEmbargo *embargo;

  g_assert_cmpuint (dprk->len, ==, 1);
  embargo = g_ptr_array_index (dprk, 0);
  g_assert_cmpint (embargo->scope, ==, LD_EMBARGO_SCOPE_FULL);
  g_assert_cmpstr (embargo->resolutions[0], ==, "1718 (2006)");
  g_assert_cmpstr (embargo->since, ==, "2006-10-14");
  g_assert_cmpuint (iraq->len, ==, 1);
  g_assert_cmpint (((LdEmbargo *) iraq->pdata[0])->scope, ==, LD_EMBARGO_SCOPE_NON_GOVERNMENTAL);
  g_assert_cmpuint (france->len, ==, 0);

  embargo = ld_embargo_table_lookup_list_type (table, "Al-Qaida");
  g_assert_nonnull (embargo);
  g_assert_cmpstr (embargo->id, ==, "isil-al-qaida");
  g_assert_null (ld_embargo_table_lookup_list_type (table, "Nothing"));
}

static void
test_screen_route_and_parties (void)
{
  g_autoptr(LdEmbargoTable) table = load_default ();
  const LdEmbargoCheck checks[] = {
    { "BE", LD_EMBARGO_ROLE_ORIGIN, NULL },
    { "AE", LD_EMBARGO_ROLE_TRANSIT, NULL },
    { "so", LD_EMBARGO_ROLE_TRANSIT, NULL },
    { "KE", LD_EMBARGO_ROLE_DESTINATION, NULL },
    { "KP", LD_EMBARGO_ROLE_PARTY, "Korea Ryonbong General Corporation" },
    { NULL, LD_EMBARGO_ROLE_PARTY, "a party without a country" },
  };
  g_autoptr(GPtrArray) hits = ld_embargo_table_screen (table, checks, G_N_ELEMENTS (checks));
  LdEmbargoHit *hit;

  g_assert_cmpuint (hits->len, ==, 2);
  hit = g_ptr_array_index (hits, 0);
  g_assert_cmpstr (hit->country, ==, "SO");
  g_assert_cmpint (hit->role, ==, LD_EMBARGO_ROLE_TRANSIT);
  g_assert_false (hit->prohibited);
  g_assert_cmpstr (hit->table_version, ==, ld_embargo_table_get_version (table));
  hit = g_ptr_array_index (hits, 1);
  g_assert_cmpstr (hit->country, ==, "KP");
  g_assert_cmpint (hit->role, ==, LD_EMBARGO_ROLE_PARTY);
  g_assert_cmpstr (hit->party, ==, "Korea Ryonbong General Corporation");
  g_assert_true (hit->prohibited);
  g_assert_nonnull (g_strstr_len (hit->reason, -1, "1718 (2006)"));
  g_test_message ("%s", hit->reason);
}

static void
test_bad_tables (void)
{
  static const struct { const char *fixture; int code; } cases[] = {
    { "embargoes-bad-scope.json", LD_EMBARGO_TABLE_ERROR_INVALID },
    { "embargoes-bad-country.json", LD_EMBARGO_TABLE_ERROR_INVALID },
    { "embargoes-truncated.json", LD_EMBARGO_TABLE_ERROR_PARSE },
    { "quirks.xml", LD_EMBARGO_TABLE_ERROR_PARSE },
    { "no-such-table.json", LD_EMBARGO_TABLE_ERROR_IO },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = ld_test_fixture_path (cases[i].fixture);
      g_autoptr(GError) error = NULL;
      g_autoptr(LdEmbargoTable) table = ld_embargo_table_new_from_file (path, &error);

      g_assert_null (table);
      g_assert_error (error, LD_EMBARGO_TABLE_ERROR, cases[i].code);
      g_test_message ("%s: %s", cases[i].fixture, error->message);
    }
}

static LdEmbargoTable *
table_from_text (const char  *text,
                 GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return ld_embargo_table_new_from_bytes (bytes, error);
}

/* A code of the right shape that ISO 3166 does not know, and two entries under
 * one id, are refused with a message that names them. */
static void
test_unknown_country_and_duplicate_id (void)
{
  static const struct { const char *text; const char *says; } cases[] = {
    { "{\"format\":1,\"version\":\"t\",\"updated\":\"2026-01-01\",\"embargoes\":[{\"id\":\"x\",\"name\":\"X\","
      "\"countries\":[\"KQ\"],\"resolutions\":[\"1\"],\"scope\":\"full\",\"since\":\"2001-01-01\",\"source\":\"s\"}]}",
      "“KQ”" },
    { "{\"format\":1,\"version\":\"t\",\"updated\":\"2026-01-01\",\"embargoes\":["
      "{\"id\":\"x\",\"name\":\"X\",\"countries\":[\"KP\"],\"resolutions\":[\"1\"],\"scope\":\"full\",\"since\":\"2001-01-01\",\"source\":\"s\"},"
      "{\"id\":\"x\",\"name\":\"Y\",\"countries\":[\"LY\"],\"resolutions\":[\"2\"],\"scope\":\"full\",\"since\":\"2001-01-01\",\"source\":\"s\"}]}",
      "appears twice" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LdEmbargoTable) table = table_from_text (cases[i].text, &error);

      g_assert_null (table);
      g_assert_error (error, LD_EMBARGO_TABLE_ERROR, LD_EMBARGO_TABLE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }
}

/* The JSON a table writes reads back as the same table: the store keeps it so. */
static void
test_json_round_trip (void)
{
  g_autoptr(LdEmbargoTable) table = load_default ();
  g_autoptr(JsonNode) node = ld_embargo_table_to_json (table);
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdEmbargoTable) again = table_from_text (text, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (ld_embargo_table_get_version (again), ==, ld_embargo_table_get_version (table));
  g_assert_cmpuint (ld_embargo_table_get_n_embargoes (again), ==, ld_embargo_table_get_n_embargoes (table));
  for (guint i = 0; i < ld_embargo_table_get_n_embargoes (table); i++)
    {
      const LdEmbargo *a = ld_embargo_table_get_embargo (table, i);
      const LdEmbargo *b = ld_embargo_table_find (again, a->id);

      g_assert_nonnull (b);
      g_assert_cmpint (a->scope, ==, b->scope);
      g_assert_cmpstrv (a->countries, b->countries);
      g_assert_cmpstrv (a->list_types, b->list_types);
      g_assert_cmpstr (a->since, ==, b->since);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/screening/embargo/shipped-table", test_shipped_table);
  g_test_add_func ("/screening/embargo/lookup", test_lookup);
  g_test_add_func ("/screening/embargo/screen-route-and-parties", test_screen_route_and_parties);
  g_test_add_func ("/screening/embargo/bad-tables", test_bad_tables);
  g_test_add_func ("/screening/embargo/unknown-country-duplicate-id", test_unknown_country_and_duplicate_id);
  g_test_add_func ("/screening/embargo/json-round-trip", test_json_round_trip);
  return g_test_run ();
}
