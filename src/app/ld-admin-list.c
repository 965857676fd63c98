/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-admin-list"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-admin.h"
#include "ld-section.h"

static void
print_rows (const LdSection *section,
            GPtrArray       *rows,
            gint64           total,
            gboolean         as_json)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "total");
  json_builder_add_int_value (b, total);
  json_builder_set_member_name (b, "rows");
  json_builder_begin_array (b);
  for (guint i = 0; i < rows->len; i++)
    {
      LdSectionRow *row = g_ptr_array_index (rows, i);
      g_autoptr(GString) line = g_string_new (NULL);

      json_builder_begin_object (b);
      for (guint c = 0; c < section->n_columns; c++)
        {
          json_builder_set_member_name (b, section->columns[c].key);
          if (row->values[c])
            json_builder_add_string_value (b, row->values[c]);
          else
            json_builder_add_null_value (b);
          g_string_append_printf (line, "%s%s", c ? "\t" : "", row->values[c] ? row->values[c] : "");
        }
      json_builder_end_object (b);
      if (!as_json)
        g_print ("%s\n", line->str);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  if (as_json)
    ld_admin_print_json (root);
  else
    g_printerr (_("%u of %lld shown.\n"), rows->len, (long long) total);
}

int
ld_admin_list_main (int    argc,
                    char **argv)
{
  g_autofree char *store_path = NULL;
  g_autofree char *search = NULL;
  g_autofree char *sort = NULL;
  gboolean descending = FALSE, as_json = FALSE;
  gint64 offset = 0;
  int limit = 50;
  GOptionEntry entries[] = {
    { "store", 's', 0, G_OPTION_ARG_FILENAME, &store_path, N_("The store file (default: the desk's own)"), N_("PATH") },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Only records matching these words"), N_("TEXT") },
    { "sort", 0, 0, G_OPTION_ARG_STRING, &sort, N_("Sort by this column"), N_("COLUMN") },
    { "descending", 0, 0, G_OPTION_ARG_NONE, &descending, N_("Sort from last to first"), NULL },
    { "offset", 0, 0, G_OPTION_ARG_INT64, &offset, N_("Skip this many records"), N_("N") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Show at most this many records (default 50)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("REGISTER"));
  g_autoptr(LdStore) store = NULL;
  g_autoptr(LdSectionQuery) query = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  const LdSection *section;
  sqlite3 *db = NULL;
  GError *error = NULL;
  gint64 total = 0;
  int sort_column;

  g_option_context_set_summary (context, _("REGISTER is brokers, applications, eucs or licences."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ld_admin_parse (context, &argc, &argv))
    return LD_ADMIN_EXIT_USAGE;
  section = argc == 2 ? ld_section_lookup (argv[1]) : NULL;
  if (section == NULL)
    {
      g_printerr (_("licence-desk-admin list: name one register: brokers, applications, eucs or licences.\n"));
      return LD_ADMIN_EXIT_USAGE;
    }
  sort_column = sort ? ld_section_find_column (section, sort) : (int) section->default_sort_column;
  if (sort_column < 0 || limit < 0 || offset < 0 || section->columns[sort_column].computed)
    {
      g_printerr (_("licence-desk-admin list: unknown or unsortable --sort column “%s”, or a negative --limit/--offset.\n"), sort);
      return LD_ADMIN_EXIT_USAGE;
    }

  query = ld_section_query_new (section, search, sort_column, sort ? descending : section->default_sort_descending);
  if (!(store = ld_admin_open_store (store_path, LD_STORE_OPEN_DEFAULT, &error)) ||
      !(db = ld_store_open_reader (store, &error)) ||
      !ld_section_query_count (query, db, &total, &error) ||
      !(rows = ld_section_query_page (query, db, offset, limit, &error)) ||
      !ld_section_fill_rows (store, section, rows, &error))
    {
      if (db)
        sqlite3_close_v2 (db);
      return ld_admin_fail (error);
    }
  sqlite3_close_v2 (db);
  print_rows (section, rows, total, as_json);
  return LD_ADMIN_EXIT_OK;
}
