/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  LD_SERIAL_PROBLEM_MALFORMED,
  LD_SERIAL_PROBLEM_DUPLICATE,
} LdSerialProblemKind;

typedef struct
{
  guint                line;         /* 1-based line of the pasted text or CSV file */
  LdSerialProblemKind  kind;
  char                *value;
  char                *message;      /* a sentence naming the line and the value */
} LdSerialProblem;

/* What a paste or CSV file held: the good serial numbers, normalised, in
 * order, each once; and every value refused, by line. */
typedef struct
{
  GPtrArray *serials;    /* (element-type utf8) */
  GArray    *lines;      /* (element-type guint) the line each serial came from */
  GPtrArray *problems;   /* (element-type LdSerialProblem) */
} LdSerialReport;

LdSerialReport *ld_serials_parse        (const char     *text,
                                         gssize          length);
char           *ld_serial_normalize     (const char     *value,
                                         GError        **error);
void            ld_serial_report_free   (LdSerialReport *report);
char           *ld_serial_report_format (const LdSerialReport *report,
                                         guint           max_lines);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdSerialReport, ld_serial_report_free)

G_END_DECLS
