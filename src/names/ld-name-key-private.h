/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Shared by ld-name-key.c and ld-name-key-readings.c: the steps of a duplicate key. */

gboolean   _ld_name_key_word_is_droppable (const char *word);
char      *_ld_name_key_compact_of        (char      **tokens);

char     **_ld_name_key_readings          (const char *name,
                                           const char *normal,
                                           const char *compact,
                                           const char *second_compact);
gboolean   _ld_name_key_readings_meet     (char      **readings,
                                           const char *compact,
                                           char      **other_readings);

G_END_DECLS
