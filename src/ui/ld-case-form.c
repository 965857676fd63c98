/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-case-form"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include "ld-case-form-private.h"
#include "ld-widget-util.h"
#include "ld-case-intake.h"
#include "ld-draft-file.h"

/* The whole application as an officer reads the paper: the application's
 * own data, the parties with every role, the route in order and the item
 * lines with their marking and serial numbers. Each field is checked as it is
 * typed with the core's validators, and says what is wrong beneath it in the
 * words licence-desk-admin uses; the whole case is checked with the same
 * ld_case_validate() the store uses, and what it says is shown beside the
 * field it names and next to Save. What is typed is kept in a draft file
 * until it is saved, so a closed window or a crash loses nothing. */
struct _LdCaseForm
{
  GtkWidget     parent_instance;

  GtkWidget    *scroller;
  GtkDropDown  *kind;
  GtkCheckButton *temporary;
  LdFormField  *applicant_reference;
  LdFormField  *received_on;
  LdFormField  *contract_reference;
  LdFormField  *contract_date;
  LdFormField  *euc_reference;
  LdFormField  *valid_until;
  LdFormField  *return_on;
  LdFormField  *end_use;
  LdFormField  *delivery_schedule;
  LdFormField  *origin;
  LdFormField  *export;
  LdFormField  *destination;
  GtkBox       *parties_box;
  GtkBox       *transit_box;
  GtkBox       *items_box;
  GtkLabel     *message;
  GtkWidget    *save_button;

  GPtrArray    *parties;         /* (element-type LdCasePartyEditor) in order */
  GPtrArray    *transit;         /* (element-type LdFormField) in route order */
  GPtrArray    *items;           /* (element-type LdCaseItemEditor) */
  GHashTable   *fields;          /* name -> LdFormField, rebuilt when lines come and go */

  LdStore      *store;
  LdActor      *actor;
  GCancellable *cancellable;
  LdDraftFile  *draft;
  guint         draft_source;
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

/* The case's own fields: name in the form and the draft, and the name the
 * core's messages give it. */
static const struct { const char *key; gsize offset; const char *message_name; } case_fields[] = {
#define FIELD(m, t) { #m, G_STRUCT_OFFSET (LdCaseForm, m), t }
  FIELD (applicant_reference, N_("Applicant's reference")),
  FIELD (received_on, N_("Received on")),
  FIELD (contract_reference, N_("Contract reference")),
  FIELD (contract_date, N_("Contract date")),
  FIELD (euc_reference, N_("End-use certificate reference")),
  FIELD (valid_until, N_("Requested validity")),
  FIELD (return_on, N_("Return date of a temporary transfer")),
  FIELD (end_use, N_("End use")),
  FIELD (delivery_schedule, N_("Delivery schedule")),
  FIELD (origin, N_("Country of origin")),
  FIELD (export, N_("Country of export")),
  FIELD (destination, N_("Final destination")),
#undef FIELD
};

/* The parties a paper application names first. */
static const char * const first_roles[] = { "applicant", "consignee", "end_user" };

#define DRAFT_DELAY_MS 1000

static void revalidate (LdCaseForm *self);
static void changed (LdCaseForm *self);

static LdFormField *
case_field (LdCaseForm *self,
            guint       i)
{
  return G_STRUCT_MEMBER (LdFormField *, self, case_fields[i].offset);
}

/* ---- the index of fields by name ----------------------------------------- */

typedef struct
{
  LdCaseForm *self;
  const char *prefix;
  const char *alias;   /* the role, for the first party of it */
} IndexAdd;

static void
index_field (const char  *member,
             LdFormField *field,
             gpointer     user_data)
{
  IndexAdd *add = user_data;

  g_autofree char *alias = add->alias ? g_strdup_printf ("%s.%s", add->alias, member) : NULL;

  g_hash_table_insert (add->self->fields, g_strdup_printf ("%s.%s", add->prefix, member), field);
  /* The first party of a role also answers to the role's name. */
  if (alias && !g_hash_table_contains (add->self->fields, alias))
    g_hash_table_insert (add->self->fields, g_steal_pointer (&alias), field);
}

/* Numbers parties, transit countries and lines as the case will list them. */
static void
renumber (LdCaseForm *self)
{
  g_hash_table_remove_all (self->fields);
  for (guint i = 0; i < G_N_ELEMENTS (case_fields); i++)
    g_hash_table_insert (self->fields, g_strdup (case_fields[i].key), case_field (self, i));
  for (guint i = 0; i < self->parties->len; i++)
    {
      g_autofree char *prefix = g_strdup_printf ("party%u", i + 1);
      IndexAdd add = { self, prefix, ld_case_party_editor_get_role (self->parties->pdata[i]) };

      ld_case_party_editor_set_number (self->parties->pdata[i], i + 1);
      ld_case_party_editor_foreach_field (self->parties->pdata[i], index_field, &add);
    }
  for (guint i = 0; i < self->transit->len; i++)
    {
      LdFormField *field = self->transit->pdata[i];
      GtkWidget *remove = gtk_widget_get_next_sibling (GTK_WIDGET (field));
      g_autofree char *name = g_strdup_printf (_("Transit country %u"), i + 1);
      g_autofree char *key = g_strdup_printf ("transit%u", i + 1);

      ld_form_field_set_message_name (field, name);
      g_object_set (field, "title", name, NULL);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "u", i + 1);
      g_hash_table_insert (self->fields, g_steal_pointer (&key), field);
    }
  for (guint i = 0; i < self->items->len; i++)
    {
      g_autofree char *prefix = g_strdup_printf ("item%u", i + 1);
      IndexAdd add = { self, prefix, NULL };

      ld_case_item_editor_set_number (self->items->pdata[i], i + 1);
      ld_case_item_editor_foreach_field (self->items->pdata[i], index_field, &add);
    }
}

/* ---- reading the form into a case ------------------------------------------ */

static void
read_route (LdCaseForm *self,
            LdCase     *c)
{
  c->origin_country = ld_form_field_get_text (self->origin);
  c->export_country = ld_form_field_get_text (self->export);
  c->destination_country = ld_form_field_get_text (self->destination);
  for (guint i = 0; i < self->transit->len; i++)
    {
      char *code = ld_form_field_get_text (self->transit->pdata[i]);

      /* A row added but not filled in is not part of the route. */
      if (code != NULL)
        g_ptr_array_add (c->transit, code);
    }
}

static LdCase *
form_to_case (LdCaseForm  *self,
              GError     **error)
{
  g_autoptr(LdCase) c = ld_case_new ();
  guint n_kinds;
  const LdCaseCode *kinds = ld_case_kinds (&n_kinds);

  c->kind = g_strdup (kinds[gtk_drop_down_get_selected (self->kind)].code);
  c->temporary = gtk_check_button_get_active (self->temporary);
  c->return_on = ld_form_field_get_text (self->return_on);
  c->applicant_reference = ld_form_field_get_text (self->applicant_reference);
  c->received_on = ld_form_field_get_text (self->received_on);
  c->contract_reference = ld_form_field_get_text (self->contract_reference);
  c->contract_date = ld_form_field_get_text (self->contract_date);
  c->euc_reference = ld_form_field_get_text (self->euc_reference);
  c->valid_until = ld_form_field_get_text (self->valid_until);
  c->end_use = ld_form_field_get_text (self->end_use);
  c->delivery_schedule = ld_form_field_get_text (self->delivery_schedule);
  read_route (self, c);
  for (guint i = 0; i < self->parties->len; i++)
    {
      LdCaseParty *p = ld_case_party_editor_to_party (self->parties->pdata[i]);

      if (p != NULL)
        g_ptr_array_add (c->parties, p);
    }
  for (guint i = 0; i < self->items->len; i++)
    {
      LdCaseItem *it;

      /* A line not started yet is not an error in a draft. */
      if (ld_case_item_editor_is_empty (self->items->pdata[i]))
        continue;
      if ((it = ld_case_item_editor_to_item (self->items->pdata[i], error)) == NULL)
        return NULL;
      g_ptr_array_add (c->items, it);
    }
  return g_steal_pointer (&c);
}

/* ---- validation as the officer types ---------------------------------------- */

/* Whether @message speaks of @name: "Item line 1: quantity must…" speaks of
 * "Item line 1: quantity", but "Item line 10" is not "Item line 1". */
static gboolean
message_names (const char *message,
               const char *name)
{
  gsize length = strlen (name);

  return name[0] && strncmp (message, name, length) == 0 && !g_ascii_isdigit (message[length]);
}

/* Shows a whole-case message beside the field it names, if it names one. */
static void
place_message (LdCaseForm *self,
               const char *message)
{
  GHashTableIter iter;
  gpointer value;
  LdFormField *best = NULL;
  gsize best_length = 0;

  g_hash_table_iter_init (&iter, self->fields);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const char *name = ld_form_field_get_message_name (value);

      if (name && message_names (message, name) && strlen (name) > best_length)
        {
          best = value;
          best_length = strlen (name);
        }
    }
  if (best != NULL)
    {
      if (ld_form_field_get_error (best) == NULL)
        ld_form_field_set_error (best, message);
      return;
    }
  /* About a line as a whole: its serial numbers against its quantity. */
  for (guint i = 0; i < self->items->len; i++)
    {
      g_autofree char *line = g_strdup_printf (_("Item line %u"), i + 1);

      /* Bad serial lines are listed under the line already. */
      if (message_names (message, line) && ld_case_item_editor_get_n_problems (self->items->pdata[i]) == 0)
        ld_case_item_editor_set_serials_error (self->items->pdata[i], message);
    }
}

static gboolean
validate_fields (LdCaseForm *self)
{
  gboolean ok = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (case_fields); i++)
    ok = ld_form_field_validate (case_field (self, i)) && ok;
  for (guint i = 0; i < self->transit->len; i++)
    ok = ld_form_field_validate (self->transit->pdata[i]) && ok;
  for (guint i = 0; i < self->parties->len; i++)
    ok = ld_case_party_editor_validate (self->parties->pdata[i]) && ok;
  for (guint i = 0; i < self->items->len; i++)
    {
      ld_case_item_editor_set_serials_error (self->items->pdata[i], NULL);
      ok = ld_case_item_editor_validate (self->items->pdata[i]) && ok;
    }
  return ok;
}

static void
show_verdict (LdCaseForm   *self,
              const LdCase *c,
              const GError *error)
{
  g_autoptr(GError) incomplete = NULL;

  if (c == NULL || error != NULL)
    {
      gtk_label_set_text (self->message, error->message);
      place_message (self, error->message);
      return;
    }
  if (!ld_case_validate (c, TRUE, &incomplete))
    {
      /* Savable as a draft; say what a submission will still need. */
      g_autofree char *text = g_strdup_printf (_("Can be saved as a draft. Before submitting: %s"),
                                               incomplete->message);

      gtk_label_set_text (self->message, text);
      return;
    }
  gtk_label_set_text (self->message, _("Complete: save it and submit it."));
}

static void
revalidate (LdCaseForm *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdCase) c = NULL;
  gboolean fields_ok;

  if (self->fields == NULL || self->restoring)
    return;
  fields_ok = validate_fields (self);
  c = form_to_case (self, &error);
  if (c != NULL && !ld_case_validate (c, FALSE, &error))
    g_clear_pointer (&c, ld_case_free);
  self->valid = c != NULL && fields_ok;
  show_verdict (self, c, error);
  _ld_case_form_update_actions (self);
}

/* ---- the draft ------------------------------------------------------------------ */

static void
save_fields (GKeyFile   *keys,
             const char *group,
             const char *member,
             LdFormField *field)
{
  g_autofree char *text = ld_form_field_get_text (field);

  g_key_file_set_string (keys, group, member, text ? text : "");
}

typedef struct
{
  GKeyFile   *keys;
  const char *group;
} DraftGroup;

static void
save_party_field (const char  *member,
                  LdFormField *field,
                  gpointer     user_data)
{
  DraftGroup *g = user_data;

  save_fields (g->keys, g->group, member, field);
}

static GKeyFile *
form_to_key_file (LdCaseForm *self)
{
  GKeyFile *keys = g_key_file_new ();

  g_key_file_set_integer (keys, "case", "kind", gtk_drop_down_get_selected (self->kind));
  g_key_file_set_boolean (keys, "case", "temporary", gtk_check_button_get_active (self->temporary));
  g_key_file_set_integer (keys, "case", "parties", self->parties->len);
  g_key_file_set_integer (keys, "case", "transit", self->transit->len);
  g_key_file_set_integer (keys, "case", "items", self->items->len);
  for (guint i = 0; i < G_N_ELEMENTS (case_fields); i++)
    save_fields (keys, "fields", case_fields[i].key, case_field (self, i));
  for (guint i = 0; i < self->transit->len; i++)
    {
      g_autofree char *key = g_strdup_printf ("transit%u", i + 1);

      save_fields (keys, "fields", key, self->transit->pdata[i]);
    }
  for (guint i = 0; i < self->parties->len; i++)
    {
      g_autofree char *group = g_strdup_printf ("party%u", i + 1);
      g_autoptr(LdCaseParty) p = ld_case_party_editor_to_party (self->parties->pdata[i]);
      DraftGroup g = { keys, group };

      g_key_file_set_string (keys, group, "role", ld_case_party_editor_get_role (self->parties->pdata[i]));
      g_key_file_set_string (keys, group, "type", p && p->party_type ? p->party_type : "");
      ld_case_party_editor_foreach_field (self->parties->pdata[i], save_party_field, &g);
    }
  for (guint i = 0; i < self->items->len; i++)
    {
      g_autofree char *group = g_strdup_printf ("item%u", i + 1);

      ld_case_item_editor_save_to (self->items->pdata[i], keys, group);
    }
  return keys;
}

static gboolean
write_draft_cb (gpointer data)
{
  LdCaseForm *self = data;
  g_autoptr(GKeyFile) keys = NULL;

  self->draft_source = 0;
  if (self->draft == NULL || self->fields == NULL)
    return G_SOURCE_REMOVE;
  keys = form_to_key_file (self);
  ld_draft_file_save (self->draft, keys);
  return G_SOURCE_REMOVE;
}

static void
schedule_draft (LdCaseForm *self)
{
  if (self->draft == NULL || self->restoring)
    return;
  g_clear_handle_id (&self->draft_source, g_source_remove);
  self->draft_source = g_timeout_add (DRAFT_DELAY_MS, write_draft_cb, self);
}

static char *
key_text (GKeyFile   *keys,
          const char *group,
          const char *key)
{
  g_autofree char *text = g_key_file_get_string (keys, group, key, NULL);

  return text && text[0] ? g_steal_pointer (&text) : NULL;
}

static void
restore_party (LdCaseForm *self,
               GKeyFile   *keys,
               guint       n)
{
  g_autofree char *group = g_strdup_printf ("party%u", n);
  g_autoptr(LdCaseParty) p = ld_case_party_new ();

  p->role = key_text (keys, group, "role");
  p->party_type = key_text (keys, group, "type");
  p->name = key_text (keys, group, "name");
  p->other_names = key_text (keys, group, "other_names");
  p->country = key_text (keys, group, "country");
  p->address = key_text (keys, group, "address");
  p->identifiers = key_text (keys, group, "identifiers");
  p->broker_registration = key_text (keys, group, "broker_registration");
  p->broker_authorisation = key_text (keys, group, "broker_authorisation");
  ld_case_form_add_party (self, p->role ? p->role : "applicant");
  ld_case_party_editor_set_party (self->parties->pdata[self->parties->len - 1], p);
}

static void
remove_all_lines (LdCaseForm *self)
{
  while (self->parties->len > 0)
    _ld_case_form_remove_party (self, self->parties->len);
  while (self->transit->len > 0)
    _ld_case_form_remove_transit (self, self->transit->len);
  while (self->items->len > 0)
    {
      gtk_box_remove (self->items_box, self->items->pdata[self->items->len - 1]);
      g_ptr_array_remove_index (self->items, self->items->len - 1);
    }
}

static void
restore_from (LdCaseForm *self,
              GKeyFile   *keys)
{
  guint n_parties = g_key_file_get_integer (keys, "case", "parties", NULL);
  guint n_transit = g_key_file_get_integer (keys, "case", "transit", NULL);
  guint n_items = g_key_file_get_integer (keys, "case", "items", NULL);

  self->restoring = TRUE;
  remove_all_lines (self);
  gtk_drop_down_set_selected (self->kind, g_key_file_get_integer (keys, "case", "kind", NULL));
  gtk_check_button_set_active (self->temporary, g_key_file_get_boolean (keys, "case", "temporary", NULL));
  for (guint i = 1; i <= n_parties; i++)
    restore_party (self, keys, i);
  for (guint i = 0; i < n_transit; i++)
    ld_case_form_add_transit (self);
  for (guint i = 0; i < MAX (n_items, 1); i++)
    ld_case_form_add_item_line (self);
  for (guint i = 0; i < n_items; i++)
    {
      g_autofree char *group = g_strdup_printf ("item%u", i + 1);

      ld_case_item_editor_restore_from (self->items->pdata[i], keys, group);
    }
  renumber (self);
  for (guint i = 0; i < G_N_ELEMENTS (case_fields); i++)
    {
      g_autofree char *text = key_text (keys, "fields", case_fields[i].key);

      ld_form_field_set_text (case_field (self, i), text);
    }
  for (guint i = 0; i < n_transit; i++)
    {
      g_autofree char *key = g_strdup_printf ("transit%u", i + 1);
      g_autofree char *text = key_text (keys, "fields", key);

      ld_form_field_set_text (self->transit->pdata[i], text);
    }
  self->restoring = FALSE;
  revalidate (self);
}

static void
draft_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LdCaseForm) self = user_data;
  g_autoptr(GKeyFile) keys = ld_draft_file_load_finish (LD_DRAFT_FILE (source), result, NULL);

  /* No draft, or an unreadable one: the form starts empty. */
  if (keys == NULL || self->fields == NULL)
    return;
  restore_from (self, keys);
}

/* ---- saving ------------------------------------------------------------------------ */

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(LdCaseForm) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdCaseRecord) record = ld_case_intake_create_finish (LD_STORE (source), result, &error);

  self->busy = FALSE;
  if (self->fields == NULL)
    return;
  if (record == NULL)
    {
      /* Everything typed stays in the form. */
      gtk_label_set_text (self->message, error->message);
      place_message (self, error->message);
      _ld_case_form_update_actions (self);
      return;
    }
  /* Saved in the store: the draft has done its work. */
  g_clear_handle_id (&self->draft_source, g_source_remove);
  if (self->draft)
    ld_draft_file_discard (self->draft);
  for (guint i = 0; i < self->parties->len; i++)
    ld_case_party_editor_refresh_known (self->parties->pdata[i]);
  _ld_case_form_update_actions (self);
  g_signal_emit (self, signals[SAVED], 0, record->id);
}

void
_ld_case_form_save (LdCaseForm *self)
{
  g_autoptr(GError) error = NULL;
  LdCase *c;

  revalidate (self);
  if (!_ld_case_form_can_save (self))
    return;
  if ((c = form_to_case (self, &error)) == NULL)
    {
      gtk_label_set_text (self->message, error->message);
      return;
    }
  self->busy = TRUE;
  _ld_case_form_update_actions (self);
  ld_case_intake_create_async (self->store, self->actor, c, self->cancellable, saved_cb, g_object_ref (self));
}

/* ---- lines coming and going ----------------------------------------------------------- */

static void
changed (LdCaseForm *self)
{
  if (self->restoring)
    return;
  revalidate (self);
  schedule_draft (self);
}

static void
field_changed_cb (LdCaseForm *self)
{
  changed (self);
}

static void
temporary_toggled_cb (LdCaseForm *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->return_on), gtk_check_button_get_active (self->temporary));
  changed (self);
}

static void
party_role_changed_cb (LdCaseForm *self)
{
  /* The role decides which party "applicant.name" is. */
  renumber (self);
  changed (self);
}

void
ld_case_form_add_party (LdCaseForm *self,
                        const char *role)
{
  GtkWidget *editor;

  g_return_if_fail (LD_IS_CASE_FORM (self));

  editor = ld_case_party_editor_new (self->store, role);
  g_signal_connect_object (editor, "changed", G_CALLBACK (party_role_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (self->parties_box, editor);
  g_ptr_array_add (self->parties, editor);
  renumber (self);
  changed (self);
}

void
_ld_case_form_remove_party (LdCaseForm *self,
                            guint       n)
{
  g_return_if_fail (n >= 1 && n <= self->parties->len);

  gtk_box_remove (self->parties_box, self->parties->pdata[n - 1]);
  g_ptr_array_remove_index (self->parties, n - 1);
  renumber (self);
  changed (self);
}

void
ld_case_form_add_transit (LdCaseForm *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *field = g_object_new (LD_TYPE_FORM_FIELD, "text-kind", LD_TEXT_CODE, "check", LD_FIELD_CHECK_COUNTRY,
                                   NULL);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  g_return_if_fail (LD_IS_CASE_FORM (self));

  gtk_widget_set_tooltip_text (remove, _("Remove This Transit Country"));
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "u", 0);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "form.remove-transit");
  gtk_box_append (GTK_BOX (row), field);
  gtk_box_append (GTK_BOX (row), remove);
  g_signal_connect_object (field, "changed", G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (self->transit_box, row);
  g_ptr_array_add (self->transit, field);
  renumber (self);
  changed (self);
}

void
_ld_case_form_remove_transit (LdCaseForm *self,
                              guint       n)
{
  g_return_if_fail (n >= 1 && n <= self->transit->len);

  gtk_box_remove (self->transit_box, gtk_widget_get_parent (self->transit->pdata[n - 1]));
  g_ptr_array_remove_index (self->transit, n - 1);
  renumber (self);
  changed (self);
}

void
ld_case_form_add_item_line (LdCaseForm *self)
{
  GtkWidget *editor;

  g_return_if_fail (LD_IS_CASE_FORM (self));

  editor = ld_case_item_editor_new ();
  g_signal_connect_object (editor, "changed", G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (self->items_box, editor);
  g_ptr_array_add (self->items, editor);
  renumber (self);
  changed (self);
}

void
_ld_case_form_remove_item (LdCaseForm *self,
                           guint       n)
{
  g_return_if_fail (n >= 1 && n <= self->items->len);

  gtk_box_remove (self->items_box, self->items->pdata[n - 1]);
  g_ptr_array_remove_index (self->items, n - 1);
  renumber (self);
  changed (self);
}

/* ---- vfuncs ------------------------------------------------------------------------------- */

static void
ld_case_form_dispose (GObject *object)
{
  LdCaseForm *self = LD_CASE_FORM (object);

  g_cancellable_cancel (self->cancellable);
  if (self->draft_source)
    {
      /* Closing the form writes what was typed at once (in a worker thread). */
      g_clear_handle_id (&self->draft_source, g_source_remove);
      write_draft_cb (self);
    }
  g_clear_object (&self->draft);
  g_clear_pointer (&self->fields, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_CASE_FORM);
  ld_widget_unparent_children (GTK_WIDGET (self));
  g_clear_pointer (&self->parties, g_ptr_array_unref);
  g_clear_pointer (&self->transit, g_ptr_array_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->actor, ld_actor_free);
  G_OBJECT_CLASS (ld_case_form_parent_class)->dispose (object);
}

static void
ld_case_form_class_init (LdCaseFormClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ld_case_form_dispose;
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_STRING);
  g_type_ensure (LD_TYPE_FORM_FIELD);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/licencedesk/LicenceDesk/ld-case-form.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, LdCaseForm, name)
  BIND (scroller);
  BIND (kind);
  BIND (temporary);
  BIND (applicant_reference);
  BIND (received_on);
  BIND (contract_reference);
  BIND (contract_date);
  BIND (euc_reference);
  BIND (valid_until);
  BIND (return_on);
  BIND (end_use);
  BIND (delivery_schedule);
  BIND (origin);
  BIND (export);
  BIND (destination);
  BIND (parties_box);
  BIND (transit_box);
  BIND (items_box);
  BIND (message);
  BIND (save_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, temporary_toggled_cb);
  _ld_case_form_install_actions (widget_class);
}

static void
fill_kinds (LdCaseForm *self)
{
  guint n_kinds;
  const LdCaseCode *kinds = ld_case_kinds (&n_kinds);
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);

  for (guint i = 0; i < n_kinds; i++)
    gtk_string_list_append (titles, _(kinds[i].title));
  gtk_drop_down_set_model (self->kind, G_LIST_MODEL (titles));
}

static void
ld_case_form_init (LdCaseForm *self)
{
  self->restoring = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->parties = g_ptr_array_new ();
  self->transit = g_ptr_array_new ();
  self->items = g_ptr_array_new ();
  fill_kinds (self);
  for (guint i = 0; i < G_N_ELEMENTS (case_fields); i++)
    ld_form_field_set_message_name (case_field (self, i), _(case_fields[i].message_name));
  gtk_widget_set_sensitive (GTK_WIDGET (self->return_on), FALSE);
  renumber (self);
  self->restoring = FALSE;
}

static void
add_first_lines (LdCaseForm *self)
{
  self->restoring = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (first_roles); i++)
    ld_case_form_add_party (self, first_roles[i]);
  ld_case_form_add_item_line (self);
  self->restoring = FALSE;
}

GtkWidget *
ld_case_form_new (LdStore *store)
{
  LdCaseForm *self;

  g_return_val_if_fail (LD_IS_STORE (store), NULL);

  self = g_object_new (LD_TYPE_CASE_FORM, NULL);
  self->store = g_object_ref (store);
  add_first_lines (self);
  revalidate (self);
  return GTK_WIDGET (self);
}

void
ld_case_form_set_actor (LdCaseForm    *self,
                        const LdActor *actor)
{
  g_return_if_fail (LD_IS_CASE_FORM (self));

  g_clear_pointer (&self->actor, ld_actor_free);
  self->actor = actor ? ld_actor_copy (actor) : NULL;
  _ld_case_form_update_actions (self);
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
  g_return_if_fail (LD_IS_CASE_FORM (self));

  g_clear_object (&self->draft);
  self->draft = ld_draft_file_new_for_path (path);
  ld_draft_file_load_async (self->draft, self->cancellable, draft_loaded_cb, g_object_ref (self));
}

gboolean
ld_case_form_is_busy (LdCaseForm *self)
{
  g_return_val_if_fail (LD_IS_CASE_FORM (self), FALSE);
  return self->busy;
}

/* Empties the form for the next application (after a successful save only). */
void
ld_case_form_clear (LdCaseForm *self)
{
  g_return_if_fail (LD_IS_CASE_FORM (self));

  self->restoring = TRUE;
  remove_all_lines (self);
  for (guint i = 0; i < G_N_ELEMENTS (case_fields); i++)
    ld_form_field_set_text (case_field (self, i), NULL);
  gtk_check_button_set_active (self->temporary, FALSE);
  gtk_drop_down_set_selected (self->kind, 0);
  self->restoring = FALSE;
  add_first_lines (self);
  revalidate (self);
  g_clear_handle_id (&self->draft_source, g_source_remove);
}

/* The case's own text members, in case_fields' order. */
static char *
case_member (const LdCase *c,
             guint         i)
{
  const char *members[] = { c->applicant_reference, c->received_on, c->contract_reference, c->contract_date,
                            c->euc_reference, c->valid_until, c->return_on, c->end_use, c->delivery_schedule,
                            c->origin_country, c->export_country, c->destination_country };

  G_STATIC_ASSERT (G_N_ELEMENTS (members) == G_N_ELEMENTS (case_fields));
  return g_strdup (members[i]);
}

/**
 * ld_case_form_load_case:
 *
 * Shows @c in the form (parties, route, lines and serial numbers), e.g. to
 * amend a case or to start a new one from an earlier one.
 */
void
ld_case_form_load_case (LdCaseForm   *self,
                        const LdCase *c)
{
  g_return_if_fail (LD_IS_CASE_FORM (self));
  g_return_if_fail (c != NULL);

  self->restoring = TRUE;
  remove_all_lines (self);
  ld_case_form_set_kind (self, c->kind);
  gtk_check_button_set_active (self->temporary, c->temporary);
  for (guint i = 0; i < c->parties->len; i++)
    {
      LdCaseParty *p = c->parties->pdata[i];

      ld_case_form_add_party (self, p->role);
      ld_case_party_editor_set_party (self->parties->pdata[i], p);
    }
  for (guint i = 0; i < c->transit->len; i++)
    ld_case_form_add_transit (self);
  for (guint i = 0; i < MAX (c->items->len, 1); i++)
    ld_case_form_add_item_line (self);
  for (guint i = 0; i < c->items->len; i++)
    ld_case_item_editor_set_item (self->items->pdata[i], c->items->pdata[i]);
  for (guint i = 0; i < G_N_ELEMENTS (case_fields); i++)
    {
      g_autofree char *text = case_member (c, i);

      ld_form_field_set_text (case_field (self, i), text);
    }
  for (guint i = 0; i < c->transit->len; i++)
    ld_form_field_set_text (self->transit->pdata[i], c->transit->pdata[i]);
  renumber (self);
  self->restoring = FALSE;
  revalidate (self);
}

/**
 * ld_case_form_get_case:
 *
 * Returns: (transfer full) (nullable): the case as typed, checked as a draft
 *   is; %NULL with @error saying what is wrong
 */
LdCase *
ld_case_form_get_case (LdCaseForm  *self,
                       GError     **error)
{
  g_autoptr(LdCase) c = NULL;

  g_return_val_if_fail (LD_IS_CASE_FORM (self), NULL);

  if ((c = form_to_case (self, error)) == NULL || !ld_case_validate (c, FALSE, error))
    return NULL;
  return g_steal_pointer (&c);
}

gboolean
_ld_case_form_can_save (LdCaseForm *self)
{
  return self->valid && !self->busy && self->actor != NULL && self->store != NULL;
}

guint
_ld_case_form_get_n_items (LdCaseForm *self)
{
  return self->items->len;
}

/* ---- for the tests (ld-case-form-private.h) ---------------------------------------------- */

LdFormField *
ld_case_form_get_form_field (LdCaseForm *self,
                             const char *name)
{
  g_return_val_if_fail (LD_IS_CASE_FORM (self), NULL);
  return g_hash_table_lookup (self->fields, name);
}

GtkEditable *
ld_case_form_get_field (LdCaseForm *self,
                        const char *name)
{
  LdFormField *field = ld_case_form_get_form_field (self, name);

  return field ? ld_form_field_get_editable (field) : NULL;
}

const char *
ld_case_form_get_field_error (LdCaseForm *self,
                              const char *name)
{
  LdFormField *field = ld_case_form_get_form_field (self, name);

  return field ? ld_form_field_get_error (field) : NULL;
}

LdCasePartyEditor *
ld_case_form_get_party_editor (LdCaseForm *self,
                               guint       n)
{
  g_return_val_if_fail (n >= 1 && n <= self->parties->len, NULL);
  return self->parties->pdata[n - 1];
}

guint
ld_case_form_get_n_parties (LdCaseForm *self)
{
  return self->parties->len;
}

LdCaseItemEditor *
ld_case_form_get_item_editor (LdCaseForm *self,
                              guint       n)
{
  g_return_val_if_fail (n >= 1 && n <= self->items->len, NULL);
  return self->items->pdata[n - 1];
}

/* Puts @text into item line @line's serial numbers, as a paste would. */
void
ld_case_form_paste_serials (LdCaseForm *self,
                            guint       line,
                            const char *text)
{
  ld_case_item_editor_set_serials_text (ld_case_form_get_item_editor (self, line), text);
}

void
ld_case_form_set_kind (LdCaseForm *self,
                       const char *kind)
{
  guint n_kinds;
  const LdCaseCode *kinds = ld_case_kinds (&n_kinds);

  for (guint i = 0; i < n_kinds; i++)
    if (g_strcmp0 (kinds[i].code, kind) == 0)
      gtk_drop_down_set_selected (self->kind, i);
}

void
ld_case_form_set_temporary (LdCaseForm *self,
                            gboolean    temporary)
{
  gtk_check_button_set_active (self->temporary, temporary);
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

GtkWidget *
ld_case_form_get_save_button (LdCaseForm *self)
{
  return self->save_button;
}

/* Fills the first party of @role from one of that name on an earlier case. */
gboolean
ld_case_form_use_known_party (LdCaseForm *self,
                              const char *role,
                              const char *name)
{
  for (guint i = 0; i < self->parties->len; i++)
    if (g_strcmp0 (ld_case_party_editor_get_role (self->parties->pdata[i]), role) == 0)
      return ld_case_party_editor_use_known_party (self->parties->pdata[i], name);
  return FALSE;
}

/* Scrolls the form so that @child (a field, a party, a line) is at the top;
 * %NULL scrolls to the beginning. */
void
ld_case_form_scroll_to (LdCaseForm *self,
                        GtkWidget  *child)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller));
  GtkWidget *viewport = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (self->scroller));
  graphene_point_t point;

  if (child == NULL)
    gtk_adjustment_set_value (adjustment, 0);
  else if (gtk_widget_compute_point (child, viewport, &GRAPHENE_POINT_INIT (0, 0), &point))
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + point.y - 12);
}
