/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-store"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ld-audit-anchor.h"
#include "ld-audit-chain.h"
#include "ld-audit-key.h"
#include "ld-audit-rows.h"
#include "ld-broker-name.h"
#include "ld-store.h"
#include "ld-store-private.h"
#include "ld-search-bits.h"
#include "ld-store-resources.h"

#define MIGRATIONS_PATH RESOURCE_PREFIX "/store/migrations"
#define SQLITE_HEADER "SQLite format 3"

struct _LdStore
{
  GObject       parent_instance;

  char         *path;
  /* (nullable) how a read-only store is opened, for its readers too */
  char         *uri;
  sqlite3      *db;
  GMainContext *owner_context;

  /* Held from ld_store_begin() to commit or rollback, so that worker threads
   * writing at the same time take turns and each transaction sees its own
   * audit chain head. */
  GRecMutex     write_lock;
  char         *tx_id;
  GHashTable   *tx_entities;
  GHashTable   *statements;
  /* The same statements by the address of the text they were asked with,
   * checked against their text: most are constants, and hashing a long
   * statement's text on every call costs more than stepping a small one. */
  GHashTable   *statements_by_address;
  int           schema_version;
  gboolean      read_only;

  /* Audit entries of the open transaction, written just before it commits so
   * that each records its row as the transaction leaves it. */
  GPtrArray    *pending_entries;
  char         *store_id;
  LdAuditKey   *audit_key;
  gint64        key_retry_at;    /* monotonic time to ask the keyring again */
  GHashTable   *shape_ids;       /* row shape text -> audit_row_shape.id */
  gboolean      chained_only;    /* the benchmark's baseline: the old entries */
  gboolean      from_server;     /* the change being recorded came from the central database */
  /* (nullable) search-index writes ld-section.c holds back until the end of
   * a pulled chunk, while it defers them; dropped with the transaction */
  GPtrArray    *deferred_index;
  char         *file_key;        /* (nullable) its file's device and inode, while open */
};

/* How long a desk without a keyring writes unauthenticated entries before it
 * asks the keyring again (a locked or missing keyring answers slowly). */
#define KEY_RETRY_INTERVAL (60 * G_USEC_PER_SEC)

G_DEFINE_FINAL_TYPE (LdStore, ld_store, G_TYPE_OBJECT)

/* The files this process has open as stores, by device and inode, with how
 * many stores hold each. Closing any descriptor of a file drops every POSIX
 * lock the process holds on it, SQLite's included (fcntl(2)): a second store
 * opened on the same file (a paged model's reader) must not open and close
 * the file itself, or another desk's process closing its connection finds no
 * lock, checkpoints and deletes the write-ahead log under this one, which then
 * reads stale or "malformed" pages. */
static GMutex      open_files_lock;
static GHashTable *open_files;  /* "dev:inode" -> count */

static char *
file_key_for (const GStatBuf *st)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT, (guint64) st->st_dev, (guint64) st->st_ino);
}

static gboolean
file_is_open_here (const char *key)
{
  gboolean open;

  g_mutex_lock (&open_files_lock);
  open = open_files != NULL && g_hash_table_contains (open_files, key);
  g_mutex_unlock (&open_files_lock);
  return open;
}

static void
hold_file (const char *key)
{
  g_mutex_lock (&open_files_lock);
  if (open_files == NULL)
    open_files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_insert (open_files, g_strdup (key),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (open_files, key)) + 1));
  g_mutex_unlock (&open_files_lock);
}

static void
release_file (const char *key)
{
  guint count;

  g_mutex_lock (&open_files_lock);
  count = GPOINTER_TO_UINT (g_hash_table_lookup (open_files, key));
  if (count > 1)
    g_hash_table_insert (open_files, g_strdup (key), GUINT_TO_POINTER (count - 1));
  else
    g_hash_table_remove (open_files, key);
  g_mutex_unlock (&open_files_lock);
}

/* Called once SQLite holds the file. */
static void
hold_store_file (LdStore *self)
{
  GStatBuf st;

  if (g_stat (self->path, &st) != 0)
    return;
  self->file_key = file_key_for (&st);
  hold_file (self->file_key);
}
G_DEFINE_QUARK (ld-store-error-quark, ld_store_error)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  LdStore *store;
  char    *entity;
} ChangedEmission;

static void
register_resources_once (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      ld_store_register_resource ();
      g_once_init_leave (&done, 1);
    }
}

/**
 * ld_store_now_utc:
 *
 * Returns: (transfer full): the current time in UTC as ISO 8601 with microseconds,
 *   the form every timestamp in the store takes, so that text order is time order.
 */
char *
ld_store_now_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

/**
 * ld_store_new_ordered_id:
 *
 * A new id for a row written many at a time (screening runs and hits,
 * outbox rows): a UUID of version 7 (RFC 9562), its first 48 bits the time
 * in milliseconds and the next 12 the microseconds within it, the rest
 * random. Ids made later sort later, so a table's id index grows at its end:
 * with random (version 4) ids each of a re-screening job's batches rewrote
 * hundreds of pages scattered over every such index.
 *
 * Returns: (transfer full): the id, in the same text form as
 *   g_uuid_string_random()
 */
char *
ld_store_new_ordered_id (void)
{
  gint64 now = g_get_real_time ();
  guint64 ms = (guint64) now / 1000;
  guint32 within = (guint32) ((guint64) now % 1000);
  guint32 r1 = g_random_int (), r2 = g_random_int ();

  return g_strdup_printf ("%08x-%04x-7%03x-%04x-%04x%08x", (guint32) (ms >> 16), (guint) (ms & 0xffff),
                          within & 0xfff, 0x8000 | (r1 & 0x3fff), (r1 >> 16) & 0xffff, r2);
}

void
ld_store_bind_text (sqlite3_stmt *stmt,
                    int           index,
                    const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

char *
ld_store_column_dup (sqlite3_stmt *stmt,
                     int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text ? g_strndup ((const char *) text, sqlite3_column_bytes (stmt, column)) : NULL;
}

void
ld_store_set_error (LdStore     *self,
                    GError     **error,
                    int          rc,
                    const char  *doing)
{
  const char *path = self ? self->path : "?";
  const char *detail = self && self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_DISK_FULL,
                   _("The disk that holds %s is full, so %s failed and nothing was saved. "
                     "Free some space, then try again: what you entered is still there."),
                   path, doing);
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_READ_ONLY,
                   _("%s cannot be written, so %s failed and nothing was saved. "
                     "Ask your administrator for write access to the file and its folder."),
                   path, doing);
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CORRUPT,
                   _("%s is damaged (%s), so %s failed. Restore the latest backup of the store."),
                   path, detail, doing);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_BUSY,
                   _("%s is in use by another program, so %s failed. Try again in a moment."),
                   path, doing);
      break;
    case SQLITE_CONSTRAINT:
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CONSTRAINT,
                   _("%s was refused by the store: %s."), doing, detail);
      break;
    case SQLITE_CANTOPEN:
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CANNOT_OPEN,
                   _("%s cannot be opened (%s). Check that the folder exists and that you may write to it."),
                   path, detail);
      break;
    default:
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_FAILED,
                   _("%s failed in %s: %s."), doing, path, detail);
      break;
    }
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
ld_store_finalize (GObject *object)
{
  LdStore *self = LD_STORE (object);

  g_clear_pointer (&self->statements_by_address, g_hash_table_unref);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db)
    sqlite3_close_v2 (self->db);
  if (self->file_key)
    release_file (self->file_key);
  g_free (self->file_key);
  g_clear_pointer (&self->tx_entities, g_hash_table_unref);
  g_clear_pointer (&self->pending_entries, g_ptr_array_unref);
  g_clear_pointer (&self->shape_ids, g_hash_table_unref);
  g_clear_pointer (&self->audit_key, ld_audit_key_free);
  g_clear_pointer (&self->owner_context, g_main_context_unref);
  g_free (self->store_id);
  g_free (self->tx_id);
  g_free (self->path);
  g_free (self->uri);
  g_rec_mutex_clear (&self->write_lock);

  G_OBJECT_CLASS (ld_store_parent_class)->finalize (object);
}

static void
ld_store_class_init (LdStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_store_finalize;

  /**
   * LdStore::changed:
   * @entity: the kind of record that changed ("broker", "application", ...)
   *
   * Emitted on the thread that opened the store, after a transaction that
   * changed @entity has been committed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ld_store_init (LdStore *self)
{
  g_rec_mutex_init (&self->write_lock);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            finalize_statement);
  self->statements_by_address = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->owner_context = g_main_context_ref_thread_default ();
  self->shape_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* What the file system says about a store path, read before SQLite opens it. */
typedef struct
{
  gboolean exists;
  gboolean empty;
  gboolean file_writable;
  gboolean folder_writable;
  gboolean shared_memory_present;
} StoreFile;

static gboolean
check_sqlite_header (const char  *path,
                     GError     **error)
{
  char header[16] = { 0 };
  FILE *f = g_fopen (path, "rb");
  size_t got;

  if (f == NULL)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CANNOT_OPEN,
                   _("%s cannot be read: %s."), path, g_strerror (errno));
      return FALSE;
    }
  got = fread (header, 1, sizeof header, f);
  fclose (f);
  if (got < sizeof header || memcmp (header, SQLITE_HEADER, sizeof SQLITE_HEADER) != 0)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_A_DATABASE,
                   _("%s is not a Licence Desk store (it is not an SQLite database). "
                     "It was left untouched; check the path given with --store."), path);
      return FALSE;
    }
  return TRUE;
}

/* Looks at the file before SQLite does, so that a wrong file is refused
 * without a single byte of it being changed. */
static gboolean
inspect_store_file (const char  *path,
                    StoreFile   *file,
                    GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  GStatBuf st;
  g_autofree char *key = NULL;

  memset (file, 0, sizeof *file);
  file->folder_writable = g_access (dir, W_OK) == 0;
  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      if (saved == ENOENT && g_file_test (dir, G_FILE_TEST_IS_DIR))
        return TRUE;
      if (saved == ENOENT)
        g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CANNOT_OPEN,
                     _("The folder %s does not exist, so there is no store at %s. "
                       "Check the path given with --store."), dir, path);
      else
        g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CANNOT_OPEN,
                     _("%s cannot be opened: %s."), path, g_strerror (saved));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CANNOT_OPEN,
                   _("%s is not a file. Give the path of a store file with --store."), path);
      return FALSE;
    }
  file->exists = TRUE;
  file->empty = st.st_size == 0;
  file->file_writable = g_access (path, W_OK) == 0;
  file->shared_memory_present = g_file_test (shm, G_FILE_TEST_EXISTS);
  /* A file this process has open as a store is one; reading its header would
   * drop SQLite's locks on it (see open_files). */
  key = file_key_for (&st);
  return file->empty || file_is_open_here (key) || check_sqlite_header (path, error);
}

/* A new store is made only when the caller asked for one, and only where it
 * can be written. */
static gboolean
check_may_create (const char        *path,
                  const StoreFile   *file,
                  LdStoreOpenFlags   flags,
                  GError           **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (!(flags & LD_STORE_OPEN_CREATE) || (flags & LD_STORE_OPEN_READ_ONLY))
    {
      if (file->exists)
        g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_MISSING,
                     _("%s is an empty file, not a store. It was left untouched; check the path, "
                       "or add --create to make a new store in it."), path);
      else
        g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_MISSING,
                     _("There is no store at %s. Check the path, or add --create to make a new store there."),
                     path);
      return FALSE;
    }
  if (!file->folder_writable || (file->exists && !file->file_writable))
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_READ_ONLY,
                   _("The folder %s cannot be written, so no store can be created at %s. "
                     "Ask your administrator for write access, or choose another path with --store."),
                   dir, path);
      return FALSE;
    }
  return TRUE;
}

/* A store that cannot be written is still read, through a connection that
 * never writes. In a folder that cannot be written SQLite cannot make the
 * shared-memory file that WAL readers use, so the file is read as immutable:
 * nobody can be writing it there either. */
static char *
read_only_uri (const char      *path,
               const StoreFile *file)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *uri = g_filename_to_uri (absolute, NULL, NULL);

  if (!file->folder_writable && !file->shared_memory_present)
    return g_strconcat (uri, "?mode=ro&immutable=1", NULL);
  return g_strconcat (uri, "?mode=ro", NULL);
}

/**
 * ld_store_query_int64:
 * @sql: a constant query that yields one integer
 *
 * Runs @sql under the store's lock, inside or outside a transaction.
 */
gboolean
ld_store_query_int64 (LdStore     *self,
                      const char  *sql,
                      gint64      *out_value,
                      GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (LD_IS_STORE (self), FALSE);

  g_rec_mutex_lock (&self->write_lock);
  stmt = ld_store_prepare (self, sql, error);
  rc = stmt ? sqlite3_step (stmt) : SQLITE_ERROR;
  if (rc == SQLITE_ROW)
    *out_value = sqlite3_column_int64 (stmt, 0);
  else if (stmt)
    ld_store_set_error (self, error, rc, _("reading the store"));
  if (stmt)
    sqlite3_reset (stmt);
  g_rec_mutex_unlock (&self->write_lock);
  return rc == SQLITE_ROW;
}

/* Refuses other programs' databases and stores from a newer release before
 * anything is written to them. */
static gboolean
check_store_identity (LdStore     *self,
                      GError     **error)
{
  gint64 app_id, version, n_objects;

  if (!ld_store_query_int64 (self, "PRAGMA application_id", &app_id, error) ||
      !ld_store_query_int64 (self, "PRAGMA user_version", &version, error) ||
      !ld_store_query_int64 (self, "SELECT count(*) FROM sqlite_schema", &n_objects, error))
    return FALSE;

  if ((app_id != 0 && app_id != LD_STORE_APPLICATION_ID) || (app_id == 0 && n_objects > 0))
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_A_STORE,
                   _("%s is an SQLite database of another program, not a Licence Desk store. "
                     "It was left untouched; check the path given with --store."), self->path);
      return FALSE;
    }
  if (version > ld_store_get_supported_version ())
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_TOO_NEW,
                   _("%s was written by a newer release of Licence Desk (store version %d; this release "
                     "reads up to %d). It was left untouched; install the newer release to open it."),
                   self->path, (int) version, ld_store_get_supported_version ());
      return FALSE;
    }
  self->schema_version = (int) version;
  return TRUE;
}

/* A read-only store is read as it is: it cannot be upgraded. */
static gboolean
check_read_only_schema (LdStore     *self,
                        GError     **error)
{
  if (self->schema_version == 0)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_A_STORE,
                   _("%s holds no Licence Desk store yet, and it cannot be written. "
                     "Check the path given with --store."), self->path);
      return FALSE;
    }
  if (self->schema_version < ld_store_get_supported_version ())
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_READ_ONLY,
                   _("%s was written by an earlier release (store version %d; this release needs %d) and "
                     "cannot be written, so it cannot be upgraded. Copy it to a folder you may write to "
                     "and open the copy."),
                   self->path, self->schema_version, ld_store_get_supported_version ());
      return FALSE;
    }
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static char **
list_migrations (void)
{
  char **names;

  register_resources_once ();
  names = g_resources_enumerate_children (MIGRATIONS_PATH, 0, NULL);
  g_assert (names != NULL);
  qsort (names, g_strv_length (names), sizeof (char *), compare_names);
  return names;
}

/**
 * ld_store_get_supported_version:
 *
 * Returns: the schema version this build writes: the number of the last
 *   migration file (src/store/migrations/NNNN-name.sql).
 */
int
ld_store_get_supported_version (void)
{
  g_auto(GStrv) names = list_migrations ();
  guint n = g_strv_length (names);

  return n > 0 ? atoi (names[n - 1]) : 0;
}

/* Runs one migration file inside the upgrade's transaction. */
static gboolean
apply_migration (LdStore     *self,
                 const char  *name,
                 int          version,
                 GError     **error)
{
  g_autofree char *path = g_build_path ("/", MIGRATIONS_PATH, name, NULL);
  g_autoptr(GBytes) sql = g_resources_lookup_data (path, 0, error);
  g_autofree char *text = NULL;
  g_autofree char *set_version = NULL;

  if (sql == NULL)
    return FALSE;
  text = g_strndup (g_bytes_get_data (sql, NULL), g_bytes_get_size (sql));
  /* PRAGMA takes no bound parameters; the version is our own integer. */
  set_version = g_strdup_printf ("PRAGMA user_version = %d", version);
  if (!ld_store_exec (self, text, error) || !ld_store_exec (self, set_version, error))
    {
      g_prefix_error (error, _("Upgrading the store to version %d failed; it was left at version %d. "),
                      version, self->schema_version);
      return FALSE;
    }
  return TRUE;
}

static gboolean
apply_pending_migrations (LdStore     *self,
                          GError     **error)
{
  g_auto(GStrv) names = list_migrations ();
  g_autofree char *set_app_id = g_strdup_printf ("PRAGMA application_id = %d", LD_STORE_APPLICATION_ID);

  for (guint i = 0; names[i]; i++)
    {
      int version = atoi (names[i]);

      if (version > self->schema_version && !apply_migration (self, names[i], version, error))
        return FALSE;
    }
  return ld_store_exec (self, set_app_id, error);
}

/* Every foreign key holds after the upgrade, which ran with them off. */
static gboolean
check_foreign_keys (LdStore     *self,
                    GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (self, "PRAGMA foreign_key_check", error);
  g_autofree char *table = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    table = ld_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_FAILED,
                   _("Upgrading the store failed: a row of table %s refers to a record that does not exist. "
                     "The store was left as it was; restore a backup or report it."), table);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    ld_store_set_error (self, error, rc, _("checking the upgraded store"));
  return rc == SQLITE_DONE;
}

/* Upgrades the store in one transaction. The write lock is taken before the
 * version is read again, so when two processes open a new store at the same
 * moment one migrates it and the other finds it done. Foreign keys are off
 * meanwhile (they can only be switched outside a transaction), so that a
 * migration may copy a table to change its constraints, as SQLite's ALTER
 * TABLE procedure says; they are all checked before the commit. */
static gboolean
migrate (LdStore     *self,
         GError     **error)
{
  gboolean ok;

  if (self->schema_version == ld_store_get_supported_version ())
    return TRUE;
  if (!ld_store_exec (self, "PRAGMA foreign_keys = OFF", error))
    return FALSE;
  if (!ld_store_exec (self, "BEGIN IMMEDIATE", error))
    ok = FALSE;
  else if (!check_store_identity (self, error) ||
           !apply_pending_migrations (self, error) ||
           !check_foreign_keys (self, error) ||
           !ld_store_exec (self, "COMMIT", error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      ok = FALSE;
    }
  else
    {
      self->schema_version = ld_store_get_supported_version ();
      ok = TRUE;
    }
  return ld_store_exec (self, "PRAGMA foreign_keys = ON", ok ? error : NULL) && ok;
}

/* WAL mode is kept in the file, so this writes only to a new store. Leaving
 * the rollback journal needs the file to itself, and SQLite refuses at once,
 * without waiting, while another process holds its lock to create the same
 * store; so it is tried again for as long as the busy timeout would wait. */
static gboolean
use_write_ahead_log (LdStore     *self,
                     GError     **error)
{
  gint64 give_up = g_get_monotonic_time () + 5 * G_TIME_SPAN_SECOND;
  int rc;

  while ((rc = sqlite3_exec (self->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL)) != SQLITE_OK)
    {
      if ((rc & 0xff) != SQLITE_BUSY || g_get_monotonic_time () > give_up)
        {
          ld_store_set_error (self, error, rc, _("opening the store"));
          return FALSE;
        }
      g_usleep (10 * G_TIME_SPAN_MILLISECOND);
    }
  return TRUE;
}

static gboolean
configure_connection (LdStore     *self,
                      GError     **error)
{
  if (self->read_only)
    return ld_store_exec (self, "PRAGMA query_only = ON", error);
  /* Migrations make broker name keys with the name module (0020). */
  _ld_broker_name_register_sql (self->db);
  /* 0038 makes the search bit sets from the full-text indexes. */
  _ld_search_bits_register_sql (self->db);
  return use_write_ahead_log (self, error) &&
         ld_store_exec (self, "PRAGMA synchronous = FULL", error) &&
         ld_store_exec (self, "PRAGMA foreign_keys = ON", error);
}

static gboolean
open_connection (LdStore          *self,
                 const StoreFile  *file,
                 gboolean          create,
                 GError          **error)
{
  int flags = SQLITE_OPEN_FULLMUTEX;
  int rc;

  if (self->read_only)
    {
      self->uri = read_only_uri (self->path, file);
      rc = sqlite3_open_v2 (self->uri, &self->db, flags | SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
    }
  else
    rc = sqlite3_open_v2 (self->path, &self->db, flags | SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0),
                          NULL);
  if (rc != SQLITE_OK)
    {
      ld_store_set_error (self, error, rc, _("opening the store"));
      return FALSE;
    }
  /* Before the first statement: another desk's process may hold the lock
   * while it writes or creates the store, and even reading waits for it. */
  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, 1);
  return TRUE;
}

static gboolean
has_audit_desk (LdStore   *self,
                gboolean  *out_has,
                GError   **error)
{
  gint64 n;

  if (!ld_store_query_int64 (self, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'audit_desk'",
                             &n, error))
    return FALSE;
  *out_has = n > 0;
  return TRUE;
}

static void
write_first_anchor (LdStore *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdAuditAnchor) anchor = NULL;
  g_autofree char *path = ld_audit_anchor_path (self->path);

  g_rec_mutex_lock (&self->write_lock);
  anchor = ld_audit_anchor_of_log (self->db, &error);
  /* A store opened without its upgrade (read-only) has no keyed log yet. */
  if (anchor != NULL && anchor->store_id == NULL)
    ;
  else if (anchor == NULL || !ld_audit_anchor_write (path, anchor, &error))
    g_warning ("The audit anchor %s could not be written: %s", path, error->message);
  g_rec_mutex_unlock (&self->write_lock);
}

/**
 * ld_store_open_full:
 * @path: the store file
 * @flags: %LD_STORE_OPEN_CREATE to make a new store when @path is missing or
 *   an empty file; %LD_STORE_OPEN_READ_ONLY to never write to it
 *
 * Opens a desk's store, upgrading its schema when it can be written. Without
 * %LD_STORE_OPEN_CREATE a missing path or an empty file is an error naming it,
 * and nothing is created. A store whose file or folder cannot be written is
 * opened read-only (see ld_store_is_read_only()) for reading and verifying.
 * A file that is not a store and a store from a newer release are refused
 * with an error that names the file, and are not changed.
 *
 * Returns: (transfer full) (nullable): the store
 */
LdStore *
ld_store_open_full (const char        *path,
                    LdStoreOpenFlags   flags,
                    GError           **error)
{
  g_autoptr(LdStore) self = NULL;
  StoreFile file;
  gboolean create;
  gboolean had_audit_desk = FALSE;

  g_return_val_if_fail (path != NULL, NULL);

  if (!inspect_store_file (path, &file, error))
    return NULL;
  create = !file.exists || file.empty;
  if (create && !check_may_create (path, &file, flags, error))
    return NULL;

  self = g_object_new (LD_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->read_only = !create && ((flags & LD_STORE_OPEN_READ_ONLY) || !file.file_writable || !file.folder_writable);
  if (!open_connection (self, &file, create, error))
    return NULL;
  hold_store_file (self);
  if (!check_store_identity (self, error) ||
      (self->read_only && !check_read_only_schema (self, error)) ||
      !configure_connection (self, error))
    return NULL;
  if (self->read_only)
    return g_steal_pointer (&self);
  if (!has_audit_desk (self, &had_audit_desk, error) ||
      !migrate (self, error))
    return NULL;

  /* The first anchor is written when the keyed log begins (a new store or the
   * upgrade); later ones after each commit. Opening never writes a missing
   * anchor again, or removing it would hide a truncated log. */
  if (!had_audit_desk)
    write_first_anchor (self);

  return g_steal_pointer (&self);
}

/**
 * ld_store_open:
 * @path: the store file; created when missing
 *
 * ld_store_open_full() with %LD_STORE_OPEN_CREATE, for in-process callers
 * that make their own stores (tests, benchmarks). The application and
 * licence-desk-admin call ld_store_open_full() and create only when asked.
 *
 * Returns: (transfer full) (nullable): the store
 */
LdStore *
ld_store_open (const char  *path,
               GError     **error)
{
  return ld_store_open_full (path, LD_STORE_OPEN_CREATE, error);
}

/**
 * ld_store_is_read_only:
 *
 * Returns: %TRUE when the store was opened for reading only, because it was
 *   asked for or because its file or folder cannot be written
 */
gboolean
ld_store_is_read_only (LdStore *self)
{
  g_return_val_if_fail (LD_IS_STORE (self), TRUE);

  return self->read_only;
}

/**
 * ld_store_default_path:
 *
 * Returns: (transfer full): where a desk keeps its store when none is named:
 *   licence-desk/store.sqlite in the user's data folder.
 */
char *
ld_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "licence-desk", "store.sqlite", NULL);
}

const char *
ld_store_get_path (LdStore *self)
{
  g_return_val_if_fail (LD_IS_STORE (self), NULL);

  return self->path;
}

int
ld_store_get_schema_version (LdStore *self)
{
  g_return_val_if_fail (LD_IS_STORE (self), 0);

  return self->schema_version;
}

/**
 * ld_store_open_reader:
 *
 * Opens a separate read-only connection for a worker thread. In WAL mode it
 * reads a consistent snapshot while the desk keeps writing.
 *
 * Returns: (transfer full) (nullable): a connection to close with sqlite3_close_v2()
 */
sqlite3 *
ld_store_open_reader (LdStore  *self,
                      GError  **error)
{
  sqlite3 *db = NULL;
  int rc;

  g_return_val_if_fail (LD_IS_STORE (self), NULL);

  rc = sqlite3_open_v2 (self->uri ? self->uri : self->path, &db,
                        SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, NULL);
  if (rc == SQLITE_OK)
    sqlite3_busy_timeout (db, 5000);
  if (rc != SQLITE_OK)
    {
      ld_store_set_error (self, error, rc, _("opening the store for reading"));
      sqlite3_close_v2 (db);
      return NULL;
    }
  sqlite3_exec (db, "PRAGMA query_only = ON", NULL, NULL, NULL);
  /* 8 MiB of pages rather than SQLite's 2: on a register of a million
   * records a list's exact count reads more than 2 MiB of the search index
   * (a search of a prefix shared by 22 tokens reads 2.6), which pushed the
   * rows of the page just shown out of the cache, to be read from the file
   * again for the next page; the newest records, which every search's first
   * page shows, stay cached too. */
  sqlite3_exec (db, "PRAGMA cache_size = -8192", NULL, NULL, NULL);
  return db;
}

gboolean
ld_store_exec (LdStore     *self,
               const char  *sql,
               GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      ld_store_set_error (self, error, rc, _("writing to the store"));
      return FALSE;
    }
  return TRUE;
}

/**
 * ld_store_prepare:
 * @sql: a constant SQL text with ? parameters
 *
 * Returns a cached statement, reset and with its bindings cleared. It belongs to
 * the store: use it only while inside a transaction begun with ld_store_begin(),
 * and never finalize it.
 *
 * Returns: (transfer none) (nullable): the statement
 */
/* Texts made at run time leave their addresses behind: the map is emptied
 * now and then rather than growing for ever. */
#define MAX_STATEMENT_ADDRESSES 4096

static void
remember_address (LdStore      *self,
                  const char   *sql,
                  sqlite3_stmt *stmt)
{
  if (g_hash_table_size (self->statements_by_address) >= MAX_STATEMENT_ADDRESSES)
    g_hash_table_remove_all (self->statements_by_address);
  g_hash_table_insert (self->statements_by_address, (gpointer) sql, stmt);
}

static sqlite3_stmt *
lookup_statement_by_text (LdStore    *self,
                          const char *sql)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    remember_address (self, sql, stmt);
  return stmt;
}

sqlite3_stmt *
ld_store_prepare (LdStore     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (LD_IS_STORE (self), NULL);

  g_rec_mutex_lock (&self->write_lock);
  stmt = g_hash_table_lookup (self->statements_by_address, sql);
  /* A text made at run time may sit where another one was. */
  if (stmt != NULL && strcmp (sqlite3_sql (stmt), sql) != 0)
    stmt = NULL;
  if (stmt == NULL)
    stmt = lookup_statement_by_text (self, sql);
  if (stmt == NULL)
    {
      rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
      if (rc != SQLITE_OK)
        {
          ld_store_set_error (self, error, rc, _("preparing a query"));
          g_rec_mutex_unlock (&self->write_lock);
          return NULL;
        }
      g_hash_table_insert (self->statements, g_strdup (sql), stmt);
      remember_address (self, sql, stmt);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  g_rec_mutex_unlock (&self->write_lock);
  return stmt;
}

gboolean
ld_store_step_done (LdStore       *self,
                    sqlite3_stmt  *stmt,
                    GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ld_store_set_error (self, error, rc, _("saving"));
      return FALSE;
    }
  return TRUE;
}

/**
 * ld_store_read_rows:
 * @stmt: a prepared and bound statement
 * @row: called with @stmt on each row it returns
 * @doing: what is being read, for the error (“reading a licence's history”)
 *
 * Steps @stmt to its end, handing each row to @row, and resets it: the loop
 * every reader of a list of rows would otherwise write again.
 *
 * Returns: %FALSE with @error set when the rows could not all be read
 */
gboolean
ld_store_read_rows (LdStore        *self,
                    sqlite3_stmt   *stmt,
                    LdStoreRowFunc  row,
                    gpointer        user_data,
                    const char     *doing,
                    GError        **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    row (stmt, user_data);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ld_store_set_error (self, error, rc, doing);
      return FALSE;
    }
  return TRUE;
}

gint64
ld_store_last_insert_rowid (LdStore *self)
{
  return sqlite3_last_insert_rowid (self->db);
}

/**
 * ld_store_set_max_pages:
 *
 * Caps the file's size in pages. Tests use it to make SQLite report a full disk
 * through its ordinary code path.
 */
void
ld_store_set_max_pages (LdStore *self,
                        gint64   max_pages)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, max_pages);

  sqlite3_exec (self->db, sql, NULL, NULL, NULL);
}

/**
 * ld_store_begin:
 *
 * Starts a write transaction and holds the store's write lock until
 * ld_store_commit() or ld_store_rollback(). Every change and its audit and
 * outbox rows are written inside one such transaction.
 */
static gboolean
begin_transaction (LdStore     *self,
                   const char  *sql,
                   GError     **error)
{
  g_return_val_if_fail (LD_IS_STORE (self), FALSE);

  g_rec_mutex_lock (&self->write_lock);
  if (self->tx_id != NULL)
    {
      /* A nested begin on the same thread is a programming error. */
      g_rec_mutex_unlock (&self->write_lock);
      g_critical ("ld_store_begin() called inside a transaction");
      g_set_error_literal (error, LD_STORE_ERROR, LD_STORE_ERROR_FAILED, "nested transaction");
      return FALSE;
    }
  if (!ld_store_exec (self, sql, error))
    {
      g_rec_mutex_unlock (&self->write_lock);
      return FALSE;
    }
  self->tx_id = g_uuid_string_random ();
  self->tx_entities = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pending_entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_audit_entry_free);
  return TRUE;
}

gboolean
ld_store_begin (LdStore  *self,
                GError  **error)
{
  g_return_val_if_fail (LD_IS_STORE (self), FALSE);

  if (self->read_only)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_READ_ONLY,
                   _("%s is open read-only, so nothing can be changed in it. Ask your administrator for "
                     "write access to the file and its folder, or work on a writable copy."), self->path);
      return FALSE;
    }
  return begin_transaction (self, "BEGIN IMMEDIATE", error);
}

/**
 * ld_store_begin_read:
 *
 * Like ld_store_begin() for a transaction that only reads: it does not take
 * SQLite's write lock, so it does not wait for other desks' processes. End it
 * with ld_store_rollback().
 */
gboolean
ld_store_begin_read (LdStore  *self,
                     GError  **error)
{
  return begin_transaction (self, "BEGIN", error);
}

gboolean
ld_store_in_transaction (LdStore *self)
{
  return self->tx_id != NULL;
}

static gboolean
emit_changed_cb (gpointer data)
{
  ChangedEmission *emission = data;

  g_signal_emit (emission->store, signals[CHANGED], 0, emission->entity);
  g_object_unref (emission->store);
  g_free (emission->entity);
  g_free (emission);
  return G_SOURCE_REMOVE;
}

static void
end_transaction (LdStore *self)
{
  self->from_server = FALSE;
  g_clear_pointer (&self->deferred_index, g_ptr_array_unref);
  g_clear_pointer (&self->tx_id, g_free);
  g_clear_pointer (&self->tx_entities, g_hash_table_unref);
  g_clear_pointer (&self->pending_entries, g_ptr_array_unref);
  g_rec_mutex_unlock (&self->write_lock);
}

static gboolean
read_chain_head (LdStore  *self,
                 gint64   *out_seq,
                 char    **out_hash,
                 GError  **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (self, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_seq = sqlite3_column_int64 (stmt, 0);
      *out_hash = ld_store_column_dup (stmt, 1);
    }
  else if (rc == SQLITE_DONE)
    {
      *out_seq = 0;
      *out_hash = g_strdup (LD_AUDIT_GENESIS_HASH);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      ld_store_set_error (self, error, rc, _("reading the audit log"));
      return FALSE;
    }
  return TRUE;
}

static const char *
get_store_id (LdStore  *self,
              GError  **error)
{
  sqlite3_stmt *stmt;

  if (self->store_id != NULL)
    return self->store_id;
  stmt = ld_store_prepare (self, "SELECT store_id FROM audit_desk LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    self->store_id = ld_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (self->store_id == NULL)
    g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CORRUPT,
                 _("%s has lost its identity (the audit_desk table is empty). Restore the latest backup."),
                 self->path);
  return self->store_id;
}

/* The desk's key, from the keyring, made on the first write. Without a
 * keyring the desk goes on writing: its entries are then marked as written
 * without a key, and audit verify says so. */
static const LdAuditKey *
get_audit_key (LdStore    *self,
               const char *store_id,
               gint64      first_seq)
{
  g_autoptr(GError) error = NULL;

  if (self->audit_key != NULL || g_get_monotonic_time () < self->key_retry_at)
    return self->audit_key;
  self->audit_key = ld_audit_key_find_for_store (store_id, &error);
  if (self->audit_key == NULL && error == NULL)
    self->audit_key = ld_audit_key_create (store_id, self->path, first_seq, &error);
  if (self->audit_key == NULL)
    {
      g_debug ("No audit key for %s, entries are written unauthenticated: %s", self->path,
               error ? error->message : "?");
      self->key_retry_at = g_get_monotonic_time () + KEY_RETRY_INTERVAL;
    }
  return self->audit_key;
}

static gboolean
lookup_shape_id (LdStore     *self,
                 const char  *shape,
                 gint64      *out_id,
                 GError     **error)
{
  gpointer cached;
  sqlite3_stmt *stmt;
  int rc;

  if (g_hash_table_lookup_extended (self->shape_ids, shape, NULL, &cached))
    {
      *out_id = GPOINTER_TO_SIZE (cached);
      return TRUE;
    }
  stmt = ld_store_prepare (self, "INSERT OR IGNORE INTO audit_row_shape (shape) VALUES (?)", error);
  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, shape);
  if (!ld_store_step_done (self, stmt, error) ||
      !(stmt = ld_store_prepare (self, "SELECT id FROM audit_row_shape WHERE shape = ?", error)))
    return FALSE;
  ld_store_bind_text (stmt, 1, shape);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      ld_store_set_error (self, error, rc, _("recording a row shape"));
      return FALSE;
    }
  g_hash_table_insert (self->shape_ids, g_strdup (shape), GSIZE_TO_POINTER (*out_id));
  return TRUE;
}

/* What a row digest of one table covers: the columns of its row and of its
 * child tables, and the shapes (with the children, and without them for a
 * record that has no row). The same for every entry a commit writes, as the
 * schema cannot change while it writes them: worked out once per table per
 * commit. */
typedef struct
{
  int    *columns;          /* of the table's row */
  guint   n_columns;
  int    *child_columns;    /* how many columns each child table has */
  char   *row_shape;        /* the table and its columns */
  char   *shape;            /* and its child tables' */
  gint64  row_shape_id;     /* 0 until looked up */
  gint64  shape_id;
} CapturePlan;

static void
capture_plan_free (CapturePlan *plan)
{
  g_free (plan->columns);
  g_free (plan->child_columns);
  g_free (plan->row_shape);
  g_free (plan->shape);
  g_free (plan);
}

static CapturePlan *
capture_plan_new (LdStore             *self,
                  const LdAuditTable  *table,
                  GError             **error)
{
  g_autoptr(GString) shape = NULL;
  sqlite3_stmt *stmt = ld_store_prepare (self, table->select_one, error);
  CapturePlan *plan;
  guint n_children = 0;

  if (stmt == NULL)
    return NULL;
  plan = g_new0 (CapturePlan, 1);
  plan->columns = ld_audit_rows_covered (table, stmt, &plan->n_columns);
  plan->row_shape = ld_audit_rows_shape (table->entity, stmt, plan->columns, plan->n_columns);
  shape = g_string_new (plan->row_shape);
  for (const LdAuditChild *child = table->children; child && child->table; child++)
    n_children++;
  plan->child_columns = g_new0 (int, MAX (n_children, 1));
  for (guint c = 0; c < n_children; c++)
    {
      const LdAuditChild *child = &table->children[c];

      stmt = ld_store_prepare (self, child->select, error);
      if (stmt == NULL)
        {
          capture_plan_free (plan);
          return NULL;
        }
      plan->child_columns[c] = sqlite3_column_count (stmt);
      g_string_append_printf (shape, "\n@%s", child->table);
      for (int i = 0; i < plan->child_columns[c]; i++)
        g_string_append_printf (shape, "\n%s", sqlite3_column_name (stmt, i));
    }
  plan->shape = g_string_free (g_steal_pointer (&shape), FALSE);
  return plan;
}

/* Adds a record's child rows (a case's parties, a broker's events) to its
 * digest, every column of each. */
static gboolean
capture_children (LdStore             *self,
                  const LdAuditTable  *table,
                  const CapturePlan   *plan,
                  const char          *record_id,
                  GChecksum           *checksum,
                  GError             **error)
{
  guint c = 0;

  for (const LdAuditChild *child = table->children; child && child->table; child++, c++)
    {
      sqlite3_stmt *stmt = ld_store_prepare (self, child->select, error);
      int n = plan->child_columns[c];
      g_autofree int *columns = NULL;
      int rc;

      if (stmt == NULL)
        return FALSE;
      columns = g_new (int, MAX (n, 1));
      for (int i = 0; i < n; i++)
        columns[i] = i;
      ld_audit_rows_feed_marker (checksum, child->table);
      sqlite3_bind_text (stmt, 1, record_id, -1, SQLITE_TRANSIENT);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          ld_audit_rows_feed_marker (checksum, "row");
          ld_audit_rows_feed_row (checksum, stmt, columns, n);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          ld_store_set_error (self, error, rc, _("reading a changed record for the audit log"));
          return FALSE;
        }
    }
  return TRUE;
}

/* Reads the changed record back as the transaction leaves it: its shape
 * (tables and columns) and the digest of all its values, its child rows
 * included; no digest, and the row's shape alone, when it has no row.
 * @plans: this commit's plans by table, added to as needed. */
static gboolean
capture_row (LdStore       *self,
             GHashTable    *plans,
             LdAuditEntry  *entry,
             gint64        *out_shape_id,
             GError       **error)
{
  const char *record_id = ld_audit_entry_get (entry, LD_AUDIT_FIELD_RECORD_ID);
  const LdAuditTable *table = ld_audit_rows_lookup (ld_audit_entry_get (entry, LD_AUDIT_FIELD_ENTITY));
  g_autoptr(GChecksum) checksum = ld_audit_rows_checksum_new ();
  CapturePlan *plan;
  sqlite3_stmt *stmt;
  gint64 *shape_id;
  const char *shape;
  int rc;

  *out_shape_id = 0;
  if (table == NULL)
    return TRUE;
  plan = g_hash_table_lookup (plans, table);
  if (plan == NULL)
    {
      plan = capture_plan_new (self, table, error);
      if (plan == NULL)
        return FALSE;
      g_hash_table_insert (plans, (gpointer) table, plan);
    }
  stmt = ld_store_prepare (self, table->select_one, error);
  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, record_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    ld_audit_rows_feed_row (checksum, stmt, plan->columns, plan->n_columns);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      ld_store_set_error (self, error, rc, _("reading a changed record for the audit log"));
      return FALSE;
    }
  if (rc == SQLITE_ROW && !capture_children (self, table, plan, record_id, checksum, error))
    return FALSE;
  if (rc == SQLITE_ROW)
    ld_audit_entry_take (entry, LD_AUDIT_FIELD_ROW_DIGEST, g_strdup (g_checksum_get_string (checksum)));
  shape = rc == SQLITE_ROW ? plan->shape : plan->row_shape;
  shape_id = rc == SQLITE_ROW ? &plan->shape_id : &plan->row_shape_id;
  ld_audit_entry_set (entry, LD_AUDIT_FIELD_ROW_SHAPE, shape, -1);
  if (*shape_id == 0 && !lookup_shape_id (self, shape, shape_id, error))
    return FALSE;
  *out_shape_id = *shape_id;
  return TRUE;
}

static void
bind_value (sqlite3_stmt       *stmt,
            int                 index,
            const LdAuditEntry *entry,
            LdAuditField        field)
{
  const LdAuditValue *value = &entry->field[field];

  /* The explicit length keeps every byte: nothing can hide behind a NUL. */
  if (value->data == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, value->data, value->len, SQLITE_TRANSIENT);
}

static gboolean
insert_audit_entry (LdStore             *self,
                    const LdAuditEntry  *entry,
                    gint64               shape_id,
                    GError             **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (self,
    "INSERT INTO audit_log (seq, entry_id, at, actor_id, actor_login, role, action, entity,"
    " record_id, before_json, after_json, prev_hash, key_id, row_shape, row_digest, hash, mac, format)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", error);
  static const LdAuditField text_fields[] = {
    LD_AUDIT_FIELD_ENTRY_ID, LD_AUDIT_FIELD_AT, LD_AUDIT_FIELD_ACTOR_ID, LD_AUDIT_FIELD_ACTOR_LOGIN,
    LD_AUDIT_FIELD_ROLE, LD_AUDIT_FIELD_ACTION, LD_AUDIT_FIELD_ENTITY, LD_AUDIT_FIELD_RECORD_ID,
    LD_AUDIT_FIELD_BEFORE_JSON, LD_AUDIT_FIELD_AFTER_JSON, LD_AUDIT_FIELD_PREV_HASH, LD_AUDIT_FIELD_KEY_ID,
  };

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry->seq);
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    bind_value (stmt, 2 + i, entry, text_fields[i]);
  if (shape_id > 0)
    sqlite3_bind_int64 (stmt, 14, shape_id);
  bind_value (stmt, 15, entry, LD_AUDIT_FIELD_ROW_DIGEST);
  ld_store_bind_text (stmt, 16, entry->hash);
  ld_store_bind_text (stmt, 17, entry->mac);
  sqlite3_bind_int (stmt, 18, entry->format);
  return ld_store_step_done (self, stmt, error);
}

/* Chains, digests, authenticates and writes the transaction's entries.
 * @out_head_hash is the last entry's hash, for the anchor. */
static gboolean
write_pending_entries (LdStore  *self,
                       gint64   *out_head_seq,
                       char    **out_head_hash,
                       GError  **error)
{
  g_autofree char *head_hash = NULL;
  g_autoptr(GHashTable) plans = NULL;
  const LdAuditKey *key;
  const char *store_id;
  gint64 head_seq;

  if (!read_chain_head (self, &head_seq, &head_hash, error) ||
      !(store_id = get_store_id (self, error)))
    return FALSE;
  key = self->chained_only ? NULL : get_audit_key (self, store_id, head_seq + 1);
  plans = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) capture_plan_free);
  for (guint i = 0; i < self->pending_entries->len; i++)
    {
      LdAuditEntry *entry = g_ptr_array_index (self->pending_entries, i);
      gint64 shape_id = 0;

      entry->seq = ++head_seq;
      ld_audit_entry_take (entry, LD_AUDIT_FIELD_PREV_HASH, g_steal_pointer (&head_hash));
      ld_audit_entry_set (entry, LD_AUDIT_FIELD_KEY_ID, key ? key->key_id : NULL, -1);
      if (self->chained_only)
        entry->format = LD_AUDIT_FORMAT_CHAINED;
      else if (!capture_row (self, plans, entry, &shape_id, error))
        return FALSE;
      entry->hash = ld_audit_entry_compute_hash (entry);
      entry->mac = key ? ld_audit_entry_compute_mac (entry, key->bytes, sizeof key->bytes) : NULL;
      if (!insert_audit_entry (self, entry, shape_id, error))
        return FALSE;
      head_hash = g_strdup (entry->hash);
    }
  *out_head_seq = head_seq;
  *out_head_hash = g_steal_pointer (&head_hash);
  return TRUE;
}

/* Moves the anchor beside the store to the new head, unless the anchor there
 * disagrees with this log: then it is evidence (of a truncated or rewritten
 * log) and is kept for audit verify to report. One that is ahead was written
 * by another process that committed after us, and stays. */
static void
update_anchor (LdStore    *self,
               gint64      head_seq,
               const char *head_hash)
{
  g_autofree char *path = ld_audit_anchor_path (self->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdAuditAnchor) old = ld_audit_anchor_read (path, &error);
  LdAuditAnchor anchor = { self->store_id, head_seq, (char *) head_hash };

  if (old != NULL)
    {
      g_autofree char *hash_there = NULL;

      if (old->count >= head_seq)
        return;
      hash_there = ld_audit_anchor_hash_at (self->db, old->count);
      if (g_strcmp0 (old->store_id, self->store_id) != 0 || !ld_audit_anchor_matches (old, hash_there))
        {
          g_warning (_("The audit anchor %s disagrees with the audit log of %s; it was kept for "
                       "“licence-desk-admin audit verify” to report."), path, self->path);
          return;
        }
    }
  else if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_warning ("%s", error->message);
      return;
    }
  g_clear_error (&error);
  if (!ld_audit_anchor_write (path, &anchor, &error))
    g_warning ("The audit anchor %s could not be written: %s", path, error->message);
}

gboolean
ld_store_commit (LdStore  *self,
                 GError  **error)
{
  g_autoptr(GHashTable) entities = NULL;
  g_autofree char *head_hash = NULL;
  gint64 head_seq = 0;
  gboolean wrote_entries;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (LD_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->tx_id != NULL, FALSE);

  wrote_entries = self->pending_entries->len > 0;
  if ((wrote_entries && !write_pending_entries (self, &head_seq, &head_hash, error)) ||
      !ld_store_exec (self, "COMMIT", error))
    {
      ld_store_rollback (self);
      return FALSE;
    }
  if (wrote_entries && !self->chained_only)
    update_anchor (self, head_seq, head_hash);
  entities = g_steal_pointer (&self->tx_entities);
  end_transaction (self);

  g_hash_table_iter_init (&iter, entities);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      ChangedEmission *emission = g_new0 (ChangedEmission, 1);

      emission->store = g_object_ref (self);
      emission->entity = g_strdup (key);
      g_main_context_invoke (self->owner_context, emit_changed_cb, emission);
    }
  return TRUE;
}

void
ld_store_rollback (LdStore *self)
{
  g_return_if_fail (LD_IS_STORE (self));

  if (self->tx_id == NULL)
    return;
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  /* Shapes first recorded in this transaction are gone with it. */
  g_hash_table_remove_all (self->shape_ids);
  end_transaction (self);
}

static gboolean
insert_outbox_row (LdStore     *self,
                   const char  *entity,
                   const char  *record_id,
                   const char  *action,
                   gint64       base_version,
                   const char  *base_payload,
                   const char  *payload,
                   const char  *at,
                   GError     **error)
{
  g_autofree char *mutation_id = ld_store_new_ordered_id ();
  sqlite3_stmt *stmt = ld_store_prepare (self,
    "INSERT INTO outbox (mutation_id, tx_id, entity, record_id, action, base_version, payload, created_at,"
    " base_payload) VALUES (?,?,?,?,?,?,?,?,?)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, mutation_id);
  ld_store_bind_text (stmt, 2, self->tx_id);
  ld_store_bind_text (stmt, 3, entity);
  ld_store_bind_text (stmt, 4, record_id);
  ld_store_bind_text (stmt, 5, action);
  sqlite3_bind_int64 (stmt, 6, base_version);
  ld_store_bind_text (stmt, 7, payload);
  ld_store_bind_text (stmt, 8, at);
  ld_store_bind_text (stmt, 9, base_payload);
  return ld_store_step_done (self, stmt, error);
}

/**
 * ld_store_record_change:
 * @action: what was done ("create", "update", "void", "submit", ...)
 * @entity: the kind of record; for an audited table (ld-audit-rows.c) its name
 * @base_version: the record's row_version before the change (0 for a new record)
 * @before_json: (nullable): the record before, as JSON
 * @after_json: (nullable): the record after, as JSON
 *
 * Adds the audit entry and the outbox row that the central-database sync will
 * push. Call it inside the transaction that made the change, so they are saved
 * together or not at all. The entry is chained, given the digest of the
 * record's row and authenticated with the desk's key when the transaction
 * commits, so it records the row as the transaction leaves it.
 */
gboolean
ld_store_record_change (LdStore        *self,
                        const LdActor  *actor,
                        const char     *action,
                        const char     *entity,
                        const char     *record_id,
                        gint64          base_version,
                        const char     *before_json,
                        const char     *after_json,
                        GError        **error)
{
  g_autoptr(LdAuditEntry) entry = ld_audit_entry_new (LD_AUDIT_FORMAT_KEYED);
  g_autofree char *at = ld_store_now_utc ();

  g_return_val_if_fail (LD_IS_STORE (self), FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);
  g_return_val_if_fail (self->tx_id != NULL, FALSE);

  ld_audit_entry_take (entry, LD_AUDIT_FIELD_ENTRY_ID, g_uuid_string_random ());
  ld_audit_entry_set (entry, LD_AUDIT_FIELD_AT, at, -1);
  ld_audit_entry_set (entry, LD_AUDIT_FIELD_ACTOR_ID, actor->user_id, -1);
  ld_audit_entry_set (entry, LD_AUDIT_FIELD_ACTOR_LOGIN, actor->login, -1);
  ld_audit_entry_set (entry, LD_AUDIT_FIELD_ROLE, ld_role_to_string (actor->role), -1);
  ld_audit_entry_set (entry, LD_AUDIT_FIELD_ACTION, action, -1);
  ld_audit_entry_set (entry, LD_AUDIT_FIELD_ENTITY, entity, -1);
  ld_audit_entry_set (entry, LD_AUDIT_FIELD_RECORD_ID, record_id, -1);
  ld_audit_entry_set (entry, LD_AUDIT_FIELD_BEFORE_JSON, before_json, -1);
  ld_audit_entry_set (entry, LD_AUDIT_FIELD_AFTER_JSON, after_json, -1);

  /* A change the server sent is already the system of record's: sending it
   * back would echo it between desks for ever. */
  if (!self->from_server &&
      !insert_outbox_row (self, entity, record_id, action, base_version, before_json, after_json, at, error))
    return FALSE;
  g_ptr_array_add (self->pending_entries, g_steal_pointer (&entry));
  g_hash_table_add (self->tx_entities, g_strdup (entity));
  return TRUE;
}

/**
 * ld_store_carry_record:
 * @action: what was done to it ("shipment-record", "screening-run", …)
 * @entity: the kind of record the server keeps it as
 * @before_json: (nullable): the record before, as JSON (%NULL for a new one)
 * @after_json: the record after, as JSON
 *
 * Inside a transaction whose audited change (ld_store_record_change(), on
 * the record that owns this one) covers it: queues a record the change made
 * or changed for the central database, so that other desks hold it too (a
 * shipment under a licence, a screening run of a case, a verdict on a hit).
 * It gets no audit entry of its own; changes the server sent get no outbox
 * row, as there.
 */
gboolean
ld_store_carry_record (LdStore     *self,
                       const char  *action,
                       const char  *entity,
                       const char  *record_id,
                       const char  *before_json,
                       const char  *after_json,
                       GError     **error)
{
  g_autofree char *at = ld_store_now_utc ();

  g_return_val_if_fail (LD_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->tx_id != NULL, FALSE);

  if (self->from_server)
    return TRUE;
  return insert_outbox_row (self, entity, record_id, action, 0, before_json, after_json, at, error);
}

/**
 * ld_store_get_store_id:
 *
 * Returns: (transfer full) (nullable): the store's identity, by which the
 *   keyring finds the desk's audit key
 */
char *
ld_store_get_store_id (LdStore  *self,
                       GError  **error)
{
  char *id;

  g_return_val_if_fail (LD_IS_STORE (self), NULL);

  g_rec_mutex_lock (&self->write_lock);
  id = g_strdup (get_store_id (self, error));
  g_rec_mutex_unlock (&self->write_lock);
  return id;
}

/**
 * ld_store_mark_changed:
 *
 * Inside a transaction: the lists showing @entity are told it changed when
 * the transaction commits, as after ld_store_record_change(), for changes
 * that are not a record's own (e.g. the server's answer that marks a record
 * in conflict).
 */
void
ld_store_mark_changed (LdStore    *self,
                       const char *entity)
{
  g_return_if_fail (LD_IS_STORE (self));
  g_return_if_fail (self->tx_id != NULL);

  g_hash_table_add (self->tx_entities, g_strdup (entity));
}

/**
 * ld_store_set_from_server:
 * @from_server: %TRUE while recording changes the central database sent
 *
 * Inside a transaction: the changes ld_store_record_change() records until
 * this is set back to %FALSE (or the transaction ends) came from the central
 * database. They are audited like any other, but get no outbox row.
 */
void
ld_store_set_from_server (LdStore  *self,
                          gboolean  from_server)
{
  g_return_if_fail (LD_IS_STORE (self));
  g_return_if_fail (self->tx_id != NULL);

  self->from_server = from_server;
}

guint
_ld_store_pending_entries_mark (LdStore *self)
{
  g_return_val_if_fail (LD_IS_STORE (self), 0);
  g_return_val_if_fail (self->tx_id != NULL, 0);

  return self->pending_entries->len;
}

void
_ld_store_pending_entries_truncate (LdStore *self,
                                    guint    mark)
{
  g_return_if_fail (LD_IS_STORE (self));
  g_return_if_fail (self->tx_id != NULL);

  if (mark < self->pending_entries->len)
    g_ptr_array_set_size (self->pending_entries, mark);
}

void
_ld_store_set_chained_only_audit (LdStore  *self,
                                  gboolean  chained_only)
{
  g_return_if_fail (LD_IS_STORE (self));

  self->chained_only = chained_only;
}

static void
bind_texts (sqlite3_stmt *stmt,
            const char   *a,
            const char   *b,
            const char   *c)
{
  if (a)
    ld_store_bind_text (stmt, 1, a);
  if (b)
    ld_store_bind_text (stmt, 2, b);
  if (c)
    ld_store_bind_text (stmt, 3, c);
}

/**
 * _ld_store_query_text:
 * @out: (out): the first column of the first row; %NULL when there is no row
 *   or the value is NULL
 *
 * Runs a query of one value inside the caller's transaction.
 */
gboolean
_ld_store_query_text (LdStore     *self,
                      const char  *sql,
                      const char  *a,
                      const char  *b,
                      const char  *c,
                      char       **out,
                      GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (self, sql, error);
  int rc;

  *out = NULL;
  if (stmt == NULL)
    return FALSE;
  bind_texts (stmt, a, b, c);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = ld_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      ld_store_set_error (self, error, rc, _("reading the store"));
      return FALSE;
    }
  return TRUE;
}

/**
 * _ld_store_exec_text:
 *
 * Runs one statement that returns no row inside the caller's transaction.
 */
gboolean
_ld_store_exec_text (LdStore     *self,
                     const char  *sql,
                     const char  *a,
                     const char  *b,
                     GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  bind_texts (stmt, a, b, NULL);
  return ld_store_step_done (self, stmt, error);
}

void
_ld_store_set_deferred_index (LdStore   *self,
                              GPtrArray *queue)
{
  g_return_if_fail (LD_IS_STORE (self));
  g_return_if_fail (queue == NULL || self->tx_id != NULL);

  g_clear_pointer (&self->deferred_index, g_ptr_array_unref);
  self->deferred_index = queue;
}

GPtrArray *
_ld_store_get_deferred_index (LdStore *self)
{
  g_return_val_if_fail (LD_IS_STORE (self), NULL);

  return self->deferred_index;
}
