/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Khmer as Cambodians customarily write their names in Latin letters (see
 * ld-name-khmer.c); the UNGEGN-style reading is in ld-name-script.c. */

char *_ld_name_khmer_customary (const char *text);

G_END_DECLS
