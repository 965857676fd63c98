/* SPDX-License-Identifier: GPL-3.0-or-later */
/* For the tests that screen: the real Consolidated List, installed where the
 * desk looks for it. */
#include "config.h"

#include "ld-list-updater.h"
#include "ld-test-list.h"

/**
 * ld_test_install_list:
 * @data_home: the test's own XDG_DATA_HOME, already set in the environment
 */
void
ld_test_install_list (const char *data_home)
{
  g_autoptr(LdListUpdater) updater = ld_list_updater_new (NULL);
  g_autofree char *installed = ld_list_updater_get_list_path (updater);
  g_autofree char *folder = g_path_get_dirname (installed);
  g_autofree char *source = g_build_filename (g_getenv ("LD_SHARED_DATA_DIR"), "un-sc-consolidated-2026-02-27.xml", NULL);
  g_autofree char *contents = NULL;
  gsize length;

  /* Never into a real desk's folder. */
  g_assert_true (g_str_has_prefix (installed, data_home));
  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (installed, contents, length, NULL));
}
