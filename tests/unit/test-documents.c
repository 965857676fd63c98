/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Printed documents, checked with the tools an archivist would use: every
 * script renders (rasterised with pdftoppm) and extracts (pdftotext), a
 * 20,000-serial schedule paginates with its header on every page, the file
 * passes qpdf and pdffonts and carries PDF/A metadata, the QR code scans
 * (zbarimg) and verifies, and bad input gets a clear error or a document. */
#define _GNU_SOURCE   /* memmem */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ld-documents.h"

static char *dir;
static LdSigningKey *key;

/* ---- helpers ---- */

static int
run (char       **out,
     const char  *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;
  va_list args;

  va_start (args, first);
  for (const char *arg = first; arg; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  /* What a tool prints must not reach our own output: it is the TAP stream. */
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL | (out ? 0 : G_SPAWN_STDOUT_TO_DEV_NULL),
                               NULL, NULL, out, NULL, &status, &error));
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
}

static LdLicenceDocument *
fixture_licence (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "unit", "fixtures", "licence.json", NULL);
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  LdLicenceDocument *licence;

  g_assert_true (g_file_get_contents (path, &json, NULL, NULL));
  licence = ld_licence_document_from_json (json, -1, &error);
  g_assert_no_error (error);
  return licence;
}

static char *
write_pdf (GBytes     *pdf,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (pdf);
  g_assert_true (ld_pdf_write_file (pdf, path, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static char *
render_licence (const LdLicenceDocument *licence,
                const LdDocumentOptions *options,
                const char              *name)
{
  static const LdDocumentOptions defaults = { LD_PAPER_A4, NULL, FALSE, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = ld_licence_pdf_render (licence, key, options ? options : &defaults, &error);

  g_assert_no_error (error);
  return write_pdf (pdf, name);
}

/* The text of each page, as pdftotext reads it (pages end with a form feed). */
static GStrv
page_texts (const char *pdf)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (run (&out, "pdftotext", "-enc", "UTF-8", pdf, "-", NULL), ==, 0);
  return g_strsplit (out, "\f", -1);
}

/* Compatibility forms (Arabic presentation forms, ligatures) and the bidi
 * marks pdftotext adds fold away, so extracted text compares with input. */
static char *
folded (const char *text)
{
  g_autofree char *nfkc = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  GString *out = g_string_new (NULL);

  for (const char *p = nfkc; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!(c >= 0x202A && c <= 0x202E) && c != 0x200E && c != 0x200F && !g_unichar_isspace (c))
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static guint
n_pages (const char *pdf)
{
  g_autofree char *out = NULL;
  const char *pages;

  g_assert_cmpint (run (&out, "pdfinfo", pdf, NULL), ==, 0);
  pages = strstr (out, "Pages:");
  g_assert_nonnull (pages);
  return (guint) g_ascii_strtoull (pages + strlen ("Pages:"), NULL, 10);
}

/* Dark pixels of the band under the running header, at 150 dpi. */
static guint
body_ink (const char *pdf)
{
  g_autofree char *base = g_strdup_printf ("%s-ink", pdf);
  g_autofree char *pgm = g_strdup_printf ("%s.pgm", base);
  g_autofree char *data = NULL;
  gsize length = 0, at = 0;
  guint dark = 0, fields = 0;

  g_assert_cmpint (run (NULL, "pdftoppm", "-r", "150", "-gray", "-singlefile", "-x", "0", "-y", "120", "-W", "1240",
                        "-H", "160", pdf, base, NULL), ==, 0);
  g_assert_true (g_file_get_contents (pgm, &data, &length, NULL));
  /* P5 header: magic, width, height, maxval, each followed by white space. */
  while (fields < 4 && at < length)
    {
      while (at < length && !g_ascii_isspace (data[at]))
        at++;
      at++;
      fields++;
    }
  for (; at < length; at++)
    if ((guchar) data[at] < 128)
      dark++;
  return dark;
}

static char *
render_line_with (const char *text,
                  const char *name,
                  const char *font_dir)
{
  LdPdfOptions options = { LD_PAPER_A4, font_dir, "Ink", "1", "Test", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(LdPdfWriter) w = ld_pdf_writer_new (&options, &error);
  g_autoptr(GBytes) pdf = NULL;

  g_assert_no_error (error);
  ld_pdf_writer_title (w, text);
  pdf = ld_pdf_writer_finish (w, &error);
  g_assert_no_error (error);
  return write_pdf (pdf, name);
}

static char *
render_line (const char *text,
             const char *name)
{
  return render_line_with (text, name, NULL);
}

/* A font folder with the Latin and Arabic fonts and one given CJK font. */
static char *
font_dir_with (const char *name,
               const char *cjk_path)
{
  static const char *common[] = {
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
  };
  char *folder = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  for (guint i = 0; i <= G_N_ELEMENTS (common); i++)
    {
      const char *target = i < G_N_ELEMENTS (common) ? common[i] : cjk_path;
      g_autofree char *base = g_path_get_basename (target);
      g_autofree char *link = g_build_filename (folder, base, NULL);

      g_assert_cmpint (symlink (target, link), ==, 0);
    }
  return folder;
}

static guint
count (const char *text,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p; p = strstr (p + strlen (needle), needle))
    n++;
  return n;
}

/* A PDF holds binary streams: search past NUL bytes. */
static const char *
find_bytes (const char *data,
            gsize       length,
            const char *needle)
{
  return memmem (data, length, needle, strlen (needle));
}

/* ---- tests ---- */

static void
test_scripts_extract (void)
{
  g_autoptr(LdLicenceDocument) licence = fixture_licence ();
  g_autofree char *pdf = render_licence (licence, NULL, "scripts.pdf");
  g_auto(GStrv) pages = page_texts (pdf);
  g_autofree char *all = g_strjoinv ("", pages);
  g_autofree char *text = folded (all);
  const LdDocParty *consignee0 = g_ptr_array_index (licence->consignees, 0);
  const LdDocParty *consignee1 = g_ptr_array_index (licence->consignees, 1);
  const LdDocParty *broker = g_ptr_array_index (licence->brokers, 0);
  const char *expected[] = {
    licence->exporter->name,                 /* Latin with accents */
    consignee0->name, consignee0->address,  /* Cyrillic */
    consignee1->name, consignee1->address,  /* Greek, polytonic */
    licence->end_user->name, licence->end_user->address,  /* Chinese */
    broker->name, broker->address,          /* Arabic */
    licence->issuing_authority, licence->signatory_name, licence->signatory_title,
  };
  g_autofree char *png_prefix = g_build_filename (dir, "scripts", NULL);
  g_autofree char *png = g_strdup_printf ("%s-1.png", png_prefix);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      /* pdftotext rebuilds right-to-left lines to logical order itself and
       * may move neutral punctuation (the Arabic comma) between words, so
       * each word is looked for on its own. */
      g_autoptr(GString) spaced = g_string_new (expected[i]);
      g_auto(GStrv) words = NULL;

      g_string_replace (spaced, "،", " ", 0);
      g_string_replace (spaced, ",", " ", 0);
      words = g_strsplit (spaced->str, " ", -1);

      for (guint k = 0; words[k]; k++)
        {
          g_autofree char *want = folded (words[k]);

          if (*want && strstr (text, want) == NULL)
            g_error ("“%s” of “%s” is not in the extracted text:\n%s", words[k], expected[i], all);
        }
    }
  /* Left-to-right names come out whole and in order. */
  {
    g_autofree char *latin = folded (licence->exporter->name);
    g_autofree char *chinese = folded (licence->end_user->name);
    g_autofree char *arabic = folded (broker->name);

    g_assert_nonnull (strstr (text, latin));
    g_assert_nonnull (strstr (text, chinese));
    g_assert_nonnull (strstr (text, arabic));
  }
  /* Rendered at 150 dpi, as an officer would look at it. */
  g_assert_cmpint (run (NULL, "pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", pdf, png_prefix, NULL), ==, 0);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
}

/* Glyphs built from parts (accented letters, Arabic isolated forms) keep
 * every part: each carries more ink than the bare letter it is built on.
 * libharu 2.3.0 alone drops the body of isolated TEH MARBUTA and DAD. */
static void
test_composite_glyphs_whole (void)
{
  static const char *pairs[][2] = {
    { "ة ض ة ض ة ض ة ض ة ض ة ض", "ه ص ه ص ه ص ه ص ه ص ه ص" },
    { "ÅÉÖÜÇŁØĘ ÅÉÖÜÇŁØĘ", "AEOUCLOE AEOUCLOE" },
    { "ЙЁЇЙЁЇЙЁЇ", "ИЕІИЕІИЕІ" },
    { "ἈἘἸὈὙὨἈἘἸ", "ΑΕΙΟΥΩΑΕΙ" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autofree char *name_a = g_strdup_printf ("ink-%u-a.pdf", i);
      g_autofree char *name_b = g_strdup_printf ("ink-%u-b.pdf", i);
      g_autofree char *composed = render_line (pairs[i][0], name_a);
      g_autofree char *bare = render_line (pairs[i][1], name_b);
      guint ink_composed = body_ink (composed), ink_bare = body_ink (bare);

      g_test_message ("%s: %u dark pixels, %s: %u", pairs[i][0], ink_composed, pairs[i][1], ink_bare);
      g_assert_cmpuint (ink_bare, >, 500);
      g_assert_cmpuint (ink_composed, >, ink_bare);
    }
}

/* Droid Sans Fallback builds most ideographs from parts, which libharu alone
 * drops: drawn whole, a line of them carries about the ink WQY ZenHei's
 * (made of simple glyphs) does; with parts missing it falls far short. */
static void
test_cjk_composites_whole (void)
{
  const char *line = "北京军械进出口有限公司 國際貿易 龍鳳 廣東省深圳市 驗證書 鑫 靈 體";
  g_autofree char *droid_dir = font_dir_with ("droid-fonts", "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf");
  g_autofree char *zenhei_dir = font_dir_with ("zenhei-fonts", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc");
  g_autofree char *droid = render_line_with (line, "cjk-droid.pdf", droid_dir);
  g_autofree char *zenhei = render_line_with (line, "cjk-zenhei.pdf", zenhei_dir);
  guint ink_droid = body_ink (droid), ink_zenhei = body_ink (zenhei);

  g_test_message ("Droid Sans Fallback: %u dark pixels, WQY ZenHei: %u", ink_droid, ink_zenhei);
  g_assert_cmpuint (ink_zenhei, >, 3000);
  /* Whole: 1.2 times ZenHei's ink; without the parts: 0.78. */
  g_assert_cmpfloat ((double) ink_droid / ink_zenhei, >, 1.0);
}

static void
test_archive_checks (void)
{
  g_autoptr(LdLicenceDocument) licence = fixture_licence ();
  g_autofree char *pdf = render_licence (licence, NULL, "archive.pdf");
  g_autofree char *pdf2 = render_licence (licence, NULL, "archive2.pdf");
  g_autofree char *info = NULL, *fonts = NULL, *raw = NULL, *raw2 = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_fonts = 0;
  gsize length = 0, length2 = 0;

  g_assert_cmpint (run (NULL, "qpdf", "--check", pdf, NULL), ==, 0);
  /* Text maps back to Unicode through each font's own ToUnicode map: poppler
   * finds nothing to complain of (libharu's own map was not one). */
  {
    const char *argv[] = { "pdftotext", pdf, "/dev/null", NULL };
    g_autofree char *complaints = NULL;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, &complaints, NULL, NULL));
    g_assert_cmpstr (complaints, ==, "");
  }
  g_assert_cmpint (run (&info, "pdfinfo", pdf, NULL), ==, 0);
  g_assert_nonnull (strstr (info, "Metadata Stream: yes"));
  g_assert_nonnull (strstr (info, "Title:           Export licence EXP-L-2026-000123"));
  g_assert_nonnull (strstr (info, "(A4)"));
  g_assert_cmpint (run (&fonts, "pdffonts", pdf, NULL), ==, 0);
  lines = g_strsplit (fonts, "\n", -1);
  for (guint i = 2; lines[i]; i++)
    {
      g_auto(GStrv) cols = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      g_autoptr(GPtrArray) words = g_ptr_array_new ();

      for (guint k = 0; cols[k]; k++)
        if (*cols[k])
          g_ptr_array_add (words, cols[k]);
      if (words->len < 7)
        continue;
      n_fonts++;
      g_assert_cmpstr (g_ptr_array_index (words, words->len - 5), ==, "yes");   /* embedded */
    }
  g_assert_cmpuint (n_fonts, >=, 4);   /* Latin, bold, Arabic, Chinese */
  g_assert_true (g_file_get_contents (pdf, &raw, &length, NULL));
  g_assert_nonnull (find_bytes (raw, length, "<pdfaid:part>2</pdfaid:part>"));
  g_assert_nonnull (find_bytes (raw, length, "<pdfaid:conformance>B</pdfaid:conformance>"));
  g_assert_nonnull (find_bytes (raw, length, "/GTS_PDFA1"));
  g_assert_nonnull (find_bytes (raw, length, "/OutputIntents"));
  /* Each document has its own id. */
  g_assert_true (g_file_get_contents (pdf2, &raw2, &length2, NULL));
  {
    const char *id = find_bytes (raw, length, "uuid:");
    g_autofree char *first = g_strndup (id, 41);

    g_assert_nonnull (id);
    g_assert_null (find_bytes (raw2, length2, first));
  }
}

static void
test_schedule_of_20000_serials (void)
{
  g_autoptr(LdLicenceDocument) licence = fixture_licence ();
  LdDocItem *item = g_ptr_array_index (licence->items, 0);
  g_autofree char *pdf = NULL;
  g_auto(GStrv) pages = NULL;
  g_autoptr(GHashTable) words = g_hash_table_new (g_str_hash, g_str_equal);
  guint m, first_serial_page = 0, last_serial_page = 0;

  g_ptr_array_set_size (item->serials, 0);
  for (guint i = 1; i <= 20000; i++)
    g_ptr_array_add (item->serials, g_strdup_printf ("SN%07u", i));
  item->quantity = 20000;
  pdf = render_licence (licence, NULL, "serials.pdf");
  m = n_pages (pdf);
  g_assert_cmpuint (m, >, 50);
  pages = page_texts (pdf);
  for (guint p = 0; p < m; p++)
    {
      g_autofree char *page_of = g_strdup_printf ("Page %u of %u", p + 1, m);
      g_auto(GStrv) tokens = g_strsplit_set (pages[p], " \n", -1);

      g_assert_nonnull (strstr (pages[p], page_of));
      g_assert_nonnull (strstr (pages[p], "EXP-L-2026-000123"));   /* the running header */
      if (strstr (pages[p], "SN0") != NULL)
        {
          first_serial_page = first_serial_page ? first_serial_page : p + 1;
          last_serial_page = p + 1;
          /* The table's header row, repeated on every page it runs over. */
          g_assert_nonnull (strstr (pages[p], "Serial number"));
        }
      for (guint k = 0; tokens[k]; k++)
        g_hash_table_add (words, g_strdup (tokens[k]));
    }
  g_assert_cmpuint (last_serial_page - first_serial_page + 1, >, 50);
  for (guint i = 1; i <= 20000; i++)
    {
      char serial[16];

      g_snprintf (serial, sizeof serial, "SN%07u", i);
      if (!g_hash_table_contains (words, serial))
        g_error ("serial %s is missing from the schedule", serial);
    }
  g_hash_table_foreach (words, (GHFunc) (void (*) (void)) g_free, NULL);
}

static void
test_long_and_dirty_names (void)
{
  g_autoptr(LdLicenceDocument) licence = fixture_licence ();
  g_autoptr(GString) name = g_string_new (NULL);
  g_autofree char *pdf = NULL;
  g_auto(GStrv) pages = NULL;
  g_autofree char *all = NULL, *text = NULL, *want = NULL;

  /* Thousands of characters without a space, in three scripts. */
  for (guint i = 0; i < 1500; i++)
    g_string_append (name, "Жx");
  for (guint i = 0; i < 1500; i++)
    g_string_append (name, "北");
  for (guint i = 0; i < 500; i++)
    g_string_append (name, "شركة");
  g_free (licence->end_user->name);
  licence->end_user->name = g_strdup (name->str);
  /* Control characters and invalid UTF-8. */
  g_free (licence->exporter->name);
  licence->exporter->name = g_strdup ("Bad\x01Name\x1b[31m\x7f\xff\xfe Tail\tEnd\r\n");
  pdf = render_licence (licence, NULL, "long.pdf");
  g_assert_cmpint (run (NULL, "qpdf", "--check", pdf, NULL), ==, 0);
  pages = page_texts (pdf);
  all = g_strjoinv ("", pages);
  text = folded (all);
  /* Every character of it is there (the name runs over page breaks, where
   * the running header and footer come in between). */
  g_assert_cmpuint (count (text, "Жx"), ==, 1500);
  g_assert_cmpuint (count (text, "北"), ==, 1500 + 1);   /* and the address's */
  want = folded ("شركة");
  g_assert_cmpuint (count (text, want), ==, 500 + 1);   /* and the broker's */
  g_assert_nonnull (strstr (all, "Bad Name [31m"));
  g_assert_nonnull (strstr (all, "Tail End"));
  g_assert_null (strchr (all, '\x01'));
  g_assert_null (strchr (all, '\x1b'));
}

static void
test_missing_font_and_unwritable_path (void)
{
  g_autoptr(LdLicenceDocument) licence = fixture_licence ();
  g_autofree char *empty = g_build_filename (dir, "no-fonts", NULL);
  LdDocumentOptions options = { LD_PAPER_A4, empty, FALSE, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) none = NULL;
  g_autoptr(GBytes) pdf = NULL;

  g_assert_cmpint (g_mkdir_with_parents (empty, 0700), ==, 0);
  none = ld_licence_pdf_render (licence, key, &options, &error);
  g_assert_null (none);
  g_assert_error (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_FONT_MISSING);
  g_assert_nonnull (strstr (error->message, "Liberation Sans"));
  g_assert_nonnull (strstr (error->message, "fonts-liberation2"));
  g_clear_error (&error);

  options.font_dir = NULL;
  pdf = ld_licence_pdf_render (licence, key, &options, &error);
  g_assert_no_error (error);
  g_assert_false (ld_pdf_write_file (pdf, "/nonexistent-folder/licence.pdf", &error));
  g_assert_error (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "/nonexistent-folder/licence.pdf"));
  g_clear_error (&error);
  g_assert_false (ld_pdf_write_file (pdf, dir, &error));
  g_assert_error (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_WRITE);
}

static void
test_bad_licence_documents (void)
{
  static const char *bad[][2] = {
    { "{\"licence_number\": ", "not valid JSON" },
    { "[1, 2]", "one JSON object" },
    { "{\"licence_type\":\"export\",\"valid_from\":\"2026-01-01\",\"valid_until\":\"2027-01-01\"}", "licence_number" },
    { "{\"licence_number\":\"A;B\",\"licence_type\":\"export\",\"valid_from\":\"2026-01-01\",\"valid_until\":\"2027-01-01\"}", "“;”" },
    { "{\"licence_number\":\"A\",\"licence_type\":\"export\",\"valid_from\":\"1 March\",\"valid_until\":\"2027-01-01\"}", "YYYY-MM-DD" },
    { "{\"licence_number\":\"A\",\"licence_type\":\"export\",\"valid_from\":\"2026-01-01\",\"valid_until\":\"2027-01-01\",\"state\":\"lost\"}", "state" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LdLicenceDocument) licence = ld_licence_document_from_json (bad[i][0], -1, &error);

      g_assert_null (licence);
      g_assert_error (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_INPUT);
      if (strstr (error->message, bad[i][1]) == NULL)
        g_error ("“%s” is not in “%s”", bad[i][1], error->message);
    }
}

/* The printed code scans (zbarimg reads the page as a phone camera would)
 * and what it carries verifies, with the digest of this very licence. */
static void
test_qr_code_scans_and_verifies (void)
{
  g_autoptr(LdLicenceDocument) licence = fixture_licence ();
  g_autofree char *pdf = render_licence (licence, NULL, "qr.pdf");
  guint m = n_pages (pdf);
  g_autofree char *last = g_strdup_printf ("%u", m);
  g_autofree char *prefix = g_build_filename (dir, "qr", NULL);
  g_autofree char *png = g_strdup_printf ("%s.png", prefix);
  g_autofree char *scanned = NULL;
  g_autoptr(LdQrData) data = NULL;
  g_autofree char *digest_hex = ld_licence_document_digest (licence);
  g_autofree char *digest = ld_qr_digest_from_hex (digest_hex);

  g_assert_cmpint (run (NULL, "pdftoppm", "-r", "150", "-png", "-singlefile", "-f", last, "-l", last, pdf, prefix, NULL), ==, 0);
  g_assert_cmpint (run (&scanned, "zbarimg", "-q", "--raw", png, NULL), ==, 0);
  g_strstrip (scanned);
  g_assert_cmpint (ld_qr_payload_verify (scanned, ld_signing_key_get_public (key), &data, NULL), ==, LD_QR_GENUINE);
  g_assert_cmpstr (data->licence_number, ==, "EXP-L-2026-000123");
  g_assert_cmpstr (data->digest, ==, digest);
}

static void
test_marks_and_letter (void)
{
  g_autoptr(LdLicenceDocument) licence = fixture_licence ();
  LdDocumentOptions options = { LD_PAPER_LETTER, NULL, TRUE, NULL };
  g_autofree char *pdf = NULL, *info = NULL, *plain = NULL;
  g_auto(GStrv) pages = NULL;
  g_auto(GStrv) plain_pages = NULL;

  licence->state = LD_LICENCE_STATE_REVOKED;
  pdf = render_licence (licence, &options, "revoked.pdf");
  g_assert_cmpint (run (&info, "pdfinfo", pdf, NULL), ==, 0);
  g_assert_nonnull (strstr (info, "612 x 792 pts (letter)"));
  pages = page_texts (pdf);
  for (guint p = 0; pages[p + 1]; p++)
    g_assert_nonnull (strstr (pages[p], "REVOKED · COPY"));
  /* An issued original carries no mark. */
  licence->state = LD_LICENCE_STATE_ISSUED;
  plain = render_licence (licence, NULL, "plain.pdf");
  plain_pages = page_texts (plain);
  g_assert_null (strstr (plain_pages[0], "COPY"));
  g_assert_null (strstr (plain_pages[0], "REVOKED"));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *command = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  dir = g_dir_make_tmp ("ld-test-documents-XXXXXX", NULL);
  key = ld_signing_key_generate (&error);
  g_assert_no_error (error);
  g_test_add_func ("/documents/scripts-extract", test_scripts_extract);
  g_test_add_func ("/documents/composite-glyphs-whole", test_composite_glyphs_whole);
  g_test_add_func ("/documents/cjk-composites-whole", test_cjk_composites_whole);
  g_test_add_func ("/documents/archive-checks", test_archive_checks);
  g_test_add_func ("/documents/schedule-of-20000-serials", test_schedule_of_20000_serials);
  g_test_add_func ("/documents/long-and-dirty-names", test_long_and_dirty_names);
  g_test_add_func ("/documents/missing-font-and-unwritable-path", test_missing_font_and_unwritable_path);
  g_test_add_func ("/documents/bad-licence-documents", test_bad_licence_documents);
  g_test_add_func ("/documents/qr-code-scans-and-verifies", test_qr_code_scans_and_verifies);
  g_test_add_func ("/documents/marks-and-letter", test_marks_and_letter);
  status = g_test_run ();
  ld_signing_key_free (key);
  command = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (command), ==, 0);
  return status;
}
