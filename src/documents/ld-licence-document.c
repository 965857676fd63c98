/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-licence-document"

#include "config.h"

#include <json-glib/json-glib.h>
#include <glib/gi18n.h>

#include "ld-document-error.h"
#include "ld-licence-document.h"

static const char * const state_names[] = { "issued", "suspended", "revoked", "voided" };

LdDocParty *
ld_doc_party_new (void)
{
  return g_new0 (LdDocParty, 1);
}

void
ld_doc_party_free (LdDocParty *party)
{
  if (party == NULL)
    return;
  g_free (party->name); g_free (party->address); g_free (party->country); g_free (party->registration);
  g_free (party);
}

LdDocItem *
ld_doc_item_new (void)
{
  LdDocItem *item = g_new0 (LdDocItem, 1);

  item->serials = g_ptr_array_new_with_free_func (g_free);
  return item;
}

void
ld_doc_item_free (LdDocItem *item)
{
  g_free (item->description); g_free (item->category); g_free (item->control_entry); g_free (item->hs_code);
  g_free (item->unit_value); g_free (item->currency);
  g_ptr_array_unref (item->serials);
  g_free (item);
}

LdLicenceDocument *
ld_licence_document_new (void)
{
  LdLicenceDocument *self = g_new0 (LdLicenceDocument, 1);

  self->consignees = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_doc_party_free);
  self->brokers = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_doc_party_free);
  self->transit = g_ptr_array_new_with_free_func (g_free);
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_doc_item_free);
  self->conditions = g_ptr_array_new_with_free_func (g_free);
  return self;
}

void
ld_licence_document_free (LdLicenceDocument *self)
{
  g_free (self->licence_number); g_free (self->application_number); g_free (self->licence_type);
  g_free (self->issuing_authority); g_free (self->authority_address);
  ld_doc_party_free (self->exporter); ld_doc_party_free (self->end_user); ld_doc_party_free (self->agent);
  g_ptr_array_unref (self->consignees); g_ptr_array_unref (self->brokers);
  g_free (self->origin_country); g_free (self->export_country); g_free (self->destination_country);
  g_ptr_array_unref (self->transit); g_ptr_array_unref (self->items); g_ptr_array_unref (self->conditions);
  g_free (self->end_use); g_free (self->contract_reference); g_free (self->contract_date);
  g_free (self->euc_reference); g_free (self->valid_from); g_free (self->valid_until);
  g_free (self->signatory_name); g_free (self->signatory_title); g_free (self->issued_on); g_free (self->issued_at);
  g_free (self);
}

/* ---- reading JSON ---- */

static char *
member_text (JsonObject *o,
             const char *name)
{
  JsonNode *node = o ? json_object_get_member (o, name) : NULL;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return NULL;
}

static LdDocParty *
party_from_json (JsonObject *o)
{
  LdDocParty *party;

  if (o == NULL)
    return NULL;
  party = ld_doc_party_new ();
  party->name = member_text (o, "name");
  party->address = member_text (o, "address");
  party->country = member_text (o, "country");
  party->registration = member_text (o, "registration");
  return party;
}

static JsonObject *
member_object (JsonObject *o,
               const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
member_array (JsonObject *o,
              const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static void
strings_from_json (GPtrArray  *into,
                   JsonArray  *array)
{
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_ptr_array_add (into, g_strdup (json_node_get_string (node)));
    }
}

static void
parties_from_json (GPtrArray *into,
                   JsonArray *array)
{
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        g_ptr_array_add (into, party_from_json (json_node_get_object (node)));
    }
}

static LdDocItem *
item_from_json (JsonObject *o)
{
  LdDocItem *item = ld_doc_item_new ();

  item->description = member_text (o, "description");
  item->category = member_text (o, "category");
  item->control_entry = member_text (o, "control_entry");
  item->hs_code = member_text (o, "hs_code");
  item->quantity = json_object_get_int_member_with_default (o, "quantity", 0);
  item->unit_value = member_text (o, "unit_value");
  item->currency = member_text (o, "currency");
  strings_from_json (item->serials, member_array (o, "serials"));
  return item;
}

static gboolean
state_from_json (LdLicenceDocument *self,
                 JsonObject        *o,
                 GError           **error)
{
  g_autofree char *state = member_text (o, "state");

  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (state == NULL || g_str_equal (state, state_names[i]))
      {
        self->state = state ? (LdLicenceState) i : LD_LICENCE_STATE_ISSUED;
        return TRUE;
      }
  g_set_error (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_INPUT,
               _("The licence's state “%s” is unknown: say issued, suspended, revoked or voided."), state);
  return FALSE;
}

static void
fill_from_json (LdLicenceDocument *self,
                JsonObject        *o)
{
  JsonArray *items = member_array (o, "items");

  self->licence_number = member_text (o, "licence_number");
  self->application_number = member_text (o, "application_number");
  self->licence_type = member_text (o, "licence_type");
  self->issuing_authority = member_text (o, "issuing_authority");
  self->authority_address = member_text (o, "authority_address");
  self->exporter = party_from_json (member_object (o, "exporter"));
  self->end_user = party_from_json (member_object (o, "end_user"));
  self->agent = party_from_json (member_object (o, "agent"));
  parties_from_json (self->consignees, member_array (o, "consignees"));
  parties_from_json (self->brokers, member_array (o, "brokers"));
  self->origin_country = member_text (o, "origin_country");
  self->export_country = member_text (o, "export_country");
  strings_from_json (self->transit, member_array (o, "transit"));
  self->destination_country = member_text (o, "destination_country");
  for (guint i = 0; items && i < json_array_get_length (items); i++)
    if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (items, i)))
      g_ptr_array_add (self->items, item_from_json (json_array_get_object_element (items, i)));
  self->end_use = member_text (o, "end_use");
  self->contract_reference = member_text (o, "contract_reference");
  self->contract_date = member_text (o, "contract_date");
  self->euc_reference = member_text (o, "euc_reference");
  self->valid_from = member_text (o, "valid_from");
  self->valid_until = member_text (o, "valid_until");
  strings_from_json (self->conditions, member_array (o, "conditions"));
  self->signatory_name = member_text (o, "signatory_name");
  self->signatory_title = member_text (o, "signatory_title");
  self->issued_on = member_text (o, "issued_on");
  self->issued_at = member_text (o, "issued_at");
}

/* The fields the QR code's payload carries must be short, plain ASCII
 * without the payload's separator. */
static gboolean
check_plain (const char  *field,
             const char  *value,
             GError     **error)
{
  if (value == NULL || *value == '\0')
    {
      g_set_error (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_INPUT,
                   _("The licence has no %s: every licence needs one."), field);
      return FALSE;
    }
  for (const char *p = value; *p; p++)
    if (!g_ascii_isprint (*p) || *p == ';' || p - value >= 40)
      {
        g_set_error (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_INPUT,
                     _("The licence's %s “%s” must be at most 40 plain characters (letters, digits, - / .), without “;”."),
                     field, value);
        return FALSE;
      }
  return TRUE;
}

static gboolean
check_date (const char  *field,
            const char  *value,
            GError     **error)
{
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *iso = value ? g_strdup_printf ("%sT00:00:00Z", value) : NULL;

  if (value && strlen (value) == 10)
    date = g_date_time_new_from_iso8601 (iso, NULL);
  if (date == NULL)
    {
      g_set_error (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_INPUT,
                   _("The licence's %s “%s” is not a date: write it as YYYY-MM-DD."), field, value ? value : "");
      return FALSE;
    }
  return TRUE;
}

static gboolean
document_check (const LdLicenceDocument *self,
                GError                 **error)
{
  return check_plain ("licence_number", self->licence_number, error) &&
         check_plain ("licence_type", self->licence_type, error) &&
         check_date ("valid_from", self->valid_from, error) &&
         check_date ("valid_until", self->valid_until, error);
}

/**
 * ld_licence_document_from_json:
 *
 * Reads a licence document (see docs/licence-document.md for its members).
 */
LdLicenceDocument *
ld_licence_document_from_json (const char  *json,
                               gssize       length,
                               GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(LdLicenceDocument) self = NULL;
  g_autoptr(GError) local = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, json, length, &local))
    {
      g_set_error (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_INPUT,
                   _("The licence document is not valid JSON: %s."), local->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_INPUT,
                   _("The licence document must be one JSON object."));
      return NULL;
    }
  self = ld_licence_document_new ();
  fill_from_json (self, json_node_get_object (root));
  if (!state_from_json (self, json_node_get_object (root), error) || !document_check (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* ---- the canonical content the QR code's digest covers ---- */

static void
add_text (JsonBuilder *b,
          const char  *name,
          const char  *value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value ? value : "");
}

static void
add_party (JsonBuilder      *b,
           const LdDocParty *party)
{
  json_builder_begin_object (b);
  add_text (b, "name", party ? party->name : NULL);
  add_text (b, "address", party ? party->address : NULL);
  add_text (b, "country", party ? party->country : NULL);
  add_text (b, "registration", party ? party->registration : NULL);
  json_builder_end_object (b);
}

static void
add_parties (JsonBuilder *b,
             const char  *name,
             GPtrArray   *parties)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < parties->len; i++)
    add_party (b, g_ptr_array_index (parties, i));
  json_builder_end_array (b);
}

static void
add_strings (JsonBuilder *b,
             const char  *name,
             GPtrArray   *strings)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < strings->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (strings, i));
  json_builder_end_array (b);
}

static void
add_item (JsonBuilder     *b,
          const LdDocItem *item)
{
  json_builder_begin_object (b);
  add_text (b, "description", item->description);
  add_text (b, "category", item->category);
  add_text (b, "control_entry", item->control_entry);
  add_text (b, "hs_code", item->hs_code);
  json_builder_set_member_name (b, "quantity");
  json_builder_add_int_value (b, item->quantity);
  add_text (b, "unit_value", item->unit_value);
  add_text (b, "currency", item->currency);
  add_strings (b, "serials", item->serials);
  json_builder_end_object (b);
}

/**
 * ld_licence_document_content:
 *
 * Returns: (transfer full): the licence's content as compact JSON with its
 *   members in a fixed order; the state is left out, so revoking a licence
 *   does not change what its QR code vouches for
 */
char *
ld_licence_document_content (const LdLicenceDocument *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  add_text (b, "licence_number", self->licence_number);
  add_text (b, "application_number", self->application_number);
  add_text (b, "licence_type", self->licence_type);
  add_text (b, "issuing_authority", self->issuing_authority);
  add_text (b, "authority_address", self->authority_address);
  json_builder_set_member_name (b, "exporter"); add_party (b, self->exporter);
  add_parties (b, "consignees", self->consignees);
  json_builder_set_member_name (b, "end_user"); add_party (b, self->end_user);
  add_parties (b, "brokers", self->brokers);
  json_builder_set_member_name (b, "agent"); add_party (b, self->agent);
  add_text (b, "origin_country", self->origin_country);
  add_text (b, "export_country", self->export_country);
  add_strings (b, "transit", self->transit);
  add_text (b, "destination_country", self->destination_country);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->items->len; i++)
    add_item (b, g_ptr_array_index (self->items, i));
  json_builder_end_array (b);
  add_text (b, "end_use", self->end_use);
  add_text (b, "contract_reference", self->contract_reference);
  add_text (b, "contract_date", self->contract_date);
  add_text (b, "euc_reference", self->euc_reference);
  add_text (b, "valid_from", self->valid_from);
  add_text (b, "valid_until", self->valid_until);
  add_strings (b, "conditions", self->conditions);
  add_text (b, "signatory_name", self->signatory_name);
  add_text (b, "signatory_title", self->signatory_title);
  add_text (b, "issued_on", self->issued_on);
  add_text (b, "issued_at", self->issued_at);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/**
 * ld_licence_document_digest:
 *
 * Returns: (transfer full): SHA-256 of ld_licence_document_content(), in hex
 */
char *
ld_licence_document_digest (const LdLicenceDocument *self)
{
  g_autofree char *content = ld_licence_document_content (self);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, content, -1);
}
