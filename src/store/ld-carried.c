/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-carried"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-broker-repo-private.h"
#include "ld-carried.h"
#include "ld-pulled-image.h"
#include "ld-store-private.h"

/* Records a desk keeps under another (a case's screening runs and their hits,
 * the verdicts on those hits, a case's and a broker's history, a case's
 * embargo exemptions) and the denial register, as the central database keeps
 * them: each its own record there, so every desk holds the same. A run's
 * image is its row with its hits as their rows; a verdict's is the hit's row
 * once judged. Runs never change once written; a hit changes only by a
 * verdict, or by a later run superseding it.
 *
 * Every statement is a constant of the kind table below: a row is written
 * from its image, bound whole as ?1, by naming each column's member. */

typedef struct Kind Kind;

typedef gboolean (*ApplyFunc) (const Kind     *k,
                               LdStore        *store,
                               const LdActor  *actor,
                               const char     *action,
                               const char     *id,
                               JsonObject     *image,
                               gboolean       *out_changed,
                               GError        **error);

struct Kind
{
  const char *entity;         /* as the central database names it */
  const char *queued_as;      /* the outbox action that carries a new one */
  const char *changed_as;     /* ... one changed since @before_json */
  const char *row_sql;        /* its row by id, ?1 (a history line: by rowid) */
  const char *hits_sql;       /* a run's hits by the run's id, ?1 (or a line's criteria) */
  const char *hits_member;    /* the image's member holding them */
  const char *write_sql;      /* its row from its image ?1; a verdict: onto hit ?2 */
  const char *write_hit_sql;  /* a run's hit from its image ?1 */
  const char *held_sql;       /* a history line: how many lines are the one in ?1 */
  const char *supersede_sql;  /* a run: older runs' open hits of what ?1 names */
  const char *line_sql;       /* refusal criteria: how many lines are the one they are on */
  const char *clear_sql;      /* clearances carried over: ?1 the time, ?2 the note */
  const char *owner;          /* the member naming the record it belongs to */
  const char *owner_entity;   /* a history line's record, whose audit entry covers it */
  gboolean    own_id;         /* a history line with an id of its own */
  ApplyFunc   apply;
};

/* The member @col of the image bound as ?1. */
#define M(col) "?1 ->> '$." col "'"
#define M_VERSION "coalesce (" M ("row_version") ", 1)"

#define RUN_ROW(runs) "SELECT * FROM " runs " WHERE id = ?1"
#define HIT_ROW(hits) "SELECT * FROM " hits " WHERE id = ?1"
#define RUN_HITS(hits) "SELECT * FROM " hits " WHERE run_id = ?1 ORDER BY rowid"

#define WRITE_HIT(hits, owner) \
  "INSERT INTO " hits " (id, run_id, " owner ", kind, party_role, party_name, party_key, entry_ref, matched_name," \
  " score, band, reason, list_date, list_sha256, status, reviewed_by, reviewed_at, review_reason, row_version," \
  " created_at) VALUES (" M ("id") ", " M ("run_id") ", " M (owner) ", " M ("kind") ", " M ("party_role") ", " \
  M ("party_name") ", " M ("party_key") ", " M ("entry_ref") ", " M ("matched_name") ", " M ("score") ", " \
  M ("band") ", " M ("reason") ", " M ("list_date") ", " M ("list_sha256") ", " M ("status") ", " \
  M ("reviewed_by") ", " M ("reviewed_at") ", " M ("review_reason") ", " M_VERSION ", " M ("created_at") ")" \
  " ON CONFLICT (id) DO NOTHING"

/* The open hits of runs older than the latest of what was screened are
 * superseded, as a new run at the desk supersedes them: the same whatever
 * order the runs arrive in. */
#define SUPERSEDE(hits, runs, owner) \
  "UPDATE " hits " SET status = 'superseded', row_version = row_version + 1 WHERE " owner " = ?1" \
  " AND status IN ('open', 'logged') AND run_id != (SELECT id FROM " runs " WHERE " owner " = ?1" \
  " ORDER BY run_at DESC, id DESC LIMIT 1)"

/* A party an officer cleared for an entry, on any case or request, is not
 * raised for it again: an open hit this desk holds for it is cleared as a
 * new run would clear it, whichever desk's verdict or run arrived first. */
#define CLEAR(hits) \
  "WITH cleared AS (SELECT kind, party_key, entry_ref, reviewed_by, reviewed_at, review_reason" \
  " FROM screening_hit WHERE status = 'false_match' UNION ALL SELECT kind, party_key, entry_ref, reviewed_by," \
  " reviewed_at, review_reason FROM consent_screening_hit WHERE status = 'false_match')" \
  " UPDATE " hits " SET status = 'false_match', reviewed_by = 'screening', reviewed_at = ?1," \
  " review_reason = (SELECT printf (?2, c.reviewed_by, c.reviewed_at, c.review_reason) FROM cleared c" \
  "  WHERE c.kind = " hits ".kind AND c.party_key = " hits ".party_key AND c.entry_ref = " hits ".entry_ref" \
  "  ORDER BY c.reviewed_at DESC LIMIT 1), row_version = row_version + 1" \
  " WHERE status = 'open' AND EXISTS (SELECT 1 FROM cleared c WHERE c.kind = " hits ".kind" \
  "  AND c.party_key = " hits ".party_key AND c.entry_ref = " hits ".entry_ref)"

/* The case's history line the image ?1 is, as every desk knows it (the
 * members a line's carried id is made of). */
#define CASE_LINE_IS(e) \
  e ".application_id IS " M ("application_id") " AND " e ".version IS " M ("version") " AND " e ".action IS " \
  M ("action") " AND " e ".actor_login IS " M ("actor_login") " AND " e ".at IS " M ("at")

/* A broker's hits, the same columns but no job: a re-screening job is a
 * record of the desk that ran it. */
#define WRITE_BROKER_HIT \
  "INSERT INTO broker_screening_hit (id, job_id, broker_id, kind, broker_name, entry_ref, matched_name, score," \
  " band, reason, list_date, list_sha256, status, reviewed_by, reviewed_at, review_reason, row_version," \
  " created_at) VALUES (" M ("id") ", NULL, " M ("broker_id") ", " M ("kind") ", " M ("broker_name") ", " \
  M ("entry_ref") ", " M ("matched_name") ", " M ("score") ", " M ("band") ", " M ("reason") ", " \
  M ("list_date") ", " M ("list_sha256") ", " M ("status") ", " M ("reviewed_by") ", " M ("reviewed_at") ", " \
  M ("review_reason") ", " M_VERSION ", " M ("created_at") ") ON CONFLICT (id) DO NOTHING"

/* A broker cleared for an entry is not raised for it again (the broker's
 * own screening's rule, ld-broker-screening.c): whichever desk's verdict or
 * screening arrived first. */
#define CLEAR_BROKER \
  "UPDATE broker_screening_hit SET status = 'false_match', reviewed_by = 'screening', reviewed_at = ?1," \
  " review_reason = (SELECT printf (?2, c.reviewed_by, c.reviewed_at, c.review_reason) FROM broker_screening_hit c" \
  "  WHERE c.status = 'false_match' AND c.broker_id = broker_screening_hit.broker_id" \
  "  AND c.entry_ref = broker_screening_hit.entry_ref AND c.kind = broker_screening_hit.kind" \
  "  ORDER BY c.reviewed_at DESC LIMIT 1), row_version = row_version + 1" \
  " WHERE status = 'open' AND EXISTS (SELECT 1 FROM broker_screening_hit c WHERE c.status = 'false_match'" \
  "  AND c.broker_id = broker_screening_hit.broker_id AND c.entry_ref = broker_screening_hit.entry_ref" \
  "  AND c.kind = broker_screening_hit.kind)"

#define VERDICT(hits) \
  "UPDATE " hits " SET status = " M ("status") ", reviewed_by = " M ("reviewed_by") ", reviewed_at = " \
  M ("reviewed_at") ", review_reason = " M ("review_reason") ", row_version = " M ("row_version") \
  " WHERE id = ?2"

static gboolean apply_run     (const Kind *k, LdStore *store, const LdActor *actor, const char *action,
                               const char *id, JsonObject *image, gboolean *out_changed, GError **error);
static gboolean apply_verdict (const Kind *k, LdStore *store, const LdActor *actor, const char *action,
                               const char *id, JsonObject *image, gboolean *out_changed, GError **error);
static gboolean apply_denial  (const Kind *k, LdStore *store, const LdActor *actor, const char *action,
                               const char *id, JsonObject *image, gboolean *out_changed, GError **error);
static gboolean apply_event   (const Kind *k, LdStore *store, const LdActor *actor, const char *action,
                               const char *id, JsonObject *image, gboolean *out_changed, GError **error);
static gboolean apply_criteria (const Kind *k, LdStore *store, const LdActor *actor, const char *action,
                                const char *id, JsonObject *image, gboolean *out_changed, GError **error);
static gboolean apply_broker_run (const Kind *k, LdStore *store, const LdActor *actor, const char *action,
                                  const char *id, JsonObject *image, gboolean *out_changed, GError **error);
static gboolean apply_person  (const Kind *k, LdStore *store, const LdActor *actor, const char *action,
                               const char *id, JsonObject *image, gboolean *out_changed, GError **error);
static gboolean apply_exemption (const Kind *k, LdStore *store, const LdActor *actor, const char *action,
                                 const char *id, JsonObject *image, gboolean *out_changed, GError **error);

static const Kind kinds[] = {
  { .entity = LD_CARRIED_CASE_RUN, .queued_as = "screening-run",
    .row_sql = RUN_ROW ("screening_run"), .hits_sql = RUN_HITS ("screening_hit"), .hits_member = "hits",
    .write_sql = "INSERT INTO screening_run (id, application_id, case_version, list_date, list_sha256,"
                 " embargo_version, n_parties, n_hits, run_at, run_by, denial_state) VALUES (" M ("id") ", "
                 M ("application_id") ", " M ("case_version") ", " M ("list_date") ", " M ("list_sha256") ", "
                 M ("embargo_version") ", " M ("n_parties") ", " M ("n_hits") ", " M ("run_at") ", " M ("run_by")
                 ", " M ("denial_state") ") ON CONFLICT (id) DO NOTHING",
    .write_hit_sql = WRITE_HIT ("screening_hit", "application_id"),
    .supersede_sql = SUPERSEDE ("screening_hit", "screening_run", "application_id"),
    .clear_sql = CLEAR ("screening_hit"), .owner = "application_id", .apply = apply_run },
  { .entity = LD_CARRIED_CONSENT_RUN, .queued_as = "screening-run",
    .row_sql = RUN_ROW ("consent_screening_run"), .hits_sql = RUN_HITS ("consent_screening_hit"),
    .hits_member = "hits",
    .write_sql = "INSERT INTO consent_screening_run (id, consent_id, list_date, list_sha256, embargo_version,"
                 " denial_state, n_parties, n_hits, run_at, run_by) VALUES (" M ("id") ", " M ("consent_id") ", "
                 M ("list_date") ", " M ("list_sha256") ", " M ("embargo_version") ", " M ("denial_state") ", "
                 M ("n_parties") ", " M ("n_hits") ", " M ("run_at") ", " M ("run_by")
                 ") ON CONFLICT (id) DO NOTHING",
    .write_hit_sql = WRITE_HIT ("consent_screening_hit", "consent_id"),
    .supersede_sql = SUPERSEDE ("consent_screening_hit", "consent_screening_run", "consent_id"),
    .clear_sql = CLEAR ("consent_screening_hit"), .owner = "consent_id", .apply = apply_run },
  { .entity = LD_CARRIED_CASE_VERDICT, .queued_as = "hit-verdict", .row_sql = HIT_ROW ("screening_hit"),
    .write_sql = VERDICT ("screening_hit"), .clear_sql = CLEAR ("screening_hit"), .apply = apply_verdict },
  { .entity = LD_CARRIED_CONSENT_VERDICT, .queued_as = "hit-verdict", .row_sql = HIT_ROW ("consent_screening_hit"),
    .write_sql = VERDICT ("consent_screening_hit"), .clear_sql = CLEAR ("consent_screening_hit"),
    .apply = apply_verdict },
  /* A broker's screening has no row of its own: its image is the broker, the
   * time it ran and the hits it wrote (hits_sql: of broker ?1 written at ?2).
   * Once held, the open hits of the broker's earlier screenings are
   * superseded (supersede_sql: broker ?1, the screening's time ?2). */
  { .entity = LD_CARRIED_BROKER_RUN, .queued_as = "screening-run",
    .hits_sql = "SELECT * FROM broker_screening_hit WHERE broker_id = ?1 AND created_at = ?2 ORDER BY rowid",
    .hits_member = "hits", .write_hit_sql = WRITE_BROKER_HIT,
    .held_sql = "SELECT json_group_array (json_array (id, status, row_version)) FROM (SELECT id, status,"
                " row_version FROM broker_screening_hit WHERE broker_id = ?1 ORDER BY id)",
    .supersede_sql = "UPDATE broker_screening_hit SET status = 'superseded', row_version = row_version + 1"
                     " WHERE broker_id = ?1 AND status IN ('open', 'logged') AND created_at < max (?2,"
                     " (SELECT max (created_at) FROM broker_screening_hit WHERE broker_id = ?1))",
    .clear_sql = CLEAR_BROKER, .owner = "broker_id", .owner_entity = "broker", .apply = apply_broker_run },
  { .entity = LD_CARRIED_BROKER_VERDICT, .queued_as = "hit-verdict", .row_sql = HIT_ROW ("broker_screening_hit"),
    .write_sql = VERDICT ("broker_screening_hit"), .clear_sql = CLEAR_BROKER, .apply = apply_verdict },
  { .entity = LD_CARRIED_DENIAL, .row_sql = "SELECT * FROM denial WHERE id = ?1", .apply = apply_denial },
  /* A case's lines have no id of their own: the case, its version, the act,
   * who and when say which it is. */
  { .entity = LD_CARRIED_CASE_EVENT, .queued_as = "history",
    .row_sql = "SELECT * FROM application_event WHERE rowid = CAST (?1 AS INTEGER)",
    .write_sql = "INSERT INTO application_event (application_id, version, action, from_status, to_status,"
                 " actor_id, actor_login, role, at, note) VALUES (" M ("application_id") ", " M ("version") ", "
                 M ("action") ", " M ("from_status") ", " M ("to_status") ", " M ("actor_id") ", "
                 M ("actor_login") ", " M ("role") ", " M ("at") ", " M ("note") ")",
    .held_sql = "SELECT count(*) FROM application_event e WHERE " CASE_LINE_IS ("e"),
    .owner = "application_id", .owner_entity = "application", .apply = apply_event },
  /* A refusal's criteria, under the history line of the refusal (its carried
   * id is the line's): held_sql counts the criteria this desk lacks. */
  { .entity = LD_CARRIED_REFUSAL_CRITERIA, .queued_as = "history",
    .row_sql = "SELECT * FROM application_event WHERE rowid = CAST (?1 AS INTEGER)",
    .hits_sql = "SELECT code FROM application_refusal_criterion WHERE event_seq = CAST (?1 AS INTEGER)"
                " ORDER BY code",
    .hits_member = "criteria",
    .write_sql = "INSERT OR IGNORE INTO application_refusal_criterion (event_seq, code)"
                 " SELECT e.seq, c.value ->> '$.code' FROM application_event e, json_each (?1, '$.criteria') c"
                 " WHERE " CASE_LINE_IS ("e"),
    .held_sql = "SELECT count(*) FROM json_each (?1, '$.criteria') c WHERE NOT EXISTS (SELECT 1"
                " FROM application_refusal_criterion r JOIN application_event e ON e.seq = r.event_seq"
                " WHERE " CASE_LINE_IS ("e") " AND r.code = c.value ->> '$.code')",
    .line_sql = "SELECT count(*) FROM application_event e WHERE " CASE_LINE_IS ("e"),
    .owner = "application_id", .owner_entity = "application", .apply = apply_criteria },
  { .entity = LD_CARRIED_BROKER_EVENT, .queued_as = "history",
    .row_sql = "SELECT * FROM broker_event WHERE rowid = CAST (?1 AS INTEGER)",
    .write_sql = "INSERT INTO broker_event (id, broker_id, action, from_status, to_status, reason, actor_id,"
                 " actor_login, at, effective_on) VALUES (" M ("id") ", " M ("broker_id") ", " M ("action") ", "
                 M ("from_status") ", " M ("to_status") ", " M ("reason") ", " M ("actor_id") ", "
                 M ("actor_login") ", " M ("at") ", " M ("effective_on") ")",
    .held_sql = "SELECT count(*) FROM broker_event WHERE id IS " M ("id"),
    .owner = "broker_id", .owner_entity = "broker", .own_id = TRUE, .apply = apply_event },
  /* A person on a broker's file: written once, then only voided. */
  { .entity = LD_CARRIED_BROKER_PERSON, .row_sql = "SELECT * FROM broker_person WHERE id = ?1",
    .write_sql = "INSERT INTO broker_person (id, broker_id, role, full_name, nationality, id_document_type,"
                 " id_document_number, row_version, added_at, added_by, voided_at, voided_by, void_reason)"
                 " VALUES (" M ("id") ", " M ("broker_id") ", " M ("role") ", " M ("full_name") ", "
                 M ("nationality") ", " M ("id_document_type") ", " M ("id_document_number") ", " M_VERSION ", "
                 M ("added_at") ", " M ("added_by") ", " M ("voided_at") ", " M ("voided_by") ", "
                 M ("void_reason") ") ON CONFLICT (id) DO UPDATE SET voided_at = excluded.voided_at,"
                 " voided_by = excluded.voided_by, void_reason = excluded.void_reason,"
                 " row_version = excluded.row_version",
    .owner = "broker_id", .apply = apply_person },
  /* Not "write-exemption": the server answers that, the case's own audited
   * action, as an event and keeps nothing. */
  { .entity = LD_CARRIED_EXEMPTION, .queued_as = "exemption-write", .changed_as = "exemption-confirm",
    .row_sql = "SELECT * FROM embargo_exemption WHERE id = ?1",
    .write_sql = "INSERT INTO embargo_exemption (id, application_id, case_version, embargo_id, embargo_name,"
                 " resolution, paragraph, note, written_by, written_by_login, written_at, confirmed_by,"
                 " confirmed_by_login, confirmed_at, voided_at, void_reason, row_version) VALUES (" M ("id") ", "
                 M ("application_id") ", " M ("case_version") ", " M ("embargo_id") ", " M ("embargo_name") ", "
                 M ("resolution") ", " M ("paragraph") ", " M ("note") ", " M ("written_by") ", "
                 M ("written_by_login") ", " M ("written_at") ", " M ("confirmed_by") ", "
                 M ("confirmed_by_login") ", " M ("confirmed_at") ", " M ("voided_at") ", " M ("void_reason")
                 ", " M_VERSION ") ON CONFLICT (id) DO UPDATE SET application_id = excluded.application_id,"
                 " case_version = excluded.case_version, embargo_id = excluded.embargo_id,"
                 " embargo_name = excluded.embargo_name, resolution = excluded.resolution,"
                 " paragraph = excluded.paragraph, note = excluded.note, written_by = excluded.written_by,"
                 " written_by_login = excluded.written_by_login, written_at = excluded.written_at,"
                 " confirmed_by = excluded.confirmed_by, confirmed_by_login = excluded.confirmed_by_login,"
                 " confirmed_at = excluded.confirmed_at, voided_at = excluded.voided_at,"
                 " void_reason = excluded.void_reason, row_version = excluded.row_version",
    .apply = apply_exemption },
};

static const Kind *
kind_or_null (const char *entity)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].entity, entity) == 0)
      return &kinds[i];
  return NULL;
}

static const Kind *
kind_named (const char *entity)
{
  const Kind *k = kind_or_null (entity);

  /* Kinds are this file's constants, as its callers name them. */
  g_assert (k != NULL);
  return k;
}

/* ---- rows as JSON ---------------------------------------------------------- */

static void
add_row_members (JsonBuilder  *b,
                 sqlite3_stmt *stmt)
{
  for (int c = 0; c < sqlite3_column_count (stmt); c++)
    {
      json_builder_set_member_name (b, sqlite3_column_name (stmt, c));
      switch (sqlite3_column_type (stmt, c))
        {
        case SQLITE_INTEGER:
          json_builder_add_int_value (b, sqlite3_column_int64 (stmt, c));
          break;
        case SQLITE_FLOAT:
          json_builder_add_double_value (b, sqlite3_column_double (stmt, c));
          break;
        case SQLITE_TEXT:
          json_builder_add_string_value (b, (const char *) sqlite3_column_text (stmt, c));
          break;
        default:
          json_builder_add_null_value (b);
          break;
        }
    }
}

/* One row as an object of the array being built (an LdStoreRowFunc). */
static void
add_row_object (sqlite3_stmt *stmt,
                gpointer      builder)
{
  json_builder_begin_object (builder);
  add_row_members (builder, stmt);
  json_builder_end_object (builder);
}

/* Adds the rows @sql answers for @key as the array member @member: all of
 * them, or %FALSE with @error, never a run with some of its hits. */
static gboolean
add_hits (LdStore      *store,
          JsonBuilder  *b,
          const char   *sql,
          const char   *member,
          const char   *key,
          GError      **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, sql, error);
  gboolean read;

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, key);
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  read = ld_store_read_rows (store, stmt, add_row_object, b, _("reading a screening's hits"), error);
  json_builder_end_array (b);
  return read;
}

/* The row of kind @k whose id is @id, with a run's hits (a refusal line's
 * criteria) as an array member. NULL without error when there is no such row. */
static JsonObject *
row_object (LdStore     *store,
            const Kind  *k,
            const char  *id,
            GError     **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  sqlite3_stmt *stmt = ld_store_prepare (store, k->row_sql, error);
  gboolean found;
  int rc;

  if (stmt == NULL)
    return NULL;
  ld_store_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  found = rc == SQLITE_ROW;
  json_builder_begin_object (b);
  if (found)
    add_row_members (b, stmt);
  sqlite3_reset (stmt);
  /* A read that failed is an error, never "no such row". */
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      ld_store_set_error (store, error, rc, _("reading a record for the central database"));
      return NULL;
    }
  if (!found || (k->hits_sql != NULL && !add_hits (store, b, k->hits_sql, k->hits_member, id, error)))
    return NULL;
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_object_ref (json_node_get_object (root));
}

static char *
object_json (JsonObject *o)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), o);

  return json_to_string (node, FALSE);
}

static char *
row_image (LdStore     *store,
           const Kind  *k,
           const char  *id,
           GError     **error)
{
  g_autoptr(JsonObject) o = row_object (store, k, id, error);

  return o ? object_json (o) : NULL;
}

/* ---- queueing ------------------------------------------------------------ */

/**
 * ld_carried_image:
 * @kind: one of the LD_CARRIED_ kinds with an id of its own
 *
 * Returns: (transfer full) (nullable): the record's row as JSON (a run with
 *   its hits), as the central database keeps it
 */
char *
ld_carried_image (LdStore     *store,
                  const char  *kind,
                  const char  *id,
                  GError     **error)
{
  return row_image (store, kind_named (kind), id, error);
}

/**
 * ld_carried_queue:
 * @kind: %LD_CARRIED_CASE_RUN, %LD_CARRIED_CONSENT_RUN, %LD_CARRIED_CASE_VERDICT,
 *   %LD_CARRIED_CONSENT_VERDICT or %LD_CARRIED_EXEMPTION
 * @before_json: (nullable): the record before this change (an exemption's
 *   confirmation), %NULL when it was just written
 *
 * Inside the transaction that wrote the record (a screening run and its hits,
 * an officer's verdict on a hit, an exemption written or confirmed) and
 * audited it on its case or request: queues it for the central database. A
 * second verdict on the same hit from another desk is a conflict there, never
 * a silent overwrite.
 */
gboolean
ld_carried_queue (LdStore     *store,
                  const char  *kind,
                  const char  *id,
                  const char  *before_json,
                  GError     **error)
{
  const Kind *k = kind_named (kind);
  g_autofree char *image = row_image (store, k, id, error);

  g_assert (k->queued_as != NULL && k->owner_entity == NULL);
  if (image == NULL)
    return error == NULL || *error == NULL;
  return ld_store_carry_record (store, before_json && k->changed_as ? k->changed_as : k->queued_as, k->entity, id,
                                before_json, image, error);
}

/**
 * ld_carried_queue_image:
 * @kind: %LD_CARRIED_CASE_RUN or %LD_CARRIED_CONSENT_RUN
 * @image: the run's row with its hits, as ld_carried_image() reads it back
 *
 * Like ld_carried_queue() for a run just written, whose writer built its
 * image from the values it wrote: reading the run and its hits back and
 * building the image from the rows was a sixth of a re-screening job's
 * writing. The writer's image must be the one ld_carried_image() gives
 * (test-rescreen compares them).
 */
gboolean
ld_carried_queue_image (LdStore     *store,
                        const char  *kind,
                        const char  *id,
                        const char  *image,
                        GError     **error)
{
  const Kind *k = kind_named (kind);

  g_assert (k->queued_as != NULL && k->owner_entity == NULL && k->hits_sql != NULL);
  return ld_store_carry_record (store, k->queued_as, k->entity, id, NULL, image, error);
}

/* ---- applying ------------------------------------------------------------ */

static gboolean
write_json (LdStore     *store,
            const char  *sql,
            const char  *json,
            const char  *id,
            GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, json);
  ld_store_bind_text (stmt, 2, id);
  return ld_store_step_done (store, stmt, error);
}

static gboolean
carry_over_clearances (LdStore     *store,
                       const Kind  *k,
                       GError     **error)
{
  g_autofree char *now = ld_store_now_utc ();

  /* The note a run writes for a hit already cleared (ld-case-screening.c). */
  return _ld_store_exec_text (store, k->clear_sql, now, _("cleared as a false match by %s on %s: %s"), error);
}

static gboolean
apply_run (const Kind     *k,
           LdStore        *store,
           const LdActor  *actor,
           const char     *action,
           const char     *id,
           JsonObject     *image,
           gboolean       *out_changed,
           GError        **error)
{
  JsonArray *hits = ld_pulled_image_array (image, "hits");
  const char *owner = ld_pulled_image_text (image, k->owner);
  g_autofree char *held = NULL;
  g_autofree char *json = NULL;
  g_autofree char *after = NULL;

  *out_changed = FALSE;
  if (owner == NULL)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_MISSING,
                   _("The central database's screening run %s names nothing screened."), id);
      return FALSE;
    }
  if ((held = row_image (store, k, id, error)) != NULL)
    return TRUE;
  if (error && *error)
    return FALSE;
  json = object_json (image);
  if (!write_json (store, k->write_sql, json, NULL, error))
    return FALSE;
  for (guint i = 0; hits && i < json_array_get_length (hits); i++)
    {
      g_autofree char *hit = object_json (json_array_get_object_element (hits, i));

      if (!write_json (store, k->write_hit_sql, hit, NULL, error))
        return FALSE;
    }
  if (!_ld_store_exec_text (store, k->supersede_sql, owner, NULL, error) ||
      !carry_over_clearances (store, k, error) ||
      !(after = row_image (store, k, id, error)))
    return FALSE;
  *out_changed = TRUE;
  return ld_store_record_change (store, actor, action, k->entity, id, 0, NULL, after, error);
}

static gboolean
apply_verdict (const Kind     *k,
               LdStore        *store,
               const LdActor  *actor,
               const char     *action,
               const char     *id,
               JsonObject     *image,
               gboolean       *out_changed,
               GError        **error)
{
  g_autofree char *before = row_image (store, k, id, error);
  g_autofree char *json = NULL;
  g_autofree char *after = NULL;

  *out_changed = FALSE;
  if (before == NULL)
    {
      if (error && *error == NULL)
        g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                     _("This desk does not hold the screening hit %s the verdict is on."), id);
      return FALSE;
    }
  json = object_json (image);
  if (!write_json (store, k->write_sql, json, id, error) || !carry_over_clearances (store, k, error) ||
      !(after = row_image (store, k, id, error)))
    return FALSE;
  if (g_strcmp0 (before, after) == 0)
    return TRUE;
  *out_changed = TRUE;
  return ld_store_record_change (store, actor, action, k->entity, id, 0, before, after, error);
}

/* ---- a broker's screening ------------------------------------------------ */

/* The broker's screening that wrote its hits at @run_at, as every desk
 * keeps it. */
static char *
broker_run_image (LdStore     *store,
                  const Kind  *k,
                  const char  *id,
                  const char  *broker_id,
                  const char  *run_at,
                  GError     **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  sqlite3_stmt *stmt = ld_store_prepare (store, k->hits_sql, error);

  if (stmt == NULL)
    return NULL;
  ld_store_bind_text (stmt, 1, broker_id);
  ld_store_bind_text (stmt, 2, run_at);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "broker_id");
  json_builder_add_string_value (b, broker_id);
  json_builder_set_member_name (b, "run_at");
  json_builder_add_string_value (b, run_at);
  json_builder_set_member_name (b, k->hits_member);
  json_builder_begin_array (b);
  if (!ld_store_read_rows (store, stmt, add_row_object, b, _("reading a broker's screening hits"), error))
    return NULL;
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/**
 * ld_carried_queue_broker_screening:
 * @run_at: the time the screening wrote its hits with (their created_at)
 *
 * Inside the transaction that screened broker @broker_id (alone, or in a
 * re-screening batch) and wrote its hits: queues the screening for the
 * central database, so every desk holds the broker's hits and supersedes the
 * ones before, even when it found nothing.
 */
gboolean
ld_carried_queue_broker_screening (LdStore     *store,
                                   const char  *broker_id,
                                   const char  *run_at,
                                   GError     **error)
{
  const Kind *k = kind_named (LD_CARRIED_BROKER_RUN);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *image = broker_run_image (store, k, id, broker_id, run_at, error);

  return image != NULL && ld_store_carry_record (store, k->queued_as, k->entity, id, NULL, image, error);
}

static char *
broker_hits_state (LdStore     *store,
                   const Kind  *k,
                   const char  *broker_id,
                   GError     **error)
{
  g_autofree char *state = NULL;

  if (!_ld_store_query_text (store, k->held_sql, broker_id, NULL, NULL, &state, error))
    return NULL;
  return state ? g_steal_pointer (&state) : g_strdup ("[]");
}

/* Another desk's screening of a broker this desk holds: its hits written
 * (each once), the broker's earlier open hits superseded and its cleared
 * entries cleared again, audited on the broker as the screening desk's
 * "screen" is. */
static gboolean
apply_broker_run (const Kind     *k,
                  LdStore        *store,
                  const LdActor  *actor,
                  const char     *action,
                  const char     *id,
                  JsonObject     *image,
                  gboolean       *out_changed,
                  GError        **error)
{
  JsonArray *hits = ld_pulled_image_array (image, k->hits_member);
  const char *broker = ld_pulled_image_text (image, k->owner);
  const char *run_at = ld_pulled_image_text (image, "run_at");
  g_autofree char *before = NULL, *after = NULL, *json = NULL;

  *out_changed = FALSE;
  if (broker == NULL || run_at == NULL)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_MISSING,
                   _("The central database's broker screening %s names no broker or time."), id);
      return FALSE;
    }
  if (!(before = broker_hits_state (store, k, broker, error)))
    return FALSE;
  for (guint i = 0; hits && i < json_array_get_length (hits); i++)
    {
      g_autofree char *hit = object_json (json_array_get_object_element (hits, i));

      if (!write_json (store, k->write_hit_sql, hit, NULL, error))
        return FALSE;
    }
  if (!_ld_store_exec_text (store, k->supersede_sql, broker, run_at, error) ||
      !carry_over_clearances (store, k, error) ||
      !(after = broker_hits_state (store, k, broker, error)))
    return FALSE;
  if (g_strcmp0 (before, after) == 0)
    return TRUE;
  *out_changed = TRUE;
  json = object_json (image);
  return ld_store_record_change (store, actor, action, k->owner_entity, broker, 0, NULL, json, error);
}

/* ---- the denial register ------------------------------------------------- */

/* The other names as the register keeps them: one a line. */
static char *
other_names (JsonObject *image)
{
  JsonArray *names = ld_pulled_image_array (image, "other_names");
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; names && i < json_array_get_length (names); i++)
    {
      const char *name = json_array_get_string_element (names, i);

      if (name == NULL || *name == '\0')
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, name);
    }
  return text->len > 0 ? g_strdup (text->str) : NULL;
}

static gboolean
insert_denial (LdStore     *store,
               const char  *id,
               JsonObject  *image,
               GError     **error)
{
  g_autofree char *others = other_names (image);
  const char *members[] = { "reference", "name", NULL, "party_type", "country", "denied_on", "reason", "source",
                            "recorded_at", "recorded_by", "recorded_by", "voided_at", "voided_by", "void_reason" };
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO denial (id, reference, party_name, other_names, party_type, country, denied_on, reason, source,"
    " recorded_at, recorded_by, recorded_by_login, voided_at, voided_by_login, void_reason, row_version)"
    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,coalesce ((SELECT id FROM user_profile WHERE login = ?11), ?11),?12,"
    "?13,?14,?15,?16)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    ld_store_bind_text (stmt, (int) i + 2, members[i] ? ld_pulled_image_text (image, members[i]) : others);
  sqlite3_bind_int64 (stmt, 16, ld_pulled_image_int (image, "row_version", 1));
  return ld_store_step_done (store, stmt, error);
}

static gboolean
void_denial (LdStore     *store,
             const char  *id,
             JsonObject  *image,
             GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "UPDATE denial SET voided_at = ?, voided_by_login = ?, void_reason = ?, row_version = ?"
    " WHERE id = ? AND voided_at IS NULL", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, ld_pulled_image_text (image, "voided_at"));
  ld_store_bind_text (stmt, 2, ld_pulled_image_text (image, "voided_by"));
  ld_store_bind_text (stmt, 3, ld_pulled_image_text (image, "void_reason"));
  sqlite3_bind_int64 (stmt, 4, ld_pulled_image_int (image, "row_version", 2));
  ld_store_bind_text (stmt, 5, id);
  return ld_store_step_done (store, stmt, error);
}

/* apply_denial:
 * @image: the denial as the central database keeps it (ld_denial_to_json()'s
 *   members)
 *
 * Writes a denial another desk recorded, or its voiding, into the register,
 * where every case and broker screening matches it, through the audited
 * write path. What was recorded never changes: only a voiding is applied to
 * a denial the desk holds. A reference the desk holds under another denial
 * stays in the server copy.
 */
static gboolean
apply_denial (const Kind     *k,
              LdStore        *store,
              const LdActor  *actor,
              const char     *action,
              const char     *id,
              JsonObject     *image,
              gboolean       *out_changed,
              GError        **error)
{
  g_autofree char *before = row_image (store, k, id, error);
  g_autofree char *after = NULL;
  gboolean voided = ld_pulled_image_text (image, "voided_at") != NULL;

  *out_changed = FALSE;
  if (before == NULL && error && *error)
    return FALSE;
  if (ld_pulled_image_text (image, "reference") == NULL || ld_pulled_image_text (image, "name") == NULL)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_MISSING,
                   _("The central database's denial %s has no reference or name."), id);
      return FALSE;
    }
  if (before == NULL ? !insert_denial (store, id, image, error)
                     : voided && !void_denial (store, id, image, error))
    return FALSE;
  if (!(after = row_image (store, k, id, error)))
    return FALSE;
  if (g_strcmp0 (before, after) == 0)
    return TRUE;
  *out_changed = TRUE;
  return ld_store_record_change (store, actor, action, "denial", id, before ? 1 : 0, before, after, error);
}

/* ---- a case's and a broker's history ------------------------------------ */

/* The line as every desk knows it: no local sequence number or profile id. */
static JsonObject *
event_image (LdStore     *store,
             const Kind  *k,
             gint64       rowid,
             GError     **error)
{
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, rowid);
  JsonObject *o = row_object (store, k, key, error);

  if (o == NULL)
    return NULL;
  json_object_remove_member (o, "seq");
  json_object_remove_member (o, "actor_id");
  return o;
}

/* The line's id on the central database: its own, or made from what says
 * which line it is (the members its held_sql compares). */
static char *
event_id (const Kind  *k,
          JsonObject  *image)
{
  static const char *const same[] = { "application_id", "version", "action", "actor_login", "at" };
  g_autoptr(GString) key = g_string_new (NULL);

  if (k->own_id)
    return g_strdup (ld_pulled_image_text (image, "id"));
  for (guint i = 0; i < G_N_ELEMENTS (same); i++)
    {
      JsonNode *node = json_object_get_member (image, same[i]);
      g_autofree char *text = node ? json_to_string (node, FALSE) : g_strdup ("null");

      g_string_append_printf (key, "%s\n", text);
    }
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, key->str, -1);
}

/**
 * ld_carried_queue_event:
 * @kind: %LD_CARRIED_CASE_EVENT, %LD_CARRIED_BROKER_EVENT or
 *   %LD_CARRIED_REFUSAL_CRITERIA
 * @rowid: the history line just written (the refusal's line, its criteria
 *   written too)
 *
 * Inside the transaction that wrote a line of a case's or a broker's history
 * (and audits the act on the record): queues it for the central database,
 * so the history every desk shows is the same; or the criteria of a refusal
 * under its line.
 */
gboolean
ld_carried_queue_event (LdStore     *store,
                        const char  *kind,
                        gint64       rowid,
                        GError     **error)
{
  const Kind *k = kind_named (kind);
  g_autoptr(JsonObject) image = NULL;
  g_autofree char *id = NULL;
  g_autofree char *json = NULL;
  sqlite3_stmt *probe;

  g_assert (k->owner_entity != NULL);
  if (!(image = event_image (store, k, rowid, error)))
    return error == NULL || *error == NULL;
  id = event_id (k, image);
  if (!json_object_has_member (image, "id"))
    json_object_set_string_member (image, "id", id);
  json = object_json (image);
  if (!(probe = ld_store_prepare (store, "SELECT 1", error)) ||
      !ld_store_carry_record (store, k->queued_as, k->entity, id, NULL, json, error))
    return FALSE;
  /* The caller may still name the line by the row it just wrote (a refusal's
   * criteria name their line): the outbox row is not it. */
  sqlite3_set_last_insert_rowid (sqlite3_db_handle (probe), rowid);
  return TRUE;
}

static gboolean
holds_event (LdStore     *store,
             const Kind  *k,
             const char  *json,
             gboolean    *out_held,
             GError     **error)
{
  g_autofree char *count = NULL;

  if (!_ld_store_query_text (store, k->held_sql, json, NULL, NULL, &count, error))
    return FALSE;
  *out_held = count != NULL && g_strcmp0 (count, "0") != 0;
  return TRUE;
}

static gboolean
apply_event (const Kind     *k,
             LdStore        *store,
             const LdActor  *actor,
             const char     *action,
             const char     *id,
             JsonObject     *image,
             gboolean       *out_changed,
             GError        **error)
{
  const char *owner = ld_pulled_image_text (image, k->owner);
  const char *login = ld_pulled_image_text (image, "actor_login");
  g_autofree char *profile = NULL;
  g_autofree char *json = NULL;
  gboolean held = FALSE;

  *out_changed = FALSE;
  if (owner == NULL || login == NULL || ld_pulled_image_text (image, "action") == NULL)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_MISSING,
                   _("The central database's history line %s names no record, act or officer."), id);
      return FALSE;
    }
  json = object_json (image);
  if (!holds_event (store, k, json, &held, error))
    return FALSE;
  if (held)
    return TRUE;
  /* A profile of another desk has no id here: the login stands for it. */
  if (!_ld_store_query_text (store, "SELECT id FROM user_profile WHERE login = ?", login, NULL, NULL, &profile,
                             error))
    return FALSE;
  json_object_set_string_member (image, "actor_id", profile ? profile : login);
  if (!k->own_id)
    json_object_remove_member (image, "id");
  g_clear_pointer (&json, g_free);
  json = object_json (image);
  if (!write_json (store, k->write_sql, json, NULL, error))
    return FALSE;
  *out_changed = TRUE;
  /* The line is part of its record, whose entry covers it. */
  return ld_store_record_change (store, actor, action, k->owner_entity, owner, 0, NULL, json, error);
}

static gboolean
count_with (LdStore     *store,
            const char  *sql,
            const char  *json,
            gint64      *out_count,
            GError     **error)
{
  g_autofree char *count = NULL;

  if (!_ld_store_query_text (store, sql, json, NULL, NULL, &count, error))
    return FALSE;
  *out_count = count ? g_ascii_strtoll (count, NULL, 10) : 0;
  return TRUE;
}

/* The criteria of a refusal another desk recorded, under the history line
 * of the refusal this desk holds (carried before them, in the same push). */
static gboolean
apply_criteria (const Kind     *k,
                LdStore        *store,
                const LdActor  *actor,
                const char     *action,
                const char     *id,
                JsonObject     *image,
                gboolean       *out_changed,
                GError        **error)
{
  const char *owner = ld_pulled_image_text (image, k->owner);
  g_autofree char *json = object_json (image);
  gint64 lines = 0, missing = 0;

  *out_changed = FALSE;
  if (owner == NULL || !ld_pulled_image_array (image, k->hits_member))
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_MISSING,
                   _("The central database's refusal criteria %s name no case or criterion."), id);
      return FALSE;
    }
  if (!count_with (store, k->line_sql, json, &lines, error) ||
      !count_with (store, k->held_sql, json, &missing, error))
    return FALSE;
  if (lines == 0)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                   _("This desk does not hold the refusal the criteria %s are on."), id);
      return FALSE;
    }
  if (missing == 0)
    return TRUE;
  if (!write_json (store, k->write_sql, json, NULL, error))
    return FALSE;
  *out_changed = TRUE;
  /* The criteria are part of the case, whose entry covers them. */
  return ld_store_record_change (store, actor, action, k->owner_entity, owner, 0, NULL, json, error);
}

/* ---- a broker's people --------------------------------------------------- */

/* A person another desk put on a broker's file (or voided there), written
 * into the file and the broker's search entry through the audited write
 * path (an entry on the person, as the desk that added it made). */
static gboolean
apply_person (const Kind     *k,
              LdStore        *store,
              const LdActor  *actor,
              const char     *action,
              const char     *id,
              JsonObject     *image,
              gboolean       *out_changed,
              GError        **error)
{
  const char *broker = ld_pulled_image_text (image, k->owner);
  g_autofree char *before = row_image (store, k, id, error);
  g_autofree char *json = NULL;
  g_autofree char *after = NULL;

  *out_changed = FALSE;
  if (before == NULL && error && *error)
    return FALSE;
  if (broker == NULL)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_MISSING,
                   _("The central database's broker person %s names no broker."), id);
      return FALSE;
    }
  json = object_json (image);
  if (!write_json (store, k->write_sql, json, NULL, error) || !(after = row_image (store, k, id, error)))
    return FALSE;
  if (g_strcmp0 (before, after) == 0)
    return TRUE;
  *out_changed = TRUE;
  return _ld_broker_repo_reindex (store, broker, error) &&
         ld_store_record_change (store, actor, action, k->entity, id, 0, before, after, error);
}

/* ---- embargo exemptions -------------------------------------------------- */

/* A profile of this desk when one has @login, else the login itself: four
 * eyes compares who wrote and who confirms by these. */
static gboolean
map_profile (LdStore     *store,
             JsonObject  *image,
             const char  *id_member,
             const char  *login_member,
             GError     **error)
{
  const char *login = ld_pulled_image_text (image, login_member);
  g_autofree char *profile = NULL;

  if (login == NULL)
    return TRUE;
  if (!_ld_store_query_text (store, "SELECT id FROM user_profile WHERE login = ?", login, NULL, NULL, &profile,
                             error))
    return FALSE;
  json_object_set_string_member (image, id_member, profile ? profile : login);
  return TRUE;
}

/* Writes an exemption another desk wrote or confirmed into the case's
 * exemptions, where the decision gate reads them, through the audited write
 * path (an entry on the exemption). */
static gboolean
apply_exemption (const Kind     *k,
                 LdStore        *store,
                 const LdActor  *actor,
                 const char     *action,
                 const char     *id,
                 JsonObject     *image,
                 gboolean       *out_changed,
                 GError        **error)
{
  g_autofree char *before = row_image (store, k, id, error);
  g_autofree char *json = NULL;
  g_autofree char *after = NULL;

  *out_changed = FALSE;
  if (before == NULL && error && *error)
    return FALSE;
  if (!map_profile (store, image, "written_by", "written_by_login", error) ||
      !map_profile (store, image, "confirmed_by", "confirmed_by_login", error))
    return FALSE;
  json = object_json (image);
  if (!write_json (store, k->write_sql, json, NULL, error) || !(after = row_image (store, k, id, error)))
    return FALSE;
  if (g_strcmp0 (before, after) == 0)
    return TRUE;
  *out_changed = TRUE;
  return ld_store_record_change (store, actor, action, k->entity, id, 0, before, after, error);
}

/* ---- what ld-pulled.c calls ---------------------------------------------- */

/**
 * _ld_carried_holds:
 *
 * Returns: whether @entity is one of the records this file carries
 */
gboolean
_ld_carried_holds (const char *entity)
{
  return kind_or_null (entity) != NULL;
}

/**
 * _ld_carried_apply:
 * @entity: a kind _ld_carried_holds() answers for
 * @image: the record as the central database keeps it
 *
 * Writes a record another desk made into this desk's registers, inside the
 * pull's transaction, through the audited write path.
 */
gboolean
_ld_carried_apply (LdStore        *store,
                   const char     *entity,
                   const LdActor  *actor,
                   const char     *action,
                   const char     *id,
                   JsonObject     *image,
                   gboolean       *out_changed,
                   GError        **error)
{
  const Kind *k = kind_named (entity);

  return k->apply (k, store, actor, action, id, image, out_changed, error);
}
