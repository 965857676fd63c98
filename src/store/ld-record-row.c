/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-record-row"

#include "config.h"

#include "ld-record-row.h"

/* One row of a register list. It exists before its data does: the list shows a
 * placeholder at once and fills in when its page arrives from the store. */
struct _LdRecordRow
{
  GObject   parent_instance;
  gint64    rowid;
  char    **values;
  guint     n_values;
  gboolean  loaded;
};

G_DEFINE_FINAL_TYPE (LdRecordRow, ld_record_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ld_record_row_finalize (GObject *object)
{
  LdRecordRow *self = LD_RECORD_ROW (object);

  g_strfreev (self->values);
  G_OBJECT_CLASS (ld_record_row_parent_class)->finalize (object);
}

static void
ld_record_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LdRecordRow *self = LD_RECORD_ROW (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ld_record_row_class_init (LdRecordRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ld_record_row_finalize;
  object_class->get_property = ld_record_row_get_property;

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ld_record_row_init (LdRecordRow *self)
{
}

LdRecordRow *
ld_record_row_new (guint n_values)
{
  LdRecordRow *self = g_object_new (LD_TYPE_RECORD_ROW, NULL);

  self->n_values = n_values;
  return self;
}

gint64
ld_record_row_get_rowid (LdRecordRow *self)
{
  g_return_val_if_fail (LD_IS_RECORD_ROW (self), 0);

  return self->rowid;
}

gboolean
ld_record_row_get_loaded (LdRecordRow *self)
{
  g_return_val_if_fail (LD_IS_RECORD_ROW (self), FALSE);

  return self->loaded;
}

/**
 * ld_record_row_get_value:
 *
 * Returns: (nullable): the text of @column, or %NULL while the row is loading
 *   or when the value is empty
 */
const char *
ld_record_row_get_value (LdRecordRow *self,
                         guint        column)
{
  g_return_val_if_fail (LD_IS_RECORD_ROW (self), NULL);

  if (!self->loaded || column >= self->n_values)
    return NULL;
  return self->values[column];
}

/**
 * ld_record_row_fill:
 * @values: (transfer full): the column texts
 */
void
ld_record_row_fill (LdRecordRow  *self,
                    gint64        rowid,
                    char        **values)
{
  g_return_if_fail (LD_IS_RECORD_ROW (self));

  g_strfreev (self->values);
  self->values = values;
  self->rowid = rowid;
  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
}
