/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-register-tasks"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-register-tasks.h"

/* A copy of what the caller gave, for the worker thread: every string of an
 * edit is owned here, whatever the caller does with its own afterwards. */
typedef struct
{
  LdActor *actor;
  char    *fields[9];    /* an embargo change (id … source) or a denial (reference … source) */
  char   **arrays[3];    /* an embargo's countries, list types, resolutions */
  char    *names;        /* a denial's other names */
  char    *reason;
  gboolean set;          /* an embargo change to an existing entry */
} Job;

enum { F_ID, F_NAME, F_SCOPE, F_SCOPE_NOTE, F_SINCE, F_SOURCE };
enum { D_REFERENCE, D_NAME, D_TYPE, D_COUNTRY, D_DENIED_ON, D_REASON, D_SOURCE };

static void
job_free (Job *job)
{
  ld_actor_free (job->actor);
  for (guint i = 0; i < G_N_ELEMENTS (job->fields); i++)
    g_free (job->fields[i]);
  for (guint i = 0; i < G_N_ELEMENTS (job->arrays); i++)
    g_strfreev (job->arrays[i]);
  g_free (job->names);
  g_free (job->reason);
  g_free (job);
}

static Job *
job_new (const LdActor *actor)
{
  Job *job = g_new0 (Job, 1);

  job->actor = actor ? ld_actor_copy (actor) : NULL;
  return job;
}

static void
run (LdStore             *store,
     gpointer             tag,
     Job                 *job,
     GTaskThreadFunc      func,
     GCancellable        *cancellable,
     GAsyncReadyCallback  callback,
     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (store, cancellable, callback, user_data);

  g_task_set_source_tag (task, tag);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, func);
}

/* ---- the embargo table --------------------------------------------------- */

void
ld_embargo_table_in_force_free (LdEmbargoTableInForce *in_force)
{
  if (in_force == NULL)
    return;
  g_clear_object (&in_force->table);
  g_free (in_force->origin);
  g_free (in_force);
}

static void
read_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  g_autoptr(LdEmbargoTableInForce) out = g_new0 (LdEmbargoTableInForce, 1);
  g_autoptr(GPtrArray) versions = NULL;
  GError *error = NULL;
  LdEmbargoVersion *newest;

  if (!(out->table = ld_embargo_table_new_from_store (source, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  versions = ld_embargo_repo_list_versions (source, NULL);
  newest = versions && versions->len > 0 ? g_ptr_array_index (versions, 0) : NULL;
  out->origin = newest ? g_strdup_printf (_("edited by %s on %.10s"), newest->created_by_login, newest->created_at)
                       : g_strdup (_("as shipped with Licence Desk"));
  g_task_return_pointer (task, g_steal_pointer (&out), (GDestroyNotify) ld_embargo_table_in_force_free);
}

void
ld_embargo_repo_read_async (LdStore             *store,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  run (store, ld_embargo_repo_read_async, job_new (NULL), read_thread, cancellable, callback, user_data);
}

/**
 * ld_embargo_repo_read_finish:
 *
 * Returns: (transfer full) (nullable): the table in force and whose it is
 */
LdEmbargoTableInForce *
ld_embargo_repo_read_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static Job *
embargo_job (const LdActor         *actor,
             const LdEmbargoChange *change)
{
  Job *job = job_new (actor);

  job->fields[F_ID] = g_strdup (change->id);
  job->fields[F_NAME] = g_strdup (change->name);
  job->fields[F_SCOPE] = g_strdup (change->scope);
  job->fields[F_SCOPE_NOTE] = g_strdup (change->scope_note);
  job->fields[F_SINCE] = g_strdup (change->since);
  job->fields[F_SOURCE] = g_strdup (change->source);
  job->arrays[0] = g_strdupv (change->countries);
  job->arrays[1] = g_strdupv (change->list_types);
  job->arrays[2] = g_strdupv (change->resolutions);
  return job;
}

static void
return_label (GTask  *task,
              char   *label,
              GError *error)
{
  if (label == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, label, g_free);
}

/* The repository checks the whole table with the change before it writes a
 * new version, as `licence-desk-admin embargo add/set` does. */
static void
change_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Job *job = data;
  LdEmbargoChange change = { job->fields[F_ID], job->fields[F_NAME], job->arrays[0], job->arrays[1], job->arrays[2],
                             job->fields[F_SCOPE], job->fields[F_SCOPE_NOTE], job->fields[F_SINCE],
                             job->fields[F_SOURCE] };
  LdEmbargoEdit edit = { NULL, NULL };
  GError *error = NULL;
  char *label = job->set ? ld_embargo_repo_set (source, job->actor, &change, &edit, &error)
                         : ld_embargo_repo_add (source, job->actor, &change, &edit, &error);

  return_label (task, label, error);
}

void
ld_embargo_repo_add_async (LdStore               *store,
                           const LdActor         *actor,
                           const LdEmbargoChange *change,
                           GCancellable          *cancellable,
                           GAsyncReadyCallback    callback,
                           gpointer               user_data)
{
  run (store, ld_embargo_repo_edit_finish, embargo_job (actor, change), change_thread, cancellable, callback,
       user_data);
}

void
ld_embargo_repo_set_async (LdStore               *store,
                           const LdActor         *actor,
                           const LdEmbargoChange *change,
                           GCancellable          *cancellable,
                           GAsyncReadyCallback    callback,
                           gpointer               user_data)
{
  Job *job = embargo_job (actor, change);

  job->set = TRUE;
  run (store, ld_embargo_repo_edit_finish, job, change_thread, cancellable, callback, user_data);
}

static void
end_thread (GTask        *task,
            gpointer      source,
            gpointer      data,
            GCancellable *cancellable)
{
  Job *job = data;
  LdEmbargoEdit edit = { NULL, NULL };
  GError *error = NULL;
  char *label = ld_embargo_repo_end (source, job->actor, job->fields[F_ID], job->reason, &edit, &error);

  return_label (task, label, error);
}

void
ld_embargo_repo_end_async (LdStore             *store,
                           const LdActor       *actor,
                           const char          *id,
                           const char          *reason,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Job *job = job_new (actor);

  job->fields[F_ID] = g_strdup (id);
  job->reason = g_strdup (reason);
  run (store, ld_embargo_repo_edit_finish, job, end_thread, cancellable, callback, user_data);
}

/**
 * ld_embargo_repo_edit_finish:
 *
 * Finishes an add, set or end.
 *
 * Returns: (transfer full) (nullable): the label of the version now in force
 */
char *
ld_embargo_repo_edit_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- the denial register ------------------------------------------------- */

static void
list_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  Job *job = data;
  GError *error = NULL;
  GPtrArray *denials = ld_denial_repo_list (source, job->actor, FALSE, &error);

  if (denials == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, denials, (GDestroyNotify) g_ptr_array_unref);
}

/* The denials in force, read as @actor (the register is not for everyone). */
void
ld_denial_repo_list_async (LdStore             *store,
                           const LdActor       *actor,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  run (store, ld_denial_repo_list_async, job_new (actor), list_thread, cancellable, callback, user_data);
}

/**
 * ld_denial_repo_list_finish:
 *
 * Returns: (transfer full) (element-type LdDenial) (nullable):
 */
GPtrArray *
ld_denial_repo_list_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
return_denial (GTask    *task,
               LdDenial *denial,
               GError   *error)
{
  if (denial == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, denial, (GDestroyNotify) ld_denial_free);
}

static void
add_thread (GTask        *task,
            gpointer      source,
            gpointer      data,
            GCancellable *cancellable)
{
  Job *job = data;
  LdDenialChange change = { job->fields[D_REFERENCE], job->fields[D_NAME], job->names, job->fields[D_TYPE],
                            job->fields[D_COUNTRY], job->fields[D_DENIED_ON], job->fields[D_REASON],
                            job->fields[D_SOURCE] };
  GError *error = NULL;
  LdDenial *denial = ld_denial_repo_add (source, job->actor, &change, &error);

  return_denial (task, denial, error);
}

void
ld_denial_repo_add_async (LdStore              *store,
                          const LdActor        *actor,
                          const LdDenialChange *change,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  Job *job = job_new (actor);

  job->fields[D_REFERENCE] = g_strdup (change->reference);
  job->fields[D_NAME] = g_strdup (change->name);
  job->names = g_strdup (change->other_names);
  job->fields[D_TYPE] = g_strdup (change->party_type);
  job->fields[D_COUNTRY] = g_strdup (change->country);
  job->fields[D_DENIED_ON] = g_strdup (change->denied_on);
  job->fields[D_REASON] = g_strdup (change->reason);
  job->fields[D_SOURCE] = g_strdup (change->source);
  run (store, ld_denial_repo_edit_finish, job, add_thread, cancellable, callback, user_data);
}

static void
void_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  Job *job = data;
  GError *error = NULL;
  LdDenial *denial = ld_denial_repo_void (source, job->actor, job->fields[D_REFERENCE], job->reason, &error);

  return_denial (task, denial, error);
}

void
ld_denial_repo_void_async (LdStore             *store,
                           const LdActor       *actor,
                           const char          *reference,
                           const char          *reason,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Job *job = job_new (actor);

  job->fields[D_REFERENCE] = g_strdup (reference);
  job->reason = g_strdup (reason);
  run (store, ld_denial_repo_edit_finish, job, void_thread, cancellable, callback, user_data);
}

/**
 * ld_denial_repo_edit_finish:
 *
 * Finishes recording or voiding a denial.
 *
 * Returns: (transfer full) (nullable): the denial after the change
 */
LdDenial *
ld_denial_repo_edit_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
