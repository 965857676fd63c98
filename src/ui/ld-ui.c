/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-ui"

#include "config.h"

#include "ld-ui.h"
#include "ld-ui-resources.h"

/**
 * ld_ui_init:
 *
 * Registers the widgets' templates and style sheet. Call once before making
 * any widget of this layer; the application and the display tests do.
 */
void
ld_ui_init (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      ld_ui_register_resource ();
      g_once_init_leave (&done, 1);
    }
}
