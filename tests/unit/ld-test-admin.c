/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Runs the real licence-desk-admin ($LD_ADMIN) as an administrator would. */
#include "config.h"

#include <stdarg.h>
#include <sys/wait.h>

#include "ld-test-admin.h"

/**
 * ld_test_run_admin:
 * @out: (out) (optional): what it printed on standard output
 * @err: (out) (optional): what it printed on standard error
 *
 * Returns: the exit code, or -1 if it did not exit normally
 */
int
ld_test_run_admin (char       **out,
                   char       **err,
                   const char  *first,
                   ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  int status;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("LD_ADMIN"));
  va_start (args, first);
  for (const char *arg = first; arg; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &stdout_text, &stderr_text, &status, &error));
  g_assert_no_error (error);
  g_test_message ("stdout: %s\nstderr: %s", stdout_text, stderr_text);
  if (out)
    *out = g_steal_pointer (&stdout_text);
  if (err)
    *err = g_steal_pointer (&stderr_text);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}
