/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A real PostgreSQL 15 server for the pg suite, started by the test itself in
 * a temporary folder: initdb, a free port on 127.0.0.1, its socket in the
 * folder, SCRAM passwords, and removed afterwards. */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

typedef struct _LdTestPg LdTestPg;

/* The superuser's login; its password is in the struct, never printed. */
#define LD_TEST_PG_SUPERUSER "ld_owner"

LdTestPg   *ld_test_pg_start          (void);
void        ld_test_pg_stop           (LdTestPg    *pg);
void        ld_test_pg_free           (LdTestPg    *pg);
gboolean    ld_test_pg_restart        (LdTestPg    *pg);
int         ld_test_pg_port           (LdTestPg    *pg);
const char *ld_test_pg_owner_password (LdTestPg    *pg);
char       *ld_test_pg_uri            (LdTestPg    *pg,
                                       const char  *login,
                                       int          port);
PGconn     *ld_test_pg_connect_owner  (LdTestPg    *pg);
void        ld_test_pg_exec           (PGconn      *conn,
                                       const char  *sql);
char       *ld_test_pg_query_text     (PGconn      *conn,
                                       const char  *sql);
void        ld_test_pg_exec_with      (PGconn      *conn,
                                       const char  *sql,
                                       ...) G_GNUC_NULL_TERMINATED;
char       *ld_test_pg_query_text_with (PGconn     *conn,
                                        const char *sql,
                                        ...) G_GNUC_NULL_TERMINATED;
void        ld_test_pg_add_login      (LdTestPg    *pg,
                                       const char  *login,
                                       const char  *password,
                                       const char  *office_role);
void        ld_test_pg_install_schema (LdTestPg    *pg);
void        ld_test_pg_enable_tls     (LdTestPg    *pg,
                                       const char  *cert_file,
                                       const char  *key_file);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdTestPg, ld_test_pg_free)

G_END_DECLS
