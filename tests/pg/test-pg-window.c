/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Central Database section of the real window, under Xvfb, on a desk
 * whose server is a real PostgreSQL 15 this test starts: it shows the
 * server, the state, what waits to be sent and the conflicts; Sync Now with
 * a wrong password in the keyring says so and keeps the queue; with the right
 * one it sends the queue and lists the conflict with base, mine and theirs. */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "ld-broker-repo.h"
#include "ld-case-json.h"
#include "ld-case-repo.h"
#include "ld-euc-repo.h"
#include "ld-licence-repo.h"
#include "ld-central-page.h"
#include "ld-sync-secret.h"
#include "ld-test-desk.h"
#include "ld-test-pg.h"
#include "ld-ui.h"
#include "ld-user-repo.h"
#include "ld-window.h"

#define PASSWORD "window-pass-2026"

static AdwActionRow *
find_row (GtkWidget  *widget,
          const char *title)
{
  if (ADW_IS_ACTION_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return ADW_ACTION_ROW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      AdwActionRow *row = find_row (child, title);

      if (row)
        return row;
    }
  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *button = find_button (child, label);

      if (button)
        return button;
    }
  return NULL;
}

static GtkWindow *
find_window (const char *name)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GListModel) windows = gtk_window_get_toplevels ();

      g_object_ref (windows);
      for (guint i = 0; i < g_list_model_get_n_items (windows); i++)
        {
          g_autoptr(GtkWidget) w = g_list_model_get_item (windows, i);

          if (g_strcmp0 (gtk_widget_get_name (w), name) == 0 && gtk_widget_get_mapped (w))
            return GTK_WINDOW (w);
        }
      g_main_context_iteration (NULL, FALSE);
    }
  return NULL;
}

typedef struct
{
  GtkWidget  *page;
  const char *title;
  const char *prefix;
} RowWait;

static gboolean
row_says (RowWait *wait)
{
  AdwActionRow *row = find_row (wait->page, wait->title);
  const char *subtitle = row ? adw_action_row_get_subtitle (row) : NULL;

  return subtitle && g_str_has_prefix (subtitle, wait->prefix);
}

static void
wait_for_row (GtkWidget  *page,
              const char *title,
              const char *prefix)
{
  RowWait wait = { page, title, prefix };
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!row_says (&wait) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  if (!row_says (&wait))
    {
      AdwActionRow *row = find_row (page, title);

      g_error ("“%s” says “%s”, not “%s…”", title, row ? adw_action_row_get_subtitle (row) : "(no row)", prefix);
    }
}

/* With LD_SCREENSHOT_DIR set, the page as drawn, for a person to look at. */
static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *dir = g_getenv ("LD_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;

  if (dir == NULL)
    return;
  paintable = gtk_widget_paintable_new (widget);
  gtk_widget_queue_draw (widget);
  for (gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 2; g_get_monotonic_time () < until;)
    g_main_context_iteration (NULL, FALSE);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, NULL);
  path = g_build_filename (dir, name, NULL);
  gdk_texture_save_to_png (texture, path);
}

static void
test_central_section (void)
{
  g_autoptr(LdTestPg) server = ld_test_pg_start ();
  g_autofree char *uri_a = NULL, *uri_b = NULL;
  g_autoptr(LdTestDesk) a = NULL, b = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(LdActor) officer = ld_actor_new ("test-officer", "senior2", "Ana Pereira", LD_ROLE_SENIOR_OFFICER);
  g_autoptr(GError) error = NULL;
  const char *base = "{\"legal_name\":\"Kappa\",\"phone\":\"1\"}";
  LdWindow *window;
  GtkWidget *page, *sync_button, *resolution;
  AdwActionRow *conflict, *field;
  GtkWindow *chooser;

  ld_test_pg_install_schema (server);
  ld_test_pg_add_login (server, "senior1", PASSWORD, "ld_senior");
  ld_test_pg_add_login (server, "senior2", PASSWORD, "ld_senior");
  uri_a = ld_test_pg_uri (server, "senior1", 0);
  uri_b = ld_test_pg_uri (server, "senior2", 0);
  a = ld_test_desk_new ("senior1", uri_a, PASSWORD);
  b = ld_test_desk_new ("senior2", uri_b, PASSWORD);
  g_free (ld_test_desk_write (a, "broker", "br-k", "create", NULL, base));
  ld_test_desk_sync (a);
  ld_test_desk_sync (b);
  /* Both change the phone; the window's desk is second. */
  g_free (ld_test_desk_write (a, "broker", "br-k", "update", base, "{\"legal_name\":\"Kappa\",\"phone\":\"2\"}"));
  ld_test_desk_sync (a);
  g_free (ld_test_desk_write (b, "broker", "br-k", "update", base, "{\"legal_name\":\"Kappa\",\"phone\":\"3\"}"));
  g_free (ld_test_desk_write (b, "broker", "br-new", "create", NULL, "{\"legal_name\":\"Lambda\"}"));

  settings = g_settings_new (APP_ID);
  window = ld_window_new (NULL, settings);
  gtk_window_present (GTK_WINDOW (window));
  ld_window_set_store (window, b->store);
  ld_window_set_actor (window, officer);
  g_assert_true (ld_window_select_section (window, "central"));
  page = ld_window_get_page (window, "central");
  g_assert_true (LD_IS_CENTRAL_PAGE (page));
  /* This test counts the outbox between presses of Sync Now. */
  ld_central_page_set_auto_sync (LD_CENTRAL_PAGE (page), FALSE);
  wait_for_row (page, "Server", uri_b);
  wait_for_row (page, "State", "Online");
  wait_for_row (page, "Outbox", "2 changes waiting to be sent");
  wait_for_row (page, "Open conflicts", "0");
  sync_button = find_button (page, "_Sync Now");
  g_assert_nonnull (sync_button);
  g_assert_true (gtk_widget_get_sensitive (sync_button));

  /* A wrong password in the keyring: said in the section, nothing lost. */
  g_assert_true (ld_sync_secret_store (uri_b, "Zz-not-the-password", &error));
  g_assert_no_error (error);
  g_signal_emit_by_name (sync_button, "clicked");
  wait_for_row (page, "State", "Error: The server senior2@127.0.0.1");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (find_row (page, "State")), "refused the login"));
  g_assert_null (strstr (adw_action_row_get_subtitle (find_row (page, "State")), "Zz-not-the-password"));
  wait_for_row (page, "Outbox", "2 changes waiting to be sent");
  save_screenshot (page, "central-database-wrong-password.png");

  g_assert_true (ld_sync_secret_store (uri_b, PASSWORD, &error));
  g_signal_emit_by_name (sync_button, "clicked");
  wait_for_row (page, "State", "Online");
  wait_for_row (page, "Outbox", "0 changes waiting to be sent");
  wait_for_row (page, "Open conflicts", "1");
  conflict = find_row (page, "broker br-k: update");
  g_assert_nonnull (conflict);
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (conflict), "Conflict on phone. Base: "));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (conflict), "Theirs: {\"phone\": \"2\""));
  save_screenshot (page, "central-database-conflict.png");

  /* The resolution view: base, mine and theirs of each differing field; the
   * officer keeps the desk's phone, which goes to the server. */
  resolution = find_button (GTK_WIDGET (conflict), "_Resolve…");
  g_assert_nonnull (resolution);
  g_signal_emit_by_name (resolution, "clicked");
  chooser = find_window ("conflict-resolution");
  g_assert_nonnull (chooser);
  field = find_row (GTK_WIDGET (chooser), "phone");
  g_assert_nonnull (field);
  g_assert_cmpstr (adw_action_row_get_subtitle (field), ==, "Base: 1\nMine: 3\nTheirs: 2");
  g_assert_null (find_row (GTK_WIDGET (chooser), "legal_name"));
  save_screenshot (GTK_WIDGET (chooser), "central-database-resolve.png");
  g_signal_emit_by_name (find_button (GTK_WIDGET (chooser), "_Keep Mine"), "clicked");
  wait_for_row (page, "Open conflicts", "0");
  wait_for_row (page, "Outbox", "1 change waiting to be sent");
  g_assert_cmpint (ld_test_desk_count (b, "SELECT count(*) FROM audit_log WHERE action = 'resolve-keep-mine'"
                                         " AND actor_login = 'senior2'"), ==, 1);
  g_signal_emit_by_name (sync_button, "clicked");
  wait_for_row (page, "Outbox", "0 changes waiting to be sent");
  g_assert_cmpint (ld_test_desk_count (b, "SELECT count(*) FROM outbox WHERE action = 'resolve-keep-mine'"
                                         " AND push_outcome = 'applied'"), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
shows_label (GtkWidget  *widget,
             const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (shows_label (child, text))
      return TRUE;
  return FALSE;
}

static void
wait_for_label (GtkWidget  *widget,
                const char *text)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!shows_label (widget, text) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  if (!shows_label (widget, text))
    g_error ("the window does not show “%s”", text);
}

/* A broker registered at one desk is in the other desk's Brokers list after a
 * sync; renamed at both offline, the list marks it in conflict. */
static void
test_brokers_list (void)
{
  g_autoptr(LdTestPg) server = ld_test_pg_start ();
  g_autofree char *uri_a = NULL, *uri_b = NULL, *id = NULL;
  g_autoptr(LdTestDesk) a = NULL, b = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  LdBrokerDraft draft = { .legal_name = (char *) "Fornax Forwarding", .country = (char *) "SE" };
  g_autoptr(LdBrokerRecord) ra = NULL, rb = NULL;
  LdWindow *window;
  GtkWidget *page;

  ld_test_pg_install_schema (server);
  ld_test_pg_add_login (server, "clerk1", PASSWORD, "ld_clerk");
  ld_test_pg_add_login (server, "clerk2", PASSWORD, "ld_clerk");
  uri_a = ld_test_pg_uri (server, "clerk1", 0);
  uri_b = ld_test_pg_uri (server, "clerk2", 0);
  a = ld_test_desk_new ("clerk1", uri_a, PASSWORD);
  b = ld_test_desk_new ("clerk2", uri_b, PASSWORD);
  ld_actor_free (a->actor);
  ld_actor_free (b->actor);
  a->actor = ld_user_repo_add (a->store, NULL, "clerk1", "Carl Berg", LD_ROLE_CLERK, &error);
  b->actor = ld_user_repo_add (b->store, NULL, "clerk2", "Lina Holm", LD_ROLE_CLERK, &error);
  g_assert_no_error (error);
  id = ld_broker_repo_create (a->store, a->actor, &draft, FALSE, &error);
  g_assert_no_error (error);
  ld_test_desk_sync (a);
  ld_test_desk_sync (b);

  settings = g_settings_new (APP_ID);
  window = ld_window_new (NULL, settings);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 600);
  gtk_window_present (GTK_WINDOW (window));
  ld_window_set_store (window, b->store);
  ld_window_set_actor (window, b->actor);
  /* The desks sync when this test says so. */
  ld_central_page_set_auto_sync (LD_CENTRAL_PAGE (ld_window_get_page (window, "central")), FALSE);
  g_assert_true (ld_window_select_section (window, "brokers"));
  page = ld_window_get_page (window, "brokers");
  wait_for_label (page, "Fornax Forwarding");

  ra = ld_broker_repo_get (a->store, id, &error);
  draft = *ra->draft;
  draft.legal_name = (char *) "Fornax Forwarding North";
  g_assert_true (ld_broker_repo_update (a->store, a->actor, id, ra->row_version, &draft, &error));
  rb = ld_broker_repo_get (b->store, id, &error);
  draft = *rb->draft;
  draft.legal_name = (char *) "Fornax Forwarding South";
  g_assert_true (ld_broker_repo_update (b->store, b->actor, id, rb->row_version, &draft, &error));
  g_assert_no_error (error);
  wait_for_label (page, "⏳ Waiting to be sent");
  ld_test_desk_sync (a);
  ld_test_desk_sync (b);
  wait_for_label (page, "⚠ Conflict: resolve on the Central Database page");
  save_screenshot (GTK_WIDGET (window), "brokers-list-conflict.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found)
        return found;
    }
  return NULL;
}

static void
type_into (GtkWindow  *window,
           const char *name,
           const char *text)
{
  GtkWidget *entry = find_named (GTK_WIDGET (window), name);

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static void
wait_for_message (GtkWindow  *window,
                  const char *part)
{
  GtkWidget *message = find_named (GTK_WIDGET (window), "message");
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!(gtk_widget_get_visible (message) && strstr (gtk_label_get_text (GTK_LABEL (message)), part)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  if (!strstr (gtk_label_get_text (GTK_LABEL (message)), part))
    g_error ("the Connect window says “%s”, not “…%s…”", gtk_label_get_text (GTK_LABEL (message)), part);
}

/* A desk that never synced connects from the window: TLS required against a
 * server without it, and a wrong password, are said in the window, which
 * keeps what was typed; then the right settings connect, the password is in
 * the keyring (not in the store), and the page shows the desk online. */
static void
test_connect (void)
{
  g_autoptr(LdTestPg) server = ld_test_pg_start ();
  g_autoptr(LdTestDesk) desk = ld_test_desk_new ("clerk3", NULL, NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *port = NULL, *expected_uri = NULL, *kept = NULL, *store_bytes = NULL, *row_server = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  LdWindow *window;
  GtkWidget *page, *tls;
  GtkWindow *form;

  ld_test_pg_install_schema (server);
  ld_test_pg_add_login (server, "clerk3", PASSWORD, "ld_clerk");
  port = g_strdup_printf ("%d", ld_test_pg_port (server));
  window = ld_window_new (NULL, settings);
  gtk_window_present (GTK_WINDOW (window));
  ld_window_set_store (window, desk->store);
  ld_window_set_actor (window, desk->actor);
  g_assert_true (ld_window_select_section (window, "central"));
  page = ld_window_get_page (window, "central");
  wait_for_row (page, "State", "Not connected");
  g_signal_emit_by_name (find_button (page, "C_onnect…"), "clicked");
  form = find_window ("central-connect");
  g_assert_nonnull (form);
  type_into (form, "host", "127.0.0.1");
  type_into (form, "port", port);
  type_into (form, "database", "licence");
  type_into (form, "login", "clerk3");
  type_into (form, "password", "Zz-wrong-password");
  tls = find_named (GTK_WIDGET (form), "tls");
  adw_combo_row_set_selected (ADW_COMBO_ROW (tls), 1);   /* require: this server has no TLS */
  g_signal_emit_by_name (find_button (GTK_WIDGET (form), "_Connect"), "clicked");
  wait_for_message (form, "SSL");
  save_screenshot (GTK_WIDGET (form), "central-connect-tls-refused.png");
  adw_combo_row_set_selected (ADW_COMBO_ROW (tls), 2);   /* disable */
  g_signal_emit_by_name (find_button (GTK_WIDGET (form), "_Connect"), "clicked");
  wait_for_message (form, "refused the login");
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (find_named (GTK_WIDGET (form), "message"))),
                         "Zz-wrong-password"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (GTK_WIDGET (form), "host"))), ==, "127.0.0.1");
  type_into (form, "password", PASSWORD);
  g_signal_emit_by_name (find_button (GTK_WIDGET (form), "_Connect"), "clicked");
  expected_uri = g_strdup_printf ("postgresql://clerk3@127.0.0.1:%s/licence?sslmode=disable", port);
  wait_for_row (page, "Server", expected_uri);
  wait_for_row (page, "State", "Online");
  kept = ld_sync_secret_lookup (expected_uri, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept, ==, PASSWORD);
  row_server = ld_test_desk_text (desk, "SELECT server FROM sync_state");
  g_assert_cmpstr (row_server, ==, expected_uri);
  g_assert_true (g_file_get_contents (desk->path, &store_bytes, &length, NULL));
  g_assert_null (g_strstr_len (store_bytes, length, PASSWORD));
  save_screenshot (page, "central-connected.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Nobody presses a button: a broker registered at desk A shows in the Brokers
 * list of desk B's window soon after A sends it (B's automatic sync hears
 * the server's notification), a broker registered in B's window reaches the
 * server by itself, and the Central Database section says the desk is
 * online. With the server stopped it says the desk is offline and retries;
 * nothing queued is lost, and it drains when the server is back. */
static void
test_syncs_by_itself (void)
{
  g_autoptr(LdTestPg) server = ld_test_pg_start ();
  g_autofree char *uri_a = NULL, *uri_b = NULL, *id_b = NULL, *on_server = NULL;
  const char *pushed_sql = "SELECT count(*) FROM outbox WHERE record_id = ?1 AND pushed_at IS NOT NULL";
  g_autoptr(LdTestDesk) a = NULL, b = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  LdBrokerDraft from_a = { .legal_name = (char *) "Orion Freight Brokers", .country = (char *) "NO" };
  LdBrokerDraft from_b = { .legal_name = (char *) "Vega Cargo Agents", .country = (char *) "DK" };
  LdBrokerDraft offline = { .legal_name = (char *) "Lyra Shipping Agents", .country = (char *) "FI" };
  g_autofree char *id_a = NULL, *id_offline = NULL;
  LdWindow *window;
  GtkWidget *brokers, *central;

  ld_test_pg_install_schema (server);
  ld_test_pg_add_login (server, "clerk1", PASSWORD, "ld_clerk");
  ld_test_pg_add_login (server, "clerk2", PASSWORD, "ld_clerk");
  ld_test_pg_add_login (server, "officer1", PASSWORD, "ld_officer");
  ld_test_pg_add_login (server, "senior1", PASSWORD, "ld_senior");
  uri_a = ld_test_pg_uri (server, "clerk1", 0);
  uri_b = ld_test_pg_uri (server, "clerk2", 0);
  a = ld_test_desk_new ("clerk1", uri_a, PASSWORD);
  b = ld_test_desk_new ("clerk2", uri_b, PASSWORD);
  ld_actor_free (a->actor);
  ld_actor_free (b->actor);
  a->actor = ld_user_repo_add (a->store, NULL, "clerk1", "Carl Berg", LD_ROLE_CLERK, &error);
  b->actor = ld_user_repo_add (b->store, NULL, "clerk2", "Lina Holm", LD_ROLE_CLERK, &error);
  g_assert_no_error (error);
  /* Desk B has synced once (its server is known) and the keyring has its password. */
  ld_test_desk_sync (b);
  g_assert_true (ld_sync_secret_store (uri_b, PASSWORD, &error));
  g_assert_no_error (error);

  window = ld_window_new (NULL, settings);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 1000);
  gtk_window_present (GTK_WINDOW (window));
  ld_window_set_store (window, b->store);
  ld_window_set_actor (window, b->actor);
  central = ld_window_get_page (window, "central");
  wait_for_row (central, "State", "Online: changes are sent and received as they happen.");

  id_a = ld_broker_repo_create (a->store, a->actor, &from_a, FALSE, &error);
  g_assert_no_error (error);
  ld_test_desk_sync (a);
  g_assert_true (ld_window_select_section (window, "brokers"));
  brokers = ld_window_get_page (window, "brokers");
  wait_for_label (brokers, "Orion Freight Brokers");

  id_b = ld_broker_repo_create (b->store, b->actor, &from_b, FALSE, &error);
  g_assert_no_error (error);
  for (gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
       ld_test_desk_count_with (b, pushed_sql, id_b, NULL) == 0 && g_get_monotonic_time () < deadline;)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (ld_test_desk_count_with (b, pushed_sql, id_b, NULL), ==, 1);
  {
    PGconn *owner = ld_test_pg_connect_owner (server);
    on_server = ld_test_pg_query_text_with (owner, "SELECT fields->>'legal_name' FROM ld.record WHERE record_id = $1",
                                            id_b, NULL);
    PQfinish (owner);
  }
  g_assert_cmpstr (on_server, ==, "Vega Cargo Agents");
  /* An officer's case at another desk reaches the Applications list too,
   * and its certificate the End-use Certificates list. */
  {
    g_autofree char *uri_c = ld_test_pg_uri (server, "officer1", 0);
    g_autoptr(LdTestDesk) c = ld_test_desk_new ("officer1", uri_c, PASSWORD);
    g_autoptr(LdCase) data = ld_case_from_json (
      "{\"kind\":\"export\",\"reference\":\"EXP-2026-7001\",\"route\":{\"origin\":\"SE\",\"export\":\"SE\","
      "\"destination\":\"KE\"},\"parties\":[{\"role\":\"applicant\",\"type\":\"commercial\","
      "\"name\":\"Nordvik Arms AB\",\"country\":\"SE\"}],"
      "\"items\":[{\"category\":\"rifles_carbines\",\"description\":\"Rifles\",\"quantity\":3}]}", &error);
    g_autoptr(LdCaseRecord) created = NULL;
    g_autoptr(LdEuc) euc = ld_euc_new ();
    g_autoptr(LdEucRecord) registered = NULL;
    GtkWidget *applications, *eucs;

    g_assert_no_error (error);
    ld_actor_free (c->actor);
    c->actor = ld_user_repo_add (c->store, NULL, "officer1", "Omar Haddad", LD_ROLE_LICENSING_OFFICER, &error);
    g_assert_no_error (error);
    created = ld_case_repo_create (c->store, c->actor, data, &error);
    g_assert_no_error (error);
    euc->certificate_number = g_strdup ("EUC/KE/2026/7001");
    euc->issuing_country = g_strdup ("KE");
    euc->issuing_authority = g_strdup ("Ministry of Interior");
    euc->issued_on = g_strdup ("2026-01-10");
    euc->item_description = g_strdup ("Rifles");
    euc->destination_country = g_strdup ("KE");
    euc->end_use = g_strdup ("Police service weapons");
    euc->exporter_name = g_strdup ("Nordvik Arms AB");
    euc->end_user_name = g_strdup ("Kenya Police Service");
    registered = ld_euc_repo_register (c->store, c->actor, euc, NULL, &error);
    g_assert_no_error (error);
    ld_test_desk_sync (c);
    g_assert_true (ld_window_select_section (window, "applications"));
    applications = ld_window_get_page (window, "applications");
    wait_for_label (applications, "Nordvik Arms AB");
    save_screenshot (GTK_WIDGET (window), "applications-pulled-case.png");
    g_assert_true (ld_window_select_section (window, "eucs"));
    eucs = ld_window_get_page (window, "eucs");
    wait_for_label (eucs, "Kenya Police Service");
    save_screenshot (GTK_WIDGET (window), "eucs-pulled-certificate.png");
  }
  /* A licence issued through the server and a shipment recorded under it at
   * another desk: the Licences list shows what is left, counted by the
   * server across desks. */
  {
    g_autofree char *uri_s = ld_test_pg_uri (server, "senior1", 0);
    g_autofree char *uri_o = ld_test_pg_uri (server, "officer1", 0);
    g_autoptr(LdTestDesk) s = ld_test_desk_new ("senior1", uri_s, PASSWORD);
    g_autoptr(LdTestDesk) o = ld_test_desk_new ("officer1", uri_o, PASSWORD);
    g_autofree char *licence_id = g_uuid_string_random ();
    LdShipmentQuantity q = { 1, 4 };
    LdShipmentInput in = { "2026-03-01", "CUS-2026-7777", &q, 1, NULL };
    g_autoptr(LdShipment) shipped = NULL;
    GtkWidget *licences;

    ld_actor_free (o->actor);
    o->actor = ld_user_repo_add (o->store, NULL, "officer1", "Omar Haddad", LD_ROLE_LICENSING_OFFICER, &error);
    g_assert_no_error (error);
    g_free (ld_test_desk_write (s, "licence", licence_id, "issue", NULL,
      "{\"number\":\"LIC/EX/2026/LOCAL\",\"application\":\"EXP-NONE\",\"application_version\":1,"
      "\"kind\":\"export\",\"holder\":\"Vestfjord Jakt AS\",\"destination_country\":\"KE\","
      "\"status\":\"issued\",\"stored_status\":\"issued\",\"valid_from\":\"2026-01-01\","
      "\"valid_until\":\"2099-12-31\",\"issued_on\":\"2026-01-01\",\"issued_by\":\"senior1\",\"conditions\":[],"
      "\"lines\":[{\"line\":1,\"category\":\"rifles_carbines\",\"description\":\"Rifles\",\"quantity\":10,"
      "\"shipped\":0,\"remaining\":10}],\"history\":[],\"shipments\":[],\"voided_shipments\":[]}"));
    ld_test_desk_sync (s);
    ld_test_desk_sync (o);
    shipped = ld_licence_repo_ship (o->store, o->actor, licence_id, &in, &error);
    g_assert_no_error (error);
    ld_test_desk_sync (o);
    g_assert_true (ld_window_select_section (window, "licences"));
    licences = ld_window_get_page (window, "licences");
    wait_for_label (licences, "Vestfjord Jakt AS");
    wait_for_label (licences, "6");
    save_screenshot (GTK_WIDGET (window), "licences-pulled-shipment.png");
  }
  g_assert_true (ld_window_select_section (window, "central"));
  save_screenshot (GTK_WIDGET (window), "central-database-syncs-by-itself.png");

  /* The server goes away: the section says so, the change waits. */
  ld_test_pg_stop (server);
  id_offline = ld_broker_repo_create (b->store, b->actor, &offline, FALSE, &error);
  g_assert_no_error (error);
  wait_for_row (central, "State", "Offline, working on its own store:");
  save_screenshot (GTK_WIDGET (window), "central-database-offline-retrying.png");
  wait_for_row (central, "Outbox", "1 change waiting to be sent");
  g_assert_true (ld_test_pg_restart (server));
  wait_for_row (central, "Outbox", "0 changes waiting to be sent");
  wait_for_row (central, "State", "Online");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  ld_ui_init ();
  g_test_add_func ("/pg/window/central-section", test_central_section);
  g_test_add_func ("/pg/window/brokers-list", test_brokers_list);
  g_test_add_func ("/pg/window/connect", test_connect);
  g_test_add_func ("/pg/window/syncs-by-itself", test_syncs_by_itself);
  return g_test_run ();
}
