/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-case-form"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include "ld-case-form.h"
#include "ld-case-task.h"
#include "ld-serials.h"
#include "ld-validate.h"

/* The guided form for a new application. It checks the case on every change
 * with the same ld_case_validate() the store uses, says what is wrong next to
 * the Save button, and keeps everything typed when saving fails. */
struct _LdCaseForm
{
  GtkWidget     parent_instance;

  GtkWidget    *scroller;
  GtkWidget    *content;
  GtkWidget    *items_box;
  GtkDropDown  *kind;
  GtkLabel     *message;
  GtkWidget    *save_button;
  GHashTable   *fields;          /* name -> GtkEditable */
  GPtrArray    *items;           /* per line: GHashTable name -> widget */

  LdStore      *store;
  LdActor      *actor;
  GCancellable *cancellable;
  GtkListStore *known_parties;   /* name, country of parties used before */
  GFile        *autosave;        /* where typed input is kept until saved */
  guint         autosave_source;
  gboolean      restoring;
  gboolean      valid;
  gboolean      busy;
};

G_DEFINE_FINAL_TYPE (LdCaseForm, ld_case_form, GTK_TYPE_WIDGET)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void revalidate (LdCaseForm *self);
static void schedule_autosave (LdCaseForm *self);

static GtkWidget *
add_entry (LdCaseForm *self,
           GtkWidget  *grid,
           const char *name,
           const char *title,
           int         row,
           int         column)
{
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *entry = gtk_entry_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_grid_attach (GTK_GRID (grid), label, column, row, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), entry, column + 1, row, 1, 1);
  g_signal_connect_object (entry, "changed", G_CALLBACK (revalidate), self, G_CONNECT_SWAPPED);
  g_hash_table_insert (self->fields, g_strdup (name), entry);
  return entry;
}

static GtkDropDown *
code_drop_down (const LdCaseCode *codes,
                guint             n)
{
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (titles, (gpointer) _(codes[i].title));
  g_ptr_array_add (titles, NULL);
  return GTK_DROP_DOWN (gtk_drop_down_new_from_strings ((const char * const *) titles->pdata));
}

static GtkWidget *
grid_new (void)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  return grid;
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 12);
  return label;
}

/* ---- reading the form into a case ------------------------------------- */

static char *
text_of (LdCaseForm *self,
         const char *name)
{
  GtkEditable *e = g_hash_table_lookup (self->fields, name);
  g_autofree char *t = e ? g_strstrip (g_strdup (gtk_editable_get_text (e))) : NULL;

  return t && t[0] ? g_steal_pointer (&t) : NULL;
}

static char *
upper_text_of (LdCaseForm *self,
               const char *name)
{
  g_autofree char *t = text_of (self, name);

  return t ? g_ascii_strup (t, -1) : NULL;
}

/* ---- parties used before ------------------------------------------------ */

enum { KNOWN_NAME, KNOWN_COUNTRY, N_KNOWN };

static void
known_parties_thread (GTask        *task,
                      gpointer      source,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *parties = ld_case_repo_known_parties (LD_STORE (source), "", 2000, &error);

  if (parties == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, parties, (GDestroyNotify) g_ptr_array_unref);
}

static void
known_parties_cb (GObject      *source,
                  GAsyncResult *res,
                  gpointer      user_data)
{
  g_autoptr(LdCaseForm) self = user_data;
  g_autoptr(GPtrArray) parties = g_task_propagate_pointer (G_TASK (res), NULL);

  if (parties == NULL || self->known_parties == NULL)
    return;
  gtk_list_store_clear (self->known_parties);
  for (guint i = 0; i < parties->len; i++)
    {
      LdKnownParty *p = parties->pdata[i];

      gtk_list_store_insert_with_values (self->known_parties, NULL, -1, KNOWN_NAME, p->name,
                                         KNOWN_COUNTRY, p->country ? p->country : "", -1);
    }
}

static void
refresh_known_parties (LdCaseForm *self)
{
  g_autoptr(GTask) task = g_task_new (self->store, self->cancellable, known_parties_cb, g_object_ref (self));

  g_task_run_in_thread (task, known_parties_thread);
}

/* Picking a party used before fills its country too. */
static gboolean
known_party_selected_cb (GtkEntryCompletion *completion,
                         GtkTreeModel       *model,
                         GtkTreeIter        *iter,
                         LdCaseForm         *self)
{
  g_autofree char *name = NULL;
  const char *role = g_object_get_data (G_OBJECT (completion), "ld-role");

  gtk_tree_model_get (model, iter, KNOWN_NAME, &name, -1);
  ld_case_form_use_known_party (self, role, name);
  return TRUE;
}

static void
add_known_party_completion (LdCaseForm *self,
                            const char *role)
{
  g_autofree char *key = g_strconcat (role, ".name", NULL);
  GtkEntry *entry = g_hash_table_lookup (self->fields, key);
  g_autoptr(GtkEntryCompletion) completion = gtk_entry_completion_new ();

  gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (self->known_parties));
  gtk_entry_completion_set_text_column (completion, KNOWN_NAME);
  gtk_entry_completion_set_minimum_key_length (completion, 2);
  g_object_set_data_full (G_OBJECT (completion), "ld-role", g_strdup (role), g_free);
  g_signal_connect_object (completion, "match-selected", G_CALLBACK (known_party_selected_cb), self, 0);
  gtk_entry_set_completion (entry, completion);
}

/**
 * ld_case_form_use_known_party:
 * @role: applicant, consignee, end_user or broker
 *
 * Fills the party of @role with a party recorded on an earlier case.
 *
 * Returns: whether @name is a party used before
 */
gboolean
ld_case_form_use_known_party (LdCaseForm *self,
                              const char *role,
                              const char *name)
{
  GtkTreeModel *model = GTK_TREE_MODEL (self->known_parties);
  g_autofree char *name_key = g_strconcat (role, ".name", NULL);
  g_autofree char *country_key = g_strconcat (role, ".country", NULL);
  GtkTreeIter iter;
  gboolean valid;

  for (valid = gtk_tree_model_get_iter_first (model, &iter); valid; valid = gtk_tree_model_iter_next (model, &iter))
    {
      g_autofree char *known = NULL;
      g_autofree char *country = NULL;

      gtk_tree_model_get (model, &iter, KNOWN_NAME, &known, KNOWN_COUNTRY, &country, -1);
      if (g_strcmp0 (known, name) != 0)
        continue;
      gtk_editable_set_text (g_hash_table_lookup (self->fields, name_key), known);
      gtk_editable_set_text (g_hash_table_lookup (self->fields, country_key), country);
      return TRUE;
    }
  return FALSE;
}

static void
add_party (LdCaseForm *self,
           LdCase     *c,
           const char *role,
           const char *type)
{
  g_autofree char *name_key = g_strconcat (role, ".name", NULL);
  g_autofree char *country_key = g_strconcat (role, ".country", NULL);
  g_autofree char *registration_key = g_strconcat (role, ".registration", NULL);
  g_autofree char *authorisation_key = g_strconcat (role, ".authorisation", NULL);
  g_autofree char *name = text_of (self, name_key);
  LdCaseParty *p;

  if (name == NULL)
    return;
  p = ld_case_party_new ();
  p->role = g_strdup (role);
  p->party_type = g_strdup (type);
  p->name = g_steal_pointer (&name);
  p->country = upper_text_of (self, country_key);
  p->broker_registration = text_of (self, registration_key);
  p->broker_authorisation = text_of (self, authorisation_key);
  g_ptr_array_add (c->parties, p);
}

static char *
text_view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static LdCaseItem *
item_from_line (GHashTable  *w,
                guint        n,
                GError     **error)
{
  g_autoptr(LdCaseItem) it = ld_case_item_new ();
  g_autofree char *quantity_field = g_strdup_printf (_("Item line %u: quantity"), n);
  g_autofree char *serials = text_view_text (g_hash_table_lookup (w, "serials"));
  g_autoptr(LdSerialReport) report = ld_serials_parse (serials, -1);
  guint n_categories;
  const LdCaseCode *categories = ld_case_item_categories (&n_categories);
  const char *value = gtk_editable_get_text (g_hash_table_lookup (w, "value"));
  const char *currency = gtk_editable_get_text (g_hash_table_lookup (w, "currency"));

  it->category = g_strdup (categories[gtk_drop_down_get_selected (g_hash_table_lookup (w, "category"))].code);
  it->description = g_strdup (gtk_editable_get_text (g_hash_table_lookup (w, "description")));
  it->unit_value = value[0] ? g_strdup (value) : NULL;
  it->currency = currency[0] ? g_ascii_strup (currency, -1) : NULL;
  if (!ld_parse_quantity (quantity_field, gtk_editable_get_text (g_hash_table_lookup (w, "quantity")),
                          &it->quantity, error))
    return NULL;
  if (report->problems->len > 0)
    {
      g_autofree char *summary = ld_serial_report_format (report, 3);

      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED, _("Item line %u serial numbers: %s"),
                   n, summary);
      return NULL;
    }
  g_ptr_array_extend_and_steal (it->serials, g_steal_pointer (&report->serials));
  report->serials = g_ptr_array_new ();
  return g_steal_pointer (&it);
}

static gboolean
line_is_empty (GHashTable *w)
{
  g_autofree char *serials = text_view_text (g_hash_table_lookup (w, "serials"));

  return gtk_editable_get_text (g_hash_table_lookup (w, "quantity"))[0] == '\0' &&
         gtk_editable_get_text (g_hash_table_lookup (w, "description"))[0] == '\0' && serials[0] == '\0';
}

static LdCase *
form_to_case (LdCaseForm  *self,
              GError     **error)
{
  g_autoptr(LdCase) c = ld_case_new ();
  g_autofree char *transit = upper_text_of (self, "transit");
  guint n_kinds;
  const LdCaseCode *kinds = ld_case_kinds (&n_kinds);

  c->kind = g_strdup (kinds[gtk_drop_down_get_selected (self->kind)].code);
  c->origin_country = upper_text_of (self, "origin");
  c->export_country = upper_text_of (self, "export");
  c->destination_country = upper_text_of (self, "destination");
  if (transit)
    {
      g_auto(GStrv) codes = g_strsplit_set (transit, ", ", -1);

      for (guint i = 0; codes[i]; i++)
        if (codes[i][0])
          g_ptr_array_add (c->transit, g_strdup (codes[i]));
    }
  /* A return date is what makes a transfer temporary. */
  c->return_on = text_of (self, "return_on");
  c->temporary = c->return_on != NULL;
  c->end_use = text_of (self, "end_use");
  c->euc_reference = text_of (self, "euc_reference");
  c->contract_reference = text_of (self, "contract_reference");
  add_party (self, c, "applicant", "commercial");
  add_party (self, c, "consignee", NULL);
  add_party (self, c, "end_user", NULL);
  add_party (self, c, "broker", "commercial");
  for (guint i = 0; i < self->items->len; i++)
    {
      LdCaseItem *it;

      /* A line not started yet is not an error in a draft. */
      if (line_is_empty (self->items->pdata[i]))
        continue;
      it = item_from_line (self->items->pdata[i], i + 1, error);

      if (it == NULL)
        return NULL;
      g_ptr_array_add (c->items, it);
    }
  if (!ld_case_validate (c, FALSE, error))
    return NULL;
  return g_steal_pointer (&c);
}

/* ---- validation as the officer types ------------------------------------ */

static void
revalidate (LdCaseForm *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdCase) c = NULL;
  g_autoptr(GError) incomplete = NULL;

  if (self->kind == NULL || self->message == NULL)
    return;
  c = form_to_case (self, &error);
  self->valid = c != NULL;
  if (c && !ld_case_validate (c, TRUE, &incomplete))
    {
      /* Savable as a draft; say what a submission will still need. */
      g_autofree char *text = g_strdup_printf (_("Can be saved as a draft. Before submitting: %s"), incomplete->message);

      gtk_label_set_text (self->message, text);
    }
  else
    gtk_label_set_text (self->message, c ? _("Complete: save it and submit it.") : error->message);
  gtk_widget_set_sensitive (self->save_button, self->valid && !self->busy && self->actor != NULL);
  schedule_autosave (self);
}

static void
buffer_changed_cb (GtkTextBuffer *buffer,
                   LdCaseForm    *self)
{
  revalidate (self);
}

static void
add_item_entry (LdCaseForm *self,
                GtkWidget  *grid,
                GHashTable *w,
                const char *key,
                const char *title,
                guint       n,
                int         row,
                int         column)
{
  g_autofree char *name = g_strdup_printf ("item%u.%s", n, key);
  GtkWidget *entry = add_entry (self, grid, name, title, row, column);

  g_hash_table_insert (w, g_strdup (key), entry);
}

void
ld_case_form_add_item_line (LdCaseForm *self)
{
  GHashTable *w = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = self->items->len + 1, n_categories;
  const LdCaseCode *categories = ld_case_item_categories (&n_categories);
  g_autofree char *title = g_strdup_printf (_("Item line %u"), n);
  GtkWidget *grid = grid_new ();
  GtkDropDown *category = code_drop_down (categories, n_categories);
  GtkWidget *serials = gtk_text_view_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();

  gtk_box_append (GTK_BOX (self->items_box), heading (title));
  gtk_grid_attach (GTK_GRID (grid), gtk_label_new (_("Category")), 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (category), 1, 0, 1, 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (category), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Category"), -1);
  g_signal_connect_object (category, "notify::selected", G_CALLBACK (revalidate), self, G_CONNECT_SWAPPED);
  g_hash_table_insert (w, g_strdup ("category"), category);
  add_item_entry (self, grid, w, "description", _("Description"), n, 0, 2);
  add_item_entry (self, grid, w, "quantity", _("Quantity"), n, 1, 0);
  add_item_entry (self, grid, w, "value", _("Unit value"), n, 1, 2);
  add_item_entry (self, grid, w, "currency", _("Currency"), n, 2, 0);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (serials), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (serials), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Serial numbers, one per line or as CSV"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), serials);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 80);
  gtk_grid_attach (GTK_GRID (grid), gtk_label_new (_("Serial numbers")), 0, 3, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), scroller, 1, 3, 3, 1);
  g_signal_connect_object (gtk_text_view_get_buffer (GTK_TEXT_VIEW (serials)), "changed",
                           G_CALLBACK (buffer_changed_cb), self, 0);
  g_hash_table_insert (w, g_strdup ("serials"), serials);
  g_ptr_array_add (self->items, w);
  gtk_box_append (GTK_BOX (self->items_box), grid);
  revalidate (self);
}

/* ---- keeping typed input across a crash --------------------------------------
 *
 * What is typed goes to a small key file next to the store a second after the
 * last change, written asynchronously; a new form restores it. A successful
 * save empties it. */

static GKeyFile *
form_to_key_file (LdCaseForm *self)
{
  GKeyFile *kf = g_key_file_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_key_file_set_integer (kf, "case", "kind", gtk_drop_down_get_selected (self->kind));
  g_hash_table_iter_init (&iter, self->fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_key_file_set_string (kf, "fields", key, gtk_editable_get_text (value));
  for (guint i = 0; i < self->items->len; i++)
    {
      g_autofree char *group = g_strdup_printf ("item%u", i + 1);
      g_autofree char *serials = text_view_text (g_hash_table_lookup (self->items->pdata[i], "serials"));

      g_key_file_set_integer (kf, group, "category",
                              gtk_drop_down_get_selected (g_hash_table_lookup (self->items->pdata[i], "category")));
      g_key_file_set_string (kf, group, "serials", serials);
    }
  return kf;
}

static gboolean
autosave_cb (gpointer data)
{
  LdCaseForm *self = data;
  g_autoptr(GKeyFile) kf = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length;

  self->autosave_source = 0;
  /* The form was taken down before the timer fired. */
  if (self->kind == NULL || self->autosave == NULL)
    return G_SOURCE_REMOVE;
  kf = form_to_key_file (self);
  text = g_key_file_to_data (kf, &length, NULL);
  bytes = g_bytes_new_take (g_steal_pointer (&text), length);
  /* Not cancellable: the last write happens while the form goes away. */
  g_file_replace_contents_bytes_async (self->autosave, bytes, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, NULL, NULL);
  return G_SOURCE_REMOVE;
}

static void
schedule_autosave (LdCaseForm *self)
{
  if (self->autosave == NULL || self->restoring)
    return;
  g_clear_handle_id (&self->autosave_source, g_source_remove);
  self->autosave_source = g_timeout_add_full (G_PRIORITY_LOW, 1000, autosave_cb, g_object_ref (self), g_object_unref);
}

static void
restore_from (LdCaseForm *self,
              GKeyFile   *kf)
{
  g_auto(GStrv) keys = g_key_file_get_keys (kf, "fields", NULL, NULL);

  self->restoring = TRUE;
  gtk_drop_down_set_selected (self->kind, g_key_file_get_integer (kf, "case", "kind", NULL));
  for (guint i = 0; keys && keys[i]; i++)
    {
      g_autofree char *value = g_key_file_get_string (kf, "fields", keys[i], NULL);
      guint line = 0;

      /* Item lines beyond the first are added before their fields are filled. */
      if (sscanf (keys[i], "item%u.", &line) == 1)
        while (self->items->len < line)
          ld_case_form_add_item_line (self);
      if (g_hash_table_lookup (self->fields, keys[i]) && value)
        gtk_editable_set_text (g_hash_table_lookup (self->fields, keys[i]), value);
    }
  for (guint i = 0; i < self->items->len; i++)
    {
      g_autofree char *group = g_strdup_printf ("item%u", i + 1);
      g_autofree char *serials = g_key_file_get_string (kf, group, "serials", NULL);

      gtk_drop_down_set_selected (g_hash_table_lookup (self->items->pdata[i], "category"),
                                  g_key_file_get_integer (kf, group, "category", NULL));
      if (serials)
        ld_case_form_paste_serials (self, i + 1, serials);
    }
  self->restoring = FALSE;
  revalidate (self);
}

static void
autosave_loaded_cb (GObject      *source,
                    GAsyncResult *res,
                    gpointer      user_data)
{
  g_autoptr(LdCaseForm) self = user_data;
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *text = NULL;
  gsize length;

  /* No file, or an unreadable one: start empty. */
  if (!g_file_load_contents_finish (G_FILE (source), res, &text, &length, NULL, NULL) ||
      !g_key_file_load_from_data (kf, text, length, G_KEY_FILE_NONE, NULL) || self->store == NULL)
    return;
  restore_from (self, kf);
}

/**
 * ld_case_form_set_autosave_path:
 *
 * Keeps what is typed in @path until it is saved, and restores what an
 * earlier form left there (after a crash or a closed window).
 */
void
ld_case_form_set_autosave_path (LdCaseForm *self,
                                const char *path)
{
  g_clear_object (&self->autosave);
  self->autosave = g_file_new_for_path (path);
  g_file_load_contents_async (self->autosave, self->cancellable, autosave_loaded_cb, g_object_ref (self));
}

/* ---- saving ----------------------------------------------------------------- */

static void
saved_cb (GObject      *source,
          GAsyncResult *res,
          gpointer      user_data)
{
  g_autoptr(LdCaseForm) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdCaseTaskResult) result = ld_case_task_run_finish (res, &error);

  self->busy = FALSE;
  if (result != NULL)
    refresh_known_parties (self);
  if (result == NULL)
    {
      /* Everything typed stays in the form. */
      gtk_label_set_text (self->message, error->message);
      gtk_widget_set_sensitive (self->save_button, self->valid);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, result->record->id);
}

static void
save_clicked_cb (LdCaseForm *self)
{
  g_autoptr(GError) error = NULL;
  LdCase *c = form_to_case (self, &error);
  LdCaseTaskInput *input;

  if (c == NULL)
    {
      gtk_label_set_text (self->message, error->message);
      return;
    }
  input = ld_case_task_input_new (LD_CASE_TASK_CREATE);
  input->actor = self->actor ? ld_actor_copy (self->actor) : NULL;
  input->data = c;
  self->busy = TRUE;
  gtk_widget_set_sensitive (self->save_button, FALSE);
  ld_case_task_run_async (self->store, input, self->cancellable, saved_cb, g_object_ref (self));
}

static void
build_case_fields (LdCaseForm *self)
{
  GtkWidget *grid = grid_new ();
  guint n_kinds;
  const LdCaseCode *kinds = ld_case_kinds (&n_kinds);

  self->kind = code_drop_down (kinds, n_kinds);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->kind), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Application type"), -1);
  g_signal_connect_object (self->kind, "notify::selected", G_CALLBACK (revalidate), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (self->content), heading (_("Application")));
  gtk_grid_attach (GTK_GRID (grid), gtk_label_new (_("Type")), 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (self->kind), 1, 0, 1, 1);
  add_entry (self, grid, "contract_reference", _("Contract reference"), 0, 2);
  add_entry (self, grid, "end_use", _("Stated end use"), 1, 0);
  add_entry (self, grid, "euc_reference", _("End-use certificate"), 1, 2);
  add_entry (self, grid, "return_on", _("Return date, if temporary"), 2, 0);
  gtk_box_append (GTK_BOX (self->content), grid);

  grid = grid_new ();
  gtk_box_append (GTK_BOX (self->content), heading (_("Route (ISO 3166 codes)")));
  add_entry (self, grid, "origin", _("Country of origin"), 0, 0);
  add_entry (self, grid, "export", _("Country of export"), 0, 2);
  add_entry (self, grid, "transit", _("Transit countries, in order"), 1, 0);
  add_entry (self, grid, "destination", _("Final destination"), 1, 2);
  gtk_box_append (GTK_BOX (self->content), grid);

  grid = grid_new ();
  gtk_box_append (GTK_BOX (self->content), heading (_("Parties")));
  add_entry (self, grid, "applicant.name", _("Applicant / exporter"), 0, 0);
  add_entry (self, grid, "applicant.country", _("Applicant country"), 0, 2);
  add_entry (self, grid, "consignee.name", _("Consignee"), 1, 0);
  add_entry (self, grid, "consignee.country", _("Consignee country"), 1, 2);
  add_entry (self, grid, "end_user.name", _("End user"), 2, 0);
  add_entry (self, grid, "end_user.country", _("End user country"), 2, 2);
  add_entry (self, grid, "broker.name", _("Broker"), 3, 0);
  add_entry (self, grid, "broker.country", _("Broker country"), 3, 2);
  add_entry (self, grid, "broker.registration", _("Broker registration"), 4, 0);
  add_entry (self, grid, "broker.authorisation", _("Brokering authorisation"), 4, 2);
  gtk_box_append (GTK_BOX (self->content), grid);
}

static void
build_footer (LdCaseForm *self)
{
  GtkWidget *add_line = gtk_button_new_with_label (_("Add Item Line"));
  GtkWidget *footer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  self->items_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (self->content), self->items_box);
  g_signal_connect_object (add_line, "clicked", G_CALLBACK (ld_case_form_add_item_line), self, G_CONNECT_SWAPPED);
  self->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message, TRUE);
  gtk_label_set_xalign (self->message, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->message), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->message), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Validation"), -1);
  self->save_button = gtk_button_new_with_label (_("Save Draft"));
  gtk_widget_add_css_class (self->save_button, "suggested-action");
  g_signal_connect_object (self->save_button, "clicked", G_CALLBACK (save_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (footer), add_line);
  gtk_box_append (GTK_BOX (footer), GTK_WIDGET (self->message));
  gtk_box_append (GTK_BOX (footer), self->save_button);
  gtk_widget_set_margin_top (footer, 12);
  gtk_box_append (GTK_BOX (self->content), footer);
}

static void
ld_case_form_dispose (GObject *object)
{
  LdCaseForm *self = LD_CASE_FORM (object);

  g_cancellable_cancel (self->cancellable);
  if (self->autosave_source)
    {
      g_source_remove (self->autosave_source);
      autosave_cb (self);
    }
  g_clear_object (&self->autosave);
  g_clear_object (&self->known_parties);
  /* Widgets going away must not feed revalidate() any more. */
  self->kind = NULL;
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_pointer (&self->fields, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->actor, ld_actor_free);
  G_OBJECT_CLASS (ld_case_form_parent_class)->dispose (object);
}

static void
ld_case_form_class_init (LdCaseFormClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ld_case_form_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ld_case_form_init (LdCaseForm *self)
{
  self->cancellable = g_cancellable_new ();
  self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  self->scroller = gtk_scrolled_window_new ();
  self->content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->known_parties = gtk_list_store_new (N_KNOWN, G_TYPE_STRING, G_TYPE_STRING);
  g_object_set (self->content, "margin-start", 18, "margin-end", 18, "margin-top", 12, "margin-bottom", 18, NULL);
  build_case_fields (self);
  add_known_party_completion (self, "applicant");
  add_known_party_completion (self, "consignee");
  add_known_party_completion (self, "end_user");
  add_known_party_completion (self, "broker");
  build_footer (self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->content);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
  ld_case_form_add_item_line (self);
}

GtkWidget *
ld_case_form_new (LdStore *store)
{
  LdCaseForm *self = g_object_new (LD_TYPE_CASE_FORM, NULL);

  self->store = g_object_ref (store);
  refresh_known_parties (self);
  return GTK_WIDGET (self);
}

void
ld_case_form_set_actor (LdCaseForm    *self,
                        const LdActor *actor)
{
  g_clear_pointer (&self->actor, ld_actor_free);
  self->actor = actor ? ld_actor_copy (actor) : NULL;
  revalidate (self);
}

/**
 * ld_case_form_get_field:
 * @name: "destination", "transit", "applicant.name", "item1.quantity", …
 *
 * Returns: (transfer none) (nullable): the field's entry
 */
GtkEditable *
ld_case_form_get_field (LdCaseForm *self,
                        const char *name)
{
  return g_hash_table_lookup (self->fields, name);
}

/* Puts @text into item line @line's serial numbers, as a paste would. */
void
ld_case_form_paste_serials (LdCaseForm *self,
                            guint       line,
                            const char *text)
{
  GHashTable *w;

  g_return_if_fail (line >= 1 && line <= self->items->len);
  w = self->items->pdata[line - 1];
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (g_hash_table_lookup (w, "serials")), text, -1);
}

const char *
ld_case_form_get_message (LdCaseForm *self)
{
  return gtk_label_get_text (self->message);
}

gboolean
ld_case_form_is_valid (LdCaseForm *self)
{
  return self->valid;
}

gboolean
ld_case_form_is_busy (LdCaseForm *self)
{
  return self->busy;
}

GtkWidget *
ld_case_form_get_save_button (LdCaseForm *self)
{
  return self->save_button;
}

/* Empties the form for the next application (after a successful save only). */
void
ld_case_form_clear (LdCaseForm *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->fields);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    gtk_editable_set_text (value, "");
  for (guint i = 1; i <= self->items->len; i++)
    ld_case_form_paste_serials (self, i, "");
}
