/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-serials"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ld-serials.h"
#include "ld-validate.h"

/* Markings are compared as printed: case and surrounding blanks do not make
 * two weapons different, anything else does. */
#define MAX_SERIAL_LENGTH 40

static void
problem_free (LdSerialProblem *problem)
{
  g_free (problem->value);
  g_free (problem->message);
  g_free (problem);
}

void
ld_serial_report_free (LdSerialReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->serials);
  g_array_unref (report->lines);
  g_ptr_array_unref (report->problems);
  g_free (report);
}

/**
 * ld_serial_normalize:
 *
 * Returns: (transfer full) (nullable): @value trimmed and in capitals, or
 *   %NULL with %LD_VALIDATION_ERROR_MALFORMED when it holds characters that
 *   are not letters, digits, '-', '/' or '.', or is longer than 40 characters
 */
char *
ld_serial_normalize (const char  *value,
                     GError     **error)
{
  g_autofree char *s = g_strstrip (g_strdup (value ? value : ""));
  gsize len = strlen (s);

  for (gsize i = 0; i < len; i++)
    {
      char c = s[i];

      if (!g_ascii_isalnum (c) && c != '-' && c != '/' && c != '.')
        {
          g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED,
                       _("“%s” is not a serial number: only letters A–Z, digits, “-”, “/” and “.” may appear."), s);
          return NULL;
        }
      s[i] = g_ascii_toupper (c);
    }
  if (len == 0 || len > MAX_SERIAL_LENGTH)
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED,
                   _("“%s” is not a serial number: it must have 1 to %d characters."), s, MAX_SERIAL_LENGTH);
      return NULL;
    }
  return g_steal_pointer (&s);
}

static void
add_problem (LdSerialReport      *report,
             guint                line,
             LdSerialProblemKind  kind,
             const char          *value,
             char                *message)
{
  LdSerialProblem *problem = g_new0 (LdSerialProblem, 1);

  problem->line = line;
  problem->kind = kind;
  problem->value = g_strdup (value);
  problem->message = message;
  g_ptr_array_add (report->problems, problem);
}

static gboolean
is_header (const char *field,
           guint       line)
{
  return line == 1 && (g_ascii_strcasecmp (field, "serial") == 0 ||
                       g_ascii_strcasecmp (field, "serial number") == 0 ||
                       g_ascii_strcasecmp (field, "serial_number") == 0);
}

static void
parse_field (LdSerialReport *report,
             GHashTable     *seen,
             const char     *field,
             guint           line)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *serial = NULL;
  guint first;

  serial = ld_serial_normalize (field, &error);
  if (serial == NULL)
    {
      add_problem (report, line, LD_SERIAL_PROBLEM_MALFORMED, field,
                   g_strdup_printf (_("Line %u: %s"), line, error->message));
      return;
    }
  first = GPOINTER_TO_UINT (g_hash_table_lookup (seen, serial));
  if (first != 0)
    {
      add_problem (report, line, LD_SERIAL_PROBLEM_DUPLICATE, serial,
                   g_strdup_printf (_("Line %u: serial number “%s” repeats line %u."), line, serial, first));
      return;
    }
  g_hash_table_insert (seen, serial, GUINT_TO_POINTER (line));
  g_ptr_array_add (report->serials, g_steal_pointer (&serial));
  g_array_append_val (report->lines, line);
}

/* One line: a single serial, or CSV fields separated by commas, semicolons or
 * tabs (a column of a spreadsheet pasted, or several serials on a line). */
static void
parse_line (LdSerialReport *report,
            GHashTable     *seen,
            char           *text,
            guint           line)
{
  g_auto(GStrv) fields = g_strsplit_set (text, ",;\t", -1);

  for (guint i = 0; fields[i]; i++)
    {
      char *field = g_strstrip (fields[i]);
      gsize len = strlen (field);

      /* CSV quoting: "A123" */
      if (len >= 2 && field[0] == '"' && field[len - 1] == '"')
        {
          field[len - 1] = '\0';
          field++;
        }
      if (field[0] == '\0' || is_header (field, line))
        continue;
      parse_field (report, seen, field, line);
    }
}

/**
 * ld_serials_parse:
 * @length: the length of @text, or -1 when nul-terminated
 *
 * Reads serial numbers pasted or imported as text or CSV. Blank fields and a
 * "serial" header line are skipped; every other refused value is reported with
 * its line, and nothing good is dropped because of a bad neighbour.
 *
 * Returns: (transfer full): the report
 */
LdSerialReport *
ld_serials_parse (const char *text,
                  gssize      length)
{
  LdSerialReport *report = g_new0 (LdSerialReport, 1);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *copy = length < 0 ? g_strdup (text ? text : "") : g_strndup (text, length);
  char *line_start = copy;
  guint line = 1;

  report->serials = g_ptr_array_new_with_free_func (g_free);
  report->lines = g_array_new (FALSE, FALSE, sizeof (guint));
  report->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) problem_free);

  while (line_start != NULL)
    {
      char *end = strchr (line_start, '\n');

      if (end)
        *end = '\0';
      parse_line (report, seen, line_start, line++);
      line_start = end ? end + 1 : NULL;
    }
  return report;
}

/**
 * ld_serial_report_format:
 * @max_lines: how many problems to spell out; the rest are counted
 *
 * Returns: (transfer full): a summary for a person: how many serial numbers
 *   were read and each problem by line
 */
char *
ld_serial_report_format (const LdSerialReport *report,
                         guint                 max_lines)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u serial number read", "%u serial numbers read",
                                            report->serials->len), report->serials->len);
  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, ", %u refused.", ", %u refused.",
                                            report->problems->len), report->problems->len);
  for (guint i = 0; i < report->problems->len && i < max_lines; i++)
    g_string_append_printf (out, "\n%s", ((LdSerialProblem *) report->problems->pdata[i])->message);
  if (report->problems->len > max_lines)
    g_string_append_printf (out, _("\n… and %u more."), report->problems->len - max_lines);
  return g_string_free (out, FALSE);
}
