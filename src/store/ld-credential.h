/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LD_CREDENTIAL_ERROR (ld_credential_error_quark ())

typedef enum
{
  LD_CREDENTIAL_ERROR_EMPTY,       /* nothing was typed */
  LD_CREDENTIAL_ERROR_WRONG,       /* does not match the stored hash */
  LD_CREDENTIAL_ERROR_LOCKED,      /* too many wrong ones; wait or ask for a reset */
  LD_CREDENTIAL_ERROR_NOT_SET,     /* the profile has none yet */
  LD_CREDENTIAL_ERROR_UNSUITABLE,  /* a new credential that may not be used */
  LD_CREDENTIAL_ERROR_FAILED,      /* the KDF or the random source failed */
} LdCredentialError;

/* Argon2id output and salt sizes, in bytes. */
#define LD_CREDENTIAL_SALT_LEN 16
#define LD_CREDENTIAL_HASH_LEN 32

/* The shortest new credential, in characters. */
#define LD_CREDENTIAL_MIN_LENGTH 8

/* A credential as stored: the Argon2id parameters it was made with, its salt
 * and its hash. */
typedef struct
{
  guint32 kdf_version;
  guint32 memory_kib;
  guint32 iterations;
  guint32 parallelism;
  guint8  salt[LD_CREDENTIAL_SALT_LEN];
  guint8  hash[LD_CREDENTIAL_HASH_LEN];
} LdCredentialHash;

GQuark    ld_credential_error_quark  (void);
gboolean  ld_credential_check_new    (const char              *credential,
                                      GError                 **error);
gboolean  ld_credential_hash         (const char              *credential,
                                      LdCredentialHash        *out_hash,
                                      GError                 **error);
gboolean  ld_credential_matches      (const LdCredentialHash  *stored,
                                      const char              *credential,
                                      GError                 **error);
void      ld_credential_free         (char                    *credential);
char     *ld_person_id_normalize     (const char              *person_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdCredentialHash, g_free)

G_END_DECLS
