/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The diversion-risk assessment (issue 15) through licence-desk-admin, as an
 * officer completes it: the record answers what its indicators found, and
 * the officer answers every other question with what a clean case shows (no
 * risk), through `checklist answer`. Tests that take a case to a decision
 * call this instead of bypassing the gate. */
#include "config.h"

#include <string.h>

#include "ld-test-admin.h"
#include "ld-test-checklist.h"

static JsonNode *
try_assess (const char *store,
            const char *ref,
            const char *login,
            char      **out_err)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (ld_test_run_admin (&out, out_err, "checklist", "answer", "--application", ref, "--store", store, "--as", login,
                         "--json", NULL) != 0)
    return NULL;
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  return json_node_copy (json_parser_get_root (parser));
}

/* Starts or refreshes the assessment as @login; returns the JSON printed. */
JsonNode *
ld_test_checklist_assess (const char *store,
                          const char *ref,
                          const char *login)
{
  g_autofree char *err = NULL;
  JsonNode *node = try_assess (store, ref, login, &err);

  if (node == NULL)
    g_error ("checklist answer failed: %s", err);
  return node;
}

static gboolean
takes (JsonObject *question,
       const char *member,
       const char *answer)
{
  JsonArray *list = json_object_get_array_member (question, member);

  for (guint i = 0; i < json_array_get_length (list); i++)
    if (g_str_equal (json_array_get_string_element (list, i), answer))
      return TRUE;
  return FALSE;
}

/* The answer that says "no risk here": no, or not applicable. */
static const char *
clean_answer (JsonObject *question)
{
  static const char *order[] = { "no", "not_applicable", "yes" };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (takes (question, "takes", order[i]) && !takes (question, "risk", order[i]))
      return order[i];
  g_assert_not_reached ();
}

static char *
write_answers (const char *store,
               const char *ref,
               JsonNode   *assessment)
{
  JsonArray *questions = json_object_get_array_member (
    json_object_get_object_member (json_node_get_object (assessment), "assessment"), "questions");
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *dir = g_path_get_dirname (store);
  g_autofree char *name = g_strdup_printf ("answers-%s.json", ref);
  char *path = g_build_filename (dir, g_strdelimit (name, "/\\", '-'), NULL);
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  for (guint i = 0; i < json_array_get_length (questions); i++)
    {
      JsonObject *q = json_array_get_object_element (questions, i);

      if (json_object_has_member (q, "answer") && !json_object_get_null_member (q, "answer"))
        continue;
      json_builder_set_member_name (b, json_object_get_string_member (q, "id"));
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "answer");
      json_builder_add_string_value (b, clean_answer (q));
      json_builder_set_member_name (b, "notes");
      json_builder_add_string_value (b, "Checked the sources named in the guidance: nothing found.");
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

/**
 * ld_test_checklist_complete:
 *
 * Returns: the assessment's rating once complete
 */
char *
ld_test_checklist_complete (const char *store,
                            const char *ref,
                            const char *login)
{
  char *rating = ld_test_checklist_complete_open (store, ref, login);

  if (rating == NULL)
    g_error ("the assessment of %s could not be completed", ref);
  return rating;
}

/**
 * ld_test_checklist_complete_open:
 *
 * As ld_test_checklist_complete(), for a case that may be past its
 * assessment (recommended or decided): then nothing is done.
 *
 * Returns: (nullable): the rating, or %NULL when the case is not being assessed
 */
char *
ld_test_checklist_complete_open (const char *store,
                                 const char *ref,
                                 const char *login)
{
  g_autofree char *first_err = NULL;
  g_autoptr(JsonNode) first = try_assess (store, ref, login, &first_err);
  g_autofree char *file = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *a;

  if (first == NULL)
    {
      if (strstr (first_err, "can be changed only while the case is being assessed") == NULL)
        g_error ("checklist assess %s said: %s", ref, first_err);
      return NULL;
    }
  file = write_answers (store, ref, first);
  if (ld_test_run_admin (&out, &err, "checklist", "answer", "--application", ref, "--answers", file, "--store", store,
                         "--as", login, "--json", NULL) != 0)
    g_error ("checklist answer --answers failed: %s", err);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  a = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "assessment");
  g_assert_true (json_object_get_boolean_member (a, "complete"));
  return g_strdup (json_object_get_string_member (a, "rating"));
}

JsonObject *
ld_test_checklist_indicator (JsonNode   *assessment,
                             const char *code)
{
  JsonArray *list = json_object_get_array_member (json_node_get_object (assessment), "indicators");

  for (guint i = 0; i < json_array_get_length (list); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (list, i), "code"), code))
      return json_array_get_object_element (list, i);
  g_assert_not_reached ();
}

JsonObject *
ld_test_checklist_question (JsonNode   *assessment,
                            const char *id)
{
  JsonArray *list = json_object_get_array_member (
    json_object_get_object_member (json_node_get_object (assessment), "assessment"), "questions");

  for (guint i = 0; i < json_array_get_length (list); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (list, i), "id"), id))
      return json_array_get_object_element (list, i);
  g_assert_not_reached ();
}
