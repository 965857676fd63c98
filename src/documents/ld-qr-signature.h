/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The office's Ed25519 key and the signed payload a licence's QR code carries:
 *
 *   LD1;NUMBER;TYPE;VALID-FROM;VALID-UNTIL;DIGEST;KEY-ID;SIG-NUMBER;SIG-ALL
 *
 * DIGEST is the first 16 bytes of SHA-256 of the licence's content
 * (base64url), KEY-ID the first 4 bytes of SHA-256 of the public key (hex).
 * SIG-NUMBER signs "LD1;NUMBER;KEY-ID" and SIG-ALL everything before it, so a
 * payload whose number the office signed but whose details were changed is
 * told apart ("altered") from one the office never signed at all ("forged"). */

#define LD_SIGNING_KEY_SIZE 32

typedef struct _LdSigningKey LdSigningKey;

typedef struct
{
  guint8 key[LD_SIGNING_KEY_SIZE];
  char   key_id[9];
} LdPublicKey;

typedef enum
{
  LD_QR_GENUINE,
  LD_QR_ALTERED,       /* the office signed this licence number, not these details */
  LD_QR_FORGED,        /* no signature of the office in it */
  LD_QR_UNKNOWN_KEY,   /* signed with a key this desk does not know */
  LD_QR_DAMAGED,       /* not a whole payload: truncated, corrupted, or not ours */
} LdQrVerdict;

typedef struct
{
  char *licence_number;
  char *licence_type;
  char *valid_from;
  char *valid_until;
  char *digest;       /* base64url of 16 bytes */
  char *key_id;
} LdQrData;

char         *ld_signing_key_default_path   (void);
LdSigningKey *ld_signing_key_generate       (GError            **error);
gboolean      ld_signing_key_save           (const LdSigningKey *self,
                                             const char         *path,
                                             GError            **error);
LdSigningKey *ld_signing_key_load           (const char         *path,
                                             GError            **error);
void          ld_signing_key_free           (LdSigningKey       *self);
const LdPublicKey *ld_signing_key_get_public (const LdSigningKey *self);

char         *ld_public_key_to_text         (const LdPublicKey  *key);
LdPublicKey  *ld_public_key_from_text       (const char         *text,
                                             GError            **error);
LdPublicKey  *ld_public_key_load            (const char         *path,
                                             GError            **error);

char         *ld_qr_digest_from_hex         (const char         *sha256_hex);
char         *ld_qr_payload_sign            (const LdQrData     *data,
                                             const LdSigningKey *key,
                                             GError            **error);
LdQrVerdict   ld_qr_payload_verify          (const char         *payload,
                                             const LdPublicKey  *key,
                                             LdQrData          **out_data,
                                             GError            **error);
const char   *ld_qr_verdict_to_string       (LdQrVerdict         verdict);
const char   *ld_qr_verdict_explain         (LdQrVerdict         verdict);
void          ld_qr_data_free               (LdQrData           *data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdSigningKey, ld_signing_key_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdPublicKey, g_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdQrData, ld_qr_data_free)

G_END_DECLS
