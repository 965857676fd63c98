/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-applications-page"

#include "config.h"

#include "ld-applications-page-private.h"

/* The Applications section's widget actions ("applications.*"), named by
 * its buttons: a new case, back to the list, and the version comparison. */

static void
new_case_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ld_applications_page_new_case (LD_APPLICATIONS_PAGE (widget));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _ld_applications_page_show_list (LD_APPLICATIONS_PAGE (widget));
}

static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ld_applications_page_compare (LD_APPLICATIONS_PAGE (widget));
}

void
_ld_applications_page_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "applications.new-case", NULL, new_case_action);
  gtk_widget_class_install_action (widget_class, "applications.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "applications.compare", NULL, compare_action);
}
