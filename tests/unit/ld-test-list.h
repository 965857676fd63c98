/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void ld_test_install_list (const char *data_home);

G_END_DECLS
