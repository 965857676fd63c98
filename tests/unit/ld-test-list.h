/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A two-party export case: Nordvik Arms AB of Sweden, and an end user. */
typedef struct
{
  const char *transit;            /* one transit country */
  const char *destination;
  const char *end_user;
  const char *end_user_type;
  const char *end_user_country;
} LdTestCase;

void  ld_test_install_list  (const char        *data_home);
char *ld_test_write_case    (const char        *dir,
                             const char        *file_name,
                             const LdTestCase  *c);
char *ld_test_submit_case   (const char        *store,
                             const char        *file,
                             char             **out_submitted);

G_END_DECLS
