/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-audit-log"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ld-audit-chain.h"
#include "ld-audit-key.h"
#include "ld-audit-log.h"
#include "ld-audit-rows.h"
#include "ld-broker-name.h"

enum {
  STATE_KEYED = 1 << 0,
  STATE_HAS_DIGEST = 1 << 1,
};

/* What an entry recorded about its row, kept for the pass over the tables. */
typedef struct
{
  gint64 seq;
  gint32 shape;        /* index into Verify.shapes, -1 for none */
  guint8 flags;
  guint8 digest[32];
} RowState;

/* Where a recorded shape's columns are in today's tables: the record's own
 * row, then each child table's rows. */
typedef struct
{
  int    child;      /* index into the table's children, -1: no longer audited */
  int   *columns;
  guint  n_columns;
} SectionMap;

typedef struct
{
  int    *columns;
  int    *prior_columns;  /* where a derived column is in the re-key priors, -1: not derived */
  guint   n_columns;
  gboolean has_derived;   /* written while derived columns were in the digest */
  GArray *sections;       /* SectionMap */
} ShapeMap;

typedef struct
{
  const LdAuditTable *table;
  sqlite3_stmt       *row;
  sqlite3_stmt       *last;
  sqlite3_stmt      **children;
  sqlite3_stmt       *prior;     /* the derived columns' values before each re-key, or NULL */
  GHashTable         *maps;      /* shape index + 1 -> ShapeMap */
} TableCheck;

typedef struct
{
  sqlite3       *db;
  LdAuditReport *report;
  GHashTable    *keys;             /* key id -> LdAuditKey, or NULL: not on this machine */
  gint64         desk_first_seq;   /* from here on entries must be keyed */
  gboolean       seen_keyed;
  GArray        *states;           /* RowState, in seq order */
  GPtrArray     *shapes;           /* shape texts */
  GHashTable    *shape_index;      /* shape text -> index + 1 */
  GHashTable    *actors;           /* actor id -> login of their first entry */
  GHashTable    *actor_first_seq;  /* actor id -> first seq, as a gint64 in a pointer-sized box */
} Verify;

static void
finding_free (LdAuditFinding *finding)
{
  g_free (finding->entity);
  g_free (finding->record_id);
  g_free (finding->reason);
  g_free (finding);
}

void
ld_audit_report_free (LdAuditReport *report)
{
  if (report == NULL)
    return;
  g_free (report->first_bad_entry_id);
  g_free (report->reason);
  g_clear_pointer (&report->findings, g_ptr_array_unref);
  g_clear_pointer (&report->head, ld_audit_anchor_free);
  g_free (report->anchor_file);
  g_free (report);
}

/**
 * ld_audit_report_is_authenticated:
 *
 * Returns: %TRUE when every entry written since the upgrade was checked
 *   against the desk's key
 */
gboolean
ld_audit_report_is_authenticated (const LdAuditReport *report)
{
  return report->n_unauthenticated == 0 && report->n_mac_unchecked == 0;
}

static void
add_finding (Verify             *v,
             LdAuditFindingKind  kind,
             gint64              seq,
             const char         *entry_id,
             const char         *entity,
             const char         *record_id,
             char               *reason)
{
  LdAuditReport *report = v->report;
  LdAuditFinding *finding;

  if (report->n_findings++ == 0)
    {
      report->intact = FALSE;
      report->first_bad_seq = seq;
      report->first_bad_entry_id = g_strdup (entry_id);
      report->reason = g_strdup (reason);
    }
  if (report->findings->len >= LD_AUDIT_MAX_FINDINGS)
    {
      g_free (reason);
      return;
    }
  finding = g_new0 (LdAuditFinding, 1);
  finding->kind = kind;
  finding->seq = seq;
  finding->entity = g_strdup (entity);
  finding->record_id = g_strdup (record_id);
  finding->reason = reason;
  g_ptr_array_add (report->findings, finding);
}

/* ---- the entries ---------------------------------------------------------- */

#define ENTRY_QUERY \
  "SELECT seq, format, entry_id, at, actor_id, actor_login, role, action, entity, record_id, before_json," \
  " after_json, prev_hash, key_id, (SELECT shape FROM audit_row_shape WHERE id = row_shape), row_digest," \
  " hash, mac FROM audit_log ORDER BY seq"
/* A store not upgraded yet (opened read-only) has the old columns only. */
#define OLD_ENTRY_QUERY \
  "SELECT seq, 1, entry_id, at, actor_id, actor_login, role, action, entity, record_id, before_json," \
  " after_json, prev_hash, NULL, NULL, NULL, hash, NULL FROM audit_log ORDER BY seq"
#define FIRST_FIELD_COLUMN 2
#define HASH_COLUMN 16
#define MAC_COLUMN 17

/* Reads every field with its stored length, NUL bytes included. */
static LdAuditEntry *
read_entry (sqlite3_stmt *stmt)
{
  LdAuditEntry *entry = ld_audit_entry_new ((int) sqlite3_column_int64 (stmt, 1));

  entry->seq = sqlite3_column_int64 (stmt, 0);
  for (guint i = 0; i < LD_AUDIT_N_FIELDS; i++)
    {
      int column = FIRST_FIELD_COLUMN + i;

      if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
        continue;
      if (entry->format == LD_AUDIT_FORMAT_CHAINED && i > LD_AUDIT_FIELD_PREV_HASH)
        continue;
      ld_audit_entry_set (entry, i, sqlite3_column_blob (stmt, column) ? sqlite3_column_blob (stmt, column) : "",
                          sqlite3_column_bytes (stmt, column));
    }
  entry->hash = ld_store_column_dup (stmt, HASH_COLUMN);
  entry->mac = ld_store_column_dup (stmt, MAC_COLUMN);
  return entry;
}

static const char *
entry_text (const LdAuditEntry *entry,
            LdAuditField        field)
{
  const char *text = ld_audit_entry_get (entry, field);

  return text ? text : "?";
}

/* An entry the chain's own hash does not cover was edited in place; a NUL
 * byte was put there to hide text from readers that stop at it. */
static gboolean
check_own_hash (Verify             *v,
                const LdAuditEntry *entry)
{
  g_autofree char *expected = NULL;
  LdAuditField field;

  if (entry->format != LD_AUDIT_FORMAT_CHAINED && entry->format != LD_AUDIT_FORMAT_KEYED)
    {
      add_finding (v, LD_AUDIT_FINDING_ENTRY_CHANGED, entry->seq, entry_text (entry, LD_AUDIT_FIELD_ENTRY_ID), NULL,
                   NULL, g_strdup_printf (_("entry %lld has an unknown format (%d): it was changed after it was "
                                            "written"), (long long) entry->seq, entry->format));
      return FALSE;
    }
  if (ld_audit_entry_find_nul (entry, &field))
    {
      add_finding (v, LD_AUDIT_FINDING_ENTRY_CHANGED, entry->seq, entry_text (entry, LD_AUDIT_FIELD_ENTRY_ID), NULL,
                   NULL, g_strdup_printf (_("entry %lld (%s) holds a NUL byte in %s, which Licence Desk never "
                                            "writes: text was hidden behind it after the entry was written"),
                                          (long long) entry->seq, entry_text (entry, LD_AUDIT_FIELD_ENTRY_ID),
                                          ld_audit_field_name (field)));
      return FALSE;
    }
  expected = ld_audit_entry_compute_hash (entry);
  if (g_strcmp0 (expected, entry->hash) == 0)
    return TRUE;
  add_finding (v, LD_AUDIT_FINDING_ENTRY_CHANGED, entry->seq, entry_text (entry, LD_AUDIT_FIELD_ENTRY_ID), NULL, NULL,
               g_strdup_printf (_("entry %lld (%s) does not match its hash: it was changed after it was written"),
                                (long long) entry->seq, entry_text (entry, LD_AUDIT_FIELD_ENTRY_ID)));
  return FALSE;
}

/* Consistent entries that do not link up mean entries were removed, inserted
 * or rewritten together with their hashes. */
static void
check_link (Verify             *v,
            const LdAuditEntry *entry,
            gint64              prev_seq,
            const char         *prev_hash)
{
  const char *entry_id = entry_text (entry, LD_AUDIT_FIELD_ENTRY_ID);

  if (entry->seq != prev_seq + 1)
    add_finding (v, LD_AUDIT_FINDING_CHAIN_BROKEN, entry->seq, entry_id, NULL, NULL,
                 g_strdup_printf (_("entry %lld follows entry %lld: the entries between are missing"),
                                  (long long) entry->seq, (long long) prev_seq));
  else if (g_strcmp0 (ld_audit_entry_get (entry, LD_AUDIT_FIELD_PREV_HASH), prev_hash) != 0)
    add_finding (v, LD_AUDIT_FINDING_CHAIN_BROKEN, entry->seq, entry_id, NULL, NULL,
                 g_strdup_printf (_("entry %lld is not chained to the entry before it: the history was "
                                    "rewritten"), (long long) entry->seq));
}

static const LdAuditKey *
lookup_key (Verify     *v,
            const char *key_id)
{
  g_autoptr(GError) error = NULL;
  LdAuditKey *key;

  if (g_hash_table_lookup_extended (v->keys, key_id, NULL, (gpointer *) &key))
    return key;
  key = v->report->keyring_available ? ld_audit_key_find_by_id (key_id, &error) : NULL;
  if (error != NULL)
    v->report->keyring_available = FALSE;
  g_hash_table_insert (v->keys, g_strdup (key_id), key);
  return key;
}

/* The MAC is what a file editor cannot recompute: a keyed entry whose MAC does
 * not verify was rewritten, hash and all. */
static void
check_authentication (Verify             *v,
                      const LdAuditEntry *entry)
{
  const char *key_id = ld_audit_entry_get (entry, LD_AUDIT_FIELD_KEY_ID);
  const LdAuditKey *key;
  g_autofree char *expected = NULL;

  if (entry->format == LD_AUDIT_FORMAT_CHAINED)
    {
      if (v->seen_keyed || entry->seq >= v->desk_first_seq)
        add_finding (v, LD_AUDIT_FINDING_DOWNGRADED, entry->seq, entry_text (entry, LD_AUDIT_FIELD_ENTRY_ID), NULL,
                     NULL, g_strdup_printf (_("entry %lld claims to be from before the keyed audit log, but it "
                                              "follows keyed entries: it was rewritten to escape the desk's key"),
                                            (long long) entry->seq));
      else
        v->report->n_chained_only++;
      return;
    }
  v->seen_keyed = TRUE;
  if (key_id == NULL)
    {
      v->report->n_unauthenticated++;
      return;
    }
  key = lookup_key (v, key_id);
  if (key == NULL)
    {
      v->report->n_mac_unchecked++;
      return;
    }
  expected = ld_audit_entry_compute_mac (entry, key->bytes, sizeof key->bytes);
  if (g_strcmp0 (expected, entry->mac) == 0)
    {
      v->report->n_authenticated++;
      return;
    }
  add_finding (v, LD_AUDIT_FINDING_MAC_WRONG, entry->seq, entry_text (entry, LD_AUDIT_FIELD_ENTRY_ID), NULL, NULL,
               g_strdup_printf (_("entry %lld (%s) is not authenticated by the desk's key: it was written or "
                                  "rewritten by something other than Licence Desk"),
                                (long long) entry->seq, entry_text (entry, LD_AUDIT_FIELD_ENTRY_ID)));
}

static gint32
intern_shape (Verify     *v,
              const char *shape)
{
  gpointer index;

  if (shape == NULL)
    return -1;
  index = g_hash_table_lookup (v->shape_index, shape);
  if (index != NULL)
    return GPOINTER_TO_INT (index) - 1;
  g_ptr_array_add (v->shapes, g_strdup (shape));
  g_hash_table_insert (v->shape_index, g_strdup (shape), GINT_TO_POINTER (v->shapes->len));
  return v->shapes->len - 1;
}

static void
remember_row_state (Verify             *v,
                    const LdAuditEntry *entry)
{
  RowState state = { entry->seq, -1, 0, { 0 } };

  if (entry->format == LD_AUDIT_FORMAT_KEYED)
    {
      state.flags |= STATE_KEYED;
      state.shape = intern_shape (v, ld_audit_entry_get (entry, LD_AUDIT_FIELD_ROW_SHAPE));
      if (ld_audit_rows_unhex (ld_audit_entry_get (entry, LD_AUDIT_FIELD_ROW_DIGEST), state.digest))
        state.flags |= STATE_HAS_DIGEST;
    }
  g_array_append_val (v->states, state);
}

static void
remember_actor (Verify             *v,
                const LdAuditEntry *entry)
{
  const char *actor_id = ld_audit_entry_get (entry, LD_AUDIT_FIELD_ACTOR_ID);

  if (actor_id == NULL || g_hash_table_contains (v->actors, actor_id))
    return;
  g_hash_table_insert (v->actors, g_strdup (actor_id), g_strdup (entry_text (entry, LD_AUDIT_FIELD_ACTOR_LOGIN)));
  g_hash_table_insert (v->actor_first_seq, g_strdup (actor_id), g_memdup2 (&entry->seq, sizeof entry->seq));
}

static gboolean
read_failed (sqlite3  *db,
             GError  **error)
{
  g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_FAILED,
               _("Reading the audit log failed: %s."), sqlite3_errmsg (db));
  return FALSE;
}

static gboolean
has_keyed_log (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  gboolean has = FALSE;

  if (sqlite3_prepare_v2 (db, "SELECT 1 FROM pragma_table_info('audit_log') WHERE name = 'format'", -1, &stmt,
                          NULL) == SQLITE_OK)
    has = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return has;
}

static gboolean
scan_entries (Verify        *v,
              GCancellable  *cancellable,
              GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *prev_hash = g_strdup (LD_AUDIT_GENESIS_HASH);
  gint64 prev_seq = 0;
  int rc;

  if (sqlite3_prepare_v2 (v->db, has_keyed_log (v->db) ? ENTRY_QUERY : OLD_ENTRY_QUERY, -1, &stmt, NULL) != SQLITE_OK)
    return read_failed (v->db, error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(LdAuditEntry) entry = read_entry (stmt);

      /* An entry edited in place is named itself, not the link after it. */
      if (check_own_hash (v, entry))
        {
          check_link (v, entry, prev_seq, prev_hash);
          check_authentication (v, entry);
        }
      remember_row_state (v, entry);
      remember_actor (v, entry);
      v->report->n_entries++;
      prev_seq = entry->seq;
      g_free (prev_hash);
      prev_hash = g_steal_pointer (&entry->hash);
      if ((v->report->n_entries & 0xffff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }
    }
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE ? TRUE : read_failed (v->db, error);
}

/* ---- the rows ------------------------------------------------------------- */

static const RowState *
find_state (Verify *v,
            gint64  seq)
{
  guint low = 0, high = v->states->len;

  while (low < high)
    {
      guint mid = low + (high - low) / 2;
      const RowState *state = &g_array_index (v->states, RowState, mid);

      if (state->seq == seq)
        return state;
      if (state->seq < seq)
        low = mid + 1;
      else
        high = mid;
    }
  return NULL;
}

static int
column_index (sqlite3_stmt *stmt,
              const char   *name)
{
  for (int i = 0; i < sqlite3_column_count (stmt); i++)
    if (g_strcmp0 (sqlite3_column_name (stmt, i), name) == 0)
      return i;
  return -1;
}

static void
shape_map_free (ShapeMap *map)
{
  for (guint i = 0; i < map->sections->len; i++)
    g_free (g_array_index (map->sections, SectionMap, i).columns);
  g_array_unref (map->sections);
  g_free (map->prior_columns);
  g_free (map->columns);
  g_free (map);
}

static int
find_child (const LdAuditTable *table,
            const char         *name)
{
  for (int i = 0; table->children && table->children[i].table; i++)
    if (g_str_equal (table->children[i].table, name))
      return i;
  return -1;
}

/* A digest written before a table's derived columns left it covered their
 * values of then: a re-key since has kept those values as priors. */
static void
map_derived (TableCheck *check,
             const char *main_shape,
             ShapeMap   *map)
{
  g_auto(GStrv) names = g_strsplit (main_shape, "\n", -1);

  map->prior_columns = g_new (int, MAX (map->n_columns, 1));
  for (guint i = 0; i < map->n_columns; i++)
    {
      map->prior_columns[i] = -1;
      if (check->prior == NULL || !ld_audit_rows_is_derived (check->table, names[i + 1]))
        continue;
      map->prior_columns[i] = column_index (check->prior, names[i + 1]);
      map->has_derived |= map->prior_columns[i] >= 0;
    }
}

/* Splits "entity\ncols…\n@child\ncols…" and finds each part's columns. */
static ShapeMap *
map_shape (TableCheck *check,
           const char *shape)
{
  g_auto(GStrv) parts = g_strsplit (shape, "\n@", -1);
  ShapeMap *map = g_new0 (ShapeMap, 1);

  map->columns = ld_audit_rows_map_shape (parts[0], check->row, &map->n_columns);
  map_derived (check, parts[0], map);
  map->sections = g_array_new (FALSE, TRUE, sizeof (SectionMap));
  for (guint i = 1; parts[i]; i++)
    {
      g_autofree char *name = g_strndup (parts[i], strcspn (parts[i], "\n"));
      SectionMap section = { find_child (check->table, name), NULL, 0 };

      if (section.child >= 0)
        section.columns = ld_audit_rows_map_shape (parts[i], check->children[section.child], &section.n_columns);
      g_array_append_val (map->sections, section);
    }
  return map;
}

/* The digest of a record as its shape recorded it: its row, then the rows of
 * each child table it covered. With @prior positioned on a re-key's priors,
 * the derived columns are taken from there. */
static void
digest_record (TableCheck     *check,
               const ShapeMap *map,
               const char     *record_id,
               sqlite3_stmt   *prior,
               guint8          out_digest[32])
{
  g_autoptr(GChecksum) checksum = ld_audit_rows_checksum_new ();
  gsize len = 32;

  for (guint i = 0; i < map->n_columns; i++)
    if (prior != NULL && map->prior_columns[i] >= 0)
      ld_audit_rows_feed_column (checksum, prior, map->prior_columns[i]);
    else
      ld_audit_rows_feed_column (checksum, check->row, map->columns[i]);
  for (guint i = 0; i < map->sections->len; i++)
    {
      const SectionMap *section = &g_array_index (map->sections, SectionMap, i);
      sqlite3_stmt *stmt;

      if (section->child < 0)
        {
          ld_audit_rows_feed_marker (checksum, "");
          continue;
        }
      stmt = check->children[section->child];
      ld_audit_rows_feed_marker (checksum, check->table->children[section->child].table);
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, record_id, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          ld_audit_rows_feed_marker (checksum, "row");
          ld_audit_rows_feed_row (checksum, stmt, section->columns, section->n_columns);
        }
      sqlite3_reset (stmt);
    }
  g_checksum_get_digest (checksum, out_digest, &len);
}

static char *
row_label (sqlite3_stmt       *stmt,
           const LdAuditTable *table,
           const char         *record_id)
{
  int label = column_index (stmt, table->label_column);
  const char *text = label >= 0 ? (const char *) sqlite3_column_text (stmt, label) : NULL;

  return text ? g_strdup_printf ("%s “%s” (%s)", table->entity, text, record_id)
              : g_strdup_printf ("%s %s", table->entity, record_id);
}

static gint64
last_entry_seq (sqlite3_stmt *last,
                const char   *entity,
                const char   *record_id)
{
  gint64 seq = 0;

  sqlite3_reset (last);
  sqlite3_bind_text (last, 1, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (last, 2, record_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (last) == SQLITE_ROW && sqlite3_column_type (last, 0) != SQLITE_NULL)
    seq = sqlite3_column_int64 (last, 0);
  sqlite3_reset (last);
  return seq;
}

/* An entry written while the derived columns were in the digest matches the
 * record as it was before a re-key: try the values each re-key replaced. */
static gboolean
matches_before_rekey (TableCheck     *check,
                      const ShapeMap *map,
                      const char     *record_id,
                      const guint8    recorded[32])
{
  gboolean found = FALSE;
  guint8 digest[32];

  if (!map->has_derived)
    return FALSE;
  sqlite3_reset (check->prior);
  sqlite3_bind_text (check->prior, 1, record_id, -1, SQLITE_TRANSIENT);
  while (!found && sqlite3_step (check->prior) == SQLITE_ROW)
    {
      digest_record (check, map, record_id, check->prior, digest);
      found = memcmp (digest, recorded, sizeof digest) == 0;
    }
  sqlite3_reset (check->prior);
  return found;
}

static void
check_row (Verify     *v,
           TableCheck *check)
{
  const LdAuditTable *table = check->table;
  sqlite3_stmt *row = check->row;
  const char *record_id = (const char *) sqlite3_column_text (row, column_index (row, "id"));
  gint64 seq = last_entry_seq (check->last, table->entity, record_id ? record_id : "");
  const RowState *state = seq > 0 ? find_state (v, seq) : NULL;
  g_autofree char *label = NULL;
  ShapeMap *map;
  guint8 digest[32];

  v->report->n_rows_checked++;
  if (seq == 0)
    {
      label = row_label (row, table, record_id);
      add_finding (v, LD_AUDIT_FINDING_ROW_UNAUDITED, 0, NULL, table->entity, record_id,
                   g_strdup_printf (_("%s has no audit entry: it was put into the store without Licence "
                                      "Desk, or its entries were removed"), label));
      return;
    }
  if (state == NULL || !(state->flags & STATE_KEYED))
    {
      v->report->n_rows_unrecorded++;
      return;
    }
  if (state->flags & STATE_HAS_DIGEST && state->shape >= 0)
    {
      map = g_hash_table_lookup (check->maps, GINT_TO_POINTER (state->shape + 1));
      if (map == NULL)
        {
          map = map_shape (check, g_ptr_array_index (v->shapes, state->shape));
          g_hash_table_insert (check->maps, GINT_TO_POINTER (state->shape + 1), map);
        }
      digest_record (check, map, record_id ? record_id : "", NULL, digest);
      if (memcmp (digest, state->digest, sizeof digest) == 0 ||
          matches_before_rekey (check, map, record_id ? record_id : "", state->digest))
        return;
    }
  label = row_label (row, table, record_id);
  add_finding (v, LD_AUDIT_FINDING_ROW_CHANGED, seq, NULL, table->entity, record_id,
               g_strdup_printf (_("%s differs from its state in audit entry %lld: it was changed without "
                                  "an audit entry"), label, (long long) seq));
}

/* Records are never deleted: a record whose last entry saw its row, and that
 * has no row now, was removed behind Licence Desk's back. */
static gboolean
check_removed_rows (Verify              *v,
                    const LdAuditTable  *table,
                    GError             **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (v->db, table->select_removed, -1, &stmt, NULL) != SQLITE_OK)
    return read_failed (v->db, error);
  sqlite3_bind_text (stmt, 1, table->entity, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *record_id = (const char *) sqlite3_column_text (stmt, 0);
      gint64 seq = sqlite3_column_int64 (stmt, 1);
      const RowState *state = find_state (v, seq);

      if (state != NULL && state->flags & STATE_HAS_DIGEST)
        add_finding (v, LD_AUDIT_FINDING_ROW_CHANGED, seq, NULL, table->entity, record_id,
                     g_strdup_printf (_("%s %s was deleted, although records are only ever voided: audit entry "
                                        "%lld saw it"), table->entity, record_id, (long long) seq));
    }
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE ? TRUE : read_failed (v->db, error);
}

/* Whether the upgrade that re-keys brokers with this version's name module
 * (migration 0027, which made broker_key_prior) has run on the store. */
static gboolean
store_has_key_priors (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'broker_key_prior'", -1,
                          &stmt, NULL) == SQLITE_OK)
    found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

/* Derived columns are outside the digests, so they are checked against what
 * their sources give: a broker's name keys set by hand would hide it from
 * the duplicate check. */
static gboolean
check_derived (Verify              *v,
               const LdAuditTable  *table,
               GError             **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (table->derived_stale == NULL)
    return TRUE;
  /* A store opened read-only before its upgrade holds keys of the older name
   * module: they are stale by this module's reading, not edited by hand. */
  if (!store_has_key_priors (v->db))
    return TRUE;
  if (sqlite3_prepare_v2 (v->db, table->derived_stale, -1, &stmt, NULL) != SQLITE_OK)
    return read_failed (v->db, error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *record_id = (const char *) sqlite3_column_text (stmt, column_index (stmt, "id"));
      g_autofree char *label = row_label (stmt, table, record_id);

      add_finding (v, LD_AUDIT_FINDING_ROW_CHANGED, 0, NULL, table->entity, record_id,
                   g_strdup_printf (_("%s has keys that are not what its name and numbers give: they were "
                                      "changed without Licence Desk, and duplicate checks could miss it"), label));
    }
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE ? TRUE : read_failed (v->db, error);
}

static void
table_check_clear (TableCheck *check)
{
  for (guint i = 0; check->children && check->table->children && check->table->children[i].table; i++)
    sqlite3_finalize (check->children[i]);
  g_free (check->children);
  sqlite3_finalize (check->prior);
  sqlite3_finalize (check->row);
  g_clear_pointer (&check->maps, g_hash_table_unref);
}

static gboolean
prepare_table_check (Verify              *v,
                     TableCheck          *check,
                     GError             **error)
{
  guint n = 0;

  while (check->table->children && check->table->children[n].table)
    n++;
  check->children = g_new0 (sqlite3_stmt *, n + 1);
  check->maps = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) shape_map_free);
  if (sqlite3_prepare_v2 (v->db, check->table->select_all, -1, &check->row, NULL) != SQLITE_OK)
    return read_failed (v->db, error);
  /* A store whose upgrade has not run (opened read-only) has no priors yet. */
  if (check->table->derived_prior != NULL)
    sqlite3_prepare_v2 (v->db, check->table->derived_prior, -1, &check->prior, NULL);
  for (guint i = 0; i < n; i++)
    if (sqlite3_prepare_v2 (v->db, check->table->children[i].select, -1, &check->children[i], NULL) != SQLITE_OK)
      return read_failed (v->db, error);
  return TRUE;
}

static gboolean
check_table (Verify              *v,
             const LdAuditTable  *table,
             sqlite3_stmt        *last,
             GCancellable        *cancellable,
             GError             **error)
{
  TableCheck check = { table, NULL, last, NULL, NULL, NULL };
  gboolean ok = prepare_table_check (v, &check, error);
  int rc = SQLITE_DONE;

  while (ok && (rc = sqlite3_step (check.row)) == SQLITE_ROW)
    {
      check_row (v, &check);
      if ((v->report->n_rows_checked & 0xffff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        ok = FALSE;
    }
  if (ok && rc != SQLITE_DONE)
    ok = read_failed (v->db, error);
  table_check_clear (&check);
  return ok && check_removed_rows (v, table, error) && check_derived (v, table, error);
}

static gboolean
check_rows (Verify        *v,
            GCancellable  *cancellable,
            GError       **error)
{
  sqlite3_stmt *last = NULL;
  const LdAuditTable *tables;
  guint n_tables;
  gboolean ok = TRUE;

  if (sqlite3_prepare_v2 (v->db, "SELECT max(seq) FROM audit_log WHERE entity = ? AND record_id = ?", -1,
                          &last, NULL) != SQLITE_OK)
    return read_failed (v->db, error);
  tables = ld_audit_rows_tables (&n_tables);
  for (guint i = 0; ok && i < n_tables; i++)
    ok = check_table (v, &tables[i], last, cancellable, error);
  sqlite3_finalize (last);
  return ok;
}

/* A profile put into the store by hand that then acts leaves entries by an
 * actor no audit entry created. */
static void
check_actors (Verify *v)
{
  sqlite3_stmt *created = NULL;
  GHashTableIter iter;
  gpointer actor_id, login;

  if (sqlite3_prepare_v2 (v->db, "SELECT 1 FROM audit_log WHERE entity = 'user_profile' AND record_id = ? LIMIT 1",
                          -1, &created, NULL) != SQLITE_OK)
    return;
  g_hash_table_iter_init (&iter, v->actors);
  while (g_hash_table_iter_next (&iter, &actor_id, &login))
    {
      gint64 first_seq = *(gint64 *) g_hash_table_lookup (v->actor_first_seq, actor_id);

      sqlite3_reset (created);
      sqlite3_bind_text (created, 1, actor_id, -1, SQLITE_STATIC);
      if (sqlite3_step (created) != SQLITE_ROW)
        add_finding (v, LD_AUDIT_FINDING_ACTOR_UNAUDITED, first_seq, NULL, "user_profile", actor_id,
                     g_strdup_printf (_("entries from %lld on were made by the profile “%s”, which no audit entry "
                                        "created"), (long long) first_seq, (const char *) login));
    }
  sqlite3_finalize (created);
}

/* ---- the anchors ---------------------------------------------------------- */

/* An anchor may lag behind the log (a crash between a commit and the anchor's
 * update), but the entry it names must still be there with the same hash. */
static void
check_anchor (Verify              *v,
              const LdAuditAnchor *anchor,
              const char          *where)
{
  const LdAuditAnchor *head = v->report->head;
  g_autofree char *hash_there = NULL;

  if (anchor->store_id != NULL && g_strcmp0 (anchor->store_id, head->store_id) != 0)
    {
      add_finding (v, LD_AUDIT_FINDING_ANCHOR, 0, NULL, NULL, NULL,
                   g_strdup_printf (_("%s belongs to another store (%s, this one is %s): the store or its "
                                      "anchor was replaced"), where, anchor->store_id,
                                    head->store_id ? head->store_id : "?"));
      return;
    }
  if (anchor->count > head->count)
    {
      add_finding (v, LD_AUDIT_FINDING_ANCHOR, head->count, NULL, NULL, NULL,
                   g_strdup_printf (_("%s records %lld entries, but the log ends at entry %lld: the last "
                                      "%lld entries were removed"), where, (long long) anchor->count,
                                    (long long) head->count, (long long) (anchor->count - head->count)));
      return;
    }
  hash_there = ld_audit_anchor_hash_at (v->db, anchor->count);
  if (!ld_audit_anchor_matches (anchor, hash_there))
    add_finding (v, LD_AUDIT_FINDING_ANCHOR, anchor->count, NULL, NULL, NULL,
                 g_strdup_printf (_("%s records entry %lld with the hash %.16s…, but the log's entry %lld has "
                                    "another: the log was rewritten up to there"), where,
                                  (long long) anchor->count, anchor->head, (long long) anchor->count));
}

static void
check_anchors (Verify              *v,
               const char          *store_path,
               const LdAuditAnchor *printed)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = ld_audit_anchor_path (store_path);
  g_autoptr(LdAuditAnchor) anchor = ld_audit_anchor_read (path, &error);
  g_autofree char *where = g_strdup_printf (_("The anchor %s"), path);

  if (anchor != NULL)
    {
      v->report->anchor_file = g_strdup (path);
      v->report->anchor_count = anchor->count;
      check_anchor (v, anchor, where);
    }
  else if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    add_finding (v, LD_AUDIT_FINDING_ANCHOR, 0, NULL, NULL, NULL, g_strdup (error->message));
  else if (printed == NULL && v->report->head->store_id != NULL)
    add_finding (v, LD_AUDIT_FINDING_ANCHOR, 0, NULL, NULL, NULL,
                 g_strdup_printf (_("there is no audit anchor beside the store (%s), so entries removed from "
                                    "the end cannot be ruled out; check it against the office's register with "
                                    "--anchor HEAD:COUNT"), path));
  if (printed != NULL)
    check_anchor (v, printed, _("The anchor given"));
}

/* ---- verify --------------------------------------------------------------- */

/* The key made for this store tells from which entry on everything must be
 * keyed; without a keyring nothing can be authenticated at all. */
static void
load_desk_key (Verify     *v,
               const char *store_id)
{
  g_autoptr(GError) error = NULL;
  LdAuditKey *key = store_id ? ld_audit_key_find_for_store (store_id, &error) : NULL;

  v->report->keyring_available = error == NULL;
  if (key == NULL)
    return;
  v->desk_first_seq = key->first_seq;
  g_hash_table_insert (v->keys, g_strdup (key->key_id), key);
}

static void
verify_clear (Verify *v)
{
  g_clear_pointer (&v->keys, g_hash_table_unref);
  g_clear_pointer (&v->states, g_array_unref);
  g_clear_pointer (&v->shapes, g_ptr_array_unref);
  g_clear_pointer (&v->shape_index, g_hash_table_unref);
  g_clear_pointer (&v->actors, g_hash_table_unref);
  g_clear_pointer (&v->actor_first_seq, g_hash_table_unref);
}

static gboolean
verify_snapshot (Verify               *v,
                 LdStore              *store,
                 const LdAuditAnchor  *printed,
                 GCancellable         *cancellable,
                 GError              **error)
{
  v->report->head = ld_audit_anchor_of_log (v->db, error);
  if (v->report->head == NULL)
    return FALSE;
  load_desk_key (v, v->report->head->store_id);
  if (!scan_entries (v, cancellable, error))
    return FALSE;
  /* The log's own findings first: rows missing entries follow from them. */
  check_anchors (v, ld_store_get_path (store), printed);
  check_actors (v);
  return check_rows (v, cancellable, error);
}

/**
 * ld_audit_log_verify_against:
 * @printed: (nullable): an anchor from the office's register to check as well
 *
 * Checks the whole log in one read snapshot: each entry against its hash
 * (every byte of every field), its link to the entry before and its MAC by the
 * desk's key; every row of the audited tables against the digest its last
 * entry recorded; the actors against the profiles the log created; and the
 * head against the anchor beside the store and @printed.
 *
 * Returns: (transfer full) (nullable): the report, or %NULL if the store could
 *   not be read at all
 */
LdAuditReport *
ld_audit_log_verify_against (LdStore              *store,
                             const LdAuditAnchor  *printed,
                             GCancellable         *cancellable,
                             GError              **error)
{
  g_autoptr(LdAuditReport) report = g_new0 (LdAuditReport, 1);
  Verify v = { 0 };
  gboolean ok;

  g_return_val_if_fail (LD_IS_STORE (store), NULL);

  v.db = ld_store_open_reader (store, error);
  if (v.db == NULL)
    return NULL;
  report->intact = TRUE;
  report->anchor_count = -1;
  report->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) finding_free);
  v.report = report;
  v.desk_first_seq = G_MAXINT64;
  v.keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) ld_audit_key_free);
  v.states = g_array_new (FALSE, FALSE, sizeof (RowState));
  v.shapes = g_ptr_array_new_with_free_func (g_free);
  v.shape_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  v.actors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  v.actor_first_seq = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* The log's index is searched once per row: a larger cache keeps it in
   * memory on big stores. */
  sqlite3_exec (v.db, "PRAGMA cache_size = -65536", NULL, NULL, NULL);
  /* What derived columns are computed with, to check them. */
  _ld_broker_name_register_sql (v.db);
  /* One read transaction, so every check sees the same snapshot. */
  sqlite3_exec (v.db, "BEGIN", NULL, NULL, NULL);
  ok = verify_snapshot (&v, store, printed, cancellable, error);
  sqlite3_exec (v.db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close_v2 (v.db);
  verify_clear (&v);
  return ok ? g_steal_pointer (&report) : NULL;
}

LdAuditReport *
ld_audit_log_verify (LdStore       *store,
                     GCancellable  *cancellable,
                     GError       **error)
{
  return ld_audit_log_verify_against (store, NULL, cancellable, error);
}

gint64
ld_audit_log_count (LdStore  *store,
                    GError  **error)
{
  gint64 n;

  return ld_store_query_int64 (store, "SELECT count(*) FROM audit_log", &n, error) ? n : -1;
}
