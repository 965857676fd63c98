/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-name-script"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ld-name-normalizer.h"
#include "ld-name-script.h"

/*
 * Khmer: ICU (72, Debian 12) has no Khmer-Latin transliterator, so Any-Latin leaves
 * Khmer as it is and a Khmer name had "no letters or digits". This is the
 * UNGEGN-style romanisation reduced to what a name comparison needs: consonants with
 * their inherent vowel (a for the first series, o for the second), vowel signs, the
 * subscript consonant sign dropped (the consonant after it is read as written), and
 * ប with the musikatoan sign read as p (ប៉ុល ពត: Pol Pot).
 *
 * A vowel sign reads by the series of the consonant it follows, as UNGEGN writes it:
 * ុ is o after the first series and u after the second (ហ៊ុន, whose triisap ៊ puts ហ
 * in the second series: Hun), ោ is ao or o (នរោត្តម:
 * Norodom). The musikatoan ៉ puts a second-series consonant in the first, the
 * triisap ៊ a first-series one in the second. The nikahit ំ after a bare consonant
 * closes its inherent vowel with m (សំរិន: Samrin).
 */

#define KHMER_FIRST 0x1780
#define KHMER_LAST  0x17F9

static const char * const khmer_consonants[] = {
  /* 1780 */ "k", "kh", "k", "kh", "ng", "ch", "chh", "ch", "chh", "nh", "d", "th", "d", "th", "n", "t",
  /* 1790 */ "th", "t", "th", "n", "b", "ph", "p", "ph", "m", "y", "r", "l", "v", "s", "s", "s",
  /* 17A0 */ "h", "l", "",
};

/* First series consonants take a as their inherent vowel, the second o. */
static const char khmer_series[] = "aaoooaaoooaaooaaaoooaaoooooooaaaaaa";

/* Vowel signs after a first-series consonant, then after a second-series one. ី is
 * i after both: UNGEGN's ei for the first series is not how names write it (សីហនុ:
 * Sihanouk, ស៊ីសុវត្ថិ: Sisowath). */
static const char * const khmer_vowels[2][16] = {
  /* 17B6 */ { "a", "e", "i", "oe", "eu", "o", "ou", "uo", "aeu", "oea", "ie", "e", "ae", "ai", "ao", "au" },
  /* 17B6 */ { "ea", "i", "i", "eu", "eu", "u", "u", "uo", "eu", "oea", "ie", "e", "ae", "ey", "o", "ov" },
};

static const char * const khmer_independent[] = {
  /* 17A3 */ "a", "aa", "e", "ei", "o", "ou", "ou", "ov", "rue", "rueu", "lue", "lueu", "ae", "ai", "ao", "ao", "au",
};

gboolean
_ld_name_script_has_khmer (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= KHMER_FIRST && c <= KHMER_LAST)
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_khmer_consonant (gunichar c)
{
  return c >= 0x1780 && c <= 0x17A2;
}

/* A consonant followed by another (not by a vowel sign or a subscript) reads its
 * inherent vowel; at the end of a word it is a final consonant and reads none. */
static gboolean
takes_inherent_vowel (const char *next_p)
{
  gunichar next = *next_p != '\0' ? g_utf8_get_char (next_p) : 0;

  while (next == 0x17C9 || next == 0x17CA || next == 0x17CC)
    {
      next_p = g_utf8_next_char (next_p);
      next = *next_p != '\0' ? g_utf8_get_char (next_p) : 0;
    }
  return is_khmer_consonant (next);
}

/* The series a consonant reads in: its own, unless a musikatoan ៉ (to the first) or a
 * triisap ៊ (to the second) follows it. */
static char
khmer_series_of (gunichar    c,
                 const char *next)
{
  gunichar after = *next != '\0' ? g_utf8_get_char (next) : 0;

  if (after == 0x17C9)
    return 'a';
  if (after == 0x17CA)
    return 'o';
  return khmer_series[c - 0x1780];
}

/* Appends @c as written at @p; returns the series a vowel sign after it reads in. */
static char
append_khmer_consonant (GString    *out,
                        const char *p,
                        gunichar    c)
{
  const char *next = g_utf8_next_char (p);
  guint i = c - 0x1780;
  char series = khmer_series_of (c, next);

  gunichar after = *next != '\0' ? g_utf8_get_char (next) : 0;

  if (c == 0x1794 && after == 0x17C9)
    g_string_append (out, "p");  /* ប៉ */
  else if (after < KHMER_FIRST || after > KHMER_LAST)
    {
      /* A final consonant is written unaspirated: សុខ is Sok, not Sokh. */
      const char *final = khmer_consonants[i];
      gsize len = strlen (final);

      g_string_append_len (out, final, len > 1 && final[len - 1] == 'h' && c != 0x1789 ? (gssize) len - 1 : (gssize) len);
    }
  else
    g_string_append (out, khmer_consonants[i]);
  if (takes_inherent_vowel (next))
    g_string_append_c (out, series);
  else if (after == 0x17C6)
    {
      /* The nikahit closes the inherent vowel: សំ is sam, គំ kum. */
      g_string_append_c (out, series == 'a' ? 'a' : 'u');
    }
  return series;
}

/**
 * _ld_name_script_khmer_to_latin:
 *
 * Returns: (transfer full): @text with its Khmer letters romanised.
 */
char *
_ld_name_script_khmer_to_latin (const char *text)
{
  GString *out = g_string_sized_new (strlen (text) * 2);
  char series = 'a';
  gboolean subscript = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_khmer_consonant (c))
        {
          char own = append_khmer_consonant (out, p, c);

          /* Under a subscript sign the cluster keeps its first consonant's series. */
          if (!subscript)
            series = own;
          subscript = FALSE;
        }
      else if (c >= 0x17A3 && c <= 0x17B3)
        g_string_append (out, khmer_independent[c - 0x17A3]);
      else if (c >= 0x17B6 && c <= 0x17C5)
        g_string_append (out, khmer_vowels[series == 'a' ? 0 : 1][c - 0x17B6]);
      else if (c == 0x17C6)
        g_string_append_c (out, 'm');
      else if (c == 0x17C7)
        g_string_append_c (out, 'h');
      else if (c >= 0x17E0 && c <= 0x17E9)
        g_string_append_c (out, '0' + (c - 0x17E0));
      else if (c == 0x17D2)
        subscript = TRUE;  /* the subscript sign: the consonant after it is read as written */
      else if (c >= 0x17B4 && c <= 0x17DD)
        ;  /* signs that change a sound, not a letter */
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* How Chinese transcribes foreign names (after the Xinhua tables of the names of
 * foreign people): each character stands for a sound of the name it writes, not for
 * its Mandarin reading (贝拉克·奥巴马: ba-ra-k o-ba-ma, Barack Obama; 基 in
 * 弗拉基米尔 is the di of Vladimir). Where a character stands for several sounds, the
 * one English spellings of names most often have. */
static const struct { const char *han; const char *latin; } transcription[] = {
  { "阿", "a" }, { "埃", "e" }, { "艾", "ai" }, { "安", "an" }, { "昂", "an" }, { "奥", "o" }, { "巴", "ba" },
  { "拜", "bai" }, { "班", "ban" }, { "邦", "bon" }, { "保", "bo" }, { "贝", "ba" }, { "本", "ben" }, { "比", "bi" },
  { "彼", "pe" }, { "别", "be" }, { "宾", "bin" }, { "波", "po" }, { "伯", "ber" }, { "博", "bo" }, { "布", "bu" },
  { "查", "cha" }, { "达", "da" }, { "戴", "dai" }, { "丹", "dan" }, { "道", "do" }, { "德", "d" }, { "登", "den" },
  { "迪", "di" }, { "蒂", "ti" }, { "丁", "din" }, { "东", "don" }, { "杜", "du" }, { "顿", "ton" }, { "多", "do" },
  { "厄", "e" }, { "恩", "n" }, { "尔", "r" }, { "法", "fa" }, { "范", "van" }, { "菲", "fi" }, { "费", "fe" },
  { "芬", "fin" }, { "丰", "fon" }, { "佛", "fo" }, { "弗", "v" }, { "福", "fo" }, { "夫", "f" }, { "富", "fu" },
  { "盖", "ge" }, { "甘", "gan" }, { "戈", "go" }, { "格", "g" }, { "古", "gu" }, { "哈", "ha" }, { "海", "hai" },
  { "汉", "han" }, { "豪", "ho" }, { "赫", "h" }, { "亨", "hen" }, { "侯", "hu" }, { "胡", "hu" }, { "华", "wa" },
  { "怀", "wai" }, { "惠", "wi" }, { "霍", "ho" }, { "基", "di" }, { "吉", "gi" }, { "加", "ga" }, { "贾", "ja" },
  { "杰", "je" }, { "金", "kin" }, { "卡", "ka" }, { "凯", "kai" }, { "坎", "kan" }, { "康", "kon" }, { "科", "ko" },
  { "克", "k" }, { "肯", "ken" }, { "库", "ku" }, { "奎", "kwi" }, { "拉", "ra" }, { "莱", "le" }, { "兰", "lan" },
  { "朗", "ru" }, { "劳", "lau" }, { "勒", "le" }, { "雷", "re" }, { "里", "ri" }, { "利", "li" }, { "莉", "li" },
  { "丽", "li" }, { "林", "lin" }, { "琳", "lin" }, { "隆", "lon" }, { "卢", "lu" }, { "鲁", "ru" }, { "路", "lu" },
  { "罗", "ro" }, { "洛", "lo" }, { "马", "ma" }, { "玛", "ma" }, { "迈", "mai" }, { "麦", "mac" }, { "曼", "man" },
  { "茂", "mo" }, { "梅", "me" }, { "门", "men" }, { "蒙", "mon" }, { "米", "mi" }, { "密", "mi" }, { "明", "min" },
  { "摩", "mo" }, { "莫", "mo" }, { "默", "mer" }, { "姆", "m" }, { "穆", "mu" }, { "纳", "na" }, { "娜", "na" },
  { "奈", "nai" }, { "南", "nan" }, { "内", "ne" }, { "尼", "ni" }, { "努", "nu" }, { "诺", "no" }, { "欧", "o" },
  { "帕", "pa" }, { "潘", "pan" }, { "佩", "pe" }, { "皮", "pi" }, { "普", "p" }, { "齐", "chi" }, { "奇", "chi" },
  { "乔", "jo" }, { "切", "che" }, { "琼", "jon" }, { "丘", "chu" }, { "萨", "sa" }, { "塞", "se" }, { "赛", "sai" },
  { "桑", "san" }, { "瑟", "ser" }, { "森", "sen" }, { "沙", "sha" }, { "舍", "she" }, { "施", "shi" }, { "史", "sh" },
  { "斯", "s" }, { "苏", "su" }, { "索", "so" }, { "塔", "ta" }, { "泰", "tai" }, { "坦", "tan" }, { "汤", "ton" },
  { "唐", "do" }, { "特", "t" }, { "提", "ti" }, { "图", "tu" }, { "托", "to" }, { "瓦", "va" }, { "万", "van" },
  { "威", "wi" }, { "维", "vi" }, { "韦", "we" }, { "温", "win" }, { "沃", "wo" }, { "乌", "u" }, { "西", "si" },
  { "希", "hi" }, { "谢", "she" }, { "辛", "sin" }, { "休", "hu" }, { "雅", "ya" }, { "亚", "ya" }, { "扬", "yan" },
  { "耶", "ye" }, { "伊", "i" }, { "因", "in" }, { "英", "in" }, { "尤", "yu" }, { "约", "jo" }, { "扎", "za" },
  { "泽", "ze" }, { "詹", "jan" }, { "朱", "ju" }, { "卓", "jo" }, { "兹", "z" }, { "佐", "zo" }, { "京", "tin" },
};

static const char *
transcription_of (const char *han,
                  gsize       len)
{
  static GHashTable *readings;

  if (g_once_init_enter (&readings))
    {
      GHashTable *t = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < G_N_ELEMENTS (transcription); i++)
        g_hash_table_insert (t, (gpointer) transcription[i].han, (gpointer) transcription[i].latin);
      g_once_init_leave (&readings, t);
    }
  {
    g_autofree char *one = g_strndup (han, len);

    return g_hash_table_lookup (readings, one);
  }
}

static gboolean
has_middle_dot (const char *text)
{
  return strstr (text, "\u00B7") || strstr (text, "\u30FB") || strstr (text, "\u2027") || strstr (text, "\u2022")
         || strstr (text, "\u2219");
}

/**
 * _ld_name_script_read_transcribed:
 * @text: a name with Han characters
 *
 * A foreign name written in Chinese (its parts separated by a middle dot) read as the
 * sounds its characters transcribe, in Latin letters; characters outside the
 * transcription table are left for ICU to read as Mandarin.
 *
 * Returns: (transfer full) (nullable): the name so read, or %NULL when @text has no
 *   middle dot
 */
char *
_ld_name_script_read_transcribed (const char *text)
{
  GString *out;

  if (!has_middle_dot (text))
    return NULL;
  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gsize len = g_utf8_next_char (p) - p;
      const char *latin = g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN
                          ? transcription_of (p, len) : NULL;

      if (latin != NULL)
        g_string_append (out, latin);
      else
        g_string_append_len (out, p, len);
    }
  return g_string_free (out, FALSE);
}

/**
 * _ld_name_script_join_transcribed:
 * @latin: ICU's romanisation of a name with Han characters
 *
 * Chinese writes a foreign name syllable by syllable, its parts separated by a middle
 * dot (贝拉克·奥巴马, Barack Obama). ICU romanises each character as a syllable; the
 * syllables of one part are written together here (beilake aobama), so the part meets
 * the name it transcribes as one word.
 *
 * Returns: (transfer full) (nullable): the joined text, or %NULL when @latin has no
 *   middle dot.
 */
char *
_ld_name_script_join_transcribed (const char *latin)
{
  static const char * const dots[] = { "\u00B7", "\u30FB", "\u2027", "\u2022", "\u2219" };
  g_autoptr(GString) text = g_string_new (latin);
  GString *out;
  gboolean found = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (dots); i++)
    found |= g_string_replace (text, dots[i], "\x01", 0) > 0;
  if (!found)
    return NULL;
  out = g_string_sized_new (text->len);
  for (const char *p = text->str; *p != '\0'; p++)
    if (*p == '\x01')
      g_string_append_c (out, ' ');
    else if (*p != ' ')
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

/* Latin, Cyrillic and Greek have letters that look alike (a, а, α): one word written
 * with two of them is a copying or typing error that would defeat every comparison. */
static gboolean
is_lookalike_script (GUnicodeScript script)
{
  return script == G_UNICODE_SCRIPT_LATIN || script == G_UNICODE_SCRIPT_CYRILLIC
         || script == G_UNICODE_SCRIPT_GREEK;
}

static const char *
script_name (GUnicodeScript script)
{
  switch (script)
    {
    case G_UNICODE_SCRIPT_LATIN: return _("Latin");
    case G_UNICODE_SCRIPT_CYRILLIC: return _("Cyrillic");
    case G_UNICODE_SCRIPT_GREEK: return _("Greek");
    default: return "?";
    }
}

static gboolean
check_word (const char  *word,
            gsize        length,
            GError     **error)
{
  GUnicodeScript seen = G_UNICODE_SCRIPT_COMMON;

  for (const char *p = word; p < word + length; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeScript script = g_unichar_get_script (c);

      if (!is_lookalike_script (script))
        continue;
      if (seen != G_UNICODE_SCRIPT_COMMON && script != seen)
        {
          g_autofree char *w = g_strndup (word, length);

          g_set_error (error, LD_NAME_NORMALIZER_ERROR, LD_NAME_NORMALIZER_ERROR_MIXED_SCRIPTS,
                       _("The word “%s” mixes %s and %s letters (“%.*s” is %s); letters that look alike in "
                         "two scripts are a copying or typing error: type the word again in one script."),
                       w, script_name (seen), script_name (script),
                       (int) (g_utf8_next_char (p) - p), p, script_name (script));
          return FALSE;
        }
      seen = script;
    }
  return TRUE;
}

/**
 * _ld_name_script_check_words:
 *
 * Refuses a word written in two look-alike scripts. Words in different scripts (a
 * Cyrillic name with a Latin legal form) are fine.
 */
gboolean
_ld_name_script_check_words (const char  *text,
                             GError     **error)
{
  const char *start = text;

  for (const char *p = text;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (*p != '\0' && (g_unichar_isalnum (c) || g_unichar_ismark (c)))
        continue;
      if (p > start && !check_word (start, p - start, error))
        return FALSE;
      if (*p == '\0')
        return TRUE;
      start = g_utf8_next_char (p);
    }
}
