/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-draft-file"

#include "config.h"

#include "ld-draft-file.h"

/* What an officer or clerk has typed and not yet saved, kept in a small key
 * file so that a closed window or a crash loses nothing. One helper for every
 * form that keeps a draft (the case form, the broker window).
 *
 * Writes run in a worker thread, one at a time and in order: a save asked for
 * while another is being written waits, and only the newest waiting one is
 * written (the older ones are out of date anyway). A discard is queued the
 * same way, so a late write never brings back a draft that was saved. The
 * running write holds a reference, so the last save asked for as a form goes
 * away still reaches the disk. */
struct _LdDraftFile
{
  GObject   parent_instance;

  GFile    *file;
  GBytes   *pending;      /* the next contents to write; NULL when none */
  gboolean  discard;      /* the next step removes the file instead */
  gboolean  has_pending;
  gboolean  writing;
};

G_DEFINE_FINAL_TYPE (LdDraftFile, ld_draft_file, G_TYPE_OBJECT)

static void write_next (LdDraftFile *self);

/* Runs in a worker thread: the task data is the contents, or NULL to remove. */
static void
write_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  LdDraftFile *self = source;
  GBytes *contents = task_data;
  g_autoptr(GFile) parent = g_file_get_parent (self->file);
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  const char *data;

  if (contents == NULL)
    {
      if (!g_file_delete (self->file, NULL, &error) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_warning ("Could not remove the draft %s: %s", g_file_peek_path (self->file), error->message);
      g_task_return_boolean (task, TRUE);
      return;
    }
  data = g_bytes_get_data (contents, &size);
  if (parent != NULL)
    g_file_make_directory_with_parents (parent, NULL, NULL);
  /* Private: a draft may hold personal data of the parties. */
  if (!g_file_replace_contents (self->file, data, size, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, NULL, &error))
    g_warning ("Could not keep the typed form in %s: %s", g_file_peek_path (self->file), error->message);
  g_task_return_boolean (task, TRUE);
}

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  LdDraftFile *self = LD_DRAFT_FILE (source);

  self->writing = FALSE;
  write_next (self);
}

static void
write_next (LdDraftFile *self)
{
  g_autoptr(GTask) task = NULL;
  GBytes *contents;

  if (self->writing || !self->has_pending)
    return;
  task = g_task_new (self, NULL, written_cb, NULL);
  g_task_set_source_tag (task, write_next);
  contents = self->discard ? NULL : g_steal_pointer (&self->pending);
  g_task_set_task_data (task, contents, contents ? (GDestroyNotify) g_bytes_unref : NULL);
  g_clear_pointer (&self->pending, g_bytes_unref);
  self->has_pending = FALSE;
  self->discard = FALSE;
  self->writing = TRUE;
  g_task_run_in_thread (task, write_thread);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LdDraftFile *self = source;
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autofree char *text = NULL;
  GError *error = NULL;
  gsize length;

  if (!g_file_load_contents (self->file, cancellable, &text, &length, NULL, &error) ||
      !g_key_file_load_from_data (keys, text, length, G_KEY_FILE_NONE, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&keys), (GDestroyNotify) g_key_file_unref);
}

static void
ld_draft_file_finalize (GObject *object)
{
  LdDraftFile *self = LD_DRAFT_FILE (object);

  g_clear_object (&self->file);
  g_clear_pointer (&self->pending, g_bytes_unref);
  G_OBJECT_CLASS (ld_draft_file_parent_class)->finalize (object);
}

static void
ld_draft_file_class_init (LdDraftFileClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ld_draft_file_finalize;
}

static void
ld_draft_file_init (LdDraftFile *self)
{
}

LdDraftFile *
ld_draft_file_new (GFile *file)
{
  LdDraftFile *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (LD_TYPE_DRAFT_FILE, NULL);
  self->file = g_object_ref (file);
  return self;
}

LdDraftFile *
ld_draft_file_new_for_path (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return ld_draft_file_new (file);
}

/**
 * ld_draft_file_load_async:
 *
 * Reads the draft a form left, in a worker thread.
 */
void
ld_draft_file_load_async (LdDraftFile         *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LD_IS_DRAFT_FILE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ld_draft_file_load_async);
  g_task_run_in_thread (task, load_thread);
}

/**
 * ld_draft_file_load_finish:
 *
 * Returns: (transfer full) (nullable): the draft; %NULL with @error set when
 *   there is none (%G_IO_ERROR_NOT_FOUND) or it cannot be read
 */
GKeyFile *
ld_draft_file_load_finish (LdDraftFile   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ld_draft_file_save:
 *
 * Keeps @keys as the draft; written in a worker thread. Returns at once.
 */
void
ld_draft_file_save (LdDraftFile *self,
                    GKeyFile    *keys)
{
  gsize length = 0;
  char *text;

  g_return_if_fail (LD_IS_DRAFT_FILE (self));

  text = g_key_file_to_data (keys, &length, NULL);
  g_clear_pointer (&self->pending, g_bytes_unref);
  self->pending = g_bytes_new_take (text, length);
  self->discard = FALSE;
  self->has_pending = TRUE;
  write_next (self);
}

/**
 * ld_draft_file_discard:
 *
 * Removes the draft once what was typed is saved in the store.
 */
void
ld_draft_file_discard (LdDraftFile *self)
{
  g_return_if_fail (LD_IS_DRAFT_FILE (self));

  g_clear_pointer (&self->pending, g_bytes_unref);
  self->discard = TRUE;
  self->has_pending = TRUE;
  write_next (self);
}

/* Whether every save and discard asked for has reached the disk. */
gboolean
ld_draft_file_is_idle (LdDraftFile *self)
{
  g_return_val_if_fail (LD_IS_DRAFT_FILE (self), FALSE);
  return !self->writing && !self->has_pending;
}
