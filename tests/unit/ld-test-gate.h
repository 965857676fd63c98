/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A consignee whose name is on the UN Consolidated List (QDi.028). */
#define LD_TEST_GATE_LISTED_CONSIGNEE \
  "{\"role\":\"consignee\",\"type\":\"commercial\",\"name\":\"Shariff Omar Mohammed\",\"country\":\"KE\"},"

char *ld_test_gate_write_case        (const char *dir,
                                      const char *name,
                                      const char *transit,
                                      const char *extra);
char *ld_test_gate_new_store         (const char *dir,
                                      const char *name);
void  ld_test_gate_judge_open_hits   (const char *store,
                                      const char *ref,
                                      const char *verdict,
                                      guint       expected);
char *ld_test_gate_today_plus        (int         days);
void  ld_test_gate_register_broker   (const char *dir,
                                      const char *store);
char *ld_test_gate_broker_number     (void);
char *ld_test_gate_authorise         (const char *store,
                                      const char *application);
char *ld_test_gate_write_broker_case (const char *dir,
                                      const char *name,
                                      const char *authorisation);

G_END_DECLS
