/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "ld-audit-log.h"
#include "ld-test-desk.h"
#include "ld-user-repo.h"
#include "ld-test-util.h"

LdTestDesk *
ld_test_desk_new (const char *login,
                  const char *uri,
                  const char *password)
{
  LdTestDesk *desk = g_new0 (LdTestDesk, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *user_id = g_uuid_string_random ();

  desk->dir = g_dir_make_tmp ("ld-desk-XXXXXX", &error);
  g_assert_no_error (error);
  desk->path = g_build_filename (desk->dir, "store.sqlite", NULL);
  desk->login = g_strdup (login);
  desk->store = ld_store_open_full (desk->path, LD_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  desk->actor = ld_actor_new (user_id, login, login, LD_ROLE_SENIOR_OFFICER);
  if (uri)
    desk->engine = ld_sync_engine_new (desk->store, uri, password);
  return desk;
}

/* The desk's process stops and starts again: a new store handle and engine. */
void
ld_test_desk_reopen (LdTestDesk *desk,
                     const char *uri,
                     const char *password)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&desk->engine);
  g_clear_object (&desk->store);
  desk->store = ld_store_open_full (desk->path, LD_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  desk->engine = ld_sync_engine_new (desk->store, uri, password);
}

void
ld_test_desk_free (LdTestDesk *desk)
{
  g_clear_object (&desk->engine);
  g_clear_object (&desk->store);
  ld_actor_free (desk->actor);
  ld_test_remove_tree (desk->dir);
  g_free (desk->dir);
  g_free (desk->path);
  g_free (desk->login);
  g_free (desk);
}

/**
 * ld_test_desk_write:
 *
 * One local transaction with one change through ld_store_record_change().
 *
 * Returns: (transfer full): the change's mutation id
 */
char *
ld_test_desk_write (LdTestDesk *desk,
                    const char *entity,
                    const char *record_id,
                    const char *action,
                    const char *base_json,
                    const char *after_json)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ld_store_begin (desk->store, &error));
  g_assert_true (ld_store_record_change (desk->store, desk->actor, action, entity, record_id, 0, base_json,
                                         after_json, &error));
  g_assert_no_error (error);
  g_assert_true (ld_store_commit (desk->store, &error));
  return ld_test_desk_text (desk, "SELECT mutation_id FROM outbox ORDER BY seq DESC LIMIT 1");
}

static sqlite3_stmt *
prepare (LdTestDesk *desk,
         const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  g_assert_true (ld_store_begin_read (desk->store, &error));
  stmt = ld_store_prepare (desk->store, sql, &error);
  g_assert_no_error (error);
  return stmt;
}

/* @sql prepared with ?1, ?2 ... bound to the text values in @args, up to a NULL. */
static sqlite3_stmt *
prepare_with (LdTestDesk *desk,
              const char *sql,
              va_list     args)
{
  sqlite3_stmt *stmt = prepare (desk, sql);
  const char *value;
  int n = 0;

  while ((value = va_arg (args, const char *)) != NULL)
    g_assert_cmpint (sqlite3_bind_text (stmt, ++n, value, -1, SQLITE_TRANSIENT), ==, SQLITE_OK);
  return stmt;
}

gint64
ld_test_desk_count_with (LdTestDesk *desk,
                         const char *sql,
                         ...)
{
  sqlite3_stmt *stmt;
  va_list args;
  gint64 n;

  va_start (args, sql);
  stmt = prepare_with (desk, sql, args);
  va_end (args);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  ld_store_rollback (desk->store);
  return n;
}

char *
ld_test_desk_text_with (LdTestDesk *desk,
                        const char *sql,
                        ...)
{
  sqlite3_stmt *stmt;
  va_list args;
  char *text = NULL;

  va_start (args, sql);
  stmt = prepare_with (desk, sql, args);
  va_end (args);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = ld_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  ld_store_rollback (desk->store);
  return text;
}

gint64
ld_test_desk_count (LdTestDesk *desk,
                    const char *sql)
{
  return ld_test_desk_count_with (desk, sql, NULL);
}

char *
ld_test_desk_text (LdTestDesk *desk,
                   const char *sql)
{
  return ld_test_desk_text_with (desk, sql, NULL);
}

/* What the desk sees of a record: its own latest unsent change, else the
 * server's copy it pulled. */
char *
ld_test_desk_view (LdTestDesk *desk,
                   const char *entity,
                   const char *record_id)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  char *text = NULL;

  g_assert_true (ld_store_begin_read (desk->store, &error));
  /* the newest unsent one first */
  stmt = ld_store_prepare (desk->store,
    "SELECT v FROM (SELECT payload AS v, 0 AS k, seq FROM outbox WHERE entity = ?1 AND record_id = ?2"
    " AND pushed_at IS NULL UNION ALL SELECT fields, 1, 0 FROM sync_record WHERE entity = ?1 AND record_id = ?2)"
    " ORDER BY k, seq DESC LIMIT 1", &error);
  g_assert_no_error (error);
  ld_store_bind_text (stmt, 1, entity);
  ld_store_bind_text (stmt, 2, record_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = ld_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  ld_store_rollback (desk->store);
  return text;
}

LdSyncStats
ld_test_desk_sync (LdTestDesk *desk)
{
  LdSyncStats stats = { 0 };
  g_autoptr(GError) error = NULL;

  ld_sync_engine_sync (desk->engine, &stats, &error);
  g_assert_no_error (error);
  return stats;
}

/**
 * ld_test_desk_new_with_role:
 *
 * A desk on @server whose engine signs in as @login, the person at the desk
 * being a profile of that login with @role (no credential: the tests act
 * through the repositories).
 */
LdTestDesk *
ld_test_desk_new_with_role (LdTestPg   *server,
                            const char *login,
                            LdRole      role,
                            const char *password)
{
  g_autofree char *uri = ld_test_pg_uri (server, login, 0);
  LdTestDesk *desk = ld_test_desk_new (login, uri, password);
  g_autoptr(GError) error = NULL;

  ld_actor_free (desk->actor);
  desk->actor = ld_user_repo_add (desk->store, NULL, login, login, role, &error);
  g_assert_no_error (error);
  return desk;
}

/* Fails the test, naming every finding, unless the desk's audit log is
 * intact. */
void
ld_test_desk_assert_audit_verifies (LdTestDesk *desk)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdAuditReport) report = ld_audit_log_verify (desk->store, NULL, &error);

  g_assert_no_error (error);
  if (!report->intact)
    {
      for (guint i = 0; i < report->findings->len; i++)
        g_printerr ("finding: %s\n", ((LdAuditFinding *) report->findings->pdata[i])->reason);
      g_error ("the audit log of %s does not verify", desk->login);
    }
}
