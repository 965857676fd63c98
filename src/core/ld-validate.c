/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-validate"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <glib/gi18n-lib.h>

#include "ld-country.h"
#include "ld-validate.h"

G_DEFINE_QUARK (ld-validation-error-quark, ld_validation_error)

/**
 * ld_text_normalize_input:
 *
 * Returns: (transfer full) (nullable): @text as NFC with surrounding white space
 *   removed, or %NULL when it is not valid UTF-8. What officers paste from other
 *   programs often carries decomposed accents and trailing spaces.
 */
char *
ld_text_normalize_input (const char *text)
{
  g_autofree char *nfc = NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;
  nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  return g_strstrip (g_steal_pointer (&nfc));
}

gboolean
ld_validate_required (const char  *field,
                      const char  *value,
                      GError     **error)
{
  g_autofree char *clean = ld_text_normalize_input (value);

  if (clean == NULL || clean[0] == '\0')
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_REQUIRED,
                   _("%s is required."), field);
      return FALSE;
    }
  return TRUE;
}

/**
 * ld_parse_date:
 * @field: the field's name as the user sees it
 * @text: a date as YYYY-MM-DD
 *
 * Returns: (transfer full) (nullable): the date, or %NULL with @error saying
 *   what is wrong with @text.
 */
GDate *
ld_parse_date (const char  *field,
               const char  *text,
               GError     **error)
{
  g_autofree char *clean = ld_text_normalize_input (text);
  guint year, month, day;
  char tail;

  if (clean == NULL || clean[0] == '\0')
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_REQUIRED,
                   _("%s is required (as YYYY-MM-DD)."), field);
      return NULL;
    }
  if (sscanf (clean, "%4u-%2u-%2u%c", &year, &month, &day, &tail) != 3 || clean[4] != '-' || clean[7] != '-')
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED,
                   _("%s “%s” is not a date: write it as YYYY-MM-DD, for example 2026-03-31."),
                   field, clean);
      return NULL;
    }
  if (year < 1900 || year > 2200 || !g_date_valid_dmy (day, month, year))
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_OUT_OF_RANGE,
                   _("%s “%s” is not a real calendar date."), field, clean);
      return NULL;
    }
  return g_date_new_dmy (day, month, year);
}

/**
 * ld_parse_quantity:
 *
 * Accepts a whole number from 1 to 10^12, with optional thin/normal spaces as
 * digit group separators. Refuses signs, decimals, words and overflow.
 */
gboolean
ld_parse_quantity (const char  *field,
                   const char  *text,
                   gint64      *out_quantity,
                   GError     **error)
{
  g_autofree char *clean = ld_text_normalize_input (text);
  g_autoptr(GString) digits = g_string_new (NULL);
  guint64 value;

  if (clean == NULL || clean[0] == '\0')
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_REQUIRED,
                   _("%s is required."), field);
      return FALSE;
    }
  for (const char *p = clean; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ' ' || c == 0x202F || c == 0x00A0)
        continue;
      if (c > 127 || !g_ascii_isdigit (c) || digits->len >= 13)
        {
          g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED,
                       _("%s “%s” is not a whole number of items."), field, clean);
          return FALSE;
        }
      g_string_append_c (digits, (char) c);
    }
  value = g_ascii_strtoull (digits->str, NULL, 10);
  if (value < 1 || value > G_GUINT64_CONSTANT (1000000000000))
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_OUT_OF_RANGE,
                   _("%s must be at least 1 (got “%s”)."), field, clean);
      return FALSE;
    }
  *out_quantity = (gint64) value;
  return TRUE;
}

gboolean
ld_validate_country_code (const char  *field,
                          const char  *code,
                          GError     **error)
{
  if (code == NULL || code[0] == '\0')
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_REQUIRED,
                   _("%s is required (a two-letter ISO 3166 code such as FR)."), field);
      return FALSE;
    }
  if (ld_country_lookup (code) == NULL)
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_UNKNOWN_CODE,
                   _("%s “%s” is not an ISO 3166 country code; use two letters such as FR or KE."),
                   field, code);
      return FALSE;
    }
  return TRUE;
}

gboolean
ld_validate_date_order (const char  *from_field,
                        const GDate *from,
                        const char  *until_field,
                        const GDate *until,
                        GError     **error)
{
  if (from && until && g_date_compare (until, from) < 0)
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_CONTRADICTORY,
                   _("%s is before %s; the end of a period cannot come before its start."),
                   until_field, from_field);
      return FALSE;
    }
  return TRUE;
}
