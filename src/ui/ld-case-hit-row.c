/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-case-hit-row"

#include "config.h"

#include "ld-case-hit-row.h"

/* One row of the case page's screening hits (ui/ld-case-hit-row.ui): the
 * hit in words; for an open hit the reason and the two verdicts; under a
 * confirmed embargo hit its exemption. Its buttons ask the page through the
 * page's actions (case.review-hit, case.write-exemption,
 * case.confirm-exemption), so the page alone decides what happens. What was
 * typed is cleared when the hit changes. */
struct _LdCaseHitRow
{
  GtkWidget    parent_instance;

  GtkLabel    *summary;
  GtkWidget   *verdict_box;
  GtkEditable *reason;
  GtkWidget   *exemption_form;
  GtkEditable *resolution;
  GtkEditable *paragraph;
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
}

static void
verdict (LdCaseHitRow *self,
         gboolean      true_match)
{
  if (self->hit != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "case.review-hit", "(sbs)", ld_case_hit_get_id (self->hit),
                                true_match, gtk_editable_get_text (self->reason));
}

static void
false_match_clicked_cb (LdCaseHitRow *self)
{
  verdict (self, FALSE);
}

static void
true_match_clicked_cb (LdCaseHitRow *self)
{
  verdict (self, TRUE);
}

static void
record_exemption_clicked_cb (LdCaseHitRow *self)
{
  if (self->hit != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "case.write-exemption", "(sss)",
                                ld_case_hit_get_embargo_id (self->hit), gtk_editable_get_text (self->resolution),
                                gtk_editable_get_text (self->paragraph));
}

static void
confirm_exemption_clicked_cb (LdCaseHitRow *self)
{
  if (self->hit != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "case.confirm-exemption", "s",
                                ld_case_hit_get_embargo_id (self->hit));
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
  gtk_widget_class_bind_template_callback (widget_class, false_match_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, true_match_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, record_exemption_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, confirm_exemption_clicked_cb);
}

static void
ld_case_hit_row_init (LdCaseHitRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
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

LdCaseHit *
ld_case_hit_row_get_hit (LdCaseHitRow *self)
{
  g_return_val_if_fail (LD_IS_CASE_HIT_ROW (self), NULL);
  return self->hit;
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
