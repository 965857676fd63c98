/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-central-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ld-case-workflow.h"
#include "ld-central-page.h"
#include "ld-conflict-dialog.h"
#include "ld-conflict-field-row.h"
#include "ld-conflict-row.h"
#include "ld-connect-dialog.h"
#include "ld-format.h"
#include "ld-detail-line.h"
#include "ld-detail-row.h"
#include "ld-sync-engine.h"
#include "ld-sync-loop.h"
#include "ld-sync-secret.h"
#include "ld-sync-server.h"

/* The Central Database section: the server this desk syncs with, the state
 * (online, syncing, error with its reason), what waits to be sent, the last
 * sync and the conflict list, and Sync Now. Reading the state and syncing run
 * in GTask threads: the window never waits on the store or the network. */

#define SHOWN_CONFLICTS 20
/* The changes waiting to be sent that the page lists, newest first; the
 * Outbox row counts them all. */
#define SHOWN_PENDING 50
/* The longest wait between two rounds of the automatic sync: it covers a
 * notification the server sent while the connection was down. */
#define AUTO_SYNC_PERIOD_MS 30000

struct _LdCentralPage
{
  GtkWidget     parent_instance;

  LdStore      *store;
  GtkWidget    *status_page;
  AdwPreferencesGroup *facts_group;
  AdwActionRow *store_row;
  AdwActionRow *version_row;
  AdwActionRow *server_row;
  AdwActionRow *state_row;
  AdwActionRow *pending_row;
  AdwActionRow *last_sync_row;
  AdwActionRow *conflicts_row;
  GtkWidget    *sync_button;
  GtkWidget    *connect_button;
  GtkListBox   *outbox_list;
  GListStore   *pending;        /* LdDetailLine, one per change waiting to be sent */
  GPtrArray    *conflict_rows;
  gboolean      syncing;
  char         *sync_error;
  LdActor      *actor;          /* (nullable) who resolves conflicts */
  LdSyncLoop   *loop;           /* (nullable) the automatic sync; none on a read-only store */
  gboolean      auto_sync;
  guint         refresh_source;
  char         *conflicts_shown;  /* conflicts_key() of the rows shown */
};

G_DEFINE_FINAL_TYPE (LdCentralPage, ld_central_page, GTK_TYPE_WIDGET)

typedef struct
{
  LdSyncStatus  status;
  GPtrArray    *conflicts;
  GPtrArray    *pending;
} Snapshot;

static void
snapshot_free (Snapshot *snapshot)
{
  ld_sync_status_clear (&snapshot->status);
  g_clear_pointer (&snapshot->conflicts, g_ptr_array_unref);
  g_clear_pointer (&snapshot->pending, g_ptr_array_unref);
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
      !(snapshot->conflicts = ld_sync_conflicts_list (store, SHOWN_CONFLICTS, &error)) ||
      !(snapshot->pending = ld_sync_outbox_list (store, SHOWN_PENDING, &error)))
    {
      snapshot_free (snapshot);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, snapshot, (GDestroyNotify) snapshot_free);
}

/* The automatic sync's state, when it runs. */
static char *
describe_loop (LdCentralPage *self)
{
  g_autofree char *message = ld_sync_loop_dup_message (self->loop);
  guint retry_s = (ld_sync_loop_get_retry_ms (self->loop) + 999) / 1000;

  switch (ld_sync_loop_get_state (self->loop))
    {
    case LD_SYNC_LOOP_SYNCING:
      return g_strdup (_("Syncing…"));
    case LD_SYNC_LOOP_LISTENING:
      return g_strdup (_("Online: changes are sent and received as they happen."));
    case LD_SYNC_LOOP_RETRYING:
      return g_strdup_printf (g_dngettext (NULL, "Offline, working on its own store: %s Trying again in %u second.",
                                           "Offline, working on its own store: %s Trying again in %u seconds.",
                                           retry_s), message, retry_s);
    case LD_SYNC_LOOP_STOPPED:
    default:
      return NULL;
    }
}

static char *
describe_state (LdCentralPage      *self,
                const LdSyncStatus *status)
{
  char *loop_state = self->loop && ld_sync_loop_is_running (self->loop) ? describe_loop (self) : NULL;

  if (loop_state)
    return loop_state;
  if (self->syncing)
    return g_strdup (_("Syncing…"));
  if (self->sync_error)
    return g_strdup_printf (_("Error: %s"), self->sync_error);
  if (status->server == NULL)
    return g_strdup (_("Not connected: this desk has not synced with a central server yet. Connect to it with "
                       "Connect…, or the administrator sets it up with “licence-desk-admin sync --server URI "
                       "--remember”."));
  if (status->last_error)
    return g_strdup_printf (_("Offline, working on its own store: %s"), status->last_error);
  return g_strdup (_("Online"));
}

/* ---- connecting --------------------------------------------------------- */

static const char *tls_modes[] = { "verify-full", "require", "disable" };

typedef struct
{
  LdCentralPage   *page;
  LdConnectDialog *window;
} ConnectForm;

static void
connect_form_free (ConnectForm *f)
{
  g_clear_object (&f->page);
  g_free (f);
}

typedef struct
{
  LdStore *store;
  char    *uri;
  char    *password;
} ConnectJob;

static void
connect_job_free (ConnectJob *job)
{
  g_object_unref (job->store);
  g_free (job->uri);
  if (job->password)
    memset (job->password, 0, strlen (job->password));
  g_free (job->password);
  g_free (job);
}

/* Connects once to check the address, the login and the schema, keeps the
 * password in the keyring, then sends and receives. */
static void
connect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ConnectJob *job = task_data;
  g_autoptr(LdSyncEngine) engine = ld_sync_engine_new (job->store, job->uri, job->password);
  LdSyncStats stats = { 0 };
  GError *error = NULL;

  if (!ld_sync_engine_connect (engine, &error) || !ld_sync_secret_store (job->uri, job->password, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (!ld_sync_engine_sync (engine, &stats, &error))
    {
      /* Connected and remembered: a failing sync shows as the page's state. */
      ld_sync_engine_record_error (engine, error);
      g_clear_error (&error);
    }
  g_task_return_boolean (task, TRUE);
}

static void
connect_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ConnectForm *f = user_data;
  g_autoptr(GError) error = NULL;

  f->page->syncing = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* The form stays as typed, with the reason next to it. */
      ld_connect_dialog_show_message (f->window, error->message);
      gtk_widget_set_sensitive (GTK_WIDGET (f->window), TRUE);
      ld_central_page_refresh (f->page);
      return;
    }
  g_clear_pointer (&f->page->sync_error, g_free);
  ld_central_page_refresh (f->page);
  gtk_window_destroy (GTK_WINDOW (f->window));
}

static void
connect_clicked_cb (LdConnectDialog *dialog,
                    ConnectForm     *f)
{
  g_autoptr(GError) error = NULL;
  const char *port_text = ld_connect_dialog_get_text (dialog, "port");
  guint64 port = 0;
  const char *ca = ld_connect_dialog_get_text (dialog, "ca-file");
  g_autofree char *uri = NULL;
  g_autoptr(GTask) task = NULL;
  ConnectJob *job;

  if (*port_text && (!g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &port, NULL)))
    {
      ld_connect_dialog_show_message (dialog, _("The port is a number from 1 to 65535 (PostgreSQL's is 5432)."));
      return;
    }
  uri = ld_sync_server_build_uri (ld_connect_dialog_get_text (dialog, "host"), (guint) port,
                                  ld_connect_dialog_get_text (dialog, "database"),
                                  ld_connect_dialog_get_text (dialog, "login"),
                                  tls_modes[MIN (ld_connect_dialog_get_tls (dialog), G_N_ELEMENTS (tls_modes) - 1)],
                                  *ca ? ca : NULL, &error);
  if (uri == NULL)
    {
      ld_connect_dialog_show_message (dialog, error->message);
      return;
    }
  job = g_new0 (ConnectJob, 1);
  job->store = g_object_ref (f->page->store);
  job->uri = g_steal_pointer (&uri);
  job->password = g_strdup (ld_connect_dialog_get_text (dialog, "password"));
  ld_connect_dialog_show_message (dialog, NULL);
  /* A focused text entry made insensitive warns that it lost its focus-out. */
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (dialog), FALSE);
  f->page->syncing = TRUE;
  adw_action_row_set_subtitle (f->page->state_row, _("Connecting…"));
  task = g_task_new (NULL, NULL, connect_done_cb, f);
  g_task_set_source_tag (task, connect_clicked_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) connect_job_free);
  g_task_run_in_thread (task, connect_thread);
}

/**
 * ld_central_page_open_connect:
 *
 * Opens the Connect window: the server, its port and database, the desk
 * user's login and password, and how the connection is protected (TLS). The
 * password goes to the keyring, never to a file or the address.
 *
 * Returns: (transfer none): the window
 */
GtkWindow *
ld_central_page_open_connect (LdCentralPage *self)
{
  ConnectForm *f = g_new0 (ConnectForm, 1);

  f->page = g_object_ref (self);
  f->window = ld_connect_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                     self->actor ? self->actor->login : NULL);
  g_object_set_data_full (G_OBJECT (f->window), "ld-connect-form", f, (GDestroyNotify) connect_form_free);
  g_signal_connect (f->window, "connect", G_CALLBACK (connect_clicked_cb), f);
  gtk_window_present (GTK_WINDOW (f->window));
  return GTK_WINDOW (f->window);
}

static void
open_connect_cb (LdCentralPage *self)
{
  ld_central_page_open_connect (self);
}

/* ---- resolving a conflict ------------------------------------------------ */

typedef struct
{
  LdCentralPage    *page;
  LdConflictDialog *window;
  char             *mutation_id;
} Resolution;

static void
resolution_free (Resolution *r)
{
  g_clear_object (&r->page);
  g_free (r->mutation_id);
  g_free (r);
}

typedef struct
{
  LdStore  *store;
  LdActor  *actor;
  char     *mutation_id;
  GStrv     mine_fields;
} ResolveJob;

static void
resolve_job_free (ResolveJob *job)
{
  g_object_unref (job->store);
  ld_actor_free (job->actor);
  g_free (job->mutation_id);
  g_strfreev (job->mine_fields);
  g_free (job);
}

static void
resolve_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ResolveJob *job = task_data;
  GError *error = NULL;
  char *resolution = NULL;

  if (!ld_sync_conflict_resolve (job->store, job->actor, job->mutation_id, (const char * const *) job->mine_fields,
                                 &resolution, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, resolution, g_free);
}

static void
resolve_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Resolution *r = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *resolution = g_task_propagate_pointer (G_TASK (result), &error);

  if (resolution == NULL)
    {
      /* The window stays open with the reason, so nothing chosen is lost. */
      ld_conflict_dialog_show_message (r->window, error->message);
      gtk_widget_set_sensitive (GTK_WIDGET (r->window), TRUE);
      return;
    }
  ld_central_page_refresh (r->page);
  gtk_window_destroy (GTK_WINDOW (r->window));
}

/* @which: "theirs", "mine" (every differing field) or "chosen" (the checks). */
static void
resolve_cb (LdConflictDialog *dialog,
            const char       *which,
            Resolution       *r)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, resolve_done_cb, r);
  ResolveJob *job = g_new0 (ResolveJob, 1);

  job->store = g_object_ref (r->page->store);
  job->actor = ld_actor_copy (r->page->actor);
  job->mutation_id = g_strdup (r->mutation_id);
  job->mine_fields = ld_conflict_dialog_dup_mine (dialog, which);
  gtk_widget_set_sensitive (GTK_WIDGET (dialog), FALSE);
  g_task_set_source_tag (task, resolve_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) resolve_job_free);
  g_task_run_in_thread (task, resolve_thread);
}

static JsonObject *
object_of (const char *json)
{
  g_autoptr(JsonNode) node = json ? json_from_string (json, NULL) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_object_ref (json_node_get_object (node)) : json_object_new ();
}

static char *
member_text (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup (_("(empty)"));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return json_to_string (node, FALSE);
}

static gboolean
members_differ (JsonObject *a,
                JsonObject *b,
                const char *name)
{
  JsonNode *x = json_object_get_member (a, name);
  JsonNode *y = json_object_get_member (b, name);

  if (x == NULL || y == NULL)
    return (x == NULL) != (y == NULL);
  return !json_node_equal (x, y);
}

/* One row per field whose versions differ: base, mine and theirs side by
 * side, and a check to keep mine (the fields the server found clashing come
 * first and are marked). */
static void
add_field_rows (LdConflictDialog     *dialog,
                const LdSyncConflict *c,
                const char           *theirs_json)
{
  g_autoptr(JsonObject) base = object_of (c->base);
  g_autoptr(JsonObject) mine = object_of (c->mine);
  g_autoptr(JsonObject) theirs = object_of (theirs_json);
  g_autoptr(GList) names = json_object_get_members (mine);
  g_auto(GStrv) clashing = g_strsplit (c->detail ? c->detail : "", ", ", -1);

  for (GList *l = json_object_get_members (theirs); l; l = g_list_delete_link (l, l))
    if (!json_object_has_member (mine, l->data))
      names = g_list_append (names, l->data);
  for (GList *l = names; l; l = l->next)
    {
      const char *name = l->data;
      g_autofree char *b = NULL, *m = NULL, *t = NULL;
      gboolean clash = g_strv_contains ((const char * const *) clashing, name);

      if (g_str_equal (name, "row_version") || !members_differ (mine, theirs, name))
        continue;
      b = member_text (base, name);
      m = member_text (mine, name);
      t = member_text (theirs, name);
      ld_conflict_dialog_add_field (dialog, ld_conflict_field_row_new (name, b, m, t, clash));
    }
}

/**
 * ld_central_page_open_resolution:
 *
 * Opens the resolution view of an open conflict: the record's fields as the
 * desk had them when the change was made (base), as the desk changed them
 * (mine) and as the server holds them now (theirs); the officer takes the
 * server's version, keeps the desk's, or keeps the desk's chosen fields.
 *
 * Returns: (transfer none) (nullable): the window
 */
GtkWindow *
ld_central_page_open_resolution (LdCentralPage *self,
                                 const char    *mutation_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSyncConflict) c = ld_sync_conflict_find (self->store, mutation_id, &error);
  g_autofree char *theirs = c ? ld_sync_conflict_latest_theirs (self->store, c, &error) : NULL;
  g_autofree char *title = NULL, *description = NULL;
  Resolution *r;

  if (c == NULL || self->actor == NULL)
    return NULL;
  title = g_strdup_printf (_("%s %s: %s"), c->entity, c->record_id, c->action);
  if (g_str_equal (c->outcome, "notice"))
    /* Nothing to choose: the record is on the server with both numbers. */
    description = g_strdup_printf (_("%s Taking the server's version acknowledges this notice; nothing changes."),
                                   c->detail ? c->detail : "");
  else
    description = g_strdup_printf (_("Another desk changed %s on the server before this desk's change arrived. The "
                                     "desk keeps its version until you choose. Check “Keep mine” for the fields to "
                                     "keep from this desk; every other field takes the server's value."),
                                   c->detail ? c->detail : "");
  r = g_new0 (Resolution, 1);
  r->page = g_object_ref (self);
  r->mutation_id = g_strdup (mutation_id);
  r->window = ld_conflict_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), title, description);
  g_object_set_data_full (G_OBJECT (r->window), "ld-resolution", r, (GDestroyNotify) resolution_free);
  add_field_rows (r->window, c, theirs);
  g_signal_connect (r->window, "resolve", G_CALLBACK (resolve_cb), r);
  gtk_window_present (GTK_WINDOW (r->window));
  return GTK_WINDOW (r->window);
}

/* A conflict row's Resolve… or Accept… button, with the change's mutation id. */
static void
resolve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ld_central_page_open_resolution (LD_CENTRAL_PAGE (widget), g_variant_get_string (parameter, NULL));
}

/**
 * ld_central_page_set_actor:
 * @actor: (nullable): who resolves conflicts; %NULL shows them without the
 *   Resolve buttons (a read-only store, nobody signed in)
 */
void
ld_central_page_set_actor (LdCentralPage *self,
                           const LdActor *actor)
{
  g_return_if_fail (LD_IS_CENTRAL_PAGE (self));

  g_clear_pointer (&self->actor, ld_actor_free);
  self->actor = actor ? ld_actor_copy (actor) : NULL;
  ld_central_page_refresh (self);
}

/* What the conflict rows show, to leave them (and the focus, and a
 * reference a test holds) alone when a refresh finds the same conflicts. */
static char *
conflicts_key (GPtrArray *conflicts,
               gboolean   may_resolve)
{
  GString *key = g_string_new (may_resolve ? "resolve" : "read");

  for (guint i = 0; i < conflicts->len; i++)
    {
      LdSyncConflict *c = g_ptr_array_index (conflicts, i);

      g_string_append_printf (key, "\n%s\t%s\t%s", c->mutation_id, c->detail ? c->detail : "",
                              c->theirs ? c->theirs : "");
    }
  return g_string_free (key, FALSE);
}

static void
show_conflicts (LdCentralPage *self,
                GPtrArray     *conflicts)
{
  g_autofree char *key = conflicts_key (conflicts, self->actor != NULL);

  if (g_strcmp0 (key, self->conflicts_shown) == 0)
    return;
  g_free (self->conflicts_shown);
  self->conflicts_shown = g_steal_pointer (&key);
  for (guint i = 0; i < self->conflict_rows->len; i++)
    adw_preferences_group_remove (self->facts_group, g_ptr_array_index (self->conflict_rows, i));
  g_ptr_array_set_size (self->conflict_rows, 0);
  for (guint i = 0; i < conflicts->len; i++)
    {
      GtkWidget *row = ld_conflict_row_new (g_ptr_array_index (conflicts, i), self->actor != NULL);

      adw_preferences_group_add (self->facts_group, row);
      g_ptr_array_add (self->conflict_rows, row);
    }
}

/* Which records win.open-record (LdWindow) opens in a window of their own,
 * or for a case on the Applications page. */
static gboolean
can_open (const char *entity)
{
  static const char *openable[] = { "broker", "application", "euc", "licence", NULL };

  return g_strv_contains (openable, entity);
}

/* What was done, in words: a case's step as its history names it, any other
 * action key (euc_register, add-person) without the record's kind the row
 * already names, its first letter raised and its separators as spaces. */
static char *
action_words (const char *entity,
              const char *action)
{
  /* Keys whose words alone would not say what happened (Dvc, Ship). */
  static const struct { const char *action; const char *words; } said[] = {
    { "euc_dvc", N_("Delivery verified") },
    { "euc_link", N_("Linked to a case") },
    { "euc_register", N_("Registered") },
    { "euc_consent_request", N_("Re-export consent requested") },
    { "euc_consent_grant", N_("Re-export consent granted") },
    { "euc_consent_refuse", N_("Re-export consent refused") },
    { "euc_link_second", N_("Linked to a further case") },
    { "euc_reuse_refused", N_("Reuse refused") },
    { "euc_verify", N_("Verified with the issuing authority") },
    { "euc_void", N_("Voided") },
    { "screen-consent", N_("Consent request screened") },
    { "screen", N_("Screened") },
    { "issue", N_("Issued") },
    { "ship", N_("Shipment recorded") },
    { "shipment-record", N_("Recorded") },
    { "shipment-void", N_("Voided") },
    { "create", N_("Created") },
  };
  gsize kind_len = strlen (entity);
  char *words;

  if (g_str_equal (entity, "application") && ld_case_event_get_title (action) != action)
    return g_strdup (ld_case_event_get_title (action));
  for (guint i = 0; i < G_N_ELEMENTS (said); i++)
    if (g_str_equal (said[i].action, action))
      return g_strdup (_(said[i].words));
  if (g_str_has_prefix (action, entity) && action[kind_len] == '_' && action[kind_len + 1] != '\0')
    action += kind_len + 1;
  words = g_strdelimit (g_strdup (action), "_-", ' ');
  words[0] = g_ascii_toupper (words[0]);
  return words;
}

static gboolean
says_action (const char *kind,
             const char *action)
{
  g_autofree char *kind_folded = g_utf8_casefold (kind, -1);
  g_autofree char *action_folded = g_utf8_casefold (action, -1);

  return strstr (kind_folded, action_folded) != NULL;
}

/* One change waiting to be sent: the record as officers name it (a case by
 * its reference, a licence by its number once it has one) and what was done
 * to it, when and by whom; Open shows the record. */
static LdDetailLine *
pending_line (const LdSyncPending *p)
{
  g_autofree char *action = action_words (p->entity, p->action);
  g_autofree char *kind = ld_format_record_kind (p->entity);
  /* A record whose name this desk cannot read (a history line, a screening
   * run) is named by its kind alone: its id tells an officer nothing. The
   * action is left out where the kind already says it (Case screening run,
   * Screening run). */
  g_autofree char *title = p->label && *p->label
                           ? g_strdup_printf (_("%s %s: %s"), kind, p->label, action)
                           : says_action (kind, action) ? g_strdup (kind)
                           : g_strdup_printf (_("%s: %s"), kind, action);
  g_autofree char *when = ld_format_instant (p->created_at);
  g_autofree char *subtitle = g_strdup_printf (_("Recorded %s by %s"), when, p->actor ? p->actor : _("unknown"));
  LdDetailLine *line = ld_detail_line_new (title, subtitle, NULL);

  if (can_open (p->entity))
    ld_detail_line_set_target (line, g_variant_new ("(ss)", p->entity, p->record_id));
  return line;
}

static GtkWidget *
pending_row_new (gpointer line,
                 gpointer unused)
{
  g_autoptr(GVariant) target = NULL;

  g_object_get (line, "target", &target, NULL);
  return target ? ld_detail_row_new_action (line, (gpointer) "win.open-record") : ld_detail_row_new (line, NULL);
}

static void
show_pending (LdCentralPage *self,
              GPtrArray     *pending)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < pending->len; i++)
    g_ptr_array_add (lines, pending_line (g_ptr_array_index (pending, i)));
  g_list_store_splice (self->pending, 0, g_list_model_get_n_items (G_LIST_MODEL (self->pending)), lines->pdata,
                       lines->len);
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
  /* A desk with a server syncs by itself from now on. */
  if (self->loop && self->auto_sync && snapshot->status.server != NULL && !ld_sync_loop_is_running (self->loop))
    ld_sync_loop_start (self->loop);
  state = describe_state (self, &snapshot->status);
  count = ld_format_count ((guint64) snapshot->status.pending);
  pending = g_strdup_printf (g_dngettext (NULL, "%s change waiting to be sent", "%s changes waiting to be sent",
                                          snapshot->status.pending), count);
  last = g_strdup_printf (_("Sent %s; received %s"),
                          snapshot->status.last_push_at ? snapshot->status.last_push_at : _("never"),
                          snapshot->status.last_pull_at ? snapshot->status.last_pull_at : _("never"));
  if (snapshot->status.open_notices > 0)
    conflicts = g_strdup_printf (g_dngettext (NULL, "%" G_GINT64_FORMAT ", and %" G_GINT64_FORMAT " notice to acknowledge",
                                              "%" G_GINT64_FORMAT ", and %" G_GINT64_FORMAT " notices to acknowledge",
                                              snapshot->status.open_notices),
                                 snapshot->status.open_conflicts, snapshot->status.open_notices);
  else
    conflicts = g_strdup_printf ("%" G_GINT64_FORMAT, snapshot->status.open_conflicts);
  adw_action_row_set_subtitle (self->server_row, snapshot->status.server ? snapshot->status.server : _("None"));
  adw_action_row_set_subtitle (self->state_row, state);
  adw_action_row_set_subtitle (self->pending_row, pending);
  adw_action_row_set_subtitle (self->last_sync_row, last);
  adw_action_row_set_subtitle (self->conflicts_row, conflicts);
  gtk_widget_set_sensitive (self->sync_button, snapshot->status.server != NULL && !self->syncing);
  show_conflicts (self, snapshot->conflicts);
  show_pending (self, snapshot->pending);
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
  g_autoptr(GTask) task = NULL;

  /* The automatic sync takes its next round now. */
  if (self->loop && ld_sync_loop_is_running (self->loop))
    {
      ld_sync_loop_wake (self->loop);
      return;
    }
  task = g_task_new (self, NULL, sync_done_cb, NULL);

  self->syncing = TRUE;
  gtk_widget_set_sensitive (self->sync_button, FALSE);
  adw_action_row_set_subtitle (self->state_row, _("Syncing…"));
  g_task_set_source_tag (task, sync_clicked_cb);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, sync_thread);
}

static gboolean
refresh_cb (gpointer data)
{
  LdCentralPage *self = data;

  self->refresh_source = 0;
  ld_central_page_refresh (self);
  return G_SOURCE_REMOVE;
}

/* A change made at this desk goes to the server at once; with no sync
 * running, the outbox and its list are read again (once for a burst of
 * changes) so they never show a stale count. */
static void
local_change_cb (LdCentralPage *self,
                 const char    *entity)
{
  if (self->loop && ld_sync_loop_is_running (self->loop))
    ld_sync_loop_wake (self->loop);
  else if (self->refresh_source == 0)
    self->refresh_source = g_timeout_add (250, refresh_cb, self);
}

static void
ld_central_page_dispose (GObject *object)
{
  LdCentralPage *self = LD_CENTRAL_PAGE (object);

  /* A round in flight ends in its own thread, not while the window closes:
   * the store's transactions keep it whole either way. */
  if (self->loop)
    ld_sync_loop_stop_later (self->loop);
  g_clear_object (&self->loop);
  g_clear_object (&self->pending);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_pointer (&self->conflicts_shown, g_free);
  g_clear_pointer (&self->conflict_rows, g_ptr_array_unref);
  g_clear_pointer (&self->sync_error, g_free);
  g_clear_pointer (&self->actor, ld_actor_free);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_CENTRAL_PAGE);
  G_OBJECT_CLASS (ld_central_page_parent_class)->dispose (object);
}

static void
ld_central_page_class_init (LdCentralPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ld_central_page_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/licencedesk/LicenceDesk/ld-central-page.ui");
  /* Bound so that dispose_template unparents it. */
  gtk_widget_class_bind_template_child (widget_class, LdCentralPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, LdCentralPage, facts_group);
  gtk_widget_class_bind_template_child (widget_class, LdCentralPage, store_row);
  gtk_widget_class_bind_template_child (widget_class, LdCentralPage, version_row);
  gtk_widget_class_bind_template_child (widget_class, LdCentralPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, LdCentralPage, state_row);
  gtk_widget_class_bind_template_child (widget_class, LdCentralPage, pending_row);
  gtk_widget_class_bind_template_child (widget_class, LdCentralPage, last_sync_row);
  gtk_widget_class_bind_template_child (widget_class, LdCentralPage, conflicts_row);
  gtk_widget_class_bind_template_child (widget_class, LdCentralPage, sync_button);
  gtk_widget_class_bind_template_child (widget_class, LdCentralPage, connect_button);
  gtk_widget_class_bind_template_child (widget_class, LdCentralPage, outbox_list);
  gtk_widget_class_bind_template_callback (widget_class, sync_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_connect_cb);
  gtk_widget_class_install_action (widget_class, "central.resolve", "s", resolve_action);
}

static void
ld_central_page_init (LdCentralPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->conflict_rows = g_ptr_array_new ();
  self->pending = g_list_store_new (LD_TYPE_DETAIL_LINE);
  gtk_list_box_bind_model (self->outbox_list, G_LIST_MODEL (self->pending), pending_row_new, NULL, NULL);
}

GtkWidget *
ld_central_page_new (LdStore *store)
{
  LdCentralPage *self = g_object_new (LD_TYPE_CENTRAL_PAGE, NULL);
  g_autofree char *version = g_strdup_printf ("%d", ld_store_get_schema_version (store));

  self->store = g_object_ref (store);
  adw_action_row_set_subtitle (self->store_row, ld_store_get_path (store));
  adw_action_row_set_subtitle (self->version_row, version);
  if (!ld_store_is_read_only (store))
    {
      self->loop = ld_sync_loop_new (store, AUTO_SYNC_PERIOD_MS);
      self->auto_sync = TRUE;
      g_signal_connect_object (self->loop, "changed", G_CALLBACK (ld_central_page_refresh), self,
                               G_CONNECT_SWAPPED);
      /* A change made at this desk goes to the server at once. */
      g_signal_connect_object (store, "changed", G_CALLBACK (local_change_cb), self, G_CONNECT_SWAPPED);
    }
  ld_central_page_refresh (self);
  return GTK_WIDGET (self);
}

/**
 * ld_central_page_set_auto_sync:
 * @auto_sync: whether the desk syncs by itself (the default on a writable
 *   store); %FALSE stops it and leaves syncing to Sync Now
 */
void
ld_central_page_set_auto_sync (LdCentralPage *self,
                               gboolean       auto_sync)
{
  g_return_if_fail (LD_IS_CENTRAL_PAGE (self));

  self->auto_sync = auto_sync && self->loop != NULL;
  if (self->loop && !auto_sync)
    ld_sync_loop_stop (self->loop);
  ld_central_page_refresh (self);
}
