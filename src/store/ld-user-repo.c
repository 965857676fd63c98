/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-user-repo"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ld-user-repo.h"
#include "ld-user-repo-private.h"
#include "ld-validate.h"

#define PROFILE_COLUMNS "id, login, display_name, role, person_id"

static LdActor *
actor_from_row (sqlite3_stmt *stmt)
{
  LdActor *actor = ld_actor_new ((const char *) sqlite3_column_text (stmt, 0),
                                 (const char *) sqlite3_column_text (stmt, 1),
                                 (const char *) sqlite3_column_text (stmt, 2),
                                 sqlite3_column_int (stmt, 3));

  actor->person_id = ld_store_column_dup (stmt, 4);
  return actor;
}

/**
 * ld_user_repo_list:
 *
 * Returns: (transfer full) (element-type LdActor): the profiles not voided, by login
 */
GPtrArray *
ld_user_repo_list (LdStore  *store,
                   GError  **error)
{
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_actor_free);
  sqlite3_stmt *stmt;
  int rc;

  if (!ld_store_begin_read (store, error))
    return NULL;
  stmt = ld_store_prepare (store, "SELECT " PROFILE_COLUMNS " FROM user_profile"
                                  " WHERE voided_at IS NULL ORDER BY login", error);
  while (stmt && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (users, actor_from_row (stmt));
  if (stmt)
    sqlite3_reset (stmt);
  ld_store_rollback (store);
  return stmt ? g_steal_pointer (&users) : NULL;
}

LdActor *
_ld_user_repo_find_locked (LdStore    *store,
                           const char *login)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT " PROFILE_COLUMNS " FROM user_profile"
                                                " WHERE login = ? AND voided_at IS NULL", NULL);
  LdActor *actor = NULL;

  if (stmt == NULL)
    return NULL;
  ld_store_bind_text (stmt, 1, login);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    actor = actor_from_row (stmt);
  sqlite3_reset (stmt);
  return actor;
}

/**
 * ld_user_repo_find:
 *
 * Returns: (transfer full) (nullable): the profile with @login, or %NULL with
 *   %LD_STORE_ERROR_NOT_FOUND.
 */
LdActor *
ld_user_repo_find (LdStore     *store,
                   const char  *login,
                   GError     **error)
{
  LdActor *actor = NULL;
  sqlite3_stmt *stmt;

  if (!ld_store_begin_read (store, error))
    return NULL;
  stmt = ld_store_prepare (store, "SELECT " PROFILE_COLUMNS " FROM user_profile"
                                  " WHERE login = ? AND voided_at IS NULL", error);
  if (stmt)
    {
      ld_store_bind_text (stmt, 1, login);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        actor = actor_from_row (stmt);
      else
        g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                     _("There is no user profile “%s” in %s."), login, ld_store_get_path (store));
      sqlite3_reset (stmt);
    }
  ld_store_rollback (store);
  return actor;
}

static gint64
count_administrators (LdStore  *store,
                      GError  **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT count(*) FROM user_profile"
                                                " WHERE voided_at IS NULL AND role = ?", error);
  gint64 n = -1;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int (stmt, 1, LD_ROLE_ADMINISTRATOR);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static gint64
count_users (LdStore  *store,
             GError  **error)
{
  gint64 n;

  return ld_store_query_int64 (store, "SELECT count(*) FROM user_profile WHERE voided_at IS NULL", &n, error) ? n : -1;
}

gint64
ld_user_repo_count (LdStore  *store,
                    GError  **error)
{
  gint64 n;

  if (!ld_store_begin_read (store, error))
    return -1;
  n = count_users (store, error);
  ld_store_rollback (store);
  return n;
}

static char *
user_to_json (const LdActor *user)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, user->user_id);
  json_builder_set_member_name (builder, "login");
  json_builder_add_string_value (builder, user->login);
  json_builder_set_member_name (builder, "display_name");
  json_builder_add_string_value (builder, user->display_name);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, ld_role_to_string (user->role));
  if (user->person_id)
    {
      json_builder_set_member_name (builder, "person_id");
      json_builder_add_string_value (builder, user->person_id);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
validate_login (const char  *login,
                GError     **error)
{
  if (!ld_validate_required (_("Login"), login, error))
    return FALSE;
  for (const char *p = login; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-' && *p != '_')
      {
        g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED,
                     _("Login “%s” may contain only letters, digits, dots, dashes and underscores."), login);
        return FALSE;
      }
  return TRUE;
}

static gboolean
insert_user (LdStore        *store,
             const LdActor  *user,
             const char     *now,
             GError        **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO user_profile (id, login, display_name, role, created_at, person_id) VALUES (?,?,?,?,?,?)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, user->user_id);
  ld_store_bind_text (stmt, 2, user->login);
  ld_store_bind_text (stmt, 3, user->display_name);
  sqlite3_bind_int (stmt, 4, user->role);
  ld_store_bind_text (stmt, 5, now);
  ld_store_bind_text (stmt, 6, user->person_id);
  if (!ld_store_step_done (store, stmt, error))
    {
      if (g_error_matches (*error, LD_STORE_ERROR, LD_STORE_ERROR_CONSTRAINT))
        {
          g_clear_error (error);
          g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_DUPLICATE,
                       _("A user profile with login “%s” already exists."), user->login);
        }
      return FALSE;
    }
  return TRUE;
}

/**
 * ld_user_repo_add:
 * @actor: (nullable): who adds the profile. Once a store has an
 *   administrator, only an administrator adds profiles. Before that (a desk
 *   working on its own, being set up) profiles may be added by the person
 *   they are for, and @actor may be %NULL.
 *
 * Adds a profile that names no person and has no credential, so nobody can
 * sign in with it until an administrator sets one: what in-process tests and
 * tools use. The window and licence-desk-admin use ld_user_repo_create().
 *
 * Returns: (transfer full) (nullable): the new profile
 */
LdActor *
ld_user_repo_add (LdStore        *store,
                  const LdActor  *actor,
                  const char     *login,
                  const char     *display_name,
                  LdRole          role,
                  GError        **error)
{
  g_autoptr(LdActor) user = NULL;
  g_autofree char *now = ld_store_now_utc ();
  g_autofree char *json = NULL;
  gint64 n_admins;

  if (!validate_login (login, error) ||
      !ld_validate_required (_("Name"), display_name, error))
    return NULL;
  if (!ld_role_is_valid (role))
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_UNKNOWN_CODE,
                   _("Role %d is not one of the office's roles."), role);
      return NULL;
    }

  if (!ld_store_begin (store, error))
    return NULL;
  n_admins = count_administrators (store, error);
  if (n_admins < 0 || (n_admins > 0 && !ld_actor_require (actor, LD_PERMISSION_MANAGE_USERS, error)))
    goto fail;

  {
    g_autofree char *id = g_uuid_string_random ();

    user = ld_actor_new (id, login, display_name, role);
  }
  json = user_to_json (user);

  /* Without an acting administrator the new profile vouches for itself. */
  if (!insert_user (store, user, now, error) ||
      !ld_store_record_change (store, actor ? actor : user, "create", "user_profile",
                               user->user_id, 0, NULL, json, error) ||
      !ld_store_commit (store, error))
    goto fail;
  return g_steal_pointer (&user);

fail:
  ld_store_rollback (store);
  return NULL;
}

/* One person holds one active profile: checked here to name the profile in
 * the message; the store's unique index holds it under any other path. */
static gboolean
check_person_free (LdStore     *store,
                   const char  *person_id,
                   GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT login FROM user_profile"
                                                " WHERE person_id = ? AND voided_at IS NULL", error);
  gboolean free = TRUE;

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, person_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_DUPLICATE,
                   _("The person with identity document or staff number %s already has the profile “%s”; "
                     "one person holds one profile. Use that profile, or void it first."),
                   person_id, (const char *) sqlite3_column_text (stmt, 0));
      free = FALSE;
    }
  sqlite3_reset (stmt);
  return free;
}

static gboolean
validate_new_profile (const LdNewProfile  *profile,
                      char               **out_person,
                      GError             **error)
{
  if (!validate_login (profile->login, error) ||
      !ld_validate_required (_("Name"), profile->display_name, error) ||
      !ld_validate_text (_("Name"), profile->display_name, LD_TEXT_NAME, error) ||
      !ld_validate_text (_("Identity document or staff number"), profile->person_id, LD_TEXT_NUMBER, error))
    return FALSE;
  if (!ld_role_is_valid (profile->role))
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_UNKNOWN_CODE,
                   _("Role %d is not one of the office's roles."), profile->role);
      return FALSE;
    }
  if (!(*out_person = ld_person_id_normalize (profile->person_id)))
    {
      g_set_error_literal (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_REQUIRED,
                           _("Say whose profile this is: give the person's identity document or staff number "
                             "(at least 3 letters or digits)."));
      return FALSE;
    }
  return ld_credential_check_new (profile->credential, error);
}

/* Who may add a profile: an administrator; in a store without profiles, the
 * new store's first administrator, who vouches for themselves. */
static gboolean
check_may_create (LdStore             *store,
                  const LdActor       *actor,
                  const LdNewProfile  *profile,
                  GError             **error)
{
  gint64 n_users = count_users (store, error);

  if (n_users < 0)
    return FALSE;
  if (n_users > 0)
    return ld_actor_require (actor, LD_PERMISSION_MANAGE_USERS, error);
  if (profile->role != LD_ROLE_ADMINISTRATOR)
    {
      g_set_error_literal (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_CONTRADICTORY,
                           _("A new store's first profile is its administrator, who then adds everyone else; "
                             "choose the Administrator role."));
      return FALSE;
    }
  return TRUE;
}

/**
 * ld_user_repo_create:
 * @actor: (nullable): the administrator who adds the profile; %NULL only for
 *   a new store's first profile, which must be an administrator's
 *
 * Adds a profile that names its person (one person, one active profile) and
 * has a credential. The credential is hashed (slowly: call this off the UI
 * thread) before the store is written, and never stored or audited itself.
 *
 * Returns: (transfer full) (nullable): the new profile
 */
LdActor *
ld_user_repo_create (LdStore             *store,
                     const LdActor       *actor,
                     const LdNewProfile  *profile,
                     GError             **error)
{
  g_autofree char *person = NULL;
  g_autofree LdCredentialHash *hash = g_new0 (LdCredentialHash, 1);
  g_autofree char *now = ld_store_now_utc ();
  g_autofree char *json = NULL;
  g_autoptr(LdActor) user = NULL;

  g_return_val_if_fail (profile != NULL, NULL);

  if (!validate_new_profile (profile, &person, error) ||
      !ld_credential_hash (profile->credential, hash, error))
    return NULL;
  {
    g_autofree char *id = g_uuid_string_random ();

    user = ld_actor_new (id, profile->login, profile->display_name, profile->role);
    user->person_id = g_steal_pointer (&person);
  }
  json = user_to_json (user);

  if (!ld_store_begin (store, error))
    return NULL;
  if (!check_may_create (store, actor, profile, error) ||
      !check_person_free (store, user->person_id, error) ||
      !insert_user (store, user, now, error) ||
      !ld_store_record_change (store, actor ? actor : user, "create", "user_profile",
                               user->user_id, 0, NULL, json, error) ||
      !_ld_user_credential_write (store, user->user_id, hash, actor ? actor->user_id : user->user_id, error) ||
      !ld_store_commit (store, error))
    {
      ld_store_rollback (store);
      return NULL;
    }
  return g_steal_pointer (&user);
}
