/* SPDX-License-Identifier: GPL-3.0-or-later */
/* For the decision-gate tests (issue 9), through licence-desk-admin: cases,
 * people, a registered broker and its per-deal authorisations. */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "ld-test-admin.h"
#include "ld-test-gate.h"
#include "ld-test-list.h"

/* An export of rifles from Sweden to the Kenya Police Service, with @extra
 * parties and one transit country. */
char *
ld_test_gate_write_case (const char *dir,
                         const char *name,
                         const char *transit,
                         const char *extra)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *json = g_strdup_printf (
    "{\"kind\":\"export\",\"route\":{\"origin\":\"SE\",\"export\":\"SE\",\"transit\":[\"%s\"],\"destination\":\"KE\"},"
    "\"end_use\":\"Police service weapons\",\"euc_reference\":\"EUC/7\","
    "\"parties\":[{\"role\":\"applicant\",\"type\":\"commercial\",\"name\":\"Nordvik Arms AB\",\"country\":\"SE\"},%s"
    "{\"role\":\"end_user\",\"type\":\"police\",\"name\":\"Kenya Police Service\",\"country\":\"KE\"}],"
    "\"items\":[{\"category\":\"rifles_carbines\",\"description\":\"Rifles\",\"quantity\":10,"
    "\"unit_value\":\"900.00\",\"currency\":\"EUR\",\"serials\":[]}]}", transit, extra ? extra : "");

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  return g_steal_pointer (&path);
}

char *
ld_test_gate_new_store (const char *dir,
                        const char *name)
{
  static const char *people[][3] = {
    { "admin", "Amina Diallo", "admin" }, { "maria", "María Fernández", "officer" },
    { "olena", "Olena Kovalenko", "senior" }, { "liwei", "Li Wei", "senior" }, { "jonas", "Jonas Berg", "clerk" },
  };
  char *path = g_build_filename (dir, name, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    g_assert_cmpint (ld_test_run_admin (NULL, NULL, "user", "add", "--store", path, "--login", people[i][0], "--name",
                                        people[i][1], "--role", people[i][2], i ? "--as" : NULL, "admin", NULL), ==, 0);
  return path;
}

void
ld_test_gate_judge_open_hits (const char *store,
                              const char *ref,
                              const char *verdict,
                              guint       expected)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *hits;
  guint n = 0;

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "case-screen", "show", ref, "--store", store, NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  hits = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (hits); i++)
    {
      JsonObject *hit = json_array_get_object_element (hits, i);

      if (!g_str_equal (json_object_get_string_member (hit, "status"), "open"))
        continue;
      n++;
      g_assert_cmpint (ld_test_run_admin (NULL, NULL, "case-screen", "review", json_object_get_string_member (hit, "id"),
                                          "--verdict", verdict, "--reason", "Checked against the entry's details",
                                          "--store", store, "--as", "maria", NULL), ==, 0);
    }
  g_assert_cmpuint (n, ==, expected);
}

char *
ld_test_gate_today_plus (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

/* A broker registered today by the senior officer "olena". */
void
ld_test_gate_register_broker (const char *dir,
                              const char *store)
{
  g_autofree char *csv = g_build_filename (dir, "broker.csv", NULL);
  g_autofree char *out = NULL;
  const char *id;

  g_assert_true (g_file_set_contents (csv,
    "legal_name,other_names,legal_form,company_number,tax_number,country,registered_address,business_sites,"
    "records_address,activities,declares_convictions,declares_indictments,declares_denials,declaration_details\n"
    "Kestrel Defence Systems,Kestrel DS,Ltd,KE-0042,P051234567X,KE,\"Moi Avenue 1, Nairobi\",,"
    "Moi Avenue 1,\"negotiating,transport\",no,no,no,\n", -1, NULL));
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "broker", "import", "--store", store, "--as", "jonas", "--csv", csv,
                                      NULL), ==, 0);
  id = strstr (out, "draft ");
  g_assert_nonnull (id);
  {
    g_autofree char *broker = g_strndup (id + 6, 36);

    g_assert_cmpint (ld_test_run_admin (NULL, NULL, "broker", "add-person", broker, "--store", store, "--as", "jonas",
                                        "--role", "official", "--name", "Wanjiru Kamau", "--nationality", "KE",
                                        "--doc-type", "passport", "--doc-number", "AK123456", NULL), ==, 0);
    g_assert_cmpint (ld_test_run_admin (NULL, NULL, "broker", "submit", broker, "--store", store, "--as", "jonas", NULL),
                     ==, 0);
    g_assert_cmpint (ld_test_run_admin (NULL, NULL, "broker", "register", broker, "--store", store, "--as", "olena",
                                        NULL), ==, 0);
  }
}

char *
ld_test_gate_broker_number (void)
{
  g_autofree char *year = ld_test_gate_today_plus (0);

  return g_strdup_printf ("BR-%.4s-00001", year);
}

char *
ld_test_gate_authorise (const char *store,
                        const char *application)
{
  g_autofree char *broker = ld_test_gate_broker_number ();
  g_autofree char *from = ld_test_gate_today_plus (0);
  g_autofree char *until = ld_test_gate_today_plus (180);
  g_autofree char *out = NULL;
  const char *number;

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "broker", "authorise", broker, "--store", store, "--as",
                                      "olena", "--activity", "negotiating", "--description", "Rifles to KE",
                                      "--application", application, "--from", from, "--until", until, NULL), ==, 0);
  number = strstr (out, "BA-");
  g_assert_nonnull (number);
  return g_strndup (number, strlen ("BA-YYYY-00001"));
}

char *
ld_test_gate_write_broker_case (const char *dir,
                                const char *name,
                                const char *authorisation)
{
  g_autofree char *number = ld_test_gate_broker_number ();
  g_autofree char *broker = g_strdup_printf ("{\"role\":\"broker\",\"type\":\"commercial\",\"name\":\"Kestrel Defence "
                                             "Systems\",\"country\":\"KE\",\"broker_registration\":\"%s\","
                                             "\"broker_authorisation\":\"%s\"},", number, authorisation);

  return ld_test_gate_write_case (dir, name, "DE", broker);
}

