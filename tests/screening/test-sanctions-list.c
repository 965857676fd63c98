/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sanctions-list"

#include "config.h"

#include <string.h>

#include "ld-sanctions-list.h"
#include "ld-screening-test-util.h"

static LdSanctionsList *
load_fixture (const char *name)
{
  g_autofree char *path = ld_test_fixture_path (name);
  g_autoptr(GError) error = NULL;
  LdSanctionsList *list = ld_sanctions_list_new_from_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (list);
  return list;
}

static gboolean
has_name (const LdSanctionsEntry *entry,
          const char             *text,
          LdNameQuality           quality)
{
  for (guint i = 0; i < entry->names->len; i++)
    {
      const LdSanctionsName *name = g_ptr_array_index (entry->names, i);

      if (g_str_equal (name->text, text) && name->quality == quality)
        return TRUE;
    }
  return FALSE;
}

static void
test_real_list (void)
{
  g_autofree char *path = ld_test_real_list_path ();
  g_autoptr(LdSanctionsList) list = NULL;
  g_autoptr(GError) error = NULL;
  const LdSanctionsEntry *entry;
  guint n_low = 0, n_original = 0, n_dob = 0;
  gint64 start;

  start = g_get_monotonic_time ();
  list = ld_sanctions_list_new_from_file (path, &error);
  g_test_message ("parsed the real list in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  g_assert_no_error (error);
  g_assert_cmpuint (ld_sanctions_list_get_n_individuals (list), ==, 730);
  g_assert_cmpuint (ld_sanctions_list_get_n_entities (list), ==, 273);
  g_assert_cmpstr (ld_sanctions_list_get_date_generated (list), ==, "2026-02-27T00:00:09.554Z");
  g_assert_cmpuint (strlen (ld_sanctions_list_get_sha256 (list)), ==, 64);
  g_assert_true (ld_sanctions_list_check_plausible (list, LD_SANCTIONS_LIST_MIN_INDIVIDUALS,
                                                    LD_SANCTIONS_LIST_MIN_ENTITIES, NULL, &error));
  g_assert_no_error (error);

  entry = ld_sanctions_list_lookup_reference (list, "CDi.001");
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->dataid, ==, "6907993");
  g_assert_true (has_name (entry, "ERIC BADEGE", LD_NAME_QUALITY_PRIMARY));
  g_assert_cmpuint (entry->birth_dates->len, ==, 1);
  g_assert_cmpint (g_array_index (entry->birth_dates, LdBirthDate, 0).from_year, ==, 1971);
  g_assert_cmpstr (g_ptr_array_index (entry->nationalities, 0), ==, "Democratic Republic of the Congo");

  for (guint i = 0; i < ld_sanctions_list_get_n_entries (list); i++)
    {
      entry = ld_sanctions_list_get_entry (list, i);
      n_dob += entry->birth_dates->len;
      for (guint j = 0; j < entry->names->len; j++)
        {
          const LdSanctionsName *name = g_ptr_array_index (entry->names, j);

          n_low += name->quality == LD_NAME_QUALITY_LOW;
          n_original += name->quality == LD_NAME_QUALITY_ORIGINAL_SCRIPT;
          g_assert_cmpstr (name->text, !=, "");
          g_assert_false (g_ascii_isspace (name->text[0]));
        }
    }
  g_test_message ("%u weak aliases, %u original-script names, %u dates of birth", n_low, n_original, n_dob);
  g_assert_cmpuint (n_low, >=, 600);
  g_assert_cmpuint (n_original, >=, 370);
  g_assert_cmpuint (n_dob, >=, 850);
}

static void
test_quirks (void)
{
  g_autoptr(LdSanctionsList) list = load_fixture ("quirks.xml");
  const LdSanctionsEntry *entry = ld_sanctions_list_lookup_reference (list, "IQi.901");
  const LdBirthDate *dob;
  const LdSanctionsDocument *doc;

  /* The entry without any name is dropped; the other three stay. */
  g_assert_cmpuint (ld_sanctions_list_get_n_entries (list), ==, 3);
  g_assert_null (ld_sanctions_list_lookup_reference (list, "QDi.991"));
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->dataid, ==, "1001");
  /* Padding and line breaks inside values collapse to single spaces. */
  g_assert_true (has_name (entry, "ALI HASSAN AL-TESTI", LD_NAME_QUALITY_PRIMARY));
  g_assert_true (has_name (entry, "علي حسن التستي", LD_NAME_QUALITY_ORIGINAL_SCRIPT));
  /* Two names in one alias. */
  g_assert_true (has_name (entry, "Ali Hasan al-Testi", LD_NAME_QUALITY_GOOD));
  g_assert_true (has_name (entry, "Ali Hassan Testy", LD_NAME_QUALITY_GOOD));
  g_assert_true (has_name (entry, "“Chemical Ali”", LD_NAME_QUALITY_LOW));
  g_assert_true (has_name (entry, "Ali Majid", LD_NAME_QUALITY_FKA));
  g_assert_cmpuint (entry->names->len, ==, 6);  /* the empty alias placeholder is not a name */
  g_assert_cmpuint (entry->nationalities->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (entry->nationalities, 1), ==, "Jordan");
  g_assert_cmpstr (g_ptr_array_index (entry->countries, 0), ==, "Syrian Arab Republic");

  g_assert_cmpuint (entry->birth_dates->len, ==, 3);  /* the empty one is skipped */
  dob = &g_array_index (entry->birth_dates, LdBirthDate, 0);
  g_assert_cmpint (dob->type, ==, LD_BIRTH_DATE_EXACT);
  g_assert_cmpstr (dob->date, ==, "1941-11-30");
  dob = &g_array_index (entry->birth_dates, LdBirthDate, 1);
  g_assert_cmpint (dob->type, ==, LD_BIRTH_DATE_APPROXIMATE);
  g_assert_cmpint (dob->from_year, ==, 1943);
  dob = &g_array_index (entry->birth_dates, LdBirthDate, 2);
  g_assert_cmpint (dob->type, ==, LD_BIRTH_DATE_BETWEEN);
  g_assert_cmpint (dob->from_year, ==, 1944);
  g_assert_cmpint (dob->to_year, ==, 1946);

  g_assert_cmpuint (entry->documents->len, ==, 1);
  doc = g_ptr_array_index (entry->documents, 0);
  g_assert_cmpstr (doc->number, ==, "A1234567");
  g_assert_cmpstr (doc->issuing_country, ==, "Iraq");

  entry = ld_sanctions_list_lookup_reference (list, "CDe.901");
  g_assert_cmpint (entry->kind, ==, LD_SANCTIONS_ENTRY_ENTITY);
  g_assert_true (has_name (entry, "GREAT LAKES TEST COMPANY (GLTC)", LD_NAME_QUALITY_PRIMARY));
  g_assert_true (has_name (entry, "COMPAGNIE DES GRANDS LACS D’ESSAI", LD_NAME_QUALITY_PRIMARY));
  g_assert_cmpstr (g_ptr_array_index (entry->countries, 0), ==, "Uganda");

  /* A small file parses but is not plausible as the real list. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (ld_sanctions_list_check_plausible (list, LD_SANCTIONS_LIST_MIN_INDIVIDUALS,
                                                       LD_SANCTIONS_LIST_MIN_ENTITIES, NULL, &error));
    g_assert_error (error, LD_SANCTIONS_LIST_ERROR, LD_SANCTIONS_LIST_ERROR_IMPLAUSIBLE);
  }
}

typedef struct
{
  const char *fixture;
  int         code;
} BadFile;

static void
test_bad_files (void)
{
  static const BadFile cases[] = {
    { "empty.xml", LD_SANCTIONS_LIST_ERROR_EMPTY },
    { "not-xml.html", LD_SANCTIONS_LIST_ERROR_NOT_XML },
    { "wrong-schema.xml", LD_SANCTIONS_LIST_ERROR_WRONG_SCHEMA },
    { "no-date.xml", LD_SANCTIONS_LIST_ERROR_NO_DATE },
    { "xxe.xml", LD_SANCTIONS_LIST_ERROR_FORBIDDEN_DTD },
    { "does-not-exist.xml", LD_SANCTIONS_LIST_ERROR_IO },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = ld_test_fixture_path (cases[i].fixture);
      g_autoptr(GError) error = NULL;
      g_autoptr(LdSanctionsList) list = ld_sanctions_list_new_from_file (path, &error);

      g_test_message ("%s: %s", cases[i].fixture, error != NULL ? error->message : "(loaded)");
      g_assert_null (list);
      g_assert_error (error, LD_SANCTIONS_LIST_ERROR, cases[i].code);
    }
}

static void
test_truncated_and_garbage (void)
{
  g_autofree char *path = ld_test_real_list_path ();
  g_autofree char *contents = NULL;
  gsize length = 0;
  static const char garbage[] = "\x00\x01\xff\xfe<<<>>>&&&";
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSanctionsList) list = NULL;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  bytes = g_bytes_new_static (contents, length / 3);
  list = ld_sanctions_list_new_from_bytes (bytes, &error);
  g_assert_null (list);
  g_assert_error (error, LD_SANCTIONS_LIST_ERROR, LD_SANCTIONS_LIST_ERROR_NOT_XML);
  g_test_message ("truncated: %s", error->message);
  g_clear_error (&error);
  g_clear_pointer (&bytes, g_bytes_unref);

  bytes = g_bytes_new_static (garbage, sizeof garbage - 1);
  list = ld_sanctions_list_new_from_bytes (bytes, &error);
  g_assert_null (list);
  g_assert_error (error, LD_SANCTIONS_LIST_ERROR, LD_SANCTIONS_LIST_ERROR_NOT_XML);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/screening/list/real", test_real_list);
  g_test_add_func ("/screening/list/quirks", test_quirks);
  g_test_add_func ("/screening/list/bad-files", test_bad_files);
  g_test_add_func ("/screening/list/truncated-and-garbage", test_truncated_and_garbage);
  return g_test_run ();
}
