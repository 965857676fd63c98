/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-csv"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ld-csv.h"

typedef struct
{
  const char *p;
  const char *end;
  guint       line;
  gboolean    nul;    /* this record holds a NUL byte */
} Cursor;

/* A NUL byte would end the field's C string there and silently drop the
 * rest of a name; the record is refused instead. */
static void
note_nul (Cursor      *c,
          LdCsvRecord *record,
          guint        line)
{
  c->nul = TRUE;
  if (record->error == NULL)
    record->error = g_strdup_printf (_("column %u on line %u holds a NUL byte (character 0), which no text may "
                                       "contain; remove it and import the row again"),
                                     record->fields->len + 1, line);
}

void
ld_csv_record_free (LdCsvRecord *record)
{
  if (record == NULL)
    return;
  g_ptr_array_unref (record->fields);
  g_free (record->error);
  g_free (record);
}

static gboolean
at_record_end (Cursor *c)
{
  return c->p >= c->end || *c->p == '\n' || *c->p == '\r';
}

static void
skip_line_end (Cursor *c)
{
  if (c->p < c->end && *c->p == '\r')
    c->p++;
  if (c->p < c->end && *c->p == '\n')
    c->p++;
  c->line++;
}

/* A quoted field: "" is a quote, line breaks are kept. */
static char *
read_quoted (Cursor       *c,
             LdCsvRecord  *record)
{
  GString *field = g_string_new (NULL);
  c->p++;
  for (;;)
    {
      if (c->p >= c->end)
        {
          record->error = g_strdup (_("a quote is never closed"));
          break;
        }
      if (*c->p == '"' && c->p + 1 < c->end && c->p[1] == '"')
        {
          g_string_append_c (field, '"');
          c->p += 2;
          continue;
        }
      if (*c->p == '"')
        {
          c->p++;
          break;
        }
      if (*c->p == '\n')
        c->line++;
      if (*c->p == '\0')
        note_nul (c, record, c->line);
      g_string_append_c (field, *c->p++);
    }
  if (!at_record_end (c) && *c->p != ',' && record->error == NULL)
    record->error = g_strdup_printf (_("text follows a closing quote on line %u; put the whole field in quotes "
                                       "and double any quote inside it"), c->line);
  while (!at_record_end (c) && *c->p != ',')
    c->p++;
  return g_string_free (field, FALSE);
}

static char *
read_plain (Cursor      *c,
            LdCsvRecord *record)
{
  const char *start = c->p;

  while (!at_record_end (c) && *c->p != ',')
    {
      if (*c->p == '"' && record->error == NULL)
        record->error = g_strdup_printf (_("a quote inside an unquoted field on line %u; put the field in quotes "
                                           "and double the quote"), c->line);
      if (*c->p == '\0')
        note_nul (c, record, c->line);
      c->p++;
    }
  return g_strndup (start, c->p - start);
}

static LdCsvRecord *
read_record (Cursor *c)
{
  LdCsvRecord *record = g_new0 (LdCsvRecord, 1);
  const char *start = c->p;
  gboolean unclosed;

  record->line = c->line;
  record->fields = g_ptr_array_new_with_free_func (g_free);
  c->nul = FALSE;
  for (;;)
    {
      if (c->p < c->end && *c->p == '"')
        g_ptr_array_add (record->fields, read_quoted (c, record));
      else
        g_ptr_array_add (record->fields, read_plain (c, record));
      if (c->p < c->end && *c->p == ',')
        {
          c->p++;
          continue;
        }
      break;
    }
  /* A stray quote would swallow the lines after it into one broken record;
   * give up on its first line only, so the rows after it still import. */
  unclosed = record->error && !c->nul && c->line > record->line;
  if (unclosed)
    {
      g_clear_pointer (&record->error, g_free);
      record->error = g_strdup_printf (_("a quote opened on line %u is not closed where it should be; "
                                         "put whole fields in quotes and double any quote inside them"),
                                       record->line);
      c->p = start;
      c->line = record->line;
      while (c->p < c->end && *c->p != '\n' && *c->p != '\r')
        c->p++;
    }
  skip_line_end (c);
  return record;
}

/**
 * ld_csv_parse:
 *
 * Splits RFC 4180 CSV into records, skipping a UTF-8 byte-order mark and
 * blank lines. A record with broken quoting is still returned, with @error
 * set, so the caller can report it and carry on with the next one.
 *
 * Returns: (transfer full) (element-type LdCsvRecord)
 */
GPtrArray *
ld_csv_parse (const char *data,
              gsize       length)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_csv_record_free);
  Cursor c = { data, data + length, 1, FALSE };

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    c.p += 3;
  while (c.p < c.end)
    {
      if (*c.p == '\n' || *c.p == '\r')
        {
          skip_line_end (&c);
          continue;
        }
      g_ptr_array_add (records, read_record (&c));
    }
  return records;
}

/* Quotes a field when it holds a comma, quote or line break, as RFC 4180 says. */
void
ld_csv_append_field (GString    *line,
                     const char *field,
                     gboolean    first)
{
  if (!first)
    g_string_append_c (line, ',');
  if (field == NULL)
    return;
  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (line, field);
      return;
    }
  g_string_append_c (line, '"');
  for (const char *p = field; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}
