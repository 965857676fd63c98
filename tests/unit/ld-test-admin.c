/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Runs the real licence-desk-admin ($LD_ADMIN) as an administrator would,
 * giving credentials the way a script does: through pipes named with
 * --password-fd and --new-password-fd, never as arguments. */
#include "config.h"

#include <stdarg.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <gio/gio.h>

#include "ld-test-admin.h"

/* LD_DEMO_CREDENTIAL of src/store/ld-demo.h, which tests of the core alone
 * cannot include. */
#define DEMO_CREDENTIAL "demo-desk-2026"

/* The descriptors the credentials arrive on in licence-desk-admin. */
#define CREDENTIAL_FD      3
#define NEW_CREDENTIAL_FD  4

static gboolean
has_arg (const char * const *args,
         const char         *wanted)
{
  for (guint i = 0; args[i]; i++)
    if (g_str_equal (args[i], wanted))
      return TRUE;
  return FALSE;
}

static const char *
arg_value (const char * const *args,
           const char         *option)
{
  for (guint i = 0; args[i] && args[i + 1]; i++)
    if (g_str_equal (args[i], option))
      return args[i + 1];
  return NULL;
}

/* A pipe already holding @text, its read end handed to the child as @target_fd. */
static void
give_through_pipe (GSubprocessLauncher *launcher,
                   const char          *text,
                   int                  target_fd)
{
  int fds[2];

  g_assert_no_errno (pipe (fds));
  g_assert_cmpint (write (fds[1], text, strlen (text)), ==, (gssize) strlen (text));
  close (fds[1]);
  g_subprocess_launcher_take_fd (launcher, fds[0], target_fd);
}

/* `user add` (and `user reset-credential`) need the new credential; `user add`
 * also needs the person, which a test that does not care gets from the login. */
static gboolean
is_user_verb (const char * const *args,
              const char         *verb)
{
  return args[0] && g_str_equal (args[0], "user") && has_arg (args, verb);
}

/**
 * ld_test_run_admin_v:
 * @credential: (nullable): written, as it is, to the --password-fd pipe when
 *   @args has --as and no --password-fd; %NULL for LD_TEST_CREDENTIAL and a
 *   newline, as `echo` would give it
 * @new_credential: (nullable): likewise for --new-password-fd, given to
 *   `user add` and `user reset-credential`
 * @args: (array zero-terminated=1): the arguments after the program
 *
 * Returns: the exit code, or -1 if it did not exit normally
 */
int
ld_test_run_admin_v (char              **out,
                     char              **err,
                     const char         *credential,
                     const char         *new_credential,
                     const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;

  g_ptr_array_add (argv, g_strdup (g_getenv ("LD_ADMIN")));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  if (has_arg (args, "--as") && !has_arg (args, "--password-fd"))
    {
      /* Profiles made by `demo` share the documented demo credential. */
      const char *as = arg_value (args, "--as");
      const char *known = as && g_str_has_prefix (as, "demo.") ? DEMO_CREDENTIAL "\n" : LD_TEST_CREDENTIAL "\n";

      give_through_pipe (launcher, credential ? credential : known, CREDENTIAL_FD);
      g_ptr_array_add (argv, g_strdup ("--password-fd"));
      g_ptr_array_add (argv, g_strdup_printf ("%d", CREDENTIAL_FD));
    }
  if ((is_user_verb (args, "add") || is_user_verb (args, "reset-credential")) && !has_arg (args, "--new-password-fd"))
    {
      give_through_pipe (launcher, new_credential ? new_credential : LD_TEST_CREDENTIAL "\n", NEW_CREDENTIAL_FD);
      g_ptr_array_add (argv, g_strdup ("--new-password-fd"));
      g_ptr_array_add (argv, g_strdup_printf ("%d", NEW_CREDENTIAL_FD));
    }
  if (is_user_verb (args, "add") && !has_arg (args, "--person") && arg_value (args, "--login"))
    {
      g_ptr_array_add (argv, g_strdup ("--person"));
      g_ptr_array_add (argv, g_strdup_printf ("TEST-%s", arg_value (args, "--login")));
    }
  g_ptr_array_add (argv, NULL);

  /* stdin is /dev/null: the program must never wait for a terminal here. */
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, &stderr_text, &error));
  g_assert_no_error (error);
  g_test_message ("stdout: %s\nstderr: %s", stdout_text, stderr_text);
  if (out)
    *out = g_steal_pointer (&stdout_text);
  if (err)
    *err = g_steal_pointer (&stderr_text);
  return g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

/**
 * ld_test_run_admin:
 * @out: (out) (optional): what it printed on standard output
 * @err: (out) (optional): what it printed on standard error
 * @first: the first argument after the program, then the rest, then %NULL
 *
 * Runs licence-desk-admin with the test credential given for --as and for
 * new profiles, and a person made from the login when `user add` names none.
 *
 * Returns: the exit code, or -1 if it did not exit normally
 */
int
ld_test_run_admin (char       **out,
                   char       **err,
                   const char  *first,
                   ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *arg = first; arg; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return ld_test_run_admin_v (out, err, NULL, NULL, (const char * const *) args->pdata);
}
