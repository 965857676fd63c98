/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <hpdf.h>

G_BEGIN_DECLS

/* The fonts a document draws with, one per slot. Each slot's font is chosen
 * among those libharu 2.3.0 renders whole (DESIGN.md, Documents); a character
 * goes to the first slot whose font covers it. */
typedef enum
{
  LD_FONT_SLOT_LATIN,        /* Latin, Cyrillic, Greek */
  LD_FONT_SLOT_LATIN_BOLD,
  LD_FONT_SLOT_ARABIC,
  LD_FONT_SLOT_CJK,
  LD_FONT_N_SLOTS,
  LD_FONT_SLOT_NONE = -1,
} LdFontSlot;

typedef struct _LdFontSet LdFontSet;

LdFontSet  *ld_font_set_new         (HPDF_Doc     pdf,
                                     const char  *font_dir,
                                     GError     **error);
void        ld_font_set_free        (LdFontSet   *self);
LdFontSlot  ld_font_set_pick        (LdFontSet   *self,
                                     gunichar     c,
                                     gboolean     bold);
HPDF_Font   ld_font_set_get         (LdFontSet   *self,
                                     LdFontSlot   slot);
double      ld_font_set_char_width  (LdFontSet   *self,
                                     LdFontSlot   slot,
                                     gunichar     c);
double      ld_font_set_text_width  (LdFontSet   *self,
                                     LdFontSlot   slot,
                                     const char  *utf8);
void        ld_font_set_complete_glyphs (LdFontSet *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdFontSet, ld_font_set_free)

G_END_DECLS
