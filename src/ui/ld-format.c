/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-format"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-country.h"
#include "ld-format.h"

static const struct { const char *code; const char *title; } status_titles[] = {
  { "draft", N_("Draft") },
  /* The Central column: a record's change the server has not answered, or
   * one it found in conflict (resolved on the Central Database page). */
  { "sync_pending", N_("⏳ Waiting to be sent") },
  { "sync_conflict", N_("⚠ Conflict: resolve on the Central Database page") },
  { "submitted", N_("Submitted") },
  { "under_review", N_("Under review") },
  { "under_assessment", N_("Under assessment") },
  { "information_requested", N_("Information requested") },
  { "recommended_approval", N_("Recommended for approval") },
  { "recommended_refusal", N_("Recommended for refusal") },
  { "registered", N_("Registered") },
  { "approved", N_("Approved") },
  { "refused", N_("Refused") },
  { "withdrawn", N_("Withdrawn") },
  { "suspended", N_("Suspended") },
  { "revoked", N_("Revoked") },
  { "expired", N_("Expired") },
  { "issued", N_("Issued") },
  /* A licence issued at a desk synced with a central database, before the
   * server's number arrived, or one whose issue the server refused. */
  { "issue_pending", N_("Issue pending: the central database gives the number") },
  { "issue_refused", N_("Not issued: the central database refused the issue") },
  { "partly_used", N_("Partly used") },
  { "exhausted", N_("Exhausted") },
  { "surrendered", N_("Surrendered") },
  { "expiring_soon", N_("Expires within 30 days") },
  { "unverified", N_("Unverified") },
  { "confirmed", N_("Confirmed") },
  { "doubtful", N_("Doubtful") },
  { "forged", N_("Forged") },
  { "export", N_("Export") },
  { "import", N_("Import") },
  { "transit", N_("Transit") },
  { "brokering", N_("Brokering") },
  { "re_export", N_("Re-export") },
};

char *
ld_format_status (const char *code)
{
  if (code == NULL)
    return g_strdup ("");
  for (guint i = 0; i < G_N_ELEMENTS (status_titles); i++)
    if (g_str_equal (status_titles[i].code, code))
      return g_strdup (_(status_titles[i].title));
  return g_strdup (code);
}

/* Groups digits by the locale's thousands separator. */
char *
ld_format_count (guint64 n)
{
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

char *
ld_format_cell (LdColumnKind  kind,
                const char   *value)
{
  const LdCountry *country;

  if (value == NULL)
    return g_strdup ("");
  switch (kind)
    {
    case LD_COLUMN_COUNTRY:
      country = ld_country_lookup (value);
      return country ? g_strdup_printf ("%s (%s)", ld_country_get_name (country), country->alpha2) : g_strdup (value);
    case LD_COLUMN_STATUS:
    case LD_COLUMN_WARNING:
      return ld_format_status (value);
    case LD_COLUMN_NUMBER:
      return ld_format_count (g_ascii_strtoull (value, NULL, 10));
    case LD_COLUMN_DATE:
    case LD_COLUMN_TEXT:
    default:
      return g_strdup (value);
    }
}

/**
 * ld_format_instant:
 * @iso8601: a time as the list or the store write it, e.g. 2026-02-27T00:00:09.554Z
 *
 * Returns: (transfer full): it to the minute, in UTC and said so; text that is
 *   not such a time unchanged, so nothing is hidden
 */
char *
ld_format_instant (const char *iso8601)
{
  g_autoptr(GDateTime) t = iso8601 ? g_date_time_new_from_iso8601 (iso8601, NULL) : NULL;

  if (t == NULL)
    return g_strdup (iso8601 ? iso8601 : "—");
  return g_date_time_format (t, "%Y-%m-%d %H:%M UTC");
}

/* Each kind of record the desk sends to the central database, as officers
 * name it. */
static const struct { const char *entity; const char *words; } record_kinds[] = {
  { "broker", N_("Broker") },
  { "application", N_("Case") },
  { "euc", N_("End-use certificate") },
  { "licence", N_("Licence") },
  { "user_profile", N_("Profile") },
  { "broker_person", N_("Broker's person") },
  { "broker_authorisation", N_("Brokering authorisation") },
  { "attachment", N_("Document") },
  { "euc_authority", N_("Issuing authority") },
  { "euc_signatory", N_("Signatory") },
  { "denial", N_("Denial") },
  { "shipment", N_("Shipment") },
  { "screening_run", N_("Case screening run") },
  { "screening_verdict", N_("Verdict on a case's screening hit") },
  { "consent_screening_run", N_("Consent request screening run") },
  { "consent_screening_verdict", N_("Verdict on a consent request's screening hit") },
  { "broker_screening", N_("Broker screening run") },
  { "broker_screening_verdict", N_("Verdict on a broker's screening hit") },
  { "application_event", N_("Case history entry") },
  { "broker_event", N_("Broker history entry") },
  { "embargo_exemption", N_("Embargo exemption") },
  { "application_refusal_criteria", N_("Case's refusal criteria") },
  { "checklist_assessment", N_("Diversion-risk assessment") },
  { "checklist_template", N_("Diversion-risk checklist") },
  { "rescreen_job", N_("Re-screening after a list update") },
};

/**
 * ld_format_record_kind:
 * @entity: a kind of record as the store queues it (screening_run)
 *
 * Returns: (transfer full): the kind in words; a kind this version has no
 *   words for (one a newer desk queued) with its separators as spaces, never
 *   as a key
 */
char *
ld_format_record_kind (const char *entity)
{
  char *words;

  for (guint i = 0; i < G_N_ELEMENTS (record_kinds); i++)
    if (g_str_equal (record_kinds[i].entity, entity))
      return g_strdup (_(record_kinds[i].words));
  words = g_strdelimit (g_strdup (entity), "_-", ' ');
  if (words[0] != '\0')
    words[0] = g_ascii_toupper (words[0]);
  return words;
}
