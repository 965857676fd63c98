/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-central-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "ld-central-page.h"
#include "ld-format.h"
#include "ld-info-page.h"
#include "ld-sync-engine.h"
#include "ld-sync-secret.h"

/* The Central Database section: the server this desk syncs with, the state
 * (online, syncing, error with its reason), what waits to be sent, the last
 * sync and the conflict list, and Sync Now. Reading the state and syncing run
 * in GTask threads: the window never waits on the store or the network. */

#define SHOWN_CONFLICTS 20

struct _LdCentralPage
{
  GtkWidget     parent_instance;

  GtkWidget    *info;
  LdStore      *store;
  AdwActionRow *server_row;
  AdwActionRow *state_row;
  AdwActionRow *pending_row;
  AdwActionRow *last_sync_row;
  AdwActionRow *conflicts_row;
  GtkWidget    *sync_button;
  GPtrArray    *conflict_rows;
  gboolean      syncing;
  char         *sync_error;
};

G_DEFINE_FINAL_TYPE (LdCentralPage, ld_central_page, GTK_TYPE_WIDGET)

typedef struct
{
  LdSyncStatus  status;
  GPtrArray    *conflicts;
} Snapshot;

static void
snapshot_free (Snapshot *snapshot)
{
  ld_sync_status_clear (&snapshot->status);
  g_clear_pointer (&snapshot->conflicts, g_ptr_array_unref);
  g_free (snapshot);
}

static void
read_state_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  LdStore *store = task_data;
  Snapshot *snapshot = g_new0 (Snapshot, 1);
  GError *error = NULL;

  if (!ld_sync_status_read (store, &snapshot->status, &error) ||
      !(snapshot->conflicts = ld_sync_conflicts_list (store, SHOWN_CONFLICTS, &error)))
    {
      snapshot_free (snapshot);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, snapshot, (GDestroyNotify) snapshot_free);
}

static char *
describe_state (LdCentralPage      *self,
                const LdSyncStatus *status)
{
  if (self->syncing)
    return g_strdup (_("Syncing…"));
  if (self->sync_error)
    return g_strdup_printf (_("Error: %s"), self->sync_error);
  if (status->server == NULL)
    return g_strdup (_("Not connected: this desk has not synced with a central server yet. The administrator "
                       "sets it up with “licence-desk-admin sync --server URI --remember”."));
  if (status->last_error)
    return g_strdup_printf (_("Offline, working on its own store: %s"), status->last_error);
  return g_strdup (_("Online"));
}

static void
show_conflicts (LdCentralPage *self,
                GPtrArray     *conflicts)
{
  for (guint i = 0; i < self->conflict_rows->len; i++)
    ld_info_page_remove_fact (LD_INFO_PAGE (self->info), g_ptr_array_index (self->conflict_rows, i));
  g_ptr_array_set_size (self->conflict_rows, 0);
  for (guint i = 0; i < conflicts->len; i++)
    {
      LdSyncConflict *c = g_ptr_array_index (conflicts, i);
      g_autofree char *title = g_strdup_printf ("%s %s: %s", c->entity, c->record_id, c->action);
      g_autofree char *value = NULL;
      AdwActionRow *row;

      if (g_str_equal (c->outcome, "conflict"))
        value = g_strdup_printf (_("Conflict on %s. Base: %s. Mine: %s. Theirs: %s."), c->detail ? c->detail : "",
                                 c->base ? c->base : "—", c->mine ? c->mine : "—", c->theirs ? c->theirs : "—");
      else
        value = g_strdup_printf (_("Refused by the server: %s"), c->detail ? c->detail : "");
      row = ld_info_page_add_fact (LD_INFO_PAGE (self->info), title, value);
      adw_action_row_set_subtitle_lines (row, 4);
      g_ptr_array_add (self->conflict_rows, row);
    }
}

static void
read_state_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  LdCentralPage *self = LD_CENTRAL_PAGE (object);
  g_autoptr(GError) error = NULL;
  Snapshot *snapshot = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *state = NULL, *pending = NULL, *last = NULL, *conflicts = NULL, *count = NULL;

  if (snapshot == NULL)
    {
      adw_action_row_set_subtitle (self->state_row, error->message);
      return;
    }
  state = describe_state (self, &snapshot->status);
  count = ld_format_count ((guint64) snapshot->status.pending);
  pending = g_strdup_printf (g_dngettext (NULL, "%s change waiting to be sent", "%s changes waiting to be sent",
                                          snapshot->status.pending), count);
  last = g_strdup_printf (_("Sent %s; received %s"),
                          snapshot->status.last_push_at ? snapshot->status.last_push_at : _("never"),
                          snapshot->status.last_pull_at ? snapshot->status.last_pull_at : _("never"));
  conflicts = g_strdup_printf ("%" G_GINT64_FORMAT, snapshot->status.open_conflicts);
  adw_action_row_set_subtitle (self->server_row, snapshot->status.server ? snapshot->status.server : _("None"));
  adw_action_row_set_subtitle (self->state_row, state);
  adw_action_row_set_subtitle (self->pending_row, pending);
  adw_action_row_set_subtitle (self->last_sync_row, last);
  adw_action_row_set_subtitle (self->conflicts_row, conflicts);
  gtk_widget_set_sensitive (self->sync_button, snapshot->status.server != NULL && !self->syncing);
  show_conflicts (self, snapshot->conflicts);
  snapshot_free (snapshot);
}

void
ld_central_page_refresh (LdCentralPage *self)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, read_state_done_cb, NULL);

  g_return_if_fail (LD_IS_CENTRAL_PAGE (self));

  g_task_set_source_tag (task, ld_central_page_refresh);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, read_state_thread);
}

/* Sync Now: the password of the server's login comes from the keyring. */
static void
sync_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LdStore *store = task_data;
  LdSyncStatus status;
  LdSyncStats stats = { 0 };
  g_autoptr(LdSyncEngine) engine = NULL;
  GError *error = NULL;
  char *password;

  if (!ld_sync_status_read (store, &status, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  password = ld_sync_secret_lookup (status.server, &error);
  if (password == NULL)
    {
      if (error == NULL)
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("The keyring holds no password for %s. Give it once with “licence-desk-admin sync --server "
                       "URI --password-fd N --remember”."), status.server);
      ld_sync_status_clear (&status);
      g_task_return_error (task, error);
      return;
    }
  engine = ld_sync_engine_new (store, status.server, password);
  memset (password, 0, strlen (password));
  g_free (password);
  ld_sync_status_clear (&status);
  if (!ld_sync_engine_sync (engine, &stats, &error))
    {
      ld_sync_engine_record_error (engine, error);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LdCentralPage *self = LD_CENTRAL_PAGE (object);
  g_autoptr(GError) error = NULL;

  self->syncing = FALSE;
  g_clear_pointer (&self->sync_error, g_free);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    self->sync_error = g_strdup (error->message);
  ld_central_page_refresh (self);
}

static void
sync_clicked_cb (LdCentralPage *self)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, sync_done_cb, NULL);

  self->syncing = TRUE;
  gtk_widget_set_sensitive (self->sync_button, FALSE);
  adw_action_row_set_subtitle (self->state_row, _("Syncing…"));
  g_task_set_source_tag (task, sync_clicked_cb);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, sync_thread);
}

static void
ld_central_page_dispose (GObject *object)
{
  LdCentralPage *self = LD_CENTRAL_PAGE (object);

  g_clear_pointer (&self->info, gtk_widget_unparent);
  g_clear_pointer (&self->conflict_rows, g_ptr_array_unref);
  g_clear_pointer (&self->sync_error, g_free);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (ld_central_page_parent_class)->dispose (object);
}

static void
ld_central_page_class_init (LdCentralPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ld_central_page_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
ld_central_page_init (LdCentralPage *self)
{
  self->conflict_rows = g_ptr_array_new ();
}

GtkWidget *
ld_central_page_new (LdStore *store)
{
  LdCentralPage *self = g_object_new (LD_TYPE_CENTRAL_PAGE, NULL);
  LdInfoPage *info;
  g_autofree char *version = g_strdup_printf ("%d", ld_store_get_schema_version (store));

  self->store = g_object_ref (store);
  self->info = ld_info_page_new ("network-server-symbolic", _("Central Database"),
                                 _("This desk works on its own embedded store and sends every change recorded "
                                   "here to the office's central PostgreSQL server, the record shared by every "
                                   "desk. Offline, it keeps working and sends the changes when the server is back."));
  gtk_widget_set_parent (self->info, GTK_WIDGET (self));
  info = LD_INFO_PAGE (self->info);
  ld_info_page_add_fact (info, _("Store file"), ld_store_get_path (store));
  ld_info_page_add_fact (info, _("Store version"), version);
  self->server_row = ld_info_page_add_fact (info, _("Server"), _("Reading…"));
  self->state_row = ld_info_page_add_fact (info, _("State"), _("Reading…"));
  adw_action_row_set_subtitle_lines (self->state_row, 4);
  self->pending_row = ld_info_page_add_fact (info, _("Outbox"), _("Counting…"));
  self->last_sync_row = ld_info_page_add_fact (info, _("Last sync"), _("Reading…"));
  self->conflicts_row = ld_info_page_add_fact (info, _("Open conflicts"), _("Reading…"));
  self->sync_button = gtk_button_new_with_mnemonic (_("_Sync Now"));
  gtk_widget_set_valign (self->sync_button, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (self->sync_button, FALSE);
  g_signal_connect_object (self->sync_button, "clicked", G_CALLBACK (sync_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (self->server_row, self->sync_button);
  ld_central_page_refresh (self);
  return GTK_WIDGET (self);
}
