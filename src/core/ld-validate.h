/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LD_VALIDATION_ERROR (ld_validation_error_quark ())

typedef enum
{
  LD_VALIDATION_ERROR_REQUIRED,
  LD_VALIDATION_ERROR_MALFORMED,
  LD_VALIDATION_ERROR_OUT_OF_RANGE,
  LD_VALIDATION_ERROR_UNKNOWN_CODE,
  LD_VALIDATION_ERROR_CONTRADICTORY,
  LD_VALIDATION_ERROR_DUPLICATE,
} LdValidationError;

/* What a text field holds, which sets how long it may be and whether it may
 * break lines. One table (ld-validate.c) for every way text comes in: the
 * windows, `broker import --csv` and `application import --json`. */
typedef enum
{
  LD_TEXT_CODE,        /* a country, currency or category code, a date */
  LD_TEXT_NUMBER,      /* a registration, tax, reference or document number */
  LD_TEXT_NAME,        /* the name of a company or a person */
  LD_TEXT_LINE,        /* other one-line text: a legal form, a model, a calibre */
  LD_TEXT_PARAGRAPH,   /* addresses, descriptions, reasons: may break lines */
  LD_TEXT_N_KINDS,
} LdTextKind;

GQuark     ld_validation_error_quark (void);

gboolean   ld_validate_text          (const char  *field,
                                      const char  *value,
                                      LdTextKind   kind,
                                      GError     **error);

char      *ld_text_normalize_input   (const char  *text);
gboolean   ld_validate_required      (const char  *field,
                                      const char  *value,
                                      GError     **error);
GDate     *ld_parse_date             (const char  *field,
                                      const char  *text,
                                      GError     **error);
gboolean   ld_parse_quantity         (const char  *field,
                                      const char  *text,
                                      gint64      *out_quantity,
                                      GError     **error);
gboolean   ld_validate_country_code  (const char  *field,
                                      const char  *code,
                                      GError     **error);
gboolean   ld_validate_date_order    (const char  *from_field,
                                      const GDate *from,
                                      const char  *until_field,
                                      const GDate *until,
                                      GError     **error);

G_END_DECLS
