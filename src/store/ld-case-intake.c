/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-case-intake"

#include "config.h"

#include <sqlite3.h>

#include "ld-broker.h"
#include "ld-broker-repo-private.h"
#include "ld-case-intake.h"

/* What the case form asks of the store while an officer records a new case:
 * the parties used on earlier cases, the brokers in the register, and the
 * write itself. Each is one _async/_finish pair running in a worker thread,
 * so the window never waits on the disk. */

typedef struct
{
  char    *text;
  guint    limit;
  LdActor *actor;
  LdCase  *data;
} Request;

static void
request_free (Request *r)
{
  g_free (r->text);
  g_clear_pointer (&r->actor, ld_actor_free);
  g_clear_pointer (&r->data, ld_case_free);
  g_free (r);
}

void
ld_broker_candidate_free (LdBrokerCandidate *c)
{
  if (c == NULL)
    return;
  g_free (c->id);
  g_free (c->name);
  g_free (c->country);
  g_free (c->registration_number);
  g_free (c->status);
  g_free (c->authorisation);
  g_free (c);
}

static LdBrokerCandidate *
candidate_from_row (sqlite3_stmt *stmt)
{
  LdBrokerCandidate *c = g_new0 (LdBrokerCandidate, 1);
  g_autofree char *status = ld_store_column_dup (stmt, 4);
  LdBrokerStatus s;

  c->id = ld_store_column_dup (stmt, 0);
  c->name = ld_store_column_dup (stmt, 1);
  c->country = ld_store_column_dup (stmt, 2);
  c->registration_number = ld_store_column_dup (stmt, 3);
  c->status = g_strdup (status && ld_broker_status_from_string (status, &s) ? ld_broker_status_get_title (s) : status);
  c->authorisation = ld_store_column_dup (stmt, 5);
  return c;
}

/**
 * ld_case_intake_broker_candidates:
 * @text: the start of the broker's name or registration number
 *
 * Brokers with a registration number whose name or number starts with @text
 * (case-insensitive), by name, each with its newest authorisation in force
 * today that no application has taken yet. Whether the broker may broker
 * this deal is checked again at the decision, as always.
 *
 * Returns: (transfer full) (element-type LdBrokerCandidate): at most @limit
 */
GPtrArray *
ld_case_intake_broker_candidates (LdStore     *store,
                                  const char  *text,
                                  guint        limit,
                                  GError     **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_broker_candidate_free);
  g_autofree char *today = _ld_broker_repo_today_utc ();
  g_autofree char *pattern = NULL;
  g_autoptr(GString) escaped = g_string_new (NULL);
  sqlite3_stmt *stmt;

  /* The typed text is a prefix, never a pattern of its own. */
  for (const char *p = text ? text : ""; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (escaped, '\\');
      g_string_append_c (escaped, *p);
    }
  pattern = g_strconcat (escaped->str, "%", NULL);
  if (!ld_store_begin_read (store, error))
    return NULL;
  stmt = ld_store_prepare (store,
    "SELECT b.id, b.legal_name, b.country, b.registration_number, b.status,"
    "  (SELECT a.number FROM broker_authorisation a WHERE a.broker_id = b.id AND a.voided_at IS NULL"
    "     AND a.number IS NOT NULL"
    "     AND a.application_ref IS NULL AND a.valid_from <= ?2 AND a.valid_until >= ?2"
    "     ORDER BY a.granted_at DESC LIMIT 1)"
    " FROM broker b WHERE b.voided_at IS NULL AND b.registration_number IS NOT NULL"
    "  AND (b.legal_name LIKE ?1 ESCAPE '\\' OR b.registration_number LIKE ?1 ESCAPE '\\')"
    " ORDER BY b.legal_name LIMIT ?3", error);
  if (stmt)
    {
      ld_store_bind_text (stmt, 1, pattern);
      ld_store_bind_text (stmt, 2, today);
      sqlite3_bind_int (stmt, 3, limit);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (found, candidate_from_row (stmt));
      sqlite3_reset (stmt);
    }
  ld_store_rollback (store);
  return stmt ? g_steal_pointer (&found) : NULL;
}

static void
return_array (GTask     *task,
              GPtrArray *array,
              GError    *error)
{
  if (array == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, array, (GDestroyNotify) g_ptr_array_unref);
}

static GTask *
task_new (LdStore             *store,
          Request             *request,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          gpointer             tag)
{
  GTask *task = g_task_new (store, cancellable, callback, user_data);

  g_task_set_source_tag (task, tag);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  return task;
}

static void
create_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Request *r = task_data;
  GError *error = NULL;
  LdCaseRecord *record = ld_case_repo_create (LD_STORE (source), r->actor, r->data, &error);

  if (record == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, record, (GDestroyNotify) ld_case_record_free);
}

/**
 * ld_case_intake_create_async:
 * @data: (transfer full): the new case
 *
 * Records a new case as a draft (ld_case_repo_create()) in a worker thread.
 */
void
ld_case_intake_create_async (LdStore             *store,
                             const LdActor       *actor,
                             LdCase              *data,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  Request *r = g_new0 (Request, 1);
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LD_IS_STORE (store) && data != NULL);

  r->actor = actor ? ld_actor_copy (actor) : NULL;
  r->data = data;
  task = task_new (store, r, cancellable, callback, user_data, ld_case_intake_create_async);
  g_task_run_in_thread (task, create_thread);
}

/**
 * ld_case_intake_create_finish:
 *
 * Returns: (transfer full) (nullable): the case as stored
 */
LdCaseRecord *
ld_case_intake_create_finish (LdStore       *store,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
known_parties_thread (GTask        *task,
                      gpointer      source,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  Request *r = task_data;
  GError *error = NULL;

  return_array (task, ld_case_repo_known_parties (LD_STORE (source), r->text, r->limit, &error), error);
}

/* Parties of earlier cases whose name starts with @name_prefix. */
void
ld_case_intake_known_parties_async (LdStore             *store,
                                    const char          *name_prefix,
                                    guint                limit,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  Request *r = g_new0 (Request, 1);
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LD_IS_STORE (store));

  r->text = g_strdup (name_prefix ? name_prefix : "");
  r->limit = limit;
  task = task_new (store, r, cancellable, callback, user_data, ld_case_intake_known_parties_async);
  g_task_run_in_thread (task, known_parties_thread);
}

/**
 * ld_case_intake_known_parties_finish:
 *
 * Returns: (transfer full) (element-type LdKnownParty) (nullable):
 */
GPtrArray *
ld_case_intake_known_parties_finish (LdStore       *store,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
broker_candidates_thread (GTask        *task,
                          gpointer      source,
                          gpointer      task_data,
                          GCancellable *cancellable)
{
  Request *r = task_data;
  GError *error = NULL;

  return_array (task, ld_case_intake_broker_candidates (LD_STORE (source), r->text, r->limit, &error), error);
}

void
ld_case_intake_broker_candidates_async (LdStore             *store,
                                        const char          *text,
                                        guint                limit,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  Request *r = g_new0 (Request, 1);
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LD_IS_STORE (store));

  r->text = g_strdup (text ? text : "");
  r->limit = limit;
  task = task_new (store, r, cancellable, callback, user_data, ld_case_intake_broker_candidates_async);
  g_task_run_in_thread (task, broker_candidates_thread);
}

/**
 * ld_case_intake_broker_candidates_finish:
 *
 * Returns: (transfer full) (element-type LdBrokerCandidate) (nullable):
 */
GPtrArray *
ld_case_intake_broker_candidates_finish (LdStore       *store,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
