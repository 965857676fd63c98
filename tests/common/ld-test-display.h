/* SPDX-License-Identifier: GPL-3.0-or-later */
/* For the display tests (GTK): pictures of what a window shows. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* With LD_TEST_SCREENSHOT_DIR set, saves what the window shows, for a person to look at. */
static inline void
ld_test_save_screenshot (GtkWidget  *widget,
                         const char *name)
{
  const char *dir = g_getenv ("LD_TEST_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  if (dir == NULL)
    return;
  paintable = gtk_widget_paintable_new (widget);
  /* A window that has not drawn its next frame yet gives no node: let it
   * draw, and give up on the picture (not the test) after a few seconds. */
  while (node == NULL && g_get_monotonic_time () < deadline)
    {
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      if (node == NULL && !g_main_context_iteration (NULL, FALSE))
        g_usleep (10000);
    }
  if (node == NULL)
    {
      g_printerr ("# %s: the window drew nothing, so no screenshot was saved\n", name);
      return;
    }
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* The print dialog lists only GTK's own "Print to File" printer, the one
 * the tests print to. The CUPS backend, with no CUPS server on a test
 * machine, kept adding and dropping printers after a test had answered the
 * dialog, and GTK 4.8's dialog then touched its own freed widgets (a
 * gtk_widget_is_ancestor critical, now and then on loaded machines). */
static inline void
ld_test_print_to_file_only (void)
{
  g_object_set (gtk_settings_get_default (), "gtk-print-backends", "file", NULL);
}

/* Runs the main loop until @done says so, for at most a minute (CI machines are
 * slow and shared). The answer that ended the loop is the one asserted: asking
 * again could see a later state, since many predicates run the loop themselves. */
static inline void
ld_test_spin_until (gboolean (*done) (gpointer),
                    gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  gboolean reached;

  while (!(reached = done (data)) && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);  /* worker threads get the CPU on a loaded machine */
  g_assert_true (reached);
}

/* Destroys every window a test opened (pages it opened from a list too), then
 * lets what they left queued run until nothing has come for a fifth of a
 * second (at most five seconds), so that nothing of one test fires inside the
 * next. */
static inline void
ld_test_destroy_all_windows (void)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  gint64 quiet_since = g_get_monotonic_time ();
  GList *windows;

  /* One at a time, asking again: a window takes its dialogs with it. */
  while ((windows = gtk_window_list_toplevels ()) != NULL)
    {
      gtk_window_destroy (windows->data);
      g_list_free (windows);
    }
  while (g_get_monotonic_time () < deadline && g_get_monotonic_time () - quiet_since < G_USEC_PER_SEC / 5)
    if (g_main_context_iteration (NULL, FALSE))
      quiet_since = g_get_monotonic_time ();
    else
      g_usleep (5000);
}

G_END_DECLS
