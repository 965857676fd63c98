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
  /* Nothing wrong was found, but entries could not be authenticated. */
  LD_ADMIN_EXIT_AUDIT_UNAUTHENTICATED = 4,
};

typedef int (*LdAdminCommand) (int argc, char **argv);

int       ld_admin_application_main (int         argc,
                                     char      **argv);
int       ld_admin_checklist_main (int         argc,
                                   char      **argv);
int       ld_admin_demo_main      (int           argc,
                                   char        **argv);
int       ld_admin_audit_main     (int           argc,
                                   char        **argv);
int       ld_admin_backup_main    (int           argc,
                                   char        **argv);
int       ld_admin_user_main      (int           argc,
                                   char        **argv);
int       ld_admin_list_main      (int           argc,
                                   char        **argv);
int       ld_admin_broker_main    (int           argc,
                                   char        **argv);
int       ld_admin_embargo_main   (int           argc,
                                   char        **argv);
int       ld_admin_euc_main       (int           argc,
                                   char        **argv);
int       ld_admin_denial_main    (int           argc,
                                   char        **argv);
int       ld_admin_print_main     (int           argc,
                                   char        **argv);
int       ld_admin_signing_key_main (int         argc,
                                     char      **argv);
int       ld_admin_verify_qr_main (int           argc,
                                   char        **argv);
int       ld_admin_licence_main   (int           argc,
                                   char        **argv);
int       ld_admin_trace_main     (int           argc,
                                   char        **argv);
int       ld_admin_init_server_main (int         argc,
                                     char      **argv);
int       ld_admin_sync_main      (int           argc,
                                   char        **argv);

int       ld_admin_case_screen_main (int         argc,
                                     char      **argv);
int       ld_admin_case_screen_after_submit (LdStore       *store,
                                             const LdActor *actor,
                                             const char    *reference);
int       ld_admin_case_screen_after_amend (LdStore       *store,
                                            const LdActor *actor,
                                            const char    *reference);
/* What licence-desk-admin's re-screening verbs take (src/app/ld-admin-rescreen.c). */
typedef struct
{
  int         kind;         /* LdRescreenKind */
  const char *store_path;
  const char *as_login;
  const char *list_file;
  const char *list_dir;
  gboolean    as_json;
  int         batch_size;   /* 0 for the default */
  int         threads;      /* 0 for one per processor */
} LdAdminRescreenOptions;

int       ld_admin_rescreen       (const LdAdminRescreenOptions *options);
void      ld_admin_case_screen_after_reference_change (LdStore       *store,
                                                       const LdActor *actor);

/* What every verb of a command made of verbs has; the first member of the
 * command's own verb struct (src/app/ld-admin-verbs.c). */
typedef struct
{
  const char *name;
  const char *parameter;   /* (nullable) what the verb takes after its name */
  const char *summary;     /* untranslated */
} LdAdminVerb;

const LdAdminVerb *ld_admin_find_verb    (const char          *command,
                                          const void          *verbs,
                                          gsize                stride,
                                          guint                n,
                                          int                  argc,
                                          char               **argv,
                                          int                 *out_status);
/* Runs one verb: parses its options, opens the store and acts. */
typedef int (*LdAdminVerbRun) (const LdAdminVerb *verb,
                               int                argc,
                               char             **argv);

int                ld_admin_run_verb     (const char          *command,
                                          const void          *verbs,
                                          gsize                stride,
                                          guint                n,
                                          int                  argc,
                                          char               **argv,
                                          LdAdminVerbRun       run);
gboolean           ld_admin_open_as      (const char          *store_path,
                                          const char          *as_login,
                                          gboolean             needs_actor,
                                          LdStore            **out_store,
                                          LdActor            **out_actor,
                                          GError             **error);
void               ld_admin_add_common_entries (GOptionContext *context,
                                                char          **store_path,
                                                char          **as_login,
                                                gboolean       *as_json);
GOptionContext    *ld_admin_verb_context (const LdAdminVerb   *verb);
gboolean           ld_admin_verb_parse   (const char          *command,
                                          const LdAdminVerb   *verb,
                                          GOptionContext      *context,
                                          int                 *argc,
                                          char              ***argv,
                                          const char         **out_argument);

gboolean  ld_admin_parse          (GOptionContext *context,
                                   int            *argc,
                                   char         ***argv);
LdStore  *ld_admin_open_store     (const char       *path,
                                   LdStoreOpenFlags  flags,
                                   GError          **error);
LdActor  *ld_admin_resolve_actor  (LdStore       *store,
                                   const char    *login,
                                   GError       **error);
void      ld_admin_add_credential_options (GOptionContext *context);
char     *ld_admin_read_secret    (int            fd,
                                   const char    *option,
                                   const char    *prompt,
                                   GError       **error);
int       ld_admin_fail           (GError        *error);
void      ld_admin_print_json     (JsonNode      *node);

G_END_DECLS
