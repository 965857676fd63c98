/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-euc-check"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-euc-check.h"
#include "ld-validate.h"

/* The consistency checks of an end-use certificate against the application
 * it covers. Pure functions of the data: the store loads both, the page and
 * the diversion-risk checklist show what comes out. */

static const char *finding_codes[] = {
  "unverified", "doubtful", "not_valid", "expired", "reused", "not_linked", "destination",
  "issuer_not_destination", "end_user", "quantity", "contract", "no_reexport_undertaking", "unknown_authority",
  "unknown_signatory", "signatory_not_in_office", "dvc_overdue", "consent_pending",
};

void
ld_euc_finding_free (LdEucFinding *finding)
{
  if (finding == NULL)
    return;
  g_free (finding->code);
  g_free (finding->message);
  g_free (finding);
}

G_GNUC_PRINTF (3, 4)
static void
add (GPtrArray        *findings,
     LdEucFindingKind  kind,
     const char       *format,
     ...)
{
  LdEucFinding *f = g_new0 (LdEucFinding, 1);
  va_list args;

  G_STATIC_ASSERT (G_N_ELEMENTS (finding_codes) == LD_EUC_FINDING_CONSENT_PENDING + 1);
  va_start (args, format);
  f->kind = kind;
  f->code = g_strdup (finding_codes[kind]);
  f->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (findings, f);
}

static void
check_status (GPtrArray   *findings,
              LdEucStatus  status,
              guint        n_reuse_attempts)
{
  if (status == LD_EUC_UNVERIFIED)
    add (findings, LD_EUC_FINDING_UNVERIFIED, "%s",
         _("The certificate has not been verified with the issuing authority."));
  else if (status == LD_EUC_DOUBTFUL)
    add (findings, LD_EUC_FINDING_DOUBTFUL, "%s", _("The certificate is recorded as doubtful."));
  else if (!ld_euc_status_may_link (status))
    add (findings, LD_EUC_FINDING_NOT_VALID, _("The certificate is recorded as “%s”."), ld_euc_status_title (status));
  if (n_reuse_attempts > 0)
    add (findings, LD_EUC_FINDING_REUSED,
         g_dngettext (GETTEXT_PACKAGE, "%u attempt to use the certificate for another application is recorded.",
                      "%u attempts to use the certificate for another application are recorded.", n_reuse_attempts),
         n_reuse_attempts);
}

static void
check_dates (GPtrArray   *findings,
             const LdEuc *euc,
             const char  *today)
{
  /* Both are YYYY-MM-DD, validated when registered: they compare as text. */
  if (euc->expires_on && today && g_strcmp0 (euc->expires_on, today) < 0)
    add (findings, LD_EUC_FINDING_EXPIRED, _("The certificate expired on %s."), euc->expires_on);
}

/**
 * ld_euc_name_key:
 *
 * Names of end users, authorities and signatories compare case-folded,
 * normalised and with runs of spaces and punctuation as one space.
 *
 * Returns: (transfer full): the key
 */
char *
ld_euc_name_key (const char *name)
{
  g_autofree char *nfkc = g_utf8_normalize (name ? name : "", -1, G_NORMALIZE_ALL_COMPOSE);
  g_autofree char *folded = g_utf8_casefold (nfkc ? nfkc : "", -1);
  g_auto(GStrv) words = g_strsplit_set (folded, " \t\n,.", -1);
  g_autoptr(GString) key = g_string_new (NULL);

  for (guint i = 0; words[i]; i++)
    if (words[i][0])
      g_string_append_printf (key, "%s%s", key->len ? " " : "", words[i]);
  return g_string_free (g_steal_pointer (&key), FALSE);
}

static void
check_end_user (GPtrArray    *findings,
                const LdEuc  *euc,
                const LdCase *c)
{
  g_autofree char *wanted = ld_euc_name_key (euc->end_user_name);
  g_autoptr(GString) named = g_string_new (NULL);

  for (guint i = 0; c->parties && i < c->parties->len; i++)
    {
      const LdCaseParty *p = g_ptr_array_index (c->parties, i);
      g_autofree char *key = NULL;

      if (g_strcmp0 (p->role, "end_user") != 0)
        continue;
      key = ld_euc_name_key (p->name);
      if (g_str_equal (key, wanted))
        return;
      g_string_append_printf (named, "%s“%s”", named->len ? ", " : "", p->name ? p->name : "");
    }
  if (named->len == 0)
    add (findings, LD_EUC_FINDING_END_USER, _("The application names no end user; the certificate names “%s”."),
         euc->end_user_name);
  else
    add (findings, LD_EUC_FINDING_END_USER, _("The certificate's end user “%s” is not the application's (%s)."),
         euc->end_user_name, named->str);
}

static void
check_application (GPtrArray    *findings,
                   const LdEuc  *euc,
                   const LdCase *c)
{
  gint64 total = ld_case_total_quantity (c);

  if (g_strcmp0 (euc->destination_country, c->destination_country) != 0)
    add (findings, LD_EUC_FINDING_DESTINATION, _("The certificate's final destination %s is not the application's (%s)."),
         euc->destination_country, c->destination_country ? c->destination_country : "—");
  if (c->destination_country && g_strcmp0 (euc->issuing_country, c->destination_country) != 0)
    add (findings, LD_EUC_FINDING_ISSUER_NOT_DESTINATION,
         _("The certificate was issued by %s, not by the destination state %s."), euc->issuing_country,
         c->destination_country);
  check_end_user (findings, euc, c);
  if (euc->quantity > 0 && euc->quantity != total)
    add (findings, LD_EUC_FINDING_QUANTITY,
         _("The certificate covers %" G_GINT64_FORMAT " items; the application asks for %" G_GINT64_FORMAT "."),
         euc->quantity, total);
  if (euc->contract_reference && c->contract_reference &&
      g_strcmp0 (euc->contract_reference, c->contract_reference) != 0)
    add (findings, LD_EUC_FINDING_CONTRACT, _("The certificate's contract %s is not the application's (%s)."),
         euc->contract_reference, c->contract_reference);
}

/**
 * ld_euc_check:
 * @n_reuse_attempts: recorded attempts to use the certificate for another application
 * @application: (nullable): the application the certificate covers, or %NULL when it covers none
 * @today: (nullable): YYYY-MM-DD, for the expiry
 *
 * Returns: (transfer container) (element-type LdEucFinding): the findings,
 *   empty when the certificate is confirmed and consistent
 */
GPtrArray *
ld_euc_check (const LdEuc  *euc,
              LdEucStatus   status,
              guint         n_reuse_attempts,
              const LdCase *application,
              const char   *today)
{
  GPtrArray *findings = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_euc_finding_free);

  g_return_val_if_fail (euc != NULL, findings);

  check_status (findings, status, n_reuse_attempts);
  check_dates (findings, euc, today);
  if (!euc->undertakes_no_reexport)
    add (findings, LD_EUC_FINDING_NO_REEXPORT_UNDERTAKING, "%s",
         _("The certificate has no undertaking against re-export without prior written consent."));
  if (application)
    check_application (findings, euc, application);
  else
    add (findings, LD_EUC_FINDING_NOT_LINKED, "%s", _("The certificate covers no application yet."));
  return findings;
}

void
ld_euc_signatory_free (LdEucSignatory *signatory)
{
  if (signatory == NULL)
    return;
  g_free (signatory->name);
  g_free (signatory->position);
  g_free (signatory->valid_from);
  g_free (signatory->valid_until);
  g_free (signatory);
}

/**
 * ld_euc_signatory_validate:
 *
 * A signatory has a name and the day they took office; the day they left,
 * when known, comes after it.
 */
gboolean
ld_euc_signatory_validate (const LdEucSignatory  *signatory,
                           GError               **error)
{
  g_autoptr(GDate) from = NULL;
  g_autoptr(GDate) until = NULL;

  if (!ld_validate_required (_("Signatory's name"), signatory->name, error) ||
      !ld_validate_text (_("Signatory's name"), signatory->name, LD_TEXT_NAME, error) ||
      !ld_validate_text (_("Position"), signatory->position, LD_TEXT_LINE, error) ||
      !(from = ld_parse_date (_("In office from"), signatory->valid_from, error)))
    return FALSE;
  if (signatory->valid_until && signatory->valid_until[0] &&
      !(until = ld_parse_date (_("In office until"), signatory->valid_until, error)))
    return FALSE;
  return ld_validate_date_order (_("In office from"), from, _("In office until"), until, error);
}

static const LdEucSignatory *
find_signatory (GPtrArray  *signatories,
                const char *name)
{
  g_autofree char *wanted = ld_euc_name_key (name);

  for (guint i = 0; signatories && i < signatories->len; i++)
    {
      const LdEucSignatory *s = g_ptr_array_index (signatories, i);
      g_autofree char *key = ld_euc_name_key (s->name);

      if (g_str_equal (key, wanted))
        return s;
    }
  return NULL;
}

/**
 * ld_euc_check_authority:
 * @authority_known: whether the certificate's issuing authority is on the
 *   office's list for its issuing state
 * @signatories: (nullable) (element-type LdEucSignatory): that authority's known signatories
 *
 * Adds the findings about who issued and signed the certificate: an unknown
 * authority or signatory, or a signatory not in office on the date of issue.
 */
void
ld_euc_check_authority (GPtrArray    *findings,
                        const LdEuc  *euc,
                        gboolean      authority_known,
                        GPtrArray    *signatories)
{
  const LdEucSignatory *s;

  if (euc->issuing_authority == NULL)
    return;
  if (!authority_known)
    {
      add (findings, LD_EUC_FINDING_UNKNOWN_AUTHORITY,
           _("“%s” is not a known issuing authority of %s; compare the certificate with a specimen."),
           euc->issuing_authority, euc->issuing_country);
      return;
    }
  if (euc->signatory == NULL)
    return;
  if ((s = find_signatory (signatories, euc->signatory)) == NULL)
    add (findings, LD_EUC_FINDING_UNKNOWN_SIGNATORY, _("“%s” is not a known signatory of %s."), euc->signatory,
         euc->issuing_authority);
  else if (g_strcmp0 (euc->issued_on, s->valid_from) < 0 ||
           (s->valid_until && g_strcmp0 (euc->issued_on, s->valid_until) > 0))
    add (findings, LD_EUC_FINDING_SIGNATORY_NOT_IN_OFFICE,
         _("%s was not in office on the date of issue %s (in office %s to %s)."), s->name, euc->issued_on,
         s->valid_from, s->valid_until ? s->valid_until : _("now"));
}

/* A delivery verification certificate expected by @expected_by has not come. */
void
ld_euc_check_add_dvc_overdue (GPtrArray  *findings,
                              const char *expected_by)
{
  add (findings, LD_EUC_FINDING_DVC_OVERDUE,
       _("The delivery verification certificate expected by %s has not been received."), expected_by);
}

/* Requests to re-export what the certificate covers wait for a decision. */
void
ld_euc_check_add_consent_pending (GPtrArray *findings,
                                  guint      n_pending)
{
  if (n_pending == 0)
    return;
  add (findings, LD_EUC_FINDING_CONSENT_PENDING,
       g_dngettext (GETTEXT_PACKAGE, "%u request to re-export under this certificate awaits a decision.",
                    "%u requests to re-export under this certificate await a decision.", n_pending),
       n_pending);
}

/**
 * ld_euc_finding_title:
 *
 * Returns: a few words naming the kind of finding, for a list's column
 */
const char *
ld_euc_finding_title (LdEucFindingKind kind)
{
  static const char *titles[] = {
    N_("unverified"), N_("doubtful"), N_("forged or withdrawn"), N_("expired"), N_("reused"), N_("not linked"),
    N_("destination"), N_("issuer not of destination"), N_("end user"), N_("quantity"), N_("contract"),
    N_("no re-export undertaking"), N_("unknown authority"), N_("unknown signatory"),
    N_("signatory not in office"), N_("DVC overdue"), N_("re-export consent pending"),
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (titles) == LD_EUC_FINDING_CONSENT_PENDING + 1);
  g_return_val_if_fail (kind <= LD_EUC_FINDING_CONSENT_PENDING, NULL);
  return _(titles[kind]);
}

/**
 * ld_euc_findings_summary:
 * @findings: (element-type LdEucFinding)
 *
 * Returns: (transfer full): how many findings and of which kinds, e.g.
 *   "2: unverified, quantity", or "None"
 */
char *
ld_euc_findings_summary (GPtrArray *findings)
{
  GString *text;

  if (findings == NULL || findings->len == 0)
    return g_strdup (_("None"));
  text = g_string_new (NULL);
  g_string_printf (text, "%u: ", findings->len);
  for (guint i = 0; i < findings->len; i++)
    {
      const LdEucFinding *f = g_ptr_array_index (findings, i);

      g_string_append_printf (text, "%s%s", i ? ", " : "", ld_euc_finding_title (f->kind));
    }
  return g_string_free (text, FALSE);
}
