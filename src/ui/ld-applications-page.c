/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-applications-page"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "ld-applications-page-private.h"
#include "ld-widget-util.h"
#include "ld-case-task.h"
#include "ld-record-row.h"
#include "ld-section.h"

/* The Applications section: the register list (searchable, 1,000,000 rows
 * paged), filters by type, status, officer and destination, and from there
 * the case page and the guided form for a new case. */
struct _LdApplicationsPage
{
  GtkWidget       parent_instance;

  GtkStack       *views;          /* list, case, form */
  GtkStack       *lists;          /* all, filtered */
  GtkDropDown    *kind;
  GtkDropDown    *status;
  GtkEntry       *officer;
  GtkEntry       *country;
  GtkLabel       *filter_count;
  GtkStringList  *filtered;
  GPtrArray      *filtered_ids;
  GtkWidget      *compare_button;
  GtkBox         *register_slot;  /* where the register list goes */
  GtkBox         *case_view;
  GtkBox         *form_view;
  LdRecordPage   *record_page;
  LdCasePage     *case_page;
  LdCaseForm     *form;

  LdStore        *store;
  LdActor        *actor;
  GCancellable   *cancellable;
  gboolean        busy;
  gboolean        building;       /* the template is being filled in */
};

G_DEFINE_FINAL_TYPE (LdApplicationsPage, ld_applications_page, GTK_TYPE_WIDGET)

static const char *
selected_code (GtkDropDown      *drop_down,
               const LdCaseCode *codes,
               guint             n)
{
  guint i = gtk_drop_down_get_selected (drop_down);

  return i >= 1 && i <= n ? codes[i - 1].code : NULL;
}

static char *
entry_text (GtkEntry *entry)
{
  g_autofree char *t = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  return t[0] ? g_steal_pointer (&t) : NULL;
}

static void
listed_cb (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  g_autoptr(LdApplicationsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdCaseTaskResult) result = ld_case_task_run_finish (res, &error);
  g_autofree char *count = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  g_ptr_array_set_size (self->filtered_ids, 0);
  if (result == NULL)
    {
      gtk_label_set_text (self->filter_count, error->message);
      return;
    }
  for (guint i = 0; i < result->rows->len; i++)
    {
      LdCaseSummary *s = result->rows->pdata[i];

      g_ptr_array_add (lines, g_strdup_printf ("%s   %s   %s   %s   %s   %s   %" G_GINT64_FORMAT " serials",
                                               s->reference, s->received_on, s->kind, s->status, s->destination_country,
                                               s->applicant_name, s->n_serials));
      g_ptr_array_add (self->filtered_ids, g_strdup (s->id));
    }
  g_ptr_array_add (lines, NULL);
  gtk_string_list_splice (self->filtered, 0, g_list_model_get_n_items (G_LIST_MODEL (self->filtered)),
                          (const char * const *) lines->pdata);
  count = g_strdup_printf (_("%u of %lld matching applications shown"), result->rows->len,
                           (long long) result->total);
  gtk_label_set_text (self->filter_count, count);
}

/* Without a filter the full register list (and its search) is shown; with
 * one, a filtered query runs in a thread. */
static void
filter_changed_cb (LdApplicationsPage *self)
{
  guint n_kinds, n_statuses = LD_CASE_N_STATUSES;
  const LdCaseCode *kinds = ld_case_kinds (&n_kinds);
  LdCaseTaskInput *input = ld_case_task_input_new (LD_CASE_TASK_LIST);
  guint status = gtk_drop_down_get_selected (self->status);

  if (self->building || self->store == NULL)
    {
      ld_case_task_input_free (input);
      return;
    }
  input->filter[0] = g_strdup (selected_code (self->kind, kinds, n_kinds));
  input->filter[1] = status >= 1 && status <= n_statuses ? g_strdup (ld_case_status_to_string (status - 1)) : NULL;
  input->filter[2] = entry_text (self->officer);
  input->filter[3] = entry_text (self->country);
  if (input->filter[3])
    input->filter[3] = g_ascii_strup (g_steal_pointer (&input->filter[3]), -1);
  if (!input->filter[0] && !input->filter[1] && !input->filter[2] && !input->filter[3])
    {
      ld_case_task_input_free (input);
      gtk_stack_set_visible_child_name (self->lists, "all");
      return;
    }
  gtk_stack_set_visible_child_name (self->lists, "filtered");
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->busy = TRUE;
  ld_case_task_run_async (self->store, input, self->cancellable, listed_cb, g_object_ref (self));
}

static void
show_view (LdApplicationsPage *self,
           const char         *name)
{
  gtk_stack_set_visible_child_name (self->views, name);
}

static void
register_activate_cb (LdApplicationsPage *self,
                      guint               position,
                      GtkColumnView      *view)
{
  g_autoptr(LdRecordRow) row = g_list_model_get_item (G_LIST_MODEL (gtk_column_view_get_model (view)), position);
  int column = ld_section_find_column (ld_section_lookup ("applications"), "reference");
  const char *reference = row ? ld_record_row_get_value (row, column) : NULL;

  if (reference)
    ld_applications_page_open_case (self, reference);
}

static void
filtered_activate_cb (LdApplicationsPage *self,
                      guint               position)
{
  if (position < self->filtered_ids->len)
    ld_applications_page_open_case (self, self->filtered_ids->pdata[position]);
}

static void
saved_cb (LdApplicationsPage *self,
          const char         *id)
{
  ld_case_form_clear (self->form);
  ld_applications_page_open_case (self, id);
}

/* Back to the list, which is read again: the case may have changed. */
void
_ld_applications_page_show_list (LdApplicationsPage *self)
{
  show_view (self, "list");
  filter_changed_cb (self);
}

/* The drop-down's titles, "all" first. */
static void
fill_drop_down (GtkDropDown        *drop_down,
                const char * const *titles,
                guint               n,
                const char         *all)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  gtk_string_list_append (list, all);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, titles[i]);
  gtk_drop_down_set_model (drop_down, G_LIST_MODEL (list));
}

static void
fill_filters (LdApplicationsPage *self)
{
  const char *kind_titles[8], *status_titles[LD_CASE_N_STATUSES];
  guint n_kinds;
  const LdCaseCode *kinds = ld_case_kinds (&n_kinds);

  for (guint i = 0; i < n_kinds && i < G_N_ELEMENTS (kind_titles); i++)
    kind_titles[i] = _(kinds[i].title);
  for (guint i = 0; i < LD_CASE_N_STATUSES; i++)
    status_titles[i] = ld_case_status_get_title (i);
  fill_drop_down (self->kind, kind_titles, MIN (n_kinds, G_N_ELEMENTS (kind_titles)), _("All types"));
  fill_drop_down (self->status, status_titles, LD_CASE_N_STATUSES, _("All statuses"));
}

/* The three parts that work on the store go into the template's slots. */
/* The case form is made when it is first asked for: it is large, and most
 * visits to the section only read the list. Its draft is restored then. */
static LdCaseForm *
ensure_form (LdApplicationsPage *self)
{
  g_autofree char *draft = NULL;

  if (self->form != NULL)
    return self->form;
  draft = g_strconcat (ld_store_get_path (self->store), ".form-draft", NULL);
  self->form = LD_CASE_FORM (ld_case_form_new (self->store));
  ld_case_form_set_autosave_path (self->form, draft);
  ld_case_form_set_actor (self->form, self->actor);
  gtk_widget_set_vexpand (GTK_WIDGET (self->form), TRUE);
  g_signal_connect_object (self->form, "saved", G_CALLBACK (saved_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (self->form_view, GTK_WIDGET (self->form));
  return self->form;
}

static void
add_store_parts (LdApplicationsPage *self)
{

  self->record_page = LD_RECORD_PAGE (ld_record_page_new (self->store, ld_section_lookup ("applications")));
  gtk_widget_set_vexpand (GTK_WIDGET (self->record_page), TRUE);
  g_signal_connect_object (ld_record_page_get_column_view (self->record_page), "activate",
                           G_CALLBACK (register_activate_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (self->register_slot, GTK_WIDGET (self->record_page));

  self->case_page = LD_CASE_PAGE (ld_case_page_new (self->store));
  gtk_widget_set_vexpand (GTK_WIDGET (self->case_page), TRUE);
  gtk_box_append (self->case_view, GTK_WIDGET (self->case_page));
}

static void
ld_applications_page_dispose (GObject *object)
{
  LdApplicationsPage *self = LD_APPLICATIONS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_APPLICATIONS_PAGE);
  ld_widget_unparent_children (GTK_WIDGET (self));
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->filtered_ids, g_ptr_array_unref);
  g_clear_object (&self->store);
  g_clear_pointer (&self->actor, ld_actor_free);
  G_OBJECT_CLASS (ld_applications_page_parent_class)->dispose (object);
}

static void
ld_applications_page_class_init (LdApplicationsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ld_applications_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/licencedesk/LicenceDesk/ld-applications-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, LdApplicationsPage, name)
  BIND (views);
  BIND (lists);
  BIND (kind);
  BIND (status);
  BIND (officer);
  BIND (country);
  BIND (filter_count);
  BIND (filtered);
  BIND (compare_button);
  BIND (register_slot);
  BIND (case_view);
  BIND (form_view);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, filtered_activate_cb);
  _ld_applications_page_install_actions (widget_class);
}

static void
ld_applications_page_init (LdApplicationsPage *self)
{
  self->building = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->filtered_ids = g_ptr_array_new_with_free_func (g_free);
  fill_filters (self);
  self->building = FALSE;
}

GtkWidget *
ld_applications_page_new (LdStore *store)
{
  LdApplicationsPage *self = g_object_new (LD_TYPE_APPLICATIONS_PAGE, NULL);

  self->store = g_object_ref (store);
  add_store_parts (self);
  return GTK_WIDGET (self);
}

void
ld_applications_page_set_actor (LdApplicationsPage *self,
                                const LdActor      *actor)
{
  g_return_if_fail (LD_IS_APPLICATIONS_PAGE (self));

  g_clear_pointer (&self->actor, ld_actor_free);
  self->actor = actor ? ld_actor_copy (actor) : NULL;
  ld_case_page_set_actor (self->case_page, actor);
  if (self->form != NULL)
    ld_case_form_set_actor (self->form, actor);
}

LdRecordPage *
ld_applications_page_get_record_page (LdApplicationsPage *self)
{
  return self->record_page;
}

LdCasePage *
ld_applications_page_get_case_page (LdApplicationsPage *self)
{
  return self->case_page;
}

/* Returns: (transfer none): the new-case form, made on first use */
LdCaseForm *
ld_applications_page_get_form (LdApplicationsPage *self)
{
  return ensure_form (self);
}

/* The form keeps what was typed until it is saved, also when the officer goes
 * back to the list and returns. */
void
ld_applications_page_new_case (LdApplicationsPage *self)
{
  ensure_form (self);
  show_view (self, "form");
}

void
ld_applications_page_open_case (LdApplicationsPage *self,
                                const char         *id)
{
  ld_case_page_open (self->case_page, id, 0);
  show_view (self, "case");
}

/* The current version side by side with the one it superseded. */
void
ld_applications_page_compare (LdApplicationsPage *self)
{
  const LdCaseRecord *r = ld_case_page_get_record (self->case_page);

  if (r && r->current_version > 1)
    ld_case_page_open (self->case_page, r->id, r->current_version - 1);
}

/* Sets the filters as a person would pick them: codes, NULL for all. */
void
ld_applications_page_set_filter (LdApplicationsPage *self,
                                 const char         *kind,
                                 const char         *status,
                                 const char         *officer,
                                 const char         *country)
{
  guint n_kinds, k = 0;
  const LdCaseCode *kinds = ld_case_kinds (&n_kinds);
  LdCaseStatus s;

  for (guint i = 0; kind && i < n_kinds; i++)
    if (g_str_equal (kinds[i].code, kind))
      k = i + 1;
  gtk_drop_down_set_selected (self->kind, k);
  gtk_drop_down_set_selected (self->status, status && ld_case_status_from_string (status, &s) ? s + 1 : 0);
  gtk_editable_set_text (GTK_EDITABLE (self->officer), officer ? officer : "");
  gtk_editable_set_text (GTK_EDITABLE (self->country), country ? country : "");
}

guint
ld_applications_page_get_n_filtered (LdApplicationsPage *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
}

gboolean
ld_applications_page_is_busy (LdApplicationsPage *self)
{
  return self->busy || ld_case_page_is_busy (self->case_page) || (self->form && ld_case_form_is_busy (self->form));
}

/* Returns: "list", "case" or "form" */
const char *
ld_applications_page_get_view (LdApplicationsPage *self)
{
  return gtk_stack_get_visible_child_name (self->views);
}
