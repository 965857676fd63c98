/* SPDX-License-Identifier: GPL-3.0-or-later */
/* licence-desk-admin and the store it is pointed at: read commands never
 * create one, --create does, and a store that cannot be written is still
 * listed and verified. */
#include "config.h"

#include <fcntl.h>
#include <unistd.h>

#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

#include "ld-demo.h"
#include "ld-test-admin.h"
#include "ld-test-util.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("ld-test-admin-open-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->path = g_build_filename (f->dir, "store.sqlite", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  ld_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static void
assert_refused_naming (int         status,
                       const char *err,
                       const char *path,
                       const char *what)
{
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, path));
  g_assert_nonnull (strstr (err, what));
  g_assert_nonnull (strstr (err, "--create"));
}

static void
test_read_commands_never_create (Fixture       *f,
                                 gconstpointer  data)
{
  const char *commands[][3] = {
    { "audit", "verify", NULL },
    { "list", "brokers", NULL },
    { "user", "list", NULL },
    { "broker", "list", NULL },
    { "application", "list", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *err = NULL;
      int status = ld_test_run_admin (NULL, &err, commands[i][0], commands[i][1], "--store", f->path, NULL);

      assert_refused_naming (status, err, f->path, "There is no store");
      g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
    }
}

static void
test_empty_file_stays_empty (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *err = NULL;
  g_autofree char *contents = NULL;
  gsize length = 1;
  int status;

  g_assert_true (g_file_set_contents (f->path, "", 0, NULL));
  status = ld_test_run_admin (NULL, &err, "audit", "verify", "--store", f->path, NULL);
  assert_refused_naming (status, err, f->path, "empty file");
  g_clear_pointer (&err, g_free);
  status = ld_test_run_admin (NULL, &err, "list", "brokers", "--store", f->path, NULL);
  assert_refused_naming (status, err, f->path, "empty file");
  g_clear_pointer (&err, g_free);
  /* Adding a profile is a write, but it still makes no store unasked. */
  status = ld_test_run_admin (NULL, &err, "user", "add", "--store", f->path, "--login", "admin",
                              "--name", "Amina Diallo", "--role", "admin", NULL);
  assert_refused_naming (status, err, f->path, "empty file");
  g_assert_true (g_file_get_contents (f->path, &contents, &length, NULL));
  g_assert_cmpuint (length, ==, 0);
}

static void
test_create_is_explicit (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;

  g_assert_cmpint (ld_test_run_admin (NULL, &err, "user", "list", "--create", "--store", f->path, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--create"));
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "user", "add", "--create", "--store", f->path, "--login", "admin",
                                      "--name", "Amina Diallo", "--role", "admin", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "audit", "verify", "--store", f->path, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "intact"));
}

/* Runs licence-desk-admin without the power to write files it may not
 * write: as root, without the capabilities that override file permissions. */
static void
drop_file_override_cb (gpointer data)
{
  const char *credential_file = data;

  ld_test_drop_file_override ();
  /* The credential reaches --password-fd 3 the way a script gives it. */
  if (credential_file)
    {
      int fd = open (credential_file, O_RDONLY);

      if (fd >= 0 && fd != 3)
        {
          dup2 (fd, 3);
          close (fd);
        }
    }
}

/* Where run_admin_without_override() reads a credential from, or NULL. */
static const char *credential_file;

static int
run_admin_without_override (char       **out,
                            char       **err,
                            const char  *first,
                            ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("LD_ADMIN"));
  va_start (args, first);
  for (const char *arg = first; arg; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, drop_file_override_cb,
                               (gpointer) credential_file,
                               out, err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("stdout: %s\nstderr: %s", *out, *err);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* An auditor's copy carries the audit anchor beside it, as `backup` writes it:
 * without one, verify rightly cannot rule out a truncated log. */
static void
copy_anchor (const char *store,
             const char *copy)
{
  g_autofree char *from = g_strconcat (store, ".anchor", NULL);
  g_autofree char *to = g_strconcat (copy, ".anchor", NULL);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (to, contents, length, NULL));
}

/* An auditor's copy on read-only media: the file and its folder cannot be
 * written. It is listed and verified, says it is read-only, and refuses a
 * change. */
static void
test_read_only_store_listed_and_verified (Fixture       *f,
                                          gconstpointer  data)
{
  g_autofree char *credential_path = NULL;
  g_autofree char *copy_dir = g_build_filename (f->dir, "media", NULL);
  g_autofree char *copy = g_build_filename (copy_dir, "store.sqlite", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize length;

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "demo", "--create", "--store", f->path, "--scale", "20", "--quiet",
                                      NULL), ==, 0);
  /* Once no program has it open, the store is this one file: the copy is complete. */
  g_assert_cmpint (g_mkdir (copy_dir, 0700), ==, 0);
  g_assert_true (g_file_get_contents (f->path, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (copy, contents, length, NULL));
  copy_anchor (f->path, copy);
  g_assert_cmpint (g_chmod (copy, 0444), ==, 0);
  g_assert_cmpint (g_chmod (copy_dir, 0555), ==, 0);
  before = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);

  g_assert_cmpint (run_admin_without_override (&out, &err, "audit", "verify", "--store", copy, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "intact"));
  g_assert_nonnull (strstr (err, "read-only"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_admin_without_override (&out, &err, "list", "brokers", "--store", copy, "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"rows\""));
  g_assert_nonnull (strstr (err, "read-only"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  credential_path = g_build_filename (f->dir, "credential", NULL);
  g_assert_true (g_file_set_contents (credential_path, LD_DEMO_CREDENTIAL "\n", -1, NULL));
  credential_file = credential_path;
  g_assert_cmpint (run_admin_without_override (&out, &err, "user", "add", "--store", copy, "--as", "demo.admin",
                                               "--password-fd", "3", "--new-password-fd", "3", "--login", "x",
                                               "--name", "X", "--person", "P-X", "--role", "clerk", NULL), ==, 1);
  credential_file = NULL;
  g_assert_nonnull (strstr (err, "nothing can be changed"));

  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (copy, &contents, &length, NULL));
  after = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
  g_assert_cmpstr (before, ==, after);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/admin/open/read-commands-never-create", test_read_commands_never_create);
  ADD ("/admin/open/empty-file-stays-empty", test_empty_file_stays_empty);
  ADD ("/admin/open/create-is-explicit", test_create_is_explicit);
  ADD ("/admin/open/read-only-store", test_read_only_store_listed_and_verified);
#undef ADD

  return g_test_run ();
}
