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

GQuark     ld_validation_error_quark (void);

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
