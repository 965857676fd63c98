/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The draft-file helper the case form and the broker window keep typed input in. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ld-draft-file.h"
#include "ld-test-util.h"

static void
wait_idle (LdDraftFile *draft)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!ld_draft_file_is_idle (draft) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (ld_draft_file_is_idle (draft));
}

static GKeyFile *
form_with (const char *name)
{
  GKeyFile *keys = g_key_file_new ();

  g_key_file_set_string (keys, "form", "name", name);
  return keys;
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GKeyFile **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = ld_draft_file_load_finish (LD_DRAFT_FILE (source), result, &error);
  if (*out == NULL)
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
      *out = g_key_file_new ();
    }
}

static GKeyFile *
load (LdDraftFile *draft)
{
  GKeyFile *keys = NULL;

  ld_draft_file_load_async (draft, NULL, loaded_cb, &keys);
  while (keys == NULL)
    g_main_context_iteration (NULL, TRUE);
  return keys;
}

/* Saves in a row keep the newest; the folder is made; only the owner reads it;
 * a discard removes it, and a save after the discard comes back. */
static void
test_saves_in_order (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ld-test-draft-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "deeper", "form.ini", NULL);
  g_autoptr(LdDraftFile) draft = ld_draft_file_new_for_path (path);
  g_autoptr(GKeyFile) empty = load (draft);
  g_autoptr(GKeyFile) back = NULL;
  g_autofree char *name = NULL;
  GStatBuf st;

  g_assert_false (g_key_file_has_group (empty, "form"));
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *text = g_strdup_printf ("Nordvik %u", i);
      g_autoptr(GKeyFile) keys = form_with (text);

      ld_draft_file_save (draft, keys);
    }
  wait_idle (draft);
  back = load (draft);
  name = g_key_file_get_string (back, "form", "name", NULL);
  g_assert_cmpstr (name, ==, "Nordvik 49");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);

  {
    g_autoptr(GKeyFile) keys = form_with ("late");

    ld_draft_file_save (draft, keys);
    ld_draft_file_discard (draft);
  }
  wait_idle (draft);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  ld_test_remove_tree (dir);
}

/* The last save asked for reaches the disk after the form let go of the helper. */
static void
test_last_save_survives_owner (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ld-test-draft-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "form.ini", NULL);
  LdDraftFile *draft = ld_draft_file_new_for_path (path);
  g_autoptr(GKeyFile) keys = form_with ("Sahel Freight");
  GWeakRef ref;
  g_autofree char *text = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_weak_ref_init (&ref, draft);
  ld_draft_file_save (draft, keys);
  g_object_unref (draft);
  for (;;)
    {
      LdDraftFile *alive = g_weak_ref_get (&ref);

      if (alive == NULL)
        break;
      g_object_unref (alive);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "Sahel Freight"));
  g_weak_ref_clear (&ref);
  ld_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/draft-file/saves-in-order", test_saves_in_order);
  g_test_add_func ("/draft-file/last-save-survives-owner", test_last_save_survives_owner);
  return g_test_run ();
}
