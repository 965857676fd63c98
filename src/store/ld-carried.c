/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-carried"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-carried.h"
#include "ld-pulled-image.h"
#include "ld-store-private.h"

/* Records a desk keeps under another (a case's screening runs and their hits,
 * the verdicts on those hits) and the denial register, as the central
 * database keeps them: each its own record there, so every desk holds the
 * same. A run's image is its row with its hits as their rows; a verdict's is
 * the hit's row once judged. Runs never change once written; a hit changes
 * only by a verdict, or by a later run superseding it. */

typedef struct
{
  const char *run_entity;
  const char *verdict_entity;
  const char *runs;         /* the run table */
  const char *hits;         /* its hits' table */
  const char *owner;        /* the column naming what was screened */
} Kind;

/* Table and column names are these constants, never input. */
static const Kind kinds[] = {
  { LD_CARRIED_CASE_RUN, LD_CARRIED_CASE_VERDICT, "screening_run", "screening_hit", "application_id" },
  { LD_CARRIED_CONSENT_RUN, LD_CARRIED_CONSENT_VERDICT, "consent_screening_run", "consent_screening_hit",
    "consent_id" },
};

static const Kind *
kind_named (const char *entity)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].run_entity, entity) == 0 || g_strcmp0 (kinds[i].verdict_entity, entity) == 0)
      return &kinds[i];
  /* Kinds are this file's constants, as its callers name them. */
  g_assert_not_reached ();
}

/* ---- rows as JSON ---------------------------------------------------------- */

static void
add_row_members (JsonBuilder  *b,
                 sqlite3_stmt *stmt)
{
  for (int c = 0; c < sqlite3_column_count (stmt); c++)
    {
      json_builder_set_member_name (b, sqlite3_column_name (stmt, c));
      switch (sqlite3_column_type (stmt, c))
        {
        case SQLITE_INTEGER:
          json_builder_add_int_value (b, sqlite3_column_int64 (stmt, c));
          break;
        case SQLITE_FLOAT:
          json_builder_add_double_value (b, sqlite3_column_double (stmt, c));
          break;
        case SQLITE_TEXT:
          json_builder_add_string_value (b, (const char *) sqlite3_column_text (stmt, c));
          break;
        default:
          json_builder_add_null_value (b);
          break;
        }
    }
}

/* The row of @table whose id is @id, with the rows of @children whose
 * @link is @id as an array member "hits" when @children is given. NULL
 * without error when there is no such row. */
static char *
row_image (LdStore     *store,
           const char  *table,
           const char  *id,
           const char  *children,
           const char  *link,
           GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s WHERE id = ?", table);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  sqlite3_stmt *stmt = ld_store_prepare (store, sql, error);
  gboolean found;

  if (stmt == NULL)
    return NULL;
  ld_store_bind_text (stmt, 1, id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  json_builder_begin_object (b);
  if (found)
    add_row_members (b, stmt);
  sqlite3_reset (stmt);
  if (!found)
    return NULL;
  if (children != NULL)
    {
      g_autofree char *hits_sql = g_strdup_printf ("SELECT * FROM %s WHERE %s = ? ORDER BY rowid", children, link);

      if (!(stmt = ld_store_prepare (store, hits_sql, error)))
        return NULL;
      ld_store_bind_text (stmt, 1, id);
      json_builder_set_member_name (b, "hits");
      json_builder_begin_array (b);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          json_builder_begin_object (b);
          add_row_members (b, stmt);
          json_builder_end_object (b);
        }
      sqlite3_reset (stmt);
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* ---- queueing ------------------------------------------------------------ */

/**
 * ld_carried_queue_run:
 * @kind: %LD_CARRIED_CASE_RUN or %LD_CARRIED_CONSENT_RUN
 *
 * Inside the transaction that wrote screening run @run_id and its hits (and
 * audited it on the case or request): queues it for the central database.
 */
gboolean
ld_carried_queue_run (LdStore     *store,
                      const char  *kind,
                      const char  *run_id,
                      GError     **error)
{
  const Kind *k = kind_named (kind);
  g_autofree char *image = row_image (store, k->runs, run_id, k->hits, "run_id", error);

  if (image == NULL)
    return error == NULL || *error == NULL;
  return ld_store_carry_record (store, "screening-run", k->run_entity, run_id, NULL, image, error);
}

/**
 * ld_carried_queue_verdict:
 * @kind: %LD_CARRIED_CASE_VERDICT or %LD_CARRIED_CONSENT_VERDICT
 *
 * Inside the transaction that recorded an officer's verdict on hit @hit_id:
 * queues the judged hit for the central database. A second verdict on the
 * same hit from another desk is a conflict there, never a silent overwrite.
 */
gboolean
ld_carried_queue_verdict (LdStore     *store,
                          const char  *kind,
                          const char  *hit_id,
                          GError     **error)
{
  const Kind *k = kind_named (kind);
  g_autofree char *image = row_image (store, k->hits, hit_id, NULL, NULL, error);

  if (image == NULL)
    return error == NULL || *error == NULL;
  return ld_store_carry_record (store, "hit-verdict", k->verdict_entity, hit_id, NULL, image, error);
}

/* ---- applying ------------------------------------------------------------ */

static void
bind_member (sqlite3_stmt *stmt,
             int           index,
             JsonObject   *row,
             const char   *member)
{
  JsonNode *node = json_object_get_member (row, member);
  GType type = node && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

  if (type == G_TYPE_STRING)
    ld_store_bind_text (stmt, index, json_node_get_string (node));
  else if (type == G_TYPE_INT64)
    sqlite3_bind_int64 (stmt, index, json_node_get_int (node));
  else if (type == G_TYPE_DOUBLE)
    sqlite3_bind_double (stmt, index, json_node_get_double (node));
  else if (type == G_TYPE_BOOLEAN)
    sqlite3_bind_int (stmt, index, json_node_get_boolean (node));
  else
    sqlite3_bind_null (stmt, index);
}

/* The columns of @table that @row names. */
static GPtrArray *
row_columns (LdStore     *store,
             const char  *table,
             JsonObject  *row,
             GError     **error)
{
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT name FROM pragma_table_info (?)", error);

  if (stmt == NULL)
    return NULL;
  ld_store_bind_text (stmt, 1, table);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);

      if (json_object_has_member (row, name))
        g_ptr_array_add (columns, g_strdup (name));
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&columns);
}

/* Inserts @row into @table; unless @plain, when a row with its id is there
 * already, leaves it or (@update) takes the row's values. */
static gboolean
insert_row_as (LdStore     *store,
               const char  *table,
               JsonObject  *row,
               gboolean     plain,
               gboolean     update,
               GError     **error)
{
  g_autoptr(GPtrArray) columns = row_columns (store, table, row, error);
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt;
  g_autofree char *names = NULL;

  if (columns == NULL)
    return FALSE;
  g_ptr_array_add (columns, NULL);
  names = g_strjoinv (", ", (char **) columns->pdata);
  g_string_printf (sql, "INSERT INTO %s (%s) VALUES (", table, names);
  for (guint i = 0; i + 1 < columns->len; i++)
    g_string_append (sql, i == 0 ? "?" : ", ?");
  g_string_append (sql, plain ? ")" : ") ON CONFLICT (id) DO ");
  if (!plain && !update)
    g_string_append (sql, "NOTHING");
  for (guint i = 0; !plain && update && i + 1 < columns->len; i++)
    g_string_append_printf (sql, "%s%s = excluded.%s", i == 0 ? "UPDATE SET " : ", ",
                            (const char *) columns->pdata[i], (const char *) columns->pdata[i]);
  if (!(stmt = ld_store_prepare (store, sql->str, error)))
    return FALSE;
  for (guint i = 0; i + 1 < columns->len; i++)
    bind_member (stmt, (int) i + 1, row, columns->pdata[i]);
  return ld_store_step_done (store, stmt, error);
}

static gboolean
insert_row (LdStore     *store,
            const char  *table,
            JsonObject  *row,
            GError     **error)
{
  return insert_row_as (store, table, row, FALSE, FALSE, error);
}

static gboolean
exec_with (LdStore     *store,
           const char  *sql,
           const char  *a,
           const char  *b,
           GError     **error)
{
  return _ld_store_exec_text (store, sql, a, b, error);
}

/* The open hits of runs older than the latest of @owner's are superseded, as
 * a new run at the desk supersedes them: the same whatever order the runs
 * arrive in. */
static gboolean
supersede_older_runs (LdStore     *store,
                      const Kind  *k,
                      const char  *owner,
                      GError     **error)
{
  g_autofree char *sql = g_strdup_printf (
    "UPDATE %s SET status = 'superseded', row_version = row_version + 1 WHERE %s = ?1"
    " AND status IN ('open', 'logged') AND run_id != (SELECT id FROM %s WHERE %s = ?1"
    " ORDER BY run_at DESC, id DESC LIMIT 1)", k->hits, k->owner, k->runs, k->owner);

  return exec_with (store, sql, owner, NULL, error);
}

/* A party an officer cleared for an entry, on any case or request, is not
 * raised for it again: an open hit this desk holds for it is cleared as a
 * new run would clear it, whichever desk's verdict or run arrived first. */
static gboolean
carry_over_clearances (LdStore     *store,
                       const Kind  *k,
                       GError     **error)
{
  g_autofree char *now = ld_store_now_utc ();
  g_autofree char *sql = g_strdup_printf (
    "WITH cleared AS (SELECT kind, party_key, entry_ref, reviewed_by, reviewed_at, review_reason"
    " FROM screening_hit WHERE status = 'false_match' UNION ALL SELECT kind, party_key, entry_ref, reviewed_by,"
    " reviewed_at, review_reason FROM consent_screening_hit WHERE status = 'false_match')"
    " UPDATE %1$s SET status = 'false_match', reviewed_by = 'screening', reviewed_at = ?1,"
    " review_reason = (SELECT printf (?2, c.reviewed_by, c.reviewed_at, c.review_reason) FROM cleared c"
    "  WHERE c.kind = %1$s.kind AND c.party_key = %1$s.party_key AND c.entry_ref = %1$s.entry_ref"
    "  ORDER BY c.reviewed_at DESC LIMIT 1), row_version = row_version + 1"
    " WHERE status = 'open' AND EXISTS (SELECT 1 FROM cleared c WHERE c.kind = %1$s.kind"
    "  AND c.party_key = %1$s.party_key AND c.entry_ref = %1$s.entry_ref)", k->hits);

  /* The note a run writes for a hit already cleared (ld-case-screening.c). */
  return exec_with (store, sql, now, _("cleared as a false match by %s on %s: %s"), error);
}

static gboolean
row_exists (LdStore     *store,
            const char  *table,
            const char  *id,
            gboolean    *out_exists,
            GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE id = ?", table);
  g_autofree char *count = NULL;

  if (!_ld_store_query_text (store, sql, id, NULL, NULL, &count, error))
    return FALSE;
  *out_exists = g_strcmp0 (count, "0") != 0;
  return TRUE;
}

static gboolean
apply_run (const Kind     *k,
           LdStore        *store,
           const LdActor  *actor,
           const char     *action,
           const char     *id,
           JsonObject     *image,
           gboolean       *out_changed,
           GError        **error)
{
  JsonArray *hits = ld_pulled_image_array (image, "hits");
  const char *owner = ld_pulled_image_text (image, k->owner);
  g_autofree char *after = NULL;
  gboolean held = FALSE;

  *out_changed = FALSE;
  if (owner == NULL)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_MISSING,
                   _("The central database's screening run %s names nothing screened."), id);
      return FALSE;
    }
  if (!row_exists (store, k->runs, id, &held, error))
    return FALSE;
  if (held)
    return TRUE;
  if (!insert_row (store, k->runs, image, error))
    return FALSE;
  for (guint i = 0; hits && i < json_array_get_length (hits); i++)
    if (!insert_row (store, k->hits, json_array_get_object_element (hits, i), error))
      return FALSE;
  if (!supersede_older_runs (store, k, owner, error) || !carry_over_clearances (store, k, error) ||
      !(after = row_image (store, k->runs, id, k->hits, "run_id", error)))
    return FALSE;
  *out_changed = TRUE;
  return ld_store_record_change (store, actor, action, k->run_entity, id, 0, NULL, after, error);
}

static gboolean
apply_verdict (const Kind     *k,
               LdStore        *store,
               const LdActor  *actor,
               const char     *action,
               const char     *id,
               JsonObject     *image,
               gboolean       *out_changed,
               GError        **error)
{
  g_autofree char *before = row_image (store, k->hits, id, NULL, NULL, error);
  g_autofree char *after = NULL;
  g_autofree char *sql = g_strdup_printf ("UPDATE %s SET status = ?, reviewed_by = ?, reviewed_at = ?,"
                                          " review_reason = ?, row_version = ? WHERE id = ?", k->hits);
  const char *members[] = { "status", "reviewed_by", "reviewed_at", "review_reason", "row_version" };
  sqlite3_stmt *stmt;

  *out_changed = FALSE;
  if (before == NULL)
    {
      if (error && *error == NULL)
        g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                     _("This desk does not hold the screening hit %s the verdict is on."), id);
      return FALSE;
    }
  if (!(stmt = ld_store_prepare (store, sql, error)))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    bind_member (stmt, (int) i + 1, image, members[i]);
  ld_store_bind_text (stmt, G_N_ELEMENTS (members) + 1, id);
  if (!ld_store_step_done (store, stmt, error) || !carry_over_clearances (store, k, error) ||
      !(after = row_image (store, k->hits, id, NULL, NULL, error)))
    return FALSE;
  if (g_strcmp0 (before, after) == 0)
    return TRUE;
  *out_changed = TRUE;
  return ld_store_record_change (store, actor, action, k->verdict_entity, id, 0, before, after, error);
}

gboolean
_ld_carried_apply_case_run (LdStore *store, const LdActor *actor, const char *action, const char *id,
                            JsonObject *image, gboolean *out_changed, GError **error)
{
  return apply_run (&kinds[0], store, actor, action, id, image, out_changed, error);
}

gboolean
_ld_carried_apply_consent_run (LdStore *store, const LdActor *actor, const char *action, const char *id,
                               JsonObject *image, gboolean *out_changed, GError **error)
{
  return apply_run (&kinds[1], store, actor, action, id, image, out_changed, error);
}

gboolean
_ld_carried_apply_case_verdict (LdStore *store, const LdActor *actor, const char *action, const char *id,
                                JsonObject *image, gboolean *out_changed, GError **error)
{
  return apply_verdict (&kinds[0], store, actor, action, id, image, out_changed, error);
}

gboolean
_ld_carried_apply_consent_verdict (LdStore *store, const LdActor *actor, const char *action, const char *id,
                                   JsonObject *image, gboolean *out_changed, GError **error)
{
  return apply_verdict (&kinds[1], store, actor, action, id, image, out_changed, error);
}

/* ---- the denial register ------------------------------------------------- */

/* The other names as the register keeps them: one a line. */
static char *
other_names (JsonObject *image)
{
  JsonArray *names = ld_pulled_image_array (image, "other_names");
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; names && i < json_array_get_length (names); i++)
    {
      const char *name = json_array_get_string_element (names, i);

      if (name == NULL || *name == '\0')
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, name);
    }
  return text->len > 0 ? g_strdup (text->str) : NULL;
}

static gboolean
insert_denial (LdStore     *store,
               const char  *id,
               JsonObject  *image,
               GError     **error)
{
  g_autofree char *others = other_names (image);
  const char *members[] = { "reference", "name", NULL, "party_type", "country", "denied_on", "reason", "source",
                            "recorded_at", "recorded_by", "recorded_by", "voided_at", "voided_by", "void_reason" };
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO denial (id, reference, party_name, other_names, party_type, country, denied_on, reason, source,"
    " recorded_at, recorded_by, recorded_by_login, voided_at, voided_by_login, void_reason, row_version)"
    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,coalesce ((SELECT id FROM user_profile WHERE login = ?11), ?11),?12,"
    "?13,?14,?15,?16)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    ld_store_bind_text (stmt, (int) i + 2, members[i] ? ld_pulled_image_text (image, members[i]) : others);
  sqlite3_bind_int64 (stmt, 16, ld_pulled_image_int (image, "row_version", 1));
  return ld_store_step_done (store, stmt, error);
}

static gboolean
void_denial (LdStore     *store,
             const char  *id,
             JsonObject  *image,
             GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "UPDATE denial SET voided_at = ?, voided_by_login = ?, void_reason = ?, row_version = ?"
    " WHERE id = ? AND voided_at IS NULL", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, ld_pulled_image_text (image, "voided_at"));
  ld_store_bind_text (stmt, 2, ld_pulled_image_text (image, "voided_by"));
  ld_store_bind_text (stmt, 3, ld_pulled_image_text (image, "void_reason"));
  sqlite3_bind_int64 (stmt, 4, ld_pulled_image_int (image, "row_version", 2));
  ld_store_bind_text (stmt, 5, id);
  return ld_store_step_done (store, stmt, error);
}

/**
 * _ld_carried_apply_denial:
 * @image: the denial as the central database keeps it (ld_denial_to_json()'s
 *   members)
 *
 * Writes a denial another desk recorded, or its voiding, into the register,
 * where every case and broker screening matches it, through the audited
 * write path. What was recorded never changes: only a voiding is applied to
 * a denial the desk holds. A reference the desk holds under another denial
 * stays in the server copy.
 */
gboolean
_ld_carried_apply_denial (LdStore        *store,
                          const LdActor  *actor,
                          const char     *action,
                          const char     *id,
                          JsonObject     *image,
                          gboolean       *out_changed,
                          GError        **error)
{
  g_autofree char *before = row_image (store, "denial", id, NULL, NULL, error);
  g_autofree char *after = NULL;
  gboolean voided = ld_pulled_image_text (image, "voided_at") != NULL;

  *out_changed = FALSE;
  if (before == NULL && error && *error)
    return FALSE;
  if (ld_pulled_image_text (image, "reference") == NULL || ld_pulled_image_text (image, "name") == NULL)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_MISSING,
                   _("The central database's denial %s has no reference or name."), id);
      return FALSE;
    }
  if (before == NULL ? !insert_denial (store, id, image, error)
                     : voided && !void_denial (store, id, image, error))
    return FALSE;
  if (!(after = row_image (store, "denial", id, NULL, NULL, error)))
    return FALSE;
  if (g_strcmp0 (before, after) == 0)
    return TRUE;
  *out_changed = TRUE;
  return ld_store_record_change (store, actor, action, "denial", id, before ? 1 : 0, before, after, error);
}

/* ---- a case's and a broker's history ------------------------------------ */

typedef struct
{
  const char *entity;
  const char *table;
  const char *owner;          /* the column naming the record it is the history of */
  const char *owner_entity;   /* that record's audited table, whose digest covers its history */
  const char *same[6];        /* the columns that say two lines are one */
} EventKind;

/* A case's lines have no id of their own: the case, its version, the act,
 * who and when say which it is. */
static const EventKind event_kinds[] = {
  { LD_CARRIED_CASE_EVENT, "application_event", "application_id", "application",
    { "application_id", "version", "action", "actor_login", "at", NULL } },
  { LD_CARRIED_BROKER_EVENT, "broker_event", "broker_id", "broker", { "id", NULL } },
};

static const EventKind *
event_kind_named (const char *entity)
{
  for (guint i = 0; i < G_N_ELEMENTS (event_kinds); i++)
    if (g_strcmp0 (event_kinds[i].entity, entity) == 0)
      return &event_kinds[i];
  /* Kinds are this file's constants, as its callers name them. */
  g_assert_not_reached ();
}

/* The line as every desk knows it: no local sequence number or profile id. */
static JsonObject *
event_image (LdStore         *store,
             const EventKind *k,
             gint64           rowid,
             GError         **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s WHERE rowid = ?", k->table);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  sqlite3_stmt *stmt = ld_store_prepare (store, sql, error);
  gboolean found;
  JsonObject *o;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, rowid);
  json_builder_begin_object (b);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    add_row_members (b, stmt);
  sqlite3_reset (stmt);
  json_builder_end_object (b);
  if (!found)
    return NULL;
  root = json_builder_get_root (b);
  o = json_object_ref (json_node_get_object (root));
  json_object_remove_member (o, "seq");
  json_object_remove_member (o, "actor_id");
  return o;
}

/* The line's id on the central database: its own, or made from what says
 * which line it is. */
static char *
event_id (const EventKind *k,
          JsonObject      *image)
{
  g_autoptr(GString) key = g_string_new (NULL);

  if (g_strcmp0 (k->same[0], "id") == 0)
    return g_strdup (ld_pulled_image_text (image, "id"));
  for (guint i = 0; k->same[i]; i++)
    {
      JsonNode *node = json_object_get_member (image, k->same[i]);
      g_autofree char *text = node ? json_to_string (node, FALSE) : g_strdup ("null");

      g_string_append_printf (key, "%s\n", text);
    }
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, key->str, -1);
}

/**
 * ld_carried_queue_event:
 * @kind: %LD_CARRIED_CASE_EVENT or %LD_CARRIED_BROKER_EVENT
 * @rowid: the history line just written
 *
 * Inside the transaction that wrote a line of a case's or a broker's history
 * (and audits the act on the record): queues it for the central database,
 * so the history every desk shows is the same.
 */
gboolean
ld_carried_queue_event (LdStore     *store,
                        const char  *kind,
                        gint64       rowid,
                        GError     **error)
{
  const EventKind *k = event_kind_named (kind);
  g_autoptr(JsonObject) image = event_image (store, k, rowid, error);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *id = NULL;
  g_autofree char *json = NULL;
  sqlite3_stmt *probe;

  if (image == NULL)
    return error == NULL || *error == NULL;
  id = event_id (k, image);
  if (!json_object_has_member (image, "id"))
    json_object_set_string_member (image, "id", id);
  node = json_node_init_object (json_node_alloc (), image);
  json = json_to_string (node, FALSE);
  if (!(probe = ld_store_prepare (store, "SELECT 1", error)) ||
      !ld_store_carry_record (store, "history", k->entity, id, NULL, json, error))
    return FALSE;
  /* The caller may still name the line by the row it just wrote (a refusal's
   * criteria name their line): the outbox row is not it. */
  sqlite3_set_last_insert_rowid (sqlite3_db_handle (probe), rowid);
  return TRUE;
}

static gboolean
holds_event (LdStore          *store,
             const EventKind  *k,
             JsonObject       *image,
             gboolean         *out_held,
             GError          **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt;

  g_string_printf (sql, "SELECT count(*) FROM %s WHERE 1", k->table);
  for (guint i = 0; k->same[i]; i++)
    g_string_append_printf (sql, " AND %s IS ?", k->same[i]);
  if (!(stmt = ld_store_prepare (store, sql->str, error)))
    return FALSE;
  for (guint i = 0; k->same[i]; i++)
    bind_member (stmt, (int) i + 1, image, k->same[i]);
  *out_held = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) > 0;
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
apply_event (const EventKind  *k,
             LdStore          *store,
             const LdActor    *actor,
             const char       *action,
             const char       *id,
             JsonObject       *image,
             gboolean         *out_changed,
             GError          **error)
{
  const char *owner = ld_pulled_image_text (image, k->owner);
  const char *login = ld_pulled_image_text (image, "actor_login");
  g_autofree char *profile = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;
  gboolean held = FALSE;

  *out_changed = FALSE;
  if (owner == NULL || login == NULL || ld_pulled_image_text (image, "action") == NULL)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_MISSING,
                   _("The central database's history line %s names no record, act or officer."), id);
      return FALSE;
    }
  if (!holds_event (store, k, image, &held, error))
    return FALSE;
  if (held)
    return TRUE;
  /* A profile of another desk has no id here: the login stands for it. */
  if (!_ld_store_query_text (store, "SELECT id FROM user_profile WHERE login = ?", login, NULL, NULL, &profile,
                             error))
    return FALSE;
  json_object_set_string_member (image, "actor_id", profile ? profile : login);
  if (g_strcmp0 (k->same[0], "id") != 0)
    json_object_remove_member (image, "id");
  if (!insert_row_as (store, k->table, image, TRUE, FALSE, error))
    return FALSE;
  *out_changed = TRUE;
  node = json_node_init_object (json_node_alloc (), image);
  json = json_to_string (node, FALSE);
  /* The line is part of its record, whose entry covers it. */
  return ld_store_record_change (store, actor, action, k->owner_entity, owner, 0, NULL, json, error);
}

gboolean
_ld_carried_apply_case_event (LdStore *store, const LdActor *actor, const char *action, const char *id,
                              JsonObject *image, gboolean *out_changed, GError **error)
{
  return apply_event (&event_kinds[0], store, actor, action, id, image, out_changed, error);
}

gboolean
_ld_carried_apply_broker_event (LdStore *store, const LdActor *actor, const char *action, const char *id,
                                JsonObject *image, gboolean *out_changed, GError **error)
{
  return apply_event (&event_kinds[1], store, actor, action, id, image, out_changed, error);
}

/* ---- embargo exemptions -------------------------------------------------- */

/**
 * ld_carried_exemption_image:
 *
 * Returns: (transfer full) (nullable): the exemption's row as JSON
 */
char *
ld_carried_exemption_image (LdStore     *store,
                            const char  *id,
                            GError     **error)
{
  return row_image (store, "embargo_exemption", id, NULL, NULL, error);
}

/**
 * ld_carried_queue_exemption:
 * @before_json: (nullable): the exemption before a confirmation, %NULL when
 *   it was just written
 *
 * Inside the transaction that wrote or confirmed an exemption from an arms
 * embargo (audited on its case): queues it for the central database, so
 * every desk's decision gate sees it.
 */
gboolean
ld_carried_queue_exemption (LdStore     *store,
                            const char  *id,
                            const char  *before_json,
                            GError     **error)
{
  g_autofree char *image = ld_carried_exemption_image (store, id, error);

  /* Not "write-exemption": the server answers that, the case's own audited
   * action, as an event and keeps nothing. */
  if (image == NULL)
    return error == NULL || *error == NULL;
  return ld_store_carry_record (store, before_json ? "exemption-confirm" : "exemption-write", LD_CARRIED_EXEMPTION,
                                id, before_json, image, error);
}

/* A profile of this desk when one has @login, else the login itself: four
 * eyes compares who wrote and who confirms by these. */
static gboolean
map_profile (LdStore     *store,
             JsonObject  *image,
             const char  *id_member,
             const char  *login_member,
             GError     **error)
{
  const char *login = ld_pulled_image_text (image, login_member);
  g_autofree char *profile = NULL;

  if (login == NULL)
    return TRUE;
  if (!_ld_store_query_text (store, "SELECT id FROM user_profile WHERE login = ?", login, NULL, NULL, &profile,
                             error))
    return FALSE;
  json_object_set_string_member (image, id_member, profile ? profile : login);
  return TRUE;
}

/**
 * _ld_carried_apply_exemption:
 *
 * Writes an exemption another desk wrote or confirmed into the case's
 * exemptions, where the decision gate reads them, through the audited write
 * path (an entry on the exemption).
 */
gboolean
_ld_carried_apply_exemption (LdStore        *store,
                             const LdActor  *actor,
                             const char     *action,
                             const char     *id,
                             JsonObject     *image,
                             gboolean       *out_changed,
                             GError        **error)
{
  g_autofree char *before = ld_carried_exemption_image (store, id, error);
  g_autofree char *after = NULL;

  *out_changed = FALSE;
  if (before == NULL && error && *error)
    return FALSE;
  if (!map_profile (store, image, "written_by", "written_by_login", error) ||
      !map_profile (store, image, "confirmed_by", "confirmed_by_login", error) ||
      !insert_row_as (store, "embargo_exemption", image, FALSE, TRUE, error) ||
      !(after = ld_carried_exemption_image (store, id, error)))
    return FALSE;
  if (g_strcmp0 (before, after) == 0)
    return TRUE;
  *out_changed = TRUE;
  return ld_store_record_change (store, actor, action, LD_CARRIED_EXEMPTION, id, 0, before, after, error);
}
