/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-reports-page"

#include "config.h"

#include <adwaita.h>

#include "ld-reports-page.h"

/* The Reports section (ui/ld-reports-page.ui): what the registers answer
 * when somebody outside the desk asks, each a row whose Open button starts
 * the window's action for it (tracing a firearm, verifying a printed
 * licence, printing the day's licences). The window enables those actions
 * for the person signed in; the page holds no state of its own. */
struct _LdReportsPage
{
  GtkWidget  parent_instance;

  GtkWidget *scrolled;  /* bound so that disposing the template unparents it */
};

G_DEFINE_FINAL_TYPE (LdReportsPage, ld_reports_page, GTK_TYPE_WIDGET)

static void
ld_reports_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_REPORTS_PAGE);
  G_OBJECT_CLASS (ld_reports_page_parent_class)->dispose (object);
}

static void
ld_reports_page_class_init (LdReportsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ld_reports_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ld-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdReportsPage, scrolled);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ld_reports_page_init (LdReportsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ld_reports_page_new (void)
{
  return g_object_new (LD_TYPE_REPORTS_PAGE, NULL);
}
