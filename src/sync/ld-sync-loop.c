/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-sync-loop"

#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib-unix.h>
#include <glib/gi18n.h>

#include "ld-sync-engine.h"
#include "ld-sync-loop.h"
#include "ld-sync-secret.h"

/* A desk's sync without anybody pressing a button. A thread of its own syncs
 * (push, then pull), then waits on the server's notification that something
 * committed (LISTEN/NOTIFY), a local change (ld_sync_loop_wake()) or the
 * period, whichever comes first; the period covers a missed notification.
 * A failed round is retried after a pause that doubles up to a minute, so a
 * server that is down is not hammered; the desk works on its own store
 * meanwhile and nothing queued is lost. The state is told to the thread
 * that made the loop (the window's) through its main context: that thread
 * never waits on the network, not even to stop the loop: a stop returns at
 * once and the round in flight ends in its thread. Started again before that
 * round has ended, the same thread goes on, so two rounds never run at once. */

#define FIRST_RETRY_MS 500
#define LAST_RETRY_MS  60000

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

struct _LdSyncLoop
{
  GObject          parent_instance;

  LdStore         *store;
  LdSyncEngine    *given_engine;  /* (nullable) the engine to use instead of the keyring's */
  guint            period_ms;
  GMainContext    *owner_context;
  int              wake_fds[2];

  GMutex           lock;          /* guards the members below */
  GCond            thread_ended;
  gboolean         thread_alive;  /* a thread runs rounds, or ends the one in flight */
  gboolean         stopping;
  LdSyncLoopState  state;
  char            *message;
  guint            retry_ms;
  guint64          rounds;
};

G_DEFINE_FINAL_TYPE (LdSyncLoop, ld_sync_loop, G_TYPE_OBJECT)

static gboolean
emit_changed_cb (gpointer data)
{
  g_signal_emit (data, signals[CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static void
set_state (LdSyncLoop      *self,
           LdSyncLoopState  state,
           const char      *message,
           guint            retry_ms)
{
  g_mutex_lock (&self->lock);
  if (state == LD_SYNC_LOOP_LISTENING)
    self->rounds++;
  /* Stopped, the loop says so, whatever the round in flight comes to. */
  if (!self->stopping)
    {
      self->state = state;
      g_free (self->message);
      self->message = g_strdup (message);
      self->retry_ms = retry_ms;
    }
  g_mutex_unlock (&self->lock);
  g_main_context_invoke_full (self->owner_context, G_PRIORITY_DEFAULT, emit_changed_cb, g_object_ref (self),
                              g_object_unref);
}

/* Whether the thread ends here. It decides under the lock that start takes,
 * so a start either finds the thread alive and keeps it going, or finds it
 * ended and makes a new one; after TRUE the thread touches nothing shared. */
static gboolean
thread_ends (LdSyncLoop *self)
{
  gboolean ends;

  g_mutex_lock (&self->lock);
  ends = self->stopping;
  if (ends)
    {
      self->thread_alive = FALSE;
      g_cond_broadcast (&self->thread_ended);
    }
  g_mutex_unlock (&self->lock);
  return ends;
}

static void
drain_wakes (LdSyncLoop *self)
{
  char bytes[64];

  while (read (self->wake_fds[0], bytes, sizeof bytes) > 0)
    ;
}

/* A pause that a wake (a local change, the loop's end) cuts short. */
static void
pause_for (LdSyncLoop *self,
           guint       ms)
{
  GPollFD fd = { self->wake_fds[0], G_IO_IN, 0 };

  g_poll (&fd, 1, (int) ms);
  /* The wake is taken: left in the pipe, it would end every later pause at
   * once, and a desk with no server to reach would spin. */
  drain_wakes (self);
}

/* The engine for the server the store names, with the password the keyring
 * holds for it; NULL with a sentence when there is none. */
static LdSyncEngine *
make_engine (LdSyncLoop  *self,
             GError     **error)
{
  LdSyncStatus status = { 0 };
  LdSyncEngine *engine;
  char *password;

  if (self->given_engine)
    return g_object_ref (self->given_engine);
  if (!ld_sync_status_read (self->store, &status, error))
    return NULL;
  if (status.server == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _("This desk has not synced with a central server yet."));
      ld_sync_status_clear (&status);
      return NULL;
    }
  password = ld_sync_secret_lookup (status.server, error);
  if (password == NULL)
    {
      if (error && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("The keyring holds no password for %s. Connect again with Connect… to give it."),
                     status.server);
      ld_sync_status_clear (&status);
      return NULL;
    }
  engine = ld_sync_engine_new (self->store, status.server, password);
  memset (password, 0, strlen (password));
  g_free (password);
  ld_sync_status_clear (&status);
  return engine;
}

/* One round: listen first, so that a change committing while this round
 * pulls still prompts the next one. */
static gboolean
sync_round (LdSyncEngine  *engine,
            GError       **error)
{
  LdSyncStats stats = { 0 };

  return ld_sync_engine_listen (engine, error) && ld_sync_engine_sync (engine, &stats, error);
}

static gboolean
release_cb (gpointer data)
{
  return G_SOURCE_REMOVE;
}

static gpointer
loop_thread (gpointer data)
{
  LdSyncLoop *self = data;
  g_autoptr(LdSyncEngine) engine = NULL;
  guint retry_ms = FIRST_RETRY_MS;

  while (!thread_ends (self))
    {
      g_autoptr(GError) error = NULL;

      if (engine == NULL)
        engine = make_engine (self, &error);
      if (engine != NULL)
        {
          /* A wake that comes during the round stays pending and ends the
           * wait after it: that change may have missed this round. */
          drain_wakes (self);
          /* The stop's own wake may have just been drained: ask again. */
          if (thread_ends (self))
            break;
          set_state (self, LD_SYNC_LOOP_SYNCING, NULL, 0);
          if (sync_round (engine, &error))
            {
              retry_ms = FIRST_RETRY_MS;
              set_state (self, LD_SYNC_LOOP_LISTENING, NULL, 0);
              if (thread_ends (self))
                break;
              ld_sync_engine_wait_for_change_or_fd (engine, (int) self->period_ms, self->wake_fds[0], NULL);
              continue;
            }
          ld_sync_engine_record_error (engine, error);
          /* The next round reads the server and the keyring again: the
           * person may have connected anew meanwhile. */
          g_clear_object (&engine);
        }
      set_state (self, LD_SYNC_LOOP_RETRYING, error->message, retry_ms);
      pause_for (self, retry_ms);
      retry_ms = MIN (retry_ms * 2, LAST_RETRY_MS);
    }
  /* The reference ld_sync_loop_start() gave this thread is dropped in the
   * owner's context, so that the loop is finalised there. */
  g_main_context_invoke_full (self->owner_context, G_PRIORITY_DEFAULT, release_cb, self, g_object_unref);
  return NULL;
}

/**
 * ld_sync_loop_start:
 *
 * Starts syncing in a thread of its own, unless it runs already.
 */
void
ld_sync_loop_start (LdSyncLoop *self)
{
  gboolean needs_thread;

  g_return_if_fail (LD_IS_SYNC_LOOP (self));

  g_mutex_lock (&self->lock);
  if (self->thread_alive && !self->stopping)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  needs_thread = !self->thread_alive;
  /* A thread still ending a round goes on: the wake below ends its wait or
   * pause, if it is in one, and it syncs at once. */
  if (self->thread_alive && self->stopping)
    self->state = LD_SYNC_LOOP_SYNCING;
  self->stopping = FALSE;
  self->thread_alive = TRUE;
  g_mutex_unlock (&self->lock);
  /* The thread holds the loop while it runs: a stop lets the owner drop its
   * own reference without waiting for the round. */
  if (needs_thread)
    g_thread_unref (g_thread_new ("ld-sync-loop", loop_thread, g_object_ref (self)));
  else
    ld_sync_loop_wake (self);
}

/**
 * ld_sync_loop_wake:
 *
 * Starts the next round now: a local change to send, new connection settings.
 * Safe from any thread.
 */
void
ld_sync_loop_wake (LdSyncLoop *self)
{
  g_return_if_fail (LD_IS_SYNC_LOOP (self));

  /* A full pipe already holds a wake. */
  if (write (self->wake_fds[1], "w", 1) < 0)
    g_debug ("the sync loop already has a wake pending");
}

/**
 * ld_sync_loop_stop:
 *
 * Ends the loop without waiting: the state is stopped at once, and a round
 * in flight (a first copy, a connect to a server that does not answer)
 * finishes in its thread, which then lets the loop go; the store's
 * transactions keep it whole either way. The owner's thread (a window's)
 * never waits on the network, and may drop its reference or start the loop
 * again straight away.
 */
void
ld_sync_loop_stop (LdSyncLoop *self)
{
  g_return_if_fail (LD_IS_SYNC_LOOP (self));

  g_mutex_lock (&self->lock);
  if (self->thread_alive && !self->stopping)
    {
      self->stopping = TRUE;
      self->state = LD_SYNC_LOOP_STOPPED;
      g_clear_pointer (&self->message, g_free);
      self->retry_ms = 0;
    }
  g_mutex_unlock (&self->lock);
  ld_sync_loop_wake (self);
}

/**
 * ld_sync_loop_stop_later:
 *
 * The same as ld_sync_loop_stop(), under its earlier name.
 */
void
ld_sync_loop_stop_later (LdSyncLoop *self)
{
  ld_sync_loop_stop (self);
}

/**
 * ld_sync_loop_stop_and_wait:
 *
 * Ends the loop and waits until its thread has ended the round in flight:
 * for the command line and the benchmarks, which then use the store or the
 * engine themselves. Never from a window's thread.
 */
void
ld_sync_loop_stop_and_wait (LdSyncLoop *self)
{
  g_return_if_fail (LD_IS_SYNC_LOOP (self));

  ld_sync_loop_stop (self);
  g_mutex_lock (&self->lock);
  while (self->thread_alive)
    g_cond_wait (&self->thread_ended, &self->lock);
  g_mutex_unlock (&self->lock);
}

/* Returns: whether the loop was started and not stopped since */
gboolean
ld_sync_loop_is_running (LdSyncLoop *self)
{
  gboolean running;

  g_return_val_if_fail (LD_IS_SYNC_LOOP (self), FALSE);
  g_mutex_lock (&self->lock);
  running = self->thread_alive && !self->stopping;
  g_mutex_unlock (&self->lock);
  return running;
}

LdSyncLoopState
ld_sync_loop_get_state (LdSyncLoop *self)
{
  LdSyncLoopState state;

  g_return_val_if_fail (LD_IS_SYNC_LOOP (self), LD_SYNC_LOOP_STOPPED);
  g_mutex_lock (&self->lock);
  state = self->state;
  g_mutex_unlock (&self->lock);
  return state;
}

/* Returns: (transfer full) (nullable): why the last round failed */
char *
ld_sync_loop_dup_message (LdSyncLoop *self)
{
  char *message;

  g_return_val_if_fail (LD_IS_SYNC_LOOP (self), NULL);
  g_mutex_lock (&self->lock);
  message = g_strdup (self->message);
  g_mutex_unlock (&self->lock);
  return message;
}

/* Returns: the pause before the next round after a failure, in ms */
guint
ld_sync_loop_get_retry_ms (LdSyncLoop *self)
{
  guint ms;

  g_return_val_if_fail (LD_IS_SYNC_LOOP (self), 0);
  g_mutex_lock (&self->lock);
  ms = self->retry_ms;
  g_mutex_unlock (&self->lock);
  return ms;
}

/* Returns: how many rounds succeeded */
guint64
ld_sync_loop_get_rounds (LdSyncLoop *self)
{
  guint64 rounds;

  g_return_val_if_fail (LD_IS_SYNC_LOOP (self), 0);
  g_mutex_lock (&self->lock);
  rounds = self->rounds;
  g_mutex_unlock (&self->lock);
  return rounds;
}

static void
ld_sync_loop_finalize (GObject *object)
{
  LdSyncLoop *self = LD_SYNC_LOOP (object);

  g_clear_object (&self->store);
  g_clear_object (&self->given_engine);
  g_clear_pointer (&self->owner_context, g_main_context_unref);
  g_clear_pointer (&self->message, g_free);
  close (self->wake_fds[0]);
  close (self->wake_fds[1]);
  g_cond_clear (&self->thread_ended);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (ld_sync_loop_parent_class)->finalize (object);
}

static void
ld_sync_loop_class_init (LdSyncLoopClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_sync_loop_finalize;
  /**
   * LdSyncLoop::changed:
   *
   * The state, its message or the rounds changed; emitted in the main
   * context of the thread that made the loop.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
ld_sync_loop_init (LdSyncLoop *self)
{
  g_autoptr(GError) error = NULL;

  g_mutex_init (&self->lock);
  g_cond_init (&self->thread_ended);
  if (!g_unix_open_pipe (self->wake_fds, FD_CLOEXEC, &error) ||
      !g_unix_set_fd_nonblocking (self->wake_fds[0], TRUE, &error) ||
      !g_unix_set_fd_nonblocking (self->wake_fds[1], TRUE, &error))
    g_error ("the sync loop cannot make its wake pipe: %s", error->message);
}

/**
 * ld_sync_loop_new:
 * @period_ms: the longest wait between rounds when no notification comes
 *
 * A loop for @store's server. Nothing runs until ld_sync_loop_start().
 */
LdSyncLoop *
ld_sync_loop_new (LdStore *store,
                  guint    period_ms)
{
  LdSyncLoop *self = g_object_new (LD_TYPE_SYNC_LOOP, NULL);

  self->store = g_object_ref (store);
  self->period_ms = period_ms;
  self->owner_context = g_main_context_ref_thread_default ();
  return self;
}

/**
 * ld_sync_loop_new_with_engine:
 * @engine: the engine to sync with (its server and password are the caller's)
 *
 * As ld_sync_loop_new(), for a caller that holds the password itself (the
 * command line, the benchmarks) rather than the keyring.
 */
LdSyncLoop *
ld_sync_loop_new_with_engine (LdStore      *store,
                              LdSyncEngine *engine,
                              guint         period_ms)
{
  LdSyncLoop *self = ld_sync_loop_new (store, period_ms);

  self->given_engine = g_object_ref (engine);
  return self;
}
