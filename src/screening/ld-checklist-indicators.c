/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-checklist-indicators"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-case-gate.h"
#include "ld-checklist-indicators.h"
#include "ld-embargo-repo.h"
#include "ld-euc-repo.h"

/* The diversion-risk indicators the program reads from the record itself
 * (DOMAIN.md): each says whether it fired, what it found (or what it looked
 * at when it found nothing) and which record the evidence comes from. The
 * assessment stores the answers they give (ld-checklist-repo.c). */

typedef struct
{
  LdStore            *store;
  const LdCaseRecord *record;
  GPtrArray          *out;
} Reading;

static void
add (Reading    *reading,
     const char *code,
     gboolean    fired,
     char       *evidence,
     char       *link)
{
  LdChecklistIndicator *ind = g_new0 (LdChecklistIndicator, 1);

  ind->code = g_strdup (code);
  ind->fired = fired;
  ind->evidence = evidence;
  ind->link = link;
  g_ptr_array_add (reading->out, ind);
}

static char *
joined (GPtrArray *lines)
{
  g_ptr_array_add (lines, NULL);
  return g_strjoinv (" ", (char **) lines->pdata);
}

static gboolean
is_recipient (const LdCaseParty *p)
{
  return g_strcmp0 (p->role, "end_user") == 0 || g_strcmp0 (p->role, "consignee") == 0 ||
         g_strcmp0 (p->role, "importer") == 0;
}

static gboolean
is_state_body (const LdCaseParty *p)
{
  return g_strcmp0 (p->party_type, "government") == 0 || g_strcmp0 (p->party_type, "armed_forces") == 0 ||
         g_strcmp0 (p->party_type, "police") == 0;
}

/* A targeted embargo on non-governmental recipients covers the case when a
 * recipient is not a state body. */
static gboolean
has_non_state_recipient (const LdCase *data)
{
  for (guint i = 0; data->parties && i < data->parties->len; i++)
    {
      const LdCaseParty *p = g_ptr_array_index (data->parties, i);

      if (is_recipient (p) && !is_state_body (p))
        return TRUE;
    }
  return FALSE;
}

static gboolean
embargo_applies (const LdEmbargoHit *hit,
                 const LdCase       *data,
                 GHashTable         *exempted)
{
  if (g_hash_table_contains (exempted, hit->embargo->id))
    return FALSE;
  switch (hit->embargo->scope)
    {
    case LD_EMBARGO_SCOPE_FULL:
    case LD_EMBARGO_SCOPE_FULL_WITH_EXEMPTIONS:
      return TRUE;
    case LD_EMBARGO_SCOPE_NON_GOVERNMENTAL:
      return has_non_state_recipient (data);
    case LD_EMBARGO_SCOPE_DESIGNATED:
    default:
      return FALSE;   /* designated persons: the sanctions indicator */
    }
}

static void
add_check (GArray        *checks,
           const char    *country,
           LdEmbargoRole  role,
           const char    *party)
{
  LdEmbargoCheck check = { country, role, party };

  if (country && country[0])
    g_array_append_val (checks, check);
}

/* Embargoes confirmed as exempted for this version by a second officer. */
static GHashTable *
read_exempted (Reading  *reading,
               GError  **error)
{
  g_autoptr(GPtrArray) list = ld_case_repo_list_exemptions (reading->store, reading->record->id, error);
  GHashTable *exempted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; list && i < list->len; i++)
    {
      const LdCaseExemption *e = g_ptr_array_index (list, i);

      if (e->confirmed_by_login)
        g_hash_table_add (exempted, g_strdup (e->embargo_id));
    }
  if (list == NULL)
    g_clear_pointer (&exempted, g_hash_table_unref);
  return exempted;
}

static gboolean
read_embargo (Reading  *reading,
              GError  **error)
{
  const LdCase *data = reading->record->data;
  g_autoptr(LdEmbargoTable) table = ld_embargo_table_new_from_store (reading->store, error);
  g_autoptr(GArray) checks = g_array_new (FALSE, FALSE, sizeof (LdEmbargoCheck));
  g_autoptr(GPtrArray) hits = NULL, found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) exempted = NULL;

  if (table == NULL || !(exempted = read_exempted (reading, error)))
    return FALSE;
  add_check (checks, data->destination_country, LD_EMBARGO_ROLE_DESTINATION, NULL);
  for (guint i = 0; data->transit && i < data->transit->len; i++)
    add_check (checks, g_ptr_array_index (data->transit, i), LD_EMBARGO_ROLE_TRANSIT, NULL);
  for (guint i = 0; data->parties && i < data->parties->len; i++)
    {
      const LdCaseParty *p = g_ptr_array_index (data->parties, i);

      add_check (checks, p->country, LD_EMBARGO_ROLE_PARTY, p->name);
    }
  hits = ld_embargo_table_screen (table, (const LdEmbargoCheck *) checks->data, checks->len);
  for (guint i = 0; i < hits->len; i++)
    {
      const LdEmbargoHit *hit = g_ptr_array_index (hits, i);

      if (embargo_applies (hit, data, exempted))
        g_ptr_array_add (found, g_strdup_printf ("%s.", hit->reason));
    }
  if (found->len > 0)
    add (reading, "embargo", TRUE, joined (found),
         g_strdup_printf ("embargo:%s", ((const LdEmbargoHit *) g_ptr_array_index (hits, 0))->embargo->id));
  else
    add (reading, "embargo", FALSE,
         g_strdup_printf (_("The destination, %u transit countries and every party's country were checked against "
                            "embargo table %s: no embargo covers this transfer."),
                          data->transit ? data->transit->len : 0, ld_embargo_table_get_version (table)),
         NULL);
  return TRUE;
}

/* Open or confirmed hits on the UN list or the denial register in the
 * newest screening of the current version. */
static gboolean
read_sanctions (Reading  *reading,
                GError  **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *first = NULL, *run_at = NULL;
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;

  if (!ld_store_begin_read (reading->store, error))
    return FALSE;
  stmt = ld_store_prepare (reading->store,
    "SELECT h.id, h.kind, h.party_name, h.entry_ref, h.status, s.run_at FROM screening_run s"
    " LEFT JOIN screening_hit h ON h.run_id = s.id AND h.kind IN ('sanctions', 'denial')"
    " AND h.status IN ('open', 'true_match') WHERE s.application_id = ? AND s.case_version = ?"
    " AND s.id = (SELECT id FROM screening_run WHERE application_id = s.application_id"
    " ORDER BY run_at DESC, rowid DESC LIMIT 1) ORDER BY h.created_at", error);
  if (stmt == NULL)
    ok = FALSE;
  else
    {
      ld_store_bind_text (stmt, 1, reading->record->id);
      sqlite3_bind_int (stmt, 2, reading->record->current_version);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_free (run_at);
          run_at = ld_store_column_dup (stmt, 5);
          if (sqlite3_column_type (stmt, 0) == SQLITE_NULL)
            continue;
          if (first == NULL)
            first = g_strdup_printf ("screening-hit:%s", sqlite3_column_text (stmt, 0));
          g_ptr_array_add (found, g_strdup_printf (
            g_str_equal ((const char *) sqlite3_column_text (stmt, 1), "denial")
              ? _("“%s” matches national denial %s (%s).") : _("“%s” matches UN sanctions list entry %s (%s)."),
            sqlite3_column_text (stmt, 2), sqlite3_column_text (stmt, 3),
            g_str_equal ((const char *) sqlite3_column_text (stmt, 4), "open") ? _("open, not yet judged")
                                                                                : _("confirmed")));
        }
      sqlite3_reset (stmt);
    }
  ld_store_rollback (reading->store);
  if (!ok)
    return FALSE;
  if (found->len > 0)
    add (reading, "sanctions", TRUE, joined (found), g_steal_pointer (&first));
  else
    add (reading, "sanctions", FALSE,
         run_at ? g_strdup_printf (_("The screening of %s found no open or confirmed match on the UN sanctions list or "
                                     "in the denial register."), run_at)
                : g_strdup (_("This version of the case has not been screened yet; nothing is known about the "
                              "sanctions list and the denial register.")),
         NULL);
  return TRUE;
}

static gboolean
read_broker (Reading  *reading,
             GError  **error)
{
  g_autoptr(GPtrArray) findings = ld_case_repo_read_broker_findings (reading->store, reading->record->id, error);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *today = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  guint n_brokers = 0;

  if (findings == NULL)
    return FALSE;
  today = g_date_time_format (now, "%Y-%m-%d");
  for (guint i = 0; reading->record->data->parties && i < reading->record->data->parties->len; i++)
    n_brokers += g_strcmp0 (((LdCaseParty *) g_ptr_array_index (reading->record->data->parties, i))->role,
                            "broker") == 0;
  for (guint i = 0; i < findings->len; i++)
    g_ptr_array_add (lines, ld_case_broker_finding_describe (g_ptr_array_index (findings, i), today));
  if (lines->len > 0)
    add (reading, "broker", TRUE, joined (lines),
         g_strdup_printf ("broker:%s", ((LdCaseBrokerFinding *) g_ptr_array_index (findings, 0))->registration
                                       ? ((LdCaseBrokerFinding *) g_ptr_array_index (findings, 0))->registration : ""));
  else
    add (reading, "broker", FALSE,
         n_brokers ? g_strdup_printf (_("Every broker of the case (%u) is registered, in force and authorised for this "
                                        "case on %s."), n_brokers, today)
                   : g_strdup (_("No broker takes part in this transfer.")), NULL);
  return TRUE;
}

static gboolean
read_euc (Reading  *reading,
          GError  **error)
{
  const char *reference = reading->record->data->euc_reference;
  g_autoptr(GPtrArray) flags = NULL;

  if (reference == NULL || reference[0] == '\0')
    {
      add (reading, "euc", TRUE, g_strdup (_("The application names no end-use certificate.")), NULL);
      return TRUE;
    }
  flags = ld_euc_repo_case_flags (reading->store, reference, reading->record->id);
  if (flags->len > 0)
    add (reading, "euc", TRUE, joined (flags), g_strdup_printf ("euc:%s", reference));
  else
    add (reading, "euc", FALSE,
         g_strdup_printf (_("End-use certificate %s is registered, verified, in force and consistent with the "
                            "application."), reference),
         g_strdup_printf ("euc:%s", reference));
  return TRUE;
}

static gboolean
read_non_state (Reading  *reading,
                GError  **error)
{
  const LdCase *data = reading->record->data;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; data->parties && i < data->parties->len; i++)
    {
      const LdCaseParty *p = g_ptr_array_index (data->parties, i);

      if (g_strcmp0 (p->role, "end_user") == 0 && g_strcmp0 (p->party_type, "non_state_actor") == 0)
        g_ptr_array_add (found, g_strdup_printf (_("The end user “%s” is recorded as a non-state actor."), p->name));
    }
  add (reading, "non-state", found->len > 0,
       found->len > 0 ? joined (found) : g_strdup (_("No end user is recorded as a non-state actor.")),
       g_strdup_printf ("application:%s", reading->record->reference));
  return TRUE;
}

/* Refused cases naming one of this case's parties, or going to its
 * destination. */
static gboolean
read_refusals (Reading  *reading,
               GError  **error)
{
  const LdCase *data = reading->record->data;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *first = NULL;
  sqlite3_stmt *stmt;

  if (!ld_store_begin_read (reading->store, error))
    return FALSE;
  stmt = ld_store_prepare (reading->store,
    "SELECT DISTINCT a.reference, a.destination_country, p.name FROM application a"
    " JOIN application_version v ON v.application_id = a.id AND v.version = a.current_version"
    " JOIN application_party p ON p.version_id = v.id"
    " WHERE a.status = 'refused' AND a.id != ?1 AND a.voided_at IS NULL"
    " AND (a.destination_country = ?2 OR lower(p.name) IN (SELECT lower(q.name) FROM application_party q"
    " JOIN application_version w ON w.id = q.version_id WHERE w.application_id = ?1 AND w.version = ?3))"
    " ORDER BY a.reference", error);
  if (stmt == NULL)
    {
      ld_store_rollback (reading->store);
      return FALSE;
    }
  ld_store_bind_text (stmt, 1, reading->record->id);
  ld_store_bind_text (stmt, 2, data->destination_country);
  sqlite3_bind_int (stmt, 3, reading->record->current_version);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *ref = (const char *) sqlite3_column_text (stmt, 0);

      if (!g_hash_table_add (seen, g_strdup (ref)))
        continue;
      if (first == NULL)
        first = g_strdup_printf ("application:%s", ref);
      g_ptr_array_add (found, g_strdup_printf (_("%s (to %s) was refused."), ref, sqlite3_column_text (stmt, 1)));
    }
  sqlite3_reset (stmt);
  ld_store_rollback (reading->store);
  add (reading, "refusals", found->len > 0,
       found->len > 0 ? joined (found)
                      : g_strdup_printf (_("No earlier application for these parties or for %s was refused."),
                                         data->destination_country),
       g_steal_pointer (&first));
  return TRUE;
}

static const char *
end_user_name (const LdCase *data)
{
  for (guint i = 0; data->parties && i < data->parties->len; i++)
    {
      const LdCaseParty *p = g_ptr_array_index (data->parties, i);

      if (g_strcmp0 (p->role, "end_user") == 0)
        return p->name;
    }
  return NULL;
}

static gint64
total_quantity (const LdCase *data)
{
  gint64 total = 0;

  for (guint i = 0; data->items && i < data->items->len; i++)
    total += ((const LdCaseItem *) g_ptr_array_index (data->items, i))->quantity;
  return total;
}

/* This case's quantity against the same end user's largest earlier approved
 * case (LD_CHECKLIST_QUANTITY_FACTOR). */
static gboolean
read_quantity (Reading  *reading,
               GError  **error)
{
  const char *end_user = end_user_name (reading->record->data);
  gint64 ours = total_quantity (reading->record->data), largest = 0;
  g_autofree char *largest_ref = NULL;
  sqlite3_stmt *stmt;

  if (!ld_store_begin_read (reading->store, error))
    return FALSE;
  stmt = ld_store_prepare (reading->store,
    "SELECT a.reference, (SELECT sum(i.quantity) FROM application_item i WHERE i.version_id = v.id) AS total"
    " FROM application a JOIN application_version v ON v.application_id = a.id AND v.version = a.current_version"
    " WHERE a.status = 'approved' AND a.id != ?1 AND a.voided_at IS NULL AND EXISTS (SELECT 1 FROM"
    " application_party p WHERE p.version_id = v.id AND p.role = 'end_user' AND lower(p.name) = lower(?2))"
    " ORDER BY total DESC LIMIT 1", error);
  if (stmt == NULL)
    {
      ld_store_rollback (reading->store);
      return FALSE;
    }
  ld_store_bind_text (stmt, 1, reading->record->id);
  ld_store_bind_text (stmt, 2, end_user ? end_user : "");
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      largest_ref = ld_store_column_dup (stmt, 0);
      largest = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  ld_store_rollback (reading->store);
  if (largest_ref == NULL)
    add (reading, "quantity", FALSE,
         g_strdup_printf (_("No earlier approved case of the end user “%s” to compare the quantity (%lld) with."),
                          end_user ? end_user : "?", (long long) ours), NULL);
  else if (ours > LD_CHECKLIST_QUANTITY_FACTOR * largest)
    add (reading, "quantity", TRUE,
         g_strdup_printf (_("%lld items is more than %d times the end user's largest earlier approved "
                            "case, %s (%lld)."), (long long) ours, LD_CHECKLIST_QUANTITY_FACTOR, largest_ref,
                          (long long) largest),
         g_strdup_printf ("application:%s", largest_ref));
  else
    add (reading, "quantity", FALSE,
         g_strdup_printf (_("%lld items is in line with the end user's largest earlier approved case, "
                            "%s (%lld)."), (long long) ours, largest_ref, (long long) largest),
         g_strdup_printf ("application:%s", largest_ref));
  return TRUE;
}

/**
 * ld_checklist_indicators_read:
 *
 * Reads every indicator for the case's current version: embargo, sanctions,
 * broker, euc, non-state, refusals and quantity, in that order.
 *
 * Returns: (transfer full) (element-type LdChecklistIndicator) (nullable)
 */
GPtrArray *
ld_checklist_indicators_read (LdStore     *store,
                              const char  *id_or_reference,
                              GError     **error)
{
  g_autoptr(LdCaseRecord) r = ld_case_repo_load (store, id_or_reference, 0, error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_checklist_indicator_free);
  Reading reading = { store, r, out };

  if (r == NULL)
    return NULL;
  if (!read_embargo (&reading, error) || !read_sanctions (&reading, error) || !read_broker (&reading, error) ||
      !read_euc (&reading, error) || !read_non_state (&reading, error) || !read_refusals (&reading, error) ||
      !read_quantity (&reading, error))
    return NULL;
  return g_steal_pointer (&out);
}

/**
 * ld_checklist_refresh:
 * @responses: (nullable) (element-type LdChecklistResponse): the officer's answers
 * @out_indicators: (out) (optional) (transfer full): what was read
 *
 * Reads the indicators and saves them with @responses into the assessment
 * of the case's current version, starting it when there is none. The window
 * and licence-desk-admin go through here, so the record's answers are as
 * fresh as the act they come before.
 *
 * Returns: (transfer full) (nullable): the assessment
 */
LdChecklistAssessment *
ld_checklist_refresh (LdStore        *store,
                      const LdActor  *actor,
                      const char     *id_or_reference,
                      GPtrArray      *responses,
                      GPtrArray     **out_indicators,
                      GError        **error)
{
  g_autoptr(GPtrArray) indicators = ld_checklist_indicators_read (store, id_or_reference, error);
  LdChecklistAssessment *a;

  if (indicators == NULL)
    return NULL;
  a = ld_checklist_repo_save (store, actor, id_or_reference, indicators, responses, error);
  if (a && out_indicators)
    *out_indicators = g_steal_pointer (&indicators);
  return a;
}

/**
 * ld_checklist_refresh_indicators:
 *
 * After a screening run: reads the indicators again into the assessment of
 * the case's current version, if one was started, whatever the case's open
 * status; the officer's answers stay as they are.
 */
gboolean
ld_checklist_refresh_indicators (LdStore        *store,
                                 const LdActor  *actor,
                                 const char     *id_or_reference,
                                 GError        **error)
{
  g_autoptr(GPtrArray) indicators = ld_checklist_indicators_read (store, id_or_reference, error);

  return indicators != NULL && _ld_checklist_repo_refresh_indicators (store, actor, id_or_reference, indicators, error);
}
