/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ld-case-gate.h"

G_BEGIN_DECLS

#define LD_TYPE_CASE_HIT (ld_case_hit_get_type ())
G_DECLARE_FINAL_TYPE (LdCaseHit, ld_case_hit, LD, CASE_HIT, GObject)

/* How far the exemption under a confirmed embargo hit has got. */
typedef enum
{
  LD_CASE_HIT_EXEMPTION_NONE,      /* not an embargo hit that needs one */
  LD_CASE_HIT_EXEMPTION_TO_WRITE,  /* the officer writes resolution and paragraph */
  LD_CASE_HIT_EXEMPTION_TO_CONFIRM,/* a second senior officer confirms */
  LD_CASE_HIT_EXEMPTION_CONFIRMED,
} LdCaseHitExemption;

LdCaseHit          *ld_case_hit_new                (JsonObject            *hit,
                                                    gboolean               current);
LdCaseHit          *ld_case_hit_new_for_broker     (JsonObject            *hit);
void                ld_case_hit_set_exemption      (LdCaseHit             *self,
                                                    const LdCaseExemption *exemption);
const char         *ld_case_hit_get_id             (LdCaseHit             *self);
const char         *ld_case_hit_get_summary        (LdCaseHit             *self);
const char         *ld_case_hit_get_embargo_id     (LdCaseHit             *self);
gboolean            ld_case_hit_is_open            (LdCaseHit             *self);
LdCaseHitExemption  ld_case_hit_get_exemption      (LdCaseHit             *self);
const char         *ld_case_hit_get_exemption_text (LdCaseHit             *self);

G_END_DECLS
