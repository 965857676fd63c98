/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-audit-rows"

#include "config.h"

#include <string.h>

#include "ld-audit-rows.h"

#define TABLE(name, label) PARENT (name, label, NULL)
#define REMOVED(name) \
  "SELECT record_id, max(seq) FROM audit_log WHERE entity = ?1 AND record_id NOT IN (SELECT id FROM " name ")" \
  " GROUP BY record_id"
#define PARENT(name, label, children) \
  { name, label, "SELECT * FROM " name " WHERE id = ?", "SELECT * FROM " name, children, NULL, NULL, NULL, \
    REMOVED (name) }
#define OF_VERSIONS "(SELECT id FROM application_version WHERE application_id = ?1)"

/* A case's versions and what each holds, its serial numbers and its events:
 * the record an officer decides on is all of them. */
static const LdAuditChild application_children[] = {
  { "application_version", "SELECT * FROM application_version WHERE application_id = ?1 ORDER BY version" },
  { "application_party", "SELECT * FROM application_party WHERE version_id IN " OF_VERSIONS " ORDER BY rowid" },
  { "application_route", "SELECT * FROM application_route WHERE version_id IN " OF_VERSIONS " ORDER BY rowid" },
  { "application_item", "SELECT * FROM application_item WHERE version_id IN " OF_VERSIONS " ORDER BY rowid" },
  { "application_serial", "SELECT * FROM application_serial WHERE item_id IN (SELECT id FROM application_item"
                          " WHERE version_id IN " OF_VERSIONS ") ORDER BY id" },
  { "application_event", "SELECT * FROM application_event WHERE application_id = ?1 ORDER BY seq" },
  { "application_refusal_criterion", "SELECT * FROM application_refusal_criterion WHERE event_seq IN"
                                     " (SELECT seq FROM application_event WHERE application_id = ?1) ORDER BY rowid" },
  { NULL },
};

static const LdAuditChild broker_children[] = {
  { "broker_event", "SELECT * FROM broker_event WHERE broker_id = ?1 ORDER BY seq" },
  { "broker_period", "SELECT * FROM broker_period WHERE broker_id = ?1 ORDER BY rowid" },
  { NULL },
};

/* A profile's credential as it was set (not its failed attempts or lock, which
 * change at every wrong sign-in): a hash swapped in by hand to take over a
 * profile shows as the profile differing from its last audited state. */
static const LdAuditChild user_profile_children[] = {
  { "user_credential", "SELECT user_id, algorithm, kdf_version, memory_kib, iterations, parallelism, salt, hash,"
                       " set_at, set_by FROM user_credential WHERE user_id = ?1" },
  { NULL },
};

/* A diversion-risk assessment is its answers: the officer's and those the
 * record gave, with their evidence. */
static const LdAuditChild checklist_assessment_children[] = {
  { "checklist_answer", "SELECT * FROM checklist_answer WHERE assessment_id = ?1 ORDER BY question_id" },
  { NULL },
};

/* A certificate's verifications, links, reuse attempts and re-export consent
 * requests: the register's history of it is all of them. */
static const LdAuditChild euc_children[] = {
  { "euc_verification_event", "SELECT * FROM euc_verification_event WHERE euc_id = ?1 ORDER BY id" },
  { "euc_link", "SELECT * FROM euc_link WHERE euc_id = ?1 ORDER BY id" },
  { "euc_reuse_attempt", "SELECT * FROM euc_reuse_attempt WHERE euc_id = ?1 ORDER BY id" },
  { "euc_consent_request", "SELECT * FROM euc_consent_request WHERE euc_id = ?1 ORDER BY seq" },
  { NULL },
};

/* A broker's name and number keys are what the name module and the number
 * folding make of its name and numbers: a migration computes them again when
 * the name module changes. The trigger of the store's key-prior migration
 * keeps their values from before such a re-key, for entries whose digests
 * covered them (written before the keys left the digest). */
static const char *const broker_derived[] = {
  "name_fold_sorted", "name_fold_compact", "company_number_key", "tax_number_key", NULL
};

/* Every table a caller of ld_store_record_change() names as its entity. A
 * change to one of their rows that skips the audited write path leaves the row
 * different from the digest its last entry recorded. */
static const LdAuditTable tables[] = {
  PARENT ("user_profile", "login", user_profile_children),
  { "broker", "legal_name", "SELECT * FROM broker WHERE id = ?", "SELECT * FROM broker", broker_children,
    broker_derived,
    "SELECT name_fold_sorted, name_fold_compact, company_number_key, tax_number_key FROM broker_key_prior"
    " WHERE broker_id = ?1 ORDER BY rowid DESC",
    "SELECT * FROM broker WHERE NOT ld_broker_name_keys_match(legal_name, name_fold_sorted, name_fold_compact)"
    " OR company_number_key IS NOT ld_broker_number_key(company_number)"
    " OR tax_number_key IS NOT ld_broker_number_key(tax_number)"
    /* The keys of a name's second spelling (a Thai or Korean name as its bearer
     * writes it) find it as a duplicate too: a row removed or edited there by
     * hand would hide the broker from that check. */
    " OR ld_broker_name_key(legal_name, 'second-compact') IS NOT"
    " (SELECT compact FROM broker_name_second WHERE broker_id = broker.id)"
    " OR ld_broker_name_key(legal_name, 'second-sorted') IS NOT"
    " (SELECT sorted FROM broker_name_second WHERE broker_id = broker.id)"
    /* Its readings (a Hebrew, Korean or Thai name read as screening reads it, and
     * the Latin words' readings that meet those) likewise. */
    " OR ld_broker_name_key(legal_name, 'readings') IS NOT"
    " (SELECT group_concat(reading, char(10)) FROM"
    "  (SELECT reading FROM broker_name_reading WHERE broker_id = broker.id ORDER BY reading))", REMOVED ("broker") },
  TABLE ("broker_person", "full_name"),
  TABLE ("broker_authorisation", "number"),
  PARENT ("application", "reference", application_children),
  PARENT ("euc", "certificate_number", euc_children),
  TABLE ("licence", "licence_number"),
  TABLE ("attachment", "file_name"),
  TABLE ("denial", "reference"),
  TABLE ("embargo_version", "label"),
  TABLE ("checklist_template", "title"),
  PARENT ("checklist_assessment", "application_id", checklist_assessment_children),
};

/**
 * ld_audit_rows_lookup:
 *
 * Returns: (nullable): the audited table an entity names, or %NULL for an
 *   entity that is not a row of its own (its entries carry no row digest)
 */
const LdAuditTable *
ld_audit_rows_lookup (const char *entity)
{
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (g_strcmp0 (tables[i].entity, entity) == 0)
      return &tables[i];
  return NULL;
}

const LdAuditTable *
ld_audit_rows_tables (guint *out_n)
{
  *out_n = G_N_ELEMENTS (tables);
  return tables;
}

gboolean
ld_audit_rows_is_derived (const LdAuditTable *table,
                          const char         *column)
{
  for (guint i = 0; table->derived && table->derived[i]; i++)
    if (g_str_equal (table->derived[i], column))
      return TRUE;
  return FALSE;
}

/**
 * ld_audit_rows_covered:
 * @stmt: a prepared "SELECT * FROM table ..."
 *
 * Returns: (transfer full): the indexes of the columns a row digest made now
 *   covers: all but the derived ones
 */
int *
ld_audit_rows_covered (const LdAuditTable *table,
                       sqlite3_stmt       *stmt,
                       guint              *out_n)
{
  int count = sqlite3_column_count (stmt);
  int *columns = g_new (int, MAX (count, 1));
  guint n = 0;

  for (int i = 0; i < count; i++)
    if (!ld_audit_rows_is_derived (table, sqlite3_column_name (stmt, i)))
      columns[n++] = i;
  *out_n = n;
  return columns;
}

/**
 * ld_audit_rows_shape:
 * @columns: (array length=n_columns): the columns of @stmt a digest covers
 *
 * Returns: (transfer full): the table's name and those columns' names, one a
 *   line: what a row digest made now covers.
 */
char *
ld_audit_rows_shape (const char   *entity,
                     sqlite3_stmt *stmt,
                     const int    *columns,
                     guint         n_columns)
{
  GString *shape = g_string_new (entity);

  for (guint i = 0; i < n_columns; i++)
    {
      g_string_append_c (shape, '\n');
      g_string_append (shape, sqlite3_column_name (stmt, columns[i]));
    }
  return g_string_free (shape, FALSE);
}

/**
 * ld_audit_rows_map_shape:
 *
 * Finds the columns a recorded shape names in @stmt, so that a row is checked
 * over the columns its digest covered even after a migration added others.
 *
 * Returns: (transfer full): the column index of each name, -1 for a column
 *   that is gone
 */
int *
ld_audit_rows_map_shape (const char   *shape,
                         sqlite3_stmt *stmt,
                         guint        *out_n)
{
  g_auto(GStrv) names = g_strsplit (shape, "\n", -1);
  guint n = g_strv_length (names) - 1;   /* the first line is the table */
  int *columns = g_new (int, MAX (n, 1));
  int count = sqlite3_column_count (stmt);

  for (guint i = 0; i < n; i++)
    {
      columns[i] = -1;
      for (int c = 0; c < count; c++)
        if (g_str_equal (sqlite3_column_name (stmt, c), names[i + 1]))
          columns[i] = c;
    }
  *out_n = n;
  return columns;
}

/* The bytes of a digest are gathered in a buffer and fed to the checksum at
 * once: a row is some hundred pieces of a few bytes each, and SHA-256 digests
 * the same bytes whichever way they arrive. */
static void
put_length (GByteArray *bytes,
            guint8      tag,
            guint64     len)
{
  guint8 prefix[9];

  prefix[0] = tag;
  for (guint i = 0; i < 8; i++)
    prefix[1 + i] = (len >> (56 - 8 * i)) & 0xff;
  g_byte_array_append (bytes, prefix, sizeof prefix);
}

/* Type tag and whole value, length-prefixed: 5 and '5' differ, and a NUL
 * inside a text hides nothing. */
static void
put_value (GByteArray   *bytes,
           sqlite3_stmt *stmt,
           int           column)
{
  int type = column < 0 ? 0 : sqlite3_column_type (stmt, column);

  switch (type)
    {
    case SQLITE_INTEGER:
      put_length (bytes, SQLITE_INTEGER, (guint64) sqlite3_column_int64 (stmt, column));
      break;
    case SQLITE_FLOAT:
      {
        double value = sqlite3_column_double (stmt, column);
        guint64 bits;

        memcpy (&bits, &value, sizeof bits);
        put_length (bytes, SQLITE_FLOAT, bits);
      }
      break;
    case SQLITE_TEXT:
    case SQLITE_BLOB:
      {
        const void *data = sqlite3_column_blob (stmt, column);
        int len = sqlite3_column_bytes (stmt, column);

        put_length (bytes, type, len);
        if (len > 0)
          g_byte_array_append (bytes, data, len);
      }
      break;
    default:
      /* SQL NULL, or 0 for a column the row no longer has. */
      put_length (bytes, type, 0);
      break;
    }
}

/* One column's name and value; -1 (a column that is gone) puts an empty
 * name and no value. */
static void
put_column (GByteArray   *bytes,
            sqlite3_stmt *stmt,
            int           column)
{
  const char *name = column >= 0 ? sqlite3_column_name (stmt, column) : "";
  gsize len = strlen (name);

  put_length (bytes, 0, len);
  g_byte_array_append (bytes, (const guint8 *) name, len);
  put_value (bytes, stmt, column);
}

static void
feed_bytes (GChecksum  *checksum,
            GByteArray *bytes)
{
  g_checksum_update (checksum, bytes->data, bytes->len);
}

GChecksum *
ld_audit_rows_checksum_new (void)
{
  GChecksum *checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (checksum, (const guchar *) "ld-row-v1", 9);
  return checksum;
}

/* Starts a child table's rows, or one row of it, in a digest. */
void
ld_audit_rows_feed_marker (GChecksum  *checksum,
                           const char *name)
{
  g_autoptr(GByteArray) bytes = g_byte_array_sized_new (16 + strlen (name));

  put_length (bytes, 0xff, strlen (name));
  g_byte_array_append (bytes, (const guint8 *) name, strlen (name));
  feed_bytes (checksum, bytes);
}

/* One column's name and value; -1 (a column that is gone) feeds an empty name
 * and no value. */
void
ld_audit_rows_feed_column (GChecksum    *checksum,
                           sqlite3_stmt *stmt,
                           int           column)
{
  g_autoptr(GByteArray) bytes = g_byte_array_sized_new (64);

  put_column (bytes, stmt, column);
  feed_bytes (checksum, bytes);
}

/**
 * ld_audit_rows_feed_row:
 * @stmt: positioned on a row
 * @columns: the columns to cover, in order (-1: a column that is gone)
 *
 * Adds the row's values, each with its column's name, to a digest.
 */
void
ld_audit_rows_feed_row (GChecksum    *checksum,
                        sqlite3_stmt *stmt,
                        const int    *columns,
                        guint         n_columns)
{
  g_autoptr(GByteArray) bytes = g_byte_array_sized_new (1024);

  for (guint i = 0; i < n_columns; i++)
    put_column (bytes, stmt, columns[i]);
  feed_bytes (checksum, bytes);
}

/**
 * ld_audit_rows_digest:
 *
 * The SHA-256 of one row alone (a record without child tables).
 */
void
ld_audit_rows_digest (sqlite3_stmt *stmt,
                      const int    *columns,
                      guint         n_columns,
                      guint8        out_digest[32])
{
  g_autoptr(GChecksum) checksum = ld_audit_rows_checksum_new ();
  gsize len = 32;

  ld_audit_rows_feed_row (checksum, stmt, columns, n_columns);
  g_checksum_get_digest (checksum, out_digest, &len);
}

/* Reads a hex digest back; FALSE for anything else. */
gboolean
ld_audit_rows_unhex (const char *hex,
                     guint8      out_digest[32])
{
  if (hex == NULL || strlen (hex) != 64)
    return FALSE;
  for (guint i = 0; i < 32; i++)
    {
      int high = g_ascii_xdigit_value (hex[2 * i]);
      int low = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (high < 0 || low < 0)
        return FALSE;
      out_digest[i] = high << 4 | low;
    }
  return TRUE;
}
