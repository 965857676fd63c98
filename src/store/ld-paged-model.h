/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ld-section.h"
#include "ld-store.h"

G_BEGIN_DECLS

#define LD_TYPE_PAGED_MODEL (ld_paged_model_get_type ())
G_DECLARE_FINAL_TYPE (LdPagedModel, ld_paged_model, LD, PAGED_MODEL, GObject)

#define LD_PAGED_MODEL_PAGE_SIZE 100

LdPagedModel    *ld_paged_model_new              (LdStore         *store,
                                                  const LdSection *section);
void             ld_paged_model_set_search_text  (LdPagedModel    *self,
                                                  const char      *search_text);
const char      *ld_paged_model_get_search_text  (LdPagedModel    *self);
void             ld_paged_model_set_sort         (LdPagedModel    *self,
                                                  guint            column,
                                                  gboolean         descending);
void             ld_paged_model_reset_sort       (LdPagedModel    *self);
gboolean         ld_paged_model_get_complete     (LdPagedModel    *self);
void             ld_paged_model_reload           (LdPagedModel    *self);
gboolean         ld_paged_model_get_loading      (LdPagedModel    *self);
gboolean         ld_paged_model_get_counted      (LdPagedModel    *self);
const GError    *ld_paged_model_get_error        (LdPagedModel    *self);
const LdSection *ld_paged_model_get_section      (LdPagedModel    *self);
guint            ld_paged_model_get_n_cached_pages (LdPagedModel  *self);

G_END_DECLS
