/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LD_DOCUMENT_ERROR (ld_document_error_quark ())

typedef enum
{
  LD_DOCUMENT_ERROR_FONT_MISSING,   /* a font file the scripts need is not installed */
  LD_DOCUMENT_ERROR_PROFILE_MISSING,/* the sRGB colour profile for PDF/A is not installed */
  LD_DOCUMENT_ERROR_PDF,            /* libharu failed while making the document */
  LD_DOCUMENT_ERROR_WRITE,          /* the output could not be written */
  LD_DOCUMENT_ERROR_INPUT,          /* the document's data are unusable */
  LD_DOCUMENT_ERROR_KEY,            /* the signing key is missing or unsafe */
  LD_DOCUMENT_ERROR_PAYLOAD,        /* a QR payload is damaged or not ours */
} LdDocumentError;

GQuark ld_document_error_quark (void);

G_END_DECLS
