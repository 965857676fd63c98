/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-list-updater"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ld-list-updater.h"

/*
 * Downloads the Consolidated List and installs it only when it is a valid, plausible
 * list: the body goes to a temporary file in the list folder, is parsed and checked,
 * then renamed over the installed copy (rename is atomic on one file system). Any
 * failure on the way (network, HTTP status, timeout, redirect loop, truncated or
 * foreign body) removes the temporary file and leaves the list in force untouched.
 *
 * The request is conditional (If-None-Match / If-Modified-Since from the last install),
 * so a daily check costs a 304 when nothing changed. Redirects are followed by hand so
 * their number is bounded and every hop is validated as an http(s) URL.
 */

#define LIST_FILE          "consolidated.xml"
#define META_FILE          "consolidated.meta"
#define META_GROUP         "list"
#define DEFAULT_TIMEOUT    60
#define DEFAULT_REDIRECTS  5
#define MAX_LIST_BYTES     (64 * 1024 * 1024)  /* the real list is 2-5 MB */
#define CHUNK_SIZE         (64 * 1024)

struct _LdListUpdater
{
  GObject             parent_instance;
  char               *list_dir;
  guint               timeout;
  guint               max_redirects;
  guint               min_individuals;
  guint               min_entities;
  LdListProgressFunc  progress_func;
  gpointer            progress_data;
  GDestroyNotify      progress_destroy;
};

G_DEFINE_FINAL_TYPE (LdListUpdater, ld_list_updater, G_TYPE_OBJECT)

G_DEFINE_QUARK (ld-list-updater-error-quark, ld_list_updater_error)

static void
ld_list_updater_finalize (GObject *object)
{
  LdListUpdater *self = (LdListUpdater *) object;

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);
  g_free (self->list_dir);
  G_OBJECT_CLASS (ld_list_updater_parent_class)->finalize (object);
}

static void
ld_list_updater_class_init (LdListUpdaterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ld_list_updater_finalize;
}

static void
ld_list_updater_init (LdListUpdater *self)
{
  self->timeout = DEFAULT_TIMEOUT;
  self->max_redirects = DEFAULT_REDIRECTS;
  self->min_individuals = LD_SANCTIONS_LIST_MIN_INDIVIDUALS;
  self->min_entities = LD_SANCTIONS_LIST_MIN_ENTITIES;
}

/* ---- metadata of the installed list ---- */

static char *
meta_path (LdListUpdater *self)
{
  return g_build_filename (self->list_dir, META_FILE, NULL);
}

static GKeyFile *
load_meta (LdListUpdater *self)
{
  g_autofree char *path = meta_path (self);
  GKeyFile *meta = g_key_file_new ();

  /* Missing or unreadable metadata only makes the next request unconditional. */
  g_key_file_load_from_file (meta, path, G_KEY_FILE_NONE, NULL);
  return meta;
}

static gboolean
save_meta (LdListUpdater    *self,
           SoupMessage      *msg,
           const char       *url,
           LdSanctionsList  *list,
           GError          **error)
{
  g_autoptr(GKeyFile) meta = g_key_file_new ();
  g_autofree char *path = meta_path (self);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = g_date_time_format_iso8601 (now);
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  const char *etag = soup_message_headers_get_one (headers, "ETag");
  const char *modified = soup_message_headers_get_one (headers, "Last-Modified");

  if (etag != NULL)
    g_key_file_set_string (meta, META_GROUP, "etag", etag);
  if (modified != NULL)
    g_key_file_set_string (meta, META_GROUP, "last-modified", modified);
  g_key_file_set_string (meta, META_GROUP, "url", url);
  g_key_file_set_string (meta, META_GROUP, "date-generated", ld_sanctions_list_get_date_generated (list));
  g_key_file_set_string (meta, META_GROUP, "sha256", ld_sanctions_list_get_sha256 (list));
  g_key_file_set_string (meta, META_GROUP, "installed-at", now_text);
  /* g_key_file_save_to_file writes a temporary file and renames it: atomic. */
  return g_key_file_save_to_file (meta, path, error);
}

/* ---- the HTTP exchange ---- */

static SoupSession *
make_session (LdListUpdater *self)
{
  g_autofree char *agent = g_strdup_printf ("licence-desk/%s ", PACKAGE_VERSION);

  return soup_session_new_with_options ("timeout", self->timeout,
                                        "idle-timeout", self->timeout,
                                        "user-agent", agent,
                                        NULL);
}

static GUri *
parse_http_url (const char  *url,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GUri *uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, &local_error);
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;

  if (uri == NULL || (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    {
      g_set_error (error, LD_LIST_UPDATER_ERROR, LD_LIST_UPDATER_ERROR_BAD_URL,
                   "“%s” is not an http or https address; set the sanctions list URL to the UN feed or a mirror",
                   url);
      g_clear_pointer (&uri, g_uri_unref);
    }
  return uri;
}

static void
add_conditions (LdListUpdater *self,
                SoupMessage   *msg)
{
  g_autofree char *list_path = ld_list_updater_get_list_path (self);
  g_autoptr(GKeyFile) meta = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *modified = NULL;
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  /* Without an installed copy a 304 would leave us with nothing: ask for the body. */
  if (!g_file_test (list_path, G_FILE_TEST_IS_REGULAR))
    return;
  meta = load_meta (self);
  etag = g_key_file_get_string (meta, META_GROUP, "etag", NULL);
  modified = g_key_file_get_string (meta, META_GROUP, "last-modified", NULL);
  if (etag != NULL)
    soup_message_headers_replace (headers, "If-None-Match", etag);
  if (modified != NULL)
    soup_message_headers_replace (headers, "If-Modified-Since", modified);
}

static void
set_network_error (GError     **error,
                   GError      *cause,
                   const char  *url)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error (error, LD_LIST_UPDATER_ERROR, LD_LIST_UPDATER_ERROR_TIMEOUT,
                 "The sanctions list server at %s did not answer in time; the list in force is kept, try again later",
                 url);
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_error_copy (cause));
  else
    g_set_error (error, LD_LIST_UPDATER_ERROR, LD_LIST_UPDATER_ERROR_NETWORK,
                 "Could not download the sanctions list from %s: %s; the list in force is kept",
                 url, cause->message);
}

/*
 * Sends @url, following at most max_redirects redirects. Returns the body stream of a
 * final response (2xx or 304), with *msg_out the message it belongs to.
 */
static GInputStream *
send_following_redirects (LdListUpdater  *self,
                          SoupSession    *session,
                          const char     *url,
                          SoupMessage   **msg_out,
                          GCancellable   *cancellable,
                          GError        **error)
{
  g_autoptr(GUri) uri = parse_http_url (url, error);

  if (uri == NULL)
    return NULL;
  for (guint hop = 0; ; hop++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
      g_autoptr(GInputStream) body = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *here = g_uri_to_string (uri);
      const char *location;
      guint status;

      soup_message_set_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
      add_conditions (self, msg);
      body = soup_session_send (session, msg, cancellable, &local_error);
      if (body == NULL)
        {
          set_network_error (error, local_error, here);
          return NULL;
        }
      status = soup_message_get_status (msg);
      if (!SOUP_STATUS_IS_REDIRECTION (status) || status == SOUP_STATUS_NOT_MODIFIED)
        {
          *msg_out = g_steal_pointer (&msg);
          return g_steal_pointer (&body);
        }
      location = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Location");
      if (hop >= self->max_redirects || location == NULL)
        {
          g_set_error (error, LD_LIST_UPDATER_ERROR, LD_LIST_UPDATER_ERROR_TOO_MANY_REDIRECTS,
                       location == NULL
                         ? "The server at %s answered a redirect without a target; the list in force is kept"
                         : "The server at %s redirected more than %u times (a redirect loop?); the list in force is kept, check the list URL",
                       here, self->max_redirects);
          return NULL;
        }
      {
        g_autoptr(GUri) next = g_uri_parse_relative (uri, location, SOUP_HTTP_URI_FLAGS, NULL);
        g_autofree char *next_text = next != NULL ? g_uri_to_string (next) : g_strdup (location);

        g_clear_pointer (&uri, g_uri_unref);
        uri = parse_http_url (next_text, error);
        if (uri == NULL)
          return NULL;
      }
    }
}

static gboolean
check_status (SoupMessage  *msg,
              const char   *url,
              GError      **error)
{
  guint status = soup_message_get_status (msg);

  if (SOUP_STATUS_IS_SUCCESSFUL (status) || status == SOUP_STATUS_NOT_MODIFIED)
    return TRUE;
  g_set_error (error, LD_LIST_UPDATER_ERROR, LD_LIST_UPDATER_ERROR_HTTP,
               "The server at %s answered HTTP %u %s; the list in force is kept, try again later or check the URL",
               url, status, soup_message_get_reason_phrase (msg) != NULL ? soup_message_get_reason_phrase (msg) : "");
  return FALSE;
}

/* ---- the body: to a temporary file, then validated ---- */

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        length,
           GError     **error)
{
  while (length > 0)
    {
      gssize written = write (fd, data, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written < 0)
        {
          int saved = errno;

          g_set_error (error, LD_LIST_UPDATER_ERROR, LD_LIST_UPDATER_ERROR_IO,
                       "Could not write the downloaded list: %s; check the disk space of the list folder",
                       g_strerror (saved));
          return FALSE;
        }
      data += written;
      length -= written;
    }
  return TRUE;
}

/* Copies @body to @fd and returns everything read, for validation. */
static GBytes *
receive_body (LdListUpdater  *self,
              GInputStream   *body,
              goffset         total,
              int             fd,
              const char     *url,
              GCancellable   *cancellable,
              GError        **error)
{
  g_autoptr(GByteArray) all = g_byte_array_new ();
  guint8 chunk[CHUNK_SIZE];

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gssize n = g_input_stream_read (body, chunk, sizeof chunk, cancellable, &local_error);

      if (n < 0)
        {
          set_network_error (error, local_error, url);
          return NULL;
        }
      if (n == 0)
        break;
      if (all->len + n > MAX_LIST_BYTES)
        {
          g_set_error (error, LD_LIST_UPDATER_ERROR, LD_LIST_UPDATER_ERROR_TOO_LARGE,
                       "The file at %s is larger than %d MB, far more than the UN list; it was not installed",
                       url, MAX_LIST_BYTES / (1024 * 1024));
          return NULL;
        }
      g_byte_array_append (all, chunk, n);
      if (!write_all (fd, (const char *) chunk, n, error))
        return NULL;
      if (self->progress_func != NULL)
        self->progress_func (all->len, total, self->progress_data);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&all));
}

static LdSanctionsList *
validate (LdListUpdater  *self,
          GBytes         *bytes,
          const char     *url,
          GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(LdSanctionsList) list = ld_sanctions_list_new_from_bytes (bytes, &local_error);
  g_autoptr(LdSanctionsList) previous = NULL;

  if (list != NULL)
    {
      previous = ld_list_updater_load_installed (self, NULL);
      if (!ld_sanctions_list_check_plausible (list, self->min_individuals, self->min_entities, previous, &local_error))
        g_clear_object (&list);
    }
  if (list == NULL)
    {
      g_set_error (error, LD_LIST_UPDATER_ERROR, LD_LIST_UPDATER_ERROR_INVALID,
                   "The file downloaded from %s is not a valid sanctions list and was not installed; the list in force is kept. %s",
                   url, local_error->message);
      return NULL;
    }
  return g_steal_pointer (&list);
}

static gboolean
install (LdListUpdater  *self,
         int             fd,
         const char     *tmp_path,
         GError        **error)
{
  g_autofree char *list_path = ld_list_updater_get_list_path (self);

  if (fsync (fd) != 0 || g_rename (tmp_path, list_path) != 0)
    {
      int saved = errno;

      g_set_error (error, LD_LIST_UPDATER_ERROR, LD_LIST_UPDATER_ERROR_IO,
                   "Could not install the new list as %s: %s; the list in force is kept",
                   list_path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gboolean
download_and_install (LdListUpdater  *self,
                      SoupMessage    *msg,
                      GInputStream   *body,
                      const char     *url,
                      GCancellable   *cancellable,
                      GError        **error)
{
  g_autofree char *tmp_path = g_build_filename (self->list_dir, LIST_FILE ".XXXXXX", NULL);
  goffset total = soup_message_headers_get_content_length (soup_message_get_response_headers (msg));
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(LdSanctionsList) list = NULL;
  gboolean ok = FALSE;
  int fd;

  fd = g_mkstemp_full (tmp_path, O_RDWR, 0644);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, LD_LIST_UPDATER_ERROR, LD_LIST_UPDATER_ERROR_IO,
                   "Could not create a file in the list folder %s: %s", self->list_dir, g_strerror (saved));
      return FALSE;
    }
  bytes = receive_body (self, body, total > 0 ? total : -1, fd, url, cancellable, error);
  if (bytes != NULL)
    list = validate (self, bytes, url, error);
  if (list != NULL)
    ok = install (self, fd, tmp_path, error) && save_meta (self, msg, url, list, error);
  close (fd);
  if (!ok)
    g_unlink (tmp_path);
  return ok;
}

/* ---- public API ---- */

/**
 * ld_list_updater_new:
 * @list_dir: (nullable): the folder that holds the installed list; %NULL for the default
 *   (ld_list_updater_default_dir())
 */
LdListUpdater *
ld_list_updater_new (const char *list_dir)
{
  LdListUpdater *self = g_object_new (LD_TYPE_LIST_UPDATER, NULL);

  self->list_dir = list_dir != NULL ? g_strdup (list_dir) : ld_list_updater_default_dir ();
  return self;
}

char *
ld_list_updater_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "licence-desk", "sanctions", NULL);
}

char *
ld_list_updater_get_list_path (LdListUpdater *self)
{
  g_return_val_if_fail (LD_IS_LIST_UPDATER (self), NULL);
  return g_build_filename (self->list_dir, LIST_FILE, NULL);
}

void
ld_list_updater_set_timeout (LdListUpdater *self,
                             guint          seconds)
{
  g_return_if_fail (LD_IS_LIST_UPDATER (self));
  self->timeout = seconds;
}

void
ld_list_updater_set_max_redirects (LdListUpdater *self,
                                   guint          max_redirects)
{
  g_return_if_fail (LD_IS_LIST_UPDATER (self));
  self->max_redirects = max_redirects;
}

void
ld_list_updater_set_progress_func (LdListUpdater      *self,
                                   LdListProgressFunc  func,
                                   gpointer            user_data,
                                   GDestroyNotify      destroy)
{
  g_return_if_fail (LD_IS_LIST_UPDATER (self));
  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);
  self->progress_func = func;
  self->progress_data = user_data;
  self->progress_destroy = destroy;
}

/**
 * ld_list_updater_update:
 * @url: the feed URL (the setting; %LD_LIST_UPDATER_DEFAULT_URL by default)
 * @result: (out) (optional): whether a new list was installed or the server said 304
 *
 * Downloads, validates and installs the list. Blocking: call it from a worker thread
 * (ld_list_updater_update_async() does) or a command-line tool. On any error the list
 * in force is left exactly as it was.
 */
gboolean
ld_list_updater_update (LdListUpdater       *self,
                        const char          *url,
                        LdListUpdateResult  *result,
                        GCancellable        *cancellable,
                        GError             **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GInputStream) body = NULL;

  g_return_val_if_fail (LD_IS_LIST_UPDATER (self), FALSE);
  g_return_val_if_fail (url != NULL, FALSE);

  if (g_mkdir_with_parents (self->list_dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, LD_LIST_UPDATER_ERROR, LD_LIST_UPDATER_ERROR_IO,
                   "Could not create the list folder %s: %s", self->list_dir, g_strerror (saved));
      return FALSE;
    }
  session = make_session (self);
  body = send_following_redirects (self, session, url, &msg, cancellable, error);
  if (body == NULL || !check_status (msg, url, error))
    return FALSE;
  if (soup_message_get_status (msg) == SOUP_STATUS_NOT_MODIFIED)
    {
      if (result != NULL)
        *result = LD_LIST_UPDATE_NOT_MODIFIED;
      return TRUE;
    }
  if (!download_and_install (self, msg, body, url, cancellable, error))
    return FALSE;
  if (result != NULL)
    *result = LD_LIST_UPDATE_INSTALLED;
  return TRUE;
}

static void
update_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  LdListUpdateResult result = LD_LIST_UPDATE_NOT_MODIFIED;
  GError *error = NULL;

  if (ld_list_updater_update (source_object, task_data, &result, cancellable, &error))
    g_task_return_int (task, result);
  else
    g_task_return_error (task, error);
}

/**
 * ld_list_updater_update_async:
 *
 * Runs ld_list_updater_update() in a worker thread; the progress function is called
 * from that thread, so a UI must hop to its main context (g_main_context_invoke).
 */
void
ld_list_updater_update_async (LdListUpdater       *self,
                              const char          *url,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LD_IS_LIST_UPDATER (self));
  g_return_if_fail (url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_list_updater_update_async);
  g_task_set_task_data (task, g_strdup (url), g_free);
  g_task_run_in_thread (task, update_thread);
}

gboolean
ld_list_updater_update_finish (LdListUpdater       *self,
                               GAsyncResult        *result,
                               LdListUpdateResult  *update_result,
                               GError             **error)
{
  gssize value;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  value = g_task_propagate_int (G_TASK (result), error);
  if (value < 0)
    return FALSE;
  if (update_result != NULL)
    *update_result = value;
  return TRUE;
}

/**
 * ld_list_updater_load_installed:
 *
 * Returns: (transfer full): the installed list, or %NULL with @error set when none is
 *   installed yet (run `licence-desk-admin screen update`).
 */
LdSanctionsList *
ld_list_updater_load_installed (LdListUpdater  *self,
                                GError        **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (LD_IS_LIST_UPDATER (self), NULL);

  path = ld_list_updater_get_list_path (self);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, LD_LIST_UPDATER_ERROR, LD_LIST_UPDATER_ERROR_IO,
                   "No sanctions list is installed in %s yet; run “licence-desk-admin screen update” first",
                   self->list_dir);
      return NULL;
    }
  return ld_sanctions_list_new_from_file (path, error);
}
