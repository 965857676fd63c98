/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-case-hit"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-case-hit.h"

/* One screening hit of a case as a list model item: what matched, on which
 * list and why, whether it still waits for a verdict, and under a confirmed
 * embargo hit how far its exemption has got. LdCaseHitRow shows it. */
struct _LdCaseHit
{
  GObject             parent_instance;
  char               *id;
  char               *summary;
  char               *embargo_id;
  char               *exemption_text;
  gboolean            open;
  LdCaseHitExemption  exemption;
};

G_DEFINE_FINAL_TYPE (LdCaseHit, ld_case_hit, G_TYPE_OBJECT)

static const char *
member (JsonObject *o,
        const char *name)
{
  return json_object_get_string_member_with_default (o, name, "");
}

static void
ld_case_hit_finalize (GObject *object)
{
  LdCaseHit *self = LD_CASE_HIT (object);

  g_free (self->id);
  g_free (self->summary);
  g_free (self->embargo_id);
  g_free (self->exemption_text);
  G_OBJECT_CLASS (ld_case_hit_parent_class)->finalize (object);
}

static void
ld_case_hit_class_init (LdCaseHitClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ld_case_hit_finalize;
}

static void
ld_case_hit_init (LdCaseHit *self)
{
}

/**
 * ld_case_hit_new:
 * @hit: one member of a case's screening JSON
 * @current: whether it is a hit of the case's current version, the only one
 *   an exemption can be written for
 *
 * Returns: (transfer full): the hit, with no exemption yet
 */
LdCaseHit *
ld_case_hit_new (JsonObject *hit,
                 gboolean    current)
{
  LdCaseHit *self = g_object_new (LD_TYPE_CASE_HIT, NULL);
  const char *status = member (hit, "status");

  self->id = g_strdup (member (hit, "id"));
  self->open = g_str_equal (status, "open");
  self->summary = g_strdup_printf ("%s · %s (%s) — %s %s · %s · %s", member (hit, "band"), member (hit, "party_name"),
                                   member (hit, "party_role"), member (hit, "matched_name"), member (hit, "entry_ref"),
                                   member (hit, "reason"), status);
  if (current && g_str_equal (member (hit, "kind"), "embargo") && g_str_equal (status, "true_match"))
    {
      self->embargo_id = g_strdup (member (hit, "entry_ref"));
      self->exemption = LD_CASE_HIT_EXEMPTION_TO_WRITE;
    }
  return self;
}

/**
 * ld_case_hit_new_for_broker:
 * @hit: one member of a broker's screening JSON
 *
 * Returns: (transfer full): the hit, worded as a case's hits are; a broker's
 *   hit has no exemption
 */
LdCaseHit *
ld_case_hit_new_for_broker (JsonObject *hit)
{
  LdCaseHit *self = g_object_new (LD_TYPE_CASE_HIT, NULL);
  const char *status = member (hit, "status");

  self->id = g_strdup (member (hit, "id"));
  self->open = g_str_equal (status, "open");
  self->summary = g_strdup_printf ("%s · %s — %s %s · %s · %s", member (hit, "band"), member (hit, "broker_name"),
                                   member (hit, "matched_name"), member (hit, "entry_ref"), member (hit, "reason"),
                                   status);
  return self;
}

/* What the officers wrote and confirmed, for an embargo hit that has an
 * exemption; NULL leaves it to be written. */
void
ld_case_hit_set_exemption (LdCaseHit             *self,
                           const LdCaseExemption *e)
{
  g_return_if_fail (LD_IS_CASE_HIT (self));

  if (self->embargo_id == NULL || e == NULL)
    return;
  g_free (self->exemption_text);
  self->exemption = e->confirmed_by_login ? LD_CASE_HIT_EXEMPTION_CONFIRMED : LD_CASE_HIT_EXEMPTION_TO_CONFIRM;
  self->exemption_text = e->confirmed_by_login
    ? g_strdup_printf (_("Exemption: resolution %s, paragraph %s, written by %s, confirmed by %s."), e->resolution,
                       e->paragraph, e->written_by_login, e->confirmed_by_login)
    : g_strdup_printf (_("Exemption: resolution %s, paragraph %s, written by %s; a second senior officer must "
                         "confirm it."), e->resolution, e->paragraph, e->written_by_login);
}

const char *
ld_case_hit_get_id (LdCaseHit *self)
{
  g_return_val_if_fail (LD_IS_CASE_HIT (self), NULL);
  return self->id;
}

const char *
ld_case_hit_get_summary (LdCaseHit *self)
{
  g_return_val_if_fail (LD_IS_CASE_HIT (self), NULL);
  return self->summary;
}

const char *
ld_case_hit_get_embargo_id (LdCaseHit *self)
{
  g_return_val_if_fail (LD_IS_CASE_HIT (self), NULL);
  return self->embargo_id;
}

gboolean
ld_case_hit_is_open (LdCaseHit *self)
{
  g_return_val_if_fail (LD_IS_CASE_HIT (self), FALSE);
  return self->open;
}

LdCaseHitExemption
ld_case_hit_get_exemption (LdCaseHit *self)
{
  g_return_val_if_fail (LD_IS_CASE_HIT (self), LD_CASE_HIT_EXEMPTION_NONE);
  return self->exemption;
}

const char *
ld_case_hit_get_exemption_text (LdCaseHit *self)
{
  g_return_val_if_fail (LD_IS_CASE_HIT (self), NULL);
  return self->exemption_text;
}
