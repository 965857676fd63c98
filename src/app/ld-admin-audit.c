/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-admin-audit"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-admin.h"
#include "ld-json-members.h"
#include "ld-audit-log.h"
#include "ld-backup.h"

static const char *finding_kinds[] = {
  "entry-changed", "chain-broken", "mac-wrong", "downgraded", "row-changed", "row-unaudited",
  "actor-unaudited", "anchor",
};

static void
add_findings (JsonBuilder         *b,
              const LdAuditReport *report)
{
  json_builder_set_member_name (b, "findings");
  json_builder_begin_array (b);
  for (guint i = 0; i < report->findings->len; i++)
    {
      const LdAuditFinding *finding = g_ptr_array_index (report->findings, i);

      json_builder_begin_object (b);
      ld_json_add_string_member (b, "kind", finding_kinds[finding->kind]);
      ld_json_add_int_member (b, "seq", finding->seq);
      ld_json_add_string_member (b, "entity", finding->entity);
      ld_json_add_string_member (b, "record_id", finding->record_id);
      ld_json_add_string_member (b, "reason", finding->reason);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static JsonNode *
report_to_json (LdStore             *store,
                const LdAuditReport *report)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  ld_json_add_string_member (b, "store", ld_store_get_path (store));
  json_builder_set_member_name (b, "intact");
  json_builder_add_boolean_value (b, report->intact);
  json_builder_set_member_name (b, "authenticated");
  json_builder_add_boolean_value (b, ld_audit_report_is_authenticated (report));
  json_builder_set_member_name (b, "keyring_available");
  json_builder_add_boolean_value (b, report->keyring_available);
  ld_json_add_int_member (b, "entries_verified", report->n_entries);
  ld_json_add_int_member (b, "entries_authenticated", report->n_authenticated);
  ld_json_add_int_member (b, "entries_before_upgrade", report->n_chained_only);
  ld_json_add_int_member (b, "entries_unauthenticated", report->n_unauthenticated);
  ld_json_add_int_member (b, "entries_mac_unchecked", report->n_mac_unchecked);
  ld_json_add_int_member (b, "rows_checked", report->n_rows_checked);
  ld_json_add_int_member (b, "rows_unrecorded", report->n_rows_unrecorded);
  ld_json_add_int_member (b, "head_count", report->head->count);
  ld_json_add_string_member (b, "head_hash", report->head->head);
  ld_json_add_string_member (b, "anchor_file", report->anchor_file);
  ld_json_add_int_member (b, "anchor_count", report->anchor_count);
  ld_json_add_int_member (b, "findings_total", report->n_findings);
  add_findings (b, report);
  if (!report->intact)
    {
      ld_json_add_int_member (b, "first_bad_seq", report->first_bad_seq);
      ld_json_add_string_member (b, "first_bad_entry_id", report->first_bad_entry_id);
      ld_json_add_string_member (b, "reason", report->reason);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
print_findings (LdStore             *store,
                const LdAuditReport *report)
{
  g_print (ngettext ("The audit log of %s is NOT intact: %lld finding.\n",
                     "The audit log of %s is NOT intact: %lld findings.\n", (gulong) report->n_findings),
           ld_store_get_path (store), (long long) report->n_findings);
  for (guint i = 0; i < report->findings->len; i++)
    g_print ("  - %s\n", ((const LdAuditFinding *) g_ptr_array_index (report->findings, i))->reason);
  if (report->n_findings > report->findings->len)
    g_print (_("  … and %lld more; the first %u are listed.\n"),
             (long long) (report->n_findings - report->findings->len), report->findings->len);
}

/* Said every time, so nobody takes a partly checked log for an authenticated one. */
static void
print_limits (const LdAuditReport *report)
{
  if (report->n_unauthenticated > 0)
    g_print (_("%lld entries were written without the desk's key (no keyring was available at the desk): "
               "they are NOT authenticated, and anyone with the file could have rewritten them.\n"),
             (long long) report->n_unauthenticated);
  if (report->n_mac_unchecked > 0 && !report->keyring_available)
    g_print (_("The MACs of %lld entries could not be checked: there is no keyring here. The chain, the rows "
               "and the anchor were checked; run the check at the desk to authenticate the entries.\n"),
             (long long) report->n_mac_unchecked);
  else if (report->n_mac_unchecked > 0)
    g_print (_("The MACs of %lld entries could not be checked: this keyring does not hold the desk's key. The "
               "chain, the rows and the anchor were checked; run the check at the desk to authenticate the "
               "entries.\n"), (long long) report->n_mac_unchecked);
  if (report->n_chained_only > 0)
    g_print (_("%lld entries were written before the keyed audit log and were verified by the old rules "
               "(hash chain only, no key).\n"), (long long) report->n_chained_only);
  if (report->n_rows_unrecorded > 0)
    g_print (_("%lld records were last changed before the keyed audit log: their rows have no recorded state "
               "to compare yet.\n"), (long long) report->n_rows_unrecorded);
}

static int
exit_code (const LdAuditReport *report)
{
  if (!report->intact)
    return LD_ADMIN_EXIT_AUDIT_BROKEN;
  return ld_audit_report_is_authenticated (report) ? LD_ADMIN_EXIT_OK : LD_ADMIN_EXIT_AUDIT_UNAUTHENTICATED;
}

static int
verify (const char *store_path,
        const char *printed_anchor,
        gboolean    as_json)
{
  g_autoptr(LdStore) store = NULL;
  g_autoptr(LdAuditReport) report = NULL;
  g_autoptr(LdAuditAnchor) printed = NULL;
  GError *error = NULL;

  if (printed_anchor && !(printed = ld_audit_anchor_parse_printed (printed_anchor, &error)))
    {
      g_printerr ("licence-desk-admin: %s\n", error->message);
      g_error_free (error);
      return LD_ADMIN_EXIT_USAGE;
    }
  if (!(store = ld_admin_open_store (store_path, LD_STORE_OPEN_DEFAULT, &error)) ||
      !(report = ld_audit_log_verify_against (store, printed, NULL, &error)))
    return ld_admin_fail (error);

  if (as_json)
    {
      g_autoptr(JsonNode) node = report_to_json (store, report);

      ld_admin_print_json (node);
      return exit_code (report);
    }
  if (!report->intact)
    print_findings (store, report);
  else if (ld_audit_report_is_authenticated (report))
    g_print (_("The audit log of %s is intact: %lld entries verified, %lld authenticated by the desk's key, "
               "%lld records checked against it.\n"), ld_store_get_path (store), (long long) report->n_entries,
             (long long) report->n_authenticated, (long long) report->n_rows_checked);
  else
    g_print (_("The audit log of %s shows no sign of tampering, but it is NOT fully authenticated: "
               "%lld entries verified, %lld records checked.\n"), ld_store_get_path (store),
             (long long) report->n_entries, (long long) report->n_rows_checked);
  print_limits (report);
  return exit_code (report);
}

static int
print_anchor (const char *store_path,
              gboolean    as_json)
{
  g_autoptr(LdStore) store = NULL;
  g_autoptr(LdAuditAnchor) anchor = NULL;
  g_autofree char *printed = NULL;
  GError *error = NULL;
  sqlite3 *db;

  if (!(store = ld_admin_open_store (store_path, LD_STORE_OPEN_DEFAULT, &error)) ||
      !(db = ld_store_open_reader (store, &error)))
    return ld_admin_fail (error);
  anchor = ld_audit_anchor_of_log (db, &error);
  sqlite3_close_v2 (db);
  if (anchor == NULL)
    return ld_admin_fail (error);
  printed = ld_audit_anchor_to_printed (anchor);
  if (as_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_begin_object (b);
      ld_json_add_string_member (b, "store", ld_store_get_path (store));
      ld_json_add_string_member (b, "store_id", anchor->store_id);
      ld_json_add_int_member (b, "count", anchor->count);
      ld_json_add_string_member (b, "head", anchor->head);
      ld_json_add_string_member (b, "anchor", printed);
      json_builder_end_object (b);
      node = json_builder_get_root (b);
      ld_admin_print_json (node);
    }
  else
    g_print (_("The audit log of %s stands at entry %lld. Write this anchor in the office's register with "
               "today's date, and check the store against it later with audit verify --anchor:\n%s\n"),
             ld_store_get_path (store), (long long) anchor->count, printed);
  return LD_ADMIN_EXIT_OK;
}

int
ld_admin_audit_main (int    argc,
                     char **argv)
{
  g_autofree char *store_path = NULL;
  g_autofree char *anchor = NULL;
  gboolean as_json = FALSE;
  GOptionEntry entries[] = {
    { "store", 's', 0, G_OPTION_ARG_FILENAME, &store_path, N_("The store file (default: the desk's own)"), N_("PATH") },
    { "anchor", 0, 0, G_OPTION_ARG_STRING, &anchor,
      N_("verify: also check against an anchor from the office's register"), N_("HEAD:COUNT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print the result as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("verify|anchor"));

  g_option_context_set_summary (context,
    _("verify: check every audit entry against its hash and the desk's key (from the keyring), that the entries "
      "are chained in order, that every record's row is as its last entry recorded it, and that the log reaches "
      "the anchor kept beside the store (and the one given with --anchor). Exits 0 when the log is intact and "
      "authenticated, 3 when it is not intact, naming each finding, 4 when nothing is wrong but some entries "
      "could not be authenticated (no keyring, or not the desk's).\n"
      "anchor: print where the log stands (HEAD:COUNT) for the office's paper register."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ld_admin_parse (context, &argc, &argv))
    return LD_ADMIN_EXIT_USAGE;
  if (argc == 2 && g_str_equal (argv[1], "verify"))
    return verify (store_path, anchor, as_json);
  if (argc == 2 && g_str_equal (argv[1], "anchor") && anchor == NULL)
    return print_anchor (store_path, as_json);
  g_printerr (_("licence-desk-admin audit: say “verify” or “anchor”; see --help.\n"));
  return LD_ADMIN_EXIT_USAGE;
}

int
ld_admin_backup_main (int    argc,
                      char **argv)
{
  g_autofree char *store_path = NULL;
  g_autofree char *destination = NULL;
  g_autoptr(LdStore) store = NULL;
  g_autoptr(LdAuditAnchor) anchor = NULL;
  g_autofree char *printed = NULL;
  GError *error = NULL;
  GOptionEntry entries[] = {
    { "store", 's', 0, G_OPTION_ARG_FILENAME, &store_path, N_("The store file (default: the desk's own)"), N_("PATH") },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &destination, N_("The backup file to create"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);

  g_option_context_set_summary (context,
    _("Copy the store while the desk works (SQLite's online backup) into a new file, and write the copy's audit "
      "anchor beside it (FILE.anchor). Check a copy with audit verify --store FILE."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ld_admin_parse (context, &argc, &argv))
    return LD_ADMIN_EXIT_USAGE;
  if (argc != 1 || destination == NULL)
    {
      g_printerr (_("licence-desk-admin backup: give the new backup file with --to FILE; see --help.\n"));
      return LD_ADMIN_EXIT_USAGE;
    }
  if (!(store = ld_admin_open_store (store_path, LD_STORE_OPEN_DEFAULT, &error)) ||
      !(anchor = ld_backup_store (store, destination, &error)))
    return ld_admin_fail (error);
  printed = ld_audit_anchor_to_printed (anchor);
  g_print (_("%s was copied to %s with %lld audit entries; its anchor, %s, is in %s.anchor.\n"),
           ld_store_get_path (store), destination, (long long) anchor->count, printed, destination);
  return LD_ADMIN_EXIT_OK;
}
