/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Reading a member of a record's image as the central database holds it.
 * The images are the desks' audit after-images merged by the server, so a
 * member may be missing, null or of another type than the register keeps:
 * each reader answers its default then, and the applier decides whether the
 * image is one its register can hold. */

static inline const char *
ld_pulled_image_text (JsonObject *image,
                      const char *member)
{
  JsonNode *node = image ? json_object_get_member (image, member) : NULL;

  return node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
           ? json_node_get_string (node) : NULL;
}

static inline gint64
ld_pulled_image_int (JsonObject *image,
                     const char *member,
                     gint64      fallback)
{
  JsonNode *node = image ? json_object_get_member (image, member) : NULL;

  return node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64
           ? json_node_get_int (node) : fallback;
}

static inline gboolean
ld_pulled_image_flag (JsonObject *image,
                      const char *member)
{
  JsonNode *node = image ? json_object_get_member (image, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  return json_node_get_value_type (node) == G_TYPE_INT64 && json_node_get_int (node) != 0;
}

static inline JsonArray *
ld_pulled_image_array (JsonObject *image,
                       const char *member)
{
  JsonNode *node = image ? json_object_get_member (image, member) : NULL;

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

G_END_DECLS
