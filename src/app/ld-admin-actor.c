/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-admin"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gi18n.h>

#include "ld-admin.h"
#include "ld-credential.h"
#include "ld-user-repo.h"

/* Who acts for a licence-desk-admin command, proven by the profile's
 * credential; on its own so that commands built into tests
 * (src/app/ld-admin-screen.c) can use it too. A credential comes from the
 * terminal (not echoed) or from a file descriptor a script opened
 * (--password-fd N), never from an argument or an environment variable,
 * which other users of the machine can read. */

/* Longer input than this is a mistake (a file given instead of a secret). */
#define MAX_CREDENTIAL_BYTES 4096

static int credential_fd = -1;

/* Once signed in, a command that asks again for the same profile is not
 * asked for the credential a second time (its descriptor is used up). */
static LdActor *signed_in;

static const GOptionEntry credential_entries[] = {
  { "password-fd", 0, 0, G_OPTION_ARG_INT, &credential_fd,
    N_("With --as: read that profile's credential from file descriptor N (for scripts; one trailing newline is "
       "dropped). Without it, the credential is asked for on the terminal"), N_("N") },
  { NULL }
};

/**
 * ld_admin_add_credential_options:
 *
 * Adds --password-fd to a command's options.
 */
void
ld_admin_add_credential_options (GOptionContext *context)
{
  g_option_context_add_main_entries (context, credential_entries, GETTEXT_PACKAGE);
}

/* Drops one trailing newline ("\n" or "\r\n"), as `echo` or a file adds:
 * only one, so a credential that really ends in a newline is kept whole. */
static void
strip_one_newline (GString *text)
{
  if (text->len > 0 && text->str[text->len - 1] == '\n')
    g_string_truncate (text, text->len - 1);
  if (text->len > 0 && text->str[text->len - 1] == '\r')
    g_string_truncate (text, text->len - 1);
}

static char *
read_from_fd (int          fd,
              const char  *option,
              GError     **error)
{
  GString *text = g_string_sized_new (64);
  char buffer[256];
  struct stat st;
  ssize_t n;

  if (fstat (fd, &st) != 0)
    {
      g_string_free (text, TRUE);
      g_set_error (error, LD_CREDENTIAL_ERROR, LD_CREDENTIAL_ERROR_EMPTY,
                   _("%s %d: that file descriptor is not open; open it in the script (for example "
                     "“%s 3 3<secret-file”)."), option, fd, option);
      return NULL;
    }
  while ((n = read (fd, buffer, sizeof buffer)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 || text->len + (gsize) n > MAX_CREDENTIAL_BYTES)
        {
          int saved = errno;

          explicit_bzero (text->str, text->len);
          g_string_free (text, TRUE);
          explicit_bzero (buffer, sizeof buffer);
          g_set_error (error, LD_CREDENTIAL_ERROR, LD_CREDENTIAL_ERROR_EMPTY,
                       n < 0 ? _("The credential could not be read from %s %d: %s.")
                             : _("%s %d gave more than 4096 bytes, which is no credential; check what the "
                                 "script passes."), option, fd, n < 0 ? g_strerror (saved) : "");
          return NULL;
        }
      g_string_append_len (text, buffer, n);
    }
  explicit_bzero (buffer, sizeof buffer);
  close (fd);
  strip_one_newline (text);
  return g_string_free (text, FALSE);
}

static char *
read_from_terminal (const char  *prompt,
                    GError     **error)
{
  struct termios saved, quiet;
  GString *text = g_string_sized_new (64);
  gboolean echo_off;
  char c;
  ssize_t n;

  if (!isatty (STDIN_FILENO))
    {
      g_string_free (text, TRUE);
      g_set_error_literal (error, LD_CREDENTIAL_ERROR, LD_CREDENTIAL_ERROR_EMPTY,
                           _("There is no terminal to ask for the credential on; a script gives it with "
                             "--password-fd N (and a new one with --new-password-fd N)."));
      return NULL;
    }
  g_printerr ("%s", prompt);
  echo_off = tcgetattr (STDIN_FILENO, &saved) == 0;
  if (echo_off)
    {
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      echo_off = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }
  /* read() byte by byte, not stdio, so no copy is left in a stdio buffer. */
  while (((n = read (STDIN_FILENO, &c, 1)) == 1 || (n < 0 && errno == EINTR)) && text->len < MAX_CREDENTIAL_BYTES)
    {
      if (n < 0)
        continue;
      if (c == '\n')
        break;
      g_string_append_c (text, c);
    }
  c = 0;
  if (echo_off)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
  g_printerr ("\n");
  return g_string_free (text, FALSE);
}

/**
 * ld_admin_read_secret:
 * @fd: the descriptor a script gave, or -1 to ask on the terminal
 * @option: the option that gave @fd, for messages
 * @prompt: what to ask on the terminal
 *
 * Returns: (transfer full) (nullable): the credential; free it with
 *   ld_credential_free(), which overwrites it first
 */
char *
ld_admin_read_secret (int          fd,
                      const char  *option,
                      const char  *prompt,
                      GError     **error)
{
  return fd >= 0 ? read_from_fd (fd, option, error) : read_from_terminal (prompt, error);
}

/**
 * ld_admin_resolve_actor:
 * @login: (nullable): the profile to act as, from --as
 *
 * Signs in as @login with its credential (from --password-fd or the
 * terminal). Nobody is assumed: without @login this fails, whoever the
 * store's profiles are.
 */
LdActor *
ld_admin_resolve_actor (LdStore     *store,
                        const char  *login,
                        GError     **error)
{
  g_autofree char *prompt = NULL;
  char *credential;
  LdActor *actor;

  if (login == NULL)
    {
      g_set_error_literal (error, LD_PERMISSION_ERROR, LD_PERMISSION_ERROR_DENIED,
                           _("Say who acts: give --as LOGIN and that profile's credential (on the terminal, or "
                             "with --password-fd N). licence-desk-admin never acts as anyone by default."));
      return NULL;
    }
  if (signed_in && g_str_equal (signed_in->login, login))
    return ld_actor_copy (signed_in);
  prompt = g_strdup_printf (_("Credential of %s: "), login);
  if (!(credential = ld_admin_read_secret (credential_fd, "--password-fd", prompt, error)))
    return NULL;
  actor = ld_user_repo_sign_in (store, login, credential, error);
  ld_credential_free (credential);
  if (actor)
    {
      g_clear_pointer (&signed_in, ld_actor_free);
      signed_in = ld_actor_copy (actor);
    }
  return actor;
}
