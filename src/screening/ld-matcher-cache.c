/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-matcher-cache"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "ld-matcher-cache.h"
#include "ld-sanctions-list.h"

/*
 * Reading the Consolidated List and building its candidate index takes about
 * a second, and a desk screens every case it submits. The matcher of the
 * installed list is kept for the life of the process and built again only
 * when the file changes (another size, modification time or inode, as after
 * an update, which replaces the file). Screening with a matcher is
 * thread-safe, so one matcher serves every worker thread.
 */

typedef struct
{
  char          *path;
  guint64        size;
  gint64         modified_usec;
  guint64        inode;
  LdNameMatcher *matcher;
} CachedMatcher;

static GMutex cache_lock;
static CachedMatcher cached;

static gboolean
read_identity (const char  *path,
               guint64     *out_size,
               gint64      *out_modified_usec,
               guint64     *out_inode,
               GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                                 G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                                                 G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC ","
                                                 G_FILE_ATTRIBUTE_UNIX_INODE,
                                                 G_FILE_QUERY_INFO_NONE, NULL, error);

  if (info == NULL)
    return FALSE;
  *out_size = (guint64) g_file_info_get_size (info);
  *out_modified_usec = (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) * G_USEC_PER_SEC +
                       g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);
  *out_inode = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_UNIX_INODE);
  return TRUE;
}

static void
cached_matcher_clear (void)
{
  g_clear_pointer (&cached.path, g_free);
  g_clear_object (&cached.matcher);
}

/**
 * ld_matcher_cache_get:
 * @list_path: the installed list file
 *
 * Returns: (transfer full) (nullable): the matcher of the list now at
 *   @list_path, built once per version of the file
 */
LdNameMatcher *
ld_matcher_cache_get (const char  *list_path,
                      GError     **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&cache_lock);
  g_autoptr(LdSanctionsList) list = NULL;
  guint64 size, inode;
  gint64 modified;

  if (!read_identity (list_path, &size, &modified, &inode, error))
    return NULL;
  if (cached.matcher && g_strcmp0 (cached.path, list_path) == 0 && cached.size == size &&
      cached.modified_usec == modified && cached.inode == inode)
    return g_object_ref (cached.matcher);

  if (!(list = ld_sanctions_list_new_from_file (list_path, error)))
    return NULL;
  cached_matcher_clear ();
  cached.matcher = ld_name_matcher_new (list);
  cached.path = g_strdup (list_path);
  cached.size = size;
  cached.modified_usec = modified;
  cached.inode = inode;
  return g_object_ref (cached.matcher);
}

/**
 * ld_matcher_cache_clear:
 *
 * Drops the kept matcher, so the next ld_matcher_cache_get() reads the file.
 */
void
ld_matcher_cache_clear (void)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&cache_lock);

  cached_matcher_clear ();
}
