/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-user-credential"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ld-user-repo.h"
#include "ld-user-repo-private.h"

/* Signing in and resetting credentials. The Argon2id work (slow on purpose)
 * is done outside any store transaction, so a sign-in never holds the write
 * lock while it hashes. */

typedef struct
{
  LdActor          *actor;
  gboolean          has_credential;
  LdCredentialHash  hash;
  char             *locked_until;    /* (nullable) UTC, as ld_store_now_utc() */
} StoredProfile;

static void
stored_profile_clear (StoredProfile *p)
{
  g_clear_pointer (&p->actor, ld_actor_free);
  g_clear_pointer (&p->locked_until, g_free);
  explicit_bzero (&p->hash, sizeof p->hash);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StoredProfile, stored_profile_clear)

static void
copy_blob (sqlite3_stmt *stmt,
           int           column,
           guint8       *out,
           gsize         len)
{
  const void *blob = sqlite3_column_blob (stmt, column);

  /* A blob of the wrong size leaves zeros: it then matches no credential. */
  if (blob && (gsize) sqlite3_column_bytes (stmt, column) == len)
    memcpy (out, blob, len);
}

static gboolean
read_profile (LdStore        *store,
              const char     *login,
              StoredProfile  *out,
              GError        **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT p.id, p.login, p.display_name, p.role, p.person_id, c.user_id IS NOT NULL,"
    " c.kdf_version, c.memory_kib, c.iterations, c.parallelism, c.salt, c.hash, c.locked_until"
    " FROM user_profile p LEFT JOIN user_credential c ON c.user_id = p.id"
    " WHERE p.login = ? AND p.voided_at IS NULL", error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, login);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    {
      out->actor = ld_actor_new ((const char *) sqlite3_column_text (stmt, 0),
                                 (const char *) sqlite3_column_text (stmt, 1),
                                 (const char *) sqlite3_column_text (stmt, 2), sqlite3_column_int (stmt, 3));
      out->actor->person_id = ld_store_column_dup (stmt, 4);
      out->has_credential = sqlite3_column_int (stmt, 5);
      out->hash.kdf_version = sqlite3_column_int (stmt, 6);
      out->hash.memory_kib = sqlite3_column_int (stmt, 7);
      out->hash.iterations = sqlite3_column_int (stmt, 8);
      out->hash.parallelism = sqlite3_column_int (stmt, 9);
      copy_blob (stmt, 10, out->hash.salt, sizeof out->hash.salt);
      copy_blob (stmt, 11, out->hash.hash, sizeof out->hash.hash);
      out->locked_until = ld_store_column_dup (stmt, 12);
    }
  else
    g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                 _("There is no user profile “%s” in %s."), login, ld_store_get_path (store));
  sqlite3_reset (stmt);
  return found;
}

static gboolean
read_profile_now (LdStore        *store,
                  const char     *login,
                  StoredProfile  *out,
                  GError        **error)
{
  gboolean ok;

  if (!ld_store_begin_read (store, error))
    return FALSE;
  ok = read_profile (store, login, out, error);
  ld_store_rollback (store);
  return ok;
}

/* "16:42 on 2026-12-03", in the desk's own time zone. */
static char *
format_until (const char *utc)
{
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (utc, NULL);
  g_autoptr(GDateTime) local = at ? g_date_time_to_local (at) : NULL;

  return local ? g_date_time_format (local, _("%H:%M on %Y-%m-%d (%Z)")) : g_strdup (utc);
}

static void
set_locked_error (GError        **error,
                  const LdActor  *user,
                  const char     *locked_until)
{
  g_autofree char *until = format_until (locked_until);

  g_set_error (error, LD_CREDENTIAL_ERROR, LD_CREDENTIAL_ERROR_LOCKED,
               _("The profile “%s” (%s) is locked after %d wrong credentials in a row, until %s. Try again then, "
                 "or ask an administrator to reset its credential."),
               user->login, user->display_name, LD_USER_MAX_FAILED_ATTEMPTS, until);
}

static char *
credential_event_json (const char *login,
                       const char *member,
                       const char *value)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "login");
  json_builder_add_string_value (b, login);
  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, value);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* Counts one more wrong credential; the last one allowed locks the profile
 * (and is audited, as the profile's own act). Sets @out_locked_until then. */
static gboolean
count_failure (LdStore        *store,
               const LdActor  *user,
               char          **out_locked_until,
               GError        **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *json = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) until = g_date_time_add_minutes (now, LD_USER_LOCK_MINUTES);
  gint64 failed = 0;

  *out_locked_until = NULL;
  stmt = ld_store_prepare (store, "UPDATE user_credential SET failed_attempts = failed_attempts + 1"
                                  " WHERE user_id = ? RETURNING failed_attempts", error);
  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, user->user_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    failed = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (failed < LD_USER_MAX_FAILED_ATTEMPTS)
    return TRUE;

  *out_locked_until = g_date_time_format (until, "%Y-%m-%dT%H:%M:%S.%fZ");
  stmt = ld_store_prepare (store, "UPDATE user_credential SET failed_attempts = 0, locked_until = ?"
                                  " WHERE user_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, *out_locked_until);
  ld_store_bind_text (stmt, 2, user->user_id);
  json = credential_event_json (user->login, "locked_until", *out_locked_until);
  return ld_store_step_done (store, stmt, error) &&
         ld_store_record_change (store, user, "lock", "user_credential", user->user_id, 0, NULL, json, error);
}

static gboolean
record_failure (LdStore        *store,
                const LdActor  *user,
                GError        **error)
{
  g_autofree char *locked_until = NULL;

  if (!ld_store_begin (store, error))
    return FALSE;
  if (!count_failure (store, user, &locked_until, error) || !ld_store_commit (store, error))
    {
      ld_store_rollback (store);
      return FALSE;
    }
  if (locked_until)
    set_locked_error (error, user, locked_until);
  else
    g_set_error (error, LD_CREDENTIAL_ERROR, LD_CREDENTIAL_ERROR_WRONG,
                 _("That is not the credential of “%s” (%s). Type it again; after %d wrong ones in a row the "
                   "profile is locked for %d minutes."),
                 user->login, user->display_name, LD_USER_MAX_FAILED_ATTEMPTS, LD_USER_LOCK_MINUTES);
  return TRUE;
}

/* A good credential clears the count of wrong ones before it. */
static gboolean
record_success (LdStore        *store,
                const LdActor  *user,
                GError        **error)
{
  sqlite3_stmt *stmt;

  if (!ld_store_begin (store, error))
    return FALSE;
  stmt = ld_store_prepare (store, "UPDATE user_credential SET failed_attempts = 0, locked_until = NULL"
                                  " WHERE user_id = ? AND (failed_attempts > 0 OR locked_until IS NOT NULL)", error);
  if (stmt)
    ld_store_bind_text (stmt, 1, user->user_id);
  if (stmt == NULL || !ld_store_step_done (store, stmt, error) || !ld_store_commit (store, error))
    {
      ld_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_locked (const char *locked_until)
{
  g_autofree char *now = ld_store_now_utc ();

  /* Both are UTC in the same fixed-width form, so they compare as text. */
  return locked_until != NULL && g_strcmp0 (locked_until, now) > 0;
}

/**
 * ld_user_repo_sign_in:
 *
 * Checks @credential for the profile @login. An empty credential is refused
 * and changes nothing; a wrong one is counted, and after
 * %LD_USER_MAX_FAILED_ATTEMPTS in a row the profile is locked for
 * %LD_USER_LOCK_MINUTES (kept in the store, so restarting does not lift
 * it). Slow on purpose (Argon2id): call it off the UI thread.
 *
 * Returns: (transfer full) (nullable): the profile, signed in; %NULL with an
 *   %LD_CREDENTIAL_ERROR (or %LD_STORE_ERROR_NOT_FOUND) otherwise
 */
LdActor *
ld_user_repo_sign_in (LdStore     *store,
                      const char  *login,
                      const char  *credential,
                      GError     **error)
{
  g_auto(StoredProfile) p = { NULL, FALSE, { 0 }, NULL };
  g_autoptr(GError) mismatch = NULL;

  g_return_val_if_fail (login != NULL, NULL);

  if (credential == NULL || credential[0] == '\0')
    {
      g_set_error (error, LD_CREDENTIAL_ERROR, LD_CREDENTIAL_ERROR_EMPTY,
                   _("Type the credential of “%s” to sign in."), login);
      return NULL;
    }
  if (!read_profile_now (store, login, &p, error))
    return NULL;
  if (!p.has_credential)
    {
      g_set_error (error, LD_CREDENTIAL_ERROR, LD_CREDENTIAL_ERROR_NOT_SET,
                   _("The profile “%s” has no credential yet, so nobody can sign in with it. An administrator sets "
                     "one with “licence-desk-admin user reset-credential %s”."), login, login);
      return NULL;
    }
  if (is_locked (p.locked_until))
    {
      set_locked_error (error, p.actor, p.locked_until);
      return NULL;
    }
  if (ld_credential_matches (&p.hash, credential, &mismatch))
    return record_success (store, p.actor, error) ? g_steal_pointer (&p.actor) : NULL;
  if (!g_error_matches (mismatch, LD_CREDENTIAL_ERROR, LD_CREDENTIAL_ERROR_WRONG))
    {
      g_propagate_error (error, g_steal_pointer (&mismatch));
      return NULL;
    }
  record_failure (store, p.actor, error);
  return NULL;
}

/**
 * _ld_user_credential_write:
 *
 * Stores @hash as the credential of @user_id, clearing any count of wrong
 * credentials and any lock. Call inside a write transaction.
 */
gboolean
_ld_user_credential_write (LdStore                 *store,
                           const char              *user_id,
                           const LdCredentialHash  *hash,
                           const char              *set_by,
                           GError                 **error)
{
  g_autofree char *now = ld_store_now_utc ();
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO user_credential (user_id, algorithm, kdf_version, memory_kib, iterations, parallelism,"
    " salt, hash, set_at, set_by, failed_attempts, locked_until) VALUES (?, 'argon2id', ?,?,?,?,?,?,?,?, 0, NULL)"
    " ON CONFLICT (user_id) DO UPDATE SET algorithm = excluded.algorithm, kdf_version = excluded.kdf_version,"
    " memory_kib = excluded.memory_kib, iterations = excluded.iterations, parallelism = excluded.parallelism,"
    " salt = excluded.salt, hash = excluded.hash, set_at = excluded.set_at, set_by = excluded.set_by,"
    " failed_attempts = 0, locked_until = NULL", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, user_id);
  sqlite3_bind_int64 (stmt, 2, hash->kdf_version);
  sqlite3_bind_int64 (stmt, 3, hash->memory_kib);
  sqlite3_bind_int64 (stmt, 4, hash->iterations);
  sqlite3_bind_int64 (stmt, 5, hash->parallelism);
  sqlite3_bind_blob (stmt, 6, hash->salt, sizeof hash->salt, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 7, hash->hash, sizeof hash->hash, SQLITE_TRANSIENT);
  ld_store_bind_text (stmt, 8, now);
  ld_store_bind_text (stmt, 9, set_by);
  return ld_store_step_done (store, stmt, error);
}

/* Without an acting administrator, a credential may be set only to bring a
 * store from before credentials into use: no profile has one yet, and the
 * profile is an administrator's (as a new store's first administrator). */
static gboolean
check_may_reset (LdStore        *store,
                 const LdActor  *actor,
                 const LdActor  *user,
                 GError        **error)
{
  gint64 n_credentials;

  if (actor != NULL)
    return ld_actor_require (actor, LD_PERMISSION_MANAGE_USERS, error);
  if (!ld_store_query_int64 (store, "SELECT count(*) FROM user_credential", &n_credentials, error))
    return FALSE;
  if (n_credentials == 0 && user->role == LD_ROLE_ADMINISTRATOR)
    return TRUE;
  g_set_error_literal (error, LD_PERMISSION_ERROR, LD_PERMISSION_ERROR_DENIED,
                       _("Only an administrator, signed in with their own credential, may reset a credential."));
  return FALSE;
}

/**
 * ld_user_repo_reset_credential:
 * @actor: (nullable): the administrator who resets it; %NULL only in a store
 *   where no profile has a credential yet, for an administrator's profile
 *
 * Gives the profile @login the new @credential and lifts any lock. The audit
 * log records that it was reset and by whom; the credential and its hash are
 * never written there. Slow on purpose (Argon2id): call it off the UI thread.
 */
gboolean
ld_user_repo_reset_credential (LdStore        *store,
                               const LdActor  *actor,
                               const char     *login,
                               const char     *credential,
                               GError        **error)
{
  g_autofree LdCredentialHash *hash = g_new0 (LdCredentialHash, 1);
  g_auto(StoredProfile) p = { NULL, FALSE, { 0 }, NULL };
  g_autofree char *json = NULL;

  g_return_val_if_fail (login != NULL, FALSE);

  if (!ld_credential_check_new (credential, error) || !ld_credential_hash (credential, hash, error))
    return FALSE;
  if (!ld_store_begin (store, error))
    return FALSE;
  if (!read_profile (store, login, &p, error) || !check_may_reset (store, actor, p.actor, error))
    goto fail;
  json = credential_event_json (login, "set_by", actor ? actor->login : login);
  if (!_ld_user_credential_write (store, p.actor->user_id, hash, actor ? actor->user_id : p.actor->user_id, error) ||
      /* A reset changes the profile's audited state (its credential). */
      !ld_store_record_change (store, actor ? actor : p.actor, "reset-credential", "user_profile",
                               p.actor->user_id, 0, NULL, json, error) ||
      !ld_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  ld_store_rollback (store);
  return FALSE;
}
