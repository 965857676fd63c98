/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-licence-repo"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ld-case-gate.h"
#include "ld-case-repo-private.h"
#include "ld-licence-repo.h"
#include "ld-json-members.h"
#include "ld-licence-repo-private.h"
#include "ld-pulled-image.h"
#include "ld-pulled.h"
#include "ld-section.h"
#include "ld-user-repo-private.h"
#include "ld-store-private.h"
#include "ld-validate.h"

/*
 * Licences after the decision (issue 11). Every act runs in one write
 * transaction (BEGIN IMMEDIATE), so a second desk process waits for it: the
 * number a licence takes, the quantities a shipment uses and the status an act
 * changes are read and written under the same lock, and two processes never
 * give one number twice or leave a gap.
 */

#define ENTITY "licence"

/* A string literal, so that each query is one constant statement. */
#define SELECT_LICENCE \
  "SELECT l.id, l.rowid, l.row_version, l.licence_number, l.application_id, a.reference," \
  " coalesce (l.application_version, 0), l.kind, l.holder_name, l.destination_country, l.status, l.valid_from," \
  " l.valid_until, l.issued_on, l.issued_at, l.issued_by, l.conditions," \
  " (SELECT count(*) FROM licence_serial s WHERE s.licence_id = l.id)," \
  " (SELECT u.display_name FROM user_profile u WHERE u.login = l.issued_by), l.number_state, l.void_reason," \
  " (SELECT d.number FROM desk_number d WHERE d.entity = 'licence' AND d.record_id = l.id) FROM licence l LEFT JOIN application a ON a.id = l.application_id"

/* ---- freeing ----------------------------------------------------------- */

static void
line_free (LdLicenceLine *line)
{
  g_free (line->category);
  g_free (line->description);
  g_free (line);
}

static void
event_free (LdLicenceEvent *e)
{
  g_free (e->action); g_free (e->from_status); g_free (e->to_status); g_free (e->actor_login); g_free (e->actor_name);
  g_free (e->role); g_free (e->at); g_free (e->reason);
  g_free (e);
}

void
ld_shipment_free (LdShipment *s)
{
  if (s == NULL)
    return;
  g_free (s->id); g_free (s->shipped_on); g_free (s->customs_reference); g_free (s->recorded_at);
  g_free (s->recorded_by); g_free (s->voided_at); g_free (s->voided_by); g_free (s->void_reason);
  g_array_unref (s->quantities);
  g_ptr_array_unref (s->serials);
  g_free (s);
}

void
ld_licence_free (LdLicence *l)
{
  if (l == NULL)
    return;
  g_free (l->id); g_free (l->number); g_free (l->application_id); g_free (l->application_reference);
  g_free (l->kind); g_free (l->holder_name); g_free (l->destination_country); g_free (l->valid_from);
  g_free (l->valid_until); g_free (l->issued_on); g_free (l->issued_at); g_free (l->issued_by);
  g_free (l->issued_by_name);
  g_free (l->void_reason);
  g_free (l->desk_number);
  g_strfreev (l->conditions);
  g_clear_pointer (&l->lines, g_ptr_array_unref);
  g_clear_pointer (&l->events, g_ptr_array_unref);
  g_clear_pointer (&l->shipments, g_ptr_array_unref);
  g_clear_pointer (&l->voided_shipments, g_ptr_array_unref);
  g_free (l);
}

void
ld_licence_condition_free (LdLicenceCondition *c)
{
  g_free (c->code);
  g_free (c->text);
  g_free (c);
}

/**
 * ld_licence_check_printable:
 *
 * A licence prints (as a PDF, on paper, or in a verification payload) only
 * with its final number: on a desk synced with a central database, not while
 * the server has not given it, and never when the server refused the issue.
 *
 * Returns: %TRUE when @licence may be printed as issued; else @error says why
 */
gboolean
ld_licence_check_printable (const LdLicence  *licence,
                            GError          **error)
{
  switch (licence->number_state)
    {
    case LD_LICENCE_NUMBER_PENDING:
      g_set_error_literal (error, LD_LICENCE_ERROR, LD_LICENCE_ERROR_NOT_CONFIRMED,
                           _("This licence cannot be printed yet: its issue is pending until the central database "
                             "gives its number. Sync the desk (Central Database, Sync Now) and print it once the "
                             "number has arrived."));
      return FALSE;
    case LD_LICENCE_NUMBER_REFUSED:
      g_set_error (error, LD_LICENCE_ERROR, LD_LICENCE_ERROR_NOT_CONFIRMED,
                   _("This licence was not issued: the central database refused the issue (%s). It cannot be "
                     "printed; correct the cause and issue the case again."),
                   licence->void_reason ? licence->void_reason : _("no reason given"));
      return FALSE;
    case LD_LICENCE_NUMBER_FINAL:
    default:
      break;
    }
  if (licence->number == NULL)
    {
      g_set_error_literal (error, LD_LICENCE_ERROR, LD_LICENCE_ERROR_NOT_CONFIRMED,
                           _("This licence has no number, so it cannot be printed."));
      return FALSE;
    }
  return TRUE;
}

/**
 * ld_licence_describe_number:
 *
 * Returns: (transfer full): the licence's number, or what stands in its place
 *   while it has none, for titles and lists; with the number it was printed
 *   with at its desk when the central database numbered it anew
 */
char *
ld_licence_describe_number (const LdLicence *licence)
{
  switch (licence->number_state)
    {
    case LD_LICENCE_NUMBER_PENDING:
      return g_strdup (_("Issue pending: the central database gives the number"));
    case LD_LICENCE_NUMBER_REFUSED:
      return g_strdup (_("Not issued: the central database refused the issue"));
    case LD_LICENCE_NUMBER_FINAL:
    default:
      /* Renumbered by the central database: the printed number beside it. */
      if (licence->desk_number && licence->number)
        return g_strdup_printf (_("%s (printed as %s)"), licence->number, licence->desk_number);
      return g_strdup (licence->number ? licence->number : "");
    }
}

/* ---- small helpers ----------------------------------------------------- */

static char *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static GStrv
conditions_from_json (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *root;

  if (json != NULL && json_parser_load_from_data (parser, json, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        g_strv_builder_add (builder, json_array_get_string_element (array, i));
    }
  return g_strv_builder_end (builder);
}

static char *
conditions_to_json (GPtrArray *texts)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (b);
  for (guint i = 0; i < texts->len; i++)
    json_builder_add_string_value (b, texts->pdata[i]);
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; p && *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* ---- reading ----------------------------------------------------------- */

static LdLicence *
licence_from_row (sqlite3_stmt *stmt)
{
  LdLicence *l = g_new0 (LdLicence, 1);
  g_autofree char *status = ld_store_column_dup (stmt, 10);
  g_autofree char *conditions = ld_store_column_dup (stmt, 16);
  g_autofree char *number_state = ld_store_column_dup (stmt, 19);
  g_autofree char *now = today ();

  l->id = ld_store_column_dup (stmt, 0);
  l->rowid = sqlite3_column_int64 (stmt, 1);
  l->row_version = sqlite3_column_int64 (stmt, 2);
  l->number = ld_store_column_dup (stmt, 3);
  l->application_id = ld_store_column_dup (stmt, 4);
  l->application_reference = ld_store_column_dup (stmt, 5);
  l->application_version = sqlite3_column_int (stmt, 6);
  l->kind = ld_store_column_dup (stmt, 7);
  l->holder_name = ld_store_column_dup (stmt, 8);
  l->destination_country = ld_store_column_dup (stmt, 9);
  if (!ld_licence_status_from_string (status, &l->status))
    l->status = LD_LICENCE_STATUS_REVOKED;   /* a name this release does not know: never usable */
  l->valid_from = ld_store_column_dup (stmt, 11);
  l->valid_until = ld_store_column_dup (stmt, 12);
  l->issued_on = ld_store_column_dup (stmt, 13);
  l->issued_at = ld_store_column_dup (stmt, 14);
  l->issued_by = ld_store_column_dup (stmt, 15);
  l->issued_by_name = ld_store_column_dup (stmt, 18);
  l->number_state = g_strcmp0 (number_state, "pending") == 0 ? LD_LICENCE_NUMBER_PENDING
                    : g_strcmp0 (number_state, "refused") == 0 ? LD_LICENCE_NUMBER_REFUSED
                    : LD_LICENCE_NUMBER_FINAL;
  l->void_reason = ld_store_column_dup (stmt, 20);
  l->desk_number = ld_store_column_dup (stmt, 21);
  l->conditions = conditions_from_json (conditions);
  l->n_serials = sqlite3_column_int64 (stmt, 17);
  l->effective = ld_licence_status_effective (l->status, l->valid_until, now);
  l->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);
  l->events = g_ptr_array_new_with_free_func ((GDestroyNotify) event_free);
  l->shipments = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_shipment_free);
  l->voided_shipments = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_shipment_free);
  l->warning = ld_licence_expiry_warning (l->status, l->valid_until, now);
  return l;
}

static void
add_line_row (sqlite3_stmt *stmt,
              gpointer      lines)
{
  LdLicenceLine *line = g_new0 (LdLicenceLine, 1);

  line->line_no = sqlite3_column_int (stmt, 0);
  line->category = ld_store_column_dup (stmt, 1);
  line->description = ld_store_column_dup (stmt, 2);
  line->quantity = sqlite3_column_int64 (stmt, 3);
  line->shipped = sqlite3_column_int64 (stmt, 4);
  g_ptr_array_add (lines, line);
}

static gboolean
load_lines (LdStore    *store,
            LdLicence  *l,
            GError    **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT line_no, category, description, quantity, shipped"
                                                " FROM licence_line WHERE licence_id = ? ORDER BY line_no", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, l->id);
  return ld_store_read_rows (store, stmt, add_line_row, l->lines, _("reading a licence's item lines"), error);
}

static void
add_event_row (sqlite3_stmt *stmt,
               gpointer      events)
{
  LdLicenceEvent *e = g_new0 (LdLicenceEvent, 1);

  e->seq = sqlite3_column_int64 (stmt, 0);
  e->action = ld_store_column_dup (stmt, 1);
  e->from_status = ld_store_column_dup (stmt, 2);
  e->to_status = ld_store_column_dup (stmt, 3);
  e->actor_login = ld_store_column_dup (stmt, 4);
  e->role = ld_store_column_dup (stmt, 5);
  e->at = ld_store_column_dup (stmt, 6);
  e->reason = ld_store_column_dup (stmt, 7);
  e->actor_name = ld_store_column_dup (stmt, 8);
  g_ptr_array_add (events, e);
}

static gboolean
load_events (LdStore    *store,
             LdLicence  *l,
             GError    **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT seq, action, from_status, to_status, actor_login, role, at,"
                                                " reason, (SELECT u.display_name FROM user_profile u"
                                                " WHERE u.login = licence_event.actor_login)"
                                                " FROM licence_event WHERE licence_id = ? ORDER BY seq", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, l->id);
  return ld_store_read_rows (store, stmt, add_event_row, l->events, _("reading a licence's history"), error);
}

static void
add_quantity_row (sqlite3_stmt *stmt,
                  gpointer      quantities)
{
  LdShipmentQuantity q = { sqlite3_column_int (stmt, 0), sqlite3_column_int64 (stmt, 1) };

  g_array_append_val ((GArray *) quantities, q);
}

/* The first column's text, into a GPtrArray of strings. */
static void
add_text_row (sqlite3_stmt *stmt,
              gpointer      texts)
{
  g_ptr_array_add (texts, ld_store_column_dup (stmt, 0));
}

static gboolean
load_shipment_details (LdStore     *store,
                       LdShipment  *s,
                       GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT line_no, quantity FROM shipment_line WHERE shipment_id = ?"
                                                " ORDER BY line_no", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, s->id);
  if (!ld_store_read_rows (store, stmt, add_quantity_row, s->quantities, _("reading a shipment"), error))
    return FALSE;
  /* A void keeps the serials it released apart, to show what the shipment was. */
  stmt = ld_store_prepare (store, s->voided_at == NULL
                                  ? "SELECT serial FROM licence_serial WHERE shipment_id = ? ORDER BY id"
                                  : "SELECT ls.serial FROM shipment_voided_serial v"
                                    " JOIN licence_serial ls ON ls.id = v.serial_id"
                                    " WHERE v.shipment_id = ? ORDER BY ls.id", error);
  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, s->id);
  return ld_store_read_rows (store, stmt, add_text_row, s->serials, _("reading a shipment's serial numbers"),
                             error);
}

static LdShipment *
shipment_new (void)
{
  LdShipment *s = g_new0 (LdShipment, 1);

  s->quantities = g_array_new (FALSE, TRUE, sizeof (LdShipmentQuantity));
  s->serials = g_ptr_array_new_with_free_func (g_free);
  return s;
}

static void
add_shipment_row (sqlite3_stmt *stmt,
                  gpointer      licence)
{
  LdLicence *l = licence;
  LdShipment *s = shipment_new ();

  s->id = ld_store_column_dup (stmt, 0);
  s->shipped_on = ld_store_column_dup (stmt, 1);
  s->customs_reference = ld_store_column_dup (stmt, 2);
  s->recorded_at = ld_store_column_dup (stmt, 3);
  s->recorded_by = ld_store_column_dup (stmt, 4);
  s->voided_at = ld_store_column_dup (stmt, 5);
  s->voided_by = ld_store_column_dup (stmt, 6);
  s->void_reason = ld_store_column_dup (stmt, 7);
  g_ptr_array_add (s->voided_at ? l->voided_shipments : l->shipments, s);
}

static gboolean
load_shipments (LdStore    *store,
                LdLicence  *l,
                GError    **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT id, shipped_on, customs_reference, recorded_at, recorded_by,"
                                                " voided_at, voided_by, void_reason"
                                                " FROM shipment WHERE licence_id = ?"
                                                " ORDER BY shipped_on, recorded_at", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, l->id);
  if (!ld_store_read_rows (store, stmt, add_shipment_row, l, _("reading a licence's shipments"), error))
    return FALSE;
  for (guint i = 0; i < l->shipments->len; i++)
    if (!load_shipment_details (store, l->shipments->pdata[i], error))
      return FALSE;
  for (guint i = 0; i < l->voided_shipments->len; i++)
    if (!load_shipment_details (store, l->voided_shipments->pdata[i], error))
      return FALSE;
  return TRUE;
}

/* Inside a transaction; @full adds history and shipments to the lines. */
static LdLicence *
load_locked (LdStore     *store,
             const char  *number_or_id,
             gboolean     full,
             GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, SELECT_LICENCE " WHERE l.licence_number = ?1 OR l.id = ?1"
                                         " OR l.id IN (SELECT d.record_id FROM desk_number d"
                                         " WHERE d.entity = 'licence' AND d.number = ?1)"
                                         " ORDER BY (l.licence_number IS ?1 OR l.id IS ?1) DESC LIMIT 1", error);
  g_autoptr(LdLicence) l = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  ld_store_bind_text (stmt, 1, number_or_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    l = licence_from_row (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                 _("There is no licence “%s” in this store; licence numbers look like LIC/EX/2026/000001."),
                 number_or_id);
  else if (rc != SQLITE_ROW)
    ld_store_set_error (store, error, rc, _("reading a licence"));
  if (l == NULL || !load_lines (store, l, error))
    return NULL;
  if (full && (!load_events (store, l, error) || !load_shipments (store, l, error)))
    return NULL;
  return g_steal_pointer (&l);
}

/**
 * ld_licence_repo_load:
 * @number_or_id: the licence number, or its id
 *
 * Returns: (transfer full) (nullable): the licence with its lines, history and shipments
 */
LdLicence *
ld_licence_repo_load (LdStore     *store,
                      const char  *number_or_id,
                      GError     **error)
{
  LdLicence *l;

  g_return_val_if_fail (number_or_id != NULL, NULL);

  if (!ld_store_begin_read (store, error))
    return NULL;
  l = load_locked (store, number_or_id, TRUE, error);
  ld_store_rollback (store);
  return l;
}

/* Inside a transaction: the licence issued for a case, or NULL without @error. */
static char *
find_for_case_locked (LdStore     *store,
                      const char  *application_id,
                      GError     **error)
{
  /* A licence whose number the central database has not given yet is known
   * by its id meanwhile. */
  sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT coalesce (licence_number, id) FROM licence"
                                                " WHERE application_id = ? AND voided_at IS NULL", error);
  char *number = NULL;

  if (stmt == NULL)
    return NULL;
  ld_store_bind_text (stmt, 1, application_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    number = ld_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return number;
}

/**
 * ld_licence_repo_find_for_case:
 * @application_id: the case's id
 *
 * Returns: (transfer full) (nullable): the number of the licence issued for
 *   the case, or %NULL (without @error) when none was
 */
char *
ld_licence_repo_find_for_case (LdStore     *store,
                               const char  *application_id,
                               GError     **error)
{
  char *number;

  if (!ld_store_begin_read (store, error))
    return NULL;
  number = find_for_case_locked (store, application_id, error);
  ld_store_rollback (store);
  return number;
}

/**
 * ld_licence_repo_number_for_rowid:
 *
 * The Licences list knows a licence by its rowid.
 *
 * Returns: (transfer full) (nullable): its number
 */
char *
ld_licence_repo_number_for_rowid (LdStore  *store,
                                  gint64    rowid,
                                  GError  **error)
{
  sqlite3_stmt *stmt;
  char *number = NULL;

  if (!ld_store_begin_read (store, error))
    return NULL;
  if ((stmt = ld_store_prepare (store, "SELECT coalesce (licence_number, id) FROM licence WHERE rowid = ?", error)))
    {
      sqlite3_bind_int64 (stmt, 1, rowid);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        number = ld_store_column_dup (stmt, 0);
      sqlite3_reset (stmt);
      if (number == NULL)
        g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND, _("That licence is no longer in this store."));
    }
  ld_store_rollback (store);
  return number;
}

static void
add_licence_row (sqlite3_stmt *stmt,
                 gpointer      licences)
{
  g_ptr_array_add (licences, licence_from_row (stmt));
}

/**
 * ld_licence_repo_list:
 *
 * The licences issued through the desk (with a series number), newest first.
 *
 * Returns: (transfer full) (element-type LdLicence) (nullable):
 */
GPtrArray *
ld_licence_repo_list (LdStore     *store,
                      guint        offset,
                      guint        limit,
                      GError     **error)
{
  static const char sql[] = SELECT_LICENCE " WHERE (l.series IS NOT NULL OR l.number_state IS NOT NULL)"
                            " ORDER BY l.issued_at DESC, l.rowid DESC LIMIT ? OFFSET ?";
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_licence_free);
  sqlite3_stmt *stmt;

  if (!ld_store_begin_read (store, error))
    return NULL;
  if (!(stmt = ld_store_prepare (store, sql, error)))
    goto fail;
  sqlite3_bind_int64 (stmt, 1, limit);
  sqlite3_bind_int64 (stmt, 2, offset);
  if (!ld_store_read_rows (store, stmt, add_licence_row, out, _("listing licences"), error))
    goto fail;
  for (guint i = 0; i < out->len; i++)
    if (!load_lines (store, out->pdata[i], error))
      goto fail;
  ld_store_rollback (store);
  return g_steal_pointer (&out);
fail:
  ld_store_rollback (store);
  return NULL;
}

static void
add_condition_row (sqlite3_stmt *stmt,
                   gpointer      conditions)
{
  LdLicenceCondition *c = g_new0 (LdLicenceCondition, 1);

  c->code = ld_store_column_dup (stmt, 0);
  c->text = ld_store_column_dup (stmt, 1);
  g_ptr_array_add (conditions, c);
}

/**
 * ld_licence_repo_list_conditions:
 *
 * Returns: (transfer full) (element-type LdLicenceCondition) (nullable): the
 *   office's conditions and provisos in use
 */
GPtrArray *
ld_licence_repo_list_conditions (LdStore  *store,
                                 GError  **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_licence_condition_free);
  sqlite3_stmt *stmt;
  gboolean read;

  if (!ld_store_begin_read (store, error))
    return NULL;
  stmt = ld_store_prepare (store, "SELECT code, text FROM licence_condition_text WHERE withdrawn_at IS NULL"
                                  " ORDER BY code", error);
  read = stmt != NULL
         && ld_store_read_rows (store, stmt, add_condition_row, out, _("reading the licence conditions"), error);
  ld_store_rollback (store);
  return read ? g_steal_pointer (&out) : NULL;
}

/* ---- JSON -------------------------------------------------------------- */

/* A shipment's quantity per line and its serial numbers, as members of the
 * object being built: the same in `licence show --json` and in the image the
 * central database keeps. */
static void
build_shipment_contents (JsonBuilder      *b,
                         const LdShipment *s)
{
  json_builder_set_member_name (b, "lines");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->quantities->len; i++)
    {
      const LdShipmentQuantity *q = &g_array_index (s->quantities, LdShipmentQuantity, i);

      json_builder_begin_object (b);
      ld_json_add_int_member (b, "line", q->line_no);
      ld_json_add_int_member (b, "quantity", q->quantity);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "serials");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->serials->len; i++)
    json_builder_add_string_value (b, s->serials->pdata[i]);
  json_builder_end_array (b);
}

static void
build_shipment (JsonBuilder      *b,
                const LdShipment *s)
{
  json_builder_begin_object (b);
  ld_json_add_string_member (b, "customs_reference", s->customs_reference);
  ld_json_add_string_member (b, "shipped_on", s->shipped_on);
  ld_json_add_string_member (b, "recorded_at", s->recorded_at);
  ld_json_add_string_member (b, "recorded_by", s->recorded_by);
  if (s->voided_at != NULL)
    {
      ld_json_add_string_member (b, "voided_at", s->voided_at);
      ld_json_add_string_member (b, "voided_by", s->voided_by);
      ld_json_add_string_member (b, "void_reason", s->void_reason);
    }
  build_shipment_contents (b, s);
  json_builder_end_object (b);
}

static void
build_lines (JsonBuilder     *b,
             const LdLicence *l)
{
  json_builder_set_member_name (b, "lines");
  json_builder_begin_array (b);
  for (guint i = 0; i < l->lines->len; i++)
    {
      const LdLicenceLine *line = l->lines->pdata[i];

      json_builder_begin_object (b);
      ld_json_add_int_member (b, "line", line->line_no);
      ld_json_add_string_member (b, "category", line->category);
      ld_json_add_string_member (b, "description", line->description);
      ld_json_add_int_member (b, "quantity", line->quantity);
      ld_json_add_int_member (b, "shipped", line->shipped);
      ld_json_add_int_member (b, "remaining", line->quantity - line->shipped);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
build_history (JsonBuilder     *b,
               const LdLicence *l)
{
  json_builder_set_member_name (b, "history");
  json_builder_begin_array (b);
  for (guint i = 0; i < l->events->len; i++)
    {
      const LdLicenceEvent *e = l->events->pdata[i];

      json_builder_begin_object (b);
      ld_json_add_string_member (b, "action", e->action);
      ld_json_add_string_member (b, "from", e->from_status);
      ld_json_add_string_member (b, "to", e->to_status);
      ld_json_add_string_member (b, "by", e->actor_login);
      ld_json_add_string_member (b, "role", e->role);
      ld_json_add_string_member (b, "at", e->at);
      ld_json_add_string_member (b, "reason", e->reason);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/**
 * ld_licence_to_json:
 *
 * The licence as `licence-desk-admin licence show --json` prints it (and the
 * audit log's after-image): "status" is the status today, "stored_status"
 * what was last recorded, which differ once a licence is past its validity.
 */
JsonNode *
ld_licence_to_json (const LdLicence *l)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  ld_json_add_string_member (b, "number", l->number);
  /* Only for a licence numbered at its desk before the desk connected, whose
   * printed number the central database had given another: the number it
   * was printed with, found as well as "number". */
  if (l->desk_number)
    ld_json_add_string_member (b, "desk_number", l->desk_number);
  /* Only on a synced desk, so a standalone desk's output stays as it was. */
  if (l->number_state == LD_LICENCE_NUMBER_PENDING)
    ld_json_add_string_member (b, "number_state", "pending");
  else if (l->number_state == LD_LICENCE_NUMBER_REFUSED)
    {
      ld_json_add_string_member (b, "number_state", "refused");
      ld_json_add_string_member (b, "refusal", l->void_reason);
    }
  ld_json_add_string_member (b, "application", l->application_reference);
  ld_json_add_int_member (b, "application_version", l->application_version);
  ld_json_add_string_member (b, "kind", l->kind);
  ld_json_add_string_member (b, "holder", l->holder_name);
  ld_json_add_string_member (b, "destination_country", l->destination_country);
  ld_json_add_string_member (b, "status", ld_licence_status_to_string (l->effective));
  ld_json_add_string_member (b, "stored_status", ld_licence_status_to_string (l->status));
  ld_json_add_string_member (b, "warning", ld_licence_warning_to_string (l->warning));
  ld_json_add_string_member (b, "valid_from", l->valid_from);
  ld_json_add_string_member (b, "valid_until", l->valid_until);
  ld_json_add_string_member (b, "issued_on", l->issued_on);
  ld_json_add_string_member (b, "issued_by", l->issued_by);
  ld_json_add_int_member (b, "row_version", l->row_version);
  json_builder_set_member_name (b, "conditions");
  json_builder_begin_array (b);
  for (guint i = 0; l->conditions && l->conditions[i]; i++)
    json_builder_add_string_value (b, l->conditions[i]);
  json_builder_end_array (b);
  ld_json_add_int_member (b, "serials", l->n_serials);
  build_lines (b, l);
  build_history (b, l);
  json_builder_set_member_name (b, "shipments");
  json_builder_begin_array (b);
  for (guint i = 0; i < l->shipments->len; i++)
    build_shipment (b, l->shipments->pdata[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "voided_shipments");
  json_builder_begin_array (b);
  for (guint i = 0; i < l->voided_shipments->len; i++)
    build_shipment (b, l->voided_shipments->pdata[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static char *
licence_json_text (const LdLicence *l)
{
  g_autoptr(JsonNode) node = ld_licence_to_json (l);

  return json_to_string (node, FALSE);
}

/* ---- writing: shared --------------------------------------------------- */

/* A line of the licence's history at @at (a shipment's line names the same
 * time in the image other desks get, so the issuing desk knows it as its own). */
static gboolean
insert_event_at (LdStore        *store,
                 const LdActor  *actor,
                 const char     *licence_id,
                 const char     *action,
                 const char     *from_status,
                 const char     *to_status,
                 const char     *reason,
                 const char     *now,
                 GError        **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO licence_event (licence_id, action, from_status, to_status, actor_id, actor_login, role, at, reason)"
    " VALUES (?,?,?,?,?,?,?,?,?)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, licence_id);
  ld_store_bind_text (stmt, 2, action);
  ld_store_bind_text (stmt, 3, from_status);
  ld_store_bind_text (stmt, 4, to_status);
  ld_store_bind_text (stmt, 5, actor->user_id);
  ld_store_bind_text (stmt, 6, actor->login);
  ld_store_bind_text (stmt, 7, ld_role_to_string (actor->role));
  ld_store_bind_text (stmt, 8, now);
  ld_store_bind_text (stmt, 9, reason);
  return ld_store_step_done (store, stmt, error);
}

static gboolean
insert_event (LdStore        *store,
              const LdActor  *actor,
              const char     *licence_id,
              const char     *action,
              const char     *from_status,
              const char     *to_status,
              const char     *reason,
              GError        **error)
{
  g_autofree char *now = ld_store_now_utc ();

  return insert_event_at (store, actor, licence_id, action, from_status, to_status, reason, now, error);
}

static gboolean
set_status (LdStore          *store,
            const char       *licence_id,
            LdLicenceStatus   status,
            GError          **error)
{
  g_autofree char *now = ld_store_now_utc ();
  sqlite3_stmt *stmt = ld_store_prepare (store, "UPDATE licence SET status = ?, updated_at = ?,"
                                                " row_version = row_version + 1 WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, ld_licence_status_to_string (status));
  ld_store_bind_text (stmt, 2, now);
  ld_store_bind_text (stmt, 3, licence_id);
  return ld_store_step_done (store, stmt, error);
}

/* Audits the change and commits; returns the licence as it now stands. */
static LdLicence *
finish_write (LdStore        *store,
              const LdActor  *actor,
              const char     *action,
              const char     *licence_id,
              gint64          base_version,
              const char     *before_json,
              GError        **error)
{
  g_autoptr(LdLicence) after = load_locked (store, licence_id, TRUE, error);
  g_autofree char *after_json = NULL;

  if (after == NULL)
    return NULL;
  after_json = licence_json_text (after);
  if (!ld_store_record_change (store, actor, action, ENTITY, licence_id, base_version, before_json, after_json, error) ||
      !ld_store_commit (store, error))
    return NULL;
  return g_steal_pointer (&after);
}

/* ---- issuing ----------------------------------------------------------- */

/* The next number of @series, taken under the transaction's write lock
 * (the caller's ld_store_begin()): the one numbering path of every licence. */
gint64
_ld_licence_repo_allocate_number (LdStore     *store,
                                  const char  *series,
                                  GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO licence_series (series, last_number) VALUES (?, 1)"
    " ON CONFLICT (series) DO UPDATE SET last_number = last_number + 1 RETURNING last_number", error);
  gint64 number = 0;
  int rc;

  if (stmt == NULL)
    return 0;
  ld_store_bind_text (stmt, 1, series);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    number = sqlite3_column_int64 (stmt, 0);
  /* RETURNING finishes its write only when stepped to the end. */
  while (rc == SQLITE_ROW)
    rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE || number <= 0)
    {
      ld_store_set_error (store, error, rc, _("allocating a licence number"));
      return 0;
    }
  return number;
}

/* Whether the case's licence still waits for its number from the central
 * database: its id then stands in for the number, which no officer knows it by. */
static gboolean
licence_number_pending_locked (LdStore    *store,
                               const char *licence_id)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT 1 FROM licence WHERE id = ? AND licence_number IS NULL",
                                         NULL);
  gboolean pending;

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, licence_id);
  pending = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return pending;
}

static void
refuse_second_licence (LdStore             *store,
                       const LdCaseRecord  *r,
                       const char          *existing,
                       GError             **error)
{
  if (licence_number_pending_locked (store, existing))
    g_set_error (error, LD_LICENCE_ERROR, LD_LICENCE_ERROR_NOT_ISSUABLE,
                 _("Application %s was already issued; its licence is waiting for its number from the central "
                   "database. A case gets one licence."),
                 r->reference);
  else
    g_set_error (error, LD_LICENCE_ERROR, LD_LICENCE_ERROR_NOT_ISSUABLE,
                 _("Application %s was already issued as licence %s; a case gets one licence."), r->reference,
                 existing);
}

static gboolean
check_issuable (LdStore             *store,
                const LdCaseRecord  *r,
                const char          *list_sha256,
                GError             **error)
{
  g_auto(LdCaseGate) gate = { 0 };
  g_autofree char *existing = NULL;
  GError *local = NULL;

  if (r->status != LD_CASE_STATUS_APPROVED)
    {
      g_set_error (error, LD_LICENCE_ERROR, LD_LICENCE_ERROR_NOT_ISSUABLE,
                   _("Application %s is %s; only an approved case is issued as a licence."),
                   r->reference, ld_case_status_get_title (r->status));
      return FALSE;
    }
  existing = find_for_case_locked (store, r->id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (existing != NULL)
    {
      refuse_second_licence (store, r, existing, error);
      return FALSE;
    }
  /* The gate again, as it stands today: a party listed, denied or
   * embargoed since the approval stops the licence. */
  if (!_ld_case_gate_read_locked (store, r, list_sha256, &gate, error))
    return FALSE;
  if (!ld_case_workflow_check_gate_for (&gate, TRUE, error))
    {
      g_prefix_error (error, _("Application %s cannot be issued as a licence now. "), r->reference);
      return FALSE;
    }
  return TRUE;
}

static char *
collect_conditions (LdStore               *store,
                    const LdLicenceTerms  *terms,
                    GError               **error)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; terms && terms->condition_codes && terms->condition_codes[i]; i++)
    {
      sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT text FROM licence_condition_text WHERE code = ?"
                                                    " AND withdrawn_at IS NULL", error);
      char *text = NULL;

      if (stmt == NULL)
        return NULL;
      ld_store_bind_text (stmt, 1, terms->condition_codes[i]);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        text = ld_store_column_dup (stmt, 0);
      sqlite3_reset (stmt);
      if (text == NULL)
        {
          g_set_error (error, LD_LICENCE_ERROR, LD_LICENCE_ERROR_INVALID,
                       _("“%s” is not one of the office's licence conditions; see “licence-desk-admin licence "
                         "conditions”, or write the condition out."), terms->condition_codes[i]);
          return NULL;
        }
      g_ptr_array_add (texts, text);
    }
  for (guint i = 0; terms && terms->conditions && terms->conditions[i]; i++)
    if (!is_blank (terms->conditions[i]))
      g_ptr_array_add (texts, g_strstrip (g_strdup (terms->conditions[i])));
  return conditions_to_json (texts);
}

typedef struct
{
  const char *id;
  const char *number;
  const char *series;
  gint64      series_number;
  const char *valid_from;
  const char *valid_until;
  const char *issued_on;
  const char *conditions_json;
} NewLicence;

static gboolean
insert_licence (LdStore             *store,
                const LdActor       *actor,
                const LdCaseRecord  *r,
                const NewLicence    *n,
                GError             **error)
{
  g_autofree char *now = ld_store_now_utc ();
  const LdCaseParty *applicant = ld_case_find_party (r->data, "applicant");
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO licence (id, licence_number, application_id, kind, holder_name, destination_country, status,"
    " valid_from, valid_until, created_at, updated_at, series, series_number, application_version, issued_on,"
    " issued_at, issued_by, conditions, number_state) VALUES (?,?,?,?,?,?,'issued',?,?,?,?,?,?,?,?,?,?,?,?)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, n->id);
  ld_store_bind_text (stmt, 2, n->number);
  ld_store_bind_text (stmt, 3, r->id);
  ld_store_bind_text (stmt, 4, r->data->kind);
  ld_store_bind_text (stmt, 5, applicant && applicant->name ? applicant->name : "");
  ld_store_bind_text (stmt, 6, r->data->destination_country ? r->data->destination_country : "");
  ld_store_bind_text (stmt, 7, n->valid_from);
  ld_store_bind_text (stmt, 8, n->valid_until);
  ld_store_bind_text (stmt, 9, now);
  ld_store_bind_text (stmt, 10, now);
  ld_store_bind_text (stmt, 11, n->series);
  if (n->series != NULL)
    sqlite3_bind_int64 (stmt, 12, n->series_number);
  else
    sqlite3_bind_null (stmt, 12);
  sqlite3_bind_int (stmt, 13, r->current_version);
  ld_store_bind_text (stmt, 14, n->issued_on);
  ld_store_bind_text (stmt, 15, now);
  ld_store_bind_text (stmt, 16, actor->login);
  ld_store_bind_text (stmt, 17, n->conditions_json);
  ld_store_bind_text (stmt, 18, n->number == NULL ? "pending" : NULL);
  return ld_store_step_done (store, stmt, error);
}

static gboolean
insert_serial (LdStore     *store,
               const char  *licence_id,
               int          line_no,
               const char  *serial,
               GError     **error)
{
  g_autofree char *key = ld_licence_serial_key (serial);
  sqlite3_stmt *stmt = ld_store_prepare (store, "INSERT OR IGNORE INTO licence_serial (licence_id, line_no, serial,"
                                                " serial_key) VALUES (?,?,?,?)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, licence_id);
  sqlite3_bind_int (stmt, 2, line_no);
  ld_store_bind_text (stmt, 3, serial);
  ld_store_bind_text (stmt, 4, key);
  return ld_store_step_done (store, stmt, error);
}

/* The licence covers the approved version's item lines and serial numbers. */
static gboolean
insert_lines (LdStore       *store,
              const char    *licence_id,
              const LdCase  *data,
              GError       **error)
{
  for (guint i = 0; i < data->items->len; i++)
    {
      const LdCaseItem *item = data->items->pdata[i];
      sqlite3_stmt *stmt = ld_store_prepare (store, "INSERT INTO licence_line (licence_id, line_no, category,"
                                                    " description, quantity) VALUES (?,?,?,?,?)", error);

      if (stmt == NULL)
        return FALSE;
      ld_store_bind_text (stmt, 1, licence_id);
      sqlite3_bind_int (stmt, 2, i + 1);
      ld_store_bind_text (stmt, 3, item->category);
      ld_store_bind_text (stmt, 4, item->description);
      sqlite3_bind_int64 (stmt, 5, item->quantity);
      if (!ld_store_step_done (store, stmt, error))
        return FALSE;
      for (guint k = 0; item->serials && k < item->serials->len; k++)
        if (!insert_serial (store, licence_id, i + 1, item->serials->pdata[k], error))
          return FALSE;
    }
  return TRUE;
}

static gboolean
index_licence (LdStore     *store,
               const char  *licence_id,
               GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT l.rowid, l.licence_number, l.holder_name, a.reference,"
                                                " (SELECT d.number FROM desk_number d"
                                                " WHERE d.entity = 'licence' AND d.record_id = l.id)"
                                                " FROM licence l LEFT JOIN application a ON a.id = l.application_id"
                                                " WHERE l.id = ?", error);
  g_autofree char *number = NULL, *holder = NULL, *reference = NULL, *desk_number = NULL;
  gint64 rowid = 0;

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, licence_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      rowid = sqlite3_column_int64 (stmt, 0);
      number = ld_store_column_dup (stmt, 1);
      holder = ld_store_column_dup (stmt, 2);
      reference = ld_store_column_dup (stmt, 3);
      desk_number = ld_store_column_dup (stmt, 4);
    }
  sqlite3_reset (stmt);
  {
    /* A pending licence has no number to find it by yet; a renumbered one is
     * found by the number it was printed with too. */
    const char *texts[5] = { NULL };
    guint n = 0;

    if (number)
      texts[n++] = number;
    if (holder)
      texts[n++] = holder;
    if (reference)
      texts[n++] = reference;
    if (desk_number)
      texts[n++] = desk_number;
    return ld_section_index_record (store, ld_section_lookup ("licences"), rowid, texts, error);
  }
}

/* ---- the central database's image ---------------------------------------- */

/* The state to store: the server sets "status" by its acts; a desk's own
 * image names the state as it reads today ("expired" past the validity),
 * which is never stored, so "stored_status" holds then. */
static const char *
image_status (JsonObject *image)
{
  const char *status = ld_pulled_image_text (image, "status");
  LdLicenceStatus parsed;

  if (ld_licence_status_from_string (status, &parsed) && parsed != LD_LICENCE_STATUS_EXPIRED)
    return status;
  status = ld_pulled_image_text (image, "stored_status");
  return ld_licence_status_from_string (status, &parsed) ? status : NULL;
}

/* The number the server gave at issuance, else the one the issuing desk wrote. */
static const char *
image_number (JsonObject *image)
{
  const char *number = ld_pulled_image_text (image, "licence_number");

  return number ? number : ld_pulled_image_text (image, "number");
}

static char *
conditions_text (JsonObject *image)
{
  JsonArray *conditions = ld_pulled_image_array (image, "conditions");
  g_autoptr(JsonNode) node = NULL;

  if (conditions == NULL || json_array_get_length (conditions) == 0)
    return NULL;
  node = json_node_init_array (json_node_alloc (), conditions);
  return json_to_string (node, FALSE);
}

#define IMAGE_INSERT_SQL \
  "INSERT INTO licence (id, licence_number, application_id, kind, holder_name, destination_country, status," \
  " valid_from, valid_until, created_at, updated_at, application_version, issued_on, issued_at, issued_by," \
  " conditions) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?10,?11,?12,?10,?13,?14)"

/* A licence the register does not hold yet goes in with a plain INSERT: an
 * upsert makes SQLite keep a statement journal, copying every page it
 * touches, which a pulled chunk's savepoint then keeps until the chunk ends. */
#define IMAGE_UPSERT_SQL IMAGE_INSERT_SQL \
  " ON CONFLICT (id) DO UPDATE SET row_version = row_version + 1, licence_number = excluded.licence_number," \
  " application_id = coalesce (excluded.application_id, application_id), kind = excluded.kind," \
  " holder_name = excluded.holder_name, destination_country = excluded.destination_country," \
  " status = excluded.status, valid_from = excluded.valid_from, valid_until = excluded.valid_until," \
  " updated_at = excluded.updated_at, application_version = excluded.application_version," \
  " issued_on = excluded.issued_on, issued_by = excluded.issued_by, conditions = excluded.conditions," \
  " number_state = NULL"

/* @held: whether the register has a row of @id */
static gboolean
upsert_licence_image (LdStore     *store,
                      const char  *id,
                      JsonObject  *image,
                      const char  *application_id,
                      gboolean     held,
                      GError     **error)
{
  g_autofree char *now = ld_store_now_utc ();
  g_autofree char *conditions = conditions_text (image);
  sqlite3_stmt *stmt = ld_store_prepare (store, held ? IMAGE_UPSERT_SQL : IMAGE_INSERT_SQL, error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  ld_store_bind_text (stmt, 2, image_number (image));
  ld_store_bind_text (stmt, 3, application_id);
  ld_store_bind_text (stmt, 4, ld_pulled_image_text (image, "kind"));
  ld_store_bind_text (stmt, 5, ld_pulled_image_text (image, "holder") ?: "");
  ld_store_bind_text (stmt, 6, ld_pulled_image_text (image, "destination_country") ?: "");
  ld_store_bind_text (stmt, 7, image_status (image));
  ld_store_bind_text (stmt, 8, ld_pulled_image_text (image, "valid_from"));
  ld_store_bind_text (stmt, 9, ld_pulled_image_text (image, "valid_until"));
  ld_store_bind_text (stmt, 10, now);
  sqlite3_bind_int64 (stmt, 11, ld_pulled_image_int (image, "application_version", 1));
  ld_store_bind_text (stmt, 12, ld_pulled_image_text (image, "issued_on"));
  ld_store_bind_text (stmt, 13, ld_pulled_image_text (image, "issued_by"));
  ld_store_bind_text (stmt, 14, conditions);
  return ld_store_step_done (store, stmt, error) &&
         ld_pulled_keep_desk_number (store, ENTITY, id, ld_pulled_image_text (image, "desk_number"), error);
}

static gboolean
upsert_image_lines (LdStore     *store,
                    const char  *id,
                    JsonObject  *image,
                    GError     **error)
{
  JsonArray *lines = ld_pulled_image_array (image, "lines");

  for (guint i = 0; lines && i < json_array_get_length (lines); i++)
    {
      JsonNode *node = json_array_get_element (lines, i);
      JsonObject *line = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      sqlite3_stmt *stmt = ld_store_prepare (store,
        "INSERT INTO licence_line (licence_id, line_no, category, description, quantity, shipped)"
        " VALUES (?,?,?,?,?,?) ON CONFLICT (licence_id, line_no) DO UPDATE SET category = excluded.category,"
        " description = excluded.description, quantity = excluded.quantity, shipped = excluded.shipped", error);

      if (stmt == NULL)
        return FALSE;
      ld_store_bind_text (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, ld_pulled_image_int (line, "line", i + 1));
      ld_store_bind_text (stmt, 3, ld_pulled_image_text (line, "category") ?: "");
      ld_store_bind_text (stmt, 4, ld_pulled_image_text (line, "description"));
      sqlite3_bind_int64 (stmt, 5, ld_pulled_image_int (line, "quantity", 1));
      sqlite3_bind_int64 (stmt, 6, ld_pulled_image_int (line, "shipped", 0));
      if (!ld_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Whether the desk's history of @held has the image's event @e: the same
 * act by the same login at the same time. */
static gboolean
holds_event (const LdLicence *held,
             JsonObject      *e)
{
  for (guint i = 0; held && i < held->events->len; i++)
    {
      const LdLicenceEvent *mine = held->events->pdata[i];

      if (g_strcmp0 (mine->action, ld_pulled_image_text (e, "action")) == 0 &&
          g_strcmp0 (mine->actor_login, ld_pulled_image_text (e, "by")) == 0 &&
          g_strcmp0 (mine->at, ld_pulled_image_text (e, "at")) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The history the desk does not hold yet: the image's events it has no
 * line for, in order (a desk's own lines, and those of a shipment the server
 * refused, need not be on the server's). Each names its officer by login; a
 * profile of another desk has no id here, so the login stands for it. */
static gboolean
append_image_history (LdStore          *store,
                      const LdLicence  *held,
                      const char       *id,
                      JsonObject       *image,
                      GError          **error)
{
  JsonArray *history = ld_pulled_image_array (image, "history");

  for (guint i = 0; history && i < json_array_get_length (history); i++)
    {
      JsonNode *node = json_array_get_element (history, i);
      JsonObject *e = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *by = ld_pulled_image_text (e, "by");
      sqlite3_stmt *stmt;

      if (ld_pulled_image_text (e, "action") == NULL || ld_pulled_image_text (e, "to") == NULL || by == NULL ||
          holds_event (held, e))
        continue;
      stmt = ld_store_prepare (store,
        "INSERT INTO licence_event (licence_id, action, from_status, to_status, actor_id, actor_login, role, at,"
        " reason) VALUES (?1,?2,?3,?4,coalesce ((SELECT id FROM user_profile WHERE login = ?5), ?5),?5,?6,?7,?8)",
        error);
      if (stmt == NULL)
        return FALSE;
      ld_store_bind_text (stmt, 1, id);
      ld_store_bind_text (stmt, 2, ld_pulled_image_text (e, "action"));
      ld_store_bind_text (stmt, 3, ld_pulled_image_text (e, "from"));
      ld_store_bind_text (stmt, 4, ld_pulled_image_text (e, "to"));
      ld_store_bind_text (stmt, 5, by);
      ld_store_bind_text (stmt, 6, ld_pulled_image_text (e, "role") ?: "");
      ld_store_bind_text (stmt, 7, ld_pulled_image_text (e, "at") ?: "");
      ld_store_bind_text (stmt, 8, ld_pulled_image_text (e, "reason"));
      if (!ld_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* A licence new to this desk covers the serial numbers of the case version it
 * was issued on, when the desk holds that version. */
static gboolean
copy_case_serials (LdStore     *store,
                   const char  *id,
                   const char  *application_id,
                   int          version,
                   GError     **error)
{
  g_autoptr(LdCaseRecord) r = application_id ? _ld_case_repo_load_locked (store, application_id, version, NULL)
                                             : NULL;

  for (guint i = 0; r && i < r->data->items->len; i++)
    {
      const LdCaseItem *item = r->data->items->pdata[i];

      for (guint k = 0; item->serials && k < item->serials->len; k++)
        if (!insert_serial (store, id, i + 1, item->serials->pdata[k], error))
          return FALSE;
    }
  return TRUE;
}

static char *
application_of_reference (LdStore     *store,
                          const char  *reference)
{
  sqlite3_stmt *stmt;
  char *id = NULL;

  if (reference == NULL || (stmt = ld_store_prepare (store, "SELECT id FROM application WHERE reference = ?"
                                                            " AND voided_at IS NULL", NULL)) == NULL)
    return NULL;
  ld_store_bind_text (stmt, 1, reference);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = ld_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

/* The upsert counts a version even when it changed nothing: the desk's own
 * licence pulled back from the server is the same licence. */
static gboolean
same_apart_from_version (const LdLicence *held,
                         LdLicence       *after)
{
  gint64 version = after->row_version;
  g_autofree char *before_json = licence_json_text (held);
  g_autofree char *after_json = NULL;

  after->row_version = held->row_version;
  after_json = licence_json_text (after);
  after->row_version = version;
  return g_strcmp0 (before_json, after_json) == 0;
}

/**
 * _ld_licence_repo_apply_image:
 * @image: the licence as the central database holds it (ld_licence_to_json()'s
 *   members, with the number the server gave at issuance)
 * @out_changed: (out): whether the register's licence changed
 *
 * Writes the server's image of a licence into the register inside the
 * caller's transaction: the licence, its lines, the history it lacks, the
 * serial numbers of its case when the desk holds it, and its search keys,
 * through the audited write path. An image without a number, kind, state or
 * validity is refused.
 */
gboolean
_ld_licence_repo_apply_image (LdStore        *store,
                              const LdActor  *actor,
                              const char     *action,
                              const char     *id,
                              JsonObject     *image,
                              gboolean       *out_changed,
                              GError        **error)
{
  g_autoptr(LdLicence) held = load_locked (store, id, TRUE, NULL);
  g_autoptr(LdLicence) after = NULL;
  g_autofree char *before_json = held ? licence_json_text (held) : NULL;
  g_autofree char *after_json = NULL;
  g_autofree char *application_id = application_of_reference (store, ld_pulled_image_text (image, "application"));

  *out_changed = FALSE;
  if (image_number (image) == NULL || ld_pulled_image_text (image, "kind") == NULL || image_status (image) == NULL ||
      ld_pulled_image_text (image, "valid_from") == NULL || ld_pulled_image_text (image, "valid_until") == NULL)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_MISSING,
                   _("The central database's licence %s has no number, kind, state or validity."), id);
      return FALSE;
    }
  if (!upsert_licence_image (store, id, image, application_id, held != NULL, error) ||
      !upsert_image_lines (store, id, image, error) ||
      !append_image_history (store, held, id, image, error) ||
      (held == NULL && !copy_case_serials (store, id, application_id,
                                           (int) ld_pulled_image_int (image, "application_version", 0), error)))
    return FALSE;
  after = load_locked (store, id, TRUE, error);
  if (after == NULL)
    return FALSE;
  if (held != NULL && same_apart_from_version (held, after))
    return TRUE;
  after_json = licence_json_text (after);
  *out_changed = TRUE;
  return index_licence (store, id, error) &&
         ld_store_record_change (store, actor, action, ENTITY, id, held ? held->row_version : 0, before_json,
                                 after_json, error);
}

/* ---- the central database's answer to an issue --------------------------- */

/* Who the settling write is audited as: the officer who issued the licence
 * when their profile is on this desk, else the desk's own login. */
static LdActor *
settling_actor (LdStore          *store,
                const LdLicence  *l,
                const LdActor    *desk_actor)
{
  LdActor *issuer = l->issued_by ? _ld_user_repo_find_locked (store, l->issued_by) : NULL;

  if (issuer != NULL)
    return issuer;
  return desk_actor ? ld_actor_copy (desk_actor) : NULL;
}

static gboolean
settle_issue (LdStore        *store,
              const LdActor  *desk_actor,
              const char     *id,
              const char     *number,
              const char     *refusal,
              gboolean       *out_renumbered,
              GError        **error)
{
  gboolean renumber = FALSE;
  g_autoptr(LdLicence) l = load_locked (store, id, TRUE, NULL);
  g_autoptr(LdLicence) after = NULL;
  g_autoptr(LdActor) actor = NULL;
  g_autofree char *before_json = NULL, *after_json = NULL, *now = ld_store_now_utc ();
  sqlite3_stmt *stmt;
  gboolean ok;

  /* Not a licence of this desk's register (a record written by other
   * means), or one already settled by an earlier answer: nothing to do. A
   * licence this desk numbered on its own before it connected, whose number
   * was another's on the server, takes the server's number and keeps the
   * printed one as its desk number. */
  if (l != NULL && l->number_state == LD_LICENCE_NUMBER_FINAL && number != NULL && l->number != NULL &&
      l->desk_number == NULL && g_strcmp0 (l->number, number) != 0)
    renumber = TRUE;
  else if (l == NULL || l->number_state != LD_LICENCE_NUMBER_PENDING)
    return TRUE;
  actor = settling_actor (store, l, desk_actor);
  if (actor == NULL)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_MISSING,
                   _("Licence %s cannot take the central database's answer: no profile on this desk matches "
                     "its issuer %s or the desk's login."), id, l->issued_by ? l->issued_by : "");
      return FALSE;
    }
  before_json = licence_json_text (l);
  stmt = number != NULL
    ? ld_store_prepare (store, "UPDATE licence SET licence_number = ?1, number_state = NULL, updated_at = ?2,"
                               " series = ?4, series_number = ?5, row_version = row_version + 1 WHERE id = ?3",
                        error)
    : ld_store_prepare (store, "UPDATE licence SET number_state = 'refused', voided_at = ?2, voided_by = ?4,"
                               " void_reason = ?1, updated_at = ?2, row_version = row_version + 1 WHERE id = ?3",
                        error);
  if (stmt == NULL || (renumber && !ld_pulled_keep_desk_number (store, ENTITY, id, l->number, error)))
    return FALSE;
  ld_store_bind_text (stmt, 1, number != NULL ? number : refusal);
  ld_store_bind_text (stmt, 2, now);
  ld_store_bind_text (stmt, 3, id);
  if (number == NULL)
    ld_store_bind_text (stmt, 4, "central-database");
  else
    {
      /* LIC/EX/2026/000001: the series and its number, as this desk's own
       * issues keep them (the licences it issued, the day's print run). */
      const char *slash = strrchr (number, '/');
      g_autofree char *series = slash ? g_strndup (number, slash - number) : NULL;

      ld_store_bind_text (stmt, 4, series);
      if (slash)
        sqlite3_bind_int64 (stmt, 5, g_ascii_strtoll (slash + 1, NULL, 10));
    }
  if (!ld_store_step_done (store, stmt, error) ||
      !(after = load_locked (store, id, TRUE, error)) ||
      !index_licence (store, id, error))
    return FALSE;
  after_json = licence_json_text (after);
  /* The server made this change: it is audited here and not sent back. */
  ld_store_set_from_server (store, TRUE);
  ok = ld_store_record_change (store, actor, renumber ? "renumber-issue" : number != NULL ? "confirm-issue"
                                                                                  : "refuse-issue",
                               ENTITY, id, l->row_version, before_json, after_json, error);
  ld_store_set_from_server (store, FALSE);
  if (ok && out_renumbered)
    *out_renumbered = renumber;
  return ok;
}

gboolean
_ld_licence_repo_confirm_issue (LdStore        *store,
                                const LdActor  *actor,
                                const char     *id,
                                const char     *number,
                                gboolean       *out_renumbered,
                                GError        **error)
{
  g_return_val_if_fail (number != NULL, FALSE);

  return settle_issue (store, actor, id, number, NULL, out_renumbered, error);
}

gboolean
_ld_licence_repo_refuse_issue (LdStore        *store,
                               const LdActor  *actor,
                               const char     *id,
                               const char     *reason,
                               GError        **error)
{
  g_autofree char *text = g_strdup (reason && *reason ? reason : _("the server gave no reason"));

  return settle_issue (store, actor, id, NULL, text, NULL, error);
}

static gboolean
resolve_terms (const LdCaseRecord    *r,
               const LdLicenceTerms  *terms,
               const char            *issued_on,
               char                 **out_from,
               char                 **out_until,
               GError               **error)
{
  *out_from = g_strdup (terms && terms->valid_from ? terms->valid_from : issued_on);
  *out_until = terms && terms->valid_until ? g_strdup (terms->valid_until)
                                           : ld_licence_default_until (r->data->kind, *out_from);
  return ld_licence_check_validity (r->data->kind, issued_on, *out_from, *out_until, error);
}

/**
 * ld_licence_repo_issue:
 * @application: the approved case's reference or id
 * @terms: (nullable): validity and conditions; %NULL takes the defaults
 * @list_sha256: (nullable): the UN list installed on this desk, for the gate
 *
 * Issues an approved case as a licence: the decision gate is checked again,
 * the next number of the series (type and year) is taken inside the same
 * write transaction as the licence row, and the licence gets the case's item
 * lines and serial numbers. A senior licensing officer or the issuance desk.
 *
 * Returns: (transfer full) (nullable): the new licence
 */
LdLicence *
ld_licence_repo_issue (LdStore               *store,
                       const LdActor         *actor,
                       const char            *application,
                       const LdLicenceTerms  *terms,
                       const char            *list_sha256,
                       GError               **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *issued_on = today ();
  g_autofree char *from = NULL, *until = NULL, *conditions = NULL, *series = NULL, *number = NULL;
  g_autoptr(LdCaseRecord) r = NULL;
  NewLicence n = { 0 };
  gboolean central = FALSE;
  LdLicence *after;

  g_return_val_if_fail (application != NULL, NULL);

  if (!ld_actor_require (actor, LD_PERMISSION_ISSUE_LICENCES, error) || !ld_store_begin (store, error))
    return NULL;
  if (!(r = _ld_case_repo_load_locked (store, application, 0, error)) ||
      !check_issuable (store, r, list_sha256, error) ||
      !resolve_terms (r, terms, issued_on, &from, &until, error) ||
      !(conditions = collect_conditions (store, terms, error)) ||
      !ld_pulled_desk_is_central (store, &central, error))
    goto fail;
  series = ld_licence_series (r->data->kind, atoi (issued_on));
  if (series == NULL)
    {
      g_set_error (error, LD_LICENCE_ERROR, LD_LICENCE_ERROR_INVALID,
                   _("Application %s is of a type (“%s”) no licence series is kept for."), r->reference, r->data->kind);
      goto fail;
    }
  /* On a desk synced with a central database the number is the server's: it
   * comes with the answer to the push, and the licence is pending until then. */
  if (central)
    g_clear_pointer (&series, g_free);
  else if ((n.series_number = _ld_licence_repo_allocate_number (store, series, error)) == 0)
    goto fail;
  else
    number = ld_licence_format_number (series, n.series_number);
  n = (NewLicence) { id, number, series, n.series_number, from, until, issued_on, conditions };
  if (!insert_licence (store, actor, r, &n, error) ||
      !insert_lines (store, id, r->data, error) ||
      !index_licence (store, id, error) ||
      !insert_event (store, actor, id, "issue", NULL, "issued", NULL, error))
    goto fail;
  if ((after = finish_write (store, actor, "issue", id, 0, NULL, error)))
    return after;
fail:
  ld_store_rollback (store);
  return NULL;
}

/* ---- lifecycle --------------------------------------------------------- */

/* Acts and shipments need a licence the central database confirmed. */
static gboolean
check_issued_for_good (const LdLicence  *l,
                       GError          **error)
{
  if (l->number_state == LD_LICENCE_NUMBER_PENDING)
    {
      g_set_error_literal (error, LD_LICENCE_ERROR, LD_LICENCE_ERROR_NOT_CONFIRMED,
                           _("This licence's issue is pending until the central database gives its number; "
                             "nothing can be done under it before. Sync the desk and try again."));
      return FALSE;
    }
  if (l->number_state == LD_LICENCE_NUMBER_REFUSED)
    {
      g_set_error (error, LD_LICENCE_ERROR, LD_LICENCE_ERROR_NOT_CONFIRMED,
                   _("This licence was not issued: the central database refused the issue (%s)."),
                   l->void_reason ? l->void_reason : _("no reason given"));
      return FALSE;
    }
  return TRUE;
}

static LdLicenceStatus
status_after (const LdLicence *l,
              LdLicenceAction  action)
{
  gint64 quantity = 0, shipped = 0;

  switch (action)
    {
    case LD_LICENCE_ACTION_SUSPEND:
      return LD_LICENCE_STATUS_SUSPENDED;
    case LD_LICENCE_ACTION_REVOKE:
      return LD_LICENCE_STATUS_REVOKED;
    case LD_LICENCE_ACTION_SURRENDER:
      return LD_LICENCE_STATUS_SURRENDERED;
    case LD_LICENCE_ACTION_REINSTATE:
    case LD_LICENCE_N_ACTIONS:
    default:
      /* Back to what its shipments made of it. */
      for (guint i = 0; i < l->lines->len; i++)
        {
          quantity += ((LdLicenceLine *) l->lines->pdata[i])->quantity;
          shipped += ((LdLicenceLine *) l->lines->pdata[i])->shipped;
        }
      return ld_licence_status_for_usage (quantity, shipped);
    }
}

/**
 * ld_licence_repo_act:
 * @reason: why; required for every act
 *
 * Suspends, reinstates, revokes or records the surrender of a licence, with
 * the actor, reason and time in its history and the audit log. The affected
 * shipments are the licence's (see #LdLicence.shipments after the act).
 *
 * Returns: (transfer full) (nullable): the licence after the act
 */
LdLicence *
ld_licence_repo_act (LdStore          *store,
                     const LdActor    *actor,
                     const char       *number,
                     LdLicenceAction   action,
                     const char       *reason,
                     GError          **error)
{
  g_autoptr(LdLicence) l = NULL;
  g_autofree char *before = NULL;
  g_autofree char *trimmed = reason ? g_strstrip (g_strdup (reason)) : NULL;
  LdLicenceStatus to;
  LdLicence *after;

  if (!ld_store_begin (store, error))
    return NULL;
  if (!(l = load_locked (store, number, TRUE, error)) ||
      !check_issued_for_good (l, error) ||
      !ld_licence_check_action (l->effective, action, actor, trimmed, error))
    goto fail;
  before = licence_json_text (l);
  to = status_after (l, action);
  if (!set_status (store, l->id, to, error) ||
      !insert_event (store, actor, l->id, ld_licence_action_to_string (action),
                     ld_licence_status_to_string (l->effective), ld_licence_status_to_string (to), trimmed, error))
    goto fail;
  if ((after = finish_write (store, actor, ld_licence_action_to_string (action), l->id, l->row_version, before, error)))
    return after;
fail:
  ld_store_rollback (store);
  return NULL;
}

/* ---- shipments at every desk ------------------------------------------- */

/* A shipment is a record of its own on the central database, which checks
 * what every desk shipped against the licence's quantities. */
#define SHIPMENT_ENTITY   "shipment"
#define SHIPMENT_RECORDED "shipment-record"
#define SHIPMENT_VOIDED   "shipment-void"

static const LdShipment *
shipment_of (const LdLicence *l,
             const char      *id)
{
  for (guint i = 0; i < l->shipments->len; i++)
    if (g_strcmp0 (((LdShipment *) l->shipments->pdata[i])->id, id) == 0)
      return l->shipments->pdata[i];
  for (guint i = 0; i < l->voided_shipments->len; i++)
    if (g_strcmp0 (((LdShipment *) l->voided_shipments->pdata[i])->id, id) == 0)
      return l->voided_shipments->pdata[i];
  return NULL;
}

/* The shipment as the server keeps it: only what its rows hold, so the image
 * a void is made on is the one the desk sent when it was recorded. */
static char *
shipment_image (const LdLicence  *l,
                const LdShipment *s)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  ld_json_add_string_member (b, "id", s->id);
  ld_json_add_string_member (b, "licence_id", l->id);
  ld_json_add_string_member (b, "customs_reference", s->customs_reference);
  ld_json_add_string_member (b, "shipped_on", s->shipped_on);
  ld_json_add_string_member (b, "recorded_at", s->recorded_at);
  ld_json_add_string_member (b, "recorded_by", s->recorded_by);
  ld_json_add_string_member (b, "voided_at", s->voided_at);
  ld_json_add_string_member (b, "voided_by", s->voided_by);
  ld_json_add_string_member (b, "void_reason", s->void_reason);
  build_shipment_contents (b, s);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* Queues the shipment as it now stands for the central database, inside
 * the transaction whose licence change audits it. */
static gboolean
carry_shipment (LdStore     *store,
                const char  *licence_id,
                const char  *shipment_id,
                const char  *action,
                const char  *before_json,
                GError     **error)
{
  g_autoptr(LdLicence) l = load_locked (store, licence_id, TRUE, error);
  const LdShipment *s = l ? shipment_of (l, shipment_id) : NULL;
  g_autofree char *image = NULL;

  if (l == NULL)
    return FALSE;
  g_assert (s != NULL);
  image = shipment_image (l, s);
  return ld_store_carry_record (store, action, SHIPMENT_ENTITY, shipment_id, before_json, image, error);
}

/* ---- shipments --------------------------------------------------------- */

static gboolean
refuse (GError     **error,
        const char  *format,
        ...) G_GNUC_PRINTF (2, 3);

static gboolean
refuse (GError     **error,
        const char  *format,
        ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, LD_LICENCE_ERROR, LD_LICENCE_ERROR_INVALID, message);
  return FALSE;
}

static LdLicenceLine *
find_line (const LdLicence *l,
           int              line_no)
{
  for (guint i = 0; i < l->lines->len; i++)
    if (((LdLicenceLine *) l->lines->pdata[i])->line_no == line_no)
      return l->lines->pdata[i];
  return NULL;
}

/* A real day written YYYY-MM-DD, whatever the desk's locale. */
static gboolean
is_iso_day (const char *text)
{
  int y, m, d;
  char end;

  return text != NULL && strlen (text) == 10 && sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3 &&
         g_date_valid_dmy (d, m, y);
}

static gboolean
check_shipment_date (const LdLicence  *l,
                     const char       *shipped_on,
                     GError          **error)
{
  if (!is_iso_day (shipped_on))
    return refuse (error, _("Give the shipment's date as YYYY-MM-DD (got “%s”)."), shipped_on ? shipped_on : "");
  if (g_strcmp0 (shipped_on, l->issued_on) < 0)
    return refuse (error, _("The shipment is dated %s, before licence %s was issued on %s: nothing may leave "
                            "before a licence exists."), shipped_on, l->number, l->issued_on);
  if (g_strcmp0 (shipped_on, l->valid_from) < 0 || g_strcmp0 (shipped_on, l->valid_until) > 0)
    return refuse (error, _("The shipment is dated %s, outside licence %s's validity (%s to %s)."),
                   shipped_on, l->number, l->valid_from, l->valid_until);
  return TRUE;
}

/* Every line named once, known, and within what remains on it. */
static gboolean
check_quantities (const LdLicence        *l,
                  const LdShipmentInput  *in,
                  GError                **error)
{
  if (in->n_quantities == 0)
    return refuse (error, _("Say how many items of which line were shipped, e.g. --line 1:40."));
  for (guint i = 0; i < in->n_quantities; i++)
    {
      const LdShipmentQuantity *q = &in->quantities[i];
      LdLicenceLine *line = find_line (l, q->line_no);

      if (line == NULL)
        return refuse (error, _("Licence %s has no item line %d; its lines are 1 to %u."), l->number, q->line_no,
                       l->lines->len);
      for (guint k = 0; k < i; k++)
        if (in->quantities[k].line_no == q->line_no)
          return refuse (error, _("Line %d is given twice; give each line's quantity once."), q->line_no);
      if (q->quantity <= 0)
        return refuse (error, _("The quantity shipped on line %d must be at least 1 (got %" G_GINT64_FORMAT ")."),
                       q->line_no, q->quantity);
      if (q->quantity > line->quantity - line->shipped)
        return refuse (error, _("Line %d (%s) has %" G_GINT64_FORMAT " left of %" G_GINT64_FORMAT "; a shipment of %"
                                G_GINT64_FORMAT " is more than the licence allows."), q->line_no,
                       line->description ? line->description : line->category, line->quantity - line->shipped,
                       line->quantity, q->quantity);
    }
  return TRUE;
}

static gboolean
check_customs_reference (LdStore                *store,
                         const LdShipmentInput  *in,
                         GError                **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *licence = NULL;

  if (is_blank (in->customs_reference))
    return refuse (error, _("Give the customs declaration's reference for the shipment."));
  if (!(stmt = ld_store_prepare (store, "SELECT l.licence_number FROM shipment s JOIN licence l ON l.id = s.licence_id"
                                        " WHERE s.customs_reference = ? AND s.voided_at IS NULL", error)))
    return FALSE;
  ld_store_bind_text (stmt, 1, in->customs_reference);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    licence = ld_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (licence != NULL)
    return refuse (error, _("Customs reference %s is already recorded, under licence %s: a declaration is recorded "
                            "once. Check the reference."), in->customs_reference, licence);
  return TRUE;
}

static gboolean
update_line (LdStore                  *store,
             const char               *licence_id,
             const LdShipmentQuantity *q,
             GError                  **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "UPDATE licence_line SET shipped = shipped + ?"
                                                " WHERE licence_id = ? AND line_no = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, q->quantity);
  ld_store_bind_text (stmt, 2, licence_id);
  sqlite3_bind_int (stmt, 3, q->line_no);
  return ld_store_step_done (store, stmt, error);
}

static gboolean
insert_shipment (LdStore                *store,
                 const LdActor          *actor,
                 const LdLicence        *l,
                 const char             *id,
                 const LdShipmentInput  *in,
                 const char             *now,
                 GError                **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "INSERT INTO shipment (id, licence_id, shipped_on, customs_reference,"
                                                " recorded_at, recorded_by) VALUES (?,?,?,?,?,?)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  ld_store_bind_text (stmt, 2, l->id);
  ld_store_bind_text (stmt, 3, in->shipped_on);
  ld_store_bind_text (stmt, 4, in->customs_reference);
  ld_store_bind_text (stmt, 5, now);
  ld_store_bind_text (stmt, 6, actor->login);
  if (!ld_store_step_done (store, stmt, error))
    return FALSE;
  for (guint i = 0; i < in->n_quantities; i++)
    {
      if (!(stmt = ld_store_prepare (store, "INSERT INTO shipment_line (shipment_id, line_no, quantity)"
                                            " VALUES (?,?,?)", error)))
        return FALSE;
      ld_store_bind_text (stmt, 1, id);
      sqlite3_bind_int (stmt, 2, in->quantities[i].line_no);
      sqlite3_bind_int64 (stmt, 3, in->quantities[i].quantity);
      if (!ld_store_step_done (store, stmt, error) || !update_line (store, l->id, &in->quantities[i], error))
        return FALSE;
    }
  return TRUE;
}

/* Marks each serial as shipped: it must be on the licence, on a line the
 * shipment names, and not shipped before. */
static gboolean
ship_serials (LdStore                *store,
              const LdLicence        *l,
              const char             *shipment_id,
              const LdShipmentInput  *in,
              GError                **error)
{
  for (guint i = 0; in->serials && in->serials[i]; i++)
    {
      g_autofree char *key = ld_licence_serial_key (in->serials[i]);
      g_autofree char *shipped_in = NULL;
      sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT id, line_no, shipment_id FROM licence_serial"
                                                    " WHERE licence_id = ? AND serial_key = ?", error);
      gint64 serial_id = 0;
      int line_no = 0;
      gboolean line_named = FALSE;

      if (stmt == NULL)
        return FALSE;
      ld_store_bind_text (stmt, 1, l->id);
      ld_store_bind_text (stmt, 2, key);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          serial_id = sqlite3_column_int64 (stmt, 0);
          line_no = sqlite3_column_int (stmt, 1);
          shipped_in = ld_store_column_dup (stmt, 2);
        }
      sqlite3_reset (stmt);
      if (serial_id == 0)
        return refuse (error, _("Serial number %s is not on licence %s; only the weapons the licence lists may be "
                                "shipped under it."), in->serials[i], l->number);
      if (shipped_in != NULL)
        return refuse (error, _("Serial number %s was already shipped under licence %s."), in->serials[i], l->number);
      for (guint k = 0; k < in->n_quantities; k++)
        line_named |= in->quantities[k].line_no == line_no;
      if (!line_named)
        return refuse (error, _("Serial number %s is on line %d, which this shipment does not include."),
                       in->serials[i], line_no);
      if (!(stmt = ld_store_prepare (store, "UPDATE licence_serial SET shipment_id = ? WHERE id = ?", error)))
        return FALSE;
      ld_store_bind_text (stmt, 1, shipment_id);
      sqlite3_bind_int64 (stmt, 2, serial_id);
      if (!ld_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static LdShipment *
find_shipment (LdLicence  *l,
               const char *id)
{
  for (guint i = 0; i < l->shipments->len; i++)
    if (g_str_equal (((LdShipment *) l->shipments->pdata[i])->id, id))
      return g_ptr_array_steal_index (l->shipments, i);
  return NULL;
}

/**
 * ld_licence_repo_ship:
 *
 * Records a shipment (or customs declaration) under a licence in force: the
 * remaining quantity of each line named goes down, never below zero. A
 * shipment over what remains, outside the validity or before issue, under a
 * suspended, revoked or surrendered licence, with a customs reference already
 * recorded or a serial number the licence does not list is refused, and
 * nothing changes.
 *
 * Returns: (transfer full) (nullable): the shipment recorded
 */
LdShipment *
ld_licence_repo_ship (LdStore                *store,
                      const LdActor          *actor,
                      const char             *number,
                      const LdShipmentInput  *in,
                      GError                **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *before = NULL;
  g_autofree char *at = ld_store_now_utc ();
  g_autoptr(LdLicence) l = NULL;
  g_autoptr(LdLicence) after = NULL;
  LdLicenceStatus to;

  if (!ld_actor_require (actor, LD_PERMISSION_RECORD_SHIPMENTS, error) || !ld_store_begin (store, error))
    return NULL;
  if (!(l = load_locked (store, number, TRUE, error)) ||
      !check_issued_for_good (l, error) ||
      !ld_licence_status_allows_shipment (l->effective, error) ||
      !check_shipment_date (l, in->shipped_on, error) ||
      !check_quantities (l, in, error) ||
      !check_customs_reference (store, in, error))
    goto fail;
  before = licence_json_text (l);
  if (!insert_shipment (store, actor, l, id, in, at, error) || !ship_serials (store, l, id, in, error))
    goto fail;
  {
    g_autoptr(LdLicence) now = load_locked (store, l->id, FALSE, error);

    if (now == NULL)
      goto fail;
    to = status_after (now, LD_LICENCE_ACTION_REINSTATE);
  }
  if (!set_status (store, l->id, to, error) ||
      !insert_event_at (store, actor, l->id, "ship", ld_licence_status_to_string (l->effective),
                        ld_licence_status_to_string (to), in->customs_reference, at, error) ||
      !carry_shipment (store, l->id, id, SHIPMENT_RECORDED, NULL, error))
    goto fail;
  if ((after = finish_write (store, actor, "ship", l->id, l->row_version, before, error)))
    return find_shipment (after, id);
fail:
  ld_store_rollback (store);
  return NULL;
}

/* ---- voiding a mistaken shipment --------------------------------------- */

static LdShipment *
find_in_force (const LdLicence *l,
               const char      *customs_reference)
{
  for (guint i = 0; i < l->shipments->len; i++)
    if (g_strcmp0 (((LdShipment *) l->shipments->pdata[i])->customs_reference, customs_reference) == 0)
      return l->shipments->pdata[i];
  return NULL;
}

/* The shipment's row stays, marked void; its quantities go back to the lines
 * and its serial numbers are free to ship again, remembered as its own. */
static gboolean
void_shipment_rows (LdStore          *store,
                    const LdActor    *actor,
                    const char       *licence_id,
                    const LdShipment *s,
                    const char       *reason,
                    const char       *now,
                    GError          **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "UPDATE shipment SET voided_at = ?, voided_by = ?, void_reason = ?"
                                                " WHERE id = ? AND voided_at IS NULL", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, now);
  ld_store_bind_text (stmt, 2, actor->login);
  ld_store_bind_text (stmt, 3, reason);
  ld_store_bind_text (stmt, 4, s->id);
  if (!ld_store_step_done (store, stmt, error))
    return FALSE;
  for (guint i = 0; i < s->quantities->len; i++)
    {
      LdShipmentQuantity back = g_array_index (s->quantities, LdShipmentQuantity, i);

      back.quantity = -back.quantity;
      if (!update_line (store, licence_id, &back, error))
        return FALSE;
    }
  if (!(stmt = ld_store_prepare (store, "INSERT INTO shipment_voided_serial (shipment_id, serial_id)"
                                        " SELECT shipment_id, id FROM licence_serial WHERE shipment_id = ?", error)))
    return FALSE;
  ld_store_bind_text (stmt, 1, s->id);
  if (!ld_store_step_done (store, stmt, error) ||
      !(stmt = ld_store_prepare (store, "UPDATE licence_serial SET shipment_id = NULL WHERE shipment_id = ?", error)))
    return FALSE;
  ld_store_bind_text (stmt, 1, s->id);
  return ld_store_step_done (store, stmt, error);
}

/* Suspended, revoked and surrendered stay so; a licence in use goes back to
 * what its remaining shipments make of it. */
static LdLicenceStatus
status_after_void (const LdLicence *before,
                   const LdLicence *now)
{
  switch (before->status)
    {
    case LD_LICENCE_STATUS_ISSUED:
    case LD_LICENCE_STATUS_PARTLY_USED:
    case LD_LICENCE_STATUS_EXHAUSTED:
      return status_after (now, LD_LICENCE_ACTION_REINSTATE);
    default:
      return before->status;
    }
}

/**
 * ld_licence_repo_void_shipment:
 * @customs_reference: the shipment's customs reference
 * @reason: why the record was a mistake; required
 *
 * Voids a shipment recorded by mistake, by a senior officer: its row, lines
 * and serial numbers stay on record, marked void with who, when and why; the
 * quantities it used are left to ship again and its serial numbers may ship
 * again; its customs reference may be recorded again. Audited, and in the
 * licence's history.
 *
 * Returns: (transfer full) (nullable): the licence after the void
 */
LdLicence *
ld_licence_repo_void_shipment (LdStore        *store,
                               const LdActor  *actor,
                               const char     *number,
                               const char     *customs_reference,
                               const char     *reason,
                               GError        **error)
{
  g_autofree char *trimmed = reason ? g_strstrip (g_strdup (reason)) : NULL;
  g_autofree char *before = NULL;
  g_autofree char *event_reason = NULL;
  g_autofree char *shipment_before = NULL;
  g_autofree char *at = ld_store_now_utc ();
  g_autoptr(LdLicence) l = NULL;
  const LdShipment *s;
  LdLicence *after;

  if (!ld_actor_require (actor, LD_PERMISSION_CONTROL_LICENCES, error))
    return NULL;
  if (is_blank (trimmed))
    {
      refuse (error, _("Say why the shipment was recorded by mistake: the reason goes on the licence's record."));
      return NULL;
    }
  if (!ld_validate_text (_("The reason"), trimmed, LD_TEXT_PARAGRAPH, error) || !ld_store_begin (store, error))
    return NULL;
  if (!(l = load_locked (store, number, TRUE, error)))
    goto fail;
  if (!(s = find_in_force (l, customs_reference)))
    {
      refuse (error, _("Licence %s has no shipment in force with customs reference “%s”; pick one of its shipments "
                       "listed on its page (licence show)."), l->number, customs_reference ? customs_reference : "");
      goto fail;
    }
  before = licence_json_text (l);
  shipment_before = shipment_image (l, s);
  event_reason = g_strdup_printf (_("Shipment %s voided: %s"), s->customs_reference, trimmed);
  if (!void_shipment_rows (store, actor, l->id, s, trimmed, at, error))
    goto fail;
  {
    g_autoptr(LdLicence) now = load_locked (store, l->id, FALSE, error);
    LdLicenceStatus to;

    if (now == NULL)
      goto fail;
    to = status_after_void (l, now);
    if (!set_status (store, l->id, to, error) ||
        !insert_event_at (store, actor, l->id, "void_shipment", ld_licence_status_to_string (l->effective),
                          ld_licence_status_to_string (to), event_reason, at, error) ||
        !carry_shipment (store, l->id, s->id, SHIPMENT_VOIDED, shipment_before, error))
      goto fail;
  }
  if ((after = finish_write (store, actor, "void_shipment", l->id, l->row_version, before, error)))
    return after;
fail:
  ld_store_rollback (store);
  return NULL;
}

/* ---- shipments of other desks ----------------------------------------- */

/* Each line's shipped quantity from the shipments in force this desk holds,
 * and the state those make of a licence in use; the history says nothing
 * new: the line of the shipment comes with the licence's image. */
static gboolean
recount_usage (LdStore          *store,
               const LdLicence  *held,
               GError          **error)
{
  g_autoptr(LdLicence) now = NULL;
  LdLicenceStatus to;
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "UPDATE licence_line SET shipped = (SELECT coalesce (sum (sl.quantity), 0) FROM shipment_line sl"
    " JOIN shipment s ON s.id = sl.shipment_id WHERE s.licence_id = licence_line.licence_id"
    " AND s.voided_at IS NULL AND sl.line_no = licence_line.line_no) WHERE licence_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, held->id);
  if (!ld_store_step_done (store, stmt, error) || !(now = load_locked (store, held->id, FALSE, error)))
    return FALSE;
  to = status_after_void (held, now);
  return to == held->status || set_status (store, held->id, to, error);
}

static gboolean
insert_image_shipment (LdStore     *store,
                       const char  *licence_id,
                       const char  *id,
                       JsonObject  *image,
                       GError     **error)
{
  JsonArray *lines = ld_pulled_image_array (image, "lines");
  JsonArray *serials = ld_pulled_image_array (image, "serials");
  const char *columns[] = { "shipped_on", "customs_reference", "recorded_at", "recorded_by", "voided_at",
                            "voided_by", "void_reason" };
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO shipment (id, licence_id, shipped_on, customs_reference, recorded_at, recorded_by, voided_at,"
    " voided_by, void_reason) VALUES (?,?,?,?,?,?,?,?,?)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  ld_store_bind_text (stmt, 2, licence_id);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    ld_store_bind_text (stmt, (int) i + 3, ld_pulled_image_text (image, columns[i]));
  if (!ld_store_step_done (store, stmt, error))
    return FALSE;
  for (guint i = 0; lines && i < json_array_get_length (lines); i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);

      if (!(stmt = ld_store_prepare (store, "INSERT INTO shipment_line (shipment_id, line_no, quantity)"
                                            " VALUES (?,?,?)", error)))
        return FALSE;
      ld_store_bind_text (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, ld_pulled_image_int (line, "line", 0));
      sqlite3_bind_int64 (stmt, 3, ld_pulled_image_int (line, "quantity", 0));
      if (!ld_store_step_done (store, stmt, error))
        return FALSE;
    }
  /* A voided shipment's serial numbers are free to ship again. */
  for (guint i = 0; ld_pulled_image_text (image, "voided_at") == NULL && serials &&
                    i < json_array_get_length (serials); i++)
    {
      g_autofree char *key = ld_licence_serial_key (json_array_get_string_element (serials, i));

      if (!(stmt = ld_store_prepare (store, "UPDATE licence_serial SET shipment_id = ? WHERE licence_id = ?"
                                            " AND serial_key = ? AND shipment_id IS NULL", error)))
        return FALSE;
      ld_store_bind_text (stmt, 1, id);
      ld_store_bind_text (stmt, 2, licence_id);
      ld_store_bind_text (stmt, 3, key);
      if (!ld_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Voids a shipment this desk holds as @image (or @reason) says, freeing its
 * serial numbers; its lines are counted again after. */
static gboolean
void_held_shipment (LdStore          *store,
                    const LdShipment *s,
                    const char       *voided_at,
                    const char       *voided_by,
                    const char       *reason,
                    GError          **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "UPDATE shipment SET voided_at = ?, voided_by = ?, void_reason = ?"
                                                " WHERE id = ? AND voided_at IS NULL", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, voided_at);
  ld_store_bind_text (stmt, 2, voided_by);
  ld_store_bind_text (stmt, 3, reason);
  ld_store_bind_text (stmt, 4, s->id);
  if (!ld_store_step_done (store, stmt, error) ||
      !(stmt = ld_store_prepare (store, "INSERT INTO shipment_voided_serial (shipment_id, serial_id)"
                                        " SELECT shipment_id, id FROM licence_serial WHERE shipment_id = ?", error)))
    return FALSE;
  ld_store_bind_text (stmt, 1, s->id);
  if (!ld_store_step_done (store, stmt, error) ||
      !(stmt = ld_store_prepare (store, "UPDATE licence_serial SET shipment_id = NULL WHERE shipment_id = ?", error)))
    return FALSE;
  ld_store_bind_text (stmt, 1, s->id);
  return ld_store_step_done (store, stmt, error);
}

/* The licence changed under @action: audited as the licence's change, with
 * its shipments in its image. */
static gboolean
record_licence_change (LdStore          *store,
                       const LdActor    *actor,
                       const char       *action,
                       const LdLicence  *held,
                       const char       *before_json,
                       GError          **error)
{
  g_autoptr(LdLicence) after = load_locked (store, held->id, TRUE, error);
  g_autofree char *after_json = NULL;

  if (after == NULL)
    return FALSE;
  after_json = licence_json_text (after);
  return ld_store_record_change (store, actor, action, ENTITY, held->id, held->row_version, before_json, after_json,
                                 error);
}

/**
 * _ld_licence_repo_apply_shipment_image:
 * @image: the shipment as the central database keeps it (its licence's id,
 *   customs reference, dates, who recorded it, its lines and serial numbers,
 *   and its voiding)
 *
 * Writes a shipment another desk recorded or voided into its licence, inside
 * the caller's transaction: the shipment, its lines, its serial numbers
 * marked shipped (or freed again), and each line's shipped quantity counted
 * again from the shipments in force, through the audited write path (an
 * entry on the licence). Refused when this desk does not hold the licence.
 */
gboolean
_ld_licence_repo_apply_shipment_image (LdStore        *store,
                                       const LdActor  *actor,
                                       const char     *action,
                                       const char     *id,
                                       JsonObject     *image,
                                       gboolean       *out_changed,
                                       GError        **error)
{
  const char *licence_id = ld_pulled_image_text (image, "licence_id");
  const char *voided_at = ld_pulled_image_text (image, "voided_at");
  g_autoptr(LdLicence) held = licence_id ? load_locked (store, licence_id, TRUE, error) : NULL;
  g_autofree char *before_json = NULL;
  const LdShipment *s;

  *out_changed = FALSE;
  if (held == NULL)
    {
      if (error && *error == NULL)
        g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_MISSING,
                     _("The central database's shipment %s names no licence."), id);
      return FALSE;
    }
  s = shipment_of (held, id);
  if (s != NULL && (s->voided_at != NULL || voided_at == NULL))
    return TRUE;
  before_json = licence_json_text (held);
  if (s == NULL ? !insert_image_shipment (store, held->id, id, image, error)
                : !void_held_shipment (store, s, voided_at, ld_pulled_image_text (image, "voided_by"),
                                       ld_pulled_image_text (image, "void_reason"), error))
    return FALSE;
  if (!recount_usage (store, held, error) || !record_licence_change (store, actor, action, held, before_json, error))
    return FALSE;
  *out_changed = TRUE;
  return TRUE;
}

/**
 * _ld_licence_repo_withdraw_shipment:
 * @reason: the central database's refusal
 *
 * The central database refused this desk's shipment @id (what every desk
 * shipped would exceed the licence, or the licence is no longer in force
 * there): inside the caller's transaction it is voided with that reason, its
 * quantities go back to the lines and its serial numbers are free again, in
 * the licence's history and the audit log. Nothing of it is sent: the server
 * never held it.
 */
gboolean
_ld_licence_repo_withdraw_shipment (LdStore        *store,
                                    const LdActor  *actor,
                                    const char     *id,
                                    const char     *reason,
                                    GError        **error)
{
  g_autofree char *licence_id = NULL;
  g_autofree char *before_json = NULL;
  g_autofree char *why = NULL;
  g_autofree char *now = ld_store_now_utc ();
  g_autoptr(LdLicence) held = NULL;
  g_autoptr(LdLicence) after = NULL;
  const LdShipment *s;
  gboolean ok;

  if (!_ld_store_query_text (store, "SELECT licence_id FROM shipment WHERE id = ?", id, NULL, NULL, &licence_id,
                             error))
    return FALSE;
  if (licence_id == NULL || !(held = load_locked (store, licence_id, TRUE, error)) ||
      !(s = shipment_of (held, id)) || s->voided_at != NULL)
    return held != NULL || licence_id == NULL;
  before_json = licence_json_text (held);
  why = g_strdup_printf (_("Refused by the central database: %s"), reason ? reason : "");
  ld_store_set_from_server (store, TRUE);
  ok = void_held_shipment (store, s, now, actor->login, why, error) &&
       recount_usage (store, held, error) &&
       (after = load_locked (store, licence_id, FALSE, error)) != NULL &&
       insert_event_at (store, actor, licence_id, "void_shipment", ld_licence_status_to_string (held->status),
                        ld_licence_status_to_string (after->status), why, now, error) &&
       record_licence_change (store, actor, "refused-shipment", held, before_json, error);
  ld_store_set_from_server (store, FALSE);
  return ok;
}

/**
 * ld_licence_repo_issued_on:
 * @day: YYYY-MM-DD
 *
 * Returns: (transfer full) (element-type utf8) (nullable): the numbers of the
 *   licences issued through the desk on @day, in number order, for printing
 *   a day's licences at once
 */
GPtrArray *
ld_licence_repo_issued_on (LdStore     *store,
                           const char  *day,
                           GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  gboolean read;

  if (!is_iso_day (day))
    {
      refuse (error, _("Give the day as YYYY-MM-DD (got “%s”)."), day ? day : "");
      return NULL;
    }
  if (!ld_store_begin_read (store, error))
    return NULL;
  if (!(stmt = ld_store_prepare (store, "SELECT licence_number FROM licence WHERE issued_on = ? AND series IS NOT NULL"
                                        " AND voided_at IS NULL ORDER BY series, series_number", error)))
    {
      ld_store_rollback (store);
      return NULL;
    }
  ld_store_bind_text (stmt, 1, day);
  read = ld_store_read_rows (store, stmt, add_text_row, out, _("listing the day's licences"), error);
  ld_store_rollback (store);
  return read ? g_steal_pointer (&out) : NULL;
}

/* ---- tracing ----------------------------------------------------------- */

typedef struct
{
  gint64  serial_rowid;
  char   *serial;
  char   *application_id;
  char   *reference;
  char   *kind;
  char   *status;
  char   *version_id;
  int     version;
  int     line_no;
  char   *description;
  char   *manufacturer;
  char   *model;
  char   *calibre;
  char   *case_json;
  char   *manufacturer_marking;
  char   *import_marking;      /* country and year, e.g. "GH 2026" */
  gint64  quantity;
  const char *matched_by;      /* "serial", "manufacturer_marking" or "import_marking" */
} TraceHit;

static void
trace_hit_free (TraceHit *h)
{
  g_free (h->serial); g_free (h->application_id); g_free (h->reference); g_free (h->kind); g_free (h->status);
  g_free (h->version_id); g_free (h->description); g_free (h->manufacturer); g_free (h->model); g_free (h->calibre);
  g_free (h->case_json); g_free (h->manufacturer_marking); g_free (h->import_marking);
  g_free (h);
}

#define TRACE_COLUMNS \
  "SELECT a.id, a.reference, a.kind, a.status, v.id, v.version, i.line_no, i.description, i.manufacturer," \
  " i.model, i.calibre, v.case_json, i.manufacturer_marking," \
  " i.import_marking_country || ' ' || i.import_marking_year, i.quantity"

/* A marking found on a weapon, and where to look for it: each by its index,
 * so the answer takes as long among millions of rows as among thousands. */
static const struct { const char *matched_by; const char *sql; } trace_queries[] = {
  { "serial",
    TRACE_COLUMNS ", s.serial"
    " FROM application_serial s JOIN application_item i ON i.id = s.item_id"
    " JOIN application_version v ON v.id = i.version_id JOIN application a ON a.id = s.application_id"
    " WHERE replace (replace (replace (s.serial, '-', ''), '/', ''), '.', '') = ?"
    " ORDER BY a.reference, v.version LIMIT ?" },
  /* The expressions are the indexes' (migration "licence-aftercare"), word for word. */
  { "manufacturer_marking",
    TRACE_COLUMNS ", NULL FROM application_item i"
    " JOIN application_version v ON v.id = i.version_id JOIN application a ON a.id = v.application_id"
    " WHERE manufacturer_marking IS NOT NULL AND replace (replace (replace (replace (replace (replace (replace ("
    "replace (replace (replace (upper (manufacturer_marking), ' ', ''), '-', ''), '/', ''), '.', ''), ',', ''),"
    " ':', ''), ';', ''), '_', ''), '(', ''), ')', '') = ?"
    " ORDER BY a.reference, v.version, i.line_no LIMIT ?" },
  { "import_marking",
    TRACE_COLUMNS ", NULL FROM application_item i"
    " JOIN application_version v ON v.id = i.version_id JOIN application a ON a.id = v.application_id"
    " WHERE import_marking_country IS NOT NULL AND import_marking_year IS NOT NULL"
    " AND upper (import_marking_country) || import_marking_year = ?"
    " ORDER BY a.reference, v.version, i.line_no LIMIT ?" },
};

static TraceHit *
trace_hit_from_row (sqlite3_stmt *stmt,
                    const char   *matched_by)
{
  TraceHit *h = g_new0 (TraceHit, 1);

  h->application_id = ld_store_column_dup (stmt, 0);
  h->reference = ld_store_column_dup (stmt, 1);
  h->kind = ld_store_column_dup (stmt, 2);
  h->status = ld_store_column_dup (stmt, 3);
  h->version_id = ld_store_column_dup (stmt, 4);
  h->version = sqlite3_column_int (stmt, 5);
  h->line_no = sqlite3_column_int (stmt, 6);
  h->description = ld_store_column_dup (stmt, 7);
  h->manufacturer = ld_store_column_dup (stmt, 8);
  h->model = ld_store_column_dup (stmt, 9);
  h->calibre = ld_store_column_dup (stmt, 10);
  h->case_json = ld_store_column_dup (stmt, 11);
  h->manufacturer_marking = ld_store_column_dup (stmt, 12);
  h->import_marking = ld_store_column_dup (stmt, 13);
  h->quantity = sqlite3_column_int64 (stmt, 14);
  h->serial = ld_store_column_dup (stmt, 15);
  h->matched_by = matched_by;
  return h;
}

/* Every case version whose item lines list the marking in the ways asked,
 * at most @limit of each. */
static gboolean
find_markings (LdStore      *store,
               const char   *key,
               LdTraceBy     by,
               guint         limit,
               GPtrArray    *hits,
               gboolean     *out_truncated,
               GError      **error)
{
  for (guint q = 0; q < G_N_ELEMENTS (trace_queries); q++)
    {
      sqlite3_stmt *stmt;
      guint n = 0;
      int rc;

      if ((by & (1u << q)) == 0)
        continue;
      if (!(stmt = ld_store_prepare (store, trace_queries[q].sql, error)))
        return FALSE;
      ld_store_bind_text (stmt, 1, key);
      sqlite3_bind_int64 (stmt, 2, (gint64) limit + 1);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        if (++n <= limit)
          g_ptr_array_add (hits, trace_hit_from_row (stmt, trace_queries[q].matched_by));
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          ld_store_set_error (store, error, rc, _("searching markings"));
          return FALSE;
        }
      *out_truncated |= n > limit;
    }
  return TRUE;
}

/* The rows of @sql for a case version, as an array member of objects whose
 * string members are named, in column order, by @members. */
static void
build_version_rows (JsonBuilder        *b,
                    LdStore            *store,
                    const char         *array_name,
                    const char         *sql,
                    const char         *version_id,
                    const char * const *members)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, sql, NULL);

  json_builder_set_member_name (b, array_name);
  json_builder_begin_array (b);
  if (stmt != NULL)
    {
      ld_store_bind_text (stmt, 1, version_id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          json_builder_begin_object (b);
          for (int i = 0; members[i] != NULL; i++)
            ld_json_add_string_member (b, members[i], (const char *) sqlite3_column_text (stmt, i));
          json_builder_end_object (b);
        }
      sqlite3_reset (stmt);
    }
  json_builder_end_array (b);
}

static void
build_parties (JsonBuilder *b,
               LdStore     *store,
               const char  *version_id)
{
  static const char * const members[] = { "role", "name", "country", "type", NULL };

  build_version_rows (b, store, "parties", "SELECT role, name, country, party_type FROM application_party"
                                           " WHERE version_id = ? ORDER BY position", version_id, members);
}

static void
build_route (JsonBuilder *b,
             LdStore     *store,
             const char  *version_id)
{
  static const char * const members[] = { "leg", "country", NULL };

  build_version_rows (b, store, "route", "SELECT leg, country FROM application_route WHERE version_id = ?"
                                         " ORDER BY position", version_id, members);
}

/* The end-use certificate and contract as the case version gives them. */
static void
build_documents (JsonBuilder *b,
                 const char  *case_json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o = NULL;

  if (case_json && json_parser_load_from_data (parser, case_json, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    o = json_node_get_object (json_parser_get_root (parser));
  ld_json_add_string_member (b, "euc_reference", o && json_object_has_member (o, "euc_reference") &&
                                  !json_object_get_null_member (o, "euc_reference")
                                  ? json_object_get_string_member (o, "euc_reference") : NULL);
  ld_json_add_string_member (b, "end_use", o && json_object_has_member (o, "end_use") && !json_object_get_null_member (o, "end_use")
                            ? json_object_get_string_member (o, "end_use") : NULL);
}

static void
build_licence_shipments (JsonBuilder *b,
                         LdStore     *store,
                         const char  *application_id)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT sh.shipped_on, sh.customs_reference FROM shipment sh"
                                                " JOIN licence l ON l.id = sh.licence_id"
                                                " WHERE l.application_id = ? AND l.voided_at IS NULL"
                                                " AND sh.voided_at IS NULL ORDER BY sh.shipped_on", NULL);

  json_builder_set_member_name (b, "shipments");
  json_builder_begin_array (b);
  if (stmt != NULL)
    {
      ld_store_bind_text (stmt, 1, application_id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          json_builder_begin_object (b);
          ld_json_add_string_member (b, "shipped_on", (const char *) sqlite3_column_text (stmt, 0));
          ld_json_add_string_member (b, "customs_reference", (const char *) sqlite3_column_text (stmt, 1));
          json_builder_end_object (b);
        }
      sqlite3_reset (stmt);
    }
  json_builder_end_array (b);
}

/* The licence issued from this very version, and the shipment the marking
 * left in (or, for a marking of the whole line, every shipment). */
static void
build_licence (JsonBuilder    *b,
               LdStore        *store,
               const TraceHit *h,
               const char     *key)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT l.licence_number, l.status, l.valid_from, l.valid_until, l.holder_name, sh.shipped_on,"
    " sh.customs_reference FROM licence l"
    " LEFT JOIN licence_serial ls ON ls.licence_id = l.id AND ls.serial_key = ?2"
    " LEFT JOIN shipment sh ON sh.id = ls.shipment_id"
    " WHERE l.application_id = ?1 AND l.voided_at IS NULL", NULL);
  g_autofree char *today_text = today ();

  json_builder_set_member_name (b, "licence");
  if (stmt == NULL || (ld_store_bind_text (stmt, 1, h->application_id), ld_store_bind_text (stmt, 2, key),
                       sqlite3_step (stmt)) != SQLITE_ROW)
    {
      json_builder_add_null_value (b);
      if (stmt)
        sqlite3_reset (stmt);
      return;
    }
  {
    LdLicenceStatus stored = LD_LICENCE_STATUS_REVOKED;

    ld_licence_status_from_string ((const char *) sqlite3_column_text (stmt, 1), &stored);
    json_builder_begin_object (b);
    ld_json_add_string_member (b, "number", (const char *) sqlite3_column_text (stmt, 0));
    ld_json_add_string_member (b, "status", ld_licence_status_to_string (
                  ld_licence_status_effective (stored, (const char *) sqlite3_column_text (stmt, 3), today_text)));
    ld_json_add_string_member (b, "valid_from", (const char *) sqlite3_column_text (stmt, 2));
    ld_json_add_string_member (b, "valid_until", (const char *) sqlite3_column_text (stmt, 3));
    ld_json_add_string_member (b, "holder", (const char *) sqlite3_column_text (stmt, 4));
    if (key == NULL)
      {
        /* Found by a marking of the whole line: every shipment under it. */
        sqlite3_reset (stmt);
        build_licence_shipments (b, store, h->application_id);
        json_builder_end_object (b);
        return;
      }
    json_builder_set_member_name (b, "shipment");
    if (sqlite3_column_type (stmt, 5) == SQLITE_NULL)
      json_builder_add_null_value (b);
    else
      {
        json_builder_begin_object (b);
        ld_json_add_string_member (b, "shipped_on", (const char *) sqlite3_column_text (stmt, 5));
        ld_json_add_string_member (b, "customs_reference", (const char *) sqlite3_column_text (stmt, 6));
        json_builder_end_object (b);
      }
    json_builder_end_object (b);
  }
  sqlite3_reset (stmt);
}

static void
build_chain (JsonBuilder    *b,
             LdStore        *store,
             const TraceHit *h,
             const char     *key)
{
  json_builder_begin_object (b);
  ld_json_add_string_member (b, "serial", h->serial);
  ld_json_add_string_member (b, "matched_by", h->matched_by);
  ld_json_add_string_member (b, "application", h->reference);
  ld_json_add_int_member (b, "application_version", h->version);
  ld_json_add_string_member (b, "kind", h->kind);
  ld_json_add_string_member (b, "application_status", h->status);
  json_builder_set_member_name (b, "item");
  json_builder_begin_object (b);
  ld_json_add_int_member (b, "line", h->line_no);
  ld_json_add_string_member (b, "description", h->description);
  ld_json_add_string_member (b, "manufacturer", h->manufacturer);
  ld_json_add_string_member (b, "model", h->model);
  ld_json_add_string_member (b, "calibre", h->calibre);
  ld_json_add_string_member (b, "manufacturer_marking", h->manufacturer_marking);
  ld_json_add_string_member (b, "import_marking", h->import_marking);
  ld_json_add_int_member (b, "quantity", h->quantity);
  json_builder_end_object (b);
  build_documents (b, h->case_json);
  build_parties (b, store, h->version_id);
  build_route (b, store, h->version_id);
  build_licence (b, store, h, h->serial ? key : NULL);
  json_builder_end_object (b);
}

/**
 * ld_licence_repo_trace_by:
 * @marking: a marking as a tracing request gives it; case, spaces and
 *   separators do not matter
 * @by: where to look: serial numbers, manufacturers' markings, import
 *   markings (country and year, e.g. "GH 2026"), or any of them
 *
 * Answers a tracing request: every case version that listed the marking,
 * with its parties, route, end-use certificate and the licence issued from
 * it with the shipment the weapon left in. Found by index, so the answer
 * takes as long among millions of serial numbers as among thousands. A
 * marking of a whole line (manufacturer's or import) can match many cases:
 * at most %LD_TRACE_MAX_CHAINS of each kind are given, and "truncated" says
 * when there were more.
 *
 * Returns: (transfer full) (nullable): {"serial_key", "marking_key",
 *   "truncated", "chains": [...]}
 */
JsonNode *
ld_licence_repo_trace_by (LdStore     *store,
                          const char  *marking,
                          LdTraceBy    by,
                          GError     **error)
{
  g_autofree char *key = ld_licence_serial_key (marking);
  g_autofree char *marking_key = ld_licence_marking_key (marking);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) trace_hit_free);
  gboolean truncated = FALSE;

  if (key[0] == '\0')
    {
      g_set_error (error, LD_LICENCE_ERROR, LD_LICENCE_ERROR_INVALID,
                   by == LD_TRACE_BY_SERIAL
                   ? _("Give the serial number to trace: letters and digits, as marked on the weapon.")
                   : _("Give the marking to trace: a serial number, a manufacturer's marking or an import marking "
                       "such as GH 2026, as marked on the weapon."));
      return NULL;
    }
  if (!ld_store_begin_read (store, error))
    return NULL;
  if (!find_markings (store, key, by & LD_TRACE_BY_SERIAL, LD_TRACE_MAX_CHAINS, hits, &truncated, error) ||
      !find_markings (store, marking_key, by & ~LD_TRACE_BY_SERIAL, LD_TRACE_MAX_CHAINS, hits, &truncated, error))
    {
      ld_store_rollback (store);
      return NULL;
    }
  json_builder_begin_object (b);
  ld_json_add_string_member (b, "serial_key", key);
  ld_json_add_string_member (b, "marking_key", marking_key);
  json_builder_set_member_name (b, "truncated");
  json_builder_add_boolean_value (b, truncated);
  json_builder_set_member_name (b, "chains");
  json_builder_begin_array (b);
  for (guint i = 0; i < hits->len; i++)
    build_chain (b, store, hits->pdata[i], key);
  json_builder_end_array (b);
  json_builder_end_object (b);
  ld_store_rollback (store);
  return json_builder_get_root (b);
}

/**
 * ld_licence_repo_trace:
 * @serial: a serial number as a tracing request gives it
 *
 * ld_licence_repo_trace_by() for serial numbers only.
 */
JsonNode *
ld_licence_repo_trace (LdStore     *store,
                       const char  *serial,
                       GError     **error)
{
  return ld_licence_repo_trace_by (store, serial, LD_TRACE_BY_SERIAL, error);
}
