/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The broker register in a real SQLite store: lifecycle, numbers, people,
 * authorisations, duplicates, search and the audit trail. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "ld-audit-log.h"
#include "ld-demo.h"
#include "ld-broker-name.h"
#include "ld-broker-repo.h"
#include "ld-section.h"
#include "ld-test-util.h"
#include "ld-user-repo.h"
#include "ld-validate.h"

typedef struct
{
  char    *dir;
  LdStore *store;
  LdActor *admin;
  LdActor *clerk;
  LdActor *senior;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("ld-test-broker-XXXXXX", NULL);
  path = g_build_filename (f->dir, "store.sqlite", NULL);
  f->store = ld_store_open (path, &error);
  g_assert_no_error (error);
  f->admin = ld_user_repo_add (f->store, NULL, "admin", "Admin", LD_ROLE_ADMINISTRATOR, &error);
  g_assert_no_error (error);
  f->clerk = ld_user_repo_add (f->store, f->admin, "clerk", "Jonas Berg", LD_ROLE_CLERK, &error);
  g_assert_no_error (error);
  f->senior = ld_user_repo_add (f->store, f->admin, "senior", "Olena Kovalenko", LD_ROLE_SENIOR_OFFICER, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  ld_actor_free (f->admin);
  ld_actor_free (f->clerk);
  ld_actor_free (f->senior);
  ld_test_remove_tree (f->dir);
  g_free (f->dir);
}

static LdBrokerDraft *
make_draft (const char *name,
            const char *tax)
{
  LdBrokerDraft *d = ld_broker_draft_new ();

  d->legal_name = g_strdup (name);
  d->country = g_strdup ("ua");
  d->tax_number = g_strdup (tax);
  d->registered_address = g_strdup ("12 Khreshchatyk, Kyiv");
  d->records_address = g_strdup ("12 Khreshchatyk, Kyiv");
  d->activities = g_strdup ("negotiating,transport");
  return d;
}

static char *
create_complete (Fixture    *f,
                 const char *name,
                 const char *tax)
{
  g_autoptr(LdBrokerDraft) d = make_draft (name, tax);
  g_autoptr(GError) error = NULL;
  LdBrokerPerson official = { LD_BROKER_PERSON_OFFICIAL, "Petro Shevchenko", "UA", "passport", "FA123456" };
  g_autofree char *person = NULL;
  char *id = ld_broker_repo_create (f->store, f->clerk, d, FALSE, &error);

  g_assert_no_error (error);
  person = ld_broker_repo_add_person (f->store, f->clerk, id, &official, &error);
  g_assert_no_error (error);
  g_assert_nonnull (person);
  return id;
}

/* Acts dated more than a few days back need a reason: these tests record a
 * register kept on paper. */
#define LATE "Granted on paper; recorded from the paper register"

static void
act_ok (Fixture        *f,
        const LdActor  *actor,
        const char     *id,
        LdBrokerAction  action,
        const char     *reason,
        const char     *today)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ld_broker_repo_act (f->store, actor, id, action, reason, today, &error));
  g_assert_no_error (error);
}

static LdBrokerRecord *
get (Fixture    *f,
     const char *id)
{
  g_autoptr(GError) error = NULL;
  LdBrokerRecord *r = ld_broker_repo_get (f->store, id, &error);

  g_assert_no_error (error);
  return r;
}

static gint64
count_hits (Fixture    *f,
            const char *text)
{
  g_autoptr(LdSectionQuery) q = ld_section_query_new (ld_section_lookup ("brokers"), text, 1, FALSE);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = ld_store_open_reader (f->store, &error);
  gint64 n = -1;

  g_assert_no_error (error);
  g_assert_true (ld_section_query_count (q, db, &n, &error));
  g_assert_no_error (error);
  sqlite3_close (db);
  return n;
}

static void
test_lifecycle (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *id = create_complete (f, "ООО «Северный Арсенал»", "UA-1001");
  g_autofree char *second = create_complete (f, "Atlas Freight Ltd", "GB-2002");
  g_autoptr(LdBrokerRecord) r = NULL;
  g_autoptr(LdBrokerRecord) r2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdAuditReport) report = NULL;

  r = get (f, id);
  g_assert_cmpint (r->status, ==, LD_BROKER_STATUS_DRAFT);
  g_assert_null (r->registration_number);
  g_assert_cmpstr (r->draft->country, ==, "UA");
  g_clear_pointer (&r, ld_broker_record_free);

  /* A clerk submits, but may not grant. */
  act_ok (f, f->clerk, id, LD_BROKER_ACTION_SUBMIT, NULL, NULL);
  act_ok (f, f->clerk, id, LD_BROKER_ACTION_REVIEW, NULL, NULL);
  g_assert_false (ld_broker_repo_act (f->store, f->clerk, id, LD_BROKER_ACTION_REGISTER, LATE, "2026-03-01", &error));
  g_assert_error (error, LD_PERMISSION_ERROR, LD_PERMISSION_ERROR_DENIED);
  g_clear_error (&error);
  r = get (f, id);
  g_assert_cmpint (r->status, ==, LD_BROKER_STATUS_UNDER_REVIEW);
  g_assert_null (r->registration_number);
  g_clear_pointer (&r, ld_broker_record_free);

  /* Granting allocates gapless numbers per year and a five-year period. */
  act_ok (f, f->senior, id, LD_BROKER_ACTION_REGISTER, LATE, "2026-03-01");
  act_ok (f, f->clerk, second, LD_BROKER_ACTION_SUBMIT, NULL, NULL);
  act_ok (f, f->senior, second, LD_BROKER_ACTION_REGISTER, LATE, "2026-04-01");
  r = get (f, id);
  r2 = get (f, second);
  g_assert_cmpint (r->status, ==, LD_BROKER_STATUS_REGISTERED);
  g_assert_cmpstr (r->registration_number, ==, "BR-2026-00001");
  g_assert_cmpstr (r2->registration_number, ==, "BR-2026-00002");
  g_assert_cmpstr (r->valid_from, ==, "2026-03-01");
  g_assert_cmpstr (r->valid_until, ==, "2031-02-28");

  /* Found by number, by Latin spelling of a Cyrillic name, by its official. */
  g_assert_cmpint (count_hits (f, "BR-2026-00001"), ==, 1);
  g_assert_cmpint (count_hits (f, "severnyj"), ==, 1);
  g_assert_cmpint (count_hits (f, "Северный"), ==, 1);
  g_assert_cmpint (count_hits (f, "Shevchenko"), ==, 2);

  /* Suspension needs a reason and a senior officer; it stops authorisations. */
  g_assert_false (ld_broker_repo_act (f->store, f->senior, id, LD_BROKER_ACTION_SUSPEND, "", NULL, &error));
  g_assert_error (error, LD_BROKER_ERROR, LD_BROKER_ERROR_REASON_REQUIRED);
  g_clear_error (&error);
  act_ok (f, f->senior, id, LD_BROKER_ACTION_SUSPEND, "Police investigation", NULL);
  act_ok (f, f->senior, id, LD_BROKER_ACTION_REINSTATE, "Investigation closed", NULL);
  g_clear_pointer (&r, ld_broker_record_free);
  r = get (f, id);
  g_assert_cmpint (r->status, ==, LD_BROKER_STATUS_REGISTERED);
  g_assert_cmpstr (r->registration_number, ==, "BR-2026-00001");

  /* Renewal (today, before 2031-02-28) adds a period after the current one
   * and keeps it. */
  act_ok (f, f->senior, id, LD_BROKER_ACTION_RENEW, NULL, NULL);
  {
    g_autoptr(JsonNode) node = ld_broker_repo_get_json (f->store, "BR-2026-00001", &error);
    JsonObject *o;

    g_assert_no_error (error);
    o = json_node_get_object (node);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "periods")), ==, 2);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "history")), ==, 6);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "people")), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (o, "valid_until"), ==, "2036-02-29");
  }

  report = ld_audit_log_verify (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (report->intact);
}

/* Today (UTC) moved by @years and @days, as YYYY-MM-DD. */
static char *
from_today (int years,
            int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_full (now, years, 0, days, 0, 0, 0);

  return g_date_time_format (then, "%Y-%m-%d");
}

/* Renewing early opens the next period without ending the current one: the
 * broker stays registered from the current period's start, and a deal inside
 * the current period is still authorised after the renewal. */
static void
test_early_renewal (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *id = create_complete (f, "Kestrel Defence Systems", "KE-77");
  g_autofree char *today = from_today (0, 0);
  g_autofree char *in_a_month = from_today (0, 30);
  g_autofree char *first_end = NULL;
  g_autofree char *second_end = NULL;
  g_autofree char *number = NULL;
  g_autoptr(LdBrokerRecord) r = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *periods;

  act_ok (f, f->clerk, id, LD_BROKER_ACTION_SUBMIT, NULL, NULL);
  act_ok (f, f->senior, id, LD_BROKER_ACTION_REGISTER, NULL, NULL);
  r = get (f, id);
  first_end = g_strdup (r->valid_until);
  g_clear_pointer (&r, ld_broker_record_free);

  act_ok (f, f->senior, id, LD_BROKER_ACTION_RENEW, NULL, NULL);
  r = get (f, id);
  g_assert_cmpint (r->status, ==, LD_BROKER_STATUS_REGISTERED);
  g_assert_cmpstr (r->valid_from, ==, today);
  g_assert_cmpstr (r->valid_until, >, first_end);
  second_end = g_strdup (r->valid_until);

  node = ld_broker_repo_get_json (f->store, id, &error);
  g_assert_no_error (error);
  periods = json_object_get_array_member (json_node_get_object (node), "periods");
  g_assert_cmpuint (json_array_get_length (periods), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (periods, 0), "valid_from"), ==,
                   today);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (periods, 0), "valid_until"), ==,
                   first_end);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (periods, 1), "valid_until"), ==,
                   second_end);

  /* A deal inside the current period, after the renewal. */
  number = ld_broker_repo_authorise (f->store, f->senior, id, "negotiating", "Rifles to KE", "EXP-1", today,
                                     in_a_month, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (number);
  g_assert_true (ld_broker_repo_check_deal (f->store, r->registration_number, "EXP-1", today, &error));
  g_assert_no_error (error);
}

/* An act dated more than a few days back needs a reason and a senior
 * officer; after today it is refused; within the grace days it is ordinary.
 * A refused act changes nothing and allocates no number. */
static void
test_backdated_acts (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *id = create_complete (f, "Orion Trading", "OR-1");
  g_autofree char *other = create_complete (f, "Sahara Supply", "SA-1");
  g_autofree char *tomorrow_but_one = from_today (0, 2);
  g_autofree char *three_days_ago = from_today (0, -3);
  g_autoptr(LdBrokerRecord) r = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  gint64 audit_before;
  JsonArray *history;
  JsonObject *last;

  /* A clerk's own act, back-dated, needs a senior officer even with a reason. */
  g_assert_false (ld_broker_repo_act (f->store, f->clerk, id, LD_BROKER_ACTION_SUBMIT, LATE, "2019-03-01", &error));
  g_assert_error (error, LD_BROKER_ERROR, LD_BROKER_ERROR_ACT_DATE);
  g_assert_nonnull (strstr (error->message, "only a senior licensing officer"));
  g_clear_error (&error);
  act_ok (f, f->clerk, id, LD_BROKER_ACTION_SUBMIT, NULL, three_days_ago);
  act_ok (f, f->clerk, other, LD_BROKER_ACTION_SUBMIT, NULL, NULL);

  audit_before = ld_audit_log_count (f->store, NULL);
  g_assert_false (ld_broker_repo_act (f->store, f->senior, id, LD_BROKER_ACTION_REGISTER, NULL, "2019-03-01", &error));
  g_assert_error (error, LD_BROKER_ERROR, LD_BROKER_ERROR_ACT_DATE);
  g_assert_nonnull (strstr (error->message, "needs a written reason"));
  g_clear_error (&error);
  g_assert_false (ld_broker_repo_act (f->store, f->senior, id, LD_BROKER_ACTION_REGISTER, "  ", "2019-03-01", &error));
  g_assert_error (error, LD_BROKER_ERROR, LD_BROKER_ERROR_ACT_DATE);
  g_clear_error (&error);
  g_assert_false (ld_broker_repo_act (f->store, f->senior, id, LD_BROKER_ACTION_REGISTER, LATE, tomorrow_but_one,
                                      &error));
  g_assert_error (error, LD_BROKER_ERROR, LD_BROKER_ERROR_ACT_DATE);
  g_assert_nonnull (strstr (error->message, "after today"));
  g_clear_error (&error);
  g_assert_cmpint (ld_broker_repo_expire_due (f->store, f->clerk, tomorrow_but_one, &error), ==, -1);
  g_assert_error (error, LD_BROKER_ERROR, LD_BROKER_ERROR_ACT_DATE);
  g_clear_error (&error);
  r = get (f, id);
  g_assert_cmpint (r->status, ==, LD_BROKER_STATUS_SUBMITTED);
  g_assert_null (r->registration_number);
  g_clear_pointer (&r, ld_broker_record_free);
  g_assert_cmpint (ld_audit_log_count (f->store, NULL), ==, audit_before);

  /* With a reason, a senior officer records the grant of 2019; its history
   * keeps the date it took effect and why it was recorded late. */
  act_ok (f, f->senior, id, LD_BROKER_ACTION_REGISTER, LATE, "2019-03-01");
  r = get (f, id);
  g_assert_cmpstr (r->registration_number, ==, "BR-2019-00001");
  g_assert_cmpstr (r->valid_from, ==, "2019-03-01");
  node = ld_broker_repo_get_json (f->store, id, &error);
  g_assert_no_error (error);
  history = json_object_get_array_member (json_node_get_object (node), "history");
  last = json_array_get_object_element (history, json_array_get_length (history) - 1);
  g_assert_cmpstr (json_object_get_string_member (last, "action"), ==, "register");
  g_assert_cmpstr (json_object_get_string_member (last, "effective_on"), ==, "2019-03-01");
  g_assert_cmpstr (json_object_get_string_member (last, "reason"), ==, LATE);

  /* Within the grace days no reason is asked. */
  act_ok (f, f->senior, other, LD_BROKER_ACTION_REGISTER, NULL, three_days_ago);
  g_clear_pointer (&r, ld_broker_record_free);
  r = get (f, other);
  g_assert_cmpstr (r->valid_from, ==, three_days_ago);
}

static void
test_authorisations (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *id = create_complete (f, "Kestrel Defence Systems", "KE-77");
  g_autofree char *number = NULL;
  g_autoptr(GPtrArray) flagged = NULL;
  g_autoptr(GError) error = NULL;
  char *refused;

  /* Not yet registered: refused. */
  refused = ld_broker_repo_authorise (f->store, f->senior, id, "negotiating", "Rifles to KE", "EXP-1",
                                      "2026-03-02", "2026-09-01", NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, LD_BROKER_ERROR, LD_BROKER_ERROR_NOT_AUTHORISABLE);
  g_clear_error (&error);

  act_ok (f, f->clerk, id, LD_BROKER_ACTION_SUBMIT, NULL, NULL);
  act_ok (f, f->senior, id, LD_BROKER_ACTION_REGISTER, LATE, "2026-03-01");
  /* A clerk may not authorise; bad periods and activities are named. */
  g_assert_null (ld_broker_repo_authorise (f->store, f->clerk, id, "negotiating", "Rifles", NULL,
                                           "2026-03-02", "2026-09-01", NULL, &error));
  g_assert_error (error, LD_PERMISSION_ERROR, LD_PERMISSION_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_null (ld_broker_repo_authorise (f->store, f->senior, id, "negotiating", "Rifles", NULL,
                                           "2026-09-01", "2026-03-02", NULL, &error));
  g_assert_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_CONTRADICTORY);
  g_clear_error (&error);
  g_assert_null (ld_broker_repo_authorise (f->store, f->senior, id, "negotiating", "Rifles", NULL,
                                           "2026-03-02", "2032-01-01", NULL, &error));
  g_assert_error (error, LD_BROKER_ERROR, LD_BROKER_ERROR_NOT_AUTHORISABLE);
  g_clear_error (&error);

  number = ld_broker_repo_authorise (f->store, f->senior, id, "negotiating", "Rifles to KE", "EXP-1",
                                     "2026-03-02", "2026-09-01", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (number, ==, "BA-2026-00001");

  /* The deal check an application makes: authorised for EXP-1 only, within its dates. */
  g_assert_true (ld_broker_repo_check_deal (f->store, "BR-2026-00001", "EXP-1", "2026-05-01", &error));
  g_assert_no_error (error);
  g_assert_false (ld_broker_repo_check_deal (f->store, "BR-2026-00001", "EXP-9", "2026-05-01", &error));
  g_assert_error (error, LD_BROKER_ERROR, LD_BROKER_ERROR_NOT_AUTHORISABLE);
  g_assert_nonnull (strstr (error->message, "no authorisation"));
  g_clear_error (&error);
  g_assert_false (ld_broker_repo_check_deal (f->store, "BR-2026-00001", "EXP-1", "2026-10-01", NULL));

  flagged = ld_broker_repo_flagged_applications (f->store, &error);
  g_assert_cmpuint (flagged->len, ==, 0);
  g_clear_pointer (&flagged, g_ptr_array_unref);

  act_ok (f, f->senior, id, LD_BROKER_ACTION_SUSPEND, "Fraud", NULL);
  refused = ld_broker_repo_authorise (f->store, f->senior, id, "transport", "Freight", "EXP-2",
                                      "2026-03-02", "2026-09-01", NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, LD_BROKER_ERROR, LD_BROKER_ERROR_NOT_AUTHORISABLE);
  g_assert_nonnull (strstr (error->message, "Suspended"));

  g_clear_error (&error);
  g_assert_false (ld_broker_repo_check_deal (f->store, "BR-2026-00001", "EXP-1", "2026-05-01", &error));
  g_assert_nonnull (strstr (error->message, "Suspended"));

  /* The open application that named it is flagged. */
  flagged = ld_broker_repo_flagged_applications (f->store, NULL);
  g_assert_cmpuint (flagged->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (flagged, 0), ==, "EXP-1\tBR-2026-00001\tsuspended");
}

static void
test_duplicates (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *id = create_complete (f, "ООО «Северный Арсенал»", "UA-1001");
  g_autoptr(LdBrokerDraft) by_name = make_draft ("Arsenal Severnyy LLC", "OTHER-1");
  g_autoptr(LdBrokerDraft) by_tax = make_draft ("Something Else", "ua 1001");
  g_autoptr(LdBrokerDraft) fresh = make_draft ("Granite Holdings", "GR-5");
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *forced = NULL;
  g_autofree char *other = NULL;

  found = ld_broker_repo_find_duplicates (f->store, by_name, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((LdBrokerDuplicate *) g_ptr_array_index (found, 0))->id, ==, id);
  g_clear_pointer (&found, g_ptr_array_unref);

  g_assert_null (ld_broker_repo_create (f->store, f->clerk, by_tax, FALSE, &error));
  g_assert_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "tax number"));
  g_clear_error (&error);

  /* The clerk compared them and says they differ: saved. */
  forced = ld_broker_repo_create (f->store, f->clerk, by_name, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (forced);

  other = ld_broker_repo_create (f->store, f->clerk, fresh, FALSE, &error);
  g_assert_no_error (error);
  /* Editing a broker is not a duplicate of itself, but renaming onto another is. */
  g_assert_true (ld_broker_repo_update (f->store, f->clerk, other, 1, fresh, &error));
  g_assert_no_error (error);
  g_free (fresh->tax_number);
  fresh->tax_number = g_strdup ("UA1001");
  g_assert_false (ld_broker_repo_update (f->store, f->clerk, other, 2, fresh, &error));
  g_assert_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_DUPLICATE);
}

static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(LdBrokerDraft) d = make_draft ("Orion Trading", "OR-1");
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) missing = NULL;
  g_autofree char *id = NULL;
  g_autofree char *doc_path = g_build_filename (f->dir, "certificate.txt", NULL);
  g_autoptr(GFile) doc = g_file_new_for_path (doc_path);
  g_autofree char *attachment = NULL;
  g_autoptr(LdBrokerRecord) r = NULL;
  LdBrokerPerson bad = { LD_BROKER_PERSON_DIRECTOR, "Ana Lima", "QQ", "passport", "X1" };
  gint64 audit_before;

  g_free (d->country);
  d->country = g_strdup ("XX");
  g_assert_null (ld_broker_repo_create (f->store, f->clerk, d, FALSE, &error));
  g_assert_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_UNKNOWN_CODE);
  g_clear_error (&error);
  g_free (d->country);
  d->country = g_strdup ("BR");
  g_clear_pointer (&d->registered_address, g_free);
  id = ld_broker_repo_create (f->store, f->clerk, d, FALSE, &error);
  g_assert_no_error (error);

  audit_before = ld_audit_log_count (f->store, NULL);
  /* Incomplete: no address, no official. Nothing changes. */
  g_assert_false (ld_broker_repo_act (f->store, f->clerk, id, LD_BROKER_ACTION_SUBMIT, NULL, NULL, &error));
  g_assert_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_REQUIRED);
  g_assert_nonnull (strstr (error->message, "Registered address"));
  g_clear_error (&error);
  d->registered_address = g_strdup ("Rua 1");
  g_assert_true (ld_broker_repo_update (f->store, f->clerk, id, 1, d, NULL));
  g_assert_false (ld_broker_repo_act (f->store, f->clerk, id, LD_BROKER_ACTION_SUBMIT, NULL, NULL, &error));
  g_assert_error (error, LD_BROKER_REPO_ERROR, LD_BROKER_REPO_ERROR_INCOMPLETE);
  g_clear_error (&error);
  g_assert_null (ld_broker_repo_add_person (f->store, f->clerk, id, &bad, &error));
  g_assert_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_UNKNOWN_CODE);
  g_clear_error (&error);

  /* A stale edit is refused and the stored record is kept. */
  g_assert_false (ld_broker_repo_update (f->store, f->clerk, id, 1, d, &error));
  g_assert_error (error, LD_BROKER_REPO_ERROR, LD_BROKER_REPO_ERROR_STALE);
  g_clear_error (&error);

  /* An attachment that is not a readable file is refused; a real one lands. */
  missing = g_file_new_for_path ("/nonexistent/scan.pdf");
  g_assert_null (ld_broker_repo_attach (f->store, f->clerk, id, missing, "Scan", NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (doc_path, "Certificate of incorporation", -1, NULL));
  attachment = ld_broker_repo_attach (f->store, f->clerk, id, doc, "Certificate", "2027-01-01", &error);
  g_assert_no_error (error);
  g_assert_nonnull (attachment);

  r = get (f, id);
  g_assert_cmpint (r->row_version, ==, 2);
  g_assert_cmpint (r->status, ==, LD_BROKER_STATUS_DRAFT);
  /* one update and one attachment: the refused acts left no audit entry */
  g_assert_cmpint (ld_audit_log_count (f->store, NULL), ==, audit_before + 2);
}

static void
test_expiry (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *a = create_complete (f, "Helios Supply", "HE-1");
  g_autofree char *b = create_complete (f, "Zenith Freight", "ZE-1");
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(LdBrokerRecord) r = NULL;
  g_autoptr(GError) error = NULL;

  act_ok (f, f->clerk, a, LD_BROKER_ACTION_SUBMIT, NULL, NULL);
  act_ok (f, f->senior, a, LD_BROKER_ACTION_REGISTER, LATE, "2020-01-10");
  act_ok (f, f->clerk, b, LD_BROKER_ACTION_SUBMIT, NULL, NULL);
  act_ok (f, f->senior, b, LD_BROKER_ACTION_REGISTER, LATE, "2021-06-01");

  /* a ends 2025-01-09, b 2026-05-31. */
  due = ld_broker_repo_renewal_due (f->store, "2024-12-01", 60, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpstr (((LdBrokerRecord *) g_ptr_array_index (due, 0))->id, ==, a);
  g_clear_pointer (&due, g_ptr_array_unref);
  due = ld_broker_repo_renewal_due (f->store, "2024-12-01", 30, NULL);
  g_assert_cmpuint (due->len, ==, 0);

  g_assert_cmpint (ld_broker_repo_expire_due (f->store, f->clerk, "2025-01-10", &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (ld_broker_repo_expire_due (f->store, f->clerk, "2025-01-10", NULL), ==, 0);
  r = get (f, a);
  g_assert_cmpint (r->status, ==, LD_BROKER_STATUS_EXPIRED);
  g_clear_pointer (&r, ld_broker_record_free);

  /* Renewing an expired broker keeps its number and starts on the day. */
  act_ok (f, f->senior, a, LD_BROKER_ACTION_RENEW, LATE, "2025-02-01");
  r = get (f, a);
  g_assert_cmpint (r->status, ==, LD_BROKER_STATUS_REGISTERED);
  g_assert_cmpstr (r->registration_number, ==, "BR-2020-00001");
  g_assert_cmpstr (r->valid_from, ==, "2025-02-01");
}

static gint64
scalar (Fixture    *f,
        const char *sql)
{
  sqlite3 *db = ld_store_open_reader (f->store, NULL);
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* Demonstration brokers show every status, consistently with their dates,
 * carry an official each, and leave the numbering to real grants. */
static void
test_demo (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdBrokerRecord) r = NULL;
  g_autofree char *id = NULL;

  g_assert_true (ld_demo_generate (f->store, f->admin, 5000, 1, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (scalar (f, "SELECT count(DISTINCT status) FROM broker"), ==, LD_BROKER_N_STATUSES);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM broker WHERE status IN ('registered', 'suspended')"
                              " AND valid_until < date('now')"), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM broker b WHERE NOT EXISTS (SELECT 1 FROM broker_person p"
                              " WHERE p.broker_id = b.id AND p.role = 'official')"), ==, 0);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM broker_authorisation"), >, 0);

  /* A real grant after the demo takes the next number of its year. */
  id = create_complete (f, "Fresh Broker After Demo", "FR-0001");
  act_ok (f, f->clerk, id, LD_BROKER_ACTION_SUBMIT, NULL, NULL);
  act_ok (f, f->senior, id, LD_BROKER_ACTION_REGISTER, LATE, "2010-06-01");
  r = get (f, id);
  g_assert_cmpstr (r->registration_number, !=, "BR-2010-00001");
  g_assert_true (g_str_has_prefix (r->registration_number, "BR-2010-"));
}

/* A migration's SQL, found by the end of its file name: the lead renumbers
 * migrations when branches merge. */
static char *
migration_sql (const char *suffix)
{
  g_auto(GStrv) names = g_resources_enumerate_children ("/org/licencedesk/LicenceDesk/store/migrations", 0, NULL);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (g_str_has_suffix (names[i], suffix))
      {
        g_autofree char *path = g_strconcat ("/org/licencedesk/LicenceDesk/store/migrations/", names[i], NULL);
        g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, NULL);

        g_assert_nonnull (bytes);
        return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      }
  g_assert_not_reached ();
}

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* A store written before the name module had no keys under its folding. Opened by
 * this release, it gets them for every broker: the check then finds the same company
 * written as people write it, still refuses no different number, and the audit's
 * row digests still verify. */
static void
test_duplicates_after_upgrade (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *one = create_complete (f, "Trading 1 Ltd", "TR-1");
  g_autofree char *noor = create_complete (f, "Al-Noor Trading Company LLC", "TR-2");
  g_autofree char *path = g_build_filename (f->dir, "store.sqlite", NULL);
  g_autofree char *migration = migration_sql ("-broker-name-keys.sql");
  g_autoptr(LdBrokerDraft) arabic = make_draft ("شركة النور للتجارة", "TR-98");
  g_autoptr(LdBrokerDraft) eleven = make_draft ("Trading 11 Ltd", "TR-11");
  g_autoptr(LdBrokerDraft) first = make_draft ("Trading First Limited", "TR-99");
  g_autoptr(LdAuditReport) report = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_clear_object (&f->store);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  /* (The trigger that keeps keys replaced by a re-key came later still.) */
  exec_sql (db, "DROP TRIGGER broker_key_prior_on_rekey;"
                " DROP INDEX broker_name_fold_sorted; DROP INDEX broker_name_fold_compact;"
                " ALTER TABLE broker DROP COLUMN name_fold_sorted; ALTER TABLE broker DROP COLUMN name_fold_compact");
  sqlite3_close (db);
  /* The store as it was before the migration, which then runs on it. (Not by
   * lowering the schema version: migrations newer than it would run twice.) */
  f->store = ld_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (ld_store_exec (f->store, migration, &error));
  g_assert_no_error (error);

  found = ld_broker_repo_find_duplicates (f->store, arabic, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((LdBrokerDuplicate *) g_ptr_array_index (found, 0))->id, ==, noor);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = ld_broker_repo_find_duplicates (f->store, first, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((LdBrokerDuplicate *) g_ptr_array_index (found, 0))->id, ==, one);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = ld_broker_repo_find_duplicates (f->store, eleven, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);

  report = ld_audit_log_verify (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (report->intact);
}

/* The store closed, its keys set back to what an older name module made
 * (@stale_sql), then opened and re-keyed by the migration ending in @suffix. */
static void
rekey_from_stale_keys (Fixture    *f,
                       const char *stale_sql,
                       const char *suffix)
{
  g_autofree char *path = g_build_filename (f->dir, "store.sqlite", NULL);
  g_autofree char *migration = migration_sql (suffix);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_clear_object (&f->store);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  exec_sql (db, stale_sql);
  sqlite3_close (db);
  f->store = ld_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (ld_store_exec (f->store, migration, &error));
  g_assert_no_error (error);
}

/* Keys stored under an older folding (Marine kept its final e) are computed again
 * when the store is opened, so the same company typed again is still found. */
static void
test_duplicates_after_rekey (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *marine = create_complete (f, "Thessaloniki Marine Ltd", "TR-3");
  g_autoptr(LdBrokerDraft) again = make_draft ("Thessaloniki Marine Ltd", "TR-97");
  g_autoptr(LdBrokerDraft) greek = make_draft ("Θεσσαλονίκη Μαρίν", "TR-96");
  g_autoptr(LdAuditReport) report = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  rekey_from_stale_keys (f, "UPDATE broker SET name_fold_sorted = 'marine thesaloniki',"
                            " name_fold_compact = 'thesalonikimarine'", "-broker-name-rekey.sql");

  found = ld_broker_repo_find_duplicates (f->store, again, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((LdBrokerDuplicate *) g_ptr_array_index (found, 0))->id, ==, marine);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = ld_broker_repo_find_duplicates (f->store, greek, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);

  /* The keys are worked out from the name, not part of what was recorded. */
  report = ld_audit_log_verify (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (report->intact);
}

/* Keys stored under the older reading of Thai (ไชยเจริญ as chiycherin) are computed
 * again by migration 0035, so the company written in Latin letters is found. */
static void
test_duplicates_after_thai_rekey (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *thai = create_complete (f, "ไชยเจริญ Trading", "TR-4");
  g_autoptr(LdBrokerDraft) latin = make_draft ("Chai Charoen Trading", "TR-95");
  g_autoptr(LdAuditReport) report = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  rekey_from_stale_keys (f, "UPDATE broker SET name_fold_sorted = 'chiycherin trading',"
                            " name_fold_compact = 'chiycherintrading'", "-thai-broker-name-rekey.sql");

  found = ld_broker_repo_find_duplicates (f->store, latin, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((LdBrokerDuplicate *) g_ptr_array_index (found, 0))->id, ==, thai);
  report = ld_audit_log_verify (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (report->intact);
}

/* Keys stored under the reading of Hebrew before alef opened a word on a vowel (אריאל
 * as ril) are computed again by migration 0036, so the same name typed again is found
 * and `audit verify` does not take them for keys changed by hand. */
static void
test_duplicates_after_script_rekey (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *hebrew = create_complete (f, "אריאל שרון Trading", "TR-7");
  g_autoptr(LdBrokerDraft) again = make_draft ("אריאל שרון Trading", "TR-94");
  g_autoptr(LdAuditReport) report = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  rekey_from_stale_keys (f, "UPDATE broker SET name_fold_sorted = 'ril shrun trading',"
                            " name_fold_compact = 'rilshruntrading'", "-thai-broker-second-keys.sql");

  found = ld_broker_repo_find_duplicates (f->store, again, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((LdBrokerDuplicate *) g_ptr_array_index (found, 0))->id, ==, hebrew);
  report = ld_audit_log_verify (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (report->intact);
}

static void
assert_one_duplicate (Fixture       *f,
                      const char    *name,
                      const char    *expected_id)
{
  g_autoptr(LdBrokerDraft) draft = make_draft (name, "TR-90");
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  found = ld_broker_repo_find_duplicates (f->store, draft, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, expected_id != NULL ? 1 : 0);
  if (expected_id != NULL)
    g_assert_cmpstr (((LdBrokerDuplicate *) g_ptr_array_index (found, 0))->id, ==, expected_id);
}

/* A company registered in Thai letters is found when its name is typed as the company
 * writes it in Latin letters (เวชชาชีวะ: Vejjajiva, not the RTGS Wetchachiwa), and
 * the other way round; a name a few letters off is not. Migration 0036 makes the
 * second keys of brokers already stored. */
static void
test_duplicates_thai_second_spelling (Fixture       *f,
                                      gconstpointer  data)
{
  g_autofree char *thai = create_complete (f, "เวชชาชีวะ Trading", "TR-5");
  g_autofree char *latin = create_complete (f, "Charnvirakul Holdings", "TR-6");
  g_autoptr(LdBrokerDraft) renamed = NULL;
  g_autoptr(LdAuditReport) report = NULL;
  g_autoptr(GError) error = NULL;

  assert_one_duplicate (f, "Vejjajiva Trading", thai);
  assert_one_duplicate (f, "ชาญวีรกูล Holdings", latin);
  assert_one_duplicate (f, "ชาญวิทย์ Holdings", NULL);
  assert_one_duplicate (f, "Vejjavat Trading", NULL);

  rekey_from_stale_keys (f, "DELETE FROM broker_name_second", "-thai-broker-second-keys.sql");
  assert_one_duplicate (f, "Vejjajiva Trading", thai);
  report = ld_audit_log_verify (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (report->intact);

  /* Only the name in Thai letters has second keys; renamed, the broker keeps none of
   * its old name. */
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM broker_name_second"), ==, 1);
  renamed = make_draft ("Wongsawat Trading", "TR-5");
  g_assert_true (ld_broker_repo_update (f->store, f->clerk, thai, 0, renamed, &error));
  g_assert_no_error (error);
  assert_one_duplicate (f, "Vejjajiva Trading", NULL);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM broker_name_second"), ==, 0);
}

/* A Hebrew, Korean or Thai company registered in its script is found when its name is
 * typed in Latin letters as screening reads it (the readings of ld-name-key-readings.c,
 * kept in broker_name_reading), and the other way round; a different name, or another
 * number, is not. Migration 0042 makes the readings of brokers already stored. */
static void
test_duplicates_script_readings (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *hebrew = create_complete (f, "נפתלי בנט Trading", "TR-8");
  g_autofree char *latin = create_complete (f, "Shalom Logistics 7", "TR-9");
  g_autofree char *korean = create_complete (f, "정몽구 Trading", "TR-10");
  g_autofree char *thai = create_complete (f, "ชวน หลีกภัย Trading", "TR-11");
  g_autoptr(LdBrokerDraft) renamed = NULL;
  g_autoptr(LdAuditReport) report = NULL;
  g_autoptr(GError) error = NULL;

  assert_one_duplicate (f, "Naftali Bennett Trading", hebrew);
  assert_one_duplicate (f, "Naftali Bennett Shipping", NULL);
  assert_one_duplicate (f, "שלום לוגיסטיקס 7", latin);
  assert_one_duplicate (f, "שלום לוגיסטיקס 17", NULL);
  assert_one_duplicate (f, "Chung Mong-koo Trading", korean);
  assert_one_duplicate (f, "Chung Mong-hoon Trading", NULL);
  assert_one_duplicate (f, "Chuen Leekpai Trading", thai);
  assert_one_duplicate (f, "Chuan Likhit Trading", NULL);

  /* Stored before the readings were: the migration makes them, and `audit verify`
   * finds them what the names give. */
  rekey_from_stale_keys (f, "DELETE FROM broker_name_reading", "-broker-name-readings.sql");
  assert_one_duplicate (f, "Naftali Bennett Trading", hebrew);
  assert_one_duplicate (f, "שלום לוגיסטיקס 7", latin);
  assert_one_duplicate (f, "Chung Mong-koo Trading", korean);
  assert_one_duplicate (f, "Chuen Leekpai Trading", thai);
  report = ld_audit_log_verify (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (report->intact);

  /* Renamed, the broker keeps none of its old name's readings: it was the only name in
   * Hebrew letters. */
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM broker_name_reading WHERE reading LIKE 'hebrew:H %'"), >, 0);
  renamed = make_draft ("Wongsawat Trading", "TR-8");
  g_assert_true (ld_broker_repo_update (f->store, f->clerk, hebrew, 0, renamed, &error));
  g_assert_no_error (error);
  assert_one_duplicate (f, "Naftali Bennett Trading", NULL);
  g_assert_cmpint (scalar (f, "SELECT count(*) FROM broker_name_reading WHERE reading LIKE 'hebrew:H %'"), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/broker-repo/duplicates-after-thai-rekey", Fixture, NULL, fixture_setup,
              test_duplicates_after_thai_rekey, fixture_teardown);
  g_test_add ("/broker-repo/duplicates-thai-second-spelling", Fixture, NULL, fixture_setup,
              test_duplicates_thai_second_spelling, fixture_teardown);
  g_test_add ("/broker-repo/duplicates-after-script-rekey", Fixture, NULL, fixture_setup,
              test_duplicates_after_script_rekey, fixture_teardown);
  g_test_add ("/broker-repo/duplicates-script-readings", Fixture, NULL, fixture_setup,
              test_duplicates_script_readings, fixture_teardown);
  g_test_add ("/broker-repo/lifecycle", Fixture, NULL, fixture_setup, test_lifecycle, fixture_teardown);
  g_test_add ("/broker-repo/early-renewal", Fixture, NULL, fixture_setup, test_early_renewal, fixture_teardown);
  g_test_add ("/broker-repo/backdated-acts", Fixture, NULL, fixture_setup, test_backdated_acts, fixture_teardown);
  g_test_add ("/broker-repo/authorisations", Fixture, NULL, fixture_setup, test_authorisations, fixture_teardown);
  g_test_add ("/broker-repo/duplicates", Fixture, NULL, fixture_setup, test_duplicates, fixture_teardown);
  g_test_add ("/broker-repo/duplicates-after-upgrade", Fixture, NULL, fixture_setup, test_duplicates_after_upgrade,
              fixture_teardown);
  g_test_add ("/broker-repo/duplicates-after-rekey", Fixture, NULL, fixture_setup, test_duplicates_after_rekey,
              fixture_teardown);
  g_test_add ("/broker-repo/bad-input", Fixture, NULL, fixture_setup, test_bad_input, fixture_teardown);
  g_test_add ("/broker-repo/demo", Fixture, NULL, fixture_setup, test_demo, fixture_teardown);
  g_test_add ("/broker-repo/expiry", Fixture, NULL, fixture_setup, test_expiry, fixture_teardown);
  return g_test_run ();
}
