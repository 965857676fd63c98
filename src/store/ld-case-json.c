/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-case-json"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ld-case-json.h"
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

/* A string member, or NULL; a number is accepted as its decimal text so that
 * "quantity": -5 reaches the same validation as "-5". */
static char *
get_text (JsonObject *o,
          const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node) || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return g_strdup_printf ("%.17g", json_node_get_double (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    default:
      return NULL;
    }
}

static gboolean
get_bool (JsonObject *o,
          const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  return node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
         json_node_get_boolean (node);
}

static int
get_year (JsonObject *o,
          const char *name)
{
  g_autofree char *text = get_text (o, name);

  return text ? atoi (text) : 0;
}

static gboolean
get_object (JsonNode    *node,
            const char  *what,
            JsonObject **out,
            GError     **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED, _("%s is not a JSON object."), what);
      return FALSE;
    }
  *out = json_node_get_object (node);
  return TRUE;
}

static JsonArray *
get_array (JsonObject *o,
           const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static LdCaseParty *
party_from_json (JsonNode  *node,
                 guint      n,
                 GError   **error)
{
  g_autofree char *what = g_strdup_printf (_("Party %u"), n);
  LdCaseParty *p;
  JsonObject *o;

  if (!get_object (node, what, &o, error))
    return NULL;
  p = ld_case_party_new ();
  p->role = get_text (o, "role");
  p->party_type = get_text (o, "type");
  p->name = get_text (o, "name");
  p->other_names = get_text (o, "other_names");
  p->country = get_text (o, "country");
  p->address = get_text (o, "address");
  p->identifiers = get_text (o, "identifiers");
  p->broker_registration = get_text (o, "broker_registration");
  p->broker_authorisation = get_text (o, "broker_authorisation");
  return p;
}

/* Serial numbers go through the same parser as a paste, so an imported file
 * gets the same report of malformed and repeated values. */
static gboolean
serials_from_json (JsonArray   *array,
                   LdCaseItem  *it,
                   guint        n,
                   GError     **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(LdSerialReport) report = NULL;

  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      const char *s = json_node_get_string (json_array_get_element (array, i));

      /* A value that would split into several fields is malformed as a whole. */
      g_string_append (text, s && !strpbrk (s, ",;\t\n") ? s : "?");
      g_string_append_c (text, '\n');
    }
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
item_from_json (JsonNode  *node,
                guint      n,
                GError   **error)
{
  g_autofree char *what = g_strdup_printf (_("Item line %u"), n);
  g_autofree char *field = g_strdup_printf (_("Item line %u: quantity"), n);
  g_autofree char *quantity = NULL;
  g_autoptr(LdCaseItem) it = NULL;
  JsonObject *o;

  if (!get_object (node, what, &o, error))
    return NULL;
  it = ld_case_item_new ();
  quantity = get_text (o, "quantity");
  if (!ld_parse_quantity (field, quantity, &it->quantity, error))
    return NULL;
  it->category = get_text (o, "category");
  it->description = get_text (o, "description");
  it->manufacturer = get_text (o, "manufacturer");
  it->model = get_text (o, "model");
  it->calibre = get_text (o, "calibre");
  it->unit_value = get_text (o, "unit_value");
  it->currency = get_text (o, "currency");
  it->control_entry = get_text (o, "control_entry");
  it->hs_code = get_text (o, "hs_code");
  it->manufacturer_marking = get_text (o, "manufacturer_marking");
  it->manufacture_country = get_text (o, "manufacture_country");
  it->manufacture_year = get_year (o, "manufacture_year");
  it->import_marking_country = get_text (o, "import_marking_country");
  it->import_marking_year = get_year (o, "import_marking_year");
  it->control_component = get_text (o, "control_component");
  it->marking_method = get_text (o, "marking_method");
  it->additive = get_bool (o, "additive");
  it->deactivated = get_bool (o, "deactivated");
  if (!serials_from_json (get_array (o, "serials"), it, n, error))
    return NULL;
  return g_steal_pointer (&it);
}

static void
route_from_json (LdCase     *self,
                 JsonObject *o)
{
  JsonNode *node = json_object_get_member (o, "route");
  JsonObject *route;
  JsonArray *transit;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  route = json_node_get_object (node);
  self->origin_country = get_text (route, "origin");
  self->export_country = get_text (route, "export");
  self->destination_country = get_text (route, "destination");
  transit = get_array (route, "transit");
  for (guint i = 0; transit && i < json_array_get_length (transit); i++)
    {
      const char *code = json_node_get_string (json_array_get_element (transit, i));

      g_ptr_array_add (self->transit, g_strdup (code ? code : ""));
    }
}

static gboolean
lists_from_json (LdCase      *self,
                 JsonObject  *o,
                 GError     **error)
{
  JsonArray *parties = get_array (o, "parties");
  JsonArray *items = get_array (o, "items");

  for (guint i = 0; parties && i < json_array_get_length (parties); i++)
    {
      LdCaseParty *p = party_from_json (json_array_get_element (parties, i), i + 1, error);

      if (p == NULL)
        return FALSE;
      g_ptr_array_add (self->parties, p);
    }
  for (guint i = 0; items && i < json_array_get_length (items); i++)
    {
      LdCaseItem *it = item_from_json (json_array_get_element (items, i), i + 1, error);

      if (it == NULL)
        return FALSE;
      g_ptr_array_add (self->items, it);
    }
  return TRUE;
}

/**
 * ld_case_from_json_node:
 *
 * Reads a case. Shape errors (a quantity that is not a number, a malformed
 * serial list) are reported here; ld_case_validate() checks the rest.
 *
 * Returns: (transfer full) (nullable): the case
 */
LdCase *
ld_case_from_json_node (JsonNode  *node,
                        GError   **error)
{
  g_autoptr(LdCase) self = ld_case_new ();
  JsonObject *o;

  if (!get_object (node, _("The application"), &o, error))
    return NULL;
  self->reference = get_text (o, "reference");
  self->kind = get_text (o, "kind");
  self->temporary = get_bool (o, "temporary");
  self->return_on = get_text (o, "return_on");
  route_from_json (self, o);
  self->contract_reference = get_text (o, "contract_reference");
  self->contract_date = get_text (o, "contract_date");
  self->delivery_schedule = get_text (o, "delivery_schedule");
  self->end_use = get_text (o, "end_use");
  self->euc_reference = get_text (o, "euc_reference");
  self->valid_until = get_text (o, "valid_until");
  self->applicant_reference = get_text (o, "applicant_reference");
  self->received_on = get_text (o, "received_on");
  if (!lists_from_json (self, o, error))
    return NULL;
  return g_steal_pointer (&self);
}

LdCase *
ld_case_from_json (const char  *text,
                   GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, text, -1, error))
    return NULL;
  return ld_case_from_json_node (json_parser_get_root (parser), error);
}
