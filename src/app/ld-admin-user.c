/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-admin-user"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-admin.h"
#include "ld-user-repo.h"

static int
list_users (LdStore  *store,
            gboolean  as_json)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) users = ld_user_repo_list (store, &error);
  g_autoptr(JsonBuilder) b = json_builder_new ();

  if (users == NULL)
    return ld_admin_fail (error);

  json_builder_begin_array (b);
  for (guint i = 0; i < users->len; i++)
    {
      LdActor *user = g_ptr_array_index (users, i);

      if (!as_json)
        {
          g_print ("%-20s %-28s %s\n", user->login, ld_role_get_title (user->role), user->display_name);
          continue;
        }
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, user->user_id);
      json_builder_set_member_name (b, "login");
      json_builder_add_string_value (b, user->login);
      json_builder_set_member_name (b, "display_name");
      json_builder_add_string_value (b, user->display_name);
      json_builder_set_member_name (b, "role");
      json_builder_add_string_value (b, ld_role_to_string (user->role));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  if (as_json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (b);

      ld_admin_print_json (root);
    }
  return LD_ADMIN_EXIT_OK;
}

static int
add_user (LdStore    *store,
          const char *as_login,
          const char *login,
          const char *name,
          const char *role_name)
{
  GError *error = NULL;
  g_autoptr(LdActor) actor = NULL;
  g_autoptr(LdActor) user = NULL;
  LdRole role = role_name ? ld_role_from_string (role_name) : 0;
  gint64 n_users;

  if (login == NULL || name == NULL || role == 0)
    {
      g_printerr (_("licence-desk-admin user add: give --login, --name and --role "
                    "(clerk, officer, senior, issuance, auditor or admin).\n"));
      return LD_ADMIN_EXIT_USAGE;
    }
  n_users = ld_user_repo_count (store, &error);
  if (n_users < 0)
    return ld_admin_fail (error);
  /* A store without profiles gets its first one from nobody; after that someone acts. */
  if ((n_users > 0 || as_login) && !(actor = ld_admin_resolve_actor (store, as_login, &error)))
    return ld_admin_fail (error);
  if (!(user = ld_user_repo_add (store, actor, login, name, role, &error)))
    return ld_admin_fail (error);
  g_print (_("Added %s (%s) as %s.\n"), user->display_name, user->login, ld_role_get_title (user->role));
  return LD_ADMIN_EXIT_OK;
}

int
ld_admin_user_main (int    argc,
                    char **argv)
{
  g_autofree char *store_path = NULL;
  g_autofree char *as_login = NULL;
  g_autofree char *login = NULL;
  g_autofree char *name = NULL;
  g_autofree char *role = NULL;
  gboolean as_json = FALSE;
  gboolean create = FALSE;
  GOptionEntry entries[] = {
    { "store", 's', 0, G_OPTION_ARG_FILENAME, &store_path, N_("The store file (default: the desk's own)"), N_("PATH") },
    { "create", 0, 0, G_OPTION_ARG_NONE, &create, N_("add: make a new store when there is none at the path"), NULL },
    { "as", 0, 0, G_OPTION_ARG_STRING, &as_login, N_("Act as this administrator"), N_("LOGIN") },
    { "login", 0, 0, G_OPTION_ARG_STRING, &login, N_("add: the new profile's login"), N_("LOGIN") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("add: the person's full name"), N_("NAME") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, N_("add: clerk, officer, senior, issuance, auditor or admin"), N_("ROLE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("list: print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("list | add"));
  g_autoptr(LdStore) store = NULL;
  GError *error = NULL;

  g_option_context_set_summary (context, _("list: the desk's user profiles.\n"
                                           "add: a new profile; the first one of a store needs no administrator.\n"
                                           "A new store is made only with --create (user add --create)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ld_admin_parse (context, &argc, &argv))
    return LD_ADMIN_EXIT_USAGE;
  if (argc != 2 || (!g_str_equal (argv[1], "list") && !g_str_equal (argv[1], "add")))
    {
      g_printerr (_("licence-desk-admin user: say “list” or “add”; see --help.\n"));
      return LD_ADMIN_EXIT_USAGE;
    }
  if (create && !g_str_equal (argv[1], "add"))
    {
      g_printerr (_("licence-desk-admin user: --create goes with “add”: listing never makes a store.\n"));
      return LD_ADMIN_EXIT_USAGE;
    }
  if (!(store = ld_admin_open_store (store_path, create ? LD_STORE_OPEN_CREATE : LD_STORE_OPEN_DEFAULT, &error)))
    return ld_admin_fail (error);
  if (g_str_equal (argv[1], "list"))
    return list_users (store, as_json);
  return add_user (store, as_login, login, name, role);
}
