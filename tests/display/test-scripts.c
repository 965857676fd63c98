/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Names in every script the registers hold show as letters in the lists, not
 * as empty boxes: the fonts build-aux/install-deps.sh installs cover them. */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "ld-broker-repo.h"
#include "ld-record-page.h"
#include "ld-test-display.h"
#include "ld-test-util.h"
#include "ld-ui.h"
#include "ld-user-repo.h"
#include "ld-window.h"

static const struct
{
  const char *script;
  const char *name;
} names[] = {
  { "Chinese", "华北安防器材有限公司" },
  { "Arabic", "شركة النور للتجارة العامة" },
  { "Cyrillic", "Арсенал Северный ООО" },
  { "Greek", "Ελληνικά Αμυντικά Συστήματα ΑΕ" },
};

static GtkLabel *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return GTK_LABEL (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, text);

      if (found)
        return found;
    }
  return NULL;
}

typedef struct
{
  LdWindow   *window;
  const char *text;
} LabelSearch;

static gboolean
label_on_screen (gpointer data)
{
  LabelSearch *search = data;
  GtkLabel *label;

  g_main_context_iteration (NULL, FALSE);
  label = find_label (GTK_WIDGET (search->window), search->text);
  return label != NULL && gtk_widget_get_mapped (GTK_WIDGET (label));
}

/* Glyphs pango could not find in any installed font: each is drawn as a box. */
static int
missing_glyphs (GtkLabel *label)
{
  return pango_layout_get_unknown_glyphs_count (gtk_label_get_layout (label));
}

static LdBrokerDraft *
make_draft (const char *name,
            guint       i)
{
  LdBrokerDraft *d = ld_broker_draft_new ();

  d->legal_name = g_strdup (name);
  d->country = g_strdup ("AE");
  d->tax_number = g_strdup_printf ("SCRIPT-%u", i);
  d->registered_address = g_strdup ("1 Corniche Road, Abu Dhabi");
  d->records_address = g_strdup ("1 Corniche Road, Abu Dhabi");
  d->activities = g_strdup ("negotiating");
  return d;
}

static void
test_names_in_every_script_have_glyphs (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ld-test-scripts-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "store.sqlite", NULL);
  g_autoptr(LdStore) store = ld_store_open_full (path, LD_STORE_OPEN_CREATE, &error);
  g_autoptr(LdActor) admin = ld_user_repo_add (store, NULL, "admin", "Amina Diallo", LD_ROLE_ADMINISTRATOR, &error);
  g_autoptr(LdActor) clerk = ld_user_repo_add (store, admin, "clerk", "Jonas Berg", LD_ROLE_CLERK, &error);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *unknown = gtk_label_new ("\xee\x80\x80\xee\x80\x81"); /* U+E000, U+E001: private use, no font has them */
  LdWindow *window;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(LdBrokerDraft) draft = make_draft (names[i].name, i);
      g_autofree char *id = ld_broker_repo_create (store, clerk, draft, FALSE, &error);

      g_assert_no_error (error);
    }

  window = ld_window_new (NULL, settings);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 600);
  gtk_window_present (GTK_WINDOW (window));
  ld_window_set_store (window, store);
  ld_window_set_actor (window, clerk);
  ld_window_select_section (window, "brokers");

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      LabelSearch search = { window, names[i].name };
      GtkLabel *label;

      ld_test_spin_until (label_on_screen, &search);
      label = find_label (GTK_WIDGET (window), names[i].name);
      g_test_message ("%s: %d missing glyphs", names[i].script, missing_glyphs (label));
      g_assert_cmpint (missing_glyphs (label), ==, 0);
    }
  ld_test_save_screenshot (GTK_WIDGET (window), "scripts-in-broker-list.png");

  /* The count does see boxes: characters no font has are counted. */
  gtk_window_set_child (GTK_WINDOW (gtk_window_new ()), unknown);
  g_assert_cmpint (missing_glyphs (GTK_LABEL (unknown)), >, 0);

  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (unknown)));
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&store);
  ld_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  adw_init ();
  ld_ui_init ();

  g_test_add_func ("/display/scripts/names-have-glyphs", test_names_in_every_script_have_glyphs);

  return g_test_run ();
}
