/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-denial-repo"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-case.h"
#include "ld-denial-repo.h"
#include "ld-json-members.h"
#include "ld-name-matcher.h"
#include "ld-name-normalizer.h"
#include "ld-validate.h"

/*
 * The national denial register (migration 0007). Recording and voiding are a
 * senior officer's or the administrator's; each write goes with its audit
 * entry and outbox row in one transaction, and every field is checked before
 * the transaction starts, so bad input writes nothing. A denial is never
 * deleted or changed: voiding sets who, when and why, and screening then
 * passes it over.
 */

#define ENTITY "denial"
#define COLUMNS "id, reference, party_name, other_names, party_type, country, denied_on, reason, source," \
                " recorded_at, recorded_by_login, voided_at, voided_by_login, void_reason, row_version"

G_DEFINE_QUARK (ld-denial-repo-error-quark, ld_denial_repo_error)

void
ld_denial_free (LdDenial *denial)
{
  if (denial == NULL)
    return;
  g_free (denial->id); g_free (denial->reference); g_free (denial->name); g_free (denial->other_names);
  g_free (denial->party_type); g_free (denial->country); g_free (denial->denied_on); g_free (denial->reason);
  g_free (denial->source); g_free (denial->recorded_at); g_free (denial->recorded_by_login);
  g_free (denial->voided_at); g_free (denial->voided_by_login); g_free (denial->void_reason);
  g_free (denial);
}

/**
 * ld_denial_split_names:
 * @text: (nullable): names one a line or separated by “;”, as officers type them
 *
 * Returns: (transfer full): the non-empty names, trimmed
 */
char **
ld_denial_split_names (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = g_strsplit_set (text ? text : "", "\n;", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}

/* Returns: (transfer full): the denied party's name first, then its other names */
char **
ld_denial_get_names (const LdDenial *denial)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) others = ld_denial_split_names (denial->other_names);

  g_strv_builder_add (builder, denial->name);
  g_strv_builder_addv (builder, (const char **) others);
  return g_strv_builder_end (builder);
}

JsonNode *
ld_denial_to_json (const LdDenial *d)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_auto(GStrv) others = ld_denial_split_names (d->other_names);

  json_builder_begin_object (b);
  ld_json_add_string_member (b, "id", d->id);
  ld_json_add_string_member (b, "reference", d->reference);
  ld_json_add_string_member (b, "name", d->name);
  json_builder_set_member_name (b, "other_names");
  json_builder_begin_array (b);
  for (guint i = 0; others[i] != NULL; i++)
    json_builder_add_string_value (b, others[i]);
  json_builder_end_array (b);
  ld_json_add_string_member (b, "party_type", d->party_type);
  ld_json_add_string_member (b, "country", d->country);
  ld_json_add_string_member (b, "denied_on", d->denied_on);
  ld_json_add_string_member (b, "reason", d->reason);
  ld_json_add_string_member (b, "source", d->source);
  ld_json_add_string_member (b, "recorded_at", d->recorded_at);
  ld_json_add_string_member (b, "recorded_by", d->recorded_by_login);
  ld_json_add_string_member (b, "voided_at", d->voided_at);
  ld_json_add_string_member (b, "voided_by", d->voided_by_login);
  ld_json_add_string_member (b, "void_reason", d->void_reason);
  json_builder_set_member_name (b, "row_version");
  json_builder_add_int_value (b, d->row_version);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static char *
denial_json (const LdDenial *denial)
{
  g_autoptr(JsonNode) node = ld_denial_to_json (denial);

  return json_to_string (node, FALSE);
}

/* ---- reading ---- */

static LdDenial *
denial_from_row (sqlite3_stmt *stmt)
{
  LdDenial *d = g_new0 (LdDenial, 1);
  char **fields[] = { &d->id, &d->reference, &d->name, &d->other_names, &d->party_type, &d->country,
                      &d->denied_on, &d->reason, &d->source, &d->recorded_at, &d->recorded_by_login,
                      &d->voided_at, &d->voided_by_login, &d->void_reason };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    *fields[i] = ld_store_column_dup (stmt, (int) i);
  d->row_version = sqlite3_column_int64 (stmt, G_N_ELEMENTS (fields));
  return d;
}

/* Rows of @sql (one optional text parameter); call inside a transaction. */
static GPtrArray *
read_denials (LdStore     *store,
              const char  *sql,
              const char  *parameter,
              GError     **error)
{
  g_autoptr(GPtrArray) denials = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_denial_free);
  sqlite3_stmt *stmt = ld_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (parameter != NULL)
    ld_store_bind_text (stmt, 1, parameter);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (denials, denial_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ld_store_set_error (store, error, rc, _("reading the denial register"));
      return NULL;
    }
  return g_steal_pointer (&denials);
}

/* Screening reads inside its own write transaction; the admin tool reads alone. */
static GPtrArray *
read_denials_once (LdStore     *store,
                   const char  *sql,
                   const char  *parameter,
                   GError     **error)
{
  GPtrArray *denials;

  if (ld_store_in_transaction (store))
    return read_denials (store, sql, parameter, error);
  if (!ld_store_begin_read (store, error))
    return NULL;
  denials = read_denials (store, sql, parameter, error);
  ld_store_rollback (store);
  return denials;
}

static LdDenial *
find_denial (LdStore     *store,
             const char  *reference,
             GError     **error)
{
  g_autoptr(GPtrArray) found = read_denials_once (store, "SELECT " COLUMNS " FROM denial WHERE reference = ?",
                                                  reference, error);

  if (found == NULL)
    return NULL;
  if (found->len == 0)
    {
      g_set_error (error, LD_DENIAL_REPO_ERROR, LD_DENIAL_REPO_ERROR_NOT_FOUND,
                   _("The denial register has no denial “%s”; “denial list --all” shows every reference."),
                   reference);
      return NULL;
    }
  return g_ptr_array_steal_index (found, 0);
}

/**
 * ld_denial_repo_list:
 * @with_voided: include voided denials, which screening no longer matches
 *
 * Anyone who may read records may read the register.
 *
 * Returns: (transfer container) (element-type LdDenial) (nullable): the
 *   denials, most recently denied first
 */
GPtrArray *
ld_denial_repo_list (LdStore        *store,
                     const LdActor  *actor,
                     gboolean        with_voided,
                     GError        **error)
{
  g_return_val_if_fail (LD_IS_STORE (store), NULL);

  if (!ld_actor_require (actor, LD_PERMISSION_READ_RECORDS, error))
    return NULL;
  return read_denials_once (store, with_voided
                                   ? "SELECT " COLUMNS " FROM denial ORDER BY denied_on DESC, reference"
                                   : "SELECT " COLUMNS " FROM denial WHERE voided_at IS NULL"
                                     " ORDER BY denied_on DESC, reference",
                            NULL, error);
}

/**
 * ld_denial_repo_get:
 *
 * Returns: (transfer full) (nullable): the denial with notice number
 *   @reference, voided or not
 */
LdDenial *
ld_denial_repo_get (LdStore        *store,
                    const LdActor  *actor,
                    const char     *reference,
                    GError        **error)
{
  g_return_val_if_fail (LD_IS_STORE (store), NULL);
  g_return_val_if_fail (reference != NULL, NULL);

  if (!ld_actor_require (actor, LD_PERMISSION_READ_RECORDS, error))
    return NULL;
  return find_denial (store, reference, error);
}

/* ---- checking ---- */

/* Every name must be one screening can read, or the denial could never be hit. */
static gboolean
check_names (const LdDenialChange  *change,
             GError               **error)
{
  g_auto(GStrv) others = ld_denial_split_names (change->other_names);
  g_autofree char *normal = NULL;

  if (!ld_validate_required (_("The denied party's name (--name)"), change->name, error) ||
      !ld_validate_text (_("The denied party's name (--name)"), change->name, LD_TEXT_NAME, error) ||
      !ld_validate_text (_("The other names (--other-names)"), change->other_names, LD_TEXT_PARAGRAPH, error))
    return FALSE;
  if (!(normal = ld_name_normalizer_normalize (change->name, -1, LD_NAME_NORMALIZER_FLAGS_NONE, error)))
    {
      g_prefix_error (error, _("The denied party's name “%s” cannot be screened: "), change->name);
      return FALSE;
    }
  for (guint i = 0; others[i] != NULL; i++)
    {
      g_autofree char *other = ld_name_normalizer_normalize (others[i], -1, LD_NAME_NORMALIZER_FLAGS_NONE, error);

      if (other == NULL)
        {
          g_prefix_error (error, _("The other name “%s” cannot be screened: "), others[i]);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
check_party_type (const char  *type,
                  GError     **error)
{
  guint n;
  const LdCaseCode *types = ld_case_party_types (&n);

  if (!ld_validate_required (_("The party type (--type)"), type, error))
    return FALSE;
  if (ld_case_code_title (types, n, type) == NULL)
    {
      g_set_error (error, LD_DENIAL_REPO_ERROR, LD_DENIAL_REPO_ERROR_INVALID,
                   _("The party type (--type) “%s” is unknown; use government, armed_forces, police, commercial, "
                     "individual or non_state_actor."), type);
      return FALSE;
    }
  return TRUE;
}

/* The whole denial, checked before anything is written; @out_date gets the
 * date as YYYY-MM-DD and @out_country the code in capitals. */
static gboolean
check_change (const LdDenialChange  *change,
              char                 **out_country,
              char                 **out_date,
              GError               **error)
{
  g_autofree char *given = g_strstrip (g_strdup (change->country ? change->country : ""));
  g_autofree char *country = g_ascii_strup (given, -1);
  GDate *date = NULL;
  char text[16];

  if (!ld_validate_required (_("The denial's reference (--reference)"), change->reference, error) ||
      !check_names (change, error) ||
      !check_party_type (change->party_type, error) ||
      !ld_validate_country_code (_("The denied party's country (--country)"), country, error) ||
      !ld_validate_required (_("The date denied (--denied-on)"), change->denied_on, error) ||
      !(date = ld_parse_date (_("The date denied (--denied-on)"), change->denied_on, error)) ||
      !ld_validate_required (_("What was denied and why (--reason)"), change->reason, error) ||
      !ld_validate_text (_("What was denied and why (--reason)"), change->reason, LD_TEXT_PARAGRAPH, error) ||
      !ld_validate_required (_("The denial's source (--source)"), change->source, error) ||
      !ld_validate_text (_("The denial's source (--source)"), change->source, LD_TEXT_LINE, error) ||
      !ld_validate_text (_("The denial's reference (--reference)"), change->reference, LD_TEXT_NUMBER, error))
    {
      g_clear_pointer (&date, g_date_free);
      return FALSE;
    }
  g_date_strftime (text, sizeof text, "%Y-%m-%d", date);
  g_date_free (date);
  *out_country = g_steal_pointer (&country);
  *out_date = g_strdup (text);
  return TRUE;
}

/* ---- writing ---- */

static gboolean
reference_taken (LdStore     *store,
                 const char  *reference,
                 GError     **error)
{
  g_autoptr(GPtrArray) found = read_denials (store, "SELECT " COLUMNS " FROM denial WHERE reference = ?",
                                             reference, error);

  if (found == NULL)
    return TRUE;
  if (found->len > 0)
    {
      g_set_error (error, LD_DENIAL_REPO_ERROR, LD_DENIAL_REPO_ERROR_EXISTS,
                   _("The denial register already has a denial “%s”, recorded on %s; references are unique."),
                   reference, ((LdDenial *) g_ptr_array_index (found, 0))->recorded_at);
      return TRUE;
    }
  return FALSE;
}

static gboolean
insert_denial (LdStore         *store,
               const LdActor   *actor,
               const LdDenial  *d,
               GError         **error)
{
  const char *texts[] = { d->id, d->reference, d->name, d->other_names, d->party_type, d->country, d->denied_on,
                          d->reason, d->source, d->recorded_at, actor->user_id, d->recorded_by_login };
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO denial (id, reference, party_name, other_names, party_type, country, denied_on, reason, source,"
    " recorded_at, recorded_by, recorded_by_login) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    ld_store_bind_text (stmt, (int) i + 1, texts[i]);
  return ld_store_step_done (store, stmt, error);
}

/* The stored other names: one a line, whatever separators were typed. */
static char *
join_other_names (const char *text)
{
  g_auto(GStrv) names = ld_denial_split_names (text);

  return names[0] != NULL ? g_strjoinv ("\n", names) : NULL;
}

static LdDenial *
new_denial (const LdActor        *actor,
            const LdDenialChange *change,
            char                 *country,
            char                 *date)
{
  LdDenial *d = g_new0 (LdDenial, 1);

  d->id = g_uuid_string_random ();
  d->reference = g_strstrip (g_strdup (change->reference));
  d->name = g_strstrip (g_strdup (change->name));
  d->other_names = join_other_names (change->other_names);
  d->party_type = g_strdup (change->party_type);
  d->country = country;
  d->denied_on = date;
  d->reason = g_strstrip (g_strdup (change->reason));
  d->source = g_strstrip (g_strdup (change->source));
  d->recorded_at = ld_store_now_utc ();
  d->recorded_by_login = g_strdup (actor->login);
  d->row_version = 1;
  return d;
}

/**
 * ld_denial_repo_add:
 * @change: every field but other names is required
 *
 * Records a denial, with its audit entry and outbox row, in one transaction.
 *
 * Returns: (transfer full) (nullable): the denial as recorded
 */
LdDenial *
ld_denial_repo_add (LdStore               *store,
                    const LdActor         *actor,
                    const LdDenialChange  *change,
                    GError               **error)
{
  g_autoptr(LdDenial) denial = NULL;
  g_autofree char *after = NULL;
  char *country = NULL, *date = NULL;

  g_return_val_if_fail (LD_IS_STORE (store), NULL);
  g_return_val_if_fail (change != NULL, NULL);

  if (!ld_actor_require (actor, LD_PERMISSION_RECORD_DENIALS, error) ||
      !check_change (change, &country, &date, error))
    return NULL;
  denial = new_denial (actor, change, country, date);
  after = denial_json (denial);
  if (!ld_store_begin (store, error))
    return NULL;
  if (reference_taken (store, denial->reference, error) ||
      !insert_denial (store, actor, denial, error) ||
      !ld_store_record_change (store, actor, "denial_add", ENTITY, denial->id, 0, NULL, after, error) ||
      !ld_store_commit (store, error))
    {
      ld_store_rollback (store);
      return NULL;
    }
  return g_steal_pointer (&denial);
}

static gboolean
write_void (LdStore         *store,
            const LdDenial  *d,
            GError         **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "UPDATE denial SET voided_at = ?, voided_by_login = ?, void_reason = ?, row_version = row_version + 1"
    " WHERE id = ? AND row_version = ? AND voided_at IS NULL", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, d->voided_at);
  ld_store_bind_text (stmt, 2, d->voided_by_login);
  ld_store_bind_text (stmt, 3, d->void_reason);
  ld_store_bind_text (stmt, 4, d->id);
  sqlite3_bind_int64 (stmt, 5, d->row_version - 1);
  return ld_store_step_done (store, stmt, error);
}

/* Voids @d in memory, after checking it may be; returns its JSON before. */
static char *
mark_voided (LdDenial       *d,
             const LdActor  *actor,
             const char     *reason,
             GError        **error)
{
  char *before;

  if (d->voided_at != NULL)
    {
      g_set_error (error, LD_DENIAL_REPO_ERROR, LD_DENIAL_REPO_ERROR_INVALID,
                   _("The denial “%s” was already voided on %s by %s."), d->reference, d->voided_at,
                   d->voided_by_login);
      return NULL;
    }
  before = denial_json (d);
  d->voided_at = ld_store_now_utc ();
  d->voided_by_login = g_strdup (actor->login);
  d->void_reason = g_strstrip (g_strdup (reason));
  d->row_version++;
  return before;
}

/**
 * ld_denial_repo_void:
 * @reason: why the denial no longer applies; required
 *
 * Voids a denial: it stays in the register with who voided it, when and why,
 * and screening no longer matches it.
 *
 * Returns: (transfer full) (nullable): the denial as voided
 */
LdDenial *
ld_denial_repo_void (LdStore        *store,
                     const LdActor  *actor,
                     const char     *reference,
                     const char     *reason,
                     GError        **error)
{
  g_autoptr(LdDenial) denial = NULL;
  g_autofree char *before = NULL, *after = NULL;

  g_return_val_if_fail (LD_IS_STORE (store), NULL);
  g_return_val_if_fail (reference != NULL, NULL);

  if (!ld_actor_require (actor, LD_PERMISSION_RECORD_DENIALS, error) ||
      !ld_validate_required (_("Why the denial is voided (--reason)"), reason, error) ||
      !ld_store_begin (store, error))
    return NULL;
  if (!(denial = find_denial (store, reference, error)) ||
      !(before = mark_voided (denial, actor, reason, error)) ||
      !(after = denial_json (denial)) ||
      !write_void (store, denial, error) ||
      !ld_store_record_change (store, actor, "denial_void", ENTITY, denial->id, denial->row_version - 1, before,
                               after, error) ||
      !ld_store_commit (store, error))
    {
      ld_store_rollback (store);
      return NULL;
    }
  return g_steal_pointer (&denial);
}

/**
 * ld_denial_best_score:
 * @party_names: (array zero-terminated=1): a party's name and other names
 * @out_score: (out): the best score of any of them against any name of
 *   @denial, as the UN list scores a name (ld_name_matcher_score_pair())
 * @out_matched: (inout) (transfer full): the denial's name that scored
 *   best; pass a pointer to %NULL
 * @out_reason: (inout) (transfer full): how it matched; pass a pointer to %NULL
 *
 * Used for case screening, for Check a Name and for licence-desk-admin
 * screen, so a denial is found the same way everywhere.
 */
gboolean
ld_denial_best_score (LdNameMatcher       *matcher,
                      const char * const  *party_names,
                      const LdDenial      *denial,
                      double              *out_score,
                      char               **out_matched,
                      char               **out_reason,
                      GError             **error)
{
  g_auto(GStrv) names = ld_denial_get_names (denial);

  *out_score = 0.0;
  for (guint p = 0; party_names[p] != NULL; p++)
    for (guint d = 0; names[d] != NULL; d++)
      {
        g_autofree char *reason = NULL;
        double score;

        if (!ld_name_matcher_score_pair (matcher, party_names[p], names[d], &score, &reason, error))
          {
            g_prefix_error (error, _("Screening “%s” against denial %s: "), party_names[p], denial->reference);
            return FALSE;
          }
        if (score > *out_score)
          {
            *out_score = score;
            g_free (*out_matched);
            *out_matched = g_strdup (names[d]);
            g_free (*out_reason);
            *out_reason = g_steal_pointer (&reason);
          }
      }
  return TRUE;
}
