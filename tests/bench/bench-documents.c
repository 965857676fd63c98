/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Printing a licence: Licence Desk (libharu) against WeasyPrint rendering an
 * equivalent HTML licence (same fields, same fonts, the item schedule with a
 * header repeated on every page, "page n of m", the QR code as vector
 * squares), side by side in one run. Prints times, their ratio and peak
 * memory; never passes or fails on time.
 *
 * WeasyPrint is not a build dependency. Install it for this benchmark with
 *   flock /tmp/apt.lock apt-get install -y --no-install-recommends weasyprint
 * (without it, only our own figures are printed). */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <qrencode.h>

#include "ld-documents.h"

#define RUNS 10

typedef struct
{
  double seconds;
  double cpu_seconds;   /* user + system: what the work costs on a shared machine */
  long   max_rss_kb;
  int    status;
} Run;

static double
cpu_of (const struct rusage *usage)
{
  return usage->ru_utime.tv_sec + usage->ru_utime.tv_usec / 1e6 + usage->ru_stime.tv_sec + usage->ru_stime.tv_usec / 1e6;
}

static char *dir;

/* Runs a command to completion, with its wall time and peak memory. */
static Run
measure (char **argv)
{
  Run run = { 0 };
  struct rusage usage;
  GPid pid;
  int status = 0;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;

  if (!g_spawn_async (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                      G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, &error))
    {
      run.status = -1;
      return run;
    }
  wait4 (pid, &status, 0, &usage);
  run.seconds = (g_get_monotonic_time () - start) / 1e6;
  run.max_rss_kb = usage.ru_maxrss;
  run.cpu_seconds = cpu_of (&usage);
  run.status = status;
  g_spawn_close_pid (pid);
  return run;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return values[n / 2];
}

/* ---- the licence and its HTML twin ---- */

static LdLicenceDocument *
load_licence (guint  n_serials,
              char **out_json_path)
{
  g_autofree char *fixture = g_build_filename (SOURCE_DIR, "tests", "unit", "fixtures", "licence.json", NULL);
  g_autofree char *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *serials;
  LdLicenceDocument *licence;

  g_assert_true (g_file_get_contents (fixture, &json, NULL, NULL));
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  serials = json_object_get_array_member (json_array_get_object_element (json_object_get_array_member (
              json_node_get_object (json_parser_get_root (parser)), "items"), 0), "serials");
  while (json_array_get_length (serials) > 0)
    json_array_remove_element (serials, 0);
  for (guint i = 1; i <= n_serials; i++)
    {
      g_autofree char *serial = g_strdup_printf ("CZ-P-%06u", i);

      json_array_add_string_element (serials, serial);
    }
  g_free (json);
  json = json_to_string (json_parser_get_root (parser), FALSE);
  *out_json_path = g_build_filename (dir, "licence.json", NULL);
  g_assert_true (g_file_set_contents (*out_json_path, json, -1, NULL));
  licence = ld_licence_document_from_json (json, -1, NULL);
  g_assert_nonnull (licence);
  return licence;
}

static void
html_text (GString    *html,
           const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  g_string_append (html, escaped);
}

static void
html_field (GString    *html,
            const char *label,
            const char *value)
{
  g_string_append (html, "<tr><th>");
  html_text (html, label);
  g_string_append (html, "</th><td dir=\"auto\">");
  html_text (html, value);
  g_string_append (html, "</td></tr>\n");
}

static void
html_party (GString          *html,
            const char       *label,
            const LdDocParty *party)
{
  g_autofree char *text = g_strdup_printf ("%s — %s — %s — %s", party->name, party->address ? party->address : "",
                                           party->country ? party->country : "",
                                           party->registration ? party->registration : "");

  html_field (html, label, text);
}

static void
html_qr (GString    *html,
         const char *payload)
{
  QRcode *qr = QRcode_encodeString8bit (payload, 0, QR_ECLEVEL_M);

  g_string_append_printf (html, "<svg width=\"%dpt\" height=\"%dpt\" viewBox=\"0 0 %d %d\">",
                          (qr->width + 8) * 2, (qr->width + 8) * 2, qr->width + 8, qr->width + 8);
  for (int y = 0; y < qr->width; y++)
    for (int x = 0; x < qr->width; x++)
      if (qr->data[y * qr->width + x] & 1)
        g_string_append_printf (html, "<rect x=\"%d\" y=\"%d\" width=\"1\" height=\"1\"/>", x + 4, y + 4);
  g_string_append (html, "</svg>\n");
  QRcode_free (qr);
}

static char *
licence_html (const LdLicenceDocument *l,
              const char              *payload)
{
  GString *html = g_string_new (
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>\n"
    "@page { size: A4; margin: 62pt 50pt 58pt;\n"
    "  @top-left { content: \"Export licence\"; font-size: 8pt }\n"
    "  @bottom-right { content: \"Page \" counter(page) \" of \" counter(pages); font-size: 8pt } }\n"
    "body { font-family: 'Liberation Sans', 'Noto Sans Arabic', 'WenQuanYi Zen Hei'; font-size: 9pt }\n"
    "th { text-align: left; vertical-align: top } .fields th { width: 34% }\n"
    "table { width: 100%; border-collapse: collapse } .serials { table-layout: fixed }\n"
    "thead th { background: #e0e0e0 } td { overflow-wrap: anywhere } .schedule td { border-bottom: 0.4pt solid #bbb }\n"
    "</style></head><body>\n<h1>Export licence</h1>\n<table class=\"fields\">\n");
  const char *standard = "1. This licence is not transferable. 2. It may be suspended or revoked. "
                         "3. No re-export without consent. 4. Records kept for 20 years.";

  html_field (html, "Licence number", l->licence_number);
  html_field (html, "Application number", l->application_number);
  html_field (html, "Licence type", l->licence_type);
  html_field (html, "Issuing authority", l->issuing_authority);
  html_field (html, "Valid from", l->valid_from);
  html_field (html, "Valid until", l->valid_until);
  html_party (html, "Exporter / applicant", l->exporter);
  for (guint i = 0; i < l->consignees->len; i++)
    html_party (html, "Consignee", g_ptr_array_index (l->consignees, i));
  html_party (html, "End user", l->end_user);
  for (guint i = 0; i < l->brokers->len; i++)
    html_party (html, "Broker", g_ptr_array_index (l->brokers, i));
  html_field (html, "Route", "CZ → DE → NL → KZ");
  g_string_append (html, "</table>\n<h2>Item schedule</h2>\n<table class=\"schedule\"><thead><tr><th>No.</th>"
                         "<th>Description</th><th>Control list</th><th>HS code</th><th>Quantity</th></tr></thead><tbody>\n");
  for (guint i = 0; i < l->items->len; i++)
    {
      const LdDocItem *item = g_ptr_array_index (l->items, i);

      g_string_append_printf (html, "<tr><td>%u</td><td>", i + 1);
      html_text (html, item->description);
      g_string_append_printf (html, "</td><td>%s</td><td>%s</td><td>%" G_GINT64_FORMAT "</td></tr>\n",
                              item->control_entry, item->hs_code, item->quantity);
    }
  g_string_append (html, "</tbody></table>\n<h2>Serial numbers</h2>\n<table class=\"schedule serials\"><thead><tr>"
                         "<th>Item</th><th>No.</th><th>Serial number</th><th>No.</th><th>Serial number</th>"
                         "<th>No.</th><th>Serial number</th></tr></thead><tbody>\n");
  for (guint i = 0; i < l->items->len; i++)
    {
      const LdDocItem *item = g_ptr_array_index (l->items, i);

      for (guint s = 0; s < item->serials->len; s += 3)
        {
          g_string_append_printf (html, "<tr><td>%u</td>", i + 1);
          for (guint k = s; k < s + 3; k++)
            if (k < item->serials->len)
              g_string_append_printf (html, "<td>%u</td><td>%s</td>", k + 1, (char *) g_ptr_array_index (item->serials, k));
            else
              g_string_append (html, "<td></td><td></td>");
          g_string_append (html, "</tr>\n");
        }
    }
  g_string_append (html, "</tbody></table>\n<h2>End use and conditions</h2>\n<table class=\"fields\">\n");
  html_field (html, "End use", l->end_use);
  html_field (html, "End-use certificate", l->euc_reference);
  html_field (html, "Standard conditions", standard);
  g_string_append (html, "</table>\n<h2>Signature and verification</h2>\n");
  html_qr (html, payload);
  html_text (html, payload);
  g_string_append (html, "</body></html>\n");
  return g_string_free (html, FALSE);
}

/* ---- the runs ---- */

static double
ours_in_process (const LdLicenceDocument *licence,
                 const LdSigningKey      *key,
                 double                  *out_cpu)
{
  LdDocumentOptions options = { LD_PAPER_A4, NULL, FALSE, NULL };
  double times[RUNS], cpu[RUNS];

  g_bytes_unref (ld_licence_pdf_render (licence, key, &options, NULL));   /* fonts' coverage, once per process */
  for (guint i = 0; i < RUNS; i++)
    {
      struct rusage before, after;
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GBytes) pdf = NULL;

      getrusage (RUSAGE_SELF, &before);
      pdf = ld_licence_pdf_render (licence, key, &options, NULL);
      getrusage (RUSAGE_SELF, &after);
      g_assert_nonnull (pdf);
      times[i] = (g_get_monotonic_time () - start) / 1e6;
      cpu[i] = cpu_of (&after) - cpu_of (&before);
    }
  *out_cpu = median (cpu, RUNS);
  return median (times, RUNS);
}

/* WeasyPrint's own time per document once Python and WeasyPrint are loaded. */
static double
weasyprint_in_process (const char *html_path,
                       Run        *run,
                       double     *out_cpu)
{
  g_autofree char *script = g_strdup_printf (
    "import time, weasyprint\n"
    "html = weasyprint.HTML(filename=%s)\n"
    "html.write_pdf()\n"
    "times = []; cpu = []\n"
    "for i in range(%d):\n"
    "    t = time.monotonic(); c = time.process_time(); html.write_pdf()\n"
    "    times.append(time.monotonic() - t); cpu.append(time.process_time() - c)\n"
    "times.sort(); cpu.sort(); print(times[len(times) // 2], cpu[len(cpu) // 2])\n",
    "__import__('sys').argv[1]", RUNS / 2);
  const char *argv[] = { "/usr/bin/python3", "-c", script, html_path, NULL };
  g_autofree char *out = NULL;
  int status = 0;
  struct rusage before, after;

  getrusage (RUSAGE_CHILDREN, &before);
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    return -1;
  getrusage (RUSAGE_CHILDREN, &after);
  run->max_rss_kb = after.ru_maxrss;
  {
    char *end = NULL;
    double wall = g_ascii_strtod (out, &end);

    *out_cpu = g_ascii_strtod (end, NULL);
    return wall;
  }
}

static void
compare (guint               n_serials,
         const LdSigningKey *key,
         const char         *key_path)
{
  g_autofree char *json_path = NULL;
  g_autoptr(LdLicenceDocument) licence = load_licence (n_serials, &json_path);
  g_autofree char *html_path = g_build_filename (dir, "licence.html", NULL);
  g_autofree char *ours_pdf = g_build_filename (dir, "ours.pdf", NULL);
  g_autofree char *theirs_pdf = g_build_filename (dir, "weasyprint.pdf", NULL);
  g_autofree char *digest_hex = ld_licence_document_digest (licence);
  g_autofree char *digest = ld_qr_digest_from_hex (digest_hex);
  LdQrData data = { licence->licence_number, licence->licence_type, licence->valid_from, licence->valid_until, digest, NULL };
  g_autofree char *payload = ld_qr_payload_sign (&data, key, NULL);
  g_autofree char *html = licence_html (licence, payload);
  char *ours_argv[] = { (char *) g_getenv ("LD_ADMIN"), "print", "licence", "--json", json_path, "--key-file",
                        (char *) key_path, "--output", ours_pdf, NULL };
  char *theirs_argv[] = { "weasyprint", html_path, theirs_pdf, NULL };
  double ours_cpu = 0, theirs_cpu = 0;
  double ours_doc = ours_in_process (licence, key, &ours_cpu), theirs_doc;
  Run ours_cli = measure (ours_argv), theirs_cli = { 0 }, theirs_proc = { 0 };
  g_autofree char *weasyprint = g_find_program_in_path ("weasyprint");
  gboolean have_weasyprint = weasyprint != NULL;

  g_assert_true (g_file_set_contents (html_path, html, -1, NULL));
  g_print ("\nLicence with %u serial numbers\n", n_serials);
  g_print ("  Licence Desk, per document in process:  %8.1f ms (CPU %8.1f ms)\n", ours_doc * 1000, ours_cpu * 1000);
  g_print ("  Licence Desk, licence-desk-admin print: %8.1f ms (CPU %8.1f ms), peak memory %6.1f MiB\n",
           ours_cli.seconds * 1000, ours_cli.cpu_seconds * 1000, ours_cli.max_rss_kb / 1024.0);
  if (!have_weasyprint)
    {
      g_print ("  WeasyPrint not installed: flock /tmp/apt.lock apt-get install -y --no-install-recommends weasyprint\n");
      return;
    }
  theirs_cli = measure (theirs_argv);
  theirs_doc = weasyprint_in_process (html_path, &theirs_proc, &theirs_cpu);
  g_print ("  WeasyPrint, per document in process:    %8.1f ms (CPU %8.1f ms)\n", theirs_doc * 1000, theirs_cpu * 1000);
  g_print ("  WeasyPrint, weasyprint command:         %8.1f ms (CPU %8.1f ms), peak memory %6.1f MiB\n",
           theirs_cli.seconds * 1000, theirs_cli.cpu_seconds * 1000, theirs_cli.max_rss_kb / 1024.0);
  g_print ("  Ratio (WeasyPrint / Licence Desk): per document %.1fx (CPU %.1fx), per command %.1fx (CPU %.1fx), "
           "%.1fx less memory\n", theirs_doc / ours_doc, theirs_cpu / ours_cpu, theirs_cli.seconds / ours_cli.seconds,
           theirs_cli.cpu_seconds / ours_cli.cpu_seconds, (double) theirs_cli.max_rss_kb / ours_cli.max_rss_kb);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSigningKey) key = NULL;
  g_autofree char *key_path = NULL;
  g_autofree char *command = NULL;
  static const guint sizes[] = { 5, 1000 };
  const char *only = g_getenv ("LD_BENCH_SERIALS");   /* one size only, e.g. 20000 */
  guint n_sizes = G_N_ELEMENTS (sizes);
  guint only_size = only ? (guint) g_ascii_strtoull (only, NULL, 10) : 0;

  dir = g_dir_make_tmp ("ld-bench-documents-XXXXXX", &error);
  g_assert_no_error (error);
  key = ld_signing_key_generate (&error);
  key_path = g_build_filename (dir, "keys", "signing-key", NULL);
  g_assert_true (ld_signing_key_save (key, key_path, &error));
  g_assert_no_error (error);
  g_print ("Printing a licence: Licence Desk (libharu) vs WeasyPrint on the same licence as HTML (median of %d runs)\n",
           RUNS);
  for (guint i = 0; i < (only_size ? 1 : n_sizes); i++)
    compare (only_size ? only_size : sizes[i], key, key_path);
  /* LD_BENCH_KEEP=1 keeps the last size's HTML and both PDFs to look at. */
  if (g_getenv ("LD_BENCH_KEEP"))
    {
      g_print ("\nKept %s\n", dir);
      return 0;
    }
  command = g_strdup_printf ("rm -rf '%s'", dir);
  return system (command) == 0 ? 0 : 1;
}
