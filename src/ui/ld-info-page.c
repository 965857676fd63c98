/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-info-page"

#include "config.h"

#include "ld-info-page.h"

/* A section without a register list: what it is for, and the facts a person
 * needs to act on it. */
struct _LdInfoPage
{
  GtkWidget             parent_instance;

  AdwStatusPage        *status_page;
  AdwPreferencesGroup  *facts_group;
};

G_DEFINE_FINAL_TYPE (LdInfoPage, ld_info_page, GTK_TYPE_WIDGET)

static void
ld_info_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_INFO_PAGE);
  G_OBJECT_CLASS (ld_info_page_parent_class)->dispose (object);
}

static void
ld_info_page_class_init (LdInfoPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_info_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ld-info-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdInfoPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, LdInfoPage, facts_group);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ld_info_page_init (LdInfoPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_info_page_add_fact:
 *
 * Returns: (transfer none): the row, whose subtitle may be updated later
 */
AdwActionRow *
ld_info_page_add_fact (LdInfoPage *self,
                       const char *title,
                       const char *value)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, value);
  adw_preferences_group_add (self->facts_group, GTK_WIDGET (row));
  return row;
}
