/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The licence page names the officer who issued the licence as the printed
 * licence does, by name (issue 12): "Issued on … by Samir Haddad", not by the
 * login "samir". The case is prepared and issued through licence-desk-admin,
 * as officers would; the page is the real window under Xvfb. */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "ld-licence-window.h"
#include "ld-test-admin.h"
#include "ld-test-checklist.h"
#include "ld-test-display.h"
#include "ld-test-list.h"
#include "ld-test-util.h"
#include "ld-ui.h"
#include "ld-user-repo.h"

typedef struct
{
  char      *dir;
  char      *store_path;
  LdStore   *store;
  GtkWidget *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char *people[][3] = {
    { "admin", "Amina Diallo", "admin" }, { "maria", "María Fernández", "officer" },
    { "olena", "Olena Kovalenko", "senior" }, { "samir", "Samir Haddad", "issuance" },
  };

  ld_test_install_list (g_get_user_data_dir ());
  f->dir = g_dir_make_tmp ("ld-test-licence-issuer-XXXXXX", NULL);
  f->store_path = g_build_filename (f->dir, "store.sqlite", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    g_assert_cmpint (ld_test_run_admin (NULL, NULL, "user", "add", "--store", f->store_path, "--login", people[i][0],
                                        "--name", people[i][1], "--role", people[i][2], i ? "--as" : "--create",
                                        i ? "admin" : NULL, NULL), ==, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->window)
    gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->store);
  ld_test_remove_tree (f->dir);
  g_free (f->store_path);
  g_free (f->dir);
}

/* A clean case, assessed, recommended, approved and issued by the issuance
 * desk (Samir Haddad); returns the licence number. */
static char *
issued_licence (Fixture *f)
{
  g_autofree char *file = g_build_filename (f->dir, "case.json", NULL);
  g_autofree char *key = g_build_filename (f->dir, "signing.key", NULL);
  g_autofree char *ref = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *json =
    "{\"kind\":\"export\",\"route\":{\"origin\":\"SE\",\"export\":\"SE\",\"destination\":\"KE\"},"
    "\"end_use\":\"Police service weapons\",\"euc_reference\":\"EUC/9\","
    "\"parties\":[{\"role\":\"applicant\",\"type\":\"commercial\",\"name\":\"Nordvik Arms AB\",\"country\":\"SE\"},"
    "{\"role\":\"end_user\",\"type\":\"police\",\"name\":\"Kenya Police Service\",\"country\":\"KE\"}],"
    "\"items\":[{\"category\":\"rifles_carbines\",\"description\":\"Rifles\",\"quantity\":4,"
    "\"unit_value\":\"900.00\",\"currency\":\"EUR\",\"serials\":[\"NV-0101\"]}]}";
  const char *number;

  g_assert_true (g_file_set_contents (file, json, -1, NULL));
  ref = ld_test_submit_case (f->store_path, file, NULL);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "assess", ref, "--store", f->store_path, "--as",
                                      "maria", NULL), ==, 0);
  g_free (ld_test_checklist_complete (f->store_path, ref, "maria"));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "recommend", ref, "--decision", "approval",
                                      "--rationale", "No risk found", "--store", f->store_path, "--as", "maria",
                                      NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "approve", ref, "--rationale", "Countersigned",
                                      "--store", f->store_path, "--as", "olena", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "signing-key", "generate", "--key-file", key, NULL), ==, 0);
  if (ld_test_run_admin (&out, &err, "licence", "issue", ref, "--key-file", key, "--store", f->store_path, "--as",
                         "samir", NULL) != 0)
    g_error ("licence issue: %s", err);
  /* "Issued licence LIC/EX/2026/000001 for application …" */
  number = strstr (out, "Issued licence ");
  g_assert_nonnull (number);
  number += strlen ("Issued licence ");
  return g_strndup (number, strcspn (number, " \n"));
}

static gboolean
idle (gpointer window)
{
  return !ld_licence_window_is_busy (window) &&
         (ld_licence_window_get_licence (window) != NULL || ld_licence_window_get_message (window) != NULL);
}

static gboolean
laid_out (gpointer widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

/* The text of the first label under @root that contains @needle, or NULL. */
static const char *
label_with (GtkWidget  *root,
            const char *needle)
{
  if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), needle))
    return gtk_label_get_text (GTK_LABEL (root));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      const char *found = label_with (child, needle);

      if (found)
        return found;
    }
  return NULL;
}

static void
test_issuer_by_name (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *number = issued_licence (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdActor) senior = NULL;
  LdLicenceWindow *window;
  const char *origin;
  const char *history;
  gint64 settle;

  f->store = ld_store_open (f->store_path, &error);
  g_assert_no_error (error);
  senior = ld_user_repo_find (f->store, "olena", &error);
  g_assert_no_error (error);
  window = ld_licence_window_new (NULL, f->store, senior, number);
  f->window = GTK_WIDGET (window);
  gtk_window_present (GTK_WINDOW (window));
  ld_test_spin_until (idle, window);
  g_assert_null (ld_licence_window_get_message (window));
  g_assert_nonnull (ld_licence_window_get_licence (window));
  g_assert_cmpstr (ld_licence_window_get_licence (window)->issued_by, ==, "samir");
  g_assert_cmpstr (ld_licence_window_get_licence (window)->issued_by_name, ==, "Samir Haddad");
  origin = label_with (f->window, "Issued on");
  g_assert_nonnull (origin);
  g_assert_nonnull (strstr (origin, " by Samir Haddad from application "));
  g_assert_null (strstr (origin, "by samir"));
  /* The history names people the same way. */
  history = label_with (f->window, "issue → issued");
  g_assert_nonnull (history);
  g_assert_nonnull (strstr (history, "· Samir Haddad (issuance)"));
  g_assert_null (strstr (history, "samir (issuance)"));

  ld_test_spin_until (laid_out, f->window);
  settle = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  while (g_get_monotonic_time () < settle)
    g_main_context_iteration (NULL, FALSE);
  ld_test_save_screenshot (f->window, "licence-issuer.png");
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  adw_init ();
  ld_ui_init ();
  g_test_add ("/licence-window/issuer-by-name", Fixture, NULL, fixture_set_up, test_issuer_by_name,
              fixture_tear_down);
  return g_test_run ();
}
