/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-sync-secret"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "ld-sync-secret.h"
#include "ld-sync-server.h"

/* A desk user's server password lives in the desktop keyring (Secret
 * Service), found by the server's address without secrets
 * (LOGIN@HOST:PORT/DATABASE): never in the store, a file, an argument or the
 * environment. */

static const SecretSchema *
server_login_schema (void)
{
  static const SecretSchema schema = {
    "org.licencedesk.LicenceDesk.ServerLogin", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

/**
 * ld_sync_secret_lookup:
 *
 * Returns: (transfer full) (nullable): the password kept for @uri's login, or
 *   %NULL (with @error unset) when the keyring has none
 */
char *
ld_sync_secret_lookup (const char  *uri,
                       GError     **error)
{
  g_autofree char *server = ld_sync_server_describe (uri);

  return secret_password_lookup_sync (server_login_schema (), NULL, error, "server", server, NULL);
}

gboolean
ld_sync_secret_store (const char  *uri,
                      const char  *password,
                      GError     **error)
{
  g_autofree char *server = ld_sync_server_describe (uri);
  g_autofree char *label = g_strdup_printf (_("Licence Desk central database login %s"), server);

  return secret_password_store_sync (server_login_schema (), SECRET_COLLECTION_DEFAULT, label, password, NULL,
                                     error, "server", server, NULL);
}
