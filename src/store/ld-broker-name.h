/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "ld-name-key.h"

G_BEGIN_DECLS

/* A broker's name keys are the name module's LdNameKey (src/names/ld-name-key.h):
 * the duplicate check folds names exactly as screening does. */

char            *ld_broker_number_key     (const char      *number);
void             _ld_broker_name_register_sql (sqlite3     *db);

G_END_DECLS
