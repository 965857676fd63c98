/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ld-types.h"

G_BEGIN_DECLS

/* ISO 3166-1 and ISO 4217 reference data, generated at build time from Debian's iso-codes. */
struct _LdCountry
{
  const char *alpha2;
  const char *alpha3;
  const char *numeric;
  const char *name;     /* English; see ld_country_get_name() for the translated one */
};

struct _LdCurrency
{
  const char *alpha3;
  const char *numeric;
  const char *name;
};

const LdCountry  *ld_country_lookup        (const char *code);
const char       *ld_country_get_name      (const LdCountry *country);
guint             ld_country_get_n_countries (void);
const LdCountry  *ld_country_get_nth       (guint       n);
const LdCurrency *ld_currency_lookup       (const char *code);

G_END_DECLS
