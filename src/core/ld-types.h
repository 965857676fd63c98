/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _LdActor        LdActor;
typedef struct _LdCountry      LdCountry;
typedef struct _LdCurrency     LdCurrency;
typedef struct _LdAuditEntry   LdAuditEntry;

G_END_DECLS
