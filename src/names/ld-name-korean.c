/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-name-korean"

#include "config.h"

#include <string.h>

#include "ld-name-korean.h"

/*
 * Korean names in Latin letters as South Koreans write them in their passports and
 * signatures. Lists write North Korean names in McCune-Reischauer (Kim Jong Un) and
 * the state writes Revised Romanization (Kim Dae-jung, Park Geun-hye); both are read
 * in ld-name-romanize.c. Most South Koreans write neither: their families keep a
 * customary spelling of the surname (이 Lee, 박 Park, 노 Roh, 전 Chun), and the given
 * name follows English spelling habits older than either system: ㅓ is u (석 Suk, 정
 * Jung), ㅕ is yu (명 Myung, 현 Hyun), ㅜ is oo (무 Moo, 우 Woo), ㄱ is k (기 Ki, 건
 * Kun), ㅢ after a consonant is ee (희 Hee). This is that reading, a third spelling of
 * each Hangul syllable, read from its letters (jamo) without ICU. Where a customary
 * spelling is also a system's (화 Hwa), the reading gives the other customary one
 * (Wha), which neither system gives.
 */

#define HANGUL_FIRST 0xAC00  /* 가 */
#define HANGUL_LAST  0xD7A3  /* 힣 */
#define N_VOWELS 21
#define N_FINALS 28

enum { INITIAL_SIOS = 9, INITIAL_IEUNG = 11, INITIAL_HIEUH = 18 };
enum { VOWEL_EO = 4, VOWEL_YEO = 6, VOWEL_WA = 9, VOWEL_WAE = 10, VOWEL_U = 13, VOWEL_WEO = 14, VOWEL_WE = 15,
       VOWEL_WI = 16, VOWEL_YI = 19, VOWEL_I = 20 };
enum { FINAL_NONE = 0, FINAL_NG = 21 };

/* ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ: ㄱ is k as in Kim, Ki-moon,
 * Kyung (Revised Romanization, the second reading, writes g). */
static const char * const initials[] = {
  "k", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h",
};

/* ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ; ㅓ, ㅕ, ㅜ, ㅢ depend on the
 * syllable (vowel_spelling()). */
static const char * const vowels[N_VOWELS] = {
  "a", "ae", "ya", "yae", "u", "e", "yu", "ye", "o", "wa", "wae", "oe", "yo", "oo", "wo", "we", "wi",
  "yoo", "eu", "ui", "i",
};

/* Closing letters as they sound: a closing ㄱ is k (박 Park, 석 Suk), ㅂ p, ㅅ ㅈ ㅊ ㅌ ㅎ t. */
static const char * const finals[N_FINALS] = {
  "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
  "ng", "t", "t", "k", "t", "p", "t",
};

/*
 * The spellings Korean families use for their surnames in passports where they are
 * neither system's nor what the rules for given names give (those need no entry: 김
 * Kim, 윤 Yoon, 정 Jung, 문 Moon, 권 Kwon, 서 Suh, 허 Huh). Where a family writes the
 * surname either way and one of the systems gives one of the ways (손 Son, 고 Ko, 백
 * Baek, 장 Jang), the other is here (Sohn, Koh, Paik, Chang). 이 and 리 are one surname,
 * 리 as the North writes it.
 */
static const struct { gunichar syllable; const char *spelling; } surnames[] = {
  { 0xC774 /* 이 */, "lee" },   { 0xB9AC /* 리 */, "lee" },   { 0xBC15 /* 박 */, "park" },
  { 0xCD5C /* 최 */, "choi" },  { 0xC870 /* 조 */, "cho" },   { 0xC7A5 /* 장 */, "chang" },
  { 0xC784 /* 임 */, "lim" },   { 0xB9BC /* 림 */, "lim" },   { 0xC624 /* 오 */, "oh" },
  { 0xC2E0 /* 신 */, "shin" },  { 0xC2EC /* 심 */, "shim" },  { 0xC548 /* 안 */, "ahn" },
  { 0xB178 /* 노 */, "roh" },   { 0xB85C /* 로 */, "roh" },   { 0xC804 /* 전 */, "chun" },
  { 0xC190 /* 손 */, "sohn" },  { 0xACE0 /* 고 */, "koh" },   { 0xBC31 /* 백 */, "paik" },
  { 0xD55C /* 한 */, "hahn" },  { 0xC5C4 /* 엄 */, "uhm" },
};

gboolean
_ld_name_has_hangul (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= HANGUL_FIRST && c <= HANGUL_LAST)
        return TRUE;
    }
  return FALSE;
}

static const char *
surname_spelling (gunichar syllable)
{
  for (guint i = 0; i < G_N_ELEMENTS (surnames); i++)
    if (surnames[i].syllable == syllable)
      return surnames[i].spelling;
  return NULL;
}

/*
 * The vowels written by the syllable: ㅓ is u in a closed syllable (석 Suk, 정 Jung) and
 * uh in an open one (서 Suh, 허 Huh), where u alone would read as ㅜ; ㅕ likewise yu (명
 * Myung, 현 Hyun) and yuh; ㅜ is oo (무 Moo), and woo with no consonant before it (우
 * Woo, 욱 Wook); ㅠ is yoo (유 Yoo); ㅢ after a consonant sounds and is written ee (희
 * Hee), alone eui (의 Eui).
 */
static const char *
vowel_spelling (guint initial,
                guint vowel,
                guint final)
{
  gboolean closed = final != FINAL_NONE;

  switch (vowel)
    {
    case VOWEL_EO:
      return closed ? "u" : "uh";
    case VOWEL_YEO:
      return closed ? "yu" : "yuh";
    case VOWEL_U:
      return initial == INITIAL_IEUNG ? "woo" : "oo";
    case VOWEL_YI:
      return initial == INITIAL_IEUNG ? "eui" : "ee";
    default:
      return vowels[vowel];
    }
}

/* ㅅ before ㅣ is sh, as English hears it (신 Shin, 식 Shik). */
static const char *
initial_spelling (guint initial,
                  guint vowel)
{
  if (initial == INITIAL_SIOS && vowel == VOWEL_I)
    return "sh";
  return initials[initial];
}

static gboolean
starts_with_w (guint vowel)
{
  return vowel == VOWEL_WA || vowel == VOWEL_WAE || vowel == VOWEL_WEO || vowel == VOWEL_WE || vowel == VOWEL_WI;
}

static void
append_syllable (GString  *out,
                 gunichar  syllable,
                 gboolean  surname)
{
  guint index = syllable - HANGUL_FIRST;
  guint initial = index / (N_VOWELS * N_FINALS);
  guint vowel = index / N_FINALS % N_VOWELS;
  guint final = index % N_FINALS;
  const char *family = surname ? surname_spelling (syllable) : NULL;

  if (family != NULL)
    {
      g_string_append (out, family);
      return;
    }
  /* ㅎ before w is wh, as English writes that sound (이화 Ewha, 화 Wha, 황 Whang): both
   * systems write hw, so this is the spelling they do not give. */
  if (initial == INITIAL_HIEUH && starts_with_w (vowel))
    {
      g_string_append (out, "wh");
      g_string_append (out, vowels[vowel] + 1);
    }
  else
    {
      g_string_append (out, initial_spelling (initial, vowel));
      g_string_append (out, vowel_spelling (initial, vowel, final));
    }
  g_string_append (out, finals[final]);
}

/**
 * _ld_name_korean_customary:
 * @text: a name with Hangul
 * @marked: write each syllable as %LD_NAME_KOREAN_MARK instead, to tell which words of
 *   the reading were read from Hangul
 *
 * Each Hangul syllable as South Koreans customarily write it, a word of its own (as
 * names are written syllable by syllable: Roh Moo-hyun, Moo Hyun, Moohyun). The first
 * syllable of the name is the surname, as Korean writes it first.
 *
 * Returns: (transfer full): @text with its Hangul syllables in Latin letters
 */
char *
_ld_name_korean_customary (const char *text,
                           gboolean    marked)
{
  GString *out = g_string_sized_new (strlen (text) * 2);
  gboolean last_hangul = FALSE, seen_hangul = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean hangul = c >= HANGUL_FIRST && c <= HANGUL_LAST;

      if (!hangul)
        g_string_append_unichar (out, c);
      else
        {
          if (last_hangul)
            g_string_append_c (out, ' ');
          if (marked)
            g_string_append (out, LD_NAME_KOREAN_MARK);
          else
            append_syllable (out, c, !seen_hangul);
          seen_hangul = TRUE;
        }
      last_hangul = hangul;
    }
  return g_string_free (out, FALSE);
}
