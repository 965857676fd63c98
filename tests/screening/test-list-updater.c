/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-list-updater"

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ld-list-updater.h"
#include "ld-screening-test-util.h"

/*
 * A real SoupServer on 127.0.0.1, in its own thread, serves the real list and broken
 * variants of it. After every failure the list installed before must still be there,
 * byte for byte, with no temporary file left behind.
 */

#define GOOD_ETAG "\"list-2026-02-27\""

typedef struct
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  char         *base_url;
  GBytes       *real_list;
  GBytes       *quirks;
  GMutex        lock;
  GCond         ready;
  guint         conditional_hits;  /* requests that carried our ETag */
} Server;

static Server server;

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *content_type,
         GBytes            *body)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY,
                                      g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static void
handle_good (SoupServerMessage *msg)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  const char *if_none_match = soup_message_headers_get_one (request, "If-None-Match");

  if (g_strcmp0 (if_none_match, GOOD_ETAG) == 0)
    {
      g_mutex_lock (&server.lock);
      server.conditional_hits++;
      g_mutex_unlock (&server.lock);
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }
  soup_message_headers_replace (response, "ETag", GOOD_ETAG);
  soup_message_headers_replace (response, "Last-Modified", "Fri, 27 Feb 2026 00:00:09 GMT");
  respond (msg, SOUP_STATUS_OK, "application/xml", server.real_list);
}

static void
handle_cb (SoupServer        *soup_server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  gsize size = g_bytes_get_size (server.real_list);

  if (g_str_equal (path, "/good"))
    handle_good (msg);
  else if (g_str_equal (path, "/truncated"))
    {
      g_autoptr(GBytes) part = g_bytes_new_from_bytes (server.real_list, 0, size / 3);

      respond (msg, SOUP_STATUS_OK, "application/xml", part);
    }
  else if (g_str_equal (path, "/empty"))
    soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  else if (g_str_equal (path, "/html"))
    {
      g_autoptr(GBytes) html = g_bytes_new_static ("<html><body>Maintenance<br></body>", 34);

      respond (msg, SOUP_STATUS_OK, "text/html", html);
    }
  else if (g_str_equal (path, "/wrong-schema"))
    {
      static const char xml[] = "<?xml version=\"1.0\"?><SANCTIONS dateGenerated=\"2026-02-27T00:00:00Z\"/>";
      g_autoptr(GBytes) body = g_bytes_new_static (xml, sizeof xml - 1);

      respond (msg, SOUP_STATUS_OK, "application/xml", body);
    }
  else if (g_str_equal (path, "/small"))
    respond (msg, SOUP_STATUS_OK, "application/xml", server.quirks);
  else if (g_str_equal (path, "/error"))
    respond (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL, NULL);
  else if (g_str_equal (path, "/slow"))
    soup_server_message_pause (msg);  /* never answers */
  else if (g_str_equal (path, "/loop"))
    soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, "/loop");
  else if (g_str_equal (path, "/moved"))
    soup_server_message_set_redirect (msg, SOUP_STATUS_MOVED_PERMANENTLY, "/good");
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static gpointer
server_thread (gpointer data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (server.context);
  server.server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server.server, NULL, handle_cb, NULL, NULL);
  soup_server_listen_local (server.server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server.server);
  g_mutex_lock (&server.lock);
  server.base_url = g_uri_to_string (uris->data);
  g_cond_signal (&server.ready);
  g_mutex_unlock (&server.lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (server.loop);
  g_clear_object (&server.server);
  g_main_context_pop_thread_default (server.context);
  return NULL;
}

static void
start_server (void)
{
  g_autofree char *real = ld_test_real_list_path ();
  g_autofree char *quirks = ld_test_fixture_path ("quirks.xml");
  char *contents;
  gsize length;

  g_assert_nonnull (real);
  g_assert_true (g_file_get_contents (real, &contents, &length, NULL));
  server.real_list = g_bytes_new_take (contents, length);
  g_assert_true (g_file_get_contents (quirks, &contents, &length, NULL));
  server.quirks = g_bytes_new_take (contents, length);
  g_mutex_init (&server.lock);
  g_cond_init (&server.ready);
  server.context = g_main_context_new ();
  server.loop = g_main_loop_new (server.context, FALSE);
  g_mutex_lock (&server.lock);
  server.thread = g_thread_new ("soup-server", server_thread, NULL);
  while (server.base_url == NULL)
    g_cond_wait (&server.ready, &server.lock);
  g_mutex_unlock (&server.lock);
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (server.loop);
  return G_SOURCE_REMOVE;
}

static void
stop_server (void)
{
  g_main_context_invoke (server.context, quit_cb, NULL);
  g_thread_join (server.thread);
  g_main_loop_unref (server.loop);
  g_main_context_unref (server.context);
  g_bytes_unref (server.real_list);
  g_bytes_unref (server.quirks);
  g_free (server.base_url);
}

static char *
url_for (const char *path)
{
  /* base_url ends with a slash */
  return g_strconcat (server.base_url, path + 1, NULL);
}

/* ---- helpers on the list folder ---- */

static char *
file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

typedef struct
{
  goffset last;
  goffset total;
  guint   calls;
  gboolean monotonic;
} Progress;

static void
progress_cb (goffset  received,
             goffset  total,
             gpointer user_data)
{
  Progress *p = user_data;

  p->monotonic &= received > p->last;
  p->last = received;
  p->total = total;
  p->calls++;
}

static LdListUpdater *
new_updater (char **dir_out)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("ld-list-XXXXXX", &error);
  LdListUpdater *updater;

  g_assert_no_error (error);
  updater = ld_list_updater_new (dir);
  /* Generous: a loaded test machine must not turn a good download into a timeout. */
  ld_list_updater_set_timeout (updater, 20);
  *dir_out = dir;
  return updater;
}

/* ---- tests ---- */

static void
test_install_and_not_modified (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(LdListUpdater) updater = new_updater (&dir);
  g_autofree char *url = url_for ("/good");
  g_autofree char *list_path = ld_list_updater_get_list_path (updater);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSanctionsList) list = NULL;
  LdListUpdateResult result = LD_LIST_UPDATE_NOT_MODIFIED;
  Progress progress = { 0, 0, 0, TRUE };
  guint hits_before;

  ld_list_updater_set_progress_func (updater, progress_cb, &progress, NULL);
  g_assert_true (ld_list_updater_update (updater, url, &result, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, LD_LIST_UPDATE_INSTALLED);
  g_assert_cmpuint (progress.calls, >, 1);
  g_assert_true (progress.monotonic);
  g_assert_cmpint (progress.total, ==, (goffset) g_bytes_get_size (server.real_list));
  g_assert_cmpint (progress.last, ==, progress.total);

  list = ld_list_updater_load_installed (updater, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ld_sanctions_list_get_n_individuals (list), ==, 730);
  g_assert_cmpuint (count_files (dir), ==, 2);  /* the list and its metadata, no temporary file */
  before = file_sha256 (list_path);

  /* Second time: the server sees our ETag and answers 304; nothing changes. */
  g_mutex_lock (&server.lock);
  hits_before = server.conditional_hits;
  g_mutex_unlock (&server.lock);
  g_assert_true (ld_list_updater_update (updater, url, &result, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, LD_LIST_UPDATE_NOT_MODIFIED);
  g_mutex_lock (&server.lock);
  g_assert_cmpuint (server.conditional_hits, ==, hits_before + 1);
  g_mutex_unlock (&server.lock);
  after = file_sha256 (list_path);
  g_assert_cmpstr (before, ==, after);
  remove_dir (dir);
}

typedef struct
{
  const char *path;
  int         code;
} Failure;

static void
test_failures_keep_previous_list (void)
{
  static const Failure failures[] = {
    { "/truncated", LD_LIST_UPDATER_ERROR_INVALID },
    { "/empty", LD_LIST_UPDATER_ERROR_INVALID },
    { "/html", LD_LIST_UPDATER_ERROR_INVALID },
    { "/wrong-schema", LD_LIST_UPDATER_ERROR_INVALID },
    { "/small", LD_LIST_UPDATER_ERROR_INVALID },
    { "/error", LD_LIST_UPDATER_ERROR_HTTP },
    { "/missing", LD_LIST_UPDATER_ERROR_HTTP },
    { "/slow", LD_LIST_UPDATER_ERROR_TIMEOUT },
    { "/loop", LD_LIST_UPDATER_ERROR_TOO_MANY_REDIRECTS },
  };
  g_autofree char *dir = NULL;
  g_autoptr(LdListUpdater) updater = new_updater (&dir);
  g_autofree char *good = url_for ("/good");
  g_autofree char *list_path = ld_list_updater_get_list_path (updater);
  g_autofree char *installed = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ld_list_updater_update (updater, good, NULL, NULL, &error));
  g_assert_no_error (error);
  installed = file_sha256 (list_path);
  /* Remove the validators so each failing request is unconditional and gets a body. */
  {
    g_autofree char *meta = g_build_filename (dir, "consolidated.meta", NULL);

    g_assert_cmpint (g_unlink (meta), ==, 0);
  }

  for (guint i = 0; i < G_N_ELEMENTS (failures); i++)
    {
      g_autofree char *url = url_for (failures[i].path);
      g_autofree char *now = NULL;
      g_autoptr(LdSanctionsList) list = NULL;
      gint64 start = g_get_monotonic_time ();

      /* Only the server that never answers is given a short timeout. */
      ld_list_updater_set_timeout (updater, g_str_equal (failures[i].path, "/slow") ? 1 : 20);
      g_assert_false (ld_list_updater_update (updater, url, NULL, NULL, &error));
      g_test_message ("%s (%.1f s): %s", failures[i].path, (g_get_monotonic_time () - start) / 1e6, error->message);
      g_assert_error (error, LD_LIST_UPDATER_ERROR, failures[i].code);
      g_clear_error (&error);

      now = file_sha256 (list_path);
      g_assert_cmpstr (now, ==, installed);
      g_assert_cmpuint (count_files (dir), ==, 1);
      list = ld_list_updater_load_installed (updater, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (ld_sanctions_list_get_n_entities (list), ==, 273);
    }
  remove_dir (dir);
}

static void
test_redirect_and_bad_url (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(LdListUpdater) updater = new_updater (&dir);
  g_autofree char *moved = url_for ("/moved");
  g_autoptr(GError) error = NULL;
  LdListUpdateResult result = LD_LIST_UPDATE_NOT_MODIFIED;

  g_assert_true (ld_list_updater_update (updater, moved, &result, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, LD_LIST_UPDATE_INSTALLED);

  /* No redirect allowed: the same URL now fails. */
  ld_list_updater_set_max_redirects (updater, 0);
  g_assert_false (ld_list_updater_update (updater, moved, NULL, NULL, &error));
  g_assert_error (error, LD_LIST_UPDATER_ERROR, LD_LIST_UPDATER_ERROR_TOO_MANY_REDIRECTS);
  g_clear_error (&error);

  g_assert_false (ld_list_updater_update (updater, "file:///etc/passwd", NULL, NULL, &error));
  g_assert_error (error, LD_LIST_UPDATER_ERROR, LD_LIST_UPDATER_ERROR_BAD_URL);
  g_clear_error (&error);

  /* Nothing listens on port 9 of localhost: a network error, not a crash. */
  g_assert_false (ld_list_updater_update (updater, "http://127.0.0.1:9/list.xml", NULL, NULL, &error));
  g_assert_error (error, LD_LIST_UPDATER_ERROR, LD_LIST_UPDATER_ERROR_NETWORK);
  remove_dir (dir);
}

typedef struct
{
  gboolean            done;
  gboolean            ok;
  LdListUpdateResult  result;
  GError             *error;
} AsyncState;

static void
update_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  AsyncState *state = user_data;

  state->ok = ld_list_updater_update_finish (LD_LIST_UPDATER (source), result, &state->result, &state->error);
  state->done = TRUE;
}

static void
test_async (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(LdListUpdater) updater = new_updater (&dir);
  g_autofree char *url = url_for ("/good");
  g_autofree char *bad = url_for ("/truncated");
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSanctionsList) list = NULL;
  AsyncState state = { FALSE, FALSE, LD_LIST_UPDATE_NOT_MODIFIED, NULL };

  ld_list_updater_update_async (updater, url, NULL, update_done_cb, &state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (state.error);
  g_assert_true (state.ok);
  g_assert_cmpint (state.result, ==, LD_LIST_UPDATE_INSTALLED);
  list = ld_list_updater_load_installed (updater, &error);
  g_assert_no_error (error);
  g_assert_nonnull (list);

  memset (&state, 0, sizeof state);
  ld_list_updater_update_async (updater, bad, NULL, update_done_cb, &state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (state.ok);
  g_assert_error (state.error, LD_LIST_UPDATER_ERROR, LD_LIST_UPDATER_ERROR_INVALID);
  g_clear_error (&state.error);
  remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *real = NULL;
  int ret;

  /* The server is on 127.0.0.1: a proxy from the environment must not be asked. */
  g_setenv ("no_proxy", "127.0.0.1,localhost", TRUE);
  g_setenv ("NO_PROXY", "127.0.0.1,localhost", TRUE);
  g_test_init (&argc, &argv, NULL);
  real = ld_test_real_list_path ();
  start_server ();
  g_test_add_func ("/screening/updater/install-and-not-modified", test_install_and_not_modified);
  g_test_add_func ("/screening/updater/failures-keep-previous-list", test_failures_keep_previous_list);
  g_test_add_func ("/screening/updater/redirect-and-bad-url", test_redirect_and_bad_url);
  g_test_add_func ("/screening/updater/async", test_async);
  ret = g_test_run ();
  stop_server ();
  return ret;
}
