/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ld-validate.h"

G_BEGIN_DECLS

/* What a field checks beyond its text kind, with the core's validator. */
typedef enum
{
  LD_FIELD_CHECK_NONE,
  LD_FIELD_CHECK_DATE,
  LD_FIELD_CHECK_COUNTRY,
  LD_FIELD_CHECK_QUANTITY,
  LD_FIELD_CHECK_VALUE,
  LD_FIELD_CHECK_CURRENCY,
  LD_FIELD_CHECK_YEAR,
} LdFieldCheck;

#define LD_TYPE_FIELD_CHECK (ld_field_check_get_type ())
#define LD_TYPE_TEXT_KIND (ld_text_kind_get_type ())
GType ld_field_check_get_type (void);
GType ld_text_kind_get_type (void);

#define LD_TYPE_FORM_FIELD (ld_form_field_get_type ())
G_DECLARE_FINAL_TYPE (LdFormField, ld_form_field, LD, FORM_FIELD, GtkWidget)

char        *ld_form_field_get_text         (LdFormField *self);
void         ld_form_field_set_text         (LdFormField *self,
                                             const char  *text);
GtkEditable *ld_form_field_get_editable     (LdFormField *self);
GtkWidget   *ld_form_field_get_input        (LdFormField *self);
void         ld_form_field_set_message_name (LdFormField *self,
                                             const char  *name);
const char  *ld_form_field_get_message_name (LdFormField *self);
gboolean     ld_form_field_validate         (LdFormField *self);
void         ld_form_field_set_error        (LdFormField *self,
                                             const char  *message);
const char  *ld_form_field_get_error        (LdFormField *self);
int          ld_form_field_get_year         (LdFormField *self);

G_END_DECLS
