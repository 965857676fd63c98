/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <hpdf.h>

G_BEGIN_DECLS

typedef struct
{
  const char *title;
  const char *author;
  const char *subject;
  const char *document_id;   /* a UUID, also the trailer /ID */
  GDateTime  *created;
} LdPdfArchiveInfo;

#define LD_PDF_SRGB_PROFILE "/usr/share/color/icc/colord/sRGB.icc"

gboolean ld_pdf_archive_prepare (HPDF_Doc                 pdf,
                                 const LdPdfArchiveInfo  *info,
                                 GError                 **error);

G_END_DECLS
