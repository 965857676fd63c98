/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ld-store.h"

G_BEGIN_DECLS

/* What became of one row of a broker CSV import. */
typedef struct
{
  guint  row;       /* 1 for the first row after the header */
  guint  line;      /* the file's line, for the person fixing it */
  char  *id;        /* (nullable) the draft saved */
  char  *message;   /* (nullable) why the row was rejected */
} LdBrokerImportRow;

void                ld_broker_import_row_free       (LdBrokerImportRow    *row);
const char * const *ld_broker_csv_columns           (guint                *n);
const char * const *ld_broker_csv_export_columns    (guint                *n);
GPtrArray          *ld_broker_import_csv            (LdStore              *store,
                                                     const LdActor        *actor,
                                                     const char           *data,
                                                     gsize                 length,
                                                     const char           *file_name,
                                                     gboolean              allow_duplicate,
                                                     GError              **error);
void                ld_broker_import_csv_async      (LdStore              *store,
                                                     const LdActor        *actor,
                                                     GFile                *file,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GPtrArray          *ld_broker_import_csv_finish     (GAsyncResult         *result,
                                                     GError              **error);

G_END_DECLS
