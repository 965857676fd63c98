/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-euc-screening-group"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-euc-screening-group.h"

/* A pending re-export consent request's screening on the certificate's page
 * (ui/ld-euc-screening-group.ui), judged hit by hit as a case's is. The
 * window adds the hit rows and finds the reason's field by its name. */

struct _LdEucScreeningGroup
{
  AdwPreferencesGroup  parent_instance;

  gint64               seq;
  gboolean             screened;
  GtkWidget           *reason;
  GtkWidget           *reason_message;
  GtkWidget           *screen_button;
};

G_DEFINE_FINAL_TYPE (LdEucScreeningGroup, ld_euc_screening_group, ADW_TYPE_PREFERENCES_GROUP)

static void
ld_euc_screening_group_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_EUC_SCREENING_GROUP);
  G_OBJECT_CLASS (ld_euc_screening_group_parent_class)->dispose (object);
}

static void
ld_euc_screening_group_class_init (LdEucScreeningGroupClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ld_euc_screening_group_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/licencedesk/LicenceDesk/ld-euc-screening-group.ui");
  gtk_widget_class_bind_template_child (widget_class, LdEucScreeningGroup, reason);
  gtk_widget_class_bind_template_child (widget_class, LdEucScreeningGroup, reason_message);
  gtk_widget_class_bind_template_child (widget_class, LdEucScreeningGroup, screen_button);
}

static void
ld_euc_screening_group_init (LdEucScreeningGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_euc_screening_group_new:
 * @seq: the request's number on its certificate
 * @screened: (nullable): what its screening found, or %NULL before it is screened
 *
 * Returns: (transfer floating): the request's screening group
 */
GtkWidget *
ld_euc_screening_group_new (gint64      seq,
                              const char *screened)
{
  LdEucScreeningGroup *self = g_object_new (LD_TYPE_EUC_SCREENING_GROUP, NULL);
  g_autofree char *title = g_strdup_printf (_("Screening of Request %" G_GINT64_FORMAT), seq);

  self->seq = seq;
  self->screened = screened != NULL;
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self), screened
    ? screened
    : _("Not screened yet: the request cannot be decided until the new end user, whoever asks and the route are "
        "screened."));
  return GTK_WIDGET (self);
}

/* An open hit waits for a verdict, given with its reason in the field named
 * @key (its message label is "@key-message"). */
void
ld_euc_screening_group_ask_reason (LdEucScreeningGroup *self,
                                     const char            *key)
{
  g_autofree char *message = g_strconcat (key, "-message", NULL);

  g_return_if_fail (LD_IS_EUC_SCREENING_GROUP (self));
  gtk_widget_set_name (self->reason, key);
  gtk_widget_set_name (self->reason_message, message);
  gtk_widget_set_visible (self->reason, TRUE);
}

/* For a profile that may screen: screen the request, or again. */
void
ld_euc_screening_group_offer_screen (LdEucScreeningGroup *self)
{
  g_return_if_fail (LD_IS_EUC_SCREENING_GROUP (self));
  gtk_button_set_label (GTK_BUTTON (self->screen_button), self->screened ? _("Screen _Again")
                                                                         : _("_Screen Request"));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->screen_button), "x", self->seq);
  gtk_widget_set_visible (self->screen_button, TRUE);
}
