/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-name-thai-letters"

#include "config.h"

#include <string.h>

#include "ld-name-thai-letters.h"

/*
 * Thai names in Latin letters as their bearers write them. The Royal Thai General
 * System (ld-name-romanize.c) writes how Thai sounds: letters that sound alike are one
 * Latin letter, finals are what Thai pronounces, letters Thai does not pronounce are
 * gone. Thai personal and family names are mostly Pali and Sanskrit, and people write
 * them in Latin letters after the Indic letters instead (Abhisit, Vejjajiva,
 * Shinawatra, Bhumibol, Adulyadej), with English habits for some vowels (Charn). This
 * is that reading, by rules on the Thai letters only: a second spelling of each Thai
 * word, which screening and the duplicate check compare next to the RTGS one.
 *
 * A word is read as a row of consonants, each with the vowel signs written before,
 * above, below or after it. Each consonant is then the start of a syllable (an onset,
 * with its vowel, or the inherent a or o when none is written), the end of one (a
 * final), or part of a vowel (อ, ว, ย in ◌อ, ◌ัว, เ◌ีย).
 */

#define THAI_FIRST_CONSONANT 0x0E01  /* ก */
#define THAI_LAST_CONSONANT  0x0E2E  /* ฮ */
#define MAX_LETTERS 48

enum
{
  KO_KAI = 0x0E01, NGO_NGU = 0x0E07, TO_TAO = 0x0E15, CHO_CHANG = 0x0E0A, YO_YING = 0x0E0D, THO_THAHAN = 0x0E17, NO_NU = 0x0E19,
  YO_YAK = 0x0E22, RO_RUA = 0x0E23, RU = 0x0E24, LO_LING = 0x0E25, LU = 0x0E26, WO_WAEN = 0x0E27,
  HO_HIP = 0x0E2B, O_ANG = 0x0E2D,
  SARA_A = 0x0E30, MAI_HAN_AKAT = 0x0E31, SARA_AA = 0x0E32, SARA_AM = 0x0E33, SARA_I = 0x0E34,
  SARA_II = 0x0E35, SARA_UE = 0x0E36, SARA_UEE = 0x0E37, SARA_U = 0x0E38, SARA_UU = 0x0E39,
  SARA_E = 0x0E40, SARA_AE = 0x0E41, SARA_O = 0x0E42, SARA_AI_MAIMUAN = 0x0E43, SARA_AI_MAIMALAI = 0x0E44,
  MAI_TAIKHU = 0x0E47, THANTHAKHAT = 0x0E4C,
  /* Not a character: the mark of a consonant with า and ะ, the short o of เ◌าะ. */
  MARK_SHORT_O = 0xE000,
};

/* Each consonant (ก to ฮ) at the start of a syllable, by its Indic letter: ภ is bh
 * (Bhumibol, Abhisit), จ is j (Jaroen), พ is p as Thai names write it (Pita), ว is v
 * (Thavisin, Vejjajiva); ช is read apart (see initial_value()). */
static const char * const initials[] = {
  "k", "kh", "kh", "kh", "kh", "kh", "ng", "j", "ch", "ch", "s", "ch", "y", "d", "t", "th",
  "th", "th", "n", "d", "t", "th", "th", "th", "n", "b", "p", "ph", "f", "p", "f", "bh",
  "m", "y", "r", "ri", "l", "lue", "v", "s", "s", "s", "h", "l", "", "h",
};

/* Each consonant closing a syllable: what Thai pronounces (k, t, p, n, m, ng), but
 * the letters Indic names write as letters: ช is j (Adulyadej, Vejjajiva, Chatikavanij),
 * ล is l (Charnvirakul, Bhumibol), ร is rn (Vajiralongkorn, Thanathorn: the inherent o
 * and ร Thai says as on). ย and ว end a vowel (ชาย chai, แก้ว kaeo). */
static const char * const finals[] = {
  "k", "k", "k", "k", "k", "k", "ng", "t", "t", "j", "t", "t", "n", "t", "t", "t",
  "t", "t", "n", "t", "t", "t", "t", "t", "n", "p", "p", "p", "p", "p", "p", "p",
  "m", "i", "rn", "", "l", "", "o", "t", "t", "t", "", "n", "", "",
};

/* ROLE_OPEN: an onset with the inherent a that takes no final. */
typedef enum { ROLE_ONSET, ROLE_FINAL, ROLE_SILENT, ROLE_OPEN } Role;

typedef struct
{
  gunichar    c;
  gunichar    lead;          /* เ แ โ ใ ไ, written before it */
  gunichar    mark;          /* its vowel sign (ั ิ ี ึ ื ุ ู ะ า ำ ็), 0 for none */
  gboolean    tone;          /* a tone mark on it */
  const char *vowel;         /* the vowel it is read with, NULL for none written */
  gboolean    long_vowel;
  gboolean    cluster_head;  /* the next consonant is read with it before the vowel */
  gboolean    part_of_vowel; /* อ of ◌อ, ว of ◌ัว, ย of เ◌ีย: read with the vowel */
  const char *final_as;      /* a final read otherwise than finals[] (รร: n) */
  Role        role;
  gboolean    inherent_o;    /* no vowel written, and a final follows: o (สม som) */
  gboolean    kept_final;    /* under the thanthakhat, but written (see keeps_silent_letter()) */
  char        silent_after[16]; /* the Indic reading only: the letters under the thanthakhat
                                 * after it, as written (see silent_letters_written()) */
} Letter;

/* Which reading a word is read in: as its bearers mostly write it, or the Indic one
 * (see _ld_name_thai_letters_indic()). */
typedef enum { READING_BEARER, READING_INDIC } Reading;

static gboolean
is_consonant (gunichar c)
{
  return c >= THAI_FIRST_CONSONANT && c <= THAI_LAST_CONSONANT;
}

static gboolean
is_lead_vowel (gunichar c)
{
  return c >= SARA_E && c <= SARA_AI_MAIMALAI;
}

static gboolean
is_vowel_sign (gunichar c)
{
  return (c >= SARA_A && c <= SARA_UU) || c == MAI_TAIKHU || c == 0x0E45;
}

static gboolean
is_tone_mark (gunichar c)
{
  return c >= 0x0E48 && c <= 0x0E4B;
}

/* The consonants a silent ห before them gives a tone (หลีก lik, หญิง ying). */
static gboolean
is_sonorant (gunichar c)
{
  return c == NGO_NGU || c == 0x0E0D || c == 0x0E13 || c == NO_NU || c == 0x0E21 || c == YO_YAK
         || c == RO_RUA || c == LO_LING || c == WO_WAEN;
}

gboolean
_ld_name_has_thai (const char *text)
{
  /* Every Thai character is E0 B8 xx or E0 B9 xx in UTF-8. */
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) p[0] == 0xE0 && ((guchar) p[1] == 0xB8 || (guchar) p[1] == 0xB9))
      return TRUE;
  return FALSE;
}

static gboolean is_stop    (gunichar c);
static gboolean same_sound (gunichar a,
                            gunichar b);

static gboolean
is_nasal_final (gunichar c)
{
  return c == NO_NU || c == 0x0E13 || c == 0x0E21;  /* น ณ ม */
}

static gboolean
is_sibilant (gunichar c)
{
  return c == 0x0E28 || c == 0x0E29 || c == 0x0E2A;  /* ศ ษ ส */
}

/*
 * Of a consonant under the thanthakhat, Thai says nothing, but the bearers of Sanskrit
 * and Pali names write what makes a Sanskrit cluster with the final before it: a stop
 * after a nasal, as a final of its own (นนท์ -nont: Chulanont, Tinsulanonda; นันท์
 * Anand; พันธุ์ -punt: Sittipunt), and a stop written with its vowel after another
 * stop, the Sanskrit -ti and -di (ภักดิ์ bhakti: Panitchpakdi; ศักดิ์ Sakdi). A
 * doubled sound (สิทธิ์ Abhisit), a nasal (ลักษณ์ Yingluck, รัตน์), a stop after a
 * sibilant (สวัสดิ์ Wongsawat) and the stops after ง (ยงค์ Banomyong, องค์ Ong) stay
 * unwritten.
 */
static gboolean
keeps_silent_letter (Letter *letters,
                     guint   n)
{
  const Letter *l = &letters[n - 1], *before = n >= 2 ? &letters[n - 2] : NULL;

  if (before == NULL || before->mark != 0 || before->lead != 0 || !is_stop (l->c) || l->c == RO_RUA
      || same_sound (before->c, l->c))
    return FALSE;
  if (is_nasal_final (before->c))
    return TRUE;
  return is_stop (before->c) && !is_sibilant (before->c) && (l->mark == SARA_I || l->mark == SARA_U);
}

/*
 * The Indic reading writes what the thanthakhat (์) silences, as the bearers of
 * Sanskrit and Pali names do who write them letter by letter: the consonant with its
 * vowel, or with the inherent a (ภิรมย์ bhirom-ya: Piromya; ศิวรักษ์ sivarak-sa:
 * Sivaraksa; เหมินท์ -min-da: Nimmanahaeminda; ดิ์ di: Piyasvasti), after the
 * consonant before, which keeps its reading. A ท before a silent ร is written with it
 * (จันทร์ chan-thra, Chandra). Not after ง, whose words bearers write without it
 * (พงศ์ pong, วงศ์ wong, ยงค์ yong, องค์ ong).
 */
static void
silent_letters_written (Letter *letters,
                        guint  *n)
{
  Letter *silent = &letters[*n - 1], *before;
  gboolean tho_ro = silent->c == RO_RUA && *n >= 2 && letters[*n - 2].c == THO_THAHAN && letters[*n - 2].mark == 0;
  guint first = tho_ro ? *n - 2 : *n - 1;
  GString *written;

  if (first == 0)
    {
      *n = first;
      return;
    }
  before = &letters[first - 1];
  *n = first;
  if (before->c == NGO_NGU && before->mark == 0 && before->lead == 0)
    return;
  written = g_string_new (before->silent_after);
  g_string_append (written, initials[letters[first].c - THAI_FIRST_CONSONANT]);
  if (tho_ro)
    g_string_append (written, "r");
  g_string_append (written, silent->mark == SARA_I ? "i" : silent->mark == SARA_U ? "u" : "a");
  g_strlcpy (before->silent_after, written->str, sizeof before->silent_after);
  g_string_free (written, TRUE);
}

/* A consonant under the thanthakhat (์) is not pronounced, and names written in
 * Latin letters mostly leave it out too (อภิสิทธิ์ Abhisit, รัตน์ rat); so is the ท of
 * a silent ทร (จันทร์ Chan, สุรินทร์ Surin). */
static void
drop_silent_letter (Letter  *letters,
                    guint   *n,
                    Reading  reading)
{
  if (*n == 0)
    return;
  if (reading == READING_INDIC)
    {
      silent_letters_written (letters, n);
      return;
    }
  if (keeps_silent_letter (letters, *n))
    {
      Letter *kept = &letters[*n - 1];

      /* After a nasal, its vowel is not written (พันธุ์ punt). */
      kept->kept_final = is_nasal_final (letters[*n - 2].c);
      if (kept->kept_final)
        kept->mark = 0;
      return;
    }
  (*n)--;
  if (letters[*n].c == RO_RUA && *n > 0 && letters[*n - 1].c == THO_THAHAN && letters[*n - 1].mark == 0)
    (*n)--;
}

/* ง with no vowel of its own cannot start a syllable after a silent ห: there ห is
 * the onset and ง its final (หงส์ hong, หงสกุล hong-sa-kun: Hongsakul). */
static gboolean
ho_before_final_ngo (const gunichar *w,
                     glong           i,
                     glong           len)
{
  return w[i + 1] == NGO_NGU
         && (i + 2 >= len || (!is_vowel_sign (w[i + 2]) && !is_tone_mark (w[i + 2]) && w[i + 2] != O_ANG));
}

/* ห after ร and before a sonorant that closes the syllable is the Sanskrit rh of
 * brahma, which Thai does not say (พรหม phrom: Prom, Phrom; พราหมณ์ phram). */
static gboolean
ho_before_final_sonorant (const gunichar *w,
                          glong           i,
                          glong           len)
{
  return i + 1 < len && is_sonorant (w[i + 1]) && w[i + 1] != RO_RUA
         && (i + 2 >= len || (!is_vowel_sign (w[i + 2]) && !is_tone_mark (w[i + 2]) && w[i + 2] != O_ANG));
}

/* The word's consonants with their signs. A ห before a sonorant that starts a
 * syllable only sets the tone and is not written (หลีกภัย Leekpai). */
static guint
parse_letters (const gunichar *w,
               glong           len,
               Letter         *letters,
               Reading         reading)
{
  guint n = 0;
  gunichar lead = 0;

  for (glong i = 0; i < len; i++)
    {
      gunichar c = w[i];

      if (is_lead_vowel (c))
        lead = c;
      else if (is_consonant (c) && n < MAX_LETTERS)
        {
          gboolean starts_syllable = n == 0 || lead != 0;

          if (c == HO_HIP && starts_syllable && i + 1 < len && is_sonorant (w[i + 1])
              && !ho_before_final_ngo (w, i, len))
            continue;
          if (c == HO_HIP && n > 0 && letters[n - 1].c == RO_RUA && ho_before_final_sonorant (w, i, len))
            continue;
          /* อ before ย starting a word only sets the tone, as ห does, in the four Thai
           * words with ย long or under a tone mark (อยู่ yu: Yoovidhya, Yubamrung; อย่า,
           * อย่าง, อยาก); not in Sanskrit ones (อยุธยา Ayutthaya). */
          if (c == O_ANG && n == 0 && lead == 0 && i + 2 < len && w[i + 1] == YO_YAK
              && (w[i + 2] == SARA_UU || w[i + 2] == SARA_AA || is_tone_mark (w[i + 2])))
            continue;
          memset (&letters[n], 0, sizeof (Letter));
          letters[n].c = c;
          letters[n].lead = lead;
          lead = 0;
          n++;
        }
      else if (n == 0)
        continue;
      else if (is_vowel_sign (c) && (letters[n - 1].mark == 0 || letters[n - 1].mark == MAI_TAIKHU))
        letters[n - 1].mark = c;
      else if (c == SARA_A && letters[n - 1].mark == SARA_AA)
        letters[n - 1].mark = MARK_SHORT_O;
      else if (is_tone_mark (c))
        letters[n - 1].tone = TRUE;
      else if (c == THANTHAKHAT)
        drop_silent_letter (letters, &n, reading);
    }
  return n;
}

/* Onset clusters Thai writes (ประ pra, เพล phle) and the Sanskrit ones names keep
 * written although Thai does not say their ร (ศรี Sri, เศรษฐา Srettha). */
static gboolean
is_cluster (gunichar first,
            gunichar second)
{
  static const gunichar with_r[] = { 0x0E01, 0x0E02, 0x0E04, 0x0E14, 0x0E15, 0x0E17, 0x0E1A, 0x0E1B, 0x0E1C,
                                     0x0E1E, 0x0E1F, 0x0E28, 0x0E2A };
  static const gunichar with_l[] = { 0x0E01, 0x0E02, 0x0E04, 0x0E1A, 0x0E1B, 0x0E1C, 0x0E1E, 0x0E1F };
  const gunichar *set = second == RO_RUA ? with_r : second == LO_LING ? with_l : NULL;
  guint n = second == RO_RUA ? G_N_ELEMENTS (with_r) : G_N_ELEMENTS (with_l);

  if (second == WO_WAEN)
    return first == 0x0E01 || first == 0x0E02 || first == 0x0E04;  /* กว ขว คว */
  for (guint i = 0; set != NULL && i < n; i++)
    if (set[i] == first)
      return TRUE;
  return FALSE;
}

/* The vowel of a sign with no leading vowel (◌ื and ◌ั take the อ or ว after them). */
static const char *
plain_vowel (Letter *l,
             Letter *next)
{
  gboolean next_free = next != NULL && next->mark == 0 && next->lead == 0;

  switch (l->mark)
    {
    case MAI_HAN_AKAT:
      if (next_free && next->c == WO_WAEN)
        {
          next->part_of_vowel = TRUE;
          l->long_vowel = TRUE;
          return "ua";
        }
      return "a";
    case SARA_A: return "a";
    case SARA_AM: return "am";
    case SARA_I: return "i";
    case SARA_U: return "u";
    case SARA_UE: return "ue";
    case SARA_AA: case SARA_II: case SARA_UU: case SARA_UEE:
      l->long_vowel = TRUE;
      if (l->mark == SARA_UEE && next_free && next->c == O_ANG)
        next->part_of_vowel = TRUE;
      return l->mark == SARA_AA ? "a" : l->mark == SARA_II ? "i" : l->mark == SARA_UU ? "u" : "ue";
    default:
      return NULL;
    }
}

/* @letter is part of @vowel (the ย of เ◌ีย), not a consonant of its own. */
static const char *
read_with_vowel (Letter     *letter,
                 const char *vowel)
{
  letter->part_of_vowel = TRUE;
  return vowel;
}

/* A vowel written before its consonant, with the sign after it: เ◌ิ oe (เจริญ
 * jaroen), เ◌ีย ia, เ◌า ao, เ◌อ oe; ไ◌ย is ai (ไทย thai). เ◌ือ is ua, as Thai
 * bearers write it in English (เรือง Ruang, เมือง Muang: Juangroongruangkit), where
 * RTGS writes uea. */
static const char *
lead_vowel (gunichar  lead,
            gunichar  mark,
            Letter   *next)
{
  gboolean next_free = next != NULL && next->mark == 0 && next->lead == 0;

  if (lead == SARA_E)
    {
      if (mark == SARA_I)
        return "oe";
      if (mark == SARA_II && next_free && next->c == YO_YAK)
        return read_with_vowel (next, "ia");
      if (mark == SARA_UEE && next_free && next->c == O_ANG)
        return read_with_vowel (next, "ua");
      if (mark == SARA_AA)
        return "ao";
      if (mark == MARK_SHORT_O)
        return "o";  /* เ◌าะ, written o or oh (เสนาะ Sanoh, เกาะ Koh) */
      if (mark == 0 && next_free && next->c == O_ANG)
        return read_with_vowel (next, "oe");
      return "e";
    }
  if ((lead == SARA_AI_MAIMUAN || lead == SARA_AI_MAIMALAI) && next_free && next->c == YO_YAK)
    next->part_of_vowel = TRUE;
  return lead == SARA_AE ? "ae" : lead == SARA_O ? "o" : "ai";
}

/* The signs that make one vowel with a เ written before the consonant before them
 * (เจริญ: เ◌ิ, oe; เสนาะ: เ◌าะ, o); other signs are a vowel of their own (โอชา: o-cha). */
static gboolean
joins_lead_vowel (gunichar lead,
                  gunichar mark)
{
  return lead == SARA_E && (mark == SARA_I || mark == SARA_II || mark == SARA_UEE || mark == MARK_SHORT_O);
}

/* A leading vowel over two consonants: a cluster takes it after both (เศร sre); a
 * consonant that makes no cluster with the next is read with the inherent a, and the
 * vowel moves to the next one (เจริญ ja-roen). */
static void
read_lead_over_pair (Letter *l,
                     Letter *second,
                     Letter *after)
{
  if (is_cluster (l->c, second->c))
    {
      l->cluster_head = TRUE;
      l->vowel = lead_vowel (l->lead, second->mark, after);
      l->long_vowel = TRUE;
    }
  else
    {
      l->vowel = "a";
      second->lead = l->lead;
      second->vowel = lead_vowel (second->lead, second->mark, after);
      second->long_vowel = TRUE;
    }
}

/*
 * เ or แ before two consonants with no vowel sign between them and a third that closes
 * the syllable: the first is read with the inherent a and the vowel goes with the
 * second, as Thai readers read Sanskrit and Khmer words (เกษม ka-sem: Kasem,
 * Chaikasem; แสดง sa-daeng). The third must be the word's last
 * consonant or come before a syllable with its own vowel; a tone mark on the first, a
 * cluster, a ร or อ third (เพชร phet, the Sanskrit -ra) keep the Thai reading.
 */
static gboolean
lead_over_open_pair (const Letter *letters,
                     guint         i,
                     guint         n)
{
  const Letter *l = &letters[i], *second, *third, *fourth;

  if ((l->lead != SARA_E && l->lead != SARA_AE) || l->mark != 0 || l->tone || i + 2 >= n)
    return FALSE;
  second = &letters[i + 1];
  third = &letters[i + 2];
  fourth = i + 3 < n ? &letters[i + 3] : NULL;
  if (second->lead != 0 || second->mark != 0 || is_cluster (l->c, second->c) || third->lead != 0
      || third->mark != 0 || third->c == RO_RUA || third->c == O_ANG || third->c == WO_WAEN || third->c == YO_YAK)
    return FALSE;
  return fourth == NULL || ((fourth->mark != 0 || fourth->lead != 0) && fourth->c != O_ANG);
}

/* A word's first two consonants a cluster, with no vowel written, before one final
 * and then the word's end or a syllable with a written vowel: one syllable with the
 * inherent o (กรม krom, พรหม phrom: Prompan). ทร is Thai s (ทรง song). */
static gboolean
closed_cluster (const Letter *letters,
                guint         n)
{
  const Letter *l = &letters[0], *fourth = n > 3 ? &letters[3] : NULL;

  if (n < 3 || l->c == THO_THAHAN || l->mark != 0 || l->lead != 0 || !is_cluster (l->c, letters[1].c)
      || letters[1].mark != 0 || letters[1].lead != 0 || letters[2].mark != 0 || letters[2].lead != 0
      || letters[2].c == O_ANG || letters[2].c == WO_WAEN)
    return FALSE;
  return fourth == NULL || ((fourth->mark != 0 || fourth->lead != 0) && fourth->c != O_ANG);
}

/* รร is a with a final n, or a before the final after it (บรรหาร ban-han, วรรณ van). */
static gboolean
read_ro_han (Letter *letters,
             guint   i,
             guint   n)
{
  Letter *l = &letters[i];

  if (i + 2 >= n || l->mark != 0 || l->lead != 0 || letters[i + 1].c != RO_RUA || letters[i + 2].c != RO_RUA
      || letters[i + 1].mark != 0 || letters[i + 2].mark != 0)
    return FALSE;
  l->vowel = "a";
  letters[i + 1].part_of_vowel = TRUE;
  if (i + 3 < n && letters[i + 3].mark == 0 && letters[i + 3].lead == 0)
    letters[i + 2].part_of_vowel = TRUE;  /* the consonant after is the final */
  else
    letters[i + 2].final_as = "n";
  return TRUE;
}

/* ว between a word's first consonant and its final, none with a vowel sign, is the
 * vowel ua (ชวน chuan); อ after a consonant without one is the vowel o (ทอง thong). */
static void
read_vowel_letters (Letter *letters,
                    guint   i,
                    guint   n)
{
  Letter *l = &letters[i], *next = i + 1 < n ? &letters[i + 1] : NULL;

  if (l->vowel != NULL || l->mark != 0 || l->lead != 0 || next == NULL || next->mark != 0 || next->lead != 0)
    return;
  if (next->c == O_ANG)
    l->vowel = read_with_vowel (next, "o");
  else if (next->c == WO_WAEN && i == 0 && n == 3 && letters[2].mark == 0 && letters[2].lead == 0)
    l->vowel = read_with_vowel (next, "ua");
  l->long_vowel = l->vowel != NULL;
}

/* A consonant inside a word that makes a cluster with the ร or ล after it, which has
 * the vowel, starts its syllable with it as at the start of a word, where the
 * syllable before is closed or has its own vowel (เอียวศรี iao-sri: Eoseewong;
 * ปานปรีย์ pan-pri: Parnpree; สงคราม song-khram): not after ◌ั, whose syllable it
 * closes (ภัทรา phat-tra). */
static gboolean
cluster_inside_word (const Letter *letters,
                     guint         i)
{
  const Letter *next = &letters[i + 1];

  return i > 0 && (next->c == RO_RUA || next->c == LO_LING) && letters[i - 1].mark != MAI_HAN_AKAT;
}

/* Every consonant's written vowel, clusters, and the letters that are part of a vowel. */
static void
read_vowels (Letter *letters,
             guint   n)
{
  for (guint i = 0; i < n; i++)
    {
      Letter *l = &letters[i], *next = i + 1 < n ? &letters[i + 1] : NULL;
      Letter *after = i + 2 < n ? &letters[i + 2] : NULL;

      if (l->part_of_vowel || l->vowel != NULL || read_ro_han (letters, i, n))
        continue;
      if (l->c == RU || l->c == LU)
        l->vowel = "";  /* ฤ and ฦ are vowels of their own: ri, lue */
      if (l->lead != 0 && l->mark == 0 && next != NULL && next->lead == 0
          && (joins_lead_vowel (l->lead, next->mark) || is_cluster (l->c, next->c)
              || lead_over_open_pair (letters, i, n)))
        read_lead_over_pair (l, next, after);
      else if (l->lead != 0)
        {
          l->vowel = lead_vowel (l->lead, l->mark, next);
          l->long_vowel = TRUE;
        }
      else if (l->mark != 0)
        l->vowel = plain_vowel (l, next);
      else if ((i == 0 || cluster_inside_word (letters, i)) && next != NULL && next->mark != 0 && next->lead == 0
               && is_cluster (l->c, next->c))
        {
          l->cluster_head = TRUE;
          l->vowel = plain_vowel (next, after);
          l->long_vowel = next->long_vowel;
        }
      else if (i == 0 && closed_cluster (letters, n))
        l->cluster_head = TRUE;
      else
        read_vowel_letters (letters, i, n);
      if (l->cluster_head && next != NULL)
        next->part_of_vowel = TRUE;
    }
}

static guint
next_letter (const Letter *letters,
             guint         i,
             guint         n)
{
  for (i++; i < n && letters[i].part_of_vowel && letters[i].final_as == NULL; i++)
    ;
  return i;
}

static gboolean
same_sound (gunichar a,
            gunichar b)
{
  return strcmp (initials[a - THAI_FIRST_CONSONANT], initials[b - THAI_FIRST_CONSONANT]) == 0;
}

static gboolean
is_stop (gunichar c)
{
  const char *f = finals[c - THAI_FIRST_CONSONANT];

  return strcmp (f, "k") == 0 || strcmp (f, "t") == 0 || strcmp (f, "p") == 0;
}

/* ว after a short i or u, a long a or a lone เ, or ย after a short i or u: see
 * role_after_open_syllable(). */
static gboolean
pali_semivowel_onset (const Letter *prev,
                      const Letter *l)
{
  gboolean short_vowel = prev->lead == 0 && (prev->mark == SARA_I || prev->mark == SARA_U);

  if (l->c == YO_YAK)
    return short_vowel;
  if (l->c != WO_WAEN)
    return FALSE;
  return short_vowel || (prev->lead == 0 && prev->mark == SARA_AA) || (prev->lead == SARA_E && prev->mark == 0);
}

/*
 * A consonant without a vowel after a syllable that can still take a final: its final,
 * or the start of a syllable with the inherent a. Pali and Sanskrit compounds read a
 * consonant between two vowels twice, closing one syllable and opening the next
 * (ชินวัตร chin-na-wat), and their bearers write it once with the a (Shinawatra);
 * Thai words do not, and a tone mark or a long vowel marks most of them.
 */
static Role
role_after_open_syllable (const Letter *prev,
                          const Letter *l,
                          const Letter *next,
                          guint         run_to_end,
                          guint         run_to_vowel)
{
  if (l->final_as != NULL || prev->mark == MAI_HAN_AKAT || next == NULL)
    return ROLE_FINAL;  /* ั is a closed syllable; the word's last consonant closes one */
  /* ร is no Thai final inside a word: it opens a syllable (วีรกูล wi-ra-kun); nor is ห
   * ever a final (สหวิริยา sa-ha-wi-ri-ya, มหา ma-ha), nor อ after a written vowel,
   * which opens a new syllable with its own vowel, as compounds join a stem that
   * starts with a vowel (สิทธีอมร sit-thi-a-mon: Sittheeamorn). */
  if (l->c == RO_RUA || l->c == HO_HIP || (l->c == O_ANG && prev->vowel != NULL))
    return ROLE_ONSET;
  /* ต before a ร that ends the word closes its syllable, and the ร is the
   * Sanskrit -ra or -r (บุตร but: Piyabutr; มิตร Mitr), as after ◌ั (วัตร). */
  if (l->c == TO_TAO && next->c == RO_RUA && run_to_end == 2)
    return ROLE_FINAL;
  /* After an inherent vowel too, consonants without vowels up to the end of the word
   * pair up from its end (พนมยงค์ pha-nom-yong: see below). */
  /* ว is never the final of an inherent vowel: it opens a syllable (ชวลิต cha-wa-lit;
   * เจียรวนนท์ chia-ra-wa-non: Chearavanont). */
  if (prev->vowel == NULL && l->c == WO_WAEN)
    return ROLE_ONSET;
  /* ง before a stop or a sibilant closes the syllable of an inherent vowel: the
   * Sanskrit nasal before a consonant (หงสกุล hong-sa-kun: Hongsakul; สงฆ์ song). */
  if (prev->vowel == NULL && l->c == NGO_NGU && is_stop (next->c))
    return ROLE_FINAL;
  if (prev->vowel == NULL && next->vowel == NULL && !next->cluster_head && run_to_end > 1)
    return run_to_end % 2 == 0 ? ROLE_ONSET : ROLE_FINAL;
  /* and so do those up to a syllable with a written vowel (กนกกุล ka-nok-kun:
   * Saengkanokkul; สมบัติ, with none between, is som-bat). */
  if (prev->vowel == NULL && next->vowel == NULL && !next->cluster_head && run_to_vowel > 1)
    return run_to_vowel % 2 == 0 ? ROLE_ONSET : ROLE_FINAL;
  if (prev->vowel == NULL)
    /* After an inherent vowel: a closed syllable with o (สมชาย som-chai), but ว
     * opens one (ชวลิต cha-wa-lit). */
    return l->c == WO_WAEN ? ROLE_ONSET : ROLE_FINAL;
  /* A syllable starts with its leading vowel; a doubled sound before a vowel is a
   * final and an onset (เวชชา vej-ja, พิศสุ pit-su), and a doubled stop ends a word
   * as one (ยุทธ yut). */
  if (next->lead != 0 || (same_sound (l->c, next->c) && (next->vowel != NULL || is_stop (next->c))))
    return ROLE_FINAL;
  /* Consonants without vowels up to the end of the word pair up from its end, each
   * pair a syllable with o (ภูมิพล phu-mi-phon, วชิราลงกรณ์ wa-chi-ra-long-kon), so
   * of an odd number the first closes the syllable before; before a syllable with a
   * vowel, the first of them closes it (อดุลยเดช a-dun-ya-det, สุนทรเวช sun-thon-wet). */
  if (next->vowel == NULL && !next->cluster_head)
    {
      if (run_to_end % 2 == 0)
        return ROLE_ONSET;
      /* but a stop starts a syllable of its own, with a, as Thai says it and bearers
       * write it (กิตติขจร kit-ti-kha-chon: Kittikachorn; จาติกวณิช cha-ti-ka-wa-nit:
       * Chatikavanij); after a long vowel Thai reads it twice and bearers write it
       * once, as Shinawatra (โรจน rot-cha-na: Rojana). A tone mark marks a Thai word. */
      return is_stop (l->c) && !prev->tone ? ROLE_OPEN : ROLE_FINAL;
    }
  /* Before ฤ, a syllable of its own, a consonant closes the one before (คึกฤทธิ์
   * Kukrit). */
  if (next->c == RU)
    return ROLE_FINAL;
  /* ว and ย between two written vowels open a syllable in Pali and Sanskrit stems, as
   * Thai says them and their bearers write them (สภาวสุ sa-pha-wa-su: Sabhavasu;
   * ศิวรักษ์ Sivaraksa; ปิยบุตร Piyabutr; เทวกุล Devakula), where a Thai word would
   * mark the vowel before with a tone (แก้วตา) or write ◌ัย (ชัยวัฒน์). */
  if (!prev->tone && pali_semivowel_onset (prev, l))
    return ROLE_ONSET;
  /* ญ inside a word is the final n (บุญชู bun-chu: Boonchu). */
  if (prev->tone || prev->long_vowel || l->c == NGO_NGU || l->c == YO_YAK || l->c == WO_WAEN || l->c == YO_YING)
    return ROLE_FINAL;
  return ROLE_ONSET;
}

/* How many consonants without a vowel follow from @i to the end of the word, or 1 when
 * a consonant with a vowel comes first (odd: @i closes a syllable). */
static guint
vowelless_run_to_end (const Letter *letters,
                      guint         i,
                      guint         n)
{
  guint k = 0;

  for (; i < n; i = next_letter (letters, i, n))
    {
      if (letters[i].vowel != NULL || letters[i].cluster_head)
        return 1;
      k += !letters[i].kept_final;
    }
  return k;
}

/* How many consonants without a vowel follow from @i before the next one with a vowel,
 * or to the end of the word. */
static guint
vowelless_run (const Letter *letters,
               guint         i,
               guint         n)
{
  guint k = 0;

  for (; i < n && letters[i].vowel == NULL && !letters[i].cluster_head; i = next_letter (letters, i, n))
    k += !letters[i].kept_final;
  return k;
}

/* Vowels that end their syllable: ◌ะ, ◌ำ, ไ◌, ใ◌, เ◌า. */
static gboolean
takes_final (const Letter *onset)
{
  if (onset->mark == SARA_A || onset->mark == SARA_AM || onset->mark == MARK_SHORT_O)
    return FALSE;
  return onset->lead != SARA_AI_MAIMUAN && onset->lead != SARA_AI_MAIMALAI
         && !(onset->lead == SARA_E && onset->mark == SARA_AA);
}

/* The Sanskrit aspirates as their bearers write them where Thai does not say them. */
static const char *
sanskrit_aspirate (gunichar c)
{
  switch (c)
    {
    case 0x0E02: return "kh";  /* ข */
    case 0x0E06: return "gh";  /* ฆ */
    case 0x0E09: return "ch";  /* ฉ */
    case 0x0E0C: return "jh";  /* ฌ */
    case 0x0E10: case 0x0E16: return "th";  /* ฐ ถ */
    case 0x0E12: case 0x0E18: return "dh";  /* ฒ ธ */
    case 0x0E1C: return "ph";  /* ผ */
    case 0x0E20: return "bh";  /* ภ */
    default: return NULL;
    }
}

/*
 * The last consonant after a final: Sanskrit -ra is written (วัตร Shinawatra); a
 * doubled stop that ends a word without a thanthakhat is the Sanskrit geminate, and
 * bearers write its aspirate (ยุทธ yuddha: Yongchaiyudh, where ยุทธ์ is Prayut); any
 * other is not pronounced (ลักษณ์ lak).
 */
static void
read_last_after_final (Letter *l,
                       Letter *final)
{
  const char *aspirate = sanskrit_aspirate (l->c);

  if (l->c == RO_RUA)
    l->role = ROLE_ONSET;
  else if (final != NULL && aspirate != NULL && same_sound (final->c, l->c))
    {
      final->role = ROLE_SILENT;
      l->role = ROLE_FINAL;
      l->final_as = aspirate;
    }
  else
    l->role = ROLE_SILENT;
}

/* Each consonant an onset, a final or silent; an onset without a vowel takes o when a
 * final follows it and a otherwise. */
static void
assign_roles (Letter *letters,
              guint   n)
{
  Letter *syllable = NULL;     /* the open syllable's onset, NULL when it is closed */
  Letter *final = NULL;        /* the final that closed the last syllable, if it did */

  for (guint i = 0; i < n; i = next_letter (letters, i, n))
    {
      Letter *l = &letters[i];
      guint next = next_letter (letters, i, n);
      Letter *nl = next < n && !letters[next].kept_final ? &letters[next] : NULL;

      if (l->kept_final)
        {
          l->role = ROLE_FINAL;
          continue;
        }
      if (l->vowel != NULL || l->cluster_head || syllable == NULL)
        {
          if (l->vowel == NULL && nl == NULL && final != NULL)
            {
              read_last_after_final (l, final);
              continue;
            }
          l->role = ROLE_ONSET;
          syllable = takes_final (l) ? l : NULL;
          final = NULL;
          continue;
        }
      l->role = role_after_open_syllable (syllable, l, nl, vowelless_run_to_end (letters, i, n),
                                          vowelless_run (letters, i, n));
      if (l->role == ROLE_FINAL)
        {
          syllable->inherent_o = syllable->vowel == NULL;
          syllable = NULL;
          final = l;
        }
      else
        {
          /* An open onset closes the syllable before without a final, and takes none. */
          syllable = l->role == ROLE_OPEN ? NULL : l;
          final = NULL;
        }
    }
}

/* ช starts Thai names as ch (Chuan, Chavalit, Charn) and stays ch inside them where
 * it is a Thai syllable (สมชาย Somchai, ทองชัย Thongchai); it stands for Sanskrit j
 * where the Pali spelling doubles it (เวชชาชีวะ Vejjajiva) or before the vowel i of a
 * Sanskrit stem (วชิร Vajira). @l is in an array of the word's letters. */
static const char *
initial_value (const Letter *l,
               gboolean      first)
{
  if (l->c == CHO_CHANG && !first
      && ((l - 1)->c == CHO_CHANG || l->mark == SARA_I || l->mark == SARA_II))
    return "j";
  return initials[l->c - THAI_FIRST_CONSONANT];
}

/* เ◌ีย closed by น or ร (which Thai says n there) is written ien, the English habit
 * (เทียน Thien, เสถียร Sathien, วิเชียร Vichien); before other finals it is ia
 * (เกรียง Kriang). */
static gboolean
is_ien (const Letter *onset,
        const Letter *final)
{
  return onset->vowel != NULL && strcmp (onset->vowel, "ia") == 0 && final != NULL
         && final->role == ROLE_FINAL && (final->c == NO_NU || final->c == RO_RUA);
}

/* A long a before a final is written ar, the English habit (ชาญ Charn, หาร harn);
 * before ร, whose final is already rn, it is a. The Indic reading writes ร as r, and
 * เ◌ียร as iar (เกียรติ kiarti: Surakiart). */
static const char *
vowel_before_final (const Letter *onset,
                    const Letter *final,
                    Reading       reading)
{
  if (is_ien (onset, final) && !(reading == READING_INDIC && final->c == RO_RUA))
    return "ie";
  if (onset->mark == SARA_AA && onset->lead == 0 && final != NULL && final->role == ROLE_FINAL
      && final->c != RO_RUA && final->c != YO_YAK && final->c != WO_WAEN)
    return "ar";
  return onset->vowel;
}

/* The consonants whose Indic letter closes a syllable otherwise than Thai says it:
 * the sibilants s (ทศ Tos, ศุภมาส Supamas, อัศว Asava), จ j, ร r. */
static const char *
indic_final (gunichar c)
{
  switch (c)
    {
    case 0x0E0B: case 0x0E28: case 0x0E29: case 0x0E2A: return "s";  /* ซ ศ ษ ส */
    case 0x0E08: return "j";  /* จ */
    case RO_RUA: return "r";
    default: return finals[c - THAI_FIRST_CONSONANT];
    }
}

/* The row of the Indic consonants @c is in, each ending in its nasal: velar ก-ง,
 * palatal จ-ญ, retroflex and dental ฎ-น (Thai spelling mixes the two), labial บ-ม;
 * -1 for the others. */
static int
indic_row (gunichar c)
{
  if (c >= 0x0E01 && c <= 0x0E07)
    return 0;
  if (c >= 0x0E08 && c <= 0x0E0D)
    return 1;
  if (c >= 0x0E0E && c <= 0x0E19)
    return 2;
  if (c >= 0x0E1A && c <= 0x0E21)
    return 3;
  return -1;
}

/* @final and @onset make a Sanskrit cluster, written without a vowel between: a nasal
 * before a stop of its row (จันท chand, กาญจน kanch, สมพ samp), or two stops (ภักดี
 * bhakdi). */
static gboolean
makes_indic_cluster (gunichar final,
                     gunichar onset)
{
  gboolean nasal = final == NGO_NGU || final == YO_YING || final == 0x0E13 || final == NO_NU || final == 0x0E21;

  if (nasal)
    return !is_sonorant (onset) && indic_row (final) == indic_row (onset);
  return is_stop (final) && is_stop (onset) && !is_sonorant (onset);
}

/*
 * A final of the Indic reading. Inside a word, Sanskrit and Pali stems end in the
 * inherent a that Thai leaves unsaid where the next stem starts (นิมมาน nim-man:
 * Nimmana-; กัลยาณ kan-yan: Kalayana; ณัฐ nat: Natta-; วัฒน wat: Watana), and their
 * bearers write it: the final of a syllable with a written vowel is written as the
 * consonant with a, when the next consonant starts a syllable with a vowel of its own,
 * is another sound (a doubled one is written once with its a: นิมมา nimma), and makes
 * no Sanskrit cluster with it (makes_indic_cluster()); not a final ง, ย or ว, which
 * end their vowel. A Thai syllable with the inherent o (สม som, กมล ka-mon) keeps its
 * final.
 */
static void
append_indic_final (GString      *out,
                    const Letter *onset,
                    const Letter *l,
                    const Letter *next,
                    gboolean      next_is_last)
{
  gboolean stem_a = next != NULL && onset != NULL && onset->vowel != NULL && next->role != ROLE_FINAL
                    && next->role != ROLE_SILENT && !(next_is_last && next->vowel == NULL)
                    && l->silent_after[0] == '\0' && !same_sound (l->c, next->c)
                    && !makes_indic_cluster (l->c, next->c) && l->c != NGO_NGU && l->c != YO_YAK
                    && l->c != WO_WAEN;

  /* ล ending the word after a written vowel is the Sanskrit -la, kula (เทวกุล
   * Devakula), which Thai says -kun. */
  if (next == NULL && l->c == LO_LING && onset != NULL && onset->vowel != NULL && l->silent_after[0] == '\0')
    stem_a = TRUE;
  if (stem_a)
    {
      /* ญ opens a syllable as y in Thai, but is the Indic n (ñ) closing one. */
      g_string_append (out, l->c == YO_YING ? "n" : initials[l->c - THAI_FIRST_CONSONANT]);
      g_string_append_c (out, 'a');
    }
  else
    g_string_append (out, indic_final (l->c));
}

/*
 * rue_or_ri: ฤ starting a word is a syllable of its own when the consonant after it
 * has its own vowel, as Thai says it and bearers write it, rue or ru (ฤชุพันธุ์
 * Ruchuphan, ฤดี Ruedee); before a consonant that closes it, it is the Sanskrit ri
 * (ฤทธิ์ Rit, กฤษณ์ Krit).
 *
 * append_letter: @letters[@i] as read, an onset with its vowel or a final; *@onset is
 * the last onset, the one a final closes.
 */
static void
append_letter (GString       *out,
               Letter        *letters,
               guint          i,
               guint          n,
               Reading        reading,
               const Letter **onset)
{
  Letter *l = &letters[i];
  guint next = next_letter (letters, i, n);

  if (l->role == ROLE_SILENT)
    return;
  if (l->role == ROLE_FINAL && reading == READING_INDIC && l->final_as == NULL)
    {
      append_indic_final (out, *onset, l, next < n ? &letters[next] : NULL,
                          next < n && next_letter (letters, next, n) >= n);
      return;
    }
  if (l->role == ROLE_FINAL)
    {
      if (l->final_as == NULL && *onset != NULL && is_ien (*onset, l))
        g_string_append (out, "n");
      else
        g_string_append (out, l->final_as != NULL ? l->final_as : finals[l->c - THAI_FIRST_CONSONANT]);
      return;
    }
  *onset = l;
  if (l->c == RU && i == 0 && next < n && letters[next].mark != 0)
    g_string_append (out, "rue");  /* see rue_or_ri() */
  else
    g_string_append (out, initial_value (l, i == 0));
  if (l->cluster_head && i + 1 < n)
    g_string_append (out, initials[letters[i + 1].c - THAI_FIRST_CONSONANT]);
  if (l->vowel != NULL)
    g_string_append (out, vowel_before_final (l, next < n ? &letters[next] : NULL, reading));
  else
    g_string_append (out, l->inherent_o ? "o" : "a");
}

static void
append_letters (GString *out,
                Letter  *letters,
                guint    n,
                Reading  reading)
{
  const Letter *onset = NULL;

  for (guint i = 0; i < n; i = next_letter (letters, i, n))
    {
      append_letter (out, letters, i, n, reading, &onset);
      /* The Indic reading writes the silent letters after the letter, and after the
       * letters read with its vowel (the ย of เ◌ีย). */
      for (guint k = i; reading == READING_INDIC && k < next_letter (letters, i, n) && k < n; k++)
        g_string_append (out, letters[k].silent_after);
    }
}

/* The ย of เ◌ีย at @i, a long vowel closed by the consonant after it. */
static gboolean
is_ia_glide (const Letter *letters,
             guint         i)
{
  return i >= 1 && letters[i].c == YO_YAK && letters[i].mark == 0 && letters[i].lead == 0
         && letters[i - 1].lead == SARA_E && letters[i - 1].mark == SARA_II;
}

/* ร written after the long vowel เ◌ีย and before a stop is the r of a Sanskrit
 * cluster (kirti) that Thai does not say, and bearers leave it out as Thai does
 * (เกียรติ kiat: Kiat, Kiatisak). Last in a word it is the final n (เสถียร Sathien);
 * before another sonorant it opens a syllable (เจียรวนนท์ chia-ra-wa-non). */
static void
drop_silent_r (Letter *letters,
               guint  *n)
{
  for (guint i = 2; i + 1 < *n; i++)
    if (letters[i].c == RO_RUA && letters[i].mark == 0 && letters[i].lead == 0 && !letters[i].tone
        && is_ia_glide (letters, i - 1) && is_stop (letters[i + 1].c))
      {
        memmove (&letters[i], &letters[i + 1], (*n - i - 1) * sizeof (Letter));
        (*n)--;
      }
}

/* A word's last stop with a short i or u after a long vowel closes that syllable and
 * its vowel is not said (ชาติ chat, ญาติ yat, ธาตุ that): written as a final, after the
 * long a as ar (Chadchart). In compounds it is said (ชาติชาย Chatichai). */
static void
drop_last_short_vowel (Letter *letters,
                       guint   n)
{
  Letter *last = n >= 2 ? &letters[n - 1] : NULL, *before = n >= 2 ? &letters[n - 2] : NULL;

  if (last == NULL || last->lead != 0 || (last->mark != SARA_I && last->mark != SARA_U) || !is_stop (last->c)
      || last->kept_final)
    return;
  if (before->lead != 0 || is_ia_glide (letters, n - 2) || before->mark == SARA_AA || before->mark == SARA_II || before->mark == SARA_UU
      || before->mark == SARA_UEE)
    last->mark = 0;
}

static gboolean
memchr_unichar (const gunichar *w,
                glong           len,
                gunichar        c)
{
  for (glong i = 0; i < len; i++)
    if (w[i] == c)
      return TRUE;
  return FALSE;
}

/*
 * A word's last syllable with the inherent vowel closed by a nasal (อุตตม ut-tom,
 * สาวนายน sao-na-yon) is the Sanskrit stem with its final a, which Thai leaves
 * unsaid and bearers of Sanskrit names write: ut-ta-ma (Uttama), sa-va-na-ya-na
 * (Savanayana). Not the word's only syllable (สม som), nor where a thanthakhat marks
 * what Thai leaves out (ภิรมย์). The Thai reading (Udom for อุดม) stays the first
 * spelling.
 */
static void
write_final_a (Letter  *letters,
               guint    n,
               gboolean thanthakhat,
               Reading  reading)
{
  Letter *onset = NULL, *last = n > 0 ? &letters[n - 1] : NULL;

  /* The Indic reading writes the -ara of a stem closed by ร too (พหิทธานุกร
   * -nukara: Bahiddha-nukara), which Thai says -korn and most bearers write so. */
  if (last == NULL || thanthakhat || last->role != ROLE_FINAL
      || !(is_nasal_final (last->c) || (reading == READING_INDIC && last->c == RO_RUA)))
    return;
  for (guint i = 0; i + 1 < n; i = next_letter (letters, i, n))
    if (letters[i].role == ROLE_ONSET)
      onset = &letters[i];
  if (onset == NULL || onset == &letters[0] || !onset->inherent_o || onset->cluster_head)
    return;
  onset->inherent_o = FALSE;
  last->final_as = last->c == 0x0E21 ? "ma" : last->c == RO_RUA ? "ra" : "na";
}

static void
append_thai_word (GString        *out,
                  const gunichar *w,
                  glong           len,
                  Reading         reading)
{
  Letter letters[MAX_LETTERS];
  guint n = parse_letters (w, len, letters, reading);

  drop_silent_r (letters, &n);
  drop_last_short_vowel (letters, n);
  read_vowels (letters, n);
  assign_roles (letters, n);
  write_final_a (letters, n, memchr_unichar (w, len, THANTHAKHAT), reading);
  append_letters (out, letters, n, reading);
}

/* Thai letters and signs; Thai digits are written as digits. */
static gboolean
is_thai (gunichar c)
{
  return c >= 0x0E01 && c <= 0x0E4E;
}

/* @text with each word in Thai letters read in @reading. */
static char *
thai_letters (const char *text,
              Reading     reading)
{
  glong n = 0;
  g_autofree gunichar *chars = g_utf8_to_ucs4_fast (text, -1, &n);
  GString *out = g_string_sized_new (strlen (text));

  for (glong i = 0; i < n;)
    {
      glong start = i;

      if (chars[i] >= 0x0E50 && chars[i] <= 0x0E59)
        {
          g_string_append_c (out, (char) ('0' + chars[i++] - 0x0E50));
          continue;
        }
      if (!is_thai (chars[i]))
        {
          g_string_append_unichar (out, chars[i++]);
          continue;
        }
      while (i < n && is_thai (chars[i]))
        i++;
      append_thai_word (out, chars + start, i - start, reading);
    }
  return g_string_free (out, FALSE);
}

/**
 * _ld_name_thai_letters:
 * @text: a name, UTF-8
 *
 * Returns: (transfer full): @text with each word in Thai letters read letter by letter
 *   in lower-case ASCII (ชินวัตร chinavatra, อภิสิทธิ์ abhisit), the rest as it was
 */
char *
_ld_name_thai_letters (const char *text)
{
  return thai_letters (text, READING_BEARER);
}

/**
 * _ld_name_thai_letters_indic:
 * @text: a name, UTF-8
 *
 * The Indic reading: the reading of _ld_name_thai_letters() with the letters Thai
 * leaves unsaid written as the bearers of Sanskrit and Pali names write them who
 * follow the Indic letters further (and the Royal Institute's older transliteration):
 * the consonants under the thanthakhat (silent_letters_written()), the finals by their
 * letters and the inherent a that ends a stem inside a word (append_indic_final()),
 * the -ara of a stem (write_final_a()). A third spelling of each Thai word, compared
 * through the Thai fold next to the other two.
 *
 * Returns: (transfer full): @text with each word in Thai letters so read, the rest as
 *   it was
 */
char *
_ld_name_thai_letters_indic (const char *text)
{
  return thai_letters (text, READING_INDIC);
}

/*
 * The class of a Latin letter as Thai names are written in it, '\0' for letters that
 * tell nothing; advances *p past a digraph's first letter. A Thai letter of Pali and
 * Sanskrit names is written with its Indic value by some bearers and with its Thai
 * sound by others, and the choice is the bearer's, not the letter's: จ and ช are ch or
 * j (Chulanont, Juangroongruangkit; Chavalit, Vejjajiva), ท and ธ th, t or d
 * (Thanathorn, Sittipunt, Sundaravej, Yongchaiyudh), พ and ภ p, ph, b or bh (Pita,
 * Banomyong, Supachai, Abhisit), ค and ข k, kh or g (Kukrit, Khuang). So a stop and
 * its voiced and aspirated letters are one class, h, which marks only aspiration in
 * these spellings, tells nothing, and the letters every romanisation swaps are one
 * too (y and i, w, v and u, oo and u, ee and i, c and k). The vowels ◌ึ ◌ื are written
 * u, ue or eu (คึกฤทธิ์ Kukrit, Khuekrit), and เ◌ิ oe, er or e (เฉลิม Chalerm,
 * Chaloem): ue and eu are u, oe is e.
 */
static char
thai_fold_letter (const char **p)
{
  static const struct { const char *from; char to; } pairs[] = {
    { "tch", 'j' }, { "ch", 'j' }, { "jh", 'j' }, { "sh", 's' }, { "kh", 'k' }, { "gh", 'k' }, { "ph", 'p' },
    { "bh", 'p' }, { "th", 't' }, { "dh", 't' }, { "oo", 'u' }, { "ou", 'u' }, { "ee", 'i' },
    { "ue", 'u' }, { "eu", 'u' }, { "oe", 'e' },
  };
  const char *s = *p;

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    if (s[0] == pairs[i].from[0] && g_str_has_prefix (s, pairs[i].from))
      {
        *p += strlen (pairs[i].from) - 1;
        return pairs[i].to;
      }
  switch (s[0])
    {
    case 'h': return '\0';
    case 'd': return 't';
    case 'b': case 'f': return 'p';
    case 'g': case 'c': case 'q': return 'k';
    case 'y': return 'i';
    case 'w': case 'v': return 'u';
    default: return s[0];
    }
}

/* An r after a vowel and before a consonant, which English spellings of Thai names
 * write for a long or open vowel and Thai does not say (Charn, Korbsak, Chalerm,
 * Arthit), and which the bearer's reading writes for the final ร Thai says n
 * (Thanathorn, Korn): the fold leaves it out, on both sides. @folded_before is the
 * fold's last letter. */
static gboolean
is_english_vowel_r (const char *p,
                    char        folded_before)
{
  return p[0] == 'r' && folded_before != '\0' && strchr ("aeiou", folded_before) != NULL && p[1] != '\0'
         && g_ascii_isalpha (p[1]) && strchr ("aeiouy", p[1]) == NULL;
}

/* A letter a fold reads as a vowel, or the end of the word. */
static gboolean
is_fold_vowel (char c)
{
  return c == '\0' || strchr ("aeiouyw", c) != NULL;
}

/*
 * The long เ◌ียว, which bearers write iao, ieo, iew, eo or io (เฉลียว Chaleo, เชี่ยว
 * Chionoi, เอียว Eoseewong, เขียว Khiew), folded as eo before a consonant or at the
 * end of the word: how many letters of @p it spells, 0 when it is none of these.
 */
static guint
iao_spelling (const char *p)
{
  static const char * const spellings[] = { "iao", "ieo", "iew", "eo", "io" };

  for (guint i = 0; i < G_N_ELEMENTS (spellings); i++)
    {
      gsize len = strlen (spellings[i]);

      if (strncmp (p, spellings[i], len) == 0 && (p[len] == '\0' || !is_fold_vowel (p[len])))
        return len;
    }
  return 0;
}

/*
 * A final consonant after the vowel e written as English writes a long e before a
 * consonant, with an e after it (ประเวศ Prawase, วัฒนเกส Watanagase, อเนก Anake, ธเนศ
 * Thanate): "a", one consonant and "e" ending the word are read e and that consonant.
 * Returns how many letters of @p it spells, 0 when it is not that.
 */
static guint
english_final_e (const char *p)
{
  if (p[0] != 'a' || p[1] == '\0' || is_fold_vowel (p[1]) || p[1] == 'h' || !g_ascii_isalpha (p[1])
      || p[2] != 'e' || p[3] != '\0')
    return 0;
  return 3;
}

/* final_l: ล closing a syllable is n in Thai, and bearers write it l after its Indic
 * letter (Bhumibol, Kamol, Chaiyakul) or n after its sound (Phibun, Noppadon, Chaiyakun):
 * the fold writes an l that no vowel follows as n, on both sides. */

/**
 * _ld_name_thai_fold:
 * @word: a word as the normaliser writes it (lower-case ASCII), before canonical
 *   spelling, which writes kh as h and so loses the k of Khuang
 * @out: where the fold is written, NUL-terminated
 * @size: the size of @out
 *
 * @word with the letters Thai names are written with either way folded into one (see
 * thai_fold_letter()) and a letter written twice written once (Kittikachorn,
 * Kitikachorn): two spellings of one Thai name fold alike or nearly. Allocates
 * nothing: the matcher folds a Latin word so only when it meets a Thai one.
 *
 * Returns: the length of the fold, or 0 when @word does not fit in @out
 */
gsize
_ld_name_thai_fold (const char *word,
                    char       *out,
                    gsize       size)
{
  gsize n = 0;

  for (const char *p = word; *p != '\0'; p++)
    {
      char c;
      guint skip;

      if (is_english_vowel_r (p, n > 0 ? out[n - 1] : '\0'))
        continue;
      if ((skip = iao_spelling (p)) > 0 || (skip = english_final_e (p)) > 0)
        {
          /* Both write e and one letter after it: the vowel o, or the final consonant
           * (the second of the three letters of english_final_e()). */
          const char *after = p + 1;
          char second = *p != 'a' ? 'o' : thai_fold_letter (&after);

          if (n + 3 >= size)
            return 0;
          if (n == 0 || out[n - 1] != 'e')
            out[n++] = 'e';
          if (second != '\0' && out[n - 1] != second)
            out[n++] = second;
          p += skip - 1;
          continue;
        }
      if (*p == 'l' && (p[1] == '\0' || !is_fold_vowel (p[1])))
        c = 'n';  /* see final_l() */
      else
        c = *p == 'x' ? 'k' : thai_fold_letter (&p);

      if (c == '\0' || (n > 0 && out[n - 1] == c))
        continue;
      if (n + 2 >= size)
        return 0;
      out[n++] = c;
      if (*p == 'x')
        out[n++] = 's';  /* x is ks */
    }
  if (size > 0)
    out[n] = '\0';
  return n;
}

/* A letter of a fold as the skeleton writes it: the letters bearers write for a final
 * Thai says t (ศ ษ ส s, จ ช ซ ch or j, ด ต ท ธ t or d) are one, as a bearer may write
 * the letter where the bearer's reading writes the sound (ธีรสกุล Teerasakul, read
 * thi-rot-kul; พงศกร Poapongsakorn, phong-sa-korn or phot-korn). Vowels, which Thai
 * names write many ways (ee, i; oo, u; ae, e; ua, uea, oua; ai, ay; ao, aw, ow), and
 * the semivowels the fold writes as vowels are left out: '\0'. */
static char
skeleton_letter (char c)
{
  switch (c)
    {
    case 'a': case 'e': case 'i': case 'o': case 'u': return '\0';
    case 's': case 'j': return 't';
    default: return c;
    }
}

/**
 * _ld_name_thai_skeleton:
 * @fold: a word's _ld_name_thai_fold()
 * @len: its length
 * @out: where the skeleton is written, NUL-terminated
 * @size: the size of @out (at least @len + 1)
 * @without_ks: whether to leave out an s after k (see below)
 * @vowels: (out): how many vowels the fold writes other than an a alone (runs of vowel
 *   letters, not counting "a"): the inherent a, which Thai leaves unwritten, the
 *   bearer's reading writes where an Indic spelling says it and bearers as they say
 *   the name (มิตรผล mitaraphol, Mitr Phol), so it is not counted
 *
 * The consonants of @fold, each in the class Latin spellings of Thai names write one
 * Thai letter with (skeleton_letter()): two spellings of one Thai word whose vowels and
 * syllable breaks differ (Sophonpanich, the bearer's reading sobhanopnij; Intanon,
 * Inthanon) have one skeleton. Consonants next to each other stay two, though of one
 * class: Kamolrat (kmnrt) is not Kamolvisit (kmntt). With @without_ks, the s Thai
 * writes after k (กษ, ks), which bearers write or leave out (Tovichakchaikul,
 * โตวิจักษณ์; Virabongsa, วีรพงษ์), is left out: the matcher compares a skeleton with
 * it against one without. Allocates nothing.
 *
 * Returns: the skeleton's length
 */
gsize
_ld_name_thai_skeleton (const char *fold,
                        gsize       len,
                        char       *out,
                        gsize       size,
                        gboolean    without_ks,
                        guint      *vowels)
{
  gsize n = 0;
  gboolean run_counted = FALSE;

  *vowels = 0;
  for (gsize i = 0; i < len && n + 1 < size; i++)
    {
      char c = skeleton_letter (fold[i]);

      if (c == '\0')
        {
          /* A run of vowels counts once, and not when it is the a alone, which
           * spellings write or leave out between consonants (see above). */
          if (fold[i] != 'a' && !run_counted)
            *vowels += 1, run_counted = TRUE;
          continue;
        }
      run_counted = FALSE;
      if (without_ks && fold[i] == 's' && i > 0 && fold[i - 1] == 'k')
        continue;
      out[n++] = c;
    }
  if (size > 0)
    out[n] = '\0';
  return n;
}
