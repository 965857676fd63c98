/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LD_NAME_NORMALIZER_ERROR (ld_name_normalizer_error_quark ())

typedef enum
{
  LD_NAME_NORMALIZER_ERROR_INVALID_UTF8,
  LD_NAME_NORMALIZER_ERROR_TOO_LONG,
  LD_NAME_NORMALIZER_ERROR_CONTROL_CHARACTER,
  LD_NAME_NORMALIZER_ERROR_EMPTY,
  LD_NAME_NORMALIZER_ERROR_TRANSLITERATION,
  LD_NAME_NORMALIZER_ERROR_MIXED_SCRIPTS,
} LdNameNormalizerError;

typedef enum
{
  LD_NAME_NORMALIZER_FLAGS_NONE    = 0,
  /* List data: control characters become spaces and words in mixed scripts pass,
   * instead of an error. */
  LD_NAME_NORMALIZER_FLAGS_LENIENT = 1 << 0,
  /* The second spelling (ld_name_normalizer_second_spellings()) of a script written in
   * Latin letters two ways: Thai words read letter by letter as their bearers write them
   * (Shinawatra), not as the Royal Thai General System says them (Chinnawat); Korean in
   * Revised Romanization (Kim Dae-jung), not McCune-Reischauer (Kim Tae Jung). */
  LD_NAME_NORMALIZER_FLAGS_SECOND_READING = 1 << 1,
  /* The third spelling (ld_name_normalizer_customary_spellings()): Korean as South
   * Koreans customarily write their names (Lee Myung-bak), in neither system. */
  LD_NAME_NORMALIZER_FLAGS_CUSTOMARY_READING = 1 << 2,
  /* For ld_name_normalizer_customary_spellings() only: each Hangul syllable as a mark,
   * which tells the words read from Hangul from those written in Latin letters. */
  LD_NAME_NORMALIZER_FLAGS_HANGUL_MARKED = 1 << 3,
  /* With %LD_NAME_NORMALIZER_FLAGS_SECOND_READING, for ld_name_normalizer_indic_spellings()
   * only: Thai words in their Indic reading (Piromya, Sivaraksa, Kalayanapong). */
  LD_NAME_NORMALIZER_FLAGS_INDIC_READING = 1 << 4,
} LdNameNormalizerFlags;

/* A person's or company's name is never longer than this, the registers' limit for a
 * name (ld_validate_text()); longer input is refused. */
#define LD_NAME_NORMALIZER_MAX_CHARS 500

GQuark   ld_name_normalizer_error_quark (void);

char    *ld_name_normalizer_normalize   (const char             *name,
                                         gssize                  length,
                                         LdNameNormalizerFlags   flags,
                                         GError                **error);
char   **ld_name_normalizer_tokenize    (const char             *name,
                                         gssize                  length,
                                         LdNameNormalizerFlags   flags,
                                         GError                **error);
char   **ld_name_normalizer_second_spellings (const char         *name,
                                             const char         *normal);
char   **ld_name_normalizer_indic_spellings (const char          *name,
                                            const char          *normal);
char   **ld_name_normalizer_hebrew_words (const char            *name,
                                          const char            *normal);
char   **ld_name_normalizer_customary_spellings (const char       *name,
                                                const char       *normal,
                                                gboolean        **out_from_hangul);
char   **ld_name_normalizer_customary_variants (const char        *name,
                                                const char        *normal);
char   **ld_name_normalizer_canonicalize (const char             *word);
char    *ld_name_normalizer_skeleton    (const char             *token);
gboolean ld_name_normalizer_is_noise    (const char             *token);

G_END_DECLS
