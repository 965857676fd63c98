/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-form-field"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "ld-case.h"
#include "ld-widget-util.h"
#include "ld-country.h"
#include "ld-form-field.h"

/* One field of a form: its title, the entry (or a text view for multi-line
 * text), a line under it naming the country a code stands for, and the
 * message of the core validator when what is typed is wrong. The message
 * names the field as licence-desk-admin names it ("Party 2: country"), so an
 * officer reads the same sentence in the window and in the terminal. */
struct _LdFormField
{
  GtkWidget      parent_instance;

  GtkLabel      *title_label;
  GtkEntry      *entry;
  GtkWidget     *text_scroller;
  GtkTextView   *text_view;
  GtkLabel      *detail_label;
  GtkLabel      *error_label;

  char          *message_name;
  LdTextKind     text_kind;
  LdFieldCheck   check;
  gboolean       multiline;
};

G_DEFINE_FINAL_TYPE (LdFormField, ld_form_field, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (LdFieldCheck, ld_field_check,
  G_DEFINE_ENUM_VALUE (LD_FIELD_CHECK_NONE, "none"),
  G_DEFINE_ENUM_VALUE (LD_FIELD_CHECK_DATE, "date"),
  G_DEFINE_ENUM_VALUE (LD_FIELD_CHECK_COUNTRY, "country"),
  G_DEFINE_ENUM_VALUE (LD_FIELD_CHECK_QUANTITY, "quantity"),
  G_DEFINE_ENUM_VALUE (LD_FIELD_CHECK_VALUE, "value"),
  G_DEFINE_ENUM_VALUE (LD_FIELD_CHECK_CURRENCY, "currency"),
  G_DEFINE_ENUM_VALUE (LD_FIELD_CHECK_YEAR, "year"))

G_DEFINE_ENUM_TYPE (LdTextKind, ld_text_kind,
  G_DEFINE_ENUM_VALUE (LD_TEXT_CODE, "code"),
  G_DEFINE_ENUM_VALUE (LD_TEXT_NUMBER, "number"),
  G_DEFINE_ENUM_VALUE (LD_TEXT_NAME, "name"),
  G_DEFINE_ENUM_VALUE (LD_TEXT_LINE, "line"),
  G_DEFINE_ENUM_VALUE (LD_TEXT_PARAGRAPH, "paragraph"))

enum {
  PROP_0,
  PROP_TITLE,
  PROP_MESSAGE_NAME,
  PROP_TEXT_KIND,
  PROP_CHECK,
  PROP_MULTILINE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ---- countries ------------------------------------------------------------ */

enum { COUNTRY_LABEL, COUNTRY_CODE, COUNTRY_FOLDED, N_COUNTRY_COLUMNS };

/* Every ISO 3166 country, "Kenya (KE)", shared by all country fields. */
static GtkTreeModel *
country_model (void)
{
  static GtkListStore *store;

  if (store != NULL)
    return GTK_TREE_MODEL (store);
  store = gtk_list_store_new (N_COUNTRY_COLUMNS, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  for (guint i = 0; i < ld_country_get_n_countries (); i++)
    {
      const LdCountry *c = ld_country_get_nth (i);
      const char *name = ld_country_get_name (c);
      g_autofree char *label = g_strdup_printf ("%s (%s)", name, c->alpha2);
      g_autofree char *folded = g_utf8_casefold (name, -1);

      gtk_list_store_insert_with_values (store, NULL, -1, COUNTRY_LABEL, label, COUNTRY_CODE, c->alpha2,
                                         COUNTRY_FOLDED, folded, -1);
    }
  return GTK_TREE_MODEL (store);
}

/* The code for what was typed: a code as it is, or a country's whole name. */
static char *
country_code_for (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);

  if (strlen (text) == 2)
    return g_ascii_strup (text, -1);
  for (guint i = 0; i < ld_country_get_n_countries (); i++)
    {
      const LdCountry *c = ld_country_get_nth (i);
      g_autofree char *name = g_utf8_casefold (ld_country_get_name (c), -1);
      g_autofree char *english = g_utf8_casefold (c->name, -1);

      if (g_str_equal (name, folded) || g_str_equal (english, folded))
        return g_strdup (c->alpha2);
    }
  return g_strdup (text);
}

/* A typed code matches its country; typed letters match any part of a name. */
static gboolean
country_matches (GtkEntryCompletion *completion,
                 const char         *key,
                 GtkTreeIter        *iter,
                 gpointer            user_data)
{
  g_autofree char *code = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *folded_code = NULL;

  gtk_tree_model_get (country_model (), iter, COUNTRY_CODE, &code, COUNTRY_FOLDED, &folded, -1);
  folded_code = g_utf8_casefold (code, -1);
  return g_str_has_prefix (folded_code, key) || strstr (folded, key) != NULL;
}

static gboolean
country_selected_cb (GtkEntryCompletion *completion,
                     GtkTreeModel       *model,
                     GtkTreeIter        *iter,
                     LdFormField        *self)
{
  g_autofree char *code = NULL;

  gtk_tree_model_get (model, iter, COUNTRY_CODE, &code, -1);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), code);
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
  return TRUE;
}

static void
attach_country_list (LdFormField *self)
{
  g_autoptr(GtkEntryCompletion) completion = gtk_entry_completion_new ();

  gtk_entry_completion_set_model (completion, country_model ());
  gtk_entry_completion_set_text_column (completion, COUNTRY_LABEL);
  gtk_entry_completion_set_match_func (completion, country_matches, NULL, NULL);
  gtk_entry_completion_set_minimum_key_length (completion, 1);
  g_signal_connect_object (completion, "match-selected", G_CALLBACK (country_selected_cb), self, 0);
  gtk_entry_set_completion (self->entry, completion);
  gtk_entry_set_placeholder_text (self->entry, _("Type a name or a code"));
}

/* Under a country field: the country the code stands for. */
static void
update_country_name (LdFormField *self)
{
  g_autofree char *text = ld_form_field_get_text (self);
  const LdCountry *country = text ? ld_country_lookup (text) : NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), country != NULL);
  if (country != NULL)
    {
      g_autofree char *label = g_strdup_printf ("%s (%s)", ld_country_get_name (country), country->alpha2);

      gtk_label_set_text (self->detail_label, label);
    }
}

/* ---- validation ------------------------------------------------------------- */

static gboolean
check_value (LdFormField  *self,
             const char   *text,
             GError      **error)
{
  gint64 quantity;
  int year;

  if (text == NULL && self->check != LD_FIELD_CHECK_QUANTITY)
    return TRUE;
  switch (self->check)
    {
    case LD_FIELD_CHECK_DATE:
      {
        g_autoptr(GDate) date = ld_parse_date (self->message_name, text, error);

        return date != NULL;
      }
    case LD_FIELD_CHECK_COUNTRY:
      return ld_validate_country_code (self->message_name, text, error);
    case LD_FIELD_CHECK_QUANTITY:
      /* An empty quantity is no error until the line has something else. */
      return text == NULL || ld_parse_quantity (self->message_name, text, &quantity, error);
    case LD_FIELD_CHECK_VALUE:
      return ld_case_validate_value (self->message_name, text, error);
    case LD_FIELD_CHECK_CURRENCY:
      return ld_case_validate_currency (self->message_name, text, error);
    case LD_FIELD_CHECK_YEAR:
      return ld_case_parse_year (self->message_name, text, &year, error);
    case LD_FIELD_CHECK_NONE:
    default:
      return TRUE;
    }
}

/**
 * ld_form_field_validate:
 *
 * Checks what is typed as licence-desk-admin checks the same member, and
 * shows the message under the field.
 *
 * Returns: whether it is acceptable (an empty field is)
 */
gboolean
ld_form_field_validate (LdFormField *self)
{
  g_autofree char *text = ld_form_field_get_text (self);
  g_autoptr(GError) error = NULL;
  const char *name = self->message_name ? self->message_name : gtk_label_get_text (self->title_label);

  if (self->message_name == NULL)
    self->message_name = g_strdup (name);
  if (!ld_validate_text (name, text, self->text_kind, &error) || !check_value (self, text, &error))
    {
      ld_form_field_set_error (self, error->message);
      return FALSE;
    }
  ld_form_field_set_error (self, NULL);
  return TRUE;
}

/* ---- callbacks and vfuncs --------------------------------------------------- */

static void
input_changed_cb (LdFormField *self)
{
  if (self->check == LD_FIELD_CHECK_COUNTRY)
    update_country_name (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
set_multiline (LdFormField *self,
               gboolean     multiline)
{
  self->multiline = multiline;
  gtk_widget_set_visible (GTK_WIDGET (self->entry), !multiline);
  gtk_widget_set_visible (self->text_scroller, multiline);
  gtk_label_set_mnemonic_widget (self->title_label,
                                 multiline ? GTK_WIDGET (self->text_view) : GTK_WIDGET (self->entry));
}

static void
set_title (LdFormField *self,
           const char  *title)
{
  gtk_label_set_text_with_mnemonic (self->title_label, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (self->title_label), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (self->title_label), -1);
}

static void
ld_form_field_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LdFormField *self = LD_FORM_FIELD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, gtk_label_get_label (self->title_label));
      break;
    case PROP_MESSAGE_NAME:
      g_value_set_string (value, self->message_name);
      break;
    case PROP_TEXT_KIND:
      g_value_set_enum (value, self->text_kind);
      break;
    case PROP_CHECK:
      g_value_set_enum (value, self->check);
      break;
    case PROP_MULTILINE:
      g_value_set_boolean (value, self->multiline);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_form_field_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  LdFormField *self = LD_FORM_FIELD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      set_title (self, g_value_get_string (value));
      break;
    case PROP_MESSAGE_NAME:
      ld_form_field_set_message_name (self, g_value_get_string (value));
      break;
    case PROP_TEXT_KIND:
      self->text_kind = g_value_get_enum (value);
      break;
    case PROP_CHECK:
      self->check = g_value_get_enum (value);
      if (self->check == LD_FIELD_CHECK_COUNTRY)
        attach_country_list (self);
      break;
    case PROP_MULTILINE:
      set_multiline (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_form_field_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_FORM_FIELD);
  ld_widget_unparent_children (GTK_WIDGET (object));
  G_OBJECT_CLASS (ld_form_field_parent_class)->dispose (object);
}

static void
ld_form_field_finalize (GObject *object)
{
  g_free (LD_FORM_FIELD (object)->message_name);
  G_OBJECT_CLASS (ld_form_field_parent_class)->finalize (object);
}

static void
ld_form_field_class_init (LdFormFieldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ld_form_field_get_property;
  object_class->set_property = ld_form_field_set_property;
  object_class->dispose = ld_form_field_dispose;
  object_class->finalize = ld_form_field_finalize;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE_NAME] =
    g_param_spec_string ("message-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT_KIND] =
    g_param_spec_enum ("text-kind", NULL, NULL, LD_TYPE_TEXT_KIND, LD_TEXT_LINE,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHECK] =
    g_param_spec_enum ("check", NULL, NULL, LD_TYPE_FIELD_CHECK, LD_FIELD_CHECK_NONE,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MULTILINE] =
    g_param_spec_boolean ("multiline", NULL, NULL, FALSE, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/licencedesk/LicenceDesk/ld-form-field.ui");
  gtk_widget_class_bind_template_child (widget_class, LdFormField, title_label);
  gtk_widget_class_bind_template_child (widget_class, LdFormField, entry);
  gtk_widget_class_bind_template_child (widget_class, LdFormField, text_scroller);
  gtk_widget_class_bind_template_child (widget_class, LdFormField, text_view);
  gtk_widget_class_bind_template_child (widget_class, LdFormField, detail_label);
  gtk_widget_class_bind_template_child (widget_class, LdFormField, error_label);
  gtk_widget_class_bind_template_callback (widget_class, input_changed_cb);
}

static void
ld_form_field_init (LdFormField *self)
{
  self->text_kind = LD_TEXT_LINE;
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed", G_CALLBACK (input_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

/**
 * ld_form_field_get_text:
 *
 * Returns: (transfer full) (nullable): what is typed, without surrounding
 *   spaces; a country field gives the code of a country typed by name;
 *   %NULL when nothing is typed
 */
char *
ld_form_field_get_text (LdFormField *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (LD_IS_FORM_FIELD (self), NULL);

  if (self->multiline)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
    }
  else
    text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));
  if (text[0] == '\0')
    return NULL;
  if (self->check == LD_FIELD_CHECK_COUNTRY || self->check == LD_FIELD_CHECK_CURRENCY)
    return self->check == LD_FIELD_CHECK_COUNTRY ? country_code_for (text) : g_ascii_strup (text, -1);
  return g_steal_pointer (&text);
}

void
ld_form_field_set_text (LdFormField *self,
                        const char  *text)
{
  g_return_if_fail (LD_IS_FORM_FIELD (self));

  if (self->multiline)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text ? text : "", -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (self->entry), text ? text : "");
}

/* Returns: (transfer none) (nullable): the entry; %NULL for multi-line text */
GtkEditable *
ld_form_field_get_editable (LdFormField *self)
{
  g_return_val_if_fail (LD_IS_FORM_FIELD (self), NULL);
  return self->multiline ? NULL : GTK_EDITABLE (self->entry);
}

/* Returns: (transfer none): the widget that takes the typing */
GtkWidget *
ld_form_field_get_input (LdFormField *self)
{
  g_return_val_if_fail (LD_IS_FORM_FIELD (self), NULL);
  return self->multiline ? GTK_WIDGET (self->text_view) : GTK_WIDGET (self->entry);
}

/* How the field is named in messages, e.g. "Item line 2: quantity". */
void
ld_form_field_set_message_name (LdFormField *self,
                                const char  *name)
{
  g_return_if_fail (LD_IS_FORM_FIELD (self));

  if (g_strcmp0 (self->message_name, name) == 0)
    return;
  g_free (self->message_name);
  self->message_name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE_NAME]);
}

const char *
ld_form_field_get_message_name (LdFormField *self)
{
  g_return_val_if_fail (LD_IS_FORM_FIELD (self), NULL);
  return self->message_name;
}

/* Shows @message under the field and marks the entry; %NULL clears both. */
void
ld_form_field_set_error (LdFormField *self,
                         const char  *message)
{
  GtkWidget *input;

  g_return_if_fail (LD_IS_FORM_FIELD (self));

  input = ld_form_field_get_input (self);
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (self->multiline ? self->text_scroller : input, "error");
  else
    gtk_widget_remove_css_class (self->multiline ? self->text_scroller : input, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (input), GTK_ACCESSIBLE_STATE_INVALID,
                               message ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE, -1);
}

/* Returns: (nullable): the message shown under the field */
const char *
ld_form_field_get_error (LdFormField *self)
{
  g_return_val_if_fail (LD_IS_FORM_FIELD (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_text (self->error_label) : NULL;
}

/* The year typed, or 0 when none (or not a year: validate() says so). */
int
ld_form_field_get_year (LdFormField *self)
{
  g_autofree char *text = ld_form_field_get_text (self);
  int year = 0;

  if (!ld_case_parse_year ("", text, &year, NULL))
    return 0;
  return year;
}
