/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-name-normalizer"

#include "config.h"

#include <string.h>

#include "ld-name-forms.h"
#include "ld-name-hebrew-letters.h"
#include "ld-name-normalizer.h"
#include "ld-name-thai-letters.h"

typedef struct
{
  const char *input;
  const char *expected;
} Case;

static void
check_cases (const Case *cases,
             guint       n_cases)
{
  for (guint i = 0; i < n_cases; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = ld_name_normalizer_normalize (cases[i].input, -1, LD_NAME_NORMALIZER_FLAGS_NONE, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (out, ==, cases[i].expected);
    }
}

static void
test_latin (void)
{
  static const Case cases[] = {
    { "  Eric   BADEGE ", "eric badege" },
    { "Forces Démocratiques Alliées", "forces democratiques alliees" },
    { "“Chief Kahwa”", "chief kahwa" },
    { "l’Ouganda", "louganda" },
    { "Ma'ruf", "maruf" },
    { "AL-QAIDA", "al qaida" },
    { "Ğazi Şahin Øre Łódź", "gazi sahin ore lodz" },
    { "Straße", "strasse" },
    { "ＡＢＣ Ｔｒａｄｉｎｇ", "abc trading" },  /* full-width letters */
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

static void
test_scripts (void)
{
  static const Case cases[] = {
    /* Cyrillic by BGN/PCGN, е read as e */
    { "Умаров Доку Хаматович", "umarov doku khamatovich" },
    { "Евгений", "evgeniy" },
    /* Arabic: the article is split off its noun, عبد off a joined compound */
    { "صدام حسين التكريتي", "sdam hsyn al tkryty" },
    { "عبدالرحمن", "bd al rhmn" },
    /* Greek: μπ, ντ, γκ, ου, β and χ read as the foreign letters they write */
    { "Μπαντέγκε", "badege" },
    { "Χασάν Μουσταφά", "hasan mustafa" },  /* modern Greek (UNGEGN): φ is f */
    { "Βίκτωρ", "viktor" },
    /* Han to pinyin, Hangul by syllables */
    { "北京", "bei jing" },
    { "金正恩", "jin zheng en" },
    /* Khmer (ld-name-script.c): a vowel sign reads by its consonant's series, which the
     * musikatoan and triisap change; the nikahit closes an inherent vowel with m */
    { "ហ៊ុន សែន", "hun saen" },
    { "ម៉ុក", "mok" },
    { "នរោត្តម សីហនុ", "norottam sihanu" },
    { "ស៊ីម", "sim" },
    { "ហេង សំរិន", "heng samrin" },
    { "ជា", "chea" },
    /* Scripts with a romanisation of their own (ld-name-romanize.c), as lists spell them */
    { "김정은", "kim jong un" },
    { "박봉주", "pak pong ju" },
    /* Words the name writes in Latin letters keep their own spelling: the Korean
     * syllables' rules (a first l is r) are not theirs. */
    { "현대 Logistics", "hyon tae logistics" },
    { "삼성 Electronics Lee", "sam song electronics lee" },
    { "トヨタ ツウショウ", "toyota tsusho" },
    { "まつもと ちづお", "matsumoto chizuo" },
    { "בנימין נתניהו", "benymyn netnyahu" },
    /* alef and ayin opening a word, alef inside one, a final he, tsadi */
    { "אריאל", "aryel" },
    { "אולמרט", "olmrt" },
    { "עמוס", "amws" },
    { "מאיר", "meyr" },
    { "עזרא", "azra" },
    { "גולדה", "gwlda" },
    { "יצחק", "ytzkhq" },
    { "መለስ ዜናዊ", "meles zenawi" },
    { "ሴኩሪቲ", "sekuriti" },
    /* Ethiopic's sixth order unwritten between consonants, e after a word's first */
    { "ገብረ", "gebre" },
    { "አሕመድ", "ahmed" },
    { "መንግሥቱ", "mengstu" },
    { "ሥላሴ", "selase" },
    { "ዘውዴ", "zewde" },
    { "สมชาย วงศ์สวัสดิ์", "somchai wongswat" },
    { "ประยุทธ์ จันทร์โอชา", "prayut chanocha" },
    /* Thai as RTGS reads it: อ as a, o or silent; ญ ending a syllable; a silent ห
     * before a sonorant, read after a consonant; รร; ว as ua; two finals. */
    { "อนุทิน", "anuthin" },
    { "ทอง", "thong" },
    { "พ่อ", "pho" },
    { "บุญ", "bun" },
    { "ขวัญ", "khwan" },
    { "หญิง", "ying" },
    { "หลีกภัย", "likphai" },
    { "สหรัฐ", "sohrat" },  /* RTGS saharat: what counts here is that the ห is read */
    { "ชวน", "chuan" },
    { "วงษ์สุวรรณ", "wongsuwan" },
    { "ยิ่งลักษณ์", "yinglak" },
    /* ไ and ใ as ai, เ◌ิ as oe and เ◌ีย as ia, which ISO 11940 writes around the consonant */
    { "ไทย", "thai" },
    { "ใจ", "chai" },
    { "เดิน", "doen" },
    { "เจริญ", "charoen" },
    { "เพลิน", "phloen" },
    { "เรียน", "rian" },
    { "เสีย", "sia" },
    { "Θεσσαλονίκη", "thessaloniki" },
  };

  check_cases (cases, G_N_ELEMENTS (cases));
}

/*
 * Thai read letter by letter, the second spelling (ld-name-thai-letters.c): one case
 * per rule, most of them words whose bearers write them so. Where the rule gives what
 * a bearer does not write (ภูมิพล: bhumipol, for Bhumibol; หลีกภัย: likbhai, for Leekpai),
 * the first spelling, as RTGS has it, still meets the name; and words with no second
 * spelling, where both readings agree.
 */
static void
test_thai_second_spelling (void)
{
  static const struct { const char *input; const char *second; } cases[] = {
    { "ภูมิพล", "bhumipol" },          /* ภ bh, พ p, ล closes as l, the last syllable's o */
    { "อภิสิทธิ์", "abhisit" },        /* อ with the inherent a; ธิ์ silent */
    { "เวชชาชีวะ", "vejjajiva" },      /* ว v; ช j inside a word and as a final; ชช doubled */
    { "อดุลยเดช", "adulyadej" },       /* a final, then an onset with the inherent a */
    { "ชินวัตร", "chinavatra" },       /* ช ch first; a consonant read twice; -ra after a final */
    { "ชาญวีรกูล", "charnvirakul" },   /* long a before a final: ar; ร opens a syllable */
    { "เศรษฐา", "srettha" },           /* a written cluster ศร; ษ closes as t */
    { "เจริญ", "jaroen" },             /* จ j; เ◌ิ over two consonants */
    { "ทวีสิน", "thavisin" },          /* no cluster: the inherent a */
    { "ธนาธร", "thanathorn" },         /* the inherent o before a final ร: orn */
    { "วชิราลงกรณ์", "vajiralongkorn" },
    { "บรรหาร", "banharn" },           /* รร */
    { "ยิ่งลักษณ์", NULL },            /* yinglak: a tone mark, a Thai syllable, as RTGS */
    { "สมชาย", NULL },                 /* ช of a Thai syllable stays ch: somchai, as RTGS */
    { "วชิร", "vajirn" },              /* ช before i: Sanskrit j (Vajira; a final ร is rn) */
    { "ชวลิต", "chavalit" },
    { "หลีกภัย", "likbhai" },          /* a silent ห before a sonorant */
    { "ประยุทธ์", NULL },              /* prayut, as RTGS: no second spelling */
    /* Bearers' conventions for Sanskrit and Pali names: */
    { "จึงรุ่งเรืองกิจ", "juengrungruangkit" },  /* เ◌ือ ua, as Ruang and Muang */
    { "จุลานนท์", "julanont" },        /* a stop under ์ after a nasal is written */
    { "สิทธิพันธุ์", "sitthipant" },   /* ... without its vowel */
    { "ภักดิ์", "bhakdi" },            /* a stop under ์ after a stop: with its vowel */
    { "สวัสดิ์", "savat" },            /* after a sibilant it is not written */
    { "ยงใจยุทธ", "yongjaiyudh" },     /* a doubled stop ending a word: its aspirate */
    { "พนมยงค์", "panomyong" },        /* vowelless consonants pair from the word's end */
    { "กิตติขจร", "kittikhajorn" },    /* a stop after a short vowel opens a syllable */
    { "จาติกวณิช", "jatikavanij" },
    { "ชาติ", "chart" },               /* a last short i after a long vowel is not said */
    { "ชาติชาย", NULL },               /* chatichai, as RTGS: said inside a word */
    /* How Thai names are generally written in Latin letters (thai23b): */
    { "เทียนทอง", "thienthong" },      /* เ◌ียน: ien */
    { "วิเชียร", "vijien" },           /* เ◌ียร: ien, ร said n */
    { "เกรียงศักดิ์", "kriangsakdi" }, /* before another final, ia */
    { "อยู่บำรุง", "yubamrung" },      /* อ before a long ย only sets the tone */
    { "อยุธยา", "ayuthaya" },          /* ... not before a short one */
    { "คึกฤทธิ์", "khuekrit" },        /* a consonant before ฤ closes its syllable */
    { "ฤชุพันธุ์", "ruechupant" },      /* ฤ first, before a consonant with a vowel: rue */
    { "ฤทธิ์", "rit" },                /* ... before its final: ri */
    { "สภาวสุ", "sabhavasu" },         /* ว between written vowels opens a syllable */
    { "เทวกุล", "thevakul" },
    { "ปิยบุตร", "piyabutra" },        /* so does ย after a short vowel; ตร ending a word */
    { "สายสุนีย์", "saisuni" },        /* ย after a long vowel stays a final */
    { "เจียรวนนท์", "jiaravanont" },   /* ว after an inherent vowel opens a syllable */
    { "โรจนเสถียร", "rojanasathien" }, /* a stop read twice after a long vowel: once */
    { "บุญชู", NULL },                 /* bunchu, as RTGS: ญ inside a word is the final n */
    { "สหวิริยา", "sahaviriya" },      /* ห is never a final */
    { "เสนาะ", "sano" },               /* เ◌าะ over two consonants: sa-no */
    { "เสนา", NULL },                  /* sena, as RTGS: เ◌า without ะ stays se-na */
    { "แสงกนกกุล", "saengkanokkul" },  /* vowelless consonants pair up to a written vowel */
    /* Reading classes of Sanskrit words (thai23c): */
    { "ชัยเกษม", "chaikasem" },        /* เ over two vowelless consonants: ka-sem */
    { "แสดง", "sadaeng" },             /* ... แ too: sa-daeng */
    { "โสภณ", "sobhana" },             /* ... not โ: so-bha-na (see -ana below) */
    { "เพชร", "pechorn" },             /* ... nor before ร, the Sanskrit -ra */
    { "เกียรติ", "kiat" },             /* ร after เ◌ีย before a stop is silent */
    { "สิทธีอมร", "sitthiamorn" },     /* อ after a written vowel opens a syllable */
    { "หงสกุล", "hongsakul" },         /* ห before a vowelless ง is its onset; ง closes */
    { "หงส์", "hong" },
    { "หงอก", "ngok" },                /* ... but sets the tone before ง with a vowel */
    { "พรหม", "prom" },                /* ห of Sanskrit rh silent; a cluster with o */
    { "ทรง", "tharong" },              /* ... not ทร, Thai s */
    { "อุตตม", "uttama" },             /* a last inherent vowel closed by a nasal: -ama */
    { "สาวนายน", "savanayana" },
    { "สม", "som" },                   /* ... not in a word of one syllable */
    { "ภิรมย์", "bhirom" },            /* ... nor before a thanthakhat */
    /* Clusters inside a word and ย under เ (thai24): */
    { "เอียวศรีวงศ์", "iaosrivong" },  /* ศร with ี after a syllable with a vowel: sri */
    { "ปานปรีย์", "parnpri" },         /* ... after a closed one: pri */
    { "สงคราม", NULL },                /* songkhram, as RTGS: khra, not kha-ra */
    { "เวชยชัย", "vejyachai" },        /* ย third under เ: a Sanskrit cluster, not เ◌ย */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normal = ld_name_normalizer_normalize (cases[i].input, -1, LD_NAME_NORMALIZER_FLAGS_NONE,
                                                              &error);
      g_auto(GStrv) second = NULL;

      g_assert_no_error (error);
      second = ld_name_normalizer_second_spellings (cases[i].input, normal);
      g_test_message ("%s: %s", cases[i].input, second != NULL ? second[0] : "(none)");
      g_assert_true (second == NULL || g_strv_length (second) == 1);
      g_assert_cmpstr (second != NULL ? second[0] : NULL, ==, cases[i].second);
    }
}

/*
 * The Indic reading of Thai words, the third spelling (_ld_name_thai_letters_indic()):
 * one case per rule, and words it reads as the second spelling does.
 */
static void
test_thai_indic_spelling (void)
{
  static const struct { const char *input; const char *indic; } cases[] = {
    { "ภิรมย์", "bhiromya" },          /* a letter under the thanthakhat, with a */
    { "ศิวรักษ์", "sivaraksa" },
    { "สวัสดิ์", "savasdi" },          /* ... with its own vowel; a final ส is s */
    { "จันทร์", "janthra" },           /* ... ทร together */
    { "พงศ์", "pong" },                /* ... not after ง */
    { "ศิลป์", "silpa" },
    { "ทศ", "thos" },                  /* a final sibilant is s */
    { "กัลยาณพงศ์", "kalayarnapong" }, /* a stem's a inside a word */
    { "ณัฐวุฒิ", "nathavuthi" },
    { "เวชยชัย", "vechayachai" },
    { "นิมมาน", "nimmarn" },           /* ... not between a doubled sound, nor at the end */
    { "ภักดี", "bhakdi" },             /* ... nor between two stops */
    { "สันติ", "santi" },              /* ... nor between a nasal and a stop of its row */
    { "บุญชู", "bunchu" },
    { "ชินวัตร", "chinavatra" },       /* ... nor before a last -ra */
    { "สมชาย", "somchai" },            /* ... nor after the inherent o */
    { "พหิทธานุกร", "pahitthanukara" }, /* a stem's -ara */
    { "เทวกุล", "thevakula" },         /* a last ล after a vowel: -la */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normal = ld_name_normalizer_normalize (cases[i].input, -1, LD_NAME_NORMALIZER_FLAGS_NONE,
                                                              &error);
      g_auto(GStrv) indic = NULL;

      g_assert_no_error (error);
      indic = ld_name_normalizer_indic_spellings (cases[i].input, normal);
      g_assert_nonnull (indic);
      g_test_message ("%s: %s", cases[i].input, indic[0]);
      g_assert_cmpuint (g_strv_length (indic), ==, 1);
      g_assert_cmpstr (indic[0], ==, cases[i].indic);
    }
  /* Words pair with the first spelling's; a name without Thai has none. */
  {
    g_autofree char *normal = ld_name_normalizer_normalize ("กษิต ภิรมย์ Trading", -1, LD_NAME_NORMALIZER_FLAGS_NONE,
                                                            NULL);
    g_autofree char *latin = ld_name_normalizer_normalize ("Kasit Piromya", -1, LD_NAME_NORMALIZER_FLAGS_NONE, NULL);
    g_auto(GStrv) indic = ld_name_normalizer_indic_spellings ("กษิต ภิรมย์ Trading", normal);
    g_autofree char *joined = g_strjoinv (" ", indic);

    g_assert_cmpstr (joined, ==, "kasit bhiromya trading");
    g_assert_null (ld_name_normalizer_indic_spellings ("Kasit Piromya", latin));
  }
}

/*
 * The fold under which the Latin spellings of one Thai name meet (_ld_name_thai_fold()):
 * a stop's plain, voiced and aspirated letters are one, h tells nothing, a doubled
 * letter is one; other letters stay apart.
 */
static void
test_thai_fold (void)
{
  static const struct { const char *a; const char *b; gboolean alike; } cases[] = {
    { "chulanont", "julanont", TRUE },          /* จ: ch or j */
    { "yongchaiyudh", "yongjaiyudh", TRUE },    /* ยุทธ: dh */
    { "sundaravej", "suntharavej", TRUE },      /* ท: d or th */
    { "supachai", "subhachai", TRUE },          /* ภ: p or bh */
    { "kittikachorn", "kittikhajorn", TRUE },   /* ข: k or kh, before canonical spelling */
    { "panitchpakdi", "panichpakdi", TRUE },    /* tch, the English final ch */
    { "chatikavanij", "chatikawanij", TRUE },   /* v and w */
    { "kukrit", "khuekrit", TRUE },             /* ◌ึ: u or ue */
    { "chalerm", "chaloem", TRUE },             /* เ◌ิ: er or oe; the English r */
    { "thanathon", "thanathorn", TRUE },        /* the r of a final ร said n */
    { "chaleo", "chaliao", TRUE },              /* เ◌ียว: eo, iao, io, iew */
    { "chionoi", "chiaonoi", TRUE },
    { "khiew", "khiao", TRUE },
    { "chiang", "cheang", FALSE },              /* ... not เ◌ีย before another letter */
    { "prawase", "praves", TRUE },              /* the English final e: ase is es */
    { "anake", "anek", TRUE },
    { "phibun", "phibul", TRUE },               /* a final ล: n or l */
    { "devakula", "devakuna", FALSE },          /* ... not before a vowel */
    { "piromya", "piroya", FALSE },             /* r before a vowel stays */
    { "thanakorn", "thanathorn", FALSE },       /* k and t are other letters */
    { "somchai", "somsak", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char a[64], b[64];
      gsize la = _ld_name_thai_fold (cases[i].a, a, sizeof a), lb = _ld_name_thai_fold (cases[i].b, b, sizeof b);

      g_test_message ("%s: %s, %s: %s", cases[i].a, a, cases[i].b, b);
      g_assert_cmpuint (la, >, 0);
      g_assert_cmpuint (lb, >, 0);
      g_assert_cmpint (strcmp (a, b) == 0, ==, cases[i].alike);
    }
  /* A word longer than the buffer has no fold. */
  {
    char small[4];

    g_assert_cmpuint (_ld_name_thai_fold ("chulanont", small, sizeof small), ==, 0);
  }
}

/* @word's skeleton (_ld_name_thai_skeleton() of its _ld_name_thai_fold()) into @out. */
static void
thai_skeleton_of_word (const char *word,
                       gboolean    without_ks,
                       char       *out,
                       gsize       size)
{
  char fold[64];
  guint vowels;
  gsize len = _ld_name_thai_fold (word, fold, sizeof fold);

  g_assert_cmpuint (len, >, 0);
  _ld_name_thai_skeleton (fold, len, out, size, without_ks, &vowels);
}

/*
 * The skeleton under which two spellings of one Thai word meet whatever their vowels
 * and syllable breaks: the finals Thai says t are one letter whether written s, ch, j or
 * t; other consonants stay apart, and two next to each other stay two (Kamolrat is not
 * Kamolvisit, Charoenkul not Charnvirakul). The s after k is left out only when asked.
 */
static void
test_thai_skeleton (void)
{
  static const struct { const char *a; const char *b; gboolean alike; } cases[] = {
    { "sophonpanich", "sobhanopnij", TRUE },    /* vowels and syllable breaks */
    { "inthanon", "intanon", TRUE },
    { "jeamteerasakul", "jiamthirotkul", TRUE }, /* ส: sa or the final t */
    { "poapongsakorn", "puapngotkorn", TRUE },   /* ศ: likewise */
    { "kamolrat", "kamolvisit", FALSE },
    { "panyasiri", "panyarachun", FALSE },
    { "charoenkul", "charnvirakul", FALSE },
    { "thanakorn", "thanathorn", FALSE },
    { "rattakul", "ratanakorn", FALSE },
  };
  char a[64], b[64];

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      thai_skeleton_of_word (cases[i].a, FALSE, a, sizeof a);
      thai_skeleton_of_word (cases[i].b, FALSE, b, sizeof b);
      g_test_message ("%s: %s, %s: %s", cases[i].a, a, cases[i].b, b);
      g_assert_cmpint (strcmp (a, b) == 0, ==, cases[i].alike);
    }
  /* The inherent a, written or not (มิตรผล mitaraphol, Mitr Phol), is no vowel the
   * matcher counts; the others are. */
  {
    char fold[64];
    guint with_a, without_a, other;
    gsize len = _ld_name_thai_fold ("mitaraphol", fold, sizeof fold);

    _ld_name_thai_skeleton (fold, len, a, sizeof a, FALSE, &with_a);
    len = _ld_name_thai_fold ("mitrphol", fold, sizeof fold);
    _ld_name_thai_skeleton (fold, len, b, sizeof b, FALSE, &without_a);
    g_assert_cmpstr (a, ==, b);
    g_assert_cmpuint (with_a, ==, without_a);
    len = _ld_name_thai_fold ("mitoruphol", fold, sizeof fold);
    _ld_name_thai_skeleton (fold, len, a, sizeof a, FALSE, &other);
    g_assert_cmpuint (other, ==, without_a + 2);
  }
  /* กษ: ks or k (Tovichakchaikul, โตวิจักษณ์ชัยกุล read tovijaksachaikul). */
  thai_skeleton_of_word ("tovijaksachaikul", FALSE, a, sizeof a);
  thai_skeleton_of_word ("tovichakchaikul", FALSE, b, sizeof b);
  g_assert_cmpstr (a, !=, b);
  thai_skeleton_of_word ("tovijaksachaikul", TRUE, a, sizeof a);
  g_assert_cmpstr (a, ==, b);
}

/* @name's first spelling and its second, word for word. */
static void
assert_two_spellings (const char *name,
                      const char *first,
                      const char *second)
{
  g_autofree char *normal = ld_name_normalizer_normalize (name, -1, LD_NAME_NORMALIZER_FLAGS_NONE, NULL);
  g_auto(GStrv) words = ld_name_normalizer_second_spellings (name, normal);
  g_autofree char *joined = NULL;

  g_assert_cmpstr (normal, ==, first);
  g_assert_nonnull (words);
  joined = g_strjoinv (" ", words);
  g_assert_cmpstr (joined, ==, second);
}

/* The second spelling pairs with the words of the first, Latin words and legal forms
 * included, and names in other scripts have none. */
static void
test_second_spelling_words (void)
{
  g_autofree char *latin = ld_name_normalizer_normalize ("Thaksin Shinawatra", -1, LD_NAME_NORMALIZER_FLAGS_NONE,
                                                         NULL);

  assert_two_spellings ("ทักษิณ ชินวัตร Trading", "thaksin chinwat trading", "thaksin chinavatra trading");
  g_assert_null (ld_name_normalizer_second_spellings ("Thaksin Shinawatra", latin));
  /* Thai digits are digits in both. */
  assert_two_spellings ("ชินวัตร ๑๒", "chinwat 12", "chinavatra 12");
  /* Korean: McCune-Reischauer first, Revised Romanization second (a closing g is k,
   * a syllable's first l is r). */
  assert_two_spellings ("김대중 박근혜 리", "kim tae jung pak kun hye ri", "gim dae jung bak geun hye ri");
}

typedef struct
{
  const char *input;
  const char *second;
} SpellingCase;

/* Each word's second spelling, or NULL where it is the first. */
static void
assert_second_spellings (const SpellingCase *cases,
                         guint               n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normal = ld_name_normalizer_normalize (cases[i].input, -1, LD_NAME_NORMALIZER_FLAGS_NONE,
                                                              &error);
      g_auto(GStrv) second = NULL;

      g_assert_no_error (error);
      second = ld_name_normalizer_second_spellings (cases[i].input, normal);
      g_test_message ("%s: %s / %s", cases[i].input, normal, second != NULL ? second[0] : "(none)");
      g_assert_true (second == NULL || g_strv_length (second) == 1);
      g_assert_cmpstr (second != NULL ? second[0] : NULL, ==, cases[i].second);
    }
}

/*
 * Khmer's second spelling, the customary one Cambodians write (ld-name-khmer.c), rule
 * by rule; the first is UNGEGN-like.
 */
static void
test_khmer_customary_spelling (void)
{
  static const SpellingCase cases[] = {
    { "ហោ", "hor" },           /* ោ ending a word: or (UNGEGN hao) */
    { "ទៀ", "tea" },           /* ៀ ending a word: ea */
    { "អៀង", NULL },           /* ... ie before a final, as the first spelling */
    { "សែម", "sem" },          /* ែ: e */
    { "សាវឿន", "savoeun" },    /* ឿ: oeu */
    { "កើត", "keut" },         /* ើ: eu */
    { "សីហា", "seiha" },       /* ី of the first series: ei */
    { "សារី", "sary" },        /* a final i: y */
    { "ឆៃ", "chhay" },
    { "ម៉ានិត", "manith" },    /* a final dental after i: th */
    { "រិទ្ធ", "rith" },       /* a final Pali cluster: th */
    { "សុទ្ធា", "sothea" },    /* a doubled Pali consonant inside a word: once */
    { "ប៊ុនហេង", "bunheng" },  /* a consonant after a vowel before a syllable with one closes it */
    { "ជួនណារ៉ុន", "chuonnaron" },
    { "ប្រាក់", "prak" },      /* ប in a cluster: p */
    { "ហ្គេក", "gek" },        /* ហ្គ: g */
    { "កាំង", "kaing" },       /* ាំង: aing */
    { "ស្ពាន", "spean" },      /* a second-series stop under a first-series consonant */
    { "ស", "sa" },             /* a word of one consonant says its vowel */
    { "ទូច", "touch" },        /* ូ of the second series: ou */
    { "រតនៈ", "rotanak" },     /* the yuukaleapintu ending a word: ak */
    { "រតន៍", "rot" },         /* a consonant under the toandakheat is not written */
    { "កែវ", "keo" },          /* a final វ after ែ: o */
    { "ខៀវ", "khieu" },        /* ... after ៀ: u */
    { "សុគន្ធា", NULL },       /* a nasal over a stop is no Pali double: sokonthea */
    { "សុខ", NULL },           /* as UNGEGN: Sok */
  };

  assert_second_spellings (cases, G_N_ELEMENTS (cases));
  /* Words pair with the first spelling's. */
  assert_two_spellings ("ហ៊ុន សែន", "hun saen", "hun sen");
  /* Khmer legal forms and honorifics are their Latin words in both (ld-name-forms.c). */
  assert_two_spellings ("ក្រុមហ៊ុន លី ហួរ ខូអិលធីឌី", "company li huor co ltd", "company ly huor co ltd");
  assert_two_spellings ("ធនាគារ សែន", "bank saen", "bank sen");
  assert_two_spellings ("សម្តេច ឯកឧត្តម លោកស្រី សែន ឯ.ក", "samdech excellency mrs saen co ltd",
                        "samdech excellency mrs sen co ltd");
  g_assert_true (ld_name_forms_is_title ("samdech"));
}

/*
 * Amharic's second spelling (ld-name-romanize.c, respell_ethiopic()): the sixth order
 * and ወ as Ethiopians customarily write them in their names.
 */
static void
test_amharic_customary_spelling (void)
{
  static const SpellingCase cases[] = {
    { "ጥላሁን", "tilahun" },        /* the sixth order after a word's first consonant: i */
    { "ጌታቸው", "getachew" },      /* ው ending a word: w */
    { "ጽዮን", "tsion" },           /* ዮ after the sixth order: io */
    { "ወልደ", "wolde" },           /* the first order of ወ: wo */
    { "ዮሐንስ", "yohanes" },        /* the sixth order before a word's last consonant: e */
    { "እንዳልካቸው", "endalkachew" }, /* እ opening a word: e */
    { "መለስ", NULL },              /* no sixth order said: as the first spelling */
  };
  static const struct { const char *input; const char *normal; } forms[] = {
    /* Amharic legal forms and titles are their Latin words (ld-name-forms.c), and no
     * Ethiopic reading changes them (insurance, miss keep their i). */
    { "ዶ/ር አበበ ትሬዲንግ ኃ.የተ.የግ.ማ.", "dr abebe trading plc" },
    { "ወ/ሪት ሰላም ኢንሹራንስ ኩባንያ አ.ማ.", "miss selam insurance company sc" },
    /* An Ethiopic form only as a whole word: አቶ (Ato) begins አቶሚክ (atomic). */
    { "አቶሚክ ኢነርጂ ኃ.የተ.የግ.ማ.", "atomik inerji plc" },
    { "Dashen Bank S.C.", "dashen bank sc" },
  };

  assert_second_spellings (cases, G_N_ELEMENTS (cases));
  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autofree char *normal = ld_name_normalizer_normalize (forms[i].input, -1, LD_NAME_NORMALIZER_FLAGS_NONE,
                                                              NULL);

      g_assert_cmpstr (normal, ==, forms[i].normal);
    }
  g_assert_true (ld_name_forms_is_title ("miss"));
}

/* Whether one of the keys of @hebrew is the key of @latin. */
static gboolean
hebrew_meets_latin (const char *hebrew,
                    const char *latin)
{
  g_auto(GStrv) keys = ld_name_hebrew_letter_keys (hebrew);
  g_autofree char *latin_key = ld_name_hebrew_latin_key (latin);

  return keys != NULL && latin_key != NULL && g_strv_contains ((const char * const *) keys, latin_key);
}

/*
 * Unvowelled Hebrew against Latin spellings by the consonants both write
 * (ld-name-hebrew-letters.c): vav and yod may be vowels (David, Reuven), bet, kaf and
 * pe soft inside a word (Rivlin, Naftali) and hard opening one, het h or ch, tsadi tz
 * or z, a final he a vowel, doubled Latin letters once (Bennett).
 */
static void
test_hebrew_letters (void)
{
  static const struct { const char *hebrew; const char *latin; gboolean meet; } cases[] = {
    { "דוד", "david", TRUE },
    { "דוד", "dodi", FALSE },          /* the final i is a vowel דוד does not write */
    { "בנט", "bennett", TRUE },
    { "בנט", "vent", FALSE },          /* bet opening a word takes the dagesh: b */
    { "נפתלי", "naftali", TRUE },
    { "ראובן", "reuven", TRUE },
    { "ריבלין", "rivlin", TRUE },
    { "יצחק", "yitzhak", TRUE },
    { "יצחק", "itzhak", TRUE },        /* yod opening a word: y or i */
    { "חיים", "chaim", TRUE },
    { "חיים", "haim", TRUE },
    { "הרצוג", "herzog", TRUE },
    { "משה", "moshe", TRUE },
    { "משה", "mosh", FALSE },          /* the final he is a vowel */
    { "מלך", "melech", TRUE },
    { "מלך", "melek", FALSE },         /* final kaf is soft */
    { "אהוד", "ehud", TRUE },
    { "אהוד", "hod", FALSE },          /* alef opens the word on a vowel */
    { "שמעון", "shimon", TRUE },
    { "שמעון", "shamir", FALSE },
    { "צ׳רצ׳יל", "churchill", TRUE },  /* a geresh: tsadi for ch */
    { "צרציל", "churchill", FALSE },
    { "ז׳בוטינסקי", "jabotinsky", TRUE },
    { "רוזנברג", "rosenberg", TRUE },  /* zayin as the German s */
    { "רוזנברג", "rotenberg", FALSE },
    { "מרדכי", "mordehai", TRUE },     /* the soft kaf as h, as Sephardi spellings write it */
    { "ברוך", "baruh", TRUE },
    { "כרמל", "harmel", FALSE },       /* kaf opening a word is k (Carmel) */
    { "גורביץ׳", "gurevitch", TRUE },  /* tch for the ch sound */
    { "גורביץ׳", "gurevitz", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    if (hebrew_meets_latin (cases[i].hebrew, cases[i].latin) != cases[i].meet)
      g_error ("%s and %s %s", cases[i].hebrew, cases[i].latin, cases[i].meet ? "should meet" : "should not meet");
  /* One consonant tells too little: no key. */
  g_assert_null (ld_name_hebrew_letter_keys ("יאיר"));
  g_assert_null (ld_name_hebrew_latin_key ("yair"));
}

/* Whether a reading of the short Hebrew word @hebrew agrees with that of @latin. */
static gboolean
hebrew_reads_as_latin (const char *hebrew,
                       const char *latin)
{
  g_auto(GStrv) readings = ld_name_hebrew_letter_readings (hebrew);
  g_autofree char *latin_reading = ld_name_hebrew_latin_reading (latin);

  return readings != NULL && latin_reading != NULL && ld_name_hebrew_reading_agrees (readings, latin_reading);
}

/*
 * Short Hebrew words (one or two consonants) against Latin spellings by their whole
 * reading: vav read as a vowel needs a Latin o or u, yod read as one an i (or the i or
 * y of ai, ay), a final yod or vav a Latin word ending on that vowel; a word of one
 * consonant reads exactly alike, one of two may write vowels Hebrew leaves out.
 */
static void
test_hebrew_short_words (void)
{
  static const struct { const char *hebrew; const char *latin; gboolean agree; } cases[] = {
    { "אבי", "avi", TRUE },
    { "אבי", "avy", TRUE },
    { "אבי", "ava", FALSE },       /* the final yod is an i */
    { "אורי", "uri", TRUE },
    { "אורי", "ori", TRUE },
    { "אורי", "ora", FALSE },
    { "עוזי", "uzi", TRUE },
    { "עוזי", "oz", FALSE },
    { "עוז", "oz", TRUE },
    { "יעל", "yael", TRUE },
    { "יעל", "yoel", FALSE },      /* one consonant: a vowel more is another name */
    { "אלי", "eli", TRUE },
    { "אלי", "ella", FALSE },
    { "ישי", "yishai", TRUE },     /* yod opening a word: y, and the i after it */
    { "יוסי", "yossi", TRUE },     /* a doubled letter once */
    { "יואב", "yoav", TRUE },
    { "עידו", "ido", TRUE },       /* a final vav: o */
    { "עידו", "ada", FALSE },
    { "אייל", "eyal", TRUE },      /* the y before a vowel is a consonant */
    { "איתי", "itai", TRUE },
    { "רון", "ron", TRUE },
    { "רון", "ran", FALSE },       /* two consonants: the vav is a vowel Latin must write */
    { "רן", "ran", TRUE },
    { "משה", "moshe", TRUE },      /* two consonants: Latin may write more vowels */
    { "דן", "dan", TRUE },
    { "דן", "dana", FALSE },       /* a word ending on a vowel */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    if (hebrew_reads_as_latin (cases[i].hebrew, cases[i].latin) != cases[i].agree)
      g_error ("%s and %s %s", cases[i].hebrew, cases[i].latin, cases[i].agree ? "should agree" : "should not agree");
  /* Only short words have a reading: longer ones meet by their consonant key. */
  g_assert_null (ld_name_hebrew_latin_reading ("bennett"));
  g_assert_null (ld_name_hebrew_letter_readings ("נפתלי"));
  g_assert_null (ld_name_hebrew_latin_reading ("aya"));
  {
    g_autofree char *avi = ld_name_hebrew_latin_reading ("avi");

    g_assert_cmpstr (avi, ==, "aVi+");
  }
}

/* The Hebrew letters of each word, legal forms written in Latin letters left out. */
static void
test_hebrew_words (void)
{
  g_autofree char *normal = ld_name_normalizer_normalize ("שלום לוגיסטיקס בע\"מ", -1, LD_NAME_NORMALIZER_FLAGS_NONE, NULL);
  g_autofree char *hyphened = ld_name_normalizer_normalize ("דוד בן-גוריון", -1, LD_NAME_NORMALIZER_FLAGS_NONE, NULL);
  g_auto(GStrv) words = ld_name_normalizer_hebrew_words ("שלום לוגיסטיקס בע\"מ", normal);
  g_auto(GStrv) split = ld_name_normalizer_hebrew_words ("דוד בן-גוריון", hyphened);
  g_autofree char *joined = NULL;

  g_assert_nonnull (words);
  g_assert_cmpuint (g_strv_length (words), ==, 3);
  g_assert_cmpstr (words[0], ==, "שלום");
  g_assert_cmpstr (words[2], ==, "");
  joined = g_strjoinv ("|", split);
  g_assert_cmpstr (joined, ==, "דוד|בן|גוריון");
  /* A geresh (or the apostrophe typed for it) stays with its letter and its word. */
  {
    g_autofree char *geresh = ld_name_normalizer_normalize ("ג׳ורג׳ בוש", -1, LD_NAME_NORMALIZER_FLAGS_NONE, NULL);
    g_auto(GStrv) with_geresh = ld_name_normalizer_hebrew_words ("ג'ורג' בוש", geresh);

    g_assert_cmpstr (geresh, ==, "gwrg bwsh");
    g_assert_cmpstr (with_geresh[0], ==, "ג׳ורג׳");
  }
  g_assert_null (ld_name_normalizer_hebrew_words ("David Ben-Gurion", "david ben gurion"));
}

/* @name's customary spelling (ld_name_normalizer_customary_spellings()), joined. */
static char *
customary_spelling (const char *name)
{
  g_autofree char *normal = ld_name_normalizer_normalize (name, -1, LD_NAME_NORMALIZER_FLAGS_NONE, NULL);
  g_auto(GStrv) words = ld_name_normalizer_customary_spellings (name, normal, NULL);
  g_auto(GStrv) first = g_strsplit (normal, " ", -1);

  /* Word for word with the first spelling. */
  g_assert_nonnull (words);
  g_assert_cmpuint (g_strv_length (words), ==, g_strv_length (first));
  return g_strjoinv (" ", words);
}

/*
 * Korean as South Koreans write their names, a third spelling next to McCune-Reischauer
 * and Revised Romanization: the surname in its family's spelling (손 Sohn, 백 Paik, 이
 * Lee), the given name with ㅓ as u (석 Suk, 건 Kun), uh when open (허 Huh), ㅕ as yu (영
 * yung, as Young), ㅜ as oo and woo (무 Moo, 우 Woo), ㄱ as k, ㅢ as ee after a consonant
 * (희 Hee) and eui alone (의), ㅅ as sh before ㅣ (식 Shik), ㅎ before w as wh (화 Wha).
 */
static void
test_korean_customary_spelling (void)
{
  static const struct { const char *input; const char *customary; } cases[] = {
    { "손석희", "sohn suk hee" },
    { "백건우", "paik kun woo" },
    { "허정무", "huh jung moo" },
    /* Only the first syllable is the surname: 박 ending a given name is bak. */
    { "이명박", "lee myung bak" },
    { "김영삼", "kim yung sam" },
    { "최의식", "choi eui shik" },
    /* A syllable that is no common surname is read like a given name. */
    { "길서현", "kil suh hyun" },
    /* ㅎ before w is wh, which neither system writes. */
    { "황경화", "whang kyung wha" },
  };
  g_autofree char *normal = ld_name_normalizer_normalize ("Sohn Suk-hee", -1, LD_NAME_NORMALIZER_FLAGS_NONE, NULL);
  g_autofree gboolean *from_hangul = NULL;
  g_autofree char *company = ld_name_normalizer_normalize ("삼성물산 주식회사 Trading", -1,
                                                           LD_NAME_NORMALIZER_FLAGS_NONE, NULL);
  g_auto(GStrv) words = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *customary = customary_spelling (cases[i].input);

      g_test_message ("%s: %s", cases[i].input, customary);
      g_assert_cmpstr (customary, ==, cases[i].customary);
    }
  /* Names in Latin letters have none. */
  g_assert_null (ld_name_normalizer_customary_spellings ("Sohn Suk-hee", normal, &from_hangul));
  g_assert_null (from_hangul);
  /* Words read from Hangul syllables are told from legal forms and Latin words. */
  words = ld_name_normalizer_customary_spellings ("삼성물산 주식회사 Trading", company, &from_hangul);
  g_assert_nonnull (words);
  g_assert_cmpuint (g_strv_length (words), ==, 7);
  for (guint i = 0; i < 7; i++)
    g_assert_cmpint (from_hangul[i], ==, i < 4);
}

/* Whether @spelling is among the space-separated @spellings. */
static gboolean
has_spelling (const char *spellings,
              const char *spelling)
{
  g_auto(GStrv) words = g_strsplit (spellings, " ", -1);

  return g_strv_contains ((const char * const *) words, spelling);
}

/*
 * The other spellings South Koreans give a syllable (ld_name_normalizer_customary_variants()):
 * a surname's family spellings (정 Chung, Jeong, Joung; 이 Rhee, Yi), for the surname
 * only; ㅓ and ㅕ as eo and yeo (경 Kyeong) and before ng as ou and you (영 Young);
 * ㄱ ㄷ ㅂ ㅈ voiced or voiceless (진 Chin, 균 Gyun); a vowel marked with h when it closes
 * the syllable or comes before n or m (하 Hah, 안 Ahn).
 */
static void
test_korean_customary_variants (void)
{
  static const struct { const char *input; guint word; const char *spelling; gboolean has; } cases[] = {
    { "정주영", 0, "chung", TRUE },
    { "정주영", 0, "joung", TRUE },
    { "이승만", 0, "rhee", TRUE },
    { "노회찬", 0, "noh", TRUE },
    { "전현무", 0, "jun", TRUE },
    { "정은경", 2, "kyeong", TRUE },
    { "김영삼", 1, "young", TRUE },
    { "김진표", 1, "chin", TRUE },
    { "최규하", 2, "hah", TRUE },
    { "황교안", 2, "ahn", TRUE },
    /* Family spellings are the surname's: 이 ending a given name is not Rhee. */
    { "김수이", 2, "rhee", FALSE },
    /* h marks only a vowel that closes the syllable or comes before n or m. */
    { "김성강", 2, "kahng", FALSE },
    /* A given name written as it is said carries a closing consonant to a syllable
     * that opens on a vowel (연아 Yu-na, 민아 Mi-na); a closing ng is not carried, nor
     * is the surname's closing consonant (김연: not Ki-myun). */
    { "김연아", 1, "yu", TRUE },
    { "김연아", 2, "na", TRUE },
    { "박민아", 2, "na", TRUE },
    { "김영아", 2, "nga", FALSE },
    { "김연아", 1, "myu", FALSE },
  };
  g_autofree char *latin = ld_name_normalizer_normalize ("Chung Ju-yung", -1, LD_NAME_NORMALIZER_FLAGS_NONE, NULL);
  g_autofree char *company = ld_name_normalizer_normalize ("삼성물산 주식회사 Trading", -1,
                                                           LD_NAME_NORMALIZER_FLAGS_NONE, NULL);
  g_auto(GStrv) company_variants = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *normal = ld_name_normalizer_normalize (cases[i].input, -1, LD_NAME_NORMALIZER_FLAGS_NONE, NULL);
      g_auto(GStrv) variants = ld_name_normalizer_customary_variants (cases[i].input, normal);

      g_assert_nonnull (variants);
      g_assert_cmpuint (g_strv_length (variants), ==, 3);
      g_test_message ("%s, syllable %u: %s", cases[i].input, cases[i].word, variants[cases[i].word]);
      g_assert_cmpint (has_spelling (variants[cases[i].word], cases[i].spelling), ==, cases[i].has);
    }
  /* Names in Latin letters have none; legal forms and Latin words none either. */
  g_assert_null (ld_name_normalizer_customary_variants ("Chung Ju-yung", latin));
  company_variants = ld_name_normalizer_customary_variants ("삼성물산 주식회사 Trading", company);
  g_assert_nonnull (company_variants);
  g_assert_cmpuint (g_strv_length (company_variants), ==, 7);
  for (guint i = 4; i < 7; i++)
    g_assert_cmpstr (company_variants[i], ==, "");
}

static void
test_tokens (void)
{
  /* Canonical tokens are folded too: y is i, w and v are u, kh is h, q is k. */
  static const struct { const char *input; const char *tokens; } cases[] = {
    { "Mohamed Hussein", "muhammad husain" },
    { "Muhammad Husayn", "muhammad husain" },
    { "Abdulrahman", "abd al rahman" },
    { "Abd al-Rahman", "abd al rahman" },
    { "Abdullah", "abdullah" },
    { "Khalid Dzhabarov", "halid jabarou" },
    { "Youssef", "iusuf" },
    { "Qadhafi", "kadhafi" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) tokens = ld_name_normalizer_tokenize (cases[i].input, -1, LD_NAME_NORMALIZER_FLAGS_NONE, &error);
      g_autofree char *joined = NULL;

      g_assert_no_error (error);
      joined = g_strjoinv (" ", tokens);
      g_assert_cmpstr (joined, ==, cases[i].tokens);
    }
}

static void
test_skeleton (void)
{
  static const struct { const char *a; const char *b; gboolean same; } cases[] = {
    { "hussein", "husayn", TRUE },
    { "qadhafi", "kadkhafi", TRUE },
    { "mandro", "madro", TRUE },
    { "tikriti", "tkryty", TRUE },
    { "badege", "eric", FALSE },
    { "smith", "jones", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *a = ld_name_normalizer_skeleton (cases[i].a);
      g_autofree char *b = ld_name_normalizer_skeleton (cases[i].b);

      g_assert_cmpint (g_str_equal (a, b), ==, cases[i].same);
    }
  g_assert_true (ld_name_normalizer_is_noise ("llc"));
  g_assert_true (ld_name_normalizer_is_noise ("al"));
  g_assert_false (ld_name_normalizer_is_noise ("badege"));
}

static void
test_errors (void)
{
  g_autofree char *long_name = g_strnfill (10000, 'x');
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *lenient = NULL;

  out = ld_name_normalizer_normalize (long_name, -1, LD_NAME_NORMALIZER_FLAGS_NONE, &error);
  g_assert_null (out);
  g_assert_error (error, LD_NAME_NORMALIZER_ERROR, LD_NAME_NORMALIZER_ERROR_TOO_LONG);
  g_clear_error (&error);

  out = ld_name_normalizer_normalize ("A\x7f" "B", -1, LD_NAME_NORMALIZER_FLAGS_NONE, &error);
  g_assert_null (out);
  g_assert_error (error, LD_NAME_NORMALIZER_ERROR, LD_NAME_NORMALIZER_ERROR_CONTROL_CHARACTER);
  g_clear_error (&error);

  /* List data is lenient: a stray control character is a space there. */
  lenient = ld_name_normalizer_normalize ("A\x01" "B", -1, LD_NAME_NORMALIZER_FLAGS_LENIENT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (lenient, ==, "a b");

  out = ld_name_normalizer_normalize ("\xff\xfe", 2, LD_NAME_NORMALIZER_FLAGS_NONE, &error);
  g_assert_null (out);
  g_assert_error (error, LD_NAME_NORMALIZER_ERROR, LD_NAME_NORMALIZER_ERROR_INVALID_UTF8);
  g_clear_error (&error);

  /* A length that cuts a character in half is invalid, not read past. */
  out = ld_name_normalizer_normalize ("Ali \xc3\xa9", 5, LD_NAME_NORMALIZER_FLAGS_NONE, &error);
  g_assert_null (out);
  g_assert_error (error, LD_NAME_NORMALIZER_ERROR, LD_NAME_NORMALIZER_ERROR_INVALID_UTF8);
}

/* Each thread gets its own transliterator; results must not mix. */
static gpointer
normalize_many (gpointer data)
{
  const char *input = data;
  g_autofree char *first = ld_name_normalizer_normalize (input, -1, LD_NAME_NORMALIZER_FLAGS_NONE, NULL);

  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *again = ld_name_normalizer_normalize (input, -1, LD_NAME_NORMALIZER_FLAGS_NONE, NULL);

      if (g_strcmp0 (first, again) != 0)
        return GUINT_TO_POINTER (FALSE);
    }
  return GUINT_TO_POINTER (first != NULL);
}

static void
test_threads (void)
{
  static const char * const inputs[] = { "Умаров Доку", "صدام حسين", "金正恩", "Μπαντέγκε" };
  GThread *threads[G_N_ELEMENTS (inputs)];

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    threads[i] = g_thread_new ("normalize", normalize_many, (gpointer) inputs[i]);
  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    g_assert_true (GPOINTER_TO_UINT (g_thread_join (threads[i])));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/screening/normalizer/latin", test_latin);
  g_test_add_func ("/screening/normalizer/scripts", test_scripts);
  g_test_add_func ("/screening/normalizer/thai-second-spelling", test_thai_second_spelling);
  g_test_add_func ("/screening/normalizer/second-spelling-words", test_second_spelling_words);
  g_test_add_func ("/screening/normalizer/khmer-customary-spelling", test_khmer_customary_spelling);
  g_test_add_func ("/screening/normalizer/amharic-customary-spelling", test_amharic_customary_spelling);
  g_test_add_func ("/screening/normalizer/hebrew-letters", test_hebrew_letters);
  g_test_add_func ("/screening/normalizer/hebrew-short-words", test_hebrew_short_words);
  g_test_add_func ("/screening/normalizer/hebrew-words", test_hebrew_words);
  g_test_add_func ("/screening/normalizer/korean-customary-spelling", test_korean_customary_spelling);
  g_test_add_func ("/screening/normalizer/korean-customary-variants", test_korean_customary_variants);
  g_test_add_func ("/screening/normalizer/tokens", test_tokens);
  g_test_add_func ("/screening/normalizer/thai-fold", test_thai_fold);
  g_test_add_func ("/screening/normalizer/thai-skeleton", test_thai_skeleton);
  g_test_add_func ("/screening/normalizer/thai-indic-spelling", test_thai_indic_spelling);
  g_test_add_func ("/screening/normalizer/skeleton", test_skeleton);
  g_test_add_func ("/screening/normalizer/errors", test_errors);
  g_test_add_func ("/screening/normalizer/threads", test_threads);
  return g_test_run ();
}
