/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-admin-audit"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-admin.h"
#include "ld-audit-log.h"

static JsonNode *
report_to_json (LdStore             *store,
                const LdAuditReport *report)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "store");
  json_builder_add_string_value (b, ld_store_get_path (store));
  json_builder_set_member_name (b, "intact");
  json_builder_add_boolean_value (b, report->intact);
  json_builder_set_member_name (b, "entries_verified");
  json_builder_add_int_value (b, report->n_entries);
  if (!report->intact)
    {
      json_builder_set_member_name (b, "first_bad_seq");
      json_builder_add_int_value (b, report->first_bad_seq);
      json_builder_set_member_name (b, "first_bad_entry_id");
      json_builder_add_string_value (b, report->first_bad_entry_id);
      json_builder_set_member_name (b, "reason");
      json_builder_add_string_value (b, report->reason);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static int
verify (const char *store_path,
        gboolean    as_json)
{
  g_autoptr(LdStore) store = NULL;
  g_autoptr(LdAuditReport) report = NULL;
  GError *error = NULL;

  if (!(store = ld_admin_open_store (store_path, LD_STORE_OPEN_DEFAULT, &error)) ||
      !(report = ld_audit_log_verify (store, NULL, &error)))
    return ld_admin_fail (error);

  if (as_json)
    {
      g_autoptr(JsonNode) node = report_to_json (store, report);

      ld_admin_print_json (node);
    }
  else if (report->intact)
    g_print (_("The audit log of %s is intact: %lld entries verified.\n"),
             ld_store_get_path (store), (long long) report->n_entries);
  else
    g_print (_("The audit log of %s is NOT intact: %s.\n"), ld_store_get_path (store), report->reason);

  return report->intact ? LD_ADMIN_EXIT_OK : LD_ADMIN_EXIT_AUDIT_BROKEN;
}

int
ld_admin_audit_main (int    argc,
                     char **argv)
{
  g_autofree char *store_path = NULL;
  gboolean as_json = FALSE;
  GOptionEntry entries[] = {
    { "store", 's', 0, G_OPTION_ARG_FILENAME, &store_path, N_("The store file (default: the desk's own)"), N_("PATH") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print the result as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("verify"));

  g_option_context_set_summary (context, _("verify: check that every audit entry matches its hash and that the "
                                           "entries are chained in order. Exits 0 when the log is intact, 3 when it "
                                           "is not, naming the first entry that does not verify."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ld_admin_parse (context, &argc, &argv))
    return LD_ADMIN_EXIT_USAGE;
  if (argc != 2 || !g_str_equal (argv[1], "verify"))
    {
      g_printerr (_("licence-desk-admin audit: say “verify”; see --help.\n"));
      return LD_ADMIN_EXIT_USAGE;
    }
  return verify (store_path, as_json);
}
