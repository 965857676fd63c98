/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The QR code's signed payload: a genuine one verifies offline against the
 * office's public key; flipping any single bit of it, cutting it short or
 * signing with another key never does; the key file is the owner's alone. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "ld-documents.h"

static char *dir;

static LdSigningKey *
new_key (void)
{
  g_autoptr(GError) error = NULL;
  LdSigningKey *key = ld_signing_key_generate (&error);

  g_assert_no_error (error);
  return key;
}

static char *
sign (const LdSigningKey *key,
      const char         *number)
{
  g_autoptr(GError) error = NULL;
  LdQrData data = { (char *) number, "export", "2026-03-01", "2027-02-28", "I23dmVZIi9e2TVRd75298g", NULL };
  char *payload = ld_qr_payload_sign (&data, key, &error);

  g_assert_no_error (error);
  return payload;
}

static void
test_genuine (void)
{
  g_autoptr(LdSigningKey) key = new_key ();
  g_autofree char *payload = sign (key, "EXP-L-2026-000123");
  g_autoptr(LdQrData) data = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (ld_qr_payload_verify (payload, ld_signing_key_get_public (key), &data, &error), ==, LD_QR_GENUINE);
  g_assert_no_error (error);
  g_assert_cmpstr (data->licence_number, ==, "EXP-L-2026-000123");
  g_assert_cmpstr (data->licence_type, ==, "export");
  g_assert_cmpstr (data->valid_until, ==, "2027-02-28");
  g_assert_cmpstr (data->key_id, ==, ld_signing_key_get_public (key)->key_id);
  /* Compact enough for a QR code a phone reads from paper. */
  g_assert_cmpuint (strlen (payload), <, 300);
}

/* Every single-bit change of the payload fails, whichever byte and bit. */
static void
test_every_bit_flipped (void)
{
  g_autoptr(LdSigningKey) key = new_key ();
  g_autofree char *payload = sign (key, "EXP-L-2026-000123");
  gsize length = strlen (payload);
  guint counts[LD_QR_DAMAGED + 1] = { 0 };

  for (gsize i = 0; i < length; i++)
    for (guint bit = 0; bit < 8; bit++)
      {
        g_autofree char *flipped = g_strdup (payload);
        g_autoptr(GError) error = NULL;
        LdQrVerdict verdict;

        flipped[i] ^= 1 << bit;
        if (flipped[i] == '\0')
          continue;   /* a C string cannot hold it; the truncation test covers it */
        verdict = ld_qr_payload_verify (flipped, ld_signing_key_get_public (key), NULL, &error);
        if (verdict == LD_QR_GENUINE)
          g_error ("flipping bit %u of byte %" G_GSIZE_FORMAT " (%c) still verifies: %s", bit, i, payload[i], flipped);
        g_assert_error (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_PAYLOAD);
        counts[verdict]++;
      }
  /* Each kind of failure happens: changed details, changed number, changed key id, broken shape. */
  g_assert_cmpuint (counts[LD_QR_ALTERED], >, 0);
  g_assert_cmpuint (counts[LD_QR_FORGED], >, 0);
  g_assert_cmpuint (counts[LD_QR_UNKNOWN_KEY], >, 0);
  g_assert_cmpuint (counts[LD_QR_DAMAGED], >, 0);
}

static void
test_truncated_and_garbage (void)
{
  g_autoptr(LdSigningKey) key = new_key ();
  g_autofree char *payload = sign (key, "EXP-L-2026-000123");
  static const char *garbage[] = { "", ";;;;;;;;", "LD1", "https://example.org/licence", "\xff\xfe\x01", "LD1;;;;;;;;" };

  for (gsize n = 0; n < strlen (payload); n++)
    {
      g_autofree char *cut = g_strndup (payload, n);

      g_assert_cmpint (ld_qr_payload_verify (cut, ld_signing_key_get_public (key), NULL, NULL), !=, LD_QR_GENUINE);
    }
  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    g_assert_cmpint (ld_qr_payload_verify (garbage[i], ld_signing_key_get_public (key), NULL, NULL), ==, LD_QR_DAMAGED);
}

static void
test_other_key (void)
{
  g_autoptr(LdSigningKey) office = new_key ();
  g_autoptr(LdSigningKey) forger = new_key ();
  g_autofree char *payload = sign (forger, "EXP-L-2026-000123");
  g_autofree char *genuine = sign (office, "EXP-L-2026-000123");
  g_auto(GStrv) parts = g_strsplit (payload, ";", -1);
  g_auto(GStrv) office_parts = g_strsplit (genuine, ";", -1);
  g_autofree char *claimed = NULL;

  g_assert_cmpint (ld_qr_payload_verify (payload, ld_signing_key_get_public (office), NULL, NULL), ==, LD_QR_UNKNOWN_KEY);
  /* A forger who copies the office's key id still cannot sign. */
  g_free (parts[6]);
  parts[6] = g_strdup (office_parts[6]);
  claimed = g_strjoinv (";", parts);
  g_assert_cmpint (ld_qr_payload_verify (claimed, ld_signing_key_get_public (office), NULL, NULL), ==, LD_QR_FORGED);
}

static void
test_key_files (void)
{
  g_autofree char *path = g_build_filename (dir, "office", "signing-key", NULL);
  g_autofree char *public_path = g_build_filename (dir, "public.key", NULL);
  g_autoptr(LdSigningKey) key = new_key ();
  g_autoptr(LdSigningKey) loaded = NULL;
  g_autoptr(LdSigningKey) again = new_key ();
  g_autoptr(LdPublicKey) public = NULL;
  g_autofree char *public_text = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_true (ld_signing_key_save (key, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  /* Never overwritten: printed licences depend on it. */
  g_assert_false (ld_signing_key_save (again, path, &error));
  g_assert_error (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_KEY);
  g_clear_error (&error);
  loaded = ld_signing_key_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ld_signing_key_get_public (loaded)->key_id, ==, ld_signing_key_get_public (key)->key_id);
  /* Readable by others: refused. */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_null (ld_signing_key_load (path, &error));
  g_assert_error (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_KEY);
  g_assert_nonnull (strstr (error->message, "chmod 600"));
  g_clear_error (&error);
  /* The public key travels as text and verifies what the private key signed. */
  public_text = ld_public_key_to_text (ld_signing_key_get_public (key));
  g_assert_true (g_file_set_contents (public_path, public_text, -1, NULL));
  public = ld_public_key_load (public_path, &error);
  g_assert_no_error (error);
  {
    g_autofree char *payload = sign (key, "BRK-L-2026-000001");

    g_assert_cmpint (ld_qr_payload_verify (payload, public, NULL, NULL), ==, LD_QR_GENUINE);
  }
  g_assert_null (ld_public_key_from_text ("licence-desk-public-key 1\nkey-id x\nnot base64\n", &error));
  g_assert_error (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_KEY);
}

int
main (int    argc,
      char **argv)
{
  int status;
  g_autofree char *command = NULL;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  dir = g_dir_make_tmp ("ld-test-qr-XXXXXX", NULL);
  g_test_add_func ("/qr/genuine", test_genuine);
  g_test_add_func ("/qr/every-bit-flipped", test_every_bit_flipped);
  g_test_add_func ("/qr/truncated-and-garbage", test_truncated_and_garbage);
  g_test_add_func ("/qr/other-key", test_other_key);
  g_test_add_func ("/qr/key-files", test_key_files);
  status = g_test_run ();
  command = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (command), ==, 0);
  return status;
}
