/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Duplicate keys of broker names across scripts, spellings and word orders. */
#include "config.h"

#include "ld-broker-name.h"

static const struct
{
  const char *a;
  const char *b;
  gboolean    same;
} cases[] = {
  /* Latin: case, diacritics, legal form, order, umlaut spelled out */
  { "Müller Trading GmbH", "MUELLER TRADING", TRUE },
  { "Dvořák Arms s.r.o.", "Arms Dvorak", TRUE },
  { "Atlas Freight Ltd", "Freight Atlas Limited", TRUE },
  { "Atlas Freight Ltd", "Atlas Logistics Ltd", FALSE },
  { "Sørensen Security AB", "Sorensen Security", TRUE },
  /* Cyrillic against its romanisations, in any order */
  { "ООО «Северный Арсенал»", "Severnyy Arsenal LLC", TRUE },
  { "ООО «Северный Арсенал»", "Arsenal Severny OOO", TRUE },
  { "ООО «Северный Арсенал»", "ООО «Восток Арсенал»", FALSE },
  { "Олена Коваленко", "Kovalenko Olena", TRUE },
  /* Arabic: vowel marks, alef forms, company word, order */
  { "شركة النُّور للتجارة", "النور للتجارة", TRUE },
  { "شركة الأمان للنقل", "للنقل الامان", TRUE },
  { "شركة النور للتجارة", "شركة الصقر للتجارة", FALSE },
  /* Chinese against pinyin with any spacing and company words */
  { "华北贸易有限公司", "Huabei Maoyi Co., Ltd.", TRUE },
  { "华北贸易有限公司", "Hua Bei Mao Yi", TRUE },
  { "华北贸易有限公司", "华北贸易", TRUE },
  { "华北贸易有限公司", "东方贸易有限公司", FALSE },
  /* Numbers stay as written: digits and Roman numerals never fold */
  { "Trading 1 Ltd", "Trading 11 Ltd", FALSE },
  { "Trading 11 Ltd", "Trading 111 Ltd", FALSE },
  { "Depot 2000 GmbH", "Depot 200 GmbH", FALSE },
  { "Depot 1 12 GmbH", "Depot 11 2 GmbH", FALSE },
  { "Trading II Ltd", "Trading I Ltd", FALSE },
  { "Trading XX Ltd", "Trading X Ltd", FALSE },
  { "Trading 11 Ltd", "TRADING 11 LIMITED", TRUE },
  { "Trading 11 Ltd", "11 Trading", TRUE },
  { "Trading II Ltd", "trading ii", TRUE },
  { "Severnyy Arsenal 22", "Северный Арсенал 22", TRUE },
  { "Severnyy Arsenal 22", "Северный Арсенал 2", FALSE },
  { "华北贸易 88 有限公司", "Huabei Maoyi 88", TRUE },
  { "Xi Li Trading", "Xili Trading", TRUE },
  /* Nothing left after folding never matches */
  { "Ltd", "GmbH", FALSE },
};

static void
test_match (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LdNameKey) a = ld_name_key_new (cases[i].a);
      g_autoptr(LdNameKey) b = ld_name_key_new (cases[i].b);

      g_test_message ("%s [%s|%s] vs %s [%s|%s]", cases[i].a, a->sorted, a->compact,
                      cases[i].b, b->sorted, b->compact);
      g_assert_cmpint (ld_name_key_match (a, b), ==, cases[i].same);
      g_assert_cmpint (ld_name_key_match (b, a), ==, cases[i].same);
    }
}

static void
test_latin (void)
{
  g_autofree char *latin = ld_name_to_latin ("Северный Арсенал");

  /* The search index gets a Latin form, so a clerk can type it. */
  g_assert_cmpstr (latin, ==, "severnyj arsenal");
}

static void
test_numbers (void)
{
  g_autofree char *a = ld_broker_number_key ("DE 123.456-789");
  g_autofree char *b = ld_broker_number_key ("de123456789");
  g_autofree char *empty = ld_broker_number_key (" - ");

  g_assert_cmpstr (a, ==, "DE123456789");
  g_assert_cmpstr (a, ==, b);
  g_assert_null (empty);
  g_assert_null (ld_broker_number_key (NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/broker-name/match", test_match);
  g_test_add_func ("/broker-name/latin", test_latin);
  g_test_add_func ("/broker-name/numbers", test_numbers);
  return g_test_run ();
}
