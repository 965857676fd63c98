/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The kept matcher: built once per version of the installed list file, built
 * again when an update replaces the file, and an error, not a stale matcher,
 * when the file is gone or broken. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "ld-matcher-cache.h"
#include "ld-sanctions-list.h"
#include "ld-test-util.h"

static char *
copy_real_list (const char *dir,
                const char *name)
{
  g_autofree char *source = ld_test_un_list_path ();
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  return path;
}

static void
test_kept_until_replaced (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ld-test-matcher-cache-XXXXXX", NULL);
  g_autofree char *installed = copy_real_list (dir, "consolidated.xml");
  g_autofree char *staged = NULL;
  g_autoptr(LdNameMatcher) first = NULL;
  g_autoptr(LdNameMatcher) again = NULL;
  g_autoptr(LdNameMatcher) replaced = NULL;
  g_autoptr(LdNameMatcher) broken = NULL;
  g_autoptr(GError) error = NULL;

  first = ld_matcher_cache_get (installed, &error);
  g_assert_no_error (error);
  again = ld_matcher_cache_get (installed, &error);
  g_assert_no_error (error);
  g_assert_true (first == again);

  /* An update writes a new file and renames it over the old one. */
  staged = copy_real_list (dir, "staged.xml");
  g_assert_cmpint (g_rename (staged, installed), ==, 0);
  replaced = ld_matcher_cache_get (installed, &error);
  g_assert_no_error (error);
  g_assert_true (replaced != first);

  /* A file that no longer parses is an error, never the matcher of before. */
  g_assert_true (g_file_set_contents (installed, "<CONSOLIDATED_LIST", -1, NULL));
  broken = ld_matcher_cache_get (installed, &error);
  g_assert_null (broken);
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_cmpint (g_unlink (installed), ==, 0);
  g_assert_null (ld_matcher_cache_get (installed, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  ld_matcher_cache_clear ();
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/screening/matcher-cache/kept-until-replaced", test_kept_until_replaced);
  return g_test_run ();
}
