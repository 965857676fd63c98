/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-screening-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-embargo-table.h"
#include "ld-denials-group.h"
#include "ld-embargoes-group.h"
#include "ld-list-group.h"
#include "ld-list-updater.h"
#include "ld-name-check-group.h"
#include "ld-rescreen-group.h"
#include "ld-screening-page-private.h"

/* The Screening section: which list is in force and its update, screening
 * everything again, a quick check of a name, the embargo table and the denial
 * register. Each is its own group; the page composes them and passes the
 * list's index, the store and the person acting between them. */
struct _LdScreeningPage
{
  GtkWidget       parent_instance;

  GtkWidget      *page;
  LdListGroup    *list_group;
  LdNameCheckGroup *name_check_group;
  LdEmbargoesGroup *embargoes_group;
  LdDenialsGroup *denials_group;
  LdRescreenGroup *rescreen_group;

  LdStore        *store;
};

G_DEFINE_FINAL_TYPE (LdScreeningPage, ld_screening_page, GTK_TYPE_WIDGET)

static void
toast (LdScreeningPage *self,
       const char      *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

/* The list group has read the list in force: the groups that screen with it
 * get its index. */
static void
list_loaded_cb (LdScreeningPage *self)
{
  LdNameMatcher *matcher = ld_list_group_get_matcher (self->list_group);

  ld_rescreen_group_set_list_ready (self->rescreen_group, matcher != NULL);
  ld_name_check_group_set_matcher (self->name_check_group, matcher);
  ld_rescreen_group_load (self->rescreen_group);
  /* The groups read their registers once the section is first shown. */
  if (!ld_list_group_is_loaded (self->list_group))
    ld_embargoes_group_load (self->embargoes_group);
}

/* A new list, or a new version of the embargo table, reaches the cases
 * already in the office, and the brokers on the register, at once. */
static void
list_installed_cb (LdScreeningPage *self)
{
  ld_rescreen_group_start (self->rescreen_group);
}

/* A new version of the embargo table made in this window reaches the cases
 * already in the office at once. */
static void
table_changed_cb (LdScreeningPage *self,
                  const char      *label)
{
  g_autofree char *message = g_strdup_printf (_("Embargo table version %s is in force."), label);

  toast (self, message);
  ld_rescreen_group_start (self->rescreen_group);
}

/* Ctrl+N on the Screening section: a new denial (the window's new-record). */
static void
new_record_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ld_denials_group_begin_record (LD_SCREENING_PAGE (widget)->denials_group);
}

/* Reading the list and building its index takes a second of work: done when
 * the section is first shown, not at every start of the desk. */
static void
ld_screening_page_map (GtkWidget *widget)
{
  LdScreeningPage *self = LD_SCREENING_PAGE (widget);

  GTK_WIDGET_CLASS (ld_screening_page_parent_class)->map (widget);
  if (!ld_list_group_is_loaded (self->list_group) && !ld_list_group_is_busy (self->list_group))
    ld_list_group_load (self->list_group);
}

static void
ld_screening_page_dispose (GObject *object)
{
  LdScreeningPage *self = LD_SCREENING_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_SCREENING_PAGE);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (ld_screening_page_parent_class)->dispose (object);
}

static void
ld_screening_page_class_init (LdScreeningPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_screening_page_dispose;
  widget_class->map = ld_screening_page_map;
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ld-screening-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdScreeningPage, page);
  gtk_widget_class_bind_template_child (widget_class, LdScreeningPage, list_group);
  gtk_widget_class_bind_template_child (widget_class, LdScreeningPage, embargoes_group);
  gtk_widget_class_bind_template_child (widget_class, LdScreeningPage, denials_group);
  gtk_widget_class_bind_template_child (widget_class, LdScreeningPage, rescreen_group);
  gtk_widget_class_bind_template_child (widget_class, LdScreeningPage, name_check_group);
  gtk_widget_class_bind_template_callback (widget_class, list_loaded_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_installed_cb);
  gtk_widget_class_bind_template_callback (widget_class, table_changed_cb);
  gtk_widget_class_install_action (widget_class, "page.new-record", NULL, new_record_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ld_screening_page_init (LdScreeningPage *self)
{
  g_type_ensure (LD_TYPE_LIST_GROUP);
  g_type_ensure (LD_TYPE_EMBARGOES_GROUP);
  g_type_ensure (LD_TYPE_DENIALS_GROUP);
  g_type_ensure (LD_TYPE_RESCREEN_GROUP);
  g_type_ensure (LD_TYPE_NAME_CHECK_GROUP);
  gtk_widget_init_template (GTK_WIDGET (self));
  ld_name_check_group_set_denials_group (self->name_check_group, self->denials_group);
}

/**
 * ld_screening_page_new:
 * @list_dir: (nullable): where the installed list lives; %NULL for the desk's default
 */
GtkWidget *
ld_screening_page_new (GSettings  *settings,
                       const char *list_dir)
{
  LdScreeningPage *self = g_object_new (LD_TYPE_SCREENING_PAGE, NULL);
  g_autofree char *dir = list_dir ? g_strdup (list_dir) : ld_list_updater_default_dir ();

  ld_list_group_set_settings (self->list_group, settings);
  ld_list_group_set_list_dir (self->list_group, dir);
  ld_rescreen_group_set_list_dir (self->rescreen_group, dir);
  return GTK_WIDGET (self);
}

/* Updating the list and the embargo table are an administrator's acts; the
 * buttons are hidden for others (and the store refuses them anyway). */
void
ld_screening_page_set_actor (LdScreeningPage *self,
                             const LdActor   *actor)
{
  gboolean writable;

  g_return_if_fail (LD_IS_SCREENING_PAGE (self));

  /* A read-only store shows its screening data but takes no changes. */
  writable = self->store != NULL && !ld_store_is_read_only (self->store);
  ld_list_group_set_may_update (self->list_group,
                                writable && actor && ld_role_can (actor->role, LD_PERMISSION_MANAGE_REFERENCE_DATA));
  ld_embargoes_group_set_actor (self->embargoes_group, actor);
  ld_denials_group_set_actor (self->denials_group, actor);
  ld_rescreen_group_set_actor (self->rescreen_group, actor);
}

/* The store whose embargo table is in force, and whose undecided cases are
 * screened again after an update. */
void
ld_screening_page_set_store (LdScreeningPage *self,
                             LdStore         *store)
{
  g_return_if_fail (LD_IS_SCREENING_PAGE (self));
  g_return_if_fail (self->store == NULL);

  if (store == NULL)
    return;
  self->store = g_object_ref (store);
  ld_embargoes_group_set_store (self->embargoes_group, store);
  ld_denials_group_set_store (self->denials_group, store);
  ld_rescreen_group_set_store (self->rescreen_group, store);
}

gboolean
ld_screening_page_is_ready (LdScreeningPage *self)
{
  g_return_val_if_fail (LD_IS_SCREENING_PAGE (self), FALSE);

  return ld_list_group_is_loaded (self->list_group) && !ld_list_group_is_busy (self->list_group) &&
         ld_embargoes_group_is_ready (self->embargoes_group) &&
         ld_denials_group_is_ready (self->denials_group) &&
         ld_rescreen_group_is_ready (self->rescreen_group) &&
         !ld_name_check_group_is_busy (self->name_check_group);
}

/**
 * ld_screening_page_get_n_denials:
 *
 * Returns: how many denials in force the page lists
 */
guint
ld_screening_page_get_n_denials (LdScreeningPage *self)
{
  GPtrArray *denials = ld_denials_group_get_denials (self->denials_group);

  g_return_val_if_fail (LD_IS_SCREENING_PAGE (self), 0);

  return denials ? denials->len : 0;
}

guint
ld_screening_page_get_n_embargoes (LdScreeningPage *self)
{
  LdEmbargoTable *table = ld_embargoes_group_get_table (self->embargoes_group);

  g_return_val_if_fail (LD_IS_SCREENING_PAGE (self), 0);

  return table ? ld_embargo_table_get_n_embargoes (table) : 0;
}

/**
 * ld_screening_page_get_embargo_version:
 *
 * Returns: (nullable): the version of the embargo table shown, the one in force
 */
const char *
ld_screening_page_get_embargo_version (LdScreeningPage *self)
{
  LdEmbargoTable *table = ld_embargoes_group_get_table (self->embargoes_group);

  g_return_val_if_fail (LD_IS_SCREENING_PAGE (self), NULL);

  return table ? ld_embargo_table_get_version (table) : NULL;
}

/**
 * ld_screening_page_import_embargoes:
 * @file: a whole embargo table in the shipped file's format
 *
 * Puts the table in force as a new version, as the acting administrator, in a
 * worker thread; the file is checked whole before anything is written. Open
 * cases are then screened again.
 */
void
ld_screening_page_import_embargoes (LdScreeningPage *self,
                                    GFile           *file)
{
  g_return_if_fail (LD_IS_SCREENING_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  ld_embargoes_group_import (self->embargoes_group, file);
}

/**
 * ld_screening_page_check_name:
 *
 * Screens @name (and the optional two-letter @country) against the installed
 * list and the denial register in a worker thread and shows the matches.
 */
void
ld_screening_page_check_name (LdScreeningPage *self,
                              const char      *name,
                              const char      *country)
{
  g_return_if_fail (LD_IS_SCREENING_PAGE (self));

  ld_name_check_group_check (self->name_check_group, name, country);
}

guint
ld_screening_page_get_n_results (LdScreeningPage *self)
{
  g_return_val_if_fail (LD_IS_SCREENING_PAGE (self), 0);

  return ld_name_check_group_get_n_results (self->name_check_group);
}

/**
 * ld_screening_page_is_rescreening:
 *
 * Returns: whether undecided cases and brokers are being screened again
 */
gboolean
ld_screening_page_is_rescreening (LdScreeningPage *self)
{
  g_return_val_if_fail (LD_IS_SCREENING_PAGE (self), FALSE);

  return ld_rescreen_group_is_running (self->rescreen_group);
}

/**
 * ld_screening_page_get_rescreen_status:
 *
 * Returns: (transfer none): what the page says of the last re-screening
 */
const char *
ld_screening_page_get_rescreen_status (LdScreeningPage *self)
{
  g_return_val_if_fail (LD_IS_SCREENING_PAGE (self), NULL);

  return ld_rescreen_group_get_status (self->rescreen_group);
}

LdDenialsGroup *
_ld_screening_page_get_denials_group (LdScreeningPage *self)
{
  return self->denials_group;
}

LdEmbargoesGroup *
_ld_screening_page_get_embargoes_group (LdScreeningPage *self)
{
  return self->embargoes_group;
}
