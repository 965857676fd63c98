/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-checklist-repo"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ld-case-repo-private.h"
#include "ld-checklist-repo.h"
#include "ld-json-members.h"
#include "ld-store-private.h"
#include "ld-validate.h"

/* Checklist templates (versioned data, README.md "Checklist template files")
 * and the diversion-risk assessments made with them. An assessment belongs to
 * one version of a case and keeps the template version it was started with;
 * the answers an indicator fills in come from src/screening's reading of the
 * record and are stored with their evidence, so that an auditor reads what
 * the officer saw. */

#define TEMPLATE_ENTITY "checklist_template"
#define ASSESSMENT_ENTITY "checklist_assessment"
#define BUILTIN_PATH "/org/licencedesk/LicenceDesk/store/checklist/checklist-v1.json"
#define FORMAT_NAME "licence-desk-checklist"

void
ld_checklist_assessment_free (LdChecklistAssessment *a)
{
  if (a == NULL)
    return;
  g_free (a->id);
  g_free (a->application_id);
  g_free (a->application_reference);
  g_clear_pointer (&a->template_, ld_checklist_template_free);
  g_clear_pointer (&a->responses, g_hash_table_unref);
  g_free (a->assessed_by_login);
  g_free (a->started_at);
  g_free (a->indicators_read_at);
  g_clear_pointer (&a->gaps, g_ptr_array_unref);
  g_free (a);
}

GHashTable *
ld_checklist_responses_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) ld_checklist_response_free);
}

/* ---- Template files --------------------------------------------------------- */

static gboolean
template_error (GError     **error,
                const char  *message)
{
  g_set_error_literal (error, LD_CHECKLIST_ERROR, LD_CHECKLIST_ERROR_INVALID_TEMPLATE, message);
  return FALSE;
}

static const char *
string_member (JsonObject *o,
               const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  return node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

/* A list of answer kinds: every one must be known. */
static gboolean
parse_answers (JsonObject  *o,
               const char  *member,
               const char  *question_id,
               guint        fallback,
               guint       *out_bits,
               GError     **error)
{
  JsonNode *node = json_object_get_member (o, member);
  JsonArray *list;

  *out_bits = fallback;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *m = g_strdup_printf (_("Question “%s”: “%s” must be a list of answer kinds."), question_id,
                                            member);
      return template_error (error, m);
    }
  list = json_node_get_array (node);
  *out_bits = 0;
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *item = json_array_get_element (list, i);
      const char *kind = JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING
                         ? json_node_get_string (item) : NULL;
      LdChecklistAnswer answer;

      if (!ld_checklist_answer_from_string (kind, &answer))
        {
          g_autofree char *m = g_strdup_printf (_("Question “%s” has the unknown answer kind “%s”; the kinds are yes, "
                                                  "no, unknown and not_applicable."), question_id, kind ? kind : "?");
          return template_error (error, m);
        }
      *out_bits |= 1u << answer;
    }
  return TRUE;
}

static LdChecklistQuestion *
parse_question (JsonNode  *node,
                guint      position,
                GError   **error)
{
  g_autoptr(GError) local = NULL;
  LdChecklistQuestion *q;
  JsonObject *o;
  const char *severity;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *m = g_strdup_printf (_("Question %u is not an object."), position);
      template_error (error, m);
      return NULL;
    }
  o = json_node_get_object (node);
  q = g_new0 (LdChecklistQuestion, 1);
  q->id = g_strdup (string_member (o, "id"));
  q->section = g_strdup (string_member (o, "section"));
  q->text = g_strdup (string_member (o, "text"));
  q->guidance = g_strdup (string_member (o, "guidance"));
  q->criterion = g_strdup (string_member (o, "criterion"));
  q->indicator = g_strdup (string_member (o, "indicator"));
  q->evidence_required = json_object_get_boolean_member_with_default (o, "evidence", TRUE);
  severity = string_member (o, "severity");
  if (!parse_answers (o, "answers", q->id ? q->id : "?", 0, &q->answers, error) ||
      !parse_answers (o, "risk", q->id ? q->id : "?", 1u << LD_CHECKLIST_ANSWER_YES, &q->risk, error))
    goto fail;
  if (!ld_checklist_severity_from_string (severity, &q->severity))
    {
      g_autofree char *m = g_strdup_printf (_("Question “%s” has the unknown severity “%s”; use low, medium, high or "
                                              "prohibits."), q->id ? q->id : "?", severity ? severity : "");
      template_error (error, m);
      goto fail;
    }
  return q;
fail:
  ld_checklist_question_free (q);
  return NULL;
}

static LdChecklistTemplate *
template_from_object (JsonObject  *root,
                      GError     **error)
{
  g_autoptr(LdChecklistTemplate) t = g_new0 (LdChecklistTemplate, 1);
  JsonNode *version = json_object_get_member (root, "version");
  JsonNode *questions = json_object_get_member (root, "questions");
  const char *format = string_member (root, "format");

  if (format && !g_str_equal (format, FORMAT_NAME))
    {
      template_error (error, _("The file is not a Licence Desk checklist template (its “format” is not "
                               "“licence-desk-checklist”)."));
      return NULL;
    }
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) || json_node_get_value_type (version) != G_TYPE_INT64)
    {
      template_error (error, _("The template has no version: add \"version\": N, a whole number above the versions "
                               "already in use (see “checklist list”)."));
      return NULL;
    }
  t->version = (int) CLAMP (json_node_get_int (version), 0, G_MAXINT);
  t->title = g_strdup (string_member (root, "title"));
  if (t->title == NULL)
    t->title = g_strdup_printf (_("Checklist version %d"), t->version);
  t->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_checklist_question_free);
  if (questions == NULL || !JSON_NODE_HOLDS_ARRAY (questions))
    {
      template_error (error, _("The template has no “questions” list."));
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (questions)); i++)
    {
      LdChecklistQuestion *q = parse_question (json_array_get_element (json_node_get_array (questions), i), i + 1,
                                               error);
      if (q == NULL)
        return NULL;
      g_ptr_array_add (t->questions, q);
    }
  if (!ld_checklist_template_validate (t, error))
    return NULL;
  return g_steal_pointer (&t);
}

/**
 * ld_checklist_template_parse:
 *
 * Reads a template file (README.md, "Checklist template files") and checks it
 * with ld_checklist_template_validate().
 *
 * Returns: (transfer full) (nullable): the template
 */
LdChecklistTemplate *
ld_checklist_template_parse (const char  *text,
                             gssize       length,
                             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, length, &local))
    {
      g_set_error (error, LD_CHECKLIST_ERROR, LD_CHECKLIST_ERROR_INVALID_TEMPLATE,
                   _("The template is not valid JSON (%s); nothing was imported."), local->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      template_error (error, _("The template must be one JSON object with “version” and “questions”."));
      return NULL;
    }
  return template_from_object (json_node_get_object (root), error);
}

static GBytes *
builtin_bytes (void)
{
  return g_resources_lookup_data (BUILTIN_PATH, 0, NULL);
}

/**
 * ld_checklist_template_builtin:
 *
 * Returns: (transfer full): version 1, shipped with the program
 */
LdChecklistTemplate *
ld_checklist_template_builtin (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  LdChecklistTemplate *t;

  /* Opening any store registers the store's resources. */
  bytes = builtin_bytes ();
  g_assert (bytes != NULL);
  t = ld_checklist_template_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return t;
}

/* ---- Templates in the store -------------------------------------------------- */

static gboolean
insert_template (LdStore        *store,
                 const LdActor  *actor,
                 const LdChecklistTemplate *t,
                 const char     *text,
                 gsize           length,
                 GError        **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *now = ld_store_now_utc ();
  g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) text, length);
  g_autofree char *source = g_strndup (text, length);
  g_autofree char *after = g_strdup_printf ("{\"version\":%d,\"sha256\":\"%s\",\"questions\":%u}", t->version, sha,
                                            t->questions->len);
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO checklist_template (id, version, title, source, source_sha256, imported_at, imported_by,"
    " imported_by_login) VALUES (?,?,?,?,?,?,?,?)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, t->version);
  ld_store_bind_text (stmt, 3, t->title);
  ld_store_bind_text (stmt, 4, source);
  ld_store_bind_text (stmt, 5, sha);
  ld_store_bind_text (stmt, 6, now);
  ld_store_bind_text (stmt, 7, actor->user_id);
  ld_store_bind_text (stmt, 8, actor->login);
  return ld_store_step_done (store, stmt, error) &&
         ld_store_record_change (store, actor, "import-checklist", TEMPLATE_ENTITY, id, 0, NULL, after, error);
}

/* The shipped version 1 is stored the first time it is needed, by whoever
 * needs it, so that what it said stays in the store whatever later releases
 * ship. Call inside a transaction. */
static gboolean
ensure_builtin_locked (LdStore        *store,
                       const LdActor  *actor,
                       GError        **error)
{
  g_autofree char *present = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(LdChecklistTemplate) t = NULL;

  if (!_ld_store_query_text (store, "SELECT id FROM checklist_template WHERE version = 1", NULL, NULL, NULL, &present,
                             error))
    return FALSE;
  if (present)
    return TRUE;
  bytes = builtin_bytes ();
  t = ld_checklist_template_builtin ();
  return insert_template (store, actor, t, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error);
}

static int
newest_version_locked (LdStore  *store,
                       GError  **error)
{
  g_autofree char *text = NULL;

  if (!_ld_store_query_text (store, "SELECT max(version) FROM checklist_template", NULL, NULL, NULL, &text, error))
    return -1;
  return text ? atoi (text) : 1;
}

/**
 * ld_checklist_repo_import:
 *
 * Adds a template version written by the office (README.md, "Checklist
 * template files"). Its version must be above every version in use; new
 * assessments use it from then on, earlier ones keep theirs. Nothing is
 * stored when the file is refused.
 *
 * Returns: (transfer full) (nullable): the template imported
 */
LdChecklistTemplate *
ld_checklist_repo_import (LdStore        *store,
                          const LdActor  *actor,
                          const char     *text,
                          gssize          length,
                          GError        **error)
{
  g_autoptr(LdChecklistTemplate) t = NULL;
  gsize size = length < 0 ? strlen (text) : (gsize) length;
  int newest;

  if (!ld_actor_require (actor, LD_PERMISSION_MANAGE_REFERENCE_DATA, error) ||
      !(t = ld_checklist_template_parse (text, size, error)) ||
      !ld_store_begin (store, error))
    return NULL;
  if (!ensure_builtin_locked (store, actor, error) || (newest = newest_version_locked (store, error)) < 0)
    goto fail;
  if (t->version <= newest)
    {
      g_set_error (error, LD_CHECKLIST_ERROR, LD_CHECKLIST_ERROR_INVALID_TEMPLATE,
                   _("Template version %d is not above version %d, the newest in use; number the file %d or higher "
                     "(versions are never replaced). Nothing was imported."), t->version, newest, newest + 1);
      goto fail;
    }
  if (!insert_template (store, actor, t, text, size, error) || !ld_store_commit (store, error))
    goto fail;
  return g_steal_pointer (&t);
fail:
  ld_store_rollback (store);
  return NULL;
}

static LdChecklistTemplate *
load_template_locked (LdStore  *store,
                      int       version,
                      GError  **error)
{
  g_autofree char *number = g_strdup_printf ("%d", version);
  g_autofree char *source = NULL;

  if (!_ld_store_query_text (store, "SELECT source FROM checklist_template WHERE version = CAST(?1 AS INTEGER)",
                             number, NULL, NULL,
                   &source, error))
    return NULL;
  if (source == NULL && version == 1)
    return ld_checklist_template_builtin ();
  if (source == NULL)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                   _("There is no checklist template version %d; see “checklist list”."), version);
      return NULL;
    }
  return ld_checklist_template_parse (source, -1, error);
}

/**
 * ld_checklist_repo_load_template:
 *
 * Returns: (transfer full) (nullable): template @version as it was imported
 */
LdChecklistTemplate *
ld_checklist_repo_load_template (LdStore  *store,
                                 int       version,
                                 GError  **error)
{
  LdChecklistTemplate *t;

  if (!ld_store_begin_read (store, error))
    return NULL;
  t = load_template_locked (store, version, error);
  ld_store_rollback (store);
  return t;
}

/**
 * ld_checklist_repo_list_templates:
 *
 * Returns: (transfer full) (element-type LdChecklistTemplate): every version,
 *   oldest first; the shipped version 1 even before it was first used
 */
GPtrArray *
ld_checklist_repo_list_templates (LdStore  *store,
                                  GError  **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_checklist_template_free);
  sqlite3_stmt *stmt;
  gboolean has_first = FALSE;

  if (!ld_store_begin_read (store, error))
    return NULL;
  if (!(stmt = ld_store_prepare (store, "SELECT version, source FROM checklist_template ORDER BY version", error)))
    goto fail;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      LdChecklistTemplate *t = ld_checklist_template_parse ((const char *) sqlite3_column_text (stmt, 1), -1, error);

      if (t == NULL)
        {
          sqlite3_reset (stmt);
          goto fail;
        }
      has_first |= t->version == 1;
      g_ptr_array_add (list, t);
    }
  sqlite3_reset (stmt);
  ld_store_rollback (store);
  if (!has_first)
    g_ptr_array_insert (list, 0, ld_checklist_template_builtin ());
  return g_steal_pointer (&list);
fail:
  ld_store_rollback (store);
  return NULL;
}

/* ---- Assessments ------------------------------------------------------------- */

static LdChecklistResponse *
response_from_row (sqlite3_stmt *stmt)
{
  LdChecklistAnswer answer = LD_CHECKLIST_ANSWER_NONE;
  LdChecklistResponse *r;

  ld_checklist_answer_from_string ((const char *) sqlite3_column_text (stmt, 1), &answer);
  r = ld_checklist_response_new ((const char *) sqlite3_column_text (stmt, 0), answer,
                                 (const char *) sqlite3_column_text (stmt, 2));
  r->from_record = sqlite3_column_int (stmt, 3) != 0;
  r->evidence = ld_store_column_dup (stmt, 4);
  r->link = ld_store_column_dup (stmt, 5);
  r->answered_by_login = ld_store_column_dup (stmt, 6);
  r->answered_at = ld_store_column_dup (stmt, 7);
  return r;
}

static gboolean
load_responses (LdStore                *store,
                LdChecklistAssessment  *a,
                GError                **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT question_id, answer, notes, from_record, evidence, link, answered_by_login, answered_at"
    " FROM checklist_answer WHERE assessment_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, a->id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      LdChecklistResponse *r = response_from_row (stmt);

      g_hash_table_replace (a->responses, r->question_id, r);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* The assessment of @version of case @r, or %NULL (and no error) when none
 * was started. Call inside a transaction. */
static LdChecklistAssessment *
load_assessment_locked (LdStore             *store,
                        const LdCaseRecord  *r,
                        int                  version,
                        GError             **error)
{
  g_autoptr(LdChecklistAssessment) a = NULL;
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT a.id, a.template_version, a.assessed_by_login, a.started_at, i.read_at FROM checklist_assessment a"
    " LEFT JOIN checklist_indicator_read i ON i.assessment_id = a.id WHERE a.application_id = ? AND a.case_version = ?",
    error);
  int template_version = 0, rc;

  if (stmt == NULL)
    return NULL;
  ld_store_bind_text (stmt, 1, r->id);
  sqlite3_bind_int (stmt, 2, version);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      a = g_new0 (LdChecklistAssessment, 1);
      a->id = ld_store_column_dup (stmt, 0);
      template_version = sqlite3_column_int (stmt, 1);
      a->assessed_by_login = ld_store_column_dup (stmt, 2);
      a->started_at = ld_store_column_dup (stmt, 3);
      a->indicators_read_at = ld_store_column_dup (stmt, 4);
    }
  sqlite3_reset (stmt);
  if (a == NULL)
    return NULL;
  a->application_id = g_strdup (r->id);
  a->application_reference = g_strdup (r->reference);
  a->case_version = version;
  a->current = version == r->current_version;
  a->responses = ld_checklist_responses_new ();
  if (!(a->template_ = load_template_locked (store, template_version, error)) || !load_responses (store, a, error))
    return NULL;
  a->rating = ld_checklist_rate (a->template_, a->responses);
  a->gaps = ld_checklist_list_gaps (a->template_, a->responses);
  return g_steal_pointer (&a);
}

/**
 * ld_checklist_repo_get:
 * @case_version: 0 for the case's current version
 *
 * Returns: (transfer full) (nullable): the assessment of that version, or
 *   %NULL without an error when none was started
 */
LdChecklistAssessment *
ld_checklist_repo_get (LdStore     *store,
                       const char  *id_or_reference,
                       int          case_version,
                       GError     **error)
{
  g_autoptr(LdCaseRecord) r = NULL;
  LdChecklistAssessment *a;
  g_autoptr(GError) local = NULL;

  if (!ld_store_begin_read (store, error))
    return NULL;
  if (!(r = _ld_case_repo_load_locked (store, id_or_reference, 0, error)))
    {
      ld_store_rollback (store);
      return NULL;
    }
  a = load_assessment_locked (store, r, case_version > 0 ? case_version : r->current_version, &local);
  ld_store_rollback (store);
  if (local)
    g_propagate_error (error, g_steal_pointer (&local));
  return a;
}

static gboolean
start_locked (LdStore             *store,
              const LdActor       *actor,
              const LdCaseRecord  *r,
              GError             **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *now = ld_store_now_utc ();
  g_autofree char *after = NULL;
  sqlite3_stmt *stmt;
  int version;

  if (!ensure_builtin_locked (store, actor, error) || (version = newest_version_locked (store, error)) < 0)
    return FALSE;
  if (!(stmt = ld_store_prepare (store, "INSERT INTO checklist_assessment (id, application_id, case_version,"
                                        " template_version, assessed_by, assessed_by_login, started_at)"
                                        " VALUES (?,?,?,?,?,?,?)", error)))
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  ld_store_bind_text (stmt, 2, r->id);
  sqlite3_bind_int (stmt, 3, r->current_version);
  sqlite3_bind_int (stmt, 4, version);
  ld_store_bind_text (stmt, 5, actor->user_id);
  ld_store_bind_text (stmt, 6, actor->login);
  ld_store_bind_text (stmt, 7, now);
  after = g_strdup_printf ("{\"application\":\"%s\",\"case_version\":%d,\"template_version\":%d}", r->reference,
                           r->current_version, version);
  return ld_store_step_done (store, stmt, error) &&
         ld_store_record_change (store, actor, "start-assessment", ASSESSMENT_ENTITY, id, 0, NULL, after, error);
}

/* The answers as an audit entry shows them, in template order. */
static char *
answers_json (const LdChecklistAssessment *a)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  for (guint i = 0; i < a->template_->questions->len; i++)
    {
      const LdChecklistQuestion *q = g_ptr_array_index (a->template_->questions, i);
      const LdChecklistResponse *r = g_hash_table_lookup (a->responses, q->id);

      if (r == NULL)
        continue;
      json_builder_set_member_name (b, q->id);
      json_builder_begin_object (b);
      ld_json_add_string_member (b, "answer", ld_checklist_answer_to_string (r->answer));
      if (r->notes && r->notes[0])
        ld_json_add_string_member (b, "notes", r->notes);
      if (r->from_record)
        ld_json_add_string_member (b, "evidence", r->evidence);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static gboolean
write_answer (LdStore                    *store,
              const LdActor              *actor,
              const char                 *assessment_id,
              const LdChecklistResponse  *r,
              GError                    **error)
{
  g_autofree char *now = ld_store_now_utc ();
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT OR REPLACE INTO checklist_answer (assessment_id, question_id, answer, notes, from_record, evidence, link,"
    " answered_by, answered_by_login, answered_at) VALUES (?,?,?,?,?,?,?,?,?,?)", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, assessment_id);
  ld_store_bind_text (stmt, 2, r->question_id);
  ld_store_bind_text (stmt, 3, ld_checklist_answer_to_string (r->answer));
  ld_store_bind_text (stmt, 4, r->notes && r->notes[0] ? r->notes : NULL);
  sqlite3_bind_int (stmt, 5, r->from_record);
  ld_store_bind_text (stmt, 6, r->evidence);
  ld_store_bind_text (stmt, 7, r->link);
  /* The officer answered, or added notes to the record's answer. */
  ld_store_bind_text (stmt, 8, actor->user_id);
  ld_store_bind_text (stmt, 9, actor->login);
  ld_store_bind_text (stmt, 10, now);
  return ld_store_step_done (store, stmt, error);
}

/* The record's answer replaces whatever stood; notes an officer added to an
 * earlier record answer stay, with their author (who took part in the
 * assessment); whoever triggered the refresh is not its author. */
static gboolean
write_record_answer (LdStore                    *store,
                     const char                 *assessment_id,
                     const LdChecklistResponse  *r,
                     GError                    **error)
{
  g_autofree char *now = ld_store_now_utc ();
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO checklist_answer (assessment_id, question_id, answer, from_record, evidence, link, answered_at)"
    " VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6) ON CONFLICT (assessment_id, question_id) DO UPDATE SET"
    " answer = excluded.answer, evidence = excluded.evidence, link = excluded.link, answered_at = excluded.answered_at,"
    " notes = CASE WHEN from_record THEN notes END, answered_by = CASE WHEN from_record THEN answered_by END,"
    " answered_by_login = CASE WHEN from_record THEN answered_by_login END, from_record = 1", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, assessment_id);
  ld_store_bind_text (stmt, 2, r->question_id);
  ld_store_bind_text (stmt, 3, ld_checklist_answer_to_string (r->answer));
  ld_store_bind_text (stmt, 4, r->evidence);
  ld_store_bind_text (stmt, 5, r->link);
  ld_store_bind_text (stmt, 6, now);
  return ld_store_step_done (store, stmt, error);
}

static void
keep_response (LdChecklistAssessment *a,
               LdChecklistResponse   *r)
{
  g_hash_table_replace (a->responses, r->question_id, r);
}

static const LdChecklistIndicator *
find_indicator (GPtrArray  *indicators,
                const char *code)
{
  for (guint i = 0; i < indicators->len; i++)
    {
      const LdChecklistIndicator *ind = g_ptr_array_index (indicators, i);

      if (g_strcmp0 (ind->code, code) == 0)
        return ind;
    }
  return NULL;
}

/* The record answers the questions its indicators fired on, with the risk
 * answer and the evidence; an answer it gave earlier is withdrawn once the
 * record no longer shows the risk (a hit judged a false match, a broker
 * registered since), and the officer answers the question again. */
static gboolean
apply_indicators (LdStore                *store,
                  const LdActor          *actor,
                  LdChecklistAssessment  *a,
                  GPtrArray              *indicators,
                  GError                **error)
{
  for (guint i = 0; i < a->template_->questions->len; i++)
    {
      const LdChecklistQuestion *q = g_ptr_array_index (a->template_->questions, i);
      const LdChecklistIndicator *ind = q->indicator ? find_indicator (indicators, q->indicator) : NULL;
      LdChecklistResponse *old = g_hash_table_lookup (a->responses, q->id);
      g_autoptr(LdChecklistResponse) filled = NULL;

      if (ind == NULL)
        continue;
      if (!ind->fired)
        {
          if (old && old->from_record &&
              (!_ld_store_exec_text (store, "DELETE FROM checklist_answer WHERE assessment_id = ? AND question_id = ?", a->id,
                           q->id, error)))
            return FALSE;
          if (old && old->from_record)
            g_hash_table_remove (a->responses, q->id);
          continue;
        }
      filled = ld_checklist_response_new (q->id, ld_checklist_risk_answer (q),
                                          old && old->from_record ? old->notes : NULL);
      filled->from_record = TRUE;
      filled->evidence = g_strdup (ind->evidence);
      filled->link = g_strdup (ind->link);
      if (old && old->from_record && old->answer == filled->answer && g_strcmp0 (old->evidence, filled->evidence) == 0)
        continue;
      if (!write_record_answer (store, a->id, filled, error))
        return FALSE;
      keep_response (a, g_steal_pointer (&filled));
    }
  return TRUE;
}

static gboolean
apply_response (LdStore                    *store,
                const LdActor              *actor,
                LdChecklistAssessment      *a,
                const LdChecklistResponse  *given,
                GError                    **error)
{
  const LdChecklistQuestion *q = ld_checklist_template_find (a->template_, given->question_id);
  const LdChecklistResponse *old;
  g_autoptr(LdChecklistResponse) r = NULL;

  if (q == NULL)
    {
      g_set_error (error, LD_CHECKLIST_ERROR, LD_CHECKLIST_ERROR_UNKNOWN_QUESTION,
                   _("Template version %d has no question “%s”; nothing was stored."), a->template_->version,
                   given->question_id);
      return FALSE;
    }
  old = g_hash_table_lookup (a->responses, q->id);
  if (old && old->from_record && given->answer != old->answer)
    {
      g_set_error (error, LD_CHECKLIST_ERROR, LD_CHECKLIST_ERROR_FROM_RECORD,
                   _("The record answers question “%s” (%s); correct the record (judge the screening hit, register "
                     "the broker, verify the certificate) instead of the answer. Nothing was stored."), q->id,
                   old->evidence ? old->evidence : "");
      return FALSE;
    }
  if (!(old && old->from_record) && !ld_checklist_check_response (q, given->answer, given->notes, error))
    return FALSE;
  if (!ld_validate_text (_("The notes"), given->notes, LD_TEXT_PARAGRAPH, error))
    return FALSE;
  r = ld_checklist_response_new (q->id, given->answer, given->notes);
  if (old && old->from_record)
    {
      r->from_record = TRUE;
      r->evidence = g_strdup (old->evidence);
      r->link = g_strdup (old->link);
    }
  r->answered_by_login = g_strdup (actor->login);
  if (!write_answer (store, actor, a->id, r, error))
    return FALSE;
  keep_response (a, g_steal_pointer (&r));
  return TRUE;
}

static gboolean
check_may_answer (const LdCaseRecord  *r,
                  GError             **error)
{
  if (r->status == LD_CASE_STATUS_SUBMITTED || r->status == LD_CASE_STATUS_UNDER_ASSESSMENT ||
      r->status == LD_CASE_STATUS_INFORMATION_REQUESTED)
    return TRUE;
  g_set_error (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_NOT_ALLOWED,
               _("%s is “%s”: its diversion-risk assessment can be changed only while the case is being assessed."),
               r->reference, ld_case_status_get_title (r->status));
  return FALSE;
}

static gboolean
mark_read (LdStore     *store,
           const char  *assessment_id,
           GError     **error)
{
  g_autofree char *now = ld_store_now_utc ();

  return _ld_store_exec_text (store, "INSERT OR REPLACE INTO checklist_indicator_read (assessment_id, read_at) VALUES (?,?)",
                    assessment_id, now, error);
}

static gboolean
record_answers (LdStore                      *store,
                const LdActor                *actor,
                const LdChecklistAssessment  *a,
                const char                   *before,
                GError                      **error)
{
  g_autofree char *after = answers_json (a);

  if (g_strcmp0 (before, after) == 0)
    return TRUE;
  return _ld_store_exec_text (store, "UPDATE checklist_assessment SET row_version = row_version + 1 WHERE id = ?", a->id, NULL,
                    error) &&
         ld_store_record_change (store, actor, "answer-checklist", ASSESSMENT_ENTITY, a->id, 0, before, after, error);
}

/**
 * ld_checklist_repo_save:
 * @indicators: (nullable) (element-type LdChecklistIndicator): what the record
 *   shows now (ld_checklist_indicators_read(), src/screening); %NULL leaves
 *   the answers the record gave as they are
 * @responses: (nullable) (element-type LdChecklistResponse): the officer's
 *   answers and notes
 *
 * Starts the assessment of the case's current version with the newest
 * template when there is none, fills in what the indicators found and stores
 * the officer's answers, in one transaction: when any answer is refused
 * (unknown question, an answer the question does not take, a risk answer
 * without evidence, an answer the record gives otherwise) nothing is stored.
 *
 * Returns: (transfer full) (nullable): the assessment as saved
 */
LdChecklistAssessment *
ld_checklist_repo_save (LdStore        *store,
                        const LdActor  *actor,
                        const char     *id_or_reference,
                        GPtrArray      *indicators,
                        GPtrArray      *responses,
                        GError        **error)
{
  g_autoptr(LdCaseRecord) r = NULL;
  g_autoptr(LdChecklistAssessment) a = NULL;
  g_autofree char *before = NULL;
  g_autoptr(GError) local = NULL;

  if (!ld_actor_require (actor, LD_PERMISSION_ASSESS_APPLICATIONS, error) || !ld_store_begin (store, error))
    return NULL;
  if (!(r = _ld_case_repo_load_locked (store, id_or_reference, 0, error)) || !check_may_answer (r, error))
    goto fail;
  if (!(a = load_assessment_locked (store, r, r->current_version, &local)) && local == NULL)
    {
      if (!start_locked (store, actor, r, error))
        goto fail;
      a = load_assessment_locked (store, r, r->current_version, &local);
    }
  if (a == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      goto fail;
    }
  before = answers_json (a);
  if (indicators && (!apply_indicators (store, actor, a, indicators, error) || !mark_read (store, a->id, error)))
    goto fail;
  for (guint i = 0; responses && i < responses->len; i++)
    if (!apply_response (store, actor, a, g_ptr_array_index (responses, i), error))
      goto fail;
  if (!record_answers (store, actor, a, before, error))
    goto fail;
  g_clear_pointer (&a, ld_checklist_assessment_free);
  if (!(a = load_assessment_locked (store, r, r->current_version, error)) || !ld_store_commit (store, error))
    goto fail;
  return g_steal_pointer (&a);
fail:
  ld_store_rollback (store);
  return NULL;
}

/**
 * _ld_checklist_repo_refresh_indicators:
 *
 * For the screening (src/screening): what the indicators find now replaces
 * the record's answers of the assessment of the case's current version, in
 * any open status; nothing happens when no assessment was started. The
 * caller checked the actor may screen the case.
 */
gboolean
_ld_checklist_repo_refresh_indicators (LdStore        *store,
                                       const LdActor  *actor,
                                       const char     *id_or_reference,
                                       GPtrArray      *indicators,
                                       GError        **error)
{
  g_autoptr(LdCaseRecord) r = NULL;
  g_autoptr(LdChecklistAssessment) a = NULL;
  g_autofree char *before = NULL;
  g_autoptr(GError) local = NULL;

  if (!ld_store_begin (store, error))
    return FALSE;
  if (!(r = _ld_case_repo_load_locked (store, id_or_reference, 0, error)))
    goto fail;
  if (!ld_case_status_is_open (r->status) ||
      !(a = load_assessment_locked (store, r, r->current_version, &local)))
    {
      ld_store_rollback (store);
      if (local == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  before = answers_json (a);
  if (!apply_indicators (store, actor, a, indicators, error) || !mark_read (store, a->id, error) ||
      !record_answers (store, actor, a, before, error) || !ld_store_commit (store, error))
    goto fail;
  return TRUE;
fail:
  ld_store_rollback (store);
  return FALSE;
}

/* An officer's answer of the earlier version's assessment, as it was given:
 * its author stays its author (and so takes part in the case). */
static gboolean
copy_answer (LdStore     *store,
             const char  *from_assessment,
             const char  *to_assessment,
             const char  *question_id,
             GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO checklist_answer (assessment_id, question_id, answer, notes, from_record, answered_by,"
    " answered_by_login, answered_at) SELECT ?1, question_id, answer, notes, 0, answered_by, answered_by_login,"
    " answered_at FROM checklist_answer WHERE assessment_id = ?2 AND question_id = ?3 AND from_record = 0", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, to_assessment);
  ld_store_bind_text (stmt, 2, from_assessment);
  ld_store_bind_text (stmt, 3, question_id);
  return ld_store_step_done (store, stmt, error);
}

/* Copies into @a the officer's answers of @previous that @a's template still
 * asks and takes; what the record answered is left for the indicators to
 * read again for the new version. */
static gboolean
carry_answers (LdStore                      *store,
               const LdChecklistAssessment  *previous,
               LdChecklistAssessment        *a,
               GError                      **error)
{
  for (guint i = 0; i < a->template_->questions->len; i++)
    {
      const LdChecklistQuestion *q = g_ptr_array_index (a->template_->questions, i);
      const LdChecklistResponse *old = g_hash_table_lookup (previous->responses, q->id);
      LdChecklistResponse *kept;

      if (old == NULL || old->from_record || !ld_checklist_check_response (q, old->answer, old->notes, NULL))
        continue;
      if (!copy_answer (store, previous->id, a->id, q->id, error))
        return FALSE;
      kept = ld_checklist_response_new (q->id, old->answer, old->notes);
      kept->answered_by_login = g_strdup (old->answered_by_login);
      keep_response (a, kept);
    }
  return TRUE;
}

/**
 * _ld_checklist_repo_carry_over_locked:
 * @application_id: the case just amended, inside the amendment's transaction
 * @from_version: the version it was amended from
 *
 * An amended case needs an assessment of its new version (the decision gate
 * reads the current version's). Rather than start it blank, the assessment
 * of @from_version, when there was one, is carried over as a draft: a new
 * assessment with the newest template, started by @actor, holding the
 * officers' answers and notes (with their authors) to the questions it still
 * asks; the answers the record gave are not copied but read again by the
 * indicators at the next refresh (the screening that follows an amendment).
 * The officer reviews it before recommending again. Audited as
 * "carry-over-assessment".
 */
gboolean
_ld_checklist_repo_carry_over_locked (LdStore        *store,
                                      const LdActor  *actor,
                                      const char     *application_id,
                                      int             from_version,
                                      GError        **error)
{
  g_autoptr(LdCaseRecord) r = _ld_case_repo_load_locked (store, application_id, 0, error);
  g_autoptr(LdChecklistAssessment) previous = NULL;
  g_autoptr(LdChecklistAssessment) a = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *answers = NULL;
  g_autofree char *after = NULL;

  if (r == NULL)
    return FALSE;
  if (!(previous = load_assessment_locked (store, r, from_version, &local)))
    {
      if (local == NULL)
        return TRUE;   /* nothing was assessed: the new version starts blank */
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (!start_locked (store, actor, r, error) ||
      !(a = load_assessment_locked (store, r, r->current_version, error)) ||
      !carry_answers (store, previous, a, error))
    return FALSE;
  answers = answers_json (a);
  after = g_strdup_printf ("{\"application\":\"%s\",\"from_case_version\":%d,\"case_version\":%d,"
                           "\"from_template_version\":%d,\"template_version\":%d,\"answers\":%s}",
                           r->reference, from_version, r->current_version, previous->template_->version,
                           a->template_->version, answers);
  return ld_store_record_change (store, actor, "carry-over-assessment", ASSESSMENT_ENTITY, a->id, 0, NULL, after,
                                 error);
}

/**
 * ld_checklist_repo_assessors:
 *
 * Returns: (transfer full) (element-type utf8): the people (as
 *   ld_actor_get_person() names them) who started the assessment of
 *   @case_version or answered any of its questions: none of them may decide
 *   the case. Call inside a transaction.
 */
GPtrArray *
ld_checklist_repo_assessors (LdStore     *store,
                             const char  *application_id,
                             int          case_version,
                             GError     **error)
{
  GPtrArray *people = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "SELECT DISTINCT coalesce(u.person_id, x.who) FROM (SELECT a.assessed_by AS who FROM checklist_assessment a"
    " WHERE a.application_id = ?1 AND a.case_version = ?2 UNION SELECT n.answered_by FROM checklist_answer n"
    " JOIN checklist_assessment a ON a.id = n.assessment_id WHERE a.application_id = ?1 AND a.case_version = ?2"
    " AND n.answered_by IS NOT NULL) x LEFT JOIN user_profile u ON u.id = x.who", error);

  if (stmt == NULL)
    {
      g_ptr_array_unref (people);
      return NULL;
    }
  ld_store_bind_text (stmt, 1, application_id);
  sqlite3_bind_int (stmt, 2, case_version);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (people, ld_store_column_dup (stmt, 0));
  sqlite3_reset (stmt);
  return people;
}

/* ---- The decision gate ------------------------------------------------------- */

/**
 * _ld_checklist_gate_read_locked:
 *
 * What the decision gate needs of the assessment of the case's current
 * version: whether there is one, what keeps it incomplete, whether its
 * indicators were read after the case's newest screening, and its rating.
 * Call inside a transaction.
 */
gboolean
_ld_checklist_gate_read_locked (LdStore             *store,
                                const LdCaseRecord  *r,
                                LdCaseGate          *gate,
                                GError             **error)
{
  g_autoptr(LdChecklistAssessment) a = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *version = g_strdup_printf ("%d", r->current_version);
  g_autofree char *run_at = NULL;

  gate->checklist_required = TRUE;
  gate->checklist_complete = FALSE;
  if (!(a = load_assessment_locked (store, r, r->current_version, &local)))
    {
      if (local == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (!_ld_store_query_text (store, "SELECT max(run_at) FROM screening_run WHERE application_id = ?1"
                          " AND case_version = CAST(?2 AS INTEGER)", r->id, version, NULL, &run_at, error))
    return FALSE;
  gate->checklist_started = TRUE;
  gate->checklist_n_gaps = a->gaps->len;
  gate->checklist_rating = a->rating;
  gate->checklist_template_version = a->template_->version;
  /* Indicators never read, or read before the screening that could change
   * them, leave the record's answers unknown. */
  gate->checklist_stale = a->indicators_read_at == NULL ||
                          (run_at != NULL && g_strcmp0 (a->indicators_read_at, run_at) < 0);
  gate->checklist_complete = a->gaps->len == 0 && !gate->checklist_stale;
  return TRUE;
}

/* ---- JSON -------------------------------------------------------------------- */

static void
add_indicators (JsonBuilder *b,
                GPtrArray   *indicators)
{
  json_builder_set_member_name (b, "indicators");
  json_builder_begin_array (b);
  for (guint i = 0; indicators && i < indicators->len; i++)
    {
      const LdChecklistIndicator *ind = g_ptr_array_index (indicators, i);

      json_builder_begin_object (b);
      ld_json_add_string_member (b, "code", ind->code);
      json_builder_set_member_name (b, "fired");
      json_builder_add_boolean_value (b, ind->fired);
      ld_json_add_string_member (b, "evidence", ind->evidence);
      ld_json_add_string_member (b, "link", ind->link);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_answer_list (JsonBuilder *b,
                 const char  *name,
                 guint        bits)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (LdChecklistAnswer a = LD_CHECKLIST_ANSWER_YES; a < LD_CHECKLIST_N_ANSWERS; a++)
    if (bits & (1u << a))
      json_builder_add_string_value (b, ld_checklist_answer_to_string (a));
  json_builder_end_array (b);
}

static void
add_question (JsonBuilder                *b,
              const LdChecklistQuestion  *q,
              const LdChecklistResponse  *r)
{
  g_autofree char *gap = ld_checklist_question_gap (q, r);

  json_builder_begin_object (b);
  ld_json_add_string_member (b, "id", q->id);
  ld_json_add_string_member (b, "section", q->section);
  ld_json_add_string_member (b, "text", q->text);
  ld_json_add_string_member (b, "severity", ld_checklist_severity_to_string (q->severity));
  ld_json_add_string_member (b, "criterion", q->criterion);
  ld_json_add_string_member (b, "indicator", q->indicator);
  ld_json_add_string_member (b, "answer", r ? ld_checklist_answer_to_string (r->answer) : NULL);
  ld_json_add_string_member (b, "risk_answer", ld_checklist_answer_to_string (ld_checklist_risk_answer (q)));
  add_answer_list (b, "takes", q->answers);
  add_answer_list (b, "risk", q->risk);
  json_builder_set_member_name (b, "evidence_required");
  json_builder_add_boolean_value (b, q->evidence_required);
  if (r)
    {
      ld_json_add_string_member (b, "notes", r->notes);
      json_builder_set_member_name (b, "from_record");
      json_builder_add_boolean_value (b, r->from_record);
      ld_json_add_string_member (b, "evidence", r->evidence);
      ld_json_add_string_member (b, "link", r->link);
      ld_json_add_string_member (b, "answered_by", r->answered_by_login);
    }
  ld_json_add_string_member (b, "gap", gap);
  json_builder_end_object (b);
}

static void
add_assessment (JsonBuilder                 *b,
                const LdChecklistAssessment *a)
{
  g_auto(GStrv) criteria = ld_checklist_suggest_criteria (a->template_, a->responses);

  json_builder_set_member_name (b, "assessment");
  json_builder_begin_object (b);
  ld_json_add_string_member (b, "id", a->id);
  ld_json_add_int_member (b, "case_version", a->case_version);
  ld_json_add_int_member (b, "template_version", a->template_->version);
  ld_json_add_string_member (b, "assessed_by", a->assessed_by_login);
  ld_json_add_string_member (b, "started_at", a->started_at);
  ld_json_add_string_member (b, "indicators_read_at", a->indicators_read_at);
  ld_json_add_string_member (b, "rating", ld_checklist_rating_to_string (a->rating));
  json_builder_set_member_name (b, "complete");
  json_builder_add_boolean_value (b, a->gaps->len == 0);
  json_builder_set_member_name (b, "criteria");
  json_builder_begin_array (b);
  for (guint i = 0; criteria[i]; i++)
    json_builder_add_string_value (b, criteria[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "questions");
  json_builder_begin_array (b);
  for (guint i = 0; i < a->template_->questions->len; i++)
    {
      const LdChecklistQuestion *q = g_ptr_array_index (a->template_->questions, i);

      add_question (b, q, g_hash_table_lookup (a->responses, q->id));
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

/**
 * ld_checklist_assessment_to_json:
 * @assessment: (nullable): none started yet
 * @indicators: (nullable) (element-type LdChecklistIndicator)
 *
 * What `checklist assess --json` prints.
 *
 * Returns: (transfer full): a JSON object
 */
char *
ld_checklist_assessment_to_json (const LdChecklistAssessment *a,
                                 GPtrArray                   *indicators)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  add_indicators (b, indicators);
  if (a)
    add_assessment (b, a);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}
