/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The real UN list in the shared data folder (LD_SHARED_DATA_DIR), or NULL when absent. */
static inline char *
ld_test_real_list_path (void)
{
  const char *dir = g_getenv ("LD_SHARED_DATA_DIR");
  char *path;

  if (dir == NULL)
    dir = SOURCE_DIR "/../shared/data";
  path = g_build_filename (dir, "un-sc-consolidated-2026-02-27.xml", NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    g_clear_pointer (&path, g_free);
  return path;
}

static inline char *
ld_test_fixture_path (const char *name)
{
  return g_build_filename (SOURCE_DIR, "tests", "screening", "fixtures", name, NULL);
}

G_END_DECLS
