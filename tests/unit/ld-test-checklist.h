/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonNode *ld_test_checklist_assess   (const char *store,
                                      const char *ref,
                                      const char *login);
char     *ld_test_checklist_complete (const char *store,
                                      const char *ref,
                                      const char *login);
char     *ld_test_checklist_complete_open (const char *store,
                                           const char *ref,
                                           const char *login);
JsonObject *ld_test_checklist_indicator (JsonNode   *assessment,
                                         const char *code);
JsonObject *ld_test_checklist_question  (JsonNode   *assessment,
                                         const char *id);

G_END_DECLS
