/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-embargo-table"

#include "config.h"

#include <glib/gi18n.h>

#include <json-glib/json-glib.h>
#include <string.h>

#include "ld-country.h"
#include "ld-embargo-table.h"
#include "ld-validate.h"
#include "ld-json-check.h"
#include "ld-screening-resources.h"

/*
 * The UN Security Council arms embargoes as versioned data (data/embargoes/), compiled
 * into the library so a desk always has a table; an administrator's edited copy, when
 * the store holds one, is loaded with ld_embargo_table_new_from_bytes(). Every hit
 * records the table version it came from, as screening hits record the list's date.
 */

#define DEFAULT_RESOURCE "/org/licencedesk/LicenceDesk/screening/un-arms-embargoes.json"
#define TABLE_FORMAT 1

struct _LdEmbargoTable
{
  GObject     parent_instance;
  char       *version;
  char       *updated;
  GPtrArray  *embargoes;   /* LdEmbargo* */
};

G_DEFINE_FINAL_TYPE (LdEmbargoTable, ld_embargo_table, G_TYPE_OBJECT)

G_DEFINE_QUARK (ld-embargo-table-error-quark, ld_embargo_table_error)

static const struct { LdEmbargoScope scope; const char *name; } scopes[] = {
  { LD_EMBARGO_SCOPE_FULL, "full" },
  { LD_EMBARGO_SCOPE_FULL_WITH_EXEMPTIONS, "full-with-exemptions" },
  { LD_EMBARGO_SCOPE_NON_GOVERNMENTAL, "non-governmental" },
  { LD_EMBARGO_SCOPE_DESIGNATED, "designated" },
};

void
ld_embargo_free (LdEmbargo *embargo)
{
  if (embargo == NULL)
    return;
  g_free (embargo->id);
  g_free (embargo->name);
  g_strfreev (embargo->countries);
  g_strfreev (embargo->list_types);
  g_strfreev (embargo->resolutions);
  g_free (embargo->scope_note);
  g_free (embargo->since);
  g_free (embargo->source);
  g_free (embargo);
}

void
ld_embargo_hit_free (LdEmbargoHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->country);
  g_free (hit->party);
  g_free (hit->reason);
  g_free (hit->table_version);
  g_free (hit);
}

static void
ld_embargo_table_finalize (GObject *object)
{
  LdEmbargoTable *self = (LdEmbargoTable *) object;

  g_free (self->version);
  g_free (self->updated);
  g_clear_pointer (&self->embargoes, g_ptr_array_unref);
  G_OBJECT_CLASS (ld_embargo_table_parent_class)->finalize (object);
}

static void
ld_embargo_table_class_init (LdEmbargoTableClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ld_embargo_table_finalize;
}

static void
ld_embargo_table_init (LdEmbargoTable *self)
{
  self->embargoes = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_embargo_free);
}

const char *
ld_embargo_scope_to_string (LdEmbargoScope scope)
{
  for (guint i = 0; i < G_N_ELEMENTS (scopes); i++)
    if (scopes[i].scope == scope)
      return scopes[i].name;
  return "unknown";
}

const char *
ld_embargo_role_to_string (LdEmbargoRole role)
{
  switch (role)
    {
    case LD_EMBARGO_ROLE_DESTINATION: return "destination";
    case LD_EMBARGO_ROLE_TRANSIT: return "transit";
    case LD_EMBARGO_ROLE_ORIGIN: return "origin";
    case LD_EMBARGO_ROLE_PARTY: return "party";
    default: return "unknown";
    }
}

/* ---- loading ---- */

static gboolean
invalid (GError     **error,
         const char  *id,
         const char  *what)
{
  g_set_error (error, LD_EMBARGO_TABLE_ERROR, LD_EMBARGO_TABLE_ERROR_INVALID,
               "The embargo table entry “%s” %s; correct the table before it is used",
               id != NULL ? id : "(without id)", what);
  return FALSE;
}

static char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

/* A missing array is empty; an array of anything but strings is refused. */
static gboolean
member_strv (JsonObject   *object,
             const char   *name,
             char       ***out)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array;

  if (node != NULL && !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = node != NULL ? json_node_get_array (node) : NULL;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        return FALSE;
      g_ptr_array_add (values, g_strdup (json_node_get_string (element)));
    }
  g_ptr_array_add (values, NULL);
  *out = (char **) g_ptr_array_free (g_steal_pointer (&values), FALSE);
  return TRUE;
}

static gboolean
parse_scope (const char     *text,
             LdEmbargoScope *scope)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (scopes); i++)
    if (g_str_equal (scopes[i].name, text))
      {
        *scope = scopes[i].scope;
        return TRUE;
      }
  return FALSE;
}

static gboolean
is_iso_date (const char *text)
{
  g_autofree char *midnight = NULL;
  g_autoptr(GDateTime) parsed = NULL;

  /* Calendar dates only: ISO 8601 would also take a week date such as 2026-W05-1. */
  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  midnight = g_strconcat (text, "T00:00:00Z", NULL);
  parsed = g_date_time_new_from_iso8601 (midnight, NULL);
  return parsed != NULL;
}

/* Capitals only, as the table stores them, and a code ISO 3166 knows: a typo such
 * as "KR" for "KP" is a real country, but "KQ" would screen nothing at all. */
static const char *
find_invalid_country (char **countries)
{
  for (guint i = 0; countries[i] != NULL; i++)
    if (strlen (countries[i]) != 2 || !g_ascii_isupper (countries[i][0]) || !g_ascii_isupper (countries[i][1])
        || ld_country_lookup (countries[i]) == NULL)
      return countries[i];
  return NULL;
}

static gboolean
check_embargo (LdEmbargo  *embargo,
               const char *scope,
               GError    **error)
{
  const char *bad_country;

  if (embargo->id == NULL || embargo->name == NULL)
    return invalid (error, embargo->id, "has no id or name");
  if (!parse_scope (scope, &embargo->scope))
    {
      g_autofree char *what = g_strdup_printf ("has the scope “%s”, which is not one of full, full-with-exemptions, "
                                               "non-governmental, designated", scope ? scope : "");
      return invalid (error, embargo->id, what);
    }
  if (embargo->resolutions == NULL || embargo->resolutions[0] == NULL)
    return invalid (error, embargo->id, "names no Security Council resolution");
  if (!is_iso_date (embargo->since))
    {
      g_autofree char *what = g_strdup_printf ("has “%s” as its “since” date, which is not a real date written "
                                               "YYYY-MM-DD", embargo->since ? embargo->since : "");
      return invalid (error, embargo->id, what);
    }
  if (embargo->source == NULL)
    return invalid (error, embargo->id, "has no source");
  /* The same text rules as every other field the office types or imports. */
  if (!ld_validate_text (_("Its id"), embargo->id, LD_TEXT_CODE, error) ||
      !ld_validate_text (_("Its name"), embargo->name, LD_TEXT_NAME, error) ||
      !ld_validate_text (_("Its source"), embargo->source, LD_TEXT_PARAGRAPH, error))
    {
      g_prefix_error (error, _("Embargo entry “%s”: "), embargo->id);
      return FALSE;
    }
  if (embargo->countries == NULL)
    return invalid (error, embargo->id, "has no list of countries");
  bad_country = find_invalid_country (embargo->countries);
  if (bad_country != NULL)
    {
      g_autofree char *what = g_strdup_printf ("has the country “%s”, which is not an ISO 3166 alpha-2 code in "
                                               "capitals (such as KP or LY)", bad_country);
      return invalid (error, embargo->id, what);
    }
  if (embargo->countries[0] == NULL && (embargo->list_types == NULL || embargo->list_types[0] == NULL))
    return invalid (error, embargo->id, "applies to no country and to no list type");
  return TRUE;
}

/**
 * ld_embargo_new_from_json:
 * @node: one entry of the table's "embargoes" list
 *
 * Parses and checks one entry as the table file holds it, so an edit made by
 * an administrator passes the same checks as the shipped table.
 *
 * Returns: (transfer full) (nullable): the entry
 */
LdEmbargo *
ld_embargo_new_from_json (JsonNode  *node,
                          GError   **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  LdEmbargo *embargo = g_new0 (LdEmbargo, 1);
  g_autofree char *scope = NULL;
  gboolean arrays_ok;

  if (object == NULL)
    {
      invalid (error, NULL, "is not an object");
      ld_embargo_free (embargo);
      return NULL;
    }
  embargo->id = member_string (object, "id");
  embargo->name = member_string (object, "name");
  scope = member_string (object, "scope");
  embargo->scope_note = member_string (object, "scope_note");
  embargo->since = member_string (object, "since");
  embargo->source = member_string (object, "source");
  arrays_ok = member_strv (object, "countries", &embargo->countries)
              && member_strv (object, "list_types", &embargo->list_types)
              && member_strv (object, "resolutions", &embargo->resolutions);
  if (!arrays_ok)
    invalid (error, embargo->id, "has countries, list_types or resolutions that are not lists of text");
  if (!arrays_ok || !check_embargo (embargo, scope, error))
    {
      ld_embargo_free (embargo);
      return NULL;
    }
  return embargo;
}

static gboolean
parse_table (LdEmbargoTable  *self,
             JsonNode        *root,
             GError         **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonNode *list = object != NULL ? json_object_get_member (object, "embargoes") : NULL;
  JsonArray *array;

  if (object == NULL || !json_object_has_member (object, "format")
      || json_object_get_int_member (object, "format") != TABLE_FORMAT || list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error (error, LD_EMBARGO_TABLE_ERROR, LD_EMBARGO_TABLE_ERROR_INVALID,
                   "The embargo table is not format %d with an “embargoes” list; use the file shipped in data/embargoes as a model",
                   TABLE_FORMAT);
      return FALSE;
    }
  self->version = member_string (object, "version");
  self->updated = member_string (object, "updated");
  if (self->version == NULL || !is_iso_date (self->updated))
    {
      g_set_error (error, LD_EMBARGO_TABLE_ERROR, LD_EMBARGO_TABLE_ERROR_INVALID,
                   "The embargo table has no version or no valid “updated” date; both are shown to officers and recorded with every result");
      return FALSE;
    }
  array = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      LdEmbargo *embargo = ld_embargo_new_from_json (json_array_get_element (array, i), error);

      if (embargo == NULL)
        return FALSE;
      g_ptr_array_add (self->embargoes, embargo);
      /* An id names an entry across versions (set, end); two with one id are a mistake. */
      if (ld_embargo_table_find (self, embargo->id) != embargo)
        return invalid (error, embargo->id, "appears twice; each entry needs its own id");
    }
  return TRUE;
}

LdEmbargoTable *
ld_embargo_table_new_from_bytes (GBytes  *bytes,
                                 GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(LdEmbargoTable) self = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  /* Depth and NUL bytes first: json-glib would overflow its stack on a file
   * nested thousands deep, and cut a text at a NUL without a word. */
  if (!ld_json_check_raw (data, size, 16, &local_error) ||
      !json_parser_load_from_data (parser, data, size, &local_error))
    {
      g_set_error (error, LD_EMBARGO_TABLE_ERROR, LD_EMBARGO_TABLE_ERROR_PARSE,
                   "The embargo table is not valid JSON: %s", local_error->message);
      return NULL;
    }
  self = g_object_new (LD_TYPE_EMBARGO_TABLE, NULL);
  if (!parse_table (self, json_parser_get_root (parser), error))
    return NULL;
  return g_steal_pointer (&self);
}

LdEmbargoTable *
ld_embargo_table_new_from_file (const char  *path,
                                GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, LD_EMBARGO_TABLE_ERROR, LD_EMBARGO_TABLE_ERROR_IO,
                   "Could not read the embargo table “%s”: %s", path, local_error->message);
      return NULL;
    }
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  return ld_embargo_table_new_from_bytes (bytes, error);
}

/**
 * ld_embargo_table_new_default:
 *
 * Returns: (transfer full): the table shipped with this release.
 */
LdEmbargoTable *
ld_embargo_table_new_default (GError **error)
{
  /* Looked up in our own resource, not the global set: a static library's constructor
   * that would register it is dropped by the linker when nothing refers to it. */
  g_autoptr(GBytes) bytes = g_resource_lookup_data (ld_screening_get_resource (), DEFAULT_RESOURCE,
                                                    G_RESOURCE_LOOKUP_FLAGS_NONE, error);

  if (bytes == NULL)
    return NULL;
  return ld_embargo_table_new_from_bytes (bytes, error);
}

const char *
ld_embargo_table_get_version (LdEmbargoTable *self)
{
  g_return_val_if_fail (LD_IS_EMBARGO_TABLE (self), NULL);
  return self->version;
}

const char *
ld_embargo_table_get_updated (LdEmbargoTable *self)
{
  g_return_val_if_fail (LD_IS_EMBARGO_TABLE (self), NULL);
  return self->updated;
}

guint
ld_embargo_table_get_n_embargoes (LdEmbargoTable *self)
{
  g_return_val_if_fail (LD_IS_EMBARGO_TABLE (self), 0);
  return self->embargoes->len;
}

const LdEmbargo *
ld_embargo_table_get_embargo (LdEmbargoTable *self,
                              guint           index)
{
  g_return_val_if_fail (LD_IS_EMBARGO_TABLE (self), NULL);
  g_return_val_if_fail (index < self->embargoes->len, NULL);
  return g_ptr_array_index (self->embargoes, index);
}

/**
 * ld_embargo_table_find:
 * @id: an entry's id ("dprk")
 *
 * Returns: (transfer none) (nullable): the first entry with @id
 */
const LdEmbargo *
ld_embargo_table_find (LdEmbargoTable *self,
                       const char     *id)
{
  g_return_val_if_fail (LD_IS_EMBARGO_TABLE (self), NULL);

  for (guint i = 0; id != NULL && i < self->embargoes->len; i++)
    {
      LdEmbargo *embargo = g_ptr_array_index (self->embargoes, i);

      if (g_str_equal (embargo->id, id))
        return embargo;
    }
  return NULL;
}

static void
add_strv (JsonObject  *object,
          const char  *name,
          char       **values)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_array_add_string_element (array, values[i]);
  json_object_set_array_member (object, name, array);
}

/**
 * ld_embargo_to_json:
 *
 * Returns: (transfer full): the entry in the form of the table file, the
 *   inverse of ld_embargo_new_from_json()
 */
JsonObject *
ld_embargo_to_json (const LdEmbargo *embargo)
{
  JsonObject *object = json_object_new ();

  g_return_val_if_fail (embargo != NULL, NULL);

  json_object_set_string_member (object, "id", embargo->id);
  json_object_set_string_member (object, "name", embargo->name);
  add_strv (object, "countries", embargo->countries);
  add_strv (object, "resolutions", embargo->resolutions);
  if (embargo->list_types != NULL && embargo->list_types[0] != NULL)
    add_strv (object, "list_types", embargo->list_types);
  json_object_set_string_member (object, "scope", ld_embargo_scope_to_string (embargo->scope));
  if (embargo->scope_note != NULL)
    json_object_set_string_member (object, "scope_note", embargo->scope_note);
  json_object_set_string_member (object, "since", embargo->since);
  json_object_set_string_member (object, "source", embargo->source);
  return object;
}

/**
 * ld_embargo_table_to_json:
 *
 * Returns: (transfer full): the table in the file format, which
 *   ld_embargo_table_new_from_bytes() reads back
 */
JsonNode *
ld_embargo_table_to_json (LdEmbargoTable *self)
{
  JsonObject *object = json_object_new ();
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  g_return_val_if_fail (LD_IS_EMBARGO_TABLE (self), NULL);

  json_object_set_int_member (object, "format", TABLE_FORMAT);
  json_object_set_string_member (object, "version", self->version);
  json_object_set_string_member (object, "updated", self->updated);
  for (guint i = 0; i < self->embargoes->len; i++)
    json_array_add_object_element (array, ld_embargo_to_json (g_ptr_array_index (self->embargoes, i)));
  json_object_set_array_member (object, "embargoes", array);
  json_node_take_object (node, object);
  return node;
}

/**
 * ld_embargo_scope_from_string:
 *
 * Returns: %TRUE when @text is one of the scope names of the table file
 */
gboolean
ld_embargo_scope_from_string (const char     *text,
                              LdEmbargoScope *out_scope)
{
  return parse_scope (text, out_scope);
}

/* ---- lookup and screening ---- */

/**
 * ld_embargo_table_lookup:
 * @country: an ISO 3166-1 alpha-2 code, any case
 *
 * Returns: (transfer container) (element-type LdEmbargo): the embargoes on @country,
 *   empty when there are none.
 */
GPtrArray *
ld_embargo_table_lookup (LdEmbargoTable *self,
                         const char     *country)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *code = NULL;
  GPtrArray *found;

  g_return_val_if_fail (LD_IS_EMBARGO_TABLE (self), NULL);
  g_return_val_if_fail (country != NULL, NULL);

  trimmed = g_strstrip (g_strdup (country));
  code = g_ascii_strup (trimmed, -1);
  found = g_ptr_array_new ();
  for (guint i = 0; i < self->embargoes->len; i++)
    {
      LdEmbargo *embargo = g_ptr_array_index (self->embargoes, i);

      if (g_strv_contains ((const char * const *) embargo->countries, code))
        g_ptr_array_add (found, embargo);
    }
  return found;
}

/* The measure behind a Consolidated List entry's UN_LIST_TYPE (Al-Qaida, DPRK...). */
const LdEmbargo *
ld_embargo_table_lookup_list_type (LdEmbargoTable *self,
                                   const char     *un_list_type)
{
  g_return_val_if_fail (LD_IS_EMBARGO_TABLE (self), NULL);

  for (guint i = 0; un_list_type != NULL && i < self->embargoes->len; i++)
    {
      LdEmbargo *embargo = g_ptr_array_index (self->embargoes, i);

      if (embargo->list_types != NULL && g_strv_contains ((const char * const *) embargo->list_types, un_list_type))
        return embargo;
    }
  return NULL;
}

static char *
describe_hit (const LdEmbargo      *embargo,
              const LdEmbargoCheck *check)
{
  g_autofree char *resolutions = g_strjoinv (", ", embargo->resolutions);
  const char *what;

  switch (embargo->scope)
    {
    case LD_EMBARGO_SCOPE_FULL:
      what = "a full UN arms embargo: no transfer may be licensed";
      break;
    case LD_EMBARGO_SCOPE_FULL_WITH_EXEMPTIONS:
      what = "a UN arms embargo: only a transfer under a committee exemption may be licensed";
      break;
    case LD_EMBARGO_SCOPE_NON_GOVERNMENTAL:
      what = "a UN arms embargo on non-governmental recipients: check the end user is the government";
      break;
    case LD_EMBARGO_SCOPE_DESIGNATED:
    default:
      what = "a UN arms embargo on designated persons and groups: check no party is one";
      break;
    }
  return g_strdup_printf ("%s %s%s%s is under %s (Security Council resolutions %s; since %s)",
                          ld_embargo_role_to_string (check->role), check->country,
                          check->party != NULL ? " of " : "", check->party != NULL ? check->party : "",
                          what, resolutions, embargo->since);
}

/**
 * ld_embargo_table_screen:
 * @checks: (array length=n_checks): every country on the route (origin, each transit,
 *   destination) and every party's country
 *
 * Returns: (transfer container) (element-type LdEmbargoHit): one hit per check and
 *   embargo that applies, in the order of @checks.
 */
GPtrArray *
ld_embargo_table_screen (LdEmbargoTable       *self,
                         const LdEmbargoCheck *checks,
                         guint                 n_checks)
{
  GPtrArray *hits;

  g_return_val_if_fail (LD_IS_EMBARGO_TABLE (self), NULL);
  g_return_val_if_fail (checks != NULL || n_checks == 0, NULL);

  hits = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_embargo_hit_free);
  for (guint c = 0; c < n_checks; c++)
    {
      g_autoptr(GPtrArray) found = NULL;

      if (checks[c].country == NULL)
        continue;
      found = ld_embargo_table_lookup (self, checks[c].country);
      for (guint i = 0; i < found->len; i++)
        {
          const LdEmbargo *embargo = g_ptr_array_index (found, i);
          LdEmbargoHit *hit = g_new0 (LdEmbargoHit, 1);

          hit->country = g_ascii_strup (checks[c].country, -1);
          hit->role = checks[c].role;
          hit->party = g_strdup (checks[c].party);
          hit->embargo = embargo;
          hit->prohibited = embargo->scope == LD_EMBARGO_SCOPE_FULL;
          hit->reason = describe_hit (embargo, &checks[c]);
          hit->table_version = g_strdup (self->version);
          g_ptr_array_add (hits, hit);
        }
    }
  return hits;
}
