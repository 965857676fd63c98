/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-case-item-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-case-item-editor.h"
#include "ld-widget-util.h"
#include "ld-serials.h"

/* One item line: what it is (category, description, manufacturer, model,
 * calibre, quantity, value, control-list entry, HS code), its marking as the
 * International Tracing Instrument records it, and its serial numbers, pasted
 * or imported from a file. Lines that cannot be read are listed under the
 * serial numbers; choosing one puts the cursor on that line to correct it. */
struct _LdCaseItemEditor
{
  GtkWidget       parent_instance;

  GtkLabel       *heading;
  GtkDropDown    *category;
  GtkWidget      *remove_button;
  GtkWidget      *import_button;
  LdFormField    *description;
  LdFormField    *quantity;
  LdFormField    *manufacturer;
  LdFormField    *model;
  LdFormField    *calibre;
  LdFormField    *unit_value;
  LdFormField    *currency;
  LdFormField    *control_entry;
  LdFormField    *hs_code;
  LdFormField    *manufacturer_marking;
  LdFormField    *manufacture_country;
  LdFormField    *manufacture_year;
  LdFormField    *import_marking_country;
  LdFormField    *import_marking_year;
  LdFormField    *control_component;
  LdFormField    *marking_method;
  GtkCheckButton *polymer_insert;
  GtkCheckButton *additive;
  GtkCheckButton *deactivated;
  GtkLabel       *serials_count;
  GtkTextView    *serials_view;
  GtkLabel       *serials_error;
  GtkListBox     *problems;

  LdSerialReport *report;        /* the serial numbers as last read */
  guint           n;
};

G_DEFINE_FINAL_TYPE (LdCaseItemEditor, ld_case_item_editor, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The marking method the record states for a polymer frame (see DOMAIN.md). */
#define POLYMER_INSERT_METHOD "metal insert"

/* Bad lines listed at most; the count says how many more there are. */
#define MAX_PROBLEM_ROWS 50

static const struct { const char *member; gsize offset; const char *title; } item_fields[] = {
#define FIELD(m, t) { #m, G_STRUCT_OFFSET (LdCaseItemEditor, m), t }
  FIELD (description, N_("description")),
  FIELD (quantity, N_("quantity")),
  FIELD (manufacturer, N_("manufacturer")),
  FIELD (model, N_("model")),
  FIELD (calibre, N_("calibre")),
  FIELD (unit_value, N_("unit value")),
  FIELD (currency, N_("currency")),
  FIELD (control_entry, N_("control list entry")),
  FIELD (hs_code, N_("HS code")),
  FIELD (manufacturer_marking, N_("manufacturer's marking")),
  FIELD (manufacture_country, N_("country of manufacture")),
  FIELD (manufacture_year, N_("year of manufacture")),
  FIELD (import_marking_country, N_("import marking country")),
  FIELD (import_marking_year, N_("import marking year")),
  FIELD (control_component, N_("control component")),
  FIELD (marking_method, N_("marking method")),
#undef FIELD
};

static LdFormField *
field_at (LdCaseItemEditor *self,
          guint             i)
{
  return G_STRUCT_MEMBER (LdFormField *, self, item_fields[i].offset);
}

static GtkTextBuffer *
serials_buffer (LdCaseItemEditor *self)
{
  return gtk_text_view_get_buffer (self->serials_view);
}

/* ---- serial numbers ---------------------------------------------------------- */

static GtkWidget *
problem_row_new (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  g_object_set (label, "margin-start", 8, "margin-end", 8, "margin-top", 4, "margin-bottom", 4, NULL);
  return label;
}

static void
show_problems (LdCaseItemEditor *self)
{
  GtkWidget *child;
  guint shown = MIN (self->report->problems->len, MAX_PROBLEM_ROWS);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems))))
    gtk_list_box_remove (self->problems, child);
  for (guint i = 0; i < shown; i++)
    gtk_list_box_append (self->problems,
                         problem_row_new (((LdSerialProblem *) self->report->problems->pdata[i])->message));
  if (self->report->problems->len > shown)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("And %u more line to correct.",
                                                         "And %u more lines to correct.",
                                                         self->report->problems->len - shown),
                                               self->report->problems->len - shown);

      gtk_list_box_append (self->problems, problem_row_new (more));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->problems), shown > 0);
}

static void
read_serials (LdCaseItemEditor *self)
{
  g_autofree char *text = ld_case_item_editor_get_serials_text (self);
  g_autofree char *count = NULL;

  g_clear_pointer (&self->report, ld_serial_report_free);
  self->report = ld_serials_parse (text, -1);
  count = g_strdup_printf (ngettext ("%u serial number", "%u serial numbers", self->report->serials->len),
                           self->report->serials->len);
  gtk_label_set_text (self->serials_count, count);
  show_problems (self);
}

/* Puts the cursor on the line of problem @index, selected, to be corrected. */
gboolean
ld_case_item_editor_show_problem (LdCaseItemEditor *self,
                                  guint             index)
{
  GtkTextBuffer *buffer = serials_buffer (self);
  LdSerialProblem *problem;
  GtkTextIter start, end;

  g_return_val_if_fail (LD_IS_CASE_ITEM_EDITOR (self), FALSE);

  if (self->report == NULL || index >= self->report->problems->len)
    return FALSE;
  problem = self->report->problems->pdata[index];
  gtk_text_buffer_get_iter_at_line (buffer, &start, problem->line - 1);
  end = start;
  gtk_text_iter_forward_to_line_end (&end);
  gtk_text_buffer_select_range (buffer, &start, &end);
  /* A mark, not an iter: the view scrolls once its lines are measured. */
  gtk_text_view_scroll_to_mark (self->serials_view, gtk_text_buffer_get_insert (buffer), 0.1, FALSE, 0, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->serials_view));
  return TRUE;
}

/* ---- callbacks ------------------------------------------------------------------ */

static void
field_changed_cb (LdCaseItemEditor *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
serials_changed_cb (LdCaseItemEditor *self)
{
  read_serials (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
polymer_toggled_cb (LdCaseItemEditor *self)
{
  g_autofree char *method = ld_form_field_get_text (self->marking_method);
  gboolean active = gtk_check_button_get_active (self->polymer_insert);

  /* The record states the insert as the marking method. */
  if (active && method == NULL)
    ld_form_field_set_text (self->marking_method, POLYMER_INSERT_METHOD);
  else if (!active && g_strcmp0 (method, POLYMER_INSERT_METHOD) == 0)
    ld_form_field_set_text (self->marking_method, NULL);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
problem_activated_cb (LdCaseItemEditor *self,
                      GtkListBoxRow    *row)
{
  ld_case_item_editor_show_problem (self, gtk_list_box_row_get_index (row));
}

/* ---- vfuncs ------------------------------------------------------------------------ */

static void
ld_case_item_editor_dispose (GObject *object)
{
  LdCaseItemEditor *self = LD_CASE_ITEM_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_CASE_ITEM_EDITOR);
  ld_widget_unparent_children (GTK_WIDGET (self));
  g_clear_pointer (&self->report, ld_serial_report_free);
  G_OBJECT_CLASS (ld_case_item_editor_parent_class)->dispose (object);
}

static void
ld_case_item_editor_class_init (LdCaseItemEditorClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ld_case_item_editor_dispose;
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
  g_type_ensure (LD_TYPE_FORM_FIELD);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/licencedesk/LicenceDesk/ld-case-item-editor.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, LdCaseItemEditor, name)
  BIND (heading);
  BIND (category);
  BIND (remove_button);
  BIND (import_button);
  BIND (description);
  BIND (quantity);
  BIND (manufacturer);
  BIND (model);
  BIND (calibre);
  BIND (unit_value);
  BIND (currency);
  BIND (control_entry);
  BIND (hs_code);
  BIND (manufacturer_marking);
  BIND (manufacture_country);
  BIND (manufacture_year);
  BIND (import_marking_country);
  BIND (import_marking_year);
  BIND (control_component);
  BIND (marking_method);
  BIND (polymer_insert);
  BIND (additive);
  BIND (deactivated);
  BIND (serials_count);
  BIND (serials_view);
  BIND (serials_error);
  BIND (problems);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, polymer_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, problem_activated_cb);
}

static void
ld_case_item_editor_init (LdCaseItemEditor *self)
{
  guint n_categories;
  const LdCaseCode *categories = ld_case_item_categories (&n_categories);
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; i < n_categories; i++)
    gtk_string_list_append (titles, _(categories[i].title));
  gtk_drop_down_set_model (self->category, G_LIST_MODEL (titles));
  g_signal_connect_object (serials_buffer (self), "changed", G_CALLBACK (serials_changed_cb), self,
                           G_CONNECT_SWAPPED);
  read_serials (self);
}

GtkWidget *
ld_case_item_editor_new (void)
{
  return g_object_new (LD_TYPE_CASE_ITEM_EDITOR, NULL);
}

/* Numbers the line, for its heading and the fields' messages. */
void
ld_case_item_editor_set_number (LdCaseItemEditor *self,
                                guint             n)
{
  g_autofree char *heading = g_strdup_printf (_("Item line %u"), n);

  g_return_if_fail (LD_IS_CASE_ITEM_EDITOR (self));

  self->n = n;
  gtk_label_set_text (self->heading, heading);
  for (guint i = 0; i < G_N_ELEMENTS (item_fields); i++)
    {
      /* As the core names them: "Item line 2: quantity". */
      g_autofree char *name = g_strdup_printf (_("Item line %u: %s"), n, _(item_fields[i].title));

      ld_form_field_set_message_name (field_at (self, i), name);
    }
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->remove_button), "u", n);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->import_button), "u", n);
}

void
ld_case_item_editor_foreach_field (LdCaseItemEditor *self,
                                   LdFieldFunc       func,
                                   gpointer          user_data)
{
  for (guint i = 0; i < G_N_ELEMENTS (item_fields); i++)
    func (item_fields[i].member, field_at (self, i), user_data);
}

char *
ld_case_item_editor_get_serials_text (LdCaseItemEditor *self)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (serials_buffer (self), &start, &end);
  return gtk_text_buffer_get_text (serials_buffer (self), &start, &end, FALSE);
}

/* As a paste or a file import would: replaces the serial numbers. */
void
ld_case_item_editor_set_serials_text (LdCaseItemEditor *self,
                                      const char       *text)
{
  g_return_if_fail (LD_IS_CASE_ITEM_EDITOR (self));
  gtk_text_buffer_set_text (serials_buffer (self), text ? text : "", -1);
}

/* A message about the line as a whole (more serials than the quantity…). */
void
ld_case_item_editor_set_serials_error (LdCaseItemEditor *self,
                                       const char       *message)
{
  gtk_label_set_text (self->serials_error, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->serials_error), message != NULL);
}

guint
ld_case_item_editor_get_n_problems (LdCaseItemEditor *self)
{
  g_return_val_if_fail (LD_IS_CASE_ITEM_EDITOR (self), 0);
  return self->report ? self->report->problems->len : 0;
}

gboolean
ld_case_item_editor_is_empty (LdCaseItemEditor *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (item_fields); i++)
    {
      g_autofree char *text = ld_form_field_get_text (field_at (self, i));

      if (text != NULL)
        return FALSE;
    }
  return self->report->serials->len == 0 && self->report->problems->len == 0 &&
         !gtk_check_button_get_active (self->additive) && !gtk_check_button_get_active (self->deactivated) &&
         !gtk_check_button_get_active (self->polymer_insert);
}

/* Checks each field as typed; the serial numbers' bad lines are listed. */
gboolean
ld_case_item_editor_validate (LdCaseItemEditor *self)
{
  gboolean ok = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (item_fields); i++)
    ok = ld_form_field_validate (field_at (self, i)) && ok;
  return ok && self->report->problems->len == 0;
}

static char *
text_of (LdFormField *field)
{
  return ld_form_field_get_text (field);
}

/**
 * ld_case_item_editor_to_item:
 *
 * Returns: (transfer full) (nullable): the line; %NULL with @error when its
 *   quantity or serial numbers cannot be read
 */
LdCaseItem *
ld_case_item_editor_to_item (LdCaseItemEditor  *self,
                             GError           **error)
{
  guint n_categories;
  const LdCaseCode *categories = ld_case_item_categories (&n_categories);
  g_autoptr(LdCaseItem) it = ld_case_item_new ();
  g_autofree char *quantity = text_of (self->quantity);

  it->category = g_strdup (categories[gtk_drop_down_get_selected (self->category)].code);
  it->description = text_of (self->description);
  it->manufacturer = text_of (self->manufacturer);
  it->model = text_of (self->model);
  it->calibre = text_of (self->calibre);
  it->unit_value = text_of (self->unit_value);
  it->currency = text_of (self->currency);
  it->control_entry = text_of (self->control_entry);
  it->hs_code = text_of (self->hs_code);
  it->manufacturer_marking = text_of (self->manufacturer_marking);
  it->manufacture_country = text_of (self->manufacture_country);
  it->manufacture_year = ld_form_field_get_year (self->manufacture_year);
  it->import_marking_country = text_of (self->import_marking_country);
  it->import_marking_year = ld_form_field_get_year (self->import_marking_year);
  it->control_component = text_of (self->control_component);
  it->marking_method = text_of (self->marking_method);
  it->additive = gtk_check_button_get_active (self->additive);
  it->deactivated = gtk_check_button_get_active (self->deactivated);
  if (!ld_parse_quantity (ld_form_field_get_message_name (self->quantity), quantity, &it->quantity, error))
    return NULL;
  if (self->report->problems->len > 0)
    {
      g_autofree char *summary = ld_serial_report_format (self->report, 3);

      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED, _("Item line %u serial numbers: %s"),
                   self->n, summary);
      return NULL;
    }
  for (guint i = 0; i < self->report->serials->len; i++)
    g_ptr_array_add (it->serials, g_strdup (self->report->serials->pdata[i]));
  return g_steal_pointer (&it);
}

static char *
year_text (int year)
{
  return year ? g_strdup_printf ("%d", year) : NULL;
}

void
ld_case_item_editor_set_item (LdCaseItemEditor *self,
                              const LdCaseItem *it)
{
  guint n_categories;
  const LdCaseCode *categories = ld_case_item_categories (&n_categories);
  g_autofree char *quantity = it->quantity ? g_strdup_printf ("%" G_GINT64_FORMAT, it->quantity) : NULL;
  g_autofree char *made = year_text (it->manufacture_year);
  g_autofree char *marked = year_text (it->import_marking_year);
  g_autoptr(GString) serials = g_string_new (NULL);

  for (guint i = 0; i < it->serials->len; i++)
    g_string_append_printf (serials, "%s\n", (const char *) it->serials->pdata[i]);
  for (guint i = 0; i < n_categories; i++)
    if (g_strcmp0 (categories[i].code, it->category) == 0)
      gtk_drop_down_set_selected (self->category, i);
  ld_form_field_set_text (self->description, it->description);
  ld_form_field_set_text (self->quantity, quantity);
  ld_form_field_set_text (self->manufacturer, it->manufacturer);
  ld_form_field_set_text (self->model, it->model);
  ld_form_field_set_text (self->calibre, it->calibre);
  ld_form_field_set_text (self->unit_value, it->unit_value);
  ld_form_field_set_text (self->currency, it->currency);
  ld_form_field_set_text (self->control_entry, it->control_entry);
  ld_form_field_set_text (self->hs_code, it->hs_code);
  ld_form_field_set_text (self->manufacturer_marking, it->manufacturer_marking);
  ld_form_field_set_text (self->manufacture_country, it->manufacture_country);
  ld_form_field_set_text (self->manufacture_year, made);
  ld_form_field_set_text (self->import_marking_country, it->import_marking_country);
  ld_form_field_set_text (self->import_marking_year, marked);
  ld_form_field_set_text (self->control_component, it->control_component);
  ld_form_field_set_text (self->marking_method, it->marking_method);
  gtk_check_button_set_active (self->polymer_insert, g_strcmp0 (it->marking_method, POLYMER_INSERT_METHOD) == 0);
  gtk_check_button_set_active (self->additive, it->additive);
  gtk_check_button_set_active (self->deactivated, it->deactivated);
  ld_case_item_editor_set_serials_text (self, serials->str);
}

/* The draft keeps the line as typed, bad serial lines included. */
void
ld_case_item_editor_save_to (LdCaseItemEditor *self,
                             GKeyFile         *keys,
                             const char       *group)
{
  g_autofree char *serials = ld_case_item_editor_get_serials_text (self);

  g_key_file_set_integer (keys, group, "category", gtk_drop_down_get_selected (self->category));
  for (guint i = 0; i < G_N_ELEMENTS (item_fields); i++)
    {
      g_autofree char *text = ld_form_field_get_text (field_at (self, i));

      g_key_file_set_string (keys, group, item_fields[i].member, text ? text : "");
    }
  g_key_file_set_boolean (keys, group, "polymer_insert", gtk_check_button_get_active (self->polymer_insert));
  g_key_file_set_boolean (keys, group, "additive", gtk_check_button_get_active (self->additive));
  g_key_file_set_boolean (keys, group, "deactivated", gtk_check_button_get_active (self->deactivated));
  g_key_file_set_string (keys, group, "serials", serials);
}

void
ld_case_item_editor_restore_from (LdCaseItemEditor *self,
                                  GKeyFile         *keys,
                                  const char       *group)
{
  g_autofree char *serials = g_key_file_get_string (keys, group, "serials", NULL);

  gtk_drop_down_set_selected (self->category, g_key_file_get_integer (keys, group, "category", NULL));
  for (guint i = 0; i < G_N_ELEMENTS (item_fields); i++)
    {
      g_autofree char *text = g_key_file_get_string (keys, group, item_fields[i].member, NULL);

      ld_form_field_set_text (field_at (self, i), text);
    }
  gtk_check_button_set_active (self->polymer_insert, g_key_file_get_boolean (keys, group, "polymer_insert", NULL));
  gtk_check_button_set_active (self->additive, g_key_file_get_boolean (keys, group, "additive", NULL));
  gtk_check_button_set_active (self->deactivated, g_key_file_get_boolean (keys, group, "deactivated", NULL));
  ld_case_item_editor_set_serials_text (self, serials);
}

/* Chooses the line's UN Register category by its code. */
gboolean
ld_case_item_editor_set_category (LdCaseItemEditor *self,
                                  const char       *code)
{
  guint n_categories;
  const LdCaseCode *categories = ld_case_item_categories (&n_categories);

  for (guint i = 0; i < n_categories; i++)
    if (g_strcmp0 (categories[i].code, code) == 0)
      {
        gtk_drop_down_set_selected (self->category, i);
        return TRUE;
      }
  return FALSE;
}

/* Returns: (transfer none) (nullable): "polymer_insert", "additive" or "deactivated" */
GtkCheckButton *
ld_case_item_editor_get_check (LdCaseItemEditor *self,
                               const char       *name)
{
  if (g_strcmp0 (name, "polymer_insert") == 0)
    return self->polymer_insert;
  if (g_strcmp0 (name, "additive") == 0)
    return self->additive;
  if (g_strcmp0 (name, "deactivated") == 0)
    return self->deactivated;
  return NULL;
}
