/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ld-section.h"
#include "ld-store.h"

G_BEGIN_DECLS

/**
 * LdPulledOutcome:
 * @LD_PULLED_APPLIED: the register's record now holds the image (audited)
 * @LD_PULLED_UNCHANGED: the register already held it
 * @LD_PULLED_DEFERRED: the desk has a change of the record the server has not
 *   answered, or an open conflict on it: the desk's version stays until then
 * @LD_PULLED_NOT_HELD: no register of this desk holds such records, or the
 *   image is not one it can hold; it stays in the desk's server copy
 */
typedef enum
{
  LD_PULLED_APPLIED,
  LD_PULLED_UNCHANGED,
  LD_PULLED_DEFERRED,
  LD_PULLED_NOT_HELD,
} LdPulledOutcome;

/**
 * LdPulledMode:
 * @LD_PULLED_FROM_SERVER: a change the server sent: audited, never sent back
 * @LD_PULLED_TAKEN_FROM_SERVER: the server's version a person chose at this
 *   desk over the desk's own: audited, never sent back, applied even though
 *   the desk has a change of the record
 * @LD_PULLED_LOCAL_CHOICE: a person's choice at this desk (a conflict's
 *   resolution): audited and queued for the server like any change
 */
typedef enum
{
  LD_PULLED_FROM_SERVER,
  LD_PULLED_TAKEN_FROM_SERVER,
  LD_PULLED_LOCAL_CHOICE,
} LdPulledMode;

/**
 * LdPulledItem:
 * @entity: the kind of record
 * @record_id: its id
 * @image_json: the record as the server holds it
 * @action: the audit entry's action
 * @outcome: (out): what became of it
 *
 * One server image for ld_pulled_apply_many().
 */
typedef struct
{
  const char      *entity;
  const char      *record_id;
  const char      *image_json;
  const char      *action;
  LdPulledOutcome  outcome;
} LdPulledItem;

gboolean ld_pulled_entity_is_held (const char       *entity);
gboolean ld_pulled_is_deferred    (LdStore          *store,
                                   const char       *entity,
                                   const char       *record_id,
                                   gboolean         *out_deferred,
                                   GError          **error);
gboolean ld_pulled_apply          (LdStore          *store,
                                   const LdActor    *actor,
                                   LdPulledMode      mode,
                                   const char       *action,
                                   const char       *entity,
                                   const char       *record_id,
                                   const char       *image_json,
                                   LdPulledOutcome  *out_outcome,
                                   GError          **error);
gboolean ld_pulled_apply_many     (LdStore          *store,
                                   const LdActor    *actor,
                                   LdPulledItem     *items,
                                   guint             n_items,
                                   GError          **error);
gboolean ld_pulled_settle_act     (LdStore          *store,
                                   const LdActor    *desk_actor,
                                   const char       *entity,
                                   const char       *record_id,
                                   const char       *action,
                                   const char       *outcome,
                                   const char       *number,
                                   const char       *detail,
                                   gboolean         *out_renumbered,
                                   GError          **error);
gboolean ld_pulled_mark_meant_to_sync (LdStore        *store,
                                   GError          **error);
gboolean ld_pulled_get_meant_to_sync  (LdStore        *store,
                                       gboolean       *out_meant,
                                       GError        **error);
gboolean ld_pulled_keep_desk_number (LdStore          *store,
                                     const char       *entity,
                                     const char       *record_id,
                                     const char       *number,
                                     GError          **error);
gboolean ld_pulled_desk_is_central (LdStore         *store,
                                   gboolean         *out_central,
                                   GError          **error);
char    *ld_pulled_desk_code      (LdStore          *store,
                                   GError          **error);
gboolean ld_pulled_withdraw_refused (LdStore          *store,
                                     const LdActor    *actor,
                                     const char       *entity,
                                     const char       *record_id,
                                     const char       *reason,
                                     GError          **error);

gboolean ld_pulled_fill_central_marks (LdStore         *store,
                                       const LdSection *section,
                                       GPtrArray       *rows,
                                       GError         **error);

G_END_DECLS
