/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-name-check-group"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-case-screening.h"
#include "ld-country.h"
#include "ld-denial-repo.h"
#include "ld-name-check-group.h"

/* Check a Name on the Screening page: a name (and an optional country)
 * screened against the installed list and the denial register in force, in a
 * worker thread, with the matches below. */
struct _LdNameCheckGroup
{
  AdwPreferencesGroup  parent_instance;

  /* template children */
  AdwEntryRow         *name_row;
  AdwEntryRow         *country_row;
  GtkButton           *check_button;
  GtkLabel            *results_heading;
  GtkLabel            *outcome_label;
  GtkListBox          *results_list;

  LdNameMatcher       *matcher;
  LdDenialsGroup      *denials_group;  /* (unowned) the page's, for the denials in force */
  gboolean             busy;
  guint                n_results;
};

G_DEFINE_FINAL_TYPE (LdNameCheckGroup, ld_name_check_group, ADW_TYPE_PREFERENCES_GROUP)

static void
update_sensitivity (LdNameCheckGroup *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_button), self->matcher != NULL && !self->busy);
}

static void
show_outcome (LdNameCheckGroup *self,
              const char       *message)
{
  gtk_label_set_text (self->outcome_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->outcome_label), message != NULL);
}

typedef struct
{
  char      *name;
  char      *country;
  GPtrArray *denials;   /* (nullable) LdDenial in force */
  LdNameMatcher *matcher;
} Check;

static void
check_free (Check *check)
{
  g_free (check->name);
  g_free (check->country);
  g_clear_pointer (&check->denials, g_ptr_array_unref);
  g_clear_object (&check->matcher);
  g_free (check);
}

/* A denial the checked name matches, at the logged band or above. */
typedef struct
{
  char        *title;
  char        *subtitle;
  LdMatchBand  band;
} DenialMatch;

static void
denial_match_free (DenialMatch *match)
{
  g_free (match->title);
  g_free (match->subtitle);
  g_free (match);
}

typedef struct
{
  GPtrArray *hits;            /* LdScreeningHit, from the UN list */
  GPtrArray *denial_matches;  /* DenialMatch */
} CheckResult;

static void
check_result_free (CheckResult *result)
{
  g_clear_pointer (&result->hits, g_ptr_array_unref);
  g_clear_pointer (&result->denial_matches, g_ptr_array_unref);
  g_free (result);
}

/* The name against every denial in force, scored as case screening scores
 * it (ld_denial_best_score()). */
static gboolean
match_denials (LdNameMatcher  *matcher,
               const Check    *check,
               GPtrArray      *out,
               GError        **error)
{
  const char *names[] = { check->name, NULL };

  for (guint i = 0; check->denials && i < check->denials->len; i++)
    {
      const LdDenial *denial = g_ptr_array_index (check->denials, i);
      g_autofree char *matched = NULL, *how = NULL;
      double best;
      DenialMatch *match;

      if (!ld_denial_best_score (matcher, names, denial, &best, &matched, &how, error))
        return FALSE;
      if (ld_match_band_for_score (best) == LD_MATCH_BAND_NONE)
        continue;
      match = g_new0 (DenialMatch, 1);
      match->band = ld_match_band_for_score (best);
      match->title = g_strdup_printf (_("%s — national denial %s"), denial->name, denial->reference);
      match->subtitle = g_strdup_printf (_("%s %.2f · %s · %s, denied %s (%s)"), ld_match_band_to_string (match->band),
                                         best, how ? how : "", denial->country, denial->denied_on, denial->source);
      g_ptr_array_add (out, match);
    }
  return TRUE;
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Check *check = task_data;
  const LdCountry *country = ld_country_lookup (check->country);
  LdScreeningQuery query = { check->name, 0, country ? country->name : NULL };
  CheckResult *result = g_new0 (CheckResult, 1);
  GError *error = NULL;

  result->denial_matches = g_ptr_array_new_with_free_func ((GDestroyNotify) denial_match_free);
  if (!(result->hits = ld_name_matcher_screen (check->matcher, &query, LD_MATCH_BAND_LOGGED, &error)) ||
      !match_denials (check->matcher, check, result->denial_matches, &error))
    {
      check_result_free (result);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, result, (GDestroyNotify) check_result_free);
}

static void
mark_band (GtkWidget   *row,
           LdMatchBand  band)
{
  if (band == LD_MATCH_BAND_PROBABLE)
    gtk_widget_add_css_class (row, "error");
  else if (band == LD_MATCH_BAND_REVIEW)
    gtk_widget_add_css_class (row, "warning");
}

static GtkWidget *
make_denial_row (const DenialMatch *match)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), match->title);
  adw_action_row_set_subtitle (row, match->subtitle);
  mark_band (GTK_WIDGET (row), match->band);
  return GTK_WIDGET (row);
}

static GtkWidget *
make_hit_row (const LdScreeningHit *hit)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  g_autofree char *title = g_strdup_printf ("%s — %s", hit->matched_name, hit->entry->reference_number);
  g_autofree char *subtitle = g_strdup_printf ("%s %.2f · %s", ld_match_band_to_string (hit->band), hit->score,
                                               hit->reason);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, subtitle);
  mark_band (GTK_WIDGET (row), hit->band);
  return GTK_WIDGET (row);
}

static void
check_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  LdNameCheckGroup *self = LD_NAME_CHECK_GROUP (object);
  g_autoptr(GError) error = NULL;
  CheckResult *found = g_task_propagate_pointer (G_TASK (result), &error);
  GtkWidget *child;

  self->busy = FALSE;
  update_sensitivity (self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_list))))
    gtk_list_box_remove (self->results_list, child);
  self->n_results = found ? found->hits->len + found->denial_matches->len : 0;
  gtk_widget_set_visible (GTK_WIDGET (self->results_heading), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->results_list), self->n_results > 0);
  if (found == NULL)
    {
      show_outcome (self, error->message);
      return;
    }
  show_outcome (self, self->n_results ? NULL
                        : _("No match on the list or in the denial register, "
                            "not even a weak one."));
  for (guint i = 0; i < found->denial_matches->len; i++)
    gtk_list_box_append (self->results_list, make_denial_row (g_ptr_array_index (found->denial_matches, i)));
  for (guint i = 0; i < found->hits->len; i++)
    gtk_list_box_append (self->results_list, make_hit_row (g_ptr_array_index (found->hits, i)));
  check_result_free (found);
}

static void
check_clicked_cb (LdNameCheckGroup *self)
{
  ld_name_check_group_check (self, gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                             gtk_editable_get_text (GTK_EDITABLE (self->country_row)));
}

static void
ld_name_check_group_dispose (GObject *object)
{
  LdNameCheckGroup *self = LD_NAME_CHECK_GROUP (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_NAME_CHECK_GROUP);
  g_clear_object (&self->matcher);
  self->denials_group = NULL;
  G_OBJECT_CLASS (ld_name_check_group_parent_class)->dispose (object);
}

static void
ld_name_check_group_class_init (LdNameCheckGroupClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ld_name_check_group_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ld-name-check-group.ui");
  gtk_widget_class_bind_template_child (widget_class, LdNameCheckGroup, name_row);
  gtk_widget_class_bind_template_child (widget_class, LdNameCheckGroup, country_row);
  gtk_widget_class_bind_template_child (widget_class, LdNameCheckGroup, check_button);
  gtk_widget_class_bind_template_child (widget_class, LdNameCheckGroup, results_heading);
  gtk_widget_class_bind_template_child (widget_class, LdNameCheckGroup, outcome_label);
  gtk_widget_class_bind_template_child (widget_class, LdNameCheckGroup, results_list);
  gtk_widget_class_bind_template_callback (widget_class, check_clicked_cb);
}

static void
ld_name_check_group_init (LdNameCheckGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_sensitivity (self);
}

/* The index of the list in force, once the page has read it. */
void
ld_name_check_group_set_matcher (LdNameCheckGroup *self,
                                 LdNameMatcher    *matcher)
{
  g_return_if_fail (LD_IS_NAME_CHECK_GROUP (self));

  g_set_object (&self->matcher, matcher);
  update_sensitivity (self);
}

/* Where the denials in force are read at each check. */
void
ld_name_check_group_set_denials_group (LdNameCheckGroup *self,
                                       LdDenialsGroup   *denials_group)
{
  g_return_if_fail (LD_IS_NAME_CHECK_GROUP (self));

  self->denials_group = denials_group;
}

/**
 * ld_name_check_group_check:
 *
 * Screens @name (and the optional two-letter @country) against the installed
 * list and the denial register in a worker thread and shows the matches.
 */
void
ld_name_check_group_check (LdNameCheckGroup *self,
                           const char       *name,
                           const char       *country)
{
  g_autoptr(GTask) task = NULL;
  GPtrArray *denials;
  Check *check;

  g_return_if_fail (LD_IS_NAME_CHECK_GROUP (self));

  if (self->matcher == NULL || self->busy || name == NULL || name[0] == '\0')
    return;
  check = g_new0 (Check, 1);
  check->name = g_strdup (name);
  check->country = g_strdup (country);
  check->matcher = g_object_ref (self->matcher);
  denials = self->denials_group ? ld_denials_group_get_denials (self->denials_group) : NULL;
  check->denials = denials ? g_ptr_array_ref (denials) : NULL;
  self->busy = TRUE;
  update_sensitivity (self);
  task = g_task_new (self, NULL, check_done_cb, NULL);
  g_task_set_source_tag (task, ld_name_check_group_check);
  g_task_set_task_data (task, check, (GDestroyNotify) check_free);
  g_task_run_in_thread (task, check_thread);
}

gboolean
ld_name_check_group_is_busy (LdNameCheckGroup *self)
{
  g_return_val_if_fail (LD_IS_NAME_CHECK_GROUP (self), FALSE);

  return self->busy;
}

guint
ld_name_check_group_get_n_results (LdNameCheckGroup *self)
{
  g_return_val_if_fail (LD_IS_NAME_CHECK_GROUP (self), 0);

  return self->n_results;
}
