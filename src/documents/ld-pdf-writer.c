/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-pdf-writer"

#include "config.h"

#include <math.h>
#include <qrencode.h>
#include <glib/gi18n.h>

#include "ld-document-error.h"
#include "ld-pdf-archive.h"
#include "ld-pdf-fonts.h"
#include "ld-pdf-writer.h"
#include "ld-text-layout.h"

#define MARGIN_SIDE     50.0
#define MARGIN_TOP      62.0
#define MARGIN_BOTTOM   58.0
#define BODY_SIZE        9.0
#define LEADING          1.3     /* line height, times the font size */
#define CELL_PAD         2.5
#define LABEL_FRACTION   0.34
#define QR_MODULE        2.2     /* points per QR module: 0.78 mm, scans from paper */

struct _LdPdfTable
{
  LdPdfWriter *writer;
  GStrv        titles;
  double      *fractions;
  guint        n;
};

struct _LdPdfWriter
{
  HPDF_Doc     pdf;
  LdFontSet   *fonts;
  LdPaper      paper;
  GPtrArray   *pages;        /* HPDF_Page */
  HPDF_Page    page;
  double       page_width, page_height;
  double       y;            /* top of the next line */
  LdPdfTable  *table;        /* the table whose header a new page repeats */
  HPDF_STATUS  error_code;
  HPDF_STATUS  error_detail;
  char        *title, *reference, *author, *mark, *document_id;
  GDateTime   *created;
};

typedef struct
{
  GPtrArray *lines;
  double     x, width, size;
} Cell;

static void
on_hpdf_error (HPDF_STATUS  code,
               HPDF_STATUS  detail,
               void        *data)
{
  LdPdfWriter *self = data;

  /* Keep the first: later ones follow from it. */
  if (self->error_code == 0)
    {
      self->error_code = code;
      self->error_detail = detail;
    }
}

gboolean
ld_paper_from_string (const char  *text,
                      LdPaper     *out_paper,
                      GError     **error)
{
  if (text == NULL || g_ascii_strcasecmp (text, "a4") == 0)
    *out_paper = LD_PAPER_A4;
  else if (g_ascii_strcasecmp (text, "letter") == 0)
    *out_paper = LD_PAPER_LETTER;
  else
    {
      g_set_error (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_INPUT,
                   _("The paper size “%s” is unknown: say a4 or letter."), text);
      return FALSE;
    }
  return TRUE;
}

static double content_left (LdPdfWriter *self) { return MARGIN_SIDE; }
static double content_width (LdPdfWriter *self) { return self->page_width - 2 * MARGIN_SIDE; }

/* ---- drawing primitives ---- */

static void
draw_line (LdPdfWriter      *self,
           const LdTextLine *line,
           double            x,
           double            width,
           double            baseline,
           double            size)
{
  if (line->runs->len == 0)
    return;
  /* Right-to-left paragraphs sit against the right edge of their box. */
  if (line->rtl)
    x += MAX (0, width - line->width);
  HPDF_Page_BeginText (self->page);
  for (guint i = 0; i < line->runs->len; i++)
    {
      const LdTextRun *run = g_ptr_array_index (line->runs, i);
      HPDF_Font font = ld_font_set_get (self->fonts, run->slot);

      if (font != NULL)
        {
          HPDF_Page_SetFontAndSize (self->page, font, size);
          HPDF_Page_TextOut (self->page, x, baseline, run->utf8);
        }
      x += run->width;
    }
  HPDF_Page_EndText (self->page);
}

static void
draw_rule (LdPdfWriter *self,
           double       y,
           double       gray)
{
  HPDF_Page_SetGrayStroke (self->page, gray);
  HPDF_Page_SetLineWidth (self->page, 0.4);
  HPDF_Page_MoveTo (self->page, content_left (self), y);
  HPDF_Page_LineTo (self->page, content_left (self) + content_width (self), y);
  HPDF_Page_Stroke (self->page);
}

static void draw_table_header (LdPdfWriter *self, LdPdfTable *table);

static void
new_page (LdPdfWriter *self)
{
  self->page = HPDF_AddPage (self->pdf);
  HPDF_Page_SetSize (self->page, self->paper == LD_PAPER_A4 ? HPDF_PAGE_SIZE_A4 : HPDF_PAGE_SIZE_LETTER,
                     HPDF_PAGE_PORTRAIT);
  self->page_width = HPDF_Page_GetWidth (self->page);
  self->page_height = HPDF_Page_GetHeight (self->page);
  g_ptr_array_add (self->pages, self->page);
  self->y = self->page_height - MARGIN_TOP;
  if (self->table != NULL)
    draw_table_header (self, self->table);
}

static void
ensure_space (LdPdfWriter *self,
              double       height)
{
  if (self->y - height < MARGIN_BOTTOM)
    new_page (self);
}

static void
cells_clear (Cell  *cells,
             guint  n)
{
  for (guint i = 0; i < n; i++)
    g_clear_pointer (&cells[i].lines, g_ptr_array_unref);
}

/* Draws cells side by side a line at a time, so a cell longer than a page
 * (a name of thousands of characters) carries on over the next pages. */
static void
draw_cells (LdPdfWriter *self,
            Cell        *cells,
            guint        n)
{
  guint n_lines = 0;
  double size = cells[0].size;
  double leading = size * LEADING;

  for (guint c = 0; c < n; c++)
    n_lines = MAX (n_lines, cells[c].lines->len);
  for (guint i = 0; i < n_lines; i++)
    {
      ensure_space (self, leading);
      for (guint c = 0; c < n; c++)
        if (i < cells[c].lines->len)
          draw_line (self, g_ptr_array_index (cells[c].lines, i), cells[c].x, cells[c].width,
                     self->y - size, size);
      self->y -= leading;
    }
}

static GPtrArray *
layout (LdPdfWriter *self,
        const char  *text,
        gboolean     bold,
        double       size,
        double       width)
{
  g_autofree char *clean = ld_text_sanitize (text, TRUE);

  return ld_text_layout (self->fonts, clean, bold, size, width);
}

/* ---- flowing content ---- */

void
ld_pdf_writer_title (LdPdfWriter *self,
                     const char  *text)
{
  Cell cell = { layout (self, text, TRUE, 16, content_width (self)), content_left (self), content_width (self), 16 };

  ensure_space (self, 40);
  draw_cells (self, &cell, 1);
  cells_clear (&cell, 1);
  self->y -= 4;
}

void
ld_pdf_writer_section (LdPdfWriter *self,
                       const char  *text)
{
  Cell cell = { layout (self, text, TRUE, 11, content_width (self)), content_left (self), content_width (self), 11 };

  /* Keep a heading with at least three lines of what it heads. */
  self->y -= 8;
  ensure_space (self, 11 * LEADING + 4 * BODY_SIZE * LEADING);
  draw_cells (self, &cell, 1);
  cells_clear (&cell, 1);
  draw_rule (self, self->y + 2, 0.3);
  self->y -= 3;
}

void
ld_pdf_writer_paragraph (LdPdfWriter *self,
                         const char  *text)
{
  Cell cell = { layout (self, text, FALSE, BODY_SIZE, content_width (self)), content_left (self),
                content_width (self), BODY_SIZE };

  draw_cells (self, &cell, 1);
  cells_clear (&cell, 1);
  self->y -= 2;
}

void
ld_pdf_writer_field (LdPdfWriter *self,
                     const char  *label,
                     const char  *value)
{
  double label_width = content_width (self) * LABEL_FRACTION;
  double value_width = content_width (self) - label_width - 6;
  Cell cells[2] = {
    { layout (self, label, TRUE, BODY_SIZE, label_width), content_left (self), label_width, BODY_SIZE },
    { layout (self, value && *value ? value : "—", FALSE, BODY_SIZE, value_width),
      content_left (self) + label_width + 6, value_width, BODY_SIZE },
  };

  draw_cells (self, cells, 2);
  cells_clear (cells, 2);
  self->y -= 1.5;
}

/* ---- tables ---- */

static void
layout_row (LdPdfTable         *table,
            const char * const *texts,
            gboolean            bold,
            Cell               *cells)
{
  LdPdfWriter *self = table->writer;
  double x = content_left (self);

  for (guint c = 0; c < table->n; c++)
    {
      double width = content_width (self) * table->fractions[c];

      cells[c].x = x + CELL_PAD;
      cells[c].width = width - 2 * CELL_PAD;
      cells[c].size = bold ? BODY_SIZE - 0.5 : BODY_SIZE;
      cells[c].lines = layout (self, texts[c] ? texts[c] : "", bold, cells[c].size, cells[c].width);
      x += width;
    }
}

static void
draw_table_header (LdPdfWriter *self,
                   LdPdfTable  *table)
{
  g_autofree Cell *cells = g_new0 (Cell, table->n);
  guint n_lines = 0;
  double height;

  layout_row (table, (const char * const *) table->titles, TRUE, cells);
  for (guint c = 0; c < table->n; c++)
    n_lines = MAX (n_lines, cells[c].lines->len);
  height = n_lines * cells[0].size * LEADING + 2 * CELL_PAD;
  HPDF_Page_SetGrayFill (self->page, 0.88);
  HPDF_Page_Rectangle (self->page, content_left (self), self->y - height, content_width (self), height);
  HPDF_Page_Fill (self->page);
  HPDF_Page_SetGrayFill (self->page, 0);
  self->y -= CELL_PAD;
  /* The header is drawn on a fresh page, so it cannot itself break one. */
  table->writer->table = NULL;
  draw_cells (self, cells, table->n);
  table->writer->table = table;
  self->y -= CELL_PAD;
  cells_clear (cells, table->n);
}

/**
 * ld_pdf_table_new:
 * @fractions: each column's share of the width; they add up to 1
 *
 * Starts a table; its header row is drawn now and again at the top of every
 * page the table continues on, until ld_pdf_table_free().
 */
LdPdfTable *
ld_pdf_table_new (LdPdfWriter        *self,
                  const char * const *titles,
                  const double       *fractions,
                  guint               n_columns)
{
  LdPdfTable *table = g_new0 (LdPdfTable, 1);

  table->writer = self;
  table->titles = g_new0 (char *, n_columns + 1);
  for (guint c = 0; c < n_columns; c++)
    table->titles[c] = g_strdup (titles[c]);
  table->fractions = g_memdup2 (fractions, n_columns * sizeof *fractions);
  table->n = n_columns;
  /* Never a header alone at the foot of a page. */
  ensure_space (self, 4 * BODY_SIZE * LEADING + 4 * CELL_PAD);
  draw_table_header (self, table);
  self->table = table;
  return table;
}

void
ld_pdf_table_add_row (LdPdfTable         *table,
                      const char * const *texts)
{
  LdPdfWriter *self = table->writer;
  g_autofree Cell *cells = g_new0 (Cell, table->n);

  layout_row (table, texts, FALSE, cells);
  self->y -= CELL_PAD / 2;
  draw_cells (self, cells, table->n);
  self->y -= CELL_PAD / 2;
  draw_rule (self, self->y, 0.7);
  cells_clear (cells, table->n);
}

void
ld_pdf_table_free (LdPdfTable *table)
{
  if (table->writer->table == table)
    table->writer->table = NULL;
  table->writer->y -= 4;
  g_strfreev (table->titles);
  g_free (table->fractions);
  g_free (table);
}

/* ---- QR code and signature block ---- */

/* Dark modules as filled squares, one rectangle per horizontal stretch, so
 * the code stays sharp at any print resolution. */
static void
draw_qr_modules (LdPdfWriter  *self,
                 const QRcode *qr,
                 double        x,
                 double        top)
{
  HPDF_Page_SetGrayFill (self->page, 0);
  for (int row = 0; row < qr->width; row++)
    for (int col = 0; col < qr->width; )
      {
        int start = col;

        while (col < qr->width && (qr->data[row * qr->width + col] & 1))
          col++;
        if (col > start)
          HPDF_Page_Rectangle (self->page, x + start * QR_MODULE, top - (row + 1) * QR_MODULE,
                               (col - start) * QR_MODULE, QR_MODULE);
        else
          col++;
      }
  HPDF_Page_Fill (self->page);
}

void
ld_pdf_writer_qr (LdPdfWriter *self,
                  const char  *payload,
                  const char  *caption)
{
  QRcode *qr = QRcode_encodeString8bit (payload, 0, QR_ECLEVEL_M);
  double side, text_x;
  Cell cell;

  if (qr == NULL)
    {
      ld_pdf_writer_paragraph (self, _("[The verification code could not be drawn.]"));
      return;
    }
  side = (qr->width + 8) * QR_MODULE;
  ensure_space (self, side);
  draw_qr_modules (self, qr, content_left (self) + 4 * QR_MODULE, self->y - 4 * QR_MODULE);
  text_x = content_left (self) + side + 6;
  cell = (Cell) { layout (self, caption, FALSE, BODY_SIZE - 1, content_width (self) - side - 6), text_x,
                  content_width (self) - side - 6, BODY_SIZE - 1 };
  {
    double top = self->y;

    self->y -= 4 * QR_MODULE;
    draw_cells (self, &cell, 1);
    self->y = MIN (self->y, top - side);
  }
  cells_clear (&cell, 1);
  QRcode_free (qr);
}

static void
draw_box (LdPdfWriter *self,
          double       x,
          double       width,
          double       height,
          const char  *label)
{
  Cell cell = { layout (self, label, FALSE, BODY_SIZE - 1, width - 8), x + 4, width - 8, BODY_SIZE - 1 };
  double top = self->y;

  HPDF_Page_SetGrayStroke (self->page, 0.4);
  HPDF_Page_SetLineWidth (self->page, 0.6);
  HPDF_Page_Rectangle (self->page, x, top - height, width, height);
  HPDF_Page_Stroke (self->page);
  self->y = top - height - 2;
  draw_cells (self, &cell, 1);
  self->y = top;
  cells_clear (&cell, 1);
}

void
ld_pdf_writer_signature_block (LdPdfWriter *self,
                               const char  *signatory,
                               const char  *place_and_date)
{
  double half = (content_width (self) - 12) / 2;
  g_autofree char *sign_label = signatory && *signatory
                              ? g_strdup_printf (_("Signature of the authorised officer: %s"), signatory)
                              : g_strdup (_("Signature of the authorised officer"));

  ensure_space (self, 120);
  if (place_and_date && *place_and_date)
    ld_pdf_writer_paragraph (self, place_and_date);
  self->y -= 4;
  draw_box (self, content_left (self), half, 72, sign_label);
  draw_box (self, content_left (self) + half + 12, half, 72, _("Official stamp"));
  self->y -= 72 + 2 * BODY_SIZE * LEADING;
}

/* ---- running header, footer and marks ---- */

static void
draw_text_at (LdPdfWriter *self,
              const char  *text,
              gboolean     bold,
              double       size,
              double       x,
              double       baseline,
              double       width,
              gboolean     right)
{
  g_autoptr(GPtrArray) lines = layout (self, text, bold, size, width);
  const LdTextLine *line = g_ptr_array_index (lines, 0);

  draw_line (self, line, right ? x + width - line->width : x, width, baseline, size);
}

static void
draw_mark (LdPdfWriter *self)
{
  HPDF_Font font = ld_font_set_get (self->fonts, LD_FONT_SLOT_LATIN_BOLD);
  double size = 84, angle = atan2 (self->page_height, self->page_width);
  double width = ld_font_set_text_width (self->fonts, LD_FONT_SLOT_LATIN_BOLD, self->mark) * size / 1000;
  double c = cos (angle), s = sin (angle);
  double x = self->page_width / 2 - (width / 2) * c + (size / 3) * s;
  double y = self->page_height / 2 - (width / 2) * s - (size / 3) * c;

  /* Outlined, so what lies beneath stays legible. */
  HPDF_Page_SetRGBStroke (self->page, 0.8, 0.1, 0.1);
  HPDF_Page_SetLineWidth (self->page, 1.5);
  HPDF_Page_BeginText (self->page);
  HPDF_Page_SetTextRenderingMode (self->page, HPDF_STROKE);
  HPDF_Page_SetFontAndSize (self->page, font, size);
  HPDF_Page_SetTextMatrix (self->page, c, s, -s, c, x, y);
  HPDF_Page_ShowText (self->page, self->mark);
  HPDF_Page_SetTextRenderingMode (self->page, HPDF_FILL);
  HPDF_Page_EndText (self->page);
}

static void
draw_page_frame (LdPdfWriter *self,
                 guint        number,
                 guint        n_pages)
{
  double left = content_left (self), width = content_width (self);
  double head = self->page_height - 36, foot = 30;
  g_autofree char *heading = g_strdup_printf ("%s · %s", self->title, self->reference);
  g_autofree char *page_of = g_strdup_printf (_("Page %u of %u"), number, n_pages);
  g_autofree char *id = g_strdup_printf (_("Document %s"), self->document_id);

  draw_text_at (self, self->author, FALSE, 8, left, head, width * 0.5, FALSE);
  draw_text_at (self, heading, TRUE, 8, left + width * 0.5, head, width * 0.5, TRUE);
  draw_rule (self, head - 5, 0.5);
  draw_rule (self, foot + 10, 0.5);
  draw_text_at (self, id, FALSE, 7, left, foot, width * 0.6, FALSE);
  draw_text_at (self, page_of, TRUE, 8, left + width * 0.6, foot, width * 0.4, TRUE);
  if (self->mark != NULL)
    {
      HPDF_Page_SetRGBFill (self->page, 0.8, 0.1, 0.1);
      draw_text_at (self, self->mark, TRUE, 10, left, head - 18, width, TRUE);
      HPDF_Page_SetRGBFill (self->page, 0, 0, 0);
      draw_mark (self);
    }
}

/* ---- life cycle ---- */

LdPdfWriter *
ld_pdf_writer_new (const LdPdfOptions  *options,
                   GError             **error)
{
  g_autoptr(LdPdfWriter) self = g_new0 (LdPdfWriter, 1);

  self->pdf = HPDF_New (on_hpdf_error, self);
  if (self->pdf == NULL)
    {
      g_set_error (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_PDF, _("The PDF library could not start (out of memory?)."));
      return NULL;
    }
  HPDF_UseUTFEncodings (self->pdf);
  HPDF_SetCurrentEncoder (self->pdf, "UTF-8");
  HPDF_SetCompressionMode (self->pdf, HPDF_COMP_ALL);
  self->fonts = ld_font_set_new (self->pdf, options->font_dir, error);
  if (self->fonts == NULL)
    return NULL;
  self->paper = options->paper;
  self->title = ld_text_sanitize (options->title, FALSE);
  self->reference = ld_text_sanitize (options->reference, FALSE);
  self->author = ld_text_sanitize (options->author, FALSE);
  self->mark = options->mark ? ld_text_sanitize (options->mark, FALSE) : NULL;
  self->document_id = g_uuid_string_random ();
  self->created = g_date_time_new_now_utc ();
  self->pages = g_ptr_array_new ();
  new_page (self);
  return g_steal_pointer (&self);
}

void
ld_pdf_writer_free (LdPdfWriter *self)
{
  g_clear_pointer (&self->fonts, ld_font_set_free);
  if (self->pdf)
    HPDF_Free (self->pdf);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_free (self->title); g_free (self->reference); g_free (self->author); g_free (self->mark);
  g_free (self->document_id);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_free (self);
}

static GBytes *
save_to_bytes (LdPdfWriter *self)
{
  GByteArray *out = g_byte_array_new ();
  HPDF_BYTE buffer[65536];

  HPDF_SaveToStream (self->pdf);
  for (;;)
    {
      HPDF_UINT32 size = sizeof buffer;
      HPDF_STATUS status = HPDF_ReadFromStream (self->pdf, buffer, &size);

      g_byte_array_append (out, buffer, size);
      if (status != HPDF_OK || size == 0)
        break;
    }
  return g_byte_array_free_to_bytes (out);
}

/**
 * ld_pdf_writer_finish:
 *
 * Numbers the pages, adds the running header and the archival metadata.
 *
 * Returns: (transfer full): the PDF
 */
GBytes *
ld_pdf_writer_finish (LdPdfWriter  *self,
                      GError      **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *subject = g_strdup_printf ("%s %s", self->title, self->reference);
  LdPdfArchiveInfo info = { subject, self->author, subject, self->document_id, self->created };

  self->table = NULL;
  for (guint i = 0; i < self->pages->len; i++)
    {
      self->page = g_ptr_array_index (self->pages, i);
      draw_page_frame (self, i + 1, self->pages->len);
    }
  ld_font_set_complete_glyphs (self->fonts);
  if (!ld_pdf_archive_prepare (self->pdf, &info, error))
    return NULL;
  bytes = save_to_bytes (self);
  if (self->error_code != 0)
    {
      g_set_error (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_PDF,
                   _("The PDF library failed while making the document (error 0x%04X, detail %u). Report this with the document's data."),
                   (guint) self->error_code, (guint) self->error_detail);
      return NULL;
    }
  return g_steal_pointer (&bytes);
}

/**
 * ld_pdf_write_file:
 *
 * Writes @pdf whole or not at all (through a temporary file renamed into place).
 */
gboolean
ld_pdf_write_file (GBytes      *pdf,
                   const char  *path,
                   GError     **error)
{
  g_autoptr(GError) local = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (pdf, &size);

  if (!g_file_set_contents_full (path, data, size, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local))
    {
      g_set_error (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_WRITE,
                   _("The PDF could not be written to “%s”: %s. Choose a folder you may write to."),
                   path, local->message);
      return FALSE;
    }
  return TRUE;
}
