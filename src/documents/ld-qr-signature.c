/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-qr-signature"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include <nettle/eddsa.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ld-document-error.h"
#include "ld-qr-signature.h"

/*
 * The private key lives in a file only its owner may read (0600 in a 0700
 * folder), not in the login keyring: it is the office's key, not a person's
 * password; it must sign from `licence-desk-admin` runs with no desktop
 * session (batch printing, CI) and be backed up and moved to a replacement
 * desk like the store, which a keyring entry is not. A key file anyone else
 * can read is refused, and an existing key is never overwritten, since
 * licences already printed depend on it.
 */

#define KEY_MAGIC     "licence-desk-signing-key 1"
#define PUBLIC_MAGIC  "licence-desk-public-key 1"
#define PAYLOAD_MAGIC "LD1"
#define SIGNATURE_SIZE ED25519_SIGNATURE_SIZE
#define DIGEST_BYTES  16
#define MAX_KEY_FILE  4096

struct _LdSigningKey
{
  guint8      seed[LD_SIGNING_KEY_SIZE];
  LdPublicKey public;
};

static void
compute_key_id (LdPublicKey *key)
{
  guint8 hash[32];
  gsize size = sizeof hash;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (sum, key->key, sizeof key->key);
  g_checksum_get_digest (sum, hash, &size);
  for (guint i = 0; i < 4; i++)
    g_snprintf (key->key_id + 2 * i, 3, "%02x", hash[i]);
}

static LdSigningKey *
key_from_seed (const guint8 *seed)
{
  LdSigningKey *self = g_new0 (LdSigningKey, 1);

  memcpy (self->seed, seed, sizeof self->seed);
  ed25519_sha512_public_key (self->public.key, self->seed);
  compute_key_id (&self->public);
  return self;
}

void
ld_signing_key_free (LdSigningKey *self)
{
  explicit_bzero (self->seed, sizeof self->seed);
  g_free (self);
}

const LdPublicKey *
ld_signing_key_get_public (const LdSigningKey *self)
{
  return &self->public;
}

/**
 * ld_signing_key_default_path:
 *
 * Returns: (transfer full): where the office's key is kept on this desk
 */
char *
ld_signing_key_default_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "licence-desk", "signing-key", NULL);
}

LdSigningKey *
ld_signing_key_generate (GError **error)
{
  guint8 seed[LD_SIGNING_KEY_SIZE];
  LdSigningKey *self;

  if (getrandom (seed, sizeof seed, 0) != sizeof seed)
    {
      g_set_error (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_KEY,
                   _("The system gave no random bytes for a new key: %s."), g_strerror (errno));
      return NULL;
    }
  self = key_from_seed (seed);
  explicit_bzero (seed, sizeof seed);
  return self;
}

static gboolean
key_error (GError    **error,
           const char *path,
           const char *why)
{
  g_set_error (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_KEY, "%s (%s)", why, path);
  return FALSE;
}

gboolean
ld_signing_key_save (const LdSigningKey *self,
                     const char         *path,
                     GError            **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *seed = g_base64_encode (self->seed, sizeof self->seed);
  g_autofree char *text = g_strdup_printf ("%s\n%s\n", KEY_MAGIC, seed);
  gsize length = strlen (text);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    return key_error (error, dir, _("The folder for the signing key could not be made"));
  fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0 && errno == EEXIST)
    return key_error (error, path, _("A signing key already exists; licences already printed depend on it, so it is kept. Move it away first to make a new one"));
  if (fd < 0)
    return key_error (error, path, g_strerror (errno));
  if (write (fd, text, length) != (gssize) length || fsync (fd) != 0)
    {
      close (fd);
      g_unlink (path);
      return key_error (error, path, _("The signing key could not be written"));
    }
  explicit_bzero (text, length);
  close (fd);
  return TRUE;
}

static char *
read_owner_only (const char  *path,
                 GError     **error)
{
  struct stat st;
  char *text = g_malloc0 (MAX_KEY_FILE + 1);
  gssize n;
  int fd = open (path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

  if (fd < 0)
    {
      g_free (text);
      key_error (error, path, errno == ENOENT
                 ? _("There is no signing key on this desk: an administrator makes one with “licence-desk-admin signing-key generate”")
                 : g_strerror (errno));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || st.st_uid != getuid () || (st.st_mode & 077) != 0)
    {
      close (fd);
      g_free (text);
      key_error (error, path, _("The signing key file may be read by others or belongs to someone else; make it yours alone with “chmod 600”"));
      return NULL;
    }
  n = read (fd, text, MAX_KEY_FILE);
  close (fd);
  if (n < 0)
    {
      g_free (text);
      key_error (error, path, _("The signing key could not be read"));
      return NULL;
    }
  return text;
}

static gboolean
decode_exact (const char *text,
              guint8     *out,
              gsize       size)
{
  gsize length = 0;
  g_autofree guint8 *bytes = NULL;

  if (text == NULL || strlen (text) != ((size + 2) / 3) * 4)
    return FALSE;
  bytes = g_base64_decode (text, &length);
  if (length != size)
    return FALSE;
  memcpy (out, bytes, size);
  return TRUE;
}

LdSigningKey *
ld_signing_key_load (const char  *path,
                     GError     **error)
{
  g_autofree char *text = read_owner_only (path, error);
  g_auto(GStrv) lines = NULL;
  guint8 seed[LD_SIGNING_KEY_SIZE];
  LdSigningKey *self;

  if (text == NULL)
    return NULL;
  lines = g_strsplit (text, "\n", 3);
  if (g_strv_length (lines) < 2 || !g_str_equal (lines[0], KEY_MAGIC) || !decode_exact (lines[1], seed, sizeof seed))
    {
      key_error (error, path, _("This is not a Licence Desk signing key"));
      return NULL;
    }
  self = key_from_seed (seed);
  explicit_bzero (seed, sizeof seed);
  explicit_bzero (text, strlen (text));
  return self;
}

/* ---- public keys, for customs ---- */

char *
ld_public_key_to_text (const LdPublicKey *key)
{
  g_autofree char *encoded = g_base64_encode (key->key, sizeof key->key);

  return g_strdup_printf ("%s\nkey-id %s\n%s\n", PUBLIC_MAGIC, key->key_id, encoded);
}

LdPublicKey *
ld_public_key_from_text (const char  *text,
                         GError     **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", 4);
  g_autoptr(LdPublicKey) key = g_new0 (LdPublicKey, 1);

  if (g_strv_length (lines) < 3 || !g_str_equal (lines[0], PUBLIC_MAGIC) ||
      !decode_exact (lines[2], key->key, sizeof key->key))
    {
      g_set_error (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_KEY,
                   _("This is not a Licence Desk public key: ask the licensing office for the file “signing-key export” writes."));
      return NULL;
    }
  compute_key_id (key);
  return g_steal_pointer (&key);
}

LdPublicKey *
ld_public_key_load (const char  *path,
                    GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local = NULL;

  if (!g_file_get_contents (path, &text, NULL, &local))
    {
      g_set_error (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_KEY,
                   _("The public key could not be read: %s."), local->message);
      return NULL;
    }
  return ld_public_key_from_text (text, error);
}

/* ---- payloads ---- */

static char *
base64url (const guint8 *data,
           gsize         size)
{
  char *text = g_base64_encode (data, size);
  char *padding = strchr (text, '=');

  if (padding != NULL)
    *padding = '\0';
  g_strdelimit (text, "+", '-');
  g_strdelimit (text, "/", '_');
  return text;
}

/* Only the one spelling base64url() gives decodes: otherwise the unused low
 * bits of the last character could change without the bytes changing. */
static gboolean
from_base64url (const char *text,
                guint8     *out,
                gsize       size)
{
  g_autofree char *padded = NULL;
  g_autofree char *again = NULL;
  gsize length = 0;
  g_autofree guint8 *bytes = NULL;

  for (const char *p = text; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  padded = g_strdup_printf ("%s%s", text, (strlen (text) % 4) == 2 ? "==" : (strlen (text) % 4) == 3 ? "=" : "");
  g_strdelimit (padded, "-", '+');
  g_strdelimit (padded, "_", '/');
  bytes = g_base64_decode (padded, &length);
  if (length != size)
    return FALSE;
  again = base64url (bytes, length);
  if (!g_str_equal (again, text))
    return FALSE;
  memcpy (out, bytes, size);
  return TRUE;
}

/**
 * ld_qr_digest_from_hex:
 *
 * Returns: (transfer full): the payload's DIGEST from a SHA-256 in hex
 */
char *
ld_qr_digest_from_hex (const char *sha256_hex)
{
  guint8 bytes[DIGEST_BYTES];

  for (guint i = 0; i < DIGEST_BYTES; i++)
    bytes[i] = g_ascii_xdigit_value (sha256_hex[2 * i]) << 4 | g_ascii_xdigit_value (sha256_hex[2 * i + 1]);
  return base64url (bytes, sizeof bytes);
}

static char *
sign_text (const LdSigningKey *key,
           const char         *text)
{
  guint8 signature[SIGNATURE_SIZE];

  ed25519_sha512_sign (key->public.key, key->seed, strlen (text), (const guint8 *) text, signature);
  return base64url (signature, sizeof signature);
}

static gboolean
plain_field (const char *value)
{
  if (value == NULL || *value == '\0' || strlen (value) > 40)
    return FALSE;
  for (const char *p = value; *p; p++)
    if (!g_ascii_isprint (*p) || *p == ';')
      return FALSE;
  return TRUE;
}

char *
ld_qr_payload_sign (const LdQrData     *data,
                    const LdSigningKey *key,
                    GError            **error)
{
  g_autofree char *identity = NULL, *body = NULL, *sig_number = NULL, *sig_all = NULL;

  if (!plain_field (data->licence_number) || !plain_field (data->licence_type) ||
      !plain_field (data->valid_from) || !plain_field (data->valid_until) || !plain_field (data->digest))
    {
      g_set_error (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_INPUT,
                   _("A licence's number, type and dates must be plain text of at most 40 characters without “;” to be signed."));
      return NULL;
    }
  identity = g_strdup_printf ("%s;%s;%s", PAYLOAD_MAGIC, data->licence_number, key->public.key_id);
  body = g_strdup_printf ("%s;%s;%s;%s;%s;%s;%s", PAYLOAD_MAGIC, data->licence_number, data->licence_type,
                          data->valid_from, data->valid_until, data->digest, key->public.key_id);
  sig_number = sign_text (key, identity);
  sig_all = sign_text (key, body);
  return g_strdup_printf ("%s;%s;%s", body, sig_number, sig_all);
}

void
ld_qr_data_free (LdQrData *data)
{
  g_free (data->licence_number); g_free (data->licence_type); g_free (data->valid_from);
  g_free (data->valid_until); g_free (data->digest); g_free (data->key_id);
  g_free (data);
}

static gboolean
is_date (const char *text)
{
  g_autofree char *iso = g_strdup_printf ("%sT00:00:00Z", text);
  g_autoptr(GDateTime) date = strlen (text) == 10 ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;

  return date != NULL;
}

static gboolean
is_key_id (const char *text)
{
  if (strlen (text) != 8)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

/* Splits and checks the payload's shape; NULL when it is not a whole one. */
static LdQrData *
parse_payload (const char *payload,
               guint8      sig_number[SIGNATURE_SIZE],
               guint8      sig_all[SIGNATURE_SIZE])
{
  g_auto(GStrv) f = g_strsplit (payload, ";", -1);
  guint8 digest[DIGEST_BYTES];
  LdQrData *data;

  if (!g_utf8_validate (payload, -1, NULL) || g_strv_length (f) != 9 || !g_str_equal (f[0], PAYLOAD_MAGIC))
    return NULL;
  for (guint i = 1; i < 5; i++)
    if (!plain_field (f[i]))
      return NULL;
  if (!is_date (f[3]) || !is_date (f[4]) || !from_base64url (f[5], digest, sizeof digest) || !is_key_id (f[6]) ||
      !from_base64url (f[7], sig_number, SIGNATURE_SIZE) || !from_base64url (f[8], sig_all, SIGNATURE_SIZE))
    return NULL;
  data = g_new0 (LdQrData, 1);
  data->licence_number = g_strdup (f[1]);
  data->licence_type = g_strdup (f[2]);
  data->valid_from = g_strdup (f[3]);
  data->valid_until = g_strdup (f[4]);
  data->digest = g_strdup (f[5]);
  data->key_id = g_strdup (f[6]);
  return data;
}

static gboolean
verify_text (const LdPublicKey *key,
             const char        *text,
             const guint8      *signature)
{
  return ed25519_sha512_verify (key->key, strlen (text), (const guint8 *) text, signature) == 1;
}

/* Genuine only when both signatures hold: a changed SIG-NUMBER under intact
 * details is a changed payload too. One of the two holding means the office
 * signed something like it: altered. */
static LdQrVerdict
judge_signatures (const LdPublicKey *key,
                  const LdQrData    *data,
                  const guint8      *sig_number,
                  const guint8      *sig_all)
{
  g_autofree char *identity = g_strdup_printf ("%s;%s;%s", PAYLOAD_MAGIC, data->licence_number, data->key_id);
  g_autofree char *body = g_strdup_printf ("%s;%s;%s;%s;%s;%s;%s", PAYLOAD_MAGIC, data->licence_number,
                                           data->licence_type, data->valid_from, data->valid_until,
                                           data->digest, data->key_id);
  gboolean all_signed = verify_text (key, body, sig_all);
  gboolean number_signed = verify_text (key, identity, sig_number);

  if (all_signed && number_signed)
    return LD_QR_GENUINE;
  return all_signed || number_signed ? LD_QR_ALTERED : LD_QR_FORGED;
}

/**
 * ld_qr_payload_verify:
 * @out_data: (out) (optional): what the payload says, whenever it is whole
 *   (also when it is not genuine, so the user sees what was claimed)
 * @error: set with an explanation unless the payload is genuine
 */
LdQrVerdict
ld_qr_payload_verify (const char         *payload,
                      const LdPublicKey  *key,
                      LdQrData          **out_data,
                      GError            **error)
{
  guint8 sig_number[SIGNATURE_SIZE], sig_all[SIGNATURE_SIZE];
  g_autoptr(LdQrData) data = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (payload ? payload : ""));
  LdQrVerdict verdict;

  data = parse_payload (trimmed, sig_number, sig_all);
  if (data == NULL)
    verdict = LD_QR_DAMAGED;
  else if (!g_str_equal (data->key_id, key->key_id))
    verdict = LD_QR_UNKNOWN_KEY;
  else
    verdict = judge_signatures (key, data, sig_number, sig_all);
  if (verdict != LD_QR_GENUINE)
    g_set_error_literal (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_PAYLOAD, ld_qr_verdict_explain (verdict));
  if (out_data)
    *out_data = g_steal_pointer (&data);
  return verdict;
}

const char *
ld_qr_verdict_to_string (LdQrVerdict verdict)
{
  static const char * const names[] = { "genuine", "altered", "forged", "unknown-key", "damaged" };

  return names[verdict];
}

const char *
ld_qr_verdict_explain (LdQrVerdict verdict)
{
  switch (verdict)
    {
    case LD_QR_GENUINE:
      return _("Genuine: the licensing office signed exactly these details.");
    case LD_QR_ALTERED:
      return _("Altered: the office issued this licence number, but the details have been changed since. Hold the goods and call the licensing office.");
    case LD_QR_FORGED:
      return _("Forged: nothing in this code was signed by the licensing office. Hold the goods and call the licensing office.");
    case LD_QR_UNKNOWN_KEY:
      return _("Unknown key: the code was signed with a key this desk does not hold. Get the office's current public key, or treat the licence as forged.");
    case LD_QR_DAMAGED:
    default:
      return _("Damaged: this is not a whole Licence Desk code (truncated, corrupted or from another system). Scan it again or type it in full.");
    }
}
