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

/* The longest text each kind of field takes, in characters. A name of a few
 * hundred characters is already unusual; anything longer is a paste gone
 * wrong or a file built to break the register, and is refused whole. */
static const struct
{
  guint    max_chars;
  gboolean multiline;
} text_limits[LD_TEXT_N_KINDS] = {
  [LD_TEXT_CODE] = { 64, FALSE },
  [LD_TEXT_NUMBER] = { 100, FALSE },
  [LD_TEXT_NAME] = { 500, FALSE },
  [LD_TEXT_LINE] = { 500, FALSE },
  [LD_TEXT_PARAGRAPH] = { 2000, TRUE },
};

/* A control character (Unicode Cc: C0, DEL, C1) that the field may not hold;
 * tabs and line breaks are allowed only where text may break lines. */
static gunichar
find_control (const char *text,
              gboolean    multiline)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (multiline && (c == '\n' || c == '\r' || c == '\t'))
        continue;
      if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
        return c;
    }
  return 0;
}

/**
 * ld_validate_text:
 * @field: the field's name as the user sees it
 * @value: (nullable): the text; %NULL or empty passes (required fields are
 *   checked by ld_validate_required())
 * @kind: what the field holds, for its length limit and line breaks
 *
 * Every text field's check, whatever brought the text in: valid UTF-8, no
 * control characters, and no longer than its kind allows.
 */
gboolean
ld_validate_text (const char  *field,
                  const char  *value,
                  LdTextKind   kind,
                  GError     **error)
{
  gunichar control;
  glong length;

  g_return_val_if_fail (kind < LD_TEXT_N_KINDS, FALSE);

  if (value == NULL || value[0] == '\0')
    return TRUE;
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED,
                   _("%s is not valid UTF-8 text; save the text as UTF-8 and enter it again."), field);
      return FALSE;
    }
  control = find_control (value, text_limits[kind].multiline);
  if (control == '\n' || control == '\r')
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED,
                   _("%s holds a line break; write it on one line."), field);
      return FALSE;
    }
  if (control != 0)
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED,
                   _("%s holds a control character (U+%04X) that no text may contain; remove it."),
                   field, (guint) control);
      return FALSE;
    }
  length = g_utf8_strlen (value, -1);
  if ((gulong) length > text_limits[kind].max_chars)
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_OUT_OF_RANGE,
                   _("%s is %ld characters long; it may have at most %u. Shorten it."),
                   field, length, text_limits[kind].max_chars);
      return FALSE;
    }
  return TRUE;
}

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
