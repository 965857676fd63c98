/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Legal numbers come from the central server (issue 13), against a real
 * PostgreSQL 15 started by this test. A desk synced with the server issues a
 * licence with no number: it is pending and does not print (the real
 * licence-desk-admin refuses); the push answer brings the server's number,
 * written in the same local transaction as the acknowledgement and audited;
 * pulling the licence back changes nothing. Two desks issuing at the same
 * moment get unique, gapless numbers, each desk keeping the first number it
 * showed; a desk stopped after the server's commit gets the same number on
 * the retry. An issue the server refuses stays unprinted and voided with the
 * server's reason. Broker registrations and brokering authorisations are
 * numbered the same way, and an authorisation granted at one desk reaches
 * every other, a new desk's first copy included. Case
 * references of two synced desks never clash. The licence's page in the real
 * window (under Xvfb) says it is pending and keeps Print Licence… off. */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "ld-audit-log.h"
#include "ld-broker-repo.h"
#include "ld-case-gate.h"
#include "ld-case-json.h"
#include "ld-case-repo.h"
#include "ld-licence-repo.h"
#include "ld-licence-window.h"
#include "ld-pulled.h"
#include "ld-sync-engine.h"
#include "ld-sync-server.h"
#include "ld-test-admin.h"
#include "ld-test-desk.h"
#include "ld-test-list.h"
#include "ld-test-checklist.h"
#include "ld-test-display.h"
#include "ld-test-gate.h"
#include "ld-test-pg.h"
#include "ld-ui.h"
#include "ld-user-repo.h"

#define PASSWORD "desk-pass-2026"

static LdTestPg *server;

/* A desk whose store has the office's people (made through the real
 * licence-desk-admin), the person at the desk being @login, who issues
 * licences there (the issuance desk); its engine signs in to the server as
 * @login. Nothing has been synced yet: the desk is still on its own. */
static LdTestDesk *
desk_made_with_admin (const char *login,
                      const char *role);

static LdTestDesk *
issuing_desk (const char *login)
{
  return desk_made_with_admin (login, "issuance");
}

/* As issuing_desk(), the person at the desk having @role. */
static LdTestDesk *
desk_made_with_admin (const char *login,
                      const char *role)
{
  static const char *people[][3] = {
    { "admin", "Amina Diallo", "admin" }, { "maria", "María Fernández", "officer" },
    { "olena", "Olena Kovalenko", "senior" },
  };
  g_autofree char *uri = ld_test_pg_uri (server, login, 0);
  LdTestDesk *desk = ld_test_desk_new (login, uri, PASSWORD);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    g_assert_cmpint (ld_test_run_admin (NULL, NULL, "user", "add", "--store", desk->path, "--login", people[i][0],
                                        "--name", people[i][1], "--role", people[i][2], i ? "--as" : "--create",
                                        i ? "admin" : NULL, NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "user", "add", "--store", desk->path, "--login", login, "--name",
                                      "Samir Haddad", "--role", role, "--as", "admin", NULL), ==, 0);
  ld_actor_free (desk->actor);
  desk->actor = ld_user_repo_find (desk->store, login, &error);
  g_assert_no_error (error);
  return desk;
}

/* A case recorded, screened, assessed, recommended and approved at @desk
 * through licence-desk-admin, by two different people. */
static char *
approved_case (LdTestDesk *desk)
{
  LdTestCase c = { "DE", "KE", "Kenya Police Service", "police", "KE" };
  g_autofree char *file = ld_test_write_case (desk->dir, "case.json", &c);
  g_autofree char *out = NULL;
  g_auto(GStrv) words = NULL;
  char *ref;

  /* "Recorded REF (ID, draft) with …": the desk holds other desks' drafts too. */
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "application", "import", "--json", file, "--store", desk->path,
                                      "--as", "maria", NULL), ==, 0);
  words = g_strsplit (out, " ", 3);
  g_assert_cmpstr (words[0], ==, "Recorded");
  ref = g_strdup (words[1]);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "submit", ref, "--store", desk->path, "--as",
                                      "maria", NULL), ==, 0);

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "assess", ref, "--store", desk->path, "--as",
                                      "maria", NULL), ==, 0);
  g_free (ld_test_checklist_complete (desk->path, ref, "maria"));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "recommend", ref, "--decision", "approval",
                                      "--rationale", "The assessment shows no risk.", "--store", desk->path, "--as",
                                      "maria", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "approve", ref, "--store", desk->path, "--as",
                                      "olena", "--rationale", "The assessment holds.", NULL), ==, 0);
  return ref;
}

static LdLicence *
issue (LdTestDesk *desk,
       const char *ref)
{
  g_autoptr(GError) error = NULL;
  LdLicence *l = ld_licence_repo_issue (desk->store, desk->actor, ref, NULL, NULL, &error);

  g_assert_no_error (error);
  return l;
}

static LdLicence *
load (LdTestDesk *desk,
      const char *id)
{
  g_autoptr(GError) error = NULL;
  LdLicence *l = ld_licence_repo_load (desk->store, id, &error);

  g_assert_no_error (error);
  return l;
}

/* What `licence-desk-admin print licence` makes of the licence: its exit
 * status, and what it said on stderr in @out_err. */
static int
print_licence (LdTestDesk  *desk,
               const char  *id,
               char       **out_err)
{
  g_autofree char *key = g_build_filename (desk->dir, "signing.key", NULL);
  g_autofree char *pdf = g_build_filename (desk->dir, "licence.pdf", NULL);

  if (!g_file_test (key, G_FILE_TEST_EXISTS))
    g_assert_cmpint (ld_test_run_admin (NULL, NULL, "signing-key", "generate", "--key-file", key, NULL), ==, 0);
  return ld_test_run_admin (NULL, out_err, "print", "licence", id, "--output", pdf, "--key-file", key, "--store",
                            desk->path, "--as", desk->login, NULL);
}

static gint64
audit_count (LdTestDesk *desk,
             const char *action,
             const char *id)
{
  return ld_test_desk_count_with (desk, "SELECT count(*) FROM audit_log WHERE action = ?1 AND record_id = ?2",
                                  action, id, NULL);
}

static char *
server_number (const char *id)
{
  g_autoptr(PGconn) owner = ld_test_pg_connect_owner (server);
  return ld_test_pg_query_text_with (owner, "SELECT fields->>'licence_number' FROM ld.record"
                                     " WHERE entity = 'licence' AND record_id = $1", id, NULL);
}

/* Every licence series on the server: as many numbers as issued, none twice,
 * none skipped; and every licence record holds a different number. */
static void
assert_server_gapless (void)
{
  g_autoptr(PGconn) owner = ld_test_pg_connect_owner (server);
  g_autofree char *gaps = ld_test_pg_query_text (owner,
    "SELECT count(*) FROM (SELECT series FROM ld.number_issued GROUP BY series"
    " HAVING count(*) <> max(number) OR count(DISTINCT number) <> count(*)) AS gaps");
  g_autofree char *issued = ld_test_pg_query_text (owner, "SELECT count(*) FROM ld.number_issued"
                                                          " WHERE entity = 'licence'");
  g_autofree char *distinct = ld_test_pg_query_text (owner, "SELECT count(DISTINCT fields->>'licence_number')"
                                                            " FROM ld.record WHERE entity = 'licence'");

  g_assert_cmpstr (gaps, ==, "0");
  g_assert_cmpstr (issued, ==, distinct);
}

static gboolean
licence_window_idle (gpointer window)
{
  return !ld_licence_window_is_busy (window) &&
         (ld_licence_window_get_licence (window) != NULL || ld_licence_window_get_message (window) != NULL);
}

static gboolean
licence_window_numbered (gpointer window)
{
  return licence_window_idle (window) && ld_licence_window_get_licence (window)->number != NULL;
}

static gboolean
laid_out (gpointer widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      if ((found = find_button (child, label)))
        return found;
    }
  return NULL;
}

/* The licence's page in the real window: its title, and its Print button,
 * on only when the licence may print; off, its tooltip says why. */
static void
check_window_subtitle (LdTestDesk *desk,
                       const char *id,
                       gboolean    printable,
                       const char *title_part,
                       const char *subtitle_part,
                       const char *screenshot);

static void
check_window (LdTestDesk *desk,
              const char *id,
              gboolean    printable,
              const char *title_part,
              const char *screenshot)
{
  check_window_subtitle (desk, id, printable, title_part, NULL, screenshot);
}

/* As check_window(), the title's subtitle holding @subtitle_part too. */
static void
check_window_subtitle (LdTestDesk *desk,
                       const char *id,
                       gboolean    printable,
                       const char *title_part,
                       const char *subtitle_part,
                       const char *screenshot)
{
  LdLicenceWindow *window = ld_licence_window_new (NULL, desk->store, desk->actor, id);
  GtkWidget *print;
  const char *tooltip;

  gtk_window_present (GTK_WINDOW (window));
  ld_test_spin_until (licence_window_idle, window);
  g_assert_nonnull (ld_licence_window_get_licence (window));
  print = find_button (GTK_WIDGET (window), "_Print Licence…");
  g_assert_nonnull (print);
  g_assert_cmpint (gtk_widget_is_sensitive (print), ==, printable);
  tooltip = gtk_widget_get_tooltip_text (print);
  if (!printable)
    g_assert_nonnull (strstr (tooltip, "central database"));
  {
    GtkWidget *header = find_button (GTK_WIDGET (window), "_Print Licence…");
    AdwWindowTitle *title = NULL;

    for (GtkWidget *w = gtk_widget_get_parent (header); w && title == NULL; w = gtk_widget_get_parent (w))
      if (ADW_IS_HEADER_BAR (w))
        title = ADW_WINDOW_TITLE (adw_header_bar_get_title_widget (ADW_HEADER_BAR (w)));
    g_assert_nonnull (title);
    g_assert_nonnull (strstr (adw_window_title_get_title (title), title_part));
    if (subtitle_part)
      g_assert_nonnull (strstr (adw_window_title_get_subtitle (title), subtitle_part));
  }
  /* Laid out and drawn before the picture is taken. */
  ld_test_spin_until (laid_out, window);
  for (gint64 settle = g_get_monotonic_time () + G_USEC_PER_SEC / 2; g_get_monotonic_time () < settle;)
    g_main_context_iteration (NULL, FALSE);
  ld_test_save_screenshot (GTK_WIDGET (window), screenshot);
  ld_test_destroy_all_windows ();
}

/* Issued offline at a synced desk: pending, no number, refused by print; once
 * the desk reaches the server the number arrives with the answer and the
 * licence prints; pulling it back changes nothing. */
static void
test_pending_until_the_server_numbers (void)
{
  g_autoptr(LdTestDesk) desk = issuing_desk ("samir_a");
  g_autofree char *ref = NULL;
  g_autofree char *dead_uri = ld_test_pg_uri (server, "samir_a", 1);
  g_autoptr(LdSyncEngine) offline = NULL;
  g_autoptr(LdLicence) pending = NULL, numbered = NULL, pulled = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL, *err_json = NULL, *shown = NULL, *expected_prefix = NULL, *on_server = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  LdSyncStats stats = { 0 };

  /* The desk's first sync sets it up for the central server; its case
   * references carry its code from then on. */
  ld_test_desk_sync (desk);
  ref = approved_case (desk);
  pending = issue (desk, ref);
  g_assert_null (pending->number);
  g_assert_cmpint (pending->number_state, ==, LD_LICENCE_NUMBER_PENDING);
  g_assert_false (ld_licence_check_printable (pending, &error));
  g_assert_error (error, LD_LICENCE_ERROR, LD_LICENCE_ERROR_NOT_CONFIRMED);
  g_clear_error (&error);
  /* The Licences list shows the pending issue, with no number. */
  shown = ld_test_desk_text (desk, "SELECT status FROM licence_register WHERE licence_number IS NULL");
  g_assert_cmpstr (shown, ==, "issue_pending");

  /* The server cannot be reached: still pending, and print refuses. */
  offline = ld_sync_engine_new (desk->store, dead_uri, PASSWORD);
  g_assert_false (ld_sync_engine_sync (offline, &stats, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (print_licence (desk, pending->id, &err), !=, 0);
  g_assert_nonnull (strstr (err, "pending"));
  check_window (desk, pending->id, FALSE, "Issue pending", "licence-issue-pending.png");

  /* Back online: the number is the server's, its series this year; the
   * licence's page left open shows it as soon as it arrives. */
  {
    LdLicenceWindow *window = ld_licence_window_new (NULL, desk->store, desk->actor, pending->id);

    gtk_window_present (GTK_WINDOW (window));
    ld_test_spin_until (licence_window_idle, window);
    g_assert_null (ld_licence_window_get_licence (window)->number);
    ld_test_desk_sync (desk);
    ld_test_spin_until (licence_window_numbered, window);
    ld_test_destroy_all_windows ();
  }
  numbered = load (desk, pending->id);
  expected_prefix = g_strdup_printf ("LIC/EX/%d/", g_date_time_get_year (now));
  g_assert_nonnull (numbered->number);
  g_assert_true (g_str_has_prefix (numbered->number, expected_prefix));
  g_assert_cmpint (numbered->number_state, ==, LD_LICENCE_NUMBER_FINAL);
  on_server = server_number (pending->id);
  g_assert_cmpstr (numbered->number, ==, on_server);
  g_assert_cmpint (audit_count (desk, "confirm-issue", pending->id), ==, 1);

  /* Pulled back again: the same licence, nothing applied, nothing audited. */
  stats = ld_test_desk_sync (desk);
  g_assert_cmpuint (stats.applied_locally, ==, 0);
  pulled = load (desk, pending->id);
  g_assert_cmpstr (pulled->number, ==, numbered->number);
  g_assert_cmpint (ld_test_desk_count (desk, "SELECT count(*) FROM audit_log WHERE action LIKE 'pull-issue%'"), ==, 0);

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (print_licence (desk, numbered->number, &err_json), ==, 0);
  check_window (desk, pending->id, TRUE, numbered->number, "licence-numbered-by-server.png");
  ld_test_desk_assert_audit_verifies (desk);
  assert_server_gapless ();
}

static gboolean
stop_after_server_commit (LdSyncFault fault,
                          gpointer    user_data)
{
  gboolean *armed = user_data;

  if (fault != LD_SYNC_FAULT_AFTER_SERVER_COMMIT || !*armed)
    return FALSE;
  *armed = FALSE;
  return TRUE;
}

/* The desk stops after the server committed the issue and before it recorded
 * the answer: the licence is still pending, and once the desk runs again the
 * retry gets the number the server took the first time (its ledger), written
 * once. */
static void
test_number_survives_a_stop_after_the_server_commit (void)
{
  g_autoptr(LdTestDesk) desk = issuing_desk ("samir_i");
  g_autofree char *ref = NULL, *uri = ld_test_pg_uri (server, "samir_i", 0), *on_server = NULL;
  g_autoptr(LdLicence) pending = NULL, still = NULL, numbered = NULL;
  g_autoptr(GError) error = NULL;
  LdSyncStats stats = { 0 };
  gboolean armed = TRUE;

  ld_test_desk_sync (desk);
  ref = approved_case (desk);
  pending = issue (desk, ref);
  ld_sync_engine_set_fault_func (desk->engine, stop_after_server_commit, &armed);
  g_assert_false (ld_sync_engine_sync (desk->engine, &stats, &error));
  g_assert_error (error, LD_SYNC_ERROR, LD_SYNC_ERROR_INTERRUPTED);
  g_clear_error (&error);
  g_assert_false (armed);
  still = load (desk, pending->id);
  g_assert_null (still->number);
  g_assert_cmpint (still->number_state, ==, LD_LICENCE_NUMBER_PENDING);
  on_server = server_number (pending->id);
  g_assert_nonnull (on_server);

  ld_test_desk_reopen (desk, uri, PASSWORD);
  ld_test_desk_sync (desk);
  numbered = load (desk, pending->id);
  g_assert_cmpstr (numbered->number, ==, on_server);
  g_assert_cmpint (audit_count (desk, "confirm-issue", pending->id), ==, 1);
  assert_server_gapless ();
  ld_test_desk_assert_audit_verifies (desk);
}

typedef struct
{
  LdTestDesk *desk;
  GError     *error;
} SyncJob;

static gpointer
sync_thread (gpointer data)
{
  SyncJob *job = data;
  LdSyncStats stats = { 0 };

  ld_sync_engine_sync (job->desk->engine, &stats, &job->error);
  return NULL;
}

/* Two desks issue licences and send them at the same moment: the numbers are
 * unique and gapless, and each desk keeps the number it showed first, after
 * pulling everything back too. */
static void
test_two_desks_issue_concurrently (void)
{
  g_autoptr(LdTestDesk) a = issuing_desk ("samir_b");
  g_autoptr(LdTestDesk) b = issuing_desk ("samir_c");
  LdTestDesk *desks[] = { a, b };
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) first_shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) numbers = g_hash_table_new (g_str_hash, g_str_equal);
  SyncJob jobs[2] = { { a, NULL }, { b, NULL } };
  GThread *threads[2];

  for (guint d = 0; d < 2; d++)
    {
      g_autofree char *first = NULL, *second = NULL;

      ld_test_desk_sync (desks[d]);
      first = approved_case (desks[d]);
      second = approved_case (desks[d]);
      for (guint k = 0; k < 2; k++)
        {
          g_autoptr(LdLicence) l = issue (desks[d], k == 0 ? first : second);

          g_assert_null (l->number);
          g_ptr_array_add (ids, g_strdup (l->id));
        }
    }
  for (guint d = 0; d < 2; d++)
    threads[d] = g_thread_new ("desk-sync", sync_thread, &jobs[d]);
  for (guint d = 0; d < 2; d++)
    {
      g_thread_join (threads[d]);
      g_assert_no_error (jobs[d].error);
    }

  /* The first number each desk shows is the server's, and unique. */
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(LdLicence) l = load (desks[i / 2], ids->pdata[i]);
      g_autofree char *on_server = server_number (ids->pdata[i]);

      g_assert_nonnull (l->number);
      g_assert_cmpstr (l->number, ==, on_server);
      g_assert_false (g_hash_table_contains (numbers, l->number));
      g_hash_table_insert (first_shown, g_strdup (l->id), g_strdup (l->number));
      g_hash_table_add (numbers, g_hash_table_lookup (first_shown, l->id));
    }
  assert_server_gapless ();

  /* Each desk pulls the other's licences and its own back: its own keep
   * their numbers, and the other's arrive with the same ones. */
  ld_test_desk_sync (a);
  ld_test_desk_sync (b);
  ld_test_desk_sync (a);
  for (guint i = 0; i < ids->len; i++)
    for (guint d = 0; d < 2; d++)
      {
        g_autoptr(LdLicence) l = load (desks[d], ids->pdata[i]);

        g_assert_cmpstr (l->number, ==, g_hash_table_lookup (first_shown, ids->pdata[i]));
      }
  ld_test_desk_assert_audit_verifies (a);
  ld_test_desk_assert_audit_verifies (b);
}

/* The server refuses an issue (the login at the desk has no issuing role on
 * the server): the licence is voided with the server's reason, audited, and
 * never prints; the case may be issued again. */
static void
test_refused_issue_stays_unprinted (void)
{
  g_autoptr(LdTestDesk) desk = issuing_desk ("clerk_d");
  g_autofree char *ref = NULL;
  g_autoptr(LdLicence) pending = NULL, refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL, *status = NULL, *said = NULL, *id = NULL, *again = NULL;
  LdSyncStats stats;

  ld_test_desk_sync (desk);
  ref = approved_case (desk);
  /* Issued from the command line: it says the issue is pending. */
  g_assert_cmpint (ld_test_run_admin (&said, NULL, "licence", "issue", ref, "--store", desk->path, "--as", "clerk_d",
                                      NULL), ==, 0);
  g_assert_nonnull (strstr (said, "pending"));
  id = ld_test_desk_text (desk, "SELECT id FROM licence WHERE number_state = 'pending'");
  g_assert_nonnull (strstr (said, id));
  /* Issued again while the number is pending: refused, in words that name no id. */
  g_assert_cmpint (ld_test_run_admin (NULL, &again, "licence", "issue", ref, "--store", desk->path, "--as",
                                      "clerk_d", NULL), !=, 0);
  g_assert_nonnull (strstr (again, "waiting for its number"));
  g_assert_null (strstr (again, id));
  pending = load (desk, id);
  stats = ld_test_desk_sync (desk);
  g_assert_cmpuint (stats.refused, >=, 1);
  refused = load (desk, pending->id);
  g_assert_null (refused->number);
  g_assert_cmpint (refused->number_state, ==, LD_LICENCE_NUMBER_REFUSED);
  g_assert_nonnull (refused->void_reason);
  g_assert_nonnull (strstr (refused->void_reason, "may not issue"));
  g_assert_false (ld_licence_check_printable (refused, &error));
  g_assert_error (error, LD_LICENCE_ERROR, LD_LICENCE_ERROR_NOT_CONFIRMED);
  g_assert_cmpint (audit_count (desk, "refuse-issue", pending->id), ==, 1);
  status = ld_test_desk_text (desk, "SELECT status FROM licence_register WHERE licence_number IS NULL");
  g_assert_cmpstr (status, ==, "issue_refused");
  g_assert_cmpint (print_licence (desk, pending->id, &err), !=, 0);
  g_assert_nonnull (strstr (err, "refused"));
  check_window (desk, pending->id, FALSE, "Not issued", "licence-issue-refused.png");
  /* Nothing of it reached the server, and no number was taken. */
  {
    g_autofree char *on_server = server_number (pending->id);

    g_assert_null (on_server);
  }
  assert_server_gapless ();
  ld_test_desk_assert_audit_verifies (desk);
}

static LdBrokerRecord *
get_broker (LdTestDesk *desk,
            const char *id)
{
  g_autoptr(GError) error = NULL;
  LdBrokerRecord *r = ld_broker_repo_get (desk->store, id, &error);

  g_assert_no_error (error);
  return r;
}

/* A broker submitted at a clerk's desk and registered at a senior officer's:
 * pending with no number (its certificate refused) until the server's answer
 * gives BR-YYYY-NNNNN, which the desk keeps when the broker is pulled back. */
static void
test_broker_registration_numbered_by_server (void)
{
  g_autoptr(LdTestDesk) clerk = ld_test_desk_new_with_role (server, "clerk_g", LD_ROLE_CLERK, PASSWORD);
  g_autoptr(LdTestDesk) senior = desk_made_with_admin ("senior_g", "senior");
  g_autoptr(LdBrokerDraft) d = ld_broker_draft_new ();
  LdBrokerPerson official = { LD_BROKER_PERSON_OFFICIAL, "Petro Shevchenko", "UA", "passport", "FA123456" };
  g_autoptr(LdBrokerRecord) pending = NULL, numbered = NULL, pulled = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL, *person = NULL, *err = NULL, *pdf = NULL, *on_server = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *prefix = g_strdup_printf ("BR-%d-", g_date_time_get_year (now));
  LdSyncStats stats;

  d->legal_name = g_strdup ("Dnipro Freight Brokers LLC");
  d->country = g_strdup ("ua");
  d->tax_number = g_strdup ("UA-7781");
  d->registered_address = g_strdup ("12 Khreshchatyk, Kyiv");
  d->records_address = g_strdup ("12 Khreshchatyk, Kyiv");
  d->activities = g_strdup ("negotiating,transport");
  ld_test_desk_sync (clerk);
  ld_test_desk_sync (senior);
  id = ld_broker_repo_create (clerk->store, clerk->actor, d, FALSE, &error);
  g_assert_no_error (error);
  person = ld_broker_repo_add_person (clerk->store, clerk->actor, id, &official, &error);
  g_assert_no_error (error);
  g_assert_true (ld_broker_repo_act (clerk->store, clerk->actor, id, LD_BROKER_ACTION_SUBMIT, NULL, NULL, &error));
  g_assert_no_error (error);
  ld_test_desk_sync (clerk);
  ld_test_desk_sync (senior);

  g_assert_true (ld_broker_repo_act (senior->store, senior->actor, id, LD_BROKER_ACTION_REGISTER, NULL, NULL,
                                     &error));
  g_assert_no_error (error);
  pending = get_broker (senior, id);
  g_assert_cmpint (pending->status, ==, LD_BROKER_STATUS_REGISTERED);
  g_assert_null (pending->registration_number);
  g_assert_cmpstr (pending->number_state, ==, "pending");
  pdf = g_build_filename (senior->dir, "certificate.pdf", NULL);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "print", "certificate", id, "--output", pdf, "--store", senior->path,
                                      "--as", "senior_g", NULL), !=, 0);
  if (strstr (err, "pending") == NULL)
    g_error ("print certificate said: %s", err);

  ld_test_desk_sync (senior);
  numbered = get_broker (senior, id);
  g_assert_nonnull (numbered->registration_number);
  g_assert_true (g_str_has_prefix (numbered->registration_number, prefix));
  g_assert_null (numbered->number_state);
  {
    g_autoptr(PGconn) owner = ld_test_pg_connect_owner (server);

    on_server = ld_test_pg_query_text_with (owner, "SELECT fields->>'registration_number' FROM ld.record"
                                            " WHERE entity = 'broker' AND record_id = $1", id, NULL);
  }
  g_assert_cmpstr (numbered->registration_number, ==, on_server);
  g_assert_cmpint (audit_count (senior, "confirm-register", id), ==, 1);

  stats = ld_test_desk_sync (senior);
  g_assert_cmpuint (stats.applied_locally, ==, 0);
  pulled = get_broker (senior, id);
  g_assert_cmpstr (pulled->registration_number, ==, numbered->registration_number);
  ld_test_desk_assert_audit_verifies (senior);
}

/* The server refuses a registration (the login has no senior role there):
 * the broker goes back to where it was, with no number, and the refusal is
 * audited with the server's reason. */
static void
test_refused_registration_goes_back (void)
{
  g_autoptr(LdTestDesk) clerk = ld_test_desk_new_with_role (server, "clerk_h", LD_ROLE_CLERK, PASSWORD);
  g_autoptr(LdTestDesk) officer = desk_made_with_admin ("officer_h", "senior");
  g_autoptr(LdBrokerDraft) d = ld_broker_draft_new ();
  LdBrokerPerson official = { LD_BROKER_PERSON_OFFICIAL, "Olha Bondar", "UA", "passport", "FB654321" };
  g_autoptr(LdBrokerRecord) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL, *person = NULL, *reason = NULL;
  LdSyncStats stats;

  d->legal_name = g_strdup ("Lviv Cargo Brokers LLC");
  d->country = g_strdup ("ua");
  d->tax_number = g_strdup ("UA-9902");
  d->registered_address = g_strdup ("3 Rynok Square, Lviv");
  d->records_address = g_strdup ("3 Rynok Square, Lviv");
  d->activities = g_strdup ("negotiating");
  ld_test_desk_sync (clerk);
  ld_test_desk_sync (officer);
  id = ld_broker_repo_create (clerk->store, clerk->actor, d, FALSE, &error);
  g_assert_no_error (error);
  person = ld_broker_repo_add_person (clerk->store, clerk->actor, id, &official, &error);
  g_assert_no_error (error);
  g_assert_true (ld_broker_repo_act (clerk->store, clerk->actor, id, LD_BROKER_ACTION_SUBMIT, NULL, NULL, &error));
  g_assert_no_error (error);
  ld_test_desk_sync (clerk);
  ld_test_desk_sync (officer);
  g_assert_true (ld_broker_repo_act (officer->store, officer->actor, id, LD_BROKER_ACTION_REGISTER, NULL, NULL,
                                     &error));
  g_assert_no_error (error);
  stats = ld_test_desk_sync (officer);
  g_assert_cmpuint (stats.refused, >=, 1);
  back = get_broker (officer, id);
  g_assert_cmpint (back->status, ==, LD_BROKER_STATUS_SUBMITTED);
  g_assert_null (back->registration_number);
  g_assert_cmpstr (back->number_state, ==, "refused");
  g_assert_cmpint (audit_count (officer, "refuse-register", id), ==, 1);
  reason = ld_test_desk_text_with (officer, "SELECT json_extract (after_json, '$.registration_refusal') FROM audit_log"
                                   " WHERE action = 'refuse-register' AND record_id = ?1", id, NULL);
  g_assert_nonnull (reason);
  g_assert_nonnull (strstr (reason, "may not register"));
  /* The history's last line says the central database refused the registration, and why. */
  {
    g_autoptr(JsonNode) file = ld_broker_repo_get_json (officer->store, id, &error);
    JsonArray *history;
    JsonObject *last;

    g_assert_no_error (error);
    history = json_object_get_array_member (json_node_get_object (file), "history");
    last = json_array_get_object_element (history, json_array_get_length (history) - 1);
    g_assert_cmpstr (json_object_get_string_member (last, "action"), ==, "refuse-register");
    g_assert_cmpstr (json_object_get_string_member (last, "to_status"), ==, "submitted");
    g_assert_nonnull (strstr (json_object_get_string_member (last, "reason"), "may not register"));
    g_assert_cmpstr (ld_broker_action_get_title ("refuse-register"), ==,
                     "Registration refused by the central database");
  }
  ld_test_desk_assert_audit_verifies (officer);
}

/* ---- brokering authorisations -------------------------------------------- */

/* A broker submitted at @clerk's desk and registered at @senior's, with the
 * server's registration number: every desk that syncs then holds it. */
static char *
registered_broker (LdTestDesk *clerk,
                   LdTestDesk *senior,
                   const char *name,
                   const char *tax_number)
{
  g_autoptr(LdBrokerDraft) d = ld_broker_draft_new ();
  LdBrokerPerson official = { LD_BROKER_PERSON_OFFICIAL, "Iryna Melnyk", "UA", "passport", "FC246810" };
  g_autoptr(LdBrokerRecord) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *person = NULL;
  char *id;

  d->legal_name = g_strdup (name);
  d->country = g_strdup ("ua");
  d->tax_number = g_strdup (tax_number);
  d->registered_address = g_strdup ("7 Deribasivska, Odesa");
  d->records_address = g_strdup ("7 Deribasivska, Odesa");
  d->activities = g_strdup ("negotiating,transport");
  ld_test_desk_sync (clerk);
  ld_test_desk_sync (senior);
  id = ld_broker_repo_create (clerk->store, clerk->actor, d, FALSE, &error);
  g_assert_no_error (error);
  person = ld_broker_repo_add_person (clerk->store, clerk->actor, id, &official, &error);
  g_assert_no_error (error);
  g_assert_true (ld_broker_repo_act (clerk->store, clerk->actor, id, LD_BROKER_ACTION_SUBMIT, NULL, NULL, &error));
  g_assert_no_error (error);
  ld_test_desk_sync (clerk);
  ld_test_desk_sync (senior);
  g_assert_true (ld_broker_repo_act (senior->store, senior->actor, id, LD_BROKER_ACTION_REGISTER, NULL, NULL,
                                     &error));
  g_assert_no_error (error);
  ld_test_desk_sync (senior);
  r = get_broker (senior, id);
  g_assert_nonnull (r->registration_number);
  return id;
}

static char *
day_from_now (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

/* The authorisation's number and number_state at @desk, "number|state". */
static char *
authorisation_state (LdTestDesk *desk,
                     const char *id)
{
  return ld_test_desk_text_with (desk, "SELECT coalesce (number, '') || '|' || coalesce (number_state, '')"
                                 " FROM broker_authorisation WHERE id = ?1", id, NULL);
}

static char *
authorisation_number_on_server (const char *id)
{
  g_autoptr(PGconn) owner = ld_test_pg_connect_owner (server);
  return ld_test_pg_query_text_with (owner, "SELECT fields->>'number' FROM ld.record"
                                     " WHERE entity = 'broker_authorisation' AND record_id = $1", id, NULL);
}

static gboolean
deal_allowed (LdTestDesk *desk,
              const char *broker_id,
              const char *application_ref)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = ld_broker_repo_check_deal (desk->store, broker_id, application_ref, NULL, &error);

  if (!ok)
    g_assert_error (error, LD_BROKER_ERROR, LD_BROKER_ERROR_NOT_AUTHORISABLE);
  return ok;
}

/* Two senior officers' desks authorise deals of the same broker, one in the
 * window's way (the repository) and one with licence-desk-admin: each is
 * pending with no number and counts for no deal until its push answer gives
 * BA-YYYY-NNNNN, the two numbers different and gapless in the server's
 * series, the same as the server's record; confirmed once (audited), and a
 * second sync changes nothing. */
static void
test_authorisations_numbered_by_server (void)
{
  g_autoptr(LdTestDesk) clerk = ld_test_desk_new_with_role (server, "clerk_k", LD_ROLE_CLERK, PASSWORD);
  g_autoptr(LdTestDesk) a = desk_made_with_admin ("senior_k", "senior");
  g_autoptr(LdTestDesk) b = desk_made_with_admin ("senior_l", "senior");
  g_autoptr(GError) error = NULL;
  g_autoptr(LdBrokerRecord) at_b = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *prefix = g_strdup_printf ("BA-%d-", g_date_time_get_year (now));
  g_autofree char *broker = NULL, *from = day_from_now (0), *until = day_from_now (30);
  g_autofree char *id_a = NULL, *id_b = NULL, *out = NULL, *state = NULL, *state_a = NULL, *state_b = NULL;
  g_autofree char *on_server_a = NULL, *on_server_b = NULL;
  g_auto(GStrv) words = NULL, number_a = NULL, number_b = NULL;
  gboolean pending = FALSE;

  broker = registered_broker (clerk, a, "Odesa Maritime Brokers LLC", "UA-5150");
  ld_test_desk_sync (b);
  at_b = get_broker (b, broker);
  g_assert_cmpint (at_b->status, ==, LD_BROKER_STATUS_REGISTERED);

  id_a = ld_broker_repo_authorise (a->store, a->actor, broker, "negotiating", "Rifles to Kenya", "EXP-K1", from,
                                   until, &pending, &error);
  g_assert_no_error (error);
  g_assert_true (pending);
  state = authorisation_state (a, id_a);
  g_assert_cmpstr (state, ==, "|pending");
  g_assert_false (deal_allowed (a, broker, "EXP-K1"));

  /* "Authorisation ID recorded; its number is pending …" */
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "broker", "authorise", at_b->registration_number, "--activity",
                                      "transport", "--description", "Freight to Kenya", "--application", "EXP-K2",
                                      "--from", from, "--until", until, "--store", b->path, "--as", "senior_l", NULL),
                   ==, 0);
  g_assert_nonnull (strstr (out, "pending"));
  words = g_strsplit (out, " ", 3);
  id_b = g_strdup (words[1]);
  g_clear_pointer (&state, g_free);
  state = authorisation_state (b, id_b);
  g_assert_cmpstr (state, ==, "|pending");

  ld_test_desk_sync (a);
  ld_test_desk_sync (b);
  state_a = authorisation_state (a, id_a);
  state_b = authorisation_state (b, id_b);
  number_a = g_strsplit (state_a, "|", 2);
  number_b = g_strsplit (state_b, "|", 2);
  g_assert_true (g_str_has_prefix (number_a[0], prefix));
  g_assert_true (g_str_has_prefix (number_b[0], prefix));
  g_assert_cmpstr (number_a[1], ==, "");
  g_assert_cmpstr (number_b[1], ==, "");
  g_assert_cmpstr (number_a[0], !=, number_b[0]);
  on_server_a = authorisation_number_on_server (id_a);
  on_server_b = authorisation_number_on_server (id_b);
  g_assert_cmpstr (number_a[0], ==, on_server_a);
  g_assert_cmpstr (number_b[0], ==, on_server_b);
  g_assert_cmpint (audit_count (a, "confirm-authorise", id_a), ==, 1);
  g_assert_cmpint (audit_count (b, "confirm-authorise", id_b), ==, 1);
  g_assert_true (deal_allowed (a, broker, "EXP-K1"));
  g_assert_true (deal_allowed (b, broker, "EXP-K2"));
  assert_server_gapless ();

  /* Pulled back and answered again: nothing changes, nothing is audited twice. */
  ld_test_desk_sync (a);
  ld_test_desk_sync (b);
  g_clear_pointer (&state, g_free);
  state = authorisation_state (a, id_a);
  g_assert_cmpstr (state, ==, state_a);
  g_assert_cmpint (audit_count (a, "confirm-authorise", id_a), ==, 1);
  {
    g_autoptr(PGconn) owner = ld_test_pg_connect_owner (server);
    g_autofree char *issued = ld_test_pg_query_text_with (owner, "SELECT count(*) FROM ld.number_issued"
                                                          " WHERE entity = 'broker_authorisation'"
                                                          " AND record_id IN ($1, $2)", id_a, id_b, NULL);

    g_assert_cmpstr (issued, ==, "2");
  }
  ld_test_desk_assert_audit_verifies (a);
  ld_test_desk_assert_audit_verifies (b);
}

/* The server refuses an authorisation (the login is no senior officer
 * there): it stays without a number, voided with the server's reason, and
 * counts for no deal; the refusal is audited. */
static void
test_refused_authorisation_counts_for_nothing (void)
{
  g_autoptr(LdTestDesk) clerk = ld_test_desk_new_with_role (server, "clerk_m", LD_ROLE_CLERK, PASSWORD);
  g_autoptr(LdTestDesk) senior = desk_made_with_admin ("senior_m", "senior");
  g_autoptr(LdTestDesk) officer = desk_made_with_admin ("officer_m", "senior");
  g_autoptr(GError) error = NULL;
  g_autofree char *broker = NULL, *from = day_from_now (0), *until = day_from_now (30);
  g_autofree char *id = NULL, *state = NULL, *reason = NULL, *on_server = NULL;
  gboolean pending = FALSE;
  LdSyncStats stats;

  broker = registered_broker (clerk, senior, "Kharkiv Air Brokers LLC", "UA-6260");
  ld_test_desk_sync (officer);
  id = ld_broker_repo_authorise (officer->store, officer->actor, broker, "negotiating", "Pistols to Kenya",
                                 "EXP-M1", from, until, &pending, &error);
  g_assert_no_error (error);
  g_assert_true (pending);
  stats = ld_test_desk_sync (officer);
  g_assert_cmpuint (stats.refused, >=, 1);
  state = authorisation_state (officer, id);
  g_assert_cmpstr (state, ==, "|refused");
  reason = ld_test_desk_text_with (officer, "SELECT void_reason FROM broker_authorisation"
                                   " WHERE id = ?1 AND voided_at IS NOT NULL", id, NULL);
  g_assert_nonnull (reason);
  g_assert_nonnull (strstr (reason, "may not authorise"));
  g_assert_cmpint (audit_count (officer, "refuse-authorise", id), ==, 1);
  g_assert_false (deal_allowed (officer, broker, "EXP-M1"));
  on_server = authorisation_number_on_server (id);
  g_assert_null (on_server);
  /* Nor does it reach another desk, where it would count. */
  ld_test_desk_sync (senior);
  g_clear_pointer (&state, g_free);
  state = authorisation_state (senior, id);
  g_assert_null (state);
  ld_test_desk_assert_audit_verifies (officer);
}

/* ---- authorisations at every desk ----------------------------------------- */

/* A case at @desk whose broker party names @broker_number and authorisation
 * @authorisation; imported when @ref is %NULL (its reference returned), else
 * amended. */
static char *
broker_case (LdTestDesk *desk,
             const char *ref,
             const char *broker_number,
             const char *authorisation)
{
  g_autofree char *party = g_strdup_printf ("{\"role\":\"broker\",\"type\":\"commercial\",\"name\":\"Odesa Deal "
                                            "Brokers LLC\",\"country\":\"UA\",\"broker_registration\":\"%s\","
                                            "\"broker_authorisation\":\"%s\"},", broker_number, authorisation);
  g_autofree char *file = ld_test_gate_write_case (desk->dir, "broker-case.json", "DE", party);
  g_autofree char *out = NULL;
  g_auto(GStrv) words = NULL;

  if (ref != NULL)
    {
      g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "amend", ref, "--file", file, "--store",
                                          desk->path, "--as", "maria", NULL), ==, 0);
      return g_strdup (ref);
    }
  /* "Recorded REF (ID, draft) with …" */
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "application", "import", "--json", file, "--store", desk->path,
                                      "--as", "maria", NULL), ==, 0);
  words = g_strsplit (out, " ", 3);
  g_assert_cmpstr (words[0], ==, "Recorded");
  return g_strdup (words[1]);
}

/* What the case check says of the case's broker party at @desk: "" when it
 * passes, else the problem's number. */
static char *
broker_findings (LdTestDesk *desk,
                 const char *ref)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = ld_case_repo_read_broker_findings (desk->store, ref, &error);
  GString *said = g_string_new ("");

  g_assert_no_error (error);
  for (guint i = 0; i < findings->len; i++)
    g_string_append_printf (said, "%s%d", i ? "," : "", ((LdCaseBrokerFinding *) findings->pdata[i])->problem);
  return g_string_free (said, FALSE);
}

/* The authorisations `broker show --json` lists at @desk: their numbers,
 * each with "/" and its desk number when it has one. */
static char *
shown_authorisations (LdTestDesk *desk,
                      const char *broker_number)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) shown = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *list;
  GString *said = g_string_new ("");

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "broker", "show", broker_number, "--json", "--store", desk->path,
                                      NULL), ==, 0);
  shown = json_from_string (out, &error);
  g_assert_no_error (error);
  list = json_object_get_array_member (json_node_get_object (shown), "authorisations");
  for (guint i = 0; list && i < json_array_get_length (list); i++)
    {
      JsonObject *a = json_array_get_object_element (list, i);

      const char *kept = json_object_get_string_member_with_default (a, "desk_number", NULL);

      g_string_append_printf (said, "%s%s%s%s", i ? "," : "",
                              json_object_get_string_member_with_default (a, "number", "?"), kept ? "/" : "",
                              kept ? kept : "");
    }
  return g_string_free (said, FALSE);
}

/* How many audit entries of authorisation @id at @desk have an action like @pattern. */
static gint64
pulled_entries (LdTestDesk *desk,
                const char *pattern,
                const char *id)
{
  return ld_test_desk_count_with (desk, "SELECT count(*) FROM audit_log WHERE entity = 'broker_authorisation'"
                                  " AND action LIKE ?1 AND record_id = ?2", pattern, id, NULL);
}

/* A senior officer authorises a deal at desk A for a case recorded at desk
 * B: once both synced, B holds the authorisation with the server's BA
 * number, the broker's page there lists it, the case check passes at B as
 * at A (before the pull B found the number unknown), and A's own copy is
 * not rewritten by its echo. A desk that connects only now gets it in its
 * first copy. The audit log verifies at every desk. */
static void
test_authorisation_reaches_every_desk (void)
{
  g_autoptr(LdTestDesk) clerk = ld_test_desk_new_with_role (server, "clerk_t", LD_ROLE_CLERK, PASSWORD);
  g_autoptr(LdTestDesk) a = desk_made_with_admin ("senior_t", "senior");
  g_autoptr(LdTestDesk) b = desk_made_with_admin ("senior_u", "senior");
  g_autoptr(LdBrokerRecord) registered = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *broker = NULL, *from = day_from_now (0), *until = day_from_now (30);
  g_autofree char *ref = NULL, *id = NULL, *state_a = NULL, *state_b = NULL, *on_server = NULL;
  const char *row_sql = "SELECT json_array (number, broker_id, granted_by, granted_at, row_version, voided_at)"
                        " FROM broker_authorisation WHERE id = ?1";
  g_autofree char *before_pull = NULL, *at_a = NULL, *at_b = NULL, *shown_b = NULL, *row_a = NULL;
  g_autofree char *row_a_again = NULL, *unknown = NULL, *renumbered_shown = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *prefix = g_strdup_printf ("BA-%d-", g_date_time_get_year (now));
  g_auto(GStrv) number = NULL;
  gboolean pending = FALSE;

  broker = registered_broker (clerk, a, "Odesa Deal Brokers LLC", "UA-7370");
  registered = get_broker (a, broker);
  ld_test_desk_sync (b);

  /* The case at B names a number nobody granted yet: unknown there. */
  ref = broker_case (b, NULL, registered->registration_number, "BA-2000-00001");
  ld_test_desk_sync (b);
  ld_test_desk_sync (a);
  id = ld_broker_repo_authorise (a->store, a->actor, broker, "negotiating", "Rifles to Kenya", ref, from, until,
                                 &pending, &error);
  g_assert_no_error (error);
  g_assert_true (pending);
  ld_test_desk_sync (a);
  state_a = authorisation_state (a, id);
  number = g_strsplit (state_a, "|", 2);
  g_assert_true (g_str_has_prefix (number[0], "BA-"));
  g_assert_cmpstr (number[1], ==, "");
  on_server = authorisation_number_on_server (id);
  g_assert_cmpstr (on_server, ==, number[0]);
  row_a = ld_test_desk_text_with (a, row_sql, id, NULL);

  g_free (broker_case (b, ref, registered->registration_number, number[0]));
  before_pull = broker_findings (b, ref);
  unknown = g_strdup_printf ("%d", LD_CASE_BROKER_UNKNOWN_AUTHORISATION);
  g_assert_cmpstr (before_pull, ==, unknown);

  /* B pulls: the authorisation is there, numbered as at A and on the server. */
  ld_test_desk_sync (b);
  state_b = authorisation_state (b, id);
  g_assert_cmpstr (state_b, ==, state_a);
  /* Granted by the same officer at the same time, as every desk shows it. */
  {
    const char *grant_sql = "SELECT granted_by || ' ' || granted_at FROM broker_authorisation WHERE id = ?1";
    g_autofree char *grant_a = ld_test_desk_text_with (a, grant_sql, id, NULL);
    g_autofree char *grant_b = ld_test_desk_text_with (b, grant_sql, id, NULL);

    g_assert_true (g_str_has_prefix (grant_a, "senior_t "));
    g_assert_cmpstr (grant_b, ==, grant_a);
  }
  g_assert_cmpint (pulled_entries (b, "pull-authorise from senior_t at desk %", id), ==, 1);
  shown_b = shown_authorisations (b, registered->registration_number);
  g_assert_cmpstr (shown_b, ==, number[0]);
  g_assert_true (deal_allowed (b, broker, ref));
  at_b = broker_findings (b, ref);
  g_assert_cmpstr (at_b, ==, "");

  /* The same check at A, on the case as B amended it. */
  ld_test_desk_sync (b);
  ld_test_desk_sync (a);
  at_a = broker_findings (a, ref);
  g_assert_cmpstr (at_a, ==, at_b);
  /* A's own authorisation came back from the server unchanged. */
  row_a_again = ld_test_desk_text_with (a, row_sql, id, NULL);
  g_assert_cmpstr (row_a_again, ==, row_a);
  g_assert_cmpint (audit_count (a, "confirm-authorise", id), ==, 1);
  g_assert_cmpint (pulled_entries (a, "pull-%", id), ==, 0);

  ld_test_desk_assert_audit_verifies (a);
  ld_test_desk_assert_audit_verifies (b);

  /* A desk that connects only now: in its first copy. */
  {
    g_autoptr(LdTestDesk) c = desk_made_with_admin ("senior_v", "senior");
    g_autofree char *state_c = NULL, *shown_c = NULL, *at_c = NULL;
    LdSyncStats stats = ld_test_desk_sync (c);

    g_assert_cmpint (stats.bootstrapped, >=, 1);
    state_c = authorisation_state (c, id);
    g_assert_cmpstr (state_c, ==, state_a);
    g_assert_cmpint (pulled_entries (c, "pull-bootstrap from %", id), ==, 1);
    shown_c = shown_authorisations (c, registered->registration_number);
    g_assert_cmpstr (shown_c, ==, number[0]);
    at_c = broker_findings (c, ref);
    g_assert_cmpstr (at_c, ==, "");
    ld_test_desk_assert_audit_verifies (c);
  }

  /* An authorisation the server renumbered (printed at a desk before it
   * connected, with a number already another's there) arrives with its
   * server number and keeps the printed one as its desk number. Written on
   * the server as ld.apply_act() writes such a record. */
  {
    g_autoptr(PGconn) owner = ld_test_pg_connect_owner (server);
    g_autofree char *renumbered_id = g_uuid_string_random ();
    g_autofree char *server_number = g_strdup_printf ("%s09999", prefix);
    g_autofree char *printed = g_strdup_printf ("%s00001", prefix);
    g_autofree char *fields = g_strdup_printf ("{\"number\": \"%s\", \"desk_number\": \"%s\", \"broker_id\":"
                                               " \"%s\", \"activity\": \"transport\", \"description\": \"Freight"
                                               " to Kenya\", \"application_ref\": \"EXP-W1\", \"valid_from\": \"%s\","
                                               " \"valid_until\": \"%s\", \"status\": \"granted\","
                                               " \"authorise_by\": \"senior_w\"}", server_number, printed, broker,
                                               from, until);
    const char *values[2] = { renumbered_id, fields };
    g_autoptr(PGresult) written = PQexecParams (owner,
      "WITH r AS (INSERT INTO ld.record (entity, record_id, row_version, fields, updated_by)"
      " VALUES ('broker_authorisation', $1, 1, $2::jsonb, 'senior_w') RETURNING record_id)"
      " INSERT INTO ld.change_log (entity, record_id, row_version, action, fields, mutation_id, desk_id)"
      " SELECT 'broker_authorisation', record_id, 1, 'authorise', $2::jsonb, gen_random_uuid (), 'standalone-w'"
      " FROM r", 2, NULL, values, NULL, NULL, 0);
    g_autofree char *expected = NULL, *shown_renumbered = NULL, *kept = NULL;

    g_assert_cmpint (PQresultStatus (written), ==, PGRES_COMMAND_OK);
    ld_test_desk_sync (b);
    kept = ld_test_desk_text_with (b, "SELECT a.number || '/' || d.number FROM broker_authorisation a"
                                   " JOIN desk_number d ON d.entity = 'broker_authorisation' AND d.record_id = a.id"
                                   " WHERE a.id = ?1", renumbered_id, NULL);
    expected = g_strdup_printf ("%s/%s", server_number, printed);
    g_assert_cmpstr (kept, ==, expected);
    g_clear_pointer (&expected, g_free);
    expected = g_strdup_printf ("%s,%s/%s", number[0], server_number, printed);
    shown_renumbered = shown_authorisations (b, registered->registration_number);
    g_assert_cmpstr (shown_renumbered, ==, expected);
    ld_test_desk_assert_audit_verifies (b);
    renumbered_shown = g_strdup_printf ("%s/%s", server_number, printed);
  }

  /* A void the server holds (an edit of the record) reaches every desk,
   * the desk that granted it included: the deal no longer counts anywhere. */
  {
    g_autoptr(PGconn) owner = ld_test_pg_connect_owner (server);
    g_autofree char *base = ld_test_pg_query_text_with (owner, "SELECT fields::text FROM ld.record"
                                                        " WHERE entity = 'broker_authorisation' AND record_id = $1",
                                                        id, NULL);
    g_autofree char *voided = ld_test_pg_query_text_with (owner, "SELECT (fields || '{\"voided_at\":"
                                                          " \"2026-12-01T10:00:00Z\", \"voided_by\": \"senior_t\","
                                                          " \"void_reason\": \"The deal was called off.\"}')::text"
                                                          " FROM ld.record WHERE entity = 'broker_authorisation'"
                                                          " AND record_id = $1", id, NULL);
    const char *reason_sql = "SELECT void_reason FROM broker_authorisation WHERE id = ?1 AND voided_at IS NOT NULL";
    g_autofree char *reason_a = NULL, *reason_b = NULL, *void_b = NULL, *void_a = NULL, *shown_void = NULL;
    g_autofree char *not_in_force = g_strdup_printf ("%d", LD_CASE_BROKER_AUTHORISATION_NOT_IN_FORCE);

    g_free (ld_test_desk_write (a, "broker_authorisation", id, "void", base, voided));
    ld_test_desk_sync (a);
    g_assert_cmpint (ld_test_desk_count (a, "SELECT count(*) FROM outbox WHERE pushed_at IS NULL"), ==, 0);
    ld_test_desk_sync (a);
    ld_test_desk_sync (b);
    reason_a = ld_test_desk_text_with (a, reason_sql, id, NULL);
    reason_b = ld_test_desk_text_with (b, reason_sql, id, NULL);
    g_assert_cmpstr (reason_a, ==, "The deal was called off.");
    g_assert_cmpstr (reason_b, ==, reason_a);
    void_a = broker_findings (a, ref);
    void_b = broker_findings (b, ref);
    g_assert_cmpstr (void_b, ==, not_in_force);
    g_assert_cmpstr (void_a, ==, void_b);
    g_assert_false (deal_allowed (b, broker, ref));
    shown_void = shown_authorisations (b, registered->registration_number);
    g_assert_cmpstr (shown_void, ==, renumbered_shown);
    ld_test_desk_assert_audit_verifies (a);
    ld_test_desk_assert_audit_verifies (b);
  }
}

/* ---- numbers a desk gave before it ever connected ------------------------- */

static char *new_case_reference (LdTestDesk *desk);

/* Two desks that worked on their own each issued a licence with their own
 * first number before they ever connected: both printed the same number.
 * The first to connect keeps it, and the server reserves it in its series.
 * The second's licence reaches the server all the same: it takes the
 * series' next number there and keeps its printed number as its desk number
 * (a printed number never changes meaning), the officer sees a notice, not
 * a refusal, and the licence's later acts (a shipment) go through. Every
 * desk finds it by either number. A licence issued later on a synced desk
 * gets the next free number; a number claimed by a desk that already
 * pushed is refused. Runs first, on the server's empty series. */
static void
test_pre_connect_number_kept (void)
{
  g_autoptr(LdTestDesk) first = issuing_desk ("samir_p");
  g_autoptr(LdTestDesk) second = issuing_desk ("samir_q");
  g_autoptr(LdTestDesk) later = issuing_desk ("samir_r");
  g_autoptr(LdLicence) mine_first = NULL, mine_second = NULL, kept_first = NULL, kept_second = NULL;
  g_autoptr(LdLicence) pending = NULL, numbered = NULL, pulled = NULL, found = NULL;
  g_autoptr(LdActor) officer = NULL;
  g_autoptr(LdShipment) shipped = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autofree char *ref_first = NULL, *ref_second = NULL, *ref_later = NULL, *on_server = NULL, *reserved = NULL;
  g_autofree char *notice = NULL, *by_desk_number = NULL, *listed = NULL, *json = NULL;
  g_autofree char *refused = NULL, *late_id = g_uuid_string_random (), *late_image = NULL, *outcome = NULL;
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *expected = g_strdup_printf ("LIC/EX/%d/000001", g_date_time_get_year (now));
  g_autofree char *second_number = g_strdup_printf ("LIC/EX/%d/000002", g_date_time_get_year (now));
  g_autofree char *next = g_strdup_printf ("LIC/EX/%d/000003", g_date_time_get_year (now));
  LdShipmentQuantity q = { 1, 1 };
  LdShipmentInput in = { today, "CUS-PRINTED-0001", &q, 1, NULL };

  ref_first = approved_case (first);
  mine_first = issue (first, ref_first);
  /* Standalone desks number their case references from 000001 too, and a
   * desk holds one case per reference: the second desk's licence is on a
   * case of another reference here, so that the licence alone is tested. */
  g_free (new_case_reference (second));
  ref_second = approved_case (second);
  mine_second = issue (second, ref_second);
  g_assert_cmpstr (mine_first->number, ==, expected);
  g_assert_cmpstr (mine_second->number, ==, expected);

  ld_test_desk_sync (first);
  kept_first = load (first, mine_first->id);
  g_assert_cmpstr (kept_first->number, ==, expected);
  g_assert_null (kept_first->desk_number);
  on_server = server_number (mine_first->id);
  g_assert_cmpstr (on_server, ==, expected);
  {
    g_autoptr(PGconn) owner = ld_test_pg_connect_owner (server);

    reserved = ld_test_pg_query_text_with (owner, "SELECT ld.format_number (series, number) FROM ld.number_issued"
                                           " WHERE record_id = $1", mine_first->id, NULL);
  }
  g_assert_cmpstr (reserved, ==, expected);

  /* The second desk: its licence goes to the server, numbered anew. */
  ld_test_desk_sync (second);
  kept_second = load (second, mine_second->id);
  g_assert_cmpstr (kept_second->number, ==, second_number);
  g_assert_cmpstr (kept_second->desk_number, ==, expected);
  g_assert_cmpint (kept_second->number_state, ==, LD_LICENCE_NUMBER_FINAL);
  g_clear_pointer (&on_server, g_free);
  on_server = server_number (mine_second->id);
  g_assert_cmpstr (on_server, ==, second_number);
  {
    g_autoptr(PGconn) owner = ld_test_pg_connect_owner (server);

    by_desk_number = ld_test_pg_query_text_with (owner, "SELECT record_id FROM ld.record WHERE entity = 'licence'"
                                                 " AND fields->>'desk_number' = $1", expected, NULL);
  }
  g_assert_cmpstr (by_desk_number, ==, mine_second->id);
  /* (The case's steps, done at this desk by people whose logins the server
   * does not give those roles, are refused as before: not the licence.) */
  g_assert_cmpint (ld_test_desk_count (second, "SELECT count(*) FROM sync_conflict WHERE entity = 'licence'"
                                               " AND outcome <> 'notice'"), ==, 0);
  notice = ld_test_desk_text_with (second, "SELECT detail FROM sync_conflict WHERE entity = 'licence'"
                                   " AND record_id = ?1 AND outcome = 'notice' AND resolved_at IS NULL",
                                   mine_second->id, NULL);
  g_assert_nonnull (notice);
  g_assert_nonnull (strstr (notice, second_number));
  /* The desk's status counts it as a notice, not as a conflict awaiting a choice. */
  {
    LdSyncStatus status;

    g_assert_true (ld_sync_status_read (second->store, &status, &error));
    g_assert_cmpint (status.open_notices, ==, 1);
    g_assert_cmpint (status.open_conflicts, ==,
                     ld_test_desk_count (second, "SELECT count(*) FROM sync_conflict WHERE resolved_at IS NULL"
                                                 " AND outcome <> 'notice'"));
    ld_sync_status_clear (&status);
  }
  g_assert_cmpint (audit_count (second, "renumber-issue", mine_second->id), ==, 1);
  /* The licence's page names both numbers. */
  check_window_subtitle (second, mine_second->id, TRUE, second_number, expected, "licence-renumbered-by-server.png");
  /* Acknowledged, the notice closes; the licence stays as it is. */
  {
    g_autofree char *mutation = NULL, *resolution = NULL;

    mutation = ld_test_desk_text_with (second, "SELECT mutation_id FROM sync_conflict WHERE record_id = ?1",
                                       mine_second->id, NULL);
    g_assert_true (ld_sync_conflict_resolve (second->store, second->actor, mutation, NULL, &resolution, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (resolution, ==, "acknowledged");
  }
  g_assert_cmpint (ld_test_desk_count (second, "SELECT count(*) FROM sync_conflict WHERE entity = 'licence'"
                                               " AND resolved_at IS NULL"), ==, 0);

  /* Its later acts reach the server: a shipment under it. */
  officer = ld_user_repo_find (second->store, "maria", &error);
  g_assert_no_error (error);
  shipped = ld_licence_repo_ship (second->store, officer, second_number, &in, &error);
  g_assert_no_error (error);
  ld_test_desk_sync (second);
  outcome = ld_test_desk_text (second, "SELECT group_concat (DISTINCT push_outcome) FROM outbox"
                                       " WHERE entity = 'shipment'");
  g_assert_cmpstr (outcome, ==, "applied");
  g_assert_cmpint (ld_test_desk_count (second, "SELECT count(*) FROM outbox WHERE pushed_at IS NULL"), ==, 0);

  /* Every desk holds both licences and finds each by its printed number. */
  ld_test_desk_sync (first);
  pulled = load (first, mine_second->id);
  g_assert_cmpstr (pulled->number, ==, second_number);
  g_assert_cmpstr (pulled->desk_number, ==, expected);
  found = load (first, expected);
  g_assert_cmpstr (found->id, ==, mine_first->id);
  g_assert_cmpint (ld_test_run_admin (&listed, NULL, "list", "licences", "--search", expected, "--json", "--store",
                                      first->path, NULL), ==, 0);
  g_assert_nonnull (strstr (listed, second_number));
  g_assert_cmpint (ld_test_run_admin (&json, NULL, "licence", "show", second_number, "--json", "--store",
                                      first->path, NULL), ==, 0);
  {
    g_autoptr(JsonNode) shown = json_from_string (json, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (shown), "number"), ==, second_number);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (shown), "desk_number"), ==, expected);
  }

  ld_test_desk_sync (later);
  ref_later = approved_case (later);
  pending = issue (later, ref_later);
  g_assert_cmpint (pending->number_state, ==, LD_LICENCE_NUMBER_PENDING);
  ld_test_desk_sync (later);
  numbered = load (later, pending->id);
  g_assert_cmpstr (numbered->number, ==, next);

  /* A desk that already pushed claims a number of its own: refused. */
  late_image = g_strdup_printf ("{\"number\":\"LIC/EX/%d/000009\",\"kind\":\"export\"}", g_date_time_get_year (now));
  g_free (ld_test_desk_write (later, "licence", late_id, "issue", NULL, late_image));
  ld_test_desk_sync (later);
  refused = ld_test_desk_text_with (later, "SELECT detail FROM sync_conflict WHERE record_id = ?1"
                                    " AND outcome = 'refused'", late_id, NULL);
  g_assert_nonnull (refused);
  g_assert_nonnull (strstr (refused, "before it first connected"));

  assert_server_gapless ();
  ld_test_desk_assert_audit_verifies (first);
  ld_test_desk_assert_audit_verifies (second);
  ld_test_desk_assert_audit_verifies (later);
}

static char *
new_case_reference (LdTestDesk *desk)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdCase) c = ld_case_from_json (
    "{\"kind\":\"export\",\"route\":{\"origin\":\"SE\",\"export\":\"SE\",\"destination\":\"KE\"},"
    "\"parties\":[{\"role\":\"applicant\",\"type\":\"commercial\",\"name\":\"Nordvik Arms AB\",\"country\":\"SE\"}],"
    "\"items\":[{\"category\":\"rifles_carbines\",\"description\":\"Rifles 7.62 mm\",\"quantity\":3}]}", &error);
  /* The officer records cases; a desk without her profile, its own person. */
  g_autoptr(LdActor) officer = ld_user_repo_find (desk->store, "maria", NULL);
  g_autoptr(LdCaseRecord) r = NULL;

  g_assert_no_error (error);
  r = ld_case_repo_create (desk->store, officer ? officer : desk->actor, c, &error);
  g_assert_no_error (error);
  return g_strdup (r->reference);
}

/* Two synced desks recording cases, each on its own, never make the same
 * reference: each carries the desk's code from the server. A desk on its
 * own keeps the references it always made. */
static void
test_case_references_differ (void)
{
  g_autoptr(LdTestDesk) a = issuing_desk ("samir_e");
  g_autoptr(LdTestDesk) b = issuing_desk ("samir_f");
  g_autoptr(LdTestDesk) alone = ld_test_desk_new ("standalone", NULL, NULL);
  g_autofree char *before = new_case_reference (a);
  g_autofree char *ra = NULL, *rb = NULL, *again = NULL, *code_a = NULL, *code_b = NULL, *plain = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *year = g_strdup_printf ("EXP-%d-", g_date_time_get_year (now));

  ld_test_desk_sync (a);
  ld_test_desk_sync (b);
  code_a = ld_test_desk_text (a, "SELECT desk_code FROM sync_state");
  code_b = ld_test_desk_text (b, "SELECT desk_code FROM sync_state");
  g_assert_nonnull (code_a);
  g_assert_nonnull (code_b);
  g_assert_cmpstr (code_a, !=, code_b);
  ra = new_case_reference (a);
  rb = new_case_reference (b);
  again = new_case_reference (a);
  g_assert_cmpstr (ra, !=, rb);
  g_assert_cmpstr (ra, !=, again);
  g_assert_true (strstr (ra, code_a) != NULL);
  g_assert_true (strstr (rb, code_b) != NULL);
  g_assert_true (g_str_has_prefix (ra, year));
  /* The reference made before the desk synced stays as it was. */
  {
    g_assert_cmpint (ld_test_desk_count_with (a, "SELECT count(*) FROM application WHERE reference = ?1",
                                              before, NULL), ==, 1);
  }
  g_assert_false (strstr (before, code_a) != NULL);
  plain = new_case_reference (alone);
  g_assert_true (g_str_has_prefix (plain, year));
  g_assert_cmpuint (strlen (plain), ==, strlen (year) + 6);
}

/* A desk set up for a server before codes were given, not connected since,
 * made its references with "S" and six hex digits of its store: on its next
 * connection the server keeps that code as the desk's (free), so its
 * references stay its own. A second such desk whose code another desk holds
 * already is given a new "D" code instead. */
static char *
fallback_desk (LdTestDesk *desk)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = ld_test_pg_uri (server, desk->login, 0);
  sqlite3_stmt *stmt;
  char *code;

  /* The server was kept, the code was not: as such a desk's store holds it. */
  g_assert_true (ld_store_begin (desk->store, &error));
  stmt = ld_store_prepare (desk->store, "UPDATE sync_state SET server = ?, desk_code = NULL",
                           &error);
  g_assert_no_error (error);
  ld_store_bind_text (stmt, 1, uri);
  g_assert_true (ld_store_step_done (desk->store, stmt, &error));
  g_assert_true (ld_store_commit (desk->store, &error));
  g_assert_true (ld_store_begin_read (desk->store, &error));
  code = ld_pulled_desk_code (desk->store, &error);
  ld_store_rollback (desk->store);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (code, "S"));
  return code;
}

static void
test_fallback_code_kept_or_replaced (void)
{
  g_autoptr(LdTestDesk) kept = issuing_desk ("samir_s");
  g_autoptr(LdTestDesk) taken = issuing_desk ("samir_t");
  g_autofree char *fallback = fallback_desk (kept), *other_fallback = fallback_desk (taken);
  g_autofree char *before = new_case_reference (kept), *code = NULL, *replaced = NULL, *after = NULL;
  g_autofree char *on_server = NULL;

  g_assert_nonnull (strstr (before, fallback));
  ld_test_desk_sync (kept);
  code = ld_test_desk_text (kept, "SELECT desk_code FROM sync_state");
  g_assert_cmpstr (code, ==, fallback);
  {
    g_autoptr(PGconn) owner = ld_test_pg_connect_owner (server);
    g_autofree char *desk_id = NULL;

    g_assert_true (ld_store_begin_read (kept->store, NULL));
    desk_id = ld_store_get_store_id (kept->store, NULL);
    ld_store_rollback (kept->store);
    on_server = ld_test_pg_query_text_with (owner, "SELECT code FROM ld.desk WHERE desk_id = $1", desk_id, NULL);
    /* Another desk's fallback code taken before the second desk connects. */
    g_free (ld_test_pg_query_text_with (owner, "INSERT INTO ld.desk (desk_id, code) VALUES ('another-desk', $1)"
                                        " RETURNING code", other_fallback, NULL));
  }
  g_assert_cmpstr (on_server, ==, fallback);
  after = new_case_reference (kept);
  g_assert_nonnull (strstr (after, fallback));
  g_assert_cmpstr (after, !=, before);

  ld_test_desk_sync (taken);
  replaced = ld_test_desk_text (taken, "SELECT desk_code FROM sync_state");
  g_assert_nonnull (replaced);
  g_assert_cmpstr (replaced, !=, other_fallback);
  g_assert_true (g_str_has_prefix (replaced, "D"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  ld_ui_init ();
  ld_test_install_list (g_get_user_data_dir ());
  server = ld_test_pg_start ();
  ld_test_pg_install_schema (server);
  for (const char *const *login = (const char *const[]) { "samir_a", "samir_b", "samir_c", "samir_e", "samir_f",
                                                         "samir_i", NULL }; *login; login++)
    ld_test_pg_add_login (server, *login, PASSWORD, "ld_issuance");
  ld_test_pg_add_login (server, "clerk_g", PASSWORD, "ld_clerk");
  ld_test_pg_add_login (server, "senior_g", PASSWORD, "ld_senior");
  ld_test_pg_add_login (server, "clerk_h", PASSWORD, "ld_clerk");
  /* A senior officer at the desk, an officer only on the server. */
  ld_test_pg_add_login (server, "officer_h", PASSWORD, "ld_officer");
  /* Issues licences at the desk, but has no issuing role on the server. */
  ld_test_pg_add_login (server, "clerk_d", PASSWORD, "ld_clerk");
  for (const char * const *login = (const char *[]) { "samir_p", "samir_q", "samir_r", "samir_s", "samir_t", NULL };
       *login; login++)
    ld_test_pg_add_login (server, *login, PASSWORD, "ld_issuance");
  ld_test_pg_add_login (server, "clerk_k", PASSWORD, "ld_clerk");
  ld_test_pg_add_login (server, "senior_k", PASSWORD, "ld_senior");
  ld_test_pg_add_login (server, "senior_l", PASSWORD, "ld_senior");
  ld_test_pg_add_login (server, "clerk_m", PASSWORD, "ld_clerk");
  ld_test_pg_add_login (server, "senior_m", PASSWORD, "ld_senior");
  /* A senior officer at the desk, an officer only on the server. */
  ld_test_pg_add_login (server, "officer_m", PASSWORD, "ld_officer");
  ld_test_pg_add_login (server, "clerk_t", PASSWORD, "ld_clerk");
  for (const char * const *login = (const char *[]) { "senior_t", "senior_u", "senior_v", NULL }; *login; login++)
    ld_test_pg_add_login (server, *login, PASSWORD, "ld_senior");

  /* First: on the server's empty licence series. */
  g_test_add_func ("/pg/numbers/pre-connect-number-kept", test_pre_connect_number_kept);
  g_test_add_func ("/pg/numbers/pending-until-the-server-numbers", test_pending_until_the_server_numbers);
  g_test_add_func ("/pg/numbers/number-survives-a-stop-after-the-server-commit",
                   test_number_survives_a_stop_after_the_server_commit);
  g_test_add_func ("/pg/numbers/two-desks-issue-concurrently", test_two_desks_issue_concurrently);
  g_test_add_func ("/pg/numbers/refused-issue-stays-unprinted", test_refused_issue_stays_unprinted);
  g_test_add_func ("/pg/numbers/case-references-differ", test_case_references_differ);
  g_test_add_func ("/pg/numbers/fallback-code-kept-or-replaced", test_fallback_code_kept_or_replaced);
  g_test_add_func ("/pg/numbers/broker-registration-numbered-by-server",
                   test_broker_registration_numbered_by_server);
  g_test_add_func ("/pg/numbers/refused-registration-goes-back", test_refused_registration_goes_back);
  g_test_add_func ("/pg/numbers/authorisations-numbered-by-server", test_authorisations_numbered_by_server);
  g_test_add_func ("/pg/numbers/authorisation-reaches-every-desk", test_authorisation_reaches_every_desk);
  g_test_add_func ("/pg/numbers/refused-authorisation-counts-for-nothing",
                   test_refused_authorisation_counts_for_nothing);
  status = g_test_run ();
  ld_test_pg_free (server);
  return status;
}
