/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-pdf-fonts"

#include "config.h"

#include <fontconfig/fontconfig.h>
#include <hpdf_fontdef.h>
#include <hpdf_font.h>
#include <hpdf_doc.h>
#include <glib/gi18n.h>

#include "ld-document-error.h"
#include "ld-pdf-fonts.h"

/* Where each slot's font may come from, best first. Only fonts seen to render
 * whole with libharu 2.3.0 (rasterised at 150 and 300 dpi): Noto Naskh Arabic
 * loses its dots and Noto Kufi Arabic has no presentation forms, so Arabic
 * has Noto Sans Arabic alone. Droid Sans Fallback loses the parts of most
 * composite ideographs with libharu alone but is whole once
 * ld_font_set_complete_glyphs() has run; it comes first because libharu
 * copies a font file whole into memory for each document, and it is 4 MB
 * where WQY ZenHei is 17 MB (a third of the time, a third of the file). */
typedef struct
{
  const char *family;
  const char *style;
  const char *debian_path;
  const char *package;
} FontCandidate;

static const FontCandidate latin_fonts[] = {
  { "Liberation Sans", "Regular", "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf", "fonts-liberation2" },
  { "Noto Sans", "Regular", "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", "fonts-noto-core" },
};
static const FontCandidate latin_bold_fonts[] = {
  { "Liberation Sans", "Bold", "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf", "fonts-liberation2" },
  { "Noto Sans", "Bold", "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf", "fonts-noto-core" },
};
static const FontCandidate arabic_fonts[] = {
  { "Noto Sans Arabic", "Regular", "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf", "fonts-noto-core" },
};
static const FontCandidate cjk_fonts[] = {
  { "Droid Sans Fallback", "Regular", "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", "fonts-droid-fallback" },
  { "WenQuanYi Zen Hei", "Regular", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "fonts-wqy-zenhei" },
  { "AR PL UMing CN", "Light", "/usr/share/fonts/truetype/arphic/uming.ttc", "fonts-arphic-uming" },
};

typedef struct
{
  const FontCandidate *candidates;
  guint                n;
} SlotCandidates;

static const SlotCandidates slot_candidates[LD_FONT_N_SLOTS] = {
  { latin_fonts, G_N_ELEMENTS (latin_fonts) },
  { latin_bold_fonts, G_N_ELEMENTS (latin_bold_fonts) },
  { arabic_fonts, G_N_ELEMENTS (arabic_fonts) },
  { cjk_fonts, G_N_ELEMENTS (cjk_fonts) },
};

typedef struct
{
  char       *path;
  int         index;       /* the face inside a .ttc */
  FcCharSet  *coverage;    /* borrowed from the process-wide cache */
  HPDF_Font   font;        /* loaded into the document on first use */
  GHashTable *widths;      /* code point -> width + 1, in 1/1000 em */
} Slot;

struct _LdFontSet
{
  HPDF_Doc pdf;
  Slot     slots[LD_FONT_N_SLOTS];
};

/* Reading a font's character map costs milliseconds (tens for a CJK .ttc), so
 * each file's coverage is read once per process. */
G_LOCK_DEFINE_STATIC (coverage_cache);
static GHashTable *coverage_cache;

static FcCharSet *
coverage_for (const char *path,
              int         index)
{
  g_autofree char *key = g_strdup_printf ("%s#%d", path, index);
  FcCharSet *charset;

  G_LOCK (coverage_cache);
  if (coverage_cache == NULL)
    coverage_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) FcCharSetDestroy);
  charset = g_hash_table_lookup (coverage_cache, key);
  if (charset == NULL)
    {
      int count = 0;
      FcPattern *pattern = FcFreeTypeQuery ((const FcChar8 *) path, index, NULL, &count);
      FcCharSet *found = NULL;

      if (pattern && FcPatternGetCharSet (pattern, FC_CHARSET, 0, &found) == FcResultMatch)
        {
          charset = FcCharSetCopy (found);
          g_hash_table_insert (coverage_cache, g_steal_pointer (&key), charset);
        }
      if (pattern)
        FcPatternDestroy (pattern);
    }
  G_UNLOCK (coverage_cache);
  return charset;
}

/* fontconfig's cache already holds the coverage of installed fonts: taking
 * it from there spares reading a 17 MB CJK collection in every process. */
static void
remember_coverage (const char *path,
                   int         index,
                   FcCharSet  *charset)
{
  char *key = g_strdup_printf ("%s#%d", path, index);

  G_LOCK (coverage_cache);
  if (coverage_cache == NULL)
    coverage_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) FcCharSetDestroy);
  if (!g_hash_table_contains (coverage_cache, key))
    g_hash_table_insert (coverage_cache, g_steal_pointer (&key), FcCharSetCopy (charset));
  G_UNLOCK (coverage_cache);
  g_free (key);
}

/* Asks fontconfig where the family is installed; NULL when it does not know it. */
static char *
fontconfig_path (const FontCandidate *candidate,
                 int                 *out_index)
{
  FcPattern *pattern = FcPatternCreate ();
  FcObjectSet *objects = FcObjectSetBuild (FC_FILE, FC_INDEX, FC_CHARSET, NULL);
  FcFontSet *found;
  char *path = NULL;

  FcPatternAddString (pattern, FC_FAMILY, (const FcChar8 *) candidate->family);
  FcPatternAddString (pattern, FC_STYLE, (const FcChar8 *) candidate->style);
  found = FcFontList (NULL, pattern, objects);
  for (int i = 0; found && i < found->nfont && path == NULL; i++)
    {
      FcChar8 *file = NULL;
      FcCharSet *charset = NULL;
      int index = 0;

      if (FcPatternGetString (found->fonts[i], FC_FILE, 0, &file) != FcResultMatch)
        continue;
      FcPatternGetInteger (found->fonts[i], FC_INDEX, 0, &index);
      if (g_file_test ((const char *) file, G_FILE_TEST_IS_REGULAR))
        {
          path = g_strdup ((const char *) file);
          *out_index = index;
          if (FcPatternGetCharSet (found->fonts[i], FC_CHARSET, 0, &charset) == FcResultMatch)
            remember_coverage (path, index, charset);
        }
    }
  if (found)
    FcFontSetDestroy (found);
  FcObjectSetDestroy (objects);
  FcPatternDestroy (pattern);
  return path;
}

/* With @font_dir, only that folder is searched (tests and offices that ship
 * their own copies); otherwise fontconfig, then the Debian path. */
static char *
find_candidate (const FontCandidate *candidate,
                const char          *font_dir,
                int                 *out_index)
{
  g_autofree char *base = g_path_get_basename (candidate->debian_path);
  char *path;

  *out_index = 0;
  if (font_dir != NULL)
    {
      path = g_build_filename (font_dir, base, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return path;
      g_free (path);
      return NULL;
    }
  path = fontconfig_path (candidate, out_index);
  if (path != NULL)
    return path;
  if (g_file_test (candidate->debian_path, G_FILE_TEST_IS_REGULAR))
    return g_strdup (candidate->debian_path);
  return NULL;
}

static gboolean
find_slot (Slot                 *slot,
           const SlotCandidates *choice,
           const char           *font_dir,
           GError              **error)
{
  for (guint i = 0; i < choice->n; i++)
    {
      int index = 0;
      g_autofree char *path = find_candidate (&choice->candidates[i], font_dir, &index);

      if (path == NULL)
        continue;
      slot->coverage = coverage_for (path, index);
      if (slot->coverage == NULL)
        continue;   /* not a font fontconfig can read: try the next */
      slot->path = g_steal_pointer (&path);
      slot->index = index;
      slot->widths = g_hash_table_new (NULL, NULL);
      return TRUE;
    }
  g_set_error (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_FONT_MISSING,
               _("The font “%s” (%s) was not found%s%s. Install the Debian package %s and print again."),
               choice->candidates[0].family, choice->candidates[0].debian_path,
               font_dir ? _(" in ") : "", font_dir ? font_dir : "", choice->candidates[0].package);
  return FALSE;
}

/**
 * ld_font_set_new:
 * @font_dir: (nullable): a folder holding the font files, instead of the system's
 *
 * Finds a font for every slot; they are loaded into @pdf when first drawn, so
 * a document without Chinese does not carry a Chinese font.
 */
LdFontSet *
ld_font_set_new (HPDF_Doc     pdf,
                 const char  *font_dir,
                 GError     **error)
{
  g_autoptr(LdFontSet) self = g_new0 (LdFontSet, 1);

  self->pdf = pdf;
  for (int s = 0; s < LD_FONT_N_SLOTS; s++)
    if (!find_slot (&self->slots[s], &slot_candidates[s], font_dir, error))
      return NULL;
  return g_steal_pointer (&self);
}

void
ld_font_set_free (LdFontSet *self)
{
  for (int s = 0; s < LD_FONT_N_SLOTS; s++)
    {
      g_free (self->slots[s].path);
      g_clear_pointer (&self->slots[s].widths, g_hash_table_unref);
    }
  g_free (self);
}

/**
 * ld_font_set_pick:
 *
 * Returns: the slot whose font draws @c, %LD_FONT_SLOT_NONE when none does
 */
LdFontSlot
ld_font_set_pick (LdFontSet *self,
                  gunichar   c,
                  gboolean   bold)
{
  LdFontSlot first = bold ? LD_FONT_SLOT_LATIN_BOLD : LD_FONT_SLOT_LATIN;
  static const LdFontSlot others[] = { LD_FONT_SLOT_ARABIC, LD_FONT_SLOT_CJK };

  if (FcCharSetHasChar (self->slots[first].coverage, c))
    return first;
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    if (FcCharSetHasChar (self->slots[others[i]].coverage, c))
      return others[i];
  if (bold && FcCharSetHasChar (self->slots[LD_FONT_SLOT_LATIN].coverage, c))
    return LD_FONT_SLOT_LATIN;
  return LD_FONT_SLOT_NONE;
}

HPDF_Font
ld_font_set_get (LdFontSet  *self,
                 LdFontSlot  slot)
{
  Slot *s = &self->slots[slot];

  if (s->font == NULL)
    {
      const char *name = g_str_has_suffix (s->path, ".ttc")
                       ? HPDF_LoadTTFontFromFile2 (self->pdf, s->path, s->index, HPDF_TRUE)
                       : HPDF_LoadTTFontFromFile (self->pdf, s->path, HPDF_TRUE);

      s->font = name ? HPDF_GetFont (self->pdf, name, "UTF-8") : NULL;
    }
  return s->font;
}

/* In 1/1000 of the font size. */
double
ld_font_set_char_width (LdFontSet  *self,
                        LdFontSlot  slot,
                        gunichar    c)
{
  Slot *s = &self->slots[slot];
  gpointer cached = g_hash_table_lookup (s->widths, GUINT_TO_POINTER (c));
  char utf8[8];
  int len;
  HPDF_Font font;
  HPDF_TextWidth width;

  if (cached != NULL)
    return GPOINTER_TO_UINT (cached) - 1;
  font = ld_font_set_get (self, slot);
  if (font == NULL)
    return 0;
  len = g_unichar_to_utf8 (c, utf8);
  width = HPDF_Font_TextWidth (font, (const HPDF_BYTE *) utf8, len);
  g_hash_table_insert (s->widths, GUINT_TO_POINTER (c), GUINT_TO_POINTER (width.width + 1));
  return width.width;
}

double
ld_font_set_text_width (LdFontSet  *self,
                        LdFontSlot  slot,
                        const char *utf8)
{
  double width = 0;

  for (const char *p = utf8; *p; p = g_utf8_next_char (p))
    width += ld_font_set_char_width (self, slot, g_utf8_get_char (p));
  return width;
}

/* ---- composite glyphs ---- */

/*
 * libharu 2.3.0 embeds only the glyphs it marked as used. It marks the parts
 * of a composite glyph one level deep, and not at all when a part's glyph
 * index is above 32767, so glyphs built from composites lose pieces (Arabic
 * isolated forms such as U+FE93 TEH MARBUTA or U+FEC5 DAD lose their body).
 * Before saving we mark every part of every used glyph, however deep, in
 * libharu's own table, reading the glyf table from the font file.
 */

#define COMPOSITE_WORDS      0x0001
#define COMPOSITE_SCALE      0x0008
#define COMPOSITE_MORE       0x0020
#define COMPOSITE_XY_SCALE   0x0040
#define COMPOSITE_TWO_BY_TWO 0x0080

static guint
read_u16 (const guint8 *data,
          gsize         size,
          gsize         at)
{
  return at + 2 <= size ? (guint) data[at] << 8 | data[at + 1] : 0;
}

static gsize
glyph_offset (HPDF_TTFontDefAttr attr,
              guint              gid)
{
  gsize offset = attr->glyph_tbl.offsets[gid];

  if (attr->header.index_to_loc_format == 0)
    offset *= 2;
  return offset + attr->glyph_tbl.base_offset;
}

/* Marks @gid's parts; returns whether it marked anything new. */
static gboolean
mark_parts (HPDF_TTFontDefAttr  attr,
            const guint8       *data,
            gsize               size,
            guint               gid)
{
  gsize at = glyph_offset (attr, gid);
  gboolean marked = FALSE;
  guint flags;

  if (at + 10 > size || attr->glyph_tbl.offsets[gid] == attr->glyph_tbl.offsets[gid + 1] ||
      (gint16) read_u16 (data, size, at) >= 0)
    return FALSE;
  at += 10;
  do
    {
      guint part;

      flags = read_u16 (data, size, at);
      part = read_u16 (data, size, at + 2);
      at += 4 + ((flags & COMPOSITE_WORDS) ? 4 : 2);
      at += (flags & COMPOSITE_SCALE) ? 2 : (flags & COMPOSITE_XY_SCALE) ? 4 : (flags & COMPOSITE_TWO_BY_TWO) ? 8 : 0;
      if (part < attr->num_glyphs && !attr->glyph_tbl.flgs[part])
        {
          attr->glyph_tbl.flgs[part] = 1;
          marked = TRUE;
        }
    }
  while ((flags & COMPOSITE_MORE) && at < size);
  return marked;
}

static void
complete_slot (Slot *slot)
{
  HPDF_FontAttr font_attr = slot->font ? ((HPDF_Dict) slot->font)->attr : NULL;
  HPDF_FontDef def = font_attr ? font_attr->fontdef : NULL;
  HPDF_TTFontDefAttr attr;
  g_autoptr(GMappedFile) file = NULL;
  const guint8 *data;
  gsize size;
  gboolean again = TRUE;

  if (def == NULL || def->type != HPDF_FONTDEF_TYPE_TRUETYPE)
    return;
  attr = def->attr;
  file = g_mapped_file_new (slot->path, FALSE, NULL);
  if (file == NULL)
    return;
  data = (const guint8 *) g_mapped_file_get_contents (file);
  size = g_mapped_file_get_length (file);
  /* Parts may themselves be composites: repeat until nothing new is marked. */
  while (again)
    {
      again = FALSE;
      for (guint gid = 0; gid < attr->num_glyphs; gid++)
        if (attr->glyph_tbl.flgs[gid] && mark_parts (attr, data, size, gid))
          again = TRUE;
    }
}

/* ---- text extraction ---- */

/*
 * With its UTF-8 encoder libharu 2.3.0 writes each character's Unicode value
 * as its CID (a CIDToGIDMap finds the glyph), but the ToUnicode CMap it adds
 * is a copy of the encoding CMap ("begincidrange"), which maps nothing to
 * text: readers that trust it extract nothing. Since the CIDs are the
 * Unicode values, the right ToUnicode map is the identity on the BMP.
 */
static char *
identity_to_unicode (void)
{
  GString *cmap = g_string_new ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                                "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                                "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                                "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
  guint n = 0;

  /* One range per high byte (a range may not cross one), surrogates left
   * out, at most 100 ranges to a block. */
  for (guint high = 0; high < 256; high++)
    {
      if (high >= 0xD8 && high <= 0xDF)
        continue;
      if (n % 100 == 0)
        g_string_append_printf (cmap, "%s%u beginbfrange\n", n ? "endbfrange\n" : "", MIN (100, 248 - n));
      g_string_append_printf (cmap, "<%02X00> <%02XFF> <%02X00>\n", high, high, high);
      n++;
    }
  g_string_append (cmap, "endbfrange\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
  return g_string_free (cmap, FALSE);
}

static void
fix_to_unicode (HPDF_Doc   pdf,
                HPDF_Font  font)
{
  g_autofree char *cmap = identity_to_unicode ();
  HPDF_Dict stream;

  if (font == NULL || HPDF_Dict_GetItem ((HPDF_Dict) font, "ToUnicode", HPDF_OCLASS_DICT) == NULL)
    return;
  stream = HPDF_DictStream_New (pdf->mmgr, pdf->xref);
  if (stream == NULL)
    return;
  stream->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
  HPDF_Stream_WriteStr (stream->stream, cmap);
  HPDF_Dict_Add ((HPDF_Dict) font, "ToUnicode", stream);
}

/**
 * ld_font_set_complete_glyphs:
 *
 * Call once all text is drawn, before the document is saved.
 */
void
ld_font_set_complete_glyphs (LdFontSet *self)
{
  for (int s = 0; s < LD_FONT_N_SLOTS; s++)
    {
      complete_slot (&self->slots[s]);
      fix_to_unicode (self->pdf, self->slots[s].font);
    }
}
