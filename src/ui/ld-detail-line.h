/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LD_TYPE_DETAIL_LINE (ld_detail_line_get_type ())
G_DECLARE_FINAL_TYPE (LdDetailLine, ld_detail_line, LD, DETAIL_LINE, GObject)

LdDetailLine *ld_detail_line_new          (const char   *title,
                                           const char   *subtitle,
                                           const char   *extra);
void          ld_detail_line_set_target   (LdDetailLine *self,
                                           GVariant     *target);
const char   *ld_detail_line_get_title    (LdDetailLine *self);
const char   *ld_detail_line_get_subtitle (LdDetailLine *self);
const char   *ld_detail_line_get_extra    (LdDetailLine *self);

G_END_DECLS
