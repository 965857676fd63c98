/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-licence-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-euc-repo.h"
#include "ld-format.h"
#include "ld-licence-window.h"
#include "ld-ui.h"
#include "ld-print.h"

/*
 * A licence's page: its status today, validity, the case it came from, what
 * is left on each line, its shipments and history, a warning when it is about
 * to expire, and the acts the person at the desk may take: record a shipment,
 * void one recorded by mistake, suspend, reinstate, revoke, record its
 * surrender. The page is a template (ui/ld-licence-window.ui); the details
 * are rebuilt on each load. Every read and write runs in a GTask thread; a
 * refused act shows its sentence beside the form and keeps what was typed.
 */

struct _LdLicenceWindow
{
  AdwWindow     parent_instance;

  LdStore      *store;
  LdActor      *actor;           /* (nullable) nobody may change anything */
  char         *number;
  LdLicence    *licence;
  gboolean      busy;
  gboolean      closed;       /* destroyed: finished work touches no widget */
  gboolean      printing;
  char         *message;         /* the last refusal, or NULL */
  char         *dvc;             /* where the shipments' delivery verification stands, as read with the licence */
  gboolean      dvc_overdue;

  AdwWindowTitle *title;
  GtkWidget    *warning;         /* expiring soon or expired */
  GtkWidget    *details;         /* rebuilt on each load */
  GtkWidget    *ship_group;
  GtkWidget    *ship_date;
  GtkWidget    *ship_customs;
  GtkWidget    *ship_lines;      /* one entry per licence line, rebuilt */
  GtkWidget    *ship_serials;
  GtkWidget    *ship_button;
  GtkWidget    *ship_error;
  GtkWidget    *void_group;
  GtkWidget    *void_customs;
  GtkWidget    *void_reason;
  GtkWidget    *void_button;
  GtkWidget    *void_error;
  GtkWidget    *act_group;
  GtkWidget    *act_reason;
  GtkWidget    *suspend_button;
  GtkWidget    *reinstate_button;
  GtkWidget    *revoke_button;
  GtkWidget    *surrender_button;
  GtkWidget    *act_error;
  GtkWidget    *print_error;     /* why the licence did not print, under its details */
  GtkWidget    *print_button;    /* its tooltip says why it is off while the licence may not print */
};

G_DEFINE_FINAL_TYPE (LdLicenceWindow, ld_licence_window, ADW_TYPE_WINDOW)

typedef enum { WORK_LOAD, WORK_ACT, WORK_SHIP, WORK_VOID } WorkKind;

typedef struct
{
  WorkKind         kind;
  LdStore         *store;
  LdActor         *actor;
  char            *number;
  LdLicenceAction  action;
  char            *reason;
  char            *date;
  char            *customs;
  GArray          *quantities;
  GStrv            serials;
  char            *dvc;            /* out: the delivery verification, read with the licence */
  gboolean         dvc_overdue;
} Work;

static void
work_free (Work *w)
{
  g_clear_object (&w->store);
  g_clear_pointer (&w->actor, ld_actor_free);
  g_free (w->number); g_free (w->reason); g_free (w->date); g_free (w->customs);
  g_clear_pointer (&w->quantities, g_array_unref);
  g_strfreev (w->serials);
  g_free (w->dvc);
  g_free (w);
}

/* The delivery verification certificate covers every shipment of the
 * licence: it is that of the end-use certificate linked to the application
 * the licence was issued on (ld_euc_repo_find_for_licence()). */
static void
read_dvc (Work            *w,
          const LdLicence *l)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *euc_id = ld_euc_repo_find_for_licence (w->store, l->id, &error);
  g_autoptr(LdEucRecord) r = euc_id ? ld_euc_repo_get (w->store, euc_id, &error) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *summary = NULL;

  if (r == NULL)
    {
      w->dvc = g_strdup (_("No end-use certificate is linked to the application this licence was issued on, so no "
                           "delivery verification certificate is followed; link one in the certificate's window."));
      return;
    }
  summary = ld_euc_repo_dvc_summary (r, today, &w->dvc_overdue);
  w->dvc = summary
    ? g_strdup_printf (_("Delivery verification certificate of end-use certificate %s: %s."),
                       r->euc->certificate_number, summary)
    : g_strdup_printf (_("Delivery verification certificate of end-use certificate %s: not requested yet; record "
                         "the day it is due in the certificate's window."), r->euc->certificate_number);
}

static void
work_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Work *w = task_data;
  GError *error = NULL;
  LdLicence *l = NULL;

  if (w->kind == WORK_ACT)
    l = ld_licence_repo_act (w->store, w->actor, w->number, w->action, w->reason, &error);
  else if (w->kind == WORK_VOID)
    l = ld_licence_repo_void_shipment (w->store, w->actor, w->number, w->customs, w->reason, &error);
  else if (w->kind == WORK_SHIP)
    {
      LdShipmentInput in = { w->date, w->customs, (const LdShipmentQuantity *) w->quantities->data,
                             w->quantities->len, (const char * const *) w->serials };
      LdShipment *s = ld_licence_repo_ship (w->store, w->actor, w->number, &in, &error);

      if (s != NULL)
        {
          ld_shipment_free (s);
          l = ld_licence_repo_load (w->store, w->number, &error);
        }
    }
  else
    l = ld_licence_repo_load (w->store, w->number, &error);
  if (l != NULL)
    read_dvc (w, l);
  if (l != NULL)
    g_task_return_pointer (task, l, (GDestroyNotify) ld_licence_free);
  else
    g_task_return_error (task, error);
}

static void refresh (LdLicenceWindow *self);

static void
set_error (GtkWidget  *label,
           const char *text)
{
  gtk_label_set_text (GTK_LABEL (label), text ? text : "");
  gtk_widget_set_visible (label, text != NULL);
}

static void
work_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LdLicenceWindow *self = LD_LICENCE_WINDOW (object);
  Work *w = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  LdLicence *l = g_task_propagate_pointer (G_TASK (result), &error);

  self->busy = FALSE;
  /* The work was done (a shipment stays recorded); only the closed page is
   * not shown it. */
  if (self->closed)
    {
      g_clear_pointer (&l, ld_licence_free);
      return;
    }
  g_clear_pointer (&self->message, g_free);
  if (l == NULL)
    {
      self->message = g_strdup (error->message);
      /* Beside the form that was refused; what was typed stays. */
      set_error (w->kind == WORK_SHIP ? self->ship_error : w->kind == WORK_VOID ? self->void_error : self->act_error,
                 error->message);
      refresh (self);
      return;
    }
  set_error (self->ship_error, NULL);
  set_error (self->void_error, NULL);
  set_error (self->act_error, NULL);
  if (w->kind == WORK_SHIP)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->ship_customs), "");
      gtk_editable_set_text (GTK_EDITABLE (self->ship_serials), "");
      for (GtkWidget *e = gtk_widget_get_first_child (self->ship_lines); e; e = gtk_widget_get_next_sibling (e))
        gtk_editable_set_text (GTK_EDITABLE (e), "");
    }
  if (w->kind == WORK_ACT)
    gtk_editable_set_text (GTK_EDITABLE (self->act_reason), "");
  if (w->kind == WORK_VOID)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->void_customs), "");
      gtk_editable_set_text (GTK_EDITABLE (self->void_reason), "");
    }
  g_clear_pointer (&self->licence, ld_licence_free);
  self->licence = l;
  g_free (self->dvc);
  self->dvc = g_steal_pointer (&w->dvc);
  self->dvc_overdue = w->dvc_overdue;
  refresh (self);
}

static void
start (LdLicenceWindow *self,
       Work            *w)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, work_done_cb, NULL);

  w->store = g_object_ref (self->store);
  w->actor = self->actor ? ld_actor_copy (self->actor) : NULL;
  /* By id: a licence whose issue is pending has no number yet. */
  w->number = g_strdup (self->licence ? self->licence->id : self->number);
  self->busy = TRUE;
  refresh (self);
  g_task_set_source_tag (task, start);
  g_task_set_task_data (task, w, (GDestroyNotify) work_free);
  g_task_run_in_thread (task, work_thread);
}

/* ---- showing ---------------------------------------------------------- */

static GtkWidget *
add_text (GtkWidget  *box,
          const char *text,
          const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (box), label);
  return label;
}

static void
add_heading (GtkWidget  *box,
             const char *text)
{
  GtkWidget *label = add_text (box, text, "heading");

  /* A selectable heading would take the focus first and show as selected. */
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_widget_set_margin_top (label, 12);
}

/* The officer as the printed licence names them: their name, not their
 * login; a login only when the profile is not on this desk. */
static const char *
issuer_name (const LdLicence *l)
{
  if (l->issued_by_name && l->issued_by_name[0])
    return l->issued_by_name;
  return l->issued_by ? l->issued_by : "";
}

static void
show_summary (LdLicenceWindow *self,
              GtkWidget       *box)
{
  const LdLicence *l = self->licence;
  g_autofree char *state = l->number_state == LD_LICENCE_NUMBER_FINAL ? NULL : ld_licence_describe_number (l);
  g_autofree char *status = g_strdup_printf (_("Status: %s"),
                                             state ? state : ld_licence_status_get_title (l->effective));
  g_autofree char *validity = g_strdup_printf (_("Valid from %s until %s"), l->valid_from, l->valid_until);
  g_autofree char *holder = g_strdup_printf (_("Holder: %s · destination %s"), l->holder_name, l->destination_country);
  g_autofree char *origin = l->application_reference
    ? g_strdup_printf (_("Issued on %s by %s from application %s (version %d)"), l->issued_on ? l->issued_on : "",
                       issuer_name (l), l->application_reference, l->application_version)
    : g_strdup (_("Recorded without an application on this desk"));

  add_text (box, status, "title-3");
  if (l->desk_number && l->number)
    {
      g_autofree char *printed = g_strdup_printf (_("Printed as %s at its desk before the desk connected; that "
                                                    "number was another licence's, so the central database "
                                                    "numbered it %s. Either number finds it."),
                                                  l->desk_number, l->number);

      add_text (box, printed, NULL);
    }
  add_text (box, validity, NULL);
  add_text (box, holder, NULL);
  if (l->application_reference)
    {
      /* The case it came from, one click away in the desk's window. */
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

      gtk_box_append (GTK_BOX (box), row);
      gtk_widget_set_hexpand (add_text (row, origin, NULL), TRUE);
      gtk_box_append (GTK_BOX (row), ld_ui_open_case_button (GTK_WINDOW (self), l->application_reference));
    }
  else
    add_text (box, origin, NULL);
  for (guint i = 0; l->conditions && l->conditions[i]; i++)
    {
      g_autofree char *text = g_strdup_printf (_("Condition: %s"), l->conditions[i]);

      add_text (box, text, "dim-label");
    }
}

static void
show_lines (LdLicenceWindow *self,
            GtkWidget       *box)
{
  add_heading (box, _("Items"));
  for (guint i = 0; i < self->licence->lines->len; i++)
    {
      const LdLicenceLine *line = self->licence->lines->pdata[i];
      g_autofree char *text = g_strdup_printf (_("Line %d · %s: %" G_GINT64_FORMAT " licensed, %" G_GINT64_FORMAT
                                                 " shipped, %" G_GINT64_FORMAT " left"), line->line_no,
                                               line->description ? line->description : line->category,
                                               line->quantity, line->shipped, line->quantity - line->shipped);

      add_text (box, text, NULL);
    }
}

static void
show_shipments (LdLicenceWindow *self,
                GtkWidget       *box)
{
  add_heading (box, _("Shipments"));
  if (self->licence->shipments->len == 0)
    add_text (box, _("No shipment recorded yet."), "dim-label");
  for (guint i = 0; i < self->licence->shipments->len; i++)
    {
      const LdShipment *s = self->licence->shipments->pdata[i];
      g_autoptr(GString) text = g_string_new (NULL);

      g_string_printf (text, _("%s · customs %s"), s->shipped_on, s->customs_reference);
      for (guint k = 0; k < s->quantities->len; k++)
        g_string_append_printf (text, _(" · line %d: %" G_GINT64_FORMAT),
                                g_array_index (s->quantities, LdShipmentQuantity, k).line_no,
                                g_array_index (s->quantities, LdShipmentQuantity, k).quantity);
      if (s->serials->len > 0)
        g_string_append_printf (text, _(" · %u serial numbers"), s->serials->len);
      add_text (box, text->str, NULL);
    }
  for (guint i = 0; i < self->licence->voided_shipments->len; i++)
    {
      const LdShipment *s = self->licence->voided_shipments->pdata[i];
      g_autofree char *when = ld_format_instant (s->voided_at);
      g_autofree char *text = g_strdup_printf (_("Void: %s · customs %s · voided %s by %s: %s"), s->shipped_on,
                                               s->customs_reference, when, s->voided_by, s->void_reason);

      add_text (box, text, "dim-label");
    }
  /* An overdue certificate is a warning, not only a date. */
  if (self->dvc)
    {
      GtkWidget *label = add_text (box, self->dvc, self->dvc_overdue ? "warning" : NULL);

      gtk_widget_set_name (label, "dvc-status");
      gtk_widget_set_margin_top (label, 6);
    }
}

static void
show_history (LdLicenceWindow *self,
              GtkWidget       *box)
{
  add_heading (box, _("History"));
  for (guint i = 0; i < self->licence->events->len; i++)
    {
      const LdLicenceEvent *e = self->licence->events->pdata[i];
      g_autofree char *when = ld_format_instant (e->at);
      /* People are named as the licence names its issuer; a profile not on
       * this desk by its login. */
      const char *who = e->actor_name && e->actor_name[0] ? e->actor_name : e->actor_login;
      g_autofree char *text = g_strdup_printf ("%s · %s → %s · %s (%s)%s%s", when, e->action, e->to_status,
                                               who, e->role, e->reason ? " · " : "",
                                               e->reason ? e->reason : "");

      add_text (box, text, NULL);
    }
}

/* One quantity entry per licence line, kept while the lines stay the same. */
static void
rebuild_line_entries (LdLicenceWindow *self)
{
  GtkWidget *child;
  guint n = 0;

  for (child = gtk_widget_get_first_child (self->ship_lines); child; child = gtk_widget_get_next_sibling (child))
    n++;
  if (n == self->licence->lines->len)
    return;
  while ((child = gtk_widget_get_first_child (self->ship_lines)))
    gtk_box_remove (GTK_BOX (self->ship_lines), child);
  for (guint i = 0; i < self->licence->lines->len; i++)
    {
      const LdLicenceLine *line = self->licence->lines->pdata[i];
      g_autofree char *placeholder = g_strdup_printf (_("Quantity of line %d shipped"), line->line_no);
      GtkWidget *entry = gtk_entry_new ();

      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
      gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_DIGITS);
      g_object_set_data (G_OBJECT (entry), "ld-line", GINT_TO_POINTER (line->line_no));
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, placeholder, -1);
      gtk_box_append (GTK_BOX (self->ship_lines), entry);
    }
}

static gboolean
may (LdLicenceWindow *self,
     LdPermission     permission)
{
  return self->actor != NULL && ld_role_can (self->actor->role, permission);
}

static GtkWidget *
act_button (LdLicenceWindow *self,
            LdLicenceAction  action)
{
  switch (action)
    {
    case LD_LICENCE_ACTION_SUSPEND: return self->suspend_button;
    case LD_LICENCE_ACTION_REINSTATE: return self->reinstate_button;
    case LD_LICENCE_ACTION_REVOKE: return self->revoke_button;
    case LD_LICENCE_ACTION_SURRENDER: return self->surrender_button;
    case LD_LICENCE_N_ACTIONS:
    default: return NULL;
    }
}

/* An act's button is live when the core would take it from this person on a
 * licence in this state (a reason still to be typed). */
static gboolean
act_follows (LdLicenceWindow *self,
             LdLicenceAction  action)
{
  return self->licence != NULL && self->actor != NULL && !self->busy &&
         self->licence->number_state == LD_LICENCE_NUMBER_FINAL &&
         ld_licence_check_action (self->licence->effective, action, self->actor, "reason", NULL);
}

static void
update_actions (LdLicenceWindow *self)
{
  LdLicenceStatus s = self->licence ? self->licence->effective : LD_LICENCE_STATUS_REVOKED;
  gboolean final = self->licence != NULL && self->licence->number_state == LD_LICENCE_NUMBER_FINAL;
  gboolean in_use = final && (s == LD_LICENCE_STATUS_ISSUED || s == LD_LICENCE_STATUS_PARTLY_USED);
  g_autoptr(GError) not_printable = NULL;
  gboolean printable = self->licence != NULL && ld_licence_check_printable (self->licence, &not_printable);

  /* Nothing prints as issued before the central database gave its number:
   * the button is off and says why. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "licence.print", printable && !self->busy && !self->printing);
  gtk_widget_set_tooltip_text (self->print_button, not_printable
                               ? not_printable->message
                               : _("Print the licence; a copy once the original is stored (Ctrl+P)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->print_button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  not_printable ? not_printable->message : "", -1);
  gtk_widget_set_visible (self->ship_group, may (self, LD_PERMISSION_RECORD_SHIPMENTS));
  gtk_widget_set_sensitive (self->ship_button, in_use && !self->busy);
  gtk_widget_set_visible (self->void_group, may (self, LD_PERMISSION_CONTROL_LICENCES));
  gtk_widget_set_sensitive (self->void_button, self->licence != NULL && self->licence->shipments->len > 0 &&
                                               !self->busy);
  gtk_widget_set_visible (self->act_group, may (self, LD_PERMISSION_CONTROL_LICENCES) ||
                                           may (self, LD_PERMISSION_ISSUE_LICENCES));
  for (LdLicenceAction a = 0; a < LD_LICENCE_N_ACTIONS; a++)
    {
      LdPermission needed = a == LD_LICENCE_ACTION_SURRENDER ? LD_PERMISSION_ISSUE_LICENCES
                                                             : LD_PERMISSION_CONTROL_LICENCES;

      gtk_widget_set_visible (act_button (self, a), may (self, needed));
      gtk_widget_set_sensitive (act_button (self, a), act_follows (self, a));
    }
}

/* A licence the central database has not numbered, or refused: said first,
 * with why it cannot be printed. */
static gboolean
show_number_state (LdLicenceWindow *self)
{
  g_autoptr(GError) why = NULL;

  if (self->licence == NULL || ld_licence_check_printable (self->licence, &why))
    return FALSE;
  gtk_label_set_text (GTK_LABEL (self->warning), why->message);
  gtk_widget_remove_css_class (self->warning, "warning");
  gtk_widget_remove_css_class (self->warning, "error");
  gtk_widget_add_css_class (self->warning, self->licence->number_state == LD_LICENCE_NUMBER_REFUSED ? "error"
                                                                                                    : "warning");
  gtk_widget_set_visible (self->warning, TRUE);
  return TRUE;
}

static void
show_warning (LdLicenceWindow *self)
{
  const char *title = self->licence ? ld_licence_warning_get_title (self->licence->warning) : NULL;
  g_autofree char *text = NULL;

  if (show_number_state (self))
    return;
  gtk_widget_set_visible (self->warning, title != NULL);
  if (title == NULL)
    return;
  text = self->licence->warning == LD_LICENCE_WARNING_EXPIRING_SOON
    ? g_strdup_printf (_("%s: its last day is %s. Ask the holder whether a new licence is needed."), title,
                       self->licence->valid_until)
    : g_strdup_printf (_("%s (last day %s)."), title, self->licence->valid_until);
  gtk_label_set_text (GTK_LABEL (self->warning), text);
  gtk_widget_remove_css_class (self->warning, "warning");
  gtk_widget_remove_css_class (self->warning, "error");
  gtk_widget_add_css_class (self->warning, self->licence->warning == LD_LICENCE_WARNING_EXPIRED ? "error" : "warning");
}

static void
refresh (LdLicenceWindow *self)
{
  GtkWidget *child;

  update_actions (self);
  show_warning (self);
  if (self->licence == NULL)
    {
      if (self->message)
        {
          while ((child = gtk_widget_get_first_child (self->details)))
            gtk_box_remove (GTK_BOX (self->details), child);
          add_text (self->details, self->message, "error");
        }
      return;
    }
  if (self->licence->number_state == LD_LICENCE_NUMBER_FINAL && self->licence->desk_number)
    {
      /* Renumbered by the central database: the printed number, which finds
       * it too, in the subtitle (the title has room for one number). */
      g_autofree char *subtitle = g_strdup_printf (_("%s · printed as %s"),
                                                   ld_licence_status_get_title (self->licence->effective),
                                                   self->licence->desk_number);

      adw_window_title_set_title (self->title, self->licence->number);
      adw_window_title_set_subtitle (self->title, subtitle);
    }
  else
    {
      g_autofree char *number = ld_licence_describe_number (self->licence);

      adw_window_title_set_title (self->title, number);
      adw_window_title_set_subtitle (self->title, self->licence->number_state == LD_LICENCE_NUMBER_FINAL
                                                  ? ld_licence_status_get_title (self->licence->effective)
                                                  : self->licence->number_state == LD_LICENCE_NUMBER_PENDING
                                                  ? _("Issue pending") : _("Not issued"));
    }
  while ((child = gtk_widget_get_first_child (self->details)))
    gtk_box_remove (GTK_BOX (self->details), child);
  show_summary (self, self->details);
  show_lines (self, self->details);
  show_shipments (self, self->details);
  show_history (self, self->details);
  rebuild_line_entries (self);
}

/* ---- acting ----------------------------------------------------------- */

static void
ship_clicked_cb (LdLicenceWindow *self)
{
  Work *w = g_new0 (Work, 1);
  g_auto(GStrv) parts = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->ship_serials)), ",", -1);
  g_autoptr(GStrvBuilder) serials = g_strv_builder_new ();

  w->kind = WORK_SHIP;
  w->date = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->ship_date)));
  w->customs = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->ship_customs))));
  w->quantities = g_array_new (FALSE, TRUE, sizeof (LdShipmentQuantity));
  for (GtkWidget *e = gtk_widget_get_first_child (self->ship_lines); e; e = gtk_widget_get_next_sibling (e))
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (e));
      LdShipmentQuantity q = { GPOINTER_TO_INT (g_object_get_data (G_OBJECT (e), "ld-line")), 0 };

      if (*text == '\0')
        continue;
      /* A word where a number belongs is refused by the store as "at least 1". */
      q.quantity = g_ascii_strtoll (text, NULL, 10);
      g_array_append_val (w->quantities, q);
    }
  for (guint i = 0; parts[i]; i++)
    if (*g_strstrip (parts[i]) != '\0')
      g_strv_builder_add (serials, parts[i]);
  w->serials = g_strv_builder_end (serials);
  start (self, w);
}

static void
act_clicked_cb (GtkButton       *button,
                LdLicenceWindow *self)
{
  Work *w = g_new0 (Work, 1);

  w->kind = WORK_ACT;
  for (LdLicenceAction a = 0; a < LD_LICENCE_N_ACTIONS; a++)
    if (act_button (self, a) == GTK_WIDGET (button))
      w->action = a;
  w->reason = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->act_reason)));
  start (self, w);
}

static void
void_clicked_cb (LdLicenceWindow *self)
{
  Work *w = g_new0 (Work, 1);

  w->kind = WORK_VOID;
  w->customs = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->void_customs))));
  w->reason = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->void_reason)));
  start (self, w);
}

static void
printed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(LdLicenceWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error: the officer cancelled the dialog. */
  ld_print_document_finish (result, &error);
  self->printing = FALSE;
  if (self->closed)
    return;
  g_free (self->message);
  self->message = error ? g_strdup (error->message) : NULL;
  set_error (self->print_error, error ? error->message : NULL);
  update_actions (self);
}

/**
 * ld_licence_window_print:
 * @settings: (nullable): print settings to start from
 * @export_path: (nullable): write the printed pages there instead of asking
 *
 * Prints the licence through the print dialog; the PDF is made on a worker
 * thread, a COPY once the original is stored, with its suspension or
 * revocation marked.
 */
void
ld_licence_window_print (LdLicenceWindow  *self,
                         GtkPrintSettings *settings,
                         const char       *export_path)
{
  g_return_if_fail (LD_IS_LICENCE_WINDOW (self));

  if (self->licence == NULL || self->printing || !ld_licence_check_printable (self->licence, NULL))
    return;
  self->printing = TRUE;
  update_actions (self);
  ld_print_document_async (GTK_WINDOW (self), self->store, ld_documents_licence_reprint, self->licence->number,
                           settings, export_path, NULL, printed_cb, g_object_ref (self));
}

gboolean
ld_licence_window_get_printing (LdLicenceWindow *self)
{
  return self->printing;
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ld_licence_window_print (LD_LICENCE_WINDOW (widget), NULL, NULL);
}

static void
ld_licence_window_dispose (GObject *object)
{
  LD_LICENCE_WINDOW (object)->closed = TRUE;
  G_OBJECT_CLASS (ld_licence_window_parent_class)->dispose (object);
}

static void
ld_licence_window_finalize (GObject *object)
{
  LdLicenceWindow *self = LD_LICENCE_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->actor, ld_actor_free);
  g_clear_pointer (&self->licence, ld_licence_free);
  g_free (self->number);
  g_free (self->message);
  g_free (self->dvc);
  G_OBJECT_CLASS (ld_licence_window_parent_class)->finalize (object);
}

static void
ld_licence_window_class_init (LdLicenceWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_licence_window_dispose;
  object_class->finalize = ld_licence_window_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ld-licence-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LdLicenceWindow, title);
  gtk_widget_class_bind_template_child (widget_class, LdLicenceWindow, warning);
  gtk_widget_class_bind_template_child (widget_class, LdLicenceWindow, details);
  gtk_widget_class_bind_template_child (widget_class, LdLicenceWindow, print_error);
  gtk_widget_class_bind_template_child (widget_class, LdLicenceWindow, print_button);
  gtk_widget_class_bind_template_child (widget_class, LdLicenceWindow, ship_group);
  gtk_widget_class_bind_template_child (widget_class, LdLicenceWindow, ship_date);
  gtk_widget_class_bind_template_child (widget_class, LdLicenceWindow, ship_customs);
  gtk_widget_class_bind_template_child (widget_class, LdLicenceWindow, ship_lines);
  gtk_widget_class_bind_template_child (widget_class, LdLicenceWindow, ship_serials);
  gtk_widget_class_bind_template_child (widget_class, LdLicenceWindow, ship_button);
  gtk_widget_class_bind_template_child (widget_class, LdLicenceWindow, ship_error);
  gtk_widget_class_bind_template_child (widget_class, LdLicenceWindow, void_group);
  gtk_widget_class_bind_template_child (widget_class, LdLicenceWindow, void_customs);
  gtk_widget_class_bind_template_child (widget_class, LdLicenceWindow, void_reason);
  gtk_widget_class_bind_template_child (widget_class, LdLicenceWindow, void_button);
  gtk_widget_class_bind_template_child (widget_class, LdLicenceWindow, void_error);
  gtk_widget_class_bind_template_child (widget_class, LdLicenceWindow, act_group);
  gtk_widget_class_bind_template_child (widget_class, LdLicenceWindow, act_reason);
  gtk_widget_class_bind_template_child (widget_class, LdLicenceWindow, suspend_button);
  gtk_widget_class_bind_template_child (widget_class, LdLicenceWindow, reinstate_button);
  gtk_widget_class_bind_template_child (widget_class, LdLicenceWindow, revoke_button);
  gtk_widget_class_bind_template_child (widget_class, LdLicenceWindow, surrender_button);
  gtk_widget_class_bind_template_child (widget_class, LdLicenceWindow, act_error);
  gtk_widget_class_bind_template_callback (widget_class, ship_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, void_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, act_clicked_cb);
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "licence.print", NULL, print_action);
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_p, GDK_CONTROL_MASK, "licence.print", NULL);
}

static void
ld_licence_window_init (LdLicenceWindow *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_editable_set_text (GTK_EDITABLE (self->ship_date), today);
}

/**
 * ld_licence_window_new:
 * @actor: (nullable): who acts; %NULL shows the licence without acts
 *
 * Opens a licence's page and loads it off the UI thread.
 */
/* The central database's answer settles a pending issue while the page is
 * open: it shows the number (or the refusal) as soon as the desk records it. */
static void
store_changed_cb (LdStore         *store,
                  const char      *entity,
                  LdLicenceWindow *self)
{
  if (g_strcmp0 (entity, "licence") != 0 || self->closed || self->busy || self->licence == NULL ||
      self->licence->number_state != LD_LICENCE_NUMBER_PENDING)
    return;
  start (self, g_new0 (Work, 1));
}

LdLicenceWindow *
ld_licence_window_new (GtkWindow     *parent,
                       LdStore       *store,
                       const LdActor *actor,
                       const char    *number_or_id)
{
  LdLicenceWindow *self = g_object_new (LD_TYPE_LICENCE_WINDOW, "transient-for", parent, NULL);

  self->store = g_object_ref (store);
  self->actor = actor ? ld_actor_copy (actor) : NULL;
  self->number = g_strdup (number_or_id);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, 0);
  start (self, g_new0 (Work, 1));
  return self;
}

gboolean
ld_licence_window_is_busy (LdLicenceWindow *self)
{
  return self->busy;
}

const LdLicence *
ld_licence_window_get_licence (LdLicenceWindow *self)
{
  return self->licence;
}

const char *
ld_licence_window_get_message (LdLicenceWindow *self)
{
  return self->message;
}

/**
 * ld_licence_window_get_dvc:
 *
 * Returns: (nullable): where the delivery verification of the licence's
 *   shipments stands, as the page shows it
 */
const char *
ld_licence_window_get_dvc (LdLicenceWindow *self)
{
  return self->dvc;
}
