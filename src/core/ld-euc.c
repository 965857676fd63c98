/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-euc"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-euc.h"
#include "ld-validate.h"

#define TEXT(member, title, kind, required) { #member, title, G_STRUCT_OFFSET (LdEuc, member), kind, required }
#define FLAG(member, title) { #member, title, G_STRUCT_OFFSET (LdEuc, member) }

/* One table for every way a certificate comes in (the window, the CLI, the
 * demo): its order is the order of the form and of `euc show`. */
static const LdEucText texts[] = {
  TEXT (certificate_number, N_("Certificate number"), LD_TEXT_NUMBER, TRUE),
  TEXT (issuing_country, N_("Issuing state"), LD_TEXT_CODE, TRUE),
  TEXT (issuing_authority, N_("Issuing authority"), LD_TEXT_NAME, FALSE),
  TEXT (signatory, N_("Signatory"), LD_TEXT_NAME, FALSE),
  TEXT (certified_on, N_("Certified on"), LD_TEXT_CODE, FALSE),
  TEXT (issued_on, N_("Date of issue"), LD_TEXT_CODE, TRUE),
  TEXT (expires_on, N_("Expiry date"), LD_TEXT_CODE, FALSE),
  TEXT (item_description, N_("Items"), LD_TEXT_PARAGRAPH, FALSE),
  TEXT (contract_reference, N_("Contract number"), LD_TEXT_NUMBER, FALSE),
  TEXT (contract_date, N_("Contract date"), LD_TEXT_CODE, FALSE),
  TEXT (destination_country, N_("Final destination"), LD_TEXT_CODE, TRUE),
  TEXT (end_use, N_("End use"), LD_TEXT_PARAGRAPH, FALSE),
  TEXT (exporter_name, N_("Exporter"), LD_TEXT_NAME, FALSE),
  TEXT (exporter_address, N_("Exporter's address"), LD_TEXT_PARAGRAPH, FALSE),
  TEXT (end_user_name, N_("End user"), LD_TEXT_NAME, TRUE),
  TEXT (end_user_position, N_("End user's position"), LD_TEXT_LINE, FALSE),
  TEXT (end_user_address, N_("End user's address"), LD_TEXT_PARAGRAPH, FALSE),
  TEXT (other_parties, N_("Other parties"), LD_TEXT_PARAGRAPH, FALSE),
  TEXT (translation, N_("Translation"), LD_TEXT_PARAGRAPH, FALSE),
};

static const LdEucFlag flags[] = {
  FLAG (end_user_signature_seen, N_("End user's signature seen")),
  FLAG (undertakes_end_use_only, N_("Undertakes to use the items only for the stated end use")),
  FLAG (undertakes_no_reexport, N_("Undertakes no re-export without prior written consent")),
  FLAG (undertakes_no_wmd, N_("Undertakes no use for weapons of mass destruction")),
  FLAG (undertakes_dvc, N_("Undertakes a delivery verification certificate on request")),
  FLAG (undertakes_onsite_checks, N_("Consents to on-site checks")),
  FLAG (original_seen, N_("Original seen (not only a copy)")),
};

static const char *status_names[LD_EUC_N_STATUSES] = {
  "unverified", "confirmed", "doubtful", "forged", "withdrawn",
};

static const char *status_titles[LD_EUC_N_STATUSES] = {
  N_("Unverified"), N_("Confirmed with the issuing authority"), N_("Doubtful"), N_("Forged"),
  N_("Withdrawn by the issuing authority"),
};

LdEuc *
ld_euc_new (void)
{
  return g_new0 (LdEuc, 1);
}

LdEuc *
ld_euc_copy (const LdEuc *self)
{
  LdEuc *copy = g_memdup2 (self, sizeof *self);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      char **slot = ld_euc_text_slot (copy, &texts[i]);

      *slot = g_strdup (*slot);
    }
  return copy;
}

void
ld_euc_free (LdEuc *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    g_free (*ld_euc_text_slot (self, &texts[i]));
  g_free (self);
}

const LdEucText *
ld_euc_get_texts (guint *n_texts)
{
  *n_texts = G_N_ELEMENTS (texts);
  return texts;
}

const LdEucFlag *
ld_euc_get_flags (guint *n_flags)
{
  *n_flags = G_N_ELEMENTS (flags);
  return flags;
}

char **
ld_euc_text_slot (LdEuc           *self,
                  const LdEucText *text)
{
  return &G_STRUCT_MEMBER (char *, self, text->offset);
}

gboolean *
ld_euc_flag_slot (LdEuc           *self,
                  const LdEucFlag *flag)
{
  return &G_STRUCT_MEMBER (gboolean, self, flag->offset);
}

const char *
ld_euc_text_value (const LdEuc     *self,
                   const LdEucText *text)
{
  return G_STRUCT_MEMBER (const char *, self, text->offset);
}

static gboolean
is_code (const LdEucText *text)
{
  return text->kind == LD_TEXT_CODE;
}

static gboolean
is_country (const LdEucText *text)
{
  return g_str_has_suffix (text->key, "_country");
}

/**
 * ld_euc_normalize:
 *
 * Trims every field and turns blank ones into %NULL; country codes are
 * upper-cased. Text that is not UTF-8 is kept as it is, for ld_euc_validate()
 * to refuse.
 */
void
ld_euc_normalize (LdEuc *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      char **slot = ld_euc_text_slot (self, &texts[i]);
      g_autofree char *clean = ld_text_normalize_input (*slot);

      if (clean == NULL)
        continue;
      g_free (*slot);
      *slot = clean[0] == '\0' ? NULL : is_country (&texts[i]) ? g_ascii_strup (clean, -1) : g_strdup (clean);
    }
}

static gboolean
validate_date (const LdEucText  *text,
               const char       *value,
               GDate           **out_date,
               GError          **error)
{
  if (value == NULL)
    return TRUE;
  *out_date = ld_parse_date (_(text->title), value, error);
  return *out_date != NULL;
}

static gboolean
validate_one (const LdEuc      *self,
              const LdEucText  *text,
              GDate           **out_date,
              GError          **error)
{
  const char *value = ld_euc_text_value (self, text);

  if (text->required && !ld_validate_required (_(text->title), value, error))
    return FALSE;
  if (!ld_validate_text (_(text->title), value, text->kind, error))
    return FALSE;
  if (value != NULL && is_country (text))
    return ld_validate_country_code (_(text->title), value, error);
  if (is_code (text))
    return validate_date (text, value, out_date, error);
  return TRUE;
}

static gboolean
not_after_today (const char  *field,
                 const GDate *date,
                 const GDate *today,
                 GError     **error)
{
  if (date && today && g_date_compare (date, today) > 0)
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_OUT_OF_RANGE,
                   _("%s is in the future; check the date on the certificate."), field);
      return FALSE;
    }
  return TRUE;
}

static gboolean
expiry_after_issue (const GDate  *issued,
                    const GDate  *expires,
                    GError      **error)
{
  if (issued && expires && g_date_compare (expires, issued) <= 0)
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_CONTRADICTORY,
                   _("Expiry date is not after the date of issue; a certificate must expire after it is issued. "
                     "Check both dates on the certificate."));
      return FALSE;
    }
  return TRUE;
}

static guint
text_index (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (g_str_equal (texts[i].key, key))
      return i;
  g_assert_not_reached ();
}

/**
 * ld_euc_validate:
 * @today: (nullable): YYYY-MM-DD; dates of issue and certification may not
 *   come after it. %NULL skips that check.
 * @out_field: (out) (optional): the key of the field at fault, so a form can
 *   show the message next to it
 *
 * Checks a normalised certificate: required fields, lengths, country codes,
 * dates and their order, a negative quantity.
 */
gboolean
ld_euc_validate (const LdEuc  *self,
                 const char   *today,
                 const char  **out_field,
                 GError      **error)
{
  g_autoptr(GDate) now = today ? ld_parse_date ("today", today, NULL) : NULL;
  GDate *dates[G_N_ELEMENTS (texts)] = { NULL };
  guint issued = text_index ("issued_on"), expires = text_index ("expires_on");
  guint certified = text_index ("certified_on");
  const char *field = NULL;
  gboolean ok = TRUE;

  for (guint i = 0; ok && i < G_N_ELEMENTS (texts); i++)
    if (!(ok = validate_one (self, &texts[i], &dates[i], error)))
      field = texts[i].key;
  if (ok && !(ok = not_after_today (_(texts[issued].title), dates[issued], now, error)))
    field = texts[issued].key;
  if (ok && !(ok = not_after_today (_(texts[certified].title), dates[certified], now, error)))
    field = texts[certified].key;
  if (ok && !(ok = expiry_after_issue (dates[issued], dates[expires], error)))
    field = texts[expires].key;
  if (ok && self->quantity < 0)
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_OUT_OF_RANGE,
                   _("Quantity %" G_GINT64_FORMAT " is negative; give the number of items on the certificate, "
                     "or leave it empty."), self->quantity);
      field = "quantity";
      ok = FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    g_clear_pointer (&dates[i], g_date_free);
  if (out_field)
    *out_field = field;
  return ok;
}

const char *
ld_euc_status_to_string (LdEucStatus status)
{
  g_return_val_if_fail (status < LD_EUC_N_STATUSES, NULL);
  return status_names[status];
}

gboolean
ld_euc_status_from_string (const char  *text,
                           LdEucStatus *out_status)
{
  for (guint i = 0; i < LD_EUC_N_STATUSES; i++)
    if (g_strcmp0 (status_names[i], text) == 0)
      {
        *out_status = i;
        return TRUE;
      }
  return FALSE;
}

const char *
ld_euc_status_title (LdEucStatus status)
{
  g_return_val_if_fail (status < LD_EUC_N_STATUSES, NULL);
  return _(status_titles[status]);
}

/* A forged or withdrawn certificate covers no transfer at all. */
gboolean
ld_euc_status_may_link (LdEucStatus status)
{
  return status != LD_EUC_FORGED && status != LD_EUC_WITHDRAWN;
}

/**
 * ld_euc_validate_verification:
 * @method: how the office verified (e.g. "letter to the embassy, reply 12/2026")
 * @verified_on: the day the answer came, YYYY-MM-DD
 *
 * A verification says how it was done and when; it cannot be dated in the future.
 */
gboolean
ld_euc_validate_verification (LdEucStatus  status,
                              const char  *method,
                              const char  *verified_on,
                              const char  *today,
                              const char **out_field,
                              GError     **error)
{
  g_autoptr(GDate) date = NULL;
  g_autoptr(GDate) now = today ? ld_parse_date ("today", today, NULL) : NULL;
  const char *field = "method";
  gboolean ok = status < LD_EUC_N_STATUSES;

  if (!ok)
    g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_UNKNOWN_CODE,
                 _("Unknown verification status; use unverified, confirmed, doubtful, forged or withdrawn."));
  ok = ok && ld_validate_required (_("How it was verified"), method, error) &&
       ld_validate_text (_("How it was verified"), method, LD_TEXT_PARAGRAPH, error);
  if (ok)
    {
      field = "verified_on";
      ok = (date = ld_parse_date (_("Verified on"), verified_on, error)) != NULL &&
           not_after_today (_("Verified on"), date, now, error);
    }
  if (out_field)
    *out_field = ok ? NULL : field;
  return ok;
}
