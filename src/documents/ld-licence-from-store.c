/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-licence-from-store"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ld-attachments.h"
#include "ld-documents.h"
#include "ld-licence-repo.h"
#include "ld-user-repo.h"

/*
 * The licence document of a stored licence: the licence's own terms
 * (number, validity, conditions, state) with the parties, route and items of
 * the application version it was issued on.
 */

static LdDocParty *
party_from_case (const LdCaseParty *p)
{
  LdDocParty *party = ld_doc_party_new ();

  party->name = g_strdup (p->name);
  party->address = g_strdup (p->address);
  party->country = g_strdup (p->country);
  /* A broker shows its number on the register; anyone else their own identifiers. */
  party->registration = g_strdup (p->broker_registration && *p->broker_registration
                                  ? p->broker_registration : p->identifiers);
  return party;
}

static gboolean
role_is (const LdCaseParty *p,
         const char        *role)
{
  return g_strcmp0 (p->role, role) == 0;
}

static void
fill_parties (LdLicenceDocument *doc,
              const LdCase      *c)
{
  for (guint i = 0; i < c->parties->len; i++)
    {
      const LdCaseParty *p = g_ptr_array_index (c->parties, i);

      if (role_is (p, "applicant") && doc->exporter == NULL)
        doc->exporter = party_from_case (p);
      else if (role_is (p, "importer") || role_is (p, "consignee") || role_is (p, "intermediate_consignee"))
        g_ptr_array_add (doc->consignees, party_from_case (p));
      else if (role_is (p, "end_user") && doc->end_user == NULL)
        doc->end_user = party_from_case (p);
      else if (role_is (p, "broker"))
        g_ptr_array_add (doc->brokers, party_from_case (p));
      else if (role_is (p, "agent") && doc->agent == NULL)
        doc->agent = party_from_case (p);
    }
  /* An end user named only as the ultimate one still has to appear. */
  for (guint i = 0; doc->end_user == NULL && i < c->parties->len; i++)
    if (role_is (g_ptr_array_index (c->parties, i), "ultimate_end_user"))
      doc->end_user = party_from_case (g_ptr_array_index (c->parties, i));
}

static void
fill_items (LdLicenceDocument *doc,
            const LdCase      *c)
{
  for (guint i = 0; i < c->items->len; i++)
    {
      const LdCaseItem *src = g_ptr_array_index (c->items, i);
      LdDocItem *item = ld_doc_item_new ();

      item->description = g_strdup (src->description);
      item->category = g_strdup (src->category);
      item->control_entry = g_strdup (src->control_entry);
      item->hs_code = g_strdup (src->hs_code);
      item->quantity = src->quantity;
      item->unit_value = g_strdup (src->unit_value);
      item->currency = g_strdup (src->currency);
      for (guint s = 0; src->serials && s < src->serials->len; s++)
        g_ptr_array_add (item->serials, g_strdup (g_ptr_array_index (src->serials, s)));
      g_ptr_array_add (doc->items, item);
    }
}

static LdLicenceState
state_of (const LdLicence *licence)
{
  switch (licence->effective)
    {
    case LD_LICENCE_STATUS_SUSPENDED:
      return LD_LICENCE_STATE_SUSPENDED;
    case LD_LICENCE_STATUS_REVOKED:
      return LD_LICENCE_STATE_REVOKED;
    default:
      return LD_LICENCE_STATE_ISSUED;
    }
}

/* The person who issued the licence signs it: their full name and role as
 * their profile gives them, not the login they signed in with. A login no
 * longer in the store (an imported licence) is printed as it is. */
static void
fill_signatory (LdLicenceDocument *doc,
                LdStore           *store,
                const char        *login)
{
  g_autoptr(LdActor) issuer = login ? ld_user_repo_find (store, login, NULL) : NULL;

  if (issuer != NULL && issuer->display_name != NULL && *issuer->display_name != '\0')
    {
      doc->signatory_name = g_strdup (issuer->display_name);
      doc->signatory_title = g_strdup (ld_role_get_title (issuer->role));
    }
  else
    doc->signatory_name = g_strdup (login);
}

static void
fill_terms (LdLicenceDocument       *doc,
            const LdLicence         *licence,
            const LdDocumentOptions *options)
{
  doc->licence_number = g_strdup (licence->number);
  doc->application_number = g_strdup (licence->application_reference);
  doc->licence_type = g_strdup (licence->kind);
  doc->issuing_authority = g_strdup (ld_documents_authority (options));
  doc->valid_from = g_strdup (licence->valid_from);
  doc->valid_until = g_strdup (licence->valid_until);
  for (guint i = 0; licence->conditions && licence->conditions[i]; i++)
    g_ptr_array_add (doc->conditions, g_strdup (licence->conditions[i]));
  doc->issued_on = g_strdup (licence->issued_on);
  /* The store keeps no place of issue: the office is where it was issued. */
  doc->issued_at = g_strdup (ld_documents_authority (options));
  doc->state = state_of (licence);
}

static void
fill_case (LdLicenceDocument *doc,
           const LdCase      *c)
{
  fill_parties (doc, c);
  doc->origin_country = g_strdup (c->origin_country);
  doc->export_country = g_strdup (c->export_country);
  for (guint i = 0; c->transit && i < c->transit->len; i++)
    g_ptr_array_add (doc->transit, g_strdup (g_ptr_array_index (c->transit, i)));
  doc->destination_country = g_strdup (c->destination_country);
  fill_items (doc, c);
  doc->end_use = g_strdup (c->end_use);
  doc->contract_reference = g_strdup (c->contract_reference);
  doc->contract_date = g_strdup (c->contract_date);
  doc->euc_reference = g_strdup (c->euc_reference);
}

/**
 * ld_documents_licence_document:
 * @number: the licence's number (or id)
 *
 * Returns: (transfer full) (nullable): the document of a stored licence
 */
LdLicenceDocument *
ld_documents_licence_document (LdStore                 *store,
                               const char              *number,
                               const LdDocumentOptions *options,
                               GError                 **error)
{
  g_autoptr(LdLicence) licence = ld_licence_repo_load (store, number, error);
  g_autoptr(LdCaseRecord) record = NULL;
  LdLicenceDocument *doc;

  /* Every print, PDF and verification payload of a licence starts here:
   * one that the central database has not numbered, or refused, is not
   * printed as issued. */
  if (licence == NULL || !ld_licence_check_printable (licence, error))
    return NULL;
  if (licence->application_id == NULL)
    {
      g_set_error (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_INPUT,
                   _("Licence %s has no application on record, so there is nothing to print its parties and items "
                     "from; print it from a licence document with --json instead."), licence->number);
      return NULL;
    }
  /* The version the licence was issued on: a later amendment is not licensed. */
  record = ld_case_repo_load (store, licence->application_id, licence->application_version, error);
  if (record == NULL)
    return NULL;
  doc = ld_licence_document_new ();
  fill_terms (doc, licence, options);
  fill_signatory (doc, store, licence->issued_by);
  fill_case (doc, record->data);
  return doc;
}

/**
 * ld_documents_licence:
 *
 * Prints a stored licence.
 */
GBytes *
ld_documents_licence (LdStore                 *store,
                      const char              *number,
                      const LdSigningKey      *key,
                      const LdDocumentOptions *options,
                      GError                 **error)
{
  g_autoptr(LdLicenceDocument) doc = ld_documents_licence_document (store, number, options, error);

  if (doc == NULL)
    return NULL;
  return ld_licence_pdf_render (doc, key, options, error);
}

static char *
archive_file_name (const char *number)
{
  g_autofree char *safe = g_strdup (number);

  g_strdelimit (safe, "/\\: ", '-');
  return g_strdup_printf ("licence-%s.pdf", safe);
}

/**
 * ld_documents_licence_archived:
 *
 * Returns: (transfer full) (nullable): the id of the stored PDF made at
 *   issuance; %NULL with @error unset when there is none
 */
char *
ld_documents_licence_archived (LdStore     *store,
                               const char  *number,
                               GError     **error)
{
  g_autoptr(LdLicence) licence = ld_licence_repo_load (store, number, error);
  g_autofree char *file_name = NULL;

  /* A licence still waiting for its number has no original yet. */
  if (licence == NULL || licence->number == NULL)
    return NULL;
  file_name = archive_file_name (licence->number);
  return ld_attachments_find (store, "licence", licence->id, file_name, error);
}

/**
 * ld_documents_licence_archive:
 * @actor: who issued it
 *
 * Makes the issued licence's PDF and stores it with the licence,
 * content-addressed, through the audited attachment path.
 *
 * Returns: (transfer full) (nullable): the attachment's id
 */
char *
ld_documents_licence_archive (LdStore                 *store,
                              const LdActor           *actor,
                              const char              *number,
                              const LdSigningKey      *key,
                              const LdDocumentOptions *options,
                              GError                 **error)
{
  g_autoptr(LdLicence) licence = ld_licence_repo_load (store, number, error);
  LdDocumentOptions original = *options;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *file_name = NULL;
  g_autoptr(GFile) file = NULL;
  char *id;

  if (licence == NULL || !ld_licence_check_printable (licence, error))
    return NULL;
  original.copy = FALSE;   /* the archived one is the original */
  pdf = ld_documents_licence (store, licence->number, key, &original, error);
  if (pdf == NULL || (dir = g_dir_make_tmp ("ld-licence-XXXXXX", error)) == NULL)
    return NULL;
  file_name = archive_file_name (licence->number);
  path = g_build_filename (dir, file_name, NULL);
  file = g_file_new_for_path (path);
  if (!ld_pdf_write_file (pdf, path, error))
    {
      g_unlink (path);
      g_rmdir (dir);
      return NULL;
    }
  id = ld_attachments_add (store, actor, "licence", licence->id, file, _("The licence as issued"), NULL, error);
  g_unlink (path);
  g_rmdir (dir);
  return id;
}

/**
 * ld_documents_licence_archive_missing:
 * @actor: who stores it now (issuing licences is their job)
 *
 * Stores the original PDF of a licence whose issuance could not make it (no
 * signing key at the time, a full disk). A licence has one original: when it
 * is already stored this refuses and says so.
 *
 * Returns: (transfer full) (nullable): the attachment's id
 */
char *
ld_documents_licence_archive_missing (LdStore                 *store,
                                      const LdActor           *actor,
                                      const char              *number,
                                      const LdSigningKey      *key,
                                      const LdDocumentOptions *options,
                                      GError                 **error)
{
  GError *local_error = NULL;
  g_autofree char *archived = NULL;

  if (!ld_actor_require (actor, LD_PERMISSION_ISSUE_LICENCES, error))
    return NULL;
  archived = ld_documents_licence_archived (store, number, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (archived != NULL)
    {
      g_set_error (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_INPUT,
                   _("Licence %s's original PDF is already stored (attachment %s); a licence has one original. "
                     "Print a copy with “print licence” instead."), number, archived);
      return NULL;
    }
  return ld_documents_licence_archive (store, actor, number, key, options, error);
}

/**
 * ld_documents_licence_reprint:
 * @number: the licence's number (or id)
 *
 * Prints a stored licence as the desk does, with the desk's own signing key:
 * once its original PDF is stored, every print is a COPY. Blocks on disk and
 * PDF work: call it from a worker thread.
 */
GBytes *
ld_documents_licence_reprint (LdStore                 *store,
                              const char              *number,
                              const LdDocumentOptions *options,
                              GError                 **error)
{
  g_autofree char *path = ld_signing_key_default_path ();
  g_autoptr(LdSigningKey) key = NULL;
  g_autofree char *archived = NULL;
  LdDocumentOptions reprint = *options;
  GError *local_error = NULL;

  archived = ld_documents_licence_archived (store, number, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  reprint.copy = options->copy || archived != NULL;
  key = ld_signing_key_load (path, error);
  if (key == NULL)
    return NULL;
  return ld_documents_licence (store, number, key, &reprint, error);
}
