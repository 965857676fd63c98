/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A small layout engine on libharu: flowing text, label/value fields, tables
 * whose header row repeats on every page, a QR code, a running header and
 * "page n of m". It fills pages top to bottom and breaks them itself. */

typedef enum
{
  LD_PAPER_A4,
  LD_PAPER_LETTER,
} LdPaper;

typedef struct
{
  LdPaper     paper;
  const char *font_dir;    /* (nullable) fonts from this folder only */
  const char *title;       /* the document's kind, e.g. "Export licence" */
  const char *reference;   /* its number, printed on every page */
  const char *author;      /* the issuing authority */
  const char *mark;        /* (nullable) e.g. "COPY", "REVOKED": across every page */
} LdPdfOptions;

typedef struct _LdPdfWriter LdPdfWriter;
typedef struct _LdPdfTable LdPdfTable;

gboolean     ld_paper_from_string       (const char          *text,
                                         LdPaper             *out_paper,
                                         GError             **error);

LdPdfWriter *ld_pdf_writer_new          (const LdPdfOptions  *options,
                                         GError             **error);
void         ld_pdf_writer_free         (LdPdfWriter         *self);

void         ld_pdf_writer_title        (LdPdfWriter         *self,
                                         const char          *text);
void         ld_pdf_writer_section      (LdPdfWriter         *self,
                                         const char          *text);
void         ld_pdf_writer_paragraph    (LdPdfWriter         *self,
                                         const char          *text);
void         ld_pdf_writer_field        (LdPdfWriter         *self,
                                         const char          *label,
                                         const char          *value);
void         ld_pdf_writer_qr           (LdPdfWriter         *self,
                                         const char          *payload,
                                         const char          *caption);
void         ld_pdf_writer_signature_block (LdPdfWriter      *self,
                                         const char          *signatory,
                                         const char          *place_and_date);

LdPdfTable  *ld_pdf_table_new           (LdPdfWriter         *self,
                                         const char * const  *titles,
                                         const double        *fractions,
                                         guint                n_columns);
void         ld_pdf_table_add_row       (LdPdfTable          *table,
                                         const char * const  *cells);
void         ld_pdf_table_free          (LdPdfTable          *table);

GBytes      *ld_pdf_writer_finish       (LdPdfWriter         *self,
                                         GError             **error);
gboolean     ld_pdf_write_file          (GBytes              *pdf,
                                         const char          *path,
                                         GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdPdfWriter, ld_pdf_writer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdPdfTable, ld_pdf_table_free)

G_END_DECLS
