/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-case-hit-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-case-hit-row.h"

/* One row of the screening hits of a case page or a broker's file
 * (ui/ld-case-hit-row.ui): the hit in words; for an open hit the reason and
 * the two verdicts; under a confirmed embargo hit its exemption. Its buttons
 * name the page's actions (hit.review "(sbs)", hit.write-exemption "(sss)",
 * hit.confirm-exemption "s"), so the page alone decides what happens and
 * whether the buttons can be pressed. What was typed is cleared when the hit
 * changes. */
struct _LdCaseHitRow
{
  GtkWidget    parent_instance;

  GtkLabel    *summary;
  GtkWidget   *verdict_box;
  GtkEditable *reason;
  GtkWidget   *false_button;
  GtkWidget   *true_button;
  GtkWidget   *exemption_form;
  GtkEditable *resolution;
  GtkEditable *paragraph;
  GtkWidget   *record_button;
  GtkWidget   *exemption_box;
  GtkLabel    *exemption_label;
  GtkWidget   *confirm_button;

  LdCaseHit   *hit;
};

G_DEFINE_FINAL_TYPE (LdCaseHitRow, ld_case_hit_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_HIT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The buttons' targets follow the hit and what is typed beside them: the
 * page's action gets everything it needs from the button itself. */
static void
update_targets (LdCaseHitRow *self)
{
  const char *id = self->hit ? ld_case_hit_get_id (self->hit) : "";
  const char *embargo = self->hit && ld_case_hit_get_embargo_id (self->hit) ? ld_case_hit_get_embargo_id (self->hit)
                                                                          : "";
  const char *reason = gtk_editable_get_text (self->reason);

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->false_button), "(sbs)", id, FALSE, reason);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->true_button), "(sbs)", id, TRUE, reason);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->record_button), "(sss)", embargo,
                                    gtk_editable_get_text (self->resolution), gtk_editable_get_text (self->paragraph));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->confirm_button), "s", embargo);
}

static void
show_hit (LdCaseHitRow *self)
{
  LdCaseHitExemption exemption = self->hit ? ld_case_hit_get_exemption (self->hit) : LD_CASE_HIT_EXEMPTION_NONE;
  const char *text = self->hit ? ld_case_hit_get_exemption_text (self->hit) : NULL;

  gtk_label_set_text (self->summary, self->hit ? ld_case_hit_get_summary (self->hit) : "");
  gtk_widget_set_visible (self->verdict_box, self->hit && ld_case_hit_is_open (self->hit));
  gtk_widget_set_visible (self->exemption_form, exemption == LD_CASE_HIT_EXEMPTION_TO_WRITE);
  gtk_widget_set_visible (self->exemption_box, text != NULL);
  gtk_widget_set_visible (self->confirm_button, exemption == LD_CASE_HIT_EXEMPTION_TO_CONFIRM);
  gtk_label_set_text (self->exemption_label, text ? text : "");
  gtk_editable_set_text (self->reason, "");
  gtk_editable_set_text (self->resolution, "");
  gtk_editable_set_text (self->paragraph, "");
  update_targets (self);
}

/* A verdict button GTK made insensitive says why: the page disables
 * hit.review while nobody who may judge is signed in. */
static void
verdict_sensitive_cb (LdCaseHitRow *self,
                      GParamSpec   *pspec,
                      GtkWidget    *button)
{
  gtk_widget_set_tooltip_text (button, gtk_widget_get_sensitive (button)
                                       ? NULL : _("Sign in with a profile that may assess applications to record a "
                                                  "verdict."));
}

static void
ld_case_hit_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LdCaseHitRow *self = LD_CASE_HIT_ROW (object);

  switch (prop_id)
    {
    case PROP_HIT:
      g_value_set_object (value, self->hit);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_case_hit_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  LdCaseHitRow *self = LD_CASE_HIT_ROW (object);

  switch (prop_id)
    {
    case PROP_HIT:
      ld_case_hit_row_set_hit (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_case_hit_row_dispose (GObject *object)
{
  LdCaseHitRow *self = LD_CASE_HIT_ROW (object);

  g_clear_object (&self->hit);
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_CASE_HIT_ROW);
  G_OBJECT_CLASS (ld_case_hit_row_parent_class)->dispose (object);
}

static void
ld_case_hit_row_class_init (LdCaseHitRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ld_case_hit_row_get_property;
  object_class->set_property = ld_case_hit_row_set_property;
  object_class->dispose = ld_case_hit_row_dispose;
  properties[PROP_HIT] = g_param_spec_object ("hit", NULL, NULL, LD_TYPE_CASE_HIT,
                                              G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/licencedesk/LicenceDesk/ld-case-hit-row.ui");
  gtk_widget_class_bind_template_child (widget_class, LdCaseHitRow, summary);
  gtk_widget_class_bind_template_child (widget_class, LdCaseHitRow, verdict_box);
  gtk_widget_class_bind_template_child (widget_class, LdCaseHitRow, reason);
  gtk_widget_class_bind_template_child (widget_class, LdCaseHitRow, exemption_form);
  gtk_widget_class_bind_template_child (widget_class, LdCaseHitRow, resolution);
  gtk_widget_class_bind_template_child (widget_class, LdCaseHitRow, paragraph);
  gtk_widget_class_bind_template_child (widget_class, LdCaseHitRow, exemption_box);
  gtk_widget_class_bind_template_child (widget_class, LdCaseHitRow, exemption_label);
  gtk_widget_class_bind_template_child (widget_class, LdCaseHitRow, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, LdCaseHitRow, false_button);
  gtk_widget_class_bind_template_child (widget_class, LdCaseHitRow, true_button);
  gtk_widget_class_bind_template_child (widget_class, LdCaseHitRow, record_button);
  gtk_widget_class_bind_template_callback (widget_class, update_targets);
  gtk_widget_class_bind_template_callback (widget_class, verdict_sensitive_cb);
}

static void
ld_case_hit_row_init (LdCaseHitRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_targets (self);
  verdict_sensitive_cb (self, NULL, self->false_button);
  verdict_sensitive_cb (self, NULL, self->true_button);
}

/**
 * ld_case_hit_row_new_for:
 * @hit: (type LdCaseHit): the hit
 *
 * Returns: (transfer floating): its row; a GtkListBoxCreateWidgetFunc
 */
GtkWidget *
ld_case_hit_row_new_for (gpointer hit,
                         gpointer unused)
{
  return g_object_new (LD_TYPE_CASE_HIT_ROW, "hit", hit, NULL);
}

void
ld_case_hit_row_set_hit (LdCaseHitRow *self,
                         LdCaseHit    *hit)
{
  g_return_if_fail (LD_IS_CASE_HIT_ROW (self));
  g_return_if_fail (hit == NULL || LD_IS_CASE_HIT (hit));

  if (!g_set_object (&self->hit, hit))
    return;
  show_hit (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIT]);
}
