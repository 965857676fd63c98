/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-case"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ld-case.h"
#include "ld-country.h"
#include "ld-validate.h"

static const LdCaseCode kinds[] = {
  { "export", N_("Export") },
  { "import", N_("Import") },
  { "transit", N_("Transit and trans-shipment") },
  { "brokering", N_("Brokering activity") },
  { "re_export", N_("Re-export (re-transfer consent)") },
};

static const LdCaseCode party_roles[] = {
  { "applicant", N_("Applicant / exporter") },
  { "importer", N_("Importer") },
  { "consignee", N_("Consignee") },
  { "intermediate_consignee", N_("Intermediate consignee") },
  { "end_user", N_("End user") },
  { "ultimate_end_user", N_("Ultimate end user") },
  { "broker", N_("Broker") },
  { "carrier", N_("Carrier") },
  { "freight_forwarder", N_("Freight forwarder") },
  { "agent", N_("Agent") },
};

static const LdCaseCode party_types[] = {
  { "government", N_("Government") },
  { "armed_forces", N_("Armed forces") },
  { "police", N_("Police") },
  { "commercial", N_("Commercial") },
  { "individual", N_("Individual") },
  { "non_state_actor", N_("Non-state actor") },
};

/* UN Register of Conventional Arms, SALW subcategories, and the rest (DOMAIN.md). */
static const LdCaseCode categories[] = {
  { "revolvers_pistols", N_("Revolvers and self-loading pistols") },
  { "rifles_carbines", N_("Rifles and carbines") },
  { "sub_machine_guns", N_("Sub-machine guns") },
  { "assault_rifles", N_("Assault rifles") },
  { "light_machine_guns", N_("Light machine guns") },
  { "small_arms_other", N_("Other small arms") },
  { "heavy_machine_guns", N_("Heavy machine guns") },
  { "grenade_launchers", N_("Grenade launchers (under-barrel and mounted)") },
  { "anti_tank_guns", N_("Portable anti-tank guns") },
  { "recoilless_rifles", N_("Recoilless rifles") },
  { "anti_tank_launchers", N_("Portable anti-tank missile launchers and rocket systems") },
  { "mortars", N_("Mortars of calibre less than 75 mm") },
  { "light_weapons_other", N_("Other light weapons") },
  { "ammunition", N_("Ammunition") },
  { "parts_components", N_("Parts and components") },
  { "accessories", N_("Accessories") },
};

const LdCaseCode *
ld_case_kinds (guint *n)
{
  *n = G_N_ELEMENTS (kinds);
  return kinds;
}

const LdCaseCode *
ld_case_party_roles (guint *n)
{
  *n = G_N_ELEMENTS (party_roles);
  return party_roles;
}

const LdCaseCode *
ld_case_party_types (guint *n)
{
  *n = G_N_ELEMENTS (party_types);
  return party_types;
}

const LdCaseCode *
ld_case_item_categories (guint *n)
{
  *n = G_N_ELEMENTS (categories);
  return categories;
}

/* Returns: (nullable): the translated title of @code, or %NULL when unknown */
const char *
ld_case_code_title (const LdCaseCode *codes,
                    guint             n,
                    const char       *code)
{
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (codes[i].code, code) == 0)
      return _(codes[i].title);
  return NULL;
}

LdCase *
ld_case_new (void)
{
  LdCase *self = g_new0 (LdCase, 1);

  self->transit = g_ptr_array_new_with_free_func (g_free);
  self->parties = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_case_party_free);
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_case_item_free);
  return self;
}

void
ld_case_free (LdCase *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->reference);
  g_free (self->kind);
  g_free (self->return_on);
  g_free (self->origin_country);
  g_free (self->export_country);
  g_ptr_array_unref (self->transit);
  g_free (self->destination_country);
  g_free (self->contract_reference);
  g_free (self->contract_date);
  g_free (self->delivery_schedule);
  g_free (self->end_use);
  g_free (self->euc_reference);
  g_free (self->valid_until);
  g_free (self->applicant_reference);
  g_free (self->received_on);
  g_ptr_array_unref (self->parties);
  g_ptr_array_unref (self->items);
  g_free (self);
}

LdCaseParty *
ld_case_party_new (void)
{
  return g_new0 (LdCaseParty, 1);
}

void
ld_case_party_free (LdCaseParty *party)
{
  if (party == NULL)
    return;
  g_free (party->role);
  g_free (party->party_type);
  g_free (party->name);
  g_free (party->other_names);
  g_free (party->country);
  g_free (party->address);
  g_free (party->identifiers);
  g_free (party->broker_registration);
  g_free (party->broker_authorisation);
  g_free (party);
}

LdCaseItem *
ld_case_item_new (void)
{
  LdCaseItem *item = g_new0 (LdCaseItem, 1);

  item->serials = g_ptr_array_new_with_free_func (g_free);
  return item;
}

void
ld_case_item_free (LdCaseItem *item)
{
  if (item == NULL)
    return;
  g_free (item->category);
  g_free (item->description);
  g_free (item->manufacturer);
  g_free (item->model);
  g_free (item->calibre);
  g_free (item->unit_value);
  g_free (item->currency);
  g_free (item->control_entry);
  g_free (item->hs_code);
  g_free (item->manufacturer_marking);
  g_free (item->manufacture_country);
  g_free (item->import_marking_country);
  g_free (item->control_component);
  g_free (item->marking_method);
  g_ptr_array_unref (item->serials);
  g_free (item);
}

/* Returns: (transfer none) (nullable): the first party with @role */
LdCaseParty *
ld_case_find_party (const LdCase *self,
                    const char   *role)
{
  for (guint i = 0; i < self->parties->len; i++)
    {
      LdCaseParty *party = g_ptr_array_index (self->parties, i);

      if (g_strcmp0 (party->role, role) == 0)
        return party;
    }
  return NULL;
}

gint64
ld_case_count_serials (const LdCase *self)
{
  gint64 n = 0;

  for (guint i = 0; i < self->items->len; i++)
    n += ((LdCaseItem *) g_ptr_array_index (self->items, i))->serials->len;
  return n;
}

gint64
ld_case_total_quantity (const LdCase *self)
{
  gint64 n = 0;

  for (guint i = 0; i < self->items->len; i++)
    n += ((LdCaseItem *) g_ptr_array_index (self->items, i))->quantity;
  return n;
}

static gboolean
is_blank (const char *s)
{
  if (s == NULL)
    return TRUE;
  for (; *s; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

gboolean
ld_case_validate_kind (const char  *kind,
                       GError     **error)
{
  if (ld_case_code_title (kinds, G_N_ELEMENTS (kinds), kind) != NULL)
    return TRUE;
  g_set_error (error, LD_VALIDATION_ERROR, is_blank (kind) ? LD_VALIDATION_ERROR_REQUIRED : LD_VALIDATION_ERROR_UNKNOWN_CODE,
               _("Application type “%s” is not one of export, import, transit, brokering or re_export."),
               kind ? kind : "");
  return FALSE;
}

gboolean
ld_case_validate_currency (const char  *field,
                           const char  *code,
                           GError     **error)
{
  if (!is_blank (code) && ld_currency_lookup (code) != NULL)
    return TRUE;
  g_set_error (error, LD_VALIDATION_ERROR, is_blank (code) ? LD_VALIDATION_ERROR_REQUIRED : LD_VALIDATION_ERROR_UNKNOWN_CODE,
               _("%s “%s” is not an ISO 4217 currency code; use three letters such as EUR or USD."),
               field, code ? code : "");
  return FALSE;
}

/**
 * ld_case_validate_value:
 *
 * A money amount as decimal text: digits, at most one point and two decimals.
 * Kept as text so that no amount is ever rounded through a float.
 */
gboolean
ld_case_validate_value (const char  *field,
                        const char  *value,
                        GError     **error)
{
  gsize whole = 0, decimals = 0;
  gboolean dot = FALSE, ok = value != NULL;

  for (const char *p = value ? value : ""; ok && *p; p++)
    {
      if (g_ascii_isdigit (*p))
        dot ? decimals++ : whole++;
      else if (*p == '.' && !dot)
        dot = TRUE;
      else
        ok = FALSE;
    }
  if (ok && whole >= 1 && whole <= 13 && (!dot || (decimals >= 1 && decimals <= 2)))
    return TRUE;
  g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED,
               _("%s “%s” is not an amount; write digits with at most two decimals, for example 1250.00."),
               field, value ? value : "");
  return FALSE;
}

/**
 * ld_case_parse_year:
 * @field: the field's name, for the message ("Item line 1: year of manufacture")
 * @text: (nullable): four digits; blank reads as no year (0)
 *
 * A year of manufacture or of import marking: 1800 up to next year.
 */
gboolean
ld_case_parse_year (const char  *field,
                    const char  *text,
                    int         *out_year,
                    GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *clean = g_strstrip (g_strdup (text ? text : ""));
  gboolean digits = strlen (clean) == 4;
  int year;

  *out_year = 0;
  if (clean[0] == '\0')
    return TRUE;
  for (guint i = 0; digits && clean[i]; i++)
    digits = g_ascii_isdigit (clean[i]);
  year = digits ? atoi (clean) : 0;
  if (!digits || year < 1800 || year > g_date_time_get_year (now) + 1)
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED,
                   _("%s “%s” is not a year; write four digits between 1800 and next year, for example 2024."),
                   field, clean);
      return FALSE;
    }
  *out_year = year;
  return TRUE;
}

static gboolean
validate_optional_country (const char  *field,
                           const char  *code,
                           GError     **error)
{
  return is_blank (code) || ld_validate_country_code (field, code, error);
}

static gboolean
validate_required_text (const char  *field,
                        const char  *value,
                        gboolean     complete,
                        GError     **error)
{
  return !complete || ld_validate_required (field, is_blank (value) ? NULL : value, error);
}

static gboolean
validate_route (const LdCase  *self,
                gboolean       complete,
                GError       **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (!(complete ? ld_validate_country_code (_("Final destination"), self->destination_country, error)
                 : validate_optional_country (_("Final destination"), self->destination_country, error)) ||
      !validate_optional_country (_("Country of origin"), self->origin_country, error) ||
      !validate_optional_country (_("Country of export"), self->export_country, error))
    return FALSE;
  for (guint i = 0; i < self->transit->len; i++)
    {
      const char *code = g_ptr_array_index (self->transit, i);
      g_autofree char *field = g_strdup_printf (_("Transit country %u"), i + 1);

      if (!ld_validate_country_code (field, code, error))
        return FALSE;
      if (g_ascii_strcasecmp (code, self->destination_country ? self->destination_country : "") == 0)
        {
          g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_CONTRADICTORY,
                       _("%s (%s) is the final destination; the transit list names only countries crossed on the way."),
                       field, code);
          return FALSE;
        }
      if (!g_hash_table_add (seen, (gpointer) code))
        {
          g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_DUPLICATE,
                       _("%s (%s) is already on the transit list; name each transit country once."), field, code);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
validate_party (const LdCaseParty  *party,
                guint               n,
                gboolean            complete,
                GError            **error)
{
  g_autofree char *name_field = g_strdup_printf (_("Party %u: name"), n);
  g_autofree char *country_field = g_strdup_printf (_("Party %u: country"), n);

  if (ld_case_code_title (party_roles, G_N_ELEMENTS (party_roles), party->role) == NULL)
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_UNKNOWN_CODE,
                   _("Party %u: role “%s” is not a party role (applicant, importer, consignee, end_user, broker, …)."),
                   n, party->role ? party->role : "");
      return FALSE;
    }
  if (!is_blank (party->party_type) &&
      ld_case_code_title (party_types, G_N_ELEMENTS (party_types), party->party_type) == NULL)
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_UNKNOWN_CODE,
                   _("Party %u: type “%s” is not one of government, armed_forces, police, commercial, individual "
                     "or non_state_actor."), n, party->party_type);
      return FALSE;
    }
  if (!ld_validate_required (name_field, is_blank (party->name) ? NULL : party->name, error) ||
      !(complete ? ld_validate_country_code (country_field, party->country, error)
                 : validate_optional_country (country_field, party->country, error)))
    return FALSE;
  if (g_str_equal (party->role, "broker") && complete && is_blank (party->broker_registration))
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_REQUIRED,
                   _("Party %u (broker %s): the broker registration number is required; only registered brokers "
                     "may take part in a transfer."), n, party->name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_item_codes (const LdCaseItem  *item,
                     guint              n,
                     GError           **error)
{
  g_autofree char *value_field = g_strdup_printf (_("Item line %u: unit value"), n);
  g_autofree char *currency_field = g_strdup_printf (_("Item line %u: currency"), n);
  g_autofree char *made_field = g_strdup_printf (_("Item line %u: country of manufacture"), n);
  g_autofree char *import_field = g_strdup_printf (_("Item line %u: import marking country"), n);

  if (ld_case_code_title (categories, G_N_ELEMENTS (categories), item->category) == NULL)
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_UNKNOWN_CODE,
                   _("Item line %u: category “%s” is not a UN Register category (for example assault_rifles, "
                     "ammunition or parts_components)."), n, item->category ? item->category : "");
      return FALSE;
    }
  if (item->quantity < 1)
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_OUT_OF_RANGE,
                   _("Item line %u: quantity must be at least 1 (got %lld)."), n, (long long) item->quantity);
      return FALSE;
    }
  if (!is_blank (item->unit_value) &&
      (!ld_case_validate_value (value_field, item->unit_value, error) ||
       !ld_case_validate_currency (currency_field, item->currency, error)))
    return FALSE;
  if (is_blank (item->unit_value) && !is_blank (item->currency) &&
      !ld_case_validate_currency (currency_field, item->currency, error))
    return FALSE;
  return validate_optional_country (made_field, item->manufacture_country, error) &&
         validate_optional_country (import_field, item->import_marking_country, error);
}

/* Serial numbers must be unique in the whole case, not just in a line. */
static gboolean
validate_serials (const LdCaseItem  *item,
                  guint              n,
                  GHashTable        *seen,
                  GError           **error)
{
  if ((gint64) item->serials->len > item->quantity)
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_CONTRADICTORY,
                   _("Item line %u lists %u serial numbers for a quantity of %lld."),
                   n, item->serials->len, (long long) item->quantity);
      return FALSE;
    }
  for (guint i = 0; i < item->serials->len; i++)
    {
      const char *serial = g_ptr_array_index (item->serials, i);
      guint first = GPOINTER_TO_UINT (g_hash_table_lookup (seen, serial));

      if (first != 0)
        {
          g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_DUPLICATE,
                       _("Item line %u: serial number “%s” is also listed on item line %u of this case."),
                       n, serial, first);
          return FALSE;
        }
      g_hash_table_insert (seen, (gpointer) serial, GUINT_TO_POINTER (n));
    }
  return TRUE;
}

static gboolean
validate_items (const LdCase  *self,
                gboolean       complete,
                GError       **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (complete && self->items->len == 0)
    {
      g_set_error_literal (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_REQUIRED,
                           _("The application lists no items; add at least one item line."));
      return FALSE;
    }
  for (guint i = 0; i < self->items->len; i++)
    {
      LdCaseItem *item = g_ptr_array_index (self->items, i);
      g_autofree char *field = g_strdup_printf (_("Item line %u: description"), i + 1);

      if (!validate_item_codes (item, i + 1, error) ||
          !validate_required_text (field, item->description, complete, error) ||
          !validate_serials (item, i + 1, seen, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
validate_parties (const LdCase  *self,
                  gboolean       complete,
                  GError       **error)
{
  for (guint i = 0; i < self->parties->len; i++)
    if (!validate_party (g_ptr_array_index (self->parties, i), i + 1, complete, error))
      return FALSE;
  if (complete && ld_case_find_party (self, "applicant") == NULL)
    {
      g_set_error_literal (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_REQUIRED,
                           _("The application names no applicant; add a party with the role applicant."));
      return FALSE;
    }
  if (complete && g_strcmp0 (self->kind, "brokering") == 0 && ld_case_find_party (self, "broker") == NULL)
    {
      g_set_error_literal (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_REQUIRED,
                           _("A brokering application needs the broker as a party."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_dates (const LdCase  *self,
                gboolean       complete,
                GError       **error)
{
  g_autoptr(GDate) return_on = NULL;

  if (self->temporary && (complete || !is_blank (self->return_on)))
    {
      return_on = ld_parse_date (_("Return date of a temporary transfer"), self->return_on, error);
      if (return_on == NULL)
        return FALSE;
    }
  if (!self->temporary && !is_blank (self->return_on))
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_CONTRADICTORY,
                   _("Return date %s is given for a permanent transfer; mark the transfer temporary or remove the date."),
                   self->return_on);
      return FALSE;
    }
  if (!is_blank (self->contract_date))
    {
      g_autoptr(GDate) d = ld_parse_date (_("Contract date"), self->contract_date, error);

      if (d == NULL)
        return FALSE;
    }
  if (!is_blank (self->valid_until))
    {
      g_autoptr(GDate) d = ld_parse_date (_("Requested validity"), self->valid_until, error);

      if (d == NULL)
        return FALSE;
    }
  return TRUE;
}

/* Every text field of a case and what it holds: the length limits and the
 * refusal of control characters come from ld_validate_text()'s one table. */
typedef struct
{
  gsize       offset;
  const char *title;
  LdTextKind  kind;
} TextField;

#define CASE_TEXT(member, title, kind) { G_STRUCT_OFFSET (LdCase, member), title, kind }
#define PARTY_TEXT(member, title, kind) { G_STRUCT_OFFSET (LdCaseParty, member), title, kind }
#define ITEM_TEXT(member, title, kind) { G_STRUCT_OFFSET (LdCaseItem, member), title, kind }

static const TextField case_texts[] = {
  CASE_TEXT (reference, N_("Reference"), LD_TEXT_NUMBER),
  CASE_TEXT (kind, N_("Application type"), LD_TEXT_CODE),
  CASE_TEXT (return_on, N_("Return date"), LD_TEXT_CODE),
  CASE_TEXT (origin_country, N_("Country of origin"), LD_TEXT_CODE),
  CASE_TEXT (export_country, N_("Country of export"), LD_TEXT_CODE),
  CASE_TEXT (destination_country, N_("Final destination"), LD_TEXT_CODE),
  CASE_TEXT (contract_reference, N_("Contract reference"), LD_TEXT_NUMBER),
  CASE_TEXT (contract_date, N_("Contract date"), LD_TEXT_CODE),
  CASE_TEXT (delivery_schedule, N_("Delivery schedule"), LD_TEXT_PARAGRAPH),
  CASE_TEXT (end_use, N_("End use"), LD_TEXT_PARAGRAPH),
  CASE_TEXT (euc_reference, N_("End-use certificate reference"), LD_TEXT_NUMBER),
  CASE_TEXT (valid_until, N_("Requested validity"), LD_TEXT_CODE),
  CASE_TEXT (applicant_reference, N_("Applicant's reference"), LD_TEXT_NUMBER),
  CASE_TEXT (received_on, N_("Received on"), LD_TEXT_CODE),
};

static const TextField party_texts[] = {
  PARTY_TEXT (role, N_("role"), LD_TEXT_CODE),
  PARTY_TEXT (party_type, N_("type"), LD_TEXT_CODE),
  PARTY_TEXT (name, N_("name"), LD_TEXT_NAME),
  PARTY_TEXT (other_names, N_("other names"), LD_TEXT_PARAGRAPH),
  PARTY_TEXT (country, N_("country"), LD_TEXT_CODE),
  PARTY_TEXT (address, N_("address"), LD_TEXT_PARAGRAPH),
  PARTY_TEXT (identifiers, N_("identifiers"), LD_TEXT_PARAGRAPH),
  PARTY_TEXT (broker_registration, N_("broker registration number"), LD_TEXT_NUMBER),
  PARTY_TEXT (broker_authorisation, N_("brokering authorisation"), LD_TEXT_NUMBER),
};

static const TextField item_texts[] = {
  ITEM_TEXT (category, N_("category"), LD_TEXT_CODE),
  ITEM_TEXT (description, N_("description"), LD_TEXT_PARAGRAPH),
  ITEM_TEXT (manufacturer, N_("manufacturer"), LD_TEXT_NAME),
  ITEM_TEXT (model, N_("model"), LD_TEXT_LINE),
  ITEM_TEXT (calibre, N_("calibre"), LD_TEXT_LINE),
  ITEM_TEXT (unit_value, N_("unit value"), LD_TEXT_NUMBER),
  ITEM_TEXT (currency, N_("currency"), LD_TEXT_CODE),
  ITEM_TEXT (control_entry, N_("control list entry"), LD_TEXT_CODE),
  ITEM_TEXT (hs_code, N_("HS code"), LD_TEXT_CODE),
  ITEM_TEXT (manufacturer_marking, N_("manufacturer's marking"), LD_TEXT_LINE),
  ITEM_TEXT (manufacture_country, N_("country of manufacture"), LD_TEXT_CODE),
  ITEM_TEXT (import_marking_country, N_("import marking country"), LD_TEXT_CODE),
  ITEM_TEXT (control_component, N_("control component"), LD_TEXT_LINE),
  ITEM_TEXT (marking_method, N_("marking method"), LD_TEXT_LINE),
};

/* @owner names the party or line ("Party 2"), or is NULL for the case. */
static gboolean
validate_texts_of (gconstpointer     record,
                   const TextField  *texts,
                   guint             n_texts,
                   const char       *owner,
                   GError          **error)
{
  for (guint i = 0; i < n_texts; i++)
    {
      const char *value = G_STRUCT_MEMBER (const char *, record, texts[i].offset);
      g_autofree char *field = owner ? g_strdup_printf (_("%s: %s"), owner, _(texts[i].title))
                                     : g_strdup (_(texts[i].title));

      if (!ld_validate_text (field, value, texts[i].kind, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
validate_texts (const LdCase  *self,
                GError       **error)
{
  if (!validate_texts_of (self, case_texts, G_N_ELEMENTS (case_texts), NULL, error))
    return FALSE;
  for (guint i = 0; i < self->transit->len; i++)
    {
      g_autofree char *field = g_strdup_printf (_("Transit country %u"), i + 1);

      if (!ld_validate_text (field, g_ptr_array_index (self->transit, i), LD_TEXT_CODE, error))
        return FALSE;
    }
  for (guint i = 0; i < self->parties->len; i++)
    {
      g_autofree char *owner = g_strdup_printf (_("Party %u"), i + 1);

      if (!validate_texts_of (g_ptr_array_index (self->parties, i), party_texts, G_N_ELEMENTS (party_texts),
                              owner, error))
        return FALSE;
    }
  for (guint i = 0; i < self->items->len; i++)
    {
      g_autofree char *owner = g_strdup_printf (_("Item line %u"), i + 1);

      if (!validate_texts_of (g_ptr_array_index (self->items, i), item_texts, G_N_ELEMENTS (item_texts),
                              owner, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * ld_case_validate:
 * @complete: %TRUE to require everything a submission needs; %FALSE for a
 *   draft, which may be incomplete but may not hold wrong values
 *
 * Checks a case on its own (codes, numbers, route, serial numbers inside the
 * case). What needs the store (serials of other open cases, the broker
 * register) is checked by the repository in the same transaction as the write.
 */
gboolean
ld_case_validate (const LdCase  *self,
                  gboolean       complete,
                  GError       **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return validate_texts (self, error) &&
         ld_case_validate_kind (self->kind, error) &&
         validate_dates (self, complete, error) &&
         validate_route (self, complete, error) &&
         validate_parties (self, complete, error) &&
         validate_items (self, complete, error);
}

void
ld_case_change_free (LdCaseChange *change)
{
  if (change == NULL)
    return;
  g_free (change->field);
  g_free (change->before);
  g_free (change->after);
  g_free (change);
}

static void
add_field (GPtrArray  *fields,
           const char *field,
           const char *value)
{
  LdCaseChange *change;

  if (value == NULL || value[0] == '\0')
    return;
  change = g_new0 (LdCaseChange, 1);
  change->field = g_strdup (field);
  change->after = g_strdup (value);
  g_ptr_array_add (fields, change);
}

static void
add_fieldf (GPtrArray  *fields,
            const char *prefix,
            guint       n,
            const char *name,
            const char *value)
{
  g_autofree char *field = g_strdup_printf ("%s[%u].%s", prefix, n, name);

  add_field (fields, field, value);
}

static void
flatten_party (GPtrArray         *fields,
               const LdCaseParty *p,
               guint              n)
{
  add_fieldf (fields, "parties", n, "role", p->role);
  add_fieldf (fields, "parties", n, "type", p->party_type);
  add_fieldf (fields, "parties", n, "name", p->name);
  add_fieldf (fields, "parties", n, "other_names", p->other_names);
  add_fieldf (fields, "parties", n, "country", p->country);
  add_fieldf (fields, "parties", n, "address", p->address);
  add_fieldf (fields, "parties", n, "identifiers", p->identifiers);
  add_fieldf (fields, "parties", n, "broker_registration", p->broker_registration);
  add_fieldf (fields, "parties", n, "broker_authorisation", p->broker_authorisation);
}

/* Serial lists are compared by content: a digest stands for thousands of values. */
static char *
serials_summary (const LdCaseItem *item)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  if (item->serials->len == 0)
    return NULL;
  for (guint i = 0; i < item->serials->len; i++)
    g_checksum_update (sum, g_ptr_array_index (item->serials, i), -1), g_checksum_update (sum, (const guchar *) "\n", 1);
  return g_strdup_printf ("%u (%.12s)", item->serials->len, g_checksum_get_string (sum));
}

static void
flatten_item (GPtrArray        *fields,
              const LdCaseItem *it,
              guint             n)
{
  g_autofree char *quantity = g_strdup_printf ("%" G_GINT64_FORMAT, it->quantity);
  g_autofree char *made = it->manufacture_year ? g_strdup_printf ("%d", it->manufacture_year) : NULL;
  g_autofree char *imported = it->import_marking_year ? g_strdup_printf ("%d", it->import_marking_year) : NULL;
  g_autofree char *serials = serials_summary (it);

  add_fieldf (fields, "items", n, "category", it->category);
  add_fieldf (fields, "items", n, "description", it->description);
  add_fieldf (fields, "items", n, "manufacturer", it->manufacturer);
  add_fieldf (fields, "items", n, "model", it->model);
  add_fieldf (fields, "items", n, "calibre", it->calibre);
  add_fieldf (fields, "items", n, "quantity", quantity);
  add_fieldf (fields, "items", n, "unit_value", it->unit_value);
  add_fieldf (fields, "items", n, "currency", it->currency);
  add_fieldf (fields, "items", n, "control_entry", it->control_entry);
  add_fieldf (fields, "items", n, "hs_code", it->hs_code);
  add_fieldf (fields, "items", n, "manufacturer_marking", it->manufacturer_marking);
  add_fieldf (fields, "items", n, "manufacture_country", it->manufacture_country);
  add_fieldf (fields, "items", n, "manufacture_year", made);
  add_fieldf (fields, "items", n, "import_marking_country", it->import_marking_country);
  add_fieldf (fields, "items", n, "import_marking_year", imported);
  add_fieldf (fields, "items", n, "control_component", it->control_component);
  add_fieldf (fields, "items", n, "marking_method", it->marking_method);
  add_fieldf (fields, "items", n, "additive", it->additive ? "yes" : NULL);
  add_fieldf (fields, "items", n, "deactivated", it->deactivated ? "yes" : NULL);
  add_fieldf (fields, "items", n, "serials", serials);
}

/* What each flattened field is called on screen (the keys stay those of
 * `application diff --json`, which offices script against). */
static const struct { const char *key; const char *title; } field_titles[] = {
  { "kind", N_("Kind of application") }, { "temporary", N_("Temporary") }, { "return_on", N_("Return on") },
  { "origin_country", N_("Country of origin") }, { "export_country", N_("Country of export") },
  { "country", N_("Country") }, { "destination_country", N_("Country of destination") },
  { "contract_reference", N_("Contract reference") }, { "contract_date", N_("Contract date") },
  { "delivery_schedule", N_("Delivery schedule") }, { "end_use", N_("End use") },
  { "euc_reference", N_("End-use certificate") }, { "valid_until", N_("Valid until") },
  { "applicant_reference", N_("Applicant's reference") }, { "role", N_("role") }, { "type", N_("type") },
  { "name", N_("name") }, { "other_names", N_("other names") }, { "address", N_("address") },
  { "identifiers", N_("identifiers") }, { "broker_registration", N_("broker registration") },
  { "broker_authorisation", N_("brokering authorisation") }, { "category", N_("category") },
  { "description", N_("description") }, { "manufacturer", N_("manufacturer") }, { "model", N_("model") },
  { "calibre", N_("calibre") }, { "quantity", N_("quantity") }, { "unit_value", N_("unit value") },
  { "currency", N_("currency") }, { "control_entry", N_("control list entry") }, { "hs_code", N_("HS code") },
  { "manufacturer_marking", N_("manufacturer's marking") },
  { "manufacture_country", N_("country of manufacture") }, { "manufacture_year", N_("year of manufacture") },
  { "import_marking_country", N_("import marking country") },
  { "import_marking_year", N_("import marking year") }, { "control_component", N_("marked component") },
  { "marking_method", N_("marking method") }, { "additive", N_("additively manufactured") },
  { "deactivated", N_("deactivated") }, { "serials", N_("serial numbers") },
};

static const char *
field_title (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_titles); i++)
    if (g_str_equal (key, field_titles[i].key))
      return _(field_titles[i].title);
  return key;
}

/**
 * ld_case_field_get_title:
 * @field: a field key of ld_case_flatten(), such as "end_use" or "items[2].quantity"
 *
 * Returns: (transfer full): the field as an officer reads it ("End use",
 *   "Item 2: quantity"); an unknown key as it is
 */
char *
ld_case_field_get_title (const char *field)
{
  guint n = 0;
  char name[64];

  g_return_val_if_fail (field != NULL, NULL);

  if (sscanf (field, "parties[%u].%63s", &n, name) == 2)
    return g_strdup_printf (_("Party %u: %s"), n, field_title (name));
  if (sscanf (field, "items[%u].%63s", &n, name) == 2)
    return g_strdup_printf (_("Item %u: %s"), n, field_title (name));
  if (sscanf (field, "transit[%u].%63s", &n, name) == 2)
    return g_strdup_printf (_("Transit country %u"), n);
  return g_strdup (field_title (field));
}

/**
 * ld_case_flatten:
 *
 * Returns: (transfer full) (element-type LdCaseChange): every field that has
 *   a value, in the order a case is read, as field/after pairs
 */
GPtrArray *
ld_case_flatten (const LdCase *self)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_case_change_free);

  add_field (fields, "kind", self->kind);
  add_field (fields, "temporary", self->temporary ? "yes" : NULL);
  add_field (fields, "return_on", self->return_on);
  add_field (fields, "origin_country", self->origin_country);
  add_field (fields, "export_country", self->export_country);
  for (guint i = 0; i < self->transit->len; i++)
    add_fieldf (fields, "transit", i + 1, "country", g_ptr_array_index (self->transit, i));
  add_field (fields, "destination_country", self->destination_country);
  add_field (fields, "contract_reference", self->contract_reference);
  add_field (fields, "contract_date", self->contract_date);
  add_field (fields, "delivery_schedule", self->delivery_schedule);
  add_field (fields, "end_use", self->end_use);
  add_field (fields, "euc_reference", self->euc_reference);
  add_field (fields, "valid_until", self->valid_until);
  add_field (fields, "applicant_reference", self->applicant_reference);
  for (guint i = 0; i < self->parties->len; i++)
    flatten_party (fields, g_ptr_array_index (self->parties, i), i + 1);
  for (guint i = 0; i < self->items->len; i++)
    flatten_item (fields, g_ptr_array_index (self->items, i), i + 1);
  return fields;
}

/**
 * ld_case_diff:
 *
 * Returns: (transfer full) (element-type LdCaseChange): the fields that differ,
 *   in reading order (fields of @old_case first, then fields only @new_case has)
 */
GPtrArray *
ld_case_diff (const LdCase *old_case,
              const LdCase *new_case)
{
  g_autoptr(GPtrArray) before = ld_case_flatten (old_case);
  g_autoptr(GPtrArray) after = ld_case_flatten (new_case);
  g_autoptr(GHashTable) after_by_field = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) before_by_field = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *changes = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_case_change_free);

  for (guint i = 0; i < after->len; i++)
    g_hash_table_insert (after_by_field, ((LdCaseChange *) after->pdata[i])->field, after->pdata[i]);
  for (guint i = 0; i < before->len; i++)
    {
      LdCaseChange *b = before->pdata[i];
      LdCaseChange *a = g_hash_table_lookup (after_by_field, b->field);

      g_hash_table_insert (before_by_field, b->field, b);
      if (a == NULL || !g_str_equal (a->after, b->after))
        {
          LdCaseChange *c = g_new0 (LdCaseChange, 1);

          c->field = g_strdup (b->field);
          c->before = g_strdup (b->after);
          c->after = a ? g_strdup (a->after) : NULL;
          g_ptr_array_add (changes, c);
        }
    }
  for (guint i = 0; i < after->len; i++)
    {
      LdCaseChange *a = after->pdata[i];

      if (!g_hash_table_contains (before_by_field, a->field))
        {
          LdCaseChange *c = g_new0 (LdCaseChange, 1);

          c->field = g_strdup (a->field);
          c->after = g_strdup (a->after);
          g_ptr_array_add (changes, c);
        }
    }
  return changes;
}
