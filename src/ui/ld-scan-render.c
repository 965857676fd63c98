/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-scan-render"

#include "config.h"

#include <glib/gi18n.h>
#include <poppler.h>

#include "ld-attachments.h"
#include "ld-scan-render.h"

/* Scans of certificates and specimens are images or PDFs; both are shown as
 * a picture. Rendering a PDF's first page is slow enough that callers run
 * these functions in a GTask thread: they touch no widget. */

#define SCAN_WIDTH 900

static GdkTexture *
texture_from_surface (cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  g_autoptr(GBytes) pixels = NULL;

  cairo_surface_flush (surface);
  pixels = g_bytes_new (cairo_image_surface_get_data (surface), (gsize) stride * height);
  /* Cairo's ARGB32 is premultiplied in the machine's byte order: GDK's default. */
  return gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, pixels, stride);
}

/* The first page on white, @width pixels wide. */
static GdkTexture *
render_pdf (GBytes  *bytes,
            int      width,
            GError **error)
{
  /* poppler-glib 22.12 declares no autoptr for its documents. */
  g_autoptr(GObject) document = G_OBJECT (poppler_document_new_from_bytes (bytes, NULL, error));
  PopplerPage *page;
  cairo_surface_t *surface;
  cairo_t *cr;
  double page_width, page_height, scale;
  GdkTexture *texture;

  if (document == NULL)
    return NULL;
  if (poppler_document_get_n_pages (POPPLER_DOCUMENT (document)) < 1 || !(page = poppler_document_get_page (POPPLER_DOCUMENT (document), 0)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The PDF has no page to show."));
      return NULL;
    }
  poppler_page_get_size (page, &page_width, &page_height);
  scale = width / MAX (page_width, 1.0);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, MAX ((int) (page_height * scale), 1));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  g_object_unref (page);
  texture = texture_from_surface (surface);
  cairo_surface_destroy (surface);
  return texture;
}

/**
 * ld_scan_render:
 * @media_type: image/... or application/pdf
 * @width: the width a PDF page is rendered at, in pixels
 *
 * Returns: (transfer full) (nullable): the scan as a picture: an image as it
 *   is, a PDF's first page rendered
 */
GdkTexture *
ld_scan_render (GBytes      *bytes,
                const char  *media_type,
                int          width,
                GError     **error)
{
  if (g_strcmp0 (media_type, "application/pdf") == 0)
    return render_pdf (bytes, width > 0 ? width : SCAN_WIDTH, error);
  return gdk_texture_new_from_bytes (bytes, error);
}

/* Returns: (transfer full) (nullable): a stored scan as a picture */
GdkTexture *
ld_scan_render_attachment (LdStore     *store,
                           const char  *attachment_id,
                           const char  *media_type,
                           GError     **error)
{
  g_autoptr(GBytes) bytes = ld_attachments_read (store, attachment_id, NULL, error);

  return bytes ? ld_scan_render (bytes, media_type, SCAN_WIDTH, error) : NULL;
}
