/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-broker-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-broker-name-check.h"
#include "ld-broker-repo.h"
#include "ld-broker-screening.h"
#include "ld-draft-file.h"
#include "ld-format.h"
#include "ld-name-normalizer.h"
#include "ld-broker-window.h"
#include "ld-case-hit.h"
#include "ld-case-hit-row.h"
#include "ld-detail-line.h"
#include "ld-detail-row.h"
#include "ld-ui.h"
#include "ld-print.h"
#include "ld-validate.h"

/* One broker's file: the registration form, its people, documents, history
 * and authorisations, and the lifecycle acts the signed-in role may take.
 * Every read and write runs in a GTask thread; the form keeps what was typed
 * whatever the store answers. */

typedef enum
{
  JOB_LOAD,
  JOB_CREATE,
  JOB_UPDATE,
  JOB_ACT,
  JOB_ADD_PERSON,
  JOB_AUTHORISE,
  JOB_ATTACH,
  JOB_REVIEW_HIT,
} JobKind;

typedef struct
{
  JobKind          kind;
  LdStore         *store;
  LdActor         *actor;
  char            *broker_id;
  gint64           base_version;
  LdBrokerDraft   *draft;
  gboolean         allow_duplicate;
  LdBrokerAction   action;
  char            *reason;
  char            *act_date;
  LdBrokerPerson   person;
  char            *auth[5];   /* activity, description, application, from, until */
  char            *created_id;
  char            *path;
  char            *expires;
  char            *hit_id;
  gboolean         true_match;
} Job;

struct _LdBrokerWindow
{
  AdwWindow         parent_instance;

  LdStore          *store;
  LdActor          *actor;
  char             *broker_id;
  gint64            row_version;
  LdBrokerStatus    status;
  char             *number;
  char             *message;
  gboolean          busy;
  gboolean          printing;

  AdwToastOverlay  *toasts;
  AdwWindowTitle   *title;
  GHashTable       *fields;      /* key -> AdwEntryRow */
  GHashTable       *messages;    /* key -> GtkLabel */
  GtkCheckButton   *declares[3];
  GtkWidget        *act_button[8];  /* in the order of act_buttons[] */
  AdwActionRow     *status_row;
  AdwActionRow     *number_row;
  GtkComboBoxText  *person_role;
  GtkListBox       *people_list;
  GtkListBox       *documents_list;
  GtkListBox       *screening_list;
  GtkListBox       *history_list;
  GtkListBox       *authorisations_list;
  GHashTable       *lists;       /* section -> GtkListBox */
  GHashTable       *models;      /* section -> GListStore of LdDetailLine (LdCaseHit for "screening") */
  LdDraftFile      *draft_file;  /* where a new registration's typing is kept until saved */
  guint             draft_source;
  gboolean          restoring;
  GtkLabel         *duplicates;  /* possible duplicates, under the legal name */
  GtkLabel         *no_hits;
  guint             name_source;
  GCancellable     *name_check;
};

G_DEFINE_FINAL_TYPE (LdBrokerWindow, ld_broker_window, ADW_TYPE_WINDOW)

/* The company form's fields, as the draft and the store's JSON name them. */
static const struct { const char *key; } form_fields[] = {
  { "legal_name" }, { "other_names" }, { "legal_form" }, { "company_number" }, { "tax_number" }, { "country" },
  { "registered_address" }, { "business_sites" }, { "records_address" }, { "activities" },
  { "declaration_details" },
};

static const LdBrokerAction act_buttons[] = {
  LD_BROKER_ACTION_SUBMIT, LD_BROKER_ACTION_REVIEW, LD_BROKER_ACTION_REGISTER, LD_BROKER_ACTION_REFUSE,
  LD_BROKER_ACTION_SUSPEND, LD_BROKER_ACTION_REINSTATE, LD_BROKER_ACTION_REVOKE, LD_BROKER_ACTION_RENEW,
};

/* The entry rows of ui/ld-broker-window.ui, by id; the first ones are
 * checked as they are typed and have a message row (id "KEY_message"). */
static const char *checked_keys[] = {
  "legal_name", "other_names", "legal_form", "company_number", "tax_number", "country", "registered_address",
  "business_sites", "records_address", "activities", "declaration_details", "act_date",
};

static const char *plain_keys[] = {
  "reason", "person_name", "person_nationality", "person_document_type", "person_document_number",
  "document_description", "document_expires", "auth_activity", "auth_description", "auth_application", "auth_from",
  "auth_until",
};

static const char *list_sections[] = { "people", "documents", "screening", "history", "authorisations" };

static void update_actions (LdBrokerWindow *self);
static void run_job (LdBrokerWindow *self, Job *job);

static void
job_free (Job *job)
{
  g_clear_object (&job->store);
  ld_actor_free (job->actor);
  g_free (job->broker_id);
  ld_broker_draft_free (job->draft);
  g_free (job->reason);
  g_free (job->act_date);
  g_free (job->person.full_name);
  g_free (job->person.nationality);
  g_free (job->person.id_document_type);
  g_free (job->person.id_document_number);
  for (guint i = 0; i < G_N_ELEMENTS (job->auth); i++)
    g_free (job->auth[i]);
  g_free (job->created_id);
  g_free (job->path);
  g_free (job->expires);
  g_free (job->hit_id);
  g_free (job);
}

static Job *
job_new (LdBrokerWindow *self,
         JobKind         kind)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->store = g_object_ref (self->store);
  job->actor = self->actor ? ld_actor_copy (self->actor) : NULL;
  job->broker_id = g_strdup (self->broker_id);
  job->base_version = self->row_version;
  return job;
}

static const char *
field_text (LdBrokerWindow *self,
            const char     *key)
{
  return gtk_editable_get_text (GTK_EDITABLE (g_hash_table_lookup (self->fields, key)));
}

static LdBrokerDraft *
draft_from_form (LdBrokerWindow *self)
{
  LdBrokerDraft *d = ld_broker_draft_new ();

  d->legal_name = g_strdup (field_text (self, "legal_name"));
  d->other_names = g_strdup (field_text (self, "other_names"));
  d->legal_form = g_strdup (field_text (self, "legal_form"));
  d->company_number = g_strdup (field_text (self, "company_number"));
  d->tax_number = g_strdup (field_text (self, "tax_number"));
  d->country = g_strdup (field_text (self, "country"));
  d->registered_address = g_strdup (field_text (self, "registered_address"));
  d->business_sites = g_strdup (field_text (self, "business_sites"));
  d->records_address = g_strdup (field_text (self, "records_address"));
  d->activities = g_strdup (field_text (self, "activities"));
  d->declaration_details = g_strdup (field_text (self, "declaration_details"));
  d->declares_convictions = gtk_check_button_get_active (self->declares[0]);
  d->declares_indictments = gtk_check_button_get_active (self->declares[1]);
  d->declares_denials = gtk_check_button_get_active (self->declares[2]);
  return d;
}

/* Runs in a worker thread: the write, then a fresh read of the whole file. */
static gboolean
job_write (Job     *job,
           GError **error)
{
  switch (job->kind)
    {
    case JOB_LOAD:
      return TRUE;
    case JOB_CREATE:
      job->created_id = ld_broker_repo_create (job->store, job->actor, job->draft, job->allow_duplicate, error);
      g_free (job->broker_id);
      job->broker_id = g_strdup (job->created_id);
      return job->created_id != NULL;
    case JOB_UPDATE:
      return ld_broker_repo_update (job->store, job->actor, job->broker_id, job->base_version, job->draft, error);
    case JOB_ACT:
      return ld_broker_repo_act (job->store, job->actor, job->broker_id, job->action, job->reason, job->act_date,
                                 error);
    case JOB_ADD_PERSON:
      {
        g_autofree char *id = ld_broker_repo_add_person (job->store, job->actor, job->broker_id, &job->person, error);

        return id != NULL;
      }
    case JOB_AUTHORISE:
      {
        g_autofree char *number = ld_broker_repo_authorise (job->store, job->actor, job->broker_id, job->auth[0],
                                                            job->auth[1], job->auth[2], job->auth[3], job->auth[4],
                                                            NULL, error);

        return number != NULL;
      }
    case JOB_ATTACH:
      {
        g_autoptr(GFile) file = g_file_new_for_path (job->path);
        g_autofree char *id = ld_broker_repo_attach (job->store, job->actor, job->broker_id, file, job->reason,
                                                     job->expires, error);

        return id != NULL;
      }
    case JOB_REVIEW_HIT:
      return ld_broker_screening_review (job->store, job->actor, job->hit_id, job->true_match, job->reason, error);
    default:
      g_assert_not_reached ();
    }
}

/* The broker's sanctions screening hits, read in the same worker thread as its
 * file, as a "screening_hits" member (absent when they cannot be read). */
static void
add_screening_hits (Job      *job,
                    JsonNode *node)
{
  g_autofree char *json = ld_broker_screening_to_json (job->store, job->broker_id, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (json != NULL && json_parser_load_from_data (parser, json, -1, NULL))
    json_object_set_member (json_node_get_object (node), "screening_hits",
                            json_node_copy (json_parser_get_root (parser)));
}

static void
job_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  JsonNode *node;

  if (!job_write (job, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  node = ld_broker_repo_get_json (job->store, job->broker_id, &error);
  if (node == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  add_screening_hits (job, node);
  g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
}

static void
set_message (LdBrokerWindow *self,
             const char     *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
  if (message)
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
}

static const char *
member_string (JsonObject *o,
               const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL || json_node_is_null (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static void
fill_form (LdBrokerWindow *self,
           JsonObject     *o)
{
  static const char *flags[] = { "declares_convictions", "declares_indictments", "declares_denials" };

  for (guint i = 0; i < G_N_ELEMENTS (form_fields); i++)
    {
      const char *value = member_string (o, form_fields[i].key);

      gtk_editable_set_text (GTK_EDITABLE (g_hash_table_lookup (self->fields, form_fields[i].key)),
                             value ? value : "");
    }
  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    gtk_check_button_set_active (self->declares[i], json_object_get_int_member (o, flags[i]) != 0);
}

/* Each list row reads "title — subtitle" from @title_keys and @subtitle_keys. */
static void
fill_list (LdBrokerWindow     *self,
           JsonObject         *o,
           const char         *section,
           const char * const *title_keys,
           const char * const *subtitle_keys)
{
  GListStore *model = g_hash_table_lookup (self->models, section);
  JsonArray *array = json_object_get_array_member (o, section);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);
      g_autoptr(GString) title = g_string_new (NULL);
      g_autoptr(GString) subtitle = g_string_new (NULL);

      for (guint k = 0; title_keys[k]; k++)
        if (member_string (item, title_keys[k]))
          g_string_append_printf (title, "%s%s", title->len ? " · " : "", member_string (item, title_keys[k]));
      for (guint k = 0; subtitle_keys[k]; k++)
        if (member_string (item, subtitle_keys[k]))
          g_string_append_printf (subtitle, "%s%s", subtitle->len ? " · " : "", member_string (item, subtitle_keys[k]));
      g_ptr_array_add (lines, ld_detail_line_new (title->str, subtitle->str, NULL));
    }
  g_list_store_splice (model, 0, g_list_model_get_n_items (G_LIST_MODEL (model)), lines->pdata, lines->len);
}

/* An authorisation made at a synced desk has no number until the central
 * database gives it: the row says so where the number goes. One the central
 * database renumbered says the number it was printed with beside it. */
static void
word_pending_authorisations (JsonObject *o)
{
  JsonArray *array = json_object_get_array_member (o, "authorisations");

  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);

      if (g_strcmp0 (member_string (item, "number_state"), "pending") == 0)
        json_object_set_string_member (item, "number", _("Number pending from the central database"));
      if (member_string (item, "desk_number"))
        {
          g_autofree char *printed = g_strdup_printf (_("printed as %s"), member_string (item, "desk_number"));

          json_object_set_string_member (item, "desk_number", printed);
        }
    }
}

/* A history row names the officer as the licence page does, by display
 * name (a login only for a profile not on this desk), and the time to the
 * minute rather than as stored. */
static void
word_history_actor (JsonObject *event)
{
  const char *name = member_string (event, "actor_name");
  g_autofree char *when = ld_format_instant (member_string (event, "at"));

  if (name && name[0])
    json_object_set_string_member (event, "actor_login", name);
  json_object_set_string_member (event, "at", when);
}

/* A history row names the act as people do ("Registered", not "register"),
 * and says the day it took effect in words, beside the time it was recorded,
 * only when the two differ. */
static void
word_history (JsonObject *o)
{
  JsonArray *history = json_object_get_array_member (o, "history");

  for (guint i = 0; history && i < json_array_get_length (history); i++)
    {
      JsonObject *event = json_array_get_object_element (history, i);
      const char *on = member_string (event, "effective_on");
      const char *at = member_string (event, "at");
      const char *action = member_string (event, "action");

      if (on && at && g_str_has_prefix (at, on))
        json_object_set_null_member (event, "effective_on");
      else if (on)
        {
          g_autofree char *words = g_strdup_printf (_("took effect %s"), on);

          json_object_set_string_member (event, "effective_on", words);
        }
      if (action)
        {
          g_autofree char *title = g_strdup (ld_broker_action_get_title (action));

          json_object_set_string_member (event, "action", title);
        }
      /* Last: it replaces "at", which the comparison above still reads. */
      word_history_actor (event);
    }
}

/* The broker's hits as a case shows its hits (LdCaseHitRow); an open hit's
 * verdict buttons name the window's hit.review action. */
static void
fill_screening (LdBrokerWindow *self,
                JsonArray      *hits)
{
  GListStore *model = g_hash_table_lookup (self->models, "screening");
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; hits && i < json_array_get_length (hits); i++)
    g_ptr_array_add (rows, ld_case_hit_new_for_broker (json_array_get_object_element (hits, i)));
  g_list_store_splice (model, 0, g_list_model_get_n_items (G_LIST_MODEL (model)), rows->pdata, rows->len);
  gtk_widget_set_visible (GTK_WIDGET (self->no_hits), rows->len == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->screening_list), rows->len > 0);
}

static void
show_file (LdBrokerWindow *self,
           JsonNode       *node,
           gboolean        with_form)
{
  static const char *people_t[] = { "full_name", "role", NULL };
  static const char *people_s[] = { "nationality", "id_document_type", "id_document_number", NULL };
  static const char *docs_t[] = { "file_name", "description", NULL };
  static const char *docs_s[] = { "expires_on", "added_by", NULL };
  /* The act says the status it led to ("Registered"). */
  static const char *history_t[] = { "action", NULL };
  static const char *history_s[] = { "effective_on", "at", "actor_login", "reason", NULL };
  static const char *auth_t[] = { "number", "desk_number", "activity", NULL };
  static const char *auth_s[] = { "description", "application_ref", "valid_from", "valid_until", NULL };
  JsonObject *o = json_node_get_object (node);
  const char *status = member_string (o, "status");
  g_autofree char *validity = NULL, *shown_number = NULL;

  g_free (self->broker_id);
  self->broker_id = g_strdup (member_string (o, "id"));
  self->row_version = json_object_get_int_member (o, "row_version");
  ld_broker_status_from_string (status, &self->status);
  g_free (self->number);
  self->number = g_strdup (member_string (o, "registration_number"));
  if (with_form)
    fill_form (self, o);
  adw_window_title_set_title (self->title, member_string (o, "legal_name"));
  adw_window_title_set_subtitle (self->title, ld_broker_status_get_title (self->status));
  adw_action_row_set_subtitle (self->status_row, ld_broker_status_get_title (self->status));
  /* Registered at a synced desk: the central database gives the number. */
  /* Renumbered by the central database: the number it was printed with too. */
  if (self->number && member_string (o, "desk_number"))
    shown_number = g_strdup_printf (_("%s (printed as %s)"), self->number, member_string (o, "desk_number"));
  validity = g_strdup_printf ("%s — %s to %s", shown_number ? shown_number : self->number ? self->number
                              : self->status == LD_BROKER_STATUS_REGISTERED
                              ? _("pending: the central database gives the number") : _("not yet granted"),
                              member_string (o, "valid_from") ? member_string (o, "valid_from") : "…",
                              member_string (o, "valid_until") ? member_string (o, "valid_until") : "…");
  adw_action_row_set_subtitle (self->number_row, validity);
  fill_list (self, o, "people", people_t, people_s);
  fill_list (self, o, "documents", docs_t, docs_s);
  word_history (o);
  fill_list (self, o, "history", history_t, history_s);
  word_pending_authorisations (o);
  fill_list (self, o, "authorisations", auth_t, auth_s);
  fill_screening (self, json_object_get_array_member (o, "screening_hits"));
}

static void
duplicate_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       LdBrokerWindow   *self)
{
  Job *job;

  if (!g_str_equal (response, "save"))
    return;
  job = job_new (self, JOB_CREATE);
  job->draft = draft_from_form (self);
  job->allow_duplicate = TRUE;
  run_job (self, job);
}

/* The clerk sees the name they typed beside the one already registered, and
 * decides; nothing typed is lost either way. */
static void
show_duplicate (LdBrokerWindow *self,
                const GError   *error)
{
  g_autofree char *body = g_strdup_printf (_("You typed: %s\n\nAlready in the register: %s"),
                                           field_text (self, "legal_name"), error->message);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                                         _("Possible Duplicate"), body));

  adw_message_dialog_add_responses (dialog, "cancel", _("_Keep Editing"), "save", _("_Save as New Broker"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_DESTRUCTIVE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (duplicate_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The message under a field, or none; also what a screen reader announces. */
static void
show_field_message (LdBrokerWindow *self,
                    const char     *key,
                    const char     *message)
{
  GtkLabel *label = g_hash_table_lookup (self->messages, key);
  GtkWidget *row = g_hash_table_lookup (self->fields, key);
  gboolean ok = message == NULL;

  gtk_label_set_text (label, ok ? "" : message);
  gtk_widget_set_visible (GTK_WIDGET (label), !ok);
  if (ok)
    gtk_widget_remove_css_class (row, "error");
  else
    gtk_widget_add_css_class (row, "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, ok ? "" : message, -1);
}

static gboolean
field_has_message (LdBrokerWindow *self,
                   const char     *key)
{
  return gtk_widget_get_visible (g_hash_table_lookup (self->messages, key));
}

static void
job_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  LdBrokerWindow *self = LD_BROKER_WINDOW (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = g_task_propagate_pointer (G_TASK (result), &error);

  self->busy = FALSE;
  if (node == NULL)
    {
      set_message (self, error->message);
      if (g_error_matches (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_DUPLICATE) && job->kind == JOB_CREATE)
        show_duplicate (self, error);
      if (g_error_matches (error, LD_BROKER_ERROR, LD_BROKER_ERROR_ACT_DATE) && job->kind == JOB_ACT)
        show_field_message (self, "act_date", error->message);
      if (error->domain == LD_NAME_NORMALIZER_ERROR)
        show_field_message (self, "legal_name", error->message);
    }
  else
    {
      if (job->kind == JOB_CREATE && self->draft_file)
        {
          g_clear_handle_id (&self->draft_source, g_source_remove);
          ld_draft_file_discard (self->draft_file);
          g_clear_object (&self->draft_file);
        }
      show_file (self, node, job->kind == JOB_LOAD);
      /* The reason and date belonged to this act; the next one starts afresh. */
      if (job->kind == JOB_ACT)
        {
          gtk_editable_set_text (GTK_EDITABLE (g_hash_table_lookup (self->fields, "reason")), "");
          gtk_editable_set_text (GTK_EDITABLE (g_hash_table_lookup (self->fields, "act_date")), "");
        }
      set_message (self, job->kind == JOB_LOAD ? NULL : _("Saved."));
    }
  update_actions (self);
}

static void
run_job (LdBrokerWindow *self,
         Job            *job)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, job_done_cb, NULL);

  g_task_set_source_tag (task, run_job);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  self->busy = TRUE;
  update_actions (self);
  g_task_run_in_thread (task, job_thread);
}

static gboolean
form_valid (LdBrokerWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (form_fields); i++)
    if (gtk_widget_get_visible (g_hash_table_lookup (self->messages, form_fields[i].key)))
      return FALSE;
  return TRUE;
}

static void
update_actions (LdBrokerWindow *self)
{
  gboolean editable = self->broker_id == NULL || self->status == LD_BROKER_STATUS_DRAFT;
  gboolean may_edit = self->actor && ld_role_can (self->actor->role, LD_PERMISSION_EDIT_BROKERS);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "broker.save",
                                 !self->busy && editable && may_edit && form_valid (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "broker.add-person",
                                 !self->busy && self->broker_id && may_edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "broker.choose-file", !self->busy && self->broker_id && may_edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "broker.attach-file", !self->busy && self->broker_id && may_edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "broker.authorise",
                                 !self->busy && self->broker_id && self->actor &&
                                 ld_role_can (self->actor->role, LD_PERMISSION_DECIDE_BROKERS));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "broker.print", !self->busy && !self->printing && self->number &&
                                 self->status != LD_BROKER_STATUS_DRAFT && self->status != LD_BROKER_STATUS_REFUSED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hit.review", !self->busy && self->broker_id && self->actor &&
                                 ld_role_can (self->actor->role, LD_PERMISSION_ASSESS_APPLICATIONS));
  for (guint i = 0; i < G_N_ELEMENTS (act_buttons); i++)
    gtk_widget_set_sensitive (self->act_button[i], !self->busy && self->broker_id &&
                              !field_has_message (self, "act_date") &&
                              ld_broker_can (self->actor, self->status, act_buttons[i]));
}

/* A new registration's form is written to a small key file as the clerk
 * types (after a pause, asynchronously), so a crash or a closed window loses
 * nothing; it is read back when the next new registration is opened and
 * removed once the draft is saved in the store. */
static LdDraftFile *
draft_file_for (LdStore *store)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, ld_store_get_path (store), -1);
  g_autofree char *name = g_strdup_printf ("broker-draft-%.16s.ini", hash);
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "licence-desk", name, NULL);

  return ld_draft_file_new_for_path (path);
}

static gboolean
write_draft_cb (gpointer data)
{
  LdBrokerWindow *self = data;
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  GHashTableIter iter;
  gpointer key, row;

  self->draft_source = 0;
  g_hash_table_iter_init (&iter, self->fields);
  while (g_hash_table_iter_next (&iter, &key, &row))
    g_key_file_set_string (keys, "form", key, gtk_editable_get_text (GTK_EDITABLE (row)));
  for (guint i = 0; i < G_N_ELEMENTS (self->declares); i++)
    {
      g_autofree char *name = g_strdup_printf ("declares%u", i);

      g_key_file_set_boolean (keys, "form", name, gtk_check_button_get_active (self->declares[i]));
    }
  /* Written in a worker thread; the window may close meanwhile. */
  ld_draft_file_save (self->draft_file, keys);
  return G_SOURCE_REMOVE;
}

static void
schedule_draft (LdBrokerWindow *self)
{
  if (self->broker_id != NULL || self->draft_file == NULL || self->restoring)
    return;
  g_clear_handle_id (&self->draft_source, g_source_remove);
  self->draft_source = g_timeout_add (300, write_draft_cb, self);
}

static void
draft_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(LdBrokerWindow) self = user_data;
  g_autoptr(GKeyFile) keys = ld_draft_file_load_finish (LD_DRAFT_FILE (source), result, NULL);
  GHashTableIter iter;
  gpointer key, row;

  /* No draft, or an unreadable one: the form starts empty. */
  if (keys == NULL || self->fields == NULL)
    return;
  /* Never over what the clerk has already started typing in this window. */
  if (field_text (self, "legal_name")[0] != '\0')
    return;
  self->restoring = TRUE;
  g_hash_table_iter_init (&iter, self->fields);
  while (g_hash_table_iter_next (&iter, &key, &row))
    {
      g_autofree char *value = g_key_file_get_string (keys, "form", key, NULL);

      if (value)
        gtk_editable_set_text (GTK_EDITABLE (row), value);
    }
  for (guint i = 0; i < G_N_ELEMENTS (self->declares); i++)
    {
      g_autofree char *name = g_strdup_printf ("declares%u", i);

      gtk_check_button_set_active (self->declares[i], g_key_file_get_boolean (keys, "form", name, NULL));
    }
  self->restoring = FALSE;
  set_message (self, _("The form you were typing has been restored."));
}

static char *
today_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* The date of an act, checked as it is typed against the reason beside it
 * and the role at the desk: the same rule the store applies. */
static gboolean
validate_act_date (LdBrokerWindow  *self,
                   GError         **error)
{
  g_autofree char *today = today_utc ();
  g_autofree char *date = g_strstrip (g_strdup (field_text (self, "act_date")));

  return ld_broker_check_act_date (self->actor, LD_BROKER_ACTION_REGISTER, date, today, field_text (self, "reason"),
                                   error);
}

static void
show_duplicates (LdBrokerWindow *self,
                 const char     *text)
{
  gtk_label_set_text (self->duplicates, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->duplicates), text != NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (g_hash_table_lookup (self->fields, "legal_name")),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text != NULL ? text : "", -1);
}

static void
name_checked_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LdBrokerWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = ld_broker_name_check_finish (result, &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->fields == NULL)
    return;
  g_clear_object (&self->name_check);
  if (error != NULL && error->domain == LD_NAME_NORMALIZER_ERROR)
    {
      show_duplicates (self, NULL);
      show_field_message (self, "legal_name", error->message);
      update_actions (self);
      return;
    }
  /* A store that cannot be read now says so on save; the form stays as typed. */
  text = ld_broker_duplicates_describe (found);
  show_duplicates (self, text);
}

/* After a pause in typing: the name as the name module reads it, and the brokers
 * already registered that it may duplicate, checked in a worker thread. */
static gboolean
check_name_cb (gpointer data)
{
  LdBrokerWindow *self = data;

  self->name_source = 0;
  if (self->store == NULL || field_has_message (self, "legal_name"))
    return G_SOURCE_REMOVE;
  g_cancellable_cancel (self->name_check);
  g_clear_object (&self->name_check);
  self->name_check = g_cancellable_new ();
  ld_broker_name_check_async (self->store, draft_from_form (self), self->broker_id, self->name_check,
                              name_checked_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
schedule_name_check (LdBrokerWindow *self)
{
  g_clear_handle_id (&self->name_source, g_source_remove);
  show_duplicates (self, NULL);
  if (field_text (self, "legal_name")[0] != '\0')
    self->name_source = g_timeout_add (400, check_name_cb, self);
}

/* Validation as the clerk types: the message sits under the field. */
static void
field_changed_cb (GtkEditable    *editable,
                  LdBrokerWindow *self)
{
  const char *key = g_object_get_data (G_OBJECT (editable), "field-key");
  g_autoptr(GError) error = NULL;
  gboolean ok = g_str_equal (key, "act_date")
                ? validate_act_date (self, &error)
                : ld_broker_validate_field (key, gtk_editable_get_text (editable), &error);

  show_field_message (self, key, ok ? NULL : error->message);
  if (!g_str_equal (key, "act_date"))
    schedule_draft (self);
  if (g_str_equal (key, "legal_name") || g_str_equal (key, "company_number") || g_str_equal (key, "tax_number"))
    schedule_name_check (self);
  update_actions (self);
}

/* A reason can make a back-dated act acceptable, or its removal not. */
static void
reason_changed_cb (LdBrokerWindow *self)
{
  field_changed_cb (g_hash_table_lookup (self->fields, "act_date"), self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LdBrokerWindow *self = LD_BROKER_WINDOW (widget);
  Job *job = job_new (self, self->broker_id ? JOB_UPDATE : JOB_CREATE);

  job->draft = draft_from_form (self);
  run_job (self, job);
}

static void
act_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  LdBrokerWindow *self = LD_BROKER_WINDOW (widget);
  Job *job;
  LdBrokerAction action;

  if (!ld_broker_action_from_string (g_variant_get_string (parameter, NULL), &action))
    return;
  job = job_new (self, JOB_ACT);
  job->action = action;
  job->reason = g_strdup (field_text (self, "reason"));
  job->act_date = g_strstrip (g_strdup (field_text (self, "act_date")));
  run_job (self, job);
}

static void
printed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(LdBrokerWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean printed = ld_print_document_finish (result, &error);

  self->printing = FALSE;
  if (error)
    set_message (self, error->message);
  else if (printed)
    set_message (self, _("The registration certificate was sent to print."));
  update_actions (self);
}

/**
 * ld_broker_window_print:
 * @settings: (nullable): print settings to start from
 * @export_path: (nullable): write the printed pages there instead of asking
 *
 * Prints the broker's registration certificate through the print dialog.
 */
void
ld_broker_window_print (LdBrokerWindow   *self,
                        GtkPrintSettings *settings,
                        const char       *export_path)
{
  g_return_if_fail (LD_IS_BROKER_WINDOW (self));

  if (self->number == NULL || self->printing)
    return;
  self->printing = TRUE;
  update_actions (self);
  ld_print_document_async (GTK_WINDOW (self), self->store, ld_documents_certificate, self->number, settings,
                           export_path, NULL, printed_cb, g_object_ref (self));
}

gboolean
ld_broker_window_get_printing (LdBrokerWindow *self)
{
  return self->printing;
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ld_broker_window_print (LD_BROKER_WINDOW (widget), NULL, NULL);
}

/* From a hit's row (LdCaseHitRow): the hit, the verdict and the reason. */
static void
review_hit_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LdBrokerWindow *self = LD_BROKER_WINDOW (widget);
  const char *hit_id, *reason;
  gboolean true_match;
  Job *job;

  g_variant_get (parameter, "(&sb&s)", &hit_id, &true_match, &reason);
  job = job_new (self, JOB_REVIEW_HIT);
  job->hit_id = g_strdup (hit_id);
  job->true_match = true_match;
  job->reason = g_strdup (reason);
  run_job (self, job);
}

static void
add_person_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LdBrokerWindow *self = LD_BROKER_WINDOW (widget);
  Job *job = job_new (self, JOB_ADD_PERSON);
  g_autofree char *role = gtk_combo_box_text_get_active_text (self->person_role);

  if (!ld_broker_person_role_from_string (role, &job->person.role))
    job->person.role = LD_BROKER_PERSON_OFFICIAL;
  job->person.full_name = g_strdup (field_text (self, "person_name"));
  job->person.nationality = g_strdup (field_text (self, "person_nationality"));
  job->person.id_document_type = g_strdup (field_text (self, "person_document_type"));
  job->person.id_document_number = g_strdup (field_text (self, "person_document_number"));
  run_job (self, job);
}

static void
authorise_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  static const char *keys[] = { "auth_activity", "auth_description", "auth_application", "auth_from", "auth_until" };
  LdBrokerWindow *self = LD_BROKER_WINDOW (widget);
  Job *job = job_new (self, JOB_AUTHORISE);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    job->auth[i] = g_strdup (field_text (self, keys[i]));
  run_job (self, job);
}

static void
attach_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LdBrokerWindow *self = LD_BROKER_WINDOW (widget);
  Job *job = job_new (self, JOB_ATTACH);
  const char *expires = field_text (self, "document_expires");

  job->path = g_variant_dup_string (parameter, NULL);
  job->reason = g_strdup (field_text (self, "document_description"));
  job->expires = expires[0] ? g_strdup (expires) : NULL;
  run_job (self, job);
}

static void
choose_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ld_ui_choose_file_for_action (widget, _("Attach a Document"), _("_Attach"), NULL, "broker.attach-file");
}

/* The entry rows, their message labels and the act buttons are bound by
 * their ids in ui/ld-broker-window.ui; the form code finds fields by key. */
static void
bind_template_children (GtkWidgetClass *widget_class)
{
  for (guint i = 0; i < G_N_ELEMENTS (checked_keys); i++)
    {
      g_autofree char *message = g_strdup_printf ("%s_message", checked_keys[i]);

      gtk_widget_class_bind_template_child_full (widget_class, checked_keys[i], FALSE, 0);
      gtk_widget_class_bind_template_child_full (widget_class, g_intern_string (message), FALSE, 0);
    }
  for (guint i = 0; i < G_N_ELEMENTS (plain_keys); i++)
    gtk_widget_class_bind_template_child_full (widget_class, plain_keys[i], FALSE, 0);
  for (guint i = 0; i < G_N_ELEMENTS (act_buttons); i++)
    {
      g_autofree char *id = g_strdup_printf ("act_%s", ld_broker_action_to_string (act_buttons[i]));

      gtk_widget_class_bind_template_child_full (widget_class, g_intern_string (id), FALSE,
                                                 G_STRUCT_OFFSET (LdBrokerWindow, act_button) + i * sizeof (GtkWidget *));
    }
  for (guint i = 0; i < G_N_ELEMENTS (((LdBrokerWindow *) NULL)->declares); i++)
    {
      g_autofree char *id = g_strdup_printf ("declares%u", i);

      gtk_widget_class_bind_template_child_full (widget_class, g_intern_string (id), FALSE,
                                                 G_STRUCT_OFFSET (LdBrokerWindow, declares) + i * sizeof (GtkWidget *));
    }
}

static void
add_field (LdBrokerWindow *self,
           const char     *key,
           gboolean        checked)
{
  GObject *row = gtk_widget_get_template_child (GTK_WIDGET (self), LD_TYPE_BROKER_WINDOW, key);

  g_object_set_data_full (row, "field-key", g_strdup (key), g_free);
  g_hash_table_insert (self->fields, g_strdup (key), row);
  if (checked)
    {
      g_autofree char *message = g_strdup_printf ("%s_message", key);

      g_hash_table_insert (self->messages, g_strdup (key),
                           gtk_widget_get_template_child (GTK_WIDGET (self), LD_TYPE_BROKER_WINDOW, message));
    }
}

static void
find_fields (LdBrokerWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (checked_keys); i++)
    add_field (self, checked_keys[i], TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (plain_keys); i++)
    add_field (self, plain_keys[i], FALSE);
}

static void
ld_broker_window_dispose (GObject *object)
{
  LdBrokerWindow *self = LD_BROKER_WINDOW (object);

  if (self->draft_source)
    {
      /* Closing the window writes what was typed at once. */
      g_clear_handle_id (&self->draft_source, g_source_remove);
      write_draft_cb (self);
    }
  g_clear_object (&self->draft_file);
  g_clear_handle_id (&self->name_source, g_source_remove);
  g_cancellable_cancel (self->name_check);
  g_clear_object (&self->name_check);
  g_clear_object (&self->store);
  g_clear_pointer (&self->actor, ld_actor_free);
  g_clear_pointer (&self->fields, g_hash_table_unref);
  g_clear_pointer (&self->messages, g_hash_table_unref);
  g_clear_pointer (&self->lists, g_hash_table_unref);
  g_clear_pointer (&self->models, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_BROKER_WINDOW);
  G_OBJECT_CLASS (ld_broker_window_parent_class)->dispose (object);
}

static void
ld_broker_window_finalize (GObject *object)
{
  LdBrokerWindow *self = LD_BROKER_WINDOW (object);

  g_free (self->broker_id);
  g_free (self->number);
  g_free (self->message);
  G_OBJECT_CLASS (ld_broker_window_parent_class)->finalize (object);
}

static void
ld_broker_window_class_init (LdBrokerWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_broker_window_dispose;
  object_class->finalize = ld_broker_window_finalize;
  g_type_ensure (LD_TYPE_CASE_HIT_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/licencedesk/LicenceDesk/ld-broker-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LdBrokerWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, LdBrokerWindow, title);
  gtk_widget_class_bind_template_child (widget_class, LdBrokerWindow, status_row);
  gtk_widget_class_bind_template_child (widget_class, LdBrokerWindow, number_row);
  gtk_widget_class_bind_template_child (widget_class, LdBrokerWindow, person_role);
  gtk_widget_class_bind_template_child (widget_class, LdBrokerWindow, duplicates);
  gtk_widget_class_bind_template_child (widget_class, LdBrokerWindow, no_hits);
  gtk_widget_class_bind_template_child (widget_class, LdBrokerWindow, people_list);
  gtk_widget_class_bind_template_child (widget_class, LdBrokerWindow, documents_list);
  gtk_widget_class_bind_template_child (widget_class, LdBrokerWindow, screening_list);
  gtk_widget_class_bind_template_child (widget_class, LdBrokerWindow, history_list);
  gtk_widget_class_bind_template_child (widget_class, LdBrokerWindow, authorisations_list);
  bind_template_children (widget_class);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, reason_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, schedule_draft);
  gtk_widget_class_install_action (widget_class, "hit.review", "(sbs)", review_hit_action);
  gtk_widget_class_install_action (widget_class, "broker.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "broker.act", "s", act_action);
  gtk_widget_class_install_action (widget_class, "broker.add-person", NULL, add_person_action);
  gtk_widget_class_install_action (widget_class, "broker.authorise", NULL, authorise_action);
  gtk_widget_class_install_action (widget_class, "broker.choose-file", NULL, choose_file_action);
  gtk_widget_class_install_action (widget_class, "broker.attach-file", "s", attach_file_action);
  gtk_widget_class_install_action (widget_class, "broker.print", NULL, print_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "broker.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "broker.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

/* Each list shows its model through a row template. */
static void
bind_lists (LdBrokerWindow *self)
{
  GtkListBox *lists[] = {
    self->people_list, self->documents_list, self->screening_list, self->history_list, self->authorisations_list,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (lists) == G_N_ELEMENTS (list_sections));
  for (guint i = 0; i < G_N_ELEMENTS (list_sections); i++)
    {
      gboolean hits = g_str_equal (list_sections[i], "screening");
      GListStore *model = g_list_store_new (hits ? LD_TYPE_CASE_HIT : LD_TYPE_DETAIL_LINE);

      gtk_list_box_bind_model (lists[i], G_LIST_MODEL (model), hits ? ld_case_hit_row_new_for : ld_detail_row_new,
                               NULL, NULL);
      g_hash_table_insert (self->lists, (gpointer) list_sections[i], lists[i]);
      g_hash_table_insert (self->models, (gpointer) list_sections[i], model);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->screening_list), FALSE);
}

static void
ld_broker_window_init (LdBrokerWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->messages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->lists = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, NULL);
  self->models = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  find_fields (self);
  bind_lists (self);
  /* Tests press an act's button by its verb. */
  for (guint i = 0; i < G_N_ELEMENTS (act_buttons); i++)
    {
      g_autofree char *name = g_strdup_printf ("act-%s", ld_broker_action_to_string (act_buttons[i]));

      g_object_set_data (G_OBJECT (self), name, self->act_button[i]);
    }
}

/**
 * ld_broker_window_new:
 * @broker_id: (nullable): the broker to open, or %NULL for a new registration
 */
LdBrokerWindow *
ld_broker_window_new (GtkWindow     *parent,
                      LdStore       *store,
                      const LdActor *actor,
                      const char    *broker_id)
{
  LdBrokerWindow *self = g_object_new (LD_TYPE_BROKER_WINDOW, "transient-for", parent, NULL);

  self->store = g_object_ref (store);
  self->actor = actor ? ld_actor_copy (actor) : NULL;
  self->broker_id = g_strdup (broker_id);
  /* Validate the empty form once so required fields say so from the start. */
  self->restoring = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (form_fields); i++)
    field_changed_cb (g_hash_table_lookup (self->fields, form_fields[i].key), self);
  self->restoring = FALSE;
  if (broker_id)
    run_job (self, job_new (self, JOB_LOAD));
  else
    {
      self->draft_file = draft_file_for (store);
      ld_draft_file_load_async (self->draft_file, NULL, draft_read_cb, g_object_ref (self));
    }
  update_actions (self);
  return self;
}

const char *
ld_broker_window_get_broker_id (LdBrokerWindow *self)
{
  return self->broker_id;
}

const char *
ld_broker_window_get_status (LdBrokerWindow *self)
{
  return self->broker_id ? ld_broker_status_to_string (self->status) : NULL;
}

const char *
ld_broker_window_get_number (LdBrokerWindow *self)
{
  return self->number;
}

const char *
ld_broker_window_get_message (LdBrokerWindow *self)
{
  return self->message;
}

gboolean
ld_broker_window_get_busy (LdBrokerWindow *self)
{
  return self->busy;
}

GtkEditable *
ld_broker_window_get_field (LdBrokerWindow *self,
                            const char     *key)
{
  return g_hash_table_lookup (self->fields, key);
}

const char *
ld_broker_window_get_field_message (LdBrokerWindow *self,
                                    const char     *key)
{
  GtkLabel *label = g_hash_table_lookup (self->messages, key);

  return label && gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_text (label) : NULL;
}

/**
 * ld_broker_window_get_duplicates:
 *
 * Returns: (nullable): the possible duplicates shown under the legal name, or %NULL
 */
const char *
ld_broker_window_get_duplicates (LdBrokerWindow *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->duplicates)) ? gtk_label_get_text (self->duplicates) : NULL;
}

guint
ld_broker_window_count_rows (LdBrokerWindow *self,
                             const char     *section)
{
  GtkWidget *list = g_hash_table_lookup (self->lists, section);
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list); child; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}
