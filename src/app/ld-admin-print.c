/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-admin-print"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <glib/gi18n.h>

#include "ld-admin.h"
#include "ld-documents.h"
#include "ld-licence-repo.h"

/*
 * The printed documents from the command line, through src/documents as the
 * application prints them:
 *
 *   print certificate REG --output FILE.pdf [--store PATH] [--copy] [--paper a4|letter]
 *   print refusal APP-REF --output FILE.pdf [--store PATH] [--copy] [--paper a4|letter]
 *   print licence NUMBER --output FILE.pdf [--store PATH] [--key-file PATH] [--copy] [--paper …]
 *   print licence --json LICENCE.json --output FILE.pdf [--key-file PATH] [--copy] [--paper …]
 *   print day YYYY-MM-DD --output-dir DIR [--store PATH] [--key-file PATH] [--paper …]
 *   verify-qr PAYLOAD [--key PUBLIC-KEY-FILE] [--json]
 *   signing-key generate [--key-file PATH]
 *   signing-key export --output FILE [--key-file PATH]
 *
 * A stored licence is printed from its record and its application
 * (ld_documents_licence()); --json prints a licence document given whole.
 */

typedef struct
{
  char     *store_path;
  char     *output;
  char     *output_dir;
  char     *paper;
  char     *authority;
  char     *font_dir;
  char     *json_path;
  char     *key_file;
  char     *public_key;
  char     *as_login;
  gboolean  copy;
  gboolean  as_json;
} Options;

static void
options_clear (Options *o)
{
  g_free (o->store_path); g_free (o->output); g_free (o->output_dir); g_free (o->paper); g_free (o->authority);
  g_free (o->font_dir); g_free (o->json_path); g_free (o->key_file); g_free (o->public_key);
  g_free (o->as_login);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

typedef int (*VerbFunc) (const Options *o, const char *argument);

typedef struct
{
  LdAdminVerb base;
  VerbFunc    run;
} Verb;

static gboolean
document_options (const Options     *o,
                  LdDocumentOptions *out,
                  GError           **error)
{
  out->font_dir = o->font_dir;
  out->copy = o->copy;
  out->authority = o->authority;
  return ld_paper_from_string (o->paper, &out->paper, error);
}

/* Takes @pdf; %NULL means @error says why there is none. */
static int
finish_pdf (GBytes        *pdf,
            const Options *o,
            GError        *error)
{
  if (pdf == NULL)
    return ld_admin_fail (error);
  if (!ld_pdf_write_file (pdf, o->output, &error))
    {
      g_bytes_unref (pdf);
      return ld_admin_fail (error);
    }
  g_print (_("Wrote %s (%" G_GSIZE_FORMAT " bytes).\n"), o->output, g_bytes_get_size (pdf));
  g_bytes_unref (pdf);
  return LD_ADMIN_EXIT_OK;
}

static int
run_from_store (const Options *o,
                const char    *argument,
                GBytes *     (*render) (LdStore *, const char *, const LdDocumentOptions *, GError **))
{
  g_autoptr(LdStore) store = NULL;
  LdDocumentOptions options = { 0 };
  GError *error = NULL;
  GBytes *pdf;

  if (!document_options (o, &options, &error))
    return ld_admin_fail (error);
  store = ld_admin_open_store (o->store_path, LD_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    return ld_admin_fail (error);
  /* Who prints is checked like any acting profile; reading needs no role. */
  if (o->as_login != NULL)
    {
      g_autoptr(LdActor) actor = ld_admin_resolve_actor (store, o->as_login, &error);

      if (actor == NULL)
        return ld_admin_fail (error);
    }
  pdf = render (store, argument, &options, &error);
  return finish_pdf (pdf, o, error);
}

static int
run_certificate (const Options *o,
                 const char    *argument)
{
  return run_from_store (o, argument, ld_documents_certificate);
}

static int
run_refusal (const Options *o,
             const char    *argument)
{
  return run_from_store (o, argument, ld_documents_refusal);
}

static LdSigningKey *
load_key (const Options  *o,
          GError        **error)
{
  g_autofree char *path = o->key_file ? g_strdup (o->key_file) : ld_signing_key_default_path ();

  return ld_signing_key_load (path, error);
}

static int
run_licence_json (const Options *o)
{
  g_autofree char *json = NULL;
  gsize length = 0;
  g_autoptr(LdLicenceDocument) licence = NULL;
  g_autoptr(LdSigningKey) key = NULL;
  LdDocumentOptions options = { 0 };
  GError *error = NULL;
  GBytes *pdf;

  if (!document_options (o, &options, &error) || !g_file_get_contents (o->json_path, &json, &length, &error))
    return ld_admin_fail (error);
  licence = ld_licence_document_from_json (json, length, &error);
  if (licence == NULL)
    return ld_admin_fail (error);
  key = load_key (o, &error);
  if (key == NULL)
    return ld_admin_fail (error);
  pdf = ld_licence_pdf_render (licence, key, &options, &error);
  return finish_pdf (pdf, o, error);
}

/* A stored licence; once its original PDF is archived every print is a copy. */
static int
run_licence_stored (const Options *o,
                    const char    *number)
{
  g_autoptr(LdStore) store = NULL;
  g_autoptr(LdSigningKey) key = NULL;
  g_autofree char *archived = NULL;
  LdDocumentOptions options = { 0 };
  GError *error = NULL;
  GBytes *pdf;

  if (!document_options (o, &options, &error))
    return ld_admin_fail (error);
  store = ld_admin_open_store (o->store_path, LD_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    return ld_admin_fail (error);
  if (o->as_login != NULL)
    {
      g_autoptr(LdActor) actor = ld_admin_resolve_actor (store, o->as_login, &error);

      if (actor == NULL)
        return ld_admin_fail (error);
    }
  archived = ld_documents_licence_archived (store, number, &error);
  if (error != NULL)
    return ld_admin_fail (error);
  options.copy = o->copy || archived != NULL;
  key = load_key (o, &error);
  if (key == NULL)
    return ld_admin_fail (error);
  pdf = ld_documents_licence (store, number, key, &options, &error);
  return finish_pdf (pdf, o, error);
}

static int
run_licence (const Options *o,
             const char    *argument)
{
  return argument != NULL ? run_licence_stored (o, argument) : run_licence_json (o);
}

/* `print licence` takes a NUMBER from the store or --json FILE, one of the two. */
static gboolean
parse_licence (const Options   *o,
               GOptionContext  *context,
               int             *argc,
               char          ***argv,
               const char     **out_argument)
{
  if (!ld_admin_parse (context, argc, argv))
    return FALSE;
  if (*argc == 3 && o->json_path == NULL)
    {
      *out_argument = (*argv)[2];
      return TRUE;
    }
  if (*argc == 2 && o->json_path != NULL)
    {
      *out_argument = NULL;
      return TRUE;
    }
  g_printerr (_("licence-desk-admin print licence: say the licence NUMBER with --store, or --json LICENCE.json; "
                "one of the two.\n"));
  return FALSE;
}

/* A day's licences, one PDF each in number order, for a batch to the printer
 * (lp DIR/NN-*.pdf); the window prints them as one job. Copies once stored. */
static int
run_day (const Options *o,
         const char    *day)
{
  g_autoptr(LdStore) store = NULL;
  g_autoptr(LdSigningKey) key = NULL;
  g_autoptr(GPtrArray) numbers = NULL;
  LdDocumentOptions options = { 0 };
  GError *error = NULL;

  if (!document_options (o, &options, &error) ||
      !(store = ld_admin_open_store (o->store_path, LD_STORE_OPEN_DEFAULT, &error)) ||
      !(numbers = ld_licence_repo_issued_on (store, day, &error)) ||
      !(key = load_key (o, &error)))
    return ld_admin_fail (error);
  if (numbers->len == 0)
    {
      g_printerr (_("No licence was issued through the desk on %s; nothing was printed.\n"), day);
      return LD_ADMIN_EXIT_FAILED;
    }
  if (g_mkdir_with_parents (o->output_dir, 0700) != 0)
    {
      g_printerr (_("licence-desk-admin: the folder %s could not be made (%s); choose one you may write to.\n"),
                  o->output_dir, g_strerror (errno));
      return LD_ADMIN_EXIT_FAILED;
    }
  for (guint i = 0; i < numbers->len; i++)
    {
      const char *number = numbers->pdata[i];
      g_autofree char *archived = ld_documents_licence_archived (store, number, &error);
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;
      g_autoptr(GBytes) pdf = NULL;

      if (error != NULL)
        return ld_admin_fail (error);
      options.copy = o->copy || archived != NULL;
      name = g_strdup_printf ("%02u-%s.pdf", i + 1, number);
      g_strdelimit (name, "/", '-');
      path = g_build_filename (o->output_dir, name, NULL);
      if (!(pdf = ld_documents_licence (store, number, key, &options, &error)) ||
          !ld_pdf_write_file (pdf, path, &error))
        return ld_admin_fail (error);
      g_print ("%s\n", path);
    }
  g_print (_("Printed %u licences issued on %s into %s.\n"), numbers->len, day, o->output_dir);
  return LD_ADMIN_EXIT_OK;
}

static const Verb print_verbs[] = {
  { { "certificate", "REGISTRATION", N_("Print a registered broker's registration certificate") }, run_certificate },
  { { "refusal", "APPLICATION", N_("Print the refusal notice of a refused application") }, run_refusal },
  { { "licence", "NUMBER", N_("Print a stored licence (a copy once issued), or a licence document with --json") }, run_licence },
  { { "day", "YYYY-MM-DD", N_("Print every licence issued on a day, one PDF each, into --output-dir") }, run_day },
};

int
ld_admin_print_main (int    argc,
                     char **argv)
{
  g_auto(Options) o = { 0 };
  int status = LD_ADMIN_EXIT_OK;
  const Verb *verb = (const Verb *) ld_admin_find_verb ("print", print_verbs, sizeof *print_verbs,
                                                        G_N_ELEMENTS (print_verbs), argc, argv, &status);
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o.output, N_("Write the PDF to FILE"), "FILE" },
    { "output-dir", 0, 0, G_OPTION_ARG_FILENAME, &o.output_dir, N_("day: write the PDFs into DIR"), "DIR" },
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &o.store_path, N_("The store to read (default: the desk's own)"), "PATH" },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &o.paper, N_("Paper size: a4 (default) or letter"), "SIZE" },
    { "copy", 0, 0, G_OPTION_ARG_NONE, &o.copy, N_("A reprint: mark every page as a copy"), NULL },
    { "as", 0, 0, G_OPTION_ARG_STRING, &o.as_login, N_("The profile printing"), "LOGIN" },
    { "authority", 0, 0, G_OPTION_ARG_STRING, &o.authority, N_("The issuing authority's name"), "NAME" },
    { "font-dir", 0, 0, G_OPTION_ARG_FILENAME, &o.font_dir, N_("Take the fonts from this folder only"), "DIR" },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &o.json_path, N_("licence: the licence document"), "FILE" },
    { "key-file", 0, 0, G_OPTION_ARG_FILENAME, &o.key_file, N_("licence: the office's signing key file"), "PATH" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  const char *argument = NULL;

  if (verb == NULL)
    return status;
  context = ld_admin_verb_context (&verb->base);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (verb->run == run_licence ? !parse_licence (&o, context, &argc, &argv, &argument)
                               : !ld_admin_verb_parse ("print", &verb->base, context, &argc, &argv, &argument))
    return LD_ADMIN_EXIT_USAGE;
  if (verb->run == run_day)
    {
      if (o.output_dir != NULL)
        return verb->run (&o, argument);
      g_printerr (_("licence-desk-admin print day: say which folder to write the PDFs into with --output-dir DIR.\n"));
      return LD_ADMIN_EXIT_USAGE;
    }
  if (o.output == NULL)
    {
      g_printerr (_("licence-desk-admin print %s: say where to write the PDF with --output FILE.pdf.\n"), verb->base.name);
      return LD_ADMIN_EXIT_USAGE;
    }
  return verb->run (&o, argument);
}

/* ---- signing-key ---- */

static int
run_generate (const Options *o,
              const char    *argument)
{
  g_autofree char *path = o->key_file ? g_strdup (o->key_file) : ld_signing_key_default_path ();
  g_autoptr(LdSigningKey) key = NULL;
  GError *error = NULL;

  key = ld_signing_key_generate (&error);
  if (key == NULL || !ld_signing_key_save (key, path, &error))
    return ld_admin_fail (error);
  g_print (_("Made the office's signing key %s in %s (readable by you alone). Back it up somewhere safe, "
             "and give customs the public key from “signing-key export”.\n"),
           ld_signing_key_get_public (key)->key_id, path);
  return LD_ADMIN_EXIT_OK;
}

static int
run_export (const Options *o,
            const char    *argument)
{
  g_autoptr(LdSigningKey) key = NULL;
  g_autofree char *text = NULL;
  GError *error = NULL;

  if (o->output == NULL)
    {
      g_printerr (_("licence-desk-admin signing-key export: say where to write the public key with --output FILE.\n"));
      return LD_ADMIN_EXIT_USAGE;
    }
  key = load_key (o, &error);
  if (key == NULL)
    return ld_admin_fail (error);
  text = ld_public_key_to_text (ld_signing_key_get_public (key));
  if (!g_file_set_contents (o->output, text, -1, &error))
    return ld_admin_fail (error);
  g_print (_("Wrote the public key %s to %s.\n"), ld_signing_key_get_public (key)->key_id, o->output);
  return LD_ADMIN_EXIT_OK;
}

static const Verb key_verbs[] = {
  { { "generate", NULL, N_("Make the office's Ed25519 signing key (once)") }, run_generate },
  { { "export", NULL, N_("Write the public key that customs verify licences with") }, run_export },
};

int
ld_admin_signing_key_main (int    argc,
                           char **argv)
{
  g_auto(Options) o = { 0 };
  int status = LD_ADMIN_EXIT_OK;
  const Verb *verb = (const Verb *) ld_admin_find_verb ("signing-key", key_verbs, sizeof *key_verbs,
                                                        G_N_ELEMENTS (key_verbs), argc, argv, &status);
  GOptionEntry entries[] = {
    { "key-file", 0, 0, G_OPTION_ARG_FILENAME, &o.key_file, N_("The signing key file (default: the desk's own)"), "PATH" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o.output, N_("export: write the public key to FILE"), "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  const char *argument = NULL;

  if (verb == NULL)
    return status;
  context = ld_admin_verb_context (&verb->base);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ld_admin_verb_parse ("signing-key", &verb->base, context, &argc, &argv, &argument))
    return LD_ADMIN_EXIT_USAGE;
  return verb->run (&o, argument);
}

/* ---- verify-qr ---- */

static LdPublicKey *
verification_key (const Options  *o,
                  GError        **error)
{
  g_autoptr(LdSigningKey) own = NULL;

  if (o->public_key != NULL)
    return ld_public_key_load (o->public_key, error);
  own = load_key (o, error);
  return own ? g_memdup2 (ld_signing_key_get_public (own), sizeof (LdPublicKey)) : NULL;
}

static void
print_verdict (LdQrVerdict     verdict,
               const LdQrData *data,
               gboolean        as_json)
{
  if (as_json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "verdict");
      json_builder_add_string_value (b, ld_qr_verdict_to_string (verdict));
      if (data)
        {
          json_builder_set_member_name (b, "licence_number"); json_builder_add_string_value (b, data->licence_number);
          json_builder_set_member_name (b, "licence_type"); json_builder_add_string_value (b, data->licence_type);
          json_builder_set_member_name (b, "valid_from"); json_builder_add_string_value (b, data->valid_from);
          json_builder_set_member_name (b, "valid_until"); json_builder_add_string_value (b, data->valid_until);
          json_builder_set_member_name (b, "digest"); json_builder_add_string_value (b, data->digest);
          json_builder_set_member_name (b, "key_id"); json_builder_add_string_value (b, data->key_id);
        }
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      ld_admin_print_json (root);
      return;
    }
  g_print ("%s\n", ld_qr_verdict_explain (verdict));
  if (data == NULL)
    return;
  g_print (_("  Licence number: %s\n  Licence type:   %s\n  Valid:          %s to %s\n  Content digest: %s\n  Signed with key %s\n"),
           data->licence_number, data->licence_type, data->valid_from, data->valid_until, data->digest, data->key_id);
}

int
ld_admin_verify_qr_main (int    argc,
                         char **argv)
{
  g_auto(Options) o = { 0 };
  GOptionEntry entries[] = {
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &o.public_key, N_("The office's public key file (default: this desk's own key)"), "PUBFILE" },
    { "key-file", 0, 0, G_OPTION_ARG_FILENAME, &o.key_file, N_("This desk's signing key file, when --key is not given"), "PATH" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.as_json, N_("Print the verdict as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("PAYLOAD"));
  g_autoptr(LdPublicKey) key = NULL;
  g_autoptr(LdQrData) data = NULL;
  GError *error = NULL;
  LdQrVerdict verdict;

  g_option_context_set_summary (context, _("Check a licence's QR payload: genuine, altered, forged, unknown key or damaged. "
                                           "Exit status 0 only when genuine."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ld_admin_parse (context, &argc, &argv))
    return LD_ADMIN_EXIT_USAGE;
  if (argc != 2)
    {
      g_printerr (_("licence-desk-admin verify-qr: give the scanned payload as one argument (quote it); see --help.\n"));
      return LD_ADMIN_EXIT_USAGE;
    }
  key = verification_key (&o, &error);
  if (key == NULL)
    return ld_admin_fail (error);
  verdict = ld_qr_payload_verify (argv[1], key, &data, NULL);
  print_verdict (verdict, data, o.as_json);
  return verdict == LD_QR_GENUINE ? LD_ADMIN_EXIT_OK : LD_ADMIN_EXIT_FAILED;
}
