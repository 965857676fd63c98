/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-country"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ld-country.h"

#include "ld-country-table.h"
#include "ld-currency-table.h"

static int
compare_country (const void *key,
                 const void *member)
{
  return strcmp (key, ((const LdCountry *) member)->alpha2);
}

static int
compare_currency (const void *key,
                  const void *member)
{
  return strcmp (key, ((const LdCurrency *) member)->alpha3);
}

/**
 * ld_country_lookup:
 * @code: an ISO 3166-1 alpha-2 code, any case, surrounding spaces ignored
 *
 * Returns: (nullable): the country, or %NULL for anything that is not a current code.
 */
const LdCountry *
ld_country_lookup (const char *code)
{
  char key[3];

  if (code == NULL)
    return NULL;
  while (*code == ' ')
    code++;
  if (!g_ascii_isalpha (code[0]) || !g_ascii_isalpha (code[1]))
    return NULL;
  for (const char *p = code + 2; *p; p++)
    if (*p != ' ')
      return NULL;

  key[0] = g_ascii_toupper (code[0]);
  key[1] = g_ascii_toupper (code[1]);
  key[2] = '\0';
  return bsearch (key, ld_country_table, G_N_ELEMENTS (ld_country_table),
                  sizeof ld_country_table[0], compare_country);
}

/* Translated through the iso-codes gettext domain, so every locale Debian
 * translates is covered without a table of our own. */
const char *
ld_country_get_name (const LdCountry *country)
{
  g_return_val_if_fail (country != NULL, NULL);

  return g_dgettext ("iso_3166-1", country->name);
}

guint
ld_country_get_n_countries (void)
{
  return G_N_ELEMENTS (ld_country_table);
}

const LdCountry *
ld_country_get_nth (guint n)
{
  g_return_val_if_fail (n < G_N_ELEMENTS (ld_country_table), NULL);

  return &ld_country_table[n];
}

const LdCurrency *
ld_currency_lookup (const char *code)
{
  char key[4];

  if (code == NULL || strlen (code) != 3)
    return NULL;
  for (guint i = 0; i < 3; i++)
    {
      if (!g_ascii_isalpha (code[i]))
        return NULL;
      key[i] = g_ascii_toupper (code[i]);
    }
  key[3] = '\0';
  return bsearch (key, ld_currency_table, G_N_ELEMENTS (ld_currency_table),
                  sizeof ld_currency_table[0], compare_currency);
}
