/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The credential every profile made through ld_test_run_admin() gets, and
 * that it gives for every --as. */
#define LD_TEST_CREDENTIAL "test-credential-2026"

int ld_test_run_admin   (char              **out,
                         char              **err,
                         const char         *first,
                         ...);
int ld_test_run_admin_v (char              **out,
                         char              **err,
                         const char         *credential,
                         const char         *new_credential,
                         const char * const *args);

G_END_DECLS
