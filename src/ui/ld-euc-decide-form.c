/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-euc-decide-form"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-euc-decide-form.h"

/* The decision on a pending re-export consent request
 * (ui/ld-euc-decide-form.ui): the request's number, the reason, and above
 * the buttons what the decision gate still waits for, in the gate's own
 * sentences, so the officer sees it before trying. The window finds the
 * fields by their names and runs euc.consent-grant and euc.consent-refuse. */

struct _LdEucDecideForm
{
  AdwPreferencesGroup  parent_instance;

  GtkWidget           *consent_request;
};

G_DEFINE_FINAL_TYPE (LdEucDecideForm, ld_euc_decide_form, ADW_TYPE_PREFERENCES_GROUP)

static void
add_unmet (LdEucDecideForm *self,
           const char      *heading,
           GPtrArray       *unmet)
{
  for (guint i = 0; unmet && i < unmet->len; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), heading);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), g_ptr_array_index (unmet, i));
      gtk_widget_add_css_class (icon, "warning");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
    }
}

static void
ld_euc_decide_form_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_EUC_DECIDE_FORM);
  G_OBJECT_CLASS (ld_euc_decide_form_parent_class)->dispose (object);
}

static void
ld_euc_decide_form_class_init (LdEucDecideFormClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ld_euc_decide_form_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ld-euc-decide-form.ui");
  gtk_widget_class_bind_template_child (widget_class, LdEucDecideForm, consent_request);
}

static void
ld_euc_decide_form_init (LdEucDecideForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_euc_decide_form_new:
 * @seq: the pending request's number within the certificate
 * @unmet_grant: (nullable) (element-type utf8): what the gate waits for before a grant
 * @unmet_refusal: (nullable) (element-type utf8): and before a refusal
 */
GtkWidget *
ld_euc_decide_form_new (gint64     seq,
                        GPtrArray *unmet_grant,
                        GPtrArray *unmet_refusal)
{
  LdEucDecideForm *self = g_object_new (LD_TYPE_EUC_DECIDE_FORM, NULL);
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, seq);

  gtk_editable_set_text (GTK_EDITABLE (self->consent_request), number);
  add_unmet (self, _("Before a grant"), unmet_grant);
  add_unmet (self, _("Before a refusal"), unmet_refusal);
  return GTK_WIDGET (self);
}
