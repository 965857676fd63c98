/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-store"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ld-audit-chain.h"
#include "ld-store.h"
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
  int           schema_version;
  gboolean      read_only;
};

G_DEFINE_FINAL_TYPE (LdStore, ld_store, G_TYPE_OBJECT)
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

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db)
    sqlite3_close_v2 (self->db);
  g_clear_pointer (&self->tx_entities, g_hash_table_unref);
  g_clear_pointer (&self->owner_context, g_main_context_unref);
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
  self->owner_context = g_main_context_ref_thread_default ();
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
  return file->empty || check_sqlite_header (path, error);
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

/* Upgrades the store in one transaction. The write lock is taken before the
 * version is read again, so when two processes open a new store at the same
 * moment one migrates it and the other finds it done. */
static gboolean
migrate (LdStore     *self,
         GError     **error)
{
  if (self->schema_version == ld_store_get_supported_version ())
    return TRUE;
  if (!ld_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!check_store_identity (self, error) ||
      !apply_pending_migrations (self, error) ||
      !ld_store_exec (self, "COMMIT", error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  self->schema_version = ld_store_get_supported_version ();
  return TRUE;
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

  g_return_val_if_fail (path != NULL, NULL);

  if (!inspect_store_file (path, &file, error))
    return NULL;
  create = !file.exists || file.empty;
  if (create && !check_may_create (path, &file, flags, error))
    return NULL;

  self = g_object_new (LD_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->read_only = !create && ((flags & LD_STORE_OPEN_READ_ONLY) || !file.file_writable || !file.folder_writable);
  if (!open_connection (self, &file, create, error) ||
      !check_store_identity (self, error) ||
      (self->read_only && !check_read_only_schema (self, error)) ||
      !configure_connection (self, error) ||
      (!self->read_only && !migrate (self, error)))
    return NULL;

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
sqlite3_stmt *
ld_store_prepare (LdStore     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (LD_IS_STORE (self), NULL);

  g_rec_mutex_lock (&self->write_lock);
  stmt = g_hash_table_lookup (self->statements, sql);
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
  g_clear_pointer (&self->tx_id, g_free);
  g_clear_pointer (&self->tx_entities, g_hash_table_unref);
  g_rec_mutex_unlock (&self->write_lock);
}

gboolean
ld_store_commit (LdStore  *self,
                 GError  **error)
{
  g_autoptr(GHashTable) entities = NULL;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (LD_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->tx_id != NULL, FALSE);

  if (!ld_store_exec (self, "COMMIT", error))
    {
      ld_store_rollback (self);
      return FALSE;
    }
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
  end_transaction (self);
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

static gboolean
insert_audit_entry (LdStore             *self,
                    const LdAuditEntry  *entry,
                    GError             **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (self,
    "INSERT INTO audit_log (seq, entry_id, at, actor_id, actor_login, role, action, entity,"
    " record_id, before_json, after_json, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry->seq);
  ld_store_bind_text (stmt, 2, entry->entry_id);
  ld_store_bind_text (stmt, 3, entry->at);
  ld_store_bind_text (stmt, 4, entry->actor_id);
  ld_store_bind_text (stmt, 5, entry->actor_login);
  ld_store_bind_text (stmt, 6, entry->role);
  ld_store_bind_text (stmt, 7, entry->action);
  ld_store_bind_text (stmt, 8, entry->entity);
  ld_store_bind_text (stmt, 9, entry->record_id);
  ld_store_bind_text (stmt, 10, entry->before_json);
  ld_store_bind_text (stmt, 11, entry->after_json);
  ld_store_bind_text (stmt, 12, entry->prev_hash);
  ld_store_bind_text (stmt, 13, entry->hash);
  return ld_store_step_done (self, stmt, error);
}

static gboolean
insert_outbox_row (LdStore     *self,
                   const char  *entity,
                   const char  *record_id,
                   const char  *action,
                   gint64       base_version,
                   const char  *payload,
                   const char  *at,
                   GError     **error)
{
  g_autofree char *mutation_id = g_uuid_string_random ();
  sqlite3_stmt *stmt = ld_store_prepare (self,
    "INSERT INTO outbox (mutation_id, tx_id, entity, record_id, action, base_version, payload, created_at)"
    " VALUES (?,?,?,?,?,?,?,?)", error);

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
  return ld_store_step_done (self, stmt, error);
}

/**
 * ld_store_record_change:
 * @action: what was done ("create", "update", "void", "submit", ...)
 * @base_version: the record's row_version before the change (0 for a new record)
 * @before_json: (nullable): the record before, as JSON
 * @after_json: (nullable): the record after, as JSON
 *
 * Appends the audit entry, chained to the previous one, and the outbox row
 * that the central-database sync will push. Call it inside the transaction that
 * made the change, so the three are saved together or not at all.
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
  g_autoptr(LdAuditEntry) entry = ld_audit_entry_new ();
  gint64 head_seq;

  g_return_val_if_fail (LD_IS_STORE (self), FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);
  g_return_val_if_fail (self->tx_id != NULL, FALSE);

  if (!read_chain_head (self, &head_seq, &entry->prev_hash, error))
    return FALSE;

  entry->seq = head_seq + 1;
  entry->entry_id = g_uuid_string_random ();
  entry->at = ld_store_now_utc ();
  entry->actor_id = g_strdup (actor->user_id);
  entry->actor_login = g_strdup (actor->login);
  entry->role = g_strdup (ld_role_to_string (actor->role));
  entry->action = g_strdup (action);
  entry->entity = g_strdup (entity);
  entry->record_id = g_strdup (record_id);
  entry->before_json = g_strdup (before_json);
  entry->after_json = g_strdup (after_json);
  entry->hash = ld_audit_entry_compute_hash (entry);

  if (!insert_audit_entry (self, entry, error) ||
      !insert_outbox_row (self, entity, record_id, action, base_version, after_json, entry->at, error))
    return FALSE;

  g_hash_table_add (self->tx_entities, g_strdup (entity));
  return TRUE;
}
