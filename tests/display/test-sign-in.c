/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Who is at the desk: the sign-in dialog and the window around it, on a real
 * store under Xvfb. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <adwaita.h>

#include "ld-demo.h"
#include "ld-test-display.h"
#include "ld-profile-dialog.h"
#include "ld-reset-credential-dialog.h"
#include "ld-ui.h"
#include "ld-user-repo.h"
#include "ld-window.h"

typedef struct
{
  char      *dir;
  LdStore   *store;
  GPtrArray *users;
  LdActor   *chosen;
  guint      n_chosen;
} Fixture;

static gboolean
dialog_idle (gpointer data)
{
  return !ld_profile_dialog_is_busy (data);
}

static gboolean
widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static gboolean
widget_unmapped (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(LdActor) admin = NULL;

  f->dir = g_dir_make_tmp ("ld-test-sign-in-XXXXXX", NULL);
  path = g_build_filename (f->dir, "store.sqlite", NULL);
  f->store = ld_store_open (path, &error);
  g_assert_no_error (error);
  if (data == NULL)
    {
      admin = ld_demo_ensure_profiles (f->store, &error);
      g_assert_no_error (error);
    }
  f->users = ld_user_repo_list (f->store, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_clear_pointer (&f->chosen, ld_actor_free);
  g_clear_pointer (&f->users, g_ptr_array_unref);
  g_clear_object (&f->store);
  g_assert_cmpint (system (command), ==, 0);
  g_free (f->dir);
}

static void
chosen_cb (LdProfileDialog *dialog,
           LdActor         *actor,
           Fixture         *f)
{
  g_clear_pointer (&f->chosen, ld_actor_free);
  f->chosen = ld_actor_copy (actor);
  f->n_chosen++;
}

static LdProfileDialog *
open_dialog (Fixture *f)
{
  LdProfileDialog *dialog = ld_profile_dialog_new (NULL, f->store, f->users);

  g_signal_connect (dialog, "profile-chosen", G_CALLBACK (chosen_cb), f);
  gtk_window_present (GTK_WINDOW (dialog));
  ld_test_spin_until (widget_mapped, dialog);
  return dialog;
}

/* A wrong credential is refused next to the field and signs nobody in; the
 * right one signs the person in and closes the dialog. */
static void
test_wrong_then_right (Fixture       *f,
                       gconstpointer  data)
{
  LdProfileDialog *dialog = open_dialog (f);
  g_autoptr(GtkWidget) keep = g_object_ref (GTK_WIDGET (dialog));

  ld_profile_dialog_sign_in (dialog, "demo.officer", "not-the-credential");
  ld_test_spin_until (dialog_idle, dialog);
  g_assert_cmpuint (f->n_chosen, ==, 0);
  g_assert_nonnull (ld_profile_dialog_get_error (dialog));
  g_assert_nonnull (strstr (ld_profile_dialog_get_error (dialog), "not the credential of “demo.officer”"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));

  ld_profile_dialog_sign_in (dialog, "demo.officer", "");
  g_assert_nonnull (strstr (ld_profile_dialog_get_error (dialog), "Type your credential"));

  ld_profile_dialog_sign_in (dialog, "demo.officer", LD_DEMO_CREDENTIAL);
  ld_test_spin_until (dialog_idle, dialog);
  g_assert_cmpuint (f->n_chosen, ==, 1);
  g_assert_cmpstr (f->chosen->login, ==, "demo.officer");
  g_assert_cmpstr (f->chosen->person_id, ==, "DEMO0003");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
}

/* Five wrong credentials lock the profile; the dialog says until when, and
 * the right credential is then refused too. */
static void
test_lockout_shown (Fixture       *f,
                    gconstpointer  data)
{
  LdProfileDialog *dialog = open_dialog (f);
  g_autoptr(GtkWidget) keep = g_object_ref (GTK_WIDGET (dialog));

  for (guint i = 0; i < LD_USER_MAX_FAILED_ATTEMPTS; i++)
    {
      ld_profile_dialog_sign_in (dialog, "demo.senior", "guess-guess");
      ld_test_spin_until (dialog_idle, dialog);
    }
  g_assert_nonnull (strstr (ld_profile_dialog_get_error (dialog), "is locked after 5 wrong credentials"));
  g_assert_nonnull (strstr (ld_profile_dialog_get_error (dialog), "until "));
  ld_profile_dialog_sign_in (dialog, "demo.senior", LD_DEMO_CREDENTIAL);
  ld_test_spin_until (dialog_idle, dialog);
  g_assert_cmpuint (f->n_chosen, ==, 0);
  g_assert_nonnull (strstr (ld_profile_dialog_get_error (dialog), "is locked"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A new store: the dialog creates its first administrator with a credential,
 * who can then sign in with it. */
static void
test_first_administrator (Fixture       *f,
                          gconstpointer  data)
{
  LdProfileDialog *dialog = open_dialog (f);
  g_autoptr(GtkWidget) keep = g_object_ref (GTK_WIDGET (dialog));
  g_autoptr(LdActor) signed_in = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (f->users->len, ==, 0);
  g_assert_true (ld_profile_dialog_create_first (dialog, "Amina Diallo", "P-100", "first-credential",
                                                 "other-credential"));
  g_assert_nonnull (strstr (ld_profile_dialog_get_error (dialog), "differ"));
  g_assert_true (ld_profile_dialog_create_first (dialog, "Amina Diallo", "P-100", "short", "short"));
  ld_test_spin_until (dialog_idle, dialog);
  g_assert_nonnull (strstr (ld_profile_dialog_get_error (dialog), "too short"));
  g_assert_cmpuint (f->n_chosen, ==, 0);
  g_assert_true (ld_profile_dialog_create_first (dialog, "Amina Diallo", "P-100", "first-credential",
                                                 "first-credential"));
  ld_test_spin_until (dialog_idle, dialog);
  g_assert_cmpuint (f->n_chosen, ==, 1);
  g_assert_cmpstr (f->chosen->login, ==, "amina.diallo");
  g_assert_cmpint (f->chosen->role, ==, LD_ROLE_ADMINISTRATOR);
  signed_in = ld_user_repo_sign_in (f->store, "amina.diallo", "first-credential", &error);
  g_assert_no_error (error);
  g_assert_nonnull (signed_in);
}

/* The window shows the registers to the person signed in only. */
static void
test_window_hidden_until_signed_in (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  LdWindow *window = ld_window_new (NULL, settings);
  GtkWidget *brokers;

  gtk_window_present (GTK_WINDOW (window));
  ld_window_set_store (window, f->store);
  ld_window_select_section (window, "brokers");
  brokers = ld_window_get_page (window, "brokers");
  ld_test_spin_until (widget_mapped, window);
  ld_window_set_actor (window, NULL);
  ld_test_spin_until (widget_unmapped, brokers);
  ld_window_set_actor (window, g_ptr_array_index (f->users, 0));
  ld_test_spin_until (widget_mapped, brokers);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
reset_idle (gpointer data)
{
  return !ld_reset_credential_dialog_is_busy (data);
}

static void
reset_cb (LdResetCredentialDialog *dialog,
          const char              *login,
          Fixture                 *f)
{
  f->n_chosen++;
}

/* An administrator resets a locked profile's credential in the window; an
 * officer may not. */
static void
test_administrator_resets (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(LdActor) admin = ld_user_repo_find (f->store, "demo.admin", NULL);
  g_autoptr(LdActor) officer = ld_user_repo_find (f->store, "demo.officer", NULL);
  g_autoptr(LdActor) signed_in = NULL;
  g_autoptr(GError) error = NULL;
  LdResetCredentialDialog *dialog;
  g_autoptr(GtkWidget) keep = NULL;

  for (guint i = 0; i < LD_USER_MAX_FAILED_ATTEMPTS; i++)
    g_assert_null (ld_user_repo_sign_in (f->store, "demo.senior", "guess-guess", NULL));

  dialog = ld_reset_credential_dialog_new (NULL, f->store, officer, f->users);
  gtk_window_present (GTK_WINDOW (dialog));
  ld_reset_credential_dialog_reset (dialog, "demo.senior", "fresh-credential", "fresh-credential");
  ld_test_spin_until (reset_idle, dialog);
  g_assert_nonnull (strstr (ld_reset_credential_dialog_get_error (dialog), "may not manage user profiles"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  dialog = ld_reset_credential_dialog_new (NULL, f->store, admin, f->users);
  keep = g_object_ref (GTK_WIDGET (dialog));
  g_signal_connect (dialog, "reset", G_CALLBACK (reset_cb), f);
  gtk_window_present (GTK_WINDOW (dialog));
  ld_reset_credential_dialog_reset (dialog, "demo.senior", "fresh-credential", "fresh-credentail");
  g_assert_nonnull (strstr (ld_reset_credential_dialog_get_error (dialog), "differ"));
  ld_reset_credential_dialog_reset (dialog, "demo.senior", "fresh-credential", "fresh-credential");
  ld_test_spin_until (reset_idle, dialog);
  g_assert_cmpuint (f->n_chosen, ==, 1);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  signed_in = ld_user_repo_sign_in (f->store, "demo.senior", "fresh-credential", &error);
  g_assert_no_error (error);
  g_assert_nonnull (signed_in);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  adw_init ();
  ld_ui_init ();

  g_test_add ("/sign-in/wrong-then-right", Fixture, NULL, fixture_setup, test_wrong_then_right, fixture_teardown);
  g_test_add ("/sign-in/lockout", Fixture, NULL, fixture_setup, test_lockout_shown, fixture_teardown);
  g_test_add ("/sign-in/first-administrator", Fixture, "empty", fixture_setup, test_first_administrator,
              fixture_teardown);
  g_test_add ("/sign-in/administrator-resets", Fixture, NULL, fixture_setup, test_administrator_resets,
              fixture_teardown);
  g_test_add ("/sign-in/window-hidden", Fixture, NULL, fixture_setup, test_window_hidden_until_signed_in,
              fixture_teardown);
  return g_test_run ();
}
