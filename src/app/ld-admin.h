/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ld-store.h"

G_BEGIN_DECLS

/* Exit codes of licence-desk-admin. */
enum {
  LD_ADMIN_EXIT_OK = 0,
  LD_ADMIN_EXIT_FAILED = 1,
  LD_ADMIN_EXIT_USAGE = 2,
  LD_ADMIN_EXIT_AUDIT_BROKEN = 3,
};

typedef int (*LdAdminCommand) (int argc, char **argv);

int       ld_admin_application_main (int         argc,
                                     char      **argv);
int       ld_admin_demo_main      (int           argc,
                                   char        **argv);
int       ld_admin_audit_main     (int           argc,
                                   char        **argv);
int       ld_admin_user_main      (int           argc,
                                   char        **argv);
int       ld_admin_list_main      (int           argc,
                                   char        **argv);
int       ld_admin_broker_main    (int           argc,
                                   char        **argv);
int       ld_admin_embargo_main   (int           argc,
                                   char        **argv);
int       ld_admin_denial_main    (int           argc,
                                   char        **argv);

int       ld_admin_case_screen_main (int         argc,
                                     char      **argv);
int       ld_admin_case_screen_after_submit (LdStore       *store,
                                             const LdActor *actor,
                                             const char    *reference);
void      ld_admin_case_screen_after_reference_change (LdStore       *store,
                                                       const LdActor *actor);

gboolean  ld_admin_parse          (GOptionContext *context,
                                   int            *argc,
                                   char         ***argv);
LdStore  *ld_admin_open_store     (const char    *path,
                                   GError       **error);
LdActor  *ld_admin_resolve_actor  (LdStore       *store,
                                   const char    *login,
                                   GError       **error);
int       ld_admin_fail           (GError        *error);
void      ld_admin_print_json     (JsonNode      *node);

G_END_DECLS
