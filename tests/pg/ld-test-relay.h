/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A TCP relay on 127.0.0.1 between desks and the test's PostgreSQL, which
 * the test controls: cut every open connection, or refuse new ones. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LdTestRelay LdTestRelay;

LdTestRelay *ld_test_relay_new      (int          target_port);
int          ld_test_relay_port     (LdTestRelay *relay);
guint        ld_test_relay_cut      (LdTestRelay *relay);
void         ld_test_relay_set_down (LdTestRelay *relay,
                                     gboolean     down);
void         ld_test_relay_free     (LdTestRelay *relay);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdTestRelay, ld_test_relay_free)

G_END_DECLS
