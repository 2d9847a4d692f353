/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "vt-check-key-command"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "vt-account.h"
#include "vt-balance.h"
#include "vt-check-key-command.h"
#include "vt-client.h"
#include "vt-config.h"
#include "vt-error.h"
#include "vt-key-check.h"
#include "vt-secret.h"
#include "vt-status-command.h"

/* `video-tasks --check-key`: which host accepts the key, as Preferences says it. */

typedef struct
{
  GMainLoop  *loop;
  VtKeyState  key_state;
  GError     *key_error;
  VtKeyCheck *check;
  VtBalance  *balance;
  gboolean    balance_done;
} Run;


static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Run *run = user_data;

  run->check = vt_key_check_finish (result, NULL);
  g_main_loop_quit (run->loop);
}

static void
balance_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Run *run = user_data;

  run->balance = vt_balance_fetch_finish (result);
  run->balance_done = TRUE;
  g_main_loop_quit (run->loop);
}

/* "balance": {"kind": "money", "available": "25.50"}, {"kind": "videos", "left": 12,
 * "total": 20}, or null when neither endpoint answered as known. */
static void
add_balance (JsonBuilder     *builder,
             const VtBalance *balance)
{
  json_builder_set_member_name (builder, "balance");
  if (balance == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  if (balance->kind == VT_BALANCE_MONEY)
    {
      json_builder_add_string_value (builder, "money");
      json_builder_set_member_name (builder, "available");
      json_builder_add_string_value (builder, balance->available);
    }
  else
    {
      json_builder_add_string_value (builder, "videos");
      json_builder_set_member_name (builder, "left");
      json_builder_add_int_value (builder, balance->videos_left);
      json_builder_set_member_name (builder, "total");
      json_builder_add_int_value (builder, balance->videos_total);
    }
  json_builder_end_object (builder);
}

static void
print_json (FILE            *out,
            VtKeyCheck      *check,
            const VtBalance *balance)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  gboolean accepted = check->verdict == VT_KEY_VERDICT_ACCEPTED;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "accepted");
  json_builder_add_boolean_value (builder, accepted);
  json_builder_set_member_name (builder, "region");
  if (accepted)
    json_builder_add_string_value (builder, vt_config_region_id (check->region));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "host");
  if (accepted)
    json_builder_add_string_value (builder, check->host);
  else
    json_builder_add_null_value (builder);
  add_balance (builder, balance);
  if (!accepted)
    {
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, check->error->message);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  fprintf (out, "%s\n", text);
}

/* Which hosts to ask: MINIMAX_API_HOST alone, the region chosen in Preferences, or, with
 * Automatic, every region. */
static GArray *
hosts_to_ask (GSettings *settings,
              VtClient  *client)
{
  GArray *hosts;
  VtKeyCheckHost one;
  guint n;

  if (vt_config_is_automatic (settings))
    return vt_key_check_hosts_new (vt_config_get_regions (&n), n);

  hosts = g_array_new (FALSE, FALSE, sizeof (VtKeyCheckHost));
  one.host = vt_client_get_host (client);
  one.region = vt_config_region_of_host (one.host);
  /* MINIMAX_API_HOST is custom, whatever it names. */
  if (g_getenv ("MINIMAX_API_HOST") != NULL && *g_getenv ("MINIMAX_API_HOST") != '\0')
    one.region = VT_REGION_CUSTOM;
  g_array_append_val (hosts, one);
  return hosts;
}

/**
 * vt_check_key_command_run:
 *
 * Returns: %VT_EXIT_OK when a host accepts the key, %VT_EXIT_FAILED when none does or none
 *   answers, or there is no key
 */
int
vt_check_key_command_run (gboolean  json,
                          FILE     *out,
                          FILE     *err)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(VtClient) client = NULL;
  g_autoptr(VtAccount) account = NULL;
  g_autoptr(GArray) hosts = NULL;
  Run run = { 0 };
  char *api_key;
  int status = VT_EXIT_FAILED;

  g_main_context_push_thread_default (context);
  run.loop = g_main_loop_new (context, FALSE);
  client = vt_client_new ();
  settings = vt_config_new_settings ();

  account = vt_account_new (client, settings);
  run.key_state = vt_account_load (account, context, &run.key_error);

  if (run.key_state == VT_KEY_STATE_ERROR)
    {
      fprintf (err, "%s\n", run.key_error->message);
      status = g_error_matches (run.key_error, VT_ERROR, VT_ERROR_INVALID_HOST) ? VT_EXIT_USAGE
                                                                              : VT_EXIT_FAILED;
    }
  else if (run.key_state == VT_KEY_STATE_MISSING)
    fprintf (err, "%s\n", _("No MiniMax API key is set. Save one in Video Tasks’ Preferences, "
                            "or set MINIMAX_API_KEY."));
  else
    {
      hosts = hosts_to_ask (settings, client);
      api_key = vt_client_dup_api_key (client);
      vt_key_check_async (api_key, (VtKeyCheckHost *) (void *) hosts->data, hosts->len, client, NULL,
                          check_cb, &run);
      vt_secret_free (api_key);
      g_main_loop_run (run.loop);

      if (run.check->verdict == VT_KEY_VERDICT_ACCEPTED)
        {
          status = VT_EXIT_OK;
          if (vt_config_is_automatic (settings))
            {
              api_key = vt_client_dup_api_key (client);
              vt_key_check_remember (settings, api_key, run.check->region);
              vt_secret_free (api_key);
            }
        }
      else
        vt_error_reword_for_reader (run.check->error, VT_ERROR_READER_COMMAND_LINE);

      /* With --json, what the account has left too. */
      if (json && status == VT_EXIT_OK)
        {
          g_autoptr(VtClient) accepting = NULL;

          api_key = vt_client_dup_api_key (client);
          /* The account in use keeps to its gate; another region's host gets a client. */
          if (vt_client_is_account (client, run.check->host, api_key))
            accepting = g_object_ref (client);
          else
            {
              accepting = vt_client_new ();
              vt_client_set_host (accepting, run.check->host, NULL);
              vt_client_set_api_key (accepting, api_key);
            }
          vt_secret_free (api_key);
          vt_balance_fetch_async (accepting, NULL, balance_cb, &run);
          while (!run.balance_done)
            g_main_loop_run (run.loop);
        }

      if (json)
        print_json (out, run.check, run.balance);
      else if (status == VT_EXIT_OK)
        fprintf (out, "accepted %s %s\n", vt_config_region_id (run.check->region), run.check->host);
      else
        fprintf (err, "%s\n", run.check->error->message);
    }
  fflush (out);

  g_clear_pointer (&run.check, vt_key_check_free);
  g_clear_pointer (&run.balance, vt_balance_free);
  g_clear_error (&run.key_error);
  g_main_loop_unref (run.loop);
  g_main_context_pop_thread_default (context);
  return status;
}
