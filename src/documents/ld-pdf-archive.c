/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-pdf-archive"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-document-error.h"
#include "ld-pdf-archive.h"

/*
 * What PDF/A-2b asks beyond embedded fonts (which every font slot does):
 * XMP metadata that says so and repeats the Info dictionary, an sRGB output
 * intent for the DeviceRGB colours we draw with, and a document id. libharu
 * 2.3.0 only knows PDF/A-1, so the metadata stream and the id are written here
 * with its object API.
 */

static char *
ascii_only (const char *text)
{
  /* Info strings go through libharu's current encoder, which for us is UTF-8
   * into a PDFDocEncoding string: keep them ASCII so Info and XMP agree. */
  g_autofree char *ascii = g_str_to_ascii (text ? text : "", "C");

  return g_markup_escape_text (ascii, -1);
}

static char *
xmp_packet (const LdPdfArchiveInfo *info)
{
  g_autofree char *title = ascii_only (info->title);
  g_autofree char *author = ascii_only (info->author);
  g_autofree char *subject = ascii_only (info->subject);
  g_autofree char *created = g_date_time_format (info->created, "%Y-%m-%dT%H:%M:%SZ");

  return g_strdup_printf (
    "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
    " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
    "  <rdf:Description rdf:about=\"\"\n"
    "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
    "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
    "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
    "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
    "    xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\">\n"
    "   <pdfaid:part>2</pdfaid:part>\n"
    "   <pdfaid:conformance>B</pdfaid:conformance>\n"
    "   <dc:format>application/pdf</dc:format>\n"
    "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li></rdf:Alt></dc:title>\n"
    "   <dc:creator><rdf:Seq><rdf:li>%s</rdf:li></rdf:Seq></dc:creator>\n"
    "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li></rdf:Alt></dc:description>\n"
    "   <xmp:CreateDate>%s</xmp:CreateDate>\n"
    "   <xmp:ModifyDate>%s</xmp:ModifyDate>\n"
    "   <xmp:CreatorTool>Licence Desk %s</xmp:CreatorTool>\n"
    "   <pdf:Producer>Haru Free PDF Library %s</pdf:Producer>\n"
    "   <xmpMM:DocumentID>uuid:%s</xmpMM:DocumentID>\n"
    "   <xmpMM:InstanceID>uuid:%s</xmpMM:InstanceID>\n"
    "  </rdf:Description>\n"
    " </rdf:RDF>\n"
    "</x:xmpmeta>\n"
    "<?xpacket end=\"w\"?>\n",
    title, author, subject, created, created, PACKAGE_VERSION, HPDF_VERSION_TEXT,
    info->document_id, info->document_id);
}

static void
add_metadata (HPDF_Doc                pdf,
              const LdPdfArchiveInfo *info)
{
  g_autofree char *xml = xmp_packet (info);
  HPDF_Dict stream = HPDF_DictStream_New (pdf->mmgr, pdf->xref);

  if (stream == NULL)
    return;
  /* Readable by tools that look for XMP without inflating streams. */
  stream->filter = HPDF_STREAM_FILTER_NONE;
  HPDF_Dict_AddName (stream, "Type", "Metadata");
  HPDF_Dict_AddName (stream, "Subtype", "XML");
  HPDF_Stream_WriteStr (stream->stream, xml);
  HPDF_Dict_Add (pdf->catalog, "Metadata", stream);
}

/* The first 16 bytes of the document's UUID, twice: the file is written once. */
static void
add_document_id (HPDF_Doc    pdf,
                 const char *uuid)
{
  HPDF_BYTE bytes[16] = { 0 };
  HPDF_Array id = HPDF_Array_New (pdf->mmgr);
  guint n = 0;

  for (const char *p = uuid; *p && n < 32; p++)
    if (g_ascii_isxdigit (*p))
      {
        bytes[n / 2] |= g_ascii_xdigit_value (*p) << (n % 2 ? 0 : 4);
        n++;
      }
  HPDF_Array_Add (id, HPDF_Binary_New (pdf->mmgr, bytes, sizeof bytes));
  HPDF_Array_Add (id, HPDF_Binary_New (pdf->mmgr, bytes, sizeof bytes));
  HPDF_Dict_Add (pdf->trailer, "ID", id);
}

static void
set_info (HPDF_Doc                pdf,
          const LdPdfArchiveInfo *info)
{
  g_autofree char *title = g_str_to_ascii (info->title ? info->title : "", "C");
  g_autofree char *author = g_str_to_ascii (info->author ? info->author : "", "C");
  g_autofree char *subject = g_str_to_ascii (info->subject ? info->subject : "", "C");
  g_autofree char *tool = g_strdup_printf ("Licence Desk %s", PACKAGE_VERSION);
  HPDF_Date date = { 0 };

  date.year = g_date_time_get_year (info->created);
  date.month = g_date_time_get_month (info->created);
  date.day = g_date_time_get_day_of_month (info->created);
  date.hour = g_date_time_get_hour (info->created);
  date.minutes = g_date_time_get_minute (info->created);
  date.seconds = g_date_time_get_second (info->created);
  date.ind = 'Z';
  HPDF_SetInfoAttr (pdf, HPDF_INFO_TITLE, title);
  HPDF_SetInfoAttr (pdf, HPDF_INFO_AUTHOR, author);
  HPDF_SetInfoAttr (pdf, HPDF_INFO_SUBJECT, subject);
  HPDF_SetInfoAttr (pdf, HPDF_INFO_CREATOR, tool);
  HPDF_SetInfoDateAttr (pdf, HPDF_INFO_CREATION_DATE, date);
  HPDF_SetInfoDateAttr (pdf, HPDF_INFO_MOD_DATE, date);
}

/**
 * ld_pdf_archive_prepare:
 *
 * Adds what an archival copy needs; call once, before saving.
 */
gboolean
ld_pdf_archive_prepare (HPDF_Doc                 pdf,
                        const LdPdfArchiveInfo  *info,
                        GError                 **error)
{
  HPDF_OutputIntent intent;

  if (!g_file_test (LD_PDF_SRGB_PROFILE, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_PROFILE_MISSING,
                   _("The sRGB colour profile %s that archival PDFs name is missing. Install the Debian package colord-data and print again."),
                   LD_PDF_SRGB_PROFILE);
      return FALSE;
    }
  intent = HPDF_LoadIccProfileFromFile (pdf, LD_PDF_SRGB_PROFILE, 3);
  if (intent != NULL)
    HPDF_PDFA_AppendOutputIntents (pdf, "sRGB IEC61966-2.1", intent);
  set_info (pdf, info);
  add_metadata (pdf, info);
  add_document_id (pdf, info->document_id);
  return TRUE;
}
