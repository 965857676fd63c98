/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-case-party-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-case-intake.h"
#include "ld-widget-util.h"
#include "ld-case-party-editor.h"

/* One party of a case as the paper application names it: role, type, name,
 * country, address and identifiers; a broker also with its registration and
 * its per-deal authorisation, which can be taken from the broker register.
 * A party used on an earlier case is offered while its name is typed. */
struct _LdCasePartyEditor
{
  GtkWidget     parent_instance;

  GtkLabel     *heading;
  GtkDropDown  *role;
  GtkDropDown  *party_type;
  GtkWidget    *broker_button;
  GtkPopover   *broker_popover;
  GtkEditable  *broker_search;
  GtkListBox   *broker_list;
  GtkWidget    *remove_button;
  LdFormField  *name;
  LdFormField  *other_names;
  LdFormField  *country;
  LdFormField  *identifiers;
  LdFormField  *address;
  LdFormField  *broker_registration;
  LdFormField  *broker_authorisation;

  LdStore      *store;
  GCancellable *cancellable;
  GtkListStore *known_names;    /* names of known parties, for the completion */
  GPtrArray    *known;          /* (element-type LdKnownParty) as last looked up */
  GPtrArray    *brokers;        /* (element-type LdBrokerCandidate) as listed */
  guint         n;
  gboolean      filling;
};

G_DEFINE_FINAL_TYPE (LdCasePartyEditor, ld_case_party_editor, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define MAX_SUGGESTIONS 50

static const char *
selected_code (GtkDropDown      *drop_down,
               const LdCaseCode *codes,
               guint             n_codes,
               guint             offset)
{
  guint selected = gtk_drop_down_get_selected (drop_down);

  if (selected < offset || selected - offset >= n_codes)
    return NULL;
  return codes[selected - offset].code;
}

static void
select_code (GtkDropDown      *drop_down,
             const LdCaseCode *codes,
             guint             n_codes,
             guint             offset,
             const char       *code)
{
  for (guint i = 0; i < n_codes; i++)
    if (g_strcmp0 (codes[i].code, code) == 0)
      {
        gtk_drop_down_set_selected (drop_down, i + offset);
        return;
      }
  gtk_drop_down_set_selected (drop_down, 0);
}

/* The drop-down's titles, translated; @none first when the value is optional. */
static void
fill_drop_down (GtkDropDown      *drop_down,
                const LdCaseCode *codes,
                guint             n_codes,
                const char       *none)
{
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);

  if (none)
    gtk_string_list_append (titles, none);
  for (guint i = 0; i < n_codes; i++)
    gtk_string_list_append (titles, _(codes[i].title));
  gtk_drop_down_set_model (drop_down, G_LIST_MODEL (titles));
}

const char *
ld_case_party_editor_get_role (LdCasePartyEditor *self)
{
  guint n;
  const LdCaseCode *roles = ld_case_party_roles (&n);

  return selected_code (self->role, roles, n, 0);
}

static void
update_heading (LdCasePartyEditor *self)
{
  guint n_roles;
  const LdCaseCode *roles = ld_case_party_roles (&n_roles);
  g_autofree char *text = g_strdup_printf (_("Party %u: %s"), self->n,
                                           _(ld_case_code_title (roles, n_roles, ld_case_party_editor_get_role (self))));

  gtk_label_set_text (self->heading, text);
}

static void
emit_changed (LdCasePartyEditor *self)
{
  if (!self->filling)
    g_signal_emit (self, signals[CHANGED], 0);
}

/* ---- parties of earlier cases ------------------------------------------ */

static void
known_parties_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(LdCasePartyEditor) self = user_data;
  g_autoptr(GPtrArray) parties = ld_case_intake_known_parties_finish (LD_STORE (source), result, NULL);

  if (parties == NULL || self->known_names == NULL)
    return;
  g_clear_pointer (&self->known, g_ptr_array_unref);
  self->known = g_steal_pointer (&parties);
  gtk_list_store_clear (self->known_names);
  for (guint i = 0; i < self->known->len; i++)
    gtk_list_store_insert_with_values (self->known_names, NULL, -1, 0,
                                       ((LdKnownParty *) self->known->pdata[i])->name, -1);
}

/* Asks the store (off the UI thread) for parties whose name starts so. */
static void
look_up_known_parties (LdCasePartyEditor *self,
                       const char        *prefix)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  ld_case_intake_known_parties_async (self->store, prefix, MAX_SUGGESTIONS, self->cancellable, known_parties_cb,
                                      g_object_ref (self));
}

static LdKnownParty *
find_known (LdCasePartyEditor *self,
            const char        *name)
{
  for (guint i = 0; self->known && i < self->known->len; i++)
    if (g_strcmp0 (((LdKnownParty *) self->known->pdata[i])->name, name) == 0)
      return self->known->pdata[i];
  return NULL;
}

static void
fill_from_known (LdCasePartyEditor  *self,
                 const LdKnownParty *p)
{
  guint n_types;
  const LdCaseCode *types = ld_case_party_types (&n_types);

  self->filling = TRUE;
  ld_form_field_set_text (self->name, p->name);
  ld_form_field_set_text (self->other_names, p->other_names);
  ld_form_field_set_text (self->country, p->country);
  ld_form_field_set_text (self->address, p->address);
  ld_form_field_set_text (self->identifiers, p->identifiers);
  select_code (self->party_type, types, n_types, 1, p->party_type);
  self->filling = FALSE;
  emit_changed (self);
}

static gboolean
known_selected_cb (GtkEntryCompletion *completion,
                   GtkTreeModel       *model,
                   GtkTreeIter        *iter,
                   LdCasePartyEditor  *self)
{
  g_autofree char *name = NULL;

  gtk_tree_model_get (model, iter, 0, &name, -1);
  return ld_case_party_editor_use_known_party (self, name);
}

/* ---- the broker register ------------------------------------------------- */

static GtkWidget *
broker_row_new (const LdBrokerCandidate *c)
{
  g_autofree char *title = g_markup_printf_escaped ("<b>%s</b> (%s)", c->name, c->country);
  g_autofree char *detail = c->authorisation
    ? g_strdup_printf (_("%s · %s · authorisation %s"), c->registration_number, c->status, c->authorisation)
    : g_strdup_printf (_("%s · %s · no unused authorisation in force"), c->registration_number, c->status);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *sub = gtk_label_new (detail);

  gtk_label_set_markup (GTK_LABEL (label), title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_xalign (GTK_LABEL (sub), 0);
  gtk_widget_add_css_class (sub, "dim-label");
  gtk_widget_add_css_class (sub, "caption");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), sub);
  g_object_set (box, "margin-start", 8, "margin-end", 8, "margin-top", 6, "margin-bottom", 6, NULL);
  return box;
}

static void
brokers_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(LdCasePartyEditor) self = user_data;
  g_autoptr(GPtrArray) brokers = ld_case_intake_broker_candidates_finish (LD_STORE (source), result, NULL);
  GtkWidget *child;

  if (brokers == NULL || self->broker_list == NULL)
    return;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->broker_list))))
    gtk_list_box_remove (self->broker_list, child);
  g_clear_pointer (&self->brokers, g_ptr_array_unref);
  self->brokers = g_steal_pointer (&brokers);
  for (guint i = 0; i < self->brokers->len; i++)
    gtk_list_box_append (self->broker_list, broker_row_new (self->brokers->pdata[i]));
  if (self->brokers->len == 0)
    {
      GtkWidget *none = gtk_label_new (_("No registered broker starts so."));

      gtk_widget_add_css_class (none, "dim-label");
      gtk_list_box_set_placeholder (self->broker_list, none);
    }
}

/* Lists the registered brokers whose name or number starts with @text. */
void
ld_case_party_editor_search_brokers (LdCasePartyEditor *self,
                                     const char        *text)
{
  g_return_if_fail (LD_IS_CASE_PARTY_EDITOR (self));

  g_clear_pointer (&self->brokers, g_ptr_array_unref);
  ld_case_intake_broker_candidates_async (self->store, text, MAX_SUGGESTIONS, NULL, brokers_cb, g_object_ref (self));
}

guint
ld_case_party_editor_get_n_brokers (LdCasePartyEditor *self)
{
  g_return_val_if_fail (LD_IS_CASE_PARTY_EDITOR (self), 0);
  return self->brokers ? self->brokers->len : 0;
}

/* Fills the party from the broker listed at @position. */
gboolean
ld_case_party_editor_pick_broker (LdCasePartyEditor *self,
                                  guint              position)
{
  guint n_types;
  const LdCaseCode *types = ld_case_party_types (&n_types);
  LdBrokerCandidate *c;

  g_return_val_if_fail (LD_IS_CASE_PARTY_EDITOR (self), FALSE);

  if (self->brokers == NULL || position >= self->brokers->len)
    return FALSE;
  c = self->brokers->pdata[position];
  self->filling = TRUE;
  ld_form_field_set_text (self->name, c->name);
  ld_form_field_set_text (self->country, c->country);
  ld_form_field_set_text (self->broker_registration, c->registration_number);
  ld_form_field_set_text (self->broker_authorisation, c->authorisation);
  select_code (self->party_type, types, n_types, 1, "commercial");
  self->filling = FALSE;
  gtk_popover_popdown (self->broker_popover);
  emit_changed (self);
  return TRUE;
}

/* ---- callbacks --------------------------------------------------------------- */

static void
field_changed_cb (LdCasePartyEditor *self)
{
  emit_changed (self);
}

static void
name_changed_cb (LdCasePartyEditor *self)
{
  g_autofree char *name = ld_form_field_get_text (self->name);

  /* Two letters narrow the list enough to be worth asking the store. */
  if (!self->filling && name && g_utf8_strlen (name, -1) == 2)
    look_up_known_parties (self, name);
  emit_changed (self);
}

static void
role_changed_cb (LdCasePartyEditor *self)
{
  gboolean broker = g_strcmp0 (ld_case_party_editor_get_role (self), "broker") == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->broker_registration), broker);
  gtk_widget_set_visible (GTK_WIDGET (self->broker_authorisation), broker);
  gtk_widget_set_visible (self->broker_button, broker);
  update_heading (self);
  emit_changed (self);
}

static void
broker_popover_shown_cb (LdCasePartyEditor *self)
{
  ld_case_party_editor_search_brokers (self, gtk_editable_get_text (self->broker_search));
}

static void
broker_search_changed_cb (LdCasePartyEditor *self)
{
  ld_case_party_editor_search_brokers (self, gtk_editable_get_text (self->broker_search));
}

static void
broker_row_activated_cb (LdCasePartyEditor *self,
                         GtkListBoxRow     *row)
{
  ld_case_party_editor_pick_broker (self, gtk_list_box_row_get_index (row));
}

/* ---- vfuncs -------------------------------------------------------------------- */

static void
ld_case_party_editor_dispose (GObject *object)
{
  LdCasePartyEditor *self = LD_CASE_PARTY_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_CASE_PARTY_EDITOR);
  ld_widget_unparent_children (GTK_WIDGET (self));
  self->broker_list = NULL;
  g_clear_object (&self->known_names);
  g_clear_pointer (&self->known, g_ptr_array_unref);
  g_clear_pointer (&self->brokers, g_ptr_array_unref);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (ld_case_party_editor_parent_class)->dispose (object);
}

static void
ld_case_party_editor_class_init (LdCasePartyEditorClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ld_case_party_editor_dispose;
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
  g_type_ensure (LD_TYPE_FORM_FIELD);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/licencedesk/LicenceDesk/ld-case-party-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, LdCasePartyEditor, heading);
  gtk_widget_class_bind_template_child (widget_class, LdCasePartyEditor, role);
  gtk_widget_class_bind_template_child (widget_class, LdCasePartyEditor, party_type);
  gtk_widget_class_bind_template_child (widget_class, LdCasePartyEditor, broker_button);
  gtk_widget_class_bind_template_child (widget_class, LdCasePartyEditor, broker_popover);
  gtk_widget_class_bind_template_child (widget_class, LdCasePartyEditor, broker_search);
  gtk_widget_class_bind_template_child (widget_class, LdCasePartyEditor, broker_list);
  gtk_widget_class_bind_template_child (widget_class, LdCasePartyEditor, remove_button);
  gtk_widget_class_bind_template_child (widget_class, LdCasePartyEditor, name);
  gtk_widget_class_bind_template_child (widget_class, LdCasePartyEditor, other_names);
  gtk_widget_class_bind_template_child (widget_class, LdCasePartyEditor, country);
  gtk_widget_class_bind_template_child (widget_class, LdCasePartyEditor, identifiers);
  gtk_widget_class_bind_template_child (widget_class, LdCasePartyEditor, address);
  gtk_widget_class_bind_template_child (widget_class, LdCasePartyEditor, broker_registration);
  gtk_widget_class_bind_template_child (widget_class, LdCasePartyEditor, broker_authorisation);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, role_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, broker_popover_shown_cb);
  gtk_widget_class_bind_template_callback (widget_class, broker_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, broker_row_activated_cb);
}

static void
attach_known_parties (LdCasePartyEditor *self)
{
  g_autoptr(GtkEntryCompletion) completion = gtk_entry_completion_new ();

  self->known_names = gtk_list_store_new (1, G_TYPE_STRING);
  gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (self->known_names));
  gtk_entry_completion_set_text_column (completion, 0);
  gtk_entry_completion_set_minimum_key_length (completion, 2);
  g_signal_connect_object (completion, "match-selected", G_CALLBACK (known_selected_cb), self, 0);
  gtk_entry_set_completion (GTK_ENTRY (ld_form_field_get_input (self->name)), completion);
}

static void
ld_case_party_editor_init (LdCasePartyEditor *self)
{
  guint n_roles, n_types;
  const LdCaseCode *roles = ld_case_party_roles (&n_roles);
  const LdCaseCode *types = ld_case_party_types (&n_types);

  self->filling = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  fill_drop_down (self->role, roles, n_roles, NULL);
  fill_drop_down (self->party_type, types, n_types, _("Type not stated"));
  attach_known_parties (self);
  self->filling = FALSE;
}

GtkWidget *
ld_case_party_editor_new (LdStore    *store,
                          const char *role)
{
  LdCasePartyEditor *self = g_object_new (LD_TYPE_CASE_PARTY_EDITOR, NULL);
  guint n_roles;
  const LdCaseCode *roles = ld_case_party_roles (&n_roles);

  self->store = g_object_ref (store);
  self->filling = TRUE;
  select_code (self->role, roles, n_roles, 0, role);
  role_changed_cb (self);
  self->filling = FALSE;
  /* Everyone used before, so the first letters already find them. */
  look_up_known_parties (self, "");
  return GTK_WIDGET (self);
}

/* Numbers the party as the case lists it, for its heading and messages. */
void
ld_case_party_editor_set_number (LdCasePartyEditor *self,
                                 guint              n)
{
  struct { LdFormField *field; const char *title; } fields[] = {
    { self->name, N_("name") }, { self->other_names, N_("other names") }, { self->country, N_("country") },
    { self->address, N_("address") }, { self->identifiers, N_("identifiers") },
    { self->broker_registration, N_("broker registration number") },
    { self->broker_authorisation, N_("brokering authorisation") },
  };

  g_return_if_fail (LD_IS_CASE_PARTY_EDITOR (self));

  self->n = n;
  /* The same names the core's messages use: "Party 2: country". */
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *name = g_strdup_printf (_("Party %u: %s"), n, _(fields[i].title));

      ld_form_field_set_message_name (fields[i].field, name);
    }
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->remove_button), "u", n);
  update_heading (self);
}

void
ld_case_party_editor_foreach_field (LdCasePartyEditor *self,
                                    LdFieldFunc        func,
                                    gpointer           user_data)
{
  func ("name", self->name, user_data);
  func ("other_names", self->other_names, user_data);
  func ("country", self->country, user_data);
  func ("address", self->address, user_data);
  func ("identifiers", self->identifiers, user_data);
  func ("broker_registration", self->broker_registration, user_data);
  func ("broker_authorisation", self->broker_authorisation, user_data);
}

/**
 * ld_case_party_editor_to_party:
 *
 * Returns: (transfer full) (nullable): the party; %NULL while nothing of it is typed
 */
LdCaseParty *
ld_case_party_editor_to_party (LdCasePartyEditor *self)
{
  guint n_types;
  const LdCaseCode *types = ld_case_party_types (&n_types);
  g_autoptr(LdCaseParty) p = ld_case_party_new ();
  gboolean broker = g_strcmp0 (ld_case_party_editor_get_role (self), "broker") == 0;

  p->role = g_strdup (ld_case_party_editor_get_role (self));
  p->party_type = g_strdup (selected_code (self->party_type, types, n_types, 1));
  p->name = ld_form_field_get_text (self->name);
  p->other_names = ld_form_field_get_text (self->other_names);
  p->country = ld_form_field_get_text (self->country);
  p->address = ld_form_field_get_text (self->address);
  p->identifiers = ld_form_field_get_text (self->identifiers);
  p->broker_registration = broker ? ld_form_field_get_text (self->broker_registration) : NULL;
  p->broker_authorisation = broker ? ld_form_field_get_text (self->broker_authorisation) : NULL;
  if (!p->name && !p->other_names && !p->country && !p->address && !p->identifiers && !p->broker_registration &&
      !p->broker_authorisation)
    return NULL;
  return g_steal_pointer (&p);
}

void
ld_case_party_editor_set_party (LdCasePartyEditor *self,
                                const LdCaseParty *p)
{
  guint n_roles, n_types;
  const LdCaseCode *roles = ld_case_party_roles (&n_roles);
  const LdCaseCode *types = ld_case_party_types (&n_types);

  self->filling = TRUE;
  select_code (self->role, roles, n_roles, 0, p->role);
  select_code (self->party_type, types, n_types, 1, p->party_type);
  ld_form_field_set_text (self->name, p->name);
  ld_form_field_set_text (self->other_names, p->other_names);
  ld_form_field_set_text (self->country, p->country);
  ld_form_field_set_text (self->address, p->address);
  ld_form_field_set_text (self->identifiers, p->identifiers);
  ld_form_field_set_text (self->broker_registration, p->broker_registration);
  ld_form_field_set_text (self->broker_authorisation, p->broker_authorisation);
  role_changed_cb (self);
  self->filling = FALSE;
}

/* Checks each field as it stands; a party with anything typed needs a name. */
gboolean
ld_case_party_editor_validate (LdCasePartyEditor *self)
{
  g_autoptr(LdCaseParty) p = ld_case_party_editor_to_party (self);
  gboolean ok = TRUE;
  LdFormField *fields[] = { self->name, self->other_names, self->country, self->address, self->identifiers,
                            self->broker_registration, self->broker_authorisation };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    ok = ld_form_field_validate (fields[i]) && ok;
  if (ok && p != NULL && p->name == NULL)
    {
      g_autoptr(GError) error = NULL;

      ld_validate_required (ld_form_field_get_message_name (self->name), NULL, &error);
      ld_form_field_set_error (self->name, error->message);
      ok = FALSE;
    }
  return ok;
}

/* Looks the known parties up again, e.g. after a case was saved. */
void
ld_case_party_editor_refresh_known (LdCasePartyEditor *self)
{
  g_autofree char *name = ld_form_field_get_text (self->name);
  g_autofree char *prefix = name ? g_utf8_substring (name, 0, MIN (2, g_utf8_strlen (name, -1))) : NULL;

  g_return_if_fail (LD_IS_CASE_PARTY_EDITOR (self));
  look_up_known_parties (self, prefix ? prefix : "");
}

/* Fills the party from one of the same name on an earlier case. */
gboolean
ld_case_party_editor_use_known_party (LdCasePartyEditor *self,
                                      const char        *name)
{
  LdKnownParty *p;

  g_return_val_if_fail (LD_IS_CASE_PARTY_EDITOR (self), FALSE);

  if ((p = find_known (self, name)) == NULL)
    return FALSE;
  fill_from_known (self, p);
  return TRUE;
}
