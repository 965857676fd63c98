/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-credential"

#include "config.h"

#include <argon2.h>
#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <glib/gi18n-lib.h>

#include "ld-credential.h"

/* Credentials are hashed with Argon2id from Debian's libargon2, a memory-hard
 * KDF: guessing one from a copied store costs memory as well as time. The
 * parameters are OWASP's minimum for Argon2id (19 MiB, 2 passes, 1 lane);
 * each hash stores its own, so raising these later leaves old ones valid. */
#define KDF_MEMORY_KIB   19456
#define KDF_ITERATIONS   2
#define KDF_PARALLELISM  1

/* What a stored hash may ask of us: a tampered row must not make a sign-in
 * allocate gigabytes or spin for minutes. */
#define KDF_MAX_MEMORY_KIB  (1024 * 1024)
#define KDF_MAX_ITERATIONS  64
#define KDF_MAX_PARALLELISM 16

G_DEFINE_QUARK (ld-credential-error-quark, ld_credential_error)

/**
 * ld_credential_check_new:
 *
 * Whether @credential may be set as a profile's new credential: at least
 * %LD_CREDENTIAL_MIN_LENGTH characters of valid UTF-8 and no control
 * characters (a line break in a credential is almost always a mistake of the
 * program or file that passed it).
 */
gboolean
ld_credential_check_new (const char  *credential,
                         GError     **error)
{
  if (credential == NULL || credential[0] == '\0')
    {
      g_set_error_literal (error, LD_CREDENTIAL_ERROR, LD_CREDENTIAL_ERROR_EMPTY,
                           _("The new credential is empty; choose one of at least 8 characters."));
      return FALSE;
    }
  if (!g_utf8_validate (credential, -1, NULL))
    {
      g_set_error_literal (error, LD_CREDENTIAL_ERROR, LD_CREDENTIAL_ERROR_UNSUITABLE,
                           _("The new credential is not valid UTF-8 text; type it again."));
      return FALSE;
    }
  for (const char *p = credential; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error_literal (error, LD_CREDENTIAL_ERROR, LD_CREDENTIAL_ERROR_UNSUITABLE,
                             _("The new credential contains a line break or another control character; "
                               "use letters, digits, spaces and punctuation only."));
        return FALSE;
      }
  if (g_utf8_strlen (credential, -1) < LD_CREDENTIAL_MIN_LENGTH)
    {
      g_set_error (error, LD_CREDENTIAL_ERROR, LD_CREDENTIAL_ERROR_UNSUITABLE,
                   _("The new credential is too short; use at least %d characters."), LD_CREDENTIAL_MIN_LENGTH);
      return FALSE;
    }
  return TRUE;
}

static gboolean
fill_random (guint8  *buffer,
             gsize    len,
             GError **error)
{
  gsize done = 0;

  /* getrandom() draws from the kernel's CSPRNG; GLib's g_random is not one. */
  while (done < len)
    {
      ssize_t n = getrandom (buffer + done, len - done, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, LD_CREDENTIAL_ERROR, LD_CREDENTIAL_ERROR_FAILED,
                       _("No random salt could be made for the credential (%s); nothing was changed."),
                       g_strerror (saved));
          return FALSE;
        }
      done += (gsize) n;
    }
  return TRUE;
}

static gboolean
derive (const char       *credential,
        guint32           iterations,
        guint32           memory_kib,
        guint32           parallelism,
        const guint8     *salt,
        guint8           *out,
        GError          **error)
{
  int rc = argon2id_hash_raw (iterations, memory_kib, parallelism, credential, strlen (credential),
                              salt, LD_CREDENTIAL_SALT_LEN, out, LD_CREDENTIAL_HASH_LEN);

  if (rc != ARGON2_OK)
    {
      g_set_error (error, LD_CREDENTIAL_ERROR, LD_CREDENTIAL_ERROR_FAILED,
                   _("The credential could not be checked: Argon2 failed (%s). Try again; if it keeps "
                     "failing, the computer may be short of memory."), argon2_error_message (rc));
      return FALSE;
    }
  return TRUE;
}

/**
 * ld_credential_hash:
 * @out_hash: (out caller-allocates): the hash, salt and parameters to store
 *
 * Hashes @credential with Argon2id and a new random salt. Slow on purpose
 * (tens of milliseconds and 19 MiB): call it off the UI thread.
 */
gboolean
ld_credential_hash (const char        *credential,
                    LdCredentialHash  *out_hash,
                    GError           **error)
{
  g_return_val_if_fail (credential != NULL && out_hash != NULL, FALSE);

  memset (out_hash, 0, sizeof *out_hash);
  out_hash->kdf_version = ARGON2_VERSION_13;
  out_hash->memory_kib = KDF_MEMORY_KIB;
  out_hash->iterations = KDF_ITERATIONS;
  out_hash->parallelism = KDF_PARALLELISM;
  return fill_random (out_hash->salt, sizeof out_hash->salt, error) &&
         derive (credential, out_hash->iterations, out_hash->memory_kib, out_hash->parallelism,
                 out_hash->salt, out_hash->hash, error);
}

/* Compares every byte whatever the first difference, so the time taken says
 * nothing about how much of a guess was right. */
static gboolean
equal_in_constant_time (const guint8 *a,
                        const guint8 *b,
                        gsize         len)
{
  volatile guint8 difference = 0;

  for (gsize i = 0; i < len; i++)
    difference |= a[i] ^ b[i];
  return difference == 0;
}

/**
 * ld_credential_matches:
 *
 * Returns: %TRUE if @credential is the one @stored was made from; %FALSE with
 *   %LD_CREDENTIAL_ERROR_WRONG if not, or another code if it could not be
 *   checked. Slow on purpose: call it off the UI thread.
 */
gboolean
ld_credential_matches (const LdCredentialHash  *stored,
                       const char              *credential,
                       GError                 **error)
{
  guint8 computed[LD_CREDENTIAL_HASH_LEN];
  gboolean same;

  g_return_val_if_fail (stored != NULL && credential != NULL, FALSE);

  if (stored->kdf_version != ARGON2_VERSION_13 || stored->memory_kib > KDF_MAX_MEMORY_KIB ||
      stored->iterations == 0 || stored->iterations > KDF_MAX_ITERATIONS ||
      stored->parallelism == 0 || stored->parallelism > KDF_MAX_PARALLELISM)
    {
      g_set_error_literal (error, LD_CREDENTIAL_ERROR, LD_CREDENTIAL_ERROR_FAILED,
                           _("The stored credential has parameters this version does not accept; "
                             "ask an administrator to reset it."));
      return FALSE;
    }
  if (!derive (credential, stored->iterations, stored->memory_kib, stored->parallelism, stored->salt, computed, error))
    return FALSE;
  same = equal_in_constant_time (computed, stored->hash, sizeof computed);
  explicit_bzero (computed, sizeof computed);
  if (!same)
    g_set_error_literal (error, LD_CREDENTIAL_ERROR, LD_CREDENTIAL_ERROR_WRONG, _("The credential is wrong."));
  return same;
}

/**
 * ld_credential_free:
 *
 * Overwrites a credential string before freeing it, so it does not linger in
 * freed memory.
 */
void
ld_credential_free (char *credential)
{
  if (credential == NULL)
    return;
  explicit_bzero (credential, strlen (credential));
  g_free (credential);
}

/**
 * ld_person_id_normalize:
 *
 * The form a person's identity document or staff number is compared in:
 * letters and digits only, upper case, so “ab 12-345” and “AB12345” are the
 * same person.
 *
 * Returns: (transfer full) (nullable): the normalised id, or %NULL when
 *   @person_id has fewer than three letters or digits
 */
char *
ld_person_id_normalize (const char *person_id)
{
  GString *normal = g_string_new (NULL);

  for (const char *p = person_id ? person_id : ""; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (normal, g_unichar_toupper (c));
    }
  if (g_utf8_strlen (normal->str, -1) < 3)
    {
      g_string_free (normal, TRUE);
      return NULL;
    }
  return g_string_free (normal, FALSE);
}
