/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-case-json"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ld-case-json.h"
#include "ld-json-check.h"
#include "ld-serials.h"
#include "ld-validate.h"

/* The case as JSON: the snapshot of each version, the audit after-image, and
 * the file format of `licence-desk-admin application import/show`. */

static void
member (JsonBuilder *b,
        const char  *name,
        const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

static void
build_party (JsonBuilder       *b,
             const LdCaseParty *p)
{
  json_builder_begin_object (b);
  member (b, "role", p->role);
  member (b, "type", p->party_type);
  member (b, "name", p->name);
  member (b, "other_names", p->other_names);
  member (b, "country", p->country);
  member (b, "address", p->address);
  member (b, "identifiers", p->identifiers);
  member (b, "broker_registration", p->broker_registration);
  member (b, "broker_authorisation", p->broker_authorisation);
  json_builder_end_object (b);
}

static void
int_member (JsonBuilder *b,
            const char  *name,
            gint64       value)
{
  if (value == 0)
    return;
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
build_item (JsonBuilder      *b,
            const LdCaseItem *it,
            gboolean          with_serials)
{
  json_builder_begin_object (b);
  member (b, "category", it->category);
  member (b, "description", it->description);
  member (b, "manufacturer", it->manufacturer);
  member (b, "model", it->model);
  member (b, "calibre", it->calibre);
  json_builder_set_member_name (b, "quantity");
  json_builder_add_int_value (b, it->quantity);
  member (b, "unit_value", it->unit_value);
  member (b, "currency", it->currency);
  member (b, "control_entry", it->control_entry);
  member (b, "hs_code", it->hs_code);
  member (b, "manufacturer_marking", it->manufacturer_marking);
  member (b, "manufacture_country", it->manufacture_country);
  int_member (b, "manufacture_year", it->manufacture_year);
  member (b, "import_marking_country", it->import_marking_country);
  int_member (b, "import_marking_year", it->import_marking_year);
  member (b, "control_component", it->control_component);
  member (b, "marking_method", it->marking_method);
  json_builder_set_member_name (b, "additive");
  json_builder_add_boolean_value (b, it->additive);
  json_builder_set_member_name (b, "deactivated");
  json_builder_add_boolean_value (b, it->deactivated);
  json_builder_set_member_name (b, "serial_count");
  json_builder_add_int_value (b, it->serials->len);
  if (with_serials)
    {
      json_builder_set_member_name (b, "serials");
      json_builder_begin_array (b);
      for (guint i = 0; i < it->serials->len; i++)
        json_builder_add_string_value (b, g_ptr_array_index (it->serials, i));
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
}

static void
build_route (JsonBuilder  *b,
             const LdCase *self)
{
  json_builder_set_member_name (b, "route");
  json_builder_begin_object (b);
  member (b, "origin", self->origin_country);
  member (b, "export", self->export_country);
  json_builder_set_member_name (b, "transit");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->transit->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (self->transit, i));
  json_builder_end_array (b);
  member (b, "destination", self->destination_country);
  json_builder_end_object (b);
}

/* Adds the case's members to the object @builder is in. */
void
ld_case_json_build (const LdCase *self,
                    JsonBuilder  *b,
                    gboolean      with_serials)
{
  member (b, "reference", self->reference);
  member (b, "kind", self->kind);
  json_builder_set_member_name (b, "temporary");
  json_builder_add_boolean_value (b, self->temporary);
  member (b, "return_on", self->return_on);
  build_route (b, self);
  member (b, "contract_reference", self->contract_reference);
  member (b, "contract_date", self->contract_date);
  member (b, "delivery_schedule", self->delivery_schedule);
  member (b, "end_use", self->end_use);
  member (b, "euc_reference", self->euc_reference);
  member (b, "valid_until", self->valid_until);
  member (b, "applicant_reference", self->applicant_reference);
  member (b, "received_on", self->received_on);
  json_builder_set_member_name (b, "parties");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->parties->len; i++)
    build_party (b, g_ptr_array_index (self->parties, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->items->len; i++)
    build_item (b, g_ptr_array_index (self->items, i), with_serials);
  json_builder_end_array (b);
}

char *
ld_case_to_json (const LdCase *self,
                 gboolean      with_serials)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  ld_case_json_build (self, b, with_serials);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* How deep an application file may nest lists and objects. The format needs
 * four levels (case, items, item, serials); json-glib's parser recurses once
 * per level, so a file nested 80,000 deep would overflow the stack inside it. */
#define MAX_JSON_DEPTH 16

/* Reading a case from JSON: each member must have the type the format gives
 * it. The first wrong type met is kept, named by where it is in the file, and
 * reading stops reporting after it. */
typedef struct
{
  GError *error;
} Reader;

static const char *
type_name (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return _("an object ({…})");
  if (JSON_NODE_HOLDS_ARRAY (node))
    return _("a list ([…])");
  if (JSON_NODE_HOLDS_NULL (node))
    return "null";
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return _("text");
    case G_TYPE_BOOLEAN:
      return _("true or false");
    default:
      return _("a number");
    }
}

/* "“name” of party 2", or "“parties”" at the top of the file. */
static char *
where (const char *owner,
       const char *name)
{
  return owner ? g_strdup_printf (_("“%s” of %s"), name, owner) : g_strdup_printf ("“%s”", name);
}

static void
wrong_type (Reader     *rd,
            const char *owner,
            const char *name,
            const char *expected,
            JsonNode   *found)
{
  g_autofree char *place = where (owner, name);

  if (rd->error != NULL)
    return;
  g_set_error (&rd->error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED,
               _("%s must be %s, not %s; correct the file and import it again."), place, expected, type_name (found));
}

/* A member that is absent or null reads as nothing. */
static JsonNode *
get_member (JsonObject *o,
            const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  return node == NULL || JSON_NODE_HOLDS_NULL (node) ? NULL : node;
}

/* Text, or NULL. A number is read as its decimal text (an HS code written
 * 930190, "quantity": -5), so it meets the same validation as typed text. */
static char *
node_text (Reader     *rd,
           JsonNode   *node,
           const char *owner,
           const char *name)
{
  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node))
    switch (json_node_get_value_type (node))
      {
      case G_TYPE_STRING:
        return g_strdup (json_node_get_string (node));
      case G_TYPE_INT64:
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      case G_TYPE_DOUBLE:
        return g_strdup_printf ("%.17g", json_node_get_double (node));
      default:
        break;
      }
  wrong_type (rd, owner, name, _("text"), node);
  return NULL;
}

static char *
get_text (Reader     *rd,
          JsonObject *o,
          const char *owner,
          const char *name)
{
  return node_text (rd, get_member (o, name), owner, name);
}

static gboolean
get_bool (Reader     *rd,
          JsonObject *o,
          const char *owner,
          const char *name)
{
  JsonNode *node = get_member (o, name);

  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  wrong_type (rd, owner, name, _("true or false"), node);
  return FALSE;
}

/* A year is checked as the window checks it: four digits, 1800 to next year. */
static gboolean
get_year (Reader      *rd,
          JsonObject  *o,
          const char  *owner,
          const char  *name,
          const char  *field,
          int         *out_year,
          GError     **error)
{
  g_autofree char *text = get_text (rd, o, owner, name);

  return ld_case_parse_year (field, text, out_year, error);
}

static JsonArray *
get_array (Reader     *rd,
           JsonObject *o,
           const char *owner,
           const char *name)
{
  JsonNode *node = get_member (o, name);

  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return json_node_get_array (node);
  wrong_type (rd, owner, name, _("a list ([…])"), node);
  return NULL;
}

static JsonObject *
get_object (Reader     *rd,
            JsonNode   *node,
            const char *owner,
            const char *name)
{
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    return json_node_get_object (node);
  if (node != NULL)
    wrong_type (rd, owner, name, _("an object ({…})"), node);
  return NULL;
}

static LdCaseParty *
party_from_json (Reader   *rd,
                 JsonNode *node,
                 guint     n)
{
  g_autofree char *owner = g_strdup_printf (_("party %u"), n);
  g_autofree char *name = g_strdup_printf (_("parties, entry %u"), n);
  JsonObject *o = get_object (rd, node, NULL, name);
  LdCaseParty *p;

  if (o == NULL)
    return NULL;
  p = ld_case_party_new ();
  p->role = get_text (rd, o, owner, "role");
  p->party_type = get_text (rd, o, owner, "type");
  p->name = get_text (rd, o, owner, "name");
  p->other_names = get_text (rd, o, owner, "other_names");
  p->country = get_text (rd, o, owner, "country");
  p->address = get_text (rd, o, owner, "address");
  p->identifiers = get_text (rd, o, owner, "identifiers");
  p->broker_registration = get_text (rd, o, owner, "broker_registration");
  p->broker_authorisation = get_text (rd, o, owner, "broker_authorisation");
  return p;
}

/* Serial numbers go through the same parser as a paste, so an imported file
 * gets the same report of malformed and repeated values. */
static gboolean
serials_from_json (Reader      *rd,
                   JsonArray   *array,
                   LdCaseItem  *it,
                   const char  *owner,
                   guint        n,
                   GError     **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(LdSerialReport) report = NULL;

  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      g_autofree char *entry = g_strdup_printf (_("serials, entry %u"), i + 1);
      g_autofree char *s = node_text (rd, json_array_get_element (array, i), owner, entry);

      /* A value that would split into several fields is malformed as a whole. */
      g_string_append (text, s && !strpbrk (s, ",;\t\n") ? s : "?");
      g_string_append_c (text, '\n');
    }
  if (rd->error != NULL)
    return TRUE;
  report = ld_serials_parse (text->str, text->len);
  if (report->problems->len > 0)
    {
      g_autofree char *summary = ld_serial_report_format (report, 5);

      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED,
                   _("Item line %u: serial numbers (lines are entries of the list): %s"), n, summary);
      return FALSE;
    }
  g_ptr_array_extend_and_steal (it->serials, g_steal_pointer (&report->serials));
  report->serials = g_ptr_array_new ();
  return TRUE;
}

static LdCaseItem *
item_from_json (Reader    *rd,
                JsonNode  *node,
                guint      n,
                GError   **error)
{
  g_autofree char *owner = g_strdup_printf (_("item line %u"), n);
  g_autofree char *name = g_strdup_printf (_("items, entry %u"), n);
  g_autofree char *field = g_strdup_printf (_("Item line %u: quantity"), n);
  g_autofree char *made_field = g_strdup_printf (_("Item line %u: year of manufacture"), n);
  g_autofree char *marked_field = g_strdup_printf (_("Item line %u: import marking year"), n);
  g_autofree char *quantity = NULL;
  g_autoptr(LdCaseItem) it = NULL;
  JsonObject *o = get_object (rd, node, NULL, name);

  if (o == NULL)
    return NULL;
  it = ld_case_item_new ();
  quantity = get_text (rd, o, owner, "quantity");
  if (rd->error == NULL && !ld_parse_quantity (field, quantity, &it->quantity, error))
    return NULL;
  it->category = get_text (rd, o, owner, "category");
  it->description = get_text (rd, o, owner, "description");
  it->manufacturer = get_text (rd, o, owner, "manufacturer");
  it->model = get_text (rd, o, owner, "model");
  it->calibre = get_text (rd, o, owner, "calibre");
  it->unit_value = get_text (rd, o, owner, "unit_value");
  it->currency = get_text (rd, o, owner, "currency");
  it->control_entry = get_text (rd, o, owner, "control_entry");
  it->hs_code = get_text (rd, o, owner, "hs_code");
  it->manufacturer_marking = get_text (rd, o, owner, "manufacturer_marking");
  it->manufacture_country = get_text (rd, o, owner, "manufacture_country");
  it->import_marking_country = get_text (rd, o, owner, "import_marking_country");
  if (!get_year (rd, o, owner, "manufacture_year", made_field, &it->manufacture_year, error) ||
      !get_year (rd, o, owner, "import_marking_year", marked_field, &it->import_marking_year, error))
    return NULL;
  it->control_component = get_text (rd, o, owner, "control_component");
  it->marking_method = get_text (rd, o, owner, "marking_method");
  it->additive = get_bool (rd, o, owner, "additive");
  it->deactivated = get_bool (rd, o, owner, "deactivated");
  if (!serials_from_json (rd, get_array (rd, o, owner, "serials"), it, owner, n, error))
    return NULL;
  return g_steal_pointer (&it);
}

static void
route_from_json (Reader     *rd,
                 LdCase     *self,
                 JsonObject *o)
{
  JsonObject *route = get_object (rd, get_member (o, "route"), NULL, "route");
  const char *owner = "“route”";
  JsonArray *transit;

  if (route == NULL)
    return;
  self->origin_country = get_text (rd, route, owner, "origin");
  self->export_country = get_text (rd, route, owner, "export");
  self->destination_country = get_text (rd, route, owner, "destination");
  transit = get_array (rd, route, owner, "transit");
  for (guint i = 0; transit && i < json_array_get_length (transit); i++)
    {
      g_autofree char *entry = g_strdup_printf (_("transit, entry %u"), i + 1);
      char *code = node_text (rd, json_array_get_element (transit, i), owner, entry);

      g_ptr_array_add (self->transit, code ? code : g_strdup (""));
    }
}

static gboolean
lists_from_json (Reader      *rd,
                 LdCase      *self,
                 JsonObject  *o,
                 GError     **error)
{
  JsonArray *parties = get_array (rd, o, NULL, "parties");
  JsonArray *items = get_array (rd, o, NULL, "items");

  for (guint i = 0; parties && i < json_array_get_length (parties) && rd->error == NULL; i++)
    {
      LdCaseParty *p = party_from_json (rd, json_array_get_element (parties, i), i + 1);

      if (p != NULL)
        g_ptr_array_add (self->parties, p);
    }
  for (guint i = 0; items && i < json_array_get_length (items) && rd->error == NULL; i++)
    {
      LdCaseItem *it = item_from_json (rd, json_array_get_element (items, i), i + 1, error);

      if (it == NULL && rd->error == NULL)
        return FALSE;
      if (it != NULL)
        g_ptr_array_add (self->items, it);
    }
  return TRUE;
}

/**
 * ld_case_from_json_node:
 *
 * Reads a case. Every member must have its type (text, a list, an object,
 * true or false): a wrong one is an error naming it, never silently dropped.
 * Shape errors (a quantity that is not a number, a malformed serial list) are
 * reported here too; ld_case_validate() checks the rest.
 *
 * Returns: (transfer full) (nullable): the case
 */
LdCase *
ld_case_from_json_node (JsonNode  *node,
                        GError   **error)
{
  g_autoptr(LdCase) self = ld_case_new ();
  Reader rd = { NULL };
  JsonObject *o = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  if (o == NULL)
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED,
                   _("The application is not a JSON object ({…}); correct the file and import it again."));
      return NULL;
    }
  self->reference = get_text (&rd, o, NULL, "reference");
  self->kind = get_text (&rd, o, NULL, "kind");
  self->temporary = get_bool (&rd, o, NULL, "temporary");
  self->return_on = get_text (&rd, o, NULL, "return_on");
  route_from_json (&rd, self, o);
  self->contract_reference = get_text (&rd, o, NULL, "contract_reference");
  self->contract_date = get_text (&rd, o, NULL, "contract_date");
  self->delivery_schedule = get_text (&rd, o, NULL, "delivery_schedule");
  self->end_use = get_text (&rd, o, NULL, "end_use");
  self->euc_reference = get_text (&rd, o, NULL, "euc_reference");
  self->valid_until = get_text (&rd, o, NULL, "valid_until");
  self->applicant_reference = get_text (&rd, o, NULL, "applicant_reference");
  self->received_on = get_text (&rd, o, NULL, "received_on");
  if (rd.error == NULL && !lists_from_json (&rd, self, o, error))
    return NULL;
  if (rd.error != NULL)
    {
      g_propagate_error (error, rd.error);
      return NULL;
    }
  return g_steal_pointer (&self);
}

/**
 * ld_case_from_json_data:
 * @data: the file's bytes
 * @length: their length, or -1 when nul-terminated
 *
 * Reads an application file as `application import --json` takes it: the raw
 * text is checked for depth and NUL bytes first, then parsed, then read with
 * ld_case_from_json_node().
 *
 * Returns: (transfer full) (nullable): the case
 */
LdCase *
ld_case_from_json_data (const char  *data,
                        gssize       length,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size = length < 0 ? strlen (data) : (gsize) length;

  if (!ld_json_check_raw (data, size, MAX_JSON_DEPTH, error) ||
      !json_parser_load_from_data (parser, data, (gssize) size, error))
    return NULL;
  return ld_case_from_json_node (json_parser_get_root (parser), error);
}

LdCase *
ld_case_from_json (const char  *text,
                   GError     **error)
{
  return ld_case_from_json_data (text, -1, error);
}
