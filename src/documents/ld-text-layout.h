/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-pdf-fonts.h"

G_BEGIN_DECLS

/* One stretch of a line drawn with one font, in visual (left to right) order. */
typedef struct
{
  LdFontSlot  slot;
  char       *utf8;
  double      width;    /* points */
} LdTextRun;

typedef struct
{
  GPtrArray *runs;      /* (element-type LdTextRun) */
  double     width;     /* points */
  gboolean   rtl;       /* the paragraph reads right to left */
} LdTextLine;

char      *ld_text_sanitize      (const char  *text,
                                  gboolean     multiline);
GPtrArray *ld_text_layout        (LdFontSet   *fonts,
                                  const char  *text,
                                  gboolean     bold,
                                  double       size,
                                  double       max_width);
void       ld_text_line_free     (LdTextLine  *line);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdTextLine, ld_text_line_free)

G_END_DECLS
