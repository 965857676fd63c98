/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Argon2id credential hashes, as the store keeps them. */
#include "config.h"

#include <string.h>

#include "ld-credential.h"

static void
test_hash_and_match (void)
{
  LdCredentialHash first, second;
  g_autoptr(GError) error = NULL;

  g_assert_true (ld_credential_hash ("correct horse", &first, &error));
  g_assert_no_error (error);
  g_assert_true (ld_credential_hash ("correct horse", &second, &error));
  /* Memory-hard parameters, stored with the hash; a salt of its own each time. */
  g_assert_cmpuint (first.memory_kib, >=, 19456);
  g_assert_cmpuint (first.iterations, >=, 2);
  g_assert_cmpint (memcmp (first.salt, second.salt, sizeof first.salt), !=, 0);
  g_assert_cmpint (memcmp (first.hash, second.hash, sizeof first.hash), !=, 0);

  g_assert_true (ld_credential_matches (&first, "correct horse", &error));
  g_assert_no_error (error);
  g_assert_false (ld_credential_matches (&first, "correct horse ", &error));
  g_assert_error (error, LD_CREDENTIAL_ERROR, LD_CREDENTIAL_ERROR_WRONG);
  g_clear_error (&error);

  /* One bit changed in the stored hash and nothing matches. */
  first.hash[LD_CREDENTIAL_HASH_LEN - 1] ^= 1;
  g_assert_false (ld_credential_matches (&first, "correct horse", &error));
  g_assert_error (error, LD_CREDENTIAL_ERROR, LD_CREDENTIAL_ERROR_WRONG);
}

/* A tampered row may not make a sign-in allocate without bound. */
static void
test_parameters_bounded (void)
{
  LdCredentialHash stored;
  g_autoptr(GError) error = NULL;

  g_assert_true (ld_credential_hash ("correct horse", &stored, NULL));
  stored.memory_kib = 64 * 1024 * 1024;
  g_assert_false (ld_credential_matches (&stored, "correct horse", &error));
  g_assert_error (error, LD_CREDENTIAL_ERROR, LD_CREDENTIAL_ERROR_FAILED);
}

static void
test_new_credential_rules (void)
{
  static const struct { const char *credential; int code; } cases[] = {
    { "", LD_CREDENTIAL_ERROR_EMPTY },
    { "short", LD_CREDENTIAL_ERROR_UNSUITABLE },
    { "has a\nline break", LD_CREDENTIAL_ERROR_UNSUITABLE },
    { "tab\tinside here", LD_CREDENTIAL_ERROR_UNSUITABLE },
    { "\xff\xfe not utf-8", LD_CREDENTIAL_ERROR_UNSUITABLE },
    { "eight ok", -1 },
    { "пароль-кириллица", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = ld_credential_check_new (cases[i].credential, &error);

      if (cases[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        g_assert_error (error, LD_CREDENTIAL_ERROR, cases[i].code);
    }
}

static void
test_person_normalized (void)
{
  g_autofree char *a = ld_person_id_normalize (" ab 12-345 ");
  g_autofree char *b = ld_person_id_normalize ("AB12345");
  g_autofree char *c = ld_person_id_normalize ("-");

  g_assert_cmpstr (a, ==, "AB12345");
  g_assert_cmpstr (a, ==, b);
  g_assert_null (c);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/credential/hash-and-match", test_hash_and_match);
  g_test_add_func ("/credential/parameters-bounded", test_parameters_bounded);
  g_test_add_func ("/credential/new-credential-rules", test_new_credential_rules);
  g_test_add_func ("/credential/person-normalized", test_person_normalized);
  return g_test_run ();
}
