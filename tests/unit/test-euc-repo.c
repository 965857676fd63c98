/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The end-use certificate register on a real SQLite store. */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "ld-case-json.h"
#include "ld-case-repo.h"
#include "ld-euc-repo.h"
#include "ld-test-util.h"
#include "ld-user-repo.h"
#include "ld-validate.h"

typedef struct
{
  char    *dir;
  LdStore *store;
  LdActor *admin;
  LdActor *clerk;
  LdActor *officer;
  LdActor *senior;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("ld-test-euc-repo-XXXXXX", NULL);
  path = g_build_filename (f->dir, "store.sqlite", NULL);
  f->store = ld_store_open (path, &error);
  g_assert_no_error (error);
  f->admin = ld_user_repo_add (f->store, NULL, "admin", "Amina Diallo", LD_ROLE_ADMINISTRATOR, &error);
  f->clerk = ld_user_repo_add (f->store, f->admin, "jonas", "Jonas Berg", LD_ROLE_CLERK, &error);
  f->officer = ld_user_repo_add (f->store, f->admin, "maria", "María Fernández", LD_ROLE_LICENSING_OFFICER, &error);
  f->senior = ld_user_repo_add (f->store, f->admin, "olena", "Olena Kovalenko", LD_ROLE_SENIOR_OFFICER, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  ld_actor_free (f->admin);
  ld_actor_free (f->clerk);
  ld_actor_free (f->officer);
  ld_actor_free (f->senior);
  ld_test_remove_tree (f->dir);
  g_free (f->dir);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  gint64 n = -1;

  g_assert_true (ld_store_query_int64 (f->store, sql, &n, NULL));
  return n;
}

/* A fingerprint of everything a certificate write touches. */
static char *
snapshot (Fixture *f)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT
                          "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                          count (f, "SELECT count(*) FROM euc"),
                          count (f, "SELECT total(row_version) FROM euc"),
                          count (f, "SELECT count(*) FROM euc_verification_event"),
                          count (f, "SELECT count(*) FROM euc_link"),
                          count (f, "SELECT count(*) FROM euc_reuse_attempt"),
                          count (f, "SELECT count(*) FROM attachment"),
                          count (f, "SELECT count(*) FROM audit_log"),
                          count (f, "SELECT count(*) FROM outbox"));
}

static LdEuc *
kenya_euc (const char *number)
{
  LdEuc *e = ld_euc_new ();

  e->certificate_number = g_strdup (number);
  e->issuing_country = g_strdup ("ke");
  e->issuing_authority = g_strdup ("Ministry of Interior and National Administration");
  e->signatory = g_strdup ("P. Otieno, Principal Secretary");
  e->certified_on = g_strdup ("2026-01-12");
  e->issued_on = g_strdup ("2026-01-10");
  e->expires_on = g_strdup ("2027-01-10");
  e->item_description = g_strdup ("Rifles 7.62x51 mm, semi-automatic");
  e->quantity = 6000;
  e->contract_reference = g_strdup ("C-2026-17");
  e->contract_date = g_strdup ("2025-12-01");
  e->destination_country = g_strdup ("KE");
  e->end_use = g_strdup ("Police service weapons");
  e->exporter_name = g_strdup ("Nordvik Arms AB");
  e->end_user_name = g_strdup ("National Police Service");
  e->end_user_position = g_strdup ("Inspector General");
  e->end_user_address = g_strdup ("Vigilance House, Harambee Avenue, Nairobi");
  e->undertakes_no_reexport = TRUE;
  e->undertakes_no_wmd = TRUE;
  e->original_seen = TRUE;
  return e;
}

static char *
add_application (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdCase) c = ld_case_from_json (
    "{\"kind\":\"export\",\"route\":{\"origin\":\"SE\",\"export\":\"SE\",\"destination\":\"KE\"},"
    "\"euc_reference\":\"EUC/KE/2026/0042\","
    "\"parties\":[{\"role\":\"applicant\",\"type\":\"commercial\",\"name\":\"Nordvik Arms AB\",\"country\":\"SE\"}],"
    "\"items\":[{\"category\":\"rifles_carbines\",\"description\":\"Rifles\",\"quantity\":6000}]}", &error);
  g_autoptr(LdCaseRecord) r = NULL;

  g_assert_no_error (error);
  r = ld_case_repo_create (f->store, f->officer, c, &error);
  g_assert_no_error (error);
  return g_strdup (r->reference);
}

static void
test_register (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(LdEuc) e = kenya_euc ("EUC/KE/2026/0042");
  g_autoptr(GError) error = NULL;
  g_autoptr(LdEucRecord) r = ld_euc_repo_register (f->store, f->officer, e, NULL, &error);
  g_autoptr(LdEucRecord) again = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (r->euc->issuing_country, ==, "KE");
  g_assert_cmpint (r->status, ==, LD_EUC_UNVERIFIED);
  g_assert_cmpint (r->euc->quantity, ==, 6000);
  g_assert_true (r->euc->undertakes_no_wmd);
  g_assert_false (r->euc->undertakes_dvc);
  g_assert_cmpstr (r->registered_by_login, ==, "maria");
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE entity = 'euc'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox WHERE entity = 'euc'"), ==, 1);

  again = ld_euc_repo_get (f->store, "EUC/KE/2026/0042", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->euc->signatory, ==, "P. Otieno, Principal Secretary");
  g_assert_cmpstr (again->euc->end_user_address, ==, "Vigilance House, Harambee Avenue, Nairobi");

  {
    g_autoptr(GPtrArray) flags = ld_euc_repo_case_flags (f->store, "EUC/KE/2026/0042", "x");
    g_autoptr(GPtrArray) unknown = ld_euc_repo_case_flags (f->store, "EUC/XX/1", "x");
    g_autoptr(GPtrArray) none = ld_euc_repo_case_flags (f->store, NULL, "x");

    g_assert_cmpuint (flags->len, ==, 2);
    g_assert_cmpstr (g_ptr_array_index (flags, 0), ==, "End-use certificate EUC/KE/2026/0042: The certificate has "
                                                       "not been verified with the issuing authority.");
    g_assert_cmpstr (g_ptr_array_index (flags, 1), ==, "End-use certificate EUC/KE/2026/0042: The certificate "
                                                       "covers no application yet.");
    g_assert_cmpuint (unknown->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (unknown, 0), ==, "End-use certificate EUC/XX/1 is not in the register; "
                                                         "register it and link it to this application.");
    g_assert_cmpuint (none->len, ==, 0);
  }
}

/* Each bad input: its message and that nothing was written. */
static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  static const struct { const char *key; const char *value; const char *field; const char *message; } cases[] = {
    { "issued_on", "2026-02-30", "issued_on", "Date of issue “2026-02-30” is not a real calendar date." },
    { "issued_on", "2100-01-01", "issued_on", "Date of issue is in the future; check the date on the certificate." },
    { "expires_on", "2025-01-01", "expires_on", "Expiry date is not after the date of issue" },
    { "destination_country", "XZ", "destination_country", "Final destination “XZ” is not an ISO 3166 country code" },
    { "end_user_name", "  ", "end_user_name", "End user is required." },
    { "certificate_number", "", "certificate_number", "Certificate number is required." },
    { "contract_date", "1.12.2025", "contract_date", "Contract date “1.12.2025” is not a date" },
  };
  g_autoptr(LdEuc) ok = kenya_euc ("EUC/KE/2026/0001");
  g_autoptr(LdEucRecord) first = ld_euc_repo_register (f->store, f->officer, ok, NULL, NULL);
  g_autofree char *before = snapshot (f);

  g_assert_nonnull (first);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LdEuc) e = kenya_euc ("EUC/KE/2026/0002");
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;
      const char *field = NULL;
      guint n;
      const LdEucText *texts = ld_euc_get_texts (&n);

      for (guint k = 0; k < n; k++)
        if (g_str_equal (texts[k].key, cases[i].key))
          {
            char **slot = ld_euc_text_slot (e, &texts[k]);

            g_free (*slot);
            *slot = g_strdup (cases[i].value);
          }
      g_assert_null (ld_euc_repo_register (f->store, f->officer, e, &field, &error));
      g_assert_error (error, LD_VALIDATION_ERROR, error->code);
      if (!g_str_has_prefix (error->message, cases[i].message))
        g_error ("case %u: %s", i, error->message);
      g_assert_cmpstr (field, ==, cases[i].field);
      after = snapshot (f);
      g_assert_cmpstr (after, ==, before);
    }

  /* The same number of the same state twice; a clerk, who may not. */
  {
    g_autoptr(GError) error = NULL;
    const char *field = NULL;

    g_assert_null (ld_euc_repo_register (f->store, f->officer, ok, &field, &error));
    g_assert_error (error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_EXISTS);
    g_assert_cmpstr (field, ==, "certificate_number");
    g_clear_error (&error);
    g_assert_null (ld_euc_repo_register (f->store, f->clerk, ok, NULL, &error));
    g_assert_error (error, LD_PERMISSION_ERROR, LD_PERMISSION_ERROR_DENIED);
  }
  {
    g_autofree char *after = snapshot (f);

    g_assert_cmpstr (after, ==, before);
  }
}

static void
test_verify (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(LdEuc) e = kenya_euc ("EUC/KE/2026/0042");
  g_autoptr(LdEucRecord) r = ld_euc_repo_register (f->store, f->officer, e, NULL, NULL);
  g_autoptr(LdEucRecord) v = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  const char *field = NULL;
  const LdEucVerification *h;

  g_assert_nonnull (r);
  before = snapshot (f);
  g_assert_null (ld_euc_repo_verify (f->store, f->officer, "EUC/KE/2026/0042", LD_EUC_CONFIRMED, "", "2026-02-01",
                                     &field, &error));
  g_assert_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_REQUIRED);
  g_assert_cmpstr (field, ==, "method");
  g_clear_error (&error);
  g_assert_null (ld_euc_repo_verify (f->store, f->officer, "EUC/KE/2026/0042", LD_EUC_CONFIRMED, "Embassy letter",
                                     "2026-13-01", &field, &error));
  g_assert_cmpstr (field, ==, "verified_on");
  g_clear_error (&error);
  g_assert_null (ld_euc_repo_verify (f->store, f->officer, "EUC/KE/9", LD_EUC_CONFIRMED, "Embassy letter",
                                     "2026-02-01", NULL, &error));
  g_assert_error (error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  after = snapshot (f);
  g_assert_cmpstr (after, ==, before);

  v = ld_euc_repo_verify (f->store, f->officer, "EUC/KE/2026/0042", LD_EUC_CONFIRMED,
                          "Letter to the Kenyan embassy, answer of 1 February", "2026-02-01", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (v->status, ==, LD_EUC_CONFIRMED);
  g_assert_cmpuint (v->verifications->len, ==, 1);
  h = g_ptr_array_index (v->verifications, 0);
  g_assert_cmpstr (h->recorded_by_login, ==, "maria");
  g_assert_cmpstr (h->verified_on, ==, "2026-02-01");
  g_assert_cmpint (v->row_version, ==, r->row_version + 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'euc_verify'"), ==, 1);
}

/* The story: one certificate, one transaction. */
static void
test_one_transaction (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(LdEuc) e = kenya_euc ("EUC/KE/2026/0042");
  g_autoptr(LdEucRecord) r = ld_euc_repo_register (f->store, f->officer, e, NULL, NULL);
  g_autofree char *first = add_application (f);
  g_autofree char *second = add_application (f);
  g_autofree char *third = add_application (f);
  g_autoptr(LdEucRecord) linked = NULL, allowed = NULL, again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  const LdEucReuseAttempt *attempt;

  g_assert_nonnull (r);
  linked = ld_euc_repo_link (f->store, f->officer, "EUC/KE/2026/0042", first, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ld_euc_record_linked_application (linked), ==, first);
  {
    const LdEucLink *l = g_ptr_array_index (linked->links, 0);
    const char *first_id = l->application_id;

    g_autoptr(GPtrArray) own = ld_euc_repo_case_flags (f->store, "EUC/KE/2026/0042", first_id);
    g_autoptr(GPtrArray) other = ld_euc_repo_case_flags (f->store, "EUC/KE/2026/0042", "another");

    /* Unverified, and the application names no end user; the second case is told whose it is. */
    g_assert_cmpuint (own->len, ==, 2);
    g_assert_nonnull (strstr (g_ptr_array_index (own, 0), "not been verified"));
    g_assert_nonnull (strstr (g_ptr_array_index (own, 1), "The application names no end user"));
    g_assert_cmpuint (other->len, ==, 1);
    g_assert_nonnull (strstr (g_ptr_array_index (other, 0), "not this one"));
  }

  /* An officer's attempt on a second application is refused and kept. */
  before = snapshot (f);
  g_assert_null (ld_euc_repo_link (f->store, f->officer, "EUC/KE/2026/0042", second, "same deal", &error));
  g_assert_error (error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_REUSE_REFUSED);
  g_assert_nonnull (strstr (error->message, first));
  g_assert_nonnull (strstr (error->message, "Only a senior licensing officer"));
  g_clear_error (&error);
  after = snapshot (f);
  g_assert_cmpstr (after, !=, before);
  again = ld_euc_repo_get (f->store, r->id, &error);
  g_assert_cmpuint (again->reuse_attempts->len, ==, 1);
  attempt = g_ptr_array_index (again->reuse_attempts, 0);
  g_assert_cmpstr (attempt->outcome, ==, "refused");
  g_assert_cmpstr (attempt->application_reference, ==, second);
  g_assert_cmpuint (again->links->len, ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'euc_reuse_refused'"), ==, 1);

  /* A senior officer without a reason: refused too. */
  g_assert_null (ld_euc_repo_link (f->store, f->senior, "EUC/KE/2026/0042", third, "", &error));
  g_assert_error (error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_REUSE_REFUSED);
  g_assert_nonnull (strstr (error->message, "give the reason"));
  g_clear_error (&error);

  /* With a reason, a senior officer may; the attempt is kept as allowed. */
  allowed = ld_euc_repo_link (f->store, f->senior, "EUC/KE/2026/0042", second,
                              "Corrected re-submission of the first application", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (allowed->links->len, ==, 2);
  g_assert_cmpuint (allowed->reuse_attempts->len, ==, 3);
  attempt = g_ptr_array_index (allowed->reuse_attempts, 2);
  g_assert_cmpstr (attempt->outcome, ==, "allowed");

  /* The same application twice, and an unknown application: nothing written. */
  g_free (before);
  before = snapshot (f);
  g_assert_null (ld_euc_repo_link (f->store, f->officer, "EUC/KE/2026/0042", first, NULL, &error));
  g_assert_error (error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_null (ld_euc_repo_link (f->store, f->officer, "EUC/KE/2026/0042", "EXP-0000", NULL, &error));
  g_assert_error (error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_free (after);
  after = snapshot (f);
  g_assert_cmpstr (after, ==, before);
}

/* The story: a quantity mismatch is found, confirming removes the
 * unverified finding, the consistent rest finds nothing. */
static void
test_findings (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(LdEuc) e = kenya_euc ("EUC/KE/2026/0042");
  g_autoptr(LdEucRecord) r = NULL, linked = NULL, confirmed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdCase) c = ld_case_from_json (
    "{\"kind\":\"export\",\"route\":{\"origin\":\"SE\",\"export\":\"SE\",\"destination\":\"KE\"},"
    "\"contract_reference\":\"C-2026-17\",\"euc_reference\":\"EUC/KE/2026/0042\","
    "\"parties\":[{\"role\":\"applicant\",\"type\":\"commercial\",\"name\":\"Nordvik Arms AB\",\"country\":\"SE\"},"
    "{\"role\":\"end_user\",\"type\":\"police\",\"name\":\"national  police service\",\"country\":\"KE\"}],"
    "\"items\":[{\"category\":\"rifles_carbines\",\"description\":\"Rifles\",\"quantity\":5000},"
    "{\"category\":\"rifles_carbines\",\"description\":\"Rifles\",\"quantity\":1600}]}", &error);
  g_autoptr(LdCaseRecord) created = NULL;
  const LdEucFinding *finding;

  g_assert_no_error (error);
  created = ld_case_repo_create (f->store, f->officer, c, &error);
  g_assert_no_error (error);
  r = ld_euc_repo_register (f->store, f->officer, e, NULL, &error);
  g_assert_no_error (error);
  linked = ld_euc_repo_link (f->store, f->officer, r->id, created->reference, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ld_euc_repo_add_findings (f->store, linked, &error));
  g_assert_cmpuint (linked->findings->len, ==, 2);
  finding = g_ptr_array_index (linked->findings, 0);
  g_assert_cmpstr (finding->code, ==, "unverified");
  finding = g_ptr_array_index (linked->findings, 1);
  g_assert_cmpstr (finding->code, ==, "quantity");
  g_assert_cmpstr (finding->message, ==, "The certificate covers 6000 items; the application asks for 6600.");

  confirmed = ld_euc_repo_verify (f->store, f->officer, r->id, LD_EUC_CONFIRMED, "Embassy letter", "2026-02-01",
                                  NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ld_euc_repo_add_findings (f->store, confirmed, &error));
  g_assert_cmpuint (confirmed->findings->len, ==, 1);
  finding = g_ptr_array_index (confirmed->findings, 0);
  g_assert_cmpint (finding->kind, ==, LD_EUC_FINDING_QUANTITY);
}

static void
test_check_core (void)
{
  g_autoptr(LdEuc) e = kenya_euc ("EUC/KE/2026/0042");
  g_autoptr(GError) error = NULL;
  g_autoptr(LdCase) c = ld_case_from_json (
    "{\"kind\":\"export\",\"route\":{\"origin\":\"SE\",\"export\":\"SE\",\"destination\":\"UG\"},"
    "\"contract_reference\":\"C-9\",\"parties\":[{\"role\":\"end_user\",\"type\":\"police\","
    "\"name\":\"Uganda Police Force\",\"country\":\"UG\"}],"
    "\"items\":[{\"category\":\"rifles_carbines\",\"description\":\"Rifles\",\"quantity\":6000}]}", &error);
  g_autoptr(GPtrArray) findings = NULL;
  static const char *expected[] = { "reused", "expired", "no_reexport_undertaking", "destination",
                                    "issuer_not_destination", "end_user", "contract" };

  g_assert_no_error (error);
  ld_euc_normalize (e);
  e->undertakes_no_reexport = FALSE;
  findings = ld_euc_check (e, LD_EUC_CONFIRMED, 2, c, "2027-06-01");
  g_assert_cmpuint (findings->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < findings->len; i++)
    g_assert_cmpstr (((LdEucFinding *) g_ptr_array_index (findings, i))->code, ==, expected[i]);
}

static void
test_forged_and_void (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(LdEuc) e = kenya_euc ("EUC/KE/2026/0077");
  g_autoptr(LdEucRecord) r = ld_euc_repo_register (f->store, f->officer, e, NULL, NULL);
  g_autoptr(LdEucRecord) forged = NULL, voided = NULL;
  g_autofree char *application = add_application (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;

  forged = ld_euc_repo_verify (f->store, f->officer, r->id, LD_EUC_FORGED, "Embassy: no such certificate issued",
                               "2026-02-03", NULL, &error);
  g_assert_no_error (error);
  before = snapshot (f);
  g_assert_null (ld_euc_repo_link (f->store, f->officer, r->id, application, NULL, &error));
  g_assert_error (error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_NOT_LINKABLE);
  g_assert_nonnull (strstr (error->message, "Forged"));
  g_clear_error (&error);
  g_assert_null (ld_euc_repo_void (f->store, f->officer, r->id, "  ", &error));
  g_assert_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_REQUIRED);
  g_clear_error (&error);
  after = snapshot (f);
  g_assert_cmpstr (after, ==, before);

  voided = ld_euc_repo_void (f->store, f->officer, r->id, "Registered twice by mistake", &error);
  g_assert_no_error (error);
  g_assert_nonnull (voided->voided_at);
  g_assert_cmpstr (voided->voided_by_login, ==, "maria");
  g_assert_cmpint (count (f, "SELECT count(*) FROM euc"), ==, 1);
  g_assert_null (ld_euc_repo_verify (f->store, f->officer, r->id, LD_EUC_CONFIRMED, "x", "2026-02-03", NULL, &error));
  g_assert_error (error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_VOIDED);
}

static void
test_scan (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(LdEuc) e = kenya_euc ("EUC/KE/2026/0042");
  g_autoptr(LdEucRecord) r = ld_euc_repo_register (f->store, f->officer, e, NULL, NULL);
  g_autofree char *png = g_build_filename (f->dir, "scan.png", NULL);
  g_autofree char *text = g_build_filename (f->dir, "scan.txt", NULL);
  g_autoptr(GFile) png_file = g_file_new_for_path (png);
  g_autoptr(GFile) text_file = g_file_new_for_path (text);
  static const guint8 png_bytes[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                                      0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0 };
  g_autoptr(LdEucRecord) scanned = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  const LdEucScan *scan;

  g_assert_true (g_file_set_contents (png, (const char *) png_bytes, sizeof png_bytes, NULL));
  g_assert_true (g_file_set_contents (text, "not a scan at all\n", -1, NULL));
  before = snapshot (f);
  g_assert_null (ld_euc_repo_attach_scan (f->store, f->officer, r->id, text_file, &error));
  g_assert_error (error, LD_EUC_REPO_ERROR, LD_EUC_REPO_ERROR_NOT_A_SCAN);
  g_assert_true (g_str_has_prefix (error->message, "scan.txt is not an image or a PDF"));
  g_clear_error (&error);
  after = snapshot (f);
  g_assert_cmpstr (after, ==, before);

  scanned = ld_euc_repo_attach_scan (f->store, f->officer, r->id, png_file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (scanned->scans->len, ==, 1);
  scan = g_ptr_array_index (scanned->scans, 0);
  g_assert_cmpstr (scan->media_type, ==, "image/png");
  g_assert_cmpstr (scan->file_name, ==, "scan.png");
}

/* Every field of ld-euc.c's table is stored and read back as typed: the
 * store's statements name the columns themselves, so a field added to the
 * table and not to them would be lost. */
static void
test_every_field (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(LdEuc) e = kenya_euc ("EUC/KE/2026/0900");
  g_autoptr(LdEucRecord) stored = NULL;
  g_autoptr(LdEucRecord) read = NULL;
  g_autoptr(GError) error = NULL;
  guint n_texts, n_flags;
  const LdEucText *texts = ld_euc_get_texts (&n_texts);
  const LdEucFlag *flags = ld_euc_get_flags (&n_flags);

  g_free (e->other_parties);
  e->other_parties = g_strdup ("Baltic Freight Ltd, carrier");
  g_free (e->translation);
  e->translation = g_strdup ("From Swahili, by the office");
  g_free (e->exporter_address);
  e->exporter_address = g_strdup ("Box 12, Karlskoga");
  e->quantity = 77;
  for (guint i = 0; i < n_flags; i++)
    *ld_euc_flag_slot (e, &flags[i]) = TRUE;
  stored = ld_euc_repo_register (f->store, f->officer, e, NULL, &error);
  g_assert_no_error (error);
  read = ld_euc_repo_get (f->store, stored->id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n_texts; i++)
    {
      const char *typed = ld_euc_text_value (e, &texts[i]);

      /* Codes are kept in capitals. */
      if (g_str_equal (texts[i].key, "issuing_country"))
        typed = "KE";
      g_assert_nonnull (typed);
      g_assert_cmpstr (ld_euc_text_value (read->euc, &texts[i]), ==, typed);
    }
  for (guint i = 0; i < n_flags; i++)
    g_assert_true (*ld_euc_flag_slot (read->euc, &flags[i]));
  g_assert_cmpint (read->euc->quantity, ==, 77);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/euc-repo/register", test_register);
  ADD ("/euc-repo/bad-input", test_bad_input);
  ADD ("/euc-repo/verify", test_verify);
  ADD ("/euc-repo/one-transaction", test_one_transaction);
  ADD ("/euc-repo/findings", test_findings);
  ADD ("/euc-repo/forged-and-void", test_forged_and_void);
  g_test_add_func ("/euc-repo/check-core", test_check_core);
  ADD ("/euc-repo/scan", test_scan);
  ADD ("/euc-repo/every-field", test_every_field);
  return g_test_run ();
}
