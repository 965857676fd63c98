/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-euc-consent-form"

#include "config.h"

#include "ld-euc-consent-form.h"

/* A request to re-export what an end-use certificate covers, typed as it
 * arrives (ui/ld-euc-consent-form.ui). The window finds the fields by their
 * names, shows what is wrong under each and runs euc.consent-request. */

struct _LdEucConsentForm
{
  AdwPreferencesGroup  parent_instance;

  GtkWidget           *consent_received_on;
};

G_DEFINE_FINAL_TYPE (LdEucConsentForm, ld_euc_consent_form, ADW_TYPE_PREFERENCES_GROUP)

static void
ld_euc_consent_form_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_EUC_CONSENT_FORM);
  G_OBJECT_CLASS (ld_euc_consent_form_parent_class)->dispose (object);
}

static void
ld_euc_consent_form_class_init (LdEucConsentFormClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ld_euc_consent_form_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ld-euc-consent-form.ui");
  gtk_widget_class_bind_template_child (widget_class, LdEucConsentForm, consent_received_on);
}

static void
ld_euc_consent_form_init (LdEucConsentForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_euc_consent_form_new:
 * @received_on: the day to start the form with, usually today
 */
GtkWidget *
ld_euc_consent_form_new (const char *received_on)
{
  LdEucConsentForm *self = g_object_new (LD_TYPE_EUC_CONSENT_FORM, NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->consent_received_on), received_on ? received_on : "");
  return GTK_WIDGET (self);
}
