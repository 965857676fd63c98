/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-admin-user"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-admin.h"
#include "ld-credential.h"
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
      /* null for a profile made before profiles named their person */
      json_builder_set_member_name (b, "person");
      if (user->person_id)
        json_builder_add_string_value (b, user->person_id);
      else
        json_builder_add_null_value (b);
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

/* The new credential for a profile: from --new-password-fd, or typed twice
 * on the terminal. */
static char *
read_new_credential (int          fd,
                     const char  *login,
                     GError     **error)
{
  g_autofree char *prompt = g_strdup_printf (_("New credential for %s: "), login);
  g_autofree char *again_prompt = g_strdup_printf (_("The same again: "));
  char *credential = ld_admin_read_secret (fd, "--new-password-fd", prompt, error);
  char *again;
  gboolean same;

  if (credential == NULL || fd >= 0)
    return credential;
  if (!(again = ld_admin_read_secret (-1, "--new-password-fd", again_prompt, error)))
    {
      ld_credential_free (credential);
      return NULL;
    }
  same = g_str_equal (credential, again);
  ld_credential_free (again);
  if (!same)
    {
      ld_credential_free (credential);
      g_set_error_literal (error, LD_CREDENTIAL_ERROR, LD_CREDENTIAL_ERROR_UNSUITABLE,
                           _("The two credentials typed differ; nothing was changed. Run the command again."));
      return NULL;
    }
  return credential;
}

typedef struct
{
  char     *store_path;
  char     *as_login;
  char     *login;
  char     *name;
  char     *role;
  char     *person;
  int       new_credential_fd;
  gboolean  as_json;
  gboolean  create;
} Options;

static int
add_user (LdStore       *store,
          const Options *o)
{
  GError *error = NULL;
  g_autoptr(LdActor) actor = NULL;
  g_autoptr(LdActor) user = NULL;
  LdRole role = o->role ? ld_role_from_string (o->role) : 0;
  LdNewProfile profile = { o->login, o->name, role, o->person, NULL };
  char *credential;
  gint64 n_users;

  if (o->login == NULL || o->name == NULL || role == 0 || o->person == NULL)
    {
      g_printerr (_("licence-desk-admin user add: give --login, --name, --person (the person's identity document "
                    "or staff number) and --role (clerk, officer, senior, issuance, auditor or admin).\n"));
      return LD_ADMIN_EXIT_USAGE;
    }
  n_users = ld_user_repo_count (store, &error);
  if (n_users < 0)
    return ld_admin_fail (error);
  /* A store without profiles gets its first one (its administrator) from
   * nobody; after that an administrator acts, with --as and credential. */
  if ((n_users > 0 || o->as_login) && !(actor = ld_admin_resolve_actor (store, o->as_login, &error)))
    return ld_admin_fail (error);
  if (!(credential = read_new_credential (o->new_credential_fd, o->login, &error)))
    return ld_admin_fail (error);
  profile.credential = credential;
  user = ld_user_repo_create (store, actor, &profile, &error);
  ld_credential_free (credential);
  if (user == NULL)
    return ld_admin_fail (error);
  g_print (_("Added %s (%s) as %s.\n"), user->display_name, user->login, ld_role_get_title (user->role));
  return LD_ADMIN_EXIT_OK;
}

/* An administrator gives a profile a new credential (it is never shown). In
 * a store from before credentials, where nobody has one, an administrator's
 * profile is given its first without --as. */
static int
reset_credential (LdStore       *store,
                  const Options *o,
                  const char    *login)
{
  GError *error = NULL;
  g_autoptr(LdActor) actor = NULL;
  char *credential;
  gboolean ok;

  if (o->as_login && !(actor = ld_admin_resolve_actor (store, o->as_login, &error)))
    return ld_admin_fail (error);
  if (!(credential = read_new_credential (o->new_credential_fd, login, &error)))
    return ld_admin_fail (error);
  ok = ld_user_repo_reset_credential (store, actor, login, credential, &error);
  ld_credential_free (credential);
  if (!ok)
    return ld_admin_fail (error);
  g_print (_("The credential of %s is reset; any lock is lifted.\n"), login);
  return LD_ADMIN_EXIT_OK;
}

static void
options_clear (Options *o)
{
  g_clear_pointer (&o->store_path, g_free);
  g_clear_pointer (&o->as_login, g_free);
  g_clear_pointer (&o->login, g_free);
  g_clear_pointer (&o->name, g_free);
  g_clear_pointer (&o->role, g_free);
  g_clear_pointer (&o->person, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

int
ld_admin_user_main (int    argc,
                    char **argv)
{
  g_auto(Options) o = { NULL, NULL, NULL, NULL, NULL, NULL, -1, FALSE, FALSE };
  GOptionEntry entries[] = {
    { "store", 's', 0, G_OPTION_ARG_FILENAME, &o.store_path, N_("The store file (default: the desk's own)"), N_("PATH") },
    { "create", 0, 0, G_OPTION_ARG_NONE, &o.create, N_("add: make a new store when there is none at the path"), NULL },
    { "as", 0, 0, G_OPTION_ARG_STRING, &o.as_login, N_("Act as this administrator (with its credential)"), N_("LOGIN") },
    { "login", 0, 0, G_OPTION_ARG_STRING, &o.login, N_("add: the new profile's login"), N_("LOGIN") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &o.name, N_("add: the person's full name"), N_("NAME") },
    { "person", 0, 0, G_OPTION_ARG_STRING, &o.person,
      N_("add: the person's identity document or staff number; one person holds one profile"), N_("ID") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &o.role, N_("add: clerk, officer, senior, issuance, auditor or admin"), N_("ROLE") },
    { "new-password-fd", 0, 0, G_OPTION_ARG_INT, &o.new_credential_fd,
      N_("add, reset-credential: read the new credential from file descriptor N (one trailing newline is "
         "dropped); without it, it is asked for twice on the terminal"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.as_json, N_("list: print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("list | add | reset-credential LOGIN"));
  g_autoptr(LdStore) store = NULL;
  GError *error = NULL;

  g_option_context_set_summary (context, _("list: the desk's user profiles.\n"
                                           "add: a new profile for a person, with its first credential; a new "
                                           "store's first profile is its administrator and needs no --as.\n"
                                           "reset-credential LOGIN: an administrator gives the profile a new "
                                           "credential and lifts its lock.\n"
                                           "A new store is made only with --create (user add --create)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ld_admin_parse (context, &argc, &argv))
    return LD_ADMIN_EXIT_USAGE;
  if (!((argc == 2 && (g_str_equal (argv[1], "list") || g_str_equal (argv[1], "add"))) ||
        (argc == 3 && g_str_equal (argv[1], "reset-credential"))))
    {
      g_printerr (_("licence-desk-admin user: say “list”, “add” or “reset-credential LOGIN”; see --help.\n"));
      return LD_ADMIN_EXIT_USAGE;
    }
  if (o.create && !g_str_equal (argv[1], "add"))
    {
      g_printerr (_("licence-desk-admin user: --create goes with “add”: listing never makes a store.\n"));
      return LD_ADMIN_EXIT_USAGE;
    }
  if (!(store = ld_admin_open_store (o.store_path, o.create ? LD_STORE_OPEN_CREATE : LD_STORE_OPEN_DEFAULT, &error)))
    return ld_admin_fail (error);
  if (g_str_equal (argv[1], "list"))
    return list_users (store, o.as_json);
  if (g_str_equal (argv[1], "reset-credential"))
    return reset_credential (store, &o, argv[2]);
  return add_user (store, &o);
}
