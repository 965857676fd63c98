/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int ld_test_run_admin (char       **out,
                       char       **err,
                       const char  *first,
                       ...);

G_END_DECLS
