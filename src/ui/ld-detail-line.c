/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-detail-line"

#include "config.h"

#include "ld-detail-line.h"

/* One line of a record's details as a list model item: a title, a subtitle
 * under it and a third text (the newer value when two versions are compared).
 * LdDetailRow shows it; a row hides the texts that are empty. */
struct _LdDetailLine
{
  GObject  parent_instance;
  char    *title;
  char    *subtitle;
  char    *extra;
  GVariant *target;
};

G_DEFINE_FINAL_TYPE (LdDetailLine, ld_detail_line, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_EXTRA,
  PROP_TARGET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ld_detail_line_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LdDetailLine *self = LD_DETAIL_LINE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    case PROP_EXTRA:
      g_value_set_string (value, self->extra);
      break;
    case PROP_TARGET:
      g_value_set_variant (value, self->target);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_detail_line_finalize (GObject *object)
{
  LdDetailLine *self = LD_DETAIL_LINE (object);

  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->extra);
  g_clear_pointer (&self->target, g_variant_unref);
  G_OBJECT_CLASS (ld_detail_line_parent_class)->finalize (object);
}

static void
ld_detail_line_class_init (LdDetailLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ld_detail_line_get_property;
  object_class->finalize = ld_detail_line_finalize;
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTITLE] = g_param_spec_string ("subtitle", NULL, NULL, NULL,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXTRA] = g_param_spec_string ("extra", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* What a button on the line hands to its action, e.g. a document's id. */
  properties[PROP_TARGET] = g_param_spec_variant ("target", NULL, NULL, G_VARIANT_TYPE_ANY, NULL,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_detail_line_init (LdDetailLine *self)
{
}

/**
 * ld_detail_line_new:
 * @title: the line's main text
 * @subtitle: (nullable): what is said under it
 * @extra: (nullable): a third text, such as the newer of two values
 *
 * Returns: (transfer full): a line; it does not change once made
 */
LdDetailLine *
ld_detail_line_new (const char *title,
                    const char *subtitle,
                    const char *extra)
{
  LdDetailLine *self = g_object_new (LD_TYPE_DETAIL_LINE, NULL);

  self->title = g_strdup (title ? title : "");
  self->subtitle = g_strdup (subtitle);
  self->extra = g_strdup (extra);
  return self;
}

/**
 * ld_detail_line_set_target:
 * @target: (transfer floating): what a button on the line hands to its action
 *
 * Set once, before the line is shown.
 */
void
ld_detail_line_set_target (LdDetailLine *self,
                           GVariant     *target)
{
  g_return_if_fail (LD_IS_DETAIL_LINE (self));
  g_clear_pointer (&self->target, g_variant_unref);
  self->target = target ? g_variant_ref_sink (target) : NULL;
}

const char *
ld_detail_line_get_title (LdDetailLine *self)
{
  g_return_val_if_fail (LD_IS_DETAIL_LINE (self), NULL);
  return self->title;
}

const char *
ld_detail_line_get_subtitle (LdDetailLine *self)
{
  g_return_val_if_fail (LD_IS_DETAIL_LINE (self), NULL);
  return self->subtitle;
}

const char *
ld_detail_line_get_extra (LdDetailLine *self)
{
  g_return_val_if_fail (LD_IS_DETAIL_LINE (self), NULL);
  return self->extra;
}
