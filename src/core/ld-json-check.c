/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-json-check"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ld-json-check.h"
#include "ld-validate.h"

/* After an escape's backslash at @p: whether it is \u0000. */
static gboolean
is_nul_escape (const char *p,
               const char *end)
{
  return end - p >= 5 && p[0] == 'u' && memcmp (p + 1, "0000", 4) == 0;
}

static gboolean
fail_raw (GError     **error,
          guint        line,
          const char  *key,
          const char  *what)
{
  if (key[0] != '\0')
    g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED,
                 _("Line %u, in “%s”: %s"), line, key, what);
  else
    g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED, _("Line %u: %s"), line, what);
  return FALSE;
}

static gboolean
fail_depth (GError **error,
            guint    line,
            guint    max_depth)
{
  g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED,
               _("Line %u: lists and objects are nested more than %u deep, deeper than this file's format ever "
                 "goes. Check that this is the right file."), line, max_depth);
  return FALSE;
}

/**
 * ld_json_check_raw:
 * @data: the file's bytes
 * @length: how many
 * @max_depth: the deepest nesting of lists and objects the format uses, with room
 *
 * One pass over raw JSON text before json-glib reads it. json-glib's parser
 * recurses once per nesting level, so a file nested 80,000 deep overflows the
 * stack; and it cuts a string at a NUL, raw or written \u0000, silently.
 * Strings are skipped whole, so brackets inside them do not count; the last
 * member name met is kept to say where a NUL is.
 */
gboolean
ld_json_check_raw (const char  *data,
                   gsize        length,
                   guint        max_depth,
                   GError     **error)
{
  const char *end = data + length;
  g_autoptr(GString) key = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  guint depth = 0, line = 1;
  gboolean in_string = FALSE;

  for (const char *p = data; p < end; p++)
    {
      if (*p == '\0')
        return fail_raw (error, line, in_string ? key->str : "",
                         _("the file holds a NUL byte (character 0), which no text may contain; remove it."));
      if (*p == '\n')
        line++;
      if (in_string)
        {
          if (*p == '\\' && p + 1 < end && is_nul_escape (p + 1, end))
            return fail_raw (error, line, key->str,
                             _("the text holds \\u0000 (the NUL character), which no text may contain; remove it."));
          if (*p == '\\' && p + 1 < end)
            {
              if (text->len < 64)
                g_string_append_c (text, p[1]);
              p++;
            }
          else if (*p == '"')
            in_string = FALSE;
          else if (text->len < 64)
            g_string_append_c (text, *p);
          continue;
        }
      if (*p == '"')
        {
          in_string = TRUE;
          g_string_truncate (text, 0);
        }
      else if (*p == ':')
        g_string_assign (key, text->str);
      else if ((*p == '[' || *p == '{') && ++depth > max_depth)
        return fail_depth (error, line, max_depth);
      else if ((*p == ']' || *p == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}
