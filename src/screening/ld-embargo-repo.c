/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-embargo-repo"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ld-embargo-repo.h"
#include "ld-validate.h"

/*
 * The arms-embargo table kept in the store (migration 0005) as versions. An
 * edit reads the newest version (or the shipped table, when nothing is stored
 * yet, which it first stores as it is), changes a copy of its entries, checks
 * the whole result with the same parser as the shipped file, and writes it as
 * a new version with its audit entry and outbox row in one transaction.
 * Entries are ended, never removed, so each version still shows what ended,
 * when and why.
 */

#define ENTITY "embargo_version"
#define ENTRY_COLUMNS "embargo_id, name, countries, list_types, resolutions, scope, scope_note, since, source," \
                      " ended_on, end_reason"

G_DEFINE_QUARK (ld-embargo-repo-error-quark, ld_embargo_repo_error)

/* The version an edit starts from. */
typedef struct
{
  char      *version_id;   /* %NULL: nothing stored yet, the shipped table is in force */
  char      *label;
  char      *updated;
  GPtrArray *entries;      /* JsonObject, ended ones with ended_on and end_reason */
} Snapshot;

/* An edit under way, inside its transaction. */
typedef struct
{
  Snapshot  *base;
  char      *updated;      /* the new version's date, checked */
  GPtrArray *entries;      /* the new version's entries, starting as the base's */
} Edit;

typedef gboolean (*ApplyFunc) (Edit          *edit,
                               gconstpointer  data,
                               char         **out_change,
                               GError       **error);

static void
snapshot_free (Snapshot *snapshot)
{
  g_free (snapshot->version_id);
  g_free (snapshot->label);
  g_free (snapshot->updated);
  g_clear_pointer (&snapshot->entries, g_ptr_array_unref);
  g_free (snapshot);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Snapshot, snapshot_free)

static void
edit_free (Edit *edit)
{
  g_clear_pointer (&edit->base, snapshot_free);
  g_free (edit->updated);
  g_clear_pointer (&edit->entries, g_ptr_array_unref);
  g_free (edit);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Edit, edit_free)

void
ld_embargo_version_free (LdEmbargoVersion *version)
{
  if (version == NULL)
    return;
  g_free (version->id);
  g_free (version->label);
  g_free (version->updated);
  g_free (version->change);
  g_free (version->created_at);
  g_free (version->created_by_login);
  g_free (version);
}

static GPtrArray *
new_entry_array (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
}

static JsonObject *
object_copy (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    json_object_set_member (copy, name, json_node_copy (node));
  return copy;
}

static GPtrArray *
entries_copy (GPtrArray *entries)
{
  GPtrArray *copy = new_entry_array ();

  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (copy, object_copy (g_ptr_array_index (entries, i)));
  return copy;
}

static int
find_entry (GPtrArray  *entries,
            const char *id)
{
  for (guint i = 0; i < entries->len; i++)
    if (g_strcmp0 (json_object_get_string_member_with_default (g_ptr_array_index (entries, i), "id", NULL), id) == 0)
      return (int) i;
  return -1;
}

static gboolean
is_ended (JsonObject *entry)
{
  return json_object_has_member (entry, "ended_on");
}

/* ---- the table as JSON ---- */

/* The table file's form; with @in_force_only the parser's input, otherwise the
 * whole version (ended entries too) as the audit log and the outbox keep it. */
static JsonNode *
entries_to_json (const char *label,
                 const char *updated,
                 GPtrArray  *entries,
                 gboolean    in_force_only)
{
  JsonObject *doc = json_object_new ();
  JsonArray *list = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_int_member (doc, "format", 1);
  json_object_set_string_member (doc, "version", label);
  json_object_set_string_member (doc, "updated", updated);
  for (guint i = 0; i < entries->len; i++)
    if (!in_force_only || !is_ended (g_ptr_array_index (entries, i)))
      json_array_add_object_element (list, object_copy (g_ptr_array_index (entries, i)));
  json_object_set_array_member (doc, "embargoes", list);
  json_node_take_object (node, doc);
  return node;
}

static LdEmbargoTable *
table_from_entries (const char  *label,
                    const char  *updated,
                    GPtrArray   *entries,
                    GError     **error)
{
  g_autoptr(JsonNode) doc = entries_to_json (label, updated, entries, TRUE);
  char *text = json_to_string (doc, FALSE);
  gsize length = strlen (text);
  g_autoptr(GBytes) bytes = g_bytes_new_take (text, length);

  return ld_embargo_table_new_from_bytes (bytes, error);
}

/* ---- reading ---- */

static void
set_array_member (JsonObject   *object,
                  const char   *name,
                  sqlite3_stmt *stmt,
                  int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  g_autoptr(JsonNode) node = text != NULL ? json_from_string (text, NULL) : NULL;

  /* Anything but an array is left out, and the parser then says what is missing. */
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    json_object_set_member (object, name, g_steal_pointer (&node));
}

static void
set_text_member (JsonObject   *object,
                 const char   *name,
                 sqlite3_stmt *stmt,
                 int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  if (text != NULL)
    json_object_set_string_member (object, name, text);
}

static JsonObject *
entry_from_row (sqlite3_stmt *stmt)
{
  JsonObject *object = json_object_new ();

  set_text_member (object, "id", stmt, 0);
  set_text_member (object, "name", stmt, 1);
  set_array_member (object, "countries", stmt, 2);
  set_array_member (object, "list_types", stmt, 3);
  set_array_member (object, "resolutions", stmt, 4);
  set_text_member (object, "scope", stmt, 5);
  set_text_member (object, "scope_note", stmt, 6);
  set_text_member (object, "since", stmt, 7);
  set_text_member (object, "source", stmt, 8);
  set_text_member (object, "ended_on", stmt, 9);
  set_text_member (object, "end_reason", stmt, 10);
  return object;
}

static gboolean
read_entries (LdStore     *store,
              const char  *version_id,
              GPtrArray   *entries,
              GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT " ENTRY_COLUMNS " FROM embargo_entry WHERE version_id = ? ORDER BY position", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, version_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entries, entry_from_row (stmt));
  if (rc != SQLITE_DONE)
    ld_store_set_error (store, error, rc, _("reading the embargo table"));
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

static gboolean
read_shipped (Snapshot  *snapshot,
              GError   **error)
{
  g_autoptr(LdEmbargoTable) table = ld_embargo_table_new_default (error);

  if (table == NULL)
    return FALSE;
  snapshot->label = g_strdup (ld_embargo_table_get_version (table));
  snapshot->updated = g_strdup (ld_embargo_table_get_updated (table));
  for (guint i = 0; i < ld_embargo_table_get_n_embargoes (table); i++)
    g_ptr_array_add (snapshot->entries, ld_embargo_to_json (ld_embargo_table_get_embargo (table, i)));
  return TRUE;
}

/* The newest stored version, or the shipped table when none is stored.
 * Call inside a transaction. */
static Snapshot *
read_snapshot (LdStore  *store,
               GError  **error)
{
  g_autoptr(Snapshot) snapshot = g_new0 (Snapshot, 1);
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT id, label, updated FROM embargo_version ORDER BY seq DESC LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  snapshot->entries = new_entry_array ();
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      snapshot->version_id = ld_store_column_dup (stmt, 0);
      snapshot->label = ld_store_column_dup (stmt, 1);
      snapshot->updated = ld_store_column_dup (stmt, 2);
    }
  else if (rc != SQLITE_DONE)
    ld_store_set_error (store, error, rc, _("reading the embargo table"));
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return NULL;
  if (snapshot->version_id != NULL ? !read_entries (store, snapshot->version_id, snapshot->entries, error)
                                   : !read_shipped (snapshot, error))
    return NULL;
  return g_steal_pointer (&snapshot);
}

static Snapshot *
read_snapshot_once (LdStore  *store,
                    GError  **error)
{
  Snapshot *snapshot;

  if (!ld_store_begin_read (store, error))
    return NULL;
  snapshot = read_snapshot (store, error);
  ld_store_rollback (store);
  return snapshot;
}

/**
 * ld_embargo_table_new_from_store:
 *
 * The table in force: the newest version an administrator stored, or the
 * table shipped with the release while none is stored. A stored version that
 * no longer passes the table's checks is an error, never a silent fallback:
 * screening must not run against a table nobody chose.
 *
 * Returns: (transfer full) (nullable): the table; its version is the one a
 *   screening run records
 */
LdEmbargoTable *
ld_embargo_table_new_from_store (LdStore  *store,
                                 GError  **error)
{
  g_autoptr(Snapshot) snapshot = NULL;
  LdEmbargoTable *table;

  g_return_val_if_fail (LD_IS_STORE (store), NULL);

  snapshot = read_snapshot_once (store, error);
  if (snapshot == NULL)
    return NULL;
  table = table_from_entries (snapshot->label, snapshot->updated, snapshot->entries, error);
  if (table == NULL && snapshot->version_id != NULL)
    g_prefix_error (error, _("The embargo table version “%s” in %s cannot be used: "), snapshot->label,
                    ld_store_get_path (store));
  return table;
}

static LdEmbargoVersion *
version_from_row (sqlite3_stmt *stmt)
{
  LdEmbargoVersion *version = g_new0 (LdEmbargoVersion, 1);

  version->id = ld_store_column_dup (stmt, 0);
  version->label = ld_store_column_dup (stmt, 1);
  version->updated = ld_store_column_dup (stmt, 2);
  version->change = ld_store_column_dup (stmt, 3);
  version->created_at = ld_store_column_dup (stmt, 4);
  version->created_by_login = ld_store_column_dup (stmt, 5);
  version->n_in_force = sqlite3_column_int (stmt, 6);
  version->n_ended = sqlite3_column_int (stmt, 7);
  return version;
}

static gboolean
read_versions (LdStore    *store,
               GPtrArray  *versions,
               GError    **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT v.id, v.label, v.updated, v.change, v.created_at, v.created_by_login,"
    " (SELECT count(*) FROM embargo_entry e WHERE e.version_id = v.id AND e.ended_on IS NULL),"
    " (SELECT count(*) FROM embargo_entry e WHERE e.version_id = v.id AND e.ended_on IS NOT NULL)"
    " FROM embargo_version v ORDER BY v.seq DESC", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (versions, version_from_row (stmt));
  if (rc != SQLITE_DONE)
    ld_store_set_error (store, error, rc, _("reading the embargo table's versions"));
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

/**
 * ld_embargo_repo_list_versions:
 *
 * Returns: (transfer container) (element-type LdEmbargoVersion) (nullable):
 *   the stored versions, newest (the one in force) first; empty while the
 *   shipped table is in force
 */
GPtrArray *
ld_embargo_repo_list_versions (LdStore  *store,
                               GError  **error)
{
  g_autoptr(GPtrArray) versions = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_embargo_version_free);
  gboolean ok;

  g_return_val_if_fail (LD_IS_STORE (store), NULL);

  if (!ld_store_begin_read (store, error))
    return NULL;
  ok = read_versions (store, versions, error);
  ld_store_rollback (store);
  return ok ? g_steal_pointer (&versions) : NULL;
}

static gboolean
not_found (GError     **error,
           const char  *id)
{
  g_set_error (error, LD_EMBARGO_REPO_ERROR, LD_EMBARGO_REPO_ERROR_NOT_FOUND,
               _("The embargo table has no entry “%s”; “licence-desk-admin embargo list” shows the ids."), id);
  return FALSE;
}

/**
 * ld_embargo_repo_get_entry:
 * @id: the entry's id ("dprk")
 *
 * Returns: (transfer full) (nullable): the entry as the newest version holds
 *   it, ended or not, with the version's label as "table_version"
 */
JsonObject *
ld_embargo_repo_get_entry (LdStore     *store,
                           const char  *id,
                           GError     **error)
{
  g_autoptr(Snapshot) snapshot = NULL;
  JsonObject *entry;
  int index;

  g_return_val_if_fail (LD_IS_STORE (store), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  snapshot = read_snapshot_once (store, error);
  if (snapshot == NULL)
    return NULL;
  index = find_entry (snapshot->entries, id);
  if (index < 0)
    {
      not_found (error, id);
      return NULL;
    }
  entry = object_copy (g_ptr_array_index (snapshot->entries, index));
  json_object_set_string_member (entry, "table_version", snapshot->label);
  json_object_set_string_member (entry, "table_updated", snapshot->updated);
  return entry;
}

/* ---- writing ---- */

static void
bind_array (sqlite3_stmt *stmt,
            int           index,
            JsonObject   *entry,
            const char   *name)
{
  JsonNode *node = json_object_get_member (entry, name);
  g_autofree char *text = node != NULL ? json_to_string (node, FALSE) : g_strdup ("[]");

  ld_store_bind_text (stmt, index, text);
}

static gboolean
insert_entry (LdStore     *store,
              const char  *version_id,
              guint        position,
              JsonObject  *entry,
              GError     **error)
{
  static const char *texts[] = { "scope", "scope_note", "since", "source", "ended_on", "end_reason" };
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO embargo_entry (version_id, position, " ENTRY_COLUMNS ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, version_id);
  sqlite3_bind_int (stmt, 2, position);
  ld_store_bind_text (stmt, 3, json_object_get_string_member_with_default (entry, "id", NULL));
  ld_store_bind_text (stmt, 4, json_object_get_string_member_with_default (entry, "name", NULL));
  bind_array (stmt, 5, entry, "countries");
  bind_array (stmt, 6, entry, "list_types");
  bind_array (stmt, 7, entry, "resolutions");
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    ld_store_bind_text (stmt, 8 + i, json_object_get_string_member_with_default (entry, texts[i], NULL));
  return ld_store_step_done (store, stmt, error);
}

typedef struct
{
  const char *id;
  const char *label;
  const char *updated;
  const char *based_on;
  const char *change;
  GPtrArray  *entries;
} VersionRow;

static gboolean
insert_version (LdStore           *store,
                const LdActor     *actor,
                const VersionRow  *row,
                GError           **error)
{
  g_autofree char *now = ld_store_now_utc ();
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO embargo_version (id, label, updated, based_on, change, created_at, created_by, created_by_login)"
    " VALUES (?,?,?,?,?,?,?,?)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, row->id);
  ld_store_bind_text (stmt, 2, row->label);
  ld_store_bind_text (stmt, 3, row->updated);
  ld_store_bind_text (stmt, 4, row->based_on);
  ld_store_bind_text (stmt, 5, row->change);
  ld_store_bind_text (stmt, 6, now);
  ld_store_bind_text (stmt, 7, actor->user_id);
  ld_store_bind_text (stmt, 8, actor->login);
  if (!ld_store_step_done (store, stmt, error))
    return FALSE;
  for (guint i = 0; i < row->entries->len; i++)
    if (!insert_entry (store, row->id, i, g_ptr_array_index (row->entries, i), error))
      return FALSE;
  return TRUE;
}

static char *
version_json (const VersionRow *row)
{
  g_autoptr(JsonNode) node = entries_to_json (row->label, row->updated, row->entries, FALSE);
  JsonObject *doc = json_node_get_object (node);

  json_object_set_string_member (doc, "id", row->id);
  if (row->based_on != NULL)
    json_object_set_string_member (doc, "based_on", row->based_on);
  json_object_set_string_member (doc, "change", row->change);
  return json_to_string (node, FALSE);
}

/* Writes a version and its audit entry and outbox row; the audit entry keeps
 * the version it replaces as "before" so the log alone shows each change. */
static gboolean
write_version (LdStore           *store,
               const LdActor     *actor,
               const char        *action,
               const VersionRow  *before,
               const VersionRow  *row,
               GError           **error)
{
  g_autofree char *before_json = before != NULL ? version_json (before) : NULL;
  g_autofree char *after_json = version_json (row);

  return insert_version (store, actor, row, error) &&
         ld_store_record_change (store, actor, action, ENTITY, row->id, 0, before_json, after_json, error);
}

/* Before the first edit the shipped table is stored as it is, so the history
 * starts from what was actually in force. */
static gboolean
seed_shipped (LdStore        *store,
              const LdActor  *actor,
              Snapshot       *base,
              GError        **error)
{
  g_autofree char *id = g_uuid_string_random ();
  VersionRow row = { id, base->label, base->updated, NULL,
                     _("The table shipped with Licence Desk, stored before the first edit"), base->entries };

  if (!write_version (store, actor, "embargo_seed", NULL, &row, error))
    return FALSE;
  base->version_id = g_steal_pointer (&id);
  return TRUE;
}

static gboolean
label_taken (LdStore     *store,
             const char  *label,
             gboolean    *out_taken,
             GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT count(*) FROM embargo_version WHERE label = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, label);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_taken = sqlite3_column_int (stmt, 0) > 0;
  else
    ld_store_set_error (store, error, rc, _("reading the embargo table's versions"));
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW;
}

/* A label given by the administrator must be new; the default (the date) gets
 * a suffix when the table was already edited that day. */
static char *
choose_label (LdStore     *store,
              const char  *wanted,
              const char  *fallback,
              GError     **error)
{
  gboolean taken = FALSE;

  if (wanted != NULL)
    {
      if (!label_taken (store, wanted, &taken, error))
        return NULL;
      if (taken)
        {
          g_set_error (error, LD_EMBARGO_REPO_ERROR, LD_EMBARGO_REPO_ERROR_EXISTS,
                       _("The embargo table already has a version “%s”; give the new one another name."), wanted);
          return NULL;
        }
      return g_strdup (wanted);
    }
  for (guint n = 1; ; n++)
    {
      g_autofree char *label = n == 1 ? g_strdup (fallback) : g_strdup_printf ("%s.%u", fallback, n);

      if (!label_taken (store, label, &taken, error))
        return NULL;
      if (!taken)
        return g_steal_pointer (&label);
    }
}

static gboolean
same_entries (GPtrArray *a,
              GPtrArray *b)
{
  g_autoptr(JsonNode) x = entries_to_json ("", "", a, FALSE);
  g_autoptr(JsonNode) y = entries_to_json ("", "", b, FALSE);

  return json_node_equal (x, y);
}

/* Checks the new version as a whole, then writes it (storing the shipped
 * table first when nothing is stored yet) and commits. */
static char *
finish_edit (LdStore              *store,
             const LdActor        *actor,
             Edit                 *edit,
             const char           *action,
             const char           *wanted_label,
             const char           *default_label,
             const char           *change,
             GError              **error)
{
  g_autofree char *label = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(LdEmbargoTable) checked = NULL;
  Snapshot *base = edit->base;
  VersionRow before = { NULL, base->label, base->updated, NULL, NULL, base->entries };
  VersionRow row = { id, NULL, edit->updated, NULL, change, edit->entries };

  if (same_entries (base->entries, edit->entries))
    {
      g_set_error (error, LD_EMBARGO_REPO_ERROR, LD_EMBARGO_REPO_ERROR_INVALID,
                   _("That changes nothing in the embargo table, so no new version was made."));
      return NULL;
    }
  if (!(label = choose_label (store, wanted_label, default_label ? default_label : edit->updated, error)) ||
      !(checked = table_from_entries (label, edit->updated, edit->entries, error)) ||
      (base->version_id == NULL && !seed_shipped (store, actor, base, error)))
    return NULL;
  before.id = base->version_id;
  row.label = label;
  row.based_on = base->version_id;
  if (!write_version (store, actor, action, &before, &row, error) || !ld_store_commit (store, error))
    return NULL;
  return g_steal_pointer (&label);
}

/* The date a version carries: checked, and written back as YYYY-MM-DD. */
static char *
check_updated (const char  *text,
               GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GDate *date;
  char out[16];

  if (text == NULL)
    return g_date_time_format (now, "%Y-%m-%d");
  date = ld_parse_date (_("The version's date"), text, error);
  if (date == NULL)
    return NULL;
  g_date_strftime (out, sizeof out, "%Y-%m-%d", date);
  g_date_free (date);
  return g_strdup (out);
}

static Edit *
begin_edit (LdStore              *store,
            const LdActor        *actor,
            const LdEmbargoEdit  *options,
            const char           *default_updated,
            GError              **error)
{
  g_autoptr(Edit) edit = g_new0 (Edit, 1);

  if (!ld_actor_require (actor, LD_PERMISSION_EDIT_EMBARGOES, error) ||
      !(edit->updated = check_updated (options && options->updated ? options->updated : default_updated, error)) ||
      !ld_store_begin (store, error))
    return NULL;
  edit->base = read_snapshot (store, error);
  if (edit->base == NULL)
    {
      ld_store_rollback (store);
      return NULL;
    }
  edit->entries = entries_copy (edit->base->entries);
  return g_steal_pointer (&edit);
}

/* One edit, start to end: nothing is written unless every check passes. */
static char *
edit_table (LdStore              *store,
            const LdActor        *actor,
            const LdEmbargoEdit  *options,
            const char           *action,
            const char           *default_label,
            const char           *default_updated,
            ApplyFunc             apply,
            gconstpointer         data,
            GError              **error)
{
  g_autoptr(Edit) edit = NULL;
  g_autofree char *change = NULL;
  char *label = NULL;

  g_return_val_if_fail (LD_IS_STORE (store), NULL);

  edit = begin_edit (store, actor, options, default_updated, error);
  if (edit == NULL)
    return NULL;
  if (!apply (edit, data, &change, error) ||
      !(label = finish_edit (store, actor, edit, action, options ? options->label : NULL, default_label, change, error)))
    ld_store_rollback (store);
  return label;
}

/* ---- the edits ---- */

static void
set_strv_member (JsonObject  *object,
                 const char  *name,
                 char       **values,
                 gboolean     codes)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; values[i] != NULL; i++)
    {
      g_autofree char *value = g_strstrip (g_strdup (values[i]));

      if (value[0] == '\0')
        continue;
      if (codes)
        {
          g_autofree char *upper = g_ascii_strup (value, -1);

          json_array_add_string_element (array, upper);
        }
      else
        json_array_add_string_element (array, value);
    }
  json_object_set_array_member (object, name, array);
}

static void
set_string (JsonObject *object,
            const char *name,
            const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
}

/* The entry with @change laid over @base (or a new one); checked alone first
 * so the message names the field at fault. */
static JsonObject *
apply_change (JsonObject             *base,
              const LdEmbargoChange  *change,
              GError                **error)
{
  g_autoptr(JsonObject) entry = base != NULL ? object_copy (base) : json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(LdEmbargo) checked = NULL;

  set_string (entry, "id", change->id);
  set_string (entry, "name", change->name);
  if (change->countries != NULL)
    set_strv_member (entry, "countries", change->countries, TRUE);
  if (change->list_types != NULL)
    set_strv_member (entry, "list_types", change->list_types, FALSE);
  if (change->resolutions != NULL)
    set_strv_member (entry, "resolutions", change->resolutions, FALSE);
  set_string (entry, "scope", change->scope);
  set_string (entry, "scope_note", change->scope_note);
  set_string (entry, "since", change->since);
  set_string (entry, "source", change->source);
  /* Changing an ended entry puts it in force again. */
  json_object_remove_member (entry, "ended_on");
  json_object_remove_member (entry, "end_reason");
  json_node_set_object (node, entry);
  checked = ld_embargo_new_from_json (node, error);
  return checked != NULL ? g_steal_pointer (&entry) : NULL;
}

static gboolean
apply_add (Edit          *edit,
           gconstpointer  data,
           char         **out_change,
           GError       **error)
{
  const LdEmbargoChange *change = data;
  JsonObject *entry;

  if (change->id == NULL || change->id[0] == '\0')
    {
      g_set_error (error, LD_EMBARGO_REPO_ERROR, LD_EMBARGO_REPO_ERROR_INVALID,
                   _("A new embargo entry needs an id, such as “niger”."));
      return FALSE;
    }
  if (find_entry (edit->entries, change->id) >= 0)
    {
      g_set_error (error, LD_EMBARGO_REPO_ERROR, LD_EMBARGO_REPO_ERROR_EXISTS,
                   _("The embargo table already has an entry “%s”; change it with “embargo set %s”."),
                   change->id, change->id);
      return FALSE;
    }
  if (!(entry = apply_change (NULL, change, error)))
    return FALSE;
  g_ptr_array_add (edit->entries, entry);
  *out_change = g_strdup_printf (_("Added the entry “%s”"), change->id);
  return TRUE;
}

static gboolean
apply_set (Edit          *edit,
           gconstpointer  data,
           char         **out_change,
           GError       **error)
{
  const LdEmbargoChange *change = data;
  int index = find_entry (edit->entries, change->id);
  JsonObject *entry;

  if (index < 0)
    return not_found (error, change->id);
  if (!(entry = apply_change (g_ptr_array_index (edit->entries, index), change, error)))
    return FALSE;
  g_ptr_array_remove_index (edit->entries, index);
  g_ptr_array_insert (edit->entries, index, entry);
  *out_change = g_strdup_printf (_("Changed the entry “%s”"), change->id);
  return TRUE;
}

typedef struct
{
  const char *id;
  const char *reason;
} Ending;

static gboolean
apply_end (Edit          *edit,
           gconstpointer  data,
           char         **out_change,
           GError       **error)
{
  const Ending *ending = data;
  int index = find_entry (edit->entries, ending->id);
  g_autofree char *reason = ending->reason ? g_strstrip (g_strdup (ending->reason)) : NULL;
  JsonObject *entry;

  if (index < 0)
    return not_found (error, ending->id);
  entry = g_ptr_array_index (edit->entries, index);
  if (is_ended (entry))
    {
      g_set_error (error, LD_EMBARGO_REPO_ERROR, LD_EMBARGO_REPO_ERROR_INVALID,
                   _("The embargo entry “%s” already ended on %s."), ending->id,
                   json_object_get_string_member (entry, "ended_on"));
      return FALSE;
    }
  if (reason == NULL || reason[0] == '\0')
    {
      g_set_error (error, LD_EMBARGO_REPO_ERROR, LD_EMBARGO_REPO_ERROR_INVALID,
                   _("Say why the embargo entry “%s” ends (for example the resolution that lifted it); "
                     "the reason is kept with the table."), ending->id);
      return FALSE;
    }
  json_object_set_string_member (entry, "ended_on", edit->updated);
  json_object_set_string_member (entry, "end_reason", reason);
  *out_change = g_strdup_printf (_("Ended the entry “%s”: %s"), ending->id, reason);
  return TRUE;
}

/* The imported table replaces the entries in force; an entry it leaves out is
 * ended, not dropped, so the version still shows it went. */
static gboolean
apply_import (Edit          *edit,
              gconstpointer  data,
              char         **out_change,
              GError       **error)
{
  LdEmbargoTable *table = (LdEmbargoTable *) data;
  g_autoptr(GPtrArray) entries = new_entry_array ();
  guint n_ended = 0;

  for (guint i = 0; i < ld_embargo_table_get_n_embargoes (table); i++)
    g_ptr_array_add (entries, ld_embargo_to_json (ld_embargo_table_get_embargo (table, i)));
  for (guint i = 0; i < edit->entries->len; i++)
    {
      JsonObject *old = g_ptr_array_index (edit->entries, i);
      const char *id = json_object_get_string_member_with_default (old, "id", NULL);

      if (ld_embargo_table_find (table, id) != NULL)
        continue;
      if (!is_ended (old))
        {
          json_object_set_string_member (old, "ended_on", edit->updated);
          json_object_set_string_member (old, "end_reason", _("Not in the imported table"));
          n_ended++;
        }
      g_ptr_array_add (entries, json_object_ref (old));
    }
  g_ptr_array_unref (edit->entries);
  edit->entries = g_steal_pointer (&entries);
  *out_change = g_strdup_printf (_("Imported a table of %u entries; %u not in it ended"),
                                 ld_embargo_table_get_n_embargoes (table), n_ended);
  return TRUE;
}

/**
 * ld_embargo_repo_add:
 * @change: the new entry; every field the table file requires must be given
 *
 * Returns: (transfer full) (nullable): the new version's label
 */
char *
ld_embargo_repo_add (LdStore                *store,
                     const LdActor          *actor,
                     const LdEmbargoChange  *change,
                     const LdEmbargoEdit    *edit,
                     GError                **error)
{
  g_return_val_if_fail (change != NULL, NULL);
  return edit_table (store, actor, edit, "embargo_add", NULL, NULL, apply_add, change, error);
}

/**
 * ld_embargo_repo_set:
 * @change: the entry's id and the fields that change; an ended entry is in
 *   force again
 *
 * Returns: (transfer full) (nullable): the new version's label
 */
char *
ld_embargo_repo_set (LdStore                *store,
                     const LdActor          *actor,
                     const LdEmbargoChange  *change,
                     const LdEmbargoEdit    *edit,
                     GError                **error)
{
  g_return_val_if_fail (change != NULL && change->id != NULL, NULL);
  return edit_table (store, actor, edit, "embargo_set", NULL, NULL, apply_set, change, error);
}

/**
 * ld_embargo_repo_end:
 * @reason: why the measure no longer applies; required
 *
 * Ends an entry from the new version's date: it stays in the table, marked
 * ended with the reason, and is no longer screened.
 *
 * Returns: (transfer full) (nullable): the new version's label
 */
char *
ld_embargo_repo_end (LdStore              *store,
                     const LdActor        *actor,
                     const char           *id,
                     const char           *reason,
                     const LdEmbargoEdit  *edit,
                     GError              **error)
{
  Ending ending = { id, reason };

  g_return_val_if_fail (id != NULL, NULL);
  return edit_table (store, actor, edit, "embargo_end", NULL, NULL, apply_end, &ending, error);
}

/**
 * ld_embargo_repo_import:
 * @table_json: a whole table in the format of the shipped file
 *
 * Checks the whole file before anything is written. The new version takes the
 * file's version and date unless @edit names others.
 *
 * Returns: (transfer full) (nullable): the new version's label
 */
char *
ld_embargo_repo_import (LdStore              *store,
                        const LdActor        *actor,
                        GBytes               *table_json,
                        const LdEmbargoEdit  *edit,
                        GError              **error)
{
  g_autoptr(LdEmbargoTable) table = NULL;

  g_return_val_if_fail (table_json != NULL, NULL);

  if (!ld_actor_require (actor, LD_PERMISSION_EDIT_EMBARGOES, error) ||
      !(table = ld_embargo_table_new_from_bytes (table_json, error)))
    return NULL;
  return edit_table (store, actor, edit, "embargo_import", ld_embargo_table_get_version (table),
                     ld_embargo_table_get_updated (table), apply_import, table, error);
}
