/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

#define LD_SYNC_ERROR (ld_sync_error_quark ())

typedef enum
{
  LD_SYNC_ERROR_BAD_ADDRESS,
  LD_SYNC_ERROR_UNREACHABLE,
  LD_SYNC_ERROR_LOGIN_REFUSED,
  LD_SYNC_ERROR_NO_SCHEMA,
  LD_SYNC_ERROR_SCHEMA_OLDER,
  LD_SYNC_ERROR_SCHEMA_NEWER,
  LD_SYNC_ERROR_NOT_ALLOWED,
  LD_SYNC_ERROR_SERVER,
  LD_SYNC_ERROR_INTERRUPTED,
  LD_SYNC_ERROR_STORE,
  LD_SYNC_ERROR_CERTIFICATE,
} LdSyncError;

GQuark    ld_sync_error_quark                (void);

int       ld_sync_server_supported_version   (void);
char     *ld_sync_server_describe            (const char  *uri);
char     *ld_sync_server_login               (const char  *uri);
char     *ld_sync_server_build_uri           (const char  *host,
                                              guint        port,
                                              const char  *database,
                                              const char  *login,
                                              const char  *tls_mode,
                                              const char  *ca_file,
                                              GError     **error);
PGconn   *ld_sync_server_connect             (const char  *uri,
                                              const char  *password,
                                              GError     **error);
gboolean  ld_sync_server_check_schema        (PGconn      *conn,
                                              GError     **error);
gboolean  ld_sync_server_install             (const char  *uri,
                                              const char  *password,
                                              int         *out_from_version,
                                              int         *out_to_version,
                                              GError     **error);
void      ld_sync_server_set_error           (GError     **error,
                                              PGconn      *conn,
                                              PGresult    *result,
                                              const char  *doing);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

G_END_DECLS
