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
enum { VOWEL_A = 0, VOWEL_O = 8, VOWEL_EO = 4, VOWEL_YEO = 6, VOWEL_WA = 9, VOWEL_WAE = 10, VOWEL_OE = 11, VOWEL_U = 13, VOWEL_WEO = 14, VOWEL_WE = 15,
       VOWEL_WI = 16, VOWEL_YI = 19, VOWEL_I = 20 };
enum { FINAL_NONE = 0, FINAL_N = 4, FINAL_M = 16, FINAL_NG = 21 };

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

/*
 * Every spelling Korean families commonly give their surname in passports, beyond the
 * one the customary reading writes (surnames[] and the rules): a family keeps its own,
 * so one surname is written several ways (정: Jung, Chung, Jeong, Joung). Each list is
 * the surname's spellings, the reading's own among them (dropped by the matcher).
 */
static const struct { gunichar syllable; const char *spellings; } family_spellings[] = {
  { 0xC815 /* 정 */, "chung jeong joung cheong" }, { 0xC774 /* 이 */, "yi rhee ri rhie" },
  { 0xB9AC /* 리 */, "yi rhee ri rhie" },         { 0xB178 /* 노 */, "roh noh" },
  { 0xC720 /* 유 */, "yoo yu you" },              { 0xB958 /* 류 */, "ryu yoo yu" },
  { 0xC870 /* 조 */, "cho jo joe" },              { 0xC2E0 /* 신 */, "shin sin" },
  { 0xC784 /* 임 */, "lim im yim" },              { 0xB9BC /* 림 */, "lim im yim" },
  { 0xC131 /* 성 */, "sung seong" },              { 0xAC15 /* 강 */, "kang gang" },
  { 0xC804 /* 전 */, "chun jun jeon" },           { 0xBC15 /* 박 */, "park pak bak" },
  { 0xCD5C /* 최 */, "choi choe chey choy" },     { 0xC7A5 /* 장 */, "chang jang" },
  { 0xD55C /* 한 */, "han hahn" },                { 0xC624 /* 오 */, "oh o" },
  { 0xC548 /* 안 */, "ahn an" },                  { 0xC724 /* 윤 */, "yoon yun youn" },
  { 0xBB38 /* 문 */, "moon mun" },                { 0xC11C /* 서 */, "suh seo" },
  { 0xD5C8 /* 허 */, "huh heo" },                 { 0xAD8C /* 권 */, "kwon gwon" },
  { 0xC190 /* 손 */, "son sohn" },                { 0xACE0 /* 고 */, "ko koh go" },
  { 0xBC31 /* 백 */, "baek paik baik" },          { 0xD669 /* 황 */, "hwang whang" },
  { 0xC6B0 /* 우 */, "woo wu" },                  { 0xC2EC /* 심 */, "shim sim" },
  { 0xAD6C /* 구 */, "koo ku" },                  { 0xC8FC /* 주 */, "joo ju chu" },
  { 0xC5FC /* 염 */, "yeom yum" },                { 0xC5C4 /* 엄 */, "uhm eom" },
  { 0xBCC0 /* 변 */, "byun byeon" },              { 0xD604 /* 현 */, "hyun hyeon" },
  { 0xC11D /* 석 */, "suk seok" },                { 0xC120 /* 선 */, "sun seon" },
  { 0xC5F0 /* 연 */, "yeon yun" },                { 0xC721 /* 육 */, "yook yuk" },
  { 0xAD6D /* 국 */, "kook kuk" },
};

static void
add_variant (GPtrArray  *variants,
             const char *spelling)
{
  for (guint i = 0; i < variants->len; i++)
    if (strcmp (g_ptr_array_index (variants, i), spelling) == 0)
      return;
  g_ptr_array_add (variants, g_strdup (spelling));
}

static void
add_composed (GPtrArray  *variants,
              const char *initial,
              const char *vowel,
              const char *final)
{
  g_autofree char *spelling = g_strconcat (initial, vowel, final, NULL);

  add_variant (variants, spelling);
}

static void
add_family_spellings (GPtrArray *variants,
                      gunichar   syllable)
{
  for (guint i = 0; i < G_N_ELEMENTS (family_spellings); i++)
    if (family_spellings[i].syllable == syllable)
      {
        g_auto(GStrv) spellings = g_strsplit (family_spellings[i].spellings, " ", -1);

        for (guint s = 0; spellings[s] != NULL; s++)
          add_variant (variants, spellings[s]);
      }
}

/* ㄱ ㄷ ㅂ ㅈ are voiceless at a word's start and voiced within it, and Koreans write a
 * syllable of their given name either way (진 Jin, Chin; 균 Kyun, Gyun; 동 Dong, Tong):
 * the other of the pair, or NULL. */
static const char *
other_voicing (guint initial)
{
  switch (initial)
    {
    case 0: return "g";   /* ㄱ, customarily k */
    case 3: return "t";   /* ㄷ, customarily d */
    case 7: return "p";   /* ㅂ, customarily b */
    case 12: return "ch"; /* ㅈ, customarily j */
    default: return NULL;
    }
}

/**
 * _ld_name_korean_variants:
 * @syllable: a Hangul syllable
 * @surname: whether it is the name's surname
 *
 * The other spellings South Koreans commonly give a syllable of their name, next to
 * the customary reading's one: the surname's family spellings (family_spellings[]);
 * ㅓ and ㅕ written eo and yeo (Kyeong, Seok) and before ng ou and you (Joung, Young,
 * Kyoung); ㄱ ㄷ ㅂ ㅈ voiced or voiceless (Chin, Gyun); ㅚ oi (Hoi, as in Choi); a
 * vowel closing the syllable or before n or m marked with h (Kyu-hah, Kyo-ahn, Hahn,
 * Sohn, Goh), as English spelling marks a vowel that is not reduced.
 *
 * Returns: (transfer full) (nullable): the spellings, %NULL when there are none
 */
char **
_ld_name_korean_variants (gunichar syllable,
                          gboolean surname)
{
  GPtrArray *variants = g_ptr_array_new ();
  guint index, initial, vowel, final;
  const char *consonant, *voicing, *sound, *closing;

  if (syllable < HANGUL_FIRST || syllable > HANGUL_LAST)
    return NULL;
  index = syllable - HANGUL_FIRST;
  initial = index / (N_VOWELS * N_FINALS);
  vowel = index / N_FINALS % N_VOWELS;
  final = index % N_FINALS;
  consonant = initial_spelling (initial, vowel);
  sound = vowel_spelling (initial, vowel, final);
  closing = finals[final];
  if (surname)
    add_family_spellings (variants, syllable);
  if (vowel == VOWEL_EO || vowel == VOWEL_YEO)
    {
      add_composed (variants, consonant, vowel == VOWEL_EO ? "eo" : "yeo", closing);
      if (final == FINAL_NG)
        add_composed (variants, consonant, vowel == VOWEL_EO ? "ou" : "you", closing);
    }
  voicing = other_voicing (initial);
  if (voicing != NULL)
    add_composed (variants, voicing, sound, closing);
  /* ㅚ written oi, as the commonest surname writes it (최 Choi): 회 Hoi, 괴 Koi. */
  if (vowel == VOWEL_OE)
    add_composed (variants, consonant, "oi", closing);
  if ((vowel == VOWEL_A || vowel == VOWEL_O) && (final == FINAL_NONE || final == FINAL_N || final == FINAL_M))
    {
      const char *marked = vowel == VOWEL_A ? "ah" : "oh";

      add_composed (variants, consonant, marked, closing);
      /* Either voicing takes the mark (고 Koh, Goh). */
      if (voicing != NULL)
        add_composed (variants, voicing, marked, closing);
    }
  if (variants->len == 0)
    {
      g_ptr_array_free (variants, TRUE);
      return NULL;
    }
  g_ptr_array_add (variants, NULL);
  return (char **) g_ptr_array_free (variants, FALSE);
}

/* A closing consonant as it opens the next syllable when it is carried there (between
 * vowels ㄱ ㄷ ㅂ ㅈ are voiced); NULL for those that are not carried in a name's
 * spelling: none, ㅇ (ng), ㅎ (silent) and the double closings. */
static const char * const carried[N_FINALS] = {
  NULL, "g", "kk", NULL, "n", NULL, NULL, "d", "r", NULL, NULL, NULL, NULL, NULL, NULL, NULL, "m", "b", NULL,
  "s", "ss", NULL, "j", "ch", "k", "t", "p", NULL,
};

/**
 * _ld_name_korean_liaison:
 * @syllable: a Hangul syllable of a given name
 * @next: the syllable after it in the same name
 * @out_carrier: (out): @syllable written without its closing consonant
 * @out_receiver: (out): @next written with that consonant opening it
 *
 * A given name written as it is said: a closing consonant before a syllable that opens
 * on a vowel (ㅇ) is said as that syllable's first sound, and names are written so
 * (연아 Yuna, Yu-na; 현아 Hyuna; 민아 Mina; 선영 stays Sun-young, ㅇ closing is not
 * carried). Both systems and the customary reading write each syllable apart (Yeon-a).
 *
 * Returns: whether the consonant is carried; the out spellings are set only then
 */
gboolean
_ld_name_korean_liaison (gunichar   syllable,
                         gunichar   next,
                         char     **out_carrier,
                         char     **out_receiver)
{
  guint index, initial, vowel, final, next_index;

  if (syllable < HANGUL_FIRST || syllable > HANGUL_LAST || next < HANGUL_FIRST || next > HANGUL_LAST)
    return FALSE;
  index = syllable - HANGUL_FIRST;
  next_index = next - HANGUL_FIRST;
  initial = index / (N_VOWELS * N_FINALS);
  vowel = index / N_FINALS % N_VOWELS;
  final = index % N_FINALS;
  if (carried[final] == NULL || next_index / (N_VOWELS * N_FINALS) != INITIAL_IEUNG)
    return FALSE;
  /* The carrier keeps the vowel it is written with when closed (연 yu, not yuh). */
  *out_carrier = g_strconcat (initial_spelling (initial, vowel), vowel_spelling (initial, vowel, final), NULL);
  *out_receiver = g_strconcat (carried[final], vowel_spelling (0, next_index / N_FINALS % N_VOWELS,
                                                                next_index % N_FINALS),
                               finals[next_index % N_FINALS], NULL);
  return TRUE;
}

/* The mark of a syllable in the marked reading: LD_NAME_KOREAN_MARK and the syllable's
 * place in the Hangul block in three letters, to be read back by
 * _ld_name_korean_marked_syllable(). */
static void
append_mark (GString  *out,
             gunichar  syllable)
{
  guint index = syllable - HANGUL_FIRST;

  g_string_append (out, LD_NAME_KOREAN_MARK);
  g_string_append_c (out, 'a' + index / (26 * 26));
  g_string_append_c (out, 'a' + index / 26 % 26);
  g_string_append_c (out, 'a' + index % 26);
}

/* The syllable a word of the marked reading marks, or 0 when it marks none. */
gunichar
_ld_name_korean_marked_syllable (const char *word)
{
  size_t mark = strlen (LD_NAME_KOREAN_MARK);
  guint index = 0;

  if (strncmp (word, LD_NAME_KOREAN_MARK, mark) != 0 || strlen (word) != mark + 3)
    return 0;
  for (guint i = 0; i < 3; i++)
    {
      char c = word[mark + i];

      if (c < 'a' || c > 'z')
        return 0;
      index = index * 26 + (guint) (c - 'a');
    }
  return index <= HANGUL_LAST - HANGUL_FIRST ? HANGUL_FIRST + index : 0;
}

/**
 * _ld_name_korean_customary:
 * @text: a name with Hangul
 * @marked: write each syllable as its mark (append_mark()) instead, to tell which words of
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
            append_mark (out, c);
          else
            append_syllable (out, c, !seen_hangul);
          seen_hangul = TRUE;
        }
      last_hangul = hangul;
    }
  return g_string_free (out, FALSE);
}
