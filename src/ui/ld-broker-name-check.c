/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-broker-name-check"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-broker-name-check.h"
#include "ld-name-key.h"

/*
 * The legal name as the clerk types it, checked in a worker thread the way the
 * store will check it on save: the name module reads it (a name with no letters,
 * control characters or words in two look-alike scripts gets its sentence), then
 * the register is searched for brokers it may duplicate, across scripts, spellings
 * and legal forms. The window shows both next to the name field.
 */

typedef struct
{
  LdStore       *store;
  LdBrokerDraft *draft;
  char          *exclude_id;
} Check;

static void
check_free (Check *check)
{
  g_clear_object (&check->store);
  ld_broker_draft_free (check->draft);
  g_free (check->exclude_id);
  g_free (check);
}

static void
check_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Check *check = task_data;
  GError *error = NULL;
  GPtrArray *found;

  if (!ld_name_check (check->draft->legal_name, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  found = ld_broker_repo_find_duplicates (check->store, check->draft, check->exclude_id, &error);
  if (found == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * ld_broker_name_check_async:
 * @draft: (transfer full): the form as typed
 * @exclude_id: (nullable): the broker being edited, which is not its own duplicate
 */
void
ld_broker_name_check_async (LdStore             *store,
                            LdBrokerDraft       *draft,
                            const char          *exclude_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Check *check = g_new0 (Check, 1);

  check->store = g_object_ref (store);
  check->draft = draft;
  check->exclude_id = g_strdup (exclude_id);
  g_task_set_source_tag (task, ld_broker_name_check_async);
  g_task_set_task_data (task, check, (GDestroyNotify) check_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, check_thread);
}

/**
 * ld_broker_name_check_finish:
 *
 * Returns: (transfer container) (element-type LdBrokerDuplicate): the brokers the
 *   name may duplicate, possibly none; %NULL with @error set when the name cannot
 *   be read (%LD_NAME_NORMALIZER_ERROR) or the store failed
 */
GPtrArray *
ld_broker_name_check_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ld_broker_duplicates_describe:
 *
 * Returns: (transfer full) (nullable): one sentence naming each possible duplicate
 *   with its registration number, status and why it was found; %NULL for none
 */
char *
ld_broker_duplicates_describe (GPtrArray *duplicates)
{
  GString *text;

  if (duplicates == NULL || duplicates->len == 0)
    return NULL;
  text = g_string_new (g_dngettext (GETTEXT_PACKAGE, "Possible duplicate already registered:",
                                    "Possible duplicates already registered:", duplicates->len));
  for (guint i = 0; i < duplicates->len; i++)
    {
      const LdBrokerDuplicate *d = g_ptr_array_index (duplicates, i);
      LdBrokerStatus status;
      const char *status_title = ld_broker_status_from_string (d->status, &status)
                                 ? ld_broker_status_get_title (status) : d->status;

      g_string_append_printf (text, "\n• %s (%s, %s) — %s", d->legal_name,
                              d->registration_number != NULL ? d->registration_number : _("no number yet"),
                              status_title, d->why);
    }
  return g_string_free (text, FALSE);
}
