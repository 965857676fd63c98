/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-admin-checklist"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-admin.h"
#include "ld-checklist-indicators.h"

/*
 * licence-desk-admin checklist: the diversion-risk checklist, through the
 * calls the assessment page of the window makes.
 *
 *   checklist import FILE                 add a template version (README.md, "Checklist template files")
 *   checklist list [--json]               the template versions
 *   checklist assess --application REF [--json]
 *                                         the indicators read from the record now, and the assessment
 *   checklist answer --application REF [--question ID --answer A [--notes TEXT]] [--answers FILE]
 *                                         start or refresh the assessment and record answers
 */

typedef struct
{
  char     *store_path;
  char     *as_login;
  gboolean  as_json;
  char     *application;
  char     *question;
  char     *answer;
  char     *notes;
  char     *answers_file;
} Options;

static void
options_clear (Options *o)
{
  g_free (o->store_path);
  g_free (o->as_login);
  g_free (o->application);
  g_free (o->question);
  g_free (o->answer);
  g_free (o->notes);
  g_free (o->answers_file);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

typedef int (*VerbFunc) (LdStore *store, LdActor *actor, const Options *o, const char *argument);

typedef struct
{
  LdAdminVerb base;
  gboolean    prints;
  gboolean    needs_application;
  VerbFunc    run;
} Verb;

static int
usage (const char *message)
{
  g_printerr ("licence-desk-admin checklist: %s\n", message);
  return LD_ADMIN_EXIT_USAGE;
}

static int
run_import (LdStore       *store,
            LdActor       *actor,
            const Options *o,
            const char    *path)
{
  g_autofree char *text = NULL;
  gsize length = 0;
  GError *error = NULL;
  g_autoptr(LdChecklistTemplate) t = NULL;

  if (path == NULL)
    return usage (_("say which template file to import."));
  if (!g_file_get_contents (path, &text, &length, &error))
    return ld_admin_fail (error);
  if (!(t = ld_checklist_repo_import (store, actor, text, length, &error)))
    return ld_admin_fail (error);
  g_print (_("Imported checklist template version %d, “%s”, with %u questions; new assessments use it.\n"),
           t->version, t->title, t->questions->len);
  return LD_ADMIN_EXIT_OK;
}

static int
run_list (LdStore       *store,
          LdActor       *actor,
          const Options *o,
          const char    *argument)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) list = NULL;

  if (!ld_actor_require (actor, LD_PERMISSION_READ_RECORDS, &error) ||
      !(list = ld_checklist_repo_list_templates (store, &error)))
    return ld_admin_fail (error);
  if (o->as_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < list->len; i++)
        {
          const LdChecklistTemplate *t = g_ptr_array_index (list, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "version");
          json_builder_add_int_value (b, t->version);
          json_builder_set_member_name (b, "title");
          json_builder_add_string_value (b, t->title);
          json_builder_set_member_name (b, "questions");
          json_builder_add_int_value (b, t->questions->len);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      ld_admin_print_json (root);
      return LD_ADMIN_EXIT_OK;
    }
  for (guint i = 0; i < list->len; i++)
    {
      const LdChecklistTemplate *t = g_ptr_array_index (list, i);

      g_print (_("version %-3d %3u questions  %s\n"), t->version, t->questions->len, t->title);
    }
  return LD_ADMIN_EXIT_OK;
}

static void
print_assessment (const LdChecklistAssessment *a,
                  GPtrArray                   *indicators)
{
  for (guint i = 0; i < indicators->len; i++)
    {
      const LdChecklistIndicator *ind = g_ptr_array_index (indicators, i);

      g_print ("%-10s %-6s %s\n", ind->code, ind->fired ? _("FIRED") : _("quiet"), ind->evidence);
    }
  if (a == NULL)
    {
      g_print (_("No assessment has been started for the case's current version.\n"));
      return;
    }
  g_print (_("Assessment of version %d (template version %d, started by %s): rating %s, %u gaps\n"),
           a->case_version, a->template_->version, a->assessed_by_login, ld_checklist_rating_to_string (a->rating),
           a->gaps->len);
  for (guint i = 0; i < a->gaps->len; i++)
    g_print ("  • %s\n", (const char *) a->gaps->pdata[i]);
}

static int
run_assess (LdStore       *store,
            LdActor       *actor,
            const Options *o,
            const char    *argument)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) indicators = NULL;
  g_autoptr(LdChecklistAssessment) a = NULL;

  if (!ld_actor_require (actor, LD_PERMISSION_READ_RECORDS, &error) ||
      !(indicators = ld_checklist_indicators_read (store, o->application, &error)))
    return ld_admin_fail (error);
  if (!(a = ld_checklist_repo_get (store, o->application, 0, &error)) && error)
    return ld_admin_fail (error);
  if (o->as_json)
    {
      g_autofree char *json = ld_checklist_assessment_to_json (a, indicators);

      g_print ("%s\n", json);
    }
  else
    print_assessment (a, indicators);
  return LD_ADMIN_EXIT_OK;
}

static gboolean
response_from_node (const char  *question_id,
                    JsonNode    *node,
                    GPtrArray   *out,
                    GError     **error)
{
  const char *answer_text = NULL, *notes = NULL;
  LdChecklistAnswer answer;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    answer_text = json_node_get_string (node);
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      answer_text = json_object_get_string_member_with_default (json_node_get_object (node), "answer", NULL);
      notes = json_object_get_string_member_with_default (json_node_get_object (node), "notes", NULL);
    }
  if (!ld_checklist_answer_from_string (answer_text, &answer))
    {
      g_set_error (error, LD_CHECKLIST_ERROR, LD_CHECKLIST_ERROR_ANSWER,
                   _("The answer to “%s” must be yes, no, unknown or not_applicable; nothing was stored."),
                   question_id);
      return FALSE;
    }
  g_ptr_array_add (out, ld_checklist_response_new (question_id, answer, notes));
  return TRUE;
}

/* { "question-id": "no", "other-id": { "answer": "yes", "notes": "..." } } */
static GPtrArray *
read_answers_file (const char  *path,
                   GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_checklist_response_free);
  g_autoptr(GList) members = NULL;
  JsonObject *root;

  if (!json_parser_load_from_file (parser, path, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, LD_CHECKLIST_ERROR, LD_CHECKLIST_ERROR_ANSWER,
                   _("%s must hold one JSON object, question id to answer; nothing was stored."), path);
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  members = json_object_get_members (root);
  for (GList *l = members; l; l = l->next)
    if (!response_from_node (l->data, json_object_get_member (root, l->data), out, error))
      return NULL;
  return g_steal_pointer (&out);
}

static GPtrArray *
collect_responses (const Options  *o,
                   GError        **error)
{
  g_autoptr(GPtrArray) out = NULL;
  LdChecklistAnswer answer;

  if (o->answers_file && !(out = read_answers_file (o->answers_file, error)))
    return NULL;
  if (out == NULL)
    out = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_checklist_response_free);
  if (o->question == NULL)
    return g_steal_pointer (&out);
  if (!ld_checklist_answer_from_string (o->answer, &answer))
    {
      g_set_error (error, LD_CHECKLIST_ERROR, LD_CHECKLIST_ERROR_ANSWER,
                   _("--answer must be yes, no, unknown or not_applicable; nothing was stored."));
      return NULL;
    }
  g_ptr_array_add (out, ld_checklist_response_new (o->question, answer, o->notes));
  return g_steal_pointer (&out);
}

static int
run_answer (LdStore       *store,
            LdActor       *actor,
            const Options *o,
            const char    *argument)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) responses = NULL;
  g_autoptr(LdChecklistAssessment) a = NULL;
  g_autoptr(GPtrArray) indicators = NULL;

  if ((o->question == NULL) != (o->answer == NULL))
    return usage (_("--question and --answer go together."));
  if (!(responses = collect_responses (o, &error)) ||
      !(a = ld_checklist_refresh (store, actor, o->application, responses, &indicators, &error)))
    return ld_admin_fail (error);
  if (o->as_json)
    {
      g_autofree char *json = ld_checklist_assessment_to_json (a, indicators);

      g_print ("%s\n", json);
      return LD_ADMIN_EXIT_OK;
    }
  g_print (_("%s version %d: %u answers recorded; rating %s; %u questions still unanswered or without evidence.\n"),
           a->application_reference, a->case_version, responses->len, ld_checklist_rating_to_string (a->rating),
           a->gaps->len);
  return LD_ADMIN_EXIT_OK;
}

static const Verb verbs[] = {
  { { "import", "FILE", N_("Add a checklist template version from a JSON file (see README.md); new assessments use "
                         "it, earlier ones keep theirs") }, FALSE, FALSE, run_import },
  { { "list", NULL, N_("The checklist template versions") }, TRUE, FALSE, run_list },
  { { "assess", NULL, N_("The diversion-risk indicators read from the record now (--application), with the "
                       "assessment of the case's current version") }, TRUE, TRUE, run_assess },
  { { "answer", NULL, N_("Start or refresh the assessment of --application and record answers: --question ID "
                       "--answer yes|no|unknown|not_applicable [--notes TEXT], or --answers FILE") },
    TRUE, TRUE, run_answer },
};

static void
add_entries (GOptionContext *context,
             const Verb     *verb,
             Options        *o)
{
  const GOptionEntry application[] = {
    { "application", 0, 0, G_OPTION_ARG_STRING, &o->application, N_("The application's reference or id"),
      N_("REF") },
    { NULL }
  };
  const GOptionEntry answering[] = {
    { "question", 0, 0, G_OPTION_ARG_STRING, &o->question, N_("The question's id"), N_("ID") },
    { "answer", 0, 0, G_OPTION_ARG_STRING, &o->answer, N_("yes, no, unknown or not_applicable"), N_("ANSWER") },
    { "notes", 0, 0, G_OPTION_ARG_STRING, &o->notes, N_("The evidence the answer rests on"), N_("TEXT") },
    { "answers", 0, 0, G_OPTION_ARG_FILENAME, &o->answers_file,
      N_("A JSON object of answers: {\"id\": \"no\", \"id2\": {\"answer\": \"yes\", \"notes\": \"…\"}}"),
      N_("FILE") },
    { NULL }
  };

  ld_admin_add_common_entries (context, &o->store_path, &o->as_login, verb->prints ? &o->as_json : NULL);
  if (verb->needs_application)
    g_option_context_add_main_entries (context, application, GETTEXT_PACKAGE);
  if (verb->run == run_answer)
    g_option_context_add_main_entries (context, answering, GETTEXT_PACKAGE);
}

static int
run_verb (const LdAdminVerb  *base,
          int                 argc,
          char              **argv)
{
  const Verb *verb = (const Verb *) base;
  g_auto(Options) o = { 0 };
  g_autoptr(GOptionContext) context = ld_admin_verb_context (&verb->base);
  g_autoptr(LdStore) store = NULL;
  g_autoptr(LdActor) actor = NULL;
  const char *argument;
  GError *error = NULL;

  add_entries (context, verb, &o);
  if (!ld_admin_verb_parse ("checklist", &verb->base, context, &argc, &argv, &argument))
    return LD_ADMIN_EXIT_USAGE;
  if (verb->needs_application && o.application == NULL)
    return usage (_("say which application with --application REF."));
  if (!ld_admin_open_as (o.store_path, o.as_login, TRUE, &store, &actor, &error))
    return ld_admin_fail (error);
  return verb->run (store, actor, &o, argument);
}

/**
 * ld_admin_checklist_main:
 * @argv: argv[0] is "checklist", argv[1] the verb
 */
int
ld_admin_checklist_main (int    argc,
                         char **argv)
{
  return ld_admin_run_verb ("checklist", verbs, sizeof verbs[0], G_N_ELEMENTS (verbs), argc, argv, run_verb);
}
