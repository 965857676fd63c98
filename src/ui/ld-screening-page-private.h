/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-denials-group.h"
#include "ld-embargoes-group.h"
#include "ld-screening-page.h"

G_BEGIN_DECLS

/* For the tests: the page's groups. */
LdDenialsGroup   *_ld_screening_page_get_denials_group   (LdScreeningPage *self);
LdEmbargoesGroup *_ld_screening_page_get_embargoes_group (LdScreeningPage *self);

G_END_DECLS
