/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-paged-model"

#include "config.h"

#include "ld-paged-model.h"
#include "ld-record-row.h"

/* Pages kept in memory at most: enough for a screenful and fast scrolling back
 * and forth, small enough that a list of a million rows costs what one of a
 * thousand does. */
#define MAX_CACHED_PAGES 32

/* A read connection shared by this model's worker tasks, which may outlive the
 * model itself for a moment. */
typedef struct
{
  GMutex    lock;
  LdStore  *store;
  sqlite3  *db;
  LdStore  *fill_store;   /* read-only, this reader's own: computed columns */
} Reader;

typedef struct
{
  LdSectionQuery *query;
  Reader         *reader;
  guint           generation;
  guint           page;
  gint64          count;
  GPtrArray      *rows;
} Job;

struct _LdPagedModel
{
  GObject          parent_instance;

  LdStore         *store;
  const LdSection *section;
  Reader          *reader;
  char            *search_text;
  guint            sort_column;
  gboolean         descending;
  gboolean         sort_chosen;

  /* Bumped by every reload: answers of an older generation are dropped. */
  guint            generation;
  guint            n_items;
  gboolean         loading;
  gboolean         counted;
  gboolean         complete;   /* the exact count has arrived */
  GError          *error;

  GHashTable      *pages;     /* page number -> GPtrArray of LdRecordRow */
  GHashTable      *pending;   /* page numbers being read */
  GQueue           recent;    /* page numbers, most recently used first */
};

static void list_model_iface_init (GListModelInterface *iface);
static void start_job             (LdPagedModel        *self,
                                   Job                 *job,
                                   GTaskThreadFunc      thread_func,
                                   GAsyncReadyCallback  done);
static void touch_page            (LdPagedModel        *self,
                                   guint                page);

G_DEFINE_FINAL_TYPE_WITH_CODE (LdPagedModel, ld_paged_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_LOADING,
  PROP_COUNTED,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static Reader *
reader_new (LdStore *store)
{
  Reader *reader = g_atomic_rc_box_new0 (Reader);

  g_mutex_init (&reader->lock);
  reader->store = g_object_ref (store);
  return reader;
}

static void
reader_clear (gpointer data)
{
  Reader *reader = data;

  if (reader->db)
    sqlite3_close_v2 (reader->db);
  g_clear_object (&reader->fill_store);
  g_object_unref (reader->store);
  g_mutex_clear (&reader->lock);
}

static void
reader_unref (Reader *reader)
{
  g_atomic_rc_box_release_full (reader, reader_clear);
}

/* Opens the connection on first use, inside the worker thread. */
static sqlite3 *
reader_lock (Reader  *reader,
             GError **error)
{
  g_mutex_lock (&reader->lock);
  if (reader->db == NULL)
    reader->db = ld_store_open_reader (reader->store, error);
  if (reader->db == NULL)
    g_mutex_unlock (&reader->lock);
  return reader->db;
}

static void
job_free (Job *job)
{
  g_clear_pointer (&job->query, ld_section_query_free);
  g_clear_pointer (&job->reader, reader_unref);
  g_clear_pointer (&job->rows, g_ptr_array_unref);
  g_free (job);
}

static Job *
job_new (LdPagedModel *self,
         guint         page)
{
  Job *job = g_new0 (Job, 1);

  job->query = ld_section_query_new_full (self->section, self->search_text, self->sort_column, self->descending,
                                          self->sort_chosen);
  job->reader = g_atomic_rc_box_acquire (self->reader);
  job->generation = self->generation;
  job->page = page;
  return job;
}

static void
set_loading (LdPagedModel *self,
             gboolean      loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  sqlite3 *db = reader_lock (job->reader, &error);

  if (db == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (ld_section_query_count (job->query, db, &job->count, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
  g_mutex_unlock (&job->reader->lock);
}

/* Computed columns (a certificate's findings) are filled through a store of
 * the reader's own, opened read-only: the window's store may be in the
 * middle of a write on another thread. Called with the reader's lock. */
static gboolean
fill_rows (Job     *job,
           GError **error)
{
  const LdSection *section = ld_section_query_get_section (job->query);
  Reader *reader = job->reader;

  if (section->fill_rows == NULL)
    return TRUE;
  if (reader->fill_store == NULL &&
      !(reader->fill_store = ld_store_open_full (ld_store_get_path (reader->store), LD_STORE_OPEN_READ_ONLY, error)))
    return FALSE;
  return ld_section_fill_rows (reader->fill_store, section, job->rows, error);
}

static void
page_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  sqlite3 *db = reader_lock (job->reader, &error);

  if (db == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  job->rows = ld_section_query_page (job->query, db, (gint64) job->page * LD_PAGED_MODEL_PAGE_SIZE,
                                     LD_PAGED_MODEL_PAGE_SIZE, &error);
  if (job->rows && !fill_rows (job, &error))
    g_clear_pointer (&job->rows, g_ptr_array_unref);
  g_mutex_unlock (&job->reader->lock);
  if (job->rows)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
drop_pages (LdPagedModel *self)
{
  g_hash_table_remove_all (self->pages);
  g_hash_table_remove_all (self->pending);
  g_queue_clear (&self->recent);
}

static void
update_loading (LdPagedModel *self)
{
  set_loading (self, !self->complete || g_hash_table_size (self->pending) > 0);
}

static void
set_error (LdPagedModel *self,
           GError       *error)
{
  g_warning ("%s", error->message);
  g_clear_error (&self->error);
  self->error = error;
}

static void
resize (LdPagedModel *self,
        guint         n_items)
{
  guint old_n = self->n_items;

  if (n_items == old_n)
    return;
  self->n_items = n_items;
  if (n_items > old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, n_items - old_n);
  else
    g_list_model_items_changed (G_LIST_MODEL (self), n_items, old_n - n_items, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
count_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  LdPagedModel *self = LD_PAGED_MODEL (object);
  Job *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (job->generation != self->generation)
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    set_error (self, error);
  else
    resize (self, (guint) MIN (job->count, G_MAXUINT));
  self->complete = TRUE;
  update_loading (self);
}

static GPtrArray *
rows_from_page (LdPagedModel *self,
                GPtrArray    *page)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < page->len; i++)
    {
      LdSectionRow *row = g_ptr_array_index (page, i);
      LdRecordRow *item = ld_record_row_new (self->section->n_columns);

      ld_record_row_fill (item, row->rowid, g_steal_pointer (&row->values));
      g_ptr_array_add (rows, item);
    }
  return rows;
}

/* The first page comes first, so a list shows at once however many records
 * match; the exact count follows when the page is full. */
static void
first_page_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  LdPagedModel *self = LD_PAGED_MODEL (object);
  Job *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  guint old_n = self->n_items;
  guint n = 0;

  if (job->generation != self->generation)
    return;

  g_clear_error (&self->error);
  drop_pages (self);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    set_error (self, error);
  else if ((n = job->rows->len) > 0)
    {
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (0), rows_from_page (self, job->rows));
      touch_page (self, 0);
    }

  self->n_items = n;
  self->counted = TRUE;
  self->complete = n < LD_PAGED_MODEL_PAGE_SIZE;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, n);
  if (old_n != n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTED]);
  if (!self->complete)
    start_job (self, job_new (self, 0), count_thread, count_done_cb);
  update_loading (self);
}

static void
fill_page (GPtrArray *placeholders,
           GPtrArray *rows)
{
  for (guint i = 0; i < placeholders->len && i < rows->len; i++)
    {
      LdSectionRow *row = g_ptr_array_index (rows, i);

      ld_record_row_fill (g_ptr_array_index (placeholders, i), row->rowid, g_steal_pointer (&row->values));
    }
}

static void
page_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LdPagedModel *self = LD_PAGED_MODEL (object);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  GPtrArray *placeholders;

  if (job->generation != self->generation)
    return;
  g_hash_table_remove (self->pending, GUINT_TO_POINTER (job->page));
  update_loading (self);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      set_error (self, g_steal_pointer (&error));
      return;
    }
  placeholders = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (job->page));
  if (placeholders)
    fill_page (placeholders, job->rows);
}

static void
start_job (LdPagedModel        *self,
           Job                 *job,
           GTaskThreadFunc      thread_func,
           GAsyncReadyCallback  done)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, done, NULL);

  g_task_set_source_tag (task, start_job);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, thread_func);
}

static void
touch_page (LdPagedModel *self,
            guint         page)
{
  g_queue_remove (&self->recent, GUINT_TO_POINTER (page));
  g_queue_push_head (&self->recent, GUINT_TO_POINTER (page));
}

/* Rows still shown keep their objects alive through the list widget's
 * references; dropping the page only forgets our copy. */
static void
evict_old_pages (LdPagedModel *self)
{
  while (g_queue_get_length (&self->recent) > MAX_CACHED_PAGES)
    {
      guint page = GPOINTER_TO_UINT (g_queue_pop_tail (&self->recent));

      g_hash_table_remove (self->pages, GUINT_TO_POINTER (page));
      g_hash_table_remove (self->pending, GUINT_TO_POINTER (page));
    }
}

static GPtrArray *
request_page (LdPagedModel *self,
              guint         page)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);
  guint first = page * LD_PAGED_MODEL_PAGE_SIZE;
  guint n = MIN (LD_PAGED_MODEL_PAGE_SIZE, self->n_items - first);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (rows, ld_record_row_new (self->section->n_columns));
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), rows);
  g_hash_table_add (self->pending, GUINT_TO_POINTER (page));
  set_loading (self, TRUE);
  start_job (self, job_new (self, page), page_thread, page_done_cb);
  return rows;
}

static GType
ld_paged_model_get_item_type (GListModel *model)
{
  return LD_TYPE_RECORD_ROW;
}

static guint
ld_paged_model_get_n_items (GListModel *model)
{
  return LD_PAGED_MODEL (model)->n_items;
}

static gpointer
ld_paged_model_get_item (GListModel *model,
                         guint       position)
{
  LdPagedModel *self = LD_PAGED_MODEL (model);
  guint page = position / LD_PAGED_MODEL_PAGE_SIZE;
  GPtrArray *rows;

  if (position >= self->n_items)
    return NULL;

  rows = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (rows == NULL)
    rows = request_page (self, page);
  touch_page (self, page);
  evict_old_pages (self);
  rows = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  g_assert (rows != NULL);
  return g_object_ref (g_ptr_array_index (rows, position % LD_PAGED_MODEL_PAGE_SIZE));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = ld_paged_model_get_item_type;
  iface->get_n_items = ld_paged_model_get_n_items;
  iface->get_item = ld_paged_model_get_item;
}

static void
store_changed_cb (LdPagedModel *self,
                  const char   *entity,
                  LdStore      *store)
{
  if (g_strcmp0 (entity, self->section->entity) == 0)
    ld_paged_model_reload (self);
}

static void
ld_paged_model_finalize (GObject *object)
{
  LdPagedModel *self = LD_PAGED_MODEL (object);

  g_queue_clear (&self->recent);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->reader, reader_unref);
  g_clear_error (&self->error);
  g_clear_object (&self->store);
  g_free (self->search_text);

  G_OBJECT_CLASS (ld_paged_model_parent_class)->finalize (object);
}

static void
ld_paged_model_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LdPagedModel *self = LD_PAGED_MODEL (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_COUNTED:
      g_value_set_boolean (value, self->counted);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_paged_model_class_init (LdPagedModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_paged_model_finalize;
  object_class->get_property = ld_paged_model_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COUNTED] =
    g_param_spec_boolean ("counted", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_paged_model_init (LdPagedModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->pending = g_hash_table_new (NULL, NULL);
  g_queue_init (&self->recent);
}

/**
 * ld_paged_model_new:
 *
 * A list of a register that reads only the pages a view asks for, in worker
 * threads. It starts empty and fills once the count arrives ("counted").
 *
 * Returns: (transfer full): the model
 */
LdPagedModel *
ld_paged_model_new (LdStore         *store,
                    const LdSection *section)
{
  LdPagedModel *self = g_object_new (LD_TYPE_PAGED_MODEL, NULL);

  self->store = g_object_ref (store);
  self->section = section;
  self->reader = reader_new (store);
  self->sort_column = section->default_sort_column;
  self->descending = section->default_sort_descending;
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  ld_paged_model_reload (self);
  return self;
}

const LdSection *
ld_paged_model_get_section (LdPagedModel *self)
{
  g_return_val_if_fail (LD_IS_PAGED_MODEL (self), NULL);

  return self->section;
}

/**
 * ld_paged_model_reload:
 *
 * Counts again and forgets every page; used after a change to the query or
 * the store.
 */
void
ld_paged_model_reload (LdPagedModel *self)
{
  g_return_if_fail (LD_IS_PAGED_MODEL (self));

  self->generation++;
  self->complete = FALSE;
  drop_pages (self);
  set_loading (self, TRUE);
  start_job (self, job_new (self, 0), page_thread, first_page_done_cb);
}

void
ld_paged_model_set_search_text (LdPagedModel *self,
                                const char   *search_text)
{
  g_return_if_fail (LD_IS_PAGED_MODEL (self));

  if (search_text && search_text[0] == '\0')
    search_text = NULL;
  if (g_strcmp0 (self->search_text, search_text) == 0)
    return;
  g_free (self->search_text);
  self->search_text = g_strdup (search_text);
  ld_paged_model_reload (self);
}

const char *
ld_paged_model_get_search_text (LdPagedModel *self)
{
  g_return_val_if_fail (LD_IS_PAGED_MODEL (self), NULL);

  return self->search_text;
}

void
ld_paged_model_set_sort (LdPagedModel *self,
                         guint         column,
                         gboolean      descending)
{
  g_return_if_fail (LD_IS_PAGED_MODEL (self));
  g_return_if_fail (column < self->section->n_columns);

  if (self->sort_chosen && self->sort_column == column && self->descending == descending)
    return;
  self->sort_column = column;
  self->descending = descending;
  self->sort_chosen = TRUE;
  ld_paged_model_reload (self);
}

/**
 * ld_paged_model_reset_sort:
 *
 * Back to the register's own order; a search then lists the newest matches first.
 */
void
ld_paged_model_reset_sort (LdPagedModel *self)
{
  g_return_if_fail (LD_IS_PAGED_MODEL (self));

  if (!self->sort_chosen)
    return;
  self->sort_column = self->section->default_sort_column;
  self->descending = self->section->default_sort_descending;
  self->sort_chosen = FALSE;
  ld_paged_model_reload (self);
}

gboolean
ld_paged_model_get_complete (LdPagedModel *self)
{
  g_return_val_if_fail (LD_IS_PAGED_MODEL (self), FALSE);

  return self->complete;
}

gboolean
ld_paged_model_get_loading (LdPagedModel *self)
{
  g_return_val_if_fail (LD_IS_PAGED_MODEL (self), FALSE);

  return self->loading;
}

gboolean
ld_paged_model_get_counted (LdPagedModel *self)
{
  g_return_val_if_fail (LD_IS_PAGED_MODEL (self), FALSE);

  return self->counted;
}

const GError *
ld_paged_model_get_error (LdPagedModel *self)
{
  g_return_val_if_fail (LD_IS_PAGED_MODEL (self), NULL);

  return self->error;
}

guint
ld_paged_model_get_n_cached_pages (LdPagedModel *self)
{
  g_return_val_if_fail (LD_IS_PAGED_MODEL (self), 0);

  return g_hash_table_size (self->pages);
}
