/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-demo"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ld-broker-name.h"
#include "ld-broker-repo.h"
#include "ld-broker-repo-private.h"
#include "ld-case-json.h"
#include "ld-case-repo.h"
#include "ld-country.h"
#include "ld-demo.h"
#include "ld-euc-consent-repo.h"
#include "ld-euc-repo.h"
#include "ld-licence-repo.h"
#include "ld-licence-repo-private.h"
#include "ld-section.h"
#include "ld-user-repo.h"

/* Records written per transaction: large enough to be fast, small enough that
 * a cancelled run keeps what it finished and progress moves smoothly. */
#define BATCH 5000

typedef struct
{
  LdStore       *store;
  const LdActor *actor;
  GRand         *rand;
  gint64         serial;
  LdDemoScreen   screen;
  gpointer       screen_data;
  GQueue        *approved;   /* (element-type ApprovedCase) approved cases still without a licence */
} Demo;

/* A generated approved case, waiting for the licence issued from it. */
typedef struct
{
  char *id;
  char *kind;
  char *applicant;
  char *destination;
  char *item;
  char *quantity;
  char *received;
} ApprovedCase;

static void
approved_case_free (ApprovedCase *c)
{
  g_free (c->id); g_free (c->kind); g_free (c->applicant); g_free (c->destination); g_free (c->item);
  g_free (c->quantity); g_free (c->received);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ApprovedCase, approved_case_free)

static const char *latin_roots[] = {
  "Atlas", "Meridian", "Nordvik", "Sahel", "Baltic", "Andes", "Kestrel", "Orion", "Vanguard", "Helios",
  "Crescent", "Tamarind", "Delta", "Granite", "Harbour", "Summit", "Sierra", "Falcon", "Zenith", "Pioneer",
  "Lusitania", "Kilimanjaro", "Danube", "Carpathia", "Mistral", "Borealis", "Savanna", "Caspian", "Tasman",
  "Aurora", "Lindqvist", "Okonkwo", "Müller", "Łukasiewicz", "Ñandú", "Çelik", "Dvořák", "Sørensen",
  "Nguyễn", "Mbeki",
};
static const char *latin_trades[] = {
  "Logistics", "Defence Systems", "Trading", "Security", "Industries", "Freight", "Holdings",
  "Technologies", "Supply", "Engineering", "Arms", "Consulting",
};
static const char *latin_forms[] = {
  "Ltd", "GmbH", "S.A.", "LLC", "SARL", "AB", "Pty Ltd", "S.p.A.", "Kft.", "B.V.",
};
static const char *cyrillic_roots[] = {
  "Северный", "Восток", "Уральский", "Балтийский", "Сибирский", "Днепровский", "Каспийский", "Волжский",
};
static const char *cyrillic_trades[] = {
  "Арсенал", "Оборонсервис", "Транзит", "Снабжение", "Логистика", "Техноимпорт",
};
static const char *cyrillic_forms[] = { "ООО", "АО", "ТОО" };
static const char *arabic_roots[] = {
  "النور", "الصقر", "الخليج", "الواحة", "الأمان", "الرمال", "النخيل", "الفجر",
};
static const char *arabic_trades[] = {
  "للتجارة", "للخدمات الأمنية", "للنقل", "للمعدات", "للاستيراد والتصدير",
};
static const char *han_roots[] = { "华北", "东方", "长城", "远洋", "金盾", "天元", "海川", "鼎盛" };
static const char *han_trades[] = { "贸易", "物流", "安防", "机械", "进出口", "科技" };
static const char *end_users[] = {
  "Ministry of Defence", "Ministry of Interior", "National Police", "Armed Forces", "Border Guard",
  "Presidential Guard", "Customs Service", "Prison Service", "Coast Guard", "Wildlife Service",
};
static const char *countries[] = {
  "FR", "DE", "KE", "NG", "BR", "IN", "ID", "PH", "PE", "CO", "GH", "SN", "PL", "CZ", "SE", "NO", "AU",
  "ZA", "TZ", "UG", "MX", "CL", "TH", "MY", "EG", "MA", "JO", "AE", "KZ", "UA", "GE", "RS", "TR", "VN",
  "BW", "NA", "ZM", "EC", "AR", "CA",
};
static const char *broker_statuses[] = {
  "draft", "submitted", "under_review", "registered", "registered", "registered", "registered",
  "refused", "suspended", "revoked", "expired",
};
static const char *application_kinds[] = { "export", "export", "export", "import", "transit", "brokering", "re_export" };
static const struct { const char *kind; const char *prefix; } reference_prefixes[] = {
  { "export", "EXP" }, { "import", "IMP" }, { "transit", "TRN" }, { "brokering", "BRK" }, { "re_export", "REX" },
};
static const char *application_statuses[] = {
  "draft", "submitted", "under_assessment", "information_requested", "recommended_approval",
  "recommended_refusal", "approved", "approved", "approved", "approved", "refused", "withdrawn",
};
static const char *item_categories[] = {
  "revolvers_pistols", "assault_rifles", "rifles_carbines", "sub_machine_guns", "light_machine_guns", "ammunition",
  "mortars", "grenade_launchers", "parts_components", "revolvers_pistols",
};
static const char *euc_statuses[] = { "unverified", "confirmed", "confirmed", "confirmed", "doubtful", "forged", "withdrawn" };
/* Expired is not among them: a licence past its last day reads as expired. */
static const char *licence_statuses[] = {
  "issued", "issued", "partly_used", "partly_used", "exhausted", "exhausted", "suspended", "revoked", "surrendered",
};
static const char *items[] = {
  "Self-loading pistols 9x19 mm", "Assault rifles 5.56x45 mm", "Rifles and carbines 7.62x51 mm",
  "Sub-machine guns 9x19 mm", "Light machine guns 5.56 mm", "Ammunition 9x19 mm", "Mortars 60 mm",
  "Under-barrel grenade launchers 40 mm", "Parts and components: receivers", "Revolvers .38 Special",
};

#define PICK(demo, array) ((array)[g_rand_int_range ((demo)->rand, 0, G_N_ELEMENTS (array))])

static char *
company_name (Demo *demo)
{
  switch (g_rand_int_range (demo->rand, 0, 10))
    {
    case 0:
      return g_strdup_printf ("%s «%s %s»", PICK (demo, cyrillic_forms), PICK (demo, cyrillic_roots),
                              PICK (demo, cyrillic_trades));
    case 1:
      return g_strdup_printf ("شركة %s %s", PICK (demo, arabic_roots), PICK (demo, arabic_trades));
    case 2:
      return g_strdup_printf ("%s%s%s有限公司", PICK (demo, han_roots), PICK (demo, han_roots), PICK (demo, han_trades));
    default:
      return g_strdup_printf ("%s %s %s", PICK (demo, latin_roots), PICK (demo, latin_trades), PICK (demo, latin_forms));
    }
}

/* A day between 1 January of @first_year and today: demo records never lie in the future. */
static char *
random_date (Demo *demo,
             int   first_year)
{
  g_autoptr(GDate) first = g_date_new_dmy (1, 1, first_year);
  g_autoptr(GDate) today = g_date_new ();
  g_autoptr(GDate) day = NULL;
  guint32 span;

  g_date_set_time_t (today, time (NULL));
  span = g_date_get_julian (today) - g_date_get_julian (first);
  day = g_date_new_julian (g_date_get_julian (first) + g_rand_int_range (demo->rand, 0, span + 1));
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (day), g_date_get_month (day), g_date_get_day (day));
}

static char *
add_years (const char *date,
           int         years)
{
  int y, m, d;

  sscanf (date, "%d-%d-%d", &y, &m, &d);
  if (m == 2 && d == 29)
    d = 28;
  return g_strdup_printf ("%04d-%02d-%02d", y + years, m, d);
}

/* The after-image of a record for the audit log and the outbox. */
static char *
record_json (const char         *id,
             const char * const *keys,
             const char * const *values)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  for (guint i = 0; keys[i]; i++)
    {
      json_builder_set_member_name (builder, keys[i]);
      if (values[i])
        json_builder_add_string_value (builder, values[i]);
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* Inserts one register row from parallel key/value arrays, indexes the texts
 * named by @search_keys, and records the change. */
static gboolean
insert_record_id (Demo               *demo,
                  const LdSection    *section,
                  const char         *sql,
                  const char * const *keys,
                  const char * const *values,
                  const char * const *search_texts,
                  char              **out_id,
                  GError            **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *now = ld_store_now_utc ();
  g_autofree char *json = NULL;
  sqlite3_stmt *stmt = ld_store_prepare (demo->store, sql, error);
  guint n = 0;

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  for (n = 0; keys[n]; n++)
    ld_store_bind_text (stmt, n + 2, values[n]);
  ld_store_bind_text (stmt, n + 2, now);
  ld_store_bind_text (stmt, n + 3, now);
  if (!ld_store_step_done (demo->store, stmt, error) ||
      !ld_section_index_record (demo->store, section, ld_store_last_insert_rowid (demo->store), search_texts, error))
    return FALSE;

  json = record_json (id, keys, values);
  if (out_id)
    *out_id = g_strdup (id);
  return ld_store_record_change (demo->store, demo->actor, "create", section->entity, id, 0, NULL, json, error);
}

/* The audit entry of a broker's detail row. */
static gboolean
record_detail (Demo        *demo,
               const char  *action,
               const char  *entity,
               const char  *id,
               const char  *broker_id,
               GError     **error)
{
  g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"broker_id\":\"%s\"}", id, broker_id);

  return ld_store_record_change (demo->store, demo->actor, action, entity, id, 0, NULL, json, error);
}

static gboolean
add_broker_person (Demo       *demo,
                   const char *broker_id,
                   const char *country,
                   GError    **error)
{
  static const char *people[] = { "Olena Petrenko", "Kwame Asante", "Ana Lima", "Jonas Berg", "Fatima Zahra",
                                  "Wang Fang", "Dmitri Volkov", "Aisha Bello" };
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *now = ld_store_now_utc ();
  g_autofree char *doc = g_strdup_printf ("P%08d", g_rand_int_range (demo->rand, 0, 99999999));
  sqlite3_stmt *stmt = ld_store_prepare (demo->store, "INSERT INTO broker_person (id, broker_id, role, full_name,"
                                         " nationality, id_document_type, id_document_number, added_at, added_by)"
                                         " VALUES (?, ?, 'official', ?, ?, 'passport', ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  ld_store_bind_text (stmt, 2, broker_id);
  ld_store_bind_text (stmt, 3, PICK (demo, people));
  ld_store_bind_text (stmt, 4, country);
  ld_store_bind_text (stmt, 5, doc);
  ld_store_bind_text (stmt, 6, now);
  ld_store_bind_text (stmt, 7, demo->actor->login);
  /* Through the audited write path like every other record, so the audit
   * log accounts for every row. */
  return ld_store_step_done (demo->store, stmt, error) &&
         record_detail (demo, "add_person", "broker_person", id, broker_id, error);
}

/* Registered brokers get a per-deal authorisation now and then. */
static gboolean
add_broker_authorisation (Demo       *demo,
                          const char *broker_id,
                          const char *from,
                          GError    **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *now = ld_store_now_utc ();
  g_autofree char *until = add_years (from, 1);
  g_autofree char *number = NULL;
  gint64 serial = ld_broker_repo_next_number (demo->store, "BA", g_ascii_strtoll (from, NULL, 10), error);
  sqlite3_stmt *stmt;

  if (serial < 0)
    return FALSE;
  number = g_strdup_printf ("BA-%.4s-%05" G_GINT64_FORMAT, from, serial);
  stmt = ld_store_prepare (demo->store, "INSERT INTO broker_authorisation (id, number, broker_id, activity,"
                           " description, valid_from, valid_until, granted_at, granted_by)"
                           " VALUES (?, ?, ?, 'negotiating', ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  ld_store_bind_text (stmt, 2, number);
  ld_store_bind_text (stmt, 3, broker_id);
  ld_store_bind_text (stmt, 4, PICK (demo, items));
  ld_store_bind_text (stmt, 5, from);
  ld_store_bind_text (stmt, 6, until);
  ld_store_bind_text (stmt, 7, now);
  ld_store_bind_text (stmt, 8, demo->actor->login);
  return ld_store_step_done (demo->store, stmt, error) &&
         record_detail (demo, "authorise", "broker_authorisation", id, broker_id, error);
}

static gboolean
add_broker (Demo    *demo,
            GError **error)
{
  static const char *keys[] = { "registration_number", "legal_name", "other_names", "country", "status",
                                "valid_from", "valid_until", "tax_number", "tax_number_key", "registered_address",
                                "records_address", "activities", "name_fold_sorted", "name_fold_compact", NULL };
  g_autofree char *name = company_name (demo);
  g_autofree char *other = company_name (demo);
  g_autofree char *from = random_date (demo, 2006);
  g_autofree char *until = add_years (from, 5);
  g_autofree char *number = NULL;
  g_autofree char *tax = g_strdup_printf ("TX%09" G_GINT64_FORMAT, demo->serial + 1);
  g_autofree char *broker_id = NULL;
  g_autoptr(LdNameKey) key = ld_name_key_new (name);
  g_autoptr(LdNameKey) other_key = ld_name_key_new (other);
  const char *status = PICK (demo, broker_statuses);
  const char *country = PICK (demo, countries);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  gboolean granted = g_str_equal (status, "registered") || g_str_equal (status, "suspended") ||
                     g_str_equal (status, "revoked") || g_str_equal (status, "expired");
  const char *values[15];
  const char *search[7];

  /* A registration whose period is over has expired, as expire-due would record. */
  if (granted && !g_str_equal (status, "revoked") && strcmp (until, today) < 0)
    status = "expired";
  if (granted)
    {
      gint64 serial = ld_broker_repo_next_number (demo->store, "BR", g_ascii_strtoll (from, NULL, 10), error);

      if (serial < 0)
        return FALSE;
      number = ld_broker_format_number (g_ascii_strtoll (from, NULL, 10), serial);
    }
  values[0] = number; values[1] = name; values[2] = other; values[3] = country;
  values[4] = status; values[5] = granted ? from : NULL; values[6] = granted ? until : NULL;
  values[7] = tax; values[8] = tax; values[9] = "Registered office"; values[10] = "Registered office";
  values[11] = "negotiating,transport"; values[12] = key->sorted; values[13] = key->compact; values[14] = NULL;
  search[0] = name; search[1] = other; search[2] = number ? number : ""; search[3] = key->latin;
  search[4] = other_key->latin; search[5] = tax; search[6] = NULL;
  ++demo->serial;
  if (!insert_record_id (demo, ld_section_lookup ("brokers"),
                         "INSERT INTO broker (id, registration_number, legal_name, other_names, country, status,"
                         " valid_from, valid_until, tax_number, tax_number_key, registered_address, records_address,"
                         " activities, name_fold_sorted, name_fold_compact, created_at, updated_at)"
                         " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                         keys, values, search, &broker_id, error) ||
      !_ld_broker_duplicates_save_second_keys (demo->store, broker_id, key, error) ||
      !add_broker_person (demo, broker_id, country, error))
    return FALSE;
  if (granted && g_rand_int_range (demo->rand, 0, 3) == 0)
    return add_broker_authorisation (demo, broker_id, from, error);
  return TRUE;
}

static const char *
reference_prefix (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (reference_prefixes); i++)
    if (g_str_equal (reference_prefixes[i].kind, kind))
      return reference_prefixes[i].prefix;
  g_assert_not_reached ();
}

/* The case data behind a bulk demo application, so that every one of them
 * opens on its case page: version 1 as JSON, without detail rows (those cost
 * a 1,000,000-record demo too much and only serve queries). */
static gboolean
add_application_version (Demo        *demo,
                         const char  *reference,
                         const char  *kind,
                         const char  *applicant,
                         const char  *destination,
                         const char  *item,
                         const char  *quantity,
                         const char  *received,
                         GError     **error)
{
  g_autoptr(LdCase) c = ld_case_new ();
  g_autoptr(LdCaseParty) party = ld_case_party_new ();
  g_autoptr(LdCaseItem) line = ld_case_item_new ();
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *json = NULL;
  sqlite3_stmt *stmt;

  c->kind = g_strdup (kind);
  c->destination_country = g_strdup (destination);
  c->received_on = g_strdup (received);
  party->role = g_strdup ("applicant");
  party->party_type = g_strdup ("commercial");
  party->name = g_strdup (applicant);
  g_ptr_array_add (c->parties, g_steal_pointer (&party));
  line->category = g_strdup (PICK (demo, item_categories));
  line->description = g_strdup (item);
  line->quantity = g_ascii_strtoll (quantity, NULL, 10);
  g_ptr_array_add (c->items, g_steal_pointer (&line));
  json = ld_case_to_json (c, FALSE);

  stmt = ld_store_prepare (demo->store,
    "INSERT INTO application_version (id, application_id, version, case_json, created_at, created_by)"
    " SELECT ?, id, 1, ?, created_at, ? FROM application WHERE reference = ?", error);
  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  ld_store_bind_text (stmt, 2, json);
  ld_store_bind_text (stmt, 3, demo->actor->user_id);
  ld_store_bind_text (stmt, 4, reference);
  return ld_store_step_done (demo->store, stmt, error);
}

static gboolean
add_application (Demo    *demo,
                 GError **error)
{
  static const char *keys[] = { "reference", "kind", "status", "applicant_name", "destination_country",
                                "item_summary", "quantity", "received_on", "officer_login", NULL };
  g_autofree char *received = random_date (demo, 2006);
  const char *kind = PICK (demo, application_kinds);
  g_autofree char *reference = g_strdup_printf ("%s-%.4s-%07" G_GINT64_FORMAT, reference_prefix (kind),
                                                received, ++demo->serial);
  g_autofree char *applicant = company_name (demo);
  g_autofree char *quantity = g_strdup_printf ("%d", g_rand_int_range (demo->rand, 1, 5000));
  const char *item = PICK (demo, items);
  const char *values[10] = { NULL };
  const char *search[4] = { reference, applicant, item, NULL };
  g_autofree char *id = NULL;

  values[0] = reference; values[1] = kind; values[2] = PICK (demo, application_statuses);
  values[3] = applicant; values[4] = PICK (demo, countries); values[5] = item; values[6] = quantity;
  values[7] = received; values[8] = "demo.officer";
  if (!insert_record_id (demo, ld_section_lookup ("applications"),
                         "INSERT INTO application (id, reference, kind, status, applicant_name, destination_country,"
                         " item_summary, quantity, received_on, officer_login, created_at, updated_at)"
                         " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                         keys, values, search, &id, error) ||
      !add_application_version (demo, reference, kind, applicant, values[4], item, quantity, received, error))
    return FALSE;
  if (g_str_equal (values[2], "approved"))
    {
      ApprovedCase *c = g_new0 (ApprovedCase, 1);

      *c = (ApprovedCase) { g_steal_pointer (&id), g_strdup (kind), g_strdup (applicant), g_strdup (values[4]),
                            g_strdup (item), g_strdup (quantity), g_strdup (received) };
      g_queue_push_tail (demo->approved, c);
    }
  return TRUE;
}

/* Demo certificates go through the register's own write path, so they carry
 * the same audit entries and search index as registered ones. */
static gboolean
add_euc (Demo    *demo,
         GError **error)
{
  const char *country = PICK (demo, countries);
  g_autofree char *issued = random_date (demo, 2006);
  g_autoptr(LdEuc) e = ld_euc_new ();
  const LdCountry *c = ld_country_lookup (country);
  LdEucStatus status;

  e->certificate_number = g_strdup_printf ("EUC/%s/%.4s/%07" G_GINT64_FORMAT, country, issued, ++demo->serial);
  e->issuing_country = g_strdup (country);
  e->destination_country = g_strdup (country);
  e->end_user_name = g_strdup_printf ("%s of %s", PICK (demo, end_users), c ? c->name : country);
  e->issued_on = g_steal_pointer (&issued);
  e->expires_on = add_years (e->issued_on, 1);
  e->item_description = g_strdup (PICK (demo, items));
  e->quantity = g_rand_int_range (demo->rand, 1, 5000);
  e->undertakes_no_reexport = e->undertakes_no_wmd = e->undertakes_end_use_only = TRUE;
  e->original_seen = g_rand_boolean (demo->rand);
  if (!ld_euc_status_from_string (PICK (demo, euc_statuses), &status))
    g_assert_not_reached ();
  return _ld_euc_repo_insert (demo->store, demo->actor, e, status, NULL, error);
}

/* The day a historic licence was issued: on or after its case was received. */
static char *
licence_issue_day (Demo               *demo,
                   const ApprovedCase *c)
{
  char *day = random_date (demo, 2006);

  if (c != NULL && g_strcmp0 (day, c->received) < 0)
    {
      g_free (day);
      day = g_strdup (c->received);
    }
  return day;
}

/* The licence's one item line, used up as far as its status says. */
static gboolean
add_licence_line (Demo        *demo,
                  const char  *licence_id,
                  const char  *status,
                  const char  *item,
                  gint64       quantity,
                  GError     **error)
{
  gint64 shipped = g_str_equal (status, "exhausted") ? quantity
                 : g_str_equal (status, "issued") ? 0 : g_rand_int_range (demo->rand, 0, (gint32) quantity);
  sqlite3_stmt *stmt = ld_store_prepare (demo->store, "INSERT INTO licence_line (licence_id, line_no, category,"
                                                      " description, quantity, shipped) VALUES (?, 1, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, licence_id);
  ld_store_bind_text (stmt, 2, PICK (demo, item_categories));
  ld_store_bind_text (stmt, 3, item);
  sqlite3_bind_int64 (stmt, 4, quantity);
  sqlite3_bind_int64 (stmt, 5, shipped);
  return ld_store_step_done (demo->store, stmt, error);
}

/* A historic licence, issued from a generated approved case when one waits
 * for it, and numbered by the same series counter as a licence issued at
 * the desk, so its number is never given again. */
static gboolean
add_licence (Demo    *demo,
             GError **error)
{
  static const char *keys[] = { "licence_number", "kind", "holder_name", "destination_country", "status",
                                "valid_from", "valid_until", "application_id", "series", "series_number",
                                "issued_on", "issued_at", "issued_by", "conditions", NULL };
  g_autoptr(ApprovedCase) c = g_queue_pop_head (demo->approved);
  g_autofree char *from = licence_issue_day (demo, c);
  g_autofree char *until = add_years (from, 2);
  g_autofree char *holder = c ? g_strdup (c->applicant) : company_name (demo);
  const char *kind = c ? c->kind : PICK (demo, application_kinds);
  g_autofree char *series = ld_licence_series (kind, atoi (from));
  gint64 n = _ld_licence_repo_allocate_number (demo->store, series, error);
  g_autofree char *number = ld_licence_format_number (series, n);
  g_autofree char *n_text = g_strdup_printf ("%" G_GINT64_FORMAT, n);
  g_autofree char *quantity = c ? g_strdup (c->quantity) : g_strdup_printf ("%d", g_rand_int_range (demo->rand, 1, 5000));
  g_autofree char *id = NULL;
  const char *status = PICK (demo, licence_statuses);
  const char *values[15] = { number, kind, holder, c ? c->destination : PICK (demo, countries), status, from, until,
                             c ? c->id : NULL, series, n_text, from, from, demo->actor->login, "[]", NULL };
  const char *search[3] = { number, holder, NULL };

  if (n == 0)
    return FALSE;
  return insert_record_id (demo, ld_section_lookup ("licences"),
                           "INSERT INTO licence (id, licence_number, kind, holder_name, destination_country, status,"
                           " valid_from, valid_until, application_id, series, series_number, issued_on, issued_at,"
                           " issued_by, conditions, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                           keys, values, search, &id, error) &&
         add_licence_line (demo, id, status, c ? c->item : PICK (demo, items), g_ascii_strtoll (quantity, NULL, 10),
                           error);
}

/* The mix of a real office: many applications and licences, fewer brokers. */
static gboolean
add_one (Demo    *demo,
         gint64   i,
         GError **error)
{
  switch (i % 25)
    {
    case 0:
      return add_broker (demo, error);
    case 1: case 2: case 3: case 4:
      return add_euc (demo, error);
    case 5: case 6: case 7: case 8: case 9: case 10: case 11: case 12:
      return add_licence (demo, error);
    default:
      return add_application (demo, error);
    }
}

static gint64
max_serial (LdStore *store)
{
  /* Numbers continue after an earlier demo run in the same store. */
  gint64 n = 0;

  ld_store_query_int64 (store, "SELECT count(*) FROM audit_log", &n, NULL);
  return n;
}

/* A few complete cases with thousands of serial numbers, taken through the
 * real workflow by the demo officer and senior officers. Only a few: the
 * 1,000,000-record demo must stay quick. */
static const struct { const char *kind; guint n_serials; LdCaseAction steps[6]; guint n_steps; } showcases[] = {
  { "export", 5000, { LD_CASE_ACTION_SUBMIT, LD_CASE_ACTION_ASSESS, LD_CASE_ACTION_RECOMMEND_APPROVAL,
                      LD_CASE_ACTION_APPROVE }, 4 },
  { "import", 2500, { LD_CASE_ACTION_SUBMIT, LD_CASE_ACTION_ASSESS, LD_CASE_ACTION_REQUEST_INFO }, 3 },
  { "transit", 1200, { LD_CASE_ACTION_SUBMIT }, 1 },
  { "re_export", 800, { 0 }, 0 },
};

static LdCase *
showcase_case (const char *kind,
               guint       n_serials,
               guint       number)
{
  LdCase *c = ld_case_new ();
  LdCaseItem *it = ld_case_item_new ();
  static const char *party[][4] = {
    { "applicant", "commercial", "Nordvik Defence Systems AB", "SE" },
    { "consignee", "government", "Ministry of Interior", "GH" },
    { "end_user", "police", "Ghana Police Service", "GH" },
    { "carrier", "commercial", "Baltic Freight Ltd", "LT" },
  };

  c->kind = g_strdup (kind);
  c->origin_country = g_strdup ("SE");
  c->export_country = g_strdup ("SE");
  g_ptr_array_add (c->transit, g_strdup ("DE"));
  g_ptr_array_add (c->transit, g_strdup ("MA"));
  c->destination_country = g_strdup ("GH");
  c->end_use = g_strdup ("Service weapons for police patrol units");
  c->euc_reference = g_strdup_printf ("EUC/GH/%u", number);
  c->contract_reference = g_strdup_printf ("C-%u", number);
  for (guint i = 0; i < G_N_ELEMENTS (party); i++)
    {
      LdCaseParty *p = ld_case_party_new ();

      p->role = g_strdup (party[i][0]);
      p->party_type = g_strdup (party[i][1]);
      p->name = g_strdup (party[i][2]);
      p->country = g_strdup (party[i][3]);
      g_ptr_array_add (c->parties, p);
    }
  it->category = g_strdup ("revolvers_pistols");
  it->description = g_strdup ("Self-loading pistols 9x19 mm");
  it->manufacturer = g_strdup ("Nordvik");
  it->quantity = n_serials;
  it->unit_value = g_strdup ("640.00");
  it->currency = g_strdup ("EUR");
  it->control_entry = g_strdup ("ML1");
  it->hs_code = g_strdup ("930200");
  it->manufacture_country = g_strdup ("SE");
  it->marking_method = g_strdup ("metal insert");
  for (guint i = 0; i < n_serials; i++)
    g_ptr_array_add (it->serials, g_strdup_printf ("NV%u-%06u", number, i));
  g_ptr_array_add (c->items, it);
  return c;
}

/* The certificate a showcase case names is in the register and covers it,
 * so the reference on the case leads to a registered certificate. */
static gboolean
add_showcase_euc (Demo           *demo,
                  const LdActor  *officer,
                  const LdCase   *c,
                  const char     *application_id,
                  char          **out_euc_id,
                  GError        **error)
{
  g_autoptr(LdEuc) e = ld_euc_new ();
  const LdCaseItem *item = g_ptr_array_index (c->items, 0);
  g_autofree char *euc_id = NULL;

  e->certificate_number = g_strdup (c->euc_reference);
  e->issuing_country = g_strdup (c->destination_country);
  e->issuing_authority = g_strdup ("Ministry of the Interior, Accra");
  e->signatory = g_strdup ("Director of Police Logistics");
  e->issued_on = g_strdup ("2025-11-20");
  e->certified_on = g_strdup ("2025-11-24");
  e->expires_on = g_strdup ("2026-11-20");
  e->item_description = g_strdup (item->description);
  e->quantity = item->quantity;
  e->contract_reference = g_strdup (c->contract_reference);
  e->destination_country = g_strdup (c->destination_country);
  e->end_use = g_strdup (c->end_use);
  e->exporter_name = g_strdup ("Nordvik Defence Systems AB");
  e->end_user_name = g_strdup ("Ghana Police Service");
  e->end_user_position = g_strdup ("Inspector-General of Police");
  e->undertakes_end_use_only = e->undertakes_no_reexport = e->undertakes_no_wmd = TRUE;
  e->undertakes_dvc = e->end_user_signature_seen = e->original_seen = TRUE;
  if (!ld_store_begin (demo->store, error))
    return FALSE;
  if (!_ld_euc_repo_insert (demo->store, officer, e, LD_EUC_UNVERIFIED, &euc_id, error) ||
      !_ld_euc_repo_link_first (demo->store, officer, euc_id, application_id, error) ||
      !ld_store_commit (demo->store, error))
    {
      ld_store_rollback (demo->store);
      return FALSE;
    }
  *out_euc_id = g_steal_pointer (&euc_id);
  return TRUE;
}

static char *
day_from_today (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

/* Requests to re-export under the issued showcase's certificate, as the end
 * user's government sends them: one to a police force of the region, one to
 * a company in a state under a UN arms embargo, which screening raises. The
 * demo command screens them (the layer above) and decides the first. */
static gboolean
add_showcase_consents (Demo           *demo,
                       const LdActor  *officer,
                       const char     *euc_id,
                       GError        **error)
{
  g_autofree char *received = day_from_today (-3);
  const LdEucConsentRequest requests[] = {
    { received, (char *) "Ministry of the Interior, Accra", (char *) "Togo National Police", (char *) "TG",
      (char *) "Self-loading pistols 9x19 mm", 40, (char *) "Regional peacekeeping training" },
    { received, (char *) "Ministry of the Interior, Accra", (char *) "Sierra Leone Police", (char *) "SL",
      (char *) "Self-loading pistols 9x19 mm", 25, (char *) "Donation after a joint exercise" },
    { received, (char *) "Ghana Police Service", (char *) "Juba Security Services Ltd", (char *) "SS",
      (char *) "Self-loading pistols 9x19 mm", 60, (char *) "Resale to a private security company" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      g_autoptr(LdEucRecord) r = ld_euc_repo_request_consent (demo->store, officer, euc_id, &requests[i], NULL, error);

      if (r == NULL)
        return FALSE;
    }
  return TRUE;
}

/* The register's two oldest certificates in force. */
static gboolean
first_two_eucs (LdStore  *store,
                char    **out_first,
                char    **out_second,
                GError  **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT id FROM euc WHERE voided_at IS NULL ORDER BY rowid LIMIT 2",
                                         error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    *out_first = ld_store_column_dup (stmt, 0);
  if (rc == SQLITE_ROW && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    *out_second = ld_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      ld_store_set_error (store, error, rc, "finding certificates for the demonstration");
      return FALSE;
    }
  return TRUE;
}

/* After shipment: the showcase licence's delivery verification certificate
 * is due in 90 days; two certificates of the register show one overdue and
 * one received, so the lists and pages show each state. */
static gboolean
add_showcase_dvcs (Demo           *demo,
                   const LdActor  *officer,
                   const char     *euc_id,
                   GError        **error)
{
  g_autofree char *due = day_from_today (90);
  g_autofree char *late = day_from_today (-20);
  g_autofree char *came = day_from_today (-5);
  g_autofree char *first = NULL, *second = NULL;
  g_autoptr(LdEucRecord) r = ld_euc_repo_record_dvc (demo->store, officer, euc_id, due, NULL, NULL, error);
  g_autoptr(LdEucRecord) overdue = NULL;
  g_autoptr(LdEucRecord) received = NULL;

  if (r == NULL || !first_two_eucs (demo->store, &first, &second, error))
    return FALSE;
  if (first == NULL || second == NULL)
    return TRUE;
  overdue = ld_euc_repo_record_dvc (demo->store, officer, first, late, NULL, NULL, error);
  received = overdue ? ld_euc_repo_record_dvc (demo->store, officer, second, late, came, NULL, error) : NULL;
  return received != NULL;
}

/* A case goes to a recommendation only once it has been screened, as the
 * workflow requires; without a screener the showcases stop at assessment. */
static gboolean
may_take_step (LdCaseAction action,
               gboolean     screened)
{
  return screened || (action != LD_CASE_ACTION_RECOMMEND_APPROVAL && action != LD_CASE_ACTION_RECOMMEND_REFUSAL &&
                      action != LD_CASE_ACTION_APPROVE && action != LD_CASE_ACTION_REFUSE);
}

/* The approved showcase is issued by the issuance desk through the same path
 * as at the desk, and a first shipment is recorded under it. */
static gboolean
issue_showcase (Demo        *demo,
                const char  *case_id,
                const char  *euc_id,
                GError     **error)
{
  g_autoptr(LdActor) desk = ld_user_repo_find (demo->store, "demo.issuance", NULL);
  g_autoptr(LdActor) officer = ld_user_repo_find (demo->store, "demo.officer", NULL);
  const char *codes[] = { "no-reexport", "dvc-90", NULL };
  LdLicenceTerms terms = { NULL, NULL, codes, NULL };
  g_autoptr(LdLicence) licence = NULL;
  g_autoptr(LdShipment) shipment = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *customs = NULL;
  LdShipmentQuantity part = { 1, 100 };
  LdShipmentInput in = { today, NULL, &part, 1, NULL };

  if (desk == NULL || officer == NULL)
    return TRUE;
  if (!(licence = ld_licence_repo_issue (demo->store, desk, case_id, &terms, NULL, error)))
    return FALSE;
  customs = g_strdup_printf ("CD-%s-%" G_GINT64_FORMAT, today, ++demo->serial);
  in.customs_reference = customs;
  shipment = ld_licence_repo_ship (demo->store, officer, licence->number, &in, error);
  return shipment != NULL && add_showcase_dvcs (demo, officer, euc_id, error) &&
         add_showcase_consents (demo, officer, euc_id, error);
}

static gboolean
add_showcases (Demo    *demo,
               GError **error)
{
  g_autoptr(LdActor) officer = ld_user_repo_find (demo->store, "demo.officer", NULL);
  g_autoptr(LdActor) senior = ld_user_repo_find (demo->store, "demo.senior", NULL);

  if (officer == NULL || senior == NULL)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (showcases); i++)
    {
      g_autoptr(LdCase) c = showcase_case (showcases[i].kind, showcases[i].n_serials, (guint) ++demo->serial);
      g_autoptr(LdCaseRecord) r = ld_case_repo_create (demo->store, officer, c, error);
      g_autofree char *euc_id = NULL;
      gboolean screened = FALSE;

      if (r == NULL || !add_showcase_euc (demo, officer, c, r->id, &euc_id, error))
        return FALSE;
      for (guint k = 0; k < showcases[i].n_steps && may_take_step (showcases[i].steps[k], screened); k++)
        {
          LdCaseAction action = showcases[i].steps[k];
          LdCaseDecision why = { NULL, action == LD_CASE_ACTION_APPROVE
                                       ? "Demonstration: the recommendation and the assessment hold."
                                       : "Demonstration: the assessment found no risk that outweighs the transfer." };
          LdCaseRecord *next = ld_case_repo_transition (demo->store, action == LD_CASE_ACTION_APPROVE ? senior : officer,
                                                        r->id, action, &why, NULL, error);

          if (next == NULL)
            return FALSE;
          ld_case_record_free (next);
          if (action == LD_CASE_ACTION_SUBMIT && demo->screen)
            screened = demo->screen (demo->store, officer, r->id, demo->screen_data);
          if (action == LD_CASE_ACTION_APPROVE && !issue_showcase (demo, r->id, euc_id, error))
            return FALSE;
        }
    }
  return TRUE;
}

/**
 * ld_demo_generate:
 * @actor: an administrator
 * @n_records: how many register records to add
 * @seed: the random seed, so a run can be repeated
 *
 * Fills @store with plausible brokers, applications, end-use certificates and
 * licences through the same audited write path as real work.
 */
gboolean
ld_demo_generate (LdStore        *store,
                  const LdActor  *actor,
                  gint64          n_records,
                  guint32         seed,
                  LdDemoProgress  progress,
                  gpointer        user_data,
                  GCancellable   *cancellable,
                  GError        **error)
{
  return ld_demo_generate_full (store, actor, n_records, seed, NULL, NULL, progress, user_data, cancellable, error);
}

/**
 * ld_demo_generate_full:
 * @screen: (nullable): screens the showcase cases once submitted, so that
 *   they can be taken on to a decision
 *
 * As ld_demo_generate().
 */
gboolean
ld_demo_generate_full (LdStore        *store,
                       const LdActor  *actor,
                       gint64          n_records,
                       guint32         seed,
                       LdDemoScreen    screen,
                       gpointer        screen_data,
                       LdDemoProgress  progress,
                       gpointer        user_data,
                       GCancellable   *cancellable,
                       GError        **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GQueue) approved = g_queue_new ();
  Demo demo = { store, actor, rand, 0, screen, screen_data, approved };
  gboolean ok;

  if (!ld_actor_require (actor, LD_PERMISSION_GENERATE_DEMO_DATA, error))
    return FALSE;

  for (gint64 i = 0; i < n_records;)
    {
      gint64 end = MIN (n_records, i + BATCH);

      if (g_cancellable_set_error_if_cancelled (cancellable, error) || !ld_store_begin (store, error))
        return FALSE;
      if (demo.serial == 0)
        demo.serial = max_serial (store);
      for (; i < end; i++)
        if (!add_one (&demo, i, error))
          {
            ld_store_rollback (store);
            g_queue_clear_full (approved, (GDestroyNotify) approved_case_free);
            return FALSE;
          }
      if (!ld_store_commit (store, error))
        {
          g_queue_clear_full (approved, (GDestroyNotify) approved_case_free);
          return FALSE;
        }
      if (progress)
        progress (i, n_records, user_data);
    }
  /* Small stores (the tests') keep their exact record counts. */
  ok = n_records < 1000 || add_showcases (&demo, error);
  g_queue_clear_full (approved, (GDestroyNotify) approved_case_free);
  /* A bulk load leaves the search indexes in many segments; merged, they
   * read as a migrated store's do (0034-search-merged.sql). */
  return ok && ld_section_merge_indexes (store, error);
}

/**
 * ld_demo_ensure_profiles:
 *
 * Makes sure a profile for each role exists ("demo.admin", "demo.clerk",
 * "demo.officer", "demo.senior", "demo.senior2", "demo.issuance",
 * "demo.auditor"), so that every flow, four-eyes included, can be tried.
 * Each names its own person (DEMO-0001 …) and has the documented demo
 * credential %LD_DEMO_CREDENTIAL.
 *
 * Returns: (transfer full) (nullable): the demo administrator
 */
LdActor *
ld_demo_ensure_profiles (LdStore  *store,
                         GError  **error)
{
  static const struct { const char *login; const char *name; LdRole role; const char *person; } people[] = {
    { "demo.admin", "Amina Diallo", LD_ROLE_ADMINISTRATOR, "DEMO-0001" },
    { "demo.clerk", "Jonas Berg", LD_ROLE_CLERK, "DEMO-0002" },
    { "demo.officer", "María Fernández", LD_ROLE_LICENSING_OFFICER, "DEMO-0003" },
    { "demo.officer2", "Kwame Mensah", LD_ROLE_LICENSING_OFFICER, "DEMO-0004" },
    { "demo.senior", "Olena Kovalenko", LD_ROLE_SENIOR_OFFICER, "DEMO-0005" },
    { "demo.senior2", "Li Wei", LD_ROLE_SENIOR_OFFICER, "DEMO-0006" },
    { "demo.issuance", "Samir Haddad", LD_ROLE_ISSUANCE_DESK, "DEMO-0007" },
    { "demo.auditor", "Grace Otieno", LD_ROLE_AUDITOR, "DEMO-0008" },
  };
  g_autoptr(LdActor) admin = ld_user_repo_find (store, people[0].login, NULL);

  if (admin == NULL)
    {
      gint64 n_users = ld_user_repo_count (store, error);
      LdNewProfile first = { people[0].login, people[0].name, people[0].role, people[0].person, LD_DEMO_CREDENTIAL };

      if (n_users < 0)
        return NULL;
      if (n_users > 0)
        {
          g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_FAILED,
                       _("%s already has user profiles of its own, so demonstration data is not added to it. "
                         "Use a new store for the demonstration."), ld_store_get_path (store));
          return NULL;
        }
      admin = ld_user_repo_create (store, NULL, &first, error);
      if (admin == NULL)
        return NULL;
    }
  for (guint i = 1; i < G_N_ELEMENTS (people); i++)
    {
      g_autoptr(LdActor) user = ld_user_repo_find (store, people[i].login, NULL);
      LdNewProfile profile = { people[i].login, people[i].name, people[i].role, people[i].person, LD_DEMO_CREDENTIAL };

      if (user == NULL)
        user = ld_user_repo_create (store, admin, &profile, error);
      if (user == NULL)
        return NULL;
    }
  return g_steal_pointer (&admin);
}

/* ---- millions of serial numbers ----------------------------------------- */

/* A historic licence from a generated case, with its quantity, that has no
 * serial numbers yet. */
typedef struct
{
  char   *licence_id;
  char   *application_id;
  char   *version_id;
  char   *category;
  char   *description;
  char   *destination;
  gint64  quantity;
  gint64  rowid;
} SerialTarget;

static void
serial_target_clear (SerialTarget *t)
{
  g_free (t->licence_id); g_free (t->application_id); g_free (t->version_id); g_free (t->category);
  g_free (t->description); g_free (t->destination);
}

static gboolean
next_serial_target (LdStore       *store,
                    gint64         after_rowid,
                    SerialTarget  *out,
                    GError       **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT l.id, l.application_id, v.id, ln.category, ln.description, l.destination_country, ln.quantity, l.rowid"
    " FROM licence l JOIN licence_line ln ON ln.licence_id = l.id AND ln.line_no = 1"
    " JOIN application_version v ON v.application_id = l.application_id AND v.version = 1"
    " WHERE l.rowid > ? AND l.application_id IS NOT NULL"
    " AND NOT EXISTS (SELECT 1 FROM application_item i WHERE i.version_id = v.id)"
    " ORDER BY l.rowid LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, after_rowid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out->licence_id = ld_store_column_dup (stmt, 0);
      out->application_id = ld_store_column_dup (stmt, 1);
      out->version_id = ld_store_column_dup (stmt, 2);
      out->category = ld_store_column_dup (stmt, 3);
      out->description = ld_store_column_dup (stmt, 4);
      out->destination = ld_store_column_dup (stmt, 5);
      out->quantity = sqlite3_column_int64 (stmt, 6);
      out->rowid = sqlite3_column_int64 (stmt, 7);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    ld_store_set_error (store, error, rc, _("finding licences for serial numbers"));
  return rc == SQLITE_ROW;
}

/* The case's item line as a marked weapon record: the maker's marking and
 * the import marking of the destination, as the ITI asks. */
static gboolean
insert_marked_item (LdStore            *store,
                    const SerialTarget *t,
                    const char         *item_id,
                    GError            **error)
{
  g_autofree char *marking = g_strdup_printf ("NORDVIK AB SE %" G_GINT64_FORMAT, t->rowid % 97);
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO application_item (id, version_id, line_no, category, description, manufacturer, quantity,"
    " manufacturer_marking, manufacture_country, import_marking_country, import_marking_year)"
    " VALUES (?, ?, 1, ?, ?, 'Nordvik', ?, ?, 'SE', ?, 2026)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, item_id);
  ld_store_bind_text (stmt, 2, t->version_id);
  ld_store_bind_text (stmt, 3, t->category);
  ld_store_bind_text (stmt, 4, t->description);
  sqlite3_bind_int64 (stmt, 5, t->quantity);
  ld_store_bind_text (stmt, 6, marking);
  ld_store_bind_text (stmt, 7, t->destination);
  return ld_store_step_done (store, stmt, error);
}

/* Serial numbers "DM<licence>-<n>", on the case (closed: it was decided)
 * and on the licence issued from it. */
static gboolean
insert_target_serials (LdStore            *store,
                       const SerialTarget *t,
                       const char         *item_id,
                       gint64              n,
                       GError            **error)
{
  for (gint64 i = 0; i < n; i++)
    {
      g_autofree char *serial = g_strdup_printf ("DM%" G_GINT64_FORMAT "-%06" G_GINT64_FORMAT, t->rowid, i);
      g_autofree char *key = ld_licence_serial_key (serial);
      sqlite3_stmt *stmt = ld_store_prepare (store, "INSERT INTO application_serial (item_id, application_id, serial,"
                                                    " open) VALUES (?, ?, ?, 0)", error);

      if (stmt == NULL)
        return FALSE;
      ld_store_bind_text (stmt, 1, item_id);
      ld_store_bind_text (stmt, 2, t->application_id);
      ld_store_bind_text (stmt, 3, serial);
      if (!ld_store_step_done (store, stmt, error) ||
          !(stmt = ld_store_prepare (store, "INSERT INTO licence_serial (licence_id, line_no, serial, serial_key)"
                                            " VALUES (?, 1, ?, ?)", error)))
        return FALSE;
      ld_store_bind_text (stmt, 1, t->licence_id);
      ld_store_bind_text (stmt, 2, serial);
      ld_store_bind_text (stmt, 3, key);
      if (!ld_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* The case changed (it gained its item rows): audited like any change, so
 * `audit verify` finds its rows as the log says. */
static gboolean
record_marked_case (LdStore            *store,
                    const LdActor      *actor,
                    const SerialTarget *t,
                    gint64              n,
                    GError            **error)
{
  g_autofree char *after = g_strdup_printf ("{\"demo_serials\":%" G_GINT64_FORMAT ",\"licence\":\"%s\"}", n,
                                            t->licence_id);
  gint64 version = 1;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT row_version FROM application WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, t->application_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return ld_store_record_change (store, actor, "demo_serials", "application", t->application_id, version, NULL, after,
                                 error);
}

/**
 * ld_demo_add_serials:
 * @n_serials: how many serial numbers to add in all
 *
 * Gives the generated licences their weapons: each licence issued from a
 * generated case gets as many serial numbers as its quantity, on the case's
 * item line (with a manufacturer's and an import marking) and on the licence,
 * until @n_serials are written, so that tracing can be tried and measured
 * among millions. Run it after ld_demo_generate(); the licences it fills are
 * those without serial numbers yet, so a second run adds more.
 *
 * Returns: %FALSE with @error set on failure; fewer serial numbers than asked
 *   when the store has too few licences (*@out_added says how many)
 */
gboolean
ld_demo_add_serials (LdStore        *store,
                     const LdActor  *actor,
                     gint64          n_serials,
                     gint64         *out_added,
                     LdDemoProgress  progress,
                     gpointer        user_data,
                     GCancellable   *cancellable,
                     GError        **error)
{
  gint64 added = 0, last_rowid = 0;

  if (!ld_actor_require (actor, LD_PERMISSION_GENERATE_DEMO_DATA, error))
    return FALSE;
  while (added < n_serials)
    {
      gint64 in_batch = 0;
      gboolean more = TRUE;

      if (g_cancellable_set_error_if_cancelled (cancellable, error) || !ld_store_begin (store, error))
        return FALSE;
      while (more && in_batch < BATCH * 40 && added < n_serials)
        {
          SerialTarget t = { 0 };
          GError *local_error = NULL;

          if (!next_serial_target (store, last_rowid, &t, &local_error))
            {
              more = FALSE;
              if (local_error)
                {
                  g_propagate_error (error, local_error);
                  ld_store_rollback (store);
                  return FALSE;
                }
              break;
            }
          {
            g_autofree char *item_id = g_uuid_string_random ();
            gint64 n = MIN (t.quantity, n_serials - added);

            last_rowid = t.rowid;
            if (!insert_marked_item (store, &t, item_id, error) ||
                !insert_target_serials (store, &t, item_id, n, error) ||
                !record_marked_case (store, actor, &t, n, error))
              {
                serial_target_clear (&t);
                ld_store_rollback (store);
                return FALSE;
              }
            added += n;
            in_batch += n;
          }
          serial_target_clear (&t);
        }
      if (!ld_store_commit (store, error))
        return FALSE;
      if (progress)
        progress (added, n_serials, user_data);
      if (!more)
        break;
    }
  if (out_added)
    *out_added = added;
  return TRUE;
}
