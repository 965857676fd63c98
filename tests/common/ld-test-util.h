/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every suite's tests share: their own folders removed without a shell,
 * and the test data the repository carries under tests/data. Header-only, so
 * that any test program can include it (tests/common is on every test's path). */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>

G_BEGIN_DECLS

/**
 * ld_test_remove_tree:
 * @path: a test's own temporary folder or file
 *
 * Removes @path and everything under it. Symbolic links are removed, never
 * followed, so a test cannot reach outside its folder.
 */
static inline void
ld_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK) && g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      /* A test may have left a folder read-only to try a read-only store. */
      g_chmod (path, 0700);
      dir = g_dir_open (path, 0, NULL);
      while (dir && (name = g_dir_read_name (dir)))
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          ld_test_remove_tree (child);
        }
      g_rmdir (path);
      return;
    }
  g_unlink (path);
}

/**
 * ld_test_data_path:
 * @name: a file under tests/data
 *
 * Returns: (transfer full): its path; the test fails when it is missing, since
 *   a test that skips for want of its data proves nothing
 */
static inline char *
ld_test_data_path (const char *name)
{
  char *path = g_build_filename (SOURCE_DIR, "tests", "data", name, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    g_error ("The test data %s is missing: it is part of the repository (tests/data).", path);
  return path;
}

/**
 * ld_test_un_list_path:
 *
 * Returns: (transfer full): the copy of the UN Security Council Consolidated
 *   List the tests use (see tests/data/un-sc-consolidated-2026-02-27.xml.source)
 */
static inline char *
ld_test_un_list_path (void)
{
  return ld_test_data_path ("un-sc-consolidated-2026-02-27.xml");
}

/**
 * ld_test_drop_file_override:
 *
 * Makes this process, and what it starts, obey file permissions even when it
 * runs as root: without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH a file or
 * folder without write permission really cannot be written. Call it in a
 * test's subprocess or a spawned child's setup; it cannot be undone.
 */
static inline void
ld_test_drop_file_override (void)
{
  struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct caps[2] = { { 0 } };
  const guint32 override = (1u << CAP_DAC_OVERRIDE) | (1u << CAP_DAC_READ_SEARCH);

  /* Out of the bounding set: a program it starts does not get them back. */
  prctl (PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, 0, 0, 0);
  prctl (PR_CAPBSET_DROP, CAP_DAC_READ_SEARCH, 0, 0, 0);
  if (syscall (SYS_capget, &header, caps) != 0)
    return;
  caps[0].effective &= ~override;
  caps[0].permitted &= ~override;
  caps[0].inheritable &= ~override;
  syscall (SYS_capset, &header, caps);
}

G_END_DECLS
