/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-pulled"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-broker-repo-private.h"
#include "ld-carried.h"
#include "ld-case-repo-private.h"
#include "ld-euc-repo-private.h"
#include "ld-licence-repo-private.h"
#include "ld-pulled.h"
#include "ld-section.h"
#include "ld-store-private.h"

/* Records the central database sent, written into the desk's registers so
 * that its lists, search and documents show them. Each register that can
 * hold a server image has an applier here; every write goes through
 * ld_store_record_change(), so the desk's audit log covers it and verifies. */

typedef gboolean (*ApplyImageFunc) (LdStore        *store,
                                    const LdActor  *actor,
                                    const char     *action,
                                    const char     *id,
                                    JsonObject     *image,
                                    gboolean       *out_changed,
                                    GError        **error);

static const struct
{
  const char     *entity;
  ApplyImageFunc  apply;
} appliers[] = {
  { "broker", _ld_broker_repo_apply_image },
  /* A brokering authorisation after its broker: a new desk's first copy
   * comes in entity order, and a pull in commit order, where the broker was
   * registered before any deal of it was authorised. */
  { "broker_authorisation", _ld_broker_repo_apply_authorisation_image },
  /* A case before the licence issued on it and the certificate linked to
   * it: a pull applies the change log in commit order, which is this order
   * whenever one desk made them. */
  { "application", _ld_case_repo_apply_image },
  { "licence", _ld_licence_repo_apply_image },
  { "euc", _ld_euc_repo_apply_image },
  /* Records of their own on the central database that other records here
   * own: a shipment under its licence. */
  { "shipment", _ld_licence_repo_apply_shipment_image },
  /* And the others of their own there (screening runs, verdicts, history
   * lines, exemptions, denials): ld-carried.c's, by their kind. */
};

static ApplyImageFunc
applier_for (const char *entity)
{
  for (guint i = 0; i < G_N_ELEMENTS (appliers); i++)
    if (g_strcmp0 (appliers[i].entity, entity) == 0)
      return appliers[i].apply;
  return NULL;
}

/**
 * ld_pulled_entity_is_held:
 *
 * Returns: whether a register of this desk holds server images of @entity
 */
gboolean
ld_pulled_entity_is_held (const char *entity)
{
  return applier_for (entity) != NULL || _ld_carried_holds (entity);
}

/**
 * ld_pulled_is_deferred:
 * @out_deferred: (out): %TRUE when the desk's own version must stay: a change
 *   of the record not yet answered by the server, or an open conflict on it
 *
 * Call inside a transaction or a read.
 */
gboolean
ld_pulled_is_deferred (LdStore     *store,
                       const char  *entity,
                       const char  *record_id,
                       gboolean    *out_deferred,
                       GError     **error)
{
  gint64 waiting = 0;
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT EXISTS (SELECT 1 FROM outbox WHERE pushed_at IS NULL AND entity = ?1 AND record_id = ?2)"
    " OR EXISTS (SELECT 1 FROM sync_conflict WHERE resolved_at IS NULL AND entity = ?1 AND record_id = ?2)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, entity);
  ld_store_bind_text (stmt, 2, record_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    waiting = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  *out_deferred = waiting != 0;
  return TRUE;
}

/* A statement without parameters (a savepoint's), prepared once per store:
 * a pull runs these once or twice per record. */
static gboolean
run_cached (LdStore     *store,
            const char  *sql,
            GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, sql, error);

  return stmt != NULL && ld_store_step_done (store, stmt, error);
}

/* @apply, or ld-carried.c's applier for @entity when %NULL. */
static gboolean
apply_image (LdStore         *store,
             const LdActor   *actor,
             const char      *action,
             const char      *entity,
             const char      *record_id,
             ApplyImageFunc   apply,
             JsonObject      *image,
             gboolean        *out_changed,
             GError         **error)
{
  if (apply != NULL)
    return apply (store, actor, action, record_id, image, out_changed, error);
  return _ld_carried_apply (store, entity, actor, action, record_id, image, out_changed, error);
}

/* The applier inside a savepoint (@apply, or ld-carried.c's for @entity
 * when %NULL): an image the register cannot hold undoes
 * its own half-done writes and nothing else of the caller's transaction. */
static gboolean
apply_in_savepoint (LdStore          *store,
                    const LdActor    *actor,
                    const char       *action,
                    const char       *entity,
                    const char       *record_id,
                    ApplyImageFunc    apply,
                    JsonObject       *image,
                    LdPulledOutcome  *out_outcome,
                    GError          **error)
{
  g_autoptr(GError) refused = NULL;
  gboolean changed = FALSE;
  guint mark;

  if (!run_cached (store, "SAVEPOINT pulled_image", error))
    return FALSE;
  mark = _ld_store_pending_entries_mark (store);
  if (apply_image (store, actor, action, entity, record_id, apply, image, &changed, &refused) && changed)
    {
      *out_outcome = LD_PULLED_APPLIED;
      return run_cached (store, "RELEASE pulled_image", error);
    }
  /* What is rolled back below has no audit entry either. */
  _ld_store_pending_entries_truncate (store, mark);
  /* An image equal to the register's record leaves the row untouched (its
   * update time too), as its last audit entry recorded it. */
  if (refused == NULL)
    {
      *out_outcome = LD_PULLED_UNCHANGED;
      return run_cached (store, "ROLLBACK TO pulled_image", error) &&
             run_cached (store, "RELEASE pulled_image", error);
    }
  g_debug ("the image of %s was not applied: %s", record_id, refused->message);
  *out_outcome = LD_PULLED_NOT_HELD;
  return run_cached (store, "ROLLBACK TO pulled_image", error) &&
         run_cached (store, "RELEASE pulled_image", error);
}

/**
 * ld_pulled_apply:
 * @actor: who is at the desk (the audit entry's actor)
 * @action: the audit entry's action ("pull-register", "resolve-conflict", …)
 * @image_json: the record as the server holds it, or as the person chose it
 * @out_outcome: (out): what became of it
 *
 * Writes @image_json into the register that holds @entity, inside the
 * caller's transaction. From the server, a record the desk has changed and
 * not yet had answered (or is in conflict) is left as the desk has it.
 */
gboolean
ld_pulled_apply (LdStore          *store,
                 const LdActor    *actor,
                 LdPulledMode      mode,
                 const char       *action,
                 const char       *entity,
                 const char       *record_id,
                 const char       *image_json,
                 LdPulledOutcome  *out_outcome,
                 GError          **error)
{
  ApplyImageFunc apply = applier_for (entity);
  g_autoptr(JsonNode) image = NULL;
  gboolean deferred = FALSE;
  gboolean ok;

  *out_outcome = LD_PULLED_NOT_HELD;
  if ((apply == NULL && !_ld_carried_holds (entity)) || image_json == NULL)
    return TRUE;
  image = json_from_string (image_json, NULL);
  if (image == NULL || !JSON_NODE_HOLDS_OBJECT (image))
    return TRUE;
  if (mode == LD_PULLED_FROM_SERVER)
    {
      if (!ld_pulled_is_deferred (store, entity, record_id, &deferred, error))
        return FALSE;
      if (deferred)
        {
          *out_outcome = LD_PULLED_DEFERRED;
          return TRUE;
        }
    }
  ld_store_set_from_server (store, mode != LD_PULLED_LOCAL_CHOICE);
  ok = apply_in_savepoint (store, actor, action, entity, record_id, apply, json_node_get_object (image),
                           out_outcome, error);
  ld_store_set_from_server (store, FALSE);
  return ok;
}

/* The images of @items one after another, with no savepoint of their own;
 * *@out_whole is %FALSE as soon as one of them is not applied as a change
 * (refused, or equal to the register's record), whose writes only a
 * savepoint of its own would undo: the caller then rolls the lot back. */
static gboolean
try_apply_many (LdStore        *store,
                const LdActor  *actor,
                LdPulledItem   *items,
                guint           n_items,
                gboolean       *out_whole,
                GError        **error)
{
  *out_whole = FALSE;
  for (guint i = 0; i < n_items; i++)
    {
      LdPulledItem *item = &items[i];
      ApplyImageFunc apply = applier_for (item->entity);
      g_autoptr(JsonNode) image = NULL;
      g_autoptr(GError) refused = NULL;
      gboolean deferred = FALSE, changed = FALSE;

      item->outcome = LD_PULLED_NOT_HELD;
      if ((apply == NULL && !_ld_carried_holds (item->entity)) || item->image_json == NULL)
        continue;
      image = json_from_string (item->image_json, NULL);
      if (image == NULL || !JSON_NODE_HOLDS_OBJECT (image))
        continue;
      if (!ld_pulled_is_deferred (store, item->entity, item->record_id, &deferred, error))
        return FALSE;
      if (deferred)
        {
          item->outcome = LD_PULLED_DEFERRED;
          continue;
        }
      if (!apply_image (store, actor, item->action, item->entity, item->record_id, apply,
                        json_node_get_object (image), &changed, &refused) || !changed)
        return TRUE;
      item->outcome = LD_PULLED_APPLIED;
    }
  *out_whole = TRUE;
  return TRUE;
}

/**
 * ld_pulled_apply_many:
 * @actor: who is at the desk (the audit entries' actor)
 * @items: (array length=n_items): the server's images, each with its audit
 *   action; their outcomes are set
 *
 * As ld_pulled_apply() with %LD_PULLED_FROM_SERVER for each of @items in
 * turn, inside the caller's transaction, and with the same result: each
 * record written through its register's audited path (its own audit entry,
 * no outbox row). The images go in under one savepoint rather than one each
 * (a savepoint costs as much as a small record, FTS tables included). When
 * one of them is refused or changes nothing, the lot is rolled back, its
 * queued audit entries dropped, and they go in again one savepoint each, as
 * ld_pulled_apply() does. Their search-index entries wait until the
 * chunk is in, and go in with one statement per register (one at a time,
 * FTS5 would flush a segment per record). A new desk's first copy takes that way only for a
 * chunk holding a record that changes nothing there, such as a broker's
 * screening that found no hits.
 */
gboolean
ld_pulled_apply_many (LdStore        *store,
                      const LdActor  *actor,
                      LdPulledItem   *items,
                      guint           n_items,
                      GError        **error)
{
  gboolean whole = FALSE, ok;
  guint mark;

  if (n_items == 0)
    return TRUE;
  if (!run_cached (store, "SAVEPOINT pulled_many", error))
    return FALSE;
  mark = _ld_store_pending_entries_mark (store);
  ld_store_set_from_server (store, TRUE);
  ld_section_defer_indexing (store);
  ok = try_apply_many (store, actor, items, n_items, &whole, error);
  ld_store_set_from_server (store, FALSE);
  if (ok && whole)
    return ld_section_flush_indexing (store, error) && run_cached (store, "RELEASE pulled_many", error);
  ld_section_discard_indexing (store);
  _ld_store_pending_entries_truncate (store, mark);
  if (!run_cached (store, "ROLLBACK TO pulled_many", ok ? error : NULL) ||
      !run_cached (store, "RELEASE pulled_many", ok ? error : NULL) || !ok)
    return FALSE;
  for (guint i = 0; i < n_items; i++)
    if (!ld_pulled_apply (store, actor, LD_PULLED_FROM_SERVER, items[i].action, items[i].entity, items[i].record_id,
                          items[i].image_json, &items[i].outcome, error))
      return FALSE;
  return TRUE;
}

/**
 * ld_pulled_settle_act:
 * @desk_actor: (nullable): the profile of the desk's server login
 * @outcome: the server's answer: "applied", "refused", "rejected" or "conflict"
 * @number: (nullable): the number the act took on the server
 * @detail: (nullable): the server's reason, for a refusal
 * @out_renumbered: (out) (optional): set when the record, numbered at this
 *   desk before it ever connected, took the server's number (its printed
 *   number was another record's there) and keeps the printed one as its
 *   desk number
 *
 * Inside the transaction that records the server's answer to a pushed
 * mutation: a licence issued, a broker registered or a brokering deal
 * authorised at this desk while it syncs with a central database gets the
 * number the server gave it, or, when the server refused the act, becomes
 * what the refusal makes of it. Other answers change no register.
 */
gboolean
ld_pulled_settle_act (LdStore        *store,
                      const LdActor  *desk_actor,
                      const char     *entity,
                      const char     *record_id,
                      const char     *action,
                      const char     *outcome,
                      const char     *number,
                      const char     *detail,
                      gboolean       *out_renumbered,
                      GError        **error)
{
  gboolean applied = g_strcmp0 (outcome, "applied") == 0;
  gboolean issue = g_strcmp0 (entity, "licence") == 0 && g_strcmp0 (action, "issue") == 0;
  gboolean registration = g_strcmp0 (entity, "broker") == 0 && g_strcmp0 (action, "register") == 0;
  gboolean authorisation = g_strcmp0 (entity, "broker_authorisation") == 0 && g_strcmp0 (action, "authorise") == 0;

  if (out_renumbered)
    *out_renumbered = FALSE;
  if (!issue && !registration && !authorisation)
    return TRUE;
  /* Applied without a number: not an act the server numbers (a server of an
   * older schema never answers here: the engine refuses to talk to it). */
  if (applied && number == NULL)
    return TRUE;
  if (issue)
    return applied ? _ld_licence_repo_confirm_issue (store, desk_actor, record_id, number, out_renumbered, error)
                   : _ld_licence_repo_refuse_issue (store, desk_actor, record_id, detail, error);
  if (authorisation)
    return _ld_broker_repo_settle_authorise (store, desk_actor, record_id, applied ? number : NULL,
                                             applied ? NULL : detail, out_renumbered, error);
  return _ld_broker_repo_settle_register (store, desk_actor, record_id, applied ? number : NULL,
                                          applied ? NULL : (detail ? detail : _("the server gave no reason")),
                                          out_renumbered, error);
}

/**
 * ld_pulled_desk_is_central:
 * @out_central: (out): whether this desk syncs with a central database
 *
 * Call inside a transaction or a read. A desk is set up for a central server
 * once it connected to one (the server and login are kept in its sync state):
 * from then on legal numbers are the server's.
 */
gboolean
ld_pulled_desk_is_central (LdStore   *store,
                           gboolean  *out_central,
                           GError   **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT server IS NOT NULL FROM sync_state", error);

  *out_central = FALSE;
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    *out_central = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return TRUE;
}

/**
 * ld_pulled_mark_meant_to_sync:
 *
 * Records, in its own transaction, that this desk is set up to sync with a
 * central database: called when a connection is first asked for (the
 * Central database section's Connect, `licence-desk-admin sync`), before the
 * server is reached, so a desk that was never reached shows its records
 * waiting to be sent. A desk that never asked stays standalone, and its
 * lists say nothing of a central database.
 */
gboolean
ld_pulled_mark_meant_to_sync (LdStore  *store,
                              GError  **error)
{
  sqlite3_stmt *stmt;

  if (!ld_store_begin (store, error))
    return FALSE;
  stmt = ld_store_prepare (store, "UPDATE sync_setup SET meant_to_sync = 1 WHERE meant_to_sync = 0", error);
  if (stmt == NULL || !ld_store_step_done (store, stmt, error))
    {
      ld_store_rollback (store);
      return FALSE;
    }
  return ld_store_commit (store, error);
}

/**
 * ld_pulled_keep_desk_number:
 * @number: (nullable): the number @record_id was printed with at its desk;
 *   %NULL keeps nothing
 *
 * Inside the caller's transaction: keeps the number a record was printed
 * with at a desk before that desk connected, when the central database gave
 * it another (its desk number). A printed number never changes, so a record
 * that has one keeps the first.
 */
gboolean
ld_pulled_keep_desk_number (LdStore     *store,
                            const char  *entity,
                            const char  *record_id,
                            const char  *number,
                            GError     **error)
{
  sqlite3_stmt *stmt;

  if (number == NULL || *number == '\0')
    return TRUE;
  stmt = ld_store_prepare (store, "INSERT OR IGNORE INTO desk_number (entity, record_id, number) VALUES (?,?,?)",
                           error);
  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, entity);
  ld_store_bind_text (stmt, 2, record_id);
  ld_store_bind_text (stmt, 3, number);
  return ld_store_step_done (store, stmt, error);
}

/**
 * ld_pulled_withdraw_refused:
 * @actor: who is at the desk
 * @reason: (nullable): the server's refusal
 *
 * Inside the push's acknowledgement: undoes at this desk a record the central
 * database refused for good where keeping it would break the law the server
 * checked (a shipment beyond its licence's quantities). Other refusals stay
 * as the desk has them, in the conflict list, for a person to decide.
 */
gboolean
ld_pulled_withdraw_refused (LdStore        *store,
                            const LdActor  *actor,
                            const char     *entity,
                            const char     *record_id,
                            const char     *reason,
                            GError        **error)
{
  if (g_strcmp0 (entity, "shipment") == 0)
    return _ld_licence_repo_withdraw_shipment (store, actor, record_id, reason, error);
  return TRUE;
}

/**
 * ld_pulled_desk_code:
 *
 * Call inside a transaction or a read.
 *
 * Returns: (transfer full) (nullable): the code the central server gave this
 *   desk (e.g. "D3"), or, for a desk set up for a server before codes were
 *   given and not connected since, one made from the store's identity
 *   ("S" and its first six hex digits); %NULL on a standalone desk (and
 *   with @error on failure)
 */
char *
ld_pulled_desk_code (LdStore  *store,
                     GError  **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT server IS NOT NULL, desk_code FROM sync_state", error);
  g_autofree char *code = NULL;
  g_autofree char *store_id = NULL;
  gboolean central = FALSE;

  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      central = sqlite3_column_int (stmt, 0) != 0;
      code = ld_store_column_dup (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (!central || code != NULL)
    return g_steal_pointer (&code);
  store_id = ld_store_get_store_id (store, error);
  if (store_id == NULL)
    return NULL;
  {
    g_autofree char *upper = g_ascii_strup (store_id, 6);

    return g_strconcat ("S", upper, NULL);
  }
}

/**
 * ld_pulled_get_meant_to_sync:
 * @out_meant: (out): whether this desk is meant to sync with a central
 *   database (ld_pulled_mark_meant_to_sync())
 *
 * Returns: %FALSE with @error when the store could not be read
 */
gboolean
ld_pulled_get_meant_to_sync (LdStore   *store,
                             gboolean  *out_meant,
                             GError   **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT meant_to_sync FROM sync_setup", error);
  int rc;

  *out_meant = FALSE;
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  *out_meant = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      ld_store_set_error (store, error, rc, _("reading whether this desk syncs"));
      return FALSE;
    }
  return TRUE;
}

/**
 * ld_pulled_fill_central_marks:
 *
 * Fills a section's "central" column: "sync_conflict" for a record with an
 * open conflict, "sync_pending" for one with a change the server has not
 * answered yet, empty otherwise, and empty for every record on a desk not
 * meant to sync (ld_pulled_mark_meant_to_sync()). A notice (a record renumbered
 * by the server) is no conflict. Runs in the list's worker thread.
 */
gboolean
ld_pulled_fill_central_marks (LdStore          *store,
                              const LdSection  *section,
                              GPtrArray        *rows,
                              GError          **error)
{
  int column = ld_section_find_column (section, "central");
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gboolean meant;

  if (column < 0)
    return TRUE;
  if (!ld_pulled_get_meant_to_sync (store, &meant, error))
    return FALSE;
  if (!meant)
    {
      for (guint i = 0; i < rows->len; i++)
        {
          LdSectionRow *row = g_ptr_array_index (rows, i);

          g_clear_pointer (&row->values[column], g_free);
        }
      return TRUE;
    }
  /* section->table and ->entity are constants of ld-section.c, never input. */
  sql = g_strdup_printf ("SELECT CASE WHEN EXISTS (SELECT 1 FROM sync_conflict c WHERE c.resolved_at IS NULL"
                         " AND c.outcome <> 'notice'"
                         " AND c.entity = ?1 AND c.record_id = t.id) THEN 'sync_conflict'"
                         " WHEN EXISTS (SELECT 1 FROM outbox o WHERE o.pushed_at IS NULL AND o.entity = ?1"
                         " AND o.record_id = t.id) THEN 'sync_pending' END FROM %s AS t WHERE t.rowid = ?2",
                         section->table);
  stmt = ld_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      LdSectionRow *row = g_ptr_array_index (rows, i);

      ld_store_bind_text (stmt, 1, section->entity);
      sqlite3_bind_int64 (stmt, 2, row->rowid);
      g_free (row->values[column]);
      row->values[column] = sqlite3_step (stmt) == SQLITE_ROW ? ld_store_column_dup (stmt, 0) : NULL;
      sqlite3_reset (stmt);
    }
  return TRUE;
}
