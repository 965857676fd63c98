/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-text-layout"

#include "config.h"

#include <fribidi.h>

#include "ld-text-layout.h"

/*
 * Text to lines of font runs. libharu draws glyphs in the order it gets them
 * and knows nothing of scripts, so everything happens here: Arabic is joined
 * and shaped to presentation forms (fribidi) on the logical text, lines are
 * broken on the shaped logical text with our own rules (HPDF_Page_TextRect
 * breaks only at ASCII spaces and returns nothing for a token wider than the
 * box), then each line is reordered to visual order and cut into runs per font.
 */

#define BIDI_FLAGS (FRIBIDI_FLAGS_DEFAULT | FRIBIDI_FLAGS_ARABIC)

typedef struct
{
  glong              n;
  FriBidiChar       *chars;     /* shaped, logical order */
  FriBidiCharType   *types;
  FriBidiLevel      *levels;
  FriBidiParType     direction;
  LdFontSlot        *slots;
  double            *widths;    /* points */
} Paragraph;

static void
paragraph_clear (Paragraph *p)
{
  g_free (p->chars); g_free (p->types); g_free (p->levels); g_free (p->slots); g_free (p->widths);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Paragraph, paragraph_clear)

/* Characters with no width of their own that fonts draw as boxes: bidi
 * controls (fribidi has used them), joiners, and the filler fribidi leaves
 * where a lam-alef ligature took two letters. */
static gboolean
is_invisible (gunichar c)
{
  return c == 0xFEFF || c == 0x200B || c == 0x200C || c == 0x200D || c == 0x200E || c == 0x200F ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/**
 * ld_text_sanitize:
 * @multiline: keep line feeds as line breaks
 *
 * Returns: (transfer full): @text as valid UTF-8 without control characters
 *   (tabs and, unless @multiline, line feeds become spaces), so whatever an
 *   import brought in prints as something readable
 */
char *
ld_text_sanitize (const char *text,
                  gboolean    multiline)
{
  g_autofree char *valid = g_utf8_make_valid (text ? text : "", -1);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' && multiline)
        g_string_append_c (out, '\n');
      else if (c == '\r')
        continue;
      else if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static void
paragraph_shape (Paragraph  *p,
                 const char *text)
{
  g_autofree FriBidiBracketType *brackets = NULL;
  g_autofree FriBidiArabicProp *joining = NULL;

  p->chars = g_utf8_to_ucs4_fast (text, -1, &p->n);
  p->types = g_new (FriBidiCharType, p->n + 1);
  p->levels = g_new (FriBidiLevel, p->n + 1);
  brackets = g_new (FriBidiBracketType, p->n + 1);
  joining = g_new (FriBidiArabicProp, p->n + 1);
  p->direction = FRIBIDI_PAR_ON;
  fribidi_get_bidi_types (p->chars, p->n, p->types);
  fribidi_get_bracket_types (p->chars, p->n, p->types, brackets);
  if (!fribidi_get_par_embedding_levels_ex (p->types, brackets, p->n, &p->direction, p->levels))
    memset (p->levels, 0, p->n * sizeof *p->levels);
  fribidi_get_joining_types (p->chars, p->n, joining);
  fribidi_join_arabic (p->types, p->n, p->levels, joining);
  fribidi_shape (BIDI_FLAGS, p->levels, p->n, joining, p->chars);
}

static void
paragraph_measure (Paragraph *p,
                   LdFontSet *fonts,
                   gboolean   bold,
                   double     size)
{
  p->slots = g_new (LdFontSlot, p->n + 1);
  p->widths = g_new (double, p->n + 1);
  for (glong i = 0; i < p->n; i++)
    {
      if (is_invisible (p->chars[i]))
        {
          p->slots[i] = LD_FONT_SLOT_NONE;
          p->widths[i] = 0;
          continue;
        }
      p->slots[i] = ld_font_set_pick (fonts, p->chars[i], bold);
      if (p->slots[i] == LD_FONT_SLOT_NONE)
        {
          /* No installed font draws it: a visible stand-in rather than nothing. */
          p->chars[i] = '?';
          p->slots[i] = bold ? LD_FONT_SLOT_LATIN_BOLD : LD_FONT_SLOT_LATIN;
        }
      p->widths[i] = ld_font_set_char_width (fonts, p->slots[i], p->chars[i]) * size / 1000.0;
    }
}

static gboolean
is_ideographic (gunichar c)
{
  GUnicodeBreakType b = g_unichar_break_type (c);

  return b == G_UNICODE_BREAK_IDEOGRAPHIC || b == G_UNICODE_BREAK_CONDITIONAL_JAPANESE_STARTER;
}

/* May a line end just before @i? After a space, a hyphen or a slash, and
 * between ideographs; never inside a run of letters or digits. */
static gboolean
may_break_before (const Paragraph *p,
                  glong            i)
{
  gunichar before = p->chars[i - 1], at = p->chars[i];

  if (g_unichar_isspace (at))
    return FALSE;
  return g_unichar_isspace (before) || before == '-' || before == '/' || before == ',' ||
         is_ideographic (before) || is_ideographic (at);
}

/* The end of the line that starts at @start: at the last break opportunity
 * that fits, else as many characters as fit, and always at least one, so a
 * glyph wider than the box cannot stall the layout. */
static glong
line_end (const Paragraph *p,
          glong            start,
          double           max_width)
{
  double width = 0;
  glong last_break = -1;

  for (glong i = start; i < p->n; i++)
    {
      if (i > start && may_break_before (p, i))
        last_break = i;
      if (width + p->widths[i] > max_width && i > start && !g_unichar_isspace (p->chars[i]))
        return last_break > start ? last_break : i;
      width += p->widths[i];
    }
  return p->n;
}

static void
text_run_free (LdTextRun *run)
{
  g_free (run->utf8);
  g_free (run);
}

void
ld_text_line_free (LdTextLine *line)
{
  g_ptr_array_unref (line->runs);
  g_free (line);
}

/* Reorders [start, end) to visual order and cuts it into runs per font. */
static LdTextLine *
make_line (Paragraph *p,
           glong      start,
           glong      end)
{
  g_autofree FriBidiStrIndex *map = g_new (FriBidiStrIndex, p->n + 1);
  LdTextLine *line = g_new0 (LdTextLine, 1);
  LdTextRun *run = NULL;
  GString *text = NULL;

  for (glong i = 0; i < p->n; i++)
    map[i] = i;
  line->runs = g_ptr_array_new_with_free_func ((GDestroyNotify) text_run_free);
  line->rtl = FRIBIDI_IS_RTL (p->direction);
  /* Trailing spaces do not count: the next line starts after them. */
  while (end > start && g_unichar_isspace (p->chars[end - 1]))
    end--;
  if (end > start && !fribidi_reorder_line (BIDI_FLAGS, p->types, end - start, start, p->direction,
                                            p->levels, NULL, map))
    for (glong i = start; i < end; i++)
      map[i] = i;
  for (glong v = start; v < end; v++)
    {
      glong i = map[v];

      if (p->slots[i] == LD_FONT_SLOT_NONE)
        continue;
      if (run == NULL || run->slot != p->slots[i])
        {
          if (run != NULL)
            run->utf8 = g_string_free (text, FALSE);
          run = g_new0 (LdTextRun, 1);
          run->slot = p->slots[i];
          text = g_string_new (NULL);
          g_ptr_array_add (line->runs, run);
        }
      g_string_append_unichar (text, p->chars[i]);
      run->width += p->widths[i];
      line->width += p->widths[i];
    }
  if (run != NULL)
    run->utf8 = g_string_free (text, FALSE);
  return line;
}

static void
layout_paragraph (GPtrArray  *lines,
                  LdFontSet  *fonts,
                  const char *text,
                  gboolean    bold,
                  double      size,
                  double      max_width)
{
  g_auto(Paragraph) p = { 0 };
  glong start = 0;

  paragraph_shape (&p, text);
  paragraph_measure (&p, fonts, bold, size);
  do
    {
      glong end = line_end (&p, start, max_width);

      g_ptr_array_add (lines, make_line (&p, start, end));
      start = end;
      while (start < p.n && g_unichar_isspace (p.chars[start]))
        start++;
    }
  while (start < p.n);
}

/**
 * ld_text_layout:
 * @text: valid UTF-8, see ld_text_sanitize(); line feeds start paragraphs
 *
 * Returns: (transfer container) (element-type LdTextLine): at least one line
 */
GPtrArray *
ld_text_layout (LdFontSet  *fonts,
                const char *text,
                gboolean    bold,
                double      size,
                double      max_width)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_text_line_free);
  g_auto(GStrv) paragraphs = g_strsplit (text, "\n", -1);

  for (guint i = 0; paragraphs[i]; i++)
    layout_paragraph (lines, fonts, paragraphs[i], bold, size, max_width);
  if (lines->len == 0)
    layout_paragraph (lines, fonts, "", bold, size, max_width);
  return lines;
}
