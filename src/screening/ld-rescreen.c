/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-rescreen"

#include "config.h"

#include <time.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ld-broker-screening-private.h"
#include "ld-case-json.h"
#include "ld-case-repo-private.h"
#include "ld-case-screening-private.h"
#include "ld-euc-consent-screening-private.h"
#include "ld-json-members.h"
#include "ld-rescreen.h"

/*
 * Re-screening at scale: after a list update every undecided case (or every
 * broker on the register) is screened again, a batch at a time.
 *
 * - A batch is read by this thread as the rows hold it; a pool of worker
 *   threads parses its cases, works out its parties' keys and screens its
 *   names (the matcher is read-only once built, its per-query scratch and ICU
 *   transliterators per thread, and so is the denial register read once for
 *   the job), shares the results of names screened alike, and frees it once
 *   written. While the pool does the next two batches (the one to be
 *   written first, first), this thread writes the one before: it only reads
 *   and writes, the one writer, and waits for the pool only when the pool is
 *   behind it.
 * - Each batch's results are written in one transaction through the same
 *   functions as a case screened alone (one run and its hits per case), with
 *   the job's cursor (the last rowid written) moved in that same
 *   transaction: an interrupted job resumes after its last written batch and
 *   never writes one twice.
 * - The audit log gets one entry per batch, "rescreen-batch" on the job,
 *   listing every case (or broker) with its version and its run's summary.
 *   Screening changes no audited row (a case's or broker's digest stays as
 *   its last entry recorded it), so the log verifies as before; an entry per
 *   case, with the digest of the whole case read back at commit, was most of
 *   a job's time.
 * - A case job then screens every pending re-export consent request (its
 *   requester and new end user, its new route), in batches written the same
 *   way; a request already screened by the job is not screened again when an
 *   interrupted job resumes.
 * - A job is resumed only against the same list, embargo table and denial
 *   register; against newer ones it is abandoned and a new one starts, since
 *   what it wrote is stale anyway.
 */

/* Fewer, larger transactions: each commit writes again the pages its rows
 * touched in the indexes keyed by case (screening_run_case), and waits for
 * the disk. Against batches of 500, the job's own thread (the one writer)
 * used about a tenth less CPU time (bench-rescreen). */
#define DEFAULT_BATCH_SIZE 2000
#define JOB_CACHE_KIB 131072
#define JOB_WAL_PAGES 16384
#define DESK_WAL_PAGES 1000
/* SQLite's default page cache, which the desk keeps (2,000 KiB). */
#define DESK_CACHE_KIB 2000
#define NAMES_PER_CHUNK 32
#define SUBJECTS_PER_CHUNK 32

#define UNDECIDED_STATUSES "('submitted', 'under_assessment', 'information_requested', 'recommended_approval'," \
                           " 'recommended_refusal')"
#define REGISTER_STATUSES "('registered', 'suspended')"

typedef struct
{
  gint64        rowid;
  char         *id;
  gint64        row_version;
  char         *label;      /* a broker's registration number */
  /* As read, for a pool thread to make the works of (prepare_subject()). */
  int           version;    /* a case's version screened */
  char         *json;       /* a case's parties and route */
  char         *name;       /* a broker's legal name, other names and country */
  char         *other_names;
  char         *country;
  LdCaseRecord *record;     /* a case, with the version screened */
  GPtrArray    *works;      /* LdScreeningWork */
  GError       *error;      /* the case's parties could not be read */
} Subject;

/* A batch goes through the pool in two stages: its subjects are made into
 * works, then (planned by the thread that prepared the last of them) its
 * distinct names are screened. The thread that screens the last of them
 * shares the results and marks the batch done: this thread only reads and
 * writes. */
typedef enum
{
  BATCH_PREPARING,
  BATCH_SCREENING,
} BatchStage;

typedef struct
{
  GPtrArray *subjects;      /* Subject, in rowid order */
  GPtrArray *works;         /* the LdScreeningWork to screen, not owned */
  GPtrArray *work_keys;     /* their keys (ld_screening_work_key()), for the job to remember them by */
  GPtrArray *copies;        /* pairs (work, work screened alike) to share after */
  GPtrArray *waiting;       /* works whose name a batch planned earlier screens */
  GPtrArray *waiting_keys;  /* and their keys */
  GMutex     lock;
  GCond      done_cond;
  guint      pending;       /* chunks of the stage not yet done */
  BatchStage stage;
  gboolean   done;          /* screened, results shared */
  gint64     last_rowid;
  guint64    seq;           /* the pool does earlier batches' chunks first */
} Batch;

typedef enum
{
  CHUNK_PREPARE,
  CHUNK_SCREEN,
  CHUNK_FREE,
} ChunkKind;

typedef struct
{
  ChunkKind  kind;
  Batch     *batch;
  guint      from;
  guint      to;
} Chunk;

typedef struct
{
  LdStore                *store;
  const LdActor          *actor;
  LdNameMatcher          *matcher;
  LdRescreenKind          kind;
  LdCaseScreeningContext  context;
  LdRescreenProgress     *progress;
  guint                   batch_size;
  GThreadPool            *pool;
  gint64                  cursor;     /* where the next batch is read from */
  char                   *started_at; /* when the job began: its own runs are from then on */
  GHashTable             *screened;   /* key -> LdScreeningWork, names already screened by the job */
  GHashTable             *in_flight;  /* key -> the Batch screening it, until that batch is done */
  GMutex                  screened_lock; /* two batches' pool threads plan and finish at once */
  guint64                 n_started;  /* batches started */
  double                  cpu_started; /* this thread's CPU time when the job began */
} Job;

/* Names screened once per job: an applicant in a thousand cases is screened
 * once. Bounded, so that a register of distinct names does not fill memory. */
#define MAX_REMEMBERED_NAMES 200000

static void
subject_free (Subject *subject)
{
  g_free (subject->id);
  g_free (subject->label);
  g_free (subject->json);
  g_free (subject->name);
  g_free (subject->other_names);
  g_free (subject->country);
  g_clear_error (&subject->error);
  g_clear_pointer (&subject->record, ld_case_record_free);
  g_clear_pointer (&subject->works, g_ptr_array_unref);
  g_free (subject);
}

static Batch *
batch_new (void)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->subjects = g_ptr_array_new_with_free_func ((GDestroyNotify) subject_free);
  batch->works = g_ptr_array_new ();
  batch->work_keys = g_ptr_array_new_with_free_func (g_free);
  batch->copies = g_ptr_array_new ();
  batch->waiting = g_ptr_array_new ();
  batch->waiting_keys = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&batch->lock);
  g_cond_init (&batch->done_cond);
  return batch;
}

static void wait_for_batch (Batch *batch);

/* A batch handed to the pool is freed only once the pool is done with it. */
static void
batch_free (Batch *batch)
{
  if (batch == NULL)
    return;
  wait_for_batch (batch);
  g_ptr_array_unref (batch->copies);
  g_ptr_array_unref (batch->waiting);
  g_ptr_array_unref (batch->waiting_keys);
  g_ptr_array_unref (batch->works);
  g_ptr_array_unref (batch->work_keys);
  g_ptr_array_unref (batch->subjects);
  g_mutex_clear (&batch->lock);
  g_cond_clear (&batch->done_cond);
  g_free (batch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Batch, batch_free)

const char *
ld_rescreen_kind_to_string (LdRescreenKind kind)
{
  return kind == LD_RESCREEN_BROKERS ? "brokers" : "cases";
}

void
ld_rescreen_progress_clear (LdRescreenProgress *progress)
{
  g_clear_pointer (&progress->job_id, g_free);
}

/* ---- the job's row ---- */

static const char *
count_sql (LdRescreenKind kind)
{
  return kind == LD_RESCREEN_BROKERS
         ? "SELECT count(*) FROM broker WHERE status IN " REGISTER_STATUSES " AND voided_at IS NULL"
         : "SELECT count(*) FROM application WHERE status IN " UNDECIDED_STATUSES " AND voided_at IS NULL";
}

#define JOB_COLUMNS "id, cursor, n_total, n_done, n_skipped, n_names, n_open, n_logged, n_cleared_before," \
                    " n_batches, n_with_hits, list_sha256, embargo_version, denial_state, started_at"

static void
progress_from_row (LdRescreenProgress *progress,
                   gint64             *out_cursor,
                   sqlite3_stmt       *stmt)
{
  g_free (progress->job_id);
  progress->job_id = ld_store_column_dup (stmt, 0);
  *out_cursor = sqlite3_column_int64 (stmt, 1);
  progress->n_total = sqlite3_column_int64 (stmt, 2);
  progress->n_done = sqlite3_column_int64 (stmt, 3);
  progress->n_skipped = sqlite3_column_int64 (stmt, 4);
  progress->n_names = sqlite3_column_int64 (stmt, 5);
  progress->n_open = sqlite3_column_int64 (stmt, 6);
  progress->n_logged = sqlite3_column_int64 (stmt, 7);
  progress->n_cleared_before = sqlite3_column_int64 (stmt, 8);
  progress->n_batches = sqlite3_column_int64 (stmt, 9);
  progress->n_with_hits = sqlite3_column_int64 (stmt, 10);
}

/* The running job of this kind, if any: is it against what we screen with? */
static gboolean
read_running_job (Job       *job,
                  gboolean  *out_found,
                  gboolean  *out_same,
                  GError   **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (job->store, "SELECT " JOB_COLUMNS " FROM rescreen_job"
                                                     " WHERE kind = ? AND status = 'running'"
                                                     " ORDER BY started_at DESC LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, ld_rescreen_kind_to_string (job->kind));
  rc = sqlite3_step (stmt);
  *out_found = rc == SQLITE_ROW;
  *out_same = FALSE;
  if (*out_found)
    {
      progress_from_row (job->progress, &job->cursor, stmt);
      g_free (job->started_at);
      job->started_at = ld_store_column_dup (stmt, 14);
      *out_same = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 11), job->context.list_sha256) == 0 &&
                  g_strcmp0 ((const char *) sqlite3_column_text (stmt, 12),
                             ld_embargo_table_get_version (job->context.embargoes)) == 0 &&
                  g_strcmp0 ((const char *) sqlite3_column_text (stmt, 13), job->context.denial_state) == 0;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      ld_store_set_error (job->store, error, rc, _("reading the re-screening jobs"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
set_job_status (Job         *job,
                const char  *status,
                GError     **error)
{
  g_autofree char *now = ld_store_now_utc ();
  sqlite3_stmt *stmt = ld_store_prepare (job->store, "UPDATE rescreen_job SET status = ?, updated_at = ?,"
                                                     " finished_at = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, status);
  ld_store_bind_text (stmt, 2, now);
  ld_store_bind_text (stmt, 3, now);
  ld_store_bind_text (stmt, 4, job->progress->job_id);
  return ld_store_step_done (job->store, stmt, error);
}

static gboolean
insert_job (Job     *job,
            GError **error)
{
  g_autofree char *now = ld_store_now_utc ();
  g_autofree char *after = NULL;
  sqlite3_stmt *stmt;
  gint64 n_total = 0;

  if (!ld_store_query_int64 (job->store, count_sql (job->kind), &n_total, error) ||
      !(stmt = ld_store_prepare (job->store, "INSERT INTO rescreen_job (id, kind, list_sha256, embargo_version,"
                                             " denial_state, status, n_total, started_at, started_by, updated_at)"
                                             " VALUES (?,?,?,?,?,'running',?,?,?,?)", error)))
    return FALSE;
  ld_rescreen_progress_clear (job->progress);
  *job->progress = (LdRescreenProgress) { job->kind, g_uuid_string_random (), FALSE, n_total };
  job->cursor = 0;
  g_free (job->started_at);
  job->started_at = g_strdup (now);
  ld_store_bind_text (stmt, 1, job->progress->job_id);
  ld_store_bind_text (stmt, 2, ld_rescreen_kind_to_string (job->kind));
  ld_store_bind_text (stmt, 3, job->context.list_sha256);
  ld_store_bind_text (stmt, 4, ld_embargo_table_get_version (job->context.embargoes));
  ld_store_bind_text (stmt, 5, job->context.denial_state);
  sqlite3_bind_int64 (stmt, 6, n_total);
  ld_store_bind_text (stmt, 7, now);
  ld_store_bind_text (stmt, 8, job->actor->login);
  ld_store_bind_text (stmt, 9, now);
  if (!ld_store_step_done (job->store, stmt, error))
    return FALSE;
  after = g_strdup_printf ("{\"kind\":\"%s\",\"list_sha256\":\"%s\",\"embargo_version\":\"%s\",\"total\":%"
                           G_GINT64_FORMAT "}", ld_rescreen_kind_to_string (job->kind), job->context.list_sha256,
                           ld_embargo_table_get_version (job->context.embargoes), n_total);
  return ld_store_record_change (job->store, job->actor, "rescreen-start", "rescreen_job", job->progress->job_id, 0,
                                 NULL, after, error);
}

/* Takes up the interrupted job against the same list, or starts one. */
static gboolean
begin_job (Job     *job,
           GError **error)
{
  gboolean found, same;

  if (!ld_store_begin (job->store, error))
    return FALSE;
  if (!read_running_job (job, &found, &same, error) ||
      (found && !same && !set_job_status (job, "abandoned", error)) ||
      (!same && !insert_job (job, error)) ||
      !ld_store_commit (job->store, error))
    {
      ld_store_rollback (job->store);
      return FALSE;
    }
  job->progress->resumed = same;
  job->progress->n_done_before = job->progress->n_done;
  job->context.job_id = job->progress->job_id;
  return TRUE;
}

static gboolean
finish_job (Job     *job,
            GError **error)
{
  g_autofree char *after = ld_rescreen_progress_to_json (job->progress);

  if (!ld_store_begin (job->store, error))
    return FALSE;
  if (!set_job_status (job, "finished", error) ||
      !ld_store_record_change (job->store, job->actor, "rescreen-finish", "rescreen_job", job->progress->job_id, 0,
                               NULL, after, error) ||
      !ld_store_commit (job->store, error))
    {
      ld_store_rollback (job->store);
      return FALSE;
    }
  return TRUE;
}

/* ---- reading a batch ---- */

/* A case as the job screens it: its current version's parties and route,
 * the only parts of the case screening reads (_ld_screening_write_rows()),
 * cut out of the version's JSON by SQLite (read_case_subjects()) and parsed
 * by the case's own parser on a pool thread. Loading and parsing each whole
 * case (its items, documents and serial numbers) was most of the time spent
 * reading a batch. */
static LdCaseRecord *
screened_case (const Subject  *subject,
               GError        **error)
{
  g_autoptr(LdCaseRecord) record = g_new0 (LdCaseRecord, 1);

  record->id = g_strdup (subject->id);
  record->row_version = subject->row_version;
  record->version = record->current_version = subject->version;
  if (!(record->data = ld_case_from_json (subject->json ? subject->json : "{}", error)))
    return NULL;
  g_free (record->data->id);
  record->data->id = g_strdup (record->id);
  return g_steal_pointer (&record);
}

/* On a pool thread: the subject's works, and each party's key for its hits. */
static void
prepare_subject (Job     *job,
                 Subject *subject)
{
  if (job->kind == LD_RESCREEN_BROKERS)
    {
      subject->works = _ld_broker_screening_works (subject->name, subject->other_names, subject->country);
      return;
    }
  if (!(subject->record = screened_case (subject, &subject->error)))
    {
      subject->works = g_ptr_array_new ();
      return;
    }
  g_clear_pointer (&subject->json, g_free);
  subject->works = _ld_case_screening_works (subject->record->data);
  for (guint w = 0; w < subject->works->len; w++)
    {
      const LdCaseParty *party = g_ptr_array_index (subject->record->data->parties, w);
      LdScreeningWork *work = g_ptr_array_index (subject->works, w);

      work->party_key = ld_screening_party_key (party->name, party->country);
    }
}

static gboolean
read_case_subjects (Job     *job,
                    Batch   *batch,
                    GError **error)
{
  /* By rowid from the cursor, the status only filtered: one pass over the
   * table for the whole job, however the statuses are spread. */
  sqlite3_stmt *stmt = ld_store_prepare (job->store,
    "SELECT a.rowid, a.id, a.row_version, a.current_version,"
    " json_object('route', json(json_extract(v.case_json, '$.route')),"
    "             'parties', json(json_extract(v.case_json, '$.parties')))"
    " FROM application AS a JOIN application_version AS v"
    "  ON v.application_id = a.id AND v.version = a.current_version"
    " WHERE a.rowid > ? AND +a.status IN " UNDECIDED_STATUSES " AND a.voided_at IS NULL"
    " ORDER BY a.rowid LIMIT ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job->cursor);
  sqlite3_bind_int (stmt, 2, (int) job->batch_size);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Subject *subject = g_new0 (Subject, 1);

      g_ptr_array_add (batch->subjects, subject);
      subject->rowid = sqlite3_column_int64 (stmt, 0);
      subject->id = ld_store_column_dup (stmt, 1);
      subject->row_version = sqlite3_column_int64 (stmt, 2);
      subject->version = sqlite3_column_int (stmt, 3);
      subject->json = ld_store_column_dup (stmt, 4);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ld_store_set_error (job->store, error, rc, _("reading the undecided cases"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_broker_subjects (Job     *job,
                      Batch   *batch,
                      GError **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (job->store, "SELECT rowid, id, row_version, registration_number, legal_name,"
                                                     " other_names, country FROM broker WHERE rowid > ?"
                                                     " AND +status IN " REGISTER_STATUSES " AND voided_at IS NULL"
                                                     " ORDER BY rowid LIMIT ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job->cursor);
  sqlite3_bind_int (stmt, 2, (int) job->batch_size);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Subject *subject = g_new0 (Subject, 1);

      subject->rowid = sqlite3_column_int64 (stmt, 0);
      subject->id = ld_store_column_dup (stmt, 1);
      subject->row_version = sqlite3_column_int64 (stmt, 2);
      subject->label = ld_store_column_dup (stmt, 3);
      subject->name = ld_store_column_dup (stmt, 4);
      subject->other_names = ld_store_column_dup (stmt, 5);
      subject->country = ld_store_column_dup (stmt, 6);
      g_ptr_array_add (batch->subjects, subject);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ld_store_set_error (job->store, error, rc, _("reading the broker register"));
      return FALSE;
    }
  return TRUE;
}

/* Which names of the batch the pool screens: each name once, and none the job
 * screened before or is screening in another batch (the pool plans a batch
 * or two ahead of the one written); the others get the same results once it
 * is done. */
static void
plan_screening (Job   *job,
                Batch *batch)
{
  g_autoptr(GHashTable) in_batch = g_hash_table_new (g_str_hash, g_str_equal);  /* keys in batch->work_keys */
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&job->screened_lock);

  for (guint i = 0; i < batch->subjects->len; i++)
    {
      Subject *subject = g_ptr_array_index (batch->subjects, i);

      for (guint w = 0; w < subject->works->len; w++)
        {
          LdScreeningWork *work = g_ptr_array_index (subject->works, w);
          char *key = ld_screening_work_key (work);
          LdScreeningWork *alike = g_hash_table_lookup (job->screened, key);

          /* Shared now: a batch finished meanwhile may forget it. */
          if (alike != NULL)
            {
              ld_screening_work_share (work, alike);
              g_free (key);
              continue;
            }
          alike = g_hash_table_lookup (in_batch, key);
          if (alike != NULL)
            {
              g_ptr_array_add (batch->copies, work);
              g_ptr_array_add (batch->copies, alike);
              g_free (key);
              continue;
            }
          if (g_hash_table_contains (job->in_flight, key))
            {
              g_ptr_array_add (batch->waiting, work);
              g_ptr_array_add (batch->waiting_keys, key);
              continue;
            }
          g_hash_table_insert (in_batch, key, work);
          g_hash_table_insert (job->in_flight, key, batch);
          g_ptr_array_add (batch->works, work);
          g_ptr_array_add (batch->work_keys, key);
        }
    }
}

/* Once the batch's names are screened, on the pool thread that screened the
 * last of them: the names screened alike in the batch get their results, and
 * the job remembers what it screened, for the batches planned after. */
static void
finish_screening (Job   *job,
                  Batch *batch)
{
  g_autoptr(GMutexLocker) locker = NULL;

  for (guint i = 0; i < batch->copies->len; i += 2)
    ld_screening_work_share (g_ptr_array_index (batch->copies, i), g_ptr_array_index (batch->copies, i + 1));
  locker = g_mutex_locker_new (&job->screened_lock);
  if (g_hash_table_size (job->screened) + batch->works->len > MAX_REMEMBERED_NAMES)
    g_hash_table_remove_all (job->screened);
  for (guint i = 0; i < batch->works->len; i++)
    {
      /* Only what it found: its key says what was screened. */
      LdScreeningWork *kept = g_new0 (LdScreeningWork, 1);

      ld_screening_work_share (kept, g_ptr_array_index (batch->works, i));
      g_hash_table_replace (job->screened, g_strdup (g_ptr_array_index (batch->work_keys, i)), kept);
      g_hash_table_remove (job->in_flight, g_ptr_array_index (batch->work_keys, i));
    }
}

/* On the job's thread, @batch done: the names another batch was screening get
 * its results, waiting for that batch if it is not done yet (it is one the pool
 * planned earlier but may finish later). A name the job has forgotten since
 * (MAX_REMEMBERED_NAMES) is screened here; it is counted as matched. */
static void
share_waiting (Job   *job,
               Batch *batch)
{
  for (guint i = 0; i < batch->waiting->len; i++)
    {
      LdScreeningWork *work = g_ptr_array_index (batch->waiting, i);
      const char *key = g_ptr_array_index (batch->waiting_keys, i);
      gboolean shared = FALSE;

      for (;;)
        {
          Batch *owner;

          g_mutex_lock (&job->screened_lock);
          if ((shared = g_hash_table_contains (job->screened, key)))
            ld_screening_work_share (work, g_hash_table_lookup (job->screened, key));
          owner = shared ? NULL : g_hash_table_lookup (job->in_flight, key);
          g_mutex_unlock (&job->screened_lock);
          if (owner == NULL)
            break;
          /* Still listed, so not written yet, so not freed. */
          wait_for_batch (owner);
        }
      if (!shared)
        {
          ld_screening_work_run (work, job->matcher, job->context.denials);
          job->progress->n_names_matched++;
        }
    }
}

/* Hands [0, @n) to the pool in chunks of @per_chunk, as the batch's stage.
 * Set batch->pending before: a chunk may be done before this returns. */
static guint
n_chunks (guint n,
          guint per_chunk)
{
  return (n + per_chunk - 1) / per_chunk;
}

static void
push_chunks (Job       *job,
             Batch     *batch,
             ChunkKind  kind,
             guint      n,
             guint      per_chunk)
{
  for (guint from = 0; from < n; from += per_chunk)
    {
      Chunk *chunk = g_new (Chunk, 1);

      *chunk = (Chunk) { kind, batch, from, MIN (from + per_chunk, n) };
      g_thread_pool_push (job->pool, chunk, NULL);
    }
}

static void
mark_done (Batch *batch)
{
  g_mutex_lock (&batch->lock);
  batch->done = TRUE;
  g_cond_signal (&batch->done_cond);
  g_mutex_unlock (&batch->lock);
}

/* The next batch after the cursor, handed to the pool to be prepared and
 * screened; an empty batch when the job is done. */
static Batch *
start_batch (Job     *job,
             GError **error)
{
  g_autoptr(Batch) batch = batch_new ();
  gboolean ok;

  if (!ld_store_begin_read (job->store, error))
    return NULL;
  ok = job->kind == LD_RESCREEN_BROKERS ? read_broker_subjects (job, batch, error)
                                        : read_case_subjects (job, batch, error);
  ld_store_rollback (job->store);
  if (!ok)
    return NULL;

  if (batch->subjects->len == 0)
    {
      batch->done = TRUE;
      return g_steal_pointer (&batch);
    }
  batch->last_rowid = job->cursor =
    ((Subject *) g_ptr_array_index (batch->subjects, batch->subjects->len - 1))->rowid;
  batch->seq = job->n_started++;
  batch->pending = n_chunks (batch->subjects->len, SUBJECTS_PER_CHUNK);
  push_chunks (job, batch, CHUNK_PREPARE, batch->subjects->len, SUBJECTS_PER_CHUNK);
  return g_steal_pointer (&batch);
}

/* On the pool thread that did the stage's last chunk, alone with the batch:
 * the next stage, or the batch done. */
static void
next_stage (Job   *job,
            Batch *batch)
{
  if (batch->stage == BATCH_PREPARING)
    {
      batch->stage = BATCH_SCREENING;
      plan_screening (job, batch);
      if (batch->works->len > 0)
        {
          g_mutex_lock (&batch->lock);
          batch->pending = n_chunks (batch->works->len, NAMES_PER_CHUNK);
          g_mutex_unlock (&batch->lock);
          push_chunks (job, batch, CHUNK_SCREEN, batch->works->len, NAMES_PER_CHUNK);
          return;
        }
    }
  finish_screening (job, batch);
  mark_done (batch);
}

/* The pool's order: the batch to be written first, first. */
static int
compare_chunks (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  guint64 seq_a = ((const Chunk *) a)->batch->seq, seq_b = ((const Chunk *) b)->batch->seq;

  return seq_a < seq_b ? -1 : seq_a > seq_b;
}

/* On a pool thread. */
static void
run_chunk (gpointer data,
           gpointer user_data)
{
  Chunk *chunk = data;
  Job *job = user_data;
  Batch *batch = chunk->batch;
  gboolean last;

  switch (chunk->kind)
    {
    case CHUNK_FREE:
      batch_free (batch);
      g_free (chunk);
      return;
    case CHUNK_PREPARE:
      for (guint i = chunk->from; i < chunk->to; i++)
        prepare_subject (job, g_ptr_array_index (batch->subjects, i));
      break;
    case CHUNK_SCREEN:
      for (guint i = chunk->from; i < chunk->to; i++)
        ld_screening_work_run (g_ptr_array_index (batch->works, i), job->matcher, job->context.denials);
      break;
    }
  g_free (chunk);
  g_mutex_lock (&batch->lock);
  last = --batch->pending == 0;
  g_mutex_unlock (&batch->lock);
  if (last)
    next_stage (job, batch);
}

static void
wait_for_batch (Batch *batch)
{
  g_mutex_lock (&batch->lock);
  while (!batch->done)
    g_cond_wait (&batch->done_cond, &batch->lock);
  g_mutex_unlock (&batch->lock);
}

/* Freeing a batch's million small allocations is a pool thread's work too. */
static void
free_batch_later (Job   *job,
                  Batch *batch)
{
  Chunk *chunk = g_new (Chunk, 1);

  *chunk = (Chunk) { CHUNK_FREE, batch, 0, 0 };
  g_thread_pool_push (job->pool, chunk, NULL);
}

/* ---- writing a batch ---- */

/* A case decided, voided or amended since it was read is not this job's to
 * touch: a decision stands, and an amendment was screened when it was made. */
static gboolean
case_still_undecided (Job      *job,
                      Subject  *subject,
                      gboolean *out_undecided,
                      GError  **error)
{
  /* By the rowid it was read by (and its id, to be sure): a seek in the
   * table itself, not one in the id index first. */
  sqlite3_stmt *stmt = ld_store_prepare (job->store, "SELECT current_version = ? FROM application WHERE rowid = ?"
                                                     " AND id = ? AND status IN " UNDECIDED_STATUSES
                                                     " AND voided_at IS NULL", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, subject->record->version);
  sqlite3_bind_int64 (stmt, 2, subject->rowid);
  ld_store_bind_text (stmt, 3, subject->id);
  *out_undecided = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
broker_still_registered (Job      *job,
                         Subject  *subject,
                         gboolean *out_registered,
                         GError  **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (job->store, "SELECT 1 FROM broker WHERE rowid = ? AND id = ? AND status IN "
                                                     REGISTER_STATUSES " AND voided_at IS NULL", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, subject->rowid);
  ld_store_bind_text (stmt, 2, subject->id);
  *out_registered = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
write_subject (Job       *job,
               Subject   *subject,
               GPtrArray *to_refresh,
               GError   **error)
{
  LdCaseScreeningSummary summary;
  gboolean current;

  if (subject->error != NULL)
    {
      g_propagate_error (error, g_error_copy (subject->error));
      return FALSE;
    }
  if (job->kind == LD_RESCREEN_BROKERS)
    {
      LdBrokerScreened broker = { subject->id, subject->row_version, subject->label };

      if (!broker_still_registered (job, subject, &current, error) ||
          (current && !_ld_broker_screening_write (job->store, job->actor, &job->context, &broker, subject->works,
                                                   &summary, error)))
        return FALSE;
    }
  else if (!case_still_undecided (job, subject, &current, error) ||
           (current && !_ld_case_screening_write (job->store, job->actor, &job->context, subject->record,
                                                  subject->works, &summary, to_refresh, error)))
    return FALSE;

  if (!current)
    {
      job->progress->n_skipped++;
      return TRUE;
    }
  job->progress->n_done++;
  job->progress->n_names += subject->works->len;
  job->progress->n_open += summary.n_open;
  job->progress->n_logged += summary.n_logged;
  job->progress->n_cleared_before += summary.n_cleared_before;
  job->progress->n_with_hits += summary.n_open > 0;
  return TRUE;
}

static gboolean
save_cursor (Job     *job,
             gint64   cursor,
             GError **error)
{
  g_autofree char *now = ld_store_now_utc ();
  const LdRescreenProgress *p = job->progress;
  sqlite3_stmt *stmt = ld_store_prepare (job->store,
    "UPDATE rescreen_job SET cursor = ?, n_done = ?, n_skipped = ?, n_names = ?, n_open = ?, n_logged = ?,"
    " n_cleared_before = ?, n_batches = ?, n_with_hits = ?, updated_at = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cursor);
  sqlite3_bind_int64 (stmt, 2, p->n_done);
  sqlite3_bind_int64 (stmt, 3, p->n_skipped);
  sqlite3_bind_int64 (stmt, 4, p->n_names);
  sqlite3_bind_int64 (stmt, 5, p->n_open);
  sqlite3_bind_int64 (stmt, 6, p->n_logged);
  sqlite3_bind_int64 (stmt, 7, p->n_cleared_before);
  sqlite3_bind_int64 (stmt, 8, p->n_batches);
  sqlite3_bind_int64 (stmt, 9, p->n_with_hits);
  ld_store_bind_text (stmt, 10, now);
  ld_store_bind_text (stmt, 11, p->job_id);
  return ld_store_step_done (job->store, stmt, error);
}

/* The batch's one audit entry: what was screened, each with its run. */
static gboolean
record_batch (Job         *job,
              const char  *what,
              gint64       to_rowid,
              GError     **error)
{
  GPtrArray *lines = job->context.batch_log;
  g_autoptr(GString) after = NULL;

  if (lines->len == 0)
    return TRUE;
  after = g_string_new (NULL);
  g_string_append_printf (after, "{\"kind\":\"%s\",\"batch\":%" G_GINT64_FORMAT ",\"to_rowid\":%" G_GINT64_FORMAT
                          ",\"screened\":[", what, job->progress->n_batches, to_rowid);
  for (guint i = 0; i < lines->len; i++)
    {
      if (i > 0)
        g_string_append_c (after, ',');
      g_string_append (after, g_ptr_array_index (lines, i));
    }
  g_string_append (after, "]}");
  return ld_store_record_change (job->store, job->actor, "rescreen-batch", "rescreen_job", job->progress->job_id, 0,
                                 NULL, after->str, error);
}

/* One transaction: every subject's results and the cursor past them. On
 * failure the counts are put back as they were, as the store's are. Once
 * committed, the assessments the batch changed are refreshed, as for a case
 * screened alone. */
static gboolean
write_batch (Job     *job,
             Batch   *batch,
             GError **error)
{
  LdRescreenProgress before = *job->progress;
  g_autoptr(GPtrArray) to_refresh = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_set_size (job->context.batch_log, 0);
  if (!ld_store_begin (job->store, error))
    return FALSE;
  for (guint i = 0; i < batch->subjects->len; i++)
    if (!write_subject (job, g_ptr_array_index (batch->subjects, i), to_refresh, error))
      goto fail;
  job->progress->n_batches++;
  if (!record_batch (job, ld_rescreen_kind_to_string (job->kind), batch->last_rowid, error) || !save_cursor (job, batch->last_rowid, error) ||
      !ld_store_commit (job->store, error))
    goto fail;
  _ld_case_screening_refresh_assessments (job->store, job->actor, to_refresh);
  return TRUE;

fail:
  ld_store_rollback (job->store);
  *job->progress = before;
  return FALSE;
}

/* ---- the job ---- */

/* The calling thread's CPU time: with other work on the machine, what the
 * one writer itself costs, which no number of pool threads shortens. */
static double
thread_cpu_seconds (void)
{
  struct timespec t;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &t) != 0)
    return 0;
  return t.tv_sec + t.tv_nsec / 1e9;
}

/* Seconds from *@since to now, which becomes the new *@since. */
static double
seconds_since (gint64 *since)
{
  gint64 now = g_get_monotonic_time ();
  double seconds = (now - *since) / 1e6;

  *since = now;
  return seconds;
}

static gboolean
run_batches (Job                    *job,
             LdRescreenProgressFunc  progress,
             gpointer                user_data,
             GCancellable           *cancellable,
             gint64                  started,
             GError                **error)
{
  g_autoptr(Batch) batch = NULL;
  g_autoptr(Batch) next = NULL;
  gint64 t = g_get_monotonic_time ();

  /* Two batches ahead of the one written: the pool always has work, and the
   * writer finds the next batch done however long one batch took. */
  if (!(batch = start_batch (job, error)) ||
      (batch->subjects->len > 0 && !(next = start_batch (job, error))))
    return FALSE;
  job->progress->seconds_reading += seconds_since (&t);
  while (batch->subjects->len > 0)
    {
      g_autoptr(Batch) after = NULL;

      wait_for_batch (batch);
      share_waiting (job, batch);
      job->progress->n_names_matched += batch->works->len;
      job->progress->seconds_waiting += seconds_since (&t);
      if (next != NULL && next->subjects->len > 0 && !g_cancellable_is_cancelled (cancellable) &&
          !(after = start_batch (job, error)))
        return FALSE;
      job->progress->seconds_reading += seconds_since (&t);
      if (!write_batch (job, batch, error))
        return FALSE;
      job->progress->seconds_writing += seconds_since (&t);
      job->progress->seconds = (g_get_monotonic_time () - started) / 1e6;
      job->progress->cpu_seconds_job_thread = thread_cpu_seconds () - job->cpu_started;
      if (progress)
        progress (job->progress, user_data);
      /* Stopped: the batches the pool screened ahead are dropped, unwritten. */
      if (next == NULL || g_cancellable_is_cancelled (cancellable))
        break;
      free_batch_later (job, g_steal_pointer (&batch));
      batch = g_steal_pointer (&next);
      next = g_steal_pointer (&after);
    }
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* ---- pending re-export consent requests ---- */

typedef struct
{
  LdEucRecord        *record;
  const LdEucConsent *consent;   /* in record */
  LdCase             *data;      /* the request as a re-export case */
  GPtrArray          *works;     /* LdScreeningWork */
} Consent;

static void
consent_free (Consent *consent)
{
  g_clear_pointer (&consent->works, g_ptr_array_unref);
  g_clear_pointer (&consent->data, ld_case_free);
  g_clear_pointer (&consent->record, ld_euc_record_free);
  g_free (consent);
}

/* Pending requests the job has not screened yet: its own runs are the ones
 * since it began against the same list, embargo table and register. */
static gboolean
read_consent_refs (Job        *job,
                   GPtrArray  *refs,
                   GError    **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (job->store,
    "SELECT c.euc_id, c.seq FROM euc_consent_request AS c WHERE c.status = 'pending' AND NOT EXISTS"
    " (SELECT 1 FROM consent_screening_run AS r WHERE r.consent_id = c.id AND r.run_at >= ?1"
    "  AND r.list_sha256 = ?2 AND r.embargo_version = ?3 AND r.denial_state = ?4)"
    " ORDER BY c.rowid LIMIT ?5", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, job->started_at);
  ld_store_bind_text (stmt, 2, job->context.list_sha256);
  ld_store_bind_text (stmt, 3, ld_embargo_table_get_version (job->context.embargoes));
  ld_store_bind_text (stmt, 4, job->context.denial_state);
  sqlite3_bind_int (stmt, 5, (int) job->batch_size);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (refs, ld_store_column_dup (stmt, 0));
      g_ptr_array_add (refs, GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (stmt, 1)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ld_store_set_error (job->store, error, rc, _("reading the pending re-export consent requests"));
      return FALSE;
    }
  return TRUE;
}

static Consent *
load_consent (Job         *job,
              const char  *euc_id,
              gint64       seq,
              GError     **error)
{
  g_autoptr(LdEucRecord) record = ld_euc_repo_get (job->store, euc_id, error);
  Consent *consent;

  if (record == NULL)
    return NULL;
  for (guint i = 0; i < record->consents->len; i++)
    {
      const LdEucConsent *c = g_ptr_array_index (record->consents, i);

      if (c->seq != seq)
        continue;
      consent = g_new0 (Consent, 1);
      consent->consent = c;
      consent->data = _ld_euc_consent_screening_as_case (record, c);
      consent->works = _ld_case_screening_works (consent->data);
      consent->record = g_steal_pointer (&record);
      return consent;
    }
  g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
               _("Re-export consent request %" G_GINT64_FORMAT " of certificate %s was not found while re-screening"),
               seq, euc_id);
  return NULL;
}

/* The next pending requests, read in one snapshot and screened on this
 * thread (they are few beside the cases). */
static GPtrArray *
read_consents (Job     *job,
               GError **error)
{
  g_autoptr(GPtrArray) refs = g_ptr_array_new ();
  g_autoptr(GPtrArray) consents = g_ptr_array_new_with_free_func ((GDestroyNotify) consent_free);
  gboolean ok;

  if (!ld_store_begin_read (job->store, error))
    return NULL;
  ok = read_consent_refs (job, refs, error);
  for (guint i = 0; ok && i < refs->len; i += 2)
    {
      Consent *consent = load_consent (job, g_ptr_array_index (refs, i),
                                       (gint64) GPOINTER_TO_SIZE (g_ptr_array_index (refs, i + 1)), error);

      ok = consent != NULL;
      if (ok)
        g_ptr_array_add (consents, consent);
    }
  for (guint i = 0; i < refs->len; i += 2)
    g_free (g_ptr_array_index (refs, i));
  ld_store_rollback (job->store);
  if (!ok)
    return NULL;
  for (guint i = 0; i < consents->len; i++)
    {
      Consent *consent = g_ptr_array_index (consents, i);

      for (guint w = 0; w < consent->works->len; w++)
        ld_screening_work_run (g_ptr_array_index (consent->works, w), job->matcher, job->context.denials);
    }
  return g_steal_pointer (&consents);
}

static gboolean
consent_still_pending (Job           *job,
                       const Consent *consent,
                       gboolean      *out_pending,
                       GError       **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (job->store, "SELECT 1 FROM euc_consent_request WHERE id = ?"
                                                     " AND status = 'pending'", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, consent->consent->id);
  *out_pending = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
write_consent (Job      *job,
               Consent  *consent,
               GError  **error)
{
  LdCaseScreeningSummary summary = { 0 };
  gboolean pending;

  if (!consent_still_pending (job, consent, &pending, error) ||
      (pending && !_ld_euc_consent_screening_write (job->store, job->actor, &job->context, consent->record,
                                                    consent->consent, consent->data, consent->works, &summary,
                                                    error)))
    return FALSE;
  if (!pending)
    return TRUE;
  job->progress->n_consents++;
  job->progress->n_names += consent->works->len;
  job->progress->n_open += summary.n_open;
  job->progress->n_logged += summary.n_logged;
  job->progress->n_cleared_before += summary.n_cleared_before;
  return TRUE;
}

/* One transaction per batch of requests, with its one audit entry. */
static gboolean
write_consents (Job        *job,
                GPtrArray  *consents,
                GError    **error)
{
  LdRescreenProgress before = *job->progress;

  g_ptr_array_set_size (job->context.batch_log, 0);
  if (!ld_store_begin (job->store, error))
    return FALSE;
  for (guint i = 0; i < consents->len; i++)
    if (!write_consent (job, g_ptr_array_index (consents, i), error))
      goto fail;
  job->progress->n_batches++;
  if (!record_batch (job, "consents", 0, error) || !save_cursor (job, job->cursor, error) ||
      !ld_store_commit (job->store, error))
    goto fail;
  return TRUE;

fail:
  ld_store_rollback (job->store);
  *job->progress = before;
  return FALSE;
}

/* After the cases: a consent decision goes through the same gate, which
 * counts only a screening against the list in force. */
static gboolean
rescreen_consents (Job                    *job,
                   LdRescreenProgressFunc  progress,
                   gpointer                user_data,
                   GCancellable           *cancellable,
                   gint64                  started,
                   GError                **error)
{
  while (!g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_autoptr(GPtrArray) consents = NULL;
      gint64 t = g_get_monotonic_time ();

      if (!(consents = read_consents (job, error)))
        return FALSE;
      job->progress->seconds_reading += seconds_since (&t);
      if (consents->len == 0)
        return TRUE;
      if (!write_consents (job, consents, error))
        return FALSE;
      job->progress->seconds_writing += seconds_since (&t);
      job->progress->seconds = (g_get_monotonic_time () - started) / 1e6;
      job->progress->cpu_seconds_job_thread = thread_cpu_seconds () - job->cpu_started;
      if (progress)
        progress (job->progress, user_data);
    }
  return FALSE;
}

/**
 * ld_rescreen_run:
 * @options: (nullable): batch size and threads; %NULL for the defaults
 * @progress: (nullable): called on this thread after each batch is written
 * @cancellable: (nullable): stops the job after the batch being written; it
 *   resumes from there on the next run against the same list
 * @out_progress: (out caller-allocates): where the job stands at the end,
 *   also when it failed or was cancelled; clear it with
 *   ld_rescreen_progress_clear()
 *
 * Screens every undecided case and then every pending re-export consent
 * request, or every broker on the register, against @matcher's list,
 * @embargoes and the denial register in force, in batches on worker threads,
 * taking up an interrupted job against the same ones.
 * Blocks: call it from a worker thread in the window.
 *
 * Returns: %TRUE when every case or broker has been screened
 */
gboolean
ld_rescreen_run (LdStore                  *store,
                 const LdActor            *actor,
                 LdNameMatcher            *matcher,
                 LdEmbargoTable           *embargoes,
                 LdRescreenKind            kind,
                 const LdRescreenOptions  *options,
                 LdRescreenProgressFunc    progress,
                 gpointer                  user_data,
                 GCancellable             *cancellable,
                 LdRescreenProgress       *out_progress,
                 GError                  **error)
{
  Job job = { store, actor, matcher, kind };
  gint64 started = g_get_monotonic_time ();
  guint n_threads = options && options->n_threads ? options->n_threads : g_get_num_processors ();
  gboolean ok;

  g_return_val_if_fail (LD_IS_STORE (store), FALSE);
  g_return_val_if_fail (out_progress != NULL, FALSE);

  *out_progress = (LdRescreenProgress) { kind };
  job.progress = out_progress;
  job.cpu_started = thread_cpu_seconds ();
  job.batch_size = options && options->batch_size ? options->batch_size : DEFAULT_BATCH_SIZE;
  if (!ld_actor_require (actor, LD_PERMISSION_SCREEN_CASES, error) ||
      !_ld_case_screening_context_init (&job.context, store, actor, matcher, embargoes, error))
    return FALSE;
  if (!begin_job (&job, error))
    {
      _ld_case_screening_context_clear (&job.context);
      return FALSE;
    }
  job.context.batch_log = g_ptr_array_new_with_free_func (g_free);
  /* Each batch inserts runs and hits at random places of large indexes (their
   * keys are UUIDs): with SQLite's default 2 MB page cache, the writing slowed
   * down as the tables grew. The desk's own (SQLite's default) is put back after. */
  ld_store_exec (store, "PRAGMA cache_size = -" G_STRINGIFY (JOB_CACHE_KIB), NULL);
  /* The same index pages are written batch after batch: checkpointed every
   * 1,000 pages (SQLite's default), most were copied into the database once
   * per batch or two; less often, once per many (and fewer checkpoints are
   * fewer waits for the disk). The desk keeps SQLite's default, put back after. */
  ld_store_exec (store, "PRAGMA wal_autocheckpoint = " G_STRINGIFY (JOB_WAL_PAGES), NULL);
  job.screened = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) ld_screening_work_free);
  job.in_flight = g_hash_table_new (g_str_hash, g_str_equal);
  g_mutex_init (&job.screened_lock);
  job.pool = g_thread_pool_new (run_chunk, &job, (int) MAX (1, n_threads), FALSE, NULL);
  g_thread_pool_set_sort_function (job.pool, compare_chunks, NULL);
  ok = run_batches (&job, progress, user_data, cancellable, started, error) &&
       (kind != LD_RESCREEN_CASES || rescreen_consents (&job, progress, user_data, cancellable, started, error)) &&
       finish_job (&job, error);
  g_thread_pool_free (job.pool, FALSE, TRUE);
  g_hash_table_unref (job.screened);
  g_hash_table_unref (job.in_flight);
  g_mutex_clear (&job.screened_lock);
  g_clear_pointer (&job.context.batch_log, g_ptr_array_unref);
  ld_store_exec (store, "PRAGMA cache_size = -" G_STRINGIFY (DESK_CACHE_KIB), NULL);
  ld_store_exec (store, "PRAGMA wal_autocheckpoint = " G_STRINGIFY (DESK_WAL_PAGES), NULL);
  out_progress->seconds = (g_get_monotonic_time () - started) / 1e6;
  out_progress->cpu_seconds_job_thread = thread_cpu_seconds () - job.cpu_started;
  _ld_case_screening_context_clear (&job.context);
  g_free (job.started_at);
  return ok;
}

/**
 * ld_rescreen_find_unfinished:
 * @out_found: (out): whether a job of @kind was interrupted
 *
 * Where an interrupted job stands, for the window to offer to go on.
 */
gboolean
ld_rescreen_find_unfinished (LdStore             *store,
                             LdRescreenKind       kind,
                             LdRescreenProgress  *out_progress,
                             gboolean            *out_found,
                             GError             **error)
{
  sqlite3_stmt *stmt;
  gint64 cursor;
  int rc = SQLITE_ERROR;

  *out_progress = (LdRescreenProgress) { kind };
  *out_found = FALSE;
  if (!ld_store_begin_read (store, error))
    return FALSE;
  stmt = ld_store_prepare (store, "SELECT " JOB_COLUMNS " FROM rescreen_job WHERE kind = ? AND status = 'running'"
                                  " ORDER BY started_at DESC LIMIT 1", error);
  if (stmt != NULL)
    {
      ld_store_bind_text (stmt, 1, ld_rescreen_kind_to_string (kind));
      rc = sqlite3_step (stmt);
      if ((*out_found = rc == SQLITE_ROW))
        progress_from_row (out_progress, &cursor, stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        ld_store_set_error (store, error, rc, _("reading the re-screening jobs"));
    }
  ld_store_rollback (store);
  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

/**
 * ld_rescreen_progress_to_json:
 *
 * Returns: (transfer full): the job's counts, as licence-desk-admin prints
 *   them with --json
 */
char *
ld_rescreen_progress_to_json (const LdRescreenProgress *p)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const struct { const char *name; gint64 value; } counts[] = {
    { "total", p->n_total }, { "done", p->n_done }, { "done_before", p->n_done_before },
    { "skipped", p->n_skipped }, { "names", p->n_names }, { "names_matched", p->n_names_matched }, { "open", p->n_open }, { "logged", p->n_logged },
    { "cleared_before", p->n_cleared_before }, { "with_open_hits", p->n_with_hits }, { "batches", p->n_batches },
    { "consents", p->n_consents },
  };

  json_builder_begin_object (b);
  ld_json_add_string_member (b, "job", p->job_id);
  ld_json_add_string_member (b, "kind", ld_rescreen_kind_to_string (p->kind));
  json_builder_set_member_name (b, "resumed");
  json_builder_add_boolean_value (b, p->resumed);
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      json_builder_set_member_name (b, counts[i].name);
      json_builder_add_int_value (b, counts[i].value);
    }
  json_builder_set_member_name (b, "seconds");
  json_builder_add_double_value (b, p->seconds);
  json_builder_set_member_name (b, "seconds_reading");
  json_builder_add_double_value (b, p->seconds_reading);
  json_builder_set_member_name (b, "seconds_waiting_for_screening");
  json_builder_add_double_value (b, p->seconds_waiting);
  json_builder_set_member_name (b, "seconds_writing");
  json_builder_add_double_value (b, p->seconds_writing);
  json_builder_set_member_name (b, "cpu_seconds_job_thread");
  json_builder_add_double_value (b, p->cpu_seconds_job_thread);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}
