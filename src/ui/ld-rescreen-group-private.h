/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-rescreen-group.h"

G_BEGIN_DECLS

/* Shared by ld-rescreen-group.c and ld-rescreen-group-actions.c. */
struct _LdRescreenGroup
{
  AdwPreferencesGroup  parent_instance;

  /* template children */
  GtkButton           *start_button;
  AdwActionRow        *status_row;
  GtkButton           *stop_button;
  GtkProgressBar      *progress_bar;

  LdStore             *store;
  LdActor             *actor;
  char                *list_dir;
  GCancellable        *cancellable;  /* set while a re-screening runs */
  gboolean             list_ready;   /* the page has read the installed list */
  gboolean             loading;      /* reading whether a run was interrupted */
  gboolean             disposed;
};

void _ld_rescreen_group_class_install_actions (GtkWidgetClass  *klass);
void _ld_rescreen_group_update_actions        (LdRescreenGroup *self);

G_END_DECLS
