/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ld-test-util.h"

G_BEGIN_DECLS

/* The real UN list the repository carries under tests/data; a test fails when it is missing. */
static inline char *
ld_test_real_list_path (void)
{
  return ld_test_un_list_path ();
}

static inline char *
ld_test_fixture_path (const char *name)
{
  return g_build_filename (SOURCE_DIR, "tests", "screening", "fixtures", name, NULL);
}

G_END_DECLS
