/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-brokering-authorisation"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ld-broker-repo-private.h"
#include "ld-brokering-authorisation.h"
#include "ld-pulled.h"
#include "ld-pulled-image.h"
#include "ld-store-private.h"
#include "ld-user-repo-private.h"
#include "ld-validate.h"

static gboolean
check_authorisable (const LdBrokerRecord  *r,
                    const char            *from,
                    const char            *until,
                    GError               **error)
{
  if (!ld_broker_status_may_broker (r->status))
    {
      g_set_error (error, LD_BROKER_ERROR, LD_BROKER_ERROR_NOT_AUTHORISABLE,
                   _("“%s” is %s, so it cannot be authorised to broker a deal."),
                   r->draft->legal_name, ld_broker_status_get_title (r->status));
      return FALSE;
    }
  if (r->valid_until && (strcmp (until, r->valid_until) > 0 || strcmp (from, r->valid_from) < 0))
    {
      g_set_error (error, LD_BROKER_ERROR, LD_BROKER_ERROR_NOT_AUTHORISABLE,
                   _("The authorisation (%s to %s) must lie within %s’s registration (%s to %s)."),
                   from, until, r->draft->legal_name, r->valid_from, r->valid_until);
      return FALSE;
    }
  return TRUE;
}

static gboolean
insert_authorisation (LdStore        *store,
                      const LdActor  *actor,
                      const char     *id,
                      const char     *number,
                      const char     *broker_id,
                      const char     *activity,
                      const char     *description,
                      const char     *application_ref,
                      const char     *from,
                      const char     *until,
                      const char     *now,
                      GError        **error)
{
  /* No number: the central database's is pending. */
  sqlite3_stmt *stmt = ld_store_prepare (store, "INSERT INTO broker_authorisation (id, number, broker_id, activity,"
                                                " description, application_ref, valid_from, valid_until, granted_at,"
                                                " granted_by, number_state) VALUES (?,?,?,?,?,?,?,?,?,?,"
                                                " CASE WHEN ?2 IS NULL THEN 'pending' END)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  ld_store_bind_text (stmt, 2, number);
  ld_store_bind_text (stmt, 3, broker_id);
  ld_store_bind_text (stmt, 4, activity);
  ld_store_bind_text (stmt, 5, description);
  ld_store_bind_text (stmt, 6, application_ref);
  ld_store_bind_text (stmt, 7, from);
  ld_store_bind_text (stmt, 8, until);
  ld_store_bind_text (stmt, 9, now);
  ld_store_bind_text (stmt, 10, actor->login);
  return ld_store_step_done (store, stmt, error);
}

typedef struct
{
  const char *activity;
  const char *description;
  const char *application_ref;
  const char *from;
  const char *until;
} AuthorisationRequest;

/* Who granted it and when go with it, so every desk the central database
 * carries it to shows the same. */
static char *
authorisation_json (const char                  *number,
                    const char                  *broker_id,
                    const AuthorisationRequest  *req,
                    const char                  *granted_at,
                    const char                  *granted_by)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *keys[] = { "number", "broker_id", "activity", "description", "application_ref", "valid_from",
                         "valid_until", "granted_at", "granted_by" };
  const char *values[] = { number, broker_id, req->activity, req->description, req->application_ref, req->from,
                           req->until, granted_at, granted_by };

  json_builder_begin_object (b);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      json_builder_set_member_name (b, keys[i]);
      if (values[i])
        json_builder_add_string_value (b, values[i]);
      else
        json_builder_add_null_value (b);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* The desk's own next number, BA-YYYY-NNNNN in the year the deal starts: a
 * standalone desk's. */
static char *
local_number (LdStore     *store,
              const char  *from,
              GError     **error)
{
  gint64 serial;
  int year = 0;

  sscanf (from, "%d", &year);
  if ((serial = ld_broker_repo_next_number (store, "BA", year, error)) < 0)
    return NULL;
  return g_strdup_printf ("BA-%04d-%05" G_GINT64_FORMAT, year, serial);
}

static char *
authorise_locked (LdStore                     *store,
                  const LdActor               *actor,
                  const char                  *broker_id,
                  const AuthorisationRequest  *req,
                  gboolean                    *out_pending,
                  GError                     **error)
{
  g_autoptr(LdBrokerRecord) r = _ld_broker_repo_load_record (store, broker_id, error);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *number = NULL;
  g_autofree char *after = NULL;
  g_autofree char *now = ld_store_now_utc ();
  gboolean central = FALSE;

  if (r == NULL || !check_authorisable (r, req->from, req->until, error) ||
      !ld_pulled_desk_is_central (store, &central, error))
    return NULL;
  /* On a desk that syncs, the number is the server's, in its push answer. */
  if (!central && !(number = local_number (store, req->from, error)))
    return NULL;
  if (!insert_authorisation (store, actor, id, number, r->id, req->activity, req->description,
                             req->application_ref, req->from, req->until, now, error))
    return NULL;
  after = authorisation_json (number, r->id, req, now, actor->login);
  if (!ld_store_record_change (store, actor, "authorise", "broker_authorisation", id, 0, NULL, after, error) ||
      !ld_store_commit (store, error))
    return NULL;
  if (out_pending)
    *out_pending = central;
  return central ? g_steal_pointer (&id) : g_steal_pointer (&number);
}

static gboolean
validate_authorisation (const AuthorisationRequest  *req,
                        GError                     **error)
{
  guint activities = 0;

  if (!ld_validate_text (_("Description of the deal"), req->description, LD_TEXT_PARAGRAPH, error) ||
      !ld_validate_text (_("Application reference"), req->application_ref, LD_TEXT_NUMBER, error) ||
      !ld_validate_required (_("Activity"), req->activity, error) ||
      !ld_broker_parse_activities (req->activity, &activities, error) ||
      !ld_validate_required (_("Description of the deal"), req->description, error) ||
      !ld_broker_validate_period (req->from, req->until, error))
    return FALSE;
  if (strchr (req->activity, ',') || strchr (req->activity, ';'))
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED,
                   _("Activity: an authorisation covers one activity; ask for one per activity."));
      return FALSE;
    }
  return TRUE;
}

/**
 * ld_broker_repo_authorise:
 * @activity: one activity type ("negotiating", "transport", …)
 * @application_ref: (nullable): the transfer application the deal serves
 *
 * @out_pending: (out) (optional): %TRUE when the desk syncs with a central
 *   database, whose number the authorisation waits for
 *
 * Authorises one brokering deal. Refused for a broker that is not registered
 * (suspended, revoked, expired or not yet granted) or outside its validity.
 * A standalone desk numbers it itself; on a desk that syncs the number comes
 * from the central database when the act is pushed, and until then the
 * authorisation is pending: it counts for no deal and shows no number.
 *
 * Returns: (transfer full) (nullable): the authorisation number, BA-YYYY-NNNNN;
 *   while it is pending, the authorisation's id
 */
char *
ld_broker_repo_authorise (LdStore        *store,
                          const LdActor  *actor,
                          const char     *broker_id,
                          const char     *activity,
                          const char     *description,
                          const char     *application_ref,
                          const char     *valid_from,
                          const char     *valid_until,
                          gboolean       *out_pending,
                          GError        **error)
{
  g_autofree char *ref = _ld_broker_repo_clean_text (application_ref);
  AuthorisationRequest req = { activity, description, ref, valid_from, valid_until };
  char *number;

  if (!ld_actor_require (actor, LD_PERMISSION_DECIDE_BROKERS, error) ||
      !validate_authorisation (&req, error) ||
      !ld_store_begin (store, error))
    return NULL;
  if (out_pending)
    *out_pending = FALSE;
  number = authorise_locked (store, actor, broker_id, &req, out_pending, error);
  if (number == NULL)
    ld_store_rollback (store);
  return number;
}

/**
 * ld_broker_repo_flagged_applications:
 *
 * Every application reference named by an authorisation of a broker that is
 * no longer registered: those cases need an officer's attention.
 *
 * Returns: (transfer full) (element-type utf8): "REF\tBROKER NUMBER\tSTATUS" lines
 */
GPtrArray *
ld_broker_repo_flagged_applications (LdStore  *store,
                                     GError  **error)
{
  return _ld_broker_repo_select_ids (store, "SELECT DISTINCT a.application_ref || char(9) || coalesce(b.registration_number, '')"
                            " || char(9) || b.status FROM broker_authorisation a JOIN broker b ON b.id = a.broker_id"
                            " WHERE a.application_ref IS NOT NULL AND a.voided_at IS NULL"
                            " AND b.status <> 'registered' ORDER BY 1",
                     NULL, NULL, error);
}

static gint64
count_authorisations (LdStore     *store,
                      const char  *broker_id,
                      const char  *application_ref,
                      const char  *on,
                      GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT count(*) FROM broker_authorisation WHERE broker_id = ?"
                                                " AND application_ref = ? AND valid_from <= ?3 AND valid_until >= ?3"
                                                " AND voided_at IS NULL AND number_state IS NULL", error);
  gint64 n = -1;

  if (stmt == NULL)
    return -1;
  ld_store_bind_text (stmt, 1, broker_id);
  ld_store_bind_text (stmt, 2, application_ref);
  ld_store_bind_text (stmt, 3, on);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static gboolean
check_deal_locked (LdStore     *store,
                   const char  *broker,
                   const char  *application_ref,
                   const char  *on,
                   GError     **error)
{
  g_autoptr(LdBrokerRecord) r = _ld_broker_repo_load_record (store, broker, error);
  gint64 n;

  if (r == NULL)
    return FALSE;
  if (!ld_broker_status_may_broker (r->status))
    {
      g_set_error (error, LD_BROKER_ERROR, LD_BROKER_ERROR_NOT_AUTHORISABLE,
                   _("Broker “%s” (%s) is %s and may not broker this transfer."), r->draft->legal_name,
                   r->registration_number ? r->registration_number : _("no number"),
                   ld_broker_status_get_title (r->status));
      return FALSE;
    }
  if ((n = count_authorisations (store, r->id, application_ref, on, error)) < 0)
    return FALSE;
  if (n == 0)
    {
      g_set_error (error, LD_BROKER_ERROR, LD_BROKER_ERROR_NOT_AUTHORISABLE,
                   _("Broker “%s” (%s) has no authorisation valid on %s for application %s; each brokering "
                     "activity needs its own."), r->draft->legal_name, r->registration_number, on, application_ref);
      return FALSE;
    }
  return TRUE;
}

/**
 * ld_broker_repo_check_deal:
 * @broker: a registration number or id
 * @on: (nullable): the day to check, YYYY-MM-DD; %NULL for today
 *
 * What an application that names a broker needs: the broker is registered
 * and holds an authorisation for this application valid on @on. The
 * diversion checklist and the application list use it to flag cases.
 */
gboolean
ld_broker_repo_check_deal (LdStore     *store,
                           const char  *broker,
                           const char  *application_ref,
                           const char  *on,
                           GError     **error)
{
  g_autofree char *day = on ? g_strdup (on) : _ld_broker_repo_today_utc ();
  gboolean ok;

  g_return_val_if_fail (broker != NULL && application_ref != NULL, FALSE);

  if (!ld_store_begin_read (store, error))
    return FALSE;
  ok = check_deal_locked (store, broker, application_ref, day, error);
  ld_store_rollback (store);
  return ok;
}

/* ---- the central database's answer to an authorisation ------------------ */

/* The row as the register holds it, with the number it was printed with at
 * its desk when the server renumbered it: the before and after of its audit
 * entries, and what an image from the server may change, so an image equal to
 * it changes nothing (the echo of this desk's own authorisation). */
static char *
held_image (LdStore     *store,
            const char  *id)
{
  char *json = NULL;

  _ld_store_query_text (store, "SELECT json_object ('number', number, 'broker_id', broker_id,"
                        " 'activity', activity, 'description', description,"
                        " 'application_ref', application_ref, 'valid_from', valid_from,"
                        " 'valid_until', valid_until, 'granted_at', granted_at,"
                        " 'granted_by', granted_by, 'row_version', row_version,"
                        " 'number_state', number_state, 'voided_at', voided_at,"
                        " 'voided_by', voided_by, 'void_reason', void_reason,"
                        " 'desk_number', (SELECT d.number FROM desk_number d"
                        "  WHERE d.entity = 'broker_authorisation' AND d.record_id = a.id))"
                        " FROM broker_authorisation a WHERE id = ?",
                        id, NULL, NULL, &json, NULL);
  return json;
}

/* Who authorised @id, as a profile of this desk, else the desk's login's. */
static LdActor *
authorising_actor (LdStore        *store,
                   const LdActor  *desk_actor,
                   const char     *id,
                   GError        **error)
{
  g_autofree char *login = NULL;
  LdActor *actor = NULL;

  if (!_ld_store_query_text (store, "SELECT granted_by FROM broker_authorisation WHERE id = ?", id, NULL, NULL,
                             &login, error))
    return NULL;
  actor = login ? _ld_user_repo_find_locked (store, login) : NULL;
  if (actor == NULL && desk_actor != NULL)
    actor = ld_actor_copy (desk_actor);
  if (actor == NULL)
    g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_MISSING,
                 _("Brokering authorisation %s cannot take the central database's answer: no profile on this desk "
                   "matches who authorised it or the desk's login."), id);
  return actor;
}

static gboolean
renumber_authorisation (LdStore        *store,
                        const LdActor  *desk_actor,
                        const char     *id,
                        const char     *printed,
                        const char     *number,
                        gboolean       *out_renumbered,
                        GError        **error)
{
  g_autoptr(LdActor) actor = authorising_actor (store, desk_actor, id, error);
  g_autofree char *before = NULL, *after = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  if (actor == NULL)
    return FALSE;
  before = held_image (store, id);
  if (!ld_pulled_keep_desk_number (store, "broker_authorisation", id, printed, error))
    return FALSE;
  stmt = ld_store_prepare (store, "UPDATE broker_authorisation SET number = ?1 WHERE id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, number);
  ld_store_bind_text (stmt, 2, id);
  if (!ld_store_step_done (store, stmt, error))
    return FALSE;
  after = held_image (store, id);
  ld_store_set_from_server (store, TRUE);
  ok = ld_store_record_change (store, actor, "renumber-authorise", "broker_authorisation", id, 0, before, after,
                               error);
  ld_store_set_from_server (store, FALSE);
  if (ok && out_renumbered)
    *out_renumbered = TRUE;
  return ok;
}

/**
 * _ld_broker_repo_settle_authorise:
 * @desk_actor: (nullable): the desk's login's profile, when the authorising
 *   officer's profile is not on this desk
 * @number: (nullable): the authorisation number the server gave
 * @refusal: (nullable): else why the server refused the authorisation
 *
 * Inside the push acknowledgement's transaction: a pending authorisation gets
 * the server's number, or, refused, is voided with the server's reason and
 * kept (number_state "refused"), counting for no deal. Audited as
 * "confirm-authorise" or "refuse-authorise", and not sent back to the server.
 * An authorisation that is not pending is left as it is, so a retried answer
 * changes nothing.
 */
gboolean
_ld_broker_repo_settle_authorise (LdStore        *store,
                                  const LdActor  *desk_actor,
                                  const char     *id,
                                  const char     *number,
                                  const char     *refusal,
                                  gboolean       *out_renumbered,
                                  GError        **error)
{
  g_autoptr(LdActor) actor = NULL;
  g_autofree char *state = NULL, *before = NULL, *after = NULL, *now = ld_store_now_utc ();
  g_autofree char *printed = NULL;
  sqlite3_stmt *stmt;
  gboolean ok;

  if (!_ld_store_query_text (store, "SELECT number_state FROM broker_authorisation WHERE id = ?", id, NULL, NULL,
                             &state, error))
    return FALSE;
  /* Authorised here on its own before this desk connected, with a number the
   * central database had given another authorisation: it takes the server's
   * number and keeps the printed one as its desk number. */
  if (state == NULL && number != NULL &&
      !_ld_store_query_text (store, "SELECT number FROM broker_authorisation a WHERE id = ? AND NOT EXISTS (SELECT 1 FROM"
                             " desk_number d WHERE d.entity = 'broker_authorisation' AND d.record_id = a.id)",
                             id, NULL, NULL, &printed, error))
    return FALSE;
  if (printed != NULL && g_strcmp0 (printed, number) != 0)
    return renumber_authorisation (store, desk_actor, id, printed, number, out_renumbered, error);
  if (g_strcmp0 (state, "pending") != 0)
    return TRUE;
  if (!(actor = authorising_actor (store, desk_actor, id, error)))
    return FALSE;
  before = held_image (store, id);
  stmt = ld_store_prepare (store, "UPDATE broker_authorisation SET number = ?1, number_state = CASE WHEN ?1 IS NULL"
                                  " THEN 'refused' END, voided_at = CASE WHEN ?1 IS NULL THEN ?2 END,"
                                  " voided_by = CASE WHEN ?1 IS NULL THEN ?3 END, void_reason = ?4 WHERE id = ?5",
                           error);
  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, number);
  ld_store_bind_text (stmt, 2, now);
  ld_store_bind_text (stmt, 3, actor->login);
  ld_store_bind_text (stmt, 4, number ? NULL : refusal ? refusal : _("the server gave no reason"));
  ld_store_bind_text (stmt, 5, id);
  if (!ld_store_step_done (store, stmt, error))
    return FALSE;
  after = held_image (store, id);
  ld_store_set_from_server (store, TRUE);
  ok = ld_store_record_change (store, actor, number ? "confirm-authorise" : "refuse-authorise",
                               "broker_authorisation", id, 0, before, after, error);
  ld_store_set_from_server (store, FALSE);
  return ok;
}

/* ---- an authorisation the central database sent -------------------------- */


/* A new authorisation takes who granted it and when from the image when the
 * server has them, else the login the server says authorised it and the time
 * it arrived; a held one keeps its own (the origin desk's). The server's
 * number counts for deals at once: it is never pending here. A void the
 * image carries is the register's, and so is the lifting of one (an
 * authorisation this desk held as refused that the server granted after
 * all). */
#define AUTHORISATION_IMAGE_SQL \
  "INSERT INTO broker_authorisation (id, number, broker_id, activity, description, application_ref, valid_from," \
  " valid_until, row_version, granted_at, granted_by, voided_at, voided_by, void_reason, number_state)" \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, coalesce (?9, 1), ?10, ?11, ?12, ?13, ?14, NULL)" \
  " ON CONFLICT (id) DO UPDATE SET number = excluded.number, broker_id = excluded.broker_id," \
  " activity = excluded.activity, description = excluded.description," \
  " application_ref = excluded.application_ref, valid_from = excluded.valid_from," \
  " valid_until = excluded.valid_until, row_version = coalesce (?9, broker_authorisation.row_version)," \
  " voided_at = excluded.voided_at, voided_by = excluded.voided_by, void_reason = excluded.void_reason," \
  " number_state = NULL"

static gboolean
upsert_authorisation_image (LdStore        *store,
                            const LdActor  *actor,
                            const char     *id,
                            JsonObject     *image,
                            GError        **error)
{
  static const char *const members[] = { "number", "broker_id", "activity", "description", "application_ref",
                                         "valid_from", "valid_until" };
  const char *granted_by = ld_pulled_image_text (image, "granted_by");
  const char *granted_at = ld_pulled_image_text (image, "granted_at");
  gint64 version = ld_pulled_image_int (image, "row_version", 0);
  g_autofree char *now = ld_store_now_utc ();
  sqlite3_stmt *stmt;

  /* Only a granted authorisation has a number; without one (or its broker,
   * activity and period) it is not one this register can hold, and stays in
   * the desk's server copy. */
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    if (i != 4 && ld_pulled_image_text (image, members[i]) == NULL)
      {
        g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_MISSING,
                     _("The central database's brokering authorisation %s has no %s."), id, members[i]);
        return FALSE;
      }
  if (granted_by == NULL)
    granted_by = ld_pulled_image_text (image, "authorise_by");
  stmt = ld_store_prepare (store, AUTHORISATION_IMAGE_SQL, error);
  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    ld_store_bind_text (stmt, 2 + i, ld_pulled_image_text (image, members[i]));
  if (version > 0)
    sqlite3_bind_int64 (stmt, 9, version);
  else
    sqlite3_bind_null (stmt, 9);
  ld_store_bind_text (stmt, 10, granted_at ? granted_at : now);
  ld_store_bind_text (stmt, 11, granted_by ? granted_by : actor->login);
  ld_store_bind_text (stmt, 12, ld_pulled_image_text (image, "voided_at"));
  ld_store_bind_text (stmt, 13, ld_pulled_image_text (image, "voided_by"));
  ld_store_bind_text (stmt, 14, ld_pulled_image_text (image, "void_reason"));
  return ld_store_step_done (store, stmt, error) &&
         ld_pulled_keep_desk_number (store, "broker_authorisation", id,
                                     ld_pulled_image_text (image, "desk_number"), error);
}

/**
 * _ld_broker_repo_apply_authorisation_image:
 * @image: the authorisation as the central database holds it (the pushed
 *   "authorise" act's members, with the server's number, status and
 *   authorise_by, and its desk_number when it was renumbered)
 * @out_changed: (out): whether the register's row changed
 *
 * Writes an authorisation another desk granted into the register, inside the
 * caller's transaction, through the audited write path, so the broker's page
 * lists it and a case here naming its number passes the check it passes at
 * the desk that granted it. Refused (nothing written) for an image without a
 * number or whose broker this desk does not hold.
 */
gboolean
_ld_broker_repo_apply_authorisation_image (LdStore        *store,
                                           const LdActor  *actor,
                                           const char     *action,
                                           const char     *id,
                                           JsonObject     *image,
                                           gboolean       *out_changed,
                                           GError        **error)
{
  g_autofree char *before = held_image (store, id);
  g_autofree char *after = NULL;

  *out_changed = FALSE;
  if (!upsert_authorisation_image (store, actor, id, image, error))
    return FALSE;
  after = held_image (store, id);
  if (g_strcmp0 (before, after) == 0)
    return TRUE;
  *out_changed = TRUE;
  return ld_store_record_change (store, actor, action, "broker_authorisation", id, 0, before, after, error);
}
