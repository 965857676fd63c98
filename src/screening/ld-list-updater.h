/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ld-sanctions-list.h"

G_BEGIN_DECLS

/* The UN's published feed; an office may point the setting at a mirror. */
#define LD_LIST_UPDATER_DEFAULT_URL "https://scsanctions.un.org/resources/xml/en/consolidated.xml"

#define LD_LIST_UPDATER_ERROR (ld_list_updater_error_quark ())

typedef enum
{
  LD_LIST_UPDATER_ERROR_BAD_URL,
  LD_LIST_UPDATER_ERROR_NETWORK,
  LD_LIST_UPDATER_ERROR_TIMEOUT,
  LD_LIST_UPDATER_ERROR_HTTP,
  LD_LIST_UPDATER_ERROR_TOO_MANY_REDIRECTS,
  LD_LIST_UPDATER_ERROR_TOO_LARGE,
  LD_LIST_UPDATER_ERROR_INVALID,
  LD_LIST_UPDATER_ERROR_IO,
} LdListUpdaterError;

typedef enum
{
  LD_LIST_UPDATE_INSTALLED,     /* a new list was downloaded, validated and installed */
  LD_LIST_UPDATE_NOT_MODIFIED,  /* the server said 304: the installed list is current */
} LdListUpdateResult;

/* Called from the thread that runs the update, after each chunk; @total is -1 when unknown. */
typedef void (*LdListProgressFunc) (goffset  received,
                                    goffset  total,
                                    gpointer user_data);

#define LD_TYPE_LIST_UPDATER (ld_list_updater_get_type ())
G_DECLARE_FINAL_TYPE (LdListUpdater, ld_list_updater, LD, LIST_UPDATER, GObject)

GQuark            ld_list_updater_error_quark        (void);
LdListUpdater    *ld_list_updater_new                (const char          *list_dir);
char             *ld_list_updater_default_dir        (void);
char             *ld_list_updater_get_list_path      (LdListUpdater       *self);
void              ld_list_updater_set_timeout        (LdListUpdater       *self,
                                                      guint                seconds);
void              ld_list_updater_set_max_redirects  (LdListUpdater       *self,
                                                      guint                max_redirects);
void              ld_list_updater_set_progress_func  (LdListUpdater       *self,
                                                      LdListProgressFunc   func,
                                                      gpointer             user_data,
                                                      GDestroyNotify       destroy);
gboolean          ld_list_updater_update             (LdListUpdater       *self,
                                                      const char          *url,
                                                      LdListUpdateResult  *result,
                                                      GCancellable        *cancellable,
                                                      GError             **error);
void              ld_list_updater_update_async       (LdListUpdater       *self,
                                                      const char          *url,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean          ld_list_updater_update_finish      (LdListUpdater       *self,
                                                      GAsyncResult        *result,
                                                      LdListUpdateResult  *update_result,
                                                      GError             **error);
LdSanctionsList  *ld_list_updater_load_installed     (LdListUpdater       *self,
                                                      GError             **error);

G_END_DECLS
