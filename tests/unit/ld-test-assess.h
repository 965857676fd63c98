/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-actor.h"
#include "ld-store.h"

G_BEGIN_DECLS

/* In-process tests: completes the case's diversion-risk assessment as @actor. */
void ld_test_assess_in_process (LdStore       *store,
                                const LdActor *actor,
                                const char    *id);

G_END_DECLS
