/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-sanctions-list"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "ld-sanctions-list.h"

/*
 * The UN Security Council Consolidated List, parsed with libxml2 into plain records.
 * The file is 2-5 MB, so a DOM parse (about 20 ms) is simple and fast enough; the
 * parser never touches the network (XML_PARSE_NONET), never substitutes entities, and a
 * file that carries a DTD at all is refused, so no external entity can be read.
 */

struct _LdSanctionsList
{
  GObject     parent_instance;
  char       *date_generated;
  char       *sha256;
  GPtrArray  *entries;     /* LdSanctionsEntry* */
  GHashTable *by_reference;
  guint       n_individuals;
  guint       n_entities;
};

G_DEFINE_FINAL_TYPE (LdSanctionsList, ld_sanctions_list, G_TYPE_OBJECT)

G_DEFINE_QUARK (ld-sanctions-list-error-quark, ld_sanctions_list_error)

static void
name_free (gpointer data)
{
  LdSanctionsName *name = data;

  g_free (name->text);
  g_free (name);
}

static void
document_free (gpointer data)
{
  LdSanctionsDocument *doc = data;

  g_free (doc->type);
  g_free (doc->type2);
  g_free (doc->number);
  g_free (doc->issuing_country);
  g_free (doc->date_of_issue);
  g_free (doc->note);
  g_free (doc);
}

static void
birth_date_clear (gpointer data)
{
  LdBirthDate *date = data;

  g_free (date->date);
}

static void
entry_free (gpointer data)
{
  LdSanctionsEntry *entry = data;

  g_free (entry->dataid);
  g_free (entry->reference_number);
  g_free (entry->un_list_type);
  g_free (entry->listed_on);
  g_ptr_array_unref (entry->names);
  g_ptr_array_unref (entry->nationalities);
  g_ptr_array_unref (entry->countries);
  g_array_unref (entry->birth_dates);
  g_ptr_array_unref (entry->documents);
  g_free (entry);
}

static LdSanctionsEntry *
entry_new (LdSanctionsEntryKind kind)
{
  LdSanctionsEntry *entry = g_new0 (LdSanctionsEntry, 1);

  entry->kind = kind;
  entry->names = g_ptr_array_new_with_free_func (name_free);
  entry->nationalities = g_ptr_array_new_with_free_func (g_free);
  entry->countries = g_ptr_array_new_with_free_func (g_free);
  entry->birth_dates = g_array_new (FALSE, TRUE, sizeof (LdBirthDate));
  g_array_set_clear_func (entry->birth_dates, birth_date_clear);
  entry->documents = g_ptr_array_new_with_free_func (document_free);
  return entry;
}

static void
ld_sanctions_list_finalize (GObject *object)
{
  LdSanctionsList *self = (LdSanctionsList *) object;

  g_free (self->date_generated);
  g_free (self->sha256);
  g_clear_pointer (&self->by_reference, g_hash_table_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  G_OBJECT_CLASS (ld_sanctions_list_parent_class)->finalize (object);
}

static void
ld_sanctions_list_class_init (LdSanctionsListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ld_sanctions_list_finalize;
}

static void
ld_sanctions_list_init (LdSanctionsList *self)
{
  self->entries = g_ptr_array_new_with_free_func (entry_free);
  self->by_reference = g_hash_table_new (g_str_hash, g_str_equal);
}

/* Values in the real file are padded, wrapped over lines or empty placeholders. */
static char *
clean_value (const xmlChar *raw)
{
  GString *out;
  gboolean space = FALSE;

  if (raw == NULL)
    return NULL;
  out = g_string_new (NULL);
  for (const char *p = (const char *) raw; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > 0)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE && xmlStrcmp (node->name, (const xmlChar *) name) == 0;
}

static char *
node_value (xmlNode *node)
{
  xmlChar *raw = xmlNodeGetContent (node);
  char *value = clean_value (raw);

  xmlFree (raw);
  return value;
}

static char *
child_value (xmlNode    *parent,
             const char *name)
{
  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    if (is_element (child, name))
      return node_value (child);
  return NULL;
}

/* Children <VALUE> of each @name child, e.g. NATIONALITY/VALUE. */
static void
collect_values (xmlNode    *parent,
                const char *name,
                const char *value_name,
                GPtrArray  *into)
{
  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    {
      if (!is_element (child, name))
        continue;
      for (xmlNode *v = child->children; v != NULL; v = v->next)
        {
          char *value;

          if (!is_element (v, value_name))
            continue;
          value = node_value (v);
          if (value != NULL)
            g_ptr_array_add (into, value);
        }
    }
}

/* One alias field may hold several names: “Azim Adhajani; Azim Agha-Jani”. */
static void
add_names (LdSanctionsEntry *entry,
           const char       *text,
           LdNameQuality     quality)
{
  g_auto(GStrv) parts = NULL;

  if (text == NULL)
    return;
  parts = g_strsplit (text, ";", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);
      LdSanctionsName *name;

      if (*part == '\0')
        continue;
      name = g_new0 (LdSanctionsName, 1);
      name->text = g_strdup (part);
      name->quality = quality;
      g_ptr_array_add (entry->names, name);
    }
}

static LdNameQuality
parse_quality (const char *quality)
{
  if (quality == NULL)
    return LD_NAME_QUALITY_GOOD;
  if (g_ascii_strcasecmp (quality, "Low") == 0)
    return LD_NAME_QUALITY_LOW;
  if (g_ascii_strcasecmp (quality, "a.k.a.") == 0)
    return LD_NAME_QUALITY_AKA;
  if (g_ascii_strcasecmp (quality, "f.k.a.") == 0)
    return LD_NAME_QUALITY_FKA;
  return LD_NAME_QUALITY_GOOD;
}

static void
parse_aliases (xmlNode          *node,
               const char       *alias_element,
               LdSanctionsEntry *entry)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      g_autofree char *quality = NULL;
      g_autofree char *name = NULL;

      if (!is_element (child, alias_element))
        continue;
      quality = child_value (child, "QUALITY");
      name = child_value (child, "ALIAS_NAME");
      add_names (entry, name, parse_quality (quality));
    }
}

static int
parse_year (const char *text)
{
  if (text == NULL || strlen (text) < 4 || !g_ascii_isdigit (text[0]))
    return 0;
  return (int) g_ascii_strtoll (text, NULL, 10);
}

static void
parse_birth_date (xmlNode          *node,
                  LdSanctionsEntry *entry)
{
  g_autofree char *type = child_value (node, "TYPE_OF_DATE");
  g_autofree char *date = child_value (node, "DATE");
  g_autofree char *year = child_value (node, "YEAR");
  g_autofree char *from = child_value (node, "FROM_YEAR");
  g_autofree char *to = child_value (node, "TO_YEAR");
  LdBirthDate dob = { 0 };

  if (g_strcmp0 (type, "BETWEEN") == 0 || from != NULL)
    {
      dob.type = LD_BIRTH_DATE_BETWEEN;
      dob.from_year = parse_year (from);
      dob.to_year = parse_year (to);
    }
  else
    {
      dob.type = g_strcmp0 (type, "APPROXIMATELY") == 0 ? LD_BIRTH_DATE_APPROXIMATE : LD_BIRTH_DATE_EXACT;
      dob.from_year = dob.to_year = parse_year (date != NULL ? date : year);
      if (date != NULL && strlen (date) >= 10)
        dob.date = g_strndup (date, 10);
    }
  if (dob.from_year == 0 && dob.to_year == 0)
    {
      g_free (dob.date);  /* an empty placeholder, or a date without a year */
      return;
    }
  if (dob.from_year == 0)
    dob.from_year = dob.to_year;
  if (dob.to_year == 0)
    dob.to_year = dob.from_year;
  g_array_append_val (entry->birth_dates, dob);
}

static void
parse_document (xmlNode          *node,
                LdSanctionsEntry *entry)
{
  LdSanctionsDocument *doc = g_new0 (LdSanctionsDocument, 1);

  doc->type = child_value (node, "TYPE_OF_DOCUMENT");
  doc->type2 = child_value (node, "TYPE_OF_DOCUMENT2");
  doc->number = child_value (node, "NUMBER");
  doc->issuing_country = child_value (node, "ISSUING_COUNTRY");
  if (doc->issuing_country == NULL)
    doc->issuing_country = child_value (node, "COUNTRY_OF_ISSUE");
  doc->date_of_issue = child_value (node, "DATE_OF_ISSUE");
  doc->note = child_value (node, "NOTE");
  if (doc->type == NULL && doc->number == NULL && doc->note == NULL)
    {
      document_free (doc);  /* <INDIVIDUAL_DOCUMENT/> placeholder */
      return;
    }
  g_ptr_array_add (entry->documents, doc);
}

static void
parse_address_countries (xmlNode          *node,
                         const char       *address_element,
                         LdSanctionsEntry *entry)
{
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      char *country;

      if (!is_element (child, address_element))
        continue;
      country = child_value (child, "COUNTRY");
      if (country != NULL)
        g_ptr_array_add (entry->countries, country);
    }
}

static char *
join_name_parts (xmlNode *node)
{
  static const char * const parts[] = { "FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME" };
  GString *name = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *part = child_value (node, parts[i]);

      if (part == NULL)
        continue;
      if (name->len > 0)
        g_string_append_c (name, ' ');
      g_string_append (name, part);
    }
  if (name->len == 0)
    {
      g_string_free (name, TRUE);
      return NULL;
    }
  return g_string_free (name, FALSE);
}

static LdSanctionsEntry *
parse_entry (xmlNode              *node,
             LdSanctionsEntryKind  kind)
{
  gboolean individual = kind == LD_SANCTIONS_ENTRY_INDIVIDUAL;
  LdSanctionsEntry *entry = entry_new (kind);
  g_autofree char *primary = join_name_parts (node);
  g_autofree char *original = child_value (node, "NAME_ORIGINAL_SCRIPT");

  entry->dataid = child_value (node, "DATAID");
  entry->reference_number = child_value (node, "REFERENCE_NUMBER");
  entry->un_list_type = child_value (node, "UN_LIST_TYPE");
  entry->listed_on = child_value (node, "LISTED_ON");
  add_names (entry, primary, LD_NAME_QUALITY_PRIMARY);
  add_names (entry, original, LD_NAME_QUALITY_ORIGINAL_SCRIPT);
  parse_aliases (node, individual ? "INDIVIDUAL_ALIAS" : "ENTITY_ALIAS", entry);
  collect_values (node, "NATIONALITY", "VALUE", entry->nationalities);
  parse_address_countries (node, individual ? "INDIVIDUAL_ADDRESS" : "ENTITY_ADDRESS", entry);
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      if (is_element (child, "INDIVIDUAL_DATE_OF_BIRTH"))
        parse_birth_date (child, entry);
      else if (is_element (child, "INDIVIDUAL_DOCUMENT"))
        parse_document (child, entry);
    }
  return entry;
}

static void
parse_section (LdSanctionsList      *self,
               xmlNode              *section,
               const char           *element,
               LdSanctionsEntryKind  kind)
{
  for (xmlNode *child = section->children; child != NULL; child = child->next)
    {
      LdSanctionsEntry *entry;

      if (!is_element (child, element))
        continue;
      entry = parse_entry (child, kind);
      if (entry->names->len == 0 || entry->reference_number == NULL)
        {
          g_debug ("Skipping a list entry without name or reference number (DATAID %s)", entry->dataid);
          entry_free (entry);
          continue;
        }
      if (kind == LD_SANCTIONS_ENTRY_INDIVIDUAL)
        self->n_individuals++;
      else
        self->n_entities++;
      g_ptr_array_add (self->entries, entry);
      g_hash_table_insert (self->by_reference, entry->reference_number, entry);
    }
}

static gboolean
check_root (xmlDoc   *doc,
            char    **date_generated,
            GError  **error)
{
  xmlNode *root = xmlDocGetRootElement (doc);
  xmlChar *date;
  g_autoptr(GDateTime) parsed = NULL;

  if (doc->intSubset != NULL || doc->extSubset != NULL)
    {
      g_set_error (error, LD_SANCTIONS_LIST_ERROR, LD_SANCTIONS_LIST_ERROR_FORBIDDEN_DTD,
                   "The list file declares a DTD; the UN list never does, so the file is refused as unsafe");
      return FALSE;
    }
  if (root == NULL || !is_element (root, "CONSOLIDATED_LIST"))
    {
      g_set_error (error, LD_SANCTIONS_LIST_ERROR, LD_SANCTIONS_LIST_ERROR_WRONG_SCHEMA,
                   "The file is XML but its root element is <%s>, not <CONSOLIDATED_LIST>; check the feed URL points at the UN Consolidated List XML",
                   root != NULL ? (const char *) root->name : "(none)");
      return FALSE;
    }
  date = xmlGetProp (root, (const xmlChar *) "dateGenerated");
  if (date != NULL)
    parsed = g_date_time_new_from_iso8601 ((const char *) date, NULL);
  if (parsed == NULL)
    {
      g_set_error (error, LD_SANCTIONS_LIST_ERROR, LD_SANCTIONS_LIST_ERROR_NO_DATE,
                   "The list has no valid generation date (dateGenerated=“%s”); it cannot be recorded with screening results",
                   date != NULL ? (const char *) date : "");
      xmlFree (date);
      return FALSE;
    }
  *date_generated = g_strdup ((const char *) date);
  xmlFree (date);
  return TRUE;
}

static void
silent_error (void       *context,
              const char *format,
              ...)
{
}

static xmlDoc *
read_xml (GBytes  *bytes,
          GError **error)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  const xmlError *xml_error;
  xmlGenericErrorFunc old_handler;
  void *old_context;
  xmlDoc *doc;

  if (size == 0)
    {
      g_set_error (error, LD_SANCTIONS_LIST_ERROR, LD_SANCTIONS_LIST_ERROR_EMPTY,
                   "The list file is empty; the download may have been cut off, try again later");
      return NULL;
    }
  if (size > G_MAXINT)
    {
      g_set_error (error, LD_SANCTIONS_LIST_ERROR, LD_SANCTIONS_LIST_ERROR_NOT_XML,
                   "The list file is %" G_GSIZE_FORMAT " bytes, far too large to be the UN list", size);
      return NULL;
    }
  xmlResetLastError ();
  /* Encoding errors in a corrupt file go to libxml2's generic handler, which prints to
   * stderr even with XML_PARSE_NOERROR: silence it (per thread) for this parse only;
   * the error is reported as a GError below. */
  old_handler = xmlGenericError;
  old_context = xmlGenericErrorContext;
  xmlSetGenericErrorFunc (NULL, silent_error);
  doc = xmlReadMemory (data, (int) size, "consolidated.xml", NULL,
                       XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  xmlSetGenericErrorFunc (old_context, old_handler);
  if (doc == NULL)
    {
      xml_error = xmlGetLastError ();
      g_set_error (error, LD_SANCTIONS_LIST_ERROR, LD_SANCTIONS_LIST_ERROR_NOT_XML,
                   "The list file is not well-formed XML (line %d: %s); the download may be truncated or the URL may serve another page",
                   xml_error != NULL ? xml_error->line : 0,
                   xml_error != NULL && xml_error->message != NULL
                     ? g_strdelimit (g_strchomp (xml_error->message), "\n", ' ') : "unknown error");
    }
  return doc;
}

/**
 * ld_sanctions_list_new_from_bytes:
 * @bytes: the XML file's contents
 * @error: return location for an error
 *
 * Parses and checks the structure (root element and generation date). Counts are
 * checked separately with ld_sanctions_list_check_plausible(), so small test files load.
 *
 * Returns: (transfer full): the list, or %NULL with @error set.
 */
LdSanctionsList *
ld_sanctions_list_new_from_bytes (GBytes  *bytes,
                                  GError **error)
{
  g_autoptr(LdSanctionsList) self = NULL;
  g_autofree char *date = NULL;
  xmlDoc *doc;
  xmlNode *root;

  g_return_val_if_fail (bytes != NULL, NULL);

  doc = read_xml (bytes, error);
  if (doc == NULL)
    return NULL;
  if (!check_root (doc, &date, error))
    {
      xmlFreeDoc (doc);
      return NULL;
    }
  self = g_object_new (LD_TYPE_SANCTIONS_LIST, NULL);
  self->date_generated = g_steal_pointer (&date);
  self->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  root = xmlDocGetRootElement (doc);
  for (xmlNode *child = root->children; child != NULL; child = child->next)
    {
      if (is_element (child, "INDIVIDUALS"))
        parse_section (self, child, "INDIVIDUAL", LD_SANCTIONS_ENTRY_INDIVIDUAL);
      else if (is_element (child, "ENTITIES"))
        parse_section (self, child, "ENTITY", LD_SANCTIONS_ENTRY_ENTITY);
    }
  xmlFreeDoc (doc);
  return g_steal_pointer (&self);
}

LdSanctionsList *
ld_sanctions_list_new_from_file (const char  *path,
                                 GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, LD_SANCTIONS_LIST_ERROR, LD_SANCTIONS_LIST_ERROR_IO,
                   "Could not read the sanctions list “%s”: %s", path, local_error->message);
      return NULL;
    }
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  return ld_sanctions_list_new_from_bytes (bytes, error);
}

/**
 * ld_sanctions_list_check_plausible:
 * @previous: (nullable): the list in force, if any
 *
 * A real list has hundreds of entries; a file with far fewer, or with less than half
 * of the list it would replace, is more likely a broken export than mass delisting.
 */
gboolean
ld_sanctions_list_check_plausible (LdSanctionsList  *self,
                                   guint             min_individuals,
                                   guint             min_entities,
                                   LdSanctionsList  *previous,
                                   GError          **error)
{
  g_return_val_if_fail (LD_IS_SANCTIONS_LIST (self), FALSE);

  if (self->n_individuals < min_individuals || self->n_entities < min_entities)
    {
      g_set_error (error, LD_SANCTIONS_LIST_ERROR, LD_SANCTIONS_LIST_ERROR_IMPLAUSIBLE,
                   "The list has %u individuals and %u entities, fewer than the %u and %u expected; it was not installed",
                   self->n_individuals, self->n_entities, min_individuals, min_entities);
      return FALSE;
    }
  if (previous != NULL && self->entries->len * 2 < previous->entries->len)
    {
      g_set_error (error, LD_SANCTIONS_LIST_ERROR, LD_SANCTIONS_LIST_ERROR_IMPLAUSIBLE,
                   "The list has %u entries, less than half of the %u in the list in force; it was not installed, check the feed",
                   self->entries->len, previous->entries->len);
      return FALSE;
    }
  return TRUE;
}

const char *
ld_sanctions_list_get_date_generated (LdSanctionsList *self)
{
  g_return_val_if_fail (LD_IS_SANCTIONS_LIST (self), NULL);
  return self->date_generated;
}

const char *
ld_sanctions_list_get_sha256 (LdSanctionsList *self)
{
  g_return_val_if_fail (LD_IS_SANCTIONS_LIST (self), NULL);
  return self->sha256;
}

guint
ld_sanctions_list_get_n_entries (LdSanctionsList *self)
{
  g_return_val_if_fail (LD_IS_SANCTIONS_LIST (self), 0);
  return self->entries->len;
}

guint
ld_sanctions_list_get_n_individuals (LdSanctionsList *self)
{
  g_return_val_if_fail (LD_IS_SANCTIONS_LIST (self), 0);
  return self->n_individuals;
}

guint
ld_sanctions_list_get_n_entities (LdSanctionsList *self)
{
  g_return_val_if_fail (LD_IS_SANCTIONS_LIST (self), 0);
  return self->n_entities;
}

const LdSanctionsEntry *
ld_sanctions_list_get_entry (LdSanctionsList *self,
                             guint            index)
{
  g_return_val_if_fail (LD_IS_SANCTIONS_LIST (self), NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);
  return g_ptr_array_index (self->entries, index);
}

const LdSanctionsEntry *
ld_sanctions_list_lookup_reference (LdSanctionsList *self,
                                    const char      *reference_number)
{
  g_return_val_if_fail (LD_IS_SANCTIONS_LIST (self), NULL);
  return g_hash_table_lookup (self->by_reference, reference_number);
}

const char *
ld_name_quality_to_string (LdNameQuality quality)
{
  switch (quality)
    {
    case LD_NAME_QUALITY_PRIMARY: return "primary";
    case LD_NAME_QUALITY_ORIGINAL_SCRIPT: return "original script";
    case LD_NAME_QUALITY_GOOD: return "good alias";
    case LD_NAME_QUALITY_AKA: return "a.k.a.";
    case LD_NAME_QUALITY_FKA: return "f.k.a.";
    case LD_NAME_QUALITY_LOW: return "weak alias";
    default: return "unknown";
    }
}
